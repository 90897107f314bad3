import { Schema } from "effect"

// Patterns carry the `u` flag: Effect exports a RegExp to JSON Schema only then (JSON Schema patterns are
// Unicode); without it the check still runs but the document gets no `pattern`.

/** Money on the wire (contract): a decimal string of yuan with exactly two places, as `toWire` writes it. */
export const Money = Schema.String.check(Schema.isPattern(/^-?(?:0|[1-9][0-9]*)\.[0-9]{2}$/u)).annotate({
  identifier: "Money",
  description: "An amount of yuan (元) as a decimal string with exactly two places.",
  examples: ["2500000000.00"]
})

/** A decimal number as exact text on the wire (rates, percentages, ratios, scores), as `Yuan#toString` writes it. */
export const DecimalText = Schema.String.check(Schema.isPattern(/^-?[0-9]+(?:\.[0-9]+)?$/u)).annotate({
  identifier: "DecimalText",
  description: "A decimal number written as text, without trailing zeros (e.g. 1.5, 7.1234).",
  examples: ["1.5"]
})
