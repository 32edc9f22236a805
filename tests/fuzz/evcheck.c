/* The fuzz targets' invariants of the evidence filter (evcheck.h). The
 * written file is read back with the JSON reader only: which keys are
 * watched, how Go folds them and what a mode resolves to are written
 * here again, on purpose, rather than taken from src/collect. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evcheck.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/jsonread.h"
#include "util/sha256.h"

void sf_fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: invariant failed: %s\n(last error: %s)\n",
	        file, line, what, sf_error_last());
	abort();
}

static char dir[] = "/tmp/sf-fuzz.XXXXXX";

static void dir_remove(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	sf_buf p = SF_BUF_INIT;

	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sf_buf_clear(&p);
		sf_buf_printf(&p, "%s/%s", dir, e->d_name);
		unlink(sf_buf_cstr(&p));
	}
	if (d)
		closedir(d);
	rmdir(dir);
	sf_buf_release(&p);
}

const char *sf_fuzz_dir(void)
{
	static int made;

	if (!made) {
		if (!mkdtemp(dir))
			abort();
		atexit(dir_remove);
		made = 1;
	}
	return dir;
}

void sf_fuzz_check_listing(const char *folder, const char *const *names,
                           size_t n)
{
	DIR *d = opendir(folder);
	struct dirent *e;
	size_t seen = 0, i;

	SF_FUZZ_CHECK(d != NULL);
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		for (i = 0; i < n && strcmp(names[i], e->d_name); i++)
			;
		if (i == n)
			fprintf(stderr, "left in %s: %s\n", folder, e->d_name);
		SF_FUZZ_CHECK(i < n);
		seen++;
	}
	closedir(d);
	SF_FUZZ_CHECK(seen == n);
}

int sf_fuzz_go_same_key(const char *key, size_t len, const char *name)
{
	size_t i = 0;

	for (; *name; name++) {
		char c = *name >= 'A' && *name <= 'Z' ? *name + 32 : *name;
		char k = i < len && key[i] >= 'A' && key[i] <= 'Z' ? key[i] + 32
		         : i < len                                ? key[i]
		                                                  : '\0';

		if (i < len && k == c) {
			i++;
		} else if (c == 's' && len - i >= 2 &&
		           !memcmp(key + i, "\xC5\xBF", 2)) {
			i += 2;
		} else if (c == 'k' && len - i >= 3 &&
		           !memcmp(key + i, "\xE2\x84\xAA", 3)) {
			i += 3;
		} else {
			return 0;
		}
	}
	return i == len;
}

const char *sf_fuzz_direct_effective(sf_ns_kind k, const char *mode)
{
	if (!strcmp(mode, k == SF_NS_PID ? "ns:/proc/1/ns/pid"
	                                 : "ns:/proc/1/ns/ipc"))
		return "host";
	if (!strncmp(mode, "ns:", 3))
		return "unresolved";
	return mode;
}

/* Keys read by the checks, by the object they are read from. */
static const char *const container_keys[] = {
    "Id",     "Name",       "Image",    "Path",      "Args",
    "Config", "HostConfig", "Platform", "Scapforge", NULL};
static const char *const hostconfig_keys[] = {"PidMode", "IpcMode", NULL};
static const char *const config_keys[] = {"Image", "Env", NULL};
static const char *const scapforge_keys[] = {"EffectivePidMode",
                                             "EffectiveIpcMode", NULL};

/* Levels whose keys matter: the array, a container, its members'
 * values, Config.Env. */
#define LEVELS 4

typedef struct level {
	int is_map;
	int has_key;
	sf_buf key;
	unsigned seen;
} level;

typedef struct walk {
	const sf_evidence *ev;
	int keep_env;
	level lv[LEVELS];
	size_t depth, n;
	char *id, *mode[SF_NS_KINDS], *eff[SF_NS_KINDS];
	int scapforge;
} walk;

/* The key under which the value at depth d+1 stands, or NULL. */
static const char *key_of(const walk *w, size_t d)
{
	const level *l;

	if (d == 0 || d > w->depth || d > LEVELS)
		return NULL;
	l = &w->lv[d - 1];
	return l->is_map && l->has_key ? l->key.ptr : NULL;
}

static int is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

static const char *const *watched(const walk *w)
{
	if (w->depth == 2)
		return container_keys;
	if (w->depth != 3)
		return NULL;
	if (is(key_of(w, 2), "HostConfig"))
		return hostconfig_keys;
	if (is(key_of(w, 2), "Config"))
		return config_keys;
	if (is(key_of(w, 2), "Scapforge"))
		return scapforge_keys;
	return NULL;
}

