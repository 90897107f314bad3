import { ConflictError, type Target } from "@kejin/core"
import { errorsOf, fixableIssuesOf } from "../forms/core-errors.js"
import { type FormErrors, type FormValues, postedValues } from "../forms/form-state.js"

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

/** The form's fields from a parsed form body; anything else (`_csrf`, unknown names) is left out. */
export const formValuesOf = (body: Readonly<Record<string, unknown>>): FormValues =>
  postedValues(body, FORM_FIELDS)

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
  const issues = fixableIssuesOf(error)
  if (issues === undefined) return undefined
  // A conflict away from the form's fields is said above it without its path.
  const conflict = error instanceof ConflictError
  return errorsOf(
    issues.map((issue) =>
      conflict && !isFormField(issue.path) ? { path: "", message: issue.message } : issue
    ),
    ({ path, message }) => (isFormField(path) ? { field: path, message } : undefined)
  )
}
