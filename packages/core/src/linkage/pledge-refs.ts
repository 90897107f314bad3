import { type Kysely, sql } from "kysely"
import { fromFen, toWire } from "../money/index.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { type ParamsOf, quoting, type Said, say } from "../text/messages.js"
import { live } from "./live.js"

// What a risk-compensation claim (风险补偿) or an interest subsidy (贴息) names by registration number
// (质押登记号): the live registration and its live loans as they stood on the record's date, read from the
// pledge tables inside the write's transaction, and the rules such a record keeps about them
// ({@link compensationProblem}, {@link subsidyProblem}). The linkage writes ask the rules when a record is
// written; a pledge-side reversal (registration, loan, default) asks them of every live record naming the
// registration in the state after it ({@link pledgeRefBreaks}), so both refuse the same states.

/** A live pledge loan as it stood on a date: outstanding = drawn − repaid − settled by disposals. */
export interface PledgeLoanOn {
  readonly id: number
  readonly bank: string
  readonly disbursedOn: string
  readonly outstandingFen: bigint
  /** The date of its live default on or before the date, or null. */
  readonly defaultedOn: string | null
}

export interface PledgeRegistrationOn {
  readonly id: number
  readonly pledgorUscc: string
  /** The date of its live cancellation (撤销, any date), or null. */
  readonly cancelledOn: string | null
  /** The date of its live release (注销) on or before the date, or null. */
  readonly releasedOn: string | null
  readonly loans: ReadonlyArray<PledgeLoanOn>
}

/** The live (not reversed) registration numbered `registrationNo` and its live loans on `on`; undefined if none. */
export const pledgeRegistrationOn = async (
  db: Kysely<DB>,
  registrationNo: string,
  on: string
): Promise<PledgeRegistrationOn | undefined> => {
  const sum = capabilitiesOf(db).exactSum
  const found = await sql<{
    id: unknown
    pledgor_uscc: string
    cancelled_on: string | null
    released_on: string | null
  }>`
    select p.id, p.pledgor_uscc,
      (select min(c.on_date) from pledge_events c where c.pledge_id = p.id and c.kind = 'cancel'
        and not exists (select 1 from pledge_events cx where cx.reverses_id = c.id)) as cancelled_on,
      (select min(r.on_date) from pledge_events r where r.pledge_id = p.id and r.kind = 'release' and r.on_date <= ${on}
        and not exists (select 1 from pledge_events rx where rx.reverses_id = r.id)) as released_on
    from pledges p
    where p.registration_no = ${registrationNo}
      and not exists (select 1 from pledge_reversals pr where pr.pledge_id = p.id)`.execute(db)
  const row = found.rows[0]
  if (row === undefined) return undefined
  const pledgeId = toInt(row.id as number)
  const loans = await sql<{
    id: unknown
    bank_name: string
    disbursed_on: string
    amount_fen: unknown
    repaid: string | null
    settled: string | null
    defaulted_on: string | null
  }>`
    select l.id, l.bank_name, l.disbursed_on, l.amount_fen,
      (select ${sum(sql`e.amount_fen`)} from pledge_loan_events e
        where e.loan_id = l.id and e.kind = 'repayment' and e.on_date <= ${on}
          and not exists (select 1 from pledge_loan_events ex where ex.reverses_id = e.id)) as repaid,
      (select ${sum(sql`x.recovered_fen + x.written_off_fen`)} from pledge_loan_disposals x
        where x.loan_id = l.id and x.on_date <= ${on}
          and not exists (select 1 from pledge_loan_disposal_reversals xr where xr.disposal_id = x.id)) as settled,
      (select min(d.on_date) from pledge_loan_events d
        where d.loan_id = l.id and d.kind = 'default' and d.on_date <= ${on}
          and not exists (select 1 from pledge_loan_events dx where dx.reverses_id = d.id)) as defaulted_on
    from pledge_loans l
    where l.pledge_id = ${pledgeId} and l.disbursed_on <= ${on}
      and not exists (select 1 from pledge_loan_reversals lr where lr.loan_id = l.id)
    order by l.disbursed_on, l.id`.execute(db)
  return {
    id: pledgeId,
    pledgorUscc: row.pledgor_uscc,
    cancelledOn: row.cancelled_on,
    releasedOn: row.released_on,
    loans: loans.rows.map((l) => ({
      id: toInt(l.id as number),
      bank: l.bank_name,
      disbursedOn: l.disbursed_on,
      outstandingFen: toBigInt(l.amount_fen as bigint) - BigInt(l.repaid ?? "0") - BigInt(l.settled ?? "0"),
      defaultedOn: l.defaulted_on
    }))
  }
}

/** The loss of the live risk-compensation claims on registration `registrationNo`, in fen. */
export const claimedLossFen = async (db: Kysely<DB>, registrationNo: string): Promise<bigint> => {
  const row = await db
    .selectFrom("linkage_claims as c")
    .where(live("claim", "c.id"))
    .where("c.kind", "=", "risk-compensation")
    .where("c.registration_no", "=", registrationNo)
    .select(capabilitiesOf(db).exactSum(sql`c.loss_fen`).as("loss"))
    .executeTakeFirst()
  return BigInt(row?.loss ?? "0")
}

