/*
 * Evidence: docker inspect output, as the docker CLI prints it (a JSON
 * array) or as the Engine API returns one container (an object). It is
 * read as strict JSON (util/jsonread) and written back as a canonical
 * JSON array of the assessed containers, the file the OVAL checks read,
 * one container in memory at a time. Containers that match the exclusion
 * pattern (name, image or command) are left out of that file and listed,
 * never dropped silently.
 *
 * The evidence must mean to scapforge what it means to Docker, whose Go
 * decoder matches keys without regard to case and lets the last of two
 * equal keys win: a key the checks read (or one of its parents) that
 * appears twice or in another spelling is refused, and so is a value of
 * another type than the one Docker writes there. Each written container
 * gains "Scapforge": {"EffectivePidMode": ..., "EffectiveIpcMode": ...,
 * its namespaces as Docker resolves them (collect/namespaces), and the
 * asset it is on ("Target"); what the input carried there is replaced,
 * but for a Target it recorded, which is read and, unless another is
 * given, carried over. Config.Env values are replaced by a marker
 * unless keep_env is set, as they often hold secrets.
 */
#ifndef SF_COLLECT_EVIDENCE_H
#define SF_COLLECT_EVIDENCE_H

#include <limits.h>
#include <stddef.h>

#include "collect/namespaces.h"
#include "util/fsio.h"
#include "util/strpool.h"

/* What the evidence writes in place of an environment variable's value. */
#define SF_EVIDENCE_REDACTED "(redacted by scapforge)"

/* Its strings are the evidence pool's (sf_evidence.pool). */
typedef struct sf_container {
	const char *id;
	const char *name;
	const char *image;
	const char *command;    /* Path and Args, as the engine lists them */
	const char *ps_command; /* its COMMAND column in docker ps (psline.h) */
	const char *matched; /* for an excluded one: what matched the
	                        pattern, or why the rules do not apply */
	int inapplicable; /* a Windows container: the rules are for Linux */
	size_t line;   /* where it starts in the input */
	int has_hostconfig;
	sf_nsmode ns[SF_NS_KINDS];
} sf_container;

/* placed[] of a container the rules do not apply to. */
#define SF_PLACED_NA LONG_MIN

typedef struct sf_evidence {
	sf_container *assessed; /* in the order of the written array */
	size_t nassessed;
	sf_container *excluded;
	size_t nexcluded;
	long *placed; /* per input container: its index in assessed, or
	                 -(its index in excluded) - 1, or SF_PLACED_NA */
	size_t ninput;
	size_t assessed_alloc, excluded_alloc, placed_alloc;
	int single_object; /* the input was one object, not an array */
	char sha256[65];   /* of the written file */
	/* the asset the input's containers recorded (Scapforge.Target, as
	 * canonical JSON), when every one of them recorded the same; NULL
	 * when none did or they disagree (target_mixed) */
	char *recorded_target;
	int target_mixed;
	/* the excluded containers as evidence, when asked for: a temporary
	 * file (tmp_path) the scan reads, removed on release */
	sf_pending_file excluded_file;
	/* the containers' strings, each once: the scan's pool, or one of
	   the evidence's own (own_pool) */
	sf_strpool *pool;
	int own_pool;
} sf_evidence;

/*
 * Reads in_path ("-": standard input), leaves out the containers whose
 * name, image or command (as docker ps shows it) match exclude (a PCRE2
 * regular expression, matched without regard to case with bounded cost;
 * NULL or "" excludes nothing) and writes the others to out_path (atomically). Returns 0, or
 * -1 with the last error set: what is wrong with the evidence and where.
 */
int sf_evidence_filter(const char *in_path, const char *exclude,
                       const char *out_path, sf_evidence *out);
/* Everything a read of evidence may be told (sf_evidence_read). The
 * walker is handed every event of the input, so that YAML paths are
 * evaluated in the same pass; it sees the input as an array even when it
 * is one object, and its values' items are input indexes (see placed). */
struct sf_ypath_walker;
typedef struct sf_evidence_opts {
	const char *exclude; /* the exclusion pattern; NULL or "": none */
	int keep_env;        /* keep Config.Env values */
	const char *name;    /* the input as messages name it (NULL: its
	                        path), e.g. the engine it came from */
	const char *excluded_out; /* where to write the excluded containers
	                             as evidence (see excluded_file), or NULL */
	struct sf_pending_set *commit; /* the output joins this set; NULL:
	                                  it is renamed into place at once */
	struct sf_ypath_walker *walker;
	const char *engine_os; /* the engine's Os, when collected: "windows"
	                          makes every container inapplicable */
	const char *target_json; /* a JSON object: the asset the containers
	                            are on, written as each one's
	                            Scapforge.Target; NULL: the input's own
	                            record, if any, is carried over */
	sf_strpool *pool; /* for the containers' strings, outliving the
	                     evidence; NULL: one of its own */
} sf_evidence_opts;

int sf_evidence_read(const char *in_path, const char *out_path,
                     const sf_evidence_opts *o, sf_evidence *out);
void sf_evidence_release(sf_evidence *ev);
/* Resolves the joiners among every container of ev, assessed or
 * excluded (name: the evidence's, for messages). Returns 0, or -1 with
 * the last error set for a cycle. */
int sf_evidence_resolve(sf_evidence *ev, const char *name);
/* How many of the excluded containers are there only because the rules
 * do not apply to them. */
size_t sf_evidence_inapplicable(const sf_evidence *ev);

#endif
