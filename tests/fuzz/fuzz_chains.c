/*
 * libFuzzer target: joined namespaces and key spellings. The input's
 * bytes choose an evidence document (up to 8 containers, IDs and names
 * from a small set that shares prefixes, PidMode and IpcMode that join
 * each other by ID, name or ID prefix, podman ns: paths, keys in another
 * spelling, twice, escaped or in places nobody reads); the filter's
 * verdict is checked against a reference resolution written here, as
 * simply as Docker's daemon finds a container (GetContainer: full ID,
 * then name, then unique prefix):
 *
 * - a watched key in another spelling Go's decoder folds to (ASCII case,
 *   U+017F for s), twice, or of another type: the filter fails;
 * - else a cycle of joiners: the filter fails, naming the cycle and the
 *   namespace (PID before IPC);
 * - else it succeeds; the containers left out are those the exclusion
 *   names; every container with a mode has the effective mode of the
 *   reference; the written file holds what evcheck.h says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/evidence.h"
#include "evcheck.h"
#include "util/buf.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define MAXC 8
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ids[] = {"aaaa1111", "aaaa2222", "aaaa",
                                  "abcd0001", "bbbb3333", "web"};
static const char *const names[] = {NULL,   "/web",  "/db", "/ucp-agent",
                                    "/ops", "/aaaa2", "db",  "/Web",
                                    "/web"};
static const char *const refs[] = {
    "web",  "/web",     "db",  "/db", "ops", "ucp-agent", "Web",
    "aaaa1111", "aaaa", "aaaa2", "aaa", "a",  "ab",       "abcd",
    "b",    "bbbb3333", "/aaaa", "gone", "",  "/",        "/aaaa1111"};
static const char *const direct[] = {"",
                                     "host",
                                     "private",
                                     "shareable",
                                     "ns:/proc/1/ns/pid",
                                     "ns:/proc/1/ns/ipc",
                                     "ns:/x"};

typedef struct gen {
	const unsigned char *p;
	size_t n;
	sf_buf doc;
	int refused; /* the document must be refused */
} gen;

typedef struct model {
	size_t n;
	const char *id[MAXC], *name[MAXC];
	char mode[MAXC][SF_NS_KINDS][32];
	int has[MAXC][SF_NS_KINDS]; /* the field is there */
} model;

static unsigned take(gen *g, unsigned range)
{
	if (!g->n)
		return 0;
	g->n--;
	return *g->p++ % range;
}

/* A member's key: as Docker spells it, or (when the bytes say so) in
 * another spelling Go reads as the same key, which the filter must
 * refuse where it watches the key, or with a letter escaped, which is
 * the very same key. */
static void key(gen *g, const char *k, int watched)
{
	size_t len = strlen(k), at = take(g, (unsigned)len), i;
	unsigned v = take(g, 16);

	sf_buf_putc(&g->doc, '"');
	for (i = 0; i < len; i++) {
		char c = k[i];

		if (v == 1 && i == at) {
			sf_buf_putc(&g->doc, c ^ 0x20); /* letters only */
			g->refused |= watched;
		} else if (v == 2 && (c == 's' || c == 'S')) {
			sf_buf_puts(&g->doc, at & 1 ? "\\u017f" : "\xC5\xBF");
			g->refused |= watched;
			v = 0;
		} else if (v == 3 && i == at) {
			sf_buf_printf(&g->doc, "\\u%04x", (unsigned)c);
		} else {
			sf_buf_putc(&g->doc, c);
		}
	}
	sf_buf_puts(&g->doc, "\":");
}

static void str(gen *g, const char *s)
{
	sf_buf_printf(&g->doc, "\"%s\"", s);
}

/* Keys nobody reads where they stand (where: 0 a container, 1 its
 * Config, 2 its HostConfig): never a reason to refuse. */
static void decoy(gen *g, int where)
{
	static const char *const keys[3][5] = {
	    {"pidmode", "IPCMODE", "Ids", "HostConfigs", "State"},
	    {"hostconfig", "ID", "PIDMODE", ("\xC5\xBF" "capforge"), "ipcmode"},
	    {"hostconfig", "ID", "name", ("\xC5\xBF" "capforge"), "IMAGE"}};

	sf_buf_puts(&g->doc, ",");
	str(g, keys[where][take(g, 5)]);
	sf_buf_puts(&g->doc, take(g, 2) ? ":\"host\""
	                                : ":{\"PidMode\":\"host\",\"Id\":\"x\"}");
}

static void mode_member(gen *g, model *m, size_t c, sf_ns_kind k, int first)
{
	unsigned choice = take(g, 16), twice = take(g, 16) == 1, i;
	char *v = m->mode[c][k];

	if (choice < 7)
		snprintf(v, 32, "container:%s", refs[take(g, N(refs))]);
	else if (choice < 14)
		snprintf(v, 32, "%s", direct[choice - 7]);
	if (choice == 14)
		return; /* missing */
	m->has[c][k] = 1;
	for (i = 0; i <= twice; i++) {
		if (!first || i)
			sf_buf_putc(&g->doc, ',');
		key(g, k == SF_NS_PID ? "PidMode" : "IpcMode", 1);
		if (choice == 15) {
			sf_buf_puts(&g->doc, take(g, 2) ? "null" : "1");
			g->refused = 1;
		} else {
			str(g, v);
		}
	}
	g->refused |= twice;
}

