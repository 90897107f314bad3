import { Schema } from "effect"
import { type CellValue, type MoneyUnit, moneyHeaderProblem, moneyUnitOfHeader } from "../io/cells.js"
import { decodeInput } from "../journal/command.js"
import { issueAt, sayAt } from "../text/messages.js"
import { headerKey, type ImportColumn } from "./columns.js"

/*
 * How a file's columns reach the input's fields: found from the headers (`columns.ts`), or said by a
 * mapping (`--mapping map.json`, a mapping saved for a source, the upload page's choices) for another
 * layout:
 *
 *   { "columns": { "贷款行": "pledgee.name", "序号": null },     header → field (null: ignore it)
 *     "constants": { "pledgor.district": "330302" },           a value for every row
 *     "units": { "amount": "wan" } }                           a money column's unit, if its header is silent
 */

export const MoneyUnitText = Schema.Literals(["yuan", "wan", "yi"])

export const ImportMapping = Schema.Struct({
  columns: Schema.optional(Schema.Record(Schema.String, Schema.NullOr(Schema.String))),
  constants: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  units: Schema.optional(Schema.Record(Schema.String, MoneyUnitText))
})
export type ImportMapping = typeof ImportMapping.Type

/** Decodes a mapping (a file's JSON, a form's fields): a ValidationError naming each bad part. */
export const decodeMapping = (raw: unknown) => decodeInput(ImportMapping, raw, ["mapping"])

/** What is wrong with a mapping or a header, at `path`: said from the message catalogue. */
export type MappingProblem = ReturnType<typeof sayAt>

/** A column of the file matched to a field of the input. */
export interface MatchedColumn {
  /** Its position in the row (0-based). */
  readonly index: number
  readonly header: string
  readonly column: ImportColumn
  /** A money column's unit: the mapping's, else the header's (`金额(万元)`), else yuan. */
  readonly unit: MoneyUnit
}

/** What the headers gave: the matched columns, the unknown ones (reported, not fatal), fields left out. */
export interface HeaderMatch {
  readonly matched: ReadonlyArray<MatchedColumn>
  readonly unknown: ReadonlyArray<{ readonly index: number; readonly header: string }>
  /**
   * Mapping entries that name no field of this kind, or a header the file does not have, and money columns
   * whose header names a unit that cannot be read: each a field issue said from the catalogue (its path the
   * mapping's entry, or the header).
   */
  readonly problems: ReadonlyArray<MappingProblem>
  /** Fields with neither a column nor a constant (the input's Schema says whether they are required). */
  readonly absent: ReadonlyArray<ImportColumn>
  readonly constants: ReadonlyArray<{ readonly column: ImportColumn; readonly value: string }>
}

const headerText = (cell: CellValue): string =>
  cell === null || cell === undefined ? "" : cell instanceof Date ? cell.toISOString() : String(cell).trim()

/**
 * Matches a header row to the input's columns: a mapping's entry first, then the header's own name; each
 * field takes the first column that names it (a second is reported as unknown).
 */
export const matchHeaders = (
  columns: ReadonlyArray<ImportColumn>,
  header: ReadonlyArray<CellValue>,
  mapping: ImportMapping = {}
): HeaderMatch => {
  const byKey = new Map(columns.map((c) => [c.key, c]))
  const problems: Array<MappingProblem> = []
  const mapped = new Map<string, string | null>()
  for (const [name, field] of Object.entries(mapping.columns ?? {})) {
    mapped.set(headerKey(name), field)
    if (field !== null && !byKey.has(field))
      problems.push(sayAt(`mapping.columns.${name}`, "import-mapping-no-field", { field }))
  }
  const constants: Array<{ column: ImportColumn; value: string }> = []
  for (const [field, value] of Object.entries(mapping.constants ?? {})) {
    const column = byKey.get(field)
    if (column === undefined)
      problems.push(sayAt(`mapping.constants.${field}`, "import-mapping-no-field", { field }))
    else constants.push({ column, value })
  }
  for (const field of Object.keys(mapping.units ?? {}))
    if (byKey.get(field)?.type !== "money")
      problems.push(sayAt(`mapping.units.${field}`, "import-mapping-not-money", { field }))
  const taken = new Set<string>(constants.map((c) => c.column.key))
  const matched: Array<MatchedColumn> = []
  const unknown: Array<{ index: number; header: string }> = []
  const seenMapped = new Set<string>()
  header.forEach((cell, index) => {
    const text = headerText(cell)
    if (text === "") return
    const key = headerKey(text)
    let column: ImportColumn | undefined
    if (mapped.has(key)) {
      seenMapped.add(key)
      const field = mapped.get(key)
      if (field === null || field === undefined) return
      column = byKey.get(field)
    } else {
      column = columns.find((c) => !taken.has(c.key) && c.names.has(key))
      // A column an export writes beside the kind's fields (its id, a name beside a code): skipped silently.
      if (column === undefined && columns.some((c) => c.besides?.has(key) === true)) return
    }
    if (column === undefined || taken.has(column.key)) {
      unknown.push({ index, header: text })
      return
    }
    taken.add(column.key)
    const given = mapping.units?.[column.key]
    const unitProblem = column.type === "money" && given === undefined ? moneyHeaderProblem(text) : undefined
    if (unitProblem !== undefined) problems.push(issueAt(text, unitProblem))
    const unit = given ?? moneyUnitOfHeader(text) ?? "yuan"
    matched.push({ index, header: text, column, unit })
  })
  for (const name of Object.keys(mapping.columns ?? {}))
    if (!seenMapped.has(headerKey(name)))
      problems.push(sayAt(`mapping.columns.${name}`, "import-mapping-no-column", { header: name }))
  return {
    matched,
    unknown,
    problems,
    absent: columns.filter((c) => !taken.has(c.key)),
    constants
  }
}
