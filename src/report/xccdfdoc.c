#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

#include "report/xccdfdoc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/text.h"
#include "util/xmlq.h"
#include "util/xmlread.h"

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define CHUNK 65536
/* The results are read, never edited or written back as they are: the
 * white space between elements is not kept, short texts are stored in
 * their nodes. The same for the scan's own and an ARF's, so that both
 * give the same reports. */
#define LEAN (XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* The parse of an ARF: libxml2's own tree building, except that an
 * element outside the two kept ones is freed as soon as it ends, and
 * text outside them is never kept. What remains is the chain of
 * elements from the root to each kept one. */
typedef struct reader {
	int declared;  /* a DOCTYPE was met: parsing stopped there */
	int not_arf;   /* the root is another element: stopped there */
	char *root;    /* its name, then */
	size_t inside; /* levels open inside a kept element, 0 outside */
	xmlNodePtr bench, tr;
} reader;

/* Marks the ancestors of a kept element, which stay when they end. */
static char on_path;

static reader *of(void *ctx)
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

static int wanted(const reader *r, const xmlChar *name, const xmlChar *uri)
{
	if (!uri || strcmp((const char *)uri, SF_NS_XCCDF) != 0)
		return 0;
	return (!r->bench && !strcmp((const char *)name, "Benchmark")) ||
	       (!r->tr && !strcmp((const char *)name, "TestResult"));
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
                     const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
                     int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr c = ctx;
	reader *r = of(ctx);
	xmlNodePtr n, p;

	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattr,
	                      ndefaulted, attrs);
	if (r->inside) {
		r->inside++;
		return;
	}
	n = c->node;
	if (n && n->parent && n->parent->type == XML_DOCUMENT_NODE &&
	    !sf_xml_is(n, NS_ARF, "asset-report-collection")) {
		r->not_arf = 1;
		r->root = sf_xstrdup((const char *)name);
		xmlStopParser(c);
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
	reader *r = of(ctx);
	xmlNodePtr n = c->node;

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

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	if (of(ctx)->inside)
		xmlSAX2Characters(ctx, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	if (of(ctx)->inside)
		xmlSAX2CDataBlock(ctx, ch, len);
}

static void on_comment(void *ctx, const xmlChar *text)
{
	if (of(ctx)->inside)
		xmlSAX2Comment(ctx, text);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (of(ctx)->inside)
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

static int not_xml(const char *path, const xmlError *e)
{
	char *why =
	    sf_text_trimmed(e && e->message ? e->message : "the file is empty");

	sf_error_set("'%s' is not XML, so not an ARF report (line %d: %s)",
	             path, e ? e->line : 0, why);
	free(why);
	return -1;
}

/* 0 when the first chunk of a file (n bytes) starts with markup, as XML
 * must after a byte order mark and white space; else -1 with the last
 * error set (the push parser would only say that the document is
 * empty). */
static int starts_with_markup(const char *path, const char *buf, size_t n)
{
	size_t i = 0;
	int line = 1;

	if (n >= 2 && ((buf[0] == '\xFE' && buf[1] == '\xFF') ||
	               (buf[0] == '\xFF' && buf[1] == '\xFE')))
		return 0; /* UTF-16: the parser's to read */
	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	for (; i < n && strchr(" \t\r\n", buf[i]) && buf[i]; i++)
		line += buf[i] == '\n';
	if (i == n || buf[i] == '<')
		return 0;
	return sf_error_set("'%s' is not XML, so not an ARF report (line %d: "
	                    "text where markup must start)",
	                    path, line);
}

/* Parses the file f into the reader's tree; returns the context (its
 * myDoc the tree), or NULL with the last error set. */
static xmlParserCtxtPtr parse(FILE *f, const char *path, reader *r)
{
	/* no XML_PARSE_HUGE: libxml2's limits are part of the defence */
	const int opts =
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | LEAN;
	char *buf = sf_xmalloc(CHUNK);
	xmlSAXHandler sax;
	xmlParserCtxtPtr c;
	size_t n = fread(buf, 1, CHUNK, f), first = n < 4 ? n : 4;

	if (!n) {
		if (ferror(f))
			sf_error_set("cannot read the ARF '%s': %s", path,
			             strerror(errno));
		else
			not_xml(path, NULL);
		free(buf);
		return NULL;
	}
	if (starts_with_markup(path, buf, n) < 0) {
		free(buf);
		return NULL;
	}
	memset(&sax, 0, sizeof(sax));
	xmlSAXVersion(&sax, 2);
	sax.internalSubset = on_doctype;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
	xmlResetLastError();
	/* the first bytes tell the encoding */
	c = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)first, path);
	if (!c) {
		free(buf);
		sf_error_set("cannot start the XML parser");
		return NULL;
	}
	c->_private = r;
	xmlCtxtUseOptions(c, opts);
	xmlParseChunk(c, buf + first, (int)(n - first), 0);
	while (c->wellFormed && !c->disableSAX && !r->declared &&
	       !r->not_arf && (n = fread(buf, 1, CHUNK, f)) > 0)
		xmlParseChunk(c, buf, (int)n, 0);
	free(buf);
	if (c->wellFormed && !c->disableSAX && !r->declared && !r->not_arf)
		xmlParseChunk(c, NULL, 0, 1);
	if (r->declared)
		sf_error_set("'%s' declares a DTD, which scapforge refuses",
		             path);
	else if (r->not_arf)
		sf_error_set("'%s' is not an ARF report: its root element is "
		             "'%s', not ARF 1.1's asset-report-collection",
		             path, r->root);
	else if (ferror(f))
		sf_error_set("cannot read the ARF '%s': %s", path,
		             strerror(errno));
	else if (!c->wellFormed || !c->myDoc)
		not_xml(path, &c->lastError);
	else
		return c;
	xmlFreeDoc(c->myDoc);
	c->myDoc = NULL;
	xmlFreeParserCtxt(c);
	return NULL;
}

