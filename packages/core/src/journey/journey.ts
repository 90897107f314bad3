import type { Decimal } from "decimal.js"
import { Effect } from "effect"
import { type Actor, canReadFundLedger, systemActor } from "../auth/actor.js"
import { type FieldIssue, NotFoundError, ValidationError } from "../errors.js"
import { Linkage } from "../linkage/linkage.js"
import type { LinkageEventKind } from "../linkage/schema.js"
import { findClaims } from "../linkage/store.js"
import { formatYuan, toWire, Yuan } from "../money/index.js"
import { usccProblem } from "../registry/codes.js"
import { districtOf } from "../registry/districts.js"
import {
  type Enterprise,
  enterpriseToJson,
  findEnterprise,
  findEnterprises,
  isLocalDistrict,
  MAX_ENTERPRISE_QUERY
} from "../registry/enterprises.js"
import { Database } from "../store/database.js"
import { issueAt, say, sayAt, type Told, told } from "../text/messages.js"
import { dateIssue } from "../time/index.js"
import { equityEntriesOf, findUnregisteredPledgors, pledgeRowsOf } from "./store.js"

/** Which part of the core an event comes from. */
export type JourneySource = "equity" | "pledge" | "linkage"

export type EquityJourneyKind = "investment" | "valuation" | "exit"
export type PledgeJourneyKind =
  | "pledge-registered"
  | "pledge-changed"
  | "pledge-released"
  | "pledge-cancelled"
  | "loan-drawn"
  | "loan-repaid"
  | "loan-defaulted"
  | "loan-disposed"
export type JourneyKind = EquityJourneyKind | PledgeJourneyKind | LinkageEventKind

/** One dated step of an enterprise's finance journey. */
export interface JourneyEvent {
  /** YYYY-MM-DD */
  readonly on: string
  readonly source: JourneySource
  /**
   * equity: `investment`, `valuation`, `exit`; pledge: `pledge-registered`, `pledge-changed`,
   * `pledge-released`, `pledge-cancelled`, `loan-drawn`, `loan-repaid`, `loan-defaulted`, `loan-disposed`;
   * linkage: the
   * `LinkageEventKind` values.
   */
  readonly kind: string
  /** A short line for people, e.g. `瓯江天使基金 投资 · A` or `专利质押登记 Y2025… 温州银行`. */
  readonly label: string
  /** The line's catalogue code and parameters (text/messages.ts `journey-…`): its words in either language. */
  readonly detail: Told["detail"]
  /**
   * investment: the cost; valuation: the fair value; exit: the proceeds; registration: the amount
   * registered; change: the new secured amount (null for a change of the term only); loan: the amount
   * drawn; repayment: the amount repaid; disposal: the balance it settled (recovered + written off); linkage: the event's main amount (see `LinkageEvent`).
   */
  readonly amount: Decimal | null
  /** The fund, the pledgee or lending bank, the insurer, the pool, … */
  readonly counterparty: string | null
  /**
   * The record behind it: `fund-entry` (a fund-ledger entry), `pledge` (a registration), `pledge-loan`,
   * or the linkage record kind (`loan`, `claim`, …) with its id.
   */
  readonly ref: { readonly kind: string; readonly id: number | string }
  /** Taken out by a reversal (of the event or of the record it belongs to). */
  readonly reversed: boolean
}

export interface JourneyTotals {
  /** Cost of the fund investments in the enterprise that the reader may see (see `withheld`). */
  readonly equityInvested: Decimal
  /**
   * Secured amounts of its registrations listed, each on its terms as of the window's end (`to`): the
   * amount registered, or that of its latest live change dated on or before `to`. A release ends a
   * registration but does not take its amount out (the financing happened); a live cancellation (撤销),
   * whatever its date, takes it out (void as if never registered, for every period: DOMAIN.md "What counts
   * toward the 25亿", as the pledge figures count it).
   */
  readonly pledged: Decimal
  /** Loans drawn under its registrations. */
  readonly pledgeLoansDrawn: Decimal
  /** 投贷联动 and 科创指数贷 loans granted. */
  readonly linkageLoans: Decimal
  /** What insurers and pools paid on its claims (insurer paid + pool payout). */
  readonly claimsPaid: Decimal
}

/**
 * A pledgor that is not in the enterprise registry (企业库): known only from its pledge registrations, which
 * carry its credit code, name and district. It has no fund or linkage records (those need a registered
 * enterprise), only pledges.
 */
