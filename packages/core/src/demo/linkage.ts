import type { Actor } from "../auth/actor.js"
import type { InvestmentEntry } from "../equity/schema.js"
import type { Kejin } from "../kejin.js"
import type { LinkageLoan } from "../linkage/schema.js"
import { fromFen, toFen, toWire, type Yuan } from "../money/index.js"
import type { PledgeLoan } from "../pledges/schema.js"
import type { InstitutionKind } from "../registry/institutions.js"
import { addDays, addMonths, daysBetween } from "../time/index.js"
import { demoIndustry } from "./funds.js"
import { type DemoEnterprise, seededRandom } from "./pledges.js"

/**
 * Demo records for every linkage pilot of section (五), at the scale of a Wenzhou pilot year, on top of the
 * demo pledge book ({@link seedDemoPledges}) and equity chain ({@link seedDemoFunds}). Everything is
 * dated from `today` back (the current year's records from 1 January to `today`), so the demo works on
 * any date, and is the same for the same `today`.
 */

/** What {@link seedDemoLinkage} recorded, per kind of record. */
export interface DemoLinkageSummary {
  readonly investmentLoans: number
  readonly warrantEvents: number
  readonly scores: number
  readonly indexLoans: number
  readonly investmentPolicies: number
  readonly transferPolicies: number
  readonly pools: number
  readonly deposits: number
  readonly transferClaims: number
  readonly compensationClaims: number
  readonly subsidies: number
  readonly coInvestments: number
  readonly bonds: number
  /** Every record above together (pool rules and tier tables aside). */
  readonly records: number
}

/** Index model of the demo: 温州科创指数, four tiers and their credit limits (万元). */
const MODEL = "wz-sti-v2"
const TIERS = [
  { tier: "D", minScore: "60", wan: 100 },
  { tier: "C", minScore: "70", wan: 300 },
  { tier: "B", minScore: "80", wan: 500 },
  { tier: "A", minScore: "90", wan: 1000 }
] as const
/** The index's dimensions and their weights (points of 100). */
const DIMENSIONS = [
  ["研发投入", 25],
  ["知识产权", 25],
  ["人才团队", 20],
  ["成长性", 15],
  ["科创属性", 15]
] as const

const BANKS = [
  "温州银行",
  "浙商银行温州分行",
  "中国工商银行温州分行",
  "中国建设银行温州分行",
  "温州民商银行",
  "瑞安农商银行"
] as const
const PICC = "中国人民财产保险股份有限公司温州市分公司"
const CPIC = "中国太平洋财产保险股份有限公司温州中心支公司"
/** The insurer that is also an LP of the venture fund (险资 as LP, see the demo funds). */
const CHINA_LIFE = "中国人寿保险温州分公司"
const CITY_MANAGER = "温州市科技创新投资管理有限公司"
const RELIEF_POOL = "wz-transfer-relief"
const RISK_POOL = "wz-pledge-risk"

const yuan = (wan: number): string => `${wan * 10_000}.00`
const fenText = (fen: bigint): string => toWire(fromFen(fen))
/**
 * A rate as a whole number of 1/1,000,000ths, from exact decimal text: a fraction ("0.0345" → 34,500n) or,
 * with `percent`, a rate in percent ("3.45" → 34,500n). Demo rates have at most four places.
 */
const millionths = (text: string, percent = false): bigint => {
  const [whole = "0", part = ""] = text.split(".")
  const places = percent ? 4 : 6
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(part) || part.length > places)
    throw new RangeError(`seedDemoLinkage: cannot read the rate ${text}`)
  return BigInt(whole) * 10n ** BigInt(places) + BigInt(part.padEnd(places, "0") || "0")
}
/** 贴息: half of a quarter's interest on `amount` at `rate` (in millionths), to the fen, rounded down. */
const quarterSubsidy = (amount: Yuan, rate: bigint): string =>
  fenText((toFen(amount) * rate) / 1_000_000n / 8n)
const later = (a: string, b: string) => (a > b ? a : b)
const earlier = (a: string, b: string) => (a < b ? a : b)

