#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "eval/engine.h"
#include "report/arf.h"
#include "util/xstream.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/text.h"
#include "util/xmlq.h"
#include "util/xmlread.h"

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_CORE "http://scap.nist.gov/schema/reporting-core/1.1"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
#define NS_VOCAB                                                               \
	"http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#"
#define TEST_SYSTEM "cpe:/a:scapforge:scapforge:" SF_VERSION

/* "2026-11-23T10:32:44+00:00" */
static void xccdf_time(long long t, char out[40])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

static void relationships(xmlTextWriterPtr w)
{
	static const char *const types[] = {"arfvocab:createdFor",
	                                    "arfvocab:isAbout"};
	static const char *const refs[] = {"collection1", "asset0"};
	static const char *const subjects[] = {"xccdf1", "oval0"};
	size_t i, j;

	sf_xs_start(w, "core", "relationships", NULL);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:arfvocab",
	                            BAD_CAST NS_VOCAB);
	for (j = 0; j < 2; j++)
		for (i = 0; i < 2; i++) {
			sf_xs_start(w, "core", "relationship", NULL);
			sf_xs_attr(w, "type", types[i]);
			sf_xs_attr(w, "subject", subjects[j]);
			sf_xs_elem(w, "core", "ref", refs[i]);
			sf_xs_end(w);
		}
	sf_xs_end(w);
}

static int seen_mac(const sf_host *h, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (!strcmp(h->ifs[i].mac, h->ifs[upto].mac))
			return 1;
	return 0;
}

/* A MAC address as AI has it (six bytes), and not all zeros. */
static int useful_mac(const char *mac)
{
	return strlen(mac) == 17 && strcmp(mac, "00:00:00:00:00:00");
}

/* A host name in the form AI allows (labels of letters, digits, '_' and
 * '-' joined by dots): anything else becomes '-'. */
static char *ai_hostname(const char *name)
{
	sf_buf b = SF_BUF_INIT;
	const char *p;

	for (p = name; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		         (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';

		if (*p == '.' && b.len && b.ptr[b.len - 1] != '.' && p[1])
			sf_buf_putc(&b, '.');
		else if (*p != '.')
			sf_buf_putc(&b, ok ? *p : '-');
	}
	if (b.len && b.ptr[b.len - 1] == '.')
		b.ptr[--b.len] = '\0';
	return b.len ? sf_buf_detach(&b) : sf_xstrdup("unknown");
}

static void asset(xmlTextWriterPtr w, const sf_host *h)
{
	char *name;
	size_t i;

	sf_xs_start(w, "arf", "assets", NULL);
	sf_xs_start(w, "arf", "asset", NULL);
	sf_xs_attr(w, "id", "asset0");
	sf_xs_start(w, "ai", "computing-device", NULL);
	if (h->nifs) {
		sf_xs_start(w, "ai", "connections", NULL);
		for (i = 0; i < h->nifs; i++) {
			sf_xs_start(w, "ai", "connection", NULL);
			sf_xs_start(w, "ai", "ip-address", NULL);
			if (h->ifs[i].ipv6) {
				char full[48];

				sf_host_ipv6_full(h->ifs[i].address, full);
				sf_xs_elem(w, "ai", "ip-v6", full);
			} else {
				sf_xs_elem(w, "ai", "ip-v4", h->ifs[i].address);
			}
			sf_xs_end(w);
			if (useful_mac(h->ifs[i].mac))
				sf_xs_elem(w, "ai", "mac-address",
				           h->ifs[i].mac);
			sf_xs_end(w);
		}
		sf_xs_end(w);
	}
	sf_xs_elem(w, "ai", "fqdn", h->fqdn);
	name = ai_hostname(h->hostname);
	sf_xs_elem(w, "ai", "hostname", name);
	free(name);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w);
}

