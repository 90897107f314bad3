import type { Migration, MigrationProvider } from "kysely"
import { alerts } from "../../alerts/migrations/0023_alerts.js"
import { keptForms } from "../../auth/migrations/0028_kept_forms.js"
import { fxRates } from "../../equity/migrations/0019_fx_rates.js"
import { fundTerms } from "../../equity/migrations/0020_fund_terms.js"
import { conversions } from "../../equity/migrations/0022_conversions.js"
import { fundLinkageAggregates } from "../../equity/migrations/0027_fund_linkage_aggregates.js"
import { imports } from "../../imports/migrations/0014_imports.js"
import { linkageLoanEvents } from "../../linkage/migrations/0025_linkage_loan_events.js"
import { pledgeLoanDisposals } from "../../loans/migrations/0011_pledge_loan_disposals.js"
import { pledgeAggregates } from "../../pledges/migrations/0018_pledge_aggregates.js"
import { canonicalPatents } from "../../pledges/migrations/0024_canonical_patents.js"
import { pledgeAggregateFlags } from "../../pledges/migrations/0026_pledge_aggregate_flags.js"
import { targetsAsData } from "../../targets/migrations/0017_targets_as_data.js"
import { journal } from "./0001_journal.js"
import { pledges } from "./0002_pledges.js"
import { targets } from "./0003_targets.js"
import { people } from "./0004_people.js"
import { registry } from "./0006_registry.js"
import { equity } from "./0007_equity.js"
import { pledgeLoans } from "./0008_pledge_loans.js"
import { linkage } from "./0009_linkage.js"
import { liveRegistrationNumbers } from "./0010_live_registration_numbers.js"
import { recordDigests } from "./0012_record_digests.js"
import { referenceIndexes } from "./0013_reference_indexes.js"
import { voidCancelledRegistrations } from "./0015_void_cancelled_registrations.js"
import { redundantPledgeIndexes } from "./0016_redundant_pledge_indexes.js"
import { journalRecordDigests } from "./0021_journal_record_digests.js"
import type { MigrationContext } from "./frozen.js"

export type { MigrationContext } from "./frozen.js"

/**
 * Every migration, in the order it runs: forward-only, one frozen file each (see README.md). A released
 * migration keeps its id and its file as they are; a change is a new migration added at the end.
 * (There never was a 0005.) A module may keep its migrations in its own folder (`loans/migrations/…`):
 * they follow the same rules and are listed here in their place.
 */
export const migrations = (context: MigrationContext): Record<string, Migration> => ({
  "0001_journal": journal(context),
  "0002_pledges": pledges(context),
  "0003_targets": targets(context),
  "0004_people": people(context),
  "0006_registry": registry(context),
  "0007_equity": equity(context),
  "0008_pledge_loans": pledgeLoans(context),
  "0009_linkage": linkage(context),
  "0010_live_registration_numbers": liveRegistrationNumbers(context),
  "0011_pledge_loan_disposals": pledgeLoanDisposals(context),
  "0012_record_digests": recordDigests(context),
  "0013_reference_indexes": referenceIndexes(context),
  "0014_imports": imports(context),
  "0015_void_cancelled_registrations": voidCancelledRegistrations(context),
  "0016_redundant_pledge_indexes": redundantPledgeIndexes(context),
  "0017_targets_as_data": targetsAsData(context),
  "0018_pledge_aggregates": pledgeAggregates(context),
  "0019_fx_rates": fxRates(context),
  "0020_fund_terms": fundTerms(context),
  "0021_journal_record_digests": journalRecordDigests(context),
  "0022_conversions": conversions(context),
  "0023_alerts": alerts(context),
  "0024_canonical_patents": canonicalPatents(context),
  "0025_linkage_loan_events": linkageLoanEvents(context),
  "0026_pledge_aggregate_flags": pledgeAggregateFlags(context),
  "0027_fund_linkage_aggregates": fundLinkageAggregates(context),
  "0028_kept_forms": keptForms(context)
})

/** Kysely's migrator reads the list from here; the dialect reaches each migration as data. */
export const migrationProvider = (context: MigrationContext): MigrationProvider => ({
  getMigrations: async () => migrations(context)
})
