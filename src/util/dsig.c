#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "util/buf.h"
#include "util/dsig.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/xmlq.h"

#define NS_DSIG "http://www.w3.org/2000/09/xmldsig#"
#define NS_TMSAD "http://scap.nist.gov/schema/xml-dsig/1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"

#define SIG_ID "scapforge-signature"
#define PROPS_ID SIG_ID "-properties"
#define MANIFEST_ID SIG_ID "-manifest"

/* The first thing libxmlsec1 (or OpenSSL beneath it) reported since
 * reset: the cause, where later reports only say what failed because of
 * it. Its own callback would print to stderr. */
static char cause[256];

static void on_error(const char *file, int line, const char *func,
                     const char *object, const char *subject, int reason,
                     const char *msg)
{
	size_t i;
	const char *text = NULL;

	(void)file;
	(void)line;
	(void)func;
	(void)object;
	(void)subject;
	if (cause[0])
		return;
	for (i = 0; xmlSecErrorsGetMsg(i); i++)
		if (xmlSecErrorsGetCode(i) == reason)
			text = xmlSecErrorsGetMsg(i);
	snprintf(cause, sizeof(cause), "%s%s%s", text ? text : "failed",
	         msg && *msg && strcmp(msg, "NULL") ? ": " : "",
	         msg && *msg && strcmp(msg, "NULL") ? msg : "");
}

static int begin(void)
{
	cause[0] = '\0';
	if (xmlSecInit() < 0)
		return sf_error_set("cannot start libxmlsec1");
	if (xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(NULL) < 0 ||
	    xmlSecCryptoInit() < 0) {
		xmlSecShutdown();
		return sf_error_set("cannot start libxmlsec1's OpenSSL backend");
	}
	/* (after the backend's start, which sets a callback of its own) */
	xmlSecErrorsSetCallback(on_error);
	return 0;
}

static void end(void)
{
	xmlSecCryptoShutdown();
	xmlSecCryptoAppShutdown();
	xmlSecShutdown();
}

/* The first element child named name in namespace ns. */
static xmlNodePtr child(xmlNodePtr n, const char *ns, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (sf_xml_is(n, ns, name))
			return n;
	return NULL;
}

/* Makes attribute name of n an XML ID, as same-document references need;
 * returns its value, or NULL when n has none (or it is taken). */
static const char *make_id(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name), have;
	xmlChar *v;

	if (!a || !a->children || !a->children->content)
		return NULL;
	v = a->children->content;
	have = xmlGetID(n->doc, v);
	if (have)
		return have == a ? (const char *)v : NULL;
	return xmlAddID(NULL, n->doc, v, a) ? (const char *)v : NULL;
}

/* The collection's data stream and components, their IDs registered;
 * other (the first of the collection's other children: more data
 * streams, signatures or anything else, which a signature of SCAP 1.3's
 * layout does not cover). */
typedef struct parts {
	xmlNodePtr root, sig, other;
	const char *stream_id;
	const char **comp_ids;
	size_t ncomps;
} parts;

static int find_parts(xmlDocPtr doc, parts *p)
{
	xmlNodePtr n;

	memset(p, 0, sizeof(*p));
	p->root = xmlDocGetRootElement(doc);
	if (!sf_xml_is(p->root, SF_NS_DS, "data-stream-collection"))
		return sf_error_set("not a SCAP source data stream collection");
	for (n = p->root->children; n; n = n->next) {
		const char *id = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (sf_xml_is(n, SF_NS_DS, "data-stream") && !p->stream_id) {
			id = p->stream_id = make_id(n, "id");
		} else if (sf_xml_is(n, SF_NS_DS, "component")) {
			id = make_id(n, "id");
			p->comp_ids = sf_xrealloc(p->comp_ids,
			                          (p->ncomps + 1) * sizeof(char *));
			p->comp_ids[p->ncomps++] = id;
		} else if (sf_xml_is(n, NS_DSIG, "Signature") && !p->sig) {
			p->sig = n;
			continue;
		} else if (!p->other) {
			p->other = n;
			continue;
		}
		if (!id) {
			free(p->comp_ids);
			return sf_error_set("the collection's %s on line %ld has "
			                    "no ID of its own (none, or one "
			                    "another element has too)",
			                    (const char *)n->name, xmlGetLineNo(n));
		}
	}
	if (!p->stream_id) {
		free(p->comp_ids);
		return sf_error_set("the collection has no data stream");
	}
	return 0;
}

static char *fragment(const char *id)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "#%s", id);
	return sf_buf_detach(&b);
}

