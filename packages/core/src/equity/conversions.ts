import { Decimal } from "decimal.js"
import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import { type Actor, ForbiddenError } from "../auth/actor.js"
import { ConflictError, invalid, NotFoundError } from "../errors.js"
import {
  type CommandError,
  type CommandOptions,
  declaredCommands,
  makeCommandRunner
} from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { fromFen, toFen, toWire, Yuan } from "../money/index.js"
import { Money } from "../money/wire.js"
import { operation } from "../operations/operation.js"
import { ReversalRequest } from "../operations/wire.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { FreeText } from "../text/index.js"
import { checkMessage, said } from "../text/messages.js"
import { BusinessDate, notAfterToday, pastDates, todayInShanghai } from "../time/index.js"
import { FundCode, type Instrument, type InvestmentEntry } from "./schema.js"
import { findEntry, findFund, liveDependents } from "./store.js"

/*
 * Conversions (转股): a convertible (可转债) or future-equity (未来可转股权) holding of a fund becomes equity on
 * a date, at a number of shares and a price per share. The holding's cost moves into equity: nothing is
 * invested again, so the fund's invested cost, paid-in and every pooled figure stay as they were; the
 * holding is equity from the conversion's date on (`FundMetrics.deals("instrument")` moves its cost from
 * one group to the other). `value` = shares × price (to the fen, half up) is the conversion's value at its
 * price, shown beside the cost carried; a fair value is recorded as a valuation, as for every holding.
 *
 * Rules (each a ValidationError naming the field, unless said otherwise): the investment is a live
 * investment of the fund (`investment`; NotFoundError when there is none), of instrument convertible or
 * future-equity, not converted already (a live conversion; ConflictError `investment`), with cost remaining
 * on the conversion's date (`investment`); `on` is on or after the investment and its fund's vintage and not
 * after today. A fund manager converts only the holdings of the funds they manage (ForbiddenError).
 * A correction is a reversal (`funds.reverseConversion`): the holding is what it was before. An investment
 * with a live conversion is reversed only after it (funds.ts).
 */

/** Instruments that convert into equity. */
export const convertibleInstruments: ReadonlyArray<Instrument> = ["convertible", "future-equity"]

