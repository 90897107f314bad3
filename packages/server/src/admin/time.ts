import { SHANGHAI_UTC_OFFSET_MILLIS } from "@kejin/core"

/** An instant (ISO, UTC) as people in Wenzhou read it: `2026-01-01 00:30:00` (Asia/Shanghai, UTC+8). */
export const shanghaiTime = (iso: string): string => {
  const millis = Date.parse(iso)
  if (!Number.isFinite(millis)) return iso
  return new Date(millis + SHANGHAI_UTC_OFFSET_MILLIS).toISOString().replace("T", " ").slice(0, 19)
}

/** The first instant (ISO, UTC) of a date in Asia/Shanghai: `2026-01-01` → `2025-12-31T16:00:00.000Z`. */
export const shanghaiDayStart = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_UTC_OFFSET_MILLIS).toISOString()

/** The first instant after a date in Asia/Shanghai. */
export const shanghaiDayEnd = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000 - SHANGHAI_UTC_OFFSET_MILLIS).toISOString()
