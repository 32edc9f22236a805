/*
 * What scapforge scan prints on the terminal: the table of results, then
 * the target, the engine, the evidence and the containers left out. Names
 * from the evidence are shown with their control characters as '?'.
 */
#ifndef SF_CLI_SCAN_PRINT_H
#define SF_CLI_SCAN_PRINT_H

#include "scan/scan.h"
#include "util/buf.h"

/* Appends s for the terminal: control characters as '?'. */
void sf_scan_print_safe(sf_buf *b, const char *s);
void sf_scan_print_table(const sf_scan *s);
/* path: the evidence file written. */
void sf_scan_print_evidence(const sf_scan *s, const char *path);

#endif
