/* The verifier as the security boundary (SPEC §8): real commits made with the store,
 * planned and signed as the tools do, verify clean; each field of a commit, its events
 * and its envelope tampered with is reported under its rule — one test per ENV-* rule,
 * each both ways. */
#include "history.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static hist base;           /* flood-notice submitted, water's countersign recorded */
static char doc[64];        /* its id */
static char submitted[41], countersigned[41];

#define NOTICE_AT "2026-09-29T09:30:00+08:00"
#define WATER_AT "2026-09-30T11:20:00+08:00"
#define HOUSING_AT "2026-10-08T10:00:00+08:00"
#define REQUEST_AT "2026-09-29T10:15:00+08:00"

static void countersign_in(dr_act_input *in, const char *unit, const char *position)
{
    memset(in, 0, sizeof(*in));
    in->act = "countersign";
    in->unit = unit;
    in->position = position;
    in->opinion = "agreed";
}

/* Records an act with its particulars (fails on a refusal). */
static void record_in(hist *h, const char *id, const dr_act_input *in, const char *actor,
                      const char *at, char commit[41])
{
    act a;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    if (hist_act(h, &a, &ctx, id, in, actor, at, NULL))
        fail_msg("%s by %s: %s %s", in->act, actor, ctx.rule, ctx.msg);
    act_record(h, &a, commit);
    act_dispose(&a);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-verify-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char path[400];
    snprintf(path, sizeof(path), "%s/base.git", tmp);
    hist_init(&base, path, NULL, NULL);
    act a;
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, NULL);
    snprintf(doc, sizeof(doc), "%s", a.doc);
    act_record(&base, &a, submitted);
    act_dispose(&a);
    dr_act_input in;
    countersign_in(&in, "water", "agree");
    record_in(&base, doc, &in, "p-he", WATER_AT, countersigned);
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    hist_free(&base);
    dr_envelope_global_cleanup();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

/* The findings of a commit; the caller disposes of them. */
static void findings_of(hist *h, const char *commit, dr_findings *f)
{
    hist_verify(h, commit, f);
}

static void assert_clean(hist *h, const char *commit)
{
    dr_findings f;
    findings_of(h, commit, &f);
    if (f.n) {
        print_findings(&f);
        fail_msg("%s: %zu findings where none was expected", commit, f.n);
    }
    dr_findings_dispose(&f);
}

/* The commit is reported under rule (and, when want is given, with a message holding it). */
static void assert_reported(hist *h, const char *commit, const char *rule, const char *want)
{
    dr_findings f;
    findings_of(h, commit, &f);
    bool found = false;
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.v[i].rule, rule) && (!want || strstr(f.v[i].message, want)))
            found = true;
    if (!found) {
        print_findings(&f);
        fail_msg("%.12s: no %s finding%s%s", commit, rule, want ? " saying " : "", want ? want : "");
    }
    dr_findings_dispose(&f);
}

static void assert_not_reported(hist *h, const char *commit, const char *rule)
{
    dr_findings f;
    findings_of(h, commit, &f);
    if (has_rule(&f, rule)) {
        print_findings(&f);
        fail_msg("%.12s: a %s finding where none was expected", commit, rule);
    }
    dr_findings_dispose(&f);
}

/* The next act on the base: housing's countersign, tampered by t; its commit object. */
static void housing(act *a, const tamper *t)
{
    dr_act_input in;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    countersign_in(&in, "housing", "agree");
    if (hist_act(&base, a, &ctx, doc, &in, "p-tang", HOUSING_AT, t))
        fail_msg("housing: %s", ctx.msg);
}

static void housing_commit(const tamper *t, char commit[41])
{
    act a;
    housing(&a, t);
    act_make(&base, &a, commit);
    act_dispose(&a);
}

/* A new submission on the base (the finance bureau's request), tampered by t. */
static void request(act *a, const tamper *t)
{
    hist_submit(&base, a, "budget-request", NULL, NULL, "p-lv", REQUEST_AT, t);
}

static void request_commit(const tamper *t, char commit[41])
{
    act a;
    request(&a, t);
    act_make(&base, &a, commit);
    act_dispose(&a);
}

static const char *cite(const char *check, const char *fallback)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    const dr_config *cfg;
    static char id[64];
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_tip(&s, &ctx, base.st), 0);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), 0);
    const char *r = dr_config_cite(cfg, check, fallback);
    snprintf(id, sizeof(id), "%s", r ? r : "");
    dr_snapshot_free(s);
    return id;
}

/* ---- a legitimate history ---- */

static void test_verify__legitimate_acts_verify_clean(void **state)
{
    char c[41];
    (void)state;
    assert_clean(&base, submitted);
    assert_clean(&base, countersigned);
    housing_commit(NULL, c);
    assert_clean(&base, c);
    request_commit(NULL, c);
    assert_clean(&base, c);
}


/* ---- raw commits (what the store never makes: deletions, merges, empty acts) ---- */

/* A commit object on parents[0..np) whose tree is tree_of's, less remove (a path) when
 * given, with a message and an author; no reference moves. */
static void raw_commit(hist *h, const char *const *parents, size_t np, const char *tree_of,
                       const char *remove, const char *msg, const char *email, char out[41])
{
    git_repository *repo;
    git_commit *base_c, *pc[2];
    git_tree *tree, *newtree;
    git_oid oid, tid, cid;
    git_signature *sig;
    git_libgit2_init();
    assert_int_equal(git_repository_open(&repo, h->path), 0);
    assert_int_equal(git_oid_fromstr(&oid, tree_of), 0);
    assert_int_equal(git_commit_lookup(&base_c, repo, &oid), 0);
    assert_int_equal(git_commit_tree(&tree, base_c), 0);
    if (remove) {
        git_tree_update u = {GIT_TREE_UPDATE_REMOVE, {{0}}, GIT_FILEMODE_BLOB, remove};
        assert_int_equal(git_tree_create_updated(&tid, repo, tree, 1, &u), 0);
    } else {
        git_oid_cpy(&tid, git_tree_id(tree));
    }
    assert_int_equal(git_tree_lookup(&newtree, repo, &tid), 0);
    for (size_t i = 0; i < np; i++) {
        assert_int_equal(git_oid_fromstr(&oid, parents[i]), 0);
        assert_int_equal(git_commit_lookup(&pc[i], repo, &oid), 0);
    }
    assert_int_equal(git_signature_new(&sig, "tester", email, 1790000000, 480), 0);
    assert_int_equal(git_commit_create(&cid, repo, NULL, sig, sig, NULL, msg, newtree, np,
                                       (const git_commit **)pc),
                     0);
    git_oid_tostr(out, 41, &cid);
    for (size_t i = 0; i < np; i++)
        git_commit_free(pc[i]);
    git_signature_free(sig);
    git_tree_free(newtree);
    git_tree_free(tree);
    git_commit_free(base_c);
    git_repository_free(repo);
    git_libgit2_shutdown();
}

