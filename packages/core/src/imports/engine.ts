import { createHash } from "node:crypto"
import { setFlagsFromString } from "node:v8"
import { Decimal } from "decimal.js"
import { Cause, Data, Effect, Exit, Schema } from "effect"
import { type Kysely, sql } from "kysely"
import { type Actor, authorize, ForbiddenError } from "../auth/actor.js"
import {
  ConflictError,
  describeError,
  invalid,
  NotFoundError,
  ValidationError,
  validationErrorFromIssue
} from "../errors.js"
import type { CellValue, SheetRow } from "../io/read.js"
import { canonicalJson, sha256 } from "../journal/canonical.js"
import { CurrentBatch, decodeOptions } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { noteRecordsOf } from "../journal/records.js"
import { type AnyOperation, execute, type Label, type Module } from "../operations/operation.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { Database } from "../store/database.js"
import type { DB } from "../store/schema.js"
import { analyzeAsGrown, bulkInsert } from "../store/unnest.js"
import { localizedMessage } from "../text/messages.js"
import { type ImportColumn, importColumns } from "./columns.js"
import { type HeaderMatch, type ImportMapping, matchHeaders } from "./mapping.js"
import { findMapping } from "./mappings.js"
import { type RowIssue, rowInput } from "./rows.js"
import "./store.js"

/*
 * An import: the rows of a file recorded through the write their kind declares, all in one transaction
 * under one journal entry (`imports.<kind>`: the file, the mode, how many rows and the sha256 over them;
 * the rows themselves in `import_rows`). Each row runs the write's own path (decode, rules, references)
 * in a savepoint, so a refused row is reported and leaves the others as they were. A row whose input was
 * imported before is identical (skipped): importing the same file again records nothing and succeeds.
 *
 * - `dry-run`: every row checked as it would be written, then everything undone;
 * - `all-or-nothing` (default): written only when no row is in error or in conflict;
 * - `skip-invalid`: the valid rows written, the others reported.
 */

export type ImportMode = "dry-run" | "all-or-nothing" | "skip-invalid"
export type RowStatus = "ok" | "error" | "identical" | "conflict"

/** One row's outcome, as the report shows it beside the row's own cells. */
export interface RowOutcome {
  readonly rowNo: number
  readonly cells: ReadonlyArray<CellValue>
  readonly status: RowStatus
  readonly issues: ReadonlyArray<RowIssue>
}

export interface ImportRequest {
  readonly kind: string
  readonly rows: AsyncIterable<SheetRow>
  /** The file's name, kept in the journal entry. */
  readonly file?: string
  readonly mapping?: ImportMapping
  /** A source whose saved mapping to use when `mapping` is not given (`kejin import … --source 工商银行`). */
  readonly source?: string
  readonly mode?: ImportMode
  readonly actor: Actor
  /** Each row's outcome, in order (the report); awaited, so a slow writer slows the import, not memory. */
  readonly onRow?: (outcome: RowOutcome) => void | Promise<void>
  /** Called every `progressEvery` rows (default 1000) and at the end with the rows read so far. */
  readonly onProgress?: (rows: number) => void
  readonly progressEvery?: number
  /** Rows a kind with a bulk write sends at once (default 500; 2,000 on PostgreSQL). */
  readonly chunkSize?: number
  /** The header once matched, before any row is read (the upload page's preview, the CLI's notice). */
  readonly onHeader?: (match: HeaderMatch, header: SheetRow) => void | Promise<void>
}

export interface ImportSummary {
  readonly kind: string
  readonly mode: ImportMode
  readonly rows: number
  readonly ok: number
  readonly errors: number
  readonly identical: number
  readonly conflicts: number
  /** Whether the valid rows were written (never for a dry run, nor for a refused all-or-nothing import). */
  readonly committed: boolean
  /** The import's journal entry, when anything was written. */
  readonly journalSeq?: number
  readonly matched: ReadonlyArray<{ readonly header: string; readonly field: string; readonly label: Label }>
  readonly unknown: ReadonlyArray<string>
}

/** A kind no declared write imports. */
export const unknownKind = (kind: string, kinds: ReadonlyArray<string>) =>
  invalid("kind", "import-kind-unknown", { kind, kinds: kinds.join(", ") })

