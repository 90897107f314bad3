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
