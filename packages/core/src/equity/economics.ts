import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import type { Actor } from "../auth/actor.js"
import { ConflictError, NotFoundError, ValidationError } from "../errors.js"
import {
  type CommandError,
  type CommandOptions,
  declaredCommands,
  makeCommandRunner
} from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { ForeignCurrency, IsoCurrency } from "../money/index.js"
import { bind, defineModule, operation } from "../operations/operation.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { sayAt } from "../text/messages.js"
import { BusinessDate, todayInShanghai } from "../time/index.js"
import { Funds, fundScopeError } from "./funds.js"
import {
  type FundCurrencyFigures,
  FundCurrencyFiguresJson,
  FundCurrencyInput,
  FundCurrencyJson,
  type FxRate,
  FxRateInput,
  FxRateJson,
  FxRateListJson,
  FxRateLookupJson,
  FxRateReversalInput,
  findFundCurrency,
  findFxRate,
  findFxRateOn,
  findLiveFxRate,
  fundCurrencyFigures,
  fundCurrencyFiguresToJson,
  fxRateToJson,
  insertFundCurrency,
  insertFxRate,
  insertFxRateReversal,
  listFxRates
} from "./rates.js"
import { FundCode } from "./schema.js"
import { findFund } from "./store.js"
import {
  FeeScheduleJson,
  type FundTerms,
  FundTermsHistoryJson,
  FundTermsInput,
  FundTermsJson,
  feeSchedule,
  feeScheduleToJson,
  findFundTerms,
  fundTermsToJson,
  insertFundTerms,
  splitDistributions,
  type WaterfallReport,
  WaterfallReportJson,
  waterfallReportToJson
} from "./terms.js"

// Fund economics: the rate table and a fund's currency (rates.ts), its terms, fee schedule and waterfall
// (terms.ts). Each operation declared once here; the facade (`kejin.funds.rates.*`, `kejin.funds.terms.*`,
// …), the routes, the forms and the `fx-rates` import are derived from the declarations.

// ---------------------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------------------

const fundPath = {
  field: "fund",
  kind: "code",
  entity: "fund",
  description: "The fund's code (a lowercase slug).",
  example: "wz-angel-1",
  schema: FundCode
} as const

const asOfQuery = {
  name: "asOf",
  description:
    "The day the figures are as of (entries dated on or before it); default today in Asia/Shanghai.",
  example: "2026-12-31",
  schema: BusinessDate
}

const FundAsOf = Schema.Struct({ fund: FundCode, asOf: Schema.optional(BusinessDate) })
const FundOnly = Schema.Struct({ fund: FundCode })

export const exampleFxRate = { currency: "USD", on: "2025-06-30", rate: "7.1586", source: "CFETS 中间价" }

export const recordFxRate = operation({
  name: "funds.rates.record",
  importKind: "fx-rates",
  write: true,
  permission: "funds.write",
  input: FxRateInput,
  output: FxRateJson,
  toJson: (r: FxRate) => fxRateToJson(r),
  summary: { en: "Record an exchange rate", zh: "录入汇率" },
  description:
    "One rate of the table: yuan per unit of a currency (a current ISO 4217 code other than CNY) on a day, " +
    "with its source (e.g. CFETS 中间价, the central parity). One live rate per currency, day and source (409 " +
    "naming `on`); a correction is a reversal and a new rate. Importable as kind `fx-rates`.",
  http: {
    method: "post",
    path: "/api/v1/fx-rates",
    operationId: "recordFxRate",
    tag: "funds",
    body: { identifier: "FxRateInput", example: exampleFxRate },
    ok: { description: "Recorded." },
    conflict: "A live rate of this currency, day and source is recorded already (`errors[0].field` is `on`)."
  }
})

export const reverseFxRate = operation({
  name: "funds.rates.reverse",
  write: true,
  permission: "funds.write",
  input: FxRateReversalInput,
  output: FxRateJson,
  toJson: (r: FxRate) => fxRateToJson(r),
  summary: { en: "Reverse an exchange rate", zh: "冲销汇率" },
  description: "Takes the rate out of every lookup; it stays listed with `reversed: true`.",
  http: {
    method: "post",
    path: "/api/v1/fx-rates/{id}/reversal",
    operationId: "reverseFxRate",
    tag: "funds",
    params: { id: { entity: "exchange rate", description: "The rate's id." } },
    body: { identifier: "FxRateReversalRequest", example: { reason: "录入错误 entered in error" } },
    ok: { description: "Reversed." },
    notFound: "No rate has this id.",
    conflict: "The rate is reversed already (`errors[0].field` is `id`)."
  }
})

