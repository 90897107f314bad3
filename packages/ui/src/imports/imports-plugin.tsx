/** @jsxImportSource hono/jsx */
import { Writable } from "node:stream"
import {
  type CellValue,
  type ImportKind,
  type ImportSummary,
  type ReportWriter,
  type RowOutcome,
  type RowStatus,
  reportWriter,
  templateFile
} from "@kejin/core"
import type { ImportColumn } from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { isHtmx, renderFragment } from "../forms/post.js"
import { type Lang, type LocalizedText, textOf, withLang } from "../i18n.js"
import { definePlugin, type PanelContext, type PluginRoute } from "../plugin.js"
import { importHref, importsNavigation, listOf, mayImport } from "./links.js"
import {
  type FormError,
  type HeaderView,
  isStop,
  type RunView,
  readUploadForm,
  runUpload,
  type Stop,
  saveUploadMapping,
  UNITS,
  type UploadForm
} from "./upload.js"
import {
  countLabels,
  importedText,
  kindTitle,
  mappingNotSavedText,
  mappingSavedText,
  modeLabels,
  savedText,
  t,
  typeLabels,
  unitLabels,
  words,
  wordText
} from "./vocabulary.js"

/*
 * 导入: a page per importable kind (`/imports/{kind}`, derived from the core's declarations, nothing written
 * per kind): its columns, a template, and a form that posts the file to be checked (a dry run: the columns
 * as read, each one's field and a money column's unit editable, values for the fields the file lacks; the
 * first rows; the counts and the rows in error), its report downloaded, or imported. The file is posted
 * again at every step (the file input keeps it): nothing is kept on the server but, when asked, the
 * mapping saved for the file's source (工商银行…), which the source's next file is read with.
 */

const RESULT_ID = "import-result"
const FORM_ID = "import-form"

/** `?lang=en` on an English page, for the form's URLs. */
const langQuery = (ctx: PanelContext): string => (ctx.lang === "en" ? "?lang=en" : "")

const stepUrl = (ctx: PanelContext, kind: ImportKind, step: "check" | "report" | "commit"): string =>
  `${ctx.basePath}/imports/${kind.kind}/${step}${langQuery(ctx)}`

const kindOf = (ctx: PanelContext, name: string | undefined): ImportKind | undefined =>
  ctx.kejin.imports.kinds().find((k) => k.kind === name)

// ── pages without a form ─────────────────────────────────────────────────────────────────────────

const messagePage = async (
  c: Context,
  ctx: PanelContext,
  title: LocalizedText,
  message: LocalizedText,
  status: 403 | 404
) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={title}>
        <p class="panel-error" role="alert">
          {textOf(message, ctx.lang)}
        </p>
        <p>
          <a href={withLang(`${ctx.basePath}/imports`, ctx.lang)}>{t("toIndex", ctx.lang)}</a>
          {" · "}
          <a href={withLang(ctx.basePath || "/", ctx.lang)}>{t("backToDashboard", ctx.lang)}</a>
        </p>
      </Page>
    ),
    status
  )

/** `GET /imports`: every kind the actor may import. */
const indexPage = async (c: Context, ctx: PanelContext) => {
  const kinds = ctx.kejin.imports.kinds().filter((k) => mayImport(ctx.actor, k))
  if (kinds.length === 0) return messagePage(c, ctx, words.importsTitle, words.indexNone, 403)
  return c.html(
    await renderPage(
      <Page ctx={ctx} title={words.importsTitle}>
        <p>{t("indexIntro", ctx.lang)}</p>
        <ul class="import-kinds">
          {kinds.map((kind) => (
            <li data-kind={kind.kind}>
              <a href={importHref(ctx, kind.kind)}>{textOf(kind.label, ctx.lang)}</a>{" "}
              <span class="muted">
                {kind.columns
                  .slice(0, 6)
                  .map((col) => textOf(col.label, ctx.lang))
                  .join(ctx.lang === "en" ? ", " : "、")}
                {kind.columns.length > 6 ? "…" : ""}
              </span>
            </li>
          ))}
        </ul>
      </Page>
    )
  )
}

