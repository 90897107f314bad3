/** @jsxImportSource hono/jsx */
import { type AuditReport, can, type JournalEntry, type Kejin } from "@kejin/core"
import { type KejinPlugin, Page, renderPage } from "@kejin/ui"
import { Predicate } from "effect"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { pageContext } from "../auth/routes.js"
import { findingLine } from "./verify.js"

const pageSize = 50
const DATE = /^\d{4}-\d{2}-\d{2}$/
const COMMAND = /^[a-zA-Z.]{1,60}$/
const ACTOR = /^[\w.:@-]{1,80}$/

/** `/audit`: the journal for administrators, newest first, filtered by actor, command and date. */
export const auditRoutes = (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin> = []) => {
  const app = new Hono<KejinEnv>()
  app.get("/audit", async (c) => {
    const actor = c.get("actor")
    if (actor === undefined) return c.redirect(`/login?next=${encodeURIComponent("/audit")}`, 303)
    const ctx = pageContext(c, kejin, plugins)
    const en = ctx.lang === "en"
    if (!can(actor, "audit.read")) {
      return c.html(
        await renderPage(
          <Page ctx={ctx} title={{ zh: "审计日志", en: "Audit journal" }}>
            <p class="form-error" role="alert">
              {en ? "Only administrators may read the audit journal." : "仅管理员可查看审计日志。"}
            </p>
          </Page>
        ),
        403
      )
    }
    // Filters are allow-listed by shape: anything else is ignored and said so.
    const q = c.req.query()
    const pick = (key: string, shape: RegExp) => (q[key] && shape.test(q[key]!) ? q[key] : undefined)
    const filters = {
      actor: pick("actor", ACTOR),
      command: pick("command", COMMAND),
      from: pick("from", DATE),
      to: pick("to", DATE)
    }
    const ignored = ["actor", "command", "from", "to"].filter(
      (k) => q[k] && !filters[k as keyof typeof filters]
    )
    const page = Math.max(1, Number.parseInt(q.page ?? "1", 10) || 1)
    const { items, total } = await kejin.journal.search({
      ...filters,
      limit: pageSize,
      offset: (page - 1) * pageSize
    })
    const verdict = await kejin.journal.verify()
    const last = await kejin.journal.lastAudit()
    const link = (p: number) => {
      const params = new URLSearchParams(
        Object.entries({ ...filters, page: String(p) }).filter(([, v]) => v) as [string, string][]
      )
      return `/audit?${params.toString()}`
    }
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={{ zh: "审计日志", en: "Audit journal" }}>
          <p
            class={Predicate.isTagged(verdict, "Intact") ? "badge badge--ok" : "badge badge--bad"}
            data-journal={verdict._tag}
          >
            {Predicate.isTagged(verdict, "Intact")
              ? en
                ? `Hash chain intact: ${verdict.entries} entries`
                : `哈希链完整：共 ${verdict.entries} 条`
              : en
                ? `Hash chain broken at entry ${verdict.seq}: ${verdict.reason}`
                : `哈希链在第 ${verdict.seq} 条断开：${verdict.reason}`}
          </p>
          <LastVerification report={last} en={en} />
          <form method="get" action="/audit" class="filters">
            <label>
              {en ? "Actor" : "操作人"} <input name="actor" value={filters.actor ?? ""} />
            </label>
            <label>
              {en ? "Command" : "命令"}{" "}
              <input name="command" value={filters.command ?? ""} placeholder="pledges." />
            </label>
            <label>
              {en ? "From" : "自"} <input name="from" type="date" value={filters.from ?? ""} />
            </label>
            <label>
              {en ? "To" : "至"} <input name="to" type="date" value={filters.to ?? ""} />
            </label>
            <button type="submit">{en ? "Filter" : "筛选"}</button>
          </form>
          {ignored.length === 0 ? null : (
            <p class="form-error">
              {en ? "Ignored malformed filters: " : "已忽略格式错误的筛选条件："}
              {ignored.join(", ")}
            </p>
          )}
          <table class="audit">
            <thead>
              <tr>
                <th>#</th>
                <th>{en ? "Time (UTC)" : "时间 (UTC)"}</th>
                <th>{en ? "Actor" : "操作人"}</th>
                <th>{en ? "Command" : "命令"}</th>
                <th>{en ? "Payload" : "内容"}</th>
                <th>{en ? "Hash" : "哈希"}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry: JournalEntry) => (
                <tr data-seq={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{entry.at.replace("T", " ").slice(0, 19)}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.command}</td>
                  <td>
                    <code>{JSON.stringify(entry.payload).slice(0, 200)}</code>
                    {isImport(entry) ? (
                      <>
                        {" "}
                        <a href={`/audit/imports/${entry.seq}${en ? "?lang=en" : ""}`}>
                          {en ? "rows imported" : "导入的行"}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td title={entry.hash}>{entry.hash.slice(0, 12)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="pager">
            {page > 1 ? <a href={link(page - 1)}>{en ? "← Newer" : "← 较新"}</a> : null}{" "}
            {en ? `${total} entries, page ${page}` : `共 ${total} 条，第 ${page} 页`}{" "}
            {page * pageSize < total ? <a href={link(page + 1)}>{en ? "Older →" : "较早 →"}</a> : null}
          </p>
        </Page>
      )
    )
  })
  // An import's rows, as its journal entry recorded them (the inputs, in the file's order).
  app.get("/audit/imports/:seq{[0-9]{1,15}}", async (c) => {
    const actor = c.get("actor")
    const seq = Number(c.req.param("seq"))
    if (actor === undefined)
      return c.redirect(`/login?next=${encodeURIComponent(`/audit/imports/${seq}`)}`, 303)
    const ctx = pageContext(c, kejin, plugins)
    const en = ctx.lang === "en"
    const title = { zh: `导入的行（日志 #${seq}）`, en: `Rows imported (journal #${seq})` }
    if (!can(actor, "audit.read"))
      return c.html(
        await renderPage(
          <Page ctx={ctx} title={title}>
            <p class="form-error" role="alert">
              {en ? "Only administrators may read the audit journal." : "仅管理员可查看审计日志。"}
            </p>
          </Page>
        ),
        403
      )
    const page = Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1)
    const { items, total } = await kejin.imports.rows(seq, { limit: pageSize, offset: (page - 1) * pageSize })
    const link = (p: number) => `/audit/imports/${seq}?page=${p}${en ? "&lang=en" : ""}`
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={title}>
          <p>
            <a href={en ? "/audit?lang=en" : "/audit"}>{en ? "← Audit journal" : "← 审计日志"}</a>
          </p>
          <table class="audit">
            <thead>
              <tr>
                <th>{en ? "Row" : "行号"}</th>
                <th>{en ? "Kind" : "类型"}</th>
                <th>{en ? "Input recorded" : "记录的内容"}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((row) => (
                <tr data-row={row.rowNo}>
                  <td>{row.rowNo}</td>
                  <td>{row.kind}</td>
                  <td>
                    <code>{JSON.stringify(row.input)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="pager">
            {page > 1 ? <a href={link(page - 1)}>{en ? "← Previous" : "← 上一页"}</a> : null}{" "}
            {en ? `${total} rows, page ${page}` : `共 ${total} 行，第 ${page} 页`}{" "}
            {page * pageSize < total ? <a href={link(page + 1)}>{en ? "Next →" : "下一页 →"}</a> : null}
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
const LastVerification = ({ report, en }: { report: AuditReport | undefined; en: boolean }) => {
  if (report === undefined)
    return (
      <p class="badge" data-records="none">
        {en ? "Records not verified yet (kejin audit verify)" : "记录尚未核验（kejin audit verify）"}
      </p>
    )
  const at = report.finishedAt.replace("T", " ").slice(0, 19)
  const mode = en ? (report.mode === "full" ? "full" : "quick") : report.mode === "full" ? "完整" : "快速"
  return (
    <section class="audit-records" data-records={report.ok ? "ok" : "differ"}>
      <p class={report.ok ? "badge badge--ok" : "badge badge--bad"}>
        {report.ok
          ? en
            ? `Records verified against the journal at ${at} UTC (${mode}): ${report.records} records, none differ`
            : `记录已于 ${at} UTC 与日志核验一致（${mode}）：共 ${report.records} 条，无差异`
          : en
            ? `Records verified at ${at} UTC (${mode}): ${report.findingCount} differ from the journal`
            : `记录于 ${at} UTC 核验（${mode}）：${report.findingCount} 处与日志不符`}
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
