/* The config's loader, shared by its files (config.c: the tree, acts and routes;
 * config_people.c: units, roles, people, substitutes, absences; orgdata.c: what an organization adds beside them — numbering, groups, unit
 * kinds, meetings, labels, signature counts — and the shipped defaults). lib/ only. */
#ifndef DR_CONFIG_INTERNAL_H
#define DR_CONFIG_INTERNAL_H

#include "docroute/config.h"
#include "internal.h"

#define in_list dr__cfg_in_list
#define err dr__cfg_err
#define want_map dr__cfg_want_map
#define get_str dr__cfg_get_str
#define get_bool dr__cfg_get_bool
#define get_int dr__cfg_get_int
#define get_date dr__cfg_get_date
#define strlist_dispose dr__cfg_strlist_dispose
#define get_strlist dr__cfg_get_strlist
#define selector_dispose dr__cfg_selector_dispose
#define parse_selector dr__cfg_parse_selector
#define check_flags dr__cfg_check_flags
#define load_numbering dr__cfg_load_numbering
#define load_groups dr__cfg_load_groups
#define check_config_signers dr__cfg_check_config_signers
#define default_acts dr__cfg_default_acts
#define load_unit_kinds dr__cfg_load_unit_kinds
#define default_periods dr__cfg_default_periods
#define load_meetings dr__cfg_load_meetings
#define load_labels dr__cfg_load_labels
#define load_config_signatures dr__cfg_load_config_signatures
#define load_units dr__cfg_load_units
#define load_roles dr__cfg_load_roles
#define load_people dr__cfg_load_people
#define load_pairs dr__cfg_load_pairs
#define check_substitutes dr__cfg_check_substitutes
#define load_absences dr__cfg_load_absences

typedef struct {
    dr_ctx *ctx;
    const char *file;
} walker;

/* Where a person's key files come from (config_people.c). */
typedef struct {
    dr_config_reader read;
    void *ud;
    unsigned flags;
} key_source;

bool in_list(const char *const *list, const char *s);
int err(walker *w, const dr_ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int want_map(walker *w, const dr_ynode *n, const char *what, const char *const *keys);
int get_str(walker *w, const dr_ynode *map, const char *key, bool required, char **out);
/* An id as DR_ID_MAX says (get_str checks every 'id'). */
bool dr__cfg_id_ok(const char *s);
int get_bool(walker *w, const dr_ynode *map, const char *key, bool *out);
int get_int(walker *w, const dr_ynode *map, const char *key, int lo, int hi, int *out);
void strlist_dispose(dr_strlist *l);
int get_strlist(walker *w, const dr_ynode *map, const char *key, dr_strlist *out);
void selector_dispose(dr_selector *s);
int parse_selector(walker *w, const dr_config *cfg, const dr_ynode *n, dr_selector *out, int depth);
int check_flags(walker *w, const dr_ynode *n, const dr_strlist *l, const char *key);

int load_numbering(walker *w, dr_config *cfg, const dr_ynode *list);
int load_groups(walker *w, dr_config *cfg, const dr_ynode *map);
int check_config_signers(walker *w, const dr_config *cfg, const dr_ynode *root);
int default_acts(walker *w, dr_config *cfg, const dr_ynode *root);
int load_unit_kinds(walker *w, dr_config *cfg, const dr_ynode *root);
int default_periods(walker *w, dr_config *cfg);
int load_meetings(walker *w, dr_config *cfg, const dr_ynode *root);
int load_labels(walker *w, dr_config *cfg, const dr_ynode *root);
int load_config_signatures(walker *w, dr_config *cfg, const dr_ynode *root);
int get_date(walker *w, const dr_ynode *map, const char *key, bool required, dr_date *out);
/* config_people.c: the organization */
int load_units(walker *w, dr_config *cfg, const dr_ynode *list);
int load_roles(walker *w, dr_config *cfg, const dr_ynode *map);
int load_people(walker *w, dr_config *cfg, const dr_ynode *list, key_source *ks);
int load_pairs(walker *w, const dr_ynode *map, const char *what, dr_pair **out, size_t *n);
int check_substitutes(walker *w, dr_config *cfg, const dr_ynode *map);
int load_absences(walker *w, dr_config *cfg, const dr_ynode *list);

#endif
