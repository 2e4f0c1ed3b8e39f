/* docsubmit — drafts in, documents out: init, check, submit. */
#include "common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "submit.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TYPE = OPT_FIRST_COMMAND, OPT_DRAFTER, OPT_ISSUER, OPT_TO, OPT_BODY, OPT_ATTACH, OPT_REASON, OPT_EDITORIAL, OPT_CC, OPT_INVOLVES };

static const dr_config *config_if_any(tool *t, dr_snapshot **snap);


/* ---- init ---- */

static const struct option init_opts[] = {
    {"type", required_argument, NULL, OPT_TYPE},
    {"drafter", required_argument, NULL, OPT_DRAFTER},
    {"issuer", required_argument, NULL, OPT_ISSUER},
    {"to", required_argument, NULL, OPT_TO},
    {"cc", required_argument, NULL, OPT_CC},
    {"involves", required_argument, NULL, OPT_INVOLVES},
    {0},
};

static int xml_attr_ok(const char *s)
{
    for (; s && *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static int cmd_init(tool *t, int argc, char **argv)
{
    const char *type = opt_get(OPT_TYPE), *drafter = opt_get(OPT_DRAFTER);
    const char *issuer = opt_get(OPT_ISSUER);
    if (argc)
        return fail(t, EXIT_USAGE, "init takes no arguments");
    if (!type || !drafter)
        return fail(t, EXIT_USAGE, "init needs --type TYPE and --drafter UNIT");
    if (!dr_type_known(type))
        return fail(t, EXIT_USAGE, "unknown type '%s' (one of the 15 of " DR_W_REGULATION_ART8 ": resolution, "
                                   "decision, order, communique, announcement, circular, opinion, "
                                   "notice, bulletin, report, request, reply, motion, letter, "
                                   "minutes)",
                    type);
    if (!xml_attr_ok(drafter) || !xml_attr_ok(issuer))
        return fail(t, EXIT_USAGE, "unit ids are letters, digits, '-', '_' and '.'");
    /* Units and groups are the repository's config's: unknown ones are refused. */
    dr_snapshot *snap = NULL;
    const dr_config *cfg = config_if_any(t, &snap);
    if (!cfg && t->ctx.code == DR_ECONFIG) {
        dr_snapshot_free(snap);
        return fail_ctx(t, DR_ECONFIG);
    }
    const char *names[] = {drafter, issuer};
    for (size_t i = 0; cfg && i < 2; i++)
        if (names[i] && !dr_config_unit(cfg, names[i])) {
            dr_snapshot_free(snap);
            return fail(t, EXIT_USAGE, "'%s' is not a unit of the config", names[i]);
        }
    static const int opts[] = {OPT_TO, OPT_CC, OPT_INVOLVES};
    static const char *const els[] = {"to", "cc", "involves"};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < opt_count(opts[k]); i++) {
            const char *u = opt_nth(opts[k], i);
            bool group = cfg && k < 2 && dr_config_group(cfg, u);
            if (!xml_attr_ok(u) || !*u || (cfg && !group && !dr_config_unit(cfg, u))) {
                dr_snapshot_free(snap);
                return fail(t, EXIT_USAGE, "--%s '%s': not a unit%s of the config", els[k], u,
                            k < 2 ? " or group" : "");
            }
        }
    if (!cfg)
        note(t, "no repository here: units and groups are not checked (run it inside one, or -C)");
    const char *zh = dr_type_name(cfg ? cfg : rules_of(t), type);
    dr_buf b;
    dr_buf_init(&b, 0);
    dr_buf_printf(&b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<!-- A draft %s (%s). Replace the title and the matter, check the flags,\n"
                  "     put the body beside it as body.md, then: docsubmit check FILE and\n"
                  "     docsubmit submit FILE -->\n"
                  "<envelope xmlns=\"" DR_ENVELOPE_NS "\">\n"
                  "  <document>\n"
                  "    <type>%s</type>\n"
                  "    <title>%s</title>\n"
                  "    <drafter unit=\"%s\"/>\n"
                  "    <issuer unit=\"%s\"/>\n",
                  type, zh, type, DR_TITLE_PLACEHOLDER, drafter, issuer ? issuer : drafter);
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < opt_count(opts[k]); i++) {
            const char *u = opt_nth(opts[k], i);
            bool group = cfg && k < 2 && dr_config_group(cfg, u);
            dr_buf_printf(&b, "    <%s %s=\"%s\"/>\n", els[k], group ? "group" : "unit", u);
        }
    dr_snapshot_free(snap);
    dr_buf_printf(&b,
                  "    <classification level=\"none\"/>\n"
                  "    <urgency>normal</urgency>\n"
                  "    <disclosure>active</disclosure>\n"
                  "    <flags major=\"false\" normative=\"false\" affects-market=\"false\" "
                  "contract=\"false\"\n"
                  "           directive=\"false\" reserved-subjects=\"false\"/>\n"
                  "    <matter id=\"m1\" kind=\"%s\">%s</matter>\n"
                  "    <body href=\"body.md\"/>\n"
                  "  </document>\n"
                  "</envelope>\n",
                  strcmp(type, "request") == 0 ? "request" : "info", DR_MATTER_PLACEHOLDER);
    if (t->json)
        json_object_set_new(result(t), "draft", json_string(b.ptr));
    else
        fputs(b.ptr, stdout);
    dr_buf_dispose(&b);
    return EXIT_DONE;
}

