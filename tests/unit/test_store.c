/* The store (SPEC §2) through libgit2: init, snapshots, commits by
 * compare-and-swap, the work tree kept in step. */
#include "helpers.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmp[256];

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-store-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* The example's .docroute/ files and .gitattributes. */
typedef struct {
    dr_file f[64];
    size_t n;
    dr_buf bufs[64];
} genesis;

static void add(genesis *g, const char *repo_path, const char *rel)
{
    dr_buf_init(&g->bufs[g->n], 0);
    read_source_file(rel, &g->bufs[g->n]);
    g->f[g->n] = (dr_file){strdup(repo_path), g->bufs[g->n].ptr, g->bufs[g->n].len};
    g->n++;
}

static void load_genesis(genesis *g)
{
    char rp[200], rel[300];
    memset(g, 0, sizeof(*g));
    add(g, ".docroute/config.yaml", "examples/zhangdian/docroute/config.yaml");
    for (int y = 2020; y <= 2026; y++) {
        snprintf(rp, sizeof(rp), ".docroute/calendar/%d.yaml", y);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/calendar/%d.yaml", y);
        add(g, rp, rel);
    }
    static const char *const people[] = {
        "p-zhou", "p-wang", "p-zhang", "p-liu", "p-zhao", "p-sun", "p-qian", "p-wu", "p-zheng", "p-feng",
        "p-jiang", "p-chen", "p-he", "p-xu", "p-lv", "p-han", "p-lin", "p-yang", "p-cao", "p-tang",
        "p-song", "p-ma", "p-gao", "p-luo", "p-liang", "p-xie", "p-ye", "p-du", "system"};
    for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
        snprintf(rp, sizeof(rp), ".docroute/keys/%s-1.pem", people[i]);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/keys/%s-1.pem", people[i]);
        add(g, rp, rel);
    }
}

static void free_genesis(genesis *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free((char *)g->f[i].path);
        dr_buf_dispose(&g->bufs[i]);
    }
}

static dr_identity who(const char *iso)
{
    dr_identity id = {"测试", "test@example", {0, 480}};
    dr_time_parse(&id.when, iso);
    return id;
}

static void init_repo(const char *path, bool bare)
{
    genesis g;
    dr_ctx ctx;
    char commit[41];
    dr_identity id = who("2026-09-01T09:00:00+08:00");
    dr_ctx_init(&ctx);
    load_genesis(&g);
    if (dr_store_init(&ctx, path, bare, g.f, g.n, &id, true, commit))
        fail_msg("init: %s", ctx.msg);
    assert_int_equal(strlen(commit), 40);
    /* A second init on the same place is refused. */
    assert_int_not_equal(dr_store_init(&ctx, path, bare, g.f, g.n, &id, false, commit), 0);
    free_genesis(&g);
}

static void test_store__bare_repository_snapshot(void **state)
{
    char path[400];
    dr_store *st = NULL;
    dr_snapshot *snap = NULL;
    dr_ctx ctx;
    const dr_config *cfg;
    const dr_calendar *cal;
    char blob[41];
    int serial;
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/bare.git", tmp);
    init_repo(path, true);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), 0);
    assert_true(dr_store_is_bare(st));
    assert_string_equal(dr_store_branch(st), "main");
    assert_true(dr_store_config_bool(st, "docroute.testclock"));
    assert_int_equal(dr_store_tip(&snap, &ctx, st), 0);
    assert_int_equal(dr_snapshot_config(snap, &ctx, &cfg), 0);
    assert_string_equal(cfg->org_id, "zhangdian");
    assert_int_equal(dr_snapshot_calendar(snap, &ctx, &cal), 0);
    assert_true(dr_calendar_has_year(cal, 2026));
    assert_int_equal(dr_snapshot_config_blob(snap, &ctx, blob), 0);
    const dr_config *again;
    assert_int_equal(dr_snapshot_config_at(snap, &ctx, blob, &again), 0);
    assert_ptr_equal(again, cfg);
    assert_int_equal(dr_snapshot_next_serial(snap, &ctx, 2026, "czj", &serial), 0);
    assert_int_equal(serial, 1);
    assert_true(dr_snapshot_exists(snap, ".docroute/calendar/2026.yaml"));
    assert_false(dr_snapshot_exists(snap, ".docroute/calendar/2027.yaml"));
    dr_buf b;
    dr_buf_init(&b, 0);
    assert_int_equal(dr_snapshot_read(snap, &ctx, "docs/2026/czj/x/envelope.xml", &b), DR_ENOTFOUND);
    dr_buf_dispose(&b);
    dr_snapshot_free(snap);
    dr_store_free(st);
}

