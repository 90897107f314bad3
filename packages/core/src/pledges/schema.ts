import { Decimal } from "decimal.js"
import { Schema, SchemaTransformation } from "effect"
import { decimalCell, percentEntry } from "../io/cells.js"
import { type PledgeLoanDisposal, pledgeLoanDisposalToJson } from "../loans/schema.js"
import { PositiveYuanFromString, toWire } from "../money/index.js"
import { canonicalPatentNumber, PatentNumber, type PatentType, Uscc } from "../registry/codes.js"
import { DistrictCode, districtOf } from "../registry/districts.js"
import { FreeText } from "../text/index.js"
import { checkMessage } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"

// The identifiers name these in the OpenAPI document (`TextEncoded`, `RegistrationNoEncoded`): the wire side
// of a trimming transformation keeps no checks, so the document adds their constraints by name.
const Name = (what: string) => FreeText(what).annotate({ identifier: "Text" })

/** CNIPA pledge registration numbers, e.g. Y2025330000123: letters and digits. */
export const RegistrationNo = Schema.Trim.check(
  Schema.isPattern(/^[A-Z0-9][A-Z0-9-]{5,39}$/, {
    message: checkMessage("registration-no-format")
  })
).annotate({ identifier: "RegistrationNo" })

/** 质权人: a bank lending against the pledge, or a guarantor (融资担保) holding it as counter-security. */
export const PledgeeKind = Schema.Literals(["bank", "guarantor"])
export type PledgeeKind = typeof PledgeeKind.Type

/** 企业规模 of the pledgor (微型, 小型, 中型, 大型), as the bank classified it. */
export const EnterpriseSize = Schema.Literals(["micro", "small", "medium", "large"])
export type EnterpriseSize = typeof EnterpriseSize.Type

// The words of the cross-field rules below, remembered with their codes (`checkMessage`) once.
const notBeforeStart = checkMessage("not-before-field", { field: "start" })
const notBeforeFrom = checkMessage("not-before-field", { field: "from" })
const titleNotPledged = checkMessage("patent-title-not-pledged")
const changeNothing = checkMessage("pledge-change-nothing")
const afterDisbursed = checkMessage("after-field", { field: "disbursedOn" })

/** 债务履行期限: the term of the secured debt, both days inclusive. */
export const DebtTerm = Schema.Struct({ start: BusinessDate, end: BusinessDate }).check(
  Schema.makeFilter((t: { start: string; end: string }) =>
    t.start <= t.end ? true : { path: ["end"], issue: notBeforeStart }
  )
)
export type DebtTerm = typeof DebtTerm.Type

const PatentTitle = FreeText("a patent's title", 300)

/**
 * The JSON body of `POST /api/v1/pledges` (contract). The six contract fields are required; the rest of
 * a registration is optional so the contract body stays valid as it is: `pledgor.size`, `pledgee.kind`,
 * `debtTerm` and `patentTitles` (title by patent number, each a patent of `patents`).
 */
export const PledgeInput = Schema.Struct({
  registrationNo: RegistrationNo,
  pledgor: Schema.Struct({
    uscc: Uscc,
    name: Name("the pledgor's name"),
    district: DistrictCode,
    size: Schema.optional(EnterpriseSize)
  }),
  pledgee: Schema.Struct({ name: Name("the pledgee's name"), kind: Schema.optional(PledgeeKind) }),
  patents: Schema.Array(PatentNumber).check(
    Schema.isMinLength(1, { message: checkMessage("patents-none") }),
    Schema.isMaxLength(1000, { message: checkMessage("patents-too-many", { max: "1000" }) }),
    Schema.isUnique({ message: checkMessage("patents-twice") }),
    // The same patent in two spellings (ZL… and bare) is the same patent twice: it is stored as one (ZL…).
    Schema.makeFilter(
      (patents: ReadonlyArray<string>) =>
        new Set(patents).size < patents.length ||
        new Set(patents.map(canonicalPatentNumber)).size === patents.length,
      { message: checkMessage("patents-twice") }
    )
  ),
  amount: PositiveYuanFromString,
  registeredOn: BusinessDate,
  debtTerm: Schema.optional(DebtTerm),
  patentTitles: Schema.optional(Schema.Record(PatentNumber, PatentTitle))
})
  .check(
    Schema.makeFilter(
      (p: {
        patents: ReadonlyArray<string>
        patentTitles?: Readonly<Record<string, string>> | undefined
      }) => {
        const stray = Object.keys(p.patentTitles ?? {}).find((n) => !p.patents.includes(n))
        return stray === undefined ? true : { path: ["patentTitles", stray], issue: titleNotPledged }
      }
    )
  )
  .annotate(pastDates("registeredOn"))
