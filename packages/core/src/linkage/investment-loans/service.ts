import { Context, Effect, Layer } from "effect"
import { type Kysely, type SqlBool, sql } from "kysely"
import { NotFoundError } from "../../errors.js"
import { toFen, Yuan } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import type { DB } from "../../store/schema.js"
import {
  type ChildListRead,
  type ListRead,
  type LoanListQuery,
  listFilter,
  listReads,
  oneOfIssue
} from "../lists.js"
import { LoanStatus } from "../loan-events/schema.js"
import { type LoanEventsShape, loanEventsService } from "../loan-events/service.js"
import { statusCondition, withStandings } from "../loan-events/store.js"
import { loadLoan, loadWarrantEvent } from "../records.js"
import { decimalColumn, type LinkageLoan, LoanPilot, type WarrantEvent } from "../schema.js"
import {
  countLoans,
  countWarrantEvents,
  findLoans,
  findWarrantEvents,
  insertLoan,
  insertWarrantEvent,
  type LoanFilter
} from "../store.js"
import { invalid, linkageWrites, mismatch, pct, sumOf, type Write } from "../write.js"
import {
  loanListShape,
  recordInvestmentLoan,
  recordWarrantExercise,
  recordWarrantExit
} from "./operations.js"

/** The loans' list query: both pilots' filters and the loans' status now (在贷, 已结清, 违约). */
export type LoanStatusQuery = LoanListQuery & { readonly status?: LoanStatus | undefined }

/** The store's filter with the status's condition added to the search's (`where`). */
const withStatus = <F extends LoanFilter & { readonly status?: LoanStatus | undefined }>({
  status,
  ...filter
}: F): LoanFilter => {
  if (status === undefined) return filter
  const condition = statusCondition(status)
  return {
    ...filter,
    where: filter.where === undefined ? condition : sql<SqlBool>`(${filter.where} and ${condition})`
  }
}

/**
 * 投贷联动: a bank loan linked to an equity investment in the same enterprise (`investment`), optionally
 * with a 认股权 (warrant). A 认股权 is exercised between disbursement and expiry (`on`), all exercises
 * together within the option's share (`equityPercent`); an exit needs an exercise dated on or before it and
 * takes at most the exercised share not yet exited. The loans of both loan pilots (投贷联动 and 科创指数贷)
 * are read here (`loan`, `loans`): they are one kind of record.
 */
export class InvestmentLoans extends Context.Service<
  InvestmentLoans,
  {
    /** 投贷联动: a loan linked to an equity investment in the same enterprise, optionally with a 认股权. */
    recordInvestmentLoan: Write<LinkageLoan>
    /** 认股权 exercise on a warrant loan. */
    recordWarrantExercise: Write<WarrantEvent>
    /** Exit from an exercised 认股权. */
    recordWarrantExit: Write<WarrantEvent>
    loan(id: number): Effect.Effect<LinkageLoan, NotFoundError | StoreError>
    /** By disbursement date, then id, each with its standing; `status` keeps the loans standing so now. */
    loans: ListRead<LinkageLoan, LoanStatusQuery>
    /** The loan's exercises and exits by date, then id (none for a loan that does not exist). */
    warrantEvents: ChildListRead<number, WarrantEvent, never>
  } & LoanEventsShape
