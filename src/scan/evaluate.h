/*
 * The OVAL engine over one side of the evidence: the assessed
 * containers, or the containers the exclusion left out (evaluated the
 * same way, to say which of them would be findings). The evidence filter
 * gathers the values of every YAML path the OVAL objects read in its one
 * pass over the input; each side's engine is handed its containers'
 * values, renumbered to the side's list.
 */
#ifndef SF_SCAN_EVALUATE_H
#define SF_SCAN_EVALUATE_H

#include <stddef.h>

#include "eval/engine.h"
#include "eval/ypath.h"
#include "scan/offenders.h"
#include "scan/scan.h"

typedef struct sf_side {
	const sf_container *c;
	size_t n;
	int excluded; /* the excluded containers, not the assessed */
} sf_side;

/* An OVAL definition's result as the XCCDF rule's. */
sf_xccdf_result sf_xccdf_from_oval(sf_oval_result r);

/* The YAML paths the OVAL objects read (the caller frees each with
 * sf_ypath_free, then the array). */
size_t sf_eval_paths(const sf_content *c, sf_ypath ***out);

/* Hands the side's values of each path to e (the values of
 * Scapforge.* come from the collector's resolution instead of the
 * input), as read from file: vals stays as it was for the other side,
 * unless last (no side needs it after this one), when the side's values
 * are moved out of it rather than copied; notes in pr[i] which
 * containers had one (the caller frees each pr[i].present). */
void sf_side_provide(sf_oval_engine *e, const char *file,
                     sf_ypath *const *paths, sf_yvalues *vals, size_t n,
                     const sf_evidence *ev, const sf_side *sd, int last,
                     sf_presence *pr);

/* Evaluates rule r's definition on e (its external variables set):
 * the result, why it ended in error, and for a failure its offenders,
 * indexes into the side's list, explained (offenders.h). */
void sf_side_evaluate(sf_oval_engine *e, const sf_content *c,
                      const sf_xrule *r, const sf_side *sd,
                      const sf_presence *pr, size_t npr, sf_outcome *out);

#endif
