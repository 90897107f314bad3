/** @jsxImportSource hono/jsx */
import type { AnyOperation } from "@kejin/core/internal"
import type { Context } from "hono"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { errorsOf, type Issue } from "../forms/core-errors.js"
import { errorAttrs, Field } from "../forms/field.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { type FormPost, formAction, type OperationForm, operationForm } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import type { PanelContext } from "../plugin.js"
import type { RecordKind } from "./kinds.js"
import { t } from "./vocabulary.js"

/*
 * The reversal of a record (`linkage.reverse`, posted to its route): a reason, and a box to tick that says
 * what reversing means; the kind and id are the record page's. Done, the record page shows it reversed.
 */

export const REVERSE_FORM_ID = "record-reverse"

/** What a reversal form reverses when it is not the page's record: a row of one of its lists. */
export interface ReversedRow {
  /** The record kind `linkage.reverse` takes (`loan-event`). */
  readonly kind: string
  readonly id: number
}

/** The id of the reversal form of the page's record, or of one of its rows. */
export const reverseFormId = (row?: ReversedRow | undefined): string =>
  row === undefined ? REVERSE_FORM_ID : `${REVERSE_FORM_ID}-${row.kind}-${row.id}`

export interface ReversalFailure {
  readonly values: FormValues
  readonly errors: FormErrors
}

/** The query a reversal's action carries: which page to answer with. */
const searchOf = (ctx: PanelContext, kind: RecordKind, key: string): string => {
  const params = new URLSearchParams({ record: kind.slug, key })
  if (ctx.lang === "en") params.set("lang", "en")
  return `?${params.toString()}`
}

export const ReversalForm = (props: {
  ctx: PanelContext
  op: AnyOperation
  kind: RecordKind
  keyText: string
  recordId: number
  failure?: ReversalFailure | undefined
  /**
   * What depends on the record (its own lists' live records, by list): shown before the reason, as the
   * core refuses the reversal until they are reversed. Undefined: not known here (an answer to a refusal).
   */
  dependents?: ReadonlyArray<{ readonly list: string; readonly count: number }> | undefined
  /**
   * A row of one of the record's lists to reverse instead of the record (a loan's repayment): the same
   * reason and confirmation, and the answer is the record's page again.
   */
  row?: ReversedRow | undefined
}) => {
  const { ctx, kind, row } = props
  const { lang } = ctx
  const errors = props.failure?.errors
  const formId = reverseFormId(row)
  const reasonId = `${formId}-reason`
  const confirmId = `${formId}-confirm`
  return (
    <details
      class="fund-form-box"
      id={`${formId}-box`}
      data-dialog
      data-reverses={row === undefined ? undefined : `${row.kind}:${row.id}`}
      open={errors === undefined ? undefined : true}
    >
      <summary>{t(row === undefined ? "reverse" : "reverseRow", lang)}</summary>
      <PostForm
        id={formId}
        class="fund-form"
        action={formAction(props.op, {}, searchOf(ctx, kind, props.keyText))}
        target="#record-section"
        csrfToken={ctx.csrfToken}
      >
        <input type="hidden" name="kind" value={row?.kind ?? kind.reversal ?? ""} />
        <input type="hidden" name="id" value={String(row?.id ?? props.recordId)} />
        <ErrorSummary errors={errors} lang={lang} />
        {props.dependents === undefined ? null : props.dependents.length === 0 ? (
          <p class="reversal-consequences" data-consequences="none">
            {t("reversesOnly", lang)}
          </p>
        ) : (
          <div class="reversal-consequences" data-consequences="dependents">
            <p>{t("dependentsFirst", lang)}</p>
            <ul>
              {props.dependents.map((d) => (
                <li data-dependent={d.list}>{t("dependentCount", lang, { list: d.list, count: d.count })}</li>
              ))}
            </ul>
          </div>
        )}
        <Field id={reasonId} name="reason" label={t("reason", lang)} error={errors?.fields.reason}>
          <input
            type="text"
            id={reasonId}
            name="reason"
            required
            value={props.failure?.values.reason ?? ""}
            autocomplete="off"
            {...errorAttrs(reasonId, errors?.fields.reason)}
          />
        </Field>
        <Field id={confirmId} name="confirm" label={t("confirm", lang)} error={errors?.fields.confirm}>
          <input
            type="checkbox"
            id={confirmId}
            name="confirm"
            value="yes"
            {...errorAttrs(confirmId, errors?.fields.confirm)}
          />
        </Field>
        <button type="submit">{t(row === undefined ? "reverse" : "reverseRow", lang)}</button>{" "}
        <button type="button" data-close-details>
          {t("cancel", lang)}
        </button>
      </PostForm>
    </details>
  )
}

