import { readFile } from "node:fs/promises"
import { type Actor, type Kejin, type Pledge, pledgesFromCsv, pledgesToCsv } from "@kejin/core"
import { pledgeBatches } from "@kejin/core/internal"

/** The kinds `kejin import` and `kejin export` know. */
export const ioKinds = ["pledges"] as const

/** A file `kejin import` cannot read (missing, a folder, no permission): the CLI's exit 2, nothing imported. */
export class UnreadableFileError extends Error {
  override readonly name = "UnreadableFileError"
  constructor(
    readonly file: string,
    reason: string
  ) {
    super(`cannot read ${file}: ${reason}`)
  }
}

/** Imports a CSV file of pledge loans through the bulk write path: all rows or none, one journal entry. */
export const importPledgesCsv = async (kejin: Kejin, file: string, actor: Actor) => {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UnreadableFileError(file, error.code ?? error.message)
  })
  const inputs = pledgesFromCsv(text)
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
