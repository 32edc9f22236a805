#!/usr/bin/env bash
# Whom the results are about. Saved evidence is the asset --target-* name,
# else the one scapforge recorded in it, else "unknown", never this host;
# the bundled example is the asset "example"; an engine names its host
# (GET /info). Every output says the same: the ARF (target, addresses,
# facts, asset, metadata), the XCCDF results, the CKL, the CKLB, the HTML
# and the JSON summary. A loopback address is no asset's address.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }
fake_engine_setup

# evidence of two containers, one of them with --pid=host
EV=$WORK/plain.json
cat >"$EV" <<'EOF'
[{"Id": "1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa",
  "Name": "/web", "Config": {"Image": "nginx:1"},
  "HostConfig": {"PidMode": "host", "IpcMode": "private"}},
 {"Id": "2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb",
  "Name": "/db", "Config": {"Image": "postgres:15"},
  "HostConfig": {"PidMode": "", "IpcMode": "shareable"}}]
EOF

# scan NAME ARGS...: a scan into $WORK/NAME writing every output; sets
# D (the folder), RC and ERR.
scan() {
	local name=$1
	shift
	D=$WORK/$name
	ERR=$D/stderr
	mkdir -p "$D"
	(cd "$D" && "${TIMEOUT[@]}" "$SF" scan --datastream "$DS" \
		--evidence-out evidence.json --arf arf.xml --xccdf-results xccdf.xml \
		--ckl c.ckl --cklb c.cklb --html r.html --json s.json "$@" \
		>stdout 2>stderr)
	RC=$?
}
fact() { xpath "$D/arf.xml" "string(//*[local-name()='TestResult']//*[local-name()='fact'][@name='$1'])"; }
json() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[int(k)] if k.isdigit() else d[k]
print(d)' "$D/s.json" "$1"; }
ckl() { xpath "$D/c.ckl" "string(//ASSET/$1)"; }
cklb() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target_data"][sys.argv[2]])' "$D/c.cklb" "$1"; }
# identity FILE: target|addresses|kind of an ARF or XCCDF results file
identity() {
	xpath "$1" "concat(//*[local-name()='TestResult']/*[local-name()='target'], '|', //*[local-name()='TestResult']/*[local-name()='target-address'][1], ',', //*[local-name()='TestResult']/*[local-name()='target-address'][2], '|', //*[local-name()='TestResult']//*[local-name()='fact'][@name='urn:scapforge:fact:target:kind'])"
}

# -- saved evidence, named on the command line
scan named --evidence "$EV" --target-name web01.example.mil \
	--target-ip 192.0.2.10 --target-ip 2001:db8::10 \
	--target-mac 02-00-00-00-00-0a
expect_eq "named: the scan exits 2 (a finding)" 2 "$RC"
expect_eq "named: the ARF's target, addresses (primary first) and kind" \
	"web01.example.mil|192.0.2.10,2001:db8::10|evidence" "$(identity "$D/arf.xml")"
expect_eq "named: the XCCDF results say the same" \
	"web01.example.mil|192.0.2.10,2001:db8::10|evidence" "$(identity "$D/xccdf.xml")"
expect_eq "named: a dotted name is the FQDN, under OpenSCAP's and STIG Manager's names" \
	"web01.example.mil web01.example.mil" \
	"$(fact urn:xccdf:fact:asset:identifier:fqdn) $(fact 'tag:stig-manager@users.noreply.github.com,2020:asset:fqdn')"
expect_eq "named: the MAC in upper case with colons, under STIG Manager's name too" \
	"02:00:00:00:00:0A 02:00:00:00:00:0A" \
	"$(fact urn:xccdf:fact:asset:identifier:mac) $(fact 'tag:stig-manager@users.noreply.github.com,2020:asset:mac')"
expect_eq "named: the ARF's asset" "web01.example.mil web01.example.mil 192.0.2.10 2001:db8:0:0:0:0:0:10 02:00:00:00:00:0A" \
	"$(xpath "$D/arf.xml" "concat(//*[local-name()='computing-device']/*[local-name()='hostname'], ' ', //*[local-name()='computing-device']/*[local-name()='fqdn'], ' ', //*[local-name()='ip-v4'], ' ', //*[local-name()='ip-v6'], ' ', //*[local-name()='computing-device']//*[local-name()='mac-address'])")"
expect_eq "named: the OS is not this host's: no OS fact" "" "$(fact urn:scapforge:fact:target:os)"
expect_eq "named: the CKL's asset" "web01.example.mil|192.0.2.10|02:00:00:00:00:0A|web01.example.mil" \
	"$(ckl HOST_NAME)|$(ckl HOST_IP)|$(ckl HOST_MAC)|$(ckl HOST_FQDN)"
expect_eq "named: the CKLB's asset" "web01.example.mil|192.0.2.10|02:00:00:00:00:0A|web01.example.mil" \
	"$(cklb host_name)|$(cklb ip_address)|$(cklb mac_address)|$(cklb fqdn)"
expect_eq "named: the JSON summary's target" \
	"evidence|web01.example.mil|web01.example.mil|192.0.2.10|2001:db8::10|None" \
	"$(json target.kind)|$(json target.name)|$(json target.fqdn)|$(json target.addresses.0.ip)|$(json target.addresses.1.ip)|$(json target.os)"
expect_eq "named: the HTML names the target" \
	"web01.example.mil (named for saved evidence)" \
	"$(sed -n 's/.*<td id="target">\([^<]*\)<.*/\1/p' "$D/r.html")"
expect_eq "named: the JSON summary says what the ARF says" agree \
	"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$D/s.json" "$D/arf.xml" "$RC")"
