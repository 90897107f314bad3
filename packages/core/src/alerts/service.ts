import { Effect } from "effect"
import type { Actor } from "../auth/actor.js"
import { type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Database } from "../store/database.js"
import { markAlertsSent } from "./operations.js"
import { insertDeliveries } from "./store.js"

/**
 * `alerts.markSent`: records that a webhook delivered these alerts (one journal entry, one row a key not
 * recorded before), so each is sent once. Answers how many keys it recorded.
 */
export const markSent = Effect.fn("Alerts.markSent")(function* (
  actor: Actor,
  raw: unknown,
  options: CommandOptions = {}
) {
  const database = yield* Database
  const journal = yield* Journal
  const runCommand = makeCommandRunner(database, journal)
  return yield* runCommand(
    {
      name: markAlertsSent.name,
      permission: markAlertsSent.permission,
      input: markAlertsSent.input,
      write: (trx, input, slot) =>
        database.query(() => insertDeliveries(trx, input.alerts, slot.at, slot.seq)),
      resultRef: (recorded: number) => ({ recorded }),
      replay: (_trx, ref: { recorded: number }) => Effect.succeed(ref.recorded)
    },
    actor,
    raw,
    options
  )
})
