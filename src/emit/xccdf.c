/*
 * The XCCDF 1.2 Benchmark, shaped like DISA's STIG content: a Group per
 * Vuln ID titled with the SRG, a Rule per Rule ID whose <version> is the
 * STIG ID, DISA's ident systems, fixtext/fix, and an OVAL check whose
 * evidence path and tailoring come from exported Values.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/oval_ids.h"
#include "emit/xmlw.h"
#include "util/error.h"

#define NIST_800_53_R4_HREF                                                    \
	"https://csrc.nist.gov/publications/detail/sp/800-53/rev-4/final"
#define LEGACY_SYSTEM "http://cyber.mil/legacy"

typedef struct xccdf_ctx {
	const sf_benchmark *b;
	const sf_emit_opts *o;
	const sf_release *rel;
	xmlNsPtr ns, dc, sf;
} xccdf_ctx;

static void add_id_attr(xmlNodePtr n, const sf_benchmark *b, const char *type,
                        const char *name)
{
	char *id = sf_xccdf_id(b, type, name);

	sf_xml_attr(n, "id", id);
	free(id);
}

/* DISA's description: pseudo-XML carried as escaped text. */
static void add_rule_description(xccdf_ctx *c, xmlNodePtr rule,
                                 const sf_rule *r)
{
	sf_buf d = SF_BUF_INIT;

	sf_buf_printf(&d, "<VulnDiscussion>%s</VulnDiscussion>", r->discussion);
	sf_buf_puts(&d, "<FalsePositives></FalsePositives>"
	                "<FalseNegatives></FalseNegatives>");
	sf_buf_printf(&d, "<Documentable>%s</Documentable>",
	              r->documentable ? "true" : "false");
	sf_buf_puts(&d, "<Mitigations></Mitigations>"
	                "<SeverityOverrideGuidance></SeverityOverrideGuidance>"
	                "<PotentialImpacts></PotentialImpacts>"
	                "<ThirdPartyTools></ThirdPartyTools>"
	                "<MitigationControl></MitigationControl>"
	                "<Responsibility></Responsibility>"
	                "<IAControls></IAControls>");
	sf_xml_add(rule, c->ns, "description", sf_buf_cstr(&d));
	sf_buf_release(&d);
}

static void add_references(xccdf_ctx *c, xmlNodePtr rule, const sf_rule *r,
                           const sf_rule_ids *ids)
{
	xmlNodePtr ref;
	sf_buf title = SF_BUF_INIT;
	size_t i;

	ref = sf_xml_add(rule, c->ns, "reference", ids->rule_id);
	sf_xml_attr(ref, "href", SF_STIG_VIEWER_HREF);

	ref = sf_xml_add(rule, c->ns, "reference", NULL);
	sf_xml_add(ref, c->dc, "title", c->rel->target_title);
	sf_xml_add(ref, c->dc, "publisher", c->b->publisher);
	sf_xml_add(ref, c->dc, "type", "DPMS Target");
	/* DISA's subject is the title without its "DPMS Target " prefix. */
	sf_xml_add(ref, c->dc, "subject",
	           strncmp(c->rel->target_title, "DPMS Target ", 12)
	               ? c->rel->target_title
	               : c->rel->target_title + 12);
	sf_xml_add(ref, c->dc, "identifier", c->rel->target_identifier);

	for (i = 0; i < r->nnist; i++) {
		sf_buf_clear(&title);
		sf_buf_printf(&title, "NIST SP 800-53 Revision %d",
		              r->nist[i].revision);
		ref = sf_xml_add(rule, c->ns, "reference", NULL);
		if (r->nist[i].revision == 4)
			sf_xml_attr(ref, "href", NIST_800_53_R4_HREF);
		sf_xml_add(ref, c->dc, "title", sf_buf_cstr(&title));
		sf_xml_add(ref, c->dc, "identifier", r->nist[i].control);
		sf_xml_add(ref, c->dc, "source", r->nist[i].source);
	}
	sf_buf_release(&title);
}

static void add_check(xccdf_ctx *c, xmlNodePtr rule, const sf_rule *r,
                      const sf_oval_ids *oids)
{
	xmlNodePtr check, n;
	char *id;
	size_t i;

	check = sf_xml_add(rule, c->ns, "check", NULL);
	sf_xml_attr(check, "system", SF_NS_OVAL_DEF);
	for (i = 0; i < c->b->nvalues; i++) {
		if (!sf_oval_ids_exported(oids, i))
			continue;
		if (!sf_rule_uses_value(r, c->b->values[i].id, c->o->portable))
			continue;
		n = sf_xml_add(check, c->ns, "check-export", NULL);
		id = sf_xccdf_id(c->b, "value", c->b->values[i].id);
		sf_xml_attr(n, "value-id", id);
		free(id);
		id = sf_oval_id(c->b, "var", sf_oval_ids_value_var(oids, i));
		sf_xml_attr(n, "export-name", id);
		free(id);
	}
	n = sf_xml_add(check, c->ns, "check-content-ref", NULL);
	sf_xml_attr(n, "href", c->o->oval_href);
	id = sf_oval_id(c->b, "def", sf_rule_number(r));
	sf_xml_attr(n, "name", id);
	free(id);
}

