/** @jsxImportSource hono/jsx */
import { type Actor, Journal, type Kejin, openKejin } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { targetsPlugin } from "./targets-plugin.js"

const bureau: Actor = { id: "wang.li", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }

const form = {
  _csrf: "t",
  key: "tech-loans",
  label: "科技贷款",
  labelEn: "Tech loans",
  unit: "yuan",
  target: "1200000.00",
  periodKind: "calendar-year",
  periodStart: "",
  periodEnd: "",
  metric: "pledge-amount",
  displayOrder: ""
}

const row = (html: string, key: string): string => {
  const match = new RegExp(`<tr data-target-key="${key}">([\\s\\S]*?)</tr>`).exec(html)
  if (match === null) throw new Error(`no row for target ${key} in ${html}`)
  return match[0]
}

/** The `<div class="field…" data-field="name">…</div>` of one form field. */
const field = (html: string, name: string): string => {
  const match = new RegExp(`<div class="field[^"]*" data-field="${name}">([\\s\\S]*?)</div>`).exec(html)
  if (match === null) throw new Error(`no field ${name} in ${html}`)
  return match[0]
}

describe("the /targets page on a real core", () => {
  let kejin: Kejin
  // The forms post to the targets' own routes (`POST /api/v1/targets`, `PATCH /api/v1/targets/{key}`).
  const { appAs } = dashboardClient(() => kejin, [targetsPlugin])
  const post = (actor: Actor, path: string, fields: Record<string, string>, htmx = true) =>
    appAs(actor).request(path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(htmx ? { "HX-Request": "true" } : {})
      },
      body: new URLSearchParams(fields).toString()
    })
  const page = async (actor: Actor, query = "?asOf=2026-06-30") => {
    const response = await appAs(actor).request(`/targets${query}`)
    expect(response.status).toBe(200)
    return response.text()
  }

  /** The target `form` describes, created by bureau staff through the core. */
  const createTechLoans = () =>
    kejin.targets.create(
      {
        key: "tech-loans",
        label: "科技贷款",
        labelEn: "Tech loans",
        unit: "yuan",
        target: "1200000.00",
        metric: "pledge-amount"
      },
      { actor: bureau }
    )

  // A store of its own for each test, in memory, with 600,000.00 pledged on 2026-01-10.
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    const [sample] = demoPledges({ count: 1, from: "2026-01-10", to: "2026-01-10", seed: 3 })
    await kejin.pledges.record({ ...sample!, registrationNo: "YP2026000001", amount: "600000.00" })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("a viewer sees every target and its pace, but no form; a post is 403 and writes nothing", async () => {
    const html = await page(viewer)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<a href="/targets" aria-current="page">目标</a>')
    expect(row(html, "patent-pledge-financing")).toContain("专利质押融资")
    expect(html).not.toContain("<form id=")
    expect(html).not.toContain('class="target-form"')
    const response = await post(viewer, "/api/v1/targets", form)
    expect(response.status).toBe(403)
    const edit = await post(viewer, "/api/v1/targets/patent-pledge-financing", {
      _method: "PATCH",
      ...form,
      label: "改"
    })
    expect(edit.status).toBe(403)
    expect((await kejin.targets.list()).map((t) => t.key)).not.toContain("tech-loans")
  })

  it("bureau staff get a create form and an edit form per target, each with the CSRF token", async () => {
    const html = await page(bureau)
    expect(html).toContain(
      '<form id="target-create" class="target-form" method="post" action="/api/v1/targets?asOf=2026-06-30" hx-post="/api/v1/targets?asOf=2026-06-30" hx-target="#targets-section" hx-swap="outerHTML"'
    )
    expect(html).toContain('<form id="target-edit-patent-pledge-financing"')
    // Three edit forms, the create form, the form defining a reported measure, and the header's sign-out form.
    expect(html.match(/<input type="hidden" name="_csrf" value="t"\/?>/g)?.length).toBe(6)
  })

  it("creates a target from a form post and answers with the list and HX-Trigger", async () => {
    const response = await post(bureau, "/api/v1/targets?asOf=2026-06-30", form)
    expect(response.status).toBe(200)
    expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
    const html = await response.text()
    expect(html).toMatch(/^<section id="targets-section"/)
    // 600,000 of 1,200,000 on 2026-06-30; the trailing 12 months hold the same 600,000 (50,000 a month):
    // 600,000 / 6 months left = 100,000 a month; 600,000 × 12 / 600,000 = 12 months → 2027-06-30.
    const r = row(html, "tech-loans")
    expect(r).toContain("科技贷款")
    expect(r).toContain("50.0%")
    // One unit per column, from the column's largest amount: the 25亿 target puts 亿 on the whole column.
    expect(r).toContain(
      '<td><a href="/pledges?from=2026-01-01&amp;to=2026-06-30&amp;counting=true" data-drill="target-value" title="查看计入此数的记录"><span class="money" title="600,000.00">0.01亿</span></a> / <span class="money" title="1,200,000.00">0.01亿</span></td>'
    )
    expect(r).toContain('<td data-figure="gap"><span class="money" title="600,000.00">0.01亿</span></td>')
    expect(r).toContain(
      '<td data-figure="time-left">剩余 6 个整月</td><td data-figure="need"><span class="money" title="100,000.00">0.01亿</span>/月</td>'
    )
    // The run-rate column's largest is 50,000: 万, a whole number of it without ".00".
    expect(r).toContain('<td><span class="money" title="50,000.00">5万</span></td>')
    // 600,000 × 365 / 181 by 31 December, at the year-to-date daily average (1 January – 30 June: 181 days).
    expect(r).toContain(
      '<td data-figure="projected-end"><span class="money" title="1,209,944.75">120.99万</span></td><td>2027-06-30</td>'
    )
    const cells = (figure: string) =>
      [
        ...html.matchAll(
          new RegExp(`data-figure="${figure}"><span class="money"[^>]*>[^<]*?([亿万元])</span>`, "g")
        )
      ].map((m) => m[1])
    expect(cells("gap")).toEqual(["亿", "亿", "亿"])
    expect(cells("projected-end")).toEqual(["万", "万", "万"])
    expect(r).toContain('data-status="behind"')
    const [entry] = (await kejin.run(Journal.use((j) => j.list({ limit: 1000 })))).filter(
      (e) => e.command === "targets.create"
    )
    expect(entry?.actor).toBe("wang.li")
    // And on the page itself.
    expect(row(await page(viewer), "tech-loans")).toContain("2027-06-30")
  })

  it("a bad amount is 422: the form alone comes back, with the error next to the field and the input kept", async () => {
    const response = await post(bureau, "/api/v1/targets", { ...form, key: "bad-amount", target: "12.345" })
    expect(response.status).toBe(422)
    expect(response.headers.get("HX-Retarget")).toBe("#target-create")
    expect(response.headers.get("HX-Reswap")).toBe("outerHTML")
    expect(response.headers.get("HX-Trigger")).toBeNull()
    const html = await response.text()
    expect(html).toMatch(/^<form id="target-create"/)
    const target = field(html, "target")
    expect(target).toContain('class="field field--error"')
    expect(target).toContain('value="12.345"')
    expect(target).toContain('aria-invalid="true"')
    expect(target).toMatch(
      /<span class="field-error" id="target-create-target-error">[^<]*more than two decimal places/
    )
    expect(field(html, "key")).toContain('value="bad-amount"')
    expect(field(html, "label")).not.toContain("field-error")
    expect((await kejin.targets.list()).map((t) => t.key)).not.toContain("bad-amount")
  })

  it("names every bad field, and a key in use, in the form", async () => {
    await createTechLoans()
    const html = await (
      await post(bureau, "/api/v1/targets", { ...form, key: "Bad Key", label: "", metric: "gdp" })
    ).text()
    expect(field(html, "key")).toMatch(/kebab-case/)
    expect(field(html, "label")).toMatch(/must not be empty/)
    expect(field(html, "metric")).toMatch(/is not a measure this instance knows \(gdp\)/)
    // The rules across fields (figure against unit, period against kind) once the fields read.
    const period = await (
      await post(bureau, "/api/v1/targets", {
        ...form,
        key: "fixed-one",
        periodKind: "fixed",
        periodStart: "2026-05-01"
      })
    ).text()
    expect(field(period, "periodEnd")).toMatch(/needs an end/)
    const duplicate = await post(bureau, "/api/v1/targets", form)
    expect(duplicate.status).toBe(409)
    expect(field(await duplicate.text(), "key")).toContain("a target with the key tech-loans already exists")
  })

  it("edits a target from its form; a bad figure swaps only that form", async () => {
    await createTechLoans()
    const response = await post(bureau, "/api/v1/targets/tech-loans?asOf=2026-06-30", {
      _method: "PATCH",
      ...form,
      label: "科技信贷",
      target: "60万"
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
    const r = row(await response.text(), "tech-loans")
    expect(r).toContain("科技信贷")
    expect(r).toContain('data-status="met"')
    const bad = await post(bureau, "/api/v1/targets/tech-loans", {
      _method: "PATCH",
      ...form,
      unit: "count",
      target: "2.5"
    })
    expect(bad.status).toBe(422)
    expect(bad.headers.get("HX-Retarget")).toBe("#target-edit-tech-loans")
    expect(field(await bad.text(), "target")).toMatch(/whole number greater than zero/)
    expect((await post(bureau, "/api/v1/targets/no-such-target", { _method: "PATCH", ...form })).status).toBe(
      404
    )
    expect(
      (await post(bureau, "/api/v1/targets/Not%0AKebab", { _method: "PATCH", ...form, target: "x" })).status
    ).toBe(404)
  })

  it("without htmx, a post redirects back to the page, or shows the page with the form's errors", async () => {
    const ok = await post(bureau, "/api/v1/targets", { ...form, key: "plain-post" }, false)
    expect(ok.status).toBe(303)
    expect(ok.headers.get("location")).toBe("/targets")
    const bad = await post(bureau, "/api/v1/targets", { ...form, key: "plain-bad", target: "abc" }, false)
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toMatch(
      /<span class="field-error" id="target-create-target-error">must be an amount of yuan/
    )
    expect(html).toContain('value="plain-bad"')
  })

  it("escapes a hostile label everywhere: the list, the edit form, the panel and a re-rendered form", async () => {
    const hostile = { label: "<script>alert(1)</script>", labelEn: '"><img src=x onerror=alert(2)>' }
    const created = await post(bureau, "/api/v1/targets", { ...form, key: "hostile", ...hostile })
    expect(created.status).toBe(200)
    const html = await page(bureau)
    expect(row(html, "hostile")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"')
    expect(html).not.toContain("<script>alert")
    expect(html).not.toContain("<img")
    const panel = await (
      await appAs(viewer).request("/panels/targets/progress?asOf=2026-06-30", {
        headers: { "HX-Request": "true" }
      })
    ).text()
    expect(panel).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(panel).not.toContain("<script>alert")
    expect(panel).not.toContain("<img")
    const echoed = await (
      await post(bureau, "/api/v1/targets", { ...form, key: "x-y", target: "bad", ...hostile })
    ).text()
    expect(echoed).not.toContain("<script>alert")
    expect(echoed).not.toContain("<img")
  })

  it("the progress panel shows the pace line from the real core", async () => {
    const response = await appAs(viewer).request("/panels/targets/progress?asOf=2026-06-30", {
      headers: { "HX-Request": "true" }
    })
    const html = await response.text()
    expect(html).toContain('<li class="target" data-target-key="patent-pledge-financing"')
    expect(html).toContain("近12月月均 <span")
    expect(html).toContain('<a href="/targets">')
  })

  it("keeps English with ?lang=en", async () => {
    const html = await page(bureau, "?lang=en&asOf=2026-06-30")
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('hx-post="/api/v1/targets?lang=en&amp;asOf=2026-06-30"')
    expect(html).toContain("Needed = (target − value) / whole months left")
    expect(html).toContain("Projected at period end")
    // The forms' examples in plain yuan: no placeholder says 亿/万.
    const placeholders = [...html.matchAll(/placeholder="([^"]*)"/g)].map((m) => m[1])
    expect(placeholders).toContain("2500000000.00 / 5 / 3.2")
    expect(placeholders.filter((p) => /[亿万]/.test(p!))).toEqual([])
    // English units: B and M, never 亿/万.
    expect(html).toContain(
      '<td data-figure="gap"><span class="money" title="2,499,400,000.00">2.499 B</span></td>'
    )
    expect(html).toContain(
      '<td data-figure="gap"><span class="money" title="10,000,000,000.00">10 B</span></td>'
    )
    const table = html.slice(html.indexOf('<table class="targets-table"'), html.indexOf("</table>"))
    expect(table).not.toMatch(/[0-9](亿|万)<\/span>/)
  })

  it("shows each target's measure and unit, a percent exactly, and offers every registered measure", async () => {
    await kejin.targets.measures.define(
      { code: "rd-intensity", label: "R&D 投入强度", labelEn: "R&D intensity", unit: "percent" },
      { actor: bureau }
    )
    await kejin.targets.measures.report(
      { measure: "rd-intensity", value: "3.15", reportedOn: "2026-03-31", source: "市统计局" },
      { actor: bureau }
    )
    await kejin.targets.create(
      {
        key: "rd",
        label: "R&D 投入强度",
        labelEn: "R&D intensity",
        unit: "percent",
        target: "3.2",
        metric: "rd-intensity"
      },
      { actor: bureau }
    )
    const html = await page(bureau)
    // The table scrolls in its own box on a phone.
    expect(html).toContain('<div class="table-scroll" tabindex="0"><table class="targets-table">')
    const rd = row(html, "rd")
    expect(rd).toContain("<span>3.15%</span> / <span>3.2%</span>")
    expect(rd).toContain("98.4%") // 3.15 / 3.2 = 98.4375 %, rounded down
    expect(rd).toContain("%（百分比） · 人工上报")
    expect(rd).toContain('data-status="below"')
    expect(row(html, "patent-pledge-financing")).toContain("专利质押融资金额")
    const create = html.slice(html.indexOf('<form id="target-create"'))
    expect(create).toContain(
      '<option value="rd-intensity">R&amp;D 投入强度（%（百分比） · 人工上报）</option>'
    )
    expect(create).toContain(
      '<option value="bond-issuance-amount">科技创新债券发行额（元 · 系统统计）</option>'
    )
    expect(create).toContain('<option value="percent">%（百分比）</option>')
    // The dashboard's panel: the latest reported value, no run rate nor projection for a level.
    const panel = await (
      await appAs(viewer).request("/panels/targets/progress?asOf=2026-06-30", {
        headers: { "HX-Request": "true" }
      })
    ).text()
    const item = panel.slice(panel.indexOf('data-target-key="rd"'))
    expect(item.slice(0, item.indexOf("</li>"))).toMatch(/3\.15%<\/span> \/ <span>3\.2%[\s\S]*最新上报值/)
  })

  it("a split target gets its ranking, and a warning when the parts do not add up to the whole", async () => {
    const response = await post(bureau, "/api/v1/targets?asOf=2026-06-30", {
      ...form,
      key: "by-district",
      target: "1000000.00",
      splitBy: "district",
      parts: "330302, 60万\n330303, 30万"
    })
    expect(response.status).toBe(200)
    const html = await page(bureau)
    const ranking = html.slice(html.indexOf('data-ranking="by-district"'))
    expect(ranking).toContain("科技贷款 · 按区县分解排行榜")
    expect(ranking).toContain('data-warning="parts-sum"')
    expect(ranking).toMatch(
      /各部分目标合计 <span class="money"[^>]*>90万<\/span>，与总目标 <span class="money"[^>]*>100万<\/span> 不一致/
    )
    expect(ranking.indexOf('data-part="330302"')).toBeLessThan(ranking.indexOf('data-part="330303"'))
    // Fixed: the warning goes.
    const fixed = await post(bureau, "/api/v1/targets/by-district?asOf=2026-06-30", {
      ...form,
      _method: "PATCH",
      key: "by-district",
      target: "1000000.00",
      splitBy: "district",
      parts: "330302, 60万\n330303, 40万"
    })
    expect(fixed.status).toBe(200)
    expect(await fixed.text()).not.toContain('data-warning="parts-sum"')
    // A bad line is said at the parts field, naming the line.
    const bad = await post(bureau, "/api/v1/targets?asOf=2026-06-30", {
      ...form,
      key: "bad-split",
      splitBy: "district",
      parts: "330302, 1万\n999999, 1万"
    })
    expect(bad.status).toBe(422)
    expect(field(await bad.text(), "parts")).toMatch(/#2 code: is not a Wenzhou district code/)
  })

  it("the edit form lists the target's versions with date and author", async () => {
    await kejin.targets.update("patent-pledge-financing", { target: "3000000000.00" }, { actor: bureau })
    const html = await page(bureau)
    const edit = row(html, "patent-pledge-financing")
    expect(edit).toContain("修订记录")
    expect(edit).toMatch(
      /<li data-version="1">\d{4}-\d{2}-\d{2} · wang\.li · <span class="money"[^>]*>30亿<\/span>/
    )
    expect(edit).toContain('<li data-version="0">初始设定 · ')
  })

  it("reported measures by hand: define, report (a bad value names its field), reverse", async () => {
    const define = await post(bureau, "/api/v1/measures?asOf=2026-06-30", {
      _csrf: "t",
      code: "innovation-input",
      label: "全市创新投入",
      labelEn: "Innovation input",
      unit: "yuan"
    })
    expect(define.status).toBe(200)
    const bad = await post(bureau, "/api/v1/measures/values?asOf=2026-06-30", {
      _csrf: "t",
      measure: "innovation-input",
      value: "abc",
      reportedOn: "2026-03-31",
      source: "市科技局"
    })
    expect(bad.status).toBe(422)
    const refused = await bad.text()
    expect(refused.slice(refused.indexOf('id="reported-report"'))).toMatch(
      /data-field="value">[\s\S]*?field-error/
    )
    expect(await kejin.targets.measures.values("innovation-input")).toMatchObject({ values: [] })
    const good = await post(bureau, "/api/v1/measures/values?asOf=2026-06-30", {
      _csrf: "t",
      measure: "innovation-input",
      value: "550亿",
      reportedOn: "2026-03-31",
      source: "市科技局"
    })
    expect(good.status).toBe(200)
    const html = await good.text()
    const row = html.slice(html.indexOf('<tr data-measure="innovation-input">'))
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(
      /550亿<\/span><\/td><td>2026-03-31<\/td><td>市科技局<\/td>/
    )
    const [value] = (await kejin.targets.measures.values("innovation-input")).values
    const reversed = await post(bureau, `/api/v1/measures/values/${value!.id}/reversal?asOf=2026-06-30`, {
      _csrf: "t",
      reason: "录入错误"
    })
    expect(reversed.status).toBe(200)
    expect(await reversed.text()).toContain("已冲销")
    // A viewer sees the section but no form.
    const seen = await page(viewer)
    expect(seen).toContain('<tr data-measure="innovation-input">')
    expect(seen).not.toContain('id="reported-define"')
  })
})

describe("the /targets page's header", () => {
  let kejin: Kejin
  const { appAs } = dashboardClient(() => kejin, [targetsPlugin, patentPledgePlugin])
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("links every page the actor may see, as the other pages do, not only the targets", async () => {
    const html = await (await appAs(viewer).request("/targets")).text()
    const nav = html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf("</nav>"))
    expect(nav).toContain('href="/targets"')
    expect(nav).toContain('href="/pledges"')
  })
})
