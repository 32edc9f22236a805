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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"

/* Capture groups reported as subexpressions of a textfilecontent item. */
#define MAX_GROUPS 32
/* The most read of a file that states no size (procfs, sysfs): those
 * are read, not mapped. */
#define MAX_UNSIZED (16u << 20)

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

/* A file type as the unix file_item's type entity names it. */
static const char *type_name(mode_t m)
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

/* Files up to this size are read, not mapped. */
#define SMALL_FILE (64 * 1024)

/* A file's text: 1 with *data and *len (*mapped: 1 a mapping, 2 a
 * buffer to free), 0 when there is no file, -1 (problem set) when it is
 * there and cannot be read. */
static int load(sf_oval_engine *e, const char *path, const char **data,
                size_t *len, int *mapped)
{
	const char *where = sf_engine_where(e, path);
	/* not blocking on a fifo: its type is refused below */
	int fd = open(where, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	sf_buf b = SF_BUF_INIT;
	struct stat st;
	ssize_t got;
	void *map;

	*data = "";
	*len = 0;
	*mapped = 0;
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (fd < 0 || fstat(fd, &st) < 0) {
		sf_engine_problem(e, "cannot read '%s': %s", path,
		                  strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		sf_engine_problem(e,
		                  "cannot read '%s': it is a %s, not a regular "
		                  "file",
		                  path, type_name(st.st_mode));
		close(fd);
		return -1;
	}
	if (st.st_size > SMALL_FILE) {
		/* mapped, not read: an anchored pattern touches one page */
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
		           0);
		close(fd);
		if (map == MAP_FAILED) {
			sf_engine_problem(e, "cannot read '%s': %s", path,
			                  strerror(errno));
			return -1;
		}
		*data = map;
		*len = (size_t)st.st_size;
		*mapped = 1;
		return 1;
	}
	/* small, or no size stated: read to the end (for a few pages, a
	 * mapping costs more than the copy) */
	do {
		sf_buf_grow(&b, 4096);
		got = read(fd, b.ptr + b.len, b.size - b.len - 1);
		if (got > 0)
			b.len += (size_t)got;
	} while ((got > 0 || (got < 0 && errno == EINTR)) &&
	         b.len <= MAX_UNSIZED);
	if (got < 0 || b.len > MAX_UNSIZED) {
		sf_engine_problem(e, "cannot read '%s': %s", path,
		                  got < 0 ? strerror(errno)
		                          : "larger than scapforge reads");
		close(fd);
		sf_buf_release(&b);
		return -1;
	}
	close(fd);
	*len = b.len;
	*data = sf_buf_detach(&b);
	*mapped = 2;
	return 1;
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
	size_t off = 0, s, u, ov[2 * (MAX_GROUPS + 1)], ng, len, g;
	const char *data;
	int mapped, m, rc = load(e, t->full, &data, &len, &mapped);
	long n = 0;

	if (rc <= 0)
		return rc;
	while ((m = sf_regex_search_groups(ts->pattern, ts->flags, data, len,
	                                   off, ov, MAX_GROUPS + 1, &ng)) ==
	       1) {
		char num[32], *text;
		sf_item *it;

		s = ov[0];
		u = ov[1];
		snprintf(num, sizeof(num), "%ld", ++n);
		if (sf_entity_compare(SF_DT_INT, ts->iop, num, ts->instance) ==
		    SF_OVAL_TRUE) {
			it = sf_collected_add_item(c);
			sf_item_add_entity(e->pool, it, "filepath", t->full);
			sf_item_add_entity(e->pool, it, "path", t->dir);
			sf_item_add_entity(e->pool, it, "filename", t->name);
			sf_item_add_entity(e->pool, it, "pattern", ts->pattern);
			sf_item_add_entity(e->pool, it, "instance", num);
			text = sf_xstrndup(data + s, u - s);
			sf_item_add_entity(e->pool, it, "text", text);
			free(text);
			/* each capture group; one that took no part matched
			 * nothing */
			for (g = 1; g <= ng; g++) {
				size_t a = ov[2 * g], b = ov[2 * g + 1];

				text = a == SF_RE_UNSET
				           ? sf_xstrdup("")
				           : sf_xstrndup(data + a, b - a);
				sf_item_add_entity(e->pool, it, "subexpression", text);
				free(text);
			}
		}
		off = u > s ? u : u + 1;
		if (off > len)
			break;
	}
	if (mapped == 1)
		munmap((void *)data, len);
	else if (mapped == 2)
		free((void *)data);
	if (m < 0) {
		sf_engine_problem(e, "the pattern is not a valid regular "
		                     "expression");
		return -1;
	}
	return 0;
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
		sf_item_add_entity(e->pool, it, "type", type_name(st.st_mode));
	}
	if (c->nitems)
		c->flag = SF_FLAG_COMPLETE;
done:
	targets_release(&t);
}
