/* docroute's commands that live in files of their own. */
#ifndef DR_DOCROUTE_COMMANDS_H
#define DR_DOCROUTE_COMMANDS_H

#include "common.h"

/* Option codes of docroute's commands (OPT_FIRST_COMMAND and up). */
enum {
    OPT_BARE = OPT_FIRST_COMMAND, OPT_EXAMPLE, OPT_TEST_CLOCK, OPT_FROM, OPT_DRY_RUN, OPT_INBOX_AS,
    OPT_UNIT, OPT_FORMAT, OPT_OUTPUT, OPT_ALL, OPT_CKEY, OPT_PROGRAM, OPT_REASON
};

int cmd_reproject(tool *t, int argc, char **argv);

#endif
