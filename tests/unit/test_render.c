/* The routing slip (发文稿纸 / 公文处理单) and the route drawn, from a real record: the
 * slip's words are the config's labels, every text from the record escaped, each step
 * in the route's order with its signer (代 for a substitute), opinion and time. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static hist h;
static char notice[64], request_id[64];
static char notice_submitted[41], notice_registered[41], request_withdrawn[41];

/* The notice's title, with markup characters (written escaped in the draft). */
#define TITLE_FROM "<title>"
#define TITLE_TO "<title>&quot;&lt;b&gt;&amp;"
#define OPINION "<i>ok & \"fine\"</i>"

static void record_in(const char *id, const dr_act_input *in, const char *actor, const char *at,
                      char commit[41])
{
    act a;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    if (hist_act(&h, &a, &ctx, id, in, actor, at, NULL))
        fail_msg("%s by %s: %s %s", in->act, actor, ctx.rule, ctx.msg);
    act_record(&h, &a, commit);
    act_dispose(&a);
}

static int setup(void **state)
{
    char path[400], c[41];
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-render-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(path, sizeof(path), "%s/render.git", tmp);
    hist_init(&h, path, NULL, NULL);
    act a;
    hist_submit(&h, &a, "flood-notice", TITLE_FROM, TITLE_TO, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(notice, sizeof(notice), "%s", a.doc);
    act_record(&h, &a, notice_submitted);
    act_dispose(&a);
    hist_submit(&h, &a, "budget-request", NULL, NULL, "p-lv", "2026-09-29T10:15:00+08:00", NULL);
    snprintf(request_id, sizeof(request_id), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    dr_act_input in;
    memset(&in, 0, sizeof(in));
    in.act = "countersign";
    in.unit = "water";
    in.position = "agree";
    in.opinion = OPINION;
    record_in(notice, &in, "p-he", "2026-09-30T11:20:00+08:00", c);
    memset(&in, 0, sizeof(in));
    in.act = "deemed-consent";
    record_in(notice, &in, "system", "2026-10-10T00:15:00+08:00", c);
    hist_do(&h, notice, "sign", "p-feng", "2026-10-12T09:10:00+08:00", "agreed", c);
    hist_do(&h, notice, "review", "p-qian", "2026-10-12T10:30:00+08:00", "agreed", c);
    hist_do(&h, notice, "review-sign", "p-sun", "2026-10-12T15:00:00+08:00", "agreed", c);
    hist_do(&h, notice, "issue-sign", "p-wang", "2026-10-13T09:00:00+08:00", "issued", c);
    memset(&in, 0, sizeof(in));
    in.act = "register";
    record_in(notice, &in, "p-zheng", "2026-10-13T10:00:00+08:00", notice_registered);
    memset(&in, 0, sizeof(in));
    in.act = "withdraw";
    in.reason = "drafted again";
    record_in(request_id, &in, "p-lv", "2026-10-14T10:00:00+08:00", request_withdrawn);
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    hist_free(&h);
    dr_envelope_global_cleanup();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* A document at a commit: its envelope, the config in force and the route's state then. */
typedef struct {
    dr_snapshot *snap;
    const dr_config *cfg;
    dr_envelope *env;
    dr_route_state *st;
} view;

static void view_at(view *v, const char *commit, const char *id, const char *now)
{
    dr_ctx ctx;
    dr_buf b;
    char path[200];
    const dr_config *rcfg;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    memset(v, 0, sizeof(*v));
    assert_int_equal(dr_store_snapshot(&v->snap, &ctx, h.st, commit), 0);
    assert_int_equal(dr_snapshot_config(v->snap, &ctx, &v->cfg), 0);
    assert_int_equal(dr_doc_envelope_path(id, path, sizeof(path)), 0);
    assert_int_equal(dr_snapshot_read(v->snap, &ctx, path, &b), 0);
    assert_int_equal(dr_envelope_parse(&v->env, &ctx, path, b.ptr, b.len, DR_FORM_RECORDED), 0);
    assert_int_equal(dr_snapshot_config_at(v->snap, &ctx, dr_envelope_config_blob(v->env), &rcfg), 0);
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(v->env));
    assert_non_null(route);
    assert_int_equal(dr_route_fold(&v->st, &ctx, v->cfg, route, v->env, T(now)), 0);
    dr_buf_dispose(&b);
}

static void view_free(view *v)
{
    dr_route_state_free(v->st);
    dr_envelope_free(v->env);
    dr_snapshot_free(v->snap);
}

static void html_of(view *v, dr_buf *out)
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_buf_init(out, 0);
    if (dr_render_html(out, &ctx, v->cfg, v->env, v->st))
        fail_msg("render: %s", ctx.msg);
    assert_non_null(out->ptr);
}

static const char *label(view *v, const char *key)
{
    const char *l = dr_config_label(v->cfg, key);
    assert_non_null(l);
    assert_string_not_equal(l, key); /* the shipped defaults label it */
    return l;
}

/* The position of the row of a step (its label ends "（step-id）"), or -1. */
static long step_at(view *v, const char *html, const char *step)
{
    char needle[200];
    snprintf(needle, sizeof(needle), "%s%s%s</td>", label(v, "slip.open"), step, label(v, "slip.close"));
    const char *p = strstr(html, needle);
    return p ? (long)(p - html) : -1;
}

/* The slip's heading is the kind labelled key? */
static bool kind_is(view *v, const char *html, const char *key)
{
    char h1[200];
    snprintf(h1, sizeof(h1), "<h1>%s</h1>", label(v, key));
    return strstr(html, h1) != NULL;
}

static void test_render__the_outgoing_slip_of_a_registered_notice(void **state)
{
    view v;
    dr_buf html;
    (void)state;
    view_at(&v, notice_registered, notice, "2026-10-13T10:00:00+08:00");
    html_of(&v, &html);
    /* what the organization issues itself: 发文稿纸 */
    assert_true(kind_is(&v, html.ptr, "slip.outgoing"));
    assert_false(kind_is(&v, html.ptr, "slip.incoming"));
    /* the number the register gave, not "unregistered" */
    const char *number = NULL;
    for (size_t i = 0; i < dr_envelope_event_count(v.env); i++)
        if (!strcmp(dr_envelope_event(v.env, i)->act, "register"))
            number = dr_event_attr(v.env, i, "number");
    assert_non_null(number);
    assert_non_null(strstr(html.ptr, number));
    assert_null(strstr(html.ptr, label(&v, "field.unregistered")));
    /* the parties by their names */
    const dr_unit *drafter = dr_config_unit(v.cfg, "emergency"), *to = dr_config_unit(v.cfg, "town-fenghuang");
    assert_non_null(strstr(html.ptr, drafter->name));
    assert_non_null(strstr(html.ptr, to->name));
    assert_non_null(strstr(html.ptr, label(&v, "field.drafter")));
    assert_non_null(strstr(html.ptr, v.cfg->org_name));
    /* several recipients, with the config's separator */
    char two[300];
    snprintf(two, sizeof(two), "%s%s%s", to->name, label(&v, "slip.list-separator"),
             dr_config_unit(v.cfg, "street-gongyuan")->name);
    assert_non_null(strstr(html.ptr, two));
    /* each step in the route's order, all done */
    static const char *const order[] = {"drafter-sign", "office-review", "office-review-sign",
                                        "issue-sign", "register"};
    long last = -1;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        long at = step_at(&v, html.ptr, order[i]);
        if (at <= last)
            fail_msg("step %s at %ld, after %ld", order[i], at, last);
        last = at;
    }
    assert_non_null(strstr(html.ptr, "class=\"state-done\""));
    assert_null(strstr(html.ptr, "class=\"state-open\""));
    /* the mayor absent: the executive vice-mayor signed for him (代) */
    char daici[300];
    snprintf(daici, sizeof(daici), "%s<br><span class=\"daici\">%s%s %s%s</span>",
             dr_config_person(v.cfg, "p-wang")->name, label(&v, "slip.open"),
             label(&v, "slip.acting-for"), dr_config_person(v.cfg, "p-zhou")->name,
             label(&v, "slip.close"));
    assert_non_null(strstr(html.ptr, daici));
    /* housing's silence: the deemed consent, by the label */
    assert_non_null(strstr(html.ptr, label(&v, "countersign.deemed")));
    assert_non_null(strstr(html.ptr, label(&v, "countersign.agree")));
    /* the time of an act, to the minute */
    assert_non_null(strstr(html.ptr, "2026-10-13 09:00"));
    /* the foot: the id and the number of events */
    char foot[200];
    snprintf(foot, sizeof(foot), "%s · %zu %s", notice, dr_envelope_event_count(v.env),
             label(&v, "foot.events"));
    assert_non_null(strstr(html.ptr, foot));
    /* every placeholder of the template filled */
    assert_null(strstr(html.ptr, "{{"));
    dr_buf_dispose(&html);
    view_free(&v);
}

