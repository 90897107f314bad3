import { say } from "@kejin/core/internal"
import type { Context } from "hono"
import { type Problem, saidAt } from "../problem.js"

/**
 * The first key given twice in one object of `text` (valid JSON), as a dotted path (`pledgor.name`,
 * `patents.0.number`), or undefined. `JSON.parse` keeps the last of two equal keys silently, so a body
 * could say two things at once; keys are compared as JSON decodes them (`"a"` and `"\u0061"` are equal).
 * Only the structure is scanned: no number is converted, so money stays the text it was.
 */
export const duplicateKey = (text: string): string | undefined => {
  // One frame per open container: an object's keys so far and the key being read, or an array's index.
  type Frame = { keys: Set<string>; key: string | undefined } | { index: number }
  const stack: Array<Frame> = []
  const path = () => stack.map((f) => ("keys" in f ? (f.key ?? "") : String(f.index))).join(".")
  let expectKey = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (ch === '"') {
      let end = i + 1
      while (text.charAt(end) !== '"') end += text.charAt(end) === "\\" ? 2 : 1
      const top = stack.at(-1)
      if (expectKey && top !== undefined && "keys" in top) {
        const key = JSON.parse(text.slice(i, end + 1)) as string
        top.key = key
        if (top.keys.has(key)) return path()
        top.keys.add(key)
        expectKey = false
      }
      i = end
    } else if (ch === "{") {
      stack.push({ keys: new Set(), key: undefined })
      expectKey = true
    } else if (ch === "[") {
      stack.push({ index: 0 })
    } else if (ch === "}" || ch === "]") {
      stack.pop()
    } else if (ch === ",") {
      const top = stack.at(-1)
      if (top !== undefined && "keys" in top) expectKey = true
      else if (top !== undefined) top.index += 1
    }
  }
  return undefined
}

/** Reads a JSON body, or says why not as a 400/415 problem (a key given twice in one object is a 400). */
export const readJson = async (
  c: Context
): Promise<{ readonly value: unknown; readonly problem?: undefined } | { readonly problem: Problem }> => {
  const type = c.req.header("content-type") ?? ""
  if (!type.toLowerCase().startsWith("application/json")) {
    return {
      problem: {
        type: "https://kejin.dev/problems/unsupported-media-type",
        title: "Send JSON",
        status: 415,
        detail: "the body must be application/json"
      }
    }
  }
  let value: unknown
  let text: string
  try {
    text = await c.req.text()
    value = JSON.parse(text)
  } catch {
    return {
      problem: {
        type: "https://kejin.dev/problems/malformed-json",
        title: "Malformed JSON",
        status: 400,
        detail: "the body is not valid JSON"
      }
    }
  }
  const twice = duplicateKey(text)
  if (twice !== undefined) {
    return {
      problem: {
        type: "https://kejin.dev/problems/malformed-json",
        title: "Malformed JSON",
        status: 400,
        detail: `the key ${JSON.stringify(twice)} is given twice`,
        errors: [saidAt(twice, say("json-key-twice"))]
      }
    }
  }
  return { value }
}
