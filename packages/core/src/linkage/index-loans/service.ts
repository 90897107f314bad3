import { Context, Effect, Layer } from "effect"
import { ConflictError, type NotFoundError } from "../../errors.js"
import { fromFen, toFen, toWire, Yuan } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import { controlCharacterProblem } from "../../text/index.js"
import { said } from "../../text/messages.js"
import {
  type LinkageListQuery,
  type ListRead,
  listFilter,
  listReads,
  makeListRead,
  type TierTableListQuery
} from "../lists.js"
import { indexLoansOnScoreFen } from "../pledge-refs.js"
import { loadLoan, loadScore, loadTierTable } from "../records.js"
import { tierFor } from "../rules.js"
import { decimalColumn, type LinkageLoan, type ScoreSnapshot, type TierTable } from "../schema.js"
import {
  countScores,
  countTierTables,
  findScores,
  findTierTables,
  insertLoan,
  insertScore,
  insertTierTable
} from "../store.js"
import { invalid, linkageWrites, mismatch, type Write, who } from "../write.js"
import { recordIndexLoan, recordScore, recordTierTable, scoreListShape } from "./operations.js"

/**
 * 科创指数贷: a score's tier comes from the live tier table of its model version (never input); the loan
 * takes the snapshot named, or the enterprise's latest live one scored on or before disbursement, copies
 * it onto the loan (later snapshots never change it) and, with the live loans on that snapshot, may not
 * exceed the tier's credit limit.
 */
export class IndexLoans extends Context.Service<
  IndexLoans,
  {
    /** 科创指数贷 tier table of one model version: score ranges → tier → credit limit. */
    recordTierTable: Write<TierTable>
    /** An enterprise's index score snapshot; the tier follows from the model's tier table. */
    recordScore: Write<ScoreSnapshot>
    /** 科创指数贷: a loan granted on a score snapshot (frozen onto the loan), within the tier's limit. */
    recordIndexLoan: Write<LinkageLoan>
    /** By id; `modelVersion` with a control character is a ValidationError. */
    tierTables: ListRead<TierTable, TierTableListQuery>
    /** By score date, then id. */
    scores: ListRead<ScoreSnapshot, LinkageListQuery>
    /** One score snapshot by its id, reversed or not. */
    score(id: number): Effect.Effect<ScoreSnapshot, NotFoundError | StoreError>
    /** One tier table by its id, reversed or not. */
    tierTable(id: number): Effect.Effect<TierTable, NotFoundError | StoreError>
  }