static void fact(xmlTextWriterPtr w, const char *name, const char *type,
                 const char *value)
{
	sf_xs_start(w, NULL, "fact", NULL);
	sf_xs_attr(w, "name", name);
	sf_xs_attr(w, "type", type);
	sf_xs_text(w, value);
	sf_xs_end(w);
}

/* A host identifier under both names consumers read. */
static void id_fact(xmlTextWriterPtr w, const char *what, const char *value)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "urn:xccdf:fact:asset:identifier:%s", what);
	fact(w, sf_buf_cstr(&b), "string", value);
	sf_buf_clear(&b);
	sf_buf_printf(&b, "urn:scap:fact:asset:identifier:%s", what);
	fact(w, sf_buf_cstr(&b), "string", value);
	sf_buf_release(&b);
}

static void facts(xmlTextWriterPtr w, const sf_scan *s, const sf_host *h,
                  const sf_arf_opts *o)
{
	char num[32];
	size_t i;

	sf_xs_start(w, NULL, "target-facts", NULL);
	fact(w, "urn:xccdf:fact:scanner:name", "string", "scapforge");
	fact(w, "urn:xccdf:fact:scanner:version", "string", SF_VERSION);
	id_fact(w, "fqdn", h->fqdn);
	id_fact(w, "host_name", h->hostname);
	for (i = 0; i < h->nifs; i++)
		if (useful_mac(h->ifs[i].mac) && !seen_mac(h, i)) {
			fact(w, "urn:xccdf:fact:ethernet:MAC", "string",
			     h->ifs[i].mac);
			id_fact(w, "mac", h->ifs[i].mac);
		}
	for (i = 0; i < h->nifs; i++)
		id_fact(w, h->ifs[i].ipv6 ? "ipv6" : "ipv4", h->ifs[i].address);
	fact(w, "urn:scapforge:fact:evidence:source", "string", o->source);
	fact(w, "urn:scapforge:fact:evidence:path", "string", o->evidence_path);
	fact(w, "urn:scapforge:fact:evidence:sha256", "string",
	     s->evidence.sha256);
	snprintf(num, sizeof(num), "%zu", s->evidence.nassessed);
	fact(w, "urn:scapforge:fact:containers:assessed", "number", num);
	snprintf(num, sizeof(num), "%zu", s->evidence.nexcluded);
	fact(w, "urn:scapforge:fact:containers:excluded", "number", num);
	for (i = 0; i < s->evidence.nexcluded; i++) {
		const sf_container *c = &s->evidence.excluded[i];
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "%s (%.12s): %s", c->name, c->id, c->matched);
		fact(w, "urn:scapforge:fact:containers:excluded:container",
		     "string", sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
	if (s->collected) {
		fact(w, "urn:scapforge:fact:docker:host", "string",
		     s->engine.host);
		fact(w, "urn:scapforge:fact:docker:version", "string",
		     s->engine.version);
		fact(w, "urn:scapforge:fact:docker:api_version", "string",
		     s->engine.api_version);
		fact(w, "urn:scapforge:fact:docker:os", "string", s->engine.os);
		snprintf(num, sizeof(num), "%zu", s->engine.vanished);
		fact(w, "urn:scapforge:fact:containers:vanished", "number",
		     num);
		for (i = 0; i < s->engine.vanished; i++) {
			sf_buf b = SF_BUF_INIT;

			sf_buf_printf(&b, "%s (%s)",
			              *s->engine.vanished_names[i]
			                  ? s->engine.vanished_names[i]
			                  : "(no name)",
			              s->engine.vanished_ids[i]);
			fact(w,
			     "urn:scapforge:fact:containers:vanished:container",
			     "string", sf_buf_cstr(&b));
			sf_buf_release(&b);
		}
	}
	sf_xs_end(w);
}


/* <sf:offender> (or <sf:excluded-offender>): a container and what it
 * was found to have. */
static void offense(xmlTextWriterPtr w, const char *element,
                    const sf_offense *f, const sf_container *k)
{
	sf_xs_start(w, "sf", element, NULL);
	sf_xs_attr(w, "id", k->id);
	sf_xs_attr(w, "name", k->name);
	sf_xs_attr(w, "image", k->image);
	sf_xs_attr(w, "setting", f->setting);
	if (f->value)
		sf_xs_attr(w, "value", f->value);
	if (f->detail)
		sf_xs_attr(w, "detail", f->detail);
	sf_xs_end(w);
}

static void rule_result(xmlTextWriterPtr w, const sf_scan *s,
                        const sf_outcome *out, const char *when)
{
	xmlNodePtr r = out->rule->node, c, check = sf_xml_child(r, "check");
	char *weight = sf_xml_prop(r, "weight");
	size_t i;

	sf_xs_start(w, NULL, "rule-result", NULL);
	sf_xs_attr(w, "idref", out->rule->id);
	sf_xs_attr(w, "role", "full");
	sf_xs_attr(w, "time", when);
	sf_xs_attr(w, "severity",
	           out->rule->severity ? out->rule->severity : "unknown");
	if (out->rule->version)
		sf_xs_attr(w, "version", out->rule->version);
	sf_xs_attr(w, "weight", *weight ? weight : "1.0");
	free(weight);
	sf_xs_elem(w, NULL, "result", sf_xccdf_result_name(out->result));
	for (c = sf_xml_child(r, "ident"); c; c = sf_xml_next(c, "ident")) {
		char *system, *value;

		system = sf_xml_prop(c, "system");
		value = sf_xml_text(c);
		sf_xs_start(w, NULL, "ident", NULL);
		sf_xs_attr(w, "system", system);
		sf_xs_text(w, value);
		sf_xs_end(w);
		free(system);
		free(value);
	}
	if (out->noffenders || out->nexcluded_offenders) {
		/* each offender in fields, for reports made from the ARF, and
		 * the excluded containers the rule would fail */
		sf_xs_start(w, NULL, "metadata", NULL);
		for (i = 0; i < out->noffenders; i++)
			offense(w, "offender", &out->offenders[i],
			        &s->evidence.assessed[out->offenders[i].container]);
		for (i = 0; i < out->nexcluded_offenders; i++)
			offense(w, "excluded-offender",
			        &out->excluded_offenders[i],
			        &s->evidence.excluded
			             [out->excluded_offenders[i].container]);
		sf_xs_end(w);
	}
	if (out->problem) {
		sf_xs_start(w, NULL, "message", NULL);
		sf_xs_attr(w, "severity", "error");
		sf_xs_text(w, out->problem);
		sf_xs_end(w);
	}
	for (i = 0; i < out->noffenders; i++) {
		const sf_offense *f = &out->offenders[i];
		const sf_container *k = &s->evidence.assessed[f->container];
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "container %s (%.12s, image %s): %s is %s",
		              *k->name ? k->name : "(no name)", k->id,
		              *k->image ? k->image : "(none)", f->setting,
		              f->detail ? f->detail : f->value);
		sf_xs_start(w, NULL, "message", NULL);
		sf_xs_attr(w, "severity", "info");
		sf_xs_text(w, sf_buf_cstr(&b));
		sf_xs_end(w);
		sf_buf_release(&b);
	}
	for (i = 0; i < out->noffenders; i++) {
		const sf_container *k =
		    &s->evidence.assessed[out->offenders[i].container];

		/* XCCDF keys a rule-result's instances by their context */
		sf_xs_start(w, NULL, "instance", NULL);
		sf_xs_attrf(w, "context", "docker-container-%zu", i + 1);
		sf_xs_text(w, k->id);
		sf_xs_end(w);
	}
	if (check && out->rule->oval_def) {
		char *system = sf_xml_prop(check, "system");

		sf_xs_start(w, NULL, "check", NULL);
		sf_xs_attr(w, "system", system);
		for (c = sf_xml_child(check, "check-export"); c;
		     c = sf_xml_next(c, "check-export")) {
			char *vid, *name;

			vid = sf_xml_prop(c, "value-id");
			name = sf_xml_prop(c, "export-name");
			sf_xs_start(w, NULL, "check-export", NULL);
			sf_xs_attr(w, "value-id", vid);
			sf_xs_attr(w, "export-name", name);
			sf_xs_end(w);
			free(vid);
			free(name);
		}
		sf_xs_start(w, NULL, "check-content-ref", NULL);
		sf_xs_attr(w, "name", out->rule->oval_def);
		sf_xs_attr(w, "href", "#oval0");
		sf_xs_end(w);
		sf_xs_end(w);
		free(system);
	}
	sf_xs_end(w);
}

