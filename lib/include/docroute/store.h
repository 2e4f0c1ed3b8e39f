/* docroute — the document repository (SPEC §2), through libgit2 only.
 *
 * A snapshot is the routing branch's tip: its commit, tree, config and
 * calendar. An act is one commit whose tree differs from its parent's only in
 * the act's write-set; the branch moves by compare-and-swap. */
#ifndef DOCROUTE_STORE_H
#define DOCROUTE_STORE_H

#include "docroute/calendar.h"
#include "docroute/common.h"
#include "docroute/config.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dr_store dr_store;
typedef struct dr_snapshot dr_snapshot;

#define DR_BLOB_MAX_BYTES (32u << 20)

enum {
    DR_STORE_DISCOVER = 1, /* search upwards from path for the repository */
    DR_STORE_FROM_ENV = 2, /* GIT_DIR and friends (server hooks) */
};

typedef struct dr_file {
    const char *path; /* repository path, '/'-separated */
    const char *data;
    size_t len;
} dr_file;

typedef struct dr_identity {
    const char *name, *email;
    dr_time when;
} dr_identity;

/* Creates a repository at path (bare or with a work tree), HEAD on `main`, and
 * the genesis commit holding files. Refuses an existing repository. */
int dr_store_init(dr_ctx *ctx, const char *path, bool bare, const dr_file *files, size_t nfiles,
                  const dr_identity *who, bool test_clock, char commit_out[41]);

/* Opens a repository. Free with dr_store_free(). */
int dr_store_open(dr_store **out, dr_ctx *ctx, const char *path, unsigned flags);
void dr_store_free(dr_store *st);
bool dr_store_is_bare(const dr_store *st);
/* The repository's git config value for key, or NULL (the string is owned by
 * the store until the next call). */
const char *dr_store_config_string(dr_store *st, const char *key);
bool dr_store_config_bool(dr_store *st, const char *key);
const char *dr_store_branch(const dr_store *st);
const char *dr_store_path(const dr_store *st);

/* A snapshot of any commit (hex id or revision), for verification. */
int dr_store_snapshot(dr_snapshot **out, dr_ctx *ctx, dr_store *st, const char *rev);
/* The commit's parents (hex ids into out, at most max; *n the true count). */
int dr_snapshot_parents(dr_snapshot *snap, char (*out)[41], size_t max, size_t *n);
/* The commit's message and author (owned by the snapshot). */
const char *dr_snapshot_message(dr_snapshot *snap);
const char *dr_snapshot_author_email(dr_snapshot *snap);
int64_t dr_snapshot_author_time(dr_snapshot *snap);
int64_t dr_snapshot_commit_time(dr_snapshot *snap);
/* The tree id of a folder of the snapshot (".docroute"), or "" when absent. */
int dr_snapshot_tree_id(dr_snapshot *snap, const char *path, char out[41]);
/* Calls fn for each path that differs between two snapshots (a may be NULL: all of b);
 * status is 'A' added, 'M' modified, 'D' deleted. */
int dr_snapshot_diff(dr_snapshot *a, dr_snapshot *b, dr_ctx *ctx,
                     int (*fn)(void *ud, const char *path, char status), void *ud);
/* Is commit the tip or one of its ancestors (hex ids)? A commit the repository lacks is
 * not. */
int dr_store_contains(dr_store *st, dr_ctx *ctx, const char *tip, const char *commit, bool *yes);
/* Walks the commits of a range, oldest first: "A..B", or NULL for every commit reachable
 * from the routing branch. */
int dr_store_walk(dr_store *st, dr_ctx *ctx, const char *range,
                  int (*fn)(void *ud, const char *commit), void *ud);
/* Calls fn for each commit of the routing branch, oldest first, whose tree at path (a
 * file or a folder) differs from its first parent's: a document's history. */
int dr_store_walk_path(dr_store *st, dr_ctx *ctx, const char *path,
                       int (*fn)(void *ud, const char *commit), void *ud);
/* The root commit of the routing branch. */
int dr_store_genesis(dr_store *st, dr_ctx *ctx, char out[41]);
/* Sets a git config value of the repository. */
int dr_store_set_config(dr_store *st, dr_ctx *ctx, const char *key, const char *value);
/* The repository's git directory. */
const char *dr_store_gitdir(const dr_store *st);

