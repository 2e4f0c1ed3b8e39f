/* A signed checkpoint: one who may sign config acts states "the record's branch held
 * commit C" and keeps that statement outside the branch (a file an admin stores). A
 * repository without the server's hook can be rewritten — a rebase that drops a
 * document's last act leaves a history that verifies — but not past a checkpoint:
 * check --checkpoint FILE refuses a branch that no longer contains C.
 *
 * The file, line by line:
 *   docroute-checkpoint 1
 *   commit <40 hex>
 *   signer <person>/<key id>
 *   at <ISO 8601 time>
 *   signature <alg> <base64>
 * signed over "docroute-checkpoint-v1\0" commit "\n" signer "\n" at. */
#ifndef DOCROUTE_CHECKPOINT_H
#define DOCROUTE_CHECKPOINT_H

#include "docroute/check.h"
#include "docroute/sign.h"
#include "docroute/store.h"

#define DR_CHECKPOINT_MAX_BYTES 4096

/* The checkpoint of commit, signed with key (named key_name, "person/N") at `at`. */
int dr_checkpoint_make(dr_buf *out, dr_ctx *ctx, const char *commit, const char *key_name,
                       const dr_key *key, dr_time at);
/* Checks a checkpoint (the bytes of file) against the branch's tip: DR_EINVALID (ctx:
 * file:line) when it is not a checkpoint; else 0, with an ENV-HISTORY finding when its
 * commit is not in the tip's history, or its signature is not by a key of one whom the
 * config at that commit lets sign config acts, valid on its date. */
int dr_checkpoint_check(dr_findings *out, dr_ctx *ctx, dr_store *st, const char *file,
                        const char *data, size_t len, const char *tip);

#endif
