// ajuda serve: live reload and the diagnostics overlay. Injected only while serving.
(() => {
  "use strict";
  // The build this page comes from: a newer one by the time the socket opens reloads it.
  const loadedAt = Number((document.currentScript && document.currentScript.dataset.generation) || 0);
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch (_) {
      return s;
    }
  };
  // Addresses compared decoded: the browser and the site may encode them differently.
  const here = () => {
    let p = decode(location.pathname);
    if (p.endsWith("/index.html")) p = p.slice(0, -"index.html".length);
    return p;
  };
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch (_) {
      return null;
    }
  })();
  const scrollKey = "ajuda-scroll:" + location.pathname;
  const saved = storage && storage.getItem(scrollKey);
  if (saved !== null && saved !== undefined) {
    storage.removeItem(scrollKey);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  const reload = () => {
    if (storage) storage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  };

  const swapCss = (generation) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("ajuda-live", String(generation));
      const next = link.cloneNode();
      next.href = url.toString();
      next.addEventListener("load", () => link.remove());
      link.after(next);
    }
  };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const markLinks = (list) => {
    for (const a of document.querySelectorAll("[data-ajuda-broken]")) {
      a.removeAttribute("data-ajuda-broken");
      a.style.removeProperty("outline");
    }
    const mark = (e) => {
      e.setAttribute("data-ajuda-broken", "");
      e.style.outline = "2px dashed #c62828";
    };
    // A link that goes nowhere is written as its text in a `.broken-link` span.
    document.querySelectorAll(".broken-link").forEach(mark);
    const targets = new Set(list.filter((d) => d.target).map((d) => d.target));
    // A missing anchor on a page that exists: the link's address was rewritten, its `#anchor`
    // was not.
    const anchors = new Set(
      list
        .filter((d) => d.target && /anchor|case-mismatch/.test(d.kind) && d.target.includes("#"))
        .map((d) => d.target.slice(d.target.indexOf("#")))
    );
    if (!targets.size) return;
    for (const a of document.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      const hash = href.includes("#") ? href.slice(href.indexOf("#")) : "";
      if (targets.has(href) || (hash && anchors.has(hash))) mark(a);
    }
  };

  const show = (list) => {
    let box = document.getElementById("ajuda-overlay");
    markLinks(list);
    const shown = list.filter((d) => d.severity !== "note");
    if (!shown.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = el("div");
      box.id = "ajuda-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;z-index:2147483647;" +
        "background:#1e1e1e;color:#f0f0f0;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;" +
        "padding:.75rem 1rem;border-left:4px solid #e53935;border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,.4)";
      const close = el("button", "", "×");
      close.setAttribute("aria-label", "Hide");
      close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:18px;cursor:pointer";
      close.addEventListener("click", () => (box.style.display = "none"));
      box.append(close, el("div", "ajuda-overlay-list"));
      document.body.append(box);
    }
    box.style.display = "";
    const inner = box.querySelector(".ajuda-overlay-list");
    inner.replaceChildren(
      ...shown.map((d) => {
        const row = el("div", "ajuda-diagnostic");
        row.style.margin = ".35rem 0";
        const where = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
        const head = el("div", "", `${d.severity}[${d.kind}] ${where}`);
        head.style.color = d.severity === "error" ? "#ff8a80" : "#ffd180";
        row.append(head, el("div", "ajuda-message", d.message));
        if (d.suggestion) row.append(el("div", "ajuda-suggestion", "hint: " + d.suggestion));
        return row;
      })
    );
  };

  const refresh = () =>
    fetch("/__ajuda/diagnostics?path=" + encodeURIComponent(here()), { cache: "no-store" })
      .then((r) => r.json())
      .then(show)
      .catch(() => {});

  let generation = null;
  let boot = null;
  const connect = () => {
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__ajuda/ws");
    // Where this page is and which build it comes from: the server says if it was rebuilt.
    ws.onopen = () => ws.send(JSON.stringify({ page: location.pathname, generation: loadedAt }));
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === "hello") {
        // A server restarted (or rebuilt while away): show what it has now.
        // Another server process (a restart): what it serves may differ.
        if (boot !== null && m.boot !== boot) return reload();
        boot = m.boot;
        generation = m.generation;
        state.connected = true;
        refresh();
        return;
      }
      generation = m.generation;
      if (m.type === "reload" && m.css) swapCss(m.generation);
      else if (m.type === "reload" && (!m.pages || m.pages.map(decode).includes(here()))) return reload();
      refresh();
    };
    ws.onclose = () => {
      state.connected = false;
      setTimeout(connect, 300);
    };
  };
  const state = { refresh, connected: false };
  window.__ajudaLive = state;
  connect();
})();
