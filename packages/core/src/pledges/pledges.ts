import { createHash } from "node:crypto"
import { Cause, Context, Effect, Exit, Layer, Option, Schema } from "effect"
import type { Kysely } from "kysely"
import { type Actor, authorize, type ForbiddenError } from "../auth/actor.js"
import {
  ConflictError,
  type FieldIssue,
  invalid,
  invalidAs,
  invalidBecause,
  invalidText,
  NotFoundError,
  ValidationError,
  validationErrorFromIssue
} from "../errors.js"
import {
  type CommandError,
  type CommandOptions,
  CurrentBatch,
  decodeInput,
  decodeOptions,
  makeCommandRunner,
  type WriteBatch
} from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { pledgeRefBreaks } from "../linkage/pledge-refs.js"
import { fromFen, MoneyParseError, parseYuan, toFen, Yuan } from "../money/index.js"
import type { OperationSpec } from "../operations/operation.js"
import { patentFilingYear, patentType } from "../registry/codes.js"
import { setIndexesAside } from "../store/bulk-indexes.js"
import { Database } from "../store/database.js"
import { StoreError, uniqueViolationOf } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { controlCharacterSaid } from "../text/index.js"
import { checkMessage, codeOfCheckMessage, issueAt, said, say, sayAt } from "../text/messages.js"
import { businessDateProblem, dateIssue, futureDateIssue, todayInShanghai } from "../time/index.js"
import { aggregatedMonthly, aggregatedTotal, applyContribution } from "./aggregates.js"
import { plainPledgeInput } from "./fast-input.js"
import {
  breakdownRaw,
  type PledgeBreakdown,
  type PledgeDimension,
  type PledgeSummary,
  pledgeDimensions,
  summaryOf,
  toBreakdown
} from "./figures.js"
import { closedReason, deriveState, findEvents, findLoans, insertEvent, yuanText } from "./ledger.js"
import {
  cancelPledge,
  changePledge,
  recordPledge,
  recordPledges,
  releasePledge,
  reversePledge,
  reversePledgeEvent
} from "./operations.js"
import {
  type PeriodSpec,
  periodBounds,
  periodFields,
  periodSchemaFor,
  previousYear,
  previousYearProblem
} from "./period.js"
import { drawnUnder, openOnEnd, overSecured, registrationBreaks, spansOverlap } from "./rules.js"
import {
  type Period,
  type Pledge,
  type PledgeEvent,
  PledgeInput,
  type PledgeLoan,
  type PledgeMonth,
  type PledgeRegistration,
  type PledgeStatus,
  type PledgeTimelineEntry,
  type PledgeTotal,
  pledgeStatuses
} from "./schema.js"
import { PledgeSettings } from "./settings.js"
import {
  bareNumber,
  countPledges,
  DEFAULT_PLEDGE_SORT,
  existingRegistrationNos,
  figureIndexes,
  findPledge,
  inclusiveBucketFen,
  inclusiveBuckets,
  insertPledges,
  isFirstPledge,
  listPledges,
  listPledgesAfter,
  monthlyPledges,
  type PatentHolder,
  type PledgeCursor,
  type PledgeFilter,
  patentHolders,
  pledgeSorts,
  pledgeStatesOf,
  pledgeStatusesOf,
  refreshEnterprises,
  refreshEnterprisesWrittenBy,
  releaseRegistrationNo,
  totalPledges
} from "./store.js"

export interface PledgeListQuery extends PledgeFilter {
  /** 1–500, default 50 */
  readonly limit?: number | undefined
  readonly offset?: number | undefined
  /** A column to sort by, `-` before it for descending (one of {@link pledgeSorts}); default `-registeredOn`. */
  readonly sort?: string | undefined
}

/** One keyset read of the list ({@link Pledges} `listAfter`): `limit` 1–1000 (default 500), no count. */
export interface PledgeKeysetQuery extends PledgeFilter {
  readonly limit?: number | undefined
  /** Start after this row (the `next` of the previous batch); from the newest without it. */
  readonly after?: PledgeCursor | undefined
}

/** A registration as the list shows it: as registered, with its current status and secured amount. */
export interface ListedPledge extends Pledge {
  readonly status: PledgeStatus
  /** The secured amount in force now: the registered one, or the latest live change's (变更). */
  readonly securedAmount: Yuan
}

export interface PledgeBatch {
  readonly items: ReadonlyArray<ListedPledge>
  /** Where the next batch starts; null once this one came back short (the list is exhausted). */
  readonly next: PledgeCursor | null
}

export interface PledgePage {
  readonly items: ReadonlyArray<ListedPledge>
  /**
   * How many registrations the filters match, and their registered amounts summed (all pages); with
   * `counting`, the financing figure of those that count (amounts in force at `to`).
   */
  readonly total: number
  readonly amount: Yuan
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
    ...said("registration-no-recorded", { registrationNo })
  })

/**
 * A live registration already holds the number: the primary key of pledge_live_numbers refused the row
 * (PostgreSQL names the constraint `pledge_live_numbers_pkey`, SQLite the column
 * `pledge_live_numbers.registration_no`). What a write racing another with the same number meets.
 */
export const isDuplicateRegistration = (error: unknown): error is StoreError =>
  uniqueViolationOf(error)?.includes("pledge_live_numbers") === true

/** Ids are positive safe integers: anything else names no row. */
const isRowId = (id: number) => Number.isSafeInteger(id) && id > 0

/** What a write command takes from its operation's declaration: its name, permission and input. */
const declared = <I, A>(spec: OperationSpec<string, I, A>) => ({
  name: spec.name,
  permission: spec.permission,
  input: spec.input
})

// An amount filter's refusals, remembered with their codes (`checkMessage`): `codeOfCheckMessage` finds them.
const amountAsText = checkMessage("amount-as-text", { example: "1000000.00" })
const amountNegative = checkMessage("not-negative")

const amountProblem = (text: unknown): string | undefined => {
  if (typeof text !== "string") return amountAsText
  try {
    return parseYuan(text).isNegative() ? amountNegative : undefined
  } catch (error) {
    return error instanceof MoneyParseError ? error.reason : String(error)
  }
}

