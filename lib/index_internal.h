/* The derived index's insides (index.c: the database, its refresh and its queries;
 * index_doc.c: what one document contributes). Never included outside lib/. */
#ifndef DR_INDEX_INTERNAL_H
#define DR_INDEX_INTERNAL_H

#include "docroute/index.h"
#include "store_internal.h"

#include <sqlite3.h>

/* The statements a refresh writes with, prepared once. */
typedef struct {
    sqlite3 *db;
    sqlite3_stmt *put_doc, *del_doc, *put_item, *del_items, *put_number, *put_text, *del_text, *del_view,
        *set_view;
    dr_date day; /* holders are those of this day */
} dr__ixw;

int dr__ixw_init(dr__ixw *w, dr_ctx *ctx, sqlite3 *db, dr_date day);
void dr__ixw_dispose(dr__ixw *w);
/* Sets ctx from SQLite's last error on db. */
int dr__sql_fail(dr_ctx *ctx, sqlite3 *db, const char *what);

/* Indexes the document whose envelope is blob (at path, in the snapshot): its row,
 * its open work, its number, its search text. cfg is the config in force. */
int dr__index_doc(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const char *path,
                  const git_oid *blob);
/* Forgets a document whose envelope is gone. */
int dr__index_forget(dr__ixw *w, dr_ctx *ctx, const char *id);
/* Indexes every document of the snapshot's tree (the rows must be empty). */
int dr__index_all(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg);
/* The id of a document's folder path ("docs/…/ID/envelope.xml"), or false. */
bool dr__index_doc_of(const char *path, char id[64]);
/* Appends to out the text the search finds: each run of CJK characters as its
 * overlapping pairs (防汛 度汛 …), other words as they are. */
int dr__index_grams(dr_buf *out, const char *text);
/* Folds the document at path now and appends its open work (holders on the day);
 * until: the last day the time leaves that as it is (DR_DATE_NONE: for ever). */
int dr__index_live(dr_items *out, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const char *path,
                   dr_time now, dr_date *until);
/* Keeps a document's open work as the time left it, true from day from to until. */
int dr__index_view(dr__ixw *w, dr_ctx *ctx, const char *id, const dr_items *items, dr_date from, dr_date until);

#endif