/* XCCDF's default model where each Group holds one Rule (as in DISA's
 * benchmarks): the mean over the checked rules of 100 for a pass and 0
 * otherwise; a rule of weight 0 does not count. */
static void score(xmlTextWriterPtr w, const sf_scan *s)
{
	double got = 0, max = 0;
	size_t i;

	for (i = 0; i < s->noutcomes; i++) {
		sf_xccdf_result r = s->outcomes[i].result;
		char *wt = sf_xml_prop(s->outcomes[i].rule->node, "weight");
		double weight = *wt ? strtod(wt, NULL) : 1.0;

		free(wt);
		if (r == SF_XR_NOTAPPLICABLE || r == SF_XR_NOTCHECKED ||
		    weight <= 0)
			continue;
		max += 1;
		got += r == SF_XR_PASS;
	}
	sf_xs_start(w, NULL, "score", NULL);
	sf_xs_attr(w, "system", "urn:xccdf:scoring:default");
	sf_xs_attr(w, "maximum", "100.000000");
	xmlTextWriterWriteFormatString(w, "%.6f",
	                               max > 0 ? 100.0 * got / max : 100.0);
	sf_xs_end(w);
}

static void container_attrs(xmlTextWriterPtr w, const sf_container *c)
{
	sf_xs_attr(w, "id", c->id);
	sf_xs_attr(w, "name", c->name);
	sf_xs_attr(w, "image", c->image);
	sf_xs_attr(w, "command", c->command);
}

