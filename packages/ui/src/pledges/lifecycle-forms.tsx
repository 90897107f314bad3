/** @jsxImportSource hono/jsx */
import {
  cancelPledge,
  changePledge,
  defaultLoan,
  disposalMethodLabels,
  disposeLoan,
  drawLoan,
  releasePledge,
  repayLoan,
  reverseLoan,
  reverseLoanEvent,
  reversePledge,
  reversePledgeEvent
} from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { errorsOf, type Issue } from "../forms/core-errors.js"
import { SpecField } from "../forms/field.js"
import { type FormErrors, type FormValues, postedValues } from "../forms/form-state.js"
import { formAction, type Routed } from "../forms/operation-form.js"
import { percentText } from "../forms/percent.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import type { Choice, FieldSpec, FormSpec } from "../forms/spec.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"

/*
 * The lifecycle forms of a registration's page (for `pledges.write`): 变更登记, 解除质押, 撤销登记, 放款
 * and 还款. As data: fields named after the core's input (`debtTerm.end`, `maturesOn`, …) so that the
 * core's field errors land next to the right input, how a form body becomes the core's input, and how the
 * core's errors become errors a person can fix.
 */

export type ActionId = "change" | "release" | "cancel" | "draw" | "repay" | "default" | "dispose"

/** A field of a lifecycle form; a select says its options. */
export interface ActionField extends FieldSpec {
  readonly choices?: (lang: Lang) => ReadonlyArray<Choice>
}

export interface ActionSpec extends FormSpec<ActionField> {
  readonly id: ActionId
  /** The declared write the form posts to. */
  readonly operation: Routed
  /** What the notice says after it was recorded. */
  readonly done: LocalizedText
}

const on: FieldSpec = { name: "on", label: { zh: "日期", en: "Date" }, control: "date" }
const note: FieldSpec = {
  name: "note",
  label: { zh: "备注（可选）", en: "Note (optional)" },
  control: "text",
  optional: true
}

export const actionSpecs: Record<ActionId, ActionSpec> = {
  change: {
    id: "change",
    operation: changePledge,
    title: { zh: "变更登记", en: "Record a change" },
    submit: { zh: "登记变更", en: "Record change" },
    done: catalogueText("pledge-change-recorded"),
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
    operation: releasePledge,
    title: { zh: "解除质押", en: "Release the pledge" },
    submit: { zh: "解除质押", en: "Release" },
    done: catalogueText("pledge-released"),
    fields: [on, note]
  },
  cancel: {
    id: "cancel",
    operation: cancelPledge,
    title: { zh: "撤销登记", en: "Cancel the registration" },
    submit: { zh: "撤销登记", en: "Cancel registration" },
    done: catalogueText("pledge-cancelled"),
    fields: [on, note]
  },
  draw: {
    id: "draw",
    operation: drawLoan,
    title: { zh: "登记放款", en: "Record a loan drawn" },
    submit: { zh: "登记放款", en: "Record loan" },
    done: catalogueText("pledge-loan-recorded"),
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
        label: { zh: "年利率（%）", en: "Annual rate (%)" },
        control: "percent",
        placeholder: "3.85"
      },
      { name: "disbursedOn", label: { zh: "放款日", en: "Disbursed on" }, control: "date" },
      { name: "maturesOn", label: { zh: "到期日", en: "Matures on" }, control: "date" }
    ]
  },
  default: {
    id: "default",
    operation: defaultLoan,
    title: { zh: "登记违约", en: "Record a default" },
    submit: { zh: "登记违约", en: "Record default" },
    done: catalogueText("pledge-loan-default-recorded"),
    fields: [on, note]
  },
  dispose: {
    id: "dispose",
    operation: disposeLoan,
    title: { zh: "登记处置", en: "Record the disposal" },
    submit: { zh: "登记处置", en: "Record disposal" },
    done: catalogueText("pledge-loan-disposal-recorded"),
    fields: [
      on,
      {
        name: "method",
        label: { zh: "处置方式", en: "Method" },
        control: "select",
        choices: (lang) =>
          Object.entries(disposalMethodLabels).map(([value, label]) => ({
            value,
            label: textOf(label, lang)
          }))
      },
      {
        name: "recovered",
        label: { zh: "收回金额（元，其余核销）", en: "Recovered (yuan; the rest is written off)" },
        control: "money",
        placeholder: "0.00"
      },
      note
    ]
  },
  repay: {
    id: "repay",
    operation: repayLoan,
    title: { zh: "登记还款", en: "Record a repayment" },
    submit: { zh: "登记还款", en: "Record repayment" },
    done: catalogueText("pledge-loan-repayment-recorded"),
    fields: [
      on,
      { name: "amount", label: { zh: "还款本金（元）", en: "Principal repaid (yuan)" }, control: "money" },
      note
    ]
  }
}

