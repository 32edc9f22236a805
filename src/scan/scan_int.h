/*
 * What scan.c, values.c and portable.c share: the Values of a scan, as
 * the profile, its refine-value and set-value elements and the command
 * line's --set-value make them, checked against their types.
 */
#ifndef SF_SCAN_SCAN_INT_H
#define SF_SCAN_SCAN_INT_H

#include <libxml/tree.h>

#include "scan/scan.h"

/* An attribute's value (the caller frees), or NULL when absent. */
char *sf_scan_prop(xmlNodePtr n, const char *name);
/* The setting of the Value id, or NULL. */
sf_setting *sf_scan_setting(sf_scan *s, const char *id);
/* Gives every Value of role this value, over what the profile and
 * --set-value said (what the scan itself knows better). */
void sf_scan_set_role(sf_scan *s, const char *role, const char *value);
/* Fills s->settings: each Value's default, the profile's choices, then
 * --set-value; a boolean or number Value of another form is an error.
 * Returns 0, or -1 with the last error set. */
int sf_scan_values(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                   const sf_scan_opts *o);
/* Whether the scan evaluates the rule: named (or none named) and
 * selected by the profile. */
int sf_scan_selects(const sf_scan_opts *o, xmlNodePtr profile,
                    const sf_xrule *r);
/* Hands e the Values the rule's check exports, the one of role (when
 * not NULL) with value instead of its own. */
struct sf_oval_engine;
void sf_scan_exports(sf_scan *s, struct sf_oval_engine *e, const sf_xrule *r,
                     const char *role, const char *value);
/* The scan of a data stream whose checks read Docker's data root
 * (portable.c), its Values set: fills s, or returns -1 with the last
 * error set. */
int sf_scan_portable(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                     const sf_scan_opts *o);

#endif
