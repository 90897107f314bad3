/*
 * The dashboard's own script (served as /assets/kejin.js beside htmx, so the CSP needs no inline script).
 * What it does is small and about calm:
 *
 * - An expired session never destroys what is on screen: htmx does not swap a 401 (the `noSwap` of the
 *   page's htmx config), and this script shows the page's hidden notice with a link to sign in again and
 *   come back here. A form posted then keeps what was typed: its values go to `sessionStorage` under the
 *   page's address and the form's id; back on the page after signing in, they are put back into the form
 *   (opened, with a note to check and send it). Nothing is ever sent again by itself.
 * - A panel's periodic refresh does not collapse an open `<details>` (a data table under a chart) nor
 *   reset a form someone is filling in: a panel with a changed field or the focus inside keeps its
 *   content until the next refresh, and the disclosures open before a refresh are open after it.
 * - A panel whose body arrived rendered (no loading placeholder) is not fetched again at once on `load`.
 * - A confirmation in a disclosure (`<details data-dialog>`, the reversal) closes with its cancel button
 *   (`data-close-details`) or Escape, and the focus goes back to its summary.
 */
export const kejinScript = `(() => {
  "use strict";
  const KEY = "kejin-form:";
  const here = () => location.pathname + location.search;
  const notice = () => document.getElementById("session-expired");

  const showExpired = () => {
    const box = notice();
    if (box === null) return;
    const link = box.querySelector("a[data-sign-in]");
    if (link !== null) {
      const url = new URL(link.getAttribute("href") || "/login", location.href);
      url.searchParams.set("next", here());
      url.searchParams.set("expired", "1");
      link.setAttribute("href", url.pathname + url.search);
    }
    if (box.hidden) {
      box.hidden = false;
      box.focus({ preventScroll: true });
    }
  };

  const formOf = (elt) => (elt instanceof HTMLFormElement ? elt : elt && elt.closest ? elt.closest("form") : null);

  const keep = (form) => {
    if (form === null || form.id === "") return;
    const values = [];
    for (const field of form.elements) {
      if (!field.name || field.name === "_csrf" || field.disabled) continue;
      if (field.type === "file" || field.type === "submit" || field.type === "button") continue;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
      if (field.type === "hidden") continue;
      values.push([field.name, field.value]);
    }
    try {
      sessionStorage.setItem(KEY + here() + "#" + form.id, JSON.stringify(values));
    } catch (_) {
      /* private mode or full: nothing kept */
    }
  };

  const restore = () => {
    const prefix = KEY + here() + "#";
    const keys = [];
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key !== null && key.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) {
      const form = document.getElementById(key.slice(prefix.length));
      if (!(form instanceof HTMLFormElement)) continue;
      let values;
      try {
        values = JSON.parse(sessionStorage.getItem(key) || "[]");
      } catch (_) {
        values = [];
      }
      sessionStorage.removeItem(key);
      for (const [name, value] of values) {
        for (const field of form.querySelectorAll("[name]")) {
          if (field.name !== name) continue;
          if (field.type === "checkbox" || field.type === "radio") {
            if (field.value === value) field.checked = true;
          } else {
            field.value = value;
          }
        }
      }
      for (let box = form.closest("details"); box !== null; box = box.parentElement.closest("details")) box.open = true;
      const text = notice()?.dataset.restoredText;
      if (text) {
        const note = document.createElement("p");
        note.className = "form-restored";
        note.setAttribute("role", "status");
        note.textContent = text;
        form.prepend(note);
      }
    }
  };

  // ── panels ───────────────────────────────────────────────────────────────────────────────────────
  const panelOf = (ctx) => {
    const target = ctx && ctx.target;
    return target instanceof Element && target.classList.contains("panel-body") && ctx.sourceElement === target
      ? target
      : null;
  };
  const busy = (panel) => {
    const active = document.activeElement;
    if (active !== null && active !== panel && panel.contains(active) && active.matches("input, select, textarea")) return true;
    for (const field of panel.querySelectorAll("input, select, textarea")) {
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) return true;
      } else if (field.tagName === "SELECT") {
        for (const option of field.options) if (option.selected !== option.defaultSelected) return true;
      } else if (field.value !== field.defaultValue) return true;
    }
    return false;
  };
  const detailsKey = (details, index) => details.id || details.dataset.key || index + ":" + (details.querySelector("summary")?.textContent || "").trim();
  const openDetails = new WeakMap();

  document.addEventListener("htmx:before:request", (event) => {
    const ctx = event.detail.ctx;
    const panel = panelOf(ctx);
    if (panel === null) return;
    // Rendered already: the first "load" has nothing to add.
    if (ctx.sourceEvent && ctx.sourceEvent.type === "load" && panel.querySelector(".panel-loading") === null && panel.childElementCount > 0) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:after:request", (event) => {
    const ctx = event.detail.ctx;
    if (!ctx.response || ctx.response.status !== 401) return;
    const form = formOf(ctx.sourceElement);
    if (form !== null && ctx.request && ctx.request.method !== "GET") keep(form);
    showExpired();
  });

  document.addEventListener("htmx:before:swap", (event) => {
    const ctx = event.detail.ctx;
    const panel = panelOf(ctx);
    if (panel === null) return;
    if (ctx.response && ctx.response.status === 200) {
      const box = notice();
      if (box !== null && !box.hidden && ctx.request && ctx.request.method === "GET") box.hidden = true;
    }
    if (busy(panel)) {
      event.preventDefault();
      return;
    }
    const open = new Set();
    panel.querySelectorAll("details").forEach((details, index) => {
      if (details.open) open.add(detailsKey(details, index));
    });
    openDetails.set(panel, open);
  });

  document.addEventListener("htmx:after:swap", (event) => {
    const panel = panelOf(event.detail.ctx);
    if (panel === null) return;
    const open = openDetails.get(panel);
    if (open === undefined || open.size === 0) return;
    panel.querySelectorAll("details").forEach((details, index) => {
      if (open.has(detailsKey(details, index))) details.open = true;
    });
  });

  // ── confirmations ────────────────────────────────────────────────────────────────────────────────
  const closeDetails = (details) => {
    details.open = false;
    details.querySelector("summary")?.focus();
  };
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-close-details]") : null;
    const details = button?.closest("details");
    if (details) {
      event.preventDefault();
      closeDetails(details);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !(event.target instanceof Element)) return;
    const details = event.target.closest("details[data-dialog][open]");
    if (details) {
      event.preventDefault();
      closeDetails(details);
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
`
