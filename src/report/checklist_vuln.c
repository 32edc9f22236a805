/*
 * A checklist's rules: per rule-result (or per Rule of DISA's XCCDF),
 * DISA's fields from its Rule and Group, the idents, the status and the
 * finding details; Not_Reviewed for the bundled example.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/xmlq.h"

/* The fields DISA carries as pseudo-XML in a Rule's description. */
static const sf_checklist_key desc_tags[] = {
    {"VulnDiscussion", SF_FIELD_DISCUSS},
    {"IAControls", SF_FIELD_IA_CONTROLS},
    {"FalsePositives", SF_FIELD_FALSE_POS},
    {"FalseNegatives", SF_FIELD_FALSE_NEG},
    {"Documentable", SF_FIELD_DOCUMENTABLE},
    {"Mitigations", SF_FIELD_MITIGATIONS},
    {"PotentialImpacts", SF_FIELD_IMPACT},
    {"ThirdPartyTools", SF_FIELD_TOOLS},
    {"MitigationControl", SF_FIELD_MITIGATION_CTL},
    {"Responsibility", SF_FIELD_RESPONSIBILITY},
    {"SeverityOverrideGuidance", SF_FIELD_OVERRIDE},
};

/* The XCCDF results of the statuses before SF_STATUS_NOT_REVIEWED, in
 * their order. */
static const char *const results[] = {"pass", "fail", "notapplicable"};

/* The text of <tag>...</tag> in DISA's pseudo-XML description. */
static char *desc_tag(const char *desc, const char *tag)
{
	sf_buf open = SF_BUF_INIT, close = SF_BUF_INIT;
	const char *s, *e = NULL;
	char *text;

	sf_buf_printf(&open, "<%s>", tag);
	sf_buf_printf(&close, "</%s>", tag);
	s = strstr(desc, sf_buf_cstr(&open));
	if (s) {
		s += open.len;
		e = strstr(s, sf_buf_cstr(&close));
	}
	text = e ? sf_xstrndup(s, (size_t)(e - s)) : sf_xstrdup("");
	sf_buf_release(&open);
	sf_buf_release(&close);
	return text;
}

/* DISA's manual check: scapforge keeps it in the Rule's metadata; DISA's
 * own XCCDF in the check. */
static char *manual_check(xmlNodePtr rule)
{
	xmlNodePtr m =
	    sf_xml_child(sf_xml_child(rule, "metadata"), "manual-check");

	if (!m)
		m = sf_xml_child(sf_xml_child(rule, "check"), "check-content");
	return sf_xml_text(m);
}

/* The DPMS target identifier of the Rule's references (TargetKey). */
static char *target_key(xmlNodePtr rule)
{
	xmlNodePtr r = sf_xml_child(rule, "reference");

	for (; r; r = sf_xml_next(r, "reference")) {
		char *type = sf_xml_text(sf_xml_child(r, "type"));
		int dpms = !strcmp(type, "DPMS Target");

		free(type);
		if (dpms)
			return sf_xml_text(sf_xml_child(r, "identifier"));
	}
	return sf_xstrdup("");
}

/* The attribute of a, else of b. */
static char *prop_or(xmlNodePtr a, xmlNodePtr b, const char *name)
{
	char *v = sf_xml_prop(a, name);

	if (*v)
		return v;
	free(v);
	return sf_xml_prop(b, name);
}

