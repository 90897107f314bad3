import { createHash } from "node:crypto"
import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import { type Actor, authorize, type ForbiddenError } from "../auth/actor.js"
import {
  ConflictError,
  type FieldIssue,
  NotFoundError,
  ValidationError,
  validationErrorFromIssue
} from "../errors.js"
import {
  type CommandError,
  type CommandOptions,
  decodeInput,
  decodeOptions,
  makeCommandRunner
} from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Yuan } from "../money/index.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import {
  type Period,
  PeriodInput,
  type Pledge,
  PledgeInput,
  type PledgeMonth,
  type PledgeTotal,
  ReversalInput
} from "./schema.js"
import {
  existingRegistrationNos,
  findPledge,
  insertPledges,
  listPledges,
  monthlyPledges,
  type PledgeFilter,
  totalPledges
} from "./store.js"

export interface PledgeListQuery extends PledgeFilter {
  /** 1–500, default 50 */
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export interface PledgePage {
  readonly items: ReadonlyArray<Pledge>
  readonly total: number
  readonly limit: number
  readonly offset: number
}

export interface BulkResult {
  readonly count: number
  readonly ids: ReadonlyArray<number>
  readonly journalSeq: number
}

/** Longest monthly series {@link Pledges} answers: a hundred years. */
export const MAX_MONTHLY_SERIES = 1200

/** The index of a `YYYY-MM…` text's month counted from year 0, and back. */
const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
const monthOfIndex = (index: number): string =>
  `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`

/** A digest of a whole batch for its journal entry, hashed row by row (no 25 MB string at 100k rows). */
const batchDigest = (inputs: ReadonlyArray<unknown>): string => {
  const hash = createHash("sha256")
  for (const input of inputs) hash.update(JSON.stringify(input)).update("\n")
  return hash.digest("hex")
}

const duplicate = (registrationNo: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "registrationNo",
    detail: `registration number ${registrationNo} is already recorded`
  })

const isDuplicateRegistration = (error: unknown): error is StoreError =>
  (error as StoreError)?._tag === "StoreError" &&
  (error as StoreError).reason === "unique-violation" &&
  ((error as StoreError).constraint ?? (error as StoreError).detail).includes("registration_no")

/** Patent pledge loans (专利质押融资): record, reverse, list, totals. */
export class Pledges extends Context.Service<
  Pledges,
  {
    record(actor: Actor, input: unknown, options?: CommandOptions): Effect.Effect<Pledge, CommandError<never>>
    /** The bulk path: all rows in one transaction and one journal entry; all-or-nothing validation. */
    recordMany(
      actor: Actor,
      inputs: ReadonlyArray<unknown>
    ): Effect.Effect<BulkResult, ValidationError | ForbiddenError | ConflictError | StoreError>
    /** Corrections are reversals: the pledge stays in history and leaves every total. */
    reverse(
      actor: Actor,
      input: { readonly id: number; readonly reason: string },
      options?: CommandOptions
    ): Effect.Effect<Pledge, CommandError<NotFoundError>>
    total(
      period: Period,
      filter?: Omit<PledgeFilter, "from" | "to">
    ): Effect.Effect<PledgeTotal, ValidationError | StoreError>
    /**
     * Live pledges per calendar month of `period`, every month from `from`'s to `to`'s present (zeros
     * where nothing was registered). The first and last months count only the days inside the period.
     */
    monthly(
      period: Period,
      filter?: Omit<PledgeFilter, "from" | "to" | "includeReversed">
    ): Effect.Effect<ReadonlyArray<PledgeMonth>, ValidationError | StoreError>
    list(query?: PledgeListQuery): Effect.Effect<PledgePage, ValidationError | StoreError>
    get(id: number): Effect.Effect<Pledge, NotFoundError | StoreError>
  }
