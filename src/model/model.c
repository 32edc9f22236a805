#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void rule_release(sf_rule *r)
{
	size_t i;

	free(r->file);
	free(r->stig_id);
	free(r->title);
	free(r->severity);
	free(r->weight);
	free(r->srg);
	free_strings(r->ccis, r->nccis);
	for (i = 0; i < r->nnist; i++) {
		free(r->nist[i].control);
		free(r->nist[i].source);
	}
	free(r->nist);
	free(r->discussion);
	free(r->check_text);
	free(r->fix_text);
	for (i = 0; i < r->nids; i++) {
		sf_rule_ids *ids = &r->ids[i];

		free(ids->release);
		free(ids->vuln_id);
		free(ids->rule_id);
		free(ids->fix_id);
		free(ids->check_id);
		free(ids->cci_system);
		free_strings(ids->legacy_ids, ids->nlegacy_ids);
	}
	free(r->ids);
	free(r->check.evidence);
	free(r->check.data_root);
	free(r->check.exclude);
	free(r->check.field);
	for (i = 0; i < r->check.nfindings; i++) {
		free(r->check.findings[i].equals);
		free(r->check.findings[i].when);
	}
	free(r->check.findings);
}

void sf_benchmark_free(sf_benchmark *b)
{
	size_t i, j;

	if (!b)
		return;
	free(b->id);
	free(b->title);
	free(b->publisher);
	free(b->source);
	free(b->creator);
	free(b->namespace);
	free(b->oval_namespace);
	free(b->date);
	free(b->default_release);
	for (i = 0; i < b->nreleases; i++) {
		sf_release *r = &b->releases[i];

		free(r->name);
		free(r->version);
		free(r->description);
		free(r->status_date);
		free(r->release_info);
		free(r->reference_href);
		free(r->target_title);
		free(r->target_identifier);
	}
	free(b->releases);
	for (i = 0; i < b->nprofiles; i++) {
		free(b->profiles[i].id);
		free(b->profiles[i].title);
		free(b->profiles[i].description);
	}
	free(b->profiles);
	for (i = 0; i < b->nvalues; i++) {
		sf_value *v = &b->values[i];

		free(v->id);
		free(v->title);
		free(v->description);
		free(v->default_value);
		for (j = 0; j < v->nselectors; j++) {
			free(v->selectors[j].name);
			free(v->selectors[j].value);
		}
		free(v->selectors);
	}
	free(b->values);
	for (i = 0; i < b->nrules; i++)
		rule_release(&b->rules[i]);
	free(b->rules);
	free(b);
}

const sf_release *sf_benchmark_release(const sf_benchmark *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nreleases; i++)
		if (!strcmp(b->releases[i].name, name))
			return &b->releases[i];
	return NULL;
}

const sf_value *sf_benchmark_value(const sf_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->nvalues; i++)
		if (!strcmp(b->values[i].id, id))
			return &b->values[i];
	return NULL;
}

const sf_rule_ids *sf_rule_ids_for(const sf_rule *r, const char *release)
{
	size_t i;

	for (i = 0; i < r->nids; i++)
		if (!strcmp(r->ids[i].release, release))
			return &r->ids[i];
	return NULL;
}

const char *sf_value_type_name(sf_value_type t)
{
	switch (t) {
	case SF_VALUE_BOOLEAN:
		return "boolean";
	case SF_VALUE_NUMBER:
		return "number";
	default:
		return "string";
	}
}

unsigned long sf_rule_number(const sf_rule *r)
{
	const char *dash = strrchr(r->stig_id, '-');

	return dash ? strtoul(dash + 1, NULL, 10) : 0;
}
