/** @jsxImportSource hono/jsx */
import { Decimal } from "@kejin/core"
import { describe, expect, it } from "vitest"
import { largestMoneyUnit, Money, moneyText, moneyUnitFor, placeholderText } from "./money.js"

const d = (text: string) => new Decimal(text)
const html = async (element: unknown): Promise<string> => await (element as { toString(): string }).toString()

describe("money for people: one unit per column, no .00 noise, English units in English", () => {
  const column = [d("337000000"), d("68610000"), d("100"), d("0")]

  it("renders a column of mixed magnitudes in the unit of its largest amount, in Chinese", () => {
    const unit = moneyUnitFor(column, "zh")
    expect(unit.key).toBe("yi")
    expect(column.map((a) => moneyText(a, "zh", { unit }))).toEqual(["3.37亿", "0.69亿", "0.00亿", "0亿"])
    expect(moneyText(d("300000000"), "zh", { unit })).toBe("3亿")
    expect(moneyText(d("-300000000"), "zh", { unit })).toBe("-3亿")
    expect(moneyText(d("300000000.01"), "zh", { unit })).toBe("3.00亿")
  })

  it("keepSmall: a column mixing sizes steps down to 万 / M rather than read an amount as 0.00亿", () => {
    const mixed = [d("300000000"), d("400000"), d("12345.67"), d("0")]
    expect(moneyUnitFor(mixed, "zh").key).toBe("yi")
    const unit = moneyUnitFor(mixed, "zh", { keepSmall: true })
    expect(mixed.map((a) => moneyText(a, "zh", { unit }))).toEqual(["30,000万", "40万", "1.23万", "0万"])
    expect(moneyUnitFor([d("3000000000"), d("400000")], "en", { keepSmall: true }).key).toBe("million")
    // Nothing under a tenth of it: the largest unit; 124万 beside 1.5亿 would read 0.01亿: 万.
    expect(moneyUnitFor([d("300000000"), d("69000000")], "zh", { keepSmall: true }).key).toBe("yi")
    expect(moneyUnitFor([d("150000000"), d("1241461.87")], "zh", { keepSmall: true }).key).toBe("wan")
    // Nor does an amount read as nothing in 万 / M: 2,587.50 yuan beside 15 M is not "0.00 M".
    expect(moneyUnitFor([d("15000000"), d("2587.50")], "en", { keepSmall: true }).key).toBe("yuan")
    expect(moneyUnitFor([d("15000000"), d("2587.50")], "zh", { keepSmall: true }).key).toBe("wan")
    expect(moneyUnitFor([d("15000000"), d("2587.50")], "en").key).toBe("million")
  })

  it("chooses 万 below one 亿 and 元 below one 万; a whole 万 reads without .00", () => {
    const wan = moneyUnitFor([d("68610000"), d("16500")], "zh")
    expect(wan.key).toBe("wan")
    expect(moneyText(d("68610000"), "zh", { unit: wan })).toBe("6,861万")
    expect(moneyText(d("16500"), "zh", { unit: wan })).toBe("1.65万")
    const yuan = moneyUnitFor([d("2587.50"), d("-9999.99")], "zh")
    expect(yuan.key).toBe("yuan")
    expect(moneyText(d("2587.50"), "zh", { unit: yuan })).toBe("2,587.50元")
    expect(moneyText(d("2587"), "zh", { unit: yuan })).toBe("2,587元")
    expect(moneyUnitFor([], "zh").key).toBe("yuan")
  })

  it("speaks English units in English: B, M and yuan, never 亿/万", () => {
    const en = [d("3370000000"), d("68610000"), d("100")]
    const unit = moneyUnitFor(en, "en")
    expect(unit.key).toBe("billion")
    // Billions to three places, as exact as 亿 to two (a million): 68,610,000 reads 0.069 B, not 0.07 B.
    expect(en.map((a) => moneyText(a, "en", { unit }))).toEqual(["3.37 B", "0.069 B", "0.00 B"])
    expect(moneyText(d("8995000000"), "en")).toBe("8.995 B")
    expect(moneyText(d("8995000000"), "zh")).toBe("89.95亿")
    expect(moneyText(d("9000000000"), "en")).toBe("9 B")
    expect(moneyText(d("15000000"), "en", { unit })).toBe("0.015 B")
    expect(moneyText(d("2400000000"), "en")).toBe("2.40 B")
    expect(moneyText(d("337000000"), "en")).toBe("337 M")
    expect(moneyText(d("68610000"), "en")).toBe("68.61 M")
    expect(moneyText(d("2587.50"), "en")).toBe("2,587.50 yuan")
    expect(largestMoneyUnit("en").suffix).toBe(" B")
    for (const amount of [...column, ...en]) expect(moneyText(amount, "en")).not.toMatch(/[亿万元]/)
  })

  it("gives a lone amount its own unit, every figure with its unit, and rounds into the next unit", () => {
    expect(moneyText(d("123456789.01"), "zh")).toBe("1.23亿")
    expect(moneyText(d("68610000"), "zh")).toBe("6,861万")
    expect(moneyText(d("2587.50"), "zh")).toBe("2,587.50元")
    expect(moneyText(d("0"), "zh")).toBe("0元")
    // 9,999.999999万 reads 1亿 (rounded half-even) and 1亿 rounded up, not 10,000.00万.
    expect(moneyText(d("99999999.99"), "zh")).toBe("1.00亿")
    expect(moneyText(d("99999999.99"), "zh", { roundUp: true })).toBe("1.00亿")
  })

  it("rounds a needed amount up at the unit, and keeps the exact amount on hover", async () => {
    const unit = moneyUnitFor([d("100000000.01")], "zh")
    expect(moneyText(d("100000000.01"), "zh", { unit, roundUp: true })).toBe("1.01亿")
    expect(moneyText(d("100000000.01"), "zh", { unit })).toBe("1.00亿")
    expect(moneyText(d("123456789.01"), "zh", { roundUp: true })).toBe("1.24亿")
    expect(await html(<Money amount={d("68610000")} unit={moneyUnitFor([d("337000000")], "zh")} />)).toBe(
      '<span class="money" title="68,610,000.00">0.69亿</span>'
    )
    expect(await html(<Money amount={d("68610000")} lang="en" />)).toBe(
      '<span class="money" title="68,610,000.00">68.61 M</span>'
    )
  })
})

describe("placeholderText: a field's example in the page's language", () => {
  it("keeps Chinese pages' 万/亿, and writes plain yuan on English pages, each amount once", () => {
    expect(placeholderText("25000000.00 / 2500万", "zh")).toBe("25000000.00 / 2500万")
    expect(placeholderText("25000000.00 / 2500万", "en")).toBe("25000000.00")
    expect(placeholderText("100万", "en")).toBe("1,000,000")
    expect(placeholderText("5亿", "en")).toBe("500,000,000")
    expect(placeholderText("2500000000.00 / 25亿 / 5 / 3.2", "en")).toBe("2500000000.00 / 5 / 3.2")
    expect(placeholderText("330302, 6亿\n330303, 4亿", "en")).toBe("330302, 600,000,000\n330303, 400,000,000")
    expect(placeholderText("3.2 / 550亿", "en")).toBe("3.2 / 55,000,000,000")
  })
})
