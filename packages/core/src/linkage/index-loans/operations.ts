import { Schema } from "effect"
import { institutionRef, scoreRef } from "../../imports/refs.js"
import {
  conflictOr,
  idParameter,
  ListFields,
  linkageGet,
  linkageList,
  linkageWrite,
  listParameters,
  PageFields,
  pageParameters
} from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import type { ListShape } from "../lists.js"
import {
  IndexLoanInput,
  type LinkageLoan,
  linkageLoanToJson,
  ScoreInput,
  type ScoreSnapshot,
  scoreToJson,
  type TierTable,
  TierTableInput,
  tierTableToJson
} from "../schema.js"
import {
  LinkageId,
  LinkageListFilters,
  LinkageLoanJson,
  ScoreJson,
  ScorePageJson,
  TierTableJson,
  TierTablePageJson
} from "../wire.js"

// 科创指数贷: the tier tables of a model version, enterprises' score snapshots and the loans granted on
// them, each declared once (facade `kejin.linkage.record…`, routes and OpenAPI derived). ./service.ts runs them.

export const recordTierTable = linkageWrite({
  name: "linkage.recordTierTable",
  input: TierTableInput,
  output: TierTableJson,
  toJson: (t: TierTable) => tierTableToJson(t),
  summary: { en: "Record a tier table", zh: "登记科创指数分档表" },
  description:
    "One model version's tiers: each tier's lowest total score (inclusive, up to the next tier's) and its " +
    "credit limit.",
  path: "/tier-tables",
  operationId: "recordTierTable",
  example: b.tierTable,
  conflict: conflictOr("The model version has a tier table (`errors[0].field` is `modelVersion`)")
})

export const recordScore = linkageWrite({
  name: "linkage.recordScore",
  importKind: "scores",
  input: ScoreInput,
  output: ScoreJson,
  toJson: (s: ScoreSnapshot) => scoreToJson(s),
  summary: { en: "Record a score snapshot", zh: "登记科创指数评分" },
  description:
    "An enterprise's index score under a model version; the tier and credit limit come from the model's " +
    "live tier table (never from the input).",
  path: "/scores",
  operationId: "recordScore",
  example: b.score,
  notFound: "The enterprise is not in the registry."
})

export const recordIndexLoan = linkageWrite({
  name: "linkage.recordIndexLoan",
  importKind: "index-loans",
  importRefs: [institutionRef("bank", "bank"), scoreRef],
  input: IndexLoanInput,
  output: LinkageLoanJson,
  toJson: (l: LinkageLoan) => linkageLoanToJson(l),
  summary: { en: "Record a sci-tech index loan", zh: "登记科创指数贷" },
  description:
    "Granted on a score snapshot (`score`, default: the enterprise's latest live one scored on or before " +
    "`disbursedOn`), which is copied onto the loan; the amount, with the enterprise's live loans on the " +
    "same snapshot, may not exceed the tier's credit limit (422 naming `amount`). An enterprise below " +
    "every tier is not eligible.",
  path: "/loans/index",
  operationId: "recordIndexLoan",
  example: b.indexLoan,
  location: {
    of: (loan: LinkageLoan) => `/loans/${loan.id}`,
    description: "The loan's URL, `/api/v1/linkage/loans/{id}`."
  },
  notFound: "A referenced record (the score, the bank, the enterprise) does not exist."
})

export const listTierTables = linkageList({
  name: "linkage.tierTables",
  input: Schema.Struct({
    ...PageFields,
    modelVersion: Schema.optional(Schema.String),
    includeReversed: Schema.optional(Schema.Boolean)
  }),
  output: TierTablePageJson,
  toJson: (t: TierTable) => tierTableToJson(t),
  summary: { en: "List tier tables", zh: "科创指数分档表" },
  description: "Every tier table (one per model version), oldest first, reversed ones included (flagged).",
  path: "/tier-tables",
  operationId: "listTierTables",
  query: [
    ...pageParameters,
    {
      name: "modelVersion",
      description: "One model version (a control character in it is a 400 naming `modelVersion`).",
      schema: LinkageListFilters.modelVersion,
      example: "wz-sti-2025"
    }
  ]
})

/** How listScores is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const scoreListShape: ListShape = {
  sorts: { scoredOn: "s.scored_on", limit: "s.limit_fen", "enterprise.name": "e.name" },
  search: ["e.name", "e.uscc", "s.model_version"],
  searches: "scores whose enterprise's name or credit code, or model version is"
}

export const listScores = linkageList({
  name: "linkage.scores",
  input: Schema.Struct(ListFields),
  output: ScorePageJson,
  toJson: (s: ScoreSnapshot) => scoreToJson(s),
  summary: { en: "List score snapshots", zh: "科创指数评分" },
  description:
    "Score snapshots, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
  path: "/scores",
  operationId: "listScores",
  shape: scoreListShape,
  query: listParameters("Scored")
})

export const getTierTable = linkageGet({
  name: "linkage.tierTable",
  input: Schema.Struct({ id: LinkageId }),
  output: TierTableJson,
  toJson: (r: TierTable) => tierTableToJson(r),
  summary: { en: "Get a tier table", zh: "查看分档表" },
  description: "The tier table, reversed or not (a reversed one flagged `reversed`, with `reversedBy`).",
  path: "/tier-tables/{id}",
  operationId: "getTierTable",
  params: { id: idParameter("tier table") },
  ok: { description: "The tier table." },
  notFound: "No tier table has this id."
})

export const getScore = linkageGet({
  name: "linkage.score",
  input: Schema.Struct({ id: LinkageId }),
  output: ScoreJson,
  toJson: (r: ScoreSnapshot) => scoreToJson(r),
  summary: { en: "Get a score", zh: "查看评分" },
  description: "The score, reversed or not (a reversed one flagged `reversed`, with `reversedBy`).",
  path: "/scores/{id}",
  operationId: "getScore",
  params: { id: idParameter("score") },
  ok: { description: "The score." },
  notFound: "No score has this id."
})