export type PledgeInput = typeof PledgeInput.Type
export type PledgeInputJson = typeof PledgeInput.Encoded

/** A stored pledge registration (质押登记), as registered. Optional fields are present when recorded. */
export interface Pledge {
  readonly id: number
  readonly registrationNo: string
  readonly pledgor: {
    readonly uscc: string
    readonly name: string
    readonly district: string
    readonly size?: EnterpriseSize | undefined
  }
  readonly pledgee: { readonly name: string; readonly kind?: PledgeeKind | undefined }
  readonly patents: ReadonlyArray<string>
  /** The secured amount as registered (period totals count this, on `registeredOn`). */
  readonly amount: Decimal
  readonly registeredOn: string
  readonly debtTerm?: DebtTerm | undefined
  readonly patentTitles?: Readonly<Record<string, string>> | undefined
  readonly journalSeq: number
  readonly reversed: boolean
}

export interface PledgeTotal {
  readonly amount: Decimal
  readonly count: number
}

/** One calendar month of live (not reversed) pledges: `month` is `YYYY-MM`. */
export interface PledgeMonth {
  readonly month: string
  readonly amount: Decimal
  readonly count: number
}

export interface Period {
  readonly from: string
  readonly to: string
}

export const PeriodInput = Schema.Struct({ from: BusinessDate, to: BusinessDate }).check(
  Schema.makeFilter((p: { from: string; to: string }) =>
    p.from <= p.to ? true : { path: ["to"], issue: notBeforeFrom }
  )
)

export const ReversalInput = Schema.Struct({
  id: Schema.Int.check(Schema.isGreaterThan(0)),
  reason: Name("the reason")
})

/**
 * The wire form: money as a decimal string with two places. The optional registration fields appear
 * only when recorded, in their input shape, so the body of `POST /api/v1/pledges` keeps its contract.
 */
export const pledgeToJson = (pledge: Pledge) => ({
  id: pledge.id,
  registrationNo: pledge.registrationNo,
  pledgor: { ...pledge.pledgor, districtName: districtOf(pledge.pledgor.district)?.name ?? null },
  pledgee: pledge.pledgee,
  patents: pledge.patents,
  amount: toWire(pledge.amount),
  registeredOn: pledge.registeredOn,
  ...(pledge.debtTerm === undefined ? {} : { debtTerm: pledge.debtTerm }),
  ...(pledge.patentTitles === undefined ? {} : { patentTitles: pledge.patentTitles }),
  journalSeq: pledge.journalSeq,
  reversed: pledge.reversed
})

/** A registration of the list (`pledges.list`): its wire form, then its status and secured amount now. */
export const listedPledgeToJson = (
  pledge: Pledge & { readonly status: PledgeStatus; readonly securedAmount: Decimal }
) => ({ ...pledgeToJson(pledge), status: pledge.status, securedAmount: toWire(pledge.securedAmount) })

// ---------------------------------------------------------------------------------------------------------
// The lifecycle of a registration: registered → changed → released | cancelled, each a dated event
// ---------------------------------------------------------------------------------------------------------

/** Derived from the live events, never stored: the latest release or cancellation ends a registration. */
export const pledgeStatuses = ["registered", "changed", "released", "cancelled"] as const
export type PledgeStatus = (typeof pledgeStatuses)[number]

