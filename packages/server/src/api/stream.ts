import type { Context } from "hono"
import { failed, type Problem } from "../problem.js"

// A download streamed page by page (the CSV exports): the first page is read before any byte is sent, so a
// bad filter or a refused read is still the route's problem; later pages are read only as the client takes
// them, so memory holds one page at a time.

/** The first page of `pages`, or the problem answer of what reading it threw (mapped by `problemOf`). */
export const firstPage = async <T>(
  c: Context,
  pages: AsyncIterator<T>,
  problemOf: (error: unknown) => Problem
): Promise<IteratorResult<T> | Response> => {
  try {
    return await pages.next()
  } catch (error) {
    return failed(c, error, problemOf(error))
  }
}

/**
 * A body of `head` (with the first page already read, `first`), then `text(page)` of every further page of
 * `pages` as the client pulls it. An error after the first byte ends the stream (the client sees it cut).
 */
export const pagedText = <T>(
  first: IteratorResult<T>,
  pages: AsyncIterator<T>,
  head: string,
  text: (page: T) => string
): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    start: (controller) => {
      controller.enqueue(encoder.encode(first.done ? head : `${head}${text(first.value)}`))
      if (first.done) controller.close()
    },
    pull: async (controller) => {
      try {
        const next = await pages.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(text(next.value)))
      } catch (error) {
        controller.error(error)
      }
    },
    cancel: async () => {
      await pages.return?.(undefined)
    }
  })
}
