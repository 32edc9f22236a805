/*
 * Which Values the OVAL checks read, and the external variable each one
 * is exported to: shared by the XCCDF and OVAL emitters so that the
 * check-export names and the OVAL variables agree. Exported Values are
 * numbered var:1, var:2... in the order of rules/benchmark.yml.
 */
#ifndef SF_EMIT_OVAL_IDS_H
#define SF_EMIT_OVAL_IDS_H

#include <stddef.h>

#include "model/model.h"

typedef struct sf_oval_ids sf_oval_ids;

/* portable: for the portable data stream's OVAL, which reads Docker's
 * data root and applies the exclusion pattern itself. */
int sf_oval_ids_plan(sf_oval_ids **out, const sf_benchmark *b, int portable);
void sf_oval_ids_free(sf_oval_ids *ids);

/* Whether Value number i is read by some OVAL check. */
int sf_oval_ids_exported(const sf_oval_ids *ids, size_t i);
/* The number of the external variable Value number i is exported to. */
unsigned long sf_oval_ids_value_var(const sf_oval_ids *ids, size_t i);
/* The first variable number free for other variables. */
unsigned long sf_oval_ids_next_var(const sf_oval_ids *ids);

/* Whether the rule's OVAL check reads the Value: its evidence path or a
 * finding's condition (the exclusion pattern is the collector's); in the
 * portable data stream, its data root, the exclusion pattern or a
 * finding's condition. */
int sf_rule_uses_value(const sf_rule *r, const char *value_id, int portable);

#endif
