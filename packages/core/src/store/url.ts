import { Schema } from "effect"
import { type ErrorDescription, errorDescription } from "../errors.js"

export type DatabaseLocation =
  | { readonly dialect: "sqlite"; readonly file: string }
  | { readonly dialect: "postgres"; readonly url: string }

export class DatabaseUrlError extends Schema.TaggedError<DatabaseUrlError>()("DatabaseUrlError", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot use database "${redactDatabaseUrl(this.url)}": ${this.reason}`
  }

  /** The operator's configuration, not the caller's request: a failure of the system, its URL kept inside. */
  get [errorDescription](): ErrorDescription {
    return { status: 500, problem: "database-url", title: "The database cannot be opened" }
  }
}

export const defaultDatabaseUrl = "sqlite:./data/kejin.db"

/**
 * One URL chooses the dialect: `sqlite:./data/kejin.db`, `sqlite::memory:`, `postgres://…`.
 * Throws DatabaseUrlError for anything else.
 */
export const parseDatabaseUrl = (url: string): DatabaseLocation => {
  const text = url.trim()
  if (text.startsWith("sqlite:")) {
    const file = text.slice("sqlite:".length)
    if (file === "") throw new DatabaseUrlError({ url, reason: "give a file after sqlite:, or :memory:" })
    return { dialect: "sqlite", file }
  }
  if (text.startsWith("postgres://") || text.startsWith("postgresql://"))
    return { dialect: "postgres", url: text }
  throw new DatabaseUrlError({
    url,
    reason: "expected sqlite:<file>, sqlite::memory: or postgres://user@host:port/database"
  })
}

/** The URL with any password replaced, for logs and messages. */
export const redactDatabaseUrl = (url: string): string => url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@")
