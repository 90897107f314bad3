/** @jsxImportSource hono/jsx */
import { can, type Decimal, type Target, type TargetProgress, type TargetRanking } from "@kejin/core"
import {
  columnLabels,
  createTarget,
  defineReportedMeasure,
  reportValue,
  reverseReportedValue,
  targetProgress,
  targetSplitLabels,
  updateTarget
} from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { asOfOf, keptQuery } from "../equity/access.js"
import { ExportLinks } from "../export-links.js"
import { errorsOf, fixableIssuesOf } from "../forms/core-errors.js"
import { errorAttrs, Field, fieldId } from "../forms/field.js"
import type { FormErrors, FormValues } from "../forms/form-state.js"
import { postedValues } from "../forms/form-state.js"
import {
  type FormPost,
  formAction,
  methodOverride,
  operationForm,
  type Refusal
} from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { placeholderText } from "../money.js"
import type { NavigationItem, PanelContext, PluginRoute } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { type DrillScope, loadDrillScope, targetListHref, ValueLink } from "./drill.js"
import {
  FORM_FIELDS,
  type FormField,
  formErrorsOf,
  formValuesOf,
  inputOfForm,
  valuesOfTarget
} from "./form.js"
import {
  barPercent,
  completionText,
  type MoneyUnit,
  moneyUnitFor,
  Need,
  type NeedPeriod,
  needOf,
  PerMonth,
  Projected,
  StatusBadge,
  TargetFigure,
  timeLeftText
} from "./format.js"
import {
  DEFINE_FORM_ID,
  REPORT_FORM_ID,
  REPORTED_FIELDS,
  type ReportedFailure,
  type ReportedMeasureView,
  ReportedSection,
  reverseFormId
} from "./reported-section.js"

/** A measure as the page shows it (what `kejin.targets.measures.list()` answers). */
interface MeasureView {
  readonly id: string
  readonly label: LocalizedText
  readonly unit: "yuan" | "count" | "percent"
  readonly source: "computed" | "plugin" | "reported"
}

/** One version of a target as the edit form lists it. */
interface VersionView {
  readonly version: number
  readonly changedAt: string
  readonly changedBy: string
  readonly target: Target
}

/**
 * The targets page (`/targets`): every target with its progress, pace, run rate, projected date and
 * on-track badge; for actors with `targets.write` a form to add a target and one to edit each.
 *
 * The forms post with htmx. On success the answer is the whole section again (fresh figures, empty
 * forms) with `HX-Trigger: kejin-changed`, so dashboard panels reload. On an error a person can fix
 * the answer is the form alone, re-filled with what was typed and an error next to each field, with
 * status 422 (409 for a key in use) and `HX-Retarget` pointing at the form, so only the form is swapped.
 * Without JavaScript the forms post normally: success redirects back to the page (303), an error
 * renders the page with the form's errors.
 */

const TITLE: LocalizedText = { zh: "目标", en: "Targets" }
const SECTION_ID = "targets-section"
const CREATE_FORM_ID = "target-create"
const editFormId = (key: string) => `target-edit-${key}`

/** The header link to this page. */
export const targetsNavigation: NavigationItem = {
  href: "/targets",
  label: TITLE,
  permission: "targets.read"
}

const UNIT_LABELS: Record<MeasureView["unit"], LocalizedText> = {
  yuan: { zh: "元", en: "yuan" },
  count: { zh: "个（数量）", en: "count" },
  percent: { zh: "%（百分比）", en: "percent" }
}

const SOURCE_LABELS: Record<MeasureView["source"], LocalizedText> = {
  computed: { zh: "系统统计", en: "Computed" },
  plugin: { zh: "插件统计", en: "From a plugin" },
  reported: { zh: "人工上报", en: "Reported" }
}

const SPLIT_LABELS: Record<"" | keyof typeof targetSplitLabels, LocalizedText> = {
  "": { zh: "不分解", en: "Not split" },
  ...targetSplitLabels
}

/** A target field's label as the core declares it for the write (operations/labels.ts; the audit's too). */
const declaredLabel = (field: FormField): LocalizedText =>
  columnLabels(createTarget.name, field) ?? { zh: field, en: field }

