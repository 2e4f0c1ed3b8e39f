/* A range of commits verified, on two threads when asked: the first thread takes the
 * older commits, the second the newer ones, each with its own repository handle. A
 * register act's number follows from every register before it, so the second thread
 * leaves its registers to the first, which takes them in order once its own commits
 * are done. Each commit's findings are kept apart and joined in the range's order. */
#include "docroute/check.h"
#include "docroute/store.h"
#include "internal.h"
#include "verify_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* Share of the commits the first thread takes: it also takes the second's registers. */
#define FIRST_SHARE 45

typedef struct {
    char id[41];
    dr_findings f;
    int rc;
    dr_ctx *err;
    bool deferred;
} one;

typedef struct {
    one *v;
    size_t n;
} list;

typedef struct {
    dr_store *st;
    one *v;
    size_t from, to;
    const dr_verify_opts *o;
    bool defer;
} part;

static int collect(void *ud, const char *commit)
{
    list *l = ud;
    one *x = dr__push(&l->v, &l->n, sizeof(one));
    if (!x)
        return DR_ENOMEM;
    snprintf(x->id, sizeof(x->id), "%s", commit);
    dr_findings_init(&x->f);
    return 0;
}

static void verify_one(dr_store *st, one *x, const dr_verify_opts *o, bool defer)
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_findings_dispose(&x->f);
    x->deferred = false;
    x->rc = dr__verify_commit(&x->f, &ctx, st, x->id, o, defer ? &x->deferred : NULL);
    if (x->deferred) {
        dr_findings_dispose(&x->f);
        x->rc = 0;
        return;
    }
    if (x->rc && (x->err = malloc(sizeof(dr_ctx))))
        *x->err = ctx;
}

static void *run_part(void *arg)
{
    part *p = arg;
    for (size_t i = p->from; i < p->to; i++)
        verify_one(p->st, &p->v[i], p->o, p->defer);
    return NULL;
}

void dr_verified_free(dr_verified *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].err);
    free(v);
}

int dr_verify_range(dr_findings *out, dr_verified **commits, size_t *n, dr_ctx *ctx, dr_store *st,
                    const char *range, const dr_verify_opts *o, int threads)
{
    list l = {NULL, 0};
    dr_store *second = NULL;
    dr_verified *res = NULL;
    pthread_t tid;
    bool started = false;
    int rc;
    *commits = NULL;
    *n = 0;
    if ((rc = dr_store_walk(st, ctx, range, collect, &l)))
        goto done;
    if (!(res = dr__calloc(l.n ? l.n : 1, sizeof(*res)))) {
        rc = DR_ENOMEM;
        goto done;
    }
    size_t split = l.n;
    dr_ctx octx;
    dr_ctx_init(&octx);
    if (threads > 1 && l.n >= 16 && dr_store_open(&second, &octx, dr_store_gitdir(st), 0) == 0)
        split = l.n / 100 * FIRST_SHARE + l.n % 100 * FIRST_SHARE / 100;
    /* The second thread never needs the numbers: its registers come back here. */
    dr_verify_opts o2 = o ? *o : (dr_verify_opts){0};
    o2.numbers = NULL;
    o2.nnumbers = NULL;
    part p2 = {second, l.v, split, l.n, &o2, true};
    if (second && split < l.n) {
        dr__envelope_schemas_ready();
        started = pthread_create(&tid, NULL, run_part, &p2) == 0;
        if (!started)
            split = l.n;
    }
    for (size_t i = 0; i < split; i++)
        verify_one(st, &l.v[i], o, false);
    if (started)
        pthread_join(tid, NULL);
    for (size_t i = split; i < l.n; i++)
        if (l.v[i].deferred)
            verify_one(st, &l.v[i], o, false);
    for (size_t i = 0; i < l.n; i++) {
        one *x = &l.v[i];
        snprintf(res[i].commit, sizeof(res[i].commit), "%s", x->id);
        res[i].first = out->n;
        res[i].count = x->f.n;
        res[i].rc = x->rc;
        if (x->f.rc)
            out->rc = x->f.rc;
        res[i].err = x->err;
        x->err = NULL;
        if (res[i].rc && !res[i].err && (res[i].err = malloc(sizeof(dr_ctx))))
            dr_ctx_init(res[i].err);
        if (x->f.n) {
            dr_finding *nv = realloc(out->v, (out->n + x->f.n) * sizeof(dr_finding));
            if (!nv) {
                res[i].count = 0;
                out->rc = DR_ENOMEM;
                continue;
            }
            out->v = nv;
            memcpy(out->v + out->n, x->f.v, x->f.n * sizeof(dr_finding));
            out->n += x->f.n;
        }
    }
    *commits = res;
    *n = l.n;
    res = NULL;
done:
    for (size_t i = 0; i < l.n; i++) {
        dr_findings_dispose(&l.v[i].f);
        free(l.v[i].err);
    }
    free(l.v);
    free(res);
    dr_store_free(second);
    return rc;
}
