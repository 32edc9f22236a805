#!/usr/bin/env bash
# The portable data stream (OVAL 5.11.2 over Docker's own container
# files) on a real, private Docker engine: OpenSCAP, pointed at that
# engine's data root through the data root Value, and scapforge scan of
# the portable data stream with --data-root give the verdicts scapforge
# scan --docker-host gives on the same engine, for several sets of
# containers (none; every mode, running and stopped, some excluded by
# name, image and command; each offender alone; a joiner chain to a
# host-mode donor; only excluded ones; labels named like Docker's keys),
# and scapforge names the same offenders. Broken data roots and hostile
# files are never a pass, in either. The content is valid, with only the
# accepted warnings.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

command -v oscap >/dev/null || must_run "oscap (openscap-scanner) is not installed"
[ "$(id -u)" -eq 0 ] || must_run "not root: Docker's data root is root's"
"$SF" build --rules "$SRC/rules" --out "$WORK/out" >/dev/null || not_ok "build"
PDS=$WORK/out/scapforge-docker-stig-portable-ds.xml
DS=$WORK/out/scapforge-docker-stig-ds.xml

# Valid, and only the accepted advisory warnings: no CCE exists for
# Docker (SRC-207-1, SRC-251-1); OVAL 5.11.2, so no SRC-216-1.
out=$("$SF" validate "$PDS" 2>"$WORK/v.err"); rc=$?
expect_eq "scapforge validate: the portable data stream is valid" \
	"0 $PDS: valid (not signed)" "$rc $out"
expect_eq "scapforge validate: exactly the accepted warnings" \
	"X: warning: schematron: SRC-207-1|oval-def:definition oval:scapforge.docker:def:1240
X: warning: schematron: SRC-207-1|oval-def:definition oval:scapforge.docker:def:1250
X: warning: schematron: SRC-251-1|xccdf:Rule xccdf_mil.disa.stig_rule_SV-235784r960804_rule
X: warning: schematron: SRC-251-1|xccdf:Rule xccdf_mil.disa.stig_rule_SV-235785r960804_rule" \
	"$(sed "s|^$PDS:|X:|" "$WORK/v.err")"
