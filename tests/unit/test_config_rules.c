/* The parts of a config test_config_errors.c leaves alone — its own rule catalog
 * (rules.c), meetings, periods, remit, the organization, steps' conditions and
 * numbering (config.c, orgdata.c) — each refused for what it breaks, with the line. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A rules: section in front of routes: (the example has none: the shipped catalog). */
#define RULES(text) "rules:\n" text "routes:\n"

static void test_config_rules__rule_ids(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"routes:\n", "rules: [R-A]\nroutes:\n", "'rules' is a map: rule ID"},
        {"routes:\n", RULES("  \"R A\": {article: a, text: t}\n"), "letters, digits, '-', '_' and '.' only"},
        {"routes:\n", RULES("  R/A: {article: a, text: t}\n"), "letters, digits"},
        {"routes:\n", RULES("  1-R: {article: a, text: t}\n"), "must start with a letter"},
        {"routes:\n", RULES("  -R: {article: a, text: t}\n"), "must start with a letter"},
        {"routes:\n", RULES("  R123456789012345678901234567890123456789: {article: a, text: t}\n"),
         "at most 39 characters"},
        {"routes:\n", RULES("  ENV-MINE: {article: a, text: t}\n"), "ENV-* are the toolkit's own rules"},
        {"routes:\n", RULES("  R-A: [article]\n"), "rule 'R-A' is a map {article, text, check"},
    };
    config_expect_errors(cases, N(cases));
}

static void test_config_rules__rule_bodies(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: [urgent]}\n"), "'check' names a check"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: telepathy}\n"),
         "unknown check 'telepathy' (known: one-matter, report-no-request"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, colour: red}\n"), "rule 'R-A': unknown key 'colour'"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: urgent, types: [notice]}\n"),
         "unknown key 'types' for check 'urgent'"},
        {"routes:\n", RULES("  R-A: {article: \"\", text: t}\n"), "'article' must be a non-empty text"},
        {"routes:\n", RULES("  R-A: {article: a, text: [t]}\n"), "'text' must be a non-empty text"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, help: {a: b}}\n"), "'help' must be a non-empty text"},
        {"routes:\n", RULES("  R-A: {text: t}\n"), "rule 'R-A' needs its 'article' and 'text'"},
        {"routes:\n", RULES("  R-A: {article: a}\n"), "needs its 'article' and 'text'"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, severity: fatal}\n"), "'severity' is error or warning"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, severity: [error]}\n"), "'severity' is error or warning"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, overridable: yes}\n"), "'overridable' is true or false"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, overridable: [true]}\n"), "'overridable' is true"},
    };
    config_expect_errors(cases, N(cases));
}

static void test_config_rules__rule_parameters(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: one-matter, types: notice}\n"),
         "'types' must be a non-empty list"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: one-matter, types: []}\n"),
         "'types' must be a non-empty list"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: one-matter, types: [[notice]]}\n"),
         "'types' lists texts"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: report-no-request, phrases: [\"\"]}\n"),
         "'phrases' lists texts"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: directive-down, report-phrases: x}\n"),
         "'report-phrases' must be a non-empty list"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: executive, within: 0}\n"),
         "'within' must be a whole number of working days from 1 to 365"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: executive, within: 366}\n"),
         "from 1 to 365"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: executive, within: \"5\"}\n"),
         "from 1 to 365"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: executive, within: 5d}\n"),
         "from 1 to 365"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: executive, within: [5]}\n"),
         "from 1 to 365"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: issue-after-meeting, meeting: executive, within: 5, revise-within: 0}\n"),
         "'revise-within' must be a whole number"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: issue-after-meeting, meeting: executive}\n"),
         "check 'issue-after-meeting' needs 'meeting' and 'within'"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, within: 3}\n"),
         "check 'agenda-before-meeting' needs 'meeting' and 'within'"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: agenda-before-meeting, meeting: banquet, within: 3}\n"),
         "names the meeting kind 'banquet', which meetings: does not declare"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: dept-scope, from: [planet]}\n"),
         "names the unit kind 'planet', which the config does not declare"},
        {"routes:\n", RULES("  R-A: {article: a, text: t, check: dept-scope, from: [department], to: [moon]}\n"),
         "names the unit kind 'moon'"},
    };
    config_expect_errors(cases, N(cases));
}