static void add_rule(xccdf_ctx *c, xmlNodePtr group, const sf_rule *r,
                     const sf_oval_ids *oids)
{
	const sf_rule_ids *ids = sf_rule_ids_for(r, c->rel->name);
	xmlNodePtr rule, n;
	size_t i;

	rule = sf_xml_add(group, c->ns, "Rule", NULL);
	add_id_attr(rule, c->b, "rule", ids->rule_id);
	sf_xml_attr(rule, "selected", "true");
	sf_xml_attr(rule, "role", "full");
	sf_xml_attr(rule, "weight", r->weight);
	sf_xml_attr(rule, "severity", r->severity);
	sf_xml_add(rule, c->ns, "version", r->stig_id);
	sf_xml_add(rule, c->ns, "title", r->title);
	add_rule_description(c, rule, r);
	add_references(c, rule, r, ids);
	/* The Schematron of SCAP 1.3 forbids check-content in a data stream:
	 * DISA's manual check travels as metadata. */
	n = sf_xml_add(rule, c->ns, "metadata", NULL);
	n = sf_xml_add(n, c->sf, "manual-check", r->check_text);
	sf_xml_attr(n, "system", ids->check_id);
	for (i = 0; i < ids->nlegacy_ids; i++) {
		n = sf_xml_add(rule, c->ns, "ident", ids->legacy_ids[i]);
		sf_xml_attr(n, "system", LEGACY_SYSTEM);
	}
	for (i = 0; i < r->nccis; i++) {
		n = sf_xml_add(rule, c->ns, "ident", r->ccis[i]);
		sf_xml_attr(n, "system", ids->cci_system);
	}
	n = sf_xml_add(rule, c->ns, "fixtext", r->fix_text);
	sf_xml_attr(n, "fixref", ids->fix_id);
	n = sf_xml_add(rule, c->ns, "fix", NULL);
	sf_xml_attr(n, "id", ids->fix_id);
	add_check(c, rule, r, oids);
}

/* Whether the rule is in this data stream: every rule in the evidence
 * flavour, those that name a data root in the portable one. */
static int rule_in(const xccdf_ctx *c, const sf_rule *r)
{
	return !c->o->portable || r->check.data_root;
}

static void add_profiles(xccdf_ctx *c, xmlNodePtr root)
{
	xmlNodePtr p, sel;
	char *id;
	size_t i, j;

	for (i = 0; i < c->b->nprofiles; i++) {
		const sf_profile *pr = &c->b->profiles[i];

		p = sf_xml_add(root, c->ns, "Profile", NULL);
		add_id_attr(p, c->b, "profile", pr->id);
		sf_xml_add(p, c->ns, "title", pr->title);
		sf_xml_add(p, c->ns, "description", pr->description);
		for (j = 0; j < c->b->nrules; j++) {
			const sf_rule_ids *ids =
			    sf_rule_ids_for(&c->b->rules[j], c->rel->name);

			if (!rule_in(c, &c->b->rules[j]))
				continue;
			sel = sf_xml_add(p, c->ns, "select", NULL);
			id = sf_xccdf_id(c->b, "group", ids->vuln_id);
			sf_xml_attr(sel, "idref", id);
			sf_xml_attr(sel, "selected", "true");
			free(id);
			sel = sf_xml_add(p, c->ns, "select", NULL);
			id = sf_xccdf_id(c->b, "rule", ids->rule_id);
			sf_xml_attr(sel, "idref", id);
			sf_xml_attr(sel, "selected", "true");
			free(id);
		}
	}
}

/* What a Value is to a scanner that collects the evidence itself: the
 * path the evidence goes to, or the pattern of containers to leave out;
 * to one that reads Docker's own files: their data root. */
static const char *value_role(const sf_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->nrules; i++) {
		if (!strcmp(b->rules[i].check.evidence, id))
			return SF_ROLE_EVIDENCE_PATH;
		if (b->rules[i].check.data_root &&
		    !strcmp(b->rules[i].check.data_root, id))
			return SF_ROLE_DATA_ROOT;
		if (!strcmp(b->rules[i].check.exclude, id))
			return SF_ROLE_EXCLUSION_PATTERN;
	}
	return NULL;
}