/**
 * What is wrong with a list filter, each issue naming its field: `from`/`to` real dates with from ≤ to,
 * `status` one of {@link pledgeStatuses}, `minAmount`/`maxAmount` money text with min ≤ max, `inclusive`
 * one of the 普惠 thresholds ({@link inclusiveBuckets}), the text
 * filters (`district`, `pledgorUscc`, `bank`, `registrationNo`, the search `q`) non-empty and free of
 * control characters.
 */
export const pledgeFilterIssues = (filter: PledgeFilter): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const date = (field: "from" | "to") => {
    const value: unknown = filter[field]
    if (value === undefined) return true
    const issue = dateIssue(field, value)
    if (issue !== undefined) issues.push(issue)
    return issue === undefined
  }
  const fromOk = date("from")
  const toOk = date("to")
  if (fromOk && toOk && filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
    issues.push(sayAt("to", "to-before-from", { from: filter.from }))
  if (filter.status !== undefined && !pledgeStatuses.includes(filter.status))
    issues.push(sayAt("status", "one-of", { allowed: pledgeStatuses.join(", ") }))
  const amount = (field: "minAmount" | "maxAmount") => {
    const value: unknown = filter[field]
    if (value === undefined) return true
    const problem = amountProblem(value)
    if (problem !== undefined) issues.push({ path: field, message: problem, ...codeOfCheckMessage(problem) })
    return problem === undefined
  }
  const minOk = amount("minAmount")
  const maxOk = amount("maxAmount")
  if (
    minOk &&
    maxOk &&
    filter.minAmount !== undefined &&
    filter.maxAmount !== undefined &&
    parseYuan(filter.minAmount).greaterThan(parseYuan(filter.maxAmount))
  )
    issues.push(sayAt("maxAmount", "max-below-min", { min: filter.minAmount }))
  const inclusive: unknown = filter.inclusive
  if (
    inclusive !== undefined &&
    (typeof inclusive !== "string" || inclusiveBucketFen(inclusive) === undefined)
  )
    issues.push(sayAt("inclusive", "one-of", { allowed: inclusiveBuckets.join(", ") }))
  for (const field of ["district", "pledgorUscc", "bank", "registrationNo", "q"] as const) {
    const value: unknown = filter[field]
    if (value === undefined) continue
    if (typeof value !== "string" || value.trim() === "") {
      issues.push(sayAt(field, "non-empty-text"))
      continue
    }
    const problem = controlCharacterSaid(value)
    if (problem !== undefined) issues.push(issueAt(field, problem))
  }
  return issues
}

export interface BreakdownOptions {
  /** 普惠 threshold for this query (money text or a Decimal); default: the configured one (10,000,000.00). */
  readonly inclusiveThreshold?: string | Yuan | undefined
  /** Also compute each group a year earlier and the growth. */
  readonly yoy?: boolean | undefined
}

export interface RegistrationOptions {
  /** 普惠 threshold for the `inclusive` flag; default: the configured one. */
  readonly inclusiveThreshold?: string | Yuan | undefined
}

const eventNames: Record<PledgeEvent["kind"], string> = {
  change: "a change",
  release: "a release",
  cancel: "a cancellation",
  reversal: "a reversal"
}

/**
 * Patent pledge financing (专利质押融资): registrations (质押登记) and their lifecycle, period totals and
 * breakdowns. Loans drawn under a registration are {@link PledgeLoans}.
 *
 * A registration row stays as registered. Its lifecycle is dated events: `change` (变更: a new secured
 * amount and/or debt term, before and after kept), `release` (解除) or `cancel` (撤销), the last two
 * ending it; the status (registered → changed → released | cancelled) is derived from the live events.
 * Corrections are reversals: `reverse` takes a registration (and its loans) out of every figure,
 * `reverseEvent` takes out its latest event. Invariants (a ValidationError naming the field unless said):
 *
 * - a reversed, released or cancelled registration takes no further event (`pledgeId`);
 * - an event is dated on or after the registration and its latest live event (`on`);
 * - a change may not bring the secured amount below what live loans drew under it (`amount`);
 * - a release or cancellation needs every live loan repaid by its date (`pledgeId`);
 * - only the latest live event can be reversed (`eventId`); twice is a ConflictError (`eventId`); the
 *   state after a reversal keeps the rules above (`eventId`, naming the event and the rule): no loans above
 *   the secured amount, no patent in two active registrations (rules.ts, shared with the forward checks).
 *   An event reversal cannot break a rule of the linkage records naming the registration (reversing a
 *   change leaves them as they were, reversing a release or cancellation only reopens it);
 * - a registration that live risk-compensation claims or interest subsidies name by number is not
 *   reversed (`id`, naming each record and its rule: linkage/pledge-refs.ts, shared with those writes);
 * - with `exclusivePatents` on ({@link PledgeSettings}): a patent in another live registration not ended
 *   on or before the new registration's date is refused (`patents.N`).
 *
 * Checks run after the journal slot is reserved: on PostgreSQL its row lock orders writers.
 */
/** What an import (a batch) has written so far, and whether it was found to be a bulk load. */
const bulkLoads = new WeakMap<WriteBatch, { written: number; decided: boolean }>()
/** The fewest registrations an import writes before it may count as a bulk load. */
const bulkLoadRows = 20_000

