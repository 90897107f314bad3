import { conflictOr, linkageWrite } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import { type CoInvestment, CoInvestmentInput, coInvestmentToJson } from "../schema.js"
import { CoInvestmentJson } from "../wire.js"

// 投投联动: co-investments, declared once (facade `kejin.linkage.recordCoInvestment`, route
// `POST /api/v1/linkage/co-investments` and its OpenAPI operation derived). ./service.ts runs it.

export const recordCoInvestment = linkageWrite({
  name: "linkage.recordCoInvestment",
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
