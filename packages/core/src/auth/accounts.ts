import { Clock, Context, Effect, Layer, Schema } from "effect"
import { type Kysely, type Selectable, sql } from "kysely"
import {
  ConflictError,
  type ErrorDescription,
  errorDescription,
  NotFoundError,
  ValidationError
} from "../errors.js"
import { sha256 } from "../journal/canonical.js"
import { type CommandError, type CommandOptions, makeCommandRunner } from "../journal/command.js"
import { Journal } from "../journal/journal.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import { type ApiTokensTable, type DB, toInt } from "../store/schema.js"
import {
  dataVersion,
  dataVersionNow,
  onSessionsEnded,
  SESSIONS_ENDED,
  VERSION_CHANNEL,
  versionKept
} from "../store/version.js"
import { FreeText } from "../text/index.js"
import { checkMessage, type Said, said, say, sayAt } from "../text/messages.js"
import { type Actor, Role } from "./actor.js"
import { hashPassword, randomSecret, verifyPassword } from "./password.js"

/** People (users with passwords and sessions) and programs (bearer tokens). */

export const Login = Schema.Trim.check(
  Schema.isPattern(/^[a-z][a-z0-9._-]{2,39}$/, {
    message: checkMessage("login-shape")
  })
)

const Text = (what: string, max = 100) => FreeText(what, max)

const Password = Schema.String.check(
  Schema.isMinLength(12, { message: checkMessage("characters-at-least", { min: "12" }) }),
  Schema.isMaxLength(200, { message: checkMessage("characters-at-most", { max: "200" }) })
)

const Funds = Schema.Array(Text("a fund id", 80))

const fundsNone = checkMessage("fund-manager-funds-none")
const fundsRule = Schema.makeFilter((input: { role: string; funds?: ReadonlyArray<string> | undefined }) =>
  input.role === "fund-manager" && (input.funds ?? []).length === 0
    ? { path: ["funds"], issue: fundsNone }
    : true
)

export const UserInput = Schema.Struct({
  login: Login,
  displayName: Text("the display name"),
  role: Role,
  funds: Schema.optional(Funds),
  password: Password
}).check(fundsRule)
export type UserInput = typeof UserInput.Type

export const TokenInput = Schema.Struct({
  name: Text("the token name", 80),
  role: Role,
  funds: Schema.optional(Funds)
}).check(fundsRule)

const RevokeInput = Schema.Struct({ name: Text("the token name", 80) })

const LoginOnly = Schema.Struct({ login: Login })

export const RoleInput = Schema.Struct({
  login: Login,
  role: Role,
  funds: Schema.optional(Funds)
}).check(fundsRule)

/** One's own password: the current one (checked against the stored hash) and the new one. */
const OwnPasswordInput = Schema.Struct({ current: Schema.String, password: Password })

/** A new password for a person (20 URL-safe characters, 120 random bits), shown once and never stored. */
export const newPassword = (): string => randomSecret(15)

export interface User {
  readonly id: number
  readonly login: string
  readonly displayName: string
  readonly role: Role
  readonly funds: ReadonlyArray<string>
  readonly createdAt: string
  readonly disabled: boolean
  /** When the person last signed in (listUsers only; undefined elsewhere, null: never). */
  readonly lastSignInAt?: string | null
}

export interface ApiToken {
  readonly id: number
  readonly name: string
  readonly role: Role
  readonly funds: ReadonlyArray<string>
  readonly createdAt: string
  readonly createdBy: string
  readonly revokedAt: string | null
  readonly lastUsedAt: string | null
}

export interface SignedIn {
  /** The cookie's secret: give it to the browser, never store it. */
  readonly sessionToken: string
  readonly csrfToken: string
  readonly expiresAt: string
  readonly user: User
}

export interface SessionInfo {
  readonly actor: Actor
  readonly user: User
  readonly csrfToken: string
  readonly expiresAt: string
}

