/* docroute reproject: after a config act replaced a calendar year (provisional →
 * official, or a mid-year change), each open due date the calendar now counts otherwise
 * is recorded again — one signed `reproject` event per due date, one commit per
 * document, like sweep. Without it, recorded due dates stand. */
#include "commands.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    tool *t;
    dr_snapshot *snap;
    const dr_config *cfg;
    const dr_calendar *cal;
    dr_time now;
    char **ids; /* documents with something to re-project */
    size_t n;
    json_t *list;
} scan;

static int scan_doc(void *ud, const char *id)
{
    scan *s = ud;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    dr_reprojection *r = NULL;
    const dr_config *rcfg;
    size_t nr = 0;
    char path[160];
    dr_buf b;
    dr_ctx quiet;
    dr_ctx_init(&quiet);
    /* A document that cannot be read is not re-projected; check reports it. */
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    if (dr_doc_envelope_path(id, path, sizeof(path)) || dr_snapshot_read(s->snap, &quiet, path, &b) ||
        dr_envelope_parse(&env, &quiet, path, b.ptr, b.len, DR_FORM_RECORDED)) {
        dr_buf_dispose(&b);
        return 0;
    }
    dr_buf_dispose(&b);
    const dr_route *route = NULL;
    if (!dr_snapshot_config_at(s->snap, &s->t->ctx, dr_envelope_config_blob(env), &rcfg))
        route = dr_config_route(rcfg, dr_envelope_route(env));
    if (route && !dr_route_fold(&rs, &s->t->ctx, s->cfg, route, env, s->now) &&
        !dr_route_reprojections(&r, &nr, &s->t->ctx, s->cfg, s->cal, rs, &rs->doc) && nr) {
        json_t *dues = json_array();
        for (size_t i = 0; i < nr; i++) {
            char was[11], due[11];
            dr_date_format(r[i].was, was);
            dr_date_format(r[i].due, due);
            json_array_append_new(dues, json_pack("{s:s,s:s?,s:s,s:s,s:b}", "step", r[i].step,
                                                  "unit", r[i].unit, "was", was, "due_date", due,
                                                  "due_provisional", r[i].provisional));
            if (!s->t->json)
                printf("%s  %s%s%s: due %s → %s%s\n", id, r[i].step, r[i].unit ? " " : "",
                       r[i].unit ? r[i].unit : "", was, due,
                       r[i].provisional ? " (" DR_PROVISIONAL_MARK ")" : "");
        }
        json_array_append_new(s->list, json_pack("{s:s,s:o}", "doc", id, "due_dates", dues));
        char **slot = realloc(s->ids, (s->n + 1) * sizeof(char *));
        if (!slot)
            abort();
        s->ids = slot;
        s->ids[s->n++] = strdup(id);
    }
    free(r);
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return 0;
}

int cmd_reproject(tool *t, int argc, char **argv)
{
    scan s = {.t = t};
    const char *reason = opt_get(OPT_REASON);
    bool dry = opt_get(OPT_DRY_RUN) != NULL;
    int st, rc, worst = EXIT_DONE;
    (void)argv;
    if (argc)
        return fail(t, EXIT_USAGE, "reproject takes no arguments");
    if (!dry && (!reason || !*reason))
        return fail(t, EXIT_USAGE, "reproject needs --reason TEXT (the calendar change it follows)");
    if ((st = open_store(t)))
        return st;
    if ((rc = dr_store_tip(&s.snap, &t->ctx, t->store)) ||
        (rc = dr_snapshot_config(s.snap, &t->ctx, &s.cfg)) ||
        (rc = dr_snapshot_calendar(s.snap, &t->ctx, &s.cal))) {
        dr_snapshot_free(s.snap);
        return fail_ctx(t, rc);
    }
    if ((st = clock_now(t, s.cfg->utc_offset, &s.now))) {
        dr_snapshot_free(s.snap);
        return st;
    }
    calendar_warnings(t, s.cal, dr_time_date(s.now));
    if (!dry && !dr_config_act(s.cfg, "reproject")) {
        const char *rid = dr_config_cite(s.cfg, DR_CHECK_ROUTE, NULL);
        snprintf(t->ctx.rule, sizeof(t->ctx.rule), "%s", rid ? rid : "");
        st = fail(t, EXIT_RULE, "%s%sthe config names nobody who may reproject (acts: reproject)",
                  rid ? rid : "", rid ? ": " : "");
        dr_snapshot_free(s.snap);
        return st;
    }
    s.list = json_array();
    json_object_set_new(result(t), "dry_run", json_boolean(dry));
    json_object_set_new(result(t), "reprojected", s.list);
    if ((rc = dr_store_active_docs(t->store, &t->ctx, s.snap, scan_doc, &s)))
        worst = fail_ctx(t, rc);
    dr_snapshot_free(s.snap);
    json_t *recorded = json_array();
    json_object_set_new(result(t), "recorded", recorded);
    for (size_t i = 0; i < s.n; i++) {
        if (!dry && worst == EXIT_DONE) {
            doc_act da = {0};
            char commit[41] = "";
            da.doc_id = s.ids[i];
            da.in.act = "reproject";
            da.in.reason = reason;
            st = run_act(t, plan_doc_act, &da, commit);
            if (st > worst)
                worst = st;
            if (!st && commit[0])
                json_array_append_new(recorded, json_pack("{s:s,s:s}", "doc", s.ids[i], "commit", commit));
        }
        free(s.ids[i]);
    }
    free(s.ids);
    if (s.n == 0)
        note(t, "nothing to reproject: every open due date is as the calendar counts it");
    return worst;
}