/** `change` 变更登记, `release` 解除/注销 (the debt is settled), `cancel` 撤销, `reversal` takes an event out. */
export type PledgeEventKind = "change" | "release" | "cancel" | "reversal"

const Id = (what: string) => {
  const message = checkMessage("id-of", { what })
  return Schema.Int.check(Schema.makeFilter((n: number) => n > 0 || message))
}

const Note = FreeText("the note", 500)

/** Input of `Pledges.change` (变更登记): a new secured amount, a new debt term, or both, from `on`. */
export const PledgeChangeInput = Schema.Struct({
  pledgeId: Id("a registration"),
  on: BusinessDate,
  amount: Schema.optional(PositiveYuanFromString),
  debtTerm: Schema.optional(DebtTerm),
  note: Schema.optional(Note)
})
  .check(
    Schema.makeFilter((c: { amount?: unknown; debtTerm?: unknown }) =>
      c.amount !== undefined || c.debtTerm !== undefined ? true : { path: ["amount"], issue: changeNothing }
    )
  )
  .annotate(pastDates("on"))
export type PledgeChangeInputJson = typeof PledgeChangeInput.Encoded

/** Input of `Pledges.release` (解除质押) and `Pledges.cancel` (撤销登记). */
export const PledgeEndInput = Schema.Struct({
  pledgeId: Id("a registration"),
  on: BusinessDate,
  note: Schema.optional(Note)
}).annotate(pastDates("on"))
export type PledgeEndInputJson = typeof PledgeEndInput.Encoded

/** Input of `Pledges.reverseEvent` and `PledgeLoans.reverseEvent`: the event and why it was wrong. */
export const PledgeEventReversalInput = Schema.Struct({ eventId: Id("an event"), reason: Name("the reason") })

export interface PledgeEvent {
  readonly id: number
  readonly pledgeId: number
  readonly kind: PledgeEventKind
  readonly on: string
  /** A change of the secured amount, before and after. */
  readonly amount: { readonly before: Decimal; readonly after: Decimal } | null
  /** A change of the debt term, before (null when none was recorded) and after. */
  readonly debtTerm: { readonly before: DebtTerm | null; readonly after: DebtTerm } | null
  /** For a reversal: the event it takes out. */
  readonly reverses: number | null
  /** True once a later reversal took this event out of the status and the figures. */
  readonly reversed: boolean
  readonly note: string | null
  readonly journalSeq: number
}

// ---------------------------------------------------------------------------------------------------------
// Loans drawn under a registration, their repayments and default
// ---------------------------------------------------------------------------------------------------------

/** `"3.85%"` → `"0.0385"`, read exactly as an import reads a rate's cell; any other text as it is. */
const fractionOfPercent = (text: string): string => {
  if (!/[%％]$/.test(text)) return text
  const read = decimalCell(text)
  return read.ok && typeof read.value === "string" ? read.value : text
}

/**
 * An annual interest rate as an exact decimal fraction written as text: `"0.0385"` is 3.85 % a year. It
 * may be written as a percentage, as people write it: `"3.85%"` is read as `"0.0385"` (exactly, with
 * decimal arithmetic). A bare number is a fraction, never guessed to be a percentage: `"3.85"` is refused,
 * saying to write `3.85%` or `0.0385`. Greater than 0 and below 1, at most 8 decimal places.
 */
export const AnnualRate = Schema.Trim.pipe(
  Schema.decodeTo(
    Schema.String.check(
      Schema.makeFilter(
        (text: string) =>
          (/^0?\.\d{1,8}$/.test(text) && new Decimal(text).greaterThan(0)) ||
          checkMessage("annual-rate-fraction"),
        { expected: "an annual rate: a decimal fraction, or a percentage ending in %", [percentEntry]: true }
      )
    ),
    SchemaTransformation.transform<string, string>({ decode: fractionOfPercent, encode: (text) => text })
  )
)

