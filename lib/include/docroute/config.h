/* docroute — the config (SPEC §4): the org tree, people, roles, keys,
 * substitutes and absences, periods, phrases, remit, acts and routes.
 *
 * Loaded from YAML and validated strictly: unknown keys, dangling references,
 * cycles and undeclared roles are errors with file, line and column. The
 * structures are read-only to callers; dr_config_free() releases them. */
#ifndef DOCROUTE_CONFIG_H
#define DOCROUTE_CONFIG_H

#include "docroute/common.h"
#include "docroute/sign.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DR_CONFIG_MAX_BYTES (4u << 20)

typedef enum {
    DR_SEL_ROLE = 1,     /* ROLE: a holder anywhere; ROLE@UNIT; ROLE@drafter|issuer|requested */
    DR_SEL_OVERSEER,     /* overseer(drafter) | overseer(issuer) */
    DR_SEL_COMMISSIONER, /* the person <meeting commissioned-by=> names */
    DR_SEL_CHAIR,        /* the person <meeting chair=> names */
    DR_SEL_ANY,          /* {any-of: [...]} */
} dr_sel_kind;

typedef enum { DR_REL_NONE = 0, DR_REL_DRAFTER, DR_REL_ISSUER, DR_REL_REQUESTED } dr_rel;

typedef struct dr_selector {
    dr_sel_kind kind;
    char *role;  /* DR_SEL_ROLE */
    char *unit;  /* DR_SEL_ROLE with a fixed unit, else NULL */
    dr_rel rel;  /* DR_SEL_ROLE / DR_SEL_OVERSEER relative forms */
    struct dr_selector *any;
    size_t nany;
    char *text;  /* as written, for messages */
} dr_selector;

typedef struct dr_unit {
    char *id, *name, *parent, *code, *number_prefix, *kind, *overseen_by;
    char *external; /* NULL, or the relation: superior | subordinate | other */
} dr_unit;

typedef struct dr_role {
    char *name;
    bool leader;
} dr_role;

typedef struct dr_role_at {
    char *role, *unit;
} dr_role_at;

typedef struct dr_person_key {
    int id;
    char *file;
    dr_date from, to, revoked; /* to / revoked: DR_DATE_NONE when open */
    dr_key *key;               /* NULL when loaded with DR_CONFIG_NO_KEYS */
} dr_person_key;

typedef struct dr_person {
    char *id, *name;
    dr_role_at *roles;
    size_t nroles;
    dr_person_key *keys;
    size_t nkeys;
} dr_person;

typedef struct dr_absence {
    char *person, *substitute; /* substitute NULL: the standing one */
    dr_date from, to;          /* inclusive */
} dr_absence;

typedef struct dr_pair {
    char *key, *value;
} dr_pair;

typedef struct dr_act_rule {
    char *act;
    dr_selector *by;
    size_t nby;
} dr_act_rule;

typedef struct dr_strlist {
    char **v;
    size_t n;
} dr_strlist;

typedef struct dr_step {
    char *id, *act, *rule;
    char *name;            /* what the slip and human output call it (审核, 审签 …), or NULL */
    bool has_by;
    dr_selector by;
    bool units_involved;   /* units: involved (a countersign step asking units) */
    bool people_cs;        /* people: SELECTOR (a countersign step asking people) */
    dr_selector people;
    dr_strlist when;       /* conditions (flags, category:X, type:X); skipped when all are false */
    bool unless_exception; /* skipped for a document that declares an exception */
    dr_strlist unless;     /* conditions; skipped when any holds */
    int within;            /* working days, 0 = no period */
    int before_meeting;    /* due N working days before the document's meeting (R54), 0 = none */
    bool office;           /* the office's review (R63-OFFICE-FIRST) */
    bool for_each_issuers; /* one act per issuer (C22-JOINT-SIGN) */
    bool has_escalate;
    dr_strlist escalate_when;
    dr_selector escalate_to;
} dr_step;

typedef struct dr_route {
    char *id, *rule;
    dr_strlist match_issuer, match_type, match_type_not, match_meeting, match_to;
    dr_strlist match_direction; /* up | down | across */
    dr_strlist match_when, match_unless; /* conditions: any must hold / none may */
    bool has_countersign;
    dr_selector cs_by;
    int cs_within;
    bool cs_silence_consent;
    char *cs_rule; /* the rule the countersign mechanics cite, or NULL */
    dr_step *steps;
    size_t nsteps;
} dr_route;

