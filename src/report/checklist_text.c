/*
 * What a checklist says in words: the finding details of each rule, the
 * offenders, what DISA's manual check would have printed for every
 * container, the excluded ones, the Values in force, the target, the
 * evidence and the scan. The COMMENTS are the assessor's: scapforge
 * writes none.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "report/testresult.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xmlq.h"

/* ---- the finding details ---- */

static const char *or_none(const char *s, const char *none)
{
	return *s ? s : none;
}

static xmlNodePtr scan_meta(xmlNodePtr tr)
{
	return sf_xml_child(sf_xml_child(tr, "metadata"), "scan");
}

/* Each offending container (the rows "offender", or "excluded-offender"
 * under its heading): name, short ID, image, setting and value. Returns
 * how many. */
static size_t offenders(sf_buf *b, const sf_checklist *cl, xmlNodePtr rr,
                        const char *element, const char *heading)
{
	const sf_xrows *r =
	    sf_xccdfdoc_rows(cl->doc, sf_xml_child(rr, "metadata"), element);
	size_t n = sf_xrows_count(r), i;

	if (n)
		sf_buf_printf(b, "%s (%zu):\n", heading, n);
	/* "- NAME (SHORT ID, image IMAGE): SETTING is VALUE", by appends:
	 * a line for each of thousands of offenders */
	for (i = 0; i < n; i++) {
		const char *detail = sf_xrows_value(r, i, "detail"),
		           *id = sf_xrows_value(r, i, "id");

		sf_buf_puts(b, "- ");
		sf_buf_puts(b,
		            or_none(sf_xrows_value(r, i, "name"), "(no name)"));
		sf_buf_puts(b, " (");
		sf_buf_put(b, id, strnlen(id, 12));
		sf_buf_puts(b, ", image ");
		sf_buf_puts(b,
		            or_none(sf_xrows_value(r, i, "image"), "(none)"));
		sf_buf_puts(b, "): ");
		sf_buf_puts(b, sf_xrows_value(r, i, "setting"));
		sf_buf_puts(b, " is ");
		sf_buf_puts(b,
		            *detail ? detail : sf_xrows_value(r, i, "value"));
		sf_buf_putc(b, '\n');
	}
	return n;
}

/* The messages that are not about an offender (errors of the check). */
static void problems(sf_buf *b, xmlNodePtr rr)
{
	xmlNodePtr m = sf_xml_child(rr, "message");

	for (; m; m = sf_xml_next(m, "message")) {
		char *sev = sf_xml_prop(m, "severity"), *text;

		if (strcmp(sev, "info")) {
			text = sf_xml_text(m);
			sf_buf_printf(b, "Problem: %s\n", text);
			free(text);
		}
		free(sev);
	}
}

static void evidence(sf_buf *b, xmlNodePtr scan)
{
	static const char *const names[] = {"path", "sha256", "assessed",
	                                    "excluded", "source"};
	static const char *const engine[] = {
	    "host",   "version",  "api-version",      "os",
	    "listed", "vanished", "operating-system", "edition"};
	xmlNodePtr g = sf_xml_child(scan, "engine");
	char *a[8];

	sf_checklist_props(sf_xml_child(scan, "evidence"), names, a,
	                   SF_NELEM(names));
	sf_buf_printf(b,
	              "Evidence: %s (SHA-256 %s), %s container%s assessed, %s "
	              "excluded; %s.\n",
	              a[0], a[1], a[2], strcmp(a[2], "1") ? "s" : "", a[3],
	              a[4]);
	sf_checklist_free_all(a, SF_NELEM(names));
	if (!g)
		return;
	sf_checklist_props(g, engine, a, SF_NELEM(engine));
	sf_buf_printf(b,
	              "Docker engine: %s, %s %s (API %s, %s%s%s); %s "
	              "containers listed, %s gone before inspection.\n",
	              a[0], or_none(a[7], "Docker"), a[1], a[2], a[3],
	              *a[6] ? ", " : "", a[6], a[4], a[5]);
	sf_checklist_free_all(a, SF_NELEM(engine));
}

