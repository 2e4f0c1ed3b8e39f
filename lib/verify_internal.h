/* The verifier's parts (verify.c: a commit and its document act; verify_config.c: a
 * config act), sharing the findings they add and the commit's changed paths. lib/ only. */
#ifndef DR_VERIFY_INTERNAL_H
#define DR_VERIFY_INTERNAL_H

#include "docroute/check.h"
#include "docroute/store.h"

#define add dr__verify_add
#define nomem dr__verify_nomem
#define trailer dr__verify_trailer
#define split_fields dr__verify_split_fields
#define verify_config_act dr__verify_config_act

/* Where findings go: the commit and document they are about; rc is DR_ENOMEM once a
 * finding could not be kept or a check ran out of memory (the verdict is then no
 * verdict: dr_verify_commit returns it). */
typedef struct {
    dr_findings *out;
    const char *commit;
    const char *doc;
    int rc;
} sink;

/* A path the commit changes, and how ('A', 'M', 'D'). */
typedef struct {
    char path[512];
    char status;
} change;

typedef struct {
    change *v;
    size_t n;
} changes;

/* True, and kept in k->rc, when a check's rc is DR_ENOMEM: a failure to add no finding
 * for, where any other failure is what the finding reports. */
bool nomem(sink *k, int rc);
/* One error finding on event (0: the commit). */
void add(sink *k, const char *rule, int event, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A trailer's value in a commit message ("Key: value"); *from (when given) where the
 * search starts, moved past the one found. A value too long for out is empty. */
bool trailer(const char *msg, const char *key, char *out, size_t size, const char **from);
/* Splits s at single spaces into exactly n fields of at most size[i] - 1 bytes; -1 when
 * there are more or fewer, or one is empty or too long. */
int split_fields(const char *s, char *const out[], const size_t size[], size_t n);

/* dr_verify_commit; with defer, a register act is left (*defer set, its findings
 * incomplete) for a check that takes the registers in order (verify_range.c). */
int dr__verify_commit(dr_findings *out, dr_ctx *ctx, struct dr_store *st, const char *commit,
                      const dr_verify_opts *o, bool *defer);

int verify_config_act(sink *k, dr_ctx *ctx, dr_snapshot *p, dr_snapshot *c, const changes *ch);

#endif
