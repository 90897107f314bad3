import { Schema } from "effect"
import { idParameter, ListFields, linkageGet, linkageList, linkageWrite, listParameters } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import type { ListShape } from "../lists.js"
import { type InterestSubsidy, InterestSubsidyInput, interestSubsidyToJson } from "../schema.js"
import { InterestSubsidyJson, InterestSubsidyPageJson, LinkageId } from "../wire.js"

// 贴息: interest subsidies, declared once (facade `kejin.linkage.recordInterestSubsidy`, route
// `POST /api/v1/linkage/subsidies` and its OpenAPI operation derived). ./service.ts runs it.

export const recordInterestSubsidy = linkageWrite({
  name: "linkage.recordInterestSubsidy",
  importKind: "subsidies",
  input: InterestSubsidyInput,
  output: InterestSubsidyJson,
  toJson: (s: InterestSubsidy) => interestSubsidyToJson(s),
  summary: { en: "Record an interest subsidy", zh: "登记贴息" },
  description:
    "贴息 on a linkage loan (`loan`) or on a pledge loan (`registrationNo`), exactly one of them. A " +
    "registration number must name a live registration (not cancelled) with a live loan disbursed by the " +
    "payment date, and a borrower named must be its pledgor (422 naming the field). Not dated after today.",
  path: "/subsidies",
  operationId: "recordInterestSubsidy",
  example: b.subsidy,
  notFound: "The loan or the enterprise does not exist."
})

/** How listInterestSubsidies is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const subsidyListShape: ListShape = {
  sorts: { on: "s.on_date", amount: "s.amount_fen", registrationNo: "s.registration_no" },
  search: ["e.name", "e.uscc", "s.registration_no", "s.payer"],
  searches: "subsidies whose enterprise's name or credit code, registration number or payer is",
  sum: { field: "amount", column: "s.amount_fen" }
}

export const listInterestSubsidies = linkageList({
  name: "linkage.subsidies",
  input: Schema.Struct(ListFields),
  output: InterestSubsidyPageJson,
  toJson: (r: InterestSubsidy) => interestSubsidyToJson(r),
  summary: { en: "List interest subsidies", zh: "贴息" },
  description:
    "Subsidies paid, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
  path: "/subsidies",
  operationId: "listInterestSubsidies",
  shape: subsidyListShape,
  query: listParameters("Paid")
})

export const getInterestSubsidy = linkageGet({
  name: "linkage.subsidy",
  input: Schema.Struct({ id: LinkageId }),
  output: InterestSubsidyJson,
  toJson: (r: InterestSubsidy) => interestSubsidyToJson(r),
  summary: { en: "Get an interest subsidy", zh: "查看贴息" },
  description: "The subsidy, reversed or not (a reversed one flagged `reversed`, with `reversedBy`).",
  path: "/subsidies/{id}",
  operationId: "getInterestSubsidy",
  params: { id: idParameter("subsidy") },
  ok: { description: "The subsidy." },
  notFound: "No subsidy has this id."
})
