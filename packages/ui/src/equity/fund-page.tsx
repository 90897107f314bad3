/** @jsxImportSource hono/jsx */
import {
  type Fund,
  type FundEntry,
  formatYuan,
  isValidUscc,
  type LpStatement,
  type LpStatementRow,
  NotFoundError,
  type ProRataAllocation,
  ValidationError
} from "@kejin/core"
import {
  addEnterprise,
  fundLpStatement,
  type OperationSpec,
  reverseFundEntry,
  setFundStatus
} from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportLinks } from "../export-links.js"
import { errorsOf } from "../forms/core-errors.js"
import type { FormErrors } from "../forms/form-state.js"
import { type FormPost, type OperationForm, operationForm, type Refusal } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { catalogueText, Label, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { asOfOf, canReadLedger, canWriteFund, fundHref, isFundCode, keptQuery } from "./access.js"
import { EconomicsSection, loadEconomics, loadStatementSplit, StatementSplit } from "./economics-view.js"
import {
  enterpriseForm,
  type FundFormId,
  formErrorsOf,
  formValuesOf,
  fundFormOperations,
  fundForms,
  inputOf
} from "./forms.js"
import { type FundView, loadFundView } from "./fund-data.js"
import {
  boxId,
  type FailedForm,
  FormBox,
  FundHeader,
  FundSections,
  fundChoices,
  InvestBox,
  lpStatementHref,
  type Notice,
  SECTIONS_ID
} from "./fund-view.js"
import { showLedgerList } from "./ledger-list.js"
import { type LpColumn, LpTable, moneyColumn } from "./lp-table.js"
import { entryKindLabels, fundStatusLabels, labelOf } from "./vocabulary.js"

/*
 * The fund page (`/funds/:code`) and the faces of its writes. Each form posts to its declared operation's
 * own route (see forms/operation-form.ts): the seven ledger forms to `POST /api/v1/funds/{code}/…`, the
 * register-enterprise form to `POST /api/v1/enterprises` and a reversal to
 * `POST /api/v1/fund-entries/{id}/reversal`, the last two with the page's fund in the query (`?fund=code`,
 * which the route does not read). Every write posts with htmx: on success the answer is the fund's sections
 * again (fresh figures, chart, holdings, ledger, empty forms) with `HX-Trigger: kejin-changed`; on an error
 * a person can fix, the answer is the form's box alone, re-filled with what was typed and the core's error
 * next to each field, with status 422 (409 for a duplicate) and `HX-Retarget` at the box. Without
 * JavaScript the forms post normally: success redirects back to the page (303), an error renders the page
 * with the form's errors.
 *
 * Only actors who may write this fund (`funds.write`, and a fund manager only for the codes in
 * `actor.funds`) get forms; anyone else posting gets 403 here before their input is read, and the core
 * refuses them too.
 */

const TITLE: LocalizedText = { zh: "基金", en: "Fund" }

const forbidden = (c: Context, ctx: PanelContext) =>
  c.html(
    `<p class="panel-error" role="alert">${textOf(catalogueText("fund-page-write-forbidden"), ctx.lang)}</p>`,
    403
  )

const notFound = (c: Context, ctx: PanelContext) =>
  c.html(
    `<p class="panel-error" role="alert">${textOf(catalogueText("fund-page-not-found"), ctx.lang)}</p>`,
    404
  )

/** The whole page, optionally with one form in its failed state. */
export const fundPage = async (
  c: Context,
  ctx: PanelContext,
  view: FundView,
  failed?: FailedForm,
  status: 200 | 409 | 422 = 200
) => {
  const { lang } = ctx
  const economics = await loadEconomics(ctx, view.fund.code)
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
      <p class="breadcrumbs">
        <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>{lang === "en" ? "All funds" : "全部基金"}</a>
        {" · "}
        <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>{lang === "en" ? "Dashboard" : "返回总览"}</a>
      </p>
      <FundHeader fund={view.fund} ctx={ctx} />
      <FundSections view={view} ctx={ctx} failed={failed} />
      <EconomicsSection data={economics} ctx={ctx} />
    </Page>
  )
  return c.html(page, status)
}

