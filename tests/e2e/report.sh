#!/usr/bin/env bash
# The reports made besides the ARF: the JSON summary must parse and agree
# with the ARF for every scan here; the HTML page, rendered by headless
# Chromium, must show every offending container's name as text (hostile
# names never become markup) and the result counts of the ARF; the page
# must be self-contained. SCREENSHOT_DIR=DIR keeps the screenshots.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
command -v python3 >/dev/null || must_run "python3 is not installed"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)

# container NAME PIDMODE IPCMODE [IMAGE]: one docker inspect element.
container() {
	python3 - "$@" <<'PY'
import hashlib, json, sys
name, pid, ipc = sys.argv[1:4]
image = sys.argv[4] if len(sys.argv) > 4 else "busybox:1.36"
print(json.dumps({"Id": hashlib.sha256(name.encode()).hexdigest(),
                  "Name": "/" + name, "Path": "sh", "Args": [],
                  "Config": {"Image": image, "Cmd": ["sh"]},
                  "HostConfig": {"PidMode": pid, "IpcMode": ipc}}))
PY
}
E=$WORK/evidence
mkdir -p "$E"
HOSTILE='<script>alert("x")</script>'
{
	echo "["
	container "$HOSTILE" host "" "evil<img src=x>:1"; echo ","
	container "caf\u00e9-\u03a9 & \"quotes\"" "" host; echo ","
	container "plain" "" private; echo ","
	container "shared-both" host host; echo ","
	container "ucp-agent" host host "docker/ucp-agent:3"
	echo "]"
} >"$E/failing.json"
# the escapes above are literal backslashes for python's json to keep:
# decode them so the names hold the real characters
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [c.update(Name=c["Name"].encode().decode("unicode_escape")) for c in d]; json.dump(d, open(sys.argv[1], "w"))' "$E/failing.json"
printf '[%s]\n' "$(container quiet "" private)" >"$E/passing.json"

# scan NAME EVIDENCE [ARGS...]: a scan with every report, of a target
# named web01; sets RC.
scan() {
	local name=$1 ev=$2
	shift 2
	mkdir -p "$WORK/$name"
	"$SF" scan --datastream "$DS" --evidence "$ev" --target-name web01 \
		--evidence-out "$WORK/$name/evidence.json" --arf "$WORK/$name/arf.xml" \
		--html "$WORK/$name/report.html" --json "$WORK/$name/summary.json" "$@" \
		>"$WORK/$name/out.txt" 2>"$WORK/$name/err.txt"
	RC=$?
}

# agree NAME: the JSON summary parses and says what the ARF says.
agree() {
	local dir=$WORK/$1
	expect_eq "$1: the JSON summary parses and agrees with the ARF" agree \
		"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$dir/summary.json" "$dir/arf.xml" "$RC" 2>&1)"
}

scan failing "$E/failing.json"
expect_eq "failing: exit 2" 2 "$RC"
agree failing
scan passing "$E/passing.json"
expect_eq "passing: exit 0" 0 "$RC"
agree passing
scan literal "$E/failing.json" --set-value ipc_shareable_is_finding=true \
	--set-value container_exclusion_pattern= --rule DKER-EE-001250
expect_eq "literal, one rule, nothing excluded: exit 2" 2 "$RC"
agree literal
# no engine: the bundled-evidence warning reaches every report
mkdir -p "$WORK/fallback"
"$SF" scan --datastream "$DS" -H "unix://$WORK/none.sock" \
	--fallback-evidence "$E/failing.json" --evidence-out "$WORK/fallback/evidence.json" \
	--arf "$WORK/fallback/arf.xml" --html "$WORK/fallback/report.html" \
	--json "$WORK/fallback/summary.json" >/dev/null 2>&1
RC=$?
expect_eq "fallback: exit 2" 2 "$RC"
agree fallback
WARNING=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["warning"])' \
	"$WORK/fallback/summary.json")
expect_eq "fallback: the summary carries the warning" \
	"WARNING: no Docker engine was reachable" "${WARNING%% (*}"
# --json - puts the summary, and only it, on stdout
"$SF" scan --datastream "$DS" --evidence "$E/failing.json" \
	--evidence-out "$WORK/stdout/evidence.json" --arf "$WORK/stdout/arf.xml" \
	--json - >"$WORK/stdout.json" 2>/dev/null
RC=$?
mkdir -p "$WORK/stdout"
cp "$WORK/stdout.json" "$WORK/stdout/summary.json"
agree stdout

# The HTML page: self-contained, hostile names as text.
page=$WORK/failing/report.html
expect_eq "the page fetches nothing and runs nothing" "" \
	"$(grep -Eio '<(script|link|iframe|img|object|embed)[ >]|<[a-z][^>]* (src|href)=|@import|url\(' "$page" | sort -u | paste -sd' ')"
expect_true "the page is what 'scapforge report' makes of the ARF" \
	sh -c "'$SF' report '$WORK/failing/arf.xml' -o '$WORK/again.html' && cmp -s '$WORK/again.html' '$page'"
echo 'not an ARF' >"$WORK/junk.xml"
cp "$page" "$WORK/keep.html"
out=$("$SF" report "$WORK/junk.xml" -o "$WORK/keep.html" 2>&1)
expect_eq "report refuses what is not an ARF, and leaves the page as it was" \
	"1 scapforge: '$WORK/junk.xml' is not XML, so not an ARF report (line 1: text where markup must start)|same" \
	"$? $out|$(cmp -s "$WORK/keep.html" "$page" && echo same)"
