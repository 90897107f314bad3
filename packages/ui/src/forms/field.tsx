/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import { type Lang, type LocalizedText, textOf } from "../i18n.js"
import { placeholderText } from "../money.js"
import type { Choice, FieldSpec } from "./spec.js"

/*
 * One field of a form: its label, its control and the error next to it, tied to the control for screen
 * readers (`aria-invalid`, `aria-describedby`).
 */

/** The id of field `name`'s control in form `formId`: `pledge-register-pledgor-uscc` (the first dot a dash). */
export const fieldId = (formId: string, name: string): string => `${formId}-${name.replace(".", "-")}`

/** What a control says about its error: that it is invalid, and where the error is said. */
export const errorAttrs = (id: string, error: string | undefined) => ({
  "aria-invalid": error === undefined ? undefined : "true",
  "aria-describedby": error === undefined ? undefined : `${id}-error`
})

/** A field around any control: the label for `id`, the control (`children`), and the error when there is one. */
export const Field = (props: {
  id: string
  name: string
  label: string
  error: string | undefined
  children: Child
}) => (
  <div class={props.error === undefined ? "field" : "field field--error"} data-field={props.name}>
    <label for={props.id}>{props.label}</label>
    {props.children}
    {props.error === undefined ? null : (
      <span class="field-error" id={`${props.id}-error`}>
        {props.error}
      </span>
    )}
  </div>
)

const CHOOSE: LocalizedText = { zh: "请选择…", en: "Choose…" }
const DEFAULT: LocalizedText = { zh: "（默认）", en: "(default)" }

/** A field of a form spec, with the control its spec names. */
export const SpecField = (props: {
  formId: string
  field: FieldSpec
  value: string
  error: string | undefined
  /** A select's options, or the suggestions offered under a text input (a `<datalist>` when there are any). */
  choices?: ReadonlyArray<Choice>
  /** What the blank option of an optional select says (default "(default)"; a required one's asks to choose). */
  unset?: LocalizedText
  lang: Lang
}) => {
  const { field, value, error, lang } = props
  const choices = props.choices ?? []
  const id = fieldId(props.formId, field.name)
  const attrs = { id, name: field.name, ...errorAttrs(id, error) }
  let control: Child
  if (field.control === "select") {
    control = (
      <select {...attrs}>
        <option value="" selected={value === ""}>
          {textOf(field.optional ? (props.unset ?? DEFAULT) : CHOOSE, lang)}
        </option>
        {choices.map((c) => (
          <option value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    )
  } else if (field.control === "lines") {
    control = (
      <textarea
        {...attrs}
        rows={3}
        placeholder={field.placeholder === undefined ? undefined : placeholderText(field.placeholder, lang)}
        spellcheck={false}
        autocomplete="off"
      >
        {value}
      </textarea>
    )
  } else {
    const listId = choices.length > 0 ? `${id}-list` : undefined
    control = (
      <>
        <input
          type={field.control === "date" ? "date" : "text"}
          {...attrs}
          value={value}
          list={listId}
          placeholder={field.placeholder === undefined ? undefined : placeholderText(field.placeholder, lang)}
          autocomplete="off"
          inputmode={
            field.control === "money" || field.control === "decimal" || field.control === "percent"
              ? "decimal"
              : undefined
          }
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
    <Field id={id} name={field.name} label={textOf(field.label, lang)} error={error}>
      {control}
    </Field>
  )
}
