/*
 * What the two OVAL emitters write alike: the evidence data stream's
 * (oval.c, OVAL 5.11.3 over the docker inspect evidence) and the portable
 * one's (oval_portable.c, OVAL 5.11.2 over Docker's own files). IDs are
 * oval:<namespace>:<type>:<number>, version 1.
 */
#ifndef SF_EMIT_OVALW_H
#define SF_EMIT_OVALW_H

#include <libxml/tree.h>

#include "emit/emit.h"
#include "emit/oval_ids.h"
#include "util/buf.h"

typedef struct sf_ovalw {
	const sf_benchmark *b;
	const sf_emit_opts *o;
	sf_oval_ids *ids; /* the Values the checks read */
	unsigned long next_tst, next_obj, next_ste, next_var;
	xmlDocPtr doc;
	xmlNsPtr def, common, ind;
	xmlNodePtr root, definitions, tests, objects, states, variables;
} sf_ovalw;

/* A new oval_definitions document for the release of o: its generator
 * (schema_version, the content's time stamp), its five sections, and the
 * external variables of the Values its checks read (those of the
 * portable data stream when o->portable). Returns 0, or -1 with the last
 * error set. */
int sf_ovalw_start(sf_ovalw *w, const sf_benchmark *b, const sf_emit_opts *o,
                   const char *schema_version);
/* The document made (the caller frees it), the rest released. */
xmlDocPtr sf_ovalw_finish(sf_ovalw *w);
/* id (and version) of n; a reference attr to an ID. */
void sf_ovalw_id(const sf_ovalw *w, xmlNodePtr n, const char *type,
                 unsigned long num);
void sf_ovalw_ref(const sf_ovalw *w, xmlNodePtr n, const char *attr,
                  const char *type, unsigned long num);
/* The rule's compliance definition with its metadata (title, platform,
 * the DISA and CCI references) and description, whose text is intro
 * followed by the findings ("... has FIELD "host" or ...") and outro. */
xmlNodePtr sf_ovalw_definition(sf_ovalw *w, const sf_rule *r,
                               const char *release, const char *intro,
                               const char *outro);

/* <criteria operator=op comment=...> under parent; a criterion on tst. */
xmlNodePtr sf_ovalw_criteria(const sf_ovalw *w, xmlNodePtr parent,
                             const char *op, const char *comment);
void sf_ovalw_criterion(const sf_ovalw *w, xmlNodePtr parent, unsigned long tst,
                        const char *comment);
/* The index of the Value named id in the benchmark (nvalues: none). */
size_t sf_ovalw_value_index(const sf_ovalw *w, const char *id);

#endif
