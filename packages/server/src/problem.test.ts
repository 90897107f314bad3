import * as Core from "@kejin/core"
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
  UnreadableFile,
  ValidationError
} from "@kejin/core"
import { say } from "@kejin/core/internal"
import { definePlugin } from "@kejin/ui"
import { describe, expect, it, vi } from "vitest"
import { createApp } from "./app.js"
import { cliFailureOf } from "./cli-errors.js"
import { problemFromError } from "./problem.js"

const base = "https://kejin.dev/problems/"

/** One instance of each error the core exports, with the problem+json it is on the wire. */
const cases: ReadonlyArray<readonly [Error, Record<string, unknown>]> = [
  [
    new ValidationError({
      issues: [
        { path: "amount", message: "must be positive" },
        { path: "", message: "unknown field x" }
      ]
    }),
    {
      type: `${base}validation`,
      title: "The request has invalid fields",
      status: 422,
      detail: "amount: must be positive; unknown field x",
      errors: [
        { field: "amount", reason: "must be positive" },
        { field: "", reason: "unknown field x" }
      ]
    }
  ],
  [
    new ValidationError({
      issues: [
        {
          path: "to",
          message: "must not be before from (2026-05-01)",
          code: "to-before-from",
          params: { from: "2026-05-01" }
        }
      ]
    }),
    {
      type: `${base}validation`,
      title: "The request has invalid fields",
      status: 422,
      detail: "to: must not be before from (2026-05-01)",
      errors: [
        {
          field: "to",
          reason: "must not be before from (2026-05-01)",
          code: "to-before-from",
          params: { from: "2026-05-01" }
        }
      ]
    }
  ],
  [
    new ConflictError({ reason: "duplicate", field: "registrationNo", detail: "Y1 is registered already" }),
    {
      type: `${base}duplicate`,
      title: "Already recorded",
      status: 409,
      detail: "Y1 is registered already",
      errors: [{ field: "registrationNo", reason: "Y1 is registered already" }]
    }
  ],
  [
    new ConflictError({ reason: "idempotency-key-reused", detail: "the key came with another body" }),
    {
      type: `${base}idempotency-key-reused`,
      title: "Idempotency key reused",
      status: 409,
      detail: "the key came with another body"
    }
  ],
  [
    new NotFoundError({ entity: "fund", id: "F9" }),
    {
      type: `${base}not-found`,
      title: "Not found",
      status: 404,
      detail: "fund F9 was not found",
      code: "not-found",
      params: { kind: "fund", key: "F9" }
    }
  ],
  [
    new ForbiddenError({ actor: "u1", role: "viewer", permission: "pledges.write" }),
    {
      type: `${base}forbidden`,
      title: "Forbidden",
      status: 403,
      detail: "u1 (viewer) may not pledges.write",
      code: "forbidden",
      params: { actor: "u1", role: "viewer", permission: "pledges.write" }
    }
  ],
  [
    // A fund manager refused another manager's fund: the fund is a parameter, so both languages name it.
    new ForbiddenError({ actor: "u2", role: "fund-manager", permission: "funds.read", fund: "wz-angel-1" }),
    {
      type: `${base}forbidden`,
      title: "Forbidden",
      status: 403,
      detail: "u2 (fund-manager) may not read the ledger of fund wz-angel-1",
      code: "forbidden-fund-ledger",
      params: { actor: "u2", role: "fund-manager", fund: "wz-angel-1" }
    }
  ],
  [
    new StoreError({ reason: "busy", retryable: true, detail: "database is locked" }),
    {
      type: `${base}busy`,
      title: "The store is busy, try again",
      status: 503,
      detail: "store error (busy, retryable): database is locked"
    }
  ],
  [
    new StoreError({ reason: "unknown", retryable: false, detail: "no such table: pledges" }),
    { type: `${base}store`, title: "The store failed", status: 500 }
  ],
  [
    new MoneyParseError({ input: "1.234", reason: "more than two decimal places" }),
    {
      type: `${base}validation`,
      title: "The request has invalid fields",
      status: 422,
      detail: 'cannot read "1.234" as an amount of yuan: more than two decimal places',
      errors: [
        { field: "", reason: 'cannot read "1.234" as an amount of yuan: more than two decimal places' }
      ]
    }
  ],
  [
    new FinanceInputError("flows.0.date", "is not a real date"),
    {
      type: `${base}validation`,
      title: "The request has invalid fields",
      status: 422,
      detail: "flows.0.date: is not a real date",
      errors: [{ field: "flows.0.date", reason: "is not a real date" }]
    }
  ],
  [
    new UnreadableFile("x.xls", say("file-format")),
    {
      type: `${base}unreadable-file`,
      title: "The file cannot be read",
      status: 422,
      detail: "only .xlsx and .csv files can be read (save an .xls as .xlsx)",
      code: "file-format",
      params: {},
      errors: [
        {
          field: "file",
          reason: "only .xlsx and .csv files can be read (save an .xls as .xlsx)",
          code: "file-format",
          params: {}
        }
      ]
    }
  ],
  [
    new AuthError({ reason: "invalid-credentials" }),
    {
      type: `${base}unauthorized`,
      title: "Sign-in refused",
      status: 401,
      detail: "the login or the password is wrong",
      code: "sign-in-refused",
      params: {}
    }
  ],
  [
    new AuthError({ reason: "setup-done" }),
    {
      type: `${base}setup-done`,
      title: "Set up already",
      status: 409,
      detail: "an administrator exists already: sign in instead",
      code: "setup-done",
      params: {}
    }
  ],
  [
    new JournalError({ detail: "entry 3 differs" }),
    { type: `${base}journal`, title: "The journal failed", status: 500 }
  ],
  [
    new DatabaseUrlError({ url: "mysql://kejin:secret@db/kejin", reason: "unknown scheme" }),
    { type: `${base}database-url`, title: "The database cannot be opened", status: 500 }
  ]
]

