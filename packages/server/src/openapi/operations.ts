import {
  BusinessDate,
  CallInput,
  Decimal,
  decodeOptions,
  ExitInput,
  exampleEnterpriseInput,
  exampleInstitutionInput,
  exampleTargetInput,
  type Fund,
  type FundEntry,
  FundInput,
  type FundInputJson,
  fundEntryToJson,
  fundToJson,
  type Permission,
  type Pledge,
  PledgeInput,
  type PledgeInputJson,
  pledgeToJson,
  ValuationInput,
  validationErrorFromIssue
} from "@kejin/core"
import { Result, Schema } from "effect"
import { problemFromError } from "../problem.js"
import { exampleUscc } from "./compile.js"
import { pledgeListExtraParameters } from "./pledge-schemas.js"
import {
  CityFundKpisJson,
  CommitmentBody,
  DealGrouping,
  DealGroupsJson,
  DistributionBody,
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
  InvestmentBody,
  LedgerFilters,
  LedgerPageJson,
  Limit,
  NavBody,
  Offset,
  PledgeFilters,
  PledgeId,
  PledgeJson,
  PledgePageJson,
  ReversalBody
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

/** The contract's sample body (ARCHITECTURE.md), with a valid code. */
export const examplePledgeInput: PledgeInputJson = {
  registrationNo: "Y2025330000123",
  pledgor: { uscc: exampleUscc, name: "温州瓯江光电科技有限公司", district: "330302" },
  pledgee: { name: "温州银行" },
  patents: ["ZL201710601862.3"],
  amount: "25000000.00",
  registeredOn: "2025-03-14"
}

// Examples come from the real code: the decoder, `pledgeToJson`, `problemFromError`.
const decodedExample = Schema.decodeUnknownSync(PledgeInput)(examplePledgeInput, decodeOptions)
const examplePledge: Pledge = { ...decodedExample, id: 1, journalSeq: 1, reversed: false }
const invalidExample = Schema.decodeUnknownResult(PledgeInput)(
  { ...examplePledgeInput, amount: "0", registeredOn: "2025-02-29" },
  decodeOptions
)
const validationProblemExample = Result.isFailure(invalidExample)
  ? problemFromError(validationErrorFromIssue(invalidExample.failure.issue))
  : undefined

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

const pledgeIdParameter: Parameter = {
  name: "id",
  in: "path",
  description: "The pledge's id.",
  schema: PledgeId,
  example: 1
}

export const problems = {
  badJson: { description: "The body is not valid JSON." },
  badQuery: { description: "An unknown, repeated or invalid query parameter (`errors` names it)." },
  unauthorized: { description: "No credentials, or an unknown or revoked token." },
  forbidden: {
    description: "The role lacks the permission, or (cookie sessions) the request failed the CSRF check."
  },
  notFound: { description: "No pledge has this id." },
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

/** The document's example target (from the core, where the declaration uses it). */
export { exampleTargetInput }

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

/** The registry's examples (from the core, where the declarations use them). */
export { exampleEnterpriseInput, exampleInstitutionInput }

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

/** The operations of the first areas; `all-operations.ts` adds those of the other areas. */
export const baseOperations: ReadonlyArray<Operation> = [
  {
    method: "post",
    path: "/api/v1/pledges",
    operationId: "recordPledge",
    tag: "pledges",
    summary: "Record a patent pledge loan · 登记专利质押融资",
    description:
      "Decodes the body with the core's `PledgeInput` (every invalid field is reported, unknown fields are " +
      "rejected) and records the pledge and its journal entry in one transaction.",
    permission: "pledges.write",
    parameters: [idempotencyKey],
    body: { schema: PledgeInput, example: examplePledgeInput },
    responses: {
      201: {
        description: "Recorded (or the first result again, for a repeated idempotency key).",
        schema: PledgeJson,
        example: pledgeToJson(examplePledge),
        headers: { Location: "The record's URL, `/api/v1/pledges/{id}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The registration number is held by a live registration (`errors[0].field` is `registrationNo`; a reversed " +
          "registration frees its number), or the " +
          "idempotency key was used for a different body or has the wrong length (`Idempotency-Key`)."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: { ...problems.invalid, example: validationProblemExample }
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges",
    operationId: "listPledges",
    tag: "pledges",
    summary: "List pledges · 质押融资列表",
    description: "Live (not reversed) pledges matching every filter given, newest registration first.",
    permission: "pledges.read",
    parameters: [
      { name: "limit", in: "query", description: "Page size, 1 to 500.", schema: Limit },
      { name: "offset", in: "query", description: "Pledges to skip.", schema: Offset },
      {
        name: "from",
        in: "query",
        description: "Registered on or after this date.",
        schema: PledgeFilters.from,
        example: "2025-01-01"
      },
      {
        name: "to",
        in: "query",
        description: "Registered on or before this date.",
        schema: PledgeFilters.to,
        example: "2025-12-31"
      },
      {
        name: "district",
        in: "query",
        description: "The pledgor's district code.",
        schema: PledgeFilters.district,
        example: "330302"
      },
      {
        name: "pledgor",
        in: "query",
        description: "The pledgor's unified social credit code.",
        schema: PledgeFilters.pledgor,
        example: exampleUscc
      },
      ...pledgeListExtraParameters
    ],
    responses: {
      200: { description: "One page.", schema: PledgePageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/{id}",
    operationId: "getPledge",
    tag: "pledges",
    summary: "Get one pledge · 查看质押融资",
    description: "The stored record, reversed or not.",
    permission: "pledges.read",
    parameters: [pledgeIdParameter],
    responses: {
      200: { description: "The record.", schema: PledgeJson, example: pledgeToJson(examplePledge) },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: problems.notFound
    }
  },
  {
    method: "post",
    path: "/api/v1/pledges/{id}/reversal",
    operationId: "reversePledge",
    tag: "pledges",
    summary: "Reverse a pledge · 冲销质押融资",
    description:
      "Marks a recorded pledge as reversed (a correction, journaled like every write); totals and lists " +
      "leave it out from then on. The record itself is kept. The body is `{ reason }` (an `id` in it must " +
      "be the path's); unknown fields are refused (422).",
    permission: "pledges.write",
    parameters: [pledgeIdParameter, idempotencyKey],
    body: { schema: ReversalBody, example: { reason: "登记信息有误，重新登记" } },
    responses: {
      201: {
        description: "Reversed: the record with `reversed: true`.",
        schema: PledgeJson,
        example: pledgeToJson({ ...examplePledge, reversed: true })
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: problems.notFound,
      409: {
        description:
          "Already reversed (`errors[0].field` is `id`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  ...fundOperations
]
