import { Decimal } from "decimal.js"
import { makeUscc } from "../registry/codes.js"
import { payout } from "./rules.js"
import type { Claim, LinkageLoan, LinkageSummary, Pool } from "./schema.js"

// Examples of the linkage pilots' documentation: request bodies the core's decoders accept, and records
// whose answers the `…ToJson` serializers write.

/** The credit code of the examples' enterprise. */
export const exampleUscc = makeUscc("91330302MA2AB1CD0")

/** Request examples (ids refer to a registry with bank 1, insurer 2 and fund-ledger investments 3 and 4). */
export const exampleLinkageBodies = {
  investmentLoan: {
    bank: 1,
    enterprise: exampleUscc,
    amount: "5000000.00",
    ratePercent: "3.45",
    disbursedOn: "2025-04-10",
    maturesOn: "2028-04-10",
    investment: 3,
    warrant: {
      holder: "温州银行投资子公司",
      equityPercent: "5",
      strikeBasis: "A轮投后估值",
      strikeValuation: "200000000.00",
      expiresOn: "2027-06-30"
    }
  },
  indexLoan: {
    bank: 1,
    enterprise: exampleUscc,
    amount: "3000000.00",
    ratePercent: "3.2",
    disbursedOn: "2025-03-10",
    maturesOn: "2026-12-31"
  },
  warrantExercise: { on: "2026-01-10", equityPercent: "3", amountPaid: "1500000.00" },
  warrantExit: { on: "2027-09-01", proceeds: "9000000.00" },
  tierTable: {
    modelVersion: "wz-sti-2025",
    maxScore: "100",
    tiers: [
      { tier: "C", minScore: "60", limit: "1000000.00" },
      { tier: "B", minScore: "75", limit: "3000000.00" },
      { tier: "A", minScore: "90", limit: "5000000.00" }
    ]
  },
  score: {
    enterprise: exampleUscc,
    modelVersion: "wz-sti-2025",
    scoredOn: "2025-03-01",
    total: "80",
    dimensions: { 研发投入: "30", 知识产权: "25", 成长性: "25" }
  },
  investmentPolicy: {
    insurer: 2,
    insuredEnterprise: exampleUscc,
    investment: 3,
    sumInsured: "10000000.00",
    premium: "50000.00",
    startsOn: "2025-04-01",
    endsOn: "2026-03-31"
  },
  transferPolicy: {
    policyNo: "PZ2025001",
    insurer: 2,
    enterprise: exampleUscc,
    sumInsured: "5000000.00",
    premium: "100000.00",
    premiumSubsidy: "60000.00",
    startsOn: "2025-02-01",
    endsOn: "2026-01-31"
  },
  pool: {
    code: "wz-relief",
    name: "科技成果转化保险二次救济资金池",
    kind: "relief",
    openedOn: "2025-01-01",
    backer: "温州市财政局",
    ratio: "0.6",
    cap: "500000.00"
  },
  poolRule: { effectiveFrom: "2025-09-01", ratio: "0.8" },
  deposit: { on: "2025-01-02", amount: "1000000.00", source: "市级财政" },
  transferClaim: {
    policy: 1,
    on: "2025-05-01",
    loss: "800000.00",
    insurerPaid: "500000.00",
    reliefPool: "wz-relief"
  },
  compensationClaim: {
    pool: "wz-pledge-rc",
    registrationNo: "Y2025330000123",
    on: "2025-11-01",
    loss: "1000000.00",
    bank: 1,
    enterprise: exampleUscc
  },
  subsidy: {
    on: "2025-06-30",
    amount: "12345.67",
    registrationNo: "Y2025330000123",
    enterprise: exampleUscc,
    payer: "温州市财政局"
  },
  coInvestment: { lead: 3, follow: 4 },
  bond: {
    code: "102580001",
    issuerEnterprise: exampleUscc,
    amount: "300000000.00",
    issuedOn: "2025-09-01",
    tenorMonths: 36,
    couponPercent: "2.35",
    useOfProceeds: "注资市科创基金",
    proceedsFund: "wz-city"
  },
  reversal: { kind: "claim", id: 1, reason: "理赔撤回，重新登记" }
} as const

const enterprise = { id: 1, uscc: exampleUscc, name: "温州瓯江光电科技有限公司" }
const zero = new Decimal(0)

