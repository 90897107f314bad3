import { Decimal } from "@kejin/core"
import type { Column } from "@kejin/core/internal"
import { excelJs } from "@kejin/core/internal"
import {
  type LocalizedText,
  type MonthlyReport,
  monthTitle,
  type ReportBreakdown,
  reportVocabulary as words
} from "@kejin/ui"
import { columnWidth, xlsxFormats, xlsxValue } from "../api/exports.js"

// The monthly report as a workbook: one sheet per section of the report (目标进度, 区县, 银行, 联动试点, 直投,
// 本月记录), each a table under a frozen header row. Its cells are written as the list exports write theirs
// (api/exports.ts: money as numbers with two decimals, dates as date cells, widths from the headers); the
// figures are the report's own (`monthlyReport`), in yuan exact to the fen, shares and changes in percent.

/** A percentage (of a fraction) to two places, half-even, as decimal text; empty without a base. */
const percentCell = (fraction: Decimal | null): string | null =>
  fraction === null ? null : fraction.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)

const money = (amount: Decimal): string => amount.toFixed(2)

/** A column of a sheet: what its cells are and its header. */
interface SheetColumn {
  readonly header: LocalizedText
  readonly type: Column["type"] | "percent"
}

interface Sheet {
  readonly name: LocalizedText
  readonly columns: ReadonlyArray<SheetColumn>
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>
}

const inYuan = (text: LocalizedText): LocalizedText => ({
  zh: `${text.zh}（${words.sheetWords.yuan.zh}）`,
  en: `${text.en} (${words.sheetWords.yuan.en})`
})
const yuan = (text: LocalizedText): SheetColumn => ({ header: inYuan(text), type: "money" })
const percent = (text: LocalizedText): SheetColumn => ({
  header: { zh: `${text.zh}（%）`, en: `${text.en} (%)` },
  type: "percent"
})
const text = (header: LocalizedText): SheetColumn => ({ header, type: "text" })
const date = (header: LocalizedText): SheetColumn => ({ header, type: "date" })
const count = (header: LocalizedText): SheetColumn => ({ header, type: "number" })
/** An amount that is money or a count, by the target's unit: two decimals either way. */
const figure = (header: LocalizedText): SheetColumn => ({ header, type: "money" })

const targetsSheet = (report: MonthlyReport, t: (text: LocalizedText) => string): Sheet => {
  const c = words.targetColumns
  return {
    name: words.sheetNames.targets,
    columns: [
      text(c.target),
      text(c.unit),
      date(words.sheetWords.periodFrom),
      date(words.sheetWords.periodTo),
      figure(c.goal),
      figure(c.actual),
      percent(c.percent),
      figure(c.gap),
      figure(c.pace),
      text(words.sheetWords.pacePer),
      figure(c.runRate),
      date(c.projected),
      text(c.status)
    ],
    rows: report.targets.map((row) => [
      row.label,
      t(words.unitWords[row.unit]),
      row.periodStart,
      row.periodEnd,
      money(row.target),
      money(row.value),
      // Rounded down, as the page shows it: 100.00 only once the target is met.
      row.percent === null ? null : row.percent.toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2),
      money(row.gap),
      // The pace is what must be added: rounded up to the fen (or to 0.01 of a count), as the API does.
      row.pace === null ? null : row.pace.amount.toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2),
      row.pace === null
        ? t(row.status === "met" ? words.targetNotes.met : words.targetNotes.periodOver)
        : t(words.paceUnits[row.pace.per]),
      row.runRate12m.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2),
      row.projectedDate,
      t(words.statusWords[row.status])
    ])
  }
}

const breakdownSheet = (
  name: LocalizedText,
  group: LocalizedText,
  breakdown: ReportBreakdown,
  t: (text: LocalizedText) => string
): Sheet => {
  const c = words.breakdownColumns
  const cells = (f: ReportBreakdown["total"]["month"]) => [
    money(f.amount),
    f.registrations,
    percentCell(f.share),
    money(f.previous),
    percentCell(f.yoy)
  ]
  return {
    name,
    columns: [
      count(words.reportWords.rank),
      text(words.sheetWords.key),
      text(group),
      yuan(c.monthAmount),
      count(c.monthRegistrations),
      percent(c.monthShare),
      yuan(c.previousMonth),
      percent(c.monthYoy),
      yuan(c.ytdAmount),
      count(c.ytdRegistrations),
      percent(c.ytdShare),
      yuan(c.previousYtd),
      percent(c.ytdYoy)
    ],
    rows: [
      ...breakdown.rows.map((row) => [row.rank, row.key, row.name, ...cells(row.month), ...cells(row.ytd)]),
      [null, null, t(words.reportWords.total), ...cells(breakdown.total.month), ...cells(breakdown.total.ytd)]
    ]
  }
}

const pilotsSheet = (report: MonthlyReport): Sheet => {
  const c = words.pilotColumns
  return {
    name: words.sheetNames.pilots,
    columns: [
      text(c.pilot),
      text(c.measure),
      count(c.monthCount),
      yuan(c.monthAmount),
      count(c.ytdCount),
      yuan(c.ytdAmount),
      text(c.details)
    ],
    rows: report.pilots.map((p) => [
      p.name,
      `${p.countOf} / ${p.amountOf}`,
      p.month.count,
      money(p.month.amount),
      p.ytd.count,
      money(p.ytd.amount),
      p.details
        .map((d) =>
          [
            d.label,
            ": ",
            d.count === undefined ? "" : String(d.count),
            d.count !== undefined && d.amount !== undefined ? ", " : "",
            d.amount === undefined ? "" : money(d.amount)
          ].join("")
        )
        .join("; ")
    ])
  }
}

