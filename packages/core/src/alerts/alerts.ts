import type { Decimal } from "decimal.js"
import { Effect } from "effect"
import { type Actor, authorize, systemActor } from "../auth/actor.js"
import { formatYuan, fromFen, toWire, Yuan } from "../money/index.js"
import { Database } from "../store/database.js"
import { evenPaceAt } from "../targets/pace.js"
import { type TargetProgress, Targets } from "../targets/targets.js"
import { type MessageParams, say } from "../text/messages.js"
import { addDays, todayInShanghai } from "../time/index.js"
import { type LoanRow, livePools, maturedLinkageLoans, sentKeys, troubledPledgeLoans } from "./store.js"

/**
 * Alerts (提醒): what needs someone's attention today, computed from the records as they stand, never
 * stored (only which ones a webhook was sent is remembered, `alert_deliveries`). Four kinds:
 *
 * - `target-behind-pace`: a target not met whose value on `asOf` is below the even pace to it (the
 *   "needed" line of the monthly chart: `target × elapsed days / period days`, `evenPaceAt`), while its
 *   period runs (`periodStart ≤ asOf ≤ periodEnd`).
 * - `loan-overdue`: a live loan past its maturity (`matures_on < asOf`) and still open: a pledge loan with
 *   a balance (drawn − live repayments by `asOf`), not in default (that is the next kind) and not disposed
 *   of (处置); a live linkage loan (投贷联动, 科创指数贷) with a balance by its live repayments, not in default.
 * - `loan-default`: a live pledge loan in live default by `asOf` and not disposed of by then (the loans the
 *   dashboard counts as 违约贷款 on that day), with its balance then; a live linkage loan in live default
 *   by `asOf` with a balance then.
 * - `pool-low`: a live pool (资金池) whose balance is under 20 % of what was deposited in it (deposits > 0).
 *
 * Each alert has a stable `key` (its kind, its record and the day that started it), so a webhook sends it
 * once, and the same alert arising again later (a new default after a reversal) is a new key.
 *
 * Who sees what: the roles with `alerts.read` (admin, bureau, fund managers; not viewers). A fund manager
 * sees the alerts that concern one of their funds (`funds`: a 投贷联动 loan of their fund's investment or
 * whose warrant their fund holds); admins and the bureau see them all.
 */
export const alertKinds = ["target-behind-pace", "loan-overdue", "loan-default", "pool-low"] as const
export type AlertKind = (typeof alertKinds)[number]

/** The pool balance below which (as a share of its deposits) a pool is low: 20 %. */
export const POOL_LOW_SHARE = new Yuan("0.2")

/** The record an alert is about: where a page links it. */
export type AlertSubject =
  | { readonly kind: "target"; readonly key: string; readonly label: string; readonly labelEn: string }
  | {
      readonly kind: "pledge-loan"
      readonly loanId: number
      readonly pledgeId: number
      readonly registrationNo: string
    }
  | { readonly kind: "linkage-loan"; readonly loanId: number; readonly pilot: string }
  | { readonly kind: "pool"; readonly code: string; readonly poolId: number }

export interface Alert {
  /** Stable: `loan-default:pledge-loan:12:2026-03-01`. */
  readonly key: string
  readonly kind: AlertKind
  /** The day the condition began (the default's date, the day after maturity, …) or was seen (`asOf`). */
  readonly since: string
  /** The message in the catalogue (`alert-…`), its parameters, and its English words. */
  readonly code: string
  readonly params: MessageParams
  readonly message: string
  readonly subject: AlertSubject
  /** The funds the alert concerns (fund managers see those of their funds); empty for city-wide ones. */
  readonly funds: ReadonlyArray<string>
  /** The amount at stake: a loan's balance, a pool's balance, a target's shortfall to the pace (money). */
  readonly amount: Decimal | null
  /** A webhook was sent this alert already (`alerts.markSent`). */
  readonly sent: boolean
}

export interface AlertsAnswer {
  readonly asOf: string
  /** Every alert the actor may see (of `kind` when asked), by kind then since. */
  readonly alerts: ReadonlyArray<Alert>
  /** How many of each kind (of all kinds, whatever `kind` asked). */
  readonly counts: Readonly<Record<AlertKind, number>>
}

export interface AlertsQuery {
  readonly asOf?: string | undefined
  readonly kind?: AlertKind | undefined
}

const addDay = (date: string): string => addDays(date, 1)

/** A figure of a target in its unit, for a message: money to the fen, a count, a percentage. */
const figureText = (p: TargetProgress, value: Decimal): string =>
  p.unit === "yuan"
    ? formatYuan(value)
    : p.unit === "percent"
      ? `${value.toDecimalPlaces(2).toFixed()}%` // float-ok: decimal.js
      : value.toDecimalPlaces(2).toFixed() // float-ok: decimal.js

