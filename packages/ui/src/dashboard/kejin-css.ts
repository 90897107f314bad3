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
  --good: #1d8a4e;
  --bad-bg: #fdecec;
  --bad-ink: #9b1c1c;
  --bar: #e4e9f1;
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
.site-header h1 { margin: 0; font-size: 1.25rem; }
.site-header .tagline { color: var(--muted); font-size: 0.9rem; }
.site-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-left: auto; }
.site-nav a { text-decoration: none; }
.site-nav a:hover, .site-nav a:focus-visible { text-decoration: underline; }

main { padding: clamp(0.75rem, 3vw, 2rem); }
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
.field label { font-weight: 600; font-size: 0.9rem; }
.field input, .field select, .filters input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: inherit; }
.field--error input, .field input[aria-invalid="true"] { border-color: var(--bad-ink); }
.field-error, .form-error, .form-errors { color: var(--bad-ink); font-size: 0.9rem; }
button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
.signout { display: inline-flex; align-items: center; gap: 0.5rem; margin: 0; }
.signout button { padding: 0.2rem 0.6rem; background: transparent; color: var(--accent); }
.who { color: var(--muted); font-size: 0.9rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0 0 1rem; }
.filters label { display: grid; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); }
.audit, .targets-table { width: 100%; border-collapse: collapse; background: var(--card); font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.audit th, .audit td, .targets-table th, .targets-table td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.audit code { font-size: 0.8rem; word-break: break-all; }
.pager { color: var(--muted); }
.badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 999px; font-size: 0.8rem; border: 1px solid var(--line); }
.badge--ok, .badge--on-track, .badge--met { color: var(--good); border-color: var(--good); }
.badge--bad, .badge--behind, .badge--no-rate { color: var(--bad-ink); border-color: var(--bad-ink); }
.target-pace { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0; }
@media (max-width: 40rem) {
  .audit, .targets-table { display: block; overflow-x: auto; }
}
`
