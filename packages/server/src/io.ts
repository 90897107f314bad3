import { readFile } from "node:fs/promises"
import { type Actor, type Kejin, type Pledge, pledgesFromCsv, pledgesToCsv } from "@kejin/core"
import { pledgeBatches } from "@kejin/core/internal"

/** The kinds `kejin import` and `kejin export` know. */
export const ioKinds = ["pledges"] as const

/** Imports a CSV file of pledge loans through the bulk write path: all rows or none, one journal entry. */
export const importPledgesCsv = async (kejin: Kejin, file: string, actor: Actor) => {
  const inputs = pledgesFromCsv(await readFile(file, "utf8"))
  return kejin.pledges.recordMany(inputs, { actor })
}

/** Every live pledge in the period as CSV, read batch by batch with the core's keyset read (no offsets). */
export const exportPledgesCsv = async (
  kejin: Kejin,
  options: { from?: string | undefined; to?: string | undefined; bom?: boolean }
): Promise<string> => {
  const all: Array<Pledge> = []
  const filter = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to })
  }
  for await (const batch of pledgeBatches(kejin.run, filter, 1000)) all.push(...batch)
  return pledgesToCsv(all, { bom: options.bom ?? false })
}
