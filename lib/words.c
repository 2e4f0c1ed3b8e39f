/* The names of the 15 types of official documents (条例 第八条; GB/T 9704-2012): the one
 * table of words the library keeps besides docroute/words.h. */
#include "docroute/check.h"
#include "internal.h"

#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* GB/T 9704-2012 and 条例 8: the names of the types of official documents (文种). */
static const struct {
    const char *type, *zh;
} type_names[] = {
    {"resolution", "决议"}, {"decision", "决定"}, {"order", "令"},        {"communique", "公报"},
    {"announcement", "公告"}, {"circular", "通告"}, {"opinion", "意见"},   {"notice", "通知"},
    {"bulletin", "通报"},   {"report", "报告"},   {"request", "请示"},     {"reply", "批复"},
    {"motion", "议案"},     {"letter", "函"},     {"minutes", "纪要"},
};

const char *dr_type_name_zh(const char *type)
{
    for (size_t i = 0; type && i < sizeof(type_names) / sizeof(type_names[0]); i++)
        if (strcmp(type_names[i].type, type) == 0)
            return type_names[i].zh;
    return NULL;
}

