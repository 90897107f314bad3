import { makePatentNumber, makeUscc } from "@kejin/core"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { formIdOf } from "../../packages/ui/src/records/form.js"
import { linkageKinds } from "../../packages/ui/src/records/kinds.js"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

/*
 * Every linkage record kind with a form on its list page (packages/ui/src/records/kinds.ts), recorded
 * through that form by the bureau: the values of each are those of the core's examples
 * (packages/core/src/linkage/examples.ts) with the ids, codes and dates of records the demo holds, read
 * through the JSON API, and codes of their own. A write declared there without values here fails its test.
 */

type Row = Record<string, unknown>
interface Ref {
  readonly id: number
  readonly uscc?: string
}
/** What the values refer to, read from the running demo's JSON API. */
interface Demo {
  readonly loans: ReadonlyArray<Row>
  readonly policies: ReadonlyArray<Row>
  readonly scores: ReadonlyArray<Row>
  readonly tierTables: ReadonlyArray<Row>
  readonly claims: ReadonlyArray<Row>
  readonly subsidies: ReadonlyArray<Row>
  readonly coInvestments: ReadonlyArray<Row>
  readonly pools: ReadonlyArray<Row>
}

/** Codes and numbers of this run's own. */
const run = String(Date.now()).slice(-6)

const first = (rows: ReadonlyArray<Row>, what: string, test: (row: Row) => boolean): Row => {
  const found = rows.find((row) => row.reversed === false && test(row))
  if (found === undefined) throw new Error(`the demo has no ${what}`)
  return found
}
const ref = (row: Row, key: string): Ref => row[key] as Ref
const text = (row: Row, key: string): string => String(row[key])

/** The form's fields of each write, by the write's name: what the bureau types. */
const VALUES: Record<
  string,
  (demo: Demo, app: BrowserApp) => Record<string, string> | Promise<Record<string, string>>
