import { type ErrorDescription, errorDescription } from "../errors.js"

/**
 * Input the finance functions cannot compute with: which argument (`path`, dotted like the field paths of
 * `ValidationError`, e.g. `flows.3.date`, `rate`, `options.guess`) and why (`reason`, for a person).
 *
 * A plain `Error` subclass with a `_tag`, so the pure functions need no Effect; inside Effect code wrap a
 * call in `Effect.try` and match on `_tag`.
 */
export class FinanceInputError extends Error {
  readonly _tag = "FinanceInputError" as const

  constructor(
    /** The argument at fault, dotted: `flows`, `flows.2.amount`, `amounts.0`, `rate`, `options.guess`. */
    readonly path: string,
    /** Why, in words: `"2025-02-30" is not a real date: 2025-02 has 28 days, so there is no day 30`. */
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
    this.name = "FinanceInputError"
  }

  /** Invalid input like a ValidationError's, at the argument it names. */
  get [errorDescription](): ErrorDescription {
    return {
      status: 422,
      problem: "validation",
      title: "The request has invalid fields",
      detail: this.message,
      issues: [{ path: this.path, message: this.reason }]
    }
  }
}
