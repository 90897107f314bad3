import { createHash } from "node:crypto"
import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import type { Actor } from "../auth/actor.js"
import {
  ConflictError,
  type FieldIssue,
  invalid,
  invalidBecause,
  NotFoundError,
  ValidationError
} from "../errors.js"
import { canonicalJson } from "../journal/canonical.js"
import { type CommandError, type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { pledgeRefBreaks } from "../linkage/pledge-refs.js"
import { formatYuan, fromFen, toFen, Yuan } from "../money/index.js"
import type { OperationSpec } from "../operations/operation.js"
import { aroundLoans } from "../pledges/aggregates.js"
import {
  closedReason,
  deriveState,
  findEvents,
  findLoanEventRow,
  findLoans,
  insertLoan,
  insertLoanEvent,
  insertLoans,
  type LoanRow,
  yuanText
} from "../pledges/ledger.js"
import type { BulkResult } from "../pledges/pledges.js"
import { drawnUnder, overSecured, registrationBreaks } from "../pledges/rules.js"
import { type Pledge, type PledgeEvent, type PledgeLoan, PledgeLoanInput } from "../pledges/schema.js"
import { findPledge, listPledgesAfter } from "../pledges/store.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { said, sayAt } from "../text/messages.js"
import { todayInShanghai } from "../time/index.js"
import {
  defaultLoan,
  disposeLoan,
  drawLoan,
  drawLoans,
  repayLoan,
  reverseLoan,
  reverseLoanDisposal,
  reverseLoanEvent
} from "./operations.js"
import { findDisposalRow, insertDisposal } from "./store.js"

type LoanInput = typeof PledgeLoanInput.Type

/**
 * The rules of drawing loan `l` under `pledge` (with its events and the loans already under it), as
 * `draw` and `drawMany` both check them (a date after today is refused as the input is decoded): the
 * registration live and open, not
 * before its registration date, a guarantor's registration naming its bank, and the loans within the
 * secured amount. The row to write, or the first rule broken (its field named through `at`).
 */
const drawChecked = (
  l: LoanInput,
  pledge: Pledge,
  events: ReadonlyArray<PledgeEvent>,
  loans: ReadonlyArray<Pick<PledgeLoan, "amount" | "reversed">>,
  journalSeq: number,
  at: (field: string) => string
): { readonly row: LoanRow } | { readonly issue: FieldIssue } => {
  const state = deriveState(pledge, events)
  const closed = closedReason(pledge, state)
  if (closed !== undefined) return { issue: sayAt(at("pledgeId"), "registration-closed-loans", closed) }
  if (l.disbursedOn < pledge.registeredOn)
    return {
      issue: sayAt(at("disbursedOn"), "loan-before-registration", {
        registeredOn: pledge.registeredOn,
        registrationNo: pledge.registrationNo
      })
    }
  if (l.bank === undefined && pledge.pledgee.kind === "guarantor")
    return { issue: sayAt(at("bank"), "loan-bank-required", { pledgee: pledge.pledgee.name }) }
  const after = overSecured(state.securedAmount, [...loans, { amount: l.amount, reversed: false }])
  if (after !== undefined) {
    const drawn = drawnUnder(loans)
    const available = state.securedAmount.minus(drawn)
    return {
      issue: sayAt(at("amount"), "loans-above-secured-amount", {
        registrationNo: pledge.registrationNo,
        total: formatYuan(after),
        secured: formatYuan(state.securedAmount),
        drawn: formatYuan(drawn),
        available: formatYuan(available.greaterThan(0) ? available : new Yuan(0))
      })
    }
  }
  return {
    row: {
      pledgeId: pledge.id,
      bank: l.bank ?? pledge.pledgee.name,
      amountFen: toFen(l.amount),
      rate: l.rate,
      disbursedOn: l.disbursedOn,
      maturesOn: l.maturesOn,
      // The registration's grouping columns, copied so the figures group loans without a join.
      district: pledge.pledgor.district,
      size: pledge.pledgor.size ?? null,
      pledgeAmountFen: toFen(pledge.amount),
      journalSeq
    }
  }
}

/** A batch's journal payload: how many rows and the sha256 over their wire form (not the rows again). */
const batchPayload = (inputs: ReadonlyArray<LoanInput>) => {
  const encode = Schema.encodeSync(PledgeLoanInput)
  const hash = createHash("sha256")
  for (const input of inputs) hash.update(canonicalJson(encode(input))).update("\n")
  return { count: inputs.length, sha256: hash.digest("hex") }
}

/** The loans journal entry `seq` drew, in order (a repeated idempotency key answers with them). */
const loanIdsOf = async (db: Kysely<DB>, seq: number) =>
  (
    await db.selectFrom("pledge_loans").select("id").where("journal_id", "=", seq).orderBy("id").execute()
  ).map((r) => toInt(r.id))

/**
 * Loans drawn under a pledge registration (质押贷款): `draw`, then `repay` (principal, dated) and `default`
 * (违约, dated) as events. Corrections are reversals: `reverse` takes a loan and its events out of every
 * figure, `reverseEvent` one repayment or default. Invariants (a ValidationError naming the field unless
 * said otherwise):
 *
 * - a loan is drawn only under a live registration that was neither released nor cancelled (`pledgeId`),
 *   disbursed on or after the registration date (`disbursedOn`) and maturing after it is disbursed
 *   (`maturesOn`, checked by `PledgeLoanInput`);
 * - the live loans under a registration never exceed its secured amount (after changes) (`amount`);
 * - `bank` defaults to the pledgee; when the pledgee is a guarantor the lending bank must be named (`bank`);
 * - a repayment is dated on or after the disbursement (`on`) and at most the outstanding balance (`amount`);
 * - a loan defaults once (ConflictError, `loanId`), only with a balance outstanding (`loanId`), on or after
 *   its disbursement (`on`);
 * - nothing is recorded against a reversed loan or a loan of a reversed registration (`loanId`); a reversal
 *   is final and happens once (ConflictError);
 * - 处置 (`dispose`): only a loan in live default, once while live (ConflictError, `loanId`), not before its
 *   default (`on`), recovering at most the balance outstanding (`recovered`); the rest is written off. A
 *   disposed loan takes no repayment, default or event reversal (`loanId`) until its disposal is reversed;
 * - a repayment or disposal dated before a live risk-compensation claim on the registration must leave the
 *   balance its loss stood on (`on`): the claims' rule, checked on the state after, as for reversals;
 * - the state after an event or disposal reversal keeps the registration's rules (`eventId`/`disposalId`,
 *   naming the event and the rule): loans within the secured amount, and a released or cancelled
 *   registration with every loan settled by its date (pledges/rules.ts, shared with draw and release);
 * - the state after a loan reversal (`loanId`) or a default's reversal (`eventId`) keeps the rules of the
 *   live linkage records naming the registration (linkage/pledge-refs.ts, shared with those writes): each
 *   risk-compensation claim still has a loan in default on its date whose balance covers its loss, each
 *   interest subsidy by registration number a loan disbursed by its date. A repayment's or disposal's
 *   reversal only raises the balance outstanding, so it cannot break them.
 *
 * Checks run after the journal slot is reserved: on PostgreSQL its row lock orders writers, so two
 * concurrent draws cannot both see the same headroom.
 */
export class PledgeLoans extends Context.Service<
  PledgeLoans,
  {
    /** A loan under a registration (`PledgeLoanInput`). */
    draw(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** Loans in bulk (`PledgeLoanInput[]`): all or none, one journal entry. */
    drawMany(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<BulkResult, CommandError<never>>
    /** A repayment of principal (`PledgeRepaymentInput`). */
    repay(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** The loan went into default (`PledgeDefaultInput`). */
    default(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** The loan was recorded in error (`{ loanId, reason }`): it and its events leave every figure. */
    reverse(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** A repayment or default recorded in error (`{ eventId, reason }`). */
    reverseEvent(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** 处置 of a defaulted loan (`PledgeLoanDisposalInput`). */
    dispose(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    /** A disposal recorded in error (`{ disposalId, reason }`): the loan is back in default. */
    reverseDisposal(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<PledgeLoan, CommandError<NotFoundError>>
    get(loanId: number): Effect.Effect<PledgeLoan, NotFoundError | StoreError>
    /** The loans under a registration, oldest first, reversed ones included (marked). */
    list(pledgeId: number): Effect.Effect<ReadonlyArray<PledgeLoan>, NotFoundError | StoreError>
  }
>()("@kejin/core/PledgeLoans") {
  static readonly layer = Layer.effect(
    PledgeLoans,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)
      /**
       * The claims and subsidies naming `registrationNo` still stand on it in the state `what` leaves (the
       * same check as the reversals'): else a ValidationError at `field`, and the transaction rolls back.
       */
      const keepsClaims = (trx: Kysely<DB>, registrationNo: string, field: string, what: string) =>
        Effect.gen(function* () {
          const breaks = yield* inDb(() => pledgeRefBreaks(trx, registrationNo))
          if (breaks.length > 0) return yield* invalidBecause(field, "write-breaks", { what }, breaks)
        })

      const findLoan = (db: Kysely<DB>, loanId: number) =>
        inDb(() => findLoans(db, { id: loanId })).pipe(
          Effect.flatMap(([loan]) =>
            loan === undefined
              ? Effect.fail(new NotFoundError({ entity: "pledge loan", id: String(loanId) }))
              : Effect.succeed(loan)
          )
        )
      const load = (trx: Kysely<DB>, loanId: number) =>
        findLoan(trx, loanId).pipe(Effect.catchTag("NotFoundError", (e) => Effect.die(e)))

      /** A live loan, or a ValidationError saying why not. */
      const liveLoan = (trx: Kysely<DB>, loanId: number) =>
        Effect.gen(function* () {
          const loan = yield* findLoan(trx, loanId)
          if (loan.reversed) {
            return yield* invalid("loanId", "loan-reversed-or-registration", {
              loan: String(loanId),
              registrationNo: loan.registrationNo
            })
          }
          return loan
        })

      /** A live loan not disposed of: a disposed loan is closed until its disposal is reversed. */
      const openLoan = (trx: Kysely<DB>, loanId: number) =>
        Effect.gen(function* () {
          const loan = yield* liveLoan(trx, loanId)
          if (loan.disposal !== null) {
            return yield* invalid("loanId", "loan-disposed", { loan: String(loanId), on: loan.disposal.on })
          }
          return loan
        })

      /**
       * The rules the registration of a loan breaks in the state a reversal leaves (read in its
       * transaction, after the reversal's row): loans within the secured amount, and a released or
       * cancelled registration with every loan settled by then ({@link registrationBreaks}).
       */
      const breaksAfter = (trx: Kysely<DB>, pledgeId: number) =>
        Effect.gen(function* () {
          const pledge = yield* inDb(() => findPledge(trx, pledgeId))
          if (pledge === undefined) return yield* Effect.die(new Error(`pledge ${pledgeId} vanished`))
          const state = deriveState(pledge, yield* inDb(() => findEvents(trx, { pledgeId })))
          const loans = yield* inDb(() => findLoans(trx, { pledgeId }))
          return registrationBreaks({
            registrationNo: pledge.registrationNo,
            securedAmount: state.securedAmount,
            ended: state.ended,
            loans
          })
        })

      /** The write of an operation: its declaration names the command, the permission and the input. */
      const command =
        <I, A>(
          spec: OperationSpec<string, I, A>,
          write: (
            trx: Kysely<DB>,
            input: I,
            seq: number
          ) => Effect.Effect<number, NotFoundError | ValidationError | ConflictError | StoreError>
        ) =>
        (actor: Actor, raw: unknown, options?: CommandOptions) =>
          runCommand(
            {
              name: spec.name,
              permission: spec.permission,
              input: spec.input,
              write: (trx, decoded, slot) =>
                write(trx, decoded, slot.seq).pipe(Effect.flatMap((loanId) => load(trx, loanId))),
              resultRef: (loan: PledgeLoan) => ({ loanId: loan.id }),
              replay: (trx, ref: { loanId: number }) => load(trx, ref.loanId)
            },
            actor,
            raw,
            options
          )

      const draw = command(drawLoan, (trx, l, seq) =>
        Effect.gen(function* () {
          const pledge = yield* inDb(() => findPledge(trx, l.pledgeId))
          if (pledge === undefined)
            return yield* new NotFoundError({ entity: "pledge", id: String(l.pledgeId) })
          const events = yield* inDb(() => findEvents(trx, { pledgeId: l.pledgeId }))
          const loans = yield* inDb(() => findLoans(trx, { pledgeId: l.pledgeId }))
          const checked = drawChecked(l, pledge, events, loans, seq, (f) => f)
          if ("issue" in checked) return yield* new ValidationError({ issues: [checked.issue] })
          return yield* inDb(() => insertLoan(trx, checked.row))
        })
      )

      /**
       * Loans in bulk (an import's chunk, or a bank's report through the API): every row checked as `draw`
       * checks it, against the registration's loans and the rows before it in the batch, each issue named
       * `[i].field` (at most 100), then all written at once under one journal entry — or none.
       */
      const drawMany = (actor: Actor, raw: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: drawLoans.name,
            permission: drawLoans.permission,
            input: drawLoans.input,
            payload: (inputs: ReadonlyArray<LoanInput>) => batchPayload(inputs),
            write: (trx, inputs, slot) =>
              Effect.gen(function* () {
                const pledges = new Map<number, Pledge>()
                const events = new Map<number, Array<PledgeEvent>>()
                const loans = new Map<number, Array<Pick<PledgeLoan, "amount" | "reversed">>>()
                const ids = [...new Set(inputs.map((l) => l.pledgeId))]
                for (let start = 0; start < ids.length; start += 500) {
                  const part = ids.slice(start, start + 500)
                  for (const p of yield* inDb(() =>
                    listPledgesAfter(trx, { ids: part, includeReversed: true, limit: part.length })
                  ))
                    pledges.set(p.id, p)
                  for (const e of yield* inDb(() => findEvents(trx, { pledgeIds: part })))
                    events.set(e.pledgeId, [...(events.get(e.pledgeId) ?? []), e])
                  for (const l of yield* inDb(() => findLoans(trx, { pledgeIds: part })))
                    loans.set(l.pledgeId, [...(loans.get(l.pledgeId) ?? []), l])
                }
                const rows: Array<LoanRow> = []
                const issues: Array<FieldIssue> = []
                inputs.forEach((l, i) => {
                  if (issues.length >= 100) return
                  const at = (field: string) => `${i}.${field}`
                  const pledge = pledges.get(l.pledgeId)
                  if (pledge === undefined) {
                    issues.push(
                      sayAt(at("pledgeId"), "registration-id-not-found", { id: String(l.pledgeId) })
                    )
                    return
                  }
                  const under = loans.get(l.pledgeId) ?? []
                  const checked = drawChecked(l, pledge, events.get(l.pledgeId) ?? [], under, slot.seq, at)
                  if ("issue" in checked) issues.push(checked.issue)
                  else {
                    rows.push(checked.row)
                    loans.set(l.pledgeId, [...under, { amount: l.amount, reversed: false }])
                  }
                })
                if (issues.length > 0) return yield* new ValidationError({ issues })
                const written = yield* inDb(() => insertLoans(trx, rows))
                return { count: written.length, ids: written, journalSeq: slot.seq }
              }),
            resultRef: (result: BulkResult) => ({ journalSeq: result.journalSeq }),
            replay: (trx, ref: { journalSeq: number }) =>
              inDb(() => loanIdsOf(trx, ref.journalSeq)).pipe(
                Effect.map((ids) => ({ count: ids.length, ids, journalSeq: ref.journalSeq }))
              )
          },
          actor,
          raw,
          options
        )

      const repay = command(repayLoan, (trx, r, seq) =>
        Effect.gen(function* () {
          const loan = yield* openLoan(trx, r.loanId)
          if (r.on < loan.disbursedOn)
            return yield* invalid("on", "linkage-loan-event-before-disbursement", {
              disbursedOn: loan.disbursedOn
            })
          if (r.amount.greaterThan(loan.outstanding)) {
            return yield* new ValidationError({
              issues: [
                sayAt("amount", "loan-repaid-above-outstanding", {
                  amount: formatYuan(r.amount),
                  loan: String(loan.id),
                  outstanding: formatYuan(loan.outstanding)
                })
              ]
            })
          }
          yield* inDb(() =>
            insertLoanEvent(trx, {
              loanId: loan.id,
              kind: "repayment",
              on: r.on,
              amountFen: toFen(r.amount),
              note: r.note,
              journalSeq: seq
            })
          )
          // A repayment dated before a claim lowers the balance the claim's loss stood on: refused then.
          yield* keepsClaims(trx, loan.registrationNo, "on", `a repayment on ${r.on} of loan ${loan.id}`)
          return loan.id
        })
      )

      const markDefault = command(defaultLoan, (trx, d, seq) =>
        Effect.gen(function* () {
          const loan = yield* openLoan(trx, d.loanId)
          if (loan.defaultedOn !== null) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "loanId",
              ...said("loan-defaulted-already", { loan: String(loan.id), on: String(loan.defaultedOn) })
            })
          }
          if (!loan.outstanding.greaterThan(0))
            return yield* invalid("loanId", "loan-fully-repaid", { loan: String(loan.id) })
          if (d.on < loan.disbursedOn)
            return yield* invalid("on", "linkage-loan-event-before-disbursement", {
              disbursedOn: loan.disbursedOn
            })
          yield* inDb(() =>
            insertLoanEvent(trx, {
              loanId: loan.id,
              kind: "default",
              on: d.on,
              note: d.note,
              journalSeq: seq
            })
          )
          return loan.id
        })
      )

      const reverse = command(reverseLoan, (trx, r, seq) =>
        Effect.gen(function* () {
          const loan = yield* findLoan(trx, r.loanId)
          if (loan.reversed) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "loanId",
              ...said("loan-already-reversed", { loan: String(loan.id), registrationNo: loan.registrationNo })
            })
          }
          yield* inDb(() =>
            aroundLoans(trx, [loan.id], () =>
              trx
                .insertInto("pledge_loan_reversals")
                .values({ loan_id: loan.id, reason: r.reason, journal_id: seq })
                .execute()
            )
          )
          // Fewer loans keep the registration's own rules; the claims and subsidies naming it may have
          // relied on this one (its default, its balance, its disbursement), or the transaction rolls back.
          const breaks = yield* inDb(() => pledgeRefBreaks(trx, loan.registrationNo))
          if (breaks.length > 0) {
            return yield* invalidBecause(
              "loanId",
              "loan-reversal-breaks",
              {
                loan: String(loan.id),
                amount: yuanText(loan.amount),
                disbursedOn: loan.disbursedOn,
                registrationNo: loan.registrationNo
              },
              breaks
            )
          }
          return loan.id
        })
      )

      const reverseEvent = command(reverseLoanEvent, (trx, r, seq) =>
        Effect.gen(function* () {
          const row = yield* inDb(() => findLoanEventRow(trx, r.eventId))
          if (row === undefined)
            return yield* new NotFoundError({ entity: "pledge loan event", id: String(r.eventId) })
          if (row.kind === "reversal")
            return yield* invalid("eventId", "event-is-reversal", { event: String(r.eventId) })
          const loan = yield* openLoan(trx, Number(row.loan_id))
          if (loan.events.some((e) => e.id === r.eventId && e.reversed)) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "eventId",
              ...said("event-already-reversed", { event: String(r.eventId) })
            })
          }
          const today = yield* todayInShanghai
          yield* inDb(() =>
            insertLoanEvent(trx, {
              loanId: loan.id,
              kind: "reversal",
              on: today,
              reverses: r.eventId,
              note: r.reason,
              journalSeq: seq
            })
          )
          // A reversal is a write like any other: the state after it keeps every rule, or it rolls back.
          // Without its default, the loan may no longer carry the claims naming its registration; a
          // repayment's reversal only raises the balance outstanding, which no claim or subsidy can object to.
          const breaks = [
            ...(yield* breaksAfter(trx, loan.pledgeId)),
            ...(row.kind === "default" ? yield* inDb(() => pledgeRefBreaks(trx, loan.registrationNo)) : [])
          ]
          if (breaks.length > 0) {
            const amount = row.kind === "repayment" ? yuanText(fromFen(toBigInt(row.amount_fen ?? 0))) : ""
            return yield* invalidBecause(
              "eventId",
              "loan-event-reversal-breaks",
              { event: String(r.eventId), amount, on: row.on_date },
              breaks
            )
          }
          return loan.id
        })
      )

      const dispose = command(disposeLoan, (trx, d, seq) =>
        Effect.gen(function* () {
          const loan = yield* liveLoan(trx, d.loanId)
          if (loan.disposal !== null) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "loanId",
              ...said("loan-disposed-already", { loan: String(loan.id), on: loan.disposal.on })
            })
          }
          if (loan.defaultedOn === null) {
            return yield* invalid("loanId", "loan-not-in-default", { loan: String(loan.id) })
          }
          if (d.on < loan.defaultedOn)
            return yield* invalid("on", "loan-disposal-before-default", { on: loan.defaultedOn })
          if (d.recovered.greaterThan(loan.outstanding)) {
            return yield* invalid("recovered", "loan-recovered-above-outstanding", {
              recovered: yuanText(d.recovered),
              loan: String(loan.id),
              outstanding: yuanText(loan.outstanding)
            })
          }
          yield* inDb(() =>
            insertDisposal(trx, {
              loanId: loan.id,
              on: d.on,
              method: d.method,
              recoveredFen: toFen(d.recovered),
              writtenOffFen: toFen(loan.outstanding.minus(d.recovered)),
              note: d.note,
              journalSeq: seq
            })
          )
          // A disposal dated before a claim settles the balance the claim's loss stood on: refused then.
          yield* keepsClaims(trx, loan.registrationNo, "on", `a disposal on ${d.on} of loan ${loan.id}`)
          return loan.id
        })
      )

      const reverseDisposal = command(reverseLoanDisposal, (trx, r, seq) =>
        Effect.gen(function* () {
          const row = yield* inDb(() => findDisposalRow(trx, r.disposalId))
          if (row === undefined)
            return yield* new NotFoundError({ entity: "pledge loan disposal", id: String(r.disposalId) })
          if (row.reversed_id !== null) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "disposalId",
              ...said("disposal-already-reversed", { disposal: String(r.disposalId) })
            })
          }
          const loan = yield* liveLoan(trx, Number(row.loan_id))
          yield* inDb(() =>
            aroundLoans(trx, [Number(row.loan_id)], () =>
              trx
                .insertInto("pledge_loan_disposal_reversals")
                .values({ disposal_id: r.disposalId, reason: r.reason, journal_id: seq })
                .execute()
            )
          )
          // Back in default, the loan is open again: its registration must not have ended meanwhile. Its
          // balance outstanding only rises, which no claim or subsidy naming the registration can object to.
          const breaks = yield* breaksAfter(trx, loan.pledgeId)
          if (breaks.length > 0) {
            return yield* invalidBecause(
              "disposalId",
              "loan-disposal-reversal-breaks",
              {
                disposal: String(r.disposalId),
                on: String(loan.disposals.find((d) => d.id === r.disposalId)?.on)
              },
              breaks
            )
          }
          return loan.id
        })
      )

      const get = Effect.fn("PledgeLoans.get")(function* (loanId: number) {
        return yield* findLoan(database.db, loanId)
      })

      const list = Effect.fn("PledgeLoans.list")(function* (pledgeId: number) {
        const pledge = yield* inDb(() => findPledge(database.db, pledgeId))
        if (pledge === undefined) return yield* new NotFoundError({ entity: "pledge", id: String(pledgeId) })
        return yield* inDb(() => findLoans(database.db, { pledgeId }))
      })

      return PledgeLoans.of({
        draw,
        drawMany,
        repay,
        default: markDefault,
        reverse,
        reverseEvent,
        dispose,
        reverseDisposal,
        get,
        list
      })
    })
  )
}
