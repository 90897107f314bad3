// `kejin serve --config examples/dist/kejin.config.js` (after `pnpm build`): the server loads
// third-party dashboard plugins from a module like this one.
import { createBondsPlugin } from "./bonds-plugin.js"

export default {
  plugins: [
    createBondsPlugin({
      bonds: [
        {
          issuer: "温州市科技创新投资集团有限公司",
          amount: "5亿",
          tenorYears: 5,
          couponPercent: "2.35",
          issuedOn: "2025-04-18",
          useOfProceeds: "注资市科创基金"
        },
        {
          issuer: "温州瓯江激光科技股份有限公司",
          amount: "30,000万",
          tenorYears: 3,
          couponPercent: "2.80",
          issuedOn: "2026-03-02",
          useOfProceeds: "研发与产能建设"
        }
      ]
    })
  ]
}
