/** @jsxImportSource hono/jsx */
import { Decimal } from "@kejin/core"
import { describe, expect, it } from "vitest"
import { Chart } from "./chart.js"
import { barChart, CHART_FONT_FAMILY, type ChartFigure, chartSvg, lineChart } from "./charts.js"

const yuan = (text: string) => new Decimal(text)

const MONTHS = ["1月", "2月", "3月", "4月"]
const monthly = () =>
  barChart(
    {
      labels: MONTHS,
      series: [
        { name: "当月金额", values: [yuan("123456789.01"), yuan("0"), yuan("250000000.50"), null] },
        {
          name: "累计金额",
          kind: "line",
          values: [yuan("123456789.01"), yuan("123456789.01"), yuan("373456789.51"), null]
        }
      ],
      markers: [{ name: "目标 25.00亿", value: yuan("2500000000.00") }]
    },
    { lang: "zh", unit: "yi", title: "2025年专利质押融资" }
  )

const html = async (figure: ChartFigure) => (await (<Chart chart={figure} />)).toString()

describe("barChart / lineChart", () => {
  it("renders SVG on the server with ECharts, axis ticks in 亿 up to the target, CJK fonts", () => {
    const svg = chartSvg(monthly())
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 720 320"/)
    expect(svg).toContain(">25亿</text>")
    expect(svg).toContain(">0亿</text>")
    expect(svg).toContain(">3月</text>")
    expect(svg).toContain(">目标 25.00亿</text>")
    expect(svg).toContain(`font-family="${CHART_FONT_FAMILY}"`)
    expect(CHART_FONT_FAMILY).toMatch(/^'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi/)
  })

  it("leaves nothing a strict CSP refuses: no <style> element, no style attribute, no script", () => {
    const svg = chartSvg(monthly())
    expect(svg).not.toMatch(/<style|style="|<script|\son\w+=/i)
    expect(svg).toContain('font-size="12px"')
    // nor zrender's hover classes and metadata, which only those rules used
    expect(svg).not.toMatch(/ecmeta_|class="zr/)
  })

  it("gives every chart its own ids, so two on one page never share a clip path", () => {
    const ids = (svg: string) => [...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1])
    const first = ids(chartSvg(monthly()))
    const second = ids(chartSvg(monthly()))
    expect(first.length).toBeGreaterThan(0)
    expect(first.every((id) => id?.startsWith("kc"))).toBe(true)
    expect(first.filter((id) => second.includes(id))).toEqual([])
    for (const url of chartSvg(monthly()).matchAll(/url\(#([^)]+)\)/g)) expect(url[1]).toMatch(/^kc/)
  })

  it("puts the figure in 亿 and the exact amount in a hover title on every bar and point", () => {
    const svg = chartSvg(monthly())
    expect(svg).toContain("<title>1月 当月金额: 1.23亿 (123,456,789.01)</title>")
    expect(svg).toContain("<title>3月 累计金额: 3.73亿 (373,456,789.51)</title>")
    expect(svg).toContain("<title>目标 25.00亿: 25亿 (2,500,000,000.00)</title>")
    // the month without data has no bar
    expect(svg).not.toContain("<title>4月")
  })

  it("draws a dashed series as a dashed line without points, and lists its figures in the table", async () => {
    const dashes = (figure: ChartFigure) => chartSvg(figure).match(/stroke-dasharray/g)?.length ?? 0
    const lines = (dashed: boolean) =>
      lineChart(
        {
          labels: MONTHS,
          series: [
            { name: "累计", values: [yuan("1"), yuan("2"), yuan("3"), yuan("4")] },
            { name: "均匀进度", values: [yuan("2.5"), yuan("5"), yuan("7.5"), yuan("10")], dashed }
          ]
        },
        { lang: "zh", title: "进度" }
      )
    // No markers here: the only dashes are the dashed series' (its line and its legend icon).
    expect(dashes(lines(false))).toBe(0)
    expect(dashes(lines(true))).toBeGreaterThan(0)
    // Points carry hover titles; a dashed line has none.
    expect(chartSvg(lines(true))).toContain("<title>2月 累计: 2</title>")
    expect(chartSvg(lines(true))).not.toContain("<title>2月 均匀进度")
    expect(chartSvg(lines(false))).toContain("<title>2月 均匀进度: 5</title>")
    expect(await html(lines(true))).toContain(
      '<th scope="row">4月</th><td title="4">4</td><td title="10">10</td>'
    )
  })

  it("escapes user text in labels and series names (ECharts for text, us for titles)", async () => {
    const figure = barChart(
      {
        labels: ['"><img src=x onerror=alert(1)>', "温州<b>银行</b>"],
        series: [{ name: "<script>alert(2)</script>", values: [yuan("1.00"), yuan("2.00")] }],
        markers: [{ name: "{b}<script>alert(3)</script>", value: yuan("3.00") }]
      },
      { lang: "zh", unit: "yuan", title: "<script>alert(4)</script>" }
    )
    const svg = chartSvg(figure)
    expect(svg).not.toMatch(/<script|<img|<b>/)
    expect(svg).toContain("&lt;script&gt;alert(2)&lt;/script&gt;")
    expect(svg).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
    // a marker name is text, never an ECharts template
    expect(svg).toContain(">{b}&lt;script&gt;alert(3)&lt;/script&gt;</text>")
    const page = await html(figure)
    expect(page).not.toMatch(/<script|<img|<b>/)
    expect(page).toContain('aria-label="&lt;script&gt;alert(4)&lt;/script&gt;"')
  })

  it("keeps amounts beyond a float's precision exact in the titles", () => {
    const big = yuan("90071992547409.93")
    const svg = chartSvg(
      barChart({ labels: ["x"], series: [{ name: "s", values: [big] }] }, { lang: "zh", unit: "yi" })
    )
    expect(svg).toContain("(90,071,992,547,409.93)</title>")
  })

  it("draws lines by default in lineChart, and plain numbers without a unit", async () => {
    const figure = lineChart(
      { labels: ["2024", "2025"], series: [{ name: "笔数", values: [1234, 5678] }] },
      { lang: "en" }
    )
    expect(figure.series[0]?.kind).toBe("line")
    const svg = chartSvg(figure)
    expect(svg).toContain(">6,000</text>")
    expect(svg).toContain("<title>2025 笔数: 5,678</title>")
    const page = await html(figure)
    expect(page).toContain('<td title="5,678">5,678</td>')
    expect(page).toContain("<caption>Chart</caption>")
  })

  it("shows axis ticks in 万 for unit wan", () => {
    const svg = chartSvg(
      barChart(
        { labels: ["a", "b"], series: [{ name: "s", values: [yuan("25000000.00"), yuan("10000000")] }] },
        { lang: "zh", unit: "wan" }
      )
    )
    expect(svg).toContain(">2,500万</text>")
  })

  it("refuses a series without one value per label", () => {
    expect(() =>
      barChart({ labels: ["a", "b"], series: [{ name: "s", values: [1] }] }, { lang: "zh" })
    ).toThrow(/series "s" has 1 values for 2 labels/)
  })

  it("draws the same chart again from what it kept, and any change in its figures, links, size or language afresh", () => {
    const data = (amount: string, link = "/pledges?month=1") => ({
      labels: ["1月", "2月"],
      links: [link, undefined],
      series: [{ name: "金额", values: [yuan(amount), yuan("2")] }]
    })
    const first = chartSvg(barChart(data("100000000"), { lang: "zh", unit: "yi" }))
    expect(chartSvg(barChart(data("100000000"), { lang: "zh", unit: "yi" }))).toBe(first)
    // The same amount written otherwise is the same figure.
    expect(chartSvg(barChart(data("100000000.00"), { lang: "zh", unit: "yi" }))).toBe(first)
    const others = [
      chartSvg(barChart(data("100000000.01"), { lang: "zh", unit: "yi" })),
      chartSvg(barChart(data("100000000", "/pledges?month=2"), { lang: "zh", unit: "yi" })),
      chartSvg(barChart(data("100000000"), { lang: "en", unit: "yi" })),
      chartSvg(barChart(data("100000000"), { lang: "zh", unit: "wan" })),
      chartSvg(barChart(data("100000000"), { lang: "zh", unit: "yi", width: 600 })),
      chartSvg(lineChart(data("100000000"), { lang: "zh", unit: "yi" }))
    ]
    for (const other of others) expect(other).not.toBe(first)
    expect(others[1]).toContain("month=2")
  })
})

describe("<Chart>", () => {
  it("embeds the SVG and a data table: figures in 亿, the exact amount in each cell's title", async () => {
    const page = await html(monthly())
    expect(page).toMatch(
      /^<figure class="chart"><div class="chart-plot" role="img" aria-label="2025年专利质押融资" tabindex="0"><svg /
    )
    expect(page).toContain('<details class="chart-data"><summary>数据表</summary>')
    expect(page).toContain("<caption>2025年专利质押融资 · 单位：亿元 · 悬停显示精确金额</caption>")
    expect(page).toContain('<th scope="col">当月金额</th><th scope="col">累计金额</th>')
    expect(page).toContain(
      '<tr><th scope="row">1月</th><td title="123,456,789.01">1.23亿</td><td title="123,456,789.01">1.23亿</td></tr>'
    )
    expect(page).toContain('<td title="0.00">0亿</td>')
    expect(page).toContain('<tr><th scope="row">4月</th><td>–</td><td>–</td></tr>')
    expect(page).toContain(
      '<tfoot><tr><th scope="row">目标 25.00亿</th><td colspan="2" title="2,500,000,000.00">25亿</td></tr></tfoot>'
    )
    expect(page).not.toMatch(/style=|<style|<script/)
  })

  it("labels the table in English, and counts money in M or B, never 亿/万", async () => {
    const small = barChart(
      { labels: ["Jan"], series: [{ name: "Amount", values: [yuan("1.00")] }] },
      { lang: "en", unit: "wan", title: "Pledges" }
    )
    const page = await html(small)
    expect(page).toContain("<summary>Figures</summary>")
    expect(page).toContain("<caption>Pledges · in yuan · exact amount on hover</caption>")
    expect(page).toContain('<td title="1.00">1 yuan</td>')
    // The Chinese chart of the months in 亿, in English: in B (its largest figure is 2.5 billion).
    const months = barChart(
      {
        labels: ["Jan", "Feb", "Mar", "Apr"],
        series: [
          { name: "Amount", values: [yuan("123456789.01"), yuan("0"), yuan("250000000.50"), null] },
          {
            name: "Cumulative",
            kind: "line",
            values: [yuan("123456789.01"), yuan("123456789.01"), yuan("373456789.51"), null]
          }
        ],
        markers: [{ name: "Target 2.5 B", value: yuan("2500000000.00") }]
      },
      { lang: "en", unit: "yi", title: "Patent pledge financing" }
    )
    const svg = chartSvg(months)
    expect(svg).not.toMatch(/亿|万/)
    expect(svg).toContain(">2.5 B</text>")
    expect(svg).toContain("<title>Jan Amount: 0.123 B (123,456,789.01)</title>")
    const table = await html(months)
    expect(table).toContain(
      "<caption>Patent pledge financing · in B (billion yuan) · exact amount on hover</caption>"
    )
    expect(table).toContain('<td title="123,456,789.01">0.123 B</td>')
    expect(table).not.toMatch(/亿|万/)
    // Millions when nothing reaches a billion.
    const millions = barChart(
      { labels: ["Jan"], series: [{ name: "Amount", values: [yuan("68610000.00")] }] },
      { lang: "en", unit: "wan" }
    )
    expect(await html(millions)).toContain('<td title="68,610,000.00">68.61 M</td>')
    expect(chartSvg(millions)).toMatch(/>\d+ M<\/text>/)
  })

  it("links each bar and each row of its table to the list behind it (drill-down)", async () => {
    const figure = barChart(
      {
        labels: ["鹿城区", "龙湾区"],
        links: ["/pledges?district=330302", undefined],
        series: [{ name: "金额", values: [yuan("300000000"), yuan("100000000")] }]
      },
      { lang: "zh", unit: "yi" }
    )
    const svg = chartSvg(figure)
    expect(svg).toMatch(
      /<a href="\/pledges\?district=330302" class="chart-link" tabindex="-1"><path [^>]*><title>鹿城区 金额: 3亿/
    )
    expect(svg.match(/<a href=/g)).toHaveLength(1)
    const page = await html(figure)
    expect(page).toContain('<th scope="row"><a href="/pledges?district=330302">鹿城区</a></th>')
    expect(page).toContain('<th scope="row">龙湾区</th>')
  })

  it("writes axis labels at 12 px (at least 11)", () => {
    const svg = chartSvg(monthly())
    const sizes = [...svg.matchAll(/<text[^>]*font-size="(\d+)px"/g)].map((m) => Number(m[1]))
    expect(sizes.length).toBeGreaterThan(0)
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11)
  })

  it("inserts no SVG it did not render itself", async () => {
    const forged = { ...monthly() }
    expect(() => chartSvg(forged)).toThrow(/not a chart/)
    await expect(html(forged)).rejects.toThrow(/not a chart/)
  })
})
