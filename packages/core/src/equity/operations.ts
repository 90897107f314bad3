import type { Decimal } from "decimal.js"
import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"
import { commitmentRef, institutionRef, investmentRef } from "../imports/refs.js"
import { toWire } from "../money/index.js"
import { type OperationSpec, operation } from "../operations/operation.js"
import { ReversalRequest } from "../operations/wire.js"
import { TechCategory } from "../registry/enterprises.js"
import { checkMessage } from "../text/messages.js"
import { BusinessDate } from "../time/index.js"
import { type LpAccounts, type LpStatement, quarterPattern } from "./accounts.js"
import { type ProRataAllocation, type ProRataReversal, proRataToJson } from "./allocation.js"
import {
  exampleCommitmentEntry,
  exampleEntryBodies,
  exampleFund,
  exampleFundInput,
  exampleProRataBodies
} from "./examples.js"
import { FundCashFlowsJson, FundHoldingsJson, fundCashFlowsToJson, fundHoldingsToJson } from "./holdings.js"
import {
  type CapitalFigures,
  CapitalGrouping,
  type CityFundKpis,
  cityFundKpisToJson,
  type DealGroup,
  DealGrouping,
  dealFiguresToJson,
  type FundFigures,
  type FundGroup,
  FundGrouping,
  fundFiguresToJson,
  multipleToWire
} from "./metrics.js"
import {
  type CallEntry,
  CallInput,
  ChainStage,
  type CommitmentEntry,
  CommitmentInput,
  type DistributionEntry,
  DistributionInput,
  EntryReversalInput,
  type ExitEntry,
  ExitInput,
  type Fund,
  FundCode,
  type FundEntry,
  FundInput,
  FundKind,
  FundStatus,
  FundStatusInput,
  fundEntryToJson,
  fundToJson,
  fxAgrees,
  type InvestmentEntry,
  InvestmentInput,
  InvestmentMode,
  type NavEntry,
  NavInput,
  ProRataCallInput,
  ProRataDistributionInput,
  ProRataReversalInput,
  type ReversalEntry,
  type ValuationEntry,
  ValuationInput
} from "./schema.js"
import {
  CapitalJson,
  CityFundKpisJson,
  CommitmentBody,
  DealGroupsJson,
  DistributionBody,
  FundEntryJson,
  FundFiguresJson,
  FundFilters,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  FundStatusBody,
  InvestmentBody,
  LedgerFilters,
  LedgerPageJson,
  LpAccountsJson,
  LpStatementJson,
  NavBody,
  PageLimit,
  PageOffset,
  ProRataAllocationJson,
  ProRataCallBody,
  ProRataDistributionBody,
  ProRataReversalJson
} from "./wire.js"

// The operations on funds, their ledger and their figures (股权投资链条), each declared once: the facade
// (`kejin.funds.*`), the routes under /api/v1 (funds, fund-entries, metrics, city-fund), their permission
// checks and the OpenAPI document are derived from these. The services that run them are ./funds.ts
// (`Funds`) and ./metrics.ts (`FundMetrics`); ./module.ts binds them.

// ---------------------------------------------------------------------------------------------------------
// Inputs of the reads: a query parameter arrives as text; the facade passes the value itself
// ---------------------------------------------------------------------------------------------------------

/** A value given as itself (the facade) or as the text of a query parameter, read by `fromText`. */
const queryValue = <T>(to: Schema.Codec<T, T>, fromText: (text: string) => T | undefined, message: string) =>
  Schema.Unknown.pipe(
    Schema.decodeTo(
      to,
      SchemaTransformation.transformEffect<T, unknown>({
        decode: (raw, options) => {
          const value = typeof raw === "string" ? fromText(raw) : raw
          return value === undefined
            ? Effect.fail(new SchemaIssue.InvalidValue({ message }, raw, options))
            : Effect.succeed(value as T)
        },
        encode: (value) => Effect.succeed(value)
      })
    )
  )

/** A whole number from `min` to `max`, as a number or as its digits. */
const wholeNumber = (min: number, max: number, message: string) =>
  queryValue(
    Schema.Number.check(
      Schema.makeFilter((n: number) => (Number.isSafeInteger(n) && n >= min && n <= max) || message)
    ),
    (text) => (/^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN),
    message
  )

const QueryBoolean = queryValue(
  Schema.Boolean,
  (text) => (text === "true" ? true : text === "false" ? false : undefined),
  checkMessage("query-boolean")
)

/** The page a list answers over HTTP (the facade returns the whole list). */
const page = {
  limit: Schema.optional(wholeNumber(1, 500, checkMessage("whole-number-range", { min: "1", max: "500" }))),
  offset: Schema.optional(
    wholeNumber(0, Number.MAX_SAFE_INTEGER, checkMessage("whole-number-at-least", { min: "0" }))
  )
}

/** A fund's code as a read takes it: any text (a malformed code is a fund nobody has: 404). */
const CodeText = Schema.String

/** What a list read returns: the whole list, and the page of it the route answers. */
export interface Listed<A> {
  readonly all: ReadonlyArray<A>
  readonly limit: number
  readonly offset: number
}

