/*
 * The SAX handler of the reader of XCCDF results (xccdfdoc_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

#include "report/xccdfdoc_int.h"
#include "util/buf.h"
#include "util/ns.h"
#include "util/xmlq.h"


/* Marks the ancestors of a kept element, which stay when they end. */
static char on_path;

static sf_xreader *of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

/* Stops at "<!DOCTYPE", before its subset is read, so that no entity it
 * declares is ever expanded. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                       const xmlChar *sys_id)
{
	(void)name;
	(void)ext_id;
	(void)sys_id;
	of(ctx)->declared = 1;
	xmlStopParser(ctx);
}

static int wanted(const sf_xreader *r, const xmlChar *name, const xmlChar *uri)
{
	if (!uri || strcmp((const char *)uri, SF_NS_XCCDF) != 0)
		return 0;
	return (!r->bench && !strcmp((const char *)name, "Benchmark")) ||
	       (!r->tr && !strcmp((const char *)name, "TestResult"));
}

/* An XCCDF element no report reads: a rule-result's instances, and its
 * message of severity info (the offenders in words, which the reports
 * say from the rows). Nor does any read the copy of that message in
 * its check-content (sf:detail, for STIG Manager). */
static int unread(const char *name, int nattr, const xmlChar **attrs)
{
	int i;

	if (!strcmp(name, "instance"))
		return 1;
	if (strcmp(name, "message") != 0)
		return 0;
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (!a[1] && !strcmp((const char *)a[0], "severity"))
			return a[4] - a[3] == 4 && !memcmp(a[3], "info", 4);
	}
	return 0;
}

/* An element that is not made a node: a row of one per container, or
 * an element only the reader may make (a placeholder, dropped). */
static int not_a_node(sf_xreader *r, xmlParserCtxtPtr c, const xmlChar *name,
                      const xmlChar *prefix, const xmlChar *uri, int nattr,
                      const xmlChar **attrs)
{
	const char *u = (const char *)uri, *n = (const char *)name;
	int i;

	if (!r->inside || !c->node)
		return 0;
	if (u && !strcmp(n, "rows") &&
	    (!strcmp(u, SF_NS_XCCDF) || !strcmp(u, SF_NS_SCAPFORGE))) {
		r->skip = 1;
		r->row = SF_XREADER_NO_ROW;
		return 1;
	}
	if (r->lean && u &&
	    ((!strcmp(u, SF_NS_XCCDF) && unread(n, nattr, attrs)) ||
	     (!strcmp(u, SF_NS_SCAPFORGE) && !strcmp(n, "detail")))) {
		r->skip = 1;
		r->row = SF_XREADER_NO_ROW;
		return 1;
	}
	if (!sf_xrows_kept(u, n))
		return 0;
	r->row = sf_xrows_start(&r->d, c->node, u, (const char *)prefix, n);
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + 5 * i;
		sf_buf q = SF_BUF_INIT;

		/* "prefix:name" made only for an attribute that has one */
		if (a[1])
			sf_buf_printf(&q, "%s:%s", (const char *)a[1],
			              (const char *)a[0]);
		sf_xrows_add_attr(&r->d, r->row,
		                  a[1] ? sf_buf_cstr(&q) : (const char *)a[0],
		                  (const char *)a[3], (size_t)(a[4] - a[3]));
		sf_buf_release(&q);
	}
	sf_buf_clear(&r->text);
	r->skip = 1;
	return 1;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
                     const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
                     int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr c = ctx;
	sf_xreader *r = of(ctx);
	xmlNodePtr n, p;

	if (r->skip) {
		r->skip++;
		return;
	}
	if (not_a_node(r, c, name, prefix, uri, nattr, attrs))
		return;
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattr,
	                      ndefaulted, attrs);
	if (r->inside) {
		r->inside++;
		return;
	}
	n = c->node;
	if (n && n->parent && n->parent->type == XML_DOCUMENT_NODE &&
	    (r->results ? !sf_xml_is(n, SF_NS_XCCDF, "Benchmark")
	                : !sf_xml_is(n, SF_NS_ARF, "asset-report-collection"))) {
		r->bad_root = 1;
		r->root = sf_xstrdup((const char *)name);
		xmlStopParser(c);
		return;
	}
	if (r->results && n) {
		r->bench = n;
		r->inside = 1;
		return;
	}
	if (!n || !wanted(r, name, uri))
		return;
	if (!strcmp((const char *)name, "Benchmark"))
		r->bench = n;
	else
		r->tr = n;
	r->inside = 1;
	for (p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		p->_private = &on_path;
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
                   const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	sf_xreader *r = of(ctx);
	xmlNodePtr n = c->node;

	if (r->skip) {
		if (!--r->skip && r->row != SF_XREADER_NO_ROW)
			sf_xrows_set_text(&r->d, r->row, r->text.ptr,
			                  r->text.len);
		return;
	}
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
	if (r->inside) {
		r->inside--;
		return;
	}
	if (n && n->_private != &on_path && n->parent &&
	    n->parent->type == XML_ELEMENT_NODE) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

/* Text directly inside a row is its text; deeper, none is kept. */
static int row_text(sf_xreader *r, const xmlChar *ch, int len)
{
	if (!r->skip)
		return 0;
	if (r->skip == 1 && r->row != SF_XREADER_NO_ROW)
		sf_buf_put(&r->text, (const char *)ch, (size_t)len);
	return 1;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	if (!row_text(of(ctx), ch, len) && of(ctx)->inside)
		xmlSAX2Characters(ctx, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	if (!row_text(of(ctx), ch, len) && of(ctx)->inside)
		xmlSAX2CDataBlock(ctx, ch, len);
}

static void on_comment(void *ctx, const xmlChar *text)
{
	if (!of(ctx)->skip && of(ctx)->inside)
		xmlSAX2Comment(ctx, text);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (!of(ctx)->skip && of(ctx)->inside)
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

void sf_xccdfdoc_sax(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	xmlSAXVersion(sax, 2);
	sax->internalSubset = on_doctype;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = sax->ignorableWhitespace = on_text;
	sax->cdataBlock = on_cdata;
	sax->comment = on_comment;
	sax->processingInstruction = on_pi;
}
