#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "report/arf.h"
#include "report/checklist.h"
#include "util/xstream.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/text.h"
#include "util/xmlq.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A VULN's fields: the CKL's STIG_DATA in DISA's order up to F_CKL, then
 * what only the CKLB has. */
enum {
	F_VULN_NUM,
	F_SEVERITY,
	F_GROUP_TITLE,
	F_RULE_ID,
	F_RULE_VER,
	F_RULE_TITLE,
	F_DISCUSS,
	F_IA_CONTROLS,
	F_CHECK,
	F_FIX,
	F_FALSE_POS,
	F_FALSE_NEG,
	F_DOCUMENTABLE,
	F_MITIGATIONS,
	F_IMPACT,
	F_TOOLS,
	F_MITIGATION_CTL,
	F_RESPONSIBILITY,
	F_OVERRIDE,
	F_CHECK_REF,
	F_WEIGHT,
	F_CLASS,
	F_STIG_REF,
	F_TARGET_KEY,
	F_STIG_UUID,
	F_CKL, /* the CKL's attributes end here */
	F_RULE_SHORT = F_CKL,
	F_GROUP_DESC,
	F_UUID,
	F_COUNT
};

static const char *const ckl_attrs[F_CKL] = {
    "Vuln_Num",
    "Severity",
    "Group_Title",
    "Rule_ID",
    "Rule_Ver",
    "Rule_Title",
    "Vuln_Discuss",
    "IA_Controls",
    "Check_Content",
    "Fix_Text",
    "False_Positives",
    "False_Negatives",
    "Documentable",
    "Mitigations",
    "Potential_Impact",
    "Third_Party_Tools",
    "Mitigation_Control",
    "Responsibility",
    "Security_Override_Guidance",
    "Check_Content_Ref",
    "Weight",
    "Class",
    "STIGRef",
    "TargetKey",
    "STIG_UUID",
};

typedef struct key_field {
	const char *key;
	int field;
} key_field;

/* The fields DISA carries as pseudo-XML in a Rule's description. */
static const key_field desc_tags[] = {
    {"VulnDiscussion", F_DISCUSS},
    {"IAControls", F_IA_CONTROLS},
    {"FalsePositives", F_FALSE_POS},
    {"FalseNegatives", F_FALSE_NEG},
    {"Documentable", F_DOCUMENTABLE},
    {"Mitigations", F_MITIGATIONS},
    {"PotentialImpacts", F_IMPACT},
    {"ThirdPartyTools", F_TOOLS},
    {"MitigationControl", F_MITIGATION_CTL},
    {"Responsibility", F_RESPONSIBILITY},
    {"SeverityOverrideGuidance", F_OVERRIDE},
};

/* CKLB rule keys holding a field, in STIG Viewer 3's order; the other
 * keys are written between these runs. */
static const key_field cklb_text[] = {
    {"group_id", F_VULN_NUM},
    {"group_id_src", F_VULN_NUM},
    {"severity", F_SEVERITY},
    {"group_title", F_GROUP_TITLE},
    {"rule_id_src", F_RULE_ID},
    {"rule_id", F_RULE_SHORT},
    {"rule_version", F_RULE_VER},
    {"rule_title", F_RULE_TITLE},
    {"discussion", F_DISCUSS},
    {"ia_controls", F_IA_CONTROLS},
    {"check_content", F_CHECK},
    {"fix_text", F_FIX},
    {"false_positives", F_FALSE_POS},
    {"false_negatives", F_FALSE_NEG},
    {"documentable", F_DOCUMENTABLE},
    {"mitigations", F_MITIGATIONS},
    {"potential_impacts", F_IMPACT},
    {"third_party_tools", F_TOOLS},
    {"mitigation_control", F_MITIGATION_CTL},
    {"responsibility", F_RESPONSIBILITY},
    {"security_override_guidance", F_OVERRIDE},
};
static const key_field cklb_class[] = {
    {"weight", F_WEIGHT},
    {"classification", F_CLASS},
};
static const key_field cklb_refs[] = {
    {"stig_ref", F_STIG_REF},
    {"target_key", F_TARGET_KEY},
    {"uuid", F_UUID},
    {"stig_uuid", F_STIG_UUID},
};

/* STIG_INFO's SI_DATA, in STIG Viewer 2.x's order. */
enum {
	SI_VERSION,
	SI_CLASSIFICATION,
	SI_CUSTOMNAME,
	SI_STIGID,
	SI_DESCRIPTION,
	SI_FILENAME,
	SI_RELEASEINFO,
	SI_TITLE,
	SI_UUID,
	SI_NOTICE,
	SI_SOURCE,
	SI_COUNT
};
static const char *const si_names[SI_COUNT] = {
    "version",     "classification", "customname",  "stigid",
    "description", "filename",       "releaseinfo", "title",
    "uuid",        "notice",         "source"};

enum { A_HOST_NAME, A_HOST_IP, A_HOST_MAC, A_HOST_FQDN, A_TARGET_KEY, A_COUNT };