const RateListInput = Schema.Struct({ currency: Schema.optional(IsoCurrency("currency")) })

export const listFxRatesOp = operation({
  name: "funds.rates.list",
  write: false,
  exportTable: "items",
  permission: "funds.read",
  input: RateListInput,
  output: FxRateListJson,
  toJson: (items: ReadonlyArray<FxRate>) => ({ items: items.map(fxRateToJson) }),
  summary: { en: "The exchange-rate table", zh: "汇率表" },
  description: "Every rate recorded, newest day first; reversed ones are marked.",
  http: {
    method: "get",
    path: "/api/v1/fx-rates",
    operationId: "listFxRates",
    tag: "funds",
    query: [{ name: "currency", description: "Only this currency (ISO 4217).", example: "USD" }],
    ok: { description: "The rates." }
  }
})

const RateLookupInput = Schema.Struct({ currency: ForeignCurrency("currency"), on: BusinessDate })

export const fxRateOn = operation({
  name: "funds.rates.on",
  write: false,
  permission: "funds.read",
  input: RateLookupInput,
  output: FxRateLookupJson,
  toJson: (r: { currency: string; on: string; rate: FxRate | undefined }) => ({
    currency: r.currency,
    on: r.on,
    rate: r.rate === undefined ? null : fxRateToJson(r.rate)
  }),
  summary: { en: "The rate on or before a day", zh: "查询汇率" },
  description:
    "The live rate of the currency dated on or before `on` (the latest date, then the latest recorded); " +
    "`rate: null` when the table has none.",
  http: {
    method: "get",
    path: "/api/v1/fx-rates/lookup",
    operationId: "lookUpFxRate",
    tag: "funds",
    query: [
      { name: "currency", description: "ISO 4217 code other than CNY.", example: "USD", required: true },
      { name: "on", description: "The day.", example: "2025-07-01", required: true }
    ],
    ok: { description: "The rate, or null." }
  }
})

export const setFundCurrency = operation({
  name: "funds.setCurrency",
  write: true,
  permission: "funds.write",
  input: FundCurrencyInput,
  output: FundCurrencyJson,
  toJson: (c: { fund: string; currency: string }) => c,
  summary: { en: "Set a fund's currency", zh: "设定基金货币" },
  description:
    "The fund's base currency from now on (ISO 4217; CNY when never set): its figures are shown in it and in " +
    "yuan. A fund manager sets it only for the funds they manage.",
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/currency",
    operationId: "setFundCurrency",
    tag: "funds",
    params: { code: fundPath },
    body: { identifier: "FundCurrencyRequest", example: { currency: "USD" } },
    ok: { description: "Set." },
    notFound: "No fund has this code."
  }
})

export const fundCurrencyFiguresOp = operation({
  name: "funds.currencyFigures",
  write: false,
  exportTable: "currencies",
  permission: "funds.read",
  input: FundAsOf,
  output: FundCurrencyFiguresJson,
  toJson: (f: FundCurrencyFigures) => fundCurrencyFiguresToJson(f),
  summary: { en: "A fund's figures in its currency and in yuan", zh: "基金货币与人民币口径指标" },
  description:
    "Committed, paid in, distributed, NAV (rolled forward), DPI, RVPI, TVPI and IRR in the fund's currency " +
    "(each entry's foreign amount in that currency, else its yuan ÷ the table's rate on or before its day, " +
    "half up to 0.01) and in yuan (the yuan amounts). `inFundCurrency` is null, with a note, when an entry " +
    "has neither.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/currency-figures",
    operationId: "getFundCurrencyFigures",
    tag: "funds",
    params: { code: fundPath },
    query: [asOfQuery],
    ok: { description: "The figures." },
    notFound: "No fund has this code."
  }
})

export const exampleFundTerms = {
  feeRateOnCommitment: "0.02",
  feeRateOnCost: "0.015",
  investmentPeriodEnd: "2030-01-01",
  hurdle: "0.08",
  carry: "0.2",
  catchUp: "1",
  waterfall: "european"
}

