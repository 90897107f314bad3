import { demoEnterprises, demoPledges, type Kejin, randomSecret, todayInShanghai } from "@kejin/core"

export interface DemoSummary {
  readonly seeded: boolean
  readonly pledges: number
  /** Demo people, one per role, with passwords made up at seeding time (shown once). */
  readonly users: ReadonlyArray<{ readonly login: string; readonly role: string; readonly password: string }>
}

const demoPeople = [
  { login: "admin", displayName: "系统管理员", role: "admin" },
  { login: "bureau", displayName: "市金融办 王科", role: "bureau" },
  { login: "manager", displayName: "瓯江天使基金 李娜", role: "fund-manager", funds: ["wz-angel-1"] },
  { login: "viewer", displayName: "观察员 陈晨", role: "viewer" }
] as const

/**
 * Seeds a synthetic Wenzhou dataset: 60 enterprises across the 12 divisions and patent pledge
 * loans from 2025-01-01 up to today. Does nothing when the store already holds pledges.
 */
export const seedDemo = async (kejin: Kejin): Promise<DemoSummary> => {
  const existing = await kejin.pledges.list({ limit: 1 })
  if (existing.total > 0) return { seeded: false, pledges: existing.total, users: [] }
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
  const users: Array<{ login: string; role: string; password: string }> = []
  if (!(await kejin.accounts.hasUsers())) {
    for (const person of demoPeople) {
      const password = randomSecret(12)
      await kejin.accounts.addUser({ ...person, password }, { actor: { id: "demo", role: "admin" } })
      users.push({ login: person.login, role: person.role, password })
    }
  }
  return { seeded: true, pledges: count, users }
}