/** What the reversal form needs of the pages (given by the plugin, which knows the kinds). */
export interface ReversalPages {
  readonly kindOf: (slug: string) => RecordKind | undefined
  readonly fragment: (
    ctx: PanelContext,
    kind: RecordKind,
    key: string,
    notice: string
  ) => Promise<string | undefined>
  readonly page: (
    c: Context,
    ctx: PanelContext,
    kind: RecordKind,
    key: string,
    failure: ReversalFailure,
    status: 409 | 422,
    row?: ReversedRow | undefined
  ) => Promise<Response>
  readonly href: (ctx: PanelContext, kind: RecordKind, key: string) => string
}

const errorsOfIssues = (issues: ReadonlyArray<Issue>): FormErrors =>
  errorsOf(issues, (issue) =>
    issue.path === "reason" || issue.path === "confirm"
      ? { field: issue.path, message: issue.message }
      : undefined
  )

export const reversalForm = (op: AnyOperation, pages: ReversalPages): OperationForm<unknown> => {
  const target = (post: FormPost) => {
    const kind = pages.kindOf(post.ctx.query.record ?? "")
    return kind === undefined ? undefined : { kind, key: post.ctx.query.key ?? "" }
  }
  const refuse = async (post: FormPost, errors: FormErrors, status: 409 | 422): Promise<Response> => {
    const { c, ctx, fields } = post
    const at = target(post)
    if (at === undefined) return c.text(errors.general.join("; ") || "refused", status)
    const failure = { values: fields, errors }
    // A row's reversal (its kind is not the page's record's) answers in its own form.
    const row =
      fields.kind !== undefined && fields.kind !== at.kind.reversal
        ? { kind: fields.kind, id: Number(fields.id) }
        : undefined
    if (!isHtmx(c)) return pages.page(c, ctx, at.kind, at.key, failure, status, row)
    retarget(c, `#${reverseFormId(row)}-box`)
    return c.html(
      await renderFragment(
        <ReversalForm
          ctx={ctx}
          op={op}
          kind={at.kind}
          keyText={at.key}
          recordId={Number(fields.id)}
          failure={failure}
          row={row}
        />
      ),
      status
    )
  }
  return operationForm<unknown>({
    operation: op,
    check: async (post) => {
      const issues: Array<Issue> = []
      if ((post.fields.reason ?? "").trim() === "")
        issues.push({ path: "reason", message: t("reason", post.ctx.lang) })
      if (post.fields.confirm !== "yes")
        issues.push({ path: "confirm", message: t("mustConfirm", post.ctx.lang) })
      return issues.length === 0 ? undefined : refuse(post, errorsOfIssues(issues), 422)
    },
    input: ({ fields }) => ({
      kind: fields.kind,
      id: /^\d+$/.test(fields.id ?? "") ? Number(fields.id) : fields.id,
      reason: fields.reason
    }),
    done: async (post) => {
      const { c, ctx } = post
      const at = target(post)
      if (at === undefined) return c.body(null, 204)
      if (!isHtmx(c)) return c.redirect(pages.href(ctx, at.kind, at.key), 303)
      c.header("HX-Trigger", CHANGED_EVENT)
      const html = await pages.fragment(ctx, at.kind, at.key, t("reversedNotice", ctx.lang))
      return html === undefined ? c.body(null, 204) : c.html(html)
    },
    refused: (post, { issues, status }) => refuse(post, errorsOfIssues(issues), status)
  })
}
