import { Schema } from "effect"
import { type ErrorDescription, errorDescription } from "../errors.js"
import { type Said, say } from "../text/messages.js"

export const Role = Schema.Literals(["admin", "bureau", "fund-manager", "viewer"])
export type Role = typeof Role.Type

/** Who is acting. Every command takes one; the journal records it. */
export interface Actor {
  /** A stable name: a user's login, a token's name, or `system`. */
  readonly id: string
  readonly role: Role
  /** For fund managers: the funds they may write to. */
  readonly funds?: ReadonlyArray<string>
}

/** The actor of the embedded Promise API and the CLI unless the caller names another. */
export const systemActor: Actor = { id: "system", role: "admin" }

/** What an actor may do. Fund-scoped permissions also check `actor.funds` where a fund is named. */
export const permissions = [
  "dashboard.read",
  "pledges.read",
  "pledges.write",
  "targets.read",
  "targets.write",
  "funds.read",
  "funds.write",
  // The registry: enterprises (investees, pledgors) may be added by whoever records deals or pledges;
  // institutions (banks, insurers, guarantors, fund managers) only by the bureau and admins.
  "enterprises.write",
  "institutions.write",
  // The linkage pilots (五): loans, policies, pools and claims, bonds; recorded by the bureau and admins.
  "linkage.write",
  "users.manage",
  "audit.read",
  // Alerts (提醒): read by admins, the bureau and fund managers (their funds' alerts), not by viewers;
  // the webhook's record of what it sent is written by the server (system).
  "alerts.read",
  "alerts.send"
] as const
export type Permission = (typeof permissions)[number]

const readAll: ReadonlyArray<Permission> = ["dashboard.read", "pledges.read", "targets.read", "funds.read"]

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  bureau: new Set([
    ...readAll,
    "pledges.write",
    "targets.write",
    "enterprises.write",
    "institutions.write",
    "linkage.write",
    "alerts.read"
  ]),
  "fund-manager": new Set([...readAll, "funds.write", "enterprises.write", "alerts.read"]),
  viewer: new Set(readAll)
}

/** The permissions of a role, for documentation and the role × route matrix. */
export const permissionsOf = (role: Role): ReadonlyArray<Permission> => [...grants[role]]

export const can = (actor: Actor, permission: Permission): boolean => grants[actor.role].has(permission)

export class ForbiddenError extends Schema.TaggedError<ForbiddenError>()("ForbiddenError", {
  actor: Schema.String,
  role: Schema.String,
  permission: Schema.String,
  /**
   * The fund a fund manager was refused because it is not theirs: writing to it (`funds.write`) or reading
   * its ledger (`funds.read`); absent when the role itself lacks the permission.
   */
  fund: Schema.optional(Schema.String)
}) {
  /**
   * The refusal said from the catalogue (`forbidden`; `forbidden-fund-write` or `forbidden-fund-ledger`
   * naming the fund): a page words it in its language.
   */
  get said(): Said {
    const { actor, role, fund } = this
    if (fund === undefined) return say("forbidden", { actor, role, permission: this.permission })
    return this.permission === "funds.write"
      ? say("forbidden-fund-write", { actor, role, fund })
      : say("forbidden-fund-ledger", { actor, role, fund })
  }

  override get message(): string {
    return this.said.message
  }

  get [errorDescription](): ErrorDescription {
    const { code, params } = this.said
    return { status: 403, problem: "forbidden", title: "Forbidden", detail: this.message, code, params }
  }
}

export const authorize = (actor: Actor, permission: Permission): ForbiddenError | undefined =>
  can(actor, permission) ? undefined : new ForbiddenError({ actor: actor.id, role: actor.role, permission })

/**
 * Whether `actor` may read fund `code`'s ledger (its individual entries: investments, valuations, exits,
 * commitments, calls, distributions): a fund manager only for the funds in `actor.funds`, every other role
 * with `funds.read` for every fund. The fund's particulars and figures stay readable by all (the city-wide
 * monitoring); the entries are another manager's business.
 */
export const canReadFundLedger = (actor: Actor, code: string): boolean =>
  can(actor, "funds.read") && (actor.role !== "fund-manager" || (actor.funds ?? []).includes(code))