/** The importable writes of the modules, by kind. */
export const importableOperations = (modules: ReadonlyArray<Module>): ReadonlyMap<string, AnyOperation> =>
  new Map(
    modules
      .flatMap((m) => m.operations.filter((op) => op.importKind !== undefined))
      .map((op) => [op.importKind!, op])
  )

/** A kind a file may bring in: what it records (the write's summary) and its columns. */
export interface ImportKind {
  readonly kind: string
  readonly label: Label
  /** The write it runs (its operation's name) and the permission that needs. */
  readonly operation: string
  readonly permission: string
  readonly columns: ReadonlyArray<ImportColumn>
}

/** Every kind, in the modules' order (help texts, templates, the upload page). */
export const importKinds = (modules: ReadonlyArray<Module>): ReadonlyArray<ImportKind> =>
  [...importableOperations(modules)].map(([kind, op]) => ({
    kind,
    label: op.summary,
    operation: op.name,
    permission: op.permission,
    columns: importColumns(op)
  }))

const inBoth = (text: (lang: "zh" | "en") => string): Label => ({ zh: text("zh"), en: text("en") })

/** A write's refusal as the row's issues (its field, and the file's header for it when one was matched). */
const refusal = (
  error: unknown,
  match: HeaderMatch
): { status: RowStatus; issues: Array<RowIssue> } | undefined => {
  const headerOf = (field: string) => {
    const found = match.matched.find((m) => m.column.key === field || field.startsWith(`${m.column.key}.`))
    return found === undefined ? {} : { header: found.header }
  }
  /** Where an issue is, in Chinese, unless the file's header already says it: the column's label, else the path. */
  const whereZh = (field: string) => {
    if (field === "" || headerOf(field).header !== undefined) return ""
    const absent = match.absent.find((c) => c.key === field || field.startsWith(`${c.key}.`))
    return `${absent?.label.zh ?? field}：`
  }
  if (error instanceof ValidationError)
    return {
      status: "error",
      issues: error.issues.map((i) => ({
        field: i.path,
        ...headerOf(i.path),
        // Both from the catalogue when the issue is coded: a missing field reads "is required" in English too.
        reason: { zh: `${whereZh(i.path)}${localizedMessage(i, "zh")}`, en: localizedMessage(i, "en") }
      }))
    }
  if (error instanceof ConflictError)
    return {
      status: "conflict",
      issues: [
        {
          field: error.field ?? "",
          ...headerOf(error.field ?? ""),
          reason: {
            zh: `与已登记记录冲突：${localizedMessage({ message: error.detail, code: error.code, params: error.params }, "zh")}`,
            en: `conflicts with a stored record: ${error.detail}`
          }
        }
      ]
    }
  // A missing record or a refused permission: the catalogue's words of the error's own code.
  if (error instanceof NotFoundError || error instanceof ForbiddenError) {
    const { detail = error.message, code, params } = describeError(error) ?? {}
    return {
      status: "error",
      issues: [
        { field: "", reason: inBoth((lang) => localizedMessage({ message: detail, code, params }, lang)) }
      ]
    }
  }
  return undefined
}

/** A row read and not yet reported: its outcome so far, and what to write when it is to be written. */
interface Pending {
  outcome: RowOutcome
  write?:
    | { readonly input: Record<string, unknown>; readonly canonical: string; readonly hash: string }
    | undefined
}

const allOperations = (modules: ReadonlyArray<Module>): ReadonlyMap<string, AnyOperation> =>
  new Map(modules.flatMap((m) => m.operations.map((op) => [op.name, op] as const)))

/** The input's top-level text fields (a fund's code beside a reference column), for looking records up. */
const textFields = (input: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(input).filter((e): e is [string, string] => typeof e[1] === "string"))

