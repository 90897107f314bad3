/** @jsxImportSource hono/jsx */
import { can, ValidationError } from "@kejin/core"
import {
  type AnyOperation,
  columnLabels,
  Database,
  decodeInput,
  type HeaderMatch,
  type ImportColumn,
  importColumns,
  type Leaf,
  leavesOf,
  recordListsOf,
  rowInput
} from "@kejin/core/internal"
import { errorsOf, type Issue, localizedIssue } from "../forms/core-errors.js"
import { errorAttrs, Field, fieldId } from "../forms/field.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { type FormPost, formAction, type OperationForm, operationForm } from "../forms/operation-form.js"
import { percentLabel, percentText } from "../forms/percent.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import { type Lang, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { pathFieldsOf, pathParameterOf } from "./values.js"
import { choiceText, t } from "./vocabulary.js"

/*
 * A write's form, derived from its import columns: a form is a one-row import. Its fields are the columns
 * (less what the route's path names), typed as the columns are (dates, money accepting 万/亿/大写, choices
 * with their labels, references by name); what is typed is read by the import's own cell parsers
 * (`rowInput`), a reference by name is looked up as an import looks it up, and the write is the declared
 * operation at its own route. Whatever is wrong — a cell, a name, the input's Schema, the write's rules —
 * is shown at its field, all at once.
 */

/** Columns for `leaves` of `op`'s input where no import declares them: each labelled as the exports label it. */
const inputColumns = (op: AnyOperation, leaves: ReadonlyArray<Leaf>): ReadonlyArray<ImportColumn> =>
  leaves.map((leaf) => {
    const key = leaf.path.join(".")
    return {
      key,
      path: leaf.path,
      type: leaf.type,
      label: columnLabels(op.name, key) ?? { zh: key, en: key },
      names: new Set([key]),
      ...(leaf.literals === undefined ? {} : { literals: leaf.literals })
    }
  })

/**
 * The fields of `op`'s form: its import columns (its input's scalar fields for a write no import reads)
 * less the field the route's path fills.
 */
export const formColumns = (op: AnyOperation): ReadonlyArray<ImportColumn> => {
  const fromPath = pathParameterOf(op)?.field
  const columns = op.importKind === undefined ? inputColumns(op, leavesOf(op.input)) : importColumns(op)
  return columns.filter((c) => c.key !== fromPath)
}

/**
 * The fields of `op`'s input holding a list of records (a tier table's tiers), for a write no import reads:
 * typed in one box, a record a line, its fields in order separated by spaces (or `，`), each field read as
 * an import reads its cell; an error names the line and the field.
 */
export const lineListsOf = (
  op: AnyOperation
): ReadonlyArray<{
  readonly key: string
  readonly label: LocalizedText
  readonly columns: ReadonlyArray<ImportColumn>
}> =>
  op.importKind !== undefined
    ? []
    : recordListsOf(op.input).map((list) => ({
        key: list.key,
        label: columnLabels(op.name, list.key) ?? { zh: list.key, en: list.key },
        columns: inputColumns(op, list.leaves)
      }))

/** "第 2 行" / "line 2": where a line of a list's box is wrong. */
const lineText = (n: number, lang: Lang): string => (lang === "en" ? `line ${n}` : `第 ${n} 行`)

/** The hint of a list's box: its fields, in order. */
const lineHint = (columns: ReadonlyArray<ImportColumn>, lang: Lang): string =>
  lang === "en"
    ? `one a line: ${columns.map((c) => c.label.en).join(" · ")}, separated by spaces`
    : `每行一项：${columns.map((c) => c.label.zh).join(" ")}，以空格分隔`

/**
 * The fields of `op`'s input holding a fraction of one that people write in percent (an annual rate): the
 * form labels them with % and sends `3.85` typed there as `3.85%`, which the rate's Schema reads exactly.
 */
const percentKeys = (op: AnyOperation): ReadonlySet<string> =>
  new Set(
    leavesOf(op.input)
      .filter((leaf) => leaf.percent === true)
      .map((leaf) => leaf.path.join("."))
  )

