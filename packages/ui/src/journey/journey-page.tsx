/** @jsxImportSource hono/jsx */
import {
  can,
  type Decimal,
  districtOf,
  type EnterpriseJourney,
  isValidUscc,
  type JourneyEnterprise,
  type JourneyEvent,
  type JourneyMatch,
  type JourneyTotals,
  type Kejin,
  localizedMessage,
  NotFoundError,
  normalizeUscc,
  ValidationError
} from "@kejin/core"
import { enterpriseJourneyOperation, journeySearch } from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { Page, renderPage } from "../dashboard/shell.js"
import { keptQuery } from "../equity/access.js"
import { Money } from "../equity/format.js"
import { enterpriseStageLabels, labelOf, techCategoryLabels } from "../equity/vocabulary.js"
import { ExportLinks } from "../export-links.js"
import { FigureBox } from "../figures.js"
import { messageFor } from "../forms/messages.js"
import { Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { type MoneyUnit, moneyUnitFor } from "../money.js"
import { drillDownHref } from "../pledges/filters.js"
import { registrationHref } from "../pledges/format.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { LINKAGE_KINDS } from "../records/kinds.js"
import { TableHead } from "../table-head.js"
import { JOURNEY_SEARCH_PATH, JOURNEY_TITLE, journeyHref, journeySearchHref } from "./links.js"
import { journeyKindLabels, sourceLabels } from "./vocabulary.js"

/*
 * The enterprise finance journey (`/enterprises/:uscc/journey`): who the enterprise is, exact totals, and
 * one timeline, oldest first, of its fund investments, pledges, pledge loans and linkage records, read
 * from `kejin.registry.journey`. `?all=1` lists reversed records too, struck through; `?from=` and `?to=`
 * bound the timeline and the totals. A code that is not a credit code is a 400 page, a code no enterprise
 * has a 404 page. `/journey` finds an enterprise by name or the start of its credit code (searched in
 * SQL, `kejin.registry.journeySearch({ q })`: the registry, then pledgors that are not in it). A pledgor
 * known only from its pledge registrations has a journey too, its header saying so. The journey is read as the signed-in actor: a fund
 * manager sees the ledger entries of its own funds only, and the page says how many were withheld.
 */

/** The page's own query: `all=1`, and `from`/`to` as given (the core checks them). */
interface JourneyQuery {
  readonly all: boolean
  readonly from: string | undefined
  readonly to: string | undefined
}

const journeyQueryOf = (ctx: PanelContext): JourneyQuery => {
  const date = (key: "from" | "to") => {
    const value = (ctx.query[key] ?? "").trim()
    return value === "" ? undefined : value
  }
  return { all: ctx.query.all === "1", from: date("from"), to: date("to") }
}

/** The query a journey link keeps: the language, the period, and `all=1` when `all`. */
const journeyExtra = (q: JourneyQuery, all: boolean): Record<string, string> => ({
  ...(q.from === undefined ? {} : { from: q.from }),
  ...(q.to === undefined ? {} : { to: q.to }),
  ...(all ? { all: "1" } : {})
})

const districtText = (code: string, lang: Lang): string => {
  const district = districtOf(code)
  if (district === undefined) return code
  return lang === "en" ? district.nameEn : district.name
}

// ── the search form ──────────────────────────────────────────────────────────────────────────────

const SearchForm = (props: { ctx: PanelContext; q: string }) => {
  const { ctx, q } = props
  const { lang } = ctx
  return (
    <form class="filters journey-search" method="get" action={`${ctx.basePath}${JOURNEY_SEARCH_PATH}`}>
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      <label>
        {lang === "en" ? "Credit code or name" : "统一社会信用代码或企业名称"}
        <input type="search" name="q" value={q} maxlength={100} required />
      </label>
      <button type="submit">{lang === "en" ? "Find" : "查询"}</button>
    </form>
  )
}

// ── the journey page ─────────────────────────────────────────────────────────────────────────────

const Fact = (props: { name: string; label: LocalizedText; lang: Lang; children?: Child }) => (
  <div data-fact={props.name}>
    <dt>{textOf(props.label, props.lang)}</dt>
    <dd>{props.children}</dd>
  </div>
)

const EnterpriseHeader = (props: { enterprise: JourneyEnterprise; lang: Lang }) => {
  const { enterprise: e, lang } = props
  return (
    <header class="fund-header" data-uscc={e.uscc} data-registered={e.registered ? "true" : "false"}>
      <h3 class="fund-name">
        {e.name} <code>{e.uscc}</code>
      </h3>
      <dl class="fund-facts">
        <Fact name="uscc" label={{ zh: "统一社会信用代码", en: "Credit code" }} lang={lang}>
          {e.uscc}
        </Fact>
        <Fact name="district" label={{ zh: "所在区县", en: "District" }} lang={lang}>
          {districtText(e.district, lang)}
          {e.local ? null : (
            <span class="muted">{lang === "en" ? " (outside Wenzhou)" : "（温州以外）"}</span>
          )}
        </Fact>
        {e.registered ? (
          <>
            <Fact name="stage" label={{ zh: "发展阶段", en: "Stage" }} lang={lang}>
              {textOf(labelOf(enterpriseStageLabels, e.stage), lang)}
            </Fact>
            <Fact name="industry" label={{ zh: "行业", en: "Industry" }} lang={lang}>
              {e.industry}
            </Fact>
            <Fact name="tech" label={{ zh: "技术类别", en: "Technology" }} lang={lang}>
              {textOf(labelOf(techCategoryLabels, e.techCategory), lang)}
            </Fact>
          </>
        ) : (
          <Fact name="registry" label={{ zh: "企业库", en: "Registry" }} lang={lang}>
            {lang === "en"
              ? `Not in the enterprise registry: name and district from pledge registration ${e.source.registrationNo} (${e.source.registeredOn}).`
              : `未录入企业库：名称与区县取自专利质押登记 ${e.source.registrationNo}（${e.source.registeredOn}）。`}
          </Fact>
        )}
      </dl>
    </header>
  )
}

const TOTALS: ReadonlyArray<{ readonly key: keyof JourneyTotals; readonly label: LocalizedText }> = [
  { key: "equityInvested", label: { zh: "股权投资", en: "Equity invested" } },
  { key: "pledged", label: { zh: "专利质押金额", en: "Pledged" } },
  { key: "pledgeLoansDrawn", label: { zh: "质押贷款放款", en: "Pledge loans drawn" } },
  { key: "linkageLoans", label: { zh: "联动贷款", en: "Linked loans" } },
  { key: "claimsPaid", label: { zh: "理赔与补偿", en: "Claims paid" } }
]

/**
 * The totals; 专利质押金额 links to the registrations behind it (the enterprise's, in the window, those that
 * count, at amounts in force at its end: the list's total is this figure) for a reader of the pledges.
 */
const Totals = (props: { totals: JourneyTotals; lang: Lang; pledgedHref: string | undefined }) => (
  <dl class="figures journey-totals">
    {TOTALS.map((t) => (
      <FigureBox data={{ "data-total": t.key }} text={t.label} lang={props.lang}>
        {t.key === "pledged" && props.pledgedHref !== undefined ? (
          <a href={props.pledgedHref} data-drill>
            <Money lang={props.lang} amount={props.totals[t.key]} />
          </a>
        ) : (
          <Money lang={props.lang} amount={props.totals[t.key]} />
        )}
      </FigureBox>
    ))}
  </dl>
)

/** A timeline entry's key in the map of record links. */
const refKey = (ref: JourneyEvent["ref"]): string => `${ref.kind}-${ref.id}`

/** The linkage kinds whose record page is `/records/{slug}/{id}` (the kind a reversal names → its slug). */
const linkageSlugs = new Map(
  LINKAGE_KINDS.flatMap((k) =>
    k.reversal === undefined || k.get === undefined ? [] : [[k.reversal, k.slug]]
  )
)

/**
 * Where each timeline entry's record is shown, by {@link refKey}: a registration's page (a loan's is its
 * registration's), a fund's page for a ledger entry, a linkage record's page; none where the reader may not
 * open it. A loan's registration and an entry's fund are looked up (one read each, a journey has few).
 */
const recordLinks = async (
  ctx: PanelContext,
  events: ReadonlyArray<JourneyEvent>
): Promise<ReadonlyMap<string, string>> => {
  const links = new Map<string, string>()
  const pledges = can(ctx.actor, "pledges.read")
  const lookups: Array<Promise<void>> = []
  for (const e of events) {
    const key = refKey(e.ref)
    if (links.has(key)) continue
    const id = Number(e.ref.id)
    if (e.ref.kind === "pledge" && pledges) links.set(key, registrationHref(ctx, id))
    else if (e.ref.kind === "pledge-loan" && pledges) {
      links.set(key, "")
      lookups.push(
        ctx.kejin.pledges.loans.get(id).then(
          (loan) => void links.set(key, registrationHref(ctx, loan.pledgeId)),
          () => undefined
        )
      )
    } else if (e.ref.kind === "fund-entry" && can(ctx.actor, "funds.read")) {
      links.set(key, "")
      lookups.push(
        ctx.kejin.funds.entry(id).then(
          (entry) =>
            void links.set(key, `${ctx.basePath}/funds/${encodeURIComponent(entry.fund)}${keptQuery(ctx)}`),
          () => undefined
        )
      )
    } else {
      const slug = linkageSlugs.get(e.ref.kind)
      if (slug !== undefined) links.set(key, `${ctx.basePath}/records/${slug}/${id}${keptQuery(ctx)}`)
    }
  }
  await Promise.all(lookups)
  return links
}

const Struck = (props: { reversed: boolean; children?: Child }) =>
  props.reversed ? <s>{props.children}</s> : props.children

const AmountCell = (props: { amount: Decimal | null; lang: Lang; unit: MoneyUnit }) =>
  props.amount === null ? (
    <span class="none">—</span>
  ) : (
    <Money lang={props.lang} amount={props.amount} unit={props.unit} />
  )

/** An entry's event, linking to its record's page when there is one the reader may open. */
const EntryLink = (props: { href: string | undefined; children?: Child }) =>
  props.href === undefined || props.href === "" ? (
    props.children
  ) : (
    <a href={props.href} data-record-link>
      {props.children}
    </a>
  )

const TIMELINE_COLUMNS = [
  { zh: "日期", en: "Date" },
  { zh: "来源", en: "Source" },
  { zh: "事项", en: "Event" },
  { zh: "说明", en: "Details" },
  { zh: "金额", en: "Amount", num: true },
  { zh: "对方", en: "Counterparty" }
]

const Timeline = (props: {
  events: ReadonlyArray<JourneyEvent>
  lang: Lang
  links: ReadonlyMap<string, string>
}) => {
  const { events, lang, links } = props
  if (events.length === 0)
    return (
      <p class="panel-note">
        <Label text={{ zh: "暂无记录", en: "Nothing recorded" }} lang={lang} />
      </p>
    )
  // The amount column in one unit (1,200万 never above 2,587.50元).
  const unit = moneyUnitFor(
    events.flatMap((e) => (e.amount === null ? [] : [e.amount])),
    lang,
    { keepSmall: true }
  )
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table journey-timeline">
        <TableHead columns={TIMELINE_COLUMNS} lang={lang} />
        <tbody>
          {events.map((e) => (
            <tr
              class={e.reversed ? "entry--reversed" : undefined}
              data-source={e.source}
              data-kind={e.kind}
              data-ref={`${e.ref.kind}-${e.ref.id}`}
              data-reversed={e.reversed ? "true" : undefined}
            >
              <th scope="row">{e.on}</th>
              <td>
                <span class="badge" data-badge={e.source}>
                  {textOf(sourceLabels[e.source], lang)}
                </span>
              </td>
              <td>
                <Struck reversed={e.reversed}>
                  <EntryLink href={links.get(refKey(e.ref))}>
                    {textOf(labelOf(journeyKindLabels, e.kind), lang)}
                  </EntryLink>
                </Struck>
                {e.reversed ? (
                  <span class="muted">{lang === "en" ? " (reversed)" : "（已冲销）"}</span>
                ) : null}
              </td>
              <td>
                <Struck reversed={e.reversed}>
                  {localizedMessage({ message: e.label, ...e.detail }, lang)}
                </Struck>
              </td>
              <td class="num">
                <Struck reversed={e.reversed}>
                  <AmountCell amount={e.amount} lang={lang} unit={unit} />
                </Struck>
              </td>
              <td>{e.counterparty ?? <span class="none">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const Breadcrumbs = (props: { ctx: PanelContext }) => {
  const { ctx } = props
  return (
    <p class="breadcrumbs">
      <a href={journeySearchHref(ctx)}>{ctx.lang === "en" ? "Find an enterprise" : "查询企业"}</a>
      {" · "}
      <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>{ctx.lang === "en" ? "Dashboard" : "返回总览"}</a>
    </p>
  )
}

/** The equity records of other funds the reader may not see: how many, and that they are not counted. */
const Withheld = (props: { count: number; lang: Lang }) =>
  props.count === 0 ? null : (
    <p class="panel-note" data-withheld="equity">
      {props.lang === "en"
        ? `${props.count} investment record${props.count === 1 ? "" : "s"} of other funds not shown ` +
          "(no access to their ledgers); not counted in Equity invested."
        : `${props.count} 条其他基金的投资记录未显示（无权查看），不计入股权投资合计。`}
    </p>
  )

const journeyPage = (
  ctx: PanelContext,
  journey: EnterpriseJourney,
  q: JourneyQuery,
  links: ReadonlyMap<string, string>
) => {
  const { lang } = ctx
  const { enterprise, events, totals, withheld } = journey
  const reversedShown = events.filter((e) => e.reversed).length
  const period =
    q.from === undefined && q.to === undefined
      ? lang === "en"
        ? "all dates"
        : "全部日期"
      : `${q.from ?? "…"} – ${q.to ?? "…"}`
  return (
    <Page ctx={ctx} title={JOURNEY_TITLE}>
      <Breadcrumbs ctx={ctx} />
      <SearchForm ctx={ctx} q="" />
      <EnterpriseHeader enterprise={enterprise} lang={lang} />
      <section class="journey" aria-labelledby="journey-totals-title">
        <h3 id="journey-totals-title">
          <Label text={{ zh: "合计", en: "Totals" }} lang={lang} />
        </h3>
        <Totals
          totals={totals}
          lang={lang}
          pledgedHref={
            can(ctx.actor, "pledges.read")
              ? drillDownHref(ctx, { from: q.from, to: q.to }, { q: enterprise.uscc })
              : undefined
          }
        />
        <p class="panel-note">
          {lang === "en"
            ? `Live records only (${period}); pledged leaves out cancelled registrations, released ones stay; claims paid = what insurers and pools paid.`
            : `仅计有效记录（${period}）；专利质押金额不含已撤销的登记，已解除的照计；理赔与补偿 = 保险公司赔付 + 资金池支付。`}
        </p>
        <Withheld count={withheld.equity} lang={lang} />
      </section>
      <section class="journey" aria-labelledby="journey-timeline-title">
        <h3 id="journey-timeline-title">
          <Label text={{ zh: "时间线（由早到晚）", en: "Timeline, oldest first" }} lang={lang} />
        </h3>
        <p class="panel-note">
          {q.all ? (
            <>
              {lang === "en"
                ? `Reversed records are listed struck through (${reversedShown}). `
                : `已冲销的记录以删除线列出（${reversedShown} 条）。`}
              <a href={journeyHref(ctx, enterprise.uscc, journeyExtra(q, false))} data-toggle="live">
                {lang === "en" ? "Show live records only" : "仅显示有效记录"}
              </a>
            </>
          ) : (
            <a href={journeyHref(ctx, enterprise.uscc, journeyExtra(q, true))} data-toggle="all">
              {lang === "en" ? "Also show reversed records" : "同时显示已冲销的记录"}
            </a>
          )}
          {" · "}
          <ExportLinks
            op={enterpriseJourneyOperation}
            params={{ uscc: enterprise.uscc }}
            filters={{ includeReversed: q.all ? "true" : undefined, from: q.from, to: q.to }}
            lang={lang}
          />
        </p>
        <Timeline events={events} lang={lang} links={links} />
      </section>
    </Page>
  )
}

const problemPage = async (
  c: Context,
  ctx: PanelContext,
  status: 400 | 404,
  message: LocalizedText,
  detail?: string
) =>
  c.html(
    await renderPage(
      <Page ctx={ctx} title={JOURNEY_TITLE}>
        <Breadcrumbs ctx={ctx} />
        <div class="panel-error" role="alert" data-status={status}>
          <p>
            <Label text={message} lang={ctx.lang} />
          </p>
          {detail === undefined ? null : <p class="panel-note">{detail}</p>}
        </div>
        <SearchForm ctx={ctx} q="" />
      </Page>
    ),
    status
  )

/** Validation messages of a core error, `field: reason` each. */
const issuesOf = (error: ValidationError, lang: Lang): string =>
  error.issues.map((i) => `${i.path}: ${messageFor(i, lang)}`).join("; ")

const showJourney = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const raw = c.req.param("uscc") ?? ""
  const uscc = normalizeUscc(raw)
  const q = journeyQueryOf(ctx)
  if (!isValidUscc(uscc)) {
    return problemPage(
      c,
      ctx,
      400,
      {
        zh: "这不是有效的统一社会信用代码（18 位，含校验位）",
        en: "This is not a valid unified social credit code (18 characters with a check character)"
      },
      raw.slice(0, 40)
    )
  }
  // A code written with spaces or in lower case: the page lives at its canonical address.
  if (uscc !== raw) return c.redirect(journeyHref(ctx, uscc, journeyExtra(q, q.all)), 303)
  try {
    const journey = await ctx.kejin.registry.journey(uscc, {
      actor: ctx.actor,
      includeReversed: q.all,
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to })
    })
    const links = await recordLinks(ctx, journey.events)
    return c.html(await renderPage(journeyPage(ctx, journey, q, links)))
  } catch (error) {
    if (error instanceof NotFoundError)
      return problemPage(
        c,
        ctx,
        404,
        { zh: "没有登记此统一社会信用代码的企业", en: "No enterprise with this credit code is registered" },
        uscc
      )
    if (error instanceof ValidationError)
      return problemPage(
        c,
        ctx,
        400,
        { zh: "查询条件无效", en: "The query is not valid" },
        issuesOf(error, ctx.lang)
      )
    throw error
  }
}

// ── the search page ──────────────────────────────────────────────────────────────────────────────

/** How many enterprises the search lists. */
export const SEARCH_ROWS = 50

interface SearchResult {
  readonly q: string
  readonly matches: ReadonlyArray<JourneyMatch>
  /** More matched than are listed. */
  readonly more: boolean
  /** A well-formed credit code no enterprise has. */
  readonly unknownCode: string | undefined
}

/**
 * Enterprises whose name contains `q` (letter case ignored) or whose credit code starts with it (spaces,
 * hyphens and case ignored), in registration order, then pledgors not in the registry matched the same way
 * (`kejin.registry.journeySearch`): at most `SEARCH_ROWS + 1` rows. An empty `q` lists the first ones.
 */
const findEnterprises = async (kejin: Kejin, q: string): Promise<SearchResult> => {
  const found = await kejin.registry.journeySearch({ q, limit: SEARCH_ROWS + 1 })
  const code = normalizeUscc(q)
  return {
    q,
    matches: found.slice(0, SEARCH_ROWS),
    more: found.length > SEARCH_ROWS,
    unknownCode: isValidUscc(code) && found.length === 0 ? code : undefined
  }
}

const MATCH_COLUMNS = [
  { zh: "企业", en: "Enterprise" },
  { zh: "统一社会信用代码", en: "Credit code" },
  { zh: "所在区县", en: "District" },
  { zh: "发展阶段", en: "Stage" }
]

const searchPage = (ctx: PanelContext, result: SearchResult) => {
  const { lang } = ctx
  return (
    <Page ctx={ctx} title={JOURNEY_TITLE}>
      <p class="breadcrumbs">
        <a href={`${ctx.basePath || "/"}${keptQuery(ctx)}`}>{lang === "en" ? "Dashboard" : "返回总览"}</a>
      </p>
      <p class="panel-note">
        {lang === "en"
          ? "Every fund investment, pledge, loan, policy and claim of one enterprise on one timeline."
          : "一家企业的股权投资、专利质押、贷款、保险与理赔，汇于一条时间线。"}
      </p>
      <SearchForm ctx={ctx} q={result.q} />
      {result.unknownCode !== undefined ? (
        <p class="panel-error" role="alert">
          {lang === "en"
            ? `No enterprise with the credit code ${result.unknownCode} is registered.`
            : `没有登记统一社会信用代码为 ${result.unknownCode} 的企业。`}
        </p>
      ) : result.matches.length === 0 ? (
        <p class="panel-note">
          {result.q === ""
            ? lang === "en"
              ? "No enterprises are registered yet."
              : "尚未登记企业。"
            : lang === "en"
              ? `No enterprise matches “${result.q}”.`
              : `没有与“${result.q}”匹配的企业。`}
        </p>
      ) : (
        <>
          <p class="panel-note">
            <ExportLinks op={journeySearch} filters={{ q: result.q }} lang={lang} />
          </p>
          <div class="table-scroll" tabindex={0}>
            <table class="fund-table journey-matches">
              <TableHead columns={MATCH_COLUMNS} lang={lang} />
              <tbody>
                {result.matches.map((e) => (
                  <tr data-uscc={e.uscc} data-registered={e.registered ? "true" : "false"}>
                    <th scope="row">
                      <a href={journeyHref(ctx, e.uscc)}>{e.name}</a>
                    </th>
                    <td>
                      <code>{e.uscc}</code>
                    </td>
                    <td>{districtText(e.district, lang)}</td>
                    <td>
                      {e.stage === null ? (
                        <span class="muted">
                          {lang === "en" ? "Pledgor, not in the registry" : "出质人（未入库）"}
                        </span>
                      ) : (
                        textOf(labelOf(enterpriseStageLabels, e.stage), lang)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.more ? (
            <p class="panel-note">
              {lang === "en"
                ? `The first ${SEARCH_ROWS} are listed: narrow the search.`
                : `仅列出前 ${SEARCH_ROWS} 家，请缩小查询范围。`}
            </p>
          ) : null}
        </>
      )}
    </Page>
  )
}

const showSearch = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const q = (ctx.query.q ?? "").trim().slice(0, 100)
  const code = normalizeUscc(q)
  // A full credit code of a registered enterprise or of a pledgor goes straight to its journey.
  if (isValidUscc(code)) {
    const found = await ctx.kejin.registry.journeySearch({ q: code, limit: 1 })
    if (found[0]?.uscc === code) return c.redirect(journeyHref(ctx, code), 303)
  }
  return c.html(await renderPage(searchPage(ctx, await findEnterprises(ctx.kejin, q))))
}

/** The journey's routes: the search and one enterprise's page, for every signed-in role. */
export const journeyRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: JOURNEY_SEARCH_PATH, permission: "dashboard.read", handler: showSearch },
  { method: "GET", path: "/enterprises/:uscc/journey", permission: "dashboard.read", handler: showJourney }
]
