import type { Decimal } from "decimal.js"
import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
import { ConflictError, NotFoundError } from "../../errors.js"
import { toFen, toWire, Yuan } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import type { DB } from "../../store/schema.js"
import { said, sayAt } from "../../text/messages.js"
import {
  type ChildListRead,
  type ClaimListQuery,
  isPoolCode,
  type ListRead,
  linkageListIssues,
  listFilter,
  listReads,
  makeListRead,
  oneOfIssue,
  type PoolListQuery,
  shapeIssues,
  withShape
} from "../lists.js"
import { claimedLossFen, compensationProblem, pledgeRegistrationOn } from "../pledge-refs.js"
import { loadClaim, loadDeposit, loadPolicy, loadPool, loadPoolRule } from "../records.js"
import { availableOn, noReliefNote, payout, poolPayoutNote } from "../rules.js"
import {
  type Claim,
  ClaimKind,
  decimalColumn,
  type Pool,
  type PoolDeposit,
  type PoolRule,
  pilotLabels
} from "../schema.js"
import {
  countClaims,
  countDeposits,
  countPools,
  findClaims,
  findDeposits,
  findPoolRules,
  findPools,
  insertClaim,
  insertDeposit,
  insertPool,
  insertPoolRule,
  poolMovements
} from "../store.js"
import { invalid, invalidAs, linkageWrites, sumOf, type Write, who } from "../write.js"
import {
  claimListShape,
  recordCompensationClaim,
  recordDeposit,
  recordPool,
  recordPoolRule,
  recordTransferClaim
} from "./operations.js"

/**
 * Pools (二次救济, 风险补偿) and the claims they pay: payout = min(⌊ratio × base⌋ to the fen, cap, what the
 * pool can pay) with the rule (ratio, cap) effective on the claim date; base = loss − insurer paid (二次救济)
 * or the loss (风险补偿). A pool never pays beyond its remaining balance; an empty pool pays 0 and the claim
 * says why. The insurer's payments on a policy stay within its sum insured.
 */
export class PoolsAndClaims extends Context.Service<
  PoolsAndClaims,
  {
    /** A relief (二次救济) or risk-compensation (风险补偿) pool with its first rule. */
    recordPool: Write<Pool>
    /** A new version of a pool's rule (ratio, cap) from a date on. */
    recordPoolRule: Write<PoolRule>
    /** Money paid into a pool. */
    recordDeposit: Write<PoolDeposit>
    /** A transfer-insurance claim: the insurer pays first, the relief pool pays the second layer. */
    recordTransferClaim: Write<Claim>
    /** A risk-compensation claim for a defaulted pledge loan (by registration number). */
    recordCompensationClaim: Write<Claim>
    /** A code that is not a pool code (a lowercase slug) names no pool: NotFoundError. */
    pool(code: string): Effect.Effect<Pool, NotFoundError | StoreError>
    /** Live pools unless `includeReversed`, by code. */
    pools: ListRead<Pool, PoolListQuery>
    /** The pool's deposits by date, then id (NotFoundError for a code no pool has). */
    deposits: ChildListRead<string, PoolDeposit, NotFoundError>
    claim(id: number): Effect.Effect<Claim, NotFoundError | StoreError>
    /** By claim date, then id; `pool` must be a pool code (a lowercase slug). */
    claims: ListRead<Claim, ClaimListQuery>
  }
