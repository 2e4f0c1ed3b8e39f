/* The envelope (SPEC §3): hardened parsing, the schema, canonical digests,
 * signed events, textual append. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_fixture(const char *rel, dr_form form, dr_envelope **env, dr_ctx *ctx)
{
    dr_buf b;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES * 2);
    read_source_file(rel, &b);
    dr_ctx_init(ctx);
    int rc = dr_envelope_parse(env, ctx, rel, b.ptr, b.len, form);
    dr_buf_dispose(&b);
    return rc;
}

static void expect_refused(const char *rel, const char *says, int line)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    int rc = parse_fixture(rel, DR_FORM_DRAFT, &env, &ctx);
    if (rc != DR_EINVALID)
        fail_msg("%s: expected DR_EINVALID, got %d", rel, rc);
    assert_null(env);
    assert_string_equal(ctx.file, rel);
    if (!strstr(ctx.msg, says))
        fail_msg("%s: '%s' does not say '%s'", rel, ctx.msg, says);
    if (line && ctx.line != line)
        fail_msg("%s: line %d, expected %d (%s)", rel, ctx.line, line, ctx.msg);
}

static void test_envelope__bad_inputs_are_refused_with_position(void **state)
{
    (void)state;
    expect_refused("tests/fixtures/bad/malformed.xml", "not well-formed", 6);
    expect_refused("tests/fixtures/bad/doctype.xml", "DOCTYPE", 2);
    expect_refused("tests/fixtures/bad/xxe.xml", "DOCTYPE", 2);
    expect_refused("tests/fixtures/bad/billion-laughs.xml", "DOCTYPE", 2);
    expect_refused("tests/fixtures/bad/wrong-namespace.xml", "urn:docroute:envelope:1", 0);
    expect_refused("tests/fixtures/bad/invalid-utf8.xml", "UTF-8", 0);
    expect_refused("tests/fixtures/bad/schema-bad-urgency.xml", "<urgency>", 14);
    expect_refused("tests/fixtures/bad/deep.xml", "deeper", 0);
}

static void test_envelope__oversize_is_refused_before_parsing(void **state)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    (void)state;
    size_t n = DR_ENVELOPE_MAX_BYTES + 1;
    char *big = malloc(n);
    memset(big, ' ', n);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_envelope_parse(&env, &ctx, "big.xml", big, n, DR_FORM_DRAFT), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "larger"));
    /* A text node over the limit, inside the size limit. */
    const char *head = "<envelope xmlns=\"urn:docroute:envelope:1\"><document><title>";
    size_t hl = strlen(head);
    memcpy(big, head, hl);
    memset(big + hl, 'a', DR_ENVELOPE_MAX_TEXT + 10);
    const char *tail = "</title></document></envelope>";
    memcpy(big + hl + DR_ENVELOPE_MAX_TEXT + 10, tail, strlen(tail));
    size_t len = hl + DR_ENVELOPE_MAX_TEXT + 10 + strlen(tail);
    assert_int_equal(dr_envelope_parse(&env, &ctx, "long.xml", big, len, DR_FORM_DRAFT), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "text longer"));
    free(big);
}

static void test_envelope__a_comment_mentioning_doctype_is_fine(void **state)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    (void)state;
    assert_int_equal(parse_fixture("tests/fixtures/bad/comment-mentions-doctype.xml", DR_FORM_DRAFT,
                                   &env, &ctx),
                     0);
    dr_envelope_free(env);
}

static void test_envelope__drafts_parse_and_read(void **state)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    (void)state;
    assert_int_equal(parse_fixture("examples/zhangdian/drafts/flood-notice.xml", DR_FORM_DRAFT, &env,
                                   &ctx),
                     0);
    const dr_document *d = dr_envelope_document(env);
    assert_string_equal(d->type, "notice");
    assert_string_equal(d->drafter, "emergency");
    assert_int_equal(d->nissuers, 1);
    assert_int_equal(d->nto, 3);
    assert_int_equal(d->ninvolves, 2);
    assert_true(d->directive);
    assert_false(d->major);
    assert_int_equal(d->nmatters, 1);
    assert_string_equal(d->matters[0].category, "water.flood-control");
    assert_null(d->body.sha256);
    assert_null(dr_envelope_id(env));
    assert_int_equal(dr_envelope_event_count(env), 0);
    dr_envelope_free(env);
    /* A draft is not a recorded envelope, nor the other way round. */
    assert_int_equal(parse_fixture("examples/zhangdian/drafts/flood-notice.xml", DR_FORM_RECORDED,
                                   &env, &ctx),
                     DR_EINVALID);
    assert_int_equal(parse_fixture("tests/fixtures/vectors/envelope-ed25519.xml", DR_FORM_DRAFT, &env,
                                   &ctx),
                     DR_EINVALID);
}