export interface UnregisteredPledgor {
  readonly registered: false
  readonly uscc: string
  /** As its latest live registration names it (the latest of all when every one was reversed). */
  readonly name: string
  readonly district: string
  readonly local: boolean
  /** The registration the name and district come from. */
  readonly source: { readonly registrationNo: string; readonly registeredOn: string }
}

/** Whose journey it is: an enterprise of the registry, or a pledgor known only from its registrations. */
export type JourneyEnterprise = (Enterprise & { readonly registered: true }) | UnregisteredPledgor

/** An enterprise's finance journey: every equity, pledge and linkage event on one dated timeline. */
export interface EnterpriseJourney {
  readonly enterprise: JourneyEnterprise
  /** Oldest first; on one day equity, then pledge, then linkage events, each in a stable order. */
  readonly events: ReadonlyArray<JourneyEvent>
  /** Over the live events listed (those in `from`..`to`), exact. */
  readonly totals: JourneyTotals
  /** What the reader may not see and was left out of the events and the totals. */
  readonly withheld: JourneyWithheld
}

export interface JourneyWithheld {
  /**
   * Equity events (investments, valuations, exits in `from`..`to`, reversed ones only with
   * `includeReversed`) of funds whose ledger the reader may not read (`canReadFundLedger`: a fund
   * manager reads only its own funds' entries).
   */
  readonly equity: number
}

export interface JourneyOptions {
  /** Default false: the journey shows what stands; true lists reversed events too (`reversed: true`). */
  readonly includeReversed?: boolean | undefined
  /** First day shown (inclusive). */
  readonly from?: string | undefined
  /** Last day shown (inclusive). */
  readonly to?: string | undefined
  /**
   * Who reads the journey (default: the system actor; the Promise facade passes the instance's actor).
   * Equity events of funds whose ledger the actor may not read are left out and counted in `withheld`.
   */
  readonly actor?: Actor | undefined
}

const sourceOrder: Record<JourneySource, number> = { equity: 0, pledge: 1, linkage: 2 }

// On one day: an investment before its valuation and exit; a registration before its change, its loans
// and their repayments, the release or cancellation last.
const kindOrder: Partial<Record<string, number>> = {
  investment: 0,
  valuation: 1,
  exit: 2,
  "pledge-registered": 0,
  "pledge-changed": 1,
  "loan-drawn": 2,
  "loan-repaid": 3,
  "loan-defaulted": 4,
  "loan-disposed": 4.5,
  "pledge-released": 5,
  "pledge-cancelled": 5
}

const sum = (amounts: ReadonlyArray<Decimal | null>) =>
  amounts.reduce<Decimal>((total, a) => (a === null ? total : total.plus(a)), new Yuan(0))

/** A journey event with its place on the day: kind rank, then the order it was recorded in. */
type Placed = JourneyEvent & { readonly rank: number; readonly seq: number }

/**
 * The finance journey of the enterprise with credit code `uscc`: its fund investments, valuations and
 * exits (the fund ledger), its patent pledge registrations with their changes, release or cancellation,
 * the loans drawn under them with repayments and default, and its linkage records
 * (`Linkage.eventsOf`), on one timeline, oldest first. Reads by the enterprise, never one record at a
 * time: two ledger queries, four pledge queries (by pledgor), the linkage reads and one for its claims.
 * The fund-ledger entries of funds the reader (`actor`) may not read are withheld (counted, never shown)
 * and leave `equityInvested`; the pledged total takes each registration on its terms as of `to`.
 *
 * A credit code that is not in the registry but names the pledgor of pledge registrations gives that
 * pledgor's journey (`registered: false`, name and district from its latest live registration): its
 * pledges and pledge loans only.
 *
 * Fails with a ValidationError naming `uscc` (not a valid credit code), `from` or `to`; a NotFoundError
 * when neither an enterprise of the registry nor the pledgor of any registration has the code.
 */
