import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  type AuditFinding,
  type AuditMode,
  type AuditReport,
  type Kejin,
  openKejin,
  parseDatabaseUrl,
  redactDatabaseUrl
} from "@kejin/core"
import { backupSqlite, postgresBackupCommands } from "@kejin/core/internal"
import { Predicate } from "effect"

/** One finding as a line: what, where, and what differs. */
export const findingLine = (f: AuditFinding): string => {
  const where = `${f.table} ${f.key}`
  switch (f.kind) {
    case "changed":
      // An import's records are kept as their sha256: the detail says so, no field is named. An aggregate's
      // difference has no journal entry: the detail names it.
      return `changed ${where}${f.journalSeq === undefined ? ` (${f.detail ?? "derived"})` : ` (written by journal entry ${f.journalSeq})`}: ${
        (f.fields ?? []).length === 0 && f.detail !== undefined && f.journalSeq !== undefined
          ? f.detail
          : (f.fields ?? [])
              .map((d) => `${d.field} ${d.expected ?? "(none)"} → ${d.found ?? "(none)"}`)
              .join("; ")
      }`
    case "added":
      return `added ${where}: ${f.detail ?? "no journal entry wrote it"}`
    case "deleted":
      return `deleted ${where}: ${f.detail ?? ""}`
    default:
      return `journal entry ${f.key}: ${f.detail ?? ""}`
  }
}

export const reportSummary = (report: AuditReport): string => {
  const chain = Predicate.isTagged(report.chain, "Intact")
    ? `journal intact (${report.chain.entries} entries)`
    : `journal broken at entry ${report.chain.seq}: ${report.chain.reason}`
  const seconds = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1)
  const aggregates =
    report.aggregates === undefined
      ? ""
      : `; aggregates (pledge figures, fund metrics, linkage volumes): ${report.aggregates.differenceCount} differ from their recomputation`
  return `${report.ok ? "verified" : "NOT verified"} (${report.mode}, ${seconds} s): ${chain}; ${report.records} records compared, ${report.findingCount} differ from the journal${aggregates}`
}

/** Prints a report: its findings on standard error, the summary last; the exit code (1 on any finding). */
export const printReport = (
  report: AuditReport,
  out: (line: string) => void,
  err: (line: string) => void
) => {
  for (const f of report.findings) err(findingLine(f))
  if (report.findingCount > report.findings.length)
    err(`… and ${report.findingCount - report.findings.length} more`)
  for (const f of report.aggregates?.differences ?? []) err(findingLine(f))
  if (
    report.aggregates !== undefined &&
    report.aggregates.differenceCount > report.aggregates.differences.length
  )
    err(
      `… and ${report.aggregates.differenceCount - report.aggregates.differences.length} more aggregate differences`
    )
  ;(report.ok ? out : err)(reportSummary(report))
  return report.ok ? 0 : 1
}

export const auditVerify = async (database: string, mode: AuditMode) => {
  const kejin = await openKejin({ database })
  try {
    return printReport(await kejin.journal.audit(mode), console.log, console.error)
  } finally {
    await kejin.close()
  }
}

/**
 * `kejin serve`'s verifications: quick on start, full once a day, each logged (and kept for `/audit`).
 * Returns a function that stops the daily one.
 */
export const scheduleAudits = (
  kejin: Kejin,
  log: (line: string) => void,
  everyMs: number = 24 * 3_600_000
): (() => void) => {
  const run = (mode: AuditMode) =>
    kejin.journal.audit(mode).then(
      (report) => {
        for (const f of report.findings.slice(0, 20)) log(`audit: ${findingLine(f)}`)
        log(`audit: ${reportSummary(report)}`)
      },
      (error: unknown) => log(`audit: the ${mode} verification failed: ${String(error)}`)
    )
  void run("quick")
  const timer = setInterval(() => void run("full"), everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** `kejin backup <file>`: a consistent copy of a live SQLite store; for PostgreSQL, the pg_dump to run. */
export const backupCommand = async (database: string, file: string): Promise<number> => {
  const location = parseDatabaseUrl(database)
  if (location.dialect === "postgres") {
    const commands = postgresBackupCommands(database, file)
    console.error("kejin backup copies SQLite stores; for PostgreSQL run pg_dump (a consistent snapshot):")
    console.error(`  ${commands.backup}`)
    console.error("and to restore it, into a new database, then verify it before using it:")
    console.error(`  ${commands.restore}`)
    console.error(`  ${commands.verify}`)
    return 1
  }
  if (location.file === ":memory:") {
    console.error("an in-memory store cannot be backed up")
    return 2
  }
  const { pages } = await backupSqlite(location.file, file)
  console.log(
    `backed up ${redactDatabaseUrl(database)} to ${file} (${pages} pages); check it with kejin restore`
  )
  return 0
}

/**
 * `kejin restore <file>`: verifies a copy of the backup in full (migrated forward if it is older) and only
 * then copies it over the SQLite store; a backup whose verification fails is refused, the store untouched.
 */
export const restoreCommand = async (database: string, file: string): Promise<number> => {
  const location = parseDatabaseUrl(database)
  if (location.dialect === "postgres") {
    const commands = postgresBackupCommands(database, file)
    console.error(
      "kejin restore restores SQLite stores; for PostgreSQL restore into a new database and verify it:"
    )
    console.error(`  ${commands.restore}`)
    console.error(`  ${commands.verify}`)
    return 1
  }
  if (location.file === ":memory:") {
    console.error("cannot restore into an in-memory store")
    return 2
  }
  if (!existsSync(file)) {
    console.error(`${file} does not exist`)
    return 2
  }
  const folder = mkdtempSync(join(tmpdir(), "kejin-restore-"))
  try {
    const candidate = join(folder, "candidate.db")
    copyFileSync(file, candidate)
    let report: AuditReport
    const kejin = await openKejin({ database: `sqlite:${candidate}` })
    try {
      report = await kejin.journal.audit("full")
    } finally {
      await kejin.close()
    }
    if (!report.ok) {
      printReport(report, console.error, console.error)
      console.error(`refused: ${file} does not verify; ${redactDatabaseUrl(database)} is unchanged`)
      return 1
    }
    await backupSqlite(candidate, location.file, { overwrite: true })
    console.log(`restored ${file} into ${redactDatabaseUrl(database)}: ${reportSummary(report)}`)
    return 0
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
