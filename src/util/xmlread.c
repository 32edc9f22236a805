#include <limits.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/text.h"
#include "util/xmlread.h"

/* SAX's internalSubset event comes with "<!DOCTYPE name ...", before
 * the subset between the brackets is parsed: stopping here means that no
 * entity it declares is ever expanded, however large it would grow. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                       const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	int *declared = ctxt->_private;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	*declared = 1;
	xmlStopParser(ctxt);
}

static int not_well_formed(const char *name)
{
	const xmlError *e = xmlGetLastError();
	char *why =
	    sf_text_trimmed(e && e->message ? e->message : "cannot be read");

	sf_error_set("'%s' is not well-formed XML (line %d: %s)", name,
	             e ? e->line : 0, why);
	free(why);
	return -1;
}

static int parse(xmlDocPtr *out, const char *name, const char *data, size_t len,
                 int more)
{
	/* no XML_PARSE_HUGE: libxml2's limits are part of the defence */
	const int opts =
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | more;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	int declared = 0;

	if (len > (size_t)INT_MAX)
		return sf_error_set("'%s' is too large to read as XML", name);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return sf_error_set("cannot start the XML parser");
	ctxt->sax->internalSubset = on_doctype;
	ctxt->_private = &declared;
	xmlResetLastError();
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, opts);
	xmlFreeParserCtxt(ctxt);
	if (declared) {
		xmlFreeDoc(doc);
		sf_error_set("'%s' declares a DTD, which scapforge refuses",
		             name);
		return SF_XML_DTD;
	}
	if (!doc)
		return not_well_formed(name);
	*out = doc;
	return 0;
}

int sf_xml_read_with(xmlDocPtr *out, const char *name, const char *data,
                     size_t len, int options)
{
	sf_buf text = SF_BUF_INIT;
	int rc;

	*out = NULL;
	if (data)
		return parse(out, name, data, len, options);
	/* read here rather than by libxml2, whose I/O warnings would go to
	 * stderr whatever the options say */
	if (sf_file_read(name, &text) < 0)
		return -1;
	rc = parse(out, name, sf_buf_cstr(&text), text.len, options);
	sf_buf_release(&text);
	return rc;
}

int sf_xml_read(xmlDocPtr *out, const char *name, const char *data, size_t len)
{
	return sf_xml_read_with(out, name, data, len, 0);
}
