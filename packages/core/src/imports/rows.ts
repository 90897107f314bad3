import {
  booleanCell,
  type CellResult,
  type CellValue,
  codeCell,
  dateCell,
  decimalCell,
  isBlankCell,
  moneyCell,
  numberCell,
  patentsCell,
  textCell
} from "../io/cells.js"
import type { Label } from "../operations/operation.js"
import { wenzhouDistricts } from "../registry/districts.js"
import type { ImportColumn } from "./columns.js"
import type { HeaderMatch, MatchedColumn } from "./mapping.js"
import { wordCell } from "./words.js"

/*
 * A row of the file as the input of its write: each matched cell read by its field's type (money with its
 * column's unit, dates in every form a sheet has, patent lists, codes, rates), empty cells left out (the
 * input's Schema says which fields are required), constants of the mapping added.
 */

/** What is wrong with a row: the field (and the file's header for it) and the reason in both languages. */
export interface RowIssue {
  readonly field: string
  readonly header?: string
  readonly reason: Label
}

const districtCodes = new Map<string, string>(
  wenzhouDistricts.flatMap((d) => [
    [d.code, d.code],
    [d.name, d.code],
    [d.name.replace(/[区县市]$/u, ""), d.code],
    [d.nameEn.toLowerCase(), d.code]
  ])
)

/** A district by its code, its name (鹿城区, 鹿城) or its English name; anything else goes to the Schema. */
const districtCell = (value: CellValue): CellResult => {
  const text = textCell(value)
  if (!text.ok || typeof text.value !== "string") return text
  return { ok: true, value: districtCodes.get(text.value.toLowerCase()) ?? text.value }
}

type CellReader = (unit: MatchedColumn["unit"], value: CellValue) => CellResult

/** How a field's cell is read, by its type and, for text, by what the field holds. */
const cellReader = (column: ImportColumn): CellReader => {
  const name = column.path.at(-1) ?? column.key
  switch (column.type) {
    case "money":
      return (unit, value) => moneyCell(value, unit)
    case "date":
      return (_, value) => dateCell(value)
    case "number":
      return (_, value) => numberCell(value)
    case "boolean":
      return (_, value) => booleanCell(value)
    case "decimal": {
      const percent = /Percent$/.test(name)
      return (_, value) => decimalCell(value, { percent })
    }
    case "list":
      return name === "patents" ? (_, value) => patentsCell(value) : (_, value) => listCell(value)
    default: {
      const literals = column.literals
      if (literals !== undefined) return (_, value) => wordCell(literals, value)
      if (/Percent$/.test(name)) return (_, value) => decimalCell(value, { percent: true })
      if (/^(rate|ratio|total|maxScore)$/.test(name)) return (_, value) => decimalCell(value)
      if (/district$/i.test(name)) return (_, value) => districtCell(value)
      if (/^(uscc|registrationNo|currency)$/.test(name) || /uscc$/i.test(name))
        return (_, value) => codeCell(value)
      return (_, value) => textCell(value)
    }
  }
}

/** Each column's reader, chosen once (an import reads a million rows through the same few columns). */
const readers = new WeakMap<ImportColumn, CellReader>()

const readCell = (column: ImportColumn, unit: MatchedColumn["unit"], value: CellValue): CellResult => {
  let reader = readers.get(column)
  if (reader === undefined) {
    reader = cellReader(column)
    readers.set(column, reader)
  }
  return reader(unit, value)
}

const listCell = (value: CellValue): CellResult => {
  const text = textCell(value)
  if (!text.ok || typeof text.value !== "string") return text
  return {
    ok: true,
    value: text.value
      .split(/[;；,，、\n]+/u)
      .map((part) => part.trim())
      .filter((part) => part !== "")
  }
}

const setPath = (target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown) => {
  let at = target
  path.forEach((name, i) => {
    if (i === path.length - 1) at[name] = value
    else {
      const next = at[name]
      if (next === undefined || typeof next !== "object" || next === null) at[name] = {}
      at = at[name] as Record<string, unknown>
    }
  })
}

/** The input a row gives, and what is wrong with its cells (the Schema's own issues come later). */
export const rowInput = (
  match: HeaderMatch,
  cells: ReadonlyArray<CellValue>
): {
  readonly input: Record<string, unknown>
  /** The values of the columns that name a record by what people know it by (see `ImportRef`). */
  readonly refs: Record<string, string>
  readonly issues: ReadonlyArray<RowIssue>
} => {
  const input: Record<string, unknown> = {}
  const refs: Record<string, string> = {}
  const put = (column: ImportColumn, value: unknown) => {
    if (column.ref !== undefined) refs[column.key] = String(value)
    else setPath(input, column.path, value)
  }
  const issues: Array<RowIssue> = []
  for (const { column, value } of match.constants) {
    const read = readCell(column, "yuan", value)
    if (!read.ok) issues.push({ field: column.key, reason: read.problem })
    else if (read.value !== undefined) put(column, read.value)
  }
  for (const { index, header, column, unit } of match.matched) {
    const value = cells[index]
    if (isBlankCell(value)) continue
    const read = readCell(column, unit, value)
    if (!read.ok) issues.push({ field: column.key, header, reason: read.problem })
    else if (read.value !== undefined && read.value !== "") put(column, read.value)
  }
  return { input, refs, issues }
}
