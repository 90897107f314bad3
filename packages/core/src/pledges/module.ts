import { Effect } from "effect"
import { type FieldIssue, ValidationError } from "../errors.js"
import type { Yuan } from "../money/index.js"
import { bind, defineModule, withKeyset } from "../operations/operation.js"
import { sayAt } from "../text/messages.js"
import { type PledgeDimension, pledgeDimensions } from "./figures.js"
import {
  cancelPledge,
  changePledge,
  getPledge,
  getPledgeBreakdown,
  getPledgeMonthly,
  getPledgeRegistration,
  getPledgeStatuses,
  getPledgeSummary,
  getPledgeTimeline,
  getPledgeTotal,
  listPledges,
  type PledgeBreakdownInput,
  type PledgeListInput,
  type PledgePeriodInput,
  recordPledge,
  recordPledges,
  releasePledge,
  reversePledge,
  reversePledgeEvent
} from "./operations.js"
import { type PeriodSpec, periodBounds } from "./period.js"
import { resolvePeriodQuery } from "./period-query.js"
import {
  type BreakdownOptions,
  type PledgeListQuery,
  Pledges,
  pledgeBatch,
  type RegistrationOptions
} from "./pledges.js"
import { listedPledgeToJson } from "./schema.js"
import type { PledgeFilter } from "./store.js"

/** The period a figures read names (its fields, text or numbers), with its bounds. */
const periodOf = (input: typeof PledgePeriodInput.Type) =>
  Effect.map(resolvePeriodQuery(input), (spec) => ({ spec, bounds: periodBounds(spec) }))

/** A page's number as the facade (a number) or the query (its text) gave it, checked by the input. */
const pageNumber = (value: number | string | undefined) => (value === undefined ? undefined : Number(value))

/**
 * A breakdown's grouping and `yoy` as the query (text) or the facade (a dimension, a boolean) gave them,
 * checked once the period is right: `by` is required and one of the dimensions, `yoy` true or false.
 */
const breakdownOptions = (input: typeof PledgeBreakdownInput.Type) => {
  const issues: Array<FieldIssue> = []
  if (input.by === undefined) issues.push(sayAt("by", "query-required"))
  else if (!pledgeDimensions.includes(input.by as PledgeDimension))
    issues.push(sayAt("by", "one-of", { allowed: pledgeDimensions.join(", ") }))
  if (typeof input.yoy === "string" && input.yoy !== "true" && input.yoy !== "false")
    issues.push(sayAt("yoy", "query-boolean"))
  return issues.length > 0
    ? Effect.fail(new ValidationError({ issues }))
    : Effect.succeed({
        by: input.by as PledgeDimension,
        options: {
          yoy: input.yoy === true || input.yoy === "true",
          ...(input.inclusiveThreshold === undefined ? {} : { inclusiveThreshold: input.inclusiveThreshold })
        } satisfies BreakdownOptions
      })
}

/**
 * Patent pledge registrations (专利质押登记): record (one or a batch), reverse, the lifecycle (change,
 * release, cancel, and the reversal of an event), reads and the figures of a period. Each declaration bound
 * to the `Pledges` service that runs it; the facade keeps the signatures it had (`reverse(id, reason)`,
 * `total(period)`, `breakdown(period, by, options)`, `registration(id, options)` …).
 */
