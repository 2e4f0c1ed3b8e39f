/* Another program using the installed libdocroute: reads a calendar year file and
 * counts working days, as docroute does for a countersign's due date. Built by
 * consumer.sh through pkg-config, as C11, GNU C11 and C++.
 * usage: consumer CALENDAR.yaml FROM N  → prints the N-th working day after FROM */
#include <docroute/docroute.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    dr_calendar *cal = NULL;
    dr_ctx ctx;
    dr_buf b;
    dr_date from, due;
    char chunk[4096], out[11];
    size_t n;
    if (argc != 4 || dr_date_parse(&from, argv[2]) != 0) {
        fprintf(stderr, "usage: consumer CALENDAR.yaml YYYY-MM-DD N\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    dr_ctx_init(&ctx);
    dr_buf_init(&b, (size_t)1 << 20);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (dr_buf_put(&b, chunk, n) != 0)
            return 2;
    fclose(f);
    if (dr_calendar_new(&cal) != 0 ||
        dr_calendar_add_year(cal, &ctx, argv[1], b.ptr, b.len) != 0 ||
        dr_calendar_add_workdays(cal, &ctx, from, atoi(argv[3]), &due) != 0) {
        fprintf(stderr, "%s:%d: %s\n", ctx.file, ctx.line, ctx.msg);
        return 3;
    }
    dr_date_format(due, out);
    printf("%s\n", out);
    dr_calendar_free(cal);
    dr_buf_dispose(&b);
    return 0;
}
