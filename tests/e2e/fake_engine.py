#!/usr/bin/env python3
"""A fake Docker engine for the end-to-end tests: the few Engine API calls
scapforge makes, over HTTP on a unix socket, healthy or misbehaving as a
scenario says. Standard library only.

    fake_engine.py SOCKET SCENARIO [READY_FILE]

Binds SOCKET (removing a stale one), or with SOCKET "tcp" a TCP port of
127.0.0.1 the system picks, creates READY_FILE (its PID, then for TCP the
port) once it accepts connections, and serves until killed. Every
request is logged on stderr.
"""

import functools
import hashlib
import http.server
import json
import os
import re
import signal
import socket
import socketserver
import sys
import time

# The containers, as GET /containers/{id}/json describes them: one of them
# shares the host's PID namespace (--pid=host).
CONTAINERS = [
    {"name": "web", "image": "nginx:1.27", "cmd": ["nginx", "-g", "daemon off;"],
     "pid": "", "ipc": "private"},
    {"name": "monitor", "image": "prom/node-exporter:v1.8.2",
     "cmd": ["--path.procfs=/host/proc"], "pid": "host", "ipc": "private"},
    {"name": "db", "image": "postgres:16", "cmd": ["postgres"],
     "pid": "", "ipc": "shareable"},
]
# "clean": nothing shares a namespace of the host; "hostile": names that
# a report must escape (markup, a spreadsheet formula, a comma and quote),
# the first two sharing the host's PID namespace.
CLEAN = [dict(c, pid="") for c in CONTAINERS]
HOSTILE = [
    {"name": "=cmd|' /C calc'!A0", "image": "evil:1", "cmd": ["sh"],
     "pid": "host", "ipc": "private"},
    {"name": "<b>x</b>&amp;", "image": "evil:2", "cmd": ["sh"],
     "pid": "host", "ipc": "private"},
    {"name": 'a,"b', "image": "evil:3", "cmd": ["sh"],
     "pid": "", "ipc": "host"},
]
for _c in CONTAINERS + CLEAN + HOSTILE:
    _c["id"] = hashlib.sha256(_c["name"].encode()).hexdigest()

# The body streamed for "huge": more than scapforge's limit (64 MiB).
HUGE_BYTES = 80 << 20
CHUNK = 1 << 20

SCENARIOS = {
    "ok", "version_500", "list_500", "garbage_version", "garbage_list",
    "inspect_garbage", "inspect_500", "going_away", "vanished",
    "not_docker", "huge", "windows", "inspect_types",
    # answers that do not match the list, and engines too slow
    "inspect_other", "duplicates", "slow_version", "slow_inspect",
    "slow_each",
    # who the engine says it is
    "no_info", "garbage_info", "other_name",
    # the containers listed
    "clean", "hostile",
}
# vanish_LISTED_GONE: LISTED containers (the three, then busybox ones
# named app-03, app-04...), of which the last GONE answer 404.
VANISH = re.compile(r"vanish_([0-9]+)_([0-9]+)")
# How long the slow scenarios keep a request waiting, in seconds.
SLOW = 30
SLOW_EACH = 1.5


def filler(i):
    c = {"name": "app-%02d" % i, "image": "busybox:1.36",
         "cmd": ["sleep", "infinity"], "pid": "", "ipc": "private"}
    c["id"] = hashlib.sha256(c["name"].encode()).hexdigest()
    return c


@functools.lru_cache(maxsize=None)
def containers(scenario):
    """The containers listed, and the indices of those gone (404)."""
    m = VANISH.fullmatch(scenario)
    if scenario in ("clean", "hostile"):
        return (CLEAN if scenario == "clean" else HOSTILE), set()
    if not m:
        return CONTAINERS, set()
    listed, gone = int(m.group(1)), int(m.group(2))
    cs = (CONTAINERS + [filler(i) for i in range(3, listed)])[:listed]
    return cs, set(range(listed - gone, listed))


def version():
    return {
        "Platform": {"Name": "Docker Engine - Community"},
        "Version": "27.3.1",
        "ApiVersion": "1.47",
        "MinAPIVersion": "1.24",
        "GitCommit": "41ca978",
        "GoVersion": "go1.22.7",
        "Os": "linux",
        "Arch": "amd64",
        "KernelVersion": "6.8.0-fake",
    }


def info(s):
    name = socket.gethostname() if s != "other_name" else "engine-elsewhere"
    return {
        "ID": "6f3c2a8e-0d4b-4c1e-9b7a-5a1d2c3b4e5f",
        "Name": name,
        "OperatingSystem": "Ubuntu 24.04.1 LTS",
        "OSType": "linux",
        "KernelVersion": "6.8.0-fake",
        "ServerVersion": "27.3.1",
    }


def summary(c):
    return {
        "Id": c["id"],
        "Names": ["/" + c["name"]],
        "Image": c["image"],
        "Command": " ".join(c["cmd"]),
        "State": "running",
        "Status": "Up 2 hours",
        "HostConfig": {"NetworkMode": "bridge"},
    }


