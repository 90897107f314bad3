import * as crypto from "node:crypto"

/** JSON with object keys sorted, so equal payloads always hash alike (the definition: see `fastCanonical`). */
const canonicalByReplacer = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString()
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
      )
    }
    return v
  })

/** Thrown inside `fastCanonical` for a value it does not write itself (the replacer's form writes it). */
const notPlain = Symbol("not plain")

/** A key JavaScript orders before the others, numerically, in an object built from entries (an array index). */
const isIndex = (key: string) => {
  const first = key.charCodeAt(0)
  // Most keys start with a letter: no regex for them (every object of every row an import hashes).
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4_294_967_295
}

const writeValue = (value: unknown): string | undefined => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value)
    case "number":
    case "boolean":
      return JSON.stringify(value)
    case "bigint":
      return JSON.stringify(value.toString())
    case "undefined":
    case "function":
    case "symbol":
      return undefined
  }
  if (value === null) return "null"
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw notPlain
    let out = "["
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? "" : ","}${writeValue(value[i]) ?? "null"}`
    return `${out}]`
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) throw notPlain
  const record = value as Record<string, unknown>
  if ("toJSON" in record) throw notPlain
  let out = ""
  for (const [key, name] of orderOf(Object.keys(record))) {
    const written = writeValue(record[key])
    if (written === undefined) continue
    out += `${out === "" ? "{" : ","}${name}:${written}`
  }
  return out === "" ? "{}" : `${out}}`
}

/** An object's keys in the order its canonical JSON writes them, each with its name as JSON. */
type KeyOrder = ReadonlyArray<readonly [key: string, name: string]>

const orderOfKeys = (own: ReadonlyArray<string>): KeyOrder => {
  const keys = [...own].sort((a, b) => (a < b ? -1 : 1))
  // Object.fromEntries puts array-index keys first, in numeric order, whatever the entries' order.
  const ordered = keys.some(isIndex)
    ? [...keys.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))]
    : keys
  return ordered.map((key) => [key, JSON.stringify(key)] as const)
}

/**
 * The orders of the last few shapes of object written (their own keys as listed): the rows of an import
 * are objects of a handful of shapes, a million times over, each sorted and its names quoted once.
 */
const orders: Array<{ readonly own: ReadonlyArray<string>; readonly order: KeyOrder }> = []
let nextOrder = 0

const orderOf = (own: ReadonlyArray<string>): KeyOrder => {
  for (const cached of orders)
    if (cached.own.length === own.length && cached.own.every((k, i) => k === own[i])) return cached.order
  const order = orderOfKeys(own)
  orders[nextOrder] = { own, order }
  nextOrder = (nextOrder + 1) % 16
  return order
}

/**
 * JSON with object keys sorted, so equal payloads always hash alike: `JSON.stringify` with a replacer that
 * writes bigints as text and every object (not an array) with its entries sorted by key. Plain data (text,
 * numbers, arrays, objects of Object's prototype without `toJSON`) is written directly, the same text
 * without an object built per object (an import hashes every row); anything else goes through the replacer.
 * canonical.test.ts checks that both write the same.
 */
export const canonicalJson = (value: unknown): string => {
  try {
    return writeValue(value) as string
  } catch (error) {
    if (error !== notPlain) throw error
    return canonicalByReplacer(value)
  }
}

/** The replacer's form alone (the definition the direct writer of {@link canonicalJson} follows). */
export const canonicalJsonByReplacer = canonicalByReplacer

/**
 * Node's one-shot `crypto.hash` (Node 20.12+; about twice as fast as a Hash object for a row's few hundred
 * bytes, and an import hashes several texts a row) where it exists, a Hash object on older Node 20.
 */
const oneShot: typeof crypto.hash | undefined = crypto.hash

export const sha256: (text: string) => string =
  oneShot === undefined
    ? (text) => crypto.createHash("sha256").update(text).digest("hex")
    : (text) => oneShot("sha256", text, "hex")
