import type { Decimal } from "decimal.js"
import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
import { type Actor, ForbiddenError } from "../auth/actor.js"
import {
  ConflictError,
  type FieldIssue,
  invalid,
  invalidBecause,
  NotFoundError,
  ValidationError
} from "../errors.js"
import {
  type Command,
  type CommandError,
  type CommandOptions,
  declaredCommands,
  makeCommandRunner
} from "../journal/command.js"
import { Journal, type JournalSlot } from "../journal/journal.js"
import { linkageUsesOfEntry, policiesInsuringThrough } from "../linkage/references.js"
import { formatYuan, fromFen, toFen, toWire, Yuan } from "../money/index.js"
import type { OperationSpec } from "../operations/operation.js"
import { findInstitutions } from "../registry/institutions.js"
import { investeeOf } from "../registry/investee.js"
import { Database } from "../store/database.js"
import { type StoreError, uniqueViolationOf } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { type Said, said, say, sayAt } from "../text/messages.js"
import { businessDateProblem, notAfterToday, todayInShanghai } from "../time/index.js"
import {
  allocateProRata,
  isAllocationProblem,
  type ProRataAllocation,
  type ProRataAllocationJson,
  type ProRataLine,
  type ProRataReversal,
  proRataFromJson,
  proRataToJson
} from "./allocation.js"
import {
  createFund,
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
import { tightestHeadroom } from "./rules.js"
import type {
  CallEntry,
  ChainStage,
  CommitmentEntry,
  DistributionEntry,
  DistributionKind,
  EntryKind,
  ExitEntry,
  Fund,
  FundEntry,
  FundKind,
  FundStatus,
  InvestmentEntry,
  NavEntry,
  ProRataBasis,
  ReversalEntry,
  ValuationEntry
} from "./schema.js"
import {
  type EntryFilter,
  findEntries,
  findEntry,
  findFund,
  findFunds,
  fxColumns,
  insertEntry,
  insertFund,
  insertFundStatus,
  type LedgerCursor,
  liveConversionOf,
  liveDependents,
  type NewEntry
} from "./store.js"

export interface FundListQuery {
  readonly kind?: FundKind | undefined
  /** The parent fund's code. */
  readonly parent?: string | undefined
  readonly chainStage?: ChainStage | undefined
  /** The manager's institution id. */
  readonly manager?: number | undefined
  /** The fund's latest status. */
  readonly status?: FundStatus | undefined
}

/** A ledger list's filters (the `funds.ledger` read declares them; `EntryFilter` says what each selects). */
export type LedgerQuery = Pick<
  EntryFilter,
  "kind" | "from" | "to" | "includeReversed" | "techCategory" | "mode" | "lpFund" | "government" | "local"
>

type EntryOf<K extends EntryKind> = Extract<FundEntry, { kind: K }>

type WriteError = NotFoundError | ValidationError | ForbiddenError | ConflictError | StoreError

/** What one pro-rata write allocates: a call or a distribution of `amount` on `on`, shared on `basis`. */
interface ProRataParams {
  readonly fund: string
  readonly on: string
  readonly amount: Decimal
  readonly kind: "call" | "distribution"
  readonly basis: ProRataBasis
  readonly distributionKind: DistributionKind | null
}

/**
 * A fund manager writes only to the funds in `actor.funds`; admins write to any (the role check,
 * `funds.write`, happens first in the write path; bureau staff have `funds.read` only).
 */
export const fundScopeError = (actor: Actor, code: string): ForbiddenError | undefined =>
  actor.role === "fund-manager" && !(actor.funds ?? []).includes(code)
    ? new ForbiddenError({ actor: actor.id, role: actor.role, permission: "funds.write", fund: code })
    : undefined

/**
 * Who may read a fund's ledger (its individual entries): a fund manager only for the funds in
 * `actor.funds`; every other role with `funds.read` for every fund. Figures (metrics, groups, deals,
 * city-fund KPIs) and fund records stay readable by all: they are the city-wide monitoring DOMAIN.md
 * asks for, while the entries are another manager's business ("never touch another manager's fund").
 */
export const ledgerReadError = (actor: Actor, code: string): ForbiddenError | undefined =>
  actor.role === "fund-manager" && !(actor.funds ?? []).includes(code)
    ? new ForbiddenError({ actor: actor.id, role: actor.role, permission: "funds.read", fund: code })
    : undefined

const duplicateCode = (code: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "code",
    ...said("fund-code-exists", { code })
  })

const isDuplicateCode = (error: unknown): error is StoreError =>
  /funds(\.code|_code)/.test(uniqueViolationOf(error) ?? "")

