import { conflictOr, linkageWrite } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import { type LinkageReversal, LinkageReversalInput, linkageReversalToJson } from "../schema.js"
import { LinkageReversalJson } from "../wire.js"

// What the pilots share: the reversal of a record of any kind, declared once (facade
// `kejin.linkage.reverse(kind, id, reason)`, route `POST /api/v1/linkage/reversals` and its OpenAPI
// operation derived). ./service.ts runs it.

export const reverseRecord = linkageWrite({
  name: "linkage.reverse",
  input: LinkageReversalInput,
  output: LinkageReversalJson,
  toJson: (r: LinkageReversal) => linkageReversalToJson(r),
  summary: { en: "Reverse a record", zh: "冲销联动记录" },
  description:
    "Takes record `kind` `id` out of every figure (summary, pool balances, limits); it stays listed with " +
    "`reversed: true`. Records others depend on are reversed after them (a loan after its warrant events " +
    "and subsidies, a policy after its claims, a pool after its deposits and claims, …: 422 naming `id`); " +
    "a deposit is not reversed if the pool would go below zero on any date.",
  path: "/reversals",
  operationId: "reverseLinkageRecord",
  example: b.reversal,
  conflict: conflictOr("The record is reversed already (`errors[0].field` is `id`)"),
  notFound: "No record of this kind has this id."
})