const targetAlerts = (progress: ReadonlyArray<TargetProgress>, asOf: string): ReadonlyArray<Alert> =>
  progress.flatMap((p): ReadonlyArray<Alert> => {
    if (asOf < p.periodStart || asOf > p.periodEnd) return []
    if (p.target.lte(0) || p.value.gte(p.target)) return []
    // Money to the fen, rounded up (what is needed reads never less), as the pages round a pace.
    const even = evenPaceAt(p.target, p.periodStart, p.periodEnd, asOf)
    const needed = p.unit === "yuan" ? even.toDecimalPlaces(2, Yuan.ROUND_UP) : even
    if (!p.value.lt(even)) return []
    const params = {
      value: figureText(p, p.value),
      needed: figureText(p, needed),
      target: figureText(p, p.target),
      periodEnd: p.periodEnd
    }
    const said =
      p.unit === "yuan"
        ? say("alert-target-behind-pace-money", params)
        : say("alert-target-behind-pace", params)
    return [
      {
        key: `target-behind-pace:target:${p.key}:${p.periodStart}`,
        kind: "target-behind-pace",
        since: asOf,
        ...said,
        subject: { kind: "target", key: p.key, label: p.label, labelEn: p.labelEn },
        funds: [],
        amount: p.unit === "yuan" ? new Yuan(needed).minus(p.value) : null,
        sent: false
      }
    ]
  })

/** The alerts of live pledge loans in default, or past maturity with a balance (see {@link troubledPledgeLoans}). */
const pledgeLoanAlerts = (loans: ReadonlyArray<LoanRow>) => {
  const defaults: Array<Alert> = []
  const overdue: Array<Alert> = []
  for (const l of loans) {
    const balance = fromFen(l.amountFen - l.repaidFen)
    const subject = {
      kind: "pledge-loan",
      loanId: l.loanId,
      pledgeId: l.pledgeId,
      registrationNo: l.registrationNo
    } as const
    const base = {
      registrationNo: l.registrationNo,
      pledgor: l.pledgor,
      bank: l.bank,
      balance: formatYuan(balance)
    }
    if (l.defaultedOn !== null) {
      defaults.push({
        key: `loan-default:pledge-loan:${l.loanId}:${l.defaultedOn}`,
        kind: "loan-default",
        since: l.defaultedOn,
        ...say("alert-loan-default", { ...base, on: l.defaultedOn }),
        subject,
        funds: [],
        amount: balance,
        sent: false
      })
    } else if (l.amountFen > l.repaidFen) {
      overdue.push({
        key: `loan-overdue:pledge-loan:${l.loanId}:${l.maturesOn}`,
        kind: "loan-overdue",
        since: addDay(l.maturesOn),
        ...say("alert-loan-overdue", { ...base, maturesOn: l.maturesOn }),
        subject,
        funds: [],
        amount: balance,
        sent: false
      })
    }
  }
  return { defaults, overdue }
}

/** Every alert as of `asOf` (default today in Asia/Shanghai), before the actor's scope. */
export const allAlerts = Effect.fn("Alerts.all")(function* (asOf: string) {
  const database = yield* Database
  const targets = yield* Targets
  const db = database.db
  const progress = yield* targets.progress(asOf)
  const loans = yield* database.query(() => troubledPledgeLoans(db, asOf))
  const linkageLoans = yield* database.query(() => maturedLinkageLoans(db, asOf))
  const pools = yield* database.query(() => livePools(db))

  const { defaults, overdue } = pledgeLoanAlerts(loans)
  for (const l of linkageLoans) {
    const balance = fromFen(l.amountFen - l.repaidFen)
    const base = { enterprise: l.enterprise, bank: l.bank, amount: formatYuan(balance) }
    const subject = { kind: "linkage-loan", loanId: l.loanId, pilot: l.pilot } as const
    if (l.defaultedOn !== null) {
      defaults.push({
        key: `loan-default:linkage-loan:${l.loanId}:${l.defaultedOn}`,
        kind: "loan-default",
        since: l.defaultedOn,
        ...say("alert-linkage-loan-default", { ...base, on: l.defaultedOn }),
        subject,
        funds: l.funds,
        amount: balance,
        sent: false
      })
      continue
    }
    overdue.push({
      key: `loan-overdue:linkage-loan:${l.loanId}:${l.maturesOn}`,
      kind: "loan-overdue",
      since: addDay(l.maturesOn),
      ...say("alert-linkage-loan-overdue", { ...base, maturesOn: l.maturesOn }),
      subject,
      funds: l.funds,
      amount: balance,
      sent: false
    })
  }
  const low: Array<Alert> = []
  for (const pool of pools) {
    if (!pool.deposited.gt(0) || !pool.balance.lt(pool.deposited.times(POOL_LOW_SHARE))) continue
    const share = pool.balance.div(pool.deposited).times(100).toDecimalPlaces(1, Yuan.ROUND_DOWN)
    low.push({
      key: `pool-low:pool:${pool.id}`,
      kind: "pool-low",
      since: asOf,
      ...say("alert-pool-low", {
        pool: pool.name,
        balance: formatYuan(pool.balance),
        deposited: formatYuan(pool.deposited),
        share: share.toFixed(1) // float-ok: decimal.js
      }),
      subject: { kind: "pool", code: pool.code, poolId: pool.id },
      funds: [],
      amount: pool.balance,
      sent: false
    })
  }
  const bySince = (a: Alert, b: Alert) =>
    a.since < b.since ? -1 : a.since > b.since ? 1 : a.key < b.key ? -1 : 1
  return [
    ...targetAlerts(progress, asOf),
    ...defaults.sort(bySince),
    ...overdue.sort(bySince),
    ...low
  ] satisfies ReadonlyArray<Alert>
})

