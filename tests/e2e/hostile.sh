#!/usr/bin/env bash
# Hostile and odd evidence: what Docker itself would read differently
# (keys in another case, twice, values of another type), what only YAML
# accepts, containers that join others' namespaces (chains, a donor the
# exclusion leaves out, a donor missing, cycles, podman's ns: paths) and
# containers without the fields. Each case has an exact diagnostic or
# exact verdicts with every offender named, with what made it one, in
# the ARF, the JSON summary, the checklists, the HTML report and on the
# terminal; OpenSCAP on the evidence scapforge writes gives the same
# verdicts, and on the raw file never passes what scapforge does not.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

oscap_setup
E=$WORK/evidence
R=$WORK/results
mkdir -p "$E" "$R"

# sf FILE: scapforge scans FILE (DISA's exclusion in force), writing
# every report; sets SF_RC, SF_OUT, SF_ERR, SF_PID, SF_IPC.
sf() {
	rm -rf "$R" && mkdir -p "$R"
	SF_OUT=$("$SF" scan --datastream "$DS" --evidence "$1" \
		--evidence-out "$R/evidence.json" --arf "$R/arf.xml" --json "$R/summary.json" \
		--html "$R/report.html" --ckl "$R/checklist.ckl" --cklb "$R/checklist.cklb" \
		2>"$WORK/sf.err")
	SF_RC=$?
	SF_ERR=$(cat "$WORK/sf.err")
	SF_PID=$(printf '%s\n' "$SF_OUT" | awk '$2 == "DKER-EE-001240" {print $1}')
	SF_IPC=$(printf '%s\n' "$SF_OUT" | awk '$2 == "DKER-EE-001250" {print $1}')
}

# refused NAME FILE MESSAGE OSCAP: scapforge refuses FILE with exactly
# MESSAGE (exit 1, nothing written); OSCAP is what OpenSCAP gives on it.
refused() {
	sf "$2"
	expect_eq "$1: scapforge refuses it" "1|scapforge: $3" "$SF_RC|$SF_ERR"
	expect_eq "$1: no results written" "" "$(ls -A "$R")"
	evaluate "$2"
	expect_eq "$1: OpenSCAP on the raw file" "$4" "$PID/$IPC"
}

# messages RULE: the ARF's messages about offenders of RULE, joined by |.
messages() {
	xpath "$R/arf.xml" "//*[local-name()='rule-result'][@idref='$1'][*[local-name()='result']='fail']/*[local-name()='message'][@severity='info']" |
		sed -e 's/<message[^>]*>//g' -e 's/<\/message>/\n/g' | sed '/^$/d' | paste -sd'|'
}

