/** @jsxImportSource hono/jsx */
import {
  can,
  Decimal,
  formatYuan,
  type Kejin,
  type Pledge,
  type PledgePage,
  type PledgeStatus,
  ValidationError
} from "@kejin/core"
import { inclusiveBuckets, listPledges, recordPledge } from "@kejin/core/internal"
import type { Context } from "hono"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { asOfOf } from "../equity/access.js"
import { ExportLinks } from "../export-links.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { messageFor } from "../forms/messages.js"
import { operationForm } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { ImportLink } from "../imports/links.js"
import { type MoneyUnit, moneyText, moneyUnitFor, placeholderText } from "../money.js"
import type { NavigationItem, PanelContext, PluginRoute } from "../plugin.js"
import { filterLabels } from "../records/vocabulary.js"
import type { Column } from "../table-head.js"
import {
  coreFilterOf,
  DEFAULT_LIMIT,
  FILTER_FIELDS,
  type FilterField,
  filterFieldOf,
  filterQuery,
  type ListQuery,
  listHref,
  listQueryOf,
  nextSort,
  type SortKey,
  sortOf
} from "./filters.js"
import {
  Amount,
  districtChoices,
  districtName,
  langQuery,
  PledgeStatusBadge,
  registrationHref,
  statusLabels,
  todayOf
} from "./format.js"
import {
  REGISTER_BOX_ID,
  RegisterBox,
  registerErrorsOf,
  registerInputOf,
  registerValuesOf
} from "./registration-form.js"

/*
 * The registrations page (`/pledges`): every registration matching the filters (GET parameters, so a
 * filtered list is a link), a page at a time, each linking to its own page; a CSV of the same selection;
 * and for `pledges.write` the registration form. The form posts with htmx: success answers the refreshed
 * section with `HX-Trigger: kejin-changed` (the dashboard's panels reload), an error the form alone with
 * the core's field errors (422, or 409 for a registration number on record). Without JavaScript success
 * redirects to the new registration's page (303) and an error renders the whole page.
 */

const TITLE: LocalizedText = { zh: "质押登记", en: "Registrations" }
const SECTION_ID = "pledges-section"

/** The header link to the list. */
export const pledgesNavigation: NavigationItem = {
  href: "/pledges",
  label: TITLE,
  permission: "pledges.read"
}

const FILTER_LABELS: Record<FilterField | "page" | "limit", LocalizedText> = {
  from: { zh: "登记日期自", en: "Registered from" },
  to: { zh: "登记日期至", en: "Registered to" },
  district: { zh: "区县", en: "District" },
  bank: { zh: "质权人", en: "Pledgee" },
  status: { zh: "状态", en: "Status" },
  q: { zh: "搜索", en: "Search" },
  sort: { zh: "排序", en: "Sort" },
  minAmount: { zh: "最低金额（元）", en: "Min amount (yuan)" },
  maxAmount: { zh: "最高金额（元）", en: "Max amount (yuan)" },
  inclusive: filterLabels.inclusive!,
  firstPledge: filterLabels.firstPledge!,
  counting: { zh: "仅计入融资额的登记", en: "Only registrations that count" },
  page: { zh: "页码", en: "Page" },
  limit: { zh: "每页条数", en: "Page size" }
}

/** What the search box searches (its placeholder). */
const SEARCH_HINT: LocalizedText = {
  zh: "登记号、企业名称、信用代码或银行",
  en: "Registration no., enterprise, credit code or bank"
}

const fieldLabel = (field: string, lang: Lang): string =>
  field in FILTER_LABELS ? textOf(FILTER_LABELS[field as FilterField], lang) : field

interface ListData {
  readonly query: ListQuery
  /** What is wrong with the filters: ours, then the core's (each naming its field). */
  readonly problems: ReadonlyArray<{ readonly field: string; readonly message: string }>
  /** Undefined when the filters are wrong. */
  readonly page: PledgePage | undefined
  readonly statuses: ReadonlyMap<number, PledgeStatus>
  /** The pledgees on record in `?asOf`'s year (default: the core's today's) and the year before, as suggestions. */
  readonly banks: ReadonlyArray<string>
  /** The core's today (Asia/Shanghai): the registration form's default date. */
  readonly today: string
}

