import type { Decimal } from "decimal.js"
import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import { type Actor, systemActor } from "../auth/actor.js"
import { FundMetrics } from "../equity/metrics.js"
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../errors.js"
import {
  type Command,
  type CommandError,
  type CommandOptions,
  decodeInput,
  makeCommandRunner
} from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Yuan } from "../money/index.js"
import { Pledges } from "../pledges/pledges.js"
import { Database } from "../store/database.js"
import { type StoreError, uniqueViolationOf } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { businessDateProblem, todayInShanghai } from "../time/index.js"
import { createTarget, ensureTargets, updateTarget as updateTargetOperation } from "./operations.js"
import { targetPace, trailingWindow } from "./pace.js"
import {
  applyTargetPatch,
  type Target,
  TargetInput,
  type TargetMetric,
  TargetPatch,
  type TargetPeriodKind,
  type TargetUnit,
  targetFigureToWire,
  targetOfInput,
  targetToJson
} from "./schema.js"
import { findTarget, insertTarget, listTargets, nextDisplayOrder, updateTarget } from "./store.js"
import type { TargetJson } from "./wire.js"

export interface TargetProgress {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  readonly periodKind: TargetPeriodKind
  readonly target: Decimal
  readonly value: Decimal
  /** value / target, for display only. */
  readonly progress: number
  readonly periodStart: string
  readonly periodEnd: string
  readonly asOf: string
  /** max(0, target − value) */
  readonly remaining: Decimal
  /** Whole calendar months after `asOf` until the period's end (see `pace.ts` for the exact rules). */
  readonly monthsLeft: number
  /** (target − value) / monthsLeft; 0 once met; null when not met and no whole month is left. */
  readonly pacePerMonth: Decimal | null
  /** What the measure added in the 12 months ending `asOf`, per month. */
  readonly runRate12m: Decimal
  /** When the value reaches the target at the run rate; null when the run rate is zero. */
  readonly projectedDate: string | null
  /** projectedDate ≤ periodEnd */
  readonly onTrack: boolean
  /** Days after `asOf` up to and including the period's end (see `pace.ts`). */
  readonly daysLeft: number
  /** (target − value) × 7 / daysLeft; 0 once met; null when not met and no day is left. */
  readonly pacePerWeek: Decimal | null
  /** (target − value) / daysLeft; 0 once met; null when not met and no day is left. */
  readonly pacePerDay: Decimal | null
  /** The value at the period's end if the period-to-date daily average holds (year-to-date for a calendar year). */
  readonly projectedEnd: Decimal
}

/** What `Targets.ensure` did with each definition. */
export interface EnsureResult {
  readonly inserted: ReadonlyArray<string>
  readonly existing: ReadonlyArray<string>
}

/** A measure of the records over a period (both bounds inclusive). */
type Measure = (period: { from: string; to: string }) => Effect.Effect<Decimal, StoreError>

const duplicate = (key: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "key",
    detail: `a target with the key ${key} already exists`
  })

const isDuplicateKey = (error: unknown): error is StoreError =>
  /targets(\.key|_pkey)/.test(uniqueViolationOf(error) ?? "")

const notFound = (key: string) => new NotFoundError({ entity: "target", id: key })

/** The first and last `asOf` progress accepts: the trailing window and the projection stay within dates. */
const AS_OF_RANGE = { from: "1900-01-01", to: "9998-12-31" } as const

const asOfProblem = (asOf: string): string | undefined => {
  const problem = businessDateProblem(asOf)
  if (problem !== undefined) return problem
  if (asOf < AS_OF_RANGE.from || asOf > AS_OF_RANGE.to)
    return `must be from ${AS_OF_RANGE.from} to ${AS_OF_RANGE.to}`
  return undefined
}

/** The fields a patch changed, for the journal. */
const changedFields = (before: TargetJson, after: TargetJson): ReadonlyArray<string> =>
  (Object.keys(after) as Array<keyof TargetJson>).filter((k) => before[k] !== after[k])

/**
 * Policy targets (政策目标): the figures of the action plan and any a bureau or a plugin adds, and the
 * progress of each against what the records add up to. Every change goes through the write path
 * (permission `targets.write`) and leaves a journal entry; an edit's entry keeps the previous values,
 * so the history of a target is in the journal.
 */
