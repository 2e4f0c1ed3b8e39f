/* docroute's commands that live in files of their own. */
#ifndef DR_DOCROUTE_COMMANDS_H
#define DR_DOCROUTE_COMMANDS_H

#include "common.h"

/* Option codes of docroute's commands (OPT_FIRST_COMMAND and up). */
enum {
    OPT_BARE = OPT_FIRST_COMMAND, OPT_EXAMPLE, OPT_TEST_CLOCK, OPT_FROM, OPT_DRY_RUN, OPT_INBOX_AS,
    OPT_UNIT, OPT_FORMAT, OPT_OUTPUT, OPT_ALL, OPT_CKEY, OPT_PROGRAM, OPT_REASON,
    OPT_CHECKPOINT
};

/* The tip as reading commands see it. */
typedef struct {
    dr_snapshot *snap;
    const dr_config *cfg;
    const dr_calendar *cal;
} repo_view;

int open_view(tool *t, repo_view *v);
/* Loads a document's envelope; exit 4 when there is no such document. */
int load_doc(tool *t, repo_view *v, const char *id, dr_envelope **env);
const char *step_state_name(dr_step_state s);
const char *req_state_name(dr_req_state s);
json_t *holders_json(const dr_holder *h, size_t n);

/* A configuration folder read into .docroute/… files (init.c; config commit too). */
typedef struct {
    dr_file *v;
    size_t n;
} file_list;
void files_dispose(file_list *f);
/* Reads root/rel recursively into .docroute/rel/… (regular files only). */
int collect(tool *t, const char *root, const char *rel, file_list *out, int depth);
/* Validates the config and calendars before anything is created. */
int validate_genesis(tool *t, file_list *fl, int *offset);

/* The commands, one file each (or a few of one concern). */
int cmd_init(tool *t, int argc, char **argv);
int cmd_status(tool *t, int argc, char **argv);
int cmd_log(tool *t, int argc, char **argv);
int cmd_workdays(tool *t, int argc, char **argv);
int cmd_overdue(tool *t, int argc, char **argv);
int cmd_inbox(tool *t, int argc, char **argv);
int cmd_sweep(tool *t, int argc, char **argv);
int cmd_check(tool *t, int argc, char **argv);
int cmd_config(tool *t, int argc, char **argv);
int cmd_hook(tool *t, int argc, char **argv);
int cmd_sync(tool *t, int argc, char **argv);
int cmd_reproject(tool *t, int argc, char **argv);
int cmd_repair(tool *t, int argc, char **argv);
int cmd_checkpoint(tool *t, int argc, char **argv);
extern const struct option init_opts[], inbox_opts[], sweep_opts[], check_opts[];

#endif