describe("problemFromError", () => {
  it("covers every error class the core exports", () => {
    const exported = Object.entries(Core)
      .filter(([, v]) => typeof v === "function" && v.prototype instanceof Error)
      .map(([name]) => name)
    const covered = new Set(cases.map(([error]) => error.constructor.name))
    expect(exported.filter((name) => !covered.has(name))).toEqual([])
  })

  for (const [error, body] of cases) {
    it(`maps ${error.constructor.name} (${describeError(error)?.problem}) to its problem`, () => {
      const problem = problemFromError(error)
      expect(problem).toEqual(body)
      expect(problem.status).toBe(describeError(error)?.status)
      // The exact wire text, key order included.
      expect(JSON.stringify(problem)).toBe(JSON.stringify(body))
    })
  }

  it("says nothing more of anything else than that it is an internal error", () => {
    const internal = { type: `${base}internal`, title: "Internal error", status: 500 }
    expect(problemFromError(new Error("SELECT secret FROM users"))).toEqual(internal)
    expect(problemFromError(undefined)).toEqual(internal)
    // Only the core's own errors are described: a look-alike carrying a _tag is not one.
    expect(problemFromError({ _tag: "NotFoundError", entity: "fund", id: "F1", message: "x" })).toEqual(
      internal
    )
  })
})

describe("app.onError", () => {
  it("answers what no handler caught with the error's own problem, and a 500 for anything else", async () => {
    const kejin = await Core.openKejin({ database: "sqlite::memory:" })
    try {
      const thrower = definePlugin({
        id: "thrower",
        title: { zh: "抛出", en: "Thrower" },
        order: 99,
        panels: [],
        routes: [
          {
            method: "GET",
            path: "/thrower/busy",
            handler: () => {
              throw new StoreError({ reason: "busy", retryable: true, detail: "database is locked" })
            }
          },
          {
            method: "GET",
            path: "/thrower/gone",
            handler: () => {
              throw new NotFoundError({ entity: "thing", id: "7" })
            }
          },
          {
            method: "GET",
            path: "/thrower/bug",
            handler: () => {
              throw new Error("SELECT secret")
            }
          }
        ]
      })
      const app = createApp({ kejin, plugins: [thrower] })
      const { token } = await kejin.accounts.createToken({ name: "viewer", role: "viewer" })
      const headers = { authorization: `Bearer ${token}` }
      const logged = vi.spyOn(console, "error").mockImplementation(() => {})
      const gone = await app.request("/thrower/gone", { headers })
      expect(gone.status).toBe(404)
      expect(await gone.json()).toEqual({
        type: `${base}not-found`,
        title: "Not found",
        status: 404,
        detail: "thing 7 was not found",
        code: "not-found",
        params: { kind: "thing", key: "7" }
      })
      expect(logged).not.toHaveBeenCalled()
      const busy = await app.request("/thrower/busy", { headers })
      expect(busy.status).toBe(503)
      expect(busy.headers.get("content-type")).toContain("application/problem+json")
      // A failure of the system carries the request's id, as its log line does.
      expect(await busy.json()).toEqual({
        ...problemFromError(
          new StoreError({ reason: "busy", retryable: true, detail: "database is locked" })
        ),
        requestId: busy.headers.get("x-request-id")
      })
      const bug = await app.request("/thrower/bug", { headers })
      expect(bug.status).toBe(500)
      expect(await bug.json()).toEqual({
        type: `${base}internal`,
        title: "Internal error",
        status: 500,
        requestId: bug.headers.get("x-request-id")
      })
      // Failures of the system are logged, what the caller can fix is not.
      expect(logged).toHaveBeenCalledTimes(2)
    } finally {
      vi.restoreAllMocks()
      await kejin.close()
    }
  })
})

describe("cliFailureOf", () => {
  it("a 422 is exit 2 with its issues one a line, where the command says them", () => {
    const error = new ValidationError({ issues: [{ path: "[3].amount", message: "must be positive" }] })
    expect(cliFailureOf(error)).toEqual({ lines: ["[3].amount: must be positive"], code: 2 })
    expect(cliFailureOf(error, (i) => `at ${i.path}: ${i.message}`).lines).toEqual([
      "at [3].amount: must be positive"
    ])
  })

  it("any other refusal is exit 2 with its detail, a failure exit 1 with its message", () => {
    expect(cliFailureOf(new ConflictError({ reason: "duplicate", field: "login", detail: "taken" }))).toEqual(
      {
        lines: ["taken"],
        code: 2
      }
    )
    expect(cliFailureOf(new NotFoundError({ entity: "token", id: "ci" }))).toEqual({
      lines: ["token ci was not found"],
      code: 2
    })
    expect(
      cliFailureOf(new StoreError({ reason: "connection", retryable: true, detail: "refused" })).code
    ).toBe(1)
    expect(cliFailureOf(new Error("boom"))).toEqual({ lines: ["boom"], code: 1 })
    expect(cliFailureOf("text")).toEqual({ lines: ["text"], code: 1 })
  })
})
