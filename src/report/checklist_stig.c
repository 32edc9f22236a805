/*
 * Checklists of DISA's whole STIG: DISA's manual XCCDF (XCCDF 1.1, as
 * DISA publishes it) gives every rule in DISA's order with DISA's fields,
 * and the STIG's information; the ARF's rule-results give the status of
 * those scapforge assesses. The XCCDF must be of the STIG and release
 * the results are of.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "util/error.h"
#include "util/xmlq.h"
#include "util/xmlread.h"

/* Refuses DISA's XCCDF b (at path) unless it is of the STIG and release
 * of the ARF, whose STIG information cl holds; then takes DISA's. */
static int same_release(sf_checklist *cl, xmlNodePtr b, const char *path)
{
	sf_checklist theirs;
	char *ours_r, *theirs_r;
	int rc = 0;

	memset(&theirs, 0, sizeof(theirs));
	sf_checklist_stig_info(&theirs, b, path);
	ours_r = sf_checklist_release_id(cl->si[SF_SI_VERSION],
	                                 cl->si[SF_SI_RELEASEINFO]);
	theirs_r = sf_checklist_release_id(theirs.si[SF_SI_VERSION],
	                                   theirs.si[SF_SI_RELEASEINFO]);
	if (strcmp(cl->si[SF_SI_STIGID], theirs.si[SF_SI_STIGID]) ||
	    strcmp(ours_r, theirs_r))
		rc = sf_error_set("'%s' is DISA's %s %s, but the results are "
		                  "of %s %s: give the XCCDF of the STIG and "
		                  "release that was scanned",
		                  path, theirs.si[SF_SI_STIGID], theirs_r,
		                  cl->si[SF_SI_STIGID], ours_r);
	if (rc == 0) { /* DISA's own words for its STIG */
		sf_checklist_free_all(cl->si, SF_SI_COUNT);
		memcpy(cl->si, theirs.si, sizeof(cl->si));
	} else {
		sf_checklist_free_all(theirs.si, SF_SI_COUNT);
	}
	free(ours_r);
	free(theirs_r);
	return rc;
}

int sf_checklist_stig_load(sf_checklist *cl, const char *path)
{
	xmlNodePtr b;

	if (sf_xml_read(&cl->stig, path, NULL, 0) != 0)
		return -1;
	b = xmlDocGetRootElement(cl->stig);
	if (!sf_xml_is(b, NULL, "Benchmark"))
		return sf_error_set("'%s' is not DISA's XCCDF of a STIG: its "
		                    "root element is '%s', not 'Benchmark'",
		                    path, b ? (const char *)b->name : "");
	return same_release(cl, b, path);
}

/* The walk over DISA's Rules. */
typedef struct stig_walk {
	sf_checklist *cl;
	xmlNodePtr *rr; /* the ARF's rule-results */
	char **rid;     /* the Rule ID of each ("SV-235784r960804_rule") */
	int *used;
	size_t nrr;
} stig_walk;

static void add_rule(stig_walk *w, xmlNodePtr rule)
{
	sf_checklist *cl = w->cl;
	char *id = sf_xml_prop(rule, "id");
	xmlNodePtr rr = NULL;
	size_t i;

	for (i = 0; i < w->nrr && !rr; i++)
		if (!w->used[i] && !strcmp(w->rid[i], id)) {
			w->used[i] = 1;
			rr = w->rr[i];
		}
	cl->v = sf_xrealloc(cl->v, (cl->nv + 1) * sizeof(*cl->v));
	memset(&cl->v[cl->nv], 0, sizeof(*cl->v));
	sf_checklist_vuln_read(cl, rule, rr, &cl->v[cl->nv++]);
	free(id);
}

/* Every Rule below n, Groups in Groups too, in the document's order. */
static void walk(stig_walk *w, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (sf_xml_is(c, NULL, "Group"))
			walk(w, c);
		else if (sf_xml_is(c, NULL, "Rule"))
			add_rule(w, c);
	}
}

int sf_checklist_stig_vulns(sf_checklist *cl)
{
	stig_walk w = {cl, NULL, NULL, NULL, 0};
	xmlNodePtr rr;
	size_t i;
	int rc = 0;

	for (rr = sf_xml_child(cl->tr, "rule-result"); rr;
	     rr = sf_xml_next(rr, "rule-result")) {
		char *idref = sf_xml_prop(rr, "idref");

		w.rr = sf_xrealloc(w.rr, (w.nrr + 1) * sizeof(*w.rr));
		w.rid = sf_xrealloc(w.rid, (w.nrr + 1) * sizeof(*w.rid));
		w.rr[w.nrr] = rr;
		w.rid[w.nrr++] =
		    sf_xstrdup(sf_checklist_after(idref, "_rule_"));
		free(idref);
	}
	w.used = sf_xcalloc(w.nrr ? w.nrr : 1, sizeof(*w.used));
	walk(&w, xmlDocGetRootElement(cl->stig));
	for (i = 0; i < w.nrr && rc == 0; i++)
		if (!w.used[i])
			rc = sf_error_set("the results' rule %s is not in "
			                  "DISA's STIG '%s' (or is there twice "
			                  "in the results)",
			                  w.rid[i], cl->si[SF_SI_FILENAME]);
	sf_checklist_free_all(w.rid, w.nrr);
	free(w.rid);
	free(w.rr);
	free(w.used);
	return rc;
}
