import { type ExpressionBuilder, type Kysely, type Selectable, sql } from "kysely"
import { fromFen, toFen, Yuan } from "../money/index.js"
import { wenzhouDistricts } from "../registry/districts.js"
import { type EnterpriseStage, isLocalDistrict, type TechCategory } from "../registry/enterprises.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, type FundEntriesTable, toBigInt, toInt } from "../store/schema.js"
import { afterEntryInserted } from "./aggregates.js"
import {
  type ChainStage,
  type DistributionKind,
  type EntryKind,
  type ExitRoute,
  type ForeignAmountRecord,
  type Fund,
  type FundEntry,
  type FundInput,
  type FundKind,
  type FundOrigin,
  type FundStatus,
  governmentLpTypes,
  type Instrument,
  type InvestmentMode,
  type LpType
} from "./schema.js"

/** Kysely queries for funds and their ledger. Plain promises: the services wrap them in Effect. */

// ---------------------------------------------------------------------------------------------------------
// Funds
// ---------------------------------------------------------------------------------------------------------

export interface FundFilter {
  readonly id?: number | undefined
  readonly code?: string | undefined
  readonly codes?: ReadonlyArray<string> | undefined
  readonly kind?: FundKind | undefined
  readonly parent?: string | undefined
  readonly managerId?: number | undefined
  readonly chainStage?: ChainStage | undefined
}

export const findFunds = async (db: Kysely<DB>, filter: FundFilter = {}): Promise<ReadonlyArray<Fund>> => {
  let query = db
    .selectFrom("funds as f")
    .innerJoin("institutions as m", "m.id", "f.manager_id")
    .leftJoin("funds as p", "p.id", "f.parent_id")
  if (filter.id !== undefined) query = query.where("f.id", "=", filter.id)
  if (filter.code !== undefined) query = query.where("f.code", "=", filter.code)
  if (filter.codes !== undefined)
    query = query.where("f.code", "in", filter.codes.length > 0 ? filter.codes : ["\u0000"])
  if (filter.kind !== undefined) query = query.where("f.kind", "=", filter.kind)
  if (filter.parent !== undefined) query = query.where("p.code", "=", filter.parent)
  if (filter.managerId !== undefined) query = query.where("f.manager_id", "=", filter.managerId)
  if (filter.chainStage !== undefined) query = query.where("f.chain_stage", "=", filter.chainStage)
  const rows = await query
    .selectAll("f")
    .select(["m.name as manager_name", "p.code as parent_code"])
    .orderBy("f.code")
    .execute()
  if (rows.length === 0) return []
  const statuses = await db
    .selectFrom("fund_statuses")
    .select(["fund_id", "status", "on_date"])
    .where(
      "fund_id",
      "in",
      rows.map((r) => r.id)
    )
    .orderBy("on_date")
    .orderBy("id")
    .execute()
  const latest = new Map<number, { status: string; on: string }>()
  for (const s of statuses) latest.set(toInt(s.fund_id), { status: s.status, on: s.on_date })
  return rows.map((r): Fund => {
    const status = latest.get(toInt(r.id)) ?? { status: "raising", on: r.vintage }
    return {
      id: toInt(r.id),
      code: r.code,
      name: r.name,
      kind: r.kind as FundKind,
      chainStage: r.chain_stage as ChainStage | null,
      parent: r.parent_code,
      manager: { id: toInt(r.manager_id), name: r.manager_name },
      targetSize: fromFen(toBigInt(r.target_size_fen)),
      vintage: r.vintage,
      status: status.status as FundStatus,
      statusSince: status.on,
      origin: r.origin as FundOrigin,
      district: r.district,
      reinvestRequired: r.reinvest_required === null ? null : new Yuan(r.reinvest_required),
      journalSeq: toInt(r.journal_id)
    }
  })
}

export const findFund = async (db: Kysely<DB>, filter: FundFilter) => (await findFunds(db, filter))[0]

