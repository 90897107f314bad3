import { localizedMessage, type MessageParams } from "@kejin/core"
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
}

/** `said` in the page's language (see above). */
export const messageFor = (said: CoreMessage, lang: Lang): string => localizedMessage(said, lang)
