import { demoEnterprises, demoPledges, type Kejin, todayInShanghai } from "@kejin/core"

export interface DemoSummary {
  readonly seeded: boolean
  readonly pledges: number
}

/**
 * Seeds a synthetic Wenzhou dataset: 60 enterprises across the 12 divisions and patent pledge
 * loans from 2025-01-01 up to today. Does nothing when the store already holds pledges.
 */
export const seedDemo = async (kejin: Kejin): Promise<DemoSummary> => {
  const existing = await kejin.pledges.list({ limit: 1 })
  if (existing.total > 0) return { seeded: false, pledges: existing.total }
  const today = await kejin.run(todayInShanghai)
  const enterprises = demoEnterprises(60, 2025)
  const thisYear = today.slice(0, 4)
  const lastYear = String(Number(thisYear) - 1)
  const batches = [
    demoPledges({ count: 180, from: `${lastYear}-01-01`, to: `${lastYear}-12-31`, enterprises, seed: 2025 }),
    demoPledges({ count: 150, from: `${thisYear}-01-01`, to: today, enterprises, seed: 2026 })
  ]
  let count = 0
  for (const batch of batches)
    count += (await kejin.pledges.recordMany(batch, { actor: { id: "demo", role: "admin" } })).count
  return { seeded: true, pledges: count }
}