/* What the scan saw, in fields (the facts say it in words): the
 * evidence, the engine, the containers left out and why. */
static void scan_metadata(xmlTextWriterPtr w, const sf_scan *s,
                          const sf_arf_opts *o)
{
	size_t i;

	sf_xs_start(w, NULL, "metadata", NULL);
	sf_xs_start(w, "sf", "scan", NULL);
	if (o->warning)
		sf_xs_elem(w, "sf", "warning", o->warning);
	sf_xs_start(w, "sf", "evidence", NULL);
	sf_xs_attr(w, "source", o->source);
	sf_xs_attr(w, "path", o->evidence_path);
	sf_xs_attr(w, "sha256", s->evidence.sha256);
	sf_xs_attrf(w, "assessed", "%zu", s->evidence.nassessed);
	sf_xs_attrf(w, "excluded", "%zu", s->evidence.nexcluded);
	sf_xs_end(w);
	if (s->collected) {
		sf_xs_start(w, "sf", "engine", NULL);
		sf_xs_attr(w, "host", s->engine.host);
		sf_xs_attr(w, "version", s->engine.version);
		sf_xs_attr(w, "api-version", s->engine.api_version);
		sf_xs_attr(w, "os", s->engine.os);
		sf_xs_attrf(w, "listed", "%zu", s->engine.containers);
		sf_xs_attrf(w, "vanished", "%zu", s->engine.vanished);
		for (i = 0; i < s->engine.vanished; i++) {
			sf_xs_start(w, "sf", "vanished", NULL);
			sf_xs_attr(w, "id", s->engine.vanished_ids[i]);
			sf_xs_attr(w, "name", s->engine.vanished_names[i]);
			sf_xs_end(w);
		}
		sf_xs_end(w);
	}
	for (i = 0; i < s->evidence.nexcluded; i++) {
		sf_xs_start(w, "sf", "excluded", NULL);
		container_attrs(w, &s->evidence.excluded[i]);
		sf_xs_attr(w, "matched", s->evidence.excluded[i].matched);
		if (s->evidence.excluded[i].inapplicable)
			sf_xs_attr(w, "inapplicable", "true");
		sf_xs_end(w);
	}
	sf_xs_end(w);
	sf_xs_end(w);
}

