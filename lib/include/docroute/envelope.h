/* docroute — the XML envelope (SPEC §3).
 *
 * Parsing is hardened: any DOCTYPE is refused (so no entities), no network,
 * bounded size, depth and text length, UTF-8 checked, then RELAX NG. The
 * envelope keeps its raw bytes: acts append events textually before
 * </routing>, changing no other byte. */
#ifndef DOCROUTE_ENVELOPE_H
#define DOCROUTE_ENVELOPE_H

#include "docroute/common.h"
#include "docroute/sign.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DR_ENVELOPE_NS "urn:docroute:envelope:1"
#define DR_ENVELOPE_MAX_BYTES (8u << 20)
#define DR_ENVELOPE_MAX_DEPTH 32
#define DR_ENVELOPE_MAX_TEXT (64u << 10)
#define DR_ENVELOPE_MAX_NODES 200000
#define DR_ENVELOPE_MAX_EVENTS 10000
#define DR_ENVELOPE_MAX_ATTRS 64 /* an element's attributes, namespace declarations included */

typedef enum { DR_FORM_DRAFT = 1, DR_FORM_RECORDED } dr_form;

typedef struct dr_envelope dr_envelope;

typedef struct dr_attr {
    const char *name, *value;
} dr_attr;

/* A <document> as the rules read it. Strings point into the envelope. */
typedef struct dr_doc_unit {
    const char *unit;   /* NULL for a <to person=> or a group */
    const char *person; /* <to person=> only */
    int reply_within;   /* <involves reply-within=>, 0 when absent */
    const char *group;  /* <to group=>, <cc group=>: a recipient group of the config */
} dr_doc_unit;

typedef struct dr_matter {
    const char *id, *kind, *category, *text;
} dr_matter;

typedef struct dr_file_ref {
    const char *href, *sha256, *title;
} dr_file_ref;

typedef struct dr_document {
    const char *type, *title, *drafter;
    dr_doc_unit *issuers, *to, *cc, *involves;
    size_t nissuers, nto, ncc, ninvolves;
    const char *level, *term, *urgency, *disclosure;
    bool major, normative, affects_market, contract, directive, reserved_subjects;
    dr_matter *matters;
    size_t nmatters;
    const char **exceptions; /* kinds */
    size_t nexceptions;
    bool has_approval;
    const char *meeting_kind, *meeting_date, *meeting_chair, *meeting_commissioned_by,
        *meeting_decision;
    dr_file_ref body;
    dr_file_ref *attachments;
    size_t nattachments;
} dr_document;

typedef struct dr_event {
    int seq;
    const char *act, *actor, *at_text, *content, *prev;
    dr_time at;
    const char *text; /* the opinion: the event's own text, trimmed; "" when none */
    const char *sig_alg, *sig_key, *sig_value;
    bool has_document; /* a revise event carries a <document> */
} dr_event;

/* Parses and validates an envelope; file names it in messages (file, line,
 * column in ctx). The bytes are copied. Free with dr_envelope_free(). */
int dr_envelope_parse(dr_envelope **out, dr_ctx *ctx, const char *file, const char *data,
                      size_t len, dr_form form);
void dr_envelope_free(dr_envelope *env);
/* Releases the compiled schemas (at exit, for leak checkers). */
void dr_envelope_global_cleanup(void);

const char *dr_envelope_bytes(const dr_envelope *env, size_t *len);
const char *dr_envelope_id(const dr_envelope *env);
const char *dr_envelope_route(const dr_envelope *env);
const char *dr_envelope_config_blob(const dr_envelope *env);
/* The current document: the latest revise event's, else the envelope's own. */
const dr_document *dr_envelope_document(const dr_envelope *env);
size_t dr_envelope_event_count(const dr_envelope *env);
const dr_event *dr_envelope_event(const dr_envelope *env, size_t i);
/* An attribute of event i, or NULL. */
const char *dr_event_attr(const dr_envelope *env, size_t i, const char *name);

/* The <document> a revise event i carries, serialized; DR_ENOTFOUND when none. */
int dr_event_document_xml(const dr_envelope *env, dr_ctx *ctx, size_t i, dr_buf *out);

/* SHA-256 of the exclusive C14N of the current <document>, "sha256:…". */
int dr_envelope_content_digest(const dr_envelope *env, dr_ctx *ctx, char out[72]);
/* The digest of the envelope's own <document>, as submitted: the first
 * event's prev. */
int dr_envelope_initial_digest(const dr_envelope *env, dr_ctx *ctx, char out[72]);
/* The signed bytes of event i: "docroute-event-v1\0" ‖ id ‖ "\0" ‖ C14N of the
 * event without its <signature>. Appended to out. */
int dr_envelope_signed_bytes(const dr_envelope *env, dr_ctx *ctx, size_t i, dr_buf *out);
/* The digest of event i: SHA-256(signed bytes ‖ raw signature). */
int dr_envelope_event_digest(const dr_envelope *env, dr_ctx *ctx, size_t i, char out[72]);
/* The digest the next event's prev must name: the last event's digest, or the
 * content digest when there is none. */
int dr_envelope_tip_digest(const dr_envelope *env, dr_ctx *ctx, char out[72]);
/* Verifies event i's signature with key. */
int dr_envelope_verify_event(const dr_envelope *env, dr_ctx *ctx, size_t i, const dr_key *key);

/* Turns a draft into the recorded form with an empty <routing>: sets id and
 * version; files[0] names the body (href, sha256 hex), the others the
 * attachments by href. The draft's bytes are otherwise kept as libxml2
 * serializes them. out receives the new bytes. */
int dr_envelope_make_recorded(const dr_envelope *draft, dr_ctx *ctx, const char *id,
                              const char *route, const char *config_blob, const dr_attr *files,
                              size_t nfiles, dr_buf *out);
/* A draft's <document>, serialized, with its files' hashes filled as for
 * dr_envelope_make_recorded (files[0] the body, then the attachments). */
int dr_envelope_document_xml(const dr_envelope *draft, dr_ctx *ctx, const dr_attr *files,
                             size_t nfiles, dr_buf *out);
/* The content digest of a serialized <document>. */
int dr_document_xml_digest(const char *document_xml, dr_ctx *ctx, char out[72]);

/* True when name is usable as a file name in a document folder. */
bool dr_envelope_href_ok(const char *name);

/* One event to record. */
typedef struct dr_event_spec {
    const char *act, *actor;
    dr_time at;
    const dr_attr *attrs; /* step, unit, due-date, rule, … */
    size_t nattrs;
    const char *text;         /* an opinion, or NULL */
    const char *document_xml; /* a revise event's new <document>, serialized; or NULL */
} dr_event_spec;

/* Builds, signs and serializes one event line for document doc_id, appending
 * it to lines. prev is the digest it chains from; content the current content
 * digest; key_name "person/id". digest_out receives the new event's digest. */
int dr_event_build(dr_buf *lines, dr_ctx *ctx, const char *doc_id, int seq, const char *prev,
                   const char *content, const dr_event_spec *spec, const dr_key *key,
                   const char *key_name, char digest_out[72]);
/* The envelope's bytes with lines inserted before </routing> (textual append). */
int dr_envelope_append(const dr_envelope *env, dr_ctx *ctx, const char *lines, size_t len,
                       dr_buf *out);

#ifdef __cplusplus
}
#endif
#endif
