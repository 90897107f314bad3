/** @jsxImportSource hono/jsx */
import { Decimal, formatYuan, parseYuan, Yuan } from "@kejin/core"
import type { Lang } from "./i18n.js"

/*
 * Money for people, one way on every page. Chinese pages count in 亿 (10⁸), 万 (10⁴) and 元; English pages
 * in B (billion, 10⁹), M (million, 10⁶) and yuan — never 亿/万 (3.37亿 reads "337 M", 6,861万 "68.61 M").
 * An amount that is a whole number of its unit has no decimals (6,861万, not 6,861.00万); any other shows
 * two (3.37亿), or up to three in billions (8.995 B: as exact as 89.95亿). Every figure carries its unit, and the exact amount to the fen is on hover. A column of a
 * table, or a group of figures read together, shares one unit (`moneyUnitFor` of all its amounts), so 3.37亿
 * never stands next to 6,861万. Display only: exact Decimal arithmetic, rounded half-even (or up, for a
 * figure that is needed), never a float.
 */

/** The unit money is shown in: what an amount is divided by and the word after the figure. */
export interface MoneyUnit {
  readonly key: "yi" | "wan" | "yuan" | "billion" | "million"
  readonly size: Decimal
  readonly suffix: string
}

const MONEY_UNITS: Record<Lang, readonly [MoneyUnit, MoneyUnit, MoneyUnit]> = {
  zh: [
    { key: "yi", size: new Decimal(100_000_000), suffix: "亿" },
    { key: "wan", size: new Decimal(10_000), suffix: "万" },
    { key: "yuan", size: new Decimal(1), suffix: "元" }
  ],
  en: [
    { key: "billion", size: new Decimal(1_000_000_000), suffix: " B" },
    { key: "million", size: new Decimal(1_000_000), suffix: " M" },
    { key: "yuan", size: new Decimal(1), suffix: " yuan" }
  ]
}

/** A Chinese page's unit by its key (the core's `YuanUnit`: yi, wan, yuan). */
export const chineseMoneyUnit = (key: "yi" | "wan" | "yuan"): MoneyUnit =>
  MONEY_UNITS.zh.find((u) => u.key === key) ?? MONEY_UNITS.zh[2]

/** The largest unit of a language (亿 / B): for headline figures that are read in it whatever their size. */
export const largestMoneyUnit = (lang: Lang): MoneyUnit => MONEY_UNITS[lang][0]

/**
 * One unit for a column or a group of figures, chosen from its largest amount (by size): 亿 from one 亿,
 * else 万 from one 万, else 元 (English: B from a billion, M from a million, else yuan).
 */
export const moneyUnitFor = (
  amounts: ReadonlyArray<Decimal>,
  lang: Lang,
  options: { readonly keepSmall?: boolean } = {}
): MoneyUnit => {
  const largest = amounts.reduce((max, a) => Decimal.max(max, a.abs()), new Decimal(0))
  const units = MONEY_UNITS[lang]
  const unit = units.find((u) => largest.gte(u.size)) ?? units[2]
  // `keepSmall` (a column mixing sizes, e.g. a 3亿 bond and a 124万 subsidy): no amount other than zero
  // reads under a tenth of the largest unit ("0.01亿", two places hiding all but one digit); the column
  // steps down to the middle unit (万 / M) instead.
  const tiny = amounts.some((a) => !a.isZero() && a.abs().lt(unit.size.div(10)))
  const stepped = options.keepSmall === true && unit === units[0] && tiny ? units[1] : unit
  // Nor, in the middle unit, would one read as nothing: 2,587.50 yuan beside 15 M is not "0.00 M" (a
  // column of yuan then; in 万 it reads 0.26万).
  const vanishes = amounts.some((a) => !a.isZero() && a.abs().lt(stepped.size.div(200)))
  return options.keepSmall === true && stepped === units[1] && vanishes ? units[2] : stepped
}

