#!/usr/bin/env bash
# Signed data streams: scapforge build --sign-key/--sign-cert with a key
# and a self-signed certificate made here by openssl. The signature is
# SCAP 1.3's (no Schematron error) and changes nothing else; OpenSCAP runs
# the signed data stream under --enforce-signature, with the same
# verdicts, and refuses it once one byte of a rule's text, of the data
# stream or of the signature is changed; xmlsec1 agrees, and scapforge
# validate says which. Bad keys and certificates are refused with the
# earlier output untouched.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

for tool in oscap openssl xmlsec1; do
	command -v "$tool" >/dev/null || must_run "$tool is not installed"
done
NS=http://scap.nist.gov/schema/scap/source/1.2
COMP=scap_mil.disa.stig_comp_xccdf
STREAM=scap_mil.disa.stig_datastream_Docker_Enterprise_2-x_Linux-UNIX_STIG

openssl req -x509 -newkey rsa:3072 -nodes -days 2 -subj "/CN=scapforge signing test" \
	-keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=someone else" \
	-keyout "$WORK/key2.pem" -out "$WORK/cert2.pem" 2>/dev/null

# Signed, and nothing else changed.
out=$("$SF" build --rules "$SRC/rules" --out "$WORK/signed" \
	--sign-key "$WORK/key.pem" --sign-cert "$WORK/cert.pem" 2>&1); rc=$?
expect_eq "signed build exits 0" 0 "$rc"
expect_eq "signed build says so" "wrote $WORK/signed/scapforge-docker-stig-xccdf.xml
wrote $WORK/signed/scapforge-docker-stig-oval.xml
wrote $WORK/signed/scapforge-docker-stig-ds.xml (signed)
wrote $WORK/signed/scapforge-docker-stig-portable-xccdf.xml
wrote $WORK/signed/scapforge-docker-stig-portable-oval.xml
wrote $WORK/signed/scapforge-docker-stig-portable-cpe-dictionary.xml
wrote $WORK/signed/scapforge-docker-stig-portable-cpe-oval.xml
wrote $WORK/signed/scapforge-docker-stig-portable-ds.xml (signed)
wrote $WORK/signed/scapforge-docker-stig.audit
validation gave 11 warnings; 'scapforge validate $WORK/signed/scapforge-docker-stig-ds.xml $WORK/signed/scapforge-docker-stig-portable-ds.xml' lists them
2 rules, release V2R2" "$out"
DS=$WORK/signed/scapforge-docker-stig-ds.xml
for n in xccdf.xml oval.xml; do
	expect_true "the $n is the unsigned build's" \
		cmp -s "$WORK/signed/scapforge-docker-stig-$n" "$SRC/output/scapforge-docker-stig-$n"
done
python3 - "$DS" "$WORK/stripped.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(
    re.sub(r'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#".*</Signature>', "", text, flags=re.S))
PY
xmllint --c14n "$WORK/stripped.xml" >"$WORK/stripped.c14n"
xmllint --c14n "$SRC/output/scapforge-docker-stig-ds.xml" >"$WORK/unsigned.c14n"
expect_true "the data stream without its signature is the unsigned one (canonical XML)" \
	cmp -s "$WORK/stripped.c14n" "$WORK/unsigned.c14n"
expect_eq "one signature, the collection's last child" "1 Signature" \
	"$(xmllint --xpath 'concat(count(//*[local-name()="Signature"]), " ", local-name(/*/*[last()]))' "$DS")"
expect_eq "its references: the data stream, the properties, the manifest" \
	"#$STREAM #scapforge-signature-properties #scapforge-signature-manifest" \
	"$(xmllint --xpath '//*[local-name()="SignedInfo"]/*[local-name()="Reference"]/@URI' "$DS" |
		sed 's/ *URI="\([^"]*\)"/\1/g' | paste -sd' ')"
