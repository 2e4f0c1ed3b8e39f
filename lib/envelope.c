#include "envelope_internal.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */


extern const char dr__schema_envelope[];
extern const size_t dr__schema_envelope_len;
extern const char dr__schema_draft[];
extern const size_t dr__schema_draft_len;

/* ---- small helpers ---- */


bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST DR_ENVELOPE_NS) && xmlStrEqual(n->name, BAD_CAST name);
}

const char *attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next)
        if (a->ns == NULL && xmlStrEqual(a->name, BAD_CAST name) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next)
        if (a->ns == NULL && xmlStrEqual(a->name, BAD_CAST name))
            return "";
    return NULL;
}

static const char *text_of(xmlNodePtr n)
{
    return n && n->children && n->children->type == XML_TEXT_NODE && !n->children->next
               ? (const char *)n->children->content
               : "";
}

static bool attr_true(xmlNodePtr n, const char *name)
{
    const char *v = attr(n, name);
    return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* ---- schemas, compiled once ---- */

static xmlRelaxNGPtr schema_recorded, schema_draft;

typedef struct {
    char msg[600];
    int line, col, set;
} first_error;

static void capture(void *ud, xmlErrorPtr e)
{
    first_error *fe = ud;
    if (fe->set || !e)
        return;
    fe->set = 1;
    fe->line = e->line;
    fe->col = e->int2;
    xmlNodePtr node = e->node;
    if (node && e->domain == XML_FROM_RELAXNGV && node->type == XML_ELEMENT_NODE)
        snprintf(fe->msg, sizeof(fe->msg), "<%s>: %s", (const char *)node->name,
                 e->message ? e->message : "error");
    else
        snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "error");
    size_t n = strlen(fe->msg);
    while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
        fe->msg[--n] = '\0';
}

static void capture_parser(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr pctx = ud;
    capture(pctx->_private, e);
}

xmlDocPtr read_trusted(const char *data, size_t len, const char *url)
{
    return xmlReadMemory(data, (int)len, url, "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* Inlines draft.rng's <include href="envelope.rng"> (no file access): the
 * envelope grammar's children, less those the include overrides, then the
 * include's own children. */
static xmlDocPtr merged_draft_schema(void)
{
    xmlDocPtr env = read_trusted(dr__schema_envelope, dr__schema_envelope_len, "envelope.rng");
    xmlDocPtr draft = read_trusted(dr__schema_draft, dr__schema_draft_len, "draft.rng");
    xmlNodePtr inc = NULL;
    if (!env || !draft)
        goto fail;
    for (xmlNodePtr c = xmlDocGetRootElement(draft)->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "include"))
            inc = c;
    if (!inc)
        goto fail;
    for (xmlNodePtr c = xmlDocGetRootElement(env)->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool overridden = false;
        xmlChar *name = xmlGetProp(c, BAD_CAST "name");
        for (xmlNodePtr o = inc->children; o; o = o->next) {
            if (o->type != XML_ELEMENT_NODE || !xmlStrEqual(o->name, c->name))
                continue;
            xmlChar *oname = xmlGetProp(o, BAD_CAST "name");
            if (xmlStrEqual(c->name, BAD_CAST "start") || xmlStrEqual(name, oname))
                overridden = true;
            xmlFree(oname);
        }
        xmlFree(name);
        if (!overridden)
            xmlAddPrevSibling(inc, xmlDocCopyNode(c, draft, 1));
    }
    while (inc->children) {
        xmlNodePtr c = inc->children;
        xmlUnlinkNode(c);
        xmlAddPrevSibling(inc, c);
    }
    xmlUnlinkNode(inc);
    xmlFreeNode(inc);
    xmlFreeDoc(env);
    return draft;
fail:
    xmlFreeDoc(env);
    xmlFreeDoc(draft);
    return NULL;
}

static xmlRelaxNGPtr compile(xmlDocPtr doc)
{
    xmlRelaxNGPtr s = NULL;
    if (!doc)
        return NULL;
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewDocParserCtxt(doc);
    if (pc) {
        first_error fe = {0};
        xmlRelaxNGSetParserStructuredErrors(pc, capture, &fe);
        s = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    xmlFreeDoc(doc);
    return s;
}

static xmlRelaxNGPtr schema_for(dr_form form)
{
    if (form == DR_FORM_DRAFT) {
        if (!schema_draft)
            schema_draft = compile(merged_draft_schema());
        return schema_draft;
    }
    if (!schema_recorded)
        schema_recorded = compile(read_trusted(dr__schema_envelope, dr__schema_envelope_len,
                                               "envelope.rng"));
    return schema_recorded;
}

void dr__envelope_schemas_ready(void)
{
    schema_for(DR_FORM_RECORDED);
    schema_for(DR_FORM_DRAFT);
}

void dr_envelope_global_cleanup(void)
{
    xmlRelaxNGFree(schema_recorded);
    xmlRelaxNGFree(schema_draft);
    schema_recorded = schema_draft = NULL;
}

/* ---- hardening before libxml2 sees the bytes ---- */

/* Refuses any markup declaration (<!DOCTYPE, <!ENTITY …): only comments and
 * CDATA sections may start with "<!". Comment and CDATA contents are skipped. */
static int walk_limits(dr_ctx *ctx, const char *file, xmlNodePtr n, int depth, size_t *count)
{
    for (; n; n = n->next) {
        if (++*count > DR_ENVELOPE_MAX_NODES)
            return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "more than %d xml nodes",
                                 DR_ENVELOPE_MAX_NODES);
        switch (n->type) {
        case XML_ELEMENT_NODE:
            if (depth > DR_ENVELOPE_MAX_DEPTH)
                return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(n), 0,
                                     "elements nested deeper than %d", DR_ENVELOPE_MAX_DEPTH);
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                if (a->children && a->children->content &&
                    strlen((const char *)a->children->content) > DR_ENVELOPE_MAX_TEXT)
                    return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(n), 0,
                                         "attribute '%s' is longer than %u bytes",
                                         (const char *)a->name, DR_ENVELOPE_MAX_TEXT);
            int rc = walk_limits(ctx, file, n->children, depth + 1, count);
            if (rc)
                return rc;
            break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (n->content && strlen((const char *)n->content) > DR_ENVELOPE_MAX_TEXT)
                return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(n), 0,
                                     "text longer than %u bytes", DR_ENVELOPE_MAX_TEXT);
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        default:
            return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(n), 0,
                                 "unexpected xml node (entity references are not accepted)");
        }
    }
    return 0;
}

