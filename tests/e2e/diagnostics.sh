#!/usr/bin/env bash
# Bad rule files: every problem of every file reported as
# FILE:LINE:COLUMN with the source line and a caret, exit status 1, and
# the files of the output folder left exactly as they were.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$WORK/out
# A first, good build whose files must survive every bad one.
reset_rules() {
	rm -rf "$WORK/rules"
	cp -r "$SRC/tests/data/rules" "$WORK/rules"
}
reset_rules
(cd "$WORK" && "$SF" build --out out >/dev/null) || not_ok "the good build"
# snapshot: content, size, time and inode of every file of the folder.
snapshot() {
	(cd "$OUT" && sha256sum ./* && find . -printf '%p %s %T@ %i\n' | sort)
}
before=$(snapshot)

# edit FILE FROM TO: replaces the first FROM by TO in a rule file.
edit() {
	local f=$WORK/rules/$1
	python3 - "$f" "$2" "$3" <<'PY' || not_ok "edit $1"
import sys
path, old, new = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
if old not in text:
    sys.exit("not found: " + old)
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}

# expect_diagnostics NAME EXPECTED_STDERR: runs a build of the edited
# rules and checks stderr, the exit status and the output folder.
expect_diagnostics() {
	local err rc after
	err=$(cd "$WORK" && "$SF" build --out out 2>&1 >/dev/null)
	rc=$?
	expect_eq "$1: exit status" 1 "$rc"
	expect_eq "$1: diagnostics" "$2" "$err"
	after=$(snapshot)
	expect_eq "$1: output folder untouched" "$before" "$after"
	reset_rules
}

edit DKER-EE-001240.yml "fix_text:" "fix_txt:"
expect_diagnostics "unknown key" "rules/DKER-EE-001240.yml:1:1: error: missing required key 'fix_text'
    stig_id: DKER-EE-001240
    ^
rules/DKER-EE-001240.yml:14:1: error: unknown key 'fix_txt' (did you mean 'fix_text'?)
    fix_txt: Fix text.
    ^
scapforge: 2 errors in 'rules'; nothing was written"

edit DKER-EE-001250.yml "    fix_id: F-38967r627481_fix
" ""
expect_diagnostics "missing required key" "rules/DKER-EE-001250.yml:24:5: error: missing required key 'fix_id' in 'V2R2'
        vuln_id: V-235785
        ^
scapforge: 1 error in 'rules'; nothing was written"

edit DKER-EE-001240.yml "weight: 10.0" "weight: heavy"
expect_diagnostics "wrong type" "rules/DKER-EE-001240.yml:4:9: error: 'weight' must be a number, not a string
    weight: heavy
            ^
scapforge: 1 error in 'rules'; nothing was written"

edit DKER-EE-001240.yml "severity: medium" "severity: medium
title: Again"
expect_diagnostics "duplicate key" "rules/DKER-EE-001240.yml:4:1: error: duplicate key 'title' (first defined at line 2, column 1)
    title: Again
    ^
scapforge: 1 error in 'rules'; nothing was written"

edit DKER-EE-001240.yml "  findings:" "  findings"
expect_diagnostics "malformed YAML" "rules/DKER-EE-001240.yml:35:13: error: malformed YAML: could not find expected ':' while scanning a simple key (line 34, column 3)
        - equals: host
                ^
scapforge: 1 error in 'rules'; nothing was written"

edit DKER-EE-001250.yml "rule_id: SV-235785r960804_rule" "rule_id: SV-235785_rule"
expect_diagnostics "rule ID in the wrong format" "rules/DKER-EE-001250.yml:25:14: error: 'rule_id' is not a Rule ID such as SV-235784r960804_rule: 'SV-235785_rule'
        rule_id: SV-235785_rule
                 ^
scapforge: 1 error in 'rules'; nothing was written"

# Files load in name order, so the original, after its copy, is the one
# reported as defining the STIG ID again.
cp "$WORK/rules/DKER-EE-001240.yml" "$WORK/rules/DKER-EE-001240-copy.yml"
expect_diagnostics "two rules with one STIG ID" "rules/DKER-EE-001240-copy.yml:1:10: warning: file name does not match STIG ID 'DKER-EE-001240' (expected DKER-EE-001240.yml)
    stig_id: DKER-EE-001240
             ^
rules/DKER-EE-001240.yml:1:10: error: STIG ID 'DKER-EE-001240' is already defined in rules/DKER-EE-001240-copy.yml:1:10
    stig_id: DKER-EE-001240
             ^
scapforge: 1 error in 'rules'; nothing was written"

# Every problem of every file, in one run.
edit benchmark.yml "creator: scapforge tests" "creator: [scapforge"
edit DKER-EE-001240.yml "srg: SRG-APP-000039" "srg: APP-000039"
edit DKER-EE-001250.yml "check_text: Check text." "check_text: Check text.
check_text: Again."
expect_diagnostics "every problem of every file" "rules/DKER-EE-001240.yml:5:6: error: 'srg' is not an SRG ID such as SRG-APP-000039: 'APP-000039'
    srg: APP-000039
         ^
rules/DKER-EE-001250.yml:14:1: error: duplicate key 'check_text' (first defined at line 13, column 1)
    check_text: Again.
    ^
rules/benchmark.yml:6:10: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (line 5, column 10)
    namespace: mil.disa.stig
             ^
scapforge: 3 errors in 'rules'; nothing was written"

# Hostile input does not crash: binary junk, a huge scalar, deep nesting.
head -c 4096 /dev/urandom >"$WORK/rules/junk.yml"
(cd "$WORK" && "$SF" build --out out >/dev/null 2>&1); rc=$?
expect_eq "binary junk: exit status 1" 1 "$rc"
reset_rules
python3 -c "print('x: ' + 'a' * 5000000)" >"$WORK/rules/huge.yml"
err=$(cd "$WORK" && "$SF" build --out out 2>&1 >/dev/null | grep -c "unknown key 'x'"); 
expect_eq "huge scalar: reported as an unknown key" 1 "$err"
reset_rules
python3 -c "print('[' * 200000)" >"$WORK/rules/deep.yml"
err=$(cd "$WORK" && "$SF" build --out out 2>&1 >/dev/null | head -1)
expect_eq "deep nesting: refused" "rules/deep.yml:1:65: error: nesting deeper than 64 levels" "$err"
after=$(snapshot)
expect_eq "hostile input: output folder untouched" "$before" "$after"
finish
