import { Schema } from "effect"
import { FreeText } from "../text/text.js"
import { BusinessDate } from "../time/index.js"
import { Uscc } from "./codes.js"
import { districtOf } from "./districts.js"

// The registry's schemas and records (enterprises and institutions), apart from the services so that the
// operations' declarations (./operations.ts) can use them and the services the declarations.

// ---------------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------------

const Text = FreeText

/** Development stage of an enterprise (企业发展阶段). */
export const enterpriseStages = ["seed", "start-up", "growth", "expansion", "mature"] as const
export const EnterpriseStage = Schema.Literals(enterpriseStages)
export type EnterpriseStage = typeof EnterpriseStage.Type

/**
 * Technology category of the action plan (三(五)): 关键共性技术 `key-generic`, 前沿引领技术 `frontier`,
 * 现代工程技术 `engineering`, 颠覆性技术 `disruptive`, anything else `other`.
 */
export const techCategories = ["key-generic", "frontier", "engineering", "disruptive", "other"] as const
export const TechCategory = Schema.Literals(techCategories)
export type TechCategory = typeof TechCategory.Type

/** The four categories the city fund's direct-investment target counts (everything but `other`). */
export const qualifyingTechCategories: ReadonlyArray<TechCategory> = [
  "key-generic",
  "frontier",
  "engineering",
  "disruptive"
]

// Provincial prefixes of mainland administrative codes (GB/T 2260) plus 71 台湾, 81 香港, 82 澳门.
// biome-ignore format: a table reads better on few lines
const PROVINCES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82"
])

/**
 * Any 6-digit administrative division code (GB/T 2260) with a real provincial prefix. Wenzhou's own
 * county-level codes (`districts.ts`) are local; every other code is accepted and flagged non-local.
 */
export const AdminDivisionCode = Schema.String.check(
  Schema.makeFilter(
    (code: string) =>
      (/^\d{6}$/.test(code) && PROVINCES.has(code.slice(0, 2))) ||
      "must be a 6-digit administrative division code, like 330302 (鹿城区) or 310115",
    { expected: "a 6-digit administrative division code" }
  )
)

/** True for Wenzhou's county-level divisions (the reference data in `districts.ts`). */
export const isLocalDistrict = (code: string): boolean => districtOf(code) !== undefined

/** Input of `Enterprises.add`: a new enterprise with its current district. */
export const EnterpriseInput = Schema.Struct({
  uscc: Uscc,
  name: Text("the name"),
  /** 6-digit division code; a Wenzhou one makes the enterprise local. */
  district: AdminDivisionCode,
  /** Free text, e.g. 新材料 or an industry code. */
  industry: Text("the industry", 100),
  stage: EnterpriseStage,
  techCategory: TechCategory,
  /** Date of incorporation, for information (the first district holds from the start either way). */
  registeredOn: Schema.optional(BusinessDate)
})
export type EnterpriseInput = typeof EnterpriseInput.Type
export type EnterpriseInputJson = typeof EnterpriseInput.Encoded

/** Input of `Enterprises.move`: the enterprise is registered in `district` from `since` on. */
export const EnterpriseMoveInput = Schema.Struct({
  uscc: Uscc,
  district: AdminDivisionCode,
  since: BusinessDate
})
export type EnterpriseMoveInputJson = typeof EnterpriseMoveInput.Encoded

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

/** The first district row holds "from the start": stored as this date, shown as `since: null`. */
export const FROM_THE_START = "0001-01-01"

export interface DistrictSpell {
  readonly district: string
  /** First day in this district; null for the district the enterprise was added with (from the start). */
  readonly since: string | null
  readonly local: boolean
}

export interface Enterprise {
  readonly id: number
  readonly uscc: string
  readonly name: string
  readonly industry: string
  readonly stage: EnterpriseStage
  readonly techCategory: TechCategory
  readonly registeredOn: string | null
  /** The district of the latest spell. */
  readonly district: string
  readonly local: boolean
  /** Oldest first. */
  readonly districts: ReadonlyArray<DistrictSpell>
  readonly journalSeq: number
}

export const enterpriseToJson = (e: Enterprise) => ({
  ...e,
  districtName: districtOf(e.district)?.name ?? null,
  districts: e.districts.map((d) => ({ ...d, districtName: districtOf(d.district)?.name ?? null }))
})

// ---------------------------------------------------------------------------------------------------------
// Institutions
// ---------------------------------------------------------------------------------------------------------

/** Banks (银行), insurers (保险), guarantors (融资担保) and fund managers (基金管理人). */
export const institutionKinds = ["bank", "insurer", "guarantor", "fund-manager"] as const
export const InstitutionKind = Schema.Literals(institutionKinds)
export type InstitutionKind = typeof InstitutionKind.Type

/** Input of `Institutions.add`. The name is unique per kind; the credit code, when given, is unique. */
export const InstitutionInput = Schema.Struct({
  kind: InstitutionKind,
  name: FreeText("the name"),
  uscc: Schema.optional(Uscc)
})
export type InstitutionInputJson = typeof InstitutionInput.Encoded

export interface Institution {
  readonly id: number
  readonly kind: InstitutionKind
  readonly name: string
  readonly uscc: string | null
  readonly journalSeq: number
}
