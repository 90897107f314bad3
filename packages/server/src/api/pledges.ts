import {
  decodeOptions,
  type Kejin,
  type Period,
  type PeriodSpec,
  type Pledge,
  PledgeEventReversalInput,
  type PledgeListQuery,
  type PledgeLoanReversalInput,
  type PledgeMonth,
  type PledgeRegistration,
  type PledgeTotal,
  pledgeBatches,
  pledgeBreakdownToJson,
  pledgeDimensions,
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
import { Cause, Exit, Option, Schema } from "effect"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { boundsOf, periodFromQuery, periodParams } from "./period-query.js"
import { badQuery, onlyParams, pageQuery, pageToJson, queryChecks } from "./query.js"
import {
  commandOptions,
  created,
  fail,
  type Prepared,
  pathId,
  type WriteOptions,
  withPathField,
  writeFromBody
} from "./route.js"

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

/** What the path's id names: its parameter, and the record for the 404 of an id nothing can have. */
type PathRecord = { readonly param: string; readonly entity: string }
const pledgePath: PathRecord = { param: "id", entity: "pledge" }
const eventPath: PathRecord = { param: "eventId", entity: "pledge event" }

/** The 404 of a path id that nothing can have (beyond 2^53). */
const notFound = (c: Context, where: PathRecord): Problem => ({
  type: "https://kejin.dev/problems/not-found",
  title: "Not found",
  status: 404,
  detail: `${where.entity} ${c.req.param(where.param)} not found`
})

/** The body is the core's input with the path's id merged in as `field` (see {@link withPathField}). */
const idInto =
  (field: "pledgeId" | "loanId") =>
  (body: unknown, id: number): Prepared<unknown> =>
    withPathField(body, field, id)

/**
 * The `reason` of a `{ reason }` body, checked with the core's own reversal schema (the path's id merged
 * in) so an unknown field or an empty reason is a 422 naming it, as on every other write.
 */
const reasonOf =
  (
    schema: typeof ReversalInput | typeof PledgeEventReversalInput | typeof PledgeLoanReversalInput,
    field: "id" | "eventId" | "loanId"
  ) =>
  (body: unknown, id: number): Prepared<string> => {
    const merged = withPathField(body, field, id)
    if (merged.problem) return merged
    const exit = Schema.decodeUnknownExit(schema as Schema.Codec<{ reason: string }, unknown>)(
      merged.input,
      decodeOptions
    )
    if (Exit.isSuccess(exit)) return { input: exit.value.reason }
    const failure = Cause.findErrorOption(exit.cause)
    return {
      problem: Option.isSome(failure)
        ? problemFromError(validationErrorFromIssue((failure.value as Schema.SchemaError).issue))
        : problemFromError(exit.cause)
    }
  }

type Write<I, O> = (input: I, options: WriteOptions, id: number) => Promise<O>

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

  /** Today in Asia/Shanghai, by the core's clock. */
  const today = () => kejin.run(todayInShanghai)

  /**
   * A read of the record the path's id names (404 for an id nothing can have), which takes no query
   * parameters (400 naming any).
   */
  const idGet = <J>(path: string, where: PathRecord, read: (id: number) => Promise<J>) =>
    api.get(path, async (c) => {
      const id = pathId(c, where.param)
      if (id === undefined) return problem(c, notFound(c, where))
      const query = onlyParams(c, [])
      if (query.problem) return problem(c, query.problem)
      try {
        return c.json(await read(id))
      } catch (error) {
        return fail(c, error)
      }
    })

  /**
   * A write on the record the path's id names: 404 for an id nothing can have, then the body (`prepare`
   * makes the core's input of it and the id, or refuses it), then `write`; 201 with the record written.
   */
  const idPost = <I, O>(
    path: string,
    where: PathRecord,
    prepare: (body: unknown, id: number) => Prepared<I>,
    write: Write<I, O>,
    toJson: (o: O) => unknown,
    location?: (o: O) => string
  ) =>
    api.post(path, async (c) => {
      const id = pathId(c, where.param)
      if (id === undefined) return problem(c, notFound(c, where))
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      const prepared = prepare(body.value, id)
      if (prepared.problem) return problem(c, prepared.problem)
      try {
        const record = await write(prepared.input, commandOptions(c), id)
        return created(c, toJson(record), location?.(record))
      } catch (error) {
        return fail(c, error)
      }
    })

  // ------------------------------------------------------------------------------------- registrations

  api.post(
    "/",
    writeFromBody((input, o) => kejin.pledges.record(input, o), pledgeToJson, {
      location: (pledge) => `/api/v1/pledges/${pledge.id}`
    })
  )

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
      return c.json(pageToJson(page, pledgeToJson))
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

  idGet("/:id{[0-9]+}", pledgePath, async (id) => pledgeToJson(await kejin.pledges.get(id)))
  idPost(
    "/:id{[0-9]+}/reversal",
    pledgePath,
    reasonOf(ReversalInput, "id"),
    (reason, o, id) => kejin.pledges.reverse(id, reason, o),
    pledgeToJson
  )

  // ------------------------------------------------------------------------------------- lifecycle

  api.get("/:id{[0-9]+}/registration", async (c) => {
    const id = pathId(c, pledgePath.param)
    if (id === undefined) return problem(c, notFound(c, pledgePath))
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

  idGet("/:id{[0-9]+}/events", pledgePath, async (id) => ({
    items: pledgeTimelineToJson(await kejin.pledges.events(id))
  }))

  /** 变更登记, 解除 and 撤销: the body is the core's input; the registration is the path's. */
  const lifecycleRoute = (path: string, write: Write<unknown, PledgeRegistration>) =>
    idPost(`/:id{[0-9]+}/${path}`, pledgePath, idInto("pledgeId"), write, pledgeRegistrationToJson)

  lifecycleRoute("changes", (input, o) => kejin.pledges.change(input, o))
  lifecycleRoute("release", (input, o) => kejin.pledges.release(input, o))
  lifecycleRoute("cancellation", (input, o) => kejin.pledges.cancel(input, o))
  idPost(
    "/events/:eventId{[0-9]+}/reversal",
    eventPath,
    reasonOf(PledgeEventReversalInput, "eventId"),
    (reason, o, eventId) => kejin.pledges.reverseEvent(eventId, reason, o),
    pledgeRegistrationToJson
  )

  // Loans (`/loans/…`, `/{id}/loans`) are declared operations: see mountOperations.

  // ------------------------------------------------------------------------------------- figures

  /** The period of a figures query (plus the route's own parameters), or the 400 naming what is wrong. */
  const figuresQuery = async <K extends string>(c: Context, extra: ReadonlyArray<K>) => {
    const query = onlyParams(c, [...periodParams, ...extra])
    if (query.problem) return { problem: query.problem } as const
    const period = periodFromQuery(query.params, await today())
    if (period.errors) return { problem: badQuery(period.errors) } as const
    return { spec: period.spec, params: query.params as Partial<Record<K, string>> } as const
  }

  /** A figure of the period the query names, and nothing else. */
  const periodRoute = <J>(path: string, figure: (spec: PeriodSpec) => Promise<J>) =>
    api.get(path, async (c) => {
      try {
        const query = await figuresQuery(c, [])
        if (query.problem) return problem(c, query.problem)
        return c.json(await figure(query.spec))
      } catch (error) {
        return problem(c, readProblem(error))
      }
    })

  periodRoute("/total", async (spec) => pledgeTotalToJson(boundsOf(spec), await kejin.pledges.total(spec)))
  periodRoute("/monthly", async (spec) =>
    pledgeMonthlyToJson(boundsOf(spec), await kejin.pledges.monthly(spec))
  )
  periodRoute("/summary", async (spec) => pledgeSummaryToJson(await kejin.pledges.summary(spec)))

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
