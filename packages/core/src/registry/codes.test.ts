import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { validationErrorFromIssue } from "../errors.js"
import { localizedMessage } from "../text/messages.js"
import {
  isValidPatentNumber,
  isValidUscc,
  makePatentNumber,
  makeUscc,
  normalizePatentNumber,
  normalizeUscc,
  PatentNumber,
  patentCheckDigit,
  patentFilingYear,
  patentNumberProblem,
  patentType,
  USCC_ALPHABET,
  Uscc,
  usccCheckChar,
  usccDivisionCode,
  usccProblem
} from "./codes.js"

/** Codes printed on public business licences / registries; each passes the GB 32100-2015 check. */
const PUBLISHED_USCCS = [
  "91350100M000100Y43",
  "91110000600037341L",
  "91310000717866186P",
  "914403001922038216"
]

const decodeMessage = (schema: Schema.Codec<string, string>, input: unknown): string | undefined => {
  const result = Schema.decodeUnknownResult(schema)(input)
  return Result.isFailure(result) ? result.failure.message : undefined
}

/** The field issue a decoding's failure makes (`validationErrorFromIssue`): its words, code and parameters. */
const decodeIssue = (schema: Schema.Codec<string, string>, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  return Result.isFailure(result) ? validationErrorFromIssue(result.failure.issue).issues[0] : undefined
}

const swap = (text: string, i: number): string => text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2)

describe("unified social credit code", () => {
  it("has the 31-character alphabet without I, O, S, V, Z", () => {
    expect(USCC_ALPHABET).toHaveLength(31)
    for (const letter of "IOSVZ") expect(USCC_ALPHABET).not.toContain(letter)
  })

  it.each(PUBLISHED_USCCS)("accepts the published code %s", (code) => {
    expect(isValidUscc(code)).toBe(true)
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17])
    expect(makeUscc(code.slice(0, 17))).toBe(code)
  })

  it("rejects every single-character substitution of a published code", () => {
    for (const code of PUBLISHED_USCCS) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_ALPHABET) {
          if (c === code[i]) continue
          const mutated = code.slice(0, i) + c + code.slice(i + 1)
          expect(isValidUscc(mutated), mutated).toBe(false)
        }
      }
    }
  })

  it("rejects swapped neighbouring characters", () => {
    for (const code of PUBLISHED_USCCS) {
      for (let i = 0; i < 17; i++) {
        if (code[i] !== code[i + 1]) expect(isValidUscc(swap(code, i)), swap(code, i)).toBe(false)
      }
    }
  })

  it("rejects wrong length, letters outside the alphabet and lowercase", () => {
    expect(isValidUscc("")).toBe(false)
    expect(isValidUscc("91350100M000100Y4")).toBe(false)
    expect(isValidUscc("91350100M000100Y433")).toBe(false)
    expect(isValidUscc("91350100m000100y43")).toBe(false)
    expect(isValidUscc(" 91350100M000100Y43")).toBe(false)
    // check character recomputed, but I / O / S / V / Z are not in the alphabet
    expect(isValidUscc("91350100I000100Y43")).toBe(false)
    expect(isValidUscc("91350100M000100Y4O")).toBe(false)
  })

  it("makes codes for demo data", () => {
    const code = makeUscc("91330302MA2H5TEST".replace(/[ES]/g, "0"))
    expect(code).toHaveLength(18)
    expect(isValidUscc(code)).toBe(true)
    expect(usccDivisionCode(code)).toBe("330302")
    expect(() => makeUscc("91330302MA2H5")).toThrow(RangeError)
    expect(() => usccCheckChar("91330302MA2H5000I")).toThrow(RangeError)
    expect(() => usccCheckChar("91330302ma2h50000")).toThrow(RangeError)
  })

  it("normalises typed input", () => {
    expect(normalizeUscc("  91350100m000100y43 ")).toBe("91350100M000100Y43")
    expect(normalizeUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toBe("91350100M000100Y43")
    expect(normalizeUscc("9135 0100 M000 100Y 43")).toBe("91350100M000100Y43")
    expect(isValidUscc(normalizeUscc("91350100m000100y43"))).toBe(true)
  })

  it("reads the division code", () => {
    expect(usccDivisionCode("91350100M000100Y43")).toBe("350100")
    expect(usccDivisionCode("91350100M000100Y44")).toBeUndefined()
  })

  it("has a Schema with a clear message", () => {
    expect(Schema.decodeUnknownSync(Uscc)("91350100M000100Y43")).toBe("91350100M000100Y43")
    expect(decodeMessage(Uscc, "91350100M000100Y44")).toBe(
      "is not a valid unified social credit code (check character or alphabet)"
    )
    expect(decodeMessage(Uscc, 91350100)).toBe("Expected string")
    // The issue carries the catalogue's code, so a Chinese page words it in Chinese.
    const issue = decodeIssue(Uscc, "91350100M000100Y44")!
    expect(issue).toMatchObject({ code: "uscc-check", params: {} })
    expect(localizedMessage(issue, "zh")).toBe("不是有效的统一社会信用代码（18 位，校验位或字符不对）")
  })
})

