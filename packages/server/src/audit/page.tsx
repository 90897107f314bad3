/** @jsxImportSource hono/jsx */
import { type AuditReport, can, type JournalEntry, type JournalQuery, type Kejin } from "@kejin/core"
import { type Column, todayInShanghai } from "@kejin/core/internal"
import {
  type KejinPlugin,
  type Lang,
  type LocalizedText,
  Page,
  type PanelContext,
  renderPage,
  textOf
} from "@kejin/ui"
import { Predicate } from "effect"
import { type Context, Hono } from "hono"
import { shanghaiDayEnd, shanghaiDayStart, shanghaiTime } from "../admin/time.js"
import { tableDownload } from "../api/exports.js"
import { firstPage } from "../api/stream.js"
import type { KejinEnv } from "../auth/env.js"
import { pageContext } from "../auth/routes.js"
import { problemFromError } from "../problem.js"
import { commandLabels, commandOperations, operationNamed } from "./commands.js"
import { EntryContent } from "./content.js"
import { findingLine } from "./verify.js"
import { auditSentences, auditWords } from "./vocabulary.js"

const pageSize = 50
/** Rows per read of the CSV export (a keyset page: each costs the same however far in). */
const exportPageSize = 500
const DATE = /^\d{4}-\d{2}-\d{2}$/
const COMMAND = /^[a-zA-Z.]{1,60}$/
const ACTOR = /^[\w.:@-]{1,80}$/
const filterKeys = ["actor", "command", "from", "to"] as const
type Filters = Record<(typeof filterKeys)[number], string | undefined>

/**
 * The journal query of `/audit`'s filters, allow-listed by shape (anything else is ignored and said so):
 * a command the select offers is matched exactly, other command text as a prefix (`pledges.`); dates are
 * days in Asia/Shanghai, as the page shows its times.
 */
const readFilters = (q: Record<string, string>, labels: ReadonlyMap<string, LocalizedText>) => {
  const pick = (key: string, shape: RegExp) => (q[key] && shape.test(q[key]!) ? q[key] : undefined)
  const filters: Filters = {
    actor: pick("actor", ACTOR),
    command: pick("command", COMMAND),
    from: pick("from", DATE),
    to: pick("to", DATE)
  }
  const ignored = filterKeys.filter((k) => q[k] && !filters[k])
  const query: JournalQuery = {
    actor: filters.actor,
    ...(filters.command === undefined
      ? {}
      : labels.has(filters.command)
        ? { commandIs: filters.command }
        : { command: filters.command }),
    atFrom: filters.from === undefined ? undefined : shanghaiDayStart(filters.from),
    atBefore: filters.to === undefined ? undefined : shanghaiDayEnd(filters.to)
  }
  return { filters, ignored, query }
}

const filterParams = (filters: Filters, extra: Record<string, string> = {}) =>
  new URLSearchParams(
    Object.entries({ ...filters, ...extra }).filter((entry): entry is [string, string] => Boolean(entry[1]))
  )

const labelOf = (labels: ReadonlyMap<string, LocalizedText>, command: string, lang: Lang) => {
  const label = labels.get(command)
  return label === undefined ? command : textOf(label, lang)
}

/**
 * The entries `query` matches, newest first, `size` at a time, each read going on from the last entry of
 * the one before (so entries journaled meanwhile neither repeat nor shift a page).
 */
export async function* journalPages(
  kejin: Kejin,
  query: JournalQuery,
  size: number
): AsyncGenerator<ReadonlyArray<JournalEntry>> {
  let beforeSeq: number | undefined
  for (;;) {
    const { items } = await kejin.journal.search({
      ...query,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
      limit: size
    })
    if (items.length === 0) return
    yield items
    if (items.length < size) return
    beforeSeq = items.at(-1)!.seq
  }
}

/** The export's columns: an entry's number, Beijing time, person, command (named and as code), payload, hash. */
const exportColumns: ReadonlyArray<Column> = (
  [
    ["seq", "number"],
    ["time", "text"],
    ["person", "text"],
    ["command", "text"],
    ["commandCode", "text"],
    ["payload", "text"],
    ["hash", "text"]
  ] as const
).map(([key, type]) => ({ key, path: [key], type, label: undefined }))

