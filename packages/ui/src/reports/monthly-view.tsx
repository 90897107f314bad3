/** @jsxImportSource hono/jsx */
import { Decimal, formatYuan } from "@kejin/core"
import type { Child } from "hono/jsx"
import { htmlLang, type Lang, type LocalizedText, textOf, withLang } from "../i18n.js"
import { type MoneyUnit, moneyText, moneyUnitFor } from "../money.js"
import { shareTexts, statusLabels } from "../pledges/format.js"
import { type Column, TableHead } from "../table-head.js"
import type {
  GroupFigures,
  MonthlyReport,
  ReportBreakdown,
  ReportDirect,
  ReportPilot,
  ReportRecords,
  ReportTarget
} from "./monthly-data.js"
import { reportCss } from "./report-css.js"
import {
  breakdownColumns,
  breakdownNotes,
  directColumns,
  directWords,
  disposalMethodWords,
  paceUnits,
  pilotColumns,
  REPORT_TITLE,
  recordColumns,
  recordTitles,
  reportWords,
  sectionTitles,
  statusWords,
  targetColumns,
  targetNotes,
  unitNotes
} from "./vocabulary.js"

// ------------------------------------------------------------------------------------------- figures for people

const TEN_THOUSAND = new Decimal(10_000)

/** An amount of yuan in 万元 to two places (the column says 万元; the workbook holds the yuan exactly). */
export const wanText = (amount: Decimal): string => formatYuan(amount.div(TEN_THOUSAND))

/** A fraction (0.123 = 12.3 %) as a signed percentage with one decimal, or a dash without a base. */
export const changeText = (fraction: Decimal | null): string => {
  if (fraction === null) return "—"
  const shown = fraction.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN)
  return `${shown.isPositive() && !shown.isZero() ? "+" : ""}${shown.toFixed(1) /* float-ok: Decimal */}%`
}

/** A completion percentage (value / target × 100) with one decimal, rounded down: 100.0 % only once met. */
export const completionPercentText = (percent: Decimal | null): string =>
  percent === null
    ? "—"
    : `${percent.toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(1) /* float-ok: Decimal */}%`

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/** A target's figure: money in 万/亿 (rounded up when it is a pace needed), a count as a number. */
const targetFigure = (
  t: ReportTarget,
  amount: Decimal,
  lang: Lang,
  roundUp = false,
  unit?: MoneyUnit
): string =>
  t.unit === "yuan"
    ? moneyText(amount, lang, { unit, roundUp })
    : roundUp
      ? groupThousands(amount.toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2))
      : groupThousands(amount.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(amount.isInteger() ? 0 : 2))

/** The pace needed, in words: `1.25亿 每月`, or why there is none. */
export const paceText = (t: ReportTarget, lang: Lang): string => {
  if (t.status === "met") return textOf(targetNotes.met, lang)
  if (t.pace === null) return textOf(targetNotes.periodOver, lang)
  return `${targetFigure(t, t.pace.amount, lang, true)} ${textOf(paceUnits[t.pace.per], lang)}`
}

export const monthTitle = (month: string, lang: Lang): string =>
  lang === "en"
    ? new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", {
        month: "long",
        year: "numeric",
        timeZone: "UTC"
      })
    : `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`

const t = (text: LocalizedText, lang: Lang) => textOf(text, lang)

/** A heading with the unit of its amounts: `本月金额（万元）`. */
const withUnit = (text: LocalizedText): LocalizedText => ({
  zh: `${text.zh}（${unitNotes.wan.zh}）`,
  en: `${text.en} (${unitNotes.wan.en})`
})

const num = (text: LocalizedText): Column => ({ ...text, num: true })

// ------------------------------------------------------------------------------------------- sections

const Section = (props: { id: string; title: LocalizedText; lang: Lang; children?: Child }) => (
  <section id={props.id} data-section={props.id}>
    <h2>{t(props.title, props.lang)}</h2>
    {props.children}
  </section>
)

const Note = (props: { text: LocalizedText; lang: Lang }) => <p class="note">{t(props.text, props.lang)}</p>

