import type { Target } from "@kejin/core"

/** The fields of the create and edit forms: the names of `TargetInput` in the core. */
export const FORM_FIELDS = [
  "key",
  "label",
  "labelEn",
  "unit",
  "target",
  "periodKind",
  "periodStart",
  "periodEnd",
  "metric",
  "displayOrder"
] as const
export type FormField = (typeof FORM_FIELDS)[number]

/** What a form holds, as text: what the person typed comes back into the form unchanged on an error. */
export type FormValues = Partial<Record<FormField, string>>

/** Errors to show in a form: next to each field, and above it for anything not tied to a field. */
export interface FormErrors {
  readonly fields: Partial<Record<FormField, string>>
  readonly general: ReadonlyArray<string>
}

/** The form's fields from a parsed form body; anything else (`_csrf`, unknown names) is left out. */
export const formValuesOf = (body: Readonly<Record<string, unknown>>): FormValues => {
  const values: FormValues = {}
  for (const field of FORM_FIELDS) {
    const value = body[field]
    if (typeof value === "string") values[field] = value
  }
  return values
}

/** Fields a person may leave blank: blank means "not given" (the core's default, or no change). */
const OPTIONAL: ReadonlySet<FormField> = new Set(["periodKind", "periodStart", "periodEnd", "displayOrder"])

/**
 * The core's input from a form, trimmed. A required field is sent even when blank, so the core names
 * it ("must not be empty"), also in an edit (clearing a field is not "no change"); a blank optional
 * field is left out. The days of a period go only with a fixed period; the display order as a number
 * when it is one. An edit never sends the key: it is part of the URL and never changes.
 */
export const inputOfForm = (values: FormValues, mode: "create" | "update"): Record<string, unknown> => {
  const input: Record<string, unknown> = {}
  for (const field of FORM_FIELDS) {
    const text = (values[field] ?? "").trim()
    if (field === "key" && mode === "update") continue
    if (text === "" && OPTIONAL.has(field)) continue
    if ((field === "periodStart" || field === "periodEnd") && values.periodKind !== "fixed") continue
    input[field] = field === "displayOrder" && /^\d{1,9}$/.test(text) ? Number(text) : text
  }
  return input
}

/** A stored target as form values, for its edit form. */
export const valuesOfTarget = (t: Target): FormValues => ({
  key: t.key,
  label: t.label,
  labelEn: t.labelEn,
  unit: t.unit,
  target: t.unit === "yuan" ? t.target.toFixed(2) : t.target.toFixed(0),
  periodKind: t.periodKind,
  periodStart: t.periodStart ?? "",
  periodEnd: t.periodEnd ?? "",
  metric: t.metric,
  displayOrder: String(t.order)
})

const isFormField = (path: string): path is FormField => (FORM_FIELDS as ReadonlyArray<string>).includes(path)

/**
 * The errors a person can fix, from an error the core threw: field issues (ValidationError), a key in
 * use (ConflictError). `undefined` for anything else (the caller answers with a status of its own).
 */
export const formErrorsOf = (error: unknown): FormErrors | undefined => {
  const e = error as { _tag?: string; message?: string; issues?: unknown; field?: unknown }
  if (e?._tag === "ValidationError" && Array.isArray(e.issues)) {
    const fields: Partial<Record<FormField, string>> = {}
    const general: Array<string> = []
    for (const issue of e.issues as Array<{ path: string; message: string }>) {
      if (isFormField(issue.path)) fields[issue.path] = fields[issue.path] ?? issue.message
      else general.push(issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`)
    }
    return { fields, general }
  }
  if (e?._tag === "ConflictError") {
    const message = String(e.message ?? "conflict")
    return typeof e.field === "string" && isFormField(e.field)
      ? { fields: { [e.field]: message }, general: [] }
      : { fields: {}, general: [message] }
  }
  return undefined
}
