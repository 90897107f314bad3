import { describe, expect, it } from "vitest"
import { classifyStoreError } from "./errors.js"
import { migrations } from "./migrations/index.js"
import { parseDatabaseUrl, redactDatabaseUrl } from "./url.js"

describe("database URLs", () => {
  it("chooses the dialect from one URL", () => {
    expect(parseDatabaseUrl("sqlite:./data/kejin.db")).toEqual({ dialect: "sqlite", file: "./data/kejin.db" })
    expect(parseDatabaseUrl("sqlite::memory:")).toEqual({ dialect: "sqlite", file: ":memory:" })
    expect(parseDatabaseUrl("postgres://u@h:5432/d")).toEqual({
      dialect: "postgres",
      url: "postgres://u@h:5432/d"
    })
    expect(parseDatabaseUrl("postgresql://u@h/d").dialect).toBe("postgres")
  })

  it("refuses anything else with the reason", () => {
    expect(() => parseDatabaseUrl("mysql://x")).toThrow(/expected sqlite:<file>/)
    expect(() => parseDatabaseUrl("sqlite:")).toThrow(/give a file/)
  })

  it("hides passwords in messages", () => {
    expect(redactDatabaseUrl("postgres://kejin:s3cret@db:5432/k")).toBe("postgres://kejin:***@db:5432/k")
  })
})

describe("store error classification", () => {
  it("names unique violations and their constraint on both drivers", () => {
    const pg = classifyStoreError({
      code: "23505",
      message: "duplicate key",
      constraint: "pledges_registration_no_key"
    })
    expect(pg).toMatchObject({
      reason: "unique-violation",
      retryable: false,
      constraint: "pledges_registration_no_key"
    })
    const sqlite = classifyStoreError({
      code: "SQLITE_CONSTRAINT_UNIQUE",
      message: "UNIQUE constraint failed: pledges.registration_no"
    })
    expect(sqlite).toMatchObject({ reason: "unique-violation", constraint: "pledges.registration_no" })
  })

  it("marks busy, serialization and connection failures retryable, constraint failures not", () => {
    expect(classifyStoreError({ code: "SQLITE_BUSY", message: "database is locked" }).retryable).toBe(true)
    expect(classifyStoreError({ code: "40001", message: "could not serialize" })).toMatchObject({
      reason: "serialization",
      retryable: true
    })
    expect(classifyStoreError({ code: "ECONNREFUSED", message: "refused" }).reason).toBe("connection")
    expect(classifyStoreError({ code: "23503", message: "fk" })).toMatchObject({
      reason: "foreign-key",
      retryable: false
    })
    expect(classifyStoreError(new Error("boom")).reason).toBe("unknown")
  })
})

describe("migrations", () => {
  it("are named in the order they run and never renamed (forward-only)", () => {
    // A released migration must keep its name: add new ones at the end.
    const names = Object.keys(migrations({ dialect: "sqlite" }))
    // Every released migration, in order (there never was a 0005): a new one is added here at the end.
    const released = [
      "0001_journal",
      "0002_pledges",
      "0003_targets",
      "0004_people",
      "0006_registry",
      "0007_equity",
      "0008_pledge_loans",
      "0009_linkage",
      "0010_live_registration_numbers",
      "0011_pledge_loan_disposals",
      "0012_record_digests",
      "0013_reference_indexes",
      "0014_imports",
      "0015_void_cancelled_registrations",
      "0016_redundant_pledge_indexes",
      "0017_targets_as_data",
      "0018_pledge_aggregates",
      "0019_fx_rates",
      "0020_fund_terms",
      "0021_journal_record_digests",
      "0022_conversions",
      "0023_alerts",
      "0024_canonical_patents",
      "0025_linkage_loan_events",
      "0026_pledge_aggregate_flags",
      "0027_fund_linkage_aggregates",
      "0028_kept_forms"
    ]
    expect(names).toEqual(released)
    expect(Object.keys(migrations({ dialect: "postgres" }))).toEqual(released)
    expect(names).toEqual([...names].sort())
  })
})
