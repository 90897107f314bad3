import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/**
 * Real databases for tests: a SQLite file in a temporary folder always, and a fresh
 * PostgreSQL database whenever KEJIN_TEST_POSTGRES_URL is set. Under CI the variable
 * is required: a run fails rather than silently skipping PostgreSQL.
 */
export type TestDialect = "sqlite" | "postgres"

export interface TestDatabase {
  readonly dialect: TestDialect
  readonly url: string
  dispose(): Promise<void>
}

export const testDialects = (): ReadonlyArray<TestDialect> => {
  const url = process.env.KEJIN_TEST_POSTGRES_URL
  if (url) return ["sqlite", "postgres"]
  if (process.env.CI) {
    throw new Error("KEJIN_TEST_POSTGRES_URL is not set: under CI the store tests must run on PostgreSQL too")
  }
  return ["sqlite"]
}

export const createTestDatabase = async (dialect: TestDialect): Promise<TestDatabase> => {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "kejin-test-"))
    return {
      dialect,
      url: `sqlite:${join(dir, "kejin.db")}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true })
    }
  }
  const base = process.env.KEJIN_TEST_POSTGRES_URL
  if (!base) throw new Error("KEJIN_TEST_POSTGRES_URL is not set")
  const name = `kejin_t_${randomBytes(6).toString("hex")}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    dialect,
    url: url.toString(),
    dispose: async () => {
      // Without FORCE: the suite has closed its pool; wait for the server to see the sessions go.
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await client.query(`drop database if exists ${name}`)
            return
          } catch (error) {
            if (attempt >= 50) throw error
            await new Promise((resolve) => setTimeout(resolve, 100))
          }
        }
      } finally {
        await client.end()
      }
    }
  }
}
