/** @jsxImportSource hono/jsx */
import {
  can,
  Decimal,
  EnterpriseSize,
  formatYuan,
  NotFoundError,
  type PatentType,
  type PledgeLoan,
  type PledgeRegistration,
  type PledgeTimelineEntry
} from "@kejin/core"
import {
  disposalMethodLabels,
  getPledgeRegistration,
  getPledgeTimeline,
  listLoans,
  type OperationSpec,
  patentTypeLabels,
  pledgeTimelineLabels
} from "@kejin/core/internal"
import type { Context } from "hono"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportLinks } from "../export-links.js"
import { Fact } from "../facts.js"
import { FigureBox } from "../figures.js"
import type { FormValues } from "../forms/form-state.js"
import { type FormPost, operationForm } from "../forms/operation-form.js"
import { isHtmx, renderFragment } from "../forms/post.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { moneyUnitFor } from "../money.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { choiceLabels } from "../records/vocabulary.js"
import { shanghaiMinute } from "../reports/monthly-data.js"
import { type Column, TableHead } from "../table-head.js"
import { Amount, districtName, langQuery, PledgeStatusBadge, todayOf } from "./format.js"
import {
  ACTION_IDS,
  ActionBox,
  ActionForm,
  type ActionId,
  actionErrorsOf,
  actionInputOf,
  actionSpecs,
  actionValuesOf,
  type FailedAction,
  type FailedReversal,
  REVERSAL_IDS,
  ReversalForm,
  type ReversalId,
  reversalErrorsOf,
  reversalSpecs
} from "./lifecycle-forms.js"
import { RegisterBox } from "./registration-form.js"

/*
 * A registration's page (`/pledges/:id`): status, terms, the 首次质押 and 普惠 flags, the patents, the
 * loans with their balances and the timeline (`kejin.pledges.registration` and `events`); for
 * `pledges.write` the lifecycle forms (change, release, cancel, draw a loan, repay one). The forms post
 * with htmx to `/pledges/:id/<action>`: the answer is the registration's section again, with a notice and
 * `HX-Trigger: kejin-changed` on success, with the form's errors (422) otherwise. Without JavaScript
 * success redirects back here (303) and an error renders the page.
 *
 * Corrections are 冲销 (reversals), each with a required reason: the registration (`/pledges/:id/reverse`),
 * its latest live change/release/cancellation (`reverse-event`, on that timeline row), a loan
 * (`reverse-loan`, on its row) and a repayment or default (`reverse-loan-event`, on its timeline row). A
 * reversed registration's page says so, with the reason, and offers no forms.
 */

/** A form that came back with errors: a lifecycle form or a reversal. */
type Failed = FailedAction | FailedReversal

const failedAction = (failed: Failed | undefined): FailedAction | undefined =>
  failed !== undefined && "action" in failed ? failed : undefined
const failedReversal = (failed: Failed | undefined): FailedReversal | undefined =>
  failed !== undefined && "reversal" in failed ? failed : undefined

const TITLE: LocalizedText = { zh: "质押登记详情", en: "Registration" }
const SECTION_ID = "pledge-detail"

/** Ids are whole numbers: anything else names no registration (and never reaches the core). */
const idOf = (text: string): number | undefined =>
  /^\d{1,15}$/.test(text) && Number(text) > 0 ? Number(text) : undefined

interface Detail {
  readonly registration: PledgeRegistration
  readonly timeline: ReadonlyArray<PledgeTimelineEntry>
  /** The core's today (Asia/Shanghai): the forms' default date. */
  readonly today: string
  /** Who reversed the registration, when (Asia/Shanghai) and why (from the journal), when it was. */
  readonly reversal: Reversal | undefined
}

interface Reversal {
  readonly reason: string
  readonly actor: string
  readonly at: string
}

/** Who reversed registration `id`, when and why, from the journal entry of `pledges.reverse`. */
const reversalOf = async (ctx: PanelContext, id: number): Promise<Reversal | undefined> => {
  const limit = 200
  for (let offset = 0; ; offset += limit) {
    const page = await ctx.kejin.journal.search({ command: "pledges.reverse", limit, offset })
    for (const entry of page.items) {
      const payload = entry.payload as { id?: unknown; reason?: unknown } | null
      if (
        entry.command === "pledges.reverse" &&
        Number(payload?.id) === id &&
        typeof payload?.reason === "string"
      )
        return { reason: payload.reason, actor: entry.actor, at: shanghaiMinute(Date.parse(entry.at)) }
    }
    if (page.items.length < limit || offset + limit >= page.total) return undefined
  }
}