/* A catalog of its own replaces the shipped one whole: the routes' rules must be in it. */
static void test_config_rules__own_catalog_replaces_the_default(void **state)
{
    dr_config *cfg = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    assert_int_equal(example_config_edited(&cfg, &ctx, "routes:\n",
                                           RULES("  R-A: {article: a, text: t, severity: warning}\n")),
                     DR_ECONFIG);
    assert_null(cfg);
    assert_non_null(strstr(ctx.msg, "unknown rule 'R64-GOV-CHAIN'"));
    /* the shipped catalog is not mentioned for a config with its own */
    assert_null(strstr(ctx.msg, "default catalog"));
    /* without rules:, an unknown rule says where the catalog comes from */
    dr_ctx_init(&ctx);
    assert_int_equal(example_config_edited(&cfg, &ctx, "rule: R64-GOV-CHAIN", "rule: R-NOWHERE"), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "unknown rule 'R-NOWHERE'"));
    assert_non_null(strstr(ctx.msg, "default catalog"));
}

static void test_config_rules__organization_and_top_level(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"organization: {", "colour: red\norganization: {", "unknown key 'colour' in the config"},
        {"organization: {id: zhangdian, name: 淄博市张店区人民政府, utc-offset: \"+08:00\"}",
         "organization: [zhangdian]", "'organization' must be a mapping"},
        {"organization: {id: zhangdian, ", "organization: {", "missing 'id'"},
        {"name: 淄博市张店区人民政府, utc-offset: \"+08:00\"}", "utc-offset: \"+08:00\"}", "missing 'name'"},
        {"utc-offset: \"+08:00\"}", "utc-offset: \"+8\"}", "'utc-offset' must look like \"+08:00\""},
        {"utc-offset: \"+08:00\"}", "utc-offset: \"+08:00\", tz: x}", "unknown key 'tz' in 'organization'"},
        {"accredited: false", "accredited: no", "'accredited' must be true or false"},
        {"accredited: false", "accredited: \"false\"", "'accredited' must be true or false"},
        {"accredited: false", "accredited: [true]", "'accredited' must be true or false"},
        {"overseen-by: p-zhao}", "overseen-by: p-nobody}", "overseen by the unknown person 'p-nobody'"},
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: {extra-urgent: 0, urgent: 2}",
         "'extra-urgent' must be a whole number from 1 to 30"},
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: {extra-urgent: 1, urgent: 31}", "'urgent' must be"},
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: {extra-urgent: 1, normal: 2}", "unknown key 'normal'"},
        {"periods: {extra-urgent: 1, urgent: 2}", "periods: [1, 2]", "'periods' must be a mapping"},
        {"request-phrases: [请批示,", "request-phrases: [\"\", 请批示,", "'request-phrases' must list non-empty"},
        {"  finance.budget: finance", "  finance.budget: treasury", "remit maps 'finance.budget' to the unknown unit"},
    };
    config_expect_errors(cases, N(cases));
}

static void test_config_rules__meetings_and_kinds(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"routes:\n", "meetings: [executive]\nroutes:\n", "'meetings' maps a meeting kind to {name}"},
        {"routes:\n", "meetings: {executive: 常务会议}\nroutes:\n", "a meeting must be a mapping"},
        {"routes:\n", "meetings: {executive: {name: 常务会议, room: 1}}\nroutes:\n", "unknown key 'room' in a meeting"},
        {"routes:\n", "meetings: {executive: {}}\nroutes:\n", "missing 'name'"},
        /* the example's minutes routes and rules name meetings the config must then declare */
        {"routes:\n", "meetings: {executive: {name: 常务会议}}\nroutes:\n", "which meetings: does not declare"},
        {"routes:\n", "unit-kinds: [government, [office]]\nroutes:\n", "'unit-kinds' must list non-empty strings"},
        {"routes:\n", "unit-kinds: {a: b}\nroutes:\n", "'unit-kinds' must be a string or a list"},
        {"units:\n", "unit-kinds: [government, office]\nunits:\n", "needs a kind the config declares"},
        {"routes:\n", "config-signatures: {sensitive: 10}\nroutes:\n", "'sensitive' must be a whole number from 1 to 9"},
        {"routes:\n", "config-signatures: {sensitive: 2, routine: 1}\nroutes:\n", "unknown key 'routine'"},
        {"routes:\n", "config-signatures: [2]\nroutes:\n", "'config-signatures' must be a mapping"},
    };
    config_expect_errors(cases, N(cases));
}