expect_eq "the manifest names both components" \
	"#scap_mil.disa.stig_comp_oval #scap_mil.disa.stig_comp_xccdf" \
	"$(xmllint --xpath '//*[local-name()="Manifest"]/*[local-name()="Reference"]/@URI' "$DS" |
		sed 's/ *URI="\([^"]*\)"/\1/g' | sort | paste -sd' ')"

# scapforge validate and OpenSCAP's validator.
out=$("$SF" validate "$DS" 2>"$WORK/v.err"); rc=$?
expect_eq "validate exits 0 on the signed data stream" 0 "$rc"
expect_eq "validate names the signer" "$DS: valid; signed by /CN=scapforge signing test, the signature holding for the data stream and its 2 components (the certificate is not checked against a trust store)" "$out"
"$SF" validate "$SRC/output/scapforge-docker-stig-ds.xml" 2>"$WORK/u.err" >/dev/null
expect_eq "the same accepted warnings as unsigned, and no error" \
	"$(sed "s|^$SRC/output/|X/|" "$WORK/u.err")" "$(sed "s|^$WORK/signed/|X/|" "$WORK/v.err")"
P=$WORK/signed/scapforge-docker-stig-portable-ds.xml
expect_eq "the portable data stream is signed too" \
	"$P: valid; signed by /CN=scapforge signing test, the signature holding for the data stream and its 4 components (the certificate is not checked against a trust store)" \
	"$("$SF" validate "$P" 2>/dev/null)"
expect_eq "an unsigned data stream is said to be so" \
	"$SRC/output/scapforge-docker-stig-ds.xml: valid (not signed)" \
	"$("$SF" validate "$SRC/output/scapforge-docker-stig-ds.xml" 2>/dev/null)"
oscap ds sds-validate "$DS" >"$WORK/o.txt" 2>&1
expect_eq "oscap ds sds-validate accepts the signed data stream" "0 " "$? $(cat "$WORK/o.txt")"

# OpenSCAP under --enforce-signature, on evidence with one offender.
cat >"$WORK/ev.json" <<'JSON'
[{"Id": "1111111111111111111111111111111111111111111111111111111111111111", "Name": "/pidhost",
  "Config": {"Image": "busybox"}, "HostConfig": {"PidMode": "host", "IpcMode": "private"}},
 {"Id": "2222222222222222222222222222222222222222222222222222222222222222", "Name": "/quiet",
  "Config": {"Image": "busybox"}, "HostConfig": {"PidMode": "", "IpcMode": "private"}}]
JSON
"$SF" scan --datastream "$DS" --evidence "$WORK/ev.json" --evidence-out "$WORK/sf-ev.json" \
	--arf "$WORK/sf-arf.xml" --quiet >/dev/null 2>&1
# eval FILE: oscap's exit status, then each rule's result
eval_signed() {
	tailoring "$1" sign docker_inspect_path "$WORK/sf-ev.json" >"$WORK/tailoring.xml"
	rm -f "$WORK/res.xml"
	oscap --verbose INFO --verbose-log-file "$WORK/verbose.log" xccdf eval --enforce-signature \
		--tailoring-file "$WORK/tailoring.xml" --profile xccdf_scapforge.test_profile_sign \
		--results "$WORK/res.xml" "$1" >"$WORK/eval.out" 2>"$WORK/eval.err"
	printf '%s' "$?"
	[ -s "$WORK/res.xml" ] && xmllint --xpath \
		'//*[local-name()="rule-result"]/@version | //*[local-name()="rule-result"]/*[local-name()="result"]/text()' \
		"$WORK/res.xml" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ */ /; s/ *$//'
}
expect_eq "oscap --enforce-signature runs the signed data stream: the verdicts" \
	'2 version="DKER-EE-001240" fail version="DKER-EE-001250" pass' "$(eval_signed "$DS")"
expect_eq "oscap found the signature good, every reference too" \
	"Signature is OK|SignedInfo references (ok/all): 3/3|Manifests references (ok/all): 2/2" \
	"$(grep -o 'Signature is OK\|SignedInfo references (ok/all): [0-9/]*\|Manifests references (ok/all): [0-9/]*' "$WORK/verbose.log" | paste -sd'|')"