export const ACTION_IDS = Object.keys(actionSpecs) as ReadonlyArray<ActionId>

/** A form that came back with errors: which one (a repayment names its loan), what was typed, what is wrong. */
export interface FailedAction {
  readonly action: ActionId
  readonly loanId?: number | undefined
  readonly values: FormValues
  readonly errors: FormErrors
}

export const actionValuesOf = (spec: ActionSpec, body: Readonly<Record<string, unknown>>): FormValues =>
  postedValues(
    body,
    spec.fields.map((f) => f.name)
  )

/**
 * The core's input: each field trimmed, a blank optional one left out (the core's default), a required one
 * sent even when blank so the core names it. A debt term goes in when either end is given. The registration
 * (or the loan, for a repayment) is the route's: its path names it.
 */
export const actionInputOf = (spec: ActionSpec, values: FormValues): Record<string, unknown> => {
  const input: Record<string, unknown> = {}
  const start = (values["debtTerm.start"] ?? "").trim()
  const end = (values["debtTerm.end"] ?? "").trim()
  for (const field of spec.fields) {
    if (field.name.startsWith("debtTerm.")) continue
    const text = (values[field.name] ?? "").trim()
    if (text === "" && field.optional) continue
    input[field.name] = field.control === "percent" ? percentText(text) : text
  }
  if (start !== "" || end !== "") input.debtTerm = { start, end }
  return input
}

/**
 * The errors a person can fix from what the core said: field issues, shown at their field (a closed
 * registration, an unknown loan or a conflict above the form).
 */
