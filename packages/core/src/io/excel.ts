import { createRequire } from "node:module"
import type ExcelJSModule from "exceljs"

let loaded: typeof ExcelJSModule | undefined

/**
 * ExcelJS, loaded the first time a workbook is read or written rather than at start-up: loading it costs
 * ~200 ms of CPU and some 20 MB that a server which never sees a spreadsheet, or an import of a CSV, need
 * not pay. (A CommonJS package: required synchronously, so callers stay as they were.)
 */
export const excelJs = (): typeof ExcelJSModule =>
  (loaded ??= createRequire(import.meta.url)("exceljs") as typeof ExcelJSModule)