export const enterpriseJourney = Effect.fn("Journey.enterprise")(function* (
  uscc: string,
  options: JourneyOptions = {}
) {
  const issues: Array<FieldIssue> = []
  const usccIssue = usccProblem(uscc)
  if (usccIssue !== undefined) issues.push(issueAt("uscc", usccIssue))
  for (const key of ["from", "to"] as const) {
    const date = options[key]
    const issue = date === undefined ? undefined : dateIssue(key, date)
    if (issue !== undefined) issues.push(issue)
  }
  const { from, to } = options
  if (issues.length === 0 && from !== undefined && to !== undefined && to < from)
    issues.push(sayAt("to", "to-before-from", { from: from }))
  if (issues.length > 0) return yield* new ValidationError({ issues })

  const database = yield* Database
  const linkage = yield* Linkage
  const db = database.db
  const registered = yield* database.query(() => findEnterprise(db, { uscc }))
  const pledges = yield* database.query(() => pledgeRowsOf(db, uscc))
  let enterprise: JourneyEnterprise
  if (registered !== undefined) enterprise = { ...registered, registered: true }
  else {
    // Oldest first: the last live registration names the pledgor (the last of all if none is live).
    const latest =
      pledges.registrations.findLast((r) => !r.reversed) ??
      pledges.registrations[pledges.registrations.length - 1]
    if (latest === undefined) return yield* new NotFoundError({ entity: "enterprise", id: uscc })
    enterprise = {
      registered: false,
      uscc,
      name: latest.pledgorName,
      district: latest.pledgorDistrict,
      local: isLocalDistrict(latest.pledgorDistrict),
      source: { registrationNo: latest.registrationNo, registeredOn: latest.registeredOn }
    }
  }
  const includeReversed = options.includeReversed ?? false
  const actor = options.actor ?? systemActor

  const events: Array<Placed> = []
  const shown = (e: { readonly on: string; readonly reversed: boolean }) =>
    (from === undefined || e.on >= from) &&
    (to === undefined || e.on <= to) &&
    (includeReversed || !e.reversed)
  const push = (e: Placed) => {
    if (shown(e)) events.push(e)
  }
  let withheldEquity = 0

  // --- the fund ledger ---------------------------------------------------------------------------------
  const equity =
    registered === undefined ? [] : yield* database.query(() => equityEntriesOf(db, registered.id))
  for (const e of equity) {
    if (!canReadFundLedger(actor, e.fundCode)) {
      if (shown(e)) withheldEquity += 1
      continue
    }
    push({
      on: e.on,
      source: "equity",
      kind: e.kind,
      ...told(
        e.kind === "investment"
          ? say("journey-investment", { fund: e.fundName, round: e.round ?? "" })
          : e.kind === "valuation"
            ? say("journey-valuation", { fund: e.fundName })
            : say("journey-exit", { fund: e.fundName, route: e.route ?? "" })
      ),
      amount: e.amount,
      counterparty: e.fundName,
      ref: { kind: "fund-entry", id: e.id },
      reversed: e.reversed,
      rank: kindOrder[e.kind] ?? 0,
      seq: e.journalSeq
    })
  }

  // --- pledge registrations and their loans --------------------------------------------------------------
  const reversedEvents = new Set(pledges.events.flatMap((e) => (e.reverses === null ? [] : [e.reverses])))
  const reversedLoanEvents = new Set(
    pledges.loanEvents.flatMap((e) => (e.reverses === null ? [] : [e.reverses]))
  )
  const registrations = new Map(pledges.registrations.map((r) => [r.id, r]))
  /** The secured amount as of `to`: the registered one, or that of the latest live change on or before it. */
  const secured = new Map<number, Decimal>(pledges.registrations.map((r) => [r.id, r.amount]))
  /** Registrations with a live cancellation (撤销), whatever its date: out of `pledged`. */
  const cancelled = new Set<number>()
  for (const r of pledges.registrations) {
    push({
      on: r.registeredOn,
      source: "pledge",
      kind: "pledge-registered",
      ...told(say("journey-pledge-registered", { registrationNo: r.registrationNo, pledgee: r.pledgee })),
      amount: r.amount,
      counterparty: r.pledgee,
      ref: { kind: "pledge", id: r.id },
      reversed: r.reversed,
      rank: kindOrder["pledge-registered"] ?? 0,
      seq: r.journalSeq
    })
  }
  for (const e of pledges.events) {
    if (e.kind === "reversal") continue
    const r = registrations.get(e.pledgeId)
    if (r === undefined) continue
    const reversed = r.reversed || reversedEvents.has(e.id)
    // Oldest first (by date, then id): the last live change dated on or before `to` stands.
    if (!reversed && e.kind === "change" && e.amountAfter !== null && (to === undefined || e.on <= to))
      secured.set(r.id, e.amountAfter)
    if (!reversed && e.kind === "cancel") cancelled.add(r.id)
    const kind: PledgeJourneyKind =
      e.kind === "change" ? "pledge-changed" : e.kind === "release" ? "pledge-released" : "pledge-cancelled"
    push({
      on: e.on,
      source: "pledge",
      kind,
      ...told(
        kind === "pledge-changed"
          ? say("journey-pledge-changed", {
              registrationNo: r.registrationNo,
              amount: e.amountAfter === null ? "" : formatYuan(e.amountAfter),
              termEnd: e.termEndAfter ?? ""
            })
          : kind === "pledge-released"
            ? say("journey-pledge-released", { registrationNo: r.registrationNo })
            : say("journey-pledge-cancelled", { registrationNo: r.registrationNo })
      ),
      amount: kind === "pledge-changed" ? e.amountAfter : null,
      counterparty: r.pledgee,
      ref: { kind: "pledge", id: r.id },
      reversed,
      rank: kindOrder[kind] ?? 0,
      seq: e.journalSeq
    })
  }
  const loans = new Map<number, { readonly bank: string; readonly no: string; readonly reversed: boolean }>()
  for (const l of pledges.loans) {
    const r = registrations.get(l.pledgeId)
    if (r === undefined) continue
    const reversed = l.reversed || r.reversed
    loans.set(l.id, { bank: l.bank, no: r.registrationNo, reversed })
    push({
      on: l.disbursedOn,
      source: "pledge",
      kind: "loan-drawn",
      ...told(say("journey-loan-drawn", { registrationNo: r.registrationNo, maturesOn: l.maturesOn })),
      amount: l.amount,
      counterparty: l.bank,
      ref: { kind: "pledge-loan", id: l.id },
      reversed,
      rank: kindOrder["loan-drawn"] ?? 0,
      seq: l.journalSeq
    })
  }
  for (const e of pledges.loanEvents) {
    if (e.kind === "reversal") continue
    const loan = loans.get(e.loanId)
    if (loan === undefined) continue
    const kind: PledgeJourneyKind = e.kind === "repayment" ? "loan-repaid" : "loan-defaulted"
    push({
      on: e.on,
      source: "pledge",
      kind,
      ...told(
        kind === "loan-repaid"
          ? say("journey-loan-repaid", { registrationNo: loan.no })
          : say("journey-loan-defaulted", { registrationNo: loan.no })
      ),
      amount: e.amount,
      counterparty: loan.bank,
      ref: { kind: "pledge-loan", id: e.loanId },
      reversed: loan.reversed || reversedLoanEvents.has(e.id),
      rank: kindOrder[kind] ?? 0,
      seq: e.journalSeq
    })
  }

  for (const x of pledges.disposals) {
    const loan = loans.get(x.loanId)
    if (loan === undefined) continue
    push({
      on: x.on,
      source: "pledge",
      kind: "loan-disposed",
      ...told(
        say("journey-loan-disposed", {
          registrationNo: loan.no,
          method: x.method,
          recovered: formatYuan(x.recovered),
          writtenOff: formatYuan(x.writtenOff)
        })
      ),
      amount: x.recovered.plus(x.writtenOff),
      counterparty: loan.bank,
      ref: { kind: "pledge-loan", id: x.loanId },
      reversed: loan.reversed || x.reversed,
      rank: kindOrder["loan-disposed"] ?? 0,
      seq: x.journalSeq
    })
  }

  // --- linkage records: as `Linkage.eventsOf` lists them (its order kept within a day) ------------------
  const linkageEvents = registered === undefined ? [] : yield* linkage.eventsOf(uscc, { includeReversed })
  for (const [i, e] of linkageEvents.entries()) {
    push({
      on: e.on,
      source: "linkage",
      kind: e.kind,
      label: e.label,
      detail: e.detail,
      amount: e.amount,
      counterparty: e.counterparty,
      ref: { kind: e.record.kind, id: e.record.id },
      reversed: e.reversed,
      rank: 0,
      seq: i
    })
  }
  const claimed = events.some((e) => e.kind === "claim-paid" && !e.reversed)
  const claims = claimed
    ? yield* database.query(() =>
        findClaims(db, { enterpriseId: registered?.id ?? -1, includeReversed: false })
      )
    : []
  const paidOn = new Map(claims.map((c) => [c.id, c.insurerPaid.plus(c.payout)]))

  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  events.sort(
    (a, b) =>
      byText(a.on, b.on) ||
      sourceOrder[a.source] - sourceOrder[b.source] ||
      a.rank - b.rank ||
      a.seq - b.seq ||
      byText(`${a.ref.kind}:${a.ref.id}`, `${b.ref.kind}:${b.ref.id}`)
  )
  const live = events.filter((e) => !e.reversed)
  const amountsOf = (source: JourneySource, kinds: ReadonlyArray<string>) =>
    live.filter((e) => e.source === source && kinds.includes(e.kind)).map((e) => e.amount)
  const totals: JourneyTotals = {
    equityInvested: sum(amountsOf("equity", ["investment"])),
    pledged: sum(
      live
        .filter((e) => e.kind === "pledge-registered" && !cancelled.has(e.ref.id as number))
        .map((e) => secured.get(e.ref.id as number) ?? e.amount)
    ),
    pledgeLoansDrawn: sum(amountsOf("pledge", ["loan-drawn"])),
    linkageLoans: sum(amountsOf("linkage", ["loan-granted"])),
    claimsPaid: sum(
      live
        .filter((e) => e.source === "linkage" && e.kind === "claim-paid")
        .map((e) => paidOn.get(e.ref.id as number) ?? null)
    )
  }
  return {
    enterprise,
    events: events.map(({ rank: _, seq: __, ...event }): JourneyEvent => event),
    totals,
    withheld: { equity: withheldEquity }
  } satisfies EnterpriseJourney
})

