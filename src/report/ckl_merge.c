/*
 * Results merged into an existing CKL at the byte level: libxml2 reads
 * the checklist (well-formed, no DTD) to find its STIG and the VULN of
 * each rule; a scan of the markup finds where each of those VULNs'
 * STATUS and FINDING_DETAILS stand in the text; only their content is
 * replaced, written through libxml2's writer, so that every other byte
 * (the officer's comments, overrides, asset and other VULNs, the
 * layout) stays as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xmlq.h"
#include "util/xmlread.h"
#include "util/xstream.h"

/* The content of an element in the text: [start, end); whole: the span
 * is the element itself (an empty element, <STATUS/>). */
typedef struct span {
	size_t start, end;
	int whole, found;
} span;

/* What the scan of the markup looks for: the STATUS (0) and
 * FINDING_DETAILS (1) of each VULN of the iSTIG numbered istig. */
typedef struct target {
	size_t istig, nvulns;
	span (*at)[2];
} target;

static const char *const edited[2] = {"STATUS", "FINDING_DETAILS"};

/* ---- the tree: the iSTIG and the VULNs ---- */

static char *si_data(xmlNodePtr istig, const char *sid)
{
	xmlNodePtr d =
	    sf_xml_child(sf_xml_child(istig, "STIG_INFO"), "SI_DATA");

	for (; d; d = sf_xml_next(d, "SI_DATA")) {
		char *n = sf_xml_text(sf_xml_child(d, "SID_NAME"));
		int hit = !strcmp(n, sid);

		free(n);
		if (hit)
			return sf_xml_text(sf_xml_child(d, "SID_DATA"));
	}
	return sf_xstrdup("");
}

static char *stig_data(xmlNodePtr vuln, const char *attr)
{
	xmlNodePtr d = sf_xml_child(vuln, "STIG_DATA");

	for (; d; d = sf_xml_next(d, "STIG_DATA")) {
		char *n = sf_xml_text(sf_xml_child(d, "VULN_ATTRIBUTE"));
		int hit = !strcmp(n, attr);

		free(n);
		if (hit)
			return sf_xml_text(sf_xml_child(d, "ATTRIBUTE_DATA"));
	}
	return sf_xstrdup("");
}

/* The iSTIG of cl's STIG and release, its number in *index. */
static xmlNodePtr find_istig(const sf_checklist *cl, const char *name,
                             xmlNodePtr root, size_t *index)
{
	xmlNodePtr s = sf_xml_child(sf_xml_child(root, "STIGS"), "iSTIG");
	sf_buf seen = SF_BUF_INIT;
	size_t i;

	for (i = 0; s; s = sf_xml_next(s, "iSTIG"), i++) {
		char *id = si_data(s, "stigid"), *ver = si_data(s, "version"),
		     *rel = si_data(s, "releaseinfo");
		int same = sf_checklist_stig_match(cl, id, ver, rel, &seen);

		free(id);
		free(ver);
		free(rel);
		if (same) {
			*index = i;
			break;
		}
	}
	if (!s)
		sf_checklist_refuse(cl, name, &seen);
	sf_buf_release(&seen);
	return s;
}

static size_t count_children(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (n = sf_xml_child(n, name); n; n = sf_xml_next(n, name))
		k++;
	return k;
}

/* The number of the VULN of istig with this Rule ID, which must be
 * there once with one STATUS and one FINDING_DETAILS. */
static int find_vuln(const char *name, xmlNodePtr istig,
                     const sf_checklist_vuln *v, size_t *index)
{
	const char *rid = v->f[SF_FIELD_RULE_ID];
	xmlNodePtr n = sf_xml_child(istig, "VULN");
	size_t i, hits = 0;

	for (i = 0; n; n = sf_xml_next(n, "VULN"), i++) {
		char *got = stig_data(n, "Rule_ID");

		if (!strcmp(got, rid)) {
			if (hits++)
				break;
			*index = i;
			if (count_children(n, edited[0]) != 1 ||
			    count_children(n, edited[1]) != 1)
				hits = 99;
		}
		free(got);
	}
	if (hits == 1)
		return 0;
	return sf_error_set(hits == 0
	                        ? "'%s' has no VULN of the rule %s (%s) to "
	                          "fill in; nothing was merged"
	                        : "'%s' holds the rule %s (%s) twice, or "
	                          "its VULN has not one STATUS and one "
	                          "FINDING_DETAILS; nothing was merged",
	                    name, rid, v->f[SF_FIELD_RULE_VER]);
}