const Empty = (props: { lang: Lang }) => <p class="note">{t(reportWords.none, props.lang)}</p>

const TargetsTable = (props: { targets: ReadonlyArray<ReportTarget>; lang: Lang }) => {
  const { lang } = props
  if (props.targets.length === 0) return <Empty lang={lang} />
  const c = targetColumns
  // One unit per money column (a count's rows have none).
  const money = props.targets.filter((row) => row.unit === "yuan")
  const unitOf = (amount: (row: ReportTarget) => Decimal) => moneyUnitFor(money.map(amount), lang)
  const units = {
    target: unitOf((row) => row.target),
    value: unitOf((row) => row.value),
    gap: unitOf((row) => row.gap),
    runRate: unitOf((row) => row.runRate12m)
  }
  return (
    <>
      <table class="wide" tabindex={0} data-table="targets">
        <TableHead
          columns={[
            c.target,
            c.period,
            num(c.goal),
            num(c.actual),
            num(c.percent),
            num(c.gap),
            num(c.pace),
            num(c.runRate),
            c.projected,
            c.status
          ]}
          lang={lang}
        />
        <tbody>
          {props.targets.map((row) => (
            <tr data-key={row.key}>
              <th scope="row">{row.label}</th>
              <td>
                <span class="date">{row.periodStart}</span> – <span class="date">{row.periodEnd}</span>
              </td>
              <td class="num">{targetFigure(row, row.target, lang, false, units.target)}</td>
              <td class="num">{targetFigure(row, row.value, lang, false, units.value)}</td>
              <td class="num" data-col="percent">
                {completionPercentText(row.percent)}
              </td>
              <td class="num" data-col="gap">
                {targetFigure(row, row.gap, lang, true, units.gap)}
              </td>
              <td class="num" data-col="pace">
                {paceText(row, lang)}
              </td>
              <td class="num">{targetFigure(row, row.runRate12m, lang, false, units.runRate)}</td>
              <td data-col="projected">
                {row.projectedDate ?? (row.status === "met" ? "—" : t(targetNotes.noProjection, lang))}
              </td>
              <td>
                <span class={`badge badge--${row.status}`} data-status={row.status}>
                  {t(statusWords[row.status], lang)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Note text={targetNotes.pace} lang={lang} />
    </>
  )
}

const FigureCells = (props: { figures: GroupFigures; share: string }) => (
  <>
    <td class="num">{wanText(props.figures.amount)}</td>
    <td class="num">{props.figures.registrations}</td>
    <td class="num">{props.share}</td>
    <td class="num">{changeText(props.figures.yoy)}</td>
  </>
)

const BreakdownTable = (props: {
  name: "districts" | "banks"
  breakdown: ReportBreakdown
  group: LocalizedText
  lang: Lang
}) => {
  const { breakdown, lang } = props
  const c = breakdownColumns
  if (breakdown.rows.length === 0) return <Empty lang={lang} />
  // Largest-remainder rounding, as on the dashboard: the rows' shares add up to the total's 100.0%.
  const monthShares = shareTexts(
    breakdown.rows.map((r) => r.month.amount),
    breakdown.total.month.amount
  )
  const ytdShares = shareTexts(
    breakdown.rows.map((r) => r.ytd.amount),
    breakdown.total.ytd.amount
  )
  const totalShare = (f: GroupFigures) => (f.amount.isZero() ? "—" : "100.0%")
  return (
    <table class="wide" tabindex={0} data-table={props.name}>
      <TableHead
        columns={[
          num(reportWords.rank),
          props.group,
          num(withUnit(c.monthAmount)),
          num(c.monthRegistrations),
          num(c.monthShare),
          num(c.monthYoy),
          num(withUnit(c.ytdAmount)),
          num(c.ytdRegistrations),
          num(c.ytdShare),
          num(c.ytdYoy)
        ]}
        lang={lang}
      />
      <tbody>
        {breakdown.rows.map((row, i) => (
          <tr data-key={row.key}>
            <td class="num">{row.rank}</td>
            <th scope="row">{row.name}</th>
            <FigureCells figures={row.month} share={monthShares[i]?.text ?? "—"} />
            <FigureCells figures={row.ytd} share={ytdShares[i]?.text ?? "—"} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-key="total">
          <td />
          <th scope="row">{t(reportWords.total, lang)}</th>
          <FigureCells figures={breakdown.total.month} share={totalShare(breakdown.total.month)} />
          <FigureCells figures={breakdown.total.ytd} share={totalShare(breakdown.total.ytd)} />
        </tr>
      </tfoot>
    </table>
  )
}

const detailText = (d: ReportPilot["details"][number], lang: Lang): string =>
  [
    d.label,
    lang === "en" ? ": " : "：",
    d.count === undefined ? "" : lang === "en" ? String(d.count) : `${d.count} 笔`,
    d.count !== undefined && d.amount !== undefined ? ", " : "",
    // In words, not a column: the amount in its own unit, as pages write money (2,000万, 20 M, 0元).
    d.amount === undefined ? "" : moneyText(d.amount, lang)
  ].join("")

const PilotsTable = (props: { pilots: ReadonlyArray<ReportPilot>; lang: Lang }) => {
  const { lang } = props
  const c = pilotColumns
  return (
    <table tabindex={0} data-table="pilots">
      <TableHead
        columns={[
          c.pilot,
          c.measure,
          num(c.monthCount),
          num(withUnit(c.monthAmount)),
          num(c.ytdCount),
          num(withUnit(c.ytdAmount)),
          c.details
        ]}
        lang={lang}
      />
      <tbody>
        {props.pilots.map((p) => (
          <tr data-key={p.pilot}>
            <th scope="row">{p.name}</th>
            <td>
              {p.countOf} / {p.amountOf}
            </td>
            <td class="num">{p.month.count}</td>
            <td class="num">{wanText(p.month.amount)}</td>
            <td class="num">{p.ytd.count}</td>
            <td class="num">{wanText(p.ytd.amount)}</td>
            <td>{p.details.map((d) => detailText(d, lang)).join(lang === "en" ? "; " : "；")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const DirectSection = (props: { direct: ReportDirect; lang: Lang }) => {
  const { direct, lang } = props
  if (direct.cityFunds === 0) return <Note text={directWords.noCityFund} lang={lang} />
  const c = directColumns
  return (
    <>
      <dl class="figures" data-figures="direct">
        <div data-figure="count">
          <dt>{t(directWords.count, lang)}</dt>
          <dd>
            {direct.count} / {direct.plan}
          </dd>
        </div>
        <div data-figure="all">
          <dt>{t(directWords.all, lang)}</dt>
          <dd>{direct.countAll}</dd>
        </div>
        <div data-figure="amount">
          <dt>{t(withUnit(directWords.amount), lang)}</dt>
          <dd>{wanText(direct.amount)}</dd>
        </div>
      </dl>
      <p class="note">
        {direct.from} – {direct.to}
      </p>
      {direct.projects === null ? (
        <Note text={directWords.withheld} lang={lang} />
      ) : direct.projects.length === 0 ? (
        <Empty lang={lang} />
      ) : (
        <table tabindex={0} data-table="direct">
          <TableHead
            columns={[
              c.on,
              c.fund,
              c.enterprise,
              c.tech,
              c.round,
              num(withUnit(c.amount)),
              num(c.tranches),
              c.counted,
              c.inMonth
            ]}
            lang={lang}
          />
          <tbody>
            {direct.projects.map((p) => (
              <tr>
                <td>{p.on}</td>
                <td>{p.fundName}</td>
                <th scope="row">{p.enterprise}</th>
                <td>{p.techCategory}</td>
                <td>{p.round ?? "—"}</td>
                <td class="num">{wanText(p.amount)}</td>
                <td class="num">{p.tranches}</td>
                <td>{t(p.counted ? directWords.yes : directWords.no, lang)}</td>
                <td>{p.inMonth ? t(directWords.yes, lang) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

const RecordsSection = (props: { records: ReportRecords; lang: Lang }) => {
  const { records, lang } = props
  const c = recordColumns
  return (
    <>
      <h3>{t(recordTitles.largest, lang)}</h3>
      {records.largest.length === 0 ? (
        <Empty lang={lang} />
      ) : (
        <table tabindex={0} data-table="largest">
          <TableHead
            columns={[
              num(reportWords.rank),
              c.registrationNo,
              c.pledgor,
              c.district,
              c.pledgee,
              num(withUnit(c.amount)),
              c.registeredOn,
              num(c.patents)
            ]}
            lang={lang}
          />
          <tbody>
            {records.largest.map((r, i) => (
              <tr data-key={r.registrationNo}>
                <td class="num">{i + 1}</td>
                <td>
                  {r.registrationNo}
                  {r.status === "cancelled" || r.status === "released" ? (
                    <span class="muted"> ({t(statusLabels[r.status], lang)})</span>
                  ) : null}
                </td>
                <td>{r.pledgor}</td>
                <td>{r.district}</td>
                <td>{r.pledgee}</td>
                <td class="num">{wanText(r.amount)}</td>
                <td>{r.registeredOn}</td>
                <td class="num">{r.patents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t(recordTitles.defaults, lang)}</h3>
      {records.defaults.length === 0 ? (
        <Empty lang={lang} />
      ) : (
        <table tabindex={0} data-table="defaults">
          <TableHead
            columns={[
              c.on,
              c.registrationNo,
              c.pledgor,
              c.district,
              c.bank,
              num(withUnit(c.loan)),
              num(withUnit(c.outstanding))
            ]}
            lang={lang}
          />
          <tbody>
            {records.defaults.map((r) => (
              <tr data-loan={r.loanId}>
                <td>{r.on}</td>
                <td>{r.registrationNo}</td>
                <td>{r.pledgor}</td>
                <td>{r.district}</td>
                <td>{r.bank}</td>
                <td class="num">{wanText(r.amount)}</td>
                <td class="num">{wanText(r.outstanding)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t(recordTitles.disposals, lang)}</h3>
      {records.disposals.length === 0 ? (
        <Empty lang={lang} />
      ) : (
        <table tabindex={0} data-table="disposals">
          <TableHead
            columns={[
              c.on,
              c.registrationNo,
              c.pledgor,
              c.bank,
              c.method,
              num(withUnit(c.recovered)),
              num(withUnit(c.writtenOff))
            ]}
            lang={lang}
          />
          <tbody>
            {records.disposals.map((r) => (
              <tr data-loan={r.loanId}>
                <td>{r.on}</td>
                <td>{r.registrationNo}</td>
                <td>{r.pledgor}</td>
                <td>{r.bank}</td>
                <td>{t(disposalMethodWords[r.method], lang)}</td>
                <td class="num">{wanText(r.recovered)}</td>
                <td class="num">{wanText(r.writtenOff)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

// ------------------------------------------------------------------------------------------- the document

export interface ReportDocumentOptions {
  /**
   * Where the page links its stylesheet (the server's page, whose CSP refuses inline styles); without it
   * the stylesheet is embedded (the HTML file, which must stand alone).
   */
  readonly stylesheetHref?: string | undefined
  /**
   * For the page on screen only (never printed): the form choosing another month (its action), the other
   * language's link and the way back to the dashboard.
   */
  readonly screen?:
    | {
        readonly action: string
        readonly dashboard: string
        /** The same report as a workbook (its URL, which takes the same query). */
        readonly xlsx?: string | undefined
        /** The site's header (its menu), above the month form: on screen, never in print. */
        readonly header?: Child
      }
    | undefined
}

/** The document's `<title>`: the report's title and its month. */
export const reportDocumentTitle = (report: MonthlyReport): string =>
  `${t(REPORT_TITLE, report.lang)} · ${monthTitle(report.month, report.lang)}`

/** The whole report as one standalone HTML document (hono/jsx escapes every text). */
export const MonthlyReportDocument = (props: { report: MonthlyReport; options?: ReportDocumentOptions }) => {
  const { report } = props
  const { lang } = report
  const options = props.options ?? {}
  const screen = options.screen
  const otherLang = lang === "en" ? "zh" : "en"
  return (
    <html lang={htmlLang(lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{reportDocumentTitle(report)}</title>
        <link rel="icon" href="data:," />
        {options.stylesheetHref === undefined ? (
          // A constant of this module, never user data: the one place the report writes raw text.
          <style dangerouslySetInnerHTML={{ __html: reportCss }} />
        ) : (
          <link rel="stylesheet" href={options.stylesheetHref} />
        )}
      </head>
      <body class="report" data-month={report.month}>
        {screen?.header === undefined ? null : <div class="screen-only site-menu">{screen.header}</div>}
        {screen === undefined ? null : (
          <form class="screen-only" method="get" action={screen.action}>
            <a href={withLang(screen.dashboard, lang)}>{t(reportWords.dashboard, lang)}</a>
            <label>
              {t(reportWords.monthChoice, lang)}{" "}
              <input type="month" name="month" value={report.month} required />
            </label>
            {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
            <input type="submit" value={t(reportWords.show, lang)} />
            <a
              href={`${screen.action}?month=${report.month}${otherLang === "en" ? "&lang=en" : ""}`}
              lang={otherLang === "en" ? "en" : "zh-CN"}
            >
              {t(reportWords.otherLanguage, lang)}
            </a>
            {screen.xlsx === undefined ? null : (
              <a href={`${screen.xlsx}?month=${report.month}${lang === "en" ? "&lang=en" : ""}`} download>
                {t(reportWords.downloadXlsx, lang)}
              </a>
            )}
          </form>
        )}
        <header class="title-block">
          <h1>{t(REPORT_TITLE, lang)}</h1>
          <p class="report-month">{monthTitle(report.month, lang)}</p>
          <dl>
            <div>
              <dt>{t(reportWords.asOf, lang)}</dt>
              <dd data-as-of={report.asOf}>{report.asOf}</dd>
            </div>
            <div>
              <dt>{t(reportWords.generated, lang)}</dt>
              <dd data-generated={report.generatedAt}>{report.generatedAt}</dd>
            </div>
          </dl>
          {report.complete ? null : <p class="partial">{t(reportWords.partialMonth, lang)}</p>}
        </header>
        <Section id="targets" title={sectionTitles.targets} lang={lang}>
          <TargetsTable targets={report.targets} lang={lang} />
        </Section>
        <Section id="districts" title={sectionTitles.districts} lang={lang}>
          <BreakdownTable
            name="districts"
            breakdown={report.districts}
            group={breakdownColumns.district}
            lang={lang}
          />
          <Note text={breakdownNotes.ranked} lang={lang} />
        </Section>
        <Section id="banks" title={sectionTitles.banks} lang={lang}>
          <BreakdownTable name="banks" breakdown={report.banks} group={breakdownColumns.bank} lang={lang} />
          <Note text={breakdownNotes.bankRule} lang={lang} />
        </Section>
        <Section id="pilots" title={sectionTitles.pilots} lang={lang}>
          <PilotsTable pilots={report.pilots} lang={lang} />
        </Section>
        <Section id="direct" title={sectionTitles.direct} lang={lang}>
          <DirectSection direct={report.direct} lang={lang} />
        </Section>
        <Section id="records" title={sectionTitles.records} lang={lang}>
          <RecordsSection records={report.records} lang={lang} />
        </Section>
        <footer>
          <Note text={breakdownNotes.rule} lang={lang} />
          <Note text={unitNotes.amounts} lang={lang} />
        </footer>
      </body>
    </html>
  )
}

/** The report as a complete HTML document (`<!doctype html>` and all). */
export const renderMonthlyReport = async (
  report: MonthlyReport,
  options: ReportDocumentOptions = {}
): Promise<string> =>
  `<!doctype html>\n${await (<MonthlyReportDocument report={report} options={options} />).toString()}`
