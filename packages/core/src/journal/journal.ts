import { Clock, Context, Effect, Layer, Schema } from "effect"
import { type Kysely, type Selectable, sql } from "kysely"
import type { Actor } from "../auth/actor.js"
import { type ErrorDescription, errorDescription } from "../errors.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { type DB, type JournalTable, toInt } from "../store/schema.js"
import { canonicalJson, sha256 } from "./canonical.js"

export interface JournalEntry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly command: string
  readonly payload: unknown
  readonly idempotencyKey: string | null
  readonly result: unknown
  readonly prevHash: string
  readonly hash: string
}

/** A sequence number reserved inside a write transaction, before the record is written. */
export interface JournalSlot {
  readonly seq: number
  readonly prevHash: string
  readonly at: string
}

export interface JournalAppend {
  readonly actor: Actor
  readonly command: string
  readonly payload: unknown
  readonly payloadHash: string
  readonly idempotencyKey: string | undefined
  readonly result: unknown
}

export interface JournalQuery {
  readonly actor?: string | undefined
  /** A command name or its prefix, e.g. `pledges.` */
  readonly command?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export type VerifyResult =
  | { readonly _tag: "Intact"; readonly entries: number; readonly head: string }
  | { readonly _tag: "Broken"; readonly seq: number; readonly reason: string }

export const genesisHash = "0".repeat(64)

export class JournalError extends Schema.TaggedError<JournalError>()("JournalError", {
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }

  get [errorDescription](): ErrorDescription {
    return { status: 500, problem: "journal", title: "The journal failed" }
  }
}

const entryHash = (prevHash: string, body: Omit<JournalEntry, "hash" | "prevHash">): string =>
  sha256(`${prevHash}\n${canonicalJson(body)}`)

/** The append-only journal: every write's actor, time, command, payload, and a hash chain. */
export class Journal extends Context.Service<
  Journal,
  {
    /** Takes the next sequence number; on PostgreSQL this row lock orders concurrent writers. */
    reserve(trx: Kysely<DB>): Effect.Effect<JournalSlot, StoreError>
    append(trx: Kysely<DB>, slot: JournalSlot, entry: JournalAppend): Effect.Effect<JournalEntry, StoreError>
    findByIdempotencyKey(
      trx: Kysely<DB>,
      key: string
    ): Effect.Effect<
      { readonly actor: string; readonly payloadHash: string; readonly result: unknown } | undefined,
      StoreError
    >
    list(options: {
      readonly afterSeq?: number
      readonly limit?: number
    }): Effect.Effect<ReadonlyArray<JournalEntry>, StoreError>
    /** Entries newest first, filtered by actor, command (prefix) and date (YYYY-MM-DD, inclusive). */
    search(
      query: JournalQuery
    ): Effect.Effect<{ readonly items: ReadonlyArray<JournalEntry>; readonly total: number }, StoreError>
    /** Recomputes the whole chain; reports the first entry that does not match. */
    readonly verify: Effect.Effect<VerifyResult, StoreError>
  }
>()("@kejin/core/Journal") {
  static readonly layer = Layer.effect(
    Journal,
    Effect.gen(function* () {
      const database = yield* Database
      const run = <A>(f: () => Promise<A>) => database.query(() => f())

      const reserve = Effect.fnUntraced(function* (trx: Kysely<DB>) {
        const millis = yield* Clock.currentTimeMillis
        const head = yield* run(() =>
          trx
            .updateTable("journal_head")
            .set((eb) => ({ seq: eb("seq", "+", 1) }))
            .where("id", "=", 1)
            .returning(["seq", "hash"])
            .executeTakeFirstOrThrow()
        )
        return { seq: toInt(head.seq), prevHash: head.hash, at: new Date(millis).toISOString() }
      })

      const append = Effect.fnUntraced(function* (trx: Kysely<DB>, slot: JournalSlot, entry: JournalAppend) {
        const body = {
          seq: slot.seq,
          at: slot.at,
          actor: entry.actor.id,
          command: entry.command,
          payload: entry.payload,
          idempotencyKey: entry.idempotencyKey ?? null,
          result: entry.result
        }
        const hash = entryHash(slot.prevHash, body)
        yield* run(() =>
          trx
            .insertInto("journal")
            .values({
              id: slot.seq,
              at: slot.at,
              actor: entry.actor.id,
              command: entry.command,
              payload: canonicalJson(entry.payload),
              payload_hash: entry.payloadHash,
              idempotency_key: entry.idempotencyKey ?? null,
              result: canonicalJson(entry.result),
              prev_hash: slot.prevHash,
              hash
            })
            .execute()
        )
        yield* run(() => trx.updateTable("journal_head").set({ hash }).where("id", "=", 1).execute())
        return { ...body, prevHash: slot.prevHash, hash }
      })

      const findByIdempotencyKey = Effect.fnUntraced(function* (trx: Kysely<DB>, key: string) {
        const row = yield* run(() =>
          trx
            .selectFrom("journal")
            .select(["actor", "payload_hash", "result"])
            .where("idempotency_key", "=", key)
            .executeTakeFirst()
        )
        return row === undefined
          ? undefined
          : { actor: row.actor, payloadHash: row.payload_hash, result: JSON.parse(row.result) as unknown }
      })

      const entryOf = (r: Selectable<JournalTable>): JournalEntry => ({
        seq: toInt(r.id),
        at: r.at,
        actor: r.actor,
        command: r.command,
        payload: JSON.parse(r.payload) as unknown,
        idempotencyKey: r.idempotency_key,
        result: JSON.parse(r.result) as unknown,
        prevHash: r.prev_hash,
        hash: r.hash
      })

      const search = Effect.fnUntraced(function* (query: JournalQuery) {
        let q = database.db.selectFrom("journal")
        if (query.actor) q = q.where("actor", "=", query.actor)
        // The prefix is matched with substr, not LIKE, so % and _ in user text mean nothing special.
        if (query.command) {
          const prefix = query.command
          q = q.where(sql`substr(command, 1, ${prefix.length})`, "=", prefix)
        }
        if (query.from) q = q.where("at", ">=", `${query.from}T00:00:00.000Z`)
        if (query.to) q = q.where("at", "<=", `${query.to}T23:59:59.999Z`)
        const rows = yield* run(() =>
          q
            .selectAll()
            .orderBy("id", "desc")
            .limit(query.limit ?? 50)
            .offset(query.offset ?? 0)
            .execute()
        )
        const count = yield* run(() =>
          q.select(sql<string | number | bigint>`count(*)`.as("n")).executeTakeFirstOrThrow()
        )
        return { items: rows.map(entryOf), total: toInt(count.n) }
      })

      const list = Effect.fnUntraced(function* (options: { afterSeq?: number; limit?: number }) {
        const rows = yield* run(() =>
          database.db
            .selectFrom("journal")
            .selectAll()
            .where("id", ">", options.afterSeq ?? 0)
            .orderBy("id")
            .limit(options.limit ?? 100)
            .execute()
        )
        return rows.map(entryOf)
      })

      const verify = Effect.gen(function* () {
        let prev = genesisHash
        let count = 0
        for (;;) {
          const page = yield* list({ afterSeq: count, limit: 1000 })
          for (const entry of page) {
            count += 1
            if (entry.seq !== count)
              return { _tag: "Broken", seq: entry.seq, reason: `expected entry ${count}` } as const
            if (entry.prevHash !== prev)
              return { _tag: "Broken", seq: entry.seq, reason: "previous hash differs" } as const
            const { hash, prevHash: _, ...body } = entry
            if (entryHash(prev, body) !== hash)
              return { _tag: "Broken", seq: entry.seq, reason: "entry was altered (hash differs)" } as const
            prev = hash
          }
          if (page.length < 1000) break
        }
        const head = yield* run(() =>
          database.db.selectFrom("journal_head").selectAll().executeTakeFirstOrThrow()
        )
        if (toInt(head.seq) !== count || head.hash !== prev)
          return { _tag: "Broken", seq: count, reason: "journal head does not match the last entry" } as const
        return { _tag: "Intact", entries: count, head: prev } as const
      })

      return Journal.of({ reserve, append, findByIdempotencyKey, list, search, verify })
    })
  )
}
