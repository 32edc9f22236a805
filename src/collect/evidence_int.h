/*
 * Inside a read of evidence (collect/evidence.h), shared by its three
 * files: the stream of tokens filtered and copied (evidence.c), Docker's
 * reading of the keys and values the checks read (dockerkeys.c), and each
 * complete container kept, excluded or found inapplicable (containers.c).
 * Nothing else includes it.
 *
 * Invariants of a read: stack[0] to stack[depth - 1] are the open objects
 * and arrays, the innermost last; a container's own object is the one at
 * depth element_depth (1 when the input is one object, 2 inside the top
 * array); f holds what has been read of the current container and elem
 * (from elem_start) its copy as written so far, which is written straight
 * into the buffer of the file it is kept in, or dropped from it (f is
 * cleared when the container is complete); skip is
 * not 0 only inside a value the input carried under "Scapforge".
 */
#ifndef SF_COLLECT_EVIDENCE_INT_H
#define SF_COLLECT_EVIDENCE_INT_H

#include <stddef.h>
#include <string.h>

#include "collect/evfile.h"
#include "collect/evidence.h"
#include "collect/namespaces.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/jsonread.h"
#include "util/pattern.h"

/* What the container being read says about itself. */
typedef struct sf_ev_facts {
	char *id, *name, *image, *config_image, *path, *platform;
	sf_buf args;
	size_t line; /* where the container starts */
	int has_hostconfig;
	sf_nsmode ns[SF_NS_KINDS];
	size_t slot[SF_NS_KINDS]; /* offset in the copy of an unresolved
	                             mode, or 0 */
	sf_buf target; /* the input's Scapforge.Target, as canonical JSON */
	size_t target_depth; /* skip's level inside it, or 0 */
	int has_target;
} sf_ev_facts;

/* The keys the checks and the exclusion read, interned once as they are
 * met (sf_ev_intern), so that each token is placed by comparing numbers;
 * every other key is SF_EVK_OTHER. */
typedef enum sf_ev_key {
	SF_EVK_NONE = -1, /* no key: an array's item, or the top */
	SF_EVK_OTHER,
	SF_EVK_ID,
	SF_EVK_NAME,
	SF_EVK_IMAGE,
	SF_EVK_PATH,
	SF_EVK_ARGS,
	SF_EVK_CONFIG,
	SF_EVK_HOSTCONFIG,
	SF_EVK_PLATFORM,
	SF_EVK_SCAPFORGE,
	SF_EVK_PIDMODE,
	SF_EVK_IPCMODE,
	SF_EVK_ENV,
	SF_EVK_COUNT
} sf_ev_key;

/* Docker's spelling of key k. */
const char *sf_ev_key_name(sf_ev_key k);
/* The key of text (len bytes) as Docker spells it, or SF_EVK_OTHER. */
sf_ev_key sf_ev_intern(const char *text, size_t len);

/* What an open object or array is to the checks and the exclusion: only
 * in these are keys and values looked at one by one; any other
 * collection that no YAML path enters is copied whole
 * (sf_jsonread_copy_rest). */
typedef enum sf_ev_watch {
	SF_EVW_NONE,
	SF_EVW_OUTER,      /* the array around the containers */
	SF_EVW_CONTAINER,  /* a container's own object */
	SF_EVW_CONFIG,     /* its Config */
	SF_EVW_HOSTCONFIG, /* its HostConfig */
	SF_EVW_ARGS,       /* its Args */
	SF_EVW_ENV         /* its Config.Env */
} sf_ev_watch;

typedef struct sf_ev_frame {
	int is_map;
	int expecting_key;
	int has_key;
	sf_ev_key kid; /* the key's, when has_key */
	sf_ev_watch watch;
	/* the first bytes of the keys wanted here, as
	 * sf_ypath_walker_key_starts has them; others are copied */
	unsigned long long key_starts;
	size_t count;
	unsigned seen; /* the watched keys met in this object */
} sf_ev_frame;

typedef struct sf_ev_filter {
	const char *name;
	sf_ypath_walker *walker;
	sf_pattern *re;
	int keep_env;
	const char *engine_os;
	const char *target_json; /* written as each container's
	                            Scapforge.Target, or NULL */
	sf_evidence *ev;
	sf_evfile out;  /* the assessed containers */
	sf_evfile excl; /* the excluded ones, when asked for */
	int with_excl;
	sf_jsonread r;
	sf_ev_frame *stack;
	size_t depth, alloc;
	size_t element_depth; /* depth of a container's object */
	int root_seq;
	size_t skip; /* open levels of a skipped value, plus one */
	int joiners;
	sf_buf *elem;      /* the current container's copy goes here, */
	size_t elem_start; /* from here: straight into out's buffer */
	sf_buf scratch;
	sf_ev_facts f;
} sf_ev_filter;

static inline sf_ev_frame *sf_ev_top(sf_ev_filter *fl)
{
	return fl->depth ? &fl->stack[fl->depth - 1] : NULL;
}

/* The key under which the node at the current depth stands, relative to
 * the container: level 0 is a key of the container itself. */
static inline sf_ev_key sf_ev_key_at(const sf_ev_filter *fl, size_t level)
{
	size_t d = fl->element_depth + level;

	if (d > fl->depth || !fl->stack[d - 1].has_key)
		return SF_EVK_NONE;
	return fl->stack[d - 1].kid;
}

static inline size_t sf_ev_container_number(const sf_ev_filter *fl)
{
	return fl->ev->nassessed + fl->ev->nexcluded + 1;
}

/* dockerkeys.c: a key the checks read must be spelt as Docker spells it,
 * once, and a value they read must be of the type Docker writes there;
 * 0, or -1 with the last error set. */
int sf_dockerkeys_check_key(sf_ev_filter *fl, const sf_jtok *t);
int sf_dockerkeys_check_type(sf_ev_filter *fl, const sf_jtok *t);
/* Whether key (len bytes of ASCII) is, in the object of frame p, a key
 * the checks read, in any case. */
int sf_dockerkeys_watched(const sf_ev_frame *p, const char *key, size_t len);
/* The first bytes of those keys, as sf_ev_frame.key_starts has them. */
unsigned long long sf_dockerkeys_starts(const sf_ev_frame *p);

/* containers.c: the facts of the container being read, noted from its
 * string values and released; the container, once complete, kept or left
 * out (0, or -1 with the last error set); containers freed. */
void sf_containers_facts_release(sf_ev_facts *f);
/* A token inside the value the input carried under "Scapforge": nothing
 * of it is kept but its "Target", the asset scapforge recorded; 0, or -1
 * with the last error set. */
int sf_containers_skip_token(sf_ev_filter *fl, const sf_jtok *t);
void sf_containers_note_fact(sf_ev_filter *fl, const char *v);
int sf_containers_finish(sf_ev_filter *fl);
void sf_containers_free(sf_container *c, size_t n);

#endif