expect_eq "scapforge's verdicts on the same evidence are the same" "fail pass" \
	"$(xmllint --xpath '//*[local-name()="rule-result"]/*[local-name()="result"]/text()' "$WORK/sf-arf.xml" | tr -s ' \n' ' ' | sed 's/ $//')"
expect_eq "oscap --enforce-signature refuses the unsigned data stream" "1" \
	"$(eval_signed "$SRC/output/scapforge-docker-stig-ds.xml")"
expect_eq "... saying it is not signed" 1 "$(grep -c 'Signature not found' "$WORK/eval.err")"

# xmlsec1 on the signed data stream (the IDs are SCAP's id attributes).
verify() {
	xmlsec1 --verify --trusted-pem "$WORK/cert.pem" --id-attr:id "$NS:data-stream" \
		--id-attr:id "$NS:component" "$1" 2>&1 | grep -v '^func='
	printf 'rc %s' "${PIPESTATUS[0]}"
}
expect_eq "xmlsec1 verifies the signature and both manifest references" "OK
SignedInfo References (ok/all): 3/3
Manifests References (ok/all): 2/2
rc 0" "$(verify "$DS")"

# One byte changed: in a rule's text, in the data stream, in the signature.
tamper() {
	python3 - "$DS" "$WORK/t.xml" "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
old, new = sys.argv[3], sys.argv[4]
assert text.count(old) >= 1, old
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
	printf '%s byte' "$(cmp -l "$DS" "$WORK/t.xml" | wc -l)"
}
expect_eq "one byte of DKER-EE-001240's rule title changed" "1 byte" \
	"$(tamper "<title>The Docker Enterprise hosts process namespace must not be shared.</title>" \
		"<title>The Docker Enterprise hosts process namespace must not be sharex.</title>")"
expect_eq "oscap --enforce-signature refuses it" 1 "$(eval_signed "$WORK/t.xml")"
expect_eq "... as an invalid signature" 1 \
	"$(grep -c "Invalid signature in SCAP Source Datastream (1.3) content in $WORK/t.xml" "$WORK/eval.err")"
expect_eq "xmlsec1 finds the changed component" "OK
SignedInfo References (ok/all): 3/3
Manifests References (ok/all): 1/2
rc 0" "$(verify "$WORK/t.xml")"
out=$("$SF" validate "$WORK/t.xml" 2>/dev/null); rc=$?
expect_eq "scapforge validate names the changed component" \
	"1 $WORK/t.xml: schema-valid; signature INVALID: a component was changed: $COMP" "$rc $out"

expect_eq "one byte of the data stream's time stamp changed" "1 byte" \
	"$(tamper 'use-case="CONFIGURATION" timestamp="2026-11-22T00:00:00"' \
		'use-case="CONFIGURATION" timestamp="2026-11-23T00:00:00"')"
expect_eq "oscap --enforce-signature refuses it" 1 "$(eval_signed "$WORK/t.xml")"
expect_eq "xmlsec1 fails it at its first reference" "FAIL
SignedInfo References (ok/all): 0/1
Manifests References (ok/all): 2/2
Error: failed to verify file \"$WORK/t.xml\"
rc 1" "$(verify "$WORK/t.xml")"
out=$("$SF" validate "$WORK/t.xml" 2>/dev/null); rc=$?
expect_eq "scapforge validate says what changed" \
	"1 $WORK/t.xml: schema-valid; signature INVALID: what it references was changed: #$STREAM" "$rc $out"

value=$(xmllint --xpath 'string(//*[local-name()="SignatureValue"])' "$DS" | head -c 12)
flipped=$(printf '%s' "$value" | tr 'A-Za-z' 'B-ZAb-za')
tamper "<SignatureValue>$value" "<SignatureValue>$flipped" >/dev/null
expect_eq "oscap --enforce-signature refuses a changed signature value" 1 "$(eval_signed "$WORK/t.xml")"
out=$("$SF" validate "$WORK/t.xml" 2>/dev/null); rc=$?
expect_eq "scapforge validate: the value does not match" \
	"1 $WORK/t.xml: schema-valid; signature INVALID: the signature value does not match" "$rc $out"

