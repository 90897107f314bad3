import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { messageText } from "../text/messages.js"
import type { Alert, AlertKind } from "./alerts.js"

// Alerts appear and disappear with the records: each kind, the actor's scope, and the webhook's record of
// what it sent (one journal entry, each key once).

const bureau: Actor = { id: "bureau", role: "bureau" }
const viewer: Actor = { id: "viewer", role: "viewer" }
const cityManager: Actor = { id: "mgr-city", role: "fund-manager", funds: ["wz-city"] }
const otherManager: Actor = { id: "mgr-other", role: "fund-manager", funds: ["wz-other"] }

let serial = 0
const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)
const registration = (amount = "30000000.00") => {
  serial += 1
  return {
    registrationNo: `YA2026${String(serial).padStart(8, "0")}`,
    pledgor: { uscc: uscc(serial), name: `温州提醒测试${serial}号有限公司`, district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [`ZL${makePatentNumber(`20231${String(serial).padStart(7, "0")}`)}`],
    amount,
    registeredOn: "2026-01-10"
  }
}

for (const dialect of testDialects()) {
  describe(`alerts on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const alertsOf = async (kind: AlertKind, actor: Actor = bureau): Promise<ReadonlyArray<Alert>> =>
      (await kejin.alerts.current({ kind }, { actor })).alerts

    const loan = async (maturesOn: string, amount = "20000000.00") => {
      const pledge = await kejin.pledges.record(registration())
      return kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount,
        rate: "0.0385",
        disbursedOn: "2026-01-20",
        maturesOn
      })
    }

    it("a loan in default until it is disposed of, with its balance", async () => {
      const drawn = await loan("2027-01-19")
      expect(await alertsOf("loan-default")).toEqual([])
      await kejin.pledges.loans.repay({ loanId: drawn.id, on: "2026-03-31", amount: "5000000.00" })
      await kejin.pledges.loans.default({ loanId: drawn.id, on: "2026-06-30" })
      const [alert, ...rest] = await alertsOf("loan-default")
      expect(rest).toEqual([])
      expect(alert).toMatchObject({
        key: `loan-default:pledge-loan:${drawn.id}:2026-06-30`,
        since: "2026-06-30",
        code: "alert-loan-default",
        subject: { kind: "pledge-loan", loanId: drawn.id, pledgeId: drawn.pledgeId }
      })
      expect(toWire(alert!.amount!)).toBe("15000000.00")
      expect(messageText(alert!.code, alert!.params, "zh")).toContain(
        "于 2026-06-30 违约，余额 15,000,000.00 元"
      )
      // As of a day before the default: none.
      expect((await kejin.alerts.current({ kind: "loan-default", asOf: "2026-06-29" })).alerts).toEqual([])
      // The same loans the dashboard counts as 违约贷款, listed for whoever reads pledges.
      const summary = await kejin.pledges.summary({ year: 2026 })
      expect(summary.defaulted.loans).toBe(1)
      const listed = await kejin.alerts.loans({ status: "default" }, { actor: viewer })
      expect(listed.loans.map((l) => l.key)).toEqual([alert!.key])
      await kejin.pledges.loans.dispose({
        loanId: drawn.id,
        on: "2026-09-30",
        method: "sale",
        recovered: "12000000.00"
      })
      expect(await alertsOf("loan-default")).toEqual([])
      // A default is not also an overdue loan; once matured it is still the default that is alerted.
    })

    it("a loan past maturity with a balance until it is repaid", async () => {
      const drawn = await loan("2026-06-30")
      await loan("2027-06-30")
      const [alert, ...rest] = await alertsOf("loan-overdue")
      expect(rest).toEqual([])
      expect(alert).toMatchObject({
        key: `loan-overdue:pledge-loan:${drawn.id}:2026-06-30`,
        since: "2026-07-01",
        code: "alert-loan-overdue"
      })
      expect(toWire(alert!.amount!)).toBe("20000000.00")
      // On its maturity day it is not yet overdue.
      expect((await kejin.alerts.current({ kind: "loan-overdue", asOf: "2026-06-30" })).alerts).toEqual([])
      await kejin.pledges.loans.repay({ loanId: drawn.id, on: "2026-07-15", amount: "19000000.00" })
      expect(toWire((await alertsOf("loan-overdue"))[0]!.amount!)).toBe("1000000.00")
      await kejin.pledges.loans.repay({ loanId: drawn.id, on: "2026-07-20", amount: "1000000.00" })
      expect(await alertsOf("loan-overdue")).toEqual([])
      // Defaulted after maturity: a default, not an overdue loan.
      const late = await loan("2026-08-31")
      await kejin.pledges.loans.default({ loanId: late.id, on: "2026-10-01" })
      expect(await alertsOf("loan-overdue")).toEqual([])
      expect((await alertsOf("loan-default")).map((a) => a.subject)).toMatchObject([{ loanId: late.id }])
    })

    it("a target behind its even pace until it is met", async () => {
      const behind = await alertsOf("target-behind-pace")
      const pledged = behind.find(
        (a) => a.subject.kind === "target" && a.subject.key === "patent-pledge-financing"
      )
      expect(pledged).toMatchObject({
        key: "target-behind-pace:target:patent-pledge-financing:2026-01-01",
        code: "alert-target-behind-pace-money"
      })
      // 25亿 × 340 / 365 is where an even pace would be on 6 December.
      expect(pledged!.params.needed).toBe("2,328,767,123.29")
      await kejin.targets.update("patent-pledge-financing", { target: "10000000.00" }, { actor: bureau })
      await kejin.pledges.record(registration("30000000.00"))
      const after = await alertsOf("target-behind-pace")
      expect(after.map((a) => a.subject)).not.toContainEqual(
        expect.objectContaining({ kind: "target", key: "patent-pledge-financing" })
      )
      expect(pledged!.subject).toMatchObject({ label: "专利质押融资", labelEn: "Patent pledge financing" })
      // Counts cover every kind.
      const all = await kejin.alerts.current({}, { actor: bureau })
      expect(all.counts["target-behind-pace"]).toBe(after.length)
    })

    it("a pool under 20 % of its deposits until it is topped up", async () => {
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      await kejin.linkage.recordPool({
        code: "rc",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2026-01-01",
        ratio: "0.9"
      })
      await kejin.linkage.recordDeposit({ pool: "rc", on: "2026-01-05", amount: "1000000.00" })
      expect(await alertsOf("pool-low")).toEqual([])
      const pledge = await kejin.pledges.record(registration("1000000.00"))
      const drawn = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "1000000.00",
        rate: "0.0385",
        disbursedOn: "2026-01-20",
        maturesOn: "2027-01-20"
      })
      await kejin.pledges.loans.default({ loanId: drawn.id, on: "2026-05-01" })
      // 0.9 × 900,000 = 810,000 paid: 190,000 left, 19 % of 1,000,000.
      await kejin.linkage.recordCompensationClaim({
        pool: "rc",
        registrationNo: pledge.registrationNo,
        on: "2026-06-01",
        loss: "900000.00",
        bank
      })
      const [low] = await alertsOf("pool-low")
      expect(low).toMatchObject({ code: "alert-pool-low", subject: { kind: "pool", code: "rc" } })
      expect(low!.params.share).toBe("19.0")
      expect(toWire(low!.amount!)).toBe("190000.00")
      await kejin.linkage.recordDeposit({ pool: "rc", on: "2026-07-01", amount: "100000.00" })
      // 290,000 of 1,100,000 deposited: 26 %.
      expect(await alertsOf("pool-low")).toEqual([])
    })

    it("a fund manager sees their funds' alerts; a viewer none; the bureau all", async () => {
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
      await kejin.registry.addEnterprise({ uscc: uscc(900), name: "鹿城科技", district: "330302", ...base })
      const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
      await kejin.funds.commit({
        fund: "wz-city",
        on: "2025-01-01",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      const investment = await kejin.funds.invest({
        fund: "wz-city",
        enterprise: uscc(900),
        on: "2025-03-01",
        amount: "20000000.00",
        instrument: "equity",
        round: "A"
      })
      const linked = await kejin.linkage.recordInvestmentLoan({
        bank,
        enterprise: uscc(900),
        ratePercent: "3.2",
        amount: "5000000.00",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-04-01",
        investment: investment.id
      })
      await loan("2026-06-30")
      const mine = await alertsOf("loan-overdue", cityManager)
      expect(mine.map((a) => a.key)).toEqual([`loan-overdue:linkage-loan:${linked.id}:2026-04-01`])
      expect(mine[0]!.funds).toEqual(["wz-city"])
      expect(await alertsOf("loan-overdue", otherManager)).toEqual([])
      expect(await alertsOf("loan-overdue", bureau)).toHaveLength(2)
      const refused = await kejin.alerts.current({}, { actor: viewer }).then(
        () => undefined,
        (e: { _tag: string }) => e._tag
      )
      expect(refused).toBe("ForbiddenError")

      // Its repayments lower the balance an alert carries; its default makes it a loan-default alert;
      // repaid in full, it has no alert.
      await kejin.linkage.recordLoanRepayment({ loan: linked.id, on: "2026-03-01", principal: "1000000.00" })
      const [overdue] = await alertsOf("loan-overdue", cityManager)
      expect(overdue!.amount?.toFixed(2)).toBe("4000000.00") // float-ok: decimal.js
      await kejin.linkage.recordLoanDefault({ loan: linked.id, on: "2026-05-01" })
      expect(await alertsOf("loan-overdue", cityManager)).toEqual([])
      const defaults = await alertsOf("loan-default", cityManager)
      expect(defaults.map((a) => [a.key, a.code, a.funds])).toEqual([
        [`loan-default:linkage-loan:${linked.id}:2026-05-01`, "alert-linkage-loan-default", ["wz-city"]]
      ])
      expect(defaults[0]!.message).toContain("4,000,000.00 yuan is outstanding")
      await kejin.linkage.recordLoanRepayment({ loan: linked.id, on: "2026-06-01", principal: "4000000.00" })
      expect(await alertsOf("loan-default", cityManager)).toEqual([])
      expect(await alertsOf("loan-overdue", cityManager)).toEqual([])
    })

    it("records what a webhook sent, each key once, in one journal entry", async () => {
      const drawn = await loan("2026-06-30")
      const [alert] = await alertsOf("loan-overdue")
      const sent = [{ key: alert!.key, kind: alert!.kind }]
      expect(alert!.sent).toBe(false)
      expect(await kejin.alerts.markSent({ alerts: sent })).toBe(1)
      expect((await alertsOf("loan-overdue"))[0]!.sent).toBe(true)
      expect(
        await kejin.alerts.markSent({ alerts: [...sent, { key: "pool-low:pool:9", kind: "pool-low" }] })
      ).toBe(1)
      const entries = await kejin.journal.search({ commandIs: "alerts.markSent" })
      expect(entries.total).toBe(2)
      expect((await kejin.journal.audit("full")).ok).toBe(true)
      expect(drawn.id).toBeGreaterThan(0)
      const refused = await kejin.alerts.markSent({ alerts: sent }, { actor: bureau }).then(
        () => undefined,
        (e: { _tag: string }) => e._tag
      )
      expect(refused).toBe("ForbiddenError")
    })
  })
}
