#include <stdlib.h>
#include <string.h>

#include "emit/oval_ids.h"
#include "util/buf.h"

struct sf_oval_ids {
	unsigned long *var; /* 0: not exported */
	size_t n;
	unsigned long next;
};

int sf_rule_uses_value(const sf_rule *r, const char *value_id, int portable)
{
	size_t i;

	if (portable ? r->check.data_root &&
	                   (!strcmp(r->check.data_root, value_id) ||
	                    !strcmp(r->check.exclude, value_id))
	             : !strcmp(r->check.evidence, value_id))
		return 1;
	for (i = 0; i < r->check.nfindings; i++)
		if (r->check.findings[i].when &&
		    !strcmp(r->check.findings[i].when, value_id))
			return 1;
	return 0;
}

int sf_oval_ids_plan(sf_oval_ids **out, const sf_benchmark *b, int portable)
{
	sf_oval_ids *ids = sf_xcalloc(1, sizeof(*ids));
	size_t i, j;

	ids->n = b->nvalues;
	ids->var = sf_xcalloc(b->nvalues ? b->nvalues : 1, sizeof(*ids->var));
	ids->next = 1;
	for (i = 0; i < b->nvalues; i++)
		for (j = 0; j < b->nrules; j++)
			if (sf_rule_uses_value(&b->rules[j], b->values[i].id,
			                       portable)) {
				ids->var[i] = ids->next++;
				break;
			}
	*out = ids;
	return 0;
}

void sf_oval_ids_free(sf_oval_ids *ids)
{
	if (!ids)
		return;
	free(ids->var);
	free(ids);
}

int sf_oval_ids_exported(const sf_oval_ids *ids, size_t i)
{
	return i < ids->n && ids->var[i] != 0;
}

unsigned long sf_oval_ids_value_var(const sf_oval_ids *ids, size_t i)
{
	return i < ids->n ? ids->var[i] : 0;
}

unsigned long sf_oval_ids_next_var(const sf_oval_ids *ids)
{
	return ids->next;
}
