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
#include "util/xstream.h"

/* The node as text, declaring every namespace it uses. */
static char *dump(xmlNodePtr node)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = xmlDocCopyNode(node, doc, 1);
	xmlBufferPtr buf = xmlBufferCreate();
	char *text;

	xmlDocSetRootElement(doc, copy);
	xmlNodeDump(buf, doc, copy, 0, 0);
	text = strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	if (!text)
		abort();
	return text;
}

/* The results into x, which is released; 0 or -1 with the last error
 * set. */
static int write_results(sf_xstream *x, sf_pending_set *set, const sf_scan *s,
                         const sf_host *h, const sf_arf_opts *o)
{
	char *text = dump(s->content->benchmark), *end = strstr(text, "</");
	char *p;
	int rc = 0;

	/* the Benchmark's own end tag is the last one */
	for (p = end; p && (p = strstr(p + 2, "</"));)
		end = p;
	if (!end || text[strlen(text) - 1] != '>') {
		free(text);
		sf_xstream_release(x);
		return sf_error_set("the content's Benchmark is empty: no "
		                    "results can be written");
	}
	xmlTextWriterWriteRawLen(x->w, BAD_CAST text, (int)(end - text));
	sf_testresult_write(x->w, s, h, o, 0);
	xmlTextWriterWriteRaw(x->w, BAD_CAST end);
	free(text);
	if (sf_xstream_finish(x, set) < 0)
		rc = -1;
	sf_xstream_release(x);
	return rc;
}

int sf_xccdfres_text(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                     sf_buf *out)
{
	sf_xstream x;

	if (sf_xstream_open_buf(&x, out) < 0)
		return -1;
	return write_results(&x, NULL, s, h, o);
}

int sf_xccdfres_stream(sf_pending_set *set, const char *path,
                       const sf_scan *s, const sf_host *h,
                       const sf_arf_opts *o, sf_xstream_sink sink, void *ctx)
{
	sf_xstream x;

	if ((path ? sf_xstream_open(&x, path)
	          : sf_xstream_open_sink(&x, sink, ctx)) < 0)
		return -1;
	if (path && sink)
		sf_xstream_tee(&x, sink, ctx);
	return write_results(&x, set, s, h, o);
}

int sf_xccdfres_write_doc(const sf_xccdfdoc *d, const char *path)
{
	sf_xstream x;

	if (sf_xstream_open(&x, path) < 0)
		return -1;
	/* as it was read: no white space added */
	xmlTextWriterSetIndent(x.w, 0);
	sf_xccdfdoc_write(d, x.w);
	if (sf_xstream_commit(&x) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}