# Content added beside what was signed is not covered: refused too.
python3 - "$DS" "$WORK/t.xml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
at = text.index('<Signature xmlns=')
open(sys.argv[2], "w", encoding="utf-8").write(
    text[:at] + '<ds:component id="scap_mil.disa.stig_comp_extra" timestamp="2026-11-22T00:00:00">'
    '<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"/></ds:component>\n'
    + text[at:])
PY
out=$("$SF" validate "$WORK/t.xml" 2>/dev/null); rc=$?
expect_eq "scapforge validate: an added component is not covered" \
	"1 signature INVALID: it does not cover the component scap_mil.disa.stig_comp_extra" \
	"$rc ${out#*; }"

# Hostile signatures: a reference out of the document, an XSLT
# transform, an ID another element has too. Never followed, never valid.
hostile() {
	python3 - "$DS" "$WORK/t.xml" "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
assert sys.argv[3] in text
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(sys.argv[3], sys.argv[4], 1))
PY
	out=$("$SF" validate "$WORK/t.xml" 2>/dev/null)
	printf '%s %s' "$?" "${out#*; }"
}
expect_eq "a reference to a file is not followed" \
	"1 signature INVALID: it cannot be checked: invalid URI type: uri=file:///etc/passwd" \
	"$(hostile 'URI="#scapforge-signature-properties"' 'URI="file:///etc/passwd"')"
expect_eq "an XSLT transform is not run" \
	"1 signature INVALID: it cannot be checked: transform is disabled: href=http://www.w3.org/TR/1999/REC-xslt-19991116" \
	"$(hostile '<Transform Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>' \
		'<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>')"
expect_eq "an xml:id that takes a component's ID" \
	"1 its signature cannot be checked: the collection's component on line $(grep -n '<ds:component id="scap_mil.disa.stig_comp_xccdf"' "$DS" | cut -d: -f1) has no ID of its own (none, or one another element has too)" \
	"$(hostile '<ds:checklists>' '<ds:checklists xml:id="scap_mil.disa.stig_comp_xccdf">')"

# Bad keys and certificates: refused, the earlier output untouched.
before=$(cd "$WORK/signed" && sha256sum ./*)
bad_build() {
	local out rc
	out=$("$SF" build --rules "$SRC/rules" --out "$WORK/signed" "$@" 2>&1)
	rc=$?
	printf '%s (exit %s)' "$out" "$rc"
}
echo "not a key" >"$WORK/bad.pem"
expect_eq "--sign-key alone is refused" \
	"scapforge: --sign-key and --sign-cert go together: a signature needs the key and its certificate (exit 1)" \
	"$(bad_build --sign-key "$WORK/key.pem")"
expect_eq "a missing key is refused" \
	"scapforge: cannot read the signing key '$WORK/none.pem': No such file or directory (exit 1)" \
	"$(bad_build --sign-key "$WORK/none.pem" --sign-cert "$WORK/cert.pem")"
expect_eq "a file that is no key is refused" \
	"scapforge: cannot use the signing key '$WORK/bad.pem': it is not a PEM private key (exit 1)" \
	"$(bad_build --sign-key "$WORK/bad.pem" --sign-cert "$WORK/cert.pem" | sed 's/ (crypto library[^)]*)//')"
expect_eq "a certificate of another key is refused" \
	"scapforge: the signature made does not verify (the signature value does not match): is '$WORK/key.pem' the key of '$WORK/cert2.pem'? (exit 1)" \
	"$(bad_build --sign-key "$WORK/key.pem" --sign-cert "$WORK/cert2.pem")"
expect_eq "the earlier output is untouched" "$before" "$(cd "$WORK/signed" && sha256sum ./*)"

finish
