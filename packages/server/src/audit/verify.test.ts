import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Kejin, openKejin } from "@kejin/core"
import { demoPatent, demoPledges } from "@kejin/core/demo"
import { Database } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Effect } from "effect"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { shanghaiTime } from "../admin/time.js"
import { createApp } from "../app.js"
import { backupCommand, restoreCommand, scheduleAudits } from "./verify.js"

/** Multiplies a registration's amount behind the application's back. */
const editAmount = (kejin: Kejin, id: number, factor: number) =>
  kejin.run(
    Database.use((d) =>
      d.query((db) =>
        db
          .updateTable("pledges")
          .set((eb) => ({ amount_fen: eb("amount_fen", "*", factor) }))
          .where("id", "=", id)
          .execute()
      )
    ).pipe(Effect.asVoid)
  )

const quietly = () => {
  const lines: Array<string> = []
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)))
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)))
  return lines
}

describe("kejin backup and restore (SQLite)", () => {
  let database: TestDatabase
  let kejin: Kejin
  let folder: string
  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    folder = mkdtempSync(join(tmpdir(), "kejin-backup-test-"))
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await kejin?.close()
    await database?.dispose()
    rmSync(folder, { recursive: true, force: true })
  })

  it("backs up while writes run, and the restored copy verifies", async () => {
    const lines = quietly()
    // The writer records registrations until the backup is done, then five more.
    let written = 0
    let backedUp = false
    const writes = (async () => {
      let after = 0
      for (let batch = 0; ; batch++) {
        const prefix = `YB${String.fromCharCode(65 + (batch % 26))}${String.fromCharCode(65 + Math.floor(batch / 26))}`
        for (const p of demoPledges({
          count: 50,
          from: "2025-01-01",
          to: "2025-12-31",
          seed: 31 + batch,
          prefix
        })) {
          if (backedUp && ++after > 5) return
          // A patent of its own: a patent is in one active registration at a time.
          await kejin.pledges.record({ ...p, patents: [demoPatent(p.registrationNo)] })
          written += 1
          // Between two writes the event loop turns, as between two requests: the backup's steps run.
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
    })()
    while (written < 10) await new Promise((resolve) => setImmediate(resolve))
    const file = join(folder, "backup.db")
    const atStart = written
    expect(await backupCommand(database.url, file)).toBe(0)
    const atEnd = written
    backedUp = true
    await writes
    expect(written).toBeGreaterThan(atEnd)

    const target = `sqlite:${join(folder, "restored.db")}`
    expect(await restoreCommand(target, file)).toBe(0)
    expect(lines.at(-1)).toMatch(/^restored .* verified \(full/)
    const restored = await openKejin({ database: target })
    try {
      const report = await restored.journal.audit("full")
      expect(report).toMatchObject({ ok: true, findingCount: 0 })
      // One moment during the backup: as many entries as registrations, between those written at its start
      // and at its end; the writes after it are not in it.
      const entries = report.entries
      expect(entries).toBeGreaterThanOrEqual(atStart)
      expect(entries).toBeLessThanOrEqual(atEnd)
      expect((await restored.pledges.list({ from: "2025-01-01", to: "2025-12-31" })).total).toBe(entries)
    } finally {
      await restored.close()
    }
  })

  it("refuses to restore a backup that does not verify, and leaves the store as it was", async () => {
    const lines = quietly()
    for (const p of demoPledges({ count: 3, from: "2025-01-01", to: "2025-06-30", seed: 32, prefix: "YR" }))
      await kejin.pledges.record(p)
    const file = join(folder, "backup.db")
    expect(await backupCommand(database.url, file)).toBe(0)
    const copy = await openKejin({ database: `sqlite:${file}` })
    await editAmount(copy, 2, 10)
    await copy.close()

    const target = await createTestDatabase("sqlite", { migrated: true })
    try {
      const before = await openKejin({ database: target.url })
      await before.pledges.record(
        demoPledges({ count: 1, from: "2025-01-01", to: "2025-06-30", seed: 33, prefix: "YT" })[0]!
      )
      await before.close()
      expect(await restoreCommand(target.url, file)).toBe(1)
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^changed pledges 2 \(written by journal entry 2\): amount_fen \d+ → \d+0$/),
          expect.stringMatching(/^refused: .* does not verify/)
        ])
      )
      const after = await openKejin({ database: target.url })
      try {
        expect((await after.journal.search({})).total).toBe(1)
      } finally {
        await after.close()
      }
    } finally {
      await target.dispose()
    }
  })

  it("will not overwrite an existing file", async () => {
    quietly()
    const file = join(folder, "backup.db")
    expect(await backupCommand(database.url, file)).toBe(0)
    await expect(backupCommand(database.url, file)).rejects.toThrow(/exists already/)
  })
})

for (const dialect of testDialects()) {
  describe(`audit verification in the server on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      vi.restoreAllMocks()
      await kejin?.close()
      await database?.dispose()
    })

    it("shows administrators the last verification on /audit, and what differs", async () => {
      const [p] = demoPledges({ count: 1, from: "2025-01-01", to: "2025-06-30", seed: 34, prefix: "YA" })
      const pledge = await kejin.pledges.record(p!)
      await kejin.accounts.addUser({
        login: "auditor",
        displayName: "审计",
        role: "admin",
        password: "a long password!"
      })
      const app = createApp({ kejin })
      const response = await app.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
        body: new URLSearchParams({ login: "auditor", password: "a long password!", next: "/" }).toString()
      })
      const cookie = response.headers.get("set-cookie")!.split(";")[0]!
      const page = async () =>
        await (await app.request("/audit", { headers: { cookie, "accept-language": "en" } })).text()
      expect(await page()).toContain('data-records="none"')
      await kejin.journal.audit("full")
      expect(await page()).toContain('data-records="ok"')
      await editAmount(kejin, pledge.id, 3)
      const report = await kejin.journal.audit("full")
      const html = await page()
      expect(html).toContain('data-records="differ"')
      expect(html).toContain(`changed pledges ${pledge.id}`)
      // In Shanghai time, as the page shows every time.
      expect(html).toContain(shanghaiTime(report.finishedAt))
    })

    it("kejin serve's schedule verifies quickly on start and logs the outcome", async () => {
      const logged: Array<string> = []
      const stop = scheduleAudits(kejin, (line) => logged.push(line))
      try {
        while (!logged.some((l) => l.includes("audit: verified (quick")))
          await new Promise((resolve) => setTimeout(resolve, 5))
      } finally {
        stop()
      }
      expect(await kejin.journal.lastAudit()).toMatchObject({ mode: "quick", ok: true })
    })

    if (dialect === "postgres") {
      it("kejin backup prints the pg_dump and pg_restore commands for PostgreSQL", async () => {
        const lines = quietly()
        expect(await backupCommand(database.url, "/tmp/kejin.dump")).toBe(1)
        expect(lines.join("\n")).toMatch(/pg_dump --format=custom .*--file='\/tmp\/kejin.dump'/)
        expect(lines.join("\n")).toMatch(/pg_restore /)
        expect(await restoreCommand(database.url, "/tmp/kejin.dump")).toBe(1)
      })
    }
  })
}
