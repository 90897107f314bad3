import { Decimal } from "decimal.js"
import { exampleUscc } from "../registry/examples.js"
import { say, told } from "../text/messages.js"
import type { EnterpriseJourney } from "./journey.js"

// The example answer comes from the real serializer (`journeyToJson`) over a journey as the core returns
// it: an angel-fund investment, a pledge registration with a change, a loan and a repayment, a 投贷联动 loan.
export const exampleJourney: EnterpriseJourney = {
  enterprise: {
    registered: true,
    id: 1,
    uscc: exampleUscc,
    name: "温州瓯江光电科技有限公司",
    industry: "光电",
    stage: "start-up",
    techCategory: "frontier",
    registeredOn: null,
    district: "330302",
    local: true,
    districts: [{ district: "330302", since: null, local: true }],
    journalSeq: 1
  },
  events: [
    {
      on: "2025-01-20",
      source: "equity",
      kind: "investment",
      ...told(say("journey-investment", { fund: "瓯江天使基金", round: "天使轮" })),
      amount: new Decimal("20000000"),
      counterparty: "瓯江天使基金",
      ref: { kind: "fund-entry", id: 3 },
      reversed: false
    },
    {
      on: "2025-03-14",
      source: "pledge",
      kind: "pledge-registered",
      ...told(say("journey-pledge-registered", { registrationNo: "Y2025330000123", pledgee: "温州银行" })),
      amount: new Decimal("25000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge", id: 1 },
      reversed: false
    },
    {
      on: "2025-03-14",
      source: "linkage",
      kind: "loan-granted",
      ...told(
        say("journey-loan-granted", {
          pilot: "investment-loan",
          warrant: "",
          rate: "3.45 %",
          maturesOn: "2028-03-14"
        })
      ),
      amount: new Decimal("5000000"),
      counterparty: "温州银行",
      ref: { kind: "loan", id: 1 },
      reversed: false
    },
    {
      on: "2025-04-01",
      source: "pledge",
      kind: "pledge-changed",
      ...told(
        say("journey-pledge-changed", {
          registrationNo: "Y2025330000123",
          amount: "30,000,000.00",
          termEnd: ""
        })
      ),
      amount: new Decimal("30000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge", id: 1 },
      reversed: false
    },
    {
      on: "2025-04-10",
      source: "pledge",
      kind: "loan-drawn",
      ...told(say("journey-loan-drawn", { registrationNo: "Y2025330000123", maturesOn: "2026-04-09" })),
      amount: new Decimal("10000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge-loan", id: 1 },
      reversed: false
    },
    {
      on: "2025-06-30",
      source: "pledge",
      kind: "loan-repaid",
      ...told(say("journey-loan-repaid", { registrationNo: "Y2025330000123" })),
      amount: new Decimal("2000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge-loan", id: 1 },
      reversed: false
    }
  ],
  totals: {
    equityInvested: new Decimal("20000000"),
    pledged: new Decimal("30000000"),
    pledgeLoansDrawn: new Decimal("10000000"),
    linkageLoans: new Decimal("5000000"),
    claimsPaid: new Decimal("0")
  },
  withheld: { equity: 0 }
}
