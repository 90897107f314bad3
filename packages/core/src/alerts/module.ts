import { bind, defineModule } from "../operations/operation.js"
import { type AlertsQuery, currentAlerts, type TroubledLoansQuery, troubledLoans } from "./alerts.js"
import { currentAlertsOperation, markAlertsSent, troubledLoansOperation } from "./operations.js"
import { markSent } from "./service.js"

/**
 * Alerts: `current(query?)` reads as the actor of the call (over HTTP the request's, in the facade
 * `{ actor }` given with the options, else the instance's); `markSent(input)` is the webhook's record.
 */
export const alertsModule = defineModule({
  id: "alerts",
  operations: [
    bind(
      currentAlertsOperation,
      (input, c) => currentAlerts(input as AlertsQuery, c.actor),
      (query?: AlertsQuery) => query ?? {}
    ),
    bind(markAlertsSent, (input, c) => markSent(c.actor, input, c)),
    bind(troubledLoansOperation, (input) => troubledLoans(input as TroubledLoansQuery))
  ]
})
