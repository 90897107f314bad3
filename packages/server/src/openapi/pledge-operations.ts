import {
  decodeOptions,
  exampleLoan,
  growth,
  type Pledge,
  PledgeChangeInput,
  type PledgeEvent,
  PledgeInput,
  PledgeLoanInput,
  type PledgeMeasures,
  type PledgeRegistration,
  PledgeRepaymentInput,
  type PledgeTimelineEntry,
  parseYuan,
  patentType,
  pledgeBreakdownToJson,
  pledgeRegistrationToJson,
  pledgeSummaryToJson,
  pledgeTimelineToJson,
  type Yuan
} from "@kejin/core"
import { Schema } from "effect"
import { pledgeMonthlyToJson, pledgeTotalToJson } from "../api/pledges.js"
import { exampleUscc } from "./compile.js"
import {
  examplePledgeInput,
  type Operation,
  type Parameter,
  problems,
  type Response,
  idempotencyKey as writeIdempotencyKey
} from "./operations.js"
import {
  BooleanParameter,
  EventId,
  PeriodParameters,
  PledgeBreakdownJson,
  PledgeChangeBody,
  PledgeDimensionParameter,
  PledgeEndBody,
  PledgeListFilters,
  PledgeMonthlyJson,
  PledgeRegistrationJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson,
  pledgeListExtraParameters
} from "./pledge-schemas.js"
import { PledgeId, ReversalBody } from "./schemas.js"

// ---------------------------------------------------------------------------------------------------------
// Examples, from the real code: request bodies decoded by the core's schemas, answers written by the
// core's serializers (`pledgeRegistrationToJson`, `pledgeLoanToJson`, …) from those decoded values.
// ---------------------------------------------------------------------------------------------------------

const decode = <A>(schema: Schema.Codec<A, unknown>, input: unknown): A =>
  Schema.decodeUnknownSync(schema)(input, decodeOptions)

/** Request examples of the write routes (the registration or loan comes from the path). */
export const examplePledgeBodies = {
  changes: { on: "2025-06-01", amount: "30000000.00", note: "追加担保额度" },
  release: { on: "2026-03-19", note: "债务已清偿" },
  cancellation: { on: "2025-04-01", note: "登记机关撤销" },
  loans: { amount: "20000000.00", rate: "0.0385", disbursedOn: "2025-03-20", maturesOn: "2026-03-19" },
  repayments: { on: "2025-09-30", amount: "5000000.00" },
  default: { on: "2026-04-30", note: "逾期未还" },
  reversal: { reason: "录入有误" }
} as const

const pledge: Pledge = { ...decode(PledgeInput, examplePledgeInput), id: 1, journalSeq: 1, reversed: false }
const draw = decode(PledgeLoanInput, { ...examplePledgeBodies.loans, pledgeId: pledge.id })
const repayment = decode(PledgeRepaymentInput, { ...examplePledgeBodies.repayments, loanId: 1 })
const change = decode(PledgeChangeInput, { ...examplePledgeBodies.changes, pledgeId: pledge.id })

const changeEvent: PledgeEvent = {
  id: 1,
  pledgeId: pledge.id,
  kind: "change",
  on: change.on,
  amount: { before: pledge.amount, after: change.amount ?? pledge.amount },
  debtTerm: null,
  reverses: null,
  reversed: false,
  note: change.note ?? null,
  journalSeq: 3
}

const threshold = parseYuan("10000000.00")
const exampleRegistration: PledgeRegistration = {
  ...pledge,
  status: "changed",
  statusOn: change.on,
  securedAmount: change.amount ?? pledge.amount,
  currentDebtTerm: null,
  firstPledge: true,
  inclusive: pledge.amount.lessThanOrEqualTo(threshold),
  inclusiveThreshold: threshold,
  patentDetails: pledge.patents.map((number) => ({ number, type: patentType(number) ?? null, title: null })),
  drawn: exampleLoan.amount,
  available: (change.amount ?? pledge.amount).minus(exampleLoan.amount),
  outstanding: exampleLoan.outstanding,
  loans: [exampleLoan],
  events: [changeEvent]
}