export class Pledges extends Context.Service<
  Pledges,
  {
    record(actor: Actor, input: unknown, options?: CommandOptions): Effect.Effect<Pledge, CommandError<never>>
    /** The bulk path: all rows in one transaction and one journal entry; all-or-nothing validation. */
    recordMany(
      actor: Actor,
      inputs: ReadonlyArray<unknown>
    ): Effect.Effect<BulkResult, ValidationError | ForbiddenError | ConflictError | StoreError>
    /**
     * Corrections are reversals: the pledge stays in history and leaves every total, and its registration
     * number is free to be recorded again (the corrected registration, a new id). A number held by a live
     * registration is a ConflictError (`registrationNo`) on `record` and `recordMany`.
     */
    reverse(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Pledge, CommandError<NotFoundError>>
    /** 变更登记 (`PledgeChangeInput`): a new secured amount and/or debt term from `on`. */
    change(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeRegistration, CommandError<NotFoundError>>
    /** 解除质押 (`PledgeEndInput`): the debt is settled; frees the patents from `on`. */
    release(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeRegistration, CommandError<NotFoundError>>
    /** 撤销登记 (`PledgeEndInput`): the registration is void from `on`; frees the patents. */
    cancel(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeRegistration, CommandError<NotFoundError>>
    /** Takes the registration's latest live event out (`{ eventId, reason }`); dated today. */
    reverseEvent(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeRegistration, CommandError<NotFoundError>>
    /**
     * Sum and count of the registrations registered in `period` that count, each at the secured amount in
     * force at the period's end, cancelled and reversed ones out (DOMAIN.md "What counts toward the 25亿";
     * `includeReversed` counts reversed ones as if live) (a {@link PeriodSpec}: `{ from, to }`,
     * `{ year }`, `{ year, quarter }`, `{ year, month }`, `{ fromYear, toYear }`). What targets read.
     */
    total(
      period: PeriodSpec,
      filter?: Omit<PledgeFilter, "from" | "to">
    ): Effect.Effect<PledgeTotal, ValidationError | StoreError>
    /**
     * `total` per calendar month of registration in `period`, every month from `from`'s to `to`'s present
     * (zeros where nothing counts), each registration at the amount in force at the period's end, so the
     * months add up to the total. The first and last months count only the days inside the period.
     */
    monthly(
      period: PeriodSpec,
      filter?: Omit<PledgeFilter, "from" | "to" | "includeReversed">
    ): Effect.Effect<ReadonlyArray<PledgeMonth>, ValidationError | StoreError>
    list(query?: PledgeListQuery): Effect.Effect<PledgePage, ValidationError | StoreError>
    /**
     * The list (same filters, same order: newest registration date first, then id) read by keyset: up to
     * `limit` rows after the cursor `after`, with no count. Each batch costs the same however deep it is,
     * and a reversal or a new registration between batches shifts nothing (unlike limit/offset). What the
     * CSV export reads, through {@link pledgeBatch}.
     */
    listAfter(query?: PledgeKeysetQuery): Effect.Effect<PledgeBatch, ValidationError | StoreError>
    get(id: number): Effect.Effect<Pledge, NotFoundError | StoreError>
    /** The current status of each of `ids` (at most 1000) in one query, e.g. for a page of the list. */
    statuses(
      ids: ReadonlyArray<number>
    ): Effect.Effect<ReadonlyMap<number, PledgeStatus>, ValidationError | StoreError>
    /** The registration with its status, current terms, flags, patents, loans and events. */
    registration(
      id: number,
      options?: RegistrationOptions
    ): Effect.Effect<PledgeRegistration, NotFoundError | ValidationError | StoreError>
    /** Its history, oldest first: registered, changes, release/cancellation, loans, repayments, default. */
    events(id: number): Effect.Effect<ReadonlyArray<PledgeTimelineEntry>, NotFoundError | StoreError>
    /** Every measure for `period`, the same period a year earlier, growth, and loans in default. */
    summary(period: PeriodSpec): Effect.Effect<PledgeSummary, ValidationError | StoreError>
    /** Every measure per district, bank, size, 普惠 or 首次质押 (see {@link PledgeDimension}). */
    breakdown(
      period: PeriodSpec,
      by: PledgeDimension,
      options?: BreakdownOptions
    ): Effect.Effect<PledgeBreakdown, ValidationError | StoreError>
  }
>()("@kejin/core/Pledges") {
  static readonly layer = Layer.effect(
    Pledges,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const settings = yield* PledgeSettings
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const load = (trx: Kysely<DB>, id: number) =>
        inDb(() => findPledge(trx, id)).pipe(
          Effect.flatMap((pledge) =>
            pledge === undefined ? Effect.die(new Error(`pledge ${id} vanished`)) : Effect.succeed(pledge)
          )
        )

      const resolve = Effect.fnUntraced(function* (spec: PeriodSpec) {
        return periodBounds(yield* decodeInput(periodSchemaFor(spec), spec))
      })

      /** The same period a year earlier, or a ValidationError naming where `spec` starts. */
      const yearBefore = (spec: PeriodSpec, bounds: Period) => {
        const problem = previousYearProblem(bounds)
        return problem === undefined
          ? Effect.succeed(previousYear(bounds))
          : Effect.fail(invalidAs({ field: periodFields(spec).start, ...problem }))
      }

      const thresholdOf = (value: string | Yuan | undefined, path: string) => {
        if (value === undefined) return Effect.succeed(settings.inclusiveThreshold)
        try {
          const amount = typeof value === "string" ? parseYuan(value) : new Yuan(value)
          if (!amount.greaterThan(0) || amount.decimalPlaces() > 2)
            return Effect.fail(invalid(path, "threshold-positive-fen"))
          return Effect.succeed(amount)
        } catch (error) {
          return Effect.fail(
            invalidText(path, error instanceof MoneyParseError ? error.reason : String(error))
          )
        }
      }

      /** Refuses patents still pledged under another active registration (when configured). */
      const checkPatents = (
        trx: Kysely<DB>,
        inputs: ReadonlyArray<PledgeInput>,
        prefix: (i: number) => string
      ) =>
        Effect.gen(function* () {
          if (!settings.exclusivePatents) return
          const issues: Array<FieldIssue> = []
          const inBatch = new Map<string, { row: number; registrationNo: string }>()
          // One read for the whole batch (chunked by the store), then each row is checked in memory.
          const holders = new Map<string, Array<PatentHolder>>()
          for (const holder of yield* inDb(() =>
            patentHolders(
              trx,
              inputs.flatMap((i) => i.patents)
            )
          )) {
            const list = holders.get(holder.patent) ?? []
            list.push(holder)
            holders.set(holder.patent, list)
          }
          for (const [i, input] of inputs.entries()) {
            for (const [j, patent] of input.patents.entries()) {
              const bare = bareNumber(patent)
              const other = inBatch.get(bare)
              // Still pledged on the new registration's date: not released or cancelled on or before it.
              const stored = holders
                .get(bare)
                ?.find((h) => spansOverlap(h, { registeredOn: input.registeredOn, endedOn: null }))
              if (stored !== undefined) {
                issues.push(
                  sayAt(`${prefix(i)}patents.${j}`, "patent-still-pledged", {
                    patent,
                    registrationNo: stored.registrationNo,
                    registeredOn: stored.registeredOn,
                    on: input.registeredOn
                  })
                )
              } else if (other !== undefined) {
                issues.push(
                  sayAt(`${prefix(i)}patents.${j}`, "patent-twice-in-batch", {
                    patent,
                    registrationNo: other.registrationNo,
                    row: String(other.row)
                  })
                )
              }
              inBatch.set(bare, { row: i, registrationNo: input.registrationNo })
            }
            if (issues.length >= 100) break
          }
          if (issues.length > 0) return yield* new ValidationError({ issues })
        })

      /**
       * Inside a batch (an import) the per-enterprise caches are rebuilt once, at its end, for every
       * enterprise it wrote a registration of; elsewhere each write keeps them up to date itself.
       */
      const deferredInBatch = (rows: number) =>
        Effect.gen(function* () {
          const batch = yield* CurrentBatch
          if (batch === undefined) return "now" as const
          const seq = batch.slot.seq
          if (!batch.atEnd.has("pledges.enterprises"))
            batch.atEnd.set("pledges.enterprises", (trx) => refreshEnterprisesWrittenBy(trx, seq))
          // A bulk load — at least 20,000 registrations, and at least a quarter of what the store held
          // before — sets the figures' indexes aside until its end (store/bulk-indexes.ts).
          const load = bulkLoads.get(batch) ?? { written: 0, decided: false }
          bulkLoads.set(batch, load)
          load.written += rows
          if (!load.decided && load.written >= bulkLoadRows) {
            load.decided = true
            const before = (yield* inDb(() => countPledges(batch.trx))) - load.written
            if (load.written * 4 >= before) {
              const pledges = yield* inDb(() => setIndexesAside(batch.trx, figureIndexes.pledges))
              const sequence = yield* inDb(() => setIndexesAside(batch.trx, figureIndexes.sequence))
              // The registrations' indexes first (the caches are rebuilt an enterprise at a time through
              // one of them), the cache's own after it is filled.
              batch.atEnd.set("pledges.enterprises", async (trx) => {
                await pledges(trx)
                await refreshEnterprisesWrittenBy(trx, seq)
                await sequence(trx)
              })
            }
          }
          return "deferred" as const
        })

      const record = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            ...declared(recordPledge),
            write: (trx, pledge, slot) =>
              Effect.gen(function* () {
                const unfiled = futurePatentIssues("", pledge.patents, yield* todayInShanghai)
                if (unfiled.length > 0) return yield* new ValidationError({ issues: unfiled })
                const existing = yield* inDb(() => existingRegistrationNos(trx, [pledge.registrationNo]))
                if (existing.size > 0) return yield* duplicate(pledge.registrationNo)
                yield* checkPatents(trx, [pledge], () => "")
                const caches = yield* deferredInBatch(1)
                const [id] = yield* inDb(() => insertPledges(trx, [pledge], slot.seq, caches))
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

      /** A patent filed after this year (the core's clock) does not exist yet: one issue naming each. */
      const futurePatentIssues = (prefix: string, patents: ReadonlyArray<string>, today: string) => {
        const year = Number(today.slice(0, 4))
        return patents.flatMap((patent, j) => {
          const filed = patentFilingYear(patent)
          return filed === undefined || filed <= year
            ? []
            : [
                sayAt(`${prefix}patents.${j}`, "patent-filed-future", {
                  filed: String(filed),
                  year: String(year)
                })
              ]
        })
      }

      const recordMany = Effect.fn("Pledges.recordMany")(function* (
        actor: Actor,
        inputs: ReadonlyArray<unknown>
      ) {
        const forbidden = authorize(actor, recordPledges.permission)
        if (forbidden) return yield* forbidden
        const decode = Schema.decodeUnknownExit(PledgeInput)
        const decoded: Array<PledgeInput> = []
        const issues: Array<FieldIssue> = []
        const seen = new Map<string, number>()
        const today = yield* todayInShanghai
        for (let i = 0; i < inputs.length && issues.length < 100; i++) {
          // Rows already in their decoded form skip the Schema's interpreter (fast-input.ts).
          const plain = plainPledgeInput(inputs[i])
          const exit = plain === undefined ? decode(inputs[i], decodeOptions) : Exit.succeed(plain)
          if (exit._tag === "Failure") {
            const error = Cause.findErrorOption(exit.cause)
            if (Option.isSome(error))
              issues.push(...validationErrorFromIssue(error.value.issue, [`[${i}]`]).issues)
            continue
          }
          const first = seen.get(exit.value.registrationNo)
          if (first !== undefined) {
            issues.push(sayAt(`[${i}].registrationNo`, "row-repeats", { row: String(first) }))
            continue
          }
          seen.set(exit.value.registrationNo, i)
          const future = futureDateIssue(`[${i}].registeredOn`, exit.value.registeredOn, today)
          if (future !== undefined) {
            issues.push(future)
            continue
          }
          const unfiled = futurePatentIssues(`[${i}].`, exit.value.patents, today)
          if (unfiled.length > 0) {
            issues.push(...unfiled)
            continue
          }
          decoded.push(exit.value)
        }
        if (issues.length > 0) return yield* new ValidationError({ issues })
        if (decoded.length === 0) return { count: 0, ids: [], journalSeq: 0 }
        /** Refuses the batch when a number or a patent is taken: before anything is written. */
        const check = (trx: Kysely<DB>) =>
          Effect.gen(function* () {
            // After the journal slot: on PostgreSQL its row lock orders this check after any other writer's.
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
                ...said("registration-nos-recorded", {
                  count: String(existing.size),
                  example: String([...existing][0])
                })
              })
            }
            yield* checkPatents(trx, decoded, (i) => `[${i}].`)
          })
        /** The registrations written under journal entry `seq` (the caller's transaction holds its slot). */
        const insert = (trx: Kysely<DB>, seq: number) =>
          Effect.gen(function* () {
            const caches = yield* deferredInBatch(decoded.length)
            return yield* inDb(() => insertPledges(trx, decoded, seq, caches)).pipe(
              Effect.catchIf(isDuplicateRegistration, () =>
                Effect.fail(
                  new ConflictError({
                    reason: "duplicate",
                    field: "registrationNo",
                    ...said("registration-no-raced")
                  })
                )
              )
            )
          })
        // Inside an import: in its transaction, under its one journal entry.
        const batch = yield* CurrentBatch
        // Every refusal comes from `check`, before the first insert: a refused chunk leaves nothing to undo,
        // so no savepoint (whose sub-journal copies every page a chunk touches: gigabytes over a million
        // rows). An insert failing after the checks passed is no refusal of the rows: it ends the import.
        if (batch !== undefined) {
          yield* check(batch.trx)
          const ids = yield* insert(batch.trx, batch.slot.seq).pipe(
            Effect.mapError(
              (error) =>
                new StoreError({
                  reason: "unknown",
                  retryable: false,
                  detail: `registrations of an import failed after their checks passed: ${error.message}`
                })
            )
          )
          return { count: ids.length, ids, journalSeq: batch.slot.seq }
        }
        const batchHash = batchDigest(inputs)
        return yield* database.transaction((trx) =>
          Effect.gen(function* () {
            const slot = yield* journal.reserve(trx)
            yield* check(trx)
            const ids = yield* insert(trx, slot.seq)
            yield* journal.append(trx, slot, {
              actor,
              command: recordPledges.name,
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

      const reverse = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            ...declared(reversePledge),
            write: (trx, { id, reason }, slot) =>
              Effect.gen(function* () {
                const pledge = yield* inDb(() => findPledge(trx, id))
                if (pledge === undefined)
                  return yield* new NotFoundError({ entity: "pledge", id: String(id) })
                if (pledge.reversed) {
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "id",
                    ...said("pledge-already-reversed", { id: String(id) })
                  })
                }
                // The figures' aggregates: what the registration contributed before, and after (nothing).
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [id] }, -1))
                yield* inDb(() =>
                  trx
                    .insertInto("pledge_reversals")
                    .values({ pledge_id: id, reason, journal_id: slot.seq })
                    .execute()
                )
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [id] }, 1))
                // The bureau records the corrected registration again under the same number.
                yield* inDb(() => releaseRegistrationNo(trx, pledge))
                // 首次质押 and the enterprise's sequence move past the reversed registration.
                yield* inDb(() => refreshEnterprises(trx, [pledge.pledgor.uscc]))
                // A reversal is a write like any other: no live claim or subsidy may go on naming the
                // registration, or the transaction rolls back.
                const breaks = yield* inDb(() => pledgeRefBreaks(trx, pledge.registrationNo))
                if (breaks.length > 0) {
                  return yield* invalidBecause(
                    "id",
                    "pledge-reversal-breaks",
                    { id: String(id), registrationNo: pledge.registrationNo },
                    breaks
                  )
                }
                return yield* load(trx, id)
              }),
            resultRef: (pledge) => ({ pledgeId: pledge.id }),
            replay: (trx, ref: { pledgeId: number }) => load(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        )

      const registrationIn = (trx: Kysely<DB>, id: number, threshold: Yuan) =>
        Effect.gen(function* () {
          if (!isRowId(id)) return yield* new NotFoundError({ entity: "pledge", id: String(id) })
          const pledge = yield* inDb(() => findPledge(trx, id))
          if (pledge === undefined) return yield* new NotFoundError({ entity: "pledge", id: String(id) })
          const events = yield* inDb(() => findEvents(trx, { pledgeId: id }))
          const loans = yield* inDb(() => findLoans(trx, { pledgeId: id }))
          const first = yield* inDb(() => isFirstPledge(trx, id))
          return assemble(pledge, events, loans, first, threshold)
        })

      const loadRegistration = (trx: Kysely<DB>, id: number) =>
        registrationIn(trx, id, settings.inclusiveThreshold).pipe(
          Effect.catchTag("NotFoundError", (e) => Effect.die(e))
        )

      /**
       * The rules `registration` (a state after a reversal, read in its transaction) breaks, in words: the
       * secured amount and settled-loan rules, and with `spanChanged` (its release or cancellation was
       * reversed) one active registration per patent, when {@link PledgeSettings} `exclusivePatents` is on.
       */
      const breaksAfter = (trx: Kysely<DB>, registration: PledgeRegistration, spanChanged: boolean) =>
        Effect.gen(function* () {
          const state = deriveState(registration, registration.events)
          const breaks = [
            ...registrationBreaks({
              registrationNo: registration.registrationNo,
              securedAmount: state.securedAmount,
              ended: state.ended,
              loans: registration.loans
            })
          ]
          if (!spanChanged || !settings.exclusivePatents || registration.reversed) return breaks
          const span = { registeredOn: registration.registeredOn, endedOn: state.ended?.on ?? null }
          for (const holder of yield* inDb(() => patentHolders(trx, registration.patents))) {
            if (holder.registrationNo === registration.registrationNo || !spansOverlap(holder, span)) continue
            breaks.push(
              say("patent-would-be-pledged-twice", {
                patent: holder.patent,
                registrationNo: registration.registrationNo,
                other: holder.registrationNo,
                registeredOn: holder.registeredOn,
                ended: holder.endedOn ?? ""
              })
            )
          }
          return breaks
        })

      /** The registration's state inside the write transaction, refusing one that is closed. */
      const openRegistration = (trx: Kysely<DB>, pledgeId: number, on: string) =>
        Effect.gen(function* () {
          const registration = yield* registrationIn(trx, pledgeId, settings.inclusiveThreshold)
          const state = deriveState(registration, registration.events)
          const closed = closedReason(registration, state)
          if (closed !== undefined) return yield* invalid("pledgeId", "registration-closed-events", closed)
          if (on < registration.registeredOn)
            return yield* invalid("on", "pledge-event-before-registration", {
              registeredOn: registration.registeredOn
            })
          if (state.last !== undefined && on < state.last.on) {
            return yield* invalid("on", "pledge-event-before-latest", {
              event: eventNames[state.last.kind],
              on: state.last.on
            })
          }
          return { registration, state }
        })

      const change = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            ...declared(changePledge),
            write: (trx, c, slot) =>
              Effect.gen(function* () {
                const { registration, state } = yield* openRegistration(trx, c.pledgeId, c.on)
                if (c.amount !== undefined) {
                  if (c.amount.equals(state.securedAmount) && c.debtTerm === undefined)
                    return yield* invalid("amount", "pledge-change-same-amount", {
                      amount: yuanText(c.amount)
                    })
                  const drawn = overSecured(c.amount, registration.loans)
                  if (drawn !== undefined) {
                    return yield* invalid("amount", "pledge-change-below-drawn", {
                      drawn: yuanText(drawn),
                      registrationNo: registration.registrationNo
                    })
                  }
                }
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [c.pledgeId] }, -1))
                yield* inDb(() =>
                  insertEvent(trx, {
                    pledgeId: c.pledgeId,
                    kind: "change",
                    on: c.on,
                    ...(c.amount === undefined
                      ? {}
                      : { amountBefore: toFen(state.securedAmount), amountAfter: toFen(c.amount) }),
                    ...(c.debtTerm === undefined
                      ? {}
                      : { termBefore: state.debtTerm, termAfter: c.debtTerm }),
                    note: c.note,
                    journalSeq: slot.seq
                  })
                )
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [c.pledgeId] }, 1))
                return yield* loadRegistration(trx, c.pledgeId)
              }),
            resultRef: (r) => ({ pledgeId: r.id }),
            replay: (trx, ref: { pledgeId: number }) => loadRegistration(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        )

      const end = (kind: "release" | "cancel") => (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            ...declared(kind === "release" ? releasePledge : cancelPledge),
            write: (trx, e, slot) =>
              Effect.gen(function* () {
                const { registration } = yield* openRegistration(trx, e.pledgeId, e.on)
                const what = kind === "release" ? "released" : "cancelled"
                const open = openOnEnd(registration.loans, e.on)
                if (open?.kind === "disbursed-after") {
                  return yield* invalid("on", "pledge-end-before-loan", {
                    loan: String(open.loan.id),
                    disbursedOn: open.loan.disbursedOn,
                    on: e.on,
                    what
                  })
                }
                if (open?.kind === "outstanding") {
                  return yield* invalid("pledgeId", "pledge-end-outstanding", {
                    registrationNo: registration.registrationNo,
                    outstanding: yuanText(open.open),
                    loan: String(open.loan.id),
                    on: e.on,
                    what
                  })
                }
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [e.pledgeId] }, -1))
                yield* inDb(() =>
                  insertEvent(trx, {
                    pledgeId: e.pledgeId,
                    kind,
                    on: e.on,
                    note: e.note,
                    journalSeq: slot.seq
                  })
                )
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [e.pledgeId] }, 1))
                // A cancelled registration is void (it counts nothing): 首次质押 and the enterprise's
                // sequence move past it, as after a reversal.
                if (kind === "cancel") yield* inDb(() => refreshEnterprises(trx, [registration.pledgor.uscc]))
                // The claims and subsidies naming the registration must still stand on it after an end dated
                // before theirs (the same check as a reversal's), or the transaction rolls back.
                const breaks = yield* inDb(() => pledgeRefBreaks(trx, registration.registrationNo))
                if (breaks.length > 0) {
                  return yield* invalidBecause(
                    "on",
                    "pledge-end-breaks",
                    { registrationNo: registration.registrationNo, what, on: e.on },
                    breaks
                  )
                }
                return yield* loadRegistration(trx, e.pledgeId)
              }),
            resultRef: (r) => ({ pledgeId: r.id }),
            replay: (trx, ref: { pledgeId: number }) => loadRegistration(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        )

      const reverseEvent = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            ...declared(reversePledgeEvent),
            write: (trx, { eventId, reason }, slot) =>
              Effect.gen(function* () {
                const [event] = yield* inDb(() => findEvents(trx, { id: eventId }))
                if (event === undefined)
                  return yield* new NotFoundError({ entity: "pledge event", id: String(eventId) })
                if (event.kind === "reversal")
                  return yield* invalid("eventId", "event-is-reversal", { event: String(eventId) })
                if (event.reversed) {
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "eventId",
                    ...said("event-already-reversed", { event: String(eventId) })
                  })
                }
                const registration = yield* registrationIn(trx, event.pledgeId, settings.inclusiveThreshold)
                if (registration.reversed) {
                  return yield* invalid("eventId", "pledge-event-registration-reversed", {
                    registrationNo: registration.registrationNo
                  })
                }
                const state = deriveState(registration, registration.events)
                if (state.last?.id !== eventId) {
                  return yield* invalid("eventId", "pledge-event-not-latest", {
                    event: String(state.last?.id),
                    on: String(state.last?.on)
                  })
                }
                const today = yield* todayInShanghai
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [event.pledgeId] }, -1))
                yield* inDb(() =>
                  insertEvent(trx, {
                    pledgeId: event.pledgeId,
                    kind: "reversal",
                    on: today,
                    reverses: eventId,
                    note: reason,
                    journalSeq: slot.seq
                  })
                )
                yield* inDb(() => applyContribution(trx, { kind: "pledges", ids: [event.pledgeId] }, 1))
                // The registration of a reversed cancellation counts again: the caches take it back.
                if (event.kind === "cancel")
                  yield* inDb(() => refreshEnterprises(trx, [registration.pledgor.uscc]))
                // A reversal is a write like any other: the state after it keeps every rule, or the
                // transaction rolls back.
                const after = yield* loadRegistration(trx, event.pledgeId)
                const breaks = yield* breaksAfter(trx, after, event.kind !== "change")
                if (breaks.length > 0) {
                  return yield* invalidBecause(
                    "eventId",
                    "pledge-event-reversal-breaks",
                    { event: String(eventId), kind: eventNames[event.kind], on: event.on },
                    breaks
                  )
                }
                return after
              }),
            resultRef: (r) => ({ pledgeId: r.id }),
            replay: (trx, ref: { pledgeId: number }) => loadRegistration(trx, ref.pledgeId)
          },
          actor,
          input,
          options
        )

      const total = Effect.fn("Pledges.total")(function* (
        period: PeriodSpec,
        filter: Omit<PledgeFilter, "from" | "to"> = {}
      ) {
        const { from, to } = yield* resolve(period)
        const issues = pledgeFilterIssues(filter)
        if (issues.length > 0) return yield* new ValidationError({ issues })
        return yield* inDb(async () => {
          // Read from the maintained aggregates when they answer the filter (pledges/aggregates.ts).
          const aggregated = await aggregatedTotal(database.db, { ...filter, from, to })
          return aggregated === undefined
            ? totalPledges(database.db, { ...filter, from, to })
            : { amount: fromFen(aggregated.fen), count: aggregated.count }
        })
      })

      const monthly = Effect.fn("Pledges.monthly")(function* (
        period: PeriodSpec,
        filter: Omit<PledgeFilter, "from" | "to" | "includeReversed"> = {}
      ) {
        const { from, to } = yield* resolve(period)
        const issues = pledgeFilterIssues(filter)
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const first = monthIndex(from)
        const months = monthIndex(to) - first + 1
        if (months > MAX_MONTHLY_SERIES) {
          return yield* new ValidationError({
            issues: [
              sayAt(periodFields(period).end, "monthly-series-too-long", {
                max: String(MAX_MONTHLY_SERIES),
                months: String(months)
              })
            ]
          })
        }
        const rows = yield* inDb(async () => {
          const aggregated = await aggregatedMonthly(database.db, { ...filter, from, to })
          return aggregated === undefined
            ? monthlyPledges(database.db, { ...filter, from, to, includeReversed: false })
            : aggregated.map((m) => ({ month: m.month, amount: fromFen(m.fen), count: m.count }))
        })
        const byMonth = new Map(rows.map((row) => [row.month, row]))
        return Array.from({ length: months }, (_, i): PledgeMonth => {
          const month = monthOfIndex(first + i)
          return byMonth.get(month) ?? { month, amount: new Yuan(0), count: 0 }
        })
      })

      const list = Effect.fn("Pledges.list")(function* (query: PledgeListQuery = {}) {
        const limit = query.limit ?? 50
        const offset = query.offset ?? 0
        const issues: Array<FieldIssue> = [...pledgeFilterIssues(query)]
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "500" }))
        if (!Number.isInteger(offset) || offset < 0)
          issues.push(sayAt("offset", "whole-number-at-least", { min: "0" }))
        if (query.sort !== undefined && !(pledgeSorts as ReadonlyArray<string>).includes(query.sort))
          issues.push(sayAt("sort", "one-of", { allowed: pledgeSorts.join(", ") }))
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const page = yield* inDb(() => listPledges(database.db, { ...query, limit, offset }))
        return { ...page, items: yield* listed(page.items), limit, offset }
      })

      /** The registrations of a page with their current status and secured amount (one more query). */
      const listed = (items: ReadonlyArray<Pledge>) =>
        Effect.map(
          inDb(() =>
            pledgeStatesOf(
              database.db,
              items.map((p) => p.id)
            )
          ),
          (states): ReadonlyArray<ListedPledge> =>
            items.map((p) => ({
              ...p,
              status: states.get(p.id)?.status ?? "registered",
              securedAmount: states.get(p.id)?.securedAmount ?? p.amount
            }))
        )

      const statuses = Effect.fn("Pledges.statuses")(function* (ids: ReadonlyArray<number>) {
        if (ids.length > 1000)
          return yield* new ValidationError({
            issues: [sayAt("ids", "ids-too-many", { max: "1000" })]
          })
        const bad = ids.findIndex((id) => !isRowId(id))
        if (bad >= 0) return yield* new ValidationError({ issues: [sayAt(`ids.${bad}`, "row-id")] })
        return yield* inDb(() => pledgeStatusesOf(database.db, ids))
      })

      const listAfter = Effect.fn("Pledges.listAfter")(function* (query: PledgeKeysetQuery = {}) {
        const limit = query.limit ?? 500
        const issues: Array<FieldIssue> = [...pledgeFilterIssues(query)]
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "1000" }))
        const after: unknown = query.after
        if (after !== undefined) {
          const cursor = after as Partial<Record<keyof PledgeCursor, unknown>>
          if (
            typeof cursor !== "object" ||
            cursor === null ||
            typeof cursor.registeredOn !== "string" ||
            businessDateProblem(cursor.registeredOn) !== undefined ||
            typeof cursor.id !== "number" ||
            !isRowId(cursor.id)
          )
            issues.push(sayAt("after", "batch-cursor"))
        }
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const items = yield* listed(yield* inDb(() => listPledgesAfter(database.db, { ...query, limit })))
        const last = items.at(-1)
        return {
          items,
          next:
            items.length < limit || last === undefined
              ? null
              : { registeredOn: last.registeredOn, id: last.id }
        }
      })

      const get = Effect.fn("Pledges.get")(function* (id: number) {
        // No row has an id that is not a positive safe integer (and PostgreSQL refuses one beyond bigint).
        if (!isRowId(id)) return yield* new NotFoundError({ entity: "pledge", id: String(id) })
        const pledge = yield* inDb(() => findPledge(database.db, id))
        if (pledge === undefined) return yield* new NotFoundError({ entity: "pledge", id: String(id) })
        return pledge
      })

      const registration = Effect.fn("Pledges.registration")(function* (
        id: number,
        options: RegistrationOptions = {}
      ) {
        const threshold = yield* thresholdOf(options.inclusiveThreshold, "inclusiveThreshold")
        return yield* registrationIn(database.db, id, threshold)
      })

      const events = Effect.fn("Pledges.events")(function* (id: number) {
        const r = yield* registrationIn(database.db, id, settings.inclusiveThreshold)
        return timelineOf(r)
      })

      const summary = Effect.fn("Pledges.summary")(function* (period: PeriodSpec) {
        const bounds = yield* resolve(period)
        const earlier = yield* yearBefore(period, bounds)
        return yield* inDb(() => summaryOf(database.db, bounds, earlier))
      })

      const breakdown = Effect.fn("Pledges.breakdown")(function* (
        period: PeriodSpec,
        by: PledgeDimension,
        options: BreakdownOptions = {}
      ) {
        const bounds = yield* resolve(period)
        if (!pledgeDimensions.includes(by))
          return yield* invalid("by", "one-of", { allowed: pledgeDimensions.join(", ") })
        const threshold = yield* thresholdOf(options.inclusiveThreshold, "inclusiveThreshold")
        const earlier = options.yoy ? yield* yearBefore(period, bounds) : undefined
        const current = yield* inDb(() => breakdownRaw(database.db, bounds, by, threshold))
        if (earlier === undefined) return toBreakdown(bounds, by, threshold, current)
        const result = yield* inDb(() => breakdownRaw(database.db, earlier, by, threshold))
        return toBreakdown(bounds, by, threshold, current, { period: earlier, result })
      })

      return Pledges.of({
        record,
        recordMany,
        reverse,
        change,
        release: end("release"),
        cancel: end("cancel"),
        reverseEvent,
        total,
        monthly,
        list,
        listAfter,
        statuses,
        get,
        registration,
        events,
        summary,
        breakdown
      })
    })
  )
}

