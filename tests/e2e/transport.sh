#!/usr/bin/env bash
# The transports of the docker CLI, against a real private dockerd that
# also listens on 127.0.0.1 with TLS (a test CA, a server certificate for
# IP:127.0.0.1, client certificates required), and a private sshd on
# 127.0.0.1 whose key runs `docker system dial-stdio` to that engine:
# TLS by options, by DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and by a docker
# context; a certificate that does not verify, plain HTTP to the TLS port
# and a missing file are errors (exit 1), never a fallback; ssh:// scans
# the engine, and a key sshd refuses is an error with ssh's reason.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }
[ "$(id -u)" -eq 0 ] || must_run "not root: a private dockerd and sshd"
for tool in openssl python3 /usr/sbin/sshd ssh ssh-keygen; do
	command -v "$tool" >/dev/null || must_run "$tool is not installed (openssl, python3, openssh-server, openssh-client)"
done
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONFIG SCAPFORGE_SSH
LOGS=$WORK/logs
mkdir -p "$LOGS" "$WORK/home/.docker"
TIMEOUT=()
command -v timeout >/dev/null && TIMEOUT=(timeout -k 5 120)


# The test CA, the engine's certificate, a client's, and another CA.
C=$WORK/certs
mkdir -p "$C/client" "$C/wrong"
cert() { # NAME CN EXT: a key and a certificate signed by the test CA
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$C/$1-key.pem" -out "$C/$1.csr" -subj "/CN=$2" 2>>"$LOGS/openssl" &&
		openssl x509 -req -in "$C/$1.csr" -CA "$C/ca.pem" -CAkey "$C/ca-key.pem" \
			-CAcreateserial -days 2 -out "$C/$1.pem" -extfile <(printf '%s\n' "$3") 2>>"$LOGS/openssl"
}
ca() { # FILE KEY: a self-signed CA
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-keyout "$2" -out "$1" -subj "/CN=scapforge test CA" 2>>"$LOGS/openssl"
}
if ! { ca "$C/ca.pem" "$C/ca-key.pem" &&
	cert server 127.0.0.1 'subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth' &&
	cert client scapforge-client 'extendedKeyUsage=clientAuth' &&
	ca "$C/wrong/ca.pem" "$C/wrong/ca-key.pem"; }; then
	not_ok "openssl makes the certificates" "$(tail -5 "$LOGS/openssl")"
	finish
fi
# DOCKER_CERT_PATH's layout
cp "$C/ca.pem" "$C/client/ca.pem"
cp "$C/client.pem" "$C/client/cert.pem"
cp "$C/client-key.pem" "$C/client/key.pem"

PORT=$(free_port)
if ! dockerd_start --tlsverify --tlscacert "$C/ca.pem" --tlscert "$C/server.pem" \
	--tlskey "$C/server-key.pem" -H "tcp://127.0.0.1:$PORT"; then
	must_run "a private dockerd does not start: $(tail -3 "$WORK/docker/log" 2>/dev/null)"
fi
dockerd_image scapforge-test:1
dk create --name hostpid --network none --pid=host scapforge-test:1 /wait >/dev/null ||
	not_ok "docker create hostpid"
dk create --name plain --network none scapforge-test:1 /wait >/dev/null ||
	not_ok "docker create plain"
ENGINE=tcp://127.0.0.1:$PORT

# scan NAME [ENV=VALUE...] -- SCAN-OPTIONS...: scapforge scan in its own
# folder, HOME an empty one; sets RC, OUT and ERR (files).
scan() {
	local name=$1 envs=(HOME="$WORK/home")
	shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	mkdir -p "$WORK/runs/$name"
	OUT=$LOGS/$name.out
	ERR=$LOGS/$name.err
	(cd "$WORK/runs/$name" && env "${envs[@]}" "${TIMEOUT[@]}" "$SF" scan \
		--datastream "$DS" --json summary.json "$@" >"$OUT" 2>"$ERR")
	RC=$?
}
# finds NAME: the scan just run exited 2, naming hostpid alone, with the
# engine's URL in the JSON summary.
finds() {
	if [ "$RC" = 2 ]; then ok "$1: exit status 2"; else
		not_ok "$1: exit status 2" "exit status $RC; stderr: $(head -5 "$ERR")"
	fi
	expect_eq "$1: nothing on stderr" "" "$(head -5 "$ERR")"
	expect_eq "$1: the offender is named" "fail DKER-EE-001240 hostpid" \
		"$(awk '$2 == "DKER-EE-001240" {print $1, $2, $4}' "$OUT")"
	expect_eq "$1: DKER-EE-001250 passes" "pass" \
		"$(awk '$2 == "DKER-EE-001250" {print $1}' "$OUT")"
	expect_eq "$1: the summary records the engine's URL" "$2" \
		"$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["engine"]["host"])' \
			"$WORK/runs/$1/summary.json" 2>&1)"
}
# refused NAME MESSAGE: the scan just run exited 1 with exactly MESSAGE
# on stderr, nothing on stdout.
refused() {
	expect_eq "$1: exit status 1" 1 "$RC"
	expect_eq "$1: the message" "scapforge: $2" "$(cat "$ERR")"
	expect_eq "$1: nothing on stdout" "" "$(cat "$OUT")"
}