static void test_result(xmlTextWriterPtr w, const sf_scan *s, const sf_host *h,
                        const sf_arf_opts *o)
{
	const sf_content *c = s->content;
	char start[40], end[40],
	    *bid = sf_xml_prop(c->benchmark, "id"),
	    *comp = sf_xml_prop(c->benchmark->parent, "id"),
	    *version = sf_xml_text(sf_xml_child(c->benchmark, "version"));
	sf_buf b = SF_BUF_INIT;
	size_t i;

	xccdf_time(s->start_time, start);
	xccdf_time(s->end_time, end);
	sf_xs_start(w, NULL, "TestResult", SF_NS_XCCDF);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:sf",
	                            BAD_CAST SF_NS_SCAPFORGE);
	sf_buf_printf(&b, "xccdf_org.scapforge_testresult_%s", s->profile_id);
	sf_xs_attr(w, "id", sf_buf_cstr(&b));
	sf_xs_attr(w, "start-time", start);
	sf_xs_attr(w, "end-time", end);
	sf_xs_attr(w, "version", version);
	sf_xs_attr(w, "test-system", TEST_SYSTEM);
	sf_xs_start(w, NULL, "benchmark", NULL);
	sf_xs_attrf(w, "href", "#%s", comp);
	sf_xs_attr(w, "id", bid);
	sf_xs_end(w);
	sf_xs_elem(w, NULL, "title", "scapforge scan result");
	if (o->warning)
		sf_xs_elem(w, NULL, "remark", o->warning);
	sf_buf_clear(&b);
	sf_buf_printf(&b,
	              "Evidence: %s; %zu container%s assessed, %zu excluded by "
	              "the exclusion pattern; written to %s (SHA-256 %s).",
	              o->source, s->evidence.nassessed,
	              s->evidence.nassessed == 1 ? "" : "s",
	              s->evidence.nexcluded, o->evidence_path,
	              s->evidence.sha256);
	sf_xs_elem(w, NULL, "remark", sf_buf_cstr(&b));
	sf_xs_start(w, NULL, "identity", NULL);
	sf_xs_attr(w, "authenticated", "false");
	sf_xs_attr(w, "privileged", h->privileged ? "true" : "false");
	sf_xs_text(w, h->user);
	sf_xs_end(w);
	sf_xs_start(w, NULL, "profile", NULL);
	sf_xs_attr(w, "idref", s->profile_id);
	sf_xs_end(w);
	sf_xs_elem(w, NULL, "target", h->hostname);
	for (i = 0; i < h->nifs; i++)
		sf_xs_elem(w, NULL, "target-address", h->ifs[i].address);
	facts(w, s, h, o);
	sf_xs_start(w, NULL, "target-id-ref", NULL);
	sf_xs_attr(w, "system", NS_AI);
	sf_xs_attr(w, "name", "asset0");
	sf_xs_attr(w, "href", "");
	sf_xs_end(w);
	for (i = 0; i < s->nsettings; i++) {
		sf_xs_start(w, NULL, "set-value", NULL);
		sf_xs_attr(w, "idref", s->settings[i].id);
		sf_xs_text(w, s->settings[i].value);
		sf_xs_end(w);
	}
	for (i = 0; i < s->noutcomes; i++)
		rule_result(w, s, &s->outcomes[i], end);
	score(w, s);
	scan_metadata(w, s, o);
	sf_xs_end(w);
	sf_buf_release(&b);
	free(bid);
	free(comp);
	free(version);
}

