#include "store_internal.h"
#include "envmemo.h"
#include "docroute/envelope.h"
#include "docroute/route.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */
int dr__git_fail(dr_ctx *ctx, int code, const char *what)
{
    const git_error *e = git_error_last();
    return dr_ctx_set(ctx, code, "%s%s%s", what, e && e->message ? ": " : "",
                      e && e->message ? e->message : "");
}

static void lib_init(void)
{
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
    /* No network owner checks get in the way of hooks run as another user. */
}

/* ---- init ---- */

static int build_tree(git_oid *out, dr_ctx *ctx, git_repository *repo, const dr_file *files,
                      size_t n)
{
    git_treebuilder *tb = NULL;
    git_tree *empty = NULL;
    git_tree_update *ups = dr__calloc(n, sizeof(*ups));
    git_oid empty_id;
    int rc = 0;
    if (!ups)
        return DR_ENOMEM;
    if (git_treebuilder_new(&tb, repo, NULL) < 0 || git_treebuilder_write(&empty_id, tb) < 0 ||
        git_tree_lookup(&empty, repo, &empty_id) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the genesis tree");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (git_blob_create_from_buffer(&ups[i].id, repo, files[i].data, files[i].len) < 0) {
            rc = dr__git_fail(ctx, DR_EIO, "cannot write a blob");
            goto done;
        }
        ups[i].action = GIT_TREE_UPDATE_UPSERT;
        ups[i].filemode = GIT_FILEMODE_BLOB;
        ups[i].path = files[i].path;
    }
    if (git_tree_create_updated(out, repo, empty, n, ups) < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the genesis tree");
done:
    git_tree_free(empty);
    git_treebuilder_free(tb);
    free(ups);
    return rc;
}

static int signature_of(git_signature **out, dr_ctx *ctx, const dr_identity *id)
{
    if (git_signature_new(out, id->name, id->email, id->when.epoch, id->when.offset) < 0)
        return dr__git_fail(ctx, DR_EINVALID, "bad commit identity");
    return 0;
}

int dr_store_init(dr_ctx *ctx, const char *path, bool bare, const dr_file *files, size_t nfiles,
                  const dr_identity *who, bool test_clock, char commit_out[41])
{
    git_repository *repo = NULL;
    git_signature *sig = NULL;
    git_tree *tree = NULL;
    git_config *cfg = NULL;
    git_oid tree_id, commit_id;
    int rc = 0;

    lib_init();
    git_repository_init_options opts;
    git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
                 (bare ? GIT_REPOSITORY_INIT_BARE : 0);
    opts.initial_head = "main";
    if (git_repository_init_ext(&repo, path, &opts) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot create the repository");
        goto done;
    }
    if (git_repository_config(&cfg, repo) < 0 ||
        (test_clock && git_config_set_bool(cfg, "docroute.testclock", 1) < 0)) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the repository's git config");
        goto done;
    }
    if ((rc = build_tree(&tree_id, ctx, repo, files, nfiles)) ||
        (rc = signature_of(&sig, ctx, who)))
        goto done;
    if (git_tree_lookup(&tree, repo, &tree_id) < 0 ||
        git_commit_create(&commit_id, repo, "refs/heads/main", sig, sig, "UTF-8",
                          "docroute: genesis\n\nThe trust anchor: the config, keys and calendars "
                          "every later act is judged by.\n\nAct: genesis\n",
                          tree, 0, NULL) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the genesis commit");
        goto done;
    }
    if (!bare) {
        git_checkout_options co;
        git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
        co.checkout_strategy = GIT_CHECKOUT_FORCE;
        if (git_checkout_head(repo, &co) < 0) {
            rc = dr__git_fail(ctx, DR_EIO, "cannot check out the genesis commit");
            goto done;
        }
    }
    git_oid_tostr(commit_out, 41, &commit_id);
done:
    git_config_free(cfg);
    git_tree_free(tree);
    git_signature_free(sig);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return rc;
}

/* ---- open ---- */

