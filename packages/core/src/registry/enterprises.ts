import { Context, Effect, Layer, Schema } from "effect"
import { type Kysely, sql } from "kysely"
import { type Actor, authorize, type Permission } from "../auth/actor.js"
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../errors.js"
import { type CommandError, type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Database } from "../store/database.js"
import { type StoreError, uniqueViolationOf } from "../store/errors.js"
import { type DB, toInt } from "../store/schema.js"
import { said, sayAt } from "../text/messages.js"
import { BusinessDate } from "../time/index.js"
import { normalizeUscc } from "./codes.js"
import { addEnterprise, moveEnterprise } from "./operations.js"
import {
  type DistrictSpell,
  type Enterprise,
  type EnterpriseStage,
  FROM_THE_START,
  isLocalDistrict,
  type TechCategory
} from "./schema.js"

export * from "./schema.js"

// ---------------------------------------------------------------------------------------------------------
// Store
// ---------------------------------------------------------------------------------------------------------

/** `text` with the LIKE wildcards `%` and `_` and the escape character `\` itself escaped by `\`. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** What the credit-code part of a search may be: the start of a code (its alphabet, up to 18 characters). */
const CODE_PREFIX = /^[0-9A-Z]{1,18}$/

/** Kysely queries for enterprises: plain promises, the service wraps them in Effect. */
export const findEnterprises = async (
  db: Kysely<DB>,
  where: {
    readonly uscc?: string
    readonly id?: number
    /**
     * A search: the name contains `q` (letter case ignored), or the credit code starts with it (as
     * `normalizeUscc` writes it: half-width, upper case, no spaces or hyphens). `%`, `_` and `\` are
     * plain characters. Empty: no filter.
     */
    readonly q?: string
    readonly limit?: number
    readonly offset?: number
    /** Only the enterprises after this id (a keyset read). */
    readonly afterId?: number
  }
): Promise<ReadonlyArray<Enterprise>> => {
  let query = db.selectFrom("enterprises").selectAll()
  if (where.uscc !== undefined) query = query.where("uscc", "=", where.uscc)
  if (where.id !== undefined) query = query.where("id", "=", where.id)
  if (where.afterId !== undefined) query = query.where("id", ">", where.afterId)
  const q = where.q?.trim() ?? ""
  if (q !== "") {
    // The escape character goes in as a bound value: no backslash in SQL text, whatever the dialect's
    // string-literal rules.
    const name = sql<boolean>`lower(name) like lower(${`%${escapeLike(q)}%`}) escape ${"\\"}`
    const code = normalizeUscc(q)
    query = query.where(
      CODE_PREFIX.test(code) ? ({ or }) => or([name, sql<boolean>`uscc like ${`${code}%`}`]) : name
    )
  }
  const rows = await query
    .orderBy("id")
    .limit(where.limit ?? 1000)
    .offset(where.offset ?? 0)
    .execute()
  if (rows.length === 0) return []
  const spells = await db
    .selectFrom("enterprise_districts")
    .select(["enterprise_id", "district", "since"])
    .where(
      "enterprise_id",
      "in",
      rows.map((r) => r.id)
    )
    .orderBy("enterprise_id")
    .orderBy("since")
    .execute()
  const byEnterprise = new Map<number, Array<DistrictSpell>>()
  for (const s of spells) {
    const id = toInt(s.enterprise_id)
    const list = byEnterprise.get(id) ?? []
    list.push({
      district: s.district,
      since: s.since === FROM_THE_START ? null : s.since,
      local: isLocalDistrict(s.district)
    })
    byEnterprise.set(id, list)
  }
  return rows.map((r): Enterprise => {
    const districts = byEnterprise.get(toInt(r.id)) ?? []
    const current = districts[districts.length - 1]
    if (current === undefined) throw new Error(`enterprise ${r.uscc} has no district`)
    return {
      id: toInt(r.id),
      uscc: r.uscc,
      name: r.name,
      industry: r.industry,
      stage: r.stage as EnterpriseStage,
      techCategory: r.tech_category as TechCategory,
      registeredOn: r.registered_on,
      district: current.district,
      local: current.local,
      districts,
      journalSeq: toInt(r.journal_id)
    }
  })
}

export const findEnterprise = async (
  db: Kysely<DB>,
  where: { readonly uscc?: string; readonly id?: number }
) => (await findEnterprises(db, { ...where, limit: 1 }))[0]

