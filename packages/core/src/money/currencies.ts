import { Decimal } from "decimal.js"
import { Schema } from "effect"
import { checkSaid, type Said, say } from "../text/messages.js"
import { Yuan } from "./yuan.js"

/*
 * ISO 4217 alphabetic currency codes, and the check that a foreign amount and its rate give the yuan
 * amount recorded beside it.
 *
 * Source: ISO 4217 "List One: current currency & funds", as published by its maintenance agency (SIX
 * Financial Information), at the amendment level in force on 2026-01-01: XCG (Caribbean guilder, from
 * 2025-03-31) in, ANG out; BGN out (Bulgaria adopted the euro on 2026-01-01); ZWG in, ZWL out; SLE in, SLL
 * out. It is declared here, once; when ISO publishes an amendment, change this list and
 * {@link WITHDRAWN_CURRENCIES} together, and the date above. Checked against the alternatives (2026-12):
 * `Intl.supportedValuesOf("currency")` (Node 20's ICU) still lists withdrawn codes (ANG, BGN, HRK, SLL) and
 * lacks VED; the npm package currency-codes 2.2.0 follows the amendment of 2024-06-25 (ANG and BGN in, XCG
 * missing). Otherwise both agree with this list (bar XTS and XXX, left out on purpose as below).
 *
 * Left out on purpose: XTS (reserved for testing) and XXX (no currency) are codes of the list but name no
 * money. Fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW, XDR, XSU, XUA) and the precious metals
 * and bond-market units (XAU, XAG, XPD, XPT, XBA–XBD) are in the list and so are accepted.
 */
export const ISO_4217_CODES: ReadonlySet<string> = new Set(
  (
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP " +
    "GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR " +
    "KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN " +
    "MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD " +
    "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX " +
    "USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF " +
    "XPT XSU XUA YER ZAR ZMW ZWG"
  ).split(" ")
)

/** Codes people still type that ISO 4217 has withdrawn, with the code that replaced each. */
export const WITHDRAWN_CURRENCIES: Readonly<Record<string, string>> = {
  ANG: "XCG",
  BGN: "EUR",
  BYR: "BYN",
  CUC: "CUP",
  DEM: "EUR",
  EEK: "EUR",
  FRF: "EUR",
  HRK: "EUR",
  LTL: "EUR",
  LVL: "EUR",
  MRO: "MRU",
  SKK: "EUR",
  SLL: "SLE",
  STD: "STN",
  VEF: "VES",
  ZMK: "ZMW",
  ZWL: "ZWG"
}

/** True for a current ISO 4217 alphabetic code (upper case, as the standard writes it). */
export const isIsoCurrency = (code: string): boolean => ISO_4217_CODES.has(code)

/**
 * Why `code` is not a current ISO 4217 code, as the message catalogue says it (`what` names the field, "the
 * currency"), or undefined when it is one: lower case is told the capitals, a withdrawn code its
 * replacement.
 */
export const currencyIssue = (code: string, what = "the currency"): Said | undefined => {
  if (isIsoCurrency(code)) return undefined
  const upper = code.toUpperCase()
  if (upper !== code && isIsoCurrency(upper)) return say("currency-capitals", { what, code: upper })
  const replaced = WITHDRAWN_CURRENCIES[upper]
  if (replaced !== undefined) return say("currency-withdrawn", { what, code: upper, replacement: replaced })
  return say("currency-not-iso", { what, code: JSON.stringify(code) })
}

/**
 * Why `code` is not a current ISO 4217 code of a *foreign* currency, as the catalogue says it, or undefined
 * when it is one. CNY is refused: the yuan amount is the record's own amount, not a foreign one.
 */
export const foreignCurrencyIssue = (code: string, what = "the currency"): Said | undefined =>
  code === "CNY" ? say("currency-not-foreign", { what }) : currencyIssue(code, what)

/** {@link foreignCurrencyIssue} in English words. */
export const foreignCurrencyProblem = (code: string): string | undefined =>
  foreignCurrencyIssue(code)?.message

/**
 * The yuan a foreign amount comes to at a rate (yuan per unit of the currency): amount × rate, computed
 * exactly, then rounded **half up** to the fen (0.005 yuan and more rounds away from zero, as on a bank's
 * exchange slip; both factors are positive).
 */
export const yuanOfForeign = (amount: Decimal.Value, rate: Decimal.Value): Decimal =>
  new Yuan(amount).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)

/**
 * Why a foreign amount and its rate do not give the yuan amount recorded beside it, as the catalogue says
 * it (naming `yuanField`, the difference and the foreign amount that would match), or undefined when they
 * do: `yuanOfForeign(amount, rate)` must equal `yuan` to the fen.
 */
export const foreignAmountIssue = (
  fx: { readonly currency: string; readonly amount: Decimal.Value; readonly rate: Decimal.Value },
  yuan: Decimal,
  yuanField: string
): Said | undefined => {
  const converted = yuanOfForeign(fx.amount, fx.rate)
  if (converted.equals(yuan)) return undefined
  const exact = new Yuan(yuan).div(fx.rate)
  return say("fx-amount-mismatch", {
    yuanField,
    amount: new Yuan(fx.amount).toString(),
    currency: fx.currency,
    rate: new Yuan(fx.rate).toString(),
    converted: converted.toFixed(2), // float-ok: Decimal.toFixed, exact
    yuan: yuan.toFixed(2), // float-ok: Decimal.toFixed, exact
    direction: converted.lt(yuan) ? "short" : "over",
    difference: converted.minus(yuan).abs().toFixed(2), // float-ok: Decimal.toFixed, exact
    exact: exact.decimalPlaces() <= 4 ? exact.toString() : ""
  })
}

/** {@link foreignAmountIssue} in English words. */
export const foreignAmountMismatch = (
  fx: { readonly currency: string; readonly amount: Decimal.Value; readonly rate: Decimal.Value },
  yuan: Decimal,
  yuanField: string
): string | undefined => foreignAmountIssue(fx, yuan, yuanField)?.message

/** A current ISO 4217 code (CNY too), each refusal a catalogue message naming `what` (a fund's currency). */
export const IsoCurrency = (what: string) =>
  Schema.String.check(
    Schema.makeFilter(
      (code: string) => {
        const issue = currencyIssue(code, what)
        return issue === undefined || checkSaid(issue)
      },
      { expected: "a current ISO 4217 currency code" }
    )
  )

/** A current ISO 4217 code other than CNY (an entry's `fx.currency`, a rate's currency), as {@link IsoCurrency}. */
export const ForeignCurrency = (what: string) =>
  Schema.String.check(
    Schema.makeFilter(
      (code: string) => {
        const issue = foreignCurrencyIssue(code, what)
        return issue === undefined || checkSaid(issue)
      },
      { expected: "a current ISO 4217 currency code other than CNY" }
    )
  )
