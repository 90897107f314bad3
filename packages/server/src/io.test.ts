import { openKejin } from "@kejin/core"
import { describe, expect, it } from "vitest"
import { exportPledgesCsv, importPledgesCsv, UnreadableFileError } from "./io.js"

describe("kejin import / export pledges", () => {
  it("imports the sample CSV in one journal entry and exports it back with exact amounts", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const result = await importPledgesCsv(kejin, "examples/pledges-sample.csv", {
        id: "cli",
        role: "admin"
      })
      expect(result.count).toBe(3)
      const { items } = await kejin.journal.search({ command: "pledges.recordMany" })
      expect(items).toHaveLength(1)
      expect(items[0]!.actor).toBe("cli")
      const csv = await exportPledgesCsv(kejin, { from: "2025-01-01", to: "2025-06-30" })
      expect(csv.split("\n")[0]).toBe(
        "registration_no,pledgor_uscc,pledgor_name,district,pledgee,patents,amount,registered_on"
      )
      expect(csv).toContain("25000000.00")
      expect(csv).toContain("12000000.00")
      expect(csv).not.toContain("1000000.50")
      await expect(
        importPledgesCsv(kejin, "examples/pledges-sample.csv", { id: "cli", role: "admin" })
      ).rejects.toMatchObject({ _tag: "ConflictError" })
      await expect(
        importPledgesCsv(kejin, "examples/pledges-sample.csv", { id: "v", role: "viewer" })
      ).rejects.toMatchObject({ _tag: "ForbiddenError" })
    } finally {
      await kejin.close()
    }
  })

  it("says a file it cannot read is unreadable (the CLI's exit 2), and imports nothing", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const missing = importPledgesCsv(kejin, "examples/no-such-file.csv", { id: "cli", role: "admin" })
      await expect(missing).rejects.toBeInstanceOf(UnreadableFileError)
      await expect(missing).rejects.toThrow("cannot read examples/no-such-file.csv: ENOENT")
      const folder = importPledgesCsv(kejin, "examples", { id: "cli", role: "admin" })
      await expect(folder).rejects.toThrow("cannot read examples: EISDIR")
      expect((await kejin.journal.search({ command: "pledges.recordMany" })).items).toHaveLength(0)
    } finally {
      await kejin.close()
    }
  })
})
