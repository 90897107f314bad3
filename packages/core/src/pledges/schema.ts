import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { PositiveYuanFromString, toWire } from "../money/index.js"
import { PatentNumber, Uscc } from "../registry/codes.js"
import { DistrictCode, districtOf } from "../registry/districts.js"
import { BusinessDate } from "../time/index.js"

// The identifiers name these in the OpenAPI document (`TextEncoded`, `RegistrationNoEncoded`): the wire side
// of a trimming transformation keeps no checks, so the document adds their constraints by name.
const Name = (what: string) =>
  Schema.Trim.check(
    Schema.isNonEmpty({ message: `${what} must not be empty` }),
    Schema.isMaxLength(200, { message: `${what} must have at most 200 characters` })
  ).annotate({ identifier: "Text" })

/** CNIPA pledge registration numbers, e.g. Y2025330000123: letters and digits. */
export const RegistrationNo = Schema.Trim.check(
  Schema.isPattern(/^[A-Z0-9][A-Z0-9-]{5,39}$/, {
    message: "must be 6 to 40 capital letters, digits or hyphens, e.g. Y2025330000123"
  })
).annotate({ identifier: "RegistrationNo" })

/** The JSON body of `POST /api/v1/pledges` (contract). */
export const PledgeInput = Schema.Struct({
  registrationNo: RegistrationNo,
  pledgor: Schema.Struct({
    uscc: Uscc,
    name: Name("the pledgor's name"),
    district: DistrictCode
  }),
  pledgee: Schema.Struct({ name: Name("the pledgee's name") }),
  patents: Schema.Array(PatentNumber).check(
    Schema.isMinLength(1, { message: "at least one patent must be pledged" }),
    Schema.isMaxLength(1000, { message: "at most 1000 patents per registration" }),
    Schema.isUnique({ message: "a patent is listed twice" })
  ),
  amount: PositiveYuanFromString,
  registeredOn: BusinessDate
})
export type PledgeInput = typeof PledgeInput.Type
export type PledgeInputJson = typeof PledgeInput.Encoded

/** A stored patent pledge loan. */
export interface Pledge {
  readonly id: number
  readonly registrationNo: string
  readonly pledgor: { readonly uscc: string; readonly name: string; readonly district: string }
  readonly pledgee: { readonly name: string }
  readonly patents: ReadonlyArray<string>
  readonly amount: Decimal
  readonly registeredOn: string
  readonly journalSeq: number
  readonly reversed: boolean
}

export interface PledgeTotal {
  readonly amount: Decimal
  readonly count: number
}

/** One calendar month of live (not reversed) pledges: `month` is `YYYY-MM`. */
export interface PledgeMonth {
  readonly month: string
  readonly amount: Decimal
  readonly count: number
}

export interface Period {
  readonly from: string
  readonly to: string
}

export const PeriodInput = Schema.Struct({ from: BusinessDate, to: BusinessDate }).check(
  Schema.makeFilter((p: { from: string; to: string }) =>
    p.from <= p.to ? true : { path: ["to"], issue: "must not be before from" }
  )
)

export const ReversalInput = Schema.Struct({
  id: Schema.Int.check(Schema.isGreaterThan(0)),
  reason: Name("the reason")
})

/** The wire form: money as a decimal string with two places. */
export const pledgeToJson = (pledge: Pledge) => ({
  id: pledge.id,
  registrationNo: pledge.registrationNo,
  pledgor: { ...pledge.pledgor, districtName: districtOf(pledge.pledgor.district)?.name ?? null },
  pledgee: pledge.pledgee,
  patents: pledge.patents,
  amount: toWire(pledge.amount),
  registeredOn: pledge.registeredOn,
  journalSeq: pledge.journalSeq,
  reversed: pledge.reversed
})
export type PledgeJson = ReturnType<typeof pledgeToJson>