const showFund = async (c: Context, ctx: PanelContext) => {
  const code = c.req.param("code") ?? ""
  if (!isFundCode(code)) return notFoundPage(c, ctx)
  try {
    return await fundPage(c, ctx, await loadFundView(ctx, code))
  } catch (error) {
    if (error instanceof NotFoundError) return notFoundPage(c, ctx)
    throw error
  }
}

const notFoundPage = async (c: Context, ctx: PanelContext) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
        <p class="panel-error" role="alert">
          <Label text={{ zh: "没有这个基金", en: "No such fund" }} lang={ctx.lang} />
        </p>
        <p>
          <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>
            {ctx.lang === "en" ? "All funds" : "全部基金"}
          </a>
        </p>
      </Page>
    ),
    404
  )

// ── answering a write ───────────────────────────────────────────────────────────────────────────

/** The box of a failed form alone, aimed at itself (`HX-Retarget`), or the whole page without htmx. */
const answerFailure = async (
  c: Context,
  ctx: PanelContext,
  code: string,
  failed: FailedForm,
  status: 409 | 422 = 422
) => {
  const view = await loadFundView(ctx, code)
  if (!isHtmx(c)) return fundPage(c, ctx, view, failed, status)
  const choices = fundChoices(view, ctx.lang)
  let box: Child
  let target: string
  if (failed.form === "invest") {
    box = <InvestBox view={view} ctx={ctx} choices={choices} state={failed.state} />
    target = boxId("invest")
  } else if (failed.form === "reverse") {
    // The reversal form sits in the ledger row: answer the sections, the row's form open with its error.
    box = <FundSections view={view} ctx={ctx} failed={failed} />
    target = SECTIONS_ID
  } else {
    box = <FormBox form={failed.form} view={view} ctx={ctx} choices={choices} state={failed.state} />
    target = boxId(failed.form)
  }
  retarget(c, `#${target}`)
  return c.html(await renderFragment(box), status)
}

