#!/usr/bin/env python3
# summary_agrees.py SUMMARY.json ARF.xml EXIT_STATUS: prints "agree" when
# the JSON summary of scapforge scan says what its ARF says (rules,
# results, offenders, counts, evidence, target, engine, profile, Values, exit
# status), else what differs. Used by the end-to-end tests.
import json, sys
import xml.etree.ElementTree as ET
summary = json.load(open(sys.argv[1]))
arf = ET.parse(sys.argv[2]).getroot()
X = "{http://checklists.nist.gov/xccdf/1.2}"
SF = "{urn:scapforge:xccdf-metadata:1}"
tr = arf.find(".//" + X + "TestResult")
problems = []
def same(what, a, b):
    if a != b:
        problems.append("%s: json %r, arf %r" % (what, a, b))
results = tr.findall(X + "rule-result")
same("rules", [r["id"] for r in summary["rules"]], [r.get("idref") for r in results])
for rule, rr in zip(summary["rules"], results):
    same(rule["stig_id"] + " result", rule["result"], rr.find(X + "result").text)
    same(rule["stig_id"] + " stig_id", rule["stig_id"], rr.get("version"))
    for key, element in (("offenders", "offender"), ("excluded_offenders", "excluded-offender")):
        same(rule["stig_id"] + " " + key,
             [(o["id"], o["name"], o["image"], o["setting"], o["value"], o["detail"])
              for o in rule[key]],
             [(o.get("id"), o.get("name"), o.get("image"), o.get("setting"), o.get("value"),
               o.get("detail"))
              for o in rr.findall(X + "metadata/" + SF + element)])
    same(rule["stig_id"] + " instances", [o["id"] for o in rule["offenders"]],
         [i.text for i in rr.findall(X + "instance")])
for name, n in summary["counts"].items():
    same("count " + name, n, sum(1 for r in results if r.find(X + "result").text == name))
facts = {f.get("name"): f.text for f in tr.iter(X + "fact")}
same("sha256", summary["evidence"]["sha256"], facts["urn:scapforge:fact:evidence:sha256"])
same("assessed", summary["evidence"]["assessed"], int(facts["urn:scapforge:fact:containers:assessed"]))
same("excluded", [c["name"] for c in summary["evidence"]["excluded"]],
     [c.get("name") for c in tr.iter(SF + "excluded")])
same("format", summary["format"], 2)
same("target", summary["target"]["name"], tr.find(X + "target").text)
same("target name", summary["target"]["name"], facts["urn:xccdf:fact:asset:identifier:host_name"])
same("target kind", summary["target"]["kind"], facts["urn:scapforge:fact:target:kind"])
same("target fqdn", summary["target"]["fqdn"], facts.get("urn:xccdf:fact:asset:identifier:fqdn"))
same("target addresses", [a["ip"] for a in summary["target"]["addresses"] if a["ip"]],
     [a.text for a in tr.findall(X + "target-address")])
if summary["engine"]:
    same("engine edition", summary["engine"]["edition"], facts.get("urn:scapforge:fact:docker:edition"))
    same("engine operating system", summary["engine"]["operating_system"],
         facts.get("urn:scapforge:fact:docker:operating_system"))
same("profile", summary["profile"], tr.find(X + "profile").get("idref"))
same("exit status", summary["exit_status"], int(sys.argv[3]))
same("values", summary["values"], {s.get("idref"): s.text or "" for s in tr.findall(X + "set-value")})
print("; ".join(problems) if problems else "agree")
