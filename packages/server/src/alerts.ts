import { createHmac, randomUUID, timingSafeEqual } from "node:crypto"
import { type Alert, type Kejin, shanghaiDateOf, systemActor } from "@kejin/core"
import { alertToJson } from "@kejin/core/internal"

/*
 * What `kejin serve` does with the alerts (core `alerts.current`) besides the dashboard's panel:
 *
 * - a daily digest in the server log: once a day, at the first check from `digestHour` (Asia/Shanghai) on,
 *   one line with the counts by kind and one line an alert (at most `digestLines`);
 * - an optional webhook (`--webhook URL`, or `KEJIN_WEBHOOK_URL`, signed with `KEJIN_WEBHOOK_SECRET`): the
 *   alerts not sent before are POSTed as one JSON body, signed with HMAC-SHA256, retried with back-off;
 *   once a delivery is answered 2xx its alerts are recorded as sent (`alerts.markSent`, one journal entry),
 *   so each alert is sent once, across restarts and by several servers sharing a store.
 *
 * Everything runs on timers, never in a request: a slow or failing receiver delays nothing but itself.
 * Time and timers are injectable (`now`, `sleep`) so that tests drive a day in milliseconds.
 *
 * The body: `{ "event": "kejin.alerts", "deliveryId": "…", "sentAt": "2026-12-06T00:00:00.000Z",
 * "asOf": "2026-12-06", "alerts": [ …alerts as GET /api/v1/alerts answers them… ] }`.
 * Headers: `Content-Type: application/json`, `X-Kejin-Delivery: <deliveryId>`, and
 * `X-Kejin-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body bytes under the shared secret. A
 * receiver verifies it by computing the same HMAC over the body exactly as received (before parsing it) and
 * comparing in constant time ({@link verifyWebhookSignature}); it may refuse a `sentAt` too far in the past
 * and ignore a `deliveryId` it has seen (a retry after a lost answer sends the same delivery again).
 */