export class AuthError extends Schema.TaggedError<AuthError>()("AuthError", {
  reason: Schema.Literals(["invalid-credentials", "setup-done"])
}) {
  /** The refusal said from the catalogue: a page words it in its language, the API carries its `code`. */
  get said(): Said {
    return say(this.reason === "invalid-credentials" ? "sign-in-refused" : "setup-done")
  }

  override get message(): string {
    return this.said.message
  }

  get [errorDescription](): ErrorDescription {
    const { code, params } = this.said
    return this.reason === "invalid-credentials"
      ? { status: 401, problem: "unauthorized", title: "Sign-in refused", detail: this.message, code, params }
      : { status: 409, problem: "setup-done", title: "Set up already", detail: this.message, code, params }
  }
}

const decodeRole = Schema.decodeUnknownSync(Role)
const roles: ReadonlyArray<string> = Role.literals
/** A stored role (checked: a known one as is, anything else fails as the schema says). */
const roleOf = (text: string): Role => (roles.includes(text) ? (text as Role) : decodeRole(text))
const fundsOf = (text: string): ReadonlyArray<string> => JSON.parse(text) as Array<string>

const userOf = (row: {
  id: number | bigint | string
  login: string
  display_name: string
  role: string
  funds: string
  created_at: string
  disabled_at: string | null
}): User => ({
  id: toInt(row.id),
  login: row.login,
  displayName: row.display_name,
  role: roleOf(row.role),
  funds: fundsOf(row.funds),
  createdAt: row.created_at,
  disabled: row.disabled_at !== null
})

const tokenOf = (row: Selectable<ApiTokensTable>): ApiToken => ({
  id: toInt(row.id),
  name: row.name,
  role: roleOf(row.role),
  funds: fundsOf(row.funds),
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at
})

export const actorOfUser = (user: User): Actor => ({
  id: user.login,
  role: user.role,
  ...(user.funds.length > 0 ? { funds: user.funds } : {})
})

/** A session as read, kept for a moment by its token's hash (see `session` in {@link Accounts.layer}). */
interface KeptSession {
  readonly session: SessionInfo
  /** The store's data version it was read at: a journaled write since (a role, a disabled person) drops it. */
  readonly version: string
  readonly readAt: number
  readonly expiresAt: number
}
/**
 * How long a session read is answered from memory at most (ms): the bound on a sign-out elsewhere whose
 * notification is late (one in this process, and every journaled change, count at once).
 */
export const SESSION_KEPT_MS = 1000
/** Sessions kept at most (the oldest dropped first). */
const SESSIONS_KEPT = 10_000

/** Tokens are `kj_` + 256 random bits; only their sha256 is stored. */
const tokenPrefix = "kj_"
const sessionHours = 12
/** How stale `last_used_at` may get before a request writes it again (one write a minute at most). */
const lastUsedEveryMs = 60_000

export class Accounts extends Context.Service<
  Accounts,
  {
    readonly hasUsers: Effect.Effect<boolean, StoreError>
    addUser(actor: Actor, input: unknown, options?: CommandOptions): Effect.Effect<User, CommandError<never>>
    /** First run only: creates the first administrator when there are no users at all. */
    setupAdmin(input: unknown): Effect.Effect<User, CommandError<AuthError>>
    readonly listUsers: Effect.Effect<ReadonlyArray<User>, StoreError>
    /** A person's role (and a fund manager's funds); refused when it would leave no active administrator. */
    setRole(actor: Actor, input: unknown): Effect.Effect<User, CommandError<NotFoundError>>
    /** Disables a person (they cannot sign in, their sessions end) or enables them again. */
    setDisabled(
      actor: Actor,
      input: unknown,
      disabled: boolean
    ): Effect.Effect<User, CommandError<NotFoundError>>
    /** A new generated password for a person (returned once); their sessions end. */
    resetPassword(
      actor: Actor,
      input: unknown
    ): Effect.Effect<{ readonly user: User; readonly password: string }, CommandError<NotFoundError>>
    /**
     * A signed-in person's own password, given the current one; their other sessions end (`keepSession`,
     * the cookie's secret of the session making the change, stays).
     */
    changeOwnPassword(
      actor: Actor,
      input: unknown,
      keepSession?: string
    ): Effect.Effect<User, CommandError<NotFoundError>>
    login(login: string, password: string): Effect.Effect<SignedIn, AuthError | StoreError>
    session(sessionToken: string): Effect.Effect<SessionInfo | undefined, StoreError>
    /**
     * The session `session` keeps in memory for `sessionToken`, if it still holds at `millis`, answered
     * without a statement or an effect (what most requests of a signed-in person need); undefined: ask
     * `session`, which reads it (and keeps it).
     */
    keptSession(sessionToken: string, millis: number): SessionInfo | undefined
    logout(sessionToken: string): Effect.Effect<void, StoreError>
    createToken(
      actor: Actor,
      input: unknown
    ): Effect.Effect<{ readonly token: string; readonly record: ApiToken }, CommandError<never>>
    revokeToken(actor: Actor, name: string): Effect.Effect<ApiToken, CommandError<NotFoundError>>
    readonly listTokens: Effect.Effect<ReadonlyArray<ApiToken>, StoreError>
    /** The actor of a bearer token, or undefined for an unknown or revoked one. */
    tokenActor(token: string): Effect.Effect<Actor | undefined, StoreError>
  }