const exampleTimeline: ReadonlyArray<PledgeTimelineEntry> = [
  {
    on: pledge.registeredOn,
    kind: "registered",
    eventId: null,
    loanId: null,
    amount: pledge.amount,
    reversed: false,
    journalSeq: 1
  },
  {
    on: draw.disbursedOn,
    kind: "drawn",
    eventId: null,
    loanId: 1,
    amount: draw.amount,
    reversed: false,
    journalSeq: 2
  },
  {
    on: change.on,
    kind: "changed",
    eventId: 1,
    loanId: null,
    amount: change.amount ?? null,
    reversed: false,
    journalSeq: 3
  },
  {
    on: repayment.on,
    kind: "repaid",
    eventId: 1,
    loanId: 1,
    amount: repayment.amount,
    reversed: false,
    journalSeq: 4
  }
]

const measures = (
  amount: string,
  registrations: number,
  patents: number,
  enterprises: number,
  loans: number,
  lending: string,
  repaid: string
): PledgeMeasures => {
  const lent: Yuan = parseYuan(lending)
  const back: Yuan = parseYuan(repaid)
  return {
    amount: parseYuan(amount),
    registrations,
    patents,
    enterprises,
    loans,
    lending: lent,
    lendingToDate: lent,
    repaidToDate: back,
    outstanding: lent.minus(back)
  }
}
const growthOf = (now: PledgeMeasures, before: PledgeMeasures) => ({
  amount: growth(now.amount, before.amount),
  registrations: growth(now.registrations, before.registrations),
  patents: growth(now.patents, before.patents),
  enterprises: growth(now.enterprises, before.enterprises),
  loans: growth(now.loans, before.loans),
  lending: growth(now.lending, before.lending),
  outstanding: growth(now.outstanding, before.outstanding)
})

const year2025 = { from: "2025-01-01", to: "2025-12-31" }
const year2024 = { from: "2024-01-01", to: "2024-12-31" }
const lucheng = measures("25000000.00", 1, 1, 1, 1, "20000000.00", "5000000.00")
const ruian = measures("8000000.00", 1, 2, 1, 0, "0.00", "0.00")
const now = measures("33000000.00", 2, 3, 2, 1, "20000000.00", "5000000.00")
const before = measures("10000000.00", 1, 1, 1, 0, "0.00", "0.00")
const nothing = measures("0.00", 0, 0, 0, 0, "0.00", "0.00")

const exampleSummary = pledgeSummaryToJson({
  period: year2025,
  measures: now,
  previousPeriod: year2024,
  previous: before,
  growth: growthOf(now, before),
  defaulted: { loans: 0, outstanding: parseYuan("0.00") }
})

const exampleBreakdown = pledgeBreakdownToJson({
  period: year2025,
  by: "district",
  inclusiveThreshold: threshold,
  rows: [
    {
      key: "330302",
      label: "鹿城区",
      measures: lucheng,
      previous: before,
      growth: growthOf(lucheng, before)
    },
    { key: "330381", label: "瑞安市", measures: ruian, previous: nothing, growth: growthOf(ruian, nothing) }
  ],
  total: now,
  previousPeriod: year2024
})

const exampleTotal = pledgeTotalToJson(year2025, { amount: now.amount, count: now.registrations })
const exampleMonthly = pledgeMonthlyToJson({ from: "2025-01-01", to: "2025-03-31" }, [
  { month: "2025-01", amount: parseYuan("0.00"), count: 0 },
  { month: "2025-02", amount: parseYuan("0.00"), count: 0 },
  { month: "2025-03", amount: pledge.amount, count: 1 }
])

// ---------------------------------------------------------------------------------------------------------
// Parameters and responses
// ---------------------------------------------------------------------------------------------------------

