/** @jsxImportSource hono/jsx */
// A third-party dashboard plugin: sci-tech innovation bonds (科技创新债券), configured with a list of
// bonds, made only with the public API of @kejin/ui and @kejin/core. Mount it next to the built-ins:
//
//   createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin, createBondsPlugin({ bonds })] })
import { type Decimal, formatYuan, isBusinessDate, parseYuan, toWire, Yuan } from "@kejin/core"
import {
  barChart,
  Chart,
  definePanel,
  definePlugin,
  type KejinPlugin,
  type Lang,
  PluginError
} from "@kejin/ui"

/** One bond as configured. */
export interface BondConfig {
  readonly issuer: string
  /** Decimal yuan as people write it: `"500000000.00"`, `"5亿"`, `"50,000万"`. */
  readonly amount: string
  readonly tenorYears: number
  /** Coupon rate in percent, as text so that it stays exact: `"2.35"`. */
  readonly couponPercent: string
  /** `YYYY-MM-DD` */
  readonly issuedOn: string
  /** 募集资金用途, e.g. 注资市科创基金 (funding the city sci-tech fund). */
  readonly useOfProceeds: string
}

export interface BondsPluginOptions {
  readonly bonds: ReadonlyArray<BondConfig>
  /** Default `sci-tech-bonds`. */
  readonly id?: string
  /** Default 40: after the built-in targets (10) and patent pledge (20) plugins. */
  readonly order?: number
}

interface Bond extends Omit<BondConfig, "amount"> {
  readonly amount: Decimal
}

const COUPON = /^\d{1,2}(\.\d{1,4})?$/

/** Checks the configuration once, at start-up, so a typo fails there and not on the page. */
const readBonds = (pluginId: string, bonds: ReadonlyArray<BondConfig>): ReadonlyArray<Bond> =>
  bonds.map((bond, i) => {
    const fail = (what: string): never => {
      throw new PluginError(`plugin "${pluginId}": bond ${i + 1} (${JSON.stringify(bond.issuer)}): ${what}`)
    }
    if (typeof bond.issuer !== "string" || bond.issuer.trim() === "") fail("the issuer must not be empty")
    let amount: Decimal = new Yuan(0)
    try {
      amount = parseYuan(bond.amount)
    } catch (error) {
      fail((error as Error).message)
    }
    if (!amount.gt(0)) fail("the amount must be more than zero")
    if (!(Number.isFinite(bond.tenorYears) && bond.tenorYears > 0))
      fail("tenorYears must be a positive number")
    if (!COUPON.test(bond.couponPercent))
      fail(`couponPercent must be a percentage like "2.35", got ${JSON.stringify(bond.couponPercent)}`)
    if (!isBusinessDate(bond.issuedOn))
      fail(`issuedOn must be a date YYYY-MM-DD, got ${JSON.stringify(bond.issuedOn)}`)
    return Object.freeze({ ...bond, issuer: bond.issuer.trim(), amount })
  })

const totalOf = (bonds: ReadonlyArray<Bond>): Decimal =>
  bonds.reduce((sum, b) => sum.plus(b.amount), new Yuan(0))

const t = (lang: Lang, zh: string, en: string): string => (lang === "en" ? en : zh)

/** An amount in 亿 with the exact figure on hover, like the built-in panels. */
const Yi = (props: { amount: Decimal }) => (
  <span title={formatYuan(props.amount)}>{formatYuan(props.amount, { unit: "yi" })}</span>
)

/**
 * The plugin: one panel `issued` with the total issued (exact), a bar chart by issuer and the list of
 * bonds; `?asOf=YYYY-MM-DD` on the page leaves out bonds issued later. A JSON route lists the bonds.
 *
 * @throws {PluginError} when a bond is malformed (the message names the plugin and the bond)
 */
export const createBondsPlugin = (options: BondsPluginOptions): KejinPlugin => {
  const id = options.id ?? "sci-tech-bonds"
  const bonds = readBonds(id, options.bonds)

  const issued = definePanel({
    id: "issued",
    title: { zh: "科技创新债券发行", en: "Sci-tech innovation bonds issued" },
    size: "wide",
    load: async (ctx) => {
      const asOf = ctx.query.asOf
      const shown =
        asOf !== undefined && isBusinessDate(asOf) ? bonds.filter((b) => b.issuedOn <= asOf) : bonds
      const byIssuer = new Map<string, Decimal>()
      for (const bond of shown)
        byIssuer.set(bond.issuer, (byIssuer.get(bond.issuer) ?? new Yuan(0)).plus(bond.amount))
      return {
        bonds: [...shown].sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : 0)),
        total: totalOf(shown),
        byIssuer: [...byIssuer].sort(([a, x], [b, y]) => y.comparedTo(x) || (a < b ? -1 : 1))
      }
    },
    render: (data, ctx) => {
      const { lang } = ctx
      if (data.bonds.length === 0) {
        return <p class="panel-note">{t(lang, "尚无科技创新债券", "No sci-tech innovation bonds yet")}</p>
      }
      const chart = barChart(
        {
          labels: data.byIssuer.map(([issuer]) => issuer),
          series: [
            { name: t(lang, "发行金额", "Amount issued"), values: data.byIssuer.map(([, amount]) => amount) }
          ]
        },
        { lang, unit: "yi", title: t(lang, "按发行人统计的发行金额", "Amount issued by issuer"), height: 280 }
      )
      return (
        <>
          <p class="bonds-total">
            {t(lang, "累计发行 ", "Issued in total: ")}
            <strong>{formatYuan(data.total)}</strong>
            {t(lang, " 元", " yuan")} (<Yi amount={data.total} />) ·{" "}
            {t(lang, `${data.bonds.length} 只`, `${data.bonds.length} bond(s)`)}
          </p>
          <Chart chart={chart} />
          <details class="chart-data">
            <summary>{t(lang, "债券明细", "The bonds")}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, "发行人", "Issuer")}</th>
                  <th scope="col">{t(lang, "金额", "Amount")}</th>
                  <th scope="col">{t(lang, "期限（年）", "Tenor (years)")}</th>
                  <th scope="col">{t(lang, "票面利率", "Coupon")}</th>
                  <th scope="col">{t(lang, "发行日", "Issued on")}</th>
                  <th scope="col">{t(lang, "募集资金用途", "Use of proceeds")}</th>
                </tr>
              </thead>
              <tbody>
                {data.bonds.map((bond) => (
                  <tr>
                    <th scope="row">{bond.issuer}</th>
                    <td>
                      <Yi amount={bond.amount} />
                    </td>
                    <td>{bond.tenorYears}</td>
                    <td>{bond.couponPercent}%</td>
                    <td>{bond.issuedOn}</td>
                    <td>{bond.useOfProceeds}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )
    }
  })

  return definePlugin({
    id,
    title: { zh: "科技创新债券", en: "Sci-tech innovation bonds" },
    order: options.order ?? 40,
    panels: [issued],
    routes: [
      {
        method: "GET",
        path: `/${id}/bonds.json`,
        handler: (c) =>
          c.json({
            bonds: bonds.map((b) => ({ ...b, amount: toWire(b.amount) })),
            total: toWire(totalOf(bonds))
          })
      }
    ]
  })
}
