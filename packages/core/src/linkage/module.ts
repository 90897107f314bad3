import { bondsModule } from "./bonds/module.js"
import { coInvestmentsModule } from "./co-investments/module.js"
import { withListKeysets } from "./declare.js"
import { indexLoansModule } from "./index-loans/module.js"
import { insuranceModule } from "./insurance/module.js"
import { investmentLoansModule } from "./investment-loans/module.js"
import { poolsModule } from "./pools/module.js"
import { linkageSharedModule } from "./shared/module.js"
import { subsidiesModule } from "./subsidies/module.js"

/**
 * The linkage pilots, one module each, and what they share (`kejin.linkage.*`, `/api/v1/linkage/…`); every
 * list of theirs is read by keyset for its exports (declare.ts `withLinkageKeyset`).
 */
export const linkageModules = [
  withListKeysets(investmentLoansModule),
  withListKeysets(indexLoansModule),
  withListKeysets(insuranceModule),
  withListKeysets(poolsModule),
  withListKeysets(subsidiesModule),
  withListKeysets(coInvestmentsModule),
  withListKeysets(bondsModule),
  withListKeysets(linkageSharedModule)
] as const
