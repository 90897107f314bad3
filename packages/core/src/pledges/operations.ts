import { Schema } from "effect"
import { registrationKey } from "../imports/refs.js"
import { YuanDecimal } from "../money/schema.js"
import { toWire } from "../money/yuan.js"
import { operation, type QueryParameter } from "../operations/operation.js"
import { ReversalRequest } from "../operations/wire.js"
import { Uscc } from "../registry/codes.js"
import { DistrictCode } from "../registry/districts.js"
import { checkMessage } from "../text/messages.js"
import { BusinessDate } from "../time/index.js"
import {
  exampleBreakdownJson,
  exampleMonthlyJson,
  examplePledge,
  examplePledgeBodies,
  examplePledgeInput,
  exampleRegistration,
  exampleSummaryJson,
  exampleTimeline,
  exampleTotalJson,
  exampleUscc
} from "./examples.js"
import {
  type PledgeBreakdown,
  type PledgeSummary,
  pledgeBreakdownToJson,
  pledgeDimensions,
  pledgeSummaryToJson
} from "./figures.js"
import { PeriodQueryFields } from "./period-query.js"
import type { BulkResult, PledgePage } from "./pledges.js"
import {
  listedPledgeToJson,
  type Period,
  type Pledge,
  PledgeChangeInput,
  PledgeEndInput,
  PledgeEventReversalInput,
  PledgeInput,
  type PledgeMonth,
  type PledgeRegistration,
  type PledgeStatus,
  type PledgeTimelineEntry,
  type PledgeTotal,
  pledgeMonthlyToJson,
  pledgeRegistrationToJson,
  pledgeTimelineToJson,
  pledgeToJson,
  pledgeTotalToJson,
  ReversalInput
} from "./schema.js"
import { DEFAULT_PLEDGE_SORT, inclusiveBuckets, pledgeSorts } from "./store.js"
import {
  PledgeBatchJson,
  PledgeBreakdownJson,
  PledgeJson,
  PledgeMonthlyJson,
  PledgePageJson,
  PledgeRegistrationJson,
  PledgeStatusesJson,
  PledgeStatusJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson
} from "./wire.js"

// The operations on patent pledge registrations (专利质押登记), each declared once: the facade
// (`kejin.pledges.*`), the routes under /api/v1/pledges, their permission checks and the OpenAPI document
// are derived from these. The service that runs them is ./pledges.ts, bound in ./module.ts. Loans drawn
// under a registration are the loans module's (`kejin.pledges.loans.*`). `GET /api/v1/pledges/export.csv`
// streams CSV and stays a hand-written route of the server.

// ------------------------------------------------------------------------------------------- inputs

/** A record's id as the facade gives it: any number (one no row can have is a NotFoundError, not a 422). */
const AnyId = Schema.Number

/** A page's limit or offset: a whole number from the facade, or its text from a query. */
const PageNumber = (min: number, max: number) => {
  const message = checkMessage("whole-number-range", { min: String(min), max: String(max) })
  return Schema.Union([Schema.Number, Schema.String]).check(
    Schema.makeFilter((value: number | string) => {
      const text = String(value)
      return (/^[0-9]+$/.test(text) && Number(text) >= min && Number(text) <= max) || message
    })
  )
}

const Text = Schema.optional(Schema.String)

/**
 * The list's query: a page (`limit` 1–500, default 50; `offset` ≥ 0), the order (`sort`) and the filters,
 * which the core checks (`pledgeFilterIssues`), each issue naming its field.
 */
export const PledgeListInput = Schema.Struct({
  limit: Schema.optional(PageNumber(1, 500)),
  offset: Schema.optional(PageNumber(0, Number.MAX_SAFE_INTEGER)),
  from: Text,
  to: Text,
  district: Text,
  pledgorUscc: Text,
  bank: Text,
  status: Text,
  registrationNo: Text,
  q: Text,
  sort: Text,
  minAmount: Text,
  maxAmount: Text,
  includeReversed: Schema.optional(Schema.Boolean),
  counting: Schema.optional(Schema.Boolean),
  inclusive: Text,
  firstPledge: Schema.optional(Schema.Boolean),
  ids: Schema.optional(Schema.Array(Schema.Number))
})

/** A 普惠 threshold for one answer: money text (from a query or the facade) or a Decimal (the facade). */
const Threshold = Schema.optional(Schema.Union([Schema.String, YuanDecimal]))

