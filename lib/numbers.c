/* 发文字号 from the record: the register ledger per 代字 and year (numbers.h). */
#include "docroute/numbers.h"
#include "docroute/check.h"
#include "docroute/envelope.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* GB/T 9704-2012 7.2.4: 发文字号 is 代字〔年份〕序号号 — the national standard's marks. */
#define OPEN_MARK  DR_W_NUMBER_OPEN 
#define CLOSE_MARK  DR_W_NUMBER_CLOSE 
#define SERIAL_MARK  DR_W_NUMBER_SERIAL 

#define LEDGER_MAX_BYTES (16u << 20)

int dr_ledger_path(const char *prefix, int year, char *out, size_t size)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (!n || n > 64 || prefix[0] == '.' || year < 1900 || year > 9999)
        return DR_EINVALID;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)prefix[i];
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ' ')
            return DR_EINVALID;
    }
    if (!dr_utf8_valid(prefix, n))
        return DR_EINVALID;
    int m = snprintf(out, size, "%s/%04d/%s.txt", DR_LEDGER_DIR, year, prefix);
    return m < 0 || (size_t)m >= size ? DR_EINVALID : 0;
}

int dr_number_format(const char *prefix, int year, int serial, char *out, size_t size)
{
    int m = snprintf(out, size, "%s" OPEN_MARK "%04d" CLOSE_MARK "%d" SERIAL_MARK, prefix, year, serial);
    return m < 0 || (size_t)m >= size ? DR_EINVALID : 0;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

int dr_number_parse(const char *number, char *prefix, size_t psize, int *year, int *serial)
{
    const size_t ol = strlen(OPEN_MARK), cl = strlen(CLOSE_MARK), sl = strlen(SERIAL_MARK);
    const char *open = number ? strstr(number, OPEN_MARK) : NULL;
    if (!open || open == number || (size_t)(open - number) >= psize)
        return DR_EINVALID;
    const char *y = open + ol, *close = strstr(y, CLOSE_MARK);
    if (!close || close - y != 4 || !digits(y, 4))
        return DR_EINVALID;
    const char *s = close + cl;
    size_t len = strlen(s);
    if (len <= sl || strcmp(s + len - sl, SERIAL_MARK) || !digits(s, len - sl) || s[0] == '0' ||
        len - sl > 6)
        return DR_EINVALID;
    memcpy(prefix, number, (size_t)(open - number));
    prefix[open - number] = '\0';
    *year = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
    *serial = (int)strtol(s, NULL, 10);
    return 0;
}

int dr_ledger_parse(dr_ctx *ctx, const char *file, const char *data, size_t len,
                    const char *prefix, int year, int *last)
{
    int line = 1, prev = 0;
    *last = 0;
    if (len > LEDGER_MAX_BYTES)
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "the ledger is larger than %u bytes",
                             LEDGER_MAX_BYTES);
    for (size_t off = 0; off < len; line++) {
        const char *p = data + off, *nl = memchr(p, '\n', len - off);
        if (!nl)
            return dr_ctx_setpos(ctx, DR_EINVALID, file, line, 0, "the last line has no newline");
        size_t n = (size_t)(nl - p);
        char buf[300], num[200], doc[80], want[200];
        int serial = 0, consumed = 0;
        if (n >= sizeof(buf))
            return dr_ctx_setpos(ctx, DR_EINVALID, file, line, 0, "the line is too long");
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (sscanf(buf, "%d %199s %79s%n", &serial, num, doc, &consumed) != 3 ||
            (size_t)consumed != n || !dr_doc_id_valid(doc) || buf[0] < '1' || buf[0] > '9')
            return dr_ctx_setpos(ctx, DR_EINVALID, file, line, 0,
                                 "a ledger line is \"SERIAL NUMBER DOCUMENT\"");
        if (prev && serial != prev + 1)
            return dr_ctx_setpos(ctx, DR_EINVALID, file, line, 0,
                                 "serial %d follows %d: the ledger runs without gaps", serial, prev);
        if (dr_number_format(prefix, year, serial, want, sizeof(want)) || strcmp(num, want))
            return dr_ctx_setpos(ctx, DR_EINVALID, file, line, 0, "'%s' is not %s", num, want);
        prev = serial;
        off += n + 1;
    }
    *last = prev;
    return 0;
}

/* ---- a history from before ledgers: the register events ---- */

typedef struct {
    dr_snapshot *snap;
    dr_ctx *ctx;
    const char *prefix;
    int year, max;
} scan;

