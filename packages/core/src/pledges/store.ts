import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely"
import { noteRecords, notingRecords } from "../journal/records.js"
import type { Yuan } from "../money/index.js"
import { fromFen, parseYuan, toFen, toWire } from "../money/index.js"
import { canonicalPatentNumber, normalizeUscc } from "../registry/codes.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { analyzeAsGrown, analyzeNow, bulkInsert, type UnnestColumn } from "../store/unnest.js"
import {
  applyContribution,
  applyEnterprises,
  aroundEnterprises,
  FreshEnterprises,
  inclusiveThresholds
} from "./aggregates.js"
import {
  cancelledPledge,
  cancelledPledgeIds,
  countingPledge,
  liveAmountChange,
  loanNotReversed,
  voidPledgeIds
} from "./live.js"
import type { EnterpriseSize, Pledge, PledgeeKind, PledgeInput, PledgeStatus } from "./schema.js"
import { appendToEnterprises, fillEnterprises, type NewRegistration } from "./sequence.js"

/** Kysely queries for pledges. Plain promises: the service wraps them in Effect. */

/**
 * Inserts registrations (with their patents and live numbers) under journal entry `journalSeq`, and brings
 * the per-enterprise caches up to date — or leaves them to `refreshEnterprisesWrittenBy` at the end of a
 * batch (`caches: "deferred"`, an import).
 */
export const insertPledges = async (
  db: Kysely<DB>,
  inputs: ReadonlyArray<PledgeInput>,
  journalSeq: number,
  caches: "now" | "deferred" = "now"
): Promise<ReadonlyArray<number>> => {
  const ids = await insertPledgeRows(db, inputs, journalSeq)
  // PostgreSQL: the statistics of what this transaction loaded, for the next chunk's checks (unnest.ts).
  await analyzeAsGrown(db, [
    ["pledges", inputs.length],
    ["pledge_patents", inputs.reduce((n, p) => n + p.patents.length, 0)],
    ["pledge_live_numbers", inputs.length]
  ])
  if (caches === "deferred") return ids
  const append = () =>
    appendToEnterprises(
      db,
      inputs.map((p, i) => ({
        id: ids[i]!,
        uscc: p.pledgor.uscc,
        registeredOn: p.registeredOn,
        district: p.pledgor.district,
        pledgee: p.pledgee.name,
        size: p.pledgor.size ?? null,
        amountFen: toFen(p.amount),
        patentCount: p.patents.length
      })),
      refreshEnterprisesUnaggregated
    )
  await withAggregatesOfNew(db, inputs, ids, append)
  return ids
}

/** The columns `insertPledgeRows` writes of a registration (its id the store's). */
const pledgeColumns: ReadonlyArray<UnnestColumn> = [
  ["registration_no", "text"],
  ["pledgor_uscc", "text"],
  ["pledgor_name", "text"],
  ["pledgor_district", "text"],
  ["pledgee_name", "text"],
  ["amount_fen", "bigint"],
  ["registered_on", "text"],
  ["journal_id", "bigint"],
  ["pledgee_kind", "text"],
  ["pledgor_size", "text"],
  ["debt_start", "text"],
  ["debt_end", "text"],
  ["patent_count", "integer"]
]

/**
 * The rows of `insertPledges`: registrations, their patents and live numbers, many rows per statement
 * (`bulkInsert`: one array per column on PostgreSQL, VALUES lists of a fixed text on SQLite).
 */
const insertPledgeRows = async (
  db: Kysely<DB>,
  inputs: ReadonlyArray<PledgeInput>,
  journalSeq: number
): Promise<ReadonlyArray<number>> => {
  const pledgeRows = inputs.map((p) => [
    p.registrationNo,
    p.pledgor.uscc,
    p.pledgor.name,
    p.pledgor.district,
    p.pledgee.name,
    toFen(p.amount),
    p.registeredOn,
    journalSeq,
    p.pledgee.kind ?? null,
    p.pledgor.size ?? null,
    p.debtTerm?.start ?? null,
    p.debtTerm?.end ?? null,
    p.patents.length
  ])
  const ids = await bulkInsert(db, "pledges", pledgeColumns, pledgeRows, { returning: "id" })
  // Stored in one spelling (ZL…), whichever the input used: a patent is found by it however typed.
  const links: Array<ReadonlyArray<unknown>> = []
  inputs.forEach((p, i) => {
    for (const patent of p.patents)
      links.push([ids[i]!, canonicalPatentNumber(patent), p.patentTitles?.[patent] ?? null])
  })
  await bulkInsert(
    db,
    "pledge_patents",
    [
      ["pledge_id", "bigint"],
      ["patent_no", "text"],
      ["title", "text"]
    ],
    links
  )
  // The number is taken while the registration is live: a second live one with it is a primary key
  // violation (isDuplicateRegistration), whatever checks ran before.
  await bulkInsert(
    db,
    "pledge_live_numbers",
    [
      ["registration_no", "text"],
      ["pledge_id", "bigint"]
    ],
    inputs.map((p, i) => [p.registrationNo, ids[i]!])
  )
  // A write batch (an import) hands the journal the records as written: their digests from these values,
  // not from reading a million rows back (journal/records.ts `noteRecords`, checked before it commits).
  if (notingRecords(db, journalSeq)) {
    await noteRecords(
      db,
      journalSeq,
      "pledges",
      [...pledgeColumns.map(([name]) => name), "id"],
      pledgeRows.map((row, i) => [...row, ids[i]!])
    )
    await noteRecords(db, journalSeq, "pledge_patents", ["pledge_id", "patent_no", "title"], links)
  }
  return ids
}

