#!/usr/bin/env bash
# OpenSCAP 1.3.7 evaluates the generated data stream against docker
# inspect evidence at the default path and gives the verdicts the check
# semantics promise: synthetic edge cases, the real inspect outputs of the
# shared corpus, and evidence made by a real, private Docker engine.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

oscap_setup

# expect NAME FILE PID IPC [TAILORING PROFILE]: the two results and
# OpenSCAP's exit status (0 when both passed, else 2); without tailoring,
# scapforge's own verdicts on the same evidence too (agree).
expect() {
	local name=$1 file=$2 pid=$3 ipc=$4 rc=2
	evaluate "$file" "${5:-}" "${6:-}"
	[ "$pid" = pass ] && [ "$ipc" = pass ] && rc=0
	expect_eq "$name" "$pid/$ipc exit $rc" "$PID/$IPC exit $RC"
	[ -z "${5:-}" ] && [ "$file" != - ] && agree "$name" "$file" "${7:-}"
}

# scan FILE [SET-VALUE]: scapforge's verdicts on FILE (every container
# assessed, as OpenSCAP assesses them) in SF_PID, SF_IPC and SF_RC.
scan() {
	local out arf=$WORK/sf-arf.xml
	rm -f "$arf" "$WORK/sf-summary.json"
	out=$("$SF" scan --datastream "$DS" --evidence "$1" \
		--evidence-out "$WORK/sf-evidence.json" --arf "$arf" --json "$WORK/sf-summary.json" \
		--set-value container_exclusion_pattern= ${2:+--set-value "$2"} 2>"$WORK/sf.err")
	SF_RC=$?
	SF_PID=$(printf '%s\n' "$out" | awk '$2 == "DKER-EE-001240" {print $1}')
	SF_IPC=$(printf '%s\n' "$out" | awk '$2 == "DKER-EE-001250" {print $1}')
	if [ "$SF_RC" -eq 1 ]; then
		expect_true "no ARF when the scan cannot be done: $1" test ! -e "$arf"
	else
		check_arf "$arf" "$1" "$SF_PID/$SF_IPC"
		expect_eq "the JSON summary agrees with the ARF: $1" agree \
			"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$WORK/sf-summary.json" "$arf" "$SF_RC" 2>&1)"
	fi
}

# check_arf ARF NAME VERDICTS: the ARF scapforge wrote passes its own
# validation (XSD and Schematron) and OpenSCAP's, and holds the verdicts
# the terminal showed.
ARFS=0
check_arf() {
	local arf=$1 name=$2 pid ipc out out2
	pid=$(xpath "$arf" "string(//*[local-name()='rule-result'][@idref='$PID_RULE']/*[local-name()='result'])")
	ipc=$(xpath "$arf" "string(//*[local-name()='rule-result'][@idref='$IPC_RULE']/*[local-name()='result'])")
	expect_eq "the ARF holds the verdicts shown: $name" "$3" "$pid/$ipc"
	if out=$("$SF" validate "$arf" 2>&1) && out2=$(oscap ds rds-validate "$arf" 2>&1); then
		ok "the ARF is valid (scapforge validate, oscap ds rds-validate): $name"
	else
		not_ok "the ARF is valid (scapforge validate, oscap ds rds-validate): $name" "$out ${out2:-}"
	fi
	ARFS=$((ARFS + 1))
}

# agree NAME FILE: scapforge's verdicts equal OpenSCAP's on the evidence
# scapforge writes, and on FILE itself when FILE is a docker inspect
# array; what scapforge refuses as not docker inspect output (exit 1)
# OpenSCAP must not pass.
agree() {
	local name=$1 file=$2 raw_pid=$PID raw_ipc=$IPC
	scan "$file"
	if [ "$SF_RC" -eq 1 ] && [ -n "${YAML_ONLY:-}" ]; then
		# OpenSCAP reads evidence as YAML; scapforge as JSON, as Docker
		# writes it: what only YAML accepts is refused, never passed
		expect_eq "scapforge refuses $name, which only YAML accepts" \
			"scapforge: $YAML_ONLY" "$(cat "$WORK/sf.err")"
		return
	fi
	if [ "$SF_RC" -eq 1 ]; then
		expect_true "scapforge refuses $name ($(cat "$WORK/sf.err")); OpenSCAP does not pass it" \
			test "$raw_pid" != pass -a "$raw_ipc" != pass
		return
	fi
	evaluate "$WORK/sf-evidence.json"
	expect_eq "scapforge agrees with OpenSCAP on its evidence: $name" \
		"$PID/$IPC" "$SF_PID/$SF_IPC"
	if [ "$(tr -d ' \t\r\n' <"$file" | head -c 1)" = "[" ]; then
		expect_eq "scapforge agrees with OpenSCAP on the raw file: $name" \
			"$raw_pid/$raw_ipc" "$SF_PID/$SF_IPC"
	fi
}

