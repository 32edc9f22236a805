#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "collect/evidence.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/sha256.h"

#define MAX_DEPTH 4096

/* What the container being read says about itself. */
typedef struct facts {
	char *id, *name, *image, *config_image, *path;
	sf_buf args;
} facts;

typedef struct frame {
	int is_map;
	int expecting_key;
	size_t count;
	char *key;
} frame;

typedef struct filter {
	const char *name;
	sf_ypath_walker *walker;
	regex_t re;
	int has_re;
	sf_evidence *ev;
	sf_pending_file out;
	sf_sha256 sha;
	frame *stack;
	size_t depth, alloc;
	size_t element_depth; /* depth of a container's mapping */
	int root_seq;
	sf_buf elem;
	facts f;
	size_t line; /* where the current container starts */
} filter;

static void facts_release(facts *f)
{
	free(f->id);
	free(f->name);
	free(f->image);
	free(f->config_image);
	free(f->path);
	sf_buf_release(&f->args);
	memset(f, 0, sizeof(*f));
}

static int digits(const char **p)
{
	const char *s = *p;

	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

/* Whether a plain scalar can be written as it is: a JSON number or one of
 * JSON's literals. */
static int json_literal(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "null"))
		return 1;
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (!digits(&s))
		return 0;
	if (*s == '.' && (s++, !digits(&s)))
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!digits(&s))
			return 0;
	}
	return *s == '\0';
}

/* Separators before a node inside a container (not before the
 * container itself, which starts a fresh buffer). */
static void before_node(filter *fl)
{
	frame *p;

	if (fl->depth < fl->element_depth)
		return;
	p = &fl->stack[fl->depth - 1];
	if (p->is_map && !p->expecting_key)
		sf_buf_putc(&fl->elem, ':');
	else if (p->count)
		sf_buf_putc(&fl->elem, ',');
}

static void after_node(filter *fl)
{
	frame *p;

	if (!fl->depth)
		return;
	p = &fl->stack[fl->depth - 1];
	if (p->is_map && p->expecting_key) {
		p->expecting_key = 0;
		return;
	}
	if (p->is_map) {
		free(p->key);
		p->key = NULL;
		p->expecting_key = 1;
	}
	p->count++;
}

/* The key under which the node at the current depth stands, relative to
 * the container: level 0 is a key of the container itself. */
static const char *key_at(const filter *fl, size_t level)
{
	size_t d = fl->element_depth + level;

	return d <= fl->depth ? fl->stack[d - 1].key : NULL;
}

static void note_fact(filter *fl, const char *v)
{
	facts *f = &fl->f;
	size_t level = fl->depth - fl->element_depth;
	const char *k0 = key_at(fl, 0), *k1 = key_at(fl, 1);

	if (level == 0 && k0) {
		char **slot = !strcmp(k0, "Id")      ? &f->id
		              : !strcmp(k0, "Name")  ? &f->name
		              : !strcmp(k0, "Image") ? &f->image
		              : !strcmp(k0, "Path")  ? &f->path
		                                     : NULL;

		if (slot && !*slot)
			*slot = sf_xstrdup(v);
	} else if (level == 1 && k0 && !strcmp(k0, "Args") &&
	           !fl->stack[fl->depth - 1].is_map) {
		sf_buf_printf(&f->args, " %s", v);
	} else if (level == 1 && k0 && k1 && !strcmp(k0, "Config") &&
	           !strcmp(k1, "Image") && !f->config_image) {
		f->config_image = sf_xstrdup(v);
	}
}

static void on_scalar(filter *fl, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	frame *p = fl->depth ? &fl->stack[fl->depth - 1] : NULL;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	before_node(fl);
	if (p && p->is_map && p->expecting_key) {
		free(p->key);
		p->key = sf_xstrndup(v, len);
		sf_json_escape(&fl->elem, v, len);
	} else {
		if (plain && (!len || !strcmp(v, "~") || !strcmp(v, "Null") ||
		              !strcmp(v, "NULL")))
			sf_buf_puts(&fl->elem, "null");
		else if (plain && json_literal(v))
			sf_buf_put(&fl->elem, v, len);
		else
			sf_json_escape(&fl->elem, v, len);
		note_fact(fl, v);
	}
	after_node(fl);
}

static int matches(filter *fl, const char *what, const char *v, char **matched)
{
	sf_buf b = SF_BUF_INIT;

	if (!fl->has_re || !v || regexec(&fl->re, v, 0, NULL, 0) != 0)
		return 0;
	sf_buf_printf(&b, "%s '%s'", what, v);
	*matched = sf_buf_detach(&b);
	return 1;
}

