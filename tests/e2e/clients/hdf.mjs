// Checks the HDF that MITRE SAF's converters made of scapforge's CKL
// (saf convert ckl2hdf) or XCCDF results (saf convert xccdf_results2hdf)
// against one scenario of scenarios.json. Prints one "ok|what" or
// "fail|what|detail" line a check.
//   node hdf.mjs SCENARIOS NAME ckl|xccdf HDF_FILE
import { readFileSync } from 'node:fs'

const [scenariosFile, name, format, file] = process.argv.slice(2)
const all = JSON.parse(readFileSync(scenariosFile, 'utf8'))
const want = all.scenarios[name]
const at = `saf ${format}2hdf`

// one line a check: a newline is written \n, a backslash \\
const line = (s) => String(s).replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const report = (ok, what, detail = '') =>
  console.log(ok ? `ok|${line(`${name}: ${at}: ${what}`)}`
    : `fail|${line(`${name}: ${at}: ${what}`)}|${line(detail)}`)
const same = (what, expected, actual) =>
  report(expected === actual, what,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
const list = (v) => (v === undefined || v === null ? [] : [].concat(v))
const STATUS = { pass: 'passed', fail: 'failed' }
const RULE = 'xccdf_mil.disa.stig_rule_'
// The text may list every assessed container (DISA's check shows each
// one's value), but only an offender's line says it is a finding.
const calledFinding = (text, id) =>
  text.split('\n').some((l) => l.includes(id) && /is host|; a finding\)/.test(l))

let hdf
try {
  hdf = JSON.parse(readFileSync(file, 'utf8'))
} catch (e) {
  report(false, 'the HDF file parses', String(e?.message ?? e))
  process.exit(0)
}
report(true, 'the HDF file parses')
same('profiles', 1, list(hdf.profiles).length)
const profile = list(hdf.profiles)[0] ?? { controls: [] }

// What the HDF says of each rule: its Rule ID, and the text SAF keeps
// of the result. The CKL mapper puts FINDING_DETAILS in code_desc; the
// XCCDF mapper puts the Rule's description there and keeps the
// rule-result (its message) in tags.rule_result only.
let ruleOf, textOf, asset
if (format === 'ckl') {
  same('profile name', all.benchmarkId, profile.name)
  ruleOf = (c) => c.tags?.rid
  textOf = (c) => list(c.results).map((r) => `${r.code_desc ?? ''}\n${r.message ?? ''}`).join('\n')
  const a = hdf.passthrough?.checklist?.asset ?? {}
  asset = { name: a.hostname, ip: a.hostip, fqdn: a.hostfqdn, mac: a.hostmac }
} else {
  same('profile name', `xccdf_mil.disa.stig_benchmark_${all.benchmarkId}`, profile.name)
  ruleOf = (c) => String(c.id).replace(RULE, '')
  textOf = (c) => list(c.tags?.rule_result?.message)
    .map((m) => (typeof m === 'string' ? m : m?.text ?? '')).join('\n')
  let d = {}
  try {
    d = JSON.parse(profile.description)
  } catch (e) {
    report(false, 'the profile description holds the TestResult', String(e?.message ?? e))
  }
  asset = { name: d['TestResult.target'], ip: list(d['TestResult.target-address']).join(' ') }
}
same('asset name', want.target, asset.name)
same('asset IP', all.target.ip, asset.ip)
if (format === 'ckl') {
  same('asset FQDN', want.fqdn, asset.fqdn)
  same('asset MAC', all.target.mac, asset.mac)
}

const controls = list(profile.controls)
same('rules', Object.keys(want.rules).sort().join(' '), controls.map(ruleOf).sort().join(' '))
for (const [ruleId, rule] of Object.entries(want.rules)) {
  const c = controls.find((x) => ruleOf(x) === ruleId)
  if (!c) continue
  same(`${ruleId}: status`, STATUS[rule.result], list(c.results).map((r) => r.status).join(' '))
  const text = textOf(c)
  for (const [who, id] of rule.offenders) {
    report(text.includes(who), `${ruleId}: names '${who}'`, text)
    report(text.includes(id), `${ruleId}: has the ID ${id} of '${who}'`, text)
  }
  for (const id of rule.compliant)
    report(!calledFinding(text, id), `${ruleId}: does not call compliant ${id} a finding`, text)
}
