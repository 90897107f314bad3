import {
  BondInput,
  type Claim,
  CoInvestmentInput,
  CompensationClaimInput,
  claimToJson,
  Decimal,
  IndexLoanInput,
  InterestSubsidyInput,
  InvestmentLoanInput,
  InvestmentPolicyInput,
  type LinkageLoan,
  LinkageReversalInput,
  type LinkageSummary,
  linkageLoanToJson,
  linkageSummaryToJson,
  type Pool,
  PoolInput,
  payout,
  poolToJson,
  ScoreInput,
  TierTableInput,
  TransferClaimInput,
  TransferPolicyInput
} from "@kejin/core"
import type { Schema } from "effect"
import { exampleUscc } from "./compile.js"
import {
  BondJson,
  BondPageJson,
  ClaimJson,
  ClaimKind,
  ClaimPageJson,
  CoInvestmentJson,
  CoInvestmentPageJson,
  DepositBody,
  DepositJson,
  DepositPageJson,
  InterestSubsidyJson,
  InterestSubsidyPageJson,
  LinkageId,
  LinkageListFilters,
  LinkageLoanJson,
  LinkageLoanPageJson,
  LinkageReversalJson,
  LinkageReversalPageJson,
  LinkageSummaryJson,
  LoanPilot,
  PolicyJson,
  PolicyPageJson,
  PolicyPilot,
  PoolCodeText,
  PoolJson,
  PoolPageJson,
  PoolRuleBody,
  PoolRuleJson,
  ScoreJson,
  ScorePageJson,
  TierTableJson,
  TierTablePageJson,
  WarrantEventJson,
  WarrantEventPageJson,
  WarrantExerciseBody,
  WarrantExitBody
} from "./linkage-schemas.js"
import {
  type Operation,
  type Parameter,
  problems,
  type Response,
  idempotencyKey as writeIdempotencyKey
} from "./operations.js"
import { Limit, Offset } from "./schemas.js"

// ---------------------------------------------------------------------------------------------------------
// Examples: request bodies the core's decoders accept, responses written by the core's serializers
// ---------------------------------------------------------------------------------------------------------

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

const exampleWarrantLoan: LinkageLoan = {
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
  score: null
}

