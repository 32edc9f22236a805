/*
 * The matches of a pattern over a file, kept by the engine for its life:
 * objects that read the same file with the same pattern and behaviors
 * read it once (the portable definitions read each container's
 * hostconfig.json with one pattern in up to ten objects). What is kept
 * is each match's text and capture groups, in the engine's pool; a file
 * that could not be read is not kept, and says so again when asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"

/* Capture groups reported as subexpressions of a textfilecontent item. */
#define MAX_GROUPS 32
/* The most read of a file that states no size (procfs, sysfs): those
 * are read, not mapped. */
#define MAX_UNSIZED (16u << 20)

struct sf_match_cache {
	sf_matches **slot; /* open addressing; NULL: free */
	size_t cap, n;
};

/* Files up to this size are read, not mapped. */
#define SMALL_FILE (64 * 1024)

/* A file's text: 1 with *data and *len (*mapped: 1 a mapping, 2 a
 * buffer to free), 0 when there is no file, -1 (problem set) when it is
 * there and cannot be read. */
static int load(sf_oval_engine *e, const char *path, const char **data,
                size_t *len, int *mapped)
{
	const char *where = sf_engine_where(e, path);
	/* not blocking on a fifo: its type is refused below */
	int fd = open(where, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	sf_buf b = SF_BUF_INIT;
	struct stat st;
	ssize_t got;
	void *map;

	*data = "";
	*len = 0;
	*mapped = 0;
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (fd < 0 || fstat(fd, &st) < 0) {
		sf_engine_problem(e, "cannot read '%s': %s", path,
		                  strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		sf_engine_problem(e,
		                  "cannot read '%s': it is a %s, not a regular "
		                  "file",
		                  path, sf_engine_file_type(st.st_mode));
		close(fd);
		return -1;
	}
	if (st.st_size > SMALL_FILE) {
		/* mapped, not read: an anchored pattern touches one page */
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
		           0);
		close(fd);
		if (map == MAP_FAILED) {
			sf_engine_problem(e, "cannot read '%s': %s", path,
			                  strerror(errno));
			return -1;
		}
		*data = map;
		*len = (size_t)st.st_size;
		*mapped = 1;
		return 1;
	}
	/* small, or no size stated: read to the end (for a few pages, a
	 * mapping costs more than the copy) */
	do {
		sf_buf_grow(&b, 4096);
		got = read(fd, b.ptr + b.len, b.size - b.len - 1);
		if (got > 0)
			b.len += (size_t)got;
	} while ((got > 0 || (got < 0 && errno == EINTR)) &&
	         b.len <= MAX_UNSIZED);
	if (got < 0 || b.len > MAX_UNSIZED) {
		sf_engine_problem(e, "cannot read '%s': %s", path,
		                  got < 0 ? strerror(errno)
		                          : "larger than scapforge reads");
		close(fd);
		sf_buf_release(&b);
		return -1;
	}
	close(fd);
	*len = b.len;
	*data = sf_buf_detach(&b);
	*mapped = 2;
	return 1;
}

static size_t slot_of(const sf_match_cache *mc, const char *path,
                      const char *pattern, int flags)
{
	uintptr_t h = (uintptr_t)path * 31u + (uintptr_t)pattern * 17u +
	              (uintptr_t)flags;

	h ^= h >> 17;
	return (size_t)(h * 0x9e3779b97f4a7c15ull) & (mc->cap - 1);
}

static sf_matches **find(sf_match_cache *mc, const char *path,
                         const char *pattern, int flags)
{
	size_t i = slot_of(mc, path, pattern, flags);

	while (mc->slot[i] &&
	       !(mc->slot[i]->path == path && mc->slot[i]->pattern == pattern &&
	         mc->slot[i]->flags == flags))
		i = (i + 1) & (mc->cap - 1);
	return &mc->slot[i];
}

static void grow(sf_match_cache *mc)
{
	sf_matches **old = mc->slot;
	size_t oldcap = mc->cap, i;

	mc->cap = mc->cap ? mc->cap * 2 : 64;
	mc->slot = sf_xcalloc(mc->cap, sizeof(*mc->slot));
	for (i = 0; i < oldcap; i++)
		if (old[i])
			*find(mc, old[i]->path, old[i]->pattern,
			      old[i]->flags) = old[i];
	free(old);
}

/* Every match of pattern in the text (len bytes), into ms. */
static int match_all(sf_oval_engine *e, sf_matches *ms, const char *data,
                     size_t len)
{
	size_t off = 0, ov[2 * (MAX_GROUPS + 1)], ng, g;
	int m;

	while ((m = sf_regex_search_groups(ms->pattern, ms->flags, data, len,
	                                   off, ov, MAX_GROUPS + 1, &ng)) ==
	       1) {
		sf_match *one;

		ms->m = sf_xrealloc(ms->m, (ms->n + 1) * sizeof(*ms->m));
		one = &ms->m[ms->n++];
		one->text = sf_strpool_add(e->pool, data + ov[0], ov[1] - ov[0]);
		one->ngroups = ng;
		one->groups = sf_xcalloc(ng ? ng : 1, sizeof(*one->groups));
		/* a group that took no part matched nothing */
		for (g = 1; g <= ng; g++)
			one->groups[g - 1] =
			    ov[2 * g] == SF_RE_UNSET
			        ? sf_strpool_str(e->pool, "")
			        : sf_strpool_add(e->pool, data + ov[2 * g],
			                         ov[2 * g + 1] - ov[2 * g]);
		off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		if (off > len)
			break;
	}
	if (m < 0)
		sf_engine_problem(e, "the pattern is not a valid regular "
		                     "expression");
	return m < 0 ? -1 : 0;
}

static void matches_free(sf_matches *ms)
{
	size_t i;

	for (i = 0; ms && i < ms->n; i++)
		free(ms->m[i].groups);
	if (ms)
		free(ms->m);
	free(ms);
}

int sf_engine_matches(sf_oval_engine *e, const char *path,
                      const char *pattern, int flags, const sf_matches **out)
{
	sf_match_cache *mc = e->matches;
	sf_matches **at, *ms;
	const char *data;
	size_t len;
	int mapped, rc;

	if (!mc)
		mc = e->matches = sf_xcalloc(1, sizeof(*mc));
	/* the pattern is the pool's already (an entity's value) */
	path = sf_strpool_str(e->pool, path);
	if (2 * (mc->n + 1) > mc->cap)
		grow(mc);
	at = find(mc, path, pattern, flags);
	if (*at) {
		*out = *at;
		return (*at)->absent ? 0 : 1;
	}
	rc = load(e, path, &data, &len, &mapped);
	if (rc < 0)
		return -1; /* not kept: said again when asked again */
	ms = sf_xcalloc(1, sizeof(*ms));
	ms->path = path;
	ms->pattern = pattern;
	ms->flags = flags;
	ms->absent = rc == 0;
	if (rc == 1 && match_all(e, ms, data, len) < 0) {
		matches_free(ms);
		ms = NULL;
	}
	if (mapped == 1)
		munmap((void *)data, len);
	else if (mapped == 2)
		free((void *)data);
	if (!ms)
		return -1;
	*at = ms;
	mc->n++;
	*out = ms;
	return ms->absent ? 0 : 1;
}

void sf_match_cache_free(sf_match_cache *mc)
{
	size_t i;

	if (!mc)
		return;
	for (i = 0; i < mc->cap; i++)
		matches_free(mc->slot[i]);
	free(mc->slot);
	free(mc);
}
