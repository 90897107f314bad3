import type { Generated } from "kysely"

/**
 * The tables as Kysely sees them. Integer columns come back as `bigint` on SQLite (safe integers) and
 * for int8 on PostgreSQL (the pool's type parser, see database.ts), but as `number` for PostgreSQL
 * `integer` columns and as `string` for `numeric` (e.g. `sum` of int8): read them through `toBigInt`/`toInt`.
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
  /** What the entry wrote, `{"count":…,"sha256":…}` over its journal_records; null before 0012 (0012). */
  records: string | null
}

/**
 * The content of every record a journal entry wrote (0012), as stored in its transaction: `content` is the
 * row's canonical JSON, null when the entry removed the record. `ord` orders an entry's records.
 */
export interface JournalRecordsTable {
  journal_id: Int
  ord: Int
  table_name: string
  record_key: string
  content: string | null
  /** The sha256 of the content, kept instead of it for the records of a write batch (an import) (0021). */
  content_sha256: string | null
}

/** `baseline` is `pending` until the rows written before 0012 have their digests (0012). */
export interface AuditStateTable {
  id: number
  baseline: string
}

/** Each verification of the records against the journal (0012). */
export interface AuditRunsTable {
  id: Generated<Int>
  mode: string
  started_at: string
  finished_at: string
  ok: Int
  entries: Int
  records: Int
  findings: Int
  /** The report as JSON (its first findings). */
  report: string
}

export interface JournalHeadTable {
  id: number
  seq: Int
  hash: string
}

export interface PledgesTable {
  id: Generated<Int>
  /** Unique among live registrations only (pledge_live_numbers, 0010): a reversed one's may recur. */
  registration_no: string
  pledgor_uscc: string
  pledgor_name: string
  pledgor_district: string
  pledgee_name: string
  amount_fen: Int
  registered_on: string
  journal_id: Int
  /** `bank` or `guarantor`; null when not stated (0008). */
  pledgee_kind: string | null
  /** `micro`, `small`, `medium` or `large`; null when not stated (0008). */
  pledgor_size: string | null
  debt_start: string | null
  debt_end: string | null
  /** Patents pledged, fixed at registration (0008). */
  patent_count: Generated<Int>
}

export interface PledgePatentsTable {
  pledge_id: Int
  patent_no: string
  title: string | null
}

export interface PledgeReversalsTable {
  pledge_id: Int
  reason: string
  journal_id: Int
}

/**
 * A registration's dated events (0008): `change` (before/after of the amount and/or debt term),
 * `release`, `cancel`, and `reversal` (takes the event `reverses_id` out). The status is derived from them.
 */
export interface PledgeEventsTable {
  id: Generated<Int>
  pledge_id: Int
  kind: string
  on_date: string
  amount_before_fen: Int | null
  amount_after_fen: Int | null
  debt_start_before: string | null
  debt_end_before: string | null
  debt_start_after: string | null
  debt_end_after: string | null
  reverses_id: Int | null
  note: string | null
  journal_id: Int
}

/** Loans drawn under a registration (0008); district, size and registered amount copied from it. */
export interface PledgeLoansTable {
  id: Generated<Int>
  pledge_id: Int
  bank_name: string
  amount_fen: Int
  /** Annual rate as an exact decimal fraction, e.g. `0.0385`. */
  rate: string
  disbursed_on: string
  matures_on: string
  pledgor_district: string
  pledgor_size: string | null
  pledge_amount_fen: Int
  journal_id: Int
}

export interface PledgeLoanReversalsTable {
  loan_id: Int
  reason: string
  journal_id: Int
}

/** Repayments, defaults and their reversals (0008); grouping columns copied from the loan. */
export interface PledgeLoanEventsTable {
  id: Generated<Int>
  loan_id: Int
  pledge_id: Int
  kind: string
  on_date: string
  amount_fen: Int | null
  reverses_id: Int | null
  note: string | null
  pledgor_district: string
  bank_name: string
  pledgor_size: string | null
  pledge_amount_fen: Int
  journal_id: Int
}

