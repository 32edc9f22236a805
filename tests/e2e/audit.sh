#!/usr/bin/env bash
# The Tenable .audit file of scapforge build, run as Nessus runs it: each
# item's cmd, read from the file and unescaped as Tenable reads quoted
# values, goes through sh against a private Docker engine, and its expect
# regex decides (a match passes the item, no match fails it). For several
# sets of containers the verdicts, the containers at fault, the assessed
# and the excluded ones must be those of scapforge scan on the same engine.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || must_run "python3 is missing (it reads the .audit file)"

"$SF" build --rules "$SRC/rules" --out "$WORK/out" >/dev/null || not_ok "build"
AUDIT=$WORK/out/scapforge-docker-stig.audit
DS=$WORK/out/scapforge-docker-stig-ds.xml
ITEMS=$WORK/items
mkdir -p "$ITEMS"

# Reads the .audit file as Tenable does and writes each item's values to
# ITEMS/STIG-ID.KEY; prints one line per item, then "ok" when the file is
# well formed (or what is wrong).
python3 - "$AUDIT" "$ITEMS" >"$WORK/parse.out" 2>&1 <<'PY'
import os, re, sys

text = open(sys.argv[1], encoding="utf-8").read()
key_re = re.compile(r"[ \t]*(\w+)[ \t]*:[ \t]*")


def fields(body):
    """key : value lines; a quoted value may span lines, and in it \\"
    is a double quote and \\\\ a backslash."""
    out, i = {}, 0
    while i < len(body):
        m = key_re.match(body, i)
        if not m:
            sys.exit("not a 'key : value' line: %r" % body[i:i + 60])
        key, i = m.group(1), m.end()
        if body.startswith('"', i):
            i, val = i + 1, []
            while body[i] != '"':
                if body[i] == "\\" and body[i + 1] in '"\\':
                    i += 1
                val.append(body[i])
                i += 1
            val, i = "".join(val), i + 1
        else:
            end = body.index("\n", i)
            val, i = body[i:end].strip(), end
        end = body.index("\n", i)
        if body[i:end].strip():
            sys.exit("text after the value of %s: %r" % (key, body[i:end]))
        if key in out:
            sys.exit("%s twice in one item" % key)
        out[key], i = val, end + 1
    return out


outside = re.sub(r"(?ms)^<custom_item>\n.*?^</custom_item>\n", "", text)
for line in outside.splitlines():
    if line and not line.startswith("#") and line not in (
            '<check_type:"Unix">', "</check_type>"):
        sys.exit("unexpected line outside the items: %r" % line)
if outside.count('<check_type:"Unix">') != 1 or \
        outside.count("</check_type>") != 1:
    sys.exit("not one check_type")
seen = set()
for body in re.findall(r"(?ms)^<custom_item>\n(.*?)^</custom_item>\n", text):
    f = fields(body)
    stig = f["description"].split(" - ")[0]
    if f["description"] in seen:
        sys.exit("description twice: " + f["description"])
    seen.add(f["description"])
    for key, val in f.items():
        with open(os.path.join(sys.argv[2], stig + "." + key), "w",
                  encoding="utf-8") as o:
            o.write(val)
    print(stig, " ".join(sorted(f)))
print("ok")
PY
KEYS="cmd description expect info reference see_also severity solution system type"
expect_eq "the .audit file parses as Tenable reads it" "DKER-EE-001240 $KEYS
DKER-EE-001250 $KEYS
ok" "$(cat "$WORK/parse.out")"
expect_eq "the items are Unix CMD_EXEC checks of Linux" \
	"CMD_EXEC Linux MEDIUM|CMD_EXEC Linux MEDIUM" \
	"$(cat "$ITEMS/DKER-EE-001240.type") $(cat "$ITEMS/DKER-EE-001240.system") $(cat "$ITEMS/DKER-EE-001240.severity")|$(cat "$ITEMS/DKER-EE-001250.type") $(cat "$ITEMS/DKER-EE-001250.system") $(cat "$ITEMS/DKER-EE-001250.severity")"
expect_eq "the cmd, unescaped, is sh" "0 0" \
	"$(sh -n "$ITEMS/DKER-EE-001240.cmd"; echo $?) $(sh -n "$ITEMS/DKER-EE-001250.cmd"; echo $?)"

[ "$(id -u)" -eq 0 ] || must_run "not root: the test starts a private dockerd"
dockerd_start || {
	if [ "${CI:-}" = true ]; then
		not_ok "a private dockerd starts (CI must run this)" "$(tail -5 "$WORK/docker/log" 2>/dev/null)"
		finish
	fi
	tail -5 "$WORK/docker/log" 2>/dev/null
	skip "a private dockerd did not start: the .audit items cannot be run"
}
dockerd_image scapforge-test:1
dk tag scapforge-test:1 registry.example/kube-proxy:1 || not_ok "docker tag"
# The cmd runs Debian's docker client, whatever else PATH holds.
mkdir -p "$WORK/bin"
ln -s "$DOCKER" "$WORK/bin/docker"