/* A rule of the organization's catalog (rules:): its ID, the article it cites, its
 * text, and the check the code knows it binds (NULL: cited by routes only), with the
 * check's parameters. */
typedef struct dr_rule {
    char *id, *article, *text, *check, *help;
    bool warning;     /* severity: warning (else error) */
    bool overridable; /* a leader's override may set it aside */
    dr_strlist types, from, to, phrases, report_phrases;
    char *meeting;
    int within, revise_within;
} dr_rule;

/* A recipient group (groups:): a name the slip and registers print, and its members —
 * units of some kinds, and units named; an open group (各有关单位) names no members. */
typedef struct dr_group {
    char *id, *name;
    dr_strlist kinds, units;
    bool open;
} dr_group;

/* 发文字号 issued before adoption (numbering:): register continues after them. */
typedef struct dr_numbering {
    char *prefix; /* the 代字 (a unit's number-prefix) */
    int year;
    int issued_before; /* numbers 1 … issued_before were issued outside the record */
    char *note;
} dr_numbering;

typedef struct dr_config {
    char *org_id, *org_name;
    int utc_offset; /* minutes */
    bool accredited;
    dr_unit *units;
    size_t nunits;
    dr_role *roles;
    size_t nroles;
    dr_person *people;
    size_t npeople;
    dr_pair *substitutes;
    size_t nsubstitutes;
    dr_absence *absences;
    size_t nabsences;
    int period_extra_urgent, period_urgent;
    dr_strlist request_phrases;
    dr_pair *remit;
    size_t nremit;
    dr_act_rule *acts;
    size_t nacts;
    dr_route *routes;
    size_t nroutes;
    dr_numbering *numbering;
    size_t nnumbering;
    dr_group *groups;
    size_t ngroups;
    dr_strlist unit_kinds; /* the config's unit-kinds:, else the shipped default */
    dr_pair *meetings;     /* meeting kind → its name: the config's meetings:, else the default */
    size_t nmeetings;
    int config_sigs, config_sigs_sensitive; /* config-signatures: other, sensitive */
    dr_pair *labels;       /* the slip's words: the default's, with the config's labels: over them */
    size_t nlabels;
    dr_rule *rules; /* the catalog: the config's rules:, else the shipped default */
    size_t nrules;
    bool rules_default;
} dr_config;

/* Reads a file relative to the config's directory (.docroute/) into out.
 * Returns 0, DR_ENOTFOUND, or another DR_E code. */
typedef int (*dr_config_reader)(void *ud, const char *relpath, dr_buf *out);

enum {
    DR_CONFIG_NO_KEYS = 1, /* do not read key files (routes of an older config) */
};

int dr_config_load(dr_config **out, dr_ctx *ctx, const char *file, const char *data, size_t len,
                   dr_config_reader read, void *ud, unsigned flags);
void dr_config_free(dr_config *cfg);
/* A config holding only the shipped default rule catalog (no units, people or routes):
 * for judging a draft outside any repository. */
int dr_config_catalog(dr_config **out, dr_ctx *ctx);

const dr_unit *dr_config_unit(const dr_config *cfg, const char *id);
const dr_unit *dr_config_unit_by_code(const dr_config *cfg, const char *code);
const dr_person *dr_config_person(const dr_config *cfg, const char *id);
const dr_role *dr_config_role(const dr_config *cfg, const char *name);
const dr_route *dr_config_route(const dr_config *cfg, const char *id);
const dr_act_rule *dr_config_act(const dr_config *cfg, const char *act);
const char *dr_config_standing_substitute(const dr_config *cfg, const char *person);
bool dr_config_has_role(const dr_person *p, const char *role, const char *unit);
/* A label of the slip (slip.outgoing, field.title, act.review …): the config's, else the
 * shipped default's; the key itself when neither has it. */
