#include "docroute/render.h"
#include "docroute/check.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

extern const char dr__slip_template[];
extern const size_t dr__slip_template_len;

/* The slip is written by appends that take the rc so far and return it, or the
 * append's own failure: after the first failure nothing more is written. */
static int put(int rc, dr_buf *b, const char *s)
{
    return rc ? rc : dr_buf_puts(b, s);
}

static int esc(int rc, dr_buf *b, const char *s)
{
    for (; s && *s && !rc; s++) {
        switch (*s) {
        case '<': rc = dr_buf_puts(b, "&lt;"); break;
        case '>': rc = dr_buf_puts(b, "&gt;"); break;
        case '&': rc = dr_buf_puts(b, "&amp;"); break;
        case '"': rc = dr_buf_puts(b, "&quot;"); break;
        default: rc = dr_buf_put(b, s, 1);
        }
    }
    return rc;
}

static const char *unit_name(const dr_config *cfg, const char *id)
{
    const dr_unit *u = dr_config_unit(cfg, id);
    return u ? u->name : id;
}

static const char *person_name(const dr_config *cfg, const char *id)
{
    const dr_person *p = dr_config_person(cfg, id);
    return p ? p->name : id;
}

/* The slip's words are the config's labels (schemas/defaults.yaml, labels:). */
static const char *L(const dr_config *cfg, const char *key)
{
    return dr_config_label(cfg, key);
}

/* label prefix.value, e.g. act.review; the value itself when there is no such label. */
static const char *Lof(const dr_config *cfg, const char *prefix, const char *value)
{
    char key[96];
    if (!value || snprintf(key, sizeof(key), "%s.%s", prefix, value) >= (int)sizeof(key))
        return value ? value : "";
    const char *l = dr_config_label(cfg, key);
    return l == key ? value : l;
}

static int field(int rc, dr_buf *b, const char *name, const char *value)
{
    rc = put(rc, b, "<tr><th>");
    rc = put(rc, b, name);
    rc = put(rc, b, "</th><td>");
    rc = esc(rc, b, value);
    return put(rc, b, "</td></tr>\n");
}

static int units_field(int rc, dr_buf *b, const dr_config *cfg, const char *name,
                       const dr_doc_unit *v, size_t n)
{
    dr_buf list;
    dr_buf_init(&list, 0);
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc = put(rc, &list, L(cfg, "slip.list-separator"));
        const dr_group *g = v[i].group ? dr_config_group(cfg, v[i].group) : NULL;
        rc = put(rc, &list, v[i].unit    ? unit_name(cfg, v[i].unit)
                            : g          ? g->name
                            : v[i].group ? v[i].group
                                         : person_name(cfg, v[i].person));
    }
    if (n)
        rc = field(rc, b, name, list.ptr);
    dr_buf_dispose(&list);
    return rc;
}

/* The event with seq, or NULL. */
static const dr_event *event_seq(const dr_envelope *env, int seq, size_t *index)
{
    for (size_t i = 0; seq > 0 && i < dr_envelope_event_count(env); i++)
        if (dr_envelope_event(env, i)->seq == seq) {
            if (index)
                *index = i;
            return dr_envelope_event(env, i);
        }
    return NULL;
}

static int signer_cell(int rc, dr_buf *b, const dr_config *cfg, const dr_envelope *env, size_t i)
{
    const dr_event *e = dr_envelope_event(env, i);
    const char *af = dr_event_attr(env, i, "acting-for");
    rc = esc(rc, b, person_name(cfg, e->actor));
    if (af) {
        rc = put(rc, b, "<br><span class=\"daici\">");
        rc = esc(rc, b, L(cfg, "slip.open"));
        rc = esc(rc, b, L(cfg, "slip.acting-for"));
        rc = put(rc, b, " ");
        rc = esc(rc, b, person_name(cfg, af));
        rc = esc(rc, b, L(cfg, "slip.close"));
        rc = put(rc, b, "</span>");
    }
    return rc;
}

