/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import { Label, type Lang, type LocalizedText, textOf } from "../i18n.js"

/*
 * The lifecycle forms of a registration's page (for `pledges.write`): 变更登记, 解除质押, 撤销登记, 放款
 * and 还款. As data: fields named after the core's input (`debtTerm.end`, `maturesOn`, …) so that the
 * core's field errors land next to the right input, how a form body becomes the core's input, and how the
 * core's errors become errors a person can fix.
 */

export type ActionId = "change" | "release" | "cancel" | "draw" | "repay"

interface ActionField {
  readonly name: string
  readonly label: LocalizedText
  readonly control: "text" | "date" | "money"
  readonly optional?: boolean
  readonly placeholder?: string
}

export interface ActionSpec {
  readonly id: ActionId
  readonly title: LocalizedText
  readonly submit: LocalizedText
  readonly fields: ReadonlyArray<ActionField>
  /** What the notice says after it was recorded. */
  readonly done: LocalizedText
}

const on: ActionField = { name: "on", label: { zh: "日期", en: "Date" }, control: "date" }
const note: ActionField = {
  name: "note",
  label: { zh: "备注（可选）", en: "Note (optional)" },
  control: "text",
  optional: true
}

export const actionSpecs: Record<ActionId, ActionSpec> = {
  change: {
    id: "change",
    title: { zh: "变更登记", en: "Record a change" },
    submit: { zh: "登记变更", en: "Record change" },
    done: { zh: "已登记变更。", en: "Change recorded." },
    fields: [
      on,
      {
        name: "amount",
        label: { zh: "新担保金额（元，可选）", en: "New secured amount (yuan, optional)" },
        control: "money",
        optional: true,
        placeholder: "3000万"
      },
      {
        name: "debtTerm.start",
        label: { zh: "新债务履行期限起（可选）", en: "New debt term from (optional)" },
        control: "date",
        optional: true
      },
      {
        name: "debtTerm.end",
        label: { zh: "新债务履行期限止（可选）", en: "New debt term to (optional)" },
        control: "date",
        optional: true
      },
      note
    ]
  },
  release: {
    id: "release",
    title: { zh: "解除质押", en: "Release the pledge" },
    submit: { zh: "解除质押", en: "Release" },
    done: { zh: "已解除质押。", en: "Pledge released." },
    fields: [on, note]
  },
  cancel: {
    id: "cancel",
    title: { zh: "撤销登记", en: "Cancel the registration" },
    submit: { zh: "撤销登记", en: "Cancel registration" },
    done: { zh: "已撤销登记。", en: "Registration cancelled." },
    fields: [on, note]
  },
  draw: {
    id: "draw",
    title: { zh: "登记放款", en: "Record a loan drawn" },
    submit: { zh: "登记放款", en: "Record loan" },
    done: { zh: "已登记放款。", en: "Loan recorded." },
    fields: [
      {
        name: "bank",
        label: { zh: "贷款银行（默认质权人）", en: "Lending bank (default: the pledgee)" },
        control: "text",
        optional: true
      },
      {
        name: "amount",
        label: { zh: "贷款金额（元）", en: "Amount (yuan)" },
        control: "money",
        placeholder: "1000万"
      },
      {
        name: "rate",
        label: { zh: "年利率（小数，0.0385 即 3.85%）", en: "Annual rate (0.0385 = 3.85 %)" },
        control: "text",
        placeholder: "0.0385"
      },
      { name: "disbursedOn", label: { zh: "放款日", en: "Disbursed on" }, control: "date" },
      { name: "maturesOn", label: { zh: "到期日", en: "Matures on" }, control: "date" }
    ]
  },
  repay: {
    id: "repay",
    title: { zh: "登记还款", en: "Record a repayment" },
    submit: { zh: "登记还款", en: "Record repayment" },
    done: { zh: "已登记还款。", en: "Repayment recorded." },
    fields: [
      on,
      { name: "amount", label: { zh: "还款本金（元）", en: "Principal repaid (yuan)" }, control: "money" },
      note
    ]
  }
}

export const ACTION_IDS = Object.keys(actionSpecs) as ReadonlyArray<ActionId>

/** What a form holds, as typed, by field name. */
export type ActionValues = Readonly<Record<string, string>>

export interface ActionErrors {
  readonly fields: Readonly<Record<string, string>>
  readonly general: ReadonlyArray<string>
}

/** A form that came back with errors: which one (a repayment names its loan), what was typed, what is wrong. */
export interface FailedAction {
  readonly action: ActionId
  readonly loanId?: number | undefined
  readonly values: ActionValues
  readonly errors: ActionErrors
}

export const actionValuesOf = (spec: ActionSpec, body: Readonly<Record<string, unknown>>): ActionValues => {
  const values: Record<string, string> = {}
  for (const field of spec.fields) {
    const value = body[field.name]
    if (typeof value === "string") values[field.name] = value
  }
  return values
}

