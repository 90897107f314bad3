import type { Kejin } from "@kejin/core"
import { type AnyOperation, modules } from "@kejin/core/internal"
import type { LocalizedText } from "@kejin/ui"
import { importPrefix, otherCommandLabels } from "./vocabulary.js"

/**
 * What each journal command is called, in both languages: a declared write's summary under its journal
 * command (`op.command ?? op.name`), an import's kind after 导入, and the few commands written by hand
 * (people, tokens, mappings). In the order people meet them: the modules' order, then the rest.
 */
export const commandLabels = (kejin: Kejin): ReadonlyMap<string, LocalizedText> => {
  const labels = new Map<string, LocalizedText>()
  for (const [command, op] of commandOperations()) labels.set(command, op.summary)
  for (const kind of kejin.imports.kinds()) {
    labels.set(`imports.${kind.kind}`, {
      zh: `${importPrefix.zh}${kind.label.zh}`,
      en: `${importPrefix.en}${kind.label.en}`
    })
  }
  for (const [command, label] of Object.entries(otherCommandLabels)) labels.set(command, label)
  return labels
}

/** The declared write each journal command is (`op.command ?? op.name`): what labels its payload's fields. */
export const commandOperations = (): ReadonlyMap<string, AnyOperation> =>
  new Map(
    modules.flatMap((module) =>
      module.operations
        .filter((op) => op.write)
        .map((op): [string, AnyOperation] => [op.command ?? op.name, op])
    )
  )

/** The declared operation named `name` (an import kind's write), if any. */
export const operationNamed = (name: string): AnyOperation | undefined =>
  modules.flatMap((module): ReadonlyArray<AnyOperation> => module.operations).find((op) => op.name === name)
