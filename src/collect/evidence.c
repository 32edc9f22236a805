#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "collect/evfile.h"
#include "collect/evidence.h"
#include "collect/psline.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/pattern.h"
#include "util/jsonread.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/sha256.h"

/* What the container being read says about itself. */
typedef struct facts {
	char *id, *name, *image, *config_image, *path, *platform;
	sf_buf args;
	size_t line; /* where the container starts */
	int has_hostconfig;
	sf_nsmode ns[SF_NS_KINDS];
	size_t slot[SF_NS_KINDS]; /* offset in the copy of an unresolved
	                             mode, or 0 */
} facts;

typedef struct frame {
	int is_map;
	int expecting_key;
	int has_key;
	size_t count;
	unsigned seen; /* the watched keys met in this object */
	sf_buf key;
} frame;

typedef struct filter {
	const char *name;
	sf_ypath_walker *walker;
	sf_pattern *re;
	int keep_env;
	const char *engine_os;
	sf_evidence *ev;
	sf_evfile out;  /* the assessed containers */
	sf_evfile excl; /* the excluded ones, when asked for */
	int with_excl;
	sf_jsonread r;
	frame *stack;
	size_t depth, alloc;
	size_t element_depth; /* depth of a container's object */
	int root_seq;
	size_t skip; /* open levels of a skipped value, plus one */
	int joiners;
	sf_buf elem, scratch;
	facts f;
} filter;

enum want { ANY, STRING, OBJECT, ARRAY_OR_NULL };

/* Keys the checks and the exclusion read, in each object they are read
 * from; Docker's spelling. */
static const char *const container_keys[] = {
    "Id",     "Name",       "Image",    "Path",      "Args",
    "Config", "HostConfig", "Platform", "Scapforge", NULL};
static const char *const hostconfig_keys[] = {"PidMode", "IpcMode", NULL};
static const char *const config_keys[] = {"Image", "Env", NULL};

static void facts_release(facts *f)
{
	int k;

	free(f->id);
	free(f->name);
	free(f->image);
	free(f->config_image);
	free(f->path);
	free(f->platform);
	sf_buf_release(&f->args);
	for (k = 0; k < SF_NS_KINDS; k++)
		sf_nsmode_release(&f->ns[k]);
	memset(f, 0, sizeof(*f));
}

static frame *top(filter *fl)
{
	return fl->depth ? &fl->stack[fl->depth - 1] : NULL;
}

/* The key under which the node at the current depth stands, relative to
 * the container: level 0 is a key of the container itself. */
static const char *key_at(const filter *fl, size_t level)
{
	size_t d = fl->element_depth + level;

	if (d > fl->depth || !fl->stack[d - 1].has_key)
		return NULL;
	return fl->stack[d - 1].key.ptr;
}

static int is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

static size_t container_number(const filter *fl)
{
	return fl->ev->nassessed + fl->ev->nexcluded + 1;
}

/* Separators before a node inside a container (not before the
 * container itself, which starts a fresh buffer). */
static void before_node(filter *fl)
{
	frame *p = top(fl);

	if (fl->depth < fl->element_depth)
		return;
	if (p->is_map && !p->expecting_key)
		sf_buf_putc(&fl->elem, ':');
	else if (p->count)
		sf_buf_putc(&fl->elem, ',');
}

static void after_node(filter *fl)
{
	frame *p = top(fl);

	if (!p)
		return;
	if (p->is_map && p->expecting_key) {
		p->expecting_key = 0;
		return;
	}
	if (p->is_map) {
		p->has_key = 0;
		p->expecting_key = 1;
	}
	p->count++;
}

/* What Docker writes at the current place, for the fields read. */
static enum want wanted(const filter *fl)
{
	size_t level;
	const frame *p = fl->depth ? &fl->stack[fl->depth - 1] : NULL;
	const char *k, *k0;

