/*
 * XCCDF results (xccdfres.h): the Benchmark copied whole, then the
 * TestResult before its end tag (a Benchmark has no signature here).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/testresult.h"
#include "report/xccdfres.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/xmlq.h"
#include "util/xstream.h"

typedef void (*inner_fn)(xmlTextWriterPtr w, const void *ctx);

/* The node as text, declaring every namespace it uses. */
static char *dump(xmlNodePtr node)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = xmlDocCopyNode(node, doc, 1);
	xmlBufferPtr buf = xmlBufferCreate();
	char *text;

	xmlDocSetRootElement(doc, copy);
	xmlReconciliateNs(doc, copy);
	xmlNodeDump(buf, doc, copy, 0, 0);
	text = strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	if (!text)
		abort();
	return text;
}

static int write_file(sf_pending_set *set, const char *path,
                      xmlNodePtr bench, inner_fn inner, const void *ctx)
{
	char *text = dump(bench), *end = strstr(text, "</");
	sf_xstream x;
	char *p;

	/* the Benchmark's own end tag is the last one */
	for (p = end; p && (p = strstr(p + 2, "</"));)
		end = p;
	if (!end || text[strlen(text) - 1] != '>') {
		free(text);
		return sf_error_set("the content's Benchmark is empty: no "
		                    "results can be written to '%s'",
		                    path);
	}
	if (sf_xstream_open(&x, path) < 0) {
		free(text);
		return -1;
	}
	xmlTextWriterWriteRawLen(x.w, BAD_CAST text, (int)(end - text));
	inner(x.w, ctx);
	xmlTextWriterWriteRaw(x.w, BAD_CAST end);
	free(text);
	if (sf_xstream_finish(&x, set) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}

typedef struct scan_ctx {
	const sf_scan *s;
	const sf_host *h;
	const sf_arf_opts *o;
} scan_ctx;

static void scan_inner(xmlTextWriterPtr w, const void *ctx)
{
	const scan_ctx *c = ctx;

	sf_testresult_write(w, c->s, c->h, c->o, 0);
}

int sf_xccdfres_stage(sf_pending_set *set, const sf_scan *s, const sf_host *h,
                      const sf_arf_opts *o, const char *path)
{
	scan_ctx c = {s, h, o};

	return write_file(set, path, s->content->benchmark, scan_inner, &c);
}

/* The first element below n with this local name in this namespace. */
static xmlNodePtr find(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c, f;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (sf_xml_is(c, ns, name))
			return c;
		if ((f = find(c, ns, name)))
			return f;
	}
	return NULL;
}

/* The ARF's TestResult without what points into the ARF: its asset and
 * the data stream's component. */
static void arf_inner(xmlTextWriterPtr w, const void *ctx)
{
	xmlNodePtr tr = xmlCopyNode((xmlNodePtr)ctx, 1), c, next;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlBufferPtr buf = xmlBufferCreate();

	xmlDocSetRootElement(doc, tr);
	for (c = tr->children; c; c = next) {
		next = c->next;
		if (sf_xml_is(c, SF_NS_XCCDF, "target-id-ref") ||
		    sf_xml_is(c, SF_NS_XCCDF, "benchmark")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	xmlReconciliateNs(doc, tr);
	xmlNodeDump(buf, doc, tr, 0, 0);
	xmlTextWriterWriteRaw(w, xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
}

int sf_xccdfres_from_arf(const char *arf_path, const char *path)
{
	xmlDocPtr doc;
	xmlNodePtr tr, root, bench;
	int rc;

	if (sf_arf_load(&doc, &tr, arf_path) < 0) {
		xmlFreeDoc(doc);
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	bench = find(sf_xml_child(root, "report-requests"), SF_NS_XCCDF,
	             "Benchmark");
	if (!bench) {
		xmlFreeDoc(doc);
		return sf_error_set("the ARF '%s' carries no XCCDF Benchmark in "
		                    "its report request: its results cannot "
		                    "be written as XCCDF results",
		                    arf_path);
	}
	rc = write_file(NULL, path, bench, arf_inner, tr);
	xmlFreeDoc(doc);
	return rc;
}
