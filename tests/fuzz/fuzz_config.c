/* libFuzzer target: a config (.docroute/config.yaml) as a snapshot's config is loaded:
 * libyaml, the tree, the org data, people and their keys (every key file the config
 * names reads as a test public key), periods, acts, routes, the rule catalog (rules:,
 * else the shipped default), labels, groups, meetings and numbering; then every lookup
 * a loaded config answers, over what it declares.
 *   scripts/fuzz.sh [SECONDS] fuzz_config */
#include "fuzz_common.h"

/* Key files alternate between the Ed25519 and the SM2 test key; any other file is
 * missing. */
static int test_keys(void *ud, const char *rel, dr_buf *out)
{
    size_t n = strlen(rel);
    const char *pem = (*(unsigned *)ud)++ % 2 ? fuzz_pub_sm2 : fuzz_pub_ed25519;
    if (n < 4 || strcmp(rel + n - 4, ".pem") != 0)
        return DR_ENOTFOUND;
    return dr_buf_puts(out, pem);
}

static void query(const dr_config *cfg)
{
    dr_date day = dr_date_from_ymd(2026, 6, 1);
    for (size_t i = 0; i < cfg->nunits; i++) {
        const dr_unit *u = &cfg->units[i];
        dr_config_unit(cfg, u->id);
        if (u->code)
            dr_config_unit_by_code(cfg, u->code);
        if (u->parent)
            dr_config_is_ancestor(cfg, u->parent, u->id);
        dr_config_is_ancestor(cfg, cfg->units[0].id, u->id);
        for (size_t g = 0; g < cfg->ngroups; g++)
            dr_config_in_group(cfg, &cfg->groups[g], u);
        if (u->number_prefix)
            dr_config_issued_before(cfg, u->number_prefix, 2026);
    }
    for (size_t i = 0; i < cfg->ngroups; i++)
        dr_config_group(cfg, cfg->groups[i].id);
    for (size_t i = 0; i < cfg->npeople; i++) {
        const dr_person *p = &cfg->people[i];
        dr_config_person(cfg, p->id);
        dr_config_standing_substitute(cfg, p->id);
        dr_config_may_sign_config(cfg, p);
        for (size_t r = 0; r < p->nroles; r++)
            dr_config_has_role(p, p->roles[r].role, p->roles[r].unit);
        for (size_t k = 0; k < p->nkeys; k++) {
            const dr_person_key *pk = dr_config_person_key(p, p->keys[k].id);
            if (pk)
                dr_person_key_valid_on(pk, day);
        }
    }
    for (size_t i = 0; i < cfg->nroles; i++)
        dr_config_role(cfg, cfg->roles[i].name);
    for (size_t i = 0; i < cfg->nroutes; i++)
        dr_config_route(cfg, cfg->routes[i].id);
    for (size_t i = 0; i < cfg->nacts; i++)
        dr_config_act(cfg, cfg->acts[i].act);
    for (size_t i = 0; i < cfg->nlabels; i++)
        dr_config_label(cfg, cfg->labels[i].key);
    for (size_t i = 0; i < cfg->nmeetings; i++)
        dr_config_meeting(cfg, cfg->meetings[i].key);
    for (size_t i = 0; i < cfg->nrules; i++) {
        const dr_rule *r = &cfg->rules[i];
        dr_rule_known(cfg, r->id);
        dr_rule_article(cfg, r->id);
        dr_rule_text(cfg, r->id);
        dr_config_rule(cfg, r->id);
        if (r->check) {
            dr_config_check(cfg, r->check);
            dr_config_cite(cfg, r->check, "R0");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    dr_config *cfg = NULL;
    unsigned nth = 0;

    dr_ctx_init(&ctx);
    int rc = dr_config_load(&cfg, &ctx, ".docroute/config.yaml", (const char *)data, size,
                            test_keys, &nth, 0);
    fuzz_note("config", rc, &ctx);
    if (rc == 0)
        query(cfg);
    dr_config_free(cfg);
    return 0;
}