scan tls-options -- -H "$ENGINE" --tlsverify --tlscacert "$C/ca.pem" \
	--tlscert "$C/client.pem" --tlskey "$C/client-key.pem"
finds tls-options "$ENGINE"
scan tls-env DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$C/client" DOCKER_HOST="$ENGINE" --
finds tls-env "$ENGINE"
scan https -- -H "https://127.0.0.1:$PORT" --tlscacert "$C/ca.pem" \
	--tlscert "$C/client.pem" --tlskey "$C/client-key.pem"
finds https "https://127.0.0.1:$PORT"

scan wrong-ca -- -H "$ENGINE" --tlsverify --tlscacert "$C/wrong/ca.pem" \
	--tlscert "$C/client.pem" --tlskey "$C/client-key.pem"
refused wrong-ca "cannot get /version from the Docker engine at $ENGINE: its TLS certificate does not verify: SSL certificate problem: unable to get local issuer certificate; check that the CA certificate '$C/wrong/ca.pem' signed it for this host name or address"
scan plain -- -H "$ENGINE"
refused plain "the Docker engine at $ENGINE answered 400 to GET /version: Client sent an HTTP request to an HTTPS server.; it speaks TLS: give --tlsverify and its CA (--tlscacert), or DOCKER_TLS_VERIFY=1"
scan plain-fallback -- -H "$ENGINE" --fallback-evidence "$SRC/rules/examples/docker-inspect.json"
refused plain-fallback "the Docker engine at $ENGINE answered 400 to GET /version: Client sent an HTTP request to an HTTPS server.; it speaks TLS: give --tlsverify and its CA (--tlscacert), or DOCKER_TLS_VERIFY=1"
scan missing-key -- -H "$ENGINE" --tlsverify --tlscacert "$C/ca.pem" \
	--tlscert "$C/client.pem" --tlskey "$C/nothing-key.pem"
refused missing-key "cannot read the TLS client key '$C/nothing-key.pem' (--tlskey): No such file or directory"
scan missing-ca DOCKER_CERT_PATH="$WORK/nothing" -- -H "$ENGINE" --tlsverify
refused missing-ca "cannot read the TLS CA certificate '$WORK/nothing/ca.pem' (DOCKER_CERT_PATH): No such file or directory"
scan no-client-cert -- -H "$ENGINE" --tlsverify --tlscacert "$C/ca.pem"
expect_eq "no-client-cert: exit status 1" 1 "$RC"
if grep -q "^scapforge: cannot get /version from the Docker engine at $ENGINE: TLS failed: .*; check the client certificate and key" "$ERR"; then
	ok "no-client-cert: says TLS failed and what to check"
else
	not_ok "no-client-cert: says TLS failed and what to check" "$(cat "$ERR")"
fi

# A docker context, as `docker context create` stores it.
CTX=tls-lab
ID=$(printf '%s' "$CTX" | sha256sum | cut -c1-64)
mkdir -p "$WORK/home/.docker/contexts/meta/$ID" "$WORK/home/.docker/contexts/tls/$ID/docker"
printf '{"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}\n' \
	"$CTX" "$ENGINE" >"$WORK/home/.docker/contexts/meta/$ID/meta.json"
cp "$C/client/"*.pem "$WORK/home/.docker/contexts/tls/$ID/docker/"
scan context -- --context "$CTX"
finds context "$ENGINE"
scan docker-context DOCKER_CONTEXT="$CTX" --
finds docker-context "$ENGINE"
printf '{"currentContext":"%s"}\n' "$CTX" >"$WORK/home/.docker/config.json"
scan current-context --
finds current-context "$ENGINE"
rm "$WORK/home/.docker/config.json"
scan unknown-context -- --context nowhere
refused unknown-context "docker context 'nowhere' not found: there is no '$WORK/home/.docker/contexts/meta/$(printf nowhere | sha256sum | cut -c1-64)/meta.json'"

# ssh: a private sshd whose key runs dial-stdio to the private engine.
S=$WORK/ssh
mkdir -p "$S"
for k in host user wrong slow; do ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$S/$k" || not_ok "ssh-keygen $k"; done
printf 'command="env DOCKER_HOST=unix://%s %s system dial-stdio",no-pty,no-port-forwarding %s\n' \
	"$ENGINE_SOCK" "$DOCKER" "$(cat "$S/user.pub")" >"$S/authorized_keys"