> = {
  "linkage.recordInvestmentLoan": ({ loans }) => {
    const loan = first(loans, "investment loan", (l) => l.pilot === "investment-loan")
    return {
      bank: String(ref(loan, "bank").id),
      enterprise: ref(loan, "enterprise").uscc!,
      investment: String(ref(loan, "investment").id),
      amount: "500万",
      ratePercent: "3.45",
      disbursedOn: text(loan, "disbursedOn"),
      maturesOn: text(loan, "maturesOn")
    }
  },
  "linkage.recordIndexLoan": ({ loans }) => {
    const loan = first(loans, "index loan", (l) => l.pilot === "index-loan")
    return {
      bank: String(ref(loan, "bank").id),
      enterprise: ref(loan, "enterprise").uscc!,
      amount: "100万",
      ratePercent: "3.2",
      disbursedOn: text(loan, "disbursedOn"),
      maturesOn: text(loan, "maturesOn")
    }
  },
  "linkage.recordScore": ({ scores, tierTables }) => {
    const score = first(scores, "score", () => true)
    return {
      enterprise: ref(score, "enterprise").uscc!,
      modelVersion: text(
        first(tierTables, "tier table", () => true),
        "modelVersion"
      ),
      scoredOn: text(score, "scoredOn"),
      total: "80"
    }
  },
  "linkage.recordTierTable": () => ({
    modelVersion: `wz-form-${run}`,
    maxScore: "100",
    tiers: "C 60 100万\nB 75 300万\nA 90 500万"
  }),
  "linkage.recordInvestmentPolicy": ({ policies }) => {
    const policy = first(policies, "investment policy", (p) => p.pilot === "investment-insurance")
    return {
      policyNo: `PT-FORM-${run}`,
      insurer: String(ref(policy, "insurer").id),
      insuredEnterprise: ref(policy, "insuredEnterprise").uscc!,
      investment: String(ref(policy, "investment").id),
      sumInsured: "1000万",
      premium: "5万",
      startsOn: text(policy, "startsOn"),
      endsOn: text(policy, "endsOn")
    }
  },
  "linkage.recordTransferPolicy": ({ policies }) => {
    const policy = first(policies, "transfer policy", (p) => p.pilot === "transfer-insurance")
    return {
      policyNo: `PZ-FORM-${run}`,
      insurer: String(ref(policy, "insurer").id),
      enterprise: ref(policy, "enterprise").uscc!,
      sumInsured: "500万",
      premium: "10万",
      premiumSubsidy: "6万",
      startsOn: text(policy, "startsOn"),
      endsOn: text(policy, "endsOn")
    }
  },
  "linkage.recordPool": () => ({
    code: `wz-form-${run}`,
    name: "科技成果转化保险二次救济资金池（表单）",
    kind: "relief",
    openedOn: "2025-01-01",
    backer: "温州市财政局",
    ratio: "0.6",
    cap: "50万"
  }),
  "linkage.recordTransferClaim": ({ claims }) => {
    const claim = first(claims, "transfer claim", (c) => c.kind === "transfer-insurance")
    return {
      policy: text(claim, "policy"),
      on: text(claim, "on"),
      loss: "80万",
      insurerPaid: "50万",
      reliefPool: text(claim, "pool")
    }
  },
  // Every demo registration in default is claimed in full: a pledge of the claim's borrower and bank, drawn
  // on when the pool opened and in default on the claim's date, is recorded first (the prerequisite).
  "linkage.recordCompensationClaim": async ({ claims, pools }, app) => {
    const claim = first(claims, "compensation claim", (c) => c.kind === "risk-compensation")
    const pool = first(pools, "risk-compensation pool", (p) => p.code === claim.pool)
    const borrower = ref(claim, "enterprise") as Ref & { name: string }
    const bank = ref(claim, "bank") as Ref & { name: string }
    const opened = text(pool, "openedOn")
    const registrationNo = `Y2025330${run}9`
    const pledge = await app.kejin.pledges.record({
      registrationNo,
      pledgor: { uscc: makeUscc(borrower.uscc!.slice(0, 17)), name: borrower.name, district: "330302" },
      pledgee: { name: bank.name, kind: "bank" },
      patents: [`ZL${makePatentNumber(`202210${run}`)}`],
      amount: "100万",
      registeredOn: opened
    })
    const loan = await app.kejin.pledges.loans.draw({
      pledgeId: pledge.id,
      amount: "100万",
      rate: "0.0385",
      disbursedOn: opened,
      maturesOn: `${Number(opened.slice(0, 4)) + 3}${opened.slice(4)}`
    })
    await app.kejin.pledges.loans.default({ loanId: loan.id, on: text(claim, "on") })
    return {
      pool: text(claim, "pool"),
      registrationNo,
      on: text(claim, "on"),
      loss: "10万",
      bank: String(bank.id),
      enterprise: borrower.uscc!
    }
  },
  "linkage.recordInterestSubsidy": ({ subsidies }) => {
    const subsidy = first(subsidies, "subsidy of a loan", (s) => s.loan !== null)
    return {
      on: text(subsidy, "on"),
      amount: "12345.67",
      loan: text(subsidy, "loan"),
      enterprise: ref(subsidy, "enterprise").uscc!,
      payer: text(subsidy, "payer")
    }
  },
  "linkage.recordCoInvestment": ({ coInvestments }) => {
    const co = first(coInvestments, "co-investment by social capital", (c) => c.follow === null)
    return {
      lead: String(ref(co, "lead").id),
      investor: `表单测试民营资本${run}`,
      enterprise: ref(co, "enterprise").uscc!,
      amount: "1000万",
      on: text(co, "on"),
      round: text(co, "round")
    }
  },
  "linkage.recordBond": ({ loans }) => ({
    code: `10${run}1`,
    issuerEnterprise: ref(
      first(loans, "loan", () => true),
      "enterprise"
    ).uscc!,
    amount: "3亿",
    issuedOn: "2025-09-01",
    tenorMonths: "36",
    couponPercent: "2.35",
    useOfProceeds: "注资市科创基金"
  })
}

