/*
 * File input and output. Outputs are written to a temporary file in the
 * destination folder and renamed into place, so that a reader never sees a
 * half-written file and a failed run leaves the earlier file untouched.
 */
#ifndef SF_UTIL_FSIO_H
#define SF_UTIL_FSIO_H

#include <stddef.h>

#include "util/buf.h"

/* Reads a whole regular file into out (NUL-terminated). Returns 0 or -1
 * with the last error set. */
int sf_file_read(const char *path, sf_buf *out);

/* A file being written: data goes to tmp_path until commit renames it. */
typedef struct sf_pending_file {
	char *path;
	char *tmp_path;
	int fd; /* open while streaming (sf_pending_file_open) */
} sf_pending_file;

/* Streaming: opens a fresh temporary file beside path; append writes to
 * it; commit syncs, closes and renames it. */
int sf_pending_file_open(sf_pending_file *pf, const char *path);
int sf_pending_file_append(sf_pending_file *pf, const char *data, size_t len);

/* Writes data to a fresh temporary file beside path and syncs it; the
 * real path is unchanged until sf_pending_file_commit. */
int sf_pending_file_write(sf_pending_file *pf, const char *path,
                          const char *data, size_t len);
/* Renames the temporary file over the real one. */
int sf_pending_file_commit(sf_pending_file *pf);
/* Removes the temporary file, if any, and frees the names. */
void sf_pending_file_release(sf_pending_file *pf);

/* Joins a folder and a file name with one slash. The caller frees. */
char *sf_path_join(const char *dir, const char *name);

/* Creates a folder if it does not exist. */
int sf_mkdir_p(const char *path);

#endif
