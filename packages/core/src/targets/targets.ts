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
  declaredCommands,
  decodeInput,
  makeCommandRunner
} from "../journal/command.js"
import { Journal, type JournalSlot } from "../journal/journal.js"
import { Linkage } from "../linkage/linkage.js"
import { Yuan } from "../money/index.js"
import { Pledges } from "../pledges/pledges.js"
import { Database } from "../store/database.js"
import { type StoreError, uniqueViolationOf } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { issueAt, type Said, said, say, sayAt } from "../text/messages.js"
import { businessDateMessage, todayInShanghai } from "../time/index.js"
import {
  bindComputedMeasures,
  type Measure,
  type MeasureInfo,
  type MeasurePeriod,
  type MeasureUnit
} from "./measures.js"
import {
  createTarget,
  defineReportedMeasure,
  ensureTargets,
  reportValue,
  reverseReportedValue,
  updateTarget as updateTargetOperation
} from "./operations.js"
import { targetPace, trailingWindow } from "./pace.js"
import { parseReportedValue } from "./reported.js"
import {
  applyTargetPatch,
  type Target,
  TargetInput,
  TargetPatch,
  type TargetPeriodKind,
  type TargetSplit,
  type TargetUnit,
  targetFigureToWire,
  targetOfInput,
  targetToJson
} from "./schema.js"
import {
  findReportedMeasure,
  findReportedValue,
  findTarget,
  insertReportedMeasure,
  insertReportedValue,
  insertReportedValueReversal,
  insertTargetVersion,
  latestReportedValue,
  listReportedMeasures,
  listReportedValues,
  listTargets,
  nextDisplayOrder,
  type ReportedMeasure,
  type ReportedValue,
  type TargetVersion,
  targetVersions
} from "./store.js"
import type { TargetJson } from "./wire.js"

export interface TargetProgress {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  readonly periodKind: TargetPeriodKind
  /** The measure that feeds the value. */
  readonly metric: string
  /** The measure is a level (a reported figure): the latest value counts, no run rate nor projection. */
  readonly level: boolean
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

/**
 * A measure a plugin registers: its id (kebab-case, not one the core computes or a person reported), its
 * label in both languages, its unit, and its value over a period (both bounds inclusive) as exact decimal
 * text (`"800000000.00"`, `"3"`, `"3.2"`) or a Decimal; never a JS number.
 */
export interface PluginMeasure {
  readonly id: string
  readonly label: { readonly zh: string; readonly en: string }
  readonly unit: MeasureUnit
  value(period: MeasurePeriod): Promise<string | Decimal> | string | Decimal
}

/** One part of a split target with its progress (the ranking's row). */
export interface TargetPartProgress {
  readonly rank: number
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly metric: string
  readonly target: Decimal
  readonly value: Decimal
  /** value / target, for display and ranking only. */
  readonly progress: number
}

/** A split target's parts ranked by progress (排行榜), and whether they add up to the whole. */
export interface TargetRanking {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  readonly splitBy: TargetSplit | null
  readonly periodStart: string
  readonly periodEnd: string
  readonly asOf: string
  readonly target: Decimal
  readonly value: Decimal
  /** Σ of the parts' figures. */
  readonly partsTarget: Decimal
  /** Σ of the parts' values. */
  readonly partsValue: Decimal
  /** Whether the parts' figures add up to the whole's exactly (a warning to show when not). */
  readonly partsMatch: boolean
  readonly parts: ReadonlyArray<TargetPartProgress>
}

const unknownMeasure = (path: string, id: string) => sayAt(path, "target-measure-unknown", { id })

const isKebab = (id: string) => /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id) && id.length <= 64

const duplicate = (key: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "key",
    ...said("target-key-exists", { key })
  })

const isDuplicateKey = (error: unknown): error is StoreError =>
  // Two creations of one key at once: the second's version 1 collides (target_versions key, version).
  /targets(\.key|_pkey)|target_versions(\.key|_key_version)/.test(uniqueViolationOf(error) ?? "")

const notFound = (key: string) => new NotFoundError({ entity: "target", id: key })