	if (!p || fl->depth < fl->element_depth)
		return ANY;
	level = fl->depth - fl->element_depth;
	k = p->has_key ? p->key.ptr : NULL;
	k0 = key_at(fl, 0);
	if (p->is_map && level == 0) {
		if (is(k, "Id") || is(k, "Name") || is(k, "Image") ||
		    is(k, "Path") || is(k, "Platform"))
			return STRING;
		if (is(k, "Config") || is(k, "HostConfig"))
			return OBJECT;
		return is(k, "Args") ? ARRAY_OR_NULL : ANY;
	}
	if (p->is_map && level == 1 && is(k0, "HostConfig"))
		return is(k, "PidMode") || is(k, "IpcMode") ? STRING : ANY;
	if (p->is_map && level == 1 && is(k0, "Config"))
		return is(k, "Image") ? STRING
		       : is(k, "Env") ? ARRAY_OR_NULL
		                      : ANY;
	if (!p->is_map && level == 1 && is(k0, "Args"))
		return STRING;
	if (!p->is_map && level == 2 && is(k0, "Config") &&
	    is(key_at(fl, 1), "Env"))
		return STRING;
	return ANY;
}

static const char *kind_name(sf_jtok_kind k)
{
	switch (k) {
	case SF_JTOK_OBJECT:
		return "an object";
	case SF_JTOK_ARRAY:
		return "an array";
	case SF_JTOK_STRING:
		return "a string";
	case SF_JTOK_NUMBER:
		return "a number";
	case SF_JTOK_TRUE:
	case SF_JTOK_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* "HostConfig.PidMode", "Args[]": where the current node stands. */
static const char *place(filter *fl)
{
	size_t d;

	sf_buf_clear(&fl->scratch);
	for (d = fl->element_depth; d <= fl->depth; d++) {
		const frame *p = &fl->stack[d - 1];

		if (p->is_map && p->has_key)
			sf_buf_printf(&fl->scratch, "%s%s",
			              d > fl->element_depth ? "." : "", p->key.ptr);
		else if (!p->is_map)
			sf_buf_puts(&fl->scratch, "[]");
	}
	return sf_buf_cstr(&fl->scratch);
}

static int check_type(filter *fl, const sf_jtok *t)
{
	enum want w = wanted(fl);
	const char *docker;

	if (w == ANY || (w == STRING && t->kind == SF_JTOK_STRING) ||
	    (w == OBJECT && t->kind == SF_JTOK_OBJECT) ||
	    (w == ARRAY_OR_NULL &&
	     (t->kind == SF_JTOK_ARRAY || t->kind == SF_JTOK_NULL)))
		return 0;
	docker = w == STRING   ? "a string"
	         : w == OBJECT ? "an object"
	                       : "an array";
	return sf_error_set(
	    "container %zu of evidence '%s' (line %zu): '%s' at line %zu, column %zu is %s, where Docker writes %s",
	    container_number(fl), fl->name, fl->f.line, place(fl), t->line,
	    t->column, kind_name(t->kind), docker);
}

/* Whether Go's decoder reads key as name: it matches keys as
 * strings.EqualFold does, ASCII letters in either case and the two
 * letters that fold to ASCII ones, U+017F (long s) and U+212A (Kelvin
 * sign). */
static int go_same_key(const char *key, size_t len, const char *name)
{
	size_t i = 0;

	for (; *name; name++) {
		int c = *name | 0x20; /* name holds ASCII letters only */

		if (i < len && (key[i] | 0x20) == c)
			i++;
		else if (c == 's' && !strncmp(key + i, "\xC5\xBF", 2))
			i += 2;
		else if (c == 'k' && !strncmp(key + i, "\xE2\x84\xAA", 3))
			i += 3;
		else
			return 0;
	}
	return i == len;
}

/* A key the checks read must be spelt as Docker spells it, once. */
static int check_key(filter *fl, const sf_jtok *t)
{
	const char *const *watched = NULL;
	frame *p = top(fl);
	size_t level = fl->depth - fl->element_depth, i;

	if (fl->depth < fl->element_depth)
		return 0;
	if (level == 0)
		watched = container_keys;
	else if (level == 1 && is(key_at(fl, 0), "HostConfig"))
		watched = hostconfig_keys;
	else if (level == 1 && is(key_at(fl, 0), "Config"))
		watched = config_keys;
	for (i = 0; watched && watched[i]; i++) {
		if (!go_same_key(t->text, t->len, watched[i]))
			continue;
		if (strcmp(t->text, watched[i]) != 0)
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' at line %zu, column %zu is another spelling of '%s', which Docker reads as the same key",
			    container_number(fl), fl->name, fl->f.line, t->text,
			    t->line, t->column, watched[i]);
		if (p->seen & (1u << i))
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' appears twice (again at line %zu, column %zu), and Docker reads only the last",
			    container_number(fl), fl->name, fl->f.line, t->text,
			    t->line, t->column);
		p->seen |= 1u << i;
	}
	return 0;
}

