/*
 * A Tenable Nessus compliance file (.audit) for Unix hosts: one CMD_EXEC
 * custom_item per rule. Its command asks docker for every container,
 * running or stopped, leaves out those the exclusion Value's default
 * matches (name, image or command, without regard to case, as the
 * collector of scapforge scan does), and prints a verdict line followed by
 * one line per assessed container with its field, e.g. "web PidMode=host".
 *
 * Nessus passes a Unix CMD_EXEC item when its expect regex matches the
 * command's output and fails it otherwise. The verdict line comes first
 * and starts with "pass: " only when no assessed container has a finding
 * value; no container line can start so (docker names hold neither spaces
 * nor colons), so the regex means the same whether Nessus applies it to
 * each line or to the whole output. An output without that line (docker
 * missing, the engine down) fails, as missing evidence does in the OVAL.
 *
 * An .audit cannot be tailored: the item checks the findings that hold
 * without tailoring (one with a `when` Value only while that Value is true
 * by default) and the exclusion pattern's default.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "util/error.h"

/* Where DISA publishes the STIGs. */
#define AUDIT_SEE_ALSO "https://public.cyber.mil/stigs/downloads/"

/* The part of the command that reads docker inspect's lines
 * "/NAME "VALUE" "IMAGE" PATH-JSON ARGS-JSON": x is the exclusion
 * pattern, k the field's name, t what a finding is called; the findings
 * test follows. */
#define AWK_HEAD                                                               \
	"BEGIN { x = tolower(x) } NF { n = substr($1, 2); m = $2; "            \
	"gsub(/\"/, \"\", m); i = $3; gsub(/\"/, \"\", i); c = $0; "           \
	"sub(/^[^ ]* [^ ]* [^ ]* /, \"\", c); if (x != \"\" && "               \
	"(tolower(n) ~ x || tolower(i) ~ x || tolower(c) ~ x)) "               \
	"{ e = e \" \" n; ne++; next } a++; l[a] = n \" \" k \"=\" m; if ("
#define AWK_TAIL                                                               \
	") f++ } END { s = (ne + 0) \" excluded\" (ne ? \":\" e : \"\"); "     \
	"if (f) print \"fail: \" f \" of \" a \" containers have \" t "        \
	"\" (\" s \")\"; else print \"pass: no container has \" t \" (\" "     \
	"(a + 0) \" assessed, \" s \")\"; for (j = 1; j <= a; j++) "           \
	"print l[j] }"

/* s as the text of a quoted .audit value: Tenable reads \" as a double
 * quote and \\ as a backslash; line breaks stay as they are. */
static void put_escaped(sf_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sf_buf_putc(out, '\\');
		sf_buf_putc(out, *s);
	}
}

/* One "key : value" line of an item; the value quoted unless bare. */
static void put_field(sf_buf *out, const char *key, const char *value, int bare)
{
	sf_buf_printf(out, "  %-11s : %s", key, bare ? value : "\"");
	if (!bare) {
		put_escaped(out, value);
		sf_buf_putc(out, '"');
	}
	sf_buf_putc(out, '\n');
}

/* s in single quotes for sh. */
static void put_sh_quoted(sf_buf *out, const char *s)
{
	sf_buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sf_buf_puts(out, "'\\''");
		else
			sf_buf_putc(out, *s);
	}
	sf_buf_putc(out, '\'');
}

/* s as the inside of an awk string literal (also what awk -v reads). */
static void put_awk_escaped(sf_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			sf_buf_puts(out, "\\n");
			continue;
		}
		if (*s == '"' || *s == '\\')
			sf_buf_putc(out, '\\');
		sf_buf_putc(out, *s);
	}
}

/* " -v NAME='VALUE'" for awk. */
static void put_awk_var(sf_buf *out, const char *name, const char *value)
{
	sf_buf v = SF_BUF_INIT;

	put_awk_escaped(&v, value);
	sf_buf_printf(out, " -v %s=", name);
	put_sh_quoted(out, sf_buf_cstr(&v));
	sf_buf_release(&v);
}

/* s matched literally by an extended regular expression. */
static void put_regex_literal(sf_buf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s))
			sf_buf_putc(out, '\\');
		sf_buf_putc(out, *s);
	}
}

/* The last part of the field's path: "PidMode". */
static const char *field_name(const sf_rule *r)
{
	const char *dot = strrchr(r->check.field, '.');

	return dot ? dot + 1 : r->check.field;
}

/* Whether the finding holds without tailoring. */
static int finding_by_default(const sf_benchmark *b, const sf_finding *f)
{
	const sf_value *v;

	if (!f->when)
		return 1;
	v = sf_benchmark_value(b, f->when);
	return v && !strcmp(v->default_value, "true");
}

