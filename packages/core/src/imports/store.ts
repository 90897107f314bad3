import type { Generated } from "kysely"

// The tables of imports (migration 0014), added to the store's `DB` where they are declared.
type Int = number | bigint | string

/** A row an import recorded: the decoded input (canonical JSON) and its sha256, under the import's entry. */
export interface ImportRowsTable {
  journal_id: Int
  /** The row's number in the file (the header is row 1 of a sheet). */
  row_no: Int
  kind: string
  row_hash: string
  input: string
}

/** A column mapping saved for a source (a bank's layout): the newest of a kind and source is used. */
export interface ImportMappingsTable {
  id: Generated<Int>
  kind: string
  source: string
  mapping: string
  journal_id: Int
}

declare module "../store/schema.js" {
  interface DB {
    import_rows: ImportRowsTable
    import_mappings: ImportMappingsTable
  }
}
