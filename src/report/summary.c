#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/summary.h"
#include "util/json.h"
#include "util/xmlq.h"

static void timestamp(sf_json *j, const char *key, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[40];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sf_json_kstring(j, key, s);
}

static const char *cat_of(const char *severity)
{
	if (!severity)
		return NULL;
	if (!strcmp(severity, "high"))
		return "I";
	if (!strcmp(severity, "medium"))
		return "II";
	return !strcmp(severity, "low") ? "III" : NULL;
}

static void container(sf_json *j, const sf_container *c)
{
	sf_json_kstring(j, "id", c->id);
	sf_json_kstring(j, "name", c->name);
	sf_json_kstring(j, "image", c->image);
}

/* A fact, or null when it is not known. */
static void known(sf_json *j, const char *key, const char *v)
{
	sf_json_kstring(j, key, v && *v && strcmp(v, "unknown") ? v : NULL);
}

static void target(sf_json *j, const sf_host *h)
{
	size_t i;

	sf_json_key(j, "target");
	sf_json_object(j);
	sf_json_kstring(j, "kind", h->kind);
	sf_json_kstring(j, "name", h->hostname);
	known(j, "fqdn", sf_host_is_fqdn(h->fqdn) ? h->fqdn : NULL);
	known(j, "os", h->os_name);
	known(j, "os_version", h->os_version);
	known(j, "architecture", h->arch);
	known(j, "kernel", h->kernel);
	sf_json_key(j, "addresses");
	sf_json_array(j);
	for (i = 0; i < h->nifs; i++) {
		const sf_host_if *f = &h->ifs[i];

		/* a loopback address is no asset's */
		if (f->loopback ||
		    (!*f->address && !sf_host_mac_useful(f->mac)))
			continue;
		sf_json_object(j);
		known(j, "ip", f->address);
		known(j, "mac", f->mac);
		sf_json_end(j);
	}
	sf_json_end(j);
	sf_json_end(j);
	sf_json_kstring(j, "scanned_by", h->user);
}

static void evidence(sf_json *j, const sf_scan *s, const sf_arf_opts *o)
{
	size_t i;

	sf_json_key(j, "engine");
	if (s->collected) {
		sf_json_object(j);
		sf_json_kstring(j, "host", s->engine.host);
		sf_json_kstring(j, "version", s->engine.version);
		sf_json_kstring(j, "api_version", s->engine.api_version);
		sf_json_kstring(j, "os", s->engine.os);
		known(j, "edition", s->engine.edition);
		known(j, "name", s->engine.name);
		known(j, "id", s->engine.id);
		known(j, "operating_system", s->engine.operating_system);
		known(j, "kernel", s->engine.kernel);
		sf_json_kint(j, "listed", (long long)s->engine.containers);
		sf_json_kint(j, "vanished", (long long)s->engine.vanished);
		sf_json_key(j, "vanished_containers");
		sf_json_array(j);
		for (i = 0; i < s->engine.vanished; i++) {
			sf_json_object(j);
			sf_json_kstring(j, "id", s->engine.vanished_ids[i]);
			sf_json_kstring(j, "name", s->engine.vanished_names[i]);
			sf_json_end(j);
		}
		sf_json_end(j);
		sf_json_end(j);
	} else {
		sf_json_null(j);
	}
	sf_json_key(j, "evidence");
	sf_json_object(j);
	sf_json_kstring(j, "source", o->source);
	sf_json_kstring(j, "path", o->evidence_path);
	sf_json_kstring(j, "sha256", s->evidence.sha256);
	sf_json_kint(j, "assessed", (long long)s->evidence.nassessed);
	sf_json_key(j, "excluded");
	sf_json_array(j);
	for (i = 0; i < s->evidence.nexcluded; i++) {
		sf_json_object(j);
		container(j, &s->evidence.excluded[i]);
		sf_json_kstring(j, "matched", s->evidence.excluded[i].matched);
		sf_json_key(j, "inapplicable");
		sf_json_bool(j, s->evidence.excluded[i].inapplicable);
		sf_json_end(j);
	}
	sf_json_end(j);
	sf_json_end(j);
}

/* Where the summary goes as it is made: pf, when not NULL. */
typedef struct sink {
	sf_pending_file *pf;
	int failed;
} sink;

/* Hands what the writer holds to the file once it is a piece's worth
 * (least 0: whatever it holds). */
