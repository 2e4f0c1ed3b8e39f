/* A strict YAML loader: libyaml's event stream folded into a small tree with
 * positions. Aliases, tags and duplicate keys are refused; size, depth and
 * node count are bounded. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "banned.h" /* last: it poisons names the system headers use */

void dr__yaml_free(dr_ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        dr__yaml_free(n->kids[i]);
    free(n->kids);
    free(n->str);
    free(n);
}

dr_ynode *dr__yaml_get(const dr_ynode *map, const char *key)
{
    if (!map || map->type != DR_Y_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (strcmp(map->kids[i]->str, key) == 0)
            return map->kids[i + 1];
    return NULL;
}

typedef struct {
    yaml_parser_t parser;
    dr_ctx *ctx;
    const char *file;
    size_t nodes;
} loader;

static int at(loader *l, yaml_mark_t mk, const char *what)
{
    return dr_ctx_setpos(l->ctx, DR_EINVALID, l->file, (int)mk.line + 1, (int)mk.column + 1, "%s",
                         what);
}

static int parse_error(loader *l)
{
    yaml_parser_t *p = &l->parser;
    return dr_ctx_setpos(l->ctx, DR_EINVALID, l->file, (int)p->problem_mark.line + 1,
                         (int)p->problem_mark.column + 1, "%s%s%s",
                         p->problem ? p->problem : "malformed yaml", p->context ? " " : "",
                         p->context ? p->context : "");
}

/* Grows the list geometrically: one realloc a kid was quadratic wherever realloc moves
 * the block (ASan's always does: 200 s for a list at the node cap). */
static int add_kid(dr_ynode *parent, dr_ynode *kid)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 4;
        dr_ynode **k = realloc(parent->kids, cap * sizeof(*k));
        if (!k)
            return DR_ENOMEM;
        parent->kids = k;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = kid;
    return 0;
}

/* Orders a map's keys by text, then by place. */
static int key_order(const void *a, const void *b)
{
    dr_ynode *const *x = *(dr_ynode *const *const *)a, *const *y = *(dr_ynode *const *const *)b;
    int c = strcmp((*x)->str, (*y)->str);
    return c ? c : (x > y) - (x < y);
}

/* Refuses the first key (in document order) that repeats an earlier one of the map. The
 * keys are sorted, not compared pairwise: a map of 100 000 keys (200 000 nodes, the cap)
 * took over a minute. */
static int unique_keys(loader *l, const dr_ynode *map)
{
    size_t nk = map->n / 2;
    if (nk < 2)
        return 0;
    dr_ynode *const **keys = calloc(nk, sizeof(*keys));
    if (!keys)
        return DR_ENOMEM;
    for (size_t i = 0; i < nk; i++)
        keys[i] = &map->kids[2 * i];
    qsort(keys, nk, sizeof(*keys), key_order);
    dr_ynode *const *dup = NULL;
    for (size_t i = 1; i < nk; i++)
        if (strcmp((*keys[i])->str, (*keys[i - 1])->str) == 0 && (!dup || keys[i] < dup))
            dup = keys[i];
    free(keys);
    if (!dup)
        return 0;
    return dr_ctx_setpos(l->ctx, DR_EINVALID, l->file, (*dup)->line, (*dup)->col,
                         "duplicate key '%s'", (*dup)->str);
}

/* Reads one node whose first event is ev (owned by the caller). */
static int load_node(loader *l, yaml_event_t *ev, int depth, dr_ynode **out)
{
    int rc = 0;
    dr_ynode *n = NULL;
    yaml_event_t kid;

    if (depth > DR_YAML_MAX_DEPTH)
        return at(l, ev->start_mark, "nesting deeper than 32 levels");
    if (++l->nodes > DR_YAML_MAX_NODES)
        return at(l, ev->start_mark, "too many yaml nodes");
    if (ev->type == YAML_ALIAS_EVENT)
        return at(l, ev->start_mark, "yaml aliases are not accepted");
    n = calloc(1, sizeof(*n));
    if (!n)
        return DR_ENOMEM;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;

    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.tag && !ev->data.scalar.plain_implicit && !ev->data.scalar.quoted_implicit) {
            rc = at(l, ev->start_mark, "yaml tags are not accepted");
            goto done;
        }
        n->type = DR_Y_SCALAR;
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        n->str = dr__strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        if (!n->str)
            rc = DR_ENOMEM;
        else if (strlen(n->str) != ev->data.scalar.length)
            rc = at(l, ev->start_mark, "NUL byte in a scalar");
        goto done;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int is_map = ev->type == YAML_MAPPING_START_EVENT;
        yaml_char_t *tag = is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
        int implicit = is_map ? ev->data.mapping_start.implicit : ev->data.sequence_start.implicit;
        if (tag && !implicit) {
            rc = at(l, ev->start_mark, "yaml tags are not accepted");
            goto done;
        }
        n->type = is_map ? DR_Y_MAP : DR_Y_SEQ;
        for (;;) {
            if (!yaml_parser_parse(&l->parser, &kid)) {
                rc = parse_error(l);
                goto done;
            }
            if (kid.type == YAML_SEQUENCE_END_EVENT || kid.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&kid);
                if (is_map)
                    rc = unique_keys(l, n);
                break;
            }
            dr_ynode *child = NULL;
            rc = load_node(l, &kid, depth + 1, &child);
            if (!rc && is_map && (n->n % 2) == 0 && child->type != DR_Y_SCALAR)
                rc = at(l, kid.start_mark, "a mapping key must be a plain scalar");
            yaml_event_delete(&kid);
            if (!rc)
                rc = add_kid(n, child);
            if (rc) {
                dr__yaml_free(child);
                goto done;
            }
        }
        goto done;
    }
    default:
        rc = at(l, ev->start_mark, "unexpected yaml event");
        goto done;
    }
done:
    if (rc) {
        dr__yaml_free(n);
        return rc;
    }
    *out = n;
    return 0;
}

int dr__yaml_load(dr_ynode **out, dr_ctx *ctx, const char *file, const char *data, size_t len)
{
    loader l = {.ctx = ctx, .file = file};
    yaml_event_t ev;
    dr_ynode *root = NULL;
    int rc = 0, have_doc = 0;

    *out = NULL;
    if (len > DR_YAML_MAX_BYTES)
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "file is larger than %u bytes",
                             DR_YAML_MAX_BYTES);
    if (!dr__utf8_valid(data, len))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "not valid UTF-8");
    if (memchr(data, '\0', len))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "NUL byte in file");
    if (!yaml_parser_initialize(&l.parser))
        return dr_ctx_set(ctx, DR_ENOMEM, "cannot start the yaml parser");
    yaml_parser_set_input_string(&l.parser, (const unsigned char *)data, len);
    for (;;) {
        if (!yaml_parser_parse(&l.parser, &ev)) {
            rc = parse_error(&l);
            goto done;
        }
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT && have_doc) {
            rc = at(&l, ev.start_mark, "only one yaml document is accepted");
            yaml_event_delete(&ev);
            goto done;
        }
        if (t == YAML_DOCUMENT_START_EVENT)
            have_doc = 1;
        if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
            t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
            rc = load_node(&l, &ev, 0, &root);
            yaml_event_delete(&ev);
            if (rc)
                goto done;
            continue;
        }
        yaml_event_delete(&ev);
    }
    if (!root) {
        rc = dr_ctx_setpos(ctx, DR_EINVALID, file, 1, 1, "empty yaml document");
        goto done;
    }
    *out = root;
    root = NULL;
done:
    dr__yaml_free(root);
    yaml_parser_delete(&l.parser);
    return rc;
}
