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
  "displayOrder",
  "splitBy",
  "parts"
] as const
export type FormField = (typeof FORM_FIELDS)[number]

/** The form's fields from a parsed form body; anything else (`_csrf`, unknown names) is left out. */
export const formValuesOf = (body: Readonly<Record<string, unknown>>): FormValues =>
  postedValues(body, FORM_FIELDS)

/** Fields a person may leave blank: blank means "not given" (the core's default, or no change). */
const OPTIONAL: ReadonlySet<FormField> = new Set([
  "periodKind",
  "periodStart",
  "periodEnd",
  "displayOrder",
  "splitBy",
  "parts"
])

/**
 * The parts of a split target as typed, one a line: `code, target[, name, nameEn[, metric]]` (commas,
 * Chinese commas or tabs between), e.g. `330302, 6亿` for a district or `kjj, 3.2, 市科技局, Science
 * Bureau, rd-intensity` for a responsible unit. Blank lines are skipped; the core checks each part.
 */
export const partsOfText = (text: string): Array<Record<string, string>> =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [code = "", target = "", name, nameEn, metric] = line.split(/\s*[,，\t]\s*/)
      return {
        code,
        target,
        ...(name ? { name } : {}),
        ...(nameEn ? { nameEn } : {}),
        ...(metric ? { metric } : {})
      }
    })

/** A stored target's parts as the form's text, one a line. */
export const textOfParts = (t: Target): string =>
  t.parts
    .map((p) =>
      [
        p.code,
        t.unit === "yuan" ? p.target.toFixed(2) : p.target.toFixed(), // float-ok: Decimal.toFixed, exact
        ...(t.splitBy === "unit" || p.metric !== null ? [p.name, p.nameEn] : []),
        ...(p.metric === null ? [] : [p.metric])
      ].join(", ")
    )
    .join("\n")

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
    if (field === "parts") {
      // An edit that clears the parts takes the split away; a blank create sends none.
      if (text !== "" || mode === "update") input.parts = partsOfText(text)
      continue
    }
    if (field === "splitBy" && (values.parts ?? "").trim() === "") continue
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
  target:
    t.unit === "yuan" ? t.target.toFixed(2) : t.unit === "percent" ? t.target.toFixed() : t.target.toFixed(0), // float-ok: Decimal.toFixed, exact
  periodKind: t.periodKind,
  periodStart: t.periodStart ?? "",
  periodEnd: t.periodEnd ?? "",
  metric: t.metric,
  displayOrder: String(t.order),
  splitBy: t.splitBy ?? "",
  parts: textOfParts(t)
})

const isFormField = (path: string): path is FormField => (FORM_FIELDS as ReadonlyArray<string>).includes(path)

/** `parts.2.target` is said at the parts field, naming the line (3). */
const partIssue = (path: string, message: string) => {
  const match = /^parts\.(\d+)(?:\.(\w+))?$/.exec(path)
  if (match === null) return undefined
  return {
    field: "parts" as const,
    message: `#${Number(match[1]) + 1}${match[2] ? ` ${match[2]}` : ""}: ${message}`,
    join: "; "
  }
}

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
    ({ path, message }) => (isFormField(path) ? { field: path, message } : partIssue(path, message))
  )
}
