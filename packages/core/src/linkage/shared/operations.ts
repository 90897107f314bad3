import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { toWire } from "../../money/index.js"
import { Money } from "../../money/wire.js"
import { operation } from "../../operations/operation.js"
import { BusinessDate } from "../../time/index.js"
import { conflictOr, linkageBase, linkageList, linkageWrite, PageFields, pageParameters } from "../declare.js"
import { exampleLinkageBodies as b, exampleSummary } from "../examples.js"
import {
  type LinkageEvent,
  type LinkageRecent,
  type LinkageReversal,
  LinkageReversalInput,
  type LinkageSummary,
  linkageEventToJson,
  linkageReversalToJson,
  linkageSummaryToJson,
  Pilot,
  RecordKind
} from "../schema.js"
import {
  LinkageEventJson,
  LinkageListFilters,
  LinkageReversalJson,
  LinkageReversalPageJson,
  LinkageSummaryJson
} from "../wire.js"

// What the pilots share, declared once: the reversal of a record of any kind (facade
// `kejin.linkage.reverse(kind, id, reason)`, route `POST /api/v1/linkage/reversals`), the list of
// reversals, each pilot's figures for a period (`summary`), and two reads of the facade alone: the latest
// records across kinds (`recent`, the dashboard's panel) and an enterprise's finance journey across the
// pilots (`eventsOf`). ./service.ts runs them.

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

export const listReversals = linkageList({
  name: "linkage.reversals",
  input: Schema.Struct(PageFields),
  output: LinkageReversalPageJson,
  toJson: (r: LinkageReversal) => linkageReversalToJson(r),
  summary: { en: "List reversals", zh: "联动冲销记录" },
  description: "Every linkage reversal, oldest first.",
  path: "/reversals",
  operationId: "listLinkageReversals",
  query: pageParameters
})

/**
 * The period of the figures: dates as text (the read checks them, naming each), either bound optional (see
 * ./module.ts for the defaults).
 */
export const SummaryInput = Schema.Struct({
  from: Schema.optional(Schema.String),
  to: Schema.optional(Schema.String)
})

export const summary = operation({
  name: "linkage.summary",
  write: false,
  // The dashboard's pilots table: `GET /api/v1/linkage/summary/export.csv|xlsx`.
  exportTable: "pilots",
  permission: "dashboard.read",
  input: SummaryInput,
  output: LinkageSummaryJson,
  toJson: (s: LinkageSummary) => linkageSummaryToJson(s),
  summary: { en: "Linkage pilot figures", zh: "联动试点汇总" },
  description:
    "Each pilot's figures for a period, both days inclusive, from live records dated in it: 投贷联动 loans " +
    "and 认股权 exercises/exits, 科创指数贷 loans and scores, 投保联动 and 转化保险 policies, claims and " +
    "二次救济 paid, 投投联动 links (each lead investment counted once), 风险补偿, 贴息, 科技创新债券, and every " +
    "live pool's opening balance, deposits, payouts and closing balance. Default period: the current " +
    "calendar year in Asia/Shanghai; one bound alone stands for its calendar year's other bound. `to` " +
    "before `from` is a 400 naming `to`.",
  http: {
    method: "get",
    path: `${linkageBase}/summary`,
    operationId: "getLinkageSummary",
    tag: "linkage",
    query: [
      {
        name: "from",
        description: "First day (default: 1 January of the year of `to`, or of today).",
        schema: LinkageListFilters.from,
        example: "2025-01-01"
      },
      {
        name: "to",
        description: "Last day (default: 31 December of the year of `from`, or of today).",
        schema: LinkageListFilters.to,
        example: "2025-12-31"
      }
    ],
    ok: { description: "The figures.", example: linkageSummaryToJson(exampleSummary) }
  }
})

/** The latest records across kinds: dated on or before `to`, `limit` 1–100 (default 10); the read checks both. */
export const RecentInput = Schema.Struct({
  to: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.Number)
})

/**
 * A line of the latest records as the dashboard lists it: whom the record concerns (an enterprise, else
 * what it insures or who issued it), its headline amount (loan, sum insured, pool payout, follow-on,
 * subsidy, bond) and its counterparty (bank, insurer, paying pool, follower, payer). A fund is named by its
 * code (an insured fund, a sub-fund following on).
 */
export interface RecentFigures {
  readonly pilot: Pilot
  readonly enterprise: { readonly uscc: string; readonly name: string } | null
  readonly subject: string | null
  readonly amount: Decimal
  readonly counterparty: string | null
}

const enterpriseOf = (e: { readonly uscc: string; readonly name: string } | null) =>
  e === null ? null : { uscc: e.uscc, name: e.name }

