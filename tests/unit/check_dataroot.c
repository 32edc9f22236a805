/* Suite for src/collect/dataroot: Docker's data root read as the portable
 * definitions read it. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/dataroot.h"
#include "testutil.h"
#include "util/error.h"
#include "util/fsio.h"

/* 64-character IDs: a letter repeated, so their order is plain. */
static const char *id(char c)
{
	static char ids[6][65];
	static int next;
	char *s = ids[next++ % 6];

	memset(s, c, 64);
	s[64] = '\0';
	return s;
}

/* root/containers/<ID>/ with the files given (NULL: none). */
static void container(const char *root, const char *cid, const char *config,
                      const char *host)
{
	char *dir = sf_path_join(root, "containers"), *one;

	one = sf_path_join(dir, cid);
	ck_assert_int_eq(sf_mkdir_p(one), 0);
	if (config)
		sf_test_write(one, "config.v2.json", config);
	if (host)
		sf_test_write(one, "hostconfig.json", host);
	free(one);
	free(dir);
}

static char *config(const char *cid, const char *name, const char *image,
                    const char *args, const char *labels)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b,
	              "{\"StreamConfig\":{},\"State\":{\"Running\":false,"
	              "\"Health\":null},\"ID\":\"%s\",\"Path\":\"/wait\","
	              "\"Args\":[%s],\"Config\":{\"Hostname\":\"h\","
	              "\"Env\":[\"A=\\\"Image\\\":\\\"ucp\"],\"Image\":\"%s\","
	              "\"Labels\":{%s}},\"Image\":\"sha256:00\","
	              "\"NetworkSettings\":{\"Networks\":{\"none\":{\"Aliases\":"
	              "[[\"Name\"]]}}},\"LogPath\":\"\",\"Name\":\"/%s\","
	              "\"Driver\":\"vfs\"}",
	              cid, args, image, labels, name);
	return sf_buf_detach(&b);
}

static char *hostconfig(const char *pid, const char *ipc,
                        const char *annotations)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b,
	              "{\"Binds\":null,\"LogConfig\":{\"Type\":\"json-file\","
	              "\"Config\":{}},\"Annotations\":{%s},\"IpcMode\":\"%s\","
	              "\"PidMode\":\"%s\",\"Privileged\":false}",
	              annotations, ipc, pid);
	return sf_buf_detach(&b);
}

static void add(const char *root, const char *cid, const char *name,
                const char *image, const char *args, const char *labels,
                const char *pid, const char *ipc, const char *annotations)
{
	char *c = config(cid, name, image, args, labels);
	char *h = hostconfig(pid, ipc, annotations);

	container(root, cid, c, h);
	free(c);
	free(h);
}

/* "name effective-pid effective-ipc" of each container, or its matched. */
static char *listing(const sf_container *c, size_t n, int excluded)
{
	sf_buf b = SF_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		sf_buf_printf(&b, "%s%.1s %s ", i ? "; " : "", c[i].id,
		              c[i].name);
		if (excluded)
			sf_buf_printf(&b, "[%s]", c[i].matched);
		else
			sf_buf_printf(&b, "%s/%s %s/%s",
			              c[i].ns[SF_NS_PID].mode
			                  ? c[i].ns[SF_NS_PID].mode
			                  : "-",
			              c[i].ns[SF_NS_PID].effective
			                  ? c[i].ns[SF_NS_PID].effective
			                  : "-",
			              c[i].ns[SF_NS_IPC].mode
			                  ? c[i].ns[SF_NS_IPC].mode
			                  : "-",
			              c[i].ns[SF_NS_IPC].effective
			                  ? c[i].ns[SF_NS_IPC].effective
			                  : "-");
	}
	return sf_buf_detach(&b);
}

