/* docroute repair: puts a clerk's checkout back in step with the routing branch after an
 * interruption (a crash, a full disk, a held lock between an act's commit and its
 * work-tree update). Every acting command does the index part first; this also
 * restores record files edited or deleted by hand. Records nothing. */
#include "commands.h"

int cmd_repair(tool *t, int argc, char **argv)
{
    size_t fixed = 0;
    (void)argv;
    if (argc != 0)
        return fail(t, EXIT_USAGE, "repair takes no arguments");
    int st = open_store(t);
    if (st)
        return st;
    if (dr_store_is_bare(t->store))
        return fail(t, EXIT_USAGE, "a bare repository has no checkout to repair");
    if ((st = checkout_in_step(t, true, &fixed)))
        return st;
    json_object_set_new(result(t), "fixed", json_integer((json_int_t)fixed));
    if (t->json || t->quiet)
        return 0;
    if (fixed)
        printf("put %zu path%s back in step with the branch\n", fixed, fixed == 1 ? "" : "s");
    else
        printf("the checkout is in step with the branch\n");
    return 0;
}
