/* The submission rules (check.c) on documents built in memory against the example
 * config and the shipped catalog: each rule trips on what it forbids and names its rule
 * ID, severity and element, and stays quiet on the document that keeps it. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

/* A request of the finance bureau to the district government: keeps every rule. */
typedef struct draft {
    dr_document d;
    dr_doc_unit issuers[4], to[4], cc[4], involves[4];
    dr_matter matters[4];
    const char *exceptions[4];
} draft;

static void request_draft(draft *x)
{
    memset(x, 0, sizeof(*x));
    x->d.type = "request";
    x->d.title = "张店区财政局关于拨付防汛资金的请示";
    x->d.drafter = "finance";
    x->issuers[0].unit = "finance";
    x->to[0].unit = "district-gov";
    x->matters[0] = (dr_matter){"m1", "request", "finance.reserve", "拨付防汛资金"};
    x->d.level = "none";
    x->d.urgency = "normal";
    x->d.disclosure = "active";
    x->d.issuers = x->issuers;
    x->d.nissuers = 1;
    x->d.to = x->to;
    x->d.nto = 1;
    x->d.cc = x->cc;
    x->d.involves = x->involves;
    x->d.matters = x->matters;
    x->d.nmatters = 1;
    x->d.exceptions = x->exceptions;
}

/* A notice of the emergency bureau to a town. */
static void down_draft(draft *x)
{
    request_draft(x);
    x->d.type = "notice";
    x->d.title = "张店区应急管理局关于做好防汛工作的通知";
    x->d.drafter = "emergency";
    x->issuers[0].unit = "emergency";
    x->to[0].unit = "town-fenghuang";
    x->matters[0] = (dr_matter){"m1", "info", NULL, "做好防汛工作"};
}

static dr_config *cfg;

static int setup(void **state)
{
    (void)state;
    cfg = example_config();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dr_config_free(cfg);
    return 0;
}

/* The findings of the document: exactly the rules listed (in order), NULL-terminated. */
static void expect(const draft *x, const char *body, const dr_route *route, const char *const *rules,
                   const char *says)
{
    dr_findings f;
    dr_findings_init(&f);
    assert_int_equal(dr_check_submission(&f, cfg, &x->d, body, route), 0);
    size_t n = 0;
    while (rules[n])
        n++;
    bool ok = f.n == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = !strcmp(f.v[i].rule, rules[i]);
    if (ok && says && n)
        ok = strstr(f.v[0].message, says) != NULL;
    if (!ok) {
        for (size_t i = 0; i < f.n; i++)
            print_message("  %s %s <%s>: %s\n", f.v[i].rule, dr_severity_name(f.v[i].severity),
                          f.v[i].element, f.v[i].message);
        fail_msg("%zu findings, wanted %zu (first %s saying '%s')", f.n, n, n ? rules[0] : "-",
                 says ? says : "");
    }
    dr_findings_dispose(&f);
}

#define NONE ((const char *const[]){NULL})
#define RULES(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_check__a_good_request_keeps_every_rule(void **state)
{
    draft x;
    (void)state;
    request_draft(&x);
    expect(&x, "请予审批。", NULL, NONE, NULL);
    down_draft(&x);
    expect(&x, NULL, NULL, NONE, NULL);
}

