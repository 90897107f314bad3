import { createHash, randomBytes } from "node:crypto"
import { createRequire } from "node:module"
import { Decimal, formatYuan, type YuanUnit } from "@kejin/core"
import type { BarSeriesOption, LineSeriesOption } from "echarts/charts"
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption } from "echarts/components"
import type * as ECharts from "echarts/core"
import type { ComposeOption } from "echarts/core"
import type { Lang } from "../i18n.js"
import { chineseMoneyUnit, type MoneyUnit, moneyText, moneyUnitFor } from "../money.js"

/**
 * ECharts, loaded at the first chart drawn, not at start-up: its prebuilt `echarts.common` bundle (bars,
 * lines, grid, legend, mark lines and the SVG renderer among others; the same version and the same SVG as
 * its modules) loads in ~40 ms where the separate modules took ~400 ms.
 */
let echarts: typeof ECharts | undefined
const loadECharts = (): typeof ECharts =>
  (echarts ??= createRequire(import.meta.url)("echarts/dist/echarts.common.min.js") as typeof ECharts)

type EChartsOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption
>

/** A figure to plot: an exact amount of yuan (`Decimal`) or, for a chart without a money unit, a plain number. */
export type ChartValue = Decimal | number

export interface ChartSeries {
  /** Shown in the legend and as the column head of the data table (escaped: may be user text). */
  readonly name: string
  /** One value per label; `null` leaves a gap (e.g. months still to come). */
  readonly values: ReadonlyArray<ChartValue | null>
  /** Bars or a line; default: bars for {@link barChart}, a line for {@link lineChart}. */
  readonly kind?: "bar" | "line"
  /** A line drawn dashed, without points: a reference path (e.g. the pace needed), not recorded figures. */
  readonly dashed?: boolean
  /** Per label, the list behind this series' bar (instead of the chart's `links`: another period's). */
  readonly links?: ReadonlyArray<string | undefined>
}

/** A horizontal reference line across the plot, e.g. a target (目标 25亿). */
export interface ChartMarker {
  readonly name: string
  readonly value: ChartValue
}

export interface ChartData {
  /** The categories along the x axis (months, issuers, …). */
  readonly labels: ReadonlyArray<string>
  /**
   * Drill-down: per label, the page listing the records behind it (`/pledges?district=…`), or undefined.
   * Every bar and point of the label links there (an SVG `<a>`: a click on the bar opens it, no script),
   * and so does the label's row head in the data table.
   */
  readonly links?: ReadonlyArray<string | undefined>
  readonly series: ReadonlyArray<ChartSeries>
  readonly markers?: ReadonlyArray<ChartMarker>
}

export interface ChartOptions {
  readonly lang: Lang
  /**
   * The values are amounts of yuan, shown on the axis and in the table in this unit (元, 万 or 亿) with
   * the exact figure on hover. Omit for plain numbers (counts).
   */
  readonly unit?: YuanUnit
  /** What the chart shows: its accessible name and the caption of its data table. */
  readonly title?: string
  /** The SVG's size in CSS pixels; the page scales it to the panel's width. Default 720 × 320. */
  readonly width?: number
  readonly height?: number
}

/** A rendered chart: what {@link barChart} and {@link lineChart} return and `<Chart>` shows. */
export interface ChartFigure {
  readonly title: string
  readonly lang: Lang
  readonly unit: YuanUnit | undefined
  readonly labels: ReadonlyArray<string>
  /** Per label, the list behind it (see {@link ChartData.links}). */
  readonly links: ReadonlyArray<string | undefined>
  readonly series: ReadonlyArray<Required<Omit<ChartSeries, "links">>>
  readonly markers: ReadonlyArray<ChartMarker>
  /**
   * The unit English pages read money in (B, M or yuan, chosen from the chart's largest figure, as
   * `moneyUnitFor` chooses), instead of 亿/万; undefined on Chinese pages and for counts.
   */
  readonly money: MoneyUnit | undefined
  readonly width: number
  readonly height: number
}

