// The wire shapes of `/api/v1/pledges/…` are declared with their operations in the core (pledges/wire.ts,
// loans/wire.ts); the request bodies and query parameters are derived from the declarations. Re-exported
// here for the tests that decode real answers with them.
export {
  PeriodJson,
  PledgeBreakdownJson,
  PledgeEventJson,
  PledgeGrowthJson,
  PledgeLoanEventJson,
  PledgeLoanJson,
  PledgeLoanListJson,
  PledgeMeasuresJson,
  PledgeMonthlyJson,
  PledgeRegistrationJson,
  PledgeStatusJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson
} from "@kejin/core/internal"