static void genesis_of(hist *h, char out[41])
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_genesis(h->st, &ctx, out), 0);
}

static void doc_path(const char *id, const char *leaf, char *out, size_t size)
{
    char dir[200];
    assert_int_equal(dr_doc_dir(id, dir, sizeof(dir)), 0);
    snprintf(out, size, "%s/%s", dir, leaf);
}

/* ---- ENV-SCHEMA ---- */

static void test_verify__env_schema(void **state)
{
    act a;
    char c[41];
    (void)state;
    request(&a, NULL);
    act_make(&base, &a, c);
    assert_not_reported(&base, c, "ENV-SCHEMA");
    /* an urgency the schema does not know */
    act_env_edit(&a, "<urgency>normal</urgency>", "<urgency>sometimes</urgency>");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SCHEMA", NULL);
    act_dispose(&a);
    /* an appended event the schema refuses (an unknown attribute) */
    housing(&a, NULL);
    act_env_edit(&a, "act=\"countersign\"", "act=\"countersign\" colour=\"red\"");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SCHEMA", NULL);
    act_dispose(&a);
}

/* ---- ENV-APPEND-ONLY: the write-set ---- */

static void test_verify__env_append_only_earlier_bytes(void **state)
{
    act a;
    char c[41];
    (void)state;
    housing(&a, NULL);
    act_make(&base, &a, c);
    assert_not_reported(&base, c, "ENV-APPEND-ONLY");
    /* the document's urgency rewritten in the same act (still a valid envelope) */
    act_env_edit(&a, "<urgency>normal</urgency>", "<urgency>urgent</urgency>");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", "only appended");
    act_dispose(&a);
    /* an earlier event's opinion rewritten */
    housing(&a, NULL);
    act_env_edit(&a, ">agreed<", ">agreed, with changes<");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", NULL);
    act_dispose(&a);
}

/* Each path is outside the act's document folder, or not a plain file of it. */
static void test_verify__env_append_only_paths_outside_the_folder(void **state)
{
    static const char *const leaves[] = {
        "x y/z.pdf", /* a component with a space: sscanf("%s") once stopped there */
        "sub/z.pdf",
        "a/b/c/z.pdf",
        " /z.pdf",
    };
    char c[41], path[400];
    (void)state;
    for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
        act a;
        housing(&a, NULL);
        doc_path(doc, leaves[i], path, sizeof(path));
        act_put(&a, path, "%PDF-1.4\n", 9);
        act_make(&base, &a, c);
        assert_reported(&base, c, "ENV-APPEND-ONLY", "outside any act's write-set");
        act_dispose(&a);
    }
    static const char *const others[] = {
        "README.md",
        "docs/z.pdf",
        "docs/2026/z.pdf",
        "docs/2026/yjj/z.pdf",
        "docs/2025/yjj/2026-yjj-0001/z.pdf", /* the id in another year's folder */
        "docs/2026/slj/2026-yjj-0001/z.pdf", /* or another unit's */
        "docs/2026/yjj/2026-yjj-0001x/z.pdf",
        "docs/2026/yjj/2026-yjj-0001 x/z.pdf",
        "x/docs/2026/yjj/2026-yjj-0001/z.pdf",
    };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        act a;
        housing(&a, NULL);
        act_put(&a, others[i], "x", 1);
        act_make(&base, &a, c);
        assert_reported(&base, c, "ENV-APPEND-ONLY", NULL);
        act_dispose(&a);
    }
}

static void test_verify__env_append_only_files_rewritten_or_deleted(void **state)
{
    act a;
    char c[41], path[400];
    (void)state;
    doc_path(doc, "flood-notice.md", path, sizeof(path));
    /* the body rewritten */
    housing(&a, NULL);
    act_put(&a, path, "another body\n", 13);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", "rewritten");
    act_dispose(&a);
    /* the body deleted, with an act recorded (the tree of an honest act, less the body) */
    housing(&a, NULL);
    act_make(&base, &a, c);
    char d[41];
    const char *parents[1] = {countersigned};
    raw_commit(&base, parents, 1, c, path, a.msg.ptr, a.email, d);
    assert_reported(&base, d, "ENV-APPEND-ONLY", "deleted");
    act_dispose(&a);
}

static void test_verify__env_append_only_ledger_outside_a_register(void **state)
{
    act a;
    char c[41];
    (void)state;
    /* a countersign that also writes a register ledger */
    housing(&a, NULL);
    act_put(&a, "registers/2026/x.txt", "1 x 2026-yjj-0001\n", 18);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", "outside a countersign act's write-set");
    act_dispose(&a);
    /* a ledger changed by a commit that records no act at all (its envelope as it was) */
    housing(&a, NULL);
    dr_envelope *now = hist_envelope(&base, doc);
    size_t len;
    const char *bytes = dr_envelope_bytes(now, &len);
    a.env.len = 0;
    dr_buf_put(&a.env, bytes, len);
    act_put(&a, "registers/2026/x.txt", "1 x 2026-yjj-0001\n", 18);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", "no register act");
    dr_envelope_free(now);
    act_dispose(&a);
}

/* ---- ENV-ONE-ACT: one act, one document, its trailers and author ---- */

static void test_verify__env_one_act_two_documents(void **state)
{
    act a;
    char c[41];
    (void)state;
    housing(&a, NULL);
    act_put(&a, "docs/2026/czj/2026-czj-0001/envelope.xml", "<x/>", 4);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "two documents");
    act_dispose(&a);
}

