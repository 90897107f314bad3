import type { Decimal } from "decimal.js"
import { type Generated, type Kysely, type Selectable, sql } from "kysely"
import { fromFen, toFen, Yuan } from "../money/index.js"
import { type DB, type TargetsTable, toBigInt, toInt } from "../store/schema.js"
import type { MeasureUnit } from "./measures.js"
import type { Target, TargetPart, TargetSplit, TargetUnit } from "./schema.js"

/**
 * Kysely queries for targets and reported measures. Plain promises: the service wraps them in Effect.
 *
 * A target is its latest row in `target_versions` (append-only: a change is a new version); a target
 * with no version yet is its row in `targets` (the plan's figures 0003 seeded, and targets written before
 * 0017), which is never written again, so it stays as the journal recorded it.
 */

type Int = number | bigint | string

export interface TargetVersionsTable {
  id: Generated<Int>
  journal_id: Int
  key: string
  version: Int
  label: string
  label_en: string
  unit: string
  target_fen: Int | null
  target_count: Int | null
  target_percent: string | null
  period_kind: string
  period_start: string | null
  period_end: string | null
  metric: string
  display_order: Int
  split_by: string | null
  /** JSON: `[{ code, name, nameEn, target (wire text), metric }]`. */
  parts: string | null
  changed_at: string
  changed_by: string
}

export interface ReportedMeasuresTable {
  id: Generated<Int>
  journal_id: Int
  code: string
  label: string
  label_en: string
  unit: string
}

export interface ReportedValuesTable {
  id: Generated<Int>
  journal_id: Int
  measure: string
  /** Yuan measures: the amount in fen. */
  amount_fen: Int | null
  /** Count and percent measures: the exact decimal text. */
  quantity: string | null
  reported_on: string
  source: string
}

export interface ReportedValueReversalsTable {
  value_id: Int
  journal_id: Int
  reason: string
}

declare module "../store/schema.js" {
  interface DB {
    target_versions: TargetVersionsTable
    reported_measures: ReportedMeasuresTable
    reported_values: ReportedValuesTable
    reported_value_reversals: ReportedValueReversalsTable
  }
}

const unitOf = (unit: string): TargetUnit =>
  unit === "count" ? "count" : unit === "percent" ? "percent" : "yuan"

const figureOf = (
  unit: TargetUnit,
  r: { target_fen: Int | null; target_count: Int | null },
  percent: string | null
) =>
  unit === "count"
    ? new Yuan(toBigInt(r.target_count).toString())
    : unit === "percent"
      ? new Yuan(percent ?? "0")
      : fromFen(toBigInt(r.target_fen))

const legacyOf = (r: Selectable<TargetsTable>): Target => ({
  key: r.key,
  label: r.label,
  labelEn: r.label_en,
  unit: unitOf(r.unit),
  target: figureOf(unitOf(r.unit), r, null),
  periodKind: r.period_kind === "fixed" ? "fixed" : "calendar-year",
  periodStart: r.period_start,
  periodEnd: r.period_end,
  metric: r.metric,
  order: toInt(r.display_order),
  splitBy: null,
  parts: []
})

const partsOf = (json: string | null): ReadonlyArray<TargetPart> =>
  json === null
    ? []
    : (
        JSON.parse(json) as Array<{
          code: string
          name: string
          nameEn: string
          target: string
          metric: string | null
        }>
      ).map((p) => ({
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        target: new Yuan(p.target),
        metric: p.metric ?? null
      }))

/** A version with who made it and when (the history of a target). */
export interface TargetVersion {
  readonly target: Target
  readonly version: number
  readonly changedAt: string
  readonly changedBy: string
  readonly journalSeq: number
}

const versionOf = (r: Selectable<TargetVersionsTable>): TargetVersion => {
  const unit = unitOf(r.unit)
  return {
    target: {
      key: r.key,
      label: r.label,
      labelEn: r.label_en,
      unit,
      target: figureOf(unit, r, r.target_percent),
      periodKind: r.period_kind === "fixed" ? "fixed" : "calendar-year",
      periodStart: r.period_start,
      periodEnd: r.period_end,
      metric: r.metric,
      order: toInt(r.display_order),
      splitBy: r.split_by === "district" || r.split_by === "unit" ? (r.split_by as TargetSplit) : null,
      parts: partsOf(r.parts)
    },
    version: toInt(r.version),
    changedAt: r.changed_at,
    changedBy: r.changed_by,
    journalSeq: toInt(r.journal_id)
  }
}

