/* What makes the evidence mean to scapforge what it means to Docker's Go
 * decoder: the keys the checks read, in their one spelling and once each,
 * and their values of the types Docker writes. */
#include <string.h>

#include "collect/evidence_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonread.h"

enum want { ANY, STRING, OBJECT, ARRAY_OR_NULL };

/* Keys the checks and the exclusion read, in each object they are read
 * from; Docker's spelling. */
static const char *const container_keys[] = {
    "Id",     "Name",       "Image",    "Path",      "Args",
    "Config", "HostConfig", "Platform", "Scapforge", NULL};
static const char *const hostconfig_keys[] = {"PidMode", "IpcMode", NULL};
static const char *const config_keys[] = {"Image", "Env", NULL};

/* What Docker writes at the current place, for the fields read. */
static enum want wanted(const sf_ev_filter *fl)
{
	size_t level;
	const sf_ev_frame *p = fl->depth ? &fl->stack[fl->depth - 1] : NULL;
	const char *k, *k0;

	if (!p || fl->depth < fl->element_depth)
		return ANY;
	level = fl->depth - fl->element_depth;
	k = p->has_key ? p->key.ptr : NULL;
	k0 = sf_ev_key_at(fl, 0);
	if (p->is_map && level == 0) {
		if (sf_ev_is(k, "Id") || sf_ev_is(k, "Name") ||
		    sf_ev_is(k, "Image") || sf_ev_is(k, "Path") ||
		    sf_ev_is(k, "Platform"))
			return STRING;
		if (sf_ev_is(k, "Config") || sf_ev_is(k, "HostConfig"))
			return OBJECT;
		return sf_ev_is(k, "Args") ? ARRAY_OR_NULL : ANY;
	}
	if (p->is_map && level == 1 && sf_ev_is(k0, "HostConfig"))
		return sf_ev_is(k, "PidMode") || sf_ev_is(k, "IpcMode") ? STRING
		                                                        : ANY;
	if (p->is_map && level == 1 && sf_ev_is(k0, "Config"))
		return sf_ev_is(k, "Image") ? STRING
		       : sf_ev_is(k, "Env") ? ARRAY_OR_NULL
		                            : ANY;
	if (!p->is_map && level == 1 && sf_ev_is(k0, "Args"))
		return STRING;
	if (!p->is_map && level == 2 && sf_ev_is(k0, "Config") &&
	    sf_ev_is(sf_ev_key_at(fl, 1), "Env"))
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
static const char *place(sf_ev_filter *fl)
{
	size_t d;

	sf_buf_clear(&fl->scratch);
	for (d = fl->element_depth; d <= fl->depth; d++) {
		const sf_ev_frame *p = &fl->stack[d - 1];

		if (p->is_map && p->has_key)
			sf_buf_printf(&fl->scratch, "%s%s",
			              d > fl->element_depth ? "." : "",
			              p->key.ptr);
		else if (!p->is_map)
			sf_buf_puts(&fl->scratch, "[]");
	}
	return sf_buf_cstr(&fl->scratch);
}

int sf_dockerkeys_check_type(sf_ev_filter *fl, const sf_jtok *t)
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
	    sf_ev_container_number(fl), fl->name, fl->f.line, place(fl),
	    t->line, t->column, kind_name(t->kind), docker);
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
int sf_dockerkeys_check_key(sf_ev_filter *fl, const sf_jtok *t)
{
	const char *const *watched = NULL;
	sf_ev_frame *p = sf_ev_top(fl);
	size_t level = fl->depth - fl->element_depth, i;

	if (fl->depth < fl->element_depth)
		return 0;
	if (level == 0)
		watched = container_keys;
	else if (level == 1 && sf_ev_is(sf_ev_key_at(fl, 0), "HostConfig"))
		watched = hostconfig_keys;
	else if (level == 1 && sf_ev_is(sf_ev_key_at(fl, 0), "Config"))
		watched = config_keys;
	for (i = 0; watched && watched[i]; i++) {
		if (!go_same_key(t->text, t->len, watched[i]))
			continue;
		if (strcmp(t->text, watched[i]) != 0)
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' at line %zu, column %zu is another spelling of '%s', which Docker reads as the same key",
			    sf_ev_container_number(fl), fl->name, fl->f.line,
			    t->text, t->line, t->column, watched[i]);
		if (p->seen & (1u << i))
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' appears twice (again at line %zu, column %zu), and Docker reads only the last",
			    sf_ev_container_number(fl), fl->name, fl->f.line,
			    t->text, t->line, t->column);
		p->seen |= 1u << i;
	}
	return 0;
}
