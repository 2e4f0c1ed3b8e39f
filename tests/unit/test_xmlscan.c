/* The bytes of a draft or envelope before libxml2 reads them (xmlscan.c): encodings,
 * NULs, markup declarations and the limits of names, attributes, texts and elements,
 * each refused with its line and column; what the scan cannot follow is left to
 * libxml2, which refuses it as not well-formed. And the parse after it (envelope.c):
 * the root, plain texts, every part of a document read back. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS "urn:docroute:envelope:1"
#define ENV_OPEN "<envelope xmlns=\"" NS "\">"

static int parse(const char *data, size_t len, dr_ctx *ctx, dr_envelope **env)
{
    dr_ctx_init(ctx);
    *env = NULL;
    return dr_envelope_parse(env, ctx, "draft.xml", data, len, DR_FORM_DRAFT);
}

/* Refused with DR_EINVALID, at line:col (col 0: not checked), saying says. */
static void refused_at(const char *data, size_t len, const char *says, int line, int col)
{
    dr_envelope *env;
    dr_ctx ctx;
    int rc = parse(data, len, &ctx, &env);
    if (rc != DR_EINVALID || env || strcmp(ctx.file, "draft.xml") || !strstr(ctx.msg, says) ||
        ctx.line != line || (col && ctx.col != col))
        fail_msg("rc %d, %s:%d:%d: %s (wanted '%s' at %d:%d)", rc, ctx.file, ctx.line, ctx.col,
                 ctx.msg, says, line, col);
}

static void refused(const char *text, const char *says, int line, int col)
{
    refused_at(text, strlen(text), says, line, col);
}

static void test_xmlscan__encodings_and_nuls(void **state)
{
    (void)state;
    refused_at("\xfe\xff\0<\0e", 6, "the file is UTF-16: save it as UTF-8 (without a byte-order mark)", 1, 1);
    refused_at("\xff\xfe<\0e\0", 6, "UTF-16: save it as UTF-8 (without", 1, 1);
    /* without a byte-order mark: every other byte is NUL */
    refused_at("<\0e\0n\0v\0", 8, "the file is UTF-16: save it as UTF-8", 1, 1);
    refused_at("\0<\0e\0n\0v", 8, "the file is UTF-16", 1, 1);
    /* a NUL further in is a NUL, with its place */
    static const char nul[] = ENV_OPEN "\n  <document>\n  x\0y</document></envelope>";
    refused_at(nul, sizeof(nul) - 1, "NUL byte in file", 3, 4);
    /* a NUL at the start of a file that is not UTF-16 */
    refused_at("\0\0ab", 4, "NUL byte in file", 1, 1);
    /* Latin-1 on line 3 */
    refused(ENV_OPEN "\n<document>\n<title>caf\xe9</title></document></envelope>", "not valid UTF-8", 3, 11);
}

static void test_xmlscan__markup_declarations(void **state)
{
    (void)state;
    refused("<?xml version=\"1.0\"?>\n<!ENTITY x \"y\">" ENV_OPEN "</envelope>",
            "a DOCTYPE or other markup declaration is not accepted", 2, 1);
    refused(ENV_OPEN "\n  <!ELEMENT a ANY>\n</envelope>", "no DTDs, no entities", 2, 3);
    /* comments, CDATA and processing instructions are skipped, and may say "<!DOCTYPE" */
    refused(ENV_OPEN "<!-- <!DOCTYPE x> --><?pi <!DOCTYPE?><![CDATA[<!DOCTYPE]]>\n<!DOCTYPE y></envelope>",
            "markup declaration", 2, 1);
}

