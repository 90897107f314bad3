import { Effect, Schema } from "effect"
import type { Actor } from "../auth/actor.js"
import { ValidationError } from "../errors.js"
import { canonicalJson } from "../journal/canonical.js"
import { makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import type { Module } from "../operations/operation.js"
import { Database } from "../store/database.js"
import { classifyStoreError } from "../store/errors.js"
import { toInt } from "../store/schema.js"
import { sayAt } from "../text/messages.js"
import { FreeText } from "../text/text.js"
import { importColumns } from "./columns.js"
import { importableOperations, unknownKind } from "./engine.js"
import { ImportMapping } from "./mapping.js"
import "./store.js"

/*
 * Mappings saved per source: a bank's or a fund administrator's layout, said once (`kejin import … --mapping
 * map.json --source 工商银行`) and used again by name (`--source 工商银行`). Each save is a journaled write of
 * the kind's own permission; the newest of a kind and source is the one used.
 */

export const SavedMappingInput = Schema.Struct({
  kind: Schema.String,
  source: FreeText("a source's name", 100),
  mapping: ImportMapping
})

export interface SavedMapping {
  readonly kind: string
  readonly source: string
  readonly mapping: ImportMapping
  readonly journalSeq: number
}

/** Saves `mapping` for a kind and source, after checking that every field it names is one of the kind's. */
export const saveMapping = (modules: ReadonlyArray<Module>) => (actor: Actor, raw: unknown) =>
  Effect.gen(function* () {
    const database = yield* Database
    const journal = yield* Journal
    const kind = (raw as { kind?: unknown } | null)?.kind
    const operations = importableOperations(modules)
    const op = typeof kind === "string" ? operations.get(kind) : undefined
    if (op === undefined) return yield* unknownKind(String(kind), [...operations.keys()])
    const fields = new Set(importColumns(op).map((c) => c.key))
    return yield* makeCommandRunner(database, journal)(
      {
        name: "imports.saveMapping",
        permission: op.permission,
        input: SavedMappingInput,
        write: (trx, input, slot) =>
          Effect.gen(function* () {
            const named = [
              ...Object.entries(input.mapping.columns ?? {}).flatMap(([header, field]) =>
                field === null ? [] : [[`mapping.columns.${header}`, field] as const]
              ),
              ...Object.keys(input.mapping.constants ?? {}).map(
                (f) => [`mapping.constants.${f}`, f] as const
              ),
              ...Object.keys(input.mapping.units ?? {}).map((f) => [`mapping.units.${f}`, f] as const)
            ]
            const unknown = named.filter(([, field]) => !fields.has(field))
            if (unknown.length > 0)
              return yield* new ValidationError({
                issues: unknown.map(([path, field]) =>
                  sayAt(path, "import-kind-no-field", { kind: input.kind, field })
                )
              })
            yield* database.query(() =>
              trx
                .insertInto("import_mappings")
                .values({
                  kind: input.kind,
                  source: input.source,
                  mapping: canonicalJson(input.mapping),
                  journal_id: slot.seq
                })
                .execute()
            )
            return { kind: input.kind, source: input.source, mapping: input.mapping, journalSeq: slot.seq }
          }),
        resultRef: (saved: SavedMapping) => ({ kind: saved.kind, source: saved.source }),
        replay: (trx, ref: { kind: string; source: string }) =>
          Effect.map(findMapping(trx, ref.kind, ref.source), (found) => found as SavedMapping)
      },
      actor,
      raw
    )
  })

/** The newest mapping saved for a kind and source, or undefined. */
export const findMapping = (db: Database["Service"]["db"], kind: string, source: string) =>
  Effect.tryPromise({
    try: () =>
      db
        .selectFrom("import_mappings")
        .select(["mapping", "journal_id"])
        .where("kind", "=", kind)
        .where("source", "=", source)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst(),
    catch: classifyStoreError
  }).pipe(
    Effect.map((row): SavedMapping | undefined =>
      row === undefined
        ? undefined
        : {
            kind,
            source,
            mapping: JSON.parse(row.mapping) as ImportMapping,
            journalSeq: toInt(row.journal_id)
          }
    )
  )

/** The sources a kind has saved mappings for, by name. */
export const mappingSources = (kind: string) =>
  Effect.gen(function* () {
    const database = yield* Database
    const rows = yield* database.query((db) =>
      db
        .selectFrom("import_mappings")
        .select("source")
        .distinct()
        .where("kind", "=", kind)
        .orderBy("source")
        .execute()
    )
    return rows.map((r) => r.source)
  })

/** The rows an import recorded (its journal entry's), in the file's order, one page at a time. */
export const importedRows = (journalSeq: number, page: { readonly limit: number; readonly offset: number }) =>
  Effect.gen(function* () {
    const database = yield* Database
    const rows = yield* database.query((db) =>
      db
        .selectFrom("import_rows")
        .select(["row_no", "kind", "input"])
        .where("journal_id", "=", journalSeq)
        .orderBy("row_no")
        .limit(page.limit)
        .offset(page.offset)
        .execute()
    )
    const count = yield* database.query((db) =>
      db
        .selectFrom("import_rows")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("journal_id", "=", journalSeq)
        .executeTakeFirstOrThrow()
    )
    return {
      items: rows.map((r) => ({
        rowNo: toInt(r.row_no),
        kind: r.kind,
        input: JSON.parse(r.input) as unknown
      })),
      total: toInt(count.n)
    }
  })
