/** The docs page's stylesheet, served beside it (`/api/docs.css`): a CSP without inline styles allows it. */
export const docsCss = `
:root {
  --bg: #f5f6f8;
  --card: #ffffff;
  --ink: #1d2433;
  --muted: #5f6b7d;
  --line: #dde2ea;
  --accent: #1f5fbf;
  --code-bg: #eef1f6;
  --ok: #187a44;
  --fail: #b3261e;
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
    --code-bg: #232b37;
    --ok: #4cc38a;
    --fail: #f3b1b1;
  }
}
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0 auto;
  max-width: 72rem;
  padding: 1rem 1.25rem 4rem;
  background: var(--bg);
  color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", sans-serif;
}
a { color: var(--accent); }
h1 span[lang="en"] { color: var(--muted); font-weight: 400; font-size: 0.7em; margin-left: 0.4em; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
nav h2 { margin-top: 1.25rem; font-size: 1.05rem; border: 0; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav li { margin: 0.2rem 0; }
code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 0.9em; }
code { background: var(--code-bg); padding: 0.05em 0.3em; border-radius: 3px; }
pre {
  background: var(--code-bg);
  padding: 0.75rem 1rem;
  border-radius: 6px;
  overflow-x: auto;
  line-height: 1.4;
}
pre code { background: none; padding: 0; }
.operation, .schema, #authentication {
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: 0.25rem 1.25rem 1rem;
  margin: 1.25rem 0;
}
.operation h3 code { background: none; font-size: 1.05em; }
.summary { font-weight: 600; }
.method {
  display: inline-block;
  min-width: 3.6em;
  text-align: center;
  border-radius: 4px;
  padding: 0.05em 0.4em;
  font: 700 0.8em/1.6 ui-monospace, Menlo, Consolas, monospace;
  color: #fff;
  background: #5f6b7d;
}
.method-get { background: #1f6fbf; }
.method-post { background: #187a44; }
.method-patch { background: #8f5600; }
.status { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700; }
.status-2xx { color: var(--ok); }
.status-4xx, .status-5xx { color: var(--fail); }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
details { margin: 0.25rem 0; }
summary { cursor: pointer; color: var(--muted); }
h5 { font-size: 1rem; margin: 1rem 0 0.25rem; }
`