/**
 * One batch of the registrations `filter` matches, in the list's order, after `page.after` (the last batch's
 * `next`; none for the first): {@link Pledges} `listAfter` by (registration date, id), the list's own order.
 * Sorted otherwise (`sort`), the list's pages in that order (`limit`/`offset`, at most 500 a batch), the
 * cursor the next page's offset. `next` is null after the last batch. What the exports and
 * {@link pledgeBatches} read.
 */
export const pledgeBatch = (
  filter: PledgeFilter & { readonly sort?: string | undefined },
  page: { readonly limit: number; readonly after?: unknown }
): Effect.Effect<
  { readonly items: ReadonlyArray<ListedPledge>; readonly next: unknown },
  ValidationError | StoreError,
  Pledges
> => {
  const { sort, ...keyed } = filter
  if (sort !== undefined && sort !== DEFAULT_PLEDGE_SORT) {
    const offset = (page.after as { readonly offset?: number } | undefined)?.offset ?? 0
    const limit = Math.min(page.limit, 500)
    return Effect.map(
      Pledges.use((p) => p.list({ ...keyed, sort, limit, offset })),
      (listed) => ({
        items: listed.items,
        next:
          listed.items.length < limit || offset + listed.items.length >= listed.total
            ? null
            : { offset: offset + listed.items.length }
      })
    )
  }
  return Pledges.use((p) =>
    p.listAfter({
      ...keyed,
      limit: page.limit,
      ...(page.after === undefined ? {} : { after: page.after as PledgeCursor })
    })
  )
}