/**
 * `append` (the caches of new registrations `ids`) with the figures' aggregates kept exact: the
 * enterprises' counts around it, the new registrations added (pledges/aggregates.ts).
 */
const withAggregatesOfNew = async (
  db: Kysely<DB>,
  inputs: ReadonlyArray<PledgeInput>,
  ids: ReadonlyArray<number>,
  append: () => Promise<void>
) => {
  const usccs = [...new Set(inputs.map((p) => p.pledgor.uscc))]
  // Added before the caches move (首次质押's side follows pledge_firsts: applyEnterprises moves it).
  await applyContribution(db, { kind: "pledges", ids }, 1)
  for (let start = 0; start < usccs.length; start += 500)
    await applyEnterprises(db, sql`(${sql.join(usccs.slice(start, start + 500))})`, -1)
  await append()
  for (let start = 0; start < usccs.length; start += 500)
    await applyEnterprises(db, sql`(${sql.join(usccs.slice(start, start + 500))})`, 1)
}

/**
 * The indexes on registrations and their sequence cache that only the figures read — not those the write
 * path's own checks and the journal's read-back use (live numbers, patents, the journal entry). An import
 * bringing many registrations sets them aside while it writes and builds them again at its end
 * (`setIndexesAside`, SQLite).
 */
export const figureIndexes = {
  pledges: [
    "pledges_measures",
    "pledges_district_measures",
    "pledges_pledgee_measures",
    "pledges_size_measures",
    "pledges_pledgor_registered"
  ],
  sequence: [
    "pledge_sequence_pledgor",
    "pledge_sequence_all",
    "pledge_sequence_district",
    "pledge_sequence_pledgee",
    "pledge_sequence_size"
  ]
} as const