static void test_config_rules__route_matches_and_step_conditions(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"match: {type: minutes, meeting: [topic]}", "match: {type: minutes, meeting: [banquet]}",
         "matches the meeting kind 'banquet', which meetings: does not declare"},
        {"match: {type: minutes, meeting: [topic]}", "match: {type: minutes, when: [sunny]}",
         "'when' names the unknown condition 'sunny'"},
        {"match: {type: minutes, meeting: [topic]}", "match: {type: minutes, unless: [\"category:\"]}",
         "'unless' names the unknown condition 'category:'"},
        {"match: {type: minutes, meeting: [topic]}", "match: {type: minutes, because: x}",
         "unknown key 'because' in 'match'"},
        {"match: {type: minutes, meeting: [topic]}", "match: [minutes]", "'match' must be a mapping"},
        {"  - id: minutes-topic\n", "  - id: minutes-topic\n    colour: red\n", "unknown key 'colour' in a route"},
        {"  - id: minutes-topic\n    rule: R56-MINUTES\n", "  - rule: R56-MINUTES\n", "missing 'id'"},
        {"when: [normative, contract], rule: R21", "when: [normative, \"type:\"], rule: R21",
         "'when' names the unknown condition 'type:'"},
        {"when: [normative, contract], rule: R21", "when: [[normative]], rule: R21", "'when' must list non-empty strings"},
        {"escalate: {when: major, to: mayor}", "escalate: {when: [tuesday], to: mayor}",
         "'when' names the unknown condition 'tuesday'"},
        {"escalate: {when: major, to: mayor}", "escalate: {when: major, to: mayor, then: x}",
         "unknown key 'then' in 'escalate'"},
        {"escalate: {when: major, to: mayor}", "escalate: {when: major, to: emperor}", "undeclared role 'emperor'"},
        {"escalate: {when: major, to: mayor}", "escalate: [major]", "'escalate' must be a mapping"},
        {"{id: office-review, act: review, by: office-deputy-director@district-office, office: true}   # 审核",
         "{id: office-review, act: review, by: office-deputy-director@district-office, office: yes}",
         "'office' must be true or false"},
        {"when: [topic], before-meeting: 3,", "when: [topic], before-meeting: 61,", "'before-meeting' must be"},
        {"{id: drafter-sign, act: sign, by: unit-head@drafter, rule: R63-DRAFTER-HEAD}",
         "{id: drafter-sign, act: sign, by: unit-head@drafter, within: 0, rule: R63-DRAFTER-HEAD}",
         "'within' must be a whole number from 1 to 60"},
        {"{id: drafter-sign, act: sign, by: unit-head@drafter, rule: R63-DRAFTER-HEAD}",
         "{id: drafter-sign, name: \"\", act: sign, by: unit-head@drafter, rule: R63-DRAFTER-HEAD}",
         "'name' must be a non-empty string"},
        {"{id: drafter-sign, act: sign, by: unit-head@drafter, rule: R63-DRAFTER-HEAD}",
         "{id: drafter-sign, act: sign, by: unit-head@drafter, rule: R-NOWHERE}", "unknown rule 'R-NOWHERE'"},
        {"{id: drafter-sign, act: sign, by: unit-head@drafter, rule: R63-DRAFTER-HEAD}",
         "{id: drafter-sign, act: sign, by: unit-head@drafter, for-each: [issuers]}",
         "'for-each' must be a non-empty string"},
        {"{id: countersign, act: countersign, units: involved, rule: R59-COUNTERSIGN-NEEDED}\n      - {id: drafter-sign",
         "{id: countersign, act: countersign, units: involved, rule: R59-COUNTERSIGN-NEEDED}\n"
         "      - {id: countersign-2, act: countersign, people: unit-head@drafter}\n      - {id: drafter-sign",
         "has two countersign steps"},
        {"countersign: {by: unit-head@requested, within: 3, silence: consent}     # art. 63",
         "countersign: {by: unit-head@requested, within: 3, silence: consent, rule: R-NOWHERE}",
         "unknown rule 'R-NOWHERE'"},
        {"countersign: {by: unit-head@requested, within: 3, silence: consent}     # art. 63",
         "countersign: {by: unit-head@requested, within: 3}", "missing 'silence'"},
        {"countersign: {by: unit-head@requested, within: 3, silence: consent}     # art. 63",
         "countersign: {by: unit-head@requested, silence: consent, quorum: 2}", "unknown key 'quorum' in 'countersign'"},
        {"countersign: {by: unit-head@requested, within: 3, silence: consent}     # art. 63",
         "countersign: {by: [regent@requested], within: 3, silence: consent}", "a selector must be ROLE"},
        {"    steps:\n      - {id: office-review, act: review, by: office-deputy-director@district-office, office: true}\n"
         "      - {id: mayor-approval",
         "    steps: {a: b}\n    old-steps:\n      - {id: office-review, act: review, by: office-deputy-director@district-office, office: true}\n"
         "      - {id: mayor-approval",
         "unknown key 'old-steps' in a route"},
    };
    config_expect_errors(cases, N(cases));
}