/**
 * Every registration `filter` matches (live ones unless `includeReversed`), in the list's order, `batchSize`
 * (1–1000) at a time: {@link pledgeBatch} after batch, each starting where the last stopped. Memory and each
 * read stay flat however many rows match; by registration date and id, a registration reversed while the
 * batches are read drops out if it was not read yet and moves nothing else, so no live row is skipped or
 * repeated. A bad filter is the first batch's ValidationError. `run` runs an Effect needing {@link Pledges}
 * (`kejin.run` of the Promise API). Stop early with `break`.
 */
export async function* pledgeBatches(
  run: <A, E>(effect: Effect.Effect<A, E, Pledges>) => Promise<A>,
  filter: PledgeFilter & { readonly sort?: string | undefined } = {},
  batchSize = 500
): AsyncGenerator<ReadonlyArray<ListedPledge>, void, undefined> {
  let after: unknown
  while (true) {
    const cursor = after
    const batch = await run(
      pledgeBatch(filter, { limit: batchSize, ...(cursor === undefined ? {} : { after: cursor }) })
    )
    if (batch.items.length > 0) yield batch.items
    if (batch.next === null) return
    after = batch.next
  }
}

/** A registration with everything derived from its events, loans and the 首次质押 cache. */
const assemble = (
  pledge: Pledge,
  events: ReadonlyArray<PledgeEvent>,
  loans: ReadonlyArray<PledgeLoan>,
  firstPledge: boolean,
  threshold: Yuan
): PledgeRegistration => {
  const state = deriveState(pledge, events)
  const live = loans.filter((l) => !l.reversed)
  const drawn = drawnUnder(loans)
  const outstanding = live.reduce((sum, l) => sum.plus(l.outstanding), new Yuan(0))
  const available = state.securedAmount.minus(drawn)
  return {
    ...pledge,
    status: state.status,
    statusOn: state.statusOn,
    securedAmount: state.securedAmount,
    currentDebtTerm: state.debtTerm,
    firstPledge,
    inclusive:
      pledge.amount.lessThanOrEqualTo(threshold) || live.some((l) => l.amount.lessThanOrEqualTo(threshold)),
    inclusiveThreshold: threshold,
    patentDetails: pledge.patents.map((number) => ({
      number,
      type: patentType(number) ?? null,
      title: pledge.patentTitles?.[number] ?? null
    })),
    drawn,
    available: available.greaterThan(0) ? available : new Yuan(0),
    outstanding,
    loans,
    events
  }
}

