import { type Kejin, makeUscc, openKejin, systemActor } from "@kejin/core"
import { Exit, Schema } from "effect"
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { enterprisesApi } from "../api/enterprises.js"
import { fundsApi } from "../api/funds.js"
import { institutionsApi } from "../api/institutions.js"
import type { KejinEnv } from "../auth/env.js"
import { exampleUscc } from "./compile.js"
import { openApiDocument } from "./document.js"
import { exampleEnterpriseInput, exampleEntryBodies, exampleFundInput } from "./operations.js"
import {
  CityFundKpisJson,
  DealGroupsJson,
  EnterpriseJson,
  EnterprisePageJson,
  FundEntryJson,
  FundFiguresJson,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  InstitutionJson,
  InstitutionPageJson,
  LedgerPageJson,
  ProblemJson
} from "./schemas.js"

// The response schemas of the fund and registry routes are written by hand: these tests decode what the
// real handlers answer (every entry kind, every grouping, every documented query parameter), unknown
// fields rejected, so a field added to a serializer fails here until the schema (and the document) has it.

const strict = { onExcessProperty: "error", errors: "all" } as const
const expectDecodes = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, strict)
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the schemas themselves
type Json = any

/** The documented query parameters of an operation, each with its example (or default). */
const documentedQuery = (path: string, extra: Record<string, string> = {}) => {
  const parameters = openApiDocument().paths[path]!.get!.parameters
  return new URLSearchParams({
    ...Object.fromEntries(
      parameters.filter((p) => p.in === "query").map((p) => [p.name, String(p.example ?? p.schema.default)])
    ),
    ...extra
  })
}

