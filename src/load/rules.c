#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "load/rules.h"
#include "load/schema.h"
#include "load/ynode.h"
#include "util/error.h"
#include "util/fsio.h"

/* A parsed file with the name used in messages. */
typedef struct loaded {
	char *path;
	sf_ynode *root;
	int ok; /* parsed and schema-valid */
} loaded;

static char *dup_str(const sf_ynode *map, const char *key)
{
	const char *s = sf_ynode_str(map, key);

	return s ? sf_xstrdup(s) : NULL;
}

static char **dup_list(const sf_ynode *map, const char *key, size_t *n)
{
	const sf_ynode *seq = sf_ynode_get(map, key);
	char **out;
	size_t i;

	*n = 0;
	if (!seq || seq->kind != SF_YNODE_SEQUENCE || !seq->count)
		return NULL;
	out = sf_xcalloc(seq->count, sizeof(*out));
	for (i = 0; i < seq->count; i++)
		out[i] = sf_xstrdup(seq->items[i]->value);
	*n = seq->count;
	return out;
}

static int is_true(const char *s)
{
	return s &&
	       (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"));
}

/* Reads, parses and schema-checks one file. */
static void load_file(loaded *f, const char *path, const sf_schema *schema,
                      sf_diags *d)
{
	sf_buf text = SF_BUF_INIT;

	f->path = sf_xstrdup(path);
	f->root = NULL;
	f->ok = 0;
	if (sf_file_read(path, &text) < 0) {
		sf_diags_add(d, SF_SEV_ERROR, path, 0, 0, "%s",
		             sf_error_last());
		return;
	}
	sf_diags_add_source(d, path, text.ptr, text.len);
	if (sf_ynode_parse(&f->root, path, text.ptr, text.len, d) == 0)
		f->ok = sf_schema_check(schema, f->root, path, d) == 0;
	sf_buf_release(&text);
}

static void fill_benchmark(sf_benchmark *b, const sf_ynode *root)
{
	const sf_ynode *rels = sf_ynode_get(root, "releases");
	const sf_ynode *profs = sf_ynode_get(root, "profiles");
	const sf_ynode *vals = sf_ynode_get(root, "values");
	size_t i, j;

	b->id = dup_str(root, "id");
	b->title = dup_str(root, "title");
	b->publisher = dup_str(root, "publisher");
	b->source = dup_str(root, "source");
	b->creator = dup_str(root, "creator");
	b->namespace = dup_str(root, "namespace");
	b->oval_namespace = dup_str(root, "oval_namespace");
	b->date = dup_str(root, "date");
	b->default_release = dup_str(root, "default_release");
	b->nreleases = rels->count;
	b->releases = sf_xcalloc(rels->count, sizeof(*b->releases));
	for (i = 0; i < rels->count; i++) {
		sf_release *r = &b->releases[i];
		const sf_ynode *m = rels->items[i];

		r->name = sf_xstrdup(rels->keys[i]->value);
		r->version = dup_str(m, "version");
		r->description = dup_str(m, "description");
		r->status_date = dup_str(m, "status_date");
		r->release_info = dup_str(m, "release_info");
		r->reference_href = dup_str(m, "reference_href");
		r->target_title = dup_str(m, "target_title");
		r->target_identifier = dup_str(m, "target_identifier");
	}
	b->nprofiles = profs->count;
	b->profiles = sf_xcalloc(profs->count, sizeof(*b->profiles));
	for (i = 0; i < profs->count; i++) {
		b->profiles[i].id = dup_str(profs->items[i], "id");
		b->profiles[i].title = dup_str(profs->items[i], "title");
		b->profiles[i].description =
		    dup_str(profs->items[i], "description");
	}
	b->nvalues = vals->count;
	b->values =
	    sf_xcalloc(vals->count ? vals->count : 1, sizeof(*b->values));
	for (i = 0; i < vals->count; i++) {
		sf_value *v = &b->values[i];
		const sf_ynode *m = vals->items[i];
		const sf_ynode *sel = sf_ynode_get(m, "selectors");
		const char *type = sf_ynode_str(m, "type");

		v->id = dup_str(m, "id");
		v->type = !strcmp(type, "boolean")  ? SF_VALUE_BOOLEAN
		          : !strcmp(type, "number") ? SF_VALUE_NUMBER
		                                    : SF_VALUE_STRING;
		v->title = dup_str(m, "title");
		v->description = dup_str(m, "description");
		v->default_value = dup_str(m, "default");
		if (!sel)
			continue;
		v->nselectors = sel->count;
		v->selectors = sf_xcalloc(sel->count ? sel->count : 1,
		                          sizeof(*v->selectors));
		for (j = 0; j < sel->count; j++) {
			v->selectors[j].name = sf_xstrdup(sel->keys[j]->value);
			v->selectors[j].value =
			    sf_xstrdup(sel->items[j]->value);
		}
	}
}

static void fill_rule(sf_rule *r, const loaded *f)
{
	const sf_ynode *root = f->root;
	const sf_ynode *nist = sf_ynode_get(root, "nist");
	const sf_ynode *rels = sf_ynode_get(root, "releases");
	const sf_ynode *check = sf_ynode_get(root, "check");
	const sf_ynode *findings = sf_ynode_get(check, "findings");
	size_t i;

	r->file = sf_xstrdup(f->path);
	r->stig_id = dup_str(root, "stig_id");
	r->title = dup_str(root, "title");
	r->severity = dup_str(root, "severity");
	r->weight = dup_str(root, "weight");
	r->srg = dup_str(root, "srg");
	r->ccis = dup_list(root, "cci", &r->nccis);
	r->nnist = nist->count;
	r->nist = sf_xcalloc(nist->count, sizeof(*r->nist));
	for (i = 0; i < nist->count; i++) {
		r->nist[i].control = dup_str(nist->items[i], "control");
		r->nist[i].revision =
		    atoi(sf_ynode_str(nist->items[i], "revision"));
		r->nist[i].source = dup_str(nist->items[i], "source");
	}
	r->discussion = dup_str(root, "discussion");
	r->documentable = is_true(sf_ynode_str(root, "documentable"));
	r->check_text = dup_str(root, "check_text");
	r->fix_text = dup_str(root, "fix_text");
	r->nids = rels->count;
	r->ids = sf_xcalloc(rels->count ? rels->count : 1, sizeof(*r->ids));
	for (i = 0; i < rels->count; i++) {
		sf_rule_ids *ids = &r->ids[i];
		const sf_ynode *m = rels->items[i];

		ids->release = sf_xstrdup(rels->keys[i]->value);
		ids->vuln_id = dup_str(m, "vuln_id");
		ids->rule_id = dup_str(m, "rule_id");
		ids->fix_id = dup_str(m, "fix_id");
		ids->check_id = dup_str(m, "check_id");
		ids->cci_system = dup_str(m, "cci_system");
		ids->legacy_ids = dup_list(m, "legacy_ids", &ids->nlegacy_ids);
	}
	r->check.evidence = dup_str(check, "evidence");
	r->check.data_root = dup_str(check, "data_root");
	r->check.exclude = dup_str(check, "exclude");
	r->check.field = dup_str(check, "field");
	r->check.joinable = is_true(sf_ynode_str(check, "joinable"));
	r->check.nfindings = findings->count;
	r->check.findings =
	    sf_xcalloc(findings->count, sizeof(*r->check.findings));
	for (i = 0; i < findings->count; i++) {
		r->check.findings[i].equals =
		    dup_str(findings->items[i], "equals");
		r->check.findings[i].when = dup_str(findings->items[i], "when");
	}
}

/* Where a key's value stands, for messages about it. */
static const sf_ynode *at(const sf_ynode *map, const char *key)
{
	const sf_ynode *v = sf_ynode_get(map, key);

	return v ? v : map;
}

static int value_matches_type(sf_value_type t, const char *s)
{
	char *end;

	if (t == SF_VALUE_BOOLEAN)
		return !strcmp(s, "true") || !strcmp(s, "false");
	if (t == SF_VALUE_NUMBER) {
		strtod(s, &end);
		return *s && !*end;
	}
	return 1;
}

static void check_benchmark(const sf_benchmark *b, const loaded *f, sf_diags *d)
{
	const sf_ynode *vals = sf_ynode_get(f->root, "values");
	const sf_ynode *profs = sf_ynode_get(f->root, "profiles");
	size_t i, j;

	if (!sf_benchmark_release(b, b->default_release)) {
		const sf_ynode *n = at(f->root, "default_release");

		sf_diags_add(d, SF_SEV_ERROR, f->path, n->line, n->column,
		             "default release '%s' is not one of 'releases'",
		             b->default_release);
	}
	for (i = 0; i < b->nvalues; i++) {
		const sf_value *v = &b->values[i];
		const sf_ynode *m = vals->items[i];
		const sf_ynode *n;

		for (j = 0; j < i; j++)
			if (!strcmp(b->values[j].id, v->id)) {
				n = at(m, "id");
				sf_diags_add(d, SF_SEV_ERROR, f->path, n->line,
				             n->column,
				             "Value '%s' is defined twice",
				             v->id);
			}
		if (!value_matches_type(v->type, v->default_value)) {
			n = at(m, "default");
			sf_diags_add(
			    d, SF_SEV_ERROR, f->path, n->line, n->column,
			    "default of Value '%s' must be a %s, not '%s'",
			    v->id, sf_value_type_name(v->type),
			    v->default_value);
		}
		for (j = 0; j < v->nselectors; j++) {
			if (value_matches_type(v->type, v->selectors[j].value))
				continue;
			n = sf_ynode_get(m, "selectors")->items[j];
			sf_diags_add(
			    d, SF_SEV_ERROR, f->path, n->line, n->column,
			    "selector '%s' of Value '%s' must be a %s, not '%s'",
			    v->selectors[j].name, v->id,
			    sf_value_type_name(v->type), v->selectors[j].value);
		}
	}
	for (i = 0; i < b->nprofiles; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(b->profiles[j].id, b->profiles[i].id)) {
				const sf_ynode *n = at(profs->items[i], "id");

				sf_diags_add(d, SF_SEV_ERROR, f->path, n->line,
				             n->column,
				             "profile '%s' is defined twice",
				             b->profiles[i].id);
			}
}

/* A check's reference to a Value must resolve to one of the right type. */
static void check_value_ref(const sf_benchmark *b, const loaded *f,
                            const sf_ynode *map, const char *key,
                            sf_value_type want, sf_diags *d)
{
	const char *id = sf_ynode_str(map, key);
	const sf_ynode *n = at(map, key);
	const sf_value *v;
	sf_buf known = SF_BUF_INIT;
	size_t i;

	if (!id)
		return;
	v = sf_benchmark_value(b, id);
	if (!v) {
		for (i = 0; i < b->nvalues; i++)
			sf_buf_printf(&known, "%s%s", i ? ", " : "",
			              b->values[i].id);
		sf_diags_add(d, SF_SEV_ERROR, f->path, n->line, n->column,
		             "unknown Value '%s' in '%s' (%s defines: %s)", id,
		             key, SF_BENCHMARK_FILE, sf_buf_cstr(&known));
		sf_buf_release(&known);
		return;
	}
	if (v->type != want)
		sf_diags_add(
		    d, SF_SEV_ERROR, f->path, n->line, n->column,
		    "Value '%s' in '%s' must be a %s Value, not a %s one", id,
		    key, sf_value_type_name(want), sf_value_type_name(v->type));
}

static void check_rule(const sf_benchmark *b, const sf_rule *r, const loaded *f,
                       sf_diags *d)
{
	const sf_ynode *rels = sf_ynode_get(f->root, "releases");
	const sf_ynode *relkey = sf_ynode_key(f->root, "releases");
	const sf_ynode *check = sf_ynode_get(f->root, "check");
	const sf_ynode *findings = sf_ynode_get(check, "findings");
	const char *base = strrchr(f->path, '/');
	size_t i;

	for (i = 0; i < b->nreleases; i++)
		if (!sf_rule_ids_for(r, b->releases[i].name))
			sf_diags_add(
			    d, SF_SEV_ERROR, f->path, relkey->line,
			    relkey->column,
			    "missing identifiers for release '%s' in 'releases'",
			    b->releases[i].name);
	for (i = 0; i < r->nids; i++)
		if (!sf_benchmark_release(b, r->ids[i].release))
			sf_diags_add(d, SF_SEV_ERROR, f->path,
			             rels->keys[i]->line, rels->keys[i]->column,
			             "release '%s' is not defined in %s",
			             r->ids[i].release, SF_BENCHMARK_FILE);
	check_value_ref(b, f, check, "evidence", SF_VALUE_STRING, d);
	check_value_ref(b, f, check, "data_root", SF_VALUE_STRING, d);
	check_value_ref(b, f, check, "exclude", SF_VALUE_STRING, d);
	for (i = 0; i < findings->count; i++)
		check_value_ref(b, f, findings->items[i], "when",
		                SF_VALUE_BOOLEAN, d);
	if (r->check.joinable && strcmp(r->check.field, "HostConfig.PidMode") &&
	    strcmp(r->check.field, "HostConfig.IpcMode")) {
		const sf_ynode *n = at(check, "joinable");

		sf_diags_add(d, SF_SEV_ERROR, f->path, n->line, n->column,
		             "'joinable' is for HostConfig.PidMode and HostConfig.IpcMode, the modes scapforge's collector resolves, not '%s'",
		             r->check.field);
	}
	base = base ? base + 1 : f->path;
	if (strncmp(base, r->stig_id, strlen(r->stig_id)) ||
	    strcmp(base + strlen(r->stig_id), ".yml")) {
		const sf_ynode *n = at(f->root, "stig_id");

		sf_diags_add(
		    d, SF_SEV_WARNING, f->path, n->line, n->column,
		    "file name does not match STIG ID '%s' (expected %s.yml)",
		    r->stig_id, r->stig_id);
	}
}

/* Rules must not share a STIG ID, nor a number (OVAL IDs use it). */
static void check_unique(const sf_benchmark *b, const loaded *files,
                         sf_diags *d)
{
	size_t i, j;

	for (i = 0; i < b->nrules; i++) {
		const sf_rule *r = &b->rules[i];
		const sf_ynode *n = at(files[i].root, "stig_id");

		for (j = 0; j < i; j++) {
			const sf_rule *o = &b->rules[j];
			const sf_ynode *on = at(files[j].root, "stig_id");

			if (!strcmp(o->stig_id, r->stig_id)) {
				sf_diags_add(
				    d, SF_SEV_ERROR, r->file, n->line,
				    n->column,
				    "STIG ID '%s' is already defined in %s:%zu:%zu",
				    r->stig_id, o->file, on->line, on->column);
				break;
			}
			if (sf_rule_number(o) == sf_rule_number(r)) {
				sf_diags_add(
				    d, SF_SEV_ERROR, r->file, n->line,
				    n->column,
				    "STIG ID '%s' has the same number as '%s' in %s; OVAL IDs would collide",
				    r->stig_id, o->stig_id, o->file);
				break;
			}
		}
	}
}

static int compare_rules(const void *a, const void *b)
{
	return strcmp(((const sf_rule *)a)->stig_id,
	              ((const sf_rule *)b)->stig_id);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rule files of dir, sorted, as "dir/name". */
static char **list_rule_files(const char *dir, size_t *n, sf_diags *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names;
	size_t len;

	*n = 0;
	if (!dh) {
		sf_diags_add(d, SF_SEV_ERROR, dir, 0, 0,
		             "cannot open the rules folder");
		return NULL;
	}
	names = sf_xcalloc(1, sizeof(*names)); /* non-NULL: the folder opened */
	while ((e = readdir(dh))) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".yml") ||
		    e->d_name[0] == '.' ||
		    !strcmp(e->d_name, SF_BENCHMARK_FILE))
			continue;
		names = sf_xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = sf_path_join(dir, e->d_name);
	}
	closedir(dh);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), compare_names);
	return names;
}

