import { alertsModule } from "./alerts/module.js"
import { fundEconomicsModule } from "./equity/economics.js"
import { fundsModule } from "./equity/module.js"
import { journeyModule } from "./journey/module.js"
import { linkageModules } from "./linkage/module.js"
import { loansModule } from "./loans/module.js"
import { pledgesModule } from "./pledges/module.js"
import { registryModule } from "./registry/module.js"
import { targetsModule } from "./targets/module.js"

/**
 * The areas whose operations are declared (see operations/operation.ts): the Promise facade, the HTTP
 * routes, the OpenAPI document and the role × route matrix are derived from this list. Adding an area is
 * one line here.
 */
export const modules = [
  pledgesModule,
  loansModule,
  fundsModule,
  fundEconomicsModule,
  targetsModule,
  registryModule,
  journeyModule,
  ...linkageModules,
  alertsModule
] as const

export type KejinModules = typeof modules