static void on_key(walk *w, const sf_jtok *t)
{
	const char *const *list = watched(w);
	level *l = w->depth <= LEVELS ? &w->lv[w->depth - 1] : NULL;
	size_t i, found = 0;

	if (l) {
		sf_buf_clear(&l->key);
		sf_buf_put(&l->key, t->text, t->len);
		l->has_key = 1;
	}
	for (i = 0; list && list[i]; i++) {
		if (!sf_fuzz_go_same_key(t->text, t->len, list[i]))
			continue;
		found = 1;
		/* another spelling, or twice: the filter had to refuse */
		SF_FUZZ_CHECK(!strcmp(t->text, list[i]));
		SF_FUZZ_CHECK(!(l->seen & (1u << i)));
		l->seen |= 1u << i;
	}
	if (list == scapforge_keys)
		SF_FUZZ_CHECK(found);
}

static void on_value(walk *w, const sf_jtok *t)
{
	const char *k0 = key_of(w, 2), *k1 = key_of(w, 3);
	int k, str = t->kind == SF_JTOK_STRING;

	if (w->depth == 0)
		SF_FUZZ_CHECK(t->kind == SF_JTOK_ARRAY);
	if (w->depth == 1)
		SF_FUZZ_CHECK(t->kind == SF_JTOK_OBJECT);
	if (w->depth == 2 && is(k0, "Id")) {
		SF_FUZZ_CHECK(str);
		w->id = strdup(t->text);
	}
	if (w->depth == 2 && (is(k0, "Scapforge") || is(k0, "HostConfig") ||
	                      is(k0, "Config")))
		SF_FUZZ_CHECK(t->kind == SF_JTOK_OBJECT);
	if (w->depth == 2 && is(k0, "Scapforge"))
		w->scapforge++;
	for (k = 0; w->depth == 3 && k < SF_NS_KINDS; k++) {
		if (is(k0, "HostConfig") &&
		    is(k1, k == SF_NS_PID ? "PidMode" : "IpcMode")) {
			SF_FUZZ_CHECK(str);
			w->mode[k] = strdup(t->text);
		}
		if (is(k0, "Scapforge") && is(k1, scapforge_keys[k])) {
			SF_FUZZ_CHECK(str);
			w->eff[k] = strdup(t->text);
		}
	}
	if (w->depth == 4 && !w->keep_env && str && is(k0, "Config") &&
	    is(k1, "Env") && !w->lv[3].is_map && strchr(t->text, '='))
		SF_FUZZ_CHECK(
		    !strcmp(strchr(t->text, '=') + 1, SF_EVIDENCE_REDACTED));
}

static int is_joiner(const char *mode)
{
	return !strncmp(mode, "container:", 10);
}

/* The file's container n against what the filter says of it. */
static void container_done(walk *w)
{
	const sf_container *c;
	int k, has_mode = 0;

	SF_FUZZ_CHECK(w->n < w->ev->nassessed);
	c = &w->ev->assessed[w->n++];
	SF_FUZZ_CHECK(w->id && !strcmp(w->id, c->id));
	for (k = 0; k < SF_NS_KINDS; k++) {
		SF_FUZZ_CHECK(!w->mode[k] == !c->ns[k].mode);
		SF_FUZZ_CHECK(!w->mode[k] || !strcmp(w->mode[k], c->ns[k].mode));
		SF_FUZZ_CHECK(!w->eff[k] == !c->ns[k].mode);
		if (w->eff[k])
			SF_FUZZ_CHECK(!strcmp(w->eff[k], c->ns[k].effective));
		has_mode |= c->ns[k].mode != NULL;
	}
	SF_FUZZ_CHECK(w->scapforge == has_mode);
	free(w->id);
	w->id = NULL;
	for (k = 0; k < SF_NS_KINDS; k++) {
		free(w->mode[k]);
		free(w->eff[k]);
		w->mode[k] = w->eff[k] = NULL;
	}
	w->scapforge = 0;
}