static void test_check__references_the_config_does_not_know(void **state)
{
    draft x;
    dr_findings f;
    (void)state;
    request_draft(&x);
    x.matters[0].text = "事项" DR_MATTER_PLACEHOLDER;
    expect(&x, NULL, NULL, RULES(DR_ENV_SCHEMA), "matter 'm1' is still the template's placeholder");

    request_draft(&x);
    x.cc[0].group = "everyone";
    x.d.ncc = 1;
    x.to[1].group = "towns-streets";
    x.d.nto = 2;
    expect(&x, NULL, NULL, RULES(DR_ENV_SCHEMA), "<cc group=\"everyone\"> names a group the config does not declare");

    request_draft(&x);
    x.involves[0].unit = "navy";
    x.d.ninvolves = 1;
    expect(&x, NULL, NULL, RULES(DR_ENV_SCHEMA), "<involves unit=\"navy\">");

    request_draft(&x);
    x.d.meeting_kind = "banquet";
    x.d.meeting_chair = "p-nobody";
    x.d.meeting_commissioned_by = "p-ghost";
    x.d.meeting_date = "2026-09-01";
    dr_findings_init(&f);
    dr_check_submission(&f, cfg, &x.d, NULL, NULL);
    assert_int_equal(f.n, 3);
    assert_non_null(strstr(f.v[0].message, "<meeting kind=\"banquet\">"));
    assert_non_null(strstr(f.v[1].message, "<meeting chair=\"p-nobody\">"));
    assert_non_null(strstr(f.v[2].message, "<meeting commissioned-by=\"p-ghost\">"));
    for (size_t i = 0; i < f.n; i++) {
        assert_true(f.v[i].input_error);
        assert_string_equal(f.v[i].element, "meeting");
    }
    dr_findings_dispose(&f);

    /* a person the config does not know: refused (and a leader in person or not, the
     * document does not go to a person) */
    request_draft(&x);
    x.to[0].unit = NULL;
    x.to[0].person = "p-nobody";
    expect(&x, NULL, NULL, RULES(DR_ENV_SCHEMA, "R59-VIA-OFFICE"), "<to person=\"p-nobody\">");
}

static void test_check__one_matter_and_reports(void **state)
{
    draft x;
    (void)state;
    request_draft(&x);
    x.matters[1] = (dr_matter){"m2", "request", NULL, "另一事项"};
    x.d.nmatters = 2;
    expect(&x, NULL, NULL, RULES("R59-ONE-MATTER"), "a request carries exactly one matter (请示应当一文一事), not 2");

    request_draft(&x);
    x.d.type = "report";
    x.d.title = "张店区财政局关于防汛资金使用情况的报告";
    expect(&x, "以上报告，请审批。", NULL, RULES("R59-REPORT-NO-REQUEST", "R59-REPORT-NO-REQUEST"),
           "a report carries no request: matter 'm1' is kind=\"request\"");
    x.matters[0].kind = "info";
    expect(&x, NULL, NULL, NONE, NULL);
    x.matters[0].text = "资金已拨付，妥否";
    expect(&x, NULL, NULL, RULES("R59-REPORT-NO-REQUEST"), "but it says '妥否'");
}

static void test_check__via_office_and_secrecy(void **state)
{
    draft x;
    (void)state;
    request_draft(&x);
    x.to[0].unit = NULL;
    x.to[0].person = "p-zhou";
    expect(&x, NULL, NULL, RULES("R59-VIA-OFFICE"), "not to a leader in person (<to person=\"p-zhou\">)");
    x.exceptions[0] = "leader-assigned";
    x.d.nexceptions = 1;
    expect(&x, NULL, NULL, NONE, NULL);

    request_draft(&x);
    x.exceptions[0] = "top-secret";
    x.d.nexceptions = 1;
    expect(&x, NULL, NULL, RULES("R59-VIA-OFFICE"), "needs classification level=\"top-secret\", not 'none'");
    x.d.level = NULL;
    expect(&x, NULL, NULL, RULES("R59-VIA-OFFICE"), "not 'none'");

    /* the secrecy term: N年, N个月 or 长期, and only on a classified document */
    static const struct {
        const char *level, *term;
        bool ok;
    } terms[] = {
        {"secret", "长期", true},    {"secret", "3个月", true}, {"secret", "10年", true},
        {"secret", "0年", false},    {"secret", "x年", false},  {"secret", "年", false},
        {"secret", "3天", false},    {"secret", "03个月", false},
    };
    for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
        request_draft(&x);
        x.d.level = terms[i].level;
        x.d.term = terms[i].term;
        if (terms[i].ok)
            expect(&x, NULL, NULL, RULES(DR_ENV_CLASSIFIED), "a secret document is handled only on a system accredited");
        else
            expect(&x, NULL, NULL, RULES("GB-FORMAT", DR_ENV_CLASSIFIED), "the secrecy term");
    }
    request_draft(&x);
    x.d.term = "1年";
    expect(&x, NULL, NULL, RULES("GB-FORMAT"), "an unclassified document has no secrecy term ('1年')");
}

