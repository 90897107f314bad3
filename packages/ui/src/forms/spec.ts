import type { LocalizedText } from "../i18n.js"

/*
 * A form as data: its title and submit button, and its fields (each named after the core's input field,
 * so that the core's field errors land next to the right input).
 */

/** One option of a select, or one suggestion under a text input. */
export type Choice = { readonly value: string; readonly label: string }

/**
 * How a field is filled in: typed text (money and decimals with a decimal keypad, credit codes unchecked for
 * spelling), a rate in percent (`3.85` for 3.85 %, sent as `3.85%`: see `percent.ts`), a date, a select, or
 * lines of text.
 */
export type Control = "text" | "money" | "decimal" | "percent" | "uscc" | "date" | "select" | "lines"

export interface FieldSpec {
  /** The form field's name (and the core's input field, unless the form says otherwise). */
  readonly name: string
  readonly label: LocalizedText
  readonly control: Control
  /** Blank means "not given": the core's default applies. Required fields are sent even when blank. */
  readonly optional?: boolean
  readonly placeholder?: string
}

export interface FormSpec<Field extends FieldSpec = FieldSpec> {
  readonly id: string
  readonly title: LocalizedText
  readonly submit: LocalizedText
  readonly fields: ReadonlyArray<Field>
}
