import { Schema } from "effect"
import { institutionRef, policyRef } from "../../imports/refs.js"
import {
  conflictOr,
  idParameter,
  ListFields,
  linkageGet,
  linkageList,
  linkageWrite,
  listParameters,
  PageFields,
  pageParameters,
  poolCodeParameter
} from "../declare.js"
import { exampleLinkageBodies as b, exampleClaim, examplePool } from "../examples.js"
import type { ListShape } from "../lists.js"
import {
  type Claim,
  ClaimKind,
  CompensationClaimInput,
  claimToJson,
  DepositInput,
  depositToJson,
  type Pool,
  type PoolDeposit,
  PoolInput,
  type PoolRule,
  PoolRuleInput,
  poolRuleToJson,
  poolToJson,
  TransferClaimInput
} from "../schema.js"
import {
  ClaimJson,
  ClaimPageJson,
  DepositBody,
  DepositJson,
  DepositPageJson,
  LinkageId,
  PoolCodeText,
  PoolJson,
  PoolPageJson,
  PoolRuleBody,
  PoolRuleJson
} from "../wire.js"

// Pools (二次救济, 风险补偿), their rules and deposits, and the claims they pay, each declared once (facade
// `kejin.linkage.record…`, routes under /api/v1/linkage/pools and /claims, OpenAPI derived). ./service.ts
// runs them.

const poolUrl = "The pool's URL, `/api/v1/linkage/pools/{code}`."
const claimUrl = {
  of: (claim: Claim) => `/claims/${claim.id}`,
  description: "The claim's URL, `/api/v1/linkage/claims/{id}`."
}

export const recordPool = linkageWrite({
  name: "linkage.recordPool",
  importKind: "pools",
  input: PoolInput,
  output: PoolJson,
  toJson: (p: Pool) => poolToJson(p),
  summary: { en: "Open a pool", zh: "设立资金池" },
  description:
    "A government-backed pool and its first rule (ratio and optional per-claim cap, effective from " +
    "`openedOn`). `relief` pools pay 二次救济 on transfer-insurance claims, `risk-compensation` pools pay " +
    "on defaulted pledge loans.",
  path: "/pools",
  operationId: "createPool",
  example: b.pool,
  ok: { example: poolToJson(examplePool) },
  location: { of: (p: Pool) => `/pools/${p.code}`, description: poolUrl },
  conflict: conflictOr("A pool has this code (`errors[0].field` is `code`)")
})

export const recordPoolRule = linkageWrite({
  name: "linkage.recordPoolRule",
  importKind: "pool-rules",
  input: PoolRuleInput,
  output: PoolRuleJson,
  toJson: (r: PoolRule) => poolRuleToJson(r),
  summary: { en: "Change a pool's rule", zh: "资金池规则" },
  description:
    "The pool's ratio and cap from `effectiveFrom` on (a new version; claims dated before keep the rule " +
    "of their date). The pool is the path's (a `pool` in the body must name the same).",
  path: "/pools/{code}/rules",
  operationId: "recordPoolRule",
  params: { code: poolCodeParameter("pool") },
  body: PoolRuleBody,
  example: b.poolRule,
  location: { of: (r: PoolRule) => `/pools/${r.pool}`, description: poolUrl },
  notFound: "No pool has this code."
})

export const recordDeposit = linkageWrite({
  name: "linkage.recordDeposit",
  importKind: "deposits",
  input: DepositInput,
  output: DepositJson,
  toJson: (d: PoolDeposit) => depositToJson(d),
  summary: { en: "Pay into a pool", zh: "资金池注资" },
  description:
    "Money paid into the pool on `on` (not before it opened). The pool is the path's (a `pool` in the body " +
    "must name the same).",
  path: "/pools/{code}/deposits",
  operationId: "recordPoolDeposit",
  params: { code: poolCodeParameter("pool") },
  body: DepositBody,
  example: b.deposit,
  notFound: "No pool has this code."
})

export const recordTransferClaim = linkageWrite({
  name: "linkage.recordTransferClaim",
  importKind: "transfer-claims",
  importRefs: [policyRef],
  input: TransferClaimInput,
  output: ClaimJson,
  toJson: (c: Claim) => claimToJson(c),
  summary: { en: "Record a transfer-insurance claim", zh: "转化保险理赔与二次救济" },
  description:
    "A loss under a transfer-insurance policy and what the insurer paid (within the sum insured). With " +
    "`reliefPool`, the pool pays the second layer (二次救济): min(⌊ratio × (loss − insurerPaid)⌋ to the " +
    "fen, the rule's cap, the pool's balance), under the rule effective on the claim's date; an empty pool " +
    "pays 0.00 and `note` says why.",
  path: "/claims/transfer",
  operationId: "recordTransferClaim",
  example: b.transferClaim,
  ok: { example: claimToJson(exampleClaim) },
  location: claimUrl,
  notFound: "The policy or the pool does not exist."
})