/* The results document: a copy of the Benchmark, the TestResult's copy
 * its last child, without its asset and the component it pointed to. */
static void assemble(sf_xccdfdoc *d, xmlNodePtr bench, xmlNodePtr tr)
{
	xmlNodePtr c, next;

	d->doc = xmlNewDoc(BAD_CAST "1.0");
	d->bench = xmlDocCopyNode(bench, d->doc, 1);
	xmlDocSetRootElement(d->doc, d->bench);
	/* cloned in place, to take the namespaces the copy declares */
	if (xmlDOMWrapCloneNode(NULL, tr->doc, tr, &d->tr, d->doc, d->bench, 1,
	                        0) != 0 ||
	    !d->tr)
		d->tr = xmlDocCopyNode(tr, d->doc, 1);
	for (c = d->tr->children; c; c = next) {
		next = c->next;
		if (sf_xml_is(c, SF_NS_XCCDF, "target-id-ref") ||
		    sf_xml_is(c, SF_NS_XCCDF, "benchmark")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	xmlAddChild(d->bench, d->tr);
}

int sf_xccdfdoc_from_arf(sf_xccdfdoc *d, const char *path)
{
	reader r;
	xmlParserCtxtPtr c;
	FILE *f;
	char *want = NULL, *have = NULL;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	memset(&r, 0, sizeof(r));
	f = fopen(path, "rb");
	if (!f)
		return sf_error_set("cannot read the ARF '%s': %s", path,
		                    strerror(errno));
	c = parse(f, path, &r);
	fclose(f);
	free(r.root);
	if (!c)
		return -1;
	if (!r.tr) {
		sf_error_set("the ARF '%s' holds no XCCDF TestResult: it "
		             "reports no scan",
		             path);
		goto done;
	}
	want = sf_xml_prop(sf_xml_child(r.tr, "benchmark"), "id");
	have = r.bench ? sf_xml_prop(r.bench, "id") : NULL;
	if (!r.bench || (*want && strcmp(want, have) != 0)) {
		sf_error_set("the ARF '%s' does not hold the XCCDF Benchmark "
		             "'%s' its TestResult was made with",
		             path, want);
		goto done;
	}
	assemble(d, r.bench, r.tr);
	rc = 0;
done:
	free(want);
	free(have);
	xmlFreeDoc(c->myDoc);
	xmlFreeParserCtxt(c);
	return rc;
}

int sf_xccdfdoc_parse(sf_xccdfdoc *d, const char *text, size_t len,
                      const char *name)
{
	memset(d, 0, sizeof(*d));
	if (sf_xml_read_with(&d->doc, name, text, len, LEAN) < 0)
		return -1;
	d->bench = xmlDocGetRootElement(d->doc);
	for (d->tr = d->bench ? d->bench->last : NULL;
	     d->tr && !sf_xml_is(d->tr, SF_NS_XCCDF, "TestResult");
	     d->tr = d->tr->prev)
		;
	if (!sf_xml_is(d->bench, SF_NS_XCCDF, "Benchmark") || !d->tr) {
		sf_xccdfdoc_release(d);
		return sf_error_set("'%s' are not XCCDF results: no "
		                    "Benchmark holding a TestResult",
		                    name);
	}
	return 0;
}

void sf_xccdfdoc_release(sf_xccdfdoc *d)
{
	xmlFreeDoc(d->doc);
	memset(d, 0, sizeof(*d));
}
