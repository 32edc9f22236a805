#!/usr/bin/env bash
# Checklists of DISA's whole STIG and the checklist's metadata:
# --stig on DISA's V2R2 XCCDF gives every VULN of it in DISA's order, the
# Not_Reviewed ones field for field DISA's text (checklist_fields.py reads
# DISA's XCCDF on its own); --merge into an officer's checklist (the real
# stig_parser sample in tests/data, given comments and overrides, and a
# CKLB) changes nothing but the two rules' STATUS and FINDING_DETAILS, and
# refuses a checklist of another STIG or release, leaving it untouched;
# the asset fields (role, technology area, comment, web or database,
# marking, FQDN, address and MAC) and DISA's file names.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || must_run "python3 is not installed"

DS=$SRC/output/scapforge-docker-stig-ds.xml
STIG=$SRC/rules/disa/U_Docker_Enterprise_2-x_Linux-Unix_STIG_V2R2_Manual-xccdf.xml
OFFICER=$SRC/tests/data/checklists/stig_parser-docker-v1r1-officer.ckl
FIELDS=$SRC/tests/e2e/checklist_fields.py
NAME=Docker_Enterprise_2-x_Linux-UNIX_STIG
PID_ID=SV-235784r960804_rule
IPC_ID=SV-235785r960804_rule
cd "$WORK" || exit 1

# python3 checklist_fields.py ARGS... as checks (see there).
expect_fields() {
	local desc=$1 line what detail
	shift
	while IFS='|' read -r line what detail; do
		if [ "$line" = ok ]; then ok "$desc: $what"; else
			not_ok "$desc: $what" "$detail"; fi
	done < <(python3 "$FIELDS" "$@" 2>&1 || echo "fail|python failed|")
}
# run ARGS...: scapforge, its exit status in RC, stdout in OUT, stderr in ERR.
run() {
	OUT=$("$SF" "$@" 2>"$WORK/stderr")
	RC=$?
	ERR=$(cat "$WORK/stderr")
}
# scan EVIDENCE ARF [ARGS...]: a scan of saved evidence, quietly.
scan() {
	local ev=$1 arf=$2
	shift 2
	run scan --quiet --datastream "$DS" --evidence "$ev" --arf "$arf" \
		--evidence-out "$WORK/evidence.json" "$@"
}
# status CKL RULE_ID: the STATUS of the rule's VULN.
status() {
	xpath "$1" "string(//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_ID']/ATTRIBUTE_DATA='$2']/STATUS)"
}
# asset CKL: the ASSET's elements, NAME=VALUE, in their order.
asset() {
	python3 -c 'import sys, xml.etree.ElementTree as ET
print("|".join("%s=%s" % (e.tag, e.text or "") for e in ET.parse(sys.argv[1]).getroot().find("ASSET")))' "$1"
}
# target CKLB: its target_data as KEY=VALUE, in order.
target() {
	python3 -c 'import json, sys
print("|".join("%s=%s" % kv for kv in json.load(open(sys.argv[1]))["target_data"].items()))' "$1"
}

# The example evidence without its marks of the bundled example: saved
# evidence of no named host, with a container at fault for each rule.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c in d: c.pop("Scapforge", None)
json.dump(d, open(sys.argv[2], "w"), indent=1)' "$SRC/rules/examples/docker-inspect.json" plain.json
echo '[]' >none.json

# ---- DISA's whole STIG ----
scan plain.json arf.xml --target-name db01
run checklist arf.xml --stig "$STIG" --ckl stig.ckl --cklb stig.cklb
expect_eq "--stig: exit status and what it says" \
	"0 checklist: stig.ckl (CKL)
