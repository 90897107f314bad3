/** @jsxImportSource hono/jsx */
import { isBusinessDate, type TargetProgress } from "@kejin/core"
import { Label, type Lang } from "../i18n.js"
import { definePanel, definePlugin } from "../plugin.js"
import { loadDrillScope, targetListHref, ValueLink } from "./drill.js"
import {
  barPercent,
  completionText,
  GapAndProjection,
  moneyUnitFor,
  PerMonth,
  Projected,
  StatusBadge,
  statusOf,
  TargetFigure
} from "./format.js"
import { reportedForms, targetForms, targetsNavigation, targetsRoutes } from "./targets-page.js"

/*
 * How far along a target is: value / target exactly (Decimal), rounded down so that an unmet target never
 * reads 100.0% (see `completionText`). The bar stops at the ends; the text beside it shows the real figure
 * (e.g. 130.0%, or −2.0% after reversals).
 */

/**
 * The pace line under the bar: the gap and the value projected at the period's end, what each remaining
 * month (or week, or day, when less than a whole month is left) must add, the recent run rate and the
 * projected date.
 */
const PaceLine = (props: { progress: TargetProgress; lang: Lang }) => {
  const p = props.progress
  const en = props.lang === "en"
  // A reported level (a percent, a figure reported by hand): the latest value, nothing to project.
  if (p.level)
    return (
      <div class="target-pace">
        {en ? "Latest reported value" : "最新上报值"} · <StatusBadge progress={p} lang={props.lang} />
      </div>
    )
  return (
    <div class="target-pace">
      <GapAndProjection progress={p} lang={props.lang} />
      {" · "}
      <span>
        {en ? "12-month rate" : "近12月月均"}{" "}
        <PerMonth amount={p.runRate12m} unit={p.unit} lang={props.lang} />
        {en ? "/month" : ""}
      </span>
      {" · "}
      <span>
        {en ? "Projected" : "预计达成"} <Projected date={p.projectedDate} />
      </span>{" "}
      <StatusBadge progress={p} lang={props.lang} />
    </div>
  )
}

const TargetRow = (props: { progress: TargetProgress; lang: Lang; href: string | undefined }) => {
  const p = props.progress
  const percent = completionText(p.value, p.target)
  const labelId = `target-${p.key}`
  return (
    <li class={statusOf(p) === "met" ? "target target--met" : "target"} data-target-key={p.key}>
      <div class="target-head">
        <span class="target-label" id={labelId}>
          <Label text={{ zh: p.label, en: p.labelEn }} lang={props.lang} />
        </span>
        <span class="target-pct">{percent}</span>
      </div>
      <progress value={barPercent(p.value, p.target)} max={100} aria-labelledby={labelId}>
        {percent}
      </progress>
      <div class="target-figures">
        <span>
          <ValueLink href={props.href} lang={props.lang}>
            <TargetFigure amount={p.value} unit={p.unit} money={moneyUnitFor([p.value], props.lang)} />
          </ValueLink>{" "}
          / <TargetFigure amount={p.target} unit={p.unit} money={moneyUnitFor([p.target], props.lang)} />
        </span>
        <span class="target-period">
          {p.periodStart} – {p.periodEnd}
        </span>
      </div>
      <PaceLine progress={p} lang={props.lang} />
    </li>
  )
}

/**
 * 目标进度: each policy target (专利质押融资 25亿元 a year, …) against what the records add up to.
 * `?asOf=YYYY-MM-DD` on the page shows progress as of that day.
 */
export const targetsProgressPanel = definePanel({
  id: "progress",
  title: { zh: "年度目标完成进度", en: "Progress towards targets" },
  size: "wide",
  load: async (ctx) => {
    const asOf = ctx.query.asOf
    const targets = await ctx.kejin.targets.progress(
      asOf !== undefined && isBusinessDate(asOf) ? asOf : undefined
    )
    return { targets, drill: await loadDrillScope(ctx, targets) }
  },
  render: ({ targets, drill }, ctx) =>
    targets.length === 0 ? (
      <p class="panel-note">
        <Label text={{ zh: "尚未设定目标", en: "No targets are set yet" }} lang={ctx.lang} />
      </p>
    ) : (
      <>
        <ul class="targets">
          {targets.map((progress) => (
            <TargetRow progress={progress} lang={ctx.lang} href={targetListHref(ctx, progress, drill)} />
          ))}
        </ul>
        <p class="panel-note">
          {ctx.lang === "en" ? "As of" : "截至"} {targets[0]?.asOf}
          {" · "}
          <a href={`${ctx.basePath}/targets${ctx.lang === "en" ? "?lang=en" : ""}`}>
            {ctx.lang === "en" ? "All targets, pace and projections" : "全部目标、进度与预计"}
          </a>
        </p>
      </>
    )
})

/**
 * The built-in targets plugin, made with exactly the API a third-party plugin uses: the progress panel,
 * and the `/targets` page (list, pace, projection; create and edit forms for `targets.write`).
 */
export const targetsPlugin = definePlugin({
  id: "targets",
  title: { zh: "政策目标", en: "Policy targets" },
  order: 10,
  panels: [targetsProgressPanel],
  routes: targetsRoutes,
  forms: [...targetForms, ...reportedForms],
  navigation: [targetsNavigation]
})
