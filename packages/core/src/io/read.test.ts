/**
 * The row readers against real files. Fixtures in ./fixtures:
 * - pledges-gb18030.csv: GB18030 with CRLF line ends, as Chinese Excel/WPS save "CSV"; written with
 *   iconv-lite's encode(text, "gb18030"). Holds 𠮷 (U+20BB7), which GBK cannot encode, a quoted cell
 *   with a comma, doubled quotes, and a blank line 4. pledges-utf8-bom.csv is the same text in UTF-8
 *   with a BOM; pledges-utf8.csv its first three lines in UTF-8, no BOM, LF line ends.
 * - pledges-tab.txt: tab-separated UTF-8 (a comma inside a cell); pledges-utf16.txt: the same as
 *   UTF-16LE with a BOM, as Excel's "Unicode 文本 (*.txt)" saves.
 * - pledges-foreign.xlsx: not written by exceljs: make-foreign-xlsx.py writes the SpreadsheetML by hand
 *   with python3's zipfile, as LibreOffice stores it (shared strings, a rich-text shared string, an
 *   inline string, formulas with cached values, an error cell, a boolean; dates with numFmtId 14, the
 *   custom yyyy"年"m"月"d"日" and the zh-CN built-in 31; workbook.xml and styles.xml stored after the
 *   sheets; the first tab "质押登记" is sheet2.xml, the second "名称" is sheet1.xml).
 * The exceljs-written workbooks and the large files are made in a temp folder by the tests.
 */
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { crc32 } from "node:zlib"
import ExcelJS from "exceljs"
import iconv from "iconv-lite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type CellValue,
  openRows,
  type RowSource,
  rowsFromBytes,
  type SheetRow,
  UnreadableFile
} from "./read.js"

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

const collect = async (source: RowSource): Promise<Array<SheetRow>> => {
  const rows: Array<SheetRow> = []
  for await (const row of source.rows) rows.push(row)
  return rows
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

/** File descriptors of this process open on `file` (Linux /proc). */
const openDescriptors = async (file: string) => {
  let count = 0
  for (const fd of await readdir("/proc/self/fd")) {
    try {
      if ((await readlink(`/proc/self/fd/${fd}`)) === file) count++
    } catch {
      // closed between the listing and the look
    }
  }
  return count
}

const expectUnreadable = async (attempt: () => Promise<unknown>, zh: RegExp, en: RegExp) => {
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UnreadableFile)
  const { reason } = error as UnreadableFile
  expect(reason.zh).toMatch(zh)
  expect(reason.en).toMatch(en)
  return error as UnreadableFile
}

/** A zip of stored (uncompressed) entries, the smallest valid one: a test's own container. */
const storedZip = (entries: Record<string, string>): Buffer => {
  const locals: Array<Buffer> = []
  const centrals: Array<Buffer> = []
  let offset = 0
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name)
    const data = Buffer.from(text)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc32(data), 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
const OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
const rootRels = (target: string) =>
  `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/officeDocument" Target="${target}"/></Relationships>`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kejin-read-"))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const pledgeHeader = ["登记号", "出质人", "统一社会信用代码", "质权人", "金额(万元)", "登记日期", "专利号"]
const pledgeRows: Array<SheetRow> = [
  { rowNo: 1, cells: pledgeHeader },
  {
    rowNo: 2,
    cells: [
      "Y2025110000001",
      "北京知识产权运营有限公司",
      "91110108MA01ABCD1X",
      "中国工商银行北京分行",
      "1,200.50",
      "2025-03-15",
      "ZL202010123456.7"
    ]
  },
  {
    rowNo: 3,
    cells: [
      "Y2025110000002",
      "杭州䶮光科技有限公司",
      "91330100MA2ABCDE9K",
      "招商银行杭州分行",
      "800",
      "2025/4/2",
      "ZL201810765432.X;ZL202020123456.8"
    ]
  },
  {
    rowNo: 5, // line 4 is blank
    cells: [
      "Y2025110000003",
      "深圳市喆𠮷电子有限公司",
      "91440300MA5ABCDE1P",
      '中国银行深圳分行 "科创"支行',
      "50",
      "2025年5月6日",
      "ZL202110987654.3"
    ]
  }
]