const loadDetail = async (ctx: PanelContext, id: number): Promise<Detail | undefined> => {
  try {
    const registration = await ctx.kejin.pledges.registration(id)
    return {
      registration,
      timeline: await ctx.kejin.pledges.events(id),
      today: await todayOf(ctx.kejin),
      reversal: registration.reversed ? await reversalOf(ctx, id) : undefined
    }
  } catch (error) {
    if (error instanceof NotFoundError) return undefined
    throw error
  }
}

const isOpen = (r: PledgeRegistration): boolean =>
  !r.reversed && (r.status === "registered" || r.status === "changed")

/** The latest live change, release or cancellation: the only registration event a reversal may take out. */
const lastLiveEventId = (r: PledgeRegistration): number | undefined =>
  r.events.filter((e) => e.kind !== "reversal" && !e.reversed).at(-1)?.id

/** A patent's type, as its export writes it (core operations/labels.ts). */
const PATENT_TYPES: Record<PatentType, LocalizedText> = patentTypeLabels

/** An enterprise's size, as its export writes it (core operations/labels.ts). */
const SIZES: Record<string, LocalizedText> = choiceLabels(EnterpriseSize.literals)

/** A history line's event, as its export writes it (core operations/labels.ts). */
const TIMELINE_KINDS: Record<PledgeTimelineEntry["kind"], LocalizedText> = pledgeTimelineLabels

/** `"0.0385"` → `3.85%`, exactly. */
const rateText = (rate: string): string =>
  `${new Decimal(rate).times(100).toFixed() /* float-ok: Decimal */}%`

const Header = (props: { r: PledgeRegistration; lang: Lang }) => {
  const { r, lang } = props
  const term = r.currentDebtTerm
  return (
    <header class="fund-header">
      <h3 class="fund-name">
        {r.registrationNo} <code>#{r.id}</code> <PledgeStatusBadge status={r.status} lang={lang} />{" "}
        {r.firstPledge ? (
          <span class="badge" data-flag="first-pledge">
            <Label text={{ zh: "首次质押", en: "First pledge" }} lang={lang} />
          </span>
        ) : null}{" "}
        {r.inclusive ? (
          <span
            class="badge"
            data-flag="inclusive"
            title={`≤ ${r.inclusiveThreshold.toFixed(2) /* float-ok: Decimal */}`}
          >
            <Label text={{ zh: "普惠", en: "Inclusive" }} lang={lang} />
          </span>
        ) : null}
        {r.reversed ? (
          <span class="badge badge--bad" data-flag="reversed">
            <Label text={{ zh: "已冲销", en: "Reversed" }} lang={lang} />
          </span>
        ) : null}
      </h3>
      <dl class="fund-facts">
        <Fact text={{ zh: "出质人", en: "Pledgor" }} lang={lang}>
          {r.pledgor.name} <code class="muted">{r.pledgor.uscc}</code>
        </Fact>
        <Fact text={{ zh: "区县", en: "District" }} lang={lang}>
          {districtName(r.pledgor.district, lang)}
        </Fact>
        {r.pledgor.size === undefined ? null : (
          <Fact text={{ zh: "企业规模", en: "Size" }} lang={lang}>
            {textOf(SIZES[r.pledgor.size] ?? { zh: r.pledgor.size, en: r.pledgor.size }, lang)}
          </Fact>
        )}
        <Fact text={{ zh: "质权人", en: "Pledgee" }} lang={lang}>
          {r.pledgee.name}
          {r.pledgee.kind === "guarantor" ? (lang === "en" ? " (guarantor)" : "（担保机构）") : ""}
        </Fact>
        <Fact text={{ zh: "登记日期", en: "Registered on" }} lang={lang}>
          {r.registeredOn}
        </Fact>
        <Fact text={{ zh: "状态日期", en: "Status since" }} lang={lang}>
          {r.statusOn}
        </Fact>
        <Fact text={{ zh: "债务履行期限", en: "Debt term" }} lang={lang}>
          {term === null ? "—" : `${term.start} – ${term.end}`}
        </Fact>
      </dl>
    </header>
  )
}

