#!/usr/bin/env bash
# scapforge build on a clean checkout: the three SCAP files, valid for
# scapforge and OpenSCAP, and the Nessus .audit file; reproducible, and
# identical to what output/ holds.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

command -v oscap >/dev/null || {
	[ "${CI:-}" = true ] && { echo "FAIL oscap is missing"; exit 1; }
	skip "oscap (openscap-scanner) is not installed"
}
NAMES="scapforge-docker-stig-xccdf.xml scapforge-docker-stig-oval.xml scapforge-docker-stig-ds.xml scapforge-docker-stig-portable-xccdf.xml scapforge-docker-stig-portable-oval.xml scapforge-docker-stig-portable-cpe-dictionary.xml scapforge-docker-stig-portable-cpe-oval.xml scapforge-docker-stig-portable-ds.xml scapforge-docker-stig.audit"

# The command line itself.
expect_eq "--version" "scapforge 0.1.0" "$("$SF" --version)"
out=$("$SF" --help); rc=$?
expect_eq "--help exits 0" 0 "$rc"
case $out in *"usage: scapforge"*"build"*"validate"*) ok "--help lists the commands" ;;
*) not_ok "--help lists the commands" "$out" ;; esac
out=$("$SF" help build)
case $out in *"--release NAME"*"SOURCE_DATE_EPOCH"*) ok "help build shows options and description" ;;
*) not_ok "help build shows options and description" "$out" ;; esac
expect_eq "build --help is help build" "$out" "$("$SF" build --help)"
err=$("$SF" frobnicate 2>&1); rc=$?
expect_eq "unknown command exits 1" 1 "$rc"
expect_eq "unknown command message" \
	"scapforge: 'frobnicate' is not a scapforge command (see 'scapforge --help')" "$err"
err=$("$SF" build --colour 2>&1); rc=$?
expect_eq "unknown option exits 1" 1 "$rc"
expect_eq "unknown option message" \
	"scapforge: unknown option '--colour' for 'build' (see 'scapforge help build')" "$err"
"$SF" >/dev/null 2>&1; expect_eq "no command exits 1" 1 $?

# A clean checkout: only the rules, default options, run from its top.
mkdir -p "$WORK/checkout"
cp -r "$SRC/rules" "$WORK/checkout/"
out=$(cd "$WORK/checkout" && "$SF" build); rc=$?
expect_eq "build exits 0" 0 "$rc"
expect_eq "build reports its files" "wrote output/scapforge-docker-stig-xccdf.xml
wrote output/scapforge-docker-stig-oval.xml
wrote output/scapforge-docker-stig-ds.xml
wrote output/scapforge-docker-stig-portable-xccdf.xml
wrote output/scapforge-docker-stig-portable-oval.xml
wrote output/scapforge-docker-stig-portable-cpe-dictionary.xml
wrote output/scapforge-docker-stig-portable-cpe-oval.xml
wrote output/scapforge-docker-stig-portable-ds.xml
wrote output/scapforge-docker-stig.audit
validation gave 11 warnings; 'scapforge validate output/scapforge-docker-stig-ds.xml output/scapforge-docker-stig-portable-ds.xml' lists them
2 rules, release V2R2" "$out"
for n in $NAMES; do
	expect_true "build wrote $n" test -s "$WORK/checkout/output/$n"
done
expect_eq "no temporary file left" "9" "$(find "$WORK/checkout/output" -type f | wc -l)"
OUT=$WORK/checkout/output
DS=$OUT/scapforge-docker-stig-ds.xml