/** `{ items, total, limit, offset }`: the page of a whole list (the core returns funds and ledgers whole). */
const pageOf = <A>(listed: Listed<A>, toJson: (a: A) => unknown) => ({
  items: listed.all.slice(listed.offset, listed.offset + listed.limit).map(toJson),
  total: listed.all.length,
  limit: listed.limit,
  offset: listed.offset
})

export const FundListInput = Schema.Struct({
  ...page,
  kind: Schema.optional(FundKind),
  chainStage: Schema.optional(ChainStage),
  /** The managing institution's id. */
  manager: Schema.optional(wholeNumber(1, Number.MAX_SAFE_INTEGER, checkMessage("whole-number-above-zero"))),
  /** The parent fund's code (its sub-funds). */
  parent: Schema.optional(CodeText),
  /** The fund's latest status. */
  status: Schema.optional(FundStatus)
})

export const LedgerInput = Schema.Struct({
  code: CodeText,
  ...page,
  kind: Schema.optional(LedgerFilters.kind),
  from: Schema.optional(BusinessDate),
  to: Schema.optional(BusinessDate),
  /** Default true: reversed entries and the reversals are history and are listed. */
  includeReversed: Schema.optional(QueryBoolean),
  techCategory: Schema.optional(TechCategory),
  mode: Schema.optional(InvestmentMode),
  /** The LP fund's code (any text: a code no fund has selects nothing). */
  lpFund: Schema.optional(CodeText),
  government: Schema.optional(QueryBoolean),
  local: Schema.optional(QueryBoolean)
})

export const MetricsInput = Schema.Struct({
  /** One fund (the route's path) … */
  fund: Schema.optional(CodeText),
  /** … or several, pooled (the facade's `metrics([codes])`). */
  funds: Schema.optional(Schema.Array(CodeText)),
  asOf: Schema.optional(BusinessDate)
})

// `asOf` before `by`: a query bad in both names them in that order.
export const FundGroupsInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  by: FundGrouping,
  /** Only these funds (codes); default all. The facade's option, not a query parameter. */
  funds: Schema.optional(Schema.Array(CodeText))
})

export const CapitalInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  by: CapitalGrouping,
  funds: Schema.optional(Schema.Array(CodeText))
})

export const DealGroupsInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  by: DealGrouping,
  funds: Schema.optional(Schema.Array(CodeText))
})

export const CityFundInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  /** The yearly direct-investment target; default the stored target `city-fund-direct-investments`, else 5. */
  directTarget: Schema.optional(Schema.Number)
})

/**
 * A call, valuation or exit with the fund it is for, when the caller names it (the route's path does).
 * Rebuilt from the fields, the struct loses the input's own checks: each use puts the foreign-amount one
 * back (`fxAgrees`).
 */
const forFund = <F extends Schema.Struct.Fields>(input: Schema.Struct<F>) =>
  Schema.Struct({ ...input.fields, fund: Schema.optional(FundCode) })

// ---------------------------------------------------------------------------------------------------------
// Documentation pieces
// ---------------------------------------------------------------------------------------------------------

const fundPath = (field: "fund" | "code") =>
  ({
    field,
    kind: "code",
    entity: "fund",
    description: "The fund's code (a lowercase slug).",
    example: "wz-angel-1",
    schema: FundCode
  }) as const

const entryPath = { entity: "fund entry", description: "The ledger entry's id." }

const asOf = {
  name: "asOf",
  description:
    "The day the figures are as of (entries dated on or before it); default today in Asia/Shanghai.",
  example: "2025-12-31",
  schema: BusinessDate
}

const pageQuery = [
  { name: "limit", description: "Page size, 1 to 500.", schema: PageLimit },
  { name: "offset", description: "Items to skip.", schema: PageOffset }
]

const noFund = "No fund has this code."
/** The core's 403 of a fund manager's write outside their scope. */
const notTheirFund = "a fund manager names a fund they do not manage (`actor.funds`)"
const entryLocation = {
  of: (e: FundEntry) => `/api/v1/fund-entries/${e.id}`,
  description: "The entry's URL, `/api/v1/fund-entries/{id}`."
}
const recorded = "Recorded (or the first result again, for a repeated idempotency key)."

const entryOutput = { output: FundEntryJson, toJson: fundEntryToJson } as const

/** The shared part of the entry routes `POST /api/v1/funds/{code}/{path}`. */
const entryRoute = (
  path: keyof typeof exampleEntryBodies,
  operationId: string,
  body: Schema.Top,
  notFound: string
) =>
  ({
    method: "post",
    path: `/api/v1/funds/{code}/${path}`,
    operationId,
    tag: "funds",
    params: { code: fundPath("fund") },
    body: { identifier: operationId, schema: body, example: exampleEntryBodies[path] },
    location: entryLocation,
    notFound,
    forbidden: notTheirFund
  }) as const

const entryDescription = (what: string) =>
  `${what} Decoded with the core's input schema; the fund is the path's (a \`fund\` in the body ` +
  "must name the same fund). A fund manager records only for the funds they manage."

// ---------------------------------------------------------------------------------------------------------
// Funds
// ---------------------------------------------------------------------------------------------------------