/* A container is complete: keep it or leave it out. */
static int finish_container(filter *fl)
{
	facts *f = &fl->f;
	sf_container c;
	sf_evidence *ev = fl->ev;
	size_t n = ev->nassessed + ev->nexcluded;

	if (!f->id || !*f->id) {
		return sf_error_set(
		    "container %zu of evidence '%s' (line %zu) has no Id: not docker inspect output",
		    n + 1, fl->name, fl->line);
	}
	memset(&c, 0, sizeof(c));
	c.id = f->id;
	c.name = sf_xstrdup(f->name ? f->name + (f->name[0] == '/') : "");
	c.image = sf_xstrdup(f->config_image ? f->config_image
	                     : f->image      ? f->image
	                                     : "");
	c.command = f->path ? sf_xstrdup(f->path) : sf_xstrdup("");
	if (f->args.len) {
		sf_buf cmd = SF_BUF_INIT;

		sf_buf_printf(&cmd, "%s%s", c.command, sf_buf_cstr(&f->args));
		free(c.command);
		c.command = sf_buf_detach(&cmd);
	}
	f->id = NULL;
	ev->placed = sf_xrealloc(ev->placed, (ev->ninput + 1) * sizeof(long));
	ev->placed[ev->ninput++] = -1;
	if (matches(fl, "name", c.name, &c.matched) ||
	    matches(fl, "image", c.image, &c.matched) ||
	    matches(fl, "command", c.command, &c.matched)) {
		ev->excluded =
		    sf_xrealloc(ev->excluded, (ev->nexcluded + 1) * sizeof(c));
		ev->excluded[ev->nexcluded++] = c;
	} else {
		const char *sep = ev->nassessed ? ",\n" : "\n";

		ev->assessed =
		    sf_xrealloc(ev->assessed, (ev->nassessed + 1) * sizeof(c));
		ev->placed[ev->ninput - 1] = (long)ev->nassessed;
		ev->assessed[ev->nassessed++] = c;
		sf_sha256_update(&fl->sha, sep, strlen(sep));
		sf_sha256_update(&fl->sha, fl->elem.ptr, fl->elem.len);
		if (sf_pending_file_append(&fl->out, sep, strlen(sep)) < 0 ||
		    sf_pending_file_append(&fl->out, fl->elem.ptr,
		                           fl->elem.len) < 0)
			return -1;
	}
	facts_release(f);
	sf_buf_clear(&fl->elem);
	return 0;
}

static int on_start(filter *fl, const yaml_event_t *ev, int is_map)
{
	frame *p = fl->depth ? &fl->stack[fl->depth - 1] : NULL;
	frame *f;

	if (fl->depth == MAX_DEPTH)
		return sf_error_set(
		    "evidence '%s' is nested deeper than %d levels", fl->name,
		    MAX_DEPTH);
	if (!p) {
		fl->root_seq = !is_map;
		fl->ev->single_object = is_map;
		fl->element_depth = is_map ? 1 : 2;
	} else if (fl->depth == 1 && fl->root_seq && !is_map) {
		return sf_error_set(
		    "item %zu of evidence '%s' (line %zu) is a list, not a container object",
		    p->count + 1, fl->name, (size_t)ev->start_mark.line + 1);
	}
	if (p && p->is_map && p->expecting_key)
		return sf_error_set(
		    "evidence '%s' has a key that is not a string (line %zu)",
		    fl->name, (size_t)ev->start_mark.line + 1);
	if (fl->depth + 1 == fl->element_depth)
		fl->line = (size_t)ev->start_mark.line + 1;
	before_node(fl);
	if (fl->depth + 1 >= fl->element_depth)
		sf_buf_putc(&fl->elem, is_map ? '{' : '[');
	if (fl->depth == fl->alloc) {
		fl->alloc = fl->alloc ? fl->alloc * 2 : 16;
		fl->stack =
		    sf_xrealloc(fl->stack, fl->alloc * sizeof(*fl->stack));
	}
	f = &fl->stack[fl->depth++];
	memset(f, 0, sizeof(*f));
	f->is_map = is_map;
	f->expecting_key = is_map;
	return 0;
}

static int on_end(filter *fl)
{
	frame *f = &fl->stack[fl->depth - 1];
	int done_container = fl->depth == fl->element_depth;

	if (fl->depth >= fl->element_depth)
		sf_buf_putc(&fl->elem, f->is_map ? '}' : ']');
	free(f->key);
	fl->depth--;
	after_node(fl);
	if (done_container)
		return finish_container(fl);
	return 0;
}

/* The walker sees the input as an array, even a single object. */
static int feed_walker(filter *fl, const yaml_event_t *ev)
{
	yaml_event_t wrap;
	int rc = 0, root_object =
	                fl->depth == 0 && ev->type == YAML_MAPPING_START_EVENT;
	int root_end = fl->depth == 1 && !fl->root_seq &&
	               ev->type == YAML_MAPPING_END_EVENT;

	if (root_object) {
		yaml_sequence_start_event_initialize(&wrap, NULL, NULL, 1,
		                                     YAML_FLOW_SEQUENCE_STYLE);
		rc = sf_ypath_walker_feed(fl->walker, &wrap, fl->name);
		yaml_event_delete(&wrap);
	}
	if (rc == 0)
		rc = sf_ypath_walker_feed(fl->walker, ev, fl->name);
	if (rc == 0 && root_end) {
		yaml_sequence_end_event_initialize(&wrap);
		rc = sf_ypath_walker_feed(fl->walker, &wrap, fl->name);
		yaml_event_delete(&wrap);
	}
	return rc;
}

