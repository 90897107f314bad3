import { Schema } from "effect"
import { decodeOptions } from "../journal/command.js"
import { exampleLoan } from "../loans/examples.js"
import { parseYuan, type Yuan } from "../money/index.js"
import { patentType } from "../registry/codes.js"
import { exampleUscc } from "../registry/examples.js"

export { exampleUscc }

import { type PledgeMeasures, pledgeBreakdownToJson, pledgeSummaryToJson } from "./figures.js"
import { growth } from "./period.js"
import {
  type Pledge,
  PledgeChangeInput,
  type PledgeEvent,
  PledgeInput,
  type PledgeInputJson,
  PledgeLoanInput,
  type PledgeRegistration,
  PledgeRepaymentInput,
  type PledgeTimelineEntry,
  pledgeMonthlyToJson,
  pledgeTotalToJson
} from "./schema.js"

// Examples of the registrations' documentation, from the real code: request bodies decoded by the core's
// schemas, answers written by the core's serializers (`pledgeToJson`, `pledgeRegistrationToJson`, …) from
// those decoded values.

const decode = <A>(schema: Schema.Codec<A, unknown>, input: unknown): A =>
  Schema.decodeUnknownSync(schema)(input, decodeOptions)

/** The contract's sample body of `POST /api/v1/pledges` (ARCHITECTURE.md), with a valid code. */
export const examplePledgeInput: PledgeInputJson = {
  registrationNo: "Y2025330000123",
  pledgor: { uscc: exampleUscc, name: "温州瓯江光电科技有限公司", district: "330302" },
  pledgee: { name: "温州银行" },
  patents: ["ZL201710601862.3"],
  amount: "25000000.00",
  registeredOn: "2025-03-14"
}

/** Request bodies of the lifecycle routes (the registration or event comes from the path). */
export const examplePledgeBodies = {
  changes: { on: "2025-06-01", amount: "30000000.00", note: "追加担保额度" },
  release: { on: "2026-03-19", note: "债务已清偿" },
  cancellation: { on: "2025-04-01", note: "登记机关撤销" },
  reversal: { reason: "录入有误" },
  registrationReversal: { reason: "登记信息有误，重新登记" }
} as const

/** The contract's sample, recorded. */
export const examplePledge: Pledge = {
  ...decode(PledgeInput, examplePledgeInput),
  id: 1,
  journalSeq: 1,
  reversed: false
}

const draw = decode(PledgeLoanInput, {
  amount: "20000000.00",
  rate: "0.0385",
  disbursedOn: "2025-03-20",
  maturesOn: "2026-03-19",
  pledgeId: examplePledge.id
})
const repayment = decode(PledgeRepaymentInput, { on: "2025-09-30", amount: "5000000.00", loanId: 1 })
const change = decode(PledgeChangeInput, { ...examplePledgeBodies.changes, pledgeId: examplePledge.id })

const changeEvent: PledgeEvent = {
  id: 1,
  pledgeId: examplePledge.id,
  kind: "change",
  on: change.on,
  amount: { before: examplePledge.amount, after: change.amount ?? examplePledge.amount },
  debtTerm: null,
  reverses: null,
  reversed: false,
  note: change.note ?? null,
  journalSeq: 3
}

const threshold = parseYuan("10000000.00")

/** The sample registration after a change of its secured amount, with the example loan drawn under it. */
export const exampleRegistration: PledgeRegistration = {
  ...examplePledge,
  status: "changed",
  statusOn: change.on,
  securedAmount: change.amount ?? examplePledge.amount,
  currentDebtTerm: null,
  firstPledge: true,
  inclusive: examplePledge.amount.lessThanOrEqualTo(threshold),
  inclusiveThreshold: threshold,
  patentDetails: examplePledge.patents.map((number) => ({
    number,
    type: patentType(number) ?? null,
    title: null
  })),
  drawn: exampleLoan.amount,
  available: (change.amount ?? examplePledge.amount).minus(exampleLoan.amount),
  outstanding: exampleLoan.outstanding,
  loans: [exampleLoan],
  events: [changeEvent]
}

/** Its history. */
export const exampleTimeline: ReadonlyArray<PledgeTimelineEntry> = [
  {
    on: examplePledge.registeredOn,
    kind: "registered",
    eventId: null,
    loanId: null,
    amount: examplePledge.amount,
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

/** `GET /api/v1/pledges/summary?year=2025`, as answered. */
export const exampleSummaryJson = pledgeSummaryToJson({
  period: year2025,
  measures: now,
  previousPeriod: year2024,
  previous: before,
  growth: growthOf(now, before),
  defaulted: { loans: 0, outstanding: parseYuan("0.00") }
})

/** `GET /api/v1/pledges/breakdown?year=2025&by=district&yoy=true`, as answered. */
export const exampleBreakdownJson = pledgeBreakdownToJson({
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

/** `GET /api/v1/pledges/total?year=2025`, as answered. */
export const exampleTotalJson = pledgeTotalToJson(year2025, {
  amount: now.amount,
  count: now.registrations
})

/** `GET /api/v1/pledges/monthly?year=2025&quarter=1`, as answered. */
export const exampleMonthlyJson = pledgeMonthlyToJson({ from: "2025-01-01", to: "2025-03-31" }, [
  { month: "2025-01", amount: parseYuan("0.00"), count: 0 },
  { month: "2025-02", amount: parseYuan("0.00"), count: 0 },
  { month: "2025-03", amount: examplePledge.amount, count: 1 }
])
