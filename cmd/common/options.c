/* Options and dispatch: the global and acting options, each command's own, --help,
 * and tool_main, which parses, checks ids and runs the command. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct option global_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"now", required_argument, NULL, OPT_NOW},
    {"json", no_argument, NULL, OPT_JSON},
    {"quiet", no_argument, NULL, 'q'},
};
static const struct option acting_opts[] = {
    {"as", required_argument, NULL, OPT_AS},
    {"key", required_argument, NULL, OPT_KEY},
    {"push", no_argument, NULL, OPT_PUSH},
    {"acting-for", required_argument, NULL, OPT_ACTING_FOR},
};

static void usage(tool *t, FILE *f, const char *description)
{
    fprintf(f, "usage: %s [-C DIR] [--json] [-q] COMMAND [ARGS]\n\n%s\n\ncommands:\n", t->name,
            description);
    for (const command *c = t->commands; c->name; c++)
        fprintf(f, "  %-18s %s\n", c->name, c->summary);
    fprintf(f, "\nglobal options:\n"
               "  -C DIR          the document repository (else $DOCROUTE_REPO, else found from .)\n"
               "  --now TIME      the clock, YYYY-MM-DDThh:mm:ss+08:00 (else $DOCROUTE_NOW); acting\n"
               "                  commands accept it only with a test clock (docroute.testclock)\n"
               "  --json          one JSON document on stdout, whatever the exit status\n"
               "  -q, --quiet     no notes on stderr\n"
               "  -h, --help      this help; '%s COMMAND --help' for one command\n"
               "  --version       the version\n"
               "\nexit status: 0 done, 1 a rule refuses (nothing committed), 2 bad command line or\n"
               "input file, 3 repository config/calendar, I/O or unresolved conflict, 4 no such "
               "document\n",
            t->name);
}

static void command_help(tool *t, FILE *f)
{
    const command *c = t->cmd;
    fprintf(f, "usage: %s %s %s\n\n%s\n", t->name, c->name, c->args, c->summary);
    if (c->help && *c->help)
        fprintf(f, "\n%s", c->help);
    if (c->acting)
        fprintf(f, "\nacting options:\n"
                   "  --as PERSON        the actor (else $DOCROUTE_USER, else the owner of the key)\n"
                   "  --key FILE         the private signing key, mode 0600 (else $DOCROUTE_KEY)\n"
                   "  --acting-for P     the absent holder a substitute acts for (" DR_W_ACTING_FOR ")\n"
                   "  --push             act on the upstream tip and push\n");
    fprintf(f, "\nglobal options: -C DIR, --now TIME, --json, -q; see '%s --help'\n", t->name);
}

typedef struct {
    int code;
    const char *value;
} opt_value;

static opt_value *cmd_values;
static size_t ncmd_values;

const char *opt_get(int code)
{
    const char *v = NULL;
    for (size_t i = 0; i < ncmd_values; i++)
        if (cmd_values[i].code == code)
            v = cmd_values[i].value ? cmd_values[i].value : "";
    return v;
}

size_t opt_count(int code)
{
    size_t n = 0;
    for (size_t i = 0; i < ncmd_values; i++)
        n += cmd_values[i].code == code;
    return n;
}

const char *opt_nth(int code, size_t n)
{
    for (size_t i = 0; i < ncmd_values; i++)
        if (cmd_values[i].code == code && n-- == 0)
            return cmd_values[i].value ? cmd_values[i].value : "";
    return NULL;
}

static int takes_value(const tool *t, const char *arg)
{
    if (strcmp(arg, "-C") == 0 || strcmp(arg, "--now") == 0 || strcmp(arg, "--as") == 0 ||
        strcmp(arg, "--key") == 0 || strcmp(arg, "--acting-for") == 0)
        return 1;
    for (const command *c = t->commands; c->name; c++)
        for (const struct option *o = c->options; o && o->name; o++)
            if (o->has_arg == required_argument && arg[0] == '-' && arg[1] == '-' &&
                strcmp(arg + 2, o->name) == 0)
                return 1;
    return 0;
}

/* The options that name an id of the config (a person, a unit, a group): at most
 * DR_ID_MAX bytes of printable text, checked before anything is looked up. */
