import { makeUscc } from "./codes.js"
import type { EnterpriseInputJson } from "./enterprises.js"
import type { InstitutionInputJson } from "./institutions.js"

/** The documents' example credit code (valid, registered by nobody). */
export const exampleUscc = makeUscc("91330302MA2AB1CD0")

export const exampleEnterpriseInput: EnterpriseInputJson = {
  uscc: exampleUscc,
  name: "温州瓯江光电科技有限公司",
  district: "330302",
  industry: "光电",
  stage: "start-up",
  techCategory: "frontier"
}

export const exampleInstitutionInput: InstitutionInputJson = {
  kind: "fund-manager",
  name: "温州科创投资管理有限公司"
}
