#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/strpool.h"

#define BLOCK 65536

typedef struct block {
	struct block *next;
	size_t used, size;
	char data[];
} block;

typedef struct slot {
	const char *s; /* NULL: empty */
	uint32_t hash;
	uint32_t len;
} slot;

struct sf_strpool {
	block *blocks; /* the newest first */
	slot *table;
	size_t nslots, count, bytes;
};

/* Eight bytes at a time, each word multiplied in (the tail zero-padded,
 * the length mixed in so that padding cannot collide). */
static uint32_t hash_of(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	h *= 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(h >> 32);
}

sf_strpool *sf_strpool_new(void)
{
	sf_strpool *p = sf_xcalloc(1, sizeof(*p));

	p->nslots = 256;
	p->table = sf_xcalloc(p->nslots, sizeof(*p->table));
	return p;
}

static char *store(sf_strpool *p, const char *s, size_t len)
{
	block *b = p->blocks;
	char *at;

	if (!b || b->size - b->used < len + 1) {
		/* a long string gets a block of its own, behind the
		 * current one, which stays in use */
		size_t size = len + 1 > BLOCK / 4 ? len + 1 : BLOCK;

		b = sf_xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		if (size != BLOCK && p->blocks) {
			b->next = p->blocks->next;
			p->blocks->next = b;
		} else {
			b->next = p->blocks;
			p->blocks = b;
		}
		p->bytes += sizeof(*b) + size;
	}
	at = b->data + b->used;
	memcpy(at, s, len);
	at[len] = '\0';
	b->used += len + 1;
	return at;
}

static void grow(sf_strpool *p)
{
	size_t n = p->nslots * 2, i, j;
	slot *t = sf_xcalloc(n, sizeof(*t));

	for (i = 0; i < p->nslots; i++) {
		if (!p->table[i].s)
			continue;
		for (j = p->table[i].hash & (n - 1); t[j].s; j = (j + 1) & (n - 1))
			;
		t[j] = p->table[i];
	}
	free(p->table);
	p->table = t;
	p->nslots = n;
}

const char *sf_strpool_add(sf_strpool *p, const char *s, size_t len)
{
	uint32_t h = hash_of(s, len);
	const char *at;
	size_t i;
	slot *sl;

	if (len > UINT32_MAX)
		return store(p, s, len); /* never shared: cannot be compared */
	for (i = h & (p->nslots - 1); p->table[i].s; i = (i + 1) & (p->nslots - 1)) {
		sl = &p->table[i];
		if (sl->hash == h && sl->len == len && !memcmp(sl->s, s, len))
			return sl->s;
	}
	sl = &p->table[i];
	sl->s = at = store(p, s, len);
	sl->hash = h;
	sl->len = (uint32_t)len;
	if (++p->count * 2 > p->nslots)
		grow(p);
	return at;
}

const char *sf_strpool_str(sf_strpool *p, const char *s)
{
	return s ? sf_strpool_add(p, s, strlen(s)) : NULL;
}

size_t sf_strpool_size(const sf_strpool *p)
{
	return p ? p->bytes + p->nslots * sizeof(slot) : 0;
}

void sf_strpool_free(sf_strpool *p)
{
	block *b, *next;

	if (!p)
		return;
	for (b = p->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(p->table);
	free(p);
}
