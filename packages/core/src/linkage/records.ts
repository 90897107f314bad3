import type { Kysely } from "kysely"
import type { DB } from "../store/schema.js"
import { loadLoanEvent, withStanding } from "./loan-events/store.js"
import type { RecordKind } from "./schema.js"
import {
  findBonds,
  findClaims,
  findCoInvestments,
  findDeposits,
  findLoans,
  findPolicies,
  findPoolRules,
  findPools,
  findScores,
  findSubsidies,
  findTierTables,
  findWarrantEvents
} from "./store.js"

// One linkage record by its id, reversed or not (undefined when no record of the kind has it): what a write
// reads back, what a reversal checks.

const first =
  <O, F>(find: (db: Kysely<DB>, filter: F) => Promise<ReadonlyArray<O>>, filter: (id: number) => F) =>
  (db: Kysely<DB>, id: number) =>
    find(db, filter(id)).then((rows) => rows[0])
const byIds = (id: number) => ({ ids: [id] })

/** A loan with its standing (its repayments and default added up: loan-events/store.ts). */
export const loadLoan = (db: Kysely<DB>, id: number) =>
  first(findLoans, byIds)(db, id).then((loan) => withStanding(db, loan))
export const loadWarrantEvent = first(findWarrantEvents, byIds)
export const loadTierTable = first(findTierTables, byIds)
export const loadScore = first(findScores, byIds)
export const loadPolicy = first(findPolicies, byIds)
export const loadPool = first(findPools, byIds)
export const loadPoolRule = (db: Kysely<DB>, id: number) =>
  findPoolRules(db, { ids: [id] }).then((rows) => rows.map(({ poolId: _, ...rule }) => rule)[0])
/** A deposit with its pool's id. */
export const loadDepositRow = first(findDeposits, byIds)
export const loadDeposit = (db: Kysely<DB>, id: number) =>
  loadDepositRow(db, id).then((row) => {
    if (row === undefined) return undefined
    const { poolId: _, ...deposit } = row
    return deposit
  })
export const loadClaim = first(findClaims, byIds)
export const loadCoInvestment = first(findCoInvestments, byIds)
export const loadSubsidy = first(findSubsidies, byIds)
export const loadBond = first(findBonds, byIds)

/** Every kind's loader, for reversals across kinds. */
export const loaders: Record<
  RecordKind,
  (db: Kysely<DB>, id: number) => Promise<{ readonly reversedBy: number | null } | undefined>
> = {
  loan: loadLoan,
  "warrant-event": loadWarrantEvent,
  "tier-table": loadTierTable,
  score: loadScore,
  policy: loadPolicy,
  pool: loadPool,
  "pool-rule": loadPoolRule,
  deposit: loadDeposit,
  claim: loadClaim,
  "co-investment": loadCoInvestment,
  subsidy: loadSubsidy,
  bond: loadBond,
  "loan-event": loadLoanEvent
}