static int run(filter *fl, yaml_parser_t *parser)
{
	yaml_event_t ev;
	int rc = 0, docs = 0, done = 0;

	while (!done && rc == 0) {
		if (!yaml_parser_parse(parser, &ev))
			return sf_error_set(
			    "malformed evidence '%s': %s at line %zu, column %zu",
			    fl->name,
			    parser->problem ? parser->problem : "error",
			    (size_t)parser->problem_mark.line + 1,
			    (size_t)parser->problem_mark.column + 1);
		if (fl->walker && rc == 0)
			rc = feed_walker(fl, &ev);
		switch (rc ? YAML_NO_EVENT : ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = sf_error_set(
				    "evidence '%s' holds more than one document (line %zu)",
				    fl->name, (size_t)ev.start_mark.line + 1);
			break;
		case YAML_SCALAR_EVENT:
			if (!fl->depth)
				rc = sf_error_set(
				    "evidence '%s' holds a single value, not docker inspect output",
				    fl->name);
			else if (fl->depth == 1 && fl->root_seq)
				rc = sf_error_set(
				    "item %zu of evidence '%s' (line %zu) is a value, not a container object",
				    fl->stack[0].count + 1, fl->name,
				    (size_t)ev.start_mark.line + 1);
			else
				on_scalar(fl, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			rc = on_start(fl, &ev,
			              ev.type == YAML_MAPPING_START_EVENT);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = on_end(fl);
			break;
		case YAML_ALIAS_EVENT:
			rc = sf_error_set(
			    "evidence '%s' uses a YAML alias (line %zu): not docker inspect output",
			    fl->name, (size_t)ev.start_mark.line + 1);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (rc == 0 && docs == 0)
		rc = sf_error_set("evidence '%s' is empty", fl->name);
	return rc;
}

int sf_evidence_filter(const char *in_path, const char *exclude,
                       const char *out_path, sf_evidence *out)
{
	return sf_evidence_filter_walk(in_path, exclude, out_path, NULL, out);
}

int sf_evidence_filter_walk(const char *in_path, const char *exclude,
                            const char *out_path, sf_ypath_walker *walker,
                            sf_evidence *out)
{
	yaml_parser_t parser;
	FILE *in;
	filter fl;
	int rc = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&fl, 0, sizeof(fl));
	fl.out.fd = -1;
	fl.ev = out;
	fl.name = in_path;
	fl.walker = walker;
	if (exclude && *exclude) {
		if (regcomp(&fl.re, exclude,
		            REG_EXTENDED | REG_ICASE | REG_NOSUB))
			return sf_error_set(
			    "the exclusion pattern '%s' is not a valid extended regular expression",
			    exclude);
		fl.has_re = 1;
	}
	in = strcmp(in_path, "-") ? fopen(in_path, "rb") : stdin;
	if (!in) {
		sf_error_set("cannot open evidence '%s': %s", in_path,
		             strerror(errno));
		goto done;
	}
	if (!yaml_parser_initialize(&parser)) {
		sf_error_set("cannot start the YAML parser");
		goto close;
	}
	yaml_parser_set_input_file(&parser, in);
	sf_sha256_init(&fl.sha);
	if (sf_pending_file_open(&fl.out, out_path) == 0 &&
	    sf_pending_file_append(&fl.out, "[", 1) == 0) {
		sf_sha256_update(&fl.sha, "[", 1);
		rc = run(&fl, &parser);
		if (rc == 0 && ferror(in))
			rc = sf_error_set("cannot read evidence '%s'", in_path);
		if (rc == 0) {
			const char *end = out->nassessed ? "\n]\n" : "]\n";

			sf_sha256_update(&fl.sha, end, strlen(end));
			rc = sf_pending_file_append(&fl.out, end, strlen(end));
		}
		if (rc == 0)
			rc = sf_pending_file_commit(&fl.out);
		if (rc == 0)
			sf_sha256_hex(&fl.sha, out->sha256);
	}
	yaml_parser_delete(&parser);
close:
	if (in != stdin)
		fclose(in);
done:
	sf_pending_file_release(&fl.out);
	for (i = 0; i < fl.depth; i++)
		free(fl.stack[i].key);
	free(fl.stack);
	sf_buf_release(&fl.elem);
	facts_release(&fl.f);
	if (fl.has_re)
		regfree(&fl.re);
	if (rc < 0)
		sf_evidence_release(out);
	return rc;
}

static void containers_free(sf_container *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].name);
		free(c[i].image);
		free(c[i].command);
		free(c[i].matched);
	}
	free(c);
}

void sf_evidence_release(sf_evidence *ev)
{
	containers_free(ev->assessed, ev->nassessed);
	containers_free(ev->excluded, ev->nexcluded);
	free(ev->placed);
	memset(ev, 0, sizeof(*ev));
}
