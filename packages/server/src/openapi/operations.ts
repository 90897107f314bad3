import {
  BusinessDate,
  CallInput,
  Decimal,
  EnterpriseInput,
  type EnterpriseInputJson,
  ExitInput,
  examplePledgeInput,
  type Fund,
  type FundEntry,
  FundInput,
  type FundInputJson,
  fundEntryToJson,
  fundToJson,
  InstitutionInput,
  type InstitutionInputJson,
  type Permission,
  TargetInput,
  type TargetInputJson,
  TargetKey,
  TargetPatch,
  ValuationInput
} from "@kejin/core"
import type { Schema } from "effect"
import { exampleUscc } from "./compile.js"
import {
  CityFundKpisJson,
  CommitmentBody,
  DealGrouping,
  DealGroupsJson,
  DistributionBody,
  EnterpriseFilters,
  EnterpriseJson,
  EnterpriseMoveBody,
  EnterprisePageJson,
  EntryId,
  FundCode,
  FundEntryJson,
  FundFiguresJson,
  FundFilters,
  FundGrouping,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  FundStatusBody,
  IdempotencyKey,
  InstitutionJson,
  InstitutionKind,
  InstitutionPageJson,
  InvestmentBody,
  LedgerFilters,
  LedgerPageJson,
  Limit,
  NavBody,
  Offset,
  ReversalBody,
  TargetJson,
  TargetListJson,
  Uscc
} from "./schemas.js"

// ---------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------

export interface Parameter {
  readonly name: string
  readonly in: "query" | "path" | "header"
  readonly required?: boolean
  readonly description: string
  readonly schema: Schema.Top
  readonly example?: unknown
}

