import SqliteDatabase from "better-sqlite3"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fundAggregateDifferences } from "../equity/aggregates.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { migrationProvider } from "../store/migrations/index.js"
import { attempt, randomDraws } from "../store/random-draws.testing.js"
import type { DB } from "../store/schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { linkageAggregateDifferences, rebuildLinkageAggregates } from "./aggregates.js"
import {
  bondFigures,
  bondFiguresFromRecords,
  claimFigures,
  claimFiguresFromRecords,
  coInvestmentFigures,
  findCoInvestments,
  findPools,
  loanFigures,
  loanFiguresFromRecords,
  policyFigures,
  policyFiguresFromRecords,
  poolTotals,
  poolTotalsFromRecords,
  scoreCount,
  scoreCountFromRecords,
  subsidyFigures,
  subsidyFiguresFromRecords,
  warrantFigures,
  warrantFiguresFromRecords
} from "./store.js"
import { sumOf } from "./write.js"

// A property: whatever the writes of every pilot — loans with and without a warrant, exercises and exits,
// scores and index loans, policies, pools, deposits, claims, co-investments, subsidies, bonds — and the
// reversal of any of them, the per day volumes equal their recomputation from the records, every figure
// of the linkage summary read from them equals the same figure summed from the records, and migration 0027
// builds both aggregate tables (the fund metrics' too) for a store written before it.

const uscc = (n: number) => makeUscc(`91330302ME${String(n).padStart(7, "0")}`)

// biome-ignore lint/suspicious/noExplicitAny: the test rewinds the store to what the code before 0027 left
type AnyDb = Kysely<any>

const open = (dialect: "sqlite" | "postgres", url: string): AnyDb => {
  if (dialect === "sqlite") {
    const sqlite = new SqliteDatabase(url.slice("sqlite:".length))
    sqlite.pragma("foreign_keys = ON")
    sqlite.defaultSafeIntegers(true)
    return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
  }
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) })
}