/** What a record of the latest records concerns, its amount and its counterparty. */
export const recentFiguresOf = (entry: LinkageRecent): RecentFigures => {
  switch (entry.kind) {
    case "loan": {
      const loan = entry.record
      return {
        pilot: loan.pilot,
        enterprise: enterpriseOf(loan.enterprise),
        subject: null,
        amount: loan.amount,
        counterparty: loan.bank.name
      }
    }
    case "policy": {
      const policy = entry.record
      return {
        pilot: policy.pilot,
        enterprise: enterpriseOf(policy.enterprise),
        subject: policy.insuredFund ?? policy.fund,
        amount: policy.sumInsured,
        counterparty: policy.insurer.name
      }
    }
    case "claim": {
      const claim = entry.record
      return {
        pilot: claim.kind,
        enterprise: enterpriseOf(claim.enterprise),
        subject: null,
        amount: claim.payout,
        counterparty: claim.pool === null ? (claim.bank?.name ?? null) : (entry.poolName ?? claim.pool)
      }
    }
    case "co-investment": {
      const link = entry.record
      return {
        pilot: "co-investment",
        enterprise: enterpriseOf(link.enterprise),
        subject: null,
        amount: link.amount,
        counterparty: link.investor
      }
    }
    case "subsidy": {
      const subsidy = entry.record
      return {
        pilot: "interest-subsidy",
        enterprise: enterpriseOf(subsidy.enterprise),
        subject: null,
        amount: subsidy.amount,
        counterparty: subsidy.payer
      }
    }
    case "bond": {
      const { issuer, amount } = entry.record
      return {
        pilot: "bonds",
        enterprise:
          issuer.kind === "enterprise" && issuer.uscc !== null
            ? { uscc: issuer.uscc, name: issuer.name }
            : null,
        subject: issuer.name,
        amount,
        counterparty: null
      }
    }
  }
}

const RecentRowJson = Schema.Struct({
  on: BusinessDate,
  kind: RecordKind,
  id: Schema.Int,
  pilot: Pilot,
  enterprise: Schema.NullOr(Schema.Struct({ uscc: Schema.String, name: Schema.String })),
  subject: Schema.NullOr(Schema.String),
  amount: Money,
  counterparty: Schema.NullOr(Schema.String)
}).annotate({ identifier: "LinkageRecentRecord" })

/** A line of the latest records on the wire: the record's date, kind and id, then its figures. */
const recentRowToJson = (entry: LinkageRecent) => {
  const figures = recentFiguresOf(entry)
  return { on: entry.on, kind: entry.kind, id: entry.record.id, ...figures, amount: toWire(figures.amount) }
}

export const recent = operation({
  name: "linkage.recent",
  write: false,
  permission: "dashboard.read",
  // The dashboard's latest-records table: `GET /api/v1/linkage/recent/export.csv|xlsx`.
  exportTable: "records",
  input: RecentInput,
  output: Schema.Struct({ records: Schema.Array(RecentRowJson) }).annotate({
    identifier: "LinkageRecentRecords"
  }),
  toJson: (rs: ReadonlyArray<LinkageRecent>) => ({ records: rs.map(recentRowToJson) }),
  summary: { en: "Latest linkage records", zh: "最新联动记录" },
  description:
    "The latest `limit` (1–100, default 10) live loans, policies, claims, co-investments, subsidies and " +
    "bonds dated on or before `to`, newest first (the later write first on a day), in one query: each " +
    "with whom it concerns, its headline amount (loan, sum insured, pool payout, follow-on, subsidy, bond) " +
    "and its counterparty.",
  http: {
    method: "get",
    path: `${linkageBase}/recent`,
    operationId: "getLinkageRecent",
    tag: "linkage",
    query: [
      {
        name: "to",
        description: "Dated on or before this day (default: every date).",
        schema: LinkageListFilters.to,
        example: "2025-12-31"
      },
      { name: "limit", description: "How many, 1 to 100 (default 10).", example: 10 }
    ],
    ok: { description: "The latest records." }
  }
})

/** An enterprise by its credit code (a text that is none names no enterprise) and whether reversed records count. */
export const EventsInput = Schema.Struct({
  uscc: Schema.String,
  includeReversed: Schema.optional(Schema.Boolean)
})

export const eventsOf = operation({
  name: "linkage.eventsOf",
  write: false,
  permission: "dashboard.read",
  input: EventsInput,
  output: Schema.Array(LinkageEventJson),
  toJson: (es: ReadonlyArray<LinkageEvent>) => es.map(linkageEventToJson),
  summary: { en: "An enterprise's linkage events", zh: "企业联动旅程" },
  description:
    "The enterprise's finance journey across the pilots, oldest first: live records unless " +
    "`includeReversed`; a credit code no enterprise has is a NotFoundError."
})
