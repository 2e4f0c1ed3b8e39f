/* docsign — the signers' acts on a document: countersigning (会签) and its
 * extensions, objections and coordination notes; the route's steps; returns
 * and overrides. Every act is planned by the library's act planner, signed
 * with the actor's key and recorded as one commit. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum {
    OPT_AGREE = OPT_FIRST_COMMAND, OPT_OBJECT, OPT_OPINION, OPT_UNIT, OPT_UNTIL, OPT_REASON,
    OPT_NOTE, OPT_APPROVE, OPT_REJECT, OPT_AMEND, OPT_TO, OPT_RULE, OPT_ISSUER, OPT_FLAG,
};

static const struct option countersign_opts[] = {
    {"agree", no_argument, NULL, OPT_AGREE},
    {"object", no_argument, NULL, OPT_OBJECT},
    {"opinion", required_argument, NULL, OPT_OPINION},
    {"unit", required_argument, NULL, OPT_UNIT},
    {0},
};
static const struct option extend_opts[] = {
    {"until", required_argument, NULL, OPT_UNTIL},
    {"reason", required_argument, NULL, OPT_REASON},
    {"unit", required_argument, NULL, OPT_UNIT},
    {0},
};
static const struct option unit_opts[] = {
    {"unit", required_argument, NULL, OPT_UNIT},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};
static const struct option coordinate_opts[] = {
    {"note", required_argument, NULL, OPT_NOTE},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};
static const struct option step_opts[] = {
    {"opinion", required_argument, NULL, OPT_OPINION},
    {"issuer", required_argument, NULL, OPT_ISSUER},
    {0},
};
static const struct option decide_opts[] = {
    {"approve", no_argument, NULL, OPT_APPROVE},
    {"reject", no_argument, NULL, OPT_REJECT},
    {"amend", no_argument, NULL, OPT_AMEND},
    {"opinion", required_argument, NULL, OPT_OPINION},
    {0},
};
static const struct option return_opts[] = {
    {"reason", required_argument, NULL, OPT_REASON},
    {"to", required_argument, NULL, OPT_TO},
    {0},
};
static const struct option override_opts[] = {
    {"rule", required_argument, NULL, OPT_RULE},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

/* One document argument, then the act. */
static int act_on(tool *t, int argc, char **argv, doc_act *da)
{
    if (argc != 1)
        return fail(t, EXIT_USAGE, "%s needs one DOC", t->cmd->name);
    da->doc_id = argv[0];
    da->in.act = t->cmd->name;
    da->in.opinion = opt_get(OPT_OPINION);
    da->in.unit = opt_get(OPT_UNIT);
    da->in.reason = opt_get(OPT_REASON);
    da->in.issuer = opt_get(OPT_ISSUER);
    int st = run_doc_act(t, da);
    dr_buf_dispose(&da->note);
    return st;
}

static int cmd_countersign(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    bool agree = opt_get(OPT_AGREE) != NULL, object = opt_get(OPT_OBJECT) != NULL;
    if (agree == object)
        return fail(t, EXIT_USAGE, "countersign needs --agree or --object");
    if (object && (!opt_get(OPT_OPINION) || !*opt_get(OPT_OPINION)))
        return fail(t, EXIT_USAGE, "--object needs --opinion: the objection's rationale");
    da.in.position = agree ? "agree" : "object";
    return act_on(t, argc, argv, &da);
}

static int cmd_extend(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_UNTIL) || !opt_get(OPT_REASON))
        return fail(t, EXIT_USAGE, "extend needs --until DATE and --reason TEXT");
    da.in.until = opt_get(OPT_UNTIL);
    return act_on(t, argc, argv, &da);
}

static int cmd_extension_answer(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_UNIT))
        return fail(t, EXIT_USAGE, "%s needs --unit U", t->cmd->name);
    return act_on(t, argc, argv, &da);
}

static int cmd_coordinate(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_NOTE))
        return fail(t, EXIT_USAGE, "coordinate needs --note FILE: each side's rationale and a "
                                   "proposed handling");
    da.note_path = opt_get(OPT_NOTE);
    dr_buf_init(&da.note, (size_t)1 << 20);
    return act_on(t, argc, argv, &da);
}

static int cmd_request_countersign(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_UNIT))
        return fail(t, EXIT_USAGE, "request-countersign needs --unit U");
    return act_on(t, argc, argv, &da);
}

static int cmd_step(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    return act_on(t, argc, argv, &da);
}

static int cmd_decide(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    int n = (opt_get(OPT_APPROVE) != NULL) + (opt_get(OPT_REJECT) != NULL) + (opt_get(OPT_AMEND) != NULL);
    if (n != 1)
        return fail(t, EXIT_USAGE, "decide needs one of --approve, --reject, --amend");
    if (!opt_get(OPT_OPINION) || !*opt_get(OPT_OPINION))
        return fail(t, EXIT_USAGE, "decide needs --opinion TEXT: a clear opinion");
    da.in.position = opt_get(OPT_APPROVE) ? "approve" : opt_get(OPT_REJECT) ? "reject" : "amend";
    return act_on(t, argc, argv, &da);
}

static int cmd_return(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_REASON))
        return fail(t, EXIT_USAGE, "return needs --reason TEXT");
    da.in.to_step = opt_get(OPT_TO);
    return act_on(t, argc, argv, &da);
}

static int cmd_override(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    if (!opt_get(OPT_RULE) || !opt_get(OPT_REASON))
        return fail(t, EXIT_USAGE, "override needs --rule ID and --reason TEXT");
    da.in.rule = opt_get(OPT_RULE);
    return act_on(t, argc, argv, &da);
}