/** How many registrations the store holds (an import deciding whether it is a bulk load). */
export const countPledges = async (db: Kysely<DB>): Promise<number> =>
  toInt(
    (
      await db
        .selectFrom("pledges")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n
  )

// ---------------------------------------------------------------------------------------------------------
// Derived caches per enterprise: 首次质押 (pledge_firsts) and the previous registration (pledge_sequence)
// ---------------------------------------------------------------------------------------------------------

/**
 * Recomputes both caches for these enterprises from their registrations that count (live and not
 * cancelled: a cancelled one is void, see `countingPledge`): the earliest one (by date, then id) is the
 * first pledge; each one gets the date of the enterprise's previous one, overall and within its district,
 * pledgee and size (window functions, the same SQL on both dialects). Called in the write transaction
 * whenever an enterprise gains a registration or loses one (a reversal, a cancellation) or regains one
 * (the cancellation reversed).
 */
export const refreshEnterprises = async (db: Kysely<DB>, usccs: ReadonlyArray<string>) => {
  for (let start = 0; start < usccs.length; start += 500) {
    const part = sql`(${sql.join(usccs.slice(start, start + 500))})`
    // The figures' enterprise counts follow the rows (pledges/aggregates.ts).
    await aroundEnterprises(db, part, () => refreshWhere(db, part))
  }
}

/** {@link refreshEnterprises} inside a write that keeps the aggregates itself. */
const refreshEnterprisesUnaggregated = async (db: Kysely<DB>, usccs: ReadonlyArray<string>) => {
  for (let start = 0; start < usccs.length; start += 500)
    await refreshWhere(db, sql`(${sql.join(usccs.slice(start, start + 500))})`)
}

/**
 * Recomputes both caches for every enterprise with a registration written under journal entry `seq` — the
 * end of an import whose writes deferred them.
 */
export const refreshEnterprisesWrittenBy = async (db: Kysely<DB>, seq: number) => {
  // 2,000 enterprises at a time, their registrations found through pledges_pledgor_registered and
  // numbered in JavaScript: one statement of window functions over a million rows sorted them all four
  // times over, in memory and temporary files, and 500 at a time it was a third of an import's SQL time.
  // The codes kept as one text, a line each, and cut 2,000 at a time: a million-row import writes some
  // 300,000 enterprises, and a row object per code was ~30 MiB of live heap through the whole end (the
  // heap's limit grows with what is live: the peak memory of the import, bench/README.md).
  // Joined in SQL (string_agg, SQLite 3.44+ and PostgreSQL), so no row object is made per code. (Measured at
  // 1,000,000 rows: the peak did not move, 284,868 kB; it is the end's plateau, bench/README.md, not these codes.)
  const usccs = new Lines(
    (
      await sql<{
        codes: string | null
      }>`select string_agg(u.pledgor_uscc, ${"\n"} order by u.pledgor_uscc) as codes
        from (select distinct pledgor_uscc from pledges where journal_id = ${seq}) u`.execute(db)
    ).rows[0]?.codes ?? ""
  )
  // The figures' aggregates. An enterprise new in the batch (all its registrations written by it and
  // counting) has its contribution summed in JavaScript from its numbered rows (FreshEnterprises): the
  // SQL's correlated subqueries per registration (普惠 bucket, status, first pledge) around the rebuild
  // were 28 % of an import. Any other enterprise: its new registrations added, then its enterprise
  // counts taken around the rebuild of its caches, in SQL.
  const fresh = new FreshEnterprises()
  const written = sql`(select w.pledgor_uscc from pledges w where w.journal_id = ${seq})`
  // The enterprises with caches before (registrations that counted): their new registrations added and their
  // enterprise counts taken out before the caches go (by the same subquery as before: during a bulk load the
  // caches' index by enterprise is set aside, so a delete per page of enterprises would scan the cache).
  const cached = new Set(
    (
      await sql<{
        pledgor_uscc: string
      }>`select pledgor_uscc from pledge_firsts where pledgor_uscc in ${written}
        union select pledgor_uscc from pledge_sequence where pledgor_uscc in ${written}`.execute(db)
    ).rows.map((r) => r.pledgor_uscc)
  )
  const cachedList = [...cached]
  for (let start = 0; start < cachedList.length; start += 500) {
    const part = sql`(${sql.join(cachedList.slice(start, start + 500))})`
    const added = await sql<{ id: number | bigint | string }>`select id from pledges
      where journal_id = ${seq} and pledgor_uscc in ${part}`.execute(db)
    await applyContribution(db, { kind: "pledges", ids: added.rows.map((r) => toInt(r.id)) }, 1)
    await applyEnterprises(db, part, -1)
  }
  await sql`delete from pledge_firsts where pledgor_uscc in ${written}`.execute(db)
  await sql`delete from pledge_sequence where pledgor_uscc in ${written}`.execute(db)
  const postgres = capabilitiesOf(db).dialect === "postgres"
  for (let part = usccs.next(2000); part.length > 0; part = usccs.next(2000)) {
    // The enterprises' registrations, numbered in JavaScript (sequence.ts). On PostgreSQL the codes are
    // one array joined to pledges_pledgor_registered (an `in (…)` list it may plan as a scan).
    const [source, match] = postgres
      ? [
          sql`unnest(cast(${part} as text[])) as q(pledgor_uscc) cross join pledges p`,
          sql`p.pledgor_uscc = q.pledgor_uscc`
        ]
      : [sql`pledges p`, sql`p.pledgor_uscc in (${sql.join(part)})`]
    const rows = await sql<{
      id: number | bigint | string
      pledgor_uscc: string
      registered_on: string
      pledgor_district: string
      pledgee_name: string
      pledgor_size: string | null
      amount_fen: number | bigint | string
      patent_count: number | bigint | string
      journal_id: number | bigint | string
      counting: number | bigint | string | boolean
    }>`select p.id, p.pledgor_uscc, p.registered_on, p.pledgor_district, p.pledgee_name, p.pledgor_size,
        p.amount_fen, p.patent_count, p.journal_id, case when ${countingPledge("p.id")} then 1 else 0 end as counting
      from ${source} where ${match}`.execute(db)
    const older = new Set<string>(part.filter((u) => cached.has(u)))
    const counting: Array<NewRegistration> = []
    const added: Array<{ id: number; uscc: string }> = []
    for (const r of rows.rows) {
      const id = toInt(r.id)
      const isNew = toInt(r.journal_id) === seq
      const counts = Number(r.counting) === 1
      if (isNew) added.push({ id, uscc: r.pledgor_uscc })
      if (!isNew || !counts) older.add(r.pledgor_uscc)
      if (counts)
        counting.push({
          id,
          uscc: r.pledgor_uscc,
          registeredOn: r.registered_on,
          district: r.pledgor_district,
          pledgee: r.pledgee_name,
          size: r.pledgor_size,
          amountFen: toBigInt(r.amount_fen),
          patentCount: toInt(r.patent_count)
        })
    }
    // Enterprises with no caches but a registration not new or not counting: their new registrations added
    // (before their first pledge is in the caches, as for the others), their counts after the rebuild.
    await applyContribution(
      db,
      {
        kind: "pledges",
        ids: added.filter((r) => older.has(r.uscc) && !cached.has(r.uscc)).map((r) => r.id)
      },
      1
    )
    await fillEnterprises(db, counting, (uscc, numbered) => {
      if (older.has(uscc)) return
      fresh.add(
        numbered.map(({ registration: r, ...n }) => ({
          registeredOn: r.registeredOn,
          district: r.district,
          pledgee: r.pledgee,
          size: r.size,
          amountFen: r.amountFen,
          patentCount: r.patentCount,
          ...n
        }))
      )
    })
    if (older.size > 0) await applyEnterprises(db, sql`(${sql.join([...older])})`, 1)
  }
  await fresh.apply(db)
  // PostgreSQL: the figures read the caches by their statistics from the commit on (unnest.ts).
  await analyzeNow(db, ["pledge_sequence", "pledge_firsts"])
}

/** Texts kept as one text of lines (none empty), read in order a few at a time. */
class Lines {
  private at = 0
  constructor(private readonly text: string) {}

  /** The next `n` lines (fewer at the end, none after it). */
  next(n: number): Array<string> {
    const lines: Array<string> = []
    while (lines.length < n && this.at < this.text.length) {
      const end = this.text.indexOf("\n", this.at)
      const stop = end === -1 ? this.text.length : end
      lines.push(this.text.slice(this.at, stop))
      this.at = stop + 1
    }
    return lines
  }
}

/** `refreshEnterprises` for the enterprises `usccs` names (a list in parentheses). */
const refreshWhere = async (db: Kysely<DB>, usccs: RawBuilder<unknown>) => {
  await sql`delete from pledge_firsts where pledgor_uscc in ${usccs}`.execute(db)
  await sql`delete from pledge_sequence where pledgor_uscc in ${usccs}`.execute(db)
  await fillWhere(db, usccs)
}

/** Fills both caches for the enterprises `usccs` names, whose rows in them are gone. */
const fillWhere = async (db: Kysely<DB>, usccs: RawBuilder<unknown>) => {
  const live = sql`p.pledgor_uscc in ${usccs} and ${countingPledge("p.id")}`
  await sql`
    insert into pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
    select x.pledgor_uscc, x.id, x.registered_on, x.amount_fen, x.patent_count from (
      select p.pledgor_uscc, p.id, p.registered_on, p.amount_fen, p.patent_count,
        row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id) as n
      from pledges p where ${live}
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
    from pledges p where ${live}`.execute(db)
}

export const isFirstPledge = async (db: Kysely<DB>, id: number) =>
  (await db
    .selectFrom("pledge_firsts")
    .select("pledge_id")
    .where("pledge_id", "=", id)
    .executeTakeFirst()) !== undefined

// ---------------------------------------------------------------------------------------------------------
// A patent is in at most one active registration at a time
// ---------------------------------------------------------------------------------------------------------

/**
 * `ZL201710601862.3`, `CN201710601862.3` and `201710601862.3` name the same patent, and the store holds it
 * in one spelling, `ZL…` (`canonicalPatentNumber`: every write since 0024, which rewrote the rows before
 * it): a patent is looked up by that one.
 */
const storedSpelling = (patent: string): string => canonicalPatentNumber(patent)

/** The patent number without its `ZL`/`CN` prefix. */
export const bareNumber = (patent: string): string => patent.replace(/^(ZL|CN)/, "")

/** A live registration holding a patent, and when its live release or cancellation is dated (null: none). */
export interface PatentHolder {
  /** The patent's number without its `ZL`/`CN` prefix. */
  readonly patent: string
  readonly registrationNo: string
  readonly registeredOn: string
  readonly endedOn: string | null
}

/**
 * Every live registration holding one of `patents` (any spelling), with the date of its earliest live
 * release or cancellation: one query per 900 patents (10,000 on PostgreSQL), however many registrations
 * ask. The bulk path
 * checks a whole batch with it: a holder conflicts with a registration dated `on` when `endedOn` is null
 * or after `on` (an ending dated after `on` leaves both pledged at once).
 */
export const patentHolders = async (
  db: Kysely<DB>,
  patents: ReadonlyArray<string>
): Promise<ReadonlyArray<PatentHolder>> => {
  const spellings = [...new Set(patents.map(storedSpelling))]
  const found: Array<PatentHolder> = []
  const postgres = capabilitiesOf(db).dialect === "postgres"
  // PostgreSQL takes the list as one array joined to the patents' index: an `in (…)` list of hundreds of
  // values it plans as a scan of every patent (whatever the statistics), one per chunk of an import.
  const perStatement = postgres ? 10_000 : 900
  for (let start = 0; start < spellings.length; start += perStatement) {
    const part = spellings.slice(start, start + perStatement)
    // CROSS JOIN: the patents first (by their index), then each one's registration (by its key).
    const [source, match] = postgres
      ? [
          sql`unnest(cast(${part} as text[])) as q(patent_no) cross join pledge_patents pp cross join pledges p`,
          sql`pp.patent_no = q.patent_no`
        ]
      : [sql`pledge_patents pp cross join pledges p`, sql`pp.patent_no in (${sql.join(part)})`]
    const rows = await sql<{
      patent_no: string
      registration_no: string
      registered_on: string
      ended_on: string | null
    }>`select pp.patent_no, p.registration_no, p.registered_on,
        (select min(e.on_date) from pledge_events e
          where e.pledge_id = p.id and e.kind in ('release', 'cancel')
            and not exists (select 1 from pledge_events x where x.reverses_id = e.id)) as ended_on
      from ${source}
      where ${match} and p.id = pp.pledge_id
        and not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)
      order by p.registered_on`.execute(db)
    for (const row of rows.rows) {
      found.push({
        patent: bareNumber(row.patent_no),
        registrationNo: row.registration_no,
        registeredOn: row.registered_on,
        endedOn: row.ended_on ?? null
      })
    }
  }
  return found
}

export interface PledgeFilter {
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly district?: string | undefined
  readonly pledgorUscc?: string | undefined
  /** The pledgee (质权人) by name, exactly. */
  readonly bank?: string | undefined
  /** The current status, derived from the live events like `deriveState`. */
  readonly status?: PledgeStatus | undefined
  /** Part of the registration number, any case. */
  readonly registrationNo?: string | undefined
  /**
   * The list's search box: the registration number or the pledgor's name containing it (any case), the
   * pledgor's credit code starting with it (as `normalizeUscc` writes it), or the pledgee's (bank's) name
   * containing it. `%`, `_` and `\` are plain characters.
   */
  readonly q?: string | undefined
  /** Registered amount at least / at most this, as decimal yuan text (`"1000000.00"`, `"100万"`). */
  readonly minAmount?: string | undefined
  readonly maxAmount?: string | undefined
  readonly includeReversed?: boolean | undefined
  /**
   * Only the registrations that count toward the financing figure (DOMAIN.md "What counts toward the 25亿"):
   * neither reversed nor cancelled (`countingPledge`). The list's `amount` is then that figure: each at the
   * amount in force at `to` (every live change when it is open), as `totalPledges` reads it, so a list
   * reached from a breakdown row or a figure shows the sum that was clicked.
   */
  readonly counting?: boolean | undefined
  /**
   * 普惠 at this threshold (money text, one of {@link inclusiveBuckets}): registrations whose registered
   * amount or one of whose loans not reversed is at most it, as the breakdown `by=inclusive` counts them.
   */
  readonly inclusive?: string | undefined
  /** 首次质押: the enterprise's first registration that counts (true), or any later one (false). */
  readonly firstPledge?: boolean | undefined
  readonly ids?: ReadonlyArray<number> | undefined
}

/** The 普惠 thresholds a list filters by (`inclusive`): 500万, 1000万, 2000万 and 5000万 yuan. */
export const inclusiveBuckets: ReadonlyArray<string> = inclusiveThresholds.map((t) => toWire(fromFen(t)))

/** The threshold (fen) `text` names when it is one of {@link inclusiveBuckets} (`"1000万"` too), else undefined. */
export const inclusiveBucketFen = (text: string): bigint | undefined => {
  let fen: bigint
  try {
    fen = toFen(parseYuan(text))
  } catch {
    return undefined
  }
  return inclusiveThresholds.find((t) => t === fen)
}

/**
 * The kind of a registration's latest live event (`change`, `release`, `cancel`), or null when it has none:
 * the same order and liveness `deriveState` uses (date, then id; reversals and reversed events left out).
 */
const latestLiveKind = sql<string | null>`(
  select e.kind from pledge_events e
  where e.pledge_id = p.id and e.kind <> 'reversal'
    and not exists (select 1 from pledge_events x where x.reverses_id = e.id)
  order by e.on_date desc, e.id desc
  limit 1
)`

const kindOfStatus: Record<Exclude<PledgeStatus, "registered">, string> = {
  changed: "change",
  released: "release",
  cancelled: "cancel"
}

/** `%` `_` and `\` match themselves in a LIKE pattern with `escape '\'`. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** What the credit-code part of a search may be: the start of a code (its alphabet, up to 18 characters). */
const CODE_PREFIX = /^[0-9A-Z]{1,18}$/

/**
 * The search box's condition (see `PledgeFilter.q`). A credit-code prefix is a range over the code's
 * alphabet (`9133…` to `9133ZZ…Z`), which the `pledgor_uscc` index serves on both dialects, and a whole
 * registration number is also matched exactly (the `registration_no` index). The "contains" parts
 * (`like '%…%'`) cannot use a B-tree index: with them in the OR the search reads every row it filters
 * (about a second at a million registrations); a trigram index (pg_trgm, FTS5) is the way further.
 */
const searchCondition = (text: string): RawBuilder<SqlBool> => {
  const q = text.trim()
  const contains = `%${likeText(q.toUpperCase())}%`
  const parts: Array<RawBuilder<SqlBool>> = [
    sql<SqlBool>`p.registration_no = ${q}`,
    sql<SqlBool>`upper(p.registration_no) like ${contains} escape '\\'`,
    sql<SqlBool>`upper(p.pledgor_name) like ${contains} escape '\\'`,
    sql<SqlBool>`upper(p.pledgee_name) like ${contains} escape '\\'`
  ]
  const code = normalizeUscc(q)
  if (CODE_PREFIX.test(code))
    parts.push(sql<SqlBool>`(p.pledgor_uscc >= ${code} and p.pledgor_uscc <= ${code.padEnd(18, "Z")})`)
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`
}

/**
 * Every condition of `filter` on the registration aliased `p`, as raw SQL (the same text on both
 * dialects), so the list, the count, the total and the monthly series filter alike.
 * Amounts must be valid money text (the service validates them first).
 */
const filterConditions = (filter: PledgeFilter): Array<RawBuilder<SqlBool>> => {
  const conditions: Array<RawBuilder<SqlBool>> = []
  if (filter.from !== undefined) conditions.push(sql<SqlBool>`p.registered_on >= ${filter.from}`)
  if (filter.to !== undefined) conditions.push(sql<SqlBool>`p.registered_on <= ${filter.to}`)
  if (filter.district !== undefined) conditions.push(sql<SqlBool>`p.pledgor_district = ${filter.district}`)
  if (filter.pledgorUscc !== undefined) conditions.push(sql<SqlBool>`p.pledgor_uscc = ${filter.pledgorUscc}`)
  if (filter.bank !== undefined) conditions.push(sql<SqlBool>`p.pledgee_name = ${filter.bank}`)
  if (filter.status !== undefined) {
    conditions.push(
      filter.status === "registered"
        ? sql<SqlBool>`${latestLiveKind} is null`
        : sql<SqlBool>`${latestLiveKind} = ${kindOfStatus[filter.status]}`
    )
  }
  if (filter.registrationNo !== undefined) {
    const pattern = `%${likeText(filter.registrationNo.trim().toUpperCase())}%`
    conditions.push(sql<SqlBool>`upper(p.registration_no) like ${pattern} escape '\\'`)
  }
  if (filter.q !== undefined) conditions.push(searchCondition(filter.q))
  if (filter.minAmount !== undefined)
    conditions.push(sql<SqlBool>`p.amount_fen >= ${toFen(parseYuan(filter.minAmount))}`)
  if (filter.maxAmount !== undefined)
    conditions.push(sql<SqlBool>`p.amount_fen <= ${toFen(parseYuan(filter.maxAmount))}`)
  const threshold = filter.inclusive === undefined ? undefined : inclusiveBucketFen(filter.inclusive)
  if (threshold !== undefined)
    conditions.push(sql<SqlBool>`(p.amount_fen <= ${threshold} or p.id in (
      select tl.pledge_id from pledge_loans tl
      where tl.pledge_amount_fen > ${threshold} and tl.amount_fen <= ${threshold} and ${loanNotReversed("tl.id")}))`)
  if (filter.firstPledge !== undefined) {
    const first = sql<SqlBool>`exists (select 1 from pledge_firsts fq
      where fq.pledgor_uscc = p.pledgor_uscc and fq.pledge_id = p.id)`
    conditions.push(filter.firstPledge ? first : sql<SqlBool>`not ${first}`)
  }
  if (filter.ids !== undefined) {
    const ids = filter.ids.length > 0 ? filter.ids : [-1]
    conditions.push(sql<SqlBool>`p.id in (${sql.join(ids)})`)
  }
  return conditions
}

const rowsQuery = (db: Kysely<DB>, filter: PledgeFilter) => {
  let query = db.selectFrom("pledges as p").leftJoin("pledge_reversals as r", "r.pledge_id", "p.id")
  for (const condition of filterConditions(filter)) query = query.where(condition)
  // The registrations that count: the totals (`financing`) leave the void ones out by subtraction instead.
  if (filter.counting === true) query = query.where(countingPledge("p.id"))
  else if (!filter.includeReversed) query = query.where("r.pledge_id", "is", null)
  return query
}

/** Every condition, joined with `and` (`1 = 1` when there is none). */
const allOf = (conditions: ReadonlyArray<RawBuilder<SqlBool>>) =>
  conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`

/**
 * The rows' own sum and count (registered amounts), for the list: live rows, or every row with
 * `includeReversed`. Computed as (every row in range) − (the reversed ones in range): the first part reads
 * only a covering index, the second starts from the few reversals, so no row is probed for a reversal.
 */
const rowTotals = async (db: Kysely<DB>, filter: PledgeFilter) => {
  const conditions = filterConditions(filter)
  let every = db.selectFrom("pledges as p")
  for (const condition of conditions) every = every.where(condition)
  const all = await every
    .select([
      capabilitiesOf(db).exactSum(sql`p.amount_fen`).as("fen"),
      sql<string | number | bigint>`count(*)`.as("count")
    ])
    .executeTakeFirstOrThrow()
  const total = { fen: BigInt(all.fen ?? "0"), count: toInt(all.count) }
  if (filter.includeReversed) return { amount: fromFen(total.fen), count: total.count }
  let reversed = db
    .selectFrom("pledge_reversals as r")
    // CROSS JOIN keeps the reversals as the outer loop on SQLite; PostgreSQL plans it as any join.
    .crossJoin("pledges as p")
    .whereRef("p.id", "=", "r.pledge_id")
  for (const condition of conditions) reversed = reversed.where(condition)
  const out = await reversed
    .select([
      capabilitiesOf(db).exactSum(sql`p.amount_fen`).as("fen"),
      sql<string | number | bigint>`count(*)`.as("count")
    ])
    .executeTakeFirstOrThrow()
  return {
    amount: fromFen(total.fen - BigInt(out.fen ?? "0")),
    count: total.count - toInt(out.count)
  }
}

// The calendar month of a `YYYY-MM-DD` text column. Written out literally (no bound values) so the
// select list and GROUP BY carry the very same expression, as PostgreSQL requires; SQLite has substr too.
const registeredMonth = sql<string>`substr(p.registered_on, 1, 7)`

/**
 * The financing (DOMAIN.md "What counts toward the 25亿") of the registrations `filter` matches, per value
 * of `key` (a registration month, or one constant for the total), in fen and registrations: (every row)
 * − (the registrations that count nothing: reversed or cancelled) + (the deltas of the live amount changes
 * dated on or before `filter.to` of the others). The first part reads a covering index; the other two
 * start from the corrections (reversals, cancellations, changes), so their cost follows the number of
 * corrections, not of registrations. With `includeReversed` reversed registrations count as if live
 * (what the figure would be without the reversals); cancelled ones never count.
 */
const financing = async (db: Kysely<DB>, filter: PledgeFilter, key?: RawBuilder<string>) => {
  const sum = capabilitiesOf(db).exactSum
  // PostgreSQL refuses a constant in GROUP BY: the total is one group without it.
  const k = key ?? sql<string>`'all'`
  const groupBy = key === undefined ? sql`` : sql`group by ${key}`
  const where = allOf(filterConditions(filter))
  const voids = filter.includeReversed ? cancelledPledgeIds : voidPledgeIds
  const counts = filter.includeReversed ? sql`not ${cancelledPledge("p.id")}` : countingPledge("p.id")
  const out = new Map<string, { fen: bigint; count: number }>()
  const add = (k: string, fen: unknown, count: unknown) => {
    const had = out.get(k) ?? { fen: 0n, count: 0 }
    out.set(k, {
      fen: had.fen + BigInt((fen as string | null) ?? "0"),
      count: had.count + toInt(count as number)
    })
  }
  type Row = { k: string; fen: string | null; n: string | number | bigint }
  const every = await sql<Row>`
    select ${k} as k, ${sum(sql`p.amount_fen`)} as fen, count(*) as n
    from pledges p where ${where} ${groupBy}`.execute(db)
  for (const r of every.rows) add(r.k, r.fen, r.n)
  // CROSS JOIN keeps the corrections as the outer loop on SQLite; PostgreSQL plans it as any join.
  const gone = await sql<Row>`
    select ${k} as k, ${sum(sql`p.amount_fen`)} as fen, count(*) as n
    from (${voids}) g cross join pledges p
    where p.id = g.pledge_id and ${where} ${groupBy}`.execute(db)
  for (const r of gone.rows) add(r.k, `${-BigInt(r.fen ?? "0")}`, -toInt(r.n))
  const changed = await sql<Row>`
    select ${k} as k, ${sum(sql`c.amount_after_fen - c.amount_before_fen`)} as fen, 0 as n
    from pledge_events c cross join pledges p
    where ${liveAmountChange("c", filter.to)} and p.id = c.pledge_id and ${where} and ${counts}
    ${groupBy}`.execute(db)
  for (const r of changed.rows) add(r.k, r.fen, 0)
  return out
}

/**
 * The financing of the registrations `filter` matches and how many count (what `Pledges.total` and so the
 * `patent-pledge-financing` target read): each at the amount in force at `filter.to` (every live change
 * when it is open), cancelled and reversed ones out, released ones in. Sums stay integer fen throughout.
 */
export const totalPledges = async (db: Kysely<DB>, filter: PledgeFilter) => {
  const all = (await financing(db, filter)).get("all") ?? { fen: 0n, count: 0 }
  return { amount: fromFen(all.fen), count: all.count }
}

/**
 * {@link totalPledges} per calendar month of registration (`YYYY-MM`), in month order: every registration
 * at the amount in force at `filter.to`, so the months add up to the period's total. Months without a
 * registration that counts are absent (the service fills them).
 */
export const monthlyPledges = async (db: Kysely<DB>, filter: PledgeFilter) => {
  const months = await financing(db, filter, registeredMonth)
  return [...months.entries()]
    .filter(([, m]) => m.count !== 0 || m.fen !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, m]) => ({ month, amount: fromFen(m.fen), count: m.count }))
}

