import { Schema } from "effect"
import { BusinessDate } from "../time/index.js"
import { Uscc } from "./codes.js"
import {
  EnterpriseMoveInput,
  EnterpriseStage,
  type enterpriseToJson,
  InstitutionKind,
  TechCategory
} from "./schema.js"

// Wire shapes of the registry's answers: what `enterpriseToJson` writes and the institution records (the
// API tests decode the real answers with these, unknown fields refused, so the document and the code
// cannot drift apart), and the pages around them.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const NullOrDate = Schema.NullOr(BusinessDate)

/** What `enterpriseToJson` writes. */
export const EnterpriseJson = Schema.Struct({
  id: PositiveInt,
  uscc: Uscc,
  name: Schema.String,
  industry: Schema.String,
  stage: EnterpriseStage,
  techCategory: TechCategory,
  registeredOn: NullOrDate,
  district: Schema.String.annotate({ description: "The current district (6-digit division code)." }),
  districtName: Schema.NullOr(Schema.String),
  local: Schema.Boolean.annotate({ description: "The current district is a Wenzhou one." }),
  districts: Schema.Array(
    Schema.Struct({
      district: Schema.String,
      since: NullOrDate.annotate({ description: "null: from the start." }),
      local: Schema.Boolean,
      districtName: Schema.NullOr(Schema.String)
    })
  ).annotate({ description: "District history, oldest first." }),
  journalSeq: PositiveInt
}).annotate({ identifier: "Enterprise", description: "An enterprise of the registry (企业库)." })
export type EnterpriseJson = ReturnType<typeof enterpriseToJson>

export const EnterprisePageJson = Schema.Struct({
  items: Schema.Array(EnterpriseJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "EnterprisePage" })

/** An institution record as the core returns it. */
export const InstitutionJson = Schema.Struct({
  id: PositiveInt,
  kind: InstitutionKind,
  name: Schema.String,
  uscc: Schema.NullOr(Uscc),
  journalSeq: PositiveInt
}).annotate({ identifier: "Institution", description: "A bank, insurer, guarantor or fund manager." })

export const InstitutionPageJson = Schema.Struct({
  items: Schema.Array(InstitutionJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "InstitutionPage" })

/** The facade's lists (`registry.enterprises`, `registry.institutions`) as arrays of records. */
export const EnterpriseListJson = Schema.Array(EnterpriseJson)
export const InstitutionListJson = Schema.Array(InstitutionJson)

/** `registry.districtAt`: the district on a date and whether it is a Wenzhou one. */
export const DistrictAtJson = Schema.Struct({ district: Schema.String, local: Schema.Boolean })

/**
 * The body of `POST /api/v1/enterprises/{uscc}/moves`: the core's input, the credit code optional (the
 * path names the enterprise; given in the body, it must match).
 */
export const EnterpriseMoveRequest = Schema.Struct({
  ...EnterpriseMoveInput.fields,
  uscc: Schema.optional(Uscc)
}).annotate({ identifier: "EnterpriseMoveRequest" })
