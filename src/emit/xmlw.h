/*
 * Small helpers over libxml2's tree API for building SCAP documents.
 * Text and attribute values always go through sf_text_xml_clean, which turns
 * invalid UTF-8 and characters XML 1.0 forbids into U+FFFD, and libxml2
 * escapes markup: no input can produce malformed XML.
 */
#ifndef SF_EMIT_XMLW_H
#define SF_EMIT_XMLW_H

#include <libxml/tree.h>

#include "util/buf.h"
#include "util/text.h"

/* Adds <ns:name>text</ns:name> (text may be NULL for an empty element). */
xmlNodePtr sf_xml_add(xmlNodePtr parent, xmlNsPtr ns, const char *name,
                      const char *text);
/* Sets an attribute; value is cleaned. */
void sf_xml_attr(xmlNodePtr node, const char *name, const char *value);
/* Sets an attribute in a namespace (xlink:href, xml:lang...). */
void sf_xml_attr_ns(xmlNodePtr node, xmlNsPtr ns, const char *name,
                    const char *value);

/* Serializes doc as indented UTF-8 with an XML declaration. */
int sf_xml_serialize(xmlDocPtr doc, sf_buf *out);

/* "2026-11-22T00:00:00" for a POSIX time, in UTC. */
void sf_xml_timestamp(long long t, char out[32]);

#endif
