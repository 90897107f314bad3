// TEMPORARY STUB (replaced by wip/cells)

import { parseYuan, toWire } from "../money/yuan.js"
import type { Label } from "../operations/operation.js"
export type CellValue = string | number | boolean | Date | null | undefined
export type CellResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Label }
export type MoneyUnit = "yuan" | "wan" | "yi"
export const moneyUnitOfHeader = (h: string): MoneyUnit | undefined =>
  /万元/.test(h) ? "wan" : /亿元/.test(h) ? "yi" : undefined
const t = (v: CellValue) =>
  v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim()
export const moneyCell = (v: CellValue, unit: MoneyUnit = "yuan"): CellResult => {
  try {
    return {
      ok: true,
      value: toWire(
        parseYuan(t(v) + (unit === "wan" && !/[万亿元]$/.test(t(v)) ? "万" : unit === "yi" ? "亿" : ""))
      )
    }
  } catch (e) {
    return { ok: false, problem: { zh: String(e), en: String(e) } }
  }
}
export const dateCell = (v: CellValue): CellResult => ({ ok: true, value: t(v).replace(/\//g, "-") })
export const patentsCell = (v: CellValue): CellResult => ({
  ok: true,
  value: t(v)
    .split(/[;\s]+/)
    .filter((x) => x)
})
export const textCell = (v: CellValue): CellResult => ({ ok: true, value: t(v) })
export const codeCell = textCell
export const numberCell = (v: CellValue): CellResult => ({ ok: true, value: Number(t(v)) })
export const decimalCell = (v: CellValue, _o?: { percent?: boolean }): CellResult => ({
  ok: true,
  value: t(v)
})
export const booleanCell = (v: CellValue): CellResult => ({
  ok: true,
  value: t(v) === "是" || t(v) === "true"
})