static void test_check__upward_documents(void **state)
{
    draft x;
    (void)state;
    /* two primary recipients */
    request_draft(&x);
    x.to[1].unit = "district-office";
    x.d.nto = 2;
    expect(&x, NULL, NULL, RULES("R59-SINGLE-RECIPIENT"),
           "an upward document has exactly one primary recipient (不得多头报文), not 2");

    /* a town past the district to the city */
    request_draft(&x);
    x.d.drafter = "town-fenghuang";
    x.issuers[0].unit = "town-fenghuang";
    x.to[0].unit = "city-gov";
    x.d.title = "凤凰镇人民政府关于防汛资金的请示";
    x.matters[0].category = NULL;
    expect(&x, NULL, NULL, RULES("R59-NO-SKIP-LEVEL"),
           "'city-gov' is not the direct superior of 'town-fenghuang' (that is 'district-gov')");
    /* with an approval: it copies the organ passed over */
    x.d.has_approval = true;
    expect(&x, NULL, NULL, RULES("C14-SKIP-LEVEL-COPY"), "add <cc unit=\"district-gov\"/>");
    x.cc[0].unit = "district-gov";
    x.d.ncc = 1;
    expect(&x, NULL, NULL, NONE, NULL);

    /* the district to the city is direct; it copies nobody below it */
    request_draft(&x);
    x.d.drafter = "district-office";
    x.issuers[0].unit = "district-gov";
    x.to[0].unit = "city-gov";
    x.d.title = "张店区人民政府关于防汛资金的请示";
    x.matters[0].category = NULL;
    x.cc[0].unit = "town-fenghuang";
    x.d.ncc = 1;
    expect(&x, NULL, NULL, RULES("C15-NO-CC-DOWN"), "an upward document copies no organ below its issuer: 'town-fenghuang'");
    x.cc[0].unit = "district-committee";
    expect(&x, NULL, NULL, NONE, NULL);
}

static void test_check__department_scope(void **state)
{
    draft x;
    (void)state;
    /* a town's request in the finance bureau's remit goes to the bureau */
    request_draft(&x);
    x.d.drafter = "town-fenghuang";
    x.issuers[0].unit = "town-fenghuang";
    x.d.title = "凤凰镇人民政府关于防汛资金的请示";
    x.matters[0].category = "finance.budget";
    expect(&x, NULL, NULL, RULES("R59-DEPT-SCOPE"),
           "matter 'm1' (finance.budget) is in the remit of 'finance': send it there, not to 'district-gov'");
    /* sent to the bureau itself: kept */
    x.to[0].unit = "finance";
    expect(&x, NULL, NULL, NONE, NULL);
    /* a category no remit names, none at all, or a report: kept */
    x.to[0].unit = "district-gov";
    x.matters[0].category = "unknown.category";
    expect(&x, NULL, NULL, NONE, NULL);
    x.matters[0].category = NULL;
    expect(&x, NULL, NULL, NONE, NULL);
    x.matters[0].category = "finance.budget";
    x.matters[0].kind = "info";
    x.d.type = "report";
    x.d.title = "凤凰镇人民政府关于防汛资金的报告";
    expect(&x, NULL, NULL, NONE, NULL);
}

static void test_check__countersign_needed(void **state)
{
    draft x;
    (void)state;
    request_draft(&x);
    x.involves[0].unit = "water";
    x.d.ninvolves = 1;
    const dr_route *asks = dr_config_route(cfg, "upward-request");
    const dr_route *silent = dr_config_route(cfg, "minutes-executive");
    assert_non_null(asks);
    assert_non_null(silent);
    expect(&x, NULL, asks, NONE, NULL);
    expect(&x, NULL, silent, RULES("R59-COUNTERSIGN-NEEDED"),
           "'water' is involved but route 'minutes-executive' asks no countersign");
    /* an issuer is not asked to countersign its own document */
    x.involves[0].unit = "finance";
    expect(&x, NULL, silent, NONE, NULL);
}