/* The routing branch's tip. DR_ENOTFOUND when the branch does not exist. */
int dr_store_tip(dr_snapshot **out, dr_ctx *ctx, dr_store *st);
void dr_snapshot_free(dr_snapshot *snap);
const char *dr_snapshot_commit(const dr_snapshot *snap);
/* Reads a file of the snapshot (DR_ENOTFOUND when absent). */
int dr_snapshot_read(dr_snapshot *snap, dr_ctx *ctx, const char *path, dr_buf *out);
bool dr_snapshot_exists(dr_snapshot *snap, const char *path);
/* The config in force (.docroute/config.yaml with its keys), loaded once. */
int dr_snapshot_config(dr_snapshot *snap, dr_ctx *ctx, const dr_config **out);
/* What dr_store_stale_lock found of a lock file. */
typedef struct {
    int64_t age;   /* seconds since it was last written */
    bool removed;  /* its writer is gone: removed */
    long dead_pid; /* > 0: it was left by the docroute command of that pid, which died
                    * moving the ref (any age); else it was older than max_age */
    bool running;  /* docroute's writer mark, held by a running docroute command */
} dr_lock_state;
/* A lock file of the repository (DR_ELOCKED names it): removed when its writer is gone —
 * a docroute command that died holding it, or older than max_age seconds at `now`
 * (seconds since the epoch). docroute's own writer mark (.git/docroute-writer) is never
 * stale: its holder is alive. */
int dr_store_stale_lock(dr_store *st, dr_ctx *ctx, const char *lock, int64_t max_age,
                        int64_t now, dr_lock_state *out);
/* True when the snapshot's config (once loaded) is the store's: it lives until
 * dr_store_free(), not only as long as the snapshot. */
bool dr_snapshot_config_lasting(const dr_snapshot *snap);
/* The blob id of .docroute/config.yaml. */
int dr_snapshot_config_blob(dr_snapshot *snap, dr_ctx *ctx, char out[41]);
/* The config stored in blob (routes only: keys are not read). Owned by the snapshot. */
int dr_snapshot_config_at(dr_snapshot *snap, dr_ctx *ctx, const char *blob, const dr_config **out);
/* The calendar in force (the year files under .docroute/calendar/), loaded once. */
int dr_snapshot_calendar(dr_snapshot *snap, dr_ctx *ctx, const dr_calendar **out);
/* The next free serial for documents of unit code in year. */
int dr_snapshot_next_serial(dr_snapshot *snap, dr_ctx *ctx, int year, const char *code, int *out);
/* Calls fn for each document id in the snapshot, in path order. */
int dr_snapshot_each_doc(dr_snapshot *snap, dr_ctx *ctx, int (*fn)(void *ud, const char *id),
                         void *ud);

/* The derived cache (SPEC §2): the documents with open work at the snapshot,
 * kept under $GIT_DIR/docroute/cache and brought up to date from the tree
 * diff since the commit it last indexed (rebuilt from scratch when that commit
 * is not an ancestor, or the file is missing or damaged). Costs what changed
 * since, not the history. Never used by `check` or the hook. Calls fn for
 * each active document id. */
int dr_store_active_docs(dr_store *st, dr_ctx *ctx, dr_snapshot *snap,
                         int (*fn)(void *ud, const char *id), void *ud);
/* The next 发文字号 serial for 代字 prefix in year: one more than the highest
 * registered at the snapshot (from the derived cache, brought up to the
 * snapshot first), 1 when none. */
int dr_store_next_number(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, const char *prefix, int year,
                         int *out);
/* Is the document at the snapshot still in progress (not ended, not finished)? */
int dr_snapshot_doc_active(dr_snapshot *snap, dr_ctx *ctx, const char *id, bool *active);

/* The folder and envelope path of a document id; DR_EINVALID for a bad id. */
int dr_doc_dir(const char *id, char *out, size_t size);
int dr_doc_envelope_path(const char *id, char *out, size_t size);
bool dr_doc_id_valid(const char *id);
/* The id of a new document: YYYY-CODE-NNNN (its year, its drafting unit's code, the
 * year's next serial). DR_EINVALID when it is not a valid id or does not fit. */