const valueAt = (record: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>(
    (v, k) => (v === null || typeof v !== "object" ? undefined : (v as Record<string, unknown>)[k]),
    record
  )

/** A value as compared: money and decimals by value, lists as sets, the rest as text. */
const comparable = (value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (Array.isArray(value)) return value.map(comparable).sort().join(";")
  if (Decimal.isDecimal(value)) return value.toFixed() // float-ok: Decimal's exact text
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return new Decimal(value).toFixed() // float-ok: Decimal's exact text
  return String(value)
}

/** Each field of the row's input that differs from the stored record: the file's value and the stored one. */
const differences = (match: HeaderMatch, input: Record<string, unknown>, stored: unknown): Array<RowIssue> =>
  match.matched.flatMap(({ column, header }) => {
    if (column.ref !== undefined) return []
    const given = valueAt(input, column.path)
    if (given === undefined) return []
    const theirs = valueAt(stored, column.path)
    if (comparable(given) === comparable(theirs)) return []
    const shown = (v: unknown) => (Array.isArray(v) ? v.join(";") : comparable(v)) || "—"
    return [
      {
        field: column.key,
        header,
        reason: {
          zh: `与已登记记录不同：文件中为 ${shown(given)}，已登记为 ${shown(theirs)}`,
          en: `differs from the stored record: ${shown(given)} in the file, ${shown(theirs)} stored`
        }
      }
    ]
  })

/** Everything undone on purpose: a dry run, or an all-or-nothing import with rows in error. */
class Undo extends Data.TaggedError("Undo")<{ readonly summary: ImportSummary }> {}

const nextRow = (iterator: AsyncIterator<SheetRow>) =>
  Effect.tryPromise({ try: () => iterator.next(), catch: (error) => error })

/** Up to `count` rows (fewer at the end of the file): one Effect for many rows. */
const nextRows = (iterator: AsyncIterator<SheetRow>, count: number) =>
  Effect.tryPromise({
    try: async () => {
      const rows: Array<SheetRow> = []
      while (rows.length < count) {
        const next = await iterator.next()
        if (next.done) break
        rows.push(next.value)
      }
      return rows
    },
    catch: (error) => error
  })

/**
 * Which of `hashes` an earlier import of `kind` recorded (a row sent again is identical). On PostgreSQL the
 * hashes are one array joined to the (kind, row_hash) index: an `in (…)` list of a chunk's 2,000 hashes it
 * plans as a scan of every row imported so far.
 */
const importedBefore = (trx: Kysely<DB>, kind: string, hashes: ReadonlyArray<string>) =>
  hashes.length === 0
    ? Effect.succeed(new Set<string>())
    : Effect.tryPromise(() =>
        capabilitiesOf(trx).dialect === "postgres"
          ? sql<{ row_hash: string }>`select distinct r.row_hash
              from unnest(cast(${hashes} as text[])) as q(row_hash) cross join import_rows r
              where r.kind = ${kind} and r.row_hash = q.row_hash`
              .execute(trx)
              .then((result) => result.rows)
          : trx
              .selectFrom("import_rows")
              .select("row_hash")
              .where("kind", "=", kind)
              .where("row_hash", "in", hashes)
              .execute()
      ).pipe(Effect.map((rows) => new Set(rows.map((r) => r.row_hash))))

/** The page cache of the end of an import, in KiB (SQLite's `cache_size` when negative). */
const endCacheKiB = 8192

/**
 * Shrinks SQLite's page cache for the end of an import (see where it is called); `restore` sets the size
 * it had. Nothing on PostgreSQL.
 */
const smallPageCache = (trx: Kysely<DB>, dialect: "sqlite" | "postgres") =>
  Effect.gen(function* () {
    if (dialect !== "sqlite") return { restore: Effect.void as Effect.Effect<void> }
    const run = (text: string) => Effect.tryPromise(() => sql.raw<{ cache_size: unknown }>(text).execute(trx))
    const was = String((yield* run("pragma cache_size")).rows[0]?.cache_size ?? "-2000")
    if (!/^-?\d+$/.test(was)) return { restore: Effect.void }
    yield* run(`pragma cache_size = -${endCacheKiB}`)
    return { restore: run(`pragma cache_size = ${was}`).pipe(Effect.ignore) }
  })

/**
 * A lean heap while imports run: V8 lets the old generation grow to several times what is live before it
 * collects (by how fast the program allocates), and an import allocates fast — for each row its cells,
 * input, canonical JSON and hashes, most of it garbage at once. Measured on 1,000,000 rows, the heap
 * reached ~155 MiB with ~45 MiB live, the largest part of the peak memory. While at least one import runs,
 * the heap may grow by 20 % over what is live (`--heap-growing-percent`, read at each collection); then
 * V8's own heuristic is back (0). The time it costs was within the noise of the benchmark.
 */
let importsRunning = 0
const leanHeap = {
  acquire: Effect.sync(() => {
    if (importsRunning++ === 0) setFlagsFromString("--heap-growing-percent=20")
  }),
  release: Effect.sync(() => {
    if (--importsRunning === 0) setFlagsFromString("--heap-growing-percent=0")
  })
}

/** Runs an import (see the module's comment). */
export const runImport = (modules: ReadonlyArray<Module>) =>
  Effect.fnUntraced(function* (request: ImportRequest) {
    const operations = importableOperations(modules)
    const op = operations.get(request.kind)
    if (op === undefined) return yield* unknownKind(request.kind, [...operations.keys()])
    const forbidden = authorize(request.actor, op.permission)
    if (forbidden) return yield* forbidden
    const mode = request.mode ?? "all-or-nothing"
    const iterator = request.rows[Symbol.asyncIterator]()
    const first = yield* nextRow(iterator)
    if (first.done) return yield* invalid("file", "import-file-no-rows")
    let mapping = request.mapping
    if (mapping === undefined && request.source !== undefined) {
      const saved = yield* findMapping((yield* Database).db, request.kind, request.source)
      if (saved === undefined)
        return yield* invalid("source", "import-mapping-not-saved", {
          kind: request.kind,
          source: request.source
        })
      mapping = saved.mapping
    }
    const match = matchHeaders(importColumns(op), first.value.cells, mapping)
    if (match.problems.length > 0) return yield* new ValidationError({ issues: match.problems })
    if (match.matched.length === 0)
      return yield* invalid("header", "import-no-field-column", {
        row: String(first.value.rowNo),
        kind: request.kind,
        expected: importColumns(op)
          .slice(0, 4)
          .map((c) => `${c.label.zh} / ${c.label.en}`)
          .join(", ")
      })
    if (request.onHeader !== undefined) {
      const answer = request.onHeader(match, first.value)
      if (answer instanceof Promise) yield* Effect.promise(() => answer)
    }
    const database = yield* Database
    const journal = yield* Journal
    const command = `imports.${request.kind}`
    const counts = { rows: 0, ok: 0, errors: 0, identical: 0, conflicts: 0 }
    const digest = createHash("sha256")
    const every = request.progressEvery ?? 1000
    const summaryOf = (committed: boolean, journalSeq?: number): ImportSummary => ({
      kind: request.kind,
      mode,
      ...counts,
      committed,
      ...(journalSeq === undefined ? {} : { journalSeq }),
      matched: match.matched.map((m) => ({ header: m.header, field: m.column.key, label: m.column.label })),
      unknown: match.unknown.map((u) => u.header)
    })

    const bulk = op.importBulk === undefined ? undefined : allOperations(modules).get(op.importBulk)
    // PostgreSQL: larger chunks, each statement a round trip to the server.
    const chunkSize =
      bulk === undefined ? 1 : (request.chunkSize ?? (database.caps.dialect === "postgres" ? 2000 : 500))
    const context = { actor: request.actor }

    const written = database.transaction((trx) =>
      Effect.gen(function* () {
        const slot = yield* journal.reserve(trx, command)
        // The bulk writes hand the journal their records as they write them (kept as digests, see append).
        noteRecordsOf(trx, slot.seq, "digest")
        const batch = { trx, slot, atEnd: new Map<string, (trx: Kysely<DB>) => Promise<void>>() }
        const inBatch = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
          Effect.exit(Effect.provideService(effect, CurrentBatch, batch))
        /** The rows read and not yet reported, in order; those to write carry their input. */
        let chunk: Array<Pending> = []
        const hashes = new Set<string>()

        /** Counts a row's outcome and reports it; a promise when `onRow` answered with one (awaited). */
        const tally = (outcome: RowOutcome): Promise<void> | undefined => {
          if (outcome.status === "ok") counts.ok += 1
          else if (outcome.status === "error") counts.errors += 1
          else if (outcome.status === "identical") counts.identical += 1
          else counts.conflicts += 1
          const answer = request.onRow?.(outcome)
          return answer instanceof Promise ? answer : undefined
        }

        /** Writes the chunk's rows (at once through the bulk form, row by row where it is refused). */
        const flush = Effect.fnUntraced(function* () {
          const candidates = chunk.filter((p) => p.write !== undefined)
          const known = yield* importedBefore(
            trx,
            request.kind,
            candidates.map((p) => p.write?.hash ?? "")
          )
          for (const p of candidates)
            if (known.has(p.write?.hash ?? "")) {
              p.outcome = { ...p.outcome, status: "identical", issues: [] }
              p.write = undefined
            }
          const toWrite = chunk.filter((p) => p.write !== undefined)
          let together = false
          if (bulk !== undefined && toWrite.length > 1) {
            const exit = yield* inBatch(
              execute(
                bulk,
                toWrite.map((p) => p.write?.input),
                context
              )
            )
            together = Exit.isSuccess(exit)
          }
          const recorded: Array<Pending> = []
          for (const pending of chunk) {
            const write = pending.write
            if (write === undefined) continue
            if (together) {
              recorded.push(pending)
              continue
            }
            const exit = yield* inBatch(execute(op, write.input, context))
            if (Exit.isSuccess(exit)) recorded.push(pending)
            else {
              const error = Cause.squash(exit.cause)
              const refused = refusal(error, match)
              if (refused === undefined) return yield* Effect.fail(error)
              const stored = refused.status === "conflict" ? yield* storedDifferences(write.input) : undefined
              pending.outcome = { ...pending.outcome, ...(stored ?? refused) }
              pending.write = undefined
            }
          }
          // One array per column on PostgreSQL, VALUES lists of a fixed text on SQLite (store/unnest.ts).
          yield* Effect.tryPromise(() =>
            bulkInsert(
              trx,
              "import_rows",
              [
                ["journal_id", "bigint"],
                ["row_no", "bigint"],
                ["kind", "text"],
                ["row_hash", "text"],
                ["input", "text"]
              ],
              recorded.map((p) => [
                slot.seq,
                p.outcome.rowNo,
                request.kind,
                p.write?.hash,
                p.write?.canonical
              ])
            )
          )
          // PostgreSQL: statistics of the rows so far, for the next chunks' look-up of rows imported before.
          yield* Effect.tryPromise(() => analyzeAsGrown(trx, [["import_rows", recorded.length]]))
          for (const p of recorded) digest.update(`${p.outcome.rowNo}\n${p.write?.hash}\n`)
          // Plain calls per row: an Effect per row was a measurable part of an import's time.
          for (const pending of chunk) {
            const answer = tally(pending.outcome)
            if (answer !== undefined) yield* Effect.promise(() => answer)
          }
          chunk = []
          hashes.clear()
        })

        /**
         * A row refused as a duplicate, against the stored record its key names (`importKey`): identical
         * when every field it gives is as stored, else in conflict with each difference said.
         */
        const storedDifferences = Effect.fnUntraced(function* (input: Record<string, unknown>) {
          const key = op.importKey
          const value = key === undefined ? undefined : input[key.field]
          if (key === undefined || typeof value !== "string") return undefined
          const stored = yield* Effect.tryPromise(() => key.find(trx, value))
          if (stored === undefined) return undefined
          const issues = differences(match, input, stored)
          return issues.length === 0
            ? { status: "identical" as const, issues: [] }
            : { status: "conflict" as const, issues }
        })

        /** Fills the ids a row names by what people know the records by (`importRefs`), or says why not. */
        const resolveRefs = Effect.fnUntraced(function* (
          db: Kysely<DB>,
          input: Record<string, unknown>,
          refs: Readonly<Record<string, string>>
        ) {
          const issues: Array<RowIssue> = []
          for (const ref of op.importRefs ?? []) {
            if (input[ref.field] !== undefined || !ref.by.some((b) => refs[b.key] !== undefined)) continue
            const values = { ...textFields(input), ...refs }
            const found = yield* Effect.tryPromise(() => ref.find(db, values))
            if ("id" in found) input[ref.field] = found.id
            else {
              const header = match.matched.find((m) => m.column.key === ref.by[0]?.key)?.header
              issues.push({
                field: ref.field,
                ...(header === undefined ? {} : { header }),
                reason: found.problem
              })
            }
          }
          return issues
        })

        while (true) {
          const read256 = yield* nextRows(iterator, 256)
          if (read256.length === 0) break
          for (const row of read256) {
            counts.rows += 1
            const base = { rowNo: row.rowNo, cells: row.cells }
            const read = rowInput(match, row.cells)
            const { input } = read
            const issues =
              read.issues.length > 0
                ? read.issues
                : (op.importRefs ?? []).length === 0
                  ? []
                  : yield* resolveRefs(trx, input, read.refs)
            if (issues.length > 0) chunk.push({ outcome: { ...base, status: "error", issues } })
            else {
              const canonical = canonicalJson(input)
              const hash = sha256(`${request.kind}\n${canonical}`)
              // A kind with a bulk write decodes its rows there (a chunk refused is written row by row, which
              // reports each row's own issues); decoding each row here first would do it twice.
              const decoded =
                bulk === undefined ? Schema.decodeUnknownExit(op.input)(input, decodeOptions) : Exit.void
              // Rows imported before are found a chunk at a time (flush); a repeat within the chunk here.
              if (hashes.has(hash)) chunk.push({ outcome: { ...base, status: "identical", issues: [] } })
              else if (Exit.isFailure(decoded)) {
                const error = Cause.squash(decoded.cause)
                const invalid = Schema.isSchemaError(error) ? validationErrorFromIssue(error.issue) : error
                const refused = refusal(invalid, match)
                if (refused === undefined) return yield* Effect.fail(invalid)
                chunk.push({ outcome: { ...base, ...refused } })
              } else {
                hashes.add(hash)
                chunk.push({
                  outcome: { ...base, status: "ok", issues: [] },
                  write: { input, canonical, hash }
                })
              }
            }
            if (chunk.length >= chunkSize) yield* flush()
            if (counts.rows % every === 0) request.onProgress?.(counts.rows)
          }
        }
        yield* flush()
        request.onProgress?.(counts.rows)
        const refused = mode === "all-or-nothing" && counts.errors + counts.conflicts > 0
        if (mode === "dry-run" || refused || counts.ok === 0)
          return yield* new Undo({ summary: summaryOf(false) })
        // The end (indexes built again, caches refilled, every record read back for the journal) runs with a
        // small page cache on SQLite: building an index sorts up to a page cache's worth in memory on top
        // of the cache itself, and the writes of the end are in order. (At 1,000,000 rows this was the
        // import's peak memory.) Restored once the entry is appended; a rollback restores it too below.
        const cache = yield* smallPageCache(trx, database.caps.dialect)
        yield* Effect.gen(function* () {
          for (const finish of batch.atEnd.values()) yield* Effect.tryPromise(() => finish(trx))
          const payload = {
            kind: request.kind,
            file: request.file ?? null,
            mode,
            rows: counts.ok,
            sha256: digest.digest("hex")
          }
          yield* journal.append(trx, slot, {
            actor: request.actor,
            command,
            payload,
            payloadHash: sha256(`${command}\n${canonicalJson(payload)}`),
            idempotencyKey: undefined,
            // A million rows are not copied into the journal again: it keeps each record's sha256.
            keeping: "digest",
            result: {
              recorded: counts.ok,
              identical: counts.identical,
              skipped: counts.errors + counts.conflicts
            }
          })
        }).pipe(Effect.ensuring(cache.restore))
        return summaryOf(true, slot.seq)
      })
    )
    return yield* Effect.acquireUseRelease(
      leanHeap.acquire,
      () =>
        written.pipe(
          Effect.catchIf(
            (error): error is Undo => error instanceof Undo,
            (undo) => Effect.succeed(undo.summary)
          )
        ),
      () => leanHeap.release
    )
  })