/** Input of `PledgeLoans.draw`: a loan drawn under registration `pledgeId`. `bank` defaults to the pledgee. */
export const PledgeLoanInput = Schema.Struct({
  pledgeId: Id("a registration"),
  bank: Schema.optional(Name("the bank's name")),
  amount: PositiveYuanFromString,
  rate: AnnualRate,
  disbursedOn: BusinessDate,
  maturesOn: BusinessDate
})
  .check(
    Schema.makeFilter((l: { disbursedOn: string; maturesOn: string }) =>
      l.disbursedOn < l.maturesOn ? true : { path: ["maturesOn"], issue: afterDisbursed }
    )
  )
  .annotate(pastDates("disbursedOn"))
export type PledgeLoanInputJson = typeof PledgeLoanInput.Encoded

/** Input of `PledgeLoans.repay`: a repayment of principal on `on`. */
export const PledgeRepaymentInput = Schema.Struct({
  loanId: Id("a loan"),
  on: BusinessDate,
  amount: PositiveYuanFromString,
  note: Schema.optional(Note)
}).annotate(pastDates("on"))
export type PledgeRepaymentInputJson = typeof PledgeRepaymentInput.Encoded

/** Input of `PledgeLoans.default`: the loan went into default (违约) on `on`. */
export const PledgeDefaultInput = Schema.Struct({
  loanId: Id("a loan"),
  on: BusinessDate,
  note: Schema.optional(Note)
}).annotate(pastDates("on"))
export type PledgeDefaultInputJson = typeof PledgeDefaultInput.Encoded

/** Input of `PledgeLoans.reverse`: the loan was recorded in error; it and its events leave every figure. */
export const PledgeLoanReversalInput = Schema.Struct({ loanId: Id("a loan"), reason: Name("the reason") })

export type PledgeLoanEventKind = "repayment" | "default" | "reversal"

export interface PledgeLoanEvent {
  readonly id: number
  readonly loanId: number
  readonly kind: PledgeLoanEventKind
  readonly on: string
  /** A repayment's amount; null for a default or a reversal. */
  readonly amount: Decimal | null
  readonly reverses: number | null
  readonly reversed: boolean
  readonly note: string | null
  readonly journalSeq: number
}

export interface PledgeLoan {
  readonly id: number
  readonly pledgeId: number
  readonly registrationNo: string
  readonly bank: string
  readonly amount: Decimal
  readonly rate: string
  readonly disbursedOn: string
  readonly maturesOn: string
  /** Live repayments, all dates. */
  readonly repaid: Decimal
  readonly outstanding: Decimal
  /** The date of the live default, if any. */
  readonly defaultedOn: string | null
  /** Recorded in error and reversed (itself, or its registration): out of every figure. */
  readonly reversed: boolean
  readonly events: ReadonlyArray<PledgeLoanEvent>
  /** The live 处置 (disposal) of the defaulted loan, if any: it settles the balance (outstanding 0). */
  readonly disposal: PledgeLoanDisposal | null
  /** Every disposal recorded, oldest first, reversed ones marked. */
  readonly disposals: ReadonlyArray<PledgeLoanDisposal>
  readonly journalSeq: number
}

/** A registration with everything derived from its events and loans (`Pledges.registration`). */
export interface PledgeRegistration extends Pledge {
  readonly status: PledgeStatus
  /** The date the status took effect: the latest live event's date, else the registration date. */
  readonly statusOn: string
  /** The secured amount now: the latest live change's, else the registered amount. */
  readonly securedAmount: Decimal
  readonly currentDebtTerm: DebtTerm | null
  /** 首次质押: the enterprise's earliest live registration (by date, then id). */
  readonly firstPledge: boolean
  /** 普惠 at the configured threshold: the registered amount, or any live loan, at most the threshold. */
  readonly inclusive: boolean
  readonly inclusiveThreshold: Decimal
  readonly patentDetails: ReadonlyArray<{
    readonly number: string
    readonly type: PatentType | null
    readonly title: string | null
  }>
  /** Live loans' amounts: what the secured amount caps. */
  readonly drawn: Decimal
  readonly available: Decimal
  readonly outstanding: Decimal
  readonly loans: ReadonlyArray<PledgeLoan>
  readonly events: ReadonlyArray<PledgeEvent>
}