/** The wire form: money as decimal strings with two places (`toWire`), dates as `YYYY-MM-DD` text. */
export const journeyEnterpriseToJson = (e: JourneyEnterprise) =>
  e.registered
    ? { ...enterpriseToJson(e), registered: true as const }
    : {
        registered: false as const,
        uscc: e.uscc,
        name: e.name,
        district: e.district,
        districtName: districtOf(e.district)?.name ?? null,
        local: e.local,
        source: { registrationNo: e.source.registrationNo, registeredOn: e.source.registeredOn }
      }

export const journeyToJson = (j: EnterpriseJourney) => ({
  enterprise: journeyEnterpriseToJson(j.enterprise),
  events: j.events.map((e) => ({
    on: e.on,
    source: e.source,
    kind: e.kind,
    label: e.label,
    detail: { code: e.detail.code, params: e.detail.params },
    amount: e.amount === null ? null : toWire(e.amount),
    counterparty: e.counterparty,
    ref: { kind: e.ref.kind, id: e.ref.id },
    reversed: e.reversed
  })),
  totals: {
    equityInvested: toWire(j.totals.equityInvested),
    pledged: toWire(j.totals.pledged),
    pledgeLoansDrawn: toWire(j.totals.pledgeLoansDrawn),
    linkageLoans: toWire(j.totals.linkageLoans),
    claimsPaid: toWire(j.totals.claimsPaid)
  },
  withheld: { equity: j.withheld.equity }
})
export type EnterpriseJourneyJson = ReturnType<typeof journeyToJson>

