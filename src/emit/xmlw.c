#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/xmlw.h"
#include "util/error.h"
#include "util/text.h"

xmlNodePtr sf_xml_add(xmlNodePtr parent, xmlNsPtr ns, const char *name,
                      const char *text)
{
	char *clean = text ? sf_text_xml_clean(text) : NULL;
	xmlNodePtr n =
	    xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST clean);

	free(clean);
	if (!n) {
		fputs("scapforge: out of memory\n", stderr);
		abort();
	}
	return n;
}

void sf_xml_attr(xmlNodePtr node, const char *name, const char *value)
{
	sf_xml_attr_ns(node, NULL, name, value);
}

void sf_xml_attr_ns(xmlNodePtr node, xmlNsPtr ns, const char *name,
                    const char *value)
{
	char *clean = sf_text_xml_clean(value);

	if (!xmlSetNsProp(node, ns, BAD_CAST name, BAD_CAST clean)) {
		fputs("scapforge: out of memory\n", stderr);
		abort();
	}
	free(clean);
}

int sf_xml_serialize(xmlDocPtr doc, sf_buf *out)
{
	xmlChar *mem = NULL;
	int len = 0;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (!mem || len <= 0)
		return sf_error_set("cannot serialize an XML document");
	sf_buf_put(out, (const char *)mem, (size_t)len);
	xmlFree(mem);
	return 0;
}

void sf_xml_timestamp(long long t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}
