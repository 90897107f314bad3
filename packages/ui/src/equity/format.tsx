/** @jsxImportSource hono/jsx */
import { Decimal, localizedMessage, type XirrResult } from "@kejin/core"
import type { Lang } from "../i18n.js"

/** An amount for people, the exact figure on hover: the dashboard's one way of showing money (`../money.tsx`). */
export { Money } from "../money.js"

/** A multiple (DPI, TVPI, leverage, …) to two places with the exact figure (six places) on hover; — for none. */
export const Multiple = (props: { value: Decimal | null; suffix?: string }) =>
  props.value === null ? (
    <span class="none">—</span>
  ) : (
    <span class="multiple" title={props.value.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6)}>
      {props.value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)}
      {props.suffix ?? "×"}
    </span>
  )

/** A fraction (0.4 = 40 %) as a percentage with one decimal, from the exact Decimal. */
export const percentText = (fraction: Decimal): string =>
  `${fraction.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed(1)}%`

/** A fraction as a whole-number-safe value for `<progress>`: clamped to 0–100 (display only). */
export const progressValue = (fraction: Decimal | null): number =>
  fraction === null ? 0 : Math.min(100, Math.max(0, fraction.times(100).toDecimalPlaces(2).toNumber())) // float-ok: plotting (a bar length)

/** A rate (a fraction per year) as a percentage with two decimals. */
const rateText = (rate: number): string => `${(rate * 100).toFixed(2)}%`

/**
 * An IRR: the rate, with any other roots listed; or, when there is none, "no rate" with the core's
 * reason in the page's language (from the message catalogue by its code; never 0 %).
 */
export const Irr = (props: { result: XirrResult; lang: Lang }) => {
  const { result, lang } = props
  if ("reason" in result) {
    return (
      <span class="irr irr--none" data-irr="none">
        <span class="no-rate">{lang === "en" ? "no rate" : "无法计算"}</span>{" "}
        <span class="irr-reason">
          ({localizedMessage({ message: result.reason, code: result.code, params: result.params }, lang)})
        </span>
      </span>
    )
  }
  return (
    <span class="irr" data-irr={result.rate.toFixed(6)}>
      {rateText(result.rate)}
      {result.otherRoots.length === 0 ? null : (
        <span class="irr-reason">
          {" "}
          ({lang === "en" ? "other roots" : "其他解"}: {result.otherRoots.map(rateText).join(", ")})
        </span>
      )}
    </span>
  )
}