/** The first and last `asOf` progress accepts: the trailing window and the projection stay within dates. */
const AS_OF_RANGE = { from: "1900-01-01", to: "9998-12-31" } as const

const asOfProblem = (asOf: string): Said | undefined => {
  const problem = businessDateMessage(asOf)
  if (problem !== undefined) return problem
  if (asOf < AS_OF_RANGE.from || asOf > AS_OF_RANGE.to) return say("date-between", AS_OF_RANGE)
  return undefined
}

/** The fields a patch changed, for the journal. */
const changedFields = (before: TargetJson, after: TargetJson): ReadonlyArray<string> =>
  (Object.keys(after) as Array<keyof TargetJson>).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])
  )

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
     * Changes the fields given of target `targetKey` (`TargetUpdateInput`: `{ targetKey, ...TargetPatch }`)
     * as a new version (the previous ones stay, see `history`); the key never changes. Unknown key:
     * NotFoundError. The journal entry's payload is `{ key, changes }`; its result holds the previous and
     * the new values and the fields that changed.
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
    /** Every version of a target, oldest first, with who made it and when. */
    history(key: string): Effect.Effect<ReadonlyArray<TargetVersion>, NotFoundError | StoreError>
    /** A target's parts ranked by progress as of `asOf`, and whether they add up to the whole. */
    ranking(
      key: string,
      asOf?: string
    ): Effect.Effect<TargetRanking, NotFoundError | ValidationError | StoreError>
    /** Every measure a target can follow: computed by the core, registered by plugins, reported. */
    readonly measures: Effect.Effect<ReadonlyArray<MeasureInfo>, StoreError>
    /**
     * Registers a plugin's measure for this instance (kept in memory: a plugin registers it at every start).
     * An id that is not kebab-case or is taken is a ValidationError naming `id`.
     */
    registerMeasure(measure: PluginMeasure): Effect.Effect<void, ValidationError | StoreError>
    /** Defines a reported measure (`ReportedMeasureInput`); an id in use is a ConflictError on `code`. */
    defineReported(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ReportedMeasure, CommandError<never>>
    /** Records a value of a reported measure (`ReportedValueInput`), with its source and date. */
    report(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ReportedValue, CommandError<never>>
    /** Takes a reported value out of every figure (`{ id, reason }`); twice is a ConflictError on `id`. */
    reverseReported(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ReportedValue, CommandError<NotFoundError>>
    /** A reported measure's values, newest first (reversed ones marked). */
    reportedValues(
      measure: string
    ): Effect.Effect<{ measure: string; values: ReadonlyArray<ReportedValue> }, NotFoundError | StoreError>
  }
>()("@kejin/core/Targets") {
  static readonly layer = Layer.effect(
    Targets,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const pledges = yield* Pledges
      const funds = yield* FundMetrics
      const linkage = yield* Linkage
      const runCommand = makeCommandRunner(database, journal)
      const declared = declaredCommands(runCommand)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const computed = new Map(bindComputedMeasures({ pledges, funds, linkage }).map((m) => [m.id, m]))
      const plugins = new Map<string, Measure>()

      const reportedMeasure = (m: ReportedMeasure): Measure => ({
        id: m.code,
        label: { zh: m.label, en: m.labelEn },
        unit: m.unit,
        source: "reported",
        byDistrict: false,
        level: true,
        value: (period) =>
          inDb(() => latestReportedValue(database.db, m.code, period)).pipe(
            Effect.map((v) => v?.value ?? new Yuan(0))
          )
      })

      /** Every measure by id, read through `db` (a write's transaction, or the store). */
      const allMeasures = (db: Kysely<DB>) =>
        inDb(() => listReportedMeasures(db)).pipe(
          Effect.map((reported) => {
            const all = new Map<string, Measure>(computed)
            for (const [id, m] of plugins) all.set(id, m)
            for (const r of reported) if (!all.has(r.code)) all.set(r.code, reportedMeasure(r))
            return all
          })
        )

      const measures = allMeasures(database.db).pipe(
        Effect.map(
          (all): ReadonlyArray<MeasureInfo> =>
            [...all.values()].map(({ id, label, unit, source, byDistrict }) => ({
              id,
              label,
              unit,
              source,
              byDistrict
            }))
        ),
        Effect.withSpan("Targets.measures")
      )

      /** The measure rules of a target: each measure exists, its unit is the target's, a district split can be measured. */
      const measureIssues = (db: Kysely<DB>, target: Target) =>
        allMeasures(db).pipe(
          Effect.map((all) => {
            const issues: Array<FieldIssue> = []
            const check = (path: string, id: string) => {
              const m = all.get(id)
              if (m === undefined) issues.push(unknownMeasure(path, id))
              else if (m.unit !== target.unit)
                issues.push(
                  sayAt(path === "metric" ? "unit" : path, "target-measure-unit", {
                    unit: m.unit,
                    measure: id,
                    targetUnit: target.unit
                  })
                )
              return m
            }
            const whole = check("metric", target.metric)
            for (const [i, part] of target.parts.entries()) {
              if (part.metric !== null) check(`parts.${i}.metric`, part.metric)
              else if (target.splitBy === "district" && whole !== undefined && !whole.byDistrict)
                issues.push(
                  sayAt(`parts.${i}.metric`, "target-measure-no-districts", { measure: target.metric })
                )
              else if (target.splitBy === "unit")
                issues.push(sayAt(`parts.${i}.metric`, "target-unit-part-metric"))
            }
            return issues
          })
        )

      const checkMeasures = (db: Kysely<DB>, target: Target) =>
        measureIssues(db, target).pipe(
          Effect.flatMap((issues) => (issues.length > 0 ? new ValidationError({ issues }) : Effect.void))
        )

      /** A target's new version, its measures checked first, stamped with the journal entry and who wrote it. */
      const saveVersion = (trx: Kysely<DB>, target: Target, slot: JournalSlot, actor: Actor) =>
        checkMeasures(trx, target).pipe(
          Effect.andThen(
            inDb(() =>
              insertTargetVersion(trx, target, {
                journalSeq: slot.seq,
                changedAt: slot.at,
                changedBy: actor.id
              })
            )
          )
        )

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

      const history = Effect.fn("Targets.history")(function* (key: string) {
        const versions = yield* inDb(() => targetVersions(database.db, key))
        if (versions.length === 0) return yield* notFound(key)
        return versions
      })

      /** A new target, journaled as the command `name` (`targets.create`, or `targets.ensure`). */
      const createCommand = (
        name: string
      ): Command<TargetInput, Target, { key: string }, ConflictError | ValidationError> => ({
        name,
        permission: createTarget.permission,
        input: createTarget.input,
        write: (trx, input, slot, actor) =>
          Effect.gen(function* () {
            const existing = yield* inDb(() => findTarget(trx, input.key))
            if (existing !== undefined) return yield* duplicate(input.key)
            const order = yield* inDb(() => nextDisplayOrder(trx))
            const target = targetOfInput(input, order)
            yield* saveVersion(trx, target, slot, actor)
            return target
          }),
        resultRef: (target) => ({ key: target.key }),
        replay: (trx, ref) => load(trx, ref.key)
      })

      /**
       * An input the schema refused still has its measure checked, so that a form shows every bad field
       * at once (the measures are this instance's: the schema cannot know them).
       */
      const withMeasureIssue = (input: unknown) => (error: ValidationError) =>
        Effect.gen(function* () {
          const metric = (input as { metric?: unknown } | null)?.metric
          if (typeof metric !== "string" || error.issues.some((i) => i.path === "metric")) return yield* error
          const all = yield* allMeasures(database.db)
          if (all.has(metric)) return yield* error
          return yield* new ValidationError({
            issues: [...error.issues, unknownMeasure("metric", metric)]
          })
        })

      const insert = (name: string, actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(createCommand(name), actor, input, options).pipe(
          Effect.catchIf(isDuplicateKey, () =>
            Effect.fail(duplicate(String((input as { key?: unknown })?.key ?? "")))
          ),
          Effect.catchTag("ValidationError", withMeasureIssue(input))
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
            write: (trx, { targetKey: key, ...patch }, slot, actor) =>
              Effect.gen(function* () {
                const current = yield* inDb(() => findTarget(trx, key))
                if (current === undefined) return yield* notFound(key)
                const next = applyTargetPatch(current, patch)
                if (!("key" in next)) return yield* new ValidationError({ issues: next as Array<FieldIssue> })
                yield* saveVersion(trx, next, slot, actor)
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
        for (const [i, definition] of decoded.entries()) {
          const more = yield* measureIssues(database.db, targetOfInput(definition, 0))
          issues.push(...more.map((issue) => ({ ...issue, path: `[${i}].${issue.path}` })))
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

      const zero: Measure = {
        id: "",
        label: { zh: "", en: "" },
        unit: "yuan",
        source: "computed",
        byDistrict: false,
        value: () => Effect.succeed(new Yuan(0))
      }

      const periodOf = (target: Target, asOf: string) => {
        const year = asOf.slice(0, 4)
        const periodStart = target.periodKind === "fixed" ? target.periodStart! : `${year}-01-01`
        const periodEnd = target.periodKind === "fixed" ? target.periodEnd! : `${year}-12-31`
        return { periodStart, periodEnd, to: asOf < periodEnd ? asOf : periodEnd }
      }

      /** The measure's value from the period's start up to `to`; nothing counts before the period starts. */
      const measured = (measure: Measure, periodStart: string, to: string, district?: string) =>
        to < periodStart
          ? Effect.succeed(new Yuan(0))
          : district !== undefined && measure.district !== undefined
            ? measure.district({ from: periodStart, to }, district)
            : measure.value({ from: periodStart, to })

      const progressOf = (target: Target, asOf: string, all: ReadonlyMap<string, Measure>) =>
        Effect.gen(function* () {
          const { periodStart, periodEnd, to } = periodOf(target, asOf)
          const measure = all.get(target.metric) ?? zero
          const value = yield* measured(measure, periodStart, to)
          // A level (a reported figure) has no run rate: it is not added up over months.
          const trailing12m =
            measure.level === true ? new Yuan(0) : yield* measure.value(trailingWindow(asOf))
          const pace = targetPace({ target: target.target, value, trailing12m, asOf, periodStart, periodEnd })
          return {
            key: target.key,
            label: target.label,
            labelEn: target.labelEn,
            unit: target.unit,
            periodKind: target.periodKind,
            metric: target.metric,
            level: measure.level === true,
            target: target.target,
            value,
            progress: target.target.isZero() ? 0 : value.div(target.target).toNumber(), // float-ok: a ratio for display
            periodStart,
            periodEnd,
            asOf,
            ...pace
          } satisfies TargetProgress
        })

      const checkAsOf = (asOf: string | undefined) =>
        Effect.gen(function* () {
          if (asOf !== undefined) {
            const problem = asOfProblem(asOf)
            if (problem !== undefined)
              return yield* new ValidationError({ issues: [issueAt("asOf", problem)] })
            return asOf
          }
          return yield* todayInShanghai
        })

      const progress = Effect.fn("Targets.progress")(function* (asOf?: string) {
        const today = yield* checkAsOf(asOf)
        const targets = yield* list
        const all = yield* allMeasures(database.db)
        return yield* Effect.forEach(targets, (target) => progressOf(target, today, all))
      })

      const ranking = Effect.fn("Targets.ranking")(function* (key: string, asOf?: string) {
        const today = yield* checkAsOf(asOf)
        const target = yield* get(key)
        const all = yield* allMeasures(database.db)
        const { periodStart, periodEnd, to } = periodOf(target, today)
        const whole = all.get(target.metric) ?? zero
        const value = yield* measured(whole, periodStart, to)
        const rows = yield* Effect.forEach(target.parts, (part) =>
          Effect.gen(function* () {
            const metric = part.metric ?? target.metric
            const measure = part.metric === null ? whole : (all.get(part.metric) ?? zero)
            const partValue = yield* measured(
              measure,
              periodStart,
              to,
              part.metric === null ? part.code : undefined
            )
            return {
              code: part.code,
              name: part.name,
              nameEn: part.nameEn,
              metric,
              target: part.target,
              value: partValue,
              progress: part.target.isZero() ? 0 : partValue.div(part.target).toNumber() // float-ok: a ratio for display
            }
          })
        )
        // Ranked by progress, exactly (the ratio compared as decimals), then by code.
        const ranked = [...rows].sort((a, b) => {
          const byProgress = b.value.div(b.target).comparedTo(a.value.div(a.target))
          return byProgress !== 0 ? byProgress : a.code < b.code ? -1 : a.code > b.code ? 1 : 0
        })
        const partsTarget = target.parts.reduce((sum, p) => sum.plus(p.target), new Yuan(0))
        return {
          key: target.key,
          label: target.label,
          labelEn: target.labelEn,
          unit: target.unit,
          splitBy: target.splitBy,
          periodStart,
          periodEnd,
          asOf: today,
          target: target.target,
          value,
          partsTarget: new Yuan(partsTarget),
          partsValue: new Yuan(rows.reduce((sum, r) => sum.plus(r.value), new Yuan(0))),
          partsMatch: target.parts.length === 0 || partsTarget.equals(target.target),
          parts: ranked.map((r, i) => ({ rank: i + 1, ...r }))
        } satisfies TargetRanking
      })

      const registerMeasure = Effect.fn("Targets.registerMeasure")(function* (m: PluginMeasure) {
        const taken = yield* allMeasures(database.db)
        const issue = (said: ReturnType<typeof sayAt>) => new ValidationError({ issues: [said] })
        if (typeof m.id !== "string" || !isKebab(m.id))
          return yield* issue(sayAt("id", "plugin-measure-id-shape", { got: String(JSON.stringify(m.id)) }))
        if (taken.has(m.id))
          return yield* issue(sayAt("id", "measure-exists", { code: m.id, source: taken.get(m.id)!.source }))
        if (!["yuan", "count", "percent"].includes(m.unit))
          return yield* issue(sayAt("unit", "one-of", { allowed: "yuan, count, percent" }))
        if (
          typeof m.label?.zh !== "string" ||
          m.label.zh === "" ||
          typeof m.label?.en !== "string" ||
          m.label.en === ""
        )
          return yield* issue(sayAt("label", "plugin-measure-label"))
        plugins.set(m.id, {
          id: m.id,
          label: { zh: m.label.zh, en: m.label.en },
          unit: m.unit,
          source: "plugin",
          byDistrict: false,
          value: (period) =>
            Effect.promise(async () => {
              const raw = await m.value(period)
              const parsed = typeof raw === "string" ? parseMeasureText(m.unit, raw) : raw
              if (typeof parsed === "string")
                throw new RangeError(`plugin measure ${m.id}: the value ${JSON.stringify(raw)} ${parsed}`)
              return new Yuan(parsed)
            })
        })
      })

      const defineReported = declared(defineReportedMeasure, "Targets.defineReported", {
        write: (trx, m, slot) =>
          Effect.gen(function* () {
            const taken = yield* allMeasures(trx)
            if (taken.has(m.code))
              return yield* new ConflictError({
                reason: "duplicate",
                field: "code",
                ...said("measure-exists", { code: m.code, source: taken.get(m.code)!.source })
              })
            return yield* inDb(() => insertReportedMeasure(trx, m, slot.seq))
          }),
        resultRef: (m) => ({ code: m.code }),
        replay: (trx, ref) => inDb(() => findReportedMeasure(trx, ref.code)).pipe(Effect.map((m) => m!))
      })

      const report = declared(reportValue, "Targets.report", {
        write: (trx, v, slot) =>
          Effect.gen(function* () {
            const measure = yield* inDb(() => findReportedMeasure(trx, v.measure))
            if (measure === undefined)
              return yield* new ValidationError({
                issues: [sayAt("measure", "measure-not-reported", { measure: v.measure })]
              })
            const value = parseReportedValue(measure.unit, v.value)
            if (!Yuan.isDecimal(value))
              return yield* new ValidationError({ issues: [issueAt("value", value)] })
            const id = yield* inDb(() =>
              insertReportedValue(
                trx,
                {
                  measure: v.measure,
                  unit: measure.unit,
                  value,
                  reportedOn: v.reportedOn,
                  source: v.source
                },
                slot.seq
              )
            )
            return (yield* inDb(() => findReportedValue(trx, id)))!
          }),
        resultRef: (v) => ({ id: v.id }),
        replay: (trx, ref) => inDb(() => findReportedValue(trx, ref.id)).pipe(Effect.map((v) => v!))
      })

      const reverseReported = declared(reverseReportedValue, "Targets.reverseReported", {
        write: (trx, { id, reason }, slot) =>
          Effect.gen(function* () {
            const value = yield* inDb(() => findReportedValue(trx, id))
            if (value === undefined)
              return yield* new NotFoundError({ entity: "reported value", id: String(id) })
            if (value.reversed)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "id",
                ...said("reported-value-reversed-already", { id: String(id) })
              })
            yield* inDb(() => insertReportedValueReversal(trx, id, reason, slot.seq))
            return (yield* inDb(() => findReportedValue(trx, id)))!
          }),
        resultRef: (v) => ({ id: v.id }),
        replay: (trx, ref) => inDb(() => findReportedValue(trx, ref.id)).pipe(Effect.map((v) => v!))
      })

      const reportedValues = Effect.fn("Targets.reportedValues")(function* (measure: string) {
        const m = yield* inDb(() => findReportedMeasure(database.db, measure))
        if (m === undefined) return yield* new NotFoundError({ entity: "reported measure", id: measure })
        const values = yield* inDb(() => listReportedValues(database.db, measure))
        return { measure, values }
      })

      return Targets.of({
        list,
        get,
        create,
        update,
        ensure,
        progress,
        history,
        ranking,
        measures,
        registerMeasure,
        defineReported,
        report,
        reverseReported,
        reportedValues
      })
    })
  )
}

/** A plugin's value as text, read by its unit: yuan with at most two places, a whole count, a percent. */
const parseMeasureText = (unit: MeasureUnit, raw: string): Decimal | string => {
  const text = raw.trim()
  if (unit === "count") return /^(?:0|[1-9]\d*)$/.test(text) ? new Yuan(text) : "is not a whole count"
  if (unit === "yuan")
    return /^-?(?:0|[1-9]\d*)(?:\.\d{1,2})?$/.test(text) ? new Yuan(text) : "is not yuan to the fen"
  return /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(text) ? new Yuan(text) : "is not a decimal percent"
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
  metric: p.metric,
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

/** The wire form of a target's ranking (`GET /api/v1/targets/{key}/ranking`). */
export const targetRankingToJson = (r: TargetRanking) => ({
  key: r.key,
  label: r.label,
  labelEn: r.labelEn,
  unit: r.unit,
  splitBy: r.splitBy,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  asOf: r.asOf,
  target: targetFigureToWire(r.unit, r.target),
  value: targetFigureToWire(r.unit, r.value),
  partsTarget: targetFigureToWire(r.unit, r.partsTarget),
  partsValue: targetFigureToWire(r.unit, r.partsValue),
  partsMatch: r.partsMatch,
  parts: r.parts.map((p) => ({
    rank: p.rank,
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    metric: p.metric,
    target: targetFigureToWire(r.unit, p.target),
    value: targetFigureToWire(r.unit, p.value),
    progress: p.progress
  }))
})

/** The wire form of one version of a target (`GET /api/v1/targets/{key}/versions`). */
export const targetVersionToJson = (v: TargetVersion) => ({
  version: v.version,
  changedAt: v.changedAt === "" ? null : v.changedAt,
  changedBy: v.changedBy === "" ? null : v.changedBy,
  journalSeq: v.journalSeq === 0 ? null : v.journalSeq,
  target: targetToJson(v.target)
})
