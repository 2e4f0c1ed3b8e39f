/* docroute check's reports. JUnit follows Jenkins' junit-10.xsd: one <testsuite> per
 * commit checked (per document with --all), one <testcase> per check, counts that add
 * up. SARIF 2.1.0 as GitHub code scanning and GitLab take it: the rules in
 * tool.driver.rules, every result with a location, a region and partialFingerprints. */
#include "report.h"
#include "build_info.h"

#include <stdlib.h>
#include <string.h>

/* The checks of one commit, each the rules it stands for; a finding of any other rule
 * comes from re-planning the act (the route's rules). */
static const struct {
    const char *rule, *name;
} checks[] = {
    {DR_ENV_SCHEMA, "the envelope validates against its schema"},
    {DR_ENV_APPEND_ONLY, "events are only appended"},
    {DR_ENV_ONE_ACT, "one act by its actor, its write-set and trailers"},
    {DR_ENV_SIGNATURE, "every signature verifies with a key valid that day"},
    {DR_ENV_CHAIN, "the hash chain"},
    {DR_ENV_MONOTONIC, "time never runs back"},
    {DR_ENV_CONFIG_IN_FORCE, "the config in force; config acts signed by its admins"},
    {DR_ENV_HISTORY, "one branch, linear, from the pinned genesis"},
    {DR_ENV_CLOCK, "events within the server's clock tolerance"},
    {NULL, "the act re-planned by the route's rules"},
};
enum { NCHECKS = sizeof(checks) / sizeof(checks[0]) };

static size_t check_of(const char *rule)
{
    for (size_t i = 0; i + 1 < NCHECKS; i++)
        if (!strcmp(checks[i].rule, rule))
            return i;
    return NCHECKS - 1;
}

void commit_doc(dr_store *st, const char *commit, char doc[64])
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    doc[0] = '\0';
    dr_ctx_init(&ctx);
    if (dr_store_snapshot(&s, &ctx, st, commit))
        return;
    const char *m = dr_snapshot_message(s);
    for (const char *p = m; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > 8 && !strncmp(p, "Doc-Id: ", 8) && len - 8 < 64) {
            memcpy(doc, p + 8, len - 8);
            doc[len - 8] = '\0';
            if (!dr_doc_id_valid(doc))
                doc[0] = '\0';
            break;
        }
        p = eol ? eol + 1 : NULL;
    }
    dr_snapshot_free(s);
}

/* The line of the event with this seq in the document's envelope at the commit: the
 * line of its <event start tag; 1 when there is no event, or it is not there. */
static int event_line(dr_store *st, const char *commit, const char *doc, int seq)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_buf b;
    char path[160], want[32];
    int line = 1;
    if (seq <= 0 || !doc[0] || dr_doc_envelope_path(doc, path, sizeof(path)))
        return 1;
    dr_ctx_init(&ctx);
    if (dr_store_snapshot(&s, &ctx, st, commit))
        return 1;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    snprintf(want, sizeof(want), " seq=\"%d\"", seq);
    if (dr_snapshot_read(s, &ctx, path, &b) == 0 && b.ptr) {
        int at = 1;
        for (const char *p = b.ptr; *p; p++) {
            if (*p == '\n') {
                at++;
                continue;
            }
            if (*p != '<' || strncmp(p, "<event", 6) || (p[6] != ' ' && p[6] != '\n' && p[6] != '\t'))
                continue;
            const char *end = strchr(p, '>');
            const char *hit = strstr(p, want);
            if (end && hit && hit < end) {
                line = at;
                break;
            }
        }
    }
    dr_buf_dispose(&b);
    dr_snapshot_free(s);
    return line;
}

static void xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\n': fputs("&#10;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
        }
}

/* ---- JUnit ---- */

typedef struct {
    const char *name; /* the suite: a document id, a commit, or "config" */
    size_t *commits;  /* indices into r->commits */
    size_t n;
} suite;

static void junit_case(const check_report *r, const checked_commit *c, size_t check, bool *failed)
{
    bool open = false;
    *failed = false;
    printf("    <testcase classname=\"docroute.%s\" name=\"%.12s %s%s%s\"",
           c->doc[0] ? c->doc : "config", c->id, checks[check].rule ? checks[check].rule : "",
           checks[check].rule ? ": " : "", checks[check].name);
    for (size_t i = 0; i < r->findings->n; i++) {
        const dr_finding *x = &r->findings->v[i];
        if (strcmp(x->commit, c->id) || check_of(x->rule) != check)
            continue;
        if (!open)
            printf(">\n");
        open = *failed = true;
        printf("      <failure type=\"%s\" message=\"", x->rule);
        xml_text(stdout, x->message);
        printf("\">%s %s", x->rule, x->commit);
        if (x->doc[0])
            printf(" %s", x->doc);
        if (x->event)
            printf(" event %d", x->event);
        printf(": ");
        xml_text(stdout, x->message);
        printf("</failure>\n");
    }
    printf(open ? "    </testcase>\n" : "/>\n");
}

