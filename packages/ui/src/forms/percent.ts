/*
 * A rate typed in a field labelled %: people write 3.85 for 3.85 %. The form sends it to the core as
 * "3.85%", which the core's rate Schema reads exactly (decimal arithmetic, `0.0385`); what was typed with
 * its own % sign goes as it is, and a blank stays blank.
 */

/** The text a %-labelled field sends: `"3.85"` → `"3.85%"`, `"3.85%"` and `""` unchanged. */
export const percentText = (typed: string): string => {
  const text = typed.trim()
  return text === "" || /[%％]$/.test(text) ? text : `${text}%`
}

/** What a %-labelled field adds to its label. */
export const percentLabel = { zh: "（%）", en: " (%)" } as const
