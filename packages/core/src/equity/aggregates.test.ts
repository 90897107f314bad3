import { type Kysely, sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { attempt, randomDraws } from "../store/random-draws.testing.js"
import type { DB } from "../store/schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import {
  aggregatedCityFundCommitments,
  aggregatedCommitments,
  aggregatedLpFundLinks,
  fundAggregateDifferences,
  rebuildFundAggregates
} from "./aggregates.js"
import {
  capitalFigures,
  fundFigures,
  fundFiguresToJson,
  loadLedgers,
  programmeFunds,
  programmeKpis
} from "./metrics.js"
import { cityFundCommitmentSum, commitmentTotals, findFunds, lpFundLinks } from "./store.js"

// A property: whatever the writes — commitments (to LP funds too), calls, distributions (one by one and pro
// rata), NAV marks (several on a day), investments, exits, valuations, and the reversal of any of them —
// the per fund per day aggregates equal their recomputation from the ledger, and every fund metric read
// from them equals the same metric computed from the ledger's rows.

const enterprises = Array.from({ length: 4 }, (_, i) =>
  makeUscc(`91330302MC${String(i + 1).padStart(7, "0")}`)
)
const codes = ["agg-city", "agg-sub-1", "agg-sub-2", "agg-other"]
const lpTypes = ["fiscal", "state-owned", "private", "merchant"] as const