export class Targets extends Context.Service<
  Targets,
  {
    readonly list: Effect.Effect<ReadonlyArray<Target>, StoreError>
    get(key: string): Effect.Effect<Target, NotFoundError | StoreError>
    /** Adds a target ({@link TargetInput}); a key in use fails with ConflictError (`duplicate`, field `key`). */
    create(actor: Actor, input: unknown, options?: CommandOptions): Effect.Effect<Target, CommandError<never>>
    /**
     * Changes the fields given of target `targetKey` (`TargetUpdateInput`: `{ targetKey, ...TargetPatch }`);
     * the key never changes. Unknown key: NotFoundError. The journal entry's payload is
     * `{ key, changes }`; its result holds the previous and the new values and the fields that changed.
     */
    update(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Target, CommandError<NotFoundError>>
    /**
     * Inserts each definition whose key does not exist yet (one journal entry each, actor `system`);
     * never touches an existing target. Every definition is checked first: one bad definition writes nothing.
     */
    ensure(definitions: ReadonlyArray<unknown>): Effect.Effect<EnsureResult, CommandError<never>>
    /** Progress, pace and projection of every target as of `asOf` (default: today in Asia/Shanghai). */
    progress(asOf?: string): Effect.Effect<ReadonlyArray<TargetProgress>, ValidationError | StoreError>
  }
>()("@kejin/core/Targets") {
  static readonly layer = Layer.effect(
    Targets,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const pledges = yield* Pledges
      const fundMetrics = yield* FundMetrics
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const zero: Measure = () => Effect.succeed(new Yuan(0))
      const measures: Record<TargetMetric, Measure> = {
        "pledge-amount": (period) =>
          pledges.total(period).pipe(
            Effect.map((t) => t.amount),
            // Periods are computed here from checked dates, so a decoding failure is a defect.
            Effect.catchTag("ValidationError", (e) => Effect.die(e))
          ),
        "city-fund-committed": (period) => fundMetrics.cityFundCommitted(period),
        "city-fund-direct-investments": (period) => fundMetrics.cityFundDirectInvestments(period)
      }
      const measureOf = (metric: string): Measure => measures[metric as TargetMetric] ?? zero

      const load = (trx: Kysely<DB>, key: string) =>
        inDb(() => findTarget(trx, key)).pipe(
          Effect.flatMap((t) =>
            t === undefined ? Effect.die(new Error(`target ${key} vanished`)) : Effect.succeed(t)
          )
        )

      const list = inDb(() => listTargets(database.db)).pipe(Effect.withSpan("Targets.list"))

      const get = Effect.fn("Targets.get")(function* (key: string) {
        const target = yield* inDb(() => findTarget(database.db, key))
        if (target === undefined) return yield* notFound(key)
        return target
      })

      /** A new target, journaled as the command `name` (`targets.create`, or `targets.ensure`). */
      const createCommand = (name: string): Command<TargetInput, Target, { key: string }, ConflictError> => ({
        name,
        permission: createTarget.permission,
        input: createTarget.input,
        write: (trx, input) =>
          Effect.gen(function* () {
            const existing = yield* inDb(() => findTarget(trx, input.key))
            if (existing !== undefined) return yield* duplicate(input.key)
            const order = yield* inDb(() => nextDisplayOrder(trx))
            const target = targetOfInput(input, order)
            yield* inDb(() => insertTarget(trx, target))
            return target
          }),
        resultRef: (target) => ({ key: target.key }),
        replay: (trx, ref) => load(trx, ref.key)
      })

      const insert = (name: string, actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(createCommand(name), actor, input, options).pipe(
          Effect.catchIf(isDuplicateKey, () =>
            Effect.fail(duplicate(String((input as { key?: unknown })?.key ?? "")))
          )
        )

      const create = (actor: Actor, input: unknown, options?: CommandOptions) =>
        insert(createTarget.name, actor, input, options).pipe(Effect.withSpan("Targets.create"))

      const update = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: updateTargetOperation.name,
            permission: updateTargetOperation.permission,
            input: updateTargetOperation.input,
            // The key is part of what was asked: a repeated idempotency key for another target conflicts.
            payload: ({ targetKey, ...patch }) => ({
              key: targetKey,
              changes: Schema.encodeSync(TargetPatch)(patch)
            }),
            write: (trx, { targetKey: key, ...patch }) =>
              Effect.gen(function* () {
                const current = yield* inDb(() => findTarget(trx, key))
                if (current === undefined) return yield* notFound(key)
                const next = applyTargetPatch(current, patch)
                if (!("key" in next)) return yield* new ValidationError({ issues: next as Array<FieldIssue> })
                yield* inDb(() => updateTarget(trx, next))
                return { target: next, previous: targetToJson(current) }
              }),
            resultRef: ({ target, previous }) => {
              const current = targetToJson(target)
              return { key: target.key, previous, current, changed: changedFields(previous, current) }
            },
            replay: (trx, ref: { key: string; previous: TargetJson }) =>
              load(trx, ref.key).pipe(Effect.map((target) => ({ target, previous: ref.previous })))
          },
          actor,
          input,
          options
        ).pipe(
          Effect.map((change) => change.target),
          Effect.withSpan("Targets.update")
        )

      const ensure = Effect.fn("Targets.ensure")(function* (definitions: ReadonlyArray<unknown>) {
        const issues: Array<FieldIssue> = []
        const decoded: Array<TargetInput> = []
        for (const [i, definition] of definitions.entries()) {
          const result = yield* Effect.result(decodeInput(TargetInput, definition, [`[${i}]`]))
          if (result._tag === "Failure") issues.push(...result.failure.issues)
          else decoded.push(result.success)
        }
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const inserted: Array<string> = []
        const existing: Array<string> = []
        for (const [i, definition] of decoded.entries()) {
          const found = yield* inDb(() => findTarget(database.db, definition.key))
          if (found !== undefined) {
            existing.push(definition.key)
            continue
          }
          // Another process may insert the same key meanwhile: that one counts as existing.
          const outcome = yield* Effect.result(insert(ensureTargets.name, systemActor, definitions[i]))
          if (outcome._tag === "Success") inserted.push(definition.key)
          else if (outcome.failure instanceof ConflictError && outcome.failure.reason === "duplicate")
            existing.push(definition.key)
          else return yield* Effect.fail(outcome.failure)
        }
        return { inserted, existing } satisfies EnsureResult
      })

      const progressOf = (target: Target, asOf: string) =>
        Effect.gen(function* () {
          const year = asOf.slice(0, 4)
          const periodStart = target.periodKind === "fixed" ? target.periodStart! : `${year}-01-01`
          const periodEnd = target.periodKind === "fixed" ? target.periodEnd! : `${year}-12-31`
          const measure = measureOf(target.metric)
          const to = asOf < periodEnd ? asOf : periodEnd
          // Before the period starts nothing counts yet.
          const value = to < periodStart ? new Yuan(0) : yield* measure({ from: periodStart, to })
          const trailing12m = yield* measure(trailingWindow(asOf))
          const pace = targetPace({ target: target.target, value, trailing12m, asOf, periodStart, periodEnd })
          return {
            key: target.key,
            label: target.label,
            labelEn: target.labelEn,
            unit: target.unit,
            periodKind: target.periodKind,
            target: target.target,
            value,
            progress: target.target.isZero() ? 0 : value.div(target.target).toNumber(),
            periodStart,
            periodEnd,
            asOf,
            ...pace
          } satisfies TargetProgress
        })

      const progress = Effect.fn("Targets.progress")(function* (asOf?: string) {
        if (asOf !== undefined) {
          const problem = asOfProblem(asOf)
          if (problem !== undefined)
            return yield* new ValidationError({ issues: [{ path: "asOf", message: problem }] })
        }
        const today = asOf ?? (yield* todayInShanghai)
        const targets = yield* list
        return yield* Effect.forEach(targets, (target) => progressOf(target, today))
      })

      return Targets.of({ list, get, create, update, ensure, progress })
    })
  )
}

