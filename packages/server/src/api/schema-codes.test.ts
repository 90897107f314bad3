import { type Kejin, messageText, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

/*
 * A field error a Schema check of the core gives in its own words (a page's `limit`, a target's
 * `displayOrder`) carries its catalogue code and parameters beside the English reason, so a client words it
 * in its own language: nothing is left to a pattern over the English.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`coded Schema check errors on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string

    const send = async (method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, body: (await response.json()) as Json }
    }
    /** The field errors of a refused request, each with its status, code, params and Chinese words. */
    const errors = async (method: string, path: string, body?: unknown) => {
      const response = await send(method, path, body)
      return {
        status: response.status,
        errors: response.body.errors.map((e: Json) => ({ ...e, zh: messageText(e.code, e.params, "zh") }))
      }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "codes-bureau", role: "bureau" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("a fund list's limit of 0 says whole-number-range 1–500", async () => {
      expect(await errors("GET", "/api/v1/funds?limit=0")).toEqual({
        status: 400,
        errors: [
          {
            field: "limit",
            reason: "must be a whole number from 1 to 500",
            code: "whole-number-range",
            params: { min: "1", max: "500" },
            zh: "须为 1 至 500 的整数"
          }
        ]
      })
      const [manager] = (await errors("GET", "/api/v1/funds?manager=0")).errors
      expect(manager).toMatchObject({
        field: "manager",
        code: "whole-number-above-zero",
        zh: "须为大于 0 的整数"
      })
    })

    it("a linkage list's limit of 0 and a pledge list's limit of 501 say whole-number-range", async () => {
      const linkage = await errors("GET", "/api/v1/linkage/bonds?limit=0")
      expect(linkage.status).toBe(400)
      expect(linkage.errors).toEqual([
        {
          field: "limit",
          reason: "must be a whole number from 1 to 500",
          code: "whole-number-range",
          params: { min: "1", max: "500" },
          zh: "须为 1 至 500 的整数"
        }
      ])
      const pledges = await errors("GET", "/api/v1/pledges?limit=501")
      expect(pledges.errors).toEqual([
        {
          field: "limit",
          reason: "must be a whole number from 1 to 500",
          code: "whole-number-range",
          params: { min: "1", max: "500" },
          zh: "须为 1 至 500 的整数"
        }
      ])
    })

    it("a target written with a negative or too large display order says whole-number-from / number-at-most", async () => {
      const target = {
        key: "coded-order",
        label: "科技贷款",
        labelEn: "Tech loans",
        unit: "yuan",
        target: "100000000.00",
        metric: "pledge-amount"
      }
      expect(await errors("POST", "/api/v1/targets", { ...target, displayOrder: -3 })).toEqual({
        status: 422,
        errors: [
          {
            field: "displayOrder",
            reason: "must be a whole number from 0",
            code: "whole-number-from",
            params: { min: "0" },
            zh: "须为不小于 0 的整数"
          }
        ]
      })
      const [tooLarge] = (await errors("POST", "/api/v1/targets", { ...target, displayOrder: 1_000_001 }))
        .errors
      expect(tooLarge).toEqual({
        field: "displayOrder",
        reason: "must be at most 1000000",
        code: "number-at-most",
        params: { max: "1000000" },
        zh: "不得大于 1000000"
      })
      // Nothing was written.
      expect((await send("GET", "/api/v1/targets/coded-order")).status).toBe(404)
    })
  })
}
