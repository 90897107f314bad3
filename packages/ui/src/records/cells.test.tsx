import { describe, expect, it } from "vitest"
import { payoutNoteText } from "./cells.js"

// A claim's note is kept in the core's English; a Chinese page words it again from its parts.
describe("a claim's payout note in the page's language", () => {
  it("words the formula, the cap, the pool's balance and what bound the payout in Chinese", () => {
    const note =
      "min(0.8 × uncovered loss 1000000.00 = 800000.00, cap 500000.00, pool balance 9000000.00) = 500000.00: limited by the per-claim cap"
    expect(payoutNoteText(note, "zh")).toBe(
      "min(0.8 × 未覆盖损失 1000000.00 = 800000.00，上限 500000.00，资金池余额 9000000.00) = 500000.00：受单笔上限限制"
    )
    expect(payoutNoteText(note, "en")).toBe(note)
    expect(
      payoutNoteText(
        "nothing is uncovered: min(0.5 × loss 0.00 = 0.00, pool balance 100.00) = 0.00: limited by the ratio",
        "zh"
      )
    ).toBe("没有未覆盖的损失：min(0.5 × 损失 0.00 = 0.00，资金池余额 100.00) = 0.00：受补偿比例限制")
    expect(
      payoutNoteText("the pool has no balance left, so nothing is paid (0.5 × loss 10.00 = 5.00)", "zh")
    ).toBe("资金池已无余额，不予支付（0.5 × 损失 10.00 = 5.00）")
    expect(
      payoutNoteText(
        "pool wz-relief, rule of 2025-01-01: min(0.5 × loss 10.00 = 5.00, pool balance 100.00) = 5.00: limited by the ratio",
        "zh"
      )
    ).toBe(
      "资金池 wz-relief，2025-01-01 起的规则：min(0.5 × 损失 10.00 = 5.00，资金池余额 100.00) = 5.00：受补偿比例限制"
    )
    expect(payoutNoteText("no relief pool named: no secondary relief (二次救济) paid", "zh")).toBe(
      "未指定二次救济资金池：不支付二次救济"
    )
    expect(payoutNoteText("something else", "zh")).toBe("something else")
  })
})