export const listFunds = operation({
  name: "funds.list",
  write: false,
  permission: "funds.read",
  input: FundListInput,
  output: FundPageJson,
  toJson: (listed: Listed<Fund>) => pageOf(listed, fundToJson),
  summary: { en: "List funds", zh: "基金列表" },
  description:
    "Every fund matching all the filters given, by code. Every role with `funds.read` sees every fund " +
    "(records and figures are city-wide monitoring); only ledgers are scoped (see `getFundLedger`).",
  http: {
    method: "get",
    path: "/api/v1/funds",
    operationId: "listFunds",
    tag: "funds",
    query: [
      ...pageQuery,
      {
        name: "kind",
        description: "city-fund, sub-fund or chain.",
        example: "sub-fund",
        schema: FundFilters.kind
      },
      {
        name: "chainStage",
        description: "天使 angel, 创投 venture, 产业 industrial, 温商 merchant.",
        example: "angel",
        schema: FundFilters.chainStage
      },
      {
        name: "manager",
        description: "The managing institution's id.",
        example: 1,
        schema: FundFilters.manager
      },
      {
        name: "parent",
        description: "The parent fund's code (its sub-funds).",
        example: "wz-city",
        schema: FundFilters.parent
      },
      {
        name: "status",
        description: "The fund's latest status.",
        example: "raising",
        schema: FundFilters.status
      }
    ],
    ok: { description: "One page." }
  }
})

export const createFund = operation({
  name: "funds.create",
  importKind: "funds",
  importRefs: [institutionRef("manager", "fund-manager")],
  write: true,
  permission: "funds.write",
  input: FundInput,
  output: FundJson,
  toJson: (f: Fund) => fundToJson(f),
  summary: { en: "Create a fund", zh: "新设基金" },
  description:
    "Decodes the body with the core's `FundInput`: a chain fund needs its chain stage, a sub-fund its " +
    "parent; `manager` is the id of an institution of kind fund-manager. A fund manager may create only " +
    "a fund whose code is in their scope.",
  http: {
    method: "post",
    path: "/api/v1/funds",
    operationId: "createFund",
    tag: "funds",
    body: { identifier: "FundInput", schema: FundInput, example: exampleFundInput },
    ok: { description: "Created.", example: fundToJson(exampleFund) },
    location: {
      of: (f: Fund) => `/api/v1/funds/${f.code}`,
      description: "The fund's URL, `/api/v1/funds/{code}`."
    },
    forbidden: notTheirFund,
    conflict:
      "A fund with this code exists (`errors[0].field` is `code`), or the idempotency key was used for a different body."
  }
})

export const getFund = operation({
  name: "funds.get",
  write: false,
  permission: "funds.read",
  input: Schema.Struct({ code: CodeText }),
  output: FundJson,
  toJson: (f: Fund) => fundToJson(f),
  summary: { en: "Get a fund", zh: "查看基金" },
  description: "The fund's record with its latest status.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}",
    operationId: "getFund",
    tag: "funds",
    params: { code: fundPath("code") },
    ok: { description: "The fund.", example: fundToJson(exampleFund) },
    notFound: noFund
  }
})

export const setFundStatus = operation({
  name: "funds.setStatus",
  write: true,
  permission: "funds.write",
  input: FundStatusInput,
  output: FundJson,
  toJson: (f: Fund) => fundToJson(f),
  summary: { en: "Set a fund's status", zh: "基金状态" },
  description:
    "The fund has `status` (raising, investing, harvesting, closed) from `on` on; the history is kept.",
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/status",
    operationId: "setFundStatus",
    tag: "funds",
    params: { code: fundPath("fund") },
    body: {
      identifier: "FundStatusRequest",
      schema: FundStatusBody,
      example: { status: "investing", on: "2025-03-01" }
    },
    ok: { description: "The fund with its latest status." },
    notFound: noFund,
    forbidden: notTheirFund
  }
})

export const fundMetrics = operation({
  name: "funds.metrics",
  write: false,
  permission: "funds.read",
  input: MetricsInput,
  output: FundFiguresJson,
  toJson: (f: FundFigures) => fundFiguresToJson(f),
  summary: { en: "Fund figures", zh: "基金业绩指标" },
  description:
    "Committed, paid-in, unfunded, called %, distributions, NAV, DPI = D / PI, RVPI = NAV / PI, TVPI = " +
    "(D + NAV) / PI, gross MOIC, net IRR (XIRR of calls, distributions and the NAV on asOf) and gross IRR " +
    "(investments, exit proceeds, fair value on asOf), from live entries dated on or before `asOf`. A " +
    "figure that cannot be computed is null (an IRR says why) and `notes` explains. Readable for every " +
    "fund by every role with `funds.read`.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/metrics",
    operationId: "getFundMetrics",
    tag: "funds",
    params: { code: fundPath("fund") },
    query: [asOf],
    ok: { description: "The figures." },
    notFound: noFund
  }
})