static void test_verify__env_one_act_trailers(void **state)
{
    static const struct {
        const char *from, *to, *says;
    } edits[] = {
        {"Doc-Id: ", "Doc-Id: 2026-yjj-0009\nX-Doc-Id: ", "Doc-Id"},
        {"Act: countersign", "Act: sign", "Act trailer"},
        {"Actor: p-tang", "Actor: p-he", "Actor trailer"},
        {"Events: 5", "Events: 4", "Events trailer"},
        {"Event-Digest: sha256:", "Event-Digest: sha256:00", "Event-Digest"},
    };
    char c[41];
    (void)state;
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        act a;
        housing(&a, NULL);
        act_make(&base, &a, c);
        assert_not_reported(&base, c, "ENV-ONE-ACT");
        act_msg_edit(&a, edits[i].from, edits[i].to);
        act_make(&base, &a, c);
        assert_reported(&base, c, "ENV-ONE-ACT", edits[i].says);
        act_dispose(&a);
    }
    /* trailers missing altogether */
    act a;
    housing(&a, NULL);
    a.msg.len = 0;
    dr_buf_puts(&a.msg, "countersign\n");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "Doc-Id");
    assert_reported(&base, c, "ENV-ONE-ACT", "Event-Digest");
    act_dispose(&a);
    /* the commit's author is not the actor */
    housing(&a, NULL);
    snprintf(a.email, sizeof(a.email), "p-he@zhangdian");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "author");
    snprintf(a.email, sizeof(a.email), "p-tangx@zhangdian");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "author");
    act_dispose(&a);
}

static void test_verify__env_one_act_two_actors(void **state)
{
    char c[41];
    (void)state;
    /* a submission whose openings are written (and signed) by another clerk */
    tamper t = {.later_actor = "p-xu", .sign_as = NULL};
    request_commit(&t, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "the act's by");
}

static void test_verify__env_one_act_no_act(void **state)
{
    char c[41], path[400];
    (void)state;
    /* an empty commit */
    const char *parents[1] = {countersigned};
    raw_commit(&base, parents, 1, countersigned, NULL, "nothing\n", "p-he@zhangdian", c);
    assert_reported(&base, c, "ENV-ONE-ACT", "empty commit");
    /* a new file in a document's folder, its envelope untouched */
    act a;
    housing(&a, NULL);
    dr_envelope *now = hist_envelope(&base, doc);
    size_t len;
    const char *bytes = dr_envelope_bytes(now, &len);
    a.env.len = 0;
    dr_buf_put(&a.env, bytes, len);
    doc_path(doc, "annex.pdf", path, sizeof(path));
    act_put(&a, path, "x", 1);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "no act");
    /* the envelope rewritten with no new event */
    dr_buf_puts(&a.env, "\n");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-ONE-ACT", "no new event");
    dr_envelope_free(now);
    act_dispose(&a);
}

/* ---- ENV-SIGNATURE ---- */

static void test_verify__env_signature(void **state)
{
    char c[41];
    (void)state;
    housing_commit(NULL, c);
    assert_not_reported(&base, c, "ENV-SIGNATURE");
    /* another's key, named as the actor's */
    tamper forged = {.sign_as = "p-he", .key_name = "p-tang/1"};
    housing_commit(&forged, c);
    assert_reported(&base, c, "ENV-SIGNATURE", NULL);
    /* another's key, named as theirs */
    tamper other = {.sign_as = "p-he"};
    housing_commit(&other, c);
    assert_reported(&base, c, "ENV-SIGNATURE", "not by its actor");
    /* a key the config does not register */
    tamper unknown = {.key_name = "p-tang/7"};
    housing_commit(&unknown, c);
    assert_reported(&base, c, "ENV-SIGNATURE", "not a key");
    /* a key name the schema does not allow */
    tamper nameless = {.key_name = "p-tang"};
    housing_commit(&nameless, c);
    assert_reported(&base, c, "ENV-SCHEMA", NULL);
    /* system signs only deemed consents */
    tamper sys = {.actor = "system", .sign_as = "system"};
    act a;
    housing(&a, &sys);
    act_msg_edit(&a, "Actor: p-tang", "Actor: system");
    snprintf(a.email, sizeof(a.email), "system@zhangdian");
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SIGNATURE", "system signs only deemed consents");
    act_dispose(&a);
    /* one byte of the signature changed */
    housing(&a, NULL);
    char *sig = strstr(a.env.ptr + a.env.len - 400, "key=\"p-tang/1\">");
    assert_non_null(sig);
    sig += strlen("key=\"p-tang/1\">");
    sig[3] = sig[3] == 'A' ? 'B' : 'A';
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SIGNATURE", NULL);
    act_dispose(&a);
    /* the signed text changed after signing (the opinion) */
    housing(&a, NULL);
    char *op = NULL;
    for (char *q = a.env.ptr; (q = strstr(q, ">agreed<")); q++)
        op = q;
    assert_non_null(op);
    memcpy(op, ">agreeD<", 8);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SIGNATURE", NULL);
    act_dispose(&a);
}

static void test_verify__env_signature_key_not_valid_on_the_day(void **state)
{
    hist h;
    char path[400], c[41];
    (void)state;
    snprintf(path, sizeof(path), "%s/keydate.git", tmp);
    hist_init(&h, path, "keys/p-he-1.pem, from: 2020-01-01", "keys/p-he-1.pem, from: 2026-10-01");
    act a;
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, NULL);
    char id[64];
    snprintf(id, sizeof(id), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    dr_act_input in;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    countersign_in(&in, "water", "agree");
    assert_int_equal(hist_act(&h, &a, &ctx, id, &in, "p-he", WATER_AT, NULL), 0);
    act_make(&h, &a, c);
    assert_reported(&h, c, "ENV-SIGNATURE", "not valid on 2026-09-30");
    act_dispose(&a);
    /* from its first day it is */
    assert_int_equal(hist_act(&h, &a, &ctx, id, &in, "p-he", "2026-10-08T09:00:00+08:00", NULL), 0);
    act_make(&h, &a, c);
    assert_clean(&h, c);
    act_dispose(&a);
    hist_free(&h);
}

/* ---- ENV-CHAIN ---- */

