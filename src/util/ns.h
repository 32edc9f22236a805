/*
 * The XML namespaces of the SCAP documents scapforge writes and reads,
 * and the OVAL version it writes: one definition for the stages that
 * write them (emit/, eval/, report/).
 */
#ifndef SF_UTIL_NS_H
#define SF_UTIL_NS_H

#define SF_NS_XCCDF "http://checklists.nist.gov/xccdf/1.2"
#define SF_NS_DC "http://purl.org/dc/elements/1.1/"
#define SF_NS_OVAL_DEF "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define SF_NS_OVAL_COMMON "http://oval.mitre.org/XMLSchema/oval-common-5"
#define SF_NS_OVAL_IND                                                         \
	"http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"
#define SF_NS_OVAL_UNIX                                                        \
	"http://oval.mitre.org/XMLSchema/oval-definitions-5#unix"
#define SF_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define SF_NS_DS "http://scap.nist.gov/schema/scap/source/1.2"
#define SF_NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define SF_NS_XLINK "http://www.w3.org/1999/xlink"
#define SF_NS_CATALOG "urn:oasis:names:tc:entity:xmlns:xml:catalog"
/* The project's own namespace for XCCDF metadata (the manual check). */
#define SF_NS_SCAPFORGE "urn:scapforge:xccdf-metadata:1"

/* The OVAL schema version of the definitions and results written. */
#define SF_OVAL_SCHEMA_VERSION "5.11.3"

#endif