export interface Response {
  readonly description: string
  readonly schema?: Schema.Top
  readonly example?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Operation {
  readonly method: "get" | "post" | "patch"
  readonly path: string
  readonly operationId: string
  readonly tag: "pledges" | "targets" | "funds" | "registry" | "linkage"
  readonly summary: string
  readonly description: string
  readonly permission: Permission
  readonly parameters?: ReadonlyArray<Parameter>
  readonly body?: { readonly schema: Schema.Top; readonly example: unknown; readonly description?: string }
  readonly responses: Readonly<Record<number, Response>>
}

/** The contract's sample body (ARCHITECTURE.md), declared with the registrations in the core. */
export { examplePledgeInput }

/** The `Idempotency-Key` header every write takes. */
export const idempotencyKey: Parameter = {
  name: "Idempotency-Key",
  in: "header",
  description:
    "Makes a retry safe: the same key with the same body returns the first result and writes nothing; " +
    "the same key with another body is a 409. 1 to 200 characters, e.g. a UUID.",
  schema: IdempotencyKey,
  example: "6f1c2a9e-5d0b-4c57-9a55-2b4e0f3d8c11"
}

export const problems = {
  badJson: { description: "The body is not valid JSON." },
  badQuery: { description: "An unknown, repeated or invalid query parameter (`errors` names it)." },
  unauthorized: { description: "No credentials, or an unknown or revoked token." },
  forbidden: {
    description: "The role lacks the permission, or (cookie sessions) the request failed the CSRF check."
  },
  tooMany: {
    description: "Too many requests for this token (default 600 a minute); `Retry-After` says when to retry.",
    headers: { "Retry-After": "Seconds to wait." }
  },
  tooLarge: { description: "The body is larger than the server accepts (default 1 MiB)." },
  unsupported: { description: "The body is not `application/json`." },
  invalid: {
    description: "Fields are invalid: `errors` lists each `{ field, reason }`; nothing was written."
  }
} satisfies Record<string, Response>

export const exampleTargetInput: TargetInputJson = {
  key: "sci-tech-loans",
  label: "科技型企业贷款余额",
  labelEn: "Loans to sci-tech enterprises",
  unit: "yuan",
  target: "50000000000.00",
  metric: "pledge-amount"
}

const targetKeyParameter: Parameter = {
  name: "key",
  in: "path",
  description: "The target's key.",
  schema: TargetKey,
  example: "patent-pledge-financing"
}

// ---------------------------------------------------------------------------------------------------------
// Funds (股权投资链条) and the registry
// ---------------------------------------------------------------------------------------------------------

export const exampleFundInput: FundInputJson = {
  code: "wz-angel-1",
  name: "温州天使投资基金一期",
  kind: "chain",
  chainStage: "angel",
  manager: 1,
  targetSize: "100000000.00",
  vintage: "2025-01-01",
  district: "330302"
}

const exampleFund: Fund = {
  id: 1,
  code: "wz-angel-1",
  name: "温州天使投资基金一期",
  kind: "chain",
  chainStage: "angel",
  parent: null,
  manager: { id: 1, name: "温州科创投资管理有限公司" },
  targetSize: new Decimal("100000000"),
  vintage: "2025-01-01",
  status: "raising",
  statusSince: "2025-01-01",
  origin: "local",
  district: "330302",
  reinvestRequired: null,
  journalSeq: 1
}

const exampleCommitmentEntry: FundEntry = {
  id: 1,
  fund: "wz-angel-1",
  on: "2025-01-10",
  journalSeq: 2,
  reversedBy: null,
  fx: null,
  kind: "commitment",
  amount: new Decimal("100000000"),
  lpName: "温州某民营企业",
  lpType: "private",
  lpFund: null
}

/** Request examples of the entry routes (the fund comes from the path). */
export const exampleEntryBodies = {
  commitments: { on: "2025-01-10", lpName: "温州某民营企业", lpType: "private", amount: "100000000.00" },
  calls: { commitment: 1, on: "2025-02-01", amount: "40000000.00" },
  distributions: { on: "2025-12-01", distributionKind: "gain", amount: "30000000.00" },
  marks: { on: "2025-12-31", nav: "15000000.00" },
  investments: {
    enterprise: exampleUscc,
    on: "2025-03-01",
    amount: "25000000.00",
    instrument: "equity",
    round: "A"
  },
  valuations: { investment: 3, on: "2025-06-30", fairValue: "30000000.00" },
  exits: { investment: 3, on: "2025-11-15", proceeds: "45000000.00", route: "m-and-a" }
} as const

export const exampleEnterpriseInput: EnterpriseInputJson = {
  uscc: exampleUscc,
  name: "温州瓯江光电科技有限公司",
  district: "330302",
  industry: "光电",
  stage: "start-up",
  techCategory: "frontier"
}

export const exampleInstitutionInput: InstitutionInputJson = {
  kind: "fund-manager",
  name: "温州科创投资管理有限公司"
}

const fundCodeParameter: Parameter = {
  name: "code",
  in: "path",
  description: "The fund's code (a lowercase slug).",
  schema: FundCode,
  example: "wz-angel-1"
}

const entryIdParameter: Parameter = {
  name: "id",
  in: "path",
  description: "The ledger entry's id.",
  schema: EntryId,
  example: 1
}

const asOfParameter: Parameter = {
  name: "asOf",
  in: "query",
  description:
    "The day the figures are as of (entries dated on or before it); default today in Asia/Shanghai.",
  schema: BusinessDate,
  example: "2025-12-31"
}

const limitParameter: Parameter = {
  name: "limit",
  in: "query",
  description: "Page size, 1 to 500.",
  schema: Limit
}
const offsetParameter: Parameter = {
  name: "offset",
  in: "query",
  description: "Items to skip.",
  schema: Offset
}

const fundWriteForbidden: Response = {
  description:
    "The role lacks `funds.write` (bureau staff and viewers), or a fund manager names a fund they do not " +
    "manage (`actor.funds`), or the CSRF check failed."
}

const writeResponses = (created: Response, conflict: string, notFound?: string) => ({
  201: created,
  400: problems.badJson,
  401: problems.unauthorized,
  403: fundWriteForbidden,
  ...(notFound === undefined ? {} : { 404: { description: notFound } }),
  409: { description: conflict },
  413: problems.tooLarge,
  415: problems.unsupported,
  422: problems.invalid
})

const entryCreated: Response = {
  description: "Recorded (or the first result again, for a repeated idempotency key).",
  schema: FundEntryJson,
  headers: { Location: "The entry's URL, `/api/v1/fund-entries/{id}`." }
}

const keyReused = "The idempotency key was used for a different body."

const entryOperation = (
  path: keyof typeof exampleEntryBodies,
  operationId: string,
  summary: string,
  description: string,
  body: Schema.Top,
  notFound: string
): Operation => ({
  method: "post",
  path: `/api/v1/funds/{code}/${path}`,
  operationId,
  tag: "funds",
  summary,
  description:
    `${description} Decoded with the core's input schema; the fund is the path's (a \`fund\` in the body ` +
    "must name the same fund). A fund manager records only for the funds they manage.",
  permission: "funds.write",
  parameters: [fundCodeParameter, idempotencyKey],
  body: { schema: body, example: exampleEntryBodies[path] },
  responses: {
    ...writeResponses(
      path === "commitments"
        ? { ...entryCreated, example: fundEntryToJson(exampleCommitmentEntry) }
        : entryCreated,
      keyReused,
      notFound
    )
  }
})

const fundOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/funds",
    operationId: "listFunds",
    tag: "funds",
    summary: "List funds · 基金列表",
    description:
      "Every fund matching all the filters given, by code. Every role with `funds.read` sees every fund " +
      "(records and figures are city-wide monitoring); only ledgers are scoped (see `getFundLedger`).",
    permission: "funds.read",
    parameters: [
      limitParameter,
      offsetParameter,
      {
        name: "kind",
        in: "query",
        description: "city-fund, sub-fund or chain.",
        schema: FundFilters.kind,
        example: "sub-fund"
      },
      {
        name: "chainStage",
        in: "query",
        description: "天使 angel, 创投 venture, 产业 industrial, 温商 merchant.",
        schema: FundFilters.chainStage,
        example: "angel"
      },
      {
        name: "manager",
        in: "query",
        description: "The managing institution's id.",
        schema: FundFilters.manager,
        example: 1
      },
      {
        name: "parent",
        in: "query",
        description: "The parent fund's code (its sub-funds).",
        schema: FundFilters.parent,
        example: "wz-city"
      },
      {
        name: "status",
        in: "query",
        description: "The fund's latest status.",
        schema: FundFilters.status,
        example: "raising"
      }
    ],
    responses: {
      200: { description: "One page.", schema: FundPageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/funds",
    operationId: "createFund",
    tag: "funds",
    summary: "Create a fund · 新设基金",
    description:
      "Decodes the body with the core's `FundInput`: a chain fund needs its chain stage, a sub-fund its " +
      "parent; `manager` is the id of an institution of kind fund-manager. A fund manager may create only " +
      "a fund whose code is in their scope.",
    permission: "funds.write",
    parameters: [idempotencyKey],
    body: { schema: FundInput, example: exampleFundInput },
    responses: writeResponses(
      {
        description: "Created.",
        schema: FundJson,
        example: fundToJson(exampleFund),
        headers: { Location: "The fund's URL, `/api/v1/funds/{code}`." }
      },
      "A fund with this code exists (`errors[0].field` is `code`), or the idempotency key was used for a different body."
    )
  },
  {
    method: "get",
    path: "/api/v1/funds/{code}",
    operationId: "getFund",
    tag: "funds",
    summary: "Get a fund · 查看基金",
    description: "The fund's record with its latest status.",
    permission: "funds.read",
    parameters: [fundCodeParameter],
    responses: {
      200: { description: "The fund.", schema: FundJson, example: fundToJson(exampleFund) },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No fund has this code." }
    }
  },
  {
    method: "post",
    path: "/api/v1/funds/{code}/status",
    operationId: "setFundStatus",
    tag: "funds",
    summary: "Set a fund's status · 基金状态",
    description:
      "The fund has `status` (raising, investing, harvesting, closed) from `on` on; the history is kept.",
    permission: "funds.write",
    parameters: [fundCodeParameter, idempotencyKey],
    body: { schema: FundStatusBody, example: { status: "investing", on: "2025-03-01" } },
    responses: writeResponses(
      { description: "The fund with its latest status.", schema: FundJson },
      keyReused,
      "No fund has this code."
    )
  },
  {
    method: "get",
    path: "/api/v1/funds/{code}/metrics",
    operationId: "getFundMetrics",
    tag: "funds",
    summary: "Fund figures · 基金业绩指标",
    description:
      "Committed, paid-in, unfunded, called %, distributions, NAV, DPI = D / PI, RVPI = NAV / PI, TVPI = " +
      "(D + NAV) / PI, gross MOIC, net IRR (XIRR of calls, distributions and the NAV on asOf) and gross IRR " +
      "(investments, exit proceeds, fair value on asOf), from live entries dated on or before `asOf`. A " +
      "figure that cannot be computed is null (an IRR says why) and `notes` explains. Readable for every " +
      "fund by every role with `funds.read`.",
    permission: "funds.read",
    parameters: [fundCodeParameter, asOfParameter],
    responses: {
      200: { description: "The figures.", schema: FundFiguresJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No fund has this code." }
    }
  },
  {
    method: "get",
    path: "/api/v1/funds/{code}/ledger",
    operationId: "getFundLedger",
    tag: "funds",
    summary: "A fund's ledger · 基金台账",
    description:
      "The fund's entries, oldest first (by date, then id), reversed ones and reversals included unless " +
      "`includeReversed=false`. The page is cut from the whole ledger by the server. A fund manager reads " +
      "only the ledgers of the funds they manage (403 for any other code, whether it exists or not); " +
      "admins, bureau staff and viewers read every ledger.",
    permission: "funds.read",
    parameters: [
      fundCodeParameter,
      limitParameter,
      offsetParameter,
      {
        name: "kind",
        in: "query",
        description: "One kind of entry.",
        schema: LedgerFilters.kind,
        example: "call"
      },
      {
        name: "from",
        in: "query",
        description: "Dated on or after.",
        schema: LedgerFilters.from,
        example: "2025-01-01"
      },
      {
        name: "to",
        in: "query",
        description: "Dated on or before.",
        schema: LedgerFilters.to,
        example: "2025-12-31"
      },
      {
        name: "includeReversed",
        in: "query",
        description: "`false` leaves out reversed entries and the reversals (default `true`).",
        schema: LedgerFilters.includeReversed,
        example: true
      }
    ],
    responses: {
      200: { description: "One page of entries.", schema: LedgerPageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: {
        description: "The role lacks `funds.read`, or a fund manager asked for a fund they do not manage."
      },
      404: { description: "No fund has this code." }
    }
  },
  entryOperation(
    "commitments",
    "recordCommitment",
    "Record a commitment · 认缴",
    "An LP's commitment: name the LP (`lpName`), or the fund that is the LP (`lpFund`), or both.",
    CommitmentBody,
    "No fund has this code."
  ),
  entryOperation(
    "calls",
    "recordCall",
    "Record a capital call · 实缴",
    "Paid in against one commitment of this fund, dated on or after it; at most its unfunded amount " +
      "(else 422 naming `amount`).",
    CallInput,
    "No fund has this code, or no commitment has the id given."
  ),
  entryOperation(
    "distributions",
    "recordDistribution",
    "Record a distribution · 分配",
    "A distribution to the LPs: return of capital, gain or dividend.",
    DistributionBody,
    "No fund has this code."
  ),
  entryOperation(
    "marks",
    "recordNavMark",
    "Record a NAV mark · 净值",
    "The fund's net asset value on a date (the latest on or before asOf counts).",
    NavBody,
    "No fund has this code."
  ),
  entryOperation(
    "investments",
    "recordInvestment",
    "Record an investment · 投资",
    "An investment in an enterprise of the registry (add it with `POST /api/v1/enterprises` first). " +
      "`local` is never input: it follows from the enterprise's district on the investment date.",
    InvestmentBody,
    "No fund has this code."
  ),
  entryOperation(
    "valuations",
    "recordValuation",
    "Record a valuation · 估值",
    "The fair value of what remains of one investment of this fund, on or after its date.",
    ValuationInput,
    "No fund has this code, or no investment has the id given."
  ),
  entryOperation(
    "exits",
    "recordExit",
    "Record an exit · 退出",
    "Proceeds from one investment of this fund; `costBasis` (default: all the remaining cost) is at most " +
      "the remaining cost; proceeds above it are the gain. A write-off has proceeds 0.00.",
    ExitInput,
    "No fund has this code, or no investment has the id given."
  ),
  {
    method: "get",
    path: "/api/v1/fund-entries/{id}",
    operationId: "getFundEntry",
    tag: "funds",
    summary: "Get a ledger entry · 查看台账条目",
    description: "One entry, reversed or not. A fund manager reads only entries of the funds they manage.",
    permission: "funds.read",
    parameters: [entryIdParameter],
    responses: {
      200: {
        description: "The entry.",
        schema: FundEntryJson,
        example: fundEntryToJson(exampleCommitmentEntry)
      },
      401: problems.unauthorized,
      403: {
        description:
          "The role lacks `funds.read`, or the entry is of a fund the fund manager does not manage."
      },
      404: { description: "No entry has this id." }
    }
  },
  {
    method: "post",
    path: "/api/v1/fund-entries/{id}/reversal",
    operationId: "reverseFundEntry",
    tag: "funds",
    summary: "Reverse a ledger entry · 冲销台账条目",
    description:
      "Takes the entry out of every figure; it stays in the ledger with `reversed: true` and the reversal, " +
      "dated today, is a new entry. A commitment with live calls, or an investment with live valuations or " +
      "exits, is reversed only after them (422 naming `id`). A reversal is final.",
    permission: "funds.write",
    parameters: [entryIdParameter, idempotencyKey],
    body: { schema: ReversalBody, example: { reason: "金额录入错误，重新登记" } },
    responses: writeResponses(
      { ...entryCreated, description: "The reversal entry." },
      "Already reversed (`errors[0].field` is `id`), or the idempotency key was used for a different body.",
      "No entry has this id."
    )
  },
  {
    method: "get",
    path: "/api/v1/metrics/groups",
    operationId: "getFundGroups",
    tag: "funds",
    summary: "Figures by group · 分组业绩",
    description:
      "Fund-level figures per fund, chain stage, manager or kind, each group's members pooled (sums; IRRs " +
      "of the pooled flows), in key order. A group holding a fund of funds and its sub-funds counts the money " +
      "passed down twice: see `getCityFundKpis` for the programme seen through.",
    permission: "funds.read",
    parameters: [
      {
        name: "by",
        in: "query",
        required: true,
        description: "fund, chainStage, manager or kind.",
        schema: FundGrouping,
        example: "chainStage"
      },
      asOfParameter
    ],
    responses: {
      200: { description: "The groups.", schema: FundGroupsJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "get",
    path: "/api/v1/metrics/deals",
    operationId: "getDealGroups",
    tag: "funds",
    summary: "Investments by group · 投资项目分组",
    description:
      "Investment-level figures (count, invested, proceeds, fair value, MOIC, gross IRR) per district (the " +
      "enterprise's on the investment date), tech category, local flag, fund, or all together.",
    permission: "funds.read",
    parameters: [
      {
        name: "by",
        in: "query",
        required: true,
        description: "district, techCategory, local, fund or all.",
        schema: DealGrouping,
        example: "techCategory"
      },
      asOfParameter
    ],
    responses: {
      200: { description: "The groups.", schema: DealGroupsJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "get",
    path: "/api/v1/city-fund",
    operationId: "getCityFundKpis",
    tag: "funds",
    summary: "City fund KPIs · 市科创基金指标",
    description:
      "Scale and paid-in of the city fund(s); leverage (财政出资放大倍数) and social-capital multiple of the " +
      "programme seen through (each yuan once) and of each sub-fund; 返投 multiple and completion per " +
      "sub-fund; direct investments (直投) this calendar year by tech category against the yearly target " +
      "(the stored target `city-fund-direct-investments` when it is a yearly count, else 5).",
    permission: "funds.read",
    parameters: [asOfParameter],
    responses: {
      200: { description: "The KPIs.", schema: CityFundKpisJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  }
]

const usccParameter: Parameter = {
  name: "uscc",
  in: "path",
  description: "The enterprise's unified social credit code.",
  schema: Uscc,
  example: exampleUscc
}

const registryOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/enterprises",
    operationId: "listEnterprises",
    tag: "registry",
    summary: "List enterprises · 企业库",
    description:
      "Enterprises matching every filter given, by id. `district` and `local` are about the current " +
      "district (the history is in each record).",
    permission: "dashboard.read",
    parameters: [
      limitParameter,
      offsetParameter,
      {
        name: "uscc",
        in: "query",
        description: "One credit code.",
        schema: EnterpriseFilters.uscc,
        example: exampleUscc
      },
      {
        name: "district",
        in: "query",
        description: "The current district (6-digit division code).",
        schema: EnterpriseFilters.district,
        example: "330302"
      },
      {
        name: "stage",
        in: "query",
        description: "Development stage.",
        schema: EnterpriseFilters.stage,
        example: "start-up"
      },
      {
        name: "techCategory",
        in: "query",
        description: "Technology category.",
        schema: EnterpriseFilters.techCategory,
        example: "frontier"
      },
      {
        name: "local",
        in: "query",
        description: "`true`: registered in Wenzhou now.",
        schema: EnterpriseFilters.local,
        example: true
      }
    ],
    responses: {
      200: { description: "One page.", schema: EnterprisePageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/enterprises",
    operationId: "addEnterprise",
    tag: "registry",
    summary: "Register an enterprise · 登记企业",
    description:
      "Decodes the body with the core's `EnterpriseInput`; the district given holds from the start.",
    permission: "enterprises.write",
    parameters: [idempotencyKey],
    body: { schema: EnterpriseInput, example: exampleEnterpriseInput },
    responses: {
      201: {
        description: "Registered.",
        schema: EnterpriseJson,
        headers: { Location: "The enterprise's URL, `/api/v1/enterprises/{uscc}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The credit code is already registered (`errors[0].field` is `uscc`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/enterprises/{uscc}",
    operationId: "getEnterprise",
    tag: "registry",
    summary: "Get an enterprise · 查看企业",
    description: "The record with its district history.",
    permission: "dashboard.read",
    parameters: [usccParameter],
    responses: {
      200: { description: "The enterprise.", schema: EnterpriseJson },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No enterprise has this credit code." }
    }
  },
  {
    method: "post",
    path: "/api/v1/enterprises/{uscc}/moves",
    operationId: "moveEnterprise",
    tag: "registry",
    summary: "Record a move · 企业迁址",
    description:
      "From `since` on the enterprise is registered in `district`; earlier dates keep theirs, so investments " +
      "keep the `local` flag of their own date.",
    permission: "enterprises.write",
    parameters: [usccParameter, idempotencyKey],
    body: { schema: EnterpriseMoveBody, example: { district: "330381", since: "2025-09-01" } },
    responses: {
      201: { description: "The enterprise with its new district history.", schema: EnterpriseJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No enterprise has this credit code." },
      409: {
        description:
          "The enterprise already has a district from that day (`errors[0].field` is `since`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/institutions",
    operationId: "listInstitutions",
    tag: "registry",
    summary: "List institutions · 金融机构",
    description: "Banks, insurers, guarantors and fund managers, by kind then name.",
    permission: "dashboard.read",
    parameters: [
      limitParameter,
      offsetParameter,
      {
        name: "kind",
        in: "query",
        description: "One kind.",
        schema: InstitutionKind,
        example: "fund-manager"
      },
      { name: "uscc", in: "query", description: "One credit code.", schema: Uscc, example: exampleUscc }
    ],
    responses: {
      200: { description: "One page.", schema: InstitutionPageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/institutions",
    operationId: "addInstitution",
    tag: "registry",
    summary: "Register an institution · 登记金融机构",
    description:
      "Decodes the body with the core's `InstitutionInput`. The name is unique per kind, the credit code " +
      "(optional) unique.",
    permission: "institutions.write",
    parameters: [idempotencyKey],
    body: { schema: InstitutionInput, example: exampleInstitutionInput },
    responses: {
      201: { description: "Registered.", schema: InstitutionJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The name is taken for the kind (`name`) or the credit code is taken (`uscc`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  }
]

/** The operations of the first areas; `all-operations.ts` adds those of the other areas. */
export const baseOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/targets",
    operationId: "listTargetProgress",
    tag: "targets",
    summary: "Target progress · 目标进度",
    description:
      "Every policy target with its value over the period containing `asOf` (calendar-year targets use " +
      "that year, fixed targets their own period; the value counts up to `asOf` or the period's end), " +
      "the pace needed per month and a projection at the last 12 months' run rate.",
    permission: "targets.read",
    parameters: [
      {
        name: "asOf",
        in: "query",
        description: "The day to measure at; default today in Asia/Shanghai.",
        schema: BusinessDate,
        example: "2025-06-30"
      }
    ],
    responses: {
      200: { description: "All targets, in display order.", schema: TargetListJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/targets",
    operationId: "createTarget",
    tag: "targets",
    summary: "Create a target · 新增目标",
    description:
      "Decodes the body with the core's `TargetInput`: money targets take `target` as a decimal string of " +
      "yuan, count targets a whole number; `periodStart`/`periodEnd` only (and both) for `periodKind` " +
      "`fixed`. Unknown fields are rejected.",
    permission: "targets.write",
    parameters: [idempotencyKey],
    body: { schema: TargetInput, example: exampleTargetInput },
    responses: {
      201: {
        description: "Created.",
        schema: TargetJson,
        headers: { Location: "The target's URL, `/api/v1/targets/{key}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "A target with this key exists (`errors[0].field` is `key`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/targets/{key}",
    operationId: "getTarget",
    tag: "targets",
    summary: "Get a target's definition · 查看目标",
    description: "The definition only; its progress is in `GET /api/v1/targets`.",
    permission: "targets.read",
    parameters: [targetKeyParameter],
    responses: {
      200: { description: "The target.", schema: TargetJson },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No target has this key." }
    }
  },
  {
    method: "patch",
    path: "/api/v1/targets/{key}",
    operationId: "updateTarget",
    tag: "targets",
    summary: "Change a target · 修改目标",
    description:
      "Changes the fields given (the core's `TargetPatch`); the key never changes. The changed target is " +
      "checked as a whole: a new `unit` needs a new `target`, `fixed` needs both period days.",
    permission: "targets.write",
    parameters: [targetKeyParameter, idempotencyKey],
    body: { schema: TargetPatch, example: { target: "3000000000.00" } },
    responses: {
      200: { description: "The changed target.", schema: TargetJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No target has this key." },
      409: { description: "The idempotency key was used for a different body." },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  ...fundOperations,
  ...registryOperations
]