static void test_render__texts_from_the_record_are_escaped(void **state)
{
    view v;
    dr_buf html, dot;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    view_at(&v, notice_registered, notice, "2026-10-13T10:00:00+08:00");
    html_of(&v, &html);
    assert_non_null(strstr(v.st->doc.title, "\"<b>&"));
    /* the title and the water bureau's opinion: never markup */
    assert_null(strstr(html.ptr, "<b>"));
    assert_null(strstr(html.ptr, "<i>"));
    assert_non_null(strstr(html.ptr, "&quot;&lt;b&gt;&amp;"));
    assert_non_null(strstr(html.ptr, "&lt;i&gt;ok &amp; &quot;fine&quot;&lt;/i&gt;"));
    /* in the drawing, quotes are escaped for dot */
    dr_buf_init(&dot, 0);
    assert_int_equal(dr_render_dot(&dot, &ctx, v.cfg, v.env, v.st), 0);
    assert_non_null(strstr(dot.ptr, "label=\"\\\"<b>&"));
    dr_buf_dispose(&html);
    dr_buf_dispose(&dot);
    view_free(&v);
}

static void test_render__an_open_route(void **state)
{
    view v;
    dr_buf html;
    (void)state;
    /* just submitted: both countersigns awaited, nothing registered */
    view_at(&v, notice_submitted, notice, "2026-09-29T09:30:00+08:00");
    html_of(&v, &html);
    assert_non_null(strstr(html.ptr, label(&v, "field.unregistered")));
    assert_non_null(strstr(html.ptr, label(&v, "countersign.open")));
    assert_non_null(strstr(html.ptr, "class=\"state-open\""));
    assert_non_null(strstr(html.ptr, "class=\"state-pending\""));
    assert_null(strstr(html.ptr, label(&v, "countersign.deemed")));
    /* the steps the flags leave out are shown as not applying */
    assert_non_null(strstr(html.ptr, "class=\"state-skipped\""));
    dr_buf_dispose(&html);
    view_free(&v);
}

