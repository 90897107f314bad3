/** @jsxImportSource hono/jsx */
import {
  Decimal,
  type EntryKind,
  entryKinds,
  type Fund,
  type FundEntry,
  type InvestmentMode,
  NotFoundError,
  type TechCategory
} from "@kejin/core"
import { type AnyOperation, execute, fundLedger, type Module, modules } from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportLinks } from "../export-links.js"
import { catalogueText, Label, type LocalizedText, textOf } from "../i18n.js"
import { moneyUnitFor } from "../money.js"
import type { PanelContext } from "../plugin.js"
import {
  filterControl,
  filtersOf,
  listInput,
  listQueryOf,
  queryString,
  readIssues
} from "../records/values.js"
import { filterLabels } from "../records/vocabulary.js"
import { TableHead } from "../table-head.js"
import { canReadLedger, fundHref, isFundCode, keptQuery } from "./access.js"
import { Money } from "./format.js"
import { EntryDetail, entryAmount } from "./fund-view.js"
import { entryKindLabels, investmentModeLabels, labelOf, techCategoryLabels } from "./vocabulary.js"

/*
 * `/funds/:code/ledger?kind=call&from=…&to=…&includeReversed=false`: the entries of one fund's ledger behind
 * a figure (drill-down from the city-fund panels and the targets), filtered by the query parameters the
 * `funds.ledger` read declares (read with the records' helpers, so a new filter of the declaration is one
 * here too), with the filtered total: how many entries and the exact sum of their amounts.
 */

const TITLE: LocalizedText = { zh: "基金台账明细", en: "Fund ledger entries" }

/**
 * The ledger list of fund `code` filtered by `filters` (the declared query parameters), keeping the page's
 * language and date; undefined for a person the list would refuse (the route's own rule, `canReadLedger`),
 * so a page never links to a 403.
 */
export const ledgerListHref = (
  ctx: PanelContext,
  code: string,
  filters: {
    readonly kind?: EntryKind
    readonly from?: string
    readonly to?: string
    readonly includeReversed?: boolean
    readonly techCategory?: TechCategory
    readonly mode?: InvestmentMode
    readonly lpFund?: string
    readonly government?: boolean
    readonly local?: boolean
  }
): string | undefined => {
  if (!canReadLedger(ctx.actor, code)) return undefined
  const extra: Record<string, string> = {}
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) extra[name] = String(value)
  return `${ctx.basePath}/funds/${encodeURIComponent(code)}/ledger${keptQuery(ctx, extra)}`
}

/** `funds.ledger` as the core runs it (its declaration bound to the service). */
const ledgerOp = (): AnyOperation => {
  const op = (modules as ReadonlyArray<Module>)
    .flatMap((m) => m.operations)
    .find((o) => o.name === fundLedger.name)
  if (op === undefined) throw new Error(`no operation ${fundLedger.name} is declared`)
  return op
}

/** Every entry the filters select (the core reads a fund's ledger whole; the page is cut from it). */
const readAll = async (
  ctx: PanelContext,
  input: Record<string, unknown>
): Promise<ReadonlyArray<FundEntry>> =>
  (
    (await ctx.kejin.run(execute(ledgerOp(), input, { actor: ctx.actor }))) as {
      readonly all: ReadonlyArray<FundEntry>
    }
  ).all

const COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "编号", en: "No." },
  { zh: "日期", en: "Date" },
  { zh: "类型", en: "Kind" },
  { zh: "金额", en: "Amount" },
  { zh: "内容", en: "Details" }
]

const FilterForm = (props: {
  ctx: PanelContext
  code: string
  filters: Readonly<Record<string, string>>
}) => {
  const { ctx, filters } = props
  const { lang } = ctx
  const text = (zh: string, en: string) => (lang === "en" ? en : zh)
  return (
    <form
      class="list-filters"
      method="get"
      action={`${ctx.basePath}/funds/${encodeURIComponent(props.code)}/ledger`}
    >
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      {ctx.query.asOf === undefined ? null : <input type="hidden" name="asOf" value={ctx.query.asOf} />}
      <label for="filter-kind">{text("类型", "Kind")}</label>{" "}
      <select name="kind" id="filter-kind">
        <option value="">{text("全部", "All")}</option>
        {entryKinds.map((k) => (
          <option value={k} selected={filters.kind === k}>
            {textOf(labelOf(entryKindLabels, k), lang)}
          </option>
        ))}
      </select>{" "}
      <label for="filter-from">{text("起始日期", "From")}</label>{" "}
      <input type="date" name="from" id="filter-from" value={filters.from ?? ""} />{" "}
      <label for="filter-to">{text("截止日期", "To")}</label>{" "}
      <input type="date" name="to" id="filter-to" value={filters.to ?? ""} />{" "}
      <label for="filter-includeReversed">{text("已冲销的", "Reversed entries")}</label>{" "}
      <select name="includeReversed" id="filter-includeReversed">
        <option value="">{text("一并列出", "listed")}</option>
        <option value="false" selected={filters.includeReversed === "false"}>
          {text("不列出", "left out")}
        </option>
      </select>{" "}
      {/* The read's other declared filters (a figure's drill-down sets them), each as its declaration says. */}
      {filtersOf(ledgerOp())
        .filter((q) => !["kind", "from", "to", "includeReversed"].includes(q.name))
        .map((q) => {
          const control = filterControl(ledgerOp(), q)
          const value = filters[q.name] ?? ""
          const label = filterLabels[q.name]
          return (
            <>
              <label for={`filter-${q.name}`}>{label === undefined ? q.name : textOf(label, lang)}</label>{" "}
              {control.kind === "choice" || control.kind === "boolean" ? (
                <select name={q.name} id={`filter-${q.name}`}>
                  <option value="">{text("全部", "All")}</option>
                  {(control.kind === "choice" ? control.words : ["true", "false"]).map((w) => (
                    <option value={w} selected={value === w}>
                      {control.kind === "boolean"
                        ? w === "true"
                          ? text("是", "Yes")
                          : text("否", "No")
                        : textOf(labelOf({ ...techCategoryLabels, ...investmentModeLabels }, w), lang)}
                    </option>
                  ))}
                </select>
              ) : (
                <input type="text" name={q.name} id={`filter-${q.name}`} value={value} />
              )}{" "}
            </>
          )
        })}
      <button type="submit">{text("筛选", "Filter")}</button>
    </form>
  )
}