/** The refreshed sections (htmx) or a redirect to the page (no JavaScript), after a successful write. */
const answerSuccess = async (c: Context, ctx: PanelContext, code: string, notice: Notice) => {
  if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/funds/${code}${keptQuery(ctx)}`, 303)
  const view = await loadFundView(ctx, code)
  c.header("HX-Trigger", CHANGED_EVENT)
  return c.html(await renderFragment(<FundSections view={view} ctx={ctx} notice={notice} />))
}

/** What a ledger form records that is not a ledger entry: a conversion (转股). */
const recordKindLabels: Record<string, LocalizedText> = {
  ...entryKindLabels,
  conversion: { zh: "转股", en: "conversion" }
}

const recorded = (ctx: PanelContext, kind: string, id: number): string => {
  const what = textOf(recordKindLabels[kind] ?? { zh: kind, en: kind }, ctx.lang)
  return textOf(catalogueText("fund-entry-recorded", { what, id: String(id) }), ctx.lang)
}

/**
 * Which answer a write of fund `code` gets before its input is read: 404 for a code that names no fund, 403
 * for an actor who may not write to it (asked before whether it exists: no probing of other managers'
 * codes); `undefined` to go on. The core checks the actor's scope again.
 */
const fundGuard = async (c: Context, ctx: PanelContext, code: string): Promise<Response | undefined> => {
  if (!isFundCode(code)) return notFound(c, ctx)
  if (!canWriteFund(ctx.actor, code)) return forbidden(c, ctx)
  try {
    await ctx.kejin.funds.get(code)
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(c, ctx)
    throw error
  }
  return undefined
}

/** The fund of a ledger form: its route's path names it. */
const pathFund = ({ c }: FormPost): string => c.req.param("code") ?? ""

/** The fund of the page a register or reversal form was posted on (its action's `?fund=code`). */
const pageFund = ({ ctx }: FormPost): string => ctx.query.fund ?? ""

/** The entry a call, valuation or exit names (the form's select), by form. */
const entryField: Partial<Record<FundFormId, "commitment" | "investment">> = {
  call: "commitment",
  value: "investment",
  exit: "investment",
  convert: "investment"
}

/**
 * A commitment or holding the form names that is not there (the select offers only this fund's) is an
 * error at that field, as the form shows it; an entry of another fund the core refuses itself (422 at the
 * field).
 */
const missingEntry = async (post: FormPost, form: FundFormId): Promise<FormErrors | undefined> => {
  const field = entryField[form]
  const id = field === undefined ? "" : (post.fields[field] ?? "").trim()
  if (field === undefined || !/^\d{1,15}$/.test(id)) return undefined
  const entry = await post.ctx.kejin.funds.entry(Number(id)).catch((error) => {
    if (error instanceof NotFoundError) return undefined
    throw error
  })
  return entry?.kind === field
    ? undefined
    : { fields: { [field]: `${field} ${id} was not found` }, general: [] }
}

/** The investment box after a refused investment: a well-formed credit code not registered opens the register form. */
const refusedInvestment = async (post: FormPost, errors: FormErrors, status: 409 | 422) => {
  const { c, ctx } = post
  const values = formValuesOf(fundForms.invest, post.fields)
  const uscc = (values.enterprise ?? "").trim().toUpperCase()
  let unregistered = false
  if (errors.fields.enterprise !== undefined && isValidUscc(uscc)) {
    unregistered = await ctx.kejin.registry.enterpriseByUscc(uscc).then(
      () => false,
      (error) => {
        if (error instanceof NotFoundError) return true
        throw error
      }
    )
  }
  return answerFailure(
    c,
    ctx,
    pathFund(post),
    {
      form: "invest",
      state: {
        invest: { values, errors },
        registerOpen: unregistered,
        register: unregistered ? { values: { "reg-uscc": uscc } } : undefined
      }
    },
    status
  )
}

/** The form again with what was typed and `errors`: its box (the investment box for `invest`). */
const refusedLedgerForm = (post: FormPost, form: FundFormId, errors: FormErrors, status: 409 | 422) =>
  form === "invest"
    ? refusedInvestment(post, errors, status)
    : answerFailure(
        post.c,
        post.ctx,
        pathFund(post),
        { form, state: { values: formValuesOf(fundForms[form], post.fields), errors } },
        status
      )

/** A fund form's input: what was typed, read by the form's fields (the fund is the route's path). */
const fundFormInput =
  (form: FundFormId) =>
  ({ fields }: FormPost) =>
    inputOf(fundForms[form], formValuesOf(fundForms[form], fields))

/** A fund form the core refused: each issue next to its field, the form again with what was typed. */
const refusedFundForm =
  (form: FundFormId) =>
  (post: FormPost, { error, status }: Refusal) => {
    const spec = fundForms[form]
    const errors = formErrorsOf(spec, formValuesOf(spec, post.fields), error, post.ctx.lang) ?? {
      fields: {},
      general: []
    }
    return refusedLedgerForm(post, form, errors, status)
  }

/**
 * The face of one ledger form: its fields, the fund from the route's path; `kindOf` names what it recorded
 * (a ledger entry's kind, or a conversion).
 */
const ledgerForm = <E extends { readonly id: number }>(
  form: FundFormId,
  // biome-ignore lint/suspicious/noExplicitAny: whatever input the operation decodes
  operation: OperationSpec<string, any, E>,
  kindOf: (recorded: E) => string = (recorded) => (recorded as unknown as FundEntry).kind
): OperationForm<E> =>
  operationForm({
    operation,
    check: async (post) => {
      const guarded = await fundGuard(post.c, post.ctx, pathFund(post))
      if (guarded !== undefined) return guarded
      const missing = await missingEntry(post, form)
      return missing === undefined ? undefined : refusedLedgerForm(post, form, missing, 422)
    },
    // The fund is the route's path (`{code}`): the input leaves it out.
    input: fundFormInput(form),
    done: (post, entry) =>
      answerSuccess(post.c, post.ctx, pathFund(post), recorded(post.ctx, kindOf(entry), entry.id)),
    refused: refusedFundForm(form)
  })

/** What a pro-rata call or distribution recorded: the total, how many LPs, the entries. */
const proRataRecorded = (ctx: PanelContext, a: ProRataAllocation): string => {
  const entries = a.lines.flatMap((l) => (l.entry === null ? [] : [`#${l.entry}`])).join(", ")
  const what = textOf(entryKindLabels[a.kind] ?? { zh: a.kind, en: a.kind }, ctx.lang)
  const lps = a.lines.filter((l) => l.entry !== null).length
  return textOf(
    catalogueText("fund-pro-rata-recorded", {
      what,
      amount: formatYuan(a.amount),
      lps: String(lps),
      entries
    }),
    ctx.lang
  )
}

