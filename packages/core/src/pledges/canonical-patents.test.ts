import SqliteDatabase from "better-sqlite3"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { openKejin } from "../kejin.js"
import { canonicalPatentNumber, isValidPatentNumber, makePatentNumber, makeUscc } from "../registry/codes.js"
import { migrationProvider } from "../store/migrations/index.js"
import { createTestDatabase, testDialects } from "../store/testing.js"

// A patent number is stored and shown in one spelling, ZL + digits + dot + check digit: input in any
// spelling is stored so, and 0024_canonical_patents rewrites what older code stored as typed, keeping
// `audit verify` clean (its own journal entry keeps the rewritten rows).

// biome-ignore lint/suspicious/noExplicitAny: the test writes the tables as migration 0017 left them
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

const digits = ["201710601862", "201820123456", "201910234567"] as const
const bare = digits.map(makePatentNumber)
const zl = bare.map((n) => `ZL${n}`)

describe("one spelling of a patent number", () => {
  it("reads every spelling people write as ZL + digits + dot + check digit", () => {
    const n = bare[0]!
    for (const spelling of [
      n,
      `ZL${n}`,
      `CN${n}`,
      n.replace(".", ""),
      `zl ${n}`,
      `ＺＬ${n.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))}`
    ])
      expect(canonicalPatentNumber(spelling), spelling).toBe(`ZL${n}`)
    expect(canonicalPatentNumber("021234566")).toBe("ZL02123456.6")
    expect(isValidPatentNumber(canonicalPatentNumber(`cn ${n}`))).toBe(true)
    // Not a patent number: left for validation to refuse.
    expect(canonicalPatentNumber("whatever")).toBe("WHATEVER")
  })
})