/** The registration's amounts, each a figure box. */
const FIGURES: ReadonlyArray<{
  readonly name: string
  readonly text: LocalizedText
  readonly amount: (r: PledgeRegistration) => Decimal
}> = [
  { name: "amount", text: { zh: "登记金额", en: "Registered amount" }, amount: (r) => r.amount },
  { name: "secured", text: { zh: "现担保金额", en: "Secured amount now" }, amount: (r) => r.securedAmount },
  { name: "drawn", text: { zh: "已放款", en: "Drawn" }, amount: (r) => r.drawn },
  { name: "available", text: { zh: "可用额度", en: "Available" }, amount: (r) => r.available },
  { name: "outstanding", text: { zh: "贷款余额", en: "Outstanding" }, amount: (r) => r.outstanding }
]

const Figures = (props: { r: PledgeRegistration; lang: Lang }) => (
  <dl class="figures">
    {FIGURES.map((f) => (
      <FigureBox data={{ "data-figure": f.name }} text={f.text} lang={props.lang}>
        <Amount lang={props.lang} amount={f.amount(props.r)} />
      </FigureBox>
    ))}
  </dl>
)

const PATENT_COLUMNS: ReadonlyArray<Column> = [
  { zh: "专利号", en: "Patent number" },
  { zh: "类型", en: "Type" },
  { zh: "名称", en: "Title" }
]

const Patents = (props: { r: PledgeRegistration; lang: Lang }) => (
  <table class="fund-table">
    <TableHead columns={PATENT_COLUMNS} lang={props.lang} />
    <tbody>
      {props.r.patentDetails.map((p) => (
        <tr data-patent={p.number}>
          <th scope="row">
            <code>{p.number}</code>
          </th>
          <td>{p.type === null ? "—" : textOf(PATENT_TYPES[p.type], props.lang)}</td>
          <td>{p.title ?? "—"}</td>
        </tr>
      ))}
    </tbody>
  </table>
)

const LOAN_COLUMNS: ReadonlyArray<Column> = [
  { zh: "贷款", en: "Loan" },
  { zh: "贷款银行", en: "Bank" },
  { zh: "金额", en: "Amount", num: true },
  { zh: "年利率", en: "Rate", num: true },
  { zh: "放款日", en: "Disbursed" },
  { zh: "到期日", en: "Matures" },
  { zh: "已还本金", en: "Repaid", num: true },
  { zh: "余额", en: "Outstanding", num: true },
  { zh: "状态", en: "State" }
]

const loanState = (loan: PledgeLoan, lang: Lang): string =>
  loan.reversed
    ? lang === "en"
      ? "reversed"
      : "已冲销"
    : loan.disposal !== null
      ? lang === "en"
        ? `disposed of ${loan.disposal.on} (${disposalMethodLabels[loan.disposal.method].en}), ${formatYuan(loan.disposal.recovered)} recovered, ${formatYuan(loan.disposal.writtenOff)} written off`
        : `${loan.disposal.on} 处置（${disposalMethodLabels[loan.disposal.method].zh}），收回 ${formatYuan(loan.disposal.recovered)}，核销 ${formatYuan(loan.disposal.writtenOff)}`
      : loan.defaultedOn !== null
        ? lang === "en"
          ? `defaulted ${loan.defaultedOn}`
          : `${loan.defaultedOn} 违约`
        : loan.outstanding.isZero()
          ? lang === "en"
            ? "repaid"
            : "已结清"
          : lang === "en"
            ? "current"
            : "正常"

/** The registration form's values from a (reversed) registration: what its correction starts from. */
const correctionValues = (r: PledgeRegistration): FormValues => {
  const values: Record<string, string> = {
    registrationNo: r.registrationNo,
    registeredOn: r.registeredOn,
    "pledgor.uscc": r.pledgor.uscc,
    "pledgor.name": r.pledgor.name,
    "pledgor.district": r.pledgor.district,
    "pledgee.name": r.pledgee.name,
    patents: r.patents.join("\n"),
    amount: r.amount.toFixed(2)
  }
  if (r.pledgor.size !== undefined) values["pledgor.size"] = r.pledgor.size
  if (r.pledgee.kind !== undefined) values["pledgee.kind"] = r.pledgee.kind
  if (r.debtTerm !== undefined) {
    values["debtTerm.start"] = r.debtTerm.start
    values["debtTerm.end"] = r.debtTerm.end
  }
  return values
}