>()("@kejin/core/linkage/InvestmentLoans") {
  static readonly layer = Layer.effect(
    InvestmentLoans,
    Effect.gen(function* () {
      const writes = yield* linkageWrites
      const { database, inDb, command, enterprise, institution, fund, investment } = writes
      const db = database.db
      const reads = listReads(db, inDb)

      const recordLoan = command(
        recordInvestmentLoan,
        (trx, l, slot) =>
          Effect.gen(function* () {
            const bank = yield* institution(trx, l.bank, "bank", "bank")
            const borrower = yield* enterprise(trx, l.enterprise, "enterprise")
            const linked = yield* investment(trx, l.investment, "investment")
            if (linked.enterprise.id !== borrower.id)
              return yield* mismatch("investment", "investment", linked.id, linked.enterprise, borrower)
            const holderFund =
              l.warrant?.holderFund === undefined
                ? null
                : yield* fund(trx, l.warrant.holderFund, "warrant.holderFund")
            return yield* inDb(() =>
              insertLoan(
                trx,
                {
                  pilot: "investment-loan",
                  bank_id: bank.id,
                  enterprise_id: borrower.id,
                  amount_fen: toFen(l.amount),
                  rate_percent: decimalColumn(l.ratePercent),
                  disbursed_on: l.disbursedOn,
                  matures_on: l.maturesOn,
                  investment_id: linked.id,
                  warrant_holder: l.warrant?.holder ?? null,
                  warrant_holder_fund_id: holderFund?.id ?? null,
                  warrant_equity_percent:
                    l.warrant === undefined ? null : decimalColumn(l.warrant.equityPercent),
                  warrant_strike_basis: l.warrant?.strikeBasis ?? null,
                  warrant_strike_valuation_fen:
                    l.warrant?.strikeValuation === undefined ? null : toFen(l.warrant.strikeValuation),
                  warrant_expires_on: l.warrant?.expiresOn ?? null
                },
                slot.seq
              )
            )
          }),
        loadLoan
      )

      /** A live loan with a warrant and its live warrant events. */
      const warrantLoan = Effect.fnUntraced(function* (trx: Kysely<DB>, id: number) {
        const loan = yield* inDb(() => loadLoan(trx, id))
        if (loan === undefined) return yield* new NotFoundError({ entity: "loan", id: String(id) })
        if (loan.reversedBy !== null)
          return yield* invalid("loan", "linkage-reversed", { kind: "loan", id: String(id) })
        const warrant = loan.warrant
        if (warrant === null) return yield* invalid("loan", "linkage-no-warrant", { loan: String(id) })
        const events = yield* inDb(() => findWarrantEvents(trx, { loanId: id, includeReversed: false }))
        return { loan, warrant, events }
      })

      const recordExercise = command(
        recordWarrantExercise,
        (trx, x, slot) =>
          Effect.gen(function* () {
            const { loan, warrant, events } = yield* warrantLoan(trx, x.loan)
            if (x.on < loan.disbursedOn)
              return yield* invalid("on", "linkage-before-disbursement", { date: loan.disbursedOn })
            if (x.on > warrant.expiresOn)
              return yield* invalid("on", "linkage-warrant-expired", { date: warrant.expiresOn })
            const exercised = sumOf(events.filter((e) => e.kind === "exercise").map((e) => e.equityPercent))
            const open = warrant.equityPercent.minus(exercised)
            if (new Yuan(x.equityPercent).gt(open))
              return yield* invalid("equityPercent", "linkage-exercise-above-open", {
                open: pct(open),
                option: pct(warrant.equityPercent),
                exercised: pct(exercised)
              })
            return yield* inDb(() =>
              insertWarrantEvent(
                trx,
                {
                  loanId: loan.id,
                  kind: "exercise",
                  on: x.on,
                  equityPercent: decimalColumn(x.equityPercent),
                  amountFen: toFen(x.amountPaid)
                },
                slot.seq
              )
            )
          }),
        loadWarrantEvent
      )

      const recordExit = command(
        recordWarrantExit,
        (trx, x, slot) =>
          Effect.gen(function* () {
            const { loan, events } = yield* warrantLoan(trx, x.loan)
            const exercisedBy = sumOf(
              events.filter((e) => e.kind === "exercise" && e.on <= x.on).map((e) => e.equityPercent)
            )
            if (exercisedBy.isZero())
              return yield* invalid("on", "linkage-exit-before-exercise", { loan: String(loan.id), on: x.on })
            const exited = sumOf(events.filter((e) => e.kind === "exit").map((e) => e.equityPercent))
            const open = exercisedBy.minus(exited)
            if (open.lte(0))
              return yield* invalid("on", "linkage-exercised-all-exited", {
                on: x.on,
                exercised: pct(exercisedBy)
              })
            const share = x.equityPercent === undefined ? open : new Yuan(x.equityPercent)
            if (share.gt(open))
              return yield* invalid("equityPercent", "linkage-exit-above-open", {
                open: pct(open),
                on: x.on,
                exercised: pct(exercisedBy),
                exited: pct(exited)
              })
            return yield* inDb(() =>
              insertWarrantEvent(
                trx,
                {
                  loanId: loan.id,
                  kind: "exit",
                  on: x.on,
                  equityPercent: share.toString(),
                  amountFen: toFen(x.proceeds)
                },
                slot.seq
              )
            )
          }),
        loadWarrantEvent
      )

      return InvestmentLoans.of({
        ...loanEventsService(writes),
        recordInvestmentLoan: recordLoan,
        recordWarrantExercise: recordExercise,
        recordWarrantExit: recordExit,
        loan: reads.one("loan", "loan", loadLoan),
        loans: reads.listed(
          "loans",
          (q: LoanStatusQuery) => ({ ...listFilter(q), pilot: q.pilot, status: q.status }),
          (db, f, page) => findLoans(db, withStatus(f), page).then((loans) => withStandings(db, loans)),
          (db, f) => countLoans(db, withStatus(f)),
          (q) => [
            ...oneOfIssue("pilot", q.pilot, LoanPilot.literals),
            ...oneOfIssue("status", q.status, LoanStatus.literals)
          ],
          loanListShape
        ),
        warrantEvents: reads.children(
          "warrantEvents",
          (loanId: number) => Effect.succeed(loanId),
          (loanId, page) => findWarrantEvents(db, { loanId }, page),
          (loanId) => countWarrantEvents(db, { loanId })
        )
      })
    })
  )
}
