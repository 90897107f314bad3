import { type Kejin, openKejin, systemActor } from "@kejin/core"
import { pledgeToJson, targetProgressToJson } from "@kejin/core/internal"
import { Exit, Schema } from "effect"
import { Hono } from "hono"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { pledgesApi } from "../api/pledges.js"
import { targetsApi } from "../api/targets.js"
import type { KejinEnv } from "../auth/env.js"
import { openApiDocument } from "./document.js"
import { examplePledgeInput, exampleTargetInput } from "./operations.js"
import {
  PledgeJson,
  PledgePageJson,
  ProblemJson,
  TargetJson,
  TargetListJson,
  TargetProgressJson
} from "./schemas.js"

// The response schemas are written by hand (the serializers are plain functions), so these tests hold
// them to the real output: a field added to `pledgeToJson` or `targetProgressToJson` fails here until the
// schema (and so the document) has it too.

const strict = { onExcessProperty: "error", errors: "all" } as const
const expectDecodes = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, strict)
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the schemas themselves
const json = (response: Response): Promise<any> => response.json()

describe("response schemas against the real serializers and handlers", () => {
  let kejin: Kejin
  let api: Hono<KejinEnv>

  // A store of its own for each test, in memory.
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    // The handlers alone, acting as an administrator (authentication is tested with the app).
    api = new Hono<KejinEnv>()
      .use(async (c, next) => {
        c.set("actor", systemActor)
        await next()
      })
      .route("/pledges", pledgesApi(kejin))
      .route("/targets", targetsApi(kejin))
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("PledgeJson matches pledgeToJson of a recorded and of a reversed pledge", async () => {
    const recorded = await kejin.pledges.record(examplePledgeInput)
    expectDecodes(PledgeJson, pledgeToJson(recorded))
    const other = await kejin.pledges.record({
      ...examplePledgeInput,
      registrationNo: "Y2025330000124",
      pledgor: { ...examplePledgeInput.pledgor, district: "330383" },
      patents: ["201810601862.8", "ZL02123456.6"],
      amount: "0.01"
    })
    const reversed = await kejin.pledges.reverse(other.id, "登记有误")
    expect(reversed.reversed).toBe(true)
    expectDecodes(PledgeJson, pledgeToJson(reversed))
  })

  it("PledgePageJson matches GET /pledges with every documented query parameter", async () => {
    await kejin.pledges.record(examplePledgeInput)
    const documented = openApiDocument().paths["/api/v1/pledges"]!.get!.parameters
    const query = new URLSearchParams(
      documented
        .filter((p) => p.in === "query")
        .map((p): [string, string] => [p.name, String(p.example ?? p.schema.default)])
    )
    expect([...query.keys()]).toEqual([
      "limit",
      "offset",
      "from",
      "to",
      "district",
      "pledgor",
      "bank",
      "status",
      "q",
      "sort",
      "minAmount",
      "maxAmount",
      "counting",
      "inclusive",
      "firstPledge"
    ])
    // The 普惠 and 首次质押 filters (drill-down from those figures) on their own.
    const flags = new URLSearchParams(
      [...query].filter(([name]) => name === "inclusive" || name === "firstPledge")
    )
    query.delete("inclusive")
    query.delete("firstPledge")
    const response = await api.request(`/pledges?${query}`)
    expect(response.status).toBe(200)
    const page = await json(response)
    expect(page.items).toHaveLength(1)
    expectDecodes(PledgePageJson, page)
    const flagged = await api.request(`/pledges?${flags}`)
    expect(flagged.status).toBe(200)
    expectDecodes(PledgePageJson, await json(flagged))
    // A threshold that is not one of the 普惠 buckets is a 400 naming the parameter.
    const bucket = await api.request("/pledges?inclusive=7000000.00")
    expect(bucket.status).toBe(400)
    const problem = (await json(bucket)) as { errors?: ReadonlyArray<{ field: string }> }
    expect(problem.errors?.map((e) => e.field)).toEqual(["inclusive"])

    const unknown = await api.request("/pledges?page=2")
    expect(unknown.status).toBe(400)
    expectDecodes(ProblemJson, await json(unknown))
  })

  it("TargetProgressJson matches targetProgressToJson; TargetListJson matches GET /targets", async () => {
    const progress = await kejin.targets.progress("2025-12-31")
    expect(progress.length).toBeGreaterThan(0)
    for (const target of progress) expectDecodes(TargetProgressJson, targetProgressToJson(target))
    const response = await api.request("/targets?asOf=2025-12-31")
    expect(response.status).toBe(200)
    expectDecodes(TargetListJson, await json(response))
  })

  it("TargetJson matches what POST, GET and PATCH /targets/{key} answer", async () => {
    const send = (method: string, path: string, body: unknown) =>
      api.request(path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      })
    const created = await send("POST", "/targets", exampleTargetInput)
    expect(created.status).toBe(201)
    expectDecodes(TargetJson, await json(created))
    const count = await send("POST", "/targets", {
      ...exampleTargetInput,
      key: "sci-tech-enterprises",
      unit: "count",
      metric: "city-fund-direct-investments",
      target: 120,
      periodKind: "fixed",
      periodStart: "2025-01-01",
      periodEnd: "2027-12-31"
    })
    expect(count.status).toBe(201)
    expectDecodes(TargetJson, await json(count))
    const fetched = await api.request(`/targets/${exampleTargetInput.key}`)
    expect(fetched.status).toBe(200)
    expectDecodes(TargetJson, await json(fetched))
    const patched = await send("PATCH", `/targets/${exampleTargetInput.key}`, { target: "3000000000.00" })
    expect(patched.status).toBe(200)
    expectDecodes(TargetJson, await json(patched))
  })

  it("ProblemJson matches the problems the handlers send", async () => {
    // The example on record, so posting it again is a duplicate.
    await kejin.pledges.record(examplePledgeInput)
    const post = (body: string, contentType = "application/json") =>
      api.request("/pledges", { method: "POST", headers: { "content-type": contentType }, body })
    const responses = [
      await post(JSON.stringify(examplePledgeInput)), // duplicate: 409
      await post(JSON.stringify({ ...examplePledgeInput, registrationNo: "Y2025330000999", amount: "0" })), // 422
      await post("{", "application/json"), // 400
      await post("x", "text/plain"), // 415
      await api.request("/pledges/999999"), // 404
      await api.request("/pledges/999999/reversal", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason: "x" })
      }), // 404
      await api.request("/targets?asOf=tomorrow") // 400
    ]
    expect(responses.map((r) => r.status)).toEqual([409, 422, 400, 415, 404, 404, 400])
    for (const response of responses) {
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
      expectDecodes(ProblemJson, await json(response))
    }
  })
})