/** The district an enterprise was registered in on `date` (its latest spell starting on or before it). */
export const enterpriseDistrictAt = async (db: Kysely<DB>, enterpriseId: number, date: string) => {
  const row = await db
    .selectFrom("enterprise_districts")
    .select("district")
    .where("enterprise_id", "=", enterpriseId)
    .where("since", "<=", date)
    .orderBy("since", "desc")
    .limit(1)
    .executeTakeFirst()
  return row?.district
}

// ---------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------

const duplicate = (uscc: string) =>
  new ConflictError({
    reason: "duplicate",
    field: "uscc",
    ...said("enterprise-uscc-exists", { uscc })
  })

const isDuplicateUscc = (error: unknown): error is StoreError =>
  /enterprises(\.uscc|_uscc)/.test(uniqueViolationOf(error) ?? "")

/** Who records a move (besides `enterprises.write`, which reaches the route): the registry's keepers. */
const KEEPERS: Permission = "institutions.write"

const notFound = (uscc: string) => new NotFoundError({ entity: "enterprise", id: uscc })

/** A page of the registry, optionally searched (`Enterprises.list`). */
export interface EnterpriseQuery {
  /** Name substring or credit-code prefix; blank: every enterprise. */
  readonly q?: string | undefined
  readonly limit?: number | undefined
  readonly offset?: number | undefined
  /** Only the enterprises after this id (a keyset read, for the exports; not a parameter of the API). */
  readonly afterId?: number | undefined
}

/** The longest search text (the longest name the registry takes). */
export const MAX_ENTERPRISE_QUERY = 200

export interface DistrictAt {
  readonly district: string
  readonly local: boolean
}

/**
 * The enterprise registry (企业库): one record per unified social credit code, with a dated district
 * history so "was it a Wenzhou enterprise on that date" has an answer (a move is a new dated spell,
 * never an update). Writes need `enterprises.write` (admin, bureau, fund managers: whoever records
 * deals or pledges must be able to register the enterprise first).
 */
