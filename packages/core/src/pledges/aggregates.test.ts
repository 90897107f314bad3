import { type Kysely, sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { Yuan } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { attempt, randomDraws } from "../store/random-draws.testing.js"
import type { DB } from "../store/schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import {
  aggregateDifferences,
  aggregatedMonthly,
  aggregatedTotal,
  monthsOf,
  rebuildAggregates
} from "./aggregates.js"
import {
  breakdownFromRecords,
  breakdownRaw,
  pledgeBreakdownToJson,
  pledgeDimensions,
  pledgeSummaryToJson,
  summaryFromRecords,
  summaryOf,
  toBreakdown
} from "./figures.js"
import { pledgeAggregateFlags } from "./migrations/0026_pledge_aggregate_flags.js"
import { monthlyPledges, totalPledges } from "./store.js"

// A property: whatever the writes — registrations out of date order, reversals, cancellations and their
// reversal, amount changes, loans, repayments, defaults, disposals and the reversal of each, an import
// batch — the maintained aggregates equal their recomputation from the records, and every figure read
// from them equals the same figure computed from the records.

const enterprises = Array.from({ length: 8 }, (_, i) =>
  makeUscc(`91330302MB${String(i + 1).padStart(7, "0")}`)
)
// Enterprises first seen in the import (their aggregates are summed in JavaScript: pledges/aggregates.ts).
const newcomers = Array.from({ length: 5 }, (_, i) => makeUscc(`91330302MC${String(i + 1).padStart(7, "0")}`))
const districts = ["330302", "330303", "330381"]
const banks = ["温州银行", "瑞安农商银行", "温州市融资担保有限公司"]
const sizes = ["micro", "small", "medium", "large", undefined] as const