const char *dr_config_label(const dr_config *cfg, const char *key);
/* The name of a meeting kind the config declares, or NULL. */
const char *dr_config_meeting(const dr_config *cfg, const char *kind);
/* The recipient group with this id, or NULL. */
const dr_group *dr_config_group(const dr_config *cfg, const char *id);
/* Is the unit a member of the group (an open group has none)? */
bool dr_config_in_group(const dr_config *cfg, const dr_group *g, const dr_unit *u);
/* May the person sign config acts (a role the config's `acts: config` names)? */
bool dr_config_may_sign_config(const dr_config *cfg, const dr_person *p);
/* How many numbers of prefix in year were issued before adoption (0 when none declared). */
int dr_config_issued_before(const dr_config *cfg, const char *prefix, int year);
/* True when anc is a strict ancestor of unit in the tree. */
bool dr_config_is_ancestor(const dr_config *cfg, const char *anc, const char *unit);
/* The key of person p with id kid, or NULL. */
const dr_person_key *dr_config_person_key(const dr_person *p, int kid);
/* True when the key is valid on date (from ≤ date ≤ to, before revoked). */
bool dr_person_key_valid_on(const dr_person_key *k, dr_date date);
/* The i-th of the toolkit's own rules, or NULL past the last. */
const char *dr_rule_own(size_t i);
/* The checks the code knows, by the names a catalog's rules bind (`check:`); the
 * parameters each takes are in rules.c's table. */
#define DR_CHECK_ONE_MATTER "one-matter"
#define DR_CHECK_REPORT_NO_REQUEST "report-no-request"
#define DR_CHECK_SINGLE_RECIPIENT "single-recipient"
#define DR_CHECK_NO_SKIP_LEVEL "no-skip-level"
#define DR_CHECK_SKIP_LEVEL_COPY "skip-level-copy"
#define DR_CHECK_NO_CC_DOWN "no-cc-down"
#define DR_CHECK_VIA_OFFICE "via-office"
#define DR_CHECK_DEPT_SCOPE "dept-scope"
#define DR_CHECK_COUNTERSIGN_NEEDED "countersign-needed"
#define DR_CHECK_DIRECTIVE_DOWN "directive-down"
#define DR_CHECK_AGREED_BEFORE_DOWN "agreed-before-down"
#define DR_CHECK_GB_FORMAT "gb-format"
#define DR_CHECK_COUNTERSIGN_PERIOD "countersign-period"
#define DR_CHECK_COUNTERSIGN_BY "countersign-by"
#define DR_CHECK_EXTENSION "extension"
#define DR_CHECK_SILENCE "silence"
#define DR_CHECK_LATE_REPLY "late-reply"
#define DR_CHECK_OBJECTION "objection"
#define DR_CHECK_NO_UNAGREED_TOPIC "no-unagreed-topic"
#define DR_CHECK_ROUTE "route"
#define DR_CHECK_OFFICE_FIRST "office-first"
#define DR_CHECK_CLEAR_OPINION "clear-opinion"
#define DR_CHECK_SUBSTITUTE "substitute"
#define DR_CHECK_JOINT_SIGN "joint-sign"
#define DR_CHECK_REVISE_RESIGN "revise-resign"
#define DR_CHECK_URGENT "urgent"
#define DR_CHECK_OVERDUE "overdue"
#define DR_CHECK_ISSUE_AFTER_MEETING "issue-after-meeting"
#define DR_CHECK_AGENDA_BEFORE_MEETING "agenda-before-meeting"
/* A rule the config's catalog has, or one of the toolkit's own. */
bool dr_rule_known(const dr_config *cfg, const char *id);
/* The article a rule cites ("art. 59", "第五十九条" …), or "". cfg NULL: the toolkit's own only. */
const char *dr_rule_article(const dr_config *cfg, const char *id);
/* The text of the rule (its 条文), or "". */
const char *dr_rule_text(const dr_config *cfg, const char *id);
/* The catalog's rule with this ID, or NULL (the toolkit's own are not in it). */
const dr_rule *dr_config_rule(const dr_config *cfg, const char *id);
/* The first rule of the catalog bound to a check, or NULL: the check is off. */
const dr_rule *dr_config_check(const dr_config *cfg, const char *check);
/* The ID a mechanic cites: the rule bound to check, else fallback (may be NULL). */
const char *dr_config_cite(const dr_config *cfg, const char *check, const char *fallback);

#ifdef __cplusplus
}
#endif
#endif