const figureText = (unit: TargetUnit, d: Decimal): string => (unit === "yuan" ? d.toFixed(2) : d.toFixed()) // float-ok: Decimal.toFixed, exact

const latestVersions = (db: Kysely<DB>) =>
  db
    .selectFrom("target_versions as v")
    .selectAll("v")
    .where(({ eb, selectFrom }) =>
      eb(
        "v.version",
        "=",
        selectFrom("target_versions as w")
          .select((w) => w.fn.max("w.version").as("m"))
          .whereRef("w.key", "=", "v.key")
      )
    )

const byOrder = (a: Target, b: Target) => a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

export const listTargets = async (db: Kysely<DB>): Promise<ReadonlyArray<Target>> => {
  const versions = (await latestVersions(db).execute()).map((r) => versionOf(r).target)
  const versioned = new Set(versions.map((t) => t.key))
  const legacy = (await db.selectFrom("targets").selectAll().execute())
    .filter((r) => !versioned.has(r.key))
    .map(legacyOf)
  return [...versions, ...legacy].sort(byOrder)
}

export const findTarget = async (db: Kysely<DB>, key: string): Promise<Target | undefined> => {
  const version = await db
    .selectFrom("target_versions")
    .selectAll()
    .where("key", "=", key)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst()
  if (version !== undefined) return versionOf(version).target
  const row = await db.selectFrom("targets").selectAll().where("key", "=", key).executeTakeFirst()
  return row === undefined ? undefined : legacyOf(row)
}

/** Every version of a target, oldest first; a target not changed since 0017 has its `targets` row as version 0. */
export const targetVersions = async (db: Kysely<DB>, key: string): Promise<ReadonlyArray<TargetVersion>> => {
  const rows = await db
    .selectFrom("target_versions")
    .selectAll()
    .where("key", "=", key)
    .orderBy("version")
    .execute()
  const legacy = await db.selectFrom("targets").selectAll().where("key", "=", key).executeTakeFirst()
  return [
    ...(legacy === undefined
      ? []
      : [{ target: legacyOf(legacy), version: 0, changedAt: "", changedBy: "", journalSeq: 0 }]),
    ...rows.map(versionOf)
  ]
}

/** One more than the largest display order, so a new target goes last. */
export const nextDisplayOrder = async (db: Kysely<DB>): Promise<number> => {
  const targets = await listTargets(db)
  return targets.reduce((last, t) => Math.max(last, t.order), 0) + 1
}

/** Writes `target` as its next version (1 for a new key, or after the legacy row). */
export const insertTargetVersion = async (
  db: Kysely<DB>,
  target: Target,
  meta: { journalSeq: number; changedAt: string; changedBy: string }
): Promise<number> => {
  const last = await db
    .selectFrom("target_versions")
    .select((eb) => eb.fn.max("version").as("last"))
    .where("key", "=", target.key)
    .executeTakeFirst()
  const version = last?.last === null || last?.last === undefined ? 1 : toInt(last.last) + 1
  await db
    .insertInto("target_versions")
    .values({
      journal_id: meta.journalSeq,
      key: target.key,
      version,
      label: target.label,
      label_en: target.labelEn,
      unit: target.unit,
      target_fen: target.unit === "yuan" ? toFen(target.target) : null,
      target_count: target.unit === "count" ? BigInt(target.target.toFixed(0)) : null, // float-ok: Decimal.toFixed, exact
      target_percent: target.unit === "percent" ? figureText("percent", target.target) : null,
      period_kind: target.periodKind,
      period_start: target.periodStart,
      period_end: target.periodEnd,
      metric: target.metric,
      display_order: target.order,
      split_by: target.splitBy,
      parts:
        target.parts.length === 0
          ? null
          : JSON.stringify(
              target.parts.map((p) => ({
                code: p.code,
                name: p.name,
                nameEn: p.nameEn,
                target: figureText(target.unit, p.target),
                metric: p.metric
              }))
            ),
      changed_at: meta.changedAt,
      changed_by: meta.changedBy
    })
    .execute()
  return version
}

// Reported measures

export interface ReportedMeasure {
  readonly id: number
  readonly code: string
  readonly label: string
  readonly labelEn: string
  readonly unit: MeasureUnit
}

export interface ReportedValue {
  readonly id: number
  readonly measure: string
  readonly unit: MeasureUnit
  readonly value: Decimal
  readonly reportedOn: string
  readonly source: string
  readonly reversed: boolean
  readonly journalSeq: number
}