export const formIdOf = (op: AnyOperation): string => `record-form-${op.name.replace(/\./g, "-")}`

/** One field's control, by the column's type. */
/** The names a reference column suggests (the registered banks, insurers…), read when the form is drawn. */
const Suggestions = async (props: {
  ctx: PanelContext
  id: string
  load: NonNullable<NonNullable<AnyOperation["importRefs"]>[number]["suggestions"]>
}) => {
  const names = await props.ctx.kejin.run(Database.use((d) => d.query((db) => props.load(db))))
  return (
    <datalist id={props.id}>
      {names.map((name) => (
        <option value={name} />
      ))}
    </datalist>
  )
}

const Control = (props: {
  ctx: PanelContext
  op: AnyOperation
  formId: string
  column: ImportColumn
  value: string
  error: string | undefined
  lang: Lang
}) => {
  const { column, value, lang, op } = props
  const id = fieldId(props.formId, column.key)
  const attrs = { id, name: column.key, ...errorAttrs(id, props.error) }
  if (column.literals !== undefined || column.type === "boolean") {
    const words = column.literals ?? ["true", "false"]
    const label = (w: string) =>
      column.type === "boolean" ? t(w === "true" ? "yes" : "no", lang) : choiceText(words, w, lang)
    return (
      <select {...attrs}>
        <option value="" selected={value === ""}>
          —
        </option>
        {words.map((w) => (
          <option value={w} selected={w === value}>
            {label(w)}
          </option>
        ))}
      </select>
    )
  }
  if (column.type === "list")
    return (
      <textarea {...attrs} rows={2}>
        {value}
      </textarea>
    )
  const ref = column.ref === undefined ? undefined : op.importRefs?.find((r) => r.field === column.ref)
  if (ref?.suggestions !== undefined && ref.by[0]?.key === column.key) {
    const suggest = ref.suggestions
    return (
      <>
        <input type="text" {...attrs} value={value} autocomplete="off" list={`${id}-list`} />
        <Suggestions ctx={props.ctx} id={`${id}-list`} load={suggest} />
      </>
    )
  }
  const money = column.type === "money"
  const percent = percentKeys(op).has(column.key)
  const numeric = money || percent || column.type === "number" || column.type === "decimal"
  const placeholder = money
    ? lang === "en"
      ? "e.g. 5000000 or 5,000,000"
      : "如 500万、1.2亿"
    : percent
      ? lang === "en"
        ? "e.g. 3.85"
        : "如 3.85"
      : undefined
  return (
    <input
      type={column.type === "date" ? "date" : "text"}
      {...attrs}
      value={value}
      autocomplete="off"
      inputmode={numeric ? "decimal" : undefined}
      placeholder={placeholder}
    />
  )
}

/** The form of write `op` (posting to its route; `params` fill the route's path). */
export const RecordForm = (props: {
  ctx: PanelContext
  op: AnyOperation
  target: string
  params?: Readonly<Record<string, string>>
  values?: FormValues | undefined
  errors?: FormErrors | undefined
  search: string
  /** Shown open (a form filled in for someone to check), not only when it came back with errors. */
  open?: boolean | undefined
}) => {
  const { ctx, op } = props
  const { lang } = ctx
  const formId = formIdOf(op)
  const values = props.values ?? {}
  const percent = percentKeys(op)
  return (
    <details
      class="fund-form-box"
      open={props.errors === undefined && props.open !== true ? undefined : true}
      id={`${formId}-box`}
    >
      <summary>{textOf(op.summary, lang)}</summary>
      <PostForm
        id={formId}
        class="fund-form"
        action={formAction(op, props.params ?? {}, props.search)}
        target={props.target}
        csrfToken={ctx.csrfToken}
      >
        <ErrorSummary errors={props.errors} lang={lang} />
        <div class="fund-form-grid">
          {formColumns(op).map((column) => {
            const error = props.errors?.fields[column.key]
            return (
              <Field
                id={fieldId(formId, column.key)}
                name={column.key}
                label={`${textOf(column.label, lang)}${percent.has(column.key) ? textOf(percentLabel, lang) : ""}`}
                error={error}
              >
                <Control
                  ctx={ctx}
                  op={op}
                  formId={formId}
                  column={column}
                  value={values[column.key] ?? ""}
                  error={error}
                  lang={lang}
                />
              </Field>
            )
          })}
          {lineListsOf(op).map((list) => {
            const id = fieldId(formId, list.key)
            const error = props.errors?.fields[list.key]
            return (
              <Field
                id={id}
                name={list.key}
                label={`${textOf(list.label, lang)}（${lineHint(list.columns, lang)}）`}
                error={error}
              >
                <textarea id={id} name={list.key} rows={4} {...errorAttrs(id, error)}>
                  {values[list.key] ?? ""}
                </textarea>
              </Field>
            )
          })}
        </div>
        <button type="submit">{textOf(op.summary, lang)}</button>
      </PostForm>
    </details>
  )
}

