import { Schema, SchemaAST } from "effect"
import { percentEntry } from "../io/cells.js"
import { Money } from "../money/wire.js"
import { BusinessDate } from "../time/index.js"
import { columnLabels, totalLabel } from "./labels.js"
import type { AnyOperation, Label } from "./operation.js"

/*
 * The columns of a list's export, derived from the declaration: a list read is a read reached over HTTP
 * whose answer is a page (`{ items, total, limit, offset }`) and which takes `limit` and `offset`; its
 * columns are the item's wire Schema flattened, one per scalar field (a nested object's fields as
 * `pledgor.name`, a list of scalars as one column joined with `;`, a list of records left out), each
 * labelled in both languages (`labels.ts`).
 */

/** What a column holds, for a spreadsheet's cell: text, exact money, a date, a number, a yes/no. */
export type ColumnType = "text" | "money" | "date" | "number" | "decimal" | "boolean" | "list"

export interface Column {
  /** The field's path in the item's JSON, joined with dots (`pledgor.name`). */
  readonly key: string
  readonly path: ReadonlyArray<string>
  readonly type: ColumnType
  /** Its header, in both languages; undefined when no label is declared (a test refuses that). */
  readonly label: Label | undefined
}

/** The item Schema of a list read, or undefined for any other operation. */
export const listItemOf = (op: AnyOperation): Schema.Top | undefined => {
  if (op.write || op.http === undefined || op.http.method !== "get") return undefined
  const names = new Set((op.http.query ?? []).map((q) => q.name))
  if (!names.has("limit") || !names.has("offset")) return undefined
  const fields = (op.output as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> }).fields
  if (fields === undefined) return undefined
  const { items, total, limit, offset } = fields
  if (items === undefined || total === undefined || limit === undefined || offset === undefined)
    return undefined
  const ast = items.ast
  if (!SchemaAST.isArrays(ast) || ast.rest.length !== 1) return undefined
  return Schema.make(ast.rest[0] as SchemaAST.AST)
}

/** The array field of an answer's wire Schema at `field` (a dotted path), as its element's Schema, or undefined. */
const elementOf = (op: AnyOperation, field: string): Schema.Top | undefined => {
  let schema: Schema.Top | undefined = op.output as unknown as Schema.Top
  for (const name of field.split(".")) {
    const fields: Readonly<Record<string, Schema.Top>> | undefined = (
      schema as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> } | undefined
    )?.fields
    schema = fields?.[name]
  }
  const ast = schema?.ast
  if (ast === undefined || !SchemaAST.isArrays(ast) || ast.rest.length !== 1) return undefined
  return Schema.make(ast.rest[0] as SchemaAST.AST)
}

/** The tables a read declares (`exportTable`), its main one first; none for a read declaring none. */
export const exportTablesOf = (op: {
  readonly exportTable?: string | ReadonlyArray<string> | undefined
}): ReadonlyArray<string> =>
  op.exportTable === undefined ? [] : typeof op.exportTable === "string" ? [op.exportTable] : op.exportTable

/**
 * Where a read's table `field` exports, after the read's path: `export` for its main table (or a list's
 * items, `field` undefined), `export/<the field's last name>` for another (`export/projects`).
 */
export const exportSuffixOf = (
  op: { readonly exportTable?: string | ReadonlyArray<string> | undefined },
  field?: string
): string =>
  field === undefined || field === exportTablesOf(op)[0] ? "export" : `export/${field.split(".").at(-1)}`

/**
 * A read's declared table `field` as a read declaring that table alone (what an export of it reads): the
 * main table keeps the read's total row, another has none.
 */
export const tableView = (op: AnyOperation, field: string): AnyOperation => {
  if (field === exportTablesOf(op)[0]) return { ...op, exportTable: field }
  const { exportTotal: _, ...rest } = op
  return { ...rest, exportTable: field } as AnyOperation
}

/**
 * The row Schema of a read's declared (main) table (`exportTable`: the field of its answer that is the table
 * a page shows), or undefined for a read declaring none (or a write, or a read not reached over HTTP).
 */
export const tableItemOf = (op: AnyOperation): Schema.Top | undefined => {
  const [main] = exportTablesOf(op)
  if (op.write || op.http === undefined || op.http.method !== "get" || main === undefined) return undefined
  return elementOf(op, main)
}

/** The row Schema of what a read exports: a list's items or its declared (main) table's rows. */
export const exportItemOf = (op: AnyOperation): Schema.Top | undefined => listItemOf(op) ?? tableItemOf(op)

/**
 * The rows of a read's answer (its wire JSON) that its export writes: a page's items, or a table's rows and
 * then, when it has any, its declared total (`exportTotal`), labelled in `lang`.
 */
