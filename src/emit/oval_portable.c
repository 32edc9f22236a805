/*
 * The portable OVAL 5.11.2 definitions: each rule that names a data root
 * becomes one compliance definition that reads Docker's own container
 * files, as any SCAP 1.3 scanner run as root on the host can:
 * <root>/containers/<ID>/hostconfig.json (the namespace modes) and
 * config.v2.json (name and image, for the exclusion pattern). It is true
 * only when
 *   - the containers folder exists (a wrong data root is not a pass),
 *   - every container folder holds a hostconfig.json with the mode (a
 *     missing or truncated one is not a pass),
 *   - no assessed container's mode is a finding, and, for a mode that can
 *     join another container's namespace, no assessed container joins
 *     the host's through a chain of up to three joiners, joins a
 *     container that is not there, or sits at the end of a chain of four
 *     joiners or more (which the definition cannot follow: not a pass).
 * Containers whose name, image or command (Path and Args as Docker
 * stores them, in JSON) the exclusion pattern matches, without regard to
 * case, are not assessed; the empty pattern excludes none.
 *
 * Scanners drop a filter whose variable has no values, which would keep
 * every item: each variable a filter reads therefore also holds the
 * value of a sentinel item (/proc/version, there on every Linux host),
 * which no container's path or ID equals.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/oval_ids.h"
#include "emit/portable.h"
#include "emit/oval_portable_int.h"
#include "emit/ovalw.h"
#include "emit/xmlw.h"
#include "util/error.h"

/* What every rule shares: the data root, the containers, the sentinel,
 * the excluded containers and the guards of the exclusion pattern. */
/* The containers whose value at keys in config.v2.json (value_re, its
 * first group what is matched) is in state match[0]. */
static unsigned long matched(pctx *c, const char *const *keys, size_t n,
                             const char *value_re, const char *comment,
                             const unsigned long *match)
{
	static const char *const include[] = {"include", NULL};
	sf_buf pat = SF_BUF_INIT;
	unsigned long obj;

	sf_portable_member_pattern(&pat, keys, n, value_re);
	obj = sf_portable_file_object(c, "config.v2.json", sf_buf_cstr(&pat),
	                              comment, include, match);
	sf_buf_release(&pat);
	return obj;
}