const FIELD_LABELS: Record<FormField, LocalizedText> = {
  ...(Object.fromEntries(FORM_FIELDS.map((field) => [field, declaredLabel(field)])) as Record<
    FormField,
    LocalizedText
  >),
  // The parts as typed in the textarea, one a line (form.ts `partsOfText`).
  parts: {
    zh: "分解目标（每行：代码, 目标值[, 名称, 英文名称[, 口径]]）",
    en: "Parts (a line each: code, target[, name, English name[, measure]])"
  }
}

// ── the list ────────────────────────────────────────────────────────────────────────────────────

const ProgressCell = (props: { progress: TargetProgress }) => {
  const { value, target } = props.progress
  const percent = completionText(value, target)
  return (
    <td>
      <span class="target-pct">{percent}</span>{" "}
      <progress value={barPercent(value, target)} max={100}>
        {percent}
      </progress>
    </td>
  )
}

/** One money unit per column of the table, chosen from the column's largest amount (money targets only). */
interface ColumnUnits {
  readonly value: MoneyUnit
  readonly gap: MoneyUnit
  readonly need: MoneyUnit
  readonly runRate: MoneyUnit
  readonly projectedEnd: MoneyUnit
}

const columnUnitsOf = (progress: ReadonlyArray<TargetProgress>, lang: Lang): ColumnUnits => {
  const money = progress.filter((p) => p.unit === "yuan")
  const unit = (amounts: ReadonlyArray<Decimal | null>) =>
    moneyUnitFor(
      amounts.filter((a): a is Decimal => a !== null),
      lang
    )
  return {
    value: unit(money.flatMap((p) => [p.value, p.target])),
    gap: unit(money.map((p) => p.remaining)),
    need: unit(money.map((p) => needOf(p).amount)),
    runRate: unit(money.map((p) => p.runRate12m)),
    projectedEnd: unit(money.map((p) => p.projectedEnd))
  }
}

const PER: Record<NeedPeriod, LocalizedText> = {
  month: { zh: "/月", en: "/month" },
  week: { zh: "/周", en: "/week" },
  day: { zh: "/日", en: "/day" }
}

const MeasureCell = (props: { progress: TargetProgress; measure: MeasureView | undefined; lang: Lang }) => (
  <td data-figure="measure">
    {props.measure === undefined ? (
      <code>{props.progress.metric}</code>
    ) : (
      <Label text={props.measure.label} lang={props.lang} />
    )}
    <span class="muted">
      {" · "}
      {textOf(UNIT_LABELS[props.progress.unit], props.lang)}
      {props.measure === undefined ? null : <> · {textOf(SOURCE_LABELS[props.measure.source], props.lang)}</>}
    </span>
  </td>
)

const TargetRow = (props: {
  progress: TargetProgress
  units: ColumnUnits
  target: Target | undefined
  measure: MeasureView | undefined
  /** The list of the records behind the value (drill-down), when one shows them. */
  href: string | undefined
  versions: ReadonlyArray<VersionView> | undefined
  ctx: PanelContext
  failed: FormState | undefined
  measures: ReadonlyArray<MeasureView>
}) => {
  const { progress: p, ctx, failed, units } = props
  const lang = ctx.lang
  // A reported level has no run rate: nothing to project, nothing needed per month.
  const dash = p.level ? <>—</> : null
  return (
    <tr data-target-key={p.key}>
      <th scope="row">
        <Label text={{ zh: p.label, en: p.labelEn }} lang={lang} />
      </th>
      <ProgressCell progress={p} />
      <MeasureCell progress={p} measure={props.measure} lang={lang} />
      <td>
        <ValueLink href={props.href} lang={lang}>
          <TargetFigure amount={p.value} unit={p.unit} money={units.value} />
        </ValueLink>{" "}
        / <TargetFigure amount={p.target} unit={p.unit} money={units.value} />
      </td>
      <td data-figure="gap">
        <TargetFigure amount={p.remaining} unit={p.unit} money={units.gap} />
      </td>
      <td>
        {p.periodStart} – {p.periodEnd}
      </td>
      <td data-figure="time-left">{timeLeftText(p, lang)}</td>
      <td data-figure="need">
        {dash ?? (
          <>
            <Need progress={p} lang={lang} money={units.need} />
            {needOf(p).amount === null ? null : textOf(PER[needOf(p).per], lang)}
          </>
        )}
      </td>
      <td>{dash ?? <PerMonth amount={p.runRate12m} unit={p.unit} lang={lang} money={units.runRate} />}</td>
      <td data-figure="projected-end">
        {dash ?? <TargetFigure amount={p.projectedEnd} unit={p.unit} money={units.projectedEnd} />}
      </td>
      <td>{dash ?? <Projected date={p.projectedDate} />}</td>
      <td>
        <StatusBadge progress={p} lang={lang} />
      </td>
      {can(ctx.actor, "targets.write") && props.target !== undefined ? (
        <td>
          <details open={failed !== undefined}>
            <summary>{lang === "en" ? "Edit" : "编辑"}</summary>
            <TargetForm
              ctx={ctx}
              target={props.target}
              measures={props.measures}
              values={failed?.values ?? valuesOfTarget(props.target)}
              errors={failed?.errors}
            />
            {props.versions === undefined ? null : <Versions versions={props.versions} lang={lang} />}
          </details>
        </td>
      ) : null}
    </tr>
  )
}

const COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "目标", en: "Target" },
  { zh: "完成率", en: "Progress" },
  { zh: "统计口径 · 单位", en: "Measure · unit" },
  { zh: "完成 / 目标", en: "Value / target" },
  { zh: "还差", en: "To go" },
  { zh: "期间", en: "Period" },
  { zh: "剩余时间", en: "Time left" },
  { zh: "所需进度", en: "Needed" },
  { zh: "近12月月均", en: "12-month run rate" },
  { zh: "期末预计（按期内日均）", en: "Projected at period end (daily average so far)" },
  { zh: "预计达成日", en: "Projected date" },
  { zh: "状态", en: "Status" }
]

const RANKING_COLUMNS: ReadonlyArray<LocalizedText & { num?: boolean }> = [
  { zh: "排名", en: "Rank", num: true },
  { zh: "分解单位", en: "Part" },
  { zh: "完成率", en: "Progress" },
  { zh: "完成 / 目标", en: "Value / target" }
]

/**
 * 排行榜: a split target's parts ranked by progress, and a warning when the parts' figures do not add up
 * to the whole (the core checks it exactly, `partsMatch`).
 */
export const Ranking = (props: { ranking: TargetRanking; lang: Lang }) => {
  const { ranking: r, lang } = props
  const unit = moneyUnitFor(
    r.parts.flatMap((p) => [p.value, p.target]),
    lang
  )
  const whole = moneyUnitFor([r.target, r.partsTarget], lang)
  const title = {
    zh: `${r.label} · ${textOf(SPLIT_LABELS[r.splitBy ?? ""], "zh")}排行榜`,
    en: `${r.labelEn} · ranking ${textOf(SPLIT_LABELS[r.splitBy ?? ""], "en").toLowerCase()}`
  }
  return (
    <section class="target-ranking" data-ranking={r.key} aria-label={textOf(title, lang)}>
      <h3>{textOf(title, lang)}</h3>
      {r.partsMatch ? null : (
        <p class="form-errors" role="status" data-warning="parts-sum">
          {lang === "en" ? "The parts add up to " : "各部分目标合计 "}
          <TargetFigure amount={r.partsTarget} unit={r.unit} money={whole} />
          {lang === "en" ? ", not the whole target of " : "，与总目标 "}
          <TargetFigure amount={r.target} unit={r.unit} money={whole} />
          {lang === "en" ? "." : " 不一致。"}
        </p>
      )}
      <div class="table-scroll" tabindex={0}>
        <table class="targets-table">
          <TableHead columns={RANKING_COLUMNS} lang={lang} />
          <tbody>
            {r.parts.map((p) => (
              <tr data-part={p.code}>
                <td class="num">{p.rank}</td>
                <th scope="row">
                  <Label text={{ zh: p.name, en: p.nameEn }} lang={lang} />
                </th>
                <td>
                  <span class="target-pct">{completionText(p.value, p.target)}</span>{" "}
                  <progress value={barPercent(p.value, p.target)} max={100}>
                    {completionText(p.value, p.target)}
                  </progress>
                </td>
                <td>
                  <TargetFigure amount={p.value} unit={r.unit} money={unit} /> /{" "}
                  <TargetFigure amount={p.target} unit={r.unit} money={unit} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="panel-note">
        {lang === "en" ? "Whole: " : "合计："}
        <TargetFigure amount={r.value} unit={r.unit} money={whole} /> /{" "}
        <TargetFigure amount={r.target} unit={r.unit} money={whole} />
        {" · "}
        {r.periodStart} – {r.periodEnd}
      </p>
    </section>
  )
}

/** 修订记录: each version of a target with its date, author and figure, newest first. */
const Versions = (props: { versions: ReadonlyArray<VersionView>; lang: Lang }) => (
  <div class="target-versions">
    <h4>{props.lang === "en" ? "Versions" : "修订记录"}</h4>
    <ol reversed>
      {[...props.versions].reverse().map((v) => (
        <li data-version={v.version}>
          {v.changedAt === "" ? (props.lang === "en" ? "as seeded" : "初始设定") : v.changedAt.slice(0, 10)}
          {v.changedBy === "" ? null : <> · {v.changedBy}</>}
          {" · "}
          <TargetFigure
            amount={v.target.target}
            unit={v.target.unit}
            money={moneyUnitFor([v.target.target], props.lang)}
          />{" "}
          (
          {v.target.periodKind === "fixed"
            ? `${v.target.periodStart} – ${v.target.periodEnd}`
            : props.lang === "en"
              ? "each year"
              : "每年"}
          )
        </li>
      ))}
    </ol>
  </div>
)

/** What a form shows instead of the stored values: what was typed, and the errors (on a failed post). */
interface FormState {
  /** `null` for the create form, else the key of the edit form. */
  readonly key: string | null
  readonly values: FormValues
  readonly errors: FormErrors
}

/** The section htmx swaps after a write: the table, the edit forms and the create form. */
export const TargetsSection = (props: {
  progress: ReadonlyArray<TargetProgress>
  targets: ReadonlyArray<Target>
  measures: ReadonlyArray<MeasureView>
  rankings: ReadonlyArray<TargetRanking>
  versions: ReadonlyMap<string, ReadonlyArray<VersionView>>
  reported: ReadonlyArray<ReportedMeasureView>
  /** What the values' links need: the city fund's code, the 普惠 threshold (see ./drill.tsx). */
  drill?: DrillScope | undefined
  ctx: PanelContext
  failed?: FormState | undefined
  reportedFailure?: ReportedFailure | undefined
}) => {
  const { ctx, failed } = props
  const lang = ctx.lang
  const writer = can(ctx.actor, "targets.write")
  const byKey = new Map(props.targets.map((t) => [t.key, t]))
  const measureOf = new Map(props.measures.map((m) => [m.id, m]))
  const units = columnUnitsOf(props.progress, lang)
  return (
    <section id={SECTION_ID} aria-label={textOf(TITLE, lang)}>
      {props.progress.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "尚未设定目标", en: "No targets are set yet" }} lang={lang} />
        </p>
      ) : (
        // A phone scrolls the table sideways in its own box, the target's name held in place.
        <div class="table-scroll" tabindex={0}>
          <table class="targets-table">
            <TableHead columns={writer ? [...COLUMNS, { zh: "修改", en: "Change" }] : COLUMNS} lang={lang} />
            <tbody>
              {props.progress.map((p) => (
                <TargetRow
                  progress={p}
                  units={units}
                  target={byKey.get(p.key)}
                  measure={measureOf.get(p.metric)}
                  measures={props.measures}
                  href={props.drill === undefined ? undefined : targetListHref(ctx, p, props.drill)}
                  versions={props.versions.get(p.key)}
                  ctx={ctx}
                  failed={failed !== undefined && failed.key === p.key ? failed : undefined}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.rankings.map((r) => (
        <Ranking ranking={r} lang={lang} />
      ))}
      <ReportedSection
        measures={props.reported}
        ctx={ctx}
        writer={writer}
        target={`#${SECTION_ID}`}
        failed={props.reportedFailure}
      />
      <p class="panel-note">
        {lang === "en" ? "As of" : "截至"} {props.progress[0]?.asOf ?? asOfOf(ctx) ?? ""}
        {" · "}
        {textOf(catalogueText("target-progress-formulas"), lang)}
      </p>
      {props.progress.length === 0 ? null : (
        <p class="panel-note">
          <ExportLinks op={targetProgress} filters={{ asOf: props.progress[0]?.asOf }} lang={lang} />
        </p>
      )}
      {writer ? (
        <>
          <h3>{lang === "en" ? "Add a target" : "新增目标"}</h3>
          {failed !== undefined && failed.key === null ? (
            <TargetForm
              ctx={ctx}
              target={undefined}
              measures={props.measures}
              values={failed.values}
              errors={failed.errors}
            />
          ) : (
            <TargetForm
              ctx={ctx}
              target={undefined}
              measures={props.measures}
              values={{ unit: "yuan", periodKind: "calendar-year" }}
            />
          )}
        </>
      ) : null}
    </section>
  )
}

// ── the forms ───────────────────────────────────────────────────────────────────────────────────

const FieldRow = (props: {
  formId: string
  name: FormField
  lang: Lang
  error: string | undefined
  children: (attrs: Record<string, string | undefined>) => Child
}) => {
  const id = fieldId(props.formId, props.name)
  return (
    <Field id={id} name={props.name} label={textOf(FIELD_LABELS[props.name], props.lang)} error={props.error}>
      {/* A space between the label and the control, as this form has always had. */}{" "}
      {props.children({ id, name: props.name, ...errorAttrs(id, props.error) })}
    </Field>
  )
}

const Options = (props: {
  options: ReadonlyArray<{ value: string; label: string }>
  selected: string | undefined
}) => (
  <>
    {props.options.map((o) => (
      <option value={o.value} selected={o.value === props.selected}>
        {o.label}
      </option>
    ))}
  </>
)

/** The create form (no `target`) or the edit form of one target. */
export const TargetForm = (props: {
  ctx: PanelContext
  target: Target | undefined
  measures: ReadonlyArray<MeasureView>
  values: FormValues
  errors?: FormErrors | undefined
}) => {
  const { ctx, values, target } = props
  const lang = ctx.lang
  const formId = target === undefined ? CREATE_FORM_ID : editFormId(target.key)
  const operation = target === undefined ? createTarget : updateTarget
  const action = formAction(operation, target === undefined ? {} : { key: target.key }, keptQuery(ctx))
  const error = (name: FormField) => props.errors?.fields[name]
  const row = (name: FormField, control: (attrs: Record<string, string | undefined>) => Child) => (
    <FieldRow formId={formId} name={name} lang={lang} error={error(name)}>
      {control}
    </FieldRow>
  )
  const text = (name: FormField, extra: Record<string, string> = {}) =>
    row(name, (attrs) => <input type="text" {...attrs} {...extra} value={values[name] ?? ""} />)
  return (
    <PostForm
      id={formId}
      class="target-form"
      action={action}
      method={methodOverride(operation)}
      target={`#${SECTION_ID}`}
      csrfToken={ctx.csrfToken}
    >
      <ErrorSummary errors={props.errors} lang={lang} />
      {target === undefined ? (
        text("key", { placeholder: "tech-loans", autocomplete: "off" })
      ) : (
        <p class="field" data-field="key">
          {textOf(FIELD_LABELS.key, lang)}: <code>{target.key}</code>
        </p>
      )}
      {text("label")}
      {text("labelEn")}
      {row("unit", (attrs) => (
        <select {...attrs}>
          <Options
            selected={values.unit}
            options={(["yuan", "count", "percent"] as const).map((u) => ({
              value: u,
              label: textOf(UNIT_LABELS[u], lang)
            }))}
          />
        </select>
      ))}
      {text("target", {
        inputmode: "decimal",
        placeholder: placeholderText("2500000000.00 / 25亿 / 5 / 3.2", lang)
      })}
      {row("periodKind", (attrs) => (
        <select {...attrs}>
          <Options
            selected={values.periodKind}
            options={[
              { value: "calendar-year", label: lang === "en" ? "each calendar year" : "每个自然年" },
              {
                value: "fixed",
                label:
                  lang === "en"
                    ? "fixed dates (a year, or the plan 2025–2027)"
                    : "固定期间（某一年或整个规划期 2025–2027）"
              }
            ]}
          />
        </select>
      ))}
      {row("periodStart", (attrs) => (
        <input type="date" {...attrs} value={values.periodStart ?? ""} />
      ))}
      {row("periodEnd", (attrs) => (
        <input type="date" {...attrs} value={values.periodEnd ?? ""} />
      ))}
      {row("metric", (attrs) => (
        <select {...attrs}>
          <Options
            selected={values.metric}
            options={props.measures.map((m) => ({
              value: m.id,
              label: `${textOf(m.label, lang)}（${textOf(UNIT_LABELS[m.unit], lang)} · ${textOf(SOURCE_LABELS[m.source], lang)}）`
            }))}
          />
        </select>
      ))}
      {row("splitBy", (attrs) => (
        <select {...attrs}>
          <Options
            selected={values.splitBy ?? ""}
            options={(["", "district", "unit"] as const).map((s) => ({
              value: s,
              label: textOf(SPLIT_LABELS[s], lang)
            }))}
          />
        </select>
      ))}
      {row("parts", (attrs) => (
        <textarea {...attrs} rows={3} placeholder={placeholderText("330302, 6亿\n330303, 4亿", lang)}>
          {values.parts ?? ""}
        </textarea>
      ))}
      {row("displayOrder", (attrs) => (
        <input type="number" min="0" step="1" {...attrs} value={values.displayOrder ?? ""} />
      ))}
      <button type="submit">
        {target === undefined ? (lang === "en" ? "Add target" : "新增") : lang === "en" ? "Save" : "保存"}
      </button>
    </PostForm>
  )
}

// ── the routes ──────────────────────────────────────────────────────────────────────────────────

/** Everything the section shows: progress, definitions, measures, each split target's ranking, versions (writers). */
const load = async (ctx: PanelContext) => {
  const asOf = asOfOf(ctx)
  const [progress, targets, measures] = await Promise.all([
    ctx.kejin.targets.progress(asOf),
    ctx.kejin.targets.list(),
    ctx.kejin.targets.measures.list()
  ] as const)
  const drill = await loadDrillScope(ctx, progress)
  const rankings = await Promise.all(
    targets.filter((t) => t.parts.length > 0).map((t) => ctx.kejin.targets.ranking(t.key, asOf))
  )
  const versions = new Map<string, ReadonlyArray<VersionView>>()
  if (can(ctx.actor, "targets.write"))
    for (const t of targets) versions.set(t.key, await ctx.kejin.targets.history(t.key))
  const reported: Array<ReportedMeasureView> = []
  for (const m of measures.filter((m) => m.source === "reported")) {
    const { values } = await ctx.kejin.targets.measures.values(m.id)
    reported.push({ id: m.id, label: m.label, unit: m.unit, values })
  }
  return { progress, targets, measures, rankings, versions, reported, drill }
}

const fullPage = async (
  c: Context,
  ctx: PanelContext,
  failed?: FormState,
  status: 200 | 404 | 409 | 422 = 200,
  reportedFailure?: ReportedFailure
) => {
  const data = await load(ctx)
  const page = await renderPage(
    <Page ctx={ctx} title={TITLE} search={keptQuery(ctx)}>
      <TargetsSection {...data} ctx={ctx} failed={failed} reportedFailure={reportedFailure} />
      <p>
        <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>
          {ctx.lang === "en" ? "Back to the dashboard" : "返回总览"}
        </a>
      </p>
    </Page>
  )
  return c.html(page, status)
}

/** The section again (htmx) or a redirect to the page (no JavaScript), after a recorded write. */
const recorded = async ({ c, ctx }: FormPost): Promise<Response> => {
  if (!isHtmx(c)) return c.redirect(`${ctx.basePath}/targets${keptQuery(ctx)}`, 303)
  const data = await load(ctx)
  c.header("HX-Trigger", CHANGED_EVENT)
  return c.html(await renderFragment(<TargetsSection {...data} ctx={ctx} />))
}

/** The form again with what was typed and its errors: alone (htmx, aimed at itself), or in the whole page. */
const refusedWith =
  (keyOf: (post: FormPost) => string | null) =>
  async (post: FormPost, { error, status }: Refusal): Promise<Response> => {
    const { c, ctx, fields } = post
    const key = keyOf(post)
    const values = formValuesOf(fields)
    const errors = formErrorsOf(error) ?? { fields: {}, general: [] }
    if (!isHtmx(c)) return fullPage(c, ctx, { key, values, errors }, status)
    const target = key === null ? undefined : (await ctx.kejin.targets.list()).find((t) => t.key === key)
    const measures = await ctx.kejin.targets.measures.list()
    retarget(c, `#${key === null ? CREATE_FORM_ID : editFormId(key)}`)
    return c.html(
      await renderFragment(
        <TargetForm ctx={ctx} target={target} measures={measures} values={values} errors={errors} />
      ),
      status
    )
  }

/** 新增目标 and 修改目标: the forms of `POST /api/v1/targets` and `PATCH /api/v1/targets/{key}`. */
export const targetForms = [
  operationForm({
    operation: createTarget,
    input: ({ fields }) => inputOfForm(formValuesOf(fields), "create"),
    done: recorded,
    refused: refusedWith(() => null)
  }),
  operationForm({
    operation: updateTarget,
    // The form of a target that is not there (its key in the URL): there is no form to show again.
    check: async ({ c, ctx }) => {
      const key = c.req.param("key") ?? ""
      const targets = await ctx.kejin.targets.list()
      return targets.some((t) => t.key === key) ? undefined : c.text("No such target", 404)
    },
    input: ({ fields }) => inputOfForm(formValuesOf(fields), "update"),
    done: recorded,
    refused: refusedWith(({ c }) => c.req.param("key") ?? "")
  })
]

/**
 * A refused post of a reported-measure form: the targets section again (htmx aims these forms at it) with
 * the form re-filled and its errors, or the whole page without JavaScript.
 */
const reportedRefused =
  (formOf: (post: FormPost) => string) =>
  async (post: FormPost, { error, status }: Refusal): Promise<Response> => {
    const { c, ctx, fields } = post
    const values = postedValues(fields, REPORTED_FIELDS)
    const issues = fixableIssuesOf(error) ?? []
    const errors = errorsOf(issues, ({ path, message }) =>
      (REPORTED_FIELDS as ReadonlyArray<string>).includes(path) ? { field: path, message } : undefined
    )
    const failure = { form: formOf(post), values, errors }
    if (!isHtmx(c)) return fullPage(c, ctx, undefined, status, failure)
    const data = await load(ctx)
    return c.html(
      await renderFragment(<TargetsSection {...data} ctx={ctx} reportedFailure={failure} />),
      status
    )
  }

/** 上报指标: define a measure, report a value, reverse one (`/api/v1/measures…`). */
export const reportedForms = [
  operationForm({
    operation: defineReportedMeasure,
    input: ({ fields }) => {
      const v = postedValues(fields, REPORTED_FIELDS)
      return { code: v.code ?? "", label: v.label ?? "", labelEn: v.labelEn ?? "", unit: v.unit ?? "" }
    },
    done: recorded,
    refused: reportedRefused(() => DEFINE_FORM_ID)
  }),
  operationForm({
    operation: reportValue,
    input: ({ fields }) => {
      const v = postedValues(fields, REPORTED_FIELDS)
      return {
        measure: v.measure ?? "",
        value: v.value ?? "",
        reportedOn: v.reportedOn ?? "",
        source: v.source ?? ""
      }
    },
    done: recorded,
    refused: reportedRefused(() => REPORT_FORM_ID)
  }),
  operationForm({
    operation: reverseReportedValue,
    input: ({ fields }) => ({ reason: postedValues(fields, REPORTED_FIELDS).reason ?? "" }),
    done: recorded,
    refused: reportedRefused(({ c }) => reverseFormId(Number(c.req.param("id") ?? 0)))
  })
]

export const targetsRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/targets", permission: "targets.read", handler: (c, ctx) => fullPage(c, ctx) }
]