/** The header carrying the body's signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = "X-Kejin-Signature"
export const DELIVERY_HEADER = "X-Kejin-Delivery"

/** `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`. */
export const webhookSignature = (secret: string, body: string | Uint8Array): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`

/** True when `signature` (the header's value) is the HMAC-SHA256 of `body` under `secret`. */
export const verifyWebhookSignature = (
  secret: string,
  body: string | Uint8Array,
  signature: string | null | undefined
): boolean => {
  if (typeof signature !== "string") return false
  const expected = Buffer.from(webhookSignature(secret, body))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export interface WebhookConfig {
  readonly url: string
  readonly secret: string
}

export interface AlertScheduleOptions {
  readonly log: (line: string) => void
  readonly webhook?: WebhookConfig | undefined
  /** The wall time (default: the real clock). */
  readonly now?: () => Date
  /** Waits `ms` (default: a timer); the retries' back-off goes through it. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Hour of the day (Asia/Shanghai, 0–23) from which the day's digest is written (default 8). */
  readonly digestHour?: number
  /** At most this many alert lines in a digest (default 50); the counts cover all. */
  readonly digestLines?: number
  /** Milliseconds between checks (default 5 minutes); 0: no timer (tests call `check()`). */
  readonly checkEveryMs?: number
  /** The waits before each retry of a delivery (default 2 s, 10 s, 1 min, 5 min). */
  readonly retryDelaysMs?: ReadonlyArray<number>
  /** Milliseconds a delivery attempt may take (default 10 s). */
  readonly timeoutMs?: number
  readonly fetch?: typeof fetch
}

export interface AlertSchedule {
  /** Writes the digest when it is due and sends the new alerts; resolves when both are done. */
  check(): Promise<void>
  stop(): void
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/** One line of an alert for the log: its kind, the record it names and its English words. */
export const alertLine = (a: Alert): string => {
  const about =
    a.subject.kind === "target"
      ? `${a.subject.labelEn}: `
      : a.subject.kind === "linkage-loan"
        ? `${a.subject.pilot} loan ${a.subject.loanId}: `
        : ""
  return `[${a.kind}] ${about}${a.message}`
}

/**
 * Starts the digest and the webhook for `kejin serve`: a first check at once, then every `checkEveryMs`.
 * Returns the schedule (`stop()` on shutdown).
 */
export const scheduleAlerts = (kejin: Kejin, options: AlertScheduleOptions): AlertSchedule => {
  const now = options.now ?? (() => new Date())
  const sleep = options.sleep ?? wait
  const digestHour = options.digestHour ?? 8
  const digestLines = options.digestLines ?? 50
  const retries = options.retryDelaysMs ?? [2_000, 10_000, 60_000, 300_000]
  const timeoutMs = options.timeoutMs ?? 10_000
  const post = options.fetch ?? fetch
  const { log, webhook } = options
  let lastDigest: string | undefined
  let delivering: Promise<void> | undefined
  let stopped = false

  const digest = async () => {
    const at = now()
    const day = shanghaiDateOf(at.getTime())
    const hour = new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours()
    if (lastDigest === day || hour < digestHour) return
    lastDigest = day
    const answer = await kejin.alerts.current({ asOf: day }, { actor: systemActor })
    const counts = Object.entries(answer.counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ")
    log(`alerts digest ${day}: ${answer.alerts.length} alert(s) (${counts})`)
    for (const a of answer.alerts.slice(0, digestLines)) log(`alerts digest ${day}: ${alertLine(a)}`)
    if (answer.alerts.length > digestLines)
      log(`alerts digest ${day}: … and ${answer.alerts.length - digestLines} more (see /alerts)`)
  }

  /** POSTs `body` until a 2xx answer or the retries run out; true when delivered. */
  const deliver = async (config: WebhookConfig, body: string, deliveryId: string): Promise<boolean> => {
    const headers = {
      "content-type": "application/json",
      [DELIVERY_HEADER]: deliveryId,
      [SIGNATURE_HEADER]: webhookSignature(config.secret, body)
    }
    for (let attempt = 0; attempt <= retries.length; attempt += 1) {
      if (attempt > 0) await sleep(retries[attempt - 1] ?? 0)
      if (stopped) return false
      try {
        const response = await post(config.url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs)
        })
        await response.body?.cancel()
        if (response.ok) return true
        log(`alerts webhook: delivery ${deliveryId} answered ${response.status} (attempt ${attempt + 1})`)
      } catch (error) {
        log(`alerts webhook: delivery ${deliveryId} failed (attempt ${attempt + 1}): ${String(error)}`)
      }
    }
    return false
  }

  const send = async (config: WebhookConfig) => {
    const answer = await kejin.alerts.current({}, { actor: systemActor })
    const fresh = answer.alerts.filter((a) => !a.sent)
    if (fresh.length === 0) return
    const deliveryId = randomUUID()
    const body = JSON.stringify({
      event: "kejin.alerts",
      deliveryId,
      sentAt: now().toISOString(),
      asOf: answer.asOf,
      alerts: fresh.map(alertToJson)
    })
    if (!(await deliver(config, body, deliveryId))) {
      log(`alerts webhook: ${fresh.length} alert(s) not delivered; they are sent again at the next check`)
      return
    }
    await kejin.alerts.markSent(
      { alerts: fresh.map((a) => ({ key: a.key, kind: a.kind })) },
      { actor: systemActor }
    )
    log(`alerts webhook: delivered ${fresh.length} alert(s) (delivery ${deliveryId})`)
  }

  const check = async () => {
    try {
      await digest()
    } catch (error) {
      log(`alerts digest failed: ${String(error)}`)
    }
    if (webhook === undefined) return
    // One delivery at a time: a check while one is retrying waits for it instead of sending twice.
    if (delivering === undefined) {
      delivering = send(webhook)
        .catch((error: unknown) => log(`alerts webhook failed: ${String(error)}`))
        .finally(() => {
          delivering = undefined
        })
    }
    await delivering
  }

  const every = options.checkEveryMs ?? 300_000
  const timer = every > 0 ? setInterval(() => void check(), every) : undefined
  timer?.unref()
  if (every > 0) void check()
  return {
    check,
    stop: () => {
      stopped = true
      if (timer !== undefined) clearInterval(timer)
    }
  }
}

/**
 * The webhook of `kejin serve`: `--webhook URL` (else `KEJIN_WEBHOOK_URL`), signed with
 * `KEJIN_WEBHOOK_SECRET`; undefined without a URL. A URL that is not http(s), or without a secret, is an
 * error (the message says what to set).
 */
export const webhookConfig = (
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env
): WebhookConfig | undefined | { readonly error: string } => {
  const url = flag ?? env.KEJIN_WEBHOOK_URL
  if (url === undefined || url === "") return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { error: `--webhook: ${url} is not a URL` }
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return { error: `--webhook: ${url} is not an http(s) URL` }
  const secret = env.KEJIN_WEBHOOK_SECRET
  if (secret === undefined || secret.length < 16)
    return { error: "--webhook: set KEJIN_WEBHOOK_SECRET (at least 16 characters) to sign the deliveries" }
  return { url, secret }
}
