#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/dataroot.h"
#include "collect/psline.h"
#include "emit/portable.h"
#include "eval/entity.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/jsontree.h"
#include "util/sha256.h"

/* What the definitions read of each container, as patterns. */
typedef struct patterns {
	sf_buf name, image, command, mode[SF_NS_KINDS];
	char *exclude; /* "(?i)" and the exclusion pattern, or NULL */
} patterns;

static void patterns_make(patterns *p, const char *exclude)
{
	static const char *const name[] = {"Name"}, *const path[] = {"Path"},
	                         *const image[] = {"Config", "Image"};
	int k;

	memset(p, 0, sizeof(*p));
	sf_portable_member_pattern(&p->name, name, 1, SF_PORTABLE_NAME_VALUE);
	sf_portable_member_pattern(&p->image, image, 2,
	                           SF_PORTABLE_STRING_VALUE);
	sf_portable_member_pattern(&p->command, path, 1,
	                           SF_PORTABLE_COMMAND_VALUE);
	for (k = 0; k < SF_NS_KINDS; k++) {
		const char *key = sf_ns_key((sf_ns_kind)k);

		sf_portable_member_pattern(&p->mode[k], &key, 1,
		                           SF_PORTABLE_STRING_VALUE);
	}
	if (exclude && *exclude) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "(?i)%s", exclude);
		p->exclude = sf_buf_detach(&b);
	}
}

static void patterns_release(patterns *p)
{
	int k;

	sf_buf_release(&p->name);
	sf_buf_release(&p->image);
	sf_buf_release(&p->command);
	for (k = 0; k < SF_NS_KINDS; k++)
		sf_buf_release(&p->mode[k]);
	free(p->exclude);
}

/* The first group of the pattern's first match in text (in pool), or
 * NULL: as a textfilecontent54 object of instance 1 reads it. */
static const char *capture(const char *pattern, const sf_buf *text,
                           sf_strpool *pool)
{
	size_t ov[4], ng;

	if (!text->len ||
	    sf_regex_search_groups(pattern, SF_RE_MULTILINE, text->ptr,
	                           text->len, 0, ov, 2, &ng) != 1 ||
	    ng < 1 || ov[2] == SF_RE_UNSET)
		return NULL;
	return sf_strpool_add(pool, text->ptr + ov[2], ov[3] - ov[2]);
}

/* "Path Args..." from the command as the definitions read it (Path's
 * text, then "Args" as JSON), decoded; the text itself when it is not
 * JSON. */
static const char *shown_command(const char *subject, sf_strpool *pool)
{
	sf_buf b = SF_BUF_INIT, out = SF_BUF_INIT;
	sf_jtree *t = NULL;
	const sf_jtree *args;
	const char *s = subject, *path;
	size_t i;

	sf_buf_printf(&b, "{\"Path\":\"%s}", subject);
	if (sf_jtree_parse(&t, "config.v2.json", b.ptr, b.len) == 0 &&
	    (path = sf_jtree_str(t, "Path")) &&
	    (args = sf_jtree_get(t, "Args")) && args->kind == SF_JTREE_ARRAY) {
		sf_buf_puts(&out, path);
		for (i = 0; i < args->n; i++)
			if (args->kids[i].kind == SF_JTREE_STRING)
				sf_buf_printf(&out, " %s", args->kids[i].str);
		s = sf_strpool_add(pool, out.ptr, out.len);
	}
	sf_jtree_free(t);
	sf_buf_release(&b);
	sf_buf_release(&out);
	return s;
}

/* Whether the exclusion pattern matches one of the container's name,
 * image and command (subject: as the definitions read them, NULL where
 * they find none), what matched going to c->matched. */
static int excluded(const patterns *p, sf_container *c,
                    const char *const subject[3], sf_strpool *pool)
{
	const char *what[] = {"name", "image", "command"};
	size_t i;

	if (!p->exclude)
		return 0;
	for (i = 0; i < 3; i++) {
		sf_buf b = SF_BUF_INIT;

		if (!subject[i] ||
		    sf_entity_compare(SF_DT_STRING, SF_OPN_PATTERN, subject[i],
		                      p->exclude) != SF_OVAL_TRUE)
			continue;
		sf_buf_printf(&b, "%s '%s'", what[i],
		              i == 2 ? c->command : subject[i]);
		c->matched = sf_strpool_add(pool, b.ptr, b.len);
		sf_buf_release(&b);
		return 1;
	}
	return 0;
}

/* Adds a sentence to the problems. */
static void problem(sf_buf *problems, const char *text)
{
	sf_buf_printf(problems, "%s%s.", problems->len ? " " : "", text);
}

/* Reads dir/file into text, adding it to the digest; a problem when it
 * cannot be. Returns 0 when read. */
