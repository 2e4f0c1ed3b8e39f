/* docroute — findings: what the rules say of a document.
 *
 * A finding names its rule (RULES.md), severity and the element it is about.
 * Submission checks judge a draft's <document> against the config in force. */
#ifndef DOCROUTE_CHECK_H
#define DOCROUTE_CHECK_H

#include "docroute/calendar.h"
#include "docroute/config.h"
#include "docroute/envelope.h"
#include "docroute/words.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { DR_SEV_INFO = 0, DR_SEV_WARNING, DR_SEV_ERROR } dr_severity;

typedef struct dr_finding {
    char rule[40];
    dr_severity severity;
    char element[40]; /* the element the finding is about, e.g. "title" */
    char message[600];
    bool input_error; /* the file itself is unusable (exit 2), not a rule refusal */
    char doc[64];     /* the document, when the finding is about one */
    char commit[41];  /* the commit, in a history check */
    int event;        /* the event's seq, 0 when none */
} dr_finding;

typedef struct dr_findings {
    dr_finding *v;
    size_t n;
    int rc; /* DR_ENOMEM once a finding could not be added: the list is then no verdict */
} dr_findings;

void dr_findings_init(dr_findings *f);
void dr_findings_dispose(dr_findings *f);
int dr_findings_add(dr_findings *f, const char *rule, dr_severity sev, const char *element,
                    bool input_error, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
size_t dr_findings_count(const dr_findings *f, dr_severity sev);
const char *dr_severity_name(dr_severity sev);

/* The placeholders the draft template carries; left in, they are refused. */
#define DR_TITLE_PLACEHOLDER  DR_W_TITLE_PLACEHOLDER 
#define DR_MATTER_PLACEHOLDER  DR_W_MATTER_PLACEHOLDER 

/* One of the 15 types of documents the schema knows (notice, request …)? */
bool dr_type_known(const char *type);
/* The name of a type (the config's label type.<id>, e.g. 通知), or NULL. */
const char *dr_type_name(const dr_config *cfg, const char *type);

/* Judges a draft's document: placeholders, references to units and people of
 * cfg, and every submission check the config's rule catalog binds (one-matter,
 * report-no-request, single-recipient, no-skip-level, skip-level-copy, no-cc-down,
 * via-office, dept-scope, countersign-needed, directive-down, gb-format) under the
 * rule's ID and severity; ENV-CLASSIFIED. A config with no units (a catalog only,
 * dr_config_catalog) judges only what needs no units. body is the body's text when
 * it is textual (.md, .txt), else NULL; route is the route the document would take,
 * or NULL. 0, or out->rc (DR_ENOMEM) when a finding could not be added. */
int dr_check_submission(dr_findings *out, const dr_config *cfg, const dr_document *d,
                        const char *body, const dr_route *route);
/* The meeting deadlines a submission on date `on` meets or misses, as the catalog's
 * agenda-before-meeting (a topic sent fewer than `within` working days before its
 * meeting: the office will refuse it unless a leader sets the rule aside) and
 * issue-after-meeting (a draft revised after the meeting later than `revise-within`)
 * rules say. At the rules' severities. */
int dr_check_deadlines(dr_findings *out, dr_ctx *ctx, const dr_config *cfg,
                       const struct dr_calendar *cal, const dr_document *d, dr_date on);
/* GB-FORMAT of a 发文字号: 代字〔YYYY〕N号, full year, no 第, no leading zeros. */
bool dr_check_doc_number(const char *number, const char *prefix, int year);

/* ---- the record's integrity (SPEC §8) ---- */

struct dr_store;

/* The 发文字号 seen so far in a whole-history check, per 代字 and year. */
typedef struct dr_number_seen {
    char prefix[96];
    int year, last;
} dr_number_seen;

typedef struct dr_verify_opts {
    const char *root;   /* the pinned genesis (git config docroute.root), or NULL */
    bool clock;         /* ENV-CLOCK: events within tolerance of now (the hook) */
    dr_time now;
    int tolerance;      /* minutes */
    /* A whole-history check from the genesis: numbers must run 1, 2, 3 … per 代字 and
     * year (unique, gap-free). NULL in a range check. Owned by the caller (free()). */
    dr_number_seen **numbers;
    size_t *nnumbers;
} dr_verify_opts;

/* Verifies one commit against the config and calendar in force in its parent:
 * a config act, or one act on one document (schema, append-only, write-set,
 * signatures and key validity, chain, monotonic time, content digests,
 * trailers, and the act re-planned from the envelope before it). Findings are
 * appended; the return is 0 unless verification itself failed (I/O). */
int dr_verify_commit(dr_findings *out, dr_ctx *ctx, struct dr_store *st, const char *commit,
                     const dr_verify_opts *opts);
/* One commit of a range verified: its findings out[first .. first + count), and the
 * code of a failure to verify it (0: none) with its context (NULL when rc is 0). */
typedef struct dr_verified {
    char commit[41];
    size_t first, count;
    int rc;
    dr_ctx *err;
} dr_verified;

/* Verifies every commit of a range ("A..B", one revision, or NULL: the routing branch
 * from the genesis), oldest first, each as dr_verify_commit would, and appends their
 * findings to out in that order. threads > 1 verifies on two threads, each with its own
 * repository handle opened on st's git folder (st's own objects only: not inside a
 * hook's quarantine); register acts, whose numbers follow from every register before
 * them, are verified in order. The answer is the one of dr_verify_commit called on each
 * commit in turn. *commits (*n of them) is freed with dr_verified_free. Returns 0, or
 * the code of a failure to walk the range (ctx filled). */
int dr_verify_range(dr_findings *out, dr_verified **commits, size_t *n, dr_ctx *ctx,
                    struct dr_store *st, const char *range, const dr_verify_opts *opts,
                    int threads);
void dr_verified_free(dr_verified *v, size_t n);

/* The signed bytes of a config act: "docroute-config-v1\0" ‖ parent ‖ tree (hex ids);
 * DR_ENOMEM when out cannot hold them. */
int dr_config_signed_bytes(const char *parent, const char *tree, dr_buf *out);

#ifdef __cplusplus
}
#endif
#endif