static void note_fact(filter *fl, const char *v)
{
	facts *f = &fl->f;
	size_t level = fl->depth - fl->element_depth;
	const char *k0 = key_at(fl, 0), *k1 = key_at(fl, 1);
	char **dst = NULL;

	if (level == 0 && k0)
		dst = is(k0, "Id")      ? &f->id
		       : is(k0, "Name")  ? &f->name
		       : is(k0, "Image") ? &f->image
		       : is(k0, "Path")  ? &f->path
		       : is(k0, "Platform") ? &f->platform
		                         : NULL;
	else if (level == 1 && is(k0, "Args") && !top(fl)->is_map)
		sf_ps_command_add(&f->args, v);
	else if (level == 1 && is(k0, "Config") && is(k1, "Image"))
		dst = &f->config_image;
	else if (level == 1 && is(k0, "HostConfig") && is(k1, "PidMode"))
		dst = &f->ns[SF_NS_PID].mode;
	else if (level == 1 && is(k0, "HostConfig") && is(k1, "IpcMode"))
		dst = &f->ns[SF_NS_IPC].mode;
	if (dst && !*dst)
		*dst = sf_xstrdup(v);
}

/* Hands one token to the YAML path walker as the event libyaml would
 * have made of it. */
static int feed(filter *fl, yaml_event_type_t type, const sf_jtok *t)
{
	yaml_event_t ev;

	if (!fl->walker)
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	if (type == YAML_SCALAR_EVENT) {
		ev.data.scalar.value = (yaml_char_t *)t->text;
		ev.data.scalar.length = t->len;
		ev.data.scalar.style = t->kind == SF_JTOK_STRING ||
		                               t->kind == SF_JTOK_KEY
		                           ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
		                           : YAML_PLAIN_SCALAR_STYLE;
	}
	ev.start_mark.line = t->line - 1;
	ev.start_mark.column = t->column - 1;
	return sf_ypath_walker_feed(fl->walker, &ev, fl->name);
}

static int on_key(filter *fl, const sf_jtok *t)
{
	frame *p = top(fl);

	if (check_key(fl, t) < 0)
		return -1;
	if (fl->depth == fl->element_depth && !strcmp(t->text, "Scapforge")) {
		/* the input's own claim is replaced by what is resolved */
		fl->skip = 1;
		return 0;
	}
	before_node(fl);
	sf_buf_clear(&p->key);
	sf_buf_put(&p->key, t->text, t->len);
	p->has_key = 1;
	if (fl->depth >= fl->element_depth)
		sf_json_escape(&fl->elem, t->text, t->len);
	after_node(fl);
	return feed(fl, YAML_SCALAR_EVENT, t);
}

static int on_scalar(filter *fl, sf_jtok *t)
{
	const char *eq;

	if (!fl->depth)
		return sf_error_set(
		    "evidence '%s' holds a single value, not docker inspect output",
		    fl->name);
	if (fl->depth == 1 && fl->root_seq)
		return sf_error_set(
		    "item %zu of evidence '%s' (line %zu) is a value, not a container object",
		    fl->stack[0].count + 1, fl->name, t->line);
	if (check_type(fl, t) < 0)
		return -1;
	if (!fl->keep_env && t->kind == SF_JTOK_STRING &&
	    fl->depth == fl->element_depth + 2 &&
	    is(key_at(fl, 0), "Config") && is(key_at(fl, 1), "Env") &&
	    (eq = strchr(t->text, '=')) != NULL) {
		sf_buf_clear(&fl->scratch);
		sf_buf_put(&fl->scratch, t->text, (size_t)(eq - t->text) + 1);
		sf_buf_puts(&fl->scratch, SF_EVIDENCE_REDACTED);
		t->text = fl->scratch.ptr;
		t->len = fl->scratch.len;
	}
	before_node(fl);
	if (t->kind == SF_JTOK_STRING)
		sf_json_escape(&fl->elem, t->text, t->len);
	else
		sf_buf_put(&fl->elem, t->text, t->len);
	if (t->kind == SF_JTOK_STRING)
		note_fact(fl, t->text);
	after_node(fl);
	return feed(fl, YAML_SCALAR_EVENT, t);
}

