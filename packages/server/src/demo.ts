import type { Actor, Kejin } from "@kejin/core"
import { demoEnterprises, seedDemoFunds, seedDemoLinkage, seedDemoPledges } from "@kejin/core/demo"
import { randomSecret, todayInShanghai } from "@kejin/core/internal"

export interface DemoSummary {
  /** Whether demo data was added (false when the store already held records). */
  readonly seeded: boolean
  /** Pledge registrations seeded now (0 when none were seeded). */
  readonly pledges: number
  /** Loans drawn under the registrations seeded now (0 when none were seeded). */
  readonly loans: number
  /** Funds seeded now (0 when none were seeded). */
  readonly funds: number
  /** Linkage-pilot records seeded now (loans, scores, policies, pool movements, claims, …; 0 when none). */
  readonly linkage: number
  /** Demo people, one per role, with passwords made up at seeding time (shown once); none when the store had people. */
  readonly users: ReadonlyArray<{ readonly login: string; readonly role: string; readonly password: string }>
}

const demoPeople = [
  { login: "admin", displayName: "系统管理员", role: "admin" },
  { login: "bureau", displayName: "市金融办 王科", role: "bureau" },
  { login: "manager", displayName: "瓯江天使基金 李娜", role: "fund-manager", funds: ["wz-angel-1"] },
  { login: "viewer", displayName: "观察员 陈晨", role: "viewer" }
] as const

const demoActor: Actor = { id: "demo", role: "admin" }

/**
 * Seeds a synthetic Wenzhou dataset into an empty store: 60 enterprises across the 12 divisions, patent
 * pledge registrations from the start of last year up to today with the loans drawn under them (repaid,
 * released, one default per batch; see {@link seedDemoPledges}), the equity chain (the city fund with its
 * direct investments and four sub-funds along the chain, see {@link seedDemoFunds}), every linkage pilot
 * (see {@link seedDemoLinkage}) and one demo person per role. Demo data goes only into an empty store (an
 * empty journal): running it twice, or on a store with real records, adds nothing.
 */
export const seedDemo = async (kejin: Kejin): Promise<DemoSummary> => {
  const written = await kejin.journal.search({ limit: 1 })
  if (written.total > 0) return { seeded: false, pledges: 0, loans: 0, funds: 0, linkage: 0, users: [] }
  const today = await kejin.run(todayInShanghai)
  const enterprises = demoEnterprises(60, 2025)
  const as = { today, enterprises, actor: demoActor }
  const book = await seedDemoPledges(kejin, as)
  const funds = await seedDemoFunds(kejin, as)
  const linkage = (await seedDemoLinkage(kejin, as)).records
  const users: Array<{ login: string; role: string; password: string }> = []
  if (!(await kejin.accounts.hasUsers())) {
    for (const person of demoPeople) {
      const password = randomSecret(12)
      await kejin.accounts.addUser({ ...person, password }, { actor: demoActor })
      users.push({ login: person.login, role: person.role, password })
    }
  }
  return { seeded: true, pledges: book.pledges, loans: book.loans.loans, funds, linkage, users }
}
