import { type ColumnType, leavesOf } from "../operations/columns.js"
import { columnLabels } from "../operations/labels.js"
import type { AnyOperation, Label } from "../operations/operation.js"
import { exportOnly, synonymsOf } from "./synonyms.js"

/*
 * The columns of an import, derived from the declaration of the write it feeds: one per scalar field of the
 * input Schema (`pledgor.name`, a list of scalars such as `patents` as one cell), headed in both languages
 * as the exports head them (`operations/labels.ts`), and known by their common other names too
 * (`synonyms.ts`: 质押登记号, 信用代码, 银行…). A header matches a column when, once normalised
 * ({@link headerKey}), it is the field's path or name, one of its labels or one of its synonyms.
 */

export interface ImportColumn {
  /** The field's path in the input (`pledgor.uscc`). */
  readonly key: string
  readonly path: ReadonlyArray<string>
  readonly type: ColumnType
  readonly label: Label
  /** Every header it answers to, normalised with {@link headerKey}. */
  readonly names: ReadonlySet<string>
  /** A column that names a record the input refers to by id (the id field it fills), not an input field. */
  readonly ref?: string
  /** The words a choice takes (`fiscal`, `state-owned`, …): a cell may give them or their labels. */
  readonly literals?: ReadonlyArray<string>
  /**
   * The headers (normalised) of the columns the kind's exports write beside its fields and no import reads
   * (编号, 日志序号, 状态, 现担保金额…: {@link exportOnly}, and the stored record's fields its input has not):
   * a file carrying them, an export read back, imports without them, and no header match reports them.
   * The same set on every column of a kind.
   */
  readonly besides?: ReadonlySet<string>
}

/**
 * A header as it is matched: NFKC (full-width letters, digits and brackets become ASCII), lower case, no
 * spaces, underscores or dots, no required-field star, and without a unit or note in brackets at the end
 * (`质押金额（万元）` → `质押金额`, `Amount (CNY)` → `amount`).
 */
export const headerKey = (header: string): string =>
  header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[*＊]/g, "")
    .replace(/\s+/g, "")
    .replace(/(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|\/(?:万元|亿元|元|cny|yuan))+$/u, "")
    .replace(/[_.\-·]/g, "")

/** The columns of an importable write (empty for any other operation). */
export const importColumns = (op: AnyOperation): ReadonlyArray<ImportColumn> => {
  if (op.importKind === undefined) return []
  const inputs = leavesOf(op.input)
  const own = new Set(inputs.map((leaf) => leaf.path.join(".")))
  const besides = new Set(
    [...new Set([...leavesOf(op.output).map((leaf) => leaf.path.join(".")), ...exportOnly])]
      .filter((key) => !own.has(key))
      .flatMap((key) => {
        const label = columnLabels(op.name, key)
        return [key, ...(label === undefined ? [] : [label.zh, label.en])].map(headerKey)
      })
  )
  const column = (
    path: ReadonlyArray<string>,
    type: ColumnType,
    more: { readonly ref?: string; readonly literals?: ReadonlyArray<string> } = {}
  ): ImportColumn => {
    const key = path.join(".")
    const label = columnLabels(op.name, key) ?? { zh: key, en: key }
    const names = new Set(
      [key, path.at(-1) ?? key, label.zh, label.en, ...synonymsOf(op.name, key)].map(headerKey)
    )
    return { key, path, type, label, names, besides, ...more }
  }
  const fields = inputs.map((leaf) =>
    column(leaf.path, leaf.type, leaf.literals === undefined ? {} : { literals: leaf.literals })
  )
  const known = new Set(fields.map((f) => f.key))
  const refs = (op.importRefs ?? []).flatMap((ref) =>
    ref.by.filter((b) => !known.has(b.key)).map((b) => column([b.key], b.type, { ref: ref.field }))
  )
  return [...fields, ...refs.filter((c, i) => refs.findIndex((d) => d.key === c.key) === i)]
}