export const fundLedger = operation({
  name: "funds.ledger",
  write: false,
  permission: "funds.read",
  input: LedgerInput,
  output: LedgerPageJson,
  toJson: (listed: Listed<FundEntry>) => pageOf(listed, fundEntryToJson),
  summary: { en: "A fund's ledger", zh: "基金台账" },
  description:
    "The fund's entries, oldest first (by date, then id), reversed ones and reversals included unless " +
    "`includeReversed=false`. The page is cut from the whole ledger by the server. A fund manager reads " +
    "only the ledgers of the funds they manage (403 for any other code, whether it exists or not); " +
    "admins, bureau staff and viewers read every ledger.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/ledger",
    operationId: "getFundLedger",
    tag: "funds",
    params: { code: fundPath("code") },
    query: [
      ...pageQuery,
      { name: "kind", description: "One kind of entry.", example: "call", schema: LedgerFilters.kind },
      { name: "from", description: "Dated on or after.", example: "2025-01-01", schema: LedgerFilters.from },
      { name: "to", description: "Dated on or before.", example: "2025-12-31", schema: LedgerFilters.to },
      {
        name: "includeReversed",
        description: "`false` leaves out reversed entries and the reversals (default `true`).",
        example: true,
        schema: LedgerFilters.includeReversed
      },
      // The filters behind the city fund's figures (drill-down): each selects the entries one figure adds up.
      {
        name: "techCategory",
        description:
          "Investments in this tech category (key-generic, frontier, engineering, disruptive, other): a row of the city fund's direct investments by category.",
        example: "frontier",
        schema: TechCategory
      },
      {
        name: "mode",
        description: "Investments made this way: `direct` (直投) or `via-sub-fund`.",
        example: "direct",
        schema: InvestmentMode
      },
      {
        name: "lpFund",
        description:
          "Commitments whose LP is this fund (its code): what a city fund committed to a sub-fund.",
        example: "wz-city",
        schema: CodeText
      },
      {
        name: "government",
        description:
          "`true`: commitments of government money (fiscal and state-owned LPs), a sub-fund's government figure; `false`: of the other LP types.",
        example: true,
        schema: Schema.Boolean
      },
      {
        name: "local",
        description:
          "`true`: investments in enterprises registered in Wenzhou on the investment date (返投, a sub-fund's invested locally); `false`: elsewhere.",
        example: true,
        schema: Schema.Boolean
      }
    ],
    ok: { description: "One page of entries." },
    notFound: noFund,
    forbidden: "a fund manager asked for a fund they do not manage"
  }
})

// ---------------------------------------------------------------------------------------------------------
// Ledger entries
// ---------------------------------------------------------------------------------------------------------

export const recordCommitment = operation({
  name: "funds.commit",
  importKind: "commitments",
  write: true,
  permission: "funds.write",
  input: CommitmentInput,
  ...entryOutput,
  toJson: (e: CommitmentEntry) => fundEntryToJson(e),
  summary: { en: "Record a commitment", zh: "认缴" },
  description: entryDescription(
    "An LP's commitment: name the LP (`lpName`), or the fund that is the LP (`lpFund`), or both."
  ),
  http: {
    ...entryRoute("commitments", "recordCommitment", CommitmentBody, noFund),
    ok: { description: recorded, example: fundEntryToJson(exampleCommitmentEntry) }
  }
})

export const recordCall = operation({
  name: "funds.call",
  importKind: "calls",
  importRefs: [commitmentRef],
  write: true,
  permission: "funds.write",
  input: forFund(CallInput).check(fxAgrees("amount")),
  ...entryOutput,
  toJson: (e: CallEntry) => fundEntryToJson(e),
  summary: { en: "Record a capital call", zh: "实缴" },
  description: entryDescription(
    "Paid in against one commitment of this fund, dated on or after it; at most its unfunded amount " +
      "(else 422 naming `amount`)."
  ),
  http: {
    ...entryRoute(
      "calls",
      "recordCall",
      CallInput,
      "No fund has this code, or no commitment has the id given."
    ),
    ok: { description: recorded }
  }
})

export const recordDistribution = operation({
  name: "funds.distribute",
  importKind: "distributions",
  write: true,
  permission: "funds.write",
  input: DistributionInput,
  ...entryOutput,
  toJson: (e: DistributionEntry) => fundEntryToJson(e),
  summary: { en: "Record a distribution", zh: "分配" },
  description: entryDescription("A distribution to the LPs: return of capital, gain or dividend."),
  http: {
    ...entryRoute("distributions", "recordDistribution", DistributionBody, noFund),
    ok: { description: recorded }
  }
})

const proRataRule =
  "Shared to the fen: exact shares by weight; then ⌊share⌋ fen each and the fen left over one each to the " +
  "largest remainders, ties to the earlier commitment (date, then id), so the lines add up to the amount " +
  "exactly. One transaction, one journal entry (`journalSeq`), one ledger entry per line above 0.00, each " +
  "naming its commitment (reverse them all with `reverseProRataAllocation`, or a line alone like any entry)."

export const recordProRataCall = operation({
  name: "funds.callProRata",
  write: true,
  permission: "funds.write",
  input: ProRataCallInput,
  output: ProRataAllocationJson,
  toJson: (a: ProRataAllocation) => proRataToJson(a),
  summary: { en: "Pro-rata capital call", zh: "按比例实缴" },
  description: entryDescription(
    "One capital call across every live commitment of the fund dated on or before `on`, in proportion " +
      "to the commitments; a commitment's share is at most its uncalled amount (the excess is shared again " +
      "among the others); an amount above the fund's uncalled total is refused (422 naming `amount`, with " +
      `the total). ${proRataRule}`
  ),
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/pro-rata-calls",
    operationId: "recordProRataCall",
    tag: "funds",
    params: { code: fundPath("fund") },
    body: { identifier: "ProRataCallRequest", schema: ProRataCallBody, example: exampleProRataBodies.calls },
    ok: { description: recorded },
    notFound: noFund,
    forbidden: notTheirFund
  }
})

