import { Effect } from "effect"
import { bind, defineModule, withKeyset } from "../operations/operation.js"
import { Targets } from "../targets/targets.js"
import { todayInShanghai } from "../time/index.js"
import {
  type ConversionListInput,
  Conversions,
  listConversions,
  recordConversion,
  reverseConversion
} from "./conversions.js"
import { type FundListQuery, Funds, type LedgerQuery, ledgerReadError } from "./funds.js"
import { cashFlowsOf, holdingsOf } from "./holdings.js"
import { codesOf, fundLookThrough, type LookThroughInput } from "./look-through.js"
import {
  type CapitalGrouping,
  type DealGrouping,
  type FundGrouping,
  FundMetrics,
  type MetricsOptions
} from "./metrics.js"
import {
  type CapitalInput,
  type CityFundInput,
  cityFundKpis,
  createFund,
  type DealGroupsInput,
  dealGroups,
  type FundGroupsInput,
  type FundListInput,
  fundCapital,
  fundCashFlows,
  fundGroups,
  fundHoldings,
  fundLedger,
  fundLpAccounts,
  fundLpStatement,
  fundMetrics,
  getFund,
  getFundEntry,
  type LedgerInput,
  type LpAccountsInput,
  type LpStatementInput,
  listFunds,
  type MetricsInput,
  recordCall,
  recordCommitment,
  recordDistribution,
  recordExit,
  recordInvestment,
  recordNavMark,
  recordProRataCall,
  recordProRataDistribution,
  recordValuation,
  reverseFundEntry,
  reverseProRataAllocation,
  setFundStatus
} from "./operations.js"
import { fundEntryToJson } from "./schema.js"
import type { LedgerCursor } from "./store.js"

// A read's `run` gets its input decoded with the declaration's Schema (see operations/operation.ts).
type In<S extends { readonly Type: unknown }> = S["Type"]

const DEFAULT_LIMIT = 50

/**
 * The yearly direct-investment target of the city fund: the stored target `city-fund-direct-investments`
 * when it is a yearly count of at least 1 (DOMAIN.md: every policy figure is a target), else none (the
 * metrics' default, 5).
 */
const storedDirectTarget = Targets.use((t) => t.list).pipe(
  Effect.map((targets) => {
    const stored = targets.find(
      (t) =>
        t.key === "city-fund-direct-investments" && t.unit === "count" && t.periodKind === "calendar-year"
    )
    const target = stored?.target.toNumber()
    return target !== undefined && Number.isInteger(target) && target >= 1 ? target : undefined
  })
)

/**
 * Funds, their ledger and their figures (股权投资链条): each declaration bound to the `Funds` or
 * `FundMetrics` service that runs it. The facade keeps the signatures it had: positional arguments
 * (`get(code)`, `ledger(code, query)`, `reverse(id, reason)`, `metrics(funds, options)`,
 * `groups(by, options)`…) and results (a list read returns the whole list; `groups` and `deals` the groups),
 * while the routes answer pages and `{ asOf, by, groups }`.
 */
