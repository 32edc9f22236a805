#define _GNU_SOURCE /* sync_file_range */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fsio.h"

int sf_file_read(const char *path, sf_buf *out)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sf_error_set("cannot open '%s': %s", path,
		                    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return sf_error_set("cannot read '%s': it is a folder", path);
	}
	sf_buf_clear(out);
	sf_buf_grow(out, 0);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			sf_error_set("cannot read '%s': %s", path,
			             strerror(errno));
			close(fd);
			return -1;
		}
		sf_buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

int sf_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The folder path is in ("." for a bare name) and the name within it. */
static char *folder_of(const char *path, char **name)
{
	const char *slash = strrchr(path, '/');

	*name = sf_xstrdup(slash ? slash + 1 : path);
	if (!slash)
		return sf_xstrdup(".");
	return sf_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Opens the folder of path, refusing one reached through a symbolic
 * link that another user made or that leads into another user's folder.
 * Returns its descriptor, or -1 with the last error set. */
static int open_folder(const char *path, const char *dir)
{
	struct stat link, st, opened;
	int fd;

	if (lstat(dir, &link) < 0)
		return sf_error_set("cannot create a file beside '%s': %s",
		                    path, strerror(errno));
	if (stat(dir, &st) < 0)
		return sf_error_set("cannot create a file beside '%s': %s",
		                    path, strerror(errno));
	if (S_ISLNK(link.st_mode) &&
	    (link.st_uid != geteuid() || st.st_uid != geteuid()))
		return sf_error_set(
		    "cannot write '%s': its folder '%s' is a symbolic link %s, and scapforge does not follow it",
		    path, dir,
		    link.st_uid != geteuid()
		        ? "another user made"
		        : "into a folder of another user");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sf_error_set("cannot create a file beside '%s': %s",
		                    path, strerror(errno));
	/* the folder opened is the one just checked */
	if (fstat(fd, &opened) < 0 || opened.st_dev != st.st_dev ||
	    opened.st_ino != st.st_ino) {
		close(fd);
		return sf_error_set("cannot write '%s': its folder '%s' changed while it was checked",
		                    path, dir);
	}
	return fd;
}

/* A fresh file name beside name in dir: O_EXCL makes it ours alone. */
static int create_temp(sf_pending_file *pf)
{
	static unsigned long counter;
	int tries;

	for (tries = 0; tries < 100; tries++) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "%s.%lx%lx.tmp", pf->name, (unsigned long)getpid(),
		              ++counter ^ (unsigned long)time(NULL) << 8);
		pf->fd = openat(pf->dir, b.ptr,
		                O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		                    O_CLOEXEC,
		                0600);
		if (pf->fd >= 0) {
			pf->tmp_name = sf_buf_detach(&b);
			return 0;
		}
		sf_buf_release(&b);
		if (errno != EEXIST)
			break;
	}
	return -1;
}

int sf_pending_file_open(sf_pending_file *pf, const char *path)
{
	mode_t mask = umask(0);

	umask(mask);
	return sf_pending_file_open_mode(pf, path, 0666 & ~(unsigned)mask);
}

int sf_pending_file_open_mode(sf_pending_file *pf, const char *path,
                              unsigned mode)
{
	char *dir;
	struct stat st;

	memset(pf, 0, sizeof(*pf));
	pf->fd = pf->dir = -1;
	dir = folder_of(path, &pf->name);
	pf->dir = open_folder(path, dir);
	if (pf->dir < 0)
		goto fail;
	/* refused now, so that renaming cannot fail for it later */
	if (fstatat(pf->dir, pf->name, &st, 0) == 0 && S_ISDIR(st.st_mode)) {
		sf_error_set("cannot write '%s': it is a folder", path);
		goto fail;
	}
	if (create_temp(pf) < 0) {
		sf_error_set("cannot create a file beside '%s': %s", path,
		             strerror(errno));
		goto fail;
	}
	/* (the name is set, so release closes what open made) */
	pf->tmp_path = sf_path_join(dir, pf->tmp_name);
	pf->path = sf_xstrdup(path);
	free(dir);
	if (fchmod(pf->fd, (mode_t)mode) < 0) {
		sf_error_set("cannot write '%s': %s", path, strerror(errno));
		sf_pending_file_release(pf);
		return -1;
	}
	return 0;
fail:
	free(dir);
	sf_pending_file_release(pf);
	return -1;
}

