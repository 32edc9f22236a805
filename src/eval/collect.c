/*
 * Object collection: items, the yamlfilecontent and variable probes, and
 * which probe collects an object (the file probes are in collect_file.c,
 * sets in sets.c). yamlfilecontent objects are collected all at once,
 * grouped by file, so that each evidence file is parsed in one streaming
 * pass however many paths the definitions read from it.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"

void sf_item_release(sf_item *it)
{
	size_t j;

	for (j = 0; j < it->nent; j++) {
		sf_entity *en = &it->ent[j];

		free(en->fields);
	}
	free(it->ent);
	memset(it, 0, sizeof(*it));
}

void sf_collected_release(sf_collected *c)
{
	size_t i;

	for (i = 0; i < c->nitems; i++)
		sf_item_release(&c->items[i]);
	free(c->items);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

static sf_entity *add_entity(sf_item *it)
{
	sf_entity *en;

	it->ent = sf_xrealloc(it->ent, (it->nent + 1) * sizeof(*it->ent));
	en = &it->ent[it->nent++];
	memset(en, 0, sizeof(*en));
	return en;
}

sf_entity *sf_item_add_entity(sf_strpool *pool, sf_item *it, const char *name,
                              const char *value)
{
	sf_entity *en = add_entity(it);

	en->name = sf_strpool_str(pool, name);
	en->value = value ? sf_strpool_str(pool, value) : NULL;
	return en;
}

sf_entity *sf_item_add_pooled(sf_strpool *pool, sf_item *it, const char *name,
                              const char *value)
{
	sf_entity *en = add_entity(it);

	en->name = sf_strpool_str(pool, name);
	en->value = value;
	return en;
}

sf_entity *sf_item_add_nil(sf_strpool *pool, sf_item *it, const char *name)
{
	sf_entity *en = sf_item_add_entity(pool, it, name, NULL);

	en->nil = 1;
	return en;
}

const char *sf_item_value(const sf_item *it, const char *name)
{
	size_t i;

	for (i = 0; i < it->nent; i++)
		if (!strcmp(it->ent[i].name, name) && !it->ent[i].field_name)
			return it->ent[i].value;
	return NULL;
}

sf_item *sf_collected_add_item(sf_collected *c)
{
	sf_item *it;

	c->items = sf_xrealloc(c->items, (c->nitems + 1) * sizeof(*c->items));
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->status = SF_ITEM_EXISTS;
	return it;
}

void sf_collected_add_copy(sf_collected *c, const sf_item *from)
{
	sf_item *it = sf_collected_add_item(c);
	size_t i;

	it->status = from->status;
	for (i = 0; i < from->nent; i++) {
		const sf_entity *s = &from->ent[i];
		sf_entity *d = add_entity(it);

		/* the texts are the engine pool's: shared */
		*d = *s;
		d->fields = NULL;
		if (s->nfields) {
			d->fields = sf_xcalloc(s->nfields, sizeof(*d->fields));
			memcpy(d->fields, s->fields,
			       s->nfields * sizeof(*d->fields));
		}
	}
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int sf_item_equal(const sf_item *a, const sf_item *b)
{
	size_t i, k;

	if (a->status != b->status || a->nent != b->nent)
		return 0;
	for (i = 0; i < a->nent; i++) {
		const sf_entity *x = &a->ent[i], *y = &b->ent[i];

		if (strcmp(x->name, y->name) || x->nil != y->nil ||
		    !same_text(x->value, y->value) ||
		    !same_text(x->field_name, y->field_name) ||
		    x->nfields != y->nfields)
			return 0;
		for (k = 0; k < x->nfields; k++)
			if (x->fields[k].item != y->fields[k].item ||
			    !same_text(x->fields[k].text, y->fields[k].text))
				return 0;
	}
	return 1;
}

void sf_collected_fail(sf_oval_engine *e, sf_collected *c, const char *msg)
{
	c->flag = SF_FLAG_ERROR;
	free(c->message);
	c->message = sf_xstrdup(msg);
	sf_engine_problem(e, "%s", msg);
}

/* The evidence files a yamlfilecontent object names (its filepath). */
static int object_paths(sf_oval_engine *e, xmlNodePtr obj,
                        const char ***out, size_t *n)
{
	xmlNodePtr fp = sf_xml_child(obj, "filepath");
	char *op;
	int rc;

	if (!fp) {
		sf_engine_problem(e,
		                  "only objects with a filepath are supported");
		return -1;
	}
	op = sf_xml_prop(fp, "operation");
	if (*op && strcmp(op, "equals")) {
		sf_engine_problem(e, "filepath operation '%s' is not supported",
		                  op);
		free(op);
		return -1;
	}
	free(op);
	rc = sf_engine_entity_values(e, fp, out, n);
	return rc;
}

