/* The rule catalog: the rule IDs the toolkit knows, the article each cites and the
 * text (条文) it stands for — the seed's (RULES.md), and the record's own (ENV-*). */
#include "docroute/config.h"
#include "internal.h"

#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

const char *const dr_rule_ids[] = {
    "R59-ONE-MATTER", "R59-REPORT-NO-REQUEST", "R59-SINGLE-RECIPIENT", "R59-NO-SKIP-LEVEL",
    "C14-SKIP-LEVEL-COPY", "C15-NO-CC-DOWN", "R59-VIA-OFFICE", "R59-DEPT-SCOPE",
    "R59-COUNTERSIGN-NEEDED", "R65-NO-DIRECTIVE-DOWN", "R65-AGREED-BEFORE-DOWN", "ENV-CLASSIFIED",
    "R63-REPLY-3WD", "R59-COUNTERSIGN-BY-HEAD", "R63-AGREED-EXTENSION", "R63-SILENCE-IS-CONSENT",
    "R63-LATE-REPLY", "R59-OBJECTION-RATIONALE", "R53-NO-UNAGREED-TOPIC", "R-ROUTE",
    "R64-GOV-CHAIN", "R64-OFFICE-CHAIN", "R63-DRAFTER-HEAD", "R59-PRINCIPAL-SIGNS",
    "R63-OFFICE-FIRST", "R60-CLEAR-OPINION", "R60-CIRCLE-READ", "R60-MAJOR-TO-MAYOR",
    "R21-LEGALITY-REVIEW", "R24-FAIR-COMPETITION", "R56-MINUTES", "R7-R9-SUBSTITUTE",
    "C22-JOINT-SIGN", "C25-REVISE-RESIGN", "R61-URGENT", "R61-OVERDUE", "R57-ISSUE-5WD",
    "R54-AGENDA-10WD", "GB-FORMAT", "ENV-SCHEMA", "ENV-APPEND-ONLY", "ENV-ONE-ACT",
    "ENV-SIGNATURE", "ENV-CHAIN", "ENV-MONOTONIC", "ENV-CONFIG-IN-FORCE", "ENV-CLOCK",
    "ENV-HISTORY", NULL};

static const struct {
    const char *prefix, *article;
} articles[] = {
    {"R59", "art. 59"}, {"R63", "art. 63"}, {"R64", "art. 64"}, {"R65", "art. 65"},
    {"R60", "art. 60"}, {"R61", "art. 61"}, {"R53", "art. 53"}, {"R54", "art. 54"},
    {"R56", "art. 56"}, {"R57", "art. 57"}, {"R21", "art. 21, 24"}, {"R24", "art. 22, 24"},
    {"R7-", "art. 7, 9, 77"}, {"C14", "条例 14"}, {"C15", "条例 15"}, {"C22", "条例 22"},
    {"C25", "条例 25"}, {"GB-", "GB/T 9704-2012"}, {"ENV-CLASSIFIED", "art. 79"},
    {"R-ROUTE", "art. 59, 60, 64"}, {"ENV-SCHEMA", "SPEC §3"}, {"ENV-", "SPEC §8"},
};