/** The columns the list sorts by: `sort` is one of them, `-` before it for descending. */
export const pledgeSortKeys = [
  "registeredOn",
  "amount",
  "registrationNo",
  "pledgorName",
  "pledgeeName",
  "district",
  "patents"
] as const
export type PledgeSortKey = (typeof pledgeSortKeys)[number]
/** Every `sort` the list takes; the default, `-registeredOn`, is newest first. */
export const pledgeSorts = [
  "registeredOn",
  "-registeredOn",
  "amount",
  "-amount",
  "registrationNo",
  "-registrationNo",
  "pledgorName",
  "-pledgorName",
  "pledgeeName",
  "-pledgeeName",
  "district",
  "-district",
  "patents",
  "-patents"
] as const satisfies ReadonlyArray<PledgeSortKey | `-${PledgeSortKey}`>
export const DEFAULT_PLEDGE_SORT = "-registeredOn"

const sortColumns = {
  registeredOn: "p.registered_on",
  amount: "p.amount_fen",
  registrationNo: "p.registration_no",
  pledgorName: "p.pledgor_name",
  pledgeeName: "p.pledgee_name",
  district: "p.pledgor_district",
  patents: "p.patent_count"
} as const satisfies Record<PledgeSortKey, string>

/**
 * The list's columns in `sort`'s order (default: newest first, by registration date then id, both
 * descending: the keyset's order); ties by id in the same direction, so pages never overlap.
 */
