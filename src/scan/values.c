#include <stdlib.h>
#include <string.h>

#include "scan/scan_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/xmlq.h"

char *sf_scan_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? sf_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static char *content_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = sf_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

/* A Value's value for a selector (NULL: the default, which is the one
 * without a selector). */
static char *value_for(xmlNodePtr v, const char *selector)
{
	xmlNodePtr k, first = NULL;
	char *sel, *s = NULL;

	for (k = v->children; k; k = k->next) {
		if (!sf_xml_is(k, SF_NS_XCCDF, "value"))
			continue;
		sel = sf_scan_prop(k, "selector");
		if (!first)
			first = k;
		if ((!selector && !sel) ||
		    (selector && sel && !strcmp(sel, selector)))
			s = content_text(k);
		free(sel);
		if (s)
			return s;
	}
	return !selector && first ? content_text(first) : NULL;
}

sf_setting *sf_scan_setting(sf_scan *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nsettings; i++)
		if (!strcmp(s->settings[i].id, id))
			return &s->settings[i];
	return NULL;
}

/* The full ID of a Value named in full or by its short name. */
static const sf_xvalue *find_value(const sf_content *c, const char *name,
                                   size_t len)
{
	size_t i, n;

	for (i = 0; i < c->nvalues; i++) {
		const char *id = c->values[i].id, *tail = strstr(id, "_value_");

		n = strlen(id);
		if ((n == len && !strncmp(id, name, len)) ||
		    (tail && strlen(tail + 7) == len &&
		     !strncmp(tail + 7, name, len)))
			return &c->values[i];
	}
	return NULL;
}

static int resolve(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                          const sf_scan_opts *o)
{
	xmlNodePtr k;
	size_t i;

	s->settings =
	    sf_xcalloc(c->nvalues ? c->nvalues : 1, sizeof(*s->settings));
	for (i = 0; i < c->nvalues; i++) {
		s->settings[i].id = c->values[i].id;
		s->settings[i].value = value_for(c->values[i].node, NULL);
		if (!s->settings[i].value)
			s->settings[i].value = sf_xstrdup("");
	}
	s->nsettings = c->nvalues;
	for (k = profile->children; k; k = k->next) {
		char *idref, *v = NULL;
		sf_setting *st;
		const sf_xvalue *xv;

		if (!sf_xml_is(k, SF_NS_XCCDF, "refine-value") &&
		    !sf_xml_is(k, SF_NS_XCCDF, "set-value"))
			continue;
		idref = sf_scan_prop(k, "idref");
		xv = idref ? sf_content_value(c, idref) : NULL;
		st = xv ? sf_scan_setting(s, xv->id) : NULL;
		if (st && sf_xml_is(k, SF_NS_XCCDF, "set-value")) {
			v = content_text(k);
		} else if (st) {
			char *sel = sf_scan_prop(k, "selector");

			v = sel ? value_for(xv->node, sel) : NULL;
			free(sel);
		}
		if (v) {
			free(st->value);
			st->value = v;
		}
		free(idref);
	}
	for (i = 0; i < o->nset_values; i++) {
		const char *eq = strchr(o->set_values[i], '=');
		const sf_xvalue *xv;
		sf_setting *st;

		if (!eq)
			return sf_error_set(
			    "--set-value needs ID=VALUE, not '%s'",
			    o->set_values[i]);
		xv = find_value(c, o->set_values[i],
		                (size_t)(eq - o->set_values[i]));
		if (!xv)
			return sf_error_set("the benchmark has no Value '%.*s'",
			                    (int)(eq - o->set_values[i]),
			                    o->set_values[i]);
		st = sf_scan_setting(s, xv->id);
		free(st->value);
		st->value = sf_xstrdup(eq + 1);
	}
	return 0;
}

/* XCCDF's forms of a boolean and a number; a Value of another form is
 * refused before anything is read or written. */
static int check_types(const sf_scan *s, const sf_content *c)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++) {
		char *type = sf_scan_prop(c->values[i].node, "type");
		const char *v = s->settings[i].value, *tail;
		int bad = 0;
		char *end;

		if (type && !strcmp(type, "boolean"))
			bad = strcmp(v, "true") && strcmp(v, "false") &&
			      strcmp(v, "1") && strcmp(v, "0");
		else if (type && !strcmp(type, "number"))
			bad = !*v || (strtod(v, &end), *end != '\0');
		if (bad) {
			tail = strstr(c->values[i].id, "_value_");
			sf_error_set(
			    "the Value '%s' is a %s: '%s' is not %s",
			    tail ? tail + 7 : c->values[i].id, type, v,
			    !strcmp(type, "boolean") ? "true, false, 1 or 0"
			                             : "a number");
		}
		free(type);
		if (bad)
			return -1;
	}
	return 0;
}

const char *sf_scan_role_value(const sf_scan *s, const char *role)
{
	size_t i;

	for (i = 0; i < s->content->nvalues; i++)
		if (s->content->values[i].role &&
		    !strcmp(s->content->values[i].role, role))
			return s->settings[i].value;
	return NULL;
}

void sf_scan_set_role(sf_scan *s, const char *role, const char *value)
{
	size_t i;

	for (i = 0; i < s->content->nvalues; i++)
		if (s->content->values[i].role &&
		    !strcmp(s->content->values[i].role, role)) {
			free(s->settings[i].value);
			s->settings[i].value = sf_xstrdup(value);
		}
}

int sf_scan_values(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                   const sf_scan_opts *o)
{
	if (resolve(s, c, profile, o) < 0)
		return -1;
	return check_types(s, c);
}
