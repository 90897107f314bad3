/**
 * The dashboard's stylesheet, served at `/assets/kejin.css`. Hand-written and small: a CSS grid of
 * panels that is one column on a phone and as many 22rem columns as fit on a laptop, and progress bars.
 */
export const kejinCss = `
:root {
  --bg: #f5f6f8;
  --card: #ffffff;
  --ink: #1d2433;
  --muted: #5f6b7d;
  --line: #dde2ea;
  --accent: #1f5fbf;
  --good: #187a44;
  --bad-bg: #fdecec;
  --bad-ink: #9b1c1c;
  --bar: #e4e9f1;
  /* Text on an --accent or --bad-ink fill (buttons): white on the dark light-mode fills, ink on the pale dark-mode ones. */
  --on-fill: #ffffff;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12161d;
    --card: #1b212b;
    --ink: #e7ebf2;
    --muted: #9aa5b6;
    --line: #2c3542;
    --accent: #6ea2f2;
    --good: #4cc38a;
    --bad-bg: #3a1d1f;
    --bad-ink: #f3b1b1;
    --bar: #2c3542;
    --on-fill: #12161d;
  }
}
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", sans-serif;
}
a { color: var(--accent); }
.en { color: var(--muted); font-size: 0.85em; font-weight: normal; }

.site-header {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  gap: 0.5rem 1.5rem;
  padding: 0.75rem clamp(0.75rem, 3vw, 2rem);
  background: var(--card);
  border-bottom: 1px solid var(--line);
}
.site-header .product-name { margin: 0; font-size: 1.25rem; font-weight: bold; }
.site-header .product-name a.home { color: inherit; text-decoration: none; }
.site-header .product-name a.home:hover, .site-header .product-name a.home:focus-visible { text-decoration: underline; }
.site-header .tagline { color: var(--muted); font-size: 0.9rem; }
.site-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-left: auto; }
.site-nav a { text-decoration: none; }
.site-nav a:hover, .site-nav a:focus-visible { text-decoration: underline; }
.site-nav a[aria-current="page"] { font-weight: 600; text-decoration: underline; }
/* The dashboard's sections, above its period controls: a quiet row of in-page links. */
.page-sections { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-bottom: 0.75rem; font-size: 0.9rem; }
.page-sections a { color: var(--muted); text-decoration: none; }
.page-sections a:hover, .page-sections a:focus-visible { color: inherit; text-decoration: underline; }

main { padding: clamp(0.75rem, 3vw, 2rem); }
/* The period controls above the panels: links in wrapping rows, the current one filled. */
.period-controls {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 1.25rem;
  margin-bottom: 1.25rem;
  padding: 0.6rem 0.75rem;
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 8px;
}
.period-choices, .period-custom { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 0.5rem; }
.period-head { color: var(--muted); font-size: 0.9rem; }
.period-choices a {
  padding: 0.1rem 0.55rem;
  border: 1px solid var(--line);
  border-radius: 999px;
  text-decoration: none;
}
.period-choices a[aria-current="true"] { background: var(--accent); border-color: var(--accent); color: var(--on-fill); }
.period-custom[aria-current="true"] .period-head { color: var(--accent); font-weight: 600; }
.period-custom input { max-width: 10.5rem; font: inherit; }
.period-controls > .panel-note { flex-basis: 100%; margin: 0; }
.plugin { margin-bottom: 2rem; }
.plugin > h2 { margin: 0 0 0.75rem; font-size: 1.1rem; }
.panels {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
  gap: 1rem;
}
.panel {
  min-width: 0;
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: 1rem;
}
.panel--wide { grid-column: 1 / -1; }
.panel > h3 { margin: 0 0 0.75rem; font-size: 1rem; }
.panel-body.htmx-request { opacity: 0.6; transition: opacity 0.2s; }
.panel-loading, .panel-note { color: var(--muted); font-size: 0.9rem; }
.panel-error {
  background: var(--bad-bg);
  color: var(--bad-ink);
  border-radius: 6px;
  padding: 0.75rem;
}
.panel-error p { margin: 0 0 0.5rem; }
.panel-error .en, .panel-error .panel-note { color: inherit; opacity: 0.8; }

.targets { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.target-head { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
.target-label { font-weight: 600; }
.target-pct { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.target-figures {
  display: flex;
  flex-wrap: wrap;
  justify-content: space-between;
  gap: 0 1rem;
  color: var(--muted);
  font-size: 0.9rem;
  font-variant-numeric: tabular-nums;
}
.target-figures [title] { cursor: help; text-decoration: underline dotted; text-underline-offset: 3px; }

progress {
  appearance: none;
  display: block;
  width: 100%;
  height: 0.6rem;
  margin: 0.35rem 0;
  border: 0;
  border-radius: 999px;
  background: var(--bar);
  color: var(--accent);
  overflow: hidden;
}
progress::-webkit-progress-bar { background: var(--bar); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 999px; }
progress::-moz-progress-bar { background: var(--accent); border-radius: 999px; }
.target--met progress::-webkit-progress-value { background: var(--good); }
.target--met progress::-moz-progress-bar { background: var(--good); }

@media (max-width: 40rem) {
  body { font-size: 14px; }
  .site-nav { margin-left: 0; width: 100%; }
}

/* Charts: server-rendered SVG scaled to the panel, and a data table with the exact figures on hover. */
.chart { margin: 0.5rem 0 0; }
.chart-plot svg { display: block; width: 100%; height: auto; max-height: 60vh; }
.chart-plot svg text { fill: var(--muted); }
.chart-plot svg text[stroke] { stroke: var(--card); }
.chart-data { margin-top: 0.25rem; font-size: 0.85rem; overflow-x: auto; }
.chart-data summary { cursor: pointer; color: var(--muted); }
.chart-data table { border-collapse: collapse; width: 100%; margin-top: 0.5rem; font-variant-numeric: tabular-nums; }
.chart-data caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: 0.25rem; }
.chart-data th, .chart-data td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
.chart-data th[scope="row"] { text-align: left; font-weight: normal; }
.chart-data tfoot th, .chart-data tfoot td { border-bottom: 0; color: var(--muted); }
.chart-data [title], .pledge-summary [title] { cursor: help; text-decoration: underline dotted; text-underline-offset: 3px; }
.pledge-summary p { margin: 0 0 0.25rem; }
.pledge-total { font-size: 1.05rem; font-variant-numeric: tabular-nums; }
.pledge-total strong { font-size: 1.35rem; }
.pledge-pct { font-weight: 600; }

/* Pages: forms, tables, badges (sign-in, targets, audit). */
main > h2 { margin-top: 0; }
.auth-form, .target-form { max-width: 28rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.field { display: grid; gap: 0.25rem; margin: 0 0 0.75rem; }
/* A long option (a measure's name and unit) or a list of parts never widens a target's form past a phone. */
.target-form .field { grid-template-columns: minmax(0, 1fr); }
.target-form .field :is(select, textarea) { max-width: 100%; font: inherit; }
.field label { font-weight: 600; font-size: 0.9rem; }
.field input, .field select, .filters input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: inherit; }
.field--error input, .field input[aria-invalid="true"] { border-color: var(--bad-ink); }
.field-error, .form-error, .form-errors { color: var(--bad-ink); font-size: 0.9rem; }
button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--on-fill); cursor: pointer; }
.signout { display: inline-flex; align-items: center; gap: 0.5rem; margin: 0; }
.signout button { padding: 0.2rem 0.6rem; background: transparent; color: var(--accent); }
.who { color: var(--muted); font-size: 0.9rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0 0 1rem; }
.filters label { display: grid; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); min-width: 0; max-width: 100%; }
.audit, .targets-table { width: 100%; border-collapse: collapse; background: var(--card); font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.audit th, .audit td, .targets-table th, .targets-table td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.audit code { font-size: 0.8rem; word-break: break-all; }
/* A journal entry's content: one field a line, its label before it; the raw JSON behind a disclosure. */
.journal-content { margin: 0; }
.journal-content > div { display: flex; gap: 0.5em; flex-wrap: wrap; }
.journal-content dt { color: var(--muted); }
.journal-content dd { margin: 0; }
.journal-content ol { margin: 0; padding-left: 1.25em; }
.journal-raw summary { cursor: pointer; color: var(--muted); font-size: 0.8rem; }
.pager { color: var(--muted); }
.badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 999px; font-size: 0.8rem; border: 1px solid var(--line); }
.badge--ok, .badge--on-track, .badge--met { color: var(--good); border-color: var(--good); }
.badge--bad, .badge--behind, .badge--no-rate, .badge--below { color: var(--bad-ink); border-color: var(--bad-ink); }
.target-pace { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0; }
@media (max-width: 40rem) {
  .audit, .targets-table { display: block; overflow-x: auto; }
}

/* Where the keyboard is: a visible ring on every focused control, link and scrolling box. */
:focus-visible, :is(input, select, textarea):is(:focus, :focus-within) { outline: 2px solid var(--accent); outline-offset: 2px; }
button:focus-visible { outline-color: var(--ink); }

/* Wide tables on a narrow screen scroll sideways in their own box, their first column held in place. */
:is(.table-scroll, .chart-data) > table tr > :first-child,
:is(.audit, .targets-table) tr > :first-child {
  position: sticky;
  left: 0;
  z-index: 1;
  background: var(--card);
}
/* A phone: a chart keeps its drawn size (labels stay readable) and scrolls sideways in its box. */
@media (max-width: 40rem) {
  /* Names and banks stay whole rather than wrap a character a line; the table scrolls instead. */
  :is(.table-scroll, .chart-data) > table :is(th, td), :is(.audit, .targets-table) :is(th, td) { word-break: keep-all; }
  :is(.table-scroll, .chart-data) > table tr > :first-child,
  :is(.audit, .targets-table) tr > :first-child { word-break: normal; min-width: 4.5em; max-width: 45vw; }
  .chart-plot { overflow-x: auto; }
  .chart-plot svg { width: auto; max-width: none; max-height: none; }
}

/* Equity chain and city fund: figures, fund pages, ledgers and their forms. */
.muted { color: var(--muted); }
.none { color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.money[title], .multiple[title] { cursor: help; text-decoration: underline dotted; text-underline-offset: 3px; text-decoration-color: var(--line); }
.breadcrumbs { margin: -0.25rem 0 0.75rem; font-size: 0.9rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.5rem; margin: 0 0 0.5rem; }
.figure-box { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.45rem 0.6rem; min-width: 0; }
.figure-box dt { font-size: 0.8rem; color: var(--muted); }
.figure-box dt .en { font-size: 0.95em; }
.figure-box dd { margin: 0.1rem 0 0; font-size: 1.1rem; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure-box dd .muted, .figure-box dd .irr-reason { font-size: 0.8rem; font-weight: normal; }
.figures--compact { grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); margin-top: 0.75rem; }
.figures--compact .figure-box dd { font-size: 1rem; }
.irr-reason { color: var(--muted); font-weight: normal; }
.no-rate { color: var(--bad-ink); }
.fund-notes { margin: 0.25rem 0 0; padding-left: 1.25rem; color: var(--muted); font-size: 0.85rem; }
.fund-header { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.fund-name { margin: 0 0 0.5rem; font-size: 1.2rem; }
.fund-name code { font-size: 0.8rem; color: var(--muted); font-weight: normal; }
.fund-facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0; font-size: 0.9rem; }
.fund-facts div { display: flex; gap: 0.4rem; align-items: baseline; }
.fund-facts dt { color: var(--muted); }
.fund-facts dd { margin: 0; }
.fund-sections > section, .fund-sections > .form-notice { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.fund-sections > section > h3 { margin: 0 0 0.5rem; font-size: 1rem; }
.form-notice { color: var(--good); font-weight: 600; }
.fund-sections > .form-notice { border-color: var(--good); }
.table-scroll { overflow-x: auto; }
.fund-table { width: 100%; border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
.fund-table th, .fund-table td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.fund-table thead th { color: var(--muted); font-weight: 600; font-size: 0.8rem; white-space: nowrap; }
.fund-table th.num, .fund-table td.num { text-align: right; }
.fund-table tbody th { font-weight: 600; }
.fund-table code { font-size: 0.75rem; }
.fund-table progress { margin: 0.2rem 0 0; min-width: 5rem; }
.entry--reversed td { color: var(--muted); }
.entry--reversed td:nth-child(4) { text-decoration: line-through; }
.fund-form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 19rem), 1fr)); gap: 0.75rem; align-items: start; }
.fund-form-box { border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
.fund-form-box > summary { cursor: pointer; padding: 0.55rem 0.8rem; font-weight: 600; }
.fund-form-box[open] > summary { border-bottom: 1px solid var(--line); }
.fund-form-box > .fund-form, .fund-form-box > .form-notice, .fund-form-box > .register-enterprise { margin: 0.75rem 0.8rem; }
.fund-form .field input, .fund-form .field select { width: 100%; background: var(--card); }
.fund-form .field--error select { border-color: var(--bad-ink); }
.register-enterprise { border-top: 1px dashed var(--line); padding-top: 0.5rem; }
.register-enterprise > summary { cursor: pointer; color: var(--accent); font-size: 0.9rem; }
.register-enterprise .fund-form { margin-top: 0.5rem; }
.reverse > summary { cursor: pointer; color: var(--accent); font-size: 0.85rem; }
.reverse-form { display: grid; gap: 0.35rem; margin-top: 0.35rem; min-width: 12rem; }
.reverse-form .field { margin: 0; }
.reverse-form button { padding: 0.25rem 0.6rem; background: var(--bad-ink); border-color: var(--bad-ink); }
.filters select { max-width: calc(100vw - 3rem); font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: inherit; }
.chain-steps { list-style: none; display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.5rem; margin: 0 0 0.5rem; padding: 0; counter-reset: stage; }
.chain-steps li { position: relative; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.6rem; }
.chain-steps li + li::before { content: "→"; position: absolute; left: -0.55rem; top: 50%; transform: translate(-50%, -50%); color: var(--muted); }
.chain-stage-name { display: block; font-weight: 600; }
.chain-stage-figures { display: block; color: var(--muted); font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.direct-table { margin-top: 0.5rem; }
.direct-table tr.muted th, .direct-table tr.muted td { color: var(--muted); font-weight: normal; }
@media (max-width: 40rem) {
  .chain-steps li + li::before { content: none; }
}
/* Notifications (提醒): the count, the counts by kind as links, the alerts. */
.alert-kinds { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0.5rem 0; padding: 0; font-size: 0.9rem; }
.alert-kinds a[aria-current="page"] { font-weight: 600; }
.alert-list { margin: 0.5rem 0; padding-left: 1.1rem; font-size: 0.9rem; }
.alert-list li + li { margin-top: 0.3rem; }
.alerts-table { width: 100%; border-collapse: collapse; background: var(--card); font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.alerts-table th, .alerts-table td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
/* The session-expired notice (client/script.ts) and a form's restored values. */
.session-notice { position: sticky; top: 0; z-index: 10; background: var(--bad-bg); color: var(--bad-ink); border-bottom: 1px solid var(--line); padding: 0.6rem 1rem; font-weight: 600; }
.session-notice a { color: inherit; text-decoration: underline; }
.form-restored { color: var(--good); font-weight: 600; }
.reversal-consequences { border-left: 3px solid var(--line); padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
.reversal-consequences ul { margin: 0.25rem 0; padding-left: 1.25rem; }
`