export const pledgesModule = defineModule({
  id: "pledges",
  operations: [
    bind(recordPledge, (input, c) => Pledges.use((p) => p.record(c.actor, input, c))),
    bind(
      recordPledges,
      (input, c) => Pledges.use((p) => p.recordMany(c.actor, input as ReadonlyArray<unknown>)),
      (inputs: ReadonlyArray<unknown>) => inputs
    ),
    bind(
      reversePledge,
      (input, c) => Pledges.use((p) => p.reverse(c.actor, input, c)),
      (id: number, reason: string) => ({ id, reason })
    ),
    withKeyset(
      bind(
        listPledges,
        (input) => {
          const { limit, offset, ...filter } = input as typeof PledgeListInput.Type
          return Pledges.use((p) =>
            p.list({
              ...(filter as Omit<PledgeListQuery, "limit" | "offset">),
              limit: pageNumber(limit),
              offset: pageNumber(offset)
            })
          )
        },
        (query?: PledgeListQuery) => query ?? {}
      ),
      // The exports read the list a batch at a time (`pledgeBatch`: by registration date and id, or page by page
      // when sorted otherwise).
      (input, page) => {
        const { limit: _limit, offset: _offset, ...filter } = input as typeof PledgeListInput.Type
        return Effect.map(
          pledgeBatch(filter as PledgeFilter & { readonly sort?: string }, page),
          (batch) => ({
            items: batch.items.map(listedPledgeToJson),
            next: batch.next
          })
        )
      }
    ),
    bind(
      getPledge,
      (input) => Pledges.use((p) => p.get((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    bind(
      getPledgeStatuses,
      (input) => Pledges.use((p) => p.statuses((input as { ids: ReadonlyArray<number> }).ids)),
      (ids: ReadonlyArray<number>) => ({ ids })
    ),
    bind(
      getPledgeRegistration,
      (input) => {
        const { pledgeId, inclusiveThreshold } = input as {
          pledgeId: number
          inclusiveThreshold?: string | Yuan | undefined
        }
        return Pledges.use((p) =>
          p.registration(pledgeId, inclusiveThreshold === undefined ? {} : { inclusiveThreshold })
        )
      },
      (id: number, options?: RegistrationOptions) => ({ pledgeId: id, ...options })
    ),
    bind(
      getPledgeTimeline,
      (input) => Pledges.use((p) => p.events((input as { pledgeId: number }).pledgeId)),
      (id: number) => ({ pledgeId: id })
    ),
    bind(changePledge, (input, c) => Pledges.use((p) => p.change(c.actor, input, c))),
    bind(releasePledge, (input, c) => Pledges.use((p) => p.release(c.actor, input, c))),
    bind(cancelPledge, (input, c) => Pledges.use((p) => p.cancel(c.actor, input, c))),
    bind(
      reversePledgeEvent,
      (input, c) => Pledges.use((p) => p.reverseEvent(c.actor, input, c)),
      (eventId: number, reason: string) => ({ eventId, reason })
    ),
    bind(
      getPledgeTotal,
      (input) =>
        Effect.gen(function* () {
          const { spec, bounds } = yield* periodOf(input as typeof PledgePeriodInput.Type)
          return { period: bounds, figure: yield* Pledges.use((p) => p.total(spec)) }
        }),
      (period: PeriodSpec) => period,
      (total) => total.figure
    ),
    bind(
      getPledgeMonthly,
      (input) =>
        Effect.gen(function* () {
          const { spec, bounds } = yield* periodOf(input as typeof PledgePeriodInput.Type)
          return { period: bounds, figure: yield* Pledges.use((p) => p.monthly(spec)) }
        }),
      (period: PeriodSpec) => period,
      (months) => months.figure
    ),
    bind(
      getPledgeSummary,
      (input) =>
        Effect.gen(function* () {
          const { spec } = yield* periodOf(input as typeof PledgePeriodInput.Type)
          return yield* Pledges.use((p) => p.summary(spec))
        }),
      (period: PeriodSpec) => period
    ),
    bind(
      getPledgeBreakdown,
      (input) =>
        Effect.gen(function* () {
          const decoded = input as typeof PledgeBreakdownInput.Type
          const { spec } = yield* periodOf(decoded)
          const { by, options } = yield* breakdownOptions(decoded)
          return yield* Pledges.use((p) => p.breakdown(spec, by, options))
        }),
      (period: PeriodSpec, by: PledgeDimension, options?: BreakdownOptions) => ({ ...period, by, ...options })
    )
  ]
})