static int on_start(filter *fl, const sf_jtok *t)
{
	int is_map = t->kind == SF_JTOK_OBJECT;
	frame *p = top(fl), *f;

	if (!p) {
		fl->root_seq = !is_map;
		fl->ev->single_object = is_map;
		fl->element_depth = is_map ? 1 : 2;
	} else if (fl->depth == 1 && fl->root_seq && !is_map) {
		return sf_error_set(
		    "item %zu of evidence '%s' (line %zu) is a list, not a container object",
		    p->count + 1, fl->name, t->line);
	}
	if (check_type(fl, t) < 0)
		return -1;
	if (fl->depth + 1 == fl->element_depth)
		fl->f.line = t->line;
	if (fl->depth == fl->element_depth && is_map &&
	    is(key_at(fl, 0), "HostConfig"))
		fl->f.has_hostconfig = 1;
	before_node(fl);
	if (fl->depth + 1 >= fl->element_depth)
		sf_buf_putc(&fl->elem, is_map ? '{' : '[');
	if (fl->depth == fl->alloc) {
		size_t old = fl->alloc;

		fl->alloc = fl->alloc ? fl->alloc * 2 : 16;
		fl->stack =
		    sf_xrealloc(fl->stack, fl->alloc * sizeof(*fl->stack));
		memset(fl->stack + old, 0,
		       (fl->alloc - old) * sizeof(*fl->stack));
	}
	f = &fl->stack[fl->depth++];
	f->is_map = is_map;
	f->expecting_key = is_map;
	f->has_key = 0;
	f->count = 0;
	f->seen = 0;
	if (fl->depth == 1 && !is_map && fl->walker)
		return feed(fl, YAML_SEQUENCE_START_EVENT, t);
	if (fl->depth == 1 && fl->walker) {
		/* the walker sees the input as an array, even one object */
		if (feed(fl, YAML_SEQUENCE_START_EVENT, t) < 0)
			return -1;
	}
	return feed(fl,
	            is_map ? YAML_MAPPING_START_EVENT
	                   : YAML_SEQUENCE_START_EVENT,
	            t);
}

/* "Scapforge": the effective modes, at the end of the container; those
 * of joiners are placeholders until every container is known. */
static void annotate(filter *fl)
{
	facts *f = &fl->f;
	int k, first = 1;

	if (!f->ns[SF_NS_PID].mode && !f->ns[SF_NS_IPC].mode)
		return;
	sf_buf_puts(&fl->elem,
	            top(fl)->count ? ",\"Scapforge\":{" : "\"Scapforge\":{");
	for (k = 0; k < SF_NS_KINDS; k++) {
		sf_nsmode *m = &f->ns[k];

		if (!m->mode)
			continue;
		sf_buf_printf(&fl->elem, "%s\"%s\":", first ? "" : ",",
		              sf_ns_effective_key((sf_ns_kind)k));
		first = 0;
		if (sf_ns_is_joiner(m->mode)) {
			f->slot[k] = fl->elem.len;
			sf_buf_puts(&fl->elem, SF_EVFILE_SLOT);
			fl->joiners = 1;
			continue;
		}
		sf_ns_resolve_direct((sf_ns_kind)k, m);
		sf_json_escape(&fl->elem, m->effective, strlen(m->effective));
	}
	sf_buf_putc(&fl->elem, '}');
}

/* 1 when v matches the exclusion pattern (what matched goes to
 * *matched), 0 when not, -1 when matching passed its limits. */
static int matches(filter *fl, const char *what, const char *v, char **matched)
{
	sf_buf b = SF_BUF_INIT;
	int m = fl->re && v ? sf_pattern_match(fl->re, v, strlen(v)) : 0;

	if (m <= 0)
		return m;
	sf_buf_printf(&b, "%s '%s'", what, v);
	*matched = sf_buf_detach(&b);
	return 1;
}