/** The period of a figures read: one of its forms, text or numbers (see `periodOfQuery`). */
export const PledgePeriodInput = Schema.Struct(PeriodQueryFields)

/** A breakdown's period, grouping (`by`) and options, checked by the read (see ./module.ts). */
export const PledgeBreakdownInput = Schema.Struct({
  ...PeriodQueryFields,
  by: Schema.optional(Schema.String),
  yoy: Schema.optional(Schema.Union([Schema.Boolean, Schema.String])),
  inclusiveThreshold: Threshold
})

// ------------------------------------------------------------------------------------------- the document

const pledge = { entity: "pledge", description: "The pledge's id." }
const registration = {
  field: "pledgeId",
  entity: "pledge",
  description: "The registration's id (the `id` of the recorded pledge)."
}

const Year = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 9999 }))

/** The period's query parameters, as documented (the read takes their text; see `periodOfQuery`). */
const periodParameters: ReadonlyArray<QueryParameter> = [
  {
    name: "year",
    description: "A calendar year; alone, or with quarter or month.",
    schema: Year,
    example: 2025
  },
  {
    name: "quarter",
    description: "A quarter of year, 1–4.",
    schema: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 4 }))
  },
  {
    name: "month",
    description: "A month of year, 1–12.",
    schema: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 }))
  },
  { name: "from", description: "First day (with to).", schema: BusinessDate },
  { name: "to", description: "Last day (with from).", schema: BusinessDate },
  { name: "fromYear", description: "First of a run of whole years (with toYear).", schema: Year },
  { name: "toYear", description: "Last of the run (with fromYear).", schema: Year },
  {
    name: "period",
    description: "`plan`: the action plan's span, 2025–2027.",
    schema: Schema.Literal("plan")
  }
]

const periodForms =
  "The period is one of: `year` (with `quarter` 1–4 or `month` 1–12 if wanted), `from` + `to`, " +
  "`fromYear` + `toYear`, or `period=plan` (2025-01-01 to 2027-12-31, the action plan); none given: the " +
  "current calendar year in Asia/Shanghai. Two forms at once, half a form, or a bad value is a 400 naming " +
  "the parameter."

const inclusiveThreshold: QueryParameter = {
  name: "inclusiveThreshold",
  description: "普惠 threshold in yuan for this answer (default the configured one, 10000000.00).",
  schema: Schema.String,
  example: "10000000.00"
}

/** The list's filters (`pledgor` and `q` fill `pledgorUscc` and `registrationNo`). */
const listParameters: ReadonlyArray<QueryParameter> = [
  {
    name: "limit",
    description: "Page size, 1 to 500.",
    schema: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({ default: 50 })
  },
  {
    name: "offset",
    description: "Pledges to skip.",
    schema: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ default: 0 })
  },
  {
    name: "from",
    description: "Registered on or after this date.",
    schema: BusinessDate,
    example: "2025-01-01"
  },
  {
    name: "to",
    description: "Registered on or before this date.",
    schema: BusinessDate,
    example: "2025-12-31"
  },
  { name: "district", description: "The pledgor's district code.", schema: DistrictCode, example: "330302" },
  {
    name: "pledgor",
    field: "pledgorUscc",
    description: "The pledgor's unified social credit code.",
    schema: Uscc,
    example: exampleUscc
  },
  {
    name: "bank",
    description: "The pledgee (质权人), by its exact name.",
    schema: Schema.String,
    example: "温州银行"
  },
  {
    name: "status",
    description: "The current status: registered, changed, released or cancelled.",
    schema: PledgeStatusJson,
    example: "registered"
  },
  {
    name: "q",
    description:
      "A search box: registrations whose number or pledgor's name contains the text (any case), whose " +
      "pledgor's credit code starts with it, or whose pledgee (bank) name contains it. `%` and `_` are " +
      "plain characters.",
    schema: Schema.String,
    example: "温州"
  },
  {
    name: "sort",
    description:
      "The order: registeredOn, amount, registrationNo, pledgorName, pledgeeName, district (the pledgor's " +
      "code) or patents (how many), with `-` before it for " +
      "descending; ties by id in the same direction. Default `-registeredOn` (newest first).",
    schema: Schema.Literals(pledgeSorts).annotate({
      default: DEFAULT_PLEDGE_SORT
    }),
    example: "-amount"
  },
  {
    name: "minAmount",
    description: "Registered amount at least this many yuan (decimal text, e.g. 1000000.00 or 100万).",
    schema: Schema.String,
    example: "1000000.00"
  },
  {
    name: "maxAmount",
    description: "Registered amount at most this many yuan; not less than minAmount.",
    schema: Schema.String,
    example: "50000000.00"
  },
  {
    name: "counting",
    description:
      "`true`: only the registrations that count toward the financing figure (neither reversed nor " +
      "cancelled), and `amount` is that figure, each at the amount in force at `to` (every live change when " +
      "`to` is not given), as `GET /api/v1/pledges/total` and the breakdown read it: the list behind a " +
      "figure sums to it.",
    schema: Schema.Boolean,
    example: true
  },
  {
    name: "inclusive",
    description:
      "普惠 at this threshold in yuan, one of " +
      inclusiveBuckets.join(", ") +
      " (100万/1000万 spellings too): registrations whose registered amount, or one of whose loans not " +
      "reversed, is at most it, as the breakdown `by=inclusive` with that `inclusiveThreshold` counts them. " +
      "With `counting=true` the list sums to the breakdown's 普惠 row. Any other value is a 400 naming `inclusive`.",
    schema: Schema.Literals(inclusiveBuckets as [string, ...Array<string>]),
    example: "10000000.00"
  },
  {
    name: "firstPledge",
    description:
      "`true`: 首次质押, each enterprise's first registration that counts (as the breakdown `by=firstPledge` " +
      "counts them); `false`: the later ones. With `counting=true` the list sums to the breakdown's row.",
    schema: Schema.Boolean,
    example: true
  }
]