static void file_entities(sf_strpool *pool, sf_item *it, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? sf_xstrndup(path, (size_t)(slash - path)) : NULL;

	sf_item_add_entity(pool, it, "filepath", path);
	sf_item_add_entity(pool, it, "path", dir ? (*dir ? dir : "/") : ".");
	sf_item_add_entity(pool, it, "filename", slash ? slash + 1 : path);
	free(dir);
}

/* Takes the values of every path from what the caller handed in, when
 * all of them are there; returns 0 (nothing taken) otherwise. The cache
 * is used once: collection happens once per engine. */
static int cached(sf_oval_engine *e, const char *file, sf_ypath **yp, size_t n,
                  sf_yvalues *vals)
{
	size_t i, k, *at = sf_xcalloc(n ? n : 1, sizeof(*at));

	for (i = 0; i < n; i++) {
		for (k = 0; k < e->ncache; k++)
			if (!strcmp(e->cache[k].file, file) &&
			    !strcmp(e->cache[k].path, yp[i]->text))
				break;
		if (k == e->ncache) {
			free(at);
			return 0;
		}
		at[i] = k;
	}
	for (i = 0; i < n; i++) {
		sf_yvalues *src = &e->cache[at[i]].vals;
		size_t j;

		/* the last object to need them takes the values over */
		for (j = i + 1; j < n && at[j] != at[i]; j++)
			;
		if (j == n) {
			vals[i] = *src;
			memset(src, 0, sizeof(*src));
			continue;
		}
		memset(&vals[i], 0, sizeof(vals[i]));
		vals[i].error = src->error;
		vals[i].message =
		    src->message ? sf_xstrdup(src->message) : NULL;
		vals[i].count = vals[i].alloc = src->count;
		vals[i].v =
		    sf_xcalloc(src->count ? src->count : 1, sizeof(*vals[i].v));
		/* the texts are the engine pool's: shared, not copied */
		memcpy(vals[i].v, src->v, src->count * sizeof(*src->v));
		vals[i].pool = e->pool;
	}
	free(at);
	return 1;
}

/* Collects every yamlfilecontent object of the document, one pass per
 * file. */
static void prefetch_yaml(sf_oval_engine *e)
{
	size_t i, j, k, nobj = 0;
	sf_node **objs = sf_xcalloc(e->nnodes ? e->nnodes : 1, sizeof(*objs));
	const char **files =
	    sf_xcalloc(e->nnodes ? e->nnodes : 1, sizeof(*files));

	e->yaml_prefetched = 1;
	for (i = 0; i < e->nnodes; i++) {
		sf_node *o = &e->nodes[i];
		const char **paths = NULL;
		size_t np = 0;

		/* a set names no file: sf_engine_collect makes it of the
		 * objects it names */
		if (strcmp((const char *)o->node->name,
		           "yamlfilecontent_object") ||
		    sf_xml_child(o->node, "set"))
			continue;
		o->collected.done = 1;
		if (object_paths(e, o->node, &paths, &np) == 0 && np == 0) {
			/* a variable without values names no file */
			o->collected.flag = SF_FLAG_DOES_NOT_EXIST;
			free(paths);
			continue;
		}
		if (np != 1) {
			sf_collected_fail(
			    e, &o->collected,
			    np > 1 ? "an object may name one evidence file"
			    : e->problem ? e->problem
			                 : "no file path");
			free(paths);
			continue;
		}
		objs[nobj] = o;
		files[nobj++] = paths[0];
		free(paths);
	}
	for (i = 0; i < nobj; i++) {
		sf_ypath **yp;
		sf_yvalues *vals;
		size_t *members, nm = 0;
		int rc;

		if (!files[i])
			continue; /* done with an earlier file */
		members = sf_xcalloc(nobj, sizeof(*members));
		yp = sf_xcalloc(nobj, sizeof(*yp));
		vals = sf_xcalloc(nobj, sizeof(*vals));
		for (j = i; j < nobj; j++) {
			char *text;

			if (!files[j] || strcmp(files[j], files[i]))
				continue;
			text = sf_xml_text(
			    sf_xml_child(objs[j]->node, "yamlpath"));
			if (sf_ypath_parse(&yp[nm], text) < 0) {
				sf_collected_fail(e, &objs[j]->collected,
				                  sf_error_last());
				free(text);
				continue;
			}
			free(text);
			members[nm++] = j;
		}
		for (k = 0; k < nm; k++)
			vals[k].pool = e->pool; /* the items keep the texts */
		rc = cached(e, files[i], yp, nm, vals)
		         ? 0
		         : sf_ypath_eval_file(sf_engine_where(e, files[i]), yp,
		                              nm, vals);
		for (k = 0; k < nm; k++) {
			sf_collected *c = &objs[members[k]]->collected;
			sf_entity *rec;
			sf_item *it;

			if (rc < 0 || vals[k].error) {
				sf_collected_fail(e, c,
				                  rc < 0 ? sf_error_last()
				                         : vals[k].message);
			} else if (rc == 1 || vals[k].count == 0) {
				c->flag = SF_FLAG_DOES_NOT_EXIST;
			} else {
				it = sf_collected_add_item(c);
				file_entities(e->pool, it, files[i]);
				sf_item_add_entity(e->pool, it, "yamlpath", yp[k]->text);
				rec = sf_item_add_entity(e->pool, it, "value", NULL);
				rec->nfields = vals[k].count;
				rec->field_name = "#";
				/* the values' own array, taken over */
				rec->fields = vals[k].v;
				vals[k].v = NULL;
				vals[k].count = 0;
			}
			sf_yvalues_release(&vals[k]);
			sf_ypath_free(yp[k]);
		}
		for (k = 0; k < nm; k++) {
			if (members[k] != i)
				files[members[k]] = NULL;
		}
		files[i] = NULL;
		free(members);
		free(yp);
		free(vals);
	}
	/* filters last, when every object of the pass is complete: their
	 * states may read any of them */
	for (i = 0; i < e->nnodes; i++) {
		sf_node *o = &e->nodes[i];

		if (o->collected.done && !sf_xml_child(o->node, "set") &&
		    !strcmp((const char *)o->node->name,
		            "yamlfilecontent_object"))
			sf_engine_filter(e, o->node, &o->collected);
	}
	free(objs);
	free(files);
}

