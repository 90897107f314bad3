// Embedding the core in another system with the Promise API (no Effect needed).
// Run: node examples/dist/embed.js   (after `pnpm build`)
import { formatYuan, openKejin } from "@kejin/core"

export const main = async (database = "sqlite::memory:") => {
  const kejin = await openKejin({ database })
  try {
    await kejin.pledges.record({
      registrationNo: "Y2025330000123",
      pledgor: { uscc: "91330302MA1234567B", name: "温州瓯江激光科技有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: ["ZL201710601862.3"],
      amount: "2,500万",
      registeredOn: "2025-03-14"
    })
    const total = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
    return `${total.count} pledge loan(s), ${formatYuan(total.amount)} yuan (${formatYuan(total.amount, { unit: "wan" })})`
  } finally {
    await kejin.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await main())
