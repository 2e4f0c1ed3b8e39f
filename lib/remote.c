/* The store's clones: the upstream, fetch, push and following it. */
#include "store_internal.h"
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

/* ---- clones ---- */

int dr_store_upstream(dr_store *st, dr_ctx *ctx, char *remote, size_t rsize, char *url, size_t usize)
{
    char key[300];
    git_remote *r = NULL;
    snprintf(key, sizeof(key), "branch.%s.remote", st->branch);
    const char *name = dr_store_config_string(st, key);
    snprintf(remote, rsize, "%s", name && *name ? name : "origin");
    if (git_remote_lookup(&r, st->repo, remote) < 0)
        return dr__git_fail(ctx, DR_ENOTFOUND, "no upstream remote");
    snprintf(url, usize, "%s", git_remote_url(r) ? git_remote_url(r) : "");
    git_remote_free(r);
    return 0;
}

static int credentials(git_credential **out, const char *url, const char *user, unsigned int allowed,
                       void *payload)
{
    (void)url;
    (void)payload;
    if (allowed & GIT_CREDENTIAL_SSH_KEY)
        return git_credential_ssh_key_from_agent(out, user ? user : "git");
    if (allowed & GIT_CREDENTIAL_DEFAULT)
        return git_credential_default_new(out);
    return GIT_PASSTHROUGH;
}

int dr_store_fetch(dr_store *st, dr_ctx *ctx, const char *remote)
{
    git_remote *r = NULL;
    git_fetch_options fo;
    char spec[400];
    int rc = 0;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    fo.callbacks.credentials = credentials;
    snprintf(spec, sizeof(spec), "+refs/heads/%s:refs/remotes/%s/%s", st->branch, remote, st->branch);
    char *specs[] = {spec};
    git_strarray refspecs = {specs, 1};
    if (git_remote_lookup(&r, st->repo, remote) < 0 || git_remote_fetch(r, &refspecs, &fo, "docroute fetch") < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot fetch from the upstream");
    git_remote_free(r);
    return rc;
}

typedef struct {
    bool rejected;
    dr_buf *said;
} push_state;

static int push_status(const char *refname, const char *status, void *data)
{
    push_state *p = data;
    (void)refname;
    if (status) {
        p->rejected = true;
        dr_buf_printf(p->said, "%s\n", status);
    }
    return 0;
}

static int remote_says(const char *str, int len, void *data)
{
    push_state *p = data;
    dr_buf_put(p->said, str, (size_t)len);
    return 0;
}

int dr_store_push(dr_store *st, dr_ctx *ctx, const char *remote, const char *commit,
                  bool *rejected, dr_buf *said)
{
    git_remote *r = NULL;
    git_reference *tmp = NULL;
    git_push_options po;
    git_oid id;
    char spec[400];
    push_state ps = {false, said};
    int rc = 0;
    *rejected = false;
    git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
    po.callbacks.credentials = credentials;
    po.callbacks.push_update_reference = push_status;
    po.callbacks.sideband_progress = remote_says;
    po.callbacks.payload = &ps;
    git_oid_fromstr(&id, commit);
    if ((rc = dr__ref_move(st, ctx, &tmp, "refs/docroute/push", &id, "docroute push")))
        goto done;
    snprintf(spec, sizeof(spec), "refs/docroute/push:refs/heads/%s", st->branch);
    char *specs[] = {spec};
    git_strarray refspecs = {specs, 1};
    if (git_remote_lookup(&r, st->repo, remote) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "no upstream remote");
        goto done;
    }
    if (git_remote_push(r, &refspecs, &po) < 0) {
        /* A refusal the transport reports as an error still counts as a refusal. */
        const git_error *e = git_error_last();
        dr_buf_printf(said, "%s\n", e && e->message ? e->message : "push failed");
        ps.rejected = true;
        git_error_clear();
    }
    *rejected = ps.rejected;
done:
    if (tmp)
        git_reference_delete(tmp);
    git_reference_free(tmp);
    git_remote_free(r);
    return rc;
}

int dr_store_follow(dr_store *st, dr_ctx *ctx, const char *commit, const dr_file *files,
                    size_t nfiles, bool *moved)
{
    git_oid id, local;
    git_reference *ref = NULL;
    *moved = false;
    git_oid_fromstr(&id, commit);
    if (git_reference_name_to_id(&local, st->repo, st->ref) == 0 && !git_oid_equal(&local, &id) &&
        git_graph_descendant_of(st->repo, &id, &local) != 1) {
        git_error_clear();
        return 0; /* diverged: the local branch stays where it is (docroute sync) */
    }
    git_error_clear();
    /* A clerk's checkout on the branch: bring the work tree and index along (a safe
     * checkout of the new commit, as a fast-forward merge does). */
    git_reference *head = NULL;
    git_object *target = NULL;
    int rc = 0;
    if (git_repository_workdir(st->repo) && git_repository_head(&head, st->repo) == 0 &&
        !strcmp(git_reference_name(head), st->ref)) {
        git_checkout_options co;
        git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
        co.checkout_strategy = GIT_CHECKOUT_SAFE;
        if (git_object_lookup(&target, st->repo, &id, GIT_OBJECT_COMMIT) < 0 ||
            git_checkout_tree(st->repo, target, &co) < 0)
            rc = dr__git_fail(ctx, DR_EIO, "cannot update the work tree");
    }
    git_error_clear();
    if (!rc)
        rc = dr__ref_move(st, ctx, &ref, st->ref, &id, "docroute follow upstream");
    git_reference_free(ref);
    git_reference_free(head);
    git_object_free(target);
    (void)files;
    (void)nfiles;
    *moved = !rc;
    return rc;
}
