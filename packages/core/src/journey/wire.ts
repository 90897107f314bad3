import { Schema } from "effect"
import { linkageEventKinds } from "../linkage/schema.js"
import { Money } from "../money/wire.js"
import { Uscc } from "../registry/codes.js"
import { EnterpriseJson } from "../registry/wire.js"
import { BusinessDate } from "../time/index.js"

// What `journeyToJson` writes (`GET /api/v1/enterprises/{uscc}/journey`). The HTTP test of the route
// decodes real responses with these schemas, unknown fields rejected, so they cannot drift from the code.

/** Where an event comes from. */
export const JourneySourceJson = Schema.Literals(["equity", "pledge", "linkage"]).annotate({
  identifier: "JourneySource",
  description:
    "equity: the fund ledger; pledge: patent pledge registrations and their loans; linkage: the pilots."
})

/** Every kind an event may have, by source. */
export const JourneyKindJson = Schema.Literals([
  "investment",
  "valuation",
  "exit",
  "pledge-registered",
  "pledge-changed",
  "pledge-released",
  "pledge-cancelled",
  "loan-drawn",
  "loan-repaid",
  "loan-defaulted",
  "loan-disposed",
  ...linkageEventKinds
]).annotate({
  identifier: "JourneyKind",
  description:
    "equity: investment, valuation, exit; pledge: pledge-registered, pledge-changed, pledge-released, " +
    "pledge-cancelled, loan-drawn, loan-repaid, loan-defaulted, loan-disposed; linkage: scored, loan-granted, " +
    "warrant-exercised, warrant-exited, policy-started, claim-paid, co-investment, interest-subsidy, bond-issued."
})

export const JourneyEventJson = Schema.Struct({
  on: BusinessDate,
  source: JourneySourceJson,
  kind: JourneyKindJson,
  label: Schema.String.annotate({
    description: "A short line for people (中文), e.g. 瓯江天使基金 投资 · A."
  }),
  detail: Schema.Struct({
    code: Schema.String.annotate({
      description:
        "The line's code in the message catalogue (journey-investment, journey-exit, journey-loan-granted…): " +
        "with params, the line in either language."
    }),
    params: Schema.Record(Schema.String, Schema.String).annotate({
      description: "The code's parameters, as text (names, dates, amounts already written)."
    })
  }).annotate({ description: "What `label` says, as a catalogue code and its parameters." }),
  amount: Schema.NullOr(Money).annotate({
    description:
      "investment: the cost; valuation: the fair value; exit: the proceeds; pledge-registered: the amount " +
      "registered; pledge-changed: the new secured amount (null for a change of the term only); loan-drawn, " +
      "loan-repaid: the amount; a linkage event: its main amount (a claim's loss, a policy's sum insured…)."
  }),
  counterparty: Schema.NullOr(Schema.String).annotate({
    description: "The fund, the pledgee or lending bank, the insurer, the pool, the investor…"
  }),
  ref: Schema.Struct({
    kind: Schema.String.annotate({
      description:
        "fund-entry (a fund-ledger entry), pledge (a registration), pledge-loan, or the linkage record kind " +
        "(loan, score, warrant-event, policy, claim, co-investment, subsidy, bond)."
    }),
    id: Schema.Union([Schema.Int, Schema.String])
  }).annotate({ description: "The record behind the event." }),
  reversed: Schema.Boolean.annotate({
    description: "Taken out by a reversal; listed only with includeReversed=true."
  })
}).annotate({ identifier: "JourneyEvent", description: "One dated step of an enterprise's finance journey." })

/** An enterprise of the registry, marked `registered: true`. */
export const RegisteredJourneyEnterpriseJson = Schema.Struct({
  ...EnterpriseJson.fields,
  registered: Schema.Literal(true).annotate({ description: "In the enterprise registry (企业库)." })
}).annotate({
  identifier: "RegisteredJourneyEnterprise",
  description: "An enterprise of the registry (企业库), marked registered: true."
})

/** A pledgor known only from its pledge registrations (`registered: false`). */
export const UnregisteredPledgorJson = Schema.Struct({
  registered: Schema.Literal(false).annotate({
    description: "Not in the enterprise registry: known only as the pledgor of pledge registrations."
  }),
  uscc: Uscc,
  name: Schema.String.annotate({ description: "As its latest live registration names it." }),
  district: Schema.String.annotate({
    description: "The district of its latest live registration (6-digit division code)."
  }),
  districtName: Schema.NullOr(Schema.String),
  local: Schema.Boolean.annotate({ description: "That district is a Wenzhou one." }),
  source: Schema.Struct({ registrationNo: Schema.String, registeredOn: BusinessDate }).annotate({
    description:
      "The registration the name and district come from: its latest live one (the latest of all when every one was reversed)."
  })
}).annotate({
  identifier: "UnregisteredPledgor",
  description:
    "A pledgor that is not in the enterprise registry; its journey has its pledges and pledge loans only."
})

export const JourneyJson = Schema.Struct({
  enterprise: Schema.Union([RegisteredJourneyEnterpriseJson, UnregisteredPledgorJson]).annotate({
    description:
      "Whose journey: an enterprise of the registry (registered: true) or a pledgor known only from its " +
      "pledge registrations (registered: false)."
  }),
  events: Schema.Array(JourneyEventJson).annotate({
    description: "Oldest first; on one day equity, then pledge, then linkage events, each in a stable order."
  }),
  // Money is a named component: annotating it here would add a second copy (Money_1) to the document.
  totals: Schema.Struct({
    equityInvested: Money,
    pledged: Money,
    pledgeLoansDrawn: Money,
    linkageLoans: Money,
    claimsPaid: Money
  }).annotate({
    description:
      "Over the live events in from..to (reversed ones never count), exact: equityInvested, the cost of the " +
      "fund investments the reader may see (withheld ones never count); pledged, the secured amounts of its " +
      "registrations listed, each on its terms as of `to` (the amount registered or that of its latest live " +
      "change dated on or before `to`; a release does not take it out, a live cancellation (撤销) of any date " +
      "does); pledgeLoansDrawn, loans drawn under them; linkageLoans, 投贷联动 and 科创指数贷 loans " +
      "granted; claimsPaid, what insurers and pools paid on its claims."
  }),
  withheld: Schema.Struct({
    equity: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({
      description:
        "Equity events (investments, valuations, exits in from..to) of funds whose ledger the reader may " +
        "not read: a fund manager reads only its own funds' entries. Left out of events and totals."
    })
  }).annotate({ description: "What the reader may not see, counted; nothing of it is shown." })
}).annotate({
  identifier: "EnterpriseJourney",
  description:
    "An enterprise's finance journey (融资历程): equity, pledge and linkage events on one timeline."
})

/** `registry.journeySearch`: whose journey can be shown (`matches`, the table its page shows). */
export const JourneyMatchesJson = Schema.Struct({
  matches: Schema.Array(
    Schema.Struct({
      uscc: Uscc,
      name: Schema.String,
      district: Schema.String,
      local: Schema.Boolean,
      registered: Schema.Boolean,
      stage: Schema.NullOr(Schema.String)
    })
  )
}).annotate({ identifier: "JourneyMatches" })