/* What the Rule says (the rule-result, where the Rule is missing). */
static void read_rule(sf_checklist_vuln *v, xmlNodePtr rule, xmlNodePtr rr)
{
	char *desc = sf_xml_text(sf_xml_child(rule, "description"));
	char **f = v->f;
	size_t i;

	for (i = 0; i < SF_NELEM(desc_tags); i++)
		f[desc_tags[i].field] = desc_tag(desc, desc_tags[i].key);
	free(desc);
	if (!*f[SF_FIELD_DOCUMENTABLE]) {
		free(f[SF_FIELD_DOCUMENTABLE]);
		f[SF_FIELD_DOCUMENTABLE] = sf_xstrdup("false");
	}
	f[SF_FIELD_SEVERITY] = prop_or(rule, rr, "severity");
	f[SF_FIELD_WEIGHT] = prop_or(rule, rr, "weight");
	f[SF_FIELD_RULE_VER] = sf_xml_text(sf_xml_child(rule, "version"));
	if (!*f[SF_FIELD_RULE_VER]) {
		free(f[SF_FIELD_RULE_VER]);
		f[SF_FIELD_RULE_VER] = sf_xml_prop(rr, "version");
	}
	f[SF_FIELD_RULE_TITLE] = sf_xml_text(sf_xml_child(rule, "title"));
	f[SF_FIELD_CHECK] = manual_check(rule);
	f[SF_FIELD_FIX] = sf_xml_text(sf_xml_child(rule, "fixtext"));
	f[SF_FIELD_TARGET_KEY] = target_key(rule);
}

static void read_group(sf_checklist_vuln *v, xmlNodePtr rule)
{
	xmlNodePtr g =
	    rule && rule->parent &&
	            !strcmp((const char *)rule->parent->name, "Group")
	        ? rule->parent
	        : NULL;
	char *id = sf_xml_prop(g, "id");

	v->f[SF_FIELD_VULN_NUM] = sf_xstrdup(sf_checklist_after(id, "_group_"));
	v->f[SF_FIELD_GROUP_TITLE] = sf_xml_text(sf_xml_child(g, "title"));
	v->f[SF_FIELD_GROUP_DESC] = sf_xml_text(sf_xml_child(g, "description"));
	free(id);
}

/* Which of the listed idents c is, or -1. */
static int ident_kind(xmlNodePtr c)
{
	char *sys = sf_xml_prop(c, "system");
	size_t n = strlen(sys);
	int kind = !strcmp(sys, "http://cyber.mil/legacy")  ? SF_IDENT_LEGACY
	           : n >= 4 && !strcmp(sys + n - 4, "/cci") ? SF_IDENT_CCI
	                                                    : -1;

	free(sys);
	return kind;
}

static void read_idents(sf_checklist_vuln *v, xmlNodePtr from)
{
	xmlNodePtr c = sf_xml_child(from, "ident");
	int k;

	for (; c; c = sf_xml_next(c, "ident")) {
		k = ident_kind(c);
		if (k < 0)
			continue;
		v->idents[k] = sf_xrealloc(v->idents[k], (v->nidents[k] + 1) *
		                                             sizeof(char *));
		v->idents[k][v->nidents[k]++] = sf_xml_text(c);
	}
}

static int status_of(const char *result)
{
	size_t i;

	for (i = 0; i < SF_NELEM(results); i++)
		if (!strcmp(results[i], result))
			break;
	return (int)i;
}

static char *stig_ref(const sf_checklist *cl)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s :: Version %s, %s", cl->si[SF_SI_TITLE],
	              cl->si[SF_SI_VERSION], cl->si[SF_SI_RELEASEINFO]);
	return sf_buf_detach(&b);
}

/* DISA's check-content-ref name ("M"): scapforge's own Rules name the
 * OVAL definition there instead. */
static char *check_ref(const sf_checklist *cl, xmlNodePtr rule)
{
	xmlNodePtr ref =
	    sf_xml_child(sf_xml_child(rule, "check"), "check-content-ref");
	char *name = cl->stig ? sf_xml_prop(ref, "name") : NULL;

	if (name && *name)
		return name;
	free(name);
	return sf_xstrdup("M");
}

/* The comment of rr's check: "Automated check by scapforge ...". */
static char *check_comment(xmlNodePtr rr)
{
	xmlNodePtr content =
	    sf_xml_child(sf_xml_child(rr, "check"), "check-content");

	return sf_xml_text(sf_xml_child(content, "comment"));
}