/* The CKL's ASSET in STIG Viewer 2.x's order: fixed text or a field. */
static const struct {
	const char *name, *text;
	int field;
} asset_elems[] = {
    {"ROLE", "None", -1},
    {"ASSET_TYPE", "Computing", -1},
    {"HOST_NAME", NULL, A_HOST_NAME},
    {"HOST_IP", NULL, A_HOST_IP},
    {"HOST_MAC", NULL, A_HOST_MAC},
    {"HOST_FQDN", NULL, A_HOST_FQDN},
    {"TARGET_COMMENT", "", -1},
    {"TECH_AREA", "", -1},
    {"TARGET_KEY", NULL, A_TARGET_KEY},
    {"WEB_OR_DATABASE", "false", -1},
    {"WEB_DB_SITE", "", -1},
    {"WEB_DB_INSTANCE", "", -1},
};

/* XCCDF results to checklist statuses; the last row is for the rest. */
static const struct {
	const char *result, *ckl, *cklb;
} statuses[] = {
    {"pass", "NotAFinding", "not_a_finding"},
    {"fail", "Open", "open"},
    {"notapplicable", "Not_Applicable", "not_applicable"},
    {NULL, "Not_Reviewed", "not_reviewed"},
};

enum { ID_LEGACY, ID_CCI };

typedef struct vuln {
	xmlNodePtr rr; /* the rule-result */
	char *f[F_COUNT];
	size_t status; /* row of statuses */
	char *details;
} vuln;

/* What the checklists say, read from the ARF (which stays loaded: the
 * idents are read from it as they are written). */
typedef struct sheet {
	xmlDocPtr doc;
	xmlNodePtr tr, bench;
	char *asset[A_COUNT];
	char *si[SI_COUNT];
	char *comments;
	char *title;
	char id[37];
	vuln *v;
	size_t nv;
} sheet;

/* ---- reading the ARF ---- */

static int has_id(xmlNodePtr n, const char *id)
{
	char *v = sf_xml_prop(n, "id");
	int same = !strcmp(v, id);

	free(v);
	return same;
}

/* The first element below n with this local name and id (any id when id
 * is NULL), depth first. */
static xmlNodePtr find(xmlNodePtr n, const char *name, const char *id)
{
	xmlNodePtr c, hit;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, name) &&
		    (!id || has_id(c, id)))
			return c;
		hit = find(c, name, id);
		if (hit)
			return hit;
	}
	return NULL;
}

/* What follows marker in an XCCDF ID ("V-1" of "xccdf_x_group_V-1"),
 * or the whole ID. */
static const char *after(const char *id, const char *marker)
{
	const char *p = strstr(id, marker);

	return p ? p + strlen(marker) : id;
}

static int load(sheet *sh, const char *path)
{
	xmlNodePtr root;
	char *bid;

	if (sf_arf_load(&sh->doc, &sh->tr, path) < 0)
		return -1;
	root = xmlDocGetRootElement(sh->doc);
	bid = sf_xml_prop(sf_xml_child(sh->tr, "benchmark"), "id");
	sh->bench = find(sf_xml_child(root, "report-requests"), "Benchmark",
	                 *bid ? bid : NULL);
	if (!sh->bench)
		sf_error_set("the ARF '%s' does not hold the XCCDF Benchmark "
		             "'%s' its TestResult was made with",
		             path, bid);
	free(bid);
	return sh->bench ? 0 : -1;
}