static void collect_variable(sf_oval_engine *e, sf_node *o)
{
	sf_collected *c = &o->collected;
	xmlNodePtr ref = sf_xml_child(o->node, "var_ref");
	char *id = ref ? sf_xml_text(ref) : sf_xstrdup("");
	const sf_values *v = sf_engine_variable(e, id);
	size_t i;

	if (!v || v->error) {
		sf_collected_fail(e, c,
		                  "the variable of the object has no value");
	} else if (!v->n) {
		c->flag = SF_FLAG_DOES_NOT_EXIST;
	} else {
		/* one item holding every value of the variable */
		sf_item *it = sf_collected_add_item(c);

		sf_item_add_entity(e->pool, it, "var_ref", id);
		for (i = 0; i < v->n; i++)
			sf_item_add_entity(e->pool, it, "value", v->v[i]);
		c->flag = SF_FLAG_COMPLETE;
	}
	free(id);
}

/* Whether an object is of the probe: its name in its family's
 * namespace. */
static int is_kind(xmlNodePtr n, const char *ns, const char *name)
{
	return n->ns && !strcmp((const char *)n->ns->href, ns) &&
	       !strcmp((const char *)n->name, name);
}

const sf_collected *sf_engine_collect(sf_oval_engine *e, sf_node *o)
{
	const char *kind = (const char *)o->node->name;
	xmlNodePtr set = sf_xml_child(o->node, "set");
	sf_collected *c = &o->collected;

	if (c->done)
		return c;
	if (!set && !strcmp(kind, "yamlfilecontent_object") &&
	    !e->yaml_prefetched) {
		prefetch_yaml(e);
		return c;
	}
	c->done = 1;
	c->busy = 1;
	if (set) {
		/* its filters are the set's */
		sf_engine_collect_set(e, o, set);
	} else {
		if (is_kind(o->node, SF_NS_OVAL_IND,
		            "textfilecontent54_object")) {
			sf_engine_collect_textfile(e, o);
		} else if (is_kind(o->node, SF_NS_OVAL_UNIX, "file_object")) {
			sf_engine_collect_file(e, o);
		} else if (is_kind(o->node, SF_NS_OVAL_IND,
		                   "variable_object")) {
			collect_variable(e, o);
		} else {
			sf_buf msg = SF_BUF_INIT;

			sf_buf_printf(&msg, "%s is not supported", kind);
			sf_collected_fail(e, c, sf_buf_cstr(&msg));
			sf_buf_release(&msg);
		}
		sf_engine_filter(e, o->node, c);
	}
	c->busy = 0;
	return c;
}
