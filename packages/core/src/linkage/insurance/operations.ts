import { Schema } from "effect"
import { fundInvestmentRef, institutionRef } from "../../imports/refs.js"
import { idParameter, ListFields, linkageGet, linkageList, linkageWrite, listParameters } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import type { ListShape } from "../lists.js"
import {
  InvestmentPolicyInput,
  type Policy,
  PolicyPilot,
  policyToJson,
  TransferPolicyInput
} from "../schema.js"
import { LinkageId, PolicyJson, PolicyPageJson } from "../wire.js"

// 投保联动 and 科技成果转化保险: policies, each declared once (facade `kejin.linkage.record…Policy`, routes
// under /api/v1/linkage/policies and OpenAPI derived). ./service.ts runs them.

const policyUrl = {
  of: (policy: Policy) => `/policies/${policy.id}`,
  description: "The policy's URL, `/api/v1/linkage/policies/{id}`."
}

export const recordInvestmentPolicy = linkageWrite({
  name: "linkage.recordInvestmentPolicy",
  importKind: "investment-policies",
  importRefs: [
    institutionRef("insurer", "insurer"),
    fundInvestmentRef("investment", { fund: "investmentFund", enterprise: "insuredEnterprise" })
  ],
  input: InvestmentPolicyInput,
  output: PolicyJson,
  toJson: (p: Policy) => policyToJson(p),
  summary: { en: "Record an investment-insurance linkage policy", zh: "登记投保联动保单" },
  description:
    "A policy on an enterprise (`insuredEnterprise`) or a fund (`insuredFund`), linked to a fund-ledger " +
    "investment (`investment`) or a fund (`fund`); `insurerCommitment` names the insurer's commitment as an " +
    "LP of that fund.",
  path: "/policies/investment",
  operationId: "recordInvestmentPolicy",
  example: b.investmentPolicy,
  location: policyUrl,
  notFound: "A referenced record (insurer, enterprise, fund, investment) does not exist."
})

export const recordTransferPolicy = linkageWrite({
  name: "linkage.recordTransferPolicy",
  importKind: "transfer-policies",
  importRefs: [institutionRef("insurer", "insurer")],
  input: TransferPolicyInput,
  output: PolicyJson,
  toJson: (p: Policy) => policyToJson(p),
  summary: { en: "Record a tech-transfer insurance policy", zh: "登记转化保险保单" },
  description: "A transfer-insurance policy with its premium subsidy (保费补贴, at most the premium).",
  path: "/policies/transfer",
  operationId: "recordTransferPolicy",
  example: b.transferPolicy,
  location: policyUrl,
  notFound: "The insurer or the enterprise does not exist."
})

export const getPolicy = linkageGet({
  name: "linkage.policy",
  input: Schema.Struct({ id: LinkageId }),
  output: PolicyJson,
  toJson: (p: Policy) => policyToJson(p),
  summary: { en: "Get a policy", zh: "查看保单" },
  description: "The policy, reversed or not.",
  path: "/policies/{id}",
  operationId: "getPolicy",
  params: { id: idParameter("policy") },
  ok: { description: "The policy." },
  notFound: "No policy has this id."
})

/** How listPolicies is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const policyListShape: ListShape = {
  sorts: {
    startsOn: "p.starts_on",
    endsOn: "p.ends_on",
    sumInsured: "p.sum_insured_fen",
    premium: "p.premium_fen",
    policyNo: "p.policy_no",
    "insurer.name": "ins.name"
  },
  search: ["p.policy_no", "ins.name", "e.name", "e.uscc", "ie.name"],
  searches:
    "policies whose number, insurer's name, enterprise's name or credit code, or insured enterprise is",
  sum: { field: "sumInsured", column: "p.sum_insured_fen" }
}

export const listPolicies = linkageList({
  name: "linkage.policies",
  input: Schema.Struct({ ...ListFields, pilot: Schema.optional(Schema.String) }),
  output: PolicyPageJson,
  toJson: (p: Policy) => policyToJson(p),
  summary: { en: "List policies", zh: "投保联动与转化保险保单" },
  description:
    "Policies of both pilots, oldest start first, reversed ones included (flagged) unless " +
    "`includeReversed=false`.",
  path: "/policies",
  operationId: "listPolicies",
  shape: policyListShape,
  query: [
    ...listParameters("Starting"),
    {
      name: "pilot",
      description: "`investment-insurance` (投保联动) or `transfer-insurance` (科技成果转化保险).",
      schema: PolicyPilot,
      example: "transfer-insurance"
    }
  ]
})