static void add_shared(pctx *c, const sf_rule *r)
{
	unsigned long obj, names, images, commands, excluded, re_var, ste,
	    dirs_var, root_var, pattern_var;
	xmlNodePtr o, n, v, cat;
	static const char *const name_key[] = {"Name"},
	                         *const image_keys[] = {"Config", "Image"},
	                         *const path_key[] = {"Path"};
	unsigned long match[1];

	root_var = sf_oval_ids_value_var(
	    c->w.ids, sf_ovalw_value_index(&c->w, r->check.data_root));
	pattern_var = sf_oval_ids_value_var(
	    c->w.ids, sf_ovalw_value_index(&c->w, r->check.exclude));

	v = sf_portable_new_local(c, "string", "Docker's containers folder",
	                          &dirs_var);
	cat = sf_xml_add(v, c->w.def, "concat", NULL);
	sf_portable_var_component(c, cat, root_var);
	sf_xml_add(cat, c->w.def, "literal_component", "/containers");
	v = sf_portable_new_local(
	    c, "string", "the path of a container's folder", &c->dir_re_var);
	cat = sf_xml_add(v, c->w.def, "concat", NULL);
	sf_xml_add(cat, c->w.def, "literal_component", "^");
	sf_portable_var_component(
	    c, sf_xml_add(cat, c->w.def, "escape_regex", NULL), root_var);
	sf_xml_add(cat, c->w.def, "literal_component",
	           "/containers/" ID_RE "$");

	o = sf_portable_new_object(c, c->unix_ns, "file_object",
	                           "Docker's containers folder", &obj);
	sf_portable_set_ref(c, sf_xml_add(o, c->unix_ns, "path", NULL),
	                    "var_ref", "var", dirs_var);
	n = sf_xml_add(o, c->unix_ns, "filename", NULL);
	xmlSetNsProp(n, c->xsi, BAD_CAST "nil", BAD_CAST "true");
	c->folder_test = sf_portable_add_test(
	    c, c->unix_ns, "file_test", "at_least_one_exists", obj, 0,
	    "the data root holds Docker's containers folder");

	o = sf_portable_new_object(c, c->unix_ns, "file_object",
	                           "the folder of every container", &obj);
	n = sf_xml_add(o, c->unix_ns, "path", NULL);
	sf_xml_attr(n, "operation", "pattern match");
	sf_portable_set_ref(c, n, "var_ref", "var", c->dir_re_var);
	n = sf_xml_add(o, c->unix_ns, "filename", NULL);
	xmlSetNsProp(n, c->xsi, BAD_CAST "nil", BAD_CAST "true");
	v = sf_portable_new_local(c, "int", "the number of containers",
	                          &c->ndirs_var);
	sf_portable_object_component(c, sf_xml_add(v, c->w.def, "count", NULL),
	                             obj, "path");

	o = sf_portable_new_object(
	    c, c->w.ind, "textfilecontent54_object",
	    "a sentinel: every variable a filter reads holds a value",
	    &c->sentinel_obj);
	sf_xml_add(o, c->w.ind, "filepath", "/proc/version");
	n = sf_xml_add(o, c->w.ind, "pattern", "^(.)");
	sf_xml_attr(n, "operation", "pattern match");
	n = sf_xml_add(o, c->w.ind, "instance", "1");
	sf_xml_attr(n, "datatype", "int");

	v = sf_portable_new_local(
	    c, "string", "the exclusion pattern, without regard to case",
	    &re_var);
	cat = sf_xml_add(v, c->w.def, "concat", NULL);
	sf_xml_add(cat, c->w.def, "literal_component", "(?i)");
	sf_portable_var_component(c, cat, pattern_var);
	match[0] = sf_portable_subexpression_state(
	    c, "pattern match", NULL, re_var, "at least one",
	    "matched by the exclusion pattern");
	names = matched(c, name_key, 1, SF_PORTABLE_NAME_VALUE,
	                "containers whose name the exclusion pattern matches",
	                match);
	images = matched(c, image_keys, 2, SF_PORTABLE_STRING_VALUE,
	                 "containers whose image the exclusion pattern matches",
	                 match);
	/* the command as Docker stores it: Path, then Args as JSON */
	commands = matched(
	    c, path_key, 1, SF_PORTABLE_COMMAND_VALUE,
	    "containers whose command the exclusion pattern matches", match);
	excluded = sf_portable_set_object(
	    c,
	    sf_portable_set_object(c, names, images, NULL, 0,
	                           "containers excluded by name or image"),
	    commands, NULL, 0, "the excluded containers");
	n = sf_portable_new_state(c, "textfilecontent54_state",
	                          "the file is an excluded container's", &ste);
	n = sf_xml_add(n, c->w.ind, "path", NULL);
	sf_xml_attr(n, "operation", "equals");
	sf_portable_set_ref(
	    c, n, "var_ref", "var",
	    sf_portable_values_of(c, excluded, 0,
	                          "the folders of excluded containers"));
	sf_xml_attr(n, "var_check", "at least one");
	c->excluded_ste = ste;

	c->pattern_empty_test = sf_portable_variable_test(
	    c, pattern_var, "string", "equals", "", 0, "at_least_one_exists",
	    "the exclusion pattern is empty: no container is excluded");
	c->pattern_set_test = sf_portable_variable_test(
	    c, pattern_var, "string", "pattern match", ".", 0,
	    "at_least_one_exists", "the exclusion pattern is not empty");
}

/* The findings and joins among the containers of modes (every
 * container's, or the assessed ones'), as criteria under parent. */
