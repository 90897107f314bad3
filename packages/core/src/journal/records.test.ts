import { readFileSync } from "node:fs"
import SqliteDatabase from "better-sqlite3"
import { Effect } from "effect"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { afterEach, describe, expect, it } from "vitest"
import { demoPledges } from "../demo/pledges.js"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { Database } from "../store/database.js"
import { migrationProvider } from "../store/migrations/index.js"
import { createTestDatabase, type TestDatabase, type TestDialect, testDialects } from "../store/testing.js"
import { canonicalJson, sha256 } from "./canonical.js"
import type { AuditReport } from "./journal.js"
import { auditedTables, contentOf, keyOf } from "./records.js"

const rawSql = (kejin: Kejin, query: string) =>
  kejin.run(Database.use((d) => d.query((db) => sql.raw(query).execute(db))).pipe(Effect.asVoid))

const rowsOf = async (kejin: Kejin, query: string) =>
  kejin.run(
    Database.use((d) => d.query((db) => sql.raw<Record<string, unknown>>(query).execute(db))).pipe(
      Effect.map((r) => r.rows)
    )
  )

const findingsOf = (report: AuditReport) =>
  report.findings.map((f) => ({
    kind: f.kind,
    table: f.table,
    key: f.key,
    fields: f.fields?.map((x) => x.field)
  }))

