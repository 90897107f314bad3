import { Effect } from "effect"
import { ValidationError } from "../../errors.js"
import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { sayAt } from "../../text/messages.js"
import { dateIssue, todayInShanghai } from "../../time/index.js"
import { asPage, type EventsQuery, listFacade, type RecentQuery } from "../lists.js"
import type { LinkagePeriod, RecordKind } from "../schema.js"
import { eventsOf, listReversals, recent, reverseRecord, summary } from "./operations.js"
import { LinkageShared } from "./service.js"

const reversalFields = ["kind", "id", "reason"]

/**
 * A reversal's body as the API has always refused it: not an object (422 naming `kind`), or with fields
 * a reversal does not have (422 naming each); anything else is for the command to decode.
 */
const reversalBody = (input: unknown): Effect.Effect<unknown, ValidationError> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const issues = [sayAt("kind", "linkage-reversal-body")]
    return Effect.fail(new ValidationError({ issues }))
  }
  const unknown = Object.keys(input).filter((key) => !reversalFields.includes(key))
  if (unknown.length === 0) return Effect.succeed(input)
  const issues = unknown.map((path) => sayAt(path, "linkage-reversal-unknown-field"))
  return Effect.fail(new ValidationError({ issues }))
}

/**
 * The period of the figures: each bound a real date (a ValidationError naming it); absent, the calendar
 * year (Asia/Shanghai) of the bound given, or of today by the core's clock; `to` not before `from`.
 */
const periodOf = (input: { readonly from?: string; readonly to?: string }) =>
  Effect.gen(function* () {
    const issues = (["from", "to"] as const).flatMap((path) => {
      const value = input[path]
      const issue = value === undefined ? undefined : dateIssue(path, value)
      return issue === undefined ? [] : [issue]
    })
    if (issues.length > 0) return yield* new ValidationError({ issues })
    const year = (input.from ?? input.to ?? (yield* todayInShanghai)).slice(0, 4)
    const period: LinkagePeriod = { from: input.from ?? `${year}-01-01`, to: input.to ?? `${year}-12-31` }
    if (period.to < period.from) {
      return yield* new ValidationError({ issues: [sayAt("to", "to-before-from", { from: period.from })] })
    }
    return period
  })

/**
 * The reversal of a linkage record of any kind (the facade keeps `reverse(kind, id, reason)`), the
 * reversals, the figures, the latest records and an enterprise's events, bound to `LinkageShared`.
 */
export const linkageSharedModule = defineModule({
  id: "linkage.shared",
  operations: [
    bind(
      reverseRecord,
      (input, c) =>
        Effect.flatMap(reversalBody(input), (body) => LinkageShared.use((s) => s.reverse(c.actor, body, c))),
      (kind: RecordKind, id: number, reason: string) => ({ kind, id, reason })
    ),
    withFacade(
      bind(listReversals, (input) => LinkageShared.use((s) => s.reversals(asPage<object>(input)))),
      listFacade((query: object | undefined) => LinkageShared.use((s) => s.reversals(query)))
    ),
    bind(
      summary,
      (input) =>
        Effect.flatMap(periodOf(input as LinkagePeriod), (period) =>
          LinkageShared.use((s) => s.summary(period))
        ),
      (period: LinkagePeriod) => period
    ),
    bind(
      recent,
      (input) => LinkageShared.use((s) => s.recent(input as RecentQuery)),
      (query?: RecentQuery) => query ?? {}
    ),
    bind(
      eventsOf,
      (input) => {
        const { uscc, ...query } = input as EventsQuery & { readonly uscc: string }
        return LinkageShared.use((s) => s.eventsOf(uscc, query))
      },
      (uscc: string, query?: EventsQuery) => ({ ...query, uscc })
    )
  ]
})