int dr_store_open(dr_store **out, dr_ctx *ctx, const char *path, unsigned flags)
{
    dr_store *st = calloc(1, sizeof(*st));
    int rc = 0;
    *out = NULL;
    if (!st)
        return DR_ENOMEM;
    lib_init();
    unsigned gflags = (flags & DR_STORE_DISCOVER) ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH;
    if (flags & DR_STORE_FROM_ENV)
        gflags = GIT_REPOSITORY_OPEN_FROM_ENV;
    if (git_repository_open_ext(&st->repo, (flags & DR_STORE_FROM_ENV) ? NULL : path, gflags,
                                NULL) < 0) {
        rc = dr__git_fail(ctx, DR_ENOTFOUND, "no document repository here");
        goto done;
    }
    const char *b = dr_store_config_string(st, "docroute.branch");
    snprintf(st->branch, sizeof(st->branch), "%s", b && *b ? b : "main");
    snprintf(st->ref, sizeof(st->ref), "refs/heads/%s", st->branch);
    if (git_reference_is_valid_name(st->ref) != 1) {
        rc = dr_ctx_set(ctx, DR_ECONFIG, "docroute.branch '%s' is not a valid branch name",
                        st->branch);
        goto done;
    }
    const char *wd = git_repository_workdir(st->repo);
    if (!(st->path = dr__strdup(wd ? wd : git_repository_path(st->repo)))) {
        rc = DR_ENOMEM;
        goto done;
    }
    *out = st;
    st = NULL;
done:
    dr_store_free(st);
    return rc;
}

void dr_store_free(dr_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->nparsed; i++) {
        dr_config_free(st->parsed[i].config);
        dr_calendar_free(st->parsed[i].calendar);
    }
    dr__memo_free(st->memo);
    git_buf_dispose(&st->cfgval);
    git_repository_free(st->repo);
    free(st->path);
    free(st);
    git_libgit2_shutdown();
}

bool dr_store_is_bare(const dr_store *st)
{
    return git_repository_is_bare(st->repo) == 1;
}

const char *dr_store_branch(const dr_store *st)
{
    return st->branch;
}

const char *dr_store_path(const dr_store *st)
{
    return st->path;
}

const char *dr_store_config_string(dr_store *st, const char *key)
{
    git_config *cfg = NULL;
    const char *r = NULL;
    git_buf_dispose(&st->cfgval);
    if (git_repository_config_snapshot(&cfg, st->repo) == 0 &&
        git_config_get_string_buf(&st->cfgval, cfg, key) == 0)
        r = st->cfgval.ptr;
    git_config_free(cfg);
    git_error_clear();
    return r;
}

bool dr_store_config_bool(dr_store *st, const char *key)
{
    git_config *cfg = NULL;
    int v = 0;
    if (git_repository_config_snapshot(&cfg, st->repo) == 0 && git_config_get_bool(&v, cfg, key) != 0)
        v = 0;
    git_config_free(cfg);
    git_error_clear();
    return v != 0;
}

/* ---- snapshots ---- */

int dr_store_tip(dr_snapshot **out, dr_ctx *ctx, dr_store *st)
{
    dr_snapshot *s = calloc(1, sizeof(*s));
    git_oid id;
    int rc = 0;
    *out = NULL;
    if (!s)
        return DR_ENOMEM;
    s->st = st;
    int e = git_reference_name_to_id(&id, st->repo, st->ref);
    if (e == GIT_ENOTFOUND) {
        rc = dr_ctx_set(ctx, DR_ENOTFOUND, "the repository has no branch '%s': run docroute init",
                        st->branch);
        goto done;
    }
    if (e < 0 || git_commit_lookup(&s->commit, st->repo, &id) < 0 ||
        git_commit_tree(&s->tree, s->commit) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot read the branch tip");
        goto done;
    }
    git_oid_tostr(s->commit_hex, sizeof(s->commit_hex), &id);
    *out = s;
    s = NULL;
done:
    dr_snapshot_free(s);
    return rc;
}

int dr_store_snapshot(dr_snapshot **out, dr_ctx *ctx, dr_store *st, const char *rev)
{
    dr_snapshot *s = calloc(1, sizeof(*s));
    git_object *obj = NULL;
    int rc = 0;
    *out = NULL;
    if (!s)
        return DR_ENOMEM;
    s->st = st;
    if (git_revparse_single(&obj, st->repo, rev) < 0 ||
        git_commit_lookup(&s->commit, st->repo, git_object_id(obj)) < 0 ||
        git_commit_tree(&s->tree, s->commit) < 0) {
        rc = dr__git_fail(ctx, DR_ENOTFOUND, "no such commit");
        goto done;
    }
    git_oid_tostr(s->commit_hex, sizeof(s->commit_hex), git_commit_id(s->commit));
    *out = s;
    s = NULL;
done:
    git_object_free(obj);
    dr_snapshot_free(s);
    return rc;
}

