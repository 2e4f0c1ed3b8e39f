/* libFuzzer target: a draft (DR_FORM_DRAFT) with the files of its folder, as docsubmit
 * check and submit read them: the input is the draft, then FUZZ_SEP and its body, then
 * FUZZ_SEP and each attachment in the draft's order (a missing part is an empty file).
 * The draft is parsed (hostile pre-scan, libxml2, the draft schema), judged by the rule
 * catalog alone (docsubmit check outside a repository) and by the example's config with
 * the route it selects; the files are checked as gather_files does, and a draft that
 * submit would accept is turned into the recorded form, which must then parse as
 * DR_FORM_RECORDED (else the target aborts).
 *   scripts/fuzz.sh [SECONDS] fuzz_draft */
#include "fuzz_common.h"
#include <stdbool.h>

#ifndef FUZZ_CONFIG
#error "FUZZ_CONFIG: the path of the example's config.yaml (scripts/fuzz.sh sets it)"
#endif

static dr_config *catalog, *config;

static int no_files(void *ud, const char *rel, dr_buf *out)
{
    (void)ud;
    (void)rel;
    (void)out;
    return DR_ENOTFOUND;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dr_ctx ctx;
    dr_buf b;
    char chunk[4096];
    size_t n;
    (void)argc;
    (void)argv;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, DR_CONFIG_MAX_BYTES);
    FILE *f = fopen(FUZZ_CONFIG, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_draft: cannot open '%s'\n", FUZZ_CONFIG);
        abort();
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (dr_buf_put(&b, chunk, n))
            abort();
    fclose(f);
    if (dr_config_catalog(&catalog, &ctx) ||
        dr_config_load(&config, &ctx, FUZZ_CONFIG, b.ptr, b.len, no_files, NULL,
                       DR_CONFIG_NO_KEYS)) {
        fprintf(stderr, "fuzz_draft: %s\n", ctx.msg);
        abort();
    }
    dr_buf_dispose(&b);
    return 0;
}

static void judge(const dr_config *cfg, const dr_document *d, const char *body, bool route)
{
    dr_findings f;
    dr_ctx ctx;
    const dr_route *r = NULL;
    dr_ctx_init(&ctx);
    dr_findings_init(&f);
    if (route && dr_route_select(&r, &ctx, cfg, d))
        r = NULL;
    dr_check_submission(&f, cfg, d, body, r);
    dr_findings_dispose(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    dr_envelope *draft = NULL, *rec = NULL;
    dr_buf xml, recorded;
    const char *rest = (const char *)data, *part, *body;
    size_t left = size, len, blen;
    char *text = NULL, digest[72];
    char sha[17][65];
    dr_attr files[17];

    dr_ctx_init(&ctx);
    dr_buf_init(&xml, 0);
    dr_buf_init(&recorded, 0);
    fuzz_next_part(&rest, &left, &part, &len);
    fuzz_next_part(&rest, &left, &body, &blen);
    int rc = dr_envelope_parse(&draft, &ctx, "draft.xml", part, len, DR_FORM_DRAFT);
    fuzz_note("parse", rc, &ctx);
    if (rc)
        goto done;
    const dr_document *d = dr_envelope_document(draft);
    /* The body's text when it is textual, as submit.c's textual() decides. */
    const char *dot = d->body.href ? strrchr(d->body.href, '.') : NULL;
    if (dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".txt") == 0) &&
        !memchr(body, '\0', blen) && dr_utf8_valid(body, blen))
        text = fuzz_cstr(body, blen);
    judge(catalog, d, text, false);
    judge(config, d, text, true);

    /* The files, as gather_files checks them; a draft submit refuses stops here. */
    if (!dr_envelope_href_ok(d->body.href) || d->nattachments > 16)
        goto done;
    dr_sha256_hex(body, blen, sha[0]);
    if (d->body.sha256 && strcmp(d->body.sha256, sha[0]) != 0)
        goto done;
    files[0] = (dr_attr){d->body.href, sha[0]};
    for (size_t k = 0; k < d->nattachments; k++) {
        const char *href = d->attachments[k].href, *a;
        size_t alen;
        fuzz_next_part(&rest, &left, &a, &alen);
        if (!dr_envelope_href_ok(href) || strcmp(href, d->body.href) == 0 ||
            strcmp(href, "envelope.xml") == 0)
            goto done;
        dr_sha256_hex(a, alen, sha[k + 1]);
        if (d->attachments[k].sha256 && strcmp(d->attachments[k].sha256, sha[k + 1]) != 0)
            goto done;
        files[k + 1] = (dr_attr){href, sha[k + 1]};
    }
    if (dr_envelope_document_xml(draft, &ctx, files, d->nattachments + 1, &xml) == 0 && xml.ptr &&
        dr_buf_put(&xml, "", 1) == 0)
        dr_document_xml_digest(xml.ptr, &ctx, digest);
    rc = dr_envelope_make_recorded(draft, &ctx, "2026-yjj-0001", "gov-outgoing",
                                   "e805e11261e705f6d16d6aa02207f14dd4ea7a36", files,
                                   d->nattachments + 1, &recorded);
    fuzz_note("make recorded", rc, &ctx);
    if (rc)
        goto done;
    rc = dr_envelope_parse(&rec, &ctx, "envelope.xml", recorded.ptr, recorded.len,
                           DR_FORM_RECORDED);
    if (rc) {
        /* submit would stop with an internal error (submit.c: DR_EINVALID → DR_EIO) */
        fprintf(stderr, "fuzz_draft: the recorded form of an accepted draft does not parse: %s\n",
                ctx.msg);
        abort();
    }
    dr_envelope_content_digest(rec, &ctx, digest);
done:
    free(text);
    dr_envelope_free(rec);
    dr_envelope_free(draft);
    dr_buf_dispose(&xml);
    dr_buf_dispose(&recorded);
    return 0;
}
