/** @jsxImportSource hono/jsx */
import { type Actor, ForbiddenError, isValidUscc, type Kejin, NotFoundError } from "@kejin/core"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { errorsOf, fixableIssuesOf, fixableStatusOf } from "../forms/core-errors.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { isHtmx, postedBody, renderFragment, retarget } from "../forms/post.js"
import { Label, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { canWriteFund, isFundCode, keptQuery } from "./access.js"
import { enterpriseForm, type FundFormId, formErrorsOf, formValuesOf, fundForms, inputOf } from "./forms.js"
import { type FundView, loadFundView } from "./fund-data.js"
import {
  boxId,
  type FailedForm,
  FormBox,
  FundHeader,
  FundSections,
  fundChoices,
  InvestBox,
  type Notice,
  SECTIONS_ID
} from "./fund-view.js"
import { entryKindLabels } from "./vocabulary.js"

/*
 * The fund page (`/funds/:code`) and its writes. Every write posts with htmx: on success the answer is the
 * fund's sections again (fresh figures, chart, holdings, ledger, empty forms) with `HX-Trigger:
 * kejin-changed`; on an error a person can fix, the answer is the form's box alone, re-filled with what
 * was typed and the core's error next to each field, with status 422 (409 for a duplicate) and
 * `HX-Retarget` at the box. Without JavaScript the forms post normally: success redirects back to the
 * page (303), an error renders the page with the form's errors.
 *
 * Only actors who may write this fund (`funds.write`, and a fund manager only for the codes in
 * `actor.funds`) get forms; anyone else posting gets 403, and the core refuses them too.
 */

const TITLE: LocalizedText = { zh: "基金", en: "Fund" }

const forbidden = (c: Context, ctx: PanelContext) =>
  c.html(
    `<p class="panel-error" role="alert">${
      ctx.lang === "en" ? "Your role may not write to this fund." : "您无权登记此基金的记录。"
    }</p>`,
    403
  )

const notFound = (c: Context, ctx: PanelContext) =>
  c.html(
    `<p class="panel-error" role="alert">${ctx.lang === "en" ? "No such fund." : "没有这个基金。"}</p>`,
    404
  )

/** The whole page, optionally with one form in its failed state. */
export const fundPage = async (
  c: Context,
  ctx: PanelContext,
  view: FundView,
  failed?: FailedForm,
  status: 200 | 409 | 422 = 200
) => {
  const { lang } = ctx
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
      <p class="breadcrumbs">
        <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>{lang === "en" ? "All funds" : "全部基金"}</a>
        {" · "}
        <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>{lang === "en" ? "Dashboard" : "返回总览"}</a>
      </p>
      <FundHeader fund={view.fund} ctx={ctx} />
      <FundSections view={view} ctx={ctx} failed={failed} />
    </Page>
  )
  return c.html(page, status)
}

const showFund = async (c: Context, ctx: PanelContext) => {
  const code = c.req.param("code") ?? ""
  if (!isFundCode(code)) return notFoundPage(c, ctx)
  try {
    return await fundPage(c, ctx, await loadFundView(ctx, code))
  } catch (error) {
    if (error instanceof NotFoundError) return notFoundPage(c, ctx)
    throw error
  }
}

const notFoundPage = async (c: Context, ctx: PanelContext) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
        <p class="panel-error" role="alert">
          <Label text={{ zh: "没有这个基金", en: "No such fund" }} lang={ctx.lang} />
        </p>
        <p>
          <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>
            {ctx.lang === "en" ? "All funds" : "全部基金"}
          </a>
        </p>
      </Page>
    ),
    404
  )

// ── answering a write ───────────────────────────────────────────────────────────────────────────

/** The box of a failed form alone, aimed at itself (`HX-Retarget`), or the whole page without htmx. */
const answerFailure = async (
  c: Context,
  ctx: PanelContext,
  code: string,
  failed: FailedForm,
  status: 409 | 422 = 422
) => {
  const view = await loadFundView(ctx, code)
  if (!isHtmx(c)) return fundPage(c, ctx, view, failed, status)
  const choices = fundChoices(view, ctx.lang)
  let box: Child
  let target: string
  if (failed.form === "invest") {
    box = <InvestBox view={view} ctx={ctx} choices={choices} state={failed.state} />
    target = boxId("invest")
  } else if (failed.form === "reverse") {
    // The reversal form sits in the ledger row: answer the sections, the row's form open with its error.
    box = <FundSections view={view} ctx={ctx} failed={failed} />
    target = SECTIONS_ID
  } else {
    box = <FormBox form={failed.form} view={view} ctx={ctx} choices={choices} state={failed.state} />
    target = boxId(failed.form)
  }
  retarget(c, `#${target}`)
  return c.html(await renderFragment(box), status)
}

