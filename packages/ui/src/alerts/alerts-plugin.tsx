/** @jsxImportSource hono/jsx */
import {
  type Alert,
  type AlertKind,
  type AlertsAnswer,
  alertKinds,
  localizedMessage,
  type Pilot
} from "@kejin/core"
import { currentAlertsOperation, troubledLoansOperation } from "@kejin/core/internal"
import type { Context } from "hono"
import { Page, renderPage } from "../dashboard/shell.js"
import { asOfOf } from "../equity/access.js"
import { ExportLinks } from "../export-links.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf, withLang } from "../i18n.js"
import { pilotLabels } from "../linkage/vocabulary.js"
import { Money, moneyUnitFor } from "../money.js"
import { definePanel, definePlugin, type NavigationItem, type PanelContext } from "../plugin.js"

/*
 * Notifications (提醒): the core's alerts (`alerts.current`: a target behind pace, a loan past maturity, a
 * loan in default, a pool under 20 % of its deposits) for the roles that read them (admins, the bureau, fund
 * managers for their funds; not viewers). A dashboard panel with the count as a badge, the counts by kind
 * (each the filtered list) and the latest alerts, each linking to its record; and the page `/alerts`
 * (`?kind=…`, `?asOf=…`): every alert of a kind, the list behind a count (违约贷款 2 → its two loans).
 */

export const ALERT_KIND_LABELS: Record<AlertKind, LocalizedText> = {
  "target-behind-pace": { zh: "目标进度落后", en: "Targets behind pace" },
  "loan-overdue": { zh: "逾期未还贷款", en: "Loans past maturity" },
  "loan-default": { zh: "违约贷款", en: "Loans in default" },
  "pool-low": { zh: "资金池余额不足 20%", en: "Pools under 20 %" }
}

const TITLE: LocalizedText = { zh: "提醒", en: "Notifications" }
const PANEL_ITEMS = 6

const isAlertKind = (value: string | undefined): value is AlertKind =>
  value !== undefined && (alertKinds as ReadonlyArray<string>).includes(value)

/** `/alerts` with the kind (and the day) of a list, in the page's language. */
export const alertsHref = (
  ctx: Pick<PanelContext, "basePath" | "lang">,
  kind?: AlertKind,
  asOf?: string
): string => {
  const query = new URLSearchParams()
  if (kind !== undefined) query.set("kind", kind)
  if (asOf !== undefined) query.set("asOf", asOf)
  const search = query.toString()
  return withLang(`${ctx.basePath}/alerts${search === "" ? "" : `?${search}`}`, ctx.lang)
}

/** The page of the record an alert is about. */
export const alertRecordHref = (ctx: PanelContext, alert: Alert): string => {
  const s = alert.subject
  const path =
    s.kind === "target"
      ? "/targets"
      : s.kind === "pledge-loan"
        ? `/pledges/${s.pledgeId}`
        : s.kind === "linkage-loan"
          ? `/records/loans/${s.loanId}`
          : `/records/pools/${encodeURIComponent(s.code)}`
  return withLang(`${ctx.basePath}${path}`, ctx.lang)
}

/** What the alert names before its message: a target's name, a linkage loan's pilot, a loan's number. */
const subjectText = (alert: Alert, lang: Lang): string => {
  const s = alert.subject
  switch (s.kind) {
    case "target":
      return lang === "en" ? s.labelEn : s.label
    case "pledge-loan":
      return s.registrationNo
    case "linkage-loan": {
      const pilot = pilotLabels[s.pilot as Pilot]
      return `${pilot === undefined ? s.pilot : textOf(pilot, lang)} #${s.loanId}`
    }
    case "pool":
      return s.code
  }
}

/** The alert's words in the page's language (the catalogue's), a target's name before them. */
export const alertText = (alert: Alert, lang: Lang): string => {
  const words = localizedMessage(alert, lang)
  return alert.subject.kind === "target"
    ? `${subjectText(alert, lang)}${lang === "en" ? ": " : "："}${words}`
    : words
}

const load = async (ctx: PanelContext, kind?: AlertKind): Promise<AlertsAnswer> =>
  ctx.kejin.alerts.current(
    { ...(kind === undefined ? {} : { kind }), ...(asOfOf(ctx) === undefined ? {} : { asOf: asOfOf(ctx) }) },
    { actor: ctx.actor }
  )

const total = (answer: AlertsAnswer) => alertKinds.reduce((n, k) => n + answer.counts[k], 0)

const CountBadge = (props: { count: number }) => (
  <span
    class={props.count === 0 ? "badge badge--ok" : "badge badge--bad"}
    data-alert-count={String(props.count)}
  >
    {props.count}
  </span>
)

