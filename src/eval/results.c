/*
 * The OVAL results document of an evaluation (OVAL 5.11.3 results and
 * system characteristics), written as a stream: every definition the
 * engine evaluated with its criteria, every test with its tested items
 * and variables, every object it collected with its items. Nothing is
 * evaluated or collected here that was not already.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "util/host.h"
#include "util/ns.h"
#include "util/xmlq.h"
#include "util/xstream.h"

#define NS_RES "http://oval.mitre.org/XMLSchema/oval-results-5"
#define NS_SC "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
static const char *flag_name(sf_flag f)
{
	static const char *const names[] = {"complete", "does not exist",
	                                    "error", "not collected"};

	return names[f];
}

/* The evaluated node of an ID, or NULL. */
static sf_node *done(sf_oval_engine *e, const char *id)
{
	sf_node *n = sf_engine_find(e, id);

	return n && n->state == 2 ? n : NULL;
}

static void copy_attr(xmlTextWriterPtr w, xmlNodePtr from, const char *name,
                      const char *fallback)
{
	char *v = sf_xml_prop(from, name);

	if (*v || fallback)
		sf_xs_attr(w, name, *v ? v : fallback);
	free(v);
}

/* A criterion's or extend_definition's result after its negate. */
static sf_oval_result ref_result(sf_oval_engine *e, xmlNodePtr c,
                                 const char *attr)
{
	char *id = sf_xml_prop(c, attr);
	sf_node *n = done(e, id);
	sf_oval_result r = n ? n->result : SF_OVAL_ERROR;

	free(id);
	return sf_engine_negated(c) ? sf_oval_negate(r) : r;
}

static void version_of(xmlTextWriterPtr w, sf_oval_engine *e, const char *id)
{
	sf_node *n = sf_engine_find(e, id);
	char *v = n ? sf_xml_prop(n->node, "version") : sf_xstrdup("1");

	sf_xs_attr(w, "version", *v ? v : "1");
	free(v);
}

static void write_criteria(xmlTextWriterPtr w, sf_oval_engine *e,
                           xmlNodePtr crit)
{
	xmlNodePtr c;

	sf_xs_start(w, NULL, "criteria", NULL);
	copy_attr(w, crit, "applicability_check", NULL);
	copy_attr(w, crit, "operator", "AND");
	copy_attr(w, crit, "negate", NULL);
	sf_xs_attr(w, "result",
	           sf_oval_result_name(sf_engine_criteria(e, crit)));
	for (c = crit->children; c; c = c->next) {
		const char *ref = sf_xml_is(c, NULL, "criterion") ? "test_ref"
		                  : sf_xml_is(c, NULL, "extend_definition")
		                      ? "definition_ref"
		                      : NULL;
		char *id;

		if (sf_xml_is(c, NULL, "criteria")) {
			write_criteria(w, e, c);
			continue;
		}
		if (!ref)
			continue;
		id = sf_xml_prop(c, ref);
		sf_xs_start(w, NULL, (const char *)c->name, NULL);
		copy_attr(w, c, "applicability_check", NULL);
		sf_xs_attr(w, ref, id);
		version_of(w, e, id);
		copy_attr(w, c, "negate", NULL);
		sf_xs_attr(w, "result",
		           sf_oval_result_name(ref_result(e, c, ref)));
		sf_xs_end(w);
		free(id);
	}
	sf_xs_end(w);
}

/* The IDs of the variables a subtree refers to, without repeats. */
static void var_refs(xmlNodePtr n, char ***ids, size_t *nids)
{
	xmlNodePtr c;
	char *id = NULL;
	size_t i;

	if (n->type != XML_ELEMENT_NODE)
		return;
	if (xmlHasProp(n, BAD_CAST "var_ref"))
		id = sf_xml_prop(n, "var_ref");
	else if (sf_xml_is(n, NULL, "var_ref") ||
	         sf_xml_is(n, NULL, "variable_component"))
		id = sf_xml_is(n, NULL, "var_ref") ? sf_xml_text(n)
		                                   : sf_xml_prop(n, "var_ref");
	if (id) {
		for (i = 0; i < *nids && strcmp((*ids)[i], id); i++)
			;
		if (i == *nids) {
			*ids = sf_xrealloc(*ids, (*nids + 1) * sizeof(char *));
			(*ids)[(*nids)++] = id;
		} else {
			free(id);
		}
	}
	for (c = n->children; c; c = c->next)
		var_refs(c, ids, nids);
}