/* ---- extraction ---- */

static int push_unit(dr_doc_unit **arr, size_t *n, xmlNodePtr el)
{
    dr_doc_unit *u = dr__push(arr, n, sizeof(dr_doc_unit));
    if (!u)
        return DR_ENOMEM;
    u->unit = attr(el, "unit");
    u->person = attr(el, "person");
    u->group = attr(el, "group");
    const char *rw = attr(el, "reply-within");
    u->reply_within = rw ? (int)strtol(rw, NULL, 10) : 0;
    return 0;
}

static void document_dispose(dr_document *d)
{
    free(d->issuers);
    free(d->to);
    free(d->cc);
    free(d->involves);
    free(d->matters);
    free(d->exceptions);
    free(d->attachments);
    memset(d, 0, sizeof(*d));
}

static int extract_document(dr_document *d, xmlNodePtr docel)
{
    document_dispose(d);
    for (xmlNodePtr c = docel->children; c; c = c->next) {
        int rc = 0;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "type"))
            d->type = text_of(c);
        else if (is_el(c, "title"))
            d->title = text_of(c);
        else if (is_el(c, "drafter"))
            d->drafter = attr(c, "unit");
        else if (is_el(c, "issuer"))
            rc = push_unit(&d->issuers, &d->nissuers, c);
        else if (is_el(c, "to"))
            rc = push_unit(&d->to, &d->nto, c);
        else if (is_el(c, "cc"))
            rc = push_unit(&d->cc, &d->ncc, c);
        else if (is_el(c, "involves"))
            rc = push_unit(&d->involves, &d->ninvolves, c);
        else if (is_el(c, "classification")) {
            d->level = attr(c, "level");
            d->term = attr(c, "term");
        } else if (is_el(c, "urgency"))
            d->urgency = text_of(c);
        else if (is_el(c, "disclosure"))
            d->disclosure = text_of(c);
        else if (is_el(c, "flags")) {
            d->major = attr_true(c, "major");
            d->normative = attr_true(c, "normative");
            d->affects_market = attr_true(c, "affects-market");
            d->contract = attr_true(c, "contract");
            d->directive = attr_true(c, "directive");
            d->reserved_subjects = attr_true(c, "reserved-subjects");
        } else if (is_el(c, "matter")) {
            dr_matter *m = dr__push(&d->matters, &d->nmatters, sizeof(dr_matter));
            if (!m)
                return DR_ENOMEM;
            m->id = attr(c, "id");
            m->kind = attr(c, "kind");
            m->category = attr(c, "category");
            m->text = text_of(c);
        } else if (is_el(c, "exception")) {
            const char **e = dr__push(&d->exceptions, &d->nexceptions, sizeof(char *));
            if (!e)
                return DR_ENOMEM;
            *e = attr(c, "kind");
        } else if (is_el(c, "approval"))
            d->has_approval = true;
        else if (is_el(c, "meeting")) {
            d->meeting_kind = attr(c, "kind");
            d->meeting_date = attr(c, "date");
            d->meeting_chair = attr(c, "chair");
            d->meeting_commissioned_by = attr(c, "commissioned-by");
            d->meeting_decision = attr(c, "decision");
        } else if (is_el(c, "body")) {
            d->body.href = attr(c, "href");
            d->body.sha256 = attr(c, "sha256");
        } else if (is_el(c, "attachment")) {
            dr_file_ref *a = dr__push(&d->attachments, &d->nattachments, sizeof(dr_file_ref));
            if (!a)
                return DR_ENOMEM;
            a->href = attr(c, "href");
            a->sha256 = attr(c, "sha256");
            a->title = attr(c, "title");
        }
        if (rc)
            return rc;
    }
    return 0;
}

