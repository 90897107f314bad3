import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/** A registration with a live cancellation (撤销): a `cancel` event that no reversal event names. */
const cancelled = (pledgeId: string) => sql`exists (
  select 1 from pledge_events c where c.pledge_id = ${sql.ref(pledgeId)} and c.kind = 'cancel'
    and not exists (select 1 from pledge_events x where x.reverses_id = c.id))`

/** The registrations that count: not reversed, not cancelled. */
const counting = sql`not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)
  and not ${cancelled("p.id")}`

/**
 * A cancelled registration counts nothing (DOMAIN.md "What counts toward the 25亿"), so the figures take
 * cancellations out like reversals and add the live amount changes (变更) dated by a period's end, both
 * starting from pledge_events by kind: the index `pledge_events_kind` makes those the ranges of the few
 * `cancel` and `change` rows. The caches of 首次质押 (pledge_firsts) and of the enterprises served
 * (pledge_sequence) held the cancelled registrations: they are recomputed here for the enterprises with
 * one, as the write path now keeps them (the same SQL as 0008's fill, over the registrations that count).
 * Caches only (not records): the records' digests (0012) stand as they are.
 */
export const voidCancelledRegistrations = (context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    // Kysely wraps migrations in a transaction on PostgreSQL only: on SQLite this one wraps itself.
    if (frozenCapabilities(context.dialect).transactionalDdl) await run(db)
    else await db.transaction().execute(run)
  }
})

const run = async (db: FrozenDb) => {
  await db.schema
    .createIndex("pledge_events_kind")
    .on("pledge_events")
    .columns(["kind", "on_date", "pledge_id", "amount_before_fen", "amount_after_fen"])
    .execute()
  const affected = sql`select distinct q.pledgor_uscc from pledges q where ${cancelled("q.id")}`
  await sql`delete from pledge_firsts where pledgor_uscc in (${affected})`.execute(db)
  await sql`delete from pledge_sequence where pledgor_uscc in (${affected})`.execute(db)
  await sql`
      insert into pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
      select x.pledgor_uscc, x.id, x.registered_on, x.amount_fen, x.patent_count from (
        select p.pledgor_uscc, p.id, p.registered_on, p.amount_fen, p.patent_count,
          row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id) as n
        from pledges p where p.pledgor_uscc in (${affected}) and ${counting}
      ) x where x.n = 1`.execute(db)
  await sql`
      insert into pledge_sequence (pledge_id, pledgor_uscc, registered_on, pledgor_district, pledgee_name,
        pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no)
      select p.id, p.pledgor_uscc, p.registered_on, p.pledgor_district, p.pledgee_name, p.pledgor_size,
        lag(p.registered_on) over (partition by p.pledgor_uscc order by p.registered_on, p.id),
        lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_district order by p.registered_on, p.id),
        lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgee_name order by p.registered_on, p.id),
        lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_size order by p.registered_on, p.id),
        row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id)
      from pledges p where p.pledgor_uscc in (${affected}) and ${counting}`.execute(db)
}