/** 首次质押 cache (0008): each enterprise's earliest live registration, kept by the write path. */
export interface PledgeFirstsTable {
  pledgor_uscc: string
  pledge_id: Int
  registered_on: string
  amount_fen: Int
  patent_count: Int
}

/**
 * Enterprises-served cache (0008): each live registration with the registration date of the same
 * enterprise's previous live registration, overall and within its district, pledgee and size.
 */
export interface PledgeSequenceTable {
  pledge_id: Int
  pledgor_uscc: string
  registered_on: string
  pledgor_district: string
  pledgee_name: string
  pledgor_size: string | null
  prev_on: string | null
  prev_district_on: string | null
  prev_pledgee_on: string | null
  prev_size_on: string | null
  /** 1 for the enterprise's first live registration, 2 for its second… */
  seq_no: Int
}

/**
 * Each live (not reversed) registration's number (0010): the primary key makes a number unique among live
 * registrations only, so a reversed registration's number can be recorded again. Kept by the write path:
 * a row is added with the registration and deleted with its reversal.
 */
export interface PledgeLiveNumbersTable {
  registration_no: string
  pledge_id: Int
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

// ---------------------------------------------------------------------------------------------------------
// Linkage pilots (五): every record carries its journal entry; a reversal is a row of linkage_reversals
// naming the record's kind and id. Ratios, percentages and scores are exact decimal text.
// ---------------------------------------------------------------------------------------------------------

/** 投贷联动 loans (with an optional 认股权) and 科创指数贷 loans (with the frozen score snapshot). */
export interface LinkageLoansTable {
  id: Generated<Int>
  pilot: string
  bank_id: Int
  enterprise_id: Int
  amount_fen: Int
  rate_percent: string
  disbursed_on: string
  matures_on: string
  investment_id: Int | null
  warrant_holder: string | null
  warrant_holder_fund_id: Int | null
  warrant_equity_percent: string | null
  warrant_strike_basis: string | null
  warrant_strike_valuation_fen: Int | null
  warrant_expires_on: string | null
  score_id: Int | null
  score_model_version: string | null
  score_scored_on: string | null
  score_total: string | null
  /** JSON object: dimension name → score text. */
  score_dimensions: string | null
  score_tier: string | null
  score_limit_fen: Int | null
  journal_id: Int
}

export interface LinkageWarrantEventsTable {
  id: Generated<Int>
  loan_id: Int
  kind: string
  on_date: string
  equity_percent: string
  amount_fen: Int
  journal_id: Int
}

export interface LinkageTierTablesTable {
  id: Generated<Int>
  model_version: string
  max_score: string | null
  journal_id: Int
}

export interface LinkageTiersTable {
  id: Generated<Int>
  table_id: Int
  tier: string
  min_score: string
  limit_fen: Int
}

export interface LinkageScoresTable {
  id: Generated<Int>
  enterprise_id: Int
  model_version: string
  table_id: Int
  scored_on: string
  total: string
  /** JSON object: dimension name → score text. */
  dimensions: string
  tier: string | null
  limit_fen: Int | null
  journal_id: Int
}

export interface LinkagePoliciesTable {
  id: Generated<Int>
  pilot: string
  policy_no: string | null
  insurer_id: Int
  insured_enterprise_id: Int | null
  insured_fund_id: Int | null
  investment_id: Int | null
  fund_id: Int | null
  insurer_commitment_id: Int | null
  /** The enterprise the policy concerns (insured, or the linked investment's). */
  enterprise_id: Int | null
  sum_insured_fen: Int
  premium_fen: Int
  premium_subsidy_fen: Int
  starts_on: string
  ends_on: string
  journal_id: Int
}

export interface LinkagePoolsTable {
  id: Generated<Int>
  code: string
  name: string
  kind: string
  opened_on: string
  backer: string | null
  journal_id: Int
}

export interface LinkagePoolRulesTable {
  id: Generated<Int>
  pool_id: Int
  effective_from: string
  ratio: string
  cap_fen: Int | null
  journal_id: Int
}

export interface LinkagePoolDepositsTable {
  id: Generated<Int>
  pool_id: Int
  on_date: string
  amount_fen: Int
  source: string | null
  journal_id: Int
}

/** Transfer-insurance claims (with 二次救济) and risk-compensation claims; `payout_fen` is the pool's. */
export interface LinkageClaimsTable {
  id: Generated<Int>
  kind: string
  on_date: string
  loss_fen: Int
  policy_id: Int | null
  insurer_paid_fen: Int
  pool_id: Int | null
  rule_id: Int | null
  payout_fen: Int
  limited_by: string | null
  note: string
  registration_no: string | null
  enterprise_id: Int | null
  bank_id: Int | null
  journal_id: Int
}

export interface LinkageCoInvestmentsTable {
  id: Generated<Int>
  enterprise_id: Int
  lead_id: Int
  follow_id: Int | null
  follower_kind: string
  investor: string
  amount_fen: Int
  on_date: string
  round: string | null
  journal_id: Int
}

export interface LinkageSubsidiesTable {
  id: Generated<Int>
  on_date: string
  amount_fen: Int
  loan_id: Int | null
  registration_no: string | null
  enterprise_id: Int | null
  payer: string | null
  journal_id: Int
}

export interface LinkageBondsTable {
  id: Generated<Int>
  code: string | null
  issuer_enterprise_id: Int | null
  issuer_institution_id: Int | null
  amount_fen: Int
  issued_on: string
  tenor_months: Int
  matures_on: string
  coupon_percent: string
  use_of_proceeds: string
  proceeds_fund_id: Int | null
  journal_id: Int
}

export interface LinkageReversalsTable {
  id: Generated<Int>
  record_kind: string
  record_id: Int
  on_date: string
  reason: string
  journal_id: Int
}

/** A convertible or future-equity holding converted into equity (0022): the cost it carried. */
export interface FundConversionsTable {
  id: Generated<Int>
  fund_id: Int
  investment_id: Int
  on_date: string
  shares: string
  price: string
  cost_fen: Int
  from_instrument: string
  journal_id: Int
}

/** Takes a conversion out of every figure (0022): one per conversion. */
export interface FundConversionReversalsTable {
  conversion_id: Int
  on_date: string
  reason: string
  journal_id: Int
}

export interface DB {
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  journal: JournalTable
  journal_head: JournalHeadTable
  journal_records: JournalRecordsTable
  audit_state: AuditStateTable
  audit_runs: AuditRunsTable
  pledges: PledgesTable
  pledge_patents: PledgePatentsTable
  pledge_reversals: PledgeReversalsTable
  pledge_events: PledgeEventsTable
  pledge_loans: PledgeLoansTable
  pledge_loan_reversals: PledgeLoanReversalsTable
  pledge_loan_events: PledgeLoanEventsTable
  pledge_firsts: PledgeFirstsTable
  pledge_sequence: PledgeSequenceTable
  pledge_live_numbers: PledgeLiveNumbersTable
  targets: TargetsTable
  enterprises: EnterprisesTable
  enterprise_districts: EnterpriseDistrictsTable
  institutions: InstitutionsTable
  funds: FundsTable
  fund_statuses: FundStatusesTable
  fund_entries: FundEntriesTable
  fund_conversions: FundConversionsTable
  fund_conversion_reversals: FundConversionReversalsTable
  linkage_loans: LinkageLoansTable
  linkage_warrant_events: LinkageWarrantEventsTable
  linkage_tier_tables: LinkageTierTablesTable
  linkage_tiers: LinkageTiersTable
  linkage_scores: LinkageScoresTable
  linkage_policies: LinkagePoliciesTable
  linkage_pools: LinkagePoolsTable
  linkage_pool_rules: LinkagePoolRulesTable
  linkage_pool_deposits: LinkagePoolDepositsTable
  linkage_claims: LinkageClaimsTable
  linkage_co_investments: LinkageCoInvestmentsTable
  linkage_subsidies: LinkageSubsidiesTable
  linkage_bonds: LinkageBondsTable
  linkage_reversals: LinkageReversalsTable
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
