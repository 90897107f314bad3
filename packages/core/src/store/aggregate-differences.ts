/*
 * The proof every maintained aggregate table gives (pledges, funds, linkage): its stored rows against a full
 * recomputation from the records, per key and column.
 */

export interface AggregateDifference {
  readonly table: string
  /** The row's key columns, joined with `/`. */
  readonly key: string
  readonly column: string
  readonly expected: string
  readonly found: string
}

/** A count or fen column as read back (number, bigint or text; null as 0). */
export const big = (v: unknown): bigint =>
  v === null || v === undefined ? 0n : BigInt(v as string | number | bigint)

/**
 * Rows of a table compared per key and column (a missing row counts as zeros; money columns `x_hi`/`x_lo`
 * — billions and remainder — as one number, so that two splits of the same sum agree): every difference,
 * in key order.
 */
export const compareRows = (
  table: string,
  keyColumns: ReadonlyArray<string>,
  valueColumns: ReadonlyArray<string>,
  expected: ReadonlyArray<Record<string, unknown>>,
  found: ReadonlyArray<Record<string, unknown>>
): Array<AggregateDifference> => {
  const keyOf = (r: Record<string, unknown>) => keyColumns.map((k) => String(r[k])).join("/")
  const want = new Map(expected.map((r) => [keyOf(r), r]))
  const have = new Map(found.map((r) => [keyOf(r), r]))
  const out: Array<AggregateDifference> = []
  for (const key of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const a = want.get(key)
    const b = have.get(key)
    for (const column of valueColumns) {
      if (column.endsWith("_lo")) continue
      const value = (r: Record<string, unknown> | undefined) =>
        r === undefined
          ? 0n
          : column.endsWith("_hi")
            ? big(r[column]) * 1_000_000_000n + big(r[column.replace(/_hi$/, "_lo")])
            : big(r[column])
      if (value(a) !== value(b))
        out.push({
          table,
          key,
          column: column.replace(/_hi$/, ""),
          expected: value(a).toString(),
          found: value(b).toString()
        })
    }
  }
  return out
}