static void test_store__commit_moves_the_branch_by_compare_and_swap(void **state)
{
    char path[400], c1[41], c2[41];
    dr_store *st = NULL;
    dr_snapshot *s0 = NULL, *s1 = NULL;
    dr_ctx ctx;
    dr_identity author = who("2026-09-29T09:30:00+08:00"), committer = who("2026-09-29T09:31:00+08:00");
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/cas.git", tmp);
    init_repo(path, true);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), 0);
    assert_int_equal(dr_store_tip(&s0, &ctx, st), 0);
    dr_file one[] = {{"docs/2026/czj/2026-czj-0001/envelope.xml", "one", 3},
                     {"docs/2026/czj/2026-czj-0001/body.md", "body", 4}};
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 2, "submit\n\nAct: submit\n", &author,
                                     &committer, c1),
                     0);
    /* A second act on the stale snapshot: the branch moved, nothing is recorded. */
    dr_file two[] = {{"docs/2026/czj/2026-czj-0001/envelope.xml", "two", 3}};
    assert_int_equal(dr_store_commit(st, &ctx, s0, two, 1, "sign\n", &author, &committer, c2),
                     DR_ECONFLICT);
    assert_int_equal(dr_store_tip(&s1, &ctx, st), 0);
    assert_string_equal(dr_snapshot_commit(s1), c1);
    dr_buf b;
    dr_buf_init(&b, 0);
    assert_int_equal(dr_snapshot_read(s1, &ctx, "docs/2026/czj/2026-czj-0001/envelope.xml", &b), 0);
    assert_string_equal(b.ptr, "one");
    dr_buf_dispose(&b);
    int serial;
    assert_int_equal(dr_snapshot_next_serial(s1, &ctx, 2026, "czj", &serial), 0);
    assert_int_equal(serial, 2);
    /* The commit: one parent, the author at the event time, the committer at the clock's. */
    git_repository *repo;
    git_commit *c;
    git_oid oid;
    git_libgit2_init();
    assert_int_equal(git_repository_open(&repo, path), 0);
    git_oid_fromstr(&oid, c1);
    assert_int_equal(git_commit_lookup(&c, repo, &oid), 0);
    assert_int_equal(git_commit_parentcount(c), 1);
    char parent[41];
    git_oid_tostr(parent, sizeof(parent), git_commit_parent_id(c, 0));
    assert_string_equal(parent, dr_snapshot_commit(s0));
    assert_int_equal(git_commit_author(c)->when.time, author.when.epoch);
    assert_int_equal(git_commit_author(c)->when.offset, 480);
    assert_int_equal(git_commit_committer(c)->when.time, committer.when.epoch);
    git_commit_free(c);
    git_repository_free(repo);
    git_libgit2_shutdown();
    /* A retry on the new tip succeeds. */
    assert_int_equal(dr_store_commit(st, &ctx, s1, two, 1, "sign\n", &author, &committer, c2), 0);
    dr_snapshot_free(s0);
    dr_snapshot_free(s1);
    dr_store_free(st);
}