static void walk_file(const char *path, int keep_env, const sf_evidence *ev)
{
	FILE *f = fopen(path, "rb");
	sf_jsonread r;
	sf_jtok t;
	walk w;
	size_t i;

	SF_FUZZ_CHECK(f != NULL);
	memset(&w, 0, sizeof(w));
	w.ev = ev;
	w.keep_env = keep_env;
	sf_jsonread_init(&r, f, path);
	for (;;) {
		SF_FUZZ_CHECK(sf_jsonread_next(&r, &t) == 0);
		if (t.kind == SF_JTOK_END)
			break;
		if (t.kind == SF_JTOK_KEY) {
			on_key(&w, &t);
			continue;
		}
		if (t.kind == SF_JTOK_OBJECT_END || t.kind == SF_JTOK_ARRAY_END) {
			if (w.depth == 2)
				container_done(&w);
			w.depth--;
			if (w.depth && w.depth <= LEVELS)
				w.lv[w.depth - 1].has_key = 0;
			continue;
		}
		on_value(&w, &t);
		if (w.depth && w.depth <= LEVELS && t.kind != SF_JTOK_OBJECT &&
		    t.kind != SF_JTOK_ARRAY)
			w.lv[w.depth - 1].has_key = 0;
		if (t.kind == SF_JTOK_OBJECT || t.kind == SF_JTOK_ARRAY) {
			if (++w.depth <= LEVELS) {
				level *l = &w.lv[w.depth - 1];

				l->is_map = t.kind == SF_JTOK_OBJECT;
				l->has_key = 0;
				l->seen = 0;
			}
		}
	}
	SF_FUZZ_CHECK(w.depth == 0 && w.n == ev->nassessed);
	sf_jsonread_release(&r);
	fclose(f);
	for (i = 0; i < LEVELS; i++)
		sf_buf_release(&w.lv[i].key);
}

/* Every container with a mode has its effective mode, as defined. */
static void check_resolved(const sf_container *c, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < SF_NS_KINDS; k++) {
			const sf_nsmode *m = &c[i].ns[k];

			if (!m->mode) {
				SF_FUZZ_CHECK(!m->effective);
				continue;
			}
			SF_FUZZ_CHECK(m->effective != NULL);
			if (is_joiner(m->mode))
				SF_FUZZ_CHECK(is(m->effective, "host") ||
				              is(m->effective, "container") ||
				              is(m->effective, "unresolved"));
			else
				SF_FUZZ_CHECK(is(m->effective,
				                 sf_fuzz_direct_effective(
				                     (sf_ns_kind)k, m->mode)));
		}
	}
}

static void check_file(const char *path, int keep_env, const sf_evidence *ev,
                       sf_buf *text)
{
	sf_sha256 s;
	char hex[65];

	SF_FUZZ_CHECK(sf_file_read(path, text) == 0);
	sf_sha256_init(&s);
	sf_sha256_update(&s, text->ptr, text->len);
	sf_sha256_hex(&s, hex);
	SF_FUZZ_CHECK(!strcmp(hex, ev->sha256));
	walk_file(path, keep_env, ev);
	check_resolved(ev->assessed, ev->nassessed);
	check_resolved(ev->excluded, ev->nexcluded);
}

void sf_fuzz_check_written(const char *out_path, const char *exclude,
                           int keep_env, const sf_evidence *ev)
{
	sf_buf first = SF_BUF_INIT, again = SF_BUF_INIT, path = SF_BUF_INIT;
	sf_evidence ev2;
	sf_evidence_opts eo;
	size_t i;
	int k, rc;

	check_file(out_path, keep_env, ev, &first);
	sf_buf_printf(&path, "%s.again", out_path);
	memset(&eo, 0, sizeof(eo));
	eo.exclude = exclude;
	eo.keep_env = keep_env;
	rc = sf_evidence_read(out_path, path.ptr, &eo, &ev2);
	if (rc < 0 && ev->nexcluded && strstr(sf_error_last(), "in a cycle")) {
		/* the file lacks the excluded donors: an ID prefix that an
		 * excluded container made ambiguous may now name the joiner
		 * itself (its own mode was resolved with every donor) */
		sf_buf_release(&first);
		sf_buf_release(&path);
		return;
	}
	SF_FUZZ_CHECK(rc == 0);
	SF_FUZZ_CHECK(ev2.nassessed == ev->nassessed && ev2.nexcluded == 0);
	check_file(path.ptr, keep_env, &ev2, &again);
	if (!ev->nexcluded) {
		/* nothing left out: the same donors, the same file */
		SF_FUZZ_CHECK(first.len == again.len &&
		              !memcmp(first.ptr, again.ptr, first.len));
		for (i = 0; i < ev->nassessed; i++)
			for (k = 0; k < SF_NS_KINDS; k++)
				SF_FUZZ_CHECK(
				    !ev->assessed[i].ns[k].mode ||
				    is(ev->assessed[i].ns[k].effective,
				       ev2.assessed[i].ns[k].effective));
	}
	unlink(path.ptr);
	sf_evidence_release(&ev2);
	sf_buf_release(&first);
	sf_buf_release(&again);
	sf_buf_release(&path);
}