static void hostconfig(gen *g, model *m, size_t c)
{
	int swap = take(g, 2);
	size_t before = g->doc.len;

	sf_buf_putc(&g->doc, '{');
	mode_member(g, m, c, swap ? SF_NS_IPC : SF_NS_PID, 1);
	mode_member(g, m, c, swap ? SF_NS_PID : SF_NS_IPC,
	            g->doc.len == before + 1);
	if (take(g, 4) == 1) {
		if (g->doc.len == before + 1)
			sf_buf_puts(&g->doc, "\"Privileged\":false");
		decoy(g, 2);
	}
	sf_buf_putc(&g->doc, '}');
}

/* One member of container c; which is 0 Id, 1 Name, 2 Config,
 * 3 HostConfig, 4 an input's own Scapforge claim or a decoy. */
static void member(gen *g, model *m, size_t c, unsigned which, int *first)
{
	int twice = take(g, 16) == 1, i;

	if ((which == 1 && !m->name[c]) || (which == 3 && take(g, 10) == 0) ||
	    (which == 4 && take(g, 2)))
		return;
	for (i = 0; i <= twice; i++) {
		if (!*first)
			sf_buf_putc(&g->doc, ',');
		*first = 0;
		switch (which) {
		case 0:
			key(g, "Id", 1);
			str(g, m->id[c]);
			break;
		case 1:
			key(g, "Name", 1);
			str(g, m->name[c]);
			break;
		case 2:
			key(g, "Config", 1);
			sf_buf_putc(&g->doc, '{');
			key(g, "Image", 1);
			sf_buf_puts(&g->doc, "\"nginx\",");
			key(g, "Env", 1);
			sf_buf_puts(&g->doc, "[\"PASSWORD=s3cr=t\",\"PLAIN\"]");
			if (take(g, 4) == 1)
				decoy(g, 1);
			sf_buf_putc(&g->doc, '}');
			break;
		case 3:
			key(g, "HostConfig", 1);
			hostconfig(g, m, c);
			break;
		default:
			key(g, "Scapforge", 1);
			sf_buf_puts(&g->doc, "{\"EffectivePidMode\":\"private\",\"EffectiveIpcMode\":[1]}");
			if (take(g, 2))
				decoy(g, 0);
		}
	}
	g->refused |= twice;
}

static void generate(gen *g, model *m)
{
	size_t c;
	unsigned i;

	m->n = 1 + take(g, MAXC);
	sf_buf_putc(&g->doc, '[');
	for (c = 0; c < m->n; c++) {
		unsigned rot = take(g, 5);
		int first = 1;

		m->id[c] = ids[take(g, N(ids))];
		m->name[c] = names[take(g, N(names))];
		sf_buf_puts(&g->doc, c ? ",\n{" : "{");
		for (i = 0; i < 5; i++)
			member(g, m, c, (i + rot) % 5, &first);
		sf_buf_putc(&g->doc, '}');
	}
	sf_buf_puts(&g->doc, "]\n");
}

/* The reference: how Docker's daemon finds a container (GetContainer);
 * -1 none, -2 several (which no engine has, so nothing can be shown). */
static long find(const model *m, const char *ref)
{
	const char *name = ref + (*ref == '/');
	size_t i, hits = 0, len = strlen(ref);
	long at = -1;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->id[i], ref))
			hits++, at = (long)i;
	if (hits)
		return hits == 1 ? at : -2;
	for (i = 0; *name && i < m->n; i++)
		if (m->name[i] && !strcmp(m->name[i] + (*m->name[i] == '/'), name))
			hits++, at = (long)i;
	if (hits)
		return hits == 1 ? at : -2;
	for (i = 0; len && i < m->n; i++)
		if (!strncmp(m->id[i], ref, len))
			hits++, at = (long)i;
	return hits == 1 ? at : hits ? -2 : -1;
}

static int joins(const model *m, size_t c, sf_ns_kind k)
{
	return m->has[c][k] && !strncmp(m->mode[c][k], "container:", 10);
}

static const char cycle[] = "cycle";

/* What container c's mode of kind k resolves to (NULL: no field). */
static const char *reference(const model *m, size_t c, sf_ns_kind k)
{
	size_t steps = 0;
	const char *e;

	if (!m->has[c][k])
		return NULL;
	if (!joins(m, c, k))
		return sf_fuzz_direct_effective(k, m->mode[c][k]);
	while (joins(m, c, k)) {
		long d = find(m, m->mode[c][k] + 10);

		if (d < 0)
			return "unresolved";
		if (++steps > m->n)
			return cycle;
		c = (size_t)d;
	}
	if (!m->has[c][k])
		return "unresolved";
	e = sf_fuzz_direct_effective(k, m->mode[c][k]);
	return !strcmp(e, "host") || !strcmp(e, "unresolved") ? e : "container";
}