static void test_verify__env_chain(void **state)
{
    char c[41];
    (void)state;
    housing_commit(NULL, c);
    assert_not_reported(&base, c, "ENV-CHAIN");
    request_commit(NULL, c);
    assert_not_reported(&base, c, "ENV-CHAIN");
    /* prev names another digest (signed as it is) */
    tamper prev = {.wrong_prev = true};
    housing_commit(&prev, c);
    assert_reported(&base, c, "ENV-CHAIN", "prev");
    request_commit(&prev, c);
    assert_reported(&base, c, "ENV-CHAIN", "prev");
    /* content is not the document's digest */
    tamper content = {.wrong_content = true};
    housing_commit(&content, c);
    assert_reported(&base, c, "ENV-CHAIN", "content");
    request_commit(&content, c);
    assert_reported(&base, c, "ENV-CHAIN", "content");
}

/* Two events of one act swapped: the chain no longer runs in their order. */
static void test_verify__env_chain_order(void **state)
{
    act a;
    char c[41];
    (void)state;
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, NULL);
    char *e2 = strstr(a.env.ptr, "<event seq=\"2\"");
    char *e3 = e2 ? strstr(e2, "<event seq=\"3\"") : NULL;
    assert_non_null(e3);
    char *end3 = strstr(e3, "</event>");
    assert_non_null(end3);
    end3 += strlen("</event>");
    /* the two lines, each with its seq kept in place: swap the bodies after seq */
    size_t l2 = (size_t)(e3 - e2), l3 = (size_t)(end3 - e3);
    char *one = strndup(e2, l2), *two = strndup(e3, l3);
    /* two keeps seq="3" text; write it first, then one: seqs out of order */
    memcpy(e2, two, l3);
    memcpy(e2 + l3, one, l2);
    free(one);
    free(two);
    act_make(&base, &a, c);
    dr_findings f;
    findings_of(&base, c, &f);
    assert_true(has_rule(&f, "ENV-CHAIN") || has_rule(&f, "ENV-SCHEMA"));
    dr_findings_dispose(&f);
    act_dispose(&a);
}

/* The events' numbering: seq shifted (every event signed as it is). */
static void test_verify__event_numbering(void **state)
{
    char c[41];
    (void)state;
    tamper up = {.seq_offset = 1};
    housing_commit(&up, c);
    dr_findings f;
    findings_of(&base, c, &f);
    assert_true(f.n > 0);
    dr_findings_dispose(&f);
    tamper down = {.seq_offset = -1};
    housing_commit(&down, c);
    findings_of(&base, c, &f);
    assert_true(f.n > 0);
    dr_findings_dispose(&f);
    /* one event recorded twice */
    tamper twice = {.duplicate_last = true};
    housing_commit(&twice, c);
    findings_of(&base, c, &f);
    assert_true(f.n > 0);
    dr_findings_dispose(&f);
}

/* ---- ENV-MONOTONIC ---- */

static void test_verify__env_monotonic_time(void **state)
{
    char c[41];
    (void)state;
    housing_commit(NULL, c);
    assert_not_reported(&base, c, "ENV-MONOTONIC");
    /* the act stamped before the record's last event (water's, 2026-09-30 11:20) */
    tamper back = {.at_offset = -(8 * 86400 + 3600)};
    housing_commit(&back, c);
    assert_reported(&base, c, "ENV-MONOTONIC", "goes back");
    /* within one act: the openings an hour before the submission */
    tamper inner = {.later_offset = -3600};
    request_commit(&inner, c);
    assert_reported(&base, c, "ENV-MONOTONIC", "goes back");
    /* the same second is not going back */
    request_commit(NULL, c);
    assert_not_reported(&base, c, "ENV-MONOTONIC");
}

static void test_verify__env_monotonic_due_dates(void **state)
{
    char c[41];
    (void)state;
    /* a countersign request due later than the calendar gives */
    tamper late = {.set_event = 2, .set_name = "due-date", .set_value = "2026-10-30"};
    request_commit(&late, c);
    assert_reported(&base, c, "ENV-MONOTONIC", "due-date");
    /* or with no due date */
    tamper none = {.set_event = 2, .set_name = "due-date", .set_value = NULL};
    request_commit(&none, c);
    assert_reported(&base, c, "ENV-MONOTONIC", "due-date");
    /* an official due date marked provisional */
    tamper prov = {.set_event = 2, .set_name = "provisional", .set_value = "true"};
    request_commit(&prov, c);
    assert_reported(&base, c, "ENV-MONOTONIC", "provisional");
}

/* R61-URGENT (art. 61, 急件即到即办): an urgent document's countersign period is the
 * config's urgent period (2 working days), and the verifier re-derives it. */
static void test_verify__r61_urgent_period_is_re_derived(void **state)
{
    act a;
    char c[41];
    (void)state;
    assert_string_not_equal(cite("urgent", ""), "");
    hist_submit(&base, &a, "flood-notice", "<urgency>normal</urgency>", "<urgency>urgent</urgency>",
                "p-chen", NOTICE_AT, NULL);
    act_make(&base, &a, c);
    assert_clean(&base, c);
    /* the recorded due date is 2 working days on, not the route's 3 */
    dr_calendar *cal = example_calendar();
    dr_ctx ctx;
    dr_date two, three;
    char want[11], normal[11];
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D("2026-09-29"), 2, &two), 0);
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D("2026-09-29"), 3, &three), 0);
    dr_date_format(two, want);
    dr_date_format(three, normal);
    assert_string_not_equal(want, normal);
    char attr[40];
    snprintf(attr, sizeof(attr), "due-date=\"%s\"", want);
    assert_non_null(strstr(a.env.ptr, attr));
    act_dispose(&a);
    /* an urgent document given the normal period is caught */
    tamper slow = {.set_event = 2, .set_name = "due-date", .set_value = normal};
    hist_submit(&base, &a, "flood-notice", "<urgency>normal</urgency>", "<urgency>urgent</urgency>",
                "p-chen", NOTICE_AT, &slow);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-MONOTONIC", normal);
    act_dispose(&a);
    /* and a normal one given the urgent period */
    tamper fast = {.set_event = 2, .set_name = "due-date", .set_value = want};
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, &fast);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-MONOTONIC", want);
    act_dispose(&a);
    dr_calendar_free(cal);
}

/* ---- the act re-planned ---- */

