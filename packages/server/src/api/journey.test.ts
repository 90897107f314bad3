import { type Kejin, makePatentNumber, makeUscc, messageText, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { JourneyJson } from "../openapi/journey-schemas.js"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const A = makeUscc("91330302MA2JN0001")
const B = makeUscc("91330302MA2JN0002")
const UNKNOWN = makeUscc("91330302MA2JN0099")
/** A pledgor that is not in the enterprise registry. */
const PLEDGOR = makeUscc("91330302MA2JN0003")
const strict = { onExcessProperty: "error", errors: "all" } as const

/** The journey the seed gives enterprise A: (on, source, kind, amount) in order. */
const expectedSteps = [
  ["2025-01-20", "equity", "investment", "20000000.00"],
  ["2025-02-01", "linkage", "policy-started", "5000000.00"],
  ["2025-03-14", "pledge", "pledge-registered", "25000000.00"],
  ["2025-03-14", "linkage", "loan-granted", "5000000.00"],
  ["2025-04-01", "pledge", "pledge-changed", "30000000.00"],
  ["2025-04-10", "pledge", "loan-drawn", "10000000.00"],
  ["2025-06-30", "pledge", "loan-repaid", "2000000.00"],
  ["2025-07-01", "linkage", "claim-paid", "800000.00"]
]
const expectedTotals = {
  equityInvested: "20000000.00",
  pledged: "30000000.00",
  pledgeLoansDrawn: "10000000.00",
  linkageLoans: "5000000.00",
  // insurer 500,000.00 + relief pool 0.6 × 300,000.00
  claimsPaid: "680000.00"
}

const steps = (body: Json) =>
  body.events.map((e: Json) => [e.on, e.source, e.kind, e.amount]) as Array<Array<string | null>>

const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江资本" })).id
  const base = { industry: "光电", stage: "start-up", techCategory: "frontier" } as const
  await kejin.registry.addEnterprise({ uscc: A, name: "鹿城光电", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: B, name: "瓯海材料", district: "330304", ...base })
  await kejin.funds.create({
    code: "oj-angel",
    name: "瓯江天使基金",
    kind: "chain",
    chainStage: "angel",
    manager,
    targetSize: "500000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  // Capital first: an investment stays within the fund's commitments.
  await kejin.funds.commit({
    fund: "oj-angel",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "100000000.00"
  })
  const invest = (uscc: string, on: string, amount: string) =>
    kejin.funds.invest({ fund: "oj-angel", enterprise: uscc, on, amount, instrument: "equity", round: "A" })
  const investment = await invest(A, "2025-01-20", "20000000.00")
  const mistaken = await invest(A, "2025-01-25", "1000000.00")
  await kejin.funds.reverse(mistaken.id, "重复录入")
  const other = await invest(B, "2025-01-20", "3000000.00")

  const pledge = (uscc: string, registrationNo: string, n: number) =>
    kejin.pledges.record({
      registrationNo,
      pledgor: { uscc, name: uscc === A ? "鹿城光电" : "瓯海材料", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber(`20231${String(n).padStart(7, "0")}`)}`],
      amount: "25000000.00",
      registeredOn: "2025-03-14"
    })
  const registration = await pledge(A, "Y2025330000801", 801)
  await pledge(B, "Y2025330000802", 802)
  await kejin.pledges.change({ pledgeId: registration.id, on: "2025-04-01", amount: "30000000.00" })
  const loan = await kejin.pledges.loans.draw({
    pledgeId: registration.id,
    amount: "10000000.00",
    rate: "0.0385",
    disbursedOn: "2025-04-10",
    maturesOn: "2026-04-09"
  })
  await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-06-30", amount: "2000000.00" })

  for (const [uscc, investmentId] of [
    [A, investment.id],
    [B, other.id]
  ] as const)
    await kejin.linkage.recordInvestmentLoan({
      bank,
      enterprise: uscc,
      investment: investmentId,
      amount: "5000000.00",
      ratePercent: "3.45",
      disbursedOn: "2025-03-14",
      maturesOn: "2028-03-14"
    })
  await kejin.linkage.recordPool({
    code: "wz-relief",
    name: "二次救济资金池",
    kind: "relief",
    openedOn: "2025-01-01",
    ratio: "0.6"
  })
  await kejin.linkage.recordDeposit({ pool: "wz-relief", on: "2025-01-02", amount: "1000000.00" })
  const policy = await kejin.linkage.recordTransferPolicy({
    insurer,
    enterprise: A,
    sumInsured: "5000000.00",
    premium: "100000.00",
    premiumSubsidy: "60000.00",
    startsOn: "2025-02-01",
    endsOn: "2026-01-31"
  })
  await kejin.linkage.recordTransferClaim({
    policy: policy.id,
    on: "2025-07-01",
    loss: "800000.00",
    insurerPaid: "500000.00",
    reliefPool: "wz-relief"
  })
  return { investment, mistaken, registration }
}

for (const dialect of testDialects()) {
  describe(`GET /api/v1/enterprises/{uscc}/journey on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let s: Awaited<ReturnType<typeof seed>>
    const tokens = {} as Record<"bureau" | "manager" | "owner" | "viewer", string>

    const get = async (path: string, who?: keyof typeof tokens) => {
      const response = await app.request(path, {
        headers: who === undefined ? {} : { authorization: `Bearer ${tokens[who]}` }
      })
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        body: (await response.json()) as Json
      }
    }
    const journeyOf = (uscc: string, query = "") => `/api/v1/enterprises/${uscc}/journey${query}`
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      s = await seed(kejin)
      tokens.bureau = (await kejin.accounts.createToken({ name: "j-bureau", role: "bureau" })).token
      tokens.manager = (
        await kejin.accounts.createToken({ name: "j-manager", role: "fund-manager", funds: ["other"] })
      ).token
      tokens.owner = (
        await kejin.accounts.createToken({ name: "j-owner", role: "fund-manager", funds: ["oj-angel"] })
      ).token
      tokens.viewer = (await kejin.accounts.createToken({ name: "j-viewer", role: "viewer" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("answers the journey with exact figures to a viewer, a bureau and the fund's manager", async () => {
      const viewer = await get(journeyOf(A), "viewer")
      expect(viewer.status).toBe(200)
      expect(viewer.type).toMatch(/^application\/json/)
      expect(viewer.body.enterprise).toMatchObject({ uscc: A, name: "鹿城光电", districtName: "鹿城区" })
      expect(steps(viewer.body)).toEqual(expectedSteps)
      expect(viewer.body.totals).toEqual(expectedTotals)
      expect(viewer.body.withheld).toEqual({ equity: 0 })
      expect(viewer.body.events[0]).toEqual({
        on: "2025-01-20",
        source: "equity",
        kind: "investment",
        label: "瓯江天使基金 投资 · A",
        detail: { code: "journey-investment", params: { fund: "瓯江天使基金", round: "A" } },
        amount: "20000000.00",
        counterparty: "瓯江天使基金",
        ref: { kind: "fund-entry", id: s.investment.id },
        reversed: false
      })
      expect(viewer.body.events[2]).toMatchObject({
        label: "专利质押登记 Y2025330000801 温州银行",
        ref: { kind: "pledge", id: s.registration.id }
      })
      // Each event's detail words its line in either language: its label in Chinese, English besides.
      for (const e of viewer.body.events as ReadonlyArray<Json>) {
        expect(e.detail.code, e.label).toMatch(/^journey-/)
        expect(messageText(e.detail.code, e.detail.params, "zh"), e.label).toBe(e.label)
        expect(messageText(e.detail.code, e.detail.params, "en"), e.label).not.toBe(e.label)
      }
      expect(messageText(viewer.body.events[0].detail.code, viewer.body.events[0].detail.params, "en")).toBe(
        "瓯江天使基金 invested · A"
      )
      const bureau = await get(journeyOf(A), "bureau")
      expect(bureau.status).toBe(200)
      expect(bureau.body).toEqual(viewer.body)
      // The manager of oj-angel may read its ledger: nothing is withheld.
      const owner = await get(journeyOf(A), "owner")
      expect(owner.status).toBe(200)
      expect(owner.body).toEqual(viewer.body)
    })

    it("withholds another fund's ledger entries from a fund manager, as the ledger routes refuse them", async () => {
      // The manager of another fund may not read oj-angel's entries one by one or as a ledger…
      const entry = await get(`/api/v1/fund-entries/${s.investment.id}`, "manager")
      expect(entry.status).toBe(403)
      expect(entry.body.detail).toContain("may not read the ledger of fund oj-angel")
      expect((await get("/api/v1/funds/oj-angel/ledger", "manager")).status).toBe(403)
      // …nor through the journey: the investment is left out, counted, and out of the total.
      const { status, body } = await get(journeyOf(A), "manager")
      expect(status).toBe(200)
      expect(steps(body)).toEqual(expectedSteps.filter(([, source]) => source !== "equity"))
      expect(body.events.some((e: Json) => e.ref.kind === "fund-entry")).toBe(false)
      expect(JSON.stringify(body)).not.toContain("瓯江天使基金")
      expect(body.totals).toEqual({ ...expectedTotals, equityInvested: "0.00" })
      expect(body.withheld).toEqual({ equity: 1 })
      // With reversed records asked for, the reversed investment is withheld as well.
      const all = await get(journeyOf(A, "?includeReversed=true"), "manager")
      expect([all.body.withheld, all.body.totals.equityInvested]).toEqual([{ equity: 2 }, "0.00"])
      const exit = Schema.decodeUnknownExit(JourneyJson)(all.body, strict)
      expect(Exit.isSuccess(exit), Exit.isFailure(exit) ? String(exit.cause) : "").toBe(true)
      // Enterprise B: oj-angel's 3,000,000.00 withheld too; its pledge and linkage loan still shown.
      const b = await get(journeyOf(B), "manager")
      expect([b.body.withheld, b.body.totals.equityInvested, b.body.totals.pledged]).toEqual([
        { equity: 1 },
        "0.00",
        "25000000.00"
      ])
    })

    it("the response matches the documented schema, unknown fields rejected", async () => {
      const { body } = await get(journeyOf(A, "?includeReversed=true"), "viewer")
      const exit = Schema.decodeUnknownExit(JourneyJson)(body, strict)
      expect(Exit.isSuccess(exit), Exit.isFailure(exit) ? String(exit.cause) : "").toBe(true)
      expect(Exit.isSuccess(Schema.decodeUnknownExit(JourneyJson)({ ...body, extra: 1 }, strict))).toBe(false)
    })

    it("includeReversed=true lists the reversed investment, marked; the totals stay the live ones", async () => {
      const all = await get(journeyOf(A, "?includeReversed=true"), "viewer")
      expect(all.status).toBe(200)
      expect(all.body.events.filter((e: Json) => e.reversed)).toEqual([
        expect.objectContaining({
          on: "2025-01-25",
          kind: "investment",
          amount: "1000000.00",
          ref: { kind: "fund-entry", id: s.mistaken.id }
        })
      ])
      expect(all.body.totals).toEqual(expectedTotals)
      const live = await get(journeyOf(A, "?includeReversed=false"), "viewer")
      expect(steps(live.body)).toEqual(expectedSteps)
    })

    it("from and to bound the events and the totals", async () => {
      const { status, body } = await get(journeyOf(A, "?from=2025-03-14&to=2025-04-10"), "bureau")
      expect(status).toBe(200)
      expect(steps(body)).toEqual(expectedSteps.slice(2, 6))
      expect(body.totals).toEqual({
        equityInvested: "0.00",
        pledged: "30000000.00",
        pledgeLoansDrawn: "10000000.00",
        linkageLoans: "5000000.00",
        claimsPaid: "0.00"
      })
      // Registered 25,000,000.00 on 2025-03-14, changed to 30,000,000.00 on 2025-04-01: a window ending
      // before the change lists the registration alone, on its registered terms.
      const march = await get(journeyOf(A, "?to=2025-03-31"), "bureau")
      expect(steps(march.body).filter(([, source]) => source === "pledge")).toEqual([
        ["2025-03-14", "pledge", "pledge-registered", "25000000.00"]
      ])
      expect(march.body.totals.pledged).toBe("25000000.00")
    })

    it("another enterprise's journey has only its own records", async () => {
      const { status, body } = await get(journeyOf(B), "viewer")
      expect(status).toBe(200)
      expect(steps(body)).toEqual([
        ["2025-01-20", "equity", "investment", "3000000.00"],
        ["2025-03-14", "pledge", "pledge-registered", "25000000.00"],
        ["2025-03-14", "linkage", "loan-granted", "5000000.00"]
      ])
      expect(body.totals).toEqual({
        equityInvested: "3000000.00",
        pledged: "25000000.00",
        pledgeLoansDrawn: "0.00",
        linkageLoans: "5000000.00",
        claimsPaid: "0.00"
      })
    })

    it("answers the journey of a pledgor not in the registry: registered false, its pledges only", async () => {
      const registration = await kejin.pledges.record({
        registrationNo: "Y2025330000803",
        pledgor: { uscc: PLEDGOR, name: "瑞安未入库科技", district: "330381" },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("202310000803")}`],
        amount: "6000000.00",
        registeredOn: "2025-05-06"
      })
      const { status, body } = await get(journeyOf(PLEDGOR), "viewer")
      expect(status).toBe(200)
      expect(Exit.isSuccess(Schema.decodeUnknownExit(JourneyJson)(body, strict))).toBe(true)
      expect(body.enterprise).toEqual({
        registered: false,
        uscc: PLEDGOR,
        name: "瑞安未入库科技",
        district: "330381",
        districtName: "瑞安市",
        local: true,
        source: { registrationNo: "Y2025330000803", registeredOn: "2025-05-06" }
      })
      expect(steps(body)).toEqual([["2025-05-06", "pledge", "pledge-registered", "6000000.00"]])
      expect(body.events[0].ref).toEqual({ kind: "pledge", id: registration.id })
      expect(body.totals.pledged).toBe("6000000.00")
      // A registered enterprise is marked too, and still decodes.
      const a = await get(journeyOf(A), "viewer")
      expect(a.body.enterprise.registered).toBe(true)
    })

    it("401 without credentials, 404 for a credit code not in the registry", async () => {
      const anonymous = await get(journeyOf(A))
      expect(anonymous.status).toBe(401)
      expect(anonymous.type).toMatch(/^application\/problem\+json/)
      const unknown = await get(journeyOf(UNKNOWN), "viewer")
      expect(unknown.status).toBe(404)
      expect(unknown.type).toMatch(/^application\/problem\+json/)
    })

    it("400 naming the field for a bad credit code or query", async () => {
      const cases: Array<[string, string, Array<string>]> = [
        [A, "?includeReversed=yes", ["includeReversed"]],
        [A, "?from=2025-02-30", ["from"]],
        [A, "?to=2025/12/31", ["to"]],
        [A, "?from=2025-12-31&to=2025-01-01", ["to"]],
        [A, "?limit=10", ["limit"]],
        [`${A.slice(0, 17)}${A.endsWith("0") ? "1" : "0"}`, "", ["uscc"]]
      ]
      for (const [uscc, query, expected] of cases) {
        const { status, type, body } = await get(journeyOf(uscc, query), "viewer")
        expect([query, status]).toEqual([query, 400])
        expect(type).toMatch(/^application\/problem\+json/)
        expect(fields(body)).toEqual(expected)
      }
    })
  })
}
