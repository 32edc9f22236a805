#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "report/xccdfdoc_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/text.h"
#include "util/xmlq.h"

#define CHUNK 65536
/* The results are read, never edited or written back as they are: the
 * white space between elements is not kept, short texts are stored in
 * their nodes. The same for the scan's own and an ARF's, so that both
 * give the same reports. */
#define LEAN (XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

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

/* A push parser into r, its first n bytes those at buf (they tell the
 * encoding); NULL with the last error set. */
static xmlParserCtxtPtr start_parser(sf_xreader *r, const char *buf, int n,
                                     const char *name)
{
	/* no XML_PARSE_HUGE: libxml2's limits are part of the defence;
	 * entities are replaced, as no DTD is ever read: an attribute's
	 * value comes whole */
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
	                 XML_PARSE_NOWARNING | XML_PARSE_NOENT | LEAN;
	xmlSAXHandler sax;
	xmlParserCtxtPtr c;

	sf_xccdfdoc_sax(&sax);
	xmlResetLastError();
	r->row = SF_XREADER_NO_ROW;
	c = xmlCreatePushParserCtxt(&sax, NULL, buf, n, name);
	if (!c) {
		sf_error_set("cannot start the XML parser");
		return NULL;
	}
	c->_private = r;
	xmlCtxtUseOptions(c, opts);
	return c;
}

static int going(const xmlParserCtxtPtr c, const sf_xreader *r)
{
	return c->wellFormed && !c->disableSAX && !r->declared && !r->bad_root;
}

/* Frees the reader's parser, its tree and rows. */
static void drop(sf_xreader *r, xmlParserCtxtPtr c)
{
	if (c) {
		xmlFreeDoc(c->myDoc);
		c->myDoc = NULL;
		xmlFreeParserCtxt(c);
	}
	sf_xccdfdoc_release(&r->d);
	sf_buf_release(&r->text);
	free(r->root);
	r->root = NULL;
}

/* Parses the file f into the reader's tree; returns the context (its
 * myDoc the tree), or NULL with the last error set. */
static xmlParserCtxtPtr parse(FILE *f, const char *path, sf_xreader *r)
{
	char *buf = sf_xmalloc(CHUNK);
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
	if (starts_with_markup(path, buf, n) < 0 ||
	    !(c = start_parser(r, buf, (int)first, path))) {
		free(buf);
		return NULL;
	}
	xmlParseChunk(c, buf + first, (int)(n - first), 0);
	while (going(c, r) && (n = fread(buf, 1, CHUNK, f)) > 0)
		xmlParseChunk(c, buf, (int)n, 0);
	free(buf);
	if (going(c, r))
		xmlParseChunk(c, NULL, 0, 1);
	if (r->declared)
		sf_error_set("'%s' declares a DTD, which scapforge refuses",
		             path);
	else if (r->bad_root)
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
 * its last child, without its asset and the component it pointed to;
 * the rows move to d. */
static void assemble(sf_xccdfdoc *d, sf_xreader *r)
{
	xmlNodePtr c, next;

	*d = r->d;
	memset(&r->d, 0, sizeof(r->d));
	d->doc = xmlNewDoc(BAD_CAST "1.0");
	d->bench = xmlDocCopyNode(r->bench, d->doc, 1);
	xmlDocSetRootElement(d->doc, d->bench);
	/* cloned in place, to take the namespaces the copy declares */
	if (xmlDOMWrapCloneNode(NULL, r->tr->doc, r->tr, &d->tr, d->doc,
	                        d->bench, 1, 0) != 0 ||
	    !d->tr)
		d->tr = xmlDocCopyNode(r->tr, d->doc, 1);
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
	sf_xreader r;
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
	if (!c)
		goto done;
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
	sf_xrows_seal(&r.d);
	assemble(d, &r);
	rc = 0;
done:
	free(want);
	free(have);
	drop(&r, c);
	return rc;
}

/* ---- the scan's own results, as they are written ---- */

struct sf_xccdfdoc_reader {
	sf_xreader r;
};

sf_xccdfdoc_reader *sf_xccdfdoc_begin(const char *name, int lean)
{
	sf_xccdfdoc_reader *x = sf_xcalloc(1, sizeof(*x));

	x->r.results = 1;
	x->r.lean = lean;
	x->r.name = name;
	x->r.c = start_parser(&x->r, NULL, 0, name);
	if (!x->r.c) {
		free(x);
		return NULL;
	}
	return x;
}

int sf_xccdfdoc_push(void *ctx, const char *data, int len)
{
	sf_xccdfdoc_reader *x = ctx;

	if (len > 0 && going(x->r.c, &x->r))
		xmlParseChunk(x->r.c, data, len, 0);
	return len;
}

int sf_xccdfdoc_end(sf_xccdfdoc_reader *x, sf_xccdfdoc *d)
{
	sf_xreader *r = &x->r;
	xmlParserCtxtPtr c = r->c;
	xmlNodePtr tr = NULL;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	if (going(c, r))
		xmlParseChunk(c, NULL, 0, 1);
	for (tr = r->bench ? r->bench->last : NULL;
	     tr && !sf_xml_is(tr, SF_NS_XCCDF, "TestResult"); tr = tr->prev)
		;
	if (!c->wellFormed || !c->myDoc || r->declared)
		sf_error_set("'%s' are not XCCDF results: %s", r->name,
		             r->declared ? "they declare a DTD"
		                         : "they are not well-formed XML");
	else if (r->bad_root || !tr)
		sf_error_set("'%s' are not XCCDF results: no Benchmark "
		             "holding a TestResult",
		             r->name);
	else {
		sf_xrows_seal(&r->d);
		*d = r->d;
		memset(&r->d, 0, sizeof(r->d));
		d->doc = c->myDoc;
		d->bench = r->bench;
		d->tr = tr;
		c->myDoc = NULL;
		rc = 0;
	}
	drop(r, c);
	free(x);
	return rc;
}

void sf_xccdfdoc_cancel(sf_xccdfdoc_reader *x)
{
	if (!x)
		return;
	drop(&x->r, x->r.c);
	free(x);
}

int sf_xccdfdoc_parse(sf_xccdfdoc *d, const char *text, size_t len,
                      const char *name)
{
	sf_xccdfdoc_reader *x = sf_xccdfdoc_begin(name, 0);
	size_t at;

	memset(d, 0, sizeof(*d));
	if (!x)
		return -1;
	for (at = 0; at < len; at += CHUNK)
		sf_xccdfdoc_push(x, text + at,
		                 (int)(len - at < CHUNK ? len - at : CHUNK));
	return sf_xccdfdoc_end(x, d);
}

void sf_xccdfdoc_release(sf_xccdfdoc *d)
{
	size_t i;

	xmlFreeDoc(d->doc);
	for (i = 0; i < d->nrows; i++) {
		free(d->rows[i].first);
		free(d->rows[i].attr);
		free(d->rows[i].text);
	}
	free(d->rows);
	sf_strpool_free(d->pool);
	memset(d, 0, sizeof(*d));
}
