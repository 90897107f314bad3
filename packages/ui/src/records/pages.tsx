/** @jsxImportSource hono/jsx */

import { can, Decimal, Journal, NotFoundError } from "@kejin/core"
import { type AnyOperation, execute, exportColumns } from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportLinks } from "../export-links.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { describedMessage } from "../forms/messages.js"
import type { FormPost } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { type Lang, type LocalizedText, textOf, withLang } from "../i18n.js"
import { ImportLink } from "../imports/links.js"
import { Amount } from "../pledges/format.js"
import type { PanelContext } from "../plugin.js"
import { shanghaiMinute } from "../reports/monthly-data.js"
import { Cell, columnUnitOf, isNumeric } from "./cells.js"
import { type FormFace, formColumns, formIdOf, lineListsOf, mayWrite, RecordForm } from "./form.js"
import type { RecordKind } from "./kinds.js"
import { type ReversalFailure, ReversalForm, type ReversedRow } from "./reversal.js"
import {
  DEFAULT_LIMIT,
  filterControl,
  filtersOf,
  type ListQuery,
  listInput,
  listQueryOf,
  nextSortOf,
  pathFieldsOf,
  queryString,
  readIssues,
  recordColumns,
  recordKeyOf,
  type ShownColumn,
  sortKeysOf,
  tableColumns
} from "./values.js"
import { choiceText, filterLabels, t, words } from "./vocabulary.js"

/*
 * The pages of a record kind, derived from its declarations (./kinds.ts): `/records/{kind}` lists the
 * records (filters from the list's query parameters, the URL keeping them; a page at a time; the total of
 * the filtered rows; exports with the same filters) under a form for each write; `/records/{kind}/{key}`
 * shows one record (the get's answer), its own lists with their forms, its history and its reversal.
 */

export const SECTION_ID = "records-section"
export const RECORD_SECTION_ID = "record-section"

/** A kind's name for people: its list's summary (`List bonds` → `Bonds`). */
export const kindTitle = (kind: RecordKind): LocalizedText => {
  const en = kind.list.summary.en.replace(/^List /, "")
  return { zh: kind.list.summary.zh, en: `${en.charAt(0).toUpperCase()}${en.slice(1)}` }
}

export const kindHref = (ctx: PanelContext, kind: RecordKind): string =>
  withLang(`${ctx.basePath}/records/${kind.slug}`, ctx.lang)

export const recordHref = (ctx: PanelContext, kind: RecordKind, key: string): string =>
  withLang(`${ctx.basePath}/records/${kind.slug}/${encodeURIComponent(key)}`, ctx.lang)

const run = (ctx: PanelContext, op: AnyOperation, input: unknown): Promise<unknown> =>
  ctx.kejin.run(execute(op, input, { actor: ctx.actor })).then((out) => op.toJson(out))

interface ListPage {
  readonly items: ReadonlyArray<unknown>
  readonly total: number
  /** The declared sum (`op.listSum`) over every filtered row, exact decimal text. */
  readonly amount?: string
  readonly limit: number
  readonly offset: number
}

interface ListData {
  readonly query: ListQuery
  readonly problems: ReadonlyArray<{ readonly field: string; readonly message: string }>
  readonly page: ListPage | undefined
}

const loadList = async (
  ctx: PanelContext,
  op: AnyOperation,
  query: ListQuery,
  fromPath: Readonly<Record<string, unknown>> = {}
): Promise<ListData> => {
  if (query.issues.length > 0) return { query, problems: query.issues, page: undefined }
  try {
    return { query, problems: [], page: (await run(ctx, op, listInput(op, query, fromPath))) as ListPage }
  } catch (error) {
    const problems = readIssues(op, error, ctx.lang)
    if (problems === undefined) throw error
    return { query, problems, page: undefined }
  }
}

// ── the list ─────────────────────────────────────────────────────────────────────────────────────

