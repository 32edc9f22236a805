/*
 * The containers a failed rule names, made exact with what the collector
 * knows: a joiner is named by its own field with the chain that makes it
 * a finding ("container:ops-debug, which is host"), a joiner whose chain
 * ends in another container's own namespace is no offender, and every
 * container that lacks a field the rule's definition reads is named as
 * missing it. The OVAL result itself is never changed here.
 */
#ifndef SF_SCAN_OFFENDERS_H
#define SF_SCAN_OFFENDERS_H

#include <libxml/tree.h>

#include "scan/scan.h"

/* Which assessed containers hold a value at a YAML path. */
typedef struct sf_presence {
	const char *path;       /* "[:].HostConfig.PidMode" */
	unsigned char *present; /* per assessed container */
} sf_presence;

/* out: a failed rule's outcome, its offenders as the engine found them;
 * oval: the oval_definitions element; def_id: the rule's definition. */
/* list: the containers the offenders' indexes are into (n of them). */
void sf_offenders_explain(sf_outcome *out, xmlNodePtr oval, const char *def_id,
                          const sf_container *list, size_t n,
                          const sf_presence *pr, size_t npr);
/* The namespace kind (sf_ns_kind) whose mode a definition reads, or -1
 * when it reads none. */
int sf_offenders_ns_kind(xmlNodePtr oval, const char *def_id);
void sf_offense_release(sf_offense *f);
/* The element of an OVAL section ("definitions", "tests", "objects")
 * whose id is id, or NULL. */
xmlNodePtr sf_oval_element(xmlNodePtr oval, const char *section,
                           const char *id);

#endif
