import { describe, expect, it } from "vitest"
import { main as embed } from "../examples/embed.js"

describe("examples", () => {
  it("the embedding example records a pledge and totals it exactly", async () => {
    expect(await embed()).toBe("1 pledge loan(s), 25,000,000.00 yuan (2,500.00万)")
  })
})