export const exportRowsOf = (
  op: AnyOperation,
  json: unknown,
  lang: keyof Label = "zh"
): ReadonlyArray<unknown> => {
  const answer = json as Readonly<Record<string, unknown>>
  const field = listItemOf(op) !== undefined ? "items" : exportTablesOf(op)[0]
  const rows = field
    ?.split(".")
    .reduce<unknown>((at, name) => (at as Readonly<Record<string, unknown>> | undefined)?.[name], answer)
  if (!Array.isArray(rows)) return []
  const total = op.exportTotal
  // An empty table has no total row either (the page says there is nothing).
  if (total === undefined || field === "items" || rows.length === 0 || answer[total.from] === undefined)
    return rows
  return [...rows, { label: totalLabel[lang], [total.into]: answer[total.from] }]
}

const hasCheckOf = (ast: SchemaAST.AST, of: Schema.Top): boolean => {
  const own: ReadonlyArray<unknown> = of.ast.checks ?? []
  const checks: ReadonlyArray<unknown> = ast.checks ?? []
  return own.length > 0 && own.every((check) => checks.includes(check))
}

/** The scalar type a leaf holds, or undefined for an object, a list of records or anything else. */
const scalarType = (ast: SchemaAST.AST): ColumnType | undefined => {
  if (SchemaAST.isString(ast)) {
    if (hasCheckOf(ast, Money)) return "money"
    if (hasCheckOf(ast, BusinessDate)) return "date"
    const identifier = SchemaAST.resolveIdentifier(ast)
    // A count written as text (a count target's figures) is a number a sheet may sum; a figure per month
    // has two places always, as money does.
    // A multiple or fraction (TVPI, leverage, called %: `Multiple`, six places) is a number too.
    if (identifier === "DecimalText" || identifier === "CountText" || identifier === "Multiple")
      return "decimal"
    if (identifier === "PerMonth") return "money"
    return "text"
  }
  // An input's amount decodes to a Decimal (`YuanFromString`): money, whatever checks it carries.
  if (SchemaAST.isDeclaration(ast) && /^Yuan/.test(String(ast.annotations?.identifier ?? ""))) return "money"
  if (SchemaAST.isNumber(ast)) return "number"
  if (SchemaAST.isBoolean(ast)) return "boolean"
  if (SchemaAST.isLiteral(ast)) {
    const literal = ast.literal
    return typeof literal === "number" ? "number" : typeof literal === "boolean" ? "boolean" : "text"
  }
  if (SchemaAST.isEnum(ast) || SchemaAST.isTemplateLiteral(ast)) return "text"
  if (SchemaAST.isUnion(ast)) {
    const types = ast.types.filter((t) => !SchemaAST.isNull(t) && !SchemaAST.isUndefined(t))
    const scalars = types.map(scalarType)
    if (scalars.length === 0 || scalars.some((s) => s === undefined)) return undefined
    const [first] = scalars
    return scalars.every((s) => s === first) ? first : "text"
  }
  return undefined
}

/**
 * A scalar field of a record Schema: its path (`pledgor.name`), what it holds, and for a choice of words
 * (`fiscal | state-owned | …`) the words.
 */
export type Leaf = {
  readonly path: ReadonlyArray<string>
  readonly type: ColumnType
  readonly literals?: ReadonlyArray<string>
  /** A number that may have a fraction (a growth, a progress): not a count, whatever its cell's format. */
  readonly fractional?: true
  /** A fraction of one that people write as a percentage (an annual rate): a form asks for it in %. */
  readonly percent?: true
}

/** Whether a number leaf holds only whole numbers (an `Int`, a literal), `null` aside. */
const whole = (ast: SchemaAST.AST): boolean => {
  if (SchemaAST.isNumber(ast)) return hasCheckOf(ast, Schema.Int)
  if (SchemaAST.isUnion(ast))
    return ast.types.every((t) => SchemaAST.isNull(t) || SchemaAST.isUndefined(t) || whole(t))
  return true
}

/** The words of a choice (a string literal or a union of them, null aside), or undefined. */
const literalsOf = (ast: SchemaAST.AST): ReadonlyArray<string> | undefined => {
  if (SchemaAST.isLiteral(ast)) return typeof ast.literal === "string" ? [ast.literal] : undefined
  if (!SchemaAST.isUnion(ast)) return undefined
  const words: Array<string> = []
  for (const member of ast.types) {
    if (SchemaAST.isNull(member) || SchemaAST.isUndefined(member)) continue
    const own = literalsOf(member)
    if (own === undefined) return undefined
    words.push(...own)
  }
  return words.length > 0 ? words : undefined
}

