import { Clock, Effect } from "effect"
import { sha256 } from "../journal/canonical.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { randomSecret } from "./password.js"

/*
 * Forms sent without JavaScript after the session ended (the server's auth/kept-forms.ts keeps them and
 * fills them in again): in the store, so every server process on it finds them. The browser holds a
 * random id (a cookie); the store holds only its sha256, so reading the table gives no cookie to send.
 * Not a record: written without a journal entry, not read by the audit (journal/records.ts), copied by a
 * backup as any table. Expired rows are deleted lazily, whenever a form is kept.
 */

/** The table of this module (migration 0028), added to the store's `DB` where it is declared. */
export interface KeptFormsTable {
  id_sha256: string
  login: string | null
  page: string
  action: string
  /** The fields as a JSON array of [name, value] pairs. */
  fields: string
  created_at: string
  expires_at: string
}

declare module "../store/schema.js" {
  interface DB {
    kept_forms: KeptFormsTable
  }
}

/** How long a form is kept: 15 minutes. */
export const KEPT_FORM_MINUTES = 15
/** At most this many forms are kept at once (past it, a form is not kept: its page opens empty). */
const MAX_KEPT = 10_000
/** At most this much text of fields is kept of one form. */
const MAX_FIELDS_CHARS = 64 * 1024
/** A field never kept: the CSRF token, the method override, and anything that names a secret. */
const NOT_KEPT = /^_csrf$|^_method$|password|passwd|secret|token/i

/** Whether a form field of this name may be kept (not a password, a token, the CSRF token). */
export const mayKeepField = (name: string): boolean => !NOT_KEPT.test(name)

export interface KeptForm {
  /** The page to come back to (path and query): the form's page. */
  readonly page: string
  /** Where the form posts (path and query): which form of the page it is. */
  readonly action: string
  readonly values: ReadonlyArray<readonly [string, string]>
  /** The person whose (ended) session sent it, when the browser still named one. */
  readonly login: string | null
}

const iso = (millis: number) => new Date(millis).toISOString()

/** The person of the session named by a cookie's secret, expired or ended (undefined: none). */
const loginOfSession = (sessionToken: string | undefined) =>
  Effect.gen(function* () {
    if (sessionToken === undefined || sessionToken === "") return null
    const database = yield* Database
    const row = yield* database.query(() =>
      database.primary
        .selectFrom("sessions as s")
        .innerJoin("users as u", "u.id", "s.user_id")
        .select("u.login")
        .where("s.token_hash", "=", sha256(sessionToken))
        .executeTakeFirst()
    )
    return row?.login ?? null
  })

/**
 * Keeps a form for {@link KEPT_FORM_MINUTES} minutes and returns the id for the browser's cookie;
 * undefined when it is not kept (its fields too long, or too many forms kept at once). Fields that may
 * not be kept ({@link mayKeepField}) are dropped here whatever the caller sent. `sessionToken`, the
 * browser's ended session, names the person: only they get the form back.
 */
export const keepForm = (form: {
  readonly page: string
  readonly action: string
  readonly values: ReadonlyArray<readonly [string, string]>
  readonly sessionToken?: string | undefined
}): Effect.Effect<string | undefined, StoreError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const db = database.primary
    const fields = JSON.stringify(form.values.filter(([name]) => mayKeepField(name)))
    if (fields.length > MAX_FIELDS_CHARS) return undefined
    const millis = yield* Clock.currentTimeMillis
    const now = iso(millis)
    yield* database.query(() => db.deleteFrom("kept_forms").where("expires_at", "<=", now).execute())
    const { count } = yield* database.query(() =>
      db
        .selectFrom("kept_forms")
        .select((eb) => eb.fn.countAll<number | string | bigint>().as("count"))
        .executeTakeFirstOrThrow()
    )
    if (Number(count) >= MAX_KEPT) return undefined
    const login = yield* loginOfSession(form.sessionToken)
    const id = randomSecret()
    yield* database.query(() =>
      db
        .insertInto("kept_forms")
        .values({
          id_sha256: sha256(id),
          login,
          page: form.page,
          action: form.action,
          fields,
          created_at: now,
          expires_at: iso(millis + KEPT_FORM_MINUTES * 60_000)
        })
        .execute()
    )
    return id
  })

/** The form kept under the cookie's `id`, if it is still kept (an expired one is deleted on the way). */
export const keptForm = (id: string): Effect.Effect<KeptForm | undefined, StoreError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const db = database.primary
    const row = yield* database.query(() =>
      db.selectFrom("kept_forms").selectAll().where("id_sha256", "=", sha256(id)).executeTakeFirst()
    )
    if (row === undefined) return undefined
    const now = iso(yield* Clock.currentTimeMillis)
    if (row.expires_at <= now) {
      yield* forgetKeptForm(id)
      return undefined
    }
    return {
      page: row.page,
      action: row.action,
      values: JSON.parse(row.fields) as ReadonlyArray<readonly [string, string]>,
      login: row.login
    }
  })

/** Forgets the form kept under `id` (used once, or refused). */
export const forgetKeptForm = (id: string): Effect.Effect<void, StoreError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    yield* database.query(() =>
      database.primary.deleteFrom("kept_forms").where("id_sha256", "=", sha256(id)).execute()
    )
  })