describe("patent application number", () => {
  it("accepts the 2004-on example from the domain guide", () => {
    expect(patentCheckDigit("201710601862")).toBe("3")
    expect(isValidPatentNumber("201710601862.3")).toBe(true)
    expect(isValidPatentNumber("ZL201710601862.3")).toBe(true)
    expect(isValidPatentNumber("CN201710601862.3")).toBe(true)
    expect(makePatentNumber("201710601862")).toBe("201710601862.3")
  })

  it("uses X for a remainder of 10", () => {
    expect(patentCheckDigit("201810000000")).toBe("X")
    expect(isValidPatentNumber("201810000000.X")).toBe(true)
    expect(isValidPatentNumber("ZL201820000001.X")).toBe(true)
    expect(isValidPatentNumber("201810000000.0")).toBe(false)
    expect(isValidPatentNumber("201810000000.x")).toBe(false)
  })

  it("accepts pre-2004 8-digit numbers (weights 2..9)", () => {
    expect(patentCheckDigit("02123456")).toBe("6")
    expect(isValidPatentNumber("02123456.6")).toBe(true)
    expect(isValidPatentNumber("ZL02123456.6")).toBe(true)
    expect(isValidPatentNumber("ZL98112345.7")).toBe(true)
    expect(isValidPatentNumber("02100014.X")).toBe(true)
    expect(isValidPatentNumber("ZL99100003.X")).toBe(true)
    expect(isValidPatentNumber("02123456.7")).toBe(false)
    expect(makePatentNumber("03200001")).toBe("03200001.4")
  })

  it("rejects every single-digit substitution and neighbour swap", () => {
    for (const number of ["201710601862.3", "201810000000.X", "02123456.6", "202390012345.1"]) {
      const [digits = "", check = ""] = number.split(".")
      for (let i = 0; i < digits.length; i++) {
        for (const d of "0123456789") {
          if (d === digits[i]) continue
          const mutated = `${digits.slice(0, i)}${d}${digits.slice(i + 1)}.${check}`
          expect(isValidPatentNumber(mutated), mutated).toBe(false)
        }
        if (i + 1 < digits.length && digits[i] !== digits[i + 1]) {
          expect(isValidPatentNumber(`${swap(digits, i)}.${check}`), swap(digits, i)).toBe(false)
        }
      }
      for (const c of "0123456789X") {
        if (c !== check) expect(isValidPatentNumber(`${digits}.${c}`)).toBe(false)
      }
    }
  })

  it("rejects other shapes", () => {
    for (const bad of [
      "",
      "2017106018623",
      "201710601862",
      "20171060186.3",
      "2017106018621.3",
      "zl201710601862.3",
      "ZL 201710601862.3",
      " 201710601862.3",
      "US201710601862.3",
      "ZLCN201710601862.3",
      "201710601862.33",
      "0212345.6"
    ]) {
      expect(isValidPatentNumber(bad), bad).toBe(false)
    }
  })

  it("tells the patent type", () => {
    expect(patentType("201710601862.3")).toBe("invention")
    expect(patentType("ZL201820000001.X")).toBe("utility-model")
    expect(patentType(makePatentNumber("201830000001"))).toBe("design")
    expect(patentType(makePatentNumber("202380012345"))).toBe("pct-invention")
    expect(patentType(makePatentNumber("202390012345"))).toBe("pct-utility-model")
    expect(patentType("02123456.6")).toBe("invention")
    expect(patentType("03200001.4")).toBe("utility-model")
    expect(patentType(makePatentNumber("01300001"))).toBe("design")
    expect(patentType(makePatentNumber("202340000001"))).toBeUndefined()
    expect(patentType("201710601862.4")).toBeUndefined()
    expect(patentType("not a number")).toBeUndefined()
  })

  it("normalises typed input", () => {
    expect(normalizePatentNumber(" zl 2017 1060 1862.3 ")).toBe("ZL201710601862.3")
    expect(normalizePatentNumber("ＺＬ２０１７１０６０１８６２．３")).toBe("ZL201710601862.3")
    expect(normalizePatentNumber("2017106018623")).toBe("201710601862.3")
    expect(normalizePatentNumber("cn201810000000x")).toBe("CN201810000000.X")
    expect(normalizePatentNumber("021234566")).toBe("02123456.6")
    expect(normalizePatentNumber("201710601862.3")).toBe("201710601862.3")
    expect(normalizePatentNumber("whatever")).toBe("WHATEVER")
    expect(isValidPatentNumber(normalizePatentNumber("zl201710601862.3"))).toBe(true)
  })

  it("rejects bad input to the helpers", () => {
    expect(() => patentCheckDigit("2017106018")).toThrow(RangeError)
    expect(() => patentCheckDigit("20171060186a")).toThrow(RangeError)
    expect(() => makePatentNumber("201710601862.3")).toThrow(RangeError)
  })

  it("has a Schema with a clear message", () => {
    expect(Schema.decodeUnknownSync(PatentNumber)("ZL201710601862.3")).toBe("ZL201710601862.3")
    expect(decodeMessage(PatentNumber, "201710601862.4")).toContain(
      "is not a valid patent application number"
    )
    expect(decodeMessage(PatentNumber, null)).toBe("Expected string")
    expect(decodeIssue(PatentNumber, "201710601862.4")).toMatchObject({ code: "patent-number-shape" })
  })
})

