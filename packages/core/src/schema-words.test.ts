import { Exit, Schema, SchemaIssue } from "effect"
import { describe, expect, it } from "vitest"
import { type ValidationError, validationErrorFromIssue } from "./errors.js"
import type { RowOutcome } from "./imports/engine.js"
import { reasonsText, reportWriter } from "./imports/report.js"
import { rowsFromBytes } from "./io/read.js"
import { openKejin } from "./kejin.js"
import { createTestDatabase, testDialects } from "./store/testing.js"
import { localizedMessage } from "./text/messages.js"

// Every kind of issue Effect Schema reports in its own English ("Expected string", "Missing key", …) has a
// code of the catalogue: a Chinese page and a Chinese import report word it in Chinese, while the API keeps
// the English (`detail`, `errors[].reason`) and the code.

const CJK = /[\u4e00-\u9fff]/
const LATIN = /[A-Za-z]/

const Probe = Schema.Struct({
  text: Schema.String,
  count: Schema.Number,
  flag: Schema.Boolean,
  kind: Schema.Literals(["bank", "guarantor"]),
  id: Schema.Int.check(Schema.isGreaterThan(0)),
  code: Schema.String.check(Schema.isMaxLength(3)),
  name: Schema.String.check(Schema.isMinLength(2)),
  list: Schema.Array(Schema.String),
  nested: Schema.Struct({ inner: Schema.String }),
  either: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  pattern: Schema.String.check(Schema.isPattern(/^a+$/)),
  whole: Schema.Int,
  between: Schema.Number.check(Schema.isBetween({ minimum: 1, maximum: 5 })),
  nonEmpty: Schema.NonEmptyString,
  date: Schema.Date,
  none: Schema.Null,
  three: Schema.Literal(3)
})

const badInput = {
  text: 1,
  count: "x",
  flag: "no",
  kind: "other",
  id: -1,
  code: "abcd",
  name: "a",
  list: [1],
  nested: {},
  either: true,
  pattern: "b",
  whole: 1.5,
  between: 9,
  nonEmpty: "",
  date: 3,
  none: 1,
  three: 4,
  extra: 1
}

/** The ValidationError of decoding `input` with `schema`, every issue at once, excess keys refused. */
const refusal = (schema: Schema.Top, input: unknown): ValidationError => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown>)(input, {
    errors: "all",
    onExcessProperty: "error"
  })
  if (Exit.isSuccess(exit)) throw new Error("decoded")
  const issue = (exit.cause.reasons[0] as { error: { issue: SchemaIssue.Issue } }).error.issue
  return validationErrorFromIssue(issue)
}

/** Every kind the formatter words: the decoding's issues, and the kinds no field of the probe gives. */
const everyKind = (): ReadonlyArray<ValidationError["issues"][number]> => [
  ...refusal(Probe, badInput).issues,
  ...validationErrorFromIssue(new SchemaIssue.MissingKey(undefined), ["missing"]).issues,
  ...validationErrorFromIssue(new SchemaIssue.Forbidden(undefined), ["forbidden"]).issues,
  ...validationErrorFromIssue(new SchemaIssue.InvalidValue(undefined), ["invalid"]).issues,
  ...validationErrorFromIssue(
    new SchemaIssue.OneOf(
      Schema.Union([Schema.String, Schema.String]).ast,
      [Schema.String.ast, Schema.String.ast],
      "x"
    ),
    ["oneOf"]
  ).issues
]

