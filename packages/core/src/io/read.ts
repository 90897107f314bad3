// TEMPORARY STUB (replaced by wip/readers)
import { readFile } from "node:fs/promises"
import { parse } from "csv-parse/sync"
export type CellValue = string | number | boolean | Date | null | undefined
export interface SheetRow {
  readonly rowNo: number
  readonly cells: ReadonlyArray<CellValue>
}
export type FileFormat = "csv" | "xlsx"
export interface RowSource {
  readonly format: FileFormat
  readonly encoding?: string
  readonly sheet?: string
  readonly rows: AsyncIterable<SheetRow>
}
export interface ReadOptions {
  readonly sheet?: string | number
  readonly encoding?: "utf-8" | "gb18030" | "gbk"
  readonly format?: FileFormat
}
export class UnreadableFile extends Error {
  constructor(
    readonly file: string,
    readonly reason: { zh: string; en: string }
  ) {
    super(reason.en)
  }
}
export const rowsFromBytes = async (
  bytes: Uint8Array,
  _name: string,
  _o?: ReadOptions
): Promise<RowSource> => {
  const rows: Array<Array<string>> = parse(Buffer.from(bytes).toString("utf8"), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true
  })
  return {
    format: "csv",
    rows: (async function* () {
      let i = 0
      for (const cells of rows) yield { rowNo: ++i, cells }
    })()
  }
}
export const openRows = async (file: string, o?: ReadOptions): Promise<RowSource> => {
  const bytes = await readFile(file).catch((e: Error) => {
    throw new UnreadableFile(file, { zh: e.message, en: e.message })
  })
  return rowsFromBytes(bytes, file, o)
}