/* A stable UUID (RFC 9562 version 8) made of the SHA-256 of the parts. */
static void derive_uuid(char out[37], const char *a, const char *b,
                        const char *c)
{
	const char *parts[3] = {a, b, c};
	char hex[65];
	sf_sha256 s;
	size_t i, o = 0;
	int nibble;

	sf_sha256_init(&s);
	for (i = 0; i < 3; i++) /* each with its NUL, as a separator */
		sf_sha256_update(&s, parts[i], strlen(parts[i]) + 1);
	sf_sha256_hex(&s, hex);
	hex[12] = '8';
	nibble = hex[16] <= '9' ? hex[16] - '0' : hex[16] - 'a' + 10;
	hex[16] = "89ab"[nibble & 3];
	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

static int any_value(const char *v)
{
	return *v != '\0';
}

static int not_loopback(const char *ip)
{
	return *ip && strncmp(ip, "127.", 4) && strcmp(ip, "::1");
}

static int useful_mac(const char *mac)
{
	return *mac && strspn(mac, "0:-.") != strlen(mac);
}

/* The first fact named name whose value ok accepts, or NULL. */
static char *fact(xmlNodePtr tr, const char *name, int (*ok)(const char *))
{
	xmlNodePtr f = sf_xml_child(sf_xml_child(tr, "target-facts"), "fact");

	for (; f; f = sf_xml_next(f, "fact")) {
		char *n = sf_xml_prop(f, "name"), *v;
		int named = !strcmp(n, name);

		free(n);
		if (!named)
			continue;
		v = sf_xml_text(f);
		if (ok(v))
			return v;
		free(v);
	}
	return NULL;
}

/* A host identifier fact under the name OpenSCAP or SCC gives it. */
static char *host_fact(xmlNodePtr tr, const char *what, int (*ok)(const char *))
{
	static const char *const prefixes[] = {
	    "urn:xccdf:fact:asset:identifier:",
	    "urn:scap:fact:asset:identifier:"};
	sf_buf name = SF_BUF_INIT;
	char *v = NULL;
	size_t i;

	for (i = 0; i < COUNT(prefixes) && !v; i++) {
		sf_buf_clear(&name);
		sf_buf_printf(&name, "%s%s", prefixes[i], what);
		v = fact(tr, sf_buf_cstr(&name), ok);
	}
	sf_buf_release(&name);
	return v;
}

static char *or_empty(char *s)
{
	return s ? s : sf_xstrdup("");
}

/* The first non-loopback IPv4 address, else the first address. */
static char *host_ip(xmlNodePtr tr)
{
	char *ip = host_fact(tr, "ipv4", not_loopback);

	if (ip)
		return ip;
	ip = sf_xml_text(sf_xml_child(tr, "target-address"));
	if (*ip)
		return ip;
	free(ip);
	ip = host_fact(tr, "ipv4", any_value);
	return or_empty(ip ? ip : host_fact(tr, "ipv6", any_value));
}

static void read_asset(sheet *sh)
{
	char *name = host_fact(sh->tr, "host_name", any_value);

	sh->asset[A_HOST_NAME] =
	    name ? name : sf_xml_text(sf_xml_child(sh->tr, "target"));
	sh->asset[A_HOST_IP] = host_ip(sh->tr);
	sh->asset[A_HOST_MAC] = or_empty(host_fact(sh->tr, "mac", useful_mac));
	sh->asset[A_HOST_FQDN] = or_empty(host_fact(sh->tr, "fqdn", any_value));
	sh->asset[A_TARGET_KEY] =
	    sf_xstrdup(sh->nv ? sh->v[0].f[F_TARGET_KEY] : "");
}

/* The plain-text of the Benchmark with this id ("release-info"). */
static char *plain_text(xmlNodePtr bench, const char *id)
{
	xmlNodePtr p = sf_xml_child(bench, "plain-text");

	while (p && !has_id(p, id))
		p = sf_xml_next(p, "plain-text");
	return sf_xml_text(p);
}

static void read_stig_info(sheet *sh, const char *arf_path)
{
	xmlNodePtr b = sh->bench;
	const char *base = strrchr(arf_path, '/');
	char *id = sf_xml_prop(b, "id"), uuid[37];

	sh->si[SI_VERSION] = sf_xml_text(sf_xml_child(b, "version"));
	sh->si[SI_CLASSIFICATION] = sf_xstrdup("UNCLASSIFIED");
	sh->si[SI_CUSTOMNAME] = sf_xstrdup("");
	sh->si[SI_STIGID] = sf_xstrdup(after(id, "_benchmark_"));
	sh->si[SI_DESCRIPTION] = sf_xml_text(sf_xml_child(b, "description"));
	/* the STIG was read from the ARF, which carries the data stream */
	sh->si[SI_FILENAME] = sf_xstrdup(base ? base + 1 : arf_path);
	sh->si[SI_RELEASEINFO] = plain_text(b, "release-info");
	sh->si[SI_TITLE] = sf_xml_text(sf_xml_child(b, "title"));
	derive_uuid(uuid, id, sh->si[SI_VERSION], sh->si[SI_RELEASEINFO]);
	sh->si[SI_UUID] = sf_xstrdup(uuid);
	sh->si[SI_NOTICE] = sf_xml_prop(sf_xml_child(b, "notice"), "id");
	sh->si[SI_SOURCE] =
	    sf_xml_text(sf_xml_child(sf_xml_child(b, "reference"), "source"));
	free(id);
}

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
static void read_rule(vuln *v, xmlNodePtr rule, xmlNodePtr rr)
{
	char *desc = sf_xml_text(sf_xml_child(rule, "description"));
	size_t i;

	for (i = 0; i < COUNT(desc_tags); i++)
		v->f[desc_tags[i].field] = desc_tag(desc, desc_tags[i].key);
	free(desc);
	if (!*v->f[F_DOCUMENTABLE]) {
		free(v->f[F_DOCUMENTABLE]);
		v->f[F_DOCUMENTABLE] = sf_xstrdup("false");
	}
	v->f[F_SEVERITY] = prop_or(rule, rr, "severity");
	v->f[F_WEIGHT] = prop_or(rule, rr, "weight");
	v->f[F_RULE_VER] = sf_xml_text(sf_xml_child(rule, "version"));
	if (!*v->f[F_RULE_VER]) {
		free(v->f[F_RULE_VER]);
		v->f[F_RULE_VER] = sf_xml_prop(rr, "version");
	}
	v->f[F_RULE_TITLE] = sf_xml_text(sf_xml_child(rule, "title"));
	v->f[F_CHECK] = manual_check(rule);
	v->f[F_FIX] = sf_xml_text(sf_xml_child(rule, "fixtext"));
	v->f[F_TARGET_KEY] = target_key(rule);
}

static void read_group(vuln *v, xmlNodePtr rule)
{
	xmlNodePtr g =
	    rule && rule->parent &&
	            !strcmp((const char *)rule->parent->name, "Group")
	        ? rule->parent
	        : NULL;
	char *id = sf_xml_prop(g, "id");

	v->f[F_VULN_NUM] = sf_xstrdup(after(id, "_group_"));
	v->f[F_GROUP_TITLE] = sf_xml_text(sf_xml_child(g, "title"));
	v->f[F_GROUP_DESC] = sf_xml_text(sf_xml_child(g, "description"));
	free(id);
}

/* ---- the finding details and comments, in words ---- */

/* Attribute values of n for names (count of them); the caller frees. */
static void props(xmlNodePtr n, const char *const *names, char **out,
                  size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		out[i] = sf_xml_prop(n, names[i]);
}

static void free_all(char **s, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(s[i]);
}

static const char *or_none(const char *s, const char *none)
{
	return *s ? s : none;
}

static xmlNodePtr scan_meta(xmlNodePtr tr)
{
	return sf_xml_child(sf_xml_child(tr, "metadata"), "scan");
}

/* Each offending container (element "offender", or "excluded-offender"
 * under its heading): name, short ID, image, setting and value. Returns
 * how many. */
static size_t offenders(sf_buf *b, xmlNodePtr rr, const char *element,
                        const char *heading)
{
	static const char *const names[] = {"name",    "id",    "image",
	                                    "setting", "value", "detail"};
	xmlNodePtr md = sf_xml_child(rr, "metadata"), o;
	size_t n = 0;
	char *a[6];

	for (o = sf_xml_child(md, element); o; o = sf_xml_next(o, element))
		n++;
	if (n)
		sf_buf_printf(b, "%s (%zu):\n", heading, n);
	for (o = sf_xml_child(md, element); o; o = sf_xml_next(o, element)) {
		props(o, names, a, COUNT(names));
		sf_buf_printf(b, "- %s (%.12s, image %s): %s is %s\n",
		              or_none(a[0], "(no name)"), a[1],
		              or_none(a[2], "(none)"), a[3], *a[5] ? a[5] : a[4]);
		free_all(a, COUNT(names));
	}
	return n;
}

/* The messages that are not about an offender (errors of the check). */
static void problems(sf_buf *b, xmlNodePtr rr)
{
	xmlNodePtr m = sf_xml_child(rr, "message");

	for (; m; m = sf_xml_next(m, "message")) {
		char *sev = sf_xml_prop(m, "severity"), *text;

		if (strcmp(sev, "info")) {
			text = sf_xml_text(m);
			sf_buf_printf(b, "Problem: %s\n", text);
			free(text);
		}
		free(sev);
	}
}

static void evidence(sf_buf *b, xmlNodePtr scan)
{
	static const char *const names[] = {"path", "sha256", "assessed",
	                                    "excluded", "source"};
	static const char *const engine[] = {"host", "version", "api-version",
	                                     "os",   "listed",  "vanished"};
	xmlNodePtr g = sf_xml_child(scan, "engine");
	char *a[6];

	props(sf_xml_child(scan, "evidence"), names, a, COUNT(names));
	sf_buf_printf(b,
	              "Evidence: %s (SHA-256 %s), %s container%s assessed, %s "
	              "excluded; %s.\n",
	              a[0], a[1], a[2], strcmp(a[2], "1") ? "s" : "", a[3],
	              a[4]);
	free_all(a, COUNT(names));
	if (!g)
		return;
	props(g, engine, a, COUNT(engine));
	sf_buf_printf(b,
	              "Docker engine: %s, version %s (API %s, %s); %s "
	              "containers listed, %s gone before inspection.\n",
	              a[0], a[1], a[2], a[3], a[4], a[5]);
	free_all(a, COUNT(engine));
}

/* When, by what scanner, with which profile and check. */
static void scanned(sf_buf *b, xmlNodePtr tr, xmlNodePtr rr)
{
	static const char *const names[] = {"start-time", "end-time",
	                                    "test-system"};
	char *a[3], *name, *version, *profile, *check;

	props(tr, names, a, COUNT(names));
	name = fact(tr, "urn:xccdf:fact:scanner:name", any_value);
	version = fact(tr, "urn:xccdf:fact:scanner:version", any_value);
	profile = sf_xml_prop(sf_xml_child(tr, "profile"), "idref");
	check = sf_xml_prop(
	    sf_xml_child(sf_xml_child(rr, "check"), "check-content-ref"),
	    "name");
	sf_buf_printf(b,
	              "Scanned %s to %s by %s %s (%s), profile %s, "
	              "check %s.",
	              a[0], a[1], name ? name : "scapforge",
	              version ? version : "", a[2], profile,
	              or_none(check, "(none)"));
	free_all(a, COUNT(names));
	free(name);
	free(version);
	free(profile);
	free(check);
}

static char *finding_details(const sheet *sh, xmlNodePtr rr, const char *result)
{
	sf_buf b = SF_BUF_INIT;

	xmlNodePtr warn = sf_xml_child(scan_meta(sh->tr), "warning");
	char *text;

	if (warn) {
		text = sf_xml_text(warn);
		sf_buf_printf(&b, "%s\n", text);
		free(text);
	}
	sf_buf_printf(&b, "Result: %s\n", result);
	if (!offenders(&b, rr, "offender", "Containers at fault") &&
	    !strcmp(result, "pass"))
		sf_buf_puts(&b, "No assessed container is at fault.\n");
	offenders(&b, rr, "excluded-offender",
	          "Left out by the exclusion pattern, but would be findings");
	problems(&b, rr);
	evidence(&b, scan_meta(sh->tr));
	scanned(&b, sh->tr, rr);
	return sf_buf_detach(&b);
}

/* "(default, selector host_only)": how a Value's setting came about. */
static void value_origin(sf_buf *b, xmlNodePtr val, const char *set)
{
	xmlNodePtr c = sf_xml_child(val, "value");
	char *dflt = NULL, *sel = NULL;

	for (; c; c = sf_xml_next(c, "value")) {
		char *selector = sf_xml_prop(c, "selector"),
		     *text = sf_xml_text(c);

		if (!*selector && !dflt)
			dflt = sf_xstrdup(text);
		else if (*selector && !sel && !strcmp(text, set))
			sel = sf_xstrdup(selector);
		free(selector);
		free(text);
	}
	sf_buf_printf(b, " (%s",
	              dflt && !strcmp(dflt, set) ? "default" : "tailored");
	if (sel)
		sf_buf_printf(b, ", selector %s", sel);
	sf_buf_puts(b, ")");
	free(dflt);
	free(sel);
}

static void tailoring(sf_buf *b, const sheet *sh)
{
	xmlNodePtr sv = sf_xml_child(sh->tr, "set-value");
	char *profile = sf_xml_prop(sf_xml_child(sh->tr, "profile"), "idref");

	sf_buf_printf(b, "Tailoring in force (profile %s):\n", profile);
	for (; sv; sv = sf_xml_next(sv, "set-value")) {
		char *id = sf_xml_prop(sv, "idref"), *set = sf_xml_text(sv);
		xmlNodePtr val = *id ? find(sh->bench, "Value", id) : NULL;
		char *title = sf_xml_text(sf_xml_child(val, "title"));

		sf_buf_printf(b, "- %s = \"%s\"", after(id, "_value_"), set);
		value_origin(b, val, set);
		sf_buf_printf(b, "%s%s\n", *title ? ": " : "", title);
		free(id);
		free(set);
		free(title);
	}
	free(profile);
}

/* The containers the exclusion pattern left out, and what matched. */
static void exclusions(sf_buf *b, xmlNodePtr scan)
{
	static const char *const names[] = {"name", "id", "image", "command",
	                                    "matched"};
	xmlNodePtr x = sf_xml_child(scan, "excluded");
	size_t n = 0;
	char *a[5];

	for (; x; x = sf_xml_next(x, "excluded")) {
		if (!n++)
			sf_buf_puts(b, "Left out by the exclusion pattern, "
			               "not assessed:\n");
		props(x, names, a, COUNT(names));
		sf_buf_printf(
		    b, "- %s (%.12s, image %s, command %s): matched %s\n",
		    or_none(a[0], "(no name)"), a[1], or_none(a[2], "(none)"),
		    or_none(a[3], "(none)"), a[4]);
		free_all(a, COUNT(names));
	}
	if (!n)
		sf_buf_puts(b, "No container was left out by the exclusion "
		               "pattern.\n");
}

static char *comments(const sheet *sh)
{
	xmlNodePtr scan = scan_meta(sh->tr),
	           warn = sf_xml_child(scan, "warning");
	sf_buf b = SF_BUF_INIT;
	char *text;

	if (warn) {
		text = sf_xml_text(warn);
		sf_buf_printf(&b, "Warning: %s\n", text);
		free(text);
	}
	tailoring(&b, sh);
	exclusions(&b, scan);
	text = sf_text_trimmed(sf_buf_cstr(&b));
	sf_buf_release(&b);
	return text;
}

/* ---- the sheet ---- */

static size_t status_of(const char *result)
{
	size_t i;

	for (i = 0; statuses[i].result; i++)
		if (!strcmp(statuses[i].result, result))
			break;
	return i;
}

static char *stig_ref(const sheet *sh)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s :: Version %s, %s", sh->si[SI_TITLE],
	              sh->si[SI_VERSION], sh->si[SI_RELEASEINFO]);
	return sf_buf_detach(&b);
}

