import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../../errors.js"
import { decodeInput } from "../../journal/command.js"
import { fromFen, toFen, toWire } from "../../money/index.js"
import { isValidUscc } from "../../registry/codes.js"
import { findEnterprise } from "../../registry/enterprises.js"
import type { StoreError } from "../../store/errors.js"
import type { DB } from "../../store/schema.js"
import { type Said, said, say, sayAt, told } from "../../text/messages.js"
import { dateIssue, todayInShanghai } from "../../time/index.js"
import { type EventsQuery, type ListRead, makeListRead, type ReadError, type RecentQuery } from "../lists.js"
import { findLoanEvents, withStandings } from "../loan-events/store.js"
import { loadDepositRow, loaders, loadWarrantEvent } from "../records.js"
import { firstShortfall } from "../rules.js"
import {
  type LinkageEvent,
  LinkagePeriodInput,
  type LinkageRecent,
  type LinkageReversal,
  type LinkageSummary,
  type RecordKind
} from "../schema.js"
import {
  bondFigures,
  claimFigures,
  coInvestmentFigures,
  countReversals,
  findBonds,
  findClaims,
  findCoInvestments,
  findDeposits,
  findLoans,
  findPolicies,
  findPools,
  findReversal,
  findReversals,
  findScores,
  findSubsidies,
  findWarrantEvents,
  insertReversal,
  loanFigures,
  policyFigures,
  poolMovements,
  poolNames,
  poolTotals,
  type RecentKind,
  recentRecordRefs,
  scoreCount,
  subsidyFigures,
  warrantFigures
} from "../store.js"
import { linkageWrites, pct, type Write } from "../write.js"
import { reverseRecord } from "./operations.js"

/**
 * What the linkage pilots share: reversals across kinds, the latest records, each pilot's figures and an
 * enterprise's journey across the pilots. A reversal happens at most once per record (ConflictError, field
 * `id`); a record others depend on (a loan's warrant events or subsidies, a policy's claims, a pool's
 * deposits or claims, a rule's claims, a tier table's scores, a score's loans, an exercise before its
 * loan's exits) is reversed after them; a deposit is not reversed if the pool's balance would go below zero
 * on any date.
 */
export class LinkageShared extends Context.Service<
  LinkageShared,
  {
    /** Takes a record out of every figure (`{ kind, id, reason }`); returns the reversal, dated today (Asia/Shanghai). */
    reverse: Write<LinkageReversal>
    /** Oldest first. */
    reversals: ListRead<LinkageReversal, object>
    /**
     * The latest `limit` (1–100, default 10) live loans, policies, claims, co-investments, subsidies and
     * bonds dated on or before `to` (every date when absent), newest first (the later write first on a
     * day): one query over every kind, whatever the number of records.
     */
    recent(query?: RecentQuery): Effect.Effect<ReadonlyArray<LinkageRecent>, ReadError>
    /** Each pilot's figures for a period (`{ from, to }`, both inclusive): live records dated in it. */
    summary(period: unknown): Effect.Effect<LinkageSummary, ValidationError | StoreError>
    /** An enterprise's finance journey: dated events from every pilot, oldest first. */
    eventsOf(
      uscc: string,
      query?: EventsQuery
    ): Effect.Effect<ReadonlyArray<LinkageEvent>, NotFoundError | StoreError>
  }
