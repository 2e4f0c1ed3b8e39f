/* libFuzzer target: a recorded envelope (envelope.xml, DR_FORM_RECORDED), as check,
 * the hook and every act read it from the record: the hostile pre-scan, libxml2, the
 * schema, then what verification computes of a parsed one: the content digests, each
 * event's signed bytes, digest, revised <document> and signature (with the vectors'
 * test keys), and a textual append.
 *   scripts/fuzz.sh [SECONDS] fuzz_envelope */
#include "fuzz_common.h"

/* An event line as dr_event_build writes it: the vectors' third event, renumbered (its
 * digests and signature are not this envelope's). */
static const char line[] =
    "    <event seq=\"99\" act=\"countersign-request\" step=\"countersign\" unit=\"housing\" "
    "due-date=\"2026-10-09\" actor=\"p-chen\" at=\"2026-09-29T09:30:00+08:00\" "
    "content=\"sha256:6b8d03431a6f86e3b87b81222b323779e9e199eff648d3e4fcd6c03fe8de569c\" "
    "prev=\"sha256:4e791625d7cd17bc44932dc79e4e6467c1f075088dfbbfa3400e84b09e47d3da\">"
    "<signature alg=\"ed25519\" key=\"p-chen/1\">cYUq3/KloZBX1KCVLdrIDV/MM7/RFzUZZpeTRLSI5KBH6yTXyO4v"
    "GGZ7WLQduwtKsK0Wke4HchwxS7JOJcZwDg==</signature></event>\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    dr_envelope *env = NULL, *again = NULL;
    dr_buf b;
    char digest[72];

    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    int rc = dr_envelope_parse(&env, &ctx, "envelope.xml", (const char *)data, size,
                               DR_FORM_RECORDED);
    fuzz_note("parse", rc, &ctx);
    if (rc)
        goto done;
    dr_envelope_content_digest(env, &ctx, digest);
    dr_envelope_initial_digest(env, &ctx, digest);
    dr_envelope_tip_digest(env, &ctx, digest);
    for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
        const dr_event *ev = dr_envelope_event(env, i);
        b.len = 0;
        dr_envelope_signed_bytes(env, &ctx, i, &b);
        dr_envelope_event_digest(env, &ctx, i, digest);
        dr_event_attr(env, i, "step");
        b.len = 0;
        if (ev->has_document && dr_event_document_xml(env, &ctx, i, &b) == 0 && b.ptr) {
            char *xml = fuzz_cstr(b.ptr, b.len);
            if (xml)
                dr_document_xml_digest(xml, &ctx, digest);
            free(xml);
        }
        const dr_key *key = fuzz_test_key(ev->sig_alg);
        if (key) {
            rc = dr_envelope_verify_event(env, &ctx, i, key);
            fuzz_note("verify", rc, &ctx);
        }
    }
    b.len = 0;
    if (dr_envelope_append(env, &ctx, line, sizeof(line) - 1, &b) == 0 && b.ptr) {
        rc = dr_envelope_parse(&again, &ctx, "envelope.xml", b.ptr, b.len, DR_FORM_RECORDED);
        fuzz_note("parse appended", rc, &ctx);
    }
done:
    dr_envelope_free(again);
    dr_envelope_free(env);
    dr_buf_dispose(&b);
    return 0;
}
