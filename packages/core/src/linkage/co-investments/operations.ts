import { Schema } from "effect"
import { fundInvestmentRef } from "../../imports/refs.js"
import {
  conflictOr,
  idParameter,
  ListFields,
  linkageGet,
  linkageList,
  linkageWrite,
  listParameters
} from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import type { ListShape } from "../lists.js"
import { type CoInvestment, CoInvestmentInput, coInvestmentToJson } from "../schema.js"
import { CoInvestmentJson, CoInvestmentPageJson, LinkageId } from "../wire.js"

// 投投联动: co-investments, declared once (facade `kejin.linkage.recordCoInvestment`, route
// `POST /api/v1/linkage/co-investments` and its OpenAPI operation derived). ./service.ts runs it.

export const recordCoInvestment = linkageWrite({
  name: "linkage.recordCoInvestment",
  importKind: "co-investments",
  importRefs: [
    fundInvestmentRef("lead", { fund: "leadFund", enterprise: "investee" }),
    fundInvestmentRef("follow", { fund: "followFund", enterprise: "investee" })
  ],
  input: CoInvestmentInput,
  output: CoInvestmentJson,
  toJson: (c: CoInvestment) => coInvestmentToJson(c),
  summary: { en: "Record a co-investment", zh: "登记投投联动" },
  description:
    "The city fund's live direct investment (`lead`) followed, in the same enterprise and on or after it, by " +
    "a sub-fund's investment (`follow`) or by social capital (`investor`, `enterprise`, `amount`, `on`, " +
    "optional `round`).",
  path: "/co-investments",
  operationId: "recordCoInvestment",
  example: b.coInvestment,
  conflict: conflictOr("The follow investment is linked already (`errors[0].field` is `follow`)"),
  notFound: "A referenced investment or enterprise does not exist."
})

/** How listCoInvestments is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const coInvestmentListShape: ListShape = {
  sorts: { on: "c.on_date", amount: "c.amount_fen", "enterprise.name": "e.name" },
  search: ["e.name", "e.uscc", "lf.name", "ff.name"],
  searches: "co-investments whose enterprise's name or credit code, or lead or following fund's name is",
  sum: { field: "amount", column: "c.amount_fen" }
}

export const listCoInvestments = linkageList({
  name: "linkage.coInvestments",
  input: Schema.Struct(ListFields),
  output: CoInvestmentPageJson,
  toJson: (r: CoInvestment) => coInvestmentToJson(r),
  summary: { en: "List co-investments", zh: "投投联动" },
  description:
    "Links of a city-fund direct investment and its follow-on, by follow-on date, reversed ones included " +
    "(flagged) unless `includeReversed=false`.",
  path: "/co-investments",
  operationId: "listCoInvestments",
  shape: coInvestmentListShape,
  query: listParameters("Followed on")
})

export const getCoInvestment = linkageGet({
  name: "linkage.coInvestment",
  input: Schema.Struct({ id: LinkageId }),
  output: CoInvestmentJson,
  toJson: (r: CoInvestment) => coInvestmentToJson(r),
  summary: { en: "Get a co-investment", zh: "查看投投联动" },
  description: "The co-investment, reversed or not (a reversed one flagged `reversed`, with `reversedBy`).",
  path: "/co-investments/{id}",
  operationId: "getCoInvestment",
  params: { id: idParameter("co-investment") },
  ok: { description: "The co-investment." },
  notFound: "No co-investment has this id."
})
