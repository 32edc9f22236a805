#include <stdlib.h>
#include <string.h>

#include "collect/namespaces.h"
#include "util/buf.h"
#include "util/error.h"

#define JOIN_PREFIX "container:"

const char *sf_ns_field(sf_ns_kind k)
{
	return k == SF_NS_PID ? "HostConfig.PidMode" : "HostConfig.IpcMode";
}

const char *sf_ns_key(sf_ns_kind k)
{
	return strrchr(sf_ns_field(k), '.') + 1;
}

const char *sf_ns_effective_key(sf_ns_kind k)
{
	return k == SF_NS_PID ? "EffectivePidMode" : "EffectiveIpcMode";
}

static const char *noun(sf_ns_kind k)
{
	return k == SF_NS_PID ? "PID" : "IPC";
}

int sf_ns_is_joiner(const char *mode)
{
	return mode && !strncmp(mode, JOIN_PREFIX, strlen(JOIN_PREFIX));
}

void sf_nsmode_release(sf_nsmode *m)
{
	free(m->mode);
	free(m->effective);
	free(m->chain);
	memset(m, 0, sizeof(*m));
}

static void set(sf_nsmode *m, const char *effective, char *chain)
{
	free(m->effective);
	free(m->chain);
	m->effective = sf_xstrdup(effective);
	m->chain = chain;
}

static char *joined(const char *a, const char *b)
{
	sf_buf s = SF_BUF_INIT;

	sf_buf_puts(&s, a);
	sf_buf_puts(&s, b);
	return sf_buf_detach(&s);
}

void sf_ns_resolve_direct(sf_ns_kind k, sf_nsmode *m)
{
	const char *host_path =
	    k == SF_NS_PID ? "ns:/proc/1/ns/pid" : "ns:/proc/1/ns/ipc";

	if (!m->mode)
		return;
	if (!strcmp(m->mode, host_path))
		set(m, "host", joined(m->mode, ", which is the host's"));
	else if (!strncmp(m->mode, "ns:", 3))
		set(m, "unresolved",
		    joined(m->mode, ", which cannot be decided from the evidence"));
	else
		set(m, m->mode, NULL);
}

/* Sorted views of the members, to find a donor by ID, name or prefix. */
typedef struct index {
	sf_ns_member *m;
	size_t n;
	size_t *by_id, *by_name;
	unsigned char *state; /* per kind and member: 0 new, 1 busy, 2 done */
	const char *name;
} index;

static index *sort_ctx;

static int cmp_id(const void *a, const void *b)
{
	return strcmp(sort_ctx->m[*(const size_t *)a].id,
	              sort_ctx->m[*(const size_t *)b].id);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(sort_ctx->m[*(const size_t *)a].name,
	              sort_ctx->m[*(const size_t *)b].name);
}

/* The first position in v (sorted by key) whose key is not below s;
 * key 0 is the ID, 1 the name. */