const idempotencyKey: Parameter = { ...writeIdempotencyKey, example: "0b9d4c1e-3f57-4a8e-9c2d-7e1f5a6b8c90" }

const pledgeId: Parameter = {
  name: "id",
  in: "path",
  description: "The registration's id (the `id` of the recorded pledge).",
  schema: PledgeId,
  example: 1
}
const eventId = (of: string): Parameter => ({
  name: "eventId",
  in: "path",
  description: `The id of ${of}.`,
  schema: EventId,
  example: 1
})

const listFilters: ReadonlyArray<Parameter> = [
  {
    name: "from",
    in: "query",
    description: "Registered on or after this date.",
    schema: PledgeListFilters.from,
    example: "2025-01-01"
  },
  {
    name: "to",
    in: "query",
    description: "Registered on or before this date (not before from).",
    schema: PledgeListFilters.to,
    example: "2025-12-31"
  },
  {
    name: "district",
    in: "query",
    description: "The pledgor's district code.",
    schema: PledgeListFilters.district,
    example: "330302"
  },
  {
    name: "pledgor",
    in: "query",
    description: "The pledgor's unified social credit code.",
    schema: PledgeListFilters.pledgor,
    example: exampleUscc
  },
  ...pledgeListExtraParameters
]

const periodForms =
  "The period is one of: `year` (with `quarter` 1–4 or `month` 1–12 if wanted), `from` + `to`, " +
  "`fromYear` + `toYear`, or `period=plan` (2025-01-01 to 2027-12-31, the action plan); none given: the " +
  "current calendar year in Asia/Shanghai. Two forms at once, half a form, or a bad value is a 400 naming " +
  "the parameter."

const periodParameters: ReadonlyArray<Parameter> = [
  {
    name: "year",
    in: "query",
    description: "A calendar year; alone, or with quarter or month.",
    schema: PeriodParameters.year,
    example: 2025
  },
  { name: "quarter", in: "query", description: "A quarter of year, 1–4.", schema: PeriodParameters.quarter },
  { name: "month", in: "query", description: "A month of year, 1–12.", schema: PeriodParameters.month },
  { name: "from", in: "query", description: "First day (with to).", schema: PeriodParameters.from },
  { name: "to", in: "query", description: "Last day (with from).", schema: PeriodParameters.to },
  {
    name: "fromYear",
    in: "query",
    description: "First of a run of whole years (with toYear).",
    schema: PeriodParameters.fromYear
  },
  {
    name: "toYear",
    in: "query",
    description: "Last of the run (with fromYear).",
    schema: PeriodParameters.toYear
  },
  {
    name: "period",
    in: "query",
    description: "`plan`: the action plan's span, 2025–2027.",
    schema: PeriodParameters.period
  }
]

const inclusiveThreshold: Parameter = {
  name: "inclusiveThreshold",
  in: "query",
  description: "普惠 threshold in yuan for this answer (default the configured one, 10000000.00).",
  schema: Schema.String,
  example: "10000000.00"
}

const reads = {
  401: problems.unauthorized,
  403: { description: "The role lacks `pledges.read`." }
} satisfies Record<number, Response>

const registrationNotFound: Response = { description: "No registration has this id." }

const writeResponses = (
  ok: Response,
  notFound: Response,
  conflict = "The idempotency key was used for a different body."
) => ({
  201: ok,
  400: problems.badJson,
  401: problems.unauthorized,
  403: {
    description:
      "The role lacks `pledges.write` (fund managers and viewers), or (cookie sessions) the CSRF check failed."
  },
  404: notFound,
  409: { description: conflict },
  413: problems.tooLarge,
  415: problems.unsupported,
  422: problems.invalid
})

const registrationAnswer = (description: string): Response => ({
  description: `${description} The registration as it is now (or the first result again, for a repeated idempotency key).`,
  schema: PledgeRegistrationJson,
  example: pledgeRegistrationToJson(exampleRegistration)
})