static int add_reference(xmlNodePtr parent, int manifest, const char *id,
                         const char *type)
{
	char *uri = fragment(id);
	xmlNodePtr ref =
	    manifest ? xmlSecTmplManifestAddReference(
	                   parent, xmlSecTransformSha256Id, NULL, BAD_CAST uri,
	                   BAD_CAST type)
	             : xmlSecTmplSignatureAddReference(
	                   parent, xmlSecTransformSha256Id, NULL, BAD_CAST uri,
	                   BAD_CAST type);

	free(uri);
	return ref && xmlSecTmplReferenceAddTransform(
	                  ref, xmlSecTransformInclC14N11Id)
	           ? 0
	           : -1;
}

/* The TMSAD signature-info: when, and a nonce. */
static int add_properties(xmlNodePtr sig)
{
	xmlNodePtr obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
	xmlNodePtr props, prop, info;
	xmlNsPtr tmsad, dc;
	unsigned char nonce[16];
	char hex[2 * sizeof(nonce) + 1], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	if (!obj || RAND_bytes(nonce, sizeof(nonce)) != 1)
		return -1;
	for (i = 0; i < sizeof(nonce); i++)
		snprintf(hex + 2 * i, 3, "%02x", nonce[i]);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	props = xmlNewChild(obj, sig->ns, BAD_CAST "SignatureProperties", NULL);
	xmlSetProp(props, BAD_CAST "Id", BAD_CAST PROPS_ID);
	prop = xmlNewChild(props, sig->ns, BAD_CAST "SignatureProperty", NULL);
	xmlSetProp(prop, BAD_CAST "Target", BAD_CAST "#" SIG_ID);
	info = xmlNewChild(prop, NULL, BAD_CAST "signature-info", NULL);
	tmsad = xmlNewNs(info, BAD_CAST NS_TMSAD, BAD_CAST "tmsad");
	dc = xmlNewNs(info, BAD_CAST NS_DC, BAD_CAST "dc");
	xmlSetNs(info, tmsad);
	xmlNewTextChild(info, dc, BAD_CAST "date", BAD_CAST stamp);
	xmlNewTextChild(info, tmsad, BAD_CAST "nonce", BAD_CAST hex);
	return make_id(props, "Id") ? 0 : -1;
}

/* The signature template, the collection's last child. */
static xmlNodePtr add_template(const parts *p)
{
	xmlNodePtr sig, obj, manifest, ki, x509;
	size_t i;

	sig = xmlSecTmplSignatureCreate(p->root->doc,
	                                xmlSecTransformInclC14N11Id,
	                                xmlSecTransformRsaSha256Id,
	                                BAD_CAST SIG_ID);
	if (!sig)
		return NULL;
	xmlAddChild(p->root, sig);
	if (add_reference(sig, 0, p->stream_id, NULL) < 0 ||
	    add_reference(sig, 0, PROPS_ID, NS_DSIG "SignatureProperties") <
	        0 ||
	    add_reference(sig, 0, MANIFEST_ID, NS_DSIG "Manifest") < 0)
		return NULL;
	/* the certificate, and the bare key after it for scanners that take
	 * no certificate without a trust store of their own (OpenSCAP) */
	ki = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
	x509 = ki ? xmlSecTmplKeyInfoAddX509Data(ki) : NULL;
	if (!x509 || !xmlSecTmplX509DataAddCertificate(x509) ||
	    !xmlSecTmplKeyInfoAddKeyValue(ki) || add_properties(sig) < 0)
		return NULL;
	obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
	manifest = obj ? xmlSecTmplObjectAddManifest(obj, BAD_CAST MANIFEST_ID)
	               : NULL;
	if (!manifest || !make_id(manifest, "Id") || !make_id(sig, "Id"))
		return NULL;
	for (i = 0; i < p->ncomps; i++)
		if (add_reference(manifest, 1, p->comp_ids[i], NULL) < 0)
			return NULL;
	return sig;
}

/* Whether the file can be opened, asked first: libxmlsec1 loses memory
 * on a file it cannot open. */
static int readable(const char *what, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return sf_error_set("cannot read the %s '%s': %s", what, path,
		                    strerror(errno));
	fclose(f);
	return 0;
}

static int unusable(const char *what, const char *path, const char *is_not)
{
	return sf_error_set("cannot use the %s '%s': it is not %s (%s)", what,
	                    path, is_not, cause[0] ? cause : "unreadable");
}

