import { exampleSummary, linkageModules, linkageSummaryToJson } from "@kejin/core"
import type { Schema } from "effect"
import { exampleUscc } from "./compile.js"
import { derivedOperations } from "./derived.js"
import {
  BondPageJson,
  ClaimKind,
  ClaimPageJson,
  CoInvestmentPageJson,
  DepositPageJson,
  InterestSubsidyPageJson,
  LinkageId,
  LinkageListFilters,
  LinkageLoanPageJson,
  LinkageReversalPageJson,
  LinkageSummaryJson,
  LoanPilot,
  PolicyPageJson,
  PolicyPilot,
  PoolCodeText,
  PoolPageJson,
  ScorePageJson,
  TierTablePageJson,
  WarrantEventPageJson
} from "./linkage-schemas.js"
import { type Operation, type Parameter, problems, type Response } from "./operations.js"
import { Limit, Offset } from "./schemas.js"

/** Request examples of the linkage writes (now declared with them in the core). */
export { exampleLinkageBodies } from "@kejin/core"

// ---------------------------------------------------------------------------------------------------------
// Parameters and responses
// ---------------------------------------------------------------------------------------------------------

const base = "/api/v1/linkage"

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

const onePage = (schema: Schema.Top): Response => ({
  description: "One page; `total` counts the whole list with the same filters.",
  schema
})

// ---------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------

/** The reads of the linkage pilots (`/api/v1/linkage/…`), still written by hand. */
export const linkageReadOperations: ReadonlyArray<Operation> = [
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
    "/loans/{id}/warrant-events",
    "listWarrantEvents",
    "A loan's 认股权 events · 认股权行权与退出",
    "Exercises and exits of the loan's option, oldest first, reversed ones included (flagged).",
    [idParameter("loan"), ...pageParameters],
    onePage(WarrantEventPageJson),
    "No loan has this id."
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
  read(
    "/scores",
    "listScores",
    "List score snapshots · 科创指数评分",
    "Score snapshots, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
    listParameters("Scored"),
    onePage(ScorePageJson)
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

  // Pools
  read(
    "/pools",
    "listPools",
    "List pools · 资金池",
    "Every live pool (二次救济 and 风险补偿) by code, with its live rules and balance.",
    pageParameters,
    onePage(PoolPageJson)
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

  // 贴息, 投投联动, 科技创新债券
  read(
    "/subsidies",
    "listInterestSubsidies",
    "List interest subsidies · 贴息",
    "Subsidies paid, oldest first, reversed ones included (flagged) unless `includeReversed=false`.",
    listParameters("Paid"),
    onePage(InterestSubsidyPageJson)
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
  read(
    "/bonds",
    "listBonds",
    "List bonds · 科技创新债券",
    "Bonds by issue date, reversed ones included (flagged) unless `includeReversed=false`; `enterprise` is " +
      "the issuing enterprise.",
    listParameters("Issued"),
    onePage(BondPageJson)
  ),

  // Reversals
  read(
    "/reversals",
    "listLinkageReversals",
    "List reversals · 联动冲销记录",
    "Every linkage reversal, oldest first.",
    pageParameters,
    onePage(LinkageReversalPageJson)
  )
]

/** Every linkage operation: the reads above and the declared writes (derived from the core's modules). */
export const linkageOperations: ReadonlyArray<Operation> = [
  ...linkageReadOperations,
  ...derivedOperations(linkageModules)
]