/**
 * Funds and their ledger (股权投资链条): every write goes through the write path (decode → `funds.write`
 * → the fund manager's scope → one transaction with the invariants, the record and a journal entry).
 * Corrections are reversals: a new entry that takes the reversed one out of every figure; both stay in
 * the ledger. Invariants (each a ValidationError naming the field, unless said otherwise):
 *
 * - no entry is dated before its fund's vintage (`on`);
 * - a call is dated on or after its commitment (`on`) and is at most the commitment's unfunded amount
 *   (`amount`); the commitment must not be reversed (`commitment`);
 * - an investment names a registered enterprise (`enterprise`); `local` follows from the enterprise's
 *   district on the investment date and is never input;
 * - an investment keeps the fund's live invested cost (investments minus the cost basis of exits) within
 *   its live commitments, on the investment date and on every later-dated entry's day (`amount`).
 *   Commitments the fund makes to sub-funds as their LP are entries of the sub-funds' ledgers (LP
 *   capital coming in), not investments of this fund, and do not count here;
 * - a valuation or exit is dated on or after its investment (`on`); an exit's cost basis is at most the
 *   holding's remaining cost (`costBasis`; default: all of it); proceeds above the cost basis are the gain;
 *   nothing can be valued or exited once the holding is fully exited (`investment`);
 * - a call, valuation or exit that names its fund (`fund`: the route's path does) refers to an entry of that
 *   fund (`commitment`, `investment`); a fund manager is refused another manager's fund first
 *   (ForbiddenError), then an unknown fund is a NotFoundError;
 * - a commitment with live calls, or an investment with live valuations or exits, is reversed only after
 *   them (`id`); an entry is reversed at most once (ConflictError, field `id`); a reversal is final;
 * - the ledger after a reversal keeps these rules (`id`, naming the entry and the rule): a commitment or
 *   exit is not reversed when the invested cost would exceed the live commitments on any later day
 *   (rules.ts, shared with `invest`); a commitment or investment that live linkage records name (a linked
 *   loan, a policy, a co-investment) is reversed after them, and an investment only while no live policy
 *   insures its enterprise through the fund without another live investment in it (linkage/references.ts).
 *
 * The invariant checks run after the journal slot is reserved: on PostgreSQL that row lock orders every
 * writer, so two concurrent calls cannot both see the same unfunded amount.
 */
