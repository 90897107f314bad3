/** @jsxImportSource hono/jsx */
import { wenzhouDistricts } from "@kejin/core"
import { SpecField } from "../forms/field.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import type { Choice } from "../forms/spec.js"
import { type Lang, textOf } from "../i18n.js"
import { type ChoiceList, type FormSpec, formNameOf } from "./forms.js"
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
  proRataBasisLabels,
  techCategoryLabels
} from "./vocabulary.js"

/** What each select offers; the lists that depend on the records are filled by the page. */
export type Choices = Partial<Record<ChoiceList, ReadonlyArray<Choice>>>

/** The lists that come from the vocabulary alone. */
export const staticChoices = (lang: Lang): Choices => ({
  lpType: optionsOf(lpTypeLabels, lang),
  distributionKind: optionsOf(distributionKindLabels, lang),
  basis: optionsOf(proRataBasisLabels, lang),
  instrument: optionsOf(instrumentLabels, lang),
  enterpriseStage: optionsOf(enterpriseStageLabels, lang),
  techCategory: optionsOf(techCategoryLabels, lang),
  mode: optionsOf(investmentModeLabels, lang),
  exitRoute: optionsOf(exitRouteLabels, lang),
  kind: optionsOf(fundKindLabels, lang),
  chainStage: CHAIN_STAGES.map((s) => ({
    value: s,
    label: lang === "en" ? chainStageLabels[s].en : chainStageLabels[s].zh
  })),
  status: optionsOf(fundStatusLabels, lang),
  origin: optionsOf(fundOriginLabels, lang),
  district: wenzhouDistricts.map((d) => ({
    value: d.code,
    label: lang === "en" ? `${d.code} ${d.nameEn}` : `${d.code} ${d.name}`
  }))
})

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
    <PostForm
      id={formId}
      class="fund-form"
      action={props.action}
      target={props.target}
      include={props.include}
      csrfToken={props.csrfToken}
    >
      <ErrorSummary errors={props.errors} lang={lang} />
      {spec.fields.map((field) => (
        <SpecField
          formId={formId}
          field={{ ...field, name: formNameOf(field) }}
          value={props.values[formNameOf(field)] ?? ""}
          error={props.errors?.fields[formNameOf(field)]}
          choices={field.choices === undefined ? [] : (props.choices[field.choices] ?? [])}
          lang={lang}
        />
      ))}
      <button type="submit">{textOf(spec.submit, lang)}</button>
    </PostForm>
  )
}
