/* Test-only: appends one event, signed with a given key, to an envelope — so the
 * tests can make records that are validly signed yet break a rule, and check
 * that `docroute check` and the hook catch them. Never installed.
 *
 * usage: forge ENVELOPE KEYFILE PERSON/ID ACT ACTOR TIME [NAME=VALUE]... > NEW
 * (text=VALUE is the event's text: an opinion or a reason) */
#include <docroute/docroute.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    dr_ctx ctx;
    dr_buf in, lines, out;
    dr_envelope *env = NULL;
    dr_key *key = NULL;
    dr_time at;
    char prev[72], content[72], digest[72];
    dr_attr attrs[16];
    const char *text = NULL;
    size_t n = 0;
    if (argc < 7) {
        fprintf(stderr, "usage: forge ENVELOPE KEYFILE PERSON/ID ACT ACTOR TIME [NAME=VALUE]...\n");
        return 2;
    }
    dr_ctx_init(&ctx);
    dr_buf_init(&in, 0);
    dr_buf_init(&lines, 0);
    dr_buf_init(&out, 0);
    FILE *f = fopen(argv[1], "rb");
    char chunk[65536];
    size_t r;
    while (f && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
        dr_buf_put(&in, chunk, r);
    if (f)
        fclose(f);
    if (dr_envelope_parse(&env, &ctx, argv[1], in.ptr ? in.ptr : "", in.len, DR_FORM_RECORDED) ||
        dr_key_load_private_file(&key, &ctx, argv[2]) || dr_time_parse(&at, argv[6])) {
        fprintf(stderr, "forge: %s\n", ctx.msg);
        return 1;
    }
    for (int i = 7; i < argc && n < 16; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            return 2;
        *eq = '\0';
        if (!strcmp(argv[i], "text"))
            text = eq + 1;
        else
            attrs[n++] = (dr_attr){argv[i], eq + 1};
    }
    dr_envelope_tip_digest(env, &ctx, prev);
    dr_envelope_content_digest(env, &ctx, content);
    dr_event_spec spec = {argv[4], argv[5], at, attrs, n, text, NULL};
    if (dr_event_build(&lines, &ctx, dr_envelope_id(env), (int)dr_envelope_event_count(env) + 1,
                       prev, content, &spec, key, argv[3], digest) ||
        dr_envelope_append(env, &ctx, lines.ptr, lines.len, &out)) {
        fprintf(stderr, "forge: %s\n", ctx.msg);
        return 1;
    }
    fwrite(out.ptr, 1, out.len, stdout);
    fprintf(stderr, "%s\n", digest);
    dr_envelope_free(env);
    dr_key_free(key);
    dr_envelope_global_cleanup();
    dr_buf_dispose(&in);
    dr_buf_dispose(&lines);
    dr_buf_dispose(&out);
    return 0;
}
