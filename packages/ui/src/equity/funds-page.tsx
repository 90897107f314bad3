/** @jsxImportSource hono/jsx */
import type { ChainStage, Fund, FundFigures, FundKind, Institution } from "@kejin/core"
import { createFund, listFunds } from "@kejin/core/internal"
import type { Context } from "hono"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportLinks } from "../export-links.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { formAction, operationForm } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { ImportLink } from "../imports/links.js"
import { moneyUnitFor } from "../money.js"
import type { NavigationItem, PanelContext, PluginRoute } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { asOfOf, canCreateFund, fundHref, keptQuery } from "./access.js"
import { type Choices, SpecForm, staticChoices } from "./form-view.js"
import { Money, Multiple } from "./format.js"
import { createFundForm, formErrorsOf, formValuesOf, inputOf } from "./forms.js"
import { CHAIN_STAGES, chainStageLabels, fundKindLabels, fundStatusLabels, labelOf } from "./vocabulary.js"

/*
 * The funds list (`/funds`): every fund with its headline figures, filtered by kind and chain stage, a
 * page at a time; for administrators a form to create a fund, posting to the declared write's own route
 * `POST /api/v1/funds` (htmx: success answers the refreshed section with `HX-Trigger: kejin-changed`, an
 * error the form alone with the core's field errors; without JavaScript a redirect to the new fund's page,
 * or the page with the form's errors).
 */

const TITLE: LocalizedText = { zh: "基金", en: "Funds" }
const SECTION_ID = "funds-section"
const CREATE_BOX_ID = "box-fund-create"
const PAGE_SIZE = 20

/** The header link to the list. */
export const fundsNavigation: NavigationItem = { href: "/funds", label: TITLE, permission: "funds.read" }

const FUND_KINDS: ReadonlyArray<FundKind> = ["city-fund", "sub-fund", "chain"]

interface ListQuery {
  readonly kind: FundKind | undefined
  readonly stage: ChainStage | undefined
  readonly page: number
}

const listQueryOf = (ctx: PanelContext): ListQuery => {
  const kind = FUND_KINDS.find((k) => k === ctx.query.kind)
  const stage = CHAIN_STAGES.find((s) => s === ctx.query.stage)
  const page = /^\d{1,6}$/.test(ctx.query.page ?? "") ? Math.max(1, Number(ctx.query.page)) : 1
  return { kind, stage, page }
}

/** The list's URL with the filters, the page, the language and the as-of date. */
const listHref = (ctx: PanelContext, q: ListQuery, page: number): string => {
  const extra: Record<string, string> = {}
  if (q.kind !== undefined) extra.kind = q.kind
  if (q.stage !== undefined) extra.stage = q.stage
  if (page > 1) extra.page = String(page)
  return `${ctx.basePath}/funds${keptQuery(ctx, extra)}`
}

interface FundsList {
  readonly query: ListQuery
  readonly total: number
  readonly pages: number
  readonly rows: ReadonlyArray<{ readonly fund: Fund; readonly figures: FundFigures | undefined }>
  readonly asOf: string | undefined
  /** For the create form (administrators). */
  readonly managers: ReadonlyArray<Institution>
  readonly allFunds: ReadonlyArray<Fund>
}

const loadList = async (ctx: PanelContext): Promise<FundsList> => {
  const query = listQueryOf(ctx)
  const asOf = asOfOf(ctx)
  const [funds, allFunds, managers] = await Promise.all([
    ctx.kejin.funds.list({ kind: query.kind, chainStage: query.stage }),
    canCreateFund(ctx.actor) ? ctx.kejin.funds.list() : Promise.resolve([]),
    canCreateFund(ctx.actor) ? ctx.kejin.registry.institutions({ kind: "fund-manager" }) : Promise.resolve([])
  ])
  const pages = Math.max(1, Math.ceil(funds.length / PAGE_SIZE))
  const page = Math.min(query.page, pages)
  const shown = funds.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
  const groups =
    shown.length === 0 ? [] : await ctx.kejin.funds.groups("fund", { funds: shown.map((f) => f.code), asOf })
  const figuresOf = new Map(groups.map((g) => [g.key, g.figures]))
  return {
    query: { ...query, page },
    total: funds.length,
    pages,
    rows: shown.map((fund) => ({ fund, figures: figuresOf.get(fund.code) })),
    asOf: groups[0]?.figures.asOf ?? asOf,
    managers,
    allFunds
  }
}

const COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "基金", en: "Fund" },
  { zh: "类型", en: "Kind" },
  { zh: "链条阶段", en: "Chain stage" },
  { zh: "管理人", en: "Manager" },
  { zh: "认缴", en: "Committed" },
  { zh: "实缴", en: "Paid-in" },
  { zh: "已投资", en: "Invested" },
  { zh: "TVPI", en: "TVPI" },
  { zh: "状态", en: "Status" }
]

const Filters = (props: { ctx: PanelContext; query: ListQuery }) => {
  const { ctx, query } = props
  const { lang } = ctx
  return (
    <form class="filters" method="get" action={`${ctx.basePath}/funds`}>
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      {asOfOf(ctx) === undefined ? null : <input type="hidden" name="asOf" value={asOfOf(ctx)} />}
      <label>
        {lang === "en" ? "Kind" : "类型"}
        <select name="kind">
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          {FUND_KINDS.map((k) => (
            <option value={k} selected={query.kind === k}>
              {textOf(fundKindLabels[k], lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {lang === "en" ? "Chain stage" : "链条阶段"}
        <select name="stage">
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          {CHAIN_STAGES.map((s) => (
            <option value={s} selected={query.stage === s}>
              {textOf(chainStageLabels[s], lang)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{lang === "en" ? "Filter" : "筛选"}</button>
    </form>
  )
}

/** The funds as a table: name (linked to its page), kind, stage, manager and the headline figures. */
export const FundsTable = (props: { rows: FundsList["rows"]; ctx: PanelContext }) => {
  const { ctx } = props
  const lang: Lang = ctx.lang
  // One unit a column (never 3亿 next to 6,861万), chosen over the whole column.
  const unitOf = (figure: "committed" | "paidIn" | "invested") =>
    moneyUnitFor(
      props.rows.flatMap(({ figures }) => (figures === undefined ? [] : [figures[figure]])),
      lang
    )
  const units = { committed: unitOf("committed"), paidIn: unitOf("paidIn"), invested: unitOf("invested") }
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table funds-table">
        <TableHead columns={COLUMNS} lang={lang} />
        <tbody>
          {props.rows.map(({ fund, figures }) => (
            <tr data-fund={fund.code}>
              <th scope="row">
                <a href={fundHref(ctx, fund.code)}>{fund.name}</a>
                <br />
                <code class="muted">{fund.code}</code>
              </th>
              <td>{textOf(labelOf(fundKindLabels, fund.kind), lang)}</td>
              <td>{textOf(labelOf(chainStageLabels, fund.chainStage), lang)}</td>
              <td>{fund.manager.name}</td>
              <td class="num">
                {figures === undefined ? (
                  "—"
                ) : (
                  <Money lang={lang} amount={figures.committed} unit={units.committed} />
                )}
              </td>
              <td class="num">
                {figures === undefined ? (
                  "—"
                ) : (
                  <Money lang={lang} amount={figures.paidIn} unit={units.paidIn} />
                )}
              </td>
              <td class="num">
                {figures === undefined ? (
                  "—"
                ) : (
                  <Money lang={lang} amount={figures.invested} unit={units.invested} />
                )}
              </td>
              <td class="num">{figures === undefined ? "—" : <Multiple value={figures.tvpi} />}</td>
              <td>{textOf(labelOf(fundStatusLabels, fund.status), lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const createChoices = (list: FundsList, lang: Lang): Choices => ({
  ...staticChoices(lang),
  parent: list.allFunds.map((f) => ({ value: f.code, label: `${f.name} (${f.code})` })),
  manager: list.managers.map((m) => ({ value: String(m.id), label: m.name }))
})

const CreateBox = (props: {
  list: FundsList
  ctx: PanelContext
  values?: FormValues | undefined
  errors?: FormErrors | undefined
}) => {
  const { list, ctx } = props
  const action = formAction(createFund, {}, keptQuery(ctx))
  return (
    <details id={CREATE_BOX_ID} class="fund-form-box" open={props.values !== undefined}>
      <summary>
        <Label text={createFundForm.title} lang={ctx.lang} />
      </summary>
      <SpecForm
        spec={createFundForm}
        action={action}
        target={`#${SECTION_ID}`}
        csrfToken={ctx.csrfToken}
        values={props.values ?? {}}
        errors={props.errors}
        choices={createChoices(list, ctx.lang)}
        lang={ctx.lang}
      />
    </details>
  )
}

/** The section htmx swaps after a fund is created: filters, table, pager and the create form. */
const FundsSection = (props: {
  list: FundsList
  ctx: PanelContext
  failed?: { values: FormValues; errors: FormErrors } | undefined
  notice?: string | undefined
}) => {
  const { list, ctx, failed } = props
  const { lang } = ctx
  const q = list.query
  return (
    <section id={SECTION_ID} aria-label={textOf(TITLE, lang)}>
      {props.notice === undefined ? null : (
        <p class="form-notice" role="status">
          {props.notice}
        </p>
      )}
      <Filters ctx={ctx} query={q} />
      {list.rows.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "没有符合条件的基金", en: "No funds match" }} lang={lang} />
        </p>
      ) : (
        <FundsTable rows={list.rows} ctx={ctx} />
      )}
      <p class="pager">
        {q.page > 1 ? (
          <a href={listHref(ctx, q, q.page - 1)} rel="prev">
            {lang === "en" ? "← Previous" : "← 上一页"}
          </a>
        ) : null}{" "}
        <span>
          {lang === "en"
            ? `Page ${q.page} of ${list.pages} · ${list.total} fund(s)`
            : `第 ${q.page} / ${list.pages} 页 · 共 ${list.total} 支基金`}
        </span>{" "}
        {q.page < list.pages ? (
          <a href={listHref(ctx, q, q.page + 1)} rel="next">
            {lang === "en" ? "Next →" : "下一页 →"}
          </a>
        ) : null}
        {" · "}
        <ExportLinks op={listFunds} filters={{ kind: q.kind, chainStage: q.stage }} lang={lang} />
      </p>
      <p class="panel-note">
        {lang === "en" ? "As of" : "截至"} {list.asOf ?? (lang === "en" ? "today" : "今日")}
      </p>
      {canCreateFund(ctx.actor) ? (
        <CreateBox list={list} ctx={ctx} values={failed?.values} errors={failed?.errors} />
      ) : null}
      {canCreateFund(ctx.actor) ? <ImportLink ctx={ctx} kinds={["funds"]} /> : null}
    </section>
  )
}

const listPage = async (
  c: Context,
  ctx: PanelContext,
  failed?: { values: FormValues; errors: FormErrors },
  status: 200 | 409 | 422 = 200
) => {
  const list = await loadList(ctx)
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
      <FundsSection list={list} ctx={ctx} failed={failed} />
      <p>
        <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>
          {ctx.lang === "en" ? "Back to the dashboard" : "返回总览"}
        </a>
      </p>
    </Page>
  )
  return c.html(page, status)
}

/** 新建基金: the form of `POST /api/v1/funds`. */
export const fundsListForms = [
  operationForm({
    operation: createFund,
    // The form is the administrators' (a fund manager records into the funds given to them).
    check: async ({ c, ctx }) =>
      canCreateFund(ctx.actor) ? undefined : c.text("Only administrators create funds", 403),
    input: ({ fields }) => inputOf(createFundForm, formValuesOf(createFundForm, fields)),
    done: async ({ c, ctx }, fund) => {
      if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/funds/${fund.code}${keptQuery(ctx)}`, 303)
      c.header("HX-Trigger", CHANGED_EVENT)
      const notice = textOf(catalogueText("fund-created", { name: fund.name, code: fund.code }), ctx.lang)
      return c.html(
        await renderFragment(<FundsSection list={await loadList(ctx)} ctx={ctx} notice={notice} />)
      )
    },
    refused: async ({ c, ctx, fields }, { error, status }) => {
      const values = formValuesOf(createFundForm, fields)
      const errors = formErrorsOf(createFundForm, values, error, ctx.lang) ?? { fields: {}, general: [] }
      if (!isHtmx(c)) return listPage(c, ctx, { values, errors }, status)
      retarget(c, `#${CREATE_BOX_ID}`)
      return c.html(
        await renderFragment(
          <CreateBox list={await loadList(ctx)} ctx={ctx} values={values} errors={errors} />
        ),
        status
      )
    }
  })
]

export const fundsListRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/funds", permission: "funds.read", handler: (c, ctx) => listPage(c, ctx) }
]
