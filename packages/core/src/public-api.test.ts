import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import * as core from "./index.js"
import * as internal from "./internal.js"

/*
 * The shape of @kejin/core's public entry. The list below is every value it exports (types are erased at
 * run time; `tsc` checks those): adding a public name means adding it here, on purpose. What only Kejin's
 * own packages use belongs to `@kejin/core/internal`.
 */
const publicValues = `
  ProRataBasis ProRataCallInput ProRataDistributionInput allocateProRata isAllocationProblem proRataBasisLabels
  americanWaterfall europeanWaterfall managementFee preferredReturn splitDistribution
  americanClawback FundEconomics FundCurrencyInput FxRateInput fundCurrencyFigures rateOnOrBefore
  FundTermsInput feeSchedule splitDistributions
  CHAIN_STAGES chainStageLabels distributionKindLabels enterpriseStageLabels entryKindLabels exitRouteLabels
  fundKindLabels fundOriginLabels fundStatusLabels instrumentLabels investmentModeLabels lpTypeLabels
  techCategoryLabels
  AdminDivisionCode AnnualRate AuthError BondInput BusinessDate CallInput ChainStage CityFundInput
  ClaimKind CoInvestmentInput CommitmentInput CompensationClaimInput ConflictError
  DEFAULT_DIRECT_INVESTMENT_TARGET DEFAULT_INCLUSIVE_THRESHOLD DatabaseUrlError DealGrouping
  DealGroupsInput DebtTerm Decimal DecimalText DepositInput DisposalMethod DistributionInput
  DistributionKind DistrictCode EnterpriseInput Enterprises FundMetrics Funds Institutions Journal KejinLive
  Linkage PledgeLoans Pledges Targets EnterpriseListInput EnterpriseMoveInput EnterpriseSize
  EnterpriseStage EntryReversalInput EquityPercent ExitInput ExitRoute FieldIssue FinanceInputError
  FollowerKind ForbiddenError ForeignAmount FundCode FundGrouping FundGroupsInput FundInput FundKind
  FundListInput FundOrigin FundStatus FundStatusInput IndexLoanInput InstitutionInput InstitutionKind
  Instrument InterestSubsidyInput InvestmentInput InvestmentLoanInput InvestmentMode InvestmentPolicyInput
  JournalError JourneyInput JourneySearchInput LedgerInput LinkagePeriodInput LinkageReversalInput
  LoanPilot Login LpType MAX_YUAN_INTEGER_DIGITS MetricsInput Money MoneyParseError NavInput
  NonNegativeYuanFromString NotFoundError PatentNumber PeriodInput Pilot PledgeBreakdownInput
  PledgeChangeInput PledgeDefaultInput PledgeEndInput PledgeEventReversalInput PledgeInput PledgeListInput
  PledgeLoanDisposalInput PledgeLoanDisposalReversalInput PledgeLoanInput PledgeLoanReversalInput
  PledgePeriodInput PledgeRepaymentInput PledgeeKind PolicyPilot PoolCode PoolInput PoolKind PoolRuleInput
  PositiveYuanFromString RatePercent Ratio RecordKind RegistrationNo ReversalInput Role
  SHANGHAI_UTC_OFFSET_MILLIS Score ScoreInput StoreError StoreErrorReason TargetInput TargetKey
  TargetPatch TargetPeriodKind TargetUnit TargetUpdateInput TechCategory TierTableInput TokenInput
  TransferClaimInput TransferPolicyInput USCC_ALPHABET Uscc UserInput ValidationError ValuationInput
  WarrantExerciseInput WarrantExitInput WarrantInput Yuan YuanDecimal YuanFromString actorOfUser addDays
  addMonths authorize businessDateProblem calledPercent can canReadFundLedger daysBetween daysInMonth
  defaultDatabaseUrl describeError disposalMethods districtOf dpi enterpriseStages entryKinds formatYuan
  fromEpochDay fromFen governmentLpTypes institutionKinds irr isBusinessDate isGovernmentLp isLeapYear
  isLocalDistrict isValidPatentNumber isValidUscc isWholeFen linkageEventKinds localizedMessage makePatentNumber messageCatalogue messageCodes messageText makeUscc
  canonicalPatentNumber moic monthsBetween normalizePatentNumber normalizeUscc openKejin parseDatabaseUrl parseYuan
  patentCheckDigit patentType periodKey periodOf permissions permissionsOf pilotLabels pilots
  openRows pledgeCsvColumns pledgeDimensions pledgeStatuses pledgesFromCsv qualifyingTechCategories
  reportWriter rowsFromBytes templateFile UnreadableFile
  recordKinds redactDatabaseUrl rvpi shanghaiDateOf shanghaiNoonOf systemActor targetMetrics
  techCategories toEpochDay toFen toWire tvpi usccCheckChar usccDivisionCode wenzhouDistricts xirr xnpv
  alertKinds
`
  .trim()
  .split(/\s+/)