int dr_snapshot_parents(dr_snapshot *snap, char (*out)[41], size_t max, size_t *n)
{
    *n = git_commit_parentcount(snap->commit);
    for (size_t i = 0; i < *n && i < max; i++)
        git_oid_tostr(out[i], 41, git_commit_parent_id(snap->commit, (unsigned)i));
    return 0;
}

const char *dr_snapshot_message(dr_snapshot *snap)
{
    return git_commit_message(snap->commit);
}

const char *dr_snapshot_author_email(dr_snapshot *snap)
{
    return git_commit_author(snap->commit)->email;
}

int64_t dr_snapshot_author_time(dr_snapshot *snap)
{
    return git_commit_author(snap->commit)->when.time;
}

int64_t dr_snapshot_commit_time(dr_snapshot *snap)
{
    return git_commit_committer(snap->commit)->when.time;
}

int dr_snapshot_tree_id(dr_snapshot *snap, const char *path, char out[41])
{
    git_tree_entry *e = NULL;
    out[0] = '\0';
    if (git_tree_entry_bypath(&e, snap->tree, path) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
        git_oid_tostr(out, 41, git_tree_entry_id(e));
    git_tree_entry_free(e);
    git_error_clear();
    return 0;
}

int dr_store_walk(dr_store *st, dr_ctx *ctx, const char *range,
                  int (*fn)(void *ud, const char *commit), void *ud)
{
    git_revwalk *w = NULL;
    git_oid id;
    int rc = 0;
    if (git_revwalk_new(&w, st->repo) < 0)
        return dr__git_fail(ctx, DR_EIO, "cannot walk the history");
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    git_object *one = NULL;
    int pushed = !range ? git_revwalk_push_ref(w, st->ref)
                 : strstr(range, "..") ? git_revwalk_push_range(w, range)
                 : git_revparse_single(&one, st->repo, range) < 0 ? -1
                                                                 : git_revwalk_push(w, git_object_id(one));
    git_object_free(one);
    if (pushed < 0) {
        rc = dr__git_fail(ctx, DR_EINVALID, range ? "bad range" : "no routing branch");
        goto done;
    }
    while (!rc && git_revwalk_next(&id, w) == 0) {
        char hex[41];
        git_oid_tostr(hex, sizeof(hex), &id);
        rc = fn(ud, hex);
    }
    git_error_clear();
done:
    git_revwalk_free(w);
    return rc;
}

int dr_store_contains(dr_store *st, dr_ctx *ctx, const char *tip, const char *commit, bool *yes)
{
    git_oid t, c;
    *yes = false;
    if (git_oid_fromstr(&t, tip) < 0 || git_oid_fromstr(&c, commit) < 0)
        return dr_ctx_set(ctx, DR_EINVALID, "not a commit id");
    if (git_oid_equal(&t, &c)) {
        *yes = true;
        return 0;
    }
    int r = git_graph_descendant_of(st->repo, &t, &c);
    git_error_clear();
    *yes = r == 1;
    return 0;
}

int dr_store_walk_path(dr_store *st, dr_ctx *ctx, const char *path,
                       int (*fn)(void *ud, const char *commit), void *ud)
{
    git_revwalk *w = NULL;
    git_oid id;
    int rc = 0;
    if (git_revwalk_new(&w, st->repo) < 0 || git_revwalk_push_ref(w, st->ref) < 0) {
        git_revwalk_free(w);
        return dr__git_fail(ctx, DR_ENOTFOUND, "no routing branch");
    }
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    while (!rc && git_revwalk_next(&id, w) == 0) {
        git_commit *c = NULL, *p = NULL;
        git_tree *ct = NULL, *pt = NULL;
        git_tree_entry *ce = NULL, *pe = NULL;
        bool touched = false;
        if (git_commit_lookup(&c, st->repo, &id) == 0 && git_commit_tree(&ct, c) == 0) {
            git_tree_entry_bypath(&ce, ct, path);
            if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0 &&
                git_commit_tree(&pt, p) == 0)
                git_tree_entry_bypath(&pe, pt, path);
            touched = (ce || pe) && (!ce || !pe || !git_oid_equal(git_tree_entry_id(ce),
                                                                 git_tree_entry_id(pe)));
        }
        git_tree_entry_free(ce);
        git_tree_entry_free(pe);
        git_tree_free(ct);
        git_tree_free(pt);
        git_commit_free(p);
        git_commit_free(c);
        git_error_clear();
        if (touched) {
            char hex[41];
            git_oid_tostr(hex, sizeof(hex), &id);
            rc = fn(ud, hex);
        }
    }
    git_revwalk_free(w);
    return rc;
}