const registrationOutput = {
  output: PledgeRegistrationJson,
  toJson: (r: PledgeRegistration) => pledgeRegistrationToJson(r)
} as const

const registrationAnswer = (what: string) => ({
  description: `${what} The registration as it is now (or the first result again, for a repeated idempotency key).`,
  example: pledgeRegistrationToJson(exampleRegistration)
})

const lifecycleRules =
  "The body is the core's input without `pledgeId` (the path names the registration; a `pledgeId` in the " +
  "body must be the same); unknown fields are refused. A reversed, released or cancelled registration " +
  "takes no further event (422 `pledgeId`); an event may not be dated before the registration or its " +
  "latest live event (422 `on`)."

// ------------------------------------------------------------------------------------------- registrations

export const recordPledge = operation({
  name: "pledges.record",
  importKind: "pledges",
  importBulk: "pledges.recordMany",
  importKey: registrationKey,
  write: true,
  permission: "pledges.write",
  input: PledgeInput,
  output: PledgeJson,
  toJson: (p: Pledge) => pledgeToJson(p),
  summary: { en: "Record a patent pledge loan", zh: "登记专利质押融资" },
  description:
    "Decodes the body with the core's `PledgeInput` (every invalid field is reported, unknown fields are " +
    "rejected) and records the pledge and its journal entry in one transaction.",
  http: {
    method: "post",
    path: "/api/v1/pledges",
    operationId: "recordPledge",
    tag: "pledges",
    body: { identifier: "PledgeInput", schema: PledgeInput, example: examplePledgeInput },
    ok: {
      description: "Recorded (or the first result again, for a repeated idempotency key).",
      example: pledgeToJson(examplePledge)
    },
    location: {
      of: (p: Pledge) => `/api/v1/pledges/${p.id}`,
      description: "The record's URL, `/api/v1/pledges/{id}`."
    },
    conflict:
      "The registration number is held by a live registration (`errors[0].field` is `registrationNo`; a " +
      "reversed registration frees its number), or the idempotency key was used for a different body or " +
      "has the wrong length (`Idempotency-Key`).",
    invalid: { ...examplePledgeInput, amount: "0", registeredOn: "2025-02-29" }
  }
})

/** The bulk path (imports): no route, the facade's `recordMany(rows)`. */
export const recordPledges = operation({
  name: "pledges.recordMany",
  write: true,
  permission: "pledges.write",
  input: Schema.Array(PledgeInput),
  output: PledgeBatchJson,
  toJson: (r: BulkResult) => ({ count: r.count, ids: r.ids, journalSeq: r.journalSeq }),
  summary: { en: "Record registrations in bulk", zh: "批量登记专利质押" },
  description:
    "Every row in one transaction and one journal entry, all or nothing: each invalid row is reported " +
    "(`[i].field`, at most 100 issues), a number repeated in the batch or held by a live registration " +
    "refused."
})