static char *trimmed_text(xmlNodePtr ev)
{
    dr_buf b;
    int rc = 0;
    dr_buf_init(&b, DR_ENVELOPE_MAX_TEXT * 2);
    for (xmlNodePtr c = ev->children; c && rc != DR_ENOMEM; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            rc = dr_buf_puts(&b, (const char *)c->content);
    if (rc == DR_ENOMEM) {
        dr_buf_dispose(&b);
        return NULL;
    }
    char *s = dr_buf_detach(&b, NULL);
    if (!s)
        return NULL;
    size_t start = strspn(s, " \t\r\n"), n = strlen(s);
    while (n > start && strchr(" \t\r\n", s[n - 1]))
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
    return s;
}

static int extract_events(dr_envelope *env, dr_ctx *ctx, const char *file)
{
    for (xmlNodePtr c = env->routing->children; c; c = c->next) {
        if (!is_el(c, "event"))
            continue;
        if (env->nevents >= DR_ENVELOPE_MAX_EVENTS)
            return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "more than %d events",
                                 DR_ENVELOPE_MAX_EVENTS);
        const size_t n = env->nevents;
        size_t grow = n;
        if (!dr__push(&env->event_nodes, &grow, sizeof(xmlNodePtr)))
            return DR_ENOMEM;
        grow = n;
        if (!dr__push(&env->texts, &grow, sizeof(char *)))
            return DR_ENOMEM;
        dr_event *e = dr__push(&env->events, &env->nevents, sizeof(dr_event));
        if (!e)
            return DR_ENOMEM;
        env->event_nodes[n] = c;
        e->seq = (int)strtol(attr(c, "seq"), NULL, 10);
        e->act = attr(c, "act");
        e->actor = attr(c, "actor");
        e->at_text = attr(c, "at");
        e->content = attr(c, "content");
        e->prev = attr(c, "prev");
        if (dr_time_parse(&e->at, e->at_text))
            return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(c), 0,
                                 "event %d: bad time '%s'", e->seq, e->at_text);
        if (e->seq != (int)n + 1)
            return dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(c), 0,
                                 "event seq %d where %d was expected", e->seq, (int)n + 1);
        env->texts[n] = trimmed_text(c);
        if (!env->texts[n])
            return DR_ENOMEM;
        e->text = env->texts[n];
        for (xmlNodePtr k = c->children; k; k = k->next) {
            if (is_el(k, "signature")) {
                e->sig_alg = attr(k, "alg");
                e->sig_key = attr(k, "key");
                e->sig_value = text_of(k);
            } else if (is_el(k, "document")) {
                e->has_document = true;
                env->document = k;
            }
        }
    }
    return 0;
}

void dr_envelope_free(dr_envelope *env)
{
    if (!env)
        return;
    for (size_t i = 0; i < env->nevents; i++)
        free(env->texts[i]);
    free(env->texts);
    free(env->events);
    free(env->event_nodes);
    document_dispose(&env->d);
    xmlFreeDoc(env->doc);
    free(env->bytes);
    free(env);
}