export const recordProRataDistribution = operation({
  name: "funds.distributeProRata",
  write: true,
  permission: "funds.write",
  input: ProRataDistributionInput,
  output: ProRataAllocationJson,
  toJson: (a: ProRataAllocation) => proRataToJson(a),
  summary: { en: "Pro-rata distribution", zh: "按比例分配" },
  description: entryDescription(
    "One distribution across every live commitment of the fund dated on or before `on`, in proportion " +
      "to the commitments (`basis` `commitment`, the default) or to the paid-in capital on `on` (`paid-in`). " +
      proRataRule
  ),
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/pro-rata-distributions",
    operationId: "recordProRataDistribution",
    tag: "funds",
    params: { code: fundPath("fund") },
    body: {
      identifier: "ProRataDistributionRequest",
      schema: ProRataDistributionBody,
      example: exampleProRataBodies.distributions
    },
    ok: { description: recorded },
    notFound: noFund,
    forbidden: notTheirFund
  }
})

export const reverseProRataAllocation = operation({
  name: "funds.reverseProRata",
  write: true,
  permission: "funds.write",
  input: ProRataReversalInput,
  output: ProRataReversalJson,
  toJson: (r: ProRataReversal) => ({
    fund: r.fund,
    journalSeq: r.journalSeq,
    reversals: r.reversals.map(fundEntryToJson)
  }),
  summary: { en: "Reverse a pro-rata call or distribution", zh: "冲销按比例实缴或分配" },
  description:
    "Takes every line of one pro-rata call or distribution (the ledger entries its journal entry " +
    "`journalSeq` recorded) out of every figure in one write: a reversal entry per line, dated today, under " +
    "one journal entry. Refused whole (409 naming `journalSeq`) when a line was reversed already; a line " +
    "can still be reversed alone as any entry.",
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/pro-rata/{journalSeq}/reversal",
    operationId: "reverseProRataAllocation",
    tag: "funds",
    params: {
      code: fundPath("fund"),
      journalSeq: {
        entity: "pro-rata allocation",
        description: "The journal entry of the pro-rata call or distribution (its answer's `journalSeq`)."
      }
    },
    body: {
      identifier: "ReversalRequest",
      schema: ReversalRequest,
      example: { reason: "比例录入错误，重新登记" }
    },
    ok: { description: "The reversal entries." },
    notFound:
      "No fund has this code, or no pro-rata call or distribution of the fund has this journal entry.",
    forbidden: notTheirFund,
    conflict:
      "A line was reversed already (`errors[0].field` is `journalSeq`), or the idempotency key was used for a different body."
  }
})

export const recordNavMark = operation({
  name: "funds.mark",
  importKind: "marks",
  write: true,
  permission: "funds.write",
  input: NavInput,
  ...entryOutput,
  toJson: (e: NavEntry) => fundEntryToJson(e),
  summary: { en: "Record a NAV mark", zh: "净值" },
  description: entryDescription(
    "The fund's net asset value on a date (the latest on or before asOf counts)."
  ),
  http: { ...entryRoute("marks", "recordNavMark", NavBody, noFund), ok: { description: recorded } }
})

export const recordInvestment = operation({
  name: "funds.invest",
  importKind: "investments",
  write: true,
  permission: "funds.write",
  input: InvestmentInput,
  ...entryOutput,
  toJson: (e: InvestmentEntry) => fundEntryToJson(e),
  summary: { en: "Record an investment", zh: "投资" },
  description: entryDescription(
    "An investment in an enterprise of the registry (add it with `POST /api/v1/enterprises` first). " +
      "`local` is never input: it follows from the enterprise's district on the investment date."
  ),
  http: {
    ...entryRoute("investments", "recordInvestment", InvestmentBody, noFund),
    ok: { description: recorded }
  }
})

export const recordValuation = operation({
  name: "funds.value",
  importKind: "valuations",
  importRefs: [investmentRef],
  write: true,
  permission: "funds.write",
  input: forFund(ValuationInput).check(fxAgrees("fairValue")),
  ...entryOutput,
  toJson: (e: ValuationEntry) => fundEntryToJson(e),
  summary: { en: "Record a valuation", zh: "估值" },
  description: entryDescription(
    "The fair value of what remains of one investment of this fund, on or after its date."
  ),
  http: {
    ...entryRoute(
      "valuations",
      "recordValuation",
      ValuationInput,
      "No fund has this code, or no investment has the id given."
    ),
    ok: { description: recorded }
  }
})

