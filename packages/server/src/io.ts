import { type Kejin, type Pledge, pledgesToCsv } from "@kejin/core"
import { pledgeBatches } from "@kejin/core/internal"

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