/** The pledgees on record in `asOf`'s year and the year before, by name. */
const bankNames = async (kejin: Kejin, asOf: string): Promise<ReadonlyArray<string>> => {
  const year = Number(asOf.slice(0, 4))
  const { rows } = await kejin.pledges.breakdown({ fromYear: year - 1, toYear: year }, "bank")
  return rows.map((r) => r.label).sort((a, b) => a.localeCompare(b, "zh-CN"))
}

/** The core's today, and the pledgees to suggest as of `?asOf` or that day. */
const formDefaults = async (ctx: PanelContext) => {
  const today = await todayOf(ctx.kejin)
  return { today, banks: await bankNames(ctx.kejin, asOfOf(ctx) ?? today) }
}

export const loadList = async (ctx: PanelContext): Promise<ListData> => {
  const query = listQueryOf(ctx.query, ctx.lang)
  const { today, banks } = await formDefaults(ctx)
  const none = { query, page: undefined, statuses: new Map(), banks, today }
  if (query.issues.length > 0) return { ...none, problems: query.issues }
  const filter = coreFilterOf(query.values)
  const fetch = (page: number) =>
    ctx.kejin.pledges.list({
      ...filter,
      sort: query.values.sort,
      limit: query.limit,
      offset: (page - 1) * query.limit
    })
  let page: PledgePage
  let shown = query
  try {
    page = await fetch(query.page)
    // Past the last page (the list shrank, or a hand-made link): show the last one.
    const last = Math.max(1, Math.ceil(page.total / query.limit))
    if (query.page > last) {
      shown = { ...query, page: last }
      page = await fetch(last)
    }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return {
      ...none,
      problems: error.issues.map((i) => ({ field: filterFieldOf(i.path), message: messageFor(i, ctx.lang) }))
    }
  }
  // The status is derived from each registration's events (list rows carry none).
  const statuses = await ctx.kejin.pledges.statuses(page.items.map((p) => p.id))
  return { query: shown, problems: [], page, statuses, banks, today }
}

// ── the filters ──────────────────────────────────────────────────────────────────────────────────

