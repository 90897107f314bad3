/** @jsxImportSource hono/jsx */
import type { Decimal } from "@kejin/core"
import { columnLabels, defineReportedMeasure, reportValue, reverseReportedValue } from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { keptQuery } from "../equity/access.js"
import { errorAttrs, Field, fieldId } from "../forms/field.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { formAction } from "../forms/operation-form.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { placeholderText } from "../money.js"
import type { PanelContext } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { moneyUnitFor, TargetFigure } from "./format.js"

/*
 * 上报指标: the measures no record adds up (全市创新投入, R&D 投入强度 %), each value entered here (or imported
 * at /imports/reported-values) with its source and date; a wrong value is reversed, never edited. A target
 * follows one like any other measure (the latest value reported in its period).
 */

export const REPORTED_SECTION_ID = "reported-measures"
export const DEFINE_FORM_ID = "reported-define"
export const REPORT_FORM_ID = "reported-report"
export const reverseFormId = (id: number) => `reported-reverse-${id}`

/** The fields of the three forms: the names of the core's inputs. */
export const REPORTED_FIELDS = [
  "code",
  "label",
  "labelEn",
  "unit",
  "measure",
  "value",
  "reportedOn",
  "source",
  "reason"
] as const
export type ReportedField = (typeof REPORTED_FIELDS)[number]

/** One reported value as the section shows it. */
export interface ReportedValueView {
  readonly id: number
  readonly value: Decimal
  readonly reportedOn: string
  readonly source: string
  readonly reversed: boolean
}

/** A reported measure with its values, newest first. */
export interface ReportedMeasureView {
  readonly id: string
  readonly label: LocalizedText
  readonly unit: "yuan" | "count" | "percent"
  readonly values: ReadonlyArray<ReportedValueView>
}

const WORDS = {
  title: { zh: "上报指标", en: "Reported measures" },
  none: { zh: "尚无上报指标", en: "No reported measures yet" },
  note: catalogueText("target-reported-note"),
  importLink: { zh: "从表格导入上报值", en: "Import reported values from a sheet" },
  define: { zh: "新增上报指标", en: "Define a reported measure" },
  report: { zh: "上报指标值", en: "Report a value" },
  history: { zh: "历次上报", en: "Reports" },
  reverse: { zh: "冲销", en: "Reverse" },
  reversed: { zh: "已冲销", en: "Reversed" },
  submitDefine: { zh: "新增", en: "Define" },
  submitReport: { zh: "上报", en: "Report" }
} as const satisfies Record<string, LocalizedText>

/** A measure's field as the core declares it for the write (operations/labels.ts; the audit's too). */
const declaredLabel = (field: "code" | "label" | "labelEn" | "unit"): LocalizedText =>
  columnLabels(defineReportedMeasure.name, field) ?? { zh: field, en: field }

const FIELD_LABELS: Record<ReportedField, LocalizedText> = {
  code: declaredLabel("code"),
  label: declaredLabel("label"),
  labelEn: declaredLabel("labelEn"),
  unit: declaredLabel("unit"),
  measure: { zh: "指标", en: "Measure" },
  value: { zh: "上报值", en: "Value" },
  reportedOn: { zh: "上报日期", en: "Reported on" },
  source: { zh: "数据来源", en: "Source" },
  reason: { zh: "冲销原因", en: "Reason" }
}

const UNITS: Record<ReportedMeasureView["unit"], LocalizedText> = {
  yuan: { zh: "元", en: "yuan" },
  count: { zh: "个（数量）", en: "count" },
  percent: { zh: "%（百分比）", en: "percent" }
}

const COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "指标", en: "Measure" },
  { zh: "单位", en: "Unit" },
  { zh: "最新上报值", en: "Latest value" },
  { zh: "上报日期", en: "Reported on" },
  { zh: "数据来源", en: "Source" }
]

/** What a failed post of one of these forms shows again: which form, what was typed, the errors. */
export interface ReportedFailure {
  readonly form: string
  readonly values: FormValues
  readonly errors: FormErrors
}