/** One line of a registration's history (`Pledges.events`), oldest first. */
export interface PledgeTimelineEntry {
  readonly on: string
  readonly kind: "registered" | "changed" | "released" | "cancelled" | "drawn" | "repaid" | "defaulted"
  readonly eventId: number | null
  readonly loanId: number | null
  readonly amount: Decimal | null
  /** Taken out later by a reversal (of the event, the loan or the registration). */
  readonly reversed: boolean
  readonly journalSeq: number
}

const termJson = (t: DebtTerm | null) => (t === null ? null : { start: t.start, end: t.end })

export const pledgeEventToJson = (e: PledgeEvent) => ({
  id: e.id,
  pledgeId: e.pledgeId,
  kind: e.kind,
  on: e.on,
  amount: e.amount === null ? null : { before: toWire(e.amount.before), after: toWire(e.amount.after) },
  debtTerm:
    e.debtTerm === null ? null : { before: termJson(e.debtTerm.before), after: termJson(e.debtTerm.after) },
  reverses: e.reverses,
  reversed: e.reversed,
  note: e.note,
  journalSeq: e.journalSeq
})

export const pledgeLoanEventToJson = (e: PledgeLoanEvent) => ({
  id: e.id,
  loanId: e.loanId,
  kind: e.kind,
  on: e.on,
  amount: e.amount === null ? null : toWire(e.amount),
  reverses: e.reverses,
  reversed: e.reversed,
  note: e.note,
  journalSeq: e.journalSeq
})

export const pledgeLoanToJson = (l: PledgeLoan) => ({
  id: l.id,
  pledgeId: l.pledgeId,
  registrationNo: l.registrationNo,
  bank: l.bank,
  amount: toWire(l.amount),
  rate: l.rate,
  disbursedOn: l.disbursedOn,
  maturesOn: l.maturesOn,
  repaid: toWire(l.repaid),
  outstanding: toWire(l.outstanding),
  defaultedOn: l.defaultedOn,
  reversed: l.reversed,
  events: l.events.map(pledgeLoanEventToJson),
  disposal: l.disposal === null ? null : pledgeLoanDisposalToJson(l.disposal),
  disposals: l.disposals.map(pledgeLoanDisposalToJson),
  journalSeq: l.journalSeq
})

/** The wire form of a full registration: {@link pledgeToJson} plus status, flags, loans and events. */
export const pledgeRegistrationToJson = (r: PledgeRegistration) => ({
  ...pledgeToJson(r),
  status: r.status,
  statusOn: r.statusOn,
  securedAmount: toWire(r.securedAmount),
  currentDebtTerm: termJson(r.currentDebtTerm),
  firstPledge: r.firstPledge,
  inclusive: r.inclusive,
  inclusiveThreshold: toWire(r.inclusiveThreshold),
  patentDetails: r.patentDetails,
  drawn: toWire(r.drawn),
  available: toWire(r.available),
  outstanding: toWire(r.outstanding),
  loans: r.loans.map(pledgeLoanToJson),
  events: r.events.map(pledgeEventToJson)
})

export const pledgeTimelineToJson = (entries: ReadonlyArray<PledgeTimelineEntry>) =>
  entries.map((e) => ({ ...e, amount: e.amount === null ? null : toWire(e.amount) }))

/** `GET /api/v1/pledges/total`: the period's bounds, the sum and the count. */
export const pledgeTotalToJson = (period: Period, total: PledgeTotal) => ({
  period,
  amount: toWire(total.amount),
  count: total.count
})

/** `GET /api/v1/pledges/monthly`: the period's bounds and every month of it. */
export const pledgeMonthlyToJson = (period: Period, months: ReadonlyArray<PledgeMonth>) => ({
  period,
  months: months.map((m) => ({ month: m.month, amount: toWire(m.amount), count: m.count }))
})
