import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Maintained aggregates of the fund metrics' inputs and of the linkage pilots' volumes, per day:
 * `fund_day_totals` (equity/aggregates.ts: per fund, kind, day, LP type and LP fund, the live entries'
 * count and exact sum; for `nav` the day's last live mark) and `linkage_day_totals` (linkage/aggregates.ts:
 * per kind, key and day, the live records' count, a flagged count and three exact sums). Money as
 * billions + remainder. New tables only, built here from the records of an existing store.
 */
export const fundLinkageAggregates = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      let funds = db.schema
        .createTable("fund_day_totals")
        .addColumn("fund_id", caps.bigint, (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("lp_type", "text", (c) => c.notNull())
        .addColumn("lp_fund_id", caps.bigint, (c) => c.notNull())
      for (const c of ["entries", "fen_hi", "fen_lo"])
        funds = funds.addColumn(c, caps.bigint, (col) => col.notNull())
      await funds
        .addPrimaryKeyConstraint("fund_day_totals_pk", [
          "fund_id",
          "kind",
          "on_date",
          "lp_type",
          "lp_fund_id"
        ])
        .execute()
      let linkage = db.schema
        .createTable("linkage_day_totals")
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("on_date", "text", (c) => c.notNull())
      for (const c of linkageColumns) linkage = linkage.addColumn(c, caps.bigint, (col) => col.notNull())
      await linkage.addPrimaryKeyConstraint("linkage_day_totals_pk", ["kind", "key", "on_date"]).execute()
      await sql.raw(buildFundFlows).execute(db)
      await sql.raw(buildFundNav).execute(db)
      await sql.raw(buildLinkage).execute(db)
    }
  }
}

const liveEntry = "not exists (select 1 from fund_entries r where r.reverses_id = e.id)"

const buildFundFlows = `insert into fund_day_totals (fund_id, kind, on_date, lp_type, lp_fund_id, entries, fen_hi, fen_lo)
  select b.fund_id, b.kind, b.on_date, b.lp_type, b.lp_fund_id, count(*), sum(b.amount_fen / 1000000000),
    sum(b.amount_fen % 1000000000)
  from (select e.fund_id as fund_id, e.kind as kind, e.on_date as on_date,
      case when e.kind = 'commitment' then coalesce(e.lp_type, '') else '' end as lp_type,
      case when e.kind = 'commitment' then coalesce(e.lp_fund_id, 0) else 0 end as lp_fund_id,
      e.amount_fen as amount_fen
    from fund_entries e
    where e.kind in ('commitment', 'call', 'distribution', 'investment', 'exit') and ${liveEntry}) b
  group by b.fund_id, b.kind, b.on_date, b.lp_type, b.lp_fund_id`

const buildFundNav = `insert into fund_day_totals (fund_id, kind, on_date, lp_type, lp_fund_id, entries, fen_hi, fen_lo)
  select e.fund_id, 'nav', e.on_date, '', 0, m.entries, e.amount_fen / 1000000000, e.amount_fen % 1000000000
  from (select e.fund_id, e.on_date, count(*) as entries, max(e.id) as id from fund_entries e
    where e.kind = 'nav' and ${liveEntry} group by e.fund_id, e.on_date) m
  cross join fund_entries e where e.id = m.id`

const linkageColumns = ["records", "flagged", "a_hi", "a_lo", "b_hi", "b_lo", "c_hi", "c_lo"]

/** kind, table alias, reversal kind, key, date, flagged, a, b, c, extra condition */
const parts: ReadonlyArray<[string, string, string, string, string, string, string, string, string, string]> =
  [
    [
      "loan",
      "linkage_loans l",
      "loan",
      "l.pilot",
      "l.disbursed_on",
      "case when l.warrant_equity_percent is not null then 1 else 0 end",
      "l.amount_fen",
      "case when l.warrant_equity_percent is not null then l.amount_fen else 0 end",
      "",
      ""
    ],
    [
      "warrant-event",
      "linkage_warrant_events w",
      "warrant-event",
      "w.kind",
      "w.on_date",
      "",
      "w.amount_fen",
      "",
      "",
      ""
    ],
    ["score", "linkage_scores s", "score", "''", "s.scored_on", "", "", "", "", ""],
    [
      "policy",
      "linkage_policies p",
      "policy",
      "p.pilot",
      "p.starts_on",
      "",
      "p.sum_insured_fen",
      "p.premium_fen",
      "p.premium_subsidy_fen",
      ""
    ],
    [
      "claim",
      "linkage_claims c",
      "claim",
      "c.kind",
      "c.on_date",
      "",
      "c.loss_fen",
      "c.insurer_paid_fen",
      "c.payout_fen",
      ""
    ],
    [
      "pool-payout",
      "linkage_claims c",
      "claim",
      "cast(c.pool_id as text)",
      "c.on_date",
      "",
      "c.payout_fen",
      "",
      "",
      "c.pool_id is not null"
    ],
    [
      "pool-deposit",
      "linkage_pool_deposits d",
      "deposit",
      "cast(d.pool_id as text)",
      "d.on_date",
      "",
      "d.amount_fen",
      "",
      "",
      ""
    ],
    [
      "co-investment",
      "linkage_co_investments ci",
      "co-investment",
      "''",
      "ci.on_date",
      "",
      "ci.amount_fen",
      "",
      "",
      ""
    ],
    [
      "co-lead",
      "linkage_co_investments ci",
      "co-investment",
      "cast(ci.lead_id as text)",
      "ci.on_date",
      "",
      "",
      "",
      "",
      ""
    ],
    ["subsidy", "linkage_subsidies s", "subsidy", "''", "s.on_date", "", "s.amount_fen", "", "", ""],
    [
      "bond",
      "linkage_bonds bd",
      "bond",
      "''",
      "bd.issued_on",
      "",
      "bd.amount_fen",
      "case when bd.proceeds_fund_id is not null then bd.amount_fen else 0 end",
      "",
      ""
    ]
  ]

const money = (m: string) => (m === "" ? "0, 0" : `sum((${m}) / 1000000000), sum((${m}) % 1000000000)`)

const buildLinkage = `insert into linkage_day_totals (kind, key, on_date, ${linkageColumns.join(", ")}) ${parts
  .map(([kind, table, recordKind, key, date, flagged, a, b, c, where]) => {
    const alias = table.split(" ")[1]!
    return `select '${kind}', ${key}, ${date}, count(*), ${flagged === "" ? "0" : `sum(${flagged})`}, ${money(a)},
      ${money(b)}, ${money(c)}
    from ${table}
    where not exists (select 1 from linkage_reversals rv where rv.record_kind = '${recordKind}' and rv.record_id = ${alias}.id)
      ${where === "" ? "" : `and ${where}`}
    group by ${key === "''" ? "" : `${key}, `}${date}`
  })
  .join(" union all ")}`
