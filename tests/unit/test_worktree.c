/* A clerk's checkout put back in step with the branch (worktree.c, dr_store_repair):
 * files edited or deleted by hand, leftovers of an interrupted update, and the locks —
 * a live writer's waited for and named, a dead writer's broken (with the index.lock it
 * left), whatever sits at the lock's path. */
#include "helpers.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static char tmp[256];
static int nrepo;

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-worktree-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

#define DOC "docs/2026/yjj/2026-yjj-0001/envelope.xml"
#define DOC_BYTES "<envelope/>\n"

static dr_store *checkout(char *dir, size_t size, bool bare)
{
    char commit[41];
    dr_ctx ctx;
    dr_store *st = NULL;
    dr_identity id = {"genesis", "config-admin@zhangdian", T("2026-09-01T09:00:00+08:00")};
    dr_file f[] = {{DOC, DOC_BYTES, strlen(DOC_BYTES)}, {"registers/2026/a.txt", "", 0}, {"README.md", "r\n", 2}};
    snprintf(dir, size, "%s/c%d", tmp, nrepo++);
    dr_ctx_init(&ctx);
    if (dr_store_init(&ctx, dir, bare, f, 3, &id, true, commit) || dr_store_open(&st, &ctx, dir, 0))
        fail_msg("checkout: %s", ctx.msg);
    return st;
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *dir, const char *rel)
{
    char path[600];
    struct stat sb;
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return lstat(path, &sb) == 0;
}

static void expect_doc(const char *dir, const char *bytes)
{
    char path[600];
    dr_buf b;
    dr_buf_init(&b, 0);
    snprintf(path, sizeof(path), "%s/" DOC, dir);
    read_source_file(path, &b);
    assert_string_equal(b.ptr, bytes);
    dr_buf_dispose(&b);
}

static int repair(dr_store *st, dr_ctx *ctx, bool full, size_t *fixed)
{
    dr_ctx_init(ctx);
    *fixed = 99;
    return dr_store_repair(st, ctx, full, 0, fixed);
}

static void test_worktree__bare_has_nothing_to_repair(void **state)
{
    char dir[400];
    dr_ctx ctx;
    size_t fixed;
    (void)state;
    dr_store *st = checkout(dir, sizeof(dir), true);
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 0);
    dr_store_free(st);
}

static void test_worktree__files_put_back(void **state)
{
    char dir[400];
    dr_ctx ctx;
    size_t fixed;
    (void)state;
    dr_store *st = checkout(dir, sizeof(dir), false);
    expect_doc(dir, DOC_BYTES);
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 0);
    /* edited by hand: the index is in step, so only a full repair sees it */
    put(dir, DOC, "<envelope>edited</envelope>\n");
    assert_int_equal(repair(st, &ctx, false, &fixed), 0);
    assert_int_equal(fixed, 0);
    expect_doc(dir, "<envelope>edited</envelope>\n");
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 1);
    expect_doc(dir, DOC_BYTES);
    /* deleted, with an interrupted update's leftover beside it and a file of the clerk's */
    char path[600];
    snprintf(path, sizeof(path), "%s/" DOC, dir);
    assert_int_equal(unlink(path), 0);
    put(dir, DOC ".docroute-tmp", "half");
    put(dir, "docs/notes.txt", "mine");
    put(dir, "README.md", "edited outside the record paths\n");
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 2);
    expect_doc(dir, DOC_BYTES);
    assert_false(exists(dir, DOC ".docroute-tmp"));
    assert_true(exists(dir, "docs/notes.txt"));
    dr_store_free(st);
}