static void spill(sf_json *j, sink *to, size_t least)
{
	/* after a failed write (its error set) nothing more is written */
	if (to->pf && !to->failed && sf_json_spill(j, to->pf, least) < 0)
		to->failed = 1;
}

/* "key": [{container, setting, value, detail}...]; list is what the
 * offenses' indexes are into. */
static void offenses(sf_json *j, const char *key, const sf_offense *f, size_t n,
                     const sf_container *list, sink *to)
{
	size_t i;

	sf_json_key(j, key);
	sf_json_array(j);
	for (i = 0; i < n; i++) {
		sf_json_object(j);
		container(j, &list[f[i].container]);
		sf_json_kstring(j, "setting", f[i].setting);
		sf_json_kstring(j, "value", f[i].value);
		sf_json_kstring(j, "detail", f[i].detail);
		sf_json_end(j);
		spill(j, to, 65536);
	}
	sf_json_end(j);
}

static void rule(sf_json *j, const sf_scan *s, const sf_outcome *out, sink *to)
{
	const char *tail = strstr(out->rule->id, "_rule_");
	char *group = sf_xml_prop(out->rule->node->parent, "id");
	const char *vuln = strstr(group, "_group_");

	sf_json_object(j);
	sf_json_kstring(j, "id", out->rule->id);
	sf_json_kstring(j, "rule_id", tail ? tail + 6 : out->rule->id);
	sf_json_kstring(j, "stig_id", out->rule->version);
	sf_json_kstring(j, "vuln_id", vuln ? vuln + 7 : NULL);
	sf_json_kstring(j, "severity", out->rule->severity);
	sf_json_kstring(j, "cat", cat_of(out->rule->severity));
	sf_json_kstring(j, "title", out->rule->title);
	sf_json_kstring(j, "result", sf_xccdf_result_name(out->result));
	sf_json_kstring(j, "problem", out->problem);
	offenses(j, "offenders", out->offenders, out->noffenders,
	         s->evidence.assessed, to);
	offenses(j, "excluded_offenders", out->excluded_offenders,
	         out->nexcluded_offenders, s->evidence.excluded, to);
	sf_json_end(j);
	free(group);
}

int sf_summary_json(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                    const char *arf_path, int exit_status, sf_buf *out,
                    sf_pending_file *pf)
{
	static const sf_xccdf_result order[] = {
	    SF_XR_PASS,    SF_XR_FAIL,          SF_XR_ERROR,
	    SF_XR_UNKNOWN, SF_XR_NOTAPPLICABLE, SF_XR_NOTCHECKED};
	char *bench = sf_xml_prop(s->content->benchmark, "id");
	char *version =
	    sf_xml_text(sf_xml_child(s->content->benchmark, "version"));
	sink to = {pf, 0};
	sf_json j;
	size_t i, k, n;

	sf_json_init(&j, out);
	sf_json_object(&j);
	sf_json_kint(&j, "format", SF_SUMMARY_FORMAT);
	sf_json_kstring(&j, "scanner", "scapforge " SF_VERSION);
	sf_json_kstring(&j, "benchmark", bench);
	sf_json_kstring(&j, "benchmark_version", version);
	sf_json_kstring(&j, "profile", s->profile_id);
	timestamp(&j, "start_time", s->start_time);
	timestamp(&j, "end_time", s->end_time);
	sf_json_kint(&j, "exit_status", exit_status);
	sf_json_kstring(&j, "warning", o->warning);
	sf_json_kstring(&j, "marking", o->marking);
	sf_json_kstring(&j, "arf", arf_path);
	sf_json_key(&j, "counts");
	sf_json_object(&j);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (i = n = 0; i < s->noutcomes; i++)
			n += s->outcomes[i].result == order[k];
		sf_json_kint(&j, sf_xccdf_result_name(order[k]), (long long)n);
	}
	sf_json_end(&j);
	sf_json_key(&j, "rules");
	sf_json_array(&j);
	for (i = 0; i < s->noutcomes; i++)
		rule(&j, s, &s->outcomes[i], &to);
	sf_json_end(&j);
	target(&j, h);
	evidence(&j, s, o);
	sf_json_key(&j, "values");
	sf_json_object(&j);
	for (i = 0; i < s->nsettings; i++)
		sf_json_kstring(&j, s->settings[i].id, s->settings[i].value);
	sf_json_end(&j);
	sf_json_end(&j);
	spill(&j, &to, 0);
	free(bench);
	free(version);
	return to.failed ? -1 : 0; /* the write said why */
}