// 0.6 × (800,000.00 − 500,000.00) = 180,000.00, below the cap 500,000.00 and the balance 1,000,000.00.
const exampleClaim: Claim = {
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

const examplePool: Pool = {
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

const exampleSummary: LinkageSummary = {
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

// ---------------------------------------------------------------------------------------------------------
// Parameters and responses
// ---------------------------------------------------------------------------------------------------------

const base = "/api/v1/linkage"

const idempotencyKey: Parameter = { ...writeIdempotencyKey, example: "0b6f8a52-3c1e-4d7a-9f0e-5a2c7d9e1b34" }

const idParameter = (what: string): Parameter => ({
  name: "id",
  in: "path",
  description: `The ${what}'s id.`,
  schema: LinkageId,
  example: 1
})

const poolCodeParameter: Parameter = {
  name: "code",
  in: "path",
  description:
    "The pool's code, a lowercase slug. On a read, a code that is not one names no pool (404); on a write " +
    "it is a 422 naming `pool`.",
  schema: PoolCodeText,
  example: "wz-relief"
}

const pageParameters: ReadonlyArray<Parameter> = [
  { name: "limit", in: "query", description: "Page size, 1 to 500 (default 50).", schema: Limit },
  {
    name: "offset",
    in: "query",
    description:
      "Items to skip (default 0). The page is cut in the database in the list's stable order; past the " +
      "end it has no items and `total` still counts the whole filtered list.",
    schema: Offset
  }
]

/** limit/offset and the filters every dated list takes; `dated` says which date from/to compare with. */
const listParameters = (dated: string): ReadonlyArray<Parameter> => [
  ...pageParameters,
  {
    name: "enterprise",
    in: "query",
    description: "The enterprise's unified social credit code.",
    schema: LinkageListFilters.enterprise,
    example: exampleUscc
  },
  {
    name: "from",
    in: "query",
    description: `${dated} on or after this date.`,
    schema: LinkageListFilters.from,
    example: "2025-01-01"
  },
  {
    name: "to",
    in: "query",
    description: `${dated} on or before this date; before \`from\` it is a 400 naming \`to\`.`,
    schema: LinkageListFilters.to,
    example: "2025-12-31"
  },
  {
    name: "includeReversed",
    in: "query",
    description: "`false` leaves reversed records out (default: they are listed, flagged `reversed`).",
    schema: LinkageListFilters.includeReversed,
    example: true
  }
]

const readResponses = (ok: Response, notFound?: string): Readonly<Record<number, Response>> => ({
  200: ok,
  400: problems.badQuery,
  401: problems.unauthorized,
  403: problems.forbidden,
  ...(notFound === undefined ? {} : { 404: { description: notFound } })
})

const writeForbidden: Response = {
  description:
    "The role lacks `linkage.write` (fund managers and viewers may only read), or (cookie sessions) the " +
    "request failed the CSRF check."
}

const keyReused = "The idempotency key was used for a different body."

const writeResponses = (
  created: Response,
  options: { readonly conflict?: string; readonly notFound?: string } = {}
): Readonly<Record<number, Response>> => ({
  201: created,
  400: problems.badJson,
  401: problems.unauthorized,
  403: writeForbidden,
  ...(options.notFound === undefined ? {} : { 404: { description: options.notFound } }),
  409: { description: options.conflict ?? keyReused },
  413: problems.tooLarge,
  415: problems.unsupported,
  422: problems.invalid
})

const recorded = (schema: Schema.Top, location?: string, example?: unknown): Response => ({
  description: "Recorded (or the first result again, for a repeated idempotency key).",
  schema,
  ...(example === undefined ? {} : { example }),
  ...(location === undefined ? {} : { headers: { Location: location } })
})

const read = (
  path: string,
  operationId: string,
  summary: string,
  description: string,
  parameters: ReadonlyArray<Parameter>,
  ok: Response,
  notFound?: string
): Operation => ({
  method: "get",
  path: `${base}${path}`,
  operationId,
  tag: "linkage",
  summary,
  description,
  permission: "dashboard.read",
  parameters,
  responses: readResponses(ok, notFound)
})

const bodyNote =
  'Money is a decimal string of yuan (`"5000000.00"`); percentages (`ratePercent`, `equityPercent`, ' +
  '`couponPercent`: `"3.45"` is 3.45 %), ratios (`ratio`: a fraction of one, `"0.6"` is 60 %) and scores ' +
  "are exact decimal text: more decimal places than allowed are refused, never rounded. Ids name records of " +
  "the registry (`bank`, `insurer`), of the fund ledger (`investment`, `lead`, `follow`) or of this API. " +
  "Free text (names, reasons, sources, numbers written as text, dimension names) is trimmed and may not " +
  "contain control characters (U+0000–U+001F, U+007F): a 422 naming the field."

const write = (
  path: string,
  operationId: string,
  summary: string,
  description: string,
  body: { readonly schema: Schema.Top; readonly example: unknown },
  created: Response,
  options: { readonly conflict?: string; readonly notFound?: string; readonly path?: Parameter } = {}
): Operation => ({
  method: "post",
  path: `${base}${path}`,
  operationId,
  tag: "linkage",
  summary,
  description: `${description} The body is decoded with the core's input schema (unknown fields rejected).`,
  permission: "linkage.write",
  parameters: options.path === undefined ? [idempotencyKey] : [options.path, idempotencyKey],
  body: { ...body, description: bodyNote },
  responses: writeResponses(created, options)
})

const onePage = (schema: Schema.Top): Response => ({
  description: "One page; `total` counts the whole list with the same filters.",
  schema
})
const b = exampleLinkageBodies

// ---------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------

/** The linkage pilots (`/api/v1/linkage/…`). */
export const linkageOperations: ReadonlyArray<Operation> = [
  read(
    "/summary",
    "getLinkageSummary",
    "Linkage pilot figures · 联动试点汇总",
    "Each pilot's figures for a period, both days inclusive, from live records dated in it: 投贷联动 loans " +
      "and 认股权 exercises/exits, 科创指数贷 loans and scores, 投保联动 and 转化保险 policies, claims and " +
      "二次救济 paid, 投投联动 links (each lead investment counted once), 风险补偿, 贴息, 科技创新债券, and every " +
      "live pool's opening balance, deposits, payouts and closing balance. Default period: the current " +
      "calendar year in Asia/Shanghai; one bound alone stands for its calendar year's other bound. `to` " +
      "before `from` is a 400 naming `to`.",
    [
      {
        name: "from",
        in: "query",
        description: "First day (default: 1 January of the year of `to`, or of today).",
        schema: LinkageListFilters.from,
        example: "2025-01-01"
      },
      {
        name: "to",
        in: "query",
        description: "Last day (default: 31 December of the year of `from`, or of today).",
        schema: LinkageListFilters.to,
        example: "2025-12-31"
      }
    ],
    { description: "The figures.", schema: LinkageSummaryJson, example: linkageSummaryToJson(exampleSummary) }
  ),

  // 投贷联动, 科创指数贷
  read(
    "/loans",
    "listLinkageLoans",
    "List linkage loans · 投贷联动与科创指数贷",
    "Loans of both pilots, oldest disbursement first, reversed ones included (flagged) unless " +
      "`includeReversed=false`.",
    [
      ...listParameters("Disbursed"),
      {
        name: "pilot",
        in: "query",
        description: "`investment-loan` (投贷联动) or `index-loan` (科创指数贷).",
        schema: LoanPilot,
        example: "investment-loan"
      }
    ],
    onePage(LinkageLoanPageJson)
  ),
  read(
    "/loans/{id}",
    "getLinkageLoan",
    "Get a linkage loan · 查看联动贷款",
    "The loan with its 认股权 (warrant loans) or its frozen score snapshot (index loans), reversed or not.",
    [idParameter("loan")],
    { description: "The loan.", schema: LinkageLoanJson, example: linkageLoanToJson(exampleWarrantLoan) },
    "No loan has this id."
  ),
  write(
    "/loans/investment",
    "recordInvestmentLoan",
    "Record a 投贷联动 loan · 登记投贷联动贷款",
    "A bank loan linked to a fund-ledger investment (`investment`) in the same enterprise; `warrant` makes " +
      "it a 认股权贷款 (holder, equity %, strike basis, expiry). `bank` is an institution of kind bank.",
    { schema: InvestmentLoanInput, example: b.investmentLoan },
    recorded(
      LinkageLoanJson,
      "The loan's URL, `/api/v1/linkage/loans/{id}`.",
      linkageLoanToJson(exampleWarrantLoan)
    ),
    { notFound: "A referenced record (the investment, the bank, the enterprise) does not exist." }
  ),
  write(
    "/loans/index",
    "recordIndexLoan",
    "Record a 科创指数贷 loan · 登记科创指数贷",
    "Granted on a score snapshot (`score`, default: the enterprise's latest live one scored on or before " +
      "`disbursedOn`), which is copied onto the loan; the amount may not exceed the tier's credit limit " +
      "(422 naming `amount`). An enterprise below every tier is not eligible.",
    { schema: IndexLoanInput, example: b.indexLoan },
    recorded(LinkageLoanJson, "The loan's URL, `/api/v1/linkage/loans/{id}`."),
    { notFound: "A referenced record (the score, the bank, the enterprise) does not exist." }
  ),
  read(
    "/loans/{id}/warrant-events",
    "listWarrantEvents",
    "A loan's 认股权 events · 认股权行权与退出",
    "Exercises and exits of the loan's option, oldest first, reversed ones included (flagged).",
    [idParameter("loan"), ...pageParameters],
    onePage(WarrantEventPageJson),
    "No loan has this id."
  ),
  write(
    "/loans/{id}/warrant-exercises",
    "recordWarrantExercise",
    "Exercise a 认股权 · 认股权行权",
    "Between disbursement and the option's expiry; all exercises together stay within the option's share " +
      "(`equityPercent`). The loan is the path's (a `loan` in the body must name the same).",
    { schema: WarrantExerciseBody, example: b.warrantExercise },
    recorded(WarrantEventJson),
    { notFound: "No loan has this id.", path: idParameter("loan") }
  ),
  write(
    "/loans/{id}/warrant-exits",
    "recordWarrantExit",
    "Exit from a 认股权 · 认股权退出",
    "Sells what was exercised on or before `on` and not exited yet (all of it unless `equityPercent` says " +
      "less). The loan is the path's (a `loan` in the body must name the same).",
    { schema: WarrantExitBody, example: b.warrantExit },
    recorded(WarrantEventJson),
    { notFound: "No loan has this id.", path: idParameter("loan") }
  ),

  // Tier tables and scores
  read(
    "/tier-tables",
    "listTierTables",
    "List tier tables · 科创指数分档表",
    "Every tier table (one per model version), oldest first, reversed ones included (flagged).",
    [
      ...pageParameters,
      {
        name: "modelVersion",
        in: "query",
        description: "One model version (a control character in it is a 400 naming `modelVersion`).",
        schema: LinkageListFilters.modelVersion,
        example: "wz-sti-2025"
      }
    ],
    onePage(TierTablePageJson)
  ),
  write(
    "/tier-tables",
    "recordTierTable",
    "Record a tier table · 登记科创指数分档表",
    "One model version's tiers: each tier's lowest total score (inclusive, up to the next tier's) and its " +
      "credit limit.",
    { schema: TierTableInput, example: b.tierTable },
    recorded(TierTableJson),
    {
      conflict: `The model version has a tier table (\`errors[0].field\` is \`modelVersion\`), or: ${keyReused}`
    }
  ),
  read(
    "/scores",
    "listScores",
    "List score snapshots · 科创指数评分",
    "Score snapshots, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
    listParameters("Scored"),
    onePage(ScorePageJson)
  ),
  write(
    "/scores",
    "recordScore",
    "Record a score snapshot · 登记科创指数评分",
    "An enterprise's index score under a model version; the tier and credit limit come from the model's " +
      "live tier table (never from the input).",
    { schema: ScoreInput, example: b.score },
    recorded(ScoreJson),
    { notFound: "The enterprise is not in the registry." }
  ),

  // 投保联动, 科技成果转化保险
  read(
    "/policies",
    "listPolicies",
    "List policies · 投保联动与转化保险保单",
    "Policies of both pilots, oldest start first, reversed ones included (flagged) unless " +
      "`includeReversed=false`.",
    [
      ...listParameters("Starting"),
      {
        name: "pilot",
        in: "query",
        description: "`investment-insurance` (投保联动) or `transfer-insurance` (科技成果转化保险).",
        schema: PolicyPilot,
        example: "transfer-insurance"
      }
    ],
    onePage(PolicyPageJson)
  ),
  read(
    "/policies/{id}",
    "getPolicy",
    "Get a policy · 查看保单",
    "The policy, reversed or not.",
    [idParameter("policy")],
    { description: "The policy.", schema: PolicyJson },
    "No policy has this id."
  ),
  write(
    "/policies/investment",
    "recordInvestmentPolicy",
    "Record a 投保联动 policy · 登记投保联动保单",
    "A policy on an enterprise (`insuredEnterprise`) or a fund (`insuredFund`), linked to a fund-ledger " +
      "investment (`investment`) or a fund (`fund`); `insurerCommitment` names the insurer's commitment as an " +
      "LP of that fund.",
    { schema: InvestmentPolicyInput, example: b.investmentPolicy },
    recorded(PolicyJson, "The policy's URL, `/api/v1/linkage/policies/{id}`."),
    { notFound: "A referenced record (insurer, enterprise, fund, investment) does not exist." }
  ),
  write(
    "/policies/transfer",
    "recordTransferPolicy",
    "Record a 科技成果转化保险 policy · 登记转化保险保单",
    "A transfer-insurance policy with its premium subsidy (保费补贴, at most the premium).",
    { schema: TransferPolicyInput, example: b.transferPolicy },
    recorded(PolicyJson, "The policy's URL, `/api/v1/linkage/policies/{id}`."),
    { notFound: "The insurer or the enterprise does not exist." }
  ),

  // Pools
  read(
    "/pools",
    "listPools",
    "List pools · 资金池",
    "Every live pool (二次救济 and 风险补偿) by code, with its live rules and balance.",
    pageParameters,
    onePage(PoolPageJson)
  ),
  write(
    "/pools",
    "createPool",
    "Open a pool · 设立资金池",
    "A government-backed pool and its first rule (ratio and optional per-claim cap, effective from " +
      "`openedOn`). `relief` pools pay 二次救济 on transfer-insurance claims, `risk-compensation` pools pay " +
      "on defaulted pledge loans.",
    { schema: PoolInput, example: b.pool },
    recorded(PoolJson, "The pool's URL, `/api/v1/linkage/pools/{code}`.", poolToJson(examplePool)),
    { conflict: `A pool has this code (\`errors[0].field\` is \`code\`), or: ${keyReused}` }
  ),
  read(
    "/pools/{code}",
    "getPool",
    "Get a pool · 查看资金池",
    "The pool with its live rules, deposited, paid out and balance (all dates).",
    [poolCodeParameter],
    { description: "The pool.", schema: PoolJson, example: poolToJson(examplePool) },
    "No pool has this code (or the code is not a pool code at all)."
  ),
  write(
    "/pools/{code}/rules",
    "recordPoolRule",
    "Change a pool's rule · 资金池规则",
    "The pool's ratio and cap from `effectiveFrom` on (a new version; claims dated before keep the rule " +
      "of their date). The pool is the path's (a `pool` in the body must name the same).",
    { schema: PoolRuleBody, example: b.poolRule },
    recorded(PoolRuleJson, "The pool's URL, `/api/v1/linkage/pools/{code}`."),
    { notFound: "No pool has this code.", path: poolCodeParameter }
  ),
  read(
    "/pools/{code}/deposits",
    "listPoolDeposits",
    "A pool's deposits · 资金池注资",
    "Deposits into the pool, oldest first, reversed ones included (flagged).",
    [poolCodeParameter, ...pageParameters],
    onePage(DepositPageJson),
    "No pool has this code (or the code is not a pool code at all)."
  ),
  write(
    "/pools/{code}/deposits",
    "recordPoolDeposit",
    "Pay into a pool · 资金池注资",
    "Money paid into the pool on `on` (not before it opened). The pool is the path's (a `pool` in the body " +
      "must name the same).",
    { schema: DepositBody, example: b.deposit },
    recorded(DepositJson),
    { notFound: "No pool has this code.", path: poolCodeParameter }
  ),

  // Claims
  read(
    "/claims",
    "listClaims",
    "List claims · 理赔与补偿",
    "Transfer-insurance and risk-compensation claims, oldest first, reversed ones included (flagged) " +
      "unless `includeReversed=false`.",
    [
      ...listParameters("Dated"),
      {
        name: "kind",
        in: "query",
        description: "`transfer-insurance` or `risk-compensation`.",
        schema: ClaimKind,
        example: "transfer-insurance"
      },
      {
        name: "pool",
        in: "query",
        description: "The paying pool's code (not a lowercase slug: a 400 naming `pool`).",
        schema: PoolCodeText,
        example: "wz-relief"
      }
    ],
    onePage(ClaimPageJson)
  ),
  read(
    "/claims/{id}",
    "getClaim",
    "Get a claim · 查看理赔",
    "The claim with the rule applied and how its payout was reached, reversed or not.",
    [idParameter("claim")],
    { description: "The claim.", schema: ClaimJson, example: claimToJson(exampleClaim) },
    "No claim has this id."
  ),
  write(
    "/claims/transfer",
    "recordTransferClaim",
    "Record a transfer-insurance claim · 转化保险理赔与二次救济",
    "A loss under a transfer-insurance policy and what the insurer paid (within the sum insured). With " +
      "`reliefPool`, the pool pays the second layer (二次救济): min(⌊ratio × (loss − insurerPaid)⌋ to the " +
      "fen, the rule's cap, the pool's balance), under the rule effective on the claim's date; an empty pool " +
      "pays 0.00 and `note` says why.",
    { schema: TransferClaimInput, example: b.transferClaim },
    recorded(ClaimJson, "The claim's URL, `/api/v1/linkage/claims/{id}`.", claimToJson(exampleClaim)),
    { notFound: "The policy or the pool does not exist." }
  ),
  write(
    "/claims/compensation",
    "recordCompensationClaim",
    "Record a risk-compensation claim · 风险补偿",
    "A defaulted pledge loan's loss (by registration number) claimed against a risk-compensation pool: " +
      "min(⌊ratio × loss⌋, cap, the pool's balance).",
    { schema: CompensationClaimInput, example: b.compensationClaim },
    recorded(ClaimJson, "The claim's URL, `/api/v1/linkage/claims/{id}`."),
    { notFound: "The pool, the bank or the enterprise does not exist." }
  ),

  // 贴息, 投投联动, 科技创新债券
  read(
    "/subsidies",
    "listInterestSubsidies",
    "List interest subsidies · 贴息",
    "Subsidies paid, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
    listParameters("Paid"),
    onePage(InterestSubsidyPageJson)
  ),
  write(
    "/subsidies",
    "recordInterestSubsidy",
    "Record an interest subsidy · 登记贴息",
    "贴息 on a linkage loan (`loan`) or on a pledge loan (`registrationNo`), exactly one of them.",
    { schema: InterestSubsidyInput, example: b.subsidy },
    recorded(InterestSubsidyJson),
    { notFound: "The loan or the enterprise does not exist." }
  ),
  read(
    "/co-investments",
    "listCoInvestments",
    "List co-investments · 投投联动",
    "Links of a city-fund direct investment and its follow-on, by follow-on date, reversed ones included " +
      "(flagged) unless `includeReversed=false`.",
    listParameters("Followed on"),
    onePage(CoInvestmentPageJson)
  ),
  write(
    "/co-investments",
    "recordCoInvestment",
    "Record a co-investment · 登记投投联动",
    "The city fund's live direct investment (`lead`) followed, in the same enterprise and on or after it, by " +
      "a sub-fund's investment (`follow`) or by social capital (`investor`, `enterprise`, `amount`, `on`, " +
      "optional `round`).",
    { schema: CoInvestmentInput, example: b.coInvestment },
    recorded(CoInvestmentJson),
    {
      conflict: `The follow investment is linked already (\`errors[0].field\` is \`follow\`), or: ${keyReused}`,
      notFound: "A referenced investment or enterprise does not exist."
    }
  ),
  read(
    "/bonds",
    "listBonds",
    "List bonds · 科技创新债券",
    "Bonds by issue date, reversed ones included (flagged) unless `includeReversed=false`; `enterprise` is " +
      "the issuing enterprise.",
    listParameters("Issued"),
    onePage(BondPageJson)
  ),
  write(
    "/bonds",
    "recordBond",
    "Record a bond · 登记科技创新债券",
    "Issued by an enterprise (`issuerEnterprise`) or an institution (`issuerInstitution`); `proceedsFund` " +
      "names the fund the proceeds go to (e.g. the city fund). The maturity follows from the tenor.",
    { schema: BondInput, example: b.bond },
    recorded(BondJson),
    { notFound: "The issuer or the fund does not exist." }
  ),

  // Reversals
  read(
    "/reversals",
    "listLinkageReversals",
    "List reversals · 联动冲销记录",
    "Every linkage reversal, oldest first.",
    pageParameters,
    onePage(LinkageReversalPageJson)
  ),
  write(
    "/reversals",
    "reverseLinkageRecord",
    "Reverse a record · 冲销联动记录",
    "Takes record `kind` `id` out of every figure (summary, pool balances, limits); it stays listed with " +
      "`reversed: true`. Records others depend on are reversed after them (a loan after its warrant events " +
      "and subsidies, a policy after its claims, a pool after its deposits and claims, …: 422 naming `id`); " +
      "a deposit is not reversed if the pool would go below zero on any date.",
    { schema: LinkageReversalInput, example: b.reversal },
    recorded(LinkageReversalJson),
    {
      conflict: `The record is reversed already (\`errors[0].field\` is \`id\`), or: ${keyReused}`,
      notFound: "No record of this kind has this id."
    }
  )
]