export const setFundTerms = operation({
  name: "funds.terms.set",
  write: true,
  permission: "funds.write",
  input: FundTermsInput,
  output: FundTermsJson,
  toJson: (t: FundTerms) => fundTermsToJson(t),
  summary: { en: "Set a fund's terms", zh: "设定基金条款" },
  description:
    "The management fee (a rate on commitment during the investment period, then on invested cost), the " +
    "first day after the investment period, the hurdle, the carry, the catch-up and the waterfall type " +
    "(european whole-fund, american deal-by-deal with clawback). Each call is a new version (history kept).",
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/terms",
    operationId: "setFundTerms",
    tag: "funds",
    params: { code: fundPath },
    body: { identifier: "FundTermsRequest", example: exampleFundTerms },
    ok: { description: "The new version." },
    notFound: "No fund has this code."
  }
})

export const getFundTerms = operation({
  name: "funds.terms.get",
  write: false,
  permission: "funds.read",
  input: FundOnly,
  output: FundTermsHistoryJson,
  toJson: (h: { fund: string; versions: ReadonlyArray<FundTerms> }) => ({
    fund: h.fund,
    current: h.versions[0] === undefined ? null : fundTermsToJson(h.versions[0]),
    versions: h.versions.map(fundTermsToJson)
  }),
  summary: { en: "A fund's terms and their history", zh: "基金条款及历史" },
  description: "The current terms (null when none are recorded) and every version, the latest first.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/terms",
    operationId: "getFundTerms",
    tag: "funds",
    params: { code: fundPath },
    ok: { description: "The terms." },
    notFound: "No fund has this code."
  }
})

type FeeScheduleResult = Parameters<typeof feeScheduleToJson>[0]

export const fundFeeSchedule = operation({
  name: "funds.fees",
  write: false,
  permission: "funds.read",
  exportTable: "periods",
  input: FundAsOf,
  output: FeeScheduleJson,
  toJson: (s: FeeScheduleResult) => feeScheduleToJson(s),
  summary: { en: "A fund's management fees", zh: "管理费测算" },
  description:
    "The management fee of each calendar year from the vintage to `asOf` by the current terms " +
    "(fees-and-waterfalls.md): on the live commitments during the investment period, then on the invested " +
    "cost held, Actual/365, each period rounded half up to the fen once.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/fees",
    operationId: "getFundFees",
    tag: "funds",
    params: { code: fundPath },
    query: [asOfQuery],
    ok: { description: "The schedule." },
    notFound: "No fund has this code, or it has no terms."
  }
})

export const fundWaterfall = operation({
  name: "funds.waterfall",
  write: false,
  permission: "funds.read",
  exportTable: "distributions",
  input: FundAsOf,
  output: WaterfallReportJson,
  toJson: (r: WaterfallReport) => waterfallReportToJson(r),
  summary: { en: "Each distribution's LP / GP split", zh: "分配的有限合伙人/普通合伙人拆分" },
  description:
    "Each live distribution dated on or before `asOf` split into its LP and GP parts by the fund's current " +
    "waterfall (european: tiers over the cumulative distributions; american: the carry each exit earned, paid " +
    "from the distributions, and the clawback if the fund ended on `asOf`).",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/waterfall",
    operationId: "getFundWaterfall",
    tag: "funds",
    params: { code: fundPath },
    query: [asOfQuery],
    ok: { description: "The split." },
    notFound: "No fund has this code, or it has no terms."
  }
})

// ---------------------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------------------

type FundOf = { readonly id: number; readonly code: string; readonly vintage: string }

