/** @jsxImportSource hono/jsx */
import { normalizePatentNumber, normalizeUscc } from "@kejin/core"
import type { Child } from "hono/jsx"
import { Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { districtChoices, langQuery } from "./format.js"

/*
 * 登记质押 (the registration form on /pledges, for `pledges.write`): its fields are named after the core's
 * input (`PledgeInput`: `pledgor.uscc`, `debtTerm.end`, …) so that the core's field errors land next to
 * the right input; what was typed comes back unchanged on an error.
 */

export const REGISTER_FORM_ID = "pledge-register"
export const REGISTER_BOX_ID = "box-pledge-register"

type Control = "text" | "date" | "money" | "select" | "patents"

interface Field {
  /** The core's input path, and the form field's name. */
  readonly name: string
  readonly label: LocalizedText
  readonly control: Control
  readonly optional?: boolean
  readonly placeholder?: string
  readonly choices?: (lang: Lang) => ReadonlyArray<{ value: string; label: string }>
  /** Suggestions offered under a text input (the pledgees already on record). */
  readonly suggest?: "banks"
}

const SIZES: ReadonlyArray<{ value: string; label: LocalizedText }> = [
  { value: "micro", label: { zh: "微型", en: "Micro" } },
  { value: "small", label: { zh: "小型", en: "Small" } },
  { value: "medium", label: { zh: "中型", en: "Medium" } },
  { value: "large", label: { zh: "大型", en: "Large" } }
]
const PLEDGEE_KINDS: ReadonlyArray<{ value: string; label: LocalizedText }> = [
  { value: "bank", label: { zh: "银行", en: "Bank" } },
  { value: "guarantor", label: { zh: "融资担保机构", en: "Guarantor" } }
]
const localized = (list: ReadonlyArray<{ value: string; label: LocalizedText }>) => (lang: Lang) =>
  list.map((c) => ({ value: c.value, label: textOf(c.label, lang) }))

export const REGISTER_FIELDS: ReadonlyArray<Field> = [
  {
    name: "registrationNo",
    label: { zh: "登记号", en: "Registration number" },
    control: "text",
    placeholder: "Y2026330000123"
  },
  { name: "registeredOn", label: { zh: "登记日期", en: "Registered on" }, control: "date" },
  {
    name: "pledgor.uscc",
    label: { zh: "出质人统一社会信用代码", en: "Pledgor's credit code" },
    control: "text",
    placeholder: "91330302MA…"
  },
  { name: "pledgor.name", label: { zh: "出质人名称", en: "Pledgor's name" }, control: "text" },
  {
    name: "pledgor.district",
    label: { zh: "出质人所在区县", en: "Pledgor's district" },
    control: "select",
    choices: districtChoices
  },
  {
    name: "pledgor.size",
    label: { zh: "企业规模", en: "Enterprise size" },
    control: "select",
    optional: true,
    choices: localized(SIZES)
  },
  {
    name: "pledgee.name",
    label: { zh: "质权人（银行）", en: "Pledgee (bank)" },
    control: "text",
    suggest: "banks"
  },
  {
    name: "pledgee.kind",
    label: { zh: "质权人类型", en: "Pledgee kind" },
    control: "select",
    optional: true,
    choices: localized(PLEDGEE_KINDS)
  },
  {
    name: "patents",
    label: { zh: "出质专利（每行一个专利号）", en: "Patents pledged (one number a line)" },
    control: "patents",
    placeholder: "ZL201710601862.3"
  },
  {
    name: "amount",
    label: { zh: "质押金额（元）", en: "Amount (yuan)" },
    control: "money",
    placeholder: "25000000.00 / 2500万"
  },
  {
    name: "debtTerm.start",
    label: { zh: "债务履行期限起（可选）", en: "Debt term from (optional)" },
    control: "date",
    optional: true
  },
  {
    name: "debtTerm.end",
    label: { zh: "债务履行期限止（可选）", en: "Debt term to (optional)" },
    control: "date",
    optional: true
  }
]

/** What the form holds, as typed, by field name. */
export type FormValues = Readonly<Record<string, string>>

/** Errors next to each field (by name) and above the form for the rest. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>
  readonly general: ReadonlyArray<string>
}

/** The form's fields from a parsed body; `_csrf` and unknown names are left out. */
export const registerValuesOf = (body: Readonly<Record<string, unknown>>): FormValues => {
  const values: Record<string, string> = {}
  for (const field of REGISTER_FIELDS) {
    const value = body[field.name]
    if (typeof value === "string") values[field.name] = value
  }
  return values
}

/** The patent numbers typed, one a line (or separated by `;` `,` `、`), in canonical form. */
export const patentsOf = (text: string): ReadonlyArray<string> =>
  text
    .split(/[\r\n;；,，、]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map(normalizePatentNumber)

/**
 * The core's `PledgeInput` from the form: trimmed, the credit code and patent numbers normalised (full-width
 * characters, spaces, lowercase); a blank optional field left out, a blank required one sent as "" so the
 * core names it. The debt term goes in when either end is given.
 */
export const registerInputOf = (values: FormValues): Record<string, unknown> => {
  const text = (name: string) => (values[name] ?? "").trim()
  const size = text("pledgor.size")
  const kind = text("pledgee.kind")
  const start = text("debtTerm.start")
  const end = text("debtTerm.end")
  return {
    registrationNo: text("registrationNo").toUpperCase(),
    pledgor: {
      uscc: normalizeUscc(text("pledgor.uscc")),
      name: text("pledgor.name"),
      district: text("pledgor.district"),
      ...(size === "" ? {} : { size })
    },
    pledgee: { name: text("pledgee.name"), ...(kind === "" ? {} : { kind }) },
    patents: patentsOf(values.patents ?? ""),
    amount: text("amount"),
    registeredOn: text("registeredOn"),
    ...(start === "" && end === "" ? {} : { debtTerm: { start, end } })
  }
}

interface CoreError {
  readonly _tag?: string
  readonly message?: string
  readonly issues?: unknown
  readonly field?: unknown
}

/**
 * The errors a person can fix, from what the core threw: field issues (ValidationError: `patents.2` is
 * shown at the patents with its line), a registration number on record (ConflictError). `undefined` for
 * anything else.
 */
export const registerErrorsOf = (values: FormValues, error: unknown, lang: Lang): FormErrors | undefined => {
  const e = error as CoreError
  const names = new Set(REGISTER_FIELDS.map((f) => f.name))
  const fields: Record<string, string> = {}
  const general: Array<string> = []
  const patents = patentsOf(values.patents ?? "")
  const add = (path: string, message: string) => {
    const patent = /^patents\.(\d+)$/.exec(path)
    if (patent !== null) {
      const i = Number(patent[1])
      const line =
        lang === "en" ? `patent ${i + 1} (${patents[i] ?? ""})` : `第 ${i + 1} 个专利（${patents[i] ?? ""}）`
      fields.patents =
        fields.patents === undefined ? `${line}: ${message}` : `${fields.patents}; ${line}: ${message}`
      return
    }
    // `debtTerm` as a whole (a missing end) is shown at its end.
    const name = path === "debtTerm" ? "debtTerm.end" : path
    if (names.has(name)) fields[name] ??= message === "Missing key" ? "must not be empty" : message
    else general.push(path === "" ? message : `${path}: ${message}`)
  }
  if (e?._tag === "ValidationError" && Array.isArray(e.issues)) {
    for (const issue of e.issues as Array<{ path: string; message: string }>) add(issue.path, issue.message)
    return { fields, general }
  }
  if (e?._tag === "ConflictError") {
    add(typeof e.field === "string" ? e.field : "", String(e.message ?? "conflict"))
    return { fields, general }
  }
  return undefined
}

const hasErrors = (errors: FormErrors | undefined): boolean =>
  errors !== undefined && (errors.general.length > 0 || Object.keys(errors.fields).length > 0)

const FieldRow = (props: {
  field: Field
  value: string
  error: string | undefined
  lang: Lang
  banks: ReadonlyArray<string>
}) => {
  const { field, value, error, lang } = props
  const id = `${REGISTER_FORM_ID}-${field.name.replace(".", "-")}`
  const errorId = `${id}-error`
  const attrs = {
    id,
    name: field.name,
    "aria-invalid": error === undefined ? undefined : "true",
    "aria-describedby": error === undefined ? undefined : errorId
  }
  let control: Child
  if (field.control === "select") {
    const blank = field.optional
      ? lang === "en"
        ? "(not stated)"
        : "（不填）"
      : lang === "en"
        ? "Choose…"
        : "请选择…"
    control = (
      <select {...attrs}>
        <option value="" selected={value === ""}>
          {blank}
        </option>
        {(field.choices?.(lang) ?? []).map((c) => (
          <option value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    )
  } else if (field.control === "patents") {
    control = (
      <textarea {...attrs} rows={3} placeholder={field.placeholder} spellcheck={false} autocomplete="off">
        {value}
      </textarea>
    )
  } else {
    const listId = field.suggest === "banks" && props.banks.length > 0 ? `${id}-list` : undefined
    control = (
      <>
        <input
          type={field.control === "date" ? "date" : "text"}
          {...attrs}
          value={value}
          list={listId}
          placeholder={field.placeholder}
          autocomplete="off"
          inputmode={field.control === "money" ? "decimal" : undefined}
        />
        {listId === undefined ? null : (
          <datalist id={listId}>
            {props.banks.map((bank) => (
              <option value={bank} />
            ))}
          </datalist>
        )}
      </>
    )
  }
  return (
    <div class={error === undefined ? "field" : "field field--error"} data-field={field.name}>
      <label for={id}>{textOf(field.label, lang)}</label>
      {control}
      {error === undefined ? null : (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  )
}

/**
 * The registration form in its box (open when it comes back with errors). It posts with htmx to
 * `/pledges`: success swaps `#${sectionId}`, an error answer retargets the box. Without JavaScript it
 * posts normally.
 */
export const RegisterBox = (props: {
  ctx: PanelContext
  sectionId: string
  /** The query of the list (its filters), kept across the post. */
  listQuery: string
  values: FormValues
  errors?: FormErrors | undefined
  banks: ReadonlyArray<string>
  open?: boolean
}) => {
  const { ctx, errors } = props
  const { lang } = ctx
  const action = `${ctx.basePath}/pledges${props.listQuery === "" ? langQuery(ctx) : props.listQuery}`
  return (
    <details id={REGISTER_BOX_ID} class="fund-form-box" open={props.open === true || errors !== undefined}>
      <summary>
        <Label text={{ zh: "登记质押", en: "Record a registration" }} lang={lang} />
      </summary>
      <form
        id={REGISTER_FORM_ID}
        class="fund-form"
        method="post"
        action={action}
        hx-post={action}
        hx-target={`#${props.sectionId}`}
        hx-swap="outerHTML"
        novalidate
      >
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {hasErrors(errors) ? (
          <p class="form-errors" role="alert">
            {lang === "en" ? "Please correct the fields marked below." : "请更正下列标出的内容。"}
            {(errors?.general ?? []).map((message) => (
              <span class="field-error"> {message}</span>
            ))}
          </p>
        ) : null}
        <div class="fund-form-grid">
          {REGISTER_FIELDS.map((field) => (
            <FieldRow
              field={field}
              value={props.values[field.name] ?? ""}
              error={errors?.fields[field.name]}
              lang={lang}
              banks={props.banks}
            />
          ))}
        </div>
        <button type="submit">{lang === "en" ? "Record registration" : "登记"}</button>
      </form>
    </details>
  )
}