out=$("$SF" report "$WORK/failing/evidence.json" -o "$WORK/x.html" 2>&1)
expect_eq "report refuses JSON" 1 "$?"
out=$("$SF" report "$DS" -o "$WORK/x.html" 2>&1)
expect_eq "report refuses a data stream" \
	"1 scapforge: '$DS' is not an ARF report: its root element is 'data-stream-collection', not ARF 1.1's asset-report-collection" \
	"$? $out"
# entities that would expand to gigabytes: refused (by the DTD check, or
# by libxml2's guard), at once, without a page
python3 - "$WORK/laughs.xml" <<'PY'
import sys
lines = ['<?xml version="1.0"?>', '<!DOCTYPE a [', '<!ENTITY e0 "aaaaaaaaaa">']
lines += ['<!ENTITY e%d "%s">' % (i, ("&e%d;" % (i - 1)) * 10) for i in range(1, 10)]
lines += [']>', '<arf:asset-report-collection xmlns:arf="http://scap.nist.gov/'
          'schema/asset-reporting-format/1.1">&e9;</arf:asset-report-collection>']
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
out=$(timeout 20 "$SF" report "$WORK/laughs.xml" -o "$WORK/laughs.html" 2>&1)
rc=$?
case $out in
*"declares a DTD"* | *"entity"*) refused=yes ;;
*) refused="no: $out" ;;
esac
expect_eq "report refuses an ARF with expanding entities, at once" "1 yes no page" \
	"$rc $refused $([ -e "$WORK/laughs.html" ] && echo page || echo no page)"

if [ -z "$CHROMIUM" ]; then
	must_run "chromium is not installed (Debian's chromium)"
fi
# render NAME: DOM dump and screenshot of NAME's page.
render() {
	local dir=$WORK/$1 flags
	flags=(--headless --no-sandbox --disable-gpu --no-first-run
		--disable-background-networking --disable-component-update --disable-sync
		--user-data-dir="$WORK/chromium-$1")
	timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$dir/report.html" \
		>"$dir/dom.html" 2>"$dir/chromium.err"
	timeout 120 "$CHROMIUM" "${flags[@]}" --window-size=1280,2400 \
		--screenshot="$dir/screenshot.png" "file://$dir/report.html" \
		>/dev/null 2>>"$dir/chromium.err"
	if [ -n "${SCREENSHOT_DIR:-}" ]; then
		mkdir -p "$SCREENSHOT_DIR"
		cp "$dir/screenshot.png" "$SCREENSHOT_DIR/$1.png"
	fi
}
# shown NAME: what the DOM dump shows, read back with python's parser:
# offender names (text of name cells), counts by result, script elements.
shown() {
	python3 - "$WORK/$1/dom.html" "$WORK/$1/arf.xml" <<'PY'
import sys
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.names, self.counts, self.scripts, self.warning = [], [], {}, 0, ""
        self.count_of = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a.get("class", ""), a))
        if tag == "script":
            self.scripts += 1
        if tag == "div" and a.get("class") == "count":
            self.count_of = a.get("data-result")
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
    def handle_data(self, data):
        if not self.stack:
            return
        tag, cls, a = self.stack[-1]
        if tag == "td" and cls == "name":
            self.names.append(data)
        if tag == "b" and self.count_of:
            self.counts[self.count_of] = int(data)
            self.count_of = None
        if tag == "p" and cls == "warning":
            self.warning += data
dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
X = "{http://checklists.nist.gov/xccdf/1.2}"
SF = "{urn:scapforge:xccdf-metadata:1}"
tr = ET.parse(sys.argv[2]).getroot().find(".//" + X + "TestResult")
want_names = [o.get("name") for o in tr.iter(SF + "offender")]
results = [r.find(X + "result").text for r in tr.findall(X + "rule-result")]
want_counts = {k: results.count(k) for k in set(results) | {"pass", "fail"}}
want_counts["total"] = len(results)
print("names %s" % ("ok" if dom.names == want_names else "%r != %r" % (dom.names, want_names)))
print("counts %s" % ("ok" if dom.counts == want_counts else "%r != %r" % (dom.counts, want_counts)))
print("scripts %d" % dom.scripts)
print("warning %s" % (dom.warning or "-"))
PY
}
render failing
expect_eq "chromium: the page renders (screenshot)" "PNG" \
	"$(head -c 4 "$WORK/failing/screenshot.png" 2>/dev/null | tail -c 3)"
expect_eq "chromium: every offender named as text, the ARF's counts, no script" \
	"names ok|counts ok|scripts 0|warning -" "$(shown failing | paste -sd'|')"
expect_eq "chromium: the hostile name is text in the DOM" 1 \
	"$(grep -c '&lt;script&gt;alert' "$WORK/failing/dom.html")"
render passing
expect_eq "chromium: a passing scan" "names ok|counts ok|scripts 0|warning -" \
	"$(shown passing | paste -sd'|')"
render fallback
expect_eq "chromium: the page says the example was scanned" \
	"names ok|counts ok|scripts 0|warning $WARNING" "$(shown fallback | paste -sd'|')"
expect_eq "chromium: the page says the results are of no host" \
	"These results are of scapforge's bundled example evidence, not of any host." \
	"$(sed -n 's/.*<p class="example" id="example">\([^<]*\)<.*/\1/p' "$WORK/fallback/dom.html")"
finish