/* What the output calls a finding ("PidMode=host", "IpcMode=host or
 * shareable") in label, and the awk test of m for it in test. */
static void describe_findings(const sf_benchmark *b, const sf_rule *r,
                              const char *name, sf_buf *label, sf_buf *test)
{
	size_t i, n = 0;

	for (i = 0; i < r->check.nfindings; i++) {
		const char *v = r->check.findings[i].equals;

		if (!finding_by_default(b, &r->check.findings[i]))
			continue;
		if (n++) {
			sf_buf_printf(label, " or %s", v);
			sf_buf_puts(test, " || ");
		} else {
			sf_buf_printf(label, "%s=%s", name, v);
		}
		sf_buf_puts(test, "m == \"");
		put_awk_escaped(test, v);
		sf_buf_putc(test, '"');
	}
	if (!n) {
		sf_buf_printf(label, "%s=(no value by default)", name);
		sf_buf_puts(test, "0");
	}
}

/* The command and the expect regex of a rule. */
static void rule_check(const sf_benchmark *b, const sf_rule *r, sf_buf *cmd,
                       sf_buf *expect)
{
	const sf_value *ex = sf_benchmark_value(b, r->check.exclude);
	const char *name = field_name(r);
	sf_buf label = SF_BUF_INIT, test = SF_BUF_INIT, prog = SF_BUF_INIT;

	describe_findings(b, r, name, &label, &test);
	sf_buf_printf(
	    cmd,
	    "ids=$(docker ps --all --quiet --no-trunc) || "
	    "{ echo 'error: docker ps --all failed'; exit 1; }; out=; "
	    "if [ -n \"$ids\" ]; then out=$(docker inspect --type container "
	    "--format '{{.Name}} {{json .%s}} {{json .Config.Image}} "
	    "{{json .Path}} {{json .Args}}' $ids) || "
	    "{ echo 'error: docker inspect failed'; exit 1; }; fi; "
	    "printf '%%s\\n' \"$out\" | awk",
	    r->check.field);
	put_awk_var(cmd, "x", ex ? ex->default_value : "");
	put_awk_var(cmd, "k", name);
	put_awk_var(cmd, "t", sf_buf_cstr(&label));
	sf_buf_printf(&prog, "%s%s%s", AWK_HEAD, sf_buf_cstr(&test), AWK_TAIL);
	sf_buf_putc(cmd, ' ');
	put_sh_quoted(cmd, sf_buf_cstr(&prog));
	sf_buf_puts(expect, "^pass: no container has ");
	put_regex_literal(expect, sf_buf_cstr(&label));
	sf_buf_release(&label);
	sf_buf_release(&test);
	sf_buf_release(&prog);
}

/* A comment paragraph, wrapped at 78 columns and at its line breaks. */
static void put_comment(sf_buf *out, const char *text)
{
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, "\n"), cut = n;

		if (n > 76) {
			for (cut = 76; cut > 0 && s[cut] != ' '; cut--)
				;
			if (!cut)
				cut = strcspn(s, " ");
		}
		sf_buf_puts(out, "# ");
		sf_buf_put(out, s, cut);
		sf_buf_putc(out, '\n');
		s += cut;
		while (*s == ' ' || *s == '\n')
			s++;
	}
}

/* What the item leaves to tailoring that an .audit cannot do. */
static void put_rule_comment(sf_buf *out, const sf_benchmark *b,
                             const sf_rule *r)
{
	const sf_value *ex = sf_benchmark_value(b, r->check.exclude);
	const char *name = field_name(r);
	sf_buf text = SF_BUF_INIT;
	char *id;
	size_t i;

	sf_buf_printf(&text,
	              "%s: %s of every container, running or stopped; "
	              "containers whose name, image or command matches '%s' "
	              "(the default of the Value %s, without regard to case) "
	              "are left out and named on the verdict line.",
	              r->stig_id, r->check.field, ex ? ex->default_value : "",
	              r->check.exclude);
	put_comment(out, sf_buf_cstr(&text));
	for (i = 0; i < r->check.nfindings; i++) {
		const sf_finding *f = &r->check.findings[i];

		if (finding_by_default(b, f))
			continue;
		sf_buf_clear(&text);
		id = sf_xccdf_id(b, "value", f->when);
		sf_buf_printf(
		    &text,
		    "%s=%s is also a finding where the XCCDF Value %s is set to "
		    "true (DISA's check text read literally). An .audit file "
		    "cannot be tailored: this item checks the default reading, "
		    "in which it is not; scan with the data stream and that "
		    "Value set for the other.",
		    name, f->equals, id);
		free(id);
		put_comment(out, sf_buf_cstr(&text));
	}
	sf_buf_release(&text);
}

/* An XCCDF severity with Tenable's CAT and severity; medium when
 * unknown. */