/** The amount of the live index loans (科创指数贷) granted on score snapshot `scoreId`, in fen. */
export const indexLoansOnScoreFen = async (db: Kysely<DB>, scoreId: number): Promise<bigint> => {
  const row = await db
    .selectFrom("linkage_loans as l")
    .where(live("loan", "l.id"))
    .where("l.pilot", "=", "index-loan")
    .where("l.score_id", "=", scoreId)
    .select(capabilitiesOf(db).exactSum(sql`l.amount_fen`).as("fen"))
    .executeTakeFirst()
  return BigInt(row?.fen ?? "0")
}

/** A rule a record naming a registration by number breaks: the record's field and why. */
export interface PledgeRefProblem extends Said {
  readonly field: "registrationNo" | "loss"
}

/**
 * Rule of a risk-compensation claim (风险补偿) on registration `no` dated `on`, given the registration as it
 * stood then (`pledgeRegistrationOn`): it is live, neither cancelled nor released by `on`, has a live loan in
 * default with a balance outstanding on `on`, and the claim's loss with `claimedFen` (the live claims on
 * the registration recorded before it) stays within the defaulted loans' outstanding balance on `on`.
 */
export const compensationProblem = (
  no: string,
  on: string,
  registration: PledgeRegistrationOn | undefined,
  lossFen: bigint,
  claimedFen: bigint
): PledgeRefProblem | undefined => {
  if (registration === undefined) return { field: "registrationNo", ...say("registration-not-found", { no }) }
  if (registration.cancelledOn !== null)
    return {
      field: "registrationNo",
      ...say("compensation-registration-cancelled", { no, on: registration.cancelledOn })
    }
  if (registration.releasedOn !== null)
    return {
      field: "registrationNo",
      ...say("compensation-registration-released", { no, on: registration.releasedOn })
    }
  const defaulted = registration.loans.filter((l) => l.defaultedOn !== null && l.outstandingFen > 0n)
  if (defaulted.length === 0)
    return { field: "registrationNo", ...say("compensation-no-default", { no, on }) }
  const outstanding = defaulted.reduce((s, l) => s + l.outstandingFen, 0n)
  if (lossFen + claimedFen > outstanding)
    return {
      field: "loss",
      ...say("compensation-above-outstanding", {
        no,
        on,
        outstanding: toWire(fromFen(outstanding)),
        claimed: toWire(fromFen(claimedFen))
      })
    }
  return undefined
}

/**
 * Rule of an interest subsidy (贴息) by registration number `no` paid on `on`, given the registration as it
 * stood then: it is live, not cancelled, with a live loan disbursed on or before `on`.
 */
export const subsidyProblem = (
  no: string,
  on: string,
  registration: PledgeRegistrationOn | undefined
): PledgeRefProblem | undefined => {
  if (registration === undefined) return { field: "registrationNo", ...say("registration-not-found", { no }) }
  if (registration.cancelledOn !== null)
    return {
      field: "registrationNo",
      ...say("subsidy-registration-cancelled", { no, on: registration.cancelledOn })
    }
  if (registration.loans.length === 0)
    return { field: "registrationNo", ...say("subsidy-no-loan", { no, on }) }
  return undefined
}

/**
 * The rules the live records naming registration `registrationNo` break in the state `db` holds (a
 * pledge-side reversal's transaction, after its row), in words naming the record and the rule, oldest
 * record first: each live risk-compensation claim by {@link compensationProblem} (on its date, with the
 * live claims recorded before it), each live interest subsidy by {@link subsidyProblem}. Empty when none
 * breaks.
 */
export const pledgeRefBreaks = async (
  db: Kysely<DB>,
  registrationNo: string
): Promise<ReadonlyArray<Said>> => {
  const claims = await db
    .selectFrom("linkage_claims as c")
    .select(["c.id", "c.on_date", "c.loss_fen"])
    .where(live("claim", "c.id"))
    .where("c.kind", "=", "risk-compensation")
    .where("c.registration_no", "=", registrationNo)
    .orderBy("c.id")
    .execute()
  const subsidies = await db
    .selectFrom("linkage_subsidies as s")
    .select(["s.id", "s.on_date"])
    .where(live("subsidy", "s.id"))
    .where("s.registration_no", "=", registrationNo)
    .orderBy("s.id")
    .execute()
  if (claims.length === 0 && subsidies.length === 0) return []
  // One read per date: several records on one day see the same registration.
  const states = new Map<string, PledgeRegistrationOn | undefined>()
  const on = async (date: string) => {
    if (!states.has(date)) states.set(date, await pledgeRegistrationOn(db, registrationNo, date))
    return states.get(date)
  }
  const breaks: Array<Said> = []
  let claimedFen = 0n
  for (const c of claims) {
    const lossFen = toBigInt(c.loss_fen)
    const problem = compensationProblem(registrationNo, c.on_date, await on(c.on_date), lossFen, claimedFen)
    claimedFen += lossFen
    if (problem === undefined) continue
    breaks.push(
      say("claim-relies-on-registration", {
        claim: String(toInt(c.id)),
        on: c.on_date,
        loss: problem.field === "loss" ? toWire(fromFen(lossFen)) : "",
        ...quoting("problem", problem)
      } as ParamsOf<"claim-relies-on-registration">)
    )
  }
  for (const s of subsidies) {
    const problem = subsidyProblem(registrationNo, s.on_date, await on(s.on_date))
    if (problem === undefined) continue
    breaks.push(
      say("subsidy-relies-on-registration", {
        subsidy: String(toInt(s.id)),
        on: s.on_date,
        ...quoting("problem", problem)
      } as ParamsOf<"subsidy-relies-on-registration">)
    )
  }
  return breaks
}
