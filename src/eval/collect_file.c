/*
 * The file probes: ind:textfilecontent54, every match of a pattern in a
 * file's text, and unix:file, the files and folders themselves. Both name
 * their files by filepath, or by path and filename, each equal to a value
 * or matching a pattern (the folders and names found in fswalk.c). A file
 * that is not there gives no item; one that is there but cannot be read
 * makes the object error with the file and the reason, since left out it
 * could turn a finding into a pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"


/* A file an object names: its folder, its name (NULL: the folder is the
 * object) and its full path. */
typedef struct target {
	char *dir, *name, *full;
} target;

typedef struct targets {
	target *v;
	size_t n, alloc;
} targets;

static char *join_path(const char *dir, const char *name)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_puts(&b, dir);
	if (!b.len || b.ptr[b.len - 1] != '/')
		sf_buf_putc(&b, '/');
	sf_buf_puts(&b, name);
	return sf_buf_detach(&b);
}

static void targets_add(targets *t, const char *dir, const char *name,
                        const char *full)
{
	target *x;

	t->v = sf_xgrow(t->v, &t->alloc, t->n + 1, sizeof(*t->v));
	x = &t->v[t->n++];
	x->dir = sf_xstrdup(dir);
	x->name = name ? sf_xstrdup(name) : NULL;
	x->full = full   ? sf_xstrdup(full)
	          : name ? join_path(dir, name)
	                 : sf_xstrdup(dir);
}

static void targets_release(targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].dir);
		free(t->v[i].name);
		free(t->v[i].full);
	}
	free(t->v);
}

static int is_nil(xmlNodePtr ent)
{
	xmlChar *v = xmlGetNsProp(ent, BAD_CAST "nil", BAD_CAST SF_NS_XSI);
	int nil = v && (!xmlStrcmp(v, BAD_CAST "true") ||
	                !xmlStrcmp(v, BAD_CAST "1"));

	xmlFree(v);
	return nil;
}

/* The files named by filepath (operation equals): each value the
 * entity selects, split at its last slash. */
static int filepath_targets(sf_oval_engine *e, xmlNodePtr fp, targets *out)
{
	sf_selector sel;
	size_t i, j;

	if (sf_selector_init(e, fp, &sel) < 0)
		return -1;
	if (sel.pattern || sel.check == SF_OP_NONE) {
		sf_engine_problem(e, "a filepath pattern, or var_check 'none "
		                     "satisfy', is not supported");
		sf_selector_release(&sel);
		return -1;
	}
	for (i = 0; i < sel.n; i++) {
		const char *v = sel.vals[i], *slash = strrchr(v, '/');
		char *dir;

		/* a file named twice is one */
		for (j = 0; j < i && strcmp(sel.vals[j], v); j++)
			;
		if (j < i || sf_selector_test(e, &sel, v, strlen(v)) != 1)
			continue;
		dir = slash ? sf_xstrndup(v, (size_t)(slash - v))
		            : sf_xstrdup(".");
		targets_add(out, *dir ? dir : "/", slash ? slash + 1 : v, v);
		free(dir);
	}
	sf_selector_release(&sel);
	return 0;
}

/* The names filename selects in each folder: those of its values it
 * selects, or, for a pattern or var_check none satisfy, the folder's
 * entries it selects. */
static int name_targets(sf_oval_engine *e, char **dirs, size_t ndirs,
                        const sf_selector *sel, int files, targets *out)
{
	size_t i, k, j, nn;
	char **names;
	int m;

	for (i = 0; i < ndirs; i++) {
		if (sel->pattern || sel->check == SF_OP_NONE) {
			if (sf_engine_dir_names(e, dirs[i], sel, files, &names,
			                        &nn) < 0)
				return -1;
			for (k = 0; k < nn; k++)
				targets_add(out, dirs[i], names[k], NULL);
			sf_strings_free(names, nn);
			continue;
		}
		for (k = 0; k < sel->n; k++) {
			const char *v = sel->vals[k];

			/* a name given twice is one file; a name with a
			 * slash, or . or .., is no file's in the folder */
			for (j = 0; j < k && strcmp(sel->vals[j], v); j++)
				;
			if (j < k || !*v || strchr(v, '/') || !strcmp(v, ".") ||
			    !strcmp(v, ".."))
				continue;
			m = sf_selector_test(e, sel, v, strlen(v));
			if (m == 1)
				targets_add(out, dirs[i], v, NULL);
		}
	}
	return 0;
}