>()("@kejin/core/linkage/PoolsAndClaims") {
  static readonly layer = Layer.effect(
    PoolsAndClaims,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, institution } = yield* linkageWrites
      const db = database.db
      const reads = listReads(db, inDb)

      /** A pool named as the subject of a write (a rule, a deposit, a compensation claim). */
      const livePool = Effect.fnUntraced(function* (trx: Kysely<DB>, code: string, path: string) {
        const [found] = yield* inDb(() => findPools(trx, { code }))
        if (found === undefined) return yield* new NotFoundError({ entity: "pool", id: code })
        if (found.reversedBy !== null)
          return yield* invalid(path, "linkage-reversed", { kind: "pool", id: code })
        return found
      })

      /** The rule in effect on `on`: the live one with the latest effective date on or before it. */
      const ruleOn = Effect.fnUntraced(function* (trx: Kysely<DB>, pool: Pool, on: string) {
        const rules = yield* inDb(() => findPoolRules(trx, { poolIds: [pool.id], includeReversed: false }))
        const rule = rules.filter((r) => r.effectiveFrom <= on).at(-1)
        if (rule === undefined) return yield* invalid("on", "linkage-pool-no-rule", { pool: pool.code, on })
        return rule
      })

      const newPool = command(
        recordPool,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const [existing] = yield* inDb(() => findPools(trx, { code: p.code }))
            if (existing !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "code",
                ...said("linkage-pool-exists", { code: p.code })
              })
            const id = yield* inDb(() =>
              insertPool(
                trx,
                { code: p.code, name: p.name, kind: p.kind, openedOn: p.openedOn, backer: p.backer ?? null },
                slot.seq
              )
            )
            yield* inDb(() =>
              insertPoolRule(
                trx,
                {
                  poolId: id,
                  effectiveFrom: p.openedOn,
                  ratio: decimalColumn(p.ratio),
                  capFen: p.cap === undefined ? null : toFen(p.cap)
                },
                slot.seq
              )
            )
            return id
          }),
        loadPool
      )

      const poolRule = command(
        recordPoolRule,
        (trx, r, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, r.pool, "pool")
            if (r.effectiveFrom < pool.openedOn)
              return yield* invalid("effectiveFrom", "linkage-before-pool-opened", { date: pool.openedOn })
            const same = pool.rules.find((rule) => rule.effectiveFrom === r.effectiveFrom)
            if (same !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "effectiveFrom",
                ...said("linkage-pool-rule-exists", {
                  pool: pool.code,
                  date: r.effectiveFrom,
                  rule: String(same.id)
                })
              })
            return yield* inDb(() =>
              insertPoolRule(
                trx,
                {
                  poolId: pool.id,
                  effectiveFrom: r.effectiveFrom,
                  ratio: decimalColumn(r.ratio),
                  capFen: r.cap === undefined ? null : toFen(r.cap)
                },
                slot.seq
              )
            )
          }),
        loadPoolRule
      )

      const deposit = command(
        recordDeposit,
        (trx, d, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, d.pool, "pool")
            if (d.on < pool.openedOn)
              return yield* invalid("on", "linkage-before-pool-opened", { date: pool.openedOn })
            return yield* inDb(() =>
              insertDeposit(
                trx,
                { poolId: pool.id, on: d.on, amountFen: toFen(d.amount), source: d.source ?? null },
                slot.seq
              )
            )
          }),
        loadDeposit
      )

      /** The pool's payout on a claim dated `on`, by the rule in effect then and what the pool can pay. */
      const poolPayout = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        pool: Pool,
        on: string,
        base: Decimal,
        baseLabel: string
      ) {
        if (on < pool.openedOn)
          return yield* invalid("on", "linkage-before-named-pool-opened", {
            pool: pool.code,
            date: pool.openedOn
          })
        const rule = yield* ruleOn(trx, pool, on)
        const movements = yield* inDb(() => poolMovements(trx, pool.id))
        const result = payout({ base, rule, available: availableOn(movements, on), baseLabel })
        return {
          rule,
          ...result,
          note: poolPayoutNote(pool.code, rule.effectiveFrom, result.noteSaid).message
        }
      })

      /**
       * A risk-compensation claim names a live registration (not cancelled, not released by the claim
       * date) with a live loan in default on the claim date, and its loss, with the live claims already on
       * that registration, stays within the defaulted loans' outstanding balance then
       * ({@link compensationProblem}, which pledge-side reversals ask too); a pledgor named is its pledgor.
       */
      const compensable = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        c: { readonly registrationNo: string; readonly on: string; readonly loss: Decimal },
        pledgor: { readonly uscc: string; readonly name: string } | undefined
      ) {
        const no = c.registrationNo
        const registration = yield* inDb(() => pledgeRegistrationOn(trx, no, c.on))
        if (registration !== undefined && pledgor !== undefined && pledgor.uscc !== registration.pledgorUscc)
          return yield* invalid("enterprise", "linkage-not-pledgor", {
            enterprise: who(pledgor),
            registrationNo: no,
            pledgor: registration.pledgorUscc
          })
        const claimed = yield* inDb(() => claimedLossFen(trx, no))
        const problem = compensationProblem(no, c.on, registration, toFen(c.loss), claimed)
        if (problem !== undefined) return yield* invalidAs(problem)
      })

      const transferClaim = command(
        recordTransferClaim,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const policy = yield* inDb(() => loadPolicy(trx, c.policy))
            if (policy === undefined)
              return yield* new NotFoundError({ entity: "policy", id: String(c.policy) })
            if (policy.reversedBy !== null)
              return yield* invalid("policy", "linkage-reversed", { kind: "policy", id: String(policy.id) })
            if (policy.pilot !== "transfer-insurance")
              return yield* invalid("policy", "linkage-policy-not-transfer", {
                policy: String(policy.id),
                pilot: pilotLabels[policy.pilot],
                expected: pilotLabels["transfer-insurance"]
              })
            if (c.on < policy.startsOn)
              return yield* invalid("on", "linkage-before-policy-start", { date: policy.startsOn })
            const earlier = yield* inDb(() =>
              findClaims(trx, { policyId: policy.id, includeReversed: false })
            )
            const insurerTotal = sumOf(earlier.map((e) => e.insurerPaid)).plus(c.insurerPaid)
            if (insurerTotal.gt(policy.sumInsured))
              return yield* invalid("insurerPaid", "linkage-insurer-above-sum-insured", {
                policy: String(policy.id),
                total: toWire(insurerTotal),
                sumInsured: toWire(policy.sumInsured)
              })
            const uncovered = c.loss.minus(c.insurerPaid)
            let relief = {
              poolId: null as number | null,
              ruleId: null as number | null,
              amount: new Yuan(0) as Decimal,
              limitedBy: null as string | null,
              note: noReliefNote().message
            }
            if (c.reliefPool !== undefined) {
              const [pool] = yield* inDb(() => findPools(trx, { code: c.reliefPool! }))
              if (pool === undefined)
                return yield* invalid("reliefPool", "linkage-not-found", { kind: "pool", id: c.reliefPool })
              if (pool.reversedBy !== null)
                return yield* invalid("reliefPool", "linkage-reversed", { kind: "pool", id: pool.code })
              if (pool.kind !== "relief")
                return yield* invalid("reliefPool", "linkage-pool-kind", {
                  pool: pool.code,
                  kind: pool.kind,
                  expected: "relief"
                })
              const paid = yield* poolPayout(trx, pool, c.on, uncovered, "uncovered loss")
              relief = {
                poolId: pool.id,
                ruleId: paid.rule.id,
                amount: paid.amount,
                limitedBy: paid.limitedBy,
                note: paid.note
              }
            }
            return yield* inDb(() =>
              insertClaim(
                trx,
                {
                  kind: "transfer-insurance",
                  on_date: c.on,
                  loss_fen: toFen(c.loss),
                  policy_id: policy.id,
                  insurer_paid_fen: toFen(c.insurerPaid),
                  pool_id: relief.poolId,
                  rule_id: relief.ruleId,
                  payout_fen: toFen(relief.amount),
                  limited_by: relief.limitedBy,
                  note: relief.note,
                  enterprise_id: policy.enterprise?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadClaim
      )

      const compensationClaim = command(
        recordCompensationClaim,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, c.pool, "pool")
            if (pool.kind !== "risk-compensation")
              return yield* invalid("pool", "linkage-pool-kind", {
                pool: pool.code,
                kind: pool.kind,
                expected: "risk-compensation"
              })
            const bank = c.bank === undefined ? undefined : yield* institution(trx, c.bank, "bank", "bank")
            const pledgor =
              c.enterprise === undefined ? undefined : yield* enterprise(trx, c.enterprise, "enterprise")
            const paid = yield* poolPayout(trx, pool, c.on, c.loss, "loss")
            yield* compensable(trx, c, pledgor)
            return yield* inDb(() =>
              insertClaim(
                trx,
                {
                  kind: "risk-compensation",
                  on_date: c.on,
                  loss_fen: toFen(c.loss),
                  insurer_paid_fen: 0n,
                  pool_id: pool.id,
                  rule_id: paid.rule.id,
                  payout_fen: toFen(paid.amount),
                  limited_by: paid.limitedBy,
                  note: paid.note,
                  registration_no: c.registrationNo,
                  enterprise_id: pledgor?.id ?? null,
                  bank_id: bank?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadClaim
      )

      const pool = (code: string) =>
        (isPoolCode(code) ? inDb(() => findPools(db, { code })) : Effect.succeed([])).pipe(
          Effect.flatMap(([found]) =>
            found === undefined
              ? Effect.fail(new NotFoundError({ entity: "pool", id: code }))
              : Effect.succeed(found)
          ),
          Effect.withSpan("Linkage.pool")
        )

      const withoutPoolId = (rows: ReadonlyArray<PoolDeposit & { poolId: number }>) =>
        rows.map(({ poolId: _, ...d }) => d)

      /** The claims' store filter: a pool code no pool has matches no claim. */
      const claimFilter = async (q: ClaimListQuery) => {
        const poolId =
          q.pool === undefined ? undefined : ((await findPools(db, { code: q.pool }))[0]?.id ?? -1)
        return { ...listFilter(q), kind: q.kind, poolId }
      }

      return PoolsAndClaims.of({
        recordPool: newPool,
        recordPoolRule: poolRule,
        recordDeposit: deposit,
        recordTransferClaim: transferClaim,
        recordCompensationClaim: compensationClaim,
        pool,
        pools: makeListRead<Pool, PoolListQuery>({
          name: "pools",
          inDb,
          issues: () => [],
          find: (q, page) => findPools(db, { includeReversed: q.includeReversed ?? false }, page),
          count: (q) => countPools(db, { includeReversed: q.includeReversed ?? false })
        }),
        deposits: reads.children(
          "deposits",
          pool,
          async (p, page) => withoutPoolId(await findDeposits(db, { poolIds: [p.id] }, page)),
          (p) => countDeposits(db, { poolIds: [p.id] })
        ),
        claim: reads.one("claim", "claim", loadClaim),
        claims: makeListRead<Claim, ClaimListQuery>({
          name: "claims",
          inDb,
          issues: (q) => [
            ...linkageListIssues(q),
            ...oneOfIssue("kind", q.kind, ClaimKind.literals),
            ...(q.pool === undefined || isPoolCode(q.pool) ? [] : [sayAt("pool", "linkage-pool-code")]),
            ...shapeIssues(claimListShape, q)
          ],
          find: async (q, window) => {
            const { filter, page } = withShape(claimListShape, q, await claimFilter(q), window)
            return findClaims(db, filter, page)
          },
          count: async (q) => countClaims(db, withShape(claimListShape, q, await claimFilter(q)).filter)
        })
      })
    })
  )
}