export const insertFund = async (
  db: Kysely<DB>,
  input: FundInput,
  refs: { readonly parentId: number | null },
  journalSeq: number
): Promise<number> => {
  const row = await db
    .insertInto("funds")
    .values({
      code: input.code,
      name: input.name,
      kind: input.kind,
      chain_stage: input.chainStage ?? null,
      parent_id: refs.parentId,
      manager_id: input.manager,
      target_size_fen: toFen(input.targetSize),
      vintage: input.vintage,
      origin: input.origin ?? "local",
      district: input.district,
      reinvest_required:
        input.reinvestRequired === undefined ? null : new Yuan(input.reinvestRequired).toString(),
      journal_id: journalSeq
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(row.id)
}

export const insertFundStatus = async (
  db: Kysely<DB>,
  row: { fundId: number; status: FundStatus; on: string },
  journalSeq: number
) =>
  db
    .insertInto("fund_statuses")
    .values({ fund_id: row.fundId, status: row.status, on_date: row.on, journal_id: journalSeq })
    .execute()

// ---------------------------------------------------------------------------------------------------------
// Ledger entries
// ---------------------------------------------------------------------------------------------------------

/** Columns of a new entry; everything not given is NULL. */
export type NewEntry = Partial<Omit<Selectable<FundEntriesTable>, "id" | "kind" | "fund_id" | "on_date">> & {
  readonly kind: EntryKind
  readonly fund_id: number
  readonly on_date: string
}

export const insertEntry = async (db: Kysely<DB>, entry: NewEntry, journalSeq: number): Promise<number> => {
  const row = await db
    .insertInto("fund_entries")
    .values({ ...entry, journal_id: journalSeq })
    .returning("id")
    .executeTakeFirstOrThrow()
  // The metrics' per fund per day aggregates (aggregates.ts), kept in the same transaction.
  await afterEntryInserted(db, {
    id: toInt(row.id),
    kind: entry.kind,
    fundId: entry.fund_id,
    on: entry.on_date,
    reverses: entry.reverses_id === undefined || entry.reverses_id === null ? null : toInt(entry.reverses_id)
  })
  return toInt(row.id)
}

/** Columns of a foreign amount, or NULLs. */
export const fxColumns = (fx: { currency: string; amount: string; rate: string } | undefined) => ({
  fx_currency: fx?.currency ?? null,
  fx_amount: fx === undefined ? null : new Yuan(fx.amount).toString(),
  fx_rate: fx === undefined ? null : new Yuan(fx.rate).toString()
})

type EntryEb = ExpressionBuilder<DB & { e: FundEntriesTable }, "e">

/**
 * The enterprise's district on the entry's date: its latest spell starting on or before it. The first
 * spell starts 0001-01-01, so every date has one (no NULL ordering, which differs between dialects).
 */
export const districtOnEntryDate = (eb: EntryEb) =>
  eb
    .selectFrom("enterprise_districts as d")
    .select("d.district")
    .whereRef("d.enterprise_id", "=", "e.enterprise_id")
    .whereRef("d.since", "<=", "e.on_date")
    .orderBy("d.since", "desc")
    .limit(1)

export interface EntryFilter {
  readonly ids?: ReadonlyArray<number> | undefined
  readonly fundId?: number | undefined
  /** Entries of any of these funds (look-through reads a set of funds at once). */
  readonly fundIds?: ReadonlyArray<number> | undefined
  readonly kind?: EntryKind | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly commitmentId?: number | undefined
  readonly investmentId?: number | undefined
  /** The entries one journal entry (one write) recorded: the lines of a pro-rata call or distribution. */
  readonly journalSeq?: number | undefined
  /** Default true: the ledger shows history; figures use live entries only. */
  readonly includeReversed?: boolean | undefined
  /** Investments in this tech category (the investment's own, as the figures group them). */
  readonly techCategory?: TechCategory | undefined
  /** Investments made this way: `direct` 直投 or `via-sub-fund`. */
  readonly mode?: InvestmentMode | undefined
  /** Commitments whose LP is this fund (by code): money a fund of funds passed down. */
  readonly lpFund?: string | undefined
  /** Commitments of government money (fiscal + state-owned LPs), or (false) of the other LP types. */
  readonly government?: boolean | undefined
  /**
   * Investments in enterprises registered in Wenzhou on the investment date (true), or elsewhere (false):
   * the district the ledger shows, `districtOnEntryDate`.
   */
  readonly local?: boolean | undefined
  /** A keyset batch: the entries after this one in the ledger's order (date, then id). */
  readonly after?: LedgerCursor | undefined
  /** At most this many entries (a keyset batch). */
  readonly limit?: number | undefined
}

/** Where a keyset read of a ledger stopped: the last entry read, in the ledger's order (date, then id). */
export interface LedgerCursor {
  readonly on: string
  readonly id: number
}

export const findEntries = async (db: Kysely<DB>, filter: EntryFilter): Promise<ReadonlyArray<FundEntry>> => {
  let query = db
    .selectFrom("fund_entries as e")
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .leftJoin("funds as lpf", "lpf.id", "e.lp_fund_id")
    .leftJoin("enterprises as ent", "ent.id", "e.enterprise_id")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
  if (filter.ids !== undefined) query = query.where("e.id", "in", filter.ids.length > 0 ? filter.ids : [-1])
  if (filter.fundId !== undefined) query = query.where("e.fund_id", "=", filter.fundId)
  if (filter.fundIds !== undefined)
    query = query.where("e.fund_id", "in", filter.fundIds.length > 0 ? filter.fundIds : [-1])
  if (filter.kind !== undefined) query = query.where("e.kind", "=", filter.kind)
  if (filter.from !== undefined) query = query.where("e.on_date", ">=", filter.from)
  if (filter.to !== undefined) query = query.where("e.on_date", "<=", filter.to)
  if (filter.commitmentId !== undefined) query = query.where("e.commitment_id", "=", filter.commitmentId)
  if (filter.investmentId !== undefined) query = query.where("e.investment_id", "=", filter.investmentId)
  if (filter.journalSeq !== undefined) query = query.where("e.journal_id", "=", filter.journalSeq)
  if (filter.includeReversed === false)
    query = query.where("r.id", "is", null).where("e.kind", "!=", "reversal")
  if (filter.techCategory !== undefined)
    query = query.where("e.kind", "=", "investment").where("e.tech_category", "=", filter.techCategory)
  if (filter.mode !== undefined)
    query = query.where("e.kind", "=", "investment").where("e.mode", "=", filter.mode)
  if (filter.lpFund !== undefined) query = query.where("lpf.code", "=", filter.lpFund)
  if (filter.government !== undefined)
    query = query
      .where("e.kind", "=", "commitment")
      .where("e.lp_type", filter.government ? "in" : "not in", [...governmentLpTypes])
  const local = filter.local
  if (local !== undefined)
    query = query.where("e.kind", "=", "investment").where((eb) =>
      eb(
        districtOnEntryDate(eb as unknown as EntryEb),
        local ? "in" : "not in",
        wenzhouDistricts.map((d) => d.code)
      )
    )
  const after = filter.after
  if (after !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb("e.on_date", ">", after.on),
        eb.and([eb("e.on_date", "=", after.on), eb("e.id", ">", after.id)])
      ])
    )
  if (filter.limit !== undefined) query = query.limit(filter.limit)
  const rows = await query
    .selectAll("e")
    .select((eb) => [
      "f.code as fund_code",
      "lpf.code as lp_fund_code",
      "ent.uscc as enterprise_uscc",
      "ent.name as enterprise_name",
      "r.id as reversed_by",
      districtOnEntryDate(eb as unknown as EntryEb).as("district_then")
    ])
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  return rows.map((r): FundEntry => {
    const fx: ForeignAmountRecord | null =
      r.fx_currency === null
        ? null
        : { currency: r.fx_currency, amount: new Yuan(r.fx_amount ?? "0"), rate: new Yuan(r.fx_rate ?? "0") }
    const base = {
      id: toInt(r.id),
      fund: r.fund_code,
      on: r.on_date,
      journalSeq: toInt(r.journal_id),
      reversedBy: r.reversed_by === null ? null : toInt(r.reversed_by),
      fx
    }
    const amount = fromFen(toBigInt(r.amount_fen))
    switch (r.kind as EntryKind) {
      case "commitment":
        return {
          ...base,
          kind: "commitment",
          amount,
          lpName: r.lp_name ?? "",
          lpType: r.lp_type as LpType,
          lpFund: r.lp_fund_code
        }
      case "call":
        return { ...base, kind: "call", amount, commitment: toInt(r.commitment_id) }
      case "distribution":
        return {
          ...base,
          kind: "distribution",
          amount,
          distributionKind: r.distribution_kind as DistributionKind,
          commitment: r.commitment_id === null ? null : toInt(r.commitment_id)
        }
      case "nav":
        return { ...base, kind: "nav", nav: amount }
      case "investment": {
        const district = r.district_then ?? ""
        return {
          ...base,
          kind: "investment",
          amount,
          enterprise: {
            id: toInt(r.enterprise_id),
            uscc: r.enterprise_uscc ?? "",
            name: r.enterprise_name ?? ""
          },
          instrument: r.instrument as Instrument,
          round: r.round,
          stage: r.stage as EnterpriseStage,
          techCategory: r.tech_category as TechCategory,
          mode: r.mode as InvestmentMode,
          district,
          local: isLocalDistrict(district)
        }
      }
      case "valuation":
        return { ...base, kind: "valuation", fairValue: amount, investment: toInt(r.investment_id) }
      case "exit": {
        const costBasis = fromFen(toBigInt(r.cost_fen))
        return {
          ...base,
          kind: "exit",
          proceeds: amount,
          costBasis,
          gain: amount.minus(costBasis),
          route: r.route as ExitRoute,
          investment: toInt(r.investment_id)
        }
      }
      case "reversal":
        return { ...base, kind: "reversal", reverses: toInt(r.reverses_id), reason: r.reason ?? "" }
      default:
        throw new Error(`fund entry ${base.id} has an unknown kind ${r.kind}`)
    }
  })
}