describe("CSV", () => {
  it("detects GB18030 and gives the Chinese text exactly, a character GBK lacks included", async () => {
    const source = await openRows(fixture("pledges-gb18030.csv"))
    expect(source.format).toBe("csv")
    expect(source.encoding).toBe("gb18030")
    expect(await collect(source)).toEqual(pledgeRows)
  })

  it("reads the same upload from memory, the name giving the format", async () => {
    const bytes = new Uint8Array(await readFile(fixture("pledges-gb18030.csv")))
    const source = await rowsFromBytes(bytes, "质押登记.CSV")
    expect(source.encoding).toBe("gb18030")
    expect(await collect(source)).toEqual(pledgeRows)
  })

  it("reads UTF-8 with a BOM (the BOM not in the first cell) and without", async () => {
    const withBom = await openRows(fixture("pledges-utf8-bom.csv"))
    expect(withBom.encoding).toBe("utf-8")
    expect(await collect(withBom)).toEqual(pledgeRows)
    const plain = await openRows(fixture("pledges-utf8.csv"))
    expect(plain.encoding).toBe("utf-8")
    expect(await collect(plain)).toEqual(pledgeRows.slice(0, 3))
  })

  it("reads tab-separated text, UTF-8 and Excel's UTF-16 'Unicode text'", async () => {
    const expected = [
      { rowNo: 1, cells: ["登记号", "出质人", "金额(万元)"] },
      { rowNo: 2, cells: ["Y2025110000001", "北京知识产权运营有限公司, 海淀", "1200.5"] },
      { rowNo: 3, cells: ["Y2025110000002", '杭州"某某"公司', "800"] }
    ]
    const tab = await openRows(fixture("pledges-tab.txt"))
    expect(tab.encoding).toBe("utf-8")
    expect(await collect(tab)).toEqual(expected)
    const utf16 = await openRows(fixture("pledges-utf16.txt"))
    expect(utf16.encoding).toBe("utf-16le")
    expect(await collect(utf16)).toEqual(expected)
  })

  it("takes a forced encoding and format", async () => {
    const bytes = await readFile(fixture("pledges-gb18030.csv"))
    const gbk = await rowsFromBytes(bytes, "export.dat", { encoding: "gbk", format: "csv" })
    expect(gbk.encoding).toBe("gbk")
    const rows = await collect(gbk)
    expect(rows[0]!.cells).toEqual(pledgeHeader)
    expect(rows[2]!.cells[1]).toBe("杭州䶮光科技有限公司")
    const forcedUtf8 = await rowsFromBytes(bytes, "export.csv", { encoding: "utf-8" })
    expect((await collect(forcedUtf8))[0]!.cells[0]).not.toBe("登记号")
  })

  it("keeps UTF-8 when the 64 KiB sample ends inside a character", async () => {
    const file = join(dir, "long-utf8.csv")
    // "中" is 3 bytes; it starts 1 byte before the sample's end, so the sample holds only its first byte.
    const padding = "a".repeat(64 * 1024 - 1 - "名称\n".length - 1)
    await writeFile(file, `名称\n${padding},中国\n`)
    const source = await openRows(file)
    expect(source.encoding).toBe("utf-8")
    const rows = await collect(source)
    expect(rows.map((r) => r.cells)).toEqual([["名称"], [padding, "中国"]])
  })

  it("finds GB18030 after more than 64 KiB of ASCII", async () => {
    const file = join(dir, "late-chinese.csv")
    const ascii = Array.from({ length: 5000 }, (_, i) => `Y${i},91110108MA01ABCD1X,${i}.00`)
    const text = `registration_no,uscc,amount\n${ascii.join("\n")}\nY5000,北京某某公司,1.00\n`
    expect(ascii.join("\n").length).toBeGreaterThan(64 * 1024)
    await writeFile(file, iconv.encode(text, "gb18030"))
    const source = await openRows(file)
    expect(source.encoding).toBe("gb18030")
    const rows = await collect(source)
    expect(rows.at(-1)).toEqual({ rowNo: 5002, cells: ["Y5000", "北京某某公司", "1.00"] })
    const allAscii = await rowsFromBytes(Buffer.from(`a,b\n${ascii.join("\n")}\n`), "ascii.csv")
    expect(allAscii.encoding).toBe("utf-8")
    expect((await collect(allAscii)).length).toBe(5001)
  })

  it("keeps quotes typed inside a cell; an unclosed quote is a malformed file, with its line", async () => {
    const typed = await rowsFromBytes(Buffer.from('a,b\n北京"科创"公司,x\n'), "typed.csv")
    expect((await collect(typed))[1]!.cells).toEqual(['北京"科创"公司', "x"])
    const unclosed = await rowsFromBytes(Buffer.from('a,b\nc,d\ne,"open\nf,g\n'), "unclosed.csv")
    await expectUnreadable(() => collect(unclosed), /第 3 行起引号不配对/, /unbalanced quotes from line 3/)
    // Deep in a file, and running past 1 MiB: stopped, not read into memory to the end.
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i},名称${i}`)
    const runaway = join(dir, "runaway.csv")
    await writeFile(runaway, `${lines.join("\n")}\n20000,"open\n${"x,y\n".repeat(400_000)}`)
    await expectUnreadable(async () => collect(await openRows(runaway)), /第 20001 行/, /line 20001/)
  })

  it("numbers rows by their first line, across blank lines and line breaks inside quoted cells", async () => {
    const csv = 'a,b\r\n\r\n"one\r\ntwo",x\r\n,,\r\nc,"d\ne"\r\nlast,row'
    const rows = await collect(await rowsFromBytes(Buffer.from(csv), "lines.csv"))
    expect(rows).toEqual([
      { rowNo: 1, cells: ["a", "b"] },
      { rowNo: 3, cells: ["one\r\ntwo", "x"] },
      { rowNo: 6, cells: ["c", "d\ne"] }, // line 5 is only commas: skipped
      { rowNo: 8, cells: ["last", "row"] }
    ])
  })

  it("keeps ragged rows and leaves spaces to the cell parsers", async () => {
    const rows = await collect(await rowsFromBytes(Buffer.from("a,b,c\n x ,y\n1,2,3,4\n"), "ragged.csv"))
    expect(rows.map((r) => r.cells)).toEqual([
      ["a", "b", "c"],
      [" x ", "y"],
      ["1", "2", "3", "4"]
    ])
  })
})

