// Imports scapforge's checklists and XCCDF results as STIG Manager's
// clients do (its parsers, then TaskObject for the asset and the STIG)
// and checks what STIG Manager would store against one scenario of
// scenarios.json. Prints one "ok|what" or "fail|what|detail" line a check.
//   node stigman.mjs NODE_MODULES SCENARIOS NAME ckl=FILE cklb=FILE xccdf=FILE
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, scenariosFile, name, ...inputs] = process.argv.slice(2)
const sm = await import(pathToFileURL(
  join(modules, '@nuwcdivnpt/stig-manager-client-modules/index.js')))
const all = JSON.parse(readFileSync(scenariosFile, 'utf8'))
const want = all.scenarios[name]

// one line a check: a newline is written \n, a backslash \\
const line = (s) => String(s).replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const report = (ok, what, detail = '') =>
  console.log(ok ? `ok|${line(`${name}: ${what}`)}` : `fail|${line(`${name}: ${what}`)}|${line(detail)}`)
const same = (what, expected, actual) =>
  report(expected === actual, what,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
const text = (v) => v ?? ''
// The detail may list every assessed container (DISA's check shows each
// one's value), but only an offender's line says it is a finding.
const calledFinding = (detail, id) =>
  detail.split('\n').some((l) => l.includes(id) && /is host|; a finding\)/.test(l))

// A collection with STIG Manager's default field settings (a detail on
// every review, a comment on findings) whose import is set to submit the
// results; nothing of scapforge's is filled in by STIG Manager (empty
// detail and comment are left empty).
const importOptions = {
  autoStatus: { fail: 'submitted', notapplicable: 'submitted', pass: 'submitted' },
  unreviewed: 'commented',
  unreviewedCommented: 'informational',
  emptyDetail: 'ignore',
  emptyComment: 'ignore',
  allowCustom: true
}
const fieldSettings = {
  detail: { enabled: 'always', required: 'always' },
  comment: { enabled: 'findings', required: 'findings' }
}
const parsers = { ckl: sm.reviewsFromCkl, cklb: sm.reviewsFromCklb, xccdf: sm.reviewsFromScc }
// reviewsFromScc is reviewsFromXccdf in 1.6.7; should they part, both run.
if (sm.reviewsFromXccdf !== sm.reviewsFromScc) parsers.xccdf2 = sm.reviewsFromXccdf

function checkTarget(at, target) {
  same(`${at}: asset name`, want.target, target.name)
  same(`${at}: asset IP`, all.target.ip, text(target.ip))
  same(`${at}: asset FQDN`, want.fqdn, text(target.fqdn))
  same(`${at}: asset MAC`, all.target.mac, text(target.mac))
}

function checkReview(at, review, rule) {
  same(`${at}: result`, rule.result, review.result)
  same(`${at}: status`, 'submitted', review.status)
  const detail = text(review.detail)
  for (const [who, id] of rule.offenders) {
    report(detail.includes(who), `${at}: the detail names '${who}'`, detail)
    report(detail.includes(id), `${at}: the detail has the ID ${id} of '${who}'`, detail)
  }
  for (const id of rule.compliant)
    report(!calledFinding(detail, id), `${at}: the detail does not call compliant ${id} a finding`, detail)
  if (rule.result === 'fail')
    report(text(review.comment) !== '', `${at}: a comment (needed to submit a finding)`)
}

// tasks PARSED: TaskObject for a collection with no asset yet and the
// STIG installed in the revision scapforge claims.
const tasks = (parsed) => new sm.TaskObject({
  apiAssets: [],
  apiStigs: [{ benchmarkId: all.benchmarkId, revisionStrs: [all.revisionStr] }],
  parsedResults: parsed,
  options: { createObjects: true, collectionId: '1', strictRevisionCheck: true }
})

function checkTasks(at, parsed) {
  const t = tasks(parsed)
  same(`${at}: TaskObject errors`, '[]', JSON.stringify(t.errors))
  same(`${at}: TaskObject assets`, 1, t.taskAssets.size)
  const asset = [...t.taskAssets.values()][0]
  if (!asset) return
  checkTarget(`${at}: TaskObject`, asset.assetProps)
  same(`${at}: TaskObject ignored checklists`, '[]',
    JSON.stringify(asset.checklistsIgnored.map((c) => c.ignored)))
  same(`${at}: TaskObject checklists of the STIG`, parsed.length,
    asset.checklists.get(all.benchmarkId)?.length ?? 0)
  same(`${at}: TaskObject assigns the STIG`, JSON.stringify([all.benchmarkId]),
    JSON.stringify(asset.assetProps.stigs))
}

const parsedAll = []
for (const input of inputs) {
  const [format, file] = input.split(/=(.*)/s)
  for (const [kind, parse] of Object.entries(parsers)) {
    if (kind.replace(/2$/, '') !== format) continue
    const at = `${kind} ${file.replace(/.*\//, '')}`
    let parsed
    try {
      parsed = parse({ data: readFileSync(file, 'utf8'), importOptions, fieldSettings,
        allowAccept: false, sourceRef: file })
    } catch (e) {
      report(false, `${at}: STIG Manager imports it`, String(e?.message ?? e))
      continue
    }
    report(true, `${at}: STIG Manager imports it`)
    if (kind !== 'xccdf2') parsedAll.push(parsed)
    same(`${at}: parser errors`, '[]', JSON.stringify(parsed.errors ?? []))
    checkTarget(at, parsed.target)
    same(`${at}: checklists`, 1, parsed.checklists.length)
    const cl = parsed.checklists[0]
    if (!cl) continue
    same(`${at}: benchmarkId`, all.benchmarkId, cl.benchmarkId)
    // XCCDF results carry no revision for STIG Manager to read
    same(`${at}: revisionStr`, format === 'xccdf' ? null : all.revisionStr, cl.revisionStr)
    same(`${at}: rules`, Object.keys(want.rules).sort().join(' '),
      cl.reviews.map((r) => r.ruleId).sort().join(' '))
    for (const [ruleId, rule] of Object.entries(want.rules)) {
      const review = cl.reviews.find((r) => r.ruleId === ruleId)
      if (review) checkReview(`${at}: ${ruleId}`, review, rule)
    }
    if (format === 'xccdf') {
      const engines = [...new Set(cl.reviews.map((r) => `${r.resultEngine?.type} ${r.resultEngine?.product}`))]
      same(`${at}: result engine`, 'scap scapforge', engines.join(', '))
    }
    checkTasks(at, [parsed])
  }
}
// the three files of one scan are one asset with one STIG
if (parsedAll.length > 1) checkTasks('all formats together', parsedAll)
