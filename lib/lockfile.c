/* The repository's lock files: which are a dead writer's, and docroute's mark on a
 * branch it is moving.
 *
 * libgit2 moves a branch by creating refs/heads/B.lock, writing the new id in it and
 * renaming it over the ref. A writer killed in between leaves the lock behind, and every
 * later writer is refused. Git never breaks such a lock by guesswork; for its own writers
 * docroute makes it no guess. Before it moves a ref it takes an exclusive flock(2) on
 * .git/docroute-writer and writes "<pid> <ref>" in it; once the ref has moved it empties
 * the file and lets go. The kernel releases a flock when its holder dies, however it
 * dies. So a later writer that can take the flock while the file still names a ref knows
 * that whoever wrote it is gone, and a lock of that ref written no earlier than the mark
 * (and soon after it) is that dead writer's: it is removed. Anyone else's lock (a git
 * command's, or one older than the mark) is only judged by its age. */
#include "store_internal.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* How long a writer waits for another docroute moving a ref (it takes milliseconds). */
#define MARK_WAIT_MS 2000
/* A dead writer's ref lock is made within this many seconds of its mark. */
#define MARK_WINDOW_S 10

static void mark_path(const dr_store *st, char *out, size_t n)
{
    snprintf(out, n, "%sdocroute-writer", git_repository_path(st->repo));
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Opens the mark (made when missing, if create): a regular file, never a link. Another
 * user's mark it may not write is still locked, read-only: *writable says which. */
static int mark_open(const char *path, bool create, bool *writable, struct stat *sb)
{
    int fd = open(path, O_RDWR | (create ? O_CREAT : 0) | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
    *writable = fd >= 0;
    if (fd < 0 && errno == EACCES)
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd >= 0 && (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode))) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

/* With the mark's flock held (its earlier writer gone): the ref lock the mark says that
 * writer was making, if it is there and was written within MARK_WINDOW_S after the mark
 * (else it is not that writer's). 0 and lock[0] == '\0' when none; *pid its writer's. */
static void left_lock(dr_store *st, int fd, char *lock, size_t n, long *pid)
{
    char buf[400];
    struct stat msb, lsb;
    lock[0] = '\0';
    ssize_t got = pread(fd, buf, sizeof(buf) - 1, 0);
    buf[got > 0 ? got : 0] = '\0';
    char *nl = strchr(buf, '\n'), *sp = strchr(buf, ' '), *end;
    if (!nl || !sp || sp > nl || fstat(fd, &msb) != 0)
        return;
    *nl = '\0';
    long p = strtol(buf, &end, 10);
    if (end != sp || p <= 0 || strncmp(sp + 1, "refs/", 5) || strstr(sp + 1, ".."))
        return;
    snprintf(lock, n, "%s%s.lock", git_repository_path(st->repo), sp + 1);
    int64_t marked = (int64_t)msb.st_mtim.tv_sec * 1000000000 + msb.st_mtim.tv_nsec;
    int64_t made = 0;
    if (lstat(lock, &lsb) == 0 && S_ISREG(lsb.st_mode))
        made = (int64_t)lsb.st_mtim.tv_sec * 1000000000 + lsb.st_mtim.tv_nsec;
    if (!made || made < marked || made - marked > (int64_t)MARK_WINDOW_S * 1000000000)
        lock[0] = '\0';
    *pid = p;
}

int dr__writer_take(dr_store *st, dr_ctx *ctx, dr__writer *w, const char *ref)
{
    char path[4200], line[400], left[4400];
    struct stat sb;
    bool writable;
    long pid;
    w->fd = -1;
    mark_path(st, path, sizeof(path));
    int fd = mark_open(path, true, &writable, &sb);
    if (fd < 0)
        return dr_ctx_setpos(ctx, DR_EIO, path, 0, 0, "cannot open docroute's writer mark: %s",
                             strerror(errno));
    for (long waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited++) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= MARK_WAIT_MS) {
            int e = errno;
            close(fd);
            if (e != EWOULDBLOCK && e != EINTR)
                return dr_ctx_setpos(ctx, DR_EIO, path, 0, 0, "cannot lock docroute's writer mark: %s",
                                     strerror(e));
            return dr_ctx_setpos(ctx, DR_ELOCKED, path, 0, 0,
                                 "another docroute command is moving a branch (it holds '%s')", path);
        }
        nap_ms(1);
    }
    /* A writer that died left its ref's lock: the mark, its evidence, is kept for
     * dr_store_stale_lock to judge and remove, and the lock named. */
    left_lock(st, fd, left, sizeof(left), &pid);
    if (left[0]) {
        close(fd);
        return dr_ctx_setpos(ctx, DR_ELOCKED, left, 0, 0, "'%s' is locked by '%s'", ref, left);
    }
    int len = snprintf(line, sizeof(line), "%ld %s\n", (long)getpid(), ref);
    if (writable && (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len)) {
        int e = errno;
        close(fd);
        return dr_ctx_setpos(ctx, DR_EIO, path, 0, 0, "cannot write docroute's writer mark: %s",
                             strerror(e));
    }
    w->fd = fd;
    w->writable = writable;
    return 0;
}