/* Writes a file at path, its time `shift` seconds after now. */
static void put_at(const char *path, const char *text, long shift)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    struct timespec ts[2];
    clock_gettime(CLOCK_REALTIME, &ts[0]);
    ts[0].tv_sec += shift;
    ts[1] = ts[0];
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* A branch lock left by a docroute command that died moving the branch is known for its
 * by the writer mark, whatever its age; a git command's lock only by its age; the mark
 * held by a live writer keeps its lock. */
static void test_store__a_dead_writers_branch_lock_is_known_and_removed(void **state)
{
    char path[400], lock[600], mark[600], c1[41];
    dr_store *st = NULL;
    dr_snapshot *s0 = NULL;
    dr_ctx ctx;
    dr_lock_state ls;
    dr_identity id = who("2026-09-29T09:30:00+08:00");
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/locks.git", tmp);
    init_repo(path, true);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), 0);
    snprintf(lock, sizeof(lock), "%s/refs/heads/main.lock", path);
    snprintf(mark, sizeof(mark), "%s/docroute-writer", path);
    int64_t now = (int64_t)time(NULL);
    /* A lock no docroute wrote (no mark): young, it stays; its act waits (DR_ELOCKED). */
    put_at(lock, "", 0);
    assert_int_equal(dr_store_tip(&s0, &ctx, st), 0);
    dr_file one[] = {{"docs/2026/czj/2026-czj-0001/envelope.xml", "one", 3}};
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), DR_ELOCKED);
    assert_string_equal(ctx.file, lock);
    assert_non_null(strstr(ctx.msg, "refs/heads/main"));
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    assert_true(access(lock, F_OK) == 0);
    /* The act that met it left the mark empty: no writer named, the lock still stays. */
    struct stat sb;
    assert_int_equal(stat(mark, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    /* Older than max_age: removed by its age, no writer pid. */
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now + 601, &ls), 0);
    assert_true(ls.removed);
    assert_int_equal(ls.dead_pid, 0);
    assert_true(access(lock, F_OK) != 0);
    /* A docroute writer died moving the branch: its mark names the ref, the lock was
     * made just after it. Held by a live writer, the lock stays. */
    put_at(mark, "4242 refs/heads/main\n", -1);
    put_at(lock, "x", 0);
    int held = open(mark, O_RDONLY);
    assert_true(held >= 0);
    assert_int_equal(flock(held, LOCK_EX), 0);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    /* and an act waits for that writer, then names its mark (never stale) */
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), DR_ELOCKED);
    assert_string_equal(ctx.file, mark);
    assert_int_equal(dr_store_stale_lock(st, &ctx, mark, 600, now + 6000, &ls), 0);
    assert_true(ls.running);
    assert_false(ls.removed);
    close(held); /* the writer dies */
    /* The next act meets its lock and names it, keeping the mark (the evidence). */
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), DR_ELOCKED);
    assert_string_equal(ctx.file, lock);
    assert_int_equal(stat(mark, &sb), 0);
    assert_true(sb.st_size > 0);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_true(ls.removed);
    assert_int_equal(ls.dead_pid, 4242);
    assert_true(access(lock, F_OK) != 0);
    assert_int_equal(stat(mark, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    /* A lock older than the mark, or another ref's, is not that writer's. */
    put_at(mark, "4242 refs/heads/main\n", 0);
    put_at(lock, "x", -5);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    put_at(mark, "4242 refs/heads/other\n", -1);
    put_at(lock, "x", 0);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    /* nor one made long after it */
    put_at(mark, "4242 refs/heads/main\n", -60);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    /* A mark that names no writer plainly is no evidence: the lock stays. */
    static const char *const unclear[] = {
        "4242 refs/heads/main",        /* no end of line */
        "4242refs/heads/main\n",       /* no space */
        "0 refs/heads/main\n",         /* no pid */
        "42x refs/heads/main\n",       /* not a number */
        "4242 heads/main\n",           /* not a ref */
        "4242 refs/../heads/main\n",   /* out of refs/ */
    };
    for (size_t i = 0; i < sizeof(unclear) / sizeof(unclear[0]); i++) {
        put_at(mark, unclear[i], -1);
        put_at(lock, "x", 0);
        assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
        assert_false(ls.removed);
    }
    /* Only the repository's own lock files are judged; a lock that is no file is refused. */
    static const char *const not_locks[] = {"/etc/passwd", "/config", "/x/../../etc.lock", "/ab.lck", "/a.lock/"};
    for (size_t i = 0; i < sizeof(not_locks) / sizeof(not_locks[0]); i++) {
        char name[700];
        snprintf(name, sizeof(name), "%s%s", i ? path : "", not_locks[i]);
        assert_int_equal(dr_store_stale_lock(st, &ctx, name, 600, now, &ls), DR_EUSAGE);
    }
    unlink(lock);
    assert_int_equal(mkdir(lock, 0700), 0);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now + 6000, &ls), DR_EIO);
    assert_non_null(strstr(ctx.msg, "not a regular file"));
    rmdir(lock);
    /* a lock gone meanwhile is nothing to judge */
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    assert_false(ls.removed);
    /* A mark that is a symbolic link is refused, never followed. */
    unlink(lock);
    unlink(mark);
    assert_int_equal(symlink("/etc/hostname", mark), 0);
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), DR_EIO);
    assert_non_null(strstr(ctx.msg, "writer mark"));
    unlink(mark);
    assert_int_equal(mkdir(mark, 0700), 0);
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), DR_EIO);
    assert_int_equal(dr_store_stale_lock(st, &ctx, lock, 600, now, &ls), 0);
    rmdir(mark);
    /* Then the act goes through, and leaves the mark empty. */
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), 0);
    assert_int_equal(stat(mark, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    dr_snapshot_free(s0);
    dr_store_free(st);
}

static void test_store__work_tree_and_index_stay_in_step(void **state)
{
    char path[400], c1[41];
    dr_store *st = NULL;
    dr_snapshot *s0 = NULL;
    dr_ctx ctx;
    dr_identity id = who("2026-09-29T09:30:00+08:00");
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/clerk", tmp);
    init_repo(path, false);
    assert_int_equal(dr_store_open(&st, &ctx, path, DR_STORE_DISCOVER), 0);
    assert_false(dr_store_is_bare(st));
    assert_int_equal(dr_store_tip(&s0, &ctx, st), 0);
    dr_file one[] = {{"docs/2026/czj/2026-czj-0001/envelope.xml", "<e/>\n", 5}};
    assert_int_equal(dr_store_commit(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), 0);
    char file[600];
    snprintf(file, sizeof(file), "%s/docs/2026/czj/2026-czj-0001/envelope.xml", path);
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    assert_int_equal(sb.st_size, 5);
    /* git status: clean. */
    git_repository *repo;
    git_status_list *sl;
    git_status_options so;
    git_libgit2_init();
    git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
    so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED;
    assert_int_equal(git_repository_open(&repo, path), 0);
    assert_int_equal(git_status_list_new(&sl, repo, &so), 0);
    assert_int_equal(git_status_list_entrycount(sl), 0);
    git_status_list_free(sl);
    git_repository_free(repo);
    git_libgit2_shutdown();
    dr_snapshot_free(s0);
    dr_store_free(st);
}

static void test_store__document_ids(void **state)
{
    char out[160];
    (void)state;
    assert_true(dr_doc_id_valid("2026-czj-0012"));
    assert_true(dr_doc_id_valid("2026-gyjd-123456"));
    assert_false(dr_doc_id_valid("2026-czj-12"));
    assert_false(dr_doc_id_valid("2026-CZJ-0012"));
    assert_false(dr_doc_id_valid("2026-../-0012"));
    assert_false(dr_doc_id_valid("26-czj-0012"));
    assert_false(dr_doc_id_valid("2026--0012"));
    assert_false(dr_doc_id_valid(NULL));
    assert_int_equal(dr_doc_envelope_path("2026-czj-0012", out, sizeof(out)), 0);
    assert_string_equal(out, "docs/2026/czj/2026-czj-0012/envelope.xml");
    assert_int_equal(dr_doc_envelope_path("../etc", out, sizeof(out)), DR_EINVALID);
}

static int count_walked(void *ud, const char *commit)
{
    (void)commit;
    ++*(int *)ud;
    return 0;
}

/* What the store refuses: a branch name git would not take, revisions and ranges that
 * name nothing, a path that is a folder, a file over the reader's limit, ids that are no
 * commit ids; a walk stops at its callback's error. */
static void test_store__refusals(void **state)
{
    char path[400], hex[41];
    dr_store *st = NULL;
    dr_snapshot *snap = NULL;
    dr_ctx ctx;
    bool in;
    int n = 0;
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/refuse.git", tmp);
    init_repo(path, true);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), 0);
    assert_int_equal(dr_store_snapshot(&snap, &ctx, st, "no-such-rev"), DR_ENOTFOUND);
    assert_null(snap);
    assert_int_equal(dr_store_snapshot(&snap, &ctx, st, "main^{tree}"), DR_ENOTFOUND);
    assert_int_equal(dr_store_walk(st, &ctx, "nothing..main", count_walked, &n), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "bad range"));
    assert_int_equal(dr_store_walk(st, &ctx, "nothing", count_walked, &n), DR_EINVALID);
    assert_int_equal(dr_store_walk(st, &ctx, "main", count_walked, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(dr_store_tip(&snap, &ctx, st), 0);
    snprintf(hex, sizeof(hex), "%s", dr_snapshot_commit(snap));
    assert_int_equal(dr_store_contains(st, &ctx, hex, "xyz", &in), DR_EINVALID);
    assert_int_equal(dr_store_contains(st, &ctx, "xyz", hex, &in), DR_EINVALID);
    assert_int_equal(dr_store_contains(st, &ctx, hex, hex, &in), 0);
    assert_true(in);
    dr_buf b;
    dr_buf_init(&b, 16);
    assert_int_equal(dr_snapshot_read(snap, &ctx, ".docroute", &b), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "is not a file"));
    assert_int_equal(dr_snapshot_read(snap, &ctx, ".docroute/config.yaml", &b), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "larger than 16 bytes"));
    assert_string_equal(ctx.file, ".docroute/config.yaml");
    dr_buf_dispose(&b);
    dr_snapshot_free(snap);
    /* A branch git would not name, and one that does not exist yet. */
    assert_int_equal(dr_store_set_config(st, &ctx, "docroute.branch", "a..b"), 0);
    dr_store_free(st);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), DR_ECONFIG);
    assert_null(st);
    assert_non_null(strstr(ctx.msg, "'a..b' is not a valid branch name"));
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "git -C '%s' config docroute.branch other", path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), 0);
    assert_string_equal(dr_store_branch(st), "other");
    assert_int_equal(dr_store_walk(st, &ctx, NULL, count_walked, &n), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "no routing branch"));
    dr_store_free(st);
}

