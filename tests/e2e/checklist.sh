#!/usr/bin/env bash
# STIG Viewer checklists from scapforge scan --ckl/--cklb: the CKL is
# well-formed XML in DISA's element order, the CKLB is JSON (parsed by
# Python) with every key of the sample CKLB at each level, the statuses
# follow the results, the finding details name the offender, and a
# checklist that cannot be written leaves the earlier ones as they were.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || must_run "python3 is not installed"

DS=$SRC/output/scapforge-docker-stig-ds.xml
SAMPLES=$SHARED/reference/samples
[ -d "$SAMPLES" ] || echo "SKIP the comparison with the samples: $SAMPLES is absent; the CKL is held to the built-in copy of DISA's order, the CKLB's keys are not compared"

# scan EVIDENCE CKL CKLB: exit status of a scan writing both checklists.
scan() {
	(cd "$WORK" && "$SF" scan --quiet --datastream "$DS" --evidence "$1" \
		--arf "$WORK/arf.xml" --evidence-out "$WORK/evidence.json" \
		--ckl "$2" --cklb "$3" >/dev/null 2>"$WORK/stderr")
}

# check CKL CKLB STATUSES [EXPECTED TEXT IN FINDING_DETAILS]: the
# checklists read back by Python; prints "ok|what" or "fail|what|detail"
# lines for report below.
check() {
	python3 - "$@" "$SAMPLES" <<'PY'
import json, os, sys
import xml.etree.ElementTree as ET

ckl, cklb, statuses, details, samples = sys.argv[1:6]
DISA = ("Vuln_Num Severity Group_Title Rule_ID Rule_Ver Rule_Title "
        "Vuln_Discuss IA_Controls Check_Content Fix_Text False_Positives "
        "False_Negatives Documentable Mitigations Potential_Impact "
        "Third_Party_Tools Mitigation_Control Responsibility "
        "Security_Override_Guidance Check_Content_Ref Weight Class STIGRef "
        "TargetKey STIG_UUID LEGACY_ID LEGACY_ID CCI_REF STATUS "
        "FINDING_DETAILS COMMENTS SEVERITY_OVERRIDE SEVERITY_JUSTIFICATION")
CKLB_STATUS = {"NotAFinding": "not_a_finding", "Open": "open",
               "Not_Applicable": "not_applicable",
               "Not_Reviewed": "not_reviewed"}


def report(ok, what, detail=""):
    print(("ok|%s" % what) if ok else "fail|%s|%s" % (what, detail))


def shape(vuln):
    return " ".join(c.findtext("VULN_ATTRIBUTE") if c.tag == "STIG_DATA"
                    else c.tag for c in vuln)


def missing_keys(ours, sample, at):
    """Keys of the sample missing from ours, at every level."""
    if isinstance(sample, dict):
        if not isinstance(ours, dict):
            return [at]
        out = [at + "." + k for k in sample if k not in ours]
        for k in sample:
            if k in ours:
                out += missing_keys(ours[k], sample[k], at + "." + k)
        return out
    if isinstance(sample, list) and sample and isinstance(sample[0], dict):
        if not ours:
            return [at + "[]"]
        return [m for o in ours for m in missing_keys(o, sample[0], at + "[]")]
    return []


head = open(ckl, encoding="utf-8").read(120)
report(head.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'
                       "<!--DISA STIG Viewer :: "),
       "CKL: XML declaration and STIG Viewer comment", head)
vulns = ET.parse(ckl).getroot().findall("./STIGS/iSTIG/VULN")
want = DISA
sample_ckl = os.path.join(samples, "stig_parser-docs-examples-docker.ckl")
if os.path.exists(sample_ckl):
    want = shape(ET.parse(sample_ckl).getroot().find("./STIGS/iSTIG/VULN"))
    report(want == DISA, "the sample CKL's order is DISA's", want)
for v in vulns:
    report(shape(v) == want, "CKL: VULN in DISA's order", shape(v))
got = " ".join(v.findtext("STATUS") for v in vulns)
report(got == statuses, "CKL: statuses", got)
text = " ".join(v.findtext("FINDING_DETAILS") for v in vulns)
report(details in text, "CKL: finding details name the offender", text)

with open(cklb, encoding="utf-8") as f:
    doc = json.load(f)
report(doc.get("cklb_version") == "1.0", "CKLB: cklb_version 1.0")
got = " ".join(r["status"] for r in doc["stigs"][0]["rules"])
want = " ".join(CKLB_STATUS[s] for s in statuses.split())
report(got == want, "CKLB: statuses", got)
sample_cklb = os.path.join(
    samples, "heimdall2-converted-rhel8_sample_oneOfEachControlStatus.cklb")
if os.path.exists(sample_cklb):
    with open(sample_cklb, encoding="utf-8") as f:
        missing = missing_keys(doc, json.load(f), "")
    report(not missing, "CKLB: every key of the sample", " ".join(missing))
PY
}

