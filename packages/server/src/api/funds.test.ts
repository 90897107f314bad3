import { type Kejin, makeUscc, openKejin, toEpochDay } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

/*
 * A fund's life through the API, checked by hand. wz-angel-1 (chain fund, angel), managed by 瓯江创投:
 *   2025-01-10 commitment 100,000,000 (private LP)        2025-02-01 call 40,000,000
 *   2025-03-01 investment in X (鹿城, local) 25,000,000    2025-06-30 valuation of X 30,000,000
 *   2025-11-15 exit from X: proceeds 45,000,000 (cost 25,000,000, gain 20,000,000)
 *   2025-12-01 distribution (gain) 30,000,000             2025-12-31 NAV mark 15,000,000
 * As of 2025-12-31: C 100,000,000; PI 40,000,000; unfunded 60,000,000; called 0.4; D 30,000,000;
 *   DPI 30/40 = 0.75; RVPI 15/40 = 0.375; TVPI 45/40 = 1.125; gross MOIC 45/25 = 1.8 (nothing remains).
 *   Gross IRR: −25,000,000 on 2025-03-01, +45,000,000 259 days later: (1 + r)^(259/365) = 1.8,
 *   r = 1.8^(365/259) − 1 ≈ 1.2927. Net IRR: −40,000,000 (2025-02-01), +30,000,000 (day 303),
 *   +15,000,000 (the NAV, day 333): checked against an independent bisection below.
 * As of 2025-06-30 (before the exit, no NAV mark yet): holdings value 30,000,000 (the valuation),
 *   gross MOIC 30/25 = 1.2; NAV, RVPI and TVPI null, with a note saying why.
 */

const X = makeUscc("91330302MA2AF0001")
const Y = makeUscc("91330302MA2AF0002")