>()("@kejin/core/Pledges") {
  static readonly layer = Layer.effect(
    Pledges,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const load = (trx: Kysely<DB>, id: number) =>
        inDb(() => findPledge(trx, id)).pipe(
          Effect.flatMap((pledge) =>
            pledge === undefined ? Effect.die(new Error(`pledge ${id} vanished`)) : Effect.succeed(pledge)
          )
        )

      const record = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: "pledges.record",
            permission: "pledges.write",
            input: PledgeInput,
            write: (trx, pledge, slot) =>
              Effect.gen(function* () {
                const existing = yield* inDb(() => existingRegistrationNos(trx, [pledge.registrationNo]))
                if (existing.size > 0) return yield* duplicate(pledge.registrationNo)
                const [id] = yield* inDb(() => insertPledges(trx, [pledge], slot.seq, 1))
                return yield* load(trx, id!)
              }),
            resultRef: (pledge) => ({ pledgeId: pledge.id }),
            replay: (trx, ref: { pledgeId: number }) => load(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        ).pipe(
          Effect.catchIf(isDuplicateRegistration, () =>
            Effect.fail(duplicate((input as { registrationNo?: string })?.registrationNo ?? ""))
          )
        )

      const recordMany = Effect.fn("Pledges.recordMany")(function* (
        actor: Actor,
        inputs: ReadonlyArray<unknown>
      ) {
        const forbidden = authorize(actor, "pledges.write")
        if (forbidden) return yield* forbidden
        const decode = Schema.decodeUnknownExit(PledgeInput)
        const decoded: Array<PledgeInput> = []
        const issues: Array<FieldIssue> = []
        const seen = new Map<string, number>()
        for (let i = 0; i < inputs.length && issues.length < 100; i++) {
          const exit = decode(inputs[i], decodeOptions)
          if (exit._tag === "Failure") {
            const error = exit.cause.reasons.find((r) => r._tag === "Fail")
            if (error?._tag === "Fail")
              issues.push(...validationErrorFromIssue(error.error.issue, [`[${i}]`]).issues)
            continue
          }
          const first = seen.get(exit.value.registrationNo)
          if (first !== undefined) {
            issues.push({ path: `[${i}].registrationNo`, message: `repeats row ${first}` })
            continue
          }
          seen.set(exit.value.registrationNo, i)
          decoded.push(exit.value)
        }
        if (issues.length > 0) return yield* new ValidationError({ issues })
        if (decoded.length === 0) return { count: 0, ids: [], journalSeq: 0 }
        const batchHash = batchDigest(inputs)
        return yield* database.transaction((trx) =>
          Effect.gen(function* () {
            const existing = yield* inDb(() =>
              existingRegistrationNos(
                trx,
                decoded.map((p) => p.registrationNo)
              )
            )
            if (existing.size > 0) {
              return yield* new ConflictError({
                reason: "duplicate",
                field: "registrationNo",
                detail: `${existing.size} registration number(s) already recorded, e.g. ${[...existing][0]}`
              })
            }
            const slot = yield* journal.reserve(trx)
            const ids = yield* inDb(() =>
              insertPledges(trx, decoded, slot.seq, database.caps.rowsPerInsert(9))
            )
            yield* journal.append(trx, slot, {
              actor,
              command: "pledges.recordMany",
              payload: {
                count: decoded.length,
                sha256: batchHash,
                first: decoded[0]!.registrationNo,
                last: decoded[decoded.length - 1]!.registrationNo
              },
              payloadHash: batchHash,
              idempotencyKey: undefined,
              result: { firstId: ids[0], lastId: ids[ids.length - 1], count: ids.length }
            })
            return { count: ids.length, ids, journalSeq: slot.seq }
          })
        )
      })

      const reverse = (
        actor: Actor,
        input: { readonly id: number; readonly reason: string },
        options?: CommandOptions
      ) =>
        runCommand(
          {
            name: "pledges.reverse",
            permission: "pledges.write",
            input: ReversalInput,
            write: (trx, { id, reason }, slot) =>
              Effect.gen(function* () {
                const pledge = yield* inDb(() => findPledge(trx, id))
                if (pledge === undefined)
                  return yield* new NotFoundError({ entity: "pledge", id: String(id) })
                if (pledge.reversed) {
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "id",
                    detail: `pledge ${id} is already reversed`
                  })
                }
                yield* inDb(() =>
                  trx
                    .insertInto("pledge_reversals")
                    .values({ pledge_id: id, reason, journal_id: slot.seq })
                    .execute()
                )
                return yield* load(trx, id)
              }),
            resultRef: (pledge) => ({ pledgeId: pledge.id }),
            replay: (trx, ref: { pledgeId: number }) => load(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        )

      const total = Effect.fn("Pledges.total")(function* (
        period: Period,
        filter: Omit<PledgeFilter, "from" | "to"> = {}
      ) {
        const { from, to } = yield* decodeInput(PeriodInput, period)
        return yield* inDb(() => totalPledges(database.db, { ...filter, from, to }))
      })

      const monthly = Effect.fn("Pledges.monthly")(function* (
        period: Period,
        filter: Omit<PledgeFilter, "from" | "to" | "includeReversed"> = {}
      ) {
        const { from, to } = yield* decodeInput(PeriodInput, period)
        const first = monthIndex(from)
        const months = monthIndex(to) - first + 1
        if (months > MAX_MONTHLY_SERIES) {
          return yield* new ValidationError({
            issues: [
              {
                path: "to",
                message: `a monthly series spans at most ${MAX_MONTHLY_SERIES} months, got ${months}`
              }
            ]
          })
        }
        const rows = yield* inDb(() =>
          monthlyPledges(database.db, { ...filter, from, to, includeReversed: false })
        )
        const byMonth = new Map(rows.map((row) => [row.month, row]))
        return Array.from({ length: months }, (_, i): PledgeMonth => {
          const month = monthOfIndex(first + i)
          return byMonth.get(month) ?? { month, amount: new Yuan(0), count: 0 }
        })
      })

      const list = Effect.fn("Pledges.list")(function* (query: PledgeListQuery = {}) {
        const limit = query.limit ?? 50
        const offset = query.offset ?? 0
        const issues: Array<FieldIssue> = []
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          issues.push({ path: "limit", message: "must be a whole number from 1 to 500" })
        if (!Number.isInteger(offset) || offset < 0)
          issues.push({ path: "offset", message: "must be a whole number of at least 0" })
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const page = yield* inDb(() => listPledges(database.db, { ...query, limit, offset }))
        return { ...page, limit, offset }
      })

      const get = Effect.fn("Pledges.get")(function* (id: number) {
        const pledge = yield* inDb(() => findPledge(database.db, id))
        if (pledge === undefined) return yield* new NotFoundError({ entity: "pledge", id: String(id) })
        return pledge
      })

      return Pledges.of({ record, recordMany, reverse, total, monthly, list, get })
    })
  )
}
