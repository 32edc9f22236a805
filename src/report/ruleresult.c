/*
 * One XCCDF rule-result of a scan (testresult.h): its result and idents,
 * the metadata (offenders, the assessed containers grouped by value, the
 * excluded ones), one message, an instance per offender and the check,
 * whose check-content carries the detail and a comment for STIG Manager.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/namespaces.h"
#include "report/testresult.h"
#include "scan/offenders.h"
#include "util/buf.h"
#include "util/xmlq.h"
#include "util/xstream.h"

/* An assessed container in its group. */
typedef struct member {
	size_t i;
	const char *value; /* NULL: the field is missing */
	int rank; /* 0: it offends; 1: a shareable IPC namespace, a finding by
	             DISA's literal text; 2: neither */
} member;

static int value_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strcmp(a, b);
}

/* Offending groups first, then shareable ones, then by value (missing
 * last), each container in the evidence's order. */
static int by_group(const void *a, const void *b)
{
	const member *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	c = value_cmp(x->value, y->value);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void container(xmlTextWriterPtr w, const char *element,
                      const sf_container *c)
{
	sf_xs_start(w, "sf", element, NULL);
	sf_xs_attr(w, "id", c->id);
	sf_xs_attr(w, "name", c->name);
	sf_xs_attr(w, "image", c->image);
}

/* <sf:assessed>: the assessed containers grouped by their value. */
static void assessed(xmlTextWriterPtr w, const sf_scan *s,
                     const sf_outcome *out, int k)
{
	size_t n = s->evidence.nassessed, i, j, t, listed = 0;
	member *m;

	if (!n)
		return;
	m = sf_xcalloc(n, sizeof(*m));
	for (i = 0; i < n; i++) {
		m[i].i = i;
		m[i].value = s->evidence.assessed[i].ns[k].mode;
		m[i].rank = k == SF_NS_IPC && m[i].value &&
		                    !strcmp(m[i].value, "shareable")
		                ? 1
		                : 2;
	}
	for (i = 0; i < out->noffenders; i++)
		m[out->offenders[i].container].rank = 0;
	qsort(m, n, sizeof(*m), by_group);
	for (i = 0; i < n; i = j) {
		size_t show;

		for (j = i + 1; j < n && m[j].rank == m[i].rank &&
		                !value_cmp(m[j].value, m[i].value);
		     j++)
			;
		show = j - i;
		if (m[i].rank == 2) {
			size_t room = SF_TESTRESULT_LIST_CAP - listed;

			show = show < room ? show : room;
			listed += show;
		}
		sf_xs_start(w, "sf", "assessed", NULL);
		sf_xs_attr(w, "setting", sf_ns_key((sf_ns_kind)k));
		if (m[i].value)
			sf_xs_attr(w, "value", m[i].value);
		else
			sf_xs_attr(w, "missing", "true");
		sf_xs_attr(w, "offending", m[i].rank ? "false" : "true");
		sf_xs_attrf(w, "count", "%zu", j - i);
		sf_xs_attrf(w, "listed", "%zu", show);
		for (t = i; t < i + show; t++) {
			container(w, "container", &s->evidence.assessed[m[t].i]);
			sf_xs_end(w);
		}
		sf_xs_end(w);
	}
	free(m);
}

/* <sf:offender> (or <sf:excluded-offender>): a container and what it
 * was found to have. */
static void offense(xmlTextWriterPtr w, const char *element,
                    const sf_offense *f, const sf_container *k)
{
	container(w, element, k);
	sf_xs_attr(w, "setting", f->setting);
	if (f->value)
		sf_xs_attr(w, "value", f->value);
	if (f->detail)
		sf_xs_attr(w, "detail", f->detail);
	sf_xs_end(w);
}

static void metadata(xmlTextWriterPtr w, const sf_scan *s,
                     const sf_outcome *out, int k)
{
	size_t i;

	if (!out->noffenders && !out->nexcluded_offenders &&
	    (k < 0 || (!s->evidence.nassessed && !s->evidence.nexcluded)))
		return;
	sf_xs_start(w, NULL, "metadata", NULL);
	for (i = 0; i < out->noffenders; i++)
		offense(w, "offender", &out->offenders[i],
		        &s->evidence.assessed[out->offenders[i].container]);
	for (i = 0; i < out->nexcluded_offenders; i++)
		offense(w, "excluded-offender", &out->excluded_offenders[i],
		        &s->evidence.excluded[out->excluded_offenders[i]
		                                  .container]);
	if (k >= 0) {
		assessed(w, s, out, k);
		for (i = 0; i < s->evidence.nexcluded; i++) {
			const sf_container *c = &s->evidence.excluded[i];

			container(w, "excluded-container", c);
			sf_xs_attr(w, "setting", sf_ns_key((sf_ns_kind)k));
			if (c->ns[k].mode)
				sf_xs_attr(w, "value", c->ns[k].mode);
			else
				sf_xs_attr(w, "missing", "true");
			sf_xs_attr(w, "matched", c->matched);
			sf_xs_end(w);
		}
	}
	sf_xs_end(w);
}

/* The one message: every offender on a line of its own, or what the
 * result rests on. Empty when there is nothing to say. */
static void message_text(const sf_scan *s, const sf_outcome *out, int k,
                         sf_buf *b)
{
	size_t i, n = s->evidence.nassessed;

	if (out->problem) {
		sf_buf_puts(b, out->problem);
		return;
	}
	for (i = 0; i < out->noffenders; i++) {
		const sf_offense *f = &out->offenders[i];
		const sf_container *c = &s->evidence.assessed[f->container];

		sf_buf_printf(b, "%scontainer %s (%.12s, image %s): %s is %s",
		              i ? "\n" : "", *c->name ? c->name : "(no name)",
		              c->id, *c->image ? c->image : "(none)",
		              f->setting, f->detail ? f->detail : f->value);
	}
	if (out->result != SF_XR_PASS || out->noffenders)
		return;
	if (k < 0)
		sf_buf_printf(b, "No offender among the %zu container%s "
		                 "assessed.",
		              n, n == 1 ? "" : "s");
	else
		sf_buf_printf(b,
		              "No offender: none of the %zu container%s "
		              "assessed shares the host's %s namespace "
		              "(HostConfig.%s).",
		              n, n == 1 ? "" : "s", k == SF_NS_PID ? "PID" : "IPC",
		              sf_ns_key((sf_ns_kind)k));
}

static void copy_prop(xmlTextWriterPtr w, xmlNodePtr n, const char *name)
{
	char *v = sf_xml_prop(n, name);

	sf_xs_attr(w, name, v);
	free(v);
}

static void check(xmlTextWriterPtr w, const sf_scan *s, const sf_outcome *out,
                  const char *detail)
{
	xmlNodePtr c, chk = sf_xml_child(out->rule->node, "check");
	sf_buf comment = SF_BUF_INIT;

	if (!chk || !out->rule->oval_def)
		return;
	sf_xs_start(w, NULL, "check", NULL);
	copy_prop(w, chk, "system");
	for (c = sf_xml_child(chk, "check-export"); c;
	     c = sf_xml_next(c, "check-export")) {
		sf_xs_start(w, NULL, "check-export", NULL);
		copy_prop(w, c, "value-id");
		copy_prop(w, c, "export-name");
		sf_xs_end(w);
	}
	sf_xs_start(w, NULL, "check-content-ref", NULL);
	sf_xs_attr(w, "name", out->rule->oval_def);
	sf_xs_attr(w, "href", "#oval0");
	sf_xs_end(w);
	sf_buf_printf(&comment,
	              "Automated check by scapforge %s: %s, %zu offender%s "
	              "among %zu assessed container%s (evidence SHA-256 %s).",
	              SF_VERSION, sf_xccdf_result_name(out->result),
	              out->noffenders, out->noffenders == 1 ? "" : "s",
	              s->evidence.nassessed,
	              s->evidence.nassessed == 1 ? "" : "s",
	              s->evidence.sha256);
	sf_xs_start(w, NULL, "check-content", NULL);
	if (*detail)
		sf_xs_elem(w, "sf", "detail", detail);
	sf_xs_elem(w, "sf", "comment", sf_buf_cstr(&comment));
	sf_xs_end(w);
	sf_xs_end(w);
	sf_buf_release(&comment);
}

static void idents(xmlTextWriterPtr w, xmlNodePtr r)
{
	xmlNodePtr c;

	for (c = sf_xml_child(r, "ident"); c; c = sf_xml_next(c, "ident")) {
		char *value = sf_xml_text(c);

		sf_xs_start(w, NULL, "ident", NULL);
		copy_prop(w, c, "system");
		sf_xs_text(w, value);
		sf_xs_end(w);
		free(value);
	}
}

void sf_ruleresult_write(xmlTextWriterPtr w, const sf_scan *s,
                         const sf_outcome *out, const char *when)
{
	xmlNodePtr r = out->rule->node;
	char *weight = sf_xml_prop(r, "weight");
	int k = sf_offenders_ns_kind(s->content->oval, out->rule->oval_def);
	sf_buf msg = SF_BUF_INIT;
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
	idents(w, r);
	metadata(w, s, out, k);
	message_text(s, out, k, &msg);
	if (msg.len) {
		sf_xs_start(w, NULL, "message", NULL);
		sf_xs_attr(w, "severity", out->problem ? "error" : "info");
		sf_xs_text(w, sf_buf_cstr(&msg));
		sf_xs_end(w);
	}
	for (i = 0; i < out->noffenders; i++) {
		/* XCCDF keys a rule-result's instances by their context */
		sf_xs_start(w, NULL, "instance", NULL);
		sf_xs_attrf(w, "context", "docker-container-%zu", i + 1);
		sf_xs_text(w, s->evidence.assessed[out->offenders[i].container].id);
		sf_xs_end(w);
	}
	check(w, s, out, sf_buf_cstr(&msg));
	sf_xs_end(w);
	sf_buf_release(&msg);
}
