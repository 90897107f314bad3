import { Schema } from "effect"

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

export type Permission = "pledges.write" | "pledges.read" | "targets.read" | "targets.write"

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(["pledges.write", "pledges.read", "targets.read", "targets.write"]),
  bureau: new Set(["pledges.write", "pledges.read", "targets.read", "targets.write"]),
  "fund-manager": new Set(["pledges.read", "targets.read"]),
  viewer: new Set(["pledges.read", "targets.read"])
}

export const can = (actor: Actor, permission: Permission): boolean => grants[actor.role].has(permission)

export class ForbiddenError extends Schema.TaggedError<ForbiddenError>()("ForbiddenError", {
  actor: Schema.String,
  role: Schema.String,
  permission: Schema.String
}) {
  override get message(): string {
    return `${this.actor} (${this.role}) may not ${this.permission}`
  }
}

export const authorize = (actor: Actor, permission: Permission): ForbiddenError | undefined =>
  can(actor, permission) ? undefined : new ForbiddenError({ actor: actor.id, role: actor.role, permission })