static void containers_free_one(sf_container *c)
{
	int k;

	free(c->id);
	free(c->name);
	free(c->image);
	free(c->command);
	free(c->ps_command);
	free(c->matched);
	for (k = 0; k < SF_NS_KINDS; k++)
		sf_nsmode_release(&c->ns[k]);
}

static void take_facts(facts *f, sf_container *c)
{
	int k;

	memset(c, 0, sizeof(*c));
	c->id = f->id;
	f->id = NULL;
	c->name = sf_xstrdup(f->name ? f->name + (f->name[0] == '/') : "");
	c->image = sf_xstrdup(f->config_image ? f->config_image
	                      : f->image      ? f->image
	                                      : "");
	c->command = f->path ? sf_xstrdup(f->path) : sf_xstrdup("");
	if (f->args.len) {
		sf_buf cmd = SF_BUF_INIT;

		sf_buf_printf(&cmd, "%s %s", c->command, sf_buf_cstr(&f->args));
		free(c->command);
		c->command = sf_buf_detach(&cmd);
	}
	c->ps_command = sf_ps_command_column(c->command);
	c->line = f->line;
	c->has_hostconfig = f->has_hostconfig;
	for (k = 0; k < SF_NS_KINDS; k++) {
		c->ns[k] = f->ns[k];
		memset(&f->ns[k], 0, sizeof(f->ns[k]));
	}
}

/* The rules are for Linux: a Windows container, or any container of an
 * engine that runs Windows ones, is not applicable to them. */
static int inapplicable(filter *fl, sf_container *c)
{
	const char *p = fl->f.platform;
	sf_buf b = SF_BUF_INIT;

	if (fl->engine_os && !strncasecmp(fl->engine_os, "windows", 7))
		sf_buf_printf(&b,
		              "not applicable: the engine runs Windows containers (Os '%s')",
		              fl->engine_os);
	else if (p && !strcasecmp(p, "windows"))
		sf_buf_printf(&b,
		              "not applicable: a Windows container (Platform '%s')",
		              p);
	else
		return 0;
	c->matched = sf_buf_detach(&b);
	c->inapplicable = 1;
	return 1;
}

/* A container is complete: keep it or leave it out. */
static int finish_container(filter *fl)
{
	facts *f = &fl->f;
	sf_evidence *ev = fl->ev;
	sf_container c;
	int m;

	if (!f->id || !*f->id)
		return sf_error_set(
		    "container %zu of evidence '%s' (line %zu) has no Id: not docker inspect output",
		    container_number(fl), fl->name, f->line);
	take_facts(f, &c);
	ev->placed = sf_xrealloc(ev->placed, (ev->ninput + 1) * sizeof(long));
	ev->placed[ev->ninput++] = 0;
	m = inapplicable(fl, &c);
	if (m) {
		ev->excluded =
		    sf_xrealloc(ev->excluded, (ev->nexcluded + 1) * sizeof(c));
		ev->placed[ev->ninput - 1] = SF_PLACED_NA;
		ev->excluded[ev->nexcluded++] = c;
		facts_release(f);
		sf_buf_clear(&fl->elem);
		return 0;
	}
	m = matches(fl, "name", c.name, &c.matched);
	if (m == 0)
		m = matches(fl, "image", c.image, &c.matched);
	if (m == 0)
		m = matches(fl, "command", c.ps_command, &c.matched);
	if (m < 0) {
		containers_free_one(&c);
		return -1;
	}
	if (m) {
		ev->excluded =
		    sf_xrealloc(ev->excluded, (ev->nexcluded + 1) * sizeof(c));
		ev->placed[ev->ninput - 1] = -(long)ev->nexcluded - 1;
		ev->excluded[ev->nexcluded++] = c;
		if (fl->with_excl &&
		    sf_evfile_add(&fl->excl, fl->elem.ptr, fl->elem.len,
		                  f->slot) < 0)
			return -1;
	} else {
		ev->assessed =
		    sf_xrealloc(ev->assessed, (ev->nassessed + 1) * sizeof(c));
		ev->placed[ev->ninput - 1] = (long)ev->nassessed;
		ev->assessed[ev->nassessed++] = c;
		if (sf_evfile_add(&fl->out, fl->elem.ptr, fl->elem.len,
		                  f->slot) < 0)
			return -1;
	}
	facts_release(f);
	sf_buf_clear(&fl->elem);
	return 0;
}