const Filters = (props: { ctx: PanelContext; data: ListData }) => {
  const { ctx, data } = props
  const { lang } = ctx
  const values = data.query.values
  const wrong = new Set(data.problems.map((p) => p.field))
  const attrs = (field: FilterField) => ({
    name: field,
    id: `filter-${field}`,
    "aria-invalid": wrong.has(field) ? "true" : undefined
  })
  const label = (field: FilterField) => textOf(FILTER_LABELS[field], lang)
  return (
    <form class="filters pledge-filters" method="get" action={`${ctx.basePath}/pledges`}>
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      {values.sort === undefined ? null : <input type="hidden" name="sort" value={values.sort} />}
      {data.query.limit === DEFAULT_LIMIT ? null : (
        <input type="hidden" name="limit" value={String(data.query.limit)} />
      )}
      <label>
        {label("from")}
        <input type="date" {...attrs("from")} value={values.from ?? ""} />
      </label>
      <label>
        {label("to")}
        <input type="date" {...attrs("to")} value={values.to ?? ""} />
      </label>
      <label>
        {label("district")}
        <select {...attrs("district")}>
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          {districtChoices(lang).map((d) => (
            <option value={d.value} selected={values.district === d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {label("bank")}
        <input
          type="text"
          {...attrs("bank")}
          value={values.bank ?? ""}
          list="filter-bank-list"
          autocomplete="off"
        />
        <datalist id="filter-bank-list">
          {data.banks.map((bank) => (
            <option value={bank} />
          ))}
        </datalist>
      </label>
      <label>
        {label("status")}
        <select {...attrs("status")}>
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          {(Object.keys(statusLabels) as Array<PledgeStatus>).map((s) => (
            <option value={s} selected={values.status === s}>
              {textOf(statusLabels[s], lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {label("q")}
        <input
          type="search"
          {...attrs("q")}
          value={values.q ?? ""}
          placeholder={textOf(SEARCH_HINT, lang)}
          autocomplete="off"
        />
      </label>
      <label>
        {label("minAmount")}
        <input
          type="text"
          {...attrs("minAmount")}
          value={values.minAmount ?? ""}
          inputmode="decimal"
          placeholder={placeholderText("100万", lang)}
        />
      </label>
      <label>
        {label("maxAmount")}
        <input
          type="text"
          {...attrs("maxAmount")}
          value={values.maxAmount ?? ""}
          inputmode="decimal"
          placeholder={placeholderText("1亿", lang)}
        />
      </label>
      <label>
        {label("inclusive")}
        <select {...attrs("inclusive")}>
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          {inclusiveBuckets.map((t) => (
            <option value={t} selected={values.inclusive === t}>
              {moneyText(new Decimal(t), lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {label("firstPledge")}
        <select {...attrs("firstPledge")}>
          <option value="">{lang === "en" ? "All" : "全部"}</option>
          <option value="true" selected={values.firstPledge === "true"}>
            {lang === "en" ? "First pledges" : "首次质押"}
          </option>
          <option value="false" selected={values.firstPledge === "false"}>
            {lang === "en" ? "Later pledges" : "非首次质押"}
          </option>
        </select>
      </label>
      <label class="filter-check">
        <input type="checkbox" {...attrs("counting")} value="true" checked={values.counting === "true"} />{" "}
        {label("counting")}
      </label>
      <button type="submit">{lang === "en" ? "Filter" : "筛选"}</button>
      {FILTER_FIELDS.some((f) => f !== "sort" && values[f] !== undefined) ? (
        <a href={`${ctx.basePath}/pledges${langQuery(ctx)}`}>{lang === "en" ? "Clear" : "清除筛选"}</a>
      ) : null}
    </form>
  )
}

const FilterProblems = (props: { data: ListData; lang: Lang }) =>
  props.data.problems.length === 0 ? null : (
    <div class="form-errors" role="alert" data-filter-errors>
      <p>
        {props.lang === "en"
          ? "The filters cannot be applied; please correct them:"
          : "筛选条件有误，请更正后重试："}
      </p>
      <ul>
        {props.data.problems.map((p) => (
          <li data-field={p.field}>
            {fieldLabel(p.field, props.lang)} ({p.field}): {p.message}
          </li>
        ))}
      </ul>
    </div>
  )

// ── the table and the pager ──────────────────────────────────────────────────────────────────────

const COLUMNS: ReadonlyArray<Column & { readonly sort?: SortKey }> = [
  { zh: "登记号", en: "Registration no.", sort: "registrationNo" },
  { zh: "登记日期", en: "Registered on", sort: "registeredOn" },
  { zh: "出质人", en: "Pledgor", sort: "pledgorName" },
  { zh: "区县", en: "District", sort: "district" },
  { zh: "质权人", en: "Pledgee", sort: "pledgeeName" },
  { zh: "专利", en: "Patents", num: true, sort: "patents" },
  { zh: "质押金额", en: "Amount", num: true, sort: "amount" },
  { zh: "状态", en: "Status" }
]

const SORT_WORDS = {
  ascending: { zh: "（升序）", en: " (ascending)" },
  descending: { zh: "（降序）", en: " (descending)" },
  by: { zh: "按此列排序", en: "Sort by this column" }
} satisfies Record<string, LocalizedText>

/**
 * The table's head: a sortable column's heading links to the list sorted by it (the other direction when it
 * is sorted by it already), keeping the filters and the page size, from the first page; the sorted column
 * says so with `aria-sort` and an arrow.
 */
const SortableHead = (props: { ctx: PanelContext; query: ListQuery }) => {
  const { ctx, query } = props
  const { lang } = ctx
  const current = sortOf(query.values)
  return (
    <thead>
      <tr>
        {COLUMNS.map((column) => {
          const text = textOf(column, lang)
          const num = column.num ? "num" : undefined
          if (column.sort === undefined)
            return (
              <th scope="col" class={num}>
                {text}
              </th>
            )
          const sorted = current.key === column.sort
          const direction = current.descending ? "descending" : "ascending"
          const href = listHref(
            ctx,
            { ...query, values: { ...query.values, sort: nextSort(query.values, column.sort) } },
            1
          )
          return (
            <th scope="col" class={num} aria-sort={sorted ? direction : undefined} data-sort={column.sort}>
              <a href={href} title={textOf(SORT_WORDS.by, lang)}>
                {text}
                {sorted ? <span aria-hidden="true">{current.descending ? " ↓" : " ↑"}</span> : null}
              </a>
            </th>
          )
        })}
      </tr>
    </thead>
  )
}

/**
 * `3 笔，登记金额合计 4.5亿` / `3 registrations, 4.5亿 registered in all`: the filtered rows over every page, at
 * their registered amounts (a list's sum, not the financing figure, which counts amounts in force and leaves
 * cancelled registrations out). With `counting=true` (the list behind a figure) it is that figure:
 * `2 笔，计入融资额 4.5亿`, each registration at its amount in force at the list's end date.
 */
const ListTotal = (props: { page: PledgePage; counting: boolean; lang: Lang }) => {
  const { page, counting, lang } = props
  const amount = <Amount lang={lang} amount={page.amount} />
  return (
    <>
      <p class="list-total" data-list-total data-counting={counting ? "true" : undefined}>
        {lang === "en" ? (
          <>
            {page.total} {page.total === 1 ? "registration" : "registrations"}, {amount}{" "}
            {counting ? "counted toward the financing" : "registered in all"}
          </>
        ) : (
          <>
            {page.total} 笔，{counting ? "计入融资额" : "登记金额合计"} {amount}
          </>
        )}
      </p>
      {counting ? (
        <p class="panel-note">
          <Label text={COUNTING_NOTE} lang={lang} />
        </p>
      ) : null}
    </>
  )
}

/** What the total of a `counting=true` list is (the rows show their registered amounts). */
const COUNTING_NOTE: LocalizedText = catalogueText("pledge-counting-list-note")

const PledgeRow = (props: {
  pledge: Pledge
  status: PledgeStatus | undefined
  ctx: PanelContext
  /** The amount column's one unit. */
  unit: MoneyUnit
}) => {
  const { pledge: p, ctx } = props
  return (
    <tr data-pledge={String(p.id)}>
      <th scope="row">
        <a href={registrationHref(ctx, p.id)}>{p.registrationNo}</a>
      </th>
      <td>{p.registeredOn}</td>
      <td>
        {p.pledgor.name}
        <br />
        <code class="muted">{p.pledgor.uscc}</code>
      </td>
      <td>{districtName(p.pledgor.district, ctx.lang)}</td>
      <td>{p.pledgee.name}</td>
      <td class="num">{p.patents.length}</td>
      <td class="num">
        <Amount amount={p.amount} unit={props.unit} />
      </td>
      <td>
        {props.status === undefined ? "—" : <PledgeStatusBadge status={props.status} lang={ctx.lang} />}
      </td>
    </tr>
  )
}

/** `1–50 of 330` / `第 1–50 条，共 330 条`. */
export const rangeText = (offset: number, shown: number, total: number, lang: Lang): string => {
  const range = shown === 0 ? "0" : `${offset + 1}–${offset + shown}`
  return lang === "en" ? `${range} of ${total}` : `第 ${range} 条，共 ${total} 条`
}

const Pager = (props: { ctx: PanelContext; data: ListData; page: PledgePage }) => {
  const { ctx, data, page } = props
  const { lang } = ctx
  const q = data.query
  const pages = Math.max(1, Math.ceil(page.total / page.limit))
  return (
    <p class="pager" data-pager>
      {q.page > 1 ? (
        <a href={listHref(ctx, q, q.page - 1)} rel="prev">
          {lang === "en" ? "← Previous" : "← 上一页"}
        </a>
      ) : null}{" "}
      <span data-range>{rangeText(page.offset, page.items.length, page.total, lang)}</span>{" "}
      {q.page < pages ? (
        <a href={listHref(ctx, q, q.page + 1)} rel="next">
          {lang === "en" ? "Next →" : "下一页 →"}
        </a>
      ) : null}
      {" · "}
      <ExportLinks op={listPledges} filters={q.values} lang={lang} />
    </p>
  )
}

const emptyForm = (today: string): FormValues => ({ registeredOn: today })

/** The section htmx swaps after a registration: notice, form, filters, table and pager. */
const ListSection = (props: {
  ctx: PanelContext
  data: ListData
  failed?: { values: FormValues; errors: FormErrors } | undefined
  notice?: { text: string; id: number } | undefined
}) => {
  const { ctx, data, failed, notice } = props
  const { lang } = ctx
  const page = data.page
  const amountUnit = moneyUnitFor(page?.items.map((p) => p.amount) ?? [], lang)
  return (
    <section id={SECTION_ID} aria-label={textOf(TITLE, lang)}>
      {notice === undefined ? null : (
        <p class="form-notice" role="status">
          {notice.text}{" "}
          <a href={registrationHref(ctx, notice.id)}>{lang === "en" ? "Open it" : "查看登记"}</a>
        </p>
      )}
      {can(ctx.actor, "pledges.write") ? (
        <RegisterBox
          ctx={ctx}
          sectionId={SECTION_ID}
          listQuery={filterQuery(ctx, data.query.values)}
          values={failed?.values ?? emptyForm(data.today)}
          errors={failed?.errors}
          banks={data.banks}
        />
      ) : null}
      <ImportLink ctx={ctx} kinds={["pledges"]} />
      <Filters ctx={ctx} data={data} />
      <FilterProblems data={data} lang={lang} />
      {page === undefined ? null : (
        <ListTotal page={page} counting={data.query.values.counting === "true"} lang={lang} />
      )}
      {page === undefined ? null : page.items.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "没有符合条件的质押登记", en: "No registrations match" }} lang={lang} />
        </p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table class="fund-table pledges-table">
            <SortableHead ctx={ctx} query={data.query} />
            <tbody>
              {page.items.map((p) => (
                <PledgeRow pledge={p} status={data.statuses.get(p.id)} ctx={ctx} unit={amountUnit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page === undefined ? null : <Pager ctx={ctx} data={data} page={page} />}
    </section>
  )
}

const listPage = async (
  c: Context,
  ctx: PanelContext,
  failed?: { values: FormValues; errors: FormErrors },
  status?: 200 | 400 | 409 | 422
) => {
  const data = await loadList(ctx)
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE}>
      <ListSection ctx={ctx} data={data} failed={failed} />
      <p>
        <a href={`${ctx.basePath || "/"}${langQuery(ctx)}`}>
          {ctx.lang === "en" ? "Back to the dashboard" : "返回总览"}
        </a>
      </p>
    </Page>
  )
  // Filters that cannot be applied are the request's fault: 400, with the page saying which and why.
  return c.html(page, status ?? (data.problems.length > 0 ? 400 : 200))
}

/** 登记质押: the form of `POST /api/v1/pledges`, posted with the list's filters in its query (kept after). */
export const registerForm = operationForm({
  operation: recordPledge,
  input: ({ fields }) => registerInputOf(registerValuesOf(fields)),
  done: async ({ c, ctx }, pledge) => {
    if (!isHtmx(c)) return c.redirect(registrationHref(ctx, pledge.id), 303)
    c.header("HX-Trigger", CHANGED_EVENT)
    // Exact to the fen, with thousands separators: the amount as it was registered.
    const amount = formatYuan(pledge.amount)
    const text = textOf(
      catalogueText("pledge-registration-recorded", { registrationNo: pledge.registrationNo, amount }),
      ctx.lang
    )
    return c.html(
      await renderFragment(
        <ListSection ctx={ctx} data={await loadList(ctx)} notice={{ text, id: pledge.id }} />
      )
    )
  },
  refused: async ({ c, ctx, fields }, { issues, status }) => {
    const values = registerValuesOf(fields)
    const errors = registerErrorsOf(values, issues, ctx.lang)
    if (!isHtmx(c)) return listPage(c, ctx, { values, errors }, status)
    retarget(c, `#${REGISTER_BOX_ID}`)
    return c.html(
      await renderFragment(
        <RegisterBox
          ctx={ctx}
          sectionId={SECTION_ID}
          listQuery={filterQuery(ctx, listQueryOf(ctx.query, ctx.lang).values)}
          values={values}
          errors={errors}
          banks={(await formDefaults(ctx)).banks}
        />
      ),
      status
    )
  }
})

export const registrationsRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/pledges", permission: "pledges.read", handler: (c, ctx) => listPage(c, ctx) }
]
