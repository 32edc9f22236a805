/*
 * The XCCDF 1.2 TestResult of a scan (testresult.h): whom it is about,
 * in the names each consumer reads, the Values in force, the rule-results
 * (ruleresult.c), the score, and scapforge's own metadata.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/emit.h"
#include "report/testresult.h"
#include "util/buf.h"
#include "util/ns.h"
#include "util/xmlq.h"
#include "util/xstream.h"

#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
/* the fact names STIG Manager maps to an asset's FQDN and MAC */
#define SM_FACT "tag:stig-manager@users.noreply.github.com,2020:asset:"

/* "2026-11-23T10:32:44+00:00" */
static void xccdf_time(long long t, char out[40])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

/* Whether an interface names the asset: an address that is not loopback
 * (a MAC given alone counts too). */
static int asset_if(const sf_host_if *f)
{
	return !f->loopback && (*f->address || sf_host_mac_useful(f->mac));
}

static int seen_mac(const sf_host *h, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (asset_if(&h->ifs[i]) &&
		    !strcmp(h->ifs[i].mac, h->ifs[upto].mac))
			return 1;
	return 0;
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

/* A fact stated only when known. */
static void known_fact(xmlTextWriterPtr w, const char *name, const char *value)
{
	if (value && *value && strcmp(value, "unknown"))
		fact(w, name, "string", value);
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

static void target_facts(xmlTextWriterPtr w, const sf_host *h)
{
	int mac_named = 0;
	size_t i;

	fact(w, "urn:scapforge:fact:target:kind", "string", h->kind);
	if (sf_host_is_fqdn(h->fqdn)) {
		id_fact(w, "fqdn", h->fqdn);
		fact(w, SM_FACT "fqdn", "string", h->fqdn);
	}
	id_fact(w, "host_name", h->hostname);
	for (i = 0; i < h->nifs; i++)
		if (asset_if(&h->ifs[i]) && sf_host_mac_useful(h->ifs[i].mac) &&
		    !seen_mac(h, i)) {
			fact(w, "urn:xccdf:fact:ethernet:MAC", "string",
			     h->ifs[i].mac);
			id_fact(w, "mac", h->ifs[i].mac);
			if (!mac_named++)
				fact(w, SM_FACT "mac", "string", h->ifs[i].mac);
		}
	for (i = 0; i < h->nifs; i++)
		if (asset_if(&h->ifs[i]) && *h->ifs[i].address)
			id_fact(w, h->ifs[i].ipv6 ? "ipv6" : "ipv4",
			        h->ifs[i].address);
	known_fact(w, "urn:scapforge:fact:target:os", h->os_name);
	known_fact(w, "urn:scapforge:fact:target:os_version", h->os_version);
	known_fact(w, "urn:scapforge:fact:target:arch", h->arch);
	known_fact(w, "urn:scapforge:fact:target:kernel", h->kernel);
}

static void engine_facts(xmlTextWriterPtr w, const sf_engine_info *e)
{
	char num[32];
	size_t i;

	fact(w, "urn:scapforge:fact:docker:host", "string", e->host);
	fact(w, "urn:scapforge:fact:docker:version", "string", e->version);
	fact(w, "urn:scapforge:fact:docker:api_version", "string",
	     e->api_version);
	fact(w, "urn:scapforge:fact:docker:os", "string", e->os);
	known_fact(w, "urn:scapforge:fact:docker:edition", e->edition);
	known_fact(w, "urn:scapforge:fact:docker:operating_system",
	           e->operating_system);
	known_fact(w, "urn:scapforge:fact:docker:name", e->name);
	known_fact(w, "urn:scapforge:fact:docker:id", e->id);
	snprintf(num, sizeof(num), "%zu", e->vanished);
	fact(w, "urn:scapforge:fact:containers:vanished", "number", num);
	for (i = 0; i < e->vanished; i++) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "%s (%s)",
		              *e->vanished_names[i] ? e->vanished_names[i]
		                                    : "(no name)",
		              e->vanished_ids[i]);
		fact(w, "urn:scapforge:fact:containers:vanished:container",
		     "string", sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
}

static void facts(xmlTextWriterPtr w, const sf_scan *s, const sf_host *h,
                  const sf_arf_opts *o)
{
	char num[32];
	size_t i;

	sf_xs_start(w, NULL, "target-facts", NULL);
	fact(w, "urn:xccdf:fact:scanner:name", "string", "scapforge");
	fact(w, "urn:xccdf:fact:scanner:version", "string", SF_VERSION);
	target_facts(w, h);
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
	if (s->collected)
		engine_facts(w, &s->engine);
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

static void known_attr(xmlTextWriterPtr w, const char *name, const char *v)
{
	if (v && *v && strcmp(v, "unknown"))
		sf_xs_attr(w, name, v);
}

/* <sf:target>: whom the results are about, in fields. */
static void target_metadata(xmlTextWriterPtr w, const sf_host *h)
{
	size_t i;

	sf_xs_start(w, "sf", "target", NULL);
	sf_xs_attr(w, "kind", h->kind);
	sf_xs_attr(w, "name", h->hostname);
	if (sf_host_is_fqdn(h->fqdn))
		sf_xs_attr(w, "fqdn", h->fqdn);
	known_attr(w, "os", h->os_name);
	known_attr(w, "os-version", h->os_version);
	known_attr(w, "arch", h->arch);
	known_attr(w, "kernel", h->kernel);
	for (i = 0; i < h->nifs; i++) {
		if (!asset_if(&h->ifs[i]))
			continue;
		sf_xs_start(w, "sf", "address", NULL);
		known_attr(w, "ip", h->ifs[i].address);
		known_attr(w, "mac", h->ifs[i].mac);
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

static void engine_metadata(xmlTextWriterPtr w, const sf_engine_info *e)
{
	size_t i;

	sf_xs_start(w, "sf", "engine", NULL);
	sf_xs_attr(w, "host", e->host);
	sf_xs_attr(w, "version", e->version);
	sf_xs_attr(w, "api-version", e->api_version);
	sf_xs_attr(w, "os", e->os);
	known_attr(w, "edition", e->edition);
	known_attr(w, "operating-system", e->operating_system);
	known_attr(w, "name", e->name);
	known_attr(w, "id", e->id);
	known_attr(w, "kernel", e->kernel);
	sf_xs_attrf(w, "listed", "%zu", e->containers);
	sf_xs_attrf(w, "vanished", "%zu", e->vanished);
	for (i = 0; i < e->vanished; i++) {
		sf_xs_start(w, "sf", "vanished", NULL);
		sf_xs_attr(w, "id", e->vanished_ids[i]);
		sf_xs_attr(w, "name", e->vanished_names[i]);
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

/* What the scan saw, in fields (the facts say it in words): the target,
 * the evidence, the engine, the containers left out and why. */
static void scan_metadata(xmlTextWriterPtr w, const sf_scan *s,
                          const sf_host *h, const sf_arf_opts *o)
{
	size_t i;

	sf_xs_start(w, NULL, "metadata", NULL);
	sf_xs_start(w, "sf", "scan", NULL);
	if (o->marking && *o->marking)
		sf_xs_attr(w, "marking", o->marking);
	if (o->warning)
		sf_xs_elem(w, "sf", "warning", o->warning);
	target_metadata(w, h);
	sf_xs_start(w, "sf", "evidence", NULL);
	sf_xs_attr(w, "source", o->source);
	sf_xs_attr(w, "path", o->evidence_path);
	sf_xs_attr(w, "sha256", s->evidence.sha256);
	sf_xs_attrf(w, "assessed", "%zu", s->evidence.nassessed);
	sf_xs_attrf(w, "excluded", "%zu", s->evidence.nexcluded);
	sf_xs_end(w);
	if (s->collected)
		engine_metadata(w, &s->engine);
	for (i = 0; i < s->evidence.nexcluded; i++) {
		const sf_container *c = &s->evidence.excluded[i];

		sf_xs_start(w, "sf", "excluded", NULL);
		sf_xs_attr(w, "id", c->id);
		sf_xs_attr(w, "name", c->name);
		sf_xs_attr(w, "image", c->image);
		sf_xs_attr(w, "command", c->command);
		sf_xs_attr(w, "matched", c->matched);
		if (c->inapplicable)
			sf_xs_attr(w, "inapplicable", "true");
		sf_xs_end(w);
	}
	sf_xs_end(w);
	sf_xs_end(w);
}

static void remarks(xmlTextWriterPtr w, const sf_scan *s, const sf_host *h,
                    const sf_arf_opts *o)
{
	sf_buf b = SF_BUF_INIT;

	if (o->warning)
		sf_xs_elem(w, NULL, "remark", o->warning);
	if (!strcmp(h->kind, SF_TARGET_EXAMPLE))
		sf_xs_elem(w, NULL, "remark",
		           "These results are of scapforge's bundled example "
		           "evidence, not of any host.");
	sf_buf_printf(&b,
	              "Evidence: %s; %zu container%s assessed, %zu excluded by "
	              "the exclusion pattern; %s %s (SHA-256 %s%s).",
	              o->source, s->evidence.nassessed,
	              s->evidence.nassessed == 1 ? "" : "s",
	              s->evidence.nexcluded,
	              s->data_root ? "read from" : "written to",
	              o->evidence_path, s->data_root ? "of the files read, " : "",
	              s->evidence.sha256);
	sf_xs_elem(w, NULL, "remark", sf_buf_cstr(&b));
	sf_buf_release(&b);
}

void sf_testresult_write(xmlTextWriterPtr w, const sf_scan *s,
                         const sf_host *h, const sf_arf_opts *o, int in_arf)
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
	sf_xs_attr(w, "test-system", SF_TEST_SYSTEM);
	if (in_arf) {
		/* the Benchmark in the ARF's data stream (XCCDF results hold
		 * the TestResult in the Benchmark itself) */
		sf_xs_start(w, NULL, "benchmark", NULL);
		sf_xs_attrf(w, "href", "#%s", comp);
		sf_xs_attr(w, "id", bid);
		sf_xs_end(w);
	}
	sf_xs_elem(w, NULL, "title", "scapforge scan result");
	remarks(w, s, h, o);
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
		if (asset_if(&h->ifs[i]) && *h->ifs[i].address)
			sf_xs_elem(w, NULL, "target-address",
			           h->ifs[i].address);
	facts(w, s, h, o);
	if (in_arf) {
		/* the ARF's asset */
		sf_xs_start(w, NULL, "target-id-ref", NULL);
		sf_xs_attr(w, "system", NS_AI);
		sf_xs_attr(w, "name", "asset0");
		sf_xs_attr(w, "href", "");
		sf_xs_end(w);
	}
	for (i = 0; i < s->nsettings; i++) {
		sf_xs_start(w, NULL, "set-value", NULL);
		sf_xs_attr(w, "idref", s->settings[i].id);
		sf_xs_text(w, s->settings[i].value);
		sf_xs_end(w);
	}
	for (i = 0; i < s->noutcomes; i++)
		sf_ruleresult_write(w, s, &s->outcomes[i], end);
	score(w, s);
	scan_metadata(w, s, h, o);
	sf_xs_end(w);
	sf_buf_release(&b);
	free(bid);
	free(comp);
	free(version);
}