# expect_joined NAME FILE RAW_PID RAW_IPC PID IPC: evidence with
# containers that join others' namespaces (container:NAME). On raw docker
# inspect output the OVAL cannot follow a joiner, so OpenSCAP does not
# pass it (RAW_*); scapforge resolves the joiners (PID IPC) and writes
# each container's resolved mode into its evidence, on which OpenSCAP
# then gives scapforge's verdicts.
expect_joined() {
	local name=$1 file=$2
	evaluate "$file"
	expect_eq "$name: OpenSCAP on the raw file" "$3/$4" "$PID/$IPC"
	scan "$file"
	expect_eq "$name: scapforge" "$5/$6" "$SF_PID/$SF_IPC"
	evaluate "$WORK/sf-evidence.json"
	expect_eq "$name: OpenSCAP agrees on scapforge's evidence" "$5/$6" "$PID/$IPC"
}

# container NAME PIDMODE IPCMODE: one docker inspect element (JSON).
container() {
	printf '{"Id": "%s", "Name": "/%s", "Config": {"Image": "busybox", "Labels": {}},
  "HostConfig": {"PidMode": "%s", "IpcMode": "%s"}}' \
		"$(printf '%s' "$1" | sha256sum | cut -c1-64)" "$1" "$2" "$3"
}
E=$WORK/evidence
mkdir -p "$E"

# Synthetic evidence.
printf '[]\n' >"$E/empty-array.json"
expect "zero containers" "$E/empty-array.json" pass pass
printf '[\n%s,\n%s,\n%s,\n%s\n]\n' \
	"$(container plain "" "")" "$(container podman private private)" \
	"$(container noipc "" none)" "$(container shareable "" shareable)" \
	>"$E/compliant.json"
expect "private and none modes" "$E/compliant.json" pass pass
printf '[\n%s,\n%s,\n%s\n]\n' \
	"$(container joined "container:plain" "container:shareable")" \
	"$(container plain "" "")" "$(container shareable "" shareable)" \
	>"$E/joined.json"
expect_joined "container: modes joining private namespaces" "$E/joined.json" fail fail pass pass
printf '[\n%s,\n%s\n]\n' \
	"$(container joined "container:gone" "")" "$(container plain "" "")" \
	>"$E/joined-missing.json"
expect_joined "a donor missing from the evidence" "$E/joined-missing.json" fail pass fail pass
printf '[%s,\n%s]\n' "$(container plain "" private)" \
	"$(container pidhost host private)" >"$E/pid-host.json"
expect "PidMode host" "$E/pid-host.json" fail pass
printf '[%s,\n%s]\n' "$(container plain "" private)" \
	"$(container ipchost "" host)" >"$E/ipc-host.json"
expect "IpcMode host" "$E/ipc-host.json" pass fail
printf '[%s]\n' "$(container both host host)" >"$E/both-host.json"
expect "PidMode and IpcMode host" "$E/both-host.json" fail fail
tr -d '\n' <"$E/pid-host.json" | tr -s ' ' >"$E/compact.json"
expect "compact one-line JSON" "$E/compact.json" fail pass
cat >"$E/label.json" <<'JSON'
[{"Id": "aaaa", "Name": "/labelled", "Config": {"Labels": {"PidMode": "host", "IpcMode": "host"}},
  "HostConfig": {"PidMode": "", "IpcMode": "private", "Labels": {"PidMode": "host"}}}]
JSON
expect "labels named PidMode and IpcMode" "$E/label.json" pass pass
cat >"$E/markup.json" <<'JSON'
[{"Id": "bbbb", "Name": "/<script>alert(\"x\")</script> & 'quotes' ]]> café 容器",
  "Config": {"Image": "evil<>&\"'", "Labels": {"a&b": "<c>"}},
  "HostConfig": {"PidMode": "host", "IpcMode": "private"}}]