static int step_row(int rc, dr_buf *b, const dr_config *cfg, const dr_envelope *env,
                    const char *label, const char *state, const char *state_zh, const dr_event *e,
                    size_t ei, const char *note)
{
    if (!rc)
        rc = dr_buf_printf(b, "<tr class=\"state-%s\"><td>", state);
    rc = esc(rc, b, label);
    rc = put(rc, b, "</td><td>");
    rc = put(rc, b, state_zh);
    if (note) {
        rc = put(rc, b, "<br><span class=\"late\">");
        rc = esc(rc, b, note);
        rc = put(rc, b, "</span>");
    }
    rc = put(rc, b, "</td><td>");
    if (e)
        rc = signer_cell(rc, b, cfg, env, ei);
    rc = put(rc, b, "</td><td>");
    if (e) {
        const char *decision = dr_event_attr(env, ei, "decision");
        if (decision)
            rc = esc(rc, b, Lof(cfg, "decision", decision));
        rc = esc(rc, b, e->text);
    }
    rc = put(rc, b, "</td><td>");
    if (e && strlen(e->at_text) >= 16 && !rc) /* 2026-10-12 09:00 */
        rc = dr_buf_printf(b, "%.10s %.5s", e->at_text, e->at_text + 11);
    return put(rc, b, "</td></tr>\n");
}

