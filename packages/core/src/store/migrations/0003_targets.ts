import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0003_targets. Targets, seeded with the action plan's figures.
 * Released: frozen, never edit (a change is a new migration).
 */
export const targets = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("targets")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("label_en", "text", (c) => c.notNull())
        .addColumn("unit", "text", (c) => c.notNull().check(sql`unit in ('yuan', 'count')`))
        .addColumn("target_fen", caps.bigint)
        .addColumn("target_count", caps.bigint)
        .addColumn("period_kind", "text", (c) =>
          c.notNull().check(sql`period_kind in ('calendar-year', 'fixed')`)
        )
        .addColumn("period_start", "text")
        .addColumn("period_end", "text")
        .addColumn("metric", "text", (c) => c.notNull())
        .addColumn("display_order", "integer", (c) => c.notNull())
        .execute()
      // The plan's figures (action plan 2025–2027, sections (五) and (八)).
      await db
        .insertInto("targets")
        .values([
          {
            key: "patent-pledge-financing",
            label: "专利质押融资",
            label_en: "Patent pledge financing",
            unit: "yuan",
            target_fen: 250_000_000_000n,
            target_count: null,
            period_kind: "calendar-year",
            period_start: null,
            period_end: null,
            metric: "pledge-amount",
            display_order: 1
          },
          {
            key: "city-fund-scale",
            label: "市科创基金规模",
            label_en: "City sci-tech fund scale",
            unit: "yuan",
            target_fen: 1_000_000_000_000n,
            target_count: null,
            period_kind: "fixed",
            period_start: "2025-01-01",
            period_end: "2027-12-31",
            metric: "city-fund-committed",
            display_order: 2
          },
          {
            key: "city-fund-direct-investments",
            label: "市科创基金直投项目",
            label_en: "City fund direct investments",
            unit: "count",
            target_fen: null,
            target_count: 5,
            period_kind: "calendar-year",
            period_start: null,
            period_end: null,
            metric: "city-fund-direct-investments",
            display_order: 3
          }
        ])
        .execute()
    }
  }
}