/** Whether `actor` may use the form of `op`. */
export const mayWrite = (ctx: PanelContext, op: AnyOperation): boolean => can(ctx.actor, op.permission)

// ------------------------------------------------------------------------------------------------ posting

/** The input a post gives, with what is wrong with its cells and names. */
const parsePost = async (
  op: AnyOperation,
  post: FormPost
): Promise<{ readonly input: Record<string, unknown>; readonly issues: ReadonlyArray<Issue> }> => {
  const columns = formColumns(op)
  const percent = percentKeys(op)
  const typed = (c: ImportColumn) => {
    const text = post.fields[c.key] ?? ""
    return percent.has(c.key) ? percentText(text) : text
  }
  const given = columns.filter((c) => typed(c).trim() !== "")
  const match: HeaderMatch = {
    matched: given.map((column, index) => ({ index, header: column.key, column, unit: "yuan" })),
    unknown: [],
    problems: [],
    absent: [],
    constants: []
  }
  const row = rowInput(
    match,
    given.map((c) => typed(c))
  )
  const issues: Array<Issue> = row.issues.map((i) => ({ path: i.field, message: i.reason[post.ctx.lang] }))
  const input: Record<string, unknown> = { ...row.input }
  // A record named as people know it (a bank by name): looked up as an import looks it up.
  for (const ref of op.importRefs ?? []) {
    const by = ref.by.filter((b) => row.refs[b.key] !== undefined)
    if (by.length === 0 || input[ref.field] !== undefined) continue
    const values: Record<string, string> = {}
    for (const [key, value] of Object.entries(row.input)) if (typeof value === "string") values[key] = value
    Object.assign(values, row.refs)
    const found = await post.ctx.kejin.run(Database.use((d) => d.query((db) => ref.find(db, values))))
    if ("id" in found) input[ref.field] = found.id
    else issues.push({ path: by[0]?.key ?? ref.field, message: found.problem[post.ctx.lang] })
  }
  // A list of records: a record a line, each field read as an import reads its cell.
  const lang = post.ctx.lang
  for (const list of lineListsOf(op)) {
    const lines = (post.fields[list.key] ?? "").split(/\r?\n/).filter((line) => line.trim() !== "")
    const records = lines.map((line, i) => {
      const cells = line.trim().split(/[\s，]+/)
      if (cells.length !== list.columns.length) {
        issues.push({
          path: list.key,
          message:
            lang === "en"
              ? `${lineText(i + 1, lang)}: ${list.columns.length} values expected (${list.columns.map((c) => c.label.en).join(" · ")}), ${cells.length} given`
              : `${lineText(i + 1, lang)}：应有 ${list.columns.length} 项（${list.columns.map((c) => c.label.zh).join(" ")}），写了 ${cells.length} 项`
        })
        return {}
      }
      const row = rowInput(
        {
          matched: list.columns.map((column, index) => ({ index, header: column.key, column, unit: "yuan" })),
          unknown: [],
          problems: [],
          absent: [],
          constants: []
        },
        cells
      )
      for (const issue of row.issues) {
        const label = list.columns.find((c) => c.key === issue.field)?.label ?? {
          zh: issue.field,
          en: issue.field
        }
        issues.push({
          path: list.key,
          message: `${lineText(i + 1, lang)} ${textOf(label, lang)}${lang === "en" ? ": " : "："}${issue.reason[lang]}`
        })
      }
      return row.input
    })
    if (lines.length > 0) input[list.key] = records
  }
  return { input, issues }
}

