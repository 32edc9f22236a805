#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/evfile.h"
#include "collect/evidence.h"
#include "collect/evidence_int.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/pattern.h"
#include "util/jsonread.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/sha256.h"

/* Separators before a node inside a container (not before the
 * container itself, which starts a fresh buffer). */
static void before_node(sf_ev_filter *fl)
{
	sf_ev_frame *p = sf_ev_top(fl);

	if (fl->depth < fl->element_depth)
		return;
	if (p->is_map && !p->expecting_key)
		sf_buf_putc(fl->elem, ':');
	else if (p->count)
		sf_buf_putc(fl->elem, ',');
}

static void after_node(sf_ev_filter *fl)
{
	sf_ev_frame *p = sf_ev_top(fl);

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

/* Hands one token to the YAML path walker, as what libyaml would have
 * made of it. */
static int feed(sf_ev_filter *fl, sf_ytok kind, const sf_jtok *t)
{
	if (!fl->walker)
		return 0;
	if (kind == SF_YTOK_SCALAR && t->kind == SF_JTOK_NULL)
		kind = SF_YTOK_NULL;
	return sf_ypath_walker_token(fl->walker, kind, t->text, t->len);
}

static int on_key(sf_ev_filter *fl, const sf_jtok *t)
{
	sf_ev_frame *p = sf_ev_top(fl);

	p->kid = p->watch == SF_EVW_NONE ? SF_EVK_OTHER
	                                 : sf_ev_intern(t->text, t->len);
	if (sf_dockerkeys_check_key(fl, t) < 0)
		return -1;
	if (p->watch == SF_EVW_CONTAINER && p->kid == SF_EVK_SCAPFORGE) {
		/* the input's own claim is replaced by what is resolved */
		fl->skip = 1;
		return 0;
	}
	before_node(fl);
	p->has_key = 1;
	if (fl->depth >= fl->element_depth)
		sf_jtok_put(fl->elem, t);
	after_node(fl);
	return feed(fl, SF_YTOK_SCALAR, t);
}

static int on_scalar(sf_ev_filter *fl, sf_jtok *t)
{
	sf_ev_watch watch;
	const char *eq;

	if (!fl->depth)
		return sf_error_set(
		    "evidence '%s' holds a single value, not docker inspect output",
		    fl->name);
	if (fl->depth == 1 && fl->root_seq)
		return sf_error_set(
		    "item %zu of evidence '%s' (line %zu) is a value, not a container object",
		    fl->stack[0].count + 1, fl->name, t->line);
	watch = sf_ev_top(fl)->watch;
	if (watch != SF_EVW_NONE && sf_dockerkeys_check_type(fl, t) < 0)
		return -1;
	if (watch == SF_EVW_ENV && !fl->keep_env &&
	    t->kind == SF_JTOK_STRING && (eq = strchr(t->text, '=')) != NULL) {
		sf_buf_clear(&fl->scratch);
		sf_buf_put(&fl->scratch, t->text, (size_t)(eq - t->text) + 1);
		sf_buf_puts(&fl->scratch, SF_EVIDENCE_REDACTED);
		t->text = fl->scratch.ptr;
		t->len = fl->scratch.len;
	}
	before_node(fl);
	sf_jtok_put(fl->elem, t);
	if (t->kind == SF_JTOK_STRING && watch != SF_EVW_NONE)
		sf_containers_note_fact(fl, t->text);
	after_node(fl);
	return feed(fl, SF_YTOK_SCALAR, t);
}

/* What a collection about to open inside the top frame p is to the
 * checks (p NULL: it is the input's top value). */
static sf_ev_watch watch_of(const sf_ev_filter *fl, const sf_ev_frame *p,
                            int is_map)
{
	if (!p)
		return is_map ? SF_EVW_CONTAINER : SF_EVW_OUTER;
	if (fl->depth + 1 == fl->element_depth)
		return SF_EVW_CONTAINER;
	if (p->watch == SF_EVW_CONTAINER && p->kid == SF_EVK_CONFIG && is_map)
		return SF_EVW_CONFIG;
	if (p->watch == SF_EVW_CONTAINER && p->kid == SF_EVK_HOSTCONFIG &&
	    is_map)
		return SF_EVW_HOSTCONFIG;
	if (p->watch == SF_EVW_CONTAINER && p->kid == SF_EVK_ARGS && !is_map)
		return SF_EVW_ARGS;
	if (p->watch == SF_EVW_CONFIG && p->kid == SF_EVK_ENV && !is_map)
		return SF_EVW_ENV;
	return SF_EVW_NONE;
}

/* A collection that neither the checks nor a YAML path look into,
 * opened: the rest of it is copied as it is read, in one call. */
static int copy_collection(sf_ev_filter *fl)
{
	if (sf_jsonread_copy_rest(&fl->r, fl->elem) < 0)
		return -1;
	fl->depth--;
	after_node(fl);
	return fl->walker ? sf_ypath_walker_token(fl->walker, SF_YTOK_END,
	                                          NULL, 0)
	                  : 0;
}

static int on_start(sf_ev_filter *fl, const sf_jtok *t)
{
	int is_map = t->kind == SF_JTOK_OBJECT;
	sf_ev_frame *p = sf_ev_top(fl), *f;
	sf_ev_watch watch;

	if (!p) {
		fl->root_seq = !is_map;
		fl->ev->single_object = is_map;
		fl->element_depth = is_map ? 1 : 2;
	} else if (fl->depth == 1 && fl->root_seq && !is_map) {
		return sf_error_set(
		    "item %zu of evidence '%s' (line %zu) is a list, not a container object",
		    p->count + 1, fl->name, t->line);
	}
	watch = watch_of(fl, p, is_map);
	if (p && p->watch != SF_EVW_NONE &&
	    sf_dockerkeys_check_type(fl, t) < 0)
		return -1;
	if (fl->depth + 1 == fl->element_depth) {
		fl->f.line = t->line;
		fl->elem = sf_evfile_begin(&fl->out, &fl->elem_start);
	}
	if (fl->depth == fl->element_depth && is_map &&
	    sf_ev_key_at(fl, 0) == SF_EVK_HOSTCONFIG)
		fl->f.has_hostconfig = 1;
	before_node(fl);
	if (fl->depth + 1 >= fl->element_depth)
		sf_buf_putc(fl->elem, is_map ? '{' : '[');
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
	f->watch = watch;
	f->count = 0;
	f->seen = 0;
	if (fl->depth == 1 && fl->walker) {
		/* the walker sees the input as an array, even one object */
		if (feed(fl, SF_YTOK_SEQ, t) < 0)
			return -1;
		if (!is_map)
			return 0;
	}
	if (feed(fl, is_map ? SF_YTOK_MAP : SF_YTOK_SEQ, t) < 0)
		return -1;
	if (watch == SF_EVW_NONE &&
	    (!fl->walker || sf_ypath_walker_skipping(fl->walker)))
		return copy_collection(fl);
	f->key_starts = sf_dockerkeys_starts(f) |
	                (fl->walker ? sf_ypath_walker_key_starts(fl->walker)
	                            : 0);
	return 0;
}

/* "Scapforge": the effective modes, at the end of the container; those
 * of joiners are placeholders until every container is known. */
static void annotate(sf_ev_filter *fl)
{
	sf_ev_facts *f = &fl->f;
	const char *target = fl->target_json;
	int k, first = 1;

	if (!target && f->has_target)
		target = sf_buf_cstr(&f->target);
	if (!f->ns[SF_NS_PID].mode && !f->ns[SF_NS_IPC].mode && !target)
		return;
	sf_buf_puts(fl->elem,
	            sf_ev_top(fl)->count ? ",\"Scapforge\":{" : "\"Scapforge\":{");
	for (k = 0; k < SF_NS_KINDS; k++) {
		sf_nsmode *m = &f->ns[k];

		if (!m->mode)
			continue;
		sf_buf_puts(fl->elem, first ? "\"" : ",\"");
		sf_buf_puts(fl->elem, sf_ns_effective_key((sf_ns_kind)k));
		sf_buf_puts(fl->elem, "\":");
		first = 0;
		if (sf_ns_is_joiner(m->mode)) {
			f->slot[k] = fl->elem->len - fl->elem_start;
			sf_buf_puts(fl->elem, SF_EVFILE_SLOT);
			fl->joiners = 1;
			continue;
		}
		sf_ns_resolve_direct((sf_ns_kind)k, m);
		sf_json_escape(fl->elem, m->effective, strlen(m->effective));
	}
	if (target) {
		sf_buf_puts(fl->elem, first ? "\"Target\":" : ",\"Target\":");
		sf_buf_puts(fl->elem, target);
	}
	sf_buf_putc(fl->elem, '}');
}
static int on_end(sf_ev_filter *fl, const sf_jtok *t)
{
	sf_ev_frame *f = sf_ev_top(fl);
	int done_container = fl->depth == fl->element_depth;

	if (done_container && f->is_map)
		annotate(fl);
	if (fl->depth >= fl->element_depth)
		sf_buf_putc(fl->elem, f->is_map ? '}' : ']');
	fl->depth--;
	after_node(fl);
	if (feed(fl, SF_YTOK_END, t) < 0)
		return -1;
	if (!fl->depth && !fl->root_seq &&
	    feed(fl, SF_YTOK_END, t) < 0)
		return -1;
	if (done_container)
		return sf_containers_finish(fl);
	return 0;
}

/* Whether a member of the object being read is for the checks or a
 * YAML path; every other one is copied as it is read. */
static int member_wanted(void *ctx, const char *key, size_t len)
{
	sf_ev_filter *fl = ctx;
	sf_ev_frame *p = sf_ev_top(fl);

	if (!(p->key_starts & sf_ypath_key_bit(key[0])))
		return 0;
	return sf_dockerkeys_watched(p, key, len) ||
	       (fl->walker && sf_ypath_walker_wants_key(fl->walker, key, len));
}

static int run(sf_ev_filter *fl)
{
	sf_ev_frame *p;
	sf_jtok t;
	int rc = 0, any = 0;

	while (rc == 0) {
		p = sf_ev_top(fl);
		if (!fl->skip && p && p->is_map && p->expecting_key &&
		    fl->depth >= fl->element_depth &&
		    sf_jsonread_copy_members(&fl->r, fl->elem, member_wanted,
		                             fl, &p->count) < 0)
			return -1;
		if (sf_jsonread_next(&fl->r, &t) < 0)
			return -1;
		if (t.kind == SF_JTOK_END)
			break;
		any = 1;
		if (fl->skip) {
			rc = sf_containers_skip_token(fl, &t);
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
int sf_evidence_resolve(sf_evidence *ev, const char *name)
{
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
	rc = sf_ns_resolve(m, n, name);
	free(m);
	return rc;
}

static int resolve_joiners(sf_ev_filter *fl)
{
	sf_evidence *ev = fl->ev;
	int rc = sf_evidence_resolve(ev, fl->name);

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

static int filter_stream(sf_ev_filter *fl, FILE *in, const char *out_path,
                         const sf_evidence_opts *o)
{
	int rc;

	sf_jsonread_init(&fl->r, in, fl->name);
	rc = sf_evfile_open(&fl->out, out_path, 1);
	if (rc == 0 && fl->with_excl)
		rc = sf_evfile_open(&fl->excl, o->excluded_out, 0);
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
		/* read by the scan, then removed: never committed, so never
		 * synced either */
		fl->ev->excluded_file = fl->excl.pf;
		memset(&fl->excl.pf, 0, sizeof(fl->excl.pf));
		fl->excl.pf.fd = -1;
		if (close(fl->ev->excluded_file.fd) < 0)
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
	sf_ev_filter fl;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->excluded_file.fd = -1;
	out->pool = o->pool;
	if (!out->pool) {
		out->pool = sf_strpool_new();
		out->own_pool = 1;
	}
	memset(&fl, 0, sizeof(fl));
	fl.out.pf.fd = fl.excl.pf.fd = -1;
	fl.ev = out;
	fl.name = o->name ? o->name : in_path;
	fl.walker = o->walker;
	fl.keep_env = o->keep_env;
	fl.engine_os = o->engine_os;
	fl.target_json = o->target_json;
	fl.with_excl = o->excluded_out != NULL;
	if (o->exclude && *o->exclude &&
	    sf_pattern_compile(&fl.re, o->exclude, 1, "the exclusion pattern") <
	        0) {
		sf_evidence_release(out);
		return -1;
	}
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
	free(fl.stack);
	sf_buf_release(&fl.scratch);
	sf_containers_facts_release(&fl.f);
	sf_pattern_free(fl.re);
	if (rc < 0)
		sf_evidence_release(out);
	return rc;
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
	sf_containers_free(ev->assessed, ev->nassessed);
	sf_containers_free(ev->excluded, ev->nexcluded);
	free(ev->placed);
	free(ev->recorded_target);
	if (ev->own_pool)
		sf_strpool_free(ev->pool);
	if (ev->excluded_file.tmp_path)
		sf_pending_file_release(&ev->excluded_file);
	memset(ev, 0, sizeof(*ev));
}