static void add_verdicts(pctx *c, xmlNodePtr parent, const sf_rule *r,
                         const char *key, unsigned long modes,
                         unsigned long joins, const unsigned long *host_ns,
                         unsigned long missing, unsigned long deep,
                         int assessed)
{
	const char *who = assessed ? "assessed container" : "container";
	sf_buf text = SF_BUF_INIT;
	unsigned long ste, tst, obj, flag;
	size_t i;
	int level;

	for (i = 0; i < r->check.nfindings; i++) {
		const sf_finding *f = &r->check.findings[i];
		xmlNodePtr sub = parent;

		sf_buf_clear(&text);
		sf_buf_printf(&text, "no %s has %s \"%s\"", who, key,
		              f->equals);
		ste = sf_portable_subexpression_state(
		    c, "not equal", f->equals, 0, NULL, sf_buf_cstr(&text));
		tst = sf_portable_add_test(
		    c, c->w.ind, "textfilecontent54_test", "any_exist", modes,
		    ste, sf_buf_cstr(&text));
		if (f->when) {
			sf_buf_printf(&text, ", or the Value %s is false",
			              f->when);
			sub = sf_ovalw_criteria(&c->w, parent, "OR",
			                        sf_buf_cstr(&text));
			sf_buf_clear(&text);
			sf_buf_printf(&text, "the Value %s is false", f->when);
			flag = sf_portable_variable_test(
			    c,
			    sf_oval_ids_value_var(
			        c->w.ids, sf_ovalw_value_index(&c->w, f->when)),
			    "boolean", "equals", "false", 0,
			    "at_least_one_exists", sf_buf_cstr(&text));
			sf_ovalw_criterion(&c->w, sub, flag,
			                   sf_buf_cstr(&text));
			sf_buf_clear(&text);
			sf_buf_printf(&text, "no %s has %s \"%s\"", who, key,
			              f->equals);
		}
		sf_ovalw_criterion(&c->w, sub, tst, sf_buf_cstr(&text));
	}
	if (!joins)
		goto done;
	for (level = 0; level < JOIN_LEVELS; level++) {
		obj = assessed ? sf_portable_set_object(
		                     c, host_ns[level], 0, "exclude",
		                     c->excluded_ste,
		                     "assessed joiners of the host's namespace")
		               : host_ns[level];
		sf_buf_clear(&text);
		sf_buf_printf(
		    &text,
		    "no %s joins the host's namespace through %d other%s", who,
		    level + 1, level ? "s" : "");
		tst = sf_portable_add_test(
		    c, c->w.ind, "textfilecontent54_test", "none_exist", obj, 0,
		    sf_buf_cstr(&text));
		sf_ovalw_criterion(&c->w, parent, tst, sf_buf_cstr(&text));
	}
	obj = assessed ? sf_portable_set_object(
	                     c, missing, 0, "exclude", c->excluded_ste,
	                     "assessed joiners of a container not there")
	               : missing;
	sf_buf_clear(&text);
	sf_buf_printf(&text, "no %s joins a container that is not there", who);
	tst = sf_portable_add_test(c, c->w.ind, "textfilecontent54_test",
	                           "none_exist", obj, 0, sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, parent, tst, sf_buf_cstr(&text));
	obj = assessed ? sf_portable_set_object(
	                     c, deep, 0, "exclude", c->excluded_ste,
	                     "assessed containers at the end of a long chain")
	               : deep;
	sf_buf_clear(&text);
	sf_buf_printf(
	    &text,
	    "no %s ends a chain of %d joiners or more, which is not followed",
	    who, JOIN_LEVELS + 1);
	tst = sf_portable_add_test(c, c->w.ind, "textfilecontent54_test",
	                           "none_exist", obj, 0, sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, parent, tst, sf_buf_cstr(&text));
done:
	sf_buf_release(&text);
}

/* The joiners: those that reach the host's namespace through 1 to
 * JOIN_LEVELS containers (host_ns), those whose donor is not there
 * (missing) and those at the end of a chain longer than that (deep). */
static unsigned long add_joiners(pctx *c, const char *key, unsigned long all,
                                 unsigned long *host_ns, unsigned long *missing,
                                 unsigned long *deep)
{
	sf_buf pattern = SF_BUF_INIT, text = SF_BUF_INIT;
	unsigned long joins, host_mode, ids, ste, chain;
	static const char *const include[] = {"include", NULL};
	int level;

	sf_portable_member_pattern(&pattern, &key, 1, SF_PORTABLE_JOINER_VALUE);
	sf_buf_printf(&text, "every container's %s that joins another", key);
	joins =
	    sf_portable_file_object(c, "hostconfig.json", sf_buf_cstr(&pattern),
	                            sf_buf_cstr(&text), NULL, NULL);
	ste = sf_portable_subexpression_state(c, "equals", "host", 0, NULL,
	                                      "host");
	host_mode = sf_portable_set_object(c, all, 0, "include", ste,
	                                   "the containers in host mode");
	ids = sf_portable_values_of(c, host_mode, 1,
	                            "the IDs of containers in host mode");
	for (level = 0; level < JOIN_LEVELS; level++) {
		sf_buf_clear(&text);
		sf_buf_printf(&text,
		              "joiners of the host's namespace, level %d",
		              level + 1);
		ste = sf_portable_subexpression_state(
		    c, "equals", NULL, ids, "at least one", sf_buf_cstr(&text));
		host_ns[level] = sf_portable_file_object(
		    c, "hostconfig.json", sf_buf_cstr(&pattern),
		    sf_buf_cstr(&text), include, &ste);
		ids = sf_portable_values_of(c, host_ns[level], 1,
		                            sf_buf_cstr(&text));
	}
	ste = sf_portable_subexpression_state(
	    c, "not equal", NULL,
	    sf_portable_values_of(c, all, 1, "the IDs of every container"),
	    "all", "a donor that is not there");
	*missing = sf_portable_file_object(
	    c, "hostconfig.json", sf_buf_cstr(&pattern),
	    "joiners of a container that is not there", include, &ste);
	/* the containers that join a chain of level joiners */
	chain = joins;
	for (level = 1; level <= JOIN_LEVELS; level++) {
		sf_buf_clear(&text);
		sf_buf_printf(&text,
		              "containers at the end of %d joiners or more",
		              level + 1);
		ste = sf_portable_subexpression_state(
		    c, "equals", NULL,
		    sf_portable_values_of(c, chain, 1, sf_buf_cstr(&text)),
		    "at least one", sf_buf_cstr(&text));
		chain = sf_portable_file_object(
		    c, "hostconfig.json", sf_buf_cstr(&pattern),
		    sf_buf_cstr(&text), include, &ste);
	}
	*deep = chain;
	sf_buf_release(&pattern);
	sf_buf_release(&text);
	return joins;
}