>()("@kejin/core/linkage/IndexLoans") {
  static readonly layer = Layer.effect(
    IndexLoans,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, institution } = yield* linkageWrites
      const db = database.db
      const reads = listReads(db, inDb)

      const tierTable = command(
        recordTierTable,
        (trx, t, slot) =>
          Effect.gen(function* () {
            const [existing] = yield* inDb(() =>
              findTierTables(trx, { modelVersion: t.modelVersion, includeReversed: false })
            )
            if (existing !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "modelVersion",
                ...said("linkage-tier-table-exists", { model: t.modelVersion, table: String(existing.id) })
              })
            return yield* inDb(() =>
              insertTierTable(
                trx,
                {
                  modelVersion: t.modelVersion,
                  maxScore: t.maxScore === undefined ? null : decimalColumn(t.maxScore),
                  tiers: t.tiers.map((tier) => ({
                    tier: tier.tier,
                    minScore: decimalColumn(tier.minScore),
                    limitFen: toFen(tier.limit)
                  }))
                },
                slot.seq
              )
            )
          }),
        loadTierTable
      )

      const score = command(
        recordScore,
        (trx, s, slot) =>
          Effect.gen(function* () {
            const scored = yield* enterprise(trx, s.enterprise, "enterprise")
            const [table] = yield* inDb(() =>
              findTierTables(trx, { modelVersion: s.modelVersion, includeReversed: false })
            )
            if (table === undefined)
              return yield* invalid("modelVersion", "linkage-model-no-tier-table", { model: s.modelVersion })
            const total = new Yuan(s.total)
            if (table.maxScore !== null && total.gt(table.maxScore))
              return yield* invalid("total", "linkage-score-above-max", { max: table.maxScore.toString() })
            const tier = tierFor(table.tiers, total)
            const given = s.dimensions ?? {}
            const dimensions = Object.fromEntries(
              Object.keys(given)
                .sort()
                .map((k) => [k, decimalColumn(given[k] ?? "0")])
            )
            return yield* inDb(() =>
              insertScore(
                trx,
                {
                  enterpriseId: scored.id,
                  modelVersion: s.modelVersion,
                  tableId: table.id,
                  scoredOn: s.scoredOn,
                  total: total.toString(),
                  dimensions: JSON.stringify(dimensions),
                  tier: tier?.tier ?? null,
                  limitFen: tier === undefined ? null : toFen(tier.limit)
                },
                slot.seq
              )
            )
          }),
        loadScore
      )

      const indexLoan = command(
        recordIndexLoan,
        (trx, l, slot) =>
          Effect.gen(function* () {
            const bank = yield* institution(trx, l.bank, "bank", "bank")
            const borrower = yield* enterprise(trx, l.enterprise, "enterprise")
            let snapshot: ScoreSnapshot | undefined
            if (l.score !== undefined) {
              snapshot = yield* inDb(() => loadScore(trx, l.score!))
              if (snapshot === undefined)
                return yield* invalid("score", "linkage-not-found", {
                  kind: "score-snapshot",
                  id: String(l.score)
                })
              if (snapshot.reversedBy !== null)
                return yield* invalid("score", "linkage-reversed", {
                  kind: "score-snapshot",
                  id: String(snapshot.id)
                })
              if (snapshot.enterprise.id !== borrower.id)
                return yield* mismatch("score", "score-snapshot", snapshot.id, snapshot.enterprise, borrower)
              if (snapshot.scoredOn > l.disbursedOn)
                return yield* invalid("score", "linkage-scored-after-disbursement", {
                  scoredOn: snapshot.scoredOn,
                  disbursedOn: l.disbursedOn
                })
            } else {
              const scores = yield* inDb(() =>
                findScores(trx, { enterpriseId: borrower.id, to: l.disbursedOn, includeReversed: false })
              )
              snapshot = scores.at(-1)
              if (snapshot === undefined)
                return yield* invalid("score", "linkage-no-score", {
                  enterprise: who(borrower),
                  on: l.disbursedOn
                })
            }
            const { tier, limit } = snapshot
            if (tier === null || limit === null)
              return yield* invalid("score", "linkage-score-below-tiers", {
                total: snapshot.total.toString(),
                model: snapshot.modelVersion,
                scoredOn: snapshot.scoredOn
              })
            if (l.amount.gt(limit))
              return yield* invalid("amount", "linkage-above-credit-limit", {
                limit: toWire(limit),
                tier,
                model: snapshot.modelVersion,
                score: snapshot.total.toString(),
                scoredOn: snapshot.scoredOn
              })
            // The limit is the enterprise's on that score: its live loans on it count too.
            const lent = yield* inDb(() => indexLoansOnScoreFen(trx, snapshot.id))
            if (toFen(l.amount) + lent > toFen(limit))
              return yield* invalid("amount", "linkage-above-credit-limit-total", {
                snapshot: String(snapshot.id),
                total: toWire(fromFen(toFen(l.amount) + lent)),
                limit: toWire(limit),
                tier,
                lent: toWire(fromFen(lent))
              })
            const frozen = snapshot
            return yield* inDb(() =>
              insertLoan(
                trx,
                {
                  pilot: "index-loan",
                  bank_id: bank.id,
                  enterprise_id: borrower.id,
                  amount_fen: toFen(l.amount),
                  rate_percent: decimalColumn(l.ratePercent),
                  disbursed_on: l.disbursedOn,
                  matures_on: l.maturesOn,
                  score_id: frozen.id,
                  score_model_version: frozen.modelVersion,
                  score_scored_on: frozen.scoredOn,
                  score_total: frozen.total.toString(),
                  score_dimensions: JSON.stringify(
                    Object.fromEntries(Object.entries(frozen.dimensions).map(([k, v]) => [k, v.toString()]))
                  ),
                  score_tier: tier,
                  score_limit_fen: toFen(limit)
                },
                slot.seq
              )
            )
          }),
        loadLoan
      )

      const tierTableFilter = (q: TierTableListQuery) => ({
        ...(q.modelVersion === undefined ? {} : { modelVersion: q.modelVersion }),
        includeReversed: q.includeReversed ?? true
      })

      return IndexLoans.of({
        recordTierTable: tierTable,
        recordScore: score,
        recordIndexLoan: indexLoan,
        tierTables: makeListRead<TierTable, TierTableListQuery>({
          name: "tierTables",
          inDb,
          issues: (q) => {
            const version: unknown = q.modelVersion
            if (version === undefined) return []
            const problem = typeof version === "string" ? controlCharacterProblem(version) : "must be text"
            return problem === undefined ? [] : [{ path: "modelVersion", message: problem }]
          },
          find: (q, page) => findTierTables(db, tierTableFilter(q), page),
          count: (q) => countTierTables(db, tierTableFilter(q))
        }),
        scores: reads.listed("scores", listFilter, findScores, countScores, undefined, scoreListShape),
        score: reads.one("score", "score", loadScore),
        tierTable: reads.one("tierTable", "tier table", loadTierTable)
      })
    })
  )
}
