import type { Decimal } from "decimal.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

/*
 * CONVERSION, hand-checked (issue 13: a convertible or future-equity holding needs a conversion event that
 * carries its cost into equity).
 *
 *   fund cv-fund: committed 10,000,000
 *   03-01 invests 1,000,000 in E, convertible; 500,000 in F, equity
 *   05-01 exits part of the convertible: cost basis 200,000, proceeds 250,000
 *   06-01 converts it: 100,000 shares at 8.00 → value 800,000.00; cost carried = 1,000,000 − 200,000 = 800,000
 *
 *   deals by instrument, as of 05-31: convertible (invested 1,000,000, remaining 800,000), equity 500,000
 *                        as of 12-31: equity only (invested 1,500,000, remaining 1,300,000)
 *   the fund's invested cost is 1,500,000 before and after: the cost moves, it is not invested again.
 */

const w = (d: Decimal) => toWire(d)

for (const dialect of testDialects()) {
  describe(`conversions on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let convertible: number
    let equity: number

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-01-15" } })
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "转股测试管理" })).id
      const e = makeUscc("91330302MA2CX0001")
      const f = makeUscc("91330302MA2CX0002")
      for (const [uscc, name] of [
        [e, "转股企业"],
        [f, "股权企业"]
      ] as const)
        await kejin.registry.addEnterprise({
          uscc,
          name,
          district: "330302",
          industry: "新材料",
          stage: "start-up",
          techCategory: "frontier"
        })
      await kejin.funds.create({
        code: "cv-fund",
        name: "转股基金",
        kind: "chain",
        chainStage: "venture",
        manager,
        targetSize: "10000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "cv-fund",
        on: "2025-01-10",
        lpName: "LP",
        lpType: "private",
        amount: "10000000.00"
      })
      const invest = (enterprise: string, amount: string, instrument: string) =>
        kejin.funds.invest({ fund: "cv-fund", enterprise, on: "2025-03-01", amount, instrument })
      convertible = (await invest(e, "1000000.00", "convertible")).id
      equity = (await invest(f, "500000.00", "equity")).id
      await kejin.funds.exit({
        investment: convertible,
        on: "2025-05-01",
        proceeds: "250000.00",
        costBasis: "200000.00",
        route: "share-transfer"
      })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const byInstrument = async (asOf: string) =>
      (await kejin.funds.deals("instrument", { asOf, funds: ["cv-fund"] })).map((g) => [
        g.key,
        w(g.figures.invested),
        w(g.figures.remainingCost)
      ])

    it("carries the remaining cost into equity, once, and can be reversed", async () => {
      const conversion = await kejin.funds.convert({
        fund: "cv-fund",
        investment: convertible,
        on: "2025-06-01",
        shares: "100000",
        price: "8.00"
      })
      expect(conversion).toMatchObject({ fund: "cv-fund", on: "2025-06-01", fromInstrument: "convertible" })
      expect([w(conversion.cost), w(conversion.value)]).toEqual(["800000.00", "800000.00"])

      expect(await byInstrument("2025-05-31")).toEqual([
        ["convertible", "1000000.00", "800000.00"],
        ["equity", "500000.00", "500000.00"]
      ])
      expect(await byInstrument("2025-12-31")).toEqual([["equity", "1500000.00", "1300000.00"]])
      for (const asOf of ["2025-05-31", "2025-12-31"]) {
        const m = await kejin.funds.metrics("cv-fund", { asOf })
        expect(w(m.invested)).toBe("1500000.00")
      }

      // Converted once; the investment is reversed only after its conversion.
      await expect(
        kejin.funds.convert({ investment: convertible, on: "2025-07-01", shares: "1", price: "1" })
      ).rejects.toMatchObject({ _tag: "ConflictError" })
      await expect(kejin.funds.reverse(convertible, "录错")).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [{ path: "id" }]
      })

      const reversed = await kejin.funds.reverseConversion({ id: conversion.id, reason: "转股价格录入错误" })
      expect(reversed.reversal).toMatchObject({ on: "2026-01-15", reason: "转股价格录入错误" })
      expect(await byInstrument("2025-12-31")).toEqual([
        ["convertible", "1000000.00", "800000.00"],
        ["equity", "500000.00", "500000.00"]
      ])
      await expect(
        kejin.funds.reverseConversion({ id: conversion.id, reason: "again" })
      ).rejects.toMatchObject({ _tag: "ConflictError" })
      const listed = await kejin.funds.conversions("cv-fund")
      expect(listed.map((c) => [c.id, c.reversal === null])).toEqual([[conversion.id, false]])
      // Every record the writes made is the journal's.
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    })

    it("refuses what does not convert, naming the field", async () => {
      await expect(
        kejin.funds.convert({ investment: equity, on: "2025-06-01", shares: "1", price: "1" })
      ).rejects.toMatchObject({ _tag: "ValidationError", issues: [{ path: "investment" }] })
      await expect(
        kejin.funds.convert({ investment: convertible, on: "2025-02-01", shares: "1", price: "1" })
      ).rejects.toMatchObject({ _tag: "ValidationError", issues: [{ path: "on" }] })
      await expect(
        kejin.funds.convert({ investment: convertible, on: "2025-06-01", shares: "0", price: "1" })
      ).rejects.toMatchObject({ _tag: "ValidationError", issues: [{ path: "shares" }] })
      await expect(
        kejin.funds.convert({ investment: 999_999, on: "2025-06-01", shares: "1", price: "1" })
      ).rejects.toMatchObject({ _tag: "NotFoundError" })
    })
  })
}