static void test_verify__act_replanned(void **state)
{
    char c[41];
    const char *route = cite("route", "");
    (void)state;
    /* a submission that opens one countersign request too few */
    tamper fewer = {.drop_last = true};
    act a;
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, &fewer);
    act_make(&base, &a, c);
    assert_reported(&base, c, route[0] ? route : "ENV-ONE-ACT", "opening events");
    act_dispose(&a);
    /* a first act that is not a submission */
    tamper sign = {.act = "sign"};
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, &sign);
    act_msg_edit(&a, "Act: submit", "Act: sign");
    act_make(&base, &a, c);
    assert_reported(&base, c, route, "first act");
    act_dispose(&a);
    /* an opening for another unit */
    tamper unit = {.set_event = 2, .set_name = "unit", .set_value = "finance"};
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, &unit);
    act_make(&base, &a, c);
    assert_reported(&base, c, route, "opening");
    act_dispose(&a);
    dr_findings f;
    /* a countersign recorded for a unit that was not asked */
    tamper other = {.set_event = 1, .set_name = "unit", .set_value = "finance"};
    housing_commit(&other, c);
    findings_of(&base, c, &f);
    assert_true(has_rule(&f, cite("route", "")));
    assert_true(f.n > 0);
    dr_findings_dispose(&f);
    /* the act's own attribute changed (signed): position */
    tamper pos = {.set_event = 1, .set_name = "step", .set_value = "drafter-sign"};
    housing_commit(&pos, c);
    findings_of(&base, c, &f);
    assert_true(f.n > 0);
    dr_findings_dispose(&f);
    /* an act by someone the route does not ask (water's head answers for housing) */
    tamper stranger = {.actor = "p-he", .sign_as = "p-he"};
    act b;
    housing(&b, &stranger);
    act_msg_edit(&b, "Actor: p-tang", "Actor: p-he");
    snprintf(b.email, sizeof(b.email), "p-he@zhangdian");
    act_make(&base, &b, c);
    findings_of(&base, c, &f);
    assert_true(f.n > 0);
    assert_false(has_rule(&f, "ENV-SIGNATURE"));
    dr_findings_dispose(&f);
    act_dispose(&b);
}

/* Who may submit is re-planned with the tool's planner (dr_submit_plan_make): a
 * submission signed by the water bureau's head (p-he) of a document the emergency
 * bureau drafts — the config's acts: submit names clerk@drafter and unit-head@drafter
 * only — is refused. */
static void test_verify__submission_by_one_who_may_not_submit(void **state)
{
    act a;
    char c[41];
    (void)state;
    tamper who = {.actor = "p-he", .sign_as = "p-he"};
    hist_submit(&base, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, &who);
    act_msg_edit(&a, "Actor: p-chen", "Actor: p-he");
    snprintf(a.email, sizeof(a.email), "p-he@zhangdian");
    act_make(&base, &a, c);
    assert_reported(&base, c, cite("route", ""), "may not");
    act_dispose(&a);
}

/* SPEC §2 — an act's write-set is its envelope "plus new files in its own document
 * folder that its events reference by sha256": a countersign that adds annex.pdf, which
 * no event references, is refused. */
static void test_verify__a_new_file_no_event_references(void **state)
{
    act a;
    char c[41], path[400];
    (void)state;
    housing(&a, NULL);
    doc_path(doc, "annex.pdf", path, sizeof(path));
    act_put(&a, path, "%PDF-1.4\n", 9);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-APPEND-ONLY", NULL);
    act_dispose(&a);
}

/* A submission whose committed body is not the bytes its envelope's <body sha256=…>
 * names (the signed hash) is refused. */
static void test_verify__a_body_that_is_not_the_signed_one(void **state)
{
    act a;
    char c[41], path[400];
    (void)state;
    request(&a, NULL);
    doc_path(a.doc, "budget-request.md", path, sizeof(path));
    act_put(&a, path, "another body\n", 13);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-SIGNATURE", "not the file the signed record names");
    act_dispose(&a);
}

/* ---- ENV-CONFIG-IN-FORCE ---- */

static void test_verify__env_config_in_force_route_blob(void **state)
{
    act a;
    char c[41];
    (void)state;
    request(&a, NULL);
    char *cfgat = strstr(a.env.ptr, "config=\"");
    assert_non_null(cfgat);
    cfgat += strlen("config=\"");
    /* a blob that is in no history */
    memset(cfgat, 'a', 40);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "not in the history");
    act_dispose(&a);
}

/* A config act on h's tip: the example's .docroute/ with one edit, signed by signers
 * ("person" or "person/kid", NULL-ended), as `docroute config commit` does. */
static void config_act(hist *h, const char *from, const char *to, const char *const *signers,
                       const char *extra_trailer, char commit[41])
{
    dr_file f[80];
    dr_buf b[80];
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    char tree[41], subtree[41];
    dr_ctx_init(&ctx);
    size_t n = hist_config_files(f, b, 80, from, to);
    assert_int_equal(dr_store_tip(&s, &ctx, h->st), 0);
    if (dr_store_replace_tree(h->st, &ctx, s, ".docroute", f, n, tree, subtree))
        fail_msg("replace_tree: %s", ctx.msg);
    dr_buf bytes, msg;
    dr_buf_init(&bytes, 0);
    dr_buf_init(&msg, 0);
    assert_int_equal(dr_config_signed_bytes(dr_snapshot_commit(s), subtree, &bytes), 0);
    dr_buf_puts(&msg, "config: an edit\n\n");
    for (size_t i = 0; signers && signers[i]; i++) {
        char person[64], rel[200];
        snprintf(person, sizeof(person), "%s", signers[i]);
        char *slash = strchr(person, '/');
        if (slash)
            *slash = '\0';
        dr_buf pem, sig, b64;
        dr_key *key = NULL;
        dr_buf_init(&pem, 0);
        dr_buf_init(&sig, 0);
        dr_buf_init(&b64, 0);
        snprintf(rel, sizeof(rel), "examples/zhangdian/keys/%s-1.TEST-KEY.pem", person);
        read_source_file(rel, &pem);
        assert_int_equal(dr_key_parse_private(&key, &ctx, person, pem.ptr, pem.len), 0);
        assert_int_equal(dr_sign(&ctx, key, bytes.ptr, bytes.len, &sig), 0);
        assert_int_equal(dr_base64_encode(&b64, sig.ptr, sig.len), 0);
        dr_buf_printf(&msg, "Config-Signature: %s%s %s %.*s\n", signers[i], slash ? "" : "/1",
                      dr_alg_name(dr_key_alg(key)), (int)b64.len, b64.ptr);
        dr_key_free(key);
        dr_buf_dispose_secret(&pem);
        dr_buf_dispose(&sig);
        dr_buf_dispose(&b64);
    }
    if (extra_trailer)
        dr_buf_puts(&msg, extra_trailer);
    dr_identity who = {"admin", "p-ye@zhangdian", T("2026-09-29T08:00:00+08:00")};
    if (dr_store_make_commit(h->st, &ctx, s, tree, msg.ptr, &who, &who, commit))
        fail_msg("make_commit: %s", ctx.msg);
    dr_buf_dispose(&bytes);
    dr_buf_dispose(&msg);
    dr_snapshot_free(s);
    hist_files_free(f, b, n);
}