START_TEST(reads_as_the_definitions_do)
{
	char *root = sf_test_tmpdir(), *s, *dir, *link, *target;
	sf_strpool *pool = sf_strpool_new();
	sf_buf problems = SF_BUF_INIT, want = SF_BUF_INIT;
	sf_evidence ev;
	char sha[65];

	/* a label and an annotation of the keys' names come first in the
	 * files: Docker's own keys are read, not theirs */
	add(root, id('a'), "app", "busybox", "", "\"Name\":\"ucp\"", "host",
	    "private", "\"PidMode\":\"private\",\"IpcMode\":\"shareable\"");
	add(root, id('b'), "agent", "registry.local/UCP-agent:1", "\"x\"", "",
	    "host", "host", "");
	add(root, id('c'), "sync", "busybox", "\"dtr-sync\",\"a b\"", "",
	    "private", "host", "");
	add(root, id('d'), "joiner", "busybox", "",
	    "\"Image\":\"ucp\"", "container:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "container:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	    "");
	/* no hostconfig.json: listed, its modes missing */
	s = config(id('e'), "bare", "busybox", "", "");
	container(root, id('e'), s, NULL);
	free(s);
	/* not containers: a short name, a link to a container's folder */
	dir = sf_path_join(root, "containers");
	s = sf_path_join(dir, "tmp");
	ck_assert_int_eq(sf_mkdir_p(s), 0);
	free(s);
	link = sf_path_join(dir, id('f'));
	target = sf_path_join(dir, id('a'));
	ck_assert_int_eq(symlink(target, link), 0);

	ck_assert_int_eq(
	    sf_dataroot_read(root, "ucp|dtr", pool, &ev, &problems), 0);
	s = listing(ev.assessed, ev.nassessed, 0);
	ck_assert_str_eq(s, "a app host/host private/private; "
	                    "d joiner container:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/host "
	                    "container:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc/host; "
	                    "e bare -/- -/-");
	free(s);
	s = listing(ev.excluded, ev.nexcluded, 1);
	ck_assert_str_eq(s, "b agent [image 'registry.local/UCP-agent:1']; "
	                    "c sync [command '/wait dtr-sync a b']");
	free(s);
	ck_assert_str_eq(ev.assessed[0].command, "/wait");
	ck_assert_int_eq(ev.assessed[2].has_hostconfig, 0);
	ck_assert_int_eq(ev.ninput, 5);
	ck_assert_int_eq(ev.placed[1], -1);
	ck_assert_int_eq(ev.placed[3], 1);
	sf_buf_printf(&want,
	              "cannot open '%s/%s/hostconfig.json': No such file or "
	              "directory.",
	              dir, id('e'));
	ck_assert_str_eq(sf_buf_cstr(&problems), want.ptr);
	memcpy(sha, ev.sha256, sizeof(sha));
	ck_assert_int_eq((int)strlen(sha), 64);
	sf_evidence_release(&ev);

	/* the digest is of what was read: one byte changes it */
	s = sf_path_join(dir, id('a'));
	sf_test_edit(s, "hostconfig.json", "\"Privileged\":false",
	             "\"Privileged\":true");
	sf_buf_clear(&problems);
	ck_assert_int_eq(sf_dataroot_read(root, "", pool, &ev, &problems), 0);
	ck_assert_str_ne(ev.sha256, sha);
	/* the empty pattern excludes none */
	ck_assert_int_eq(ev.nassessed, 5);
	ck_assert_int_eq(ev.nexcluded, 0);
	sf_evidence_release(&ev);
	free(s);

	free(link);
	free(target);
	free(dir);
	sf_buf_release(&problems);
	sf_buf_release(&want);
	sf_strpool_free(pool);
	free(root);
}
END_TEST

START_TEST(a_root_without_containers_reads_none)
{
	char *root = sf_test_tmpdir();
	sf_strpool *pool = sf_strpool_new();
	sf_buf problems = SF_BUF_INIT, want = SF_BUF_INIT;
	sf_evidence ev;

	ck_assert_int_eq(sf_dataroot_read(root, "ucp", pool, &ev, &problems),
	                 0);
	ck_assert_int_eq(ev.nassessed + ev.nexcluded, 0);
	sf_buf_printf(&want,
	              "cannot list '%s/containers': No such file or "
	              "directory (not Docker's data root?).",
	              root);
	ck_assert_str_eq(sf_buf_cstr(&problems), want.ptr);
	sf_evidence_release(&ev);

	ck_assert_int_eq(sf_dataroot_read(root, "(", pool, &ev, &problems),
	                 -1);
	ck_assert_str_eq(sf_error_last(),
	                 "the exclusion pattern '(' is not a regular "
	                 "expression");
	sf_buf_release(&problems);
	sf_buf_release(&want);
	sf_strpool_free(pool);
	free(root);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dataroot");
	TCase *t = tcase_create("read");

	tcase_add_test(t, reads_as_the_definitions_do);
	tcase_add_test(t, a_root_without_containers_reads_none);
	suite_add_tcase(s, t);
	return sf_test_run(s);
}