void dr__writer_release(dr__writer *w)
{
    if (w->fd < 0)
        return;
    if (w->writable && ftruncate(w->fd, 0) != 0) {
        /* left naming the ref: the next writer judges the lock by its time, as always */
    }
    close(w->fd); /* lets go of the flock */
    w->fd = -1;
}

/* True when `lock` is the ref lock of a docroute writer that died moving that ref (the
 * mark could be taken, and left_lock names it). Then the lock is removed and the mark
 * emptied, both with the mark held. *pid: the dead writer's. */
static bool dead_writers_lock(dr_store *st, const char *lock, long *pid)
{
    char path[4200], left[4400];
    struct stat msb;
    bool gone = false, writable;
    mark_path(st, path, sizeof(path));
    int fd = mark_open(path, false, &writable, &msb);
    if (fd < 0)
        return false;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return false; /* a live docroute is moving a ref: its lock is its own */
    }
    left_lock(st, fd, left, sizeof(left), pid);
    if (left[0] && !strcmp(left, lock) && (unlink(lock) == 0 || errno == ENOENT)) {
        gone = true;
        if (writable && ftruncate(fd, 0) != 0) {
            /* the lock is gone all the same */
        }
    }
    close(fd);
    return gone;
}

int dr_store_stale_lock(dr_store *st, dr_ctx *ctx, const char *lock, int64_t max_age, int64_t now,
                        dr_lock_state *out)
{
    struct stat sb;
    char prefix[4200], mark[4200];
    memset(out, 0, sizeof(*out));
    mark_path(st, mark, sizeof(mark));
    if (!strcmp(lock, mark)) {
        out->running = true; /* the mark itself: a flock, never stale, its holder alive */
        return 0;
    }
    /* Only a lock file of this repository, never anything else. */
    snprintf(prefix, sizeof(prefix), "%s", git_repository_path(st->repo));
    size_t pl = strlen(prefix), ll = strlen(lock);
    if (strncmp(lock, prefix, pl) || ll < 5 || strcmp(lock + ll - 5, ".lock") || strstr(lock + pl, ".."))
        return dr_ctx_set(ctx, DR_EUSAGE, "'%s' is not a lock file of the repository", lock);
    if (lstat(lock, &sb) != 0)
        return 0; /* gone meanwhile */
    if (!S_ISREG(sb.st_mode))
        return dr_ctx_set(ctx, DR_EIO, "'%s' is not a regular file", lock);
    out->age = now - (int64_t)sb.st_mtime;
    long pid = 0;
    if (dead_writers_lock(st, lock, &pid)) {
        out->dead_pid = pid;
        out->removed = true;
        return 0;
    }
    if (out->age < max_age)
        return 0;
    if (unlink(lock) != 0 && errno != ENOENT)
        return dr_ctx_set(ctx, DR_EIO, "cannot remove the stale lock '%s': %s", lock, strerror(errno));
    out->removed = true;
    return 0;
}

int dr__ref_locked(dr_store *st, dr_ctx *ctx, const char *ref)
{
    char lock[4400];
    git_error_clear();
    snprintf(lock, sizeof(lock), "%s%s.lock", git_repository_path(st->repo), ref);
    return dr_ctx_setpos(ctx, DR_ELOCKED, lock, 0, 0, "'%s' is locked by '%s'", ref, lock);
}

int dr__ref_move(dr_store *st, dr_ctx *ctx, git_reference **out, const char *ref, const git_oid *id,
                 const char *log)
{
    dr__writer w;
    int rc = dr__writer_take(st, ctx, &w, ref);
    if (rc)
        return rc;
    int e = git_reference_create(out, st->repo, ref, id, 1, log);
    dr__writer_release(&w);
    if (e == GIT_ELOCKED)
        return dr__ref_locked(st, ctx, ref);
    return e < 0 ? dr__git_fail(ctx, DR_EIO, "cannot move a ref") : 0;
}