int dr_store_genesis(dr_store *st, dr_ctx *ctx, char out[41])
{
    git_revwalk *w = NULL;
    git_oid id;
    int rc = DR_ENOTFOUND;
    if (git_revwalk_new(&w, st->repo) < 0 || git_revwalk_push_ref(w, st->ref) < 0) {
        git_revwalk_free(w);
        return dr__git_fail(ctx, DR_ENOTFOUND, "no routing branch");
    }
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    if (git_revwalk_next(&id, w) == 0) {
        git_oid_tostr(out, 41, &id);
        rc = 0;
    }
    git_revwalk_free(w);
    return rc;
}

int dr_store_set_config(dr_store *st, dr_ctx *ctx, const char *key, const char *value)
{
    git_config *cfg = NULL;
    int rc = 0;
    if (git_repository_config(&cfg, st->repo) < 0 || git_config_set_string(cfg, key, value) < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the repository's git config");
    git_config_free(cfg);
    return rc;
}

const char *dr_store_gitdir(const dr_store *st)
{
    return git_repository_path(st->repo);
}

void dr_snapshot_free(dr_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nold; i++)
        dr_config_free(s->old[i].cfg);
    free(s->old);
    if (!s->config_shared)
        dr_config_free(s->config);
    if (!s->calendar_shared)
        dr_calendar_free(s->calendar);
    git_tree_free(s->tree);
    git_commit_free(s->commit);
    free(s);
}

const char *dr_snapshot_commit(const dr_snapshot *snap)
{
    return snap->commit_hex;
}

int dr__read_blob(git_repository *repo, dr_ctx *ctx, const git_oid *id, const char *path,
                     dr_buf *out)
{
    git_blob *blob = NULL;
    int rc = 0;
    if (git_blob_lookup(&blob, repo, id) < 0)
        return dr__git_fail(ctx, DR_EIO, "cannot read a blob");
    git_object_size_t size = git_blob_rawsize(blob);
    if (size > DR_BLOB_MAX_BYTES || size > out->max)
        rc = dr_ctx_setpos(ctx, DR_EINVALID, path, 0, 0, "file is larger than %zu bytes",
                           out->max < DR_BLOB_MAX_BYTES ? out->max : (size_t)DR_BLOB_MAX_BYTES);
    else
        rc = dr_buf_put(out, git_blob_rawcontent(blob), (size_t)size);
    git_blob_free(blob);
    return rc;
}

int dr_snapshot_read(dr_snapshot *snap, dr_ctx *ctx, const char *path, dr_buf *out)
{
    git_tree_entry *e = NULL;
    int rc;
    if (git_tree_entry_bypath(&e, snap->tree, path) < 0) {
        git_error_clear();
        return dr_ctx_setpos(ctx, DR_ENOTFOUND, path, 0, 0, "'%s' does not exist at %.12s", path,
                             snap->commit_hex);
    }
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
        rc = dr_ctx_setpos(ctx, DR_EINVALID, path, 0, 0, "'%s' is not a file", path);
    else
        rc = dr__read_blob(snap->st->repo, ctx, git_tree_entry_id(e), path, out);
    git_tree_entry_free(e);
    return rc;
}

bool dr_snapshot_config_lasting(const dr_snapshot *snap)
{
    return snap && snap->config && snap->config_shared;
}

bool dr_snapshot_exists(dr_snapshot *snap, const char *path)
{
    git_tree_entry *e = NULL;
    bool ok = git_tree_entry_bypath(&e, snap->tree, path) == 0;
    git_tree_entry_free(e);
    git_error_clear();
    return ok;
}

/* ---- commits ---- */

