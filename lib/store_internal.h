/* The store's insides, shared by its files (store.c: snapshots and commits, remote.c:
 * clones, cache.c: the derived cache). Never included outside lib/. */
#ifndef DR_STORE_INTERNAL_H
#define DR_STORE_INTERNAL_H

#include "docroute/store.h"
#include "internal.h"

#include <git2.h>


/* Parsed configs and calendars, by the id of the .docroute tree they come from:
 * check and long commands see the same few versions again and again. Bounded. */
#define CONFIG_CACHE 16
typedef struct {
    char tree[41];
    dr_config *config;
    dr_calendar *calendar;
} parsed_entry;

struct dr_envmemo; /* envmemo.c */

struct dr_store {
    parsed_entry parsed[CONFIG_CACHE];
    struct dr_envmemo *memo; /* envelopes parsed, by blob id */
    size_t nparsed;
    git_repository *repo;
    char branch[128];
    char ref[160];
    char *path;
    git_buf cfgval;
};

struct dr_snapshot {
    dr_store *st;
    git_commit *commit;
    git_tree *tree;
    char commit_hex[41];
    dr_config *config;
    dr_calendar *calendar;
    bool config_shared, calendar_shared; /* owned by the store's cache */
    char config_blob[41];
    struct cached_cfg {
        char blob[41];
        dr_config *cfg;
    } *old;
    size_t nold;
};


/* docroute's mark on a ref it moves (lockfile.c): an exclusive flock on
 * .git/docroute-writer naming the ref, so that a lock left by a writer that died is
 * known for its (dr_store_stale_lock). Held only around the move. */
typedef struct {
    int fd;
    bool writable;
} dr__writer;
int dr__writer_take(dr_store *st, dr_ctx *ctx, dr__writer *w, const char *ref);
void dr__writer_release(dr__writer *w);
/* DR_ELOCKED naming ref's lock file. */
int dr__ref_locked(dr_store *st, dr_ctx *ctx, const char *ref);
/* git_reference_create (force) under the mark; DR_ELOCKED names a ref lock held. */
int dr__ref_move(dr_store *st, dr_ctx *ctx, git_reference **out, const char *ref, const git_oid *id,
                 const char *log);

/* Sets ctx from libgit2's last error. */
int dr__git_fail(dr_ctx *ctx, int code, const char *what);
/* Reads a blob (bounded by out's max). */
int dr__read_blob(git_repository *repo, dr_ctx *ctx, const git_oid *id, const char *path, dr_buf *out);
/* Brings the work tree's copies of files in step with a commit just recorded. */
int dr__sync_worktree(dr_store *st, dr_ctx *ctx, const dr_file *files, size_t n);
/* Calls fn for each document id under a docs/ tree. */
int dr__each_level(dr_snapshot *snap, dr_ctx *ctx, const git_tree *t, int depth,
                   int (*fn)(void *ud, const char *id), void *ud);

#endif