# expect_checks DESCRIPTION ARGS...: runs check and counts its lines.
expect_checks() {
	local desc=$1 line what detail
	shift
	while IFS='|' read -r line what detail; do
		if [ "$line" = ok ]; then ok "$desc: $what"; else
			not_ok "$desc: $what" "$detail"; fi
	done < <(check "$@" || echo "fail|python could not read the checklists|")
}

scan "$SRC/rules/examples/docker-inspect.json" "$WORK/ex.ckl" "$WORK/ex.cklb"
expect_eq "example evidence: exit status (rules fail)" 2 $?
expect_true "example evidence: xmllint reads the CKL" xmllint --noout "$WORK/ex.ckl"
# the bundled example is no host's: Not_Reviewed, the offenders still named
expect_checks "example evidence" "$WORK/ex.ckl" "$WORK/ex.cklb" "Not_Reviewed Not_Reviewed" \
	"- metrics-agent (208d9902eff6, image example/metrics-agent:2.1): HostConfig.PidMode is host"

echo '[]' >"$WORK/none.json"
scan "$WORK/none.json" "$WORK/none.ckl" "$WORK/none.cklb"
expect_eq "no container: exit status" 0 $?
expect_checks "no container" "$WORK/none.ckl" "$WORK/none.cklb" \
	"NotAFinding NotAFinding" "No assessed container is at fault."

# The CKL has the sample's structure: at every level the same elements,
# in the same order (the sample was built from the DISA Docker STIG).
if [ -d "$SAMPLES" ]; then
	expect_eq "CKL: the structure of the sample built from the Docker STIG" same \
		"$(python3 - "$SAMPLES/stig_parser-docs-examples-docker.ckl" "$WORK/ex.ckl" <<'PY'
import sys
import xml.etree.ElementTree as ET
def shape(path):
    out = set()
    def walk(e, depth):
        out.add((depth, e.tag, tuple(dict.fromkeys(c.tag for c in e))))
        for c in e:
            walk(c, depth + 1)
    walk(ET.parse(path).getroot(), 0)
    return out
a, b = shape(sys.argv[1]), shape(sys.argv[2])
print("same" if a == b else "sample only: %r; ours only: %r" % (sorted(a - b), sorted(b - a)))
PY
)"
fi

# scapforge checklist makes the same files from the scan's ARF.
scan "$SRC/rules/examples/docker-inspect.json" "$WORK/ex.ckl" "$WORK/ex.cklb"
"$SF" checklist "$WORK/arf.xml" --ckl "$WORK/again.ckl" --cklb "$WORK/again.cklb"
expect_eq "scapforge checklist: the scan's CKL and CKLB, byte for byte" "0 same same" \
	"$? $(cmp -s "$WORK/ex.ckl" "$WORK/again.ckl" && echo same) $(cmp -s "$WORK/ex.cklb" "$WORK/again.cklb" && echo same)"
# Without a file name: both, in the current folder, under DISA's names.
mkdir "$WORK/here"
out=$(cd "$WORK/here" && "$SF" checklist "$WORK/arf.xml" 2>&1)
expect_eq "scapforge checklist without an output: both, named by DISA's convention" \
	"0 checklist: example_Docker_Enterprise_2-x_Linux-UNIX_STIG_V2R2.ckl (CKL)
checklist: example_Docker_Enterprise_2-x_Linux-UNIX_STIG_V2R2.cklb (CKLB)|example_Docker_Enterprise_2-x_Linux-UNIX_STIG_V2R2.ckl example_Docker_Enterprise_2-x_Linux-UNIX_STIG_V2R2.cklb" \
	"$? $out|$(find "$WORK/here" -mindepth 1 -printf '%f\n' | sort | paste -sd' ')"
out=$("$SF" checklist 2>&1)
expect_eq "scapforge checklist without an ARF" \
	"1 scapforge: checklist needs one ARF file (see 'scapforge help checklist')" \
	"$? $out"
out=$("$SF" checklist "$WORK/evidence.json" --ckl "$WORK/x.ckl" 2>&1)
expect_eq "scapforge checklist refuses what is not an ARF, writing nothing" "1 no file" \
	"$? $([ -e "$WORK/x.ckl" ] && echo file || echo no file)"

# A folder where the CKLB goes: the scan fails, the CKL made by the
# first scan is left as it was, and no temporary file stays behind.
before=$(sha256sum "$WORK/ex.ckl")
mkdir "$WORK/in-the-way.cklb"
scan "$SRC/rules/examples/docker-inspect.json" "$WORK/ex.ckl" "$WORK/in-the-way.cklb"
expect_eq "CKLB path is a folder: exit status" 1 $?
expect_eq "CKLB path is a folder: the earlier CKL is untouched" "$before" "$(sha256sum "$WORK/ex.ckl")"
expect_eq "CKLB path is a folder: no temporary file left" "" \
	"$(find "$WORK" -maxdepth 1 -name '*.ckl*.*' -print)"
finish
