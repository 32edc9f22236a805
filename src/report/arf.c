#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "eval/engine.h"
#include "report/arf.h"
#include "report/testresult.h"
#include "util/xstream.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/text.h"
#include "util/xmlq.h"
#include "util/xmlread.h"

#define NS_CORE "http://scap.nist.gov/schema/reporting-core/1.1"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
#define NS_VOCAB                                                               \
	"http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#"

static void relationships(xmlTextWriterPtr w)
{
	static const char *const types[] = {"arfvocab:createdFor",
	                                    "arfvocab:isAbout"};
	static const char *const refs[] = {"collection1", "asset0"};
	static const char *const subjects[] = {"xccdf1", "oval0"};
	size_t i, j;

	sf_xs_start(w, "core", "relationships", NULL);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:arfvocab",
	                            BAD_CAST NS_VOCAB);
	for (j = 0; j < 2; j++)
		for (i = 0; i < 2; i++) {
			sf_xs_start(w, "core", "relationship", NULL);
			sf_xs_attr(w, "type", types[i]);
			sf_xs_attr(w, "subject", subjects[j]);
			sf_xs_elem(w, "core", "ref", refs[i]);
			sf_xs_end(w);
		}
	sf_xs_end(w);
}

/* A host name in the form AI allows (labels of letters, digits, '_' and
 * '-' joined by dots): anything else becomes '-'. */
static char *ai_hostname(const char *name)
{
	sf_buf b = SF_BUF_INIT;
	const char *p;

	for (p = name; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		         (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';

		if (*p == '.' && b.len && b.ptr[b.len - 1] != '.' && p[1])
			sf_buf_putc(&b, '.');
		else if (*p != '.')
			sf_buf_putc(&b, ok ? *p : '-');
	}
	if (b.len && b.ptr[b.len - 1] == '.')
		b.ptr[--b.len] = '\0';
	return b.len ? sf_buf_detach(&b) : sf_xstrdup("unknown");
}

static void asset(xmlTextWriterPtr w, const sf_host *h)
{
	char *name;
	size_t i, n = 0;

	sf_xs_start(w, "arf", "assets", NULL);
	sf_xs_start(w, "arf", "asset", NULL);
	sf_xs_attr(w, "id", "asset0");
	sf_xs_start(w, "ai", "computing-device", NULL);
	for (i = 0; i < h->nifs; i++) {
		const sf_host_if *f = &h->ifs[i];

		/* a loopback address is no asset's */
		if (f->loopback || !*f->address)
			continue;
		if (!n++)
			sf_xs_start(w, "ai", "connections", NULL);
		sf_xs_start(w, "ai", "connection", NULL);
		sf_xs_start(w, "ai", "ip-address", NULL);
		if (f->ipv6) {
			char full[48];

			sf_host_ipv6_full(f->address, full);
			sf_xs_elem(w, "ai", "ip-v6", full);
		} else {
			sf_xs_elem(w, "ai", "ip-v4", f->address);
		}
		sf_xs_end(w);
		if (sf_host_mac_useful(f->mac))
			sf_xs_elem(w, "ai", "mac-address", f->mac);
		sf_xs_end(w);
	}
	if (n)
		sf_xs_end(w);
	if (sf_host_is_fqdn(h->fqdn) && !sf_host_ip_version(h->fqdn))
		sf_xs_elem(w, "ai", "fqdn", h->fqdn);
	name = ai_hostname(h->hostname);
	sf_xs_elem(w, "ai", "hostname", name);
	free(name);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w);
}

int sf_arf_write(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                 const char *path)
{
	return sf_arf_stage(NULL, s, h, o, path);
}

int sf_arf_stage(sf_pending_set *set, const sf_scan *s, const sf_host *h,
                 const sf_arf_opts *o, const char *path)
{
	sf_xstream x;
	xmlTextWriterPtr w;
	char stamp[32];

	if (sf_xstream_open(&x, path) < 0)
		return -1;
	w = x.w;
	sf_xml_timestamp(s->end_time, stamp);
	sf_xs_start(w, "arf", "asset-report-collection", SF_NS_ARF);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:core", BAD_CAST NS_CORE);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:ai", BAD_CAST NS_AI);
	relationships(w);
	sf_xs_start(w, "arf", "report-requests", NULL);
	sf_xs_start(w, "arf", "report-request", NULL);
	sf_xs_attr(w, "id", "collection1");
	sf_xs_start(w, "arf", "content", NULL);
	sf_xs_copy(w, xmlDocGetRootElement(s->content->doc));
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w);
	asset(w, h);
	sf_xs_start(w, "arf", "reports", NULL);
	sf_xs_start(w, "arf", "report", NULL);
	sf_xs_attr(w, "id", "xccdf1");
	sf_xs_start(w, "arf", "content", NULL);
	sf_testresult_write(w, s, h, o, 1);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_start(w, "arf", "report", NULL);
	sf_xs_attr(w, "id", "oval0");
	sf_xs_start(w, "arf", "content", NULL);
	/* within asset-report-collection, reports, report and content */
	sf_oval_engine_write_results(s->oval, w, 4, h, stamp);
	sf_xs_end(w);
	sf_xs_end(w);
	sf_xs_end(w); /* reports */
	sf_xs_end(w); /* asset-report-collection */
	if (sf_xstream_finish(&x, set) < 0) {
		sf_xstream_release(&x);
		return -1;
	}
	sf_xstream_release(&x);
	return 0;
}