const exportHeaders: Readonly<Record<string, LocalizedText>> = {
  seq: auditWords.seq,
  time: auditWords.time,
  person: auditWords.person,
  command: auditWords.command,
  commandCode: auditWords.commandCode,
  payload: auditWords.payload,
  hash: auditWords.hash
}

/** An XLSX cell holds 32,767 characters: a longer payload is cut there, saying so (the CSV keeps it whole). */
const xlsxCellLimit = 32_767
const fitted = (text: string, format: "csv" | "xlsx", lang: Lang): string => {
  if (format === "csv" || text.length <= xlsxCellLimit) return text
  const note = textOf(auditWords.payloadCut, lang)
  return `${text.slice(0, xlsxCellLimit - note.length)}${note}`
}

/** The entries as the export's rows. */
async function* exportRows(
  batches: AsyncGenerator<ReadonlyArray<JournalEntry>>,
  labels: ReadonlyMap<string, LocalizedText>,
  lang: Lang,
  format: "csv" | "xlsx"
): AsyncGenerator<ReadonlyArray<unknown>> {
  for await (const entries of batches)
    yield entries.map((e) => ({
      seq: e.seq,
      time: shanghaiTime(e.at),
      person: e.actor,
      command: labelOf(labels, e.command, lang),
      commandCode: e.command,
      payload: fitted(JSON.stringify(e.payload), format, lang),
      hash: e.hash
    }))
}