# verdicts NAME FILE PID IPC PID_MESSAGES IPC_MESSAGES: scapforge's
# verdicts and the offenders' messages in the ARF (each "container NAME
# (ID12, image IMAGE): FIELD is WHAT", joined by |); the same details in
# the JSON summary, the CKL, the CKLB, the HTML and on the terminal;
# OpenSCAP agrees on the evidence scapforge wrote and does not pass the
# raw file where scapforge does not.
verdicts() {
	local name=$1 file=$2 want_rc=0 m line detail
	[ "$3/$4" = pass/pass ] || want_rc=2
	sf "$file"
	expect_eq "$name: scapforge's verdicts" "$3/$4 exit $want_rc" "$SF_PID/$SF_IPC exit $SF_RC"
	expect_eq "$name: the ARF names the offenders (DKER-EE-001240)" "$5" "$(messages "$PID_RULE")"
	expect_eq "$name: the ARF names the offenders (DKER-EE-001250)" "$6" "$(messages "$IPC_RULE")"
	expect_eq "$name: the JSON summary says what the ARF says" agree \
		"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$R/summary.json" "$R/arf.xml" "$SF_RC" 2>&1)"
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		# "container web (aaaa, image x): HostConfig.PidMode is WHAT"
		detail=${line#container }
		expect_eq "$name: the CKL finding details hold '$detail'" 1 \
			"$(grep -cF -- "- $detail" "$R/checklist.ckl" | awk '{print ($1 > 0)}')"
		expect_eq "$name: the CKLB finding details hold '$detail'" 1 \
			"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(int(any(sys.argv[2] in r["finding_details"] for s in d["stigs"] for r in s["rules"])))' \
				"$R/checklist.cklb" "- $detail")"
		expect_eq "$name: the HTML report shows '${line#*: }'" 1 \
			"$(python3 -c 'import html,sys; t=html.unescape(open(sys.argv[1]).read()); print(int(sys.argv[2] in t.replace(" = ", " is ")))' \
				"$R/report.html" "${line#*: }")"
		expect_eq "$name: the terminal names '${detail%% (*}'" 1 \
			"$(printf '%s\n' "$SF_OUT" | grep -c -- "${detail%% (*} (" | awk '{print ($1 > 0)}')"
	done <<<"$(printf '%s\n%s\n' "$5" "$6" | tr '|' '\n')"
	evaluate "$R/evidence.json"
	expect_eq "$name: OpenSCAP agrees on scapforge's evidence" "$3/$4" "$PID/$IPC"
	evaluate "$file"
	[ "$PID" = pass ] && [ "$3" != pass ] && not_ok "$name: OpenSCAP passes DKER-EE-001240 on the raw file"
	[ "$IPC" = pass ] && [ "$4" != pass ] && not_ok "$name: OpenSCAP passes DKER-EE-001250 on the raw file"
	ok "$name: OpenSCAP does not pass the raw file where scapforge does not ($PID/$IPC)"
}

# c ID NAME PIDMODE IPCMODE [IMAGE]: one container, as docker inspect
# prints it (shortened).
c() {
	printf '{"Id": "%s", "Name": "/%s", "Config": {"Image": "%s", "Env": ["TOKEN=abc"]}, "HostConfig": {"PidMode": "%s", "IpcMode": "%s"}}' \
		"$1" "$2" "${5:-busybox}" "$3" "$4"
}
I1=1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa
I2=2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb
I3=3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc
I4=4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd

## Docker's own reading: keys in another case, twice, of another type.
printf '[{"Id": "%s", "Name": "/web",\n  "HostConfig": {"PidMode": "", "pidmode": "host", "IpcMode": ""}}]\n' \
	"$I1" >"$E/shadow-key.json"
refused "a key in another case" "$E/shadow-key.json" \
	"container 1 of evidence '$E/shadow-key.json' (line 1): the key 'pidmode' at line 2, column 33 is another spelling of 'PidMode', which Docker reads as the same key" \
	pass/pass
printf '[{"Id": "%s", "HostConfig": {"PidMode": "", "IpcMode": ""},\n  "hostconfig": {"PidMode": "host", "IpcMode": "host"}}]\n' \
	"$I1" >"$E/shadow-object.json"
refused "a second HostConfig in another case" "$E/shadow-object.json" \
	"container 1 of evidence '$E/shadow-object.json' (line 1): the key 'hostconfig' at line 2, column 3 is another spelling of 'HostConfig', which Docker reads as the same key" \
	pass/pass
printf '[{"Id": "%s", "HostConfig": {"PidMode": "", "IpcMode": "", "PidMode": "host"}}]\n' \
	"$I1" >"$E/duplicate-key.json"
refused "a key twice" "$E/duplicate-key.json" \
	"container 1 of evidence '$E/duplicate-key.json' (line 1): the key 'PidMode' appears twice (again at line 1, column 122), and Docker reads only the last" \
	fail/pass
printf '[{"Id": "%s", "HostConfig": {"PidMode": "host", "IpcMode": "host"},\n  "HostConfig": {"PidMode": "", "IpcMode": ""}}]\n' \
	"$I1" >"$E/duplicate-object.json"
refused "HostConfig twice" "$E/duplicate-object.json" \
	"container 1 of evidence '$E/duplicate-object.json' (line 1): the key 'HostConfig' appears twice (again at line 2, column 3), and Docker reads only the last" \
	fail/fail
# (OpenSCAP's verdict is recorded: its YAML reading does not know
# Docker's types, and passes 1, true and null)
for t in '1|a number|pass' 'true|a boolean|pass' 'null|null|pass' \
	'["host"]|an array|fail' '{"a": "host"}|an object|error'; do
	IFS='|' read -r value kind raw <<<"$t"
	printf '[{"Id": "%s", "HostConfig": {"PidMode": %s, "IpcMode": ""}}]\n' "$I1" "$value" >"$E/type.json"
	refused "PidMode $value" "$E/type.json" \
		"container 1 of evidence '$E/type.json' (line 1): 'HostConfig.PidMode' at line 1, column 103 is $kind, where Docker writes a string" \
		"$raw/pass"
done

## What only YAML accepts.
printf -- '- Id: %s\n  HostConfig:\n    PidMode: host\n' "$I1" >"$E/yaml-block.json"
refused "a YAML block sequence" "$E/yaml-block.json" \
	"malformed evidence '$E/yaml-block.json': a YAML block sequence ('- ') where a value was expected at line 1, column 1" \
	fail/fail
printf '[ # the first container\n  %s]\n' "$(c "$I1" web "" "")" >"$E/yaml-comment.json"
refused "a comment" "$E/yaml-comment.json" \
	"malformed evidence '$E/yaml-comment.json': a comment ('#'), which JSON does not have where a value was expected at line 1, column 3" \
	pass/pass
printf '[{"Id": "%s", "HostConfig": {"PidMode": !!binary aG9zdA==, "IpcMode": ""}}]\n' "$I1" >"$E/yaml-tag.json"
refused "a YAML tag" "$E/yaml-tag.json" \
	"malformed evidence '$E/yaml-tag.json': a YAML tag ('!') where a value was expected at line 1, column 103" \
	pass/pass
printf '[{"Id": "%s", "HostConfig": &hc {"PidMode": "", "IpcMode": ""}},\n {"Id": "%s", "HostConfig": *hc}]\n' \
	"$I1" "$I2" >"$E/yaml-anchor.json"
refused "a YAML anchor and alias" "$E/yaml-anchor.json" \
	"malformed evidence '$E/yaml-anchor.json': a YAML anchor ('&') where a value was expected at line 1, column 91" \
	fail/fail
printf '[%s]\n---\n[%s]\n' "$(c "$I1" web "" "")" "$(c "$I2" db host host)" >"$E/yaml-documents.json"
refused "several YAML documents" "$E/yaml-documents.json" \
	"malformed evidence '$E/yaml-documents.json': a YAML document marker ('---') where the end of the input was expected at line 2, column 1" \
	fail/fail
printf '%%YAML 1.2\n---\n[%s]\n' "$(c "$I1" web "" "")" >"$E/yaml-directive.json"
refused "a YAML directive" "$E/yaml-directive.json" \
	"malformed evidence '$E/yaml-directive.json': a YAML directive ('%') where a value was expected at line 1, column 1" \
	fail/fail
printf "[{'Id': '%s', 'HostConfig': {'PidMode': '', 'IpcMode': ''}}]\n" "$I1" >"$E/yaml-quotes.json"
refused "single-quoted strings" "$E/yaml-quotes.json" \
	"malformed evidence '$E/yaml-quotes.json': a single-quoted string, which JSON does not have where a key in double quotes was expected at line 1, column 3" \
	pass/pass

## Namespaces joined, as Docker resolves them.
printf '[%s,\n %s,\n %s]\n' "$(c "$I1" web "container:ops-debug" "" nginx:1)" \
	"$(c "$I2" ops-debug "container:$I3" "")" "$(c "$I3" root-shell host "")" >"$E/chain.json"
verdicts "a chain container: -> container: -> host" "$E/chain.json" fail pass \
	"container web (${I1:0:12}, image nginx:1): HostConfig.PidMode is container:ops-debug, which is container:$I3, which is host|container ops-debug (${I2:0:12}, image busybox): HostConfig.PidMode is container:$I3, which is host|container root-shell (${I3:0:12}, image busybox): HostConfig.PidMode is host" \
	""
printf '[%s,\n %s]\n' "$(c "$I1" web "container:ucp-agent" "container:ucp-agent")" \
	"$(c "$I2" ucp-agent host shareable docker/ucp-agent:3.2)" >"$E/excluded-donor.json"
verdicts "a joiner to an excluded donor in host mode" "$E/excluded-donor.json" fail pass \
	"container web (${I1:0:12}, image busybox): HostConfig.PidMode is container:ucp-agent, which is host" ""
expect_eq "the excluded donor is listed as excluded, and as a finding it would be" \
	"excluded: ucp-agent (${I2:0:12}): name 'ucp-agent'; would be a finding of DKER-EE-001240 (HostConfig.PidMode is host)" \
	"$(printf '%s\n' "$SF_OUT" | grep '^excluded:')"
printf '[%s]\n' "$(c "$I1" web "container:gone" "container:${I4:0:6}")" >"$E/missing-donor.json"
verdicts "a donor missing from the evidence" "$E/missing-donor.json" fail fail \
	"container web (${I1:0:12}, image busybox): HostConfig.PidMode is container:gone, which is not in the evidence" \
	"container web (${I1:0:12}, image busybox): HostConfig.IpcMode is container:${I4:0:6}, which is not in the evidence"
printf '[%s,\n %s]\n' "$(c "$I1" a "container:b" "")" "$(c "$I2" b "container:a" "")" >"$E/cycle.json"
refused "a cycle" "$E/cycle.json" \
	"evidence '$E/cycle.json' has containers that join each other's PID namespace in a cycle ('a' -> 'b' -> 'a', HostConfig.PidMode), which no Docker engine can run" \
	fail/pass
printf '[%s,\n %s]\n' "$(c "$I1" podman-top "ns:/proc/1/ns/pid" "ns:/var/run/ipc/ns1")" \
	"$(c "$I2" podman-ok private "container:podman-top")" >"$E/podman-ns.json"
verdicts "podman's ns: paths" "$E/podman-ns.json" fail fail \
	"container podman-top (${I1:0:12}, image busybox): HostConfig.PidMode is ns:/proc/1/ns/pid, which is the host's" \
	"container podman-top (${I1:0:12}, image busybox): HostConfig.IpcMode is ns:/var/run/ipc/ns1, which cannot be decided from the evidence|container podman-ok (${I2:0:12}, image busybox): HostConfig.IpcMode is container:podman-top, which is ns:/var/run/ipc/ns1, which cannot be decided from the evidence"
printf '[%s,\n %s]\n' "$(c "$I1" web "" "")" "$(c "$I2" joins-web "container:web" "container:$I1")" >"$E/joined-ok.json"
verdicts "joiners of a private namespace" "$E/joined-ok.json" pass pass "" ""

## Containers without the fields.
printf '[%s,\n {"Id": "%s", "Name": "/bare", "Config": {"Image": "x"}},\n {"Id": "%s", "Name": "/nopid", "HostConfig": {"IpcMode": "private"}}]\n' \
	"$(c "$I1" web "" "")" "$I2" "$I3" >"$E/missing-fields.json"
verdicts "containers without HostConfig or PidMode" "$E/missing-fields.json" fail fail \
	"container bare (${I2:0:12}, image x): HostConfig.PidMode is missing (the container has no HostConfig)|container nopid (${I3:0:12}, image (none)): HostConfig.PidMode is missing" \
	"container bare (${I2:0:12}, image x): HostConfig.IpcMode is missing (the container has no HostConfig)"

## Linux-only checks on Windows containers.
W1=5555eeee5555eeee5555eeee5555eeee5555eeee5555eeee5555eeee5555eeee
W2=6666ffff6666ffff6666ffff6666ffff6666ffff6666ffff6666ffff6666ffff
windows='{"Id": "%s", "Name": "/%s", "Platform": "windows", "Config": {"Image": "mcr.microsoft.com/windows/nanoserver:ltsc2022"}, "HostConfig": {"Isolation": "process"}}'
# shellcheck disable=SC2059 # the format is ours
printf "[$windows,\n $windows]\n" "$W1" iis "$W2" nano >"$E/windows.json"
sf "$E/windows.json"
expect_eq "only Windows containers: both rules not applicable, exit 0" \
	"notapplicable/notapplicable exit 0" "$SF_PID/$SF_IPC exit $SF_RC"
expect_eq "only Windows containers: each named as not applicable" \
	"evidence: 0 containers assessed, 0 excluded, 2 not applicable|excluded: iis (${W1:0:12}): not applicable: a Windows container (Platform 'windows')|excluded: nano (${W2:0:12}): not applicable: a Windows container (Platform 'windows')" \
	"$(printf '%s\n' "$SF_OUT" | grep -E '^(evidence|excluded):' | sed 's/;.*//' | paste -sd'|')"
expect_eq "only Windows containers: the checklists say Not_Applicable" "2 2" \
	"$(grep -c '<STATUS>Not_Applicable</STATUS>' "$R/checklist.ckl") $(grep -o '"status": *"not_applicable"' "$R/checklist.cklb" | wc -l)"
expect_eq "only Windows containers: the JSON summary agrees with the ARF" agree \
	"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$R/summary.json" "$R/arf.xml" "$SF_RC" 2>&1)"
evaluate "$R/evidence.json"
expect_eq "only Windows containers: OpenSCAP on scapforge's evidence, which holds no Linux container" \
	"pass/pass []" "$PID/$IPC $(tr -d '\n' <"$R/evidence.json")"
# shellcheck disable=SC2059
printf "[$windows,\n %s]\n" "$W1" iis "$(c "$I1" web host "")" >"$E/mixed.json"
verdicts "a Windows container beside a Linux one" "$E/mixed.json" fail pass \
	"container web (${I1:0:12}, image busybox): HostConfig.PidMode is host" ""
expect_eq "the Windows container is not assessed" \
	"evidence: 1 container assessed, 0 excluded, 1 not applicable" \
	"$(printf '%s\n' "$SF_OUT" | grep '^evidence:' | sed 's/;.*//')"

## Secrets stay out of the evidence.
sf "$E/chain.json"
expect_eq "the evidence file is created 0600" 600 "$(stat -c %a "$R/evidence.json")"
expect_eq "environment values are redacted, names kept" "3 0" \
	"$(grep -o '"TOKEN=(redacted by scapforge)"' "$R/evidence.json" | wc -l) $(grep -c 'TOKEN=abc' "$R/evidence.json")"
"$SF" scan --datastream "$DS" --evidence "$E/chain.json" --keep-env \
	--evidence-out "$R/kept.json" --arf "$R/kept-arf.xml" >/dev/null
expect_eq "--keep-env keeps them" 3 "$(grep -o '"TOKEN=abc"' "$R/kept.json" | wc -l)"
finish