int dr_doc_id_make(char *out, size_t size, int year, const char *code, int serial);
/* The name a revised file takes in the document's folder at the snapshot: name itself
 * when it is free (*write true) or holds the same bytes (sha, hex; *write false: not
 * written again); else, when may_rename (the body), name-rN.ext, the first free or
 * same-bytes N from 2. DR_EINVALID (ctx says why) when the name is too long or, not
 * may_rename (an attachment), it holds other bytes. */
int dr_doc_file_name(dr_snapshot *snap, dr_ctx *ctx, const char *doc, const char *name,
                     const char *sha, bool may_rename, char *out, size_t size, bool *write);

/* A config act, in two steps: the tree the snapshot's tree becomes when every
 * file under prefix ("`.docroute`") is replaced by files (paths under prefix),
 * with the subtree's id (what its signers sign). */
int dr_store_replace_tree(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, const char *prefix,
                          const dr_file *files, size_t nfiles, char tree_out[41],
                          char subtree_out[41]);
/* Then the commit object alone (the branch does not move), so it can be verified
 * first; then the compare-and-swap onto it, keeping the work tree's index in step. */
int dr_store_make_commit(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *tree,
                         const char *message, const dr_identity *author,
                         const dr_identity *committer, char commit_out[41]);
int dr_store_advance(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *commit);

/* ---- clones (SPEC §2) ---- */

/* The routing branch's upstream remote (branch.<b>.remote, else "origin") and its URL. */
int dr_store_upstream(dr_store *st, dr_ctx *ctx, char *remote, size_t rsize, char *url, size_t usize);
/* Fetches the routing branch of remote into refs/remotes/<remote>/<branch>. */
int dr_store_fetch(dr_store *st, dr_ctx *ctx, const char *remote);
/* The act's commit object on the snapshot (nothing moves). */
int dr_store_make_act(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const dr_file *files,
                      size_t nfiles, const char *message, const dr_identity *author,
                      const dr_identity *committer, char commit_out[41]);
/* Pushes commit to the remote's routing branch. *rejected is set when the remote
 * refused it; what the remote said (its hook's messages) is left in said. */
int dr_store_push(dr_store *st, dr_ctx *ctx, const char *remote, const char *commit,
                  bool *rejected, dr_buf *said);
/* Moves the local routing branch to commit when that is a fast-forward (true),
 * keeping the work tree's touched paths in step; leaves it otherwise (false). */
int dr_store_follow(dr_store *st, dr_ctx *ctx, const char *commit, const dr_file *files,
                    size_t nfiles, bool *moved);

/* Moves the local routing branch to commit whatever it held (after a sync has
 * forwarded every local act), checking the work tree out when HEAD is on it. */
int dr_store_reset(dr_store *st, dr_ctx *ctx, const char *commit, bool *moved);

/* Brings a checkout of the routing branch back in step with its tip: every path under
 * docs/ and registers/ whose index entry differs from the tip (an act interrupted between
 * its commit and its work-tree update, a full disk, a held index.lock, a stray `git add`)
 * gets the tip's bytes and index entry; with full, also files there edited or deleted
 * by hand, and leftover temporary files are removed. *fixed counts what was put back.
 * Nothing to do in a bare repository or when HEAD is on another branch. A live
 * docroute-worktree.lock or index.lock is waited for at most wait_ms, then DR_ELOCKED
 * names it in ctx->file; a dead writer's work-tree lock (its pid gone, or 10 minutes
 * old) is broken, and the index.lock it left with it. */
int dr_store_repair(dr_store *st, dr_ctx *ctx, bool full, long wait_ms, size_t *fixed);

/* Moves the branch to commit (made by dr_store_make_act on parent) by compare-and-
 * swap, and keeps a checkout in step, as dr_store_commit does after making it. */
int dr_store_publish(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *commit,
                     const dr_file *files, size_t nfiles);

/* Records an act: one commit on the snapshot's commit whose tree differs only
 * by files; moves the branch by compare-and-swap (DR_ECONFLICT when it moved
 * or is locked: take a new snapshot and redo the act). In a non-bare
 * repository whose HEAD is the branch, the touched files and their index
 * entries are updated, with any stale record path (dr_store_repair); when that
 * fails the act stands and DR_EWORKTREE says so. commit_out receives the new commit id. */
int dr_store_commit(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const dr_file *files,
                    size_t nfiles, const char *message, const dr_identity *author,
                    const dr_identity *committer, char commit_out[41]);

#ifdef __cplusplus
}
#endif
#endif