/**
 * The core's input: `pledgeId` (or `loanId` for a repayment) from the page, each field trimmed, a blank
 * optional one left out (the core's default), a required one sent even when blank so the core names it.
 * A debt term goes in when either end is given.
 */
export const actionInputOf = (
  spec: ActionSpec,
  values: ActionValues,
  ids: { readonly pledgeId: number; readonly loanId?: number | undefined }
): Record<string, unknown> => {
  const input: Record<string, unknown> =
    spec.id === "repay" ? { loanId: ids.loanId } : { pledgeId: ids.pledgeId }
  const start = (values["debtTerm.start"] ?? "").trim()
  const end = (values["debtTerm.end"] ?? "").trim()
  for (const field of spec.fields) {
    if (field.name.startsWith("debtTerm.")) continue
    const text = (values[field.name] ?? "").trim()
    if (text === "" && field.optional) continue
    input[field.name] = text
  }
  if (start !== "" || end !== "") input.debtTerm = { start, end }
  return input
}

/**
 * The errors a person can fix from what the core threw: field issues (ValidationError), shown at their
 * field (a closed registration or an unknown loan above the form). `undefined` for anything else.
 */
export const actionErrorsOf = (spec: ActionSpec, error: unknown): ActionErrors | undefined => {
  const e = error as { _tag?: string; message?: string; issues?: unknown }
  if (e?._tag !== "ValidationError" || !Array.isArray(e.issues)) return undefined
  const names = new Set(spec.fields.map((f) => f.name))
  const fields: Record<string, string> = {}
  const general: Array<string> = []
  for (const issue of e.issues as Array<{ path: string; message: string }>) {
    const name = issue.path === "debtTerm" ? "debtTerm.end" : issue.path
    const message = issue.message === "Missing key" ? "must not be empty" : issue.message
    if (names.has(name)) fields[name] ??= message
    // The registration or the loan itself (closed, still securing a balance): said above the form as it is.
    else if (issue.path === "" || issue.path === "pledgeId" || issue.path === "loanId") general.push(message)
    else general.push(`${issue.path}: ${message}`)
  }
  return { fields, general }
}

/** The form's element id: `action-release`, `action-repay-12`. */
export const actionFormId = (action: ActionId, loanId?: number): string =>
  loanId === undefined ? `action-${action}` : `action-${action}-${loanId}`

/**
 * One lifecycle form, posting with htmx to `action` (and without JavaScript, normally); the answer
 * replaces `target` (the registration's section), with the errors in this form when there are any.
 */
export const ActionForm = (props: {
  spec: ActionSpec
  action: string
  target: string
  csrfToken: string
  values: ActionValues
  errors?: ActionErrors | undefined
  loanId?: number | undefined
  lang: Lang
}) => {
  const { spec, lang, errors } = props
  const formId = actionFormId(spec.id, props.loanId)
  const hasErrors =
    errors !== undefined && (errors.general.length > 0 || Object.keys(errors.fields).length > 0)
  return (
    <form
      id={formId}
      class={spec.id === "cancel" ? "fund-form reverse-form" : "fund-form"}
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={props.target}
      hx-swap="outerHTML"
      novalidate
    >
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.loanId === undefined ? null : <input type="hidden" name="loanId" value={String(props.loanId)} />}
      {hasErrors ? (
        <p class="form-errors" role="alert">
          {lang === "en" ? "Please correct the fields marked below." : "请更正下列标出的内容。"}
          {(errors?.general ?? []).map((message) => (
            <span class="field-error"> {message}</span>
          ))}
        </p>
      ) : null}
      {spec.fields.map((field) => {
        const id = `${formId}-${field.name.replace(".", "-")}`
        const error = errors?.fields[field.name]
        return (
          <div class={error === undefined ? "field" : "field field--error"} data-field={field.name}>
            <label for={id}>{textOf(field.label, lang)}</label>
            <input
              type={field.control === "date" ? "date" : "text"}
              id={id}
              name={field.name}
              value={props.values[field.name] ?? ""}
              placeholder={field.placeholder}
              autocomplete="off"
              inputmode={field.control === "money" ? "decimal" : undefined}
              aria-invalid={error === undefined ? undefined : "true"}
              aria-describedby={error === undefined ? undefined : `${id}-error`}
            />
            {error === undefined ? null : (
              <span class="field-error" id={`${id}-error`}>
                {error}
              </span>
            )}
          </div>
        )
      })}
      <button type="submit">{textOf(spec.submit, lang)}</button>
    </form>
  )
}

/** A form in its box, open when it came back with errors. */
export const ActionBox = (props: { spec: ActionSpec; open: boolean; lang: Lang; children?: Child }) => (
  <details class="fund-form-box" id={`box-${props.spec.id}`} open={props.open}>
    <summary>
      <Label text={props.spec.title} lang={props.lang} />
    </summary>
    {props.children}
  </details>
)
