/* Shared by the unit tests: fixtures and the bundled example. */
#ifndef DR_TEST_HELPERS_H
#define DR_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <docroute/docroute.h>

/* Reads a file below the source tree (or an absolute path) into b; fails the test if absent. */
void read_source_file(const char *rel, dr_buf *b);
/* The example calendar 2020–2026. */
dr_calendar *example_calendar(void);
/* The example config, keys read from the example folder. */
dr_config *example_config(void);
/* A config from text, with the example's keys; returns the code, ctx filled. */
int config_from_text(dr_config **out, dr_ctx *ctx, const char *text);
/* The example config with one substring replaced (for the bad-config tests). */
int example_config_edited(dr_config **out, dr_ctx *ctx, const char *from, const char *to);
/* One edit of the example config that must be refused (test_config_errors.c and
 * test_config_rules.c): from "KEY:\n" with to starting "KEY:" replaces that whole
 * top-level section, else the first occurrence of from is replaced. */
typedef struct config_bad {
    const char *from, *to;
    const char *says; /* a phrase the message must carry */
} config_bad;
/* Each edit is refused with DR_ECONFIG, no config, "config.yaml" and a line at or after
 * the edit (or just above it), and a message carrying says; fails the test otherwise. */
void config_expect_errors(const config_bad *cases, size_t n);
dr_date D(const char *iso);
dr_time T(const char *iso);

/* The act planner on tests/fixtures/vectors/envelope-ed25519.xml: a notice in the
 * government's name, water and housing asked, due 2026-10-09 (free the envelope). */
dr_envelope *plan_vector(void);
/* An act on env by actor at the time (ISO), in cfg and cal; the particulars left empty. */
dr_act_input plan_input(const dr_config *cfg, const dr_calendar *cal, const dr_envelope *env,
                        const char *act, const char *actor, const char *at);
/* A planned event's attribute, or NULL. */
const char *plan_attr(const dr_planned_event *e, const char *name);
/* The envelope after the plan's events, signed with actor's test key (env is freed). */
dr_envelope *plan_record(dr_envelope *env, const dr_act_plan *p, const char *actor, const char *at);

#endif
