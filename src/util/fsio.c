#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static int write_all(int fd, const char *data, size_t len)
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

int sf_pending_file_open(sf_pending_file *pf, const char *path)
{
	sf_buf tmp = SF_BUF_INIT;

	memset(pf, 0, sizeof(*pf));
	pf->fd = -1;
	sf_buf_printf(&tmp, "%s.XXXXXX", path);
	pf->tmp_path = sf_buf_detach(&tmp);
	pf->fd = mkstemp(pf->tmp_path);
	if (pf->fd < 0) {
		sf_error_set("cannot create a file beside '%s': %s", path,
		             strerror(errno));
		free(pf->tmp_path);
		pf->tmp_path = NULL;
		return -1;
	}
	pf->path = sf_xstrdup(path);
	if (fchmod(pf->fd, 0644) < 0) {
		sf_error_set("cannot write '%s': %s", pf->tmp_path,
		             strerror(errno));
		sf_pending_file_release(pf);
		return -1;
	}
	return 0;
}

int sf_pending_file_append(sf_pending_file *pf, const char *data, size_t len)
{
	if (pf->fd < 0 || write_all(pf->fd, data, len) < 0) {
		sf_error_set("cannot write '%s': %s", pf->tmp_path,
		             strerror(errno));
		return -1;
	}
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

int sf_pending_file_commit(sf_pending_file *pf)
{
	if (!pf->tmp_path)
		return sf_error_set("nothing to commit");
	if (pf->fd >= 0) {
		int rc = fsync(pf->fd);

		if (close(pf->fd) < 0 || rc < 0) {
			pf->fd = -1;
			return sf_error_set("cannot write '%s': %s",
			                    pf->tmp_path, strerror(errno));
		}
		pf->fd = -1;
	}
	if (rename(pf->tmp_path, pf->path) < 0)
		return sf_error_set("cannot replace '%s': %s", pf->path,
		                    strerror(errno));
	free(pf->tmp_path);
	pf->tmp_path = NULL;
	return 0;
}

void sf_pending_file_release(sf_pending_file *pf)
{
	if (pf->fd >= 0 && pf->tmp_path)
		close(pf->fd);
	pf->fd = -1;
	if (pf->tmp_path)
		unlink(pf->tmp_path);
	free(pf->tmp_path);
	free(pf->path);
	pf->tmp_path = pf->path = NULL;
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