export const findEntry = async (db: Kysely<DB>, id: number) => (await findEntries(db, { ids: [id] }))[0]

/** Live (not reversed) entries of a kind that point at `id` through `column`: calls of a commitment, … */
export const liveDependents = async (
  db: Kysely<DB>,
  column: "commitment_id" | "investment_id",
  id: number
): Promise<ReadonlyArray<{ id: number; kind: string; amountFen: bigint; costFen: bigint; on: string }>> => {
  const rows = await db
    .selectFrom("fund_entries as e")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .select(["e.id", "e.kind", "e.amount_fen", "e.cost_fen", "e.on_date"])
    .where(`e.${column}`, "=", id)
    .where("r.id", "is", null)
    .orderBy("e.id")
    .execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    kind: r.kind,
    amountFen: toBigInt(r.amount_fen),
    costFen: toBigInt(r.cost_fen),
    on: r.on_date
  }))
}

// ---------------------------------------------------------------------------------------------------------
// Figures: live entries only, sums as text (never through a float)
// ---------------------------------------------------------------------------------------------------------

const liveEntries = (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) =>
  db
    .selectFrom("fund_entries as e")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .where("r.id", "is", null)
    .where("e.kind", "!=", "reversal")
    .where("e.on_date", "<=", asOf)
    .where("e.fund_id", "in", fundIds.length > 0 ? fundIds : [-1])