/**
 * Seeds every pilot (for an empty linkage store, after {@link seedDemoPledges} and {@link seedDemoFunds}):
 *
 * - 投贷联动: five loans linked to demo fund investments; one, last year's, carries a 认股权 that was
 *   exercised and then exited this year; another this year carries an open one.
 * - 科创指数贷: the tier table of model `wz-sti-v2`, ten scores this year (one below every tier) and a
 *   loan within its tier's limit for each eligible score.
 * - 投保联动: a policy on a venture investment, one on the venture fund with the insurer as its LP, one on
 *   a city-fund direct investment.
 * - 科技成果转化保险 and 二次救济: a relief pool (last year's rule, this year's new version, three deposits),
 *   six policies with premium subsidies and three claims the pool pays partly (by ratio, by cap).
 * - 风险补偿: a pool with two deposits and a claim for each defaulted demo pledge loan (at most two; when
 *   no demo loan defaulted, the oldest open one is put into default today).
 * - 贴息: on each linkage loan of this year and on five pledge loans of this year.
 * - 投投联动: two sub-fund and two social-capital follow-ons after city-fund direct investments.
 * - 科技创新债券: a bank's sci-tech bond and one whose proceeds go to the city fund.
 *
 * Institutions it needs (banks, insurers) and enterprises it names are registered when missing.
 *
 * @throws {Error} when the demo funds are not there (`wz-city-fund` and its sub-funds)
 */