export class FundEconomics extends Context.Service<
  FundEconomics,
  {
    recordRate(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<FxRate, CommandError<never>>
    reverseRate(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<FxRate, CommandError<NotFoundError>>
    rates(currency?: string): Effect.Effect<ReadonlyArray<FxRate>, StoreError>
    rateOn(currency: string, on: string): Effect.Effect<FxRate | undefined, StoreError>
    setCurrency(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<{ fund: string; currency: string }, CommandError<NotFoundError>>
    currencyFigures(
      fund: string,
      asOf?: string
    ): Effect.Effect<FundCurrencyFigures, NotFoundError | StoreError | ValidationError>
    setTerms(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<FundTerms, CommandError<NotFoundError>>
    terms(
      fund: string
    ): Effect.Effect<{ fund: string; versions: ReadonlyArray<FundTerms> }, NotFoundError | StoreError>
    fees(
      fund: string,
      asOf?: string
    ): Effect.Effect<FeeScheduleResult, NotFoundError | StoreError | ValidationError>
    waterfall(
      fund: string,
      asOf?: string
    ): Effect.Effect<WaterfallReport, NotFoundError | StoreError | ValidationError>
  }
>()("@kejin/core/FundEconomics") {
  static readonly layer = Layer.effect(
    FundEconomics,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const funds = yield* Funds
      const declared = declaredCommands(makeCommandRunner(database, journal))
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const loadFund = (db: Kysely<DB>, code: string) =>
        inDb(() => findFund(db, { code })).pipe(
          Effect.flatMap((fund) =>
            fund === undefined
              ? Effect.fail(new NotFoundError({ entity: "fund", id: code }))
              : Effect.succeed(fund as FundOf)
          )
        )
      const writableFund = (trx: Kysely<DB>, actor: Actor, code: string) => {
        const forbidden = fundScopeError(actor, code)
        return forbidden ? Effect.fail(forbidden) : loadFund(trx, code)
      }
      const loadRate = (db: Kysely<DB>, id: number) =>
        inDb(() => findFxRate(db, id)).pipe(
          Effect.flatMap((r) =>
            r === undefined ? Effect.die(new Error(`fx rate ${id} vanished`)) : Effect.succeed(r)
          )
        )
      const asOfOr = (asOf: string | undefined) =>
        asOf === undefined ? todayInShanghai : Effect.succeed(asOf)

      const recordRate = declared(recordFxRate, "FundEconomics.recordRate", {
        write: (trx, r, slot) =>
          Effect.gen(function* () {
            const live = yield* inDb(() => findLiveFxRate(trx, r))
            if (live !== undefined) {
              const said = sayAt("on", "fx-rate-duplicate", {
                currency: r.currency,
                on: r.on,
                source: r.source
              })
              return yield* new ConflictError({ reason: "duplicate", field: "on", detail: said.message })
            }
            const id = yield* inDb(() => insertFxRate(trx, r, slot.seq))
            return yield* loadRate(trx, id)
          }),
        resultRef: (r) => ({ id: r.id }),
        replay: (trx, ref) => loadRate(trx, ref.id)
      })

      const reverseRate = declared(reverseFxRate, "FundEconomics.reverseRate", {
        write: (trx, { id, reason }, slot) =>
          Effect.gen(function* () {
            const rate = yield* inDb(() => findFxRate(trx, id))
            if (rate === undefined)
              return yield* new NotFoundError({ entity: "exchange rate", id: String(id) })
            if (rate.reversed)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "id",
                detail: `the exchange rate ${id} was reversed already`
              })
            yield* inDb(() => insertFxRateReversal(trx, id, reason, slot.seq))
            return yield* loadRate(trx, id)
          }),
        resultRef: (r) => ({ id: r.id }),
        replay: (trx, ref) => loadRate(trx, ref.id)
      })

      const setCurrency = declared(setFundCurrency, "FundEconomics.setCurrency", {
        write: (trx, c, slot, actor) =>
          Effect.gen(function* () {
            const fund = yield* writableFund(trx, actor, c.fund)
            yield* inDb(() => insertFundCurrency(trx, fund.id, c.currency, slot.seq))
            return { fund: fund.code, currency: c.currency }
          }),
        resultRef: (c) => c,
        replay: (_trx, ref) => Effect.succeed(ref)
      })

      const setTerms = declared(setFundTerms, "FundEconomics.setTerms", {
        write: (trx, t, slot, actor) =>
          Effect.gen(function* () {
            const fund = yield* writableFund(trx, actor, t.fund)
            if (t.investmentPeriodEnd <= fund.vintage)
              return yield* new ValidationError({
                issues: [sayAt("investmentPeriodEnd", "fund-terms-period-end", { vintage: fund.vintage })]
              })
            const versions = yield* inDb(() => findFundTerms(trx, fund))
            const version = (versions[0]?.version ?? 0) + 1
            yield* inDb(() =>
              insertFundTerms(trx, fund.id, t, version, { at: slot.at, by: actor.id }, slot.seq)
            )
            return (yield* inDb(() => findFundTerms(trx, fund)))[0]!
          }),
        resultRef: (t) => ({ fund: t.fund, version: t.version }),
        replay: (trx, ref) =>
          Effect.gen(function* () {
            const fund = yield* loadFund(trx, ref.fund).pipe(Effect.orDie)
            const versions = yield* inDb(() => findFundTerms(trx, fund))
            return versions.find((v) => v.version === ref.version)!
          })
      })

      const currentTerms = (fund: FundOf) =>
        inDb(() => findFundTerms(database.db, fund)).pipe(
          Effect.flatMap((versions) =>
            versions[0] === undefined
              ? Effect.fail(new NotFoundError({ entity: "terms of fund", id: fund.code }))
              : Effect.succeed(versions[0])
          )
        )

      return FundEconomics.of({
        recordRate,
        reverseRate,
        rates: (currency) => inDb(() => listFxRates(database.db, { currency })),
        rateOn: (currency, on) => inDb(() => findFxRateOn(database.db, currency, on)),
        setCurrency,
        currencyFigures: (code, asOfGiven) =>
          Effect.gen(function* () {
            const asOf = yield* asOfOr(asOfGiven)
            const fund = yield* loadFund(database.db, code)
            const currency = yield* inDb(() => findFundCurrency(database.db, fund.id))
            const entries = yield* funds.ledger(code, { to: asOf })
            const table =
              currency === "CNY" ? [] : yield* inDb(() => listFxRates(database.db, { currency, to: asOf }))
            return fundCurrencyFigures({ fund: code, currency, entries, table, asOf })
          }),
        setTerms,
        terms: (code) =>
          Effect.gen(function* () {
            const fund = yield* loadFund(database.db, code)
            return { fund: code, versions: yield* inDb(() => findFundTerms(database.db, fund)) }
          }),
        fees: (code, asOfGiven) =>
          Effect.gen(function* () {
            const asOf = yield* asOfOr(asOfGiven)
            const fund = yield* loadFund(database.db, code)
            const terms = yield* currentTerms(fund)
            const entries = yield* funds.ledger(code, { to: asOf })
            const schedule = feeSchedule({ terms, vintage: fund.vintage, entries, asOf })
            return { fund: code, asOf, terms, ...schedule }
          }),
        waterfall: (code, asOfGiven) =>
          Effect.gen(function* () {
            const asOf = yield* asOfOr(asOfGiven)
            const fund = yield* loadFund(database.db, code)
            const terms = yield* currentTerms(fund)
            const entries = yield* funds.ledger(code, { to: asOf })
            return splitDistributions({ fund: code, terms, entries, asOf })
          })
      })
    })
  )
}

