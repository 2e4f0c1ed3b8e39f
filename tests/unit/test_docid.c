/* Document ids, the files of a document's folder and the numbers a register takes
 * (docid.c, numbers.c) on a real record: the library's answers where the tools once
 * held these decisions themselves. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static hist h;
static char notice[64];
static dr_buf body;
static char body_sha[65];

static int setup(void **state)
{
    char path[400], dir[128], c[41];
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-docid-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(path, sizeof(path), "%s/record.git", tmp);
    hist_init(&h, path, NULL, NULL);
    act a;
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(notice, sizeof(notice), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    dr_ctx_init(&ctx);
    dr_buf_init(&body, 0);
    dr_doc_dir(notice, dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/flood-notice.md", dir);
    if (dr_store_tip(&s, &ctx, h.st) || dr_snapshot_read(s, &ctx, path, &body))
        return -1;
    dr_sha256_hex(body.ptr, body.len, body_sha);
    dr_snapshot_free(s);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    dr_buf_dispose(&body);
    hist_free(&h);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_docid__make(void **state)
{
    char id[64], small[8];
    (void)state;
    assert_int_equal(dr_doc_id_make(id, sizeof(id), 2026, "yjj", 7), 0);
    assert_string_equal(id, "2026-yjj-0007");
    assert_true(dr_doc_id_valid(id));
    assert_int_equal(dr_doc_id_make(id, sizeof(id), 2026, "yjj", 123456), 0);
    assert_string_equal(id, "2026-yjj-123456");
    /* a serial past six digits, a code no id may hold, a buffer too small */
    assert_int_equal(dr_doc_id_make(id, sizeof(id), 2026, "yjj", 1234567), DR_EINVALID);
    assert_string_equal(id, "");
    assert_int_equal(dr_doc_id_make(id, sizeof(id), 2026, "Y J", 1), DR_EINVALID);
    assert_int_equal(dr_doc_id_make(id, sizeof(id), 2026, "abcdefghijklmnopq", 1), DR_EINVALID);
    assert_int_equal(dr_doc_id_make(small, sizeof(small), 2026, "yjj", 1), DR_EINVALID);
    assert_string_equal(small, "");
}

static void test_docid__revised_file_names(void **state)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    char name[160], other[65], longname[300];
    bool write = false;
    (void)state;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    /* a name not in the folder: itself, written */
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, "annex.pdf", body_sha, false, name, sizeof(name), &write), 0);
    assert_string_equal(name, "annex.pdf");
    assert_true(write);
    /* the same bytes under the same name: not written again */
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, "flood-notice.md", body_sha, true, name, sizeof(name), &write), 0);
    assert_string_equal(name, "flood-notice.md");
    assert_false(write);
    /* other bytes: the body takes the next free name, an attachment is refused */
    dr_sha256_hex("other", 5, other);
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, "flood-notice.md", other, true, name, sizeof(name), &write), 0);
    assert_string_equal(name, "flood-notice-r2.md");
    assert_true(write);
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, "flood-notice.md", other, false, name, sizeof(name), &write),
                     DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "exists in"));
    assert_false(write);
    /* a name with no extension is suffixed at its end */
    dr_ctx_init(&ctx);
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, "envelope.xml", other, true, name, sizeof(name), &write), 0);
    assert_string_equal(name, "envelope-r2.xml");
    /* too long for the folder, or not a document */
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    assert_int_equal(dr_doc_file_name(s, &ctx, notice, longname, other, true, name, sizeof(name), &write),
                     DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "too long"));
    assert_int_equal(dr_doc_file_name(s, &ctx, "../x", "a.md", other, true, name, sizeof(name), &write),
                     DR_EINVALID);
    dr_snapshot_free(s);
}

static void test_docid__register_numbers(void **state)
{
    dr_snapshot *s = NULL;
    const dr_config *cfg;
    dr_ctx ctx;
    dr_numbered nb;
    char want[160];
    (void)state;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), 0);
    const char *prefix = dr_config_unit(cfg, "finance")->number_prefix;
    assert_int_equal(dr_numbers_register(s, &ctx, cfg, prefix, 2026, notice, &nb), 0);
    assert_int_equal(nb.serial, 1);
    assert_int_equal(dr_number_format(prefix, 2026, 1, want, sizeof(want)), 0);
    assert_string_equal(nb.number, want);
    char line[300];
    snprintf(line, sizeof(line), "1 %s %s\n", want, notice);
    assert_int_equal(nb.ledger.len, strlen(line));
    assert_memory_equal(nb.ledger.ptr, line, nb.ledger.len);
    char path[200];
    assert_int_equal(dr_ledger_path(prefix, 2026, path, sizeof(path)), 0);
    assert_string_equal(nb.ledger_path, path);
    dr_buf_dispose(&nb.ledger);
    /* a prefix that cannot name a ledger file: refused, nothing left to free */
    assert_int_not_equal(dr_numbers_register(s, &ctx, cfg, "a/b", 2026, notice, &nb), 0);
    assert_null(nb.ledger.ptr);
    /* the one parser behind the GB-FORMAT check */
    assert_true(dr_check_doc_number(want, prefix, 2026));
    assert_false(dr_check_doc_number(want, prefix, 2025));
    assert_false(dr_check_doc_number(want, "x", 2026));
    assert_false(dr_check_doc_number(NULL, prefix, 2026));
    snprintf(want, sizeof(want), "%s" DR_W_NUMBER_OPEN "2026" DR_W_NUMBER_CLOSE "07" DR_W_NUMBER_SERIAL, prefix);
    assert_false(dr_check_doc_number(want, prefix, 2026)); /* a leading zero */
    snprintf(want, sizeof(want), "%s" DR_W_NUMBER_OPEN "2026" DR_W_NUMBER_CLOSE "1234567" DR_W_NUMBER_SERIAL, prefix);
    assert_false(dr_check_doc_number(want, prefix, 2026)); /* past six digits */
    snprintf(want, sizeof(want), "%s" DR_W_NUMBER_OPEN "2026" DR_W_NUMBER_CLOSE "12" , prefix);
    assert_false(dr_check_doc_number(want, prefix, 2026)); /* no serial mark */
    dr_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docid__make),
        cmocka_unit_test(test_docid__revised_file_names),
        cmocka_unit_test(test_docid__register_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
