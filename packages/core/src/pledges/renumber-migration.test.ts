import SqliteDatabase from "better-sqlite3"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { demoPatent } from "../demo/pledges.js"
import { openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { migrationProvider } from "../store/migrations/index.js"
import { createTestDatabase, testDialects } from "../store/testing.js"

// 0010_live_registration_numbers on a database that has registrations: the UNIQUE on pledges.registration_no
// goes (SQLite rebuilds the table), everything else stays as it was, and the live numbers are filled in.

// biome-ignore lint/suspicious/noExplicitAny: the test writes the tables as migration 0009 left them
type AnyDb = Kysely<any>

const uscc = makeUscc("91330302MA2B3C4D5")
const otherUscc = makeUscc("91330302MA2B3C4D6")
const firstPatent = demoPatent("Y2025330000001")

const open = (
  dialect: "sqlite" | "postgres",
  url: string
): { db: AnyDb; sqlite?: SqliteDatabase.Database } => {
  if (dialect === "sqlite") {
    // As the store opens it: foreign keys on, integers as bigint.
    const sqlite = new SqliteDatabase(url.slice("sqlite:".length))
    sqlite.pragma("foreign_keys = ON")
    sqlite.defaultSafeIntegers(true)
    return { db: new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }), sqlite }
  }
  return {
    db: new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) })
  }
}

const pledge = (no: string, uscc: string, registeredOn: string, amountFen: bigint) => ({
  registration_no: no,
  pledgor_uscc: uscc,
  pledgor_name: "鹿城科技",
  pledgor_district: "330302",
  pledgee_name: "温州银行",
  amount_fen: amountFen,
  registered_on: registeredOn,
  journal_id: 1,
  pledgee_kind: "bank",
  pledgor_size: "small",
  debt_start: registeredOn,
  debt_end: "2026-12-31",
  patent_count: 1
})

/** Every row of the tables a pledge is part of, in a fixed order, with integers as text. */
const snapshot = async (db: AnyDb) => {
  const tables = {
    pledges: "id",
    pledge_patents: "pledge_id, patent_no",
    pledge_reversals: "pledge_id",
    pledge_events: "id",
    pledge_loans: "id",
    pledge_loan_events: "id",
    pledge_firsts: "pledgor_uscc",
    pledge_sequence: "pledge_id"
  }
  const out: Record<string, unknown> = {}
  for (const [table, order] of Object.entries(tables)) {
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db)
    out[table] = rows.rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))
    )
  }
  return out
}

/** The schema apart from what 0010 changes: SQLite's stored SQL, PostgreSQL's indexes and constraints. */
const schema = async (dialect: "sqlite" | "postgres", db: AnyDb) => {
  if (dialect === "sqlite") {
    const rows = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_schema order by type, name`.execute(db)
    return rows.rows.map((r) => `${r.type} ${r.name}: ${r.sql}`)
  }
  const indexes = await sql<{ d: string }>`
    select indexdef as d from pg_indexes where schemaname = 'public' order by indexname`.execute(db)
  const constraints = await sql<{ d: string }>`
    select conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid) as d from pg_constraint
    where connamespace = 'public'::regnamespace order by conrelid::regclass::text, conname`.execute(db)
  const columns = await sql<{ d: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity as d
    from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`.execute(
    db
  )
  return [...indexes.rows, ...constraints.rows, ...columns.rows].map((r) => r.d)
}