int sf_pending_file_append(sf_pending_file *pf, const char *data, size_t len)
{
	if (pf->fd < 0)
		return sf_error_set("nothing to write to");
	/* the name the user gave, not the temporary one */
	if (sf_write_all(pf->fd, data, len) < 0)
		return sf_error_set("cannot write '%s': %s", pf->path,
		                    strerror(errno));
	return 0;
}

int sf_pending_file_write(sf_pending_file *pf, const char *path,
                          const char *data, size_t len)
{
	if (sf_pending_file_open(pf, path) < 0)
		return -1;
	if (sf_pending_file_append(pf, data, len) < 0) {
		sf_pending_file_release(pf);
		return -1;
	}
	return 0;
}

/* Syncs and closes a temporary file (*fd, then -1): a full disk shows
 * here at the latest, before anything is renamed. */
static int finish(int *fd, const char *path)
{
	int err = fsync(*fd) < 0 ? errno : 0;

	if (close(*fd) < 0 && !err)
		err = errno;
	*fd = -1;
	if (err)
		return sf_error_set("cannot write '%s': %s", path,
		                    strerror(err));
	return 0;
}

void sf_start_writeback(int fd, off_t offset, off_t len)
{
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, offset, len, SYNC_FILE_RANGE_WRITE);
#else
	(void)fd;
	(void)offset;
	(void)len;
#endif
}

int sf_pending_file_commit(sf_pending_file *pf)
{
	if (!pf->tmp_path)
		return sf_error_set("nothing to commit");
	if (pf->fd >= 0 && finish(&pf->fd, pf->path) < 0)
		return -1;
	if (renameat(pf->dir, pf->tmp_name, pf->dir, pf->name) < 0)
		return sf_error_set("cannot replace '%s': %s", pf->path,
		                    strerror(errno));
	free(pf->tmp_path);
	free(pf->tmp_name);
	pf->tmp_path = pf->tmp_name = NULL;
	return 0;
}

void sf_pending_file_release(sf_pending_file *pf)
{
	/* a zeroed one (never opened) holds nothing: fd 0 is not its */
	if (pf->fd >= 0 && pf->tmp_name)
		close(pf->fd);
	pf->fd = -1;
	if (pf->tmp_name && pf->dir >= 0)
		unlinkat(pf->dir, pf->tmp_name, 0);
	if (pf->name && pf->dir >= 0)
		close(pf->dir);
	pf->dir = -1;
	free(pf->tmp_path);
	free(pf->path);
	free(pf->name);
	free(pf->tmp_name);
	pf->tmp_path = pf->path = pf->name = pf->tmp_name = NULL;
}

/* A pending file handed to a set: complete, and on its way to the disk
 * until commit syncs it. */
typedef struct sf_staged {
	char *path;
	char *tmp_path; /* NULL once renamed into place */
	int fd;         /* open until synced (-1 after) */
	int dir;        /* the folder, open: the names are within it */
	char *name, *tmp_name;
	char *kept;  /* a hard link (name in dir) to the file it replaces */
	int existed; /* a file was at path before the rename */
} sf_staged;

int sf_pending_set_take(sf_pending_set *set, sf_pending_file *pf)
{
	sf_staged *f;
	size_t i;

	if (!set)
		return sf_pending_file_commit(pf);
	if (!pf->tmp_path)
		return sf_error_set("nothing to commit");
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->files[i].path, pf->path))
			return sf_error_set("cannot write '%s' twice: it is "
			                    "named for two outputs",
			                    pf->path);
	/* its write to the disk starts now and overlaps what the caller
	 * does until commit, which waits for it */
	if (pf->fd >= 0)
		sf_start_writeback(pf->fd, 0, 0);
	set->files =
	    sf_xrealloc(set->files, (set->n + 1) * sizeof(*set->files));
	f = &set->files[set->n++];
	f->fd = pf->fd;
	f->path = pf->path;
	f->tmp_path = pf->tmp_path;
	f->dir = pf->dir;
	f->name = pf->name;
	f->tmp_name = pf->tmp_name;
	f->kept = NULL;
	f->existed = 0;
	pf->path = pf->tmp_path = pf->name = pf->tmp_name = NULL;
	pf->dir = pf->fd = -1;
	return 0;
}