/* The status, finding details and comments: the result of rr, if any;
 * for the bundled example, Not_Reviewed and a first line saying so. */
static void read_result(sf_checklist *cl, xmlNodePtr rr, sf_checklist_vuln *v)
{
	char *result;

	v->assessed = rr != NULL;
	v->rr = rr;
	v->status = SF_STATUS_NOT_REVIEWED;
	if (rr) {
		result = sf_xml_text(sf_xml_child(rr, "result"));
		v->status = status_of(result);
		free(result);
	}
	v->comments = v->status == SF_STATUS_OPEN && !cl->example
	                  ? check_comment(rr)
	                  : sf_xstrdup("");
	if (cl->example)
		v->status = SF_STATUS_NOT_REVIEWED;
}

char *sf_checklist_vuln_details(const sf_checklist *cl,
                                const sf_checklist_vuln *v)
{
	char *result, *details;
	sf_buf b = SF_BUF_INIT;

	if (v->rr) {
		result = sf_xml_text(sf_xml_child(v->rr, "result"));
		details = sf_checklist_finding_details(cl, v->rr, result);
		free(result);
	} else {
		details = sf_xstrdup("");
	}
	if (!cl->example)
		return details;
	sf_buf_printf(&b, "%s%s%s", SF_CHECKLIST_EXAMPLE_LINE,
	              *details ? "\n" : "", details);
	free(details);
	return sf_buf_detach(&b);
}

void sf_checklist_vuln_read(sf_checklist *cl, xmlNodePtr rule, xmlNodePtr rr,
                            sf_checklist_vuln *v)
{
	char *idref = rr ? sf_xml_prop(rr, "idref") : sf_xml_prop(rule, "id");
	const char *rid = sf_checklist_after(idref, "_rule_");
	size_t n = strlen(rid);
	char uuid[37];

	read_rule(v, rule, rr);
	read_group(v, rule);
	/* DISA's Rule lists the idents; scapforge's rule-result does */
	read_idents(v, cl->stig ? rule : rr);
	v->f[SF_FIELD_RULE_ID] = sf_xstrdup(rid);
	if (n > 5 && !strcmp(rid + n - 5, "_rule"))
		n -= 5;
	v->f[SF_FIELD_RULE_SHORT] = sf_xstrndup(rid, n);
	v->f[SF_FIELD_CHECK_REF] = check_ref(cl, rule);
	v->f[SF_FIELD_CLASS] = sf_xstrdup("Unclass");
	v->f[SF_FIELD_STIG_REF] = stig_ref(cl);
	v->f[SF_FIELD_STIG_UUID] = sf_xstrdup(cl->si[SF_SI_UUID]);
	sf_checklist_uuid(uuid, cl->id, "rule", idref);
	v->f[SF_FIELD_UUID] = sf_xstrdup(uuid);
	read_result(cl, rr, v);
	free(idref);
}

void sf_checklist_read_vulns(sf_checklist *cl)
{
	xmlNodePtr rr;

	for (rr = sf_xml_child(cl->tr, "rule-result"); rr;
	     rr = sf_xml_next(rr, "rule-result")) {
		char *idref = sf_xml_prop(rr, "idref");
		xmlNodePtr rule =
		    *idref ? sf_checklist_find(cl->bench, "Rule", idref) : NULL;

		cl->v = sf_xrealloc(cl->v, (cl->nv + 1) * sizeof(*cl->v));
		memset(&cl->v[cl->nv], 0, sizeof(*cl->v));
		sf_checklist_vuln_read(cl, rule, rr, &cl->v[cl->nv++]);
		free(idref);
	}
}

void sf_checklist_vuln_release(sf_checklist_vuln *v)
{
	size_t k;

	sf_checklist_free_all(v->f, SF_FIELD_COUNT);
	for (k = 0; k < SF_IDENT_COUNT; k++) {
		sf_checklist_free_all(v->idents[k], v->nidents[k]);
		free(v->idents[k]);
	}
	free(v->comments);
}
