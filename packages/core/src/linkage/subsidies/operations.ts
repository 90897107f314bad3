import { linkageWrite } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import { type InterestSubsidy, InterestSubsidyInput, interestSubsidyToJson } from "../schema.js"
import { InterestSubsidyJson } from "../wire.js"

// 贴息: interest subsidies, declared once (facade `kejin.linkage.recordInterestSubsidy`, route
// `POST /api/v1/linkage/subsidies` and its OpenAPI operation derived). ./service.ts runs it.

export const recordInterestSubsidy = linkageWrite({
  name: "linkage.recordInterestSubsidy",
  input: InterestSubsidyInput,
  output: InterestSubsidyJson,
  toJson: (s: InterestSubsidy) => interestSubsidyToJson(s),
  summary: { en: "Record an interest subsidy", zh: "登记贴息" },
  description: "贴息 on a linkage loan (`loan`) or on a pledge loan (`registrationNo`), exactly one of them.",
  path: "/subsidies",
  operationId: "recordInterestSubsidy",
  example: b.subsidy,
  notFound: "The loan or the enterprise does not exist."
})