/** A warrant loan of its own, like the demo's first one (a record's events are added to it alone). */
const warrantLoan = async (demo: Demo, app: BrowserApp): Promise<{ id: number; on: string }> => {
  const loan = first(demo.loans, "loan with a warrant", (l) => l.warrant !== null)
  const warrant = loan.warrant as Row
  const made = await app.kejin.linkage.recordInvestmentLoan({
    bank: ref(loan, "bank").id,
    enterprise: makeUscc(ref(loan, "enterprise").uscc!.slice(0, 17)),
    investment: ref(loan, "investment").id,
    amount: "5000000.00",
    ratePercent: "3.45",
    disbursedOn: text(loan, "disbursedOn"),
    maturesOn: text(loan, "maturesOn"),
    warrant: {
      holder: text(warrant, "holder"),
      equityPercent: "5",
      strikeBasis: text(warrant, "strikeBasis"),
      expiresOn: text(warrant, "expiresOn")
    }
  })
  return { id: made.id, on: text(loan, "disbursedOn") }
}

/** A pool of its own, opened on the demo's first pool's opening day. */
const ownPool = async (demo: Demo, app: BrowserApp, code: string): Promise<{ code: string; on: string }> => {
  const on = text(
    first(demo.pools, "pool", () => true),
    "openedOn"
  )
  await app.kejin.linkage.recordPool({
    code,
    name: `表单测试资金池 ${code}`,
    kind: "relief",
    openedOn: on,
    ratio: "0.5"
  })
  return { code, on }
}

/**
 * The forms on a record's page that add to its lists, by the write's name: the record's page (its parent
 * recorded first, as the prerequisite) and what the bureau types.
 */
const CHILD_VALUES: Record<
  string,
  (
    demo: Demo,
    app: BrowserApp
  ) => Promise<{
    page: string
    values: Record<string, string>
    /** How many it holds, where the write adds no row to the list (a rule is a field of its pool). */
    count?: (page: Page) => Promise<number>
  }>
> = {
  "linkage.recordLoanRepayment": async (demo, app) => {
    const loan = await warrantLoan(demo, app)
    return { page: `/records/loans/${loan.id}`, values: { on: loan.on, principal: "20万", interest: "9600" } }
  },
  "linkage.recordLoanDefault": async (demo, app) => {
    const loan = await warrantLoan(demo, app)
    return { page: `/records/loans/${loan.id}`, values: { on: loan.on, note: "逾期 90 天" } }
  },
  "linkage.recordWarrantExercise": async (demo, app) => {
    const loan = await warrantLoan(demo, app)
    return {
      page: `/records/loans/${loan.id}`,
      values: { on: loan.on, equityPercent: "3", amountPaid: "150万" }
    }
  },
  // An exit needs a share exercised: the exercise is recorded first.
  "linkage.recordWarrantExit": async (demo, app) => {
    const loan = await warrantLoan(demo, app)
    await app.kejin.linkage.recordWarrantExercise({
      loan: loan.id,
      on: loan.on,
      equityPercent: "3",
      amountPaid: "1500000.00"
    })
    return { page: `/records/loans/${loan.id}`, values: { on: loan.on, proceeds: "900万" } }
  },
  "linkage.recordDeposit": async (demo, app) => {
    const pool = await ownPool(demo, app, `wz-dep-${run}`)
    return {
      page: `/records/pools/${pool.code}`,
      values: { on: pool.on, amount: "100万", source: "市级财政" }
    }
  },
  // A rule from a later day than the pool's opening one (a day the demo's rules start on).
  "linkage.recordPoolRule": async (demo, app) => {
    const pool = await ownPool(demo, app, `wz-rule-${run}`)
    const later = demo.pools
      .flatMap((p) => (p.rules as ReadonlyArray<Row>).map((r) => text(r, "effectiveFrom")))
      .filter((on) => on > pool.on)
      .sort()[0]
    if (later === undefined) throw new Error("the demo has no pool rule later than its first pool's opening")
    return {
      page: `/records/pools/${pool.code}`,
      values: { effectiveFrom: later, ratio: "0.8", cap: "50万" },
      count: async (page) => {
        const answer = await page.request.get(`${app.base}/api/v1/linkage/pools/${pool.code}`)
        expect(answer.status(), pool.code).toBe(200)
        return ((await answer.json()) as { rules: ReadonlyArray<Row> }).rules.length
      }
    }
  }
}

const total = async (page: Page): Promise<number> =>
  Number(await page.locator("[data-total]").getAttribute("data-total"))