/** A figure per month on the wire: two decimal places, rounded as `pace.ts` documents (display only). */
const perMonthToWire = (amount: Decimal, rounding: Decimal.Rounding): string =>
  new Yuan(amount).toDecimalPlaces(2, rounding).toFixed(2) // float-ok: Decimal.toFixed, exact

/**
 * The wire form of `GET /api/v1/targets` (contract: key, label, target, value, progress, periodStart,
 * periodEnd): money as decimal strings with two places, counts as whole numbers; the pace and the run
 * rate per month with two places (pace rounded up, run rate half-even); dates `YYYY-MM-DD` or null.
 */
export const targetProgressToJson = (p: TargetProgress) => ({
  key: p.key,
  label: p.label,
  labelEn: p.labelEn,
  unit: p.unit,
  periodKind: p.periodKind,
  target: targetFigureToWire(p.unit, p.target),
  value: targetFigureToWire(p.unit, p.value),
  progress: p.progress,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  asOf: p.asOf,
  remaining: targetFigureToWire(p.unit, p.remaining),
  monthsLeft: p.monthsLeft,
  pacePerMonth: p.pacePerMonth === null ? null : perMonthToWire(p.pacePerMonth, Yuan.ROUND_UP),
  runRate12m: perMonthToWire(p.runRate12m, Yuan.ROUND_HALF_EVEN),
  projectedDate: p.projectedDate,
  onTrack: p.onTrack
})
