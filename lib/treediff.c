/* The paths two commits' trees differ in, found by walking both trees at once and
 * descending only into folders whose ids differ: the cost is what changed (the
 * folders on the changed paths), never the size of the repository. The answer is
 * git's tree-to-tree diff's: blob paths in path order, 'A', 'M' or 'D'. */
#include "store_internal.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* Deeper than any record's layout; a hostile tree nested further is refused. */
#define TREEDIFF_MAX_DEPTH 256

typedef struct {
    git_repository *repo;
    dr_ctx *ctx;
    int (*fn)(void *ud, const char *path, char status);
    void *ud;
    char *path; /* the folder being walked, "" or "a/b/" */
    size_t len, cap;
} walker;

static bool is_tree(const git_tree_entry *e)
{
    return git_tree_entry_filemode(e) == GIT_FILEMODE_TREE;
}

/* git's tree order: a folder's name sorts as if it ended in '/'. */
static int entry_cmp(const git_tree_entry *x, const git_tree_entry *y)
{
    const char *a = git_tree_entry_name(x), *b = git_tree_entry_name(y);
    size_t la = strlen(a), lb = strlen(b), m = la < lb ? la : lb;
    int c = memcmp(a, b, m);
    if (c)
        return c;
    unsigned char ca = la > m ? (unsigned char)a[m] : is_tree(x) ? '/' : '\0';
    unsigned char cb = lb > m ? (unsigned char)b[m] : is_tree(y) ? '/' : '\0';
    return (ca > cb) - (ca < cb);
}

/* Appends name (and a '/' for a folder) to the path; returns the old length. */
static int push_name(walker *w, const char *name, bool folder, size_t *was)
{
    size_t n = strlen(name), need = w->len + n + 2;
    *was = w->len;
    if (need > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < need)
            cap *= 2;
        char *p = realloc(w->path, cap);
        if (!p)
            return DR_ENOMEM;
        w->path = p;
        w->cap = cap;
    }
    memcpy(w->path + w->len, name, n);
    w->len += n;
    if (folder)
        w->path[w->len++] = '/';
    w->path[w->len] = '\0';
    return 0;
}

static void pop_name(walker *w, size_t was)
{
    w->len = was;
    w->path[was] = '\0';
}

static int walk(walker *w, const git_tree *a, const git_tree *b, int depth);

/* One entry's side of the walk: a file reported, a folder walked (a and b its old
 * and new trees, either NULL). */
static int subtree(walker *w, const git_tree_entry *a, const git_tree_entry *b, int depth)
{
    git_tree *ta = NULL, *tb = NULL;
    size_t was;
    int rc = push_name(w, git_tree_entry_name(a ? a : b), true, &was);
    if (rc)
        return rc;
    if ((a && git_tree_lookup(&ta, w->repo, git_tree_entry_id(a)) < 0) ||
        (b && git_tree_lookup(&tb, w->repo, git_tree_entry_id(b)) < 0)) {
        rc = dr__git_fail(w->ctx, DR_EIO, "cannot diff two commits");
        goto done;
    }
    rc = walk(w, ta, tb, depth + 1);
done:
    git_tree_free(ta);
    git_tree_free(tb);
    pop_name(w, was);
    return rc;
}

static int report(walker *w, const git_tree_entry *e, char status, int depth)
{
    size_t was;
    int rc;
    if (is_tree(e))
        return subtree(w, status == 'D' ? e : NULL, status == 'D' ? NULL : e, depth);
    if ((rc = push_name(w, git_tree_entry_name(e), false, &was)))
        return rc;
    rc = w->fn(w->ud, w->path, status);
    pop_name(w, was);
    return rc;
}

/* Two entries of the same name and kind (both folders, or neither). */
static int pair(walker *w, const git_tree_entry *a, const git_tree_entry *b, int depth)
{
    git_filemode_t ma = git_tree_entry_filemode(a), mb = git_tree_entry_filemode(b);
    int rc;
    if (ma == mb && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)))
        return 0;
    if (is_tree(a))
        return subtree(w, a, b, depth);
    /* A file that became a link (or a submodule): git's diff, without typechange
     * deltas, reports it deleted and added. */
    if ((ma & 0170000) != (mb & 0170000)) {
        if ((rc = report(w, a, 'D', depth)))
            return rc;
        return report(w, b, 'A', depth);
    }
    return report(w, b, 'M', depth);
}

/* Merge-walks two sorted trees (either NULL: empty). */
static int walk(walker *w, const git_tree *a, const git_tree *b, int depth)
{
    size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0, i = 0, j = 0;
    int rc = 0;
    if (depth > TREEDIFF_MAX_DEPTH)
        return dr_ctx_set(w->ctx, DR_EINVALID, "cannot diff two commits: folders nested deeper "
                                               "than %d",
                          TREEDIFF_MAX_DEPTH);
    while (!rc && (i < na || j < nb)) {
        const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
        const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
        int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
        if (c < 0) {
            rc = report(w, ea, 'D', depth);
            i++;
        } else if (c > 0) {
            rc = report(w, eb, 'A', depth);
            j++;
        } else {
            rc = pair(w, ea, eb, depth);
            i++;
            j++;
        }
    }
    return rc;
}

int dr_snapshot_diff(dr_snapshot *a, dr_snapshot *b, dr_ctx *ctx,
                     int (*fn)(void *ud, const char *path, char status), void *ud)
{
    walker w = {b->st->repo, ctx, fn, ud, NULL, 0, 0};
    size_t was;
    int rc;
    if (a && git_oid_equal(git_tree_id(a->tree), git_tree_id(b->tree)))
        return 0;
    if (!(rc = push_name(&w, "", false, &was)))
        rc = walk(&w, a ? a->tree : NULL, b->tree, 0);
    free(w.path);
    return rc;
}
