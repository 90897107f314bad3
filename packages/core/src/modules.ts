import { linkageModules } from "./linkage/module.js"
import { loansModule } from "./loans/module.js"

/**
 * The areas whose operations are declared (see operations/operation.ts): the Promise facade, the HTTP
 * routes, the OpenAPI document and the role × route matrix are derived from this list. Adding an area is
 * one line here.
 */
export const modules = [loansModule, ...linkageModules] as const

export type KejinModules = typeof modules