#define PLAIN_FROM "  - {person: p-zhang, from: 2026-09-28, to: 2026-09-30}"
#define PLAIN_TO "  - {person: p-zhang, from: 2026-09-28, to: 2026-10-02}"
#define ROLE_FROM "roles: [clerk@emergency]"
#define ROLE_TO "roles: [clerk@emergency, clerk@water]"

static void test_verify__env_config_in_force_config_acts(void **state)
{
    char c[41];
    (void)state;
    const char *ye[] = {"p-ye", NULL}, *both[] = {"p-ye", "p-du", NULL},
               *twice[] = {"p-ye", "p-ye", NULL}, *clerk[] = {"p-chen", NULL},
               *badkid[] = {"p-ye/5", NULL};
    /* an absence changed: one config admin signs */
    config_act(&base, PLAIN_FROM, PLAIN_TO, ye, NULL, c);
    assert_clean(&base, c);
    /* unsigned */
    config_act(&base, PLAIN_FROM, PLAIN_TO, NULL, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "needs 1 signature");
    /* signed by someone the config does not let sign */
    config_act(&base, PLAIN_FROM, PLAIN_TO, clerk, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "may not sign config acts");
    /* by a key that is not registered */
    config_act(&base, PLAIN_FROM, PLAIN_TO, badkid, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "not a registered");
    /* a malformed trailer */
    config_act(&base, PLAIN_FROM, PLAIN_TO, ye, "Config-Signature: p-du/1 ed25519\n", c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "malformed");
    /* a signature of other bytes */
    config_act(&base, PLAIN_FROM, PLAIN_TO, NULL,
               "Config-Signature: p-du/1 ed25519 "
               "mU4UMcnxctQdTOw+WmbHEqDgayZHiXggTPi68L4Uy2RBBHiazmTVue2VWi5BiYH76MCIRDp9I+fRPcmPV3T1Ag==\n",
               c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "does not verify");
    /* roles change: two signers are needed, and one counted twice is one */
    config_act(&base, ROLE_FROM, ROLE_TO, ye, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "needs 2 signatures");
    config_act(&base, ROLE_FROM, ROLE_TO, twice, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "it has 1");
    config_act(&base, ROLE_FROM, ROLE_TO, both, NULL, c);
    assert_clean(&base, c);
    /* a config that does not load */
    config_act(&base, "accredited: false", "accredited: perhaps", both, NULL, c);
    assert_reported(&base, c, "ENV-CONFIG-IN-FORCE", "the new config is invalid");
}

/* ---- ENV-CLOCK ---- */

static void test_verify__env_clock(void **state)
{
    char c[41];
    dr_ctx ctx;
    dr_findings f;
    (void)state;
    dr_ctx_init(&ctx);
    housing_commit(NULL, c);
    dr_verify_opts o = {.clock = true, .now = T("2026-10-08T10:05:00+08:00"), .tolerance = 10};
    dr_findings_init(&f);
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, c, &o), 0);
    assert_false(has_rule(&f, "ENV-CLOCK"));
    dr_findings_dispose(&f);
    /* the server's clock two hours on */
    o.now = T("2026-10-08T12:00:00+08:00");
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, c, &o), 0);
    assert_true(has_rule(&f, "ENV-CLOCK"));
    dr_findings_dispose(&f);
    /* or behind */
    o.now = T("2026-10-08T09:00:00+08:00");
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, c, &o), 0);
    assert_true(has_rule(&f, "ENV-CLOCK"));
    dr_findings_dispose(&f);
    /* without the hook's clock, no finding */
    o.clock = false;
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, c, &o), 0);
    assert_false(has_rule(&f, "ENV-CLOCK"));
    dr_findings_dispose(&f);
}

/* ---- ENV-HISTORY ---- */

static void test_verify__env_history(void **state)
{
    char g[41], c[41];
    dr_ctx ctx;
    dr_findings f;
    (void)state;
    dr_ctx_init(&ctx);
    genesis_of(&base, g);
    dr_verify_opts o = {.root = g};
    dr_findings_init(&f);
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, g, &o), 0);
    assert_int_equal(f.n, 0);
    /* another root than the pinned one */
    o.root = submitted;
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, g, &o), 0);
    assert_true(has_rule(&f, "ENV-HISTORY"));
    dr_findings_dispose(&f);
    /* a merge */
    act a;
    housing(&a, NULL);
    act_make(&base, &a, c);
    const char *parents[2] = {countersigned, submitted};
    char m[41];
    raw_commit(&base, parents, 2, c, NULL, a.msg.ptr, a.email, m);
    assert_reported(&base, m, "ENV-HISTORY", "merge");
    assert_not_reported(&base, c, "ENV-HISTORY");
    act_dispose(&a);
    /* a root commit that is not the genesis: with no pin, only its config is judged */
    raw_commit(&base, NULL, 0, c, NULL, "another root\n", "x@y", m);
    assert_clean(&base, m);
    o.root = g;
    assert_int_equal(dr_verify_commit(&f, &ctx, base.st, m, &o), 0);
    assert_true(has_rule(&f, "ENV-HISTORY"));
    dr_findings_dispose(&f);
}

/* ---- ENV-CLASSIFIED ---- */