int dr_render_html(dr_buf *out, dr_ctx *ctx, const dr_config *cfg, const dr_envelope *env,
                   const dr_route_state *st)
{
    const dr_document *d = &st->doc;
    dr_buf fields, steps, foot;
    const char *number = NULL;
    int rc = 0;
    dr_buf_init(&fields, 0);
    dr_buf_init(&steps, 0);
    dr_buf_init(&foot, 0);
    for (size_t i = 0; i < dr_envelope_event_count(env); i++)
        if (!strcmp(dr_envelope_event(env, i)->act, "register"))
            number = dr_event_attr(env, i, "number");
    /* 发文稿纸 for what the organization issues itself (its top unit or that unit's
     * office: a unit with no parent, or whose parent has none); 公文处理单 for what its
     * units send up to it. No unit kind decides it. */
    const dr_unit *lead = d->nissuers ? dr_config_unit(cfg, d->issuers[0].unit) : NULL;
    const dr_unit *above = lead && lead->parent ? dr_config_unit(cfg, lead->parent) : NULL;
    bool outgoing = lead && !lead->external &&
                    (!lead->parent || (above && !above->parent && strcmp(dr_route_direction(cfg, d), "up")));
    const char *kind = L(cfg, outgoing ? "slip.outgoing" : "slip.incoming");
    char classification[120];
    /* GB/T 9704-2012 7.2.2: 密级★保密期限 */
    snprintf(classification, sizeof(classification), "%s%s%s", Lof(cfg, "level", d->level ? d->level : "none"),
             d->term ? DR_W_TERM_STAR : "", d->term ? d->term : "");
    rc = field(rc, &fields, L(cfg, "field.title"), d->title);
    rc = field(rc, &fields, L(cfg, "field.number"), number ? number : L(cfg, "field.unregistered"));
    const char *zh = dr_type_name(cfg, d->type);
    rc = field(rc, &fields, L(cfg, "field.type"), zh ? zh : d->type);
    rc = field(rc, &fields, L(cfg, "field.urgency"), Lof(cfg, "urgency", d->urgency ? d->urgency : "normal"));
    rc = field(rc, &fields, L(cfg, "field.classification"), classification);
    rc = field(rc, &fields, L(cfg, "field.disclosure"), Lof(cfg, "disclosure", d->disclosure ? d->disclosure : "active"));
    rc = field(rc, &fields, L(cfg, outgoing ? "field.drafter" : "field.sender"), unit_name(cfg, d->drafter));
    rc = units_field(rc, &fields, cfg, L(cfg, "field.issuers"), d->issuers, d->nissuers);
    rc = units_field(rc, &fields, cfg, L(cfg, "field.to"), d->to, d->nto);
    rc = units_field(rc, &fields, cfg, L(cfg, "field.cc"), d->cc, d->ncc);
    char route[200];
    snprintf(route, sizeof(route), "%s%s%s", st->route->id, st->route->rule ? " · " : "",
             st->route->rule ? st->route->rule : "");
    rc = field(rc, &fields, L(cfg, "field.route"), route);
    rc = field(rc, &fields, L(cfg, "field.id"), dr_envelope_id(env));

    const char *const state_zh[] = {L(cfg, "state.pending"), L(cfg, "state.open"), L(cfg, "state.done"),
                                    L(cfg, "state.skipped")};
    static const char *const state_css[] = {"pending", "open", "done", "skipped"};
    for (size_t s = 0; s < st->nsteps; s++) {
        const dr_step_status *ss = &st->steps[s];
        char label[200];
        /* The step's own name (the config's), else its act's. */
        const char *what = ss->step->name ? ss->step->name : Lof(cfg, "act", ss->step->act);
        snprintf(label, sizeof(label), "%s%s%s%s", what, L(cfg, "slip.open"), ss->step->id,
                 L(cfg, "slip.close"));
        if (dr_step_countersigns(ss->step)) {
            if (!ss->nrequests)
                rc = step_row(rc, &steps, cfg, env, label, state_css[ss->state], state_zh[ss->state], NULL, 0, NULL);
            for (size_t r = 0; r < ss->nrequests; r++) {
                const dr_request *rq = &ss->requests[r];
                char ulabel[300];
                snprintf(ulabel, sizeof(ulabel), "%s%s%s%s", what,
                         L(cfg, "slip.colon"), rq->person ? person_name(cfg, rq->unit) : unit_name(cfg, rq->unit),
                         rq->coordination ? L(cfg, "countersign.coordination") : "");
                size_t ei = 0;
                const dr_event *e = event_seq(env, rq->answer_seq, &ei);
                const char *answer = rq->state == DR_REQ_ANSWERED
                                         ? L(cfg, dr__streq(rq->position, "agree") ? "countersign.agree"
                                                                                   : "countersign.object")
                                     : rq->state == DR_REQ_DEEMED ? L(cfg, "countersign.deemed")
                                     : rq->state == DR_REQ_OPEN   ? L(cfg, "countersign.open")
                                     : rq->state == DR_REQ_LAPSED ? L(cfg, "countersign.lapsed")
                                                                  : L(cfg, "countersign.cancelled");
                rc = step_row(rc, &steps, cfg, env, ulabel,
                         rq->state == DR_REQ_OPEN ? "open" : "done", answer,
                         rq->state == DR_REQ_CANCELLED || rq->state == DR_REQ_SUPERSEDED ? NULL : e,
                         ei, rq->late ? L(cfg, "countersign.late") : NULL);
            }
            continue;
        }
        /* Every event of the step: for-each issuers and escalated decisions have several. */
        bool any = false;
        for (size_t i = 0; ss->state == DR_STEP_DONE || ss->state == DR_STEP_OPEN ?
                           i < dr_envelope_event_count(env) : 0; i++) {
            const dr_event *e = dr_envelope_event(env, i);
            if (strcmp(e->act, ss->step->act) || !dr__streq(dr_event_attr(env, i, "step"), ss->step->id))
                continue;
            if (e->seq > ss->done_seq && ss->state == DR_STEP_DONE)
                continue;
            rc = step_row(rc, &steps, cfg, env, label, state_css[ss->state], state_zh[ss->state], e, i, NULL);
            any = true;
        }
        if (!any)
            rc = step_row(rc, &steps, cfg, env, label, state_css[ss->state], state_zh[ss->state], NULL, 0, NULL);
    }
    if (st->unagreed && !rc)
        rc = dr_buf_printf(&foot, "%s ", L(cfg, "foot.unagreed"));
    if (st->ended && !rc)
        rc = dr_buf_printf(&foot, "%s ", L(cfg, st->withdrawn ? "foot.withdrawn" : "foot.closed"));
    if (!rc)
        rc = dr_buf_printf(&foot, "%s · %s · %zu %s", L(cfg, "foot.generated"), dr_envelope_id(env),
                           dr_envelope_event_count(env), L(cfg, "foot.events"));

    /* Fill the template. */
    const char *t = dr__slip_template;
    struct {
        const char *key;
        const char *value;
        bool raw;
    } slots[] = {{"{{KIND}}", kind, true},       {"{{TITLE}}", d->title, false},
                 {"{{ORG}}", cfg->org_name, false}, {"{{FIELDS}}", fields.ptr, true},
                 {"{{STEPS}}", steps.ptr, true},   {"{{FOOT}}", foot.ptr, false}};
    while (*t && !rc) {
        const char *next = strstr(t, "{{");
        if (!next) {
            rc = dr_buf_puts(out, t);
            break;
        }
        if ((rc = dr_buf_put(out, t, (size_t)(next - t))))
            break;
        size_t k = 0;
        while (k < sizeof(slots) / sizeof(slots[0]) && strncmp(next, slots[k].key, strlen(slots[k].key)))
            k++;
        if (k == sizeof(slots) / sizeof(slots[0])) {
            rc = dr_ctx_set(ctx, DR_EIO, "the slip template has an unknown placeholder");
            break;
        }
        if (slots[k].raw)
            rc = put(rc, out, slots[k].value ? slots[k].value : "");
        else
            rc = esc(rc, out, slots[k].value);
        t = next + strlen(slots[k].key);
    }
    dr_buf_dispose(&fields);
    dr_buf_dispose(&steps);
    dr_buf_dispose(&foot);
    return rc;
}

