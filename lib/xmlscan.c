/* The bytes of an envelope or draft, checked before libxml2 sees them: an encoding
 * other than UTF-8 (a UTF-16 file, invalid sequences — with the line they are on), NUL
 * bytes, markup declarations (no DTDs, no entities), and the schema's limits: attributes
 * an element (libxml2 2.9 checks duplicate attributes in quadratic time), nesting depth,
 * elements, and the length of a text, an attribute value or a name. A light lexer of
 * XML's markup: it never decides well-formedness — what it cannot follow it leaves to
 * libxml2 — but nothing libxml2 would spend more than linear time on gets past it. */
#include "envelope_internal.h"
#include "docroute/envelope.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* Names (of elements, attributes) are short in every schema of the toolkit. */
#define MAX_NAME 256

typedef struct {
    dr_ctx *ctx;
    const char *file;
    const char *s;
    size_t len;
} scan;

/* Refuses at offset at, with its 1-based line and column (columns in bytes). */
static int fail_at(const scan *sc, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(const scan *sc, size_t at, const char *fmt, ...)
{
    int line = 1, col = 1;
    char msg[300];
    va_list ap;
    for (size_t i = 0; i < at && i < sc->len; i++, col++)
        if (sc->s[i] == '\n') {
            line++;
            col = 0;
        }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return dr_ctx_setpos(sc->ctx, DR_EINVALID, sc->file, line, col, "%s", msg);
}

/* Offset of the first byte of needle at or after from, or len. */
static size_t find(const scan *sc, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= sc->len; i++) {
        const char *p = memchr(sc->s + i, needle[0], sc->len - i);
        if (!p)
            break;
        i = (size_t)(p - sc->s);
        if (i + n <= sc->len && memcmp(p, needle, n) == 0)
            return i;
    }
    return sc->len;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t name_end(const scan *sc, size_t i)
{
    while (i < sc->len && !is_space(sc->s[i]) && sc->s[i] != '=' && sc->s[i] != '>' &&
           sc->s[i] != '/' && sc->s[i] != '<' && sc->s[i] != '"' && sc->s[i] != '\'')
        i++;
    return i;
}

/* A start tag at i ('<' + name): counts its attributes and measures them. *next is
 * the offset after it; *empty when it closes itself. */
static int start_tag(const scan *sc, size_t i, size_t *next, bool *empty)
{
    size_t at = i, e = name_end(sc, i + 1);
    unsigned nattrs = 0;
    *empty = false;
    if (e - (i + 1) > MAX_NAME)
        return fail_at(sc, at, "an element name longer than %u bytes", MAX_NAME);
    /* One spelling of every envelope: the default namespace, no prefixes (the recorded
     * form is appended to as text, and check and submit must read the same bytes). */
    const char *colon = memchr(sc->s + i + 1, ':', e - (i + 1));
    if (colon)
        return fail_at(sc, at, "<%.*s>: element names take no namespace prefix; write "
                               "xmlns=\"" DR_ENVELOPE_NS "\" on <envelope>",
                       (int)(e - (i + 1) > 64 ? 64 : e - (i + 1)), sc->s + i + 1);
    for (i = e; i < sc->len;) {
        while (i < sc->len && is_space(sc->s[i]))
            i++;
        if (i >= sc->len)
            break;
        if (sc->s[i] == '>') {
            *next = i + 1;
            return 0;
        }
        if (sc->s[i] == '/' && i + 1 < sc->len && sc->s[i + 1] == '>') {
            *empty = true;
            *next = i + 2;
            return 0;
        }
        size_t ne = name_end(sc, i);
        if (ne == i)
            break; /* not an attribute: libxml2 says what is wrong */
        if (ne - i > MAX_NAME)
            return fail_at(sc, i, "an attribute name longer than %u bytes", MAX_NAME);
        if (++nattrs > DR_ENVELOPE_MAX_ATTRS)
            return fail_at(sc, at, "an element with more than %u attributes", DR_ENVELOPE_MAX_ATTRS);
        i = ne;
        while (i < sc->len && is_space(sc->s[i]))
            i++;
        if (i >= sc->len || sc->s[i] != '=')
            break;
        i++;
        while (i < sc->len && is_space(sc->s[i]))
            i++;
        if (i >= sc->len || (sc->s[i] != '"' && sc->s[i] != '\''))
            break;
        const char *q = memchr(sc->s + i + 1, sc->s[i], sc->len - i - 1);
        if (!q)
            break;
        size_t vlen = (size_t)(q - (sc->s + i + 1));
        if (vlen > DR_ENVELOPE_MAX_TEXT)
            return fail_at(sc, i, "an attribute value longer than %u bytes", DR_ENVELOPE_MAX_TEXT);
        i = (size_t)(q - sc->s) + 1;
    }
    *next = sc->len; /* malformed: libxml2 reports it, having seen no more than we did */
    return 1;
}

static int markup(const scan *sc)
{
    unsigned depth = 0, elements = 0;
    size_t text_from = 0;
    for (size_t i = 0; i < sc->len;) {
        const char *lt = memchr(sc->s + i, '<', sc->len - i);
        size_t at = lt ? (size_t)(lt - sc->s) : sc->len;
        if (at - text_from > DR_ENVELOPE_MAX_TEXT)
            return fail_at(sc, text_from, "text longer than %u bytes", DR_ENVELOPE_MAX_TEXT);
        if (!lt)
            return 0;
        const char *p = lt;
        size_t left = sc->len - at;
        size_t end;
        if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
            end = find(sc, at + 4, "-->");
            if (end >= sc->len)
                return 0;
            i = end + 3;
        } else if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
            end = find(sc, at + 9, "]]>");
            if (end - at > DR_ENVELOPE_MAX_TEXT)
                return fail_at(sc, at, "text longer than %u bytes", DR_ENVELOPE_MAX_TEXT);
            if (end >= sc->len)
                return 0;
            i = end + 3;
        } else if (left >= 2 && p[1] == '!') {
            return fail_at(sc, at, "a DOCTYPE or other markup declaration is not accepted "
                                   "(no DTDs, no entities)");
        } else if (left >= 2 && p[1] == '?') {
            end = find(sc, at + 2, "?>");
            if (end >= sc->len)
                return 0;
            i = end + 2;
        } else if (left >= 2 && p[1] == '/') {
            const char *gt = memchr(p, '>', left);
            if (!gt)
                return 0;
            if (depth)
                depth--;
            i = (size_t)(gt - sc->s) + 1;
        } else {
            bool empty;
            int rc = start_tag(sc, at, &i, &empty);
            if (rc < 0)
                return rc;
            if (rc > 0)
                return 0;
            if (++elements > DR_ENVELOPE_MAX_NODES)
                return fail_at(sc, at, "more than %u elements", DR_ENVELOPE_MAX_NODES);
            if (!empty && ++depth > DR_ENVELOPE_MAX_DEPTH + 1)
                return fail_at(sc, at, "elements nested deeper than %u", DR_ENVELOPE_MAX_DEPTH);
        }
        text_from = i;
    }
    return 0;
}

int dr__xml_prescan(dr_ctx *ctx, const char *file, const char *data, size_t len)
{
    scan sc = {ctx, file, data, len};
    const unsigned char *u = (const unsigned char *)data;
    if (len > DR_ENVELOPE_MAX_BYTES)
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "file is larger than %u bytes",
                             DR_ENVELOPE_MAX_BYTES);
    if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe)))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 1, 1,
                             "the file is UTF-16: save it as UTF-8 (without a byte-order mark)");
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        size_t at = (size_t)(nul - data);
        /* UTF-16 without a byte-order mark: every other byte of ASCII text is NUL. */
        if (len >= 4 && (data[0] == '\0') != (data[1] == '\0') && (at == 0 || at == 1))
            return fail_at(&sc, 0, "the file is UTF-16: save it as UTF-8");
        return fail_at(&sc, at, "NUL byte in file");
    }
    size_t ok = dr__utf8_prefix(data, len);
    if (ok < len)
        return fail_at(&sc, ok, "not valid UTF-8");
    return markup(&sc);
}