static size_t lower_bound(const index *x, const size_t *v, int key,
                          const char *s)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const sf_ns_member *m = &x->m[v[mid]];

		if (strcmp(key ? m->name : m->id, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The member at v[i] when it alone has key s (v sorted by key), -2
 * when the next has it too: no engine has two, so neither is meant. */
static long only(const index *x, const size_t *v, int key, size_t i,
                 const char *s)
{
	const sf_ns_member *next = i + 1 < x->n ? &x->m[v[i + 1]] : NULL;

	if (next && !strcmp(key ? next->name : next->id, s))
		return -2;
	return (long)v[i];
}

/* As the engine finds a container (the daemon's GetContainer): full ID
 * as written, then name (with or without its '/'), then a unique ID
 * prefix as written. Returns the member, -1 when none, -2 when
 * ambiguous. */
static long find(const index *x, const char *ref)
{
	const char *name = ref + (*ref == '/');
	size_t i, len = strlen(ref);

	if (!len)
		return -1;
	i = lower_bound(x, x->by_id, 0, ref);
	if (i < x->n && !strcmp(x->m[x->by_id[i]].id, ref))
		return only(x, x->by_id, 0, i, ref);
	if (*name) {
		size_t j = lower_bound(x, x->by_name, 1, name);

		if (j < x->n && !strcmp(x->m[x->by_name[j]].name, name))
			return only(x, x->by_name, 1, j, name);
	}
	if (i < x->n && !strncmp(x->m[x->by_id[i]].id, ref, len)) {
		if (i + 1 < x->n && !strncmp(x->m[x->by_id[i + 1]].id, ref, len))
			return -2;
		return (long)x->by_id[i];
	}
	return -1;
}

static int cycle_error(const index *x, sf_ns_kind k, size_t start)
{
	sf_buf names = SF_BUF_INIT;
	size_t at = start, steps = 0;

	do {
		long next;

		sf_buf_printf(&names, "%s'%s'", steps ? " -> " : "",
		              x->m[at].name);
		next = find(x, x->m[at].ns[k].mode + strlen(JOIN_PREFIX));
		at = (size_t)next;
		steps++;
	} while (at != start && steps <= x->n);
	sf_buf_printf(&names, " -> '%s'", x->m[start].name);
	sf_error_set(
	    "evidence '%s' has containers that join each other's %s namespace in a cycle (%s, %s), which no Docker engine can run",
	    x->name, noun(k), sf_buf_cstr(&names), sf_ns_field(k));
	sf_buf_release(&names);
	return -1;
}

/* How a resolved container ends a chain: its chain, or its own value. */
static const char *described(const sf_nsmode *t)
{
	if (t->chain)
		return t->chain;
	return *t->mode ? t->mode : "\"\"";
}

/* The chain from path[j] to its end t: every hop's value, the middle of
 * a long chain left out so that the text stays short. */
static char *chain_text(const index *x, sf_ns_kind k, const size_t *path,
                        size_t len, size_t j, const sf_nsmode *t)
{
	sf_buf b = SF_BUF_INIT;
	size_t q, hops = len - j;

	for (q = j; q < len; q++) {
		if (hops > 5 && q == j + 3) {
			sf_buf_printf(&b, "... (%zu more), which is ", len - q - 1);
			q = len - 1;
		}
		sf_buf_printf(&b, "%s, which is ", x->m[path[q]].ns[k].mode);
	}
	if (t->mode)
		sf_buf_puts(&b, described(t));
	else
		sf_buf_printf(&b, "a container without %s", sf_ns_field(k));
	return sf_buf_detach(&b);
}

/* Follows the joiners from start to a container that joins nothing (or
 * is already resolved), then resolves the whole chain from its end; no
 * recursion, so no chain is too long. */
static int resolve(index *x, sf_ns_kind k, size_t start, size_t **path,
                   size_t *alloc)
{
	size_t len = 0, at = start, j;
	unsigned char *st;
	const sf_nsmode *t;
	const char *eff;
	long donor;

	for (;;) {
		st = &x->state[k * x->n + at];
		if (*st == 2)
			break;
		if (*st == 1)
			return cycle_error(x, k, at);
		if (!sf_ns_is_joiner(x->m[at].ns[k].mode)) {
			sf_ns_resolve_direct(k, &x->m[at].ns[k]);
			*st = 2;
			break;
		}
		*st = 1;
		if (len == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 16;
			*path = sf_xrealloc(*path, *alloc * sizeof(**path));
		}
		(*path)[len++] = at;
		donor = find(x, x->m[at].ns[k].mode + strlen(JOIN_PREFIX));
		if (donor < 0) {
			sf_nsmode *m = &x->m[at].ns[k];

			set(m, "unresolved",
			    joined(m->mode,
			           donor == -1
			               ? ", which is not in the evidence"
			               : ", which names several containers of the evidence"));
			*st = 2;
			len--;
			break;
		}
		at = (size_t)donor;
	}
	t = &x->m[at].ns[k];
	eff = !t->mode                                ? "unresolved"
	      : !strcmp(t->effective, "host")         ? "host"
	      : !strcmp(t->effective, "unresolved")   ? "unresolved"
	                                              : "container";
	for (j = 0; j < len; j++) {
		set(&x->m[(*path)[j]].ns[k], eff,
		    chain_text(x, k, *path, len, j, t));
		x->state[k * x->n + (*path)[j]] = 2;
	}
	return 0;
}

int sf_ns_resolve(sf_ns_member *members, size_t n, const char *name)
{
	index x;
	size_t i, *path = NULL, alloc = 0;
	int rc = 0, k;

	memset(&x, 0, sizeof(x));
	x.m = members;
	x.n = n;
	x.name = name;
	x.by_id = sf_xcalloc(n ? n : 1, sizeof(size_t));
	x.by_name = sf_xcalloc(n ? n : 1, sizeof(size_t));
	x.state = sf_xcalloc(n ? n * SF_NS_KINDS : 1, 1);
	for (i = 0; i < n; i++)
		x.by_id[i] = x.by_name[i] = i;
	sort_ctx = &x;
	qsort(x.by_id, n, sizeof(size_t), cmp_id);
	qsort(x.by_name, n, sizeof(size_t), cmp_name);
	sort_ctx = NULL;
	for (k = 0; k < SF_NS_KINDS && rc == 0; k++)
		for (i = 0; i < n && rc == 0; i++)
			rc = resolve(&x, (sf_ns_kind)k, i, &path, &alloc);
	free(x.by_id);
	free(x.by_name);
	free(x.state);
	free(path);
	return rc;
}