static void test_verify__env_classified(void **state)
{
    act a;
    char c[41];
    (void)state;
    request(&a, NULL);
    act_make(&base, &a, c);
    assert_not_reported(&base, c, "ENV-CLASSIFIED");
    act_dispose(&a);
    hist_submit(&base, &a, "budget-request", "<classification level=\"none\"/>",
                "<classification level=\"secret\"/>", "p-lv", REQUEST_AT, NULL);
    act_make(&base, &a, c);
    assert_reported(&base, c, "ENV-CLASSIFIED", NULL);
    act_dispose(&a);
    /* on an accredited system it may be handled */
    hist h;
    char path[400];
    snprintf(path, sizeof(path), "%s/accredited.git", tmp);
    hist_init(&h, path, "accredited: false", "accredited: true");
    hist_submit(&h, &a, "budget-request", "<classification level=\"none\"/>",
                "<classification level=\"secret\"/>", "p-lv", REQUEST_AT, NULL);
    act_make(&h, &a, c);
    assert_not_reported(&h, c, "ENV-CLASSIFIED");
    act_dispose(&a);
    /* even there, its body never enters the repository */
    hist_submit(&h, &a, "budget-request", "<classification level=\"none\"/>",
                "<classification level=\"secret\"/>", "p-lv", REQUEST_AT, NULL);
    doc_path(a.doc, "budget-request.md", path, sizeof(path));
    act_put(&a, path, "the secret body\n", 16);
    act_make(&h, &a, c);
    assert_reported(&h, c, "ENV-CLASSIFIED", "never enter the repository");
    act_dispose(&a);
    hist_free(&h);
}

/* ---- numbers (ENV-NUMBERS, cited as the catalog's gb-format rule) ---- */

typedef struct {
    hist h;
    char id[64];
    char signed_c[41];
} numbered;

/* The request up to its register: submitted, countersigned, signed by the bureau head. */
static void request_to_register(numbered *n, const char *name)
{
    char path[400], c[41];
    snprintf(path, sizeof(path), "%s/%s.git", tmp, name);
    hist_init(&n->h, path, NULL, NULL);
    act a;
    hist_submit(&n->h, &a, "budget-request", NULL, NULL, "p-lv", REQUEST_AT, NULL);
    snprintf(n->id, sizeof(n->id), "%s", a.doc);
    act_record(&n->h, &a, c);
    act_dispose(&a);
    dr_act_input in;
    countersign_in(&in, "development", "agree");
    record_in(&n->h, n->id, &in, "p-song", "2026-10-12T14:00:00+08:00", c);
    hist_do(&n->h, n->id, "sign", "p-xu", "2026-10-12T15:00:00+08:00", "agreed", n->signed_c);
}

static void register_act(numbered *n, act *a, const tamper *t)
{
    dr_act_input in;
    dr_ctx ctx;
    memset(&in, 0, sizeof(in));
    in.act = "register";
    dr_ctx_init(&ctx);
    if (hist_act(&n->h, a, &ctx, n->id, &in, "p-lv", "2026-10-12T16:00:00+08:00", t))
        fail_msg("register: %s %s", ctx.rule, ctx.msg);
}

static void test_verify__numbers(void **state)
{
    numbered n;
    act a;
    char c[41];
    (void)state;
    request_to_register(&n, "numbers");
    const char *gb = cite("gb-format", "ENV-NUMBERS");
    register_act(&n, &a, NULL);
    act_make(&n.h, &a, c);
    assert_clean(&n.h, c);
    assert_non_null(strstr(a.env.ptr, DR_W_NUMBER_OPEN "2026" DR_W_NUMBER_CLOSE "1" DR_W_NUMBER_SERIAL));
    /* the ledger with another line */
    assert_true(a.nfiles == 1 && !strncmp(a.paths[0], "registers/2026/", 15));
    char ledger[300];
    snprintf(ledger, sizeof(ledger), "%s", a.paths[0]);
    act_put(&a, ledger, "1 x 2026-czj-0001\n", 18);
    act_make(&n.h, &a, c);
    assert_reported(&n.h, c, "ENV-APPEND-ONLY", "appended");
    /* another ledger than the number's */
    act_dispose(&a);
    register_act(&n, &a, NULL);
    char *bytes = strndup(a.data[0].ptr, a.data[0].len);
    act_dispose(&a);
    register_act(&n, &a, NULL);
    free(a.paths[0]);
    a.paths[0] = strdup("registers/2026/other.txt");
    act_make(&n.h, &a, c);
    assert_reported(&n.h, c, "ENV-APPEND-ONLY", "writes only");
    act_dispose(&a);
    /* a number that skips one (signed as it is) */
    char two[160];
    snprintf(two, sizeof(two), "%s", strstr(bytes, " ") + 1);
    *strrchr(two, ' ') = '\0';
    char *one = strstr(two, DR_W_NUMBER_CLOSE "1" DR_W_NUMBER_SERIAL);
    assert_non_null(one);
    one[strlen(DR_W_NUMBER_CLOSE)] = '2';
    tamper skip = {.set_event = 1, .set_name = "number", .set_value = two};
    register_act(&n, &a, &skip);
    act_make(&n.h, &a, c);
    assert_reported(&n.h, c, gb, "next number");
    act_dispose(&a);
    /* a number that is not one */
    tamper junk = {.set_event = 1, .set_name = "number", .set_value = "no-number"};
    register_act(&n, &a, &junk);
    act_make(&n.h, &a, c);
    assert_reported(&n.h, c, gb, NULL);
    act_dispose(&a);
    /* recorded: the next register of the same prefix must append the ledger */
    register_act(&n, &a, NULL);
    act_record(&n.h, &a, c);
    act_dispose(&a);
    free(bytes);
    hist_free(&n.h);
}

/* ---- whole histories ---- */

typedef struct {
    hist *h;
    dr_verify_opts *o;
    size_t commits, findings;
} walk;

static int verify_each(void *ud, const char *commit)
{
    walk *w = ud;
    dr_findings f;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_findings_init(&f);
    assert_int_equal(dr_verify_commit(&f, &ctx, w->h->st, commit, w->o), 0);
    if (f.n) {
        print_message("commit %s:\n", commit);
        print_findings(&f);
    }
    w->findings += f.n;
    w->commits++;
    dr_findings_dispose(&f);
    return 0;
}