for (const dialect of testDialects()) {
  describe(`migration 0010_live_registration_numbers on ${dialect}`, () => {
    it("drops the registration number's UNIQUE and keeps every row, id, index and foreign key", async () => {
      const database = await createTestDatabase(dialect)
      try {
        const { db, sqlite } = open(dialect, database.url)
        let reversed = 0n
        let drawn = 0n
        try {
          const migrator = new Migrator({ db, provider: migrationProvider({ dialect }) })
          const to9 = await migrator.migrateTo("0009_linkage")
          expect(to9.error).toBeUndefined()

          // Three registrations as 0009 stores them: one reversed, one changed, one with a repaid loan.
          const insert = async (row: ReturnType<typeof pledge>) =>
            BigInt(
              String(
                (await db.insertInto("pledges").values(row).returning("id").executeTakeFirstOrThrow()).id
              )
            )
          reversed = await insert(pledge("Y2025330000001", uscc, "2025-03-01", 900_000_000n))
          const changed = await insert(pledge("Y2025330000002", uscc, "2025-04-01", 50_000_000n))
          drawn = await insert(pledge("Y2025330000003", otherUscc, "2025-05-01", 30_000_000n))
          for (const [id, patent] of [
            [reversed, firstPatent],
            [changed, demoPatent("Y2025330000002")],
            [drawn, demoPatent("Y2025330000003")]
          ] as const) {
            await db
              .insertInto("pledge_patents")
              .values({ pledge_id: id, patent_no: patent, title: null })
              .execute()
          }
          await db
            .insertInto("pledge_reversals")
            .values({ pledge_id: reversed, reason: "amount wrong", journal_id: 2 })
            .execute()
          await db
            .insertInto("pledge_events")
            .values({
              pledge_id: changed,
              kind: "change",
              on_date: "2025-06-01",
              amount_before_fen: 50_000_000n,
              amount_after_fen: 60_000_000n,
              journal_id: 3
            })
            .execute()
          const loan = (
            await db
              .insertInto("pledge_loans")
              .values({
                pledge_id: drawn,
                bank_name: "温州银行",
                amount_fen: 20_000_000n,
                rate: "3.45",
                disbursed_on: "2025-05-10",
                matures_on: "2026-05-09",
                pledgor_district: "330302",
                pledgor_size: "small",
                pledge_amount_fen: 30_000_000n,
                journal_id: 4
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          await db
            .insertInto("pledge_loan_events")
            .values({
              loan_id: loan,
              pledge_id: drawn,
              kind: "repayment",
              on_date: "2025-08-01",
              amount_fen: 5_000_000n,
              pledgor_district: "330302",
              bank_name: "温州银行",
              pledgor_size: "small",
              pledge_amount_fen: 30_000_000n,
              journal_id: 5
            })
            .execute()
          await db
            .insertInto("pledge_firsts")
            .values({
              pledgor_uscc: uscc,
              pledge_id: changed,
              registered_on: "2025-04-01",
              amount_fen: 50_000_000n,
              patent_count: 1
            })
            .execute()
          const before = await snapshot(db)
          const schemaBefore = await schema(dialect, db)
          // SQLite's AUTOINCREMENT counter, set past the highest id: the rebuild keeps it, not the copy's.
          sqlite?.prepare("update sqlite_sequence set seq = 10 where name = 'pledges'").run()

          const latest = await migrator.migrateTo("0010_live_registration_numbers")
          expect(latest.error).toBeUndefined()
          expect(latest.results?.map((r) => [r.migrationName, r.status])).toEqual([
            ["0010_live_registration_numbers", "Success"]
          ])

          // Every row and id as it was; the live numbers are the registrations not reversed.
          expect(await snapshot(db)).toEqual(before)
          const live = await db
            .selectFrom("pledge_live_numbers")
            .selectAll()
            .orderBy("registration_no")
            .execute()
          expect(live.map((r) => [r.registration_no, String(r.pledge_id)])).toEqual([
            ["Y2025330000002", String(changed)],
            ["Y2025330000003", String(drawn)]
          ])

          // The schema as it was apart from the UNIQUE gone and the new index and table.
          const schemaAfter = await schema(dialect, db)
          if (dialect === "sqlite") {
            const pledgesSql = (lines: ReadonlyArray<string>) =>
              lines.find((l) => l.startsWith("table pledges:"))
            expect(pledgesSql(schemaAfter)).toBe(
              pledgesSql(schemaBefore)?.replace(
                `"registration_no" text not null unique`,
                `"registration_no" text not null`
              )
            )
            expect(pledgesSql(schemaAfter)).not.toMatch(/unique/i)
            const rest = (lines: ReadonlyArray<string>) =>
              lines.filter(
                (l) =>
                  !l.startsWith("table pledges:") &&
                  !l.includes("sqlite_autoindex_pledges_1") &&
                  !l.includes("pledge_live_numbers") &&
                  !l.includes("index pledges_registration_no:")
              )
            expect(rest(schemaAfter)).toEqual(rest(schemaBefore))
            for (const index of [
              "pledges_registered_on_amount",
              "pledges_pledgor_uscc",
              "pledges_measures",
              "pledges_district_measures",
              "pledges_pledgee_measures",
              "pledges_size_measures",
              "pledges_pledgor_registered"
            ]) {
              expect(schemaAfter.filter((l) => l.startsWith(`index ${index}:`))).toHaveLength(1)
            }
            expect(schemaAfter).toContain(
              `index pledges_registration_no: CREATE INDEX "pledges_registration_no" on "pledges" ("registration_no")`
            )
            expect(schemaAfter.some((l) => l.includes("sqlite_autoindex_pledges_1"))).toBe(false)
            expect(sqlite!.pragma("foreign_key_check")).toEqual([])
            expect(sqlite!.pragma("foreign_keys", { simple: true })).toBe(1n)
            expect(
              sqlite!.prepare("select seq from sqlite_sequence where name = 'pledges'").pluck().get()
            ).toBe(10n)
          } else {
            const added = schemaAfter.filter((l) => !schemaBefore.includes(l))
            const removed = schemaBefore.filter((l) => !schemaAfter.includes(l))
            expect(removed).toEqual([
              "CREATE UNIQUE INDEX pledges_registration_no_key ON public.pledges USING btree (registration_no)",
              "pledges pledges_registration_no_key: UNIQUE (registration_no)"
            ])
            expect([...added].sort()).toEqual(
              [
                "CREATE UNIQUE INDEX pledge_live_numbers_pkey ON public.pledge_live_numbers USING btree (registration_no)",
                "CREATE INDEX pledges_registration_no ON public.pledges USING btree (registration_no)",
                "pledge_live_numbers pledge_live_numbers_pkey: PRIMARY KEY (registration_no)",
                "pledge_live_numbers pledge_live_numbers_pledge_id_fkey: FOREIGN KEY (pledge_id) REFERENCES pledges(id)",
                "pledge_live_numbers.registration_no text NO  NO",
                "pledge_live_numbers.pledge_id bigint NO  NO"
              ].sort()
            )
          }
          // The foreign keys into the rebuilt table still hold.
          const orphan = await db
            .insertInto("pledge_patents")
            .values({ pledge_id: 999_999, patent_no: firstPatent, title: null })
            .execute()
            .then(
              () => "inserted",
              (error: { code?: string }) => error.code
            )
          expect(orphan).toBe(dialect === "sqlite" ? "SQLITE_CONSTRAINT_FOREIGNKEY" : "23503")
        } finally {
          await db.destroy()
        }

        // The store on the migrated database: the reversed number is free, a live one is not, ids carry on.
        const kejin = await openKejin({ database: database.url })
        try {
          const input = {
            registrationNo: "Y2025330000001",
            pledgor: { uscc, name: "鹿城科技", district: "330302" },
            pledgee: { name: "温州银行" },
            patents: [firstPatent],
            amount: "90000.00",
            registeredOn: "2025-03-01"
          }
          const again = await kejin.pledges.record(input)
          expect(BigInt(again.id)).toBe(dialect === "sqlite" ? 11n : drawn + 1n)
          const held = await kejin.pledges
            .record({ ...input, registrationNo: "Y2025330000002", patents: [demoPatent("elsewhere")] })
            .then(
              () => undefined,
              (error: { _tag: string; field?: string }) => [error._tag, error.field]
            )
          expect(held).toEqual(["ConflictError", "registrationNo"])
          const all = await kejin.pledges.list({ registrationNo: "Y2025330000001", includeReversed: true })
          expect(all.items.map((p) => [String(p.id), p.reversed]).sort()).toEqual(
            [
              [String(reversed), true],
              [String(again.id), false]
            ].sort()
          )
        } finally {
          await kejin.close()
        }
      } finally {
        await database.dispose()
      }
    })
  })
}
