/* docroute checkpoint: a signed statement of the branch's tip, kept outside the branch
 * (an admin stores the file); check --checkpoint FILE compares the branch against it,
 * so a rewrite that drops acts is found even where no server hook guards the branch. */
#include "commands.h"

#include <string.h>

int cmd_checkpoint(tool *t, int argc, char **argv)
{
    repo_view v;
    signer sg;
    dr_time now;
    dr_buf out;
    int st, rc;
    (void)argv;
    if (argc != 0)
        return fail(t, EXIT_USAGE, "checkpoint takes no arguments (it signs the branch's tip)");
    if ((st = open_view(t, &v)))
        return st;
    if ((st = clock_now(t, v.cfg->utc_offset, &now)) || (st = load_signer(t, v.cfg, dr_time_date(now), &sg))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    if (!dr_config_may_sign_config(v.cfg, sg.person)) {
        st = fail(t, EXIT_RULE, "%s: '%s' may not sign checkpoints: the config's acts: config names who may",
                  DR_ENV_HISTORY, sg.person->id);
        goto done;
    }
    dr_buf_init(&out, DR_CHECKPOINT_MAX_BYTES);
    if ((rc = dr_checkpoint_make(&out, &t->ctx, dr_snapshot_commit(v.snap), sg.key_name, sg.key, now))) {
        dr_buf_dispose(&out);
        st = fail_ctx(t, rc);
        goto done;
    }
    json_object_set_new(result(t), "commit", json_string(dr_snapshot_commit(v.snap)));
    json_object_set_new(result(t), "signer", json_string(sg.key_name));
    json_object_set_new(result(t), "checkpoint", json_string(out.ptr));
    if (!t->json)
        fputs(out.ptr, stdout);
    dr_buf_dispose(&out);
    st = EXIT_DONE;
done:
    signer_dispose(&sg);
    dr_snapshot_free(v.snap);
    return st;
}