/* ---- check ---- */

/* Reads and parses a draft; on failure reports it and returns the exit status. */
static int load_draft(tool *t, const char *path, dr_buf *bytes, dr_envelope **env)
{
    dr_ctx_init(&t->ctx);
    int st = read_named_file(t, path, DR_ENVELOPE_MAX_BYTES, bytes);
    if (st)
        return st;
    int rc = dr_envelope_parse(env, &t->ctx, path, bytes->ptr, bytes->len, DR_FORM_DRAFT);
    if (rc) {
        add_finding(t, t->ctx.rule[0] ? t->ctx.rule : DR_ENV_SCHEMA, "error", NULL, path,
                    t->ctx.line, t->ctx.col, t->ctx.msg);
        return fail_ctx(t, rc);
    }
    return 0;
}

/* The config in force, when a repository is at hand (check works without one). */
static const dr_config *config_if_any(tool *t, dr_snapshot **snap)
{
    const dr_config *cfg = NULL;
    const char *dir = t->repo_dir ? t->repo_dir : getenv("DOCROUTE_REPO");
    dr_ctx quiet;
    dr_ctx_init(&quiet);
    if (!t->store && dr_store_open(&t->store, &quiet, dir && *dir ? dir : ".", DR_STORE_DISCOVER))
        return NULL;
    /* Not a document repository (no branch, no .docroute/): check without a config. */
    if (dr_store_tip(snap, &quiet, t->store) || !dr_snapshot_exists(*snap, ".docroute/config.yaml"))
        return NULL;
    if (dr_snapshot_config(*snap, &t->ctx, &cfg))
        return NULL;
    if (dr_snapshot_config_lasting(*snap))
        t->cfg = cfg; /* the store's: messages cite its rules */
    return cfg;
}

static int cmd_check(tool *t, int argc, char **argv)
{
    dr_snapshot *snap = NULL;
    int worst = EXIT_DONE;
    if (argc < 1)
        return fail(t, EXIT_USAGE, "check needs at least one FILE");
    const dr_config *cfg = config_if_any(t, &snap);
    if (!cfg && t->ctx.code == DR_ECONFIG) {
        int st = fail_ctx(t, DR_ECONFIG);
        dr_snapshot_free(snap);
        return st;
    }
    for (int i = 0; i < argc; i++) {
        dr_buf bytes;
        dr_envelope *env = NULL;
        dr_findings f;
        dr_buf_init(&bytes, 0);
        dr_findings_init(&f);
        int st = load_draft(t, argv[i], &bytes, &env);
        if (!st) {
            /* The body beside the draft, when there is one (lint: a missing body is fine). */
            const dr_document *d = dr_envelope_document(env);
            const dr_route *route;
            dr_buf body;
            char path[4300], dir[4096];
            dr_buf_init(&body, BODY_MAX);
            snprintf(dir, sizeof(dir), "%s", argv[i]);
            snprintf(path, sizeof(path), "%s/%s", dirname(dir), d->body.href);
            /* A regular file only, never through a link or from a FIFO (lint: a
             * missing or unusable body is not judged). */
            int bfd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
            struct stat bst;
            if (bfd >= 0 && fstat(bfd, &bst) == 0 && S_ISREG(bst.st_mode)) {
                char chunk[65536];
                ssize_t n;
                while ((n = read(bfd, chunk, sizeof(chunk))) > 0 && !dr_buf_put(&body, chunk, (size_t)n))
                    ;
            }
            if (bfd >= 0)
                close(bfd);
            judge(t, cfg, d, textual(d->body.href, &body), &route, &f);
            dr_buf_dispose(&body);
            st = report(t, argv[i], &f);
            if (st == EXIT_DONE)
                note(t, "%s: no errors (%zu warnings)", argv[i], dr_findings_count(&f, DR_SEV_WARNING));
        }
        if (st > worst)
            worst = st;
        dr_findings_dispose(&f);
        dr_envelope_free(env);
        dr_buf_dispose(&bytes);
    }
    dr_snapshot_free(snap);
    return worst;
}

