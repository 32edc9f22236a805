#!/usr/bin/env bash
# The portable data stream (OVAL 5.11.2 over Docker's own container
# files) on a real, private Docker engine: OpenSCAP, pointed at that
# engine's data root through the data root Value, gives the verdicts
# scapforge scan --docker-host gives on the same engine, for several sets
# of containers (none; every mode, running and stopped, some excluded by
# name, image and command; each offender alone; a joiner chain to a
# host-mode donor; only excluded ones). Broken data roots are never a
# pass. The content is valid, with only the accepted warnings.
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
	--evidence-out "$WORK/x.json" --arf "$WORK/x.xml" 2>&1); rc=$?
expect_eq "scapforge scan refuses the portable data stream, saying what it is for" \
	"1 scapforge: '$PDS' is the portable data stream, which reads Docker's own container files: run it with OpenSCAP or SCC as root on the Docker host (scan evaluates the evidence data stream, scapforge-docker-stig-ds.xml) no ARF" \
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
	rm -f "$WORK/e.xml"
	"$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" "${set[@]}" \
		--evidence-out "$WORK/ev.json" --xccdf-results "$WORK/e.xml" --quiet >/dev/null 2>&1
	results "$WORK/e.xml"
}
# agree NAME EXPECTED: both give EXPECTED on the engine's containers now
agree() {
	expect_eq "$1: scapforge scan --docker-host" "$2" "$(engine)"
	expect_eq "$1: OpenSCAP on the portable data stream" "$2" "$(portable "$ROOT")"
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

# Broken data roots: never a pass.
expect_eq "a data root that does not exist" "DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(portable "$WORK/no-such-root")"
mkdir -p "$WORK/empty-root"
expect_eq "a data root without containers/" "DKER-EE-001240 fail; DKER-EE-001250 fail" \
	"$(portable "$WORK/empty-root")"
mkdir -p "$WORK/broken/containers/$(printf 'a%.0s' $(seq 64))"
expect_eq "a container folder without hostconfig.json" \
	"DKER-EE-001240 error; DKER-EE-001250 error" "$(portable "$WORK/broken")"
d=$WORK/broken/containers/$(printf 'a%.0s' $(seq 64))
head -c 300 "$ROOT/containers/$(dk inspect --format '{{.Id}}' plain)/hostconfig.json" >"$d/hostconfig.json"
expect_eq "a truncated hostconfig.json" "DKER-EE-001240 error; DKER-EE-001250 error" \
	"$(portable "$WORK/broken")"
expect_eq "permission denied (OpenSCAP run as nobody): the folder is not seen" \
	"DKER-EE-001240 fail; DKER-EE-001250 fail" "$(portable "$ROOT" nobody)"

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
export RUN PROFILE PDS
expect_eq "not applicable on a host without dockerd" \
	"DKER-EE-001240 notapplicable; DKER-EE-001250 notapplicable" \
	"$(unshare --mount --propagation private bash -c \
		"mount -t tmpfs tmpfs '$dockerd_dir' && portable '$ROOT'")"
expect_eq "the data stream's dictionary names Docker Engine, checked by its own OVAL" \
	"cpe:/a:docker:engine oval:scapforge.docker.cpe:def:1 inventory" \
	"$(xpath "$PDS" "concat(//*[local-name()='cpe-item']/@name, ' ', //*[local-name()='cpe-item']/*[local-name()='check'], ' ', //*[local-name()='definition'][@id='oval:scapforge.docker.cpe:def:1']/@class)")"

clear_all
agree "no container again" "DKER-EE-001240 pass; DKER-EE-001250 pass"
finish
