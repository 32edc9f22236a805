#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/evfile.h"
#include "util/error.h"

/* Written in chunks of this size: one write (and one digest update) per
 * container cost more than the copying. */
#define FLUSH_AT (256u << 10)

static int flush(sf_evfile *f)
{
	int rc = 0;

	if (!f->out.len)
		return 0;
	if (f->sha.ctx)
		sf_sha256_update(&f->sha, f->out.ptr, f->out.len);
	rc = sf_pending_file_append(&f->pf, f->out.ptr, f->out.len);
	sf_buf_clear(&f->out);
	return rc;
}

static int put(sf_evfile *f, const char *data, size_t len)
{
	f->written += (off_t)len;
	sf_buf_put(&f->out, data, len);
	return f->out.len >= FLUSH_AT ? flush(f) : 0;
}

int sf_evfile_open(sf_evfile *f, const char *path, int fingerprint)
{
	memset(f, 0, sizeof(*f));
	f->pf.fd = -1;
	if (fingerprint)
		sf_sha256_init(&f->sha);
	if (sf_pending_file_open_mode(&f->pf, path, 0600) < 0)
		return -1;
	return put(f, "[", 1);
}

int sf_evfile_add(sf_evfile *f, const char *json, size_t len,
                  const size_t slots[SF_NS_KINDS])
{
	const char *sep = f->count ? ",\n" : "\n";
	int k;

	for (k = 0; k < SF_NS_KINDS; k++) {
		sf_evslot *s;

		if (!slots[k])
			continue;
		f->slots =
		    sf_xrealloc(f->slots, (f->nslots + 1) * sizeof(*f->slots));
		s = &f->slots[f->nslots++];
		s->offset = f->written + (off_t)strlen(sep) + (off_t)slots[k];
		s->container = f->count;
		s->kind = (sf_ns_kind)k;
	}
	f->count++;
	if (put(f, sep, strlen(sep)) < 0)
		return -1;
	return put(f, json, len);
}

int sf_evfile_close(sf_evfile *f)
{
	const char *end = f->count ? "\n]\n" : "]\n";

	if (put(f, end, strlen(end)) < 0)
		return -1;
	return flush(f);
}

int sf_evfile_patch(sf_evfile *f,
                    const char *(*effective)(size_t container, sf_ns_kind k,
                                             void *ctx),
                    void *ctx)
{
	unsigned char buf[65536];
	ssize_t got;
	off_t at = 0;
	size_t i;

	if (!f->nslots)
		return 0;
	for (i = 0; i < f->nslots; i++) {
		const sf_evslot *s = &f->slots[i];
		const char *eff = effective(s->container, s->kind, ctx);
		size_t n = strlen(eff);
		char text[SF_EVFILE_SLOT_WIDTH];

		if (n + 2 > sizeof(text))
			return sf_error_set("internal error: resolved mode '%s' too long",
			                    eff);
		memset(text, ' ', sizeof(text));
		text[0] = '"';
		memcpy(text + 1, eff, n);
		text[n + 1] = '"';
		if (pwrite(f->pf.fd, text, sizeof(text), s->offset) !=
		    (ssize_t)sizeof(text))
			return sf_error_set("cannot write '%s': %s", f->pf.path,
			                    strerror(errno));
	}
	if (!f->sha.ctx)
		return 0;
	sf_sha256_release(&f->sha);
	sf_sha256_init(&f->sha);
	while ((got = pread(f->pf.fd, buf, sizeof(buf), at)) > 0) {
		sf_sha256_update(&f->sha, buf, (size_t)got);
		at += got;
	}
	if (got < 0)
		return sf_error_set("cannot read '%s': %s", f->pf.path,
		                    strerror(errno));
	return 0;
}

void sf_evfile_release(sf_evfile *f)
{
	sf_sha256_release(&f->sha);
	sf_pending_file_release(&f->pf);
	sf_buf_release(&f->out);
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
}
