/*
 * The benchmark and its rules as plain data, filled by load/ and read by
 * emit/. No I/O here. Every string is owned by the struct holding it and
 * freed by sf_benchmark_free; arrays come with their counts.
 */
#ifndef SF_MODEL_MODEL_H
#define SF_MODEL_MODEL_H

#include <stddef.h>

/* A rule's identifiers in one STIG release. */
typedef struct sf_rule_ids {
	char *release; /* "V2R2" */
	char *vuln_id;
	char *rule_id;
	char *fix_id;
	char *check_id;
	char *cci_system;
	char **legacy_ids;
	size_t nlegacy_ids;
} sf_rule_ids;

/* An SP 800-53 control and who maps the rule to it. */
typedef struct sf_nist_ref {
	char *control;
	int revision;
	char *source;
} sf_nist_ref;

/* A field value that makes a container a finding; with when set, only
 * while that boolean Value is true. */
typedef struct sf_finding {
	char *equals;
	char *when;
} sf_finding;

typedef struct sf_check {
	char *evidence; /* Value holding the evidence path */
	char *data_root; /* Value holding Docker's data root (portable data
	                    stream); NULL: the rule is not in it */
	char *exclude;  /* Value holding the exclusion pattern */
	char *field;    /* "HostConfig.PidMode" */
	int joinable;   /* a namespace mode that may join another one */
	sf_finding *findings;
	size_t nfindings;
} sf_check;

typedef struct sf_rule {
	char *file; /* where it was loaded from, for messages */
	char *stig_id;
	char *title;
	char *severity;
	char *weight; /* as written, e.g. "10.0" */
	char *srg;
	char **ccis;
	size_t nccis;
	sf_nist_ref *nist;
	size_t nnist;
	char *discussion;
	int documentable;
	char *check_text;
	char *fix_text;
	sf_rule_ids *ids;
	size_t nids;
	sf_check check;
} sf_rule;

typedef struct sf_release {
	char *name;
	char *version;
	char *description; /* DISA's Benchmark description in this release */
	char *status_date;
	char *release_info;
	char *reference_href;
	char *target_title;
	char *target_identifier;
} sf_release;

typedef struct sf_profile {
	char *id;
	char *title;
	char *description;
} sf_profile;

typedef enum sf_value_type {
	SF_VALUE_STRING,
	SF_VALUE_BOOLEAN,
	SF_VALUE_NUMBER
} sf_value_type;

typedef struct sf_selector {
	char *name;
	char *value;
} sf_selector;

typedef struct sf_value {
	char *id;
	sf_value_type type;
	char *title;
	char *description;
	char *default_value;
	sf_selector *selectors;
	size_t nselectors;
} sf_value;

typedef struct sf_benchmark {
	char *id;
	char *title;
	char *publisher;
	char *source;
	char *creator;
	char *namespace;
	char *oval_namespace;
	char *date;
	char *default_release;
	sf_release *releases;
	size_t nreleases;
	sf_profile *profiles;
	size_t nprofiles;
	sf_value *values;
	size_t nvalues;
	sf_rule *rules; /* sorted by STIG ID */
	size_t nrules;
} sf_benchmark;

void sf_benchmark_free(sf_benchmark *b);

const sf_release *sf_benchmark_release(const sf_benchmark *b, const char *name);
const sf_value *sf_benchmark_value(const sf_benchmark *b, const char *id);
/* The rule's identifiers in the named release, or NULL. */
const sf_rule_ids *sf_rule_ids_for(const sf_rule *r, const char *release);

const char *sf_value_type_name(sf_value_type t);

/* The number of a STIG ID ("DKER-EE-001240" gives 1240), used to number
 * OVAL IDs so that they stay stable when rules are added. */
unsigned long sf_rule_number(const sf_rule *r);

#endif
