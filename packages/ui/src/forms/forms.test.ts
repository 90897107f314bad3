import { ConflictError, ForbiddenError, ValidationError } from "@kejin/core"
import { type AnyOperation, drawLoan, leavesOf, repayLoan } from "@kejin/core/internal"
import { describe, expect, it } from "vitest"
import { errorsOf, fixableIssuesOf } from "./core-errors.js"
import { hasErrors, postedValues } from "./form-state.js"
import { percentText } from "./percent.js"

describe("fixableIssuesOf", () => {
  it("gives a ValidationError's issues and a ConflictError at its field, nothing for other errors", () => {
    const issues = [{ path: "amount", message: "must not be empty" }]
    expect(fixableIssuesOf(new ValidationError({ issues }))).toEqual(issues)
    expect(
      fixableIssuesOf(new ConflictError({ reason: "duplicate", field: "key", detail: "in use" }))
    ).toEqual([{ path: "key", message: "in use" }])
    expect(fixableIssuesOf(new ConflictError({ reason: "duplicate", detail: "conflict" }))).toEqual([
      { path: "", message: "conflict" }
    ])
    // The core's errors are recognised as such, not by a `_tag` a look-alike carries.
    expect(fixableIssuesOf({ _tag: "ValidationError", issues })).toBeUndefined()
    expect(
      fixableIssuesOf(new ForbiddenError({ actor: "u", role: "viewer", permission: "x" }))
    ).toBeUndefined()
    expect(fixableIssuesOf(new Error("boom"))).toBeUndefined()
    expect(fixableIssuesOf(undefined)).toBeUndefined()
  })
})

describe("errorsOf", () => {
  const place = ({ path, message }: { path: string; message: string }) =>
    path === "amount" || path === "on"
      ? { field: path, message }
      : path.startsWith("patents.")
        ? { field: "patents", message: `${path}: ${message}`, join: "; " }
        : undefined

  it("keeps the first issue of a field, joins where asked, and says the rest above the form", () => {
    const errors = errorsOf(
      [
        { path: "amount", message: "first" },
        { path: "amount", message: "second" },
        { path: "patents.0", message: "bad" },
        { path: "patents.2", message: "worse" },
        { path: "pledgeId", message: "is closed" },
        { path: "", message: "whole" }
      ],
      place
    )
    expect(errors).toEqual({
      fields: { amount: "first", patents: "patents.0: bad; patents.2: worse" },
      general: ["pledgeId: is closed", "whole"]
    })
    expect(hasErrors(errors)).toBe(true)
    expect(hasErrors(errorsOf([], place))).toBe(false)
    expect(hasErrors(undefined)).toBe(false)
  })
})

describe("postedValues", () => {
  it("reads the named text fields only: not the token, unknown names or files", () => {
    const body = { amount: "5万", on: "", _csrf: "t", other: "x", file: new Blob(["x"]) }
    expect(postedValues(body, ["amount", "on", "file", "note"])).toEqual({ amount: "5万", on: "" })
  })
})

describe("a rate in a %-labelled field", () => {
  it("sends a bare number as a percentage, and anything with its own % sign or blank as it is", () => {
    expect(percentText("3.85")).toBe("3.85%")
    expect(percentText(" 3.85 ")).toBe("3.85%")
    expect(percentText("3.85%")).toBe("3.85%")
    expect(percentText("3.85％")).toBe("3.85％")
    expect(percentText("  ")).toBe("")
  })

  it("is asked for where the input's Schema holds a fraction people write in percent (a loan's rate), nowhere else", () => {
    const percent = (op: AnyOperation) =>
      leavesOf(op.input)
        .filter((leaf) => leaf.percent === true)
        .map((leaf) => leaf.path.join("."))
    expect(percent(drawLoan as AnyOperation)).toEqual(["rate"])
    expect(percent(repayLoan as AnyOperation)).toEqual([])
  })
})
