import { Effect } from "effect"
import { sql } from "kysely"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { Database } from "./database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"

/**
 * Every sum of money stays exact past 2^63 fen on both dialects: SQLite's own `sum()` fails there with
 * "integer overflow" (93 of the largest amount already pass it), PostgreSQL's is numeric.
 */

/** The largest amount the store accepts (15 digits of whole yuan), and 93 of them: past 2^63 fen. */
const MAX = "999999999999999.99"
const MAX_FEN = 99_999_999_999_999_999n
const N = 93
const times = (n: number, amount: string) => new Yuan(amount).times(n).toFixed(2) // float-ok: Decimal.toFixed, exact
const TOTAL = times(N, MAX)

const uscc = makeUscc("91330302MA7000001")
const [sample] = demoPledges({ count: 1, from: "2025-03-14", to: "2025-03-14", seed: 41 })

for (const dialect of testDialects()) {
  describe(`exact sums past 2^63 fen on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("the capability's sum is exact at the store's largest amount, for any signs, and null over no rows", async () => {
      expect(BigInt(N) * MAX_FEN > 2n ** 63n).toBe(true)
      const cases: ReadonlyArray<ReadonlyArray<bigint>> = [
        Array.from({ length: N }, () => MAX_FEN),
        Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? -MAX_FEN : MAX_FEN - BigInt(i))),
        [999_999_999n, 1n],
        [-999_999_999n, -1n],
        [1_000_000_000n, -1n],
        [-1_000_000_000n, 1n],
        [MAX_FEN, -MAX_FEN],
        [-5n],
        [0n],
        [2n ** 63n - 1n, 2n ** 63n - 1n, -(2n ** 63n)]
      ]
      const sums = await kejin.run(
        Effect.gen(function* () {
          const { transaction, caps } = yield* Database
          // One transaction: one connection, so the temporary table is there for every statement.
          return yield* transaction((trx) =>
            Effect.promise(async () => {
              await sql`create temporary table exact_sum_probe (k integer not null, x bigint not null)`.execute(
                trx
              )
              for (const [k, values] of cases.entries()) {
                for (const x of values) {
                  await sql`insert into exact_sum_probe (k, x) values (${k}, ${x.toString()})`.execute(trx)
                }
              }
              const grouped = await sql<{ k: unknown; s: string | null }>`
                select k, ${caps.exactSum(sql`x`)} as s from exact_sum_probe group by k order by k`.execute(
                trx
              )
              const none = await sql<{ s: string | null }>`
                select ${caps.exactSum(sql`x`)} as s from exact_sum_probe where k < 0`.execute(trx)
              const filtered = await sql<{ s: string | null }>`
                select ${caps.exactSum(sql`case when k = ${0} then x else 0 end`)} as s from exact_sum_probe`.execute(
                trx
              )
              await sql`drop table exact_sum_probe`.execute(trx)
              return {
                grouped: grouped.rows.map((r) => r.s),
                none: none.rows[0]?.s,
                filtered: filtered.rows[0]?.s
              }
            })
          )
        })
      )
      expect(sums.grouped).toEqual(cases.map((values) => values.reduce((a, b) => a + b, 0n).toString()))
      expect(sums.grouped[0]).toBe("9299999999999999907")
      expect(sums.none).toBeNull()
      expect(sums.filtered).toBe("9299999999999999907")
    })

    it("pledge figures: total, monthly, summary, breakdown, list, targets and the journey", async () => {
      await kejin.registry.addEnterprise({
        uscc,
        name: "温州巨额科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      const inputs = Array.from({ length: N }, (_, i) => ({
        ...sample!,
        pledgor: {
          ...sample!.pledgor,
          uscc,
          name: "温州巨额科技",
          district: "330302",
          size: "small" as const
        },
        pledgee: { name: "温州银行", kind: "bank" as const },
        registrationNo: `Y2025330${String(i + 1).padStart(6, "0")}`,
        patents: [demoPatent(`exact-${i}`)],
        amount: MAX,
        registeredOn: "2025-03-14"
      }))
      const { ids } = await kejin.pledges.recordMany(inputs)
      for (const pledgeId of ids) {
        const loan = await kejin.pledges.loans.draw({
          pledgeId,
          amount: MAX,
          rate: "0.0385",
          disbursedOn: "2025-04-01",
          maturesOn: "2026-04-01"
        })
        // All but 0.01 repaid: 0.93 outstanding in all.
        await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-06-01", amount: "999999999999999.98" })
      }
      const repaid = times(N, "999999999999999.98")

      const total = await kejin.pledges.total({ year: 2025 })
      expect([toWire(total.amount), total.count]).toEqual([TOTAL, N])
      const months = await kejin.pledges.monthly({ from: "2025-03-01", to: "2025-03-31" })
      expect(months.map((m) => [m.month, toWire(m.amount), m.count])).toEqual([["2025-03", TOTAL, N]])
      const measures = (m: {
        amount: Yuan
        lending: Yuan
        lendingToDate: Yuan
        repaidToDate: Yuan
        outstanding: Yuan
      }) => [m.amount, m.lending, m.lendingToDate, m.repaidToDate, m.outstanding].map(toWire)
      const expected = [TOTAL, TOTAL, TOTAL, repaid, "0.93"]
      const summary = await kejin.pledges.summary({ year: 2025 })
      expect(measures(summary.measures)).toEqual(expected)
      for (const by of ["district", "bank", "size", "inclusive", "firstPledge"] as const) {
        const breakdown = await kejin.pledges.breakdown({ year: 2025 }, by)
        expect(measures(breakdown.total), by).toEqual(expected)
        // One group holds every registration but the first-pledge split (one first, 92 others).
        if (by !== "firstPledge")
          expect(
            breakdown.rows.map((r) => measures(r.measures)),
            by
          ).toContainEqual(expected)
      }
      const list = await kejin.pledges.list({ from: "2025-01-01", to: "2025-12-31" })
      expect(list.total).toBe(N)
      const [target] = (await kejin.targets.progress("2025-12-31")).filter(
        (p) => p.key === "patent-pledge-financing"
      )
      expect(toWire(target!.value)).toBe(TOTAL)
      const journey = await kejin.registry.journey(uscc)
      expect([toWire(journey.totals.pledged), toWire(journey.totals.pledgeLoansDrawn)]).toEqual([
        TOTAL,
        TOTAL
      ])
    }, 120_000)

    it("fund metrics: commitments and calls of a fund", async () => {
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      await kejin.funds.create({
        code: "wz-huge",
        name: "温州巨额基金",
        kind: "city-fund",
        manager,
        targetSize: MAX,
        vintage: "2025-01-01",
        district: "330302"
      })
      for (let i = 0; i < N; i++) {
        const commitment = await kejin.funds.commit({
          fund: "wz-huge",
          on: "2025-01-10",
          lpName: `LP${i}`,
          lpType: "fiscal",
          amount: MAX
        })
        await kejin.funds.call({ commitment: commitment.id, on: "2025-02-01", amount: MAX })
      }
      const metrics = await kejin.funds.metrics("wz-huge", { asOf: "2025-12-31" })
      expect([toWire(metrics.committed), toWire(metrics.paidIn)]).toEqual([TOTAL, TOTAL])
    }, 120_000)

    it("linkage: a pool's balance and the summary's bonds and pools", async () => {
      await kejin.registry.addEnterprise({
        uscc,
        name: "温州巨额科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.linkage.recordPool({
        code: "huge",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.5"
      })
      for (let i = 0; i < N; i++) {
        await kejin.linkage.recordDeposit({ pool: "huge", on: "2025-01-05", amount: MAX })
        await kejin.linkage.recordBond({
          issuerEnterprise: uscc,
          amount: MAX,
          issuedOn: "2025-09-01",
          tenorMonths: 36,
          couponPercent: "2.35",
          useOfProceeds: "科技型企业贷款"
        })
      }
      const pool = await kejin.linkage.pool("huge")
      expect([toWire(pool.deposited), toWire(pool.balance)]).toEqual([TOTAL, TOTAL])
      const summary = await kejin.linkage.summary({ from: "2025-01-01", to: "2025-12-31" })
      expect(toWire(summary.bonds.amount)).toBe(TOTAL)
      expect(summary.pools.map((p) => [toWire(p.deposits), toWire(p.closingBalance)])).toEqual([
        [TOTAL, TOTAL]
      ])
    }, 120_000)
  })
}