static void report_junit(const check_report *r)
{
    suite *suites = NULL;
    size_t nsuites = 0, tests = 0, failures = 0, errors = 0;
    /* Group the commits: by document with --all, else one suite each. */
    for (size_t i = 0; i < r->ncommits; i++) {
        const checked_commit *c = &r->commits[i];
        const char *name = r->by_doc ? (c->doc[0] ? c->doc : "config") : c->id;
        suite *s = NULL;
        for (size_t k = 0; r->by_doc && k < nsuites && !s; k++)
            if (!strcmp(suites[k].name, name))
                s = &suites[k];
        if (!s) {
            suite *ns = realloc(suites, (nsuites + 1) * sizeof(*ns));
            if (!ns)
                abort();
            suites = ns;
            s = &suites[nsuites++];
            *s = (suite){name, NULL, 0};
        }
        size_t *nc = realloc(s->commits, (s->n + 1) * sizeof(size_t));
        if (!nc)
            abort();
        s->commits = nc;
        s->commits[s->n++] = i;
    }
    /* The counts first (the root element carries them): a test per check and commit,
     * a failure per check that found something, an error per commit not verified. */
    size_t ncases = NCHECKS - (r->clock ? 0 : 1);
    bool *caseflags = calloc(r->ncommits * NCHECKS + 1, sizeof(bool));
    if (!caseflags)
        abort();
    for (size_t i = 0; i < r->findings->n; i++)
        for (size_t c = 0; c < r->ncommits; c++)
            if (!strcmp(r->findings->v[i].commit, r->commits[c].id))
                caseflags[c * NCHECKS + check_of(r->findings->v[i].rule)] = true;
    for (size_t c = 0; c < r->ncommits; c++) {
        if (r->commits[c].error[0]) {
            tests++;
            errors++;
            continue;
        }
        tests += ncases;
        for (size_t k = 0; k < NCHECKS; k++)
            failures += caseflags[c * NCHECKS + k];
    }
    printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<testsuites name=\"docroute check\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
           tests, failures, errors);
    for (size_t k = 0; k < nsuites; k++) {
        const suite *s = &suites[k];
        size_t st = 0, sf = 0, se = 0;
        for (size_t j = 0; j < s->n; j++) {
            size_t c = s->commits[j];
            if (r->commits[c].error[0]) {
                st++;
                se++;
                continue;
            }
            st += ncases;
            for (size_t m = 0; m < NCHECKS; m++)
                sf += caseflags[c * NCHECKS + m];
        }
        printf("  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n",
               s->name, st, sf, se);
        for (size_t j = 0; j < s->n; j++) {
            const checked_commit *c = &r->commits[s->commits[j]];
            if (c->error[0]) {
                printf("    <testcase classname=\"docroute.%s\" name=\"%.12s verified\">\n"
                       "      <error type=\"verify\" message=\"",
                       c->doc[0] ? c->doc : "config", c->id);
                xml_text(stdout, c->error);
                printf("\"/>\n    </testcase>\n");
                continue;
            }
            for (size_t m = 0; m < NCHECKS; m++) {
                bool failed;
                if (!r->clock && checks[m].rule && !strcmp(checks[m].rule, DR_ENV_CLOCK))
                    continue;
                junit_case(r, c, m, &failed);
            }
        }
        printf("  </testsuite>\n");
        free(s->commits);
    }
    printf("</testsuites>\n");
    free(caseflags);
    free(suites);
}

/* ---- SARIF ---- */

static json_t *sarif_rule(const check_report *r, const char *id)
{
    const char *text = dr_rule_text(r->cfg, id), *article = dr_rule_article(r->cfg, id);
    const dr_rule *rule = dr_config_rule(r->cfg, id);
    char full[600];
    snprintf(full, sizeof(full), "%s%s%s", article, *article ? ": " : "", *text ? text : id);
    /* A friendly name in Pascal case, from the id: R59-ONE-MATTER → R59OneMatter. */
    char name[80];
    size_t n = 0;
    bool up = true;
    for (const char *p = id; *p && n + 1 < sizeof(name); p++) {
        if (*p == '-' || *p == '_' || *p == '.') {
            up = true;
            continue;
        }
        name[n++] = up ? *p : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        up = *p >= '0' && *p <= '9';
    }
    name[n] = '\0';
    /* helpUri: the rule's own page, else the README's table for the toolkit's rules and
     * the default catalog's; an organization's rule without one has none. */
    const char *uri = rule && rule->help ? rule->help
                      : !rule || (r->cfg && r->cfg->rules_default) ? DR_HELP_URI
                                                                    : NULL;
    char help[900], md[1000];
    snprintf(help, sizeof(help), "%s (%s).%s%s", full, id, uri ? " See " : "", uri ? uri : "");
    snprintf(md, sizeof(md), "**%s** — %s.%s%s%s", id, full, uri ? " See [the rule](" : "",
             uri ? uri : "", uri ? ")." : "");
    dr_utf8_trim(full);
    dr_utf8_trim(help);
    dr_utf8_trim(md);
    json_t *j = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:{s:s}}", "id", id, "name",
                          name, "shortDescription", "text", *text ? text : id, "fullDescription",
                          "text", full, "help", "text", help, "markdown", md,
                          "defaultConfiguration", "level",
                          rule && rule->warning ? "warning" : "error", "properties", "article",
                          article);
    if (!j) /* a text that is not UTF-8: the rule is still described, by its id */
        j = json_pack("{s:s,s:s,s:{s:s},s:{s:s}}", "id", id, "name", name, "shortDescription",
                      "text", id, "help", "text", id);
    if (j && uri)
        json_object_set_new(j, "helpUri", json_string(uri));
    return j;
}