// ── the kind's page ──────────────────────────────────────────────────────────────────────────────

const ColumnsTable = (props: { kind: ImportKind; lang: Lang }) => (
  <section class="import-columns" aria-labelledby="import-columns-title">
    <h3 id="import-columns-title">{t("columns", props.lang)}</h3>
    <p class="panel-note">{t("columnsIntro", props.lang)}</p>
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table import-columns-table">
        <thead>
          <tr>
            <th scope="col">{t("columnLabel", props.lang)}</th>
            <th scope="col">{t("columnKey", props.lang)}</th>
            <th scope="col">{t("columnType", props.lang)}</th>
          </tr>
        </thead>
        <tbody>
          {props.kind.columns.map((col) => (
            <tr data-column={col.key}>
              <th scope="row">{textOf(col.label, props.lang)}</th>
              <td>
                <code>{col.key}</code>
              </td>
              <td>{textOf(typeLabels[col.type] ?? { zh: col.type, en: col.type }, props.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </section>
)

const TemplateLinks = (props: { ctx: PanelContext; kind: ImportKind }) => {
  const { ctx, kind } = props
  const href = (ext: "xlsx" | "csv") =>
    `${ctx.basePath}/imports/${kind.kind}/template.${ext}${langQuery(ctx)}`
  return (
    <p class="import-template">
      {t("template", ctx.lang)}:{" "}
      <a href={href("xlsx")} download data-template="xlsx">
        {t("templateXlsx", ctx.lang)}
      </a>
      {" · "}
      <a href={href("csv")} download data-template="csv">
        {t("templateCsv", ctx.lang)}
      </a>
    </p>
  )
}

/**
 * The upload form. Without JavaScript each button posts the whole form to its own step (`formaction`) and
 * gets a page back; with htmx 检查 and 确认导入 swap their answer into the result below, inside the form,
 * so that the columns' choices post with every later step. 下载报告 is an ordinary post: a download.
 */
const UploadFormView = (props: {
  ctx: PanelContext
  kind: ImportKind
  form?: UploadForm | undefined
  result?: Child
  /** The sources with a saved mapping for this kind, suggested for the source field. */
  sources: ReadonlyArray<string>
}) => {
  const { ctx, kind, form } = props
  const { lang } = ctx
  const mode = form?.mode ?? "all-or-nothing"
  return (
    <form
      id={FORM_ID}
      class="fund-form import-form"
      method="post"
      enctype="multipart/form-data"
      action={stepUrl(ctx, kind, "check")}
    >
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <div class="field" data-field="file">
        <label for="import-file">{t("file", lang)}</label>
        <input
          type="file"
          id="import-file"
          name="file"
          required
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
      </div>
      <div class="field" data-field="sheet">
        <label for="import-sheet">{t("sheet", lang)}</label>
        <input
          type="text"
          id="import-sheet"
          name="sheet"
          value={form?.sheet === undefined ? "" : String(form.sheet)}
          autocomplete="off"
        />
      </div>
      <div class="field" data-field="source">
        <label for="import-source">{t("source", lang)}</label>
        <input
          type="text"
          id="import-source"
          name="source"
          value={form?.source ?? ""}
          maxlength={100}
          autocomplete="off"
          list={props.sources.length === 0 ? undefined : "import-sources"}
          aria-describedby="import-source-hint"
        />
        {props.sources.length === 0 ? null : (
          <datalist id="import-sources">
            {props.sources.map((source) => (
              <option value={source} />
            ))}
          </datalist>
        )}
        <span class="panel-note" id="import-source-hint">
          {t("sourceHint", lang)}
        </span>
      </div>
      <fieldset class="import-mode" data-field="mode">
        <legend>{t("mode", lang)}</legend>
        {(["all-or-nothing", "skip-invalid"] as const).map((value) => (
          <label>
            <input type="radio" name="mode" value={value} checked={mode === value} />{" "}
            {textOf(modeLabels[value], lang)}
          </label>
        ))}
      </fieldset>
      <p>
        <button
          type="submit"
          id="import-check"
          formaction={stepUrl(ctx, kind, "check")}
          hx-post={stepUrl(ctx, kind, "check")}
          hx-target={`#${RESULT_ID}`}
          hx-swap="innerHTML"
        >
          {t("check", lang)}
        </button>
      </p>
      <div id={RESULT_ID} aria-live="polite">
        {props.result}
      </div>
    </form>
  )
}

const kindPage = async (
  c: Context,
  ctx: PanelContext,
  kind: ImportKind,
  step?: { form?: UploadForm | undefined; result: Child; status: number }
) => {
  const list = listOf(kind.kind, kind.operation)
  const sources = await ctx.kejin.imports.sources(kind.kind)
  const page = await renderPage(
    <Page ctx={ctx} title={kindTitle(kind.label)}>
      <p class="breadcrumbs">
        <a href={withLang(`${ctx.basePath}/imports`, ctx.lang)}>{t("toIndex", ctx.lang)}</a>
        {" · "}
        <a href={withLang(`${ctx.basePath}${list.href}`, ctx.lang)}>{textOf(list.label, ctx.lang)}</a>
      </p>
      <TemplateLinks ctx={ctx} kind={kind} />
      <UploadFormView ctx={ctx} kind={kind} form={step?.form} result={step?.result} sources={sources} />
      <ColumnsTable kind={kind} lang={ctx.lang} />
    </Page>
  )
  return c.html(page, (step?.status ?? 200) as 200)
}

// ── the check's answer ───────────────────────────────────────────────────────────────────────────

const cellText = (cell: CellValue | undefined): string =>
  cell === null || cell === undefined
    ? ""
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell)

/** The id of a form field's control (`map.3` → `import-map-3`, `const.pledgee.kind` → `import-const-pledgee-kind`). */
const controlId = (field: string): string => `import-${field.replace(/\./g, "-")}`

/** What a control says about its error (see forms/field.tsx). */
const invalid = (field: string, error: string | undefined) => ({
  "aria-invalid": error === undefined ? undefined : "true",
  "aria-describedby": error === undefined ? undefined : `${controlId(field)}-error`
})

const FieldError = (props: { field: string; error: string | undefined }) =>
  props.error === undefined ? null : (
    <span class="field-error" id={`${controlId(props.field)}-error`}>
      {props.error}
    </span>
  )

/** The mapping's mistakes above it, each naming its field and linking to it. */
const ErrorList = (props: { errors: ReadonlyArray<FormError>; lang: Lang }) =>
  props.errors.length === 0 ? null : (
    <div class="form-errors" role="alert" data-mapping-errors>
      <p>{t("mappingErrors", props.lang)}</p>
      <ul>
        {props.errors.map((e) => (
          <li data-error={e.field}>
            <a href={`#${controlId(e.field)}`}>{textOf(e.name, props.lang)}</a>
            {props.lang === "en" ? ": " : "："}
            {textOf(e.message, props.lang)}
          </li>
        ))}
      </ul>
    </div>
  )

/** A value for every row of a field the file lacks: a choice of its words, or text. */
const ConstantControl = (props: {
  column: ImportColumn
  value: string
  error: string | undefined
  lang: Lang
}) => {
  const { column, value, lang } = props
  const field = `const.${column.key}`
  const attrs = { id: controlId(field), name: field, ...invalid(field, props.error) }
  if (column.literals !== undefined || column.type === "boolean") {
    const choices = column.literals ?? ["true", "false"]
    const label = (w: string) =>
      column.type === "boolean" ? t(w === "true" ? "yes" : "no", lang) : wordText(choices, w, lang)
    return (
      <select {...attrs}>
        <option value="" selected={value === ""}>
          —
        </option>
        {choices.map((w) => (
          <option value={w} selected={w === value}>
            {label(w)}
          </option>
        ))}
      </select>
    )
  }
  return (
    <input
      type={column.type === "date" ? "date" : "text"}
      {...attrs}
      value={value}
      autocomplete="off"
      inputmode={
        column.type === "money" || column.type === "number" || column.type === "decimal"
          ? "decimal"
          : undefined
      }
    />
  )
}

/** What the page says of the mapping saved for the source: in use, different, or none yet. */
const SavedNotice = (props: { header: HeaderView; lang: Lang }) => {
  const { header, lang } = props
  if (header.source === "" || header.errors.some((e) => e.field === "source")) return null
  const state = header.saved === undefined ? "none" : header.savedUsed ? "used" : "differs"
  return (
    <p class={state === "used" ? "form-notice" : "panel-note"} data-saved-mapping={state}>
      {savedText(state, header.source, header.saved?.journalSeq, lang)}
    </p>
  )
}

/**
 * Each column of the file and the field it goes to (a `<select>` of the kind's fields, as chosen), a money
 * column's unit, a value for every row of the fields the file lacks, and the choice to save it all for the
 * source. Posted with every later step, so that the check, the report and the import read the file alike.
 */
const MappingTable = (props: { kind: ImportKind; header: HeaderView; lang: Lang }) => {
  const { kind, header, lang } = props
  const matched = new Map(header.match.matched.map((m) => [m.index, m]))
  const byKey = new Map(kind.columns.map((col) => [col.key, col]))
  const found = new Set(header.detected.matched.map((m) => m.index))
  const errorAt = new Map<string, string>()
  for (const e of header.errors) if (!errorAt.has(e.field)) errorAt.set(e.field, textOf(e.message, lang))
  const constantValues = new Map(header.match.constants.map((c) => [c.column.key, c.value]))
  const withValues = new Set(constantValues.keys())
  const lacking = kind.columns.filter(
    (col) => withValues.has(col.key) || header.match.absent.some((a) => a.key === col.key)
  )
  const anyMoney = kind.columns.some((col) => col.type === "money")
  return (
    <section class="import-mapping" aria-labelledby="import-mapping-title">
      <h3 id="import-mapping-title">{t("mapping", lang)}</h3>
      <p class="panel-note">{t("mappingIntro", lang)}</p>
      <SavedNotice header={header} lang={lang} />
      <ErrorList errors={header.errors} lang={lang} />
      <input type="hidden" name="mapping.source" value={header.source} />
      <div class="table-scroll" tabindex={0}>
        <table class="fund-table import-mapping-table">
          <thead>
            <tr>
              <th scope="col">{t("header", lang)}</th>
              <th scope="col">{t("field", lang)}</th>
              {anyMoney ? <th scope="col">{t("unit", lang)}</th> : null}
            </tr>
          </thead>
          <tbody>
            {header.headers.map((text, index) => {
              if (text === "") return null
              const field = header.fields.get(index) ?? ""
              const money = byKey.get(field)?.type === "money"
              const mapError = errorAt.get(`map.${index}`)
              const unitError = errorAt.get(`unit.${index}`)
              const read = matched.get(index)
              const unitValue =
                header.unitProblems.has(index) || read?.column.key !== field ? "" : (read?.unit ?? "")
              return (
                <tr data-header={text} data-unknown={found.has(index) ? undefined : "true"}>
                  <th scope="row">
                    <label for={`import-map-${index}`}>{text}</label>
                    {found.has(index) ? null : (
                      <>
                        {" "}
                        <span class="badge badge--bad">{t("unknownColumn", lang)}</span>
                      </>
                    )}
                    <input type="hidden" name={`header.${index}`} value={text} />
                  </th>
                  <td>
                    <select
                      id={`import-map-${index}`}
                      name={`map.${index}`}
                      {...invalid(`map.${index}`, mapError)}
                    >
                      <option value="" selected={field === ""}>
                        {t("ignore", lang)}
                      </option>
                      {kind.columns.map((col) => (
                        <option value={col.key} selected={field === col.key}>
                          {textOf(col.label, lang)} ({col.key})
                        </option>
                      ))}
                    </select>
                    <FieldError field={`map.${index}`} error={mapError} />
                  </td>
                  {anyMoney ? (
                    <td>
                      {money ? (
                        <>
                          <select
                            id={`import-unit-${index}`}
                            name={`unit.${index}`}
                            aria-label={`${text} · ${t("unit", lang)}`}
                            {...invalid(`unit.${index}`, unitError)}
                          >
                            {unitValue === "" ? (
                              <option value="" selected>
                                {t("unitChoose", lang)}
                              </option>
                            ) : null}
                            {UNITS.map((unit) => (
                              <option value={unit} selected={unitValue === unit}>
                                {textOf(unitLabels[unit], lang)}
                              </option>
                            ))}
                          </select>
                          <FieldError field={`unit.${index}`} error={unitError} />
                        </>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {lacking.length === 0 ? null : (
        <details class="import-constants" open={withValues.size > 0}>
          <summary>{t("constants", lang)}</summary>
          <p class="panel-note">{t("constantsIntro", lang)}</p>
          <div class="table-scroll" tabindex={0}>
            <table class="fund-table import-constants-table">
              <thead>
                <tr>
                  <th scope="col">{t("columnLabel", lang)}</th>
                  <th scope="col">{t("constantValue", lang)}</th>
                </tr>
              </thead>
              <tbody>
                {lacking.map((col) => {
                  const error = errorAt.get(`const.${col.key}`)
                  return (
                    <tr data-constant={col.key}>
                      <th scope="row">
                        <label for={controlId(`const.${col.key}`)}>{textOf(col.label, lang)}</label>
                      </th>
                      <td>
                        <ConstantControl
                          column={col}
                          value={constantValues.get(col.key) ?? ""}
                          error={error}
                          lang={lang}
                        />
                        <FieldError field={`const.${col.key}`} error={error} />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <p class="import-save">
        <label>
          <input type="checkbox" name="saveMapping" checked={header.save} /> {t("saveMapping", lang)}
        </label>
      </p>
    </section>
  )
}

const STATUSES: ReadonlyArray<RowStatus> = ["ok", "error", "identical", "conflict"]

const Counts = (props: { summary: ImportSummary; lang: Lang }) => {
  const { summary, lang } = props
  const count: Record<RowStatus, number> = {
    ok: summary.ok,
    error: summary.errors,
    identical: summary.identical,
    conflict: summary.conflicts
  }
  return (
    <dl class="figures figures--compact import-counts">
      <div class="figure-box" data-figure="rows">
        <dt>{t("rows", lang)}</dt>
        <dd data-count="rows">{summary.rows}</dd>
      </div>
      {STATUSES.map((status) => (
        <div class="figure-box" data-figure={status}>
          <dt>{textOf(countLabels[status], lang)}</dt>
          <dd data-count={status}>{count[status]}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The rows in error or in conflict (the first 100): row, field or header, reason. */
const ProblemsTable = (props: { kind: ImportKind; problems: ReadonlyArray<RowOutcome>; lang: Lang }) => {
  const { kind, problems, lang } = props
  if (problems.length === 0) return null
  const where = (field: string, header: string | undefined) =>
    header ??
    (field === ""
      ? ""
      : textOf(kind.columns.find((c) => c.key === field)?.label ?? { zh: field, en: field }, lang))
  return (
    <section class="import-problems" aria-labelledby="import-problems-title">
      <h3 id="import-problems-title">
        {t("problems", lang)} <span class="muted">{t("problemsFirst", lang)}</span>
      </h3>
      <div class="table-scroll" tabindex={0}>
        <table class="fund-table import-problems-table">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t("rowNo", lang)}
              </th>
              <th scope="col">{t("status", lang)}</th>
              <th scope="col">{t("where", lang)}</th>
              <th scope="col">{t("reason", lang)}</th>
            </tr>
          </thead>
          <tbody>
            {problems.flatMap((outcome) =>
              (outcome.issues.length === 0 ? [undefined] : outcome.issues).map((issue) => (
                <tr data-row={String(outcome.rowNo)} data-status={outcome.status}>
                  <td class="num">{outcome.rowNo}</td>
                  <td>{textOf(countLabels[outcome.status], lang)}</td>
                  <td>{issue === undefined ? "" : where(issue.field, issue.header)}</td>
                  <td>{issue === undefined ? "" : issue.reason[lang]}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** The first rows as the file has them, each with its status. */
const Preview = (props: { header: HeaderView; preview: ReadonlyArray<RowOutcome>; lang: Lang }) => {
  const { header, preview, lang } = props
  if (preview.length === 0) return null
  return (
    <section class="import-preview" aria-labelledby="import-preview-title">
      <h3 id="import-preview-title">{t("preview", lang)}</h3>
      <div class="table-scroll" tabindex={0}>
        <table class="fund-table import-preview-table">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t("rowNo", lang)}
              </th>
              <th scope="col">{t("status", lang)}</th>
              {header.headers.map((text) => (
                <th scope="col">{text}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.map((outcome) => (
              <tr data-row={String(outcome.rowNo)} data-status={outcome.status}>
                <td class="num">{outcome.rowNo}</td>
                <td class="nowrap">
                  <span class={outcome.status === "ok" ? "badge badge--ok" : "badge"}>
                    {textOf(countLabels[outcome.status], lang)}
                  </span>
                </td>
                {header.headers.map((_, i) => (
                  <td>{cellText(outcome.cells[i])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** 下载报告 and 确认导入, posting the same form (the file and the choices) to their steps. */
const Actions = (props: { ctx: PanelContext; kind: ImportKind }) => {
  const { ctx, kind } = props
  return (
    <p class="import-actions">
      <button type="submit" id="import-report" formaction={stepUrl(ctx, kind, "report")}>
        {t("downloadReport", ctx.lang)}
      </button>{" "}
      <button
        type="submit"
        id="import-commit"
        formaction={stepUrl(ctx, kind, "commit")}
        hx-post={stepUrl(ctx, kind, "commit")}
        hx-target={`#${RESULT_ID}`}
        hx-swap="innerHTML"
      >
        {t("confirm", ctx.lang)}
      </button>
    </p>
  )
}

/** What a check shows: the columns, the counts, the rows in error, the first rows, the buttons. */
const CheckResult = (props: { ctx: PanelContext; kind: ImportKind; run: RunView; banner?: Child }) => {
  const { ctx, kind, run } = props
  const { lang } = ctx
  const { summary } = run
  const clean = summary.errors + summary.conflicts === 0
  return (
    <div class="import-check" data-import-check={summary.mode}>
      {props.banner}
      <MappingTable kind={kind} header={run.header} lang={lang} />
      <section class="import-summary" aria-labelledby="import-summary-title">
        <h3 id="import-summary-title">{t("dryRun", lang)}</h3>
        <Counts summary={summary} lang={lang} />
        {props.banner === undefined ? (
          <p class={clean ? "form-notice" : "form-errors"} role="status">
            {t(clean ? "readyAll" : "notReady", lang)}
          </p>
        ) : null}
      </section>
      <ProblemsTable kind={kind} problems={run.problems} lang={lang} />
      <Preview header={run.header} preview={run.preview} lang={lang} />
      <Actions ctx={ctx} kind={kind} />
    </div>
  )
}

/** A step that stopped before any row: why, and the columns when the header was read. */
const StopResult = (props: { ctx: PanelContext; kind: ImportKind; stop: Stop }) => {
  const { ctx, kind, stop } = props
  return (
    <div class="import-stop" data-import-stop={String(stop.status)}>
      <div class="form-errors" role="alert">
        <p>
          {textOf(stop.message, ctx.lang)} {t("nothingWritten", ctx.lang)}
        </p>
        {stop.issues === undefined || stop.issues.length === 0 ? null : (
          <ul>
            {stop.issues.map((issue) => (
              <li>{textOf(issue, ctx.lang)}</li>
            ))}
          </ul>
        )}
      </div>
      {stop.header === undefined ? null : <MappingTable kind={kind} header={stop.header} lang={ctx.lang} />}
    </div>
  )
}

/** What a commit did with the mapping, when asked to save it: saved (or the same already), or not. */
type MappingSave = { readonly source: string; readonly journalSeq: number | undefined } | "not-saved"

const MappingSaveNote = (props: { save: MappingSave | undefined; lang: Lang }) => {
  const { save, lang } = props
  if (save === undefined) return null
  if (save === "not-saved")
    return (
      <p class="form-errors" data-mapping-saved="no">
        {mappingNotSavedText(lang)}
      </p>
    )
  return (
    <p
      class="form-notice"
      data-mapping-saved={save.journalSeq === undefined ? "same" : String(save.journalSeq)}
    >
      {mappingSavedText(save.source, save.journalSeq, lang)}
    </p>
  )
}

/** What an import did: recorded (with its journal entry), nothing new, or refused with the reasons. */
const CommitResult = (props: {
  ctx: PanelContext
  kind: ImportKind
  run: RunView
  save: MappingSave | undefined
}) => {
  const { ctx, kind, run } = props
  const { lang } = ctx
  const { summary } = run
  const list = listOf(kind.kind, kind.operation)
  const toList = (
    <a href={withLang(`${ctx.basePath}${list.href}`, lang)} data-import-list>
      {textOf(list.label, lang)}
    </a>
  )
  if (summary.committed)
    return (
      <div class="import-done" data-import-done={String(summary.ok)}>
        <p class="form-notice" role="status">
          {importedText(summary.ok, lang)} {t("journalEntry", lang)} #{summary.journalSeq} · {toList}
        </p>
        <MappingSaveNote save={props.save} lang={lang} />
        <Counts summary={summary} lang={lang} />
        <ProblemsTable kind={kind} problems={run.problems} lang={lang} />
      </div>
    )
  const banner = (
    <>
      {summary.errors + summary.conflicts === 0 ? (
        <p class="form-notice" role="status" data-import-done="0">
          {t("identicalOnly", lang)} {toList}
        </p>
      ) : (
        <p class="form-errors" role="alert" data-import-refused>
          {t("notCommitted", lang)}
        </p>
      )}
      <MappingSaveNote save={props.save} lang={lang} />
    </>
  )
  return <CheckResult ctx={ctx} kind={kind} run={run} banner={banner} />
}

// ── the steps ────────────────────────────────────────────────────────────────────────────────────

/** The kind of a step's path, when the actor may import it; else the answer (404, 403). */
const kindOrAnswer = async (
  c: Context,
  ctx: PanelContext
): Promise<{ kind: ImportKind } | { answer: Response }> => {
  const kind = kindOf(ctx, c.req.param("kind"))
  if (kind === undefined)
    return { answer: await messagePage(c, ctx, words.importsTitle, words.unknownKind, 404) }
  if (!mayImport(ctx.actor, kind))
    return { answer: await messagePage(c, ctx, kindTitle(kind.label), words.forbidden, 403) }
  return { kind }
}

/** A step's answer: the fragment for htmx, else the page with the fragment in its place. */
const answer = async (
  c: Context,
  ctx: PanelContext,
  kind: ImportKind,
  form: UploadForm | undefined,
  view: Child,
  status: number
) =>
  isHtmx(c)
    ? c.html(await renderFragment(view), status as 200)
    : kindPage(c, ctx, kind, { form, result: view, status })

const step =
  (mode: "dry-run" | "commit") =>
  async (c: Context, ctx: PanelContext): Promise<Response> => {
    const found = await kindOrAnswer(c, ctx)
    if ("answer" in found) return found.answer
    const { kind } = found
    const form = await readUploadForm(c)
    if (isStop(form))
      return answer(c, ctx, kind, undefined, <StopResult ctx={ctx} kind={kind} stop={form} />, form.status)
    // An import records what its check showed: when the source changed since, the file is checked again
    // (the new source's saved mapping read) and nothing is recorded until that is confirmed.
    const sourceChanged =
      mode === "commit" && form.choices.size > 0 && (form.mappingSource ?? "") !== form.source
    const run = await runUpload(ctx, kind, form, mode === "dry-run" || sourceChanged ? "dry-run" : form.mode)
    if (isStop(run))
      return answer(c, ctx, kind, form, <StopResult ctx={ctx} kind={kind} stop={run} />, run.status)
    if (mode === "dry-run" || sourceChanged) {
      const banner = sourceChanged ? (
        <p class="form-errors" role="alert" data-source-changed>
          {t("sourceChanged", ctx.lang)}
        </p>
      ) : undefined
      return answer(c, ctx, kind, form, <CheckResult ctx={ctx} kind={kind} run={run} banner={banner} />, 200)
    }
    const { summary } = run
    if (summary.committed) c.header("HX-Trigger", CHANGED_EVENT)
    // The mapping is saved with an import that went through (all of it, the valid rows, or nothing new).
    const save: MappingSave | undefined = !form.saveMapping
      ? undefined
      : summary.committed || summary.errors + summary.conflicts === 0
        ? await saveUploadMapping(ctx, kind, run.header)
        : "not-saved"
    return answer(c, ctx, kind, form, <CommitResult ctx={ctx} kind={kind} run={run} save={save} />, 200)
  }

/** A file name for a download: ASCII for old clients, the real name (UTF-8) for the rest. */
const attachment = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** `POST /imports/{kind}/report`: the file back with each row's status and reasons (a dry run). */
const reportStep = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const found = await kindOrAnswer(c, ctx)
  if ("answer" in found) return found.answer
  const { kind } = found
  const form = await readUploadForm(c)
  if (isStop(form))
    return answer(c, ctx, kind, undefined, <StopResult ctx={ctx} kind={kind} stop={form} />, form.status)
  const chunks: Array<Buffer> = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    }
  })
  let writer: ReportWriter | undefined
  const run = await runUpload(ctx, kind, form, "dry-run", {
    onHeader: (row) => {
      writer = reportWriter(sink, "xlsx", row.cells, ctx.lang)
    },
    onRow: async (outcome) => {
      await writer?.write(outcome)
    }
  })
  if (isStop(run) || writer === undefined) {
    await writer?.close().catch(() => undefined)
    const stop: Stop = isStop(run) ? run : { status: 422, message: words.refused }
    return answer(c, ctx, kind, form, <StopResult ctx={ctx} kind={kind} stop={stop} />, stop.status)
  }
  await writer.close()
  const base = form.name.replace(/\.[^.]*$/, "")
  return c.body(Buffer.concat(chunks), 200, {
    "content-type": XLSX,
    "content-disposition": attachment(`${base}-${ctx.lang === "en" ? "report" : "导入报告"}.xlsx`)
  })
}

/** `GET /imports/{kind}/template.xlsx|csv`: the header row of the kind's column labels. */
const templateStep =
  (format: "xlsx" | "csv") =>
  async (c: Context, ctx: PanelContext): Promise<Response> => {
    const found = await kindOrAnswer(c, ctx)
    if ("answer" in found) return found.answer
    const { kind } = found
    const bytes = await templateFile(
      format,
      kind.columns.map((col) => textOf(col.label, ctx.lang)),
      textOf(kind.label, ctx.lang).slice(0, 31)
    )
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : XLSX,
      "content-disposition": attachment(`${kind.kind}-${ctx.lang === "en" ? "template" : "模板"}.${format}`)
    })
  }

/** `GET /imports/{kind}`: the kind's page. */
const kindStep = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const found = await kindOrAnswer(c, ctx)
  if ("answer" in found) return found.answer
  return kindPage(c, ctx, found.kind)
}

/** The answer of an upload too large for the server's body limit, in the page's words (htmx swaps it in). */
export const uploadTooLarge = (c: Context): Response =>
  c.html(
    `<div class="import-stop" data-import-stop="413"><div class="form-errors" role="alert"><p>${
      c.req.query("lang") === "en" ? words.tooLarge.en : words.tooLarge.zh
    }</p></div></div>`,
    413
  )

export const importRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/imports", handler: indexPage },
  { method: "GET", path: "/imports/:kind/template.xlsx", handler: templateStep("xlsx") },
  { method: "GET", path: "/imports/:kind/template.csv", handler: templateStep("csv") },
  { method: "GET", path: "/imports/:kind", handler: kindStep },
  { method: "POST", path: "/imports/:kind/check", handler: step("dry-run") },
  { method: "POST", path: "/imports/:kind/report", handler: reportStep },
  { method: "POST", path: "/imports/:kind/commit", handler: step("commit") }
]

/**
 * The built-in imports plugin, made with the API a third-party plugin uses: no panels, the import pages of
 * every kind the core declares, and the header link for whoever writes.
 */
export const importsPlugin = definePlugin({
  id: "imports",
  title: words.importsTitle,
  order: 90,
  panels: [],
  routes: importRoutes,
  navigation: [importsNavigation]
})
