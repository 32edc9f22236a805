/*
 * The elements of one per container kept as rows (xccdfdoc.h): the
 * lists, their placeholders in the tree, and the tree written back with
 * them expanded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/xccdfdoc_int.h"
#include "util/buf.h"
#include "util/ns.h"

#define ROWS "rows"

int sf_xrows_kept(const char *uri, const char *name)
{
	static const char *const mine[] = {"offender", "excluded-offender",
	                                   "container", "excluded-container",
	                                   "excluded"};
	size_t i;

	if (!uri)
		return 0;
	if (!strcmp(uri, SF_NS_XCCDF))
		return !strcmp(name, "instance");
	if (strcmp(uri, SF_NS_SCAPFORGE) != 0)
		return 0;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (!strcmp(name, mine[i]))
			return 1;
	return 0;
}

/* The parent's lists are chained through prev, the last one in the
 * parent's _private (its index + 1), while reading. */
static size_t find(const sf_xccdfdoc *d, xmlNodePtr parent, const char *uri,
                   const char *name, size_t *head)
{
	size_t i = (size_t)(uintptr_t)parent->_private;

	*head = i;
	for (; i; i = d->rows[i - 1].prev) {
		const sf_xrows *r = &d->rows[i - 1];

		if (!strcmp(r->name, name) && !strcmp(r->ns, uri))
			return i - 1;
	}
	return SIZE_MAX;
}

/* A placeholder under parent in the element's namespace, declared on it
 * where the element declared it itself. */
static void placeholder(sf_xrows *r, xmlNodePtr parent, size_t index)
{
	xmlNodePtr h = xmlNewDocNode(parent->doc, NULL, BAD_CAST ROWS, NULL);
	xmlNsPtr ns = xmlSearchNsByHref(parent->doc, parent, BAD_CAST r->ns);
	char ref[32];

	if (!ns || !(r->prefix ? ns->prefix &&
	                             !strcmp((const char *)ns->prefix, r->prefix)
	                       : !ns->prefix))
		ns = xmlNewNs(h, BAD_CAST r->ns, BAD_CAST r->prefix);
	xmlSetNs(h, ns);
	xmlAddChild(parent, h);
	snprintf(ref, sizeof(ref), "%zu", index);
	xmlNewProp(h, BAD_CAST "of", BAD_CAST r->name);
	xmlNewProp(h, BAD_CAST "ref", BAD_CAST ref);
	r->holder = h;
}

size_t sf_xrows_start(sf_xccdfdoc *d, xmlNodePtr parent, const char *uri,
                      const char *prefix, const char *name)
{
	size_t head, i = find(d, parent, uri, name, &head);
	sf_xrows *r;

	if (!d->pool)
		d->pool = sf_strpool_new();
	if (i == SIZE_MAX) {
		d->rows = sf_xgrow(d->rows, &d->cap_rows, d->nrows + 1,
		                   sizeof(*d->rows));
		i = d->nrows++;
		r = &d->rows[i];
		memset(r, 0, sizeof(*r));
		r->ns = sf_strpool_str(d->pool, uri);
		r->prefix = sf_strpool_str(d->pool, prefix);
		r->name = sf_strpool_str(d->pool, name);
		r->parent = parent;
		r->prev = head;
		parent->_private = (void *)(uintptr_t)(i + 1);
		r->first = sf_xgrow(NULL, &r->cap_first, 1, sizeof(size_t));
		r->first[0] = 0;
		placeholder(r, parent, i);
	}
	r = &d->rows[i];
	r->first = sf_xgrow(r->first, &r->cap_first, r->n + 2, sizeof(size_t));
	r->text = sf_xgrow(r->text, &r->cap, r->n + 1, sizeof(char *));
	r->text[r->n] = "";
	r->n++;
	r->first[r->n] = r->nattr;
	return i;
}

void sf_xrows_add_attr(sf_xccdfdoc *d, size_t list, const char *name,
                       const char *value, size_t len)
{
	sf_xrows *r = &d->rows[list];

	r->attr = sf_xgrow(r->attr, &r->cap_attr, 2 * (r->nattr + 1),
	                   sizeof(char *));
	r->attr[2 * r->nattr] = sf_strpool_str(d->pool, name);
	r->attr[2 * r->nattr + 1] = sf_strpool_add(d->pool, value, len);
	r->nattr++;
	r->first[r->n] = r->nattr;
}

void sf_xrows_set_text(sf_xccdfdoc *d, size_t list, const char *text,
                       size_t len)
{
	sf_xrows *r = &d->rows[list];

	if (len)
		r->text[r->n - 1] = sf_strpool_add(d->pool, text, len);
}

void sf_xrows_seal(sf_xccdfdoc *d)
{
	size_t i;

	for (i = 0; i < d->nrows; i++) {
		sf_xrows *r = &d->rows[i];
		char n[32];

		snprintf(n, sizeof(n), "%zu", r->n);
		if (r->holder)
			xmlSetProp(r->holder, BAD_CAST "n", BAD_CAST n);
		if (r->parent)
			r->parent->_private = NULL;
		/* no more rows: the room kept for them goes */
		r->first = sf_xrealloc(r->first, (r->n + 1) * sizeof(size_t));
		r->text = sf_xrealloc(r->text, r->n * sizeof(char *));
		if (r->nattr)
			r->attr = sf_xrealloc(r->attr,
			                      2 * r->nattr * sizeof(char *));
		r->cap_first = r->n + 1;
		r->cap = r->n;
		r->cap_attr = 2 * r->nattr;
		r->holder = r->parent = NULL;
	}
}