export const recordExit = operation({
  name: "funds.exit",
  importKind: "exits",
  importRefs: [investmentRef],
  write: true,
  permission: "funds.write",
  input: forFund(ExitInput).check(fxAgrees("proceeds")),
  ...entryOutput,
  toJson: (e: ExitEntry) => fundEntryToJson(e),
  summary: { en: "Record an exit", zh: "退出" },
  description: entryDescription(
    "Proceeds from one investment of this fund; `costBasis` (default: all the remaining cost) is at most " +
      "the remaining cost; proceeds above it are the gain. A write-off has proceeds 0.00."
  ),
  http: {
    ...entryRoute(
      "exits",
      "recordExit",
      ExitInput,
      "No fund has this code, or no investment has the id given."
    ),
    ok: { description: recorded }
  }
})

export const getFundEntry = operation({
  name: "funds.entry",
  write: false,
  permission: "funds.read",
  input: Schema.Struct({ id: Schema.Int.check(Schema.isGreaterThan(0)) }),
  ...entryOutput,
  toJson: (e: FundEntry) => fundEntryToJson(e),
  summary: { en: "Get a ledger entry", zh: "查看台账条目" },
  description: "One entry, reversed or not. A fund manager reads only entries of the funds they manage.",
  http: {
    method: "get",
    path: "/api/v1/fund-entries/{id}",
    operationId: "getFundEntry",
    tag: "funds",
    params: { id: entryPath },
    ok: { description: "The entry.", example: fundEntryToJson(exampleCommitmentEntry) },
    notFound: "No entry has this id.",
    forbidden: "the entry is of a fund the fund manager does not manage"
  }
})

export const reverseFundEntry = operation({
  name: "funds.reverse",
  write: true,
  permission: "funds.write",
  input: EntryReversalInput,
  ...entryOutput,
  toJson: (e: ReversalEntry) => fundEntryToJson(e),
  summary: { en: "Reverse a ledger entry", zh: "冲销台账条目" },
  description:
    "Takes the entry out of every figure; it stays in the ledger with `reversed: true` and the reversal, " +
    "dated today, is a new entry. A commitment with live calls, or an investment with live valuations or " +
    "exits, is reversed only after them (422 naming `id`). Refused too (422 `id`, naming the entry and the " +
    "rule) when the ledger after it would break a rule: invested cost above the live commitments on some " +
    "day, or a live linkage record naming the entry. A reversal is final.",
  http: {
    method: "post",
    path: "/api/v1/fund-entries/{id}/reversal",
    operationId: "reverseFundEntry",
    tag: "funds",
    params: { id: entryPath },
    body: {
      identifier: "ReversalRequest",
      schema: ReversalRequest,
      example: { reason: "金额录入错误，重新登记" }
    },
    ok: { description: "The reversal entry." },
    location: entryLocation,
    notFound: "No entry has this id.",
    forbidden: notTheirFund,
    conflict:
      "Already reversed (`errors[0].field` is `id`), or the idempotency key was used for a different body."
  }
})

// ---------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------

/** Groups of figures as of a day: what `funds.groups` and `funds.deals` return (the facade: the groups). */
export interface Grouped<G, Group> {
  readonly asOf: string
  readonly by: G
  readonly groups: ReadonlyArray<Group>
}

export const fundGroups = operation({
  name: "funds.groups",
  write: false,
  exportTable: "groups",
  permission: "funds.read",
  input: FundGroupsInput,
  output: FundGroupsJson,
  toJson: (g: Grouped<FundGrouping, FundGroup>) => ({
    asOf: g.asOf,
    by: g.by,
    groups: g.groups.map((x) => ({ key: x.key, label: x.label, figures: fundFiguresToJson(x.figures) }))
  }),
  summary: { en: "Figures by group", zh: "分组业绩" },
  description:
    "Fund-level figures per fund, chain stage, manager or kind, each group's members pooled (sums; IRRs " +
    "of the pooled flows), in key order. A group holding a fund of funds and its sub-funds counts the money " +
    "passed down twice: see `getCityFundKpis` for the programme seen through.",
  http: {
    method: "get",
    path: "/api/v1/metrics/groups",
    operationId: "getFundGroups",
    tag: "funds",
    query: [
      {
        name: "by",
        required: true,
        description: "fund, chainStage, manager or kind.",
        example: "chainStage",
        schema: FundGrouping
      },
      asOf
    ],
    ok: { description: "The groups." }
  }
})

export const dealGroups = operation({
  name: "funds.deals",
  write: false,
  permission: "funds.read",
  input: DealGroupsInput,
  output: DealGroupsJson,
  toJson: (g: Grouped<DealGrouping, DealGroup>) => ({
    asOf: g.asOf,
    by: g.by,
    groups: g.groups.map((x) => ({ key: x.key, label: x.label, figures: dealFiguresToJson(x.figures) }))
  }),
  summary: { en: "Investments by group", zh: "投资项目分组" },
  description:
    "Investment-level figures (count, invested, proceeds, fair value, MOIC, gross IRR) per district (the " +
    "enterprise's on the investment date), tech category, local flag, fund, or all together.",
  http: {
    method: "get",
    path: "/api/v1/metrics/deals",
    operationId: "getDealGroups",
    tag: "funds",
    query: [
      {
        name: "by",
        required: true,
        description: "district, techCategory, local, fund or all.",
        example: "techCategory",
        schema: DealGrouping
      },
      asOf
    ],
    ok: { description: "The groups." }
  }
})

