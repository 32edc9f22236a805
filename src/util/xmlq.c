#include <string.h>

#include "util/buf.h"
#include "util/xmlq.h"

char *sf_xml_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	char *s = sf_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

char *sf_xml_text(xmlNodePtr n)
{
	xmlChar *v = n ? xmlNodeGetContent(n) : NULL;
	char *s = sf_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static xmlNodePtr from(xmlNodePtr c, const char *name)
{
	for (; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

xmlNodePtr sf_xml_child(xmlNodePtr n, const char *name)
{
	return from(n ? n->children : NULL, name);
}

xmlNodePtr sf_xml_next(xmlNodePtr c, const char *name)
{
	return from(c ? c->next : NULL, name);
}