/* variable_value or tested_variable elements for what a subtree uses. */
static void write_variables(xmlTextWriterPtr w, sf_oval_engine *e,
                            xmlNodePtr *roots, size_t nroots,
                            const char *element)
{
	char **ids = NULL;
	size_t nids = 0, i, k;

	for (i = 0; i < nroots; i++)
		if (roots[i])
			var_refs(roots[i], &ids, &nids);
	for (i = 0; i < nids; i++) {
		sf_node *v = sf_engine_find(e, ids[i]);

		for (k = 0;
		     v && v->values.done && !v->values.error && k < v->values.n;
		     k++) {
			sf_xs_start(w, NULL, element, NULL);
			sf_xs_attr(w, "variable_id", ids[i]);
			sf_xs_text(w, v->values.v[k]);
			sf_xs_end(w);
		}
	}
	sf_strings_free(ids, nids);
}

/* The object a test names, and its states. */
static size_t test_parts(sf_oval_engine *e, sf_node *t, xmlNodePtr *parts,
                         size_t max, sf_node **obj)
{
	xmlNodePtr c;
	size_t n = 0;

	*obj = NULL;
	for (c = t->node->children; c && n < max; c = c->next) {
		char *id;
		sf_node *p;

		if (sf_xml_is(c, NULL, "object"))
			id = sf_xml_prop(c, "object_ref");
		else if (sf_xml_is(c, NULL, "state"))
			id = sf_xml_prop(c, "state_ref");
		else
			continue;
		p = sf_engine_find(e, id);
		free(id);
		if (!p)
			continue;
		if (sf_xml_is(c, NULL, "object"))
			*obj = p;
		parts[n++] = p->node;
	}
	return n;
}

static void write_tests(xmlTextWriterPtr w, sf_oval_engine *e,
                        const size_t *first_item)
{
	size_t i, k;

	sf_xs_start(w, NULL, "tests", NULL);
	for (i = 0; i < e->nnodes; i++) {
		sf_node *t = &e->nodes[i], *obj;
		xmlNodePtr parts[64];
		size_t nparts;

		if (t->state != 2 || !strstr(t->id, ":tst:"))
			continue;
		nparts = test_parts(e, t, parts, 64, &obj);
		sf_xs_start(w, NULL, "test", NULL);
		sf_xs_attr(w, "test_id", t->id);
		version_of(w, e, t->id);
		copy_attr(w, t->node, "check_existence", NULL);
		copy_attr(w, t->node, "check", "all");
		copy_attr(w, t->node, "state_operator", NULL);
		sf_xs_attr(w, "result", sf_oval_result_name(t->result));
		if (obj && obj->collected.done &&
		    t->nitem_results == obj->collected.nitems) {
			size_t base = first_item[obj - e->nodes];

			for (k = 0; k < t->nitem_results; k++) {
				sf_xs_start(w, NULL, "tested_item", NULL);
				sf_xs_attrf(w, "item_id", "%zu", base + k);
				sf_xs_attr(
				    w, "result",
				    sf_oval_result_name(t->item_results[k]));
				sf_xs_end(w);
			}
		}
		write_variables(w, e, parts, nparts, "tested_variable");
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

static void generator(xmlTextWriterPtr w, const char *timestamp)
{
	sf_xs_start(w, NULL, "generator", NULL);
	sf_xs_elem(w, "oval", "product_name", "scapforge");
	sf_xs_elem(w, "oval", "product_version", SF_VERSION);
	sf_xs_elem(w, "oval", "schema_version", SF_OVAL_SCHEMA_VERSION);
	sf_xs_elem(w, "oval", "timestamp", timestamp);
	sf_xs_end(w);
}

static void write_system_info(xmlTextWriterPtr w, const sf_host *h)
{
	size_t i;

	sf_xs_start(w, NULL, "system_info", NULL);
	sf_xs_elem(w, NULL, "os_name", h ? h->os_name : "unknown");
	sf_xs_elem(w, NULL, "os_version", h ? h->os_version : "unknown");
	sf_xs_elem(w, NULL, "architecture", h ? h->arch : "unknown");
	sf_xs_elem(w, NULL, "primary_host_name", h ? h->hostname : "unknown");
	sf_xs_start(w, NULL, "interfaces", NULL);
	for (i = 0; h && i < h->nifs; i++) {
		sf_xs_start(w, NULL, "interface", NULL);
		sf_xs_elem(w, NULL, "interface_name", h->ifs[i].name);
		sf_xs_elem(w, NULL, "ip_address", h->ifs[i].address);
		sf_xs_elem(w, NULL, "mac_address", h->ifs[i].mac);
		sf_xs_end(w);
	}
	sf_xs_end(w);
	sf_xs_end(w);
}

/* depth: how many elements are open around oval_system_characteristics. */
static void write_characteristics(xmlTextWriterPtr w, sf_oval_engine *e,
                                  const sf_host *host, const char *timestamp,
                                  const size_t *first_item, size_t depth)
{
	size_t i, k;

	sf_xs_start(w, NULL, "oval_system_characteristics", NS_SC);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:oval",
	                            BAD_CAST SF_NS_OVAL_COMMON);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:oval-sc",
	                            BAD_CAST NS_SC);
	sf_results_item_namespaces(w, e);
	generator(w, timestamp);
	write_system_info(w, host);
	sf_xs_start(w, NULL, "collected_objects", NULL);
	for (i = 0; i < e->nnodes; i++) {
		sf_node *o = &e->nodes[i];
		xmlNodePtr root = o->node;

		if (!o->collected.done || !strstr(o->id, ":obj:"))
			continue;
		sf_xs_start(w, NULL, "object", NULL);
		sf_xs_attr(w, "id", o->id);
		version_of(w, e, o->id);
		sf_xs_attr(w, "flag", flag_name(o->collected.flag));
		if (o->collected.message) {
			sf_xs_start(w, NULL, "message", NULL);
			sf_xs_attr(w, "level", "error");
			sf_xs_text(w, o->collected.message);
			sf_xs_end(w);
		}
		write_variables(w, e, &root, 1, "variable_value");
		for (k = 0; k < o->collected.nitems; k++) {
			sf_xs_start(w, NULL, "reference", NULL);
			sf_xs_attrf(w, "item_ref", "%zu", first_item[i] + k);
			sf_xs_end(w);
		}
		sf_xs_end(w);
	}
	sf_xs_end(w);
	sf_xs_start(w, NULL, "system_data", NULL);
	for (i = 0; i < e->nnodes; i++) {
		sf_node *o = &e->nodes[i];

		if (!o->collected.done || !strstr(o->id, ":obj:"))
			continue;
		for (k = 0; k < o->collected.nitems; k++)
			sf_results_write_item(w, o->node, first_item[i] + k,
			                      &o->collected.items[k],
			                      depth + 2);
	}
	sf_xs_end(w);
	sf_xs_end(w);
}