int dr_envelope_parse(dr_envelope **out, dr_ctx *ctx, const char *file, const char *data,
                      size_t len, dr_form form)
{
    dr_envelope *env = NULL;
    xmlParserCtxtPtr pctx = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    first_error fe = {0};
    size_t count = 0;
    int rc = 0;

    *out = NULL;
    if ((rc = dr__xml_prescan(ctx, file, data, len)))
        return rc;
    if (!(env = calloc(1, sizeof(*env))) || !(env->bytes = dr__strndup(data, len))) {
        rc = DR_ENOMEM;
        goto done;
    }
    env->len = len;
    if (!(pctx = xmlNewParserCtxt())) {
        rc = DR_ENOMEM;
        goto done;
    }
    pctx->sax->serror = capture_parser; /* errors come to us, never to stderr */
    pctx->_private = &fe;
    env->doc = xmlCtxtReadMemory(pctx, env->bytes, (int)len, file, "UTF-8",
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!env->doc || !pctx->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(pctx);
        if (!fe.set && e)
            capture(&fe, e);
        rc = dr_ctx_setpos(ctx, DR_EINVALID, file, fe.line, fe.col, "not well-formed: %s",
                           fe.set ? fe.msg : "malformed xml");
        goto done;
    }
    if (env->doc->intSubset || env->doc->extSubset) {
        rc = dr_ctx_setpos(ctx, DR_EINVALID, file, 1, 1, "a DOCTYPE is not accepted");
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(env->doc);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "envelope") || !root->ns ||
        !xmlStrEqual(root->ns->href, BAD_CAST DR_ENVELOPE_NS)) {
        rc = dr_ctx_setpos(ctx, DR_EINVALID, file, root ? (int)xmlGetLineNo(root) : 1, 1,
                           "the root element must be <envelope> in namespace %s",
                           DR_ENVELOPE_NS);
        goto done;
    }
    if ((rc = walk_limits(ctx, file, root, 0, &count)))
        goto done;
    xmlRelaxNGPtr schema = schema_for(form);
    if (!schema) {
        rc = dr_ctx_set(ctx, DR_EIO, "cannot compile the built-in envelope schema");
        goto done;
    }
    if (!(vctx = xmlRelaxNGNewValidCtxt(schema))) {
        rc = DR_ENOMEM;
        goto done;
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, capture, &fe);
    if (xmlRelaxNGValidateDoc(vctx, env->doc) != 0) {
        rc = dr_ctx_setpos(ctx, DR_EINVALID, file, fe.line, fe.col, "fails the %s schema: %s",
                           form == DR_FORM_DRAFT ? "draft" : "envelope",
                           fe.set ? fe.msg : "invalid");
        if (ctx)
            snprintf(ctx->rule, sizeof(ctx->rule), DR_ENV_SCHEMA);
        goto done;
    }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_el(c, "document"))
            env->document = c;
        else if (is_el(c, "routing"))
            env->routing = c;
    }
    env->id = attr(root, "id");
    if (env->routing) {
        env->route = attr(env->routing, "route");
        env->config = attr(env->routing, "config");
        if ((rc = extract_events(env, ctx, file)))
            goto done;
    }
    /* The text the rules read is the element's plain text: a comment, CDATA or a
     * processing instruction inside it (请<!---->批示) would hide words from them. */
    for (xmlNodePtr c = env->document ? env->document->children : NULL; c && !rc; c = c->next) {
        if (!is_el(c, "title") && !is_el(c, "matter") && !is_el(c, "type") && !is_el(c, "urgency") &&
            !is_el(c, "disclosure"))
            continue;
        for (xmlNodePtr k = c->children; k && !rc; k = k->next)
            if (k->type != XML_TEXT_NODE)
                rc = dr_ctx_setpos(ctx, DR_EINVALID, file, (int)xmlGetLineNo(k), 0,
                                   "<%s> holds %s: write its text plainly", (const char *)c->name,
                                   k->type == XML_COMMENT_NODE     ? "a comment"
                                   : k->type == XML_CDATA_SECTION_NODE ? "a CDATA section"
                                   : k->type == XML_PI_NODE          ? "a processing instruction"
                                                                     : "markup");
        if (rc && ctx)
            snprintf(ctx->rule, sizeof(ctx->rule), DR_ENV_SCHEMA);
    }
    if (rc)
        goto done;
    if ((rc = extract_document(&env->d, env->document)))
        goto done;
    *out = env;
    env = NULL;
