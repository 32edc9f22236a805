/*
 * A scan: the profile's rules evaluated by scapforge's OVAL engine on
 * docker inspect evidence, after the exclusion Value has left out the
 * containers it names. Results follow XCCDF 1.2; each failed rule lists
 * the assessed containers at fault.
 */
#ifndef SF_SCAN_SCAN_H
#define SF_SCAN_SCAN_H

#include <stddef.h>

#include "collect/docker.h"
#include "collect/endpoint.h"
#include "collect/evidence.h"
#include "scan/content.h"
#include "scan/target.h"
#include "util/fsio.h"
#include "util/strpool.h"

typedef enum sf_xccdf_result {
	SF_XR_PASS,
	SF_XR_FAIL,
	SF_XR_ERROR,
	SF_XR_UNKNOWN,
	SF_XR_NOTAPPLICABLE,
	SF_XR_NOTCHECKED
} sf_xccdf_result;

typedef struct sf_setting {
	const char *id; /* the Value's ID, borrowed from the content */
	char *value;
} sf_setting;

/* A container at fault and what its evidence said. */
typedef struct sf_offense {
	long container; /* index into evidence.assessed (or excluded) */
	char *value;    /* the value a state found false, e.g. "host";
	                   NULL when the container lacks the field */
	char *setting;  /* the docker inspect field, e.g. "HostConfig.PidMode"
	                   (the YAML path read, without its "[:]." part) */
	char *detail;   /* what to show instead of the value, or NULL:
	                   "container:db, which is host", "missing" */
} sf_offense;

typedef struct sf_outcome {
	const sf_xrule *rule;
	sf_xccdf_result result;
	sf_offense *offenders;
	size_t noffenders;
	char *problem; /* why it ended in error, or NULL */
	/* excluded containers the rule would fail (indexes into
	 * evidence.excluded) */
	sf_offense *excluded_offenders;
	size_t nexcluded_offenders;
} sf_outcome;

typedef struct sf_scan_opts {
	const char *profile;      /* NULL: the first profile */
	const char *const *rules; /* NULL: every selected rule */
	size_t nrules;
	const char *const *set_values; /* "ID=VALUE"; ID may be short */
	size_t nset_values;
	const char *evidence_in; /* docker inspect output, "-": stdin;
	                            NULL: collect from the endpoint */
	const sf_endpoint_opts *endpoint; /* NULL: the environment's */
	long collect_timeout;    /* seconds for the whole collection; 0: the
	                            default, SF_DOCKER_COLLECT_TIMEOUT */
	sf_progress_fn progress; /* during collection, or NULL */
	void *progress_ctx;
	const char *evidence_out; /* the assessed containers, for OVAL */
	int keep_env;             /* keep Config.Env values in it */
	const sf_target_opts *target; /* the asset, as named; or NULL */
	sf_pending_set *commit;   /* takes the evidence file, to be renamed
	                             with the reports; NULL: renamed now */
	const char *data_root; /* the portable data stream's: Docker's data
	                          root, over its Value; NULL: the Value's */
} sf_scan_opts;

typedef struct sf_scan {
	const sf_content *content;
	const char *profile_id;
	sf_setting *settings; /* every Value as the scan used it */
	size_t nsettings;
	sf_evidence evidence;
	char *evidence_path; /* the evidence file written, absolute if it can
	                        be resolved: what the OVAL checks read */
	int collected;       /* from an engine (engine is set) */
	sf_engine_info engine;
	sf_host target;       /* whom the results are about */
	char *target_warning; /* why the target may not be who it seems,
	                         or NULL */
	sf_outcome *outcomes;
	size_t noutcomes;
	long long start_time, end_time; /* seconds since 1970, UTC */
	struct sf_oval_engine *oval;    /* kept for the OVAL results */
	sf_strpool *pool; /* the values the checks read, once each: the
	                     walker's, the engines' */
	/* the portable data stream's: the data root read (also
	 * evidence_path), and what kept it or a container from being read,
	 * or NULL */
	const char *data_root;
	char *problems;
} sf_scan;

/* Returns 0, or -1 with the last error set when the scan could not be
 * done (unknown profile, rule or Value; evidence that is not docker
 * inspect output; an engine that answered badly), or
 * SF_DOCKER_UNREACHABLE when no engine could be reached at all. */
int sf_scan_run(sf_scan **out, const sf_content *c, const sf_scan_opts *o);
/* The value in force of the Value with this sf:role
 * ("exclusion-pattern", "evidence-path"), or NULL. */
const char *sf_scan_role_value(const sf_scan *s, const char *role);
/* Frees the OVAL engine once the ARF (whose OVAL results are the only
 * report that reads it) is made: the others are made from the outcomes,
 * and a scan of many containers holds megabytes of items. */
void sf_scan_drop_oval(sf_scan *s);
void sf_scan_free(sf_scan *s);

const char *sf_xccdf_result_name(sf_xccdf_result r);

#endif
