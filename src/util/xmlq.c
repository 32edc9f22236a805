#include <string.h>

#include "util/buf.h"
#include "util/xmlq.h"

int sf_xml_is(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!ns || (n->ns && !strcmp((const char *)n->ns->href, ns))) &&
	       !strcmp((const char *)n->name, name);
}

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
		if (sf_xml_is(c, NULL, name))
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