done:
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeParserCtxt(pctx);
    dr_envelope_free(env);
    return rc;
}

const char *dr_envelope_bytes(const dr_envelope *env, size_t *len)
{
    if (len)
        *len = env->len;
    return env->bytes;
}

const char *dr_envelope_id(const dr_envelope *env)
{
    return env->id;
}

const char *dr_envelope_route(const dr_envelope *env)
{
    return env->route;
}

const char *dr_envelope_config_blob(const dr_envelope *env)
{
    return env->config;
}

const dr_document *dr_envelope_document(const dr_envelope *env)
{
    return &env->d;
}

size_t dr_envelope_event_count(const dr_envelope *env)
{
    return env->nevents;
}

const dr_event *dr_envelope_event(const dr_envelope *env, size_t i)
{
    return i < env->nevents ? &env->events[i] : NULL;
}

const char *dr_event_attr(const dr_envelope *env, size_t i, const char *name)
{
    return i < env->nevents ? attr(env->event_nodes[i], name) : NULL;
}

/* ---- canonical forms ---- */

typedef struct {
    xmlNodePtr root, skip;
} subtree;

static bool within(xmlNodePtr n, xmlNodePtr anc)
{
    for (; n; n = n->parent)
        if (n == anc)
            return true;
    return false;
}

static int visible(void *ud, xmlNodePtr node, xmlNodePtr parent)
{
    subtree *st = ud;
    xmlNodePtr n = (node && node->type != XML_NAMESPACE_DECL && node->type != XML_ATTRIBUTE_NODE)
                       ? node
                       : parent;
    if (!within(n, st->root))
        return 0;
    if (st->skip && within(n, st->skip))
        return 0;
    return 1;
}

static int c14n(dr_ctx *ctx, xmlDocPtr doc, xmlNodePtr root, xmlNodePtr skip, dr_buf *out)
{
    subtree st = {root, skip};
    xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
    if (!ob)
        return DR_ENOMEM;
    int r = xmlC14NExecute(doc, visible, &st, XML_C14N_EXCLUSIVE_1_0, NULL, 0, ob);
    int rc = 0;
    if (r < 0)
        rc = dr_ctx_set(ctx, DR_EIO, "canonicalization failed");
    else
        rc = dr_buf_put(out, xmlBufContent(ob->buffer), xmlBufUse(ob->buffer));
    xmlOutputBufferClose(ob);
    return rc;
}

int content_digest_of(dr_ctx *ctx, xmlDocPtr doc, xmlNodePtr document, char out[72])
{
    dr_buf b;
    dr_buf_init(&b, 0);
    int rc = c14n(ctx, doc, document, NULL, &b);
    if (!rc)
        dr__sha256_tag(b.ptr ? b.ptr : "", b.len, out);
    dr_buf_dispose(&b);
    return rc;
}

int dr_envelope_content_digest(const dr_envelope *env, dr_ctx *ctx, char out[72])
{
    return content_digest_of(ctx, env->doc, env->document, out);
}

int dr_event_document_xml(const dr_envelope *env, dr_ctx *ctx, size_t i, dr_buf *out)
{
    if (i >= env->nevents)
        return dr_ctx_set(ctx, DR_EUSAGE, "no event %zu", i + 1);
    for (xmlNodePtr k = env->event_nodes[i]->children; k; k = k->next)
        if (is_el(k, "document")) {
            xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
            if (!doc)
                return DR_ENOMEM;
            doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
            xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "envelope", NULL);
            xmlDocSetRootElement(doc, root);
            xmlNsPtr ns = xmlNewNs(root, BAD_CAST DR_ENVELOPE_NS, NULL);
            xmlSetNs(root, ns);
            xmlNodePtr copy = xmlDocCopyNode(k, doc, 1);
            xmlAddChild(root, copy);
            adopt_ns(copy, ns);
            int rc = dump_node(copy, out);
            xmlFreeDoc(doc);
            return rc;
        }
    return DR_ENOTFOUND;
}

int dr_envelope_initial_digest(const dr_envelope *env, dr_ctx *ctx, char out[72])
{
    for (xmlNodePtr c = xmlDocGetRootElement(env->doc)->children; c; c = c->next)
        if (is_el(c, "document"))
            return content_digest_of(ctx, env->doc, c, out);
    return dr_ctx_set(ctx, DR_EINVALID, "no <document>");
}

