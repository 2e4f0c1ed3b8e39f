/* The acts the toolkit knows: one table, read by the config's loader (which acts a
 * route's step may name, which the config's `acts` may give to someone) and by the
 * act planner (which acts it plans). A submission is planned by submit.c, a config
 * act by the tools' config command. */
#include "internal.h"

#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static const struct {
    const char *name;
    unsigned kind;
} acts[] = {
    /* the acts a route's steps are made of */
    {"countersign", DR_ACT_STEP | DR_ACT_PLANNED},
    {"sign", DR_ACT_STEP | DR_ACT_PLANNED},
    {"review", DR_ACT_STEP | DR_ACT_PLANNED},
    {"review-sign", DR_ACT_STEP | DR_ACT_PLANNED},
    {"issue-sign", DR_ACT_STEP | DR_ACT_PLANNED},
    {"register", DR_ACT_STEP | DR_ACT_PLANNED},
    {"receive", DR_ACT_STEP | DR_ACT_PLANNED},
    {"decide", DR_ACT_STEP | DR_ACT_PLANNED},
    {"read", DR_ACT_STEP | DR_ACT_PLANNED},
    {"file", DR_ACT_STEP | DR_ACT_PLANNED},
    /* acts beside the steps, each done by whom the config's `acts` says */
    {"submit", DR_ACT_RULED},
    {"config", DR_ACT_RULED},
    {"revise", DR_ACT_RULED | DR_ACT_PLANNED},
    {"withdraw", DR_ACT_RULED | DR_ACT_PLANNED},
    {"close", DR_ACT_RULED | DR_ACT_PLANNED},
    {"coordinate", DR_ACT_RULED | DR_ACT_PLANNED},
    {"accept-extension", DR_ACT_RULED | DR_ACT_PLANNED},
    {"extend", DR_ACT_RULED | DR_ACT_PLANNED},
    {"request-countersign", DR_ACT_RULED | DR_ACT_PLANNED},
    {"classify", DR_ACT_RULED | DR_ACT_PLANNED},
    {"override", DR_ACT_RULED | DR_ACT_PLANNED},
    {"reproject", DR_ACT_RULED | DR_ACT_PLANNED},
    /* acts the rules themselves decide who does */
    {"deemed-consent", DR_ACT_PLANNED},
    {"decline-extension", DR_ACT_PLANNED},
    {"return", DR_ACT_PLANNED},
};

unsigned dr__act_kind(const char *act)
{
    for (size_t i = 0; act && i < sizeof(acts) / sizeof(acts[0]); i++)
        if (!strcmp(acts[i].name, act))
            return acts[i].kind;
    return 0;
}