export class Funds extends Context.Service<
  Funds,
  {
    /** A new fund (`FundInput`); a code in use fails with ConflictError (field `code`). */
    create(actor: Actor, input: unknown, options?: CommandOptions): Effect.Effect<Fund, CommandError<never>>
    /** The fund has `status` from `on` on (`FundStatusInput`); history is kept. */
    setStatus(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Fund, CommandError<NotFoundError>>
    /** 认缴: an LP's commitment (`CommitmentInput`). */
    commit(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<CommitmentEntry, CommandError<NotFoundError>>
    /** 实缴: a capital call against one commitment (`CallInput`, with the `fund` it is for when named). */
    call(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<CallEntry, CommandError<NotFoundError>>
    /** A distribution to the LPs (`DistributionInput`). */
    distribute(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<DistributionEntry, CommandError<NotFoundError>>
    /**
     * One capital call across every LP of the fund (`ProRataCallInput`): shared by commitment, each part
     * capped at the commitment's uncalled amount, rounded to the fen by largest remainder (allocation.ts).
     */
    callProRata(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ProRataAllocation, CommandError<NotFoundError>>
    /** One distribution across every LP (`ProRataDistributionInput`), by commitment or paid-in capital. */
    distributeProRata(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ProRataAllocation, CommandError<NotFoundError>>
    /** Reverses every line of one pro-rata call or distribution (`ProRataReversalInput`) in one write. */
    reverseProRata(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ProRataReversal, CommandError<NotFoundError>>
    /** A NAV mark (`NavInput`). */
    mark(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<NavEntry, CommandError<NotFoundError>>
    /** An investment in a registered enterprise (`InvestmentInput`). */
    invest(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<InvestmentEntry, CommandError<NotFoundError>>
    /** The fair value of a holding on a date (`ValuationInput`, with the `fund` when named). */
    value(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ValuationEntry, CommandError<NotFoundError>>
    /** An exit from a holding (`ExitInput`, with the `fund` when named). */
    exit(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ExitEntry, CommandError<NotFoundError>>
    /** Reverses an entry (`{ id, reason }`); returns the reversal, a new entry dated today (Asia/Shanghai). */
    reverse(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<ReversalEntry, CommandError<NotFoundError>>
    get(code: string): Effect.Effect<Fund, NotFoundError | StoreError>
    list(query?: FundListQuery): Effect.Effect<ReadonlyArray<Fund>, StoreError>
    entry(id: number): Effect.Effect<FundEntry, NotFoundError | StoreError>
    /**
     * The fund's entries, oldest first (by date, then id); with `batch`, at most `limit` of them after the
     * entry `after` names (a keyset read: the exports read a ledger so, each batch one index range).
     */
    ledger(
      code: string,
      query?: LedgerQuery,
      batch?: { readonly limit: number; readonly after?: LedgerCursor | undefined }
    ): Effect.Effect<ReadonlyArray<FundEntry>, ValidationError | NotFoundError | StoreError>
  }
>()("@kejin/core/Funds") {
  static readonly layer = Layer.effect(
    Funds,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const declared = declaredCommands(runCommand)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const loadFund = (trx: Kysely<DB>, code: string) =>
        inDb(() => findFund(trx, { code })).pipe(
          Effect.flatMap((fund) =>
            fund === undefined
              ? Effect.fail(new NotFoundError({ entity: "fund", id: code }))
              : Effect.succeed(fund)
          )
        )

      /** The fund an entry is written to: scope first (no probing of other managers' codes), then existence. */
      const writableFund = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        actor: Actor,
        code: string,
        on: string
      ) {
        const forbidden = fundScopeError(actor, code)
        if (forbidden) return yield* forbidden
        yield* notAfterToday("on", on)
        const fund = yield* loadFund(trx, code)
        if (on < fund.vintage) return yield* invalid("on", "fund-before-vintage", { vintage: fund.vintage })
        return fund
      })

      const entryOfKind = <K extends EntryKind>(trx: Kysely<DB>, id: number, kind: K, entity: string) =>
        inDb(() => findEntry(trx, id)).pipe(
          Effect.flatMap((entry) =>
            entry?.kind === kind
              ? Effect.succeed(entry as EntryOf<K>)
              : Effect.fail(new NotFoundError({ entity, id: String(id) }))
          )
        )

      /** The entry just written (or written by the first request of an idempotency key), as `A`. */
      const loadEntry = <A extends FundEntry>(trx: Kysely<DB>, id: number) =>
        inDb(() => findEntry(trx, id)).pipe(
          Effect.flatMap((entry) =>
            entry === undefined
              ? Effect.die(new Error(`fund entry ${id} vanished`))
              : Effect.succeed(entry as A)
          )
        )

      /** A command declared by its operation, traced as `Funds.<its name>`. */
      const declaredCommand = <I, O, Ref, E>(
        spec: Pick<Command<I, O, Ref, E>, "name" | "permission" | "input">,
        body: Omit<Command<I, O, Ref, E>, "name" | "permission" | "input">
      ) => declared(spec, `Funds.${spec.name.slice("funds.".length)}`, body)

      /** A ledger command: `write` checks the invariants and returns the new entry's columns. */
      const entryCommand = <I, A extends FundEntry>(
        spec: OperationSpec<string, I, A>,
        write: (
          trx: Kysely<DB>,
          input: I,
          actor: Actor,
          slot: JournalSlot
        ) => Effect.Effect<NewEntry, WriteError>
      ) =>
        declaredCommand(spec, {
          write: (trx, decoded, slot, who) =>
            write(trx, decoded, who, slot).pipe(
              Effect.flatMap((row) => inDb(() => insertEntry(trx, row, slot.seq))),
              Effect.flatMap((id) => loadEntry<A>(trx, id))
            ),
          resultRef: (entry) => ({ entryId: entry.id }),
          replay: (trx, ref: { entryId: number }) => loadEntry<A>(trx, ref.entryId)
        })

      const create = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: createFund.name,
            permission: createFund.permission,
            input: createFund.input,
            write: (trx, f, slot, who) =>
              Effect.gen(function* () {
                const forbidden = fundScopeError(who, f.code)
                if (forbidden) return yield* forbidden
                yield* notAfterToday("vintage", f.vintage)
                if ((yield* inDb(() => findFund(trx, { code: f.code }))) !== undefined)
                  return yield* duplicateCode(f.code)
                const issues: Array<FieldIssue> = []
                let parentId: number | null = null
                if (f.parent !== undefined) {
                  const parent = yield* inDb(() => findFund(trx, { code: f.parent! }))
                  if (parent === undefined)
                    issues.push(sayAt("parent", "linkage-not-found", { kind: "fund", id: f.parent! }))
                  else parentId = parent.id
                }
                const [manager] = yield* inDb(() => findInstitutions(trx, { id: f.manager }))
                if (manager === undefined)
                  issues.push(
                    sayAt("manager", "linkage-not-found", { kind: "institution", id: String(f.manager) })
                  )
                else if (manager.kind !== "fund-manager")
                  issues.push(
                    sayAt("manager", "fund-manager-kind", { name: manager.name, kind: manager.kind })
                  )
                if (issues.length > 0) return yield* new ValidationError({ issues })
                const id = yield* inDb(() => insertFund(trx, f, { parentId }, slot.seq))
                yield* inDb(() =>
                  insertFundStatus(
                    trx,
                    { fundId: id, status: f.status ?? "raising", on: f.vintage },
                    slot.seq
                  )
                )
                return yield* loadFund(trx, f.code).pipe(Effect.orDie)
              }),
            resultRef: (fund) => ({ code: fund.code }),
            replay: (trx, ref: { code: string }) => loadFund(trx, ref.code).pipe(Effect.orDie)
          },
          actor,
          input,
          options
        ).pipe(
          Effect.catchIf(isDuplicateCode, () =>
            Effect.fail(duplicateCode(String((input as { code?: unknown })?.code ?? "")))
          ),
          Effect.withSpan("Funds.create")
        )

      const setStatus = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: setFundStatus.name,
            permission: setFundStatus.permission,
            input: setFundStatus.input,
            write: (trx, s, slot, who) =>
              Effect.gen(function* () {
                const forbidden = fundScopeError(who, s.fund)
                if (forbidden) return yield* forbidden
                yield* notAfterToday("on", s.on)
                const fund = yield* loadFund(trx, s.fund)
                yield* inDb(() =>
                  insertFundStatus(trx, { fundId: fund.id, status: s.status, on: s.on }, slot.seq)
                )
                return yield* loadFund(trx, s.fund)
              }),
            resultRef: (fund) => ({ code: fund.code }),
            replay: (trx, ref: { code: string }) => loadFund(trx, ref.code).pipe(Effect.orDie)
          },
          actor,
          input,
          options
        ).pipe(Effect.withSpan("Funds.setStatus"))

      const commit = entryCommand(recordCommitment, (trx, c, actor) =>
        Effect.gen(function* () {
          const fund = yield* writableFund(trx, actor, c.fund, c.on)
          let lpFundId: number | null = null
          let lpName = c.lpName
          if (c.lpFund !== undefined) {
            if (c.lpFund === fund.code) return yield* invalid("lpFund", "fund-commits-to-itself")
            const lp = yield* inDb(() => findFund(trx, { code: c.lpFund! }))
            if (lp === undefined)
              return yield* invalid("lpFund", "linkage-not-found", { kind: "fund", id: c.lpFund! })
            lpFundId = lp.id
            lpName ??= lp.name
          }
          return {
            kind: "commitment",
            fund_id: fund.id,
            on_date: c.on,
            amount_fen: toFen(c.amount),
            lp_name: lpName ?? null,
            lp_type: c.lpType,
            lp_fund_id: lpFundId,
            ...fxColumns(c.fx)
          } satisfies NewEntry
        })
      )

      /**
       * The fund a call, valuation or exit names (the route's path): scope first, then existence; the entry
       * it refers to must then be of that fund (`field`).
       */
      const namedFund = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        actor: Actor,
        code: string | undefined
      ) {
        if (code === undefined) return
        const forbidden = fundScopeError(actor, code)
        if (forbidden) return yield* forbidden
        yield* loadFund(trx, code)
      })
      const ofNamedFund = (code: string | undefined, field: string, entry: FundEntry) =>
        code === undefined || entry.fund === code
          ? Effect.void
          : Effect.fail(invalid(field, "fund-entry-other-fund", { field, id: String(entry.id), fund: code }))

      const call = entryCommand(recordCall, (trx, c, actor) =>
        Effect.gen(function* () {
          yield* namedFund(trx, actor, c.fund)
          const commitment = yield* entryOfKind(trx, c.commitment, "commitment", "commitment")
          yield* ofNamedFund(c.fund, "commitment", commitment)
          const fund = yield* writableFund(trx, actor, commitment.fund, c.on)
          if (commitment.reversedBy !== null)
            return yield* invalid("commitment", "fund-commitment-reversed", { id: String(commitment.id) })
          if (c.on < commitment.on)
            return yield* invalid("on", "fund-before-commitment", { on: commitment.on })
          // The lines of pro-rata distributions name their commitment too: only calls count here.
          const calls = (yield* inDb(() => liveDependents(trx, "commitment_id", commitment.id))).filter(
            (e) => e.kind === "call"
          )
          const called = fromFen(calls.reduce((s, e) => s + e.amountFen, 0n))
          const unfunded = commitment.amount.minus(called)
          if (c.amount.gt(unfunded)) {
            return yield* invalid("amount", "fund-call-above-unfunded", {
              unfunded: toWire(unfunded),
              committed: toWire(commitment.amount),
              called: toWire(called)
            })
          }
          return {
            kind: "call",
            fund_id: fund.id,
            on_date: c.on,
            amount_fen: toFen(c.amount),
            commitment_id: commitment.id,
            ...fxColumns(c.fx)
          } satisfies NewEntry
        })
      )

      const distribute = entryCommand(recordDistribution, (trx, d, actor) =>
        Effect.gen(function* () {
          const fund = yield* writableFund(trx, actor, d.fund, d.on)
          return {
            kind: "distribution",
            fund_id: fund.id,
            on_date: d.on,
            amount_fen: toFen(d.amount),
            distribution_kind: d.distributionKind,
            ...fxColumns(d.fx)
          } satisfies NewEntry
        })
      )

      /**
       * A pro-rata call or distribution (allocation.ts): every live commitment of the fund dated on or before
       * `on`, in the ledger's order (date, then id), gets its share; one ledger entry per share above zero,
       * each naming its commitment, all in this one transaction under one journal entry.
       */
      const writeProRata = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        actor: Actor,
        seq: number,
        p: ProRataParams
      ) {
        const fund = yield* writableFund(trx, actor, p.fund, p.on)
        const entries = yield* inDb(() => findEntries(trx, { fundId: fund.id, includeReversed: false }))
        const commitments = entries.filter(
          (e): e is CommitmentEntry => e.kind === "commitment" && e.on <= p.on
        )
        if (commitments.length === 0)
          return yield* invalid("fund", "fund-no-commitment-by", { fund: fund.code, on: p.on })
        const calledBy = (id: number, until?: string) =>
          fromFen(
            entries
              .filter(
                (e) => e.kind === "call" && e.commitment === id && (until === undefined || e.on <= until)
              )
              .reduce((s, e) => s + toFen((e as CallEntry).amount), 0n)
          )
        const parts = commitments.map((c) => {
          const called = calledBy(c.id)
          return {
            commitment: c,
            called,
            weight: p.basis === "commitment" ? c.amount : calledBy(c.id, p.on),
            cap: p.kind === "call" ? c.amount.minus(called) : undefined
          }
        })
        const shares = allocateProRata(p.amount, parts)
        if (isAllocationProblem(shares)) {
          if (shares._tag === "NoParts")
            return yield* invalid("basis", "fund-nothing-paid-in-by", { on: p.on })
          const committed = parts.reduce((s, x) => s.plus(x.commitment.amount), new Yuan(0))
          const called = parts.reduce((s, x) => s.plus(x.called), new Yuan(0))
          return yield* invalid("amount", "fund-call-above-uncalled", {
            uncalled: toWire(shares.capacity),
            count: String(parts.length),
            on: p.on,
            committed: toWire(committed),
            called: toWire(called)
          })
        }
        const lines: Array<ProRataLine> = []
        for (const [i, part] of parts.entries()) {
          const amount = shares[i]!
          const entry = amount.isZero()
            ? null
            : yield* inDb(() =>
                insertEntry(
                  trx,
                  {
                    kind: p.kind,
                    fund_id: fund.id,
                    on_date: p.on,
                    amount_fen: toFen(amount),
                    commitment_id: part.commitment.id,
                    distribution_kind: p.distributionKind
                  },
                  seq
                )
              )
          lines.push({
            commitment: part.commitment.id,
            lpName: part.commitment.lpName,
            lpType: part.commitment.lpType,
            lpFund: part.commitment.lpFund,
            weight: part.weight,
            cap: part.cap ?? null,
            amount,
            entry
          })
        }
        return {
          fund: fund.code,
          on: p.on,
          kind: p.kind,
          distributionKind: p.distributionKind,
          basis: p.basis,
          amount: p.amount,
          journalSeq: seq,
          lines
        } satisfies ProRataAllocation
      })

      /** A pro-rata command: `params` says what the decoded input allocates (a call or a distribution, on which basis). */
      const proRataCommand = <I>(
        spec: OperationSpec<string, I, ProRataAllocation>,
        params: (input: I) => ProRataParams
      ) =>
        declaredCommand(spec, {
          write: (trx, decoded, slot, who) => writeProRata(trx, who, slot.seq, params(decoded)),
          resultRef: proRataToJson,
          replay: (_trx, ref: ProRataAllocationJson) => Effect.succeed(proRataFromJson(ref))
        })

      const callProRata = proRataCommand(recordProRataCall, (c) => ({
        ...c,
        kind: "call",
        basis: "commitment",
        distributionKind: null
      }))

      const distributeProRata = proRataCommand(recordProRataDistribution, (d) => ({
        fund: d.fund,
        on: d.on,
        amount: d.amount,
        kind: "distribution",
        basis: d.basis ?? "commitment",
        distributionKind: d.distributionKind
      }))

      /**
       * Every line of one pro-rata call or distribution (the entries journal entry `journalSeq` recorded in
       * this fund, each a call or a distribution naming its commitment) reversed in one write: a reversal
       * entry per line, dated today, under one journal entry. Refused whole when a line was reversed already.
       */
      const reverseProRata = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: reverseProRataAllocation.name,
            permission: reverseProRataAllocation.permission,
            input: reverseProRataAllocation.input,
            write: (trx, r, slot, who) =>
              Effect.gen(function* () {
                const forbidden = fundScopeError(who, r.fund)
                if (forbidden) return yield* forbidden
                const fund = yield* loadFund(trx, r.fund)
                const lines = yield* inDb(() =>
                  findEntries(trx, { fundId: fund.id, journalSeq: r.journalSeq })
                )
                const isLine = (e: FundEntry) =>
                  e.kind === "call" || (e.kind === "distribution" && e.commitment !== null)
                if (lines.length === 0 || !lines.every(isLine))
                  return yield* new NotFoundError({ entity: "pro-rata allocation", id: String(r.journalSeq) })
                const reversed = lines.filter((e) => e.reversedBy !== null)
                if (reversed.length > 0)
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "journalSeq",
                    ...said("fund-allocation-reversed", {
                      ids: reversed.map((e) => e.id).join(", "),
                      journalSeq: String(r.journalSeq)
                    })
                  })
                const on = yield* todayInShanghai
                const ids: Array<number> = []
                for (const line of lines) {
                  ids.push(
                    yield* inDb(() =>
                      insertEntry(
                        trx,
                        {
                          kind: "reversal",
                          fund_id: fund.id,
                          on_date: on,
                          reverses_id: line.id,
                          reason: r.reason
                        },
                        slot.seq
                      )
                    )
                  )
                }
                const reversals = yield* inDb(() => findEntries(trx, { ids }))
                return {
                  fund: fund.code,
                  journalSeq: r.journalSeq,
                  reversals: reversals as Array<ReversalEntry>
                }
              }),
            resultRef: (x: ProRataReversal) => ({
              fund: x.fund,
              journalSeq: x.journalSeq,
              ids: x.reversals.map((e) => e.id)
            }),
            replay: (trx, ref: { fund: string; journalSeq: number; ids: Array<number> }) =>
              inDb(() => findEntries(trx, { ids: ref.ids })).pipe(
                Effect.map((reversals) => ({
                  fund: ref.fund,
                  journalSeq: ref.journalSeq,
                  reversals: reversals as Array<ReversalEntry>
                }))
              )
          },
          actor,
          input,
          options
        ).pipe(Effect.withSpan("Funds.reverseProRata"))

      const mark = entryCommand(recordNavMark, (trx, m, actor) =>
        Effect.gen(function* () {
          const fund = yield* writableFund(trx, actor, m.fund, m.on)
          return {
            kind: "nav",
            fund_id: fund.id,
            on_date: m.on,
            amount_fen: toFen(m.nav),
            ...fxColumns(m.fx)
          } satisfies NewEntry
        })
      )

      /**
       * How much more the fund can invest on `on`: live commitments to it dated on or before a day, minus its
       * live invested cost then (investments minus the cost basis of exits, as the metrics' remaining cost).
       * Checked on `on` and on every later day with a live entry, so a back-dated investment cannot push a
       * later day over; the tightest day is returned.
       */
      const investmentHeadroom = Effect.fnUntraced(function* (trx: Kysely<DB>, fundId: number, on: string) {
        const entries = yield* inDb(() => findEntries(trx, { fundId, includeReversed: false }))
        return tightestHeadroom(entries, on)
      })

      const invest = entryCommand(recordInvestment, (trx, i, actor, slot) =>
        Effect.gen(function* () {
          const fund = yield* writableFund(trx, actor, i.fund, i.on)
          // Found in the registry, or registered from the pledge registration that named it (one registry).
          const investee = yield* inDb(() => investeeOf(trx, i, slot.seq))
          if ("issues" in investee) return yield* new ValidationError({ issues: [...investee.issues] })
          const { enterprise } = investee
          const headroom = yield* investmentHeadroom(trx, fund.id, i.on)
          if (i.amount.gt(headroom.available)) {
            const { on, committed, invested, available } = headroom
            return yield* invalid("amount", "fund-investment-above-committed", {
              later: on === i.on ? "" : on,
              committed: formatYuan(committed),
              invested: formatYuan(invested),
              available: formatYuan(available.gt(0) ? available : new Yuan(0))
            })
          }
          return {
            kind: "investment",
            fund_id: fund.id,
            on_date: i.on,
            amount_fen: toFen(i.amount),
            enterprise_id: enterprise.id,
            instrument: i.instrument,
            round: i.round ?? null,
            stage: i.stage ?? enterprise.stage,
            tech_category: i.techCategory ?? enterprise.techCategory,
            mode: i.mode ?? (fund.kind === "sub-fund" ? "via-sub-fund" : "direct"),
            ...fxColumns(i.fx)
          } satisfies NewEntry
        })
      )

      /** The investment a valuation or exit refers to, checked, with its live exits. */
      const holding = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        actor: Actor,
        id: number,
        on: string,
        code: string | undefined
      ) {
        yield* namedFund(trx, actor, code)
        const investment = yield* entryOfKind(trx, id, "investment", "investment")
        yield* ofNamedFund(code, "investment", investment)
        const fund = yield* writableFund(trx, actor, investment.fund, on)
        if (investment.reversedBy !== null)
          return yield* invalid("investment", "fund-investment-reversed", { id: String(id) })
        if (on < investment.on) return yield* invalid("on", "fund-before-investment", { on: investment.on })
        const exits = (yield* inDb(() => liveDependents(trx, "investment_id", id))).filter(
          (e) => e.kind === "exit"
        )
        return { investment, fund, exits }
      })

      const costOf = (exits: ReadonlyArray<{ costFen: bigint }>): Decimal =>
        fromFen(exits.reduce((s, e) => s + e.costFen, 0n))

      const value = entryCommand(recordValuation, (trx, v, actor) =>
        Effect.gen(function* () {
          const { investment, fund, exits } = yield* holding(trx, actor, v.investment, v.on, v.fund)
          const exitedBy = exits.filter((e) => e.on <= v.on)
          if (investment.amount.minus(costOf(exitedBy)).lte(0)) {
            return yield* invalid("investment", "fund-holding-exited-by", { on: exitedBy.at(-1)?.on ?? v.on })
          }
          return {
            kind: "valuation",
            fund_id: fund.id,
            on_date: v.on,
            amount_fen: toFen(v.fairValue),
            investment_id: investment.id,
            ...fxColumns(v.fx)
          } satisfies NewEntry
        })
      )

      const exit = entryCommand(recordExit, (trx, x, actor) =>
        Effect.gen(function* () {
          const { investment, fund, exits } = yield* holding(trx, actor, x.investment, x.on, x.fund)
          const exited = costOf(exits)
          const remaining = investment.amount.minus(exited)
          if (remaining.lte(0)) return yield* invalid("investment", "fund-holding-no-cost")
          const costBasis = x.costBasis ?? remaining
          if (costBasis.gt(remaining)) {
            return yield* invalid("costBasis", "fund-cost-basis-above-remaining", {
              remaining: toWire(remaining),
              cost: toWire(investment.amount),
              exited: toWire(exited)
            })
          }
          return {
            kind: "exit",
            fund_id: fund.id,
            on_date: x.on,
            amount_fen: toFen(x.proceeds),
            cost_fen: toFen(costBasis),
            route: x.route,
            investment_id: investment.id,
            ...fxColumns(x.fx)
          } satisfies NewEntry
        })
      )

      const reverse = entryCommand(reverseFundEntry, (trx, { id, reason }, actor) =>
        Effect.gen(function* () {
          const entry = yield* inDb(() => findEntry(trx, id))
          if (entry === undefined) return yield* new NotFoundError({ entity: "fund entry", id: String(id) })
          const forbidden = fundScopeError(actor, entry.fund)
          if (forbidden) return yield* forbidden
          if (entry.kind === "reversal")
            return yield* invalid("id", "fund-entry-is-reversal", { id: String(id) })
          if (entry.reversedBy !== null) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "id",
              ...said("fund-entry-already-reversed", { id: String(id), by: String(entry.reversedBy) })
            })
          }
          if (entry.kind === "commitment" || entry.kind === "investment") {
            const column = entry.kind === "commitment" ? "commitment_id" : "investment_id"
            const dependents = yield* inDb(() => liveDependents(trx, column, id))
            if (dependents.length > 0) {
              const what =
                entry.kind !== "commitment"
                  ? "valuations or exits"
                  : dependents.every((d) => d.kind === "call")
                    ? "capital calls"
                    : "capital calls or distribution lines"
              return yield* invalid("id", "fund-entry-has-dependents", {
                kind: entry.kind,
                id: String(id),
                dependents: what,
                ids: dependents.map((d) => d.id).join(", ")
              })
            }
          }
          if (entry.kind === "investment") {
            const conversion = yield* inDb(() => liveConversionOf(trx, id))
            if (conversion !== undefined)
              return yield* invalid("id", "fund-investment-converted", {
                id: String(id),
                on: conversion.on,
                conversion: String(conversion.id)
              })
          }
          const fund = yield* loadFund(trx, entry.fund)
          // A reversal is a write like any other: the ledger after it keeps the rules the forward
          // commands keep, and the linkage records naming the entry keep theirs.
          const breaks: Array<Said> = []
          // The fund's live entries without this one (read only for the kinds a rule depends on).
          const after = ["commitment", "exit", "investment"].includes(entry.kind)
            ? (yield* inDb(() => findEntries(trx, { fundId: fund.id, includeReversed: false }))).filter(
                (e) => e.id !== id
              )
            : []
          if (entry.kind === "commitment" || entry.kind === "exit") {
            const tightest = tightestHeadroom(after, entry.on)
            if (tightest.available.lt(0)) {
              breaks.push(
                say("fund-reversal-headroom", {
                  on: tightest.on,
                  fund: fund.code,
                  invested: formatYuan(tightest.invested),
                  committed: formatYuan(tightest.committed)
                })
              )
            }
          }
          if (entry.kind === "commitment" || entry.kind === "investment") {
            const uses = yield* inDb(() => linkageUsesOfEntry(trx, id))
            if (uses.length > 0) {
              breaks.push(say("fund-reversal-linkage-uses", { uses: uses.join(", ") }))
            }
          }
          if (entry.kind === "investment") {
            const held = after.some((e) => e.kind === "investment" && e.enterprise.id === entry.enterprise.id)
            const policies = held
              ? []
              : yield* inDb(() => policiesInsuringThrough(trx, fund.id, entry.enterprise.id))
            if (policies.length > 0) {
              breaks.push(
                say("fund-reversal-policies", {
                  fund: fund.code,
                  enterprise: entry.enterprise.name,
                  uscc: entry.enterprise.uscc,
                  count: String(policies.length),
                  policies: policies.join(", ")
                })
              )
            }
          }
          if (breaks.length > 0) {
            return yield* invalidBecause(
              "id",
              "fund-entry-reversal-breaks",
              { id: String(id), kind: entry.kind, on: entry.on },
              breaks
            )
          }
          return {
            kind: "reversal",
            fund_id: fund.id,
            on_date: yield* todayInShanghai,
            reverses_id: id,
            reason
          } satisfies NewEntry
        })
      )

      const get = Effect.fn("Funds.get")(function* (code: string) {
        return yield* loadFund(database.db, code)
      })

      const list = (query: FundListQuery = {}) =>
        inDb(() =>
          findFunds(database.db, {
            kind: query.kind,
            parent: query.parent,
            chainStage: query.chainStage,
            managerId: query.manager
          })
        ).pipe(
          // A fund's status is its latest one, known once the fund is loaded.
          Effect.map((funds) =>
            query.status === undefined ? funds : funds.filter((f) => f.status === query.status)
          ),
          Effect.withSpan("Funds.list")
        )

      const entry = Effect.fn("Funds.entry")(function* (id: number) {
        const found = yield* inDb(() => findEntry(database.db, id))
        if (found === undefined) return yield* new NotFoundError({ entity: "fund entry", id: String(id) })
        return found
      })

      const ledger = Effect.fn("Funds.ledger")(function* (
        code: string,
        query: LedgerQuery = {},
        batch?: { readonly limit: number; readonly after?: LedgerCursor | undefined }
      ) {
        const issues: Array<FieldIssue> = []
        for (const key of ["from", "to"] as const) {
          const date = query[key]
          const problem = date === undefined ? undefined : businessDateProblem(date)
          if (problem !== undefined) issues.push({ path: key, message: problem })
        }
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const fund = yield* loadFund(database.db, code)
        return yield* inDb(() =>
          findEntries(database.db, {
            fundId: fund.id,
            kind: query.kind,
            from: query.from,
            to: query.to,
            includeReversed: query.includeReversed ?? true,
            techCategory: query.techCategory,
            mode: query.mode,
            lpFund: query.lpFund,
            government: query.government,
            local: query.local,
            limit: batch?.limit,
            after: batch?.after
          })
        )
      })

      return Funds.of({
        create,
        setStatus,
        commit,
        call,
        distribute,
        callProRata,
        distributeProRata,
        reverseProRata,
        mark,
        invest,
        value,
        exit,
        reverse,
        get,
        list,
        entry,
        ledger
      })
    })
  )
}
