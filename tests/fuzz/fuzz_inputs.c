/* libFuzzer target over the untrusted inputs: envelopes (both forms), configs (with
 * their rule catalogs, groups, labels), calendar year files, and register ledgers and
 * document numbers. The first byte picks the parser. Not built by default:
 *   scripts/fuzz.sh [SECONDS]   (clang's libFuzzer, ASan + UBSan) */
#include <docroute/docroute.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int no_files(void *ud, const char *rel, dr_buf *out)
{
    (void)ud;
    (void)rel;
    (void)out;
    return DR_ENOTFOUND;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    if (size < 1)
        return 0;
    dr_ctx_init(&ctx);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    switch (data[0] % 5) {
    case 0:
    case 1: {
        dr_envelope *env = NULL;
        if (dr_envelope_parse(&env, &ctx, "f.xml", text, len,
                              data[0] % 4 ? DR_FORM_RECORDED : DR_FORM_DRAFT) == 0) {
            char digest[72];
            dr_buf b;
            dr_buf_init(&b, 0);
            dr_envelope_content_digest(env, &ctx, digest);
            for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
                dr_envelope_signed_bytes(env, &ctx, i, &b);
                dr_envelope_event_digest(env, &ctx, i, digest);
            }
            dr_buf_dispose(&b);
            dr_envelope_free(env);
        }
        break;
    }
    case 2: {
        dr_config *cfg = NULL;
        if (dr_config_load(&cfg, &ctx, "config.yaml", text, len, no_files, NULL, DR_CONFIG_NO_KEYS) == 0)
            dr_config_free(cfg);
        break;
    }
    case 3: {
        dr_calendar *cal = NULL;
        dr_calendar_new(&cal);
        if (dr_calendar_add_year(cal, &ctx, "y.yaml", text, len) == 0) {
            dr_date d;
            bool w;
            int y0, y1;
            dr_calendar_years(cal, &y0, &y1);
            dr_calendar_is_workday(cal, &ctx, dr_date_from_ymd(y0, 6, 1), &w);
            dr_calendar_add_workdays(cal, &ctx, dr_date_from_ymd(y0, 6, 1), 30, &d);
        }
        dr_calendar_free(cal);
        break;
    }
    case 4: { /* a pushed register ledger, and the numbers in it */
        char prefix[100], path[200];
        int last = 0, year, serial;
        char *copy = malloc(len + 1);
        if (!copy)
            return 0;
        memcpy(copy, text, len);
        copy[len] = '\0';
        dr_ledger_parse(&ctx, "registers/2026/x.txt", text, len, "凤政发", 2026, &last);
        dr_number_parse(copy, prefix, sizeof(prefix), &year, &serial);
        dr_ledger_path(copy, 2026, path, sizeof(path));
        free(copy);
        break;
    }
    }
    return 0;
}
