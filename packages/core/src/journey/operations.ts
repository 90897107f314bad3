import { Schema } from "effect"
import { operation } from "../operations/operation.js"
import { Uscc } from "../registry/codes.js"
import { exampleUscc } from "../registry/examples.js"
import { BusinessDate } from "../time/index.js"
import { exampleJourney } from "./examples.js"
import { type EnterpriseJourney, type JourneyMatch, journeyToJson } from "./journey.js"
import { JourneyJson, JourneyMatchesJson } from "./wire.js"

// The enterprise journey (融资历程), declared once: the facade (`kejin.registry.journey`,
// `kejin.registry.journeySearch`), the route `GET /api/v1/enterprises/{uscc}/journey`, its permission check
// and its OpenAPI operation are derived from these. They run `enterpriseJourney` and `searchJourneys`
// (./journey.ts) as the actor of the call: a fund manager does not see other funds' ledger entries.

/** What `registry.journey` reads: whose journey, and which part of it. */
export const JourneyInput = Schema.Struct({
  uscc: Uscc,
  includeReversed: Schema.optional(Schema.Boolean.annotate({ default: false })),
  from: Schema.optional(BusinessDate),
  to: Schema.optional(BusinessDate)
})

export const enterpriseJourneyOperation = operation({
  name: "registry.journey",
  write: false,
  exportTable: "events",
  permission: "dashboard.read",
  input: JourneyInput,
  output: JourneyJson,
  toJson: (journey: EnterpriseJourney) => journeyToJson(journey),
  summary: { en: "An enterprise's finance journey", zh: "企业融资历程" },
  description:
    "Every fund investment, valuation and exit in the enterprise (the fund ledger), its patent pledge " +
    "registrations with their changes, release or cancellation, the loans drawn under them with repayments " +
    "and default, and its linkage records (投贷联动, 科创指数, policies, claims, 贴息, 投投联动, bonds), on one " +
    "timeline, oldest first, with exact totals of the live events listed. Reversed records are left out " +
    "unless `includeReversed=true` (then marked `reversed: true`; they never count in the totals). " +
    "A fund manager sees the fund-ledger entries of its own funds only (as `GET /funds/{code}/ledger`): " +
    "the others are left out of the events and `equityInvested` and counted in `withheld.equity`. " +
    "An invalid credit code in the path is a 400 naming `uscc`.",
  http: {
    method: "get",
    path: "/api/v1/enterprises/{uscc}/journey",
    operationId: "getEnterpriseJourney",
    tag: "registry",
    params: {
      uscc: {
        kind: "code",
        entity: "enterprise",
        description: "The enterprise's unified social credit code.",
        example: exampleUscc
      }
    },
    query: [
      {
        name: "includeReversed",
        description: "`true`: list reversed records too, marked `reversed: true`.",
        example: false
      },
      { name: "from", description: "First day listed (inclusive), YYYY-MM-DD.", example: "2025-01-01" },
      {
        name: "to",
        description:
          "Last day listed (inclusive), YYYY-MM-DD; not before `from`. `pledged` takes each registration on " +
          "its terms as of this day.",
        example: "2025-12-31"
      }
    ],
    ok: { description: "The journey.", example: journeyToJson(exampleJourney) },
    notFound: "No enterprise of the registry has this credit code."
  }
})

/** What `registry.journeySearch` takes (checked by `searchJourneys`: `q` ≤ 200 characters, `limit` 1–1000). */
export const JourneySearchInput = Schema.Struct({
  q: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.Number)
})

export const journeySearch = operation({
  name: "registry.journeySearch",
  write: false,
  // The matches the journey search's page shows (its export takes `q`, and the default `limit`, the page's).
  exportTable: "matches",
  permission: "dashboard.read",
  input: JourneySearchInput,
  output: JourneyMatchesJson,
  toJson: (matches: ReadonlyArray<JourneyMatch>) => ({ matches }),
  summary: { en: "Whose journey can be shown", zh: "融资历程检索" },
  description:
    "Registry enterprises matching `q` (name substring, credit-code prefix), then pledgors not in the " +
    "registry matched on their latest live registration; `limit` (1–1000, default 50) in all.",
  http: {
    method: "get",
    path: "/api/v1/journeys",
    operationId: "searchJourneys",
    tag: "registry",
    query: [
      {
        name: "q",
        description:
          "A name's substring or a credit code's prefix (at most 200 characters); none: the first ones.",
        example: "瓯江"
      },
      { name: "limit", description: "At most this many matches (1–1000, default 50).", example: 50 }
    ],
    ok: { description: "The matches." }
  }
})
