import { type Kejin, makePatentNumber, makeUscc, openKejin, permissionsOf, Role } from "@kejin/core"
import { type AnyOperation, modules, PledgeLoanJson } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { openApiDocument } from "../openapi/document.js"
import { ProblemJson } from "../openapi/schemas.js"
import { pathParameters } from "./operations.js"

// The routes derived from the operation declarations (core modules): the role × route matrix is generated
// from the declarations, so a route added to a module is checked here without anyone listing it.

const declared: ReadonlyArray<AnyOperation> = modules
  .flatMap((m): ReadonlyArray<AnyOperation> => m.operations)
  .filter((op) => op.http)

/** The path with every id beyond any stored one (the route answers 404 for it, not 401/403). */
const farPath = (op: AnyOperation) =>
  pathParameters(op).reduce(
    (path, name) =>
      path.replace(`{${name}}`, op.http?.params?.[name]?.kind === "code" ? "no-such-code" : "999999"),
    op.http?.path ?? ""
  )

const hasCode = (op: AnyOperation) =>
  pathParameters(op).some((name) => op.http?.params?.[name]?.kind === "code")

/**
 * What a role past the permission check gets: the record does not exist (a write decodes its body first:
 * {} is a 422); a read whose input checks a code in the path may refuse `no-such-code` with a 400 naming
 * it; a read of no record (a list, figures) answers.
 */
const expected = (op: AnyOperation): ReadonlyArray<number> =>
  op.write ? [404, 422] : pathParameters(op).length === 0 ? [200] : hasCode(op) ? [400, 404] : [404]

const openStore = async (database: TestDatabase) => {
  const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
  const app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 10_000 } })
  const tokens = {} as Record<Role, string>
  for (const role of Role.literals) {
    tokens[role] = (
      await kejin.accounts.createToken({
        name: `matrix-${role}`,
        role,
        ...(role === "fund-manager" ? { funds: ["wz-matrix"] } : {})
      })
    ).token
  }
  return { kejin, app, tokens }
}

describe("role × route matrix of the declared operations", () => {
  let database: TestDatabase
  let store: Awaited<ReturnType<typeof openStore>>
  beforeEach(async () => {
    database = await createTestDatabase("sqlite")
    store = await openStore(database)
  })
  afterEach(async () => {
    await store?.kejin.close()
    await database?.dispose()
  })

  it("declares at least the loans' operations, each documented", () => {
    expect(declared.map((op) => op.name)).toEqual(
      expect.arrayContaining(["pledges.loans.draw", "pledges.loans.dispose", "pledges.loans.get"])
    )
    const document = openApiDocument()
    for (const op of declared) {
      const documented = document.paths[op.http!.path]?.[op.http!.method]
      expect(documented?.operationId, op.name).toBe(op.http!.operationId)
      expect(documented?.["x-kejin-permission"], op.name).toBe(op.permission)
    }
  })

  for (const op of declared) {
    const method = op.http!.method.toUpperCase()
    it(`${method} ${op.http!.path}: 401 without credentials, 403 for roles without ${op.permission}, past the check for the others`, async () => {
      const { app, tokens } = store
      const request = (token?: string) =>
        app.request(farPath(op), {
          method,
          headers: {
            "content-type": "application/json",
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
          },
          ...(op.write ? { body: "{}" } : {})
        })
      expect((await request()).status).toBe(401)
      for (const role of Role.literals) {
        const response = await request(tokens[role])
        const status = response.status
        // Past the check (see `expected`). A scoped role (its token names its records: a fund manager's
        // funds) may be refused by the core for a record outside its scope: a 403 that is not the route's
        // permission check.
        if (permissionsOf(role).includes(op.permission)) {
          const scoped = role === "fund-manager"
          const past = [...expected(op), ...(op.http?.query?.some((q) => q.required) ? [400] : [])]
          expect([...past, ...(scoped ? [403] : [])], role).toContain(status)
          if (status === 403) {
            const { detail } = (await response.json()) as { detail?: string }
            expect(detail?.endsWith(`may not ${op.permission}`), role).toBe(false)
          }
        } else expect(status, role).toBe(403)
      }
    })
  }
})