/**
 * What reversing a registration takes out with it: every live loan under it (with its repayments, defaults
 * and disposal) counts in no figure once the registration is reversed; the number is free to record the
 * corrected registration under.
 */
const RegistrationReversalConsequences = (props: { r: PledgeRegistration; lang: Lang }) => {
  const { r, lang } = props
  const live = r.loans.filter((loan) => !loan.reversed)
  return (
    <>
      <p>{textOf(catalogueText("pledge-reversal-takes-out", { registrationNo: r.registrationNo }), lang)}</p>
      <ul>
        <li>
          {textOf(
            catalogueText("pledge-reversal-takes-registration", {
              patents: String(r.patents.length),
              amount: formatYuan(r.amount)
            }),
            lang
          )}
        </li>
        {live.map((loan) => (
          <li data-consequence-loan={String(loan.id)}>
            {textOf(
              catalogueText("pledge-reversal-takes-loan", {
                id: String(loan.id),
                amount: formatYuan(loan.amount),
                on: loan.disbursedOn
              }),
              lang
            )}
          </li>
        ))}
      </ul>
      <p>
        {textOf(catalogueText("pledge-reversal-number-free", { registrationNo: r.registrationNo }), lang)}
      </p>
    </>
  )
}

const Loans = (props: {
  r: PledgeRegistration
  ctx: PanelContext
  failed: Failed | undefined
  today: string
}) => {
  const { r, ctx, today } = props
  const failed = failedAction(props.failed)
  const { lang } = ctx
  const writer = can(ctx.actor, "pledges.write") && !r.reversed
  if (r.loans.length === 0)
    return (
      <p class="panel-note">
        <Label text={{ zh: "尚未登记放款", en: "No loans drawn yet" }} lang={lang} />
      </p>
    )
  const unitOf = (amount: (loan: PledgeLoan) => Decimal) => moneyUnitFor(r.loans.map(amount), lang)
  const units = {
    amount: unitOf((l) => l.amount),
    repaid: unitOf((l) => l.repaid),
    outstanding: unitOf((l) => l.outstanding)
  }
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table loans-table">
        <TableHead
          columns={writer ? [...LOAN_COLUMNS, { zh: "操作", en: "Actions" }] : LOAN_COLUMNS}
          lang={lang}
        />
        <tbody>
          {r.loans.map((loan) => {
            const mineOf = (action: ActionId) =>
              failed?.action === action && failed.loanId === loan.id ? failed : undefined
            const mine = mineOf("repay")
            /** A loan's form in a closed box of the row (open when it came back with errors). */
            const LoanForm = (props: { action: ActionId; label: LocalizedText; values: FormValues }) => {
              const came = mineOf(props.action)
              return (
                <details class="reverse" open={came !== undefined}>
                  <summary>{textOf(props.label, lang)}</summary>
                  <ActionForm
                    spec={actionSpecs[props.action]}
                    registrationId={r.id}
                    search={langQuery(ctx)}
                    target={`#${SECTION_ID}`}
                    csrfToken={ctx.csrfToken}
                    values={came?.values ?? props.values}
                    errors={came?.errors}
                    loanId={loan.id}
                    lang={lang}
                  />
                </details>
              )
            }
            const live = !loan.reversed && loan.disposal === null
            return (
              <tr data-loan={String(loan.id)} class={loan.reversed ? "entry--reversed" : undefined}>
                <th scope="row">#{loan.id}</th>
                <td>{loan.bank}</td>
                <td class="num">
                  <Amount amount={loan.amount} unit={units.amount} />
                </td>
                <td class="num">{rateText(loan.rate)}</td>
                <td>{loan.disbursedOn}</td>
                <td>{loan.maturesOn}</td>
                <td class="num" data-figure="repaid">
                  <Amount amount={loan.repaid} unit={units.repaid} />
                </td>
                <td class="num" data-figure="outstanding">
                  <Amount amount={loan.outstanding} unit={units.outstanding} />
                </td>
                <td>{loanState(loan, lang)}</td>
                {writer ? (
                  <td>
                    {!loan.reversed && loan.outstanding.greaterThan(0) ? (
                      <details class="reverse" open={mine !== undefined}>
                        <summary>{lang === "en" ? "Repay" : "登记还款"}</summary>
                        <ActionForm
                          spec={actionSpecs.repay}
                          registrationId={r.id}
                          search={langQuery(ctx)}
                          target={`#${SECTION_ID}`}
                          csrfToken={ctx.csrfToken}
                          values={mine?.values ?? { on: today }}
                          errors={mine?.errors}
                          loanId={loan.id}
                          lang={lang}
                        />
                      </details>
                    ) : null}
                    {live && loan.defaultedOn === null && loan.outstanding.greaterThan(0) ? (
                      <LoanForm
                        action="default"
                        label={{ zh: "登记违约", en: "Default" }}
                        values={{ on: today }}
                      />
                    ) : null}
                    {live && loan.defaultedOn !== null ? (
                      <LoanForm
                        action="dispose"
                        label={{ zh: "登记处置", en: "Dispose" }}
                        values={{ on: today, method: "sale" }}
                      />
                    ) : null}
                    {loan.reversed ? null : (
                      <ReversalForm
                        spec={reversalSpecs["reverse-loan"]}
                        registrationId={r.id}
                        search={langQuery(ctx)}
                        target={`#${SECTION_ID}`}
                        csrfToken={ctx.csrfToken}
                        targetId={loan.id}
                        failed={failedReversal(props.failed)}
                        lang={lang}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

const TIMELINE_COLUMNS: ReadonlyArray<Column> = [
  { zh: "日期", en: "Date" },
  { zh: "事项", en: "Event" },
  { zh: "贷款", en: "Loan" },
  { zh: "金额", en: "Amount", num: true }
]

/** The reversal a timeline row offers: its registration event when it is the latest live one, a live repayment or default. */
const rowReversal = (e: PledgeTimelineEntry, lastEvent: number | undefined): ReversalId | undefined => {
  if (e.reversed || e.eventId === null) return undefined
  if (e.kind === "repaid" || e.kind === "defaulted") return "reverse-loan-event"
  if (e.kind === "changed" || e.kind === "released" || e.kind === "cancelled")
    return e.eventId === lastEvent ? "reverse-event" : undefined
  return undefined
}

const Timeline = (props: {
  r: PledgeRegistration
  timeline: ReadonlyArray<PledgeTimelineEntry>
  ctx: PanelContext
  failed: Failed | undefined
}) => {
  const { r, ctx } = props
  const { lang } = ctx
  const writer = can(ctx.actor, "pledges.write") && !r.reversed
  const lastEvent = lastLiveEventId(r)
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table timeline-table">
        <TableHead
          columns={writer ? [...TIMELINE_COLUMNS, { zh: "更正", en: "Correct" }] : TIMELINE_COLUMNS}
          lang={lang}
        />
        <tbody>
          {props.timeline.map((e) => {
            const reversal = writer ? rowReversal(e, lastEvent) : undefined
            return (
              <tr data-event={e.kind} class={e.reversed ? "entry--reversed" : undefined}>
                <td>{e.on}</td>
                <td>
                  {textOf(TIMELINE_KINDS[e.kind], lang)}
                  {e.reversed ? (lang === "en" ? " (reversed)" : "（已冲销）") : ""}
                </td>
                <td>{e.loanId === null ? "" : `#${e.loanId}`}</td>
                <td class="num">{e.amount === null ? "—" : <Amount lang={lang} amount={e.amount} />}</td>
                {writer ? (
                  <td>
                    {reversal === undefined || e.eventId === null ? null : (
                      <ReversalForm
                        spec={reversalSpecs[reversal]}
                        registrationId={r.id}
                        search={langQuery(ctx)}
                        target={`#${SECTION_ID}`}
                        csrfToken={ctx.csrfToken}
                        targetId={e.eventId}
                        failed={failedReversal(props.failed)}
                        lang={lang}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** The registration-level forms: change, release, cancel, draw (while the registration is open). */
const Actions = (props: {
  r: PledgeRegistration
  ctx: PanelContext
  failed: Failed | undefined
  today: string
}) => {
  const { r, ctx, today } = props
  const failed = failedAction(props.failed)
  const { lang } = ctx
  const defaults: Record<"change" | "release" | "cancel" | "draw", FormValues> = {
    change: { on: today },
    release: { on: today },
    cancel: { on: today },
    draw: { disbursedOn: today }
  }
  return (
    <div class="fund-form-grid">
      {(["draw", "change", "release", "cancel"] as const).map((action) => {
        const mine = failed?.action === action ? failed : undefined
        return (
          <ActionBox spec={actionSpecs[action]} open={mine !== undefined} lang={lang}>
            <ActionForm
              spec={actionSpecs[action]}
              registrationId={r.id}
              search={langQuery(ctx)}
              target={`#${SECTION_ID}`}
              csrfToken={ctx.csrfToken}
              values={mine?.values ?? defaults[action]}
              errors={mine?.errors}
              lang={lang}
            />
          </ActionBox>
        )
      })}
    </div>
  )
}

/** Whether the page shows the form of reversal `failed` (else its errors are said above everything). */
const offered = (detail: Detail, failed: FailedReversal): boolean => {
  const r = detail.registration
  if (r.reversed) return false
  switch (failed.reversal) {
    case "reverse":
      return true
    case "reverse-event":
      return lastLiveEventId(r) === failed.targetId
    case "reverse-loan":
      return r.loans.some((l) => l.id === failed.targetId && !l.reversed)
    case "reverse-loan-event":
      return detail.timeline.some(
        (e) => e.eventId === failed.targetId && rowReversal(e, undefined) === "reverse-loan-event"
      )
  }
}

/** The section htmx swaps after an action: header, figures, patents, loans, timeline and the forms. */
const DetailSection = (props: {
  detail: Detail
  ctx: PanelContext
  failed?: Failed | undefined
  notice?: string | undefined
}) => {
  const { detail, ctx, failed } = props
  const r = detail.registration
  const { lang } = ctx
  const writer = can(ctx.actor, "pledges.write")
  const reversalFailed = failedReversal(failed)
  return (
    <section id={SECTION_ID} class="fund-sections" data-registration={String(r.id)}>
      {props.notice === undefined ? null : (
        <p class="form-notice" role="status">
          {props.notice}
        </p>
      )}
      {reversalFailed === undefined || offered(detail, reversalFailed) ? null : (
        <p class="form-errors" role="alert" data-reversal-error>
          {[...Object.values(reversalFailed.errors.fields), ...reversalFailed.errors.general].join(" ")}
        </p>
      )}
      <Header r={r} lang={lang} />
      {r.reversed ? (
        <p class="panel-error" role="note" data-reversal>
          {textOf(
            detail.reversal === undefined
              ? catalogueText("pledge-reversed-counts-nothing")
              : catalogueText("pledge-reversed-by", {
                  actor: detail.reversal.actor,
                  at: detail.reversal.at,
                  reason: detail.reversal.reason
                }),
            lang
          )}
        </p>
      ) : null}
      {r.reversed && can(ctx.actor, "pledges.write") ? (
        <section aria-label={lang === "en" ? "Record the corrected one" : "登记更正后的记录"} data-correction>
          <h3>
            <Label text={{ zh: "登记更正后的记录", en: "Record the corrected one" }} lang={lang} />
          </h3>
          <p class="panel-note">
            <Label text={catalogueText("pledge-correction-note")} lang={lang} />
          </p>
          <RegisterBox
            ctx={ctx}
            sectionId={SECTION_ID}
            listQuery=""
            values={correctionValues(r)}
            banks={[]}
            open
          />
        </section>
      ) : null}
      <Figures r={r} lang={lang} />
      {writer && isOpen(r) ? (
        <section aria-label={lang === "en" ? "Record" : "登记"}>
          <h3>
            <Label text={{ zh: "登记操作", en: "Record" }} lang={lang} />
          </h3>
          <Actions r={r} ctx={ctx} failed={failed} today={detail.today} />
        </section>
      ) : null}
      {writer && !r.reversed ? (
        <section aria-label={lang === "en" ? "Corrections" : "更正"} data-corrections>
          <h3>
            <Label text={{ zh: "更正（冲销）", en: "Corrections (reversal)" }} lang={lang} />
          </h3>
          <ReversalForm
            spec={reversalSpecs.reverse}
            registrationId={r.id}
            search={langQuery(ctx)}
            target={`#${SECTION_ID}`}
            csrfToken={ctx.csrfToken}
            failed={failedReversal(failed)}
            lang={lang}
            consequences={<RegistrationReversalConsequences r={r} lang={lang} />}
          />
        </section>
      ) : null}
      <section>
        <h3>
          <Label text={{ zh: "出质专利", en: "Patents pledged" }} lang={lang} />
        </h3>
        <ExportLinks op={getPledgeRegistration} params={{ id: r.id }} lang={lang} />
        <Patents r={r} lang={lang} />
      </section>
      <section>
        <h3>
          <Label text={{ zh: "贷款", en: "Loans" }} lang={lang} />
        </h3>
        {r.loans.length === 0 ? null : <ExportLinks op={listLoans} params={{ id: r.id }} lang={lang} />}
        <Loans r={r} ctx={ctx} failed={failed} today={detail.today} />
      </section>
      <section>
        <h3>
          <Label text={{ zh: "时间线", en: "Timeline" }} lang={lang} />
        </h3>
        <ExportLinks op={getPledgeTimeline} params={{ id: r.id }} lang={lang} />
        <Timeline r={r} timeline={detail.timeline} ctx={ctx} failed={failed} />
      </section>
    </section>
  )
}

const NotFound = async (c: Context, ctx: PanelContext) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={TITLE}>
        <p class="panel-error" role="alert">
          <Label text={{ zh: "没有这笔质押登记", en: "No such registration" }} lang={ctx.lang} />
        </p>
        <p>
          <a href={`${ctx.basePath}/pledges${langQuery(ctx)}`}>
            {ctx.lang === "en" ? "All registrations" : "全部质押登记"}
          </a>
        </p>
      </Page>
    ),
    404
  )

const detailPage = async (
  c: Context,
  ctx: PanelContext,
  detail: Detail,
  failed?: Failed,
  status: 200 | 409 | 422 = 200
) => {
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE}>
      <p class="breadcrumbs">
        <a href={`${ctx.basePath}/pledges${langQuery(ctx)}`}>
          {ctx.lang === "en" ? "Registrations" : "质押登记"}
        </a>
        {" › "}
        {detail.registration.registrationNo}
      </p>
      <DetailSection detail={detail} ctx={ctx} failed={failed} />
    </Page>
  )
  return c.html(page, status)
}

const handleGet = async (c: Context, ctx: PanelContext) => {
  const id = idOf(c.req.param("id") ?? "")
  const detail = id === undefined ? undefined : await loadDetail(ctx, id)
  return detail === undefined ? NotFound(c, ctx) : detailPage(c, ctx, detail)
}

/**
 * The page a form on it was posted from: the registration (the route's `{id}`, else the form's hidden
 * `registration`) and, for a form whose route names a loan or an event (`param`), that record, which must be
 * the registration's (else 404: a form never acts on another registration's records).
 */
const pageOf = async (
  { c, ctx, fields }: FormPost,
  param: "loanId" | "eventId" | undefined,
  belongsTo: (r: PledgeRegistration, targetId: number) => boolean
): Promise<{ readonly id: number; readonly detail: Detail; readonly targetId: number } | Response> => {
  const id = idOf(c.req.param("id") ?? fields.registration ?? "")
  const detail = id === undefined ? undefined : await loadDetail(ctx, id)
  if (id === undefined || detail === undefined) return NotFound(c, ctx)
  if (param === undefined) return { id, detail, targetId: id }
  const targetId = idOf(c.req.param(param) ?? "")
  if (targetId === undefined || !belongsTo(detail.registration, targetId))
    return c.text("No such record under this registration", 404)
  return { id, detail, targetId }
}

/** After a recorded write: the registration's section with a notice (htmx), or a redirect to its page. */
const answerDone = async (post: FormPost, id: number, notice: LocalizedText): Promise<Response> => {
  const { c, ctx } = post
  if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/pledges/${id}${langQuery(ctx)}`, 303)
  const after = await loadDetail(ctx, id)
  if (after === undefined) return NotFound(c, ctx)
  c.header("HX-Trigger", CHANGED_EVENT)
  return c.html(
    await renderFragment(<DetailSection detail={after} ctx={ctx} notice={textOf(notice, ctx.lang)} />)
  )
}

/** A refused write: the section (htmx) or the page with the form's errors. */
const answerRefused = async (post: FormPost, detail: Detail, failed: Failed, status: 409 | 422) => {
  const { c, ctx } = post
  if (!isHtmx(c)) return detailPage(c, ctx, detail, failed, status)
  return c.html(await renderFragment(<DetailSection detail={detail} ctx={ctx} failed={failed} />), status)
}

/** The page a form was posted from, answered by `answer` (or the 404 that says it is not there). */
const onPage = async (
  post: FormPost,
  param: "loanId" | "eventId" | undefined,
  belongsTo: (r: PledgeRegistration, targetId: number) => boolean,
  answer: (page: {
    readonly id: number
    readonly detail: Detail
    readonly targetId: number
  }) => Promise<Response>
): Promise<Response> => {
  const page = await pageOf(post, param, belongsTo)
  return page instanceof Response ? page : answer(page)
}

const anyRecord = () => true

/** 变更, 解除, 撤销, 放款 and 还款: the lifecycle forms, each posting to its operation's route. */
const actionForm = (action: ActionId) => {
  const spec = actionSpecs[action]
  // A loan's forms (repay, default, dispose) post to the loan's route: the page is the registration's.
  const param = spec.operation.http?.path.includes("{loanId}") === true ? "loanId" : undefined
  const belongsTo = (r: PledgeRegistration, loanId: number) => r.loans.some((l) => l.id === loanId)
  return operationForm({
    operation: spec.operation as OperationSpec<string, unknown, unknown>,
    check: async (post) => {
      const page = await pageOf(post, param, belongsTo)
      return page instanceof Response ? page : undefined
    },
    input: ({ fields }) => actionInputOf(spec, actionValuesOf(spec, fields)),
    done: (post) => onPage(post, param, anyRecord, ({ id }) => answerDone(post, id, spec.done)),
    refused: (post, { issues, status }) =>
      onPage(post, param, anyRecord, ({ detail, targetId }) =>
        answerRefused(
          post,
          detail,
          {
            action,
            loanId: param === undefined ? undefined : targetId,
            values: actionValuesOf(spec, post.fields),
            errors: actionErrorsOf(spec, issues)
          },
          status
        )
      )
  })
}

/** The record a reversal names must be this registration's (else 404): its event, its loan, its loan's event. */
const belongs =
  (reversal: ReversalId) =>
  (r: PledgeRegistration, targetId: number): boolean => {
    switch (reversal) {
      case "reverse":
        return true
      case "reverse-event":
        return r.events.some((e) => e.id === targetId)
      case "reverse-loan":
        return r.loans.some((l) => l.id === targetId)
      case "reverse-loan-event":
        return r.loans.some((l) => l.events.some((e) => e.id === targetId))
    }
  }

/** 冲销: the reversal forms, each posting to its operation's route with the reason. */
const reversalForm = (reversal: ReversalId) => {
  const spec = reversalSpecs[reversal]
  return operationForm({
    operation: spec.operation as OperationSpec<string, unknown, unknown>,
    check: async (post) => {
      const page = await pageOf(post, spec.target, belongs(reversal))
      return page instanceof Response ? page : undefined
    },
    input: ({ fields }) => ({ reason: (fields.reason ?? "").trim() }),
    done: (post) => onPage(post, spec.target, anyRecord, ({ id }) => answerDone(post, id, spec.done)),
    refused: (post, { issues, status }) =>
      onPage(post, spec.target, anyRecord, ({ detail, targetId }) =>
        answerRefused(
          post,
          detail,
          {
            reversal,
            targetId,
            values: { reason: (post.fields.reason ?? "").trim() },
            errors: reversalErrorsOf(issues)
          },
          status
        )
      )
  })
}

/** The forms of a registration's page. */
export const registrationForms = [...ACTION_IDS.map(actionForm), ...REVERSAL_IDS.map(reversalForm)]

export const registrationRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/pledges/:id{[0-9]+}", permission: "pledges.read", handler: handleGet }
]