/** The alerts `actor` may see among `alerts`: all for admins and the bureau, their funds' for a fund manager. */
export const visibleTo = (actor: Actor, alerts: ReadonlyArray<Alert>): ReadonlyArray<Alert> => {
  if (actor.role === "admin" || actor.role === "bureau") return alerts
  if (actor.role !== "fund-manager") return []
  const funds = new Set(actor.funds ?? [])
  return alerts.filter((a) => a.funds.some((f) => funds.has(f)))
}

const countsOf = (alerts: ReadonlyArray<Alert>): Record<AlertKind, number> => {
  const counts = Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>
  for (const a of alerts) counts[a.kind] += 1
  return counts
}

/** The alerts `actor` may see as of `asOf` (default today), of `kind` when asked, with counts by kind. */
export const currentAlerts = Effect.fn("Alerts.current")(function* (
  query: AlertsQuery = {},
  actor: Actor = systemActor
) {
  const forbidden = authorize(actor, "alerts.read")
  if (forbidden !== undefined) return yield* forbidden
  const asOf = query.asOf ?? (yield* todayInShanghai)
  const scoped = visibleTo(actor, yield* allAlerts(asOf))
  const database = yield* Database
  const sent = yield* database.query((db) =>
    sentKeys(
      db,
      scoped.map((a) => a.key)
    )
  )
  const visible = scoped.map((a) => (sent.has(a.key) ? { ...a, sent: true } : a))
  return {
    asOf,
    alerts: query.kind === undefined ? visible : visible.filter((a) => a.kind === query.kind),
    counts: countsOf(visible)
  } satisfies AlertsAnswer
})

/** An alert on the wire: money as decimal strings with two places. */
export const alertToJson = (a: Alert) => ({
  key: a.key,
  kind: a.kind,
  since: a.since,
  code: a.code,
  params: a.params,
  message: a.message,
  subject: a.subject,
  funds: a.funds,
  amount: a.amount === null ? null : toWire(a.amount),
  sent: a.sent
})

export const alertsToJson = (answer: AlertsAnswer) => ({
  asOf: answer.asOf,
  counts: answer.counts,
  alerts: answer.alerts.map(alertToJson)
})

export interface TroubledLoansQuery {
  readonly asOf?: string | undefined
  /** `default`: in default, not disposed of; `overdue`: past maturity with a balance, not in default. */
  readonly status: "default" | "overdue"
}

/**
 * The pledge loans in default (or past maturity and open) as of `asOf`: the list behind the dashboard's
 * 违约贷款 figure, as alerts of their kind (`loan-default`, `loan-overdue`), oldest first. Pledge loans are
 * readable by whoever reads pledges: not scoped like the notifications.
 */
export const troubledLoans = Effect.fn("Alerts.troubledLoans")(function* (query: TroubledLoansQuery) {
  const asOf = query.asOf ?? (yield* todayInShanghai)
  const database = yield* Database
  const loans = yield* database.query((db) => troubledPledgeLoans(db, asOf))
  const { defaults, overdue } = pledgeLoanAlerts(loans)
  const bySince = (a: Alert, b: Alert) =>
    a.since < b.since ? -1 : a.since > b.since ? 1 : a.key < b.key ? -1 : 1
  return {
    asOf,
    status: query.status,
    loans: (query.status === "default" ? defaults : overdue).sort(bySince)
  }
})