describe("codes that cannot exist although their check character is right", () => {
  it("refuses a credit code whose characters 3–8 are not a division code, naming them", () => {
    for (const first17 of [
      "91AB0000600037341",
      "9133A302MA2AF0001",
      "91990000600037341",
      "91000000600037341"
    ]) {
      const code = makeUscc(first17)
      expect(isValidUscc(code), code).toBe(false)
      expect(usccProblem(code)?.message, code).toMatch(
        /^cannot exist: characters 3–8 \(.{6}\) must be .*division code/
      )
      expect(usccProblem(code)).toMatchObject({
        code: "uscc-division",
        params: { division: code.slice(2, 8) }
      })
      expect(decodeMessage(Uscc, code)).toMatch(/cannot exist/)
      expect(localizedMessage(decodeIssue(Uscc, code)!, "zh")).toContain(
        `不可能存在：第 3–8 位（${code.slice(2, 8)}）`
      )
      expect(usccDivisionCode(code)).toBeUndefined()
    }
    expect(makeUscc("91AB0000600037341")).toBe("91AB0000600037341A")
  })

  it.each([
    ...PUBLISHED_USCCS,
    "91110000802100433B",
    "91440300708461136T",
    // The demo's and the tests' codes: Wenzhou's districts.
    makeUscc("91330302MA2AF0001"),
    makeUscc("91330381MA4100002"),
    makeUscc("91330300MA2AK0001"),
    makeUscc("91330106MA2AT0001")
  ])("still accepts %s", (code) => {
    expect(usccProblem(code)).toBeUndefined()
    expect(usccDivisionCode(code)).toBe(code.slice(2, 8))
  })

  it("refuses a patent type digit no number uses (12 digits: 0, 4, 5, 6, 7; 8 digits: 0, 4–9)", () => {
    for (const type of "04567") {
      const number = makePatentNumber(`2023${type}0123456`)
      expect(isValidPatentNumber(number), number).toBe(false)
      expect(patentNumberProblem(number)).toEqual({
        code: "patent-type-12",
        params: { type },
        message: `cannot exist: digit 5 is the patent type, one of 1, 2, 3, 8 or 9 (this one has ${type})`
      })
      expect(decodeMessage(PatentNumber, `ZL${number}`)).toMatch(/cannot exist: digit 5 is the patent type/)
    }
    for (const type of "0456789") {
      const number = makePatentNumber(`93${type}00001`)
      expect(patentNumberProblem(number)?.message, number).toMatch(
        /^cannot exist: digit 3 of an 8-digit number is the patent type/
      )
      expect(patentNumberProblem(number)).toMatchObject({ code: "patent-type-8", params: { type } })
    }
  })

  it("refuses a 12-digit number before 2003 and an 8-digit one outside 1985–2003", () => {
    for (const digits of ["200210000001", "199910000001", "000010000001"]) {
      expect(patentNumberProblem(makePatentNumber(digits))?.message, digits).toMatch(
        /^cannot exist: a 12-digit number starts with its filing year, from 2003 on/
      )
      expect(patentNumberProblem(makePatentNumber(digits))?.code).toBe("patent-year-12")
    }
    for (const digits of ["04100001", "50100001", "84100001"]) {
      expect(patentNumberProblem(makePatentNumber(digits))?.message, digits).toMatch(
        /^cannot exist: an 8-digit number starts with its filing year, 85–99 or 00–03/
      )
      expect(patentNumberProblem(makePatentNumber(digits))).toMatchObject({
        code: "patent-year-8",
        params: { year: digits.slice(0, 2) }
      })
    }
    expect(patentNumberProblem("201710601862.4")?.message).toMatch(
      /^is not a valid patent application number/
    )
  })

  it("still accepts real numbers of every type and both forms, and tells their filing year", () => {
    for (const [number, year] of [
      ["201710601862.3", 2017],
      ["ZL201710601862.3", 2017],
      [`ZL${makePatentNumber("202310123456")}`, 2023],
      [makePatentNumber("200310000001"), 2003],
      [makePatentNumber("202120000002"), 2021],
      [makePatentNumber("201830000001"), 2018],
      [makePatentNumber("202380012345"), 2023],
      [makePatentNumber("202390012345"), 2023],
      ["02123456.6", 2002],
      ["ZL98112345.7", 1998],
      ["ZL99100003.X", 1999],
      ["03200001.4", 2003],
      [`ZL${makePatentNumber("93100001")}`, 1993],
      [makePatentNumber("85100001"), 1985],
      [makePatentNumber("01300001"), 2001]
    ] as const) {
      expect(patentNumberProblem(number), number).toBeUndefined()
      expect(patentFilingYear(number), number).toBe(year)
    }
    expect(patentFilingYear("202340000001.1")).toBeUndefined()
  })
})