describe("fund and registry response schemas against the real handlers", () => {
  let kejin: Kejin
  let api: Hono<KejinEnv>
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await api.request(path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    })
    return {
      status: response.status,
      body: (await response.json()) as Json,
      type: response.headers.get("content-type")
    }
  }
  const created = async (path: string, body: unknown) => {
    const response = await send("POST", path, body)
    if (response.status !== 201)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
    return response.body
  }
  const entries: Array<Json> = []
  const B = makeUscc("91330106MA2AT0001")

  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    // The handlers alone, acting as an administrator (authentication and scopes are tested with the app).
    api = new Hono<KejinEnv>()
      .use(async (c, next) => {
        c.set("actor", systemActor)
        await next()
      })
      .route("/api/v1", fundsApi(kejin))
      .route("/api/v1/enterprises", enterprisesApi(kejin))
      .route("/api/v1/institutions", institutionsApi(kejin))

    await created("/api/v1/institutions", {
      kind: "fund-manager",
      name: "温州科创投资管理有限公司",
      uscc: exampleUscc
    })
    await created("/api/v1/enterprises", exampleEnterpriseInput)
    await created("/api/v1/enterprises", {
      ...exampleEnterpriseInput,
      uscc: B,
      name: "杭州某企业",
      district: "330106",
      techCategory: "other",
      registeredOn: "2020-05-01"
    })
    await created("/api/v1/funds", {
      ...exampleFundInput,
      code: "wz-city",
      name: "温州市科技创新基金",
      kind: "city-fund",
      chainStage: undefined,
      targetSize: "10000000000.00"
    })
    await created("/api/v1/funds", {
      ...exampleFundInput,
      kind: "sub-fund",
      parent: "wz-city",
      reinvestRequired: "1.5",
      origin: "national"
    })
    const angel = "/api/v1/funds/wz-angel-1"
    const city = "/api/v1/funds/wz-city"
    const cityCommitment = await created(`${city}/commitments`, {
      on: "2025-01-02",
      lpName: "温州市财政局",
      lpType: "fiscal",
      amount: "1000000000.00"
    })
    entries.push(cityCommitment)
    entries.push(
      await created(`${city}/calls`, {
        commitment: cityCommitment.id,
        on: "2025-01-05",
        amount: "100000000.00"
      })
    )
    entries.push(
      await created(`${city}/investments`, { ...exampleEntryBodies.investments, amount: "5000000.00" })
    )
    const commitment = await created(`${angel}/commitments`, {
      ...exampleEntryBodies.commitments,
      lpName: undefined,
      lpFund: "wz-city",
      lpType: "state-owned",
      amount: "30000000.00",
      fx: { currency: "USD", amount: "4000000.00", rate: "7.5" }
    })
    entries.push(commitment)
    entries.push(await created(`${angel}/commitments`, exampleEntryBodies.commitments))
    entries.push(
      await created(`${angel}/calls`, {
        ...exampleEntryBodies.calls,
        commitment: commitment.id,
        amount: "12000000.00"
      })
    )
    const local = await created(`${angel}/investments`, exampleEntryBodies.investments)
    const remote = await created(`${angel}/investments`, {
      enterprise: B,
      on: "2025-04-01",
      amount: "8000000.00",
      instrument: "future-equity",
      mode: "via-sub-fund",
      stage: "seed"
    })
    entries.push(local, remote)
    entries.push(
      await created(`${angel}/valuations`, { ...exampleEntryBodies.valuations, investment: local.id })
    )
    entries.push(
      await created(`${angel}/exits`, {
        investment: remote.id,
        on: "2025-10-01",
        proceeds: "3000000.00",
        costBasis: "4000000.00",
        route: "buy-back"
      })
    )
    entries.push(await created(`${angel}/exits`, { ...exampleEntryBodies.exits, investment: local.id }))
    const mistake = await created(`${angel}/distributions`, exampleEntryBodies.distributions)
    entries.push(mistake)
    entries.push(await created(`${angel}/marks`, exampleEntryBodies.marks))
    entries.push(await created(`/api/v1/fund-entries/${mistake.id}/reversal`, { reason: "录入错误" }))
  })
  afterAll(async () => {
    await kejin?.close()
  })

  it("FundEntryJson matches every kind of entry the POST routes answer, and GET /fund-entries/{id}", async () => {
    expect(new Set(entries.map((e) => e.kind))).toEqual(
      new Set(["commitment", "call", "investment", "valuation", "exit", "distribution", "nav", "reversal"])
    )
    expect(entries.some((e) => e.fx !== null)).toBe(true)
    expect(entries.some((e) => e.kind === "exit" && e.gain.startsWith("-"))).toBe(true)
    for (const entry of entries) expectDecodes(FundEntryJson, entry)
    for (const entry of entries.slice(0, 3)) {
      const fetched = await send("GET", `/api/v1/fund-entries/${entry.id}`)
      expect(fetched.status).toBe(200)
      expectDecodes(FundEntryJson, fetched.body)
    }
    const reversed = await send("GET", `/api/v1/fund-entries/${entries.at(-1).reverses}`)
    expect(reversed.body.reversed).toBe(true)
    expectDecodes(FundEntryJson, reversed.body)
  })

  it("FundJson and FundPageJson match the fund routes, with every documented query parameter", async () => {
    const fund = await send("GET", "/api/v1/funds/wz-angel-1")
    expect(fund.body).toMatchObject({ reinvestRequired: "1.5", parent: "wz-city", origin: "national" })
    expectDecodes(FundJson, fund.body)
    const status = await send("POST", "/api/v1/funds/wz-city/status", {
      status: "investing",
      on: "2025-02-01"
    })
    expect(status.status).toBe(201)
    expectDecodes(FundJson, status.body)
    const query = documentedQuery("/api/v1/funds")
    expect([...query.keys()]).toEqual([
      "limit",
      "offset",
      "kind",
      "chainStage",
      "manager",
      "parent",
      "status"
    ])
    const page = await send("GET", `/api/v1/funds?${query}`)
    expect(page.status).toBe(200)
    expect(page.body.items.map((f: { code: string }) => f.code)).toEqual(["wz-angel-1"])
    expectDecodes(FundPageJson, page.body)
  })

  it("LedgerPageJson matches GET /funds/{code}/ledger with every documented query parameter", async () => {
    const query = documentedQuery("/api/v1/funds/{code}/ledger")
    const drillDown = ["techCategory", "mode", "lpFund", "government", "local"]
    expect([...query.keys()]).toEqual([
      "limit",
      "offset",
      "kind",
      "from",
      "to",
      "includeReversed",
      ...drillDown
    ])
    // The figures' filters (drill-down) select investments or commitments, never with the example's calls.
    const figures = new URLSearchParams([...query].filter(([name]) => drillDown.includes(name)))
    for (const name of drillDown) query.delete(name)
    const page = await send("GET", `/api/v1/funds/wz-angel-1/ledger?${query}`)
    expect(page.status).toBe(200)
    expect(page.body.items).toHaveLength(1)
    expectDecodes(LedgerPageJson, page.body)
    const filtered = await send("GET", `/api/v1/funds/wz-angel-1/ledger?${figures}`)
    expect(filtered.status).toBe(200)
    expectDecodes(LedgerPageJson, filtered.body)
    const whole = await send("GET", "/api/v1/funds/wz-angel-1/ledger?limit=500")
    expect(whole.body.total).toBe(11)
    expectDecodes(LedgerPageJson, whole.body)
  })

  it("FundFiguresJson matches the metrics, with and without a NAV mark or a rate", async () => {
    for (const [code, asOf] of [
      ["wz-angel-1", "2025-12-31"],
      ["wz-angel-1", "2025-03-31"],
      ["wz-city", "2025-12-31"],
      ["wz-city", "2024-12-31"]
    ] as const) {
      const figures = await send("GET", `/api/v1/funds/${code}/metrics?asOf=${asOf}`)
      expect(figures.status).toBe(200)
      expectDecodes(FundFiguresJson, figures.body)
    }
    const angel = (await send("GET", "/api/v1/funds/wz-angel-1/metrics?asOf=2025-12-31")).body
    expect(angel.netIrr._tag).toBe("Rate")
    const empty = (await send("GET", "/api/v1/funds/wz-city/metrics?asOf=2024-12-31")).body
    expect(empty.netIrr._tag).toBe("NoRate")
  })

  it("FundGroupsJson and DealGroupsJson match every grouping", async () => {
    for (const by of ["fund", "chainStage", "manager", "kind"]) {
      const groups = await send("GET", `/api/v1/metrics/groups?by=${by}&asOf=2025-12-31`)
      expect(groups.status).toBe(200)
      expect(groups.body.groups.length).toBeGreaterThan(0)
      expectDecodes(FundGroupsJson, groups.body)
    }
    for (const by of ["district", "techCategory", "local", "fund", "all"]) {
      const deals = await send("GET", `/api/v1/metrics/deals?by=${by}&asOf=2025-12-31`)
      expect(deals.status).toBe(200)
      expect(deals.body.groups.length).toBeGreaterThan(0)
      expectDecodes(DealGroupsJson, deals.body)
    }
    expectDecodes(FundGroupsJson, (await send("GET", "/api/v1/metrics/groups?by=fund&asOf=2020-01-01")).body)
  })

  it("CityFundKpisJson matches GET /city-fund (a sub-fund with 返投 required)", async () => {
    const kpis = await send("GET", "/api/v1/city-fund?asOf=2025-12-31")
    expect(kpis.status).toBe(200)
    expect(kpis.body.subFunds).toHaveLength(1)
    expect(kpis.body.subFunds[0].reinvestRequired).toBe("1.500000")
    expectDecodes(CityFundKpisJson, kpis.body)
  })

  it("EnterpriseJson, EnterprisePageJson, InstitutionJson and InstitutionPageJson match the registry routes", async () => {
    const moved = await send("POST", `/api/v1/enterprises/${B}/moves`, {
      district: "330381",
      since: "2025-09-01"
    })
    expect(moved.status).toBe(201)
    expectDecodes(EnterpriseJson, moved.body)
    expectDecodes(EnterpriseJson, (await send("GET", `/api/v1/enterprises/${exampleUscc}`)).body)
    const query = documentedQuery("/api/v1/enterprises")
    expect([...query.keys()]).toEqual([
      "limit",
      "offset",
      "uscc",
      "district",
      "stage",
      "techCategory",
      "local"
    ])
    const page = await send("GET", `/api/v1/enterprises?${query}`)
    expect(page.body.items).toHaveLength(1)
    expectDecodes(EnterprisePageJson, page.body)
    expectDecodes(EnterprisePageJson, (await send("GET", "/api/v1/enterprises")).body)

    const bank = await send("POST", "/api/v1/institutions", { kind: "bank", name: "温州银行" })
    expectDecodes(InstitutionJson, bank.body)
    const institutions = documentedQuery("/api/v1/institutions")
    expect([...institutions.keys()]).toEqual(["limit", "offset", "kind", "uscc"])
    const list = await send("GET", `/api/v1/institutions?${institutions}`)
    expect(list.body.items).toHaveLength(1)
    expectDecodes(InstitutionPageJson, list.body)
  })

  it("ProblemJson matches the problems the fund and registry handlers send", async () => {
    const responses = [
      await send("GET", "/api/v1/funds?sort=code"), // 400
      await send("GET", "/api/v1/metrics/groups?by=x"), // 400
      await send("GET", "/api/v1/funds/none/metrics"), // 404
      await send("POST", "/api/v1/funds", exampleFundInput), // 409
      await send("POST", "/api/v1/funds/wz-angel-1/calls", {
        commitment: entries[0].id,
        on: "2025-06-01",
        amount: "1.00"
      }), // 422 (another fund's)
      await send("POST", "/api/v1/funds/wz-angel-1/marks", {
        fund: "wz-city",
        on: "2025-06-01",
        nav: "1.00"
      }), // 422
      await send("POST", "/api/v1/enterprises", exampleEnterpriseInput), // 409
      await send("GET", `/api/v1/enterprises/${makeUscc("91330106MA2AT0009")}`), // 404
      await send("POST", "/api/v1/institutions", { kind: "bank" }) // 422
    ]
    expect(responses.map((r) => r.status)).toEqual([400, 400, 404, 409, 422, 422, 409, 404, 422])
    for (const response of responses) {
      expect(response.type).toMatch(/^application\/problem\+json/)
      expectDecodes(ProblemJson, response.body)
    }
  })

  it("documents each fund and registry operation with the permission its guard checks", () => {
    const permissions = Object.fromEntries(
      Object.values(openApiDocument().paths).flatMap((item) =>
        Object.values(item).map((o) => [o.operationId, o["x-kejin-permission"]])
      )
    )
    expect(permissions).toMatchObject({
      listFunds: "funds.read",
      createFund: "funds.write",
      getFund: "funds.read",
      setFundStatus: "funds.write",
      getFundMetrics: "funds.read",
      getFundLedger: "funds.read",
      recordCommitment: "funds.write",
      recordCall: "funds.write",
      recordDistribution: "funds.write",
      recordNavMark: "funds.write",
      recordInvestment: "funds.write",
      recordValuation: "funds.write",
      recordExit: "funds.write",
      getFundEntry: "funds.read",
      reverseFundEntry: "funds.write",
      getFundGroups: "funds.read",
      getDealGroups: "funds.read",
      getCityFundKpis: "funds.read",
      listEnterprises: "dashboard.read",
      addEnterprise: "enterprises.write",
      getEnterprise: "dashboard.read",
      moveEnterprise: "enterprises.write",
      listInstitutions: "dashboard.read",
      addInstitution: "institutions.write"
    })
  })
})