/* When, by what scanner, with which profile and check. */
static void scanned(sf_buf *b, xmlNodePtr tr, xmlNodePtr rr)
{
	static const char *const names[] = {"start-time", "end-time",
	                                    "test-system"};
	char *a[3], *name, *version, *profile, *check;

	sf_checklist_props(tr, names, a, SF_NELEM(names));
	name = sf_checklist_fact(tr, "urn:xccdf:fact:scanner:name");
	version = sf_checklist_fact(tr, "urn:xccdf:fact:scanner:version");
	profile = sf_xml_prop(sf_xml_child(tr, "profile"), "idref");
	check = sf_xml_prop(
	    sf_xml_child(sf_xml_child(rr, "check"), "check-content-ref"),
	    "name");
	sf_buf_printf(b,
	              "Scanned %s to %s by %s %s (%s), profile %s, "
	              "check %s.",
	              a[0], a[1], name ? name : "scapforge",
	              version ? version : "", a[2], profile,
	              or_none(check, "(none)"));
	sf_checklist_free_all(a, SF_NELEM(names));
	free(name);
	free(version);
	free(profile);
	free(check);
}

char *sf_checklist_warning(xmlNodePtr tr)
{
	xmlNodePtr warn = sf_xml_child(scan_meta(tr), "warning");

	return warn ? sf_xml_text(warn) : NULL;
}

/* The value DISA's check prints for row i's setting. */
static void disa_line(sf_buf *b, const sf_xrows *r, size_t i,
                      const char *setting, const char *value)
{
	/* "ID: SETTING=VALUE (NAME", by appends: one for each container */
	sf_buf_puts(b, sf_xrows_value(r, i, "id"));
	sf_buf_puts(b, ": ");
	sf_buf_puts(b, setting);
	sf_buf_putc(b, '=');
	sf_buf_puts(b, value);
	sf_buf_puts(b, " (");
	sf_buf_puts(b, or_none(sf_xrows_value(r, i, "name"), "no name"));
}

/* What DISA's manual check would have printed, container by container:
 * the offenders in full, the compliant ones up to the ARF's cap, then
 * the excluded ones with what matched. */
static void disa_check(sf_buf *b, const sf_checklist *cl, xmlNodePtr rr)
{
	xmlNodePtr md = sf_xml_child(rr, "metadata"), g;
	const sf_xrows *ex =
	    sf_xccdfdoc_rows(cl->doc, md, "excluded-container");
	char *setting = NULL;
	size_t n = 0, unlisted = 0, i;

	for (g = sf_xml_child(md, "assessed"); g;
	     g = sf_xml_next(g, "assessed")) {
		char *count = sf_xml_prop(g, "count");

		n += strtoul(count, NULL, 10);
		free(count);
		if (!setting)
			setting = sf_xml_prop(g, "setting");
	}
	if (!setting) {
		if (!sf_xrows_count(ex))
			return;
		setting = sf_xstrdup(sf_xrows_value(ex, 0, "setting"));
	}
	sf_buf_printf(b,
	              "\nDISA's check on the evidence (docker inspect --format "
	              "'{{ .Id }}: %s={{ .HostConfig.%s }}'), %zu assessed "
	              "container%s:\n",
	              setting, setting, n, n == 1 ? "" : "s");
	for (g = sf_xml_child(md, "assessed"); g;
	     g = sf_xml_next(g, "assessed")) {
		const sf_xrows *r = sf_xccdfdoc_rows(cl->doc, g, "container");
		char *off = sf_xml_prop(g, "offending"),
		     *value = sf_xml_prop(g, "value"),
		     *count = sf_xml_prop(g, "count"),
		     *listed = sf_xml_prop(g, "listed");
		int offends = !strcmp(off, "true");
		int shareable = !offends && !strcmp(value, "shareable");

		for (i = 0; i < sf_xrows_count(r); i++) {
			disa_line(b, r, i, setting, value);
			if (offends)
				sf_buf_puts(b, "; a finding");
			else if (shareable)
				sf_buf_puts(b, "; a finding by DISA's check "
				               "text, not by this profile's "
				               "ipc_shareable_is_finding");
			sf_buf_puts(b, ")\n");
		}
		if (strtoul(count, NULL, 10) > strtoul(listed, NULL, 10)) {
			size_t more = strtoul(count, NULL, 10) -
			              strtoul(listed, NULL, 10);

			sf_buf_printf(b,
			              "... and %zu more with %s=%s, "
			              "not listed\n",
			              more, setting, value);
			unlisted += more;
		}
		free(off);
		free(value);
		free(count);
		free(listed);
	}
	if (unlisted)
		sf_buf_printf(b,
		              "(The compliant containers are listed up to %d a "
		              "rule; the ARF names every one by its value.)\n",
		              SF_TESTRESULT_LIST_CAP);
	for (i = 0; i < sf_xrows_count(ex); i++) {
		if (!i)
			sf_buf_puts(b, "Left out by the exclusion pattern, not "
			               "assessed:\n");
		disa_line(b, ex, i, setting, sf_xrows_value(ex, i, "value"));
		sf_buf_printf(b, "; matched %s)\n",
		              sf_xrows_value(ex, i, "matched"));
	}
	free(setting);
}