/* ---- reading them ---- */

const sf_xrows *sf_xccdfdoc_rows_of(const sf_xccdfdoc *d, xmlNodePtr node)
{
	xmlChar *ref, *of;
	const sf_xrows *r = NULL;
	char *end;
	unsigned long i;

	if (!node || node->type != XML_ELEMENT_NODE || !node->ns ||
	    strcmp((const char *)node->name, ROWS) != 0 ||
	    (strcmp((const char *)node->ns->href, SF_NS_SCAPFORGE) != 0 &&
	     strcmp((const char *)node->ns->href, SF_NS_XCCDF) != 0))
		return NULL;
	ref = xmlGetNoNsProp(node, BAD_CAST "ref");
	of = xmlGetNoNsProp(node, BAD_CAST "of");
	if (ref && of && *ref) {
		i = strtoul((const char *)ref, &end, 10);
		if (!*end && i < d->nrows &&
		    !strcmp(d->rows[i].name, (const char *)of))
			r = &d->rows[i];
	}
	xmlFree(ref);
	xmlFree(of);
	return r;
}

const sf_xrows *sf_xccdfdoc_rows(const sf_xccdfdoc *d, xmlNodePtr parent,
                                 const char *of)
{
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c; c = c->next) {
		const sf_xrows *r = sf_xccdfdoc_rows_of(d, c);

		if (r && !strcmp(r->name, of))
			return r;
	}
	return NULL;
}

size_t sf_xrows_count(const sf_xrows *r)
{
	return r ? r->n : 0;
}

const char *sf_xrows_get(const sf_xrows *r, size_t i, const char *name)
{
	size_t a;

	for (a = r->first[i]; a < r->first[i + 1]; a++)
		if (!strcmp(r->attr[2 * a], name))
			return r->attr[2 * a + 1];
	return NULL;
}

const char *sf_xrows_value(const sf_xrows *r, size_t i, const char *name)
{
	const char *v = sf_xrows_get(r, i, name);

	return v ? v : "";
}

/* ---- writing them back ---- */

static void start(xmlTextWriterPtr w, const xmlChar *prefix,
                  const xmlChar *name)
{
	xmlTextWriterStartElementNS(w, prefix, name, NULL);
}

/* xmlns:prefix="uri" (xmlns="uri" without a prefix). */
static void write_ns(xmlTextWriterPtr w, xmlNsPtr ns)
{
	sf_buf q = SF_BUF_INIT;

	sf_buf_puts(&q, "xmlns");
	if (ns->prefix)
		sf_buf_printf(&q, ":%s", (const char *)ns->prefix);
	xmlTextWriterWriteAttribute(w, BAD_CAST sf_buf_cstr(&q), ns->href);
	sf_buf_release(&q);
}

static void expand(xmlTextWriterPtr w, const sf_xrows *r, xmlNodePtr holder)
{
	const xmlChar *prefix = holder->ns->prefix;
	size_t i, a;

	for (i = 0; i < r->n; i++) {
		start(w, prefix, BAD_CAST r->name);
		if (holder->nsDef)
			write_ns(w, holder->nsDef);
		for (a = r->first[i]; a < r->first[i + 1]; a++)
			xmlTextWriterWriteAttribute(w, BAD_CAST r->attr[2 * a],
			                            BAD_CAST r->attr[2 * a + 1]);
		if (*r->text[i])
			xmlTextWriterWriteString(w, BAD_CAST r->text[i]);
		xmlTextWriterEndElement(w);
	}
}

static void write_node(const sf_xccdfdoc *d, xmlTextWriterPtr w,
                       xmlNodePtr n);

static void write_element(const sf_xccdfdoc *d, xmlTextWriterPtr w,
                          xmlNodePtr n)
{
	const sf_xrows *r = sf_xccdfdoc_rows_of(d, n);
	xmlNsPtr ns;
	xmlAttrPtr a;
	xmlNodePtr c;

	if (r) {
		expand(w, r, n);
		return;
	}
	start(w, n->ns ? n->ns->prefix : NULL, n->name);
	for (ns = n->nsDef; ns; ns = ns->next)
		write_ns(w, ns);
	for (a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

		xmlTextWriterWriteAttributeNS(w, a->ns ? a->ns->prefix : NULL,
		                              a->name, NULL,
		                              v ? v : BAD_CAST "");
		xmlFree(v);
	}
	for (c = n->children; c; c = c->next)
		write_node(d, w, c);
	xmlTextWriterEndElement(w);
}

static void write_node(const sf_xccdfdoc *d, xmlTextWriterPtr w, xmlNodePtr n)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		write_element(d, w, n);
		break;
	case XML_TEXT_NODE:
		xmlTextWriterWriteString(w, n->content);
		break;
	case XML_CDATA_SECTION_NODE:
		xmlTextWriterWriteCDATA(w, n->content);
		break;
	case XML_COMMENT_NODE:
		xmlTextWriterWriteComment(w, n->content);
		break;
	case XML_PI_NODE:
		xmlTextWriterWritePI(w, n->name, n->content);
		break;
	default:
		break;
	}
}

void sf_xccdfdoc_write(const sf_xccdfdoc *d, xmlTextWriterPtr w)
{
	write_node(d, w, d->bench);
}