/* The recorded vectors: every signature verifies with the example's registered
 * key, every prev names the digest before it, the first the content digest. */
static void check_vector(const char *rel, dr_alg alg)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    char content[72], digest[72];
    dr_config *cfg = example_config();
    assert_int_equal(parse_fixture(rel, DR_FORM_RECORDED, &env, &ctx), 0);
    assert_int_equal(dr_envelope_content_digest(env, &ctx, content), 0);
    assert_true(dr_envelope_event_count(env) >= 2);
    memcpy(digest, content, sizeof(digest));
    for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
        const dr_event *e = dr_envelope_event(env, i);
        assert_string_equal(e->content, content);
        assert_string_equal(e->prev, digest);
        const dr_person *p = dr_config_person(cfg, e->actor);
        assert_non_null(p);
        assert_int_equal(dr_key_alg(p->keys[0].key), alg);
        assert_int_equal(dr_envelope_verify_event(env, &ctx, i, p->keys[0].key), 0);
        /* Another person's key does not verify it. */
        const dr_person *other = dr_config_person(cfg, alg == DR_ALG_SM2 ? "p-wang" : "p-zhou");
        assert_int_equal(dr_envelope_verify_event(env, &ctx, i, other->keys[0].key), DR_EVERIFY);
        assert_int_equal(dr_envelope_event_digest(env, &ctx, i, digest), 0);
    }
    /* The signed bytes: the tag, the id, then the event without its signature. */
    dr_buf sb;
    dr_buf_init(&sb, 0);
    assert_int_equal(dr_envelope_signed_bytes(env, &ctx, 0, &sb), 0);
    assert_memory_equal(sb.ptr, "docroute-event-v1\0", 18);
    assert_string_equal(sb.ptr + 18, dr_envelope_id(env));
    const char *ev = sb.ptr + 18 + strlen(dr_envelope_id(env)) + 1;
    assert_memory_equal(ev, "<event xmlns=\"urn:docroute:envelope:1\"", 38);
    assert_null(strstr(ev, "signature"));
    dr_buf_dispose(&sb);
    dr_envelope_free(env);
    dr_config_free(cfg);
}

static void test_envelope__ed25519_vector_verifies_and_chains(void **state)
{
    (void)state;
    check_vector("tests/fixtures/vectors/envelope-ed25519.xml", DR_ALG_ED25519);
}

static void test_envelope__sm2_vector_verifies_and_chains(void **state)
{
    (void)state;
    check_vector("tests/fixtures/vectors/envelope-sm2.xml", DR_ALG_SM2);
}

/* Edits a recorded vector and re-parses it. */
static dr_envelope *edited(const char *rel, const char *from, const char *to)
{
    dr_buf b, e;
    dr_envelope *env = NULL;
    dr_ctx ctx;
    dr_buf_init(&b, 0);
    dr_buf_init(&e, 0);
    dr_ctx_init(&ctx);
    read_source_file(rel, &b);
    const char *at = strstr(b.ptr, from);
    assert_non_null(at);
    dr_buf_put(&e, b.ptr, (size_t)(at - b.ptr));
    dr_buf_puts(&e, to);
    dr_buf_puts(&e, at + strlen(from));
    if (dr_envelope_parse(&env, &ctx, rel, e.ptr, e.len, DR_FORM_RECORDED))
        fail_msg("%s", ctx.msg);
    dr_buf_dispose(&b);
    dr_buf_dispose(&e);
    return env;
}