export const reversePledge = operation({
  name: "pledges.reverse",
  write: true,
  permission: "pledges.write",
  input: ReversalInput,
  output: PledgeJson,
  toJson: (p: Pledge) => pledgeToJson(p),
  summary: { en: "Reverse a pledge", zh: "冲销质押融资" },
  description:
    "Marks a recorded pledge as reversed (a correction, journaled like every write); totals and lists " +
    "leave it out from then on. The record itself is kept. The body is `{ reason }` (an `id` in it must " +
    "be the path's); unknown fields are refused (422). Refused (422 `id`, naming each record and its rule) " +
    "while live risk-compensation claims or interest subsidies name the registration by number: reverse " +
    "them first.",
  http: {
    method: "post",
    path: "/api/v1/pledges/{id}/reversal",
    operationId: "reversePledge",
    tag: "pledges",
    params: { id: pledge },
    body: {
      identifier: "ReversalRequest",
      schema: ReversalRequest,
      example: examplePledgeBodies.registrationReversal
    },
    ok: {
      description: "Reversed: the record with `reversed: true`.",
      example: pledgeToJson({ ...examplePledge, reversed: true })
    },
    notFound: "No pledge has this id.",
    conflict:
      "Already reversed (`errors[0].field` is `id`), or the idempotency key was used for a different body."
  }
})

export const listPledges = operation({
  name: "pledges.list",
  write: false,
  permission: "pledges.read",
  input: PledgeListInput,
  output: PledgePageJson,
  toJson: (page: PledgePage) => ({
    items: page.items.map(listedPledgeToJson),
    total: page.total,
    amount: toWire(page.amount),
    limit: page.limit,
    offset: page.offset
  }),
  summary: { en: "List pledges", zh: "质押融资列表" },
  description:
    "Live (not reversed) pledges matching every filter given, newest registration first unless `sort` says " +
    "otherwise, with how many match and their registered amounts summed (`total`, `amount`: all pages).",
  http: {
    method: "get",
    path: "/api/v1/pledges",
    operationId: "listPledges",
    tag: "pledges",
    query: listParameters,
    ok: { description: "One page." }
  }
})

export const getPledge = operation({
  name: "pledges.get",
  write: false,
  permission: "pledges.read",
  input: Schema.Struct({ id: AnyId }),
  output: PledgeJson,
  toJson: (p: Pledge) => pledgeToJson(p),
  summary: { en: "Get one pledge", zh: "查看质押融资" },
  description: "The stored record, reversed or not.",
  http: {
    method: "get",
    path: "/api/v1/pledges/{id}",
    operationId: "getPledge",
    tag: "pledges",
    params: { id: pledge },
    ok: { description: "The record.", example: pledgeToJson(examplePledge) },
    notFound: "No pledge has this id."
  }
})

/** The statuses of a page of registrations in one query (no route: the dashboard's list reads it). */
export const getPledgeStatuses = operation({
  name: "pledges.statuses",
  write: false,
  permission: "pledges.read",
  input: Schema.Struct({ ids: Schema.Array(AnyId) }),
  output: PledgeStatusesJson,
  toJson: (statuses: ReadonlyMap<number, PledgeStatus>) =>
    Object.fromEntries([...statuses].map(([id, status]) => [String(id), status])),
  summary: { en: "Statuses of registrations", zh: "登记状态" },
  description:
    "The current status of each of `ids` (at most 1000) in one query: registered, changed, released or " +
    "cancelled; an id nothing has is left out."
})

// ------------------------------------------------------------------------------------------- lifecycle

export const getPledgeRegistration = operation({
  name: "pledges.registration",
  write: false,
  // The patents table the registration's page shows (its loans and history are their reads' own).
  exportTable: "patentDetails",
  permission: "pledges.read",
  input: Schema.Struct({ pledgeId: AnyId, inclusiveThreshold: Threshold }),
  ...registrationOutput,
  summary: { en: "A registration in full", zh: "质押登记详情" },
  description:
    "The registration with its status (derived from its live events), current secured amount and debt " +
    "term, 首次质押 and 普惠 flags, patents with their type, loans and events; reversed or not.",
  http: {
    method: "get",
    path: "/api/v1/pledges/{id}/registration",
    operationId: "getPledgeRegistration",
    tag: "pledges",
    params: { id: registration },
    query: [inclusiveThreshold],
    ok: { description: "The registration.", example: pledgeRegistrationToJson(exampleRegistration) },
    notFound: "No registration has this id."
  }
})

