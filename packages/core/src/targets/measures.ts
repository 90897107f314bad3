import type { Decimal } from "decimal.js"
import { Effect } from "effect"
import type { CapitalFigures, FundMetrics } from "../equity/metrics.js"
import type { Linkage } from "../linkage/linkage.js"
import type { LinkageSummary } from "../linkage/schema.js"
import { Yuan } from "../money/index.js"
import type { PledgeBreakdown } from "../pledges/figures.js"
import type { Pledges } from "../pledges/pledges.js"
import type { StoreError } from "../store/errors.js"
import { addDays } from "../time/index.js"

/** What a measure counts in: yuan (exact to the fen), a whole count, or a percent (an exact decimal). */
export const measureUnits = ["yuan", "count", "percent"] as const
export type MeasureUnit = (typeof measureUnits)[number]

/** A period of a measure, both bounds inclusive (`YYYY-MM-DD`). */
export interface MeasurePeriod {
  readonly from: string
  readonly to: string
}

/**
 * Where a measure comes from: `computed` by the core from its records, registered by a `plugin`, or
 * `reported` by hand or by import (the latest value reported in the period).
 */
export type MeasureSource = "computed" | "plugin" | "reported"

/** A measure as people and the API see it (no function). */
export interface MeasureInfo {
  readonly id: string
  readonly label: { readonly zh: string; readonly en: string }
  readonly unit: MeasureUnit
  readonly source: MeasureSource
  /** Whether the value can be split by Wenzhou district (a target split by district needs it). */
  readonly byDistrict: boolean
}

/** A measure with its function: the value over a period and, where it has one, one district's part. */
export interface Measure extends MeasureInfo {
  value(period: MeasurePeriod): Effect.Effect<Decimal, StoreError>
  district?(period: MeasurePeriod, district: string): Effect.Effect<Decimal, StoreError>
  /** A level (a reported figure, a percent) rather than a flow: no run rate, no projection. */
  readonly level?: boolean
}

/** The services the core's own measures read. */
export interface MeasureServices {
  readonly pledges: Pledges["Service"]
  readonly funds: FundMetrics["Service"]
  readonly linkage: Linkage["Service"]
}

// Periods are built from checked dates: a decoding failure or a missing fund below is a defect.
const orDie = <A, E>(effect: Effect.Effect<A, E | StoreError>): Effect.Effect<A, StoreError> =>
  effect.pipe(
    Effect.catchIf(
      (e): e is E => (e as { _tag?: string })._tag !== "StoreError",
      (e) => Effect.die(e)
    )
  ) as Effect.Effect<A, StoreError>

const linkageFigure =
  (pick: (s: LinkageSummary) => Decimal | number) => (s: MeasureServices) => (period: MeasurePeriod) =>
    orDie(s.linkage.summary(period)).pipe(Effect.map((summary) => new Yuan(pick(summary).toString())))

const pledgeFlag =
  (by: "inclusive" | "firstPledge", pick: "amount" | "registrations") =>
  (s: MeasureServices) =>
  (period: MeasurePeriod) =>
    orDie(s.pledges.breakdown(period, by)).pipe(
      Effect.map((b: PledgeBreakdown) => {
        const row = b.rows.find((r) => r.key === true)
        return new Yuan(row === undefined ? 0 : row.measures[pick].toString())
      })
    )

/** Committed capital is a stock as of a day: the flow in a period is the stock at its end less the day before. */
const capitalFlow =
  (pick: (c: CapitalFigures) => Decimal) => (s: MeasureServices) => (period: MeasurePeriod) =>
    Effect.gen(function* () {
      const at = (asOf: string) => orDie(s.funds.capital("origin", { asOf })).pipe(Effect.map(pick))
      const end = yield* at(period.to)
      const before = period.from <= "1900-01-01" ? new Yuan(0) : yield* at(addDays(period.from, -1))
      return new Yuan(end.minus(before))
    })

const originCommitted = (origin: string) =>
  capitalFlow((c) => c.groups.find((g) => g.key === origin)?.committed ?? new Yuan(0))

/** One of the core's own measures: its identity, its unit and how it is computed from the services. */
interface ComputedMeasure {
  readonly id: string
  readonly label: { readonly zh: string; readonly en: string }
  readonly unit: MeasureUnit
  readonly value: (s: MeasureServices) => (period: MeasurePeriod) => Effect.Effect<Decimal, StoreError>
  readonly district?: (
    s: MeasureServices
  ) => (period: MeasurePeriod, district: string) => Effect.Effect<Decimal, StoreError>
}

/** A figure of the registrations' total in the period: the city's, and one district's part. */
const pledgeTotal = (
  pick: (t: { readonly amount: Decimal; readonly count: number }) => Decimal
): Pick<ComputedMeasure, "value" | "district"> => ({
  value: (s) => (period) => orDie(s.pledges.total(period)).pipe(Effect.map(pick)),
  district: (s) => (period, district) => orDie(s.pledges.total(period, { district })).pipe(Effect.map(pick))
})

/** The commitments to the funds of each origin, a measure each (`fund-committed-<origin>`). */
const originLabels = {
  national: { zh: "国家级基金认缴", en: "Commitments to national funds" },
  "central-soe": { zh: "央企基金认缴", en: "Commitments to central-SOE funds" },
  foreign: { zh: "外资基金认缴", en: "Commitments to foreign funds" },
  local: { zh: "本地基金认缴", en: "Commitments to local funds" }
} as const