/* ---- the markup: where those elements stand ---- */

typedef struct scanner {
	const char *s;
	size_t len, pos;
	int depth;
	/* STIGS, iSTIGs and the target's VULNs seen */
	size_t stigs, istigs, vulns;
	int in_stigs;  /* in the first STIGS (the tree's) */
	int in_target; /* in the target iSTIG */
	int open;      /* 1 + which edited element is open, or 0 */
	size_t vuln;   /* the VULN being read */
} scanner;

static size_t skip_past(const scanner *sc, size_t from, const char *end)
{
	const char *hit = strstr(sc->s + from, end);

	return hit ? (size_t)(hit - sc->s) + strlen(end) : sc->len;
}

/* The local name of the tag at pos ('<' or "</" skipped), compared. */
static int tag_is(const scanner *sc, size_t at, const char *name)
{
	size_t n = strcspn(sc->s + at, " \t\r\n/>"), colon;
	const char *tag = sc->s + at;

	for (colon = n; colon > 0 && tag[colon - 1] != ':'; colon--)
		;
	return n - colon == strlen(name) &&
	       !strncmp(tag + colon, name, n - colon);
}

/* The end of a start tag (past '>'), quoted attribute values skipped;
 * *empty when it is "/>". */
static size_t start_tag_end(const scanner *sc, size_t at, int *empty)
{
	char quote = 0;

	for (; at < sc->len; at++) {
		char c = sc->s[at];

		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '>') {
			*empty = sc->s[at - 1] == '/';
			return at + 1;
		}
	}
	*empty = 0;
	return sc->len;
}

static void start_tag(scanner *sc, target *t, size_t lt)
{
	int empty, k;
	size_t end = start_tag_end(sc, lt + 1, &empty);

	if (sc->depth == 1)
		sc->in_stigs = tag_is(sc, lt + 1, "STIGS") && !sc->stigs++;
	if (sc->in_stigs && sc->depth == 2 && tag_is(sc, lt + 1, "iSTIG"))
		sc->in_target = sc->istigs++ == t->istig;
	if (sc->in_target && sc->depth == 3 && tag_is(sc, lt + 1, "VULN"))
		sc->vuln = sc->vulns++;
	for (k = 0; k < 2 && sc->in_target && sc->depth == 4; k++) {
		span *sp;

		if (!tag_is(sc, lt + 1, edited[k]) || sc->vuln >= t->nvulns)
			continue;
		sp = &t->at[sc->vuln][k];
		sp->found = 1;
		sp->whole = empty;
		sp->start = empty ? lt : end;
		sp->end = end;
		sc->open = empty ? 0 : k + 1;
	}
	sc->pos = end;
	if (!empty)
		sc->depth++;
}

static void end_tag(scanner *sc, target *t, size_t lt)
{
	sc->depth--;
	if (sc->open && sc->depth == 4)
		t->at[sc->vuln][sc->open - 1].end = lt;
	sc->open = 0;
	if (sc->depth == 2)
		sc->in_target = 0;
	if (sc->depth == 1)
		sc->in_stigs = 0;
	sc->pos = skip_past(sc, lt, ">");
}

/* Finds the spans of t in the text (NUL-terminated), which libxml2 found
 * well-formed. */
static void scan_markup(const char *s, size_t len, target *t)
{
	scanner sc;

	memset(&sc, 0, sizeof(sc));
	sc.s = s;
	sc.len = len;

	while (sc.pos < len) {
		const char *p = s + sc.pos;

		if (*p != '<')
			sc.pos++;
		else if (!strncmp(p, "<!--", 4))
			sc.pos = skip_past(&sc, sc.pos + 4, "-->");
		else if (!strncmp(p, "<![CDATA[", 9))
			sc.pos = skip_past(&sc, sc.pos + 9, "]]>");
		else if (!strncmp(p, "<?", 2))
			sc.pos = skip_past(&sc, sc.pos + 2, "?>");
		else if (!strncmp(p, "<!", 2))
			sc.pos = skip_past(&sc, sc.pos + 2, ">");
		else if (p[1] == '/')
			end_tag(&sc, t, sc.pos);
		else
			start_tag(&sc, t, sc.pos);
	}
}

