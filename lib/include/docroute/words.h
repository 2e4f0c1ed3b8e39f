/* docroute — the toolkit's words: the one table of the Chinese words its C sources use.
 *
 * Every Chinese word or mark a message, the help or a format of the code needs is
 * defined here, and nowhere else (a CI test, t0020, holds the sources to it): the marks
 * of the national standard's formats (GB/T 9704-2012: 发文字号 代字〔年份〕序号号, the
 * secrecy term), the draft template's placeholders, and the names of the acts and terms
 * of 公文 practice the help and messages cite. The organization's own words — its rules'
 * texts, phrases, units, roles, groups, the slip's labels — are its config's, never here.
 * The names of the 15 types of documents (条例 第八条) are the table of lib/words.c. */
#ifndef DOCROUTE_WORDS_H
#define DOCROUTE_WORDS_H

/* GB/T 9704-2012 7.2.4: 发文字号 — 代字〔年份〕序号号 */
#define DR_W_NUMBER_OPEN "〔"
#define DR_W_NUMBER_CLOSE "〕"
#define DR_W_NUMBER_SERIAL "号"
#define DR_W_YEAR "年份"
#define DR_W_SERIAL_NO "序号"
/* GB/T 9704-2012 7.2.2: the secrecy term, 「机密★1年」 */
#define DR_W_TERM_YEARS "年"
#define DR_W_TERM_MONTHS "个月"
#define DR_W_TERM_LONG "长期"
#define DR_W_TERM_STAR "★"
/* Quotation marks around a quoted opinion */
#define DR_W_QUOTE_OPEN "「"
#define DR_W_QUOTE_CLOSE "」"
/* The draft template's placeholders; left in, they are refused. */
#define DR_W_TITLE_PLACEHOLDER "（请填写标题）"
#define DR_W_MATTER_PLACEHOLDER "（请填写事项）"

/* Terms of 公文 practice the help and messages name. */
#define DR_W_OFFICIAL_DOCS "公文"
#define DR_W_REGULATION_ART8 "条例第八条"
#define DR_W_CIVIL_CODE_201 "民法典 第201条"
#define DR_W_NUMBER_PREFIX "代字"
#define DR_W_DOC_NUMBER "发文字号"
#define DR_W_ISSUING_SIGNER "签发人"
#define DR_W_ACTING_FOR "代"
#define DR_W_COUNTERSIGN "会签"
#define DR_W_ADD_COUNTERSIGN "加签"
#define DR_W_FIRST_REVIEW "初审"
#define DR_W_COORDINATION "协调说明"
#define DR_W_UNAGREED "未会签"
#define DR_W_PENDING_WORK "待办"
#define DR_W_CHASE "催办"
#define DR_W_REGISTER "登记"
#define DR_W_RECEIVE "签收"
#define DR_W_REVIEW "审核"
#define DR_W_REVIEW_SIGN "审签"
#define DR_W_ISSUE_SIGN "签发"
#define DR_W_CIRCLE_READ "圈阅"
#define DR_W_FILE "报备"
#define DR_W_RETURN "退回"
#define DR_W_WITHDRAW "撤回"
#define DR_W_IN_PRINCIPLE "原则上"
#define DR_W_LEAD_UNIT "主办"
#define DR_W_PRIMARY "主送"
#define DR_W_COPY "抄送"
#define DR_W_SLIP_INCOMING "公文处理单"
#define DR_W_SLIP_OUTGOING "发文稿纸"
#define DR_W_PROVISIONAL "暂定"
#define DR_W_EXTRA_URGENT "特急"
#define DR_W_URGENT "加急"

#endif
