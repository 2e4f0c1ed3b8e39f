/* docroute config commit: a config act, signed by those acts: config names. */
#include "commands.h"
#include "report.h"
#include "submit.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- config acts ---- */

int cmd_config(tool *t, int argc, char **argv)
{
    repo_view v;
    file_list fl = {0};
    char tree[41], subtree[41], commit[41], src[4200];
    dr_buf msg;
    int st, rc, offset = 0;
    dr_time now;
    dr_buf_init(&msg, 0);
    if (argc != 1 || strcmp(argv[0], "commit") != 0)
        return fail(t, EXIT_USAGE, "usage: docroute config commit --key K [--key K2]");
    if ((st = open_view(t, &v)))
        goto done;
    if (dr_store_is_bare(t->store)) {
        st = fail(t, EXIT_USAGE, "config commit records the .docroute/ of a work tree: run it in "
                                 "a clone with a work tree");
        goto done;
    }
    snprintf(src, sizeof(src), "%s.docroute", dr_store_path(t->store));
    if ((st = collect(t, src, "", &fl, 0)) || (st = validate_genesis(t, &fl, &offset)) ||
        (st = clock_now(t, offset, &now)))
        goto done;
    if ((rc = dr_store_replace_tree(t->store, &t->ctx, v.snap, ".docroute", fl.v, fl.n, tree, subtree))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    char old_sub[41];
    dr_snapshot_tree_id(v.snap, ".docroute", old_sub);
    if (!strcmp(old_sub, subtree)) {
        st = fail(t, EXIT_USAGE, ".docroute/ is as the branch has it: nothing to record");
        goto done;
    }
    /* Each signer: one whom acts: config names under the config in force (the previous one). */
    dr_buf bytes;
    dr_buf_init(&bytes, 0);
    if (dr_config_signed_bytes(dr_snapshot_commit(v.snap), subtree, &bytes)) {
        dr_buf_dispose(&bytes);
        st = fail(t, EXIT_REPO, "out of memory");
        goto done;
    }
    dr_buf_printf(&msg, "config: .docroute/ changed\n\nAct: config\n");
    const dr_person *first = NULL;
    if (t->nkeys == 0)
        t->keys[t->nkeys++] = getenv("DOCROUTE_KEY") ? getenv("DOCROUTE_KEY") : "";
    for (size_t i = 0; i < t->nkeys; i++) {
        signer sg;
        t->key_path = t->keys[i];
        t->as = NULL;
        if ((st = load_signer(t, v.cfg, dr_time_date(now), &sg)))
            break;
        bool admin = dr_config_may_sign_config(v.cfg, sg.person);
        if (!admin) {
            st = fail(t, EXIT_RULE, "ENV-CONFIG-IN-FORCE: '%s' may not sign config acts (acts: config)",
                      sg.person->id);
            signer_dispose(&sg);
            break;
        }
        dr_buf sig, b64;
        dr_buf_init(&sig, 0);
        dr_buf_init(&b64, 0);
        rc = dr_sign(&t->ctx, sg.key, bytes.ptr, bytes.len, &sig);
        if (!rc)
            rc = dr_base64_encode(&b64, sig.ptr, sig.len);
        if (!rc)
            dr_buf_printf(&msg, "Config-Signature: %s %s %s\n", sg.key_name,
                          dr_alg_name(dr_key_alg(sg.key)), b64.ptr);
        if (!first)
            first = sg.person;
        dr_buf_dispose(&sig);
        dr_buf_dispose(&b64);
        signer_dispose(&sg);
        if (rc) {
            st = fail_ctx(t, rc);
            break;
        }
    }
    dr_buf_dispose(&bytes);
    if (st)
        goto done;
    char email[200];
    snprintf(email, sizeof(email), "%s@%s", first->id, v.cfg->org_id);
    dr_identity who = {first->name, email, now};
    /* The act must pass what check will ask of it before the branch moves. */
    if ((rc = dr_store_make_commit(t->store, &t->ctx, v.snap, tree, msg.ptr, &who, &who, commit))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    dr_findings f;
    dr_findings_init(&f);
    dr_verify_commit(&f, &t->ctx, t->store, commit, NULL);
    for (size_t i = 0; i < f.n; i++)
        fprintf(stderr, "%s: %s: %s\n", t->name, f.v[i].rule, f.v[i].message);
    st = f.n ? EXIT_RULE : EXIT_DONE;
    dr_findings_dispose(&f);
    if (st)
        goto done; /* nothing recorded */
    if ((rc = dr_store_advance(t->store, &t->ctx, v.snap, commit))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    json_object_set_new(result(t), "commit", json_string(commit));
    if (!t->json)
        printf("config act %.12s\n", commit);
done:
    dr_buf_dispose(&msg);
    files_dispose(&fl);
    dr_snapshot_free(v.snap);
    return st;
}
