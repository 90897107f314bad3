import type { Kysely, Selectable } from "kysely"
import { fromFen, toFen, Yuan } from "../money/index.js"
import { type DB, type TargetsTable, toBigInt, toInt } from "../store/schema.js"
import type { Target } from "./schema.js"

/** Kysely queries for targets. Plain promises: the service wraps them in Effect. */

const targetOfRow = (r: Selectable<TargetsTable>): Target => ({
  key: r.key,
  label: r.label,
  labelEn: r.label_en,
  unit: r.unit === "count" ? "count" : "yuan",
  target:
    r.unit === "count" ? new Yuan(toBigInt(r.target_count).toString()) : fromFen(toBigInt(r.target_fen)),
  periodKind: r.period_kind === "fixed" ? "fixed" : "calendar-year",
  periodStart: r.period_start,
  periodEnd: r.period_end,
  metric: r.metric,
  order: toInt(r.display_order)
})

const rowOf = (t: Target) => ({
  label: t.label,
  label_en: t.labelEn,
  unit: t.unit,
  target_fen: t.unit === "yuan" ? toFen(t.target) : null,
  target_count: t.unit === "count" ? BigInt(t.target.toFixed(0)) : null, // float-ok: Decimal.toFixed, exact
  period_kind: t.periodKind,
  period_start: t.periodStart,
  period_end: t.periodEnd,
  metric: t.metric,
  display_order: t.order
})

export const listTargets = async (db: Kysely<DB>): Promise<ReadonlyArray<Target>> => {
  const rows = await db.selectFrom("targets").selectAll().orderBy("display_order").orderBy("key").execute()
  return rows.map(targetOfRow)
}

export const findTarget = async (db: Kysely<DB>, key: string): Promise<Target | undefined> => {
  const row = await db.selectFrom("targets").selectAll().where("key", "=", key).executeTakeFirst()
  return row === undefined ? undefined : targetOfRow(row)
}

/** One more than the largest display order, so a new target goes last. */
export const nextDisplayOrder = async (db: Kysely<DB>): Promise<number> => {
  const row = await db
    .selectFrom("targets")
    .select((eb) => eb.fn.max("display_order").as("last"))
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 1 : toInt(row.last) + 1
}

export const insertTarget = async (db: Kysely<DB>, target: Target): Promise<void> => {
  await db
    .insertInto("targets")
    .values({ key: target.key, ...rowOf(target) })
    .execute()
}

export const updateTarget = async (db: Kysely<DB>, target: Target): Promise<void> => {
  await db.updateTable("targets").set(rowOf(target)).where("key", "=", target.key).execute()
}