static void test_check__directives_down(void **state)
{
    draft x;
    (void)state;
    down_draft(&x);
    x.d.directive = true;
    expect(&x, NULL, NULL, RULES("R65-NO-DIRECTIVE-DOWN"),
           "a directive document needs the superior's approval: cite an <approval> and say it");
    x.d.has_approval = true;
    expect(&x, "各镇：请做好防汛工作。", NULL, RULES("R65-NO-DIRECTIVE-DOWN"),
           "needs the superior's approval: say it in the title or body as the config's phrase says (经区政府同意)");
    expect(&x, "经区政府同意，现通知如下。", NULL, NONE, NULL);
    /* "经{parent}同意": the issuer's parent by name */
    expect(&x, "经张店区人民政府同意，现通知如下。", NULL, NONE, NULL);
    expect(&x, "经张店区水利局同意，现通知如下。", NULL, RULES("R65-NO-DIRECTIVE-DOWN"), NULL);

    /* not a directive, but a demand for reports: "报送{issuer}" */
    down_draft(&x);
    expect(&x, "请于月底前报送张店区应急管理局。", NULL, RULES("R65-NO-DIRECTIVE-DOWN"),
           "a demand for reports needs the superior's approval");
    expect(&x, "请于月底前报送张店区水利局。", NULL, NONE, NULL);
    x.d.title = "张店区应急管理局关于报我局防汛情况的通知";
    expect(&x, NULL, NULL, RULES("R65-NO-DIRECTIVE-DOWN"), "a demand for reports");
    /* a matter's text is read too */
    down_draft(&x);
    x.matters[0].text = "做好防汛工作并报送本部门";
    expect(&x, NULL, NULL, RULES("R65-NO-DIRECTIVE-DOWN"), "a demand for reports");
    /* the district office (not a department) directs the towns freely */
    down_draft(&x);
    x.d.directive = true;
    x.d.drafter = x.issuers[0].unit = "district-office";
    x.d.title = "张店区人民政府办公室关于做好防汛工作的通知";
    expect(&x, NULL, NULL, NONE, NULL);
}

/* A phrase with a slot that is not {issuer} or {parent}, or never closed, is plain text. */
static void test_check__phrases_with_other_braces(void **state)
{
    dr_config *own = NULL;
    dr_ctx ctx;
    draft x;
    (void)state;
    dr_ctx_init(&ctx);
    int rc = example_config_edited(&own, &ctx, "routes:\n",
                                   "rules:\n"
                                   "  R-A: {article: a, text: t, check: directive-down, from: [department], to: [town],\n"
                                   "        phrases: [\"经{mayor}同意\", \"经{parent\"], report-phrases: [\"报{unit}\"]}\n"
                                   "  R-ROUTE: {article: a, text: t}\n  R64-GOV-CHAIN: {article: a, text: t}\n"
                                   "  R64-OFFICE-CHAIN: {article: a, text: t}\n  R59-COUNTERSIGN-NEEDED: {article: a, text: t}\n"
                                   "  R63-DRAFTER-HEAD: {article: a, text: t}\n  R21-LEGALITY-REVIEW: {article: a, text: t}\n"
                                   "  R24-FAIR-COMPETITION: {article: a, text: t}\n  R59-PRINCIPAL-SIGNS: {article: a, text: t}\n"
                                   "  R59-VIA-OFFICE: {article: a, text: t}\n  R54-AGENDA-10WD: {article: a, text: t}\n"
                                   "  R60-MAJOR-TO-MAYOR: {article: a, text: t}\n  R60-CIRCLE-READ: {article: a, text: t}\n"
                                   "  R56-MINUTES: {article: a, text: t}\n  C22-JOINT-SIGN: {article: a, text: t}\n"
                                   "routes:\n");
    if (rc)
        fail_msg("%s:%d: %s", ctx.file, ctx.line, ctx.msg);
    down_draft(&x);
    x.d.directive = true;
    x.d.has_approval = true;
    dr_findings f;
    dr_findings_init(&f);
    dr_check_submission(&f, own, &x.d, "经{mayor}同意", NULL);
    assert_int_equal(f.n, 0);
    dr_check_submission(&f, own, &x.d, "经{parent", NULL);
    assert_int_equal(f.n, 0);
    dr_check_submission(&f, own, &x.d, "经区政府同意", NULL);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "R-A");
    /* a report phrase with an unknown slot, literally in the body: a demand for reports */
    x.d.directive = false;
    x.d.has_approval = false;
    dr_findings_dispose(&f);
    dr_check_submission(&f, own, &x.d, "请报{unit}", NULL);
    assert_int_equal(f.n, 1);
    assert_non_null(strstr(f.v[0].message, "a demand for reports needs the superior's approval: cite an <approval> and say it"));
    dr_findings_dispose(&f);
    dr_config_free(own);
}