static void test_envelope__digests_see_content_not_layout(void **state)
{
    const char *rel = "tests/fixtures/vectors/envelope-ed25519.xml";
    dr_envelope *orig = NULL;
    dr_ctx ctx;
    char a[72], b[72], c[72];
    (void)state;
    assert_int_equal(parse_fixture(rel, DR_FORM_RECORDED, &orig, &ctx), 0);
    dr_envelope_content_digest(orig, &ctx, a);
    /* Reformatting outside <document> (the root's attributes) changes nothing. */
    dr_envelope *moved = edited(rel, "id=\"2026-yjj-0001\" version=\"1\"", "version=\"1\"   id=\"2026-yjj-0001\"");
    dr_envelope_content_digest(moved, &ctx, b);
    assert_string_equal(a, b);
    /* Attribute order inside <document> is canonicalized away too. */
    dr_envelope *reordered = edited(rel, "major=\"false\" normative=\"false\"", "normative=\"false\" major=\"false\"");
    dr_envelope_content_digest(reordered, &ctx, b);
    assert_string_equal(a, b);
    /* A changed title is a changed content, and event 1 no longer verifies. */
    dr_envelope *retitled = edited(rel, "秋冬季安全度汛工作的通知</title>", "秋冬季度汛工作的通知</title>");
    dr_envelope_content_digest(retitled, &ctx, c);
    assert_string_not_equal(a, c);
    /* An edited event fails its signature. */
    dr_envelope *tampered = edited(rel, "due-date=\"2026-10-09\"", "due-date=\"2026-10-19\"");
    dr_config *cfg = example_config();
    const dr_key *k = dr_config_person(cfg, "p-chen")->keys[0].key;
    assert_int_equal(dr_envelope_verify_event(orig, &ctx, 1, k), 0);
    assert_int_equal(dr_envelope_verify_event(tampered, &ctx, 1, k), DR_EVERIFY);
    dr_config_free(cfg);
    dr_envelope_free(orig);
    dr_envelope_free(moved);
    dr_envelope_free(reordered);
    dr_envelope_free(retitled);
    dr_envelope_free(tampered);
}

/* An appended event: the old bytes stay, byte for byte, around the insertion. */
static void test_envelope__textual_append(void **state)
{
    const char *rel = "tests/fixtures/vectors/envelope-ed25519.xml";
    dr_envelope *env = NULL, *after = NULL;
    dr_ctx ctx;
    dr_key *key = NULL;
    dr_buf pem, lines, out;
    char tip[72], content[72], digest[72];
    (void)state;
    dr_buf_init(&pem, 0);
    dr_buf_init(&lines, 0);
    dr_buf_init(&out, 0);
    assert_int_equal(parse_fixture(rel, DR_FORM_RECORDED, &env, &ctx), 0);
    read_source_file("examples/zhangdian/keys/p-he-1.TEST-KEY.pem", &pem);
    assert_int_equal(dr_key_parse_private(&key, &ctx, "p-he", pem.ptr, pem.len), 0);
    assert_int_equal(dr_envelope_tip_digest(env, &ctx, tip), 0);
    assert_int_equal(dr_envelope_content_digest(env, &ctx, content), 0);
    dr_time at;
    dr_time_parse(&at, "2026-09-30T15:00:00+08:00");
    dr_attr attrs[] = {{"step", "countersign"}, {"unit", "water"}, {"position", "agree"}};
    dr_event_spec spec = {"countersign", "p-he", at, attrs, 3, "同意。<无异议> & 签字", NULL};
    assert_int_equal(dr_event_build(&lines, &ctx, dr_envelope_id(env), 4, tip, content, &spec, key,
                                    "p-he/1", digest),
                     0);
    assert_int_equal(dr_envelope_append(env, &ctx, lines.ptr, lines.len, &out), 0);
    size_t oldlen;
    const char *old = dr_envelope_bytes(env, &oldlen);
    assert_int_equal(out.len, oldlen + lines.len);
    const char *close = strstr(old, "  </routing>");
    size_t head = (size_t)(close - old);
    assert_memory_equal(out.ptr, old, head);
    assert_memory_equal(out.ptr + head, lines.ptr, lines.len);
    assert_memory_equal(out.ptr + head + lines.len, old + head, oldlen - head);
    /* It parses back, verifies, chains, and its digest is the one build reported. */
    assert_int_equal(dr_envelope_parse(&after, &ctx, "after.xml", out.ptr, out.len, DR_FORM_RECORDED), 0);
    assert_int_equal(dr_envelope_event_count(after), 4);
    const dr_event *e = dr_envelope_event(after, 3);
    assert_string_equal(e->prev, tip);
    assert_string_equal(e->text, "同意。<无异议> & 签字");
    assert_string_equal(dr_event_attr(after, 3, "position"), "agree");
    assert_int_equal(dr_envelope_verify_event(after, &ctx, 3, key), 0);
    char again[72];
    assert_int_equal(dr_envelope_event_digest(after, &ctx, 3, again), 0);
    assert_string_equal(again, digest);
    dr_envelope_free(after);
    dr_envelope_free(env);
    dr_key_free(key);
    dr_buf_dispose(&pem);
    dr_buf_dispose(&lines);
    dr_buf_dispose(&out);
}