static void read_vuln(sheet *sh, xmlNodePtr rr, vuln *v)
{
	char *idref = sf_xml_prop(rr, "idref"), *result, uuid[37];
	xmlNodePtr rule = *idref ? find(sh->bench, "Rule", idref) : NULL;
	const char *rid = after(idref, "_rule_");
	size_t n = strlen(rid);

	v->rr = rr;
	read_rule(v, rule, rr);
	read_group(v, rule);
	v->f[F_RULE_ID] = sf_xstrdup(rid);
	if (n > 5 && !strcmp(rid + n - 5, "_rule"))
		n -= 5;
	v->f[F_RULE_SHORT] = sf_xstrndup(rid, n);
	v->f[F_CHECK_REF] = sf_xstrdup("M");
	v->f[F_CLASS] = sf_xstrdup("Unclass");
	v->f[F_STIG_REF] = stig_ref(sh);
	v->f[F_STIG_UUID] = sf_xstrdup(sh->si[SI_UUID]);
	derive_uuid(uuid, sh->id, "rule", idref);
	v->f[F_UUID] = sf_xstrdup(uuid);
	result = sf_xml_text(sf_xml_child(rr, "result"));
	v->status = status_of(result);
	v->details = finding_details(sh, rr, result);
	free(result);
	free(idref);
}