JSON
expect "markup and non-ASCII in names" "$E/markup.json" fail pass
expect "missing evidence file" - fail fail
: >"$E/empty-file.json"
expect "empty evidence file" "$E/empty-file.json" fail fail
printf '<html><body><h1>502 Bad Gateway</h1></body></html>\n' >"$E/html.json"
expect "an HTML error page" "$E/html.json" fail fail
container single "" private >"$E/object.json"
expect "a single object, not an array" "$E/object.json" fail fail
head -c 150 "$E/compliant.json" >"$E/truncated.json"
expect "truncated JSON" "$E/truncated.json" error error
printf '[%s,\n{"Id": "cccc", "HostConfig": {}}]\n' "$(container plain "" "")" \
	>"$E/missing-field.json"
expect "a container without the fields" "$E/missing-field.json" fail fail
printf '[{"Id": "dddd", "HostConfig": {"PidMode": ""}}]\n' >"$E/no-ipcmode.json"
expect "a container without IpcMode" "$E/no-ipcmode.json" pass fail

# Tailoring: the evidence path and the literal reading of DISA's check.
tailoring "$DS" path docker_inspect_path "$E/ipc-host.json" >"$WORK/path.xml"
expect "the evidence path Value" - pass fail "$WORK/path.xml" xccdf_scapforge.test_profile_path
tailoring "$DS" literal ipc_shareable_is_finding true >"$WORK/literal.xml"
expect "shareable, read literally" "$E/compliant.json" pass fail \
	"$WORK/literal.xml" xccdf_scapforge.test_profile_literal
expect "shareable, by default" "$E/compliant.json" pass pass
tailoring "$DS" host_only ipc_shareable_is_finding false >"$WORK/host_only.xml"
expect "host still a finding, read literally" "$E/ipc-host.json" pass fail \
	"$WORK/literal.xml" xccdf_scapforge.test_profile_literal

# The real docker inspect outputs of the shared corpus, with the results
# their HostConfig says (see SOURCES.tsv there).
CORPUS=$SHARED/corpus/inspect
if [ -d "$CORPUS" ]; then
	while read -r file pid ipc why; do
		YAML_ONLY=
		[ "${file#012-}" != "$file" ] &&
			YAML_ONLY="malformed evidence '$CORPUS/$file': a trailing comma before ']' at line 57, column 9"
		expect "corpus $file ($why)" "$CORPUS/$file" "$pid" "$ipc"
	done <<'TABLE'
001-docker-py-fake_api-inspect_container.json fail fail a single object
002-insights-core-podman-eager_bell.json pass pass podman, private
004-insights-core-minimal-no-hostconfig.json fail fail no HostConfig
005-insights-core-docker1.x-rhel-hehe2.json pass pass old docker, empty modes
007-moby-apidocs-v1.0-inspect-example.json fail fail a single object
011-moby-apidocs-v1.24-inspect-example.json fail fail a single object
012-podman-docs-container-inspect-foobar-INVALID.json pass pass trailing comma, which YAML accepts and JSON does not
014-docker-java-inspectContainerResponse_full.json pass pass empty modes
016-docker-java-inspectContainerResponse_full_1_26a-no-IpcMode.json pass fail no IpcMode
018-python-on-whales-0-gabriel_work_env-pidhost.json fail fail a single object
020-python-on-whales-4-swarm-traefik-task.json fail fail a single object
023-python-on-whales-21-podman-rootless-postgres.json fail fail a single object
025-lindeci-welcome-k8s-pause-sandbox-shareable.json pass pass shareable
028-inspec-fixture-docker-inspect-trusting_williams.json pass pass private
TABLE
	YAML_ONLY=
	# The single objects, wrapped in an array as docker inspect prints them.
	for f in 018-python-on-whales-0-gabriel_work_env-pidhost.json:fail:pass \
		020-python-on-whales-4-swarm-traefik-task.json:pass:pass \
		023-python-on-whales-21-podman-rootless-postgres.json:pass:pass \
		011-moby-apidocs-v1.24-inspect-example.json:pass:pass; do
		IFS=: read -r file pid ipc <<<"$f"
		{ echo '['; cat "$CORPUS/$file"; echo ']'; } >"$E/wrapped-$file"
		expect "corpus $file in an array" "$E/wrapped-$file" "$pid" "$ipc"
	done
	{ echo '['; cat "$CORPUS/023-python-on-whales-21-podman-rootless-postgres.json"; echo ']'; } \
		>"$E/wrapped-shareable.json"
	expect "corpus 023 (shareable) read literally" "$E/wrapped-shareable.json" pass fail \
		"$WORK/literal.xml" xccdf_scapforge.test_profile_literal
else
	echo "SKIP the shared corpus: $CORPUS is absent"
fi

