#include <stdlib.h>
#include <string.h>

#include "emit/ovalw.h"
#include "emit/xmlw.h"
#include "util/error.h"

static void external_variables(sf_ovalw *w);

int sf_ovalw_start(sf_ovalw *w, const sf_benchmark *b, const sf_emit_opts *o,
                   const char *schema_version)
{
	xmlNodePtr gen;
	char stamp[32];

	memset(w, 0, sizeof(*w));
	if (!sf_benchmark_release(b, o->release))
		return sf_error_set("unknown release '%s'", o->release);
	if (sf_oval_ids_plan(&w->ids, b, o->portable) < 0)
		return -1;
	w->b = b;
	w->o = o;
	w->next_tst = w->next_obj = w->next_ste = 1;
	w->next_var = sf_oval_ids_next_var(w->ids);
	w->doc = xmlNewDoc(BAD_CAST "1.0");
	w->root = xmlNewNode(NULL, BAD_CAST "oval_definitions");
	xmlDocSetRootElement(w->doc, w->root);
	w->def = xmlNewNs(w->root, BAD_CAST SF_NS_OVAL_DEF, NULL);
	w->common =
	    xmlNewNs(w->root, BAD_CAST SF_NS_OVAL_COMMON, BAD_CAST "oval");
	w->ind = xmlNewNs(w->root, BAD_CAST SF_NS_OVAL_IND, BAD_CAST "ind");
	xmlSetNs(w->root, w->def);
	gen = sf_xml_add(w->root, w->def, "generator", NULL);
	sf_xml_add(gen, w->common, "product_name", "scapforge");
	sf_xml_add(gen, w->common, "product_version", SF_VERSION);
	sf_xml_add(gen, w->common, "schema_version", schema_version);
	sf_xml_timestamp(o->timestamp, stamp);
	sf_xml_add(gen, w->common, "timestamp", stamp);
	w->definitions = sf_xml_add(w->root, w->def, "definitions", NULL);
	w->tests = sf_xml_add(w->root, w->def, "tests", NULL);
	w->objects = sf_xml_add(w->root, w->def, "objects", NULL);
	w->states = sf_xml_add(w->root, w->def, "states", NULL);
	w->variables = sf_xml_add(w->root, w->def, "variables", NULL);
	external_variables(w);
	return 0;
}

xmlDocPtr sf_ovalw_finish(sf_ovalw *w)
{
	xmlDocPtr doc = w->doc;

	sf_oval_ids_free(w->ids);
	memset(w, 0, sizeof(*w));
	return doc;
}

void sf_ovalw_id(const sf_ovalw *w, xmlNodePtr n, const char *type,
                 unsigned long num)
{
	char *id = sf_oval_id(w->b, type, num);

	sf_xml_attr(n, "id", id);
	sf_xml_attr(n, "version", "1");
	free(id);
}

void sf_ovalw_ref(const sf_ovalw *w, xmlNodePtr n, const char *attr,
                  const char *type, unsigned long num)
{
	char *id = sf_oval_id(w->b, type, num);

	sf_xml_attr(n, attr, id);
	free(id);
}

xmlNodePtr sf_ovalw_definition(sf_ovalw *w, const sf_rule *r,
                               const char *release, const char *intro,
                               const char *outro)
{
	const sf_rule_ids *ids = sf_rule_ids_for(r, release);
	sf_buf text = SF_BUF_INIT;
	xmlNodePtr d, m, n;
	size_t i;

	d = sf_xml_add(w->definitions, w->def, "definition", NULL);
	sf_ovalw_id(w, d, "def", sf_rule_number(r));
	sf_xml_attr(d, "class", "compliance");
	m = sf_xml_add(d, w->def, "metadata", NULL);
	sf_buf_printf(&text, "%s: %s", r->stig_id, r->title);
	sf_xml_add(m, w->def, "title", sf_buf_cstr(&text));
	n = sf_xml_add(m, w->def, "affected", NULL);
	sf_xml_attr(n, "family", "unix");
	sf_xml_add(n, w->def, "platform", "Docker Engine");
	n = sf_xml_add(m, w->def, "reference", NULL);
	sf_xml_attr(n, "source", "DISA");
	sf_xml_attr(n, "ref_id", ids->rule_id);
	for (i = 0; i < r->nccis; i++) {
		n = sf_xml_add(m, w->def, "reference", NULL);
		sf_xml_attr(n, "source", "CCI");
		sf_xml_attr(n, "ref_id", r->ccis[i]);
	}
	sf_buf_clear(&text);
	sf_buf_puts(&text, intro);
	for (i = 0; i < r->check.nfindings; i++)
		sf_buf_printf(
		    &text, "%s\"%s\"%s%s%s", i == 0 ? " " : " or ",
		    r->check.findings[i].equals,
		    r->check.findings[i].when ? " (while the Value " : "",
		    r->check.findings[i].when ? r->check.findings[i].when : "",
		    r->check.findings[i].when ? " is true)" : "");
	sf_buf_puts(&text, outro);
	sf_xml_add(m, w->def, "description", sf_buf_cstr(&text));
	sf_buf_release(&text);
	return d;
}

/* An external variable for each Value the checks read. */
static void external_variables(sf_ovalw *w)
{
	const sf_oval_ids *ids = w->ids;
	xmlNodePtr v;
	size_t i;

	for (i = 0; i < w->b->nvalues; i++) {
		const sf_value *val = &w->b->values[i];

		if (!sf_oval_ids_exported(ids, i))
			continue;
		v = sf_xml_add(w->variables, w->def, "external_variable", NULL);
		sf_ovalw_id(w, v, "var", sf_oval_ids_value_var(ids, i));
		sf_xml_attr(v, "datatype",
		            val->type == SF_VALUE_BOOLEAN  ? "boolean"
		            : val->type == SF_VALUE_NUMBER ? "float"
		                                           : "string");
		sf_xml_attr(v, "comment", val->title);
	}
}

xmlNodePtr sf_ovalw_criteria(const sf_ovalw *w, xmlNodePtr parent,
                             const char *op, const char *comment)
{
	xmlNodePtr n = sf_xml_add(parent, w->def, "criteria", NULL);

	sf_xml_attr(n, "operator", op);
	sf_xml_attr(n, "comment", comment);
	return n;
}

void sf_ovalw_criterion(const sf_ovalw *w, xmlNodePtr parent, unsigned long tst,
                        const char *comment)
{
	xmlNodePtr n = sf_xml_add(parent, w->def, "criterion", NULL);

	sf_ovalw_ref(w, n, "test_ref", "tst", tst);
	sf_xml_attr(n, "comment", comment);
}

size_t sf_ovalw_value_index(const sf_ovalw *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->b->nvalues; i++)
		if (!strcmp(w->b->values[i].id, id))
			break;
	return i;
}
