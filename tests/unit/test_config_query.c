/* The config's lookups at their edges (config_query.c: absent and NULL names, keys
 * expired or revoked, who signs config acts, ancestry) and the units, roles, people,
 * keys and absences the loader refuses beyond test_config_errors.c (config_people.c). */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_config_query__lookups_of_nothing(void **state)
{
    dr_config *cfg = example_config();
    (void)state;
    assert_null(dr_config_unit(cfg, NULL));
    assert_null(dr_config_unit(cfg, "atlantis"));
    assert_string_equal(dr_config_unit_by_code(cfg, "czj")->id, "finance");
    assert_null(dr_config_unit_by_code(cfg, NULL));
    assert_null(dr_config_unit_by_code(cfg, "xyz"));
    assert_null(dr_config_unit_by_code(cfg, "")); /* external units have no code */
    assert_null(dr_config_person(cfg, NULL));
    assert_null(dr_config_role(cfg, NULL));
    assert_null(dr_config_route(cfg, NULL));
    assert_null(dr_config_route(cfg, "nowhere"));
    assert_null(dr_config_act(cfg, NULL));
    assert_null(dr_config_act(cfg, "dance"));
    assert_null(dr_config_standing_substitute(cfg, NULL));
    assert_string_equal(dr_config_standing_substitute(cfg, "p-zhou"), "p-wang");
    assert_null(dr_config_standing_substitute(cfg, "p-chen"));
    assert_null(dr_config_group(cfg, NULL));
    assert_null(dr_config_group(cfg, "nobody"));
    assert_null(dr_config_meeting(cfg, NULL));
    assert_null(dr_config_meeting(cfg, "banquet"));
    assert_string_equal(dr_config_meeting(cfg, "executive"), "常务会议");
    assert_int_equal(dr_config_issued_before(cfg, NULL, 2026), 0);
    assert_int_equal(dr_config_issued_before(cfg, "张政发", 2026), 0);
    /* roles */
    const dr_person *sun = dr_config_person(cfg, "p-sun");
    assert_true(dr_config_has_role(sun, "unit-head", "district-office"));
    assert_false(dr_config_has_role(sun, "unit-head", "finance"));
    assert_false(dr_config_has_role(NULL, "unit-head", "finance"));
    /* ancestry: through the tree, never to itself, nothing of an unknown unit */
    assert_true(dr_config_is_ancestor(cfg, "district-gov", "town-fenghuang"));
    assert_false(dr_config_is_ancestor(cfg, "town-fenghuang", "district-gov"));
    assert_false(dr_config_is_ancestor(cfg, "finance", "finance"));
    assert_false(dr_config_is_ancestor(cfg, "district-gov", "atlantis"));
    assert_false(dr_config_is_ancestor(cfg, "district-gov", "city-gov"));
    /* who signs config acts: config-admin (the shipped default) */
    assert_true(dr_config_may_sign_config(cfg, dr_config_person(cfg, "p-ye")));
    assert_false(dr_config_may_sign_config(cfg, dr_config_person(cfg, "p-zhou")));
    assert_false(dr_config_may_sign_config(cfg, NULL));
    dr_config_free(cfg);
}

static void test_config_query__keys_in_time(void **state)
{
    dr_config *cfg = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    int rc = example_config_edited(&cfg, &ctx, "keys: [{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}]",
                                   "keys: [{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01, to: 2026-06-30},"
                                   " {id: 2, file: keys/p-chen-1.pem, from: 2026-07-01, revoked: 2026-09-01}]");
    if (rc)
        fail_msg("%s:%d: %s", ctx.file, ctx.line, ctx.msg);
    const dr_person *chen = dr_config_person(cfg, "p-chen");
    const dr_person_key *k1 = dr_config_person_key(chen, 1), *k2 = dr_config_person_key(chen, 2);
    assert_non_null(k1);
    assert_non_null(k2);
    assert_null(dr_config_person_key(chen, 3));
    assert_null(dr_config_person_key(NULL, 1));
    assert_false(dr_person_key_valid_on(k1, D("2019-12-31")));
    assert_true(dr_person_key_valid_on(k1, D("2020-01-01")));
    assert_true(dr_person_key_valid_on(k1, D("2026-06-30")));
    assert_false(dr_person_key_valid_on(k1, D("2026-07-01")));
    assert_true(dr_person_key_valid_on(k2, D("2026-08-31")));
    assert_false(dr_person_key_valid_on(k2, D("2026-09-01"))); /* revoked that day */
    dr_config_free(cfg);
}