/* ---- submit ---- */

static const struct option submit_opts[] = {
    {"body", required_argument, NULL, OPT_BODY},
    {"attach", required_argument, NULL, OPT_ATTACH},
    {0},
};

/* --body and --attach, as given. */
static void file_args(submission *s, const char *attach[16])
{
    s->body_arg = opt_get(OPT_BODY);
    s->nattach_args = 0;
    for (size_t i = 0; i < opt_count(OPT_ATTACH) && i < 16; i++)
        attach[s->nattach_args++] = opt_nth(OPT_ATTACH, i);
    s->attach_args = attach;
}

static int cmd_submit(tool *t, int argc, char **argv)
{
    const char *attach[16];
    submission s;
    dr_buf bytes;
    char commit[41];
    int st;
    memset(&s, 0, sizeof(s));
    file_args(&s, attach);
    dr_buf_init(&bytes, 0);
    dr_buf_init(&s.body, BODY_MAX);
    if (argc != 1) {
        st = fail(t, EXIT_USAGE, "submit needs exactly one FILE");
        goto done;
    }
    s.draft_path = argv[0];
    if ((st = load_draft(t, argv[0], &bytes, &s.draft)) || (st = gather_files(t, &s)) ||
        (st = open_store(t)))
        goto done;
    if ((st = run_act(t, plan_submit, &s, commit)))
        goto done;
    json_object_set_new(result(t), "id", json_string(s.id));
    json_object_set_new(result(t), "commit", json_string(commit));
    if (!t->json)
        printf("%s\n", s.id);
done:
    submission_dispose(&s);
    dr_buf_dispose(&bytes);
    return st;
}

/* ---- revise ---- */