/** The refreshed sections (htmx) or a redirect to the page (no JavaScript), after a successful write. */
const answerSuccess = async (c: Context, ctx: PanelContext, code: string, notice: Notice) => {
  if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/funds/${code}${keptQuery(ctx)}`, 303)
  const view = await loadFundView(ctx, code)
  c.header("HX-Trigger", CHANGED_EVENT)
  return c.html(await renderFragment(<FundSections view={view} ctx={ctx} notice={notice} />))
}

const recorded = (ctx: PanelContext, kind: string, id: number): string => {
  const what = textOf(entryKindLabels[kind] ?? { zh: kind, en: kind }, ctx.lang)
  return ctx.lang === "en" ? `Recorded: ${what} #${id}.` : `已登记${what} #${id}。`
}

type Writer = (kejin: Kejin, input: unknown, actor: Actor) => Promise<{ id: number; kind: string }>

const writers: Record<FundFormId, Writer> = {
  commit: (k, input, actor) => k.funds.commit(input, { actor }),
  call: (k, input, actor) => k.funds.call(input, { actor }),
  distribute: (k, input, actor) => k.funds.distribute(input, { actor }),
  mark: (k, input, actor) => k.funds.mark(input, { actor }),
  invest: (k, input, actor) => k.funds.invest(input, { actor }),
  value: (k, input, actor) => k.funds.value(input, { actor }),
  exit: (k, input, actor) => k.funds.exit(input, { actor })
}

/** The entry a form names (`commitment`, `investment`) must belong to the fund of the page it was posted on. */
const foreignEntry = async (
  kejin: Kejin,
  form: FundFormId,
  values: FormValues,
  code: string
): Promise<FormErrors | undefined> => {
  const field =
    form === "call" ? "commitment" : form === "value" || form === "exit" ? "investment" : undefined
  const id = field === undefined ? "" : (values[field] ?? "").trim()
  if (field === undefined || !/^\d{1,15}$/.test(id)) return undefined
  try {
    const entry = await kejin.funds.entry(Number(id))
    return entry.fund === code && entry.kind === field
      ? undefined
      : { fields: { [field]: `${field} ${id} is not a ${field} of fund ${code}` }, general: [] }
  } catch (error) {
    if (error instanceof NotFoundError)
      return { fields: { [field]: `${field} ${id} was not found` }, general: [] }
    throw error
  }
}

/** Common checks of every write: a well-formed code, the CSRF token, the actor's right to this fund, the fund. */
const guard = async (
  c: Context,
  ctx: PanelContext
): Promise<{ code: string; body: Record<string, unknown> } | Response> => {
  const code = c.req.param("code") ?? ""
  if (!isFundCode(code)) return notFound(c, ctx)
  const body = await postedBody(c, ctx)
  if (body instanceof Response) return body
  if (!canWriteFund(ctx.actor, code)) return forbidden(c, ctx)
  try {
    await ctx.kejin.funds.get(code)
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(c, ctx)
    throw error
  }
  return { code, body }
}

const handleFundWrite = async (c: Context, ctx: PanelContext, form: FundFormId): Promise<Response> => {
  const guarded = await guard(c, ctx)
  if (guarded instanceof Response) return guarded
  const { code, body } = guarded
  const spec = fundForms[form]
  const values = formValuesOf(spec, body)
  let errors = await foreignEntry(ctx.kejin, form, values, code)
  let status: 409 | 422 = 422
  if (errors === undefined) {
    try {
      const entry = await writers[form](ctx.kejin, inputOf(spec, values, code), ctx.actor)
      return await answerSuccess(c, ctx, code, recorded(ctx, entry.kind, entry.id))
    } catch (error) {
      if (error instanceof ForbiddenError) return forbidden(c, ctx)
      errors = formErrorsOf(spec, values, error)
      if (errors === undefined) throw error
      status = fixableStatusOf(error)
    }
  }
  if (form !== "invest") return answerFailure(c, ctx, code, { form, state: { values, errors } }, status)
  // A credit code that is well formed but not registered opens the register form, filled in with it.
  const uscc = (values.enterprise ?? "").trim().toUpperCase()
  let unregistered = false
  if (errors.fields.enterprise !== undefined && isValidUscc(uscc)) {
    unregistered = await ctx.kejin.registry.enterpriseByUscc(uscc).then(
      () => false,
      (error) => {
        if (error instanceof NotFoundError) return true
        throw error
      }
    )
  }
  return answerFailure(
    c,
    ctx,
    code,
    {
      form: "invest",
      state: {
        invest: { values, errors },
        registerOpen: unregistered,
        register: unregistered ? { values: { "reg-uscc": uscc } } : undefined
      }
    },
    status
  )
}

