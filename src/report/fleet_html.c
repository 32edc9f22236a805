/*
 * The fleet's HTML page (fleet.h): the fleet as an XML document, turned
 * into a page by the compiled-in stylesheet fleet.xsl, as the one-host
 * report is made from the ARF. Names are only ever text in the document,
 * so the stylesheet's output escapes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/fleet.h"
#include "report/html.h"
#include "util/text.h"

/* Adds a child with text (made XML-safe), or an attribute. */
static xmlNodePtr add(xmlNodePtr parent, const char *name, const char *text)
{
	char *clean = sf_text_xml_clean(text ? text : "");
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name,
	                               BAD_CAST clean);

	free(clean);
	return n;
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
	char *clean = sf_text_xml_clean(value ? value : "");

	xmlNewProp(n, BAD_CAST name, BAD_CAST clean);
	free(clean);
}

static void attr_n(xmlNodePtr n, const char *name, size_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%zu", v);
	attr(n, name, s);
}

/* The rules' STIG IDs in the order the hosts first name them: the
 * columns. Returns how many; *out borrows the hosts' strings. */
static size_t columns(const sf_fleet *f, const char ***out)
{
	const char **cols = NULL;
	size_t n = 0, i, k, c;

	for (i = 0; i < f->n; i++)
		for (k = 0; k < f->hosts[i].nrules; k++) {
			const char *id = f->hosts[i].rules[k].stig_id;

			if (!id)
				continue;
			for (c = 0; c < n && strcmp(cols[c], id); c++)
				;
			if (c == n) {
				cols = sf_xrealloc(cols, (n + 1) * sizeof(*cols));
				cols[n++] = id;
			}
		}
	*out = cols;
	return n;
}

static void host_node(xmlNodePtr fleet, const sf_fleet_host *h,
                      const char **cols, size_t ncols, int html)
{
	xmlNodePtr n = xmlNewChild(fleet, NULL, BAD_CAST "host", NULL);
	size_t c, k, o;

	attr(n, "status", sf_fleet_status_name(h->status));
	attr_n(n, "containers", h->containers);
	add(n, "name", h->name);
	add(n, "endpoint", h->url);
	if (h->engine_name)
		add(n, "engine", h->engine_name);
	if (h->error)
		add(n, "error", h->error);
	if (html && (h->status == SF_FLEET_PASS || h->status == SF_FLEET_FINDING)) {
		char *href = sf_xmalloc(strlen(h->folder) + 13);

		sprintf(href, "%s/report.html", h->folder);
		add(n, "report", href);
		free(href);
	}
	for (c = 0; c < ncols; c++) {
		xmlNodePtr cell = xmlNewChild(n, NULL, BAD_CAST "cell", NULL);

		for (k = 0; k < h->nrules; k++) {
			const sf_fleet_rule *r = &h->rules[k];

			if (!r->stig_id || strcmp(r->stig_id, cols[c]))
				continue;
			attr(cell, "result", r->result);
			for (o = 0; o < r->noffenders; o++)
				attr(add(cell, "offender", r->offenders[o].name),
				     "id", r->offenders[o].id);
		}
	}
}

int sf_fleet_html(const sf_fleet *f, int html, sf_buf *out)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr fleet = xmlNewDocNode(doc, NULL, BAD_CAST "fleet", NULL);
	const char **cols = NULL;
	size_t ncols = columns(f, &cols), i, c, pass = 0, finding = 0;
	int rc;

	xmlDocSetRootElement(doc, fleet);
	for (i = 0; i < f->n; i++) {
		pass += f->hosts[i].status == SF_FLEET_PASS;
		finding += f->hosts[i].status == SF_FLEET_FINDING;
	}
	attr_n(fleet, "hosts", f->n);
	attr_n(fleet, "pass", pass);
	attr_n(fleet, "finding", finding);
	attr_n(fleet, "error", f->n - pass - finding);
	for (c = 0; c < ncols; c++)
		add(fleet, "column", cols[c]);
	for (i = 0; i < f->n; i++)
		host_node(fleet, &f->hosts[i], cols, ncols, html);
	rc = sf_html_transform("fleet.xsl", doc, "the fleet", out);
	free(cols);
	xmlFreeDoc(doc);
	return rc;
}