/* A work-tree lock: its writer alive (or the lock too young to judge) is waited for. */
static void test_worktree__a_live_lock_is_named(void **state)
{
    char dir[400], lock[600], pid[32];
    dr_ctx ctx;
    size_t fixed;
    (void)state;
    dr_store *st = checkout(dir, sizeof(dir), false);
    snprintf(lock, sizeof(lock), "%s/.git/docroute-worktree.lock", dir);
    snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    static const char *const held[] = {NULL, "", "not a pid\n", "-5\n"};
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
        FILE *f = fopen(lock, "w");
        assert_non_null(f);
        fputs(held[i] ? held[i] : pid, f);
        fclose(f);
        if (repair(st, &ctx, true, &fixed) != DR_ELOCKED || strcmp(ctx.file, lock) ||
            !strstr(ctx.msg, "the work tree is locked by"))
            fail_msg("case %zu: %d %s %s", i, ctx.code, ctx.file, ctx.msg);
        assert_true(exists(dir, ".git/docroute-worktree.lock")); /* left to its writer */
    }
    unlink(lock);
    dr_store_free(st);
}

/* A dead writer's lock is broken, and the index.lock it left with it; anybody else's
 * index.lock is named. */
static void test_worktree__a_dead_lock_is_broken(void **state)
{
    char dir[400], lock[600], ilock[600];
    dr_ctx ctx;
    size_t fixed;
    (void)state;
    dr_store *st = checkout(dir, sizeof(dir), false);
    snprintf(lock, sizeof(lock), "%s/.git/docroute-worktree.lock", dir);
    snprintf(ilock, sizeof(ilock), "%s/.git/index.lock", dir);
    /* an index.lock of a git command: nothing to write, nothing waited for */
    put(dir, ".git/index.lock", "");
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 0);
    /* with something to write: named */
    put(dir, DOC, "edited\n");
    assert_int_equal(repair(st, &ctx, true, &fixed), DR_ELOCKED);
    assert_string_equal(ctx.file, ilock);
    assert_non_null(strstr(ctx.msg, "the index is locked by"));
    /* (the file was put back before the index could be written: edit it again) */
    put(dir, DOC, "edited again\n");
    /* a dead docroute's work-tree lock: broken, and its index.lock with it */
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    FILE *f = fopen(lock, "w");
    assert_non_null(f);
    fprintf(f, "%ld\n", (long)child);
    fclose(f);
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_int_equal(fixed, 1);
    expect_doc(dir, DOC_BYTES);
    assert_false(exists(dir, ".git/docroute-worktree.lock"));
    assert_false(exists(dir, ".git/index.lock"));
    /* one older than ten minutes is its dead writer's, whoever wrote it */
    f = fopen(lock, "w");
    assert_non_null(f);
    fprintf(f, "%ld\n", (long)getpid());
    fclose(f);
    struct utimbuf old = {time(NULL) - 3600, time(NULL) - 3600};
    assert_int_equal(utime(lock, &old), 0);
    assert_int_equal(repair(st, &ctx, true, &fixed), 0);
    assert_false(exists(dir, ".git/docroute-worktree.lock"));
    dr_store_free(st);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "a lock path that cannot be removed: still waiting after 10 s\n";
    ssize_t w = write(2, msg, sizeof(msg) - 1);
    (void)w;
    _exit(1);
}

/* Something at the lock's path that is no file and cannot be unlinked (a directory):
 * named after the wait like any held lock, not tried again and again. */
static void test_worktree__a_lock_that_cannot_be_broken(void **state)
{
    char dir[400], lock[600];
    dr_ctx ctx;
    size_t fixed;
    (void)state;
    dr_store *st = checkout(dir, sizeof(dir), false);
    snprintf(lock, sizeof(lock), "%s/.git/docroute-worktree.lock", dir);
    assert_int_equal(mkdir(lock, 0700), 0);
    signal(SIGALRM, on_alarm);
    alarm(10);
    assert_int_equal(repair(st, &ctx, true, &fixed), DR_ELOCKED);
    alarm(0);
    assert_string_equal(ctx.file, lock);
    rmdir(lock);
    dr_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worktree__bare_has_nothing_to_repair),
        cmocka_unit_test(test_worktree__files_put_back),
        cmocka_unit_test(test_worktree__a_live_lock_is_named),
        cmocka_unit_test(test_worktree__a_dead_lock_is_broken),
        cmocka_unit_test(test_worktree__a_lock_that_cannot_be_broken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
