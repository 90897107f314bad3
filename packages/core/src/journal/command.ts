import { Context, Data, Effect, Schedule, Schema } from "effect"
import { type Kysely, sql } from "kysely"
import { type Actor, authorize, type ForbiddenError, type Permission } from "../auth/actor.js"
import { ConflictError, invalid, ValidationError, validationErrorFromIssue } from "../errors.js"
import type { Database } from "../store/database.js"
import { classifyStoreError, StoreError, uniqueViolationOf } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { said } from "../text/messages.js"
import { futureDateIssuesOf, todayInShanghai } from "../time/shanghai.js"
import { canonicalJson, sha256 } from "./canonical.js"
import type { Journal, JournalSlot } from "./journal.js"

/**
 * A write command: how to decode its input, which permission it needs, what it writes,
 * and how to load its result again for a repeated idempotency key.
 */
export interface Command<I, O, Ref, E> {
  readonly name: string
  readonly permission: Permission
  readonly input: Schema.Codec<I, unknown>
  /** Writes the record(s) inside the transaction; `slot.seq` is the journal entry's id. */
  readonly write: (
    trx: Kysely<DB>,
    input: I,
    slot: JournalSlot,
    actor: Actor
  ) => Effect.Effect<O, E | StoreError>
  /** What the journal keeps as the result: enough to load the record again. */
  readonly resultRef: (output: O) => Ref
  readonly replay: (trx: Kysely<DB>, ref: Ref) => Effect.Effect<O, StoreError>
  /** The journal payload; defaults to the input encoded back to its wire form. */
  readonly payload?: (input: I) => unknown
}

export interface CommandOptions {
  readonly idempotencyKey?: string | undefined
}

export type CommandError<E> = E | ValidationError | ForbiddenError | ConflictError | StoreError

export const decodeOptions = { errors: "all", onExcessProperty: "error" } as const

/**
 * Decodes untrusted input with every issue reported and unknown fields rejected: the Schema's issues and,
 * with them, each `PastDate` dated after today (Asia/Shanghai, the core's `Clock`), all in one
 * ValidationError, so a person fixes a form once rather than field after field.
 */
export const decodeInput = <I>(
  schema: Schema.Codec<I, unknown>,
  raw: unknown,
  pathPrefix: ReadonlyArray<string> = []
): Effect.Effect<I, ValidationError> =>
  Effect.gen(function* () {
    const today = yield* todayInShanghai
    const future = futureDateIssuesOf(schema.ast, raw, today, pathPrefix)
    const decoded = yield* Effect.result(Schema.decodeUnknownEffect(schema)(raw, decodeOptions))
    if (decoded._tag === "Success") {
      if (future.length > 0) return yield* new ValidationError({ issues: future })
      return decoded.success
    }
    const issues = validationErrorFromIssue(decoded.failure.issue, pathPrefix).issues
    const named = new Set(issues.map((i) => i.path))
    return yield* new ValidationError({ issues: [...issues, ...future.filter((i) => !named.has(i.path))] })
  })

/** A repeated idempotency key: the first result, to answer once the transaction that found it is undone. */
class Replay extends Data.TaggedError("Replay")<{ readonly result: unknown }> {}

const isIdempotencyRace = (error: unknown): boolean =>
  uniqueViolationOf(error)?.includes("idempotency_key") === true

const isRetryable = (error: unknown): boolean =>
  isIdempotencyRace(error) || (error instanceof StoreError && error.retryable)

/**
 * A batch of writes under one journal entry (an import): while it is set, a command writes in the batch's
 * transaction with the batch's journal slot, each in a savepoint of its own (a refused row leaves the
 * others as they were, on PostgreSQL too), and appends no entry of its own; the batch appends one entry
 * for all of them. Idempotency keys do not apply inside a batch (the batch has its own record of rows).
 */
export interface WriteBatch {
  readonly trx: Kysely<DB>
  readonly slot: JournalSlot
  /**
   * Work the batch's writes leave to its end, once each by name: the derived caches a write would keep up
   * to date row by row (an import of 1,000,000 rows would redo them for every chunk). The batch runs them,
   * in its transaction, before it appends its journal entry.
   */
  readonly atEnd: Map<string, (trx: Kysely<DB>) => Promise<void>>
}

export const CurrentBatch = Context.Reference<WriteBatch | undefined>("@kejin/core/CurrentBatch", {
  defaultValue: () => undefined
})

const statement = (trx: Kysely<DB>, text: string) =>
  Effect.tryPromise({ try: () => sql.raw(text).execute(trx), catch: classifyStoreError })