static const char *const *severity_row(const char *severity)
{
	static const char *const rows[][3] = {{"medium", "II", "MEDIUM"},
	                                      {"high", "I", "HIGH"},
	                                      {"low", "III", "LOW"}};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strcmp(rows[i][0], severity))
			return rows[i];
	return rows[0];
}

/* Tenable's cross references: the NIST controls, the CAT, the CCIs and
 * the release's identifiers, keys in Tenable's order. */
static void put_reference(sf_buf *out, const sf_rule *r, const sf_rule_ids *ids)
{
	sf_buf ref = SF_BUF_INIT;
	size_t i, j;

	for (i = 0; i < r->nnist; i++) {
		const sf_nist_ref *n = &r->nist[i];

		for (j = 0; j < i; j++)
			if (r->nist[j].revision == n->revision &&
			    !strcmp(r->nist[j].control, n->control))
				break;
		if (j < i)
			continue;
		if (n->revision == 4)
			sf_buf_printf(&ref, "800-53|%s,", n->control);
		else
			sf_buf_printf(&ref, "800-53r%d|%s,", n->revision,
			              n->control);
	}
	sf_buf_printf(&ref, "CAT|%s,", severity_row(r->severity)[1]);
	for (i = 0; i < r->nccis; i++)
		sf_buf_printf(&ref, "CCI|%s,", r->ccis[i]);
	sf_buf_printf(&ref, "Rule-ID|%s,STIG-ID|%s,Vuln-ID|%s", ids->rule_id,
	              r->stig_id, ids->vuln_id);
	put_field(out, "reference", sf_buf_cstr(&ref), 0);
	sf_buf_release(&ref);
}

static void put_item(sf_buf *out, const sf_benchmark *b, const sf_rule *r,
                     const sf_rule_ids *ids)
{
	sf_buf text = SF_BUF_INIT, expect = SF_BUF_INIT;

	put_rule_comment(out, b, r);
	sf_buf_puts(out, "<custom_item>\n");
	put_field(out, "system", "Linux", 0);
	put_field(out, "type", "CMD_EXEC", 1);
	sf_buf_printf(&text, "%s - %s", r->stig_id, r->title);
	put_field(out, "description", sf_buf_cstr(&text), 0);
	put_field(out, "info", r->discussion, 0);
	put_field(out, "solution", r->fix_text, 0);
	put_reference(out, r, ids);
	put_field(out, "see_also", AUDIT_SEE_ALSO, 0);
	sf_buf_clear(&text);
	rule_check(b, r, &text, &expect);
	put_field(out, "cmd", sf_buf_cstr(&text), 0);
	put_field(out, "expect", sf_buf_cstr(&expect), 0);
	put_field(out, "severity", severity_row(r->severity)[2], 1);
	sf_buf_puts(out, "</custom_item>\n\n");
	sf_buf_release(&text);
	sf_buf_release(&expect);
}

int sf_emit_audit(sf_buf *out, const sf_benchmark *b, const sf_emit_opts *o)
{
	const sf_release *rel = sf_benchmark_release(b, o->release);
	sf_buf text = SF_BUF_INIT;
	char *id;
	size_t i;

	if (!rel)
		return sf_error_set("unknown release '%s'", o->release);
	id = sf_xccdf_id(b, "benchmark", b->id);
	put_comment(out, b->title);
	sf_buf_puts(out, "#\n");
	sf_buf_printf(&text,
	              "Tenable Nessus compliance checks (Unix) of the "
	              "benchmark %s, version %s, %s (%s), made by scapforge "
	              "%s from the rules that also make its SCAP content. Do "
	              "not edit: change the rules and run 'scapforge build'.",
	              id, rel->version, rel->release_info, rel->name,
	              SF_VERSION);
	free(id);
	put_comment(out, sf_buf_cstr(&text));
	sf_buf_puts(out, "#\n");
	put_comment(
	    out,
	    "Each item runs docker on the target (as root, through sudo, or "
	    "as a member of the docker group), assesses every container, "
	    "running or stopped, and prints a verdict line first, then one "
	    "line per assessed container with the value it checks (for "
	    "example 'web PidMode=host'). The item passes when the verdict "
	    "line starts with 'pass: '; docker missing or failing gives an "
	    "'error: ' line instead, and the item fails. XCCDF Values tailor "
	    "the SCAP content only: an .audit file checks their defaults.");
	sf_buf_puts(out, "\n<check_type:\"Unix\">\n\n");
	for (i = 0; i < b->nrules; i++) {
		const sf_rule *r = &b->rules[i];

		put_item(out, b, r, sf_rule_ids_for(r, rel->name));
	}
	sf_buf_puts(out, "</check_type>\n");
	sf_buf_release(&text);
	return 0;
}