/** `GET /funds/:code/ledger`: the filtered entries and their total, open to those who may read the ledger. */
export const showLedgerList = async (c: Context, ctx: PanelContext) => {
  const { lang, kejin } = ctx
  const code = c.req.param("code") ?? ""
  const text = (zh: string, en: string) => (lang === "en" ? en : zh)
  const page = async (body: Child, status: 200 | 400 | 403 | 404) =>
    c.html(
      await renderPage(
        <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
          {body}
        </Page>
      ),
      status
    )
  let fund: Fund | undefined
  try {
    fund = isFundCode(code) ? await kejin.funds.get(code) : undefined
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
  }
  if (fund === undefined)
    return page(
      <p class="panel-error" role="alert">
        <Label text={{ zh: "没有这个基金", en: "No such fund" }} lang={lang} />
      </p>,
      404
    )
  const back = (
    <p class="breadcrumbs">
      <a href={fundHref(ctx, code)}>{fund.name}</a>
      {" · "}
      <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>{text("返回总览", "Dashboard")}</a>
    </p>
  )
  if (!canReadLedger(ctx.actor, code))
    return page(
      <>
        {back}
        <p class="panel-error" role="alert">
          {textOf(catalogueText("fund-ledger-list-manager-only"), lang)}
        </p>
      </>,
      403
    )
  const op = ledgerOp()
  const query = listQueryOf(op, ctx.query)
  let entries: ReadonlyArray<FundEntry> | undefined
  let problems: ReadonlyArray<{ readonly field: string; readonly message: string }> = query.issues
  if (problems.length === 0)
    try {
      entries = await readAll(ctx, { ...listInput(op, query), code })
    } catch (error) {
      const issues = readIssues(op, error, lang)
      if (issues === undefined) throw error
      problems = issues
    }
  const live = (entries ?? []).filter((e) => e.kind !== "reversal" && e.reversedBy === null)
  const sum = live.reduce((total, e) => total.plus(entryAmount(e) ?? 0), new Decimal(0))
  // The amount column in one unit (1.20亿 never above 4,000万).
  const unit = moneyUnitFor(
    (entries ?? []).flatMap((e) => entryAmount(e) ?? []),
    lang,
    { keepSmall: true }
  )
  return page(
    <>
      {back}
      <h2>
        {fund.name} · <Label text={TITLE} lang={lang} />
      </h2>
      <FilterForm ctx={ctx} code={code} filters={query.filters} />
      {problems.length === 0 ? null : (
        <ul class="form-errors" role="alert">
          {problems.map((p) => (
            <li class="field-error" data-field={p.field}>
              {p.field}: {p.message}
            </li>
          ))}
        </ul>
      )}
      {entries === undefined ? null : (
        <>
          <p class="list-total" data-list-total data-total={String(live.length)}>
            {lang === "en" ? `${live.length} entries, in all ` : `${live.length} 笔，合计 `}
            <Money lang={lang} amount={sum} />
            {lang === "en" ? " (reversed entries not counted)" : "（已冲销的不计）"}
            {" · "}
            <ExportLinks op={fundLedger} params={{ code }} filters={query.filters} lang={lang} />
          </p>
          {entries.length === 0 ? (
            <p class="panel-note">{text("没有符合条件的记录", "No entries match")}</p>
          ) : (
            <div class="table-scroll" tabindex={0}>
              <table class="fund-table ledger-table ledger-list">
                <TableHead columns={COLUMNS} lang={lang} />
                <tbody>
                  {[...entries].reverse().map((e) => {
                    const amount = entryAmount(e)
                    const reversed = e.reversedBy !== null
                    return (
                      <tr
                        data-entry={String(e.id)}
                        data-kind={e.kind}
                        class={reversed ? "entry entry--reversed" : "entry"}
                      >
                        <td>{e.id}</td>
                        <td>{e.on}</td>
                        <td>
                          {textOf(labelOf(entryKindLabels, e.kind), lang)}
                          {reversed ? (
                            <span class="badge badge--bad"> {text("已冲销", "reversed")}</span>
                          ) : null}
                        </td>
                        <td class="num">{amount === null ? "" : <Money amount={amount} unit={unit} />}</td>
                        <td>
                          <EntryDetail entry={e} byId={new Map(entries!.map((x) => [x.id, x]))} ctx={ctx} />
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <p class="panel-note">
        <a href={`${ctx.basePath}/funds/${encodeURIComponent(code)}/ledger${queryString(ctx, {})}`}>
          {text("全部台账", "The whole ledger")}
        </a>
      </p>
    </>,
    problems.length === 0 ? 200 : 400
  )
}
