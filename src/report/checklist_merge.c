/*
 * The results of a scan filled into an officer's existing checklist, CKL
 * or CKLB: the checklist must be of the STIG and release the results are
 * of, and must hold each rule scapforge assessed; then only those rules'
 * status and finding details change (ckl_merge.c, cklb_merge.c), byte
 * for byte everything else stays, and the file is replaced as a whole
 * or not at all.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "report/checklist.h"
#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

/* ---- edits of a text ---- */

void sf_checklist_edits_add(sf_checklist_edits *e, size_t start, size_t end,
                            char *text)
{
	e->e = sf_xrealloc(e->e, (e->n + 1) * sizeof(*e->e));
	e->e[e->n].start = start;
	e->e[e->n].end = end;
	e->e[e->n++].text = text;
}

static int by_start(const void *a, const void *b)
{
	const sf_checklist_edit *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int sf_checklist_edits_apply(sf_checklist_edits *e, const char *name,
                             const char *text, size_t len, sf_buf *out)
{
	size_t i, at = 0;

	if (e->n)
		qsort(e->e, e->n, sizeof(*e->e), by_start);
	for (i = 0; i < e->n; i++) {
		if (e->e[i].start < at || e->e[i].end > len)
			return sf_error_set("'%s': two edits of one place; "
			                    "nothing was merged",
			                    name);
		sf_buf_put(out, text + at, e->e[i].start - at);
		sf_buf_puts(out, e->e[i].text);
		at = e->e[i].end;
	}
	sf_buf_put(out, text + at, len - at);
	return 0;
}

void sf_checklist_edits_release(sf_checklist_edits *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->e[i].text);
	free(e->e);
	e->e = NULL;
	e->n = 0;
}

/* ---- which STIG ---- */

int sf_checklist_stig_match(const sf_checklist *cl, const char *stig_id,
                            const char *version, const char *release_info,
                            sf_buf *seen)
{
	char *theirs = sf_checklist_release_id(version, release_info),
	     *ours = sf_checklist_release_id(cl->si[SF_SI_VERSION],
	                                     cl->si[SF_SI_RELEASEINFO]);
	int same =
	    !strcmp(stig_id, cl->si[SF_SI_STIGID]) && !strcmp(theirs, ours);

	if (!same)
		sf_buf_printf(seen, "%s%s %s", seen->len ? ", " : "",
		              *stig_id ? stig_id : "(no STIG ID)",
		              *version ? theirs : "(no version)");
	free(theirs);
	free(ours);
	return same;
}

int sf_checklist_refuse(const sf_checklist *cl, const char *name,
                        const sf_buf *seen)
{
	char *ours = sf_checklist_release_id(cl->si[SF_SI_VERSION],
	                                     cl->si[SF_SI_RELEASEINFO]);

	sf_error_set("'%s' is a checklist of %s, not of %s %s, the STIG and "
	             "release of the results; nothing was merged",
	             name, seen->len ? sf_buf_cstr(seen) : "no STIG",
	             cl->si[SF_SI_STIGID], ours);
	free(ours);
	return -1;
}

/* ---- which host ---- */

/* a and b name one host: equal but for case, or one a name without a
 * dot and the first label of the other. */
static int same_name(const char *a, const char *b)
{
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");

	if (!*a || !*b)
		return 0;
	if (!strcasecmp(a, b))
		return 1;
	return (!a[la] || !b[lb]) && la == lb && !strncasecmp(a, b, la);
}

int sf_checklist_host_check(const sf_checklist *cl, const char *name,
                            const char *host)
{
	const char *ours = cl->asset[SF_ASSET_HOST_NAME],
	           *fqdn = cl->asset[SF_ASSET_HOST_FQDN];

	if (!*host || cl->any_host || same_name(host, ours) ||
	    same_name(host, fqdn))
		return 0;
	return sf_error_set("'%s' is the checklist of the host '%s', not of "
	                    "'%s', the target of the results; nothing was "
	                    "merged (--any-host merges them all the same)",
	                    name, host, ours);
}

/* ---- the file ---- */

/* Where the merged checklist goes: out_path ("DIR/": the existing
 * file's name in DIR), else the existing file itself. */
static char *destination(const char *existing, const char *out_path)
{
	const char *base = strrchr(existing, '/');
	size_t n = out_path ? strlen(out_path) : 0;

	if (!out_path)
		return sf_xstrdup(existing);
	if (!n || out_path[n - 1] != '/')
		return sf_xstrdup(out_path);
	return sf_path_join(out_path, base ? base + 1 : existing);
}

/* The merged checklist into a temporary file beside dest; in the place
 * of the existing file, with its permissions. */
static int stage(sf_pending_set *set, const char *dest, const char *existing,
                 const sf_buf *b)
{
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	struct stat st;
	int rc;

	if (!strcmp(dest, existing) && stat(existing, &st) == 0)
		rc = sf_pending_file_open_mode(&pf, dest, st.st_mode & 07777);
	else
		rc = sf_pending_file_open(&pf, dest);
	if (rc == 0)
		rc = sf_pending_file_append(&pf, b->ptr ? b->ptr : "", b->len);
	if (rc == 0)
		rc = sf_pending_set_take(set, &pf);
	sf_pending_file_release(&pf);
	return rc;
}

static int merge(const sf_checklist *cl, const char *existing,
                 const sf_buf *text, sf_buf *out)
{
	size_t i =
	    text->len >= 3 && !memcmp(text->ptr, "\xEF\xBB\xBF", 3) ? 3 : 0;

	if (cl->example)
		return sf_error_set("the results are of scapforge's bundled "
		                    "example evidence, not of a host: they are "
		                    "not merged into '%s'",
		                    existing);
	while (i < text->len && text->ptr[i] && strchr(" \t\r\n", text->ptr[i]))
		i++;
	if (i < text->len && text->ptr[i] == '{')
		return sf_cklb_merge(cl, existing, text->ptr, text->len, out);
	if (i < text->len && text->ptr[i] == '<')
		return sf_ckl_merge(cl, existing, text->ptr, text->len, out);
	return sf_error_set("'%s' is neither a CKL (XML) nor a CKLB (JSON) "
	                    "checklist",
	                    existing);
}

int sf_checklist_merge_stage(sf_pending_set *set, const sf_xccdfdoc *d,
                             const char *arf_path, const char *existing,
                             const char *out_path, int any_host,
                             char **written)
{
	sf_buf text = SF_BUF_INIT, out = SF_BUF_INIT;
	sf_checklist cl;
	char *dest = destination(existing, out_path);
	int rc = sf_file_read(existing, &text);

	if (rc < 0) {
		free(dest);
		return -1;
	}
	rc = sf_checklist_read(&cl, d, arf_path, NULL);
	cl.any_host = any_host;
	if (rc == 0)
		rc = merge(&cl, existing, &text, &out);
	if (rc == 0)
		rc = stage(set, dest, existing, &out);
	sf_checklist_release(&cl);
	sf_buf_release(&text);
	sf_buf_release(&out);
	if (rc == 0 && written)
		*written = dest;
	else
		free(dest);
	return rc;
}
