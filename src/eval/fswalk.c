/*
 * The folders and files the path and filename entities of a file object
 * select (selector.c). A path pattern is matched against whole folder
 * paths by walking the file system from the folder every match must lie
 * under (what the pattern spells out after its ^, up to its last /, as
 * the system resolves it), going into a folder only while PCRE2's
 * partial matching says something below it may still match, never
 * through a symbolic link met on the way, and no deeper than
 * WALK_MAX_DEPTH levels. A folder that cannot be listed on the way, or a
 * walk that would have to go deeper, is an error: a folder left out
 * could hide a finding.
 */
#define _DEFAULT_SOURCE /* d_type, DT_* */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "eval/engine_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/pattern.h"

#define WALK_MAX_DEPTH 32
/* Folders one walk may look at: past this, the pattern is too loose to
 * be what its author meant. */
#define WALK_MAX_DIRS 1000000

typedef struct strvec {
	char **v;
	size_t n, alloc;
} strvec;

static int strvec_has(const strvec *s, const char *str)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return 1;
	return 0;
}

static void strvec_push(strvec *s, const char *str)
{
	s->v = sf_xgrow(s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = sf_xstrdup(str);
}

typedef struct entry {
	char *name;
	unsigned char type; /* d_type: DT_UNKNOWN where the file system
	                       does not say */
} entry;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static void entries_free(entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* The entries of folder dir but . and .., sorted so that items come in
 * the same order on every run: 0, or -errno. */
static int list_dir(const char *dir, entry **out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t alloc = 0;
	int err;

	*out = NULL;
	*n = 0;
	if (!d)
		return -errno;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		*out = sf_xgrow(*out, &alloc, *n + 1, sizeof(**out));
		(*out)[*n].name = sf_xstrdup(de->d_name);
		(*out)[(*n)++].type = de->d_type;
	}
	err = errno;
	closedir(d);
	if (err) {
		entries_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -err;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), by_name);
	return 0;
}

/* path/name (path "/" gives "/name"). */
static void join(sf_buf *b, const char *path, const char *name)
{
	sf_buf_clear(b);
	sf_buf_puts(b, path);
	if (!b->len || b->ptr[b->len - 1] != '/')
		sf_buf_putc(b, '/');
	sf_buf_puts(b, name);
}

/* What an entry is, by lstat when readdir did not say: 1 a folder, 0
 * anything else or gone, -1 (the engine's problem set) unknowable. */
static int entry_is_dir(sf_oval_engine *e, const char *path, unsigned char type)
{
	struct stat st;

	if (type != DT_UNKNOWN)
		return type == DT_DIR;
	if (lstat(path, &st) == 0)
		return S_ISDIR(st.st_mode);
	if (errno == ENOENT)
		return 0; /* gone since it was listed */
	sf_engine_problem(e, "cannot examine '%s': %s", path, strerror(errno));
	return -1;
}

typedef struct walk {
	sf_oval_engine *e;
	const sf_pattern *re;
	const char *text;
	strvec *found;
	int dedupe; /* found holds another pattern's folders */
	size_t seen;
} walk;

/* Looks at the folders in dir, depth levels below where the walk began,
 * and goes into those below which a match may lie. */
static int walk_below(walk *w, const char *dir, int depth)
{
	sf_buf child = SF_BUF_INIT;
	entry *ents;
	size_t n, i;
	int rc, m;

	rc = list_dir(dir, &ents, &n);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0; /* not there (or gone since it was listed) */
	if (rc < 0) {
		sf_engine_problem(w->e, "cannot list the folder '%s': %s", dir,
		                  strerror(-rc));
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		join(&child, dir, ents[i].name);
		m = entry_is_dir(w->e, child.ptr, ents[i].type);
		if (m <= 0) {
			rc = m;
			continue;
		}
		if (++w->seen > WALK_MAX_DIRS) {
			sf_engine_problem(
			    w->e,
			    "the path pattern '%s' makes a walk of "
			    "more than %d folders",
			    w->text, WALK_MAX_DIRS);
			rc = -1;
			break;
		}
		m = sf_pattern_match(w->re, child.ptr, child.len);
		if (m == 1 && !(w->dedupe && strvec_has(w->found, child.ptr)))
			strvec_push(w->found, child.ptr);
		if (m >= 0) {
			sf_buf_putc(&child, '/');
			m = sf_pattern_may_match(w->re, child.ptr, child.len);
			child.ptr[--child.len] = '\0';
		}
		if (m < 0) {
			sf_engine_problem(w->e, "%s", sf_error_last());
			rc = -1;
		} else if (m == 1 && depth + 1 >= WALK_MAX_DEPTH) {
			sf_engine_problem(w->e,
			                  "the path pattern '%s' may match "
			                  "folders more than %d levels down; "
			                  "scapforge walks no deeper",
			                  w->text, WALK_MAX_DEPTH);
			rc = -1;
		} else if (m == 1) {
			rc = walk_below(w, child.ptr, depth + 1);
		}
	}
	entries_free(ents, n);
	sf_buf_release(&child);
	return rc;
}

