export { headerKey, type ImportColumn, importColumns } from "./columns.js"
export {
  type ImportKind,
  type ImportMode,
  type ImportRequest,
  type ImportSummary,
  importableOperations,
  importKinds,
  type RowOutcome,
  type RowStatus,
  runImport
} from "./engine.js"
export {
  decodeMapping,
  type HeaderMatch,
  ImportMapping,
  type MatchedColumn,
  matchHeaders
} from "./mapping.js"
export {
  findMapping,
  importedRows,
  mappingSources,
  type SavedMapping,
  SavedMappingInput,
  saveMapping
} from "./mappings.js"
export type { RowIssue } from "./rows.js"