export const actionErrorsOf = (spec: ActionSpec, issues: ReadonlyArray<Issue>): FormErrors => {
  const names = new Set(spec.fields.map((f) => f.name))
  return errorsOf(
    issues.map(({ path, message }) => ({
      // The registration or the loan itself (closed, still securing a balance): said above the form as it is.
      path: path === "pledgeId" || path === "loanId" ? "" : path,
      message: message === "Missing key" ? "must not be empty" : message
    })),
    ({ path, message }) => {
      const name = path === "debtTerm" ? "debtTerm.end" : path
      return names.has(name) ? { field: name, message } : undefined
    }
  )
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
  /** The registration whose page the form is on. */
  registrationId: number
  /** The page's query, kept after the post (`?lang=en`). */
  search: string
  target: string
  csrfToken: string
  values: FormValues
  errors?: FormErrors | undefined
  loanId?: number | undefined
  lang: Lang
}) => {
  const { spec, lang, errors } = props
  const formId = actionFormId(spec.id, props.loanId)
  return (
    <PostForm
      id={formId}
      class={spec.id === "cancel" ? "fund-form reverse-form" : "fund-form"}
      action={formAction(
        spec.operation,
        { id: props.registrationId, ...(props.loanId === undefined ? {} : { loanId: props.loanId }) },
        props.search
      )}
      target={props.target}
      csrfToken={props.csrfToken}
    >
      <input type="hidden" name="registration" value={String(props.registrationId)} />
      <ErrorSummary errors={errors} lang={lang} />
      {spec.fields.map((field) => (
        <SpecField
          formId={formId}
          field={field}
          value={props.values[field.name] ?? ""}
          error={errors?.fields[field.name]}
          choices={field.choices?.(lang) ?? []}
          lang={lang}
        />
      ))}
      <button type="submit">{textOf(spec.submit, lang)}</button>
    </PostForm>
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

/*
 * 冲销 (reversal): corrections are reversals, each with a required reason. The registration itself, its
 * latest live change/release/cancellation, a loan, or a repayment/default. Each posts to the reversal's
 * route, which names the record, with the reason (and the registration whose page it is on, to answer with).
 */

export type ReversalId = "reverse" | "reverse-event" | "reverse-loan" | "reverse-loan-event"

export interface ReversalSpec extends FormSpec {
  readonly id: ReversalId
  /** The declared write the form posts to. */
  readonly operation: Routed
  /** The path parameter naming what is reversed; the registration's reversal needs none (the page's id). */
  readonly target: "eventId" | "loanId" | undefined
  readonly done: LocalizedText
}

const reason: FieldSpec = { name: "reason", label: { zh: "冲销原因", en: "Reason" }, control: "text" }

export const reversalSpecs: Record<ReversalId, ReversalSpec> = {
  reverse: {
    id: "reverse",
    operation: reversePledge,
    target: undefined,
    title: { zh: "冲销本登记", en: "Reverse this registration" },
    submit: { zh: "确认冲销登记", en: "Reverse registration" },
    done: catalogueText("pledge-reversed"),
    fields: [reason]
  },
  "reverse-event": {
    id: "reverse-event",
    operation: reversePledgeEvent,
    target: "eventId",
    title: { zh: "冲销", en: "Reverse" },
    submit: { zh: "确认冲销", en: "Reverse entry" },
    done: catalogueText("pledge-entry-reversed"),
    fields: [reason]
  },
  "reverse-loan": {
    id: "reverse-loan",
    operation: reverseLoan,
    target: "loanId",
    title: { zh: "冲销", en: "Reverse" },
    submit: { zh: "确认冲销贷款", en: "Reverse loan" },
    done: catalogueText("pledge-loan-reversed"),
    fields: [reason]
  },
  "reverse-loan-event": {
    id: "reverse-loan-event",
    operation: reverseLoanEvent,
    target: "eventId",
    title: { zh: "冲销", en: "Reverse" },
    submit: { zh: "确认冲销", en: "Reverse entry" },
    done: catalogueText("pledge-entry-reversed"),
    fields: [reason]
  }
}

export const REVERSAL_IDS = Object.keys(reversalSpecs) as ReadonlyArray<ReversalId>

/** A reversal form that came back with errors: which one, for which record, what was typed, what is wrong. */
export interface FailedReversal {
  readonly reversal: ReversalId
  readonly targetId: number
  readonly values: FormValues
  readonly errors: FormErrors
}

/**
 * The errors of a reversal the core refused: the reason at its field, anything else (already reversed, not
 * the latest event) above the form.
 */
export const reversalErrorsOf = (issues: ReadonlyArray<Issue>): FormErrors =>
  errorsOf(
    issues.map(({ path, message }) => ({
      path: path === "reason" ? "reason" : "",
      message: message === "Missing key" ? "must not be empty" : message
    })),
    ({ path, message }) => (path === "reason" ? { field: "reason", message } : undefined)
  )

/** The form's element id: `reverse`, `reverse-event-7`, `reverse-loan-3`. */
export const reversalFormId = (id: ReversalId, targetId: number | undefined): string =>
  targetId === undefined || id === "reverse" ? id : `${id}-${targetId}`

/** A confirmation-style reversal form in a closed `<details class="reverse">`, open when it came back with errors. */
export const ReversalForm = (props: {
  spec: ReversalSpec
  /** The registration whose page the form is on. */
  registrationId: number
  /** The page's query, kept after the post (`?lang=en`). */
  search: string
  target: string
  csrfToken: string
  targetId?: number | undefined
  failed?: FailedReversal | undefined
  lang: Lang
  /** What else the reversal takes out (a registration's loans), shown before the reason. */
  consequences?: Child
}) => {
  const { spec, lang } = props
  const mine =
    props.failed?.reversal === spec.id &&
    (spec.target === undefined || props.failed.targetId === props.targetId)
      ? props.failed
      : undefined
  const formId = reversalFormId(spec.id, props.targetId)
  return (
    <details class="reverse" open={mine !== undefined} data-dialog>
      <summary>{textOf(spec.title, lang)}</summary>
      <PostForm
        id={formId}
        class="reverse-form"
        action={formAction(
          spec.operation,
          {
            id: props.registrationId,
            ...(spec.target === undefined || props.targetId === undefined
              ? {}
              : { [spec.target]: props.targetId })
          },
          props.search
        )}
        target={props.target}
        csrfToken={props.csrfToken}
      >
        <input type="hidden" name="registration" value={String(props.registrationId)} />
        <ErrorSummary errors={mine?.errors} lang={lang} />
        {props.consequences === undefined ? null : (
          <div class="reversal-consequences" data-consequences>
            {props.consequences}
          </div>
        )}
        {spec.fields.map((field) => (
          <SpecField
            formId={formId}
            field={field}
            value={mine?.values[field.name] ?? ""}
            error={mine?.errors.fields[field.name]}
            lang={lang}
          />
        ))}
        <button type="submit">{textOf(spec.submit, lang)}</button>
      </PostForm>
    </details>
  )
}