static void test_xmlscan__names_and_attributes(void **state)
{
    dr_buf b;
    (void)state;
    dr_buf_init(&b, 0);

    /* an element name of 257 bytes, an attribute name of 257 */
    dr_buf_puts(&b, ENV_OPEN "\n<");
    for (int i = 0; i < 257; i++)
        dr_buf_puts(&b, "e");
    dr_buf_puts(&b, "/></envelope>");
    refused(b.ptr, "an element name longer than 256 bytes", 2, 1);
    b.len = 0;
    dr_buf_puts(&b, ENV_OPEN "\n<document\t");
    for (int i = 0; i < 257; i++)
        dr_buf_puts(&b, "a");
    dr_buf_puts(&b, "=\"1\"/></envelope>");
    refused(b.ptr, "an attribute name longer than 256 bytes", 2, 11);

    /* 65 attributes (the namespace declaration counts) */
    b.len = 0;
    dr_buf_puts(&b, "<envelope xmlns=\"" NS "\"");
    for (int i = 1; i < DR_ENVELOPE_MAX_ATTRS; i++)
        dr_buf_printf(&b, "\r\n  a%d = 'v'", i);
    dr_buf_puts(&b, "></envelope>");
    /* 64: past the scan, refused by the schema */
    dr_envelope *env;
    dr_ctx ctx;
    assert_int_equal(parse(b.ptr, b.len, &ctx, &env), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "fails the draft schema"));
    assert_string_equal(ctx.rule, DR_ENV_SCHEMA);
    b.len -= strlen("></envelope>");
    dr_buf_puts(&b, " one-more=\"v\"></envelope>");
    refused(b.ptr, "an element with more than 64 attributes", 1, 1);

    /* an attribute value over the text limit */
    b.len = 0;
    dr_buf_puts(&b, ENV_OPEN "<document title=\"");
    for (unsigned i = 0; i <= DR_ENVELOPE_MAX_TEXT; i++)
        dr_buf_puts(&b, "x");
    dr_buf_puts(&b, "\"/></envelope>");
    refused(b.ptr, "an attribute value longer than 65536 bytes", 1, (int)strlen(ENV_OPEN "<document title=") + 1);

    /* names take no namespace prefix */
    refused(ENV_OPEN "\n\n  <d:document xmlns:d=\"" NS "\"/></envelope>", "element names take no namespace prefix", 3, 3);
    dr_buf_dispose(&b);
}

static void test_xmlscan__texts_and_elements(void **state)
{
    dr_buf b;
    (void)state;
    dr_buf_init(&b, 0);
    /* a CDATA section over the text limit */
    dr_buf_puts(&b, ENV_OPEN "\n<document><title><![CDATA[");
    for (unsigned i = 0; i <= DR_ENVELOPE_MAX_TEXT; i++)
        dr_buf_puts(&b, "x");
    dr_buf_puts(&b, "]]></title></document></envelope>");
    refused(b.ptr, "text longer than 65536 bytes", 2, 18);

    /* more elements than the limit, each closing itself */
    b.len = 0;
    dr_buf_puts(&b, ENV_OPEN "<document>");
    for (unsigned i = 0; i < DR_ENVELOPE_MAX_NODES; i++)
        dr_buf_puts(&b, "<a/>");
    dr_buf_puts(&b, "</document></envelope>");
    refused(b.ptr, "more than 200000 elements", 1,
            (int)(strlen(ENV_OPEN "<document>") + 4 * (DR_ENVELOPE_MAX_NODES - 2) + 1));

    /* 33 levels inside <envelope>: the depth limit */
    b.len = 0;
    dr_buf_puts(&b, ENV_OPEN);
    for (int i = 0; i < DR_ENVELOPE_MAX_DEPTH + 1; i++)
        dr_buf_puts(&b, "<a>");
    refused(b.ptr, "elements nested deeper than 32", 1,
            (int)(strlen(ENV_OPEN) + 3 * DR_ENVELOPE_MAX_DEPTH + 1));
    dr_buf_dispose(&b);
}

/* What the scan stops following is libxml2's to refuse: it never lets a bad file by. */
static void test_xmlscan__malformed_is_left_to_libxml2(void **state)
{
    (void)state;
    static const char *const bad[] = {
        ENV_OPEN "<!-- never closed",
        ENV_OPEN "<![CDATA[ never closed",
        ENV_OPEN "<?pi never closed",
        ENV_OPEN "</document",
        ENV_OPEN "<document",
        ENV_OPEN "<document/",
        ENV_OPEN "<document a></document></envelope>",
        ENV_OPEN "<document a=b></document></envelope>",
        ENV_OPEN "<document a=\"b></document></envelope>",
        ENV_OPEN "<document =\"b\"></document></envelope>",
        ENV_OPEN "<document a   ",
        ENV_OPEN "<document a=  ",
        ENV_OPEN "<>",
        "<",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dr_envelope *env;
        dr_ctx ctx;
        int rc = parse(bad[i], strlen(bad[i]), &ctx, &env);
        if (rc != DR_EINVALID || env || !strstr(ctx.msg, "not well-formed") || ctx.line != 1)
            fail_msg("case %zu: rc %d, %d:%d: %s", i, rc, ctx.line, ctx.col, ctx.msg);
    }
}

static const char draft_head[] =
    "<?xml version=\"1.0\"?>\n" ENV_OPEN "\n"
    "  <document>\n"
    "    <type>request</type>\n";
