/* dr_snapshot_diff: the two trees walked at once, only into folders that differ; each
 * answer compared with libgit2's own tree-to-tree diff (what it used to be). */
#include "helpers.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static git_repository *repo;
static dr_store *st;

/* A tree from "path=content" lines ("path@content": executable, "path>target": a
 * link); NULL: the empty tree. */
static void tree_of(git_oid *out, const char *const *files)
{
    git_treebuilder *tb = NULL;
    git_tree *empty = NULL;
    git_oid empty_id;
    git_tree_update ups[64];
    char paths[64][256];
    size_t n = 0;
    assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
    assert_int_equal(git_treebuilder_write(&empty_id, tb), 0);
    assert_int_equal(git_tree_lookup(&empty, repo, &empty_id), 0);
    for (; files && files[n]; n++) {
        const char *sep = strpbrk(files[n], "=@>");
        assert_non_null(sep);
        snprintf(paths[n], sizeof(paths[n]), "%.*s", (int)(sep - files[n]), files[n]);
        assert_int_equal(git_blob_create_from_buffer(&ups[n].id, repo, sep + 1, strlen(sep + 1)), 0);
        ups[n].action = GIT_TREE_UPDATE_UPSERT;
        ups[n].filemode = *sep == '@' ? GIT_FILEMODE_BLOB_EXECUTABLE
                          : *sep == '>' ? GIT_FILEMODE_LINK
                                        : GIT_FILEMODE_BLOB;
        ups[n].path = paths[n];
    }
    assert_int_equal(git_tree_create_updated(out, repo, empty, n, ups), 0);
    git_tree_free(empty);
    git_treebuilder_free(tb);
}

static void commit_of(char hex[41], const char *const *files)
{
    git_oid tid, cid;
    git_tree *t = NULL;
    git_signature *sig = NULL;
    tree_of(&tid, files);
    assert_int_equal(git_tree_lookup(&t, repo, &tid), 0);
    assert_int_equal(git_signature_new(&sig, "t", "t@example", 1700000000, 0), 0);
    assert_int_equal(git_commit_create(&cid, repo, NULL, sig, sig, "UTF-8", "t\n", t, 0, NULL), 0);
    git_oid_tostr(hex, 41, &cid);
    git_signature_free(sig);
    git_tree_free(t);
}

typedef struct {
    char lines[4096];
    size_t n;
} seen;

static int record(void *ud, const char *path, char status)
{
    seen *s = ud;
    size_t len = strlen(s->lines);
    snprintf(s->lines + len, sizeof(s->lines) - len, "%c %s\n", status, path);
    s->n++;
    return 0;
}

/* What libgit2's diff says, as the old dr_snapshot_diff reported it. */
static void reference(seen *s, const char *a, const char *b)
{
    git_oid ia, ib;
    git_commit *ca = NULL, *cb = NULL;
    git_tree *ta = NULL, *tb = NULL;
    git_diff *diff = NULL;
    if (a) {
        assert_int_equal(git_oid_fromstr(&ia, a), 0);
        assert_int_equal(git_commit_lookup(&ca, repo, &ia), 0);
        assert_int_equal(git_commit_tree(&ta, ca), 0);
    }
    assert_int_equal(git_oid_fromstr(&ib, b), 0);
    assert_int_equal(git_commit_lookup(&cb, repo, &ib), 0);
    assert_int_equal(git_commit_tree(&tb, cb), 0);
    assert_int_equal(git_diff_tree_to_tree(&diff, repo, ta, tb, NULL), 0);
    for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        char status = d->status == GIT_DELTA_ADDED ? 'A' : d->status == GIT_DELTA_DELETED ? 'D' : 'M';
        record(s, status == 'D' ? d->old_file.path : d->new_file.path, status);
    }
    git_diff_free(diff);
    git_tree_free(ta);
    git_tree_free(tb);
    git_commit_free(ca);
    git_commit_free(cb);
}

/* The diff from files a (NULL: no commit) to files b is want, and libgit2's. */
static void expect(const char *const *a, const char *const *b, const char *want)
{
    char ha[41] = "", hb[41];
    dr_snapshot *sa = NULL, *sb = NULL;
    dr_ctx ctx;
    seen got = {"", 0}, ref = {"", 0};
    dr_ctx_init(&ctx);
    if (a)
        commit_of(ha, a);
    commit_of(hb, b);
    if (a)
        assert_int_equal(dr_store_snapshot(&sa, &ctx, st, ha), 0);
    assert_int_equal(dr_store_snapshot(&sb, &ctx, st, hb), 0);
    assert_int_equal(dr_snapshot_diff(sa, sb, &ctx, record, &got), 0);
    reference(&ref, a ? ha : NULL, hb);
    assert_string_equal(got.lines, want);
    assert_string_equal(got.lines, ref.lines);
    dr_snapshot_free(sa);
    dr_snapshot_free(sb);
}