/** 按比例实缴 / 按比例分配: one write across every LP of the fund (`POST /api/v1/funds/{code}/pro-rata-…`). */
const proRataForm = (
  form: "callProRata" | "distributeProRata",
  // biome-ignore lint/suspicious/noExplicitAny: whatever input the operation decodes
  operation: OperationSpec<string, any, ProRataAllocation>
) =>
  operationForm({
    operation,
    check: (post) => fundGuard(post.c, post.ctx, pathFund(post)),
    input: fundFormInput(form),
    done: (post, allocation) =>
      answerSuccess(post.c, post.ctx, pathFund(post), proRataRecorded(post.ctx, allocation)),
    refused: refusedFundForm(form)
  })

/** 变更基金状态: the fund's status from a date on (`POST /api/v1/funds/{code}/status`), its history kept. */
const statusForm = operationForm({
  operation: setFundStatus,
  check: (post) => fundGuard(post.c, post.ctx, pathFund(post)),
  input: fundFormInput("status"),
  done: (post, fund) => {
    const status = textOf(labelOf(fundStatusLabels, fund.status), post.ctx.lang)
    const notice = textOf(catalogueText("fund-status-recorded", { status }), post.ctx.lang)
    return answerSuccess(post.c, post.ctx, pathFund(post), notice)
  },
  refused: refusedFundForm("status")
})