int sf_arf_write(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                 const char *path)
{
	return sf_arf_stage(NULL, s, h, o, path);
}

int sf_arf_stage(sf_pending_set *set, const sf_scan *s, const sf_host *h,
                 const sf_arf_opts *o, const char *path)
{
	sf_xstream x;
	xmlTextWriterPtr w;
	char stamp[32];

	if (sf_xstream_open(&x, path) < 0)
		return -1;
	w = x.w;
	sf_xml_timestamp(s->end_time, stamp);
	sf_xs_start(w, "arf", "asset-report-collection", NS_ARF);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:core", BAD_CAST NS_CORE);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:ai", BAD_CAST NS_AI);
	relationships(w);
	sf_xs_start(w, "arf", "report-requests", NULL);
	sf_xs_start(w, "arf", "report-request", NULL);
	sf_xs_attr(w, "id", "collection1");
	sf_xs_start(w, "arf", "content", NULL);
	sf_xs_copy(w, xmlDocGetRootElement(s->content->doc));
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w);
	asset(w, h);
	sf_xs_start(w, "arf", "reports", NULL);
	sf_xs_start(w, "arf", "report", NULL);
	sf_xs_attr(w, "id", "xccdf1");
	sf_xs_start(w, "arf", "content", NULL);
	test_result(w, s, h, o);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_start(w, "arf", "report", NULL);
	sf_xs_attr(w, "id", "oval0");
	sf_xs_start(w, "arf", "content", NULL);
	sf_oval_engine_write_results(s->oval, w, h, stamp);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w); /* reports */
	sf_xs_end(w); /* asset-report-collection */
	if (sf_xstream_finish(&x, set) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}

static void not_xml(const char *path)
{
	const xmlError *e = xmlGetLastError();
	char *why =
	    sf_text_trimmed(e && e->message ? e->message : "the file is empty");

	sf_error_set("'%s' is not XML, so not an ARF report (line %d: %s)",
	             path, e ? e->line : 0, why);
	free(why);
}

static xmlDocPtr parse(const char *path)
{
	sf_buf text = SF_BUF_INIT;
	xmlDocPtr doc = NULL;
	struct stat st;

	if (stat(path, &st) < 0) {
		sf_error_set("cannot read the ARF '%s': %s", path,
		             strerror(errno));
		return NULL;
	}
	if (sf_file_read(path, &text) < 0)
		return NULL;
	xmlResetLastError();
	/* a DTD is refused with the reader's message */
	if (!text.len || sf_xml_read(&doc, path, text.ptr, text.len) == -1)
		not_xml(path);
	sf_buf_release(&text);
	return doc;
}

int sf_arf_load(xmlDocPtr *doc, xmlNodePtr *test_result, const char *path)
{
	xmlNodePtr root, r;

	*test_result = NULL;
	*doc = parse(path);
	if (!*doc)
		return -1;
	root = xmlDocGetRootElement(*doc);
	if (!sf_xml_is(root, NS_ARF, "asset-report-collection"))
		return sf_error_set("'%s' is not an ARF report: its root "
		                    "element is '%s', not ARF 1.1's "
		                    "asset-report-collection",
		                    path, root ? (const char *)root->name : "");
	for (r = sf_xml_child(sf_xml_child(root, "reports"), "report"); r;
	     r = sf_xml_next(r, "report")) {
		xmlNodePtr t =
		    sf_xml_child(sf_xml_child(r, "content"), "TestResult");

		if (sf_xml_is(t, SF_NS_XCCDF, "TestResult")) {
			*test_result = t;
			return 0;
		}
	}
	return sf_error_set("the ARF '%s' holds no XCCDF TestResult: it "
	                    "reports no scan",
	                    path);
}
