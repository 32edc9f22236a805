/*
 * Object collection: the probes. yamlfilecontent objects are collected
 * all at once, grouped by file, so that each evidence file is parsed in
 * one streaming pass however many paths the definitions read from it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"

/* Capture groups reported as subexpressions of a textfilecontent item. */
#define MAX_GROUPS 32

void sf_collected_release(sf_collected *c)
{
	size_t i, j;

	for (i = 0; i < c->nitems; i++) {
		for (j = 0; j < c->items[i].nent; j++) {
			sf_entity *en = &c->items[i].ent[j];

			free(en->name);
			free(en->value);
			free(en->fields);
		}
		free(c->items[i].ent);
	}
	free(c->items);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

static sf_entity *add_entity(sf_item *it, const char *name, const char *value)
{
	sf_entity *en;

	it->ent = sf_xrealloc(it->ent, (it->nent + 1) * sizeof(*it->ent));
	en = &it->ent[it->nent++];
	memset(en, 0, sizeof(*en));
	en->name = sf_xstrdup(name);
	en->value = value ? sf_xstrdup(value) : NULL;
	return en;
}

static sf_item *add_item(sf_collected *c)
{
	sf_item *it;

	c->items = sf_xrealloc(c->items, (c->nitems + 1) * sizeof(*c->items));
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->status = SF_ITEM_EXISTS;
	return it;
}

static void fail(sf_oval_engine *e, sf_collected *c, const char *msg)
{
	c->flag = SF_FLAG_ERROR;
	free(c->message);
	c->message = sf_xstrdup(msg);
	sf_engine_problem(e, "%s", msg);
}

/* The file paths an object names (filepath, or path and filename). */
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

static void file_entities(sf_item *it, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? sf_xstrndup(path, (size_t)(slash - path)) : NULL;

	add_entity(it, "filepath", path);
	add_entity(it, "path", dir ? (*dir ? dir : "/") : ".");
	add_entity(it, "filename", slash ? slash + 1 : path);
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

		if (strcmp((const char *)o->node->name,
		           "yamlfilecontent_object"))
			continue;
		o->collected.done = 1;
		if (sf_xml_child(o->node, "filter") ||
		    sf_xml_child(o->node, "set")) {
			fail(e, &o->collected,
			     "filters and sets of objects are not supported");
			continue;
		}
		if (object_paths(e, o->node, &paths, &np) == 0 && np == 0) {
			/* a variable without values names no file */
			o->collected.flag = SF_FLAG_DOES_NOT_EXIST;
			free(paths);
			continue;
		}
		if (np != 1) {
			fail(e, &o->collected,
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
				fail(e, &objs[j]->collected, sf_error_last());
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
				fail(e, c,
				     rc < 0 ? sf_error_last()
				            : vals[k].message);
			} else if (rc == 1 || vals[k].count == 0) {
				c->flag = SF_FLAG_DOES_NOT_EXIST;
			} else {
				it = add_item(c);
				file_entities(it, files[i]);
				add_entity(it, "yamlpath", yp[k]->text);
				rec = add_entity(it, "value", NULL);
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
	free(objs);
	free(files);
}

static int flag_from(xmlNodePtr behaviors, const char *name, int dflt)
{
	char *v;
	int on;

	if (!behaviors)
		return dflt;
	v = sf_xml_prop(behaviors, name);
	on = *v ? (!strcmp(v, "true") || !strcmp(v, "1")) : dflt;
	free(v);
	return on;
}

/* textfilecontent54: every match of the pattern whose instance number
 * satisfies the instance entity. The file is mapped, not read, so that
 * an anchored pattern touches only its first page. */
static void collect_textfile(sf_oval_engine *e, sf_node *o)
{
	sf_collected *c = &o->collected;
	xmlNodePtr beh = sf_xml_child(o->node, "behaviors");
	xmlNodePtr pat = sf_xml_child(o->node, "pattern");
	xmlNodePtr inst = sf_xml_child(o->node, "instance");
	int flags = (flag_from(beh, "multiline", 1) ? SF_RE_MULTILINE : 0) |
	            (flag_from(beh, "singleline", 0) ? SF_RE_DOTALL : 0) |
	            (flag_from(beh, "ignore_case", 0) ? SF_RE_CASELESS : 0);
	const char **paths = NULL, *pattern = NULL, **want = NULL;
	char *iop = NULL;
	size_t np = 0, nwant = 0, i;

	c->flag = SF_FLAG_DOES_NOT_EXIST;
	if (!pat || !inst || object_paths(e, o->node, &paths, &np) < 0 ||
	    sf_engine_entity_values(e, pat, &want, &nwant) < 0 || nwant != 1) {
		fail(
		    e, c,
		    "textfilecontent54 object needs one file, a pattern and an instance");
		goto done;
	}
	pattern = want[0];
	free(want);
	want = NULL;
	nwant = 0;
	if (sf_engine_entity_values(e, inst, &want, &nwant) < 0 || nwant != 1) {
		fail(e, c, "textfilecontent54 instance must have one value");
		goto done;
	}
	iop = sf_xml_prop(inst, "operation");
	for (i = 0; i < np; i++) {
		struct stat st;
		const char *data = "";
		size_t off = 0, s, t, ov[2 * (MAX_GROUPS + 1)], ng;
		long n = 0;
		const char *where = sf_engine_where(e, paths[i]);
		int fd = open(where, O_RDONLY | O_CLOEXEC), m;

		if (fd < 0)
			continue; /* does not exist: no item */
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			fail(e, c, "the evidence is not a regular file");
			goto done;
		}
		if (st.st_size > 0) {
			data = mmap(NULL, (size_t)st.st_size, PROT_READ,
			            MAP_PRIVATE, fd, 0);
			if (data == MAP_FAILED) {
				close(fd);
				fail(e, c, "cannot map the evidence file");
				goto done;
			}
		}
		close(fd);
		while ((m = sf_regex_search_groups(pattern, flags, data,
		                                   (size_t)st.st_size, off, ov,
		                                   MAX_GROUPS + 1, &ng)) == 1) {
			char num[32];
			sf_item *it;
			char *text;
			size_t g;

			s = ov[0];
			t = ov[1];

			snprintf(num, sizeof(num), "%ld", ++n);
			if (sf_entity_compare(SF_DT_INT,
			                      sf_operation_parse(iop), num,
			                      want[0]) == SF_OVAL_TRUE) {
				it = add_item(c);
				file_entities(it, paths[i]);
				add_entity(it, "pattern", pattern);
				add_entity(it, "instance", num);
				text = sf_xstrndup(data + s, t - s);
				add_entity(it, "text", text);
				free(text);
				/* each capture group; one that took no part
				 * matched nothing */
				for (g = 1; g <= ng; g++) {
					size_t a = ov[2 * g], b = ov[2 * g + 1];

					text =
					    a == SF_RE_UNSET
					        ? sf_xstrdup("")
					        : sf_xstrndup(data + a, b - a);
					add_entity(it, "subexpression", text);
					free(text);
				}
			}
			off = t > s ? t : t + 1;
			if (off > (size_t)st.st_size)
				break;
		}
		if (st.st_size > 0)
			munmap((void *)data, (size_t)st.st_size);
		if (m < 0) {
			fail(e, c,
			     "the pattern is not a valid regular expression");
			goto done;
		}
	}
	if (c->nitems)
		c->flag = SF_FLAG_COMPLETE;
done:
	free(paths);
	free(want);
	free(iop);
}

static void collect_variable(sf_oval_engine *e, sf_node *o)
{
	sf_collected *c = &o->collected;
	xmlNodePtr ref = sf_xml_child(o->node, "var_ref");
	char *id = ref ? sf_xml_text(ref) : sf_xstrdup("");
	const sf_values *v = sf_engine_variable(e, id);
	size_t i;

	if (!v || v->error) {
		fail(e, c, "the variable of the object has no value");
	} else if (!v->n) {
		c->flag = SF_FLAG_DOES_NOT_EXIST;
	} else {
		/* one item holding every value of the variable */
		sf_item *it = add_item(c);

		add_entity(it, "var_ref", id);
		for (i = 0; i < v->n; i++)
			add_entity(it, "value", v->v[i]);
		c->flag = SF_FLAG_COMPLETE;
	}
	free(id);
}

const sf_collected *sf_engine_collect(sf_oval_engine *e, sf_node *o)
{
	const char *kind = (const char *)o->node->name;

	if (o->collected.done)
		return &o->collected;
	if (!strcmp(kind, "yamlfilecontent_object") && !e->yaml_prefetched) {
		prefetch_yaml(e);
		return &o->collected;
	}
	o->collected.done = 1;
	if (!strcmp(kind, "textfilecontent54_object")) {
		collect_textfile(e, o);
	} else if (!strcmp(kind, "variable_object")) {
		collect_variable(e, o);
	} else {
		sf_buf msg = SF_BUF_INIT;

		sf_buf_printf(&msg, "%s is not supported", kind);
		fail(e, &o->collected, sf_buf_cstr(&msg));
		sf_buf_release(&msg);
	}
	return &o->collected;
}
