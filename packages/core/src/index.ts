/**
 * @kejin/core — the domain library of Kejin (科金): exact money, the store, patent pledge financing,
 * funds, targets, the registry, the linkage pilots and the journal. No HTTP, no HTML.
 *
 * The entry points, one line each:
 * - `@kejin/core` (this file): what an embedder needs: the Promise facade (`openKejin`) and its options,
 *   the records it returns, the input Schemas it accepts, money/date/code helpers, the finance functions,
 *   roles and permissions, and the errors it throws with `describeError`; and the Effect face of the same
 *   core (ARCHITECTURE's contract): each area's service and `KejinLive(config)`, which provides them all.
 * - `@kejin/core/internal` (internal.ts): for Kejin's own server, dashboard, tests and benchmarks: the store, the operations kernel and module list, journal internals, wire schemas.
 * - `@kejin/core/demo` (demo/index.ts): the demo data seeders.
 * - `@kejin/core/testing` (store/testing.ts): test databases on both dialects; source only, never built.
 *
 * Every name here is listed on purpose (public-api.test.ts pins the list): a new public name is a
 * conscious change.
 */

export { Decimal } from "decimal.js"
export {
  type Alert,
  type AlertKind,
  type AlertSubject,
  type AlertsAnswer,
  type AlertsQuery,
  alertKinds
} from "./alerts/alerts.js"
export {
  type ApiToken,
  AuthError,
  actorOfUser,
  Login,
  type SessionInfo,
  type SignedIn,
  TokenInput,
  type User,
  UserInput
} from "./auth/accounts.js"
export {
  type Actor,
  authorize,
  can,
  canReadFundLedger,
  ForbiddenError,
  type Permission,
  permissions,
  permissionsOf,
  Role,
  systemActor
} from "./auth/actor.js"
// LP capital accounts: the pro-rata rule to the fen, the accounts and the quarterly statement.
export type { LpAccount, LpAccounts, LpStatement, LpStatementRow } from "./equity/accounts.js"
export {
  type AllocationPart,
  type AllocationProblem,
  allocateProRata,
  isAllocationProblem,
  type ProRataAllocation,
  type ProRataLine
} from "./equity/allocation.js"
// Conversions of convertible and future-equity holdings into equity (equity/conversions.ts).
export type { Conversion } from "./equity/conversions.js"
// Multi-currency and fund terms (equity/rates.ts, equity/terms.ts): the service and the pure parts.
export { FundEconomics } from "./equity/economics.js"
// Management fees and the distribution waterfall: pure functions (equity/fees-and-waterfalls.md).
export { type FeeSegment, type FeeStatement, type FeeTerms, managementFee } from "./equity/fees.js"
// The Effect face: each area's service and the layer that provides them all over one database.
export { Funds } from "./equity/funds.js"
// Look-through (穿透): a set of funds without money moving inside it; stakes in funds valued through.
export type {
  ExternalAccount,
  LookThroughFigures,
  LookThroughFundFigures,
  Stake
} from "./equity/look-through.js"
export {
  type CapitalFigures,
  type CityFundKpis,
  DEFAULT_DIRECT_INVESTMENT_TARGET,
  type DealFigures,
  type DealGroup,
  DealGrouping,
  type DirectInvestmentKpis,
  type FundFigures,
  type FundGroup,
  FundGrouping,
  type FundLedger,
  FundMetrics,
  type Holding,
  type HoldingEvent,
  type ProgrammeKpis,
  type SubFundKpis
} from "./equity/metrics.js"
export {
  CityFundInput,
  DealGroupsInput,
  FundGroupsInput,
  FundListInput,
  LedgerInput,
  MetricsInput
} from "./equity/operations.js"
export {
  type CurrencyFigures,
  type FundCurrencyFigures,
  FundCurrencyInput,
  type FxRate,
  FxRateInput,
  fundCurrencyFigures,
  rateOnOrBefore
} from "./equity/rates.js"
export {
  type CallEntry,
  CallInput,
  type CallInputJson,
  ChainStage,
  type CommitmentEntry,
  CommitmentInput,
  type CommitmentInputJson,
  type DistributionEntry,
  DistributionInput,
  type DistributionInputJson,
  DistributionKind,
  type EntryKind,
  EntryReversalInput,
  type EntryReversalInputJson,
  type ExitEntry,
  ExitInput,
  type ExitInputJson,
  ExitRoute,
  entryKinds,
  ForeignAmount,
  type ForeignAmountJson,
  type ForeignAmountRecord,
  type Fund,
  FundCode,
  type FundEntry,
  FundInput,
  type FundInputJson,
  FundKind,
  FundOrigin,
  FundStatus,
  FundStatusInput,
  type FundStatusInputJson,
  governmentLpTypes,
  Instrument,
  type InvestmentEntry,
  InvestmentInput,
  type InvestmentInputJson,
  InvestmentMode,
  isGovernmentLp,
  LpType,
  type NavEntry,
  NavInput,
  type NavInputJson,
  NonNegativeYuanFromString,
  ProRataBasis,
  ProRataCallInput,
  type ProRataCallInputJson,
  ProRataDistributionInput,
  type ProRataDistributionInputJson,
  type ReversalEntry,
  type ValuationEntry,
  ValuationInput,
  type ValuationInputJson
} from "./equity/schema.js"
export {
  type FundTerms,
  FundTermsInput,
  feeSchedule,
  splitDistributions,
  type WaterfallReport
} from "./equity/terms.js"
export {
  CHAIN_STAGES,
  chainStageLabels,
  distributionKindLabels,
  enterpriseStageLabels,
  entryKindLabels,
  exitRouteLabels,
  fundKindLabels,
  fundOriginLabels,
  fundStatusLabels,
  instrumentLabels,
  investmentModeLabels,
  lpTypeLabels,
  proRataBasisLabels,
  techCategoryLabels
} from "./equity/vocabulary.js"
export {
  americanClawback,
  americanWaterfall,
  type Deal,
  europeanWaterfall,
  preferredReturn,
  splitDistribution,
  type TierSplit,
  type WaterfallSplit,
  type WaterfallTerms,
  type WaterfallTier
} from "./equity/waterfall.js"
export {
  ConflictError,
  describeError,
  type ErrorDescription,
  FieldIssue,
  NotFoundError,
  ValidationError
} from "./errors.js"
export { FinanceInputError } from "./finance/errors.js"
export type { AmountInput, CashFlow } from "./finance/flows.js"
export { calledPercent, dpi, moic, rvpi, tvpi } from "./finance/multiples.js"
export { irr, type XirrOptions, type XirrResult, xirr, xnpv } from "./finance/xirr.js"
export type {
  ImportKind,
  ImportMapping,
  ImportMode,
  ImportRequest,
  ImportSummary,
  RowIssue,
  RowOutcome,
  RowStatus
} from "./imports/index.js"
export { type ReportFormat, type ReportWriter, reportWriter } from "./imports/report.js"
export { templateFile } from "./imports/template.js"
export { pledgeCsvColumns, pledgesFromCsv } from "./io/pledges-csv.js"
export {
  type CellValue,
  type FileFormat,
  openRows,
  type ReadOptions,
  type RowSource,
  rowsFromBytes,
  type SheetRow,
  UnreadableFile
} from "./io/read.js"
export {
  type AuditMode,
  type AuditReport,
  Journal,
  type JournalEntry,
  JournalError,
  type JournalQuery,
  type VerifyResult
} from "./journal/journal.js"
export type { AuditFinding, FieldDifference, RecordsDigest } from "./journal/records.js"
export type {
  EnterpriseJourney,
  EquityJourneyKind,
  JourneyEnterprise,
  JourneyEvent,
  JourneyKind,
  JourneyMatch,
  JourneySource,
  JourneyTotals,
  JourneyWithheld,
  PledgeJourneyKind,
  UnregisteredPledgor
} from "./journey/journey.js"
export { JourneyInput, JourneySearchInput } from "./journey/operations.js"
export {
  type Kejin,
  type KejinClock,
  KejinLive,
  type KejinServices,
  type KejinWritten,
  type LinkageWriteOptions,
  type OpenKejinOptions,
  openKejin
} from "./kejin.js"
export { Linkage } from "./linkage/linkage.js"
export type { LinkagePage } from "./linkage/lists.js"
export {
  type Bond,
  BondInput,
  type BondInputJson,
  type Claim,
  ClaimKind,
  type CoInvestment,
  CoInvestmentInput,
  type CoInvestmentInputJson,
  CompensationClaimInput,
  type CompensationClaimInputJson,
  DepositInput,
  type DepositInputJson,
  type EnterpriseRef,
  EquityPercent,
  FollowerKind,
  type FrozenScore,
  IndexLoanInput,
  type IndexLoanInputJson,
  type InstitutionRef,
  type InterestSubsidy,
  InterestSubsidyInput,
  type InterestSubsidyInputJson,
  InvestmentLoanInput,
  type InvestmentLoanInputJson,
  InvestmentPolicyInput,
  type InvestmentPolicyInputJson,
  type InvestmentRef,
  type LinkageEvent,
  type LinkageEventKind,
  type LinkageLoan,
  type LinkagePeriod,
  LinkagePeriodInput,
  type LinkageRecent,
  type LinkageReversal,
  LinkageReversalInput,
  type LinkageReversalInputJson,
  type LinkageSummary,
  LoanPilot,
  linkageEventKinds,
  Pilot,
  type Policy,
  PolicyPilot,
  type Pool,
  PoolCode,
  type PoolDeposit,
  PoolInput,
  type PoolInputJson,
  PoolKind,
  type PoolRule,
  PoolRuleInput,
  type PoolRuleInputJson,
  pilotLabels,
  pilots,
  RatePercent,
  Ratio,
  RecordKind,
  recordKinds,
  Score,
  ScoreInput,
  type ScoreInputJson,
  type ScoreSnapshot,
  type Tier,
  type TierTable,
  TierTableInput,
  type TierTableInputJson,
  TransferClaimInput,
  type TransferClaimInputJson,
  TransferPolicyInput,
  type TransferPolicyInputJson,
  type Warrant,
  type WarrantEvent,
  WarrantExerciseInput,
  type WarrantExerciseInputJson,
  WarrantExitInput,
  type WarrantExitInputJson,
  WarrantInput,
  type WarrantInputJson
} from "./linkage/schema.js"
export {
  DisposalMethod,
  disposalMethods,
  type PledgeLoanDisposal,
  PledgeLoanDisposalInput,
  type PledgeLoanDisposalInputJson,
  PledgeLoanDisposalReversalInput
} from "./loans/schema.js"
export { PledgeLoans } from "./loans/service.js"
export { PositiveYuanFromString, YuanDecimal, YuanFromString } from "./money/schema.js"
export { DecimalText, Money } from "./money/wire.js"
export {
  type FormatYuanOptions,
  formatYuan,
  fromFen,
  isWholeFen,
  MAX_YUAN_INTEGER_DIGITS,
  MoneyParseError,
  parseYuan,
  toFen,
  toWire,
  Yuan,
  type YuanUnit
} from "./money/yuan.js"
export type { FacadeOptions } from "./operations/facade.js"
export {
  type PledgeBreakdown,
  type PledgeBreakdownRow,
  type PledgeDimension,
  type PledgeGrowth,
  type PledgeMeasures,
  type PledgeSummary,
  pledgeDimensions
} from "./pledges/figures.js"
export { PledgeBreakdownInput, PledgeListInput, PledgePeriodInput } from "./pledges/operations.js"
export type { BulkResult, PledgePage } from "./pledges/pledges.js"
export { Pledges } from "./pledges/pledges.js"
export {
  AnnualRate,
  DebtTerm,
  EnterpriseSize,
  type Period,
  PeriodInput,
  type Pledge,
  PledgeChangeInput,
  type PledgeChangeInputJson,
  PledgeDefaultInput,
  type PledgeDefaultInputJson,
  PledgeEndInput,
  type PledgeEndInputJson,
  type PledgeEvent,
  type PledgeEventKind,
  PledgeEventReversalInput,
  PledgeeKind,
  PledgeInput,
  type PledgeInputJson,
  type PledgeLoan,
  type PledgeLoanEvent,
  type PledgeLoanEventKind,
  PledgeLoanInput,
  type PledgeLoanInputJson,
  PledgeLoanReversalInput,
  type PledgeMonth,
  type PledgeRegistration,
  PledgeRepaymentInput,
  type PledgeRepaymentInputJson,
  type PledgeStatus,
  type PledgeTimelineEntry,
  type PledgeTotal,
  pledgeStatuses,
  RegistrationNo,
  ReversalInput
} from "./pledges/schema.js"
export { DEFAULT_INCLUSIVE_THRESHOLD, type PledgeSettingsInput } from "./pledges/settings.js"
export {
  canonicalPatentNumber,
  isValidPatentNumber,
  isValidUscc,
  makePatentNumber,
  makeUscc,
  normalizePatentNumber,
  normalizeUscc,
  PatentNumber,
  type PatentType,
  patentCheckDigit,
  patentType,
  USCC_ALPHABET,
  Uscc,
  usccCheckChar,
  usccDivisionCode
} from "./registry/codes.js"
export { DistrictCode, districtOf, wenzhouDistricts } from "./registry/districts.js"
export type { DistrictAt } from "./registry/enterprises.js"
export { Enterprises } from "./registry/enterprises.js"
export { Institutions } from "./registry/institutions.js"
export { EnterpriseListInput } from "./registry/operations.js"
export type { Page } from "./registry/pages.js"
export {
  AdminDivisionCode,
  type Enterprise,
  EnterpriseInput,
  type EnterpriseInputJson,
  EnterpriseMoveInput,
  type EnterpriseMoveInputJson,
  EnterpriseStage,
  enterpriseStages,
  type Institution,
  InstitutionInput,
  type InstitutionInputJson,
  InstitutionKind,
  institutionKinds,
  isLocalDistrict,
  qualifyingTechCategories,
  TechCategory,
  techCategories
} from "./registry/schema.js"
export { StoreError, StoreErrorReason } from "./store/errors.js"
export {
  type DatabaseLocation,
  DatabaseUrlError,
  defaultDatabaseUrl,
  parseDatabaseUrl,
  redactDatabaseUrl
} from "./store/url.js"
export type { MeasureInfo, MeasurePeriod, MeasureUnit } from "./targets/measures.js"
export { TargetUpdateInput } from "./targets/operations.js"
export {
  type Target,
  TargetInput,
  type TargetInputJson,
  TargetKey,
  type TargetMetric,
  TargetPatch,
  type TargetPatchJson,
  TargetPeriodKind,
  TargetUnit,
  targetMetrics
} from "./targets/schema.js"
export type { ReportedMeasure, ReportedValue, TargetVersion } from "./targets/store.js"
export type {
  EnsureResult,
  PluginMeasure,
  TargetPartProgress,
  TargetProgress,
  TargetRanking
} from "./targets/targets.js"
export { Targets } from "./targets/targets.js"
export {
  localizedMessage,
  type MessageCode,
  type MessageParams,
  messageCatalogue,
  messageCodes,
  messageText
} from "./text/messages.js"
export {
  addDays,
  addMonths,
  BusinessDate,
  businessDateProblem,
  type DatePeriod,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isBusinessDate,
  isLeapYear,
  monthsBetween,
  type PeriodKind,
  periodKey,
  periodOf,
  toEpochDay
} from "./time/dates.js"
export { SHANGHAI_UTC_OFFSET_MILLIS, shanghaiDateOf, shanghaiNoonOf } from "./time/shanghai.js"
