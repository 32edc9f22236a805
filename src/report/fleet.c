/*
 * The fleet's roll-up (fleet.h): outcomes read, JSON and CSV written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/fleet.h"
#include "util/error.h"
#include "util/json.h"
#include "util/jsontree.h"

static char *dup_or_null(const char *s)
{
	return s ? sf_xstrdup(s) : NULL;
}

static void read_rule(sf_fleet_rule *r, const sf_jtree *o)
{
	const sf_jtree *offs = sf_jtree_get(o, "offenders");
	size_t k;

	r->stig_id = dup_or_null(sf_jtree_str(o, "stig_id"));
	r->rule_id = dup_or_null(sf_jtree_str(o, "rule_id"));
	r->result = dup_or_null(sf_jtree_str(o, "result"));
	if (!offs || offs->kind != SF_JTREE_ARRAY || !offs->n)
		return;
	r->offenders = sf_xcalloc(offs->n, sizeof(*r->offenders));
	for (k = 0; k < offs->n; k++) {
		r->offenders[k].id = dup_or_null(sf_jtree_str(&offs->kids[k], "id"));
		r->offenders[k].name =
		    dup_or_null(sf_jtree_str(&offs->kids[k], "name"));
	}
	r->noffenders = offs->n;
}

int sf_fleet_outcome_read(sf_fleet_host *h, const char *json, size_t len,
                          int exit_status)
{
	sf_jtree *t = NULL;
	const sf_jtree *rules, *engine, *ev, *n;
	size_t i;
	int unsure = 0;

	if (sf_jtree_parse(&t, "the host's summary", json, len) < 0)
		return -1;
	rules = sf_jtree_get(t, "rules");
	if (t->kind != SF_JTREE_OBJECT || !rules ||
	    rules->kind != SF_JTREE_ARRAY) {
		sf_jtree_free(t);
		return sf_error_set("the host's summary has no rules");
	}
	sf_fleet_host_clear(h);
	engine = sf_jtree_get(t, "engine");
	h->engine_name = dup_or_null(sf_jtree_str(engine, "name"));
	if (!h->engine_name)
		h->engine_name = dup_or_null(sf_jtree_str(
		    sf_jtree_get(t, "target"), "name"));
	h->engine_id = dup_or_null(sf_jtree_str(engine, "id"));
	h->engine_version = dup_or_null(sf_jtree_str(engine, "version"));
	ev = sf_jtree_get(t, "evidence");
	n = sf_jtree_get(ev, "assessed");
	if (n && n->kind == SF_JTREE_NUMBER)
		h->containers = strtoul(json + n->start, NULL, 10);
	h->rules = sf_xcalloc(rules->n ? rules->n : 1, sizeof(*h->rules));
	for (i = 0; i < rules->n; i++) {
		read_rule(&h->rules[i], &rules->kids[i]);
		if (!h->rules[i].result ||
		    (strcmp(h->rules[i].result, "pass") &&
		     strcmp(h->rules[i].result, "notapplicable")))
			unsure = 1;
	}
	h->nrules = rules->n;
	h->exit_status = exit_status;
	/* a rule not passed makes a finding whatever the exit status says */
	h->status = exit_status == 0 && !unsure ? SF_FLEET_PASS
	                                        : SF_FLEET_FINDING;
	sf_jtree_free(t);
	return 0;
}

int sf_fleet_verdict(const sf_fleet *f)
{
	size_t i, scanned = 0, pass = 0;

	for (i = 0; i < f->n; i++) {
		scanned += f->hosts[i].status == SF_FLEET_PASS ||
		           f->hosts[i].status == SF_FLEET_FINDING;
		pass += f->hosts[i].status == SF_FLEET_PASS;
	}
	if (!scanned)
		return 1;
	return pass == f->n ? 0 : 2;
}

static void count(const sf_fleet *f, size_t *pass, size_t *finding,
                  size_t *error, size_t *containers)
{
	size_t i;

	*pass = *finding = *error = *containers = 0;
	for (i = 0; i < f->n; i++) {
		*pass += f->hosts[i].status == SF_FLEET_PASS;
		*finding += f->hosts[i].status == SF_FLEET_FINDING;
		*error += f->hosts[i].status != SF_FLEET_PASS &&
		          f->hosts[i].status != SF_FLEET_FINDING;
		*containers += f->hosts[i].containers;
	}
}

