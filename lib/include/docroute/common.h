/* docroute — errors, the context handle, the owned buffer, dates and times.
 *
 * Fallible functions return 0 or a negative DR_E* code; the detail (message,
 * rule ID, file, line, column) is left in a dr_ctx the caller owns. */
#ifndef DOCROUTE_COMMON_H
#define DOCROUTE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    DR_OK = 0,
    DR_EINVALID = -1,  /* input is malformed or fails its schema */
    DR_ERULE = -2,     /* a rule of the working rules refuses */
    DR_ENOTFOUND = -3, /* no such document, year, person, key … */
    DR_ECONFLICT = -4, /* the branch moved and retries ran out */
    DR_EVERIFY = -5,   /* a signature or digest does not verify */
    DR_EIO = -6,       /* the file system, git or a library failed */
    DR_ECONFIG = -7,   /* the repository's config or calendar is invalid */
    DR_ENOMEM = -8,
    DR_EUSAGE = -9, /* a caller passed something the API does not accept */
    DR_ELOCKED = -10, /* a lock file of the repository is held: ctx->file names it */
    DR_EWORKTREE = -11, /* the act is recorded; the checkout is not yet in step with it */
};

/* The longest id a config may declare (people, units, roles, groups, routes, steps,
 * kinds), in bytes; ids hold no white space, control character or '/'. The tools refuse
 * longer ones on the command line. */
#define DR_ID_MAX 63

/* The record's integrity rules, the toolkit's own (SPEC §8); their articles and texts
 * are in one table (rules.c, dr_rule_own), and no organization's config may define an
 * ENV-* rule. */
#define DR_ENV_SCHEMA "ENV-SCHEMA"
#define DR_ENV_APPEND_ONLY "ENV-APPEND-ONLY"
#define DR_ENV_ONE_ACT "ENV-ONE-ACT"
#define DR_ENV_SIGNATURE "ENV-SIGNATURE"
#define DR_ENV_CHAIN "ENV-CHAIN"
#define DR_ENV_MONOTONIC "ENV-MONOTONIC"
#define DR_ENV_CONFIG_IN_FORCE "ENV-CONFIG-IN-FORCE"
#define DR_ENV_CLOCK "ENV-CLOCK"
#define DR_ENV_HISTORY "ENV-HISTORY"
#define DR_ENV_CLASSIFIED "ENV-CLASSIFIED"
#define DR_ENV_NUMBERS "ENV-NUMBERS"

/* Where the detail of the last error lives. Caller-owned; dr_ctx_init() it. */
typedef struct dr_ctx {
    int code;
    char rule[40];   /* the rule ID that refused, or "" */
    char file[256];  /* the file the error is about, or "" */
    int line, col;   /* 1-based; 0 when unknown */
    char msg[1024];
} dr_ctx;

void dr_ctx_init(dr_ctx *ctx);
/* Records an error and returns code. The message is formatted printf-style. */
int dr_ctx_set(dr_ctx *ctx, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Same, with a file position (line and col 1-based, 0 = unknown). */
int dr_ctx_setpos(dr_ctx *ctx, int code, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Same, naming the rule that refuses. */
int dr_ctx_setrule(dr_ctx *ctx, int code, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *dr_strerror(int code);

/* An owned, growable byte buffer with a size cap (max 0 = 64 MiB). Always
 * NUL-terminated after a successful append. dr_buf_dispose() frees it. */
typedef struct dr_buf {
    char *ptr;
    size_t len, cap, max;
} dr_buf;

void dr_buf_init(dr_buf *b, size_t max);
void dr_buf_dispose(dr_buf *b);
/* Wipes the contents with OPENSSL_cleanse before freeing (for secrets). */
void dr_buf_dispose_secret(dr_buf *b);
int dr_buf_put(dr_buf *b, const void *data, size_t len);
int dr_buf_puts(dr_buf *b, const char *s);
int dr_buf_printf(dr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands out the bytes (caller frees with free()); the buffer is left empty. */
char *dr_buf_detach(dr_buf *b, size_t *len);

/* True when the bytes are valid UTF-8 (no overlongs, no surrogates). */
#include <stdbool.h>
bool dr_utf8_valid(const char *s, size_t len);
/* Drops a multi-byte sequence a bounded write cut short at the end of s. */
void dr_utf8_trim(char *s);

/* SHA-256 of data as 64 lowercase hex digits (65 bytes with the NUL). */
void dr_sha256_hex(const void *data, size_t len, char out[65]);

/* A civil date: days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t dr_date;
#define DR_DATE_NONE INT32_MIN

/* An instant with the UTC offset it was written in (minutes east of UTC). */
typedef struct dr_time {
    int64_t epoch; /* seconds since the epoch, UTC */
    int offset;   /* minutes */
} dr_time;

dr_date dr_date_from_ymd(int y, int m, int d);
void dr_date_to_ymd(dr_date date, int *y, int *m, int *d);
/* 0 = Monday … 6 = Sunday */
int dr_date_weekday(dr_date date);
/* Parses exactly YYYY-MM-DD; returns 0 or DR_EINVALID. */
int dr_date_parse(dr_date *out, const char *s);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void dr_date_format(dr_date date, char out[11]);

/* Parses YYYY-MM-DDThh:mm:ss±hh:mm (or Z). T24:00:00 is refused. */
int dr_time_parse(dr_time *out, const char *s);
/* Parses "+08:00" into minutes. */
int dr_offset_parse(int *out, const char *s);
/* Writes YYYY-MM-DDThh:mm:ss±hh:mm (26 bytes with the NUL). */
void dr_time_format(dr_time t, char out[26]);
/* The civil date of an instant at its own offset. */
dr_date dr_time_date(dr_time t);
/* The same instant seen at another offset. */
dr_time dr_time_at_offset(dr_time t, int offset);

#ifdef __cplusplus
}
#endif
#endif