/** The exact sum of the entries' amounts, as text (never a float; exact past 2^63 on SQLite too). */
const fenSum = (db: Kysely<DB>) => capabilitiesOf(db).exactSum(sql`e.amount_fen`)

/** Sums of live commitments per fund, LP type and LP fund, dated up to `asOf`. */
export const commitmentTotals = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await liveEntries(db, fundIds, asOf)
    .where("e.kind", "=", "commitment")
    .select(["e.fund_id", "e.lp_type", "e.lp_fund_id", fenSum(db).as("fen")])
    .groupBy(["e.fund_id", "e.lp_type", "e.lp_fund_id"])
    .execute()
  return rows.map((r) => ({
    fundId: toInt(r.fund_id),
    lpType: r.lp_type as LpType,
    lpFundId: r.lp_fund_id === null ? null : toInt(r.lp_fund_id),
    amount: fromFen(r.fen ?? "0")
  }))
}

/** Sums of live calls, distributions, investments and exit proceeds per fund, kind and date, up to `asOf`. */
export const dailyFlows = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await liveEntries(db, fundIds, asOf)
    .where("e.kind", "in", ["call", "distribution", "investment", "exit"])
    .select(["e.fund_id", "e.kind", "e.on_date", fenSum(db).as("fen")])
    .groupBy(["e.fund_id", "e.kind", "e.on_date"])
    .orderBy("e.on_date")
    .execute()
  return rows.map((r) => ({
    fundId: toInt(r.fund_id),
    kind: r.kind as "call" | "distribution" | "investment" | "exit",
    on: r.on_date,
    amount: fromFen(r.fen ?? "0")
  }))
}

