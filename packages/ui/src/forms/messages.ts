import { describeError, localizedMessage, type MessageParams } from "@kejin/core"
import type { Lang } from "../i18n.js"

/*
 * What a page says for a message of the core: the core's message catalogue (`@kejin/core`, text/messages.ts)
 * words every message it gives a `code` in Chinese and in English; a page shows it in its own language. A
 * message without a code, or with one the catalogue lacks, is shown as the core words it (English).
 */

/** Something the core said: its English `message`, and its catalogue `code` and `params` when it has them. */
export interface CoreMessage {
  readonly message: string
  readonly code?: string | undefined
  readonly params?: MessageParams | undefined
  /** The coded reasons a composite message lists (its `breaks`), each worded in the page's language. */
  readonly because?: ReadonlyArray<{ readonly code: string; readonly params: MessageParams }> | undefined
}

/** `said` in the page's language (see above). */
export const messageFor = (said: CoreMessage, lang: Lang): string => localizedMessage(said, lang)

/**
 * What an error of the core says (its `detail`, worded from its catalogue `code` when it has one, e.g. a
 * NotFoundError's "未找到贷款 12") in the page's language; its title for an error that keeps its detail inside.
 */
export const describedMessage = (error: unknown, lang: Lang): string => {
  const described = describeError(error)
  if (described === undefined) return error instanceof Error ? error.message : String(error)
  return messageFor(
    { message: described.detail ?? described.title, code: described.code, params: described.params },
    lang
  )
}