static int read_one(const char *dir, const char *file, sf_buf *text,
                    sf_sha256 *digest, sf_buf *problems)
{
	sf_buf path = SF_BUF_INIT;
	int rc;

	sf_buf_printf(&path, "%s/%s", dir, file);
	sf_buf_clear(text);
	rc = sf_file_read(path.ptr, text);
	if (rc < 0) {
		problem(problems, sf_error_last());
	} else {
		char len[32];

		/* the path and length too: no two sets of files alike */
		snprintf(len, sizeof(len), "%zu", text->len);
		sf_sha256_update(digest, path.ptr, path.len + 1);
		sf_sha256_update(digest, len, strlen(len) + 1);
		sf_sha256_update(digest, text->ptr, text->len);
	}
	sf_buf_release(&path);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The container folders' names, sorted; a problem says why the folder
 * could not be listed, or not to its end. */
static void list(const char *dir, char ***out, size_t *n, sf_buf *problems)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t alloc = 0;
	sf_buf why = SF_BUF_INIT;

	*out = NULL;
	*n = 0;
	if (!d) {
		sf_buf_printf(&why, "cannot list '%s': %s%s", dir,
		              strerror(errno),
		              errno == ENOENT ? " (not Docker's data root?)" : "");
		problem(problems, why.ptr);
		sf_buf_release(&why);
		return;
	}
	for (errno = 0; (e = readdir(d)); errno = 0) {
		sf_buf path = SF_BUF_INIT;
		struct stat st;
		size_t len = strlen(e->d_name);

		if (len != 64 || strspn(e->d_name, "0123456789abcdef") != 64)
			continue;
		sf_buf_printf(&path, "%s/%s", dir, e->d_name);
		/* a link is not followed, as the definitions do not */
		if (lstat(path.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			*out = sf_xgrow(*out, &alloc, *n + 1, sizeof(**out));
			(*out)[(*n)++] = sf_xstrdup(e->d_name);
		}
		sf_buf_release(&path);
	}
	if (errno) {
		sf_buf_printf(&why, "cannot list '%s' to its end: %s", dir,
		              strerror(errno));
		problem(problems, why.ptr);
		sf_buf_release(&why);
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), by_name);
}

static void place(sf_evidence *ev, const sf_container *c, int out)
{
	ev->placed = sf_xgrow(ev->placed, &ev->placed_alloc, ev->ninput + 1,
	                      sizeof(long));
	if (out) {
		ev->excluded = sf_xgrow(ev->excluded, &ev->excluded_alloc,
		                        ev->nexcluded + 1, sizeof(*c));
		ev->placed[ev->ninput++] = -(long)ev->nexcluded - 1;
		ev->excluded[ev->nexcluded++] = *c;
	} else {
		ev->assessed = sf_xgrow(ev->assessed, &ev->assessed_alloc,
		                        ev->nassessed + 1, sizeof(*c));
		ev->placed[ev->ninput++] = (long)ev->nassessed;
		ev->assessed[ev->nassessed++] = *c;
	}
}

int sf_dataroot_read(const char *root, const char *exclude, sf_strpool *pool,
                     sf_evidence *ev, sf_buf *problems)
{
	sf_buf dir = SF_BUF_INIT, one = SF_BUF_INIT, config = SF_BUF_INIT,
	       host = SF_BUF_INIT;
	char **ids = NULL;
	size_t n = 0, i;
	sf_sha256 digest;
	patterns p;
	int k;

	memset(ev, 0, sizeof(*ev));
	ev->pool = pool;
	patterns_make(&p, exclude);
	if (p.exclude && sf_entity_compare(SF_DT_STRING, SF_OPN_PATTERN, "",
	                                   p.exclude) == SF_OVAL_ERROR) {
		patterns_release(&p);
		return sf_error_set("the exclusion pattern '%s' is not a "
		                    "regular expression",
		                    exclude);
	}
	sf_sha256_init(&digest);
	sf_buf_printf(&dir, "%s/containers", root);
	list(dir.ptr, &ids, &n, problems);
	for (i = 0; i < n; i++) {
		sf_container c;
		const char *subject[3] = {NULL, NULL, NULL}, *command;

		memset(&c, 0, sizeof(c));
		c.id = sf_strpool_str(pool, ids[i]);
		sf_buf_clear(&one);
		sf_buf_printf(&one, "%s/%s", dir.ptr, ids[i]);
		if (read_one(one.ptr, "config.v2.json", &config, &digest,
		             problems) == 0) {
			subject[0] = capture(p.name.ptr, &config, pool);
			subject[1] = capture(p.image.ptr, &config, pool);
			subject[2] = capture(p.command.ptr, &config, pool);
		}
		command = subject[2];
		c.has_hostconfig = read_one(one.ptr, "hostconfig.json", &host,
		                            &digest, problems) == 0;
		for (k = 0; c.has_hostconfig && k < SF_NS_KINDS; k++) {
			const char *mode = capture(p.mode[k].ptr, &host, pool);

			c.ns[k].mode = mode ? sf_xstrdup(mode) : NULL;
			if (mode && !sf_ns_is_joiner(mode))
				sf_ns_resolve_direct((sf_ns_kind)k, &c.ns[k]);
		}
		c.command = command ? shown_command(command, pool) : "";
		c.ps_command = "";
		if (command) {
			char *ps = sf_ps_command_column(c.command);

			c.ps_command = sf_strpool_str(pool, ps);
			free(ps);
		}
		c.name = subject[0] ? subject[0] : "";
		c.image = subject[1] ? subject[1] : "";
		place(ev, &c, excluded(&p, &c, subject, pool));
		free(ids[i]);
	}
	free(ids);
	if (sf_evidence_resolve(ev, root) < 0)
		problem(problems, sf_error_last());
	sf_sha256_hex(&digest, ev->sha256);
	sf_sha256_release(&digest);
	patterns_release(&p);
	sf_buf_release(&dir);
	sf_buf_release(&one);
	sf_buf_release(&config);
	sf_buf_release(&host);
	return 0;
}