/** The Schema's issues of `input` (with the path's fields), for fields no cell issue names already. */
const schemaIssues = async (
  op: AnyOperation,
  post: FormPost,
  input: unknown,
  named: ReadonlySet<string>
): Promise<ReadonlyArray<Issue>> => {
  const param = pathParameterOf(op)
  const fromPath = param === undefined ? {} : pathFieldsOf(op, post.c.req.param(param.name) ?? "")
  try {
    await post.ctx.kejin.run(decodeInput(op.input, { ...(input as object), ...fromPath }))
    return []
  } catch (error) {
    return error instanceof ValidationError
      ? error.issues
          .filter((i) => !named.has(i.path) && !named.has(i.path.split(".")[0] ?? ""))
          .map((i) => localizedIssue(i, post.ctx.lang))
      : []
  }
}

/** Where an issue shows: at its field, or at the column that names its record (a bank's name for `bank`). */
export const formErrorsOf = (op: AnyOperation, issues: ReadonlyArray<Issue>, lang: Lang): FormErrors => {
  const columns = formColumns(op)
  const keys = new Set(columns.map((c) => c.key))
  const lists = lineListsOf(op)
  return errorsOf(issues, (issue) => {
    // A record of a list (`tiers.1.minScore`): at the list's box, naming the line and the field.
    const [head0, at, ...rest] = issue.path.split(".")
    const list = lists.find((l) => l.key === head0)
    if (list !== undefined) {
      const n = Number(at)
      const column = list.columns.find((c) => c.key === rest.join("."))
      const where = Number.isInteger(n)
        ? `${lineText(n + 1, lang)}${column === undefined ? "" : ` ${textOf(column.label, lang)}`}${lang === "en" ? ": " : "："}`
        : ""
      return { field: list.key, message: `${where}${issue.message}`, join: "；" }
    }
    const head = issue.path.split(".").slice(0, 2).join(".")
    const field = keys.has(issue.path)
      ? issue.path
      : keys.has(head)
        ? head
        : columns.find((c) => c.ref === issue.path && c.key !== issue.path)?.key
    return field === undefined ? undefined : { field, message: issue.message, join: "；" }
  })
}

/** How a form answers, given by the page that shows it. */
export interface FormFace {
  readonly done: (post: FormPost, op: AnyOperation, json: unknown) => Promise<Response>
  readonly refused: (
    post: FormPost,
    op: AnyOperation,
    errors: FormErrors,
    status: 409 | 422
  ) => Promise<Response>
}

/** The dashboard's form of write `op`: parsed as a one-row import, posted to its route. */
export const recordForm = (op: AnyOperation, face: FormFace): OperationForm<unknown> => {
  const parsed = new WeakMap<FormPost, Record<string, unknown>>()
  return operationForm<unknown>({
    operation: op,
    check: async (post) => {
      const { input, issues } = await parsePost(op, post)
      if (issues.length === 0) {
        parsed.set(post, input)
        return undefined
      }
      // Every issue at once: the cells' and names', and the Schema's for the other fields.
      const named = new Set(issues.map((i) => i.path))
      const all = [...issues, ...(await schemaIssues(op, post, input, named))]
      return face.refused(post, op, formErrorsOf(op, all, post.ctx.lang), 422)
    },
    input: (post) => parsed.get(post) ?? {},
    done: (post, output) => face.done(post, op, op.toJson(output)),
    refused: (post, { issues, status }) =>
      face.refused(post, op, formErrorsOf(op, issues, post.ctx.lang), status)
  })
}