const orderedRows = (db: Kysely<DB>, filter: PledgeFilter, sort: string = DEFAULT_PLEDGE_SORT) => {
  const descending = sort.startsWith("-")
  const key = (descending ? sort.slice(1) : sort) as PledgeSortKey
  const direction = descending ? "desc" : "asc"
  return rowsQuery(db, filter)
    .select([
      "p.id",
      "p.registration_no",
      "p.pledgor_uscc",
      "p.pledgor_name",
      "p.pledgor_district",
      "p.pledgee_name",
      "p.amount_fen",
      "p.registered_on",
      "p.journal_id",
      "p.pledgee_kind",
      "p.pledgor_size",
      "p.debt_start",
      "p.debt_end",
      "r.pledge_id as reversed_id"
    ])
    .orderBy(sortColumns[key] ?? sortColumns.registeredOn, direction)
    .orderBy("p.id", direction)
}

type PledgeRow = Awaited<ReturnType<ReturnType<typeof orderedRows>["execute"]>>[number]

export const listPledges = async (
  db: Kysely<DB>,
  filter: PledgeFilter & {
    readonly limit: number
    readonly offset: number
    /** One of {@link pledgeSorts} (the service checks it); default newest first. */
    readonly sort?: string | undefined
  }
): Promise<{ readonly items: ReadonlyArray<Pledge>; readonly total: number; readonly amount: Yuan }> => {
  const rows = await orderedRows(db, filter, filter.sort).limit(filter.limit).offset(filter.offset).execute()
  // Counting rows: the financing figure of exactly these rows (amounts in force at `to`), as the figures
  // read it; otherwise the rows' registered amounts.
  const { count, amount } =
    filter.counting === true
      ? await totalPledges(db, { ...filter, includeReversed: false })
      : await rowTotals(db, filter)
  return { items: await withPatents(db, rows), total: count, amount }
}

