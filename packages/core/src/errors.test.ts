import { Arbitrary, Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Core from "./index.js"
import {
  AuthError,
  ConflictError,
  DatabaseUrlError,
  describeError,
  FinanceInputError,
  ForbiddenError,
  JournalError,
  MoneyParseError,
  NotFoundError,
  StoreError,
  ValidationError
} from "./index.js"
import { say, uniqueViolationOf } from "./internal.js"

type ErrorClass = new (...args: never) => Error

/** Every error class the core exports. */
const exportedErrorClasses = Object.entries(Core as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === "function" && entry[1].prototype instanceof Error
)

/** Instances of the error classes that are not Schemas (those are generated from their Schema). */
const samplesOf: Record<string, ReadonlyArray<Error>> = {
  FinanceInputError: [new FinanceInputError("flows.3.date", "is not a real date")],
  UnreadableFile: [new Core.UnreadableFile("x.xls", say("file-format"))]
}

describe("describeError", () => {
  it("finds every tagged error class the core exports", () => {
    expect(exportedErrorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "AuthError",
        "ConflictError",
        "DatabaseUrlError",
        "FinanceInputError",
        "ForbiddenError",
        "JournalError",
        "MoneyParseError",
        "NotFoundError",
        "StoreError",
        "ValidationError"
      ])
    )
  })

  const isDescribed = (errorClass: ErrorClass, name: string) => (error: unknown) => {
    const d = describeError(error)
    return (
      error instanceof errorClass &&
      (error as { _tag?: unknown })._tag === name &&
      d !== undefined &&
      Number.isInteger(d.status) &&
      d.status >= 400 &&
      d.status <= 599 &&
      /^[a-z]+(-[a-z]+)*$/.test(d.problem) &&
      d.title.length > 0 &&
      // A failure of the system keeps its text (SQL, a URL) inside.
      (d.status !== 500 || d.detail === undefined)
    )
  }

  // A new error class without a description fails here, whatever its fields.
  for (const [name, errorClass] of exportedErrorClasses) {
    it(`${name}: every instance says its status, problem and title, and keeps its _tag`, async () => {
      if (!Schema.isSchema(errorClass)) {
        const samples = samplesOf[name] ?? []
        expect(samples.length, `add instances of ${name} to samplesOf`).toBeGreaterThan(0)
        for (const sample of samples) expect(isDescribed(errorClass, name)(sample)).toBe(true)
        return
      }
      const result = await Effect.runPromise(
        Arbitrary.checkEffect(Arbitrary.schema(errorClass as Schema.Top), isDescribed(errorClass, name), {
          runs: 50,
          seed: 1
        })
      )
      expect(Arbitrary.formatCheckFailure(result)).toBeUndefined()
    })
  }

  it("says what each error means", () => {
    const issues = [{ path: "amount", message: "must be positive" }]
    expect(describeError(new ValidationError({ issues }))).toEqual({
      status: 422,
      problem: "validation",
      title: "The request has invalid fields",
      detail: "amount: must be positive",
      issues
    })
    expect(
      describeError(new ConflictError({ reason: "duplicate", field: "registrationNo", detail: "taken" }))
    ).toEqual({
      status: 409,
      problem: "duplicate",
      title: "Already recorded",
      detail: "taken",
      issues: [{ path: "registrationNo", message: "taken" }]
    })
    expect(
      describeError(new ConflictError({ reason: "idempotency-key-reused", detail: "other body" }))
    ).toEqual({
      status: 409,
      problem: "idempotency-key-reused",
      title: "Idempotency key reused",
      detail: "other body",
      issues: undefined
    })
    expect(describeError(new NotFoundError({ entity: "fund", id: "F1" }))).toMatchObject({
      status: 404,
      problem: "not-found",
      detail: "fund F1 was not found"
    })
    expect(
      describeError(new ForbiddenError({ actor: "u1", role: "viewer", permission: "pledges.write" }))
    ).toMatchObject({ status: 403, problem: "forbidden", detail: "u1 (viewer) may not pledges.write" })
    expect(
      describeError(new StoreError({ reason: "busy", retryable: true, detail: "locked" }))
    ).toMatchObject({
      status: 503,
      problem: "busy",
      detail: "store error (busy, retryable): locked"
    })
    expect(
      describeError(new StoreError({ reason: "unknown", retryable: false, detail: "SELECT …" }))
    ).toEqual({
      status: 500,
      problem: "store",
      title: "The store failed"
    })
    expect(describeError(new MoneyParseError({ input: "1.234", reason: "too many decimals" }))).toMatchObject(
      {
        status: 422,
        problem: "validation",
        issues: [{ path: "", message: 'cannot read "1.234" as an amount of yuan: too many decimals' }]
      }
    )
    expect(describeError(new AuthError({ reason: "invalid-credentials" }))).toMatchObject({
      status: 401,
      problem: "unauthorized"
    })
    expect(describeError(new AuthError({ reason: "setup-done" }))).toMatchObject({
      status: 409,
      problem: "setup-done"
    })
    expect(describeError(new FinanceInputError("flows.3.date", "is not a real date"))).toEqual({
      status: 422,
      problem: "validation",
      title: "The request has invalid fields",
      detail: "flows.3.date: is not a real date",
      issues: [{ path: "flows.3.date", message: "is not a real date" }]
    })
    expect(describeError(new JournalError({ detail: "chain" }))).toMatchObject({
      status: 500,
      problem: "journal"
    })
    expect(describeError(new DatabaseUrlError({ url: "mysql://u:secret@h/db", reason: "unknown" }))).toEqual({
      status: 500,
      problem: "database-url",
      title: "The database cannot be opened"
    })
  })

  it("knows nothing of other errors, nor of look-alikes that only carry a _tag", () => {
    expect(describeError(new Error("boom"))).toBeUndefined()
    expect(describeError({ _tag: "ValidationError", issues: [] })).toBeUndefined()
    expect(describeError(undefined)).toBeUndefined()
    expect(describeError("ValidationError")).toBeUndefined()
  })

  it("is not part of an error's data (the encoded form and JSON stay as they were)", () => {
    const error = new NotFoundError({ entity: "fund", id: "F1" })
    expect(Schema.encodeSync(NotFoundError)(error)).toEqual({
      _tag: "NotFoundError",
      entity: "fund",
      id: "F1"
    })
    expect(Object.keys(error)).not.toContain("status")
  })
})

describe("uniqueViolationOf", () => {
  it("names the constraint, else the columns, of a unique violation and nothing else", () => {
    const violation = (constraint?: string) =>
      new StoreError({
        reason: "unique-violation",
        retryable: false,
        detail: "UNIQUE constraint failed: funds.code",
        ...(constraint === undefined ? {} : { constraint })
      })
    expect(uniqueViolationOf(violation("funds_code_key"))).toBe("funds_code_key")
    expect(uniqueViolationOf(violation())).toBe("UNIQUE constraint failed: funds.code")
    expect(
      uniqueViolationOf(new StoreError({ reason: "busy", retryable: true, detail: "x" }))
    ).toBeUndefined()
    expect(uniqueViolationOf({ _tag: "StoreError", reason: "unique-violation", detail: "x" })).toBeUndefined()
  })
})
