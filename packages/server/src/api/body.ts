import type { Context } from "hono"
import type { Problem } from "../problem.js"

/** Reads a JSON body, or says why not as a 400/415 problem. */
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
  try {
    return { value: await c.req.json() }
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
}
