import { readFile } from "node:fs/promises"
import { type Actor, type Kejin, type Pledge, pledgesFromCsv, pledgesToCsv } from "@kejin/core"

/** The kinds `kejin import` and `kejin export` know. */
export const ioKinds = ["pledges"] as const

/** Imports a CSV file of pledge loans through the bulk write path: all rows or none, one journal entry. */
export const importPledgesCsv = async (kejin: Kejin, file: string, actor: Actor) => {
  const inputs = pledgesFromCsv(await readFile(file, "utf8"))
  return kejin.pledges.recordMany(inputs, { actor })
}

/** Every live pledge in the period as CSV, read page by page. */
export const exportPledgesCsv = async (
  kejin: Kejin,
  options: { from?: string | undefined; to?: string | undefined; bom?: boolean }
): Promise<string> => {
  const all: Array<Pledge> = []
  for (let offset = 0; ; offset += 500) {
    const page = await kejin.pledges.list({ from: options.from, to: options.to, limit: 500, offset })
    all.push(...page.items)
    if (offset + page.items.length >= page.total || page.items.length === 0) break
  }
  return pledgesToCsv(all, { bom: options.bom ?? false })
}
