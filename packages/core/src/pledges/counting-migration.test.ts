import SqliteDatabase from "better-sqlite3"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { migrationProvider } from "../store/migrations/index.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

// 0015_void_cancelled_registrations on a database the previous code wrote: its caches of 首次质押
// (pledge_firsts) and of the enterprises served (pledge_sequence) still hold the cancelled registrations.
// The migration leaves them as today's write path keeps them, and the figures agree.

// biome-ignore lint/suspicious/noExplicitAny: the test rewinds the tables to what 0014 and its code left
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

const uscc = (n: number) => makeUscc(`91330302MD${String(n).padStart(7, "0")}`)
let serial = 0
const reg = (enterprise: number, amount: string, registeredOn: string): PledgeInputJson => ({
  registrationNo: `YM2025${String(++serial).padStart(6, "0")}`,
  pledgor: { uscc: uscc(enterprise), name: `温州迁移${enterprise}号有限公司`, district: "330302" },
  pledgee: { name: "温州银行" },
  patents: [`ZL${makePatentNumber(`20241${String(serial).padStart(7, "0")}`)}`],
  amount,
  registeredOn
})

/** Both caches, in a fixed order, integers as text. */
const caches = async (db: AnyDb) => {
  const read = async (table: string, order: string) =>
    (
      await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db)
    ).rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))
    )
  return {
    firsts: await read("pledge_firsts", "pledgor_uscc"),
    sequence: await read("pledge_sequence", "pledge_id")
  }
}

for (const dialect of testDialects()) {
  describe(`migration 0015_void_cancelled_registrations on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin | undefined

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("takes the cancelled registrations out of the caches, and only those", async () => {
      kejin = await openKejin({ database: database.url })
      // E1: its first registration cancelled; E2: its only one cancelled; E3: a cancellation reversed;
      // E4: nothing cancelled.
      const a1 = (await kejin.pledges.record(reg(1, "10000000.00", "2025-03-01"))).id
      await kejin.pledges.record(reg(1, "4000000.00", "2025-05-01"))
      const b1 = (await kejin.pledges.record(reg(2, "6000000.00", "2025-04-01"))).id
      const c1 = (await kejin.pledges.record(reg(3, "2000000.00", "2025-06-01"))).id
      await kejin.pledges.record(reg(4, "1000000.00", "2025-07-01"))
      await kejin.pledges.cancel({ pledgeId: a1, on: "2025-08-01" })
      await kejin.pledges.cancel({ pledgeId: b1, on: "2025-08-01" })
      const undone = await kejin.pledges.cancel({ pledgeId: c1, on: "2025-08-01" })
      await kejin.pledges.reverseEvent(undone.events.at(-1)!.id, "cancelled in error")
      await kejin.close()
      kejin = undefined

      const db = open(dialect, database.url)
      try {
        const kept = await caches(db)
        expect(kept.firsts).toHaveLength(3)
        expect(kept.sequence).toHaveLength(3)
        // Rewound to what the previous code left: no 0015 (later migrations stay run: the migrator below
        // runs the missing one alone), caches over every registration not reversed.
        const ran = (
          await sql<{ timestamp: string }>`select timestamp from kysely_migration
            where name = '0015_void_cancelled_registrations'`.execute(db)
        ).rows[0]?.timestamp
        await sql`delete from kysely_migration where name = '0015_void_cancelled_registrations'`.execute(db)
        await db.schema.dropIndex("pledge_events_kind").execute()
        await sql`delete from pledge_firsts`.execute(db)
        await sql`delete from pledge_sequence`.execute(db)
        await sql`
          insert into pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
          select x.pledgor_uscc, x.id, x.registered_on, x.amount_fen, x.patent_count from (
            select p.pledgor_uscc, p.id, p.registered_on, p.amount_fen, p.patent_count,
              row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id) as n
            from pledges p where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)
          ) x where x.n = 1`.execute(db)
        await sql`
          insert into pledge_sequence (pledge_id, pledgor_uscc, registered_on, pledgor_district, pledgee_name,
            pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no)
          select p.id, p.pledgor_uscc, p.registered_on, p.pledgor_district, p.pledgee_name, p.pledgor_size,
            lag(p.registered_on) over (partition by p.pledgor_uscc order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_district order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgee_name order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_size order by p.registered_on, p.id),
            row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id)
          from pledges p where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)`.execute(
          db
        )
        const stale = await caches(db)
        expect(stale.firsts).toHaveLength(4)
        expect(stale.sequence).toHaveLength(5)

        const migrated = await new Migrator({
          db,
          provider: migrationProvider({ dialect }),
          allowUnorderedMigrations: true
        }).migrateToLatest()
        expect(migrated.error).toBeUndefined()
        expect(migrated.results?.map((r) => [r.migrationName, r.status])).toEqual([
          ["0015_void_cancelled_registrations", "Success"]
        ])
        expect(await caches(db)).toEqual(kept)
        // Back in its place among the migrations run (by time), as the store's own migrator expects.
        await sql`update kysely_migration set timestamp = ${ran}
          where name = '0015_void_cancelled_registrations'`.execute(db)
      } finally {
        await db.destroy()
      }

      kejin = await openKejin({ database: database.url })
      const figures = (await kejin.pledges.summary({ year: 2025 })).measures
      expect([toWire(figures.amount), figures.registrations, figures.enterprises]).toEqual([
        "7000000.00",
        3,
        3
      ])
    })
  })
}