/** Runs `body` in a savepoint of `trx`: undone alone when it fails, kept when it succeeds. */
export const inSavepoint = <A, E, R>(trx: Kysely<DB>, body: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    yield* statement(trx, "savepoint kejin_row")
    const exit = yield* Effect.exit(body)
    if (exit._tag === "Failure") yield* statement(trx, "rollback to savepoint kejin_row")
    yield* statement(trx, "release savepoint kejin_row")
    return yield* exit
  })

/**
 * The write path: decode → authorise → one transaction (idempotency check, write, journal entry).
 * A repeated idempotency key with the same payload, from the same actor, returns the first result and
 * writes nothing; with another payload or from another actor it fails with ConflictError.
 */
export const makeCommandRunner = (database: Database["Service"], journal: Journal["Service"]) =>
  Effect.fnUntraced(function* <I, O, Ref, E>(
    command: Command<I, O, Ref, E>,
    actor: Actor,
    raw: unknown,
    options: CommandOptions = {}
  ): Effect.fn.Return<O, CommandError<E>> {
    const input = yield* decodeInput(command.input, raw)
    const forbidden = authorize(actor, command.permission)
    if (forbidden) return yield* forbidden
    const payload = command.payload
      ? command.payload(input)
      : Schema.encodeSync(command.input as Schema.Codec<I, unknown>)(input)
    const batch = yield* CurrentBatch
    if (batch !== undefined)
      return yield* inSavepoint(batch.trx, command.write(batch.trx, input, batch.slot, actor))
    const payloadHash = sha256(`${command.name}\n${canonicalJson(payload)}`)
    const key = options.idempotencyKey
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      return yield* invalid("Idempotency-Key", "idempotency-key-length")
    }
    /** The first write of this key, to replay (a Replay), or the conflict of a key used otherwise. */
    const repeated = (trx: Kysely<DB>) =>
      Effect.gen(function* () {
        if (key === undefined) return
        const previous = yield* journal.findByIdempotencyKey(trx, key)
        if (previous === undefined) return
        // A key belongs to the actor who first used it: nobody else replays (or learns) its result.
        if (previous.actor !== actor.id) {
          return yield* new ConflictError({
            reason: "idempotency-key-reused",
            field: "Idempotency-Key",
            ...said("idempotency-key-other-actor", { key })
          })
        }
        if (previous.payloadHash !== payloadHash) {
          return yield* new ConflictError({
            reason: "idempotency-key-reused",
            field: "Idempotency-Key",
            ...said("idempotency-key-other-request", { key })
          })
        }
        return yield* new Replay({ result: previous.result })
      })
    const attempt = database.transaction((trx) =>
      Effect.gen(function* () {
        yield* repeated(trx)
        // The journal's head is the write path's one lock. A request repeating a key whose first write is
        // still running waits here for it to commit (PostgreSQL; SQLite refuses at once and the attempt is
        // retried), then finds that write's entry: the first result, never an error about its own record.
        const slot = yield* journal.reserve(trx, command.name)
        yield* repeated(trx)
        const output = yield* command.write(trx, input, slot, actor)
        yield* journal.append(trx, slot, {
          actor,
          command: command.name,
          payload,
          payloadHash,
          idempotencyKey: key,
          result: command.resultRef(output)
        })
        return output
      })
    )
    return yield* attempt.pipe(
      Effect.retry({ while: isRetryable, schedule: Schedule.exponential("10 millis"), times: 3 }),
      // Answered once the transaction that found it is undone (a reserved slot is given back).
      Effect.catchIf(
        (error): error is Replay => error instanceof Replay,
        (replay) => database.transaction((trx) => command.replay(trx, replay.result as Ref))
      )
    )
  })

/**
 * Commands declared by their operation: each takes its name, permission and input from `spec`, what it
 * writes and how the journal reloads it from `body`, and is traced as `span`; run by `runCommand`.
 */
export const declaredCommands =
  (runCommand: ReturnType<typeof makeCommandRunner>) =>
  <I, O, Ref, E>(
    spec: Pick<Command<I, O, Ref, E>, "name" | "permission" | "input">,
    span: string,
    body: Omit<Command<I, O, Ref, E>, "name" | "permission" | "input">
  ) =>
  (actor: Actor, input: unknown, options?: CommandOptions) =>
    runCommand(
      { name: spec.name, permission: spec.permission, input: spec.input, ...body },
      actor,
      input,
      options
    ).pipe(Effect.withSpan(span))
