import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { fundFigures } from "../equity/metrics.js"
import { exitRouteLabels } from "../equity/vocabulary.js"
import { describeError, NotFoundError, validationErrorFromIssue } from "../errors.js"
import { recordKinds } from "../linkage/schema.js"
import { disposalMethodLabels, linkagePilotLabels } from "../operations/labels.js"
import { periodOfQuery } from "../pledges/period-query.js"
import { pledgeFilterIssues } from "../pledges/pledges.js"
import { PledgeInput, PledgeLoanInput } from "../pledges/schema.js"
import { makeUscc } from "../registry/codes.js"
import { parseTargetFigure, TargetInput } from "../targets/schema.js"
import { futureDateIssue } from "../time/shanghai.js"
import {
  isRecordNoun,
  localizedMessage,
  messageCatalogue,
  messageCodes,
  messageText,
  say
} from "./messages.js"

const CJK = /[\u4e00-\u9fff]/

/** Every non-test source file (.ts, and the server's pages in .tsx) under `dir`, but this catalogue's own. */
const sources = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !path.endsWith("text/messages.ts")
      ? [path]
      : []
  })
const coreFiles = sources(join(import.meta.dirname, ".."))
const coreSource = coreFiles.map((path) => readFileSync(path, "utf8"))
/**
 * The server's and the dashboard's own sources: the server's query-string and JSON-body errors say catalogue
 * codes too (server api/query.ts), and their pages' sentences are the catalogue's (`catalogueText`).
 */
const serverSource = ["../../../server/src", "../../../ui/src"].flatMap((dir) =>
  sources(join(import.meta.dirname, dir)).map((path) => readFileSync(path, "utf8"))
)

/**
 * The sources whose every message to a person is said from the catalogue: the linkage pilots' write paths
 * (their services, the shared write machinery and reversal, their input Schemas) and the reasons there
 * is no IRR (the finance functions and the fund, LP and look-through figures), the linkage lists' filters
 * and the pool payout notes, the fund ledger, conversions and pledge loans, and the rules a pledge-side
 * write keeps (pledges/rules.ts). Not (yet) here: pledges/pledges.ts, whose import path still says one
 * failure in plain words (a StoreError's detail, kept inside); its refusals said with `invalid` are
 * checked over every source below.
 */
const codedSources = coreFiles
  .filter((path) => {
    const at = path.slice(join(import.meta.dirname, "..").length + 1)
    return (
      (at.startsWith("linkage/") && !at.endsWith("examples.ts")) ||
      at.startsWith("finance/") ||
      [
        "equity/metrics.ts",
        "equity/accounts.ts",
        "equity/look-through.ts",
        "pledges/rules.ts",
        "pledges/ledger.ts",
        "equity/funds.ts",
        "equity/conversions.ts",
        "loans/service.ts",
        "pledges/period.ts",
        "text/text.ts",
        // The cross-field rules of the input Schemas, the registry's, the targets', the accounts' and the
        // journey's refusals (issue 12: coded at their source, no regex row translating their English).
        "pledges/schema.ts",
        "pledges/module.ts",
        "equity/schema.ts",
        "auth/accounts.ts",
        "journey/journey.ts",
        "time/dates.ts",
        // The file-level refusals of an import, a pledge CSV and an idempotency key (issue 12).
        "imports/engine.ts",
        "imports/mapping.ts",
        "imports/mappings.ts",
        "io/pledges-csv.ts",
        "journal/command.ts",
        // Why a file cannot be read, and a refused permission naming the fund (issue 12).
        "io/read.ts",
        "auth/actor.ts"
      ].includes(at) ||
      at.startsWith("registry/") ||
      (at.startsWith("targets/") && !at.endsWith("operations.ts"))
    )
  })
  .map((path) => ({ path, text: readFileSync(path, "utf8") }))