/** The scalar fields of a record Schema, in order (a nested object's as `pledgor.name`, lists of records left out). */
export const leavesOf = (schema: Schema.Top): ReadonlyArray<Leaf> => leaves(schema.ast, [])

/**
 * The fields of a record Schema that hold a list of records (a tier table's `tiers`), each with its
 * records' scalar fields, in order: what {@link leavesOf} leaves out.
 */
export const recordListsOf = (
  schema: Schema.Top
): ReadonlyArray<{ readonly key: string; readonly leaves: ReadonlyArray<Leaf> }> => {
  const ast = SchemaAST.isSuspend(schema.ast) ? schema.ast.thunk() : schema.ast
  if (!SchemaAST.isObjects(ast)) return []
  return ast.propertySignatures.flatMap((p) => {
    // An optional list (a target's `parts`) is a union of the list and undefined.
    const type = SchemaAST.isUnion(p.type)
      ? p.type.types.find((t) => !SchemaAST.isUndefined(t) && !SchemaAST.isNull(t))
      : p.type
    if (type === undefined || !SchemaAST.isArrays(type) || type.elements.length > 0) return []
    const element = type.rest[0]
    if (element === undefined || scalarType(element) !== undefined) return []
    const fields = leaves(element, [])
    return fields.length === 0 ? [] : [{ key: String(p.name), leaves: fields }]
  })
}

/**
 * The type of a field that holds `a` in one kind of record and `b` in another: money in one and a decimal
 * (a count) in the other is a figure with two places (a target in yuan or a count); anything else is text.
 */
const merged = (a: ColumnType, b: ColumnType): ColumnType =>
  (a === "money" && b === "decimal") || (a === "decimal" && b === "money") ? "money" : "text"

const leaves = (ast: SchemaAST.AST, path: ReadonlyArray<string>): ReadonlyArray<Leaf> => {
  const scalar = scalarType(ast)
  if (scalar !== undefined) {
    const literals = scalar === "text" ? literalsOf(ast) : undefined
    const fractional = scalar === "number" && !whole(ast)
    const percent = (ast.checks ?? []).some((check) => check.annotations?.[percentEntry] === true)
    return [
      {
        path,
        type: scalar,
        ...(literals === undefined ? {} : { literals }),
        ...(fractional ? { fractional: true as const } : {}),
        ...(percent ? { percent: true as const } : {})
      }
    ]
  }
  if (SchemaAST.isObjects(ast))
    return ast.propertySignatures.flatMap((p) => leaves(p.type, [...path, String(p.name)]))
  if (SchemaAST.isArrays(ast)) {
    const element = ast.rest[0]
    return ast.elements.length === 0 && element !== undefined && scalarType(element) !== undefined
      ? [{ path, type: "list" }]
      : []
  }
  if (SchemaAST.isUnion(ast)) {
    // A record of several kinds (or an object or null): every kind's fields, each once, in order.
    const seen = new Map<string, Leaf>()
    for (const member of ast.types)
      for (const leaf of leaves(member, path)) {
        const key = leaf.path.join(".")
        const known = seen.get(key)
        if (known === undefined) seen.set(key, leaf)
        else if (known.type !== leaf.type)
          seen.set(key, { path: leaf.path, type: merged(known.type, leaf.type) })
        else if (known.literals !== undefined && leaf.literals !== undefined)
          // A choice each kind makes its own (a ledger entry's `kind`): the words of every kind.
          seen.set(key, { ...known, literals: [...new Set([...known.literals, ...leaf.literals])] })
        else if (known.literals !== undefined) {
          // A kind holding any text where another holds a choice: text.
          const { literals: _, ...text } = known
          seen.set(key, text)
        }
      }
    return [...seen.values()]
  }
  if (SchemaAST.isSuspend(ast)) return leaves(ast.thunk(), path)
  return []
}

/** The columns of a list read (by its declaration's name, for labels a kind words its own way). */
export const exportColumns = (op: AnyOperation): ReadonlyArray<Column> => {
  const item = exportItemOf(op)
  if (item === undefined) return []
  return leaves(item.ast, []).map((leaf) => {
    const key = leaf.path.join(".")
    // A number with a fraction (a growth, a progress) is a decimal in a sheet, not a whole count.
    const type = leaf.fractional === true ? "decimal" : leaf.type
    return { key, path: leaf.path, type, label: columnLabels(op.name, key) }
  })
}

/** The value at a column's path in an item's JSON (undefined past a null). */
export const cellOf = (item: unknown, column: Column): unknown => {
  let value: unknown = item
  for (const name of column.path) {
    if (value === null || value === undefined || typeof value !== "object") return undefined
    value = (value as Record<string, unknown>)[name]
  }
  return value
}