for (const dialect of testDialects()) {
  describe(`POST /api/v1/pledges/loans/{loanId}/disposal on ${dialect}`, () => {
    let database: TestDatabase
    let store: Awaited<ReturnType<typeof openStore>>
    beforeEach(async () => {
      database = await createTestDatabase(dialect)
      store = await openStore(database)
    })
    afterEach(async () => {
      await store?.kejin.close()
      await database?.dispose()
    })

    const post = (path: string, body: unknown, role: Role = "bureau") =>
      store.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${store.tokens[role]}` },
        body: JSON.stringify(body)
      })

    /** A registration with a loan of 1,000万 that went into default. */
    const defaulted = async (kejin: Kejin) => {
      const pledge = await kejin.pledges.record({
        registrationNo: "YHTTPD0000001",
        pledgor: {
          uscc: makeUscc("91330302MA2HD0001"),
          name: "温州处置接口测试有限公司",
          district: "330302"
        },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("202010000001")}`],
        amount: "20000000.00",
        registeredOn: "2026-02-01"
      })
      const loan = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "10000000.00",
        rate: "0.04",
        disbursedOn: "2026-02-10",
        maturesOn: "2027-02-09"
      })
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-08-01" })
      return { pledge, loan }
    }

    it("disposes of the loan: 201 with the settled loan, the reversal puts it back; bad input is a 422 naming the field", async () => {
      const { pledge, loan } = await defaulted(store.kejin)
      const refused = await post(`/api/v1/pledges/loans/${loan.id}/disposal`, {
        on: "2026-09-01",
        method: "sale",
        recovered: "10000000.01"
      })
      expect(refused.status).toBe(422)
      const problem = Schema.decodeUnknownSync(ProblemJson)(await refused.json())
      expect(problem.errors?.map((e) => e.field)).toEqual(["recovered"])
      const mismatch = await post(`/api/v1/pledges/loans/${loan.id}/disposal`, {
        loanId: loan.id + 1,
        on: "2026-09-01",
        method: "sale",
        recovered: "1.00"
      })
      expect(mismatch.status).toBe(422)

      const viewer = await post(
        `/api/v1/pledges/loans/${loan.id}/disposal`,
        { on: "2026-09-01", method: "sale", recovered: "1.00" },
        "viewer"
      )
      expect(viewer.status).toBe(403)

      const response = await post(`/api/v1/pledges/loans/${loan.id}/disposal`, {
        on: "2026-09-01",
        method: "transfer",
        recovered: "6000000.00",
        note: "转让给资产管理公司"
      })
      expect(response.status).toBe(201)
      expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
      const disposed = Schema.decodeUnknownSync(PledgeLoanJson)(await response.json(), {
        onExcessProperty: "error"
      })
      expect(disposed.outstanding).toBe("0.00")
      expect(disposed.disposal).toMatchObject({ recovered: "6000000.00", writtenOff: "4000000.00" })

      const twice = await post(`/api/v1/pledges/loans/${loan.id}/disposal`, {
        on: "2026-09-02",
        method: "sale",
        recovered: "1.00"
      })
      expect(twice.status).toBe(409)

      const released = await post(`/api/v1/pledges/${pledge.id}/release`, { on: "2026-09-10" })
      expect(released.status).toBe(201)
      // The release relied on the disposal: the disposal is reversed only once the release is.
      const blocked = await post(`/api/v1/pledges/loans/disposals/${disposed.disposal!.id}/reversal`, {
        reason: "录入有误"
      })
      expect(blocked.status).toBe(422)
      expect(Schema.decodeUnknownSync(ProblemJson)(await blocked.json()).errors?.map((e) => e.field)).toEqual(
        ["disposalId"]
      )
      const release = (
        (await released.json()) as { events: Array<{ id: number; kind: string }> }
      ).events.find((e) => e.kind === "release")!
      const unreleased = await post(`/api/v1/pledges/events/${release.id}/reversal`, {
        reason: "解除录入有误"
      })
      expect(unreleased.status).toBe(201)

      const reversal = await post(`/api/v1/pledges/loans/disposals/${disposed.disposal!.id}/reversal`, {
        reason: "录入有误"
      })
      expect(reversal.status).toBe(201)
      const undone = Schema.decodeUnknownSync(PledgeLoanJson)(await reversal.json())
      expect(undone.disposal).toBeNull()
      expect(undone.outstanding).toBe("10000000.00")
      const again = await post(`/api/v1/pledges/loans/disposals/${disposed.disposal!.id}/reversal`, {
        reason: "录入有误"
      })
      expect(again.status).toBe(409)
    })

    it("a read refuses a parameter it does not take, and an id nothing can have is a 404", async () => {
      const { loan } = await defaulted(store.kejin)
      const get = (path: string) =>
        store.app.request(path, { headers: { authorization: `Bearer ${store.tokens.viewer}` } })
      const ok = await get(`/api/v1/pledges/loans/${loan.id}`)
      expect(ok.status).toBe(200)
      expect(((await ok.json()) as { defaultedOn: string }).defaultedOn).toBe("2026-08-01")
      const unknown = await get(`/api/v1/pledges/loans/${loan.id}?foo=1`)
      expect(unknown.status).toBe(400)
      const far = await get("/api/v1/pledges/loans/9007199254740993")
      expect(far.status).toBe(404)
      expect(((await far.json()) as { detail: string }).detail).toBe("pledge loan 9007199254740993 not found")
    })
  })
}