/* Whom the results are about. */
static void target(sf_buf *b, xmlNodePtr tr)
{
	static const char *const names[] = {"kind", "name", "fqdn", "os",
	                                    "kernel"};
	xmlNodePtr t = sf_xml_child(scan_meta(tr), "target"), a;
	char *v[5];

	if (!t)
		return;
	sf_checklist_props(t, names, v, SF_NELEM(names));
	sf_buf_printf(b, "Target: %s (%s)", v[1], v[0]);
	if (*v[2])
		sf_buf_printf(b, ", FQDN %s", v[2]);
	for (a = sf_xml_child(t, "address"); a; a = sf_xml_next(a, "address")) {
		char *ip = sf_xml_prop(a, "ip"), *mac = sf_xml_prop(a, "mac");

		sf_buf_printf(b, ", %s%s%s%s", ip, *mac ? " (MAC " : "", mac,
		              *mac ? ")" : "");
		free(ip);
		free(mac);
	}
	if (*v[3])
		sf_buf_printf(b, ", %s", v[3]);
	if (*v[4])
		sf_buf_printf(b, ", kernel %s", v[4]);
	sf_buf_puts(b, ".\n");
	sf_checklist_free_all(v, SF_NELEM(names));
}

static void tailoring(sf_buf *b, const sf_checklist *cl);

char *sf_checklist_finding_details(const sf_checklist *cl, xmlNodePtr rr,
                                   const char *result)
{
	sf_buf b = SF_BUF_INIT;
	size_t len;

	if (cl->warning)
		sf_buf_printf(&b, "%s\n", cl->warning);
	sf_buf_printf(&b, "Result: %s\n", result);
	if (!offenders(&b, cl, rr, "offender", "Containers at fault") &&
	    !strcmp(result, "pass"))
		sf_buf_puts(&b, "No assessed container is at fault.\n");
	offenders(&b, cl, rr, "excluded-offender",
	          "Left out by the exclusion pattern, but would be findings");
	problems(&b, rr);
	disa_check(&b, cl, rr);
	sf_buf_putc(&b, '\n');
	tailoring(&b, cl);
	sf_buf_putc(&b, '\n');
	target(&b, cl->tr);
	evidence(&b, scan_meta(cl->tr));
	scanned(&b, cl->tr, rr);
	/* kept until the checklists are written: without the room to grow */
	len = b.len;
	return sf_xrealloc(sf_buf_detach(&b), len + 1);
}

/* "(default, selector host_only)": how a Value's setting came about. */
static void value_origin(sf_buf *b, xmlNodePtr val, const char *set)
{
	xmlNodePtr c = sf_xml_child(val, "value");
	char *dflt = NULL, *sel = NULL;

	for (; c; c = sf_xml_next(c, "value")) {
		char *selector = sf_xml_prop(c, "selector"),
		     *text = sf_xml_text(c);

		if (!*selector && !dflt)
			dflt = sf_xstrdup(text);
		else if (*selector && !sel && !strcmp(text, set))
			sel = sf_xstrdup(selector);
		free(selector);
		free(text);
	}
	sf_buf_printf(b, " (%s",
	              dflt && !strcmp(dflt, set) ? "default" : "tailored");
	if (sel)
		sf_buf_printf(b, ", selector %s", sel);
	sf_buf_puts(b, ")");
	free(dflt);
	free(sel);
}

static void tailoring(sf_buf *b, const sf_checklist *cl)
{
	xmlNodePtr sv = sf_xml_child(cl->tr, "set-value");
	char *profile = sf_xml_prop(sf_xml_child(cl->tr, "profile"), "idref");

	sf_buf_printf(b, "Tailoring in force (profile %s):\n", profile);
	for (; sv; sv = sf_xml_next(sv, "set-value")) {
		char *id = sf_xml_prop(sv, "idref"), *set = sf_xml_text(sv);
		xmlNodePtr val =
		    *id ? sf_checklist_find(cl->bench, "Value", id) : NULL;
		char *title = sf_xml_text(sf_xml_child(val, "title"));

		sf_buf_printf(b, "- %s = \"%s\"",
		              sf_checklist_after(id, "_value_"), set);
		value_origin(b, val, set);
		sf_buf_printf(b, "%s%s\n", *title ? ": " : "", title);
		free(id);
		free(set);
		free(title);
	}
	free(profile);
}
