/*
 * What scan.c and values.c share: the Values of a scan, as the profile,
 * its refine-value and set-value elements and the command line's
 * --set-value make them, checked against their types.
 */
#ifndef SF_SCAN_SCAN_INT_H
#define SF_SCAN_SCAN_INT_H

#include <libxml/tree.h>

#include "scan/scan.h"

/* An attribute's value (the caller frees), or NULL when absent. */
char *sf_scan_prop(xmlNodePtr n, const char *name);
/* The setting of the Value id, or NULL. */
sf_setting *sf_scan_setting(sf_scan *s, const char *id);
/* Fills s->settings: each Value's default, the profile's choices, then
 * --set-value; a boolean or number Value of another form is an error.
 * Returns 0, or -1 with the last error set. */
int sf_scan_values(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                   const sf_scan_opts *o);

#endif
