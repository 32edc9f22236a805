/*
 * Small queries over libxml2 trees, by local name, returning C strings
 * the caller frees (never NULL).
 */
#ifndef SF_UTIL_XMLQ_H
#define SF_UTIL_XMLQ_H

#include <libxml/tree.h>

/* An attribute's value, or "" when absent. */
char *sf_xml_prop(xmlNodePtr n, const char *name);
/* An element's text content, or "" for NULL. */
char *sf_xml_text(xmlNodePtr n);
/* The first element child with this local name, or NULL. */
xmlNodePtr sf_xml_child(xmlNodePtr n, const char *name);
/* The next element sibling after c with this local name, or NULL. */
xmlNodePtr sf_xml_next(xmlNodePtr c, const char *name);

#endif