/** CJK fonts first so Chinese labels are readable wherever the page is opened. Single quotes only:
 * ECharts writes this into an SVG attribute without escaping it. */
export const CHART_FONT_FAMILY =
  "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"

/** Mid-tone colours that read on the light and the dark card alike. */
const PALETTE = ["#3b7ddd", "#e07b24", "#7b61c9", "#2e9e9a", "#c9486b"] as const
const MARKER_COLOR = "#2e9e5f"
const INK = "#6b7585"

const UNIT_EXPONENT: Record<YuanUnit, number> = { yuan: 0, wan: 4, yi: 8 }
const UNIT_SUFFIX: Record<YuanUnit, string> = { yuan: "", wan: "万", yi: "亿" }

// Figures are made only from SVG strings this module rendered: `<Chart>` inserts nothing else unescaped.
const rendered = new WeakMap<ChartFigure, string>()

/**
 * The SVGs drawn lately, by everything they are drawn from (see {@link drawnFrom}): the same chart asked
 * again (another person, another page, the same figures) is not drawn by ECharts again, which costs
 * ~20 ms. The least recently used go first past {@link KEPT_SVGS}.
 */
const drawn = new Map<string, { readonly svg: string; readonly prefix: string }>()
/** A new prefix for a kept SVG's ids: random, as the one of a chart drawn afresh (a hash) is unforeseeable. */
const idPrefix = () => `kc${randomBytes(5).toString("hex")}`
const KEPT_SVGS = 64

/** Everything a chart's SVG follows from: the kind, the figures (exactly, and whether money), the links, the size and the language. */
const drawnFrom = (data: ChartData, options: ChartOptions, kind: "bar" | "line"): string => {
  const value = (v: ChartValue | null | undefined) =>
    v === null || v === undefined ? null : typeof v === "number" ? `n${v}` : `d${v.toString()}`
  return JSON.stringify([
    kind,
    options.lang,
    options.unit ?? null,
    options.width ?? null,
    options.height ?? null,
    data.labels,
    data.links ?? null,
    data.series.map((s) => [s.name, s.kind ?? null, s.dashed ?? null, s.links ?? null, s.values.map(value)]),
    (data.markers ?? []).map((m) => [m.name, value(m.value)])
  ])
}

/** What a chart divides its figures by and writes after its ticks: 亿/万 (Chinese), B/M (English). */
interface Scale {
  readonly size: Decimal
  readonly suffix: string
}

const scaleOf = (unit: YuanUnit | undefined, money: MoneyUnit | undefined): Scale =>
  money !== undefined
    ? { size: money.size, suffix: money.key === "yuan" ? "" : money.suffix }
    : unit === undefined
      ? { size: new Decimal(1), suffix: "" }
      : { size: new Decimal(10).pow(UNIT_EXPONENT[unit]), suffix: UNIT_SUFFIX[unit] }

/** A value as a number on the chart's axis (in 万 or 亿, or M or B, for money). */
const plotted = (value: ChartValue, scale: Scale): number => new Decimal(value).div(scale.size).toNumber() // float-ok: plotting