# an engine that never answers
printf 'command="sleep 60" %s\n' "$(cat "$S/slow.pub")" >>"$S/authorized_keys"
SSH_PORT=$(free_port)
cat >"$S/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $S/host
AuthorizedKeysFile $S/authorized_keys
PidFile $S/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
EOF
# sshd wants its privilege separation folder
if [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd && chmod 755 /run/sshd
	cleanup_hooks+=("rmdir /run/sshd 2>/dev/null")
fi
/usr/sbin/sshd -D -e -f "$S/sshd_config" 2>"$LOGS/sshd" &
SSHD_PID=$!
cleanup_hooks+=("kill $SSHD_PID 2>/dev/null; wait $SSHD_PID 2>/dev/null")
wait_port "$SSH_PORT" || not_ok "sshd listens" "$(tail -3 "$LOGS/sshd")"
# ssh reads ~/.ssh from the password database, not $HOME: a wrapper
# gives it the test's configuration (SCAPFORGE_SSH).
for k in user wrong slow; do
	cat >"$S/config-$k" <<EOF
Host 127.0.0.1
  IdentityFile $S/$k
  IdentitiesOnly yes
  UserKnownHostsFile $S/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking accept-new
EOF
	printf '#!/bin/sh\nexec ssh -F %s "$@"\n' "$S/config-$k" >"$S/ssh-$k"
	chmod +x "$S/ssh-$k"
done
SSH_URL=ssh://root@127.0.0.1:$SSH_PORT
scan ssh SCAPFORGE_SSH="$S/ssh-user" -- -H "$SSH_URL"
finds ssh "$SSH_URL"
# ssh gives what the engine's own socket gives: per rule the result and
# the offenders' IDs and names, the containers assessed, the engine's ID.
scan by-socket -- -H "unix://$ENGINE_SOCK"
expect_eq "ssh: the same results, offenders and engine as the unix socket's scan" \
	"$(arf_view "$WORK/runs/by-socket/scapforge-results/arf.xml" full)" "$(arf_view "$WORK/runs/ssh/scapforge-results/arf.xml" full)"
expect_eq "ssh: the socket's scan has both containers' verdicts" 1 \
	"$(arf_view "$WORK/runs/by-socket/scapforge-results/arf.xml" full | grep -c 'DKER-EE-001240 fail [0-9a-f]*=hostpid; DKER-EE-001250 pass -; id=')"
scan ssh-env SCAPFORGE_SSH="$S/ssh-user" DOCKER_HOST="$SSH_URL" --
finds ssh-env "$SSH_URL"
scan ssh-wrong-key SCAPFORGE_SSH="$S/ssh-wrong" -- -H "$SSH_URL"
refused ssh-wrong-key "cannot get /version from the Docker engine at $SSH_URL: ssh exited with status 255: root@127.0.0.1: Permission denied (publickey)."
CLOSED=$(free_port)
scan ssh-refused SCAPFORGE_SSH="$S/ssh-user" -- -H "ssh://root@127.0.0.1:$CLOSED"
refused ssh-refused "cannot get /version from the Docker engine at ssh://root@127.0.0.1:$CLOSED: ssh exited with status 255: ssh: connect to host 127.0.0.1 port $CLOSED: Connection refused"
scan ssh-deadline SCAPFORGE_SSH="$S/ssh-slow" -- -H "$SSH_URL" --collect-timeout 2
refused ssh-deadline "the Docker engine at $SSH_URL did not finish answering within 2 seconds (no container inspected): raise --collect-timeout or scan a saved file with --evidence"
# A fleet over every transport: one engine reached by TLS (tls=DIR), by
# ssh and by its socket, and once by plain HTTP to its TLS port.
cat >"$WORK/hosts" <<EOF
tcp://127.0.0.1:$PORT name=by-tls tls=$C/client
$SSH_URL name=by-ssh
unix://$ENGINE_SOCK name=by-socket
tcp://127.0.0.1:$PORT name=no-tls
EOF
scan fleet SCAPFORGE_SSH="$S/ssh-user" -- --hosts "$WORK/hosts" --jobs 4 --results-dir out
FLEET=$WORK/runs/fleet/out/fleet.json
expect_eq "fleet: exit status 2 (findings, one host not scanned)" 2 "$RC"
expect_eq "fleet: each host's status and offenders" \
	"by-tls finding hostpid|by-ssh finding hostpid|by-socket finding hostpid|no-tls error -" \
	"$(python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))
print("|".join("%s %s %s" % (h["name"], h["status"], ",".join(o["name"] for r in h["rules"] for o in r["offenders"]) or "-") for h in f["hosts"]))' "$FLEET")"
expect_eq "fleet: the host reached by plain HTTP says it speaks TLS" 1 \
	"$(python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))
print(sum("it speaks TLS" in (h["error"] or "") for h in f["hosts"] if h["name"] == "no-tls"))' "$FLEET")"
expect_eq "fleet: an ARF for each host scanned" "by-socket by-ssh by-tls" \
	"$(cd "$WORK/runs/fleet/out" && ls -d -- */ | tr -d / | paste -sd' ')"
expect_eq "no ssh of scapforge's left running" "" \
	"$(pgrep -f -- "-F $S/config-" || true)"
finish
