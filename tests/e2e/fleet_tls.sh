#!/usr/bin/env bash
# A fleet of real engines over TLS: three private dockerds, each with its
# own data root, exec root, pid file and socket, listening with
# --tlsverify on a loopback port of its own, each with its own mix of
# containers; beside them an endpoint where nothing listens and one whose
# certificate another CA signed (openssl s_server). scapforge scan --hosts
# over all five: each engine's verdicts, offenders and identity; the two
# broken ones reported with the reason; fleet.json, fleet.csv and
# fleet.html (rendered by headless Chromium) agreeing with the per-host
# ARFs; the exit status. Also a docker context made by
# `docker context create` for one of the engines, scanned with --context.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || must_run "not root: the test starts private dockerds"
for c in openssl dockerd python3; do
	command -v "$c" >/dev/null || must_run "$c is not installed"
done
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || must_run "chromium is not installed (Debian's chromium)"
DS=$SRC/output/scapforge-docker-stig-ds.xml
LOGS=$WORK/logs
mkdir -p "$LOGS"

# The test CA with the engines' and the client's certificates, and
# another CA with a certificate of its own for 127.0.0.1.
C=$WORK/certs
mkdir -p "$C/client"
ca() { # NAME: a self-signed CA, NAME.pem and NAME-key.pem
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-keyout "$C/$1-key.pem" -out "$C/$1.pem" -subj "/CN=scapforge $1" 2>>"$LOGS/openssl"
}
cert() { # CA NAME EXT: a key and a certificate CA signed
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$C/$2-key.pem" -out "$C/$2.csr" -subj "/CN=$2" 2>>"$LOGS/openssl" &&
		openssl x509 -req -in "$C/$2.csr" -CA "$C/$1.pem" -CAkey "$C/$1-key.pem" \
			-CAcreateserial -days 2 -out "$C/$2.pem" -extfile <(printf '%s\n' "$3") 2>>"$LOGS/openssl"
}
SERVER_EXT='subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth'
if ! { ca ca && ca other-ca && cert ca server "$SERVER_EXT" &&
	cert ca client 'extendedKeyUsage=clientAuth' &&
	cert other-ca impostor "$SERVER_EXT"; }; then
	not_ok "openssl makes the certificates" "$(tail -5 "$LOGS/openssl")"
	finish
fi
cp "$C/ca.pem" "$C/client/ca.pem"
cp "$C/client.pem" "$C/client/cert.pem"
cp "$C/client-key.pem" "$C/client/key.pem"

# engine_start N: private dockerd N, TLS on PORT[N]; its socket SOCK[N].
declare -a PORT SOCK PIDS
engine_start() {
	local n=$1 d=$WORK/engine$1 rc=0
	PORT[$n]=$(free_port)
	SOCK[$n]=$d/d.sock
	dockerd_at "$d" -H "tcp://127.0.0.1:${PORT[$n]}" --tlsverify \
		--tlscacert "$C/ca.pem" --tlscert "$C/server.pem" \
		--tlskey "$C/server-key.pem" || rc=1
	PIDS[$n]=$DOCKERD_PID
	[ -n "$DOCKERD_PID" ] && cleanup_hooks+=("engine_stop $n")
	return $rc
}
# shellcheck disable=SC2317 # called from the cleanup hook
engine_stop() { dockerd_kill "${PIDS[$1]}" "$WORK/engine$1"; }
en() { local n=$1; shift; "$DOCKER" -H "unix://${SOCK[$n]}" "$@"; }

# The image: one static program that waits.
rootfs_tar

for n in 1 2 3; do
	engine_start "$n" || must_run "private dockerd $n does not start: $(tail -3 "$WORK/engine$n/log")"
	en "$n" import "$WORK/rootfs.tar" fleet-test:1 >/dev/null || not_ok "docker import on engine $n"
done
# engine 1: one --pid=host container; engine 2: --ipc=host and --pid=host
# on two; engine 3: none
mk() { local n=$1 name=$2; shift 2; en "$n" create --name "$name" --network none "$@" fleet-test:1 /wait >/dev/null || not_ok "docker create $name on engine $n"; }
mk 1 web-pid --pid=host
mk 1 web-plain
mk 2 db-ipc --ipc=host
mk 2 db-pid --pid=host
mk 2 db-plain
mk 3 cache-plain
mk 3 cache-private --ipc=private