static void add_definition(pctx *c, const sf_rule *r)
{
	const char *dot = strrchr(r->check.field, '.');
	const char *key = dot ? dot + 1 : r->check.field;
	sf_buf text = SF_BUF_INIT, pattern = SF_BUF_INIT;
	xmlNodePtr d, n, top, either, side;
	unsigned long all, assessed, count_var, tst, joins = 0,
	                                             host_ns[JOIN_LEVELS];
	unsigned long missing = 0, deep = 0, ste;
	static const char *const exclude[] = {"exclude", NULL};

	sf_buf_printf(&text,
	              "True when Docker's containers folder is under the data "
	              "root, every container in it, running or stopped, has a "
	              "hostconfig.json with %s, and no container the exclusion "
	              "pattern leaves in has %s",
	              key, key);
	sf_buf_printf(
	    &pattern, "%s.",
	    r->check.joinable
	        ? " or joins the host's namespace through containers "
	          "in mode container:<ID> (up to " TEXT(
	              JOIN_LEVELS) "; a longer chain, or a donor that is not there, is "
	                           "not a pass)"
	        : "");
	d = sf_ovalw_definition(&c->w, r, c->o->release, sf_buf_cstr(&text),
	                        sf_buf_cstr(&pattern));
	sf_buf_clear(&pattern);

	sf_portable_member_pattern(&pattern, &key, 1, SF_PORTABLE_STRING_VALUE);
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every container", key);
	all =
	    sf_portable_file_object(c, "hostconfig.json", sf_buf_cstr(&pattern),
	                            sf_buf_cstr(&text), NULL, NULL);
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every assessed container", key);
	ste = c->excluded_ste;
	assessed =
	    sf_portable_file_object(c, "hostconfig.json", sf_buf_cstr(&pattern),
	                            sf_buf_cstr(&text), exclude, &ste);
	sf_buf_clear(&text);
	sf_buf_printf(&text, "the number of hostconfig.json files with %s",
	              key);
	n = sf_portable_new_local(c, "int", sf_buf_cstr(&text), &count_var);
	sf_portable_object_component(c, sf_xml_add(n, c->w.def, "count", NULL),
	                             all, "path");
	if (r->check.joinable)
		joins = add_joiners(c, key, all, host_ns, &missing, &deep);

	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s: no container shares the namespace",
	              r->stig_id);
	top = sf_ovalw_criteria(&c->w, d, "AND", sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, top, c->folder_test,
	                   "the data root holds Docker's containers folder");
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container has a hostconfig.json with %s",
	              key);
	tst = sf_portable_variable_test(c, c->ndirs_var, "int", "equals", NULL,
	                                count_var, "any_exist",
	                                sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, top, tst, sf_buf_cstr(&text));
	either = sf_ovalw_criteria(
	    &c->w, top, "OR",
	    "the assessed containers, as the exclusion pattern "
	    "says, share nothing");
	side = sf_ovalw_criteria(
	    &c->w, either, "AND",
	    "with an exclusion pattern, the containers it leaves in");
	sf_ovalw_criterion(&c->w, side, c->pattern_set_test,
	                   "the exclusion pattern is not empty");
	add_verdicts(c, side, r, key, assessed, joins, host_ns, missing, deep,
	             1);
	side = sf_ovalw_criteria(
	    &c->w, either, "AND",
	    "with the empty exclusion pattern, every container");
	sf_ovalw_criterion(
	    &c->w, side, c->pattern_empty_test,
	    "the exclusion pattern is empty: no container is excluded");
	add_verdicts(c, side, r, key, all, joins, host_ns, missing, deep, 0);
	sf_buf_release(&text);
	sf_buf_release(&pattern);
}

int sf_emit_oval_portable(xmlDocPtr *out, const sf_benchmark *b,
                          const sf_emit_opts *o)
{
	pctx c;
	size_t i;
	int shared = 0;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.b = b;
	c.o = o;
	if (sf_ovalw_start(&c.w, b, o, "5.11.2") < 0)
		return -1;
	c.unix_ns =
	    xmlNewNs(c.w.root, BAD_CAST SF_NS_OVAL_UNIX, BAD_CAST "unix");
	c.xsi = xmlNewNs(c.w.root, BAD_CAST SF_NS_XSI, BAD_CAST "xsi");
	for (i = 0; i < b->nrules; i++) {
		if (!b->rules[i].check.data_root)
			continue;
		if (!shared++)
			add_shared(&c, &b->rules[i]);
		add_definition(&c, &b->rules[i]);
	}
	*out = sf_ovalw_finish(&c.w);
	return 0;
}
