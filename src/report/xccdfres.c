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

int sf_xccdfres_text(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                     sf_buf *out)
{
	char *text = dump(s->content->benchmark), *end = strstr(text, "</");
	sf_xstream x;
	char *p;

	/* the Benchmark's own end tag is the last one */
	for (p = end; p && (p = strstr(p + 2, "</"));)
		end = p;
	if (!end || text[strlen(text) - 1] != '>') {
		free(text);
		return sf_error_set("the content's Benchmark is empty: no "
		                    "results can be written");
	}
	if (sf_xstream_open_buf(&x, out) < 0) {
		free(text);
		return -1;
	}
	xmlTextWriterWriteRawLen(x.w, BAD_CAST text, (int)(end - text));
	sf_testresult_write(x.w, s, h, o, 0);
	xmlTextWriterWriteRaw(x.w, BAD_CAST end);
	free(text);
	if (sf_xstream_finish(&x, NULL) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}

int sf_xccdfres_stage(sf_pending_set *set, const sf_buf *text,
                      const char *path)
{
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	int rc = sf_pending_file_write(&pf, path, text->ptr, text->len);

	if (rc == 0)
		rc = sf_pending_set_take(set, &pf);
	sf_pending_file_release(&pf);
	return rc;
}

int sf_xccdfres_write_doc(const sf_xccdfdoc *d, const char *path)
{
	sf_xstream x;

	if (sf_xstream_open(&x, path) < 0)
		return -1;
	sf_xs_copy(x.w, d->bench);
	if (sf_xstream_commit(&x) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}