static int on_end(filter *fl, const sf_jtok *t)
{
	frame *f = top(fl);
	int done_container = fl->depth == fl->element_depth;

	if (done_container && f->is_map)
		annotate(fl);
	if (fl->depth >= fl->element_depth)
		sf_buf_putc(&fl->elem, f->is_map ? '}' : ']');
	fl->depth--;
	after_node(fl);
	if (feed(fl, f->is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
	         t) < 0)
		return -1;
	if (!fl->depth && !fl->root_seq &&
	    feed(fl, YAML_SEQUENCE_END_EVENT, t) < 0)
		return -1;
	if (done_container)
		return finish_container(fl);
	return 0;
}

/* Inside a value the input carried under "Scapforge": nothing of it is
 * kept. */
static void skip_token(filter *fl, const sf_jtok *t)
{
	switch (t->kind) {
	case SF_JTOK_OBJECT:
	case SF_JTOK_ARRAY:
		fl->skip++;
		return;
	case SF_JTOK_OBJECT_END:
	case SF_JTOK_ARRAY_END:
		if (--fl->skip == 1)
			fl->skip = 0;
		return;
	case SF_JTOK_KEY:
		return;
	default:
		if (fl->skip == 1)
			fl->skip = 0;
	}
}

static int run(filter *fl)
{
	sf_jtok t;
	int rc = 0, any = 0;

	while (rc == 0) {
		if (sf_jsonread_next(&fl->r, &t) < 0)
			return -1;
		if (t.kind == SF_JTOK_END)
			break;
		any = 1;
		if (fl->skip) {
			skip_token(fl, &t);
			continue;
		}
		switch (t.kind) {
		case SF_JTOK_KEY:
			rc = on_key(fl, &t);
			break;
		case SF_JTOK_OBJECT:
		case SF_JTOK_ARRAY:
			rc = on_start(fl, &t);
			break;
		case SF_JTOK_OBJECT_END:
		case SF_JTOK_ARRAY_END:
			rc = on_end(fl, &t);
			break;
		default:
			rc = on_scalar(fl, &t);
		}
	}
	if (rc == 0 && !any)
		rc = sf_error_set("evidence '%s' is empty", fl->name);
	return rc;
}

static const char *assessed_mode(size_t container, sf_ns_kind k, void *ctx)
{
	return ((sf_evidence *)ctx)->assessed[container].ns[k].effective;
}

static const char *excluded_mode(size_t container, sf_ns_kind k, void *ctx)
{
	return ((sf_evidence *)ctx)->excluded[container].ns[k].effective;
}

/* Every container is known: resolve the joiners and write their modes
 * over the placeholders. */
static int resolve_joiners(filter *fl)
{
	sf_evidence *ev = fl->ev;
	size_t n = ev->nassessed + ev->nexcluded, i;
	sf_ns_member *m = sf_xcalloc(n ? n : 1, sizeof(*m));
	int rc;

	for (i = 0; i < n; i++) {
		sf_container *c = i < ev->nassessed
		                      ? &ev->assessed[i]
		                      : &ev->excluded[i - ev->nassessed];

		m[i].id = c->id;
		m[i].name = c->name;
		m[i].ns = c->ns;
	}
	rc = sf_ns_resolve(m, n, fl->name);
	free(m);
	if (rc == 0)
		rc = sf_evfile_patch(&fl->out, assessed_mode, ev);
	if (rc == 0 && fl->with_excl)
		rc = sf_evfile_patch(&fl->excl, excluded_mode, ev);
	return rc;
}

int sf_evidence_filter(const char *in_path, const char *exclude,
                       const char *out_path, sf_evidence *out)
{
	sf_evidence_opts o;

	memset(&o, 0, sizeof(o));
	o.exclude = exclude;
	return sf_evidence_read(in_path, out_path, &o, out);
}