expect_eq "named: the evidence records the target" \
	'{"Kind":"evidence","Name":"web01.example.mil","FQDN":"web01.example.mil","Addresses":[{"IP":"192.0.2.10","MAC":"02:00:00:00:00:0A"},{"IP":"2001:db8::10"}]}' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[0]["Scapforge"]["Target"], separators=(",", ":")))' "$D/evidence.json")"
RECORDED=$D/evidence.json

# -- the evidence scapforge wrote names its target when scanned again
scan recorded --evidence "$RECORDED"
expect_eq "recorded: the target recorded in the evidence" \
	"web01.example.mil|192.0.2.10,2001:db8::10|evidence" "$(identity "$D/arf.xml")"
expect_eq "recorded: no warning" "" "$(cat "$ERR")"
expect_eq "recorded: the CKL's asset" "web01.example.mil|192.0.2.10" "$(ckl HOST_NAME)|$(ckl HOST_IP)"

# -- the options name another target than the one recorded
scan renamed --evidence "$RECORDED" --target-name db02
expect_eq "renamed: the options win; an undotted name has no FQDN" \
	"db02|,|evidence|" "$(identity "$D/arf.xml")|$(fact urn:xccdf:fact:asset:identifier:fqdn)"

# -- saved evidence that no one named is "unknown", never this host
scan unnamed --evidence "$EV"
expect_eq "unnamed: the target is unknown" "unknown|,|unknown" "$(identity "$D/arf.xml")"
expect_eq "unnamed: no address of this host anywhere" 0 \
	"$(cat "$D/arf.xml" "$D/c.ckl" "$D/s.json" | grep -c "$(hostname)")"
expect_true "unnamed: a warning says how to name it" grep -q -- "--target-name" "$ERR"
expect_eq "unnamed: the CKL's host name" "unknown" "$(ckl HOST_NAME)"

# -- evidence whose containers recorded different targets
python3 - "$RECORDED" "$WORK/mixed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d[1]["Scapforge"]["Target"] = {"Kind": "evidence", "Name": "other"}
json.dump(d, open(sys.argv[2], "w"))
PY
scan mixed --evidence "$WORK/mixed.json"
expect_eq "mixed: containers that disagree leave the target unknown" \
	"unknown|,|unknown" "$(identity "$D/arf.xml")"
expect_true "mixed: a warning says they disagree" grep -q "do not record one same target" "$ERR"

# -- bad names are refused before anything is written
for bad in "--target-ip 127.0.0.1" "--target-ip 300.1.1.1" "--target-mac 02:00:00" "--target-fqdn a..b" "--target-ip ::1"; do
	# shellcheck disable=SC2086 # the option and its value
	scan refused --evidence "$EV" $bad
	expect_eq "refused: $bad exits 1 and writes nothing" "1 0" \
		"$RC $(find "$D" -name '*.xml' -o -name '*.ckl*' -o -name '*.json' | wc -l)"
done