static void add_values(xccdf_ctx *c, xmlNodePtr root)
{
	xmlNodePtr v, n;
	const char *role;
	size_t i, j;

	for (i = 0; i < c->b->nvalues; i++) {
		const sf_value *val = &c->b->values[i];

		role = value_role(c->b, val->id);
		/* the other data stream's own: the evidence file or the data
		 * root */
		if (role && !strcmp(role, c->o->portable ? SF_ROLE_EVIDENCE_PATH
		                                         : SF_ROLE_DATA_ROOT))
			continue;
		v = sf_xml_add(root, c->ns, "Value", NULL);
		add_id_attr(v, c->b, "value", val->id);
		sf_xml_attr(v, "type", sf_value_type_name(val->type));
		sf_xml_attr(v, "operator", "equals");
		sf_xml_add(v, c->ns, "title", val->title);
		sf_xml_add(v, c->ns, "description", val->description);
		if (role)
			sf_xml_add(sf_xml_add(v, c->ns, "metadata", NULL), c->sf,
				   "role", role);
		sf_xml_add(v, c->ns, "value", val->default_value);
		for (j = 0; j < val->nselectors; j++) {
			n = sf_xml_add(v, c->ns, "value",
			               val->selectors[j].value);
			sf_xml_attr(n, "selector", val->selectors[j].name);
		}
	}
}

static void add_header(xccdf_ctx *c, xmlNodePtr root)
{
	const sf_benchmark *b = c->b;
	char stamp[32];
	xmlNodePtr n;
	sf_buf gen = SF_BUF_INIT;

	n = sf_xml_add(root, c->ns, "status", "accepted");
	sf_xml_attr(n, "date", c->rel->status_date);
	sf_xml_add(root, c->ns, "title", b->title);
	sf_xml_add(root, c->ns, "description", c->rel->description);
	n = sf_xml_add(root, c->ns, "reference", NULL);
	sf_xml_attr(n, "href", c->rel->reference_href);
	sf_xml_add(n, c->dc, "publisher", b->publisher);
	sf_xml_add(n, c->dc, "source", b->source);
	n = sf_xml_add(root, c->ns, "plain-text", c->rel->release_info);
	sf_xml_attr(n, "id", "release-info");
	sf_buf_printf(&gen, "scapforge %s", SF_VERSION);
	n = sf_xml_add(root, c->ns, "plain-text", sf_buf_cstr(&gen));
	sf_xml_attr(n, "id", "generator");
	sf_buf_release(&gen);
	/* read on the host itself: not applicable where Docker is not (the
	 * URI binding: OpenSCAP 1.3.7 matches no formatted string here) */
	if (c->o->portable)
		sf_xml_attr(sf_xml_add(root, c->ns, "platform", NULL), "idref",
		            SF_CPE_DOCKER_ENGINE);
	n = sf_xml_add(root, c->ns, "version", c->rel->version);
	sf_xml_timestamp(c->o->timestamp, stamp);
	sf_xml_attr(n, "time", stamp);
	sf_xml_attr(n, "update", c->rel->reference_href);
	n = sf_xml_add(root, c->ns, "metadata", NULL);
	sf_xml_add(n, c->dc, "creator", b->creator);
	sf_xml_add(n, c->dc, "publisher", b->publisher);
	sf_xml_add(n, c->dc, "contributor", b->creator);
	sf_xml_add(n, c->dc, "source", b->source);
}

int sf_emit_xccdf(xmlDocPtr *out, const sf_benchmark *b, const sf_emit_opts *o)
{
	xccdf_ctx c = {b,    o,    sf_benchmark_release(b, o->release),
	               NULL, NULL, NULL};
	sf_oval_ids *oids = NULL;
	xmlDocPtr doc;
	xmlNodePtr root, group;
	size_t i;

	*out = NULL;
	if (!c.rel)
		return sf_error_set("unknown release '%s'", o->release);
	if (sf_oval_ids_plan(&oids, b, c.o->portable) < 0)
		return -1;
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "Benchmark");
	xmlDocSetRootElement(doc, root);
	c.ns = xmlNewNs(root, BAD_CAST SF_NS_XCCDF, NULL);
	c.dc = xmlNewNs(root, BAD_CAST SF_NS_DC, BAD_CAST "dc");
	c.sf = xmlNewNs(root, BAD_CAST SF_NS_SCAPFORGE, BAD_CAST "sf");
	xmlSetNs(root, c.ns);
	add_id_attr(root, b, "benchmark", b->id);
	sf_xml_attr(root, "resolved", "true");
	sf_xml_attr(root, "style", "SCAP_1.3");
	xmlNodeSetLang(root, BAD_CAST "en-US");
	add_header(&c, root);
	add_profiles(&c, root);
	add_values(&c, root);
	for (i = 0; i < b->nrules; i++) {
		const sf_rule *r = &b->rules[i];
		const sf_rule_ids *ids = sf_rule_ids_for(r, c.rel->name);

		if (!rule_in(&c, r))
			continue;
		group = sf_xml_add(root, c.ns, "Group", NULL);
		add_id_attr(group, b, "group", ids->vuln_id);
		sf_xml_add(group, c.ns, "title", r->srg);
		sf_xml_add(group, c.ns, "description",
		           "<GroupDescription></GroupDescription>");
		add_rule(&c, group, r, oids);
	}
	sf_oval_ids_free(oids);
	*out = doc;
	return 0;
}