static const struct option revise_opts[] = {
    {"body", required_argument, NULL, OPT_BODY},
    {"attach", required_argument, NULL, OPT_ATTACH},
    {"editorial", no_argument, NULL, OPT_EDITORIAL},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

static int cmd_revise(tool *t, int argc, char **argv)
{
    const char *attach[16];
    submission s;
    dr_buf bytes;
    doc_act da;
    dr_snapshot *snap = NULL;
    dr_findings f;
    int st;
    memset(&s, 0, sizeof(s));
    file_args(&s, attach);
    memset(&da, 0, sizeof(da));
    dr_buf_init(&bytes, 0);
    dr_buf_init(&s.body, BODY_MAX);
    dr_findings_init(&f);
    if (argc != 2) {
        st = fail(t, EXIT_USAGE, "revise needs DOC and FILE (a draft with the new document)");
        goto done;
    }
    s.draft_path = argv[1];
    if ((st = load_draft(t, argv[1], &bytes, &s.draft)) || (st = gather_files(t, &s)) ||
        (st = open_store(t)))
        goto done;
    /* The new document passes the submission rules as a new one would. */
    const dr_config *cfg = NULL;
    const dr_route *route;
    int rc;
    if ((rc = dr_store_tip(&snap, &t->ctx, t->store)) || (rc = dr_snapshot_config(snap, &t->ctx, &cfg))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    judge(t, cfg, dr_envelope_document(s.draft), textual(s.body_href, &s.body), &route, &f);
    if ((st = report(t, s.draft_path, &f)))
        goto done;
    da.doc_id = argv[0];
    da.in.act = "revise";
    da.in.reason = opt_get(OPT_REASON);
    da.in.editorial = opt_get(OPT_EDITORIAL) != NULL;
    da.draft = s.draft;
    snprintf(da.files[0].name, sizeof(da.files[0].name), "%s", s.body_href);
    snprintf(da.files[0].sha, sizeof(da.files[0].sha), "%s", s.body_sha);
    da.files[0].data = &s.body;
    for (size_t i = 0; i < s.natt; i++) {
        snprintf(da.files[i + 1].name, sizeof(da.files[i + 1].name), "%s", s.att[i].href);
        snprintf(da.files[i + 1].sha, sizeof(da.files[i + 1].sha), "%s", s.att[i].sha);
        da.files[i + 1].data = &s.att[i].data;
    }
    da.nfiles = s.natt + 1;
    st = run_doc_act(t, &da);
done:
    dr_findings_dispose(&f);
    dr_snapshot_free(snap);
    submission_dispose(&s);
    dr_buf_dispose(&bytes);
    return st;
}

/* ---- withdraw, close ---- */

static const struct option reason_opts[] = {
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

static int cmd_end(tool *t, int argc, char **argv)
{
    doc_act da;
    memset(&da, 0, sizeof(da));
    if (argc != 1 || !opt_get(OPT_REASON) || !*opt_get(OPT_REASON))
        return fail(t, EXIT_USAGE, "%s needs DOC and --reason TEXT", t->cmd->name);
    da.doc_id = argv[0];
    da.in.act = t->cmd->name;
    da.in.reason = opt_get(OPT_REASON);
    return run_doc_act(t, &da);
}

static const command commands[] = {
    {"init", "--type TYPE --drafter UNIT [--issuer UNIT] [--to U]... [--cc U]... [--involves U]...",
     "write a draft envelope (the template) on stdout",
     "options:\n"
     "  --type TYPE      one of the 15 types of " DR_W_REGULATION_ART8 " (notice, request, report, …)\n"
     "  --drafter UNIT   the unit that drafts and leads (" DR_W_LEAD_UNIT ")\n"
     "  --issuer UNIT    the organ in whose name it goes out (default: the drafter)\n"
     "  --to UNIT|GROUP  a primary recipient (" DR_W_PRIMARY "), repeatable; a group of the config\n"
     "                   (groups:) is written <to group=…/>\n"
     "  --cc UNIT|GROUP  a copy recipient (" DR_W_COPY "), repeatable\n"
     "  --involves UNIT  a unit whose remit the matter touches (" DR_W_COUNTERSIGN "), repeatable\n"
     "Inside a repository (or with -C) the units and groups must be its config's.\n",
     false, init_opts, cmd_init},
    {"check", "FILE...", "lint drafts: the schema and the submission rules; exit 1 on any error",
     "Reports every finding of every file (rule ID, severity, element, article). Uses the\n"
     "config of the repository at hand, when there is one, to check unit references.\n",
     false, NULL, cmd_check},
    {"submit", "FILE [--body F] [--attach F]...",
     "submit a draft: assign its id, select its route, record the first events",
     "options:\n"
     "  --body F         the body file (default: the draft's <body href>, beside the draft)\n"
     "  --attach F       an attachment the draft names by file name (repeatable)\n"
     "\nPrints the new document id alone on stdout. 'docsubmit FILE' is the same.\n",
     true, submit_opts, cmd_submit},
    {"revise", "DOC FILE [--body F] [--attach F]... [--editorial] [--reason TEXT]",
     "a new <document> for DOC, from a draft FILE",
     "A substantive revision (the default) voids the signatures made on the old content:\n"
     "its steps open again from the first, and every countersign is asked anew with a new\n"
     "due date. --editorial keeps them. The type, drafter and issuers stay as they were; a\n"
     "revised body that changes gets a new file name beside the old one.\n",
     true, revise_opts, cmd_revise},
    {"withdraw", "DOC --reason TEXT",  DR_W_WITHDRAW ": the drafting unit withdraws a document nobody else has acted on",
     "Open countersign requests are cancelled; nothing more is recorded on it.\n", true,
     reason_opts, cmd_end},
    {"close", "DOC --reason TEXT", "the drafting unit's head ends a document returned to it", "",
     true, reason_opts, cmd_end},
    {0},
};

int main(int argc, char **argv)
{
    tool t = {.name = "docsubmit", .commands = commands};
    return tool_main(&t, argc, argv,
                     "docsubmit — write, lint and submit official documents (" DR_W_OFFICIAL_DOCS ") as envelopes.");
}