static void read_vulns(sheet *sh)
{
	xmlNodePtr rr;

	for (rr = sf_xml_child(sh->tr, "rule-result"); rr;
	     rr = sf_xml_next(rr, "rule-result")) {
		sh->v = sf_xrealloc(sh->v, (sh->nv + 1) * sizeof(*sh->v));
		memset(&sh->v[sh->nv], 0, sizeof(*sh->v));
		read_vuln(sh, rr, &sh->v[sh->nv++]);
	}
}

/* The checklist's ID: the STIG, the scan and its target. */
static void read_identity(sheet *sh)
{
	static const char *const names[] = {"id", "start-time"};
	char *a[2], *target = sf_xml_text(sf_xml_child(sh->tr, "target"));
	sf_buf b = SF_BUF_INIT;

	props(sh->tr, names, a, COUNT(names));
	sf_buf_printf(&b, "%s\n%s", a[0], a[1]);
	derive_uuid(sh->id, sh->si[SI_UUID], sf_buf_cstr(&b), target);
	free_all(a, COUNT(names));
	free(target);
	sf_buf_release(&b);
}

/* The ARF is read at where; arf_path is its name in the checklist. */
static int sheet_read(sheet *sh, const char *where, const char *arf_path)
{
	sf_buf title = SF_BUF_INIT;

	memset(sh, 0, sizeof(*sh));
	if (load(sh, where) < 0)
		return -1;
	read_stig_info(sh, arf_path);
	read_identity(sh);
	sh->comments = comments(sh);
	read_vulns(sh);
	read_asset(sh);
	sf_buf_printf(&title, "%s - %s", sh->asset[A_HOST_NAME],
	              sh->si[SI_TITLE]);
	sh->title = sf_buf_detach(&title);
	return 0;
}