/** Where a keyset read stopped: the last row read, in the list's order (registration date, then id). */
export interface PledgeCursor {
  readonly registeredOn: string
  readonly id: number
}

/**
 * Up to `limit` rows in the list's order that come after `after` (from the start without it), and no count:
 * each call reads one index range however deep into the list it is, and rows reversed or recorded before
 * the cursor between calls shift nothing after it.
 */
export const listPledgesAfter = async (
  db: Kysely<DB>,
  filter: PledgeFilter & { readonly limit: number; readonly after?: PledgeCursor | undefined }
): Promise<ReadonlyArray<Pledge>> => {
  let query = orderedRows(db, filter)
  const after = filter.after
  if (after !== undefined) {
    query = query.where(
      sql<SqlBool>`(p.registered_on < ${after.registeredOn}
        or (p.registered_on = ${after.registeredOn} and p.id < ${after.id}))`
    )
  }
  return withPatents(db, await query.limit(filter.limit).execute())
}

/** The rows as pledges, with their patents and patent titles (one query for all of them). */
const withPatents = async (
  db: Kysely<DB>,
  rows: ReadonlyArray<PledgeRow>
): Promise<ReadonlyArray<Pledge>> => {
  const ids = rows.map((r) => r.id)
  const patents =
    ids.length === 0
      ? []
      : await db
          .selectFrom("pledge_patents")
          .select(["pledge_id", "patent_no", "title"])
          .where("pledge_id", "in", ids)
          .orderBy("patent_no")
          .execute()
  const byPledge = new Map<string, Array<string>>()
  const titles = new Map<string, Record<string, string>>()
  for (const link of patents) {
    const key = toBigInt(link.pledge_id).toString()
    byPledge.set(key, [...(byPledge.get(key) ?? []), link.patent_no])
    if (link.title !== null) titles.set(key, { ...titles.get(key), [link.patent_no]: link.title })
  }
  const items = rows.map((r): Pledge => {
    const key = toBigInt(r.id).toString()
    const patentTitles = titles.get(key)
    return {
      id: toInt(r.id),
      registrationNo: r.registration_no,
      pledgor: {
        uscc: r.pledgor_uscc,
        name: r.pledgor_name,
        district: r.pledgor_district,
        ...(r.pledgor_size === null ? {} : { size: r.pledgor_size as EnterpriseSize })
      },
      pledgee: {
        name: r.pledgee_name,
        ...(r.pledgee_kind === null ? {} : { kind: r.pledgee_kind as PledgeeKind })
      },
      patents: byPledge.get(key) ?? [],
      amount: fromFen(toBigInt(r.amount_fen)),
      registeredOn: r.registered_on,
      ...(r.debt_start === null || r.debt_end === null
        ? {}
        : { debtTerm: { start: r.debt_start, end: r.debt_end } }),
      ...(patentTitles === undefined ? {} : { patentTitles }),
      journalSeq: toInt(r.journal_id),
      reversed: r.reversed_id !== null
    }
  })
  return items
}

