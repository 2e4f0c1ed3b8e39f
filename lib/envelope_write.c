/* Writing envelopes: a draft's document with its files' hashes, the recorded form of a
 * submission, one signed event, and the textual append of events. */
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

/* ---- writing ---- */

int dump_node(xmlNodePtr n, dr_buf *out)
{
    xmlBufferPtr xb = xmlBufferCreate();
    if (!xb)
        return DR_ENOMEM;
    int r = xmlNodeDump(xb, n->doc, n, 0, 0);
    int rc = r < 0 ? DR_EIO : dr_buf_put(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    xmlBufferFree(xb);
    return rc;
}

/* Sets the files' hashes in a copy of a <document>. */
static void fill_hashes(xmlNodePtr document, const dr_attr *files, size_t nfiles)
{
    for (xmlNodePtr c = document ? document->children : NULL; c; c = c->next) {
        if (is_el(c, "body") && nfiles > 0) {
            xmlSetProp(c, BAD_CAST "href", BAD_CAST files[0].name);
            xmlSetProp(c, BAD_CAST "sha256", BAD_CAST files[0].value);
        } else if (is_el(c, "attachment")) {
            const char *href = attr(c, "href");
            for (size_t i = 1; i < nfiles; i++)
                if (dr__streq(href, files[i].name))
                    xmlSetProp(c, BAD_CAST "sha256", BAD_CAST files[i].value);
        }
    }
}

int dr_envelope_document_xml(const dr_envelope *draft, dr_ctx *ctx, const dr_attr *files,
                             size_t nfiles, dr_buf *out)
{
    xmlDocPtr doc = xmlCopyDoc(draft->doc, 1);
    int rc;
    if (!doc)
        return DR_ENOMEM;
    if (!doc->encoding)
        doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    xmlNodePtr document = NULL;
    for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next)
        if (is_el(c, "document"))
            document = c;
    if (!document) {
        xmlFreeDoc(doc);
        return dr_ctx_set(ctx, DR_EINVALID, "the draft has no <document>");
    }
    fill_hashes(document, files, nfiles);
    rc = dump_node(document, out);
    xmlFreeDoc(doc);
    return rc;
}

/* Parses a serialized <document> inside an envelope wrapper (trusted: made by
 * the library or read from a recorded envelope). */
static int wrap_document(xmlDocPtr *out, dr_ctx *ctx, const char *document_xml)
{
    dr_buf b;
    int rc;
    dr_buf_init(&b, 0);
    *out = NULL;
    if ((rc = dr_buf_puts(&b, "<envelope xmlns=\"" DR_ENVELOPE_NS "\">")) ||
        (rc = dr_buf_puts(&b, document_xml)) || (rc = dr_buf_puts(&b, "</envelope>"))) {
        dr_buf_dispose(&b);
        return dr_ctx_set(ctx, rc, "the new <document>: %s", dr_strerror(rc));
    }
    *out = read_trusted(b.ptr, b.len, "document.xml");
    dr_buf_dispose(&b);
    if (!*out || !xmlDocGetRootElement(*out)->children) {
        xmlFreeDoc(*out);
        *out = NULL;
        return dr_ctx_set(ctx, DR_EINVALID, "the new <document> does not parse");
    }
    return 0;
}

int dr_document_xml_digest(const char *document_xml, dr_ctx *ctx, char out[72])
{
    xmlDocPtr doc;
    int rc = wrap_document(&doc, ctx, document_xml);
    if (rc)
        return rc;
    rc = content_digest_of(ctx, doc, xmlDocGetRootElement(doc)->children, out);
    xmlFreeDoc(doc);
    return rc;
}

bool dr_envelope_href_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 100 || strcmp(name, "envelope.xml") == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

int dr_envelope_make_recorded(const dr_envelope *draft, dr_ctx *ctx, const char *id,
                              const char *route, const char *config_blob, const dr_attr *files,
                              size_t nfiles, dr_buf *out)
{
    xmlDocPtr doc = xmlCopyDoc(draft->doc, 1);
    xmlChar *mem = NULL;
    int size = 0, rc = 0;
    if (!doc)
        return DR_ENOMEM;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    /* id and version go first, before any attribute the draft carries. */
    xmlAttrPtr old = root->properties;
    root->properties = NULL;
    xmlNewProp(root, BAD_CAST "id", BAD_CAST id);
    xmlNewProp(root, BAD_CAST "version", BAD_CAST "1");
    if (old) {
        xmlAttrPtr last = root->properties;
        while (last->next)
            last = last->next;
        last->next = old;
        old->prev = last;
    }
    xmlNodePtr document = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (is_el(c, "document"))
            document = c;
    fill_hashes(document, files, nfiles);
    xmlNodePtr last = root->last;
    if (last && last->type == XML_TEXT_NODE) {
        xmlUnlinkNode(last);
        xmlFreeNode(last);
    }
    xmlAddChild(root, xmlNewText(BAD_CAST "\n  "));
    xmlNodePtr routing = xmlNewChild(root, root->ns, BAD_CAST "routing", NULL);
    xmlNewProp(routing, BAD_CAST "route", BAD_CAST route);
    xmlNewProp(routing, BAD_CAST "config", BAD_CAST config_blob);
    xmlAddChild(routing, xmlNewText(BAD_CAST "\n  "));
    xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
    xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
    if (!mem)
        rc = dr_ctx_set(ctx, DR_EIO, "cannot serialize the envelope");
    else
        rc = dr_buf_put(out, mem, (size_t)size);
    xmlFree(mem);
    xmlFreeDoc(doc);
    return rc;
}

