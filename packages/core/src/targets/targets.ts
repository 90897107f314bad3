import type { Decimal } from "decimal.js"
import { Context, Effect, Layer } from "effect"
import { fromFen, toWire, Yuan } from "../money/index.js"
import { Pledges } from "../pledges/pledges.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { toBigInt, toInt } from "../store/schema.js"
import { todayInShanghai } from "../time/index.js"

export type TargetUnit = "yuan" | "count"

/** A policy figure to monitor, e.g. 专利质押融资 ≥ 25亿元 each calendar year. */
export interface Target {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  readonly target: Decimal
  readonly periodKind: "calendar-year" | "fixed"
  readonly periodStart: string | null
  readonly periodEnd: string | null
  /** Which measure of the records feeds the value. */
  readonly metric: string
  readonly order: number
}

export interface TargetProgress {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  readonly target: Decimal
  readonly value: Decimal
  /** value / target, for display only. */
  readonly progress: number
  readonly periodStart: string
  readonly periodEnd: string
  readonly asOf: string
}

/** The measures targets can follow. Fund measures read zero until funds are recorded. */
type Measure = (period: { from: string; to: string }) => Effect.Effect<Decimal, StoreError>

export class Targets extends Context.Service<
  Targets,
  {
    readonly list: Effect.Effect<ReadonlyArray<Target>, StoreError>
    /** Progress of every target for the period containing `asOf` (default: today in Asia/Shanghai). */
    progress(asOf?: string): Effect.Effect<ReadonlyArray<TargetProgress>, StoreError>
  }
>()("@kejin/core/Targets") {
  static readonly layer = Layer.effect(
    Targets,
    Effect.gen(function* () {
      const database = yield* Database
      const pledges = yield* Pledges

      const zero: Measure = () => Effect.succeed(new Yuan(0))
      const measures: Record<string, Measure> = {
        "pledge-amount": (period) =>
          pledges.total(period).pipe(
            Effect.map((t) => t.amount),
            // The period comes from stored targets, so a decoding failure is a defect.
            Effect.catchTag("ValidationError", (e) => Effect.die(e))
          ),
        "city-fund-committed": zero,
        "city-fund-direct-investments": zero
      }

      const list = database
        .query((db) => db.selectFrom("targets").selectAll().orderBy("display_order").execute())
        .pipe(
          Effect.map((rows) =>
            rows.map(
              (r): Target => ({
                key: r.key,
                label: r.label,
                labelEn: r.label_en,
                unit: r.unit === "count" ? "count" : "yuan",
                target:
                  r.unit === "count"
                    ? new Yuan(toBigInt(r.target_count).toString())
                    : fromFen(toBigInt(r.target_fen)),
                periodKind: r.period_kind === "fixed" ? "fixed" : "calendar-year",
                periodStart: r.period_start,
                periodEnd: r.period_end,
                metric: r.metric,
                order: toInt(r.display_order)
              })
            )
          )
        )

      const progress = Effect.fn("Targets.progress")(function* (asOf?: string) {
        const today = asOf ?? (yield* todayInShanghai)
        const targets = yield* list
        return yield* Effect.forEach(targets, (target) =>
          Effect.gen(function* () {
            const year = today.slice(0, 4)
            const periodStart = target.periodKind === "fixed" ? target.periodStart! : `${year}-01-01`
            const periodEnd = target.periodKind === "fixed" ? target.periodEnd! : `${year}-12-31`
            const to = today < periodEnd ? today : periodEnd
            const measure = measures[target.metric] ?? zero
            const value = yield* measure({ from: periodStart, to })
            return {
              key: target.key,
              label: target.label,
              labelEn: target.labelEn,
              unit: target.unit,
              target: target.target,
              value,
              progress: target.target.isZero() ? 0 : value.div(target.target).toNumber(),
              periodStart,
              periodEnd,
              asOf: today
            } satisfies TargetProgress
          })
        )
      })

      return Targets.of({ list, progress })
    })
  )
}

/** The wire form of `GET /api/v1/targets` (contract): money as decimal strings with two places. */
export const targetProgressToJson = (p: TargetProgress) => ({
  key: p.key,
  label: p.label,
  labelEn: p.labelEn,
  unit: p.unit,
  target: p.unit === "yuan" ? toWire(p.target) : p.target.toFixed(0),
  value: p.unit === "yuan" ? toWire(p.value) : p.value.toFixed(0),
  progress: p.progress,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  asOf: p.asOf
})