export const findPledge = async (db: Kysely<DB>, id: number): Promise<Pledge | undefined> => {
  const [pledge] = await listPledgesAfter(db, { ids: [id], includeReversed: true, limit: 1 })
  return pledge
}

/**
 * The current status of each of `ids` (from its latest live event, as `deriveState` has it), in one
 * query; ids that do not exist are absent from the map.
 */
export const pledgeStatusesOf = async (
  db: Kysely<DB>,
  ids: ReadonlyArray<number>
): Promise<ReadonlyMap<number, PledgeStatus>> => {
  if (ids.length === 0) return new Map()
  const rows = await sql<{ id: number | bigint | string; kind: string | null }>`
    select p.id as id, ${latestLiveKind} as kind from pledges p where p.id in (${sql.join([...ids])})`.execute(
    db
  )
  const statusOfKind = new Map(Object.entries(kindOfStatus).map(([status, kind]) => [kind, status]))
  return new Map(
    rows.rows.map((r) => [
      toInt(r.id),
      (r.kind === null ? "registered" : statusOfKind.get(r.kind)) as PledgeStatus
    ])
  )
}

/**
 * The current status and secured amount of each of `ids` in one query: the status as
 * {@link pledgeStatusesOf} has it, the secured amount the registered one plus its live changes (变更, as
 * `liveAmountChange` adds them up), exact in fen; ids that do not exist are absent from the map.
 */
