import { Effect } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { Database } from "../store/database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { versionKept } from "../store/version.js"
import { SESSION_KEPT_MS } from "./accounts.js"

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const password = "correct horse battery"

/** Whether `kejin` hears the other processes' writes and sign-outs now (PostgreSQL's LISTEN). */
const heard = (kejin: Kejin) => kejin.run(Database.use((d) => Effect.succeed(versionKept(d.primary))))
const until = async (what: string, done: () => Promise<boolean>) => {
  for (let i = 0; !(await done()); i++) {
    if (i > 400) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

for (const dialect of testDialects()) {
  describe(`accounts on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("sets up the first administrator once, and only then", async () => {
      expect(await kejin.accounts.hasUsers()).toBe(false)
      const admin = await kejin.accounts.setupAdmin({ login: "admin", displayName: "管理员", password })
      expect(admin.role).toBe("admin")
      const again = await caught(kejin.accounts.setupAdmin({ login: "admin2", displayName: "x", password }))
      expect(again._tag).toBe("AuthError")
      expect(await kejin.accounts.hasUsers()).toBe(true)
    })

    it("creates one administrator when two first-run requests race", async () => {
      const results = await Promise.allSettled([
        kejin.accounts.setupAdmin({ login: "first", displayName: "甲", password }),
        kejin.accounts.setupAdmin({ login: "second", displayName: "乙", password })
      ])
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
      const refused = results.find((r) => r.status === "rejected")
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ _tag: "AuthError" })
      expect(await kejin.accounts.listUsers()).toHaveLength(1)
    })

    it("adds users with validated fields; a fund manager needs funds; passwords never reach the journal", async () => {
      const admin = { id: "admin", role: "admin" } as const
      const bad = await caught(
        kejin.accounts.addUser(
          { login: "X", displayName: "", role: "fund-manager", password: "short" },
          { actor: admin }
        )
      )
      expect(bad._tag).toBe("ValidationError")
      const paths = (bad.issues as Array<{ path: string }>).map((i) => i.path)
      expect(paths).toEqual(expect.arrayContaining(["login", "displayName", "password"]))
      const noFunds = await caught(
        kejin.accounts.addUser(
          { login: "li.na", displayName: "李娜", role: "fund-manager", password },
          { actor: admin }
        )
      )
      expect((noFunds.issues as Array<{ path: string }>)[0]!.path).toBe("funds")
      const manager = await kejin.accounts.addUser(
        { login: "li.na", displayName: "李娜", role: "fund-manager", funds: ["wz-angel-1"], password },
        { actor: admin }
      )
      expect(manager.funds).toEqual(["wz-angel-1"])
      const { items } = await kejin.journal.search({ command: "users." })
      expect(JSON.stringify(items)).not.toContain(password)
      expect(items[0]!.actor).toBe("admin")
      const forbidden = await caught(
        kejin.accounts.addUser(
          { login: "zhao", displayName: "赵", role: "viewer", password },
          { actor: { id: "li.na", role: "fund-manager" } }
        )
      )
      expect(forbidden._tag).toBe("ForbiddenError")
    })

    it("signs in with the right password only, and sessions end at logout", async () => {
      const admin = await kejin.accounts.setupAdmin({ login: "admin", displayName: "管理员", password })
      await kejin.accounts.addUser(
        { login: "li.na", displayName: "李娜", role: "fund-manager", funds: ["wz-angel-1"], password },
        { actor: { id: admin.login, role: "admin" } }
      )
      const wrong = await caught(kejin.accounts.login("admin", "wrong password here"))
      expect(wrong._tag).toBe("AuthError")
      const unknown = await caught(kejin.accounts.login("nobody", password))
      expect(unknown.message).toBe(wrong.message)
      const signedIn = await kejin.accounts.login("li.na", password)
      const session = await kejin.accounts.session(signedIn.sessionToken)
      expect(session?.actor).toEqual({ id: "li.na", role: "fund-manager", funds: ["wz-angel-1"] })
      expect(session?.csrfToken).toBe(signedIn.csrfToken)
      expect(await kejin.accounts.session("forged")).toBeUndefined()
      await kejin.accounts.logout(signedIn.sessionToken)
      expect(await kejin.accounts.session(signedIn.sessionToken)).toBeUndefined()
    })

    it("keeps a session read for a moment: its own process's changes count at once, the expiry too", async () => {
      let now = new Date("2026-03-02T08:00:00.000Z")
      const clocked = await openKejin({ database: database.url, clock: { now: () => now } })
      try {
        const admin = await clocked.accounts.setupAdmin({ login: "admin", displayName: "管理员", password })
        const asAdmin = { actor: { id: admin.login, role: "admin" as const } }
        await clocked.accounts.addUser(
          { login: "wang", displayName: "王", role: "viewer", password },
          asAdmin
        )
        const [first, second] = [
          await clocked.accounts.login("wang", password),
          await clocked.accounts.login("wang", password)
        ]
        // Read again and again (as every request does) within the moment it is kept: each change, then at once.
        for (let i = 0; i < 3; i++)
          expect((await clocked.accounts.session(first.sessionToken))?.actor.role).toBe("viewer")
        await clocked.accounts.setRole({ login: "wang", role: "bureau" }, asAdmin)
        expect((await clocked.accounts.session(first.sessionToken))?.actor.role).toBe("bureau")
        await clocked.accounts.setRole({ login: "wang", role: "fund-manager", funds: ["wz-1"] }, asAdmin)
        expect((await clocked.accounts.session(first.sessionToken))?.actor).toEqual({
          id: "wang",
          role: "fund-manager",
          funds: ["wz-1"]
        })
        expect((await clocked.accounts.session(second.sessionToken))?.actor.id).toBe("wang")
        await clocked.accounts.logout(first.sessionToken)
        expect(await clocked.accounts.session(first.sessionToken)).toBeUndefined()
        expect((await clocked.accounts.session(second.sessionToken))?.actor.id).toBe("wang")
        await clocked.accounts.disableUser("wang", asAdmin)
        expect(await clocked.accounts.session(second.sessionToken)).toBeUndefined()
        await clocked.accounts.enableUser("wang", asAdmin)
        // A new password ends every session of the person (a journaled write).
        const third = await clocked.accounts.login("wang", password)
        expect((await clocked.accounts.session(third.sessionToken))?.actor.id).toBe("wang")
        await clocked.accounts.resetPassword("wang", asAdmin)
        expect(await clocked.accounts.session(third.sessionToken)).toBeUndefined()
        // Expiry: a session signed in at 08:00 holds until its end (12 hours), not a moment longer, kept or not.
        const fourth = await clocked.accounts.login(
          "wang",
          (await clocked.accounts.resetPassword("wang", asAdmin)).password
        )
        now = new Date(Date.parse(fourth.expiresAt) - 500)
        expect((await clocked.accounts.session(fourth.sessionToken))?.actor.id).toBe("wang")
        now = new Date(Date.parse(fourth.expiresAt))
        expect(await clocked.accounts.session(fourth.sessionToken)).toBeUndefined()
      } finally {
        await clocked.close()
      }
    })

    it(`counts another process's sign-out, disabling or role change as soon as it hears of it, and at most ${SESSION_KEPT_MS} ms later`, async () => {
      // Two server processes on one store: `other` signs in, ends and changes what `clocked` then reads.
      let now = new Date("2026-03-02T08:00:00.000Z")
      const clocked = await openKejin({ database: database.url, clock: { now: () => now } })
      const other = await openKejin({ database: database.url })
      const later = (ms: number) => {
        now = new Date(now.getTime() + ms)
      }
      try {
        if (dialect === "postgres")
          await until("both hear", async () => (await heard(clocked)) && (await heard(other)))
        const admin = await other.accounts.setupAdmin({ login: "admin", displayName: "管理员", password })
        const asAdmin = { actor: { id: admin.login, role: "admin" as const } }
        await other.accounts.addUser({ login: "wang", displayName: "王", role: "viewer", password }, asAdmin)
        const first = await other.accounts.login("wang", password)
        const second = await other.accounts.login("wang", password)
        const role = async (token: string) => (await clocked.accounts.session(token))?.actor.role
        expect(await role(first.sessionToken)).toBe("viewer")
        // A journaled change: on SQLite the head is read from the file for each session asked, so at once; on
        // PostgreSQL once the write's notification arrives (no time passes on `clocked`'s clock meanwhile).
        await other.accounts.setRole({ login: "wang", role: "bureau" }, asAdmin)
        if (dialect === "sqlite") expect(await role(first.sessionToken)).toBe("bureau")
        else
          await until("the role change is heard", async () => (await role(first.sessionToken)) === "bureau")
        // A sign-out: on PostgreSQL said on the notification channel; on SQLite (where a second server on one
        // file is not how Kejin is deployed) nothing is said, and the kept session holds for its moment.
        expect(await role(second.sessionToken)).toBe("bureau")
        await other.accounts.logout(first.sessionToken)
        await other.accounts.logout(second.sessionToken)
        if (dialect === "postgres") {
          await until("the sign-out is heard", async () => (await role(first.sessionToken)) === undefined)
        } else {
          expect(await role(first.sessionToken)).toBe("bureau")
          later(SESSION_KEPT_MS)
          expect(await role(first.sessionToken)).toBeUndefined()
        }
        // Whether heard or not: once the moment has passed, every change counts (the bound).
        later(SESSION_KEPT_MS)
        expect(await role(second.sessionToken)).toBeUndefined()
        const third = await other.accounts.login("wang", password)
        expect(await role(third.sessionToken)).toBe("bureau")
        await other.accounts.disableUser("wang", asAdmin)
        later(SESSION_KEPT_MS)
        expect(await role(third.sessionToken)).toBeUndefined()
      } finally {
        await clocked.close()
        await other.close()
      }
    })

    it("creates bearer tokens stored hashed, usable until revoked", async () => {
      const { token, record } = await kejin.accounts.createToken({ name: "etl", role: "bureau" })
      expect(token).toMatch(/^kj_/)
      expect(record.lastUsedAt).toBeNull()
      expect(await kejin.accounts.tokenActor(token)).toEqual({ id: "token:etl", role: "bureau" })
      const [listed] = (await kejin.accounts.listTokens()).filter((t) => t.name === "etl")
      expect(listed!.lastUsedAt).not.toBeNull()
      expect(JSON.stringify(await kejin.journal.search({ command: "tokens." }))).not.toContain(token)
      const dup = await caught(kejin.accounts.createToken({ name: "etl", role: "viewer" }))
      expect(dup._tag).toBe("ConflictError")
      await kejin.accounts.revokeToken("etl")
      expect(await kejin.accounts.tokenActor(token)).toBeUndefined()
      expect((await caught(kejin.accounts.revokeToken("etl")))._tag).toBe("NotFoundError")
    })

    describe("managing people", () => {
      const admin = { id: "admin", role: "admin" } as const
      const setUp = async () => {
        await kejin.accounts.setupAdmin({ login: "admin", displayName: "管理员", password })
        await kejin.accounts.addUser(
          { login: "wang", displayName: "王", role: "bureau", password },
          { actor: admin }
        )
      }

      it("changes a role and funds, journaled, with every issue named", async () => {
        await setUp()
        const bad = await caught(
          kejin.accounts.setRole({ login: "wang", role: "fund-manager" }, { actor: admin })
        )
        expect(bad._tag).toBe("ValidationError")
        expect((bad.issues as Array<{ path: string }>)[0]!.path).toBe("funds")
        const missing = await caught(
          kejin.accounts.setRole({ login: "nobody", role: "viewer" }, { actor: admin })
        )
        expect(missing._tag).toBe("NotFoundError")
        const changed = await kejin.accounts.setRole(
          { login: "wang", role: "fund-manager", funds: ["wz-angel-1"] },
          { actor: admin }
        )
        expect(changed).toMatchObject({ role: "fund-manager", funds: ["wz-angel-1"] })
        const { items } = await kejin.journal.search({ command: "users.setRole" })
        expect(items[0]).toMatchObject({
          actor: "admin",
          payload: { login: "wang", role: "fund-manager", funds: ["wz-angel-1"] }
        })
        const forbidden = await caught(
          kejin.accounts.setRole(
            { login: "admin", role: "viewer" },
            { actor: { id: "wang", role: "bureau" } }
          )
        )
        expect(forbidden._tag).toBe("ForbiddenError")
        // The journal still accounts for every stored record.
        expect((await kejin.journal.audit("full")).ok).toBe(true)
      })

      it("keeps the last active administrator: no demotion, no disabling", async () => {
        await setUp()
        const demote = await caught(
          kejin.accounts.setRole({ login: "admin", role: "bureau" }, { actor: admin })
        )
        expect(demote._tag).toBe("ValidationError")
        expect(demote.message).toContain("last active administrator")
        const disable = await caught(kejin.accounts.disableUser("admin", { actor: admin }))
        expect(disable.message).toContain("last active administrator")
        // With a second administrator, the first may step down.
        await kejin.accounts.setRole({ login: "wang", role: "admin" }, { actor: admin })
        expect(
          (await kejin.accounts.setRole({ login: "admin", role: "viewer" }, { actor: admin })).role
        ).toBe("viewer")
      })

      it("a disabled person cannot sign in and their sessions end; enabled again, they can", async () => {
        await setUp()
        const signedIn = await kejin.accounts.login("wang", password)
        const disabled = await kejin.accounts.disableUser("wang", { actor: admin })
        expect(disabled.disabled).toBe(true)
        expect(await kejin.accounts.session(signedIn.sessionToken)).toBeUndefined()
        expect((await caught(kejin.accounts.login("wang", password)))._tag).toBe("AuthError")
        await kejin.accounts.enableUser("wang", { actor: admin })
        expect(await kejin.accounts.session(signedIn.sessionToken)).toBeUndefined()
        await kejin.accounts.login("wang", password)
        const listed = (await kejin.accounts.listUsers()).find((u) => u.login === "wang")
        expect(listed?.disabled).toBe(false)
        expect(listed?.lastSignInAt).toEqual(expect.any(String))
        const commands = (await kejin.journal.search({ command: "users." })).items.map((e) => e.command)
        expect(commands).toEqual(expect.arrayContaining(["users.disable", "users.enable"]))
      })

      it("resets a password: a new one returned once, never journaled; old sessions end", async () => {
        await setUp()
        const signedIn = await kejin.accounts.login("wang", password)
        const { password: fresh, user } = await kejin.accounts.resetPassword("wang", { actor: admin })
        expect(user.login).toBe("wang")
        expect(fresh.length).toBeGreaterThanOrEqual(12)
        expect(await kejin.accounts.session(signedIn.sessionToken)).toBeUndefined()
        expect((await caught(kejin.accounts.login("wang", password)))._tag).toBe("AuthError")
        await kejin.accounts.login("wang", fresh)
        const { items } = await kejin.journal.search({ command: "users.resetPassword" })
        expect(items[0]!.payload).toEqual({ login: "wang" })
        expect(JSON.stringify(items)).not.toContain(fresh)
      })

      it("changes one's own password with the current one; other sessions end, this one stays", async () => {
        await setUp()
        const here = await kejin.accounts.login("wang", password)
        const elsewhere = await kejin.accounts.login("wang", password)
        const wang = { id: "wang", role: "bureau" } as const
        const fresh = "a new passphrase for wang"
        const wrong = await caught(
          kejin.accounts.changeOwnPassword({ current: "not the password", password: fresh }, { actor: wang })
        )
        expect((wrong.issues as Array<{ path: string }>)[0]!.path).toBe("current")
        const short = await caught(
          kejin.accounts.changeOwnPassword({ current: password, password: "short" }, { actor: wang })
        )
        expect((short.issues as Array<{ path: string }>)[0]!.path).toBe("password")
        await kejin.accounts.changeOwnPassword(
          { current: password, password: fresh },
          { actor: wang, keepSession: here.sessionToken }
        )
        expect(await kejin.accounts.session(here.sessionToken)).toBeDefined()
        expect(await kejin.accounts.session(elsewhere.sessionToken)).toBeUndefined()
        await kejin.accounts.login("wang", fresh)
        const { items } = await kejin.journal.search({ command: "users.changeOwnPassword" })
        expect(items[0]).toMatchObject({ actor: "wang", payload: {} })
        expect(JSON.stringify(items)).not.toContain(fresh)
        expect(JSON.stringify(items)).not.toContain(password)
        // A token has no password of its own.
        const token = await caught(
          kejin.accounts.changeOwnPassword(
            { current: password, password: fresh },
            { actor: { id: "token:etl", role: "bureau" } }
          )
        )
        expect(token._tag).toBe("NotFoundError")
      })
    })
  })
}