/* Whether a pattern has an alternative at its top level, or a construct
 * that could hide one from this reading (quoted text, comments). */
static int may_branch(const char *p)
{
	int depth = 0;

	if (strstr(p, "\\Q") || strstr(p, "(?#"))
		return 1;
	for (; *p; p++) {
		if (*p == '\\') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			/* a class: ] first is a member, so are [:name:] */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '[' && p[1] == ':' &&
				         strstr(p + 2, ":]"))
					p = strstr(p + 2, ":]") + 1;
				p++;
			}
			if (!*p)
				return 1;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (depth)
				depth--;
		} else if (*p == '|' && !depth) {
			return 1;
		}
	}
	return 0;
}

/* Where a walk for an anchored pattern starts: the folder that every
 * match lies under, read from the literal text after a leading ^ (\. and
 * the like unescaped) up to its last /; "/" when in doubt. */
static char *walk_start(const char *pat)
{
	sf_buf lit = SF_BUF_INIT;
	const char *p;
	size_t atom = 0;
	char *slash, *start;

	if (pat[0] != '^' || may_branch(pat))
		return sf_xstrdup("/");
	for (p = pat + 1; *p;) {
		size_t before = lit.len;

		if (*p == '\\') {
			/* \d, \w, \A, \1...: not one literal character */
			if (!p[1] || (p[1] >= '0' && p[1] <= '9') ||
			    (p[1] >= 'a' && p[1] <= 'z') ||
			    (p[1] >= 'A' && p[1] <= 'Z'))
				break;
			sf_buf_putc(&lit, p[1]);
			p += 2;
		} else if (strchr(".^$|()[]{}*+?", *p)) {
			break;
		} else {
			sf_buf_putc(&lit, *p++);
		}
		atom = before;
	}
	/* a quantifier makes the character before it optional or repeated */
	if (*p && strchr("*+?{", *p) && lit.len) {
		lit.len = atom;
		lit.ptr[lit.len] = '\0';
	}
	slash = lit.len && lit.ptr[0] == '/' ? strrchr(lit.ptr, '/') : NULL;
	start = slash && slash > lit.ptr
	            ? sf_xstrndup(lit.ptr, (size_t)(slash - lit.ptr))
	            : sf_xstrdup("/");
	sf_buf_release(&lit);
	return start;
}

/* Every folder the pattern re (text) matches, into found. */
static int walk_pattern(sf_oval_engine *e, const sf_pattern *re,
                        const char *text, strvec *found, int dedupe)
{
	sf_buf sub = SF_BUF_INIT;
	struct stat st;
	char *start;
	walk w;
	int rc = 0, m;

	if (!sf_pattern_anchored(re)) {
		sf_engine_problem(
		    e,
		    "the path pattern '%s' does not begin with ^: "
		    "scapforge walks the file system only from "
		    "where a pattern starts",
		    text);
		return -1;
	}
	start = walk_start(text);
	memset(&w, 0, sizeof(w));
	w.e = e;
	w.re = re;
	w.text = text;
	w.found = found;
	w.dedupe = dedupe;
	/* the start is spelled out by the pattern: reached as the system
	 * resolves it, links and all */
	if (stat(start, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR) {
			sf_engine_problem(e, "cannot reach the folder '%s': %s",
			                  start, strerror(errno));
			rc = -1;
		}
	} else if (S_ISDIR(st.st_mode)) {
		sf_buf_puts(&sub, start);
		m = sf_pattern_match(re, sub.ptr, sub.len);
		if (m == 1 && !(dedupe && strvec_has(found, sub.ptr)))
			strvec_push(found, sub.ptr);
		if (m >= 0) {
			if (sub.ptr[sub.len - 1] != '/')
				sf_buf_putc(&sub, '/');
			m = sf_pattern_may_match(re, sub.ptr, sub.len);
		}
		if (m < 0) {
			sf_engine_problem(e, "%s", sf_error_last());
			rc = -1;
		} else if (m == 1) {
			rc = walk_below(&w, start, 0);
		}
	}
	sf_buf_release(&sub);
	free(start);
	return rc;
}

