/* One container of the evidence: what it says about itself, and once it
 * is complete, whether it is assessed, excluded by the pattern or not
 * applicable to the rules. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/evfile.h"
#include "collect/evidence_int.h"
#include "collect/psline.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/error.h"
#include "util/pattern.h"

void sf_containers_facts_release(sf_ev_facts *f)
{
	int k;

	free(f->id);
	free(f->name);
	free(f->image);
	free(f->config_image);
	free(f->path);
	free(f->platform);
	sf_buf_release(&f->args);
	sf_buf_release(&f->target);
	for (k = 0; k < SF_NS_KINDS; k++)
		sf_nsmode_release(&f->ns[k]);
	memset(f, 0, sizeof(*f));
}

void sf_containers_note_fact(sf_ev_filter *fl, const char *v)
{
	sf_ev_facts *f = &fl->f;
	size_t level = fl->depth - fl->element_depth;
	sf_ev_key k0 = sf_ev_key_at(fl, 0), k1;
	char **dst = NULL;

	if (level == 0)
		dst = k0 == SF_EVK_ID         ? &f->id
		      : k0 == SF_EVK_NAME     ? &f->name
		      : k0 == SF_EVK_IMAGE    ? &f->image
		      : k0 == SF_EVK_PATH     ? &f->path
		      : k0 == SF_EVK_PLATFORM ? &f->platform
		                              : NULL;
	else if (level == 1 && k0 == SF_EVK_ARGS && !sf_ev_top(fl)->is_map)
		sf_ps_command_add(&f->args, v);
	else if (level == 1 && (k1 = sf_ev_key_at(fl, 1)) != SF_EVK_OTHER) {
		if (k0 == SF_EVK_CONFIG && k1 == SF_EVK_IMAGE)
			dst = &f->config_image;
		else if (k0 == SF_EVK_HOSTCONFIG && k1 == SF_EVK_PIDMODE)
			dst = &f->ns[SF_NS_PID].mode;
		else if (k0 == SF_EVK_HOSTCONFIG && k1 == SF_EVK_IPCMODE)
			dst = &f->ns[SF_NS_IPC].mode;
	}
	if (dst && !*dst)
		*dst = sf_xstrdup(v);
}

/* 1 when v matches the exclusion pattern (what matched goes to
 * *matched), 0 when not, -1 when matching passed its limits. */
static int matches(sf_ev_filter *fl, const char *what, const char *v,
                   const char **matched)
{
	sf_buf b = SF_BUF_INIT;
	int m = fl->re && v ? sf_pattern_match(fl->re, v, strlen(v)) : 0;

	if (m <= 0)
		return m;
	sf_buf_printf(&b, "%s '%s'", what, v);
	*matched = sf_strpool_add(fl->ev->pool, b.ptr, b.len);
	sf_buf_release(&b);
	return 1;
}

static void containers_free_one(sf_container *c)
{
	int k;

	for (k = 0; k < SF_NS_KINDS; k++)
		sf_nsmode_release(&c->ns[k]);
}

static void take_facts(sf_ev_filter *fl, sf_container *c)
{
	sf_ev_facts *f = &fl->f;
	sf_strpool *pool = fl->ev->pool;
	char *ps;
	int k;

	memset(c, 0, sizeof(*c));
	c->id = sf_strpool_str(pool, f->id);
	c->name =
	    sf_strpool_str(pool, f->name ? f->name + (f->name[0] == '/') : "");
	c->image = sf_strpool_str(pool, f->config_image ? f->config_image
	                                : f->image      ? f->image
	                                                : "");
	c->command = sf_strpool_str(pool, f->path ? f->path : "");
	if (f->args.len) {
		sf_buf_clear(&fl->scratch);
		sf_buf_puts(&fl->scratch, c->command);
		sf_buf_putc(&fl->scratch, ' ');
		sf_buf_puts(&fl->scratch, sf_buf_cstr(&f->args));
		c->command =
		    sf_strpool_add(pool, fl->scratch.ptr, fl->scratch.len);
	}
	ps = sf_ps_command_column(c->command);
	c->ps_command = sf_strpool_str(pool, ps);
	free(ps);
	c->line = f->line;
	c->has_hostconfig = f->has_hostconfig;
	for (k = 0; k < SF_NS_KINDS; k++) {
		c->ns[k] = f->ns[k];
		memset(&f->ns[k], 0, sizeof(f->ns[k]));
	}
}

/* The rules are for Linux: a Windows container, or any container of an
 * engine that runs Windows ones, is not applicable to them. */
static int inapplicable(sf_ev_filter *fl, sf_container *c)
{
	const char *p = fl->f.platform;
	sf_buf b = SF_BUF_INIT;

	if (fl->engine_os && !strncasecmp(fl->engine_os, "windows", 7))
		sf_buf_printf(
		    &b,
		    "not applicable: the engine runs Windows containers (Os '%s')",
		    fl->engine_os);
	else if (p && !strcasecmp(p, "windows"))
		sf_buf_printf(
		    &b, "not applicable: a Windows container (Platform '%s')",
		    p);
	else
		return 0;
	c->matched = sf_strpool_add(fl->ev->pool, b.ptr, b.len);
	sf_buf_release(&b);
	c->inapplicable = 1;
	return 1;
}