static void host_json(sf_json *j, const sf_fleet_host *h)
{
	size_t i, k;
	int scanned = h->status == SF_FLEET_PASS || h->status == SF_FLEET_FINDING;

	sf_json_object(j);
	sf_json_kstring(j, "name", h->name);
	sf_json_kstring(j, "folder", h->folder);
	sf_json_kstring(j, "endpoint", h->url);
	sf_json_kstring(j, "status", sf_fleet_status_name(h->status));
	sf_json_key(j, "exit_status");
	if (h->exit_status < 0)
		sf_json_null(j);
	else
		sf_json_int(j, h->exit_status);
	sf_json_key(j, "engine");
	if (scanned) {
		sf_json_object(j);
		sf_json_kstring(j, "name", h->engine_name);
		sf_json_kstring(j, "id", h->engine_id);
		sf_json_kstring(j, "version", h->engine_version);
		sf_json_end(j);
	} else {
		sf_json_null(j);
	}
	sf_json_kint(j, "containers", (long long)h->containers);
	sf_json_key(j, "rules");
	sf_json_array(j);
	for (i = 0; i < h->nrules; i++) {
		const sf_fleet_rule *r = &h->rules[i];

		sf_json_object(j);
		sf_json_kstring(j, "stig_id", r->stig_id);
		sf_json_kstring(j, "rule_id", r->rule_id);
		sf_json_kstring(j, "result", r->result);
		sf_json_key(j, "offenders");
		sf_json_array(j);
		for (k = 0; k < r->noffenders; k++) {
			sf_json_object(j);
			sf_json_kstring(j, "id", r->offenders[k].id);
			sf_json_kstring(j, "name", r->offenders[k].name);
			sf_json_end(j);
		}
		sf_json_end(j);
		sf_json_end(j);
	}
	sf_json_end(j);
	sf_json_kstring(j, "error", h->error);
	sf_json_end(j);
}

void sf_fleet_json(const sf_fleet *f, sf_buf *out)
{
	size_t i, pass, finding, error, containers;
	sf_json j;

	count(f, &pass, &finding, &error, &containers);
	sf_json_init(&j, out);
	sf_json_object(&j);
	sf_json_kint(&j, "format", SF_FLEET_FORMAT);
	sf_json_kstring(&j, "scanner", "scapforge " SF_VERSION);
	sf_json_kint(&j, "exit_status", sf_fleet_verdict(f));
	sf_json_key(&j, "counts");
	sf_json_object(&j);
	sf_json_kint(&j, "hosts", (long long)f->n);
	sf_json_kint(&j, "pass", (long long)pass);
	sf_json_kint(&j, "finding", (long long)finding);
	sf_json_kint(&j, "error", (long long)error);
	sf_json_kint(&j, "containers", (long long)containers);
	sf_json_end(&j);
	sf_json_key(&j, "hosts");
	sf_json_array(&j);
	for (i = 0; i < f->n; i++)
		host_json(&j, &f->hosts[i]);
	sf_json_end(&j);
	sf_json_end(&j);
	sf_buf_putc(out, '\n');
}

void sf_fleet_csv_field(sf_buf *b, const char *s)
{
	int formula, quote;

	s = s ? s : "";
	formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	          *s == '\t' || *s == '\r';
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sf_buf_putc(b, '"');
	if (formula)
		sf_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sf_buf_putc(b, '"');
		sf_buf_putc(b, *s);
	}
	if (quote)
		sf_buf_putc(b, '"');
}

static void csv_row(sf_buf *b, const sf_fleet_host *h, const sf_fleet_rule *r)
{
	sf_buf offs = SF_BUF_INIT;
	char n[32];
	size_t k;

	if (r)
		for (k = 0; k < r->noffenders; k++)
			sf_buf_printf(&offs, "%s%s", k ? "; " : "",
			              r->offenders[k].name);
	snprintf(n, sizeof(n), "%zu", h->containers);
	sf_fleet_csv_field(b, h->name);
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, h->url);
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, sf_fleet_status_name(h->status));
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, h->engine_name);
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, r ? n : "");
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, r ? r->stig_id : "");
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, r ? r->result : "");
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, sf_buf_cstr(&offs));
	sf_buf_putc(b, ',');
	sf_fleet_csv_field(b, h->error);
	sf_buf_puts(b, "\r\n");
	sf_buf_release(&offs);
}

/* One row per host and rule; a host without rules (not scanned) one row
 * with its error. */
void sf_fleet_csv(const sf_fleet *f, sf_buf *out)
{
	size_t i, k;

	sf_buf_puts(out, "host,endpoint,status,engine,containers,stig_id,"
	                 "result,offenders,error\r\n");
	for (i = 0; i < f->n; i++) {
		const sf_fleet_host *h = &f->hosts[i];

		if (!h->nrules)
			csv_row(out, h, NULL);
		for (k = 0; k < h->nrules; k++)
			csv_row(out, h, &h->rules[k]);
	}
}

static int stage_one(sf_pending_set *set, const char *dir, const char *name,
                     const sf_buf *text)
{
	char *path = sf_path_join(dir, name);
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	int rc = sf_pending_file_write(&pf, path, text->ptr, text->len);

	if (rc == 0)
		rc = sf_pending_set_take(set, &pf);
	sf_pending_file_release(&pf);
	free(path);
	return rc;
}

int sf_fleet_stage(sf_pending_set *set, const sf_fleet *f, const char *dir,
                   int html)
{
	sf_buf json = SF_BUF_INIT, csv = SF_BUF_INIT, page = SF_BUF_INIT;
	int rc = -1;

	sf_fleet_json(f, &json);
	sf_fleet_csv(f, &csv);
	if (sf_fleet_html(f, html, &page) < 0)
		goto done;
	if (stage_one(set, dir, "fleet.json", &json) < 0 ||
	    stage_one(set, dir, "fleet.csv", &csv) < 0 ||
	    stage_one(set, dir, "fleet.html", &page) < 0)
		goto done;
	rc = 0;
done:
	sf_buf_release(&json);
	sf_buf_release(&csv);
	sf_buf_release(&page);
	return rc;
}
