#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xstream.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/text.h"

/* A write that fails is remembered with its message (a full disk, ...)
 * and the rest is dropped; libxml2 is not told, as it would print an
 * error of its own on stderr. */
static int on_write(void *ctx, const char *data, int len)
{
	sf_xstream *x = ctx;

	if (x->sink && len > 0)
		x->sink(x->sink_ctx, data, len);
	if (x->mem && len > 0)
		sf_buf_put(x->mem, data, (size_t)len);
	else if (x->to_file && !x->failed && len > 0 &&
	         sf_pending_file_append(&x->pf, data, (size_t)len) < 0)
		x->failed = 1;
	return len;
}

static int on_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int start(sf_xstream *x, const char *path)
{
	xmlOutputBufferPtr out;

	out = xmlOutputBufferCreateIO(on_write, on_close, x, NULL);
	x->w = out ? xmlNewTextWriter(out) : NULL;
	if (!x->w) {
		if (out)
			xmlOutputBufferClose(out);
		sf_pending_file_release(&x->pf);
		return sf_error_set("cannot start writing %s", path);
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, BAD_CAST SF_XS_INDENT);
	xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL);
	return 0;
}

int sf_xstream_open(sf_xstream *x, const char *path)
{
	memset(x, 0, sizeof(*x));
	x->pf.fd = -1;
	if (sf_pending_file_open(&x->pf, path) < 0)
		return -1;
	x->to_file = 1;
	return start(x, path);
}

int sf_xstream_open_buf(sf_xstream *x, sf_buf *out)
{
	memset(x, 0, sizeof(*x));
	x->pf.fd = -1;
	x->mem = out;
	return start(x, "a document in memory");
}

int sf_xstream_open_sink(sf_xstream *x, sf_xstream_sink sink, void *ctx)
{
	memset(x, 0, sizeof(*x));
	x->pf.fd = -1;
	x->sink = sink;
	x->sink_ctx = ctx;
	return start(x, "a document being read");
}

void sf_xstream_tee(sf_xstream *x, sf_xstream_sink sink, void *ctx)
{
	x->sink = sink;
	x->sink_ctx = ctx;
}

int sf_xstream_finish(sf_xstream *x, sf_pending_set *set)
{
	int rc;

	xmlTextWriterEndDocument(x->w);
	rc = xmlTextWriterFlush(x->w);
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	/* a write that failed has said why (a full disk, ...) */
	if (x->failed)
		return -1;
	if (rc < 0)
		return sf_error_set("cannot write '%s'",
		                    x->to_file ? x->pf.path : "a document in memory");
	return x->to_file ? sf_pending_set_take(set, &x->pf) : 0;
}

int sf_xstream_commit(sf_xstream *x)
{
	return sf_xstream_finish(x, NULL);
}

void sf_xstream_release(sf_xstream *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	x->w = NULL;
	sf_pending_file_release(&x->pf);
}

void sf_xs_start(xmlTextWriterPtr w, const char *prefix, const char *name,
                 const char *ns)
{
	xmlTextWriterStartElementNS(w, BAD_CAST prefix, BAD_CAST name,
	                            BAD_CAST ns);
}

void sf_xs_end(xmlTextWriterPtr w)
{
	xmlTextWriterEndElement(w);
}

int sf_xs_plain(const char *s, int text)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++)
		if (*p == '<' || *p == '>' || *p == '&' || *p == '"' ||
		    *p > 0x7E ||
		    (*p < 0x20 && !(text && (*p == '\t' || *p == '\n'))))
			return 0;
	return 1;
}

void sf_xs_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *v;

	if (!value)
		value = "";
	/* escaping would change nothing: the same bytes, without the
	 * escaped copy the writer allocates for every attribute */
	if (sf_xs_plain(value, 0)) {
		xmlTextWriterStartAttribute(w, BAD_CAST name);
		xmlTextWriterWriteRaw(w, BAD_CAST value);
		xmlTextWriterEndAttribute(w);
		return;
	}
	v = sf_text_xml_clean(value);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
	free(v);
}

void sf_xs_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
	sf_buf b = SF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sf_xs_attr(w, name, sf_buf_cstr(&b));
	sf_buf_release(&b);
}

void sf_xs_text(xmlTextWriterPtr w, const char *text)
{
	char *v;

	if (!text)
		text = "";
	/* escaping would change nothing: the same bytes, without the copy
	 * the writer's escaping makes */
	if (sf_xs_plain(text, 1)) {
		xmlTextWriterWriteRaw(w, BAD_CAST text);
		return;
	}
	v = sf_text_xml_clean(text);
	xmlTextWriterWriteString(w, BAD_CAST v);
	free(v);
}

void sf_xs_elem(xmlTextWriterPtr w, const char *prefix, const char *name,
                const char *text)
{
	sf_xs_start(w, prefix, name, NULL);
	if (text)
		sf_xs_text(w, text);
	sf_xs_end(w);
}

void sf_xs_copy(xmlTextWriterPtr w, xmlNodePtr node)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = xmlDocCopyNode(node, doc, 1);
	xmlBufferPtr buf = xmlBufferCreate();

	/* a copy at the root of its own document declares every namespace
	 * it uses, wherever the original declared them */
	xmlDocSetRootElement(doc, copy);
	xmlNodeDump(buf, doc, copy, 0, 0);
	xmlTextWriterWriteRaw(w, xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
}