# scapforge validate and OpenSCAP's validators.
out=$("$SF" validate "$OUT"/*.xml 2>"$WORK/validate.err"); rc=$?
expect_eq "scapforge validate exits 0" 0 "$rc"
expect_eq "scapforge validate says valid" "$OUT/scapforge-docker-stig-ds.xml: valid (not signed)
$OUT/scapforge-docker-stig-oval.xml: valid
$OUT/scapforge-docker-stig-portable-cpe-dictionary.xml: valid
$OUT/scapforge-docker-stig-portable-cpe-oval.xml: valid
$OUT/scapforge-docker-stig-portable-ds.xml: valid (not signed)
$OUT/scapforge-docker-stig-portable-oval.xml: valid
$OUT/scapforge-docker-stig-portable-xccdf.xml: valid
$OUT/scapforge-docker-stig-xccdf.xml: valid" "$out"
expect_eq "no validation error" 0 "$(grep -c ': error:' "$WORK/validate.err")"
oscap ds sds-validate "$DS" >"$WORK/o.txt" 2>&1
expect_eq "oscap ds sds-validate accepts the data stream" 0 $?
oscap xccdf validate "$OUT/scapforge-docker-stig-xccdf.xml" >"$WORK/o.txt" 2>&1
expect_eq "oscap xccdf validate accepts the benchmark" 0 $?
oscap oval validate "$OUT/scapforge-docker-stig-oval.xml" >"$WORK/o.txt" 2>&1
expect_eq "oscap oval validate (XSD and Schematron) accepts the OVAL" 0 $?
# OpenSCAP's SCAP 1.3 Schematron run finds exactly the accepted
# deviation (OVAL 5.11.3), nothing else.
oscap xccdf validate --schematron "$DS" >"$WORK/o.txt" 2>&1
expect_eq "SCAP 1.3 Schematron errors are only SRC-216-1" "Error: SRC-216-1" \
	"$(grep '^Error:' "$WORK/o.txt")"
"$SF" validate --strict "$DS" >/dev/null 2>"$WORK/strict.err"
expect_eq "validate --strict rejects the deviation" 1 $?
expect_eq "validate --strict names it" \
	"$DS: error: schematron: Error: SRC-216-1" "$(grep ': error:' "$WORK/strict.err")"

# oscap info: the data stream, its benchmark, the profiles, the OVAL.
oscap info "$DS" >"$WORK/info.txt" 2>&1
expect_eq "oscap info exits 0" 0 $?
expect_eq "oscap info: the stream" 1 \
	"$(grep -c 'Stream: scap_mil.disa.stig_datastream_Docker_Enterprise_2-x_Linux-UNIX_STIG' "$WORK/info.txt")"
expect_eq "oscap info: SCAP version" 1 "$(grep -c 'Version: 1.3' "$WORK/info.txt")"
expect_eq "oscap info: the checklist" 1 "$(grep -c 'Ref-Id: scap_mil.disa.stig_cref_xccdf' "$WORK/info.txt")"
expect_eq "oscap info: nine MAC profiles" 9 \
	"$(grep -c 'Id: xccdf_mil.disa.stig_profile_MAC-[123]_\(Classified\|Public\|Sensitive\)$' "$WORK/info.txt")"
expect_eq "oscap info: the OVAL check file" 1 "$(grep -c '^			scapforge-docker-stig-oval.xml$' "$WORK/info.txt")"
# oscap info of 1.3.7 does not list rules: an evaluation does, with the
# STIG ID of each rule as the rule-result's version.
printf '[]\n' >"$WORK/empty.json"
tailoring "$DS" e2e docker_inspect_path "$WORK/empty.json" >"$WORK/tailoring.xml"
oscap xccdf eval --tailoring-file "$WORK/tailoring.xml" --profile xccdf_scapforge.test_profile_e2e \
	--results "$WORK/results.xml" "$DS" >"$WORK/eval.txt" 2>&1
expect_eq "oscap evaluates both rules (zero containers: exit 0)" 0 $?
expect_eq "rule DKER-EE-001240" "DKER-EE-001240 pass" \
	"$(xpath "$WORK/results.xml" "concat(//*[local-name()='rule-result'][@idref='xccdf_mil.disa.stig_rule_SV-235784r960804_rule']/@version, ' ', //*[local-name()='rule-result'][@idref='xccdf_mil.disa.stig_rule_SV-235784r960804_rule']/*[local-name()='result'])")"
expect_eq "rule DKER-EE-001250" "DKER-EE-001250 pass" \
	"$(xpath "$WORK/results.xml" "concat(//*[local-name()='rule-result'][@idref='xccdf_mil.disa.stig_rule_SV-235785r960804_rule']/@version, ' ', //*[local-name()='rule-result'][@idref='xccdf_mil.disa.stig_rule_SV-235785r960804_rule']/*[local-name()='result'])")"

# The SV rule ID reference makes OpenSCAP's STIG Viewer output work.
oscap xccdf eval --tailoring-file "$WORK/tailoring.xml" --profile xccdf_scapforge.test_profile_e2e \
	--stig-viewer "$WORK/stig-viewer.xml" "$DS" >/dev/null 2>&1
expect_eq "--stig-viewer results keyed by SV rule ID" "SV-235784r960804_rule pass SV-235785r960804_rule pass" \
	"$(xpath "$WORK/stig-viewer.xml" "concat((//*[local-name()='rule-result'])[1]/@idref, ' ', (//*[local-name()='rule-result'])[1]/*[local-name()='result'], ' ', (//*[local-name()='rule-result'])[2]/@idref, ' ', (//*[local-name()='rule-result'])[2]/*[local-name()='result'])")"

# Reproducible: a second build gives the same bytes; so does the
# committed output/ folder.
(cd "$WORK/checkout" && "$SF" build --out again >/dev/null)
for n in $NAMES; do
	expect_true "two builds give the same $n" cmp "$OUT/$n" "$WORK/checkout/again/$n"
	expect_true "output/$n matches a fresh build (else run 'build/scapforge build' and commit output/)" \
		cmp "$OUT/$n" "$SRC/output/$n"
done
(cd "$WORK/checkout" && SOURCE_DATE_EPOCH=1700000000 "$SF" build --out epoch >/dev/null)
expect_eq "SOURCE_DATE_EPOCH sets the time stamps (stream, 2 components)" 3 \
	"$(grep -c 'timestamp="2023-11-14T22:13:20"' "$WORK/checkout/epoch/scapforge-docker-stig-ds.xml")"
expect_eq "SOURCE_DATE_EPOCH changes nothing else" \
	"$(sed 's/2026-11-22T00:00:00/T/g' "$DS")" \
	"$(sed 's/2023-11-14T22:13:20/T/g' "$WORK/checkout/epoch/scapforge-docker-stig-ds.xml")"
expect_true "SOURCE_DATE_EPOCH leaves the .audit file as it is" \
	cmp "$OUT/scapforge-docker-stig.audit" "$WORK/checkout/epoch/scapforge-docker-stig.audit"
err=$(cd "$WORK/checkout" && SOURCE_DATE_EPOCH=soon "$SF" build --out bad 2>&1); rc=$?
expect_eq "a bad SOURCE_DATE_EPOCH exits 1" 1 "$rc"
expect_eq "a bad SOURCE_DATE_EPOCH is named" \
	"scapforge: SOURCE_DATE_EPOCH must be a number of seconds since 1970, not 'soon'" "$err"
expect_true "nothing written on error" test ! -e "$WORK/checkout/bad"

# --release: the seeds' V1R1 identifiers become primary.
(cd "$WORK/checkout" && "$SF" build --release V1R1 --out v1r1 >/dev/null)
expect_eq "V1R1 build exits 0" 0 $?
V1=$WORK/checkout/v1r1/scapforge-docker-stig-xccdf.xml
expect_eq "V1R1 rules" "xccdf_mil.disa.stig_rule_SV-104739r2_rule xccdf_mil.disa.stig_rule_SV-104741r2_rule" \
	"$(xpath "$V1" "concat((//*[local-name()='Rule'])[1]/@id, ' ', (//*[local-name()='Rule'])[2]/@id)")"
expect_eq "V1R1 groups" "xccdf_mil.disa.stig_group_V-95601 xccdf_mil.disa.stig_group_V-95603" \
	"$(xpath "$V1" "concat((//*[local-name()='Group'])[1]/@id, ' ', (//*[local-name()='Group'])[2]/@id)")"
expect_eq "V1R1 .audit references" "Rule-ID|SV-104739r2_rule,STIG-ID|DKER-EE-001240,Vuln-ID|V-95601 Rule-ID|SV-104741r2_rule,STIG-ID|DKER-EE-001250,Vuln-ID|V-95603" \
	"$(sed -n 's/^  reference   : ".*,\(Rule-ID|.*\)"$/\1/p' "$WORK/checkout/v1r1/scapforge-docker-stig.audit" | paste -sd' ')"
expect_eq "V1R1 CCI ident system" 2 "$(xpath "$V1" "count(//*[local-name()='ident'][@system='http://iase.disa.mil/cci'])")"
oscap ds sds-validate "$WORK/checkout/v1r1/scapforge-docker-stig-ds.xml" >/dev/null 2>&1
expect_eq "oscap accepts the V1R1 data stream" 0 $?
(cd "$WORK/checkout" && "$SF" build --release V2R1 --out v2r1 >/dev/null)
expect_eq "V2R1 rule" "xccdf_mil.disa.stig_rule_SV-235785r627482_rule" \
	"$(xpath "$WORK/checkout/v2r1/scapforge-docker-stig-xccdf.xml" "string((//*[local-name()='Rule'])[2]/@id)")"

# Provenance, per release: DISA's Benchmark description and profile
# descriptions (copied into tests/data/disa/), and SC-39 only on
# DKER-EE-001250, whose Tenable audit item names it (001240's names no
# NIST control); AC-4 on both, from DISA's CCI list.
DISA=$SRC/tests/data/disa
PROFILE_DESC=$(cat "$DISA/profile-description.txt")
rule_x() { printf "//*[local-name()='Rule'][*[local-name()='version']='%s']" "$1"; }
NIST_REF="*[local-name()='reference'][starts-with(*[local-name()='title'], 'NIST SP 800-53')]"
for rel in V1R1 V2R1 V2R2; do
	dir=$WORK/checkout/$(printf '%s' "$rel" | tr 'A-Z' 'a-z')
	[ "$rel" = V2R2 ] && dir=$OUT
	for f in xccdf.xml ds.xml; do
		expect_eq "$rel $f: Benchmark description is DISA's" "$(cat "$DISA/description-$rel.txt")" \
			"$(xpath "$dir/scapforge-docker-stig-$f" "string(//*[local-name()='Benchmark']/*[local-name()='description'])")"
		expect_eq "$rel $f: the nine profile descriptions are DISA's" 9 \
			"$(xpath "$dir/scapforge-docker-stig-$f" "count(//*[local-name()='Profile'][count(*[local-name()='description']) = 1][*[local-name()='description'] = '$PROFILE_DESC'])")"
	done
	X=$dir/scapforge-docker-stig-xccdf.xml
	expect_eq "$rel: DKER-EE-001240 credits AC-4 alone" "1 AC-4" \
		"$(xpath "$X" "concat(count($(rule_x DKER-EE-001240)/$NIST_REF), ' ', $(rule_x DKER-EE-001240)/$NIST_REF/*[local-name()='identifier'])")"
	expect_eq "$rel: SC-39 appears nowhere in DKER-EE-001240's Rule" 0 \
		"$(xpath "$X" "count($(rule_x DKER-EE-001240)//text()[contains(., 'SC-39')])")"
	expect_eq "$rel: DKER-EE-001250 credits AC-4 and SC-39 (from the Tenable audit item)" \
		"2 AC-4 SC-39 Tenable audit item for this STIG ID (800-53|SC-39)" \
		"$(xpath "$X" "concat(count($(rule_x DKER-EE-001250)/$NIST_REF), ' ', ($(rule_x DKER-EE-001250)/$NIST_REF)[1]/*[local-name()='identifier'], ' ', ($(rule_x DKER-EE-001250)/$NIST_REF)[2]/*[local-name()='identifier'], ' ', ($(rule_x DKER-EE-001250)/$NIST_REF)[2]/*[local-name()='source'])")"
	expect_eq "$rel .audit: NIST references (001240, then 001250)" \
		"800-53|AC-4,CAT|II 800-53|AC-4,800-53|SC-39,CAT|II" \
		"$(sed -n 's/^  reference   : "\(.*,CAT|II\),CCI|.*"$/\1/p' "$dir/scapforge-docker-stig.audit" | paste -sd' ')"
done
# The copies in tests/data/disa/ are DISA's text, where DISA's XCCDF is at hand.
STIG=$SHARED/reference/stig
if [ -d "$STIG" ]; then
	for rel in V1R1 V2R1 V2R2; do
		x=$(find "$STIG" -maxdepth 1 -name "U_Docker_Enterprise_2-x_Linux-*_STIG_${rel}_Manual-xccdf.xml")
		expect_eq "tests/data/disa/description-$rel.txt is DISA's $rel text" \
			"$(xpath "$x" "string(/*[local-name()='Benchmark']/*[local-name()='description'])")" \
			"$(cat "$DISA/description-$rel.txt")"
		expect_eq "DISA's $rel profiles: nine, each described as tests/data/disa/profile-description.txt" "9 9" \
			"$(xpath "$x" "concat(count(/*[local-name()='Benchmark']/*[local-name()='Profile']), ' ', count(/*[local-name()='Benchmark']/*[local-name()='Profile'][*[local-name()='description'] = '$PROFILE_DESC']))")"
	done
else
	echo "SKIP the comparison with DISA's XCCDF: $STIG is absent; the copies of DISA's text in tests/data/disa/ are not compared with it"
fi
# The NIST controls credited to the Tenable audit items are the seeds'
# (800-53|... in their References line), and the V1R1 .audit item holds
# every reference of a seed that lists some (001240's lists none).
SEEDS=$SHARED/seeds
if [ -d "$SEEDS" ]; then
	for stig in DKER-EE-001240 DKER-EE-001250; do
		refs=$(sed -n 's/^References: //p' "$SEEDS/$stig.txt" | tr -d ' ')
		seed=$(printf '%s' "$refs" | tr ',' '\n' | sed -n 's/^800-53|//p' | paste -sd' ')
		tenable="$(rule_x "$stig")/$NIST_REF[starts-with(*[local-name()='source'], 'Tenable audit item')]"
		ours=
		for i in $(seq "$(xpath "$OUT/scapforge-docker-stig-xccdf.xml" "count($tenable)")"); do
			ours="$ours${ours:+ }$(xpath "$OUT/scapforge-docker-stig-xccdf.xml" "string(($tenable)[$i]/*[local-name()='identifier'])")"
		done
		expect_eq "$stig: NIST controls from the Tenable audit item are the seed's" "$seed" "$ours"
		[ -n "$refs" ] || continue
		item=,$(sed -n "/STIG-ID|$stig,/s/^  reference   : \"\(.*\)\"$/\1/p" "$WORK/checkout/v1r1/scapforge-docker-stig.audit"),
		missing=
		for r in $(printf '%s' "$refs" | tr ',' ' '); do
			case $item in *",$r,"*) ;; *) missing="$missing $r" ;; esac
		done
		expect_eq "$stig: the V1R1 .audit item holds every reference of its seed" "" "$missing"
	done
else
	echo "SKIP the comparison with the seeds: $SEEDS is absent; the NIST references are not compared with the seeds"
fi
err=$(cd "$WORK/checkout" && "$SF" build --release V9R9 --out bad 2>&1); rc=$?
expect_eq "an unknown release exits 1" 1 "$rc"
expect_eq "an unknown release is named" \
	"scapforge: unknown release 'V9R9' (the rules define V1R1 to V2R2)" "$err"
finish