export class Enterprises extends Context.Service<
  Enterprises,
  {
    /** Registers an enterprise; a credit code already registered fails with ConflictError (field `uscc`). */
    add(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Enterprise, CommandError<never>>
    /**
     * Records a move: from `since` on the enterprise is registered in `district`. Earlier dates keep
     * their district. A second spell starting the same day: ConflictError (field `since`).
     */
    move(
      actor: Actor,
      input: unknown,
      options?: CommandOptions
    ): Effect.Effect<Enterprise, CommandError<NotFoundError>>
    byUscc(uscc: string): Effect.Effect<Enterprise, NotFoundError | StoreError>
    get(id: number): Effect.Effect<Enterprise, NotFoundError | StoreError>
    /**
     * Enterprises in the order they were registered (by id), `limit` (1–1000, default 100) from
     * `offset`. With `q`, only those whose name contains it (letter case ignored) or whose credit code
     * starts with it (spaces, hyphens, full-width characters and case ignored), searched in SQL; `%`,
     * `_` and `\` match themselves. `q` has at most 200 characters; empty or blank means no filter.
     */
    list(query?: EnterpriseQuery): Effect.Effect<ReadonlyArray<Enterprise>, ValidationError | StoreError>
    /** Its district on `date` and whether that is a Wenzhou one. */
    districtAt(
      uscc: string,
      date: string
    ): Effect.Effect<DistrictAt, ValidationError | NotFoundError | StoreError>
  }
>()("@kejin/core/Enterprises") {
  static readonly layer = Layer.effect(
    Enterprises,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const load = (trx: Kysely<DB>, id: number) =>
        inDb(() => findEnterprise(trx, { id })).pipe(
          Effect.flatMap((e) =>
            e === undefined ? Effect.die(new Error(`enterprise ${id} vanished`)) : Effect.succeed(e)
          )
        )

      const add = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: addEnterprise.command ?? addEnterprise.name,
            permission: addEnterprise.permission,
            input: addEnterprise.input,
            write: (trx, e, slot) =>
              Effect.gen(function* () {
                const existing = yield* inDb(() => findEnterprise(trx, { uscc: e.uscc }))
                if (existing !== undefined) return yield* duplicate(e.uscc)
                const row = yield* inDb(() =>
                  trx
                    .insertInto("enterprises")
                    .values({
                      uscc: e.uscc,
                      name: e.name,
                      industry: e.industry,
                      stage: e.stage,
                      tech_category: e.techCategory,
                      registered_on: e.registeredOn ?? null,
                      journal_id: slot.seq
                    })
                    .returning("id")
                    .executeTakeFirstOrThrow()
                )
                const id = toInt(row.id)
                yield* inDb(() =>
                  trx
                    .insertInto("enterprise_districts")
                    .values({
                      enterprise_id: id,
                      district: e.district,
                      since: FROM_THE_START,
                      journal_id: slot.seq
                    })
                    .execute()
                )
                return yield* load(trx, id)
              }),
            resultRef: (e) => ({ enterpriseId: e.id }),
            replay: (trx, ref: { enterpriseId: number }) => load(trx, ref.enterpriseId)
          },
          actor,
          input,
          options
        ).pipe(
          Effect.catchIf(isDuplicateUscc, () =>
            Effect.fail(duplicate(String((input as { uscc?: unknown })?.uscc ?? "")))
          ),
          Effect.withSpan("Enterprises.add")
        )

      const move = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(
          {
            name: moveEnterprise.command ?? moveEnterprise.name,
            permission: moveEnterprise.permission,
            input: moveEnterprise.input,
            write: (trx, m, slot, actor) =>
              Effect.gen(function* () {
                // A move changes the local (返投) figures of every fund that invested in the enterprise,
                // so it is for the registry's keepers (admin, bureau), not for fund managers.
                const forbidden = authorize(actor, KEEPERS)
                if (forbidden) return yield* forbidden
                const enterprise = yield* inDb(() => findEnterprise(trx, { uscc: m.uscc }))
                if (enterprise === undefined) return yield* notFound(m.uscc)
                if (enterprise.districts.some((d) => d.since === m.since)) {
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "since",
                    ...said("enterprise-district-since-exists", { uscc: m.uscc, since: m.since })
                  })
                }
                const before = yield* inDb(() => enterpriseDistrictAt(trx, enterprise.id, m.since))
                if (before === m.district) {
                  return yield* new ValidationError({
                    issues: [sayAt("district", "enterprise-district-same", { since: m.since })]
                  })
                }
                yield* inDb(() =>
                  trx
                    .insertInto("enterprise_districts")
                    .values({
                      enterprise_id: enterprise.id,
                      district: m.district,
                      since: m.since,
                      journal_id: slot.seq
                    })
                    .execute()
                )
                return yield* load(trx, enterprise.id)
              }),
            resultRef: (e) => ({ enterpriseId: e.id }),
            replay: (trx, ref: { enterpriseId: number }) => load(trx, ref.enterpriseId)
          },
          actor,
          input,
          options
        ).pipe(Effect.withSpan("Enterprises.move"))

      const byUscc = Effect.fn("Enterprises.byUscc")(function* (uscc: string) {
        const e = yield* inDb(() => findEnterprise(database.db, { uscc }))
        if (e === undefined) return yield* notFound(uscc)
        return e
      })

      const get = Effect.fn("Enterprises.get")(function* (id: number) {
        const e = yield* inDb(() => findEnterprise(database.db, { id }))
        if (e === undefined) return yield* new NotFoundError({ entity: "enterprise", id: String(id) })
        return e
      })

      const list = Effect.fn("Enterprises.list")(function* (query: EnterpriseQuery = {}) {
        const limit = query.limit ?? 100
        const offset = query.offset ?? 0
        const q = query.q
        const issues: Array<FieldIssue> = []
        if (q !== undefined && (typeof q !== "string" || q.trim().length > MAX_ENTERPRISE_QUERY))
          issues.push(sayAt("q", "query-text-at-most", { max: String(MAX_ENTERPRISE_QUERY) }))
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "1000" }))
        if (!Number.isInteger(offset) || offset < 0)
          issues.push(sayAt("offset", "whole-number-at-least", { min: "0" }))
        const afterId = query.afterId
        if (afterId !== undefined && !Number.isSafeInteger(afterId)) issues.push(sayAt("afterId", "row-id"))
        if (issues.length > 0) return yield* new ValidationError({ issues })
        return yield* inDb(() =>
          findEnterprises(database.db, {
            limit,
            offset,
            ...(q === undefined ? {} : { q }),
            ...(afterId === undefined ? {} : { afterId })
          })
        )
      })

      const districtAt = Effect.fn("Enterprises.districtAt")(function* (uscc: string, date: string) {
        const check = Schema.decodeUnknownExit(BusinessDate)(date)
        if (check._tag === "Failure")
          return yield* new ValidationError({
            issues: [sayAt("date", "date-format")]
          })
        const e = yield* byUscc(uscc)
        const district = yield* inDb(() => enterpriseDistrictAt(database.db, e.id, date))
        if (district === undefined) return yield* Effect.die(new Error(`enterprise ${uscc} has no district`))
        return { district, local: isLocalDistrict(district) }
      })

      return Enterprises.of({ add, move, byUscc, get, list, districtAt })
    })
  )
}
