#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/evfile.h"
#include "util/error.h"

/* Written in chunks of this size: one write (and one digest update) per
 * container cost more than the copying. */
#define FLUSH_AT (256u << 10)

/* The thread that hashes and writes the chunks. The caller hands it one
 * chunk at a time (busy) and waits for it only to hand over the next,
 * to end the file, or to learn of a failed write (err). The chunks of
 * a file that is kept start on their way to the disk as they are
 * written, here rather than all at once when the file is committed. */
struct sf_evwriter {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	sf_buf chunk; /* the thread's while busy */
	int busy, quit, err;
	int fd;
	off_t at;       /* where the next chunk goes */
	sf_sha256 *sha; /* NULL when not fingerprinted (nor kept) */
};

static void *writer_main(void *arg)
{
	sf_evwriter *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		int err = 0;

		while (!w->busy && !w->quit)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->busy)
			break;
		pthread_mutex_unlock(&w->lock);
		if (w->sha)
			sf_sha256_update(w->sha, w->chunk.ptr, w->chunk.len);
		if (sf_write_all(w->fd, w->chunk.ptr, w->chunk.len) < 0)
			err = errno ? errno : EIO;
		else if (w->sha)
			sf_start_writeback(w->fd, w->at, (off_t)w->chunk.len);
		w->at += (off_t)w->chunk.len;
		pthread_mutex_lock(&w->lock);
		if (err && !w->err)
			w->err = err;
		w->busy = 0;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static sf_evwriter *writer_start(sf_evfile *f)
{
	sf_evwriter *w = sf_xcalloc(1, sizeof(*w));

	w->fd = f->pf.fd;
	w->sha = f->sha.ctx ? &f->sha : NULL;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_cond_destroy(&w->changed);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

/* Waits until the thread is idle; 0, or -1 with the last error set when
 * a write failed. */
static int writer_wait(sf_evfile *f)
{
	sf_evwriter *w = f->writer;
	int err;

	if (!w)
		return 0;
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->changed, &w->lock);
	err = w->err;
	pthread_mutex_unlock(&w->lock);
	if (err)
		return sf_error_set("cannot write '%s': %s", f->pf.path,
		                    strerror(err));
	return 0;
}

static void writer_stop(sf_evfile *f)
{
	sf_evwriter *w = f->writer;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = 1;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->changed);
	pthread_mutex_destroy(&w->lock);
	sf_buf_release(&w->chunk);
	free(w);
	f->writer = NULL;
}

/* Hashes and writes what is in out, here. */
static int write_here(sf_evfile *f)
{
	int rc;

	if (f->sha.ctx)
		sf_sha256_update(&f->sha, f->out.ptr, f->out.len);
	rc = sf_pending_file_append(&f->pf, f->out.ptr, f->out.len);
	sf_buf_clear(&f->out);
	return rc;
}

/* Hands what is in out to the thread, started by the first chunk that
 * fills (or, where no thread could be started, writes it here); the
 * last chunk of a file that never filled one is written here. */
static int flush(sf_evfile *f, int last)
{
	sf_buf swap;

	if (!f->out.len)
		return 0;
	f->handed += (off_t)f->out.len;
	if (!f->writer && !last)
		f->writer = writer_start(f);
	if (!f->writer)
		return write_here(f);
	if (writer_wait(f) < 0)
		return -1;
	pthread_mutex_lock(&f->writer->lock);
	swap = f->writer->chunk;
	f->writer->chunk = f->out;
	f->out = swap;
	f->writer->busy = 1;
	pthread_cond_broadcast(&f->writer->changed);
	pthread_mutex_unlock(&f->writer->lock);
	sf_buf_clear(&f->out);
	return 0;
}

static int put(sf_evfile *f, const char *data, size_t len)
{
	sf_buf_put(&f->out, data, len);
	return f->out.len >= FLUSH_AT ? flush(f, 0) : 0;
}

/* Records the placeholders of the container at start in out. */
static void note_slots(sf_evfile *f, size_t start,
                       const size_t slots[SF_NS_KINDS])
{
	int k;

	for (k = 0; k < SF_NS_KINDS; k++) {
		sf_evslot *s;

		if (!slots[k])
			continue;
		f->slots =
		    sf_xrealloc(f->slots, (f->nslots + 1) * sizeof(*f->slots));
		s = &f->slots[f->nslots++];
		s->offset = f->handed + (off_t)start + (off_t)slots[k];
		s->container = f->count;
		s->kind = (sf_ns_kind)k;
	}
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

sf_buf *sf_evfile_begin(sf_evfile *f, size_t *start)
{
	f->sep_at = f->out.len;
	sf_buf_puts(&f->out, f->count ? ",\n" : "\n");
	*start = f->out.len;
	return &f->out;
}

int sf_evfile_end(sf_evfile *f, size_t start, const size_t slots[SF_NS_KINDS])
{
	note_slots(f, start, slots);
	f->count++;
	return f->out.len >= FLUSH_AT ? flush(f, 0) : 0;
}

void sf_evfile_drop(sf_evfile *f)
{
	f->out.len = f->sep_at;
	f->out.ptr[f->out.len] = '\0';
}

int sf_evfile_add(sf_evfile *f, const char *json, size_t len,
                  const size_t slots[SF_NS_KINDS])
{
	size_t start;
	sf_buf *b = sf_evfile_begin(f, &start);

	sf_buf_put(b, json, len);
	return sf_evfile_end(f, start, slots);
}

int sf_evfile_close(sf_evfile *f)
{
	const char *end = f->count ? "\n]\n" : "]\n";

	if (put(f, end, strlen(end)) < 0 || flush(f, 1) < 0 ||
	    writer_wait(f) < 0)
		return -1;
	writer_stop(f);
	return 0;
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
	writer_stop(f);
	sf_sha256_release(&f->sha);
	sf_pending_file_release(&f->pf);
	sf_buf_release(&f->out);
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
}
