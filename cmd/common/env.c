/* What a tool reads from its surroundings: the toolkit's data folder, the repository,
 * the clock, and files named on the command line or by a draft. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The toolkit's data (schemas, examples): $DOCROUTE_DATADIR, else <bin>/../share/docroute
 * beside this executable — an installed prefix, wherever it was moved, or a build
 * tree, whose share/docroute points into its source tree. NULL when neither is a
 * folder; `looked` says where it looked. */
const char *data_dir(char *looked, size_t size)
{
    static char dir[4096];
    char exe[4096];
    struct stat st;
    const char *env = getenv("DOCROUTE_DATADIR");
    if (env && *env) {
        snprintf(looked, size, "%s (DOCROUTE_DATADIR)", env);
        snprintf(dir, sizeof(dir), "%s", env);
        return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) {
        snprintf(looked, size, "nowhere: /proc/self/exe is unreadable; set DOCROUTE_DATADIR");
        return NULL;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    slash = strrchr(exe, '/'); /* the prefix: the folder above bin/ */
    if (slash)
        *slash = '\0';
    if (strlen(exe) + sizeof("/share/docroute") > sizeof(dir)) {
        snprintf(looked, size, "nowhere: the program's path is too long; set DOCROUTE_DATADIR");
        return NULL;
    }
    memcpy(dir, exe, strlen(exe));
    memcpy(dir + strlen(exe), "/share/docroute", sizeof("/share/docroute"));
    snprintf(looked, size, "%s (beside the program; or set DOCROUTE_DATADIR)", dir);
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

int open_store(tool *t)
{
    const char *dir = t->repo_dir ? t->repo_dir : getenv("DOCROUTE_REPO");
    if (t->store)
        return 0;
    int rc = dr_store_open(&t->store, &t->ctx, dir && *dir ? dir : ".", DR_STORE_DISCOVER);
    if (rc) {
        fail(t, EXIT_REPO, "no document repository at '%s' (use -C DIR or DOCROUTE_REPO, or "
                           "create one with docroute init)",
             dir && *dir ? dir : ".");
        return EXIT_REPO;
    }
    return 0;
}

int clock_now(tool *t, int offset, dr_time *out)
{
    const char *text = t->now_text ? t->now_text : getenv("DOCROUTE_NOW");
    if (text && *text) {
        if (t->cmd->acting && !(t->store && dr_store_config_bool(t->store, "docroute.testclock")))
            return fail(t, EXIT_USAGE,
                        "--now/DOCROUTE_NOW on an acting command needs a test clock "
                        "(git config docroute.testclock=true, set by docroute init --test-clock)");
        if (dr_time_parse(out, text))
            return fail(t, EXIT_USAGE, "bad time '%s' (expected YYYY-MM-DDThh:mm:ss+08:00)", text);
        *out = dr_time_at_offset(*out, offset);
        return 0;
    }
    out->epoch = (int64_t)time(NULL);
    out->offset = offset;
    return 0;
}

int read_named_file(tool *t, const char *path, size_t max, dr_buf *out)
{
    /* Never through a symbolic link, never blocking on a FIFO or a device: a file named
     * on the command line (or by a draft) must be a regular file. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    char chunk[65536];
    if (fd < 0 && errno == ELOOP)
        return fail(t, EXIT_USAGE, "'%s' is a symbolic link: refused (name the file itself)", path);
    if (fd < 0)
        return fail(t, EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(t, EXIT_USAGE, "'%s' is not a regular file", path);
    }
    if ((size_t)st.st_size > max) {
        close(fd);
        return fail(t, EXIT_USAGE, "'%s' is larger than %zu bytes", path, max);
    }
    out->max = max;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            return fail(t, EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
        }
        if (n == 0)
            break;
        if (dr_buf_put(out, chunk, (size_t)n)) {
            close(fd);
            return fail(t, EXIT_USAGE, "'%s' is larger than %zu bytes", path, max);
        }
    }
    close(fd);
    if (!out->ptr)
        dr_buf_put(out, "", 0);
    return 0;
}

