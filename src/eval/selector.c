/*
 * How an object entity of a file object selects folders or names: each
 * one compared with every value of the entity, by equality or as a
 * pattern, the comparisons combined by its var_check ("all" unless it
 * says otherwise: a folder must then equal, or match, every value).
 */
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/pattern.h"

int sf_selector_init(sf_oval_engine *e, xmlNodePtr ent, sf_selector *sel)
{
	char *op = sf_xml_prop(ent, "operation");
	char *vc = sf_xml_prop(ent, "var_check");
	int check = sf_oval_operator_parse(*vc ? vc : "all", 1);
	sf_buf what = SF_BUF_INIT;
	size_t i;
	int rc = 0;

	memset(sel, 0, sizeof(*sel));
	sel->what = (const char *)ent->name;
	sel->pattern = !strcmp(op, "pattern match");
	sel->check = (sf_oval_operator)check;
	if ((*op && !sel->pattern && strcmp(op, "equals")) || check < 0) {
		sf_engine_problem(e,
		                  "the %s operation '%s' (var_check '%s') is "
		                  "not supported",
		                  sel->what, op, vc);
		rc = -1;
	} else if (sf_engine_entity_values(e, ent, &sel->vals, &sel->n) < 0) {
		rc = -1;
	}
	free(op);
	free(vc);
	if (rc < 0 || !sel->pattern)
		return rc;
	sf_buf_printf(&what, "the %s pattern", sel->what);
	sel->res = sf_xcalloc(sel->n ? sel->n : 1, sizeof(*sel->res));
	for (i = 0; i < sel->n && rc == 0; i++)
		if (sf_pattern_compile_opts(&sel->res[i], sel->vals[i],
		                            SF_PATTERN_BYTES,
		                            sf_buf_cstr(&what)) < 0) {
			sf_engine_problem(e, "%s", sf_error_last());
			sf_selector_release(sel);
			rc = -1;
		}
	sf_buf_release(&what);
	return rc;
}

int sf_selector_test(sf_oval_engine *e, const sf_selector *sel, const char *v,
                     size_t len)
{
	sf_oval_tally t;
	size_t i;
	int m;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < sel->n; i++) {
		if (!sel->pattern) {
			m = strlen(sel->vals[i]) == len &&
			    !memcmp(sel->vals[i], v, len);
		} else if ((m = sf_pattern_match(sel->res[i], v, len)) < 0) {
			sf_engine_problem(e, "%s", sf_error_last());
			return -1;
		}
		t.n[m ? SF_OVAL_TRUE : SF_OVAL_FALSE]++;
	}
	return sel->n && sf_oval_combine(sel->check, &t) == SF_OVAL_TRUE;
}

void sf_selector_release(sf_selector *sel)
{
	size_t i;

	for (i = 0; sel->res && i < sel->n; i++)
		sf_pattern_free(sel->res[i]);
	free(sel->res);
	free(sel->vals);
	memset(sel, 0, sizeof(*sel));
}
