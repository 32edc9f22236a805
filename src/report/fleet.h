/*
 * The roll-up of a fleet scan: each host's outcome read back from its
 * one-host JSON summary, then the fleet's JSON (fleet.json), CSV
 * (fleet.csv) and HTML page (fleet.html, through fleet.xsl).
 */
#ifndef SF_REPORT_FLEET_H
#define SF_REPORT_FLEET_H

#include <stddef.h>

#include "scan/fleet.h"
#include "util/buf.h"
#include "util/fsio.h"

/* The format of fleet.json, raised when a field changes meaning. */
#define SF_FLEET_FORMAT 1

/* Fills h's outcome from the JSON summary (summary.h) its scan wrote,
 * with the scan's exit status. Returns 0, or -1 with the last error set
 * when the text is no summary. */
int sf_fleet_outcome_read(sf_fleet_host *h, const char *json, size_t len,
                          int exit_status);

/* The fleet's exit status: 0 every host passed, 2 a host has a finding
 * or could not be scanned, 1 no host could be scanned. */
int sf_fleet_verdict(const sf_fleet *f);

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR
 * or LF; a field a spreadsheet would take for a formula (its first
 * character = + - @ tab or CR) gets a leading single quote. */
void sf_fleet_csv_field(sf_buf *b, const char *s);

void sf_fleet_json(const sf_fleet *f, sf_buf *out);
void sf_fleet_csv(const sf_fleet *f, sf_buf *out);

/* The three files into dir, through set (renamed with it). html: the
 * hosts have report.html in their folders, to link to. */
int sf_fleet_stage(sf_pending_set *set, const sf_fleet *f, const char *dir,
                   int html);

/* The fleet as an HTML page (fleet_html.c). */
int sf_fleet_html(const sf_fleet *f, int html, sf_buf *out);

#endif