static void sheet_free(sheet *sh)
{
	size_t i;

	for (i = 0; i < sh->nv; i++) {
		free_all(sh->v[i].f, F_COUNT);
		free(sh->v[i].details);
	}
	free(sh->v);
	free_all(sh->asset, A_COUNT);
	free_all(sh->si, SI_COUNT);
	free(sh->comments);
	free(sh->title);
	xmlFreeDoc(sh->doc);
}

/* The next ident of the rule-result after c (NULL: the first) that is a
 * legacy ID or a CCI, as kind asks. */
static xmlNodePtr next_ident(xmlNodePtr rr, xmlNodePtr c, int kind)
{
	for (c = c ? sf_xml_next(c, "ident") : sf_xml_child(rr, "ident"); c;
	     c = sf_xml_next(c, "ident")) {
		char *sys = sf_xml_prop(c, "system");
		size_t n = strlen(sys);
		int is = kind == ID_LEGACY
		             ? !strcmp(sys, "http://cyber.mil/legacy")
		             : n >= 4 && !strcmp(sys + n - 4, "/cci");

		free(sys);
		if (is)
			return c;
	}
	return NULL;
}

/* ---- CKL ---- */

static void ckl_data(xmlTextWriterPtr w, const char *name, const char *text)
{
	sf_xs_start(w, NULL, "STIG_DATA", NULL);
	sf_xs_elem(w, NULL, "VULN_ATTRIBUTE", name);
	sf_xs_elem(w, NULL, "ATTRIBUTE_DATA", text);
	sf_xs_end(w);
}

static void ckl_idents(xmlTextWriterPtr w, xmlNodePtr rr, int kind,
                       const char *name)
{
	xmlNodePtr c;

	for (c = next_ident(rr, NULL, kind); c; c = next_ident(rr, c, kind)) {
		char *text = sf_xml_text(c);

		ckl_data(w, name, text);
		free(text);
	}
}

