import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, type KejinClock, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

const TODAY = "2026-11-26"
const TOMORROW = "2026-11-27"
const FUTURE = `must not be after today (${TODAY})`

const patent = (n: number) => `ZL${makePatentNumber(`20201${String(n).padStart(7, "0")}`)}`
const uscc = (n: number) => makeUscc(`91330302MF${String(n).padStart(7, "0")}`)

let serial = 0
const registration = (registeredOn: string) => {
  serial += 1
  return {
    registrationNo: `YF2026${String(serial).padStart(8, "0")}`,
    pledgor: { uscc: uscc(serial), name: `温州未来${serial}号科技有限公司`, district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [patent(serial)],
    amount: "5000000.00",
    registeredOn
  }
}

interface Failure {
  readonly _tag: string
  readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string }>
}
const caught = async (promise: Promise<unknown>): Promise<Failure> => {
  try {
    await promise
  } catch (error) {
    return error as Failure
  }
  throw new Error("expected a failure")
}

/** A store with a fund (vintage 2025) holding capital, an enterprise and a registration dated 2026-01-05. */
const setUp = async (kejin: Kejin) => {
  const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })
  await kejin.registry.addEnterprise({
    uscc: uscc(9001),
    name: "鹿城未来科技",
    district: "330302",
    industry: "智能装备",
    stage: "start-up",
    techCategory: "key-generic"
  })
  await kejin.funds.create({
    code: "future-fund",
    name: "未来基金",
    kind: "chain",
    chainStage: "angel",
    manager: manager.id,
    targetSize: "100000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  await kejin.funds.commit({
    fund: "future-fund",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "50000000.00"
  })
  return kejin.pledges.record(registration("2026-01-05"))
}