describe("XLSX written by another program (hand-made SpreadsheetML, LibreOffice's order)", () => {
  const firstSheet: Array<{ rowNo: number; cells: Array<CellValue> }> = [
    { rowNo: 1, cells: pledgeHeader },
    {
      rowNo: 2,
      cells: [
        "Y2025110000001",
        "北京知识产权运营有限公司",
        "91110108MA01ABCD1X",
        "中国工商银行北京分行",
        1200.5,
        utc(2025, 1, 21), // numFmtId 14
        "ZL202010123456.7" // an inline string
      ]
    },
    {
      rowNo: 3,
      cells: [
        "Y2025110000002",
        "杭州某某公司", // a formula's cached string result
        null, // no cell C3: the column is kept
        "上海某某银行", // rich text, runs joined
        850.25, // =800+50.25, its cached value
        utc(2025, 2, 12), // the custom yyyy"年"m"月"d"日"
        "ZL201810765432.X"
      ]
    },
    // row 4 holds only a styled empty cell and a space: skipped; row 5 is absent
    { rowNo: 6, cells: ["Y2025110000003", null, "#N/A", true, null, utc(2025, 4, 3)] } // numFmtId 31 (zh-CN)
  ]

  it("reads the first tab (sheet2.xml), dates as Dates, formulas' results, inline strings, errors", async () => {
    const source = await openRows(fixture("pledges-foreign.xlsx"))
    expect(source.format).toBe("xlsx")
    expect(source.sheet).toBe("质押登记")
    expect(source.encoding).toBeUndefined()
    expect(await collect(source)).toEqual(firstSheet)
  })

  it("chooses a sheet by 1-based position or by name", async () => {
    const second = [
      { rowNo: 1, cells: ["名称", "代码"] },
      { rowNo: 2, cells: ["甲", 1] }
    ]
    const byIndex = await openRows(fixture("pledges-foreign.xlsx"), { sheet: 2 })
    expect(byIndex.sheet).toBe("名称")
    expect(await collect(byIndex)).toEqual(second)
    const byName = await openRows(fixture("pledges-foreign.xlsx"), { sheet: "名称" })
    expect(await collect(byName)).toEqual(second)
    const first = await openRows(fixture("pledges-foreign.xlsx"), { sheet: "质押登记" })
    expect((await collect(first)).length).toBe(4)
  })

  it("reads the same workbook uploaded into memory", async () => {
    const bytes = new Uint8Array(await readFile(fixture("pledges-foreign.xlsx")))
    const source = await rowsFromBytes(bytes, "upload.xlsx")
    expect(source.sheet).toBe("质押登记")
    expect(await collect(source)).toEqual(firstSheet)
  })
})