static int dot_esc(int rc, dr_buf *b, const char *s)
{
    for (; s && *s && !rc; s++) {
        if (*s == '"' || *s == '\\')
            rc = dr_buf_put(b, "\\", 1);
        if (!rc)
            rc = dr_buf_put(b, s, 1);
    }
    return rc;
}

int dr_render_dot(dr_buf *out, dr_ctx *ctx, const dr_config *cfg, const dr_envelope *env,
                  const dr_route_state *st)
{
    static const char *const colors[] = {"gray80", "orange", "palegreen", "white"};
    static const char *const styles[] = {"filled", "filled,bold", "filled", "dashed"};
    int rc = 0;
    (void)ctx;
    rc = put(rc, out, "digraph \"");
    rc = dot_esc(rc, out, dr_envelope_id(env));
    rc = put(rc, out, "\" {\n  rankdir=LR;\n  node [shape=box, fontname=\"Noto Sans CJK SC\"];\n  label=\"");
    rc = dot_esc(rc, out, st->doc.title);
    rc = put(rc, out, " · ");
    rc = dot_esc(rc, out, st->route->id);
    rc = put(rc, out, "\";\n");
    const char *prev = NULL;
    for (size_t s = 0; s < st->nsteps; s++) {
        const dr_step_status *ss = &st->steps[s];
        rc = put(rc, out, "  \"");
        rc = dot_esc(rc, out, ss->step->id);
        rc = put(rc, out, "\" [label=\"");
        rc = dot_esc(rc, out, ss->step->id);
        rc = put(rc, out, "\\n");
        rc = dot_esc(rc, out, ss->step->name ? ss->step->name : Lof(cfg, "act", ss->step->act));
        if (!rc)
            rc = dr_buf_printf(out, "\", style=\"%s\", fillcolor=%s];\n", styles[ss->state], colors[ss->state]);
        for (size_t r = 0; r < ss->nrequests; r++) {
            const dr_request *rq = &ss->requests[r];
            if (!rc)
                rc = dr_buf_printf(out, "  \"%s/%d\" [label=\"", ss->step->id, rq->seq);
            rc = dot_esc(rc, out, unit_name(cfg, rq->unit));
            if (!rc)
                rc = dr_buf_printf(out, "\", shape=ellipse, style=filled, fillcolor=%s];\n  \"%s\" -> \"%s/%d\" [style=dotted];\n",
                                   rq->state == DR_REQ_OPEN ? "orange" : "palegreen", ss->step->id,
                                   ss->step->id, rq->seq);
        }
        if (prev && !rc)
            rc = dr_buf_printf(out, "  \"%s\" -> \"%s\";\n", prev, ss->step->id);
        prev = ss->step->id;
    }
    return put(rc, out, "}\n");
}