static int id_options(tool *t, const opt_value *v, size_t n)
{
    static const char *const names[] = {"as", "acting-for", "unit", "to", "cc", "involves", NULL};
    struct {
        const char *name, *value;
    } seen[40] = {{"as", t->as}, {"acting-for", t->acting_for}};
    size_t ns = 2;
    for (size_t i = 0; i < n && ns < 40; i++)
        for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name; o++)
            for (size_t k = 0; names[k]; k++)
                if (o->val == v[i].code && !strcmp(o->name, names[k]) && ns < 40) {
                    seen[ns].name = o->name;
                    seen[ns++].value = v[i].value;
                }
    for (size_t i = 0; i < ns; i++) {
        const char *s = seen[i].value;
        if (!s)
            continue;
        size_t len = strlen(s);
        bool ctl = false;
        for (const char *c = s; *c; c++)
            ctl |= (unsigned char)*c < 0x20 || *c == 0x7f;
        if (len > DR_ID_MAX)
            return fail(t, EXIT_USAGE, "--%s is longer than %d bytes ('%.40s…'): no id of a config is",
                        seen[i].name, DR_ID_MAX, s);
        if (!len || ctl || !dr_utf8_valid(s, len))
            return fail(t, EXIT_USAGE, "--%s is not an id (empty, a control character or bad UTF-8)",
                        seen[i].name);
    }
    return 0;
}