for (const dialect of testDialects()) {
  describe(`records dated after today on ${dialect}`, () => {
    const databases: Array<TestDatabase> = []
    const opened: Array<Kejin> = []
    let kejin: Kejin
    let pledgeId: number

    const open = async (clock: KejinClock) => {
      const database = await createTestDatabase(dialect)
      databases.push(database)
      const k = await openKejin({ database: database.url, clock })
      opened.push(k)
      return k
    }
    /** Registrations, pledge loans and fund entries in the store, live or not, and journal entries. */
    const written = async (k: Kejin) => ({
      pledges: (await k.pledges.list({ includeReversed: true })).total,
      journal: (await k.journal.search({})).total,
      ledger: (await k.funds.ledger("future-fund")).length
    })

    beforeAll(async () => {
      kejin = await open({ today: TODAY })
      pledgeId = (await setUp(kejin)).id
    })
    afterAll(async () => {
      for (const k of opened) await k.close()
      for (const database of databases) await database.dispose()
    })

    it("refuses a registration dated tomorrow, naming registeredOn, and writes nothing", async () => {
      const before = await written(kejin)
      const error = await caught(kejin.pledges.record(registration(TOMORROW)))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues).toMatchObject([{ path: "registeredOn", message: FUTURE }])
      expect(await written(kejin)).toEqual(before)
    })

    it("reports a date after today together with the input's other issues, not after they are fixed", async () => {
      const before = await written(kejin)
      const bad = {
        ...registration(TOMORROW),
        amount: "-1",
        pledgor: { uscc: "123", name: "某公司", district: "330302" }
      }
      const error = await caught(kejin.pledges.record(bad))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues?.map((i) => i.path).sort()).toEqual(["amount", "pledgor.uscc", "registeredOn"])
      expect(error.issues).toContainEqual(
        expect.objectContaining({ path: "registeredOn", message: FUTURE, code: "date-after-today" })
      )
      // A malformed date is the Schema's issue alone, not also a future one.
      const malformed = await caught(kejin.pledges.record({ ...bad, registeredOn: "2999-02-30" }))
      expect(malformed.issues?.filter((i) => i.path === "registeredOn")).toHaveLength(1)
      expect(await written(kejin)).toEqual(before)
    })

    it("accepts a registration dated today", async () => {
      const pledge = await kejin.pledges.record(registration(TODAY))
      expect(pledge.registeredOn).toBe(TODAY)
      expect((await kejin.pledges.total({ from: TODAY, to: TODAY })).count).toBe(1)
    })

    it("refuses a bulk batch with one future row, naming [i].registeredOn, and writes none of it", async () => {
      const before = await written(kejin)
      const error = await caught(
        kejin.pledges.recordMany([registration("2026-11-01"), registration(TODAY), registration(TOMORROW)])
      )
      expect(error._tag).toBe("ValidationError")
      expect(error.issues).toMatchObject([{ path: "[2].registeredOn", message: FUTURE }])
      expect(await written(kejin)).toEqual(before)
    })

    it("refuses lifecycle events and pledge-loan dates after today, but not a later maturity", async () => {
      const before = await written(kejin)
      for (const attempt of [
        () => kejin.pledges.change({ pledgeId, on: TOMORROW, amount: "6000000.00" }),
        () => kejin.pledges.release({ pledgeId, on: TOMORROW }),
        () => kejin.pledges.cancel({ pledgeId, on: TOMORROW })
      ]) {
        expect((await caught(attempt())).issues).toMatchObject([{ path: "on", message: FUTURE }])
      }
      const draw = (disbursedOn: string) =>
        kejin.pledges.loans.draw({
          pledgeId,
          amount: "1000000.00",
          rate: "0.0385",
          disbursedOn,
          maturesOn: "2027-11-26"
        })
      expect((await caught(draw(TOMORROW))).issues).toMatchObject([{ path: "disbursedOn", message: FUTURE }])
      expect(await written(kejin)).toEqual(before)
      // Maturing a year on is how a loan is drawn: only the disbursement date is held to today.
      const loan = await draw(TODAY)
      expect(loan.maturesOn).toBe("2027-11-26")
      const repay = await caught(kejin.pledges.loans.repay({ loanId: loan.id, on: TOMORROW, amount: "1.00" }))
      expect(repay.issues).toMatchObject([{ path: "on", message: FUTURE }])
      const fail = await caught(kejin.pledges.loans.default({ loanId: loan.id, on: TOMORROW }))
      expect(fail.issues).toMatchObject([{ path: "on", message: FUTURE }])
      expect((await kejin.pledges.loans.get(loan.id)).events).toHaveLength(0)
    })

    it("refuses fund-ledger entries dated after today, naming on", async () => {
      const before = await written(kejin)
      const invest = await caught(
        kejin.funds.invest({
          fund: "future-fund",
          enterprise: uscc(9001),
          on: TOMORROW,
          amount: "1000000.00",
          instrument: "equity"
        })
      )
      expect(invest._tag).toBe("ValidationError")
      expect(invest.issues).toMatchObject([{ path: "on", message: FUTURE }])
      const commit = await caught(
        kejin.funds.commit({ fund: "future-fund", on: TOMORROW, lpName: "X", lpType: "gp", amount: "1.00" })
      )
      expect(commit.issues).toMatchObject([{ path: "on", message: FUTURE }])
      const mark = await caught(kejin.funds.mark({ fund: "future-fund", on: TOMORROW, nav: "1.00" }))
      expect(mark.issues).toMatchObject([{ path: "on", message: FUTURE }])
      expect(await written(kejin)).toEqual(before)
      const today = await kejin.funds.invest({
        fund: "future-fund",
        enterprise: uscc(9001),
        on: TODAY,
        amount: "1000000.00",
        instrument: "equity"
      })
      expect(today.on).toBe(TODAY)
    })

    it("accepts the same dates when the store's clock stands at 2030-01-01", async () => {
      const later = await open({ today: "2030-01-01" })
      const { id } = await setUp(later)
      expect((await later.pledges.record(registration(TOMORROW))).registeredOn).toBe(TOMORROW)
      expect((await later.pledges.recordMany([registration(TODAY), registration(TOMORROW)])).count).toBe(2)
      await later.pledges.change({ pledgeId: id, on: TOMORROW, amount: "6000000.00" })
      const loan = await later.pledges.loans.draw({
        pledgeId: id,
        amount: "1000000.00",
        rate: "0.0385",
        disbursedOn: TOMORROW,
        maturesOn: "2027-11-27"
      })
      expect(loan.disbursedOn).toBe(TOMORROW)
      const investment = await later.funds.invest({
        fund: "future-fund",
        enterprise: uscc(9001),
        on: TOMORROW,
        amount: "1000000.00",
        instrument: "equity"
      })
      expect(investment.on).toBe(TOMORROW)
    })

    it("reads today in Asia/Shanghai from a `now` clock, and refuses a malformed `today`", async () => {
      // 16:30 UTC on the 26th is 00:30 on the 27th in Shanghai.
      const shanghai = await open({ now: () => new Date("2026-11-26T16:30:00Z") })
      expect((await shanghai.pledges.record(registration(TOMORROW))).registeredOn).toBe(TOMORROW)
      const error = await caught(shanghai.pledges.record(registration("2026-11-28")))
      expect(error.issues).toMatchObject([
        { path: "registeredOn", message: "must not be after today (2026-11-27)" }
      ])
      await expect(
        openKejin({ database: "sqlite::memory:", clock: { today: "2026-02-30" } })
      ).rejects.toThrow(/today/)
    })
  })
}
