/* Shared by the unit tests that need a real record: a repository made from the bundled
 * example (its .docroute/ as the genesis) and acts built the way the tools build them —
 * planned by the library, signed with the example's test keys, committed through the
 * store with the tools' trailers. An act is prepared first (files, message, author) so
 * a test can tamper with any part before the commit object is made. */
#ifndef DR_TEST_HISTORY_H
#define DR_TEST_HISTORY_H

#include "helpers.h"

#include <docroute/docroute.h>

typedef struct hist {
    char path[400];
    dr_store *st;
} hist;

/* Signs events other than the planner and the tools would: each field NULL/0 keeps the
 * true value. */
typedef struct tamper {
    const char *sign_as;  /* whose test key signs (default: the actor) */
    const char *key_name; /* the key named in <signature key=…> (default "<signer>/1") */
    const char *actor;    /* the actor written in the events */
    const char *later_actor; /* the actor written in the events after the first */
    const char *act;      /* the act written in the first event */
    bool wrong_prev;      /* the first event's prev names another digest */
    bool wrong_content;   /* the first event's content names another digest */
    int seq_offset;       /* added to every event's seq */
    int64_t at_offset;    /* seconds added to the first event's time (the others keep it) */
    int64_t later_offset; /* seconds added to the time of every event after the first */
    int set_event;        /* 1-based index among the act's events of the attribute to set */
    const char *set_name, *set_value; /* set_value NULL removes it */
    bool drop_last;       /* the planned act's last event is left out */
    size_t keep;          /* > 0: only the planned act's first keep events are recorded */
    bool duplicate_last;  /* the planned act's last event is recorded twice */
    const char *text;     /* the first event's text (opinion) instead of the planned one */
} tamper;

#define HIST_MAX_FILES 8

/* An act prepared on the tip, not committed yet. Everything is owned (free with act_dispose). */
typedef struct act {
    char doc[64];
    char parent[41];
    dr_buf env;                       /* the envelope after the act */
    char *paths[HIST_MAX_FILES];      /* the other files of its write-set */
    dr_buf data[HIST_MAX_FILES];
    size_t nfiles;
    dr_buf msg;                       /* summary and trailers */
    char email[160];                  /* the author's, actor@org */
    dr_time at;
    int first, last;                  /* the events' seqs */
    char digest[72];                  /* the last event's */
} act;

/* The example's .docroute/ files (config.yaml first, one substring replaced when from is
 * given), as repository paths; free with hist_files_free. */
size_t hist_config_files(dr_file *f, dr_buf *b, size_t max, const char *from, const char *to);
void hist_files_free(dr_file *f, dr_buf *b, size_t n);

/* A bare repository at path whose genesis is the example's .docroute/ (test clock on).
 * edit_from/edit_to, when given, replace one substring of the example's config.yaml. */
void hist_init(hist *h, const char *path, const char *edit_from, const char *edit_to);
void hist_free(hist *h);

/* Prepares the submission of a draft of the example (examples/zhangdian/drafts/NAME.xml,
 * one substring replaced when from is given) by actor at time at. */
void hist_submit(hist *h, act *a, const char *name, const char *from, const char *to,
                 const char *actor, const char *at, const tamper *t);
/* Prepares an act on doc: in carries the act and its particulars (cfg, route, env, actor
 * and time are filled here). A register's number and ledger, a revise's document (from
 * revise_draft, the example draft's name, with its body written when new) as the tools
 * do. Returns the planner's code: a refusal leaves a empty and ctx filled. */
int hist_act(hist *h, act *a, dr_ctx *ctx, const char *doc, const dr_act_input *in,
             const char *actor, const char *at, const tamper *t);
/* The next revise's draft gets one substring replaced. */
void hist_revise_edit(const char *from, const char *to);
/* Adds (or replaces) a file of the act's write-set. */
void act_put(act *a, const char *path, const char *data, size_t len);
/* Replaces the first occurrence of from in the message (fails the test when absent). */
void act_msg_edit(act *a, const char *from, const char *to);
/* Replaces the first occurrence of from in the envelope bytes (fails when absent). */
void act_env_edit(act *a, const char *from, const char *to);
/* The commit object of the act on its parent (the branch does not move). */
void act_make(hist *h, act *a, char commit[41]);
/* The commit, and the branch moved onto it (fails the test on a conflict). */
void act_record(hist *h, act *a, char commit[41]);
void act_dispose(act *a);

/* Prepares and records an act in one go (fails the test on a refusal); the commit id. */
void hist_do(hist *h, const char *doc, const char *act_name, const char *actor, const char *at,
             const char *opinion, char commit[41]);

/* Every finding of dr_verify_commit on commit (verification itself must not fail). */
void hist_verify(hist *h, const char *commit, dr_findings *f);
/* Does f hold a finding of rule? (at any severity) */
bool has_rule(const dr_findings *f, const char *rule);
/* Prints the findings (for a failing assertion's context). */
void print_findings(const dr_findings *f);
/* The example's test key of person (key 1; free it). */
dr_key *hist_key(const char *person);
/* The tip's commit id. */
void hist_tip(hist *h, char out[41]);
/* The envelope of doc at the tip (free it). */
dr_envelope *hist_envelope(hist *h, const char *doc);

#endif
