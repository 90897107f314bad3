import { Schema } from "effect"
import { Money } from "../money/wire.js"
import { operation } from "../operations/operation.js"
import { BusinessDate } from "../time/index.js"
import { type Alert, type AlertsAnswer, alertKinds, alertsToJson, alertToJson } from "./alerts.js"

// Alerts (提醒), declared once: the facade (`kejin.alerts.current`, `kejin.alerts.markSent`), the route
// `GET /api/v1/alerts`, its permission check and its OpenAPI operation are derived from these.

export const AlertKindSchema = Schema.Literals(alertKinds)

const AlertSubjectJson = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("target"),
    key: Schema.String,
    label: Schema.String,
    labelEn: Schema.String
  }),
  Schema.Struct({
    kind: Schema.Literal("pledge-loan"),
    loanId: Schema.Number,
    pledgeId: Schema.Number,
    registrationNo: Schema.String
  }),
  Schema.Struct({ kind: Schema.Literal("linkage-loan"), loanId: Schema.Number, pilot: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("pool"), code: Schema.String, poolId: Schema.Number })
])

export const AlertJson = Schema.Struct({
  key: Schema.String,
  kind: AlertKindSchema,
  since: Schema.String,
  code: Schema.String,
  params: Schema.Record(Schema.String, Schema.String),
  message: Schema.String,
  subject: AlertSubjectJson,
  funds: Schema.Array(Schema.String),
  amount: Schema.NullOr(Money),
  sent: Schema.Boolean
}).annotate({ identifier: "Alert" })

export const AlertsJson = Schema.Struct({
  asOf: Schema.String,
  counts: Schema.Struct({
    "target-behind-pace": Schema.Number,
    "loan-overdue": Schema.Number,
    "loan-default": Schema.Number,
    "pool-low": Schema.Number
  }),
  alerts: Schema.Array(AlertJson)
}).annotate({ identifier: "Alerts" })

const exampleAlerts: AlertsAnswer = {
  asOf: "2026-12-06",
  counts: { "target-behind-pace": 0, "loan-overdue": 0, "loan-default": 1, "pool-low": 0 },
  alerts: []
}

export const AlertsInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  kind: Schema.optional(AlertKindSchema)
})

export const currentAlertsOperation = operation({
  name: "alerts.current",
  write: false,
  // The /alerts page's table: `GET /api/v1/alerts/export.csv|xlsx` (server api/exports.ts).
  exportTable: "alerts",
  permission: "alerts.read",
  input: AlertsInput,
  output: AlertsJson,
  toJson: alertsToJson,
  summary: { en: "Alerts", zh: "提醒" },
  description:
    "What needs attention as of `asOf` (default today in Asia/Shanghai), computed from the records: a target " +
    "behind its even pace (`target-behind-pace`), a loan past maturity and still open (`loan-overdue`), a " +
    "pledge loan in default not yet disposed of (`loan-default`), a pool under 20 % of its deposits " +
    "(`pool-low`). Each has a stable `key`, a catalogue `code` with its `params` and English `message`, and " +
    "the `subject` record. Admins and the bureau see every alert; a fund manager those that concern their " +
    "funds (`funds`); viewers none (403). `counts` counts every kind, whatever `kind` filters.",
  http: {
    method: "get",
    path: "/api/v1/alerts",
    operationId: "listAlerts",
    tag: "alerts",
    query: [
      {
        name: "asOf",
        description: "The day to look at; default today in Asia/Shanghai.",
        example: "2026-12-06"
      },
      { name: "kind", description: "Only alerts of this kind.", example: "loan-default" }
    ],
    ok: { description: "The alerts, by kind, oldest first.", example: alertsToJson(exampleAlerts) }
  }
})

/** What `alerts.markSent` records: the alerts a webhook delivered (each key once). */
export const MarkSentInput = Schema.Struct({
  alerts: Schema.Array(Schema.Struct({ key: Schema.String, kind: AlertKindSchema })).check(
    Schema.isMinLength(1)
  )
})

export const MarkSentJson = Schema.Struct({ recorded: Schema.Number }).annotate({ identifier: "AlertsSent" })

export const markAlertsSent = operation({
  name: "alerts.markSent",
  write: true,
  permission: "alerts.send",
  input: MarkSentInput,
  output: MarkSentJson,
  toJson: (recorded: number) => ({ recorded }),
  summary: { en: "Record alerts as sent", zh: "记录已推送的提醒" },
  description:
    "Records that a webhook delivered these alerts, so that each is sent once: keys recorded before are " +
    "left as they are. The server's webhook calls it after a delivery; it has no route."
})

export const TroubledLoansInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  status: Schema.Literals(["default", "overdue"])
})

export const TroubledLoansJson = Schema.Struct({
  asOf: Schema.String,
  status: Schema.Literals(["default", "overdue"]),
  loans: Schema.Array(AlertJson)
}).annotate({ identifier: "TroubledLoans" })

export const troubledLoansOperation = operation({
  name: "alerts.loans",
  write: false,
  // The /loans page's table: `GET /api/v1/alerts/loans/export.csv|xlsx`.
  exportTable: "loans",
  permission: "pledges.read",
  input: TroubledLoansInput,
  output: TroubledLoansJson,
  toJson: (answer: { asOf: string; status: "default" | "overdue"; loans: ReadonlyArray<Alert> }) => ({
    asOf: answer.asOf,
    status: answer.status,
    loans: answer.loans.map(alertToJson)
  }),
  summary: { en: "Pledge loans in default or past maturity", zh: "违约及逾期质押贷款" },
  description:
    "The live pledge loans in default as of `asOf` and not disposed of by then (`status=default`: the loans " +
    "the dashboard counts as 违约贷款), or past their maturity with a balance and not in default " +
    "(`status=overdue`), oldest first, each as its alert (balance in `amount`). Readable by every role that " +
    "reads pledges.",
  http: {
    method: "get",
    path: "/api/v1/alerts/loans",
    operationId: "listTroubledPledgeLoans",
    tag: "alerts",
    query: [
      { name: "status", description: "`default` or `overdue`.", example: "default", required: true },
      {
        name: "asOf",
        description: "The day to look at; default today in Asia/Shanghai.",
        example: "2026-12-06"
      }
    ],
    ok: {
      description: "The loans.",
      example: { asOf: "2026-12-06", status: "default", loans: [] }
    }
  }
})
