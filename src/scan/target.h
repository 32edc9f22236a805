/*
 * The target of a scan: the asset its results are about, never simply
 * the machine scapforge runs on.
 *
 * - An engine reached through a unix socket is on this host; the engine's
 *   own name (GET /info) must agree, or the results are attributed to the
 *   host the engine names, with no address, and a warning says why.
 * - An engine reached over TCP is the host it names, at the address it
 *   was reached at (a loopback address is no asset's address).
 * - Saved evidence is the asset the options name (--target-*), else the
 *   one scapforge recorded in it (Scapforge.Target), else "unknown".
 * - The bundled example evidence is the asset "example", with no host
 *   facts at all.
 *
 * The options, when given, name the target of any scan; the example's
 * evidence cannot be given another name.
 */
#ifndef SF_SCAN_TARGET_H
#define SF_SCAN_TARGET_H

#include <stddef.h>

#include "collect/docker.h"
#include "collect/evidence.h"
#include "util/buf.h"
#include "util/host.h"

typedef struct sf_target_opts {
	const char *name;
	const char *fqdn;
	const char *const *ips; /* each paired with macs[i], when given */
	size_t nips;
	const char *const *macs;
	size_t nmacs;
	int example; /* the evidence is the bundled example */
} sf_target_opts;

/* Whether the options name a target. */
int sf_target_given(const sf_target_opts *o);
/* Refuses, with the last error set, a name, FQDN, address or MAC that is
 * not one (a loopback address included). */
int sf_target_check(const sf_target_opts *o);
/* The target of an engine scan; a warning, if any, is appended. */
void sf_target_of_engine(sf_host *t, const sf_engine_info *e,
                         const sf_target_opts *o, sf_buf *warning);
/* The target the options name (or the example's). */
void sf_target_of_options(sf_host *t, const sf_target_opts *o);
/* The target of saved evidence that the options do not name: what it
 * recorded, or "unknown" (a warning says why). Returns -1, with the
 * last error set, when what it recorded is not an asset. */
int sf_target_of_evidence(sf_host *t, const sf_evidence *ev, sf_buf *warning);
/* The target of a scan of Docker's data root: this host when it is the
 * host's own (local), else what the options name, or "unknown" (a
 * warning says why). */
void sf_target_of_data_root(sf_host *t, int local, const sf_target_opts *o,
                            const char *root, sf_buf *warning);
/* The target as the evidence records it (Scapforge.Target): one line of
 * JSON, with the engine's identity when e is not NULL. */
void sf_target_record(const sf_host *t, const sf_engine_info *e,
                      sf_buf *out);

#endif
