import { describeError, type FieldIssue } from "@kejin/core"

/** What the CLI says of a command that failed: the lines for standard error, and the exit code. */
export interface CliFailure {
  readonly lines: ReadonlyArray<string>
  /** 2: the core refused what was asked (fix the command or the file); 1: something failed. */
  readonly code: 1 | 2
}

const plainLine = (issue: FieldIssue) =>
  issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`

/**
 * The CLI's one reading of an error, from the description the core's errors declare: a 4xx is a refusal
 * (exit 2) said by its field issues when it is a 422, one a line through `issueLine` (which names the
 * place as the command knows it: an option, a line of the file), else by its detail; anything else is a
 * failure (exit 1) said by its message.
 */
export const cliFailureOf = (
  error: unknown,
  issueLine: (issue: FieldIssue) => string = plainLine
): CliFailure => {
  const described = describeError(error)
  if (described === undefined || described.status >= 500)
    return { lines: [error instanceof Error ? error.message : String(error)], code: 1 }
  const { status, issues, detail, title } = described
  return {
    lines: status === 422 && issues !== undefined ? issues.map(issueLine) : [detail ?? title],
    code: 2
  }
}