describe("the message catalogue", () => {
  it("words every message in Chinese and in English, each with every parameter it declares", () => {
    expect(messageCodes.length).toBeGreaterThan(20)
    for (const code of messageCodes) {
      const { example } = messageCatalogue[code]
      const zh = messageText(code, example, "zh")
      const en = messageText(code, example, "en")
      expect(code, code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(zh, `${code} in Chinese`).toMatch(CJK)
      expect(en?.replace(CJK, ""), `${code} in English`).toMatch(/[a-z]/)
      expect(zh).not.toBe(en)
      for (const text of [zh, en]) expect(text, code).not.toMatch(/undefined|\[object/)
      for (const [name, value] of Object.entries(example)) {
        // A quoted message's code (`problemCode`, see `quoting`) is no word: it names an entry of the catalogue.
        if (name.endsWith("Code")) expect(messageCodes, `${code}: ${name}`).toContain(value)
        // A key (an exit's route, a pilot) reads as its declared label, which may begin with a capital.
        else expect(en?.toLowerCase(), `${code} uses ${name}`).toContain(value.toLowerCase())
      }
    }
  })

  it("words a journey's exit route, disposal method and pilot with the labels their vocabularies declare", () => {
    const fund = "瓯江天使基金"
    for (const [route, label] of Object.entries(exitRouteLabels)) {
      expect(messageText("journey-exit", { fund, route }, "zh")).toBe(`${fund} 退出 · ${label.zh}`)
      expect(messageText("journey-exit", { fund, route }, "en")).toBe(`${fund} exit · ${label.en}`)
    }
    const disposal = { registrationNo: "Y2025330000123", recovered: "1.00", writtenOff: "2.00" }
    for (const [method, label] of Object.entries(disposalMethodLabels)) {
      expect(messageText("journey-loan-disposed", { ...disposal, method }, "zh")).toContain(`（${label.zh}）`)
      expect(messageText("journey-loan-disposed", { ...disposal, method }, "en")).toContain(`(${label.en})`)
    }
    const policy = { startsOn: "2025-01-01", endsOn: "2025-12-31" }
    for (const pilot of ["investment-insurance", "transfer-insurance"] as const) {
      const label = linkagePilotLabels[pilot]
      expect(messageText("journey-policy-started", { ...policy, pilot }, "zh")).toMatch(
        new RegExp(`^${label.zh}保单 `)
      )
      expect(messageText("journey-policy-started", { ...policy, pilot }, "en")).toMatch(
        new RegExp(`^${label.en} policy `)
      )
    }
  })

  it("has an entry for every code the core and the server say, and says every entry somewhere", () => {
    const said = new Set(
      [...coreSource, ...serverSource].flatMap((text) =>
        [
          ...text.matchAll(
            /\b(?:say|sayAt|checkMessage|catalogueText|catalogueNodes)\((?:[^,()]+(?:\([^()]*\))?,\s*)?"([a-z0-9-]+)"/g
          )
        ].map((m) => m[1]!)
      )
    )
    expect(said.size).toBeGreaterThan(10)
    for (const code of said) expect(messageCodes, code).toContain(code)
    for (const code of messageCodes)
      expect(
        [...coreSource, ...serverSource].some((text) => text.includes(`"${code}"`)),
        `${code} is said by the core, the server or the dashboard`
      ).toBe(true)
  })

  it("codes every refusal of the linkage writes and every reason for no IRR: no English said without a code", () => {
    expect(codedSources.length).toBeGreaterThan(20)
    const uncoded = codedSources.flatMap(({ path, text }) =>
      [
        // An issue, a ConflictError's detail, a Schema check's message or a NoRate's reason in plain words.
        ...text.matchAll(/\b(?:message|detail|reason): [`"'][^`"']*[ :][^`"']*[`"']/g),
        // A refusal of the linkage writes given words instead of a code (`invalid(path, code, params)`).
        ...text.matchAll(/\binvalid\(\s*[^,()]+,\s*[`'][^)]*\)/g),
        ...text.matchAll(/\binvalid\(\s*[^,()]+,\s*"[^"]*[ :][^"]*"/g)
      ].map((m) => `${path}: ${m[0]}`)
    )
    expect(uncoded).toEqual([])
    // What they say is in the catalogue, in both languages (the first test words every entry).
    const said = codedSources.flatMap(({ text }) =>
      [
        ...text.matchAll(
          /\b(?:say|sayAt|said|checkMessage|invalid)\((?:\s*[^,()"]+(?:\([^()]*\))?,|\s*"[^"]*",)?\s*"([a-z0-9-]+)"/g
        )
      ].map((m) => m[1]!)
    )
    expect(new Set(said).size).toBeGreaterThan(50)
    for (const code of said) expect(messageCodes, code).toContain(code)
  })

  it("codes every cross-field rule of an input Schema: no filter's issue is given in plain words", () => {
    const all = coreFiles.map((path) => ({ path, text: readFileSync(path, "utf8") }))
    // `{ path: ["end"], issue: "must not be before start" }`: a filter's issue is said with `checkMessage`
    // or `checkSaid`, so `validationErrorFromIssue` finds its code again.
    const uncoded = all.flatMap(({ path, text }) =>
      [...text.matchAll(/\bissue:\s*[`"']/g)].map((m) => `${path}: ${text.slice(m.index, m.index + 80)}`)
    )
    expect(uncoded).toEqual([])
    const coded = all.flatMap(({ text }) => [...text.matchAll(/\bissue:\s*check(?:Message|Said)\(/g)])
    expect(coded.length).toBeGreaterThan(20)
  })

  it("translates no English of the core by pattern: the only rows left are Effect Schema's own words", () => {
    const source = readFileSync(join(import.meta.dirname, "messages.ts"), "utf8")
    const body = source.slice(
      source.indexOf("function ruleZh("),
      source.indexOf("for (const [pattern, zh] of rules)")
    )
    const rows = [...body.matchAll(/^\s*\[\/(.*?)\/,/gm)].map((m) => m[1]!)
    expect(rows.length).toBeGreaterThan(5)
    for (const row of rows) expect(row, row).toMatch(/^\^Expected /)
  })

  it("words the cross-field rules, the registry's codes and the targets' figures in either language", () => {
    const refusal = (schema: Schema.Top, input: unknown) => {
      const decoded = Schema.decodeUnknownResult(schema as Schema.Codec<unknown>)(input, { errors: "all" })
      if (!Result.isFailure(decoded)) throw new Error("expected a failure")
      return validationErrorFromIssue(decoded.failure.issue).issues
    }
    const [late] = refusal(PledgeLoanInput, {
      pledgeId: 1,
      amount: "1000.00",
      rate: "0.04",
      disbursedOn: "2025-03-01",
      maturesOn: "2025-03-01"
    })
    expect(late).toEqual({
      path: "maturesOn",
      message: "must be after disbursedOn",
      code: "after-field",
      params: { field: "disbursedOn" }
    })
    expect(localizedMessage(late!, "zh")).toBe("须晚于放款日")
    const pledge = {
      registrationNo: "Y2025330000123",
      pledgor: { uscc: makeUscc("91330302MA2AF0001"), name: "温州甲公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: ["201710601862.3"],
      amount: "1000.00",
      registeredOn: "2025-03-01"
    }
    const [title] = refusal(PledgeInput, { ...pledge, patentTitles: { "ZL201710601862.3": "一种装置" } })
    expect(title).toMatchObject({ path: "patentTitles.ZL201710601862.3", code: "patent-title-not-pledged" })
    expect(localizedMessage(title!, "zh")).toBe("所列专利不在质押专利之中")
    const codes = refusal(PledgeInput, {
      ...pledge,
      pledgor: { uscc: "91330302MA2AAAAA1X", name: "温州甲公司", district: "330399" }
    })
    const byPath = new Map(codes.map((i) => [i.path, i]))
    expect(byPath.get("pledgor.district")?.code).toBe("district-code")
    expect(localizedMessage(byPath.get("pledgor.district")!, "zh")).toMatch(/^不是温州的区县代码/)
    // The credit code's check character is wrong: the registry's own reason, coded.
    expect(byPath.get("pledgor.uscc")?.code).toBe("uscc-check")
    const target = refusal(TargetInput, {
      key: "pledge-financing",
      label: "目标",
      labelEn: "A target",
      unit: "yuan",
      target: "1万2",
      metric: "pledge-amount",
      periodKind: "fixed"
    })
    const t = new Map(target.map((i) => [i.path, i]))
    const [key] = refusal(TargetInput.fields.key, "Bad Key")
    expect(key).toMatchObject({ code: "target-key-shape" })
    expect(t.get("target")).toMatchObject({
      code: "target-yuan-positive",
      params: { reasonCode: "amount-unit-position", "reason.unit": "万" }
    })
    expect(localizedMessage(t.get("target")!, "zh")).toBe("须为大于零的金额（元）：单位“万”只能写在数字后面")
    expect(t.get("periodStart")?.code).toBe("target-period-start")
    expect(parseTargetFigure("count", "2.5")).toMatchObject({
      code: "target-count-whole",
      params: { got: '"2.5"' }
    })
    // Every message of these sources is one the catalogue words: none falls back to its English in Chinese.
    for (const issue of [late!, title!, key!, ...codes, ...target])
      expect(localizedMessage(issue, "zh"), `${issue.path}: ${issue.message}`).toMatch(CJK)
  })

  it("codes every Schema check's own message: no check or filter of the core gives English words", () => {
    const all = coreFiles.map((path) => ({ path, text: readFileSync(path, "utf8") }))
    const uncoded = all.flatMap(({ path, text }) =>
      [
        // `Schema.isMaxLength(64, { message: "…" })`: the message is said with `checkMessage(code, params)`.
        ...text.matchAll(/\bSchema\.(?:is[A-Za-z]+|check)\((?:[^()]|\([^()]*\))*?\bmessage:\s*[`"']/g),
        // `Schema.makeFilter((n) => ok || "…")`: the same.
        ...text.matchAll(/\bmakeFilter\((?:[^()]|\([^()]*\))*?\|\|\s*[`"']/g)
      ].map((m) => `${path}: ${m[0]}`)
    )
    expect(uncoded).toEqual([])
    // The scan sees the checks it is meant for: the coded ones are found by the same patterns.
    const coded = all.flatMap(({ text }) => [
      ...text.matchAll(/\bSchema\.(?:is[A-Za-z]+|check)\((?:[^()]|\([^()]*\))*?\bmessage:\s*checkMessage\(/g),
      ...text.matchAll(/\bmakeFilter\((?:[^()]|\([^()]*\))*?\|\|\s*checkMessage\(/g)
    ])
    expect(coded.length).toBeGreaterThan(10)
  })

  it("codes every refusal said with invalid(...) and names every missing record by a catalogued kind", () => {
    const all = coreFiles.map((path) => ({ path, text: readFileSync(path, "utf8") }))
    const uncoded = all.flatMap(({ path, text }) =>
      [
        // `invalid(path, code, params)` (errors.ts) only: words in place of the code are refused.
        ...text.matchAll(/\binvalid(?:Because)?\(\s*[^,()]+,\s*`/g),
        ...text.matchAll(/\binvalid(?:Because)?\(\s*[^,()]+,\s*"[^"]*[ :][^"]*"/g),
        // A service of its own `invalid` taking words again.
        ...text.matchAll(/\bconst invalid\s*=\s*\(\s*path: string,\s*message: string/g)
      ].map((m) => `${path}: ${m[0]}`)
    )
    expect(uncoded).toEqual([])
    const said = all.flatMap(({ text }) =>
      [...text.matchAll(/\binvalid(?:Because)?\(\s*(?:"[^"]*"|[^,()"]+),\s*"([a-z0-9-]+)"/g)].map(
        (m) => m[1]!
      )
    )
    expect(new Set(said).size).toBeGreaterThan(80)
    for (const code of said) expect(messageCodes, code).toContain(code)
    // A NotFoundError says `not-found` with its kind: every kind the core names is worded in both languages.
    const kinds = all.flatMap(({ text }) => [
      ...[...text.matchAll(/new NotFoundError\(\{\s*entity: "([^"]+)"/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\bone\("[A-Za-z]+", "([^"]+)"/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\bentryOfKind\([^)]*, "([^"]+)"\)/g)].map((m) => m[1]!)
    ])
    expect(new Set(kinds).size).toBeGreaterThan(20)
    for (const kind of [...kinds, ...recordKinds]) expect(isRecordNoun(kind), kind).toBe(true)
    const missing = new NotFoundError({ entity: "pledge", id: "42" })
    const described = describeError(missing)!
    expect(described).toMatchObject({
      detail: "pledge 42 was not found",
      code: "not-found",
      params: { kind: "pledge", key: "42" }
    })
    expect(localizedMessage({ message: described.detail!, ...described }, "zh")).toBe("未找到质押登记 42")
    expect(localizedMessage({ message: described.detail!, ...described }, "en")).toBe(missing.message)
  })

  it("words a said message in either language, and keeps the English of a code it lacks", () => {
    const issue = { path: "to", ...say("to-before-from", { from: "2026-03-01" }) }
    expect(issue.message).toBe("must not be before from (2026-03-01)")
    expect(localizedMessage(issue, "zh")).toBe("结束日期不得早于开始日期（2026-03-01）")
    expect(localizedMessage(issue, "en")).toBe(issue.message)
    expect(localizedMessage({ message: "as the core says it", code: "no-such-code" }, "zh")).toBe(
      "as the core says it"
    )
    expect(localizedMessage({ message: "plain" }, "zh")).toBe("plain")
  })

  it("is what the filters, dates and notes of the core say, with their parameters", () => {
    const backwards = periodOfQuery({ from: "2026-05-01", to: "2026-04-01" }, "2026-06-01")
    expect(backwards.issues).toEqual([
      {
        path: "to",
        message: "must not be before from (2026-05-01)",
        code: "to-before-from",
        params: { from: "2026-05-01" }
      }
    ])
    const badDate = pledgeFilterIssues({ from: "2025-02-29" })[0]!
    expect(badDate.code).toBe("date-day")
    expect(localizedMessage(badDate, "zh")).toBe("不是真实日期：2025-02 只有 28 天，没有 29 日")
    const future = futureDateIssue("registeredOn", "2026-07-01", "2026-06-01")!
    expect(localizedMessage(future, "zh")).toBe("不得晚于今天（2026-06-01）")
    const figures = fundFigures([], "2026-06-30")
    expect(figures.noteMessages.map((n) => n.code)).toContain("note-nothing-paid-in")
    expect(figures.notes).toEqual(figures.noteMessages.map((n) => n.message))
  })

  it("codes the field checks of an input Schema, read back from the issue's words", () => {
    const decoded = Schema.decodeUnknownResult(PledgeInput)(
      {
        registrationNo: "y1",
        pledgor: { uscc: "91330302MA2AAAAA1X", name: " ", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [],
        amount: "1000.00",
        registeredOn: "2025-03-01"
      },
      { errors: "all" }
    )
    if (!Result.isFailure(decoded)) throw new Error("expected a failure")
    const issues = validationErrorFromIssue(decoded.failure.issue).issues
    const byPath = new Map(issues.map((i) => [i.path, i]))
    expect(byPath.get("registrationNo")?.code).toBe("registration-no-format")
    expect(byPath.get("patents")).toMatchObject({
      code: "patents-none",
      message: "at least one patent must be pledged"
    })
    expect(byPath.get("pledgor.name")).toMatchObject({
      code: "text-empty",
      params: { what: "the pledgor's name" }
    })
    expect(localizedMessage(byPath.get("patents")!, "zh")).toBe("至少须出质一项专利")
    // An amount read the way people type it: the reader's reason, coded too.
    const amount = Schema.decodeUnknownResult(PledgeInput.fields.amount)("1万2")
    if (!Result.isFailure(amount)) throw new Error("expected a failure")
    const [unit] = validationErrorFromIssue(amount.failure.issue).issues
    expect(unit).toMatchObject({ code: "amount-unit-position", params: { unit: "万" } })
    expect(localizedMessage(unit!, "zh")).toBe("单位“万”只能写在数字后面")
  })
})