static void test_config_rules__numbering(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"routes:\n", "numbering: [x]\nroutes:\n", "a numbering entry must be a mapping"},
        {"routes:\n", "numbering: [{prefix: 张政发, year: 1800, issued-before: 3}]\nroutes:\n",
         "'year' must be a whole number from 1900 to 9999"},
        {"routes:\n", "numbering: [{prefix: 张政发, year: 2026, issued-before: -1}]\nroutes:\n",
         "'issued-before' must be a whole number from 0 to 999998"},
        {"routes:\n", "numbering: [{prefix: 张政发, year: 2026, issued-before: 3, note: [a]}]\nroutes:\n",
         "'note' must be a non-empty string"},
        {"routes:\n", "numbering: [{year: 2026, issued-before: 3}]\nroutes:\n", "missing 'prefix'"},
        {"routes:\n", "numbering: [{prefix: 张政发, year: 2026}]\nroutes:\n", "needs 'year' and 'issued-before'"},
        {"routes:\n",
         "numbering: [{prefix: 张政发, year: 2026, issued-before: 3}, {prefix: 张政发, year: 2026, issued-before: 4}]\nroutes:\n",
         "numbering for 张政发 in 2026 is declared twice"},
    };
    config_expect_errors(cases, N(cases));

    /* one prefix in two years, two prefixes in one: each is its own */
    dr_config *cfg = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = example_config_edited(&cfg, &ctx, "routes:\n",
                                   "numbering: [{prefix: 张政发, year: 2025, issued-before: 3},"
                                   " {prefix: 张政发, year: 2026, issued-before: 7, note: 纸质登记簿},"
                                   " {prefix: 张财, year: 2026, issued-before: 12}]\nroutes:\n");
    if (rc)
        fail_msg("%s:%d: %s", ctx.file, ctx.line, ctx.msg);
    dr_config_free(cfg);
}

static void test_config_rules__groups(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"  concerned: {name: 各有关单位, open: true}", "  concerned: [x]", "a group must be a mapping"},
        {"  concerned: {name: 各有关单位, open: true}", "  concerned: {open: true}", "missing 'name'"},
        {"  concerned: {name: 各有关单位, open: true}", "  concerned: {name: 各有关单位, open: yes}",
         "'open' must be true or false"},
        {"  concerned: {name: 各有关单位, open: true}", "  concerned: {name: 各有关单位, members: {kind: town}}",
         "needs 'members' (or open: true)"},
        {"  concerned: {name: 各有关单位, open: true}", "  concerned: {name: 各有关单位, open: true, size: 3}",
         "unknown key 'size' in a group"},
        {"members: [{kind: town}, {kind: street}]}", "members: [{kind: town, colour: red}]}", "unknown key 'colour'"},
        {"members: [{kind: town}, {kind: street}]}", "members: [{kind: [town]}]}", "'kind' must be a non-empty string"},
        {"members: [{kind: town}, {kind: street}]}", "members: [{}]}", "a member is {kind: K} or {unit: U}"},
    };
    config_expect_errors(cases, N(cases));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_rules__rule_ids),
        cmocka_unit_test(test_config_rules__rule_bodies),
        cmocka_unit_test(test_config_rules__rule_parameters),
        cmocka_unit_test(test_config_rules__own_catalog_replaces_the_default),
        cmocka_unit_test(test_config_rules__organization_and_top_level),
        cmocka_unit_test(test_config_rules__meetings_and_kinds),
        cmocka_unit_test(test_config_rules__route_matches_and_step_conditions),
        cmocka_unit_test(test_config_rules__numbering),
        cmocka_unit_test(test_config_rules__groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