# the endpoint another CA vouches for, and one where nothing listens
IMPOSTOR=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$IMPOSTOR" -cert "$C/impostor.pem" \
	-key "$C/impostor-key.pem" -www >"$LOGS/s_server" 2>&1 &
S_PID=$!
cleanup_hooks+=("kill $S_PID")
wait_port "$IMPOSTOR" || not_ok "openssl s_server listens" "$(cat "$LOGS/s_server")"
NOBODY=$(free_port)

cat >"$WORK/hosts" <<EOF
# three engines over TLS, and two endpoints that cannot be scanned
tcp://127.0.0.1:${PORT[1]}   name=web   tls=$C/client
tcp://127.0.0.1:${PORT[2]}   name=db    tls=$C/client
tcp://127.0.0.1:${PORT[3]}   name=cache tls=$C/client
tcp://127.0.0.1:$NOBODY      name=gone  tls=$C/client
tcp://127.0.0.1:$IMPOSTOR    name=impostor tls=$C/client
EOF
(cd "$WORK" && timeout -k 5 300 "$SF" scan --datastream "$DS" --hosts hosts --jobs 5 \
	--results-dir out --html report.html >"$LOGS/fleet.out" 2>"$LOGS/fleet.err")
RC=$?
O=$WORK/out
expect_eq "fleet: exit status 2 (findings, and hosts not scanned)" 2 "$RC"
[ "$RC" -eq 2 ] || { not_ok "fleet: what it said" "$(cat "$LOGS/fleet.out" "$LOGS/fleet.err")"; finish; }

expect_eq "web: its ARF" "DKER-EE-001240 fail web-pid; DKER-EE-001250 pass -" "$(arf_view "$O/web/arf.xml")"
expect_eq "db: its ARF" "DKER-EE-001240 fail db-pid; DKER-EE-001250 fail db-ipc" "$(arf_view "$O/db/arf.xml")"
expect_eq "cache: its ARF" "DKER-EE-001240 pass -; DKER-EE-001250 pass -" "$(arf_view "$O/cache/arf.xml")"
for n in 1 2 3; do
	h=$(sed -n "$((n + 1))s/.*name=\([a-z]*\).*/\1/p" "$WORK/hosts")
	id=$(en "$n" info --format '{{.ID}}')
	expect_eq "$h: the engine's ID in its ARF, its name the engine's" "1 $(en "$n" info --format '{{.Name}}')" \
		"$(xpath "$O/$h/arf.xml" "concat(count(//*[local-name()='fact'][@name='urn:scapforge:fact:docker:id'][. = '$id']), ' ', //*[local-name()='TestResult']/*[local-name()='target'])")"
	expect_eq "$h: the engine's ID in fleet.json" "$id" \
		"$(python3 -c 'import json,sys; print([h["engine"]["id"] for h in json.load(open(sys.argv[1]))["hosts"] if h["name"] == sys.argv[2]][0])' "$O/fleet.json" "$h")"
done
expect_eq "the two that cannot be scanned: no folder" "cache db web" \
	"$(cd "$O" && ls -d -- */ | tr -d / | paste -sd' ')"

# fleet.json against the ARFs
expect_eq "fleet.json: every host, its status and the ARF's view" \
	"web finding DKER-EE-001240 fail web-pid; DKER-EE-001250 pass -|db finding DKER-EE-001240 fail db-pid; DKER-EE-001250 fail db-ipc|cache pass DKER-EE-001240 pass -; DKER-EE-001250 pass -|gone error|impostor error" \
	"$(python3 - "$O/fleet.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
rows = []
for h in f["hosts"]:
    view = "; ".join(sorted("%s %s %s" % (r["stig_id"], r["result"], ",".join(sorted(o["name"] for o in r["offenders"])) or "-") for r in h["rules"]))
    rows.append(("%s %s %s" % (h["name"], h["status"], view)).rstrip())
print("|".join(rows))
PY
)"
expect_eq "fleet.json: the counts and the exit status" "5 1 2 2 7 2" \
	"$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); c=f["counts"]; print(c["hosts"], c["pass"], c["finding"], c["error"], c["containers"], f["exit_status"])' "$O/fleet.json")"
expect_eq "gone: the reason (nothing listens)" 1 \
	"$(python3 -c 'import json,sys; print(sum("Could not connect" in (h["error"] or "") or "Couldn" in (h["error"] or "") for h in json.load(open(sys.argv[1]))["hosts"] if h["name"] == "gone"))' "$O/fleet.json")"
expect_eq "impostor: the reason (its certificate does not verify)" 1 \
	"$(python3 -c 'import json,sys; print(sum("its TLS certificate does not verify" in (h["error"] or "") for h in json.load(open(sys.argv[1]))["hosts"] if h["name"] == "impostor"))' "$O/fleet.json")"

# fleet.csv against fleet.json: host, status, STIG ID, result, offenders
expect_eq "fleet.csv: a row per host and rule, as the ARFs say" \
	"web finding DKER-EE-001240 fail web-pid|web finding DKER-EE-001250 pass |db finding DKER-EE-001240 fail db-pid|db finding DKER-EE-001250 fail db-ipc|cache pass DKER-EE-001240 pass |cache pass DKER-EE-001250 pass |gone error   |impostor error   " \
	"$(python3 - "$O/fleet.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print("|".join("%s %s %s %s %s" % (r["host"], r["status"], r["stig_id"], r["result"], r["offenders"]) for r in rows))
PY
)"

