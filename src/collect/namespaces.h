/*
 * Effective namespaces, as Docker resolves them. HostConfig.PidMode and
 * HostConfig.IpcMode may name another container's namespace to join
 * ("container:<name or ID>"); the joiner then shares whatever namespace
 * that donor has, through any chain of joiners, so a joiner whose donor
 * is in "host" mode shares the host's namespace. Podman's "ns:<path>"
 * joins the namespace at a path: "ns:/proc/1/ns/pid" (or ".../ipc") is
 * the host's; any other path cannot be decided from the evidence.
 *
 * The effective mode of a container is one of: the field's own value
 * (it joins nothing), "host" (it joins the host's namespace), "container"
 * (it joins another container's own namespace) or "unresolved" (the donor
 * is missing from the evidence, ambiguous, or an undecidable path). The
 * collector writes it into the evidence (Scapforge.EffectivePidMode and
 * EffectiveIpcMode), where the OVAL checks read it.
 */
#ifndef SF_COLLECT_NAMESPACES_H
#define SF_COLLECT_NAMESPACES_H

#include <stddef.h>

typedef enum sf_ns_kind { SF_NS_PID, SF_NS_IPC, SF_NS_KINDS } sf_ns_kind;

/* One namespace mode of a container. */
typedef struct sf_nsmode {
	char *mode;      /* as the evidence says; NULL: the field is missing */
	char *effective; /* see above; NULL while mode is NULL */
	char *chain;     /* for a joiner: "container:db, which is host" */
} sf_nsmode;

/* The field a kind is read from ("HostConfig.PidMode") and the key the
 * collector writes its effective mode under ("EffectivePidMode"). */
const char *sf_ns_field(sf_ns_kind k);
const char *sf_ns_effective_key(sf_ns_kind k);
/* The field's own key, in the HostConfig object ("PidMode"). */
const char *sf_ns_key(sf_ns_kind k);

/* Whether mode joins another container (and so needs every container of
 * the evidence to be resolved). */
int sf_ns_is_joiner(const char *mode);

/* Sets m->effective (and m->chain) for a mode that joins no container. */
void sf_ns_resolve_direct(sf_ns_kind k, sf_nsmode *m);

/* What the resolver needs of each container. */
typedef struct sf_ns_member {
	const char *id;
	const char *name; /* without Docker's leading '/' */
	sf_nsmode *ns;    /* SF_NS_KINDS modes */
} sf_ns_member;

/* Resolves every joiner among n members; name is the evidence's, for
 * messages. Returns 0, or -1 with the last error set for a cycle. */
int sf_ns_resolve(sf_ns_member *members, size_t n, const char *name);

void sf_nsmode_release(sf_nsmode *m);

#endif
