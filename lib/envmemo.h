/* The envelopes a store has parsed, by blob id (envmemo.c): a check meets each version
 * of an envelope twice — as the one an act writes, then as the one the next act on the
 * document starts from — and parses it once. lib/ only. */
#ifndef DR_ENVMEMO_H
#define DR_ENVMEMO_H

#include "docroute/envelope.h"
#include "docroute/store.h"

struct dr_envmemo;

/* One parsed version. chained: prev and content are the event chain's digests after
 * its last event and the document's content digest there, as a check computed them. */
typedef struct dr__memo_env {
    unsigned char id[20];
    const dr_envelope *env;
    bool chained;
    char prev[72], content[72];
} dr__memo_env;

/* The envelope at path in snap (parsed as recorded, DR_ENVELOPE_MAX_BYTES at most),
 * from the store's memo or read, parsed and kept there. Returns the code of a failure
 * to read it (ctx filled). A version that does not parse is not kept: 0 with *out NULL,
 * *prc its code and pctx filled as dr_envelope_parse fills it. The entry stays the
 * store's, valid until the next two loads on the store (the memo keeps the most
 * recently used ones). */
int dr__memo_envelope(dr__memo_env **out, dr_ctx *ctx, dr_snapshot *snap, const char *path,
                      dr_ctx *pctx, int *prc);
/* Frees a store's memo (dr_store_free). */
void dr__memo_free(struct dr_envmemo *m);

#endif