for (const dialect of testDialects()) {
  describe(`patent numbers on ${dialect}`, () => {
    it("stores a registration's patents as ZL… however they were typed, and refuses one patent in two spellings", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      try {
        const input = {
          registrationNo: "YC2025000000001",
          pledgor: {
            uscc: makeUscc("91330302MA4CANPT1"),
            name: "温州专利拼写测试有限公司",
            district: "330302"
          },
          pledgee: { name: "温州银行" },
          patents: [bare[0]!, `CN${bare[1]!}`, zl[2]!],
          amount: "100.00",
          registeredOn: "2025-03-14"
        }
        const stored = await kejin.pledges.record(input)
        expect([...stored.patents].sort()).toEqual([...zl].sort())
        const twice = await kejin.pledges
          .record({ ...input, registrationNo: "YC2025000000002", patents: [bare[0]!, zl[0]!] })
          .then(
            () => undefined,
            (e: unknown) => e as { _tag: string }
          )
        expect(twice?._tag).toBe("ValidationError")
        expect((await kejin.journal.audit("full")).ok).toBe(true)
      } finally {
        await kejin.close()
        await database.dispose()
      }
    })

    for (const digests of ["kept", "pending"] as const) {
      it(`0024 rewrites older spellings to ZL… and audit verify stays clean (record digests ${digests})`, async () => {
        const database = await createTestDatabase(dialect)
        try {
          const db = open(dialect, database.url)
          try {
            const to17 = await new Migrator({ db, provider: migrationProvider({ dialect }) }).migrateTo(
              "0017_targets_as_data"
            )
            expect(to17.error).toBeUndefined()
            // A registration as older code stored it: its patents as typed (bare, CN…, ZL…), and one
            // registration holding the same patent twice in two spellings.
            const insert = async (no: string) =>
              (
                await db
                  .insertInto("pledges")
                  .values({
                    registration_no: no,
                    pledgor_uscc: makeUscc("91330302MA4CANPT2"),
                    pledgor_name: "鹿城旧拼写科技",
                    pledgor_district: "330302",
                    pledgee_name: "温州银行",
                    amount_fen: 100_000_000n,
                    registered_on: "2025-03-14",
                    journal_id: 0,
                    patent_count: 3
                  })
                  .returning("id")
                  .executeTakeFirstOrThrow()
              ).id
            const first = await insert("YC2025000000011")
            const second = await insert("YC2025000000012")
            const rows = [
              [first, bare[0]!, "一种旧拼写的专利"],
              [first, `CN${bare[1]!}`, null],
              [first, zl[2]!, null],
              [second, bare[2]!, null],
              [second, zl[2]!, null]
            ] as const
            for (const [pledgeId, patent, title] of rows)
              await db
                .insertInto("pledge_patents")
                .values({ pledge_id: pledgeId, patent_no: patent, title })
                .execute()
            await db
              .insertInto("pledge_live_numbers")
              .values({ registration_no: "YC2025000000011", pledge_id: first })
              .execute()
            await db
              .insertInto("pledge_live_numbers")
              .values({ registration_no: "YC2025000000012", pledge_id: second })
              .execute()
            // Then every migration before 0024 (the aggregates of 0018 built from these rows): the store as
            // the code just before 0024 left it.
            const names = Object.keys(await migrationProvider({ dialect }).getMigrations())
            const before24 = names[names.indexOf("0024_canonical_patents") - 1]!
            const toBefore24 = await new Migrator({ db, provider: migrationProvider({ dialect }) }).migrateTo(
              before24
            )
            expect(toBefore24.error).toBeUndefined()
          } finally {
            await db.destroy()
          }
          if (digests === "kept") {
            // Opened by code of that time: the records get their digests (the baseline), audit is clean.
            // Today's code reads tables that later migrations make (0025's loan events): they stand in,
            // empty, for this opening, and go again before the migrations run (the audit leaves a table
            // out until its migration has run).
            const later = await stubLaterTables(dialect, database.url)
            const before = await openKejin({ database: database.url, migrate: false })
            // (Its records only: the aggregates of a later migration, 0026, are not built in it yet.)
            expect((await before.journal.audit("full")).findings).toEqual([])
            await before.close()
            await later.drop()
          }
          const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
          try {
            const db2 = open(dialect, database.url)
            const now = (
              await sql<{ pledge_id: unknown; patent_no: string; title: string | null }>`
                select pledge_id, patent_no, title from pledge_patents order by pledge_id, patent_no`.execute(
                db2
              )
            ).rows.map((r) => [String(r.pledge_id), r.patent_no, r.title])
            await db2.destroy()
            const [firstId, secondId] = [...new Set(now.map((r) => r[0]))]
            expect(now).toEqual([
              [firstId, zl[0], "一种旧拼写的专利"],
              [firstId, zl[1], null],
              [firstId, zl[2], null],
              [secondId, zl[2], null]
            ])
            const audit = await kejin.journal.audit("full")
            expect(audit.findings, JSON.stringify(audit.findings)).toEqual([])
            expect(audit.ok).toBe(true)
            expect((await kejin.journal.verify())._tag).toBe("Intact")
            const entries = await kejin.journal.search({ command: "store.canonicalPatents", limit: 5 })
            expect(entries.total).toBe(digests === "kept" ? 1 : 0)
          } finally {
            await kejin.close()
          }
        } finally {
          await database.dispose()
        }
      })
    }
  })
}

/** Today's code at a store migrated before 0025: the tables it reads that 0025 makes, empty, made by 0025 itself. */
const stubLaterTables = async (dialect: "sqlite" | "postgres", url: string) => {
  const db = open(dialect, url)
  try {
    await (await migrationProvider({ dialect }).getMigrations())["0025_linkage_loan_events"]!.up(db)
  } finally {
    await db.destroy()
  }
  return {
    drop: async () => {
      const db2 = open(dialect, url)
      try {
        await sql`drop table linkage_loan_events`.execute(db2)
      } finally {
        await db2.destroy()
      }
    }
  }
}