# fleet.html as headless Chromium renders it: one row per host, the
# statuses and the rule cells those of the ARFs
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$WORK/chromium" --dump-dom "file://$O/fleet.html" \
	>"$WORK/dom.html" 2>"$LOGS/chromium.err"
expect_eq "fleet.html (Chromium's DOM): one row per host, status and rules" \
	"web finding fail pass|db finding fail fail|cache pass pass pass|gone error - -|impostor error - -" \
	"$(python3 - "$WORK/dom.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.row = None; self.cls = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("class") == "host":
            self.row = {"name": "", "status": "", "rules": []}
        elif tag == "td" and self.row is not None:
            c = (a.get("class") or "").split()
            self.cls = c[0] if c else None
            if self.cls == "status":
                self.row["status"] = c[1] if len(c) > 1 else ""
            if self.cls == "rule":
                self.row["rules"].append(c[1] if len(c) > 1 else "-")
    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            self.rows.append(self.row); self.row = None
    def handle_data(self, d):
        if self.row is not None and self.cls == "name":
            self.row["name"] += d.strip()
p = P(); p.feed(open(sys.argv[1]).read())
print("|".join("%s %s %s" % (r["name"], r["status"], " ".join(r["rules"])) for r in p.rows))
PY
)"
expect_eq "fleet.html: each scanned host links its report" "web/report.html db/report.html cache/report.html" \
	"$(grep -o 'href="[a-z]*/report.html"' "$WORK/dom.html" | sed 's/href="//; s/"$//' | paste -sd' ')"

# A docker context made by the docker CLI, for engine 2 over TLS.
mkdir -p "$WORK/home"
if HOME=$WORK/home "$DOCKER" context create fleet-db \
	--docker "host=tcp://127.0.0.1:${PORT[2]},ca=$C/ca.pem,cert=$C/client.pem,key=$C/client-key.pem" \
	>"$LOGS/context.out" 2>&1; then
	(cd "$WORK" && HOME=$WORK/home "$SF" scan --datastream "$DS" --context fleet-db \
		--arf ctx.xml --evidence-out ctx-ev.json >"$LOGS/ctx.out" 2>"$LOGS/ctx.err")
	expect_eq "--context (made by docker context create): exit 2, the db engine's verdicts" \
		"2 DKER-EE-001240 fail db-pid; DKER-EE-001250 fail db-ipc" "$? $(arf_view "$WORK/ctx.xml")"
else
	not_ok "docker context create" "$(cat "$LOGS/context.out")"
fi
finish