static void test_render__the_incoming_slip_of_a_request(void **state)
{
    view v;
    dr_buf html;
    char tip[41];
    (void)state;
    hist_tip(&h, tip);
    view_at(&v, notice_registered, request_id, "2026-10-13T10:00:00+08:00");
    html_of(&v, &html);
    assert_null(strstr(html.ptr, label(&v, "foot.withdrawn")));
    /* a bureau's request up to the government: 公文处理单, its sender */
    assert_true(kind_is(&v, html.ptr, "slip.incoming"));
    assert_false(kind_is(&v, html.ptr, "slip.outgoing"));
    assert_non_null(strstr(html.ptr, label(&v, "field.sender")));
    assert_non_null(strstr(html.ptr, dr_config_unit(v.cfg, "finance")->name));
    dr_buf_dispose(&html);
    view_free(&v);
    /* withdrawn: the foot says so */
    assert_string_equal(tip, request_withdrawn);
    view_at(&v, tip, request_id, "2026-10-14T10:00:00+08:00");
    html_of(&v, &html);
    assert_non_null(strstr(html.ptr, label(&v, "foot.withdrawn")));
    assert_null(strstr(html.ptr, label(&v, "foot.closed")));
    dr_buf_dispose(&html);
    view_free(&v);
}

static void test_render__the_route_drawn(void **state)
{
    view v;
    dr_buf dot;
    dr_ctx ctx;
    char want[200];
    (void)state;
    dr_ctx_init(&ctx);
    view_at(&v, notice_submitted, notice, "2026-09-29T09:30:00+08:00");
    dr_buf_init(&dot, 0);
    assert_int_equal(dr_render_dot(&dot, &ctx, v.cfg, v.env, v.st), 0);
    snprintf(want, sizeof(want), "digraph \"%s\" {", notice);
    assert_true(!strncmp(dot.ptr, want, strlen(want)));
    assert_int_equal(dot.ptr[dot.len - 2], '}');
    /* every step a node, chained in order */
    for (size_t s = 0; s < v.st->nsteps; s++) {
        snprintf(want, sizeof(want), "  \"%s\" [label=", v.st->steps[s].step->id);
        assert_non_null(strstr(dot.ptr, want));
        if (s) {
            snprintf(want, sizeof(want), "  \"%s\" -> \"%s\";", v.st->steps[s - 1].step->id,
                     v.st->steps[s].step->id);
            assert_non_null(strstr(dot.ptr, want));
        }
    }
    /* the countersign requests hang off their step, open ones orange */
    snprintf(want, sizeof(want), "[label=\"%s\", shape=ellipse, style=filled, fillcolor=orange]",
             dr_config_unit(v.cfg, "water")->name);
    assert_non_null(strstr(dot.ptr, want));
    assert_non_null(strstr(dot.ptr, "\"countersign\" -> \"countersign/2\" [style=dotted];"));
    /* the open step bold, the pending ones grey */
    assert_non_null(strstr(dot.ptr, "style=\"filled,bold\", fillcolor=orange"));
    assert_non_null(strstr(dot.ptr, "fillcolor=gray80"));
    dr_buf_dispose(&dot);
    view_free(&v);
}

/* A slip that does not fit the output's limit is an error, never a cut page. */
static void test_render__output_limits(void **state)
{
    view v;
    dr_buf small;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    view_at(&v, notice_registered, notice, "2026-10-13T10:00:00+08:00");
    dr_buf_init(&small, 256);
    assert_int_not_equal(dr_render_html(&small, &ctx, v.cfg, v.env, v.st), 0);
    dr_buf_dispose(&small);
    dr_buf_init(&small, 64);
    assert_int_not_equal(dr_render_dot(&small, &ctx, v.cfg, v.env, v.st), 0);
    dr_buf_dispose(&small);
    view_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render__the_outgoing_slip_of_a_registered_notice),
        cmocka_unit_test(test_render__texts_from_the_record_are_escaped),
        cmocka_unit_test(test_render__an_open_route),
        cmocka_unit_test(test_render__the_incoming_slip_of_a_request),
        cmocka_unit_test(test_render__the_route_drawn),
        cmocka_unit_test(test_render__output_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