/** The linkage summary's figures (`linkage/schema.ts`), a measure each by its id: yuan unless said. */
const linkageMeasures: Record<
  string,
  {
    readonly label: ComputedMeasure["label"]
    readonly figure: (s: LinkageSummary) => Decimal | number
    readonly unit?: MeasureUnit
  }
> = {
  "investment-loan-amount": {
    label: { zh: "投贷联动贷款金额", en: "Investment-linked loans" },
    figure: (s) => s.investmentLoan.amount
  },
  "index-loan-amount": {
    label: { zh: "科创指数贷金额", en: "Sci-tech index loans" },
    figure: (s) => s.indexLoan.amount
  },
  "investment-insurance-sum-insured": {
    label: { zh: "投保联动保额", en: "Investment-linked insurance cover" },
    figure: (s) => s.investmentInsurance.sumInsured
  },
  "transfer-insurance-sum-insured": {
    label: { zh: "科技成果转化保险保额", en: "Technology-transfer insurance cover" },
    figure: (s) => s.transferInsurance.sumInsured
  },
  "co-investment-follow-amount": {
    label: { zh: "投投联动跟投金额", en: "Co-investment follow-on" },
    figure: (s) => s.coInvestment.followAmount
  },
  "risk-compensation-paid": {
    label: { zh: "风险补偿金额", en: "Risk compensation paid" },
    figure: (s) => s.riskCompensation.paid
  },
  "interest-subsidy-amount": {
    label: { zh: "贴息金额", en: "Interest subsidies paid" },
    figure: (s) => s.interestSubsidy.amount
  },
  "bond-issuance-amount": {
    label: { zh: "科技创新债券发行额", en: "Sci-tech bond issuance" },
    figure: (s) => s.bonds.amount
  },
  "bond-issuance-count": {
    label: { zh: "科技创新债券发行只数", en: "Sci-tech bonds issued" },
    figure: (s) => s.bonds.count,
    unit: "count"
  }
}

/**
 * Every figure the core computes that a target can follow, declared once each. A flow over the period
 * (records dated in it); the first three ids are those targets used before the registry and never change.
 */
export const computedMeasures: ReadonlyArray<ComputedMeasure> = [
  {
    id: "pledge-amount",
    label: { zh: "专利质押融资金额", en: "Patent pledge financing" },
    unit: "yuan",
    ...pledgeTotal((t) => t.amount)
  },
  {
    id: "city-fund-committed",
    label: { zh: "市科创基金认缴", en: "City fund commitments" },
    unit: "yuan",
    value: (s) => (period) => s.funds.cityFundCommitted(period)
  },
  {
    id: "city-fund-direct-investments",
    label: { zh: "市科创基金直投项目数", en: "City fund direct-investment projects" },
    unit: "count",
    value: (s) => (period) => s.funds.cityFundDirectInvestments(period)
  },
  {
    id: "pledge-registrations",
    label: { zh: "专利质押登记笔数", en: "Patent pledge registrations" },
    unit: "count",
    ...pledgeTotal((t) => new Yuan(t.count))
  },
  {
    id: "pledge-inclusive-amount",
    label: { zh: "普惠专利质押融资金额", en: "Inclusive patent pledge financing" },
    unit: "yuan",
    value: pledgeFlag("inclusive", "amount")
  },
  {
    id: "pledge-first-amount",
    label: { zh: "首次专利质押融资金额", en: "First-pledge financing" },
    unit: "yuan",
    value: pledgeFlag("firstPledge", "amount")
  },
  {
    id: "pledge-first-registrations",
    label: { zh: "首次质押登记笔数", en: "First-pledge registrations" },
    unit: "count",
    value: pledgeFlag("firstPledge", "registrations")
  },
  ...Object.entries(originLabels).map(
    ([origin, label]): ComputedMeasure => ({
      id: `fund-committed-${origin}`,
      label,
      unit: "yuan",
      value: originCommitted(origin)
    })
  ),
  {
    id: "fund-merchant-returned",
    label: { zh: "温商回归资金", en: "Wenzhou merchants' capital returned" },
    unit: "yuan",
    value: capitalFlow((c) => c.merchantReturned)
  },
  ...Object.entries(linkageMeasures).map(
    ([id, m]): ComputedMeasure => ({
      id,
      label: m.label,
      unit: m.unit ?? "yuan",
      value: linkageFigure(m.figure)
    })
  )
]

/** The core's measures bound to its services. */
export const bindComputedMeasures = (services: MeasureServices): ReadonlyArray<Measure> =>
  computedMeasures.map((m) => {
    const district = m.district?.(services)
    return {
      id: m.id,
      label: m.label,
      unit: m.unit,
      source: "computed",
      byDistrict: district !== undefined,
      value: m.value(services),
      ...(district === undefined ? {} : { district })
    }
  })

/** A measure's wire form (`GET /api/v1/measures`). */
export const measureToJson = (m: MeasureInfo) => ({
  id: m.id,
  label: m.label.zh,
  labelEn: m.label.en,
  unit: m.unit,
  source: m.source,
  byDistrict: m.byDistrict
})
