/**
 * @kejin/core/internal — what only Kejin's own packages use: @kejin/server, @kejin/ui, the tests and the benchmarks. What a Promise-API embedder uses is
 * in `@kejin/core` (index.ts); a name is in one entry or the other, never both (public-api.test.ts).
 *
 * What belongs here, one line each:
 * - Effect internals: the Clock, the accounts service, each linkage pilot's own service (the area services
 *   and `KejinLive` are the core's Effect face, in the public entry).
 * - The store: `Database`, dialect capabilities, migrations, the Kysely schema types, store-error mapping.
 * - The operations kernel: `operation`, `bind`, `execute`, `Module`, the module list the routes derive from.
 * - Journal internals: the command runner, `decodeInput`/`decodeOptions`, canonical JSON, the hash chain.
 * - Each area's Effect programs (the bodies the operations bind).
 * - Wire schemas (`…Json`, `…Body`) and `…ToJson`: the HTTP API's formats, which the server derives from.
 * - The examples the OpenAPI document shows.
 * - Domain internals: figures, list/query/filter types, checks shared by the services and the dashboard.
 */

export { alertsToJson, alertToJson } from "./alerts/alerts.js"
export { alertsModule } from "./alerts/module.js"
export { currentAlertsOperation, troubledLoansOperation } from "./alerts/operations.js"
export { Accounts } from "./auth/accounts.js"
export {
  forgetKeptForm,
  KEPT_FORM_MINUTES,
  type KeptForm,
  keepForm,
  keptForm,
  mayKeepField
} from "./auth/kept-forms.js"
export { hashPassword, randomSecret, verifyPassword } from "./auth/password.js"
export { quarterBounds } from "./equity/accounts.js"
export { convertibleInstruments, recordConversion } from "./equity/conversions.js"
export {
  exampleFundTerms,
  fundCurrencyFiguresOp,
  fundFeeSchedule,
  fundWaterfall,
  getFundTerms,
  listFxRatesOp,
  recordFxRate,
  reverseFxRate,
  setFundCurrency,
  setFundTerms
} from "./equity/economics.js"
export {
  exampleCommitmentEntry,
  exampleEntryBodies,
  exampleFund,
  exampleFundInput,
  exampleInvesteeUscc
} from "./equity/examples.js"
export {
  type FundListQuery,
  fundScopeError,
  type LedgerQuery,
  ledgerReadError
} from "./equity/funds.js"
export {
  type CashFlowRow,
  type CashFlows,
  cashFlowsOf,
  type FundHolding,
  holdingsOf
} from "./equity/holdings.js"
export { fundLookThrough, LookThroughJson, lookThrough, lookThroughToJson } from "./equity/look-through.js"
export {
  cityFundCommitted,
  cityFundDirectInvestments,
  cityFundKpisToJson,
  dealFigures,
  dealFiguresToJson,
  fundFigures,
  fundFiguresToJson,
  holdingOf,
  type MetricsOptions,
  programmeFunds,
  programmeKpis
} from "./equity/metrics.js"
export { fundsModule } from "./equity/module.js"
export {
  cityFundKpis,
  createFund,
  dealGroups,
  fundCapital,
  fundCashFlows,
  fundGroups,
  fundHoldings,
  fundLedger,
  fundLpAccounts,
  fundLpStatement,
  fundMetrics,
  type Grouped,
  getFund,
  getFundEntry,
  type Listed,
  listFunds,
  recordCall,
  recordCommitment,
  recordDistribution,
  recordExit,
  recordInvestment,
  recordNavMark,
  recordProRataCall,
  recordProRataDistribution,
  recordValuation,
  reverseFundEntry,
  reverseProRataAllocation,
  setFundStatus
} from "./equity/operations.js"
export { fundEntryToJson, fundToJson, isLive } from "./equity/schema.js"
export type { EntryFilter, FundFilter } from "./equity/store.js"
export { waterfallLabels } from "./equity/vocabulary.js"
export {
  CityFundKpisJson,
  CommitmentBody,
  DealFiguresJson,
  DealGroupsJson,
  DistributionBody,
  FundEntryJson,
  FundFiguresJson,
  FundFilters,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  FundStatusBody,
  InvestmentBody,
  IrrJson,
  LedgerFilters,
  LedgerPageJson,
  LpAccountsJson,
  LpStatementJson,
  Multiple,
  NavBody,
  PageLimit,
  PageOffset,
  ProRataAllocationJson,
  ProRataReversalJson
} from "./equity/wire.js"
export { type DescribedError, errorDescription, validationErrorFromIssue } from "./errors.js"
export {
  decodeMapping,
  headerKey,
  type ImportColumn,
  importableOperations,
  importColumns,
  importKinds,
  matchHeaders,
  runImport,
  SavedMappingInput
} from "./imports/index.js"
export type { HeaderMatch } from "./imports/mapping.js"
export { reasonsText, statusLabels } from "./imports/report.js"
export { type RowIssue, rowInput } from "./imports/rows.js"
export { wordCell, wordLabel } from "./imports/words.js"
export { excelJs } from "./io/excel.js"
export { canonicalJson } from "./journal/canonical.js"
export {
  type Command,
  type CommandError,
  type CommandOptions,
  decodeInput,
  decodeOptions,
  makeCommandRunner
} from "./journal/command.js"
export { genesisHash, type JournalAppend, type JournalSlot } from "./journal/journal.js"
export { exampleJourney } from "./journey/examples.js"
export {
  type EnterpriseJourneyJson,
  enterpriseJourney,
  type JourneyOptions,
  type JourneySearchQuery,
  journeyEnterpriseToJson,
  journeyToJson,
  searchJourneys
} from "./journey/journey.js"
export { journeyModule } from "./journey/module.js"
export { enterpriseJourneyOperation, journeySearch } from "./journey/operations.js"
export {
  JourneyEventJson,
  JourneyJson,
  JourneyKindJson,
  JourneyMatchesJson,
  JourneySourceJson,
  RegisteredJourneyEnterpriseJson,
  UnregisteredPledgorJson
} from "./journey/wire.js"
export { clockOf } from "./kejin.js"
export { Bonds } from "./linkage/bonds/service.js"
export { CoInvestments } from "./linkage/co-investments/service.js"
export {
  exampleClaim,
  exampleLinkageBodies,
  examplePool,
  exampleSummary,
  exampleWarrantLoan
} from "./linkage/examples.js"
export { IndexLoans } from "./linkage/index-loans/service.js"
export { Insurance } from "./linkage/insurance/service.js"
export { InvestmentLoans } from "./linkage/investment-loans/service.js"
export {
  type ChildListRead,
  type ChildListReader,
  type ClaimListQuery,
  type EventsQuery,
  type LinkageListQuery,
  type LinkagePageQuery,
  type ListRead,
  type ListReader,
  type LoanListQuery,
  linkageListIssues,
  type PolicyListQuery,
  type PoolListQuery,
  type RecentQuery,
  type TierTableListQuery,
  type WholeList
} from "./linkage/lists.js"
export {
  LoanStatus,
  loanEventToJson,
  loanStandingToJson,
  loanStatuses
} from "./linkage/loan-events/schema.js"
export {
  LoanDefaultBody,
  LoanEventJson,
  LoanEventPageJson,
  LoanRepaymentBody,
  LoanStandingJson
} from "./linkage/loan-events/wire.js"
export { linkageModules } from "./linkage/module.js"
export { PoolsAndClaims } from "./linkage/pools/service.js"
export {
  availableOn,
  balanceOn,
  firstShortfall,
  floorToFen,
  noReliefNote,
  type Payout,
  type PayoutLimit,
  type PayoutRule,
  type PoolMovement,
  payout,
  payoutNoteSaid,
  poolPayoutNote,
  type TierRow,
  tierFor
} from "./linkage/rules.js"
export {
  bondToJson,
  claimToJson,
  coInvestmentToJson,
  decimalColumn,
  depositToJson,
  interestSubsidyToJson,
  linkageEventToJson,
  linkageLoanToJson,
  linkageReversalToJson,
  linkageSummaryToJson,
  pilotFigures,
  policyToJson,
  poolRuleToJson,
  poolToJson,
  scoreToJson,
  tierTableToJson,
  warrantEventToJson
} from "./linkage/schema.js"
export {
  type RecentFigures,
  recent as linkageRecent,
  recentFiguresOf,
  summary as linkageSummary
} from "./linkage/shared/operations.js"
export { LinkageShared } from "./linkage/shared/service.js"
export type { LoanFilter, RecordFilter } from "./linkage/store.js"
export { Subsidies } from "./linkage/subsidies/service.js"
export {
  BondJson,
  BondPageJson,
  ClaimJson,
  ClaimPageJson,
  CoInvestmentJson,
  CoInvestmentPageJson,
  DepositBody,
  DepositJson,
  DepositPageJson,
  InterestSubsidyJson,
  InterestSubsidyPageJson,
  LinkageEventJson,
  LinkageId,
  LinkageListFilters,
  LinkageLoanJson,
  LinkageLoanPageJson,
  LinkageRecentJson,
  LinkageReversalJson,
  LinkageReversalPageJson,
  LinkageSummaryJson,
  PolicyJson,
  PolicyPageJson,
  PoolCodeText,
  PoolJson,
  PoolPageJson,
  PoolRuleBody,
  PoolRuleJson,
  ScoreJson,
  ScorePageJson,
  TierTableJson,
  TierTablePageJson,
  WarrantEventJson,
  WarrantEventPageJson,
  WarrantExerciseBody,
  WarrantExitBody
} from "./linkage/wire.js"
export { exampleDisposedLoan, exampleLoan, exampleLoanBodies } from "./loans/examples.js"
export { loansModule } from "./loans/module.js"
export {
  defaultLoan,
  disposeLoan,
  drawLoan,
  getLoan,
  listLoans,
  repayLoan,
  reverseLoan,
  reverseLoanDisposal,
  reverseLoanEvent
} from "./loans/operations.js"
export { pledgeLoanDisposalToJson } from "./loans/schema.js"
export {
  PledgeLoanDisposalJson,
  PledgeLoanEventJson,
  PledgeLoanJson,
  PledgeLoanListJson
} from "./loans/wire.js"
export { type KejinModules, modules } from "./modules.js"
export {
  type Column,
  type ColumnType,
  cellOf,
  exportColumns,
  exportItemOf,
  exportRowsOf,
  exportSuffixOf,
  exportTablesOf,
  type Leaf,
  leavesOf,
  listItemOf,
  recordListsOf,
  tableItemOf,
  tableView
} from "./operations/columns.js"
export {
  deriveFacade,
  type FacadeMethod,
  type FacadeOf,
  mergeFacades,
  type Runner
} from "./operations/facade.js"
export {
  choiceVocabularies,
  columnLabels,
  disposalMethodLabels,
  patentTypeLabels,
  pledgeTimelineLabels,
  targetSplitLabels
} from "./operations/labels.js"
export {
  type AnswerDoc,
  type AnyOperation,
  type ApiTag,
  bind,
  defineModule,
  execute,
  executeAfter,
  type FacadeOverride,
  type FacadeResult,
  type HttpBinding,
  type KeysetBatch,
  type KeysetRead,
  type Label,
  type Module,
  type Operation,
  type OperationContext,
  type OperationSpec,
  operation,
  type PathParameter,
  type Positional,
  type PositionalOptions,
  type QueryParameter,
  withFacade,
  withKeyset
} from "./operations/operation.js"
export { PathId, ReversalRequest } from "./operations/wire.js"
export {
  exampleBreakdownJson,
  exampleMonthlyJson,
  examplePledge,
  examplePledgeBodies,
  examplePledgeInput,
  exampleRegistration,
  exampleSummaryJson,
  exampleTimeline,
  exampleTotalJson
} from "./pledges/examples.js"
export {
  growthOf,
  pledgeBreakdownToJson,
  pledgeMeasuresToJson,
  pledgeSummaryToJson
} from "./pledges/figures.js"
export { pledgesModule } from "./pledges/module.js"
export {
  cancelPledge,
  changePledge,
  getPledge,
  getPledgeBreakdown,
  getPledgeMonthly,
  getPledgeRegistration,
  getPledgeStatuses,
  getPledgeSummary,
  getPledgeTimeline,
  getPledgeTotal,
  listPledges,
  type OfPeriod,
  recordPledge,
  recordPledges,
  releasePledge,
  reversePledge,
  reversePledgeEvent
} from "./pledges/operations.js"
export {
  growth,
  type PeriodSpec,
  PeriodSpecInput,
  PLAN_PERIOD,
  periodBounds,
  periodFields,
  periodSchemaFor,
  precedingPeriod,
  previousYear,
  previousYearProblem
} from "./pledges/period.js"
export {
  type PeriodParam,
  type PeriodQuery,
  PeriodQueryFields,
  periodOfQuery,
  periodParams,
  resolvePeriodQuery
} from "./pledges/period-query.js"
export {
  type BreakdownOptions,
  isDuplicateRegistration,
  MAX_MONTHLY_SERIES,
  type PledgeBatch,
  type PledgeKeysetQuery,
  type PledgeListQuery,
  pledgeBatches,
  pledgeFilterIssues,
  type RegistrationOptions
} from "./pledges/pledges.js"
export {
  pledgeEventToJson,
  pledgeLoanEventToJson,
  pledgeLoanToJson,
  pledgeMonthlyToJson,
  pledgeRegistrationToJson,
  pledgeTimelineToJson,
  pledgeToJson,
  pledgeTotalToJson
} from "./pledges/schema.js"
export { PledgeSettings, type PledgeSettingsShape, pledgeSettingsLayer } from "./pledges/settings.js"
export { inclusiveBuckets, type PledgeCursor, type PledgeFilter } from "./pledges/store.js"
export {
  PeriodJson,
  PledgeBatchJson,
  PledgeBreakdownJson,
  PledgeEventJson,
  PledgeGrowthJson,
  PledgeJson,
  PledgeMeasuresJson,
  PledgeMonthlyJson,
  PledgePageJson,
  PledgeRegistrationJson,
  PledgeStatusesJson,
  PledgeStatusJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson
} from "./pledges/wire.js"
export {
  type EnterpriseQuery,
  enterpriseDistrictAt,
  escapeLike,
  findEnterprise,
  findEnterprises,
  MAX_ENTERPRISE_QUERY
} from "./registry/enterprises.js"
export { exampleEnterpriseInput, exampleInstitutionInput, exampleUscc } from "./registry/examples.js"
export { findInstitutions } from "./registry/institutions.js"
export { registryModule } from "./registry/module.js"
export {
  addEnterprise,
  addInstitution,
  districtAt,
  enterpriseById,
  enterpriseByUscc,
  getEnterprisePage,
  getInstitutionPage,
  institutionById,
  institutionByUscc,
  listEnterprises,
  listInstitutions,
  moveEnterprise
} from "./registry/operations.js"
export {
  type EnterprisePageQuery,
  enterprisePage,
  type InstitutionPageQuery,
  institutionPage,
  type PageQuery
} from "./registry/pages.js"
export { type DistrictSpell, enterpriseToJson, FROM_THE_START } from "./registry/schema.js"
export {
  DistrictAtJson,
  EnterpriseJson,
  EnterpriseListJson,
  EnterpriseMoveRequest,
  EnterprisePageJson,
  InstitutionJson,
  InstitutionListJson,
  InstitutionPageJson
} from "./registry/wire.js"
export { backupSqlite, postgresBackupCommands } from "./store/backup.js"
export { type Capabilities, postgresCapabilities, sqliteCapabilities } from "./store/capabilities.js"
export { Database, type DatabaseConfig, type Db, storeDb } from "./store/database.js"
export { classifyStoreError, uniqueViolationOf } from "./store/errors.js"
export { type MigrationContext, migrationProvider, migrations } from "./store/migrations/index.js"
export { ReplicaReads, replicaReadsAsked, withReplicaReads } from "./store/read-route.js"
export {
  type ApiTokensTable,
  type DB,
  type EnterpriseDistrictsTable,
  type EnterprisesTable,
  type FundEntriesTable,
  type FundStatusesTable,
  type FundsTable,
  type InstitutionsTable,
  type JournalHeadTable,
  type JournalTable,
  type LinkageBondsTable,
  type LinkageClaimsTable,
  type LinkageCoInvestmentsTable,
  type LinkageLoansTable,
  type LinkagePoliciesTable,
  type LinkagePoolDepositsTable,
  type LinkagePoolRulesTable,
  type LinkagePoolsTable,
  type LinkageReversalsTable,
  type LinkageScoresTable,
  type LinkageSubsidiesTable,
  type LinkageTiersTable,
  type LinkageTierTablesTable,
  type LinkageWarrantEventsTable,
  type PledgeEventsTable,
  type PledgeFirstsTable,
  type PledgeLiveNumbersTable,
  type PledgeLoanEventsTable,
  type PledgeLoanReversalsTable,
  type PledgeLoansTable,
  type PledgePatentsTable,
  type PledgeReversalsTable,
  type PledgeSequenceTable,
  type PledgesTable,
  type SessionsTable,
  type TargetsTable,
  toBigInt,
  toInt,
  type UsersTable
} from "./store/schema.js"
export {
  dataVersion,
  dataVersionNow,
  VersionKeeper,
  versionKept,
  withVersionAtLeast
} from "./store/version.js"
export { exampleTargetInput } from "./targets/examples.js"
export { targetsModule } from "./targets/module.js"
export {
  createTarget,
  defineReportedMeasure,
  ensureTargets,
  getTarget,
  listMeasures,
  listTargets,
  reportedValues,
  reportValue,
  reverseReportedValue,
  targetHistory,
  targetProgress,
  targetRanking,
  updateTarget
} from "./targets/operations.js"
export {
  daysLeftIn,
  elapsedDaysIn,
  evenPaceAt,
  monthsLeftIn,
  type Pace,
  type PaceInput,
  projectTargetDate,
  targetPace,
  trailingWindow
} from "./targets/pace.js"
export { targetFigureToWire, targetToJson } from "./targets/schema.js"
export {
  targetProgressToJson,
  targetRankingToJson,
  targetVersionToJson
} from "./targets/targets.js"
export {
  CountText,
  EnsureResultJson,
  MeasureListJson,
  PercentText,
  PerMonth,
  TargetDefinitionsJson,
  TargetJson,
  TargetListJson,
  TargetProgressJson,
  TargetRankingJson,
  TargetVersionListJson
} from "./targets/wire.js"
export { type Said, say, sayAt } from "./text/messages.js"
export {
  controlCharacterProblem,
  controlCharacterSaid,
  FreeText,
  isFreeOfControlCharacters
} from "./text/text.js"
export {
  clockFrom,
  currentPeriod,
  fixedClock,
  futureDateIssue,
  notAfterToday,
  todayInShanghai
} from "./time/shanghai.js"
