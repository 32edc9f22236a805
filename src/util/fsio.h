/*
 * File input and output. Outputs are written to a temporary file in the
 * destination folder and renamed into place, so that a reader never sees a
 * half-written file and a failed run leaves the earlier file untouched.
 */
#ifndef SF_UTIL_FSIO_H
#define SF_UTIL_FSIO_H

#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"

/* Reads a whole regular file into out (NUL-terminated). Returns 0 or -1
 * with the last error set. */
int sf_file_read(const char *path, sf_buf *out);

/* A file being written: data goes to tmp_path until commit renames it.
 * Its folder is held open (dir) and every name below is made, renamed
 * and removed relative to it, so that the folder checked is the folder
 * written, whatever happens to its path meanwhile. A folder reached
 * through a symbolic link is refused unless both the link and the folder
 * belong to the user running scapforge (a link planted by someone else,
 * or one into another user's folder, is not followed). */
typedef struct sf_pending_file {
	char *path;
	char *tmp_path;
	int fd;  /* open while streaming (sf_pending_file_open) */
	int dir; /* the folder, open (O_DIRECTORY) */
	char *name, *tmp_name; /* path and tmp_path within dir */
} sf_pending_file;

#define SF_PENDING_FILE_INIT                                                   \
	{                                                                      \
		NULL, NULL, -1, -1, NULL, NULL                                 \
	}

/* Streaming: opens a fresh temporary file beside path, with the mode a
 * new file gets under the umask (sf_pending_file_open_mode: mode, e.g.
 * 0600); append writes to it; commit syncs, closes and renames it. */
int sf_pending_file_open(sf_pending_file *pf, const char *path);
int sf_pending_file_open_mode(sf_pending_file *pf, const char *path,
                              unsigned mode);
int sf_pending_file_append(sf_pending_file *pf, const char *data, size_t len);
/* Writes all len bytes to fd (again after an interrupted write);
 * returns 0, or -1 with errno set and no message, so that any thread
 * may call it. */
int sf_write_all(int fd, const char *data, size_t len);
/* Starts writing len bytes of fd's pages from offset (len 0: to the
 * end) to the disk without waiting for them, where the system can: an
 * fsync later has less to wait for. */
void sf_start_writeback(int fd, off_t offset, off_t len);

/* Writes data to a fresh temporary file beside path and syncs it; the
 * real path is unchanged until sf_pending_file_commit. */
int sf_pending_file_write(sf_pending_file *pf, const char *path,
                          const char *data, size_t len);
/* Renames the temporary file over the real one. */
int sf_pending_file_commit(sf_pending_file *pf);
/* Removes the temporary file, if any, and frees the names. */
void sf_pending_file_release(sf_pending_file *pf);

/*
 * Outputs that replace the earlier ones together (a scan's evidence, ARF
 * and reports): each is made in full as a pending file and handed to
 * the set, and none is renamed into place before all are complete. If
 * one cannot be renamed, those renamed before it are put back: the
 * earlier file is kept under a temporary name (a hard link) until every
 * rename has succeeded.
 */
typedef struct sf_pending_set {
	struct sf_staged *files;
	size_t n;
} sf_pending_set;

#define SF_PENDING_SET_INIT                                                    \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Moves pf's temporary file into set, leaving pf empty, and starts
 * writing it to the disk (commit syncs it); with set NULL, renames it
 * into place at once instead (sf_pending_file_commit). Returns 0, or -1
 * with the last error set (pf is then as it was: release it). */
int sf_pending_set_take(sf_pending_set *set, sf_pending_file *pf);
/* Where the content of path is now: the temporary file the set holds for
 * it, or path itself (also when set is NULL). */
const char *sf_pending_set_where(const sf_pending_set *set, const char *path);
/* Syncs every file and renames each into place: all of them, or (-1,
 * with the last error set) none. The set is empty afterwards either way. */
int sf_pending_set_commit(sf_pending_set *set);
/* Removes the temporary files not committed. */
void sf_pending_set_release(sf_pending_set *set);

/* Joins a folder and a file name with one slash. The caller frees. */
char *sf_path_join(const char *dir, const char *name);
/* path with its folder made absolute and free of symbolic links (the
 * file itself need not exist yet); path itself when the folder cannot be
 * resolved. The caller frees. */
char *sf_path_absolute(const char *path);

/* Creates a folder if it does not exist. */
int sf_mkdir_p(const char *path);

#endif