const directSheet = (report: MonthlyReport, t: (text: LocalizedText) => string): Sheet => {
  const c = words.directColumns
  const w = words.directWords
  const d = report.direct
  const projects = d.projects ?? []
  const summary: ReadonlyArray<ReadonlyArray<unknown>> =
    d.cityFunds === 0
      ? [[t(w.noCityFund)]]
      : [
          [],
          [t(w.count), d.count],
          [t(w.plan), d.plan],
          [t(w.all), d.countAll],
          [t(inYuan(w.amount)), null, null, null, null, money(d.amount)],
          ...(d.projects === null ? [[t(w.withheld)]] : [])
        ]
  return {
    name: words.sheetNames.direct,
    columns: [
      date(c.on),
      text(c.fund),
      text(c.enterprise),
      text(c.tech),
      text(c.round),
      yuan(c.amount),
      count(c.tranches),
      text(c.counted),
      text(c.inMonth)
    ],
    rows: [
      ...projects.map((p) => [
        p.on,
        p.fundName,
        p.enterprise,
        p.techCategory,
        p.round,
        money(p.amount),
        p.tranches,
        t(p.counted ? w.yes : w.no),
        p.inMonth ? t(w.yes) : null
      ]),
      // The count cells of the summary are numbers: typed as the column they fall in would not be.
      ...summary
    ]
  }
}

const recordsSheet = (report: MonthlyReport, t: (text: LocalizedText) => string): Sheet => {
  const c = words.recordColumns
  const r = report.records
  return {
    name: words.sheetNames.records,
    columns: [
      text(c.kind),
      date(c.on),
      text(c.registrationNo),
      text(c.pledgor),
      text(c.district),
      text({ zh: `${c.pledgee.zh}/${c.bank.zh}`, en: `${c.pledgee.en} / ${c.bank.en}` }),
      yuan(c.amount),
      yuan(c.outstanding),
      text(c.method),
      yuan(c.recovered),
      yuan(c.writtenOff),
      count(c.patents)
    ],
    rows: [
      ...r.largest.map((p) => [
        t(words.recordTitles.largest),
        p.registeredOn,
        p.registrationNo,
        p.pledgor,
        p.district,
        p.pledgee,
        money(p.amount),
        null,
        null,
        null,
        null,
        p.patents
      ]),
      ...r.defaults.map((x) => [
        t(words.recordTitles.defaults),
        x.on,
        x.registrationNo,
        x.pledgor,
        x.district,
        x.bank,
        money(x.amount),
        money(x.outstanding),
        null,
        null,
        null,
        null
      ]),
      ...r.disposals.map((x) => [
        t(words.recordTitles.disposals),
        x.on,
        x.registrationNo,
        x.pledgor,
        x.district,
        x.bank,
        money(x.amount),
        null,
        t(words.disposalMethodWords[x.method]),
        money(x.recovered),
        money(x.writtenOff),
        null
      ])
    ]
  }
}

/** The sheets of the report, in its order. */
const sheetsOf = (report: MonthlyReport): ReadonlyArray<Sheet> => {
  const t = (text: LocalizedText) => (report.lang === "en" ? text.en : text.zh)
  return [
    targetsSheet(report, t),
    breakdownSheet(words.sheetNames.districts, words.breakdownColumns.district, report.districts, t),
    breakdownSheet(words.sheetNames.banks, words.breakdownColumns.bank, report.banks, t),
    pilotsSheet(report),
    directSheet(report, t),
    recordsSheet(report, t)
  ]
}

/** A cell of a column: as the list exports write one, a percentage as a number with two decimals. */
const cellOf = (value: unknown, column: SheetColumn, lang: "zh" | "en") => {
  const type = column.type === "percent" ? "money" : column.type
  const as: Column = { key: "", path: [], type, label: undefined }
  // A row of the summary under a table may hold a count or a name where the column holds other things.
  if (typeof value === "number" && type !== "number") return value
  if (typeof value === "string" && type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  return xlsxValue(value, as, lang)
}

/** The monthly report as an XLSX workbook (one sheet per section), in its language. */
export const monthlyReportXlsx = async (report: MonthlyReport): Promise<Uint8Array<ArrayBuffer>> => {
  const lang = report.lang
  const workbook = new (excelJs().Workbook)()
  const title = lang === "en" ? words.REPORT_TITLE.en : words.REPORT_TITLE.zh
  workbook.title = `${title} ${monthTitle(report.month, lang)}`
  workbook.subject = `${report.month} (${report.asOf})`
  workbook.creator = "Kejin 科金"
  for (const sheet of sheetsOf(report)) {
    const ws = workbook.addWorksheet((lang === "en" ? sheet.name.en : sheet.name.zh).slice(0, 31), {
      views: [{ state: "frozen", ySplit: 1 }]
    })
    ws.columns = sheet.columns.map((column) => {
      const header = lang === "en" ? column.header.en : column.header.zh
      const type = column.type === "percent" ? "money" : column.type
      const format = xlsxFormats[type]
      return {
        header,
        width: columnWidth({ key: "", path: [], type, label: undefined }, header),
        ...(format === undefined ? {} : { style: { numFmt: format } })
      }
    })
    ws.getRow(1).font = { bold: true }
    for (const row of sheet.rows)
      ws.addRow(
        row.map((value, i) =>
          sheet.columns[i] === undefined ? value : cellOf(value, sheet.columns[i]!, lang)
        )
      )
  }
  // exceljs types its Node Buffer as an ArrayBuffer: either way this copies the bytes.
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
