import { Decimal } from "decimal.js"
import { Schema } from "effect"
import type { Kysely } from "kysely"
import { dpi, rvpi, tvpi, type XirrResult, xirr } from "../finance/index.js"
import { ForeignCurrency, IsoCurrency, Yuan } from "../money/index.js"
import { DecimalText, Money } from "../money/wire.js"
import type { DB } from "../store/schema.js"
import { toInt } from "../store/schema.js"
import { FreeText } from "../text/index.js"
import { checkMessage, type Said, say } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"
import { FundCode, type FundEntry, isLive, PositiveDecimalText } from "./schema.js"
import { IrrJson } from "./wire.js"

/*
 * Multi-currency (多币种): the dated rate table and a fund's base currency.
 *
 * - A rate is yuan per unit of a currency on a day, with its source (e.g. "CFETS 中间价", the central
 *   parity). It is entered (`POST /api/v1/fx-rates`, journalled) or imported (kind `fx-rates`); a correction
 *   is a reversal and a new rate. One live rate per currency, day and source.
 * - The rate of a day is the live rate dated on or before it, the latest date first, then the latest
 *   recorded (`rateOnOrBefore`).
 * - A fund's base currency is CNY unless set (`POST /api/v1/funds/{code}/currency`, journalled; the latest
 *   setting is the currency).
 * - A figure in the fund's currency reads each entry's foreign amount when the entry carries one in that
 *   currency (`fx.amount`, the authoritative foreign figure), else its yuan amount ÷ the table's rate on or
 *   before the entry's day, rounded half up to 0.01 of the currency. A figure in yuan reads the yuan
 *   amounts. The yuan amount of an entry with `fx` equals fx.amount × fx.rate rounded half up to the fen
 *   (money/currencies.ts), so the two agree to the fen on the day of each entry.
 */

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

/** `POST /api/v1/fx-rates`: one rate of the table. */
export const FxRateInput = Schema.Struct({
  /** A current ISO 4217 code other than CNY. */
  currency: ForeignCurrency("currency"),
  /** The day the rate is for. */
  on: BusinessDate,
  /** Yuan per unit of the currency, exact text, up to 10 decimal places, e.g. "7.1234". */
  rate: PositiveDecimalText(10, "7.1234"),
  /** Where it comes from, e.g. CFETS 中间价 (the central parity published by CFETS). */
  source: FreeText("the source", 100)
}).annotate(pastDates("on"))
export type FxRateInputJson = typeof FxRateInput.Encoded

