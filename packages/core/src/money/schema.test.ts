import { assert, it as effectIt } from "@effect/vitest"
import { Decimal } from "decimal.js"
import { Effect, Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { PositiveYuanFromString, Yuan, YuanDecimal, YuanFromString } from "./index.js"

const decodeMessage = (schema: Schema.Codec<Decimal, string>, input: unknown): string => {
  const result = Schema.decodeUnknownResult(schema)(input)
  if (Result.isSuccess(result)) throw new Error(`expected ${JSON.stringify(input)} to be rejected`)
  return result.failure.message
}

describe("YuanDecimal", () => {
  it("accepts Decimal instances of any constructor and nothing else", () => {
    expect(Schema.is(YuanDecimal)(new Yuan(1))).toBe(true)
    expect(Schema.is(YuanDecimal)(new Decimal(1))).toBe(true)
    expect(Schema.is(YuanDecimal)("1")).toBe(false)
    expect(Schema.is(YuanDecimal)(1)).toBe(false)
  })
})

describe("YuanFromString", () => {
  it("decodes money text to a Decimal of yuan", () => {
    const decode = Schema.decodeUnknownSync(YuanFromString)
    const amount = decode("2500000000.00")
    expect(amount).toBeInstanceOf(Decimal)
    expect(amount).toBeInstanceOf(Yuan)
    expect(amount.toString()).toBe("2500000000")
    expect(decode("25亿").toString()).toBe("2500000000")
    expect(decode("¥1,234.56").toString()).toBe("1234.56")
    expect(decode("-12.5").toString()).toBe("-12.5")
    expect(decode("0").toString()).toBe("0")
  })

  it("reports the parse reason as the issue message", () => {
    expect(decodeMessage(YuanFromString, "1.234")).toBe(
      "it has more than two decimal places of yuan; amounts are exact to the fen (0.01 yuan) and are never rounded"
    )
    expect(decodeMessage(YuanFromString, "1e5")).toBe(
      "exponent notation (like 1e5) is not accepted: write the digits out"
    )
    expect(decodeMessage(YuanFromString, "")).toBe("the text is empty")
    expect(decodeMessage(YuanFromString, "1,23")).toContain("groups of three digits")
    expect(decodeMessage(YuanFromString, 12)).toBe("Expected string")
  })

  it("reports the path inside a struct", () => {
    const Body = Schema.Struct({ amount: YuanFromString })
    const result = Schema.decodeUnknownResult(Body)({ amount: "12abc" })
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      expect(result.failure.message).toContain('it contains the unexpected character "a"')
      expect(result.failure.message).toContain('["amount"]')
    }
  })

  it("encodes with exactly two decimal places", () => {
    const encode = Schema.encodeSync(YuanFromString)
    expect(encode(new Yuan("2500000000"))).toBe("2500000000.00")
    expect(encode(new Yuan("-12.5"))).toBe("-12.50")
    expect(encode(new Yuan("1e20"))).toBe("100000000000000000000.00")
    expect(encode(new Decimal("90071992547409.99"))).toBe("90071992547409.99")
  })

  it("fails to encode an amount finer than a fen instead of rounding", () => {
    const result = Schema.encodeUnknownResult(YuanFromString)(new Yuan("1.234"))
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) expect(result.failure.message).toContain("more than two decimal places")
  })

  it("round-trips a struct through JSON", () => {
    const Body = Schema.Struct({ amount: YuanFromString, fee: YuanFromString })
    const wire = Schema.encodeSync(Body)({ amount: new Yuan("2500000000"), fee: new Yuan("0.5") })
    expect(JSON.stringify(wire)).toBe('{"amount":"2500000000.00","fee":"0.50"}')
    const back = Schema.decodeUnknownSync(Body)(JSON.parse(JSON.stringify(wire)))
    expect(back.amount.equals(new Yuan("2500000000"))).toBe(true)
    expect(back.fee.equals(new Yuan("0.5"))).toBe(true)
  })

  effectIt.effect("decodes in Effect with the failure in the error channel", () =>
    Effect.gen(function* () {
      const amount = yield* Schema.decodeUnknownEffect(YuanFromString)("3,000万")
      assert.strictEqual(amount.toString(), "30000000")
      const error = yield* Effect.flip(Schema.decodeUnknownEffect(YuanFromString)("12 34"))
      assert.include(error.message, "space inside the number")
    })
  )
})

describe("PositiveYuanFromString", () => {
  it("accepts amounts greater than zero", () => {
    const decode = Schema.decodeUnknownSync(PositiveYuanFromString)
    expect(decode("0.01").toString()).toBe("0.01")
    expect(decode("25亿").toString()).toBe("2500000000")
    expect(decode("25亿")).toBeInstanceOf(Yuan)
  })

  it("rejects zero and negative amounts", () => {
    expect(decodeMessage(PositiveYuanFromString, "0")).toBe("must be greater than zero")
    expect(decodeMessage(PositiveYuanFromString, "0.00万")).toBe("must be greater than zero")
    expect(decodeMessage(PositiveYuanFromString, "-5")).toBe("must be greater than zero")
  })

  it("still reports parse reasons first", () => {
    expect(decodeMessage(PositiveYuanFromString, "1.234")).toContain("more than two decimal places")
  })

  it("encodes like YuanFromString and refuses non-positive amounts", () => {
    expect(Schema.encodeSync(PositiveYuanFromString)(new Yuan("12.3"))).toBe("12.30")
    expect(Result.isFailure(Schema.encodeUnknownResult(PositiveYuanFromString)(new Yuan("-1")))).toBe(true)
  })
})