>()("@kejin/core/Accounts") {
  static readonly layer = Layer.effect(
    Accounts,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const db = database.db
      const inDb = <A>(run: () => Promise<A>) => database.query(run)
      const now = Clock.currentTimeMillis.pipe(Effect.map((ms) => new Date(ms).toISOString()))

      const hasUsers = inDb(() => db.selectFrom("users").select("id").limit(1).execute()).pipe(
        Effect.map((rows) => rows.length > 0)
      )

      const insertUser = (trx: Kysely<DB>, input: UserInput, at: string) =>
        Effect.gen(function* () {
          const taken = yield* inDb(() =>
            trx.selectFrom("users").select("id").where("login", "=", input.login).execute()
          )
          if (taken.length > 0) {
            return yield* new ConflictError({
              reason: "duplicate",
              field: "login",
              ...said("login-taken", { login: input.login })
            })
          }
          const passwordHash = yield* Effect.promise(() => hashPassword(input.password))
          const row = yield* inDb(() =>
            trx
              .insertInto("users")
              .values({
                login: input.login,
                display_name: input.displayName,
                role: input.role,
                funds: JSON.stringify(input.funds ?? []),
                password_hash: passwordHash,
                created_at: at
              })
              .returningAll()
              .executeTakeFirstOrThrow()
          )
          return userOf(row)
        })

      const loadUser = (trx: Kysely<DB>, id: number) =>
        inDb(() => trx.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).pipe(
          Effect.map(userOf)
        )

      const userCommand = (name: string) => ({
        name,
        permission: "users.manage" as const,
        input: UserInput,
        // Never journal a password.
        payload: (input: UserInput) => ({ ...input, password: "(hashed, not journalled)" }),
        write: (trx: Kysely<DB>, input: UserInput, slot: { at: string }) => insertUser(trx, input, slot.at),
        resultRef: (user: User) => ({ userId: user.id }),
        replay: (trx: Kysely<DB>, ref: { userId: number }) => loadUser(trx, ref.userId)
      })

      const addUser = (actor: Actor, input: unknown, options?: CommandOptions) =>
        runCommand(userCommand("users.add"), actor, input, options)

      const setupAdmin = (input: unknown) =>
        Effect.gen(function* () {
          if (yield* hasUsers) return yield* new AuthError({ reason: "setup-done" })
          const role = (input as { role?: unknown })?.role
          if (role !== undefined && role !== "admin") {
            return yield* new ValidationError({
              issues: [sayAt("role", "first-user-admin")]
            })
          }
          const command = userCommand("users.setupAdmin")
          return yield* runCommand(
            {
              ...command,
              // Checked again inside the write transaction, after the journal lock: of two concurrent
              // first-run requests only one creates the administrator.
              write: (trx: Kysely<DB>, input: UserInput, slot: { at: string }) =>
                inDb(() => trx.selectFrom("users").select("id").limit(1).execute()).pipe(
                  Effect.flatMap(
                    (rows): Effect.Effect<User, AuthError | ConflictError | StoreError> =>
                      rows.length > 0
                        ? Effect.fail(new AuthError({ reason: "setup-done" }))
                        : insertUser(trx, input, slot.at)
                  )
                )
            },
            { id: "setup", role: "admin" },
            {
              ...(input as object),
              role: "admin"
            }
          )
        })

      const listUsers = inDb(() =>
        db
          .selectFrom("users as u")
          .selectAll("u")
          .select((eb) =>
            eb
              .selectFrom("sessions as s")
              .whereRef("s.user_id", "=", "u.id")
              .select((e) => e.fn.max("s.created_at").as("at"))
              .as("last_sign_in_at")
          )
          .orderBy("u.login")
          .execute()
      ).pipe(
        Effect.map((rows) =>
          rows.map((row) => ({
            ...userOf(row),
            lastSignInAt: (row.last_sign_in_at as string | null) ?? null
          }))
        )
      )

      const findUser = (trx: Kysely<DB>, loginName: string) =>
        inDb(() =>
          trx.selectFrom("users").selectAll().where("login", "=", loginName).executeTakeFirst()
        ).pipe(
          Effect.flatMap((row) =>
            row === undefined
              ? Effect.fail(new NotFoundError({ entity: "person", id: loginName }))
              : Effect.succeed(row)
          )
        )

      /**
       * Nobody could add people, reset passwords or read the audit journal without an active administrator
       * (and no first-run setup comes back once people exist): the last one may not be demoted or disabled.
       */
      const keepAnAdmin = (trx: Kysely<DB>, user: User, field: string) =>
        Effect.gen(function* () {
          if (user.role !== "admin" || user.disabled) return
          const others = yield* inDb(() =>
            trx
              .selectFrom("users")
              .select("id")
              .where("role", "=", "admin")
              .where("disabled_at", "is", null)
              .where("id", "!=", user.id)
              .limit(1)
              .execute()
          )
          if (others.length === 0) {
            return yield* new ValidationError({
              issues: [sayAt(field, "last-active-admin", { login: user.login })]
            })
          }
        })

      const endSessions = (trx: Kysely<DB>, userId: number, at: string, keep?: string) =>
        inDb(() => {
          let q = trx
            .updateTable("sessions")
            .set({ ended_at: at })
            .where("user_id", "=", userId)
            .where("ended_at", "is", null)
          if (keep !== undefined) q = q.where("token_hash", "!=", sha256(keep))
          return q.execute()
        })

      const userResult = {
        resultRef: (user: User) => ({ userId: user.id }),
        replay: (trx: Kysely<DB>, ref: { userId: number }) => loadUser(trx, ref.userId)
      }

      const setRole = (actor: Actor, input: unknown) =>
        runCommand(
          {
            name: "users.setRole",
            permission: "users.manage",
            input: RoleInput,
            write: (trx, change: typeof RoleInput.Type) =>
              Effect.gen(function* () {
                const row = yield* findUser(trx, change.login)
                if (change.role !== "admin") yield* keepAnAdmin(trx, userOf(row), "role")
                yield* inDb(() =>
                  trx
                    .updateTable("users")
                    .set({ role: change.role, funds: JSON.stringify(change.funds ?? []) })
                    .where("id", "=", row.id)
                    .execute()
                )
                return yield* loadUser(trx, toInt(row.id))
              }),
            ...userResult
          },
          actor,
          input
        )

      const setDisabled = (actor: Actor, input: unknown, disabled: boolean) =>
        runCommand(
          {
            name: disabled ? "users.disable" : "users.enable",
            permission: "users.manage",
            input: LoginOnly,
            write: (trx, { login: loginName }: typeof LoginOnly.Type, slot) =>
              Effect.gen(function* () {
                const row = yield* findUser(trx, loginName)
                if (disabled) {
                  yield* keepAnAdmin(trx, userOf(row), "login")
                  yield* endSessions(trx, toInt(row.id), slot.at)
                }
                yield* inDb(() =>
                  trx
                    .updateTable("users")
                    .set({ disabled_at: disabled ? (row.disabled_at ?? slot.at) : null })
                    .where("id", "=", row.id)
                    .execute()
                )
                return yield* loadUser(trx, toInt(row.id))
              }),
            ...userResult
          },
          actor,
          input
        )

      const writePassword = (trx: Kysely<DB>, userId: number, password: string) =>
        Effect.promise(() => hashPassword(password)).pipe(
          Effect.flatMap((hash) =>
            inDb(() =>
              trx.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute()
            )
          )
        )

      const resetPassword = (actor: Actor, input: unknown) => {
        const password = newPassword()
        return runCommand(
          {
            name: "users.resetPassword",
            permission: "users.manage",
            input: LoginOnly,
            write: (trx, { login: loginName }: typeof LoginOnly.Type, slot) =>
              Effect.gen(function* () {
                const row = yield* findUser(trx, loginName)
                yield* writePassword(trx, toInt(row.id), password)
                yield* endSessions(trx, toInt(row.id), slot.at)
                return yield* loadUser(trx, toInt(row.id))
              }),
            ...userResult
          },
          actor,
          input
        ).pipe(Effect.map((user) => ({ user, password })))
      }

      const changeOwnPassword = (actor: Actor, input: unknown, keepSession?: string) =>
        runCommand(
          {
            name: "users.changeOwnPassword",
            // Anyone signed in, for themselves only: the actor's own row is the only one written.
            permission: "dashboard.read",
            input: OwnPasswordInput,
            // Never journal a password: the actor is in the entry already, nothing else is needed.
            payload: () => ({}),
            write: (trx, change: typeof OwnPasswordInput.Type, slot) =>
              Effect.gen(function* () {
                const row = yield* inDb(() =>
                  trx.selectFrom("users").selectAll().where("login", "=", actor.id).executeTakeFirst()
                )
                if (row === undefined || row.disabled_at !== null) {
                  return yield* new NotFoundError({ entity: "person", id: actor.id })
                }
                const ok = yield* Effect.promise(() => verifyPassword(change.current, row.password_hash))
                if (!ok) {
                  return yield* new ValidationError({
                    issues: [sayAt("current", "current-password-wrong")]
                  })
                }
                if (change.current === change.password) {
                  return yield* new ValidationError({
                    issues: [sayAt("password", "password-unchanged")]
                  })
                }
                yield* writePassword(trx, toInt(row.id), change.password)
                yield* endSessions(trx, toInt(row.id), slot.at, keepSession)
                return yield* loadUser(trx, toInt(row.id))
              }),
            ...userResult
          },
          actor,
          input
        )

      const login = Effect.fn("Accounts.login")(function* (loginName: string, password: string) {
        const row = yield* inDb(() =>
          db
            .selectFrom("users")
            .selectAll()
            .where("login", "=", loginName.trim().toLowerCase())
            .executeTakeFirst()
        )
        // Hash even for an unknown login, so timing does not tell which logins exist.
        const ok = yield* Effect.promise(() =>
          verifyPassword(password, row?.password_hash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA")
        )
        if (row === undefined || !ok || row.disabled_at !== null) {
          return yield* new AuthError({ reason: "invalid-credentials" })
        }
        const millis = yield* Clock.currentTimeMillis
        const sessionToken = randomSecret()
        const csrfToken = randomSecret()
        const expiresAt = new Date(millis + sessionHours * 3_600_000).toISOString()
        yield* inDb(() =>
          db
            .insertInto("sessions")
            .values({
              token_hash: sha256(sessionToken),
              user_id: row.id,
              csrf_token: csrfToken,
              created_at: new Date(millis).toISOString(),
              expires_at: expiresAt
            })
            .execute()
        )
        return { sessionToken, csrfToken, expiresAt, user: userOf(row) }
      })

      // A signed-in person's every request asks for their session. The statement is built and compiled once
      // (Kysely would build and compile it again for each request, which cost more than running it), run
      // with the token's hash and the time, and what it found is kept for a moment by the token's hash
      // ({@link SESSION_KEPT_MS}), together with the store's data version it was read at: a kept session is
      // answered only while that version stands, it has not expired, and no sign-out was said since.
      // Everything else that ends a session or changes what it grants (disabling a person, their role or
      // funds, a new password) is a journaled write: it moves the data version, in this process at once
      // and in the others on a PostgreSQL store as soon as its notification arrives (store/version.ts); a
      // sign-out is not journaled, and is said on the same channel (SESSIONS_ENDED). On a PostgreSQL store
      // whose notifications do not reach this process (behind pgbouncer in transaction pooling, or while
      // its listening connection is lost) nothing is kept: every request reads its session.
      const tokenMark = "\u0000token_hash"
      const atMark = "\u0000at"
      const sessionQuery = db
        .selectFrom("sessions as s")
        .innerJoin("users as u", "u.id", "s.user_id")
        .selectAll("u")
        .select(["s.csrf_token", "s.expires_at"])
        .where("s.token_hash", "=", tokenMark)
        .where("s.ended_at", "is", null)
        .where("s.expires_at", ">", atMark)
        .where("u.disabled_at", "is", null)
      const compiledSession = sessionQuery.compile()
      const sessionParameters = (tokenHash: string, at: string) =>
        compiledSession.parameters.map((p) => (p === tokenMark ? tokenHash : p === atMark ? at : p))
      type SessionRow = Awaited<ReturnType<typeof sessionQuery.executeTakeFirst>>

      const primary = database.primary
      const keptSessions = new Map<string, KeptSession>()
      /** Moves whenever kept sessions are dropped, so a read begun before is not kept after. */
      let sessionsDropped = 0
      const dropSessions = () => {
        sessionsDropped += 1
        keptSessions.clear()
      }
      yield* Effect.acquireRelease(
        Effect.sync(() => onSessionsEnded(primary, dropSessions)),
        (stop) => Effect.sync(stop)
      )
      /** Whether this process hears of a session ended elsewhere (SQLite: one server; else a listening keeper). */
      const mayKeepSessions = () => database.pgPool === undefined || versionKept(primary)
      const readSession = (tokenHash: string, at: string) =>
        inDb(() =>
          db.executeQuery<NonNullable<SessionRow>>({
            ...compiledSession,
            parameters: sessionParameters(tokenHash, at)
          })
        ).pipe(
          Effect.map(({ rows: [row] }): SessionInfo | undefined => {
            if (row === undefined) return undefined
            const user = userOf(row)
            return { actor: actorOfUser(user), user, csrfToken: row.csrf_token, expiresAt: row.expires_at }
          })
        )
      const stillGood = (kept: KeptSession | undefined, version: string | undefined, millis: number) =>
        kept !== undefined &&
        kept.version === version &&
        millis - kept.readAt < SESSION_KEPT_MS &&
        millis < kept.expiresAt
      const keptSession = (sessionToken: string, millis: number): SessionInfo | undefined => {
        if (sessionToken === "" || keptSessions.size === 0 || !mayKeepSessions()) return undefined
        const kept = keptSessions.get(sha256(sessionToken))
        return kept !== undefined && stillGood(kept, dataVersionNow(primary), millis)
          ? kept.session
          : undefined
      }
      const session = (sessionToken: string): Effect.Effect<SessionInfo | undefined, StoreError> =>
        sessionToken === ""
          ? Effect.succeed(undefined)
          : Effect.gen(function* () {
              const millis = yield* Clock.currentTimeMillis
              const at = new Date(millis).toISOString()
              const tokenHash = sha256(sessionToken)
              if (!mayKeepSessions()) return yield* readSession(tokenHash, at)
              // The version first: a write committed while the session is read makes what is kept older
              // than the version, never newer (read again next time).
              const version = yield* inDb(() => dataVersion(primary))
              const kept = keptSessions.get(tokenHash)
              if (kept !== undefined && stillGood(kept, version, millis)) return kept.session
              const dropped = sessionsDropped
              const found = yield* readSession(tokenHash, at)
              if (found === undefined || dropped !== sessionsDropped) keptSessions.delete(tokenHash)
              else {
                if (keptSessions.size >= SESSIONS_KEPT)
                  keptSessions.delete(keptSessions.keys().next().value as string)
                keptSessions.set(tokenHash, {
                  session: found,
                  version,
                  readAt: millis,
                  expiresAt: Date.parse(found.expiresAt)
                })
              }
              return found
            })

      const logout = Effect.fn("Accounts.logout")(function* (sessionToken: string) {
        const at = yield* now
        const tokenHash = sha256(sessionToken)
        dropSessions()
        if (database.pgPool === undefined) {
          yield* inDb(() =>
            db.updateTable("sessions").set({ ended_at: at }).where("token_hash", "=", tokenHash).execute()
          )
          return
        }
        // On PostgreSQL the other processes are told with the same statement (delivered if it commits).
        yield* inDb(() =>
          sql`with ended as (update sessions set ended_at = ${at} where token_hash = ${tokenHash} returning 1)
            select pg_notify(${VERSION_CHANNEL}, ${SESSIONS_ENDED}) from ended limit 1`.execute(db)
        )
      })

      const loadToken = (trx: Kysely<DB>, id: number) =>
        inDb(() =>
          trx.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirstOrThrow()
        ).pipe(Effect.map(tokenOf))

      const createToken = (actor: Actor, input: unknown) => {
        const token = `${tokenPrefix}${randomSecret()}`
        return runCommand(
          {
            name: "tokens.create",
            permission: "users.manage",
            input: TokenInput,
            write: (trx, t, slot) =>
              Effect.gen(function* () {
                const taken = yield* inDb(() =>
                  trx.selectFrom("api_tokens").select("id").where("name", "=", t.name).execute()
                )
                if (taken.length > 0) {
                  return yield* new ConflictError({
                    reason: "duplicate",
                    field: "name",
                    ...said("token-name-exists", { name: t.name })
                  })
                }
                const row = yield* inDb(() =>
                  trx
                    .insertInto("api_tokens")
                    .values({
                      name: t.name,
                      role: t.role,
                      funds: JSON.stringify(t.funds ?? []),
                      token_hash: sha256(token),
                      created_at: slot.at,
                      created_by: actor.id
                    })
                    .returningAll()
                    .executeTakeFirstOrThrow()
                )
                return tokenOf(row)
              }),
            resultRef: (record) => ({ tokenId: record.id }),
            replay: (trx, ref: { tokenId: number }) => loadToken(trx, ref.tokenId)
          },
          actor,
          input
        ).pipe(Effect.map((record) => ({ token, record })))
      }

      const revokeToken = (actor: Actor, name: string) =>
        runCommand(
          {
            name: "tokens.revoke",
            permission: "users.manage",
            input: RevokeInput,
            write: (trx, { name: tokenName }: typeof RevokeInput.Type, slot) =>
              Effect.gen(function* () {
                const row = yield* inDb(() =>
                  trx
                    .selectFrom("api_tokens")
                    .selectAll()
                    .where("name", "=", tokenName)
                    .where("revoked_at", "is", null)
                    .executeTakeFirst()
                )
                if (row === undefined)
                  return yield* new NotFoundError({ entity: "active token", id: tokenName })
                yield* inDb(() =>
                  trx
                    .updateTable("api_tokens")
                    .set({ revoked_at: slot.at })
                    .where("id", "=", row.id)
                    .execute()
                )
                return yield* loadToken(trx, toInt(row.id))
              }),
            resultRef: (record) => ({ tokenId: record.id }),
            replay: (trx, ref: { tokenId: number }) => loadToken(trx, ref.tokenId)
          },
          actor,
          { name }
        )

      const listTokens = inDb(() => db.selectFrom("api_tokens").selectAll().orderBy("name").execute()).pipe(
        Effect.map((rows) => rows.map(tokenOf))
      )

      const tokenActor = Effect.fn("Accounts.tokenActor")(function* (token: string) {
        if (!token.startsWith(tokenPrefix)) return undefined
        const row = yield* inDb(() =>
          db
            .selectFrom("api_tokens")
            .selectAll()
            .where("token_hash", "=", sha256(token))
            .where("revoked_at", "is", null)
            .executeTakeFirst()
        )
        if (row === undefined) return undefined
        const millis = yield* Clock.currentTimeMillis
        if (row.last_used_at === null || Date.parse(row.last_used_at) < millis - lastUsedEveryMs) {
          const at = new Date(millis).toISOString()
          yield* inDb(() =>
            db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", row.id).execute()
          )
        }
        const record = tokenOf(row)
        return {
          id: `token:${record.name}`,
          role: record.role,
          ...(record.funds.length > 0 ? { funds: record.funds } : {})
        } satisfies Actor
      })

      return Accounts.of({
        hasUsers,
        addUser,
        setupAdmin,
        listUsers,
        setRole,
        setDisabled,
        resetPassword,
        changeOwnPassword,
        login,
        session,
        keptSession,
        logout,
        createToken,
        revokeToken,
        listTokens,
        tokenActor
      })
    })
  )
}
