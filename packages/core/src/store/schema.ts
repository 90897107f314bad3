import type { Generated } from "kysely"

/**
 * The tables as Kysely sees them. Integer columns come back as `bigint` on SQLite
 * (safe integers) and as `string` for int8 on PostgreSQL: read them through `toBigInt`/`toInt`.
 * Money columns end in `_fen` and hold integer fen.
 */
type Int = number | bigint | string

export interface JournalTable {
  id: Int
  at: string
  actor: string
  command: string
  payload: string
  payload_hash: string
  idempotency_key: string | null
  result: string
  prev_hash: string
  hash: string
}

export interface JournalHeadTable {
  id: number
  seq: Int
  hash: string
}

export interface PledgesTable {
  id: Generated<Int>
  registration_no: string
  pledgor_uscc: string
  pledgor_name: string
  pledgor_district: string
  pledgee_name: string
  amount_fen: Int
  registered_on: string
  journal_id: Int
}

export interface PledgePatentsTable {
  pledge_id: Int
  patent_no: string
}

export interface PledgeReversalsTable {
  pledge_id: Int
  reason: string
  journal_id: Int
}

export interface TargetsTable {
  key: string
  label: string
  label_en: string
  unit: string
  target_fen: Int | null
  target_count: Int | null
  period_kind: string
  period_start: string | null
  period_end: string | null
  metric: string
  display_order: Int
}

export interface UsersTable {
  id: Generated<Int>
  login: string
  display_name: string
  role: string
  /** JSON array of fund ids a fund manager may write to. */
  funds: string
  password_hash: string
  created_at: string
  disabled_at: string | null
}

export interface SessionsTable {
  /** sha256 of the cookie's secret: a stolen database row cannot be replayed as a cookie. */
  token_hash: string
  user_id: Int
  csrf_token: string
  created_at: string
  expires_at: string
  ended_at: string | null
}

export interface ApiTokensTable {
  id: Generated<Int>
  name: string
  role: string
  funds: string
  token_hash: string
  created_at: string
  created_by: string
  revoked_at: string | null
  last_used_at: string | null
}

/** Enterprises (企业) of the registry, one per unified social credit code. */
export interface EnterprisesTable {
  id: Generated<Int>
  uscc: string
  name: string
  industry: string
  stage: string
  tech_category: string
  registered_on: string | null
  journal_id: Int
}

/**
 * Where an enterprise is registered, from a date on: a move is a new row. The first row's `since` is
 * `0001-01-01` ("from the start"), so every date has exactly one district.
 */
export interface EnterpriseDistrictsTable {
  id: Generated<Int>
  enterprise_id: Int
  district: string
  since: string
  journal_id: Int
}

/** Banks, insurers, guarantors and fund managers. */
export interface InstitutionsTable {
  id: Generated<Int>
  kind: string
  name: string
  uscc: string | null
  journal_id: Int
}

export interface FundsTable {
  id: Generated<Int>
  code: string
  name: string
  kind: string
  chain_stage: string | null
  parent_id: Int | null
  manager_id: Int
  target_size_fen: Int
  vintage: string
  origin: string
  district: string
  /** 返投 required local re-investment multiple as decimal text, e.g. `1.5`. */
  reinvest_required: string | null
  journal_id: Int
}

/** A fund's status from a date on; the latest row on or before a date is the status then. */
export interface FundStatusesTable {
  id: Generated<Int>
  fund_id: Int
  status: string
  on_date: string
  journal_id: Int
}

/**
 * The fund ledger: one row per entry, `kind` says which columns mean something. A reversal is a row
 * of kind `reversal` whose `reverses_id` names the entry it takes out of every figure.
 */
export interface FundEntriesTable {
  id: Generated<Int>
  fund_id: Int
  kind: string
  on_date: string
  /** commitment, call, distribution and investment amounts; the NAV; a fair value; exit proceeds */
  amount_fen: Int | null
  commitment_id: Int | null
  lp_name: string | null
  lp_type: string | null
  lp_fund_id: Int | null
  distribution_kind: string | null
  enterprise_id: Int | null
  instrument: string | null
  round: string | null
  stage: string | null
  tech_category: string | null
  mode: string | null
  investment_id: Int | null
  /** an exit's cost basis */
  cost_fen: Int | null
  route: string | null
  fx_currency: string | null
  fx_amount: string | null
  fx_rate: string | null
  reverses_id: Int | null
  reason: string | null
  journal_id: Int
}

export interface DB {
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  journal: JournalTable
  journal_head: JournalHeadTable
  pledges: PledgesTable
  pledge_patents: PledgePatentsTable
  pledge_reversals: PledgeReversalsTable
  targets: TargetsTable
  enterprises: EnterprisesTable
  enterprise_districts: EnterpriseDistrictsTable
  institutions: InstitutionsTable
  funds: FundsTable
  fund_statuses: FundStatusesTable
  fund_entries: FundEntriesTable
}

/** Integer from any driver representation; throws on a non-integer (a defect, not user input). */
export const toBigInt = (value: Int | null | undefined): bigint => {
  if (value === null || value === undefined) return 0n
  return typeof value === "bigint" ? value : BigInt(value)
}

/** Small integers (ids, counts) as JS numbers; refuses values beyond 2^53. */
export const toInt = (value: Int | null | undefined): number => {
  const big = toBigInt(value)
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`integer ${big} is beyond 2^53 and cannot be a JS number`)
  }
  return Number(big)
}