const reportedMeasureOf = (r: Selectable<ReportedMeasuresTable>): ReportedMeasure => ({
  id: toInt(r.id),
  code: r.code,
  label: r.label,
  labelEn: r.label_en,
  unit: unitOf(r.unit)
})

export const listReportedMeasures = async (db: Kysely<DB>): Promise<ReadonlyArray<ReportedMeasure>> =>
  (await db.selectFrom("reported_measures").selectAll().orderBy("id").execute()).map(reportedMeasureOf)

export const findReportedMeasure = async (
  db: Kysely<DB>,
  code: string
): Promise<ReportedMeasure | undefined> => {
  const row = await db.selectFrom("reported_measures").selectAll().where("code", "=", code).executeTakeFirst()
  return row === undefined ? undefined : reportedMeasureOf(row)
}

export const insertReportedMeasure = async (
  db: Kysely<DB>,
  m: Omit<ReportedMeasure, "id">,
  journalSeq: number
): Promise<ReportedMeasure> => {
  const row = await db
    .insertInto("reported_measures")
    .values({ journal_id: journalSeq, code: m.code, label: m.label, label_en: m.labelEn, unit: m.unit })
    .returning("id")
    .executeTakeFirstOrThrow()
  return { id: toInt(row.id), ...m }
}

const valuesQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("reported_values as v")
    .innerJoin("reported_measures as m", "m.code", "v.measure")
    .leftJoin("reported_value_reversals as r", "r.value_id", "v.id")
    .select([
      "v.id",
      "v.journal_id",
      "v.measure",
      "v.amount_fen",
      "v.quantity",
      "v.reported_on",
      "v.source",
      "m.unit",
      sql<Int | null>`r.value_id`.as("reversed_id")
    ])

type ValueRow = Awaited<ReturnType<ReturnType<typeof valuesQuery>["executeTakeFirstOrThrow"]>>

const reportedValueOf = (r: ValueRow): ReportedValue => {
  const unit = unitOf(r.unit)
  return {
    id: toInt(r.id),
    measure: r.measure,
    unit,
    value: unit === "yuan" ? fromFen(toBigInt(r.amount_fen)) : new Yuan(r.quantity ?? "0"),
    reportedOn: r.reported_on,
    source: r.source,
    reversed: r.reversed_id !== null,
    journalSeq: toInt(r.journal_id)
  }
}

export const insertReportedValue = async (
  db: Kysely<DB>,
  v: { measure: string; unit: MeasureUnit; value: Decimal; reportedOn: string; source: string },
  journalSeq: number
): Promise<number> => {
  const row = await db
    .insertInto("reported_values")
    .values({
      journal_id: journalSeq,
      measure: v.measure,
      amount_fen: v.unit === "yuan" ? toFen(v.value) : null,
      quantity: v.unit === "yuan" ? null : figureText(v.unit, v.value),
      reported_on: v.reportedOn,
      source: v.source
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(row.id)
}

export const findReportedValue = async (db: Kysely<DB>, id: number): Promise<ReportedValue | undefined> => {
  const row = await valuesQuery(db).where("v.id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : reportedValueOf(row)
}

/** A measure's values, newest report first (reversed ones too, marked). */
export const listReportedValues = async (
  db: Kysely<DB>,
  measure: string
): Promise<ReadonlyArray<ReportedValue>> =>
  (
    await valuesQuery(db)
      .where("v.measure", "=", measure)
      .orderBy("v.reported_on", "desc")
      .orderBy("v.id", "desc")
      .execute()
  ).map(reportedValueOf)

/** The latest live value of a measure reported in the period (by date, then the later entry), if any. */
export const latestReportedValue = async (
  db: Kysely<DB>,
  measure: string,
  period: { from: string; to: string }
): Promise<ReportedValue | undefined> => {
  const row = await valuesQuery(db)
    .where("v.measure", "=", measure)
    .where("v.reported_on", ">=", period.from)
    .where("v.reported_on", "<=", period.to)
    .where(sql<boolean>`r.value_id is null`)
    .orderBy("v.reported_on", "desc")
    .orderBy("v.id", "desc")
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : reportedValueOf(row)
}

export const insertReportedValueReversal = async (
  db: Kysely<DB>,
  valueId: number,
  reason: string,
  journalSeq: number
): Promise<void> => {
  await db
    .insertInto("reported_value_reversals")
    .values({ value_id: valueId, journal_id: journalSeq, reason })
    .execute()
}