def inspect(c):
    return {
        "Id": c["id"],
        "Created": "2025-01-01T00:00:00.000000000Z",
        "Path": c["cmd"][0],
        "Args": c["cmd"][1:],
        "State": {"Status": "running", "Running": True, "Pid": 4242},
        "Image": "sha256:" + "ab" * 32,
        "Name": "/" + c["name"],
        "Config": {
            "Hostname": c["id"][:12],
            "Image": c["image"],
            "Cmd": c["cmd"],
            "Labels": {"com.example.role": c["name"]},
        },
        "HostConfig": {
            "PidMode": c["pid"],
            "IpcMode": c["ipc"],
            "NetworkMode": "bridge",
            "Privileged": False,
        },
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeDocker/1.0"
    scenario = "ok"

    # A unix socket has no peer address to show.
    def address_string(self):
        return "unix"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake_engine[%s]: %s\n" % (self.scenario, fmt % args))

    def send(self, status, body, ctype="application/json"):
        if not isinstance(body, bytes):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Api-Version", "1.47")
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status, obj):
        self.send(status, json.dumps(obj, indent=None) + "\n")

    def error(self, status, message):
        self.send_json(status, {"message": message})

    def do_GET(self):
        s = self.scenario
        path = self.path.split("?", 1)[0]
        # Docker accepts a version prefix: /v1.47/version.
        parts = path.split("/")
        if len(parts) > 1 and parts[1].startswith("v1."):
            path = "/" + "/".join(parts[2:])

        if path == "/version":
            if s == "slow_version":
                time.sleep(SLOW)
            if s == "version_500":
                return self.error(500, "Internal Server Error: the daemon's "
                                  "store is locked")
            if s == "garbage_version":
                return self.send(200, "not json {{{", "text/plain")
            if s == "not_docker":
                return self.send(200, "{}")
            if s == "windows":
                return self.send_json(200, dict(version(), Os="windows"))
            return self.send_json(200, version())

        if path == "/info":
            if s == "no_info":
                return self.error(404, "page not found")
            if s == "garbage_info":
                return self.send(200, "<html>oops</html>", "text/html")
            return self.send_json(200, info(s))

        if path == "/containers/json":
            if s == "list_500":
                return self.error(503, "the daemon is shutting down")
            if s == "garbage_list":
                return self.send(200, "<html><head><title>502 Bad Gateway"
                                 "</title></head><body><h1>Bad Gateway</h1>"
                                 "</body></html>\n", "text/html")
            listed, _ = containers(s)
            if s == "duplicates":
                # each container twice, one of them three times
                listed = CONTAINERS + CONTAINERS[::-1] + CONTAINERS[1:2]
            return self.send_json(200, [summary(c) for c in listed])

        if path.startswith("/containers/") and path.endswith("/json"):
            cid = path[len("/containers/"):-len("/json")]
            listed, gone = containers(s)
            found = [i for i, c in enumerate(listed) if c["id"] == cid]
            if not found or found[0] in gone:
                return self.error(404, "No such container: " + cid)
            i = found[0]
            c = listed[i]
            if i == 1 and s == "inspect_types":
                # well-formed JSON whose PidMode is not a string
                doc = inspect(c)
                doc["HostConfig"]["PidMode"] = 1
                return self.send_json(200, doc)
            if i == 1 and s == "inspect_other":
                # a well-formed answer about another container (db)
                return self.send_json(200, inspect(CONTAINERS[2]))
            if i == 2 and s == "slow_inspect":
                time.sleep(SLOW)
            if s == "slow_each":
                time.sleep(SLOW_EACH)
            if i == 1 and s == "inspect_garbage":
                text = json.dumps(inspect(c))
                return self.send(200, text[:len(text) // 2])
            if i == 1 and s == "inspect_500":
                return self.error(500, "container %s: driver failed" % cid)
            if i == 1 and s == "going_away":
                # No status line, nothing: the engine died mid-scan.
                self.close_connection = True
                return None
            if i == 1 and s == "huge":
                return self.send_huge(c)
            if i == 2 and s == "vanished":
                return self.error(404, "No such container: " + cid)
            return self.send_json(200, inspect(c))

        return self.error(404, "page not found")

    def send_huge(self, c):
        """A valid inspect object padded beyond the limit, streamed."""
        head = json.dumps(inspect(c))[:-1] + ', "Padding": "'
        tail = '"}\n'
        pad = HUGE_BYTES - len(head) - len(tail)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        try:
            self.wfile.write(head.encode())
            chunk = b"x" * CHUNK
            while pad > 0:
                n = min(pad, CHUNK)
                self.wfile.write(chunk[:n])
                pad -= n
            self.wfile.write(tail.encode())
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up, as it should.
            pass
        self.close_connection = True
        return None


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients that hang up early are expected here; keep going.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    handle_error = Server.handle_error


def main():
    if len(sys.argv) not in (3, 4) or (sys.argv[2] not in SCENARIOS and
                                       not VANISH.fullmatch(sys.argv[2])):
        sys.stderr.write("usage: fake_engine.py SOCKET SCENARIO [READY_FILE]\n"
                         "scenarios: %s vanish_LISTED_GONE\n"
                         % " ".join(sorted(SCENARIOS)))
        return 2
    sock, scenario = sys.argv[1], sys.argv[2]
    Handler.scenario = scenario
    # Killed by PID at the end of the test: leave through the finally.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tcp = sock == "tcp"
    if not tcp and os.path.exists(sock):
        os.unlink(sock)
    # binds and listens
    server = TCPServer(("127.0.0.1", 0), Handler) if tcp else Server(sock, Handler)
    if len(sys.argv) == 4:
        with open(sys.argv[3], "w") as f:
            f.write("%d\n" % os.getpid())
            if tcp:
                f.write("%d\n" % server.server_address[1])
    try:
        server.serve_forever()
    finally:
        server.server_close()
        try:
            if not tcp:
                os.unlink(sock)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