static int scan_doc(void *ud, const char *id)
{
    scan *s = ud;
    char path[160];
    dr_buf b;
    int rc;
    if (dr_doc_envelope_path(id, path, sizeof(path)))
        return 0;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    if ((rc = dr_snapshot_read(s->snap, s->ctx, path, &b))) {
        dr_buf_dispose(&b);
        return rc;
    }
    /* The number of each register event (never text a document happens to hold). */
    dr_envelope *env = NULL;
    dr_ctx pctx;
    dr_ctx_init(&pctx);
    if ((rc = dr_envelope_parse(&env, &pctx, path, b.ptr ? b.ptr : "", b.len, DR_FORM_RECORDED)) == 0) {
        for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
            const char *number = dr_event_attr(env, i, "number");
            char prefix[100];
            int year, serial;
            if (strcmp(dr_envelope_event(env, i)->act, "register") || !number)
                continue;
            if (!dr_number_parse(number, prefix, sizeof(prefix), &year, &serial) &&
                year == s->year && !strcmp(prefix, s->prefix) && serial > s->max)
                s->max = serial;
        }
    }
    dr_envelope_free(env);
    dr_buf_dispose(&b);
    return rc == DR_ENOMEM ? rc : 0; /* one that does not parse holds no number */
}

int dr_numbers_last(dr_snapshot *snap, dr_ctx *ctx, const char *prefix, int year, int *last,
                    bool *ledger)
{
    char path[200];
    dr_buf b;
    int rc;
    *last = 0;
    *ledger = false;
    if (dr_ledger_path(prefix, year, path, sizeof(path)))
        return dr_ctx_set(ctx, DR_ECONFIG, "'%s' cannot be a " DR_W_NUMBER_PREFIX " of the register ledger", prefix);
    dr_buf_init(&b, LEDGER_MAX_BYTES);
    rc = dr_snapshot_read(snap, ctx, path, &b);
    if (rc == 0) {
        *ledger = true;
        rc = dr_ledger_parse(ctx, path, b.ptr ? b.ptr : "", b.len, prefix, year, last);
        dr_buf_dispose(&b);
        return rc ? DR_EIO : 0; /* a committed ledger that does not parse: the repository's fault */
    }
    dr_buf_dispose(&b);
    if (rc != DR_ENOTFOUND)
        return rc;
    dr_ctx_init(ctx);
    scan s = {snap, ctx, prefix, year, 0};
    rc = dr_snapshot_each_doc(snap, ctx, scan_doc, &s);
    *last = s.max;
    return rc;
}

int dr_numbers_next(dr_snapshot *snap, dr_ctx *ctx, const dr_config *cfg, const char *prefix,
                    int year, int *next)
{
    int last;
    bool ledger;
    int rc = dr_numbers_last(snap, ctx, prefix, year, &last, &ledger);
    if (rc)
        return rc;
    int before = dr_config_issued_before(cfg, prefix, year);
    *next = (last > before ? last : before) + 1;
    return 0;
}

int dr_ledger_append(dr_snapshot *snap, dr_ctx *ctx, const char *prefix, int year, int serial,
                     const char *number, const char *doc, dr_buf *out)
{
    char path[200];
    int rc;
    if (dr_ledger_path(prefix, year, path, sizeof(path)))
        return dr_ctx_set(ctx, DR_ECONFIG, "'%s' cannot be a " DR_W_NUMBER_PREFIX " of the register ledger", prefix);
    out->max = LEDGER_MAX_BYTES;
    rc = dr_snapshot_read(snap, ctx, path, out);
    if (rc && rc != DR_ENOTFOUND)
        return rc;
    dr_ctx_init(ctx);
    return dr_buf_printf(out, "%d %s %s\n", serial, number, doc);
}

int dr_numbers_register(dr_snapshot *snap, dr_ctx *ctx, const dr_config *cfg, const char *prefix,
                        int year, const char *doc, dr_numbered *out)
{
    int rc;
    memset(out, 0, sizeof(*out));
    dr_buf_init(&out->ledger, LEDGER_MAX_BYTES);
    if ((rc = dr_numbers_next(snap, ctx, cfg, prefix, year, &out->serial)) ||
        (rc = dr_number_format(prefix, year, out->serial, out->number, sizeof(out->number))) ||
        (rc = dr_ledger_append(snap, ctx, prefix, year, out->serial, out->number, doc, &out->ledger)) ||
        (rc = dr_ledger_path(prefix, year, out->ledger_path, sizeof(out->ledger_path))))
        dr_buf_dispose(&out->ledger);
    return rc;
}

bool dr_check_doc_number(const char *number, const char *prefix, int year)
{
    char p[160];
    int y, serial;
    return number && prefix && dr_number_parse(number, p, sizeof(p), &y, &serial) == 0 &&
           y == year && strcmp(p, prefix) == 0;
}