const Filters = (props: { ctx: PanelContext; kind: RecordKind; data: ListData }) => {
  const { ctx, kind, data } = props
  const { lang } = ctx
  // The order is set by the column headers (kept here as the form's hidden field).
  const params = filtersOf(kind.list).filter((q) => q.name !== "sort")
  if (params.length === 0) return null
  const wrong = new Set(data.problems.map((p) => p.field))
  const given = data.query.filters
  return (
    <form class="filters" method="get" action={`${ctx.basePath}/records/${kind.slug}`} data-filters>
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      {data.query.limit === DEFAULT_LIMIT ? null : (
        <input type="hidden" name="limit" value={String(data.query.limit)} />
      )}
      {given.sort === undefined ? null : <input type="hidden" name="sort" value={given.sort} />}
      {params.map((q) => {
        const control = filterControl(kind.list, q)
        const value = given[q.name] ?? ""
        const attrs = {
          name: q.name,
          id: `filter-${q.name}`,
          "aria-invalid": wrong.has(q.name) ? "true" : undefined
        }
        const label = filterLabels[q.name]
        return (
          <label for={`filter-${q.name}`}>
            {label === undefined ? q.name : textOf(label, lang)}
            {control.kind === "date" ? (
              <input type="date" {...attrs} value={value} />
            ) : control.kind === "boolean" ? (
              <select {...attrs}>
                <option value="">{t("all", lang)}</option>
                <option value="true" selected={value === "true"}>
                  {t("yes", lang)}
                </option>
                <option value="false" selected={value === "false"}>
                  {t("no", lang)}
                </option>
              </select>
            ) : control.kind === "choice" ? (
              <select {...attrs}>
                <option value="">{t("all", lang)}</option>
                {control.words.map((w) => (
                  <option value={w} selected={value === w}>
                    {choiceText(control.words, w, lang)}
                  </option>
                ))}
              </select>
            ) : (
              <input type={q.name === "q" ? "search" : "text"} {...attrs} value={value} autocomplete="off" />
            )}
          </label>
        )
      })}
      <button type="submit">{t("filter", lang)}</button>
      {Object.keys(given).some((name) => name !== "sort") ? (
        <a href={kindHref(ctx, kind)}>{t("clear", lang)}</a>
      ) : null}
    </form>
  )
}

const Problems = (props: { data: ListData; lang: Lang }) =>
  props.data.problems.length === 0 ? null : (
    <div class="form-errors" role="alert" data-filter-errors>
      <p>{t("filterProblems", props.lang)}</p>
      <ul>
        {props.data.problems.map((p) => {
          const label = filterLabels[p.field]
          return (
            <li data-field={p.field}>
              {label === undefined ? p.field : textOf(label, props.lang)}: {p.message}
            </li>
          )
        })}
      </ul>
    </div>
  )

/** What a sortable table's headers link to: the list's page with the filters and the other order. */
interface Sorting {
  readonly base: string
  readonly query: ListQuery
}

/**
 * A column's heading: a link to the list sorted by it (the other way when it is sorted by it already) when
 * the list declares that sort, keeping the filters and the page size, from the first page; the sorted
 * column says so with `aria-sort` and an arrow.
 */
const Heading = (props: {
  ctx: PanelContext
  shown: ShownColumn
  keys: ReadonlySet<string>
  sorting?: Sorting | undefined
}) => {
  const { ctx, shown, keys, sorting } = props
  const { column } = shown
  const text = column.label === undefined ? column.key : textOf(column.label, ctx.lang)
  const num = isNumeric(shown) ? "num" : undefined
  if (sorting === undefined || !keys.has(column.key))
    return (
      <th scope="col" class={num} data-column={column.key}>
        {text}
      </th>
    )
  const { filters, limit } = sorting.query
  const current = filters.sort
  const sorted = current === column.key || current === `-${column.key}`
  const descending = current?.startsWith("-") === true
  const href = `${sorting.base}${queryString(ctx, filters, {
    sort: nextSortOf(current, column),
    ...(limit === DEFAULT_LIMIT ? {} : { limit: String(limit) })
  })}`
  return (
    <th
      scope="col"
      class={num}
      data-column={column.key}
      data-sort={column.key}
      aria-sort={sorted ? (descending ? "descending" : "ascending") : undefined}
    >
      <a href={href} title={t("sortBy", ctx.lang)}>
        {text}
        {sorted ? <span aria-hidden="true">{descending ? " ↓" : " ↑"}</span> : null}
      </a>
    </th>
  )
}