const Id = Schema.Int.check(Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") }))

/** A positive decimal written as text, at most `places` decimal places and 18 whole digits. */
const PositiveDecimal = (places: number, example: string) =>
  Schema.Trim.check(
    Schema.makeFilter(
      (text: string) =>
        (new RegExp(`^\\d{1,18}(\\.\\d{1,${places}})?$`).test(text) && new Decimal(text).greaterThan(0)) ||
        `must be a positive decimal number with at most ${places} decimal places, like "${example}"`,
      { expected: "a positive decimal number written as text" }
    )
  )

/** Input of `funds.convert`. */
export const ConversionInput = Schema.Struct({
  /** The convertible or future-equity investment (a fund-ledger entry id). */
  investment: Id,
  on: BusinessDate,
  /** Shares received. */
  shares: PositiveDecimal(6, "125000"),
  /** Yuan per share. */
  price: PositiveDecimal(6, "8.000000"),
  /** The fund the investment is of (the route's path names it). */
  fund: Schema.optional(FundCode)
}).annotate(pastDates("on"))
export type ConversionInputJson = typeof ConversionInput.Encoded

/** Input of `funds.reverseConversion`. */
export const ConversionReversalInput = Schema.Struct({ id: Id, reason: FreeText("the reason") })

export interface Conversion {
  readonly id: number
  /** The fund's code. */
  readonly fund: string
  readonly investment: number
  readonly enterprise: { readonly uscc: string; readonly name: string }
  readonly on: string
  readonly shares: Decimal
  /** Yuan per share. */
  readonly price: Decimal
  /** shares × price, to the fen (half up). */
  readonly value: Decimal
  /** The holding's remaining cost on `on`, carried into equity. */
  readonly cost: Decimal
  readonly fromInstrument: Instrument
  readonly toInstrument: "equity"
  readonly journalSeq: number
  readonly reversal: { readonly on: string; readonly reason: string; readonly journalSeq: number } | null
}

// ---------------------------------------------------------------------------------------------------------
// Store
// ---------------------------------------------------------------------------------------------------------

export interface ConversionFilter {
  readonly ids?: ReadonlyArray<number> | undefined
  readonly fundIds?: ReadonlyArray<number> | undefined
  readonly investmentId?: number | undefined
  /** Dated on or before. */
  readonly to?: string | undefined
  /** Default true. */
  readonly includeReversed?: boolean | undefined
}

export const findConversions = async (
  db: Kysely<DB>,
  filter: ConversionFilter = {}
): Promise<ReadonlyArray<Conversion>> => {
  let query = db
    .selectFrom("fund_conversions as c")
    .innerJoin("funds as f", "f.id", "c.fund_id")
    .innerJoin("fund_entries as i", "i.id", "c.investment_id")
    .innerJoin("enterprises as ent", "ent.id", "i.enterprise_id")
    .leftJoin("fund_conversion_reversals as r", "r.conversion_id", "c.id")
  if (filter.ids !== undefined) query = query.where("c.id", "in", filter.ids.length > 0 ? filter.ids : [-1])
  if (filter.fundIds !== undefined)
    query = query.where("c.fund_id", "in", filter.fundIds.length > 0 ? filter.fundIds : [-1])
  if (filter.investmentId !== undefined) query = query.where("c.investment_id", "=", filter.investmentId)
  if (filter.to !== undefined) query = query.where("c.on_date", "<=", filter.to)
  if (filter.includeReversed === false) query = query.where("r.conversion_id", "is", null)
  const rows = await query
    .selectAll("c")
    .select([
      "f.code as fund_code",
      "ent.uscc",
      "ent.name as enterprise_name",
      "r.on_date as reversed_on",
      "r.reason as reversal_reason",
      "r.journal_id as reversal_journal_id"
    ])
    .orderBy("c.on_date")
    .orderBy("c.id")
    .execute()
  return rows.map((r): Conversion => {
    const shares = new Yuan(r.shares)
    const price = new Yuan(r.price)
    return {
      id: toInt(r.id),
      fund: r.fund_code,
      investment: toInt(r.investment_id),
      enterprise: { uscc: r.uscc, name: r.enterprise_name },
      on: r.on_date,
      shares,
      price,
      value: shares.times(price).toDecimalPlaces(2, Yuan.ROUND_HALF_UP),
      cost: fromFen(toBigInt(r.cost_fen)),
      fromInstrument: r.from_instrument as Instrument,
      toInstrument: "equity",
      journalSeq: toInt(r.journal_id),
      reversal:
        r.reversed_on === null || r.reversal_journal_id === null
          ? null
          : { on: r.reversed_on, reason: r.reversal_reason ?? "", journalSeq: toInt(r.reversal_journal_id) }
    }
  })
}

/** The live conversions of these funds dated on or before `asOf` (the metrics read them). */
export const liveConversions = (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) =>
  findConversions(db, { fundIds, to: asOf, includeReversed: false })

// ---------------------------------------------------------------------------------------------------------
// Wire
// ---------------------------------------------------------------------------------------------------------

const decimalText = (d: Decimal) => new Yuan(d).toString()

export const conversionToJson = (c: Conversion) => ({
  ...c,
  shares: decimalText(c.shares),
  price: decimalText(c.price),
  value: toWire(c.value),
  cost: toWire(c.cost)
})

export const ConversionJson = Schema.Struct({
  id: Schema.Int,
  fund: FundCode,
  investment: Schema.Int,
  enterprise: Schema.Struct({ uscc: Schema.String, name: Schema.String }),
  on: BusinessDate,
  shares: Schema.String.annotate({ description: "Shares received, as decimal text." }),
  price: Schema.String.annotate({ description: "Yuan per share, as decimal text." }),
  // shares × price, to the fen
  value: Money,
  // the holding's remaining cost carried into equity
  cost: Money,
  fromInstrument: Schema.Literals(["convertible", "future-equity"]),
  toInstrument: Schema.Literal("equity"),
  journalSeq: Schema.Int,
  reversal: Schema.NullOr(Schema.Struct({ on: BusinessDate, reason: Schema.String, journalSeq: Schema.Int }))
}).annotate({ identifier: "Conversion" })

// ---------------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------------

const fundParam = {
  field: "fund",
  kind: "code",
  entity: "fund",
  description: "The fund's code (a lowercase slug).",
  example: "wz-angel-1",
  schema: FundCode
} as const

export const recordConversion = operation({
  name: "funds.convert",
  write: true,
  permission: "funds.write",
  input: ConversionInput,
  output: ConversionJson,
  toJson: conversionToJson,
  summary: { en: "Convert a holding into equity", zh: "转股" },
  description:
    "A convertible or future-equity (未来可转股权) investment of the fund becomes equity on `on`, at `shares` " +
    "and `price` (yuan per share). The holding's remaining cost moves into equity (`cost`): nothing is " +
    "invested again, so invested cost and paid-in do not change. Reversible (`POST " +
    "/api/v1/fund-conversions/{id}/reversal`).",
  http: {
    method: "post",
    path: "/api/v1/funds/{code}/conversions",
    operationId: "recordConversion",
    tag: "funds",
    params: { code: fundParam },
    body: {
      identifier: "ConversionBody",
      example: { investment: 12, on: "2025-09-30", shares: "125000", price: "8.00" }
    },
    location: {
      of: (c: Conversion) => `/api/v1/funds/${c.fund}/conversions`,
      description: "The fund's conversions."
    },
    ok: { description: "Recorded (or the first result again, for a repeated idempotency key)." },
    notFound: "No fund has this code, or no investment has the id given.",
    forbidden: "a fund manager names a fund they do not manage (`actor.funds`)",
    conflict:
      "The holding is converted already (`errors[0].field` is `investment`), or the idempotency key was reused."
  }
})

export const reverseConversion = operation({
  name: "funds.reverseConversion",
  write: true,
  permission: "funds.write",
  input: ConversionReversalInput,
  output: ConversionJson,
  toJson: conversionToJson,
  summary: { en: "Reverse a conversion", zh: "冲销转股" },
  description:
    "Takes the conversion out of every figure: the holding is convertible or future-equity again. It stays " +
    "listed with its `reversal`. A reversal is final.",
  http: {
    method: "post",
    path: "/api/v1/fund-conversions/{id}/reversal",
    operationId: "reverseConversion",
    tag: "funds",
    params: { id: { entity: "conversion", description: "The conversion's id." } },
    body: {
      identifier: "ReversalRequest",
      schema: ReversalRequest,
      example: { reason: "转股价格录入错误" }
    },
    ok: { description: "The conversion with its reversal." },
    notFound: "No conversion has this id.",
    forbidden: "a fund manager names a fund they do not manage (`actor.funds`)",
    conflict: "Already reversed (`errors[0].field` is `id`), or the idempotency key was reused."
  }
})

export const ConversionListInput = Schema.Struct({ fund: Schema.String })

export const listConversions = operation({
  name: "funds.conversions",
  write: false,
  permission: "funds.read",
  input: ConversionListInput,
  output: Schema.Array(ConversionJson),
  toJson: (list: ReadonlyArray<Conversion>) => list.map(conversionToJson),
  summary: { en: "A fund's conversions", zh: "基金转股记录" },
  description: "The fund's conversions, reversed ones with their reversal, by date.",
  http: {
    method: "get",
    path: "/api/v1/funds/{code}/conversions",
    operationId: "listConversions",
    tag: "funds",
    params: { code: fundParam },
    ok: { description: "The conversions." },
    notFound: "No fund has this code."
  }
})

// ---------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------

/** funds.ts's scope rule (a fund manager writes only to their funds), here without importing funds.ts. */
const fundScopeError = (actor: Actor, code: string): ForbiddenError | undefined =>
  actor.role === "fund-manager" && !(actor.funds ?? []).includes(code)
    ? new ForbiddenError({ actor: actor.id, role: actor.role, permission: "funds.write", fund: code })
    : undefined

export class Conversions extends Context.Service<
  Conversions,
  {
    convert(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Conversion, CommandError<NotFoundError>>
    reverse(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Conversion, CommandError<NotFoundError>>
    list(fund: string): Effect.Effect<ReadonlyArray<Conversion>, NotFoundError | StoreError>
  }
>()("@kejin/core/Conversions") {
  static readonly layer = Layer.effect(
    Conversions,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const declared = declaredCommands(makeCommandRunner(database, journal))
      const inDb = <A>(run: () => Promise<A>) => database.query(run)
      const loadOne = (trx: Kysely<DB>, id: number) =>
        inDb(() => findConversions(trx, { ids: [id] })).pipe(
          Effect.flatMap(([c]) =>
            c === undefined ? Effect.die(new Error(`conversion ${id} vanished`)) : Effect.succeed(c)
          )
        )

      const convert = declared(recordConversion, "Conversions.convert", {
        write: (trx, x, slot, actor) =>
          Effect.gen(function* () {
            if (x.fund !== undefined) {
              const forbidden = fundScopeError(actor, x.fund)
              if (forbidden) return yield* forbidden
              if ((yield* inDb(() => findFund(trx, { code: x.fund }))) === undefined)
                return yield* new NotFoundError({ entity: "fund", id: x.fund })
            }
            const entry = yield* inDb(() => findEntry(trx, x.investment))
            if (entry?.kind !== "investment" || (x.fund !== undefined && entry.fund !== x.fund))
              return yield* new NotFoundError({ entity: "investment", id: String(x.investment) })
            const investment: InvestmentEntry = entry
            const forbidden = fundScopeError(actor, investment.fund)
            if (forbidden) return yield* forbidden
            yield* notAfterToday("on", x.on)
            if (investment.reversedBy !== null)
              return yield* invalid("investment", "fund-investment-reversed", { id: String(investment.id) })
            if (!convertibleInstruments.includes(investment.instrument))
              return yield* invalid("investment", "conversion-not-convertible", {
                id: String(investment.id),
                instrument: investment.instrument
              })
            if (x.on < investment.on)
              return yield* invalid("on", "fund-before-investment", { on: investment.on })
            const done = yield* inDb(() =>
              findConversions(trx, { investmentId: investment.id, includeReversed: false })
            )
            if (done.length > 0)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "investment",
                ...said("conversion-exists", {
                  id: String(investment.id),
                  on: done[0]!.on,
                  conversion: String(done[0]!.id)
                })
              })
            const exited = (yield* inDb(() => liveDependents(trx, "investment_id", investment.id)))
              .filter((e) => e.kind === "exit" && e.on <= x.on)
              .reduce((a, e) => a + e.costFen, 0n)
            const remaining = toFen(investment.amount) - exited
            if (remaining <= 0n)
              return yield* invalid("investment", "conversion-fully-exited", {
                id: String(investment.id),
                on: x.on
              })
            const fund = yield* inDb(() => findFund(trx, { code: investment.fund }))
            const id = yield* inDb(() =>
              trx
                .insertInto("fund_conversions")
                .values({
                  fund_id: fund!.id,
                  investment_id: investment.id,
                  on_date: x.on,
                  shares: new Yuan(x.shares).toString(),
                  price: new Yuan(x.price).toString(),
                  cost_fen: remaining,
                  from_instrument: investment.instrument,
                  journal_id: slot.seq
                })
                .returning("id")
                .executeTakeFirstOrThrow()
            )
            return yield* loadOne(trx, toInt(id.id))
          }),
        resultRef: (c: Conversion) => ({ id: c.id }),
        replay: (trx, ref: { id: number }) => loadOne(trx, ref.id)
      })

      const reverse = declared(reverseConversion, "Conversions.reverse", {
        write: (trx, r, slot, actor) =>
          Effect.gen(function* () {
            const [found] = yield* inDb(() => findConversions(trx, { ids: [r.id] }))
            if (found === undefined)
              return yield* new NotFoundError({ entity: "conversion", id: String(r.id) })
            const forbidden = fundScopeError(actor, found.fund)
            if (forbidden) return yield* forbidden
            if (found.reversal !== null)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "id",
                ...said("conversion-already-reversed", { id: String(r.id), on: found.reversal.on })
              })
            const on = yield* todayInShanghai
            yield* inDb(() =>
              trx
                .insertInto("fund_conversion_reversals")
                .values({ conversion_id: r.id, on_date: on, reason: r.reason, journal_id: slot.seq })
                .execute()
            )
            return yield* loadOne(trx, r.id)
          }),
        resultRef: (c: Conversion) => ({ id: c.id }),
        replay: (trx, ref: { id: number }) => loadOne(trx, ref.id)
      })

      const list = (code: string) =>
        Effect.gen(function* () {
          const fund = yield* inDb(() => findFund(database.db, { code }))
          if (fund === undefined) return yield* new NotFoundError({ entity: "fund", id: code })
          return yield* inDb(() => findConversions(database.db, { fundIds: [fund.id] }))
        }).pipe(Effect.withSpan("Conversions.list"))

      return Conversions.of({ convert, reverse, list })
    })
  )
}
