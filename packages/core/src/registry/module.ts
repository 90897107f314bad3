import { Effect } from "effect"
import { bind, defineModule, withKeyset } from "../operations/operation.js"
import { type EnterpriseQuery, Enterprises } from "./enterprises.js"
import { Institutions } from "./institutions.js"
import {
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
} from "./operations.js"
import {
  type EnterprisePageQuery,
  enterprisePage,
  enterprisesAfter,
  type InstitutionPageQuery,
  institutionPage
} from "./pages.js"
import { enterpriseToJson, type InstitutionKind } from "./schema.js"

/**
 * The registry: enterprises (one per credit code, with a dated district history) and institutions (banks,
 * insurers, guarantors, fund managers). Each declaration bound to the `Enterprises` or `Institutions`
 * service; the facade keeps the positional signatures it had (`enterpriseByUscc(uscc)`, `enterprise(id)`,
 * `enterprises(query?)`, `districtAt(uscc, date)`, `institution(id)`, `institutionByUscc(uscc)`,
 * `institutions(query?)`).
 */
export const registryModule = defineModule({
  id: "registry",
  operations: [
    bind(addEnterprise, (input, c) => Enterprises.use((e) => e.add(c.actor, input, c))),
    bind(moveEnterprise, (input, c) => Enterprises.use((e) => e.move(c.actor, input, c))),
    bind(
      enterpriseByUscc,
      (input) => Enterprises.use((e) => e.byUscc((input as { uscc: string }).uscc)),
      (uscc: string) => ({ uscc })
    ),
    bind(
      enterpriseById,
      (input) => Enterprises.use((e) => e.get((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    bind(
      listEnterprises,
      (input) => Enterprises.use((e) => e.list(input as EnterpriseQuery)),
      (query?: EnterpriseQuery) => query ?? {}
    ),
    withKeyset(
      bind(getEnterprisePage, (input) => enterprisePage(input as EnterprisePageQuery)),
      // The exports read the registry by id after the last enterprise read, never from its start again.
      (input, page) =>
        Effect.map(
          enterprisesAfter(input as EnterprisePageQuery, {
            limit: page.limit,
            after: page.after as number | undefined
          }),
          (batch) => ({ items: batch.items.map(enterpriseToJson), next: batch.next })
        )
    ),
    bind(
      districtAt,
      (input) => {
        const { uscc, date } = input as { uscc: string; date: string }
        return Enterprises.use((e) => e.districtAt(uscc, date))
      },
      (uscc: string, date: string) => ({ uscc, date })
    ),
    bind(addInstitution, (input, c) => Institutions.use((i) => i.add(c.actor, input, c))),
    bind(
      institutionById,
      (input) => Institutions.use((i) => i.get((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    bind(
      institutionByUscc,
      (input) => Institutions.use((i) => i.byUscc((input as { uscc: string }).uscc)),
      (uscc: string) => ({ uscc })
    ),
    bind(
      listInstitutions,
      (input) => Institutions.use((i) => i.list(input as { readonly kind?: InstitutionKind })),
      (query?: { readonly kind?: InstitutionKind }) => query ?? {}
    ),
    bind(getInstitutionPage, (input) => institutionPage(input as InstitutionPageQuery))
  ]
})