/** 登记企业 from beside the investment form: the investment's fields come along (`hx-include`) and are kept. */
const handleRegister = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const guarded = await guard(c, ctx)
  if (guarded instanceof Response) return guarded
  const { code, body } = guarded
  const invest = formValuesOf(fundForms.invest, body)
  const register = formValuesOf(enterpriseForm, body)
  try {
    const enterprise = await ctx.kejin.registry.addEnterprise(inputOf(enterpriseForm, register), {
      actor: ctx.actor
    })
    if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/funds/${code}${keptQuery(ctx)}`, 303)
    const view = await loadFundView(ctx, code)
    const notice =
      ctx.lang === "en"
        ? `Registered ${enterprise.name} (${enterprise.uscc}): now record the investment.`
        : `已登记企业 ${enterprise.name}（${enterprise.uscc}），请继续登记投资。`
    const state = {
      invest: { values: { on: view.figures.asOf, ...invest, enterprise: enterprise.uscc } },
      notice
    }
    c.header("HX-Trigger", CHANGED_EVENT)
    return c.html(
      await renderFragment(
        <InvestBox view={view} ctx={ctx} choices={fundChoices(view, ctx.lang)} state={state} />
      )
    )
  } catch (error) {
    if (error instanceof ForbiddenError) return forbidden(c, ctx)
    const errors = formErrorsOf(enterpriseForm, register, error)
    if (errors === undefined) throw error
    return answerFailure(
      c,
      ctx,
      code,
      {
        form: "invest",
        state: {
          invest: Object.keys(invest).length > 0 ? { values: invest } : undefined,
          register: { values: register, errors },
          registerOpen: true
        }
      },
      fixableStatusOf(error)
    )
  }
}

/** 冲销: takes an entry of this fund out of every figure (it stays in the ledger). */
const handleReverse = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const guarded = await guard(c, ctx)
  if (guarded instanceof Response) return guarded
  const { code, body } = guarded
  const idText = typeof body.id === "string" ? body.id.trim() : ""
  const reason = typeof body.reason === "string" ? body.reason : ""
  if (!/^\d{1,15}$/.test(idText)) return c.text("Name the entry to reverse", 400)
  const id = Number(idText)
  const entry = await ctx.kejin.funds.entry(id).catch((error) => {
    if (error instanceof NotFoundError) return undefined
    throw error
  })
  if (entry === undefined || entry.fund !== code) return c.text(`Fund ${code} has no entry ${id}`, 404)
  try {
    const reversal = await ctx.kejin.funds.reverse(id, reason, { actor: ctx.actor })
    const notice =
      ctx.lang === "en"
        ? `Entry #${id} reversed (reversal #${reversal.id}).`
        : `已冲销记录 #${id}（冲销记录 #${reversal.id}）。`
    return await answerSuccess(c, ctx, code, notice)
  } catch (error) {
    if (error instanceof ForbiddenError) return forbidden(c, ctx)
    const issues = fixableIssuesOf(error)
    if (issues === undefined) throw error
    // The reason is the form's one field: anything else is said above it, without its path.
    const errors = errorsOf(
      issues.map((issue) => (issue.path === "reason" ? issue : { path: "", message: issue.message })),
      ({ path, message }) => (path === "reason" ? { field: "reason", message } : undefined)
    )
    return answerFailure(
      c,
      ctx,
      code,
      { form: "reverse", id, state: { values: { reason }, errors } },
      fixableStatusOf(error)
    )
  }
}

/** The fund page's routes: the page, a POST per form, the register-enterprise form and reversals. */
export const fundRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/funds/:code", permission: "funds.read", handler: showFund },
  ...(Object.keys(fundForms) as Array<FundFormId>).map(
    (form): PluginRoute => ({
      method: "POST",
      path: `/funds/:code/${form}`,
      permission: "funds.write",
      handler: (c, ctx) => handleFundWrite(c, ctx, form)
    })
  ),
  {
    method: "POST",
    path: "/funds/:code/enterprise",
    permission: "enterprises.write",
    handler: handleRegister
  },
  { method: "POST", path: "/funds/:code/reverse", permission: "funds.write", handler: handleReverse }
]