/** An independent XIRR: Actual/365 XNPV, bisection on [−0.99, 10]. */
const bisectIrr = (flows: ReadonlyArray<readonly [string, number]>): number => {
  const d0 = Math.min(...flows.map(([d]) => toEpochDay(d)))
  const npv = (r: number) => flows.reduce((s, [d, a]) => s + a / (1 + r) ** ((toEpochDay(d) - d0) / 365), 0)
  let lo = -0.99
  let hi = 10
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (npv(lo) > 0 === npv(mid) > 0) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`fund API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"admin" | "bureau" | "managerA" | "managerB" | "viewer", string>
    let managerId = 0
    let otherManagerId = 0
    const ids = {} as Record<"commitment" | "investment" | "otherCommitment" | "otherEntry", number>

    const send = async (
      who: keyof typeof tokens,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {}
    ): Promise<{ status: number; body: Json; headers: Headers }> => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      return {
        status: response.status,
        body: text === "" ? undefined : JSON.parse(text),
        headers: response.headers
      }
    }
    const get = (who: keyof typeof tokens, path: string) => send(who, "GET", path)
    const post = (who: keyof typeof tokens, path: string, body: unknown, headers?: Record<string, string>) =>
      send(who, "POST", path, body, headers)
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      const token = async (name: string, role: string, funds?: Array<string>) =>
        (await kejin.accounts.createToken({ name, role, ...(funds ? { funds } : {}) })).token
      tokens.admin = await token("t-admin", "admin")
      tokens.bureau = await token("t-bureau", "bureau")
      tokens.managerA = await token("t-manager-a", "fund-manager", ["wz-angel-1"])
      tokens.managerB = await token("t-manager-b", "fund-manager", ["wz-other"])
      tokens.viewer = await token("t-viewer", "viewer")
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** Fails the set-up with the answer when a write is not 201. */
    const made = <R extends { status: number; body: Json }>(response: R, what: string): R => {
      if (response.status !== 201)
        throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`)
      return response
    }

    /** The registry through the API: two fund managers (by the bureau), enterprises X and Y (by manager A). */
    const setUpRegistry = async () => {
      const manager = await post("bureau", "/api/v1/institutions", {
        kind: "fund-manager",
        name: "瓯江创投管理"
      })
      managerId = manager.body.id
      const other = await post("bureau", "/api/v1/institutions", {
        kind: "fund-manager",
        name: "鹿城产业资本"
      })
      otherManagerId = other.body.id
      const enterprise = (uscc: string, name: string, techCategory: string) =>
        post("managerA", "/api/v1/enterprises", {
          uscc,
          name,
          district: "330302",
          industry: "新材料",
          stage: "start-up",
          techCategory
        })
      return {
        manager,
        other,
        x: await enterprise(X, "温州企业X", "key-generic"),
        y: await enterprise(Y, "温州企业Y", "frontier")
      }
    }

    /** wz-angel-1's life as checked by hand (above), recorded by manager A; the answers, each a 201. */
    const recordAngelFund = async () => {
      const created = made(
        await post("managerA", "/api/v1/funds", {
          code: "wz-angel-1",
          name: "温州天使投资基金一期",
          kind: "chain",
          chainStage: "angel",
          manager: managerId,
          targetSize: "100000000.00",
          vintage: "2025-01-01",
          district: "330302"
        }),
        "fund"
      )
      const path = "/api/v1/funds/wz-angel-1"
      const commitment = {
        on: "2025-01-10",
        lpName: "温州某民营企业",
        lpType: "private",
        amount: "100000000.00"
      }
      const first = made(
        await post("managerA", `${path}/commitments`, commitment, { "Idempotency-Key": "c-1" }),
        "commitment"
      )
      const again = made(
        await post("managerA", `${path}/commitments`, commitment, { "Idempotency-Key": "c-1" }),
        "commitment again"
      )
      ids.commitment = first.body.id
      const call = made(
        await post("managerA", `${path}/calls`, {
          commitment: ids.commitment,
          on: "2025-02-01",
          amount: "40000000.00"
        }),
        "call"
      )
      const investment = made(
        await post("managerA", `${path}/investments`, {
          enterprise: X,
          on: "2025-03-01",
          amount: "25000000.00",
          instrument: "equity",
          round: "A"
        }),
        "investment"
      )
      ids.investment = investment.body.id
      const valuation = made(
        await post("managerA", `${path}/valuations`, {
          investment: ids.investment,
          on: "2025-06-30",
          fairValue: "30000000.00"
        }),
        "valuation"
      )
      const exit = made(
        await post("managerA", `${path}/exits`, {
          investment: ids.investment,
          on: "2025-11-15",
          proceeds: "45000000.00",
          route: "m-and-a"
        }),
        "exit"
      )
      const distribution = made(
        await post("managerA", `${path}/distributions`, {
          on: "2025-12-01",
          distributionKind: "gain",
          amount: "30000000.00"
        }),
        "distribution"
      )
      // A `fund` in the body is welcome when it names the path's fund.
      const mark = made(
        await post("managerA", `${path}/marks`, {
          fund: "wz-angel-1",
          on: "2025-12-31",
          nav: "15000000.00"
        }),
        "mark"
      )
      return { created, first, again, call, investment, valuation, exit, distribution, mark }
    }

    /** wz-other (industrial), another manager's fund, created by an administrator; manager B's commitment. */
    const recordOtherFund = async () => {
      const created = await post("admin", "/api/v1/funds", {
        code: "wz-other",
        name: "鹿城产业基金",
        kind: "chain",
        chainStage: "industrial",
        manager: otherManagerId,
        targetSize: "200000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      const own = await post("managerB", "/api/v1/funds/wz-other/commitments", {
        on: "2025-02-01",
        lpName: "温州国投",
        lpType: "state-owned",
        amount: "50000000.00"
      })
      ids.otherCommitment = own.body.id
      return { created, own }
    }

    it("sets up the registry through the API: institutions by the bureau, enterprises by a fund manager", async () => {
      const { manager, x, y } = await setUpRegistry()
      expect(manager.status).toBe(201)
      expect(x.status).toBe(201)
      expect(y.status).toBe(201)
    })

    it("a fund manager records a fund's life from commitment to exit and reads its figures", async () => {
      await setUpRegistry()
      const { created, first, again, call, investment, valuation, exit, distribution, mark } =
        await recordAngelFund()
      expect(created.status).toBe(201)
      expect(created.headers.get("location")).toBe("/api/v1/funds/wz-angel-1")
      expect(created.body).toMatchObject({
        code: "wz-angel-1",
        targetSize: "100000000.00",
        status: "raising",
        manager: { id: managerId, name: "瓯江创投管理" }
      })

      const path = "/api/v1/funds/wz-angel-1"
      expect(first.status).toBe(201)
      expect(first.body).toMatchObject({ kind: "commitment", fund: "wz-angel-1", amount: "100000000.00" })
      expect(first.headers.get("location")).toBe(`/api/v1/fund-entries/${first.body.id}`)
      expect(again.status).toBe(201)
      expect(again.body.id).toBe(first.body.id)

      expect(call.status).toBe(201)
      expect(call.body).toMatchObject({ kind: "call", amount: "40000000.00", commitment: ids.commitment })

      expect(investment.status).toBe(201)
      expect(investment.body).toMatchObject({
        kind: "investment",
        local: true,
        district: "330302",
        mode: "direct"
      })

      expect(valuation.status).toBe(201)
      expect(exit.status).toBe(201)
      expect(exit.body).toMatchObject({
        proceeds: "45000000.00",
        costBasis: "25000000.00",
        gain: "20000000.00"
      })
      expect(distribution.status).toBe(201)
      expect(mark.status).toBe(201)
      expect(mark.body).toMatchObject({ kind: "nav", nav: "15000000.00" })

      const midYear = await get("managerA", `${path}/metrics?asOf=2025-06-30`)
      expect(midYear.status).toBe(200)
      expect(midYear.body).toMatchObject({
        asOf: "2025-06-30",
        paidIn: "40000000.00",
        invested: "25000000.00",
        holdingsValue: "30000000.00",
        grossMoic: "1.200000",
        nav: null,
        rvpi: null,
        tvpi: null,
        netIrr: { _tag: "NoRate" }
      })
      expect(midYear.body.notes.join(" ")).toMatch(/no NAV mark/)

      const figures = await get("managerA", `${path}/metrics?asOf=2025-12-31`)
      expect(figures.status).toBe(200)
      expect(figures.body).toMatchObject({
        asOf: "2025-12-31",
        funds: ["wz-angel-1"],
        committed: "100000000.00",
        paidIn: "40000000.00",
        unfunded: "60000000.00",
        calledPercent: "0.400000",
        distributions: "30000000.00",
        nav: "15000000.00",
        navDate: "2025-12-31",
        dpi: "0.750000",
        rvpi: "0.375000",
        tvpi: "1.125000",
        invested: "25000000.00",
        exitProceeds: "45000000.00",
        remainingCost: "0.00",
        holdingsValue: "0.00",
        grossMoic: "1.800000",
        unvaluedHoldings: 0
      })
      expect(figures.body.grossIrr._tag).toBe("Rate")
      expect(figures.body.grossIrr.rate).toBeCloseTo(1.8 ** (365 / 259) - 1, 6)
      expect(figures.body.netIrr._tag).toBe("Rate")
      const net = bisectIrr([
        ["2025-02-01", -40_000_000],
        ["2025-12-01", 30_000_000],
        ["2025-12-31", 15_000_000]
      ])
      expect(figures.body.netIrr.rate).toBeCloseTo(net, 6)
      // −40 + 30/(1+r)^(303/365) + 15/(1+r)^(333/365) = 0 near r = 0.1414 (45/40 over about 10 months)
      expect(figures.body.netIrr.rate).toBeGreaterThan(0.13)
      expect(figures.body.netIrr.rate).toBeLessThan(0.16)

      const ledger = await get("managerA", `${path}/ledger`)
      expect(ledger.status).toBe(200)
      expect(ledger.body.items.map((e: { kind: string }) => e.kind)).toEqual([
        "commitment",
        "call",
        "investment",
        "valuation",
        "exit",
        "distribution",
        "nav"
      ])
    })

    it("a fund manager is refused writes and ledger reads on another manager's fund (403), reads its figures", async () => {
      await setUpRegistry()
      await recordAngelFund()
      const { created, own } = await recordOtherFund()
      expect(created.status).toBe(201)
      const commitment = {
        on: "2025-02-01",
        lpName: "温州国投",
        lpType: "state-owned",
        amount: "50000000.00"
      }
      expect(own.status).toBe(201)

      const write = await post("managerA", "/api/v1/funds/wz-other/commitments", commitment)
      expect(write.status).toBe(403)
      expect(write.headers.get("content-type")).toMatch(/application\/problem\+json/)
      const call = await post("managerA", "/api/v1/funds/wz-other/calls", {
        commitment: ids.otherCommitment,
        on: "2025-03-01",
        amount: "1.00"
      })
      expect(call.status).toBe(403)
      const status = await post("managerA", "/api/v1/funds/wz-other/status", {
        status: "closed",
        on: "2025-06-01"
      })
      expect(status.status).toBe(403)
      const reversal = await post("managerA", `/api/v1/fund-entries/${ids.otherCommitment}/reversal`, {
        reason: "not mine"
      })
      expect(reversal.status).toBe(403)
      // Creating a fund outside one's scope is touching another manager's fund as well.
      const foreign = await post("managerA", "/api/v1/funds", {
        code: "wz-not-mine",
        name: "别人的基金",
        kind: "chain",
        chainStage: "venture",
        manager: otherManagerId,
        targetSize: "1.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      expect(foreign.status).toBe(403)

      // Reading the entries of another manager's fund is refused, whether the fund exists or not …
      expect((await get("managerA", "/api/v1/funds/wz-other/ledger")).status).toBe(403)
      expect((await get("managerA", "/api/v1/funds/no-such-fund/ledger")).status).toBe(403)
      expect((await get("managerA", `/api/v1/fund-entries/${ids.otherCommitment}`)).status).toBe(403)
      // … its record and figures are city-wide monitoring, readable by every role.
      expect((await get("managerA", "/api/v1/funds/wz-other")).status).toBe(200)
      const figures = await get("managerA", "/api/v1/funds/wz-other/metrics?asOf=2025-12-31")
      expect(figures.status).toBe(200)
      expect(figures.body.committed).toBe("50000000.00")
      // The fund's own manager, bureau staff and viewers read the ledger.
      for (const who of ["managerB", "bureau", "viewer", "admin"] as const) {
        expect((await get(who, "/api/v1/funds/wz-other/ledger")).status).toBe(200)
      }
      expect((await get("managerA", `/api/v1/fund-entries/${ids.commitment}`)).status).toBe(200)

      // A call on one's own fund path must name a commitment of that fund.
      const crossed = await post("managerA", "/api/v1/funds/wz-angel-1/calls", {
        commitment: ids.otherCommitment,
        on: "2025-03-01",
        amount: "1.00"
      })
      expect(crossed.status).toBe(422)
      expect(fields(crossed.body)).toEqual(["commitment"])
      expect((await kejin.funds.ledger("wz-other")).length).toBe(1)
    })

    it("a viewer (and bureau staff, for funds) is refused writes with 403", async () => {
      await setUpRegistry()
      await recordAngelFund()
      const attempts: Array<[keyof typeof tokens, string, unknown]> = [
        ["viewer", "/api/v1/funds", { code: "wz-v" }],
        [
          "viewer",
          "/api/v1/funds/wz-angel-1/commitments",
          { on: "2025-03-01", lpType: "gp", lpName: "x", amount: "1.00" }
        ],
        ["viewer", "/api/v1/funds/wz-angel-1/marks", { on: "2025-03-01", nav: "1.00" }],
        ["viewer", `/api/v1/fund-entries/${ids.commitment}/reversal`, { reason: "x" }],
        ["viewer", "/api/v1/enterprises", { uscc: X }],
        ["viewer", "/api/v1/institutions", { kind: "bank", name: "某银行" }],
        [
          "bureau",
          "/api/v1/funds/wz-angel-1/distributions",
          { on: "2025-03-01", distributionKind: "gain", amount: "1.00" }
        ],
        ["managerA", "/api/v1/institutions", { kind: "bank", name: "某银行" }]
      ]
      for (const [who, path, body] of attempts) {
        const response = await post(who, path, body)
        expect(response.status, `${who} POST ${path}`).toBe(403)
        expect(response.body.type).toBe("https://kejin.dev/problems/forbidden")
      }
      expect((await kejin.funds.ledger("wz-angel-1")).length).toBe(7)
    })

    it("bad input is 422 naming the fields; a call over the unfunded amount names amount", async () => {
      await setUpRegistry()
      await recordAngelFund()
      await recordOtherFund()
      const over = await post("managerA", "/api/v1/funds/wz-angel-1/calls", {
        commitment: ids.commitment,
        on: "2025-04-01",
        amount: "60000000.01"
      })
      expect(over.status).toBe(422)
      expect(fields(over.body)).toEqual(["amount"])
      expect(over.body.errors[0].reason).toMatch(/unfunded amount 60000000\.00/)

      const commitment = await post("managerA", "/api/v1/funds/wz-angel-1/commitments", {
        on: "2025-02-30",
        lpType: "pension",
        amount: "0",
        note: "x"
      })
      expect(commitment.status).toBe(422)
      expect(fields(commitment.body)).toEqual(expect.arrayContaining(["on", "lpType", "amount", "note"]))

      const fund = await post("admin", "/api/v1/funds", {
        code: "Not A Slug",
        name: "x",
        kind: "chain",
        manager: managerId,
        targetSize: "1亿",
        vintage: "2025-01-01",
        district: "12345"
      })
      expect(fund.status).toBe(422)
      expect(fields(fund.body)).toEqual(expect.arrayContaining(["code", "district"]))

      const mismatch = await post("managerA", "/api/v1/funds/wz-angel-1/marks", {
        fund: "wz-other",
        on: "2025-12-31",
        nav: "1.00"
      })
      expect(mismatch.status).toBe(422)
      expect(fields(mismatch.body)).toEqual(["fund"])

      const exitAgain = await post("managerA", "/api/v1/funds/wz-angel-1/exits", {
        investment: ids.investment,
        on: "2025-12-31",
        proceeds: "1.00",
        route: "buy-back"
      })
      expect(exitAgain.status).toBe(422)
      expect(fields(exitAgain.body)).toEqual(["investment"])

      const unknownFund = await post("admin", "/api/v1/funds/no-such-fund/marks", {
        on: "2025-12-31",
        nav: "1.00"
      })
      expect(unknownFund.status).toBe(404)
      const unknownCommitment = await post("managerA", "/api/v1/funds/wz-angel-1/calls", {
        commitment: 999999,
        on: "2025-12-31",
        amount: "1.00"
      })
      expect(unknownCommitment.status).toBe(404)
      const notJson = await app.request("/api/v1/funds", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" },
        body: "{"
      })
      expect(notJson.status).toBe(400)
    })

    it("a duplicate fund code is 409 naming code", async () => {
      await setUpRegistry()
      await recordAngelFund()
      const duplicate = await post("admin", "/api/v1/funds", {
        code: "wz-angel-1",
        name: "重复",
        kind: "chain",
        chainStage: "angel",
        manager: managerId,
        targetSize: "1.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.errors[0].field).toBe("code")
    })

    it("a reversal takes an entry out of the figures; it stays in the ledger", async () => {
      await setUpRegistry()
      await recordAngelFund()
      const metrics = () => get("managerA", "/api/v1/funds/wz-angel-1/metrics?asOf=2025-12-31")
      const mistake = await post("managerA", "/api/v1/funds/wz-angel-1/distributions", {
        on: "2025-12-15",
        distributionKind: "dividend",
        amount: "1000000.00"
      })
      expect(mistake.status).toBe(201)
      expect((await metrics()).body.distributions).toBe("31000000.00")

      const reversal = await post("managerA", `/api/v1/fund-entries/${mistake.body.id}/reversal`, {
        reason: "录入错误"
      })
      expect(reversal.status).toBe(201)
      expect(reversal.body).toMatchObject({ kind: "reversal", reverses: mistake.body.id, reason: "录入错误" })
      const after = (await metrics()).body
      expect(after.distributions).toBe("30000000.00")
      expect(after.tvpi).toBe("1.125000")

      const entry = await get("managerA", `/api/v1/fund-entries/${mistake.body.id}`)
      expect(entry.body).toMatchObject({ reversed: true, reversedBy: reversal.body.id })
      const all = await get("managerA", "/api/v1/funds/wz-angel-1/ledger?limit=500")
      expect(all.body.total).toBe(9)
      const live = await get("managerA", "/api/v1/funds/wz-angel-1/ledger?includeReversed=false")
      expect(live.body.total).toBe(7)
      expect(live.body.items.some((e: { id: number }) => e.id === mistake.body.id)).toBe(false)

      const twice = await post("managerA", `/api/v1/fund-entries/${mistake.body.id}/reversal`, {
        reason: "again"
      })
      expect(twice.status).toBe(409)
      expect(twice.body.errors[0].field).toBe("id")
      const blank = await post("managerA", `/api/v1/fund-entries/${ids.commitment}/reversal`, { reason: " " })
      expect(blank.status).toBe(422)
    })

    it("paginates lists and the ledger; an unknown or invalid parameter is 400", async () => {
      await setUpRegistry()
      await recordAngelFund()
      await recordOtherFund()
      // A distribution recorded by mistake and reversed: both stay in the ledger (9 entries).
      const mistake = made(
        await post("managerA", "/api/v1/funds/wz-angel-1/distributions", {
          on: "2025-12-15",
          distributionKind: "dividend",
          amount: "1000000.00"
        }),
        "distribution"
      )
      made(
        await post("managerA", `/api/v1/fund-entries/${mistake.body.id}/reversal`, { reason: "录入错误" }),
        "reversal"
      )
      const page = await get("viewer", "/api/v1/funds?limit=1&offset=1")
      expect(page.status).toBe(200)
      expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 })
      expect(page.body.items.map((f: { code: string }) => f.code)).toEqual(["wz-other"])
      const filtered = await get(
        "viewer",
        `/api/v1/funds?kind=chain&chainStage=angel&manager=${managerId}&status=raising`
      )
      expect(filtered.body.items.map((f: { code: string }) => f.code)).toEqual(["wz-angel-1"])
      expect((await get("viewer", "/api/v1/funds?status=closed")).body.total).toBe(0)

      const unknown = await get("viewer", "/api/v1/funds?sort=code")
      expect(unknown.status).toBe(400)
      expect(fields(unknown.body)).toEqual(["sort"])
      const invalid = await get("viewer", "/api/v1/funds?kind=bank&manager=x")
      expect(invalid.status).toBe(400)
      expect(fields(invalid.body)).toEqual(["kind", "manager"])
      expect(fields((await get("viewer", "/api/v1/funds?limit=0&offset=-1")).body)).toEqual([
        "limit",
        "offset"
      ])

      const ledger = await get("managerA", "/api/v1/funds/wz-angel-1/ledger?limit=2&offset=1")
      expect(ledger.body).toMatchObject({ total: 9, limit: 2, offset: 1 })
      expect(ledger.body.items.map((e: { kind: string }) => e.kind)).toEqual(["call", "investment"])
      const calls = await get(
        "managerA",
        "/api/v1/funds/wz-angel-1/ledger?kind=call&from=2025-01-01&to=2025-06-30"
      )
      expect(calls.body.total).toBe(1)
      const bad = await get(
        "managerA",
        "/api/v1/funds/wz-angel-1/ledger?kind=loan&from=2025-13-01&includeReversed=yes&page=2"
      )
      expect(bad.status).toBe(400)
      expect(fields(bad.body)).toEqual(["page"])
      const badValues = await get(
        "managerA",
        "/api/v1/funds/wz-angel-1/ledger?kind=loan&from=2025-13-01&includeReversed=yes"
      )
      expect(fields(badValues.body)).toEqual(["kind", "from", "includeReversed"])

      expect((await get("viewer", "/api/v1/funds/wz-angel-1/metrics?asOf=2025-02-30")).status).toBe(400)
      expect((await get("viewer", "/api/v1/funds/wz-angel-1/metrics?limit=1")).status).toBe(400)
      expect((await get("viewer", "/api/v1/funds/no-such-fund/metrics")).status).toBe(404)
      expect((await get("viewer", "/api/v1/funds/no-such-fund")).status).toBe(404)
    })

    it("groups, deals and the city-fund KPIs (with the configured direct-investment target)", async () => {
      await setUpRegistry()
      await recordAngelFund()
      await recordOtherFund()
      const city = await post("admin", "/api/v1/funds", {
        code: "wz-city",
        name: "温州市科技创新基金",
        kind: "city-fund",
        manager: managerId,
        targetSize: "10000000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      expect(city.status).toBe(201)
      const path = "/api/v1/funds/wz-city"
      expect(
        (
          await post("admin", `${path}/commitments`, {
            on: "2025-01-02",
            lpName: "温州市财政局",
            lpType: "fiscal",
            amount: "1000000000.00"
          })
        ).status
      ).toBe(201)
      const direct = await post("admin", `${path}/investments`, {
        enterprise: Y,
        on: "2025-04-01",
        amount: "10000000.00",
        instrument: "equity"
      })
      expect(direct.body).toMatchObject({ mode: "direct", techCategory: "frontier" })

      const kpis = await get("viewer", "/api/v1/city-fund?asOf=2025-12-31")
      expect(kpis.status).toBe(200)
      expect(kpis.body).toMatchObject({
        asOf: "2025-12-31",
        cityFunds: ["wz-city"],
        committed: "1000000000.00",
        paidIn: "0.00",
        directInvestments: {
          from: "2025-01-01",
          to: "2025-12-31",
          count: 1,
          target: 5,
          amount: "10000000.00"
        }
      })
      expect(kpis.body.directInvestments.progress).toBeCloseTo(0.2, 10)
      await kejin.targets.update("city-fund-direct-investments", { target: 8 })
      const configured = await get("viewer", "/api/v1/city-fund?asOf=2025-12-31")
      expect(configured.body.directInvestments).toMatchObject({ count: 1, target: 8 })

      const groups = await get("managerB", "/api/v1/metrics/groups?by=fund&asOf=2025-12-31")
      expect(groups.status).toBe(200)
      expect(groups.body).toMatchObject({ asOf: "2025-12-31", by: "fund" })
      expect(groups.body.groups.map((g: { key: string }) => g.key)).toEqual([
        "wz-angel-1",
        "wz-city",
        "wz-other"
      ])
      expect(groups.body.groups[0].figures).toMatchObject({ tvpi: "1.125000", grossMoic: "1.800000" })
      const stages = await get("viewer", "/api/v1/metrics/groups?by=chainStage&asOf=2025-12-31")
      expect(stages.body.groups.map((g: { key: string }) => g.key)).toEqual(["angel", "industrial", "none"])

      const deals = await get("viewer", "/api/v1/metrics/deals?by=techCategory&asOf=2025-12-31")
      expect(deals.status).toBe(200)
      expect(deals.body.groups).toMatchObject([
        { key: "frontier", figures: { count: 1, invested: "10000000.00", moic: "1.000000" } },
        {
          key: "key-generic",
          figures: { count: 1, invested: "25000000.00", exitProceeds: "45000000.00", moic: "1.800000" }
        }
      ])
      const all = await get("viewer", "/api/v1/metrics/deals?by=all&asOf=2025-12-31")
      expect(all.body.groups[0].figures).toMatchObject({ count: 2, localCount: 2, invested: "35000000.00" })

      expect(fields((await get("viewer", "/api/v1/metrics/groups")).body)).toEqual(["by"])
      expect(fields((await get("viewer", "/api/v1/metrics/deals?by=bank&asOf=x")).body)).toEqual([
        "asOf",
        "by"
      ])
      expect((await get("viewer", "/api/v1/city-fund?by=fund")).status).toBe(400)
    })
  })
}