/* The files (or, with a nil filename, the folders) an object names.
 * files: only regular files match a filename pattern. */
static int object_targets(sf_oval_engine *e, xmlNodePtr obj, int files,
                          targets *out)
{
	xmlNodePtr fp = sf_xml_child(obj, "filepath");
	xmlNodePtr path = sf_xml_child(obj, "path");
	xmlNodePtr name = sf_xml_child(obj, "filename");
	xmlNodePtr beh = sf_xml_child(obj, "behaviors");
	char *dir = beh ? sf_xml_prop(beh, "recurse_direction") : NULL;
	char **dirs = NULL;
	size_t ndirs = 0, i;
	sf_selector sel;
	int rc = -1;

	memset(&sel, 0, sizeof(sel));
	if (dir && *dir && strcmp(dir, "none")) {
		sf_engine_problem(e,
		                  "the recurse_direction '%s' is not "
		                  "supported",
		                  dir);
		goto done;
	}
	if (fp) {
		rc = filepath_targets(e, fp, out);
		goto done;
	}
	if (!path || !name || (files && is_nil(name))) {
		sf_engine_problem(e,
		                  "a file object needs a filepath, or a path "
		                  "and a filename");
		goto done;
	}
	if ((!is_nil(name) && sf_selector_init(e, name, &sel) < 0) ||
	    sf_engine_path_dirs(e, path, &dirs, &ndirs) < 0)
		goto done;
	if (is_nil(name)) {
		for (i = 0; i < ndirs; i++)
			targets_add(out, dirs[i], NULL, NULL);
		rc = 0;
	} else {
		rc = name_targets(e, dirs, ndirs, &sel, files, out);
	}
done:
	sf_selector_release(&sel);
	sf_strings_free(dirs, ndirs);
	free(dir);
	return rc;
}

const char *sf_engine_file_type(mode_t m)
{
	if (S_ISREG(m))
		return "regular";
	if (S_ISDIR(m))
		return "directory";
	if (S_ISLNK(m))
		return "symbolic link";
	if (S_ISFIFO(m))
		return "fifo";
	if (S_ISSOCK(m))
		return "socket";
	if (S_ISCHR(m))
		return "character special";
	return "block special";
}

typedef struct textscan {
	const char *pattern;
	int flags;
	sf_operation iop;
	const char *instance;
} textscan;

/* The items of one file: each match whose instance number satisfies
 * the instance entity. */
static int scan_file(sf_oval_engine *e, sf_collected *c, const target *t,
                     const textscan *ts)
{
	const sf_matches *ms;
	size_t i, g;
	int rc = sf_engine_matches(e, t->full, ts->pattern, ts->flags, &ms);

	for (i = 0; rc == 1 && i < ms->n; i++) {
		const sf_match *m = &ms->m[i];
		char num[32];
		sf_item *it;

		snprintf(num, sizeof(num), "%zu", i + 1);
		if (sf_entity_compare(SF_DT_INT, ts->iop, num, ts->instance) !=
		    SF_OVAL_TRUE)
			continue;
		it = sf_collected_add_item(c);
		sf_item_add_entity(e->pool, it, "filepath", t->full);
		sf_item_add_entity(e->pool, it, "path", t->dir);
		sf_item_add_entity(e->pool, it, "filename", t->name);
		/* the pattern, the text and the groups are the pool's */
		sf_item_add_pooled(e->pool, it, "pattern", ts->pattern);
		sf_item_add_entity(e->pool, it, "instance", num);
		sf_item_add_pooled(e->pool, it, "text", m->text);
		for (g = 0; g < m->ngroups; g++)
			sf_item_add_pooled(e->pool, it, "subexpression",
			                   m->groups[g]);
	}
	return rc < 0 ? -1 : 0;
}