for (const dialect of testDialects()) {
  describe(`fund metrics aggregates on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2027-12-31" } })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const withDb = <A>(f: (db: Kysely<DB>) => Promise<A>) =>
      kejin.run(Database.use((d) => d.query((db) => f(db))))

    const sorted = <A>(list: ReadonlyArray<A>) => list.map((x) => JSON.stringify(x)).sort()

    /** The aggregates equal their recomputation, and every metric read from them the ledger's own. */
    const check = async () => {
      expect(await withDb(fundAggregateDifferences)).toEqual([])
      await withDb(async (db) => {
        const funds = await findFunds(db)
        const ids = funds.map((f) => f.id)
        for (const asOf of ["2024-12-31", "2025-06-30", "2025-12-31", "2026-03-15", "2027-12-31"]) {
          const fast = await loadLedgers(db, funds, asOf, "aggregates")
          const slow = await loadLedgers(db, funds, asOf, "records")
          for (let i = 0; i < funds.length; i++)
            expect(fundFiguresToJson(fundFigures([fast[i]!], asOf))).toEqual(
              fundFiguresToJson(fundFigures([slow[i]!], asOf))
            )
          expect(fundFiguresToJson(fundFigures(fast, asOf))).toEqual(
            fundFiguresToJson(fundFigures(slow, asOf))
          )
          expect(String(capitalFigures(fast, "lpType").committed)).toBe(
            String(capitalFigures(slow, "lpType").committed)
          )
          expect(JSON.stringify(capitalFigures(fast, "origin"))).toBe(
            JSON.stringify(capitalFigures(slow, "origin"))
          )
          const links = await aggregatedLpFundLinks(db, asOf)
          expect(sorted(links)).toEqual(sorted(await lpFundLinks(db, asOf)))
          const members = programmeFunds(funds, links)
          expect(JSON.stringify(programmeKpis(fast, members))).toBe(
            JSON.stringify(programmeKpis(slow, members))
          )
          expect(sorted(await aggregatedCommitments(db, ids, asOf))).toEqual(
            sorted(await commitmentTotals(db, ids, asOf))
          )
          const period = { from: `${asOf.slice(0, 4)}-01-01`, to: asOf }
          expect(String(await aggregatedCityFundCommitments(db, period))).toBe(
            String(await cityFundCommitmentSum(db, period))
          )
        }
      })
    }

    it("equal a full recomputation after random writes and reversals, and every metric equals the ledger's", async () => {
      const draws = randomDraws(dialect === "sqlite" ? 7 : 8)
      const { random, pick, amount } = draws
      const date = () => draws.date(2024, 2026)
      const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "聚合测试基金管理" })
      for (const [i, uscc] of enterprises.entries())
        await kejin.registry.addEnterprise({
          uscc,
          name: `聚合企业${i}`,
          district: pick(["330302", "330381", "330106"]),
          industry: "新材料",
          stage: "start-up",
          techCategory: pick(["frontier", "other", "key-generic"])
        })
      const base = {
        targetSize: "100000000.00",
        vintage: "2024-01-01",
        district: "330302",
        manager: manager.id
      }
      await kejin.funds.create({ ...base, code: codes[0]!, name: "聚合城市基金", kind: "city-fund" })
      for (const code of codes.slice(1, 3))
        await kejin.funds.create({
          ...base,
          code,
          name: code,
          kind: "sub-fund",
          parent: codes[0]!,
          chainStage: "angel"
        })
      await kejin.funds.create({
        ...base,
        code: codes[3]!,
        name: "其他基金",
        kind: "sub-fund",
        parent: codes[0]!,
        chainStage: "venture"
      })

      const commitments: Array<{ id: number; fund: string; on: string }> = []
      const investments: Array<{ id: number; fund: string; on: string }> = []
      /** A random date on or after `on`. */
      const after = (on: string) => {
        const d = date()
        return d < on ? on : d
      }
      const entries: Array<number> = []
      const proRata: Array<{ fund: string; journalSeq: number }> = []
      const step = async () => {
        const fund = pick(codes)
        const r = random()
        if (r < 0.2) {
          const lpFund = random() < 0.3 ? pick(codes.filter((c) => c !== fund)) : undefined
          const on = date()
          const c = (await attempt(() =>
            kejin.funds.commit({
              fund,
              on,
              ...(lpFund === undefined ? { lpName: pick(["甲", "乙", "丙"]) } : { lpFund }),
              lpType: pick(lpTypes),
              amount: `${1000000 + Math.floor(random() * 9000000)}.00`
            })
          )) as { id: number } | undefined
          if (c !== undefined) {
            commitments.push({ id: c.id, fund, on })
            entries.push(c.id)
          }
        } else if (r < 0.35 && commitments.length > 0) {
          const c = pick(commitments)
          const e = (await attempt(() =>
            kejin.funds.call({ commitment: c.id, on: after(c.on), amount: amount() })
          )) as { id: number } | undefined
          if (e !== undefined) entries.push(e.id)
        } else if (r < 0.45) {
          const e = (await attempt(() =>
            kejin.funds.distribute({ fund, on: date(), distributionKind: "gain", amount: amount() })
          )) as { id: number } | undefined
          if (e !== undefined) entries.push(e.id)
        } else if (r < 0.5) {
          const e = (await attempt(() => kejin.funds.callProRata({ fund, on: date(), amount: amount() }))) as
            | { journalSeq: number }
            | undefined
          if (e !== undefined) proRata.push({ fund, journalSeq: e.journalSeq })
        } else if (r < 0.6) {
          // Several marks on one day now and then: the day's last live one counts.
          const on = random() < 0.5 ? "2025-06-30" : date()
          const e = (await attempt(() => kejin.funds.mark({ fund, on, nav: amount() }))) as
            | { id: number }
            | undefined
          if (e !== undefined) entries.push(e.id)
        } else if (r < 0.7) {
          const on = date()
          const e = (await attempt(() =>
            kejin.funds.invest({
              fund,
              enterprise: pick(enterprises),
              on,
              amount: amount(),
              instrument: "equity"
            })
          )) as { id: number } | undefined
          if (e !== undefined) {
            investments.push({ id: e.id, fund, on })
            entries.push(e.id)
          }
        } else if (r < 0.77 && investments.length > 0) {
          const i = pick(investments)
          const e = (await attempt(() =>
            kejin.funds.exit({
              investment: i.id,
              on: after(i.on),
              proceeds: amount(),
              costBasis: "1.00",
              route: "share-transfer"
            })
          )) as { id: number } | undefined
          if (e !== undefined) entries.push(e.id)
        } else if (r < 0.82 && investments.length > 0) {
          const i = pick(investments)
          const e = (await attempt(() =>
            kejin.funds.value({ investment: i.id, on: after(i.on), fairValue: amount() })
          )) as { id: number } | undefined
          if (e !== undefined) entries.push(e.id)
        } else if (r < 0.85 && proRata.length > 0) {
          const p = pick(proRata)
          await attempt(() =>
            kejin.funds.reverseProRata({ fund: p.fund, journalSeq: p.journalSeq, reason: "比例错" })
          )
        } else if (entries.length > 0) {
          const id = pick(entries)
          await attempt(() => kejin.funds.reverse(id, "录入错误"))
        }
      }

      for (let i = 0; i < 120; i++) await step()
      await check()
      for (let i = 0; i < 120; i++) await step()
      await check()
      // Every kind was written, and reversed now and then (the property is not vacuous).
      const kinds = await withDb(
        async (db) =>
          (
            await sql<{
              kind: string
              n: unknown
            }>`select kind, count(*) as n from fund_entries group by kind`.execute(db)
          ).rows
      )
      const countOf = (kind: string) => Number(kinds.find((k) => k.kind === kind)?.n ?? 0)
      for (const kind of ["commitment", "call", "distribution", "nav", "investment", "exit", "valuation"])
        expect(countOf(kind)).toBeGreaterThan(2)
      expect(countOf("reversal")).toBeGreaterThan(5)
      expect((await kejin.journal.audit("full")).ok).toBe(true)

      // Rebuilt from nothing, they are what the writes kept.
      await kejin.run(Database.use((d) => d.transaction((trx) => d.query(() => rebuildFundAggregates(trx)))))
      expect(await withDb(fundAggregateDifferences)).toEqual([])
    }, 240_000)

    it("a difference is reported by the full audit", async () => {
      await withDb(async (db) => {
        // A day's total that no ledger entry explains (whatever the other tests wrote, in any order).
        await sql`insert into fund_day_totals (fund_id, kind, on_date, lp_type, lp_fund_id, entries, fen_hi, fen_lo)
            values (987654, 'call', '2026-01-02', '', 0, 1, 0, 100)`.execute(db)
      })
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(false)
      expect(report.aggregates?.differences).toContainEqual(
        expect.objectContaining({ table: "fund_day_totals" })
      )
      await kejin.run(Database.use((d) => d.transaction((trx) => d.query(() => rebuildFundAggregates(trx)))))
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    })
  })
}
