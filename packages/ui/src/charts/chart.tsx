/** @jsxImportSource hono/jsx */
import { raw } from "hono/html"
import type { Lang } from "../i18n.js"
import { type ChartFigure, type ChartValue, chartSvg, chartValueText } from "./charts.js"

const UNIT_NOTE: Record<"yuan" | "wan" | "yi", string> = {
  yuan: "单位：元",
  wan: "单位：万元",
  yi: "单位：亿元"
}

/** English pages read money in B, M or yuan (`ChartFigure.money`), never 亿/万. */
const EN_UNIT_NOTE: Record<string, string> = {
  billion: "in B (billion yuan)",
  million: "in M (million yuan)",
  yuan: "in yuan"
}

const unitNote = (figure: ChartFigure, lang: Lang): string =>
  figure.unit === undefined
    ? ""
    : lang === "en"
      ? ` · ${EN_UNIT_NOTE[figure.money?.key ?? "yuan"] ?? "in yuan"}`
      : ` · ${UNIT_NOTE[figure.unit]}`

/** One figure of the table: in the chart's unit, the exact amount in `title` (shown on hover). */
const Cell = (props: { value: ChartValue | null | undefined; figure: ChartFigure; colspan?: number }) => {
  if (props.value === null || props.value === undefined) return <td colspan={props.colspan}>–</td>
  const { shown, exact } = chartValueText(props.value, props.figure.unit, props.figure.money)
  return (
    <td colspan={props.colspan} title={exact}>
      {shown}
    </td>
  )
}

/**
 * A chart made by `barChart`/`lineChart` as an HTML fragment: the server-rendered SVG, and under it a
 * `<details>` data table with every figure in 万/亿 (English: M/B) and the exact amount on hover (`title`),
 * so that the numbers can be read, copied and reached with a screen reader. A chart with drill-down links
 * (`ChartData.links`) links each bar and each row head to the list behind it. No script, no inline style.
 */
export const Chart = (props: { chart: ChartFigure }) => {
  const figure = props.chart
  const svg = chartSvg(figure)
  const { lang, unit } = figure
  const linked = figure.links.some((link) => link !== undefined)
  return (
    <figure class="chart">
      {/*
       * Bars that link (drill-down) are no image's parts: a labelled group whose picture is hidden from
       * assistive technologies (its links out of the tab order), which reach the same lists through the
       * data table's row links below.
       */}
      {linked ? (
        // biome-ignore lint/a11y/useSemanticElements: a chart's plot, not a fieldset of form controls
        <div class="chart-plot" role="group" aria-label={figure.title} tabindex={0}>
          {raw(svg.replace(/^<svg /, '<svg aria-hidden="true" '))}
        </div>
      ) : (
        <div class="chart-plot" role="img" aria-label={figure.title} tabindex={0}>
          {/* Our own output (chartSvg refuses anything else); ECharts escaped every label in it. */}
          {raw(svg)}
        </div>
      )}
      <details class="chart-data">
        <summary>{lang === "en" ? "Figures" : "数据表"}</summary>
        <table>
          <caption>
            {figure.title}
            {unitNote(figure, lang)}
            {unit === undefined ? "" : lang === "en" ? " · exact amount on hover" : " · 悬停显示精确金额"}
          </caption>
          <thead>
            <tr>
              <td />
              {figure.series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figure.labels.map((label, i) => (
              <tr>
                <th scope="row">
                  {figure.links[i] === undefined ? label : <a href={figure.links[i]}>{label}</a>}
                </th>
                {figure.series.map((s) => (
                  <Cell value={s.values[i]} figure={figure} />
                ))}
              </tr>
            ))}
          </tbody>
          {figure.markers.length === 0 ? null : (
            <tfoot>
              {figure.markers.map((m) => (
                <tr>
                  <th scope="row">{m.name}</th>
                  <Cell value={m.value} figure={figure} colspan={Math.max(1, figure.series.length)} />
                </tr>
              ))}
            </tfoot>
          )}
        </table>
      </details>
    </figure>
  )
}
