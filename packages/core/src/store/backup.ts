import { existsSync } from "node:fs"
import SqliteDatabase from "better-sqlite3"
import { parseDatabaseUrl, redactDatabaseUrl } from "./url.js"

/**
 * Copies a SQLite store, live, with SQLite's online backup API: the pages are read in one step under one
 * read transaction, so the copy is the store as of one moment even while other connections write (in WAL
 * mode writers are not blocked). Refuses to overwrite `destination` unless `overwrite` is set.
 */
export const backupSqlite = async (
  source: string,
  destination: string,
  options: { readonly overwrite?: boolean } = {}
): Promise<{ readonly pages: number }> => {
  if (!existsSync(source)) throw new Error(`${source} does not exist`)
  if (!options.overwrite && existsSync(destination))
    throw new Error(`${destination} exists already: choose a new file`)
  const db = new SqliteDatabase(source, { fileMustExist: true })
  try {
    db.pragma("busy_timeout = 5000")
    // After better-sqlite3's first (empty) step, every remaining page in one step.
    const result = await db.backup(destination, { progress: () => 0x7fffffff })
    return { pages: result.totalPages }
  } finally {
    db.close()
  }
}

/** The commands that do for a PostgreSQL store what `kejin backup` and `kejin restore` do for SQLite. */
export const postgresBackupCommands = (url: string, file: string) => {
  const shown = redactDatabaseUrl(parseDatabaseUrl(url).dialect === "postgres" ? url : "postgres://…")
  return {
    backup: `pg_dump --format=custom --no-owner --file='${file}' '${shown}'`,
    restore: `createdb kejin_restored && pg_restore --no-owner --dbname=postgres://…/kejin_restored '${file}'`,
    verify: "kejin audit verify --database postgres://…/kejin_restored"
  }
}