/** Live NAV marks up to `asOf`, oldest first (the last per fund is its latest). */
export const navMarks = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await liveEntries(db, fundIds, asOf)
    .where("e.kind", "=", "nav")
    .select(["e.fund_id", "e.on_date", "e.amount_fen"])
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  return rows.map((r) => ({ fundId: toInt(r.fund_id), on: r.on_date, nav: fromFen(toBigInt(r.amount_fen)) }))
}

export interface HoldingRow {
  readonly id: number
  readonly fundId: number
  readonly on: string
  readonly cost: Yuan
  readonly district: string
  readonly techCategory: string
  readonly mode: string
  /** The instrument the investment was made in (absent: equity). */
  readonly instrument?: string | undefined
}

/** Live investments up to `asOf` with the enterprise's district on the investment date. */
export const investmentRows = async (
  db: Kysely<DB>,
  fundIds: ReadonlyArray<number>,
  asOf: string
): Promise<ReadonlyArray<HoldingRow>> => {
  const rows = await liveEntries(db, fundIds, asOf)
    .where("e.kind", "=", "investment")
    .select((eb) => [
      "e.id",
      "e.fund_id",
      "e.on_date",
      "e.amount_fen",
      "e.tech_category",
      "e.mode",
      "e.instrument",
      districtOnEntryDate(eb as unknown as EntryEb).as("district_then")
    ])
    .orderBy("e.id")
    .execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    fundId: toInt(r.fund_id),
    on: r.on_date,
    cost: fromFen(toBigInt(r.amount_fen)),
    district: r.district_then ?? "",
    techCategory: r.tech_category ?? "other",
    mode: r.mode ?? "direct",
    instrument: r.instrument ?? "equity"
  }))
}

/** Live valuations and exits up to `asOf`, oldest first. */
export const holdingEvents = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await liveEntries(db, fundIds, asOf)
    .where("e.kind", "in", ["valuation", "exit"])
    .select(["e.id", "e.kind", "e.investment_id", "e.on_date", "e.amount_fen", "e.cost_fen"])
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    kind: r.kind as "valuation" | "exit",
    investmentId: toInt(r.investment_id),
    on: r.on_date,
    amount: fromFen(toBigInt(r.amount_fen)),
    cost: fromFen(toBigInt(r.cost_fen))
  }))
}

/** Sum of live commitments to funds of kind city-fund dated in the period (both bounds inclusive). */
export const cityFundCommitmentSum = async (db: Kysely<DB>, period: { from: string; to: string }) => {
  const row = await db
    .selectFrom("fund_entries as e")
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .where("r.id", "is", null)
    .where("f.kind", "=", "city-fund")
    .where("e.kind", "=", "commitment")
    .where("e.on_date", ">=", period.from)
    .where("e.on_date", "<=", period.to)
    .select(fenSum(db).as("fen"))
    .executeTakeFirstOrThrow()
  return fromFen(row.fen ?? "0")
}

/** A live direct investment (直投) by a city fund: one tranche of a project. */
export interface DirectTrancheRow {
  readonly id: number
  readonly fund: string
  readonly on: string
  readonly amount: Yuan
  readonly enterpriseId: number
  readonly uscc: string
  readonly name: string
  readonly techCategory: string
  readonly round: string | null
}

/**
 * Live direct investments (mode `direct`) by funds of kind city-fund dated in the period (both bounds
 * inclusive), oldest first (date, then id): the tranches the direct-investment KPI groups into projects.
 */
