/*
 * An evidence file being written: a JSON array of containers, one per
 * line, in a temporary file beside its path (mode 0600: docker inspect
 * holds the containers' environment). A container that joins another's
 * namespace gets a placeholder of fixed width for its resolved mode,
 * written over once every container is known (sf_evfile_patch); its
 * SHA-256, when it is taken, is then taken again from the file itself.
 * The chunks are hashed and written on a thread of the file's own, while
 * the caller makes the next one.
 */
#ifndef SF_COLLECT_EVFILE_H
#define SF_COLLECT_EVFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "collect/namespaces.h"
#include "util/buf.h"
#include "util/fsio.h"
#include "util/sha256.h"

/* "unresolved" in quotes, the longest of the vocabulary of joiners;
 * shorter ones are padded with spaces, which JSON allows. */
#define SF_EVFILE_SLOT "\"unresolved\""
#define SF_EVFILE_SLOT_WIDTH 12

typedef struct sf_evslot {
	off_t offset;
	size_t container; /* its index among the file's containers */
	sf_ns_kind kind;
} sf_evslot;

typedef struct sf_evwriter sf_evwriter;

typedef struct sf_evfile {
	sf_pending_file pf;
	sf_evwriter *writer; /* the thread, once a chunk is handed over */
	sf_buf out;     /* not yet handed over */
	off_t handed;   /* bytes handed over before out's */
	size_t sep_at;  /* where the container being written starts in out,
	                   its separator included */
	sf_sha256 sha; /* ctx NULL when not fingerprinted */
	size_t count; /* containers written */
	sf_evslot *slots;
	size_t nslots;
} sf_evfile;

/* fingerprint: the file is kept: take its SHA-256 (in sha, for
 * sf_sha256_hex), and start its pages on their way to the disk as they
 * are written. */
int sf_evfile_open(sf_evfile *f, const char *path, int fingerprint);
/* Adds a container's JSON; slots[k], when not 0, is the offset in json
 * of kind k's placeholder. */
int sf_evfile_add(sf_evfile *f, const char *json, size_t len,
                  const size_t slots[SF_NS_KINDS]);
/* A container written straight into the file's buffer, with no copy:
 * returns the buffer to append its JSON to, which starts at *start.
 * Nothing else is written to the file until the container is kept
 * (sf_evfile_end; slots as for sf_evfile_add, from start) or dropped
 * (sf_evfile_drop). */
sf_buf *sf_evfile_begin(sf_evfile *f, size_t *start);
int sf_evfile_end(sf_evfile *f, size_t start,
                  const size_t slots[SF_NS_KINDS]);
void sf_evfile_drop(sf_evfile *f);
/* Ends the array; returns when all of it is written. */
int sf_evfile_close(sf_evfile *f);
/* Writes each placeholder's resolved mode, effective(container, kind),
 * and fingerprints the file again. */
int sf_evfile_patch(sf_evfile *f,
                    const char *(*effective)(size_t container, sf_ns_kind k,
                                             void *ctx),
                    void *ctx);
void sf_evfile_release(sf_evfile *f);

#endif