const names = (module: object): ReadonlyArray<string> => Object.keys(module).sort()

describe("@kejin/core (the public entry)", () => {
  it("exports exactly the listed names", () => {
    expect(names(core)).toEqual([...publicValues].sort())
  })

  it("holds the Effect face (each area's service and KejinLive), as ARCHITECTURE's contract says", () => {
    for (const name of ["KejinLive", "Pledges", "PledgeLoans", "Funds", "Targets", "Journal", "Linkage"])
      expect(core).toHaveProperty(name)
  })

  it("keeps the store, the operations kernel and the journal's internals out", () => {
    const internals = [
      // Effect internals
      "Accounts",
      "pledgeSettingsLayer",
      "fixedClock",
      // the store
      "Database",
      "migrations",
      "migrationProvider",
      "sqliteCapabilities",
      "postgresCapabilities",
      "toInt",
      "classifyStoreError",
      // the operations kernel and the module list
      "execute",
      "bind",
      "operation",
      "defineModule",
      "deriveFacade",
      "modules",
      "pledgesModule",
      // journal internals
      "makeCommandRunner",
      "decodeOptions",
      "canonicalJson",
      "genesisHash",
      // wire schemas, examples, demo seeders and test helpers
      "PledgeJson",
      "pledgeToJson",
      "exampleJourney",
      "seedDemoPledges",
      "createTestDatabase"
    ]
    expect(internals.filter((name) => name in core)).toEqual([])
  })

  it("holds what an embedder needs: the facade, input Schemas, helpers, finance functions and errors", () => {
    for (const name of [
      "openKejin",
      "PledgeInput",
      "FundInput",
      "Yuan",
      "Decimal",
      "parseYuan",
      "isValidUscc",
      "makePatentNumber",
      "addMonths",
      "xirr",
      "tvpi",
      "can",
      "systemActor",
      "ValidationError",
      "NotFoundError",
      "describeError"
    ])
      expect(core).toHaveProperty(name)
  })
})

describe("@kejin/core/internal", () => {
  it("exports what the server derives its routes and OpenAPI document from", () => {
    for (const name of [
      "execute",
      "decodeOptions",
      "modules",
      "pledgesModule",
      "loansModule",
      "fundsModule",
      "targetsModule",
      "registryModule",
      "journeyModule",
      "linkageModules",
      "validationErrorFromIssue",
      "PathId",
      "ReversalRequest",
      "PledgeJson",
      "Database",
      "migrations",
      "sqliteCapabilities",
      "todayInShanghai"
    ])
      expect(internal).toHaveProperty(name)
  })

  it("shares no name with the public entry", () => {
    expect(names(internal).filter((name) => name in core)).toEqual([])
  })
})

describe("package.json exports", () => {
  const exports = (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      exports: Record<string, Record<string, string>>
    }
  ).exports

  it("builds the public, internal and demo entries (source, types, built code)", () => {
    for (const entry of [".", "./internal", "./demo"])
      expect(Object.keys(exports[entry] ?? {})).toEqual(["@kejin/source", "types", "default"])
  })

  it("serves the test helpers from source only: nothing built can import them", () => {
    expect(exports["./testing"]).toEqual({ "@kejin/source": "./src/store/testing.ts" })
  })
})