const Row = (props: {
  formId: string
  name: ReportedField
  values: FormValues
  errors: FormErrors | undefined
  lang: Lang
  control?: ((attrs: Record<string, string | undefined>) => Child) | undefined
}) => {
  const id = fieldId(props.formId, props.name)
  const error = props.errors?.fields[props.name]
  const attrs = { id, name: props.name, ...errorAttrs(id, error) }
  return (
    <Field id={id} name={props.name} label={textOf(FIELD_LABELS[props.name], props.lang)} error={error}>
      {" "}
      {props.control === undefined ? (
        <input type="text" {...attrs} value={props.values[props.name] ?? ""} />
      ) : (
        props.control(attrs)
      )}
    </Field>
  )
}

/** A row of a form: the field `name`, a text input unless `control` draws another. */
type RowOf = (name: ReportedField, control?: (attrs: Record<string, string | undefined>) => Child) => Child

/** One of the section's forms: the errors above, its fields a row each (`fields`), the submit button below. */
const ReportedForm = (props: {
  id: string
  class: string
  action: string
  ctx: PanelContext
  target: string
  values: FormValues
  errors: FormErrors | undefined
  submit: LocalizedText
  fields: (row: RowOf) => Child
}) => {
  const lang = props.ctx.lang
  const row: RowOf = (name, control) => (
    <Row
      formId={props.id}
      name={name}
      values={props.values}
      errors={props.errors}
      lang={lang}
      control={control}
    />
  )
  return (
    <PostForm
      id={props.id}
      class={props.class}
      action={props.action}
      target={props.target}
      csrfToken={props.ctx.csrfToken}
    >
      <ErrorSummary errors={props.errors} lang={lang} />
      {props.fields(row)}
      <button type="submit">{textOf(props.submit, lang)}</button>
    </PostForm>
  )
}

/** 新增上报指标: the form of `POST /api/v1/measures`. */
export const DefineForm = (props: {
  ctx: PanelContext
  target: string
  values?: FormValues | undefined
  errors?: FormErrors | undefined
}) => {
  const lang = props.ctx.lang
  const values = props.values ?? { unit: "percent" }
  return (
    <ReportedForm
      id={DEFINE_FORM_ID}
      class="target-form"
      action={formAction(defineReportedMeasure, {}, keptQuery(props.ctx))}
      ctx={props.ctx}
      target={props.target}
      values={values}
      errors={props.errors}
      submit={WORDS.submitDefine}
      fields={(row) => (
        <>
          {row("code")}
          {row("label")}
          {row("labelEn")}
          {row("unit", (attrs) => (
            <select {...attrs}>
              {(["yuan", "count", "percent"] as const).map((u) => (
                <option value={u} selected={values.unit === u}>
                  {textOf(UNITS[u], lang)}
                </option>
              ))}
            </select>
          ))}
        </>
      )}
    />
  )
}

/** 上报指标值: the form of `POST /api/v1/measures/values`. */
export const ReportForm = (props: {
  ctx: PanelContext
  target: string
  measures: ReadonlyArray<ReportedMeasureView>
  values?: FormValues | undefined
  errors?: FormErrors | undefined
}) => {
  const lang = props.ctx.lang
  const values = props.values ?? {}
  return (
    <ReportedForm
      id={REPORT_FORM_ID}
      class="target-form"
      action={formAction(reportValue, {}, keptQuery(props.ctx))}
      ctx={props.ctx}
      target={props.target}
      values={values}
      errors={props.errors}
      submit={WORDS.submitReport}
      fields={(row) => (
        <>
          {row("measure", (attrs) => (
            <select {...attrs}>
              {props.measures.map((m) => (
                <option value={m.id} selected={values.measure === m.id}>
                  {textOf(m.label, lang)}（{textOf(UNITS[m.unit], lang)}）
                </option>
              ))}
            </select>
          ))}
          {row("value", (attrs) => (
            <input
              type="text"
              inputmode="decimal"
              placeholder={placeholderText("3.2 / 550亿", lang)}
              {...attrs}
              value={values.value ?? ""}
            />
          ))}
          {row("reportedOn", (attrs) => (
            <input type="date" {...attrs} value={values.reportedOn ?? ""} />
          ))}
          {row("source")}
        </>
      )}
    />
  )
}

