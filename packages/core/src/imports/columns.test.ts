import { describe, expect, it } from "vitest"
import { modules } from "../modules.js"
import { exportColumns } from "../operations/columns.js"
import { importColumns } from "./columns.js"
import { importableOperations } from "./engine.js"
import { matchHeaders } from "./mapping.js"
import { rowInput } from "./rows.js"

const operations = [...importableOperations(modules)]

/** The example body of a write's route with its path's example ids: the input a row should give. */
const exampleInput = (op: (typeof operations)[number][1]): Record<string, unknown> => {
  const http = op.http!
  const ids = Object.fromEntries(
    Object.entries(http.params ?? {}).map(([name, p]) => [p.field ?? name, p.example ?? 1])
  )
  return { ...(http.body?.example as Record<string, unknown>), ...ids }
}

const at = (value: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>(
    (v, k) => (v === null || typeof v !== "object" ? undefined : (v as Record<string, unknown>)[k]),
    value
  )

const setAt = (target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown) => {
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((o, k) => {
    o[k] ??= {}
    return o[k] as Record<string, unknown>
  }, target)
  parent[path.at(-1)!] = value
}

describe("import columns, from the declarations", () => {
  it("every importable write has a kind of its own, and every column a label in both languages", () => {
    expect(operations.length).toBeGreaterThanOrEqual(30)
    expect(new Set(operations.map(([kind]) => kind)).size).toBe(operations.length)
    for (const [kind, op] of operations) {
      const columns = importColumns(op)
      expect(columns.length, kind).toBeGreaterThan(0)
      for (const c of columns) {
        expect(c.label.zh, `${kind} ${c.key}`).not.toBe(c.key)
        expect(c.label.en, `${kind} ${c.key}`).not.toBe("")
      }
    }
  })

  it("a row headed with the Chinese labels gives back each kind's example input", () => {
    for (const [kind, op] of operations) {
      const example = exampleInput(op)
      const columns = importColumns(op).filter((c) => at(example, c.path) !== undefined)
      const header = columns.map((c) => c.label.zh)
      const cells = columns.map((c) => {
        const value = at(example, c.path)
        return Array.isArray(value) ? value.join(";") : (value as string | number | boolean)
      })
      const match = matchHeaders(importColumns(op), header)
      expect(match.unknown, kind).toEqual([])
      expect(match.problems, kind).toEqual([])
      const { input, issues } = rowInput(match, cells)
      expect(issues, kind).toEqual([])
      // What a sheet's cells can hold: the example's scalar fields (a score's dimensions are a record).
      const expected = {}
      for (const c of columns) setAt(expected, c.path, at(example, c.path))
      expect(input, kind).toEqual(expected)
    }
  })

  it("headers in English, with synonyms, units and full-width brackets match the same fields", () => {
    const op = importableOperations(modules).get("pledges")!
    const match = matchHeaders(importColumns(op), [
      "质押登记号",
      "Pledgor USCC",
      "出质人名称",
      "所属区县",
      "贷款银行",
      "质押金额（万元）",
      "登记日期*",
      "专利申请号",
      "序号"
    ])
    expect(match.matched.map((m) => m.column.key)).toEqual([
      "registrationNo",
      "pledgor.uscc",
      "pledgor.name",
      "pledgor.district",
      "pledgee.name",
      "amount",
      "registeredOn",
      "patents"
    ])
    expect(match.matched.find((m) => m.column.key === "amount")?.unit).toBe("wan")
    expect(match.unknown).toEqual([{ index: 8, header: "序号" }])
  })
})

describe("the lists' exports import again", () => {
  const byName = new Map(modules.flatMap((m) => m.operations.map((op) => [op.name, op] as const)))
  // A list, the write its rows are recorded with, and the export columns no input field holds (an id, a
  // name beside a code, a registration's status and current secured amount…): skipped, not reported.
  const pairs = [
    [
      "pledges.list",
      "pledges.record",
      ["id", "pledgor.districtName", "journalSeq", "reversed", "status", "securedAmount"]
    ],
    ["registry.enterprisePage", "registry.addEnterprise", ["id", "districtName", "local", "journalSeq"]],
    ["registry.institutionPage", "registry.addInstitution", ["id", "journalSeq"]],
    ["funds.list", "funds.create", ["id", "statusSince", "districtName", "journalSeq"]]
  ] as const
  for (const [list, write, extra] of pairs)
    for (const lang of ["zh", "en"] as const)
      it(`reads every header of ${list}'s export (${lang}) that ${write} takes, skipping the others silently`, () => {
        const columns = exportColumns(byName.get(list)!)
        const header = columns.map((c) => c.label?.[lang] ?? c.key)
        const match = matchHeaders(importColumns(byName.get(write)!), header)
        expect(match.unknown).toEqual([])
        const read = new Set(match.matched.map((m) => columns[m.index]!.key))
        expect(
          columns
            .map((c) => c.key)
            .filter((key) => !read.has(key))
            .sort()
        ).toEqual([...extra].sort())
        expect(match.problems).toEqual([])
      })
})
