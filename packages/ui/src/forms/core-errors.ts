import { describeError } from "@kejin/core"
import type { Lang } from "../i18n.js"
import type { FormErrors } from "./form-state.js"
import { type CoreMessage, messageFor } from "./messages.js"

/*
 * The core's errors as errors a person can fix in a form: which issues there are, and where each one shows.
 */

/** One thing wrong with an input, as the core says it: the input's path (`pledgor.uscc`, `patents.2`, "" for the whole) and the reason. */
export interface Issue extends CoreMessage {
  readonly path: string
}

/** An issue in the page's language: the catalogue's words for its code, else the core's message. */
export const localizedIssue = (issue: Issue, lang: Lang): Issue => ({
  ...issue,
  message: messageFor(issue, lang)
})

/**
 * The issues a person can fix in an error the core threw, read from what the error declares it means: one
 * whose status is 422 (invalid input: its field issues) or 409 (a conflict, e.g. a duplicate: at its field,
 * or about the whole form). `undefined` for anything else (the caller answers with a status of its own).
 * With `lang`, an issue the catalogue knows by its code is worded in that language.
 */
export const fixableIssuesOf = (error: unknown, lang?: Lang): ReadonlyArray<Issue> | undefined => {
  const described = describeError(error)
  if (described?.status !== 422 && described?.status !== 409) return undefined
  const issues = described.issues ?? [
    {
      path: "",
      message: described.detail ?? described.title,
      ...(described.code === undefined ? {} : { code: described.code, params: described.params })
    }
  ]
  return lang === undefined ? issues : issues.map((issue) => localizedIssue(issue, lang))
}

/** The status of a form's answer with the issues of {@link fixableIssuesOf}: 409 for a conflict, else 422. */
export const fixableStatusOf = (error: unknown): 409 | 422 =>
  describeError(error)?.status === 409 ? 409 : 422

/** Where an issue shows in a form: at field `field` (a form field name), saying `message`. */
export interface Placement {
  readonly field: string
  readonly message: string
  /** Added to what the field already says, after this separator (one field gathering several issues). */
  readonly join?: string
}

/**
 * The form's errors from `issues`: an issue `place` puts at a field shows there (the first one for a
 * field, unless it joins), any other above the form as `path: message` (the message alone without a path).
 */
export const errorsOf = (
  issues: ReadonlyArray<Issue>,
  place: (issue: Issue) => Placement | undefined
): FormErrors => {
  const fields: Record<string, string> = {}
  const general: Array<string> = []
  for (const issue of issues) {
    const at = place(issue)
    const before = at === undefined ? undefined : fields[at.field]
    if (at === undefined) general.push(issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`)
    else if (before === undefined) fields[at.field] = at.message
    else if (at.join !== undefined) fields[at.field] = `${before}${at.join}${at.message}`
  }
  return { fields, general }
}
