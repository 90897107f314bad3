import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
import type { Actor } from "../auth/actor.js"
import { ConflictError, NotFoundError } from "../errors.js"
import { type CommandError, type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Database } from "../store/database.js"
import { type StoreError, uniqueViolationOf } from "../store/errors.js"
import { type DB, toInt } from "../store/schema.js"
import { said } from "../text/messages.js"
import { addInstitution } from "./operations.js"
import type { Institution, InstitutionKind } from "./schema.js"

export {
  type Institution,
  InstitutionInput,
  type InstitutionInputJson,
  InstitutionKind,
  institutionKinds
} from "./schema.js"

/** Kysely query for institutions: a plain promise, the service wraps it in Effect. */
export const findInstitutions = async (
  db: Kysely<DB>,
  where: {
    readonly id?: number
    readonly uscc?: string
    readonly kind?: string
    readonly name?: string
  }
): Promise<ReadonlyArray<Institution>> => {
  let query = db.selectFrom("institutions").selectAll()
  if (where.id !== undefined) query = query.where("id", "=", where.id)
  if (where.uscc !== undefined) query = query.where("uscc", "=", where.uscc)
  if (where.kind !== undefined) query = query.where("kind", "=", where.kind)
  if (where.name !== undefined) query = query.where("name", "=", where.name)
  const rows = await query.orderBy("kind").orderBy("name").execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    kind: r.kind as InstitutionKind,
    name: r.name,
    uscc: r.uscc,
    journalSeq: toInt(r.journal_id)
  }))
}

const duplicateName = (kind: string, name: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "name",
    ...said("institution-name-exists", { kind, name })
  })

const duplicateUscc = (uscc: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "uscc",
    ...said("institution-uscc-exists", { uscc })
  })

/**
 * Financial institutions of the registry. Writes need `institutions.write` (admin and bureau): fund
 * managers name their manager by id but do not add banks or other managers.
 */
export class Institutions extends Context.Service<
  Institutions,
  {
    /** Adds one; a name taken for the kind or a credit code taken fails with ConflictError naming the field. */
    add(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Institution, CommandError<never>>
    get(id: number): Effect.Effect<Institution, NotFoundError | StoreError>
    byUscc(uscc: string): Effect.Effect<Institution, NotFoundError | StoreError>
    list(query?: { readonly kind?: InstitutionKind }): Effect.Effect<ReadonlyArray<Institution>, StoreError>
  }
>()("@kejin/core/Institutions") {
  static readonly layer = Layer.effect(
    Institutions,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const load = (trx: Kysely<DB>, id: number) =>
        inDb(() => findInstitutions(trx, { id })).pipe(
          Effect.flatMap(([found]) =>
            found === undefined ? Effect.die(new Error(`institution ${id} vanished`)) : Effect.succeed(found)
          )
        )

      const add = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: addInstitution.command ?? addInstitution.name,
            permission: addInstitution.permission,
            input: addInstitution.input,
            write: (trx, i, slot) =>
              Effect.gen(function* () {
                const [sameName] = yield* inDb(() => findInstitutions(trx, { kind: i.kind, name: i.name }))
                if (sameName !== undefined) return yield* duplicateName(i.kind, i.name)
                if (i.uscc !== undefined) {
                  const [sameCode] = yield* inDb(() => findInstitutions(trx, { uscc: i.uscc! }))
                  if (sameCode !== undefined) return yield* duplicateUscc(i.uscc)
                }
                const row = yield* inDb(() =>
                  trx
                    .insertInto("institutions")
                    .values({ kind: i.kind, name: i.name, uscc: i.uscc ?? null, journal_id: slot.seq })
                    .returning("id")
                    .executeTakeFirstOrThrow()
                )
                return yield* load(trx, toInt(row.id))
              }),
            resultRef: (i) => ({ institutionId: i.id }),
            replay: (trx, ref: { institutionId: number }) => load(trx, ref.institutionId)
          },
          actor,
          input,
          options
        ).pipe(
          // A concurrent writer inserted the same name or code between the check and the insert.
          Effect.catchIf(
            (error) => uniqueViolationOf(error) !== undefined,
            (error) => {
              const raw = input as { kind?: unknown; name?: unknown; uscc?: unknown }
              return Effect.fail(
                /uscc/.test(uniqueViolationOf(error) ?? "")
                  ? duplicateUscc(String(raw?.uscc ?? ""))
                  : duplicateName(String(raw?.kind ?? ""), String(raw?.name ?? ""))
              )
            }
          ),
          Effect.withSpan("Institutions.add")
        )

      const get = Effect.fn("Institutions.get")(function* (id: number) {
        const [found] = yield* inDb(() => findInstitutions(database.db, { id }))
        if (found === undefined) return yield* new NotFoundError({ entity: "institution", id: String(id) })
        return found
      })

      const byUscc = Effect.fn("Institutions.byUscc")(function* (uscc: string) {
        const [found] = yield* inDb(() => findInstitutions(database.db, { uscc }))
        if (found === undefined) return yield* new NotFoundError({ entity: "institution", id: uscc })
        return found
      })

      const list = (query: { readonly kind?: InstitutionKind } = {}) =>
        inDb(() => findInstitutions(database.db, query.kind === undefined ? {} : { kind: query.kind })).pipe(
          Effect.withSpan("Institutions.list")
        )

      return Institutions.of({ add, get, byUscc, list })
    })
  )
}