for (const dialect of testDialects()) {
  describe(`pledge aggregates on ${dialect}`, () => {
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

    /** The aggregates equal their recomputation, and every figure read from them the records' own. */
    const check = async () => {
      expect(await withDb(aggregateDifferences)).toEqual([])
      // 普惠 at two of the aggregates' thresholds, and at one they do not keep (read from the records).
      const thresholds = [new Yuan("10000000"), new Yuan("5000000"), new Yuan("7000000")]
      const periods = [2024, 2025, 2026, 2027].flatMap((y) => [
        { from: `${y}-01-01`, to: `${y}-12-31` },
        { from: `${y}-04-01`, to: `${y}-06-30` }
      ])
      periods.push({ from: "2024-01-01", to: "2027-12-31" })
      for (const period of periods) {
        expect(monthsOf(period)).toBeDefined()
        for (const by of pledgeDimensions) {
          for (const threshold of by === "inclusive" ? thresholds : thresholds.slice(0, 1)) {
            const [fast, slow] = await withDb(async (db) => [
              await breakdownRaw(db, period, by, threshold),
              await breakdownFromRecords(db, period, by, threshold)
            ])
            expect(pledgeBreakdownToJson(toBreakdown(period, by, threshold, fast!))).toEqual(
              pledgeBreakdownToJson(toBreakdown(period, by, threshold, slow!))
            )
          }
        }
        // The summary, its loans in default at the period's end among them.
        const before = {
          from: `${Number(period.from.slice(0, 4)) - 1}${period.from.slice(4)}`,
          to: `${Number(period.to.slice(0, 4)) - 1}${period.to.slice(4)}`
        }
        const [fastSummary, slowSummary] = await withDb(async (db) => [
          await summaryOf(db, period, before),
          await summaryFromRecords(db, period, before)
        ])
        expect(pledgeSummaryToJson(fastSummary!)).toEqual(pledgeSummaryToJson(slowSummary!))
        const statuses = ["registered", "changed", "released", "cancelled"] as const
        for (const filter of [
          {},
          { district: districts[0] },
          { bank: banks[1] },
          ...statuses.map((status) => ({ status }))
        ]) {
          const [fast, slow, fastMonths, slowMonths] = await withDb(async (db) => [
            await aggregatedTotal(db, { ...filter, ...period }),
            await totalPledges(db, { ...filter, ...period }),
            await aggregatedMonthly(db, { ...filter, ...period }),
            await monthlyPledges(db, { ...filter, ...period })
          ])
          expect(fast).toBeDefined()
          const total = slow as Awaited<ReturnType<typeof totalPledges>>
          expect(fast).toEqual({ fen: BigInt(total.amount.times(100).toFixed(0)), count: total.count }) // float-ok: decimal.js
          expect(
            (fastMonths as ReadonlyArray<{ month: string; fen: bigint; count: number }>).map((m) => [
              m.month,
              m.fen.toString(),
              m.count
            ])
          ).toEqual(
            (slowMonths as Awaited<ReturnType<typeof monthlyPledges>>).map((m) => [
              m.month,
              m.amount.times(100).toFixed(0), // float-ok: decimal.js
              m.count
            ])
          )
        }
      }
    }

    it("equal a full recomputation after random writes, reversals and an import, and the figures read from them equal the records'", async () => {
      const { random, pick, date } = randomDraws(dialect === "sqlite" ? 1 : 2)
      const later = (on: string, days: number) => {
        const t = new Date(`${on}T00:00:00Z`)
        t.setUTCDate(t.getUTCDate() + days)
        const out = t.toISOString().slice(0, 10)
        return out > "2027-12-31" ? "2027-12-31" : out
      }
      let serial = 0
      const registration = (registeredOn: string) => {
        serial += 1
        const e = Math.floor(random() * enterprises.length)
        return {
          registrationNo: `YA${String(serial).padStart(12, "0")}`,
          pledgor: {
            uscc: enterprises[e]!,
            name: `温州聚合${e}科技有限公司`,
            district: pick(districts),
            ...(() => {
              const size = pick(sizes)
              return size === undefined ? {} : { size }
            })()
          },
          pledgee: { name: pick(banks) },
          patents: [`ZL${makePatentNumber(`20191${String(serial).padStart(7, "0")}`)}`],
          amount: `${1 + Math.floor(random() * 6000)}0000.00`,
          registeredOn
        }
      }
      const pledges: Array<{ id: number; on: string }> = []
      const loans: Array<{ id: number; on: string }> = []
      const events: Array<number> = []
      const loanEvents: Array<number> = []
      const disposals: Array<number> = []
      const step = async () => {
        const r = random()
        if (r < 0.3 || pledges.length < 3) {
          const input = registration(date(2024, 2027))
          const p = (await attempt(() => kejin.pledges.record(input))) as { id: number } | undefined
          if (p !== undefined) pledges.push({ id: p.id, on: input.registeredOn })
        } else if (r < 0.35) {
          const inputs = Array.from({ length: 3 }, () => registration(date(2024, 2027)))
          const batch = (await attempt(() => kejin.pledges.recordMany(inputs))) as
            | { ids: ReadonlyArray<number> }
            | undefined
          batch?.ids.forEach((id, i) => {
            pledges.push({ id, on: inputs[i]!.registeredOn })
          })
        } else if (r < 0.4) {
          await attempt(() => kejin.pledges.reverse(pick(pledges).id, "recorded in error"))
        } else if (r < 0.46) {
          const p = pick(pledges)
          // A release (the registration keeps counting, its status moves) or a cancellation (void).
          if (random() < 0.4)
            await attempt(() => kejin.pledges.release({ pledgeId: p.id, on: later(p.on, 40) }))
          else await attempt(() => kejin.pledges.cancel({ pledgeId: p.id, on: later(p.on, 40) }))
        } else if (r < 0.54) {
          const p = pick(pledges)
          const changed = (await attempt(() =>
            kejin.pledges.change({
              pledgeId: p.id,
              on: later(p.on, 20 + Math.floor(random() * 400)),
              amount: `${1 + Math.floor(random() * 400)}0000.00`
            })
          )) as { events: ReadonlyArray<{ id: number }> } | undefined
          const last = changed?.events.at(-1)
          if (last !== undefined) events.push(last.id)
        } else if (r < 0.6 && events.length > 0) {
          await attempt(() => kejin.pledges.reverseEvent(pick(events), "entered wrongly"))
        } else if (r < 0.62) {
          // A cancellation reversed: the registration counts again.
          const p = pick(pledges)
          const found = (await attempt(() => kejin.pledges.registration(p.id))) as
            | { events: ReadonlyArray<{ id: number; kind: string; reversed: boolean }> }
            | undefined
          const cancel = found?.events.find((e) => e.kind === "cancel" && !e.reversed)
          if (cancel?.id !== undefined)
            await attempt(() => kejin.pledges.reverseEvent(cancel.id!, "not cancelled"))
        } else if (r < 0.75) {
          const p = pick(pledges)
          const on = later(p.on, Math.floor(random() * 60))
          const loan = (await attempt(() =>
            kejin.pledges.loans.draw({
              pledgeId: p.id,
              ...(random() < 0.3 ? { bank: pick(banks) } : {}),
              amount: `${1 + Math.floor(random() * (random() < 0.5 ? 50 : 1500))}0000.00`,
              rate: "0.0385",
              disbursedOn: on,
              maturesOn: later(on, 365)
            })
          )) as { id: number } | undefined
          if (loan !== undefined) loans.push({ id: loan.id, on })
        } else if (r < 0.83 && loans.length > 0) {
          const l = pick(loans)
          const repaid = (await attempt(() =>
            kejin.pledges.loans.repay({
              loanId: l.id,
              on: later(l.on, 10 + Math.floor(random() * 300)),
              amount: `${1 + Math.floor(random() * 5)}0000.00`
            })
          )) as { events: ReadonlyArray<{ id: number }> } | undefined
          const last = repaid?.events.at(-1)
          if (last !== undefined) loanEvents.push(last.id)
        } else if (r < 0.86 && loanEvents.length > 0) {
          await attempt(() => kejin.pledges.loans.reverseEvent(pick(loanEvents), "entered twice"))
        } else if (r < 0.89 && loans.length > 0) {
          await attempt(() => kejin.pledges.loans.reverse(pick(loans).id, "wrong registration"))
        } else if (r < 0.93 && loans.length > 0) {
          const l = pick(loans)
          const on = later(l.on, 100 + Math.floor(random() * 100))
          await attempt(() => kejin.pledges.loans.default({ loanId: l.id, on }))
          const disposed = (await attempt(() =>
            kejin.pledges.loans.dispose({
              loanId: l.id,
              on: later(on, 30),
              method: "sale",
              recovered: `${Math.floor(random() * 3)}0000.00`
            })
          )) as { disposal?: { id: number } } | undefined
          if (disposed?.disposal !== undefined) disposals.push(disposed.disposal.id)
        } else if (disposals.length > 0) {
          await attempt(() => kejin.pledges.loans.reverseDisposal(pick(disposals), "sold for more"))
        }
      }

      for (let i = 0; i < 120; i++) await step()
      await check()

      // An import: one batch, its registrations out of date order, some before the stored ones of the same
      // enterprises (首次质押 and the enterprise counts move), half of new enterprises (several each, some on
      // one day), and then more writes on top.
      const lines = ["登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额,登记日期,企业规模"]
      for (let i = 0; i < 60; i++) {
        const input = registration(
          i % 2 === 0 ? date(2023, 2027) : i % 6 === 1 ? "2026-03-15" : date(2024, 2026)
        )
        const fresh = i % 2 === 1 ? Math.floor(random() * newcomers.length) : undefined
        lines.push(
          [
            input.registrationNo,
            fresh === undefined ? input.pledgor.uscc : newcomers[fresh],
            fresh === undefined ? input.pledgor.name : `温州新来${fresh}科技有限公司`,
            input.pledgor.district,
            input.pledgee.name,
            input.patents[0],
            input.amount,
            input.registeredOn,
            input.pledgor.size ?? ""
          ].join(",")
        )
      }
      const summary = await kejin.imports.run({
        kind: "pledges",
        rows: (await rowsFromBytes(Buffer.from(`${lines.join("\n")}\n`), "batch.csv")).rows
      })
      expect(summary).toMatchObject({ rows: 60, ok: 60, committed: true })
      await check()

      for (let i = 0; i < 80; i++) await step()
      await check()
      expect((await kejin.journal.audit("full")).ok).toBe(true)

      // Rebuilt from nothing, they are what the writes kept.
      await kejin.run(Database.use((d) => d.transaction((trx) => d.query(() => rebuildAggregates(trx)))))
      expect(await withDb(aggregateDifferences)).toEqual([])

      // Migration 0026 builds them for an existing store (here: one whose aggregates lost every row).
      await withDb(async (db) => {
        await sql`delete from pledge_month_totals`.execute(db)
        await sql`delete from pledge_month_pairs`.execute(db)
        await pledgeAggregateFlags({ dialect }).up(db)
      })
      expect(await withDb(aggregateDifferences)).toEqual([])
      await check()
    }, 240_000)

    it("a difference is reported by the full audit", async () => {
      await kejin.pledges.record(registration2())
      await withDb(async (db) => {
        await sql`update pledge_month_totals set registrations = registrations + 1
            where dimension = 'all' and month = '2025-05'`.execute(db)
      })
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(false)
      expect(report.aggregates?.differences).toContainEqual(
        expect.objectContaining({ table: "pledge_month_totals", key: "all/2025-05/" })
      )
      await kejin.run(Database.use((d) => d.transaction((trx) => d.query(() => rebuildAggregates(trx)))))
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    })
  })
}

let other = 0
const registration2 = () => {
  other += 1
  return {
    registrationNo: `YB${String(other).padStart(12, "0")}`,
    pledgor: { uscc: enterprises[0]!, name: "温州聚合0科技有限公司", district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [`ZL${makePatentNumber(`20192${String(other).padStart(7, "0")}`)}`],
    amount: "1000000.00",
    registeredOn: "2025-05-20"
  }
}
