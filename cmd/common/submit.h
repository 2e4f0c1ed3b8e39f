/* Submitting a draft: shared by docsubmit (submit, check, revise) and docroute sync. */
#ifndef DR_CMD_SUBMIT_H
#define DR_CMD_SUBMIT_H

#include "common.h"

#define BODY_MAX ((size_t)16 << 20)

typedef struct submission {
    const char *draft_path;
    dr_envelope *draft;
    dr_buf body;
    char body_href[128], body_sha[65];
    struct {
        char href[128], sha[65];
        dr_buf data;
    } att[16];
    size_t natt;
    char id[64];
    /* as given on the command line: the body file, the attachment files */
    const char *body_arg;
    const char **attach_args;
    size_t nattach_args;
    /* a re-submission (sync): the bytes are here, not in files */
    bool preloaded;
} submission;

/* Reads the body and attachments the draft names (beside it, or as given), checking
 * any sha256 it states. Exit status on failure. */
int gather_files(tool *t, submission *s);
/* The body's text when it is textual (.md, .txt) and valid UTF-8, else NULL. */
const char *textual(const char *href, const dr_buf *body);
/* Every submission finding of a document: its route (R-ROUTE when none fits), then the
 * rules. *route is the route it takes, or NULL. */
void judge(tool *t, const dr_config *cfg, const dr_document *d, const char *body,
           const dr_route **route, dr_findings *f);
/* Reports findings on stderr and in JSON; returns the worst exit status they call for. */
int report(tool *t, const char *file, const dr_findings *f);
/* A plan_fn: the submission of s on the snapshot (id, route, first events, files). */
int plan_submit(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud);
void submission_dispose(submission *s);
const char *base_name(const char *path);

#endif