/* ---- the edit ---- */

/* <name>text</name> through libxml2's writer, escaped as it escapes;
 * whole: the element, else its content only. */
static int element_text(const char *name, const char *text, int whole,
                        sf_buf *out)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	const char *c, *open, *close;
	int rc;

	if (!w) {
		xmlBufferFree(buf);
		return sf_error_set("cannot start writing a checklist");
	}
	sf_xs_elem(w, NULL, name, text);
	rc = xmlTextWriterFlush(w);
	xmlFreeTextWriter(w);
	c = (const char *)xmlBufferContent(buf);
	open = strchr(c, '>');
	close = strrchr(c, '<');
	if (rc >= 0 && open && close && close > open) {
		if (whole)
			sf_buf_puts(out, c);
		else
			sf_buf_put(out, open + 1, (size_t)(close - open - 1));
	}
	xmlBufferFree(buf);
	return rc < 0 ? sf_error_set("cannot write a checklist") : 0;
}

/* The two edits of the VULN numbered i of the iSTIG, for the rule v. */
static int add_edits(const char *name, const target *t, size_t i,
                     const sf_checklist *cl, const sf_checklist_vuln *v,
                     sf_checklist_edits *e)
{
	char *details = sf_checklist_vuln_details(cl, v);
	const char *text[2] = {sf_ckl_status(v->status), details};
	size_t k;
	int rc = 0;

	for (k = 0; k < 2 && rc == 0; k++) {
		const span *sp = &t->at[i][k];
		sf_buf b = SF_BUF_INIT;

		if (!sp->found)
			rc = sf_error_set("'%s': cannot find the %s of %s in "
			                  "its text",
			                  name, edited[k],
			                  v->f[SF_FIELD_RULE_ID]);
		else if (element_text(edited[k], text[k], sp->whole, &b) < 0)
			rc = -1;
		else
			sf_checklist_edits_add(e, sp->start, sp->end,
			                       sf_buf_detach(&b));
		sf_buf_release(&b);
	}
	free(details);
	return rc;
}

int sf_ckl_merge(const sf_checklist *cl, const char *name, const char *text,
                 size_t len, sf_buf *out)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, istig = NULL;
	target t = {0, 0, NULL};
	sf_checklist_edits e = {NULL, 0};
	size_t i, *index = sf_xcalloc(cl->nv + 1, sizeof(*index));
	int rc = sf_xml_read(&doc, name, text, len) ? -1 : 0;

	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (rc == 0 && !sf_xml_is(root, NULL, "CHECKLIST"))
		rc = sf_error_set("'%s' is not a CKL: its root element is "
		                  "'%s', not 'CHECKLIST'",
		                  name, (const char *)root->name);
	if (rc == 0 && doc->encoding &&
	    strcasecmp((const char *)doc->encoding, "UTF-8"))
		rc = sf_error_set("'%s' is in %s: scapforge merges into UTF-8 "
		                  "checklists only",
		                  name, (const char *)doc->encoding);
	if (rc == 0 && !(istig = find_istig(cl, name, root, &t.istig)))
		rc = -1;
	if (rc == 0) {
		char *host = sf_xml_text(
		    sf_xml_child(sf_xml_child(root, "ASSET"), "HOST_NAME"));

		rc = sf_checklist_host_check(cl, name, host);
		free(host);
	}
	for (i = 0; rc == 0 && i < cl->nv; i++)
		if (cl->v[i].assessed)
			rc = find_vuln(name, istig, &cl->v[i], &index[i]);
	if (rc == 0) {
		t.nvulns = count_children(istig, "VULN");
		t.at = sf_xcalloc(t.nvulns + 1, sizeof(*t.at));
		scan_markup(text, len, &t);
	}
	for (i = 0; rc == 0 && i < cl->nv; i++)
		if (cl->v[i].assessed)
			rc = add_edits(name, &t, index[i], cl, &cl->v[i], &e);
	if (rc == 0)
		rc = sf_checklist_edits_apply(&e, name, text, len, out);
	sf_checklist_edits_release(&e);
	free(t.at);
	free(index);
	xmlFreeDoc(doc);
	return rc;
}