describe("XLSX, the smallest a program may write", () => {
  it("reads stored (uncompressed) parts, no shared strings, no styles, an absolute part name", async () => {
    const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    const zip = storedZip({
      "_rels/.rels": rootRels("/xl/workbook.xml"),
      "xl/workbook.xml": `<workbook ${main} xmlns:r="${OFFICE_RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
      "xl/worksheets/data.xml": `<worksheet ${main}><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>金额</t></is></c><c r="C2"><v>12.5</v></c></row></sheetData></worksheet>`
    })
    const source = await rowsFromBytes(zip, "minimal.xlsx")
    expect(source.sheet).toBe("S")
    expect(await collect(source)).toEqual([{ rowNo: 2, cells: [null, "金额", 12.5] }])
  })
})

describe("XLSX written by exceljs", () => {
  let file: string
  beforeAll(async () => {
    file = join(dir, "exceljs.xlsx")
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet("配置", { state: "hidden" }).addRow(["hidden", "settings"])
    const sheet = workbook.addWorksheet("质押")
    workbook.addWorksheet("空白")
    sheet.addRow(["登记号", "出质人", "金额", "登记日期", "登记时间", "备注"])
    sheet.addRow([
      "Y1",
      { richText: [{ text: "北京" }, { font: { bold: true }, text: "某某" }, { text: "公司" }] },
      1234567.89,
      utc(2025, 3, 15),
      new Date(Date.UTC(2025, 2, 15, 9, 30)),
      { text: "链接", hyperlink: "https://example.org" }
    ])
    sheet.addRow([])
    sheet.getCell("B4").value = { formula: "C2*2", result: 2469135.78 }
    sheet.getCell("D4").value = { formula: "D2+1", result: 45732 }
    sheet.getCell("D4").numFmt = "yyyy-mm-dd"
    sheet.getCell("E4").value = { error: "#DIV/0!" }
    sheet.getCell("F4").value = false
    await workbook.xlsx.writeFile(file)
  })

  it("flattens rich text, hyperlinks, formulas, errors and dates; keeps empty leading cells", async () => {
    for (const source of [
      await openRows(file),
      await rowsFromBytes(new Uint8Array(await readFile(file)), "exceljs.xlsx")
    ]) {
      expect(source.sheet).toBe("质押")
      expect(await collect(source)).toEqual([
        { rowNo: 1, cells: ["登记号", "出质人", "金额", "登记日期", "登记时间", "备注"] },
        {
          rowNo: 2,
          cells: [
            "Y1",
            "北京某某公司",
            1234567.89,
            utc(2025, 3, 15),
            new Date(Date.UTC(2025, 2, 15, 9, 30)),
            "链接"
          ]
        },
        { rowNo: 4, cells: [null, 2469135.78, null, utc(2025, 3, 16), "#DIV/0!", false] }
      ])
    }
  })

  it("reads an empty sheet as no rows", async () => {
    expect(await collect(await openRows(file, { sheet: "空白" }))).toEqual([])
  })

  it("counts the tabs a person sees: a hidden sheet is not the first, but its name finds it", async () => {
    expect((await openRows(file, { sheet: 1 })).sheet).toBe("质押")
    expect((await openRows(file, { sheet: 2 })).sheet).toBe("空白")
    const hidden = await openRows(file, { sheet: "配置" })
    expect(await collect(hidden)).toEqual([{ rowNo: 1, cells: ["hidden", "settings"] }])
    const error = await expectUnreadable(() => openRows(file, { sheet: 3 }), /第 3 个/, /number 3/)
    expect(error.reason.en).toContain("质押, 空白")
  })

  it("reads dates of a workbook on the 1904 date system, formulas' dates too", async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.properties.date1904 = true
    const sheet = workbook.addWorksheet("1904")
    sheet.addRow([utc(2025, 3, 15)])
    sheet.getCell("B1").value = { formula: "A1+1", result: 45732 - 1462 }
    sheet.getCell("B1").numFmt = "yyyy-mm-dd"
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
    const rows = await collect(await rowsFromBytes(bytes, "1904.xlsx"))
    expect(rows).toEqual([{ rowNo: 1, cells: [utc(2025, 3, 15), utc(2025, 3, 16)] }])
  })
})

describe("files that cannot be read", () => {
  it("a missing file, a folder", async () => {
    const missing = await expectUnreadable(() => openRows(join(dir, "nope.csv")), /找不到/, /does not exist/)
    expect(missing.file).toBe(join(dir, "nope.csv"))
    await mkdir(join(dir, "a-folder.xlsx"), { recursive: true })
    await expectUnreadable(() => openRows(join(dir, "a-folder.xlsx")), /文件夹/, /folder/)
  })

  it("a name that is not .xlsx or .csv: says which formats are read", async () => {
    for (const name of ["old.xls", "scan.pdf", "noextension"]) {
      const error = await expectUnreadable(
        () => openRows(join(dir, name)),
        /\.xlsx 和 \.csv/,
        /\.xlsx and \.csv/
      )
      expect(error.reason.en).toContain("save an .xls as .xlsx")
      await expectUnreadable(
        () => rowsFromBytes(new Uint8Array(4), name),
        /\.xlsx 和 \.csv/,
        /\.xlsx and \.csv/
      )
    }
  })

  it("an .xlsx that is plain text, or an old .xls renamed", async () => {
    const text = join(dir, "text.xlsx")
    await writeFile(text, "登记号,出质人\n1,2\n")
    await expectUnreadable(() => openRows(text), /不是 Excel 工作簿/, /not an Excel workbook/)
    await expectUnreadable(() => rowsFromBytes(new Uint8Array(0), "empty.xlsx"), /不是/, /not a zip/)
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    await expectUnreadable(() => rowsFromBytes(cfb, "renamed.xlsx"), /旧版 \.xls/, /old \.xls/)
  })

  it("a truncated or damaged zip", async () => {
    const bytes = await readFile(fixture("pledges-foreign.xlsx"))
    const truncated = join(dir, "truncated.xlsx")
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await expectUnreadable(() => openRows(truncated), /损坏或不完整/, /damaged or incomplete/)
    // The directory intact, the first sheet's compressed bytes scrambled: found while reading rows.
    const damaged = Buffer.from(bytes)
    const at = damaged.indexOf("xl/worksheets/sheet2.xml") + "xl/worksheets/sheet2.xml".length
    damaged.fill(0xff, at + 10, at + 300)
    const source = await rowsFromBytes(damaged, "damaged.xlsx")
    await expectUnreadable(() => collect(source), /损坏/, /damaged/)
  })

  it("a zip that holds no workbook: a Word file renamed, any other archive", async () => {
    const word = storedZip({
      "_rels/.rels": rootRels("word/document.xml"),
      "word/document.xml": '<w:document xmlns:w="urn:w"><w:body/></w:document>'
    })
    await expectUnreadable(() => rowsFromBytes(word, "report.xlsx"), /没有 Excel 工作簿/, /no Excel workbook/)
    const other = storedZip({ "readme.txt": "hello" })
    await expectUnreadable(
      () => rowsFromBytes(other, "archive.xlsx"),
      /没有 Excel 工作簿/,
      /no Excel workbook/
    )
  })

  it("a sheet that does not exist: lists the sheets there are", async () => {
    const error = await expectUnreadable(
      () => openRows(fixture("pledges-foreign.xlsx"), { sheet: "汇总" }),
      /找不到工作表“汇总”/,
      /no sheet "汇总"/
    )
    expect(error.reason.zh).toContain("质押登记、名称")
    expect(error.reason.en).toContain("质押登记, 名称")
    await expectUnreadable(
      () => openRows(fixture("pledges-foreign.xlsx"), { sheet: 3 }),
      /第 3 个/,
      /no sheet number 3/
    )
  })
})

describe("streaming", () => {
  it("reads a 100,000-row CSV row by row", async () => {
    const file = join(dir, "many.csv")
    const lines = ["登记号,出质人,金额"]
    for (let i = 1; i <= 100_000; i++) lines.push(`Y${i},企业${i},${i}.50`)
    await writeFile(file, `${lines.join("\n")}\n`)
    let count = 0
    let last: SheetRow | undefined
    for await (const row of (await openRows(file)).rows) {
      count++
      last = row
    }
    expect(count).toBe(100_001)
    expect(last).toEqual({ rowNo: 100_001, cells: ["Y100000", "企业100000", "100000.50"] })
  })

  it("is lazy: leaving a CSV after 10 rows closes the file", async () => {
    const file = join(dir, "lazy.csv")
    await writeFile(file, Array.from({ length: 200_000 }, (_, i) => `${i},名称${i}`).join("\n"))
    const source = await openRows(file)
    expect(await openDescriptors(file)).toBe(0) // nothing open until the rows are read
    let seen = 0
    for await (const row of source.rows) {
      if (seen === 0) expect(await openDescriptors(file)).toBe(1)
      expect(row.cells).toEqual([String(seen), `名称${seen}`])
      if (++seen === 10) break
    }
    expect(await openDescriptors(file)).toBe(0)
    expect(() => source.rows[Symbol.asyncIterator]()).toThrow(/only once/)
  })

  it("reads an XLSX whose shared strings run past several MiB", async () => {
    const file = join(dir, "long-strings.xlsx")
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true })
    const sheet = writer.addWorksheet("长文本")
    const text = (i: number) => `${i}号：${"知识产权质押融资登记信息".repeat(10)}`
    for (let i = 0; i < 20_000; i++) sheet.addRow([text(i), i % 2 === 0 ? "" : "乙"]).commit()
    sheet.commit()
    await writer.commit()
    let count = 0
    for await (const row of (await openRows(file)).rows) {
      expect(row.cells).toEqual([text(count), count % 2 === 0 ? "" : "乙"])
      count++
    }
    expect(count).toBe(20_000)
  })

  it("is lazy: leaving an XLSX after 10 rows closes the file", async () => {
    const file = join(dir, "lazy.xlsx")
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true })
    const sheet = writer.addWorksheet("数据")
    for (let i = 0; i < 30_000; i++) sheet.addRow([i, `名称${i}`, i * 1.5]).commit()
    sheet.commit()
    await writer.commit()
    const source = await openRows(file)
    expect(await openDescriptors(file)).toBe(0)
    let seen = 0
    for await (const row of source.rows) {
      if (seen === 0) expect(await openDescriptors(file)).toBe(1)
      expect(row).toEqual({ rowNo: seen + 1, cells: [seen, `名称${seen}`, seen * 1.5] })
      if (++seen === 10) break
    }
    expect(await openDescriptors(file)).toBe(0)
  })
})