/** 冲销: the form of `POST /api/v1/measures/values/{id}/reversal`. */
export const ReverseForm = (props: {
  ctx: PanelContext
  target: string
  id: number
  values?: FormValues | undefined
  errors?: FormErrors | undefined
}) => (
  <ReportedForm
    id={reverseFormId(props.id)}
    class="reverse-form"
    action={formAction(reverseReportedValue, { id: props.id }, keptQuery(props.ctx))}
    ctx={props.ctx}
    target={props.target}
    values={props.values ?? {}}
    errors={props.errors}
    submit={WORDS.reverse}
    fields={(row) => row("reason")}
  />
)

const Figure = (props: { value: ReportedValueView; unit: ReportedMeasureView["unit"]; lang: Lang }) => (
  <TargetFigure
    amount={props.value.value}
    unit={props.unit}
    money={moneyUnitFor([props.value.value], props.lang)}
  />
)

/** The section: each reported measure with its latest live value, its reports, and the forms for writers. */
export const ReportedSection = (props: {
  measures: ReadonlyArray<ReportedMeasureView>
  ctx: PanelContext
  writer: boolean
  /** Where a recorded post's answer goes (the targets section). */
  target: string
  failed?: ReportedFailure | undefined
}) => {
  const { ctx, failed } = props
  const lang = ctx.lang
  const failedAt = (form: string) => (failed?.form === form ? failed : undefined)
  return (
    <section id={REPORTED_SECTION_ID} class="reported-measures" aria-label={textOf(WORDS.title, lang)}>
      <h3>{textOf(WORDS.title, lang)}</h3>
      <p class="panel-note">
        {textOf(WORDS.note, lang)}{" "}
        {props.writer ? (
          <a href={`${ctx.basePath}/imports/reported-values${lang === "en" ? "?lang=en" : ""}`}>
            {textOf(WORDS.importLink, lang)}
          </a>
        ) : null}
      </p>
      {props.measures.length === 0 ? (
        <p class="panel-note">{textOf(WORDS.none, lang)}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table class="targets-table">
            <TableHead columns={COLUMNS} lang={lang} />
            <tbody>
              {props.measures.map((m) => {
                const latest = m.values.find((v) => !v.reversed)
                return (
                  <tr data-measure={m.id}>
                    <th scope="row">
                      <Label text={m.label} lang={lang} />
                      {m.values.length === 0 ? null : (
                        <details open={m.values.some((v) => failedAt(reverseFormId(v.id)) !== undefined)}>
                          <summary>{textOf(WORDS.history, lang)}</summary>
                          <ul class="reported-values">
                            {m.values.map((v) => (
                              <li data-value={v.id}>
                                <Figure value={v} unit={m.unit} lang={lang} /> · {v.reportedOn} · {v.source}
                                {v.reversed ? (
                                  <span class="badge"> {textOf(WORDS.reversed, lang)}</span>
                                ) : props.writer ? (
                                  <ReverseForm
                                    ctx={ctx}
                                    target={props.target}
                                    id={v.id}
                                    values={failedAt(reverseFormId(v.id))?.values}
                                    errors={failedAt(reverseFormId(v.id))?.errors}
                                  />
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </th>
                    <td>{textOf(UNITS[m.unit], lang)}</td>
                    <td>
                      {latest === undefined ? "—" : <Figure value={latest} unit={m.unit} lang={lang} />}
                    </td>
                    <td>{latest?.reportedOn ?? "—"}</td>
                    <td>{latest?.source ?? "—"}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.writer ? (
        <>
          {props.measures.length === 0 ? null : (
            <>
              <h4>{textOf(WORDS.report, lang)}</h4>
              <ReportForm
                ctx={ctx}
                target={props.target}
                measures={props.measures}
                values={failedAt(REPORT_FORM_ID)?.values}
                errors={failedAt(REPORT_FORM_ID)?.errors}
              />
            </>
          )}
          <h4>{textOf(WORDS.define, lang)}</h4>
          <DefineForm
            ctx={ctx}
            target={props.target}
            values={failedAt(DEFINE_FORM_ID)?.values}
            errors={failedAt(DEFINE_FORM_ID)?.errors}
          />
        </>
      ) : null}
    </section>
  )
}