/** Committed capital grouped as of a day: what `funds.capital` returns. */
export interface CapitalGrouped {
  readonly asOf: string
  readonly by: CapitalGrouping
  readonly figures: CapitalFigures
}

export const fundCapital = operation({
  name: "funds.capital",
  write: false,
  exportTable: "groups",
  permission: "funds.read",
  input: CapitalInput,
  output: CapitalJson,
  toJson: (c: CapitalGrouped) => ({
    asOf: c.asOf,
    by: c.by,
    groups: c.figures.groups.map((g) => ({
      key: g.key,
      label: g.label,
      committed: toWire(g.committed),
      commitments: g.commitments
    })),
    committed: toWire(c.figures.committed),
    internal: toWire(c.figures.internal),
    merchantReturned: toWire(c.figures.merchantReturned)
  }),
  summary: { en: "Committed capital by origin or LP type", zh: "认缴资金来源分布" },
  description:
    "Live commitments as of `asOf` grouped by the receiving fund's origin (national, central SOE, foreign, " +
    "local: the funds the plan asks to bring to Wenzhou) or by the LP's type (fiscal, state-owned, private, " +
    "温商 …). Seen through: a commitment by one fund of the set to another (the city fund's money passed " +
    "down to a sub-fund) is counted once, where it came in, and shown apart as `internal`. " +
    "`merchantReturned` is the 温商 capital that came back to Wenzhou: commitments of LP type `merchant` to " +
    "funds registered in a Wenzhou district.",
  http: {
    method: "get",
    path: "/api/v1/metrics/capital",
    operationId: "getFundCapital",
    tag: "funds",
    query: [
      {
        name: "by",
        required: true,
        description: "origin or lpType.",
        example: "origin",
        schema: CapitalGrouping
      },
      asOf
    ],
    ok: { description: "The groups, their total, the internal commitments left out and the 温商 figure." }
  }
})

/** A calendar quarter as `2025Q4` (also `2025-Q4`). */
const Quarter = Schema.String.check(
  Schema.makeFilter(
    (text: string) => quarterPattern.test(text.trim()) || 'must be a calendar quarter like "2025Q4"',
    {
      expected: "a calendar quarter like 2025Q4"
    }
  )
)

export const LpAccountsInput = Schema.Struct({
  code: CodeText,
  asOf: Schema.optional(BusinessDate)
})

export const LpStatementInput = Schema.Struct({
  code: CodeText,
  /** A calendar quarter: 2025Q4. */
  quarter: Quarter
})

const money = (d: Decimal | null) => (d === null ? null : toWire(d))

export const lpAccountsToJson = (a: LpAccounts) => ({
  fund: a.fund,
  asOf: a.asOf,
  nav: money(a.nav),
  navDate: a.navDate,
  committed: toWire(a.committed),
  called: toWire(a.called),
  uncalled: toWire(a.uncalled),
  distributed: toWire(a.distributed),
  accounts: a.accounts.map((x) => ({
    commitment: x.commitment,
    lpName: x.lpName,
    lpType: x.lpType,
    lpFund: x.lpFund,
    committedOn: x.committedOn,
    committed: toWire(x.committed),
    called: toWire(x.called),
    uncalled: toWire(x.uncalled),
    distributed: toWire(x.distributed),
    calledShare: multipleToWire(x.calledShare),
    nav: money(x.nav),
    dpi: multipleToWire(x.dpi),
    rvpi: multipleToWire(x.rvpi),
    tvpi: multipleToWire(x.tvpi),
    irr: x.irr
  })),
  notes: a.notes
})

const statementColumnsToJson = (r: LpStatement["total"]) => ({
  committed: toWire(r.committed),
  opening: money(r.opening),
  calls: toWire(r.calls),
  distributions: toWire(r.distributions),
  navChange: money(r.navChange),
  closing: money(r.closing)
})

export const lpStatementToJson = (s: LpStatement) => ({
  fund: s.fund,
  quarter: s.quarter,
  from: s.from,
  to: s.to,
  closingOn: s.closingOn,
  rows: s.rows.map((r) => ({
    commitment: r.commitment,
    lpName: r.lpName,
    lpType: r.lpType,
    lpFund: r.lpFund,
    ...statementColumnsToJson(r)
  })),
  total: statementColumnsToJson(s.total),
  notes: s.notes
})

const lpScope = "a fund manager asked for a fund they do not manage"

/**
 * A read of one fund's table as of a day (`GET /api/v1/funds/{code}/<path>?asOf=`, scoped as its ledger: a
 * fund manager reads only the funds they manage), its table (`exportTable`) exported at
 * `<path>/export.csv|xlsx` as the fund page shows it.
 */