const KindCounts = (props: { answer: AlertsAnswer; ctx: PanelContext; current?: AlertKind | undefined }) => (
  <ul class="alert-kinds">
    {alertKinds.map((kind) => (
      <li data-alert-kind={kind}>
        <a
          href={alertsHref(props.ctx, kind, asOfOf(props.ctx))}
          aria-current={props.current === kind ? "page" : undefined}
        >
          <Label text={ALERT_KIND_LABELS[kind]} lang={props.ctx.lang} /> {props.answer.counts[kind]}
        </a>
      </li>
    ))}
  </ul>
)

const AlertItem = (props: { alert: Alert; ctx: PanelContext }) => {
  const { alert, ctx } = props
  return (
    <li class={`alert alert--${alert.kind}`} data-alert={alert.key}>
      <a href={alertRecordHref(ctx, alert)}>{alertText(alert, ctx.lang)}</a>
      <span class="muted"> · {alert.since}</span>
    </li>
  )
}

/** The notifications panel: the count, the counts by kind and the first alerts. */
export const notificationsPanel = definePanel({
  id: "notifications",
  title: { zh: "需要关注", en: "Needs attention" },
  permission: "alerts.read",
  load: (ctx) => load(ctx),
  render: (answer, ctx) => {
    const count = total(answer)
    const { lang } = ctx
    return (
      <div class="alerts-panel">
        <p class="alerts-head">
          <CountBadge count={count} />{" "}
          {count === 0
            ? textOf(catalogueText("alerts-none"), lang)
            : lang === "en"
              ? `need attention as of ${answer.asOf}`
              : `项需要关注（截至 ${answer.asOf}）`}
        </p>
        <KindCounts answer={answer} ctx={ctx} />
        {count === 0 ? null : (
          <ul class="alert-list">
            {answer.alerts.slice(0, PANEL_ITEMS).map((alert) => (
              <AlertItem alert={alert} ctx={ctx} />
            ))}
          </ul>
        )}
        <p class="panel-note">
          <a href={alertsHref(ctx, undefined, asOfOf(ctx))}>
            {lang === "en" ? "All notifications" : "全部提醒"}
          </a>
        </p>
      </div>
    )
  }
})

