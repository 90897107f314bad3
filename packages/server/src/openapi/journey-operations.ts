import { BusinessDate, Decimal, type EnterpriseJourney, journeyToJson, Uscc } from "@kejin/core"
import { Schema } from "effect"
import { exampleUscc } from "./compile.js"
import { JourneyJson } from "./journey-schemas.js"
import { type Operation, type Parameter, problems } from "./operations.js"

// The example response comes from the real serializer (`journeyToJson`) over a journey as the core returns
// it: an angel-fund investment, a pledge registration with a change, a loan and a repayment, a 投贷联动 loan.
const exampleJourney: EnterpriseJourney = {
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
      label: "瓯江天使基金 投资 · 天使轮",
      amount: new Decimal("20000000"),
      counterparty: "瓯江天使基金",
      ref: { kind: "fund-entry", id: 3 },
      reversed: false
    },
    {
      on: "2025-03-14",
      source: "pledge",
      kind: "pledge-registered",
      label: "专利质押登记 Y2025330000123 温州银行",
      amount: new Decimal("25000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge", id: 1 },
      reversed: false
    },
    {
      on: "2025-03-14",
      source: "linkage",
      kind: "loan-granted",
      label: "投贷联动 3.45 %, 到期 2028-03-14",
      amount: new Decimal("5000000"),
      counterparty: "温州银行",
      ref: { kind: "loan", id: 1 },
      reversed: false
    },
    {
      on: "2025-04-01",
      source: "pledge",
      kind: "pledge-changed",
      label: "质押变更登记 Y2025330000123: 担保金额 30,000,000.00 元",
      amount: new Decimal("30000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge", id: 1 },
      reversed: false
    },
    {
      on: "2025-04-10",
      source: "pledge",
      kind: "loan-drawn",
      label: "质押贷款放款 Y2025330000123, 到期 2026-04-09",
      amount: new Decimal("10000000"),
      counterparty: "温州银行",
      ref: { kind: "pledge-loan", id: 1 },
      reversed: false
    },
    {
      on: "2025-06-30",
      source: "pledge",
      kind: "loan-repaid",
      label: "质押贷款还款 Y2025330000123",
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

const query = (name: string, description: string, schema: Schema.Top, example: unknown): Parameter => ({
  name,
  in: "query",
  description,
  schema,
  example
})

/** An enterprise's finance journey (`/api/v1/enterprises/{uscc}/journey`). */
export const journeyOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/enterprises/{uscc}/journey",
    operationId: "getEnterpriseJourney",
    tag: "registry",
    summary: "An enterprise's finance journey · 企业融资历程",
    description:
      "Every fund investment, valuation and exit in the enterprise (the fund ledger), its patent pledge " +
      "registrations with their changes, release or cancellation, the loans drawn under them with repayments " +
      "and default, and its linkage records (投贷联动, 科创指数, policies, claims, 贴息, 投投联动, bonds), on one " +
      "timeline, oldest first, with exact totals of the live events listed. Reversed records are left out " +
      "unless `includeReversed=true` (then marked `reversed: true`; they never count in the totals). " +
      "A fund manager sees the fund-ledger entries of its own funds only (as `GET /funds/{code}/ledger`): " +
      "the others are left out of the events and `equityInvested` and counted in `withheld.equity`.",
    permission: "dashboard.read",
    parameters: [
      {
        name: "uscc",
        in: "path",
        description: "The enterprise's unified social credit code.",
        schema: Uscc,
        example: exampleUscc
      },
      query(
        "includeReversed",
        "`true`: list reversed records too, marked `reversed: true`.",
        Schema.Boolean.annotate({ default: false }),
        false
      ),
      query("from", "First day listed (inclusive), YYYY-MM-DD.", BusinessDate, "2025-01-01"),
      query(
        "to",
        "Last day listed (inclusive), YYYY-MM-DD; not before `from`. `pledged` takes each registration on " +
          "its terms as of this day.",
        BusinessDate,
        "2025-12-31"
      )
    ],
    responses: {
      200: { description: "The journey.", schema: JourneyJson, example: journeyToJson(exampleJourney) },
      400: {
        description:
          "An invalid credit code in the path, or an unknown or invalid query parameter (`errors` names it)."
      },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No enterprise of the registry has this credit code." }
    }
  }
]
