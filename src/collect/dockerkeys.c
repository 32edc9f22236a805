/* What makes the evidence mean to scapforge what it means to Docker's Go
 * decoder: the keys the checks read, in their one spelling and once each,
 * and their values of the types Docker writes. */
#include <string.h>
#include <strings.h>

#include "collect/evidence_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonread.h"

enum want { ANY, STRING, OBJECT, ARRAY_OR_NULL };

static const char *const key_names[SF_EVK_COUNT] = {
    [SF_EVK_OTHER] = "",          [SF_EVK_ID] = "Id",
    [SF_EVK_NAME] = "Name",       [SF_EVK_IMAGE] = "Image",
    [SF_EVK_PATH] = "Path",       [SF_EVK_ARGS] = "Args",
    [SF_EVK_CONFIG] = "Config",   [SF_EVK_HOSTCONFIG] = "HostConfig",
    [SF_EVK_PLATFORM] = "Platform", [SF_EVK_SCAPFORGE] = "Scapforge",
    [SF_EVK_PIDMODE] = "PidMode", [SF_EVK_IPCMODE] = "IpcMode",
    [SF_EVK_ENV] = "Env"};

const char *sf_ev_key_name(sf_ev_key k)
{
	return k > SF_EVK_OTHER && k < SF_EVK_COUNT ? key_names[k] : "";
}

sf_ev_key sf_ev_intern(const char *text, size_t len)
{
	int k;

	if (len < 2 || len > 10) /* "Id" to "HostConfig" */
		return SF_EVK_OTHER;
	for (k = SF_EVK_ID; k < SF_EVK_COUNT; k++)
		if (key_names[k][0] == text[0] && strlen(key_names[k]) == len &&
		    !memcmp(key_names[k], text, len))
			return (sf_ev_key)k;
	return SF_EVK_OTHER;
}

/* Keys the checks and the exclusion read, in each object they are read
 * from. */
static const sf_ev_key container_keys[] = {
    SF_EVK_ID,     SF_EVK_NAME,       SF_EVK_IMAGE,    SF_EVK_PATH,
    SF_EVK_ARGS,   SF_EVK_CONFIG,     SF_EVK_HOSTCONFIG, SF_EVK_PLATFORM,
    SF_EVK_SCAPFORGE, SF_EVK_NONE};
static const sf_ev_key hostconfig_keys[] = {SF_EVK_PIDMODE, SF_EVK_IPCMODE,
                                            SF_EVK_NONE};
static const sf_ev_key config_keys[] = {SF_EVK_IMAGE, SF_EVK_ENV,
                                        SF_EVK_NONE};

/* What Docker writes at the current place, for the fields read. */
static enum want wanted(const sf_ev_filter *fl)
{
	size_t level;
	const sf_ev_frame *p = fl->depth ? &fl->stack[fl->depth - 1] : NULL;
	sf_ev_key k, k0;

	if (!p || fl->depth < fl->element_depth)
		return ANY;
	level = fl->depth - fl->element_depth;
	k = p->has_key ? p->kid : SF_EVK_NONE;
	if (p->is_map && level == 0) {
		switch (k) {
		case SF_EVK_ID:
		case SF_EVK_NAME:
		case SF_EVK_IMAGE:
		case SF_EVK_PATH:
		case SF_EVK_PLATFORM:
			return STRING;
		case SF_EVK_CONFIG:
		case SF_EVK_HOSTCONFIG:
			return OBJECT;
		case SF_EVK_ARGS:
			return ARRAY_OR_NULL;
		default:
			return ANY;
		}
	}
	if (level > 2)
		return ANY;
	k0 = sf_ev_key_at(fl, 0);
	if (p->is_map && level == 1 && k0 == SF_EVK_HOSTCONFIG)
		return k == SF_EVK_PIDMODE || k == SF_EVK_IPCMODE ? STRING : ANY;
	if (p->is_map && level == 1 && k0 == SF_EVK_CONFIG)
		return k == SF_EVK_IMAGE ? STRING
		       : k == SF_EVK_ENV ? ARRAY_OR_NULL
		                         : ANY;
	if (!p->is_map && level == 1 && k0 == SF_EVK_ARGS)
		return STRING;
	if (!p->is_map && level == 2 && k0 == SF_EVK_CONFIG &&
	    sf_ev_key_at(fl, 1) == SF_EVK_ENV)
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

		/* only the watched keys have a type to check, so each
		 * key on the way is one of them, spelt as Docker does */
		if (p->is_map && p->has_key)
			sf_buf_printf(&fl->scratch, "%s%s",
			              d > fl->element_depth ? "." : "",
			              sf_ev_key_name(p->kid));
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

/* The keys read in the object of frame p, or NULL. */
static const sf_ev_key *watched_in(const sf_ev_frame *p)
{
	switch (p->watch) {
	case SF_EVW_CONTAINER:
		return container_keys;
	case SF_EVW_HOSTCONFIG:
		return hostconfig_keys;
	case SF_EVW_CONFIG:
		return config_keys;
	default:
		return NULL;
	}
}

unsigned long long sf_dockerkeys_starts(const sf_ev_frame *p)
{
	const sf_ev_key *watched = watched_in(p);
	unsigned long long bits = 0;
	size_t i;

	for (i = 0; watched && watched[i] != SF_EVK_NONE; i++)
		bits |= sf_ypath_key_bit(key_names[watched[i]][0]);
	return bits;
}

int sf_dockerkeys_watched(const sf_ev_frame *p, const char *key, size_t len)
{
	const sf_ev_key *watched = watched_in(p);
	size_t i;

	for (i = 0; watched && watched[i] != SF_EVK_NONE; i++) {
		const char *name = key_names[watched[i]];

		if ((name[0] | 0x20) == (key[0] | 0x20) &&
		    !strncasecmp(name, key, len) && !name[len])
			return 1;
	}
	return 0;
}

/* A key the checks read must be spelt as Docker spells it, once; the
 * key's interned name is the frame's already. */
int sf_dockerkeys_check_key(sf_ev_filter *fl, const sf_jtok *t)
{
	sf_ev_frame *p = sf_ev_top(fl);
	const sf_ev_key *watched = watched_in(p);
	unsigned char first = (unsigned char)t->text[0];
	size_t i;

	for (i = 0; watched && watched[i] != SF_EVK_NONE; i++) {
		const char *name = key_names[watched[i]];

		if (p->kid != watched[i]) {
			/* a key Go folds to name starts with name's first
			 * letter in either case, or with the lead byte of a
			 * non-ASCII letter that folds to it */
			if ((first < 0x80 && (first | 0x20) != (name[0] | 0x20)) ||
			    !go_same_key(t->text, t->len, name))
				continue;
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' at line %zu, column %zu is another spelling of '%s', which Docker reads as the same key",
			    sf_ev_container_number(fl), fl->name, fl->f.line,
			    t->text, t->line, t->column, name);
		}
		if (p->seen & (1u << i))
			return sf_error_set(
			    "container %zu of evidence '%s' (line %zu): the key '%s' appears twice (again at line %zu, column %zu), and Docker reads only the last",
			    sf_ev_container_number(fl), fl->name, fl->f.line,
			    t->text, t->line, t->column);
		p->seen |= 1u << i;
	}
	return 0;
}