int sf_oval_engine_write_results(sf_oval_engine *e, xmlTextWriterPtr w,
                                 size_t depth, const sf_host *host,
                                 const char *timestamp)
{
	static const char *const directives[] = {
	    "definition_true",          "definition_false",
	    "definition_unknown",       "definition_error",
	    "definition_not_evaluated", "definition_not_applicable"};
	size_t *first_item =
	    sf_xcalloc(e->nnodes ? e->nnodes : 1, sizeof(*first_item));
	size_t i, next = 1;

	/* item IDs: numbered across the collected objects, from 1 */
	for (i = 0; i < e->nnodes; i++) {
		first_item[i] = next;
		if (e->nodes[i].collected.done)
			next += e->nodes[i].collected.nitems;
	}
	sf_xs_start(w, NULL, "oval_results", NS_RES);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:oval",
	                            BAD_CAST SF_NS_OVAL_COMMON);
	generator(w, timestamp);
	sf_xs_start(w, NULL, "directives", NULL);
	for (i = 0; i < 6; i++) {
		sf_xs_start(w, NULL, directives[i], NULL);
		sf_xs_attr(w, "reported", "true");
		sf_xs_attr(w, "content", "full");
		sf_xs_end(w);
	}
	sf_xs_end(w);
	sf_xs_copy(w, e->defs);
	sf_xs_start(w, NULL, "results", NULL);
	sf_xs_start(w, NULL, "system", NULL);
	sf_xs_start(w, NULL, "definitions", NULL);
	for (i = 0; i < e->nnodes; i++) {
		sf_node *d = &e->nodes[i];
		xmlNodePtr crit;

		if (d->state != 2 || !sf_xml_is(d->node, NULL, "definition"))
			continue;
		sf_xs_start(w, NULL, "definition", NULL);
		sf_xs_attr(w, "definition_id", d->id);
		version_of(w, e, d->id);
		copy_attr(w, d->node, "class", NULL);
		sf_xs_attr(w, "result", sf_oval_result_name(d->result));
		crit = sf_xml_child(d->node, "criteria");
		if (crit)
			write_criteria(w, e, crit);
		sf_xs_end(w);
	}
	sf_xs_end(w);
	write_tests(w, e, first_item);
	write_characteristics(w, e, host, timestamp, first_item, depth + 3);
	sf_xs_end(w); /* system */
	sf_xs_end(w); /* results */
	sf_xs_end(w); /* oval_results */
	free(first_item);
	return 0;
}
