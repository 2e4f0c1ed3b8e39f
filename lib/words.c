/* The 15 types of official documents (条例 第八条): the ids the schema knows. Their
 * names (通知, 请示 …) are data: the labels type.<id> of schemas/defaults.yaml. */
#include "docroute/check.h"
#include "docroute/config.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static const char *const types[] = {"resolution", "decision", "order",   "communique", "announcement",
                                    "circular",   "opinion",  "notice",  "bulletin",   "report",
                                    "request",    "reply",    "motion",  "letter",     "minutes",
                                    NULL};

bool dr_type_known(const char *type)
{
    for (size_t i = 0; type && types[i]; i++)
        if (!strcmp(types[i], type))
            return true;
    return false;
}

const char *dr_type_name(const dr_config *cfg, const char *type)
{
    char key[64];
    if (!dr_type_known(type) || snprintf(key, sizeof(key), "type.%s", type) >= (int)sizeof(key))
        return NULL;
    const char *l = dr_config_label(cfg, key);
    return l == key ? NULL : l;
}
