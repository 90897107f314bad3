import { Clock, Context, Effect, Layer, Predicate, Schema } from "effect"
import { type Kysely, type Selectable, sql } from "kysely"
import { type Actor, systemActor } from "../auth/actor.js"
import { fundAggregateDifferences } from "../equity/aggregates.js"
import { type ErrorDescription, errorDescription } from "../errors.js"
import { linkageAggregateDifferences } from "../linkage/aggregates.js"
import { aggregateDifferences } from "../pledges/aggregates.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { type DB, type JournalTable, toInt } from "../store/schema.js"
import { canonicalJson, sha256 } from "./canonical.js"
import {
  type AuditFinding,
  appliedMigrations,
  captureAll,
  captureRecords,
  chainStart,
  Findings,
  genesisRecords,
  type InPlaceSnapshot,
  type RecordKeeping,
  type RecordsDigest,
  snapshotInPlace,
  verifyAllRecords,
  verifyCommitments,
  verifyRecentRecords
} from "./records.js"

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
  /** The records the entry wrote (count and sha256 over their content); absent before 0012 and for none. */
  readonly records?: RecordsDigest | undefined
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
  /** How the records the entry wrote are kept (default `content`; a write batch, an import: `digest`). */
  readonly keeping?: RecordKeeping | undefined
}

export interface JournalQuery {
  readonly actor?: string | undefined
  /** A command name or its prefix, e.g. `pledges.` */
  readonly command?: string | undefined
  /** Exactly this command (`pledges.record`, not `pledges.recordMany` too). */
  readonly commandIs?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  /** Entries at or after this instant (ISO, UTC), e.g. the start of a day in Asia/Shanghai. */
  readonly atFrom?: string | undefined
  /** Entries before this instant (ISO, UTC). */
  readonly atBefore?: string | undefined
  /** Entries older than this one (a keyset page: an export reads on from its last entry). */
  readonly beforeSeq?: number | undefined
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export type VerifyResult =
  | { readonly _tag: "Intact"; readonly entries: number; readonly head: string }
  | { readonly _tag: "Broken"; readonly seq: number; readonly reason: string }

export const genesisHash = "0".repeat(64)

/**
 * `full`: the chain, every entry's kept records against its hash, every record of every audited table
 * against the journal. `quick`: the chain, the latest {@link quickRecentEntries} entries' kept records
 * against their hashes, the latest {@link quickRecentRecords} records against the rows, the in-place
 * tables in full, and every other table's row count against the records the journal wrote into it.
 */
export type AuditMode = "quick" | "full"

export const quickRecentEntries = 100
export const quickRecentRecords = 10_000

/** A verification of the journal and of the records against it. */
export interface AuditReport {
  readonly mode: AuditMode
  readonly ok: boolean
  readonly startedAt: string
  readonly finishedAt: string
  readonly chain: VerifyResult
  /** Journal entries in the chain. */
  readonly entries: number
  /** Stored records compared with the journal. */
  readonly records: number
  /** Every finding, counted; `findings` lists the first ones. */
  readonly findingCount: number
  readonly findings: ReadonlyArray<AuditFinding>
  /**
   * `full` only: the maintained aggregates — the pledge figures' (pledges/aggregates.ts), the fund metrics'
   * inputs (equity/aggregates.ts) and the linkage pilots' volumes (linkage/aggregates.ts) — against their
   * recomputation from the records — each difference as expected (recomputed) and found (stored).
   */
  readonly aggregates?: {
    readonly differenceCount: number
    readonly differences: ReadonlyArray<AuditFinding>
  }
}

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
    /**
     * Takes the next sequence number; on PostgreSQL this row lock orders concurrent writers. `command`
     * names the write: a command that updates a table in place has that table read here, to compare after.
     */
    reserve(trx: Kysely<DB>, command?: string): Effect.Effect<JournalSlot, StoreError>
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
    /**
     * The chain, and the stored records against the content the journal gave them (see {@link AuditMode});
     * keeps the outcome (audit_runs) for `lastAudit`. Lists at most `limit` findings (default 1000).
     */
    audit(mode: AuditMode, options?: { readonly limit?: number }): Effect.Effect<AuditReport, StoreError>
    /** The latest verification kept, if any. */
    readonly lastAudit: Effect.Effect<AuditReport | undefined, StoreError>
  }