for (const dialect of testDialects()) {
  describe(`linkage volume aggregates on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-31" } })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const withDb = <A>(f: (db: Kysely<DB>) => Promise<A>) =>
      kejin.run(Database.use((d) => d.query((db) => f(db))))

    const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown

    /** The aggregates equal their recomputation, and every figure read from them the records' own. */
    const check = async () => {
      expect(await withDb(linkageAggregateDifferences)).toEqual([])
      await withDb(async (db) => {
        const pools = (await findPools(db, {})).map((p) => p.id)
        for (const period of [
          { from: "2025-01-01", to: "2025-12-31" },
          { from: "2025-03-15", to: "2025-08-20" },
          { from: "2025-07-01", to: "2026-06-30" },
          { from: "2024-01-01", to: "2026-12-31" }
        ]) {
          expect(json(await loanFigures(db, period))).toEqual(json(await loanFiguresFromRecords(db, period)))
          expect(json(await warrantFigures(db, period))).toEqual(
            json(await warrantFiguresFromRecords(db, period))
          )
          expect(await scoreCount(db, period)).toBe(await scoreCountFromRecords(db, period))
          expect(json(await policyFigures(db, period))).toEqual(
            json(await policyFiguresFromRecords(db, period))
          )
          expect(json(await claimFigures(db, period))).toEqual(
            json(await claimFiguresFromRecords(db, period))
          )
          expect(json(await subsidyFigures(db, period))).toEqual(
            json(await subsidyFiguresFromRecords(db, period))
          )
          expect(json(await bondFigures(db, period))).toEqual(json(await bondFiguresFromRecords(db, period)))
          for (const within of [period, { to: period.to }])
            expect(await poolTotals(db, pools, within)).toEqual(
              await poolTotalsFromRecords(db, pools, within)
            )
          // The co-investments as the summary summed them from the records: each lead once.
          const links = await findCoInvestments(db, { ...period, includeReversed: false })
          const leads = new Map(links.map((l) => [l.lead.id, l.lead.amount]))
          expect(json(await coInvestmentFigures(db, period))).toEqual(
            json({
              count: links.length,
              leadAmount: sumOf([...leads.values()]),
              followAmount: sumOf(links.map((l) => l.amount))
            })
          )
        }
      })
    }

    it("equal a full recomputation after random writes and reversals, and every figure equals the records'", async () => {
      const draws = randomDraws(dialect === "sqlite" ? 11 : 12)
      const { random, pick, amount } = draws
      const date = () => draws.date(2025, 2026)

      // The registry, funds and their investments the pilots name.
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "聚合银行" })).id
      const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "聚合保险" })).id
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "聚合基金管理" })).id
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
      for (const n of [1, 2])
        await kejin.registry.addEnterprise({
          uscc: uscc(n),
          name: `聚合科技${n}`,
          district: "330302",
          ...base
        })
      const fund = { manager, targetSize: "1000000000.00", vintage: "2024-01-01", district: "330302" }
      await kejin.funds.create({ code: "la-city", name: "聚合市基金", kind: "city-fund", ...fund })
      await kejin.funds.create({
        code: "la-sub",
        name: "聚合子基金",
        kind: "sub-fund",
        parent: "la-city",
        ...fund
      })
      for (const f of ["la-city", "la-sub"])
        await kejin.funds.commit({
          fund: f,
          on: "2024-01-01",
          lpName: "财政",
          lpType: "fiscal",
          amount: "500000000.00"
        })
      const leads = [
        await kejin.funds.invest({
          fund: "la-city",
          enterprise: uscc(1),
          on: "2024-06-01",
          amount: "20000000.00",
          instrument: "equity"
        }),
        await kejin.funds.invest({
          fund: "la-city",
          enterprise: uscc(2),
          on: "2024-07-01",
          amount: "30000000.00",
          instrument: "equity"
        })
      ]
      const follows = [
        await kejin.funds.invest({
          fund: "la-sub",
          enterprise: uscc(1),
          on: "2024-08-01",
          amount: "8000000.00",
          instrument: "equity"
        }),
        await kejin.funds.invest({
          fund: "la-sub",
          enterprise: uscc(2),
          on: "2024-09-01",
          amount: "9000000.00",
          instrument: "equity"
        })
      ]
      // Reversed fund entries too, for the migration's build of the fund aggregates below.
      const wrong = await kejin.funds.distribute({
        fund: "la-sub",
        on: "2024-10-01",
        distributionKind: "gain",
        amount: "1.00"
      })
      await kejin.funds.reverse(wrong.id, "录错")
      await kejin.funds.mark({ fund: "la-sub", on: "2024-12-31", nav: "10.00" })
      const lastMark = await kejin.funds.mark({ fund: "la-sub", on: "2024-12-31", nav: "20.00" })
      await kejin.funds.reverse(lastMark.id, "录错")

      const l = kejin.linkage
      await l.recordTierTable({
        modelVersion: "agg-2025",
        maxScore: "100",
        tiers: [
          { tier: "C", minScore: "60", limit: "1000000.00" },
          { tier: "B", minScore: "75", limit: "3000000.00" }
        ]
      })
      for (const [code, kind] of [
        ["agg-relief", "relief"],
        ["agg-rc", "risk-compensation"]
      ] as const)
        await l.recordPool({ code, name: code, kind, openedOn: "2024-01-01", ratio: "0.5" })
      // A defaulted pledge loan a 风险补偿 claim may name.
      const pledge = await kejin.pledges.record({
        registrationNo: "Y2024339000001",
        pledgor: { uscc: uscc(2), name: "聚合科技2", district: "330302" },
        pledgee: { name: "聚合银行", kind: "bank" },
        patents: [`ZL${makePatentNumber("202219000001")}`],
        amount: "900000.00",
        registeredOn: "2024-11-20"
      })
      const drawn = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "900000.00",
        rate: "0.0385",
        disbursedOn: "2024-12-01",
        maturesOn: "2025-12-01"
      })
      await kejin.pledges.loans.default({ loanId: drawn.id, on: "2024-12-20" })

      const records: Array<{ kind: Parameters<typeof l.reverse>[0]; id: number }> = []
      const loans: Array<{ id: number; on: string; warrant: boolean }> = []
      const policies: Array<number> = []
      const kept = <R extends { id: number }>(kind: Parameters<typeof l.reverse>[0], r: R | undefined) => {
        if (r !== undefined) records.push({ kind, id: r.id })
        return r
      }
      const step = async () => {
        const r = random()
        const n = pick([1, 2])
        const loan = { bank, enterprise: uscc(n), ratePercent: "3.2", maturesOn: "2028-12-31" }
        if (r < 0.15) {
          const warrant = random() < 0.5
          const on = date()
          const made = kept(
            "loan",
            await attempt(() =>
              l.recordInvestmentLoan({
                ...loan,
                amount: amount(),
                disbursedOn: on,
                investment: leads[n - 1]!.id,
                ...(warrant
                  ? {
                      warrant: {
                        holder: "聚合银行",
                        equityPercent: "4",
                        strikeBasis: "A轮",
                        expiresOn: "2028-12-31"
                      }
                    }
                  : {})
              })
            )
          )
          if (made !== undefined) loans.push({ id: made.id, on, warrant })
        } else if (r < 0.22 && loans.some((x) => x.warrant)) {
          const w = pick(loans.filter((x) => x.warrant))
          const on = date() < w.on ? w.on : date()
          kept(
            "warrant-event",
            random() < 0.6
              ? await attempt(() =>
                  l.recordWarrantExercise({ loan: w.id, on, equityPercent: "1", amountPaid: amount() })
                )
              : await attempt(() => l.recordWarrantExit({ loan: w.id, on, proceeds: amount() }))
          )
        } else if (r < 0.3) {
          const scoredOn = date()
          kept(
            "score",
            await attempt(() =>
              l.recordScore({
                enterprise: uscc(n),
                modelVersion: "agg-2025",
                scoredOn,
                total: pick(["66", "80"]),
                dimensions: { 研发: "40" }
              })
            )
          )
          const on = date() < scoredOn ? scoredOn : date()
          const made = kept(
            "loan",
            await attempt(() => l.recordIndexLoan({ ...loan, amount: amount(), disbursedOn: on }))
          )
          if (made !== undefined) loans.push({ id: made.id, on, warrant: false })
        } else if (r < 0.4) {
          const startsOn = date()
          const made =
            random() < 0.5
              ? await attempt(() =>
                  l.recordInvestmentPolicy({
                    insurer,
                    insuredEnterprise: uscc(n),
                    investment: leads[n - 1]!.id,
                    sumInsured: amount(),
                    premium: "100.00",
                    startsOn,
                    endsOn: "2027-12-31"
                  })
                )
              : await attempt(() =>
                  l.recordTransferPolicy({
                    insurer,
                    enterprise: uscc(n),
                    sumInsured: "5000000.00",
                    premium: "900.00",
                    premiumSubsidy: "450.00",
                    startsOn,
                    endsOn: "2027-12-31"
                  })
                )
          if (kept("policy", made)?.pilot === "transfer-insurance") policies.push(made!.id)
        } else if (r < 0.5) {
          kept(
            "deposit",
            await attempt(() =>
              l.recordDeposit({ pool: pick(["agg-relief", "agg-rc"]), on: date(), amount: amount() })
            )
          )
        } else if (r < 0.6 && policies.length > 0) {
          kept(
            "claim",
            await attempt(() =>
              l.recordTransferClaim({
                policy: pick(policies),
                on: date(),
                loss: "300000.00",
                insurerPaid: "200000.00",
                ...(random() < 0.7 ? { reliefPool: "agg-relief" } : {})
              })
            )
          )
        } else if (r < 0.65) {
          kept(
            "claim",
            await attempt(() =>
              l.recordCompensationClaim({
                pool: "agg-rc",
                registrationNo: "Y2024339000001",
                on: date(),
                loss: amount()
              })
            )
          )
        } else if (r < 0.75) {
          kept(
            "co-investment",
            random() < 0.5
              ? await attempt(() =>
                  l.recordCoInvestment({ lead: leads[n - 1]!.id, follow: follows[n - 1]!.id })
                )
              : await attempt(() =>
                  l.recordCoInvestment({
                    lead: leads[n - 1]!.id,
                    investor: "某资本",
                    enterprise: uscc(n),
                    amount: amount(),
                    on: date()
                  })
                )
          )
        } else if (r < 0.82 && loans.length > 0) {
          kept(
            "subsidy",
            await attempt(() =>
              l.recordInterestSubsidy({ on: date(), amount: amount(), loan: pick(loans).id })
            )
          )
        } else if (r < 0.9) {
          kept(
            "bond",
            await attempt(() =>
              l.recordBond({
                issuerEnterprise: uscc(n),
                amount: amount(),
                issuedOn: date(),
                tenorMonths: 36,
                couponPercent: "2.35",
                useOfProceeds: "研发",
                ...(random() < 0.5 ? { proceedsFund: "la-city" } : {})
              })
            )
          )
        } else if (records.length > 0) {
          const x = pick(records)
          await attempt(() => l.reverse(x.kind, x.id, "录入错误"))
        }
      }

      for (let i = 0; i < 150; i++) await step()
      await check()
      for (let i = 0; i < 150; i++) await step()
      await check()
      // Every kind was written, and reversed now and then (the property is not vacuous).
      const kinds = await withDb(
        async (db) =>
          (
            await sql<{ kind: string; n: unknown }>`select kind, sum(records) as n from linkage_day_totals
              group by kind`.execute(db)
          ).rows
      )
      for (const kind of [
        "loan",
        "warrant-event",
        "score",
        "policy",
        "claim",
        "pool-payout",
        "pool-deposit",
        "co-investment",
        "subsidy",
        "bond"
      ])
        expect(Number(kinds.find((k) => k.kind === kind)?.n ?? 0)).toBeGreaterThan(1)
      const reversals = await withDb(
        async (db) =>
          (await sql<{ n: unknown }>`select count(*) as n from linkage_reversals`.execute(db)).rows[0]!.n
      )
      expect(Number(reversals)).toBeGreaterThan(5)
      expect((await kejin.journal.audit("full")).ok).toBe(true)
      // The summary the dashboard panel reads answers from them (a spot check against the records').
      const summary = await l.summary({ from: "2025-01-01", to: "2025-12-31" })
      const fromRecords = await withDb((db) =>
        loanFiguresFromRecords(db, { from: "2025-01-01", to: "2025-12-31" })
      )
      expect(String(summary.investmentLoan.amount)).toBe(String(fromRecords.investmentLoan.amount))

      // Rebuilt from nothing, they are what the writes kept.
      await kejin.run(
        Database.use((d) => d.transaction((trx) => d.query(() => rebuildLinkageAggregates(trx))))
      )
      expect(await withDb(linkageAggregateDifferences)).toEqual([])
    }, 300_000)

    it("a difference is reported by the full audit", async () => {
      await withDb(async (db) => {
        // A day's count that no bond explains (whatever the other tests wrote, in any order).
        await sql`insert into linkage_day_totals (kind, key, on_date, records, flagged, a_hi, a_lo, b_hi, b_lo, c_hi, c_lo)
            values ('bond', 'no-such-bond-key', '2026-01-02', 1, 0, 0, 0, 0, 0, 0, 0)`.execute(db)
      })
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(false)
      expect(report.aggregates?.differences).toContainEqual(
        expect.objectContaining({
          table: "linkage_day_totals",
          fields: [expect.objectContaining({ field: "records" })]
        })
      )
      await kejin.run(
        Database.use((d) => d.transaction((trx) => d.query(() => rebuildLinkageAggregates(trx))))
      )
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    })

    it("migration 0027 builds both tables for a store written before it", async () => {
      // Records of its own (whatever the other tests wrote, in any order): a fund with a commitment, a bond.
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "迁移测试基金管理" })
      ).id
      await kejin.funds.create({
        code: "mig-0027",
        name: "迁移测试基金",
        kind: "city-fund",
        manager,
        targetSize: "1000000000.00",
        vintage: "2024-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "mig-0027",
        on: "2024-02-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "300000000.00"
      })
      await kejin.registry.addEnterprise({
        uscc: uscc(90),
        name: "迁移测试科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.linkage.recordBond({
        issuerEnterprise: uscc(90),
        amount: "20000000.00",
        issuedOn: "2025-06-30",
        tenorMonths: 36,
        couponPercent: "2.35",
        useOfProceeds: "研发"
      })
      const before = await withDb(async (db) => ({
        funds: (await sql<{ n: unknown }>`select count(*) as n from fund_day_totals`.execute(db)).rows,
        linkage: (await sql<{ n: unknown }>`select count(*) as n from linkage_day_totals`.execute(db)).rows
      }))
      await kejin.close()
      const db = open(dialect, database.url)
      try {
        // Rewound to the store before 0027: no aggregate tables (later migrations stay run).
        const ran = (
          await sql<{ timestamp: string }>`select timestamp from kysely_migration
            where name = '0027_fund_linkage_aggregates'`.execute(db)
        ).rows[0]?.timestamp
        await sql`delete from kysely_migration where name = '0027_fund_linkage_aggregates'`.execute(db)
        await db.schema.dropTable("fund_day_totals").execute()
        await db.schema.dropTable("linkage_day_totals").execute()
        const migrated = await new Migrator({
          db,
          provider: migrationProvider({ dialect }),
          allowUnorderedMigrations: true
        }).migrateToLatest()
        expect(migrated.error).toBeUndefined()
        expect(migrated.results?.map((r) => [r.migrationName, r.status])).toEqual([
          ["0027_fund_linkage_aggregates", "Success"]
        ])
        await sql`update kysely_migration set timestamp = ${ran}
          where name = '0027_fund_linkage_aggregates'`.execute(db)
      } finally {
        await db.destroy()
      }
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-31" } })
      expect(await withDb(fundAggregateDifferences)).toEqual([])
      expect(await withDb(linkageAggregateDifferences)).toEqual([])
      const after = await withDb(async (db) => ({
        funds: (await sql<{ n: unknown }>`select count(*) as n from fund_day_totals`.execute(db)).rows,
        linkage: (await sql<{ n: unknown }>`select count(*) as n from linkage_day_totals`.execute(db)).rows
      }))
      expect(String(after.funds[0]?.n)).not.toBe("0")
      expect(String(after.linkage[0]?.n)).not.toBe("0")
      // The same rows as the writes kept (rows whose every count went back to 0 are not rebuilt).
      expect(Number(after.linkage[0]?.n)).toBeLessThanOrEqual(Number(before.linkage[0]?.n))
    })
  })
}
