import { Effect } from "effect"
import { type Kysely, sql } from "kysely"
import pg from "pg"
import { afterEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { aggregatedMonths, aggregatedRead } from "../pledges/aggregates.js"
import { examplePledgeInput } from "../pledges/examples.js"
import { makePatentNumber } from "../registry/codes.js"
import { PREPARED_MARK } from "./capabilities.js"
import { Database, LISTENER_NAME } from "./database.js"
import type { DB } from "./schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"
import { dataVersion, versionKept } from "./version.js"

// The store's data version kept in memory on PostgreSQL (LISTEN/NOTIFY), and the figures kept by it: an
// unchanged store answers from memory, a write shows at once in its own process and, in another process,
// as soon as its notification arrives; a lost listening connection reads the journal head until it hears
// again.

const opened: Array<TestDatabase> = []
const instances: Array<Kejin> = []
afterEach(async () => {
  for (let kejin = instances.pop(); kejin !== undefined; kejin = instances.pop()) await kejin.close()
  for (let database = opened.pop(); database !== undefined; database = opened.pop()) await database.dispose()
})

const open = async (url: string) => {
  const kejin = await openKejin({ database: url })
  instances.push(kejin)
  return kejin
}

let written = 0
/** A registration of 2025 of its own (number, patent), for `amount` yuan. */
const registration = (amount: string) => {
  written += 1
  const n = String(written).padStart(3, "0")
  return {
    ...examplePledgeInput,
    registrationNo: `Y2025330001${n}`,
    amount,
    patents: [`ZL${makePatentNumber(`201710602${n}`)}`]
  }
}

const bankTotal = async (kejin: Kejin) =>
  toWire((await kejin.pledges.breakdown({ year: 2025 }, "bank")).total.amount)

const kept = (kejin: Kejin) => kejin.run(Database.use((d) => Effect.succeed(versionKept(d.primary))))
const version = (kejin: Kejin) => kejin.run(Database.use((d) => Effect.promise(() => dataVersion(d.primary))))

const until = async (what: string, done: () => Promise<boolean>) => {
  for (let i = 0; !(await done()); i++) {
    if (i > 400) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

for (const dialect of testDialects()) {
  describe(`the data version and the figures kept by it on ${dialect}`, () => {
    it("never answers a figure older than this process's own last write, sequential or concurrent", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      opened.push(database)
      const kejin = await open(database.url)
      if (dialect === "postgres") await until("the version is kept", () => kept(kejin))
      let expected = 0n
      for (let i = 1; i <= 8; i++) {
        // Kept before the write: the figure is in memory at the old version.
        expect(await bankTotal(kejin)).toBe(`${expected / 100n}.00`)
        const amount = 1000n * BigInt(i)
        // A figure asked while the write runs may hold it or not; the one asked after must.
        const during = bankTotal(kejin)
        await kejin.pledges.record(registration(`${amount}.00`))
        expected += amount * 100n
        const [meanwhile, after] = await Promise.all([during, bankTotal(kejin)])
        expect([`${(expected - amount * 100n) / 100n}.00`, `${expected / 100n}.00`]).toContain(meanwhile)
        expect(after).toBe(`${expected / 100n}.00`)
        expect(toWire((await kejin.pledges.summary({ year: 2025 })).measures.amount)).toBe(after)
      }
    })

    if (dialect !== "postgres") return

    it("answers an unchanged store's figures without a statement, and a changed one's with one", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      opened.push(database)
      const kejin = await open(database.url)
      await kejin.pledges.record(registration("5000.00"))
      await until("the version is kept", () => kept(kejin))
      const figures = [
        () => kejin.pledges.total({ year: 2025 }),
        () => kejin.pledges.breakdown({ year: 2025 }, "district"),
        () => kejin.pledges.summary({ year: 2025 })
      ]
      // Every statement the pg clients of this process send, counted (the store itself is real).
      const query = pg.Client.prototype.query
      let statements = 0
      pg.Client.prototype.query = function (this: pg.Client, ...args: Array<unknown>) {
        // (not the listener's own proof that it still hears, sent every few seconds)
        const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text
        if (!String(text).includes("pg_notify")) statements += 1
        return (query as (...a: Array<unknown>) => unknown).apply(this, args)
      } as typeof query
      try {
        for (const figure of figures) {
          statements = 0
          await figure()
          expect(statements).toBe(1)
          await figure()
          expect(statements).toBe(1)
        }
      } finally {
        pg.Client.prototype.query = query
      }
    })

    it("shows a write of another process once its notification arrives, and the same figures", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      opened.push(database)
      const [a, b] = [await open(database.url), await open(database.url)]
      await until("both keep the version", async () => (await kept(a)) && (await kept(b)))
      const before = await bankTotal(b)
      const versionBefore = await version(b)
      await a.pledges.record(registration("123456.78"))
      const written = await bankTotal(a)
      expect(written).not.toBe(before)
      await until("B sees A's write", async () => (await bankTotal(b)) !== before)
      expect(await bankTotal(b)).toBe(written)
      expect(await version(b)).toBe(await version(a))
      expect(BigInt(await version(b))).toBeGreaterThan(BigInt(versionBefore))
      const summary = async (k: Kejin) => JSON.stringify(await k.pledges.summary({ year: 2025 }))
      expect(await summary(b)).toBe(await summary(a))
    })

    it("reads the journal head while its listening connection is lost, and keeps the version again after", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      opened.push(database)
      const [a, b] = [await open(database.url), await open(database.url)]
      await until("both keep the version", async () => (await kept(a)) && (await kept(b)))
      const admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
      try {
        // Every listener of this database (A's and B's) loses its connection.
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1",
          [LISTENER_NAME]
        )
        await until("B stops trusting its version", async () => !(await kept(b)))
        // Not listening: B reads the head, so A's write shows at once, no notification needed.
        await a.pledges.record(registration("1000.00"))
        expect(await bankTotal(b)).toBe(await bankTotal(a))
        await until("B listens again", () => kept(b))
        await a.pledges.record(registration("2000.00"))
        const written = await bankTotal(a)
        await until("B sees A's second write", async () => (await bankTotal(b)) === written)
      } finally {
        await admin.end()
      }
    })

    it("prepares the figures' reads by name while it hears, and not while it does not", async () => {
      const database = await createTestDatabase(dialect, { migrated: true })
      opened.push(database)
      const kejin = await open(database.url)
      await until("the version is kept", () => kept(kejin))
      const months = { first: "2025-01", last: "2025-12" }
      // In one transaction, so on one connection: what it reads, then the statements that connection keeps.
      const onOneConnection = (read: (trx: Kysely<DB>) => Promise<unknown>) =>
        kejin.run(
          Database.use((d) =>
            Effect.promise(() =>
              d.primary.transaction().execute(async (trx) => {
                await read(trx)
                await read(trx)
                const kept = await sql<{ statement: string; runs: unknown }>`
                  select statement, generic_plans + custom_plans as runs from pg_prepared_statements`.execute(
                  trx
                )
                return kept.rows.map((r) => ({ statement: r.statement, runs: Number(r.runs) }))
              })
            )
          )
        )
      const total = await onOneConnection((trx) => aggregatedMonths(trx, months))
      const marked = total.filter((r) => r.statement.startsWith(PREPARED_MARK))
      expect(marked).toHaveLength(1)
      expect(marked[0]!.statement).toContain("pledge_month_totals")
      expect(marked[0]!.runs).toBeGreaterThanOrEqual(2)

      // A read of a shape no connection has run yet (three breakdowns: six parts), while it does not hear:
      // sent unnamed, so kept by none. Not hearing before and after the read means not hearing during it
      // (it only hears again by listening again); else the listener came back too soon, and again.
      const admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
      let unheard: Array<{ statement: string; runs: number }> | undefined
      try {
        for (let attempt = 0; unheard === undefined; attempt++) {
          if (attempt === 10) throw new Error("the listener kept coming back before the read")
          await admin.query(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1",
            [LISTENER_NAME]
          )
          await until("it stops trusting its version", async () => !(await kept(kejin)))
          const rows = await onOneConnection((trx) =>
            aggregatedRead(trx, [
              { dimension: "district", months },
              { dimension: "bank", months },
              { dimension: "size", months }
            ])
          )
          if (!(await kept(kejin))) unheard = rows
        }
      } finally {
        await admin.end()
      }
      const sixParts = (r: { statement: string }) => r.statement.split(" union all ").length === 6
      expect(unheard.filter(sixParts)).toEqual([])
      // The same shape once it hears again: named.
      await until("it hears again", () => kept(kejin))
      const heard = await onOneConnection((trx) =>
        aggregatedRead(trx, [
          { dimension: "district", months },
          { dimension: "bank", months },
          { dimension: "size", months }
        ])
      )
      expect(heard.filter(sixParts)).toHaveLength(1)
    })
  })
}
