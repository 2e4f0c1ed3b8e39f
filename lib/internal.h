/* Helpers shared between library files only (dr_<object>__<verb>). */
#ifndef DR_INTERNAL_H
#define DR_INTERNAL_H

#include "docroute/common.h"
#include "docroute/words.h"

#include <stdbool.h>
#include <stddef.h>

char *dr__strdup(const char *s);
char *dr__strndup(const char *s, size_t n);
void *dr__calloc(size_t n, size_t size);
/* Grows *arr (of *n elements of size sz) by one zeroed element; returns it or NULL. */
void *dr__push(void *arr_ptr, size_t *n, size_t sz);
bool dr__utf8_valid(const char *s, size_t len);
/* The length of the longest valid UTF-8 prefix: where the first bad sequence starts. */
size_t dr__utf8_prefix(const char *s, size_t len);
/* sha256 of data as "sha256:<64 hex>" (72 bytes with NUL). */
void dr__sha256_tag(const void *data, size_t len, char out[72]);
void dr__hex(const unsigned char *in, size_t n, char *out);
bool dr__streq(const char *a, const char *b);
/* Compiles the built-in schemas now, before threads parse envelopes (envelope.c). */
void dr__envelope_schemas_ready(void);

/* The acts the toolkit knows (acts.c): what each one is. 0 for an unknown act. */
enum {
    DR_ACT_STEP = 1,    /* a route's step may be made of it */
    DR_ACT_RULED = 2,   /* the config's `acts` say who may do it */
    DR_ACT_PLANNED = 4, /* the act planner (act.c) plans it on a document */
};
unsigned dr__act_kind(const char *act);

/* ---- a strict YAML tree ---- */
enum { DR_Y_SCALAR = 1, DR_Y_SEQ, DR_Y_MAP };

typedef struct dr_ynode {
    int type;
    int line, col; /* 1-based */
    char *str;     /* scalars */
    bool quoted;   /* scalars written in quotes */
    struct dr_ynode **kids; /* maps: key, value, key, value … */
    size_t n, cap;
} dr_ynode;

#define DR_YAML_MAX_BYTES (4u << 20)
#define DR_YAML_MAX_DEPTH 32
#define DR_YAML_MAX_NODES 200000

/* Loads one YAML document: no aliases, no tags, no duplicate keys, UTF-8,
 * bounded size and depth. *out is freed with dr__yaml_free(). */
int dr__yaml_load(dr_ynode **out, dr_ctx *ctx, const char *file, const char *data, size_t len);
void dr__yaml_free(dr_ynode *n);
/* Looks up key in a map node; NULL when absent. */
dr_ynode *dr__yaml_get(const dr_ynode *map, const char *key);

/* ---- the rule catalog (rules.c) ---- */
struct dr_config;
/* Loads the config's rules: map into cfg (NULL map: the shipped default catalog). */
int dr__rules_load(struct dr_config *cfg, dr_ctx *ctx, const char *file, const dr_ynode *map);
void dr__rules_dispose(struct dr_config *cfg);
/* The shipped defaults (schemas/defaults.yaml): rules and acts. */
int dr__defaults_load(dr_ynode **out, dr_ctx *ctx);
/* A unit kind the config knows. */
bool dr__config_kind_known(const struct dr_config *cfg, const char *kind);

/* ---- holders (holders.c) ---- */
struct dr_holder;
struct dr_selector;
struct dr_document;
/* The people a selector names for a document (no substitution); *out grows. */
int dr__route_eligible(struct dr_holder **out, size_t *n, const struct dr_config *cfg,
                       const struct dr_selector *sel, const struct dr_document *d, const char *unit,
                       const char *issuer);

#endif