export const pledgeStatesOf = async (
  db: Kysely<DB>,
  ids: ReadonlyArray<number>
): Promise<ReadonlyMap<number, { readonly status: PledgeStatus; readonly securedAmount: Yuan }>> => {
  if (ids.length === 0) return new Map()
  const delta = capabilitiesOf(db).exactSum(sql`c.amount_after_fen - c.amount_before_fen`)
  const rows = await sql<{
    id: number | bigint | string
    kind: string | null
    amount_fen: number | bigint | string
    delta: string | null
  }>`
    select p.id as id, ${latestLiveKind} as kind, p.amount_fen as amount_fen,
      (select ${delta} from pledge_events c where c.pledge_id = p.id and ${liveAmountChange("c")}) as delta
    from pledges p where p.id in (${sql.join([...ids])})`.execute(db)
  const statusOfKind = new Map(Object.entries(kindOfStatus).map(([status, kind]) => [kind, status]))
  return new Map(
    rows.rows.map((r) => [
      toInt(r.id),
      {
        status: (r.kind === null ? "registered" : statusOfKind.get(r.kind)) as PledgeStatus,
        securedAmount: fromFen(toBigInt(r.amount_fen) + BigInt(r.delta ?? "0"))
      }
    ])
  )
}

/**
 * Which of `numbers` a live registration holds. A reversed registration's number is free: the bureau
 * corrects a registration by reversing it and recording it again under the same number.
 */
export const existingRegistrationNos = async (db: Kysely<DB>, numbers: ReadonlyArray<string>) => {
  const found = new Set<string>()
  for (let start = 0; start < numbers.length; start += 1000) {
    const rows = await db
      .selectFrom("pledge_live_numbers")
      .select("registration_no")
      .where("registration_no", "in", numbers.slice(start, start + 1000))
      .execute()
    for (const row of rows) found.add(row.registration_no)
  }
  return found
}

/** A reversal frees the registration's number (its pledge and reversal rows stay). */
export const releaseRegistrationNo = async (db: Kysely<DB>, pledge: Pick<Pledge, "id" | "registrationNo">) =>
  db
    .deleteFrom("pledge_live_numbers")
    .where("registration_no", "=", pledge.registrationNo)
    .where("pledge_id", "=", pledge.id)
    .execute()