const fundTableRead = <const Name extends string, A>(
  spec: Pick<
    OperationSpec<Name, typeof LpAccountsInput.Type, A>,
    "name" | "output" | "toJson" | "summary" | "description"
  > & {
    readonly exportTable: string
    /** After `/api/v1/funds/{code}/`. */
    readonly path: string
    readonly operationId: string
    /** What the answer is. */
    readonly ok: string
  }
): OperationSpec<Name, typeof LpAccountsInput.Type, A> => {
  const { exportTable, path, operationId, ok, ...declared } = spec
  return operation({
    ...declared,
    write: false,
    exportTable,
    permission: "funds.read",
    input: LpAccountsInput,
    http: {
      method: "get",
      path: `/api/v1/funds/{code}/${path}`,
      operationId,
      tag: "funds",
      params: { code: fundPath("code") },
      query: [asOf],
      ok: { description: ok },
      notFound: noFund,
      forbidden: lpScope
    }
  })
}

export const fundLpAccounts = fundTableRead({
  name: "funds.lpAccounts",
  exportTable: "accounts",
  output: LpAccountsJson,
  toJson: (a: LpAccounts) => lpAccountsToJson(a),
  summary: { en: "LP capital accounts", zh: "出资人资本账户" },
  description:
    "One account per live commitment dated on or before `asOf`: committed, called, uncalled, distributed " +
    "(its lines of pro-rata distributions, plus its part of fund-level distributions by paid-in capital on " +
    "their dates), its share of the NAV rolled forward (by called capital, to the fen), DPI, RVPI, TVPI and " +
    "its IRR (XIRR of its calls, distributions and NAV share on asOf). The accounts add up to the fund. A " +
    "fund manager reads only the accounts of the funds they manage.",
  path: "lp-accounts",
  operationId: "getFundLpAccounts",
  ok: "The accounts."
})

export const fundHoldings = fundTableRead({
  name: "funds.holdings",
  // The fund page's holdings table: `GET /api/v1/funds/{code}/holdings/export.csv|xlsx`.
  exportTable: "holdings",
  output: FundHoldingsJson,
  toJson: fundHoldingsToJson,
  summary: { en: "A fund's holdings", zh: "基金持仓" },
  description:
    "Each live investment dated on or before `asOf`, oldest first: its cost, the cost still held, its fair " +
    "value (the latest live valuation on or before `asOf`, scaled by the cost still held; else the cost), " +
    "its exit proceeds and its MOIC. A fund manager reads only the holdings of the funds they manage.",
  path: "holdings",
  operationId: "getFundHoldings",
  ok: "The holdings."
})

export const fundCashFlows = fundTableRead({
  name: "funds.cashFlows",
  // The fund page's cash-flow table (under its chart): `GET /api/v1/funds/{code}/cash-flows/export.csv|xlsx`.
  exportTable: "rows",
  output: FundCashFlowsJson,
  toJson: fundCashFlowsToJson,
  summary: { en: "A fund's cash flows with its LPs", zh: "基金现金流" },
  description:
    "The live calls (negative) and distributions dated on or before `asOf` per month, or per quarter when " +
    "they span a year or more, from the first one on, with the cumulative net cash flow. A fund manager " +
    "reads only the cash flows of the funds they manage.",
  path: "cash-flows",
  operationId: "getFundCashFlows",
  ok: "The cash flows."
})

export const fundLpStatement = operation({
  name: "funds.lpStatement",
  write: false,
  exportTable: "rows",
  permission: "funds.read",
  input: LpStatementInput,
  output: LpStatementJson,
  toJson: (s: LpStatement) => lpStatementToJson(s),
  summary: { en: "LP statement of a quarter", zh: "出资人季度对账单" },
  description:
    "Per LP: opening balance (its NAV share the day before the quarter), calls and distributions dated in " +
    "the quarter, the NAV change (closing − opening − calls + distributions) and the closing balance (its " +
    "NAV share at the quarter's end, or today while the quarter runs). A balance needs a NAV mark (null and " +
    "a note otherwise). A fund manager reads only the statements of the funds they manage.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/lp-statement",
    operationId: "getFundLpStatement",
    tag: "funds",
    params: { code: fundPath("code") },
    query: [
      {
        name: "quarter",
        required: true,
        description: "A calendar quarter, as 2025Q4.",
        example: "2025Q4",
        schema: Quarter
      }
    ],
    ok: { description: "The statement." },
    notFound: noFund,
    forbidden: lpScope
  }
})

export const cityFundKpis = operation({
  name: "funds.cityFund",
  write: false,
  // The tables the city-fund page shows: the sub-funds (leverage and 返投 per sub-fund), then the direct
  // investments by technology and by project (`export/byTechCategory`, `export/projects`).
  exportTable: ["subFunds", "directInvestments.byTechCategory", "directInvestments.projects"],
  permission: "funds.read",
  input: CityFundInput,
  output: CityFundKpisJson,
  toJson: (k: CityFundKpis) => cityFundKpisToJson(k),
  summary: { en: "City fund KPIs", zh: "市科创基金指标" },
  description:
    "Scale and paid-in of the city fund(s); leverage (财政出资放大倍数) and social-capital multiple of the " +
    "programme seen through (each yuan once) and of each sub-fund; 返投 multiple and completion per " +
    "sub-fund; direct investments (直投) this calendar year by tech category against the yearly target " +
    "(the stored target `city-fund-direct-investments` when it is a yearly count, else 5).",
  http: {
    method: "get",
    path: "/api/v1/city-fund",
    operationId: "getCityFundKpis",
    tag: "funds",
    query: [asOf],
    ok: { description: "The KPIs." }
  }
})