for (const dialect of testDialects()) {
  describe(`audit verification of the records on ${dialect}`, () => {
    const databases: Array<TestDatabase> = []
    let kejin: Kejin | undefined
    const open = async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      databases.push(database)
      kejin = await openKejin({ database: database.url })
      return kejin
    }
    afterEach(async () => {
      await kejin?.close()
      kejin = undefined
      for (const database of databases.splice(0)) await database.dispose()
    })

    /** Two registrations (one changed), a fund with a commitment and a call, a target edited. */
    const seeded = async () => {
      const k = await open()
      const [a, b] = demoPledges({ count: 2, from: "2025-01-01", to: "2025-06-30", seed: 21 })
      const first = await k.pledges.record(a)
      const second = await k.pledges.record(b)
      await k.pledges.change({ pledgeId: first.id, on: "2025-07-01", amount: "99999999.00" })
      const manager = await k.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })
      await k.funds.create({
        code: "audit-fund",
        name: "审计基金",
        kind: "chain",
        chainStage: "angel",
        manager: manager.id,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      const commitment = await k.funds.commit({
        fund: "audit-fund",
        on: "2025-01-02",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "50000000.00"
      })
      await k.targets.update("city-fund-direct-investments", { target: "40" })
      return { kejin: k, first, second, commitment }
    }

    it("verifies a store the application alone wrote, in full and quick", async () => {
      const { kejin } = await seeded()
      // People and tokens are updated in place (a revocation, a token's last use): none of it differs.
      await kejin.accounts.addUser({
        login: "li.na",
        displayName: "李娜",
        role: "bureau",
        password: "a long password!"
      })
      const { token } = await kejin.accounts.createToken({ name: "etl", role: "bureau" })
      await kejin.accounts.createToken({ name: "old", role: "viewer" })
      expect(await kejin.accounts.tokenActor(token)).toMatchObject({ role: "bureau" })
      await kejin.accounts.revokeToken("old")
      const full = await kejin.journal.audit("full")
      expect(findingsOf(full)).toEqual([])
      expect(full).toMatchObject({ ok: true, mode: "full", chain: { _tag: "Intact" } })
      expect(full.records).toBeGreaterThan(5)
      expect(await kejin.journal.audit("quick")).toMatchObject({ ok: true, mode: "quick", findingCount: 0 })
      expect(await kejin.journal.lastAudit()).toMatchObject({ ok: true, mode: "quick" })
    })

    it("names a pledge amount multiplied by ten behind the application's back", async () => {
      const { kejin, second } = await seeded()
      await rawSql(kejin, `update pledges set amount_fen = amount_fen * 10 where id = ${second.id}`)
      expect((await kejin.journal.verify())._tag).toBe("Intact")
      for (const mode of ["full", "quick"] as const) {
        const report = await kejin.journal.audit(mode)
        expect(report.ok).toBe(false)
        expect(findingsOf(report)).toEqual([
          { kind: "changed", table: "pledges", key: String(second.id), fields: ["amount_fen"] }
        ])
        const [field] = report.findings[0]!.fields!
        expect(BigInt(field!.found!)).toBe(BigInt(field!.expected!) * 10n)
      }
    })

    it("names an edited fund ledger entry, a deleted row and a row inserted with SQL", async () => {
      const { kejin, first, commitment } = await seeded()
      await rawSql(kejin, `update fund_entries set amount_fen = 1, lp_name = 'x' where id = ${commitment.id}`)
      await rawSql(kejin, `delete from pledge_events where pledge_id = ${first.id}`)
      await rawSql(
        kejin,
        `insert into pledge_patents (pledge_id, patent_no, title) values (${first.id}, 'ZL202310000001.1', null)`
      )
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(false)
      const events = findingsOf(report)
      expect(events).toEqual(
        expect.arrayContaining([
          {
            kind: "changed",
            table: "fund_entries",
            key: String(commitment.id),
            fields: ["amount_fen", "lp_name"]
          },
          { kind: "deleted", table: "pledge_events", key: expect.any(String), fields: undefined },
          {
            kind: "added",
            table: "pledge_patents",
            key: JSON.stringify([String(first.id), "ZL202310000001.1"]),
            fields: undefined
          }
        ])
      )
      expect(report.findingCount).toBe(3)
      const quick = await kejin.journal.audit("quick")
      expect(quick.ok).toBe(false)
      expect(quick.findings.map((f) => f.table)).toEqual(
        expect.arrayContaining(["fund_entries", "pledge_events", "pledge_patents"])
      )
    })

    it("sees a target edited in place by SQL, not the application's own edits", async () => {
      const { kejin } = await seeded()
      await kejin.targets.update("city-fund-scale", { target: "30亿" })
      expect((await kejin.journal.audit("full")).ok).toBe(true)
      await rawSql(kejin, `update targets set target_fen = 1 where key = 'patent-pledge-financing'`)
      await rawSql(kejin, `delete from targets where key = 'city-fund-scale'`)
      const report = await kejin.journal.audit("quick")
      expect(findingsOf(report)).toEqual([
        { kind: "changed", table: "targets", key: "patent-pledge-financing", fields: ["target_fen"] },
        { kind: "deleted", table: "targets", key: "city-fund-scale", fields: undefined }
      ])
    })

    it("keeps an import's records as their sha256 and still sees an imported amount changed by SQL", async () => {
      const kejin = await open()
      const single = await kejin.pledges.record(
        demoPledges({ count: 1, from: "2025-01-01", to: "2025-06-30", seed: 22 })[0]!
      )
      const sample = readFileSync("examples/pledges-sample.csv")
      const imported = await kejin.imports.run({
        kind: "pledges",
        rows: (await rowsFromBytes(sample, "pledges-sample.csv")).rows
      })
      expect(imported).toMatchObject({ ok: 3, committed: true })
      const seq = imported.journalSeq!
      // The import's records: only the digest of each (3 registrations, 4 patents); a single write's: content.
      const kept = await rowsOf(
        kejin,
        `select journal_id, table_name, content, content_sha256 from journal_records where journal_id in (${seq}, ${single.journalSeq}) order by journal_id, ord`
      )
      const ofImport = kept.filter((r) => Number(r.journal_id) === seq)
      expect(ofImport.map((r) => r.table_name)).toEqual([
        "pledges",
        "pledges",
        "pledges",
        "pledge_patents",
        "pledge_patents",
        "pledge_patents",
        "pledge_patents"
      ])
      for (const r of ofImport) {
        expect(r.content).toBeNull()
        expect(r.content_sha256).toMatch(/^[0-9a-f]{64}$/)
      }
      for (const r of kept.filter((r) => Number(r.journal_id) === single.journalSeq)) {
        expect(r.content).toEqual(expect.stringMatching(/^\{".*\}$/))
        expect(r.content_sha256).toBeNull()
      }
      // The import's entry commits to the digests: its hash covers them.
      const entry = (await kejin.journal.search({ command: "imports." })).items[0]!
      expect(entry.records).toMatchObject({ count: 7 })
      expect(await kejin.journal.audit("full")).toMatchObject({ ok: true, findingCount: 0 })
      expect(await kejin.journal.audit("quick")).toMatchObject({ ok: true, findingCount: 0 })

      const [pledge] = await rowsOf(kejin, `select id from pledges where registration_no = 'Y2025330000502'`)
      await rawSql(kejin, `update pledges set amount_fen = amount_fen + 100 where id = ${pledge!.id}`)
      for (const mode of ["full", "quick"] as const) {
        const report = await kejin.journal.audit(mode)
        expect(report.ok).toBe(false)
        expect(findingsOf(report)).toEqual([
          { kind: "changed", table: "pledges", key: String(pledge!.id), fields: [] }
        ])
        expect(report.findings[0]).toMatchObject({
          journalSeq: seq,
          detail: expect.stringContaining("sha256")
        })
      }
      // Making the kept digest agree with the edited row breaks what the entry's hash committed to.
      const [edited] = await rowsOf(kejin, `select * from pledges where id = ${pledge!.id}`)
      const spec = auditedTables.find((t) => t.table === "pledges")!
      await rawSql(
        kejin,
        `update journal_records set content_sha256 = '${sha256(contentOf(spec, edited!))}' where table_name = 'pledges' and record_key = '${pledge!.id}'`
      )
      expect(findingsOf(await kejin.journal.audit("full"))).toEqual([
        { kind: "journal", table: "journal", key: String(seq), fields: undefined }
      ])
    })

    it("sees the kept records edited to hide an edit", async () => {
      const { kejin, second } = await seeded()
      await rawSql(kejin, `update pledges set amount_fen = amount_fen * 10 where id = ${second.id}`)
      // The kept content is made to agree with the edited row: the entry's hash committed to the original.
      await rawSql(
        kejin,
        `update journal_records set content = replace(content, (select '"amount_fen":"' || (amount_fen / 10) || '"' from pledges where id = ${second.id}), (select '"amount_fen":"' || amount_fen || '"' from pledges where id = ${second.id})) where table_name = 'pledges' and record_key = '${second.id}'`
      )
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(false)
      expect(findingsOf(report)).toEqual([
        { kind: "journal", table: "journal", key: String(second.journalSeq), fields: undefined }
      ])
    })
  })

  describe(`a store written before 0012 on ${dialect}`, () => {
    let database: TestDatabase | undefined
    let kejin: Kejin | undefined
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("gets a baseline journal entry for its rows, then sees edits", async () => {
      database = await createTestDatabase(dialect)
      const url = database.url
      await withRaw(dialect, url, async (db) => {
        const { error } = await new Migrator({ db, provider: migrationProvider({ dialect }) }).migrateTo(
          "0011_pledge_loan_disposals"
        )
        if (error) throw error
        // One registration and its journal entry, as the code before 0012 wrote them.
        const at = "2025-03-01T00:00:00.000Z"
        const body = {
          seq: 1,
          at,
          actor: "system",
          command: "pledges.record",
          payload: { registrationNo: "Y2025000001" },
          idempotencyKey: null,
          result: { pledgeId: 1 }
        }
        const prev = "0".repeat(64)
        const hash = sha256(`${prev}\n${canonicalJson(body)}`)
        await db
          .insertInto("journal")
          .values({
            id: 1,
            at,
            actor: "system",
            command: "pledges.record",
            payload: canonicalJson(body.payload),
            payload_hash: sha256("x"),
            idempotency_key: null,
            result: canonicalJson(body.result),
            prev_hash: prev,
            hash
          })
          .execute()
        await db.updateTable("journal_head").set({ seq: 1, hash }).where("id", "=", 1).execute()
        await db
          .insertInto("pledges")
          .values({
            registration_no: "Y2025000001",
            pledgor_uscc: "91330302MA2AAAAA0X",
            pledgor_name: "鹿城科技",
            pledgor_district: "330302",
            pledgee_name: "温州银行",
            amount_fen: 100_000_00,
            registered_on: "2025-03-01",
            journal_id: 1
          })
          .execute()
      })
      kejin = await openKejin({ database: url })
      const entries = await kejin.journal.search({})
      expect(entries.items[0]).toMatchObject({ seq: 2, command: "audit.baseline", actor: "system" })
      expect((entries.items[0]!.result as { records: number }).records).toBeGreaterThan(1)
      expect(await kejin.journal.audit("full")).toMatchObject({ ok: true, entries: 2 })
      await rawSql(kejin, "update pledges set amount_fen = 1000000000 where id = 1")
      expect(findingsOf(await kejin.journal.audit("full"))).toEqual([
        { kind: "changed", table: "pledges", key: "1", fields: ["amount_fen"] }
      ])
      // A second open records no second baseline.
      await kejin.close()
      kejin = await openKejin({ database: url })
      expect((await kejin.journal.search({ command: "audit." })).total).toBe(1)
    })
  })
}

// biome-ignore lint/suspicious/noExplicitAny: the test writes the tables as 0011 left them
const withRaw = async (dialect: TestDialect, url: string, body: (db: Kysely<any>) => Promise<void>) => {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const db: Kysely<any> =
    dialect === "sqlite"
      ? new Kysely({
          dialect: new SqliteDialect({ database: new SqliteDatabase(url.slice("sqlite:".length)) })
        })
      : new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) })
  try {
    await body(db)
  } finally {
    await db.destroy()
  }
}

describe("a record's canonical content", () => {
  it("is the canonical JSON of its fields as text, secrets hashed, omitted columns left out", () => {
    const spec = auditedTables.find((t) => t.table === "api_tokens")!
    const row = { id: 7n, name: "etl", token_hash: "abc", last_used_at: "2025-01-01", revoked_at: null, n: 3 }
    expect(contentOf(spec, row)).toBe(
      canonicalJson({ id: "7", n: "3", name: "etl", revoked_at: null, token_hash: `sha256:${sha256("abc")}` })
    )
    expect(keyOf(spec, row)).toBe("7")
  })
})
