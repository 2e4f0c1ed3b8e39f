/* What docroute's reading commands share: the tip's view, a document, state names. */
#include "commands.h"
#include "report.h"
#include "submit.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>



int open_view(tool *t, repo_view *v)
{
    int rc, st;
    memset(v, 0, sizeof(*v));
    if ((st = open_store(t)))
        return st;
    if ((rc = dr_store_tip(&v->snap, &t->ctx, t->store)) ||
        (rc = dr_snapshot_config(v->snap, &t->ctx, &v->cfg)) ||
        (rc = dr_snapshot_calendar(v->snap, &t->ctx, &v->cal)))
        return fail_ctx(t, rc == DR_ENOTFOUND ? DR_ECONFIG : rc);
    if (dr_snapshot_config_lasting(v->snap))
        t->cfg = v->cfg; /* the store's: it outlives the snapshot */
    return 0;
}

/* Loads a document's envelope; exit 4 when there is no such document. */
int load_doc(tool *t, repo_view *v, const char *id, dr_envelope **env)
{
    return load_envelope(t, v->snap, id, env);
}

const char *step_state_name(dr_step_state s)
{
    static const char *const n[] = {"pending", "open", "done", "skipped"};
    return n[s];
}

const char *req_state_name(dr_req_state s)
{
    static const char *const n[] = {"open", "answered", "deemed", "cancelled", "superseded", "lapsed"};
    return n[s];
}

json_t *holders_json(const dr_holder *h, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, h[i].acting_for ? json_pack("{s:s,s:s}", "person", h[i].person,
                                                             "acting_for", h[i].acting_for)
                                                 : json_pack("{s:s}", "person", h[i].person));
    return a;
}
