import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { fundEntryToJson } from "./schema.js"

const uscc = (n: number) => makeUscc(`91330302MA2${String(n).padStart(6, "0")}`)

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const issues = (error: Record<string, unknown>) => error.issues as Array<{ path: string; message: string }>
const paths = (error: Record<string, unknown>) => issues(error).map((i) => i.path)

const angelManager: Actor = { id: "mgr-angel", role: "fund-manager", funds: ["inv-angel"] }
const otherManager: Actor = { id: "mgr-other", role: "fund-manager", funds: ["inv-other"] }
const bureau: Actor = { id: "bureau", role: "bureau" }

for (const dialect of testDialects()) {
  describe(`fund ledger on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let managerId: number
    let bankId: number

    const fund = (code: string, extra: Record<string, unknown> = {}) => ({
      code,
      name: `基金 ${code}`,
      kind: "chain",
      chainStage: "angel",
      manager: managerId,
      targetSize: "100000000.00",
      vintage: "2025-01-01",
      district: "330302",
      ...extra
    })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      managerId = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
      bankId = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
      await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城科技", district: "330302", ...base })
      // In Hangzhou until 2025-08-31, in Rui'an from 2025-09-01.
      await kejin.registry.addEnterprise({ uscc: uscc(2), name: "迁入科技", district: "330106", ...base })
      await kejin.registry.moveEnterprise({ uscc: uscc(2), district: "330381", since: "2025-09-01" })
      // In Yueqing until 2025-04-30, in Shanghai from 2025-05-01.
      await kejin.registry.addEnterprise({ uscc: uscc(3), name: "迁出科技", district: "330382", ...base })
      await kejin.registry.moveEnterprise({ uscc: uscc(3), district: "310115", since: "2025-05-01" })
      await kejin.funds.create(fund("inv-angel"))
      await kejin.funds.create(fund("inv-other"))
      // Capital for the investments below (an investment stays within the fund's commitments).
      await kejin.funds.commit({
        fund: "inv-angel",
        on: "2025-01-01",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "50000000.00"
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("creates a fund and reads it back", async () => {
      const created = await kejin.funds.create(
        fund("inv-created", {
          kind: "chain",
          chainStage: "venture",
          reinvestRequired: "1.5",
          origin: "national"
        })
      )
      expect(created).toMatchObject({
        code: "inv-created",
        kind: "chain",
        chainStage: "venture",
        parent: null,
        manager: { id: managerId, name: "瓯江创投管理" },
        vintage: "2025-01-01",
        status: "raising",
        statusSince: "2025-01-01",
        origin: "national"
      })
      expect(created.targetSize.toFixed(2)).toBe("100000000.00") // float-ok: Decimal.toFixed, exact
      expect(created.reinvestRequired?.toString()).toBe("1.5")
      expect((await kejin.funds.get("inv-created")).id).toBe(created.id)
      const changed = await kejin.funds.setStatus({
        fund: "inv-created",
        status: "investing",
        on: "2025-03-01"
      })
      expect(changed).toMatchObject({ status: "investing", statusSince: "2025-03-01" })
      expect((await kejin.funds.list({ chainStage: "venture" })).map((f) => f.code)).toEqual(["inv-created"])
    })

    it("checks a fund's shape: code, chain stage, parent, manager", async () => {
      const shape = await caught(
        kejin.funds.create(fund("Bad Code", { kind: "chain", chainStage: undefined, targetSize: "0" }))
      )
      expect(shape._tag).toBe("ValidationError")
      expect(paths(shape)).toEqual(expect.arrayContaining(["code", "targetSize"]))
      const noStage = await caught(kejin.funds.create(fund("inv-x", { chainStage: undefined })))
      expect(paths(noStage)).toEqual(["chainStage"])
      const orphan = await caught(kejin.funds.create(fund("inv-x", { kind: "sub-fund" })))
      expect(paths(orphan)).toEqual(["parent"])
      const cityWithParent = await caught(
        kejin.funds.create(fund("inv-x", { kind: "city-fund", parent: "inv-angel" }))
      )
      expect(paths(cityWithParent)).toEqual(["parent"])
      const refs = await caught(
        kejin.funds.create(fund("inv-x", { kind: "sub-fund", parent: "nope", manager: bankId }))
      )
      expect(paths(refs).sort()).toEqual(["manager", "parent"])
      expect(issues(refs).find((i) => i.path === "manager")?.message).toMatch(/not a fund manager/)
      const duplicate = await caught(kejin.funds.create(fund("inv-angel")))
      expect(duplicate._tag).toBe("ConflictError")
      expect(duplicate.field).toBe("code")
    })

    it("refuses a call above the commitment's unfunded amount, naming the amount", async () => {
      const commitment = await kejin.funds.commit({
        fund: "inv-angel",
        on: "2025-01-10",
        lpName: "某民营企业",
        lpType: "private",
        amount: "10000000.00"
      })
      await kejin.funds.call({ commitment: commitment.id, on: "2025-02-01", amount: "6000000.00" })
      const over = await caught(
        kejin.funds.call({ commitment: commitment.id, on: "2025-03-01", amount: "4000000.01" })
      )
      expect(over._tag).toBe("ValidationError")
      expect(paths(over)).toEqual(["amount"])
      expect(over.message).toBe(
        "amount: exceeds the commitment's unfunded amount 4000000.00 (committed 10000000.00, called 6000000.00)"
      )
      // Exactly the unfunded amount is fine.
      const rest = await kejin.funds.call({
        commitment: commitment.id,
        on: "2025-03-01",
        amount: "4000000.00"
      })
      expect(rest.amount.toFixed(2)).toBe("4000000.00") // float-ok: Decimal.toFixed, exact
      const before = await caught(
        kejin.funds.call({ commitment: commitment.id, on: "2025-01-09", amount: "1.00" })
      )
      expect(paths(before)).toEqual(["on"])
      const missing = await caught(
        kejin.funds.call({ commitment: rest.id, on: "2025-03-01", amount: "1.00" })
      )
      expect(missing._tag).toBe("NotFoundError")
      expect(missing.entity).toBe("commitment")
    })

    it("lets only one of two concurrent calls take the same unfunded amount", async () => {
      await kejin.funds.create(fund("inv-race"))
      const c = await kejin.funds.commit({
        fund: "inv-race",
        on: "2025-01-10",
        lpName: "LP",
        lpType: "bank",
        amount: "500.00"
      })
      const attempts = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          kejin.funds.call({ commitment: c.id, on: "2025-02-01", amount: "500.00" })
        )
      )
      expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1)
      for (const a of attempts.filter((a) => a.status === "rejected"))
        expect((a as PromiseRejectedResult).reason).toMatchObject({ _tag: "ValidationError" })
      expect((await kejin.funds.metrics("inv-race", { asOf: "2025-12-31" })).paidIn.toFixed(2)).toBe("500.00") // float-ok: Decimal.toFixed, exact
    })

    it("refuses any entry dated before the fund's vintage", async () => {
      const early = "2024-12-31"
      const cases = [
        () => kejin.funds.commit({ fund: "inv-angel", on: early, lpName: "X", lpType: "gp", amount: "1.00" }),
        () =>
          kejin.funds.distribute({ fund: "inv-angel", on: early, distributionKind: "gain", amount: "1.00" }),
        () => kejin.funds.mark({ fund: "inv-angel", on: early, nav: "1.00" }),
        () =>
          kejin.funds.invest({
            fund: "inv-angel",
            enterprise: uscc(1),
            on: early,
            amount: "1.00",
            instrument: "equity"
          })
      ]
      for (const attempt of cases) {
        const error = await caught(attempt())
        expect(error._tag).toBe("ValidationError")
        expect(error.message).toBe("on: is before the fund's vintage 2025-01-01")
      }
    })

    it("refuses an investment in an enterprise not in the registry", async () => {
      const error = await caught(
        kejin.funds.invest({
          fund: "inv-angel",
          enterprise: uscc(77),
          on: "2025-05-01",
          amount: "1.00",
          instrument: "equity"
        })
      )
      expect(error._tag).toBe("ValidationError")
      expect(paths(error)).toEqual(["enterprise"])
      expect(error.message).toMatch(/add it to the registry first/)
    })

    it("keeps live invested cost within the commitments on the investment date and every later day", async () => {
      await kejin.funds.create(fund("inv-cap"))
      const commit = (on: string, amount: string) =>
        kejin.funds.commit({ fund: "inv-cap", on, lpName: "温州市财政局", lpType: "fiscal", amount })
      const invest = (on: string, amount: string) =>
        kejin.funds.invest({ fund: "inv-cap", enterprise: uscc(1), on, amount, instrument: "equity" })
      const first = await commit("2025-01-10", "285000000.00")
      await kejin.funds.call({ commitment: first.id, on: "2025-01-20", amount: "150000000.00" })
      const x1 = await invest("2025-02-01", "40000000.00")
      await invest("2025-03-01", "18000000.00")
      // 285,000,000.00 − (40,000,000.00 + 18,000,000.00) = 227,000,000.00
      const huge = await caught(invest("2025-04-01", "5000000000.00"))
      expect(huge._tag).toBe("ValidationError")
      expect(issues(huge)).toMatchObject([
        {
          path: "amount",
          message:
            "the fund has 285,000,000.00 committed and 58,000,000.00 invested: at most 227,000,000.00 more",
          code: "fund-investment-above-committed",
          params: {
            later: "",
            committed: "285,000,000.00",
            invested: "58,000,000.00",
            available: "227,000,000.00"
          }
        }
      ])
      expect(paths(await caught(invest("2025-04-01", "227000000.01")))).toEqual(["amount"])
      expect((await kejin.funds.ledger("inv-cap")).length).toBe(4)
      // An exit's cost basis frees capital: 58,000,000.00 − 8,000,000.00 = 50,000,000.00 invested.
      await kejin.funds.exit({
        investment: x1.id,
        on: "2025-05-01",
        proceeds: "9000000.00",
        costBasis: "8000000.00",
        route: "share-transfer"
      })
      await commit("2025-07-01", "15000000.00")
      // Before the second commitment: 285,000,000.00 − 50,000,000.00 = 235,000,000.00.
      expect(issues(await caught(invest("2025-06-01", "235000000.01")))).toMatchObject([
        {
          path: "amount",
          message:
            "the fund has 285,000,000.00 committed and 50,000,000.00 invested: at most 235,000,000.00 more"
        }
      ])
      // From it on: 300,000,000.00 − 50,000,000.00 = 250,000,000.00, all of it.
      await invest("2025-07-01", "250000000.00")
      // A back-dated investment fits on its own day (227,000,000.00 free on 2025-04-01) but would take
      // 2025-07-01 over the commitments.
      expect(issues(await caught(invest("2025-04-01", "1.00")))).toMatchObject([
        {
          path: "amount",
          message:
            "on 2025-07-01 (a later-dated entry) the fund has 300,000,000.00 committed and 300,000,000.00 invested: at most 0.00 more"
        }
      ])
      const metrics = await kejin.funds.metrics("inv-cap", { asOf: "2025-12-31" })
      expect([toWire(metrics.committed), toWire(metrics.remainingCost)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        "300000000.00",
        "300000000.00"
      ])
    })

    it("computes local from the enterprise's district on the investment date, never from input", async () => {
      const at = (enterprise: number, on: string) =>
        kejin.funds.invest({
          fund: "inv-angel",
          enterprise: uscc(enterprise),
          on,
          amount: "1000000.00",
          instrument: "equity"
        })
      expect(await at(1, "2025-06-01")).toMatchObject({ district: "330302", local: true })
      expect(await at(2, "2025-08-31")).toMatchObject({ district: "330106", local: false })
      expect(await at(2, "2025-09-01")).toMatchObject({ district: "330381", local: true })
      expect(await at(3, "2025-04-30")).toMatchObject({ district: "330382", local: true })
      expect(await at(3, "2025-05-01")).toMatchObject({ district: "310115", local: false })
      const sneaky = await caught(
        kejin.funds.invest({
          fund: "inv-angel",
          enterprise: uscc(3),
          on: "2025-06-01",
          amount: "1.00",
          instrument: "equity",
          local: true
        })
      )
      expect(paths(sneaky)).toEqual(["local"])
      // Defaults from the enterprise and the fund; explicit values win.
      const defaults = await at(1, "2025-06-02")
      expect(defaults).toMatchObject({
        stage: "start-up",
        techCategory: "key-generic",
        mode: "direct",
        round: null
      })
    })

    it("refuses an exit whose cost basis exceeds the remaining cost; the gain is proceeds above cost", async () => {
      const investment = await kejin.funds.invest({
        fund: "inv-angel",
        enterprise: uscc(1),
        on: "2025-03-01",
        amount: "15000000.00",
        instrument: "equity",
        round: "A"
      })
      const first = await kejin.funds.exit({
        investment: investment.id,
        on: "2025-11-15",
        proceeds: "8000000.00",
        costBasis: "5000000.00",
        route: "share-transfer"
      })
      expect(first.gain.toFixed(2)).toBe("3000000.00") // float-ok: Decimal.toFixed, exact
      const over = await caught(
        kejin.funds.exit({
          investment: investment.id,
          on: "2025-12-01",
          proceeds: "1.00",
          costBasis: "10000000.01",
          route: "buy-back"
        })
      )
      expect(over._tag).toBe("ValidationError")
      expect(over.message).toBe(
        "costBasis: exceeds the holding's remaining cost 10000000.00 (cost 15000000.00, exited 5000000.00)"
      )
      const early = await caught(
        kejin.funds.exit({ investment: investment.id, on: "2025-02-28", proceeds: "1.00", route: "ipo" })
      )
      expect(paths(early)).toEqual(["on"])
      // The default cost basis is everything that remains; a write-off has proceeds 0.
      const writeOff = await kejin.funds.exit({
        investment: investment.id,
        on: "2025-12-20",
        proceeds: "0",
        route: "write-off"
      })
      expect(writeOff.costBasis.toFixed(2)).toBe("10000000.00") // float-ok: Decimal.toFixed, exact
      expect(writeOff.gain.toFixed(2)).toBe("-10000000.00") // float-ok: Decimal.toFixed, exact
      const again = await caught(
        kejin.funds.exit({ investment: investment.id, on: "2025-12-21", proceeds: "1.00", route: "ipo" })
      )
      expect(paths(again)).toEqual(["investment"])
      const valueAfter = await caught(
        kejin.funds.value({ investment: investment.id, on: "2025-12-31", fairValue: "1.00" })
      )
      expect(paths(valueAfter)).toEqual(["investment"])
      // Reversing the write-off makes the remaining cost exitable and valuable again.
      await kejin.funds.reverse(writeOff.id, "not written off after all")
      const valued = await kejin.funds.value({
        investment: investment.id,
        on: "2025-12-31",
        fairValue: "12000000.00"
      })
      expect(valued.fairValue.toFixed(2)).toBe("12000000.00") // float-ok: Decimal.toFixed, exact
    })

    it("lets a fund manager write only to the funds in actor.funds; bureau staff only read", async () => {
      const own = await kejin.funds.commit(
        { fund: "inv-angel", on: "2025-01-10", lpName: "管理人", lpType: "gp", amount: "1000000.00" },
        { actor: angelManager }
      )
      expect(own.fund).toBe("inv-angel")
      const other = await caught(
        kejin.funds.commit(
          { fund: "inv-other", on: "2025-01-10", lpName: "管理人", lpType: "gp", amount: "1.00" },
          { actor: angelManager }
        )
      )
      expect(other._tag).toBe("ForbiddenError")
      expect(other.message).toBe("mgr-angel (fund-manager) may not funds.write on fund inv-other")
      // Through an id as well: a call, a reversal on another manager's commitment.
      const call = await caught(
        kejin.funds.call({ commitment: own.id, on: "2025-02-01", amount: "1.00" }, { actor: otherManager })
      )
      expect(call._tag).toBe("ForbiddenError")
      const reversal = await caught(kejin.funds.reverse(own.id, "not mine", { actor: otherManager }))
      expect(reversal._tag).toBe("ForbiddenError")
      const create = await caught(kejin.funds.create(fund("inv-new"), { actor: angelManager }))
      expect(create._tag).toBe("ForbiddenError")
      const read = await caught(
        kejin.funds.mark({ fund: "inv-angel", on: "2025-06-30", nav: "1.00" }, { actor: bureau })
      )
      expect(read._tag).toBe("ForbiddenError")
      expect(read.permission).toBe("funds.write")
    })

    it("reverses an entry: it drops out of the figures, stays in the ledger, and only once", async () => {
      await kejin.funds.create(fund("inv-rev"))
      const c = await kejin.funds.commit({
        fund: "inv-rev",
        on: "2025-01-10",
        lpName: "LP",
        lpType: "private",
        amount: "1000.00"
      })
      const call = await kejin.funds.call({ commitment: c.id, on: "2025-02-01", amount: "400.00" })
      const wrong = await kejin.funds.distribute({
        fund: "inv-rev",
        on: "2025-06-01",
        distributionKind: "gain",
        amount: "100.00"
      })
      const before = await kejin.funds.metrics("inv-rev", { asOf: "2025-12-31" })
      expect(before.distributions.toFixed(2)).toBe("100.00") // float-ok: Decimal.toFixed, exact
      const reversal = await kejin.funds.reverse(wrong.id, "entered on the wrong fund")
      expect(reversal).toMatchObject({
        kind: "reversal",
        reverses: wrong.id,
        reason: "entered on the wrong fund"
      })
      const after = await kejin.funds.metrics("inv-rev", { asOf: "2025-12-31" })
      expect(after.distributions.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      expect(after.dpi?.toString()).toBe("0")
      const ledger = await kejin.funds.ledger("inv-rev")
      expect(ledger.map((e) => e.kind)).toEqual(["commitment", "call", "distribution", "reversal"])
      expect(ledger.find((e) => e.id === wrong.id)?.reversedBy).toBe(reversal.id)
      expect((await kejin.funds.ledger("inv-rev", { includeReversed: false })).map((e) => e.kind)).toEqual([
        "commitment",
        "call"
      ])
      const twice = await caught(kejin.funds.reverse(wrong.id, "again"))
      expect(twice._tag).toBe("ConflictError")
      expect(twice.field).toBe("id")
      const ofReversal = await caught(kejin.funds.reverse(reversal.id, "undo"))
      expect(paths(ofReversal)).toEqual(["id"])
      // A commitment with live calls is reversed after them; then the call budget is gone too.
      const blocked = await caught(kejin.funds.reverse(c.id, "wrong LP"))
      expect(blocked.message).toBe(
        `id: commitment ${c.id} has live capital calls (entries ${call.id}): reverse them first`
      )
      await kejin.funds.reverse(call.id, "wrong LP")
      await kejin.funds.reverse(c.id, "wrong LP")
      const onReversed = await caught(
        kejin.funds.call({ commitment: c.id, on: "2025-03-01", amount: "1.00" })
      )
      expect(paths(onReversed)).toEqual(["commitment"])
      const emptied = await kejin.funds.metrics("inv-rev", { asOf: "2025-12-31" })
      expect(emptied.committed.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      expect(emptied.paidIn.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      expect((await caught(kejin.funds.reverse(999999, "x")))._tag).toBe("NotFoundError")
    })

    it("keeps a foreign amount beside the authoritative yuan amount", async () => {
      await kejin.funds.create(fund("inv-fx", { origin: "foreign" }))
      const c = await kejin.funds.commit({
        fund: "inv-fx",
        on: "2025-01-10",
        lpName: "Overseas LP",
        lpType: "private",
        amount: "71234000.00",
        fx: { currency: "USD", amount: "10000000.00", rate: "7.1234" }
      })
      expect(c.amount.toFixed(2)).toBe("71234000.00") // float-ok: Decimal.toFixed, exact
      expect(c.fx?.currency).toBe("USD")
      expect(c.fx?.rate.toString()).toBe("7.1234")
      expect(fundEntryToJson(c)).toMatchObject({
        kind: "commitment",
        amount: "71234000.00",
        fx: { currency: "USD", amount: "10000000", rate: "7.1234" },
        reversed: false
      })
      const bad = await caught(
        kejin.funds.commit({
          fund: "inv-fx",
          on: "2025-01-10",
          lpName: "X",
          lpType: "private",
          amount: "1.00",
          fx: { currency: "CNY", amount: "-1", rate: "7.1" }
        })
      )
      expect(paths(bad).sort()).toEqual(["fx.amount", "fx.currency"])
    })

    it("takes only current ISO 4217 codes, and a foreign amount that gives the yuan amount to the fen", async () => {
      await kejin.funds.create(fund("inv-fx2", { origin: "foreign" }))
      const lp = { fund: "inv-fx2", on: "2025-01-10", lpName: "Overseas LP", lpType: "private" }
      const currencyIssue = async (currency: string) => {
        const e = await caught(
          kejin.funds.commit({ ...lp, amount: "7.00", fx: { currency, amount: "1", rate: "7" } })
        )
        expect(e._tag).toBe("ValidationError")
        expect(paths(e)).toEqual(["fx.currency"])
        return issues(e)[0]!.message
      }
      expect(await currencyIssue("ZZZ")).toContain('"ZZZ" is not a current ISO 4217 currency code')
      expect(await currencyIssue("usd")).toContain("must be written in capitals: USD")
      expect(await currencyIssue("HRK")).toContain(
        "HRK is no longer a current ISO 4217 code (replaced by EUR)"
      )
      expect(await currencyIssue("XXX")).toContain("is not a current ISO 4217 currency code")
      expect(await currencyIssue("CNY")).toContain("other than CNY")

      // USD 1 @ 7 is 7.00 yuan, not 350,000,000.00 (the issue's example): refused, saying by how much.
      const far = await caught(
        kejin.funds.commit({ ...lp, amount: "350000000.00", fx: { currency: "USD", amount: "1", rate: "7" } })
      )
      expect(far._tag).toBe("ValidationError")
      expect(paths(far)).toEqual(["fx.amount"])
      expect(issues(far)[0]!.message).toBe(
        "fx.amount × fx.rate = 1 USD × 7 = 7.00 yuan (rounded half up to the fen), but amount is " +
          "350000000.00 yuan: short by 349999993.00 yuan; 50000000 USD at this rate would give 350000000.00"
      )
      // Rounding half up to the fen: EUR 3 × 0.335 = 1.005 → 1.01 (half-even would give 1.00).
      const halfUp = await kejin.funds.commit({
        ...lp,
        amount: "1.01",
        fx: { currency: "EUR", amount: "3", rate: "0.335" }
      })
      expect(halfUp.fx?.currency).toBe("EUR")
      const halfDown = await caught(
        kejin.funds.commit({ ...lp, amount: "1.00", fx: { currency: "EUR", amount: "3", rate: "0.335" } })
      )
      expect(issues(halfDown)[0]!.message).toContain(
        "= 1.01 yuan (rounded half up to the fen), but amount is 1.00 yuan: over by 0.01 yuan"
      )
      // Every yuan field is checked: a NAV mark's is `nav`, a valuation's `fairValue`, an exit's `proceeds`.
      const nav = await caught(
        kejin.funds.mark({
          fund: "inv-fx2",
          on: "2025-06-30",
          nav: "100.00",
          fx: { currency: "HKD", amount: "100", rate: "0.9" }
        })
      )
      expect(paths(nav)).toEqual(["fx.amount"])
      expect(issues(nav)[0]!.message).toContain("but nav is 100.00 yuan: short by 10.00 yuan")
      const marked = await kejin.funds.mark({
        fund: "inv-fx2",
        on: "2025-06-30",
        nav: "90.00",
        fx: { currency: "HKD", amount: "100", rate: "0.9" }
      })
      expect(toWire(marked.nav)).toBe("90.00")
      // Many places: JPY 123,456,789 @ 0.0487654321 = 6,020,423.6612635269 → 6,020,423.66.
      const exact = await kejin.funds.commit({
        ...lp,
        amount: "6020423.66",
        fx: { currency: "JPY", amount: "123456789", rate: "0.0487654321" }
      })
      expect(exact.fx?.currency).toBe("JPY")
      // Calls, valuations and exits too (their operations rebuild the input with the fund named).
      const call = await caught(
        kejin.funds.call({
          commitment: exact.id,
          on: "2025-02-01",
          amount: "10.00",
          fx: { currency: "USD", amount: "1", rate: "7" }
        })
      )
      expect(paths(call)).toEqual(["fx.amount"])
      expect(issues(call)[0]!.message).toContain("but amount is 10.00 yuan: short by 3.00 yuan")
      const investment = await kejin.funds.invest({
        fund: "inv-fx2",
        enterprise: uscc(1),
        on: "2025-03-01",
        amount: "700.00",
        instrument: "equity",
        fx: { currency: "USD", amount: "100", rate: "7" }
      })
      const value = await caught(
        kejin.funds.value({
          investment: investment.id,
          on: "2025-06-30",
          fairValue: "800.00",
          fx: { currency: "USD", amount: "100", rate: "7" }
        })
      )
      expect(issues(value)[0]!.message).toContain("but fairValue is 800.00 yuan: short by 100.00 yuan")
      const exit = await caught(
        kejin.funds.exit({
          investment: investment.id,
          on: "2025-07-01",
          proceeds: "0.00",
          route: "write-off",
          fx: { currency: "USD", amount: "1", rate: "7" }
        })
      )
      expect(issues(exit)[0]!.message).toContain("but proceeds is 0.00 yuan: over by 7.00 yuan")
    })

    it("returns the first result for a repeated idempotency key and writes nothing more", async () => {
      await kejin.funds.create(fund("inv-idem"))
      const input = { fund: "inv-idem", on: "2025-06-30", nav: "123.45" }
      const first = await kejin.funds.mark(input, { idempotencyKey: "nav-idem" })
      const second = await kejin.funds.mark(input, { idempotencyKey: "nav-idem" })
      expect(second.id).toBe(first.id)
      expect((await kejin.funds.ledger("inv-idem")).length).toBe(1)
      const clash = await caught(kejin.funds.mark({ ...input, nav: "1.00" }, { idempotencyKey: "nav-idem" }))
      expect(clash.reason).toBe("idempotency-key-reused")
    })

    it("names an LP fund: it must exist and not be the fund itself", async () => {
      const self = await caught(
        kejin.funds.commit({
          fund: "inv-angel",
          on: "2025-01-10",
          lpFund: "inv-angel",
          lpType: "state-owned",
          amount: "1.00"
        })
      )
      expect(paths(self)).toEqual(["lpFund"])
      const missing = await caught(
        kejin.funds.commit({
          fund: "inv-angel",
          on: "2025-01-10",
          lpFund: "nope",
          lpType: "state-owned",
          amount: "1.00"
        })
      )
      expect(paths(missing)).toEqual(["lpFund"])
      const nameless = await caught(
        kejin.funds.commit({ fund: "inv-angel", on: "2025-01-10", lpType: "gp", amount: "1.00" })
      )
      expect(paths(nameless)).toEqual(["lpName"])
      const byFund = await kejin.funds.commit({
        fund: "inv-angel",
        on: "2025-01-10",
        lpFund: "inv-other",
        lpType: "state-owned",
        amount: "1.00"
      })
      expect(byFund).toMatchObject({ lpFund: "inv-other", lpName: "基金 inv-other" })
    })

    it("journals every ledger write with an intact chain", async () => {
      // The fixture created the funds and a commitment: a call, an investment, an exit and a reversal.
      const [commitment] = await kejin.funds.ledger("inv-angel")
      await kejin.funds.call({ commitment: commitment!.id, on: "2025-02-01", amount: "1000000.00" })
      const investment = await kejin.funds.invest({
        fund: "inv-angel",
        enterprise: uscc(1),
        on: "2025-03-01",
        amount: "15000000.00",
        instrument: "equity",
        round: "A"
      })
      const exit = await kejin.funds.exit({
        investment: investment.id,
        on: "2025-11-15",
        proceeds: "8000000.00",
        costBasis: "5000000.00",
        route: "share-transfer"
      })
      await kejin.funds.reverse(exit.id, "entered twice")
      const { items } = await kejin.journal.search({ command: "funds.", limit: 500 })
      const commands = new Set(items.map((e) => e.command))
      for (const c of [
        "funds.create",
        "funds.commit",
        "funds.call",
        "funds.invest",
        "funds.exit",
        "funds.reverse"
      ])
        expect(commands).toContain(c)
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact" })
    })
  })
}