const AlertsTable = (props: { alerts: ReadonlyArray<Alert>; ctx: PanelContext }) => {
  const { alerts, ctx } = props
  const lang = ctx.lang
  const unit = moneyUnitFor(
    alerts.flatMap((a) => (a.amount === null ? [] : [a.amount])),
    lang
  )
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="alerts-table">
        <thead>
          <tr>
            <th scope="col">{lang === "en" ? "Record" : "记录"}</th>
            <th scope="col">{lang === "en" ? "Kind" : "类别"}</th>
            <th scope="col">{lang === "en" ? "Since" : "起始日期"}</th>
            <th scope="col">{lang === "en" ? "Amount" : "金额"}</th>
            <th scope="col">{lang === "en" ? "What" : "说明"}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr data-alert={alert.key}>
              <th scope="row">
                <a href={alertRecordHref(ctx, alert)}>{subjectText(alert, lang)}</a>
              </th>
              <td>
                <Label text={ALERT_KIND_LABELS[alert.kind]} lang={lang} />
              </td>
              <td>{alert.since}</td>
              <td>{alert.amount === null ? "—" : <Money amount={alert.amount} unit={unit} />}</td>
              <td>{localizedMessage(alert, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** `GET /alerts`: every alert the actor may see, of `?kind=` when given, as of `?asOf=` (default today). */
const alertsPage = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const asked = ctx.query.kind
  const kind = isAlertKind(asked) ? asked : undefined
  const answer = await load(ctx, kind)
  const lang = ctx.lang
  const shown = kind === undefined ? total(answer) : answer.counts[kind]
  const page = await renderPage(
    <Page ctx={ctx} title={kind === undefined ? TITLE : ALERT_KIND_LABELS[kind]}>
      <p class="alerts-head" data-list-total={String(shown)}>
        <CountBadge count={shown} /> {lang === "en" ? `as of ${answer.asOf}` : `截至 ${answer.asOf}`}
        {kind === undefined ? null : (
          <>
            {" · "}
            <a href={alertsHref(ctx, undefined, asOfOf(ctx))}>{lang === "en" ? "All kinds" : "全部类别"}</a>
          </>
        )}
      </p>
      <KindCounts answer={answer} ctx={ctx} current={kind} />
      {answer.alerts.length === 0 ? (
        <p class="panel-note">{textOf(catalogueText("alerts-none"), lang)}</p>
      ) : (
        <section
          class="alerts-list"
          aria-label={textOf(kind === undefined ? TITLE : ALERT_KIND_LABELS[kind], lang)}
        >
          <p class="panel-note">
            <ExportLinks op={currentAlertsOperation} filters={{ kind, asOf: answer.asOf }} lang={lang} />
          </p>
          <AlertsTable alerts={answer.alerts} ctx={ctx} />
        </section>
      )}
      <p>
        <a href={withLang(ctx.basePath || "/", lang)}>
          {lang === "en" ? "Back to the dashboard" : "返回总览"}
        </a>
      </p>
    </Page>
  )
  return c.html(page, asked !== undefined && kind === undefined ? 404 : 200)
}

const LOAN_LISTS = {
  default: { zh: "违约贷款", en: "Loans in default" },
  overdue: { zh: "逾期未还贷款", en: "Loans past maturity" }
} as const satisfies Record<string, LocalizedText>

/** `/loans?status=default` (or `overdue`) as of a day: the list behind the 违约贷款 figure. */
export const troubledLoansHref = (
  ctx: Pick<PanelContext, "basePath" | "lang">,
  status: keyof typeof LOAN_LISTS,
  asOf?: string
): string => {
  const query = new URLSearchParams({ status })
  if (asOf !== undefined) query.set("asOf", asOf)
  return withLang(`${ctx.basePath}/loans?${query}`, ctx.lang)
}

/** `GET /loans?status=default|overdue&asOf=`: the pledge loans in default (or overdue), for whoever reads pledges. */
const loansPage = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const status =
    ctx.query.status === "overdue" ? "overdue" : ctx.query.status === "default" ? "default" : undefined
  if (status === undefined) return c.notFound()
  const asOf = asOfOf(ctx)
  const answer = await ctx.kejin.alerts.loans(
    { status, ...(asOf === undefined ? {} : { asOf }) },
    { actor: ctx.actor }
  )
  const lang = ctx.lang
  const unit = moneyUnitFor(
    answer.loans.flatMap((a) => (a.amount === null ? [] : [a.amount])),
    lang
  )
  const page = await renderPage(
    <Page ctx={ctx} title={LOAN_LISTS[status]}>
      <p class="alerts-head" data-list-total={String(answer.loans.length)}>
        {lang === "en"
          ? `${answer.loans.length} loan(s) as of ${answer.asOf}`
          : `${answer.loans.length} 笔（截至 ${answer.asOf}）`}
        {" · "}
        <a href={troubledLoansHref(ctx, status === "default" ? "overdue" : "default", asOf)}>
          <Label text={LOAN_LISTS[status === "default" ? "overdue" : "default"]} lang={lang} />
        </a>
      </p>
      {answer.loans.length === 0 ? null : (
        <section class="alerts-list" aria-label={textOf(LOAN_LISTS[status], lang)}>
          <p class="panel-note">
            <ExportLinks op={troubledLoansOperation} filters={{ status, asOf: answer.asOf }} lang={lang} />
          </p>
          <div class="table-scroll" tabindex={0}>
            <table class="alerts-table" data-loans={status}>
              <thead>
                <tr>
                  <th scope="col">{lang === "en" ? "Registration" : "登记号"}</th>
                  <th scope="col">
                    {status === "default"
                      ? lang === "en"
                        ? "Defaulted on"
                        : "违约日期"
                      : lang === "en"
                        ? "Overdue since"
                        : "逾期起始"}
                  </th>
                  <th scope="col">{lang === "en" ? "Balance" : "余额"}</th>
                  <th scope="col">{lang === "en" ? "What" : "说明"}</th>
                </tr>
              </thead>
              <tbody>
                {answer.loans.map((alert) => (
                  <tr data-alert={alert.key}>
                    <th scope="row">
                      <a href={alertRecordHref(ctx, alert)}>{subjectText(alert, lang)}</a>
                    </th>
                    <td>{alert.since}</td>
                    <td>{alert.amount === null ? "—" : <Money amount={alert.amount} unit={unit} />}</td>
                    <td>{localizedMessage(alert, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p>
        <a href={withLang(ctx.basePath || "/", lang)}>
          {lang === "en" ? "Back to the dashboard" : "返回总览"}
        </a>
      </p>
    </Page>
  )
  return c.html(page)
}

export const alertsNavigation: NavigationItem = { href: "/alerts", label: TITLE, permission: "alerts.read" }

/** Notifications: the panel and the `/alerts` page. */
export const alertsPlugin = definePlugin({
  id: "alerts",
  title: TITLE,
  order: 5,
  panels: [notificationsPanel],
  routes: [
    { method: "GET", path: "/alerts", permission: "alerts.read", handler: alertsPage },
    { method: "GET", path: "/loans", permission: "pledges.read", handler: loansPage }
  ],
  navigation: [alertsNavigation]
})