export const cityFundDirectTranches = async (
  db: Kysely<DB>,
  period: { from: string; to: string }
): Promise<ReadonlyArray<DirectTrancheRow>> => {
  const rows = await db
    .selectFrom("fund_entries as e")
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .innerJoin("enterprises as ent", "ent.id", "e.enterprise_id")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .where("r.id", "is", null)
    .where("f.kind", "=", "city-fund")
    .where("e.kind", "=", "investment")
    .where("e.mode", "=", "direct")
    .where("e.on_date", ">=", period.from)
    .where("e.on_date", "<=", period.to)
    .select([
      "e.id",
      "f.code",
      "e.on_date",
      "e.amount_fen",
      "e.enterprise_id",
      "ent.uscc",
      "ent.name",
      "e.tech_category",
      "e.round"
    ])
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    fund: r.code,
    on: r.on_date,
    amount: fromFen(toBigInt(r.amount_fen)),
    enterpriseId: toInt(r.enterprise_id),
    uscc: r.uscc,
    name: r.name,
    techCategory: r.tech_category ?? "other",
    round: r.round
  }))
}

/** Which fund is an LP of which (live commitments naming an LP fund, up to `asOf`): the programme's links. */
export const lpFundLinks = async (db: Kysely<DB>, asOf: string) => {
  const rows = await db
    .selectFrom("fund_entries as e")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .where("r.id", "is", null)
    .where("e.kind", "=", "commitment")
    .where("e.lp_fund_id", "is not", null)
    .where("e.on_date", "<=", asOf)
    .select(["e.fund_id", "e.lp_fund_id"])
    .distinct()
    .execute()
  return rows.map((r) => ({ fundId: toInt(r.fund_id), lpFundId: toInt(r.lp_fund_id) }))
}

/** The live conversion of an investment (fund_conversions, 0022), if any: an investment is reversed after it. */
export const liveConversionOf = async (db: Kysely<DB>, investmentId: number) => {
  const row = await db
    .selectFrom("fund_conversions as c")
    .leftJoin("fund_conversion_reversals as r", "r.conversion_id", "c.id")
    .where("c.investment_id", "=", investmentId)
    .where("r.conversion_id", "is", null)
    .select(["c.id", "c.on_date"])
    .executeTakeFirst()
  return row === undefined ? undefined : { id: toInt(row.id), on: row.on_date }
}

/**
 * The LP side of funds' ledgers up to `asOf`: live commitments, calls, distributions and NAV marks, oldest
 * first (date, then id), as entries (look-through reads them for a whole fund tree: no enterprise columns).
 */
export const lpSideEntries = async (
  db: Kysely<DB>,
  fundIds: ReadonlyArray<number>,
  asOf: string
): Promise<ReadonlyArray<FundEntry>> => {
  const rows = await liveEntries(db, fundIds, asOf)
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .leftJoin("funds as lpf", "lpf.id", "e.lp_fund_id")
    .where("e.kind", "in", ["commitment", "call", "distribution", "nav"])
    .select([
      "e.id",
      "e.kind",
      "e.on_date",
      "e.amount_fen",
      "e.commitment_id",
      "e.lp_name",
      "e.lp_type",
      "e.distribution_kind",
      "e.journal_id",
      "f.code as fund_code",
      "lpf.code as lp_fund_code"
    ])
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  return rows.map((r): FundEntry => {
    const base = {
      id: toInt(r.id),
      fund: r.fund_code,
      on: r.on_date,
      journalSeq: toInt(r.journal_id),
      reversedBy: null,
      fx: null
    }
    const amount = fromFen(toBigInt(r.amount_fen))
    switch (r.kind) {
      case "commitment":
        return {
          ...base,
          kind: "commitment",
          amount,
          lpName: r.lp_name ?? "",
          lpType: r.lp_type as LpType,
          lpFund: r.lp_fund_code
        }
      case "call":
        return { ...base, kind: "call", amount, commitment: toInt(r.commitment_id) }
      case "distribution":
        return {
          ...base,
          kind: "distribution",
          amount,
          distributionKind: r.distribution_kind as DistributionKind,
          commitment: r.commitment_id === null ? null : toInt(r.commitment_id)
        }
      default:
        return { ...base, kind: "nav", nav: amount }
    }
  })
}
