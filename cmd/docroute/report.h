/* docroute check's reports: text, json, JUnit (Jenkins' junit-10.xsd) and SARIF 2.1.0
 * as GitHub code scanning and GitLab take it. */
#ifndef DR_REPORT_H
#define DR_REPORT_H

#include "common.h"

/* One commit the check walked: its document (Doc-Id trailer; "" for a config act or
 * the genesis) and, when it could not be verified at all, why. */
typedef struct checked_commit {
    char id[41];
    char doc[64];
    char error[400];
} checked_commit;

typedef struct check_report {
    const char *format; /* text, json, junit, sarif */
    bool by_doc;        /* JUnit: one suite per document (--all), else per commit */
    bool clock;         /* ENV-CLOCK was checked (the hook) */
    const dr_config *cfg; /* the tip's: the catalog the rules are described from */
    const dr_findings *findings;
    const checked_commit *commits;
    size_t ncommits;
} check_report;

/* Reads the Doc-Id trailer of a commit into doc ("" when none). */
void commit_doc(dr_store *st, const char *commit, char doc[64]);
/* Prints the report on stdout (text and json through the tool's JSON result). */
void report_findings(tool *t, const check_report *r);

#endif
