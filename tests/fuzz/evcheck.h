/*
 * Invariants of the evidence filter, for the fuzz targets, checked
 * without the filter's own code: each failed check prints what failed
 * and aborts, so that libFuzzer keeps the input as a crash.
 *
 * A written evidence file must be strict JSON, an array of as many
 * objects as containers assessed, fingerprinted by ev->sha256, with the
 * Id and namespace fields the filter read, no key that Go's decoder
 * would read as a watched one in another spelling or twice, Config.Env
 * values redacted, and exactly one "Scapforge" object in every container
 * that has a namespace field, holding its resolved modes; filtering it
 * again must give the same containers (and, when none was excluded, the
 * same bytes). Filtering it again may only fail when containers were
 * excluded, as a cycle: without the excluded donors, a prefix they made
 * ambiguous may name the joiner itself.
 */
#ifndef SF_FUZZ_EVCHECK_H
#define SF_FUZZ_EVCHECK_H

#include <stddef.h>

#include "collect/evidence.h"

#define SF_FUZZ_CHECK(cond)                                                    \
	((cond) ? (void)0 : sf_fuzz_fail(#cond, __FILE__, __LINE__))

void sf_fuzz_fail(const char *what, const char *file, int line);

/* A private folder for this process's files (made once). */
const char *sf_fuzz_dir(void);
/* Fails unless dir holds exactly the n names given (no leftover
 * temporary file). */
void sf_fuzz_check_listing(const char *dir, const char *const *names,
                           size_t n);

/* Whether key (UTF-8, len bytes) is name (ASCII) to Go's encoding/json,
 * whose key matching is strings.EqualFold: ASCII letters in either case,
 * and U+017F (long s) for s, U+212A (Kelvin sign) for k. */
int sf_fuzz_go_same_key(const char *key, size_t len, const char *name);

/* What a mode that joins no container resolves to (see namespaces.h). */
const char *sf_fuzz_direct_effective(sf_ns_kind k, const char *mode);

/* Checks the file a successful filter wrote, then filters it again
 * (same exclusion and keep_env) and checks that. */
void sf_fuzz_check_written(const char *out_path, const char *exclude,
                           int keep_env, const sf_evidence *ev);

#endif