oscap ds sds-validate "$PDS" >"$WORK/o.txt" 2>&1
expect_eq "oscap ds sds-validate accepts it" "0 " "$? $(cat "$WORK/o.txt")"
expect_eq "OVAL 5.11.2, no yamlfilecontent" "5.11.2 0" \
	"$(xpath "$PDS" "concat(//*[local-name()='oval_definitions']/*[local-name()='generator']/*[local-name()='schema_version'], ' ', count(//*[local-name()='yamlfilecontent_object']))")"

out=$("$SF" scan --datastream "$PDS" --evidence "$SRC/rules/examples/docker-inspect.json" \
	--arf "$WORK/x.xml" 2>&1); rc=$?
expect_eq "scapforge scan of the portable data stream takes no evidence" \
	"1 scapforge: the portable data stream reads Docker's own files under the data root (--data-root): no engine is asked and no evidence read, so --evidence, --fallback-evidence, --docker-host, --context, --tls*, --keep-env and --collect-timeout do not go with it no ARF" \
	"$rc $out $([ -e "$WORK/x.xml" ] && echo ARF || echo no ARF)"
out=$("$SF" scan --datastream "$DS" --data-root "$WORK" --arf "$WORK/x.xml" 2>&1); rc=$?
expect_eq "--data-root is for the portable data stream only" \
	"1 scapforge: --data-root is for the portable data stream (scapforge-docker-stig-portable-ds.xml), which reads Docker's own files no ARF" \
	"$rc $out $([ -e "$WORK/x.xml" ] && echo ARF || echo no ARF)"

if ! dockerd_start; then
	must_run "a private dockerd does not start: $(tail -3 "$WORK/docker/log" 2>/dev/null)"
fi
dockerd_image scapforge-test:1
dk tag scapforge-test:1 registry.local/ucp-agent:1 >/dev/null || not_ok "docker tag"
ROOT=$WORK/docker/data

# portable ROOT [USER]: OpenSCAP's verdicts on the portable data stream
# with the data root Value set to ROOT, "STIG-ID RESULT; ..."; run in
# $RUN (where the OVAL results go too), as USER when given.
RUN=$WORK/run
mkdir -p "$RUN"
chmod 777 "$WORK" "$RUN"
cp "$PDS" "$RUN/ds.xml"
chmod 644 "$RUN/ds.xml"
# scapforge as nobody runs a copy here: the clone may sit in a home
# folder of mode 0700
cp "$SF" "$RUN/scapforge"
chmod 755 "$RUN/scapforge"
# (and the other Values as VALUES holds them: VALUE TEXT...)
VALUES=()
portable() {
	tailoring "$RUN/ds.xml" portable docker_data_root "$1" "${VALUES[@]}" >"$RUN/tailoring.xml"
	rm -f "$RUN"/*.result.xml "$RUN/p.xml"
	(cd "$RUN" && ${2:+runuser -u "$2" --} oscap xccdf eval --tailoring-file tailoring.xml \
		--profile xccdf_scapforge.test_profile_portable --results p.xml \
		--oval-results ds.xml >p.out 2>&1)
	results "$RUN/p.xml"
}
# results XML: "STIG-ID RESULT; STIG-ID RESULT" of the rule-results
results() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
out = []
try:
    for e in ET.parse(sys.argv[1]).iter():
        if e.tag.endswith("}rule-result"):
            res = [c.text for c in e if c.tag.endswith("}result")][0]
            out.append("%s %s" % (e.get("version"), res))
except (OSError, ET.ParseError):
    out.append("no results")
print("; ".join(out))
PY
}
# engine: scapforge scan --docker-host's verdicts on the same engine,
# with the Values VALUES holds
engine() {
	local set=() i
	for ((i = 0; i + 1 < ${#VALUES[@]}; i += 2)); do
		set+=(--set-value "${VALUES[i]}=${VALUES[i + 1]}")
	done
	rm -f "$WORK/e.xml" "$WORK/e.json"
	"$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" "${set[@]}" \
		--evidence-out "$WORK/ev.json" --xccdf-results "$WORK/e.xml" --json "$WORK/e.json" \
		--quiet >/dev/null 2>&1
	results "$WORK/e.xml"
}
# own ROOT [USER]: scapforge scan's verdicts on the portable data stream
# with --data-root ROOT and the Values VALUES holds (as USER when
# given); its terminal output in $RUN/own.out, its ARF in $RUN/own.xml
own() {
	local set=() i sf=$SF
	for ((i = 0; i + 1 < ${#VALUES[@]}; i += 2)); do
		set+=(--set-value "${VALUES[i]}=${VALUES[i + 1]}")
	done
	[ -n "${2:-}" ] && sf=$RUN/scapforge
	rm -f "$RUN/own.xml" "$RUN/own-x.xml" "$RUN/own.json"
	(cd "$RUN" && ${2:+runuser -u "$2" --} "$sf" scan \
		--datastream ds.xml --data-root "$1" \
		"${set[@]}" --arf own.xml --xccdf-results own-x.xml --json own.json >own.out 2>&1)
	results "$RUN/own-x.xml"
}
# offenders SUMMARY: the offenders a scan's JSON summary names, rule by
# rule: "STIG-ID name (setting value detail), ... [excluded: ...]", each
# list sorted by name (the evidence lists containers in the engine's
# order, the data root in its folders')
offenders() {
	python3 - "$1" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("no summary"); sys.exit()
def one(o):
    return "%s (%s %s%s)" % (o["name"], o["setting"], o["value"],
                             ", " + o["detail"] if o.get("detail") else "")
out = []
for r in doc["rules"]:
    text = r["stig_id"] + " " + ", ".join(sorted(one(o) for o in r["offenders"]))
    if r["excluded_offenders"]:
        text += " [excluded: " + ", ".join(sorted(one(o) for o in r["excluded_offenders"])) + "]"
    out.append(text)
print("; ".join(out))
PY
}
# agree NAME EXPECTED: all three give EXPECTED on the engine's containers
agree() {
	expect_eq "$1: scapforge scan --docker-host" "$2" "$(engine)"
	expect_eq "$1: OpenSCAP on the portable data stream" "$2" "$(portable "$ROOT")"
	expect_eq "$1: scapforge scan of the portable data stream" "$2" "$(own "$ROOT")"
	expect_eq "$1: scapforge names the same offenders with either data stream" \
		"$(offenders "$WORK/e.json")" "$(offenders "$RUN/own.json")"
}
clear_all() {
	local ids
	ids=$(dk ps --all --quiet)
	[ -z "$ids" ] || dk rm --force $ids >/dev/null
}
mk() { # mk NAME [RUN] DOCKER-ARGS...: creates (and with run, starts) one
	local name=$1 run=
	shift
	[ "${1:-}" = run ] && { run=1; shift; }
	dk create --name "$name" --network none "$@" >/dev/null || not_ok "docker create $name"
	[ -z "$run" ] || dk start "$name" >/dev/null || not_ok "docker start $name"
}

agree "no container" "DKER-EE-001240 pass; DKER-EE-001250 pass"

mk plain run scapforge-test:1 /wait
mk stopped scapforge-test:1 /wait
mk kube-proxy run --pid=host --ipc=host scapforge-test:1 /wait
mk by-image --pid=host registry.local/ucp-agent:1 /wait
mk by-command --ipc=host scapforge-test:1 /wait dtr-sync
mk shareable run --ipc=shareable scapforge-test:1 /wait
mk joins-shareable run --ipc=container:shareable scapforge-test:1 /wait
agree "only excluded containers share, by name, image and command" \
	"DKER-EE-001240 pass; DKER-EE-001250 pass"

mk pid-host --pid=host scapforge-test:1 /wait
agree "one stopped --pid=host" "DKER-EE-001240 fail; DKER-EE-001250 pass"
expect_eq "scapforge names the offender from its folder and config.v2.json" \
	"DKER-EE-001240 pid-host (HostConfig.PidMode host) [excluded: by-image (HostConfig.PidMode host), kube-proxy (HostConfig.PidMode host)]; DKER-EE-001250  [excluded: by-command (HostConfig.IpcMode host), kube-proxy (HostConfig.IpcMode host)]" \
	"$(offenders "$RUN/own.json")"
expect_eq "and its OVAL results name the offender's hostconfig.json" \
	"$ROOT/containers/$(dk inspect --format '{{.Id}}' pid-host)/hostconfig.json" \
	"$(python3 - "$RUN/own.xml" "$ROOT/containers/$(dk inspect --format '{{.Id}}' pid-host)" <<'PY'
import sys, xml.etree.ElementTree as ET
SC = "{http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#independent}"
print(" ".join(sorted({i.find(SC + "filepath").text
                       for i in ET.parse(sys.argv[1]).iter(SC + "textfilecontent_item")
                       if i.find(SC + "path").text == sys.argv[2]
                       and i.find(SC + "filename").text == "hostconfig.json"})))
PY
)"
expect_eq "scapforge validate: the ARF of the portable scan is valid" "0" \
	"$("$SF" validate "$RUN/own.xml" >/dev/null 2>&1; echo $?)"
(cd "$RUN" && "$SF" scan --datastream ds.xml --data-root "$ROOT" --arf own.xml \
	--ckl own.ckl --html own.html >/dev/null 2>&1)
expect_eq "the checklist and the HTML page name it too" "1 1" \
	"$(grep -c -- '^- pid-host ([0-9a-f]\{12\}, image scapforge-test:1): HostConfig.PidMode is host$' "$RUN/own.ckl") $(grep -c 'pid-host' "$RUN/own.html")"
expect_eq "the OVAL results name the offender's hostconfig.json, its modes host and private" \
	"$ROOT/containers/$(dk inspect --format '{{.Id}}' pid-host)/hostconfig.json host private" \
	"$(python3 - "$RUN/scapforge-docker-stig-portable-oval.xml.result.xml" "$ROOT/containers/$(dk inspect --format '{{.Id}}' pid-host)" <<'PY'
import sys, xml.etree.ElementTree as ET
doc = ET.parse(sys.argv[1])
SC = "{http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#independent}"
found = {}
for item in doc.iter(SC + "textfilecontent_item"):
    if item.find(SC + "path").text == sys.argv[2] and \
            item.find(SC + "filename").text == "hostconfig.json":
        found.setdefault(item.find(SC + "filepath").text, set()).add(
            item.find(SC + "subexpression").text)
for path, subs in found.items():
    print(path, " ".join(sorted(subs)))
PY
)"
dk rm --force pid-host >/dev/null

mk ipc-host run --ipc=host scapforge-test:1 /wait
agree "one running --ipc=host" "DKER-EE-001240 pass; DKER-EE-001250 fail"
dk rm --force ipc-host >/dev/null

# a chain: pid-joiner2 -> pid-joiner1 -> kube-proxy (--pid=host, excluded)
mk pid-joiner1 --pid=container:kube-proxy scapforge-test:1 /wait
agree "a joiner of an excluded host-mode donor" "DKER-EE-001240 fail; DKER-EE-001250 pass"
dk rename pid-joiner1 ucp-joiner1
mk pid-joiner2 --pid=container:ucp-joiner1 scapforge-test:1 /wait
agree "a joiner of an excluded joiner of a host-mode donor" \
	"DKER-EE-001240 fail; DKER-EE-001250 pass"
mk ipc-joiner --ipc=container:kube-proxy scapforge-test:1 /wait
agree "and an IPC joiner of a host-mode donor" "DKER-EE-001240 fail; DKER-EE-001250 fail"
dk rm --force pid-joiner2 ipc-joiner >/dev/null
agree "the joiners' chain excluded whole" "DKER-EE-001240 pass; DKER-EE-001250 pass"

# The other Values: the empty pattern assesses every container; shareable
# as a finding, as DISA's check text reads literally.
VALUES=(container_exclusion_pattern "")
agree "the empty exclusion pattern: the excluded are assessed too" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail"
VALUES=(ipc_shareable_is_finding true)
agree "shareable as a finding" "DKER-EE-001240 pass; DKER-EE-001250 fail"
VALUES=()

# A chain of four joiners to a host-mode donor, all excluded but the last.
mk kube-chain2 --pid=container:ucp-joiner1 scapforge-test:1 /wait
mk kube-chain3 --pid=container:kube-chain2 scapforge-test:1 /wait
mk chain-end --pid=container:kube-chain3 scapforge-test:1 /wait
agree "the end of a chain of four joiners to a host-mode donor" \
	"DKER-EE-001240 fail; DKER-EE-001250 pass"
dk rm --force chain-end >/dev/null

# A label named like Docker's own key comes first in config.v2.json: the
# container is still assessed by its own name, and found.
mk labelled --label Name=ucp-agent --label LogPath=x --pid=host scapforge-test:1 /wait
agree "a label Name=ucp-agent on a --pid=host container" \
	"DKER-EE-001240 fail; DKER-EE-001250 pass"
dk rm --force labelled >/dev/null

# Broken data roots: never a pass. (own: scapforge, OpenSCAP's verdicts
# are the first of each pair.)
both() { printf '%s | %s' "$(portable "$@")" "$(own "$@")"; }
expect_eq "a data root that does not exist" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail | DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(both "$WORK/no-such-root")"
expect_eq "scapforge says why, and whom the results are about" \
	"scapforge: WARNING: cannot list '$WORK/no-such-root/containers': No such file or directory (not Docker's data root?).
scapforge: WARNING: the data root $WORK/no-such-root may be any host's (a disk image mounted here, say): the results are attributed to 'unknown' (--target-name names the host)." \
	"$(grep '^scapforge: WARNING' "$RUN/own.out" | sort)"
expect_eq "and each failed rule rests on it, in the summary" \
	"fail: cannot list '$WORK/no-such-root/containers': No such file or directory (not Docker's data root?).
fail: cannot list '$WORK/no-such-root/containers': No such file or directory (not Docker's data root?)." \
	"$(python3 -c 'import json,sys; [print(r["result"] + ": " + r["problem"]) for r in json.load(open(sys.argv[1]))["rules"]]' "$RUN/own.json")"
mkdir -p "$WORK/empty-root"
expect_eq "a data root without containers/" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail | DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(both "$WORK/empty-root")"
# A container folder whose hostconfig.json is missing or cut before the
# mode: 1 folder and 0 files with the mode, whose counts the definitions
# compare. The comparison is false (scapforge: fail); OpenSCAP 1.3.7
# reports comparing two unequal counts as an error.
mkdir -p "$WORK/broken/containers/$(printf 'a%.0s' $(seq 64))"
expect_eq "a container folder without hostconfig.json" \
	"DKER-EE-001240 error; DKER-EE-001250 error | DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(both "$WORK/broken")"
expect_eq "scapforge names the container whose mode is missing" \
	"DKER-EE-001240  (HostConfig.PidMode None, missing (no readable hostconfig.json)); DKER-EE-001250  (HostConfig.IpcMode None, missing (no readable hostconfig.json))" \
	"$(offenders "$RUN/own.json")"
d=$WORK/broken/containers/$(printf 'a%.0s' $(seq 64))
head -c 300 "$ROOT/containers/$(dk inspect --format '{{.Id}}' plain)/hostconfig.json" >"$d/hostconfig.json"
expect_eq "a truncated hostconfig.json" \
	"DKER-EE-001240 error; DKER-EE-001250 error | DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(both "$WORK/broken")"
# As nobody, the containers folder cannot be read: OpenSCAP does not see
# it (fail), scapforge says it cannot (error).
expect_eq "permission denied (run as nobody)" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail | DKER-EE-001240 error; DKER-EE-001250 error" \
	"$(both "$ROOT" nobody)"

# Hostile files: an annotation (newer engines keep them in
# hostconfig.json, before the modes) and a label named like the keys the
# checks read, a volume label of the same names after them: Docker's own
# keys are read.
h=$WORK/hostile/containers/$(printf 'b%.0s' $(seq 64))
mkdir -p "$h"
printf '%s' '{"Binds":null,"LogConfig":{"Type":"json-file","Config":{}},"Annotations":{"IpcMode":"private","PidMode":"private"},"IpcMode":"host","PidMode":"host","Privileged":false}' >"$h/hostconfig.json"
printf '%s' '{"StreamConfig":{},"State":{"Running":false},"ID":"x","Path":"/wait","Args":[],"Config":{"Env":["A=\"Image\":\"ucp"],"Image":"busybox","Labels":{"LogPath":"","Name":"ucp"}},"Image":"sha256:00","NetworkSettings":{},"LogPath":"","Name":"/web","Driver":"vfs","MountPoints":{"/d":{"Spec":{"VolumeOptions":{"Labels":{"LogPath":"","Name":"ucp"}}}}}}' >"$h/config.v2.json"
expect_eq "keys of the same names inside values are not Docker's" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail | DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(both "$WORK/hostile")"
sed -i 's|"Name":"/web"|"Name":"/ucp-web"|' "$h/config.v2.json"
expect_eq "and the container's own name is" \
	"DKER-EE-001240 pass; DKER-EE-001250 pass | DKER-EE-001240 pass; DKER-EE-001250 pass" \
	"$(both "$WORK/hostile")"

# The platform: Docker Engine, as the CPE dictionary's OVAL check finds
# dockerd. With its folder hidden (a private mount namespace), the rules
# are not applicable, not passing.
expect_eq "applicable here, where dockerd is" "DKER-EE-001240 pass; DKER-EE-001250 pass" \
	"$(portable "$ROOT")"
dockerd_dir=$(dirname "$(readlink -f "$(command -v dockerd)")")
case $dockerd_dir in
/usr/bin | /bin) must_run "dockerd is in $dockerd_dir, beside oscap: it cannot be hidden alone" ;;
esac
export -f portable results tailoring
export RUN PROFILE PDS SF
expect_eq "not applicable on a host without dockerd" \
	"DKER-EE-001240 notapplicable; DKER-EE-001250 notapplicable" \
	"$(unshare --mount --propagation private bash -c \
		"mount -t tmpfs tmpfs '$dockerd_dir' && portable '$ROOT'")"
# scapforge checks the platform on this host's own data root, the Value's
# (--data-root names another host's files, which this host's programs
# say nothing about)
expect_eq "scapforge too: not applicable on this host without dockerd" \
	"DKER-EE-001240 notapplicable; DKER-EE-001250 notapplicable" \
	"$(unshare --mount --propagation private bash -c \
		"mount -t tmpfs tmpfs '$dockerd_dir' && cd '$RUN' && \"\$SF\" scan --datastream ds.xml \
		--set-value docker_data_root='$ROOT' --arf own.xml --xccdf-results own-x.xml >own.out 2>&1; \
		results own-x.xml")"
expect_eq "applicable with the Value where dockerd is" "DKER-EE-001240 pass; DKER-EE-001250 pass" \
	"$(cd "$RUN" && "$SF" scan --datastream ds.xml --set-value "docker_data_root=$ROOT" \
		--arf own.xml --xccdf-results own-x.xml >own.out 2>&1; results own-x.xml)"
expect_eq "the data stream's dictionary names Docker Engine, checked by its own OVAL" \
	"cpe:/a:docker:engine oval:scapforge.docker.cpe:def:1 inventory" \
	"$(xpath "$PDS" "concat(//*[local-name()='cpe-item']/@name, ' ', //*[local-name()='cpe-item']/*[local-name()='check'], ' ', //*[local-name()='definition'][@id='oval:scapforge.docker.cpe:def:1']/@class)")"

clear_all
agree "no container again" "DKER-EE-001240 pass; DKER-EE-001250 pass"
finish