>()("@kejin/core/linkage/LinkageShared") {
  static readonly layer = Layer.effect(
    LinkageShared,
    Effect.gen(function* () {
      const { database, inDb, command } = yield* linkageWrites

      /** Live records that depend on `kind` `id`: they must be reversed first. */
      const dependents = Effect.fnUntraced(function* (trx: Kysely<DB>, kind: RecordKind, id: number) {
        const live = { includeReversed: false } as const
        const ids = (records: ReadonlyArray<{ id: number }>) => records.map((r) => r.id).join(", ")
        /** Record `kind` `id` has live `dependents`: they are reversed first. */
        const first = (
          kind: RecordKind,
          id: number,
          dependents: string,
          records: ReadonlyArray<{ id: number }>
        ): Said =>
          say("linkage-reverse-dependents-first", { kind, id: String(id), dependents, ids: ids(records) })
        switch (kind) {
          case "loan": {
            const events = yield* inDb(() => findWarrantEvents(trx, { loanId: id, ...live }))
            const subsidies = yield* inDb(() => findSubsidies(trx, { loanId: id, ...live }))
            if (events.length > 0) return first(kind, id, "warrant-events", events)
            if (subsidies.length > 0) return first(kind, id, "interest-subsidies", subsidies)
            const repaidOrDefaulted = yield* inDb(() => findLoanEvents(trx, { loanId: id, ...live }))
            if (repaidOrDefaulted.length > 0) return first(kind, id, "loan-events", repaidOrDefaulted)
            return undefined
          }
          case "warrant-event": {
            const event = yield* inDb(() => loadWarrantEvent(trx, id))
            if (event?.kind !== "exercise") return undefined
            const exits = (yield* inDb(() => findWarrantEvents(trx, { loanId: event.loan, ...live }))).filter(
              (e) => e.kind === "exit"
            )
            return exits.length > 0
              ? say("linkage-reverse-exits-first", { loan: String(event.loan), ids: ids(exits) })
              : undefined
          }
          case "tier-table": {
            const scores = yield* inDb(() => findScores(trx, { tableId: id, ...live }))
            return scores.length > 0 ? first(kind, id, "score-snapshots", scores) : undefined
          }
          case "score": {
            const loans = yield* inDb(() => findLoans(trx, { scoreId: id, ...live }))
            return loans.length > 0 ? first(kind, id, "index-loans", loans) : undefined
          }
          case "policy": {
            const claims = yield* inDb(() => findClaims(trx, { policyId: id, ...live }))
            return claims.length > 0 ? first(kind, id, "claims", claims) : undefined
          }
          case "pool": {
            const deposits = yield* inDb(() => findDeposits(trx, { poolIds: [id], ...live }))
            const claims = yield* inDb(() => findClaims(trx, { poolId: id, ...live }))
            if (deposits.length > 0) return first(kind, id, "deposits", deposits)
            if (claims.length > 0) return first(kind, id, "claims", claims)
            return undefined
          }
          case "pool-rule": {
            const claims = yield* inDb(() => findClaims(trx, { ruleId: id, ...live }))
            return claims.length > 0
              ? say("linkage-reverse-rule-claims-first", { rule: String(id), ids: ids(claims) })
              : undefined
          }
          case "deposit": {
            const deposit = yield* inDb(() => loadDepositRow(trx, id))
            if (deposit === undefined) return undefined
            const movements = yield* inDb(() => poolMovements(trx, deposit.poolId))
            const without = [...movements, { on: deposit.on, fen: -toFen(deposit.amount) }]
            const short = firstShortfall(without)
            return short === undefined
              ? undefined
              : say("linkage-reverse-deposit-shortfall", {
                  deposit: String(id),
                  pool: deposit.pool,
                  balance: toWire(short.balance),
                  on: short.on
                })
          }
          default:
            return undefined
        }
      })

      const reverse = command(
        reverseRecord,
        (trx, r, slot) =>
          Effect.gen(function* () {
            const record = yield* inDb(() => loaders[r.kind](trx, r.id))
            if (record === undefined) return yield* new NotFoundError({ entity: r.kind, id: String(r.id) })
            if (record.reversedBy !== null)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "id",
                ...said("linkage-already-reversed", {
                  kind: r.kind,
                  id: String(r.id),
                  reversal: String(record.reversedBy)
                })
              })
            const blocking = yield* dependents(trx, r.kind, r.id)
            if (blocking !== undefined)
              return yield* new ValidationError({ issues: [{ path: "id", ...blocking }] })
            const on = yield* todayInShanghai
            return yield* inDb(() =>
              insertReversal(trx, { kind: r.kind, recordId: r.id, on, reason: r.reason }, slot.seq)
            )
          }),
        (trx, id) => findReversal(trx, { id })
      )

      const recent = Effect.fn("Linkage.recent")(function* (query: RecentQuery = {}) {
        const limit = query.limit ?? 10
        const issues: Array<FieldIssue> = []
        const to: unknown = query.to
        if (to !== undefined) {
          const issue = dateIssue("to", to)
          if (issue !== undefined) issues.push(issue)
        }
        if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100))
          issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "100" }))
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const db = database.db
        return yield* inDb(async () => {
          const refs = await recentRecordRefs(db, { to: query.to, limit })
          const idsOf = (kind: RecentKind) => refs.filter((r) => r.kind === kind).map((r) => r.id)
          const byId = async <O extends { readonly id: number }>(
            kind: RecentKind,
            find: (db: Kysely<DB>, filter: { ids: ReadonlyArray<number> }) => Promise<ReadonlyArray<O>>
          ): Promise<ReadonlyMap<number, O>> => {
            const ids = idsOf(kind)
            return ids.length === 0 ? new Map() : new Map((await find(db, { ids })).map((o) => [o.id, o]))
          }
          const loans = await byId("loan", (db, filter) =>
            findLoans(db, filter).then((found) => withStandings(db, found))
          )
          const policies = await byId("policy", findPolicies)
          const claims = await byId("claim", findClaims)
          const links = await byId("co-investment", findCoInvestments)
          const subsidies = await byId("subsidy", findSubsidies)
          const bonds = await byId("bond", findBonds)
          const codes = [...claims.values()].flatMap((c) => (c.pool === null ? [] : [c.pool]))
          const names = await poolNames(db, [...new Set(codes)])
          const entryOf = (ref: { readonly kind: RecentKind; readonly id: number }): Array<LinkageRecent> => {
            switch (ref.kind) {
              case "loan": {
                const record = loans.get(ref.id)
                return record === undefined ? [] : [{ kind: "loan", on: record.disbursedOn, record }]
              }
              case "policy": {
                const record = policies.get(ref.id)
                return record === undefined ? [] : [{ kind: "policy", on: record.startsOn, record }]
              }
              case "claim": {
                const record = claims.get(ref.id)
                if (record === undefined) return []
                const poolName = record.pool === null ? null : (names.get(record.pool) ?? null)
                return [{ kind: "claim", on: record.on, record, poolName }]
              }
              case "co-investment": {
                const record = links.get(ref.id)
                return record === undefined ? [] : [{ kind: "co-investment", on: record.on, record }]
              }
              case "subsidy": {
                const record = subsidies.get(ref.id)
                return record === undefined ? [] : [{ kind: "subsidy", on: record.on, record }]
              }
              case "bond": {
                const record = bonds.get(ref.id)
                return record === undefined ? [] : [{ kind: "bond", on: record.issuedOn, record }]
              }
            }
          }
          return refs.flatMap(entryOf)
        })
      })

      const summary = Effect.fn("Linkage.summary")(function* (raw: unknown) {
        const period = yield* decodeInput(LinkagePeriodInput, raw)
        const db = database.db
        const loans = yield* inDb(() => loanFigures(db, period))
        const warrants = yield* inDb(() => warrantFigures(db, period))
        const scores = yield* inDb(() => scoreCount(db, period))
        const policies = yield* inDb(() => policyFigures(db, period))
        const claims = yield* inDb(() => claimFigures(db, period))
        const subsidies = yield* inDb(() => subsidyFigures(db, period))
        const bonds = yield* inDb(() => bondFigures(db, period))
        const coInvestments = yield* inDb(() => coInvestmentFigures(db, period))
        const pools = yield* inDb(() => findPools(db, { includeReversed: false }))
        const ids = pools.map((p) => p.id)
        const within = yield* inDb(() => poolTotals(db, ids, period))
        const upTo = yield* inDb(() => poolTotals(db, ids, { to: period.to }))
        return {
          period: { from: period.from, to: period.to },
          investmentLoan: {
            count: loans.investmentLoan.count,
            amount: loans.investmentLoan.amount,
            warrantLoans: loans.investmentLoan.warrants,
            warrantAmount: loans.investmentLoan.warrantAmount,
            exercises: warrants.exercise.count,
            exercisePaid: warrants.exercise.amount,
            exits: warrants.exit.count,
            exitProceeds: warrants.exit.amount
          },
          indexLoan: { count: loans.indexLoan.count, amount: loans.indexLoan.amount, scores },
          investmentInsurance: {
            count: policies.investmentInsurance.count,
            sumInsured: policies.investmentInsurance.sumInsured,
            premium: policies.investmentInsurance.premium
          },
          transferInsurance: {
            policies: policies.transferInsurance.count,
            sumInsured: policies.transferInsurance.sumInsured,
            premium: policies.transferInsurance.premium,
            premiumSubsidy: policies.transferInsurance.premiumSubsidy,
            claims: claims.transfer.count,
            loss: claims.transfer.loss,
            insurerPaid: claims.transfer.insurerPaid,
            reliefPaid: claims.transfer.payout
          },
          coInvestment: coInvestments,
          riskCompensation: {
            claims: claims.compensation.count,
            loss: claims.compensation.loss,
            paid: claims.compensation.payout
          },
          interestSubsidy: subsidies,
          bonds,
          pools: pools.map((p) => {
            const inPeriod = within.get(p.id) ?? { deposited: 0n, paidOut: 0n }
            const closing = upTo.get(p.id) ?? { deposited: 0n, paidOut: 0n }
            const closingFen = closing.deposited - closing.paidOut
            return {
              code: p.code,
              name: p.name,
              kind: p.kind,
              openingBalance: fromFen(closingFen - inPeriod.deposited + inPeriod.paidOut),
              deposits: fromFen(inPeriod.deposited),
              payouts: fromFen(inPeriod.paidOut),
              closingBalance: fromFen(closingFen)
            }
          })
        } satisfies LinkageSummary
      })

      const eventOrder: Record<LinkageEvent["kind"], number> = {
        scored: 0,
        "co-investment": 1,
        "loan-granted": 2,
        "policy-started": 3,
        "bond-issued": 4,
        "warrant-exercised": 5,
        "warrant-exited": 6,
        "interest-subsidy": 7,
        "claim-paid": 8
      }

      const eventsOf = Effect.fn("Linkage.eventsOf")(function* (uscc: string, query: EventsQuery = {}) {
        const db = database.db
        // A text that is no credit code names no enterprise (and never reaches the store).
        const found = isValidUscc(uscc) ? yield* inDb(() => findEnterprise(db, { uscc })) : undefined
        if (found === undefined) return yield* new NotFoundError({ entity: "enterprise", id: uscc })
        const filter = { enterpriseId: found.id, includeReversed: query.includeReversed ?? false }
        const events: Array<LinkageEvent> = []
        const push = (
          e: Omit<LinkageEvent, "reversed" | "record"> & { kind: LinkageEvent["kind"] },
          kind: RecordKind,
          record: { id: number; reversedBy: number | null }
        ) => events.push({ ...e, record: { kind, id: record.id }, reversed: record.reversedBy !== null })

        for (const s of yield* inDb(() => findScores(db, filter)))
          push(
            {
              on: s.scoredOn,
              pilot: "index-loan",
              kind: "scored",
              amount: s.limit,
              counterparty: null,
              ...told(
                say("journey-scored", {
                  model: s.modelVersion,
                  total: s.total.toString(),
                  tier: s.tier ?? ""
                })
              )
            },
            "score",
            s
          )
        const loans = yield* inDb(() => findLoans(db, filter))
        for (const l of loans)
          push(
            {
              on: l.disbursedOn,
              pilot: l.pilot,
              kind: "loan-granted",
              amount: l.amount,
              counterparty: l.bank.name,
              ...told(
                say("journey-loan-granted", {
                  pilot: l.pilot,
                  warrant: l.warrant === null ? "" : "warrant",
                  rate: pct(l.ratePercent),
                  maturesOn: l.maturesOn
                })
              )
            },
            "loan",
            l
          )
        const warrantLoans = loans.filter((l) => l.warrant !== null)
        if (warrantLoans.length > 0) {
          const holders = new Map(warrantLoans.map((l) => [l.id, l.warrant?.holder ?? null]))
          for (const w of yield* inDb(() =>
            findWarrantEvents(db, { loanIds: [...holders.keys()], includeReversed: filter.includeReversed })
          ))
            push(
              {
                on: w.on,
                pilot: "investment-loan",
                kind: w.kind === "exercise" ? "warrant-exercised" : "warrant-exited",
                amount: w.amount,
                counterparty: holders.get(w.loan) ?? null,
                ...told(
                  w.kind === "exercise"
                    ? say("journey-warrant-exercised", { equity: pct(w.equityPercent) })
                    : say("journey-warrant-exited", { equity: pct(w.equityPercent) })
                )
              },
              "warrant-event",
              w
            )
        }
        for (const p of yield* inDb(() => findPolicies(db, filter)))
          push(
            {
              on: p.startsOn,
              pilot: p.pilot,
              kind: "policy-started",
              amount: p.sumInsured,
              counterparty: p.insurer.name,
              ...told(
                say("journey-policy-started", { pilot: p.pilot, startsOn: p.startsOn, endsOn: p.endsOn })
              )
            },
            "policy",
            p
          )
        for (const c of yield* inDb(() => findClaims(db, filter)))
          push(
            {
              on: c.on,
              pilot: c.kind,
              kind: "claim-paid",
              amount: c.loss,
              counterparty: c.pool,
              ...told(
                c.kind === "transfer-insurance"
                  ? say("journey-claim-insurance", {
                      insurerPaid: toWire(c.insurerPaid),
                      payout: toWire(c.payout)
                    })
                  : say("journey-claim-compensation", {
                      registrationNo: c.registrationNo ?? "",
                      payout: toWire(c.payout)
                    })
              )
            },
            "claim",
            c
          )
        for (const c of yield* inDb(() => findCoInvestments(db, filter)))
          push(
            {
              on: c.on,
              pilot: "co-investment",
              kind: "co-investment",
              amount: c.amount,
              counterparty: c.investor,
              ...told(
                say("journey-co-investment", {
                  fund: c.lead.fund,
                  leadOn: c.lead.on,
                  follower: c.followerKind
                })
              )
            },
            "co-investment",
            c
          )
        for (const s of yield* inDb(() => findSubsidies(db, filter)))
          push(
            {
              on: s.on,
              pilot: "interest-subsidy",
              kind: "interest-subsidy",
              amount: s.amount,
              counterparty: s.payer,
              ...told(
                s.loan === null
                  ? say("journey-subsidy-registration", { registrationNo: s.registrationNo ?? "" })
                  : say("journey-subsidy-loan", { loan: String(s.loan) })
              )
            },
            "subsidy",
            s
          )
        for (const b of yield* inDb(() => findBonds(db, filter)))
          push(
            {
              on: b.issuedOn,
              pilot: "bonds",
              kind: "bond-issued",
              amount: b.amount,
              counterparty: b.proceedsFund,
              ...told(
                say("journey-bond-issued", { months: String(b.tenorMonths), coupon: pct(b.couponPercent) })
              )
            },
            "bond",
            b
          )
        return events.sort(
          (a, b) =>
            a.on.localeCompare(b.on) || eventOrder[a.kind] - eventOrder[b.kind] || a.record.id - b.record.id
        )
      })

      return LinkageShared.of({
        reverse,
        reversals: makeListRead<LinkageReversal, object>({
          name: "reversals",
          inDb,
          issues: () => [],
          find: (_q, page) => findReversals(database.db, page),
          count: () => countReversals(database.db)
        }),
        recent,
        summary,
        eventsOf
      })
    })
  )
}