describe("the bureau records every linkage kind through its form in headless Chromium", () => {
  let app: BrowserApp
  let page: Page
  let errors: Array<string>
  let demo: Demo
  beforeAll(async () => {
    app = await startBrowserApp()
    ;({ page, errors } = await signIn(app, "bureau", { next: "/records" }))
    const items = async (path: string): Promise<ReadonlyArray<Row>> => {
      const answer = await page.request.get(`${app.base}/api/v1/linkage/${path}?limit=200`)
      expect(answer.status(), path).toBe(200)
      return ((await answer.json()) as { items: ReadonlyArray<Row> }).items
    }
    demo = {
      loans: await items("loans"),
      policies: await items("policies"),
      scores: await items("scores"),
      tierTables: await items("tier-tables"),
      claims: await items("claims"),
      subsidies: await items("subsidies"),
      coInvestments: await items("co-investments"),
      pools: await items("pools")
    }
  }, 120_000)
  afterAll(() => app?.close())

  const written = linkageKinds.flatMap((kind) => kind.writes.map((write) => ({ kind, write })))

  it("covers each write of the declared kinds, and the kinds have writes", () => {
    expect(written.map(({ write }) => write.name).sort()).toEqual(Object.keys(VALUES).sort())
  })

  for (const { kind, write } of written) {
    it(`records ${kind.slug} through the form of ${write.name}, and sees the list's total go up by one`, async () => {
      const values = VALUES[write.name]
      if (values === undefined) throw new Error(`no values for ${write.name} (kind ${kind.slug})`)
      errors.length = 0
      const typed = await values(demo, app)
      await page.goto(`${app.base}/records/${kind.slug}`)
      const before = await total(page)
      const form = `#${formIdOf(write)}`
      await page.click(`${form}-box > summary`)
      for (const [name, value] of Object.entries(typed)) {
        const field = page.locator(`${form} [name="${name}"]`)
        if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption(value)
        else await field.fill(value)
      }
      await page.click(`${form} button[type=submit]`)
      const done = page.locator(`#records-section > .form-notice, ${form} .form-errors`)
      await done.first().waitFor({ timeout: 15_000 })
      const refused = await page.locator(`${form} .form-errors, ${form} .field-error`).allTextContents()
      expect(refused, `${write.name} refused ${JSON.stringify(typed)}`).toEqual([])
      expect(await total(page)).toBe(before + 1)
      expect(errors).toEqual([])
    }, 60_000)
  }

  const added = linkageKinds.flatMap((kind) =>
    kind.children.flatMap((child) => child.writes.map((write) => ({ kind, child, write })))
  )

  it("covers each write of the declared kinds' own lists", () => {
    expect(added.map(({ write }) => write.name).sort()).toEqual(Object.keys(CHILD_VALUES).sort())
  })

  for (const { kind, child, write } of added) {
    it(`adds to ${child.list.name} of a record of ${kind.slug} through the form of ${write.name} on its page`, async () => {
      const values = CHILD_VALUES[write.name]
      if (values === undefined) throw new Error(`no values for ${write.name} (kind ${kind.slug})`)
      errors.length = 0
      const typed = await values(demo, app)
      await page.goto(`${app.base}${typed.page}`)
      const rows = page.locator(`[data-child="${child.list.name}"] .records-table tbody tr`)
      const count = () => (typed.count === undefined ? rows.count() : typed.count(page))
      const before = await count()
      const form = `#${formIdOf(write)}`
      await page.click(`${form}-box > summary`)
      for (const [name, value] of Object.entries(typed.values))
        await page.fill(`${form} [name="${name}"]`, value)
      await page.click(`${form} button[type=submit]`)
      await page
        .locator(`#record-section > .form-notice, ${form} .form-errors`)
        .first()
        .waitFor({ timeout: 15_000 })
      const refused = await page.locator(`${form} .form-errors, ${form} .field-error`).allTextContents()
      expect(refused, `${write.name} refused ${JSON.stringify(typed)}`).toEqual([])
      expect(await count()).toBe(before + 1)
      expect(errors).toEqual([])
    }, 60_000)
  }
})
