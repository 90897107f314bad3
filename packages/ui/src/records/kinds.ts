import { type AnyOperation, linkageModules, listItemOf, type Module } from "@kejin/core/internal"

/*
 * The record kinds the browser shows, one row each: which declared list read lists them, which declared
 * writes record them, which get reads one, the kind a reversal names, and the lists (with their writes) of
 * what a record holds (a loan's 认股权 events, a pool's deposits). Everything a page shows — columns,
 * filters, form fields, labels — is derived from those declarations (see ./list-page.tsx, ./form.tsx).
 */

export interface KindRow {
  /** The URL's segment: `/records/bonds`. */
  readonly slug: string
  /** The list read (`{ items, total, limit, offset }`). */
  readonly list: string
  /** The writes that record one (their forms sit on the list page). */
  readonly writes: ReadonlyArray<string>
  /** The read of one record by what its path names. */
  readonly get?: string
  /** The record kind `linkage.reverse` takes. */
  readonly reversal?: string
  /**
   * A record's own lists, each with the writes that add to it (their path names the record) and the record
   * kind `linkage.reverse` takes for one of its rows (each live row then has its own reversal).
   */
  readonly children?: ReadonlyArray<{
    readonly list: string
    readonly writes: ReadonlyArray<string>
    readonly reversal?: string
  }>
}

/** The linkage pilots' kinds (the only table written per kind). */
export const LINKAGE_KINDS: ReadonlyArray<KindRow> = [
  {
    slug: "loans",
    list: "linkage.loans",
    writes: ["linkage.recordInvestmentLoan", "linkage.recordIndexLoan"],
    get: "linkage.loan",
    reversal: "loan",
    children: [
      // 还款 and 违约 of a loan of either pilot (the balance and status are the loan's own fields).
      {
        list: "linkage.loanEvents",
        writes: ["linkage.recordLoanRepayment", "linkage.recordLoanDefault"],
        reversal: "loan-event"
      },
      {
        list: "linkage.warrantEvents",
        writes: ["linkage.recordWarrantExercise", "linkage.recordWarrantExit"],
        reversal: "warrant-event"
      }
    ]
  },
  {
    slug: "scores",
    list: "linkage.scores",
    writes: ["linkage.recordScore"],
    get: "linkage.score",
    reversal: "score"
  },
  {
    slug: "tier-tables",
    list: "linkage.tierTables",
    writes: ["linkage.recordTierTable"],
    get: "linkage.tierTable",
    reversal: "tier-table"
  },
  {
    slug: "policies",
    list: "linkage.policies",
    writes: ["linkage.recordInvestmentPolicy", "linkage.recordTransferPolicy"],
    get: "linkage.policy",
    reversal: "policy"
  },
  {
    slug: "pools",
    list: "linkage.pools",
    writes: ["linkage.recordPool"],
    get: "linkage.pool",
    reversal: "pool",
    children: [{ list: "linkage.deposits", writes: ["linkage.recordDeposit", "linkage.recordPoolRule"] }]
  },
  {
    slug: "claims",
    list: "linkage.claims",
    writes: ["linkage.recordTransferClaim", "linkage.recordCompensationClaim"],
    get: "linkage.claim",
    reversal: "claim"
  },
  {
    slug: "subsidies",
    list: "linkage.subsidies",
    writes: ["linkage.recordInterestSubsidy"],
    get: "linkage.subsidy",
    reversal: "subsidy"
  },
  {
    slug: "co-investments",
    list: "linkage.coInvestments",
    writes: ["linkage.recordCoInvestment"],
    get: "linkage.coInvestment",
    reversal: "co-investment"
  },
  {
    slug: "bonds",
    list: "linkage.bonds",
    writes: ["linkage.recordBond"],
    get: "linkage.bond",
    reversal: "bond"
  },
  { slug: "reversals", list: "linkage.reversals", writes: [] }
]

/** The reversal every linkage kind posts to, and the list of reversals (a reversed record's history). */
export const REVERSE = "linkage.reverse"
export const REVERSALS = "linkage.reversals"

/** A record kind with its declarations resolved. */
export interface RecordKind {
  readonly slug: string
  readonly list: AnyOperation
  readonly writes: ReadonlyArray<AnyOperation>
  readonly get: AnyOperation | undefined
  readonly reversal: string | undefined
  /** The list of reversals, where a reversed record's reason and date are found. */
  readonly reversals: AnyOperation | undefined
  readonly children: ReadonlyArray<{
    readonly list: AnyOperation
    readonly writes: ReadonlyArray<AnyOperation>
    /** The record kind a row of the list is reversed as, if its rows are reversed one by one. */
    readonly reversal: string | undefined
  }>
}

/** The kinds of `rows` with their operations from `modules`; a name no module declares is a start-up error. */
export const resolveKinds = (
  rows: ReadonlyArray<KindRow>,
  modules: ReadonlyArray<Module> = linkageModules
): ReadonlyArray<RecordKind> => {
  const ops = new Map(modules.flatMap((m) => m.operations.map((op) => [op.name, op] as const)))
  const op = (name: string): AnyOperation => {
    const found = ops.get(name)
    if (found === undefined) throw new Error(`records: no operation ${name} is declared`)
    return found
  }
  return rows.map((row) => {
    const list = op(row.list)
    if (listItemOf(list) === undefined) throw new Error(`records: ${row.list} is not a list read`)
    return {
      slug: row.slug,
      list,
      writes: row.writes.map(op),
      get: row.get === undefined ? undefined : op(row.get),
      reversal: row.reversal,
      reversals: row.reversal === undefined ? undefined : op(REVERSALS),
      children: (row.children ?? []).map((c) => ({
        list: op(c.list),
        writes: c.writes.map(op),
        reversal: c.reversal
      }))
    }
  })
}

export const linkageKinds = resolveKinds(LINKAGE_KINDS)

/** The reversal's declaration. */
export const reverseOperation = (modules: ReadonlyArray<Module> = linkageModules): AnyOperation => {
  const found = modules.flatMap((m) => m.operations).find((o) => o.name === REVERSE)
  if (found === undefined) throw new Error(`records: no operation ${REVERSE} is declared`)
  return found
}