/* A container is complete: keep it or leave it out. */
/* The longest Scapforge.Target read: an asset's names and addresses. */
#define MAX_TARGET 4096

/* One token of the Target value, written canonically. */
static int put_target(sf_ev_filter *fl, const sf_jtok *t)
{
	sf_buf *b = &fl->f.target;
	char last = b->len ? b->ptr[b->len - 1] : '{';

	if (t->kind != SF_JTOK_OBJECT_END && t->kind != SF_JTOK_ARRAY_END &&
	    b->len && last != '{' && last != '[' && last != ':')
		sf_buf_putc(b, ',');
	/* a string read without escapes holds nothing to escape: as
	 * canonical as one escaped again */
	sf_jtok_put(b, t);
	if (t->kind == SF_JTOK_KEY)
		sf_buf_putc(b, ':');
	if (b->len > MAX_TARGET)
		return sf_error_set(
		    "container %zu of evidence '%s' (line %zu): its Scapforge.Target is longer than %d bytes",
		    sf_ev_container_number(fl), fl->name, t->line, MAX_TARGET);
	return 0;
}

int sf_containers_skip_token(sf_ev_filter *fl, const sf_jtok *t)
{
	sf_ev_facts *f = &fl->f;
	int open = t->kind == SF_JTOK_OBJECT || t->kind == SF_JTOK_ARRAY,
	    close = t->kind == SF_JTOK_OBJECT_END || t->kind == SF_JTOK_ARRAY_END;

	if (f->target_depth) {
		if (put_target(fl, t) < 0)
			return -1;
		if (close && fl->skip == f->target_depth + 1)
			f->target_depth = 0;
		else if (!open && !close && t->kind != SF_JTOK_KEY &&
		         fl->skip == f->target_depth)
			f->target_depth = 0; /* a Target that is one value */
	} else if (t->kind == SF_JTOK_KEY && fl->skip == 2 &&
	           !strcmp(t->text, "Target")) {
		/* inside the Scapforge object: its Target is kept */
		sf_buf_clear(&f->target);
		f->has_target = 1;
		f->target_depth = 2;
		return 0;
	}
	if (open)
		fl->skip++;
	else if (close && --fl->skip == 1)
		fl->skip = 0;
	else if (!close && t->kind != SF_JTOK_KEY && fl->skip == 1)
		fl->skip = 0;
	return 0;
}

/* Whether the containers read so far recorded one same asset. */
static void note_target(sf_ev_filter *fl)
{
	sf_evidence *ev = fl->ev;
	const sf_ev_facts *f = &fl->f;
	int same;

	if (ev->target_mixed)
		return;
	if (!ev->ninput) {
		if (f->has_target)
			ev->recorded_target = sf_xstrdup(sf_buf_cstr(&f->target));
		return;
	}
	same = f->has_target ? ev->recorded_target &&
	                           !strcmp(ev->recorded_target, f->target.ptr)
	                     : !ev->recorded_target;
	if (!same) {
		ev->target_mixed = 1;
		free(ev->recorded_target);
		ev->recorded_target = NULL;
	}
}

int sf_containers_finish(sf_ev_filter *fl)
{
	sf_ev_facts *f = &fl->f;
	sf_evidence *ev = fl->ev;
	sf_container c;
	int m;

	if (!f->id || !*f->id)
		return sf_error_set(
		    "container %zu of evidence '%s' (line %zu) has no Id: not docker inspect output",
		    sf_ev_container_number(fl), fl->name, f->line);
	note_target(fl);
	take_facts(fl, &c);
	ev->placed = sf_xgrow(ev->placed, &ev->placed_alloc, ev->ninput + 1,
	                      sizeof(long));
	ev->placed[ev->ninput++] = 0;
	m = inapplicable(fl, &c);
	if (m) {
		ev->excluded = sf_xgrow(ev->excluded, &ev->excluded_alloc,
		                        ev->nexcluded + 1, sizeof(c));
		ev->placed[ev->ninput - 1] = SF_PLACED_NA;
		ev->excluded[ev->nexcluded++] = c;
		sf_containers_facts_release(f);
		sf_evfile_drop(&fl->out);
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
		ev->excluded = sf_xgrow(ev->excluded, &ev->excluded_alloc,
		                        ev->nexcluded + 1, sizeof(c));
		ev->placed[ev->ninput - 1] = -(long)ev->nexcluded - 1;
		ev->excluded[ev->nexcluded++] = c;
		if (fl->with_excl &&
		    sf_evfile_add(&fl->excl, fl->elem->ptr + fl->elem_start,
		                  fl->elem->len - fl->elem_start, f->slot) < 0)
			return -1;
		sf_evfile_drop(&fl->out);
	} else {
		ev->assessed = sf_xgrow(ev->assessed, &ev->assessed_alloc,
		                        ev->nassessed + 1, sizeof(c));
		ev->placed[ev->ninput - 1] = (long)ev->nassessed;
		ev->assessed[ev->nassessed++] = c;
		if (sf_evfile_end(&fl->out, fl->elem_start, f->slot) < 0)
			return -1;
	}
	sf_containers_facts_release(f);
	return 0;
}

void sf_containers_free(sf_container *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		containers_free_one(&c[i]);
	free(c);
}