export const seedDemoLinkage = async (
  kejin: Kejin,
  options: {
    readonly today: string
    readonly enterprises: ReadonlyArray<DemoEnterprise>
    readonly actor?: Actor | undefined
    readonly seed?: number | undefined
  }
): Promise<DemoLinkageSummary> => {
  const { today, enterprises } = options
  const as = options.actor === undefined ? {} : { actor: options.actor }
  const random = seededRandom(options.seed ?? 2027)
  const ago = (months: number, days = 0) => addDays(addMonths(today, -months), days)
  const yearStart = `${today.slice(0, 4)}-01-01`
  /** A day of this year, `fraction` of the way from 1 January to today. */
  const thisYear = (fraction: number) =>
    addDays(yearStart, Math.floor(daysBetween(yearStart, today) * fraction))
  /** A date `months` after `from`, but never after today. */
  const after = (from: string, months: number, days = 0) =>
    earlier(addDays(addMonths(from, months), days), today)
  const oneYear = (from: string) => addDays(addMonths(from, 12), -1)
  const counts = {
    investmentLoans: 0,
    warrantEvents: 0,
    scores: 0,
    indexLoans: 0,
    investmentPolicies: 0,
    transferPolicies: 0,
    pools: 0,
    deposits: 0,
    transferClaims: 0,
    compensationClaims: 0,
    subsidies: 0,
    coInvestments: 0,
    bonds: 0
  }

  // ── the registry: banks, insurers, enterprises ──────────────────────────────────────────────────
  const institutions = await kejin.registry.institutions()
  const institution = async (kind: InstitutionKind, name: string) =>
    institutions.find((i) => i.kind === kind && i.name === name)?.id ??
    (await kejin.registry.addInstitution({ kind, name }, as)).id
  const banks = new Map<string, number>()
  for (const name of BANKS) banks.set(name, await institution("bank", name))
  const bank = async (name: string) => banks.get(name) ?? (await institution("bank", name))
  const insurers = {
    picc: await institution("insurer", PICC),
    cpic: await institution("insurer", CPIC),
    chinaLife: await institution("insurer", CHINA_LIFE)
  }
  const registered = new Set((await kejin.registry.enterprises({ limit: 1000 })).map((e) => e.uscc))
  const enterprise = async (e: { uscc: string; name: string; district: string }) => {
    if (!registered.has(e.uscc)) {
      await kejin.registry.addEnterprise(
        {
          uscc: e.uscc,
          name: e.name,
          district: e.district,
          industry: demoIndustry(e.name),
          stage: "growth",
          techCategory: "other"
        },
        as
      )
      registered.add(e.uscc)
    }
    return e.uscc
  }
  const company = (i: number) => {
    const e = enterprises[i]
    if (e === undefined) throw new RangeError(`seedDemoLinkage needs at least ${i + 1} demo enterprises`)
    return enterprise(e)
  }

  // ── the demo funds' investments ─────────────────────────────────────────────────────────────────
  const funds = new Set((await kejin.funds.list()).map((f) => f.code))
  for (const code of ["wz-city-fund", "wz-angel-1", "wz-venture-1", "wz-industrial-1"])
    if (!funds.has(code)) throw new Error(`seedDemoLinkage needs the demo funds: fund ${code} is missing`)
  const investments = async (fund: string) =>
    (await kejin.funds.ledger(fund, { kind: "investment", includeReversed: false })).filter(
      (e): e is InvestmentEntry => e.kind === "investment"
    )
  const held = {
    city: await investments("wz-city-fund"),
    angel: await investments("wz-angel-1"),
    venture: await investments("wz-venture-1"),
    industrial: await investments("wz-industrial-1")
  }
  /** The fund's first investment in the demo enterprise `i`. */
  const investmentIn = (entries: ReadonlyArray<InvestmentEntry>, i: number) => {
    const found = entries.find((e) => e.enterprise.uscc === enterprises[i]?.uscc)
    if (found === undefined) throw new Error(`seedDemoLinkage: no demo investment in enterprise ${i}`)
    return found
  }

  // ── 投贷联动 and 认股权 ───────────────────────────────────────────────────────────────────────────
  const linkageLoans: Array<LinkageLoan> = []
  const investmentLoan = async (
    investment: InvestmentEntry,
    bankName: string,
    wan: number,
    ratePercent: string,
    disbursedOn: string,
    months: number,
    warrant?: Record<string, string>
  ) => {
    const loan = await kejin.linkage.recordInvestmentLoan(
      {
        bank: await bank(bankName),
        enterprise: investment.enterprise.uscc,
        amount: yuan(wan),
        ratePercent,
        disbursedOn,
        maturesOn: addMonths(disbursedOn, months),
        investment: investment.id,
        ...(warrant === undefined ? {} : { warrant })
      },
      as
    )
    counts.investmentLoans += 1
    linkageLoans.push(loan)
    return loan
  }
  // Last year: a 认股权贷款 to the angel fund's first holding; the option was exercised and sold this year.
  const warrantOn = ago(13)
  const warrantLoan = await investmentLoan(
    investmentIn(held.angel, 0),
    "温州银行",
    1_000,
    "3.65",
    warrantOn,
    36,
    {
      holder: CITY_MANAGER,
      holderFund: "wz-city-fund",
      equityPercent: "1.5",
      strikeBasis: "天使轮投后估值",
      strikeValuation: yuan(15_000),
      expiresOn: addMonths(warrantOn, 36)
    }
  )
  const exercisedOn = thisYear(0.3)
  await kejin.linkage.recordWarrantExercise(
    { loan: warrantLoan.id, on: exercisedOn, equityPercent: "1.5", amountPaid: yuan(225) },
    as
  )
  await kejin.linkage.recordWarrantExit(
    { loan: warrantLoan.id, on: later(thisYear(0.75), exercisedOn), proceeds: yuan(420) },
    as
  )
  counts.warrantEvents += 2
  // This year: loans alongside venture, industrial and city-fund investments, one with an open option.
  await investmentLoan(investmentIn(held.venture, 5), "浙商银行温州分行", 1_500, "3.45", thisYear(0.25), 24)
  await investmentLoan(
    investmentIn(held.industrial, 8),
    "中国工商银行温州分行",
    3_000,
    "3.2",
    thisYear(0.45),
    36
  )
  const cityB = investmentIn(held.city, 12)
  const cityBLoanOn = later(thisYear(0.55), cityB.on)
  await investmentLoan(cityB, "中国建设银行温州分行", 2_000, "3.3", cityBLoanOn, 36, {
    holder: CITY_MANAGER,
    holderFund: "wz-city-fund",
    equityPercent: "0.8",
    strikeBasis: "B轮投后估值",
    strikeValuation: yuan(60_000),
    expiresOn: addMonths(cityBLoanOn, 36)
  })
  await investmentLoan(investmentIn(held.angel, 1), "温州民商银行", 500, "3.85", thisYear(0.7), 12)

  // ── 科创指数贷 ────────────────────────────────────────────────────────────────────────────────────
  await kejin.linkage.recordTierTable(
    {
      modelVersion: MODEL,
      maxScore: "100",
      tiers: TIERS.map((t) => ({ tier: t.tier, minScore: t.minScore, limit: yuan(t.wan) }))
    },
    as
  )
  // Ten enterprises scored through the year; totals in tenths, 55.0 to 96.9, the first below every tier.
  for (let k = 0; k < 10; k++) {
    const tenths = k === 0 ? 552 : 600 + Math.floor(random() * 370)
    let left = tenths
    const dimensions: Record<string, string> = {}
    for (const [j, [name, weight]] of DIMENSIONS.entries()) {
      const part = j === DIMENSIONS.length - 1 ? left : Math.floor((tenths * weight) / 100)
      left -= part
      dimensions[name] = `${Math.floor(part / 10)}.${part % 10}`
    }
    const scoredOn = thisYear(0.05 + k * 0.08)
    const score = await kejin.linkage.recordScore(
      {
        enterprise: await company(14 + k),
        modelVersion: MODEL,
        scoredOn,
        total: `${Math.floor(tenths / 10)}.${tenths % 10}`,
        dimensions
      },
      as
    )
    counts.scores += 1
    if (score.limit === null) continue
    // 50 % to 100 % of the tier's limit, in steps of 10 %.
    const share = 5n + BigInt(Math.floor(random() * 6))
    const limitFen = toFen(score.limit)
    const disbursedOn = after(scoredOn, 0, 7 + Math.floor(random() * 20))
    const loan = await kejin.linkage.recordIndexLoan(
      {
        bank: await bank(BANKS[k % BANKS.length]!),
        enterprise: score.enterprise.uscc,
        amount: fenText((limitFen * share) / 10n),
        ratePercent: ["3.3", "3.45", "3.6", "3.85"][k % 4]!,
        disbursedOn,
        maturesOn: addMonths(disbursedOn, 12),
        score: score.id
      },
      as
    )
    counts.indexLoans += 1
    linkageLoans.push(loan)
  }

  // ── 投保联动 ──────────────────────────────────────────────────────────────────────────────────────
  const investmentPolicy = async (input: Record<string, unknown>) => {
    await kejin.linkage.recordInvestmentPolicy(input, as)
    counts.investmentPolicies += 1
  }
  const venture0 = investmentIn(held.venture, 5)
  const venturePolicyOn = thisYear(0.15)
  await investmentPolicy({
    policyNo: `PICC-TB-${venturePolicyOn.slice(0, 4)}-0001`,
    insurer: insurers.picc,
    insuredEnterprise: venture0.enterprise.uscc,
    investment: venture0.id,
    sumInsured: yuan(4_000),
    premium: yuan(32),
    startsOn: venturePolicyOn,
    endsOn: oneYear(venturePolicyOn)
  })
  const lifeLp = (
    await kejin.funds.ledger("wz-venture-1", { kind: "commitment", includeReversed: false })
  ).find((e) => e.kind === "commitment" && e.lpType === "insurance")
  const fundPolicyOn = thisYear(0.3)
  await investmentPolicy({
    insurer: insurers.chinaLife,
    insuredFund: "wz-venture-1",
    fund: "wz-venture-1",
    ...(lifeLp === undefined ? {} : { insurerCommitment: lifeLp.id }),
    sumInsured: yuan(10_000),
    premium: yuan(45),
    startsOn: fundPolicyOn,
    endsOn: oneYear(fundPolicyOn)
  })
  const cityA = investmentIn(held.city, 13)
  const cityPolicyOn = later(thisYear(0.55), cityA.on)
  await investmentPolicy({
    insurer: insurers.cpic,
    insuredEnterprise: cityA.enterprise.uscc,
    investment: cityA.id,
    sumInsured: yuan(5_000),
    premium: yuan(35),
    startsOn: cityPolicyOn,
    endsOn: oneYear(cityPolicyOn)
  })

  // ── 科技成果转化保险 and the 二次救济 pool ────────────────────────────────────────────────────────
  const pool = async (input: Record<string, unknown>) => {
    await kejin.linkage.recordPool(input, as)
    counts.pools += 1
  }
  const deposit = async (code: string, on: string, wan: number, source: string) => {
    await kejin.linkage.recordDeposit({ pool: code, on, amount: yuan(wan), source }, as)
    counts.deposits += 1
  }
  const reliefOpened = ago(14)
  await pool({
    code: RELIEF_POOL,
    name: "科技成果转化保险二次救济资金池",
    kind: "relief",
    openedOn: reliefOpened,
    backer: "温州市财政局",
    ratio: "0.5",
    cap: yuan(100)
  })
  // This year's rule: 60 % of what the insurer left uncovered, at most 150万 a claim.
  await kejin.linkage.recordPoolRule(
    { pool: RELIEF_POOL, effectiveFrom: yearStart, ratio: "0.6", cap: yuan(150) },
    as
  )
  await deposit(RELIEF_POOL, reliefOpened, 1_000, "市级财政")
  await deposit(RELIEF_POOL, yearStart, 500, "市级财政年度注资")
  await deposit(RELIEF_POOL, thisYear(0.5), 200, "鹿城区财政")
  const transferInsurers = [insurers.picc, insurers.cpic, insurers.picc]
  const transferPolicies: Array<{ id: number; startsOn: string }> = []
  // [enterprise, starts, sum insured 万] — three from last year's programme, three this year.
  const transfer: ReadonlyArray<readonly [number, string, number]> = [
    [16, ago(10), 500],
    [17, ago(8), 1_000],
    [18, ago(7), 300],
    [19, thisYear(0.05), 800],
    [20, thisYear(0.2), 600],
    [21, thisYear(0.4), 400]
  ]
  for (const [k, [i, startsOn, wan]] of transfer.entries()) {
    // Premium 1.5 % of the sum insured, 70 % of it subsidised.
    const premium = (BigInt(wan) * 1_000_000n * 15n) / 1000n
    const policy = await kejin.linkage.recordTransferPolicy(
      {
        policyNo: `ZH-${startsOn.slice(0, 4)}-${String(k + 1).padStart(4, "0")}`,
        insurer: transferInsurers[k % transferInsurers.length]!,
        enterprise: await company(i),
        sumInsured: yuan(wan),
        premium: fenText(premium),
        premiumSubsidy: fenText((premium * 7n) / 10n),
        startsOn,
        endsOn: oneYear(startsOn)
      },
      as
    )
    counts.transferPolicies += 1
    transferPolicies.push({ id: policy.id, startsOn })
  }
  // [policy, when, loss 万, insurer paid 万]: relief by ratio (72万), by cap (150万), by ratio (18万).
  const transferClaims: ReadonlyArray<readonly [number, number, number, number]> = [
    [0, 0.5, 320, 200],
    [1, 0.7, 800, 500],
    [3, 0.85, 150, 120]
  ]
  for (const [k, when, loss, insurerPaid] of transferClaims) {
    const policy = transferPolicies[k]!
    await kejin.linkage.recordTransferClaim(
      {
        policy: policy.id,
        on: later(thisYear(when), policy.startsOn),
        loss: yuan(loss),
        insurerPaid: yuan(insurerPaid),
        reliefPool: RELIEF_POOL
      },
      as
    )
    counts.transferClaims += 1
  }

  // ── 风险补偿 on defaulted pledge loans, and 贴息 on pledge loans ──────────────────────────────────
  const riskOpened = ago(20)
  await pool({
    code: RISK_POOL,
    name: "专利质押融资风险补偿资金池",
    kind: "risk-compensation",
    openedOn: riskOpened,
    backer: "温州市财政局、温州市科学技术局",
    ratio: "0.4",
    cap: yuan(400)
  })
  await deposit(RISK_POOL, riskOpened, 3_000, "市级财政")
  await deposit(RISK_POOL, yearStart, 2_000, "市级财政年度注资")
  const pledges = await allPledges(kejin)
  const loansOf = new Map<number, ReadonlyArray<PledgeLoan>>()
  for (const p of pledges) loansOf.set(p.id, await kejin.pledges.loans.list(p.id))
  const live = (l: PledgeLoan) => !l.reversed
  let defaulted = pledges.flatMap((p) =>
    (loansOf.get(p.id) ?? []).filter((l) => live(l) && l.defaultedOn !== null)
  )
  if (defaulted.length === 0) {
    const open = pledges
      .flatMap((p) => loansOf.get(p.id) ?? [])
      .find((l) => live(l) && l.outstanding.gt(0) && l.disbursedOn <= today)
    if (open !== undefined)
      defaulted = [
        await kejin.pledges.loans.default({ loanId: open.id, on: today, note: "演示：逾期违约" }, as)
      ]
  }
  const byId = new Map(pledges.map((p) => [p.id, p]))
  for (const loan of defaulted.slice(0, 2)) {
    const pledge = byId.get(loan.pledgeId)!
    await kejin.linkage.recordCompensationClaim(
      {
        pool: RISK_POOL,
        registrationNo: loan.registrationNo,
        on: earlier(later(addDays(loan.defaultedOn!, 30), yearStart), today),
        loss: toWire(loan.outstanding),
        bank: await bank(loan.bank),
        enterprise: await enterprise(pledge.pledgor)
      },
      as
    )
    counts.compensationClaims += 1
  }
  // 贴息 on five of this year's pledge loans: half of a quarter's interest.
  const subsidy = async (input: Record<string, unknown>) => {
    await kejin.linkage.recordInterestSubsidy(input, as)
    counts.subsidies += 1
  }
  const subsidised = pledges
    .filter((p) => p.registeredOn >= yearStart)
    .flatMap((p) => (loansOf.get(p.id) ?? []).filter((l) => live(l) && l.defaultedOn === null))
    .slice(0, 5)
  for (const loan of subsidised) {
    await subsidy({
      on: after(loan.disbursedOn, 3),
      amount: quarterSubsidy(loan.amount, millionths(loan.rate)),
      registrationNo: loan.registrationNo,
      enterprise: await enterprise(byId.get(loan.pledgeId)!.pledgor),
      payer: "温州市科学技术局"
    })
  }
  // 贴息 on this year's linkage loans, the same way.
  for (const loan of linkageLoans.filter((l) => l.disbursedOn >= yearStart)) {
    await subsidy({
      on: after(loan.disbursedOn, 3),
      amount: quarterSubsidy(loan.amount, millionths(loan.ratePercent.toString(), true)),
      loan: loan.id,
      payer: "温州市财政局"
    })
  }

  // ── 投投联动 ──────────────────────────────────────────────────────────────────────────────────────
  const coInvest = async (input: Record<string, unknown>) => {
    await kejin.linkage.recordCoInvestment(input, as)
    counts.coInvestments += 1
  }
  for (const [leadAt, followers] of [
    [12, held.venture],
    [14, held.industrial]
  ] as const) {
    const lead = investmentIn(held.city, leadAt)
    const follow = followers.find((e) => e.enterprise.uscc === lead.enterprise.uscc && e.on >= lead.on)
    if (follow !== undefined) await coInvest({ lead: lead.id, follow: follow.id })
  }
  const cityLastYear = investmentIn(held.city, 3)
  await coInvest({
    lead: cityLastYear.id,
    investor: "浙江民营企业联合投资有限公司",
    enterprise: cityLastYear.enterprise.uscc,
    amount: yuan(3_000),
    on: later(thisYear(0.1), cityLastYear.on),
    round: "B+"
  })
  await coInvest({
    lead: cityA.id,
    investor: "温州瓯越创业投资合伙企业（有限合伙）",
    enterprise: cityA.enterprise.uscc,
    amount: yuan(2_500),
    on: later(thisYear(0.6), cityA.on),
    round: "A"
  })

  // ── 科技创新债券 ──────────────────────────────────────────────────────────────────────────────────
  const bondOn = [thisYear(0.4), thisYear(0.65)] as const
  await kejin.linkage.recordBond(
    {
      code: `${bondOn[0].slice(2, 4)}温州银行科创债01`,
      issuerInstitution: await bank("温州银行"),
      amount: yuan(100_000),
      issuedOn: bondOn[0],
      tenorMonths: 36,
      couponPercent: "1.85",
      useOfProceeds: "发放科技型企业贷款"
    },
    as
  )
  await kejin.linkage.recordBond(
    {
      code: `${bondOn[1].slice(2, 4)}温科投科创债01`,
      issuerInstitution: await institution("fund-manager", CITY_MANAGER),
      amount: yuan(50_000),
      issuedOn: bondOn[1],
      tenorMonths: 60,
      couponPercent: "2.1",
      useOfProceeds: "注资市科创基金，投向关键核心技术企业",
      proceedsFund: "wz-city-fund"
    },
    as
  )
  counts.bonds += 2

  const records = Object.values(counts).reduce((sum, n) => sum + n, 0)
  return { ...counts, records }
}

/** Every live registration, oldest first. */
const allPledges = async (kejin: Kejin) => {
  const out: Array<Awaited<ReturnType<Kejin["pledges"]["list"]>>["items"][number]> = []
  for (let offset = 0; ; offset += 500) {
    const page = await kejin.pledges.list({ limit: 500, offset })
    out.push(...page.items)
    if (page.items.length < 500) break
  }
  return out.filter((p) => !p.reversed).sort((a, b) => a.id - b.id)
}
