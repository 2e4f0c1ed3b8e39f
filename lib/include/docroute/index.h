/* Open work, and the derived index that answers for it (SPEC §2): the steps and
 * countersign requests waiting on someone, with their due dates, holders and the rule
 * each comes from. The index lives under $GIT_DIR/docroute/index.sqlite, outside the
 * tree; it is brought up to date from what each commit changed, rebuilt at will, and
 * never read by `check` or the hook. */
#ifndef DOCROUTE_INDEX_H
#define DOCROUTE_INDEX_H

#include "docroute/common.h"
#include "docroute/config.h"
#include "docroute/envelope.h"
#include "docroute/route.h"
#include "docroute/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The index's schema version: an index of another version is rebuilt. */
#define DR_INDEX_SCHEMA 1

/* One piece of open work. Strings are owned by the list it is in. */
typedef struct dr_item {
    const char *doc, *title, *step;
    const char *unit;    /* the requested unit, or the unit the step's holders act for; NULL */
    const char *urgency; /* the document's */
    const char *rule;    /* what the due date comes from, as the catalog names it; NULL */
    const char *deem_rule; /* a request: the rule that deems silence consent; NULL */
    dr_date due;         /* DR_DATE_NONE: no period, or suspended by an extension asked */
    bool provisional;    /* the due date ran through a provisional calendar year */
    bool request;        /* a countersign request; else an open step */
    bool deems;          /* a request whose silence is consent once its due date passed */
    dr_holder *holders;  /* who may act, with their substitutes on the day asked */
    size_t nholders;
} dr_item;

typedef struct dr_items {
    dr_item *v;
    size_t n;
    char **strings; /* what the items point into */
    size_t nstrings;
} dr_items;

void dr_items_init(dr_items *l);
void dr_items_dispose(dr_items *l);

/* Appends the open work of a folded route (cfg: the config in force, which names the
 * rules; route: the document's). Holders are those of the day on, with substitutes
 * (DR_DATE_NONE: without). */
int dr_route_items(dr_items *out, dr_ctx *ctx, const dr_config *cfg, const dr_route *route,
                   const dr_route_state *rs, const char *doc, dr_date on);

/* The last day on which the time alone leaves this fold as it is: the earliest due
 * date of an open request whose silence is consent, or that lapses; DR_DATE_NONE when
 * the time changes nothing. */
dr_date dr_route_time_bound(const dr_route_state *rs, const dr_route *route);

/* Calls fn for each piece of open work at the snapshot, as of now (in no particular
 * order; only_overdue: those past their due date). Answers from the index, brought up
 * to the snapshot first; a document whose work the time alone has changed since (a
 * consent deemed, a coordination note lapsed) is folded again from its envelope. A
 * document that cannot be read is skipped and counted in *unreadable (may be NULL). */
int dr_store_items(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, dr_time now, bool only_overdue,
                   int (*fn)(void *ud, const dr_item *it), void *ud, size_t *unreadable);

/* Calls fn for each countersign request whose silence the time has made consent by
 * now and that is not recorded yet (what `sweep` records), from the index. */
int dr_store_deemed(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, dr_time now,
                    int (*fn)(void *ud, const dr_item *it), void *ud);

/* Throws the index away and builds it again from the snapshot's tree. */
int dr_store_reindex(dr_store *st, dr_ctx *ctx, dr_snapshot *snap);

#ifdef __cplusplus
}
#endif
#endif
