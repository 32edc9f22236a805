/*
 * What scapforge scan prints on the terminal (scan_print.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/scan_print.h"
#include "util/buf.h"

/* Text for the terminal: control characters of hostile names shown as
 * '?', so that evidence cannot drive the terminal. */
void sf_scan_print_safe(sf_buf *b, const char *s)
{
	for (; s && *s; s++)
		sf_buf_putc(b,
		            (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

void sf_scan_print_table(const sf_scan *s)
{
	sf_buf b = SF_BUF_INIT;
	size_t i, j;

	sf_buf_printf(&b, "%-14s %-16s %-26s %s\n", "RESULT", "STIG ID", "RULE",
	              "OFFENDING CONTAINERS");
	for (i = 0; i < s->noutcomes; i++) {
		const sf_outcome *o = &s->outcomes[i];
		const char *tail = strstr(o->rule->id, "_rule_");

		sf_buf_printf(&b, "%-14s %-16s %-26s ",
		              sf_xccdf_result_name(o->result),
		              o->rule->version ? o->rule->version : "-",
		              tail ? tail + 6 : o->rule->id);
		if (!o->noffenders)
			sf_buf_puts(&b, o->problem ? o->problem : "-");
		for (j = 0; j < o->noffenders; j++) {
			const sf_container *c =
			    &s->evidence.assessed[o->offenders[j].container];

			sf_buf_puts(&b, j ? ", " : "");
			sf_scan_print_safe(&b, *c->name ? c->name : "(no name)");
			sf_buf_printf(&b, " (%.12s, ", c->id);
			sf_scan_print_safe(&b, *c->image ? c->image : "no image");
			sf_buf_putc(&b, ')');
		}
		sf_buf_putc(&b, '\n');
	}
	fputs(sf_buf_cstr(&b), stdout);
	sf_buf_release(&b);
}

/* "; would be a finding of DKER-EE-001240 (HostConfig.PidMode is host)"
 * for each rule the excluded container k would fail. Each outcome's
 * excluded offenders are in the evidence's order: at[i] is where outcome
 * i's next one stands, so that each is looked at once. */
static void would_fail(sf_buf *b, const sf_scan *s, size_t k, size_t *at)
{
	size_t i;

	for (i = 0; i < s->noutcomes; i++) {
		const sf_outcome *o = &s->outcomes[i];

		for (; at[i] < o->nexcluded_offenders &&
		       (size_t)o->excluded_offenders[at[i]].container <= k;
		     at[i]++) {
			const sf_offense *f = &o->excluded_offenders[at[i]];

			if ((size_t)f->container != k)
				continue;
			sf_buf_printf(b, "; would be a finding of %s (%s is ",
			              o->rule->version ? o->rule->version
			                               : o->rule->id,
			              f->setting);
			sf_scan_print_safe(b, f->detail ? f->detail : f->value);
			sf_buf_putc(b, ')');
		}
	}
}

void sf_scan_print_evidence(const sf_scan *s, const char *path)
{
	size_t i, na = sf_evidence_inapplicable(&s->evidence);
	size_t *at = sf_xcalloc(s->noutcomes ? s->noutcomes : 1, sizeof(*at));

	{
		sf_buf b = SF_BUF_INIT;

		sf_buf_puts(&b, "target: ");
		sf_scan_print_safe(&b, s->target.hostname);
		sf_buf_printf(&b, " (%s)", s->target.kind);
		puts(sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
	if (s->collected)
		printf("engine: %s, Docker %s (API %s, %s); %zu containers listed\n",
		       s->engine.host, s->engine.version, s->engine.api_version,
		       s->engine.os, s->engine.containers);
	for (i = 0; s->collected && i < s->engine.vanished; i++) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_puts(&b, "vanished: ");
		sf_scan_print_safe(&b, s->engine.vanished_names[i]);
		sf_buf_printf(&b, " (%.12s): listed, then gone before its "
		                  "inspection",
		              s->engine.vanished_ids[i]);
		puts(sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
	printf("evidence: %zu container%s assessed, %zu excluded",
	       s->evidence.nassessed, s->evidence.nassessed == 1 ? "" : "s",
	       s->evidence.nexcluded - na);
	if (na)
		printf(", %zu not applicable", na);
	if (s->data_root) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_puts(&b, "; Docker's files under ");
		sf_scan_print_safe(&b, s->evidence_path);
		sf_buf_printf(&b, " (sha256 of the files read %s)",
		              s->evidence.sha256);
		puts(sf_buf_cstr(&b));
		sf_buf_release(&b);
	} else {
		printf("; %s (sha256 %s)\n", path, s->evidence.sha256);
	}
	for (i = 0; i < s->evidence.nexcluded; i++) {
		const sf_container *c = &s->evidence.excluded[i];
		sf_buf b = SF_BUF_INIT;

		sf_buf_puts(&b, "excluded: ");
		sf_scan_print_safe(&b, c->name);
		sf_buf_printf(&b, " (%.12s): ", c->id);
		sf_scan_print_safe(&b, c->matched);
		would_fail(&b, s, i, at);
		puts(sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
	free(at);
}