/** The smallest multiple of a half power of ten at or above `value` (23.7 → 25, 2.5 → 2.5, 0.31 → 0.35). */
const roundUp = (value: number): number => {
  const half = 10 ** Math.floor(Math.log10(value)) / 2
  return Number((Math.ceil(value / half - 1e-9) * half).toPrecision(12))
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/** An axis tick (a round number ECharts chose, not a figure from the records). */
const tickText = (value: number, scale: Scale): string => {
  const [whole = "0", fraction] = String(Math.abs(value)).split(".")
  const sign = value < 0 ? "-" : ""
  return `${sign}${groupThousands(whole)}${fraction === undefined ? "" : `.${fraction}`}${scale.suffix}`
}

/**
 * A value for people: in the chart's unit, and exactly (for the hover text). `money` (an English page's
 * B/M/yuan, `ChartFigure.money`) writes it as English pages write money (`68.61 M`), not in 亿/万.
 */
export const chartValueText = (
  value: ChartValue,
  unit: YuanUnit | undefined,
  money?: MoneyUnit
): { readonly shown: string; readonly exact: string } => {
  if (unit === undefined) {
    const exact = new Decimal(value).toFixed()
    const [whole = "0", fraction] = exact.replace("-", "").split(".")
    const shown = `${exact.startsWith("-") ? "-" : ""}${groupThousands(whole)}${fraction === undefined ? "" : `.${fraction}`}`
    return { shown, exact: shown }
  }
  const amount = new Decimal(value)
  if (money !== undefined)
    return { shown: moneyText(amount, "en", { unit: money }), exact: formatYuan(amount) }
  return { shown: moneyText(amount, "zh", { unit: chineseMoneyUnit(unit) }), exact: formatYuan(amount) }
}

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c
  )

// SVG presentation attributes that ECharts' text styles map to. A `style="…"` attribute would be refused
// by the page's CSP (style-src 'self'); the same declaration as an attribute is not.
const PRESENTATION = new Set(["font-size", "font-family", "font-weight", "font-style"])

const styleToAttributes = (declarations: string): string =>
  declarations
    .split(";")
    .map((declaration) => {
      const colon = declaration.indexOf(":")
      const property = declaration.slice(0, colon).trim()
      const value = declaration.slice(colon + 1).trim()
      return colon > 0 && PRESENTATION.has(property) && value !== "" ? ` ${property}="${value}"` : ""
    })
    .join("")

/**
 * Makes ECharts' SVG fit the dashboard: no `<style>` element or `style` attributes (the CSP), ids of its
 * own (two charts on one page must not share a clip path), and a `<title>` (a hover tooltip) on every bar and
 * point with its figure in the chart's unit and exactly.
 */
const finishSvg = (
  svg: string,
  titleOf: (series: number, index: number) => string | undefined,
  linkOf: (series: number, index: number) => string | undefined
): { readonly svg: string; readonly prefix: string } => {
  const prefix = `kc${createHash("sha1").update(svg).digest("hex").slice(0, 10)}`
  const finished = svg
    .replace(/<style[\s\S]*?<\/style>\s*/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    .replace(/(id="|="url\(#)zr\d+-/g, `$1${prefix}-`)
    .replace(/ style="([^"]*)"/g, (_, declarations: string) => styleToAttributes(declarations))
    .replace(/<path ([^>]*)><\/path>/g, (_, attributes: string) => {
      const meta = new Map<string, string>()
      const kept = attributes.replace(/\s*ecmeta_(\w+)="([^"]*)"/g, (_m, key: string, value: string) => {
        meta.set(key, value)
        return ""
      })
      const isChart = meta.get("ssr_type") === "chart"
      const seriesIndex = Number(meta.get("series_index"))
      const dataIndex = Number(meta.get("data_index"))
      const title = isChart ? titleOf(seriesIndex, dataIndex) : undefined
      const path = `<path ${kept}>${title === undefined ? "" : `<title>${escapeXml(title)}</title>`}</path>`
      const href = isChart ? linkOf(seriesIndex, dataIndex) : undefined
      // Out of the tab order: the picture stays one image to keyboards and screen readers, which reach the
      // same lists through the data table's row links under the chart.
      return href === undefined
        ? path
        : `<a href="${escapeXml(href)}" class="chart-link" tabindex="-1">${path}</a>`
    })
    .replace(/\s*ecmeta_\w+="[^"]*"/g, "")
  return { svg: finished, prefix }
}

/** The legend icon of a dashed line (a marker or a dashed series): two dashes. */
const DASHES = "path://M0 0H9V2H0ZM13 0H22V2H13Z"

const DEFAULT_TITLE = { zh: "图表", en: "Chart" } as const

