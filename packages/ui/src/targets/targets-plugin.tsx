/** @jsxImportSource hono/jsx */
import { type Decimal, formatYuan, type TargetProgress } from "@kejin/core"
import { Label, type Lang } from "../i18n.js"
import { definePanel, definePlugin } from "../plugin.js"

const BUSINESS_DATE = /^\d{4}-\d{2}-\d{2}$/

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/**
 * How far along a target is, in percent, from the core's `progress` (value / target, "for display only"),
 * so the page and `GET /api/v1/targets` always agree on the figure.
 */
const percentOf = (p: TargetProgress): number => (Number.isFinite(p.progress) ? p.progress * 100 : 0)

/** The bar stops at the ends; the text beside it shows the real figure (e.g. 130.0%, or −2.0% after reversals). */
const clampPercent = (percent: number): number => Number(Math.min(100, Math.max(0, percent)).toFixed(2))

/** An amount of yuan in 亿, with the exact figure on hover; a count as a whole number. */
const Figure = (props: { amount: Decimal; unit: TargetProgress["unit"] }) =>
  props.unit === "yuan" ? (
    <span title={formatYuan(props.amount)}>{formatYuan(props.amount, { unit: "yi" })}</span>
  ) : (
    <span>{groupThousands(props.amount.toFixed(0))}</span>
  )

const TargetRow = (props: { progress: TargetProgress; lang: Lang }) => {
  const p = props.progress
  const percent = percentOf(p)
  const labelId = `target-${p.key}`
  return (
    <li class={percent >= 100 ? "target target--met" : "target"} data-target-key={p.key}>
      <div class="target-head">
        <span class="target-label" id={labelId}>
          <Label text={{ zh: p.label, en: p.labelEn }} lang={props.lang} />
        </span>
        <span class="target-pct">{percent.toFixed(1)}%</span>
      </div>
      <progress value={clampPercent(percent)} max={100} aria-labelledby={labelId}>
        {percent.toFixed(1)}%
      </progress>
      <div class="target-figures">
        <span>
          <Figure amount={p.value} unit={p.unit} /> / <Figure amount={p.target} unit={p.unit} />
        </span>
        <span class="target-period">
          {p.periodStart} – {p.periodEnd}
        </span>
      </div>
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
  load: (ctx) => {
    const asOf = ctx.query.asOf
    return ctx.kejin.targets.progress(asOf !== undefined && BUSINESS_DATE.test(asOf) ? asOf : undefined)
  },
  render: (targets, ctx) =>
    targets.length === 0 ? (
      <p class="panel-note">
        <Label text={{ zh: "尚未设定目标", en: "No targets are set yet" }} lang={ctx.lang} />
      </p>
    ) : (
      <>
        <ul class="targets">
          {targets.map((progress) => (
            <TargetRow progress={progress} lang={ctx.lang} />
          ))}
        </ul>
        <p class="panel-note">
          {ctx.lang === "en" ? "As of" : "截至"} {targets[0]?.asOf}
        </p>
      </>
    )
})

/** The built-in targets plugin, made with exactly the API a third-party plugin uses. */
export const targetsPlugin = definePlugin({
  id: "targets",
  title: { zh: "政策目标", en: "Policy targets" },
  order: 10,
  panels: [targetsProgressPanel]
})