/* Verifies every commit from the genesis, as `docroute check --all` does. */
static size_t verify_all(hist *h, size_t *commits)
{
    dr_number_seen *numbers = NULL;
    size_t nnumbers = 0;
    char g[41];
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    genesis_of(h, g);
    dr_verify_opts o = {.root = g, .numbers = &numbers, .nnumbers = &nnumbers};
    walk w = {h, &o, 0, 0};
    assert_int_equal(dr_store_walk(h->st, &ctx, NULL, verify_each, &w), 0);
    free(numbers);
    *commits = w.commits;
    return w.findings;
}

static void test_verify__a_whole_route_verifies_clean(void **state)
{
    hist h;
    char path[400], c[41], id[64];
    size_t commits;
    (void)state;
    snprintf(path, sizeof(path), "%s/route.git", tmp);
    hist_init(&h, path, NULL, NULL);
    act a;
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", NOTICE_AT, NULL);
    snprintf(id, sizeof(id), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    dr_act_input in;
    countersign_in(&in, "water", "agree");
    record_in(&h, id, &in, "p-he", WATER_AT, c);
    /* housing silent: the sweep records its consent after the due date */
    memset(&in, 0, sizeof(in));
    in.act = "deemed-consent";
    record_in(&h, id, &in, "system", "2026-10-10T00:15:00+08:00", c);
    hist_do(&h, id, "sign", "p-feng", "2026-10-12T09:10:00+08:00", "agreed", c);
    hist_do(&h, id, "review", "p-qian", "2026-10-12T10:30:00+08:00", "agreed", c);
    hist_do(&h, id, "review-sign", "p-sun", "2026-10-12T15:00:00+08:00", "agreed", c);
    /* the mayor absent: the executive vice-mayor signs for him */
    hist_do(&h, id, "issue-sign", "p-wang", "2026-10-13T09:00:00+08:00", "agreed", c);
    memset(&in, 0, sizeof(in));
    in.act = "register";
    record_in(&h, id, &in, "p-zheng", "2026-10-13T10:00:00+08:00", c);
    /* a second document registered in the same year: the next number */
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-10-13T11:00:00+08:00", NULL);
    act_record(&h, &a, c);
    act_dispose(&a);
    assert_int_equal(verify_all(&h, &commits), 0);
    assert_int_equal(commits, 10);
    hist_free(&h);
}

/* A revision (docsubmit revise) inside a verified history: the new document's digest
 * carried by the events after it, the signatures asked again. */
static void test_verify__a_history_with_a_revision_verifies_clean(void **state)
{
    numbered n;
    char c[41];
    size_t commits;
    (void)state;
    request_to_register(&n, "revision");
    dr_act_input in;
    memset(&in, 0, sizeof(in));
    in.act = "revise";
    in.document_xml = "budget-request";
    hist_revise_edit("<urgency>normal</urgency>", "<urgency>urgent</urgency>");
    record_in(&n.h, n.id, &in, "p-lv", "2026-10-12T15:30:00+08:00", c);
    dr_envelope *env = hist_envelope(&n.h, n.id);
    assert_string_equal(dr_envelope_document(env)->urgency, "urgent");
    const dr_event *last = dr_envelope_event(env, dr_envelope_event_count(env) - 1);
    const dr_event *first = dr_envelope_event(env, 0);
    assert_string_not_equal(last->content, first->content);
    dr_envelope_free(env);
    assert_int_equal(verify_all(&n.h, &commits), 0);
    assert_int_equal(commits, 5);
    /* the revise's content digest not the new document's */
    tamper stale = {.wrong_content = true};
    act a;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    memset(&in, 0, sizeof(in));
    in.act = "revise";
    in.document_xml = "budget-request";
    hist_revise_edit("<urgency>normal</urgency>", "<urgency>extra-urgent</urgency>");
    assert_int_equal(hist_act(&n.h, &a, &ctx, n.id, &in, "p-lv", "2026-10-12T15:40:00+08:00", &stale), 0);
    act_make(&n.h, &a, c);
    assert_reported(&n.h, c, "ENV-CHAIN", "content");
    act_dispose(&a);
    hist_free(&n.h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify__legitimate_acts_verify_clean),
        cmocka_unit_test(test_verify__env_schema),
        cmocka_unit_test(test_verify__env_append_only_earlier_bytes),
        cmocka_unit_test(test_verify__env_append_only_paths_outside_the_folder),
        cmocka_unit_test(test_verify__env_append_only_files_rewritten_or_deleted),
        cmocka_unit_test(test_verify__env_append_only_ledger_outside_a_register),
        cmocka_unit_test(test_verify__env_one_act_two_documents),
        cmocka_unit_test(test_verify__env_one_act_trailers),
        cmocka_unit_test(test_verify__env_one_act_two_actors),
        cmocka_unit_test(test_verify__env_one_act_no_act),
        cmocka_unit_test(test_verify__env_signature),
        cmocka_unit_test(test_verify__env_signature_key_not_valid_on_the_day),
        cmocka_unit_test(test_verify__env_chain),
        cmocka_unit_test(test_verify__env_chain_order),
        cmocka_unit_test(test_verify__event_numbering),
        cmocka_unit_test(test_verify__env_monotonic_time),
        cmocka_unit_test(test_verify__env_monotonic_due_dates),
        cmocka_unit_test(test_verify__r61_urgent_period_is_re_derived),
        cmocka_unit_test(test_verify__act_replanned),
        cmocka_unit_test(test_verify__submission_by_one_who_may_not_submit),
        cmocka_unit_test(test_verify__a_new_file_no_event_references),
        cmocka_unit_test(test_verify__a_body_that_is_not_the_signed_one),
        cmocka_unit_test(test_verify__env_config_in_force_route_blob),
        cmocka_unit_test(test_verify__env_config_in_force_config_acts),
        cmocka_unit_test(test_verify__env_clock),
        cmocka_unit_test(test_verify__env_history),
        cmocka_unit_test(test_verify__env_classified),
        cmocka_unit_test(test_verify__numbers),
        cmocka_unit_test(test_verify__a_whole_route_verifies_clean),
        cmocka_unit_test(test_verify__a_history_with_a_revision_verifies_clean),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
