/*
 * Small queries over libxml2 trees, by local name, returning C strings
 * the caller frees (never NULL).
 */
#ifndef SF_UTIL_XMLQ_H
#define SF_UTIL_XMLQ_H

#include <libxml/tree.h>

/* Whether n is an element with this local name, in namespace ns (NULL:
 * in any namespace). */
int sf_xml_is(xmlNodePtr n, const char *ns, const char *name);
/* An attribute's value, or "" when absent. */
char *sf_xml_prop(xmlNodePtr n, const char *name);
/* An element's text content, or "" for NULL. */
char *sf_xml_text(xmlNodePtr n);
/* The first element child with this local name, or NULL. */
xmlNodePtr sf_xml_child(xmlNodePtr n, const char *name);
/* The next element sibling after c with this local name, or NULL. */
xmlNodePtr sf_xml_next(xmlNodePtr c, const char *name);

#endif