/* A clerk's clone and its upstream: the upstream named, fetched, pushed to; the local
 * branch follows a fast-forward (its checkout with it) and stays when diverged; a reset
 * moves it whatever it held. Remotes that do not exist are errors, never a crash. */
static void test_store__clone_and_upstream(void **state)
{
    char up[400], clone[500], cmd[1200], remote[64], url[600], c1[41], c2[41], base[41];
    dr_store *st = NULL, *ust = NULL;
    dr_snapshot *s0 = NULL, *u0 = NULL;
    dr_ctx ctx;
    bool rejected, moved;
    dr_identity id = who("2026-09-29T09:30:00+08:00");
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(up, sizeof(up), "%s/up.git", tmp);
    snprintf(clone, sizeof(clone), "%s/clone", tmp);
    init_repo(up, true);
    snprintf(cmd, sizeof(cmd), "git clone -q '%s' '%s' 2>/dev/null", up, clone);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(dr_store_open(&ust, &ctx, up, 0), 0);
    assert_int_equal(dr_store_upstream(ust, &ctx, remote, sizeof(remote), url, sizeof(url)), DR_ENOTFOUND);
    assert_int_equal(dr_store_open(&st, &ctx, clone, 0), 0);
    assert_int_equal(dr_store_upstream(st, &ctx, remote, sizeof(remote), url, sizeof(url)), 0);
    assert_string_equal(remote, "origin");
    assert_string_equal(url, up);
    assert_int_equal(dr_store_fetch(st, &ctx, "nowhere"), DR_EIO);
    assert_int_equal(dr_store_fetch(st, &ctx, "origin"), 0);
    /* An act made in the clone, pushed: the upstream holds it. */
    assert_int_equal(dr_store_tip(&s0, &ctx, st), 0);
    snprintf(base, sizeof(base), "%s", dr_snapshot_commit(s0));
    dr_file one[] = {{"docs/2026/czj/2026-czj-0001/envelope.xml", "one", 3}};
    assert_int_equal(dr_store_make_act(st, &ctx, s0, one, 1, "submit\n", &id, &id, c1), 0);
    dr_buf said;
    dr_buf_init(&said, 0);
    assert_int_equal(dr_store_push(st, &ctx, "nowhere", c1, &rejected, &said), DR_EIO);
    assert_int_equal(dr_store_push(st, &ctx, "origin", c1, &rejected, &said), 0);
    assert_false(rejected);
    dr_buf_dispose(&said);
    assert_int_equal(dr_store_tip(&u0, &ctx, ust), 0);
    assert_string_equal(dr_snapshot_commit(u0), c1);
    /* The local branch follows it: a fast-forward, the checkout along. */
    assert_int_equal(dr_store_follow(st, &ctx, c1, one, 1, &moved), 0);
    assert_true(moved);
    char wt[700];
    snprintf(wt, sizeof(wt), "%s/docs/2026/czj/2026-czj-0001/envelope.xml", clone);
    assert_int_equal(access(wt, F_OK), 0);
    /* Another act on the old base is no fast-forward from c1: the branch stays. */
    dr_file two[] = {{"docs/2026/czj/2026-czj-0002/envelope.xml", "two", 3}};
    assert_int_equal(dr_store_make_act(st, &ctx, s0, two, 1, "submit\n", &id, &id, c2), 0);
    assert_int_equal(dr_store_follow(st, &ctx, c2, two, 1, &moved), 0);
    assert_false(moved);
    /* A reset moves it there all the same, the checkout with it; a commit that does not
     * exist is refused. */
    assert_int_equal(dr_store_reset(st, &ctx, c2, &moved), 0);
    assert_true(moved);
    assert_int_equal(access(wt, F_OK), -1);
    assert_int_equal(dr_store_reset(st, &ctx, "0123456789abcdef0123456789abcdef01234567", &moved), DR_EIO);
    assert_false(moved);
    dr_snapshot_free(s0);
    dr_snapshot_free(u0);
    dr_store_free(st);
    dr_store_free(ust);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store__bare_repository_snapshot),
        cmocka_unit_test(test_store__commit_moves_the_branch_by_compare_and_swap),
        cmocka_unit_test(test_store__a_dead_writers_branch_lock_is_known_and_removed),
        cmocka_unit_test(test_store__work_tree_and_index_stay_in_step),
        cmocka_unit_test(test_store__document_ids),
        cmocka_unit_test(test_store__refusals),
        cmocka_unit_test(test_store__clone_and_upstream),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