int sf_dsig_sign(xmlDocPtr doc, const char *key_path, const char *cert_path)
{
	xmlSecDSigCtxPtr ctx = NULL;
	xmlNodePtr sig;
	sf_dsig_report r;
	parts p;
	int rc = -1;

	if (readable("signing key", key_path) < 0 ||
	    readable("signing certificate", cert_path) < 0 ||
	    find_parts(doc, &p) < 0)
		return -1;
	if (p.sig) {
		free(p.comp_ids);
		return sf_error_set("the data stream is signed already");
	}
	if (begin() < 0) {
		free(p.comp_ids);
		return -1;
	}
	sig = add_template(&p);
	if (!sig) {
		sf_error_set("cannot make the signature's template");
		goto done;
	}
	ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx) {
		sf_error_set("cannot start signing");
		goto done;
	}
	ctx->signKey = xmlSecCryptoAppKeyLoad(key_path, xmlSecKeyDataFormatPem,
	                                      NULL, NULL, NULL);
	if (!ctx->signKey) {
		unusable("signing key", key_path, "a PEM private key");
		goto done;
	}
	cause[0] = '\0';
	if (xmlSecCryptoAppKeyCertLoad(ctx->signKey, cert_path,
	                               xmlSecKeyDataFormatPem) < 0) {
		unusable("signing certificate", cert_path,
		         "a PEM X.509 certificate");
		goto done;
	}
	cause[0] = '\0';
	if (xmlSecDSigCtxSign(ctx, sig) < 0) {
		sf_error_set("cannot sign with the key '%s': %s", key_path,
		             cause[0] ? cause : "failed");
		goto done;
	}
	rc = 0;
done:
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	end();
	free(p.comp_ids);
	if (rc < 0)
		return -1;
	/* a key that is not the certificate's makes a signature no one can
	 * check: refused here rather than found by a reader */
	if (sf_dsig_verify(doc, &r) < 0)
		return -1;
	if (r.state != SF_DSIG_VALID) {
		sf_error_set("the signature made does not verify (%s): is '%s' "
		             "the key of '%s'?",
		             r.problem ? r.problem : "unknown", key_path,
		             cert_path);
		rc = -1;
	}
	sf_dsig_report_release(&r);
	return rc;
}

/* The first problem found: why, and what it is about (NULL: nothing). */
static void invalid(sf_dsig_report *r, const char *why, const char *what)
{
	sf_buf b = SF_BUF_INIT;

	if (r->state == SF_DSIG_INVALID)
		return;
	sf_buf_puts(&b, why);
	if (what)
		sf_buf_puts(&b, what);
	r->state = SF_DSIG_INVALID;
	r->problem = sf_buf_detach(&b);
}

/* The URI of reference n of the references under parent. */
static const char *reference_uri(xmlNodePtr parent, size_t n)
{
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (sf_xml_is(c, NS_DSIG, "Reference") && !n--) {
			xmlAttrPtr a = xmlHasProp(c, BAD_CAST "URI");

			return a && a->children
			           ? (const char *)a->children->content
			           : "";
		}
	return NULL;
}

/* SCAP 1.3's layout: the data stream, the properties, the manifest in
 * SignedInfo; every component in the manifest. */
static void check_layout(const parts *p, xmlNodePtr sig, sf_dsig_report *r)
{
	xmlNodePtr info = child(sig, NS_DSIG, "SignedInfo"), obj, manifest = NULL;
	const char *uri;
	size_t i, n;

	for (obj = sig->children; obj; obj = obj->next) {
		xmlNodePtr c;

		if (!sf_xml_is(obj, NS_DSIG, "Object"))
			continue;
		for (c = obj->children; c; c = c->next) {
			if (sf_xml_is(c, NS_DSIG, "Manifest"))
				manifest = c;
			if ((sf_xml_is(c, NS_DSIG, "Manifest") ||
			     sf_xml_is(c, NS_DSIG, "SignatureProperties")))
				make_id(c, "Id");
		}
	}
	make_id(sig, "Id");
	if (p->other)
		invalid(r, "the signature does not cover the collection's ",
		        (const char *)p->other->name);
	uri = reference_uri(info, 0);
	if (!uri || uri[0] != '#' || strcmp(uri + 1, p->stream_id))
		invalid(r, "its first reference is not the data stream ",
		        p->stream_id);
	if (!manifest || !reference_uri(info, 2))
		invalid(r, "it has no manifest of the components", NULL);
	for (i = 0; i < p->ncomps && manifest; i++) {
		for (n = 0; (uri = reference_uri(manifest, n)) != NULL; n++)
			if (uri[0] == '#' && !strcmp(uri + 1, p->comp_ids[i]))
				break;
		if (!uri)
			invalid(r, "it does not cover the component ",
			        p->comp_ids[i]);
	}
	r->components = p->ncomps;
}