describe("Effect Schema's own messages", () => {
  it("each kind has a code of the catalogue, worded in Chinese without English; the English stays the detail", () => {
    const issues = everyKind()
    expect(issues.length).toBeGreaterThanOrEqual(21)
    const codes = new Set<string>()
    for (const issue of issues) {
      expect(issue.code, `${issue.path}: ${issue.message}`).toMatch(/^schema-/)
      expect(issue.params?.detail).toBe(issue.message)
      codes.add(issue.code!)
      const zh = localizedMessage(issue, "zh")
      expect(zh, `${issue.path}: ${issue.message}`).toMatch(CJK)
      expect(zh, `${issue.path}: ${issue.message} → ${zh}`).not.toMatch(LATIN)
      // In English the catalogue repeats Effect's words, but a missing field's: "is required", not "Missing key".
      expect(localizedMessage(issue, "en")).toBe(
        issue.code === "schema-missing-key" ? "is required" : issue.message
      )
    }
    expect([...codes].sort()).toEqual([
      "schema-ambiguous",
      "schema-check",
      "schema-forbidden",
      "schema-invalid-choice",
      "schema-invalid-type",
      "schema-invalid-value",
      "schema-missing-key",
      "schema-unexpected-key"
    ])
    const by = (path: string) => issues.find((i) => i.path === path)
    expect(localizedMessage(by("nested.inner")!, "zh")).toBe("必填，未填写")
    expect(localizedMessage(by("text")!, "zh")).toBe("格式不对：应为文本")
    expect(localizedMessage(by("id")!, "zh")).toBe("须大于 0")
    expect(localizedMessage(by("between")!, "zh")).toBe("须在 1 到 5 之间")
    expect(localizedMessage(by("extra")!, "zh")).toBe("不认识此字段：请删去")
  })

  it("keeps a check's code, and a check's own English without a code as it was said", () => {
    const plain = validationErrorFromIssue(
      new SchemaIssue.InvalidValue({ message: "must follow a rule no catalogue knows" }),
      ["maturesOn"]
    ).issues[0]!
    expect(plain).toEqual({ path: "maturesOn", message: "must follow a rule no catalogue knows" })
  })
})

const rows = async (text: string) => (await rowsFromBytes(Buffer.from(text), "x.csv")).rows

for (const dialect of testDialects()) {
  describe(`a Chinese import report on ${dialect}`, () => {
    it("words a missing field in Chinese, under the file's header, in the report and its reason column", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      try {
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创投资管理有限公司" })
        const outcomes: Array<RowOutcome> = []
        const header = [
          "基金代码",
          "基金名称",
          "类型",
          "链条环节",
          "管理人名称",
          "目标规模(亿元)",
          "设立年份",
          "区县"
        ]
        await kejin.imports.run({
          kind: "funds",
          rows: await rows(
            `${header.join(",")}\nwz-a,,链条基金,天使投资,温州科创投资管理有限公司,1,2025-01-01,鹿城区\n,温州基金,链条基金,天使投资,温州科创投资管理有限公司,1,2025-01-01,鹿城区\n`
          ),
          mode: "skip-invalid",
          onRow: (o) => {
            outcomes.push(o)
          }
        })
        const refused = outcomes.filter((o) => o.status === "error")
        expect(refused.map((o) => reasonsText(o, "zh"))).toEqual([
          "基金名称：必填，未填写",
          "基金代码：必填，未填写"
        ])
        // English from the catalogue too: "is required", as an English page says it, not Effect's "Missing key".
        expect(refused.map((o) => reasonsText(o, "en"))).toEqual([
          "基金名称: is required",
          "基金代码: is required"
        ])
        // The report's reason column, as the sender gets it back.
        const chunks: Array<Buffer> = []
        const { Writable } = await import("node:stream")
        const out = new Writable({
          write(chunk, _encoding, done) {
            chunks.push(Buffer.from(chunk))
            done()
          }
        })
        const report = reportWriter(out, "csv", header, "zh")
        for (const o of refused) await report.write(o)
        await report.close()
        const lines = Buffer.concat(chunks).toString("utf8").trim().split(/\r?\n/).slice(1)
        for (const line of lines) {
          const reason = line.split(",").at(-1)!
          expect(reason).toMatch(CJK)
          expect(reason).not.toMatch(LATIN)
        }
      } finally {
        await kejin.close()
        await database.dispose()
      }
    })
  })
}
