"""Checks of scapforge's checklists against DISA's XCCDF and against the
checklist merged into, for tests/e2e/checklist_stig.sh. Each check prints
"ok|what" or "fail|what|detail".

  disa XCCDF CKL CKLB STATUS...   every rule of DISA's STIG, in its order,
                                  DISA's fields; the statuses given, in order
  merged-ckl OFFICER MERGED FRESH RULE_ID...
  merged-cklb OFFICER MERGED FRESH RULE_ID...
                                  MERGED is OFFICER with only the STATUS and
                                  FINDING_DETAILS of the rules changed, to
                                  those of FRESH (made from the same ARF)
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

X = "{http://checklists.nist.gov/xccdf/1.1}"
DC = "{http://purl.org/dc/elements/1.1/}"
CKL_STATUS = {"NotAFinding": "not_a_finding", "Open": "open",
              "Not_Applicable": "not_applicable",
              "Not_Reviewed": "not_reviewed"}
# CKL attribute, CKLB key, tag of DISA's description
DESC = [("Vuln_Discuss", "discussion", "VulnDiscussion"),
        ("IA_Controls", "ia_controls", "IAControls"),
        ("False_Positives", "false_positives", "FalsePositives"),
        ("False_Negatives", "false_negatives", "FalseNegatives"),
        ("Documentable", "documentable", "Documentable"),
        ("Mitigations", "mitigations", "Mitigations"),
        ("Potential_Impact", "potential_impacts", "PotentialImpacts"),
        ("Third_Party_Tools", "third_party_tools", "ThirdPartyTools"),
        ("Mitigation_Control", "mitigation_control", "MitigationControl"),
        ("Responsibility", "responsibility", "Responsibility"),
        ("Security_Override_Guidance", "security_override_guidance",
         "SeverityOverrideGuidance")]
ORDER = ("Vuln_Num Severity Group_Title Rule_ID Rule_Ver Rule_Title "
         "Vuln_Discuss IA_Controls Check_Content Fix_Text False_Positives "
         "False_Negatives Documentable Mitigations Potential_Impact "
         "Third_Party_Tools Mitigation_Control Responsibility "
         "Security_Override_Guidance Check_Content_Ref Weight Class STIGRef "
         "TargetKey STIG_UUID").split()


def report(ok, what, detail=""):
    print(("ok|%s" % what) if ok else "fail|%s|%s" % (what, detail))


def text(e):
    return "" if e is None or e.text is None else e.text


def tag(desc, name):
    m = re.search("<%s>(.*?)</%s>" % (name, name), desc, re.S)
    return m.group(1) if m else ""


def disa_rules(path):
    """Per Rule of DISA's XCCDF, in its order: the CKL's fields."""
    b = ET.parse(path).getroot()
    title, version = text(b.find(X + "title")), text(b.find(X + "version"))
    release = [text(p) for p in b.findall(X + "plain-text")
               if p.get("id") == "release-info"][0]
    out = []
    for g in b.iter(X + "Group"):
        for r in g.findall(X + "Rule"):
            desc = text(r.find(X + "description"))
            f = {"Vuln_Num": g.get("id"), "Severity": r.get("severity"),
                 "Group_Title": text(g.find(X + "title")),
                 "Rule_ID": r.get("id"),
                 "Rule_Ver": text(r.find(X + "version")),
                 "Rule_Title": text(r.find(X + "title")),
                 "Check_Content": text(r.find(X + "check/" + X +
                                              "check-content")),
                 "Fix_Text": text(r.find(X + "fixtext")),
                 "Check_Content_Ref": r.find(X + "check/" + X +
                                             "check-content-ref").get("name"),
                 "Weight": r.get("weight"), "Class": "Unclass",
                 "STIGRef": "%s :: Version %s, %s" % (title, version, release),
                 "TargetKey": text(r.find(X + "reference/" + DC +
                                          "identifier")),
                 "group_desc": text(g.find(X + "description"))}
            for ckl, _, t in DESC:
                f[ckl] = tag(desc, t)
            f["legacy"] = [text(i) for i in r.findall(X + "ident")
                           if i.get("system") == "http://cyber.mil/legacy"]
            f["cci"] = [text(i) for i in r.findall(X + "ident")
                        if i.get("system") == "http://cyber.mil/cci"]
            out.append(f)
    return out


def check_ckl(rules, path, statuses):
    root = ET.parse(path).getroot()
    vulns = root.findall("./STIGS/iSTIG/VULN")
    uuid = [text(s.find("SID_DATA")) for s in
            root.findall("./STIGS/iSTIG/STIG_INFO/SI_DATA")
            if text(s.find("SID_NAME")) == "uuid"][0]
    report(len(vulns) == len(rules), "CKL: a VULN per DISA rule (%d)" %
           len(rules), len(vulns))
    got = [v.find("STIG_DATA/ATTRIBUTE_DATA").text for v in vulns]
    report(got == [r["Vuln_Num"] for r in rules], "CKL: DISA's order", got)
    got = [text(v.find("STATUS")) for v in vulns]
    report(got == statuses, "CKL: statuses", " ".join(got))
    bad = []
    for want, v in zip(rules, vulns):
        data = [(text(d.find("VULN_ATTRIBUTE")),
                 text(d.find("ATTRIBUTE_DATA"))) for d in v.findall(
                     "STIG_DATA")]
        exp = [(k, want[k]) for k in ORDER[:-1]] + [("STIG_UUID", uuid)]
        exp += [("LEGACY_ID", x) for x in want["legacy"]]
        exp += [("CCI_REF", x) for x in want["cci"]]
        if data != exp:
            diff = [(a, b) for a, b in zip(data, exp) if a != b]
            bad.append("%s: %r" % (want["Vuln_Num"], diff[:2] or
                                   (len(data), len(exp))))
        tail = [c.tag for c in v if c.tag != "STIG_DATA"]
        if tail != ["STATUS", "FINDING_DETAILS", "COMMENTS",
                    "SEVERITY_OVERRIDE", "SEVERITY_JUSTIFICATION"]:
            bad.append("%s: %r" % (want["Vuln_Num"], tail))
        if text(v.find("STATUS")) == "Not_Reviewed" and any(
                text(v.find(t)) for t in ("FINDING_DETAILS", "COMMENTS",
                                          "SEVERITY_OVERRIDE",
                                          "SEVERITY_JUSTIFICATION")):
            bad.append("%s: not reviewed, yet not empty" % want["Vuln_Num"])
    report(not bad, "CKL: every VULN field for field DISA's", "; ".join(bad))


def check_cklb(rules, path, statuses):
    doc = json.load(open(path, encoding="utf-8"))
    stig = doc["stigs"][0]
    got = stig["rules"]
    report(len(got) == len(rules) == stig["size"],
           "CKLB: a rule per DISA rule (%d)" % len(rules), len(got))
    report([r["group_id"] for r in got] == [r["Vuln_Num"] for r in rules],
           "CKLB: DISA's order")
    want = [CKL_STATUS[s] for s in statuses]
    report([r["status"] for r in got] == want, "CKLB: statuses",
           " ".join(r["status"] for r in got))
    bad = []
    for w, r in zip(rules, got):
        exp = {"group_id": w["Vuln_Num"], "group_id_src": w["Vuln_Num"],
               "severity": w["Severity"], "group_title": w["Group_Title"],
               "rule_id_src": w["Rule_ID"],
               "rule_id": w["Rule_ID"][:-len("_rule")],
               "rule_version": w["Rule_Ver"], "rule_title": w["Rule_Title"],
               "check_content": w["Check_Content"], "fix_text": w["Fix_Text"],
               "check_content_ref": {"name": w["Check_Content_Ref"],
                                     "href": ""},
               "weight": w["Weight"], "classification": "Unclass",
               "legacy_ids": w["legacy"], "ccis": w["cci"],
               "stig_ref": w["STIGRef"], "target_key": w["TargetKey"],
               "stig_uuid": stig["uuid"],
               "group_tree": [{"id": w["Vuln_Num"],
                               "title": w["Group_Title"],
                               "description": w["group_desc"]}]}
        for ckl, key, _ in DESC:
            exp[key] = w[ckl]
        if r["status"] == "not_reviewed":
            exp.update(comments="", finding_details="", overrides={})
        diff = [k for k in exp if r.get(k) != exp[k]]
        if diff:
            bad.append("%s: %s" % (w["Vuln_Num"], " ".join(diff)))
    report(not bad, "CKLB: every rule field for field DISA's", "; ".join(bad))


def vuln_block(s, rule_id):
    """The text of the VULN of rule_id (split at <VULN>, which no comment
    of these files holds)."""
    blocks = [b for b in s.split("<VULN>")
              if "<ATTRIBUTE_DATA>%s</ATTRIBUTE_DATA>" % rule_id in b]
    return blocks[0] if len(blocks) == 1 else None


def element(block, name):
    m = re.search("<%s>.*?</%s>" % (name, name), block, re.S)
    return m.group(0) if m else None


def merged_ckl(officer, merged, fresh, rule_ids):
    orig = open(officer, encoding="utf-8").read()
    got = open(merged, encoding="utf-8").read()
    new = open(fresh, encoding="utf-8").read()
    expected, parts = orig, orig.split("<VULN>")
    for rid in rule_ids:
        fblock = vuln_block(new, rid)
        i = [k for k, b in enumerate(parts)
             if "<ATTRIBUTE_DATA>%s</ATTRIBUTE_DATA>" % rid in b][0]
        block = parts[i]
        # the officer's elements, found past any XML comment that mimics them
        code = re.sub(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>",
                      lambda m: "\0" * len(m.group(0)), block, flags=re.S)
        for name in ("STATUS", "FINDING_DETAILS"):
            m = re.search("<%s>.*?</%s>" % (name, name), code, re.S)
            block = block[:m.start()] + element(fblock, name) + \
                block[m.end():]
            code = code[:m.start()] + element(fblock, name) + \
                code[m.end():]
        parts[i] = block
    expected = "<VULN>".join(parts)
    report(got == expected, "merged CKL: the officer's file byte for byte "
           "but the rules' STATUS and FINDING_DETAILS",
           "first difference at byte %d" % next(
               (k for k, (a, b) in enumerate(zip(got, expected)) if a != b),
               min(len(got), len(expected))))
    report(got != orig, "merged CKL: the file changed")


def merged_cklb(officer, merged, fresh, rule_ids):
    orig = open(officer, encoding="utf-8").read().split("\n")
    got = open(merged, encoding="utf-8").read().split("\n")
    new = {r["rule_id_src"]: r for s in json.load(
        open(fresh, encoding="utf-8"))["stigs"] for r in s["rules"]}
    report(len(orig) == len(got), "merged CKLB: as many lines",
           "%d %d" % (len(orig), len(got)))
    changed = [(a, b) for a, b in zip(orig, got) if a != b]
    values = {}
    for _, line in changed:
        k, v = next(iter(json.loads("{%s}" % line.strip().rstrip(","))
                         .items()))
        values.setdefault(k, []).append(v)
    want = {"status": [new[r]["status"] for r in rule_ids],
            "finding_details": [new[r]["finding_details"] for r in rule_ids]}
    report(len(changed) == 2 * len(rule_ids) and values == want,
           "merged CKLB: only the rules' status and finding_details lines "
           "changed, to the results", repr(changed)[:400])


def main(argv):
    cmd = argv[1]
    if cmd == "disa":
        rules = disa_rules(argv[2])
        check_ckl(rules, argv[3], argv[5:])
        check_cklb(rules, argv[4], argv[5:])
    elif cmd == "merged-ckl":
        merged_ckl(argv[2], argv[3], argv[4], argv[5:])
    elif cmd == "merged-cklb":
        merged_cklb(argv[2], argv[3], argv[4], argv[5:])


if __name__ == "__main__":
    main(sys.argv)
