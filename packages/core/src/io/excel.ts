import { createRequire } from "node:module"
import type ExcelJS from "exceljs"

const require = createRequire(import.meta.url)
let loaded: typeof ExcelJS | undefined

/**
 * ExcelJS, loaded at its first use: some 20 MB of memory and a share of start-up that a process which never
 * reads or writes a workbook (an import of a CSV, the dashboard) does without. Synchronous (exceljs is a
 * CommonJS package), so the functions using it keep their signatures.
 */
export const excel = (): typeof ExcelJS => {
  loaded ??= require("exceljs") as typeof ExcelJS
  return loaded
}
