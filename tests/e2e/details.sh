#!/usr/bin/env bash
# The finding details of a large host: every offender in full, the
# compliant containers listed up to 100 a rule and counted beyond, as
# DISA's manual check prints them; the same in the CKL and the CKLB, and
# the ARF's groups say the same counts.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }

# 300 containers: 3 with --pid=host, 281 with the default, 16 private;
# one with a shareable IPC namespace
python3 - "$WORK/big.json" <<'PY'
import json, sys
out = []
for i in range(300):
    pid = "host" if i in (7, 150, 299) else ("" if i < 283 else "private")
    out.append({"Id": "%064x" % (i + 1), "Name": "/app-%03d" % i,
                "Config": {"Image": "img:%d" % (i % 3)},
                "HostConfig": {"PidMode": pid, "IpcMode": "shareable" if i == 5 else "private"}})
json.dump(out, open(sys.argv[1], "w"))
PY
(cd "$WORK" && "$SF" scan --datastream "$DS" --evidence big.json --target-name big01 \
	--evidence-out ev.json --arf arf.xml --ckl c.ckl --cklb c.cklb >out 2>err)
expect_eq "the scan fails DKER-EE-001240" 2 $?

fd() { xpath "$WORK/c.ckl" "string(//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver'][ATTRIBUTE_DATA='$1']]/FINDING_DETAILS)"; }
PID=$(fd DKER-EE-001240)
IPC=$(fd DKER-EE-001250)
expect_eq "001240: the heading counts every assessed container" 1 \
	"$(grep -c "^DISA's check on the evidence (docker inspect --format '{{ .Id }}: PidMode={{ .HostConfig.PidMode }}'), 300 assessed containers:$" <<<"$PID")"
expect_eq "001240: the offenders first, in full, marked" \
	"$(printf '%064x: PidMode=host (app-007; a finding)|%064x: PidMode=host (app-150; a finding)|%064x: PidMode=host (app-299; a finding)' 8 151 300)" \
	"$(grep -A3 "^DISA's check" <<<"$PID" | sed 1d | paste -sd'|')"
expect_eq "001240: 100 compliant containers listed in all" 100 \
	"$(grep -c ': PidMode=\(private\)\? (app-[0-9]*)$' <<<"$PID")"
expect_eq "001240: the rest counted by value" \
	"... and 181 more with PidMode=, not listed|... and 16 more with PidMode=private, not listed" \
	"$(grep '^\.\.\. and' <<<"$PID" | paste -sd'|')"
expect_eq "001240: the cap is said" 1 \
	"$(grep -c '^(The compliant containers are listed up to 100 a rule; the ARF names every one by its value.)$' <<<"$PID")"
expect_eq "001240: every offender in the list at fault" 3 \
	"$(grep -c '^- app-\(007\|150\|299\) (' <<<"$PID")"
expect_eq "001250: the shareable one is listed first, beyond the cap, and why it passes" 1 \
	"$(grep -A1 "^DISA's check" <<<"$IPC" | grep -c "^$(printf '%064x' 6): IpcMode=shareable (app-005; a finding by DISA's check text, not by this profile's ipc_shareable_is_finding)$")"
expect_eq "001250: and 100 more listed" 100 "$(grep -c ': IpcMode=private (app-[0-9]*)$' <<<"$IPC")"
expect_eq "the ARF's groups: value, count, listed" \
	"host 3 3| 281 100|private 16 0" \
	"$(xpath "$WORK/arf.xml" "concat(//*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][1]/@value, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][1]/@count, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][1]/@listed, '|', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][2]/@value, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][2]/@count, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][2]/@listed, '|', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][3]/@value, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][3]/@count, ' ', //*[local-name()='rule-result'][@version='DKER-EE-001240']//*[local-name()='assessed'][3]/@listed)")"
expect_eq "the CKLB's finding details are the CKL's" same \
	"$(python3 - "$WORK/c.cklb" "$PID" <<'PY'
import json, sys
rules = json.load(open(sys.argv[1]))["stigs"][0]["rules"]
r = [r for r in rules if r["rule_version"] == "DKER-EE-001240"][0]
print("same" if r["finding_details"] == sys.argv[2] else "differ")
PY
)"
expect_eq "the comments: one line on each finding, for STIG Manager" \
	"1|Automated check by scapforge $("$SF" --version | awk '{print $2}'): fail, 3 offenders among 300 assessed containers" \
	"$(xpath "$WORK/c.ckl" "concat(count(//COMMENTS[. != '']), '|', substring-before(//VULN[STIG_DATA[VULN_ATTRIBUTE = 'Rule_Ver']/ATTRIBUTE_DATA = 'DKER-EE-001240']/COMMENTS, ' (evidence'))")"
finish
