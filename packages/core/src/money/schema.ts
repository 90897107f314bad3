import { Decimal } from "decimal.js"
import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"
import { checkMessage } from "../text/messages.js"
import { MoneyParseError, parseYuan, toWire, type Yuan } from "./yuan.js"

/**
 * Schema for an amount that is already a `Decimal` (any decimal.js constructor). This is the decoded
 * (type) side of {@link YuanFromString}.
 */
export const YuanDecimal = Schema.declare<Yuan>((u): u is Yuan => Decimal.isDecimal(u), {
  identifier: "YuanDecimal",
  expected: "a Decimal amount of yuan"
})

const yuanFromWire = SchemaTransformation.transformEffect<Yuan, string>({
  decode: (text, options) => {
    try {
      return Effect.succeed(parseYuan(text))
    } catch (error) {
      const message = error instanceof MoneyParseError ? error.reason : String(error)
      return Effect.fail(new SchemaIssue.InvalidValue({ message }, text, options))
    }
  },
  encode: (amount, options) => {
    try {
      return Effect.succeed(toWire(amount))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return Effect.fail(new SchemaIssue.InvalidValue({ message }, amount, options))
    }
  }
})

/**
 * Wire codec for money: a string (`"2500000000.00"`, and anything {@link parseYuan} reads, such as
 * `"25亿"`) decodes to a `Decimal` of yuan; a `Decimal` encodes with {@link toWire} (exactly two decimal
 * places). A decode failure's message is the parse reason; encoding an amount with more than two decimal
 * places fails rather than rounds.
 */
export const YuanFromString = Schema.String.pipe(Schema.decodeTo(YuanDecimal, yuanFromWire)).annotate({
  identifier: "YuanFromString"
})

const AMOUNT_POSITIVE = checkMessage("amount-positive")

/** {@link YuanFromString} that also rejects zero and negative amounts ("must be greater than zero"). */
export const PositiveYuanFromString = YuanFromString.check(
  Schema.makeFilter((amount: Yuan) => amount.greaterThan(0) || AMOUNT_POSITIVE, {
    identifier: "PositiveYuan",
    expected: "an amount greater than zero"
  })
)
