import { createHash } from "node:crypto"

/** JSON with object keys sorted, so equal payloads always hash alike. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString()
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
      )
    }
    return v
  })

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex")