export const getPledgeTimeline = operation({
  name: "pledges.events",
  write: false,
  exportTable: "items",
  permission: "pledges.read",
  input: Schema.Struct({ pledgeId: AnyId }),
  output: PledgeTimelineJson,
  toJson: (entries: ReadonlyArray<PledgeTimelineEntry>) => ({ items: pledgeTimelineToJson(entries) }),
  summary: { en: "A registration's history", zh: "登记时间线" },
  description:
    "Oldest first: registered, changes, the release or cancellation, loans drawn, repayments and defaults; " +
    "a line taken out by a reversal stays, marked `reversed`.",
  http: {
    method: "get",
    path: "/api/v1/pledges/{id}/events",
    operationId: "getPledgeTimeline",
    tag: "pledges",
    params: { id: registration },
    ok: { description: "The history.", example: { items: pledgeTimelineToJson(exampleTimeline) } },
    notFound: "No registration has this id."
  }
})

export const changePledge = operation({
  name: "pledges.change",
  write: true,
  permission: "pledges.write",
  input: PledgeChangeInput,
  ...registrationOutput,
  summary: { en: "Change a registration", zh: "变更登记" },
  description:
    "A new secured amount and/or debt term from `on` (`amount` or `debtTerm`, or both). The secured amount " +
    `may not fall below what live loans drew under the registration (422 \`amount\`). ${lifecycleRules}`,
  http: {
    method: "post",
    path: "/api/v1/pledges/{id}/changes",
    operationId: "changePledge",
    tag: "pledges",
    params: { id: registration },
    body: {
      identifier: "PledgeChangeRequest",
      description: "A new secured amount, a new debt term, or both, from `on`.",
      example: examplePledgeBodies.changes
    },
    ok: registrationAnswer("Recorded."),
    notFound: "No registration has this id."
  }
})

export const releasePledge = operation({
  name: "pledges.release",
  write: true,
  permission: "pledges.write",
  input: PledgeEndInput,
  ...registrationOutput,
  summary: { en: "Release a registration", zh: "解除质押" },
  description:
    "The secured debt is settled: the registration ends on `on` and its patents are free. Every live loan " +
    `must be repaid by \`on\` (422 \`pledgeId\`, saying which loan still owes what). ${lifecycleRules}`,
  http: {
    method: "post",
    path: "/api/v1/pledges/{id}/release",
    operationId: "releasePledge",
    tag: "pledges",
    params: { id: registration },
    body: { identifier: "PledgeEndRequest", example: examplePledgeBodies.release },
    ok: registrationAnswer("Recorded."),
    notFound: "No registration has this id."
  }
})

export const cancelPledge = operation({
  name: "pledges.cancel",
  write: true,
  permission: "pledges.write",
  input: PledgeEndInput,
  ...registrationOutput,
  summary: { en: "Cancel a registration", zh: "撤销登记" },
  description:
    "The registration is void from `on`; its patents are free. Every live loan must be repaid by `on`. " +
    lifecycleRules,
  http: {
    method: "post",
    path: "/api/v1/pledges/{id}/cancellation",
    operationId: "cancelPledge",
    tag: "pledges",
    params: { id: registration },
    body: { identifier: "PledgeEndRequest", example: examplePledgeBodies.cancellation },
    ok: registrationAnswer("Recorded."),
    notFound: "No registration has this id."
  }
})

export const reversePledgeEvent = operation({
  name: "pledges.reverseEvent",
  write: true,
  permission: "pledges.write",
  input: PledgeEventReversalInput,
  ...registrationOutput,
  summary: { en: "Reverse a lifecycle event", zh: "冲销变更/解除/撤销" },
  description:
    "Takes a change, release or cancellation out (a correction, dated today in Asia/Shanghai): only the " +
    "registration's latest live event can be reversed (422 `eventId` otherwise); a reversal is final. " +
    "Refused (422 `eventId`, naming the event and the rule) when the state after would break a rule the " +
    "forward commands keep: loans above the secured amount, a patent in two active registrations.",
  http: {
    method: "post",
    path: "/api/v1/pledges/events/{eventId}/reversal",
    operationId: "reversePledgeEvent",
    tag: "pledges",
    params: {
      eventId: { entity: "pledge event", description: "The id of a change, release or cancellation." }
    },
    body: { identifier: "ReversalRequest", schema: ReversalRequest, example: examplePledgeBodies.reversal },
    ok: registrationAnswer("Reversed."),
    notFound: "No lifecycle event has this id.",
    conflict:
      "The event is reversed already (`eventId`), or the idempotency key was used for a different body."
  }
})