export const exampleWarrantLoan: LinkageLoan = {
  id: 1,
  journalSeq: 12,
  reversedBy: null,
  pilot: "investment-loan",
  bank: { id: 1, name: "温州银行" },
  enterprise,
  amount: new Decimal("5000000"),
  ratePercent: new Decimal("3.45"),
  disbursedOn: "2025-04-10",
  maturesOn: "2028-04-10",
  investment: { id: 3, fund: "wz-city", on: "2025-03-01", amount: new Decimal("20000000"), round: "A" },
  warrant: {
    holder: "温州银行投资子公司",
    holderFund: null,
    equityPercent: new Decimal("5"),
    strikeBasis: "A轮投后估值",
    strikeValuation: new Decimal("200000000"),
    expiresOn: "2027-06-30"
  },
  score: null,
  standing: {
    on: null,
    repaid: zero,
    interestPaid: zero,
    outstanding: new Decimal("5000000"),
    status: "active",
    defaultedOn: null
  }
}

// 0.6 × (800,000.00 − 500,000.00) = 180,000.00, below the cap 500,000.00 and the balance 1,000,000.00.
export const exampleClaim: Claim = {
  id: 1,
  journalSeq: 20,
  reversedBy: null,
  kind: "transfer-insurance",
  on: "2025-05-01",
  loss: new Decimal("800000"),
  policy: 1,
  insurerPaid: new Decimal("500000"),
  uncovered: new Decimal("300000"),
  pool: "wz-relief",
  rule: { id: 1, ratio: new Decimal("0.6"), cap: new Decimal("500000") },
  payout: new Decimal("180000"),
  limitedBy: "ratio",
  note: `pool wz-relief, rule of 2025-01-01: ${
    payout({
      base: new Decimal("300000"),
      rule: { ratio: new Decimal("0.6"), cap: new Decimal("500000") },
      available: new Decimal("1000000"),
      baseLabel: "uncovered loss"
    }).note
  }`,
  registrationNo: null,
  enterprise,
  bank: null
}

export const examplePool: Pool = {
  id: 1,
  journalSeq: 15,
  reversedBy: null,
  code: "wz-relief",
  name: "科技成果转化保险二次救济资金池",
  kind: "relief",
  openedOn: "2025-01-01",
  backer: "温州市财政局",
  rules: [
    {
      id: 1,
      journalSeq: 15,
      reversedBy: null,
      pool: "wz-relief",
      effectiveFrom: "2025-01-01",
      ratio: new Decimal("0.6"),
      cap: new Decimal("500000")
    }
  ],
  deposited: new Decimal("1000000"),
  paidOut: new Decimal("180000"),
  balance: new Decimal("820000")
}

export const exampleSummary: LinkageSummary = {
  period: { from: "2025-01-01", to: "2025-12-31" },
  investmentLoan: {
    count: 2,
    amount: new Decimal("7000000"),
    warrantLoans: 1,
    warrantAmount: new Decimal("5000000"),
    exercises: 1,
    exercisePaid: new Decimal("400000"),
    exits: 0,
    exitProceeds: zero
  },
  indexLoan: { count: 1, amount: new Decimal("1500000"), scores: 1 },
  investmentInsurance: { count: 1, sumInsured: new Decimal("10000000"), premium: new Decimal("50000") },
  transferInsurance: {
    policies: 1,
    sumInsured: new Decimal("3000000"),
    premium: new Decimal("90000"),
    premiumSubsidy: new Decimal("45000"),
    claims: 1,
    loss: new Decimal("300000"),
    insurerPaid: new Decimal("200000"),
    reliefPaid: new Decimal("50000")
  },
  coInvestment: { count: 2, leadAmount: new Decimal("20000000"), followAmount: new Decimal("18000000") },
  riskCompensation: { claims: 1, loss: new Decimal("200000"), paid: new Decimal("100000") },
  interestSubsidy: { count: 1, amount: new Decimal("30000") },
  bonds: { count: 2, amount: new Decimal("350000000"), toFunds: new Decimal("300000000") },
  pools: [
    {
      code: "relief",
      name: "二次救济资金池",
      kind: "relief",
      openingBalance: zero,
      deposits: new Decimal("100000"),
      payouts: new Decimal("50000"),
      closingBalance: new Decimal("50000")
    }
  ]
}
