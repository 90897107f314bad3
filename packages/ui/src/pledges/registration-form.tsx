/** @jsxImportSource hono/jsx */
import { EnterpriseSize, normalizePatentNumber, normalizeUscc, PledgeeKind } from "@kejin/core"
import { recordPledge } from "@kejin/core/internal"
import { errorsOf, type Issue } from "../forms/core-errors.js"
import { SpecField } from "../forms/field.js"
import { type FormErrors, type FormValues, postedValues } from "../forms/form-state.js"
import { formAction } from "../forms/operation-form.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import type { Choice, FieldSpec } from "../forms/spec.js"
import { Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { choiceLabel } from "../records/vocabulary.js"
import { districtChoices, langQuery } from "./format.js"

/*
 * 登记质押 (the registration form on /pledges, for `pledges.write`): its fields are named after the core's
 * input (`PledgeInput`: `pledgor.uscc`, `debtTerm.end`, …) so that the core's field errors land next to
 * the right input; what was typed comes back unchanged on an error.
 */

export const REGISTER_FORM_ID = "pledge-register"
export const REGISTER_BOX_ID = "box-pledge-register"

interface Field extends FieldSpec {
  /** A select's options. */
  readonly choices?: (lang: Lang) => ReadonlyArray<Choice>
  /** Suggestions offered under a text input (the pledgees already on record). */
  readonly suggest?: "banks"
}

/** An enterprise's sizes and a pledgee's kinds, as people read them (the import pages name them too). */
const choicesOf = (literals: ReadonlyArray<string>): ReadonlyArray<{ value: string; label: LocalizedText }> =>
  literals.map((value) => ({ value, label: choiceLabel(literals, value) }))
export const SIZES = choicesOf(EnterpriseSize.literals)
export const PLEDGEE_KINDS = choicesOf(PledgeeKind.literals)
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
    control: "lines",
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

/** The form's fields from a parsed body; `_csrf` and unknown names are left out. */
export const registerValuesOf = (body: Readonly<Record<string, unknown>>): FormValues =>
  postedValues(
    body,
    REGISTER_FIELDS.map((f) => f.name)
  )

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

/**
 * The errors a person can fix, from what the core threw: field issues (ValidationError: `patents.2` is
 * shown at the patents with its line), a registration number on record (ConflictError). `undefined` for
 * anything else.
 */
export const registerErrorsOf = (
  values: FormValues,
  issues: ReadonlyArray<Issue>,
  lang: Lang
): FormErrors => {
  const names = new Set(REGISTER_FIELDS.map((f) => f.name))
  const patents = patentsOf(values.patents ?? "")
  return errorsOf(issues, ({ path, message }) => {
    const patent = /^patents\.(\d+)$/.exec(path)
    if (patent !== null) {
      const i = Number(patent[1])
      const line =
        lang === "en" ? `patent ${i + 1} (${patents[i] ?? ""})` : `第 ${i + 1} 个专利（${patents[i] ?? ""}）`
      return { field: "patents", message: `${line}${lang === "en" ? ": " : "："}${message}`, join: "; " }
    }
    // `debtTerm` as a whole (a missing end) is shown at its end.
    const name = path === "debtTerm" ? "debtTerm.end" : path
    return names.has(name)
      ? { field: name, message: message === "Missing key" ? "must not be empty" : message }
      : undefined
  })
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
  const action = formAction(recordPledge, {}, props.listQuery === "" ? langQuery(ctx) : props.listQuery)
  return (
    <details id={REGISTER_BOX_ID} class="fund-form-box" open={props.open === true || errors !== undefined}>
      <summary>
        <Label text={{ zh: "登记质押", en: "Record a registration" }} lang={lang} />
      </summary>
      <PostForm
        id={REGISTER_FORM_ID}
        class="fund-form"
        action={action}
        target={`#${props.sectionId}`}
        csrfToken={ctx.csrfToken}
      >
        <ErrorSummary errors={errors} lang={lang} />
        <div class="fund-form-grid">
          {REGISTER_FIELDS.map((field) => (
            <SpecField
              formId={REGISTER_FORM_ID}
              field={field}
              value={props.values[field.name] ?? ""}
              error={errors?.fields[field.name]}
              choices={
                field.suggest === "banks"
                  ? props.banks.map((bank) => ({ value: bank, label: "" }))
                  : (field.choices?.(lang) ?? [])
              }
              unset={{ zh: "（不填）", en: "(not stated)" }}
              lang={lang}
            />
          ))}
        </div>
        <button type="submit">{lang === "en" ? "Record registration" : "登记"}</button>
      </PostForm>
    </details>
  )
}