static int setup(void **state)
{
    dr_ctx ctx;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-treediff-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    git_libgit2_init();
    dr_ctx_init(&ctx);
    if (git_repository_init(&repo, tmp, 1) < 0 || dr_store_open(&st, &ctx, tmp, 0))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    dr_store_free(st);
    git_repository_free(repo);
    git_libgit2_shutdown();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *const base[] = {
    ".docroute/config.yaml=c", "docs/2026/yjj/2026-yjj-0001/envelope.xml=e1",
    "docs/2026/yjj/2026-yjj-0001/body.md=b1", "docs/2026/yjj/2026-yjj-0002/envelope.xml=e2",
    "docs/2026/czj/2026-czj-0001/envelope.xml=e3", "ledgers/x=1", NULL};

static void test_treediff__identical_trees(void **state)
{
    (void)state;
    expect(base, base, "");
}

static void test_treediff__nested_changes(void **state)
{
    static const char *const b[] = {
        ".docroute/config.yaml=c", "docs/2026/yjj/2026-yjj-0001/envelope.xml=e1 more",
        "docs/2026/yjj/2026-yjj-0001/body.md=b1", "docs/2026/yjj/2026-yjj-0001/note-1.md=n",
        "docs/2026/yjj/2026-yjj-0002/envelope.xml=e2", "docs/2026/czj/2026-czj-0001/envelope.xml=e3",
        "ledgers/x=1\n2", NULL};
    (void)state;
    expect(base, b,
           "M docs/2026/yjj/2026-yjj-0001/envelope.xml\n"
           "A docs/2026/yjj/2026-yjj-0001/note-1.md\n"
           "M ledgers/x\n");
    expect(b, base,
           "M docs/2026/yjj/2026-yjj-0001/envelope.xml\n"
           "D docs/2026/yjj/2026-yjj-0001/note-1.md\n"
           "M ledgers/x\n");
}

static void test_treediff__whole_folders(void **state)
{
    static const char *const b[] = {
        ".docroute/config.yaml=c", "docs/2026/yjj/2026-yjj-0001/envelope.xml=e1",
        "docs/2026/yjj/2026-yjj-0001/body.md=b1", "docs/2026/yjj/2026-yjj-0002/envelope.xml=e2",
        "docs/2027/abc/2027-abc-0001/envelope.xml=n1", "docs/2027/abc/2027-abc-0001/body.md=n2",
        "docs/2027/abc/2027-abc-0002/envelope.xml=n3", "ledgers/x=1", NULL};
    (void)state;
    /* czj's folder gone, 2027's come: every file in them, in path order. */
    expect(base, b,
           "D docs/2026/czj/2026-czj-0001/envelope.xml\n"
           "A docs/2027/abc/2027-abc-0001/body.md\n"
           "A docs/2027/abc/2027-abc-0001/envelope.xml\n"
           "A docs/2027/abc/2027-abc-0002/envelope.xml\n");
    expect(b, base,
           "A docs/2026/czj/2026-czj-0001/envelope.xml\n"
           "D docs/2027/abc/2027-abc-0001/body.md\n"
           "D docs/2027/abc/2027-abc-0001/envelope.xml\n"
           "D docs/2027/abc/2027-abc-0002/envelope.xml\n");
}

static void test_treediff__blob_replaced_by_folder(void **state)
{
    /* "a" a file, then a folder; "a.txt" and "a0" sort on either side of "a/". */
    static const char *const a[] = {"a=1", "a.txt=2", "a0=3", NULL};
    static const char *const b[] = {"a.txt=2", "a/x=4", "a/y/z=5", "a0=3", NULL};
    (void)state;
    expect(a, b, "D a\nA a/x\nA a/y/z\n");
    expect(b, a, "A a\nD a/x\nD a/y/z\n");
}

static void test_treediff__null_a_adds_everything(void **state)
{
    (void)state;
    expect(NULL, base,
           "A .docroute/config.yaml\n"
           "A docs/2026/czj/2026-czj-0001/envelope.xml\n"
           "A docs/2026/yjj/2026-yjj-0001/body.md\n"
           "A docs/2026/yjj/2026-yjj-0001/envelope.xml\n"
           "A docs/2026/yjj/2026-yjj-0002/envelope.xml\n"
           "A ledgers/x\n");
}

static void test_treediff__mode_changes(void **state)
{
    static const char *const a[] = {"d/run=x", "d/same=s", "d/to-link=t", NULL};
    static const char *const b[] = {"d/run@x", "d/same=s", "d/to-link>t", NULL};
    (void)state;
    /* 644 to 755: modified; a file become a link: deleted and added, as git's diff says. */
    expect(a, b, "M d/run\nD d/to-link\nA d/to-link\n");
}

static int stop(void *ud, const char *path, char status)
{
    int *n = ud;
    (void)path;
    (void)status;
    return ++*n == 2 ? DR_EINVALID : 0;
}

static void test_treediff__callback_stops_the_walk(void **state)
{
    char hb[41];
    dr_snapshot *sb = NULL;
    dr_ctx ctx;
    int n = 0;
    (void)state;
    dr_ctx_init(&ctx);
    commit_of(hb, base);
    assert_int_equal(dr_store_snapshot(&sb, &ctx, st, hb), 0);
    assert_int_equal(dr_snapshot_diff(NULL, sb, &ctx, stop, &n), DR_EINVALID);
    assert_int_equal(n, 2);
    dr_snapshot_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_treediff__identical_trees),
        cmocka_unit_test(test_treediff__nested_changes),
        cmocka_unit_test(test_treediff__whole_folders),
        cmocka_unit_test(test_treediff__blob_replaced_by_folder),
        cmocka_unit_test(test_treediff__null_a_adds_everything),
        cmocka_unit_test(test_treediff__mode_changes),
        cmocka_unit_test(test_treediff__callback_stops_the_walk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