export const fundsModule = defineModule({
  id: "funds",
  operations: [
    bind(
      listFunds,
      (input) =>
        Effect.gen(function* () {
          const { limit, offset, ...query } = input as In<typeof FundListInput>
          const all = yield* Funds.use((f) => f.list(query))
          return { all, limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 }
        }),
      (query?: FundListQuery) => query ?? {},
      (listed) => listed.all
    ),
    bind(createFund, (input, c) => Funds.use((f) => f.create(c.actor, input, c))),
    bind(
      getFund,
      (input) => Funds.use((f) => f.get((input as { code: string }).code)),
      (code: string) => ({ code })
    ),
    bind(setFundStatus, (input, c) => Funds.use((f) => f.setStatus(c.actor, input, c))),
    bind(recordCommitment, (input, c) => Funds.use((f) => f.commit(c.actor, input, c))),
    bind(recordCall, (input, c) => Funds.use((f) => f.call(c.actor, input, c))),
    bind(recordDistribution, (input, c) => Funds.use((f) => f.distribute(c.actor, input, c))),
    bind(recordProRataCall, (input, c) => Funds.use((f) => f.callProRata(c.actor, input, c))),
    bind(recordProRataDistribution, (input, c) => Funds.use((f) => f.distributeProRata(c.actor, input, c))),
    bind(reverseProRataAllocation, (input, c) => Funds.use((f) => f.reverseProRata(c.actor, input, c))),
    bind(recordNavMark, (input, c) => Funds.use((f) => f.mark(c.actor, input, c))),
    bind(recordInvestment, (input, c) => Funds.use((f) => f.invest(c.actor, input, c))),
    bind(recordValuation, (input, c) => Funds.use((f) => f.value(c.actor, input, c))),
    bind(recordExit, (input, c) => Funds.use((f) => f.exit(c.actor, input, c))),
    bind(
      reverseFundEntry,
      (input, c) => Funds.use((f) => f.reverse(c.actor, input, c)),
      (id: number, reason: string) => ({ id, reason })
    ),
    bind(
      getFundEntry,
      (input, c) =>
        Effect.gen(function* () {
          const entry = yield* Funds.use((f) => f.entry((input as { id: number }).id))
          // A fund manager reads only the entries of their own funds.
          const forbidden = ledgerReadError(c.actor, entry.fund)
          if (forbidden) return yield* forbidden
          return entry
        }),
      (id: number) => ({ id })
    ),
    withKeyset(
      bind(
        fundLedger,
        (input, c) =>
          Effect.gen(function* () {
            const { code, limit, offset, ...query } = input as In<typeof LedgerInput>
            // Scope before the fund: another manager's fund is 403 whether it exists or not.
            const forbidden = ledgerReadError(c.actor, code)
            if (forbidden) return yield* forbidden
            const all = yield* Funds.use((f) => f.ledger(code, query))
            return { all, limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 }
          }),
        (code: string, query?: LedgerQuery) => ({ ...query, code }),
        (listed) => listed.all
      ),
      // The exports read the ledger by (date, id), its own order, a batch at a time; the same scope.
      (input, page, c) =>
        Effect.gen(function* () {
          const { code, limit: _limit, offset: _offset, ...query } = input as In<typeof LedgerInput>
          const forbidden = ledgerReadError(c.actor, code)
          if (forbidden) return yield* forbidden
          const after = page.after as LedgerCursor | undefined
          const entries = yield* Funds.use((f) => f.ledger(code, query, { limit: page.limit, after }))
          const last = entries.at(-1)
          return {
            items: entries.map(fundEntryToJson),
            next: entries.length < page.limit || last === undefined ? null : { on: last.on, id: last.id }
          }
        })
    ),
    bind(
      fundMetrics,
      (input) => {
        const { fund, funds, asOf } = input as In<typeof MetricsInput>
        return FundMetrics.use((m) =>
          fund !== undefined ? m.fund(fund, { asOf }) : m.funds(funds ?? [], { asOf })
        )
      },
      (funds: string | ReadonlyArray<string>, options?: { readonly asOf?: string }) =>
        typeof funds === "string" ? { ...options, fund: funds } : { ...options, funds }
    ),
    bind(recordConversion, (input, c) => Conversions.use((x) => x.convert(c.actor, input, c))),
    bind(reverseConversion, (input, c) => Conversions.use((x) => x.reverse(c.actor, input, c))),
    bind(
      listConversions,
      (input) => Conversions.use((x) => x.list((input as In<typeof ConversionListInput>).fund)),
      (fund: string) => ({ fund })
    ),
    bind(
      fundLookThrough,
      (input) => {
        const { funds, asOf } = input as In<typeof LookThroughInput>
        return FundMetrics.use((m) => m.lookThrough(codesOf(funds), { asOf }))
      },
      (funds?: ReadonlyArray<string>, options?: { readonly asOf?: string }) =>
        funds === undefined ? { ...options } : { ...options, funds: funds.join(",") }
    ),
    bind(
      fundGroups,
      (input) =>
        Effect.gen(function* () {
          const { by, funds, ...given } = input as In<typeof FundGroupsInput>
          const asOf = given.asOf ?? (yield* todayInShanghai)
          const groups = yield* FundMetrics.use((m) => m.groups(by, { asOf, funds }))
          return { asOf, by, groups }
        }),
      (by: FundGrouping, options?: MetricsOptions) => ({ ...options, by }),
      (grouped) => grouped.groups
    ),
    bind(
      dealGroups,
      (input) =>
        Effect.gen(function* () {
          const { by, funds, ...given } = input as In<typeof DealGroupsInput>
          const asOf = given.asOf ?? (yield* todayInShanghai)
          const groups = yield* FundMetrics.use((m) => m.deals(by, { asOf, funds }))
          return { asOf, by, groups }
        }),
      (by: DealGrouping, options?: MetricsOptions) => ({ ...options, by }),
      (grouped) => grouped.groups
    ),
    bind(
      fundCapital,
      (input) =>
        Effect.gen(function* () {
          const { by, funds, ...given } = input as In<typeof CapitalInput>
          const asOf = given.asOf ?? (yield* todayInShanghai)
          const figures = yield* FundMetrics.use((m) => m.capital(by, { asOf, funds }))
          return { asOf, by, figures }
        }),
      (by: CapitalGrouping, options?: MetricsOptions) => ({ ...options, by }),
      (grouped) => grouped.figures
    ),
    bind(
      fundLpAccounts,
      (input, c) =>
        Effect.gen(function* () {
          const { code, asOf } = input as In<typeof LpAccountsInput>
          const forbidden = ledgerReadError(c.actor, code)
          if (forbidden) return yield* forbidden
          return yield* FundMetrics.use((m) => m.lpAccounts(code, { asOf }))
        }),
      (code: string, options?: { readonly asOf?: string }) => ({ ...options, code })
    ),
    bind(
      fundHoldings,
      (input, c) =>
        Effect.gen(function* () {
          const { code, ...given } = input as In<typeof LpAccountsInput>
          const forbidden = ledgerReadError(c.actor, code)
          if (forbidden) return yield* forbidden
          const fund = yield* Funds.use((f) => f.get(code))
          const asOf = given.asOf ?? (yield* todayInShanghai)
          const ledger = yield* Funds.use((f) => f.ledger(code))
          return { fund: code, asOf, holdings: holdingsOf(fund.id, ledger, asOf) }
        }),
      (code: string, options?: { readonly asOf?: string | undefined }) => ({ ...options, code })
    ),
    bind(
      fundCashFlows,
      (input, c) =>
        Effect.gen(function* () {
          const { code, ...given } = input as In<typeof LpAccountsInput>
          const forbidden = ledgerReadError(c.actor, code)
          if (forbidden) return yield* forbidden
          const asOf = given.asOf ?? (yield* todayInShanghai)
          const ledger = yield* Funds.use((f) => f.ledger(code))
          return { fund: code, ...cashFlowsOf(ledger, asOf) }
        }),
      (code: string, options?: { readonly asOf?: string | undefined }) => ({ ...options, code })
    ),
    bind(
      fundLpStatement,
      (input, c) =>
        Effect.gen(function* () {
          const { code, quarter } = input as In<typeof LpStatementInput>
          const forbidden = ledgerReadError(c.actor, code)
          if (forbidden) return yield* forbidden
          return yield* FundMetrics.use((m) => m.lpStatement(code, quarter))
        }),
      (code: string, quarter: string) => ({ code, quarter })
    ),
    bind(
      cityFundKpis,
      (input) =>
        Effect.gen(function* () {
          const { asOf, directTarget } = input as In<typeof CityFundInput>
          const target = directTarget ?? (yield* storedDirectTarget)
          return yield* FundMetrics.use((m) => m.cityFund({ asOf, directTarget: target }))
        }),
      (options?: { readonly asOf?: string; readonly directTarget?: number }) => options ?? {}
    )
  ]
})
