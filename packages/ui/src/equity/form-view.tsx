/** @jsxImportSource hono/jsx */
import { wenzhouDistricts } from "@kejin/core"
import type { Child } from "hono/jsx"
import { type Lang, textOf } from "../i18n.js"
import {
  type Choice,
  type ChoiceList,
  type FieldSpec,
  type FormErrors,
  type FormSpec,
  type FormValues,
  formNameOf,
  hasErrors
} from "./forms.js"
import {
  CHAIN_STAGES,
  chainStageLabels,
  distributionKindLabels,
  enterpriseStageLabels,
  exitRouteLabels,
  fundKindLabels,
  fundOriginLabels,
  fundStatusLabels,
  instrumentLabels,
  investmentModeLabels,
  lpTypeLabels,
  optionsOf,
  techCategoryLabels
} from "./vocabulary.js"

/** What each select offers; the lists that depend on the records are filled by the page. */
export type Choices = Partial<Record<ChoiceList, ReadonlyArray<Choice>>>

/** The lists that come from the vocabulary alone. */
export const staticChoices = (lang: Lang): Choices => ({
  lpType: optionsOf(lpTypeLabels, lang),
  distributionKind: optionsOf(distributionKindLabels, lang),
  instrument: optionsOf(instrumentLabels, lang),
  enterpriseStage: optionsOf(enterpriseStageLabels, lang),
  techCategory: optionsOf(techCategoryLabels, lang),
  mode: optionsOf(investmentModeLabels, lang),
  exitRoute: optionsOf(exitRouteLabels, lang),
  kind: optionsOf(fundKindLabels, lang),
  chainStage: CHAIN_STAGES.map((s) => ({
    value: s,
    label: lang === "en" ? chainStageLabels[s].en : `${chainStageLabels[s].zh} ${chainStageLabels[s].en}`
  })),
  status: optionsOf(fundStatusLabels, lang),
  origin: optionsOf(fundOriginLabels, lang),
  district: wenzhouDistricts.map((d) => ({
    value: d.code,
    label: lang === "en" ? `${d.code} ${d.nameEn}` : `${d.code} ${d.name}`
  }))
})

const FieldRow = (props: {
  formId: string
  field: FieldSpec
  value: string
  error: string | undefined
  choices: Choices
  lang: Lang
}) => {
  const { formId, field, value, error, lang } = props
  const name = formNameOf(field)
  const id = `${formId}-${name}`
  const errorId = `${id}-error`
  const attrs = {
    id,
    name,
    "aria-invalid": error === undefined ? undefined : "true",
    "aria-describedby": error === undefined ? undefined : errorId
  }
  const choices = field.choices === undefined ? [] : (props.choices[field.choices] ?? [])
  let control: Child
  if (field.control === "select") {
    const blank = field.optional
      ? lang === "en"
        ? "(default)"
        : "（默认）"
      : lang === "en"
        ? "Choose…"
        : "请选择…"
    control = (
      <select {...attrs}>
        <option value="" selected={value === ""}>
          {blank}
        </option>
        {choices.map((c) => (
          <option value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    )
  } else {
    // Credit codes and districts are typed, with the registered ones offered as suggestions.
    const listId = choices.length > 0 ? `${id}-list` : undefined
    control = (
      <>
        <input
          type={field.control === "date" ? "date" : "text"}
          {...attrs}
          value={value}
          list={listId}
          placeholder={field.placeholder}
          autocomplete="off"
          inputmode={field.control === "money" || field.control === "decimal" ? "decimal" : undefined}
          spellcheck={field.control === "uscc" ? false : undefined}
        />
        {listId === undefined ? null : (
          <datalist id={listId}>
            {choices.map((c) => (
              <option value={c.value}>{c.label}</option>
            ))}
          </datalist>
        )}
      </>
    )
  }
  return (
    <div class={error === undefined ? "field" : "field field--error"} data-field={name}>
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

/** The errors above a form: a summary, and every error not tied to one of its fields. */
export const ErrorSummary = (props: { errors: FormErrors | undefined; lang: Lang }) =>
  hasErrors(props.errors) ? (
    <p class="form-errors" role="alert">
      {props.lang === "en" ? "Please correct the fields marked below." : "请更正下列标出的内容。"}
      {(props.errors?.general ?? []).map((message) => (
        <span class="field-error"> {message}</span>
      ))}
    </p>
  ) : null

/**
 * A form of `spec` posting with htmx to `action` (and without JavaScript, normally). `target` is what a
 * success answer replaces (an error answer retargets itself at the form's box).
 */
export const SpecForm = (props: {
  spec: FormSpec
  action: string
  target: string
  csrfToken: string
  values: FormValues
  errors?: FormErrors | undefined
  choices: Choices
  lang: Lang
  include?: string
}) => {
  const { spec, lang } = props
  const formId = `form-${spec.id}`
  return (
    <form
      id={formId}
      class="fund-form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={props.target}
      hx-swap="outerHTML"
      hx-include={props.include}
      novalidate
    >
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <ErrorSummary errors={props.errors} lang={lang} />
      {spec.fields.map((field) => (
        <FieldRow
          formId={formId}
          field={field}
          value={props.values[formNameOf(field)] ?? ""}
          error={props.errors?.fields[formNameOf(field)]}
          choices={props.choices}
          lang={lang}
        />
      ))}
      <button type="submit">{textOf(spec.submit, lang)}</button>
    </form>
  )
}