>()("@kejin/core/Journal") {
  static readonly layer = Layer.effect(
    Journal,
    Effect.gen(function* () {
      const database = yield* Database
      const run = <A>(f: () => Promise<A>) => database.query(() => f())
      const rowsPerInsert = database.caps.rowsPerInsert(5)
      /** The in-place tables as each reserved slot found them, for its append to see what changed. */
      const before = new WeakMap<JournalSlot, InPlaceSnapshot>()

      const reserve = Effect.fnUntraced(function* (trx: Kysely<DB>, command?: string) {
        const millis = yield* Clock.currentTimeMillis
        const head = yield* run(() =>
          trx
            .updateTable("journal_head")
            .set((eb) => ({ seq: eb("seq", "+", 1) }))
            .where("id", "=", 1)
            .returning(["seq", "hash"])
            .executeTakeFirstOrThrow()
        )
        const slot: JournalSlot = {
          seq: toInt(head.seq),
          prevHash: head.hash,
          at: new Date(millis).toISOString()
        }
        // After the head's row lock: on PostgreSQL no other writer changes them until this one commits.
        if (command !== undefined) before.set(slot, yield* run(() => snapshotInPlace(trx, command)))
        return slot
      })

      const append = Effect.fnUntraced(function* (trx: Kysely<DB>, slot: JournalSlot, entry: JournalAppend) {
        // The one hook of the write path: what this transaction wrote, read back, kept and committed to.
        const records = yield* run(() =>
          captureRecords(trx, slot.seq, before.get(slot), rowsPerInsert, entry.keeping)
        )
        before.delete(slot)
        return yield* appendWith(trx, slot, entry, records)
      })

      const appendWith = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        slot: JournalSlot,
        entry: JournalAppend,
        records: RecordsDigest | null
      ) {
        const body = {
          seq: slot.seq,
          at: slot.at,
          actor: entry.actor.id,
          command: entry.command,
          payload: entry.payload,
          idempotencyKey: entry.idempotencyKey ?? null,
          result: entry.result,
          ...(records === null ? {} : { records })
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
              hash,
              records: records === null ? null : canonicalJson(records)
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
        hash: r.hash,
        ...(r.records === null ? {} : { records: JSON.parse(r.records) as RecordsDigest })
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
        if (query.commandIs) q = q.where("command", "=", query.commandIs)
        if (query.atFrom) q = q.where("at", ">=", query.atFrom)
        if (query.atBefore) q = q.where("at", "<", query.atBefore)
        if (query.beforeSeq !== undefined) q = q.where("id", "<", query.beforeSeq)
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
        // A store that began after 0012 commits to the records it began with (journal_id 0) in its start.
        let prev = chainStart(genesisHash, yield* run(() => genesisRecords(database.db)))
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

      const audit = Effect.fnUntraced(function* (mode: AuditMode, options?: { readonly limit?: number }) {
        const startedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
        const chain = yield* verify
        const findings = new Findings(options?.limit ?? 1000)
        const db = database.db
        const entries = Predicate.isTagged(chain, "Intact") ? chain.entries : chain.seq
        const head = toInt(
          (yield* run(() => db.selectFrom("journal_head").select("seq").executeTakeFirstOrThrow())).seq
        )
        yield* run(() =>
          verifyCommitments(db, findings, mode === "full" ? 0 : Math.max(0, head - quickRecentEntries))
        )
        const records = yield* run(() =>
          mode === "full"
            ? verifyAllRecords(db, findings)
            : verifyRecentRecords(db, findings, quickRecentRecords)
        )
        // The full verification also recomputes the maintained aggregates from the records: the pledge
        // figures', the fund metrics' inputs and the linkage pilots' volumes.
        // (The fund and linkage ones once migration 0027 has made them: a store opened without migrating.)
        const applied = mode === "full" ? yield* run(() => appliedMigrations(db)) : new Set<string>()
        const aggregates =
          mode === "full"
            ? [
                ...(yield* run(() => aggregateDifferences(db))),
                ...(applied.has("0027_fund_linkage_aggregates")
                  ? [
                      ...(yield* run(() => fundAggregateDifferences(db))),
                      ...(yield* run(() => linkageAggregateDifferences(db)))
                    ]
                  : [])
              ].map(
                (d): AuditFinding => ({
                  kind: "changed",
                  table: d.table,
                  key: d.key,
                  fields: [{ field: d.column, expected: d.expected, found: d.found }],
                  detail: "recomputed from the records"
                })
              )
            : undefined
        const finishedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
        const report: AuditReport = {
          mode,
          ok: Predicate.isTagged(chain, "Intact") && findings.total === 0 && (aggregates?.length ?? 0) === 0,
          startedAt,
          finishedAt,
          chain,
          entries,
          records,
          findingCount: findings.total,
          findings: findings.items,
          ...(aggregates === undefined
            ? {}
            : { aggregates: { differenceCount: aggregates.length, differences: aggregates.slice(0, 1000) } })
        }
        yield* run(() =>
          db
            .insertInto("audit_runs")
            .values({
              mode,
              started_at: startedAt,
              finished_at: finishedAt,
              ok: report.ok ? 1 : 0,
              entries,
              records,
              findings: findings.total,
              report: canonicalJson({ ...report, findings: report.findings.slice(0, 100) })
            })
            .execute()
        )
        return report
      })

      const lastAudit = Effect.gen(function* () {
        const row = yield* run(() =>
          database.db
            .selectFrom("audit_runs")
            .select("report")
            .orderBy("id", "desc")
            .limit(1)
            .executeTakeFirst()
        )
        return row === undefined ? undefined : (JSON.parse(row.report) as AuditReport)
      })

      /**
       * Rows written before 0012 have no digest: the first open after it records every audited row, once. In
       * a store without a journal entry yet (a fresh one: the targets 0003 seeds) as journal_id 0, which the
       * chain's start then commits to; otherwise in a journal entry of its own, `audit.baseline`.
       */
      const baseline = database.transaction((trx) =>
        Effect.gen(function* () {
          // On PostgreSQL a second server opening at the same moment waits here, then finds it done.
          const claimed = yield* run(() =>
            trx
              .updateTable("audit_state")
              .set({ baseline: "done" })
              .where("id", "=", 1)
              .where("baseline", "=", "pending")
              .executeTakeFirst()
          )
          if (claimed.numUpdatedRows === 0n) return
          const head = yield* run(() =>
            trx.selectFrom("journal_head").select("seq").executeTakeFirstOrThrow()
          )
          if (toInt(head.seq) === 0) {
            const records = yield* run(() => captureAll(trx, 0, rowsPerInsert))
            yield* run(() =>
              trx
                .updateTable("journal_head")
                .set({ hash: chainStart(genesisHash, records) })
                .where("id", "=", 1)
                .execute()
            )
            return
          }
          const slot = yield* reserve(trx)
          before.delete(slot)
          const records = yield* run(() => captureAll(trx, slot.seq, rowsPerInsert))
          yield* appendWith(
            trx,
            slot,
            {
              actor: systemActor,
              command: "audit.baseline",
              payload: { reason: "records written before 0012_record_digests" },
              payloadHash: sha256("audit.baseline"),
              idempotencyKey: undefined,
              result: { records: records?.count ?? 0 }
            },
            records
          )
        })
      )
      yield* baseline

      return Journal.of({ reserve, append, findByIdempotencyKey, list, search, verify, audit, lastAudit })
    })
  )
}