/* Fails c with the engine's last problem. */
static void fail(sf_oval_engine *e, sf_collected *c)
{
	sf_collected_fail(e, c, e->problem ? e->problem : "collection failed");
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

void sf_engine_collect_textfile(sf_oval_engine *e, sf_node *o)
{
	sf_collected *c = &o->collected;
	xmlNodePtr beh = sf_xml_child(o->node, "behaviors");
	xmlNodePtr pat = sf_xml_child(o->node, "pattern");
	xmlNodePtr inst = sf_xml_child(o->node, "instance");
	const char **pv = NULL, **iv = NULL;
	size_t npv = 0, niv = 0, i;
	targets t = {NULL, 0, 0};
	textscan ts;
	char *iop = NULL;

	c->flag = SF_FLAG_DOES_NOT_EXIST;
	if (!pat || !inst || sf_engine_entity_values(e, pat, &pv, &npv) < 0 ||
	    npv != 1 || sf_engine_entity_values(e, inst, &iv, &niv) < 0 ||
	    niv != 1) {
		sf_collected_fail(e, c,
		                  "textfilecontent54 object needs one pattern "
		                  "and one instance");
		goto done;
	}
	if (object_targets(e, o->node, 1, &t) < 0) {
		fail(e, c);
		goto done;
	}
	iop = sf_xml_prop(inst, "operation");
	ts.pattern = pv[0];
	ts.flags = (flag_from(beh, "multiline", 1) ? SF_RE_MULTILINE : 0) |
	           (flag_from(beh, "singleline", 0) ? SF_RE_DOTALL : 0) |
	           (flag_from(beh, "ignore_case", 0) ? SF_RE_CASELESS : 0);
	ts.iop = sf_operation_parse(iop);
	ts.instance = iv[0];
	for (i = 0; i < t.n; i++)
		if (scan_file(e, c, &t.v[i], &ts) < 0) {
			fail(e, c);
			goto done;
		}
	if (c->nitems)
		c->flag = SF_FLAG_COMPLETE;
done:
	targets_release(&t);
	free(pv);
	free(iv);
	free(iop);
}

void sf_engine_collect_file(sf_oval_engine *e, sf_node *o)
{
	sf_collected *c = &o->collected;
	targets t = {NULL, 0, 0};
	struct stat st;
	size_t i;

	c->flag = SF_FLAG_DOES_NOT_EXIST;
	if (object_targets(e, o->node, 0, &t) < 0) {
		fail(e, c);
		goto done;
	}
	for (i = 0; i < t.n; i++) {
		const target *x = &t.v[i];
		sf_item *it;

		/* a folder named by the object is reached as the system
		 * resolves it; a file is itself, link or not */
		if ((x->name ? lstat(x->full, &st) : stat(x->full, &st)) < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			sf_engine_problem(e, "cannot examine '%s': %s", x->full,
			                  strerror(errno));
			fail(e, c);
			goto done;
		}
		if (!x->name && !S_ISDIR(st.st_mode))
			continue; /* the object is a folder: not this */
		it = sf_collected_add_item(c);
		if (x->name) {
			sf_item_add_entity(e->pool, it, "filepath", x->full);
			sf_item_add_entity(e->pool, it, "path", x->dir);
			sf_item_add_entity(e->pool, it, "filename", x->name);
		} else {
			sf_item_add_entity(e->pool, it, "path", x->dir);
			sf_item_add_nil(e->pool, it, "filename");
		}
		sf_item_add_entity(e->pool, it, "type", sf_engine_file_type(st.st_mode));
	}
	if (c->nitems)
		c->flag = SF_FLAG_COMPLETE;
done:
	targets_release(&t);
}