int dr_store_make_act(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const dr_file *files,
                      size_t nfiles, const char *message, const dr_identity *author,
                      const dr_identity *committer, char commit_out[41])
{
    git_tree_update *ups = NULL;
    git_oid *blob_ids = NULL, tree_id;
    char tree_hex[41];
    int rc = 0;

    if (!(ups = dr__calloc(nfiles, sizeof(*ups))) || !(blob_ids = dr__calloc(nfiles, sizeof(git_oid)))) {
        rc = DR_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++) {
        if (git_blob_create_from_buffer(&blob_ids[i], st->repo, files[i].data, files[i].len) < 0) {
            rc = dr__git_fail(ctx, DR_EIO, "cannot write a blob");
            goto done;
        }
        ups[i].action = GIT_TREE_UPDATE_UPSERT;
        ups[i].id = blob_ids[i];
        ups[i].filemode = GIT_FILEMODE_BLOB;
        ups[i].path = files[i].path;
    }
    /* Only the trees on the act's paths are rewritten. */
    if (git_tree_create_updated(&tree_id, st->repo, parent->tree, nfiles, ups) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the new tree");
        goto done;
    }
    git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
    rc = dr_store_make_commit(st, ctx, parent, tree_hex, message, author, committer, commit_out);
done:
    free(blob_ids);
    free(ups);
    return rc;
}

/* Compare-and-swap: moves the branch to commit only if it still names the parent. */
static int cas(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *commit)
{
    git_reference *ref = NULL;
    git_oid id;
    dr__writer w;
    git_oid_fromstr(&id, commit);
    int e = dr__writer_take(st, ctx, &w, st->ref);
    if (e)
        return e;
    e = git_reference_create_matching(&ref, st->repo, st->ref, &id, 1,
                                      git_commit_id(parent->commit), "docroute act");
    dr__writer_release(&w);
    git_reference_free(ref);
    if (e == GIT_ELOCKED) /* another writer holds the branch's lock, or one died and left it */
        return dr__ref_locked(st, ctx, st->ref);
    if (e == GIT_EMODIFIED) {
        git_error_clear();
        return dr_ctx_set(ctx, DR_ECONFLICT, "the branch '%s' moved while recording", st->branch);
    }
    return e < 0 ? dr__git_fail(ctx, DR_EIO, "cannot move the branch") : 0;
}

int dr_store_publish(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *commit,
                     const dr_file *files, size_t nfiles)
{
    int rc = cas(st, ctx, parent, commit);
    return rc ? rc : dr__sync_worktree(st, ctx, files, nfiles);
}

int dr_store_commit(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const dr_file *files,
                    size_t nfiles, const char *message, const dr_identity *author,
                    const dr_identity *committer, char commit_out[41])
{
    int rc = dr_store_make_act(st, ctx, parent, files, nfiles, message, author, committer, commit_out);
    return rc ? rc : dr_store_publish(st, ctx, parent, commit_out, files, nfiles);
}

/* ---- config acts ---- */

typedef struct {
    git_tree_update *ups;
    size_t n;
    const dr_file *files;
    size_t nfiles;
    const char *prefix;
} replace_ud;

static int removed(const char *root, const git_tree_entry *e, void *payload)
{
    replace_ud *r = payload;
    char path[1024];
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
        return 0;
    snprintf(path, sizeof(path), "%s/%s%s", r->prefix, root, git_tree_entry_name(e));
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].path, path))
            return 0;
    git_tree_update *u = dr__push(&r->ups, &r->n, sizeof(git_tree_update));
    if (!u)
        return -1;
    u->action = GIT_TREE_UPDATE_REMOVE;
    u->path = dr__strdup(path);
    return u->path ? 0 : -1;
}

int dr_store_replace_tree(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, const char *prefix,
                          const dr_file *files, size_t nfiles, char tree_out[41],
                          char subtree_out[41])
{
    replace_ud r = {NULL, 0, files, nfiles, prefix};
    git_tree_entry *e = NULL;
    git_tree *sub = NULL, *t = NULL;
    git_oid tree_id;
    int rc = 0;
    if (git_tree_entry_bypath(&e, snap->tree, prefix) == 0 &&
        git_tree_lookup(&sub, st->repo, git_tree_entry_id(e)) == 0 &&
        git_tree_walk(sub, GIT_TREEWALK_PRE, removed, &r) < 0) {
        rc = DR_ENOMEM;
        goto done;
    }
    git_error_clear();
    for (size_t i = 0; i < nfiles; i++) {
        git_tree_update *u = dr__push(&r.ups, &r.n, sizeof(git_tree_update));
        if (!u) {
            rc = DR_ENOMEM;
            goto done;
        }
        if (git_blob_create_from_buffer(&u->id, st->repo, files[i].data, files[i].len) < 0) {
            rc = dr__git_fail(ctx, DR_EIO, "cannot write a blob");
            goto done;
        }
        u->action = GIT_TREE_UPDATE_UPSERT;
        u->filemode = GIT_FILEMODE_BLOB;
        if (!(u->path = dr__strdup(files[i].path))) {
            rc = DR_ENOMEM;
            goto done;
        }
    }
    if (git_tree_create_updated(&tree_id, st->repo, snap->tree, r.n, r.ups) < 0 ||
        git_tree_lookup(&t, st->repo, &tree_id) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the new tree");
        goto done;
    }
    git_oid_tostr(tree_out, 41, &tree_id);
    git_tree_entry_free(e);
    e = NULL;
    subtree_out[0] = '\0';
    if (git_tree_entry_bypath(&e, t, prefix) == 0)
        git_oid_tostr(subtree_out, 41, git_tree_entry_id(e));
done:
    for (size_t i = 0; i < r.n; i++)
        free((char *)r.ups[i].path);
    free(r.ups);
    git_tree_free(t);
    git_tree_free(sub);
    git_tree_entry_free(e);
    return rc;
}

