#define _XOPEN_SOURCE 700 /* nftw */
/* docroute init: a document repository from an example or a configuration folder. */
#include <ftw.h>
#include "commands.h"
#include "report.h"
#include "submit.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- init ---- */

const struct option init_opts[] = {
    {"bare", no_argument, NULL, OPT_BARE},
    {"example", required_argument, NULL, OPT_EXAMPLE},
    {"test-clock", no_argument, NULL, OPT_TEST_CLOCK},
    {"from", required_argument, NULL, OPT_FROM},
    {0},
};


void files_dispose(file_list *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free((char *)f->v[i].path);
        free((char *)f->v[i].data);
    }
    free(f->v);
}

/* Reads dir/sub recursively into .docroute/sub/… (regular files only). */
int collect(tool *t, const char *root, const char *rel, file_list *out, int depth)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    struct dirent *e;
    int st = 0;
    if (!d)
        return fail(t, EXIT_USAGE, "cannot read '%s': %s", dir, strerror(errno));
    while (!st && (e = readdir(d))) {
        char sub[4096], full[8200];
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof(full), "%s/%s", root, sub);
        if (lstat(full, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 3) {
            st = collect(t, root, sub, out, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            dr_buf b;
            dr_buf_init(&b, 0);
            if (out->n >= 2000 || (st = read_named_file(t, full, (size_t)4 << 20, &b))) {
                dr_buf_dispose(&b);
                st = st ? st : fail(t, EXIT_USAGE, "too many files under '%s'", root);
                break;
            }
            dr_file *nv = realloc(out->v, (out->n + 1) * sizeof(dr_file));
            if (!nv)
                abort();
            out->v = nv;
            char *path = malloc(strlen(sub) + 12);
            snprintf(path, strlen(sub) + 12, ".docroute/%s", sub);
            size_t len = b.len;
            out->v[out->n++] = (dr_file){path, dr_buf_detach(&b, NULL), len};
        }
    }
    closedir(d);
    return st;
}

static int find_in_list(void *ud, const char *rel, dr_buf *out)
{
    file_list *fl = ud;
    for (size_t i = 0; i < fl->n; i++)
        if (strcmp(fl->v[i].path + strlen(".docroute/"), rel) == 0)
            return dr_buf_put(out, fl->v[i].data, fl->v[i].len);
    return DR_ENOTFOUND;
}

/* Validates the config and calendars before anything is created. */
int validate_genesis(tool *t, file_list *fl, int *offset)
{
    dr_config *cfg = NULL;
    dr_calendar *cal = NULL;
    dr_buf b;
    int rc, years = 0;
    dr_buf_init(&b, DR_CONFIG_MAX_BYTES);
    if (find_in_list(fl, "config.yaml", &b) != 0) {
        dr_buf_dispose(&b);
        return fail(t, EXIT_USAGE, "no config.yaml in the configuration given");
    }
    rc = dr_config_load(&cfg, &t->ctx, ".docroute/config.yaml", b.ptr, b.len, find_in_list, fl, 0);
    dr_buf_dispose(&b);
    if (!rc)
        rc = dr_calendar_new(&cal);
    for (size_t i = 0; !rc && i < fl->n; i++)
        if (strncmp(fl->v[i].path, ".docroute/calendar/", 19) == 0) {
            rc = dr_calendar_add_year(cal, &t->ctx, fl->v[i].path, fl->v[i].data, fl->v[i].len);
            years++;
        }
    if (!rc && years == 0)
        rc = dr_ctx_set(&t->ctx, DR_ECONFIG, "no calendar year files under calendar/");
    if (!rc)
        *offset = cfg->utc_offset;
    dr_config_free(cfg);
    dr_calendar_free(cal);
    return rc ? fail_ctx(t, rc == DR_EINVALID ? DR_ECONFIG : rc) : 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int cmd_init(tool *t, int argc, char **argv)
{
    const char *example = opt_get(OPT_EXAMPLE), *from = opt_get(OPT_FROM);
    /* Where: DIR, else -C, else $DOCROUTE_REPO, else here (as git -C DIR init). */
    const char *env = getenv("DOCROUTE_REPO");
    const char *path = argc ? argv[0] : t->repo_dir ? t->repo_dir : env && *env ? env : ".";
    bool bare = opt_get(OPT_BARE) != NULL, test_clock = opt_get(OPT_TEST_CLOCK) != NULL;
    file_list fl = {0};
    char src[4096], commit[41];
    int st, offset = 0;
    dr_time now;
    if (argc > 1 || (example && from) || (!example && !from))
        return fail(t, EXIT_USAGE, "init [DIR] needs --example NAME or --from DIR (a folder laid "
                                   "out like .docroute/: config.yaml, keys/, calendar/)");
    if (example) {
        if (strchr(example, '/') || example[0] == '.')
            return fail(t, EXIT_USAGE, "bad example name '%s'", example);
        char looked[4200];
        const char *data = data_dir(looked, sizeof(looked));
        if (!data)
            return fail(t, EXIT_USAGE, "cannot find docroute's data: looked in %s", looked);
        snprintf(src, sizeof(src), "%s/examples/%s/docroute", data, example);
        struct stat sb;
        if (stat(src, &sb) != 0)
            return fail(t, EXIT_USAGE, "no example '%s' in %s/examples", example, data);
    } else {
        snprintf(src, sizeof(src), "%s", from);
    }
    if ((st = collect(t, src, "", &fl, 0)) || (st = validate_genesis(t, &fl, &offset)))
        goto done;
    dr_file *nv = realloc(fl.v, (fl.n + 1) * sizeof(dr_file));
    if (!nv)
        abort();
    fl.v = nv;
    fl.v[fl.n++] = (dr_file){strdup(".gitattributes"),
                             strdup("# recorded bytes are never converted\n* -text\n"),
                             strlen("# recorded bytes are never converted\n* -text\n")};
    if ((st = clock_now(t, offset, &now)))
        goto done;
    dr_identity who = {"docroute", "docroute@localhost", now};
    struct stat before;
    bool existed = stat(path, &before) == 0;
    int rc = dr_store_init(&t->ctx, path, bare, fl.v, fl.n, &who, test_clock, commit);
    if (rc) {
        st = fail_ctx(t, rc);
        /* Nothing half-made: remove what this init created (never a folder that was there). */
        if (!existed && stat(path, &before) == 0)
            nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        goto done;
    }
    json_object_set_new(result(t), "path", json_string(path));
    json_object_set_new(result(t), "genesis", json_string(commit));
    json_object_set_new(result(t), "bare", json_boolean(bare));
    json_object_set_new(result(t), "test_clock", json_boolean(test_clock));
    if (!t->json && !t->quiet)
        printf("initialized %s document repository in %s (genesis %.12s)%s\n",
               bare ? "a bare" : "a", path, commit, test_clock ? "; test clock on" : "");
    st = EXIT_DONE;
done:
    files_dispose(&fl);
    return st;
}