export const recordCompensationClaim = linkageWrite({
  name: "linkage.recordCompensationClaim",
  importKind: "compensation-claims",
  importRefs: [institutionRef("bank", "bank")],
  input: CompensationClaimInput,
  output: ClaimJson,
  toJson: (c: Claim) => claimToJson(c),
  summary: { en: "Record a risk-compensation claim", zh: "风险补偿" },
  description:
    "A defaulted pledge loan's loss (by registration number) claimed against a risk-compensation pool: " +
    "min(⌊ratio × loss⌋, cap, the pool's balance). The number must name a live registration, neither " +
    "cancelled nor released by the claim date, with a live loan in default by then; the loss, with the " +
    "live claims already on the registration, may not exceed its defaulted loans' outstanding balance " +
    "then (422 naming `registrationNo` or `loss`). Not dated after today.",
  path: "/claims/compensation",
  operationId: "recordCompensationClaim",
  example: b.compensationClaim,
  location: claimUrl,
  notFound: "The pool, the bank or the enterprise does not exist."
})

export const getPool = linkageGet({
  name: "linkage.pool",
  input: Schema.Struct({ code: Schema.String }),
  output: PoolJson,
  toJson: (p: Pool) => poolToJson(p),
  summary: { en: "Get a pool", zh: "查看资金池" },
  description: "The pool with its live rules, deposited, paid out and balance (all dates).",
  path: "/pools/{code}",
  operationId: "getPool",
  params: { code: poolCodeParameter("code") },
  ok: { description: "The pool.", example: poolToJson(examplePool) },
  notFound: "No pool has this code (or the code is not a pool code at all)."
})

export const getClaim = linkageGet({
  name: "linkage.claim",
  input: Schema.Struct({ id: LinkageId }),
  output: ClaimJson,
  toJson: (c: Claim) => claimToJson(c),
  summary: { en: "Get a claim", zh: "查看理赔" },
  description: "The claim with the rule applied and how its payout was reached, reversed or not.",
  path: "/claims/{id}",
  operationId: "getClaim",
  params: { id: idParameter("claim") },
  ok: { description: "The claim.", example: claimToJson(exampleClaim) },
  notFound: "No claim has this id."
})

export const listPools = linkageList({
  name: "linkage.pools",
  input: Schema.Struct({ ...PageFields, includeReversed: Schema.optional(Schema.Boolean) }),
  output: PoolPageJson,
  toJson: (p: Pool) => poolToJson(p),
  summary: { en: "List pools", zh: "资金池" },
  description: "Every live pool (二次救济 and 风险补偿) by code, with its live rules and balance.",
  path: "/pools",
  operationId: "listPools",
  query: pageParameters
})

export const listDeposits = linkageList({
  name: "linkage.deposits",
  input: Schema.Struct({ ...PageFields, pool: Schema.String }),
  output: DepositPageJson,
  toJson: (d: PoolDeposit) => depositToJson(d),
  summary: { en: "A pool's deposits", zh: "资金池注资" },
  description: "Deposits into the pool, oldest first, reversed ones included (flagged).",
  path: "/pools/{code}/deposits",
  operationId: "listPoolDeposits",
  params: { code: poolCodeParameter("pool") },
  query: pageParameters,
  notFound: "No pool has this code (or the code is not a pool code at all)."
})

/** How listClaims is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const claimListShape: ListShape = {
  sorts: {
    on: "c.on_date",
    loss: "c.loss_fen",
    insurerPaid: "c.insurer_paid_fen",
    payout: "c.payout_fen",
    registrationNo: "c.registration_no"
  },
  search: ["e.name", "e.uscc", "b.name", "p.code", "c.registration_no"],
  searches:
    "claims whose enterprise's name or credit code, bank's name, pool's code or registration number is",
  sum: { field: "payout", column: "c.payout_fen" }
}

export const listClaims = linkageList({
  name: "linkage.claims",
  input: Schema.Struct({
    ...ListFields,
    kind: Schema.optional(Schema.String),
    pool: Schema.optional(Schema.String)
  }),
  output: ClaimPageJson,
  toJson: (c: Claim) => claimToJson(c),
  summary: { en: "List claims", zh: "理赔与补偿" },
  description:
    "Transfer-insurance and risk-compensation claims, oldest first, reversed ones included (flagged) " +
    "unless `includeReversed=false`.",
  path: "/claims",
  operationId: "listClaims",
  shape: claimListShape,
  query: [
    ...listParameters("Dated"),
    {
      name: "kind",
      description: "`transfer-insurance` or `risk-compensation`.",
      schema: ClaimKind,
      example: "transfer-insurance"
    },
    {
      name: "pool",
      description: "The paying pool's code (not a lowercase slug: a 400 naming `pool`).",
      schema: PoolCodeText,
      example: "wz-relief"
    }
  ]
})