static void ckl_vuln(xmlTextWriterPtr w, const sheet *sh, const vuln *v)
{
	size_t i;

	sf_xs_start(w, NULL, "VULN", NULL);
	for (i = 0; i < F_CKL; i++)
		ckl_data(w, ckl_attrs[i], v->f[i]);
	ckl_idents(w, v->rr, ID_LEGACY, "LEGACY_ID");
	ckl_idents(w, v->rr, ID_CCI, "CCI_REF");
	sf_xs_elem(w, NULL, "STATUS", statuses[v->status].ckl);
	sf_xs_elem(w, NULL, "FINDING_DETAILS", v->details);
	sf_xs_elem(w, NULL, "COMMENTS", sh->comments);
	sf_xs_elem(w, NULL, "SEVERITY_OVERRIDE", "");
	sf_xs_elem(w, NULL, "SEVERITY_JUSTIFICATION", "");
	sf_xs_end(w);
}

static void ckl_asset(xmlTextWriterPtr w, const sheet *sh)
{
	size_t i;

	sf_xs_start(w, NULL, "ASSET", NULL);
	for (i = 0; i < COUNT(asset_elems); i++)
		sf_xs_elem(w, NULL, asset_elems[i].name,
		           asset_elems[i].field < 0
		               ? asset_elems[i].text
		               : sh->asset[asset_elems[i].field]);
	sf_xs_end(w);
}