const lifecycleOperation = (
  path: "changes" | "release" | "cancellation",
  operationId: string,
  summary: string,
  description: string,
  body: Schema.Top
): Operation => ({
  method: "post",
  path: `/api/v1/pledges/{id}/${path}`,
  operationId,
  tag: "pledges",
  summary,
  description:
    `${description} The body is the core's input without \`pledgeId\` (the path names the registration; a ` +
    "`pledgeId` in the body must be the same); unknown fields are refused. A reversed, released or " +
    "cancelled registration takes no further event (422 `pledgeId`); an event may not be dated before the " +
    "registration or its latest live event (422 `on`).",
  permission: "pledges.write",
  parameters: [pledgeId, idempotencyKey],
  body: { schema: body, example: examplePledgeBodies[path] },
  responses: writeResponses(registrationAnswer("Recorded."), registrationNotFound)
})

const reasonBody = { schema: ReversalBody, example: examplePledgeBodies.reversal }

// ---------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------

/** Registrations, their lifecycle, loans and figures of patent pledge financing (`/api/v1/pledges/…`). */
export const pledgeOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/pledges/export.csv",
    operationId: "exportPledgesCsv",
    tag: "pledges",
    summary: "Export pledges as CSV · 导出质押登记",
    description:
      "Every live registration the filters match (the filters of `listPledges`, no page limit), newest " +
      "first, as `text/csv; charset=utf-8` with the import columns (registration_no, pledgor_uscc, " +
      "pledgor_name, district, pledgee, patents, amount, registered_on). Cells a spreadsheet would run as a " +
      "formula (starting = + - @) get a leading apostrophe. Sent as an attachment named " +
      "`kejin-pledges-YYYY-MM-DD.csv` (today in Asia/Shanghai).",
    permission: "pledges.read",
    parameters: [
      ...listFilters,
      {
        name: "bom",
        in: "query",
        description: "Start with a UTF-8 byte-order mark, which spreadsheets need to read Chinese text.",
        schema: Schema.Boolean.annotate({ default: true })
      }
    ],
    responses: {
      200: {
        description: "The CSV file (`text/csv; charset=utf-8`).",
        headers: { "Content-Disposition": 'attachment; filename="kejin-pledges-2025-12-31.csv"' }
      },
      400: problems.badQuery,
      ...reads
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/{id}/registration",
    operationId: "getPledgeRegistration",
    tag: "pledges",
    summary: "A registration in full · 质押登记详情",
    description:
      "The registration with its status (derived from its live events), current secured amount and debt " +
      "term, 首次质押 and 普惠 flags, patents with their type, loans and events; reversed or not.",
    permission: "pledges.read",
    parameters: [pledgeId, inclusiveThreshold],
    responses: {
      200: {
        description: "The registration.",
        schema: PledgeRegistrationJson,
        example: pledgeRegistrationToJson(exampleRegistration)
      },
      400: problems.badQuery,
      ...reads,
      404: registrationNotFound
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/{id}/events",
    operationId: "getPledgeTimeline",
    tag: "pledges",
    summary: "A registration's history · 登记时间线",
    description:
      "Oldest first: registered, changes, the release or cancellation, loans drawn, repayments and defaults; " +
      "a line taken out by a reversal stays, marked `reversed`.",
    permission: "pledges.read",
    parameters: [pledgeId],
    responses: {
      200: {
        description: "The history.",
        schema: PledgeTimelineJson,
        example: { items: pledgeTimelineToJson(exampleTimeline) }
      },
      400: problems.badQuery,
      ...reads,
      404: registrationNotFound
    }
  },
  lifecycleOperation(
    "changes",
    "changePledge",
    "Change a registration · 变更登记",
    "A new secured amount and/or debt term from `on` (`amount` or `debtTerm`, or both). The secured amount " +
      "may not fall below what live loans drew under the registration (422 `amount`).",
    PledgeChangeBody
  ),
  lifecycleOperation(
    "release",
    "releasePledge",
    "Release a registration · 解除质押",
    "The secured debt is settled: the registration ends on `on` and its patents are free. Every live loan " +
      "must be repaid by `on` (422 `pledgeId`, saying which loan still owes what).",
    PledgeEndBody
  ),
  lifecycleOperation(
    "cancellation",
    "cancelPledge",
    "Cancel a registration · 撤销登记",
    "The registration is void from `on`; its patents are free. Every live loan must be repaid by `on`.",
    PledgeEndBody
  ),
  {
    method: "post",
    path: "/api/v1/pledges/events/{eventId}/reversal",
    operationId: "reversePledgeEvent",
    tag: "pledges",
    summary: "Reverse a lifecycle event · 冲销变更/解除/撤销",
    description:
      "Takes a change, release or cancellation out (a correction, dated today in Asia/Shanghai): only the " +
      "registration's latest live event can be reversed (422 `eventId` otherwise); a reversal is final.",
    permission: "pledges.write",
    parameters: [eventId("a change, release or cancellation"), idempotencyKey],
    body: reasonBody,
    responses: writeResponses(
      registrationAnswer("Reversed."),
      { description: "No lifecycle event has this id." },
      "The event is reversed already (`eventId`), or the idempotency key was used for a different body."
    )
  },
  {
    method: "get",
    path: "/api/v1/pledges/total",
    operationId: "getPledgeTotal",
    tag: "pledges",
    summary: "Total of a period · 期间质押融资额",
    description: `Sum and count of live registrations registered in the period (what the target reads). ${periodForms}`,
    permission: "pledges.read",
    parameters: periodParameters,
    responses: {
      200: { description: "The total.", schema: PledgeTotalJson, example: exampleTotal },
      400: problems.badQuery,
      ...reads
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/monthly",
    operationId: "getPledgeMonthly",
    tag: "pledges",
    summary: "Month by month · 按月质押融资额",
    description: `Live registrations per calendar month of the period (at most 1200 months). ${periodForms}`,
    permission: "pledges.read",
    parameters: periodParameters,
    responses: {
      200: { description: "Every month of the period.", schema: PledgeMonthlyJson, example: exampleMonthly },
      400: problems.badQuery,
      ...reads
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/summary",
    operationId: "getPledgeSummary",
    tag: "pledges",
    summary: "Figures of a period · 质押融资汇总",
    description:
      "Every measure of the period, the same period a year earlier, the growth (null on a zero base) and the " +
      `loans in default at its end. ${periodForms}`,
    permission: "pledges.read",
    parameters: periodParameters,
    responses: {
      200: { description: "The summary.", schema: PledgeSummaryJson, example: exampleSummary },
      400: problems.badQuery,
      ...reads
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/breakdown",
    operationId: "getPledgeBreakdown",
    tag: "pledges",
    summary: "Figures by group · 分组统计",
    description:
      "Every measure per district, bank (registrations by pledgee, loans by lending bank), enterprise size, " +
      `普惠 (inclusive) or 首次质押 (firstPledge); with \`yoy=true\` also a year earlier and the growth. ${periodForms}`,
    permission: "pledges.read",
    parameters: [
      {
        name: "by",
        in: "query",
        required: true,
        description: "district, bank, size, inclusive or firstPledge.",
        schema: PledgeDimensionParameter,
        example: "district"
      },
      {
        name: "yoy",
        in: "query",
        description: "Add each group a year earlier and the growth.",
        schema: BooleanParameter.annotate({ default: false }),
        example: true
      },
      inclusiveThreshold,
      ...periodParameters
    ],
    responses: {
      200: {
        description: "The groups and the total.",
        schema: PledgeBreakdownJson,
        example: exampleBreakdown
      },
      400: problems.badQuery,
      ...reads
    }
  }
]