static void test_envelope__submission_checks(void **state)
{
    dr_config *cfg = example_config();
    static const struct {
        const char *rel, *rule;
        bool input_error;
    } cases[] = {
        {"tests/fixtures/bad/placeholder-title.xml", "ENV-SCHEMA", true},
        {"tests/fixtures/bad/gb-title.xml", "GB-FORMAT", false},
        {"tests/fixtures/bad/gb-term.xml", "GB-FORMAT", false},
        {"tests/fixtures/bad/unknown-unit.xml", "ENV-SCHEMA", true},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dr_envelope *env = NULL;
        dr_ctx ctx;
        dr_findings f;
        dr_findings_init(&f);
        assert_int_equal(parse_fixture(cases[i].rel, DR_FORM_DRAFT, &env, &ctx), 0);
        dr_check_submission(&f, cfg, dr_envelope_document(env), NULL, NULL);
        if (f.n != 1)
            fail_msg("%s: %zu findings", cases[i].rel, f.n);
        assert_string_equal(f.v[0].rule, cases[i].rule);
        assert_int_equal(f.v[0].severity, DR_SEV_ERROR);
        assert_int_equal(f.v[0].input_error, cases[i].input_error);
        dr_findings_dispose(&f);
        dr_envelope_free(env);
    }
    static const char *const good[] = {"examples/zhangdian/drafts/flood-notice.xml",
                                       "examples/zhangdian/drafts/budget-request.xml",
                                       "examples/zhangdian/drafts/safety-report.xml"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        dr_envelope *env = NULL;
        dr_ctx ctx;
        dr_findings f;
        dr_findings_init(&f);
        assert_int_equal(parse_fixture(good[i], DR_FORM_DRAFT, &env, &ctx), 0);
        dr_check_submission(&f, cfg, dr_envelope_document(env), NULL, NULL);
        if (dr_findings_count(&f, DR_SEV_ERROR))
            fail_msg("%s: %s", good[i], f.v[0].message);
        dr_findings_dispose(&f);
        dr_envelope_free(env);
    }
    assert_true(dr_check_doc_number("张政发〔2022〕7号", "张政发", 2022));
    assert_false(dr_check_doc_number("张政发〔22〕7号", "张政发", 2022));
    assert_false(dr_check_doc_number("张政发〔2022〕07号", "张政发", 2022));
    assert_false(dr_check_doc_number("张政发〔2022〕第7号", "张政发", 2022));
    assert_false(dr_check_doc_number("张政发[2022]7号", "张政发", 2022));
    dr_config_free(cfg);
}

static int cleanup(void **state)
{
    (void)state;
    dr_envelope_global_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_envelope__bad_inputs_are_refused_with_position),
        cmocka_unit_test(test_envelope__oversize_is_refused_before_parsing),
        cmocka_unit_test(test_envelope__a_comment_mentioning_doctype_is_fine),
        cmocka_unit_test(test_envelope__drafts_parse_and_read),
        cmocka_unit_test(test_envelope__ed25519_vector_verifies_and_chains),
        cmocka_unit_test(test_envelope__sm2_vector_verifies_and_chains),
        cmocka_unit_test(test_envelope__digests_see_content_not_layout),
        cmocka_unit_test(test_envelope__textual_append),
        cmocka_unit_test(test_envelope__submission_checks),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