static void test_check__deadlines_of_meetings(void **state)
{
    dr_calendar *cal = example_calendar();
    dr_findings f;
    dr_ctx ctx;
    draft x;
    (void)state;
    dr_findings_init(&f);
    dr_ctx_init(&ctx);
    request_draft(&x);
    x.d.meeting_kind = "executive";
    x.d.meeting_date = "2026-10-20";
    /* 10 working days before Tuesday 2026-10-20 is 2026-09-30 (National Day between) */
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-09-30")), 0);
    assert_int_equal(f.n, 0);
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-10-08")), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "R54-AGENDA-10WD");
    assert_int_equal(f.v[0].severity, DR_SEV_WARNING);
    assert_string_equal(dr_severity_name(f.v[0].severity), "warning");
    assert_non_null(strstr(f.v[0].message, "is sent to the office by 2026-09-30"));
    dr_findings_dispose(&f);

    /* revised after the meeting: 10 working days after it */
    x.d.meeting_decision = "major-revision";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-11-03")), 0);
    assert_int_equal(f.n, 0);
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-11-04")), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "R57-ISSUE-5WD");
    assert_non_null(strstr(f.v[0].message, "was due by 2026-11-03 (10 working days after it)"));
    dr_findings_dispose(&f);
    /* approved, another kind, minutes, no date or a bad one: nothing to judge */
    x.d.meeting_decision = "approved";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-12-30")), 0);
    x.d.meeting_decision = NULL;
    x.d.meeting_kind = "topic";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-12-30")), 0);
    x.d.meeting_kind = "executive";
    x.d.type = "minutes";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-12-30")), 0);
    x.d.type = "request";
    x.d.meeting_date = "2026-13-01";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2026-12-30")), 0);
    assert_int_equal(f.n, 0);
    /* a meeting in a year without a calendar */
    x.d.meeting_date = "2028-01-20";
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2028-01-02")), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2028"));
    x.d.meeting_decision = "major-revision";
    dr_ctx_init(&ctx);
    assert_int_equal(dr_check_deadlines(&f, &ctx, cfg, cal, &x.d, D("2028-01-02")), DR_ECONFIG);
    dr_findings_dispose(&f);
    dr_calendar_free(cal);
}

static void test_check__findings(void **state)
{
    dr_findings f;
    (void)state;
    dr_findings_init(&f);
    assert_int_equal(dr_findings_add(&f, "R-A", DR_SEV_INFO, NULL, false, "note %d", 1), 0);
    assert_int_equal(dr_findings_add(&f, "R-B", DR_SEV_ERROR, "title", true, "%s", "bad"), 0);
    assert_int_equal(dr_findings_count(&f, DR_SEV_INFO), 1);
    assert_int_equal(dr_findings_count(&f, DR_SEV_WARNING), 0);
    assert_string_equal(f.v[0].element, "");
    assert_string_equal(f.v[0].message, "note 1");
    assert_string_equal(dr_severity_name(f.v[0].severity), "info");
    assert_string_equal(dr_severity_name(f.v[1].severity), "error");
    dr_findings_dispose(&f);
    assert_int_equal(f.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check__a_good_request_keeps_every_rule),
        cmocka_unit_test(test_check__references_the_config_does_not_know),
        cmocka_unit_test(test_check__one_matter_and_reports),
        cmocka_unit_test(test_check__via_office_and_secrecy),
        cmocka_unit_test(test_check__upward_documents),
        cmocka_unit_test(test_check__department_scope),
        cmocka_unit_test(test_check__countersign_needed),
        cmocka_unit_test(test_check__directives_down),
        cmocka_unit_test(test_check__phrases_with_other_braces),
        cmocka_unit_test(test_check__deadlines_of_meetings),
        cmocka_unit_test(test_check__findings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