/* The 条文 each rule stands for (README's table), for reports that describe their rules. */
static const struct {
    const char *id, *text;
} rule_texts[] = {
    {"R59-ONE-MATTER", "请示应当一文一事"},
    {"R59-REPORT-NO-REQUEST", "报告不得夹带请示事项"},
    {"R59-SINGLE-RECIPIENT", "不得多头报文"},
    {"R59-NO-SKIP-LEVEL", "未经批准不得越级行文"},
    {"C14-SKIP-LEVEL-COPY", "越级行文时抄送被越过的机关"},
    {"C15-NO-CC-DOWN", "上行文不抄送下级机关"},
    {"R59-VIA-OFFICE", "公文一律送区政府办公室按规定程序统一办理"},
    {"R59-DEPT-SCOPE", "区政府部门职责范围内的事项不得报区政府"},
    {"R59-COUNTERSIGN-NEEDED", "涉及其他部门职权的，须会签或联合行文"},
    {"R65-NO-DIRECTIVE-DOWN", "部门不得直接向镇办发布指令性公文"},
    {"R65-AGREED-BEFORE-DOWN", "未经协商一致，不得各自向下行文"},
    {"ENV-CLASSIFIED", "涉密公文只在符合保密要求的系统中处理"},
    {"R63-REPLY-3WD", "一般3个工作日内回复意见"},
    {"R59-COUNTERSIGN-BY-HEAD", "主要负责人会签"},
    {"R63-AGREED-EXTENSION", "商定回复时限"},
    {"R63-SILENCE-IS-CONSENT", "逾期不回复的视为无不同意见"},
    {"R63-LATE-REPLY", "逾期回复"},
    {"R59-OBJECTION-RATIONALE", "列明各方理据，提出办理意见"},
    {"R53-NO-UNAGREED-TOPIC", "未协商一致的议题，原则上不提交会议研究"},
    {"R-ROUTE", "按规定程序办理"},
    {"R64-GOV-CHAIN", "副主任审核，主任审签，区长签发"},
    {"R64-OFFICE-CHAIN", "区长或分管副区长签发"},
    {"R63-DRAFTER-HEAD", "部门主要负责人必须认真审核把关"},
    {"R59-PRINCIPAL-SIGNS", "请示性公文须由报送单位主要负责人签发"},
    {"R63-OFFICE-FIRST", "不直接签批未经区政府办公室审核的公文文稿"},
    {"R60-CLEAR-OPINION", "签署明确意见、姓名和日期"},
    {"R60-CIRCLE-READ", "圈阅表示已阅知"},
    {"R60-MAJOR-TO-MAYOR", "重大事项报区长审批"},
    {"R21-LEGALITY-REVIEW", "规范性文件、合同须经区司法局合法性审查"},
    {"R24-FAIR-COMPETITION", "公平竞争审查"},
    {"R56-MINUTES", "会议纪要签发"},
    {"R7-R9-SUBSTITUTE", "补位、代为主持工作"},
    {"C22-JOINT-SIGN", "联合发文由所有联署机关负责人会签"},
    {"C25-REVISE-RESIGN", "实质性修改报原签批人复审"},
    {"R61-URGENT", "急件即到即办"},
    {"R61-OVERDUE", "在规定时限内办理完毕"},
    {"R57-ISSUE-5WD", "会后5个工作日内印发"},
    {"R54-AGENDA-10WD", "会前10个工作日送办公室"},
    {"GB-FORMAT", "发文字号、密级期限、标题文种"},
    {"ENV-SCHEMA", "the envelope validates against its schema"},
    {"ENV-APPEND-ONLY", "events are only ever appended"},
    {"ENV-ONE-ACT", "one act by its actor per commit, writing only its document"},
    {"ENV-SIGNATURE", "every event is signed with a key valid on its day"},
    {"ENV-CHAIN", "each event chains to the one before"},
    {"ENV-MONOTONIC", "time never runs back"},
    {"ENV-CONFIG-IN-FORCE", "every act is judged by the config in force; config acts are signed"},
    {"ENV-CLOCK", "events are stamped within the server's clock tolerance"},
    {"ENV-HISTORY", "one branch, a linear fast-forward history"},
};

const char *dr_rule_text(const char *id)
{
    for (size_t i = 0; id && i < sizeof(rule_texts) / sizeof(rule_texts[0]); i++)
        if (strcmp(rule_texts[i].id, id) == 0)
            return rule_texts[i].text;
    return "";
}

bool dr_rule_known(const char *id)
{
    for (size_t i = 0; id && dr_rule_ids[i]; i++)
        if (strcmp(dr_rule_ids[i], id) == 0)
            return true;
    return false;
}

const char *dr_rule_article(const char *id)
{
    for (size_t i = 0; id && i < sizeof(articles) / sizeof(articles[0]); i++)
        if (strncmp(id, articles[i].prefix, strlen(articles[i].prefix)) == 0)
            return articles[i].article;
    return "";
}

