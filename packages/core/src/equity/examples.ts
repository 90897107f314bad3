import { Decimal } from "decimal.js"
import { makeUscc } from "../registry/codes.js"
import type { Fund, FundEntry, FundInputJson } from "./schema.js"

// Examples of the funds' documentation: request bodies the core's schemas decode, records as the core
// returns them (the document shows them through `fundToJson` and `fundEntryToJson`).

/** The investee of the examples: 温州瓯江光电科技有限公司, 鹿城区. */
export const exampleInvesteeUscc = makeUscc("91330302MA2AB1CD0")

export const exampleFundInput: FundInputJson = {
  code: "wz-angel-1",
  name: "温州天使投资基金一期",
  kind: "chain",
  chainStage: "angel",
  manager: 1,
  targetSize: "100000000.00",
  vintage: "2025-01-01",
  district: "330302"
}

export const exampleFund: Fund = {
  id: 1,
  code: "wz-angel-1",
  name: "温州天使投资基金一期",
  kind: "chain",
  chainStage: "angel",
  parent: null,
  manager: { id: 1, name: "温州科创投资管理有限公司" },
  targetSize: new Decimal("100000000"),
  vintage: "2025-01-01",
  status: "raising",
  statusSince: "2025-01-01",
  origin: "local",
  district: "330302",
  reinvestRequired: null,
  journalSeq: 1
}

export const exampleCommitmentEntry: FundEntry = {
  id: 1,
  fund: "wz-angel-1",
  on: "2025-01-10",
  journalSeq: 2,
  reversedBy: null,
  fx: null,
  kind: "commitment",
  amount: new Decimal("100000000"),
  lpName: "温州某民营企业",
  lpType: "private",
  lpFund: null
}

/** Request examples of the entry routes (the fund comes from the path). */
export const exampleEntryBodies = {
  commitments: { on: "2025-01-10", lpName: "温州某民营企业", lpType: "private", amount: "100000000.00" },
  calls: { commitment: 1, on: "2025-02-01", amount: "40000000.00" },
  distributions: { on: "2025-12-01", distributionKind: "gain", amount: "30000000.00" },
  marks: { on: "2025-12-31", nav: "15000000.00" },
  investments: {
    enterprise: exampleInvesteeUscc,
    on: "2025-03-01",
    amount: "25000000.00",
    instrument: "equity",
    round: "A"
  },
  valuations: { investment: 3, on: "2025-06-30", fairValue: "30000000.00" },
  exits: { investment: 3, on: "2025-11-15", proceeds: "45000000.00", route: "m-and-a" }
} as const

/** Request examples of the pro-rata routes (the fund comes from the path). */
export const exampleProRataBodies = {
  calls: { on: "2025-03-01", amount: "30000000.00" },
  distributions: { on: "2025-12-01", distributionKind: "gain", amount: "10000000.01" }
} as const