checklist: stig.cklb (CKLB)" "$RC $OUT"
want=$(python3 -c 'import sys, xml.etree.ElementTree as ET
ids = [r.get("id") for r in ET.parse(sys.argv[1]).getroot().iter("{http://checklists.nist.gov/xccdf/1.1}Rule")]
print(" ".join("Open" if i in sys.argv[2:] else "Not_Reviewed" for i in ids))' "$STIG" "$PID_ID" "$IPC_ID")
expect_eq "DISA's V2R2 XCCDF has 101 rules" 101 "$(wc -w <<<"$want")"
# shellcheck disable=SC2086 # one status a word
expect_fields "--stig V2R2" disa "$STIG" stig.ckl stig.cklb $want
expect_eq "--stig: the STIG's information is DISA's" \
	"2|Release: 2 Benchmark Date: 24 Jul 2024|U_Docker_Enterprise_2-x_Linux-Unix_STIG_V2R2_Manual-xccdf.xml|terms-of-use|$NAME" \
	"$(for n in version releaseinfo filename notice stigid; do printf '%s\n' "$(xpath stig.ckl "string(//SI_DATA[SID_NAME='$n']/SID_DATA)")"; done | paste -sd'|')"
expect_true "--stig: the automated rules name their offender" \
	grep -qF -- "- metrics-agent (208d9902eff6, image example/metrics-agent:2.1): HostConfig.PidMode is host" stig.ckl
scan plain.json arf-scan.xml --target-name db01 --stig "$STIG" --ckl scan.ckl
expect_eq "scan --stig: exit 2, 101 VULNs, 2 Open" "2 101 2" \
	"$RC $(xpath scan.ckl 'count(//VULN)') $(xpath scan.ckl "count(//VULN[STATUS='Open'])")"
sed 's/>Release: 2 Benchmark/>Release: 1 Benchmark/' "$STIG" >v2r1-xccdf.xml
run checklist arf.xml --stig v2r1-xccdf.xml --ckl v1.ckl
expect_eq "--stig of another release: refused, nothing written" \
	"1 scapforge: 'v2r1-xccdf.xml' is DISA's $NAME V2R1, but the results are of $NAME V2R2: give the XCCDF of the STIG and release that was scanned|absent" \
	"$RC $ERR|$([ -e v1.ckl ] && echo there || echo absent)"
run checklist arf.xml --stig "$DS" --ckl ds.ckl
expect_eq "--stig of what is not DISA's XCCDF: refused" \
	"1 scapforge: '$DS' is not DISA's XCCDF of a STIG: its root element is 'data-stream-collection', not 'Benchmark'" \
	"$RC $ERR"

# ---- merging into the officer's CKL (the real sample, V1R1) ----
"$SF" build --rules "$SRC/rules" --out v1 --release V1R1 >/dev/null ||
	not_ok "build the V1R1 content"
scan plain.json arf-v1.xml --datastream v1/scapforge-docker-stig-ds.xml --target-name Test_Host
run checklist arf-v1.xml --ckl fresh-v1.ckl
OFFICER_SUM=$(sha256sum <"$OFFICER")
cp "$OFFICER" officer.ckl
run checklist arf-v1.xml --merge officer.ckl
expect_eq "--merge into a CKL: exit status and what it says" \
	"0 checklist: officer.ckl (merged)" "$RC $OUT"
expect_fields "--merge V1R1 CKL" merged-ckl "$OFFICER" officer.ckl fresh-v1.ckl \
	SV-104739r2_rule SV-104741r2_rule
expect_eq "--merge: the rules' statuses are the results" "Open Open" \
	"$(status officer.ckl SV-104739r2_rule) $(status officer.ckl SV-104741r2_rule)"
run checklist arf-v1.xml --merge "$OFFICER" --ckl "$WORK/elsewhere.ckl"
expect_eq "--merge with --ckl: written there, the officer's file untouched" \
	"0 same same" "$RC $(cmp -s elsewhere.ckl officer.ckl && echo same) $([ "$(sha256sum <"$OFFICER")" = "$OFFICER_SUM" ] && echo same)"
chmod 640 officer.ckl
run checklist arf-v1.xml --merge officer.ckl
expect_eq "--merge in place keeps the file's permissions" "0 640" "$RC $(stat -c %a officer.ckl)"

# Another release, another STIG: refused, the file untouched.
cp "$OFFICER" v1r1.ckl
before=$(sha256sum v1r1.ckl)
run checklist arf.xml --merge v1r1.ckl
expect_eq "--merge into a checklist of another release: refused" \
	"1 scapforge: 'v1r1.ckl' is a checklist of $NAME V1R1, not of $NAME V2R2, the STIG and release of the results; nothing was merged|$before" \
	"$RC $ERR|$(sha256sum v1r1.ckl)"
# Another host: refused, the file untouched; its FQDN or another case
# of its name is the same host; --any-host merges all the same.
scan plain.json arf-other.xml --datastream v1/scapforge-docker-stig-ds.xml --target-name db01
cp "$OFFICER" host.ckl
before=$(sha256sum host.ckl)
run checklist arf-other.xml --merge host.ckl
expect_eq "--merge into the checklist of another host: refused" \
	"1 scapforge: 'host.ckl' is the checklist of the host 'Test_Host', not of 'db01', the target of the results; nothing was merged (--any-host merges them all the same)|$before" \
	"$RC $ERR|$(sha256sum host.ckl)"
run checklist arf-other.xml --merge host.ckl --any-host
expect_eq "--merge --any-host: merged" "0 checklist: host.ckl (merged) Open" \
	"$RC $OUT $(status host.ckl SV-104739r2_rule)"
scan plain.json arf-fqdn.xml --datastream v1/scapforge-docker-stig-ds.xml --target-name TEST_HOST.example.mil
cp "$OFFICER" fqdn.ckl
run checklist arf-fqdn.xml --merge fqdn.ckl
expect_eq "--merge: the short name of the target's FQDN, in another case, is its host" \
	"0 checklist: fqdn.ckl (merged)" "$RC $OUT"
sed "s/<SID_DATA>$NAME</<SID_DATA>Red_Hat_Enterprise_Linux_9_STIG</" "$OFFICER" >rhel.ckl
before=$(sha256sum rhel.ckl)
run checklist arf-v1.xml --merge rhel.ckl
expect_eq "--merge into a checklist of another STIG: refused" \
	"1 scapforge: 'rhel.ckl' is a checklist of Red_Hat_Enterprise_Linux_9_STIG V1R1, not of $NAME V1R1, the STIG and release of the results; nothing was merged|$before" \
	"$RC $ERR|$(sha256sum rhel.ckl)"
grep -v 'SV-104741r2_rule' "$OFFICER" >missing.ckl
run checklist arf-v1.xml --merge missing.ckl
expect_eq "--merge into a checklist without one of the rules: refused" \
	"1 scapforge: 'missing.ckl' has no VULN of the rule SV-104741r2_rule (DKER-EE-001250) to fill in; nothing was merged" \
	"$RC $ERR"
run checklist arf-v1.xml --merge officer.ckl --role Workstation
expect_eq "--merge with an asset option: refused (the asset is the officer's)" \
	"1 scapforge: --merge keeps the checklist's own asset, marking and rules: --stig, --role, --tech-area, --target-comment, --web-or-database, --web-db-site, --web-db-instance and --marking are for new checklists" \
	"$RC $ERR"

# ---- merging into a V2R2 CKL and CKLB, the officer's own layout ----
python3 - stig.ckl stig.cklb officer2.ckl officer2.cklb "$PID_ID" "$IPC_ID" <<'PY'
import json, re, sys
ckl, cklb, out_ckl, out_cklb, pid, ipc = sys.argv[1:]
s = open(ckl, encoding="utf-8").read()
# comments, overrides and statuses on other rules and on the two
parts = s.split("<VULN>")
for i, p in enumerate(parts):
    if "<ATTRIBUTE_DATA>V-235775</ATTRIBUTE_DATA>" in p or pid in p or ipc in p:
        p = re.sub(r"<COMMENTS>[^<]*</COMMENTS>", "<COMMENTS>officer: see POA&amp;M 12 \u2013 \u00e9t\u00e9</COMMENTS>", p)
        p = p.replace("<SEVERITY_OVERRIDE></SEVERITY_OVERRIDE>", "<SEVERITY_OVERRIDE>low</SEVERITY_OVERRIDE>")
        p = p.replace("<SEVERITY_JUSTIFICATION></SEVERITY_JUSTIFICATION>", "<SEVERITY_JUSTIFICATION>isolated enclave</SEVERITY_JUSTIFICATION>")
        parts[i] = p
open(out_ckl, "w", encoding="utf-8").write("<VULN>".join(parts))
d = json.load(open(cklb, encoding="utf-8"))
for r in d["stigs"][0]["rules"]:
    if r["group_id"] == "V-235776" or r["rule_id_src"] in (pid, ipc):
        r["comments"] = "officer: reviewed \u2013 \"ok\" \\ done"
        r["overrides"] = {"severity": {"severity": "low", "reason": "isolated enclave"}}
        r["status"] = "not_applicable"
        r["finding_details"] = "an old note\nover two lines"
d["target_data"]["comments"] = "rack 4"
json.dump(d, open(out_cklb, "w", encoding="utf-8"), indent="\t", ensure_ascii=False)
PY
scan none.json arf-pass.xml --target-name db01
run checklist arf-pass.xml --ckl fresh-pass.ckl --cklb fresh-pass.cklb
cp officer2.ckl merged2.ckl
cp officer2.cklb merged2.cklb
run checklist arf-pass.xml --merge merged2.ckl
expect_eq "--merge V2R2 CKL: exit status" 0 "$RC"
expect_fields "--merge V2R2 CKL" merged-ckl officer2.ckl merged2.ckl fresh-pass.ckl "$PID_ID" "$IPC_ID"
run checklist arf-pass.xml --merge merged2.cklb
expect_eq "--merge V2R2 CKLB: exit status and what it says" \
	"0 checklist: merged2.cklb (merged)" "$RC $OUT"
expect_fields "--merge V2R2 CKLB" merged-cklb officer2.cklb merged2.cklb fresh-pass.cklb "$PID_ID" "$IPC_ID"
sed 's/"release_info": "Release: 2 /"release_info": "Release: 1 /' officer2.cklb >r1.cklb
before=$(sha256sum r1.cklb)
run checklist arf-pass.xml --merge r1.cklb
expect_eq "--merge into a CKLB of another release: refused, untouched" \
	"1 scapforge: 'r1.cklb' is a checklist of $NAME V2R1, not of $NAME V2R2, the STIG and release of the results; nothing was merged|$before" \
	"$RC $ERR|$(sha256sum r1.cklb)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["target_data"]["host_name"]="db02"; json.dump(d, open(sys.argv[2], "w"))' officer2.cklb host.cklb
before=$(sha256sum host.cklb)
run checklist arf-pass.xml --merge host.cklb
expect_eq "--merge into the CKLB of another host: refused, untouched" \
	"1 scapforge: 'host.cklb' is the checklist of the host 'db02', not of 'db01', the target of the results; nothing was merged (--any-host merges them all the same)|$before" \
	"$RC $ERR|$(sha256sum host.cklb)"
printf '{"stigs": [' >broken.cklb
run checklist arf-pass.xml --merge broken.cklb
expect_eq "--merge into a CKLB that is not JSON: refused" \
	"1 scapforge: 'broken.cklb' is not JSON: the text ends where a value should be at line 1, column 12" \
	"$RC $ERR"

# ---- the bundled example: no host's results ----
scan "$SRC/rules/examples/docker-inspect.json" arf-example.xml
run checklist arf-example.xml --stig "$STIG" --ckl ex.ckl --cklb ex.cklb
LINE="These results are of scapforge's bundled example evidence, not of any host."
expect_eq "example: HOST_NAME example, no address, MAC or FQDN" \
	"example||||example|||" \
	"$(for e in HOST_NAME HOST_IP HOST_MAC HOST_FQDN; do printf '%s\n' "$(xpath ex.ckl "string(//$e)")"; done | paste -sd'|')|$(target ex.cklb | tr '|' '\n' | grep -E '^(host_name|ip_address|mac_address|fqdn)=' | cut -d= -f2 | paste -sd'|')"
expect_eq "example: every status Not_Reviewed, every finding detail opens with the warning" \
	"101 101 101 101" \
	"$(xpath ex.ckl "count(//VULN[STATUS='Not_Reviewed'])") $(python3 -c 'import sys, xml.etree.ElementTree as ET
print(sum((v.findtext("FINDING_DETAILS") or "").split("\n")[0] == sys.argv[2] for v in ET.parse(sys.argv[1]).getroot().iter("VULN")))' ex.ckl "$LINE") $(python3 -c 'import json, sys
rs = json.load(open(sys.argv[1]))["stigs"][0]["rules"]
print(sum(r["status"] == "not_reviewed" for r in rs), sum(r["finding_details"].split("\n")[0] == sys.argv[2] for r in rs))' ex.cklb "$LINE")"
cp "$OFFICER" ex-officer.ckl
run checklist arf-example.xml --merge ex-officer.ckl
expect_eq "example: not merged into an officer's checklist" \
	"1 scapforge: the results are of scapforge's bundled example evidence, not of a host: they are not merged into 'ex-officer.ckl'|same" \
	"$RC $ERR|$(cmp -s "$OFFICER" ex-officer.ckl && echo same)"

# ---- the asset ----
scan plain.json arf-host.xml --target-name db01 --target-fqdn db01.example.mil \
	--target-ip fd00::7 --target-ip 198.51.100.7 \
	--target-mac 02:42:ac:11:00:08 --target-mac 02:42:ac:11:00:07 --marking CUI \
	--role "Member Server" --tech-area "UNIX OS" --target-comment "rack 4 <east>" \
	--web-or-database --web-db-site "https://db01/" --web-db-instance pg16 \
	--ckl "$WORK/out/" --cklb "$WORK/out/"
F=db01_${NAME}_V2R2
expect_eq "scan --ckl DIR/ --cklb DIR/: DISA's file names" "2 $F.ckl $F.cklb" \
	"$RC $(find out -mindepth 1 -printf '%f\n' | sort | paste -sd' ')"
run scan --datastream "$DS" --evidence plain.json --arf arf-host2.xml \
	--evidence-out "$WORK/evidence.json" --target-name db01 --ckl "$WORK/out2/" --cklb "$WORK/out2/"
expect_eq "scan --ckl DIR/: the terminal names the files written" \
	"2|report: $WORK/out2/$F.ckl (STIG Viewer checklist, CKL)|report: $WORK/out2/$F.cklb (STIG Viewer checklist, CKLB)" \
	"$RC|$(grep '(STIG Viewer checklist' <<<"$OUT" | paste -sd'|')"
expect_eq "CKL ASSET: the fields in STIG Viewer's order, the primary address and its MAC, the marking" \
	"ROLE=Member Server|ASSET_TYPE=Computing|MARKING=CUI|HOST_NAME=db01|HOST_IP=fd00::7|HOST_MAC=02:42:AC:11:00:08|HOST_FQDN=db01.example.mil|TARGET_COMMENT=rack 4 <east>|TECH_AREA=UNIX OS|TARGET_KEY=5281|WEB_OR_DATABASE=true|WEB_DB_SITE=https://db01/|WEB_DB_INSTANCE=pg16" \
	"$(asset "out/$F.ckl")"
expect_eq "CKLB target_data: the same, the marking as classification" \
	"target_type=Computing|host_name=db01|ip_address=fd00::7|mac_address=02:42:AC:11:00:08|fqdn=db01.example.mil|comments=rack 4 <east>|role=Member Server|is_web_database=True|technology_area=UNIX OS|web_db_site=https://db01/|web_db_instance=pg16|classification=CUI" \
	"$(target "out/$F.cklb")"
run checklist arf-host.xml --marking "" --ckl nomark.ckl --cklb nomark.cklb
expect_eq "checklist --marking '': no MARKING, classification null, role None by default" \
	"0 0|None|None" \
	"$RC $(xpath nomark.ckl 'count(//MARKING)')|$(xpath nomark.ckl 'string(//ROLE)')|$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target_data"]["classification"])' nomark.cklb)"
run checklist arf-host.xml --marking "CUI//SP-PRVCY" --ckl mark.ckl
expect_eq "checklist --marking overrides the scan's" "0 CUI//SP-PRVCY" "$RC $(xpath mark.ckl 'string(//MARKING)')"

# An FQDN that is no dotted name and a loopback address never reach the
# checklist (SAF refuses them), whatever the ARF holds.
python3 - arf-host.xml arf-odd.xml <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'(<fact name="[^"]*fqdn" type="string">)[^<]*', r'\1db01', s)
s = re.sub(r' fqdn="[^"]*"', ' fqdn="db01"', s)
s = s.replace("<target-address>fd00::7</target-address>",
              "<target-address>127.0.0.1</target-address><target-address>fd00::7</target-address>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run checklist arf-odd.xml --ckl odd.ckl --cklb odd.cklb
expect_eq "FQDN 'db01' and a loopback address: HOST_FQDN empty, HOST_IP the primary" \
	"0 |fd00::7|" \
	"$RC $(xpath odd.ckl 'string(//HOST_FQDN)')|$(xpath odd.ckl 'string(//HOST_IP)')|$(target odd.cklb | tr '|' '\n' | grep '^fqdn=' | cut -d= -f2)"

# Options refused before anything is read or written.
run checklist arf.xml --ckl r.ckl --role Boss
expect_eq "an unknown role: refused" \
	"1 scapforge: the role 'Boss' is not one of STIG Viewer's: None, Workstation, Member Server, Domain Controller|absent" \
	"$RC $ERR|$([ -e r.ckl ] && echo there || echo absent)"
scan plain.json arf-r.xml --web-db-site x --ckl r.ckl
expect_eq "scan: a site without --web-or-database, refused before the scan" \
	"1 scapforge: a web or database site or instance needs --web-or-database|absent" \
	"$RC $ERR|$([ -e arf-r.xml ] && echo there || echo absent)"
scan plain.json arf-r.xml --stig "$WORK/no-such-stig.xml" --ckl r.ckl
expect_eq "scan: a --stig that cannot be read, refused before the scan" \
	"1 scapforge: cannot read DISA's XCCDF '$WORK/no-such-stig.xml': No such file or directory|absent" \
	"$RC $ERR|$([ -e arf-r.xml ] && echo there || echo absent)"
finish
