/*
 * Inside the XML signatures of data streams (util/dsig.h): what signing
 * (dsig_sign.c) and verifying (dsig_verify.c) share, in dsig.c: the
 * names of SCAP 1.3's signature layout, libxmlsec1 started and stopped
 * with the first cause of a failure kept, and the collection's parts.
 * Nothing else includes it.
 */
#ifndef SF_UTIL_DSIG_INT_H
#define SF_UTIL_DSIG_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#define NS_DSIG "http://www.w3.org/2000/09/xmldsig#"
#define NS_TMSAD "http://scap.nist.gov/schema/xml-dsig/1.0"

#define SIG_ID "scapforge-signature"
#define PROPS_ID SIG_ID "-properties"
#define MANIFEST_ID SIG_ID "-manifest"

/* The first thing libxmlsec1 (or OpenSSL beneath it) reported since
 * sf_dsig_start, or "": the cause, where later reports only say what
 * failed because of it. */
extern char sf_dsig_cause[256];

/* Starts libxmlsec1 and its OpenSSL backend; 0, or -1 with the last
 * error set. */
int sf_dsig_start(void);
void sf_dsig_stop(void);
/* The first element child named name in namespace ns. */
xmlNodePtr sf_dsig_child(xmlNodePtr n, const char *ns, const char *name);
/* Makes attribute name of n an XML ID, as same-document references need;
 * returns its value, or NULL when n has none (or it is taken). */
const char *sf_dsig_make_id(xmlNodePtr n, const char *name);

/* The collection's data stream and components, their IDs registered;
 * other (the first of the collection's other children: more data
 * streams, signatures or anything else, which a signature of SCAP 1.3's
 * layout does not cover). */
typedef struct sf_dsig_parts {
	xmlNodePtr root, sig, other;
	const char *stream_id;
	const char **comp_ids;
	size_t ncomps;
} sf_dsig_parts;

/* Finds doc's parts, their IDs registered; 0, or -1 with the last error
 * set when doc is no collection of SCAP 1.3's layout. */
int sf_dsig_find_parts(xmlDocPtr doc, sf_dsig_parts *p);

#endif