static int excluded(const model *m, size_t c, const char *exclude)
{
	/* only a name matches: images are nginx, commands empty */
	return exclude && m->name[c] && strstr(m->name[c], "ucp");
}

static void check_container(const model *m, size_t c, const sf_container *got)
{
	int k;

	SF_FUZZ_CHECK(!strcmp(got->id, m->id[c]));
	for (k = 0; k < SF_NS_KINDS; k++) {
		const char *want = reference(m, c, (sf_ns_kind)k);
		const sf_nsmode *ns = &got->ns[k];

		SF_FUZZ_CHECK(!ns->mode == !m->has[c][k]);
		SF_FUZZ_CHECK(!ns->mode || !strcmp(ns->mode, m->mode[c][k]));
		if (!want) {
			SF_FUZZ_CHECK(!ns->effective);
			continue;
		}
		if (!ns->effective || strcmp(ns->effective, want))
			fprintf(stderr, "container %zu %s: '%s', reference '%s'\n",
			        c, sf_ns_field((sf_ns_kind)k),
			        ns->effective ? ns->effective : "(none)", want);
		SF_FUZZ_CHECK(ns->effective && !strcmp(ns->effective, want));
	}
}

static void check(const model *m, int refused, int rc, const sf_evidence *ev,
                  const char *exclude, int keep_env, const char *out)
{
	const char *err = sf_error_last(), *noun = NULL;
	size_t c, a = 0, x = 0;
	int k;

	for (k = 0; k < SF_NS_KINDS && !noun; k++)
		for (c = 0; c < m->n && !noun; c++)
			if (reference(m, c, (sf_ns_kind)k) == cycle)
				noun = k == SF_NS_PID ? "'s PID namespace in a cycle"
				                      : "'s IPC namespace in a cycle";
	if (refused) {
		SF_FUZZ_CHECK(rc < 0);
		SF_FUZZ_CHECK(strstr(err, "another spelling") ||
		              strstr(err, "appears twice") ||
		              strstr(err, "where Docker writes"));
		return;
	}
	if (noun) {
		SF_FUZZ_CHECK(rc < 0 && strstr(err, noun));
		return;
	}
	if (rc < 0)
		fprintf(stderr, "refused: %s\n", err);
	SF_FUZZ_CHECK(rc == 0);
	SF_FUZZ_CHECK(ev->ninput == m->n);
	for (c = 0; c < m->n; c++) {
		if (excluded(m, c, exclude)) {
			SF_FUZZ_CHECK(ev->placed[c] < 0 && x < ev->nexcluded);
			check_container(m, c, &ev->excluded[x++]);
		} else {
			SF_FUZZ_CHECK(ev->placed[c] == (long)a && a < ev->nassessed);
			check_container(m, c, &ev->assessed[a++]);
		}
	}
	SF_FUZZ_CHECK(a == ev->nassessed && x == ev->nexcluded);
	sf_fuzz_check_written(out, exclude, keep_env, ev);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const files[] = {"in.json", "out.json"};
	const char *dir = sf_fuzz_dir(), *exclude;
	gen g = {data, size, SF_BUF_INIT, 0};
	sf_buf in = SF_BUF_INIT, out = SF_BUF_INIT;
	sf_evidence ev;
	sf_evidence_opts eo;
	model m;
	FILE *f;
	int keep_env, rc;

	memset(&m, 0, sizeof(m));
	exclude = take(&g, 2) ? "ucp|kube|dtr" : NULL;
	keep_env = (int)take(&g, 2);
	generate(&g, &m);
	sf_buf_printf(&in, "%s/in.json", dir);
	sf_buf_printf(&out, "%s/out.json", dir);
	f = fopen(in.ptr, "wb");
	if (!f || fwrite(g.doc.ptr, 1, g.doc.len, f) != g.doc.len ||
	    fclose(f) != 0)
		abort();
	sf_error_clear();
	memset(&eo, 0, sizeof(eo));
	eo.exclude = exclude;
	eo.keep_env = keep_env;
	rc = sf_evidence_read(in.ptr, out.ptr, &eo, &ev);
	if (getenv("SF_FUZZ_SHOW"))
		fprintf(stderr, "%s-> %d %s\n", g.doc.ptr, rc,
		        rc ? sf_error_last() : "");
	sf_fuzz_check_listing(dir, files, rc == 0 ? 2 : 1);
	check(&m, g.refused, rc, &ev, exclude, keep_env, out.ptr);
	sf_evidence_release(&ev);
	unlink(in.ptr);
	unlink(out.ptr);
	sf_buf_release(&in);
	sf_buf_release(&out);
	sf_buf_release(&g.doc);
	return 0;
}