const timelineKinds = { change: "changed", release: "released", cancel: "cancelled" } as const

/** Business events oldest first; a reversed registration marks every line reversed. */
const timelineOf = (r: PledgeRegistration): ReadonlyArray<PledgeTimelineEntry> => {
  const entries: Array<PledgeTimelineEntry & { readonly order: number }> = [
    {
      on: r.registeredOn,
      kind: "registered",
      eventId: null,
      loanId: null,
      amount: r.amount,
      reversed: r.reversed,
      journalSeq: r.journalSeq,
      order: 0
    }
  ]
  for (const e of r.events) {
    if (e.kind === "reversal") continue
    entries.push({
      on: e.on,
      kind: timelineKinds[e.kind],
      eventId: e.id,
      loanId: null,
      amount: e.amount?.after ?? null,
      reversed: e.reversed || r.reversed,
      journalSeq: e.journalSeq,
      order: 1
    })
  }
  for (const loan of r.loans) {
    entries.push({
      on: loan.disbursedOn,
      kind: "drawn",
      eventId: null,
      loanId: loan.id,
      amount: loan.amount,
      reversed: loan.reversed,
      journalSeq: loan.journalSeq,
      order: 1
    })
    for (const e of loan.events) {
      if (e.kind === "reversal") continue
      entries.push({
        on: e.on,
        kind: e.kind === "repayment" ? "repaid" : "defaulted",
        eventId: e.id,
        loanId: loan.id,
        amount: e.amount,
        reversed: e.reversed || loan.reversed,
        journalSeq: e.journalSeq,
        order: 1
      })
    }
  }
  return entries
    .sort((a, b) =>
      a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.order - b.order || a.journalSeq - b.journalSeq
    )
    .map(({ order: _, ...entry }) => entry)
}