/** 登记企业 from beside the investment form: the investment's fields come along (`hx-include`) and are kept. */
const registerForm = operationForm({
  operation: addEnterprise,
  check: (post) => fundGuard(post.c, post.ctx, pageFund(post)),
  input: ({ fields }) => inputOf(enterpriseForm, formValuesOf(enterpriseForm, fields)),
  done: async (post, enterprise) => {
    const { c, ctx } = post
    const code = pageFund(post)
    if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/funds/${code}${keptQuery(ctx)}`, 303)
    const view = await loadFundView(ctx, code)
    const notice = textOf(
      catalogueText("fund-enterprise-registered", { name: enterprise.name, uscc: enterprise.uscc }),
      ctx.lang
    )
    const invest = formValuesOf(fundForms.invest, post.fields)
    const state = {
      invest: { values: { on: view.figures.asOf, ...invest, enterprise: enterprise.uscc } },
      notice
    }
    c.header("HX-Trigger", CHANGED_EVENT)
    return c.html(
      await renderFragment(
        <InvestBox view={view} ctx={ctx} choices={fundChoices(view, ctx.lang)} state={state} />
      )
    )
  },
  refused: (post, { error, status }) => {
    const invest = formValuesOf(fundForms.invest, post.fields)
    const register = formValuesOf(enterpriseForm, post.fields)
    const errors = formErrorsOf(enterpriseForm, register, error, post.ctx.lang) ?? { fields: {}, general: [] }
    return answerFailure(
      post.c,
      post.ctx,
      pageFund(post),
      {
        form: "invest",
        state: {
          invest: Object.keys(invest).length > 0 ? { values: invest } : undefined,
          register: { values: register, errors },
          registerOpen: true
        }
      },
      status
    )
  }
})

/** The entry a reversal names (its route's path `{id}`). */
const reversedId = ({ c }: FormPost): number => Number(c.req.param("id"))

/** 冲销: takes an entry of this fund out of every figure (it stays in the ledger). */
const reverseForm = operationForm({
  operation: reverseFundEntry,
  check: async (post) => {
    const { c, ctx } = post
    const code = pageFund(post)
    const guarded = await fundGuard(c, ctx, code)
    if (guarded !== undefined) return guarded
    // The form of an entry of the page's fund: another fund's entry is not on this page.
    const id = reversedId(post)
    const entry = await ctx.kejin.funds.entry(id).catch((error) => {
      if (error instanceof NotFoundError) return undefined
      throw error
    })
    return entry?.fund === code ? undefined : c.text(`Fund ${code} has no entry ${id}`, 404)
  },
  // The entry is the route's path (`{id}`); the reason as typed.
  input: ({ fields }) => ({ reason: fields.reason ?? "" }),
  done: (post, reversal) => {
    const id = reversedId(post)
    const notice = textOf(
      catalogueText("fund-entry-reversed", { id: String(id), reversal: String(reversal.id) }),
      post.ctx.lang
    )
    return answerSuccess(post.c, post.ctx, pageFund(post), notice)
  },
  refused: (post, { issues, status }) => {
    // The reason is the form's one field: anything else is said above it, without its path.
    const errors = errorsOf(
      issues.map((issue) => (issue.path === "reason" ? issue : { path: "", message: issue.message })),
      ({ path, message }) => (path === "reason" ? { field: "reason", message } : undefined)
    )
    const id = reversedId(post)
    const reason = post.fields.reason ?? ""
    return answerFailure(
      post.c,
      post.ctx,
      pageFund(post),
      { form: "reverse", id, state: { values: { reason }, errors } },
      status
    )
  }
})

/** The fund page's forms: a form per ledger operation, the register-enterprise form and reversals. */
export const fundPageForms = [
  ledgerForm("commit", fundFormOperations.commit),
  ledgerForm("call", fundFormOperations.call),
  proRataForm("callProRata", fundFormOperations.callProRata),
  ledgerForm("distribute", fundFormOperations.distribute),
  proRataForm("distributeProRata", fundFormOperations.distributeProRata),
  ledgerForm("mark", fundFormOperations.mark),
  ledgerForm("invest", fundFormOperations.invest),
  ledgerForm("value", fundFormOperations.value),
  ledgerForm("exit", fundFormOperations.exit),
  ledgerForm("convert", fundFormOperations.convert, () => "conversion"),
  statusForm,
  registerForm,
  reverseForm
]

// ── the quarterly LP statement ──────────────────────────────────────────────────────────────────

const STATEMENT_TITLE: LocalizedText = { zh: "出资人季度对账单", en: "LP quarterly statement" }

/** The quarter a date falls in, as the core names it (`2025Q4`). */
// float-ok: a month number to its quarter (a count)
const quarterOf = (date: string): string => `${date.slice(0, 4)}Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`

/** Every quarter from the one of `from` to the one of `to`, newest first. */
const quartersBetween = (from: string, to: string): ReadonlyArray<string> => {
  const quarters: Array<string> = []
  let year = Number(from.slice(0, 4))
  let q = Math.ceil(Number(from.slice(5, 7)) / 3)
  const last = quarterOf(to)
  for (;;) {
    const key = `${year}Q${q}`
    quarters.unshift(key)
    if (key === last || year > 9999) break
    q = q === 4 ? 1 : q + 1
    if (q === 1) year += 1
  }
  return quarters
}

const STATEMENT_COLUMNS: ReadonlyArray<LpColumn<LpStatementRow, LpStatement["total"]>> = [
  moneyColumn("committed", { zh: "认缴", en: "Committed" }),
  moneyColumn("opening", { zh: "期初余额", en: "Opening" }),
  moneyColumn("calls", { zh: "本期实缴", en: "Calls" }),
  moneyColumn("distributions", { zh: "本期分配", en: "Distributions" }),
  moneyColumn("navChange", { zh: "净值变动", en: "NAV change" }),
  moneyColumn("closing", { zh: "期末余额", en: "Closing" })
]

const STATEMENT_EXPLANATION: LocalizedText = catalogueText("fund-lp-statement-explanation")

/**
 * `/funds/:code/lp-statement?quarter=2025Q4`: per LP, opening balance, calls, distributions, NAV change and
 * closing balance of the quarter (the core's `funds.lpStatement`), with its CSV/Excel export. Default: the
 * last quarter ended by the page's date. Open to those who may read the fund's ledger.
 */
const showLpStatement = async (c: Context, ctx: PanelContext) => {
  const { lang, kejin } = ctx
  const code = c.req.param("code") ?? ""
  if (!isFundCode(code)) return notFoundPage(c, ctx)
  let fund: Fund
  try {
    fund = await kejin.funds.get(code)
  } catch (error) {
    if (error instanceof NotFoundError) return notFoundPage(c, ctx)
    throw error
  }
  const back = (
    <p class="breadcrumbs">
      <a href={fundHref(ctx, code)}>{fund.name}</a>
      {" · "}
      <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>{lang === "en" ? "All funds" : "全部基金"}</a>
    </p>
  )
  if (!canReadLedger(ctx.actor, code)) {
    const page = await renderPage(
      <Page ctx={ctx} title={STATEMENT_TITLE} search={keptQuery(ctx)}>
        {back}
        <p class="panel-error" role="alert">
          <Label text={catalogueText("fund-statement-manager-only")} lang={lang} />
        </p>
      </Page>
    )
    return c.html(page, 403)
  }
  const pageDate = asOfOf(ctx)
  // The page's date (the core's today when none is asked for): its quarter is the default.
  const today = (await kejin.funds.lpAccounts(code, pageDate === undefined ? {} : { asOf: pageDate })).asOf
  const quarters = quartersBetween(fund.vintage, today)
  const asked = ctx.query.quarter
  // Default: the last quarter that has ended (the current one while the fund has no earlier quarter).
  const quarter =
    asked !== undefined && asked !== "" ? asked : (quarters[1] ?? quarters[0] ?? quarterOf(today))
  let statement: LpStatement | undefined
  let problem: string | undefined
  try {
    statement = await kejin.funds.lpStatement(code, quarter)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    problem = error.message
  }
  const split = statement === undefined ? null : await loadStatementSplit(ctx, code, statement)
  const page = await renderPage(
    <Page ctx={ctx} title={STATEMENT_TITLE} search={keptQuery(ctx, { quarter })}>
      {back}
      <h3 class="fund-name">
        {fund.name} <code>{fund.code}</code>
      </h3>
      <form method="get" class="statement-quarter" action={lpStatementHref(ctx, code)}>
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        {pageDate === undefined ? null : <input type="hidden" name="asOf" value={pageDate} />}
        <label for="statement-quarter">{lang === "en" ? "Quarter" : "季度"}</label>{" "}
        <select id="statement-quarter" name="quarter">
          {quarters.map((q) => (
            <option value={q} selected={q === quarter}>
              {q}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{lang === "en" ? "Show" : "查看"}</button>
      </form>
      {statement === undefined ? (
        <p class="panel-error" role="alert">
          {problem}
        </p>
      ) : (
        <section class="lp-statement" aria-labelledby="lp-statement-title">
          <h3 id="lp-statement-title">
            {statement.quarter}（{statement.from} – {statement.to}）
          </h3>
          <p class="panel-note">
            <ExportLinks
              op={fundLpStatement}
              params={{ code }}
              filters={{ quarter: statement.quarter }}
              lang={lang}
            />
            {statement.closingOn === statement.to
              ? null
              : ` · ${textOf(catalogueText("fund-quarter-running", { closingOn: statement.closingOn }), lang)}`}
          </p>
          <LpTable
            class="lp-statement-table"
            columns={STATEMENT_COLUMNS}
            rows={statement.rows}
            total={statement.total}
            explanation={STATEMENT_EXPLANATION}
            notes={statement.noteMessages}
            lang={lang}
          />
          <StatementSplit report={split} lang={lang} />
        </section>
      )}
    </Page>
  )
  return c.html(page, statement === undefined ? 400 : 200)
}

/** The fund page, its quarterly LP statement and its ledger's entries behind a figure (filtered). */
export const fundRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/funds/:code", permission: "funds.read", handler: showFund },
  { method: "GET", path: "/funds/:code/lp-statement", permission: "funds.read", handler: showLpStatement },
  { method: "GET", path: "/funds/:code/ledger", permission: "funds.read", handler: showLedgerList }
]