// ------------------------------------------------------------------------------------------- figures

/** A figure with the bounds of the period it is of (the route answers both, the facade the figure). */
export interface OfPeriod<A> {
  readonly period: Period
  readonly figure: A
}

export const getPledgeTotal = operation({
  name: "pledges.total",
  write: false,
  permission: "pledges.read",
  input: PledgePeriodInput,
  output: PledgeTotalJson,
  toJson: (total: OfPeriod<PledgeTotal>) => pledgeTotalToJson(total.period, total.figure),
  summary: { en: "Total of a period", zh: "期间质押融资额" },
  description:
    "Sum and count of the registrations registered in the period, each at the secured amount in force at the " +
    "period's end; cancelled (撤销) and reversed ones count nothing, released ones count (what the target " +
    `reads). ${periodForms}`,
  http: {
    method: "get",
    path: "/api/v1/pledges/total",
    operationId: "getPledgeTotal",
    tag: "pledges",
    query: periodParameters,
    ok: { description: "The total.", example: exampleTotalJson }
  }
})

export const getPledgeMonthly = operation({
  name: "pledges.monthly",
  write: false,
  exportTable: "months",
  permission: "pledges.read",
  input: PledgePeriodInput,
  output: PledgeMonthlyJson,
  toJson: (months: OfPeriod<ReadonlyArray<PledgeMonth>>) => pledgeMonthlyToJson(months.period, months.figure),
  summary: { en: "Month by month", zh: "按月质押融资额" },
  description:
    "The period's total per calendar month of registration (at most 1200 months): each registration at the " +
    `secured amount in force at the period's end, so the months add up to the total. ${periodForms}`,
  http: {
    method: "get",
    path: "/api/v1/pledges/monthly",
    operationId: "getPledgeMonthly",
    tag: "pledges",
    query: periodParameters,
    ok: { description: "Every month of the period.", example: exampleMonthlyJson }
  }
})

export const getPledgeSummary = operation({
  name: "pledges.summary",
  write: false,
  permission: "pledges.read",
  input: PledgePeriodInput,
  output: PledgeSummaryJson,
  toJson: (s: PledgeSummary) => pledgeSummaryToJson(s),
  summary: { en: "Figures of a period", zh: "质押融资汇总" },
  description:
    "Every measure of the period, the same period a year earlier, the growth (null on a zero base) and the " +
    `loans in default at its end. ${periodForms}`,
  http: {
    method: "get",
    path: "/api/v1/pledges/summary",
    operationId: "getPledgeSummary",
    tag: "pledges",
    query: periodParameters,
    ok: { description: "The summary.", example: exampleSummaryJson }
  }
})

export const getPledgeBreakdown = operation({
  name: "pledges.breakdown",
  write: false,
  exportTable: "rows",
  exportTotal: { from: "total", into: "measures" },
  permission: "pledges.read",
  input: PledgeBreakdownInput,
  output: PledgeBreakdownJson,
  toJson: (b: PledgeBreakdown) => pledgeBreakdownToJson(b),
  summary: { en: "Figures by group", zh: "分组统计" },
  description:
    "Every measure per district, bank (registrations by pledgee, loans by lending bank), enterprise size, " +
    `普惠 (inclusive) or 首次质押 (firstPledge); with \`yoy=true\` also a year earlier and the growth. ${periodForms}`,
  http: {
    method: "get",
    path: "/api/v1/pledges/breakdown",
    operationId: "getPledgeBreakdown",
    tag: "pledges",
    query: [
      {
        name: "by",
        required: true,
        description: "district, bank, size, inclusive or firstPledge.",
        schema: Schema.Literals(pledgeDimensions),
        example: "district"
      },
      {
        name: "yoy",
        description: "Add each group a year earlier and the growth.",
        schema: Schema.Boolean.annotate({ default: false }),
        example: true
      },
      inclusiveThreshold,
      ...periodParameters
    ],
    ok: { description: "The groups and the total.", example: exampleBreakdownJson }
  }
})
