/*
 * Results merged into an existing CKLB at the byte level: the JSON is
 * read into a tree that keeps each value's place in the text, and only
 * the "status" and "finding_details" strings of the rules scapforge
 * assessed are replaced; every other byte stays as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/jsontree.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The stig of cl's STIG and release in the array stigs, or NULL (the
 * last error set). */
static const sf_jtree *find_stig(const sf_checklist *cl, const char *name,
                                 const sf_jtree *stigs)
{
	sf_buf seen = SF_BUF_INIT;
	const sf_jtree *hit = NULL;
	size_t i;

	for (i = 0; i < stigs->n && !hit; i++) {
		const sf_jtree *s = &stigs->kids[i];

		if (sf_checklist_stig_match(
		        cl, or_empty(sf_jtree_str(s, "stig_id")),
		        or_empty(sf_jtree_str(s, "version")),
		        or_empty(sf_jtree_str(s, "release_info")), &seen))
			hit = s;
	}
	if (!hit)
		sf_checklist_refuse(cl, name, &seen);
	sf_buf_release(&seen);
	return hit;
}

/* The rule of v in rules, there once, with its status and finding
 * details as strings. */
static const sf_jtree *find_rule(const char *name, const sf_jtree *rules,
                                 const sf_checklist_vuln *v)
{
	const char *rid = v->f[SF_FIELD_RULE_ID];
	const sf_jtree *hit = NULL, *st, *fd;
	size_t i, hits = 0;

	for (i = 0; i < rules->n; i++) {
		const char *got = sf_jtree_str(&rules->kids[i], "rule_id_src");

		if (got && !strcmp(got, rid) && !hits++)
			hit = &rules->kids[i];
	}
	if (hits != 1) {
		sf_error_set(hits ? "'%s' holds the rule %s (%s) twice; "
		                    "nothing was merged"
		                  : "'%s' has no rule %s (%s) to fill in; "
		                    "nothing was merged",
		             name, rid, v->f[SF_FIELD_RULE_VER]);
		return NULL;
	}
	st = sf_jtree_get(hit, "status");
	fd = sf_jtree_get(hit, "finding_details");
	if (!st || st->kind != SF_JTREE_STRING || !fd ||
	    fd->kind != SF_JTREE_STRING) {
		sf_error_set("'%s': the rule %s has no \"status\" and "
		             "\"finding_details\" strings; nothing was merged",
		             name, rid);
		return NULL;
	}
	return hit;
}

/* s as a JSON string, written as scapforge writes strings. */
static char *json_string(const char *s)
{
	sf_buf b = SF_BUF_INIT;
	sf_json j;

	sf_json_init(&j, &b);
	sf_json_string(&j, s);
	return sf_buf_detach(&b);
}

static void add_edits(const sf_jtree *rule, const sf_checklist *cl,
                      const sf_checklist_vuln *v, sf_checklist_edits *e)
{
	const sf_jtree *st = sf_jtree_get(rule, "status"),
	               *fd = sf_jtree_get(rule, "finding_details");
	char *details = sf_checklist_vuln_details(cl, v);

	sf_checklist_edits_add(e, st->start, st->end,
	                       json_string(sf_cklb_status(v->status)));
	sf_checklist_edits_add(e, fd->start, fd->end, json_string(details));
	free(details);
}

int sf_cklb_merge(const sf_checklist *cl, const char *name, const char *text,
                  size_t len, sf_buf *out)
{
	sf_checklist_edits e = {NULL, 0};
	const sf_jtree *stigs, *stig = NULL, *rules = NULL, *rule;
	sf_jtree *t = NULL;
	size_t i;
	int rc = sf_jtree_parse(&t, name, text, len);

	stigs = sf_jtree_get(t, "stigs");
	if (rc == 0 && (!stigs || stigs->kind != SF_JTREE_ARRAY))
		rc = sf_error_set("'%s' is not a CKLB: it has no \"stigs\" "
		                  "array",
		                  name);
	if (rc == 0 && !(stig = find_stig(cl, name, stigs)))
		rc = -1;
	if (rc == 0)
		rc = sf_checklist_host_check(
		    cl, name,
		    or_empty(sf_jtree_str(sf_jtree_get(t, "target_data"),
		                          "host_name")));
	if (rc == 0) {
		rules = sf_jtree_get(stig, "rules");
		if (!rules || rules->kind != SF_JTREE_ARRAY)
			rc = sf_error_set("'%s' is not a CKLB: its STIG has no "
			                  "\"rules\" array",
			                  name);
	}
	for (i = 0; rc == 0 && i < cl->nv; i++) {
		if (!cl->v[i].assessed)
			continue;
		rule = find_rule(name, rules, &cl->v[i]);
		if (!rule)
			rc = -1;
		else
			add_edits(rule, cl, &cl->v[i], &e);
	}
	if (rc == 0)
		rc = sf_checklist_edits_apply(&e, name, text, len, out);
	sf_checklist_edits_release(&e);
	sf_jtree_free(t);
	return rc;
}