int tool_main(tool *t, int argc, char **argv, const char *description)
{
    int status = EXIT_DONE, pos_cmd = -1;
    struct option opts[64];
    size_t nopts = 0;
    char **args = NULL;
    bool help = false;
    dr_ctx_init(&t->ctx);
    /* --json holds for every failure, a bad command line included: known before parsing. */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--json"))
            t->json = true;

    /* The command is the first argument that is not an option or its value. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (argv[i][0] == '-' && argv[i][1]) {
            if (!strchr(argv[i], '=') && takes_value(t, argv[i]))
                i++;
            continue;
        }
        pos_cmd = i;
        break;
    }
    if (pos_cmd >= 0) {
        for (const command *c = t->commands; c->name; c++)
            if (strcmp(c->name, argv[pos_cmd]) == 0)
                t->cmd = c;
        if (!t->cmd && strcmp(t->name, "docsubmit") == 0) {
            /* `docsubmit FILE` is `docsubmit submit FILE`. */
            for (const command *c = t->commands; c->name; c++)
                if (strcmp(c->name, "submit") == 0)
                    t->cmd = c;
            pos_cmd = -2;
        }
        if (!t->cmd) {
            status = fail(t, EXIT_USAGE, "unknown command '%s'; see '%s --help'", argv[pos_cmd],
                          t->name);
            goto finish;
        }
    }
    for (size_t i = 0; i < sizeof(global_opts) / sizeof(global_opts[0]); i++)
        opts[nopts++] = global_opts[i];
    if (t->cmd && t->cmd->acting)
        for (size_t i = 0; i < sizeof(acting_opts) / sizeof(acting_opts[0]); i++)
            opts[nopts++] = acting_opts[i];
    for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name && nopts < 62; o++)
        opts[nopts++] = *o;
    memset(&opts[nopts], 0, sizeof(opts[0]));

    /* Drop the command word so getopt sees only options and arguments. A negative
     * number ("workdays DATE -10") is an argument, never an option: it goes after
     * a "--", which keeps the arguments in their order. */
    args = calloc((size_t)argc + 2, sizeof(char *));
    int nargs = 0, nneg = 0;
    for (int i = 0; i < argc; i++) {
        bool negnum = i > 0 && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
                      strspn(argv[i] + 1, "0123456789") == strlen(argv[i] + 1);
        if (i != pos_cmd && !negnum)
            args[nargs++] = argv[i];
        nneg += negnum;
    }
    if (nneg) {
        args[nargs++] = "--";
        for (int i = 1; i < argc; i++)
            if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
                strspn(argv[i] + 1, "0123456789") == strlen(argv[i] + 1))
                args[nargs++] = argv[i];
    }
    opterr = 0;
    optind = 1;
    for (;;) {
        /* GNU getopt permutes: options may come after arguments. */
        int c = getopt_long(nargs, args, ":hqC:o:", opts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 'h': help = true; break;
        case 'q': t->quiet = true; break;
        case 'C': t->repo_dir = optarg; break;
        case 'o': { /* -o FILE is --output FILE, where a command takes it */
            bool takes = false;
            for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name; o++)
                if (!strcmp(o->name, "output")) {
                    takes = true;
                    opt_value *v = realloc(cmd_values, (ncmd_values + 1) * sizeof(*v));
                    if (!v)
                        abort();
                    cmd_values = v;
                    cmd_values[ncmd_values++] = (opt_value){o->val, optarg};
                }
            if (!takes) {
                status = fail(t, EXIT_USAGE, "unknown option '-o'; see '%s%s%s --help'", t->name,
                              t->cmd ? " " : "", t->cmd ? t->cmd->name : "");
                goto finish;
            }
            break;
        }
        case OPT_VERSION:
            printf("%s %s\n", t->name, DR_VERSION);
            free(args);
            return EXIT_DONE;
        case OPT_NOW: t->now_text = optarg; break;
        case OPT_JSON: t->json = true; break;
        case OPT_AS: t->as = optarg; break;
        case OPT_KEY:
            if (!t->key_path)
                t->key_path = optarg;
            if (t->nkeys < 4)
                t->keys[t->nkeys++] = optarg;
            break;
        case OPT_PUSH: t->push = true; break;
        case OPT_ACTING_FOR: t->acting_for = optarg; break;
        case '?':
        case ':':
            status = fail(t, EXIT_USAGE, "%s '%s'; see '%s%s%s --help'",
                          c == ':' ? "missing value for" : "unknown option",
                          optopt > ' ' && optopt < 127 ? (char[]){'-', (char)optopt, 0}
                                                       : args[optind - 1],
                          t->name,
                          t->cmd ? " " : "", t->cmd ? t->cmd->name : "");
            goto finish;
        default: {
            opt_value *v = realloc(cmd_values, (ncmd_values + 1) * sizeof(*v));
            if (!v)
                abort();
            cmd_values = v;
            cmd_values[ncmd_values++] = (opt_value){c, optarg};
        }
        }
    }
    if (!help && (status = id_options(t, cmd_values, ncmd_values)))
        goto finish;
    int npos = nargs - optind;
    char **pos = args + optind;
    if (help) {
        if (t->cmd)
            command_help(t, stdout);
        else
            usage(t, stdout, description);
    } else if (!t->cmd) {
        usage(t, stderr, description);
        status = EXIT_USAGE;
        if (t->json)
            json_error(t, NULL, "no command given");
    } else {
        status = t->cmd->run(t, npos, pos);
    }
finish:
    if (t->json && !help) {
        json_t *r = result(t);
        /* Every failure says why, in one error object: findings are counted. */
        if (status != EXIT_DONE && !json_object_get(r, "error")) {
            json_t *f = json_object_get(r, "findings");
            char msg[200];
            if (json_array_size(f))
                snprintf(msg, sizeof(msg), "%zu finding%s", json_array_size(f),
                         json_array_size(f) == 1 ? "" : "s");
            else
                snprintf(msg, sizeof(msg), "%s", status == EXIT_RULE   ? "a rule refuses"
                                                 : status == EXIT_USAGE ? "bad command line"
                                                 : status == EXIT_NODOC ? "no such document"
                                                                        : "repository, I/O or conflict");
            json_error(t, NULL, msg);
        }
        json_object_set_new(r, "ok", json_boolean(status == 0));
        json_object_set_new(r, "exit", json_integer(status));
        json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
        fputc('\n', stdout);
    }
    json_decref(t->out);
    dr_config_free(t->catalog);
    dr_store_free(t->store);
    dr_envelope_global_cleanup();
    free(args);
    free(cmd_values);
    return status;
}
