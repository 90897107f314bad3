import { bondsModule } from "./bonds/module.js"
import { coInvestmentsModule } from "./co-investments/module.js"
import { indexLoansModule } from "./index-loans/module.js"
import { insuranceModule } from "./insurance/module.js"
import { investmentLoansModule } from "./investment-loans/module.js"
import { poolsModule } from "./pools/module.js"
import { linkageSharedModule } from "./shared/module.js"
import { subsidiesModule } from "./subsidies/module.js"

/** The linkage pilots, one module each, and what they share (`kejin.linkage.*`, `/api/v1/linkage/…`). */
export const linkageModules = [
  investmentLoansModule,
  indexLoansModule,
  insuranceModule,
  poolsModule,
  subsidiesModule,
  coInvestmentsModule,
  bondsModule,
  linkageSharedModule
] as const
