import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  scheduleAlerts,
  verifyWebhookSignature,
  webhookConfig,
  webhookSignature
} from "./alerts.js"

// The alerts of `kejin serve`: the daily digest in the log (time injected) and the signed webhook, sent
// once to a local HTTP receiver, retried after a failure.

const SECRET = "a-test-secret-of-32-characters!!"

interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A receiver on a loopback port answering each POST with the next status of `statuses` (then 204). */
const receiver = async (statuses: Array<number>) => {
  const received: Array<Received> = []
  const server: Server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (c: Buffer) => chunks.push(c))
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") })
      response.statusCode = statuses.shift() ?? 204
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kejin`
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) }
}

describe("alerts of kejin serve", () => {
  let kejin: Kejin
  let loanId: number

  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    const pledge = await kejin.pledges.record({
      registrationNo: "YW202600000001",
      pledgor: { uscc: makeUscc("91330302MA5W00001"), name: "温州推送测试有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202310000001")}`],
      amount: "30000000.00",
      registeredOn: "2026-01-10"
    })
    const loan = await kejin.pledges.loans.draw({
      pledgeId: pledge.id,
      amount: "20000000.00",
      rate: "0.0385",
      disbursedOn: "2026-01-20",
      maturesOn: "2027-01-19"
    })
    loanId = loan.id
    await kejin.pledges.loans.default({ loanId, on: "2026-06-30" })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("writes the digest once a day, from 08:00 in Asia/Shanghai", async () => {
    const lines: Array<string> = []
    let now = new Date("2026-12-05T23:30:00Z") // 07:30 on 6 December in Asia/Shanghai
    const schedule = scheduleAlerts(kejin, { log: (l) => lines.push(l), now: () => now, checkEveryMs: 0 })
    await schedule.check()
    expect(lines).toEqual([])
    now = new Date("2026-12-06T00:05:00Z") // 08:05
    await schedule.check()
    const digest = lines.filter((l) => l.startsWith("alerts digest 2026-12-06: "))
    expect(digest[0]).toMatch(/^alerts digest 2026-12-06: \d+ alert\(s\) \(.*loan-default 1, pool-low 0\)$/)
    expect(digest).toContain(
      "alerts digest 2026-12-06: [loan-default] the loan from 温州银行 under registration YW202600000001 (温州推送测试有限公司) defaulted on 2026-06-30; 20,000,000.00 yuan is not yet disposed of"
    )
    const count = lines.length
    now = new Date("2026-12-06T09:00:00Z")
    await schedule.check()
    expect(lines.length).toBe(count)
    now = new Date("2026-12-07T00:00:00Z") // 08:00 the next day
    await schedule.check()
    expect(lines.some((l) => l.startsWith("alerts digest 2026-12-07: "))).toBe(true)
    schedule.stop()
  })

  it("POSTs the new alerts once, signed, retrying a failed delivery", async () => {
    const hook = await receiver([503])
    const lines: Array<string> = []
    const waits: Array<number> = []
    try {
      const schedule = scheduleAlerts(kejin, {
        log: (l) => lines.push(l),
        webhook: { url: hook.url, secret: SECRET },
        digestHour: 24, // no digest in this test
        checkEveryMs: 0,
        retryDelaysMs: [5, 10],
        sleep: async (ms) => {
          waits.push(ms)
        }
      })
      await schedule.check()
      // The first attempt was answered 503, the retry 204: the same delivery, twice.
      expect(hook.received).toHaveLength(2)
      expect(waits).toEqual([5])
      const [first, second] = hook.received
      expect(second!.body).toBe(first!.body)
      const body = second!.body
      const signature = second!.headers[SIGNATURE_HEADER.toLowerCase()] as string
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/)
      expect(signature).toBe(webhookSignature(SECRET, body))
      expect(verifyWebhookSignature(SECRET, body, signature)).toBe(true)
      expect(verifyWebhookSignature(SECRET, `${body} `, signature)).toBe(false)
      expect(verifyWebhookSignature("another-secret-of-32-characters!", body, signature)).toBe(false)
      expect(second!.headers["content-type"]).toBe("application/json")
      const parsed = JSON.parse(body) as {
        event: string
        deliveryId: string
        asOf: string
        alerts: Array<{ key: string; kind: string; amount: string | null }>
      }
      expect(second!.headers[DELIVERY_HEADER.toLowerCase()]).toBe(parsed.deliveryId)
      expect(parsed.event).toBe("kejin.alerts")
      expect(parsed.asOf).toBe("2026-12-06")
      expect(parsed.alerts).toContainEqual(
        expect.objectContaining({
          key: `loan-default:pledge-loan:${loanId}:2026-06-30`,
          kind: "loan-default",
          amount: "20000000.00"
        })
      )
      // Sent once: the next check has nothing new to send.
      await schedule.check()
      expect(hook.received).toHaveLength(2)
      const answer = await kejin.alerts.current({})
      expect(answer.alerts.every((a) => a.sent)).toBe(true)
      // A new alert is sent alone.
      await kejin.pledges.loans.reverseEvent(
        (await kejin.pledges.loans.get(loanId)).events.find((e) => e.kind === "default")!.id,
        "录入有误"
      )
      await kejin.pledges.loans.default({ loanId, on: "2026-07-01" })
      await schedule.check()
      expect(hook.received).toHaveLength(3)
      const again = JSON.parse(hook.received[2]!.body) as { alerts: Array<{ key: string }> }
      expect(again.alerts.map((a) => a.key)).toEqual([`loan-default:pledge-loan:${loanId}:2026-07-01`])
      expect(lines.filter((l) => l.startsWith("alerts webhook: delivered"))).toHaveLength(2)
      schedule.stop()
    } finally {
      await hook.close()
    }
  })

  it("keeps undelivered alerts for the next check", async () => {
    const hook = await receiver([500, 500])
    const lines: Array<string> = []
    try {
      const schedule = scheduleAlerts(kejin, {
        log: (l) => lines.push(l),
        webhook: { url: hook.url, secret: SECRET },
        digestHour: 24,
        checkEveryMs: 0,
        retryDelaysMs: [1],
        sleep: async () => {}
      })
      await schedule.check()
      expect(hook.received).toHaveLength(2)
      expect(lines.at(-1)).toMatch(/not delivered; they are sent again at the next check$/)
      expect((await kejin.alerts.current({})).alerts.some((a) => a.sent)).toBe(false)
      await schedule.check()
      expect(hook.received).toHaveLength(3)
      expect((await kejin.alerts.current({})).alerts.every((a) => a.sent)).toBe(true)
      schedule.stop()
    } finally {
      await hook.close()
    }
  })

  it("reads the webhook from the flag or the environment and needs a secret", () => {
    expect(webhookConfig(undefined, {})).toBeUndefined()
    expect(webhookConfig("https://example.org/hook", { KEJIN_WEBHOOK_SECRET: SECRET })).toEqual({
      url: "https://example.org/hook",
      secret: SECRET
    })
    expect(
      webhookConfig(undefined, { KEJIN_WEBHOOK_URL: "http://127.0.0.1:9/x", KEJIN_WEBHOOK_SECRET: SECRET })
    ).toEqual({ url: "http://127.0.0.1:9/x", secret: SECRET })
    expect(webhookConfig("https://example.org/hook", {})).toEqual({
      error: "--webhook: set KEJIN_WEBHOOK_SECRET (at least 16 characters) to sign the deliveries"
    })
    expect(webhookConfig("ftp://example.org", { KEJIN_WEBHOOK_SECRET: SECRET })).toEqual({
      error: "--webhook: ftp://example.org is not an http(s) URL"
    })
  })
})
