/*
 * Reading XML that a user hands in (data streams, ARF reports, documents
 * to validate). A document that declares a DTD is refused as soon as its
 * DOCTYPE is read, before any entity it declares can be expanded: no
 * SCAP document needs one, and its entities could grow without bound
 * ("billion laughs") or put entity references where none may be.
 * Parsing never uses XML_PARSE_HUGE, so libxml2's limits on depth and
 * node size hold, and never reaches the network.
 */
#ifndef SF_UTIL_XMLREAD_H
#define SF_UTIL_XMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>

/* What sf_xml_read returns for a document that declares a DTD. */
#define SF_XML_DTD (-2)

/*
 * Parses len bytes of data, or the file at name when data is NULL; name
 * is the document's name in messages. Returns 0 with *out set (the
 * caller frees it with xmlFreeDoc), SF_XML_DTD, or -1 when the document
 * cannot be read or is not well-formed; in both failures the last error
 * is set, and libxml2's own errors have gone to its structured error
 * handler, if one is set, and to xmlGetLastError(), never to stderr.
 */
int sf_xml_read(xmlDocPtr *out, const char *name, const char *data, size_t len);
/* The same with more of libxml2's parser options (XML_PARSE_NOBLANKS,
 * XML_PARSE_COMPACT: a smaller tree of a document read, not edited). */
int sf_xml_read_with(xmlDocPtr *out, const char *name, const char *data,
                     size_t len, int options);

#endif
