/* libFuzzer target: a register ledger (registers/<year>/<代字>.txt, pushed by anyone
 * with write access) as dr_numbers_last reads it, and the input as a 发文字号 and as
 * a 代字 (a ledger's path, a number formatted back).
 *   scripts/fuzz.sh [SECONDS] fuzz_ledger */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    char prefix[100], path[200], number[200];
    int last = 0, year, serial;
    const char *text = (const char *)data;
    char *copy = fuzz_cstr(text, size);

    if (!copy)
        return 0;
    dr_ctx_init(&ctx);
    int rc = dr_ledger_parse(&ctx, "registers/2026/凤政发.txt", text, size, "凤政发", 2026, &last);
    fuzz_note("ledger", rc, &ctx);
    if (dr_number_parse(copy, prefix, sizeof(prefix), &year, &serial) == 0)
        dr_number_format(prefix, year, serial, number, sizeof(number));
    dr_ledger_path(copy, 2026, path, sizeof(path));
    dr_number_format(copy, 2026, 1, number, sizeof(number));
    free(copy);
    return 0;
}