# -- a name with markup is text in every output
scan markup --evidence "$EV" --target-name '<b>web&01</b>'
expect_eq "markup: the name is text in the ARF, the XCCDF results and the CKL" \
	"<b>web&01</b>|<b>web&01</b>|<b>web&01</b>" \
	"$(xpath "$D/arf.xml" "string(//*[local-name()='TestResult']/*[local-name()='target'])")|$(xpath "$D/xccdf.xml" "string(//*[local-name()='TestResult']/*[local-name()='target'])")|$(ckl HOST_NAME)"

# -- the bundled example is the asset "example" in every output
scan example --evidence "$SRC/rules/examples/docker-inspect.json"
expect_eq "example: the target is example, with no address" \
	"example|,|example" "$(identity "$D/arf.xml")"
expect_eq "example: the XCCDF results say the same" "example|,|example" "$(identity "$D/xccdf.xml")"
expect_eq "example: no host facts" "||" \
	"$(fact urn:xccdf:fact:asset:identifier:fqdn)|$(fact urn:xccdf:fact:asset:identifier:ipv4)|$(fact urn:scapforge:fact:target:os)"
expect_eq "example: the JSON summary" "example|example|0" \
	"$(json target.kind)|$(json target.name)|$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["target"]["addresses"]))' "$D/s.json")"
expect_eq "example: the HTML says so" \
	"example (the bundled example: no host)|These results are of scapforge's bundled example evidence, not of any host." \
	"$(sed -n 's/.*<td id="target">\([^<]*\)<.*/\1/p' "$D/r.html")|$(sed -n 's/.*<p class="example" id="example">\([^<]*\)<.*/\1/p' "$D/r.html")"
expect_eq "example: the CKL's asset" "example|||" \
	"$(ckl HOST_NAME)|$(ckl HOST_IP)|$(ckl HOST_MAC)|$(ckl HOST_FQDN)"
expect_eq "example: the CKLB's asset; every status Not_Reviewed in both" \
	"example||||Not_Reviewed Not_Reviewed|not_reviewed not_reviewed" \
	"$(cklb host_name)|$(cklb ip_address)|$(cklb mac_address)|$(cklb fqdn)|$(xpath "$D/c.ckl" "//VULN/STATUS/text()" | paste -sd' ')|$(python3 -c 'import json,sys; print(" ".join(r["status"] for r in json.load(open(sys.argv[1]))["stigs"][0]["rules"]))' "$D/c.cklb")"
scan example-named --evidence "$SRC/rules/examples/docker-inspect.json" --target-name web01
expect_eq "example: it cannot be given a host's name" 1 "$RC"
expect_true "example: the message says why" grep -q "example" "$ERR"

# -- an engine over TCP names its host; a loopback address is not the asset's
ready=$WORK/tcp.ready
"$PYTHON" "$FAKE" tcp ok "$ready" 2>>"$LOGS/engine-tcp.log" &
ENGINE_PID=$!
for _ in $(seq 100); do [ -f "$ready" ] && [ "$(wc -l <"$ready")" = 2 ] && break; sleep 0.1; done
PORT=$(sed -n 2p "$ready")
scan tcp --docker-host "tcp://127.0.0.1:$PORT"
expect_eq "tcp: the engine's host by its /info Name, reached at loopback: no address" \
	"$(hostname)|,|engine" "$(identity "$D/arf.xml")"
expect_eq "tcp: the OS and kernel are the engine's" "Ubuntu 24.04.1 LTS|6.8.0-fake" \
	"$(fact urn:scapforge:fact:target:os)|$(fact urn:scapforge:fact:target:kernel)"
expect_eq "tcp: the engine's edition, OS, name and ID are facts" \
	"Docker Engine - Community|Ubuntu 24.04.1 LTS|$(hostname)|6f3c2a8e-0d4b-4c1e-9b7a-5a1d2c3b4e5f" \
	"$(fact urn:scapforge:fact:docker:edition)|$(fact urn:scapforge:fact:docker:operating_system)|$(fact urn:scapforge:fact:docker:name)|$(fact urn:scapforge:fact:docker:id)"
expect_eq "tcp: the JSON summary's engine" "Docker Engine - Community|Ubuntu 24.04.1 LTS|engine" \
	"$(json engine.edition)|$(json engine.operating_system)|$(json target.kind)"
expect_eq "tcp: the JSON summary says what the ARF says" agree \
	"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$D/s.json" "$D/arf.xml" "$RC")"
scan tcp-named --docker-host "tcp://127.0.0.1:$PORT" --target-ip 192.0.2.77
expect_eq "tcp: --target-ip gives the address the engine cannot" \
	"$(hostname)|192.0.2.77,|engine" "$(identity "$D/arf.xml")"
expect_eq "tcp: the evidence records the engine's identity" \
	"engine|Docker Engine - Community|6f3c2a8e-0d4b-4c1e-9b7a-5a1d2c3b4e5f" \
	"$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[0]["Scapforge"]["Target"]; print(t["Kind"], t["EngineEdition"], t["EngineID"], sep="|")' "$D/evidence.json")"
stop_engine

# -- a local socket whose engine names another host
start_engine other_name
scan other --docker-host "unix://$SOCK"
expect_eq "other name: attributed to the host the engine names, without address" \
	"engine-elsewhere|,|engine" "$(identity "$D/arf.xml")"
expect_true "other name: a warning says so" grep -q "engine-elsewhere" "$ERR"
expect_eq "other name: the warning is in the ARF" 1 \
	"$(xpath "$D/arf.xml" "count(//*[local-name()='scan']/*[local-name()='warning'][contains(., 'engine-elsewhere')])")"
start_engine ok
scan local --docker-host "unix://$SOCK"
expect_eq "local: this host, cross-checked with /info" "$(hostname)|local" \
	"$(xpath "$D/arf.xml" "concat(//*[local-name()='TestResult']/*[local-name()='target'], '|', //*[local-name()='TestResult']//*[local-name()='fact'][@name='urn:scapforge:fact:target:kind'])")"
expect_eq "local: no loopback address is the target's" 0 \
	"$(xpath "$D/arf.xml" "count(//*[local-name()='TestResult']/*[local-name()='target-address'][starts-with(., '127.') or . = '::1'])")"
stop_engine

finish
