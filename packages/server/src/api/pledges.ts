import {
  decodeOptions,
  type Kejin,
  type Period,
  type Pledge,
  PledgeEventReversalInput,
  type PledgeListQuery,
  type PledgeLoan,
  PledgeLoanReversalInput,
  type PledgeMonth,
  type PledgeRegistration,
  type PledgeTotal,
  pledgeBatches,
  pledgeBreakdownToJson,
  pledgeDimensions,
  pledgeLoanToJson,
  pledgeRegistrationToJson,
  pledgeStatuses,
  pledgeSummaryToJson,
  pledgesToCsv,
  pledgeTimelineToJson,
  pledgeToJson,
  ReversalInput,
  todayInShanghai,
  toWire,
  ValidationError,
  validationErrorFromIssue
} from "@kejin/core"
import { CHANGED_EVENT } from "@kejin/ui"
import { Exit, Schema } from "effect"
import { type Context, Hono } from "hono"
import { anonymous, type KejinEnv } from "../auth/env.js"
import { type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { badQuery, commandOptions, onlyParams, queryChecks } from "./funds.js"
import { boundsOf, periodFromQuery, periodParams } from "./period-query.js"
import { pageQuery } from "./query.js"

/** The list's filters as query parameters (`q` searches the registration number). */
export const pledgeListParams = [
  "from",
  "to",
  "district",
  "pledgor",
  "bank",
  "status",
  "q",
  "minAmount",
  "maxAmount"
] as const
type ListParam = (typeof pledgeListParams)[number]

/** `GET /api/v1/pledges/total`: the period's bounds, the sum and the count. */
export const pledgeTotalToJson = (period: Period, total: PledgeTotal) => ({
  period,
  amount: toWire(total.amount),
  count: total.count
})

/** `GET /api/v1/pledges/monthly`: the period's bounds and every month of it. */
export const pledgeMonthlyToJson = (period: Period, months: ReadonlyArray<PledgeMonth>) => ({
  period,
  months: months.map((m) => ({ month: m.month, amount: toWire(m.amount), count: m.count }))
})

/** The core's field names of a list query, as the query string spells them. */
const listFieldNames: Readonly<Record<string, string>> = { pledgorUscc: "pledgor", registrationNo: "q" }

/** A ValidationError of a read (a bad query value the core found) is the query's 400, naming the parameter. */
const readProblem = (error: unknown, names: Readonly<Record<string, string>> = {}): Problem =>
  error instanceof ValidationError
    ? badQuery(error.issues.map((i) => ({ field: names[i.path] ?? i.path, reason: i.message })))
    : problemFromError(error)

const notFound = (entity: string, text: string): Problem => ({
  type: "https://kejin.dev/problems/not-found",
  title: "Not found",
  status: 404,
  detail: `${entity} ${text} not found`
})

/** A path id as a number; ids beyond 2^53 exist nowhere (`{[0-9]+}` in the route keeps out the rest). */
const pathId = (c: Context, name: string): number | undefined => {
  const value = Number(c.req.param(name))
  return Number.isSafeInteger(value) && value > 0 ? value : undefined
}

/**
 * `body` with `field` set to the id the path names. A body that gives the field already must agree with
 * the path (422 naming it otherwise); a body that is not a JSON object goes to the core unchanged, whose
 * decoder reports it. Every other field goes through, so the core's decoder refuses unknown ones (422).
 */
const withPathId = (
  body: unknown,
  field: string,
  id: number
): { readonly problem: Problem } | { readonly problem?: undefined; readonly input: unknown } => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { input: body }
  const given = (body as Record<string, unknown>)[field]
  if (given !== undefined && given !== id) {
    const reason = `is ${JSON.stringify(given)} but the path names ${id}: leave it out`
    return { problem: problemFromError(new ValidationError({ issues: [{ path: field, message: reason }] })) }
  }
  return { input: { ...body, [field]: id } }
}

/**
 * The `reason` of a `{ reason }` body, checked with the core's own reversal schema (the path's id merged
 * in) so an unknown field or an empty reason is a 422 naming it, as on every other write.
 */
const reasonOf = (
  schema: typeof ReversalInput | typeof PledgeEventReversalInput | typeof PledgeLoanReversalInput,
  field: "id" | "eventId" | "loanId",
  body: unknown,
  id: number
): { readonly problem: Problem } | { readonly problem?: undefined; readonly reason: string } => {
  const merged = withPathId(body, field, id)
  if (merged.problem) return merged
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<{ reason: string }, unknown>)(
    merged.input,
    decodeOptions
  )
  if (Exit.isSuccess(exit)) return { reason: exit.value.reason }
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  return {
    problem:
      failure?._tag === "Fail"
        ? problemFromError(validationErrorFromIssue((failure.error as Schema.SchemaError).issue))
        : problemFromError(exit.cause)
  }
}

