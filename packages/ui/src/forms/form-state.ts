/*
 * What a form holds between a post and its answer: the values as typed (they come back unchanged on an
 * error) and the errors to show, next to a field or above the form.
 */

/** A form's values, as typed, by form field name. */
export type FormValues = Readonly<Record<string, string>>

/** Errors to show in a form: next to each field (by form field name), and above it for the rest. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>
  readonly general: ReadonlyArray<string>
}

export const hasErrors = (errors: FormErrors | undefined): boolean =>
  errors !== undefined && (errors.general.length > 0 || Object.keys(errors.fields).length > 0)

/** The fields `names` from a parsed form body; anything else (`_csrf`, unknown names, files) is left out. */
export const postedValues = (
  body: Readonly<Record<string, unknown>>,
  names: Iterable<string>
): Record<string, string> => {
  const values: Record<string, string> = {}
  for (const name of names) {
    const value = body[name]
    if (typeof value === "string") values[name] = value
  }
  return values
}