# The containers: name, whether it runs, then image, options and command.
# The last three are left out by DISA's exclusion (ucp|kube|dtr, without
# regard to case): by name, by image and by command.
CONTAINERS='plain|up|scapforge-test:1||/wait
pidhost|up|scapforge-test:1|--pid=host|/wait
pidhost2|down|scapforge-test:1|--pid=host|/wait
ipchost|down|scapforge-test:1|--ipc=host|/wait
shareable|up|scapforge-test:1|--ipc=shareable|/wait
pidjoined|up|scapforge-test:1|--pid=container:plain|/wait
ipcnone|down|scapforge-test:1|--ipc=none|/wait
ucp-agent|up|scapforge-test:1|--pid=host|/wait
proxy|down|registry.example/kube-proxy:1|--ipc=host|/wait
sidecar|down|scapforge-test:1|--ipc=host|/wait DTR-replica'

# setup NAME...: the engine holds these containers, and no other.
setup() {
	local want=" $* " name state image opts cmd
	# shellcheck disable=SC2046 # one argument per container
	[ -z "$(dk ps --all --quiet)" ] || dk rm --force $(dk ps --all --quiet) >/dev/null
	while IFS='|' read -r name state image opts cmd; do
		case $want in *" $name "*) ;; *) continue ;; esac
		# shellcheck disable=SC2086 # options and command split on spaces
		dk create --name "$name" --network none $opts "$image" $cmd >/dev/null ||
			not_ok "docker create $name"
		[ "$state" = down ] || dk start "$name" >/dev/null || not_ok "docker start $name"
	done <<<"$CONTAINERS"
}

# run_item STIG DIR [DOCKER_HOST]: runs the item's cmd as Nessus would,
# writing DIR/out; sets VERDICT (PASSED or FAILED) from the expect regex.
# Applied to each line or to the whole output, with or without regard to
# case, the regex must give the same verdict.
run_item() {
	local stig=$1 dir=$2 host=${3:-unix://$ENGINE_SOCK}
	mkdir -p "$dir"
	DOCKER_HOST=$host PATH="$WORK/bin:$PATH" sh -c "$(cat "$ITEMS/$stig.cmd")" \
		>"$dir/out" 2>"$dir/err"
	VERDICT=$(python3 - "$ITEMS/$stig.expect" "$dir/out" <<'PY'
import re, sys
regex = open(sys.argv[1], encoding="utf-8").read()
out = open(sys.argv[2], encoding="utf-8").read()
readings = {
    bool(re.search(regex, out)),
    bool(re.search(regex, out, re.I)),
    any(re.search(regex, line) for line in out.splitlines()),
}
print("AMBIGUOUS" if len(readings) > 1 else
      "PASSED" if readings.pop() else "FAILED")
PY
)
}

# names FILE...: sorted container names, one per line of the files.
names() { cat "$@" | sort | paste -sd' '; }

# check SETUP STIG FIELD VERDICT OFFENDERS...: the item's verdict and the
# containers it names at fault, as expected and as scapforge scan says.
check() {
	local setup=$1 stig=$2 field=$3 want=$4 dir=$WORK/run/$1/$2 rc result want_rc=2
	shift 4
	local offenders="$*"
	run_item "$stig" "$dir"
	"$SF" scan --docker-host "unix://$ENGINE_SOCK" --datastream "$DS" --rule "$stig" \
		--arf "$dir/arf.xml" --evidence-out "$dir/e.json" >"$dir/scan.out" 2>"$dir/scan.err"
	rc=$?
	result=$(xpath "$dir/arf.xml" "string(//*[local-name()='rule-result']/*[local-name()='result'])")
	[ "$want" = PASSED ] && want_rc=0
	expect_eq "$setup, $stig: the .audit item says $want" "$want" "$VERDICT"
	if { [ "$VERDICT" = PASSED ] && [ "$rc $result" = "0 pass" ]; } ||
		{ [ "$VERDICT" = FAILED ] && [ "$rc $result" = "2 fail" ]; }; then
		ok "$setup, $stig: scapforge scan agrees (exit $rc, $result)"
	else
		not_ok "$setup, $stig: scapforge scan agrees" "the .audit: $VERDICT; scapforge: exit $rc (want $want_rc), '$result'
$(cat "$dir/scan.err")"
	fi
	# The container lines whose value is exactly a finding, and
	# scapforge's offenders (the instances of the rule-result).
	awk -v f="$field=host" 'NR > 1 && $2 == f {print $1}' "$dir/out" >"$dir/audit-offenders"
	xpath "$dir/arf.xml" "//*[local-name()='rule-result']/*[local-name()='instance']/text()" |
		while read -r id; do dk inspect --format '{{.Name}}' "$id" | cut -c2-; done >"$dir/sf-offenders"
	expect_eq "$setup, $stig: the .audit output names the offenders" "$offenders" "$(names "$dir/audit-offenders")"
	expect_eq "$setup, $stig: scapforge names the same offenders" "$offenders" "$(names "$dir/sf-offenders")"
	# The assessed containers: one line each after the verdict line, and
	# scapforge's evidence; the excluded ones: on the verdict line, and
	# the containers not in scapforge's evidence.
	awk 'NR > 1 {print $1}' "$dir/out" >"$dir/audit-assessed"
	python3 -c 'import json, sys; print("\n".join(c["Name"].lstrip("/") for c in json.load(open(sys.argv[1]))))' \
		"$dir/e.json" | sed '/^$/d' >"$dir/sf-assessed"
	expect_eq "$setup, $stig: the same containers assessed" "$(names "$dir/sf-assessed")" "$(names "$dir/audit-assessed")"
	dk ps --all --format '{{.Names}}' | grep -vxFf "$dir/sf-assessed" >"$dir/sf-excluded"
	head -1 "$dir/out" | sed -n 's/.* excluded: \(.*\))$/\1/p' | tr ' ' '\n' >"$dir/audit-excluded"
	expect_eq "$setup, $stig: the same containers excluded" "$(names "$dir/sf-excluded")" "$(names "$dir/audit-excluded")"
	local n k=$#
	n=$(($(wc -l <"$dir/out") - 1))
	if [ "$want" = PASSED ]; then
		expect_eq "$setup, $stig: the verdict line" "pass: no container has $field=host ($n assessed, " \
			"$(head -1 "$dir/out" | cut -d'(' -f1)($n assessed, "
	else
		expect_eq "$setup, $stig: the verdict line" "fail: $k of $n containers have $field=host (" \
			"$(head -1 "$dir/out" | cut -d'(' -f1)("
	fi
}

ALL=(plain pidhost pidhost2 ipchost shareable pidjoined ipcnone ucp-agent proxy sidecar)
setup "${ALL[@]}"
expect_eq "every container: five running, ten in all" "5 10" \
	"$(dk ps --quiet | wc -l) $(dk ps --all --quiet | wc -l)"
expect_eq "every container: the modes docker recorded" \
	"ipchost  host|ipcnone  none|pidhost host private|pidhost2 host private|pidjoined container:$(dk inspect --format '{{.Id}}' plain) private|plain  private|proxy  host|shareable  shareable|sidecar  host|ucp-agent host private" \
	"$(dk inspect --format '{{.Name}} {{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}' "${ALL[@]}" |
		cut -c2- | sort | paste -sd'|')"
