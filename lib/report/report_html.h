/* Helpers shared by the report's pages (report_html*.c). */
#ifndef COTERM_REPORT_HTML_H
#define COTERM_REPORT_HTML_H

#include "report.h"

extern const char ct__report_css[];
extern const char ct__report_js[];

/* Escaped text for element content and attribute values. */
void ct__html_text(ct__buf *b, const char *s);
/* <!doctype html> ... <main>, and </main> ... </html>. */
void ct__html_head(ct__buf *b, const char *title);
void ct__html_foot(ct__buf *b, const ct_report_job *r);
/* share as a percentage with d decimals ("97.3%"); "–" for NaN. */
void ct__html_pct(ct__buf *b, double share, int d);
/* A short number of people: "56.6 million", "453,000", "9,120". */
void ct__html_people_short(ct__buf *b, double pop);
/* A headline card: the number (HTML), what it counts, a note (may be NULL). */
void ct__html_card(ct__buf *b, const char *num, const char *what, const char *note, bool alert);
/* Table parts: a sortable header cell, a number cell with its sort value. */
void ct__html_th(ct__buf *b, const char *label, bool text);
void ct__html_td_int(ct__buf *b, double v);
void ct__html_td_pct(ct__buf *b, double share, int d, bool bad);
/* The JSON value helpers pages use. */
double ct__jd(const json_t *o, const char *path);  /* "a.b.c"; NaN if absent */
const char *ct__js(const json_t *o, const char *key); /* "" if absent */
/* A finding as a list item: severity, people affected, sentence (and its
 * systems' pages when prefix is not NULL). */
void ct__html_finding(ct__buf *b, const ct_report_job *r, const json_t *f, const char *prefix);
/* The severity legend and definitions shared by both pages. */
void ct__html_about(ct__buf *b, const ct_report_job *r);
/* The comparison with COMPARE's base (report_compare.c); nothing without one. */
void ct__report_compare_html(const ct_report_job *r, ct__buf *b);

#endif