/** `POST /api/v1/fx-rates/{id}/reversal`. */
export const FxRateReversalInput = Schema.Struct({
  id: Schema.Int.check(Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") })),
  reason: FreeText("the reason")
})

/** `POST /api/v1/funds/{code}/currency`: the fund's base currency from now on (CNY included). */
export const FundCurrencyInput = Schema.Struct({
  fund: FundCode,
  currency: IsoCurrency("currency")
})
export type FundCurrencyInputJson = typeof FundCurrencyInput.Encoded

// ---------------------------------------------------------------------------------------------------------
// Records and the store
// ---------------------------------------------------------------------------------------------------------

export interface FxRate {
  readonly id: number
  readonly currency: string
  readonly on: string
  /** Yuan per unit of the currency, exact. */
  readonly rate: Decimal
  readonly source: string
  readonly reversed: boolean
  readonly journalSeq: number
}

type Int = number | bigint | string

interface FxRatesTable {
  id: import("kysely").Generated<Int>
  journal_id: Int
  currency: string
  rate_on: string
  rate: string
  source: string
}

interface FxRateReversalsTable {
  rate_id: Int
  journal_id: Int
  reason: string
}

interface FundCurrenciesTable {
  id: import("kysely").Generated<Int>
  journal_id: Int
  fund_id: Int
  currency: string
}

declare module "../store/schema.js" {
  interface DB {
    fx_rates: FxRatesTable
    fx_rate_reversals: FxRateReversalsTable
    fund_currencies: FundCurrenciesTable
  }
}

const rateColumns = [
  "r.id",
  "r.currency",
  "r.rate_on",
  "r.rate",
  "r.source",
  "r.journal_id",
  "v.rate_id as reversed_id"
] as const

const rateOf = (r: {
  id: Int
  currency: string
  rate_on: string
  rate: string
  source: string
  journal_id: Int
  reversed_id: Int | null
}): FxRate => ({
  id: toInt(r.id),
  currency: r.currency,
  on: r.rate_on,
  rate: new Yuan(r.rate),
  source: r.source,
  reversed: r.reversed_id !== null,
  journalSeq: toInt(r.journal_id)
})

const rates = (db: Kysely<DB>) =>
  db.selectFrom("fx_rates as r").leftJoin("fx_rate_reversals as v", "v.rate_id", "r.id").select(rateColumns)

export const insertFxRate = async (
  db: Kysely<DB>,
  r: { readonly currency: string; readonly on: string; readonly rate: string; readonly source: string },
  seq: number
): Promise<number> => {
  const row = await db
    .insertInto("fx_rates")
    .values({ journal_id: seq, currency: r.currency, rate_on: r.on, rate: r.rate, source: r.source })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(row.id)
}

export const insertFxRateReversal = (db: Kysely<DB>, id: number, reason: string, seq: number) =>
  db.insertInto("fx_rate_reversals").values({ rate_id: id, journal_id: seq, reason }).execute()

export const findFxRate = async (db: Kysely<DB>, id: number): Promise<FxRate | undefined> => {
  const row = await rates(db).where("r.id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : rateOf(row)
}

/** The table, newest day first (then the latest recorded), reversed rates included and marked. */
export const listFxRates = async (
  db: Kysely<DB>,
  filter: { readonly currency?: string | undefined; readonly to?: string | undefined } = {}
): Promise<ReadonlyArray<FxRate>> => {
  let q = rates(db)
  if (filter.currency !== undefined) q = q.where("r.currency", "=", filter.currency)
  if (filter.to !== undefined) q = q.where("r.rate_on", "<=", filter.to)
  const rows = await q.orderBy("r.rate_on", "desc").orderBy("r.id", "desc").execute()
  return rows.map(rateOf)
}

/** The live rate of `currency` on `on` from `source`, if one is recorded (one per currency, day, source). */
export const findLiveFxRate = async (
  db: Kysely<DB>,
  r: { readonly currency: string; readonly on: string; readonly source: string }
): Promise<FxRate | undefined> => {
  const row = await rates(db)
    .where("r.currency", "=", r.currency)
    .where("r.rate_on", "=", r.on)
    .where("r.source", "=", r.source)
    .where("v.rate_id", "is", null)
    .executeTakeFirst()
  return row === undefined ? undefined : rateOf(row)
}

/** The live rate of `currency` on or before `on` (see {@link rateOnOrBefore}), by one index range. */
export const findFxRateOn = async (
  db: Kysely<DB>,
  currency: string,
  on: string
): Promise<FxRate | undefined> => {
  const row = await rates(db)
    .where("r.currency", "=", currency)
    .where("r.rate_on", "<=", on)
    .where("v.rate_id", "is", null)
    .orderBy("r.rate_on", "desc")
    .orderBy("r.id", "desc")
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : rateOf(row)
}

export const insertFundCurrency = (db: Kysely<DB>, fundId: number, currency: string, seq: number) =>
  db.insertInto("fund_currencies").values({ journal_id: seq, fund_id: fundId, currency }).execute()

/** The fund's base currency: its latest setting, CNY when none. */
export const findFundCurrency = async (db: Kysely<DB>, fundId: number): Promise<string> => {
  const row = await db
    .selectFrom("fund_currencies")
    .select("currency")
    .where("fund_id", "=", fundId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst()
  return row?.currency ?? "CNY"
}

// ---------------------------------------------------------------------------------------------------------
// Pure: the rate of a day, and a fund's figures in its currency and in yuan
// ---------------------------------------------------------------------------------------------------------

/**
 * The rate on `on` among `table` (one currency): the live rate dated on or before `on`, the latest date
 * first, then the latest recorded (highest id); undefined when none is.
 */
export const rateOnOrBefore = (table: ReadonlyArray<FxRate>, on: string): FxRate | undefined => {
  let best: FxRate | undefined
  for (const r of table) {
    if (r.reversed || r.on > on) continue
    if (best === undefined || r.on > best.on || (r.on === best.on && r.id > best.id)) best = r
  }
  return best
}

/** Yuan in a currency at a rate (yuan per unit): yuan ÷ rate, rounded half up to 0.01 of the currency. */
export const foreignOfYuan = (yuan: Decimal, rate: Decimal): Decimal =>
  new Yuan(yuan).div(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)

/** A fund's capital figures in one currency. */
export interface CurrencyFigures {
  readonly currency: string
  readonly committed: Decimal
  readonly paidIn: Decimal
  readonly distributions: Decimal
  /** The latest NAV mark on or before asOf + calls − distributions dated after it; null without a mark. */
  readonly nav: Decimal | null
  readonly navDate: string | null
  readonly dpi: Decimal | null
  readonly rvpi: Decimal | null
  readonly tvpi: Decimal | null
  /** XIRR of −calls, +distributions and the NAV on asOf. */
  readonly irr: XirrResult
}

export interface FundCurrencyFigures {
  readonly fund: string
  readonly asOf: string
  /** The fund's base currency. */
  readonly currency: string
  /** In the fund's currency; null when an entry has neither a foreign amount nor a rate (see notes). */
  readonly inFundCurrency: CurrencyFigures | null
  readonly inYuan: CurrencyFigures
  /** How many entries were converted at the table's rate (they carried no amount in the fund's currency). */
  readonly converted: number
  readonly notes: ReadonlyArray<Said>
}

const ZERO = new Yuan(0)
const sum = (xs: ReadonlyArray<Decimal>) => xs.reduce((a, b) => a.plus(b), ZERO)

type Priced = Extract<FundEntry, { kind: "commitment" | "call" | "distribution" | "nav" }>

const yuanOf = (e: Priced): Decimal => (e.kind === "nav" ? e.nav : e.amount)

/** The figures of `entries` with each entry's amount read by `amount`. */
const figuresOf = (
  currency: string,
  entries: ReadonlyArray<Priced>,
  amount: (e: Priced) => Decimal,
  asOf: string
): CurrencyFigures => {
  const of = (kind: Priced["kind"]) => entries.filter((e) => e.kind === kind)
  const committed = sum(of("commitment").map(amount))
  const calls = of("call")
  const dists = of("distribution")
  const paidIn = sum(calls.map(amount))
  const distributions = sum(dists.map(amount))
  const mark = of("nav")
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id))
    .at(-1)
  const nav =
    mark === undefined
      ? null
      : amount(mark)
          .plus(sum(calls.filter((c) => c.on > mark.on).map(amount)))
          .minus(sum(dists.filter((d) => d.on > mark.on).map(amount)))
  const flows = [
    ...calls.map((c) => ({ date: c.on, amount: amount(c).negated() })),
    ...dists.map((d) => ({ date: d.on, amount: amount(d) })),
    ...(nav === null ? [] : [{ date: asOf, amount: nav }])
  ].filter((f) => !f.amount.isZero())
  const irr: XirrResult =
    nav === null
      ? { _tag: "NoRate", reason: `no NAV mark on or before ${asOf}: the IRR needs the NAV as its last flow` }
      : flows.length === 0
        ? { _tag: "NoRate", reason: "there are no cash flows up to the as-of date" }
        : xirr(flows)
  return {
    currency,
    committed,
    paidIn,
    distributions,
    nav,
    navDate: mark?.on ?? null,
    dpi: dpi({ distributions, paidIn }),
    rvpi: nav === null ? null : rvpi({ nav, paidIn }),
    tvpi: nav === null ? null : tvpi({ distributions, nav, paidIn }),
    irr
  }
}

/**
 * A fund's capital figures as of `asOf`, in its base currency and in yuan (this module's comment): `entries`
 * its ledger, `table` the rates of its currency (any order; reversed ones are skipped).
 */
export const fundCurrencyFigures = (input: {
  readonly fund: string
  readonly currency: string
  readonly entries: ReadonlyArray<FundEntry>
  readonly table: ReadonlyArray<FxRate>
  readonly asOf: string
}): FundCurrencyFigures => {
  const { currency, asOf } = input
  const entries = input.entries.filter(
    (e): e is Priced =>
      isLive(e) &&
      e.on <= asOf &&
      (e.kind === "commitment" || e.kind === "call" || e.kind === "distribution" || e.kind === "nav")
  )
  const inYuan = figuresOf("CNY", entries, yuanOf, asOf)
  if (currency === "CNY")
    return { fund: input.fund, asOf, currency, inFundCurrency: inYuan, inYuan, converted: 0, notes: [] }
  const missing = new Set<string>()
  let converted = 0
  const foreign = new Map<number, Decimal>()
  for (const e of entries) {
    if (e.fx !== null && e.fx.currency === currency) {
      foreign.set(e.id, e.fx.amount)
      continue
    }
    const rate = rateOnOrBefore(input.table, e.on)
    if (rate === undefined) missing.add(e.on)
    else {
      converted += 1
      foreign.set(e.id, foreignOfYuan(yuanOf(e), rate.rate))
    }
  }
  if (missing.size > 0)
    return {
      fund: input.fund,
      asOf,
      currency,
      inFundCurrency: null,
      inYuan,
      converted,
      notes: [say("note-fund-currency-rate-missing", { currency, dates: [...missing].sort().join(", ") })]
    }
  const inFundCurrency = figuresOf(currency, entries, (e) => foreign.get(e.id)!, asOf)
  return { fund: input.fund, asOf, currency, inFundCurrency, inYuan, converted, notes: [] }
}

// ---------------------------------------------------------------------------------------------------------
// Wire forms
// ---------------------------------------------------------------------------------------------------------

const text = (d: Decimal) => new Yuan(d).toString()
const fixed = (d: Decimal | null, places: number) => (d === null ? null : d.toFixed(places)) // float-ok: Decimal.toFixed, exact

export const fxRateToJson = (r: FxRate) => ({
  id: r.id,
  currency: r.currency,
  on: r.on,
  rate: text(r.rate),
  source: r.source,
  reversed: r.reversed,
  journalSeq: r.journalSeq
})

export const FxRateJson = Schema.Struct({
  id: Schema.Int,
  currency: Schema.String,
  on: BusinessDate,
  // Yuan per unit of the currency, exact decimal text.
  rate: DecimalText,
  source: Schema.String,
  reversed: Schema.Boolean,
  journalSeq: Schema.Int
}).annotate({ identifier: "FxRate" })

export const FxRateListJson = Schema.Struct({ items: Schema.Array(FxRateJson) })

export const FxRateLookupJson = Schema.Struct({
  currency: Schema.String,
  on: BusinessDate,
  rate: Schema.NullOr(FxRateJson)
})

const irrToJson = (irr: XirrResult) =>
  irr._tag === "Rate"
    ? { _tag: "Rate" as const, rate: irr.rate, otherRoots: irr.otherRoots }
    : {
        _tag: "NoRate" as const,
        reason: irr.reason,
        ...(irr.code === undefined ? {} : { code: irr.code, params: irr.params ?? {} })
      }

const figuresToJson = (f: CurrencyFigures) => ({
  currency: f.currency,
  committed: fixed(f.committed, 2)!,
  paidIn: fixed(f.paidIn, 2)!,
  distributions: fixed(f.distributions, 2)!,
  nav: fixed(f.nav, 2),
  navDate: f.navDate,
  dpi: fixed(f.dpi, 4),
  rvpi: fixed(f.rvpi, 4),
  tvpi: fixed(f.tvpi, 4),
  irr: irrToJson(f.irr)
})

export const fundCurrencyFiguresToJson = (f: FundCurrencyFigures) => ({
  fund: f.fund,
  asOf: f.asOf,
  currency: f.currency,
  inFundCurrency: f.inFundCurrency === null ? null : figuresToJson(f.inFundCurrency),
  inYuan: figuresToJson(f.inYuan),
  converted: f.converted,
  // The fund page's table, one row a currency (the fund's, then yuan): what its export writes.
  currencies: [...(f.inFundCurrency === null ? [] : [f.inFundCurrency]), f.inYuan].map(figuresToJson),
  notes: f.notes.map((n) => n.message),
  noteMessages: f.notes.map((n) => ({ code: n.code, params: n.params, message: n.message }))
})

const CurrencyFiguresJson = Schema.Struct({
  currency: Schema.String,
  committed: Schema.String,
  paidIn: Schema.String,
  distributions: Schema.String,
  nav: Schema.NullOr(Schema.String),
  navDate: Schema.NullOr(Schema.String),
  dpi: Schema.NullOr(Schema.String),
  rvpi: Schema.NullOr(Schema.String),
  tvpi: Schema.NullOr(Schema.String),
  irr: IrrJson
}).annotate({ identifier: "CurrencyFigures" })

/** A row of the figures' table: amounts with two places (in the row's currency), multiples as text. */
const CurrencyRowJson = Schema.Struct({
  ...CurrencyFiguresJson.fields,
  committed: Money,
  paidIn: Money,
  distributions: Money,
  nav: Schema.NullOr(Money),
  dpi: Schema.NullOr(DecimalText),
  rvpi: Schema.NullOr(DecimalText),
  tvpi: Schema.NullOr(DecimalText)
}).annotate({ identifier: "CurrencyFiguresRow" })

export const FundCurrencyFiguresJson = Schema.Struct({
  fund: Schema.String,
  asOf: BusinessDate,
  currency: Schema.String,
  inFundCurrency: Schema.NullOr(CurrencyFiguresJson),
  inYuan: CurrencyFiguresJson,
  converted: Schema.Int,
  currencies: Schema.Array(CurrencyRowJson).annotate({
    description: "The figures as a table: in the fund's currency (when it is not CNY), then in yuan."
  }),
  notes: Schema.Array(Schema.String),
  noteMessages: Schema.Array(
    Schema.Struct({
      code: Schema.String,
      params: Schema.Record(Schema.String, Schema.String),
      message: Schema.String
    })
  )
}).annotate({ identifier: "FundCurrencyFigures" })

export const FundCurrencyJson = Schema.Struct({ fund: Schema.String, currency: Schema.String })
