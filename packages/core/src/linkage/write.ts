import type { Decimal } from "decimal.js"
import { Effect } from "effect"
import type { Kysely } from "kysely"
import type { Actor } from "../auth/actor.js"
import { findEntry, findFund } from "../equity/store.js"
import { type ConflictError, invalid, invalidAs, NotFoundError, type ValidationError } from "../errors.js"
import { type CommandError, type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal, type JournalSlot } from "../journal/journal.js"
import { Yuan } from "../money/index.js"
import type { OperationSpec } from "../operations/operation.js"
import { findEnterprise } from "../registry/enterprises.js"
import { findInstitutions, type InstitutionKind } from "../registry/institutions.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"

// What every linkage pilot's writes share: the write path of a declared operation (its name, permission
// and input come from the declaration) and the references a record names, checked inside the transaction.

export type WriteError = NotFoundError | ValidationError | ConflictError | StoreError

/** A write of a pilot service: decode → authorise → one transaction → the stored record. */
export type Write<O> = (
  actor: Actor,
  input: unknown,
  options?: CommandOptions
) => Effect.Effect<O, CommandError<NotFoundError>>

/** The ValidationError of a rule broken at a path, said from the message catalogue (errors.ts). */
export { invalid, invalidAs }

export const pct = (d: Decimal) => `${new Yuan(d).toString()} %`
export const who = (e: { name: string; uscc: string }) => `${e.name} (${e.uscc})`
export const sumOf = (amounts: ReadonlyArray<Decimal>) => amounts.reduce((s, a) => s.plus(a), new Yuan(0))

/** Record `kind` `id` is in another enterprise than `ours`: both must concern the same one. */
export const mismatch = (
  path: string,
  kind: "loan" | "investment" | "score-snapshot" | "lead-investment",
  id: number,
  theirs: { name: string; uscc: string },
  ours: { name: string; uscc: string }
) =>
  invalid(path, "linkage-enterprise-mismatch", { kind, id: String(id), theirs: who(theirs), ours: who(ours) })

/** The write machinery of the linkage pilots, over the instance's database and journal. */
export const linkageWrites = Effect.gen(function* () {
  const database = yield* Database
  const journal = yield* Journal
  const runCommand = makeCommandRunner(database, journal)
  const inDb = <A>(run: () => Promise<A>) => database.query(run)

  /**
   * The write of a declared operation: `write` checks the invariants and inserts, returning the new
   * record's id; `load` reads it back (also for a replayed idempotency key).
   */
  const command =
    <I, O extends { readonly id: number }>(
      spec: OperationSpec<string, I, O>,
      write: (trx: Kysely<DB>, input: I, slot: JournalSlot) => Effect.Effect<number, WriteError>,
      load: (trx: Kysely<DB>, id: number) => Promise<O | undefined>
    ): Write<O> =>
    (actor, input, options) => {
      const reload = (trx: Kysely<DB>, id: number) =>
        inDb(() => load(trx, id)).pipe(
          Effect.flatMap((found) =>
            found === undefined
              ? Effect.die(new Error(`${spec.name}: record ${id} vanished`))
              : Effect.succeed(found)
          )
        )
      return runCommand(
        {
          name: spec.name,
          permission: spec.permission,
          input: spec.input,
          write: (trx, decoded, slot) =>
            write(trx, decoded, slot).pipe(Effect.flatMap((id) => reload(trx, id))),
          resultRef: (record) => ({ id: record.id }),
          replay: (trx, ref: { id: number }) => reload(trx, ref.id)
        },
        actor,
        input,
        options
      ).pipe(Effect.withSpan(`Linkage.${spec.name.slice("linkage.".length)}`))
    }

  // --- references, checked inside the transaction --------------------------------------------------

  const enterprise = Effect.fnUntraced(function* (trx: Kysely<DB>, uscc: string, path: string) {
    const found = yield* inDb(() => findEnterprise(trx, { uscc }))
    if (found === undefined) return yield* invalid(path, "enterprise-not-registered", { uscc })
    return found
  })

  const institution = Effect.fnUntraced(function* (
    trx: Kysely<DB>,
    id: number,
    kind: InstitutionKind,
    path: string
  ) {
    const [found] = yield* inDb(() => findInstitutions(trx, { id }))
    if (found === undefined)
      return yield* invalid(path, "linkage-not-found", { kind: "institution", id: String(id) })
    if (found.kind !== kind)
      return yield* invalid(path, "linkage-institution-kind", {
        name: found.name,
        kind: found.kind,
        expected: kind
      })
    return found
  })

  const fund = Effect.fnUntraced(function* (trx: Kysely<DB>, code: string, path: string) {
    const found = yield* inDb(() => findFund(trx, { code }))
    if (found === undefined) return yield* invalid(path, "linkage-not-found", { kind: "fund", id: code })
    return found
  })

  const investment = Effect.fnUntraced(function* (trx: Kysely<DB>, id: number, path: string) {
    const entry = yield* inDb(() => findEntry(trx, id))
    if (entry === undefined || entry.kind !== "investment")
      return yield* invalid(path, "linkage-not-found", { kind: "fund-ledger-investment", id: String(id) })
    if (entry.reversedBy !== null)
      return yield* invalid(path, "linkage-reversed", { kind: "investment", id: String(id) })
    return entry
  })

  /** One record read outside a write, or the NotFoundError naming it. */
  const one = <O>(entity: string, id: number | string, found: O | undefined) =>
    found === undefined ? Effect.fail(new NotFoundError({ entity, id: String(id) })) : Effect.succeed(found)

  return { database, inDb, command, enterprise, institution, fund, investment, one }
})
