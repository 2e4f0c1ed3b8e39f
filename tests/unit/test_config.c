/* The config (SPEC §4): the example loads; every kind of mistake is an error
 * with file, line, column and what was expected. */
#include "helpers.h"

#include <string.h>

static void test_config__example_loads(void **state)
{
    (void)state;
    dr_config *cfg = example_config();
    assert_string_equal(cfg->org_id, "zhangdian");
    assert_int_equal(cfg->utc_offset, 480);
    assert_false(cfg->accredited);
    assert_non_null(dr_config_unit(cfg, "justice"));
    assert_string_equal(dr_config_unit_by_code(cfg, "czj")->id, "finance");
    assert_true(dr_config_role(cfg, "mayor")->leader);
    assert_false(dr_config_role(cfg, "clerk")->leader);
    assert_true(dr_config_has_role(dr_config_person(cfg, "p-zhou"), "mayor", "district-gov"));
    assert_string_equal(dr_config_standing_substitute(cfg, "p-zhou"), "p-wang");
    assert_true(dr_config_is_ancestor(cfg, "district-gov", "water"));
    assert_false(dr_config_is_ancestor(cfg, "water", "district-gov"));
    /* Both algorithms are in use. */
    assert_int_equal(dr_key_alg(dr_config_person(cfg, "p-zhou")->keys[0].key), DR_ALG_ED25519);
    assert_int_equal(dr_key_alg(dr_config_person(cfg, "p-wang")->keys[0].key), DR_ALG_SM2);
    /* Every route of SPEC §4 is written out. */
    static const char *const routes[] = {"gov-outgoing", "office-outgoing", "upward-request",
                                         "upward-report", "minutes-executive", "minutes-topic"};
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
        assert_non_null(dr_config_route(cfg, routes[i]));
    const dr_route *gov = dr_config_route(cfg, "gov-outgoing");
    assert_string_equal(gov->rule, "R64-GOV-CHAIN");
    assert_true(gov->cs_silence_consent);
    assert_int_equal(gov->cs_within, 3);
    assert_false(dr_config_route(cfg, "upward-request")->cs_silence_consent);
    const dr_route *office = dr_config_route(cfg, "office-outgoing");
    const dr_step *issue = &office->steps[6];
    assert_string_equal(issue->id, "issue-sign");
    assert_int_equal(issue->by.kind, DR_SEL_ANY);
    assert_int_equal(issue->by.nany, 2);
    assert_int_equal(issue->by.any[1].kind, DR_SEL_OVERSEER);
    dr_config_free(cfg);
}

typedef struct {
    const char *from, *to;  /* an edit of the example config */
    int line;               /* the line the error must name (0: any) */
    const char *says;       /* a phrase the message must carry */
} bad_case;

static void expect_error(const bad_case *c)
{
    dr_config *cfg = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = example_config_edited(&cfg, &ctx, c->from, c->to);
    if (rc != DR_ECONFIG)
        fail_msg("edit '%s' → '%s': expected DR_ECONFIG, got %d (%s)", c->from, c->to, rc, ctx.msg);
    assert_null(cfg);
    assert_string_equal(ctx.file, "config.yaml");
    if (!strstr(ctx.msg, c->says))
        fail_msg("edit '%s': message '%s' does not say '%s'", c->from, ctx.msg, c->says);
    if (c->line && ctx.line != c->line)
        fail_msg("edit '%s': line %d, expected %d (%s)", c->from, ctx.line, c->line, ctx.msg);
    assert_true(ctx.col > 0);
}

static int line_of(const char *needle)
{
    dr_buf b;
    dr_buf_init(&b, 0);
    read_source_file("examples/zhangdian/docroute/config.yaml", &b);
    const char *at = strstr(b.ptr, needle);
    int line = 1;
    for (const char *p = b.ptr; at && p < at; p++)
        line += *p == '\n';
    dr_buf_dispose(&b);
    return at ? line : 0;
}

