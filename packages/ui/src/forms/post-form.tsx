/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import { catalogueText, type Lang, textOf } from "../i18n.js"
import { type FormErrors, hasErrors } from "./form-state.js"

/*
 * A form's frame: the `<form>` posting with htmx and carrying the session's CSRF token, and the summary of
 * its errors above the fields.
 */

/**
 * A form posting with htmx to `action` (and without JavaScript, normally); the answer replaces `target`
 * (an error answer may aim itself elsewhere). `include` names more fields htmx posts along; `method` the
 * method the post stands for when it is not POST (`PATCH`: sent as `_method`, see forms/operation-form.ts).
 */
export const PostForm = (props: {
  id: string
  class: string
  action: string
  target: string
  include?: string | undefined
  method?: string | undefined
  csrfToken: string
  children?: Child
}) => (
  <form
    id={props.id}
    class={props.class}
    method="post"
    action={props.action}
    hx-post={props.action}
    hx-target={props.target}
    hx-swap="outerHTML"
    hx-include={props.include}
    novalidate
  >
    <input type="hidden" name="_csrf" value={props.csrfToken} />
    {props.method === undefined ? null : <input type="hidden" name="_method" value={props.method} />}
    {props.children}
  </form>
)

/** The errors above a form: a summary, and every error not tied to one of its fields. */
export const ErrorSummary = (props: { errors: FormErrors | undefined; lang: Lang }) =>
  hasErrors(props.errors) ? (
    <p class="form-errors" role="alert">
      {textOf(catalogueText("form-correct-marked"), props.lang)}
      {(props.errors?.general ?? []).map((message) => (
        <span class="field-error"> {message}</span>
      ))}
    </p>
  ) : null