static const struct option classify_opts[] = {
    {"flag", required_argument, NULL, OPT_FLAG},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

static int cmd_classify(tool *t, int argc, char **argv)
{
    doc_act da = {0};
    char flags[400] = "";
    size_t off = 0;
    if (opt_count(OPT_FLAG) == 0)
        return fail(t, EXIT_USAGE, "classify needs --flag NAME=VALUE (one or more)");
    for (size_t i = 0; i < opt_count(OPT_FLAG); i++) {
        int m = snprintf(flags + off, sizeof(flags) - off, "%s%s", off ? "," : "", opt_nth(OPT_FLAG, i));
        if (m < 0 || (size_t)m >= sizeof(flags) - off)
            return fail(t, EXIT_USAGE, "too many flags");
        off += (size_t)m;
    }
    da.in.flags = flags;
    return act_on(t, argc, argv, &da);
}

#define STEP_HELP                                                                                  \
    "options:\n"                                                                                   \
    "  --opinion TEXT   the signer's opinion, recorded with the act\n"                             \
    "  --issuer UNIT    for a step done once per issuer (joint documents): which issuer\n"         \
    "\nThe act must be the route's next open step, made by one who holds it (or their\n"        \
    "substitute during a recorded absence); a refusal names the step and who may act.\n"

static const command commands[] = {
    {"countersign", "DOC (--agree | --object) [--opinion TEXT] [--unit U]",
      DR_W_COUNTERSIGN ": the requested unit's head answers a countersign request",
     "options:\n"
     "  --agree | --object   the answer; an objection needs --opinion (its rationale)\n"
     "  --opinion TEXT       the opinion, recorded with the answer\n"
     "  --unit U             the requested unit, when the actor heads several\n"
     "\nThe first effective reply wins. A reply at or after the end of the due date is\n"
     "recorded late=\"true\": on a route where silence is consent it has no effect (exit 0),\n"
     "elsewhere it still counts.\n",
     true, countersign_opts, cmd_countersign},
    {"extend", "DOC --until DATE --reason TEXT [--unit U]",
     "a requested unit asks, before its due date, for a later one",
     "The due date is suspended until the drafting unit accepts (the new date holds) or\n"
     "declines (the old one stands; if it has passed, lateness counts from it).\n",
     true, extend_opts, cmd_extend},
    {"accept-extension", "DOC --unit U", "the drafting unit accepts an extension",
     "", true, unit_opts, cmd_extension_answer},
    {"decline-extension", "DOC --unit U", "the drafting unit declines an extension",
     "", true, unit_opts, cmd_extension_answer},
    {"coordinate", "DOC --note FILE",  DR_W_COORDINATION ": after an objection, the drafting unit's note",
     "The note (each side's rationale and a proposed handling) is recorded beside the\n"
     "envelope; each objecting unit's head is asked to countersign it. Unanswered by its\n"
     "due date, the document goes on marked " DR_W_UNAGREED " for the leaders to decide.\n",
     true, coordinate_opts, cmd_coordinate},
    {"request-countersign", "DOC --unit U",  DR_W_ADD_COUNTERSIGN ": the office asks a unit it finds missing, at " DR_W_FIRST_REVIEW ,
     "", true, unit_opts, cmd_request_countersign},
    {"sign", "DOC [--opinion TEXT]", "sign the document at its signing step", STEP_HELP, true,
     step_opts, cmd_step},
    {"receive", "DOC [--opinion TEXT]",  DR_W_RECEIVE ": the office receives it", STEP_HELP, true, step_opts,
     cmd_step},
    {"review", "DOC [--opinion TEXT]",  DR_W_REVIEW " (or a legality / fair-competition review)", STEP_HELP,
     true, step_opts, cmd_step},
    {"review-sign", "DOC [--opinion TEXT]",  DR_W_REVIEW_SIGN , STEP_HELP, true, step_opts, cmd_step},
    {"issue-sign", "DOC [--opinion TEXT]",  DR_W_ISSUE_SIGN , STEP_HELP, true, step_opts, cmd_step},
    {"decide", "DOC (--approve | --reject | --amend) --opinion TEXT",
     "a leader decides a request, with a clear opinion", "", true,
     decide_opts, cmd_decide},
    {"read", "DOC",  DR_W_CIRCLE_READ ": a leader has read a report", STEP_HELP, true,
     step_opts, cmd_step},
    {"file", "DOC [--opinion TEXT]",  DR_W_FILE ": a topic filed at its route's file step",
     STEP_HELP, true, step_opts, cmd_step},
    {"return", "DOC --reason TEXT [--to STEP]",
      DR_W_RETURN ": the holder of the open step returns it (default: to the drafter)",
     "Open countersign requests are cancelled. Returned to the drafter, the document waits\n"
     "for a revision or is closed (docsubmit close).\n",
     true, return_opts, cmd_return},
    {"classify", "DOC --flag NAME=VALUE...",
     "the office corrects the routing flags at " DR_W_FIRST_REVIEW " (major, normative, affects-market, …)",
     "The content is untouched (no content digest changes); the steps that apply follow\n"
     "the corrected flags: a normative document gets its legality review, a major matter\n"
     "goes to the mayor.\n",
     true, classify_opts, cmd_classify},
    {"override", "DOC --rule ID --reason TEXT",
     "a leader sets aside a rule the catalog marks overridable (" DR_W_IN_PRINCIPLE ")", "", true,
     override_opts, cmd_override},
    {0},
};

int main(int argc, char **argv)
{
    tool t = {.name = "docsign", .commands = commands};
    return tool_main(&t, argc, argv,
                     "docsign — the signers' acts on official documents: countersigning, the\n"
                     "signing chain, returns and overrides.");
}