static void test_config_query__units_refused(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"{id: market, name: 张店区市场监督管理局, ", "{id: market, ", "missing 'name'"},
        {"{id: market, name: 张店区市场监督管理局, ", "{id: market, name: \"\", ", "'name' must be a non-empty string"},
        {"parent: district-gov, code: scj", "parent: atlantis, code: scj", "atlantis"},
        {"code: scj", "code: s-j", "lowercase letters"},
        {"kind: department, overseen-by: p-liu}", "kind: [department], overseen-by: p-liu}", "'kind' must be a non-empty string"},
        {"kind: department, overseen-by: p-liu}", "kind: department, overseen-by: [p-liu]}", "'overseen-by' must be"},
        {"external: superior}", "external: superior, parent: district-gov}", "takes no parent or kind"},
    };
    config_expect_errors(cases, N(cases));
    /* a subordinate external unit is a unit like any other */
    dr_config *cfg = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    if (example_config_edited(&cfg, &ctx, "{id: city-gov, name: 淄博市人民政府, external: superior}",
                              "{id: city-gov, name: 淄博市人民政府, external: subordinate}"))
        fail_msg("%s:%d: %s", ctx.file, ctx.line, ctx.msg);
    assert_string_equal(dr_config_unit(cfg, "city-gov")->external, "subordinate");
    dr_config_free(cfg);
}

static void test_config_query__roles_people_and_keys_refused(void **state)
{
    (void)state;
    static const config_bad cases[] = {
        {"  mayor: {leader: true}", "  mayor: {leader: yes}", "'leader' must be true or false"},
        {"  mayor: {leader: true}", "  mayor: {leader: true, rank: 1}", "unknown key 'rank' in a role"},
        {"  mayor: {leader: true}", "  mayor: [leader]", "a role must be a mapping"},
        {"{id: p-chen, name: 陈文书, ", "{id: p-chen, ", "missing 'name'"},
        {"{id: p-chen, name: 陈文书, ", "{id: p-chen, name: 陈文书, age: 40, ", "unknown key 'age' in a person"},
        {"roles: [clerk@emergency]", "roles: [clerk@atlantis]", "atlantis"},
        {"roles: [clerk@emergency]", "roles: [regent@emergency]", "regent"},
        {"roles: [clerk@emergency]", "roles: [[clerk@emergency]]", "ROLE@UNIT"},
        {"keys: [{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}]", "keys: []", "person 'p-chen' needs a list of keys"},
        {"keys: [{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}]", "keys: [x]", "a key must be a mapping"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 0, file: keys/p-chen-1.pem, from: 2020-01-01}",
         "'id' must be a whole number from 1 to 9999"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 1, from: 2020-01-01}", "missing 'file'"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 1, file: /etc/p-chen-1.pem, from: 2020-01-01}",
         "must lie under .docroute/"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01, to: 2020-13-01}",
         "'to' must be a date"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01, revoked: soon}",
         "'revoked' must be a date"},
        {"{id: 1, file: keys/p-chen-1.pem, from: 2020-01-01}", "{id: 1, file: keys/p-nobody-1.pem, from: 2020-01-01}",
         "p-nobody-1.pem"},
        {"substitutes:\n", "substitutes: [p-zhou]\n", "'substitutes' must"},
        {"  p-feng: p-jiang", "  p-feng: \"\"", "values must be strings"},
        {"  p-feng: p-jiang", "  p-feng: p-nobody", "p-nobody"},
        {"{person: p-zhang, from: 2026-09-28, to: 2026-09-30}", "{person: p-zhang, from: 2026-09-28}", "missing 'to'"},
        {"{person: p-zhang, from: 2026-09-28, to: 2026-09-30}", "{person: p-zhang, from: 2026-09-28, to: 2026-09-3x}",
         "'to' must be a date"},
        {"{person: p-zhang, from: 2026-09-28, to: 2026-09-30}", "[p-zhang]", "an absence must be a mapping"},
    };
    config_expect_errors(cases, N(cases));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_query__lookups_of_nothing),
        cmocka_unit_test(test_config_query__keys_in_time),
        cmocka_unit_test(test_config_query__units_refused),
        cmocka_unit_test(test_config_query__roles_people_and_keys_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