static void ckl_stig_info(xmlTextWriterPtr w, const sheet *sh)
{
	size_t i;

	sf_xs_start(w, NULL, "STIG_INFO", NULL);
	for (i = 0; i < SI_COUNT; i++) {
		sf_xs_start(w, NULL, "SI_DATA", NULL);
		sf_xs_elem(w, NULL, "SID_NAME", si_names[i]);
		if (*sh->si[i]) /* STIG Viewer leaves out what is empty */
			sf_xs_elem(w, NULL, "SID_DATA", sh->si[i]);
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

static int ckl_make(const sheet *sh, sf_buf *out)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	size_t i, len;
	int rc;

	if (!w) {
		xmlBufferFree(buf);
		return sf_error_set("cannot start writing a checklist");
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "\t");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterWriteComment(w, BAD_CAST "DISA STIG Viewer :: 2.14");
	sf_xs_start(w, NULL, "CHECKLIST", NULL);
	ckl_asset(w, sh);
	sf_xs_start(w, NULL, "STIGS", NULL);
	sf_xs_start(w, NULL, "iSTIG", NULL);
	ckl_stig_info(w, sh);
	for (i = 0; i < sh->nv; i++)
		ckl_vuln(w, sh, &sh->v[i]);
	rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	/* as STIG Viewer writes it: no line break after the root */
	len = xmlBufferLength(buf);
	while (len && xmlBufferContent(buf)[len - 1] == '\n')
		len--;
	sf_buf_put(out, (const char *)xmlBufferContent(buf), len);
	xmlBufferFree(buf);
	return rc < 0 ? sf_error_set("cannot write a checklist") : 0;
}

/* ---- CKLB ---- */

static void cklb_fields(sf_json *j, const vuln *v, const key_field *kf,
                        size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sf_json_kstring(j, kf[i].key, v->f[kf[i].field]);
}

static void cklb_idents(sf_json *j, xmlNodePtr rr, int kind, const char *key)
{
	xmlNodePtr c;

	sf_json_key(j, key);
	sf_json_array(j);
	for (c = next_ident(rr, NULL, kind); c; c = next_ident(rr, c, kind)) {
		char *text = sf_xml_text(c);

		sf_json_string(j, text);
		free(text);
	}
	sf_json_end(j);
}

static void cklb_rule(sf_json *j, const sheet *sh, const vuln *v)
{
	sf_json_object(j);
	cklb_fields(j, v, cklb_text, COUNT(cklb_text));
	sf_json_key(j, "check_content_ref");
	sf_json_object(j);
	sf_json_kstring(j, "name", v->f[F_CHECK_REF]);
	sf_json_kstring(j, "href", "");
	sf_json_end(j);
	cklb_fields(j, v, cklb_class, COUNT(cklb_class));
	cklb_idents(j, v->rr, ID_LEGACY, "legacy_ids");
	cklb_idents(j, v->rr, ID_CCI, "ccis");
	cklb_fields(j, v, cklb_refs, COUNT(cklb_refs));
	sf_json_kstring(j, "comments", sh->comments);
	sf_json_kstring(j, "finding_details", v->details);
	sf_json_key(j, "group_tree");
	sf_json_array(j);
	sf_json_object(j);
	sf_json_kstring(j, "id", v->f[F_VULN_NUM]);
	sf_json_kstring(j, "title", v->f[F_GROUP_TITLE]);
	sf_json_kstring(j, "description", v->f[F_GROUP_DESC]);
	sf_json_end(j);
	sf_json_end(j);
	sf_json_kstring(j, "status", statuses[v->status].cklb);
	sf_json_key(j, "overrides");
	sf_json_object(j);
	sf_json_end(j);
	sf_json_end(j);
}

/* "Docker ... STIG" for "Docker ... Security Technical Implementation
 * Guide", as STIG Viewer 3 names STIGs. */
static char *display_name(const char *title)
{
	static const char suffix[] = "Security Technical Implementation Guide";
	size_t n = strlen(title), s = sizeof(suffix) - 1;
	sf_buf b = SF_BUF_INIT;

	if (n < s || strcmp(title + n - s, suffix))
		return sf_xstrdup(title);
	sf_buf_put(&b, title, n - s);
	sf_buf_puts(&b, "STIG");
	return sf_buf_detach(&b);
}

static void cklb_stig(sf_json *j, const sheet *sh)
{
	char *display = display_name(sh->si[SI_TITLE]);
	size_t i;

	sf_json_object(j);
	sf_json_kstring(j, "stig_name", sh->si[SI_TITLE]);
	sf_json_kstring(j, "display_name", display);
	sf_json_kstring(j, "stig_id", sh->si[SI_STIGID]);
	sf_json_kstring(j, "release_info", sh->si[SI_RELEASEINFO]);
	sf_json_kstring(j, "version", sh->si[SI_VERSION]);
	sf_json_kstring(j, "uuid", sh->si[SI_UUID]);
	sf_json_kstring(j, "reference_identifier", sh->asset[A_TARGET_KEY]);
	sf_json_kint(j, "size", (long long)sh->nv);
	sf_json_key(j, "rules");
	sf_json_array(j);
	for (i = 0; i < sh->nv; i++)
		cklb_rule(j, sh, &sh->v[i]);
	sf_json_end(j);
	sf_json_end(j);
	free(display);
}

static void cklb_target(sf_json *j, const sheet *sh)
{
	sf_json_key(j, "target_data");
	sf_json_object(j);
	sf_json_kstring(j, "target_type", "Computing");
	sf_json_kstring(j, "host_name", sh->asset[A_HOST_NAME]);
	sf_json_kstring(j, "ip_address", sh->asset[A_HOST_IP]);
	sf_json_kstring(j, "mac_address", sh->asset[A_HOST_MAC]);
	sf_json_kstring(j, "fqdn", sh->asset[A_HOST_FQDN]);
	sf_json_kstring(j, "comments", "");
	sf_json_kstring(j, "role", "None");
	sf_json_key(j, "is_web_database");
	sf_json_bool(j, 0);
	sf_json_kstring(j, "technology_area", "");
	sf_json_kstring(j, "web_db_site", "");
	sf_json_kstring(j, "web_db_instance", "");
	sf_json_end(j);
}

static int cklb_make(const sheet *sh, sf_buf *out)
{
	sf_json j;

	sf_json_init(&j, out);
	sf_json_object(&j);
	sf_json_kstring(&j, "title", sh->title);
	sf_json_kstring(&j, "id", sh->id);
	sf_json_key(&j, "stigs");
	sf_json_array(&j);
	cklb_stig(&j, sh);
	sf_json_end(&j);
	sf_json_key(&j, "active");
	sf_json_bool(&j, 1);
	sf_json_kint(&j, "mode", 2);
	sf_json_key(&j, "has_path");
	sf_json_bool(&j, 0);
	cklb_target(&j, sh);
	sf_json_kstring(&j, "cklb_version", "1.0");
	sf_json_end(&j);
	return 0;
}

/* ---- writing ---- */

/* Makes a checklist into a temporary file beside path (a folder in the
 * way is refused there). */
static int stage(sf_pending_file *pf, const char *path, const sheet *sh,
                 int (*make)(const sheet *, sf_buf *))
{
	sf_buf out = SF_BUF_INIT;
	int rc;

	rc = make(sh, &out);
	if (rc == 0)
		rc = sf_pending_file_write(pf, path, out.ptr ? out.ptr : "",
		                           out.len);
	sf_buf_release(&out);
	return rc;
}

int sf_checklist_write(const char *arf_path, const char *ckl_path,
                       const char *cklb_path)
{
	sf_pending_set set = SF_PENDING_SET_INIT;
	int rc;

	rc = sf_checklist_stage(&set, arf_path, ckl_path, cklb_path);
	/* both are complete: only now does either replace an earlier file */
	if (rc == 0)
		rc = sf_pending_set_commit(&set);
	sf_pending_set_release(&set);
	return rc;
}

int sf_checklist_stage(sf_pending_set *set, const char *arf_path,
                       const char *ckl_path, const char *cklb_path)
{
	sf_pending_file ckl = SF_PENDING_FILE_INIT, cklb = SF_PENDING_FILE_INIT;
	sheet sh;
	int rc;

	if (!ckl_path && !cklb_path)
		return sf_error_set("no checklist asked for: name a CKL or a "
		                    "CKLB file");
	rc = sheet_read(&sh, sf_pending_set_where(set, arf_path), arf_path);
	if (rc == 0 && ckl_path)
		rc = stage(&ckl, ckl_path, &sh, ckl_make);
	if (rc == 0 && cklb_path)
		rc = stage(&cklb, cklb_path, &sh, cklb_make);
	if (rc == 0 && ckl_path)
		rc = sf_pending_set_take(set, &ckl);
	if (rc == 0 && cklb_path)
		rc = sf_pending_set_take(set, &cklb);
	sf_pending_file_release(&ckl);
	sf_pending_file_release(&cklb);
	sheet_free(&sh);
	return rc;
}