/**
 * The places an amount shows in `unit`: two, but three in billions, so that an English figure is as exact
 * as the Chinese one (0.01亿 and 0.001 B are both a million): 8,995,000,000 reads 8.995 B (89.95亿), not
 * 9.00 B; a third place that is zero is left out (3.37 B, not 3.370 B).
 */
const placesOf = (unit: MoneyUnit): number => (unit.key === "billion" ? 3 : 2)

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/**
 * An amount in `unit` (by default its own: `moneyUnitFor([amount], lang)`) with the unit after it: a whole
 * number of the unit without decimals (`3亿`, `6,861万`), anything else to two decimals (`3.37亿`,
 * `2,587.50元`), half-even, or rounded up with `roundUp` (a figure that is needed reads never less).
 */
export const moneyText = (
  amount: Decimal,
  lang: Lang,
  options: { readonly unit?: MoneyUnit | undefined; readonly roundUp?: boolean | undefined } = {}
): string => {
  const inUnit = (unit: MoneyUnit) => {
    const exact = new Yuan(amount).div(unit.size)
    const whole = exact.isInteger()
    const shown = whole
      ? exact
      : exact.toDecimalPlaces(placesOf(unit), options.roundUp ? Decimal.ROUND_UP : Decimal.ROUND_HALF_EVEN)
    return { unit, whole, shown }
  }
  // Its own unit is the largest it reads at least one of once rounded (9,999.999万 reads 1亿, not 10,000.00万).
  const { unit, whole, shown } =
    options.unit === undefined
      ? (MONEY_UNITS[lang].map(inUnit).find((u) => u.shown.abs().gte(1)) ?? inUnit(MONEY_UNITS[lang][2]))
      : inUnit(options.unit)
  const [digits = "0", fraction] = shown
    .abs()
    .toFixed(whole ? 0 : Math.max(2, shown.decimalPlaces()))
    .split(".") // float-ok: Decimal.toFixed
  const sign = shown.isNegative() && !shown.isZero() ? "-" : ""
  return `${sign}${groupThousands(digits)}${fraction === undefined ? "" : `.${fraction}`}${unit.suffix}`
}

/**
 * An amount for people ({@link moneyText}), the exact amount to the fen on hover: in `unit` (a column's or
 * a group's, which says the language), else in its own unit in `lang`.
 */
export const Money = (
  props: { amount: Decimal; roundUp?: boolean | undefined } & (
    | { lang: Lang; unit?: MoneyUnit | undefined }
    | { lang?: Lang | undefined; unit: MoneyUnit }
  )
) => (
  <span class="money" title={formatYuan(props.amount)}>
    {moneyText(props.amount, props.lang ?? "zh", { unit: props.unit, roundUp: props.roundUp })}
  </span>
)

/**
 * A field's example text (its placeholder) in the page's language. Chinese pages write amounts as they are
 * typed there (`2500万`, `25亿`); an English page never shows 亿/万: each such amount reads in plain
 * yuan (`25,000,000`), and an alternative that says the same amount twice (`25000000.00 / 2500万`) once.
 */
export const placeholderText = (text: string, lang: Lang): string => {
  if (lang === "zh") return text
  const english = (part: string) =>
    part.replace(/\d[\d,.]*\s*(?:万亿|万|亿)/g, (amount) => {
      const yuan = parseYuan(amount)
      const [digits = "0", fraction] = yuan.toFixed().split(".") // float-ok: Decimal.toFixed
      return `${groupThousands(digits)}${fraction === undefined ? "" : `.${fraction}`}`
    })
  return text
    .split("\n")
    .map((line) => {
      const parts = line.split(" / ")
      const seen = new Set<string>()
      return parts
        .filter((part) => {
          const key = english(part).replaceAll(",", "").replace(/\.0+$/, "")
          if (seen.has(key)) return false
          seen.add(key)
          return true
        })
        .map(english)
        .join(" / ")
    })
    .join("\n")
}