/** A match of the journey search: an enterprise of the registry or a pledgor known only from its pledges. */
export interface JourneyMatch {
  readonly uscc: string
  readonly name: string
  /** The current district (a registered enterprise) or that of the latest live registration (a pledgor). */
  readonly district: string
  readonly local: boolean
  /** In the enterprise registry (企业库); false: a pledgor known only from its pledge registrations. */
  readonly registered: boolean
  /** The registry's stage; null for an unregistered pledgor. */
  readonly stage: Enterprise["stage"] | null
}

export interface JourneySearchQuery {
  /** Name substring (letter case ignored) or credit-code prefix; blank: everyone, registry first. */
  readonly q?: string | undefined
  /** 1–1000, default 50. */
  readonly limit?: number | undefined
}

/**
 * Whose journey can be shown: enterprises of the registry whose name contains `q` or whose credit code
 * starts with it (`Enterprises.list`, in registration order), then pledgors not in the registry matched
 * the same way on the name and code of their latest live registration (by credit code): two queries,
 * `limit` rows in all. `%`, `_` and `\` match themselves. A bad `q` or `limit`: ValidationError naming it.
 */
export const searchJourneys = Effect.fn("Journey.search")(function* (query: JourneySearchQuery = {}) {
  const limit = query.limit ?? 50
  const q = query.q ?? ""
  const issues: Array<FieldIssue> = []
  if (typeof q !== "string" || q.trim().length > MAX_ENTERPRISE_QUERY)
    issues.push(sayAt("q", "query-text-at-most", { max: String(MAX_ENTERPRISE_QUERY) }))
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "1000" }))
  if (issues.length > 0) return yield* new ValidationError({ issues })
  const database = yield* Database
  const db = database.db
  const enterprises = yield* database.query(() => findEnterprises(db, { q, limit }))
  const pledgors =
    enterprises.length >= limit
      ? []
      : yield* database.query(() => findUnregisteredPledgors(db, { q, limit: limit - enterprises.length }))
  return [
    ...enterprises.map(
      (e): JourneyMatch => ({
        uscc: e.uscc,
        name: e.name,
        district: e.district,
        local: e.local,
        registered: true,
        stage: e.stage
      })
    ),
    ...pledgors.map(
      (p): JourneyMatch => ({
        uscc: p.uscc,
        name: p.name,
        district: p.district,
        local: isLocalDistrict(p.district),
        registered: false,
        stage: null
      })
    )
  ]
})
