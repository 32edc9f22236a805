/*
 * Evidence: docker inspect output, as the docker CLI prints it (a JSON
 * array) or as the Engine API returns one container (an object). It is
 * read as a stream of libyaml events (JSON is YAML) and written back as a
 * canonical JSON array of the assessed containers, the file the OVAL
 * checks read, one container in memory at a time. Containers that match
 * the exclusion pattern (name, image or command) are left out of that
 * file and listed, never dropped silently.
 */
#ifndef SF_COLLECT_EVIDENCE_H
#define SF_COLLECT_EVIDENCE_H

#include <stddef.h>

typedef struct sf_container {
	char *id;
	char *name;
	char *image;
	char *command;
	char *matched; /* for an excluded one: what matched the pattern */
} sf_container;

typedef struct sf_evidence {
	sf_container *assessed; /* in the order of the written array */
	size_t nassessed;
	sf_container *excluded;
	size_t nexcluded;
	long *placed; /* per input container: its index in assessed,
	                 or -1 when excluded */
	size_t ninput;
	int single_object; /* the input was one object, not an array */
	char sha256[65];   /* of the written file */
} sf_evidence;

/*
 * Reads in_path ("-": standard input), leaves out the containers whose
 * name, image or command match exclude (a POSIX extended regular
 * expression, matched without regard to case; NULL or "" excludes
 * nothing) and writes the others to out_path (atomically). Returns 0, or
 * -1 with the last error set: what is wrong with the evidence and where.
 */
int sf_evidence_filter(const char *in_path, const char *exclude,
                       const char *out_path, sf_evidence *out);
/* The same, handing every event of the input to walker as well, so that
 * YAML paths are evaluated in the same pass. The walker sees the input as
 * an array even when it is one object; its values' items are input
 * indexes (see placed). */
struct sf_ypath_walker;
int sf_evidence_filter_walk(const char *in_path, const char *exclude,
                            const char *out_path,
                            struct sf_ypath_walker *walker, sf_evidence *out);
void sf_evidence_release(sf_evidence *ev);

#endif