int sf_engine_path_dirs(sf_oval_engine *e, xmlNodePtr path, char ***out,
                        size_t *n)
{
	strvec found = {NULL, 0, 0}, kept = {NULL, 0, 0};
	sf_selector sel;
	size_t i, nwalk;
	int rc = 0, m;

	*out = NULL;
	*n = 0;
	if (sf_selector_init(e, path, &sel) < 0)
		return -1;
	if (sel.check == SF_OP_NONE) {
		/* every folder but some: no walk can list them */
		sf_engine_problem(e, "the path var_check 'none satisfy' is not "
		                     "supported");
		sf_selector_release(&sel);
		return -1;
	}
	/* the candidates: the values, or what a pattern matches (a folder
	 * that must match all matches the first) */
	nwalk = sel.check == SF_OP_AND && sel.n ? 1 : sel.n;
	for (i = 0; i < nwalk && rc == 0; i++) {
		if (!sel.pattern) {
			if (!strvec_has(&found, sel.vals[i]))
				strvec_push(&found, sel.vals[i]);
		} else {
			rc = walk_pattern(e, sel.res[i], sel.vals[i], &found,
			                  i > 0);
		}
	}
	for (i = 0; i < found.n && rc == 0; i++) {
		m = sf_selector_test(e, &sel, found.v[i], strlen(found.v[i]));
		if (m < 0)
			rc = -1;
		else if (m)
			strvec_push(&kept, found.v[i]);
	}
	sf_strings_free(found.v, found.n);
	sf_selector_release(&sel);
	if (rc < 0) {
		sf_strings_free(kept.v, kept.n);
		return -1;
	}
	*out = kept.v;
	*n = kept.n;
	return 0;
}

int sf_engine_dir_names(sf_oval_engine *e, const char *dir,
                        const sf_selector *sel, int files, char ***out,
                        size_t *n)
{
	sf_buf child = SF_BUF_INIT;
	strvec names = {NULL, 0, 0};
	struct stat st;
	entry *ents;
	size_t ne, i;
	int rc, m = 0;

	*out = NULL;
	*n = 0;
	rc = list_dir(dir, &ents, &ne);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	if (rc < 0) {
		sf_engine_problem(e, "cannot list the folder '%s': %s", dir,
		                  strerror(-rc));
		return -1;
	}
	for (i = 0; i < ne && rc == 0; i++) {
		unsigned char t = ents[i].type;
		int want;

		m = sf_selector_test(e, sel, ents[i].name,
		                     strlen(ents[i].name));
		if (m < 0) {
			rc = -1;
			break;
		}
		if (!m)
			continue;
		if (files ? t == DT_REG : (t != DT_DIR && t != DT_UNKNOWN)) {
			want = 1;
		} else if (files ? t != DT_LNK && t != DT_UNKNOWN
		                 : t == DT_DIR) {
			want = 0;
		} else {
			/* a file: a link to a regular file is one */
			join(&child, dir, ents[i].name);
			if ((files ? stat(child.ptr, &st)
			           : lstat(child.ptr, &st)) == 0) {
				want = files ? S_ISREG(st.st_mode)
				             : !S_ISDIR(st.st_mode);
			} else if (errno == ENOENT) {
				want = 0; /* gone, or a dangling link */
			} else {
				sf_engine_problem(e, "cannot examine '%s': %s",
				                  child.ptr, strerror(errno));
				rc = -1;
				break;
			}
		}
		if (want)
			strvec_push(&names, ents[i].name);
	}
	entries_free(ents, ne);
	sf_buf_release(&child);
	if (rc < 0) {
		sf_strings_free(names.v, names.n);
		return -1;
	}
	*out = names.v;
	*n = names.n;
	return 0;
}