static const char draft_tail[] =
    "    <drafter unit=\"finance\"/>\n"
    "    <issuer unit=\"finance\"/>\n"
    "    <to unit=\"district-gov\"/>\n"
    "    <classification level=\"none\"/>\n"
    "    <urgency>normal</urgency>\n"
    "    <disclosure>active</disclosure>\n"
    "    <flags major=\"1\" normative=\"true\" contract=\"0\"/>\n"
    "    <matter id=\"m1\" kind=\"request\" category=\"finance.budget\">拨付资金</matter>\n"
    "    <exception kind=\"emergency\"/>\n"
    "    <approval ref=\"A-1\" by=\"p-zhou\" date=\"2026-09-01\"/>\n"
    "    <meeting kind=\"executive\" date=\"2026-09-02\" chair=\"p-zhou\" decision=\"approved\"/>\n"
    "    <body href=\"body.md\"/>\n"
    "    <attachment href=\"a1.pdf\" title=\"预算表\"/>\n"
    "    <attachment href=\"a2.pdf\" title=\"说明\" sha256=\"" 
    "0000000000000000000000000000000000000000000000000000000000000000\"/>\n"
    "  </document>\n</envelope>\n";

static void with_title(dr_buf *b, const char *title)
{
    b->len = 0;
    dr_buf_puts(b, draft_head);
    dr_buf_printf(b, "    <title>%s</title>\n", title);
    dr_buf_puts(b, draft_tail);
}

static void test_xmlscan__a_draft_read_whole(void **state)
{
    dr_buf b;
    dr_envelope *env;
    dr_ctx ctx;
    (void)state;
    dr_buf_init(&b, 0);
    with_title(&b, "关于拨付资金的请示");
    int rc = parse(b.ptr, b.len, &ctx, &env);
    if (rc)
        fail_msg("%s:%d: %s", ctx.file, ctx.line, ctx.msg);
    const dr_document *d = dr_envelope_document(env);
    assert_string_equal(d->type, "request");
    assert_string_equal(d->title, "关于拨付资金的请示");
    assert_true(d->major);
    assert_true(d->normative);
    assert_false(d->contract);
    assert_false(d->directive);
    assert_int_equal(d->nexceptions, 1);
    assert_string_equal(d->exceptions[0], "emergency");
    assert_true(d->has_approval);
    assert_string_equal(d->meeting_kind, "executive");
    assert_string_equal(d->meeting_chair, "p-zhou");
    assert_string_equal(d->meeting_decision, "approved");
    assert_null(d->meeting_commissioned_by);
    assert_string_equal(d->body.href, "body.md");
    assert_null(d->body.sha256);
    assert_int_equal(d->nattachments, 2);
    assert_string_equal(d->attachments[1].title, "说明");
    assert_non_null(d->attachments[1].sha256);
    assert_null(d->attachments[0].sha256);
    assert_int_equal(d->nmatters, 1);
    assert_string_equal(d->matters[0].category, "finance.budget");
    assert_null(dr_envelope_id(env));
    assert_int_equal(dr_envelope_event_count(env), 0);
    assert_null(dr_envelope_event(env, 0));
    dr_envelope_free(env);

    /* a title whose text is hidden behind markup is refused, naming the element */
    with_title(&b, "关于拨付资金的<!---->请示");
    refused(b.ptr, "<title> holds a comment: write its text plainly", 5, 0);
    with_title(&b, "关于<![CDATA[拨付资金]]>的请示");
    refused(b.ptr, "<title> holds a CDATA section", 5, 0);
    with_title(&b, "关于<?x y?>的请示");
    refused(b.ptr, "<title> holds a processing instruction", 5, 0);
    /* the recorded form wants what a draft leaves out */
    with_title(&b, "关于拨付资金的请示");
    dr_ctx_init(&ctx);
    assert_int_equal(dr_envelope_parse(&env, &ctx, "envelope.xml", b.ptr, b.len, DR_FORM_RECORDED),
                     DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "fails the envelope schema"));
    assert_string_equal(ctx.rule, DR_ENV_SCHEMA);
    dr_buf_dispose(&b);
}

static void test_xmlscan__the_root(void **state)
{
    (void)state;
    refused("<?xml version=\"1.0\"?>\n\n<draft xmlns=\"" NS "\"/>", "the root element must be <envelope>", 3, 1);
    refused("<envelope xmlns=\"urn:other\"/>", "in namespace " NS, 1, 1);
    refused("<envelope/>", "the root element must be <envelope>", 1, 1);
    refused("", "not well-formed", 1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmlscan__encodings_and_nuls),
        cmocka_unit_test(test_xmlscan__markup_declarations),
        cmocka_unit_test(test_xmlscan__names_and_attributes),
        cmocka_unit_test(test_xmlscan__texts_and_elements),
        cmocka_unit_test(test_xmlscan__malformed_is_left_to_libxml2),
        cmocka_unit_test(test_xmlscan__a_draft_read_whole),
        cmocka_unit_test(test_xmlscan__the_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
