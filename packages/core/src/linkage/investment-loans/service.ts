import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
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
import { loadLoan, loadWarrantEvent } from "../records.js"
import { decimalColumn, type LinkageLoan, LoanPilot, type WarrantEvent } from "../schema.js"
import {
  countLoans,
  countWarrantEvents,
  findLoans,
  findWarrantEvents,
  insertLoan,
  insertWarrantEvent
} from "../store.js"
import { invalid, linkageWrites, mismatch, pct, sumOf, type Write } from "../write.js"
import {
  loanListShape,
  recordInvestmentLoan,
  recordWarrantExercise,
  recordWarrantExit
} from "./operations.js"

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
    /** By disbursement date, then id. */
    loans: ListRead<LinkageLoan, LoanListQuery>
    /** The loan's exercises and exits by date, then id (none for a loan that does not exist). */
    warrantEvents: ChildListRead<number, WarrantEvent, never>
  }
>()("@kejin/core/linkage/InvestmentLoans") {
  static readonly layer = Layer.effect(
    InvestmentLoans,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, institution, fund, investment } = yield* linkageWrites
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
              return yield* mismatch("investment", `investment ${linked.id}`, linked.enterprise, borrower)
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
        if (loan.reversedBy !== null) return yield* invalid("loan", `loan ${id} was reversed`)
        const warrant = loan.warrant
        if (warrant === null) return yield* invalid("loan", `loan ${id} carries no warrant (认股权)`)
        const events = yield* inDb(() => findWarrantEvents(trx, { loanId: id, includeReversed: false }))
        return { loan, warrant, events }
      })

      const recordExercise = command(
        recordWarrantExercise,
        (trx, x, slot) =>
          Effect.gen(function* () {
            const { loan, warrant, events } = yield* warrantLoan(trx, x.loan)
            if (x.on < loan.disbursedOn)
              return yield* invalid("on", `is before the loan's disbursement on ${loan.disbursedOn}`)
            if (x.on > warrant.expiresOn)
              return yield* invalid(
                "on",
                `is after the option's expiry on ${warrant.expiresOn}: it can no longer be exercised`
              )
            const exercised = sumOf(events.filter((e) => e.kind === "exercise").map((e) => e.equityPercent))
            const open = warrant.equityPercent.minus(exercised)
            if (new Yuan(x.equityPercent).gt(open))
              return yield* invalid(
                "equityPercent",
                `exceeds the option's unexercised share ${pct(open)} (option ${pct(warrant.equityPercent)}, exercised ${pct(exercised)})`
              )
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
              return yield* invalid(
                "on",
                `no exercise of loan ${loan.id}'s option is dated on or before ${x.on}: a warrant is exited only after it is exercised`
              )
            const exited = sumOf(events.filter((e) => e.kind === "exit").map((e) => e.equityPercent))
            const open = exercisedBy.minus(exited)
            if (open.lte(0))
              return yield* invalid(
                "on",
                `everything exercised by ${x.on} (${pct(exercisedBy)}) was exited already`
              )
            const share = x.equityPercent === undefined ? open : new Yuan(x.equityPercent)
            if (share.gt(open))
              return yield* invalid(
                "equityPercent",
                `exceeds the exercised share not yet exited ${pct(open)} (exercised by ${x.on} ${pct(exercisedBy)}, exited ${pct(exited)})`
              )
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
        recordInvestmentLoan: recordLoan,
        recordWarrantExercise: recordExercise,
        recordWarrantExit: recordExit,
        loan: reads.one("loan", "loan", loadLoan),
        loans: reads.listed(
          "loans",
          (q: LoanListQuery) => ({ ...listFilter(q), pilot: q.pilot }),
          findLoans,
          countLoans,
          (q) => oneOfIssue("pilot", q.pilot, LoanPilot.literals),
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