/* Puts a copied subtree in ns, dropping its own declarations of it. */
void adopt_ns(xmlNodePtr n, xmlNsPtr ns)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        n->ns = ns;
        if (n->nsDef) {
            xmlFreeNsList(n->nsDef);
            n->nsDef = NULL;
        }
        adopt_ns(n->children, ns);
    }
}

int dr_event_build(dr_buf *lines, dr_ctx *ctx, const char *doc_id, int seq, const char *prev,
                   const char *content, const dr_event_spec *spec, const dr_key *key,
                   const char *key_name, char digest_out[72])
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    dr_buf sb, raw, b64;
    if (doc) /* serialize UTF-8 as it is, not as character references */
        doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    char num[24], at[26];
    int rc = 0;
    dr_buf_init(&sb, 0);
    dr_buf_init(&raw, 0);
    dr_buf_init(&b64, 0);
    if (!doc)
        return DR_ENOMEM;
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "envelope", NULL);
    xmlDocSetRootElement(doc, root);
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST DR_ENVELOPE_NS, NULL);
    xmlSetNs(root, ns);
    xmlNodePtr routing = xmlNewChild(root, ns, BAD_CAST "routing", NULL);
    xmlNodePtr ev = xmlNewChild(routing, ns, BAD_CAST "event", NULL);
    snprintf(num, sizeof(num), "%d", seq);
    dr_time_format(spec->at, at);
    xmlNewProp(ev, BAD_CAST "seq", BAD_CAST num);
    xmlNewProp(ev, BAD_CAST "act", BAD_CAST spec->act);
    for (size_t i = 0; i < spec->nattrs; i++)
        if (spec->attrs[i].value)
            xmlNewProp(ev, BAD_CAST spec->attrs[i].name, BAD_CAST spec->attrs[i].value);
    xmlNewProp(ev, BAD_CAST "actor", BAD_CAST spec->actor);
    xmlNewProp(ev, BAD_CAST "at", BAD_CAST at);
    xmlNewProp(ev, BAD_CAST "content", BAD_CAST content);
    xmlNewProp(ev, BAD_CAST "prev", BAD_CAST prev);
    if (spec->text && *spec->text)
        xmlAddChild(ev, xmlNewText(BAD_CAST spec->text));
    if (spec->document_xml) {
        xmlDocPtr wrapped;
        if ((rc = wrap_document(&wrapped, ctx, spec->document_xml)))
            goto done;
        xmlNodePtr src = xmlDocGetRootElement(wrapped)->children;
        while (src && src->type != XML_ELEMENT_NODE)
            src = src->next;
        if (!src) {
            xmlFreeDoc(wrapped);
            rc = dr_ctx_set(ctx, DR_EINVALID, "the new <document> does not parse");
            goto done;
        }
        xmlNodePtr copy = xmlDocCopyNode(src, doc, 1);
        xmlAddChild(ev, copy);
        adopt_ns(copy, ns); /* the envelope's namespace, declared once at its root */
        xmlFreeDoc(wrapped);
    }
    if ((rc = signed_bytes(ctx, doc, doc_id, ev, &sb)) ||
        (rc = dr_sign(ctx, key, sb.ptr, sb.len, &raw)) ||
        (rc = dr_base64_encode(&b64, raw.ptr, raw.len)))
        goto done;
    xmlNodePtr sig = xmlNewChild(ev, ns, BAD_CAST "signature", BAD_CAST b64.ptr);
    xmlNewProp(sig, BAD_CAST "alg", BAD_CAST dr_alg_name(dr_key_alg(key)));
    xmlNewProp(sig, BAD_CAST "key", BAD_CAST key_name);
    digest_of(&sb, &raw, digest_out);
    if ((rc = dr_buf_puts(lines, "    ")) || (rc = dump_node(ev, lines)) ||
        (rc = dr_buf_puts(lines, "\n")))
        goto done;
done:
    dr_buf_dispose(&sb);
    dr_buf_dispose(&raw);
    dr_buf_dispose(&b64);
    xmlFreeDoc(doc);
    return rc;
}

int dr_envelope_append(const dr_envelope *env, dr_ctx *ctx, const char *lines, size_t len,
                       dr_buf *out)
{
    static const char close_tag[] = "</routing>";
    const char *pos = NULL;
    for (const char *p = env->bytes; (p = strstr(p, close_tag)); p++)
        pos = p;
    if (!pos)
        return dr_ctx_set(ctx, DR_EINVALID, "the envelope has no </routing>");
    /* Insert at the start of the closing tag's line when only indentation precedes it. */
    const char *at = pos;
    while (at > env->bytes && (at[-1] == ' ' || at[-1] == '\t'))
        at--;
    if (!(at > env->bytes && at[-1] == '\n'))
        at = pos;
    int rc;
    size_t head = (size_t)(at - env->bytes);
    if ((rc = dr_buf_put(out, env->bytes, head)) || (rc = dr_buf_put(out, lines, len)))
        return rc;
    if (at == pos && (rc = dr_buf_puts(out, "  ")))
        return rc;
    return dr_buf_put(out, at, env->len - head);
}