const char *sf_pending_set_where(const sf_pending_set *set, const char *path)
{
	size_t i;

	for (i = 0; set && i < set->n; i++)
		if (set->files[i].tmp_path && !strcmp(set->files[i].path, path))
			return set->files[i].tmp_path;
	return path;
}

/* Links the file about to be replaced to a name beside the temporary
 * one, so that it can be put back. Where the file system has no hard
 * links it cannot be, and the rename goes ahead all the same. */
static void keep_earlier(sf_staged *f)
{
	sf_buf b = SF_BUF_INIT;
	struct stat st;

	f->existed = fstatat(f->dir, f->name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	if (!f->existed)
		return;
	sf_buf_printf(&b, "%s.old", f->tmp_name);
	if (linkat(f->dir, f->name, f->dir, b.ptr, 0) == 0)
		f->kept = sf_buf_detach(&b);
	sf_buf_release(&b);
}

static void put_back(sf_staged *f)
{
	if (f->kept && renameat(f->dir, f->kept, f->dir, f->name) == 0) {
		free(f->kept);
		f->kept = NULL;
	} else if (!f->existed) {
		unlinkat(f->dir, f->name, 0);
	}
}

int sf_pending_set_commit(sf_pending_set *set)
{
	struct stat st;
	size_t i, done;
	int rc = 0;

	for (i = 0; i < set->n && rc == 0; i++)
		if (set->files[i].fd >= 0)
			rc = finish(&set->files[i].fd, set->files[i].path);
	/* a folder that came in the way since: refused before any rename */
	for (i = 0; i < set->n && rc == 0; i++)
		if (fstatat(set->files[i].dir, set->files[i].name, &st, 0) ==
		        0 &&
		    S_ISDIR(st.st_mode))
			rc = sf_error_set("cannot write '%s': it is a folder",
			                  set->files[i].path);
	for (i = 0; i < set->n && rc == 0; i++)
		keep_earlier(&set->files[i]);
	for (done = 0; done < set->n && rc == 0; done++) {
		sf_staged *f = &set->files[done];

		if (renameat(f->dir, f->tmp_name, f->dir, f->name) < 0) {
			rc = sf_error_set("cannot replace '%s': %s", f->path,
			                  strerror(errno));
			break;
		}
		free(f->tmp_path);
		free(f->tmp_name);
		f->tmp_path = f->tmp_name = NULL;
	}
	if (rc < 0)
		while (done--)
			put_back(&set->files[done]);
	sf_pending_set_release(set);
	return rc;
}

void sf_pending_set_release(sf_pending_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		sf_staged *f = &set->files[i];

		if (f->fd >= 0)
			close(f->fd);
		if (f->tmp_name)
			unlinkat(f->dir, f->tmp_name, 0);
		if (f->kept)
			unlinkat(f->dir, f->kept, 0);
		if (f->dir >= 0)
			close(f->dir);
		free(f->tmp_path);
		free(f->tmp_name);
		free(f->name);
		free(f->kept);
		free(f->path);
	}
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

char *sf_path_join(const char *dir, const char *name)
{
	sf_buf b = SF_BUF_INIT;
	size_t n = strlen(dir);

	sf_buf_puts(&b, dir);
	if (n && dir[n - 1] != '/')
		sf_buf_putc(&b, '/');
	sf_buf_puts(&b, name);
	return sf_buf_detach(&b);
}

char *sf_path_absolute(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
	    slash
	        ? sf_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
	        : sf_xstrdup(".");
	char *real = realpath(dir, NULL);
	char *out = real ? sf_path_join(real, slash ? slash + 1 : path)
	                 : sf_xstrdup(path);

	free(real);
	free(dir);
	return out;
}

int sf_mkdir_p(const char *path)
{
	char *copy = sf_xstrdup(path), *p;
	struct stat st;
	int rc = 0;

	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, 0755) < 0 &&
		    (errno != EEXIST || stat(copy, &st) < 0 ||
		     !S_ISDIR(st.st_mode))) {
			rc = sf_error_set("cannot create folder '%s': %s", copy,
			                  errno == EEXIST
			                      ? "a file is in the way"
			                      : strerror(errno));
			break;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(copy);
	return rc;
}
