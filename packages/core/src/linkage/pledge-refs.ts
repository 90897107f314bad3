import { type Kysely, sql } from "kysely"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { live } from "./live.js"

// What a risk-compensation claim (风险补偿) or an interest subsidy (贴息) names by registration number
// (质押登记号): the live registration and its live loans as they stood on the record's date, read from the
// pledge tables inside the write's transaction.

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
