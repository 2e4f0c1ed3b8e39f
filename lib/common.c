#include "internal.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

void dr_ctx_init(dr_ctx *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
}

static int vset(dr_ctx *ctx, int code, const char *fmt, va_list ap)
{
    if (!ctx)
        return code;
    /* A new error is the whole story: nothing of an earlier one (its file, line, rule)
     * is left to be printed with it. */
    ctx->code = code;
    ctx->file[0] = ctx->rule[0] = '\0';
    ctx->line = ctx->col = 0;
    if (vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap) < 0)
        ctx->msg[0] = '\0';
    dr_utf8_trim(ctx->msg);
    return code;
}

void dr_utf8_trim(char *s)
{
    /* A string cut by a bounded write may end inside a multi-byte sequence: drop that
     * sequence, so that what is left is valid UTF-8 (JSON and XML need it). */
    size_t n = strlen(s), k = n, lead;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    if (k == 0)
        return;
    unsigned char c = (unsigned char)s[k - 1];
    lead = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (lead > 1 && n - (k - 1) < lead)
        s[k - 1] = '\0';
}

int dr_ctx_set(dr_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(ctx, code, fmt, ap);
    va_end(ap);
    return code;
}

int dr_ctx_setpos(dr_ctx *ctx, int code, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(ctx, code, fmt, ap);
    va_end(ap);
    if (ctx) {
        snprintf(ctx->file, sizeof(ctx->file), "%s", file ? file : "");
        ctx->line = line;
        ctx->col = col;
    }
    return code;
}

int dr_ctx_setrule(dr_ctx *ctx, int code, const char *rule, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(ctx, code, fmt, ap);
    va_end(ap);
    if (ctx)
        snprintf(ctx->rule, sizeof(ctx->rule), "%s", rule ? rule : "");
    return code;
}

const char *dr_strerror(int code)
{
    switch (code) {
    case DR_OK: return "ok";
    case DR_EINVALID: return "invalid input";
    case DR_ERULE: return "refused by a rule";
    case DR_ENOTFOUND: return "not found";
    case DR_ECONFLICT: return "conflict";
    case DR_EVERIFY: return "verification failed";
    case DR_EIO: return "i/o error";
    case DR_ECONFIG: return "invalid repository config";
    case DR_ENOMEM: return "out of memory";
    case DR_EUSAGE: return "bad use of the api";
    case DR_ELOCKED: return "locked";
    case DR_EWORKTREE: return "recorded; the checkout is not in step";
    }
    return "unknown error";
}

/* ---- buffer ---- */

#define DR_BUF_DEFAULT_MAX ((size_t)64 << 20)

void dr_buf_init(dr_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : DR_BUF_DEFAULT_MAX;
}

void dr_buf_dispose(dr_buf *b)
{
    if (!b)
        return;
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void dr_buf_dispose_secret(dr_buf *b)
{
    if (!b)
        return;
    if (b->ptr)
        OPENSSL_cleanse(b->ptr, b->cap);
    dr_buf_dispose(b);
}

static int grow(dr_buf *b, size_t add)
{
    size_t need;
    if (add > b->max || b->len > b->max - add)
        return DR_EINVALID;
    need = b->len + add + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return DR_ENOMEM;
        cap *= 2;
    }
    char *p = realloc(b->ptr, cap);
    if (!p)
        return DR_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int dr_buf_put(dr_buf *b, const void *data, size_t len)
{
    int rc = grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int dr_buf_puts(dr_buf *b, const char *s)
{
    return dr_buf_put(b, s, strlen(s));
}

int dr_buf_printf(dr_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[512];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return DR_EINVALID;
    if ((size_t)n < sizeof(small))
        return dr_buf_put(b, small, (size_t)n);
    int rc = grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    n = vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return DR_EINVALID;
    b->len += (size_t)n;
    return 0;
}

char *dr_buf_detach(dr_buf *b, size_t *len)
{
    char *p = b->ptr;
    if (!p)
        p = calloc(1, 1);
    if (len)
        *len = b->len;
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

/* ---- dates (Howard Hinnant's civil-from-days) ---- */

dr_date dr_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (dr_date)(era * 146097 + (int)doe - 719468);
}

void dr_date_to_ymd(dr_date z0, int *yy, int *mm, int *dd)
{
    int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    *yy = y + (m <= 2);
    *mm = (int)m;
    *dd = (int)d;
}

int dr_date_weekday(dr_date date)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int w = (int)((date + 3) % 7);
    return w < 0 ? w + 7 : w;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' || digits(s + 8, 2, d))
        return DR_EINVALID;
    if (*y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return DR_EINVALID;
    return 0;
}

int dr_date_parse(dr_date *out, const char *s)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
        return DR_EINVALID;
    *out = dr_date_from_ymd(y, m, d);
    return 0;
}

static void put_num(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void dr_date_format(dr_date date, char out[11])
{
    int y, m, d;
    dr_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    put_num(out, y, 4);
    out[4] = '-';
    put_num(out + 5, m, 2);
    out[7] = '-';
    put_num(out + 8, d, 2);
    out[10] = '\0';
}

int dr_offset_parse(int *out, const char *s)
{
    int h, m;
    if (!s)
        return DR_EINVALID;
    if (strcmp(s, "Z") == 0) {
        *out = 0;
        return 0;
    }
    if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || digits(s + 1, 2, &h) || s[3] != ':' ||
        digits(s + 4, 2, &m) || h > 14 || m > 59)
        return DR_EINVALID;
    *out = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return 0;
}

int dr_time_parse(dr_time *out, const char *s)
{
    int y, mo, d, h, mi, se, off;
    size_t n = s ? strlen(s) : 0;
    if (n < 20 || parse_ymd(s, &y, &mo, &d) || s[10] != 'T' || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
        return DR_EINVALID;
    if (h > 23 || mi > 59 || se > 59)
        return DR_EINVALID;
    if (dr_offset_parse(&off, s + 19))
        return DR_EINVALID;
    int64_t days = dr_date_from_ymd(y, mo, d);
    out->epoch = days * 86400 + h * 3600 + mi * 60 + se - (int64_t)off * 60;
    out->offset = off;
    return 0;
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

dr_date dr_time_date(dr_time t)
{
    return (dr_date)floordiv(t.epoch + (int64_t)t.offset * 60, 86400);
}

dr_time dr_time_at_offset(dr_time t, int offset)
{
    t.offset = offset;
    return t;
}

void dr_time_format(dr_time t, char out[26])
{
    int64_t local = t.epoch + (int64_t)t.offset * 60;
    dr_date date = (dr_date)floordiv(local, 86400);
    int64_t secs = local - (int64_t)date * 86400;
    int off = t.offset < 0 ? -t.offset : t.offset;
    dr_date_format(date, out);
    out[10] = 'T';
    put_num(out + 11, (int)(secs / 3600), 2);
    out[13] = ':';
    put_num(out + 14, (int)(secs / 60 % 60), 2);
    out[16] = ':';
    put_num(out + 17, (int)(secs % 60), 2);
    out[19] = t.offset < 0 ? '-' : '+';
    put_num(out + 20, off / 60 % 100, 2);
    out[22] = ':';
    put_num(out + 23, off % 60, 2);
    out[25] = '\0';
}