// ---------------------------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------------------------

type In<S extends { readonly Type: unknown }> = S["Type"]

/** The fund-economics operations, bound to `FundEconomics`. */
export const fundEconomicsModule = defineModule({
  id: "fund-economics",
  operations: [
    bind(recordFxRate, (input, c) => FundEconomics.use((f) => f.recordRate(c.actor, input, c))),
    bind(
      reverseFxRate,
      (input, c) => FundEconomics.use((f) => f.reverseRate(c.actor, input, c)),
      (id: number, reason: string) => ({ id, reason })
    ),
    bind(
      listFxRatesOp,
      (input) => FundEconomics.use((f) => f.rates((input as In<typeof RateListInput>).currency)),
      (currency?: string) => (currency === undefined ? {} : { currency })
    ),
    bind(
      fxRateOn,
      (input) => {
        const { currency, on } = input as In<typeof RateLookupInput>
        return FundEconomics.use((f) => f.rateOn(currency, on)).pipe(
          Effect.map((rate) => ({ currency, on, rate }))
        )
      },
      (currency: string, on: string) => ({ currency, on })
    ),
    bind(setFundCurrency, (input, c) => FundEconomics.use((f) => f.setCurrency(c.actor, input, c))),
    bind(
      fundCurrencyFiguresOp,
      (input) => {
        const { fund, asOf } = input as In<typeof FundAsOf>
        return FundEconomics.use((f) => f.currencyFigures(fund, asOf))
      },
      (fund: string, asOf?: string) => (asOf === undefined ? { fund } : { fund, asOf })
    ),
    bind(setFundTerms, (input, c) => FundEconomics.use((f) => f.setTerms(c.actor, input, c))),
    bind(
      getFundTerms,
      (input) => FundEconomics.use((f) => f.terms((input as In<typeof FundOnly>).fund)),
      (fund: string) => ({ fund })
    ),
    bind(
      fundFeeSchedule,
      (input) => {
        const { fund, asOf } = input as In<typeof FundAsOf>
        return FundEconomics.use((f) => f.fees(fund, asOf))
      },
      (fund: string, asOf?: string) => (asOf === undefined ? { fund } : { fund, asOf })
    ),
    bind(
      fundWaterfall,
      (input) => {
        const { fund, asOf } = input as In<typeof FundAsOf>
        return FundEconomics.use((f) => f.waterfall(fund, asOf))
      },
      (fund: string, asOf?: string) => (asOf === undefined ? { fund } : { fund, asOf })
    )
  ]
})