int sf_evidence_filter_walk(const char *in_path, const char *exclude,
                            int keep_env, const char *out_path,
                            sf_pending_set *commit, sf_ypath_walker *walker,
                            sf_evidence *out)
{
	sf_evidence_opts o;

	memset(&o, 0, sizeof(o));
	o.exclude = exclude;
	o.keep_env = keep_env;
	o.commit = commit;
	o.walker = walker;
	return sf_evidence_read(in_path, out_path, &o, out);
}

static int filter_stream(filter *fl, FILE *in, const char *out_path,
                         const sf_evidence_opts *o)
{
	int rc;

	sf_jsonread_init(&fl->r, in, fl->name);
	rc = sf_evfile_open(&fl->out, out_path);
	if (rc == 0 && fl->with_excl)
		rc = sf_evfile_open(&fl->excl, o->excluded_out);
	if (rc == 0)
		rc = run(fl);
	if (rc == 0 && ferror(in))
		rc = sf_error_set("cannot read evidence '%s'", fl->name);
	if (rc == 0)
		rc = sf_evfile_close(&fl->out);
	if (rc == 0 && fl->with_excl)
		rc = sf_evfile_close(&fl->excl);
	if (rc == 0 && fl->joiners)
		rc = resolve_joiners(fl);
	if (rc == 0)
		sf_sha256_hex(&fl->out.sha, fl->ev->sha256);
	if (rc == 0)
		rc = sf_pending_set_take(o->commit, &fl->out.pf);
	if (rc == 0 && fl->with_excl) {
		/* read by the scan, then removed: never committed */
		fl->ev->excluded_file = fl->excl.pf;
		memset(&fl->excl.pf, 0, sizeof(fl->excl.pf));
		fl->excl.pf.fd = -1;
		if (fsync(fl->ev->excluded_file.fd) < 0 ||
		    close(fl->ev->excluded_file.fd) < 0)
			rc = sf_error_set("cannot write '%s': %s",
			                  o->excluded_out, strerror(errno));
		fl->ev->excluded_file.fd = -1;
	}
	sf_jsonread_release(&fl->r);
	return rc;
}

int sf_evidence_read(const char *in_path, const char *out_path,
                     const sf_evidence_opts *o, sf_evidence *out)
{
	FILE *in;
	filter fl;
	int rc = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->excluded_file.fd = -1;
	memset(&fl, 0, sizeof(fl));
	fl.out.pf.fd = fl.excl.pf.fd = -1;
	fl.ev = out;
	fl.name = o->name ? o->name : in_path;
	fl.walker = o->walker;
	fl.keep_env = o->keep_env;
	fl.engine_os = o->engine_os;
	fl.with_excl = o->excluded_out != NULL;
	if (o->exclude && *o->exclude &&
	    sf_pattern_compile(&fl.re, o->exclude, 1, "the exclusion pattern") <
	        0)
		return -1;
	in = strcmp(in_path, "-") ? fopen(in_path, "rb") : stdin;
	if (!in) {
		sf_error_set("cannot open evidence '%s': %s", fl.name,
		             strerror(errno));
	} else {
		rc = filter_stream(&fl, in, out_path, o);
		if (in != stdin)
			fclose(in);
	}
	sf_evfile_release(&fl.out);
	sf_evfile_release(&fl.excl);
	for (i = 0; i < fl.alloc; i++)
		sf_buf_release(&fl.stack[i].key);
	free(fl.stack);
	sf_buf_release(&fl.elem);
	sf_buf_release(&fl.scratch);
	facts_release(&fl.f);
	sf_pattern_free(fl.re);
	if (rc < 0)
		sf_evidence_release(out);
	return rc;
}
static void containers_free(sf_container *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		containers_free_one(&c[i]);
	free(c);
}

size_t sf_evidence_inapplicable(const sf_evidence *ev)
{
	size_t i, n = 0;

	for (i = 0; i < ev->nexcluded; i++)
		n += ev->excluded[i].inapplicable != 0;
	return n;
}

void sf_evidence_release(sf_evidence *ev)
{
	containers_free(ev->assessed, ev->nassessed);
	containers_free(ev->excluded, ev->nexcluded);
	free(ev->placed);
	if (ev->excluded_file.tmp_path)
		sf_pending_file_release(&ev->excluded_file);
	memset(ev, 0, sizeof(*ev));
}