int sf_rules_load(sf_benchmark **out, const char *dir, sf_diags *d)
{
	sf_schema *bench_schema = NULL, *rule_schema = NULL;
	sf_benchmark *b = sf_xcalloc(1, sizeof(*b));
	char **names = NULL, *bench_path;
	loaded bench = {NULL, NULL, 0}, *files = NULL;
	size_t nfiles = 0, i, errors_before = d->errors;

	*out = NULL;
	if (sf_schema_load(&bench_schema, "benchmark.schema.yml") < 0 ||
	    sf_schema_load(&rule_schema, "rule.schema.yml") < 0) {
		sf_diags_add(d, SF_SEV_ERROR, dir, 0, 0, "%s", sf_error_last());
		goto done;
	}
	bench_path = sf_path_join(dir, SF_BENCHMARK_FILE);
	load_file(&bench, bench_path, bench_schema, d);
	free(bench_path);
	if (bench.ok) {
		fill_benchmark(b, bench.root);
		check_benchmark(b, &bench, d);
	}
	names = list_rule_files(dir, &nfiles, d);
	if (names && !nfiles)
		sf_diags_add(d, SF_SEV_ERROR, dir, 0, 0,
		             "no rule files (*.yml besides %s)",
		             SF_BENCHMARK_FILE);
	files = sf_xcalloc(nfiles ? nfiles : 1, sizeof(*files));
	b->rules = sf_xcalloc(nfiles ? nfiles : 1, sizeof(*b->rules));
	for (i = 0; i < nfiles; i++) {
		loaded f;

		load_file(&f, names[i], rule_schema, d);
		if (!f.ok) {
			free(f.path);
			sf_ynode_free(f.root);
			continue;
		}
		/* files[k] holds the tree of rules[k], for messages. */
		files[b->nrules] = f;
		fill_rule(&b->rules[b->nrules], &f);
		if (bench.ok)
			check_rule(b, &b->rules[b->nrules], &f, d);
		b->nrules++;
	}
	check_unique(b, files, d);
	if (b->nrules > 1)
		qsort(b->rules, b->nrules, sizeof(*b->rules), compare_rules);
	for (i = 0; i < b->nrules; i++) {
		free(files[i].path);
		sf_ynode_free(files[i].root);
	}
	for (i = 0; i < nfiles; i++)
		free(names[i]);
	free(bench.path);
	sf_ynode_free(bench.root);
done:
	free(files);
	free(names);
	sf_schema_free(bench_schema);
	sf_schema_free(rule_schema);
	if (d->errors > errors_before || !bench.ok) {
		sf_benchmark_free(b);
		return -1;
	}
	*out = b;
	return 0;
}