/** `/audit`: the journal for administrators, newest first, filtered by person, command and date. */
export const auditRoutes = (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin> = []) => {
  const app = new Hono<KejinEnv>()
  const w = auditWords

  const refuse = async (c: Context<KejinEnv>, ctx: PanelContext, title: LocalizedText) =>
    c.html(
      await renderPage(
        <Page ctx={ctx} title={title}>
          <p class="form-error" role="alert">
            {textOf(w.onlyAdmins, ctx.lang)}
          </p>
        </Page>
      ),
      403
    )

  app.get("/audit", async (c) => {
    const actor = c.get("actor")
    if (actor === undefined) return c.redirect(`/login?next=${encodeURIComponent("/audit")}`, 303)
    const ctx = pageContext(c, kejin, plugins)
    const { lang } = ctx
    const en = lang === "en"
    const t = (text: LocalizedText) => textOf(text, lang)
    if (!can(actor, "audit.read")) return refuse(c, ctx, w.title)
    const labels = commandLabels(kejin)
    const operations = commandOperations()
    const { filters, ignored, query } = readFilters(c.req.query(), labels)
    const page = Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1)
    const { items, total } = await kejin.journal.search({
      ...query,
      limit: pageSize,
      offset: (page - 1) * pageSize
    })
    const verdict = await kejin.journal.verify()
    const last = await kejin.journal.lastAudit()
    const langParam = en ? { lang: "en" } : {}
    const link = (p: number) =>
      `/audit?${filterParams(filters, { ...langParam, page: String(p) }).toString()}`
    const people = await kejin.accounts.listUsers()
    const tokens = await kejin.accounts.listTokens()
    const actors: ReadonlyArray<[string, string]> = [
      ...people.map((u): [string, string] => [u.login, `${u.displayName} (${u.login})`]),
      ...tokens.map((tk): [string, string] => [`token:${tk.name}`, `${t(w.token)} ${tk.name}`]),
      ["system", t(w.system)],
      ["setup", t(w.setup)]
    ]
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={w.title}>
          <p
            class={Predicate.isTagged(verdict, "Intact") ? "badge badge--ok" : "badge badge--bad"}
            data-journal={verdict._tag}
          >
            {t(
              Predicate.isTagged(verdict, "Intact")
                ? auditSentences.chainIntact(verdict.entries)
                : auditSentences.chainBroken(verdict.seq, verdict.reason)
            )}
          </p>
          <LastVerification report={last} lang={lang} />
          <form method="get" action="/audit" class="filters">
            {en ? <input type="hidden" name="lang" value="en" /> : null}
            <label>
              {t(w.person)}{" "}
              <select name="actor">
                <option value="">{t(w.anyone)}</option>
                {actors.map(([id, name]) => (
                  <option value={id} selected={filters.actor === id}>
                    {name}
                  </option>
                ))}
                {filters.actor !== undefined && !actors.some(([id]) => id === filters.actor) ? (
                  <option value={filters.actor} selected>
                    {filters.actor}
                  </option>
                ) : null}
              </select>
            </label>
            <label>
              {t(w.command)}{" "}
              <select name="command">
                <option value="">{t(w.anyCommand)}</option>
                {[...labels].map(([command, label]) => (
                  <option value={command} selected={filters.command === command}>
                    {textOf(label, lang)}
                  </option>
                ))}
                {filters.command !== undefined && !labels.has(filters.command) ? (
                  <option value={filters.command} selected>
                    {filters.command}
                  </option>
                ) : null}
              </select>
            </label>
            <label>
              {t(w.from)} <input name="from" type="date" value={filters.from ?? ""} />
            </label>
            <label>
              {t(w.to)} <input name="to" type="date" value={filters.to ?? ""} />
            </label>
            <button type="submit">{t(w.filter)}</button>{" "}
            <a href={en ? "/audit?lang=en" : "/audit"}>{t(w.clear)}</a>
          </form>
          <p>
            <a href={`/audit/export.csv?${filterParams(filters, langParam).toString()}`} download>
              {t(w.export)}
            </a>
            {" · "}
            <a href={`/audit/export.xlsx?${filterParams(filters, langParam).toString()}`} download>
              {t(w.exportXlsx)}
            </a>
          </p>
          {ignored.length === 0 ? null : (
            <p class="form-error">
              {t(w.ignored)}
              {ignored.map((k) => t(w[k === "actor" ? "person" : k])).join(en ? ", " : "、")}
            </p>
          )}
          <div class="table-scroll" tabindex={0}>
            <table class="audit" tabindex={0}>
              <thead>
                <tr>
                  <th scope="col">{t(w.seq)}</th>
                  <th scope="col">{t(w.time)}</th>
                  <th scope="col">{t(w.person)}</th>
                  <th scope="col">{t(w.command)}</th>
                  <th scope="col">{t(w.payload)}</th>
                  <th scope="col">{t(w.hash)}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry: JournalEntry) => (
                  <tr data-seq={entry.seq}>
                    <td>{entry.seq}</td>
                    <td>
                      <time datetime={entry.at}>{shanghaiTime(entry.at)}</time>
                    </td>
                    <td>{entry.actor}</td>
                    <td data-command={entry.command} title={entry.command}>
                      {labelOf(labels, entry.command, lang)}
                    </td>
                    <td>
                      <EntryContent
                        payload={entry.payload}
                        operation={operations.get(entry.command)}
                        lang={lang}
                      />
                      {isImport(entry) ? (
                        <>
                          {" "}
                          <a href={`/audit/imports/${entry.seq}${en ? "?lang=en" : ""}`}>
                            {t(w.rowsImported)}
                          </a>
                        </>
                      ) : null}
                    </td>
                    <td title={entry.hash}>{entry.hash.slice(0, 12)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="pager">
            {page > 1 ? <a href={link(page - 1)}>{t(w.newer)}</a> : null}{" "}
            {t(auditSentences.entriesPage(total, page))}{" "}
            {page * pageSize < total ? <a href={link(page + 1)}>{t(w.older)}</a> : null}
          </p>
        </Page>
      )
    )
  })

  // The filtered entries as CSV (UTF-8 with a byte-order mark, for spreadsheets) or XLSX, newest first, read
  // 500 at a time from the last entry sent (so entries journaled meanwhile neither repeat nor shift a page),
  // written by the lists' own export writer.
  for (const format of ["csv", "xlsx"] as const)
    app.get(`/audit/export.${format}`, async (c) => {
      const actor = c.get("actor")
      if (actor === undefined) return c.redirect(`/login?next=${encodeURIComponent("/audit")}`, 303)
      const ctx = pageContext(c, kejin, plugins)
      if (!can(actor, "audit.read")) return refuse(c, ctx, w.title)
      const { lang } = ctx
      const labels = commandLabels(kejin)
      const { query } = readFilters(c.req.query(), labels)
      const pages = exportRows(journalPages(kejin, query, exportPageSize), labels, lang, format)
      const first = await firstPage(c, pages, problemFromError)
      if (first instanceof Response) return first
      const date = await kejin.run(todayInShanghai)
      const download = tableDownload({
        format,
        first,
        pages,
        columns: exportColumns,
        headers: exportColumns.map((column) => textOf(exportHeaders[column.key]!, lang)),
        lang,
        sheetName: textOf(w.title, lang),
        fileName: `kejin-audit-${date}.${format}`
      })
      return c.body(download.body, 200, download.headers)
    })
  // An import's rows, as its journal entry recorded them (the inputs, in the file's order).
  app.get("/audit/imports/:seq{[0-9]{1,15}}", async (c) => {
    const actor = c.get("actor")
    const seq = Number(c.req.param("seq"))
    if (actor === undefined)
      return c.redirect(`/login?next=${encodeURIComponent(`/audit/imports/${seq}`)}`, 303)
    const ctx = pageContext(c, kejin, plugins)
    const en = ctx.lang === "en"
    const t = (text: LocalizedText) => textOf(text, ctx.lang)
    const title = auditSentences.rowsImported(seq)
    if (!can(actor, "audit.read")) return refuse(c, ctx, title)
    const page = Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1)
    const { items, total } = await kejin.imports.rows(seq, { limit: pageSize, offset: (page - 1) * pageSize })
    const link = (p: number) => `/audit/imports/${seq}?page=${p}${en ? "&lang=en" : ""}`
    const kinds = new Map(kejin.imports.kinds().map((k) => [k.kind, k.label]))
    // A row's input is its kind's write's input: labelled as that write labels it.
    const writes = new Map(kejin.imports.kinds().map((k) => [k.kind, operationNamed(k.operation)]))
    const kindLabel = (kind: string) => {
      const label = kinds.get(kind)
      return label === undefined ? kind : t(label)
    }
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={title}>
          <p>
            <a href={en ? "/audit?lang=en" : "/audit"}>{t(w.backToJournal)}</a>
          </p>
          <div class="table-scroll" tabindex={0}>
            <table class="audit" tabindex={0}>
              <thead>
                <tr>
                  <th>{t(w.row)}</th>
                  <th>{t(w.kind)}</th>
                  <th>{t(w.inputRecorded)}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((row) => (
                  <tr data-row={row.rowNo}>
                    <td>{row.rowNo}</td>
                    <td data-kind={row.kind}>{kindLabel(row.kind)}</td>
                    <td>
                      <EntryContent payload={row.input} operation={writes.get(row.kind)} lang={ctx.lang} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="pager">
            {page > 1 ? <a href={link(page - 1)}>{t(w.previous)}</a> : null}{" "}
            {t(auditSentences.rowsPage(total, page))}{" "}
            {page * pageSize < total ? <a href={link(page + 1)}>{t(w.next)}</a> : null}
          </p>
        </Page>
      )
    )
  })
  return app
}

/** An import's journal entry (its rows are in import_rows), not the saving of a mapping. */
const isImport = (entry: JournalEntry) =>
  entry.command.startsWith("imports.") && entry.command !== "imports.saveMapping"

/** The latest verification of the records against the journal (kejin serve: quick on start, full daily). */
const LastVerification = ({ report, lang }: { report: AuditReport | undefined; lang: Lang }) => {
  if (report === undefined)
    return (
      <p class="badge" data-records="none">
        {textOf(auditWords.notVerified, lang)}
      </p>
    )
  const at = shanghaiTime(report.finishedAt)
  const mode = textOf(report.mode === "full" ? auditWords.full : auditWords.quick, lang)
  return (
    <section class="audit-records" data-records={report.ok ? "ok" : "differ"}>
      <p class={report.ok ? "badge badge--ok" : "badge badge--bad"}>
        {textOf(
          report.ok
            ? auditSentences.recordsOk(at, mode, report.records)
            : auditSentences.recordsDiffer(at, mode, report.findingCount),
          lang
        )}
      </p>
      {report.findings.length === 0 ? null : (
        <ul class="audit-findings">
          {report.findings.slice(0, 20).map((f) => (
            <li>
              <code>{findingLine(f)}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