check "every container" DKER-EE-001240 PidMode FAILED pidhost pidhost2
check "every container" DKER-EE-001250 IpcMode FAILED ipchost
OUT="$WORK/run/every container/DKER-EE-001240/out"
expect_eq "every container: the output of DKER-EE-001240 (verdict, then a line per container)" \
	"fail: 2 of 7 containers have PidMode=host (3 excluded:
ipchost PidMode=
ipcnone PidMode=
pidhost PidMode=host
pidhost2 PidMode=host
pidjoined PidMode=container:$(dk inspect --format '{{.Id}}' plain)
plain PidMode=
shareable PidMode=" "$(head -1 "$OUT" | sed 's/excluded: .*/excluded:/'; tail -n +2 "$OUT" | sort)"

setup plain shareable pidjoined ipcnone ucp-agent proxy sidecar
check "only compliant containers (and excluded offenders)" DKER-EE-001240 PidMode PASSED
check "only compliant containers (and excluded offenders)" DKER-EE-001250 IpcMode PASSED
setup pidhost
check "--pid=host alone" DKER-EE-001240 PidMode FAILED pidhost
check "--pid=host alone" DKER-EE-001250 IpcMode PASSED
setup ipchost
check "--ipc=host alone" DKER-EE-001240 PidMode PASSED
check "--ipc=host alone" DKER-EE-001250 IpcMode FAILED ipchost
setup pidhost2 ipcnone
check "--pid=host, never started" DKER-EE-001240 PidMode FAILED pidhost2
setup
check "no container" DKER-EE-001240 PidMode PASSED
check "no container" DKER-EE-001250 IpcMode PASSED

# No engine: the item fails (missing evidence is never a pass), as
# scapforge scan cannot scan.
for stig in DKER-EE-001240 DKER-EE-001250; do
	run_item "$stig" "$WORK/run/down/$stig" "unix://$WORK/no-such.sock"
	expect_eq "no engine, $stig: the .audit item fails with an error line" \
		"FAILED error: docker ps --all failed" "$VERDICT $(cat "$WORK/run/down/$stig/out")"
	"$SF" scan --docker-host "unix://$WORK/no-such.sock" --datastream "$DS" --rule "$stig" \
		--arf "$WORK/run/down/arf.xml" --evidence-out "$WORK/run/down/e.json" >/dev/null 2>&1
	expect_eq "no engine, $stig: scapforge scan exits 1" 1 $?
done
finish