/* Only what a data stream's signature needs is followed. */
static int restrict_transforms(xmlSecDSigCtxPtr ctx)
{
	xmlSecTransformId c14n[] = {
	    xmlSecTransformInclC14N11Id, xmlSecTransformInclC14NId,
	    xmlSecTransformExclC14NId, xmlSecTransformSha256Id,
	    xmlSecTransformSha384Id, xmlSecTransformSha512Id};
	xmlSecTransformId sign[] = {
	    xmlSecTransformInclC14N11Id, xmlSecTransformInclC14NId,
	    xmlSecTransformExclC14NId, xmlSecTransformRsaSha256Id,
	    xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id,
	    xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id,
	    xmlSecTransformEcdsaSha512Id};
	size_t i;

	ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
	for (i = 0; i < sizeof(c14n) / sizeof(*c14n); i++)
		if (xmlSecDSigCtxEnableReferenceTransform(ctx, c14n[i]) < 0)
			return -1;
	for (i = 0; i < sizeof(sign) / sizeof(*sign); i++)
		if (xmlSecDSigCtxEnableSignatureTransform(ctx, sign[i]) < 0)
			return -1;
	return 0;
}

static char *subject_of(xmlSecKeyPtr key)
{
	xmlSecKeyDataPtr data =
	    key ? xmlSecKeyGetData(key, xmlSecOpenSSLKeyDataX509Id) : NULL;
	X509 *cert = data ? xmlSecOpenSSLKeyDataX509GetKeyCert(data) : NULL;
	char *line, *out;

	if (!cert)
		return sf_xstrdup("a key without a certificate");
	line = X509_NAME_oneline(X509_get_subject_name(cert), NULL, 0);
	out = sf_xstrdup(line ? line : "?");
	OPENSSL_free(line);
	return out;
}

static void check_value(xmlSecDSigCtxPtr ctx, xmlNodePtr sig,
                        sf_dsig_report *r)
{
	xmlSecSize i;

	if (xmlSecDSigCtxVerify(ctx, sig) < 0) {
		invalid(r, "it cannot be checked: ",
		        cause[0] ? cause : "failed");
		return;
	}
	for (i = 0; i < xmlSecPtrListGetSize(&ctx->signedInfoReferences); i++) {
		xmlSecDSigReferenceCtxPtr ref =
		    xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);

		if (ref->status != xmlSecDSigStatusSucceeded)
			invalid(r, "what it references was changed: ",
			        ref->uri ? (const char *)ref->uri : "?");
	}
	/* libxmlsec1 leaves the manifest's references to the application */
	for (i = 0; i < xmlSecPtrListGetSize(&ctx->manifestReferences); i++) {
		xmlSecDSigReferenceCtxPtr ref =
		    xmlSecPtrListGetItem(&ctx->manifestReferences, i);

		if (ref->status != xmlSecDSigStatusSucceeded)
			invalid(r, "a component was changed: ",
			        ref->uri ? (const char *)ref->uri + 1 : "?");
	}
	if (ctx->status != xmlSecDSigStatusSucceeded)
		invalid(r, "the signature value does not match", NULL);
	if (r->state != SF_DSIG_INVALID) {
		r->state = SF_DSIG_VALID;
		r->signer = subject_of(ctx->signKey);
	}
}

int sf_dsig_verify(xmlDocPtr doc, sf_dsig_report *r)
{
	xmlSecKeysMngrPtr mngr = NULL;
	xmlSecDSigCtxPtr ctx = NULL;
	xmlNodePtr sig;
	parts p;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (find_parts(doc, &p) < 0)
		return -1;
	sig = p.sig;
	if (!sig) {
		free(p.comp_ids);
		return 0;
	}
	check_layout(&p, sig, r);
	if (begin() < 0) {
		free(p.comp_ids);
		return -1;
	}
	mngr = xmlSecKeysMngrCreate();
	if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0 ||
	    !(ctx = xmlSecDSigCtxCreate(mngr)) || restrict_transforms(ctx) < 0) {
		sf_error_set("cannot start checking the signature");
		goto done;
	}
	ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
	check_value(ctx, sig, r);
	rc = 0;
done:
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	if (mngr)
		xmlSecKeysMngrDestroy(mngr);
	end();
	free(p.comp_ids);
	return rc;
}

void sf_dsig_report_release(sf_dsig_report *r)
{
	free(r->signer);
	free(r->problem);
	memset(r, 0, sizeof(*r));
}