int dr_store_make_commit(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *tree,
                         const char *message, const dr_identity *author,
                         const dr_identity *committer, char commit_out[41])
{
    git_oid tree_id, commit_id;
    git_tree *t = NULL;
    git_signature *a = NULL, *c = NULL;
    int rc = 0;
    if (git_oid_fromstr(&tree_id, tree) < 0 || git_tree_lookup(&t, st->repo, &tree_id) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "no such tree");
        goto done;
    }
    if ((rc = signature_of(&a, ctx, author)) || (rc = signature_of(&c, ctx, committer)))
        goto done;
    const git_commit *parents[1] = {parent->commit};
    if (git_commit_create(&commit_id, st->repo, NULL, a, c, "UTF-8", message, t, 1, parents) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot write the commit");
        goto done;
    }
    git_oid_tostr(commit_out, 41, &commit_id);
done:
    git_signature_free(a);
    git_signature_free(c);
    git_tree_free(t);
    return rc;
}

int dr_store_advance(dr_store *st, dr_ctx *ctx, dr_snapshot *parent, const char *commit)
{
    git_oid commit_id;
    git_commit *cm = NULL;
    git_tree *t = NULL;
    git_reference *head = NULL;
    git_index *idx = NULL;
    int rc;
    if (git_oid_fromstr(&commit_id, commit) < 0 || git_commit_lookup(&cm, st->repo, &commit_id) < 0 ||
        git_commit_tree(&t, cm) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "no such commit");
        goto done;
    }
    if ((rc = cas(st, ctx, parent, commit)))
        goto done;
    /* The admin's work tree already holds the files: bring the index to the new tree. */
    if (git_repository_workdir(st->repo) && git_repository_head(&head, st->repo) == 0 &&
        !strcmp(git_reference_name(head), st->ref) && git_repository_index(&idx, st->repo) == 0 &&
        (git_index_read_tree(idx, t) < 0 || git_index_write(idx) < 0))
        rc = dr__git_fail(ctx, DR_EIO, "the act is recorded, but the index cannot be written");
    git_error_clear();
done:
    git_index_free(idx);
    git_reference_free(head);
    git_tree_free(t);
    git_commit_free(cm);
    return rc;
}

int dr_store_reset(dr_store *st, dr_ctx *ctx, const char *commit, bool *moved)
{
    git_oid id;
    git_reference *ref = NULL, *head = NULL;
    git_object *target = NULL;
    int rc = 0;
    *moved = false;
    git_oid_fromstr(&id, commit);
    if (git_object_lookup(&target, st->repo, &id, GIT_OBJECT_COMMIT) < 0)
        return dr__git_fail(ctx, DR_EIO, "no such commit");
    if (git_repository_workdir(st->repo) && git_repository_head(&head, st->repo) == 0 &&
        !strcmp(git_reference_name(head), st->ref)) {
        git_checkout_options co;
        git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
        co.checkout_strategy = GIT_CHECKOUT_FORCE;
        if (git_checkout_tree(st->repo, target, &co) < 0)
            rc = dr__git_fail(ctx, DR_EIO, "cannot update the work tree");
    }
    git_error_clear();
    if (!rc)
        rc = dr__ref_move(st, ctx, &ref, st->ref, &id, "docroute sync");
    *moved = !rc;
    git_reference_free(ref);
    git_reference_free(head);
    git_object_free(target);
    return rc;
}