/** A list's table: its columns, the first linking to the record's page when the kind has one. */
const Table = (props: {
  ctx: PanelContext
  kind: RecordKind | undefined
  op: AnyOperation
  items: ReadonlyArray<unknown>
  sorting?: Sorting | undefined
  /** What a row offers at its end (a row's own reversal), in a last column; none when absent. */
  rowAction?: ((item: unknown) => Child) | undefined
}) => {
  const { ctx, kind, op } = props
  const { lang } = ctx
  const columns = tableColumns(op)
  const keys = sortKeysOf(op)
  // One unit a money column, for the rows shown.
  const units = columns.map((c) => columnUnitOf(props.items, c, lang))
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table records-table" data-list={op.name}>
        <thead>
          <tr>
            {columns.map((c) => (
              <Heading ctx={ctx} shown={c} keys={keys} sorting={props.sorting} />
            ))}
            {props.rowAction === undefined ? null : <th scope="col">{t("actions", lang)}</th>}
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const key = kind === undefined ? undefined : recordKeyOf(kind, item)
            const reversed = (item as { reversed?: unknown }).reversed === true
            return (
              <tr
                data-record={String((item as { id?: unknown }).id ?? "")}
                data-reversed-row={reversed ? "true" : undefined}
              >
                {columns.map((c, i) => (
                  <td class={isNumeric(c) ? "num" : undefined}>
                    {i === 0 && kind !== undefined && key !== undefined ? (
                      <a href={recordHref(ctx, kind, key)}>
                        <Cell item={item} shown={c} lang={lang} unit={units[i]} />
                      </a>
                    ) : (
                      <Cell item={item} shown={c} lang={lang} unit={units[i]} />
                    )}
                  </td>
                ))}
                {props.rowAction === undefined ? null : <td class="row-action">{props.rowAction(item)}</td>}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

const rangeText = (page: ListPage, lang: Lang): string => {
  const range = page.items.length === 0 ? "0" : `${page.offset + 1}–${page.offset + page.items.length}`
  return t("range", lang, { range, total: page.total })
}

const Pager = (props: {
  ctx: PanelContext
  base: string
  data: ListData
  page: ListPage
  exportPath?: string | undefined
}) => {
  const { ctx, data, page } = props
  const { lang } = ctx
  const { filters, limit } = data.query
  const at = (offset: number) =>
    `${props.base}${queryString(ctx, filters, {
      ...(offset > 0 ? { offset: String(offset) } : {}),
      ...(limit === DEFAULT_LIMIT ? {} : { limit: String(limit) })
    })}`
  const exportQuery = queryString(ctx, filters)
  return (
    <p class="pager" data-pager>
      {page.offset > 0 ? (
        <a href={at(Math.max(0, page.offset - limit))} rel="prev">
          {t("previous", lang)}
        </a>
      ) : null}{" "}
      <span data-range>{rangeText(page, lang)}</span>{" "}
      {page.offset + page.items.length < page.total ? (
        <a href={at(page.offset + limit)} rel="next">
          {t("next", lang)}
        </a>
      ) : null}
      {props.exportPath === undefined ? null : (
        <>
          {" · "}
          <a href={`${props.exportPath}/export.csv${exportQuery}`} download data-export="csv">
            {t("csv", lang)}
          </a>
          {" · "}
          <a href={`${props.exportPath}/export.xlsx${exportQuery}`} download data-export="xlsx">
            {t("xlsx", lang)}
          </a>
        </>
      )}
    </p>
  )
}

export interface Failed {
  readonly op: string
  readonly values: FormValues
  readonly errors: FormErrors
}

const Notice = (props: { ctx: PanelContext; href: string | undefined }) => (
  <p class="form-notice" role="status">
    {t("recorded", props.ctx.lang)}{" "}
    {props.href === undefined ? null : <a href={props.href}>{t("open", props.ctx.lang)}</a>}
  </p>
)

/**
 * The filtered rows' total: their count and, for a list that declares a sum (`listSum`: the column its page's
 * `amount` sums over every filtered row), that sum, exact on hover.
 */
const ListTotal = (props: { ctx: PanelContext; op: AnyOperation; page: ListPage }) => {
  const { ctx, op, page } = props
  const { lang } = ctx
  const column = exportColumns(op).find((c) => c.key === op.listSum)
  if (page.amount === undefined || column === undefined)
    return (
      <p class="records-total" data-total={String(page.total)}>
        {t("totalNote", lang, { total: page.total })}
      </p>
    )
  const name = column.label === undefined ? column.key : textOf(column.label, lang)
  return (
    <p class="records-total" data-total={String(page.total)} data-amount={page.amount}>
      {t("totalSum", lang, { total: page.total, column: name })}
      <Amount lang={lang} amount={new Decimal(page.amount)} />
    </p>
  )
}

/** The list page's section (htmx swaps it after a write): notice, forms, filters, table, pager. */
const ListSection = (props: {
  ctx: PanelContext
  kind: RecordKind
  data: ListData
  failed?: Failed | undefined
  notice?: { href: string | undefined } | undefined
}) => {
  const { ctx, kind, data } = props
  const { lang } = ctx
  const page = data.page
  const search = queryString(ctx, data.query.filters)
  return (
    <section id={SECTION_ID} aria-label={textOf(kindTitle(kind), lang)}>
      {props.notice === undefined ? null : <Notice ctx={ctx} href={props.notice.href} />}
      {kind.writes
        .filter((op) => mayWrite(ctx, op))
        .map((op) => (
          <RecordForm
            ctx={ctx}
            op={op}
            target={`#${SECTION_ID}`}
            search={search}
            values={props.failed?.op === op.name ? props.failed.values : undefined}
            errors={props.failed?.op === op.name ? props.failed.errors : undefined}
          />
        ))}
      <ImportLink ctx={ctx} writes={kind.writes.map((op) => op.name)} />
      <Filters ctx={ctx} kind={kind} data={data} />
      <Problems data={data} lang={lang} />
      {page === undefined ? null : (
        <>
          <ListTotal ctx={ctx} op={kind.list} page={page} />
          {page.items.length === 0 ? (
            <p class="panel-note">{t("none", lang)}</p>
          ) : (
            <Table
              ctx={ctx}
              kind={kind}
              op={kind.list}
              items={page.items}
              sorting={{ base: `${ctx.basePath}/records/${kind.slug}`, query: data.query }}
            />
          )}
          <Pager
            ctx={ctx}
            base={`${ctx.basePath}/records/${kind.slug}`}
            data={data}
            page={page}
            exportPath={kind.list.http?.path}
          />
        </>
      )}
    </section>
  )
}

const Back = (props: { ctx: PanelContext; kind?: RecordKind }) => (
  <p>
    {props.kind === undefined ? null : (
      <>
        <a href={kindHref(props.ctx, props.kind)}>{t("back", props.ctx.lang)}</a>
        {" · "}
      </>
    )}
    <a href={withLang(`${props.ctx.basePath}/records`, props.ctx.lang)}>{t("kinds", props.ctx.lang)}</a>
    {" · "}
    <a href={withLang(props.ctx.basePath || "/", props.ctx.lang)}>{t("home", props.ctx.lang)}</a>
  </p>
)

export const listPage = async (
  c: Context,
  ctx: PanelContext,
  kind: RecordKind,
  failed?: Failed,
  status?: 409 | 422
): Promise<Response> => {
  if (!can(ctx.actor, kind.list.permission)) return c.text("forbidden", 403)
  const data = await loadList(ctx, kind.list, listQueryOf(kind.list, ctx.query))
  const html = await renderPage(
    <Page ctx={ctx} title={kindTitle(kind)}>
      <ListSection ctx={ctx} kind={kind} data={data} failed={failed} />
      <Back ctx={ctx} />
    </Page>
  )
  return c.html(html, status ?? (data.problems.length > 0 ? 400 : 200))
}

/** `/records`: every kind, with its list's description. */
export const indexPage = async (c: Context, ctx: PanelContext, kinds: ReadonlyArray<RecordKind>) => {
  const html = await renderPage(
    <Page ctx={ctx} title={words.title}>
      <ul class="records-kinds" data-kinds>
        {kinds.map((kind) => (
          <li data-kind={kind.slug}>
            <a href={kindHref(ctx, kind)}>{textOf(kindTitle(kind), ctx.lang)}</a>
          </li>
        ))}
      </ul>
      <Back ctx={ctx} />
    </Page>
  )
  return c.html(html)
}

// ── one record ───────────────────────────────────────────────────────────────────────────────────

/** Who wrote a journal entry and when (Asia/Shanghai), with what it asked (its command and input). */
interface Entry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly command: string
  readonly payload: unknown
}

/** What a record's history shows: its journal entry, and the reversal that took it out. */
interface History {
  readonly recorded: Entry | undefined
  readonly reversal:
    | { readonly id: number; readonly on: string; readonly reason: string; readonly entry: Entry | undefined }
    | undefined
}

/**
 * The journal entry `seq` of a record the reader may see: who recorded or reversed it, and when, are part of
 * the record's history (the journal itself stays for those who may read it: /audit).
 */
const entryOf = async (ctx: PanelContext, seq: unknown): Promise<Entry | undefined> => {
  if (typeof seq !== "number") return undefined
  const [entry] = await ctx.kejin.run(Journal.use((j) => j.list({ afterSeq: seq - 1, limit: 1 })))
  return entry === undefined || entry.seq !== seq
    ? undefined
    : {
        seq,
        at: shanghaiMinute(Date.parse(entry.at)),
        actor: entry.actor,
        command: entry.command,
        payload: entry.payload
      }
}

/** The values of `op`'s form from the input its journal entry kept: what the corrected record starts from. */
const valuesFrom = (op: AnyOperation, payload: unknown): FormValues => {
  const values: Record<string, string> = {}
  for (const column of formColumns(op)) {
    let at: unknown = payload
    for (const step of column.path) at = (at as Record<string, unknown> | null | undefined)?.[step]
    if (at === undefined || at === null || typeof at === "object") {
      if (Array.isArray(at)) values[column.key] = at.map(String).join("\n")
      continue
    }
    values[column.key] = String(at)
  }
  // A list of records: a record a line, its fields in order.
  for (const list of lineListsOf(op)) {
    const records = (payload as Record<string, unknown> | null | undefined)?.[list.key]
    if (Array.isArray(records))
      values[list.key] = records
        .map((r) => list.columns.map((c) => String((r as Record<string, unknown>)?.[c.key] ?? "")).join(" "))
        .join("\n")
  }
  return values
}

/** The reversal `id` from the declared list of reversals (oldest first: its id is its place, unless ids skip). */
const reversalOf = async (ctx: PanelContext, reversals: AnyOperation | undefined, id: unknown) => {
  if (reversals === undefined || typeof id !== "number") return undefined
  type Reversal = { id: number; on: string; reason: string; journalSeq: number }
  const page = async (offset: number) =>
    (await run(ctx, reversals, { limit: 500, offset })) as { items: ReadonlyArray<Reversal>; total: number }
  const near = await page(Math.max(0, id - 1))
  let found = near.items.find((r) => r.id === id)
  for (let offset = 0; found === undefined && offset < near.total; offset += 500)
    found = (await page(offset)).items.find((r) => r.id === id)
  return found === undefined
    ? undefined
    : { id, on: found.on, reason: found.reason, entry: await entryOf(ctx, found.journalSeq) }
}

interface RecordData {
  readonly record: Record<string, unknown>
  readonly history: History
  readonly children: ReadonlyArray<{
    readonly list: AnyOperation
    readonly writes: ReadonlyArray<AnyOperation>
    readonly reversal: string | undefined
    readonly data: ListData
  }>
}

const loadRecord = async (
  ctx: PanelContext,
  kind: RecordKind,
  key: string
): Promise<RecordData | NotFoundError | undefined> => {
  if (kind.get === undefined) return undefined
  let record: Record<string, unknown>
  try {
    record = (await run(ctx, kind.get, pathFieldsOf(kind.get, key))) as Record<string, unknown>
  } catch (error) {
    if (error instanceof NotFoundError) return error
    throw error
  }
  const children = await Promise.all(
    kind.children.map(async (child) => ({
      ...child,
      data: await loadList(
        ctx,
        child.list,
        { filters: {}, limit: 500, offset: 0, issues: [] },
        pathFieldsOf(child.list, key)
      )
    }))
  )
  const history = {
    recorded: await entryOf(ctx, record.journalSeq),
    reversal: await reversalOf(ctx, kind.reversals, record.reversedBy)
  }
  return { record, history, children }
}

const RecordSection = (props: {
  ctx: PanelContext
  kind: RecordKind
  keyText: string
  data: RecordData
  reverse: AnyOperation
  failed?: Failed | undefined
  reversalFailed?: ReversalFailure | undefined
  /** The row of one of the record's lists whose reversal `reversalFailed` is (else the record's own). */
  reversalRow?: ReversedRow | undefined
  notice?: string | undefined
}) => {
  const { ctx, kind, data } = props
  const { lang } = ctx
  const record = data.record
  const reversed = record.reversed === true
  const search = lang === "en" ? "?lang=en" : ""
  return (
    <section id={RECORD_SECTION_ID} data-record-kind={kind.slug}>
      {props.notice === undefined ? null : (
        <p class="form-notice" role="status">
          {props.notice}
        </p>
      )}
      {reversed ? (
        <p class="badge badge--bad" data-reversed>
          {t("reversed", lang)}
        </p>
      ) : null}
      <dl class="record-fields">
        {recordColumns(kind.list).map((c) => (
          <div class="record-field" data-field={c.column.key}>
            <dt>{c.column.label === undefined ? c.column.key : textOf(c.column.label, lang)}</dt>
            <dd>
              <Cell item={record} shown={c} lang={lang} />
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t("history", lang)}</h3>
      <ul class="record-history" data-history>
        {typeof record.journalSeq === "number" ? (
          <li data-history-entry="recorded">
            {data.history.recorded === undefined
              ? t("recordedIn", lang, { seq: record.journalSeq })
              : t("recordedBy", lang, {
                  seq: data.history.recorded.seq,
                  at: data.history.recorded.at,
                  actor: data.history.recorded.actor
                })}
          </li>
        ) : null}
        {data.history.reversal !== undefined ? (
          <li data-history-entry="reversed">
            {data.history.reversal.entry === undefined
              ? t("reversalHistory", lang, {
                  on: data.history.reversal.on,
                  reason: data.history.reversal.reason
                })
              : t("reversedWhoWhen", lang, {
                  at: data.history.reversal.entry.at,
                  actor: data.history.reversal.entry.actor,
                  reason: data.history.reversal.reason
                })}
          </li>
        ) : typeof record.reversedBy === "number" ? (
          <li data-history-entry="reversed">{t("reversedIn", lang, { id: record.reversedBy })}</li>
        ) : null}
      </ul>
      {data.children.map((child) => (
        <section class="record-children" data-child={child.list.name}>
          <h3>{textOf(child.list.summary, lang)}</h3>
          {child.writes
            .filter((op) => !reversed && mayWrite(ctx, op))
            .map((op) => (
              <RecordForm
                ctx={ctx}
                op={op}
                target={`#${RECORD_SECTION_ID}`}
                params={{ [/\{([A-Za-z]+)\}/.exec(op.http?.path ?? "")?.[1] ?? "id"]: props.keyText }}
                search={search}
                values={props.failed?.op === op.name ? props.failed.values : undefined}
                errors={props.failed?.op === op.name ? props.failed.errors : undefined}
              />
            ))}
          {child.data.page === undefined || child.data.page.items.length === 0 ? null : (
            <ExportLinks
              op={child.list}
              params={{ [/\{([A-Za-z]+)\}/.exec(child.list.http?.path ?? "")?.[1] ?? "id"]: props.keyText }}
              lang={lang}
            />
          )}
          {child.data.page === undefined || child.data.page.items.length === 0 ? (
            <p class="panel-note">{t("none", lang)}</p>
          ) : (
            <Table
              ctx={ctx}
              kind={undefined}
              op={child.list}
              items={child.data.page.items}
              rowAction={
                child.reversal === undefined || reversed || !can(ctx.actor, props.reverse.permission)
                  ? undefined
                  : (item) => {
                      const { id, reversed: gone } = item as { id?: unknown; reversed?: unknown }
                      if (typeof id !== "number" || gone === true) return null
                      const row = { kind: child.reversal!, id }
                      const mine = props.reversalRow?.kind === row.kind && props.reversalRow.id === row.id
                      return (
                        <ReversalForm
                          ctx={ctx}
                          op={props.reverse}
                          kind={kind}
                          keyText={props.keyText}
                          recordId={Number(record.id)}
                          failure={mine ? props.reversalFailed : undefined}
                          dependents={[]}
                          row={row}
                        />
                      )
                    }
              }
            />
          )}
        </section>
      ))}
      {kind.reversal === undefined || reversed || !can(ctx.actor, props.reverse.permission) ? null : (
        <ReversalForm
          ctx={ctx}
          op={props.reverse}
          kind={kind}
          keyText={props.keyText}
          recordId={Number(record.id)}
          failure={props.reversalRow === undefined ? props.reversalFailed : undefined}
          dependents={data.children
            .map((child) => ({
              list: textOf(child.list.summary, lang),
              count: (child.data.page?.items ?? []).filter(
                (i) => (i as { reversed?: unknown }).reversed !== true
              ).length
            }))
            .filter((d) => d.count > 0)}
        />
      )}
      {reversed ? (
        <Correction ctx={ctx} kind={kind} recorded={data.history.recorded} failed={props.failed} />
      ) : null}
    </section>
  )
}

/**
 * On a reversed record's page: the form of the write that recorded it, filled in with what was recorded
 * (from its journal entry), to record the corrected one. Its answer is the kind's list with the new record.
 */
const Correction = (props: {
  ctx: PanelContext
  kind: RecordKind
  recorded: Entry | undefined
  failed?: Failed | undefined
}) => {
  const { ctx, kind, recorded } = props
  const op = kind.writes.find((w) => w.name === recorded?.command)
  if (op === undefined || recorded === undefined || !mayWrite(ctx, op)) return null
  const mine = props.failed?.op === op.name ? props.failed : undefined
  return (
    <section class="record-correction" data-correction={op.name}>
      <h3>{t("correct", ctx.lang)}</h3>
      <p class="panel-note">{t("correctNote", ctx.lang)}</p>
      <RecordForm
        ctx={ctx}
        op={op}
        target={`#${RECORD_SECTION_ID}`}
        search={ctx.lang === "en" ? "?lang=en" : ""}
        values={mine?.values ?? valuesFrom(op, recorded.payload)}
        errors={mine?.errors}
        open
      />
    </section>
  )
}

const notFound = async (c: Context, ctx: PanelContext, kind: RecordKind, error?: NotFoundError) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={kindTitle(kind)}>
        <p class="panel-note">
          {/* The core's own words for what is missing (未找到贷款 12), in the page's language. */}
          {error === undefined
            ? t(kind.get === undefined ? "noGet" : "notFound", ctx.lang)
            : describedMessage(error, ctx.lang)}
        </p>
        <Back ctx={ctx} kind={kind} />
      </Page>
    ),
    404
  )

export const recordPage = async (
  c: Context,
  ctx: PanelContext,
  kind: RecordKind,
  key: string,
  reverse: AnyOperation,
  more: {
    failed?: Failed
    reversalFailed?: ReversalFailure
    reversalRow?: ReversedRow | undefined
    status?: 409 | 422
  } = {}
): Promise<Response> => {
  if (!can(ctx.actor, kind.list.permission)) return c.text("forbidden", 403)
  const data = await loadRecord(ctx, kind, key)
  if (data === undefined || data instanceof NotFoundError) return notFound(c, ctx, kind, data)
  const html = await renderPage(
    <Page ctx={ctx} title={kindTitle(kind)}>
      <RecordSection
        ctx={ctx}
        kind={kind}
        keyText={key}
        data={data}
        reverse={reverse}
        failed={more.failed}
        reversalFailed={more.reversalFailed}
        reversalRow={more.reversalRow}
      />
      <Back ctx={ctx} kind={kind} />
    </Page>
  )
  return c.html(html, more.status ?? 200)
}

/** The record section alone (an htmx answer), or undefined when the record is gone. */
export const recordFragment = async (
  ctx: PanelContext,
  kind: RecordKind,
  key: string,
  reverse: AnyOperation,
  notice: string | undefined
): Promise<string | undefined> => {
  const data = await loadRecord(ctx, kind, key)
  return data === undefined || data instanceof NotFoundError
    ? undefined
    : renderFragment(
        <RecordSection ctx={ctx} kind={kind} keyText={key} data={data} reverse={reverse} notice={notice} />
      )
}

// ── how the forms answer ─────────────────────────────────────────────────────────────────────────

/** The faces of a kind's list writes: the refreshed list (with a link to the new record), or the form again. */
export const listFace = (kind: RecordKind): FormFace => ({
  done: async ({ c, ctx }: FormPost, _op, json) => {
    const key = recordKeyOf(kind, json)
    const href = key === undefined ? undefined : recordHref(ctx, kind, key)
    if (!isHtmx(c)) return c.redirect(href ?? kindHref(ctx, kind), 303)
    c.header("HX-Trigger", CHANGED_EVENT)
    const data = await loadList(ctx, kind.list, listQueryOf(kind.list, ctx.query))
    return c.html(await renderFragment(<ListSection ctx={ctx} kind={kind} data={data} notice={{ href }} />))
  },
  refused: async ({ c, ctx, fields }: FormPost, op, errors, status) => {
    const failed = { op: op.name, values: fields, errors }
    if (!isHtmx(c)) return listPage(c, ctx, kind, failed, status)
    retarget(c, `#${formIdOf(op)}-box`)
    const search = queryString(ctx, listQueryOf(kind.list, ctx.query).filters)
    return c.html(
      await renderFragment(
        <RecordForm
          ctx={ctx}
          op={op}
          target={`#${SECTION_ID}`}
          search={search}
          values={fields}
          errors={errors}
        />
      ),
      status
    )
  }
})

/** The faces of a record's child writes (a loan's 认股权 events, a pool's deposits): the record again. */
export const childFace = (kind: RecordKind, reverse: AnyOperation): FormFace => {
  const keyOf = (post: FormPost, op: AnyOperation) => {
    const name = /\{([A-Za-z]+)\}/.exec(op.http?.path ?? "")?.[1] ?? "id"
    return post.c.req.param(name) ?? ""
  }
  return {
    done: async (post, op) => {
      const { c, ctx } = post
      const key = keyOf(post, op)
      if (!isHtmx(c)) return c.redirect(recordHref(ctx, kind, key), 303)
      c.header("HX-Trigger", CHANGED_EVENT)
      const html = await recordFragment(ctx, kind, key, reverse, t("recorded", ctx.lang))
      return html === undefined ? notFound(c, ctx, kind) : c.html(html)
    },
    refused: async (post, op, errors, status) => {
      const { c, ctx, fields } = post
      const key = keyOf(post, op)
      const failed = { op: op.name, values: fields, errors }
      if (!isHtmx(c)) return recordPage(c, ctx, kind, key, reverse, { failed, status })
      retarget(c, `#${formIdOf(op)}-box`)
      return c.html(
        await renderFragment(
          <RecordForm
            ctx={ctx}
            op={op}
            target={`#${RECORD_SECTION_ID}`}
            params={{ [/\{([A-Za-z]+)\}/.exec(op.http?.path ?? "")?.[1] ?? "id"]: key }}
            search={ctx.lang === "en" ? "?lang=en" : ""}
            values={fields}
            errors={errors}
          />
        ),
        status
      )
    }
  }
}