/**
 * `/api/v1/pledges` (the permission guards are in app.ts: GET needs `pledges.read`, POST `pledges.write`;
 * the core checks writes again):
 *
 * - `POST /` record (contract), `GET /` list (filters from, to, district, pledgor, bank, status, q,
 *   minAmount, maxAmount; limit/offset), `GET /export.csv` (the same filters, every row), `GET /{id}`,
 *   `POST /{id}/reversal`;
 * - the lifecycle: `GET /{id}/registration`, `GET /{id}/events`, `POST /{id}/changes|release|cancellation`,
 *   `POST /events/{eventId}/reversal`;
 * - loans: `GET|POST /{id}/loans`, `GET /loans/{loanId}`, `POST /loans/{loanId}/repayments|default|reversal`,
 *   `POST /loans/events/{eventId}/reversal`;
 * - figures of a period (see {@link periodFromQuery}): `GET /total`, `/monthly`, `/summary`, `/breakdown`.
 *
 * Writes take `Idempotency-Key`, answer 201 and send `HX-Trigger: kejin-changed`; the body is the core's
 * input with the path's id merged in. Errors are problem+json (400 query, 403, 404, 409, 422 by field).
 */
export const pledgesApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()

  const fail = (c: Context, error: unknown) => problem(c, problemFromError(error))
  /** Today in Asia/Shanghai, by the core's clock. */
  const today = () => kejin.run(todayInShanghai)

  /** A write's answer: 201, the dashboard's reload event, and the new resource's URL when there is one. */
  const created = <A>(c: Context, json: A, location?: string) => {
    if (location !== undefined) c.header("Location", location)
    // Dashboard panels reload on this event when the write came from the page.
    c.header("HX-Trigger", CHANGED_EVENT)
    return c.json(json, 201)
  }

  // ------------------------------------------------------------------------------------- registrations

  api.post("/", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const key = c.req.header("Idempotency-Key")
    try {
      const actor = c.get("actor") ?? anonymous
      const pledge = await kejin.pledges.record(
        body.value,
        key === undefined ? { actor } : { actor, idempotencyKey: key }
      )
      c.header("Location", `/api/v1/pledges/${pledge.id}`)
      // Dashboard panels reload on this event when the write came from the page.
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(pledgeToJson(pledge), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

  /** The core's list query from the filter parameters; `status` is checked here, the rest by the core. */
  const listFilters = (
    filters: Partial<Record<ListParam, string | undefined>>
  ): { readonly problem: Problem } | { readonly problem?: undefined; readonly query: PledgeListQuery } => {
    const checks = queryChecks()
    const status = checks.oneOf("status", filters.status, pledgeStatuses)
    const bad = checks.problem()
    if (bad) return { problem: bad }
    return {
      query: {
        from: filters.from,
        to: filters.to,
        district: filters.district,
        pledgorUscc: filters.pledgor,
        bank: filters.bank,
        status,
        registrationNo: filters.q,
        minAmount: filters.minAmount,
        maxAmount: filters.maxAmount
      }
    }
  }

  api.get("/", async (c) => {
    const query = pageQuery(c, pledgeListParams)
    if (query.problem) return problem(c, query.problem)
    const filters = listFilters(query.filters)
    if (filters.problem) return problem(c, filters.problem)
    try {
      const page = await kejin.pledges.list({ ...filters.query, limit: query.limit, offset: query.offset })
      return c.json({
        items: page.items.map(pledgeToJson),
        total: page.total,
        limit: page.limit,
        offset: page.offset
      })
    } catch (error) {
      return problem(c, readProblem(error, listFieldNames))
    }
  })

  /**
   * Every live registration the filters match as CSV (`pledgesToCsv`: the import columns, formulas
   * defused), newest first, streamed 500 rows at a time by the core's keyset read (`pledgeBatches`: no
   * count, no offset, so each batch costs the same and a reversal meanwhile moves no row); `bom=false`
   * leaves out the byte-order mark spreadsheets need to read UTF-8. A bad filter is a 400 before any row.
   */
  api.get("/export.csv", async (c) => {
    const query = onlyParams(c, [...pledgeListParams, "bom"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const bom = checks.boolean("bom", query.params.bom) ?? true
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    const filters = listFilters(query.params)
    if (filters.problem) return problem(c, filters.problem)
    const batches = pledgeBatches(kejin.run, filters.query, 500)
    let first: IteratorResult<ReadonlyArray<Pledge>>
    let date: string
    try {
      first = await batches.next()
      date = await today()
    } catch (error) {
      return problem(c, readProblem(error, listFieldNames))
    }
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        // The header row, and the first batch if there is one.
        controller.enqueue(encoder.encode(pledgesToCsv(first.done ? [] : first.value, { bom })))
        if (first.done) controller.close()
      },
      pull: async (controller) => {
        try {
          const next = await batches.next()
          if (next.done) {
            controller.close()
            return
          }
          const csv = pledgesToCsv(next.value)
          // The header row came with the first batch.
          controller.enqueue(encoder.encode(csv.slice(csv.indexOf("\n") + 1)))
        } catch (error) {
          controller.error(error)
        }
      },
      cancel: async () => {
        await batches.return()
      }
    })
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="kejin-pledges-${date}.csv"`
    })
  })

  api.get("/:id{[0-9]+}", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const query = onlyParams(c, [])
    if (query.problem) return problem(c, query.problem)
    try {
      return c.json(pledgeToJson(await kejin.pledges.get(id)))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/:id{[0-9]+}/reversal", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const checked = reasonOf(ReversalInput, "id", body.value, id)
    if (checked.problem) return problem(c, checked.problem)
    try {
      return created(c, pledgeToJson(await kejin.pledges.reverse(id, checked.reason, commandOptions(c))))
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------- lifecycle

  api.get("/:id{[0-9]+}/registration", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const query = onlyParams(c, ["inclusiveThreshold"])
    if (query.problem) return problem(c, query.problem)
    const threshold = query.params.inclusiveThreshold
    try {
      const registration = await kejin.pledges.registration(
        id,
        threshold === undefined ? {} : { inclusiveThreshold: threshold }
      )
      return c.json(pledgeRegistrationToJson(registration))
    } catch (error) {
      return problem(c, readProblem(error))
    }
  })

  api.get("/:id{[0-9]+}/events", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const query = onlyParams(c, [])
    if (query.problem) return problem(c, query.problem)
    try {
      return c.json({ items: pledgeTimelineToJson(await kejin.pledges.events(id)) })
    } catch (error) {
      return fail(c, error)
    }
  })

  type RegistrationWrite = (
    input: unknown,
    options: ReturnType<typeof commandOptions>
  ) => Promise<PledgeRegistration>

  /** 变更登记, 解除 and 撤销: the body is the core's input; the registration is the path's. */
  const lifecycleRoute = (path: string, write: RegistrationWrite) =>
    api.post(`/:id{[0-9]+}/${path}`, async (c) => {
      const id = pathId(c, "id")
      if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      const merged = withPathId(body.value, "pledgeId", id)
      if (merged.problem) return problem(c, merged.problem)
      try {
        return created(c, pledgeRegistrationToJson(await write(merged.input, commandOptions(c))))
      } catch (error) {
        return fail(c, error)
      }
    })

  lifecycleRoute("changes", (input, o) => kejin.pledges.change(input, o))
  lifecycleRoute("release", (input, o) => kejin.pledges.release(input, o))
  lifecycleRoute("cancellation", (input, o) => kejin.pledges.cancel(input, o))

  api.post("/events/:eventId{[0-9]+}/reversal", async (c) => {
    const eventId = pathId(c, "eventId")
    if (eventId === undefined) return problem(c, notFound("pledge event", c.req.param("eventId")))
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const checked = reasonOf(PledgeEventReversalInput, "eventId", body.value, eventId)
    if (checked.problem) return problem(c, checked.problem)
    try {
      return created(
        c,
        pledgeRegistrationToJson(await kejin.pledges.reverseEvent(eventId, checked.reason, commandOptions(c)))
      )
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------- loans

  const loanLocation = (loan: PledgeLoan) => `/api/v1/pledges/loans/${loan.id}`

  api.get("/:id{[0-9]+}/loans", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const query = onlyParams(c, [])
    if (query.problem) return problem(c, query.problem)
    try {
      return c.json({ items: (await kejin.pledges.loans.list(id)).map(pledgeLoanToJson) })
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/:id{[0-9]+}/loans", async (c) => {
    const id = pathId(c, "id")
    if (id === undefined) return problem(c, notFound("pledge", c.req.param("id")))
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const merged = withPathId(body.value, "pledgeId", id)
    if (merged.problem) return problem(c, merged.problem)
    try {
      const loan = await kejin.pledges.loans.draw(merged.input, commandOptions(c))
      return created(c, pledgeLoanToJson(loan), loanLocation(loan))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/loans/:loanId{[0-9]+}", async (c) => {
    const loanId = pathId(c, "loanId")
    if (loanId === undefined) return problem(c, notFound("pledge loan", c.req.param("loanId")))
    try {
      return c.json(pledgeLoanToJson(await kejin.pledges.loans.get(loanId)))
    } catch (error) {
      return fail(c, error)
    }
  })

  type LoanWrite = (input: unknown, options: ReturnType<typeof commandOptions>) => Promise<PledgeLoan>

  /** A repayment or the default of a loan: the body is the core's input; the loan is the path's. */
  const loanEventRoute = (path: string, write: LoanWrite) =>
    api.post(`/loans/:loanId{[0-9]+}/${path}`, async (c) => {
      const loanId = pathId(c, "loanId")
      if (loanId === undefined) return problem(c, notFound("pledge loan", c.req.param("loanId")))
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      const merged = withPathId(body.value, "loanId", loanId)
      if (merged.problem) return problem(c, merged.problem)
      try {
        return created(c, pledgeLoanToJson(await write(merged.input, commandOptions(c))))
      } catch (error) {
        return fail(c, error)
      }
    })

  loanEventRoute("repayments", (input, o) => kejin.pledges.loans.repay(input, o))
  loanEventRoute("default", (input, o) => kejin.pledges.loans.default(input, o))

  api.post("/loans/:loanId{[0-9]+}/reversal", async (c) => {
    const loanId = pathId(c, "loanId")
    if (loanId === undefined) return problem(c, notFound("pledge loan", c.req.param("loanId")))
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const checked = reasonOf(PledgeLoanReversalInput, "loanId", body.value, loanId)
    if (checked.problem) return problem(c, checked.problem)
    try {
      return created(
        c,
        pledgeLoanToJson(await kejin.pledges.loans.reverse(loanId, checked.reason, commandOptions(c)))
      )
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/loans/events/:eventId{[0-9]+}/reversal", async (c) => {
    const eventId = pathId(c, "eventId")
    if (eventId === undefined) return problem(c, notFound("pledge loan event", c.req.param("eventId")))
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const checked = reasonOf(PledgeEventReversalInput, "eventId", body.value, eventId)
    if (checked.problem) return problem(c, checked.problem)
    try {
      return created(
        c,
        pledgeLoanToJson(await kejin.pledges.loans.reverseEvent(eventId, checked.reason, commandOptions(c)))
      )
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------- figures

  /** The period of a figures query (plus the route's own parameters), or the 400 naming what is wrong. */
  const figuresQuery = async <K extends string>(c: Context, extra: ReadonlyArray<K>) => {
    const query = onlyParams(c, [...periodParams, ...extra])
    if (query.problem) return { problem: query.problem } as const
    const period = periodFromQuery(query.params, await today())
    if (period.errors) return { problem: badQuery(period.errors) } as const
    return { spec: period.spec, params: query.params as Partial<Record<K, string>> } as const
  }

  api.get("/total", async (c) => {
    try {
      const query = await figuresQuery(c, [])
      if (query.problem) return problem(c, query.problem)
      return c.json(pledgeTotalToJson(boundsOf(query.spec), await kejin.pledges.total(query.spec)))
    } catch (error) {
      return problem(c, readProblem(error))
    }
  })

  api.get("/monthly", async (c) => {
    try {
      const query = await figuresQuery(c, [])
      if (query.problem) return problem(c, query.problem)
      return c.json(pledgeMonthlyToJson(boundsOf(query.spec), await kejin.pledges.monthly(query.spec)))
    } catch (error) {
      return problem(c, readProblem(error))
    }
  })

  api.get("/summary", async (c) => {
    try {
      const query = await figuresQuery(c, [])
      if (query.problem) return problem(c, query.problem)
      return c.json(pledgeSummaryToJson(await kejin.pledges.summary(query.spec)))
    } catch (error) {
      return problem(c, readProblem(error))
    }
  })

  api.get("/breakdown", async (c) => {
    try {
      const query = await figuresQuery(c, ["by", "yoy", "inclusiveThreshold"])
      if (query.problem) return problem(c, query.problem)
      const checks = queryChecks()
      const by = checks.oneOf("by", checks.required("by", query.params.by), pledgeDimensions)
      const yoy = checks.boolean("yoy", query.params.yoy)
      const bad = checks.problem()
      if (bad || by === undefined)
        return problem(c, bad ?? badQuery([{ field: "by", reason: "is required" }]))
      const threshold = query.params.inclusiveThreshold
      const breakdown = await kejin.pledges.breakdown(query.spec, by, {
        yoy: yoy ?? false,
        ...(threshold === undefined ? {} : { inclusiveThreshold: threshold })
      })
      return c.json(pledgeBreakdownToJson(breakdown))
    } catch (error) {
      return problem(c, readProblem(error))
    }
  })

  return api
}