# Evidence from a real Docker engine, private to this test.
if dockerd_start; then
	dockerd_image scapforge-test:1
	make() { dk create --name "$1" --network none "${@:2}" scapforge-test:1 /wait >/dev/null ||
		not_ok "docker create $*"; }
	make plain
	make pidhost --pid=host
	make ipchost --ipc=host
	make shareable --ipc=shareable
	make ipcnone --ipc=none
	make ipcprivate --ipc=private
	make pidjoined --pid=container:plain
	make ipcjoined --ipc=container:shareable
	make odd-Name_1.x
	# some running, some never started: every one of them counts
	dk start plain pidhost shareable ipcjoined pidjoined >/dev/null || not_ok "docker start"
	expect_eq "engine: five containers running, four stopped" "5 9" \
		"$(dk ps --quiet | wc -l) $(dk ps --all --quiet | wc -l)"
	inspect() { dk inspect "$@" >"$E/engine-$1.json" || not_ok "docker inspect $*"; }
	# shellcheck disable=SC2046 # one argument per container
	inspect $(dk ps --all --quiet)
	all=$E/engine-$(dk ps --all --quiet | head -1).json
	expect "engine: every container" "$all" fail fail
	inspect plain shareable ipcnone ipcprivate pidjoined ipcjoined odd-Name_1.x
	expect_joined "engine: the containers that share nothing with the host" "$E/engine-plain.json" \
		fail fail pass pass
	expect "engine: the same, shareable read literally (raw: joiners unresolved)" \
		"$E/engine-plain.json" fail fail \
		"$WORK/literal.xml" xccdf_scapforge.test_profile_literal
	inspect plain shareable ipcnone ipcprivate odd-Name_1.x
	expect "engine: the same without joiners, shareable read literally" "$E/engine-plain.json" pass fail \
		"$WORK/literal.xml" xccdf_scapforge.test_profile_literal
	inspect pidhost
	expect "engine: --pid=host" "$E/engine-pidhost.json" fail pass
	inspect ipchost
	expect "engine: --ipc=host" "$E/engine-ipchost.json" pass fail
	# scapforge scans the same engine itself and names the offenders.
	earf=$WORK/engine-scan/arf.xml
	ES=$WORK/engine-scan
	out=$("$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" \
		--evidence-out "$ES/evidence.json" --arf "$earf" --xccdf-results "$ES/xccdf.xml" \
		--ckl "$ES/c.ckl" --cklb "$ES/c.cklb" --html "$ES/r.html" --json "$ES/s.json" \
		2>"$WORK/scan.err")
	expect_eq "engine: scapforge scan exits 2" 2 $?
	# the target is this host, in every output, with the engine's facts
	for f in "$earf" "$ES/xccdf.xml"; do
		expect_eq "engine: $(basename "$f") names this host, as the engine does" \
			"$(hostname)|local|$(dk info --format '{{.OperatingSystem}}')|$(dk version --format '{{.Server.Platform.Name}}')" \
			"$(xpath "$f" "concat(//*[local-name()='TestResult']/*[local-name()='target'], '|', //*[local-name()='fact'][@name='urn:scapforge:fact:target:kind'], '|', //*[local-name()='fact'][@name='urn:scapforge:fact:docker:operating_system'], '|', //*[local-name()='fact'][@name='urn:scapforge:fact:docker:edition'])")"
	done
	expect_eq "engine: the checklists and the summary name this host" \
		"$(hostname)|$(hostname)|$(hostname)|local" \
		"$(xpath "$ES/c.ckl" "string(//ASSET/HOST_NAME)")|$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target_data"]["host_name"])' "$ES/c.cklb")|$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["target"]; print(d["name"] + "|" + d["kind"])' "$ES/s.json")"
	expect_eq "engine: the HTML names this host" "$(hostname) (this host, through its Docker socket)" \
		"$(sed -n 's/.*<td id="target">\([^<]*\)<.*/\1/p' "$ES/r.html")"
	expect_eq "engine: the XCCDF results pass the official XSD" ok \
		"$(xmllint --noout --schema /usr/share/openscap/schemas/xccdf/1.2/xccdf_1.2.xsd "$ES/xccdf.xml" 2>/dev/null && echo ok)"
	if oscap xccdf generate report "$ES/xccdf.xml" >"$ES/xccdf.html" 2>"$WORK/xreport.err"; then
		expect_eq "engine: oscap xccdf generate report renders the XCCDF results, offenders named" 2 \
			"$(grep -c 'container \(pidhost\|ipchost\) (' "$ES/xccdf.html")"
	else
		not_ok "engine: oscap xccdf generate report renders the XCCDF results" "$(cat "$WORK/xreport.err")"
	fi
	check_arf "$earf" "engine scan" fail/fail
	rr="//*[local-name()='rule-result']"
	expect_eq "engine: the ARF names each offender with its ID and image" \
		"container pidhost ($(dk inspect --format '{{.Id}}' pidhost | cut -c1-12), image scapforge-test:1): HostConfig.PidMode is host|container ipchost ($(dk inspect --format '{{.Id}}' ipchost | cut -c1-12), image scapforge-test:1): HostConfig.IpcMode is host" \
		"$(xpath "$earf" "concat(${rr}[@idref='$PID_RULE']/*[local-name()='message'], '|', ${rr}[@idref='$IPC_RULE']/*[local-name()='message'])")"
	expect_eq "engine: one instance per offender, the full container ID" \
		"$(dk inspect --format '{{.Id}}' pidhost) $(dk inspect --format '{{.Id}}' ipchost) 2" \
		"$(xpath "$earf" "concat(${rr}[@idref='$PID_RULE']/*[local-name()='instance'], ' ', ${rr}[@idref='$IPC_RULE']/*[local-name()='instance'], ' ', count(${rr}/*[local-name()='instance']))")"
	fact() { xpath "$earf" "string(//*[local-name()='fact'][@name='$1'])"; }
	expect_eq "engine: the ARF records the engine, the host and the evidence digest" \
		"$(dk version --format '{{.Server.Version}} {{.Server.APIVersion}}') $(hostname) $(hostname) $(sha256sum "$WORK/engine-scan/evidence.json" | cut -c1-64) 9" \
		"$(fact urn:scapforge:fact:docker:version) $(fact urn:scapforge:fact:docker:api_version) $(fact urn:xccdf:fact:asset:identifier:host_name) $(fact urn:scap:fact:asset:identifier:host_name) $(fact urn:scapforge:fact:evidence:sha256) $(fact urn:scapforge:fact:containers:assessed)"
	if oscap xccdf generate report "$earf" >"$WORK/engine-report.html" 2>"$WORK/report.err"; then
		expect_eq "engine: oscap xccdf generate report renders the ARF, offenders named" 2 \
			"$(grep -c 'container \(pidhost\|ipchost\) (' "$WORK/engine-report.html")"
	else
		not_ok "engine: oscap xccdf generate report renders the ARF" "$(cat "$WORK/report.err")"
	fi
	expect_eq "engine: scapforge names the offenders" \
		"fail DKER-EE-001240 pidhost|fail DKER-EE-001250 ipchost" \
		"$(printf '%s\n' "$out" | awk '$2 ~ /^DKER/ {print $1, $2, $4}' | paste -sd'|')"
	expect_eq "engine: every container listed and assessed" 1 \
		"$(printf '%s\n' "$out" | grep -c '^evidence: 9 containers assessed, 0 excluded')"
	evaluate "$WORK/engine-scan/evidence.json"
	expect_eq "engine: OpenSCAP agrees on scapforge's evidence" "fail/fail" "$PID/$IPC"
	out=$("$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" \
		--set-value ipc_shareable_is_finding=true --rule DKER-EE-001250 \
		--evidence-out "$WORK/engine-scan/evidence.json" 2>&1)
	# offenders in the evidence's order: the engine lists the newest first
	expect_eq "engine: shareable read literally names both" \
		"fail DKER-EE-001250 shareable ipchost" \
		"$(printf '%s\n' "$out" | awk '$2 ~ /^DKER/ {print $1, $2, $4, $7}')"
	expect_eq "engine: the modes docker recorded" \
		"/ipcjoined  container:$(dk inspect --format '{{.Id}}' shareable)|/pidjoined container:$(dk inspect --format '{{.Id}}' plain) private|/ipcprivate  private|/ipcnone  none|/shareable  shareable|/ipchost  host|/pidhost host private|/plain  private" \
		"$(dk inspect --format '{{.Name}} {{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}' \
			ipcjoined pidjoined ipcprivate ipcnone shareable ipchost pidhost plain | paste -sd'|')"
elif [ "${CI:-}" = true ]; then
	not_ok "a private dockerd starts (CI must run the engine test)" \
		"$(tail -5 "$WORK/docker/log" 2>/dev/null)"
else
	echo "SKIP the engine test: a private dockerd did not start"
	tail -5 "$WORK/docker/log" 2>/dev/null
fi
echo "ARF reports checked: $ARFS"
finish
