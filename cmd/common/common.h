/* What only the tools share: options, the clock, keys, messages, exit codes,
 * JSON output and the act loop. Never part of the library. */
#ifndef DR_CMD_COMMON_H
#define DR_CMD_COMMON_H

#include <docroute/docroute.h>
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit statuses (SPEC §9). */
enum {
    EXIT_DONE = 0,
    EXIT_RULE = 1,   /* a rule refuses, or check found a violation */
    EXIT_USAGE = 2,  /* bad command line, or a named file malformed / failing its schema */
    EXIT_REPO = 3,   /* the repository's config or calendar; I/O; unresolved conflict */
    EXIT_NODOC = 4,  /* no such document */
};

/* The marks human output prints (the one table of such words in the tools). */
#define DR_PROVISIONAL_MARK  DR_W_PROVISIONAL " provisional" /* a due date through a provisional year */

/* Long-only option codes shared by all tools. */
enum {
    OPT_VERSION = 1000, OPT_NOW, OPT_JSON, OPT_AS, OPT_KEY, OPT_PUSH, OPT_ACTING_FOR,
    OPT_FIRST_COMMAND = 1100 /* commands number their own options from here */
};

typedef struct tool tool;

typedef struct command {
    const char *name;
    const char *args;    /* the synopsis after the name */
    const char *summary; /* one line */
    const char *help;    /* the options and what they do */
    bool acting;         /* takes --as, --key, --push, --acting-for */
    const struct option *options;
    int (*run)(tool *t, int argc, char **argv);
} command;

struct tool {
    const char *name;
    const command *commands;
    const command *cmd;
    /* global options */
    const char *repo_dir, *now_text, *as, *key_path, *acting_for;
    const char *keys[4]; /* every --key given (config commit takes two) */
    size_t nkeys;
    bool json, quiet, push;
    bool calendar_warned; /* the calendar's end was looked at (once a run) */
    const dr_config *cfg; /* the config in force, once loaded: its rules' articles and texts */
    dr_config *catalog;   /* else the shipped default catalog, made on demand */
    json_t *out;  /* the JSON document, printed at exit when --json */
    dr_ctx ctx;
    /* opened on demand */
    dr_store *store;
};

/* Runs a tool: parses argv, dispatches, prints JSON, returns the exit status. */
int tool_main(tool *t, int argc, char **argv, const char *description);

/* Messages: "tool: message" on stderr (not under --quiet for notes). */
void note(tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail(tool *t, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reports the library error in t->ctx (rule, file:line:col, message); returns
 * the exit status for code. */
int fail_ctx(tool *t, int code);
/* The JSON result's error object (rule may be NULL): set once, by the first failure. */
void json_error(tool *t, const char *rule, const char *msg);
int exit_for(int code);

/* Opens the repository (-C, DOCROUTE_REPO, or discovered). */
int open_store(tool *t);
/* The clock: --now / DOCROUTE_NOW, else the system clock, at the org's offset.
 * Acting commands refuse --now unless docroute.testclock is set. */
int clock_now(tool *t, int offset, dr_time *out);
/* Reads a file named on the command line (bounded), exit status on failure. */
int read_named_file(tool *t, const char *path, size_t max, dr_buf *out);

/* A warning: "tool: warning: …" on stderr (not under --quiet), and in the JSON
 * result's "warnings" array. */
/* Puts a checkout of the routing branch back in step with its tip (dr_store_repair),
 * handling held locks as acts do; with full, hand edits of docs/ too. */
int checkout_in_step(tool *t, bool full, size_t *fixed);
void warn(tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Warns, once a run, when the calendar ends within 30 days of today (add next year's
 * file), when today lies past it, or when today's year is provisional. */
void calendar_warnings(tool *t, const dr_calendar *cal, dr_date today);

/* The data directory holding examples/ and schemas/. */
const char *data_dir(char *looked, size_t size);

/* The rule catalog messages describe rules from: the config in force, else the default. */
const dr_config *rules_of(tool *t);

/* The JSON result object (created on first use). */
json_t *result(tool *t);
void add_finding(tool *t, const char *rule, const char *severity, const char *doc,
                 const char *file, int line, int col, const char *message);

/* ---- acting ---- */

typedef struct signer {
    const dr_person *person;
    const dr_person_key *pkey;
    dr_key *key;
    char key_name[128];
} signer;

/* Loads --key and finds the actor (--as, DOCROUTE_USER, or the person whose
 * registered key it is); refuses a key that is not the actor's or not valid on
 * the date. Exit status on failure. */
int load_signer(tool *t, const dr_config *cfg, dr_date on, signer *out);
void signer_dispose(signer *s);

/* One act to record. */
typedef struct act_plan {
    dr_buf envelope; /* the new envelope bytes */
    char doc_id[64];
    char act[32];
    char actor[64];
    char acting_for[64];
    int first_event, last_event;
    char last_digest[72];
    char summary[420];
    dr_file extra[32]; /* files beside the envelope (body, attachments) */
    size_t nextra;
    dr_time at;
} act_plan;

/* Builds a plan on a snapshot; returns 0 or an exit status. */
typedef int (*plan_fn)(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud);
/* Runs the act: takes the tip, plans, commits by compare-and-swap, and on a
 * moved branch retries on the new tip (re-stamped, re-checked) with backoff
 * for a bounded time. */
int run_act(tool *t, plan_fn fn, void *ud, char commit_out[41]);
void plan_dispose(act_plan *p);


/* The values of the running command's own options (last one wins for opt_get). */
const char *opt_get(int code);
size_t opt_count(int code);
const char *opt_nth(int code, size_t n);


/* ---- acts on an existing document ---- */

typedef struct doc_act {
    const char *doc_id;
    dr_act_input in;       /* the act and its particulars; the rest is filled per attempt */
    const char *note_path; /* coordinate: the note file, recorded beside the envelope */
    dr_buf note;
    bool system;           /* the sweep: the actor must be `system` */
    /* revise: the draft with the new document and its files */
    const dr_envelope *draft;
    struct {
        char name[128];
        char sha[65];
        const dr_buf *data;
    } files[17]; /* [0] the body, then the attachments */
    size_t nfiles;
    /* results */
    char summary[400];
    char late_rule[40]; /* the rule a late reply cites, from the config in force */
    bool no_effect, late;
    int nevents;
} doc_act;

/* A plan_fn for run_act: plans da->in.act on da->doc_id with the library's
 * planner, signs and appends its events. Exit status 0 with da->nevents == 0
 * means there was nothing to record. */
int plan_doc_act(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud);
/* Runs one act on a document and reports it (the commit on stdout under --json). */
int run_doc_act(tool *t, doc_act *da);
/* Loads a recorded envelope at the snapshot; exit 4 when there is none. */
int load_envelope(tool *t, dr_snapshot *snap, const char *id, dr_envelope **env);

#endif