static xmlNodePtr signature_of(xmlNodePtr ev)
{
    for (xmlNodePtr k = ev->children; k; k = k->next)
        if (is_el(k, "signature"))
            return k;
    return NULL;
}

int signed_bytes(dr_ctx *ctx, xmlDocPtr doc, const char *id, xmlNodePtr ev, dr_buf *out)
{
    static const char tag[] = "docroute-event-v1";
    int rc;
    if ((rc = dr_buf_put(out, tag, sizeof(tag))) || (rc = dr_buf_put(out, id, strlen(id) + 1)))
        return rc;
    return c14n(ctx, doc, ev, signature_of(ev), out);
}

int dr_envelope_signed_bytes(const dr_envelope *env, dr_ctx *ctx, size_t i, dr_buf *out)
{
    if (i >= env->nevents || !env->id)
        return dr_ctx_set(ctx, DR_EUSAGE, "no event %zu", i + 1);
    return signed_bytes(ctx, env->doc, env->id, env->event_nodes[i], out);
}

void digest_of(const dr_buf *signed_part, const dr_buf *raw_sig, char out[72])
{
    unsigned char md[32];
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m, EVP_sha256(), NULL);
    EVP_DigestUpdate(m, signed_part->ptr, signed_part->len);
    EVP_DigestUpdate(m, raw_sig->ptr ? raw_sig->ptr : "", raw_sig->len);
    EVP_DigestFinal_ex(m, md, NULL);
    EVP_MD_CTX_free(m);
    memcpy(out, "sha256:", 7);
    dr__hex(md, 32, out + 7);
}

int dr_envelope_event_digest(const dr_envelope *env, dr_ctx *ctx, size_t i, char out[72])
{
    dr_buf sb, raw;
    int rc;
    dr_buf_init(&sb, 0);
    dr_buf_init(&raw, 0);
    const dr_event *e = dr_envelope_event(env, i);
    if ((rc = dr_envelope_signed_bytes(env, ctx, i, &sb)))
        goto done;
    if (!e->sig_value || (rc = dr_base64_decode(&raw, e->sig_value, strlen(e->sig_value)))) {
        if (rc != DR_ENOMEM)
            rc = dr_ctx_set(ctx, DR_EVERIFY, "event %d: the signature is not base64", e->seq);
        goto done;
    }
    digest_of(&sb, &raw, out);
done:
    dr_buf_dispose(&sb);
    dr_buf_dispose(&raw);
    return rc;
}

int dr_envelope_tip_digest(const dr_envelope *env, dr_ctx *ctx, char out[72])
{
    if (env->nevents == 0)
        return dr_envelope_initial_digest(env, ctx, out);
    return dr_envelope_event_digest(env, ctx, env->nevents - 1, out);
}

int dr_envelope_verify_event(const dr_envelope *env, dr_ctx *ctx, size_t i, const dr_key *key)
{
    dr_buf sb, raw;
    int rc;
    dr_buf_init(&sb, 0);
    dr_buf_init(&raw, 0);
    const dr_event *e = dr_envelope_event(env, i);
    if (!e)
        return dr_ctx_set(ctx, DR_EUSAGE, "no event %zu", i + 1);
    if (dr_alg_parse(e->sig_alg) != dr_key_alg(key)) {
        rc = dr_ctx_set(ctx, DR_EVERIFY, "event %d: signed with %s but the key is %s", e->seq,
                        e->sig_alg, dr_alg_name(dr_key_alg(key)));
        goto done;
    }
    if ((rc = dr_envelope_signed_bytes(env, ctx, i, &sb)))
        goto done;
    if ((rc = dr_base64_decode(&raw, e->sig_value, strlen(e->sig_value)))) {
        if (rc != DR_ENOMEM)
            rc = dr_ctx_set(ctx, DR_EVERIFY, "event %d: the signature is not base64", e->seq);
        goto done;
    }
    if ((rc = dr_verify(ctx, key, sb.ptr, sb.len, raw.ptr, raw.len)))
        dr_ctx_set(ctx, DR_EVERIFY, "event %d: the %s signature by '%s' does not verify", e->seq,
                   e->sig_alg, e->sig_key);
done:
    dr_buf_dispose(&sb);
    dr_buf_dispose(&raw);
    return rc;
}