static void add_id(const char ***ids, size_t *nids, const char *id)
{
    for (size_t k = 0; k < *nids; k++)
        if (!strcmp((*ids)[k], id))
            return;
    const char **ni = realloc(*ids, (*nids + 1) * sizeof(**ids));
    if (!ni)
        abort();
    *ids = ni;
    (*ids)[(*nids)++] = id;
}

static void report_sarif(tool *t, const check_report *r)
{
    json_t *rules = json_array(), *results = json_array();
    const char **ids = NULL;
    size_t nids = 0;
    for (size_t i = 0; dr_rule_own(i); i++)
        add_id(&ids, &nids, dr_rule_own(i));
    for (size_t i = 0; r->cfg && i < r->cfg->nrules; i++)
        add_id(&ids, &nids, r->cfg->rules[i].id);
    for (size_t i = 0; i < r->findings->n; i++) /* a rule outside the catalog */
        add_id(&ids, &nids, r->findings->v[i].rule);
    for (size_t k = 0; k < nids; k++)
        json_array_append_new(rules, sarif_rule(r, ids[k]));
    for (size_t i = 0; i < r->findings->n; i++) {
        const dr_finding *x = &r->findings->v[i];
        char uri[200] = ".docroute/config.yaml", fp[300];
        size_t index = 0;
        for (size_t k = 0; k < nids; k++)
            if (!strcmp(ids[k], x->rule))
                index = k;
        if (x->doc[0])
            dr_doc_envelope_path(x->doc, uri, sizeof(uri));
        int line = x->doc[0] ? event_line(t->store, x->commit, x->doc, x->event) : 1;
        snprintf(fp, sizeof(fp), "%s:%s:%s", x->commit, x->rule, x->doc[0] ? x->doc : "-");
        json_t *res = json_pack(
            "{s:s,s:I,s:s,s:{s:s},s:[{s:{s:{s:s},s:{s:i}}}],s:{s:s},s:{s:s,s:i,s:s}}",
            "ruleId", x->rule, "ruleIndex", (json_int_t)index, "level", "error", "message", "text",
            x->message, "locations", "physicalLocation", "artifactLocation", "uri", uri,
            "region", "startLine", line, "partialFingerprints",
            "docrouteFinding/v1", fp, "properties", "commit", x->commit, "event", x->event,
            "document", x->doc);
        if (!res) /* never silently lost: the message, made safe */
            res = json_pack("{s:s,s:I,s:s,s:{s:s},s:[{s:{s:{s:s},s:{s:i}}}],s:{s:s}}", "ruleId",
                            x->rule, "ruleIndex", (json_int_t)index, "level", "error", "message",
                            "text", "(a message that is not UTF-8)", "locations",
                            "physicalLocation", "artifactLocation", "uri", uri, "region",
                            "startLine", line, "partialFingerprints", "docrouteFinding/v1", fp);
        json_array_append_new(results, res);
    }
    /* Locations are relative to the repository's root, as code scanning expects. */
    json_t *sarif = json_pack(
        "{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:s,s:o}},s:o,s:s}]}", "version", "2.1.0", "$schema",
        "https://json.schemastore.org/sarif-2.1.0.json", "runs", "tool", "driver", "name",
        "docroute", "version", DR_VERSION, "semanticVersion", DR_VERSION, "informationUri",
        DR_HOMEPAGE, "rules", rules, "results", results, "columnKind", "unicodeCodePoints");
    json_dumpf(sarif, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(sarif);
    free(ids);
}

/* ---- text and json ---- */

void report_findings(tool *t, const check_report *r)
{
    if (!strcmp(r->format, "junit")) {
        report_junit(r);
        return;
    }
    if (!strcmp(r->format, "sarif")) {
        report_sarif(t, r);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < r->findings->n; i++) {
        const dr_finding *x = &r->findings->v[i];
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:n,s:n,s:n,s:s}", "rule", x->rule, "article",
                           dr_rule_article(r->cfg, x->rule), "severity", "error", "doc", x->doc, "commit",
                           x->commit, "event", x->event, "file", "line", "column", "message",
                           x->message));
        if (!t->json && !strcmp(r->format, "text")) {
            if (x->event)
                printf("%s %.12s %s event %d: %s\n", x->rule, x->commit, x->doc, x->event, x->message);
            else
                printf("%s %.12s %s: %s\n", x->rule, x->commit, x->doc[0] ? x->doc : "-", x->message);
        }
    }
    json_object_set_new(result(t), "findings", arr);
    json_object_set_new(result(t), "commits", json_integer((json_int_t)r->ncommits));
    if (!strcmp(r->format, "json"))
        t->json = true; /* printed at exit */
}
