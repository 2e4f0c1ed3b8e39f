/* docroute — 发文字号 (GB/T 9704: 代字〔年份〕序号号), unique and gap-free per 代字 and
 * year, allocated from the record itself: the register ledger.
 *
 * The ledger of a 代字 and year is the file registers/<year>/<代字>.txt at the tip: one
 * line per number registered, "<serial> <number> <document id>", appended by each
 * register act in the same commit as its event (part of its write-set; check verifies
 * it against the event and its parent). Finding the next number is one read at any
 * size. A history from before ledgers has none: the last serial is then found in the
 * documents' register events, once, and the first register act creates the ledger. */
#ifndef DOCROUTE_NUMBERS_H
#define DOCROUTE_NUMBERS_H

#include "docroute/config.h"
#include "docroute/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DR_LEDGER_DIR "registers"

/* registers/<year>/<prefix>.txt; DR_EINVALID for a prefix that cannot name a file. */
int dr_ledger_path(const char *prefix, int year, char *out, size_t size);
/* Splits a number "张政发〔2026〕7号" into its 代字, year and serial. */
int dr_number_parse(const char *number, char *prefix, size_t psize, int *year, int *serial);
/* Formats prefix〔year〕serial号. */
int dr_number_format(const char *prefix, int year, int serial, char *out, size_t size);

/* The ledger's lines, checked: serials rising by one, each number of prefix and year.
 * *last is the last serial (0 for an empty ledger). */
int dr_ledger_parse(dr_ctx *ctx, const char *file, const char *data, size_t len,
                    const char *prefix, int year, int *last);

/* The last serial of prefix and year at the snapshot: from its ledger (*ledger true),
 * else the highest in any document's register events (a history from before ledgers). */
int dr_numbers_last(dr_snapshot *snap, dr_ctx *ctx, const char *prefix, int year, int *last,
                    bool *ledger);
/* The next serial: one after the last, and after the numbers the config declares
 * issued before adoption. */
int dr_numbers_next(dr_snapshot *snap, dr_ctx *ctx, const dr_config *cfg, const char *prefix,
                    int year, int *next);
/* The ledger's bytes after registering number (serial) on doc: the old ones and one
 * line. */
int dr_ledger_append(dr_snapshot *snap, dr_ctx *ctx, const char *prefix, int year, int serial,
                     const char *number, const char *doc, dr_buf *out);

/* A register act's number: the next serial of prefix and year at the snapshot, the
 * 发文字号 it gives, and the ledger's new bytes at ledger_path (which the act writes
 * in the same commit). dr_buf_dispose(&out->ledger) after. */
typedef struct dr_numbered {
    int serial;
    char number[160];
    char ledger_path[200];
    dr_buf ledger;
} dr_numbered;
int dr_numbers_register(dr_snapshot *snap, dr_ctx *ctx, const dr_config *cfg, const char *prefix,
                        int year, const char *doc, dr_numbered *out);

#ifdef __cplusplus
}
#endif
#endif