const render = (data: ChartData, options: ChartOptions, kind: "bar" | "line"): ChartFigure => {
  const unit = options.unit
  const width = options.width ?? 720
  const height = options.height ?? 320
  // Copies, frozen: the table under the chart must show what the SVG was drawn from.
  const labels = Object.freeze([...data.labels])
  const series = Object.freeze(
    data.series.map((s) =>
      Object.freeze({
        name: s.name,
        values: Object.freeze([...s.values]),
        kind: s.kind ?? kind,
        dashed: s.dashed ?? false
      })
    )
  )
  const markers = Object.freeze((data.markers ?? []).map((m) => Object.freeze({ ...m })))
  const links = Object.freeze(labels.map((_, i) => data.links?.[i]))
  // English pages read money in B/M/yuan, one unit for the chart (its largest figure's).
  const money =
    unit === undefined || options.lang !== "en"
      ? undefined
      : moneyUnitFor(
          [
            ...series.flatMap((s) => s.values.flatMap((v) => (v === null ? [] : [new Decimal(v)]))),
            ...markers.map((m) => new Decimal(m.value))
          ],
          "en"
        )
  const scale = scaleOf(unit, money)
  for (const s of series) {
    if (s.values.length !== labels.length) {
      throw new RangeError(
        `chart series ${JSON.stringify(s.name)} has ${s.values.length} values for ${labels.length} labels`
      )
    }
  }
  const figure: ChartFigure = Object.freeze({
    title: options.title ?? DEFAULT_TITLE[options.lang],
    lang: options.lang,
    unit,
    labels,
    links,
    series,
    markers,
    money,
    width,
    height
  })

  const markerTops = markers.map((m) => plotted(m.value, scale))
  // ECharts sizes the value axis to the series only: raise it to a marker above every point (to a round
  // number, so the ticks stay round).
  const dataTop = Math.max(
    0,
    ...series.flatMap((s) => s.values.map((v) => (v === null ? 0 : plotted(v, scale))))
  )
  const markerTop = Math.max(0, ...markerTops)
  const axisTop = markerTop > dataTop ? roundUp(markerTop) : undefined
  const hasBars = series.some((s) => s.kind === "bar")
  const option: EChartsOption = {
    animation: false,
    color: [...PALETTE],
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 12, color: INK },
    legend: {
      top: 0,
      selectedMode: false,
      textStyle: { color: INK },
      // A dashed line's legend icon is two dashes, not the point-on-a-line of a data series.
      data: [
        ...series.map((s) => (s.dashed ? { name: s.name, icon: DASHES } : s.name)),
        ...markers.map((m) => ({ name: m.name, icon: DASHES }))
      ]
    },
    grid: { left: 8, right: 24, top: 40, bottom: 8 },
    xAxis: {
      type: "category",
      data: [...labels],
      boundaryGap: hasBars,
      axisLine: { lineStyle: { color: INK } },
      axisTick: { alignWithLabel: true },
      axisLabel: {
        color: INK,
        fontSize: 12,
        interval: 0,
        hideOverlap: true,
        width: Math.max(36, (width - 120) / Math.max(1, labels.length) - 6),
        overflow: "break"
      }
    },
    yAxis: {
      type: "value",
      ...(axisTop === undefined ? {} : { max: axisTop }),
      axisLabel: { color: INK, fontSize: 12, formatter: (value: number) => tickText(value, scale) },
      splitLine: { lineStyle: { color: "#8c96a5", opacity: 0.35 } }
    },
    series: [
      ...series.map((s): BarSeriesOption | LineSeriesOption => {
        const points = s.values.map((v) => (v === null ? null : plotted(v, scale)))
        return s.kind === "bar"
          ? { type: "bar", name: s.name, data: points, barMaxWidth: 36, emphasis: { disabled: true } }
          : {
              type: "line",
              name: s.name,
              data: points,
              symbol: s.dashed ? "none" : "circle",
              symbolSize: 6,
              lineStyle: s.dashed ? { width: 1.5, type: "dashed" } : { width: 2 },
              emphasis: { disabled: true }
            }
      }),
      // Each marker rides on a series of its own (with no points), so it has a legend entry and its
      // line can be told apart from the data when hover titles are added.
      ...markers.map(
        (m, i): LineSeriesOption => ({
          type: "line",
          name: m.name,
          data: [],
          symbol: "none",
          color: MARKER_COLOR,
          lineStyle: { type: "dashed", color: MARKER_COLOR },
          emphasis: { disabled: true },
          markLine: {
            symbol: "none",
            lineStyle: { type: "dashed", color: MARKER_COLOR, width: 1.5 },
            label: { formatter: () => m.name, position: "insideEndTop", color: MARKER_COLOR },
            data: [{ yAxis: markerTops[i] ?? 0 }]
          }
        })
      )
    ]
  }

  const key = drawnFrom(data, options, kind)
  const drawnBefore = drawn.get(key)
  if (drawnBefore !== undefined) {
    drawn.delete(key)
    drawn.set(key, drawnBefore)
    // Ids of its own, as a chart drawn afresh has (two on one page never share a clip path).
    rendered.set(figure, drawnBefore.svg.replaceAll(`${drawnBefore.prefix}-`, `${idPrefix()}-`))
    return figure
  }
  const chart = loadECharts().init(null, null, { renderer: "svg", ssr: true, width, height })
  let svg: string
  try {
    chart.setOption(option)
    svg = chart.renderToSVGString()
  } finally {
    chart.dispose()
  }

  const titleOf = (seriesIndex: number, index: number): string | undefined => {
    const s = series[seriesIndex]
    if (s !== undefined) {
      const value = s.values[index]
      if (value === null || value === undefined) return undefined
      const { shown, exact } = chartValueText(value, unit, money)
      return `${labels[index] ?? ""} ${s.name}: ${shown}${exact === shown ? "" : ` (${exact})`}`
    }
    const marker = markers[seriesIndex - series.length]
    if (marker === undefined) return undefined
    const { shown, exact } = chartValueText(marker.value, unit, money)
    return `${marker.name}: ${shown}${exact === shown ? "" : ` (${exact})`}`
  }
  const linkOf = (seriesIndex: number, index: number): string | undefined =>
    seriesIndex < series.length
      ? data.series[seriesIndex]?.links === undefined
        ? links[index]
        : data.series[seriesIndex]?.links?.[index]
      : undefined
  const finished = finishSvg(svg, titleOf, linkOf)
  rendered.set(figure, finished.svg)
  if (drawn.size >= KEPT_SVGS) drawn.delete(drawn.keys().next().value as string)
  drawn.set(key, finished)
  return figure
}

/**
 * Bars, one group per label, rendered on the server to SVG by ECharts (no script in the page). A series
 * with `kind: "line"` is drawn as a line over the bars; `markers` draw dashed reference lines.
 *
 * Money is converted to numbers for plotting only; the figures people read (axis ticks in 万/亿, the
 * data table and hover text of `<Chart>`) come from the exact values.
 *
 * @throws {RangeError} when a series has not one value per label
 */
export const barChart = (data: ChartData, options: ChartOptions): ChartFigure => render(data, options, "bar")

/** Lines, one point per label; like {@link barChart} otherwise (`kind: "bar"` draws a series as bars). */
export const lineChart = (data: ChartData, options: ChartOptions): ChartFigure =>
  render(data, options, "line")

/**
 * The SVG markup of a chart made by {@link barChart} or {@link lineChart} (to save it as a file, or to
 * embed it elsewhere). User text in it (labels, series names) is escaped.
 *
 * @throws {TypeError} for anything else: only SVG this module rendered is ever passed on unescaped
 */
export const chartSvg = (figure: ChartFigure): string => {
  const svg = rendered.get(figure)
  if (svg === undefined) throw new TypeError("not a chart: pass what barChart() or lineChart() returned")
  return svg
}