static void test_config__unknown_keys_are_errors(void **state)
{
    (void)state;
    bad_case cases[] = {
        {"accredited: false", "accredited: false\ncolour: blue", line_of("accredited: false") + 1,
         "unknown key 'colour'"},
        {"code: zzf,", "code: zzf, colour: red,", line_of("code: zzf,"), "unknown key 'colour' in a unit"},
        {"    rule: R64-GOV-CHAIN\n", "    rule: R64-GOV-CHAIN\n    priority: 1\n",
         line_of("    rule: R64-GOV-CHAIN") + 1, "expected one of"},
        {"{id: register, act: register, by: clerk@district-office}",
         "{id: register, act: register, by: clerk@district-office, whom: x}",
         line_of("{id: register, act: register, by: clerk@district-office}"),
         "unknown key 'whom' in a step"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(&cases[i]);
}

static void test_config__dangling_references_are_errors(void **state)
{
    (void)state;
    bad_case cases[] = {
        {"parent: district-gov, code: sfj", "parent: nowhere, code: sfj", line_of("code: sfj"),
         "unknown parent 'nowhere'"},
        {"roles: [unit-head@water]", "roles: [unit-head@atlantis]", line_of("roles: [unit-head@water]"),
         "unknown unit 'atlantis'"},
        {"roles: [unit-head@water]", "roles: [treasurer@water]", line_of("roles: [unit-head@water]"),
         "undeclared role 'treasurer'"},
        {"file: keys/p-he-1.pem", "file: keys/p-nobody-1.pem", line_of("keys/p-he-1.pem"),
         "does not exist"},
        {"p-zhou: p-wang", "p-zhou: p-ghost", line_of("p-zhou: p-wang"), "unknown person 'p-ghost'"},
        {"overseen-by: p-zhao}", "overseen-by: p-ghost}", line_of("code: sfj"),
         "unknown person 'p-ghost'"},
        {"by: office-director@district-office}", "by: chancellor}",
         line_of("by: office-director@district-office}"), "undeclared role 'chancellor'"},
        {"rule: R64-GOV-CHAIN\n", "rule: R99-MADE-UP\n", line_of("rule: R64-GOV-CHAIN"),
         "unknown rule 'R99-MADE-UP'"},
        {"finance.budget: finance", "finance.budget: treasury", line_of("finance.budget: finance"),
         "unknown unit 'treasury'"},
        {"{person: p-zhang, from: 2026-09-28, to: 2026-09-30}",
         "{person: p-zhang, from: 2026-09-30, to: 2026-09-28}", line_of("{person: p-zhang, from"),
         "ends before it starts"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(&cases[i]);
}

static void test_config__cycles_are_errors(void **state)
{
    (void)state;
    /* district-gov under water, water under district-gov */
    bad_case tree = {"{id: district-gov, name: 张店区人民政府, code: zzf,",
                     "{id: district-gov, name: 张店区人民政府, parent: water, code: zzf,",
                     0, "cycle in the unit tree"};
    expect_error(&tree);
    bad_case subs = {"p-zhao: p-wang", "p-zhao: p-zhang", 0, "cycle"};
    expect_error(&subs);
}

static void test_config__malformed_yaml_names_its_position(void **state)
{
    (void)state;
    bad_case cases[] = {
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: {extra-urgent: 1, urgent: 2",
         0, ""},
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: {extra-urgent: one, urgent: 2}",
         line_of("periods:"), "whole number"},
        {"accredited: false", "accredited: maybe", line_of("accredited: false"), "true or false"},
        {"utc-offset: \"+08:00\"", "utc-offset: \"8 hours\"", line_of("utc-offset"), "+08:00"},
        {"substitutes:\n", "anchors: &x [1]\nsubstitutes:\n", 0, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(&cases[i]);
}

static void test_config__rule_articles(void **state)
{
    (void)state;
    dr_config *cfg = example_config();
    /* Without rules: the shipped default catalog, the seed's. */
    assert_true(cfg->rules_default);
    assert_true(dr_rule_known(cfg, "R59-ONE-MATTER"));
    assert_true(dr_rule_known(cfg, "ENV-HISTORY"));
    assert_true(dr_rule_known(NULL, "ENV-HISTORY")); /* the toolkit's own, with no config */
    assert_false(dr_rule_known(cfg, "R59-NOTHING"));
    assert_string_equal(dr_rule_article(cfg, "R63-SILENCE-IS-CONSENT"), "art. 63");
    assert_string_equal(dr_rule_article(cfg, "C22-JOINT-SIGN"), "条例 22");
    assert_string_equal(dr_rule_text(cfg, "R59-ONE-MATTER"), "请示应当一文一事");
    assert_string_equal(dr_rule_article(NULL, "R59-ONE-MATTER"), "");
    assert_string_equal(dr_config_check(cfg, "one-matter")->id, "R59-ONE-MATTER");
    assert_string_equal(dr_config_cite(cfg, "silence", NULL), "R63-SILENCE-IS-CONSENT");
    assert_null(dr_config_check(cfg, "no-such-check"));
    const dr_rule *r57 = dr_config_rule(cfg, "R57-ISSUE-5WD");
    assert_true(r57->warning && r57->overridable);
    assert_string_equal(r57->meeting, "executive");
    assert_int_equal(r57->within, 5);
    const dr_rule *r65 = dr_config_rule(cfg, "R65-NO-DIRECTIVE-DOWN");
    assert_int_equal(r65->to.n, 2);
    assert_string_equal(r65->phrases.v[0], "经区政府同意");
    dr_config_free(cfg);
}

/* A config's own catalog replaces the default whole: its IDs are cited, the seed's are not known. */
static void test_config__own_rule_catalog(void **state)
{
    (void)state;
    dr_config *cfg = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    const char *own = "rules:\n"
                      "  C51-CITY-CHAIN: {article: 第五十一条, text: 市政府文件签发}\n"
                      "  C40-ONE-MATTER: {article: 第四十条, text: 请示一文一事, check: one-matter, types: [request]}\n"
                      "routes:\n";
    /* The example's routes cite the seed's IDs: with a catalog of its own, they are unknown. */
    assert_int_equal(example_config_edited(&cfg, &ctx, "routes:\n", own), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "unknown rule 'R64-GOV-CHAIN'"));
    dr_ctx_init(&ctx);
    dr_buf b;
    dr_buf_init(&b, 0);
    read_source_file("examples/zhangdian/docroute/config.yaml", &b);
    /* Strip the seed's rule citations, cite the city's on one route. */
    char *text = b.ptr;
    for (char *p; (p = strstr(text, ", rule: ")) || (p = strstr(text, "    rule: "));) {
        char *end = p;
        while (*end && *end != '}' && *end != '\n')
            end++;
        memset(p, ' ', (size_t)(end - p));
    }
    dr_buf ed;
    dr_buf_init(&ed, 0);
    const char *at = strstr(text, "routes:\n");
    dr_buf_put(&ed, text, (size_t)(at - text));
    dr_buf_puts(&ed, own);
    dr_buf_puts(&ed, at + strlen("routes:\n"));
    int rc = dr_config_load(&cfg, &ctx, "config.yaml", ed.ptr, ed.len, NULL, NULL, DR_CONFIG_NO_KEYS);
    if (rc)
        fail_msg("%s:%d:%d: %s", ctx.file, ctx.line, ctx.col, ctx.msg);
    assert_false(cfg->rules_default);
    assert_int_equal(cfg->nrules, 2);
    assert_true(dr_rule_known(cfg, "C51-CITY-CHAIN"));
    assert_false(dr_rule_known(cfg, "R59-ONE-MATTER"));
    assert_string_equal(dr_rule_article(cfg, "C40-ONE-MATTER"), "第四十条");
    assert_string_equal(dr_config_check(cfg, "one-matter")->id, "C40-ONE-MATTER");
    assert_null(dr_config_check(cfg, "report-no-request")); /* bound by no rule: off */
    assert_null(dr_config_cite(cfg, "silence", NULL));
    dr_config_free(cfg);
    dr_buf_dispose(&ed);
    dr_buf_dispose(&b);
}

static void test_config__bad_rules_are_errors(void **state)
{
    (void)state;
    int line = line_of("routes:\n");
    bad_case cases[] = {
        {"routes:\n", "rules:\n  X1: {article: a, text: t, check: nothing}\nroutes:\n", line + 1,
         "unknown check 'nothing'"},
        {"routes:\n", "rules:\n  X1: {article: a, check: one-matter}\nroutes:\n", line + 1,
         "needs its 'article' and 'text'"},
        {"routes:\n", "rules:\n  X1: {article: a, text: t, check: one-matter, within: 3}\nroutes:\n",
         line + 1, "unknown key 'within' for check 'one-matter'"},
        {"routes:\n", "rules:\n  ENV-MINE: {article: a, text: t}\nroutes:\n", line + 1,
         "toolkit's own"},
        {"routes:\n", "rules:\n  X1: {article: a, text: t, check: dept-scope, to: [galaxy]}\nroutes:\n",
         line + 1, "unit kind 'galaxy'"},
        {"routes:\n", "rules:\n  X1: {article: a, text: t, severity: fatal}\nroutes:\n", line + 1,
         "error or warning"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(&cases[i]);
}

/* A bounded write that cut a multi-byte character leaves valid UTF-8 after the trim. */
static void test_config__utf8_trim(void **state)
{
    (void)state;
    char a[] = "abc\xe5\x8f"; /* 号 cut after two of its three bytes */
    dr_utf8_trim(a);
    assert_string_equal(a, "abc");
    char b[] = "abc\xe5\x8f\xb7"; /* whole */
    dr_utf8_trim(b);
    assert_string_equal(b, "abc\xe5\x8f\xb7");
    char c[] = "\xf0\x9f\x98"; /* a 4-byte sequence cut */
    dr_utf8_trim(c);
    assert_string_equal(c, "");
    char d[] = "plain";
    dr_utf8_trim(d);
    assert_string_equal(d, "plain");
    assert_true(dr_utf8_valid(a, strlen(a)) && dr_utf8_valid(c, strlen(c)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config__example_loads),
        cmocka_unit_test(test_config__unknown_keys_are_errors),
        cmocka_unit_test(test_config__dangling_references_are_errors),
        cmocka_unit_test(test_config__cycles_are_errors),
        cmocka_unit_test(test_config__malformed_yaml_names_its_position),
        cmocka_unit_test(test_config__rule_articles),
        cmocka_unit_test(test_config__own_rule_catalog),
        cmocka_unit_test(test_config__utf8_trim),
        cmocka_unit_test(test_config__bad_rules_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
