/* ajuda default theme: optional enhancements; pages work without it. */
(function () {
  "use strict";
  var d = document, w = window, b = d.body, KEY = "ajuda-tab";
  function each(s, f) { d.querySelectorAll(s).forEach(f); }

  // Copy buttons; labels from <body data-copy data-copied>.
  if (navigator.clipboard) each(".code-block", function (blk) {
    var btn = d.createElement("button"), code = blk.querySelector("code") || blk, t, c = b.dataset.copy || "Copy";
    btn.type = "button";
    btn.className = "copy-btn";
    btn.textContent = c;
    btn.setAttribute("aria-live", "polite");
    btn.onclick = function () {
      navigator.clipboard.writeText(code.textContent.replace(/\n$/, "")).then(function () {
        btn.textContent = b.dataset.copied;
        btn.classList.add("done");
        clearTimeout(t);
        t = setTimeout(function () { btn.textContent = c; btn.classList.remove("done"); }, 2000);
      });
    };
    blk.classList.add("has-copy");
    blk.appendChild(btn);
  });

  // Tabs: sync groups by data-tab, remember the choice.
  function pick(id, except) {
    each(".tab-panel[data-tab]", function (p) {
      var r = p.previousElementSibling && p.previousElementSibling.previousElementSibling;
      if (p.dataset.tab === id && r && r !== except && r.classList.contains("tab-radio")) r.checked = true;
    });
  }
  d.addEventListener("change", function (e) {
    var r = e.target, l = r.nextElementSibling, p = l && l.nextElementSibling, y;
    if (!r.classList.contains("tab-radio") || !p || !p.dataset.tab) return;
    y = l.getBoundingClientRect().top;
    pick(p.dataset.tab, r);
    w.scrollBy(0, l.getBoundingClientRect().top - y);
    try { localStorage.setItem(KEY, p.dataset.tab); } catch (_) {}
  });
  try { if (localStorage.getItem(KEY)) pick(localStorage.getItem(KEY)); } catch (_) {}

  // Nav: open the current page's branches, scroll to it; open the drawer on wide screens
  // where CSS can't (no ::details-content). A big TOC comes as a local view plus the URL of
  // the full tree (data-toc-src), swapped in here.
  var side = d.querySelector(".sidebar"), dr = d.querySelector(".nav-drawer"),
    mq = w.matchMedia("(min-width: 768px)"), loc = d.querySelector(".site-nav [data-toc-src]");
  function mark() {
    var cur = d.querySelector(".site-nav [aria-current=page]"), e;
    for (e = cur && cur.parentElement; e && e !== dr; e = e.parentElement) if (e.tagName === "DETAILS") e.open = true;
    if (cur && side && side.scrollHeight > side.clientHeight) {
      e = cur.getBoundingClientRect().top - side.getBoundingClientRect().top;
      if (e > side.clientHeight * 0.8) side.scrollTop += e - side.clientHeight / 3;
    }
  }
  function wide() { if (mq.matches) dr.open = true; }
  if (dr && !(w.CSS && CSS.supports("selector(::details-content)"))) {
    wide();
    if (mq.addEventListener) mq.addEventListener("change", wide);
  }
  mark();
  if (loc && w.fetch) fetch(loc.getAttribute("data-toc-src")).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
    if (!html) return;
    var t = d.createElement("template"), a;
    t.innerHTML = html;
    a = t.content.querySelector('a[href="' + location.pathname + '"]');
    if (a) a.setAttribute("aria-current", "page");
    loc.replaceWith(t.content);
    mark();
  }).catch(function () {});

  // Search, over Pagefind's JS API (the index is in the output, per language; nothing is
  // loaded until the reader searches). The header box lists results as the reader types (a
  // combobox: arrows move, Enter opens one, Enter alone goes to the search page); the search
  // page (`/<prefix>/search/?q=`) ranks whole words first, filters and pages its results.
  var bundle = b.dataset.searchBundle, pf = null, searchPageUrl = b.dataset.searchUrl;
  function pagefind() {
    if (!pf) pf = import(bundle + "pagefind.js").then(function (m) {
      return m.options({ baseUrl: "/", excerptLength: 24 }).then(function () { return m; });
    });
    return pf;
  }
  function esc(t) { var e = d.createElement("span"); e.textContent = t == null ? "" : t; return e.innerHTML; }
  // "N results", by the locale's plural rules (the theme's `search-count` variants).
  function counted(n) {
    var forms = {}, lang = d.documentElement.lang, key = "other";
    try { forms = JSON.parse(b.dataset.searchCount || "{}"); } catch (_) {}
    try { key = new Intl.PluralRules(lang).select(n); } catch (_) {}
    return (forms["=" + n] || forms[key] || forms.other || "{n}").replace("{n}", n);
  }
  function resultHtml(x, id) {
    var crumb = x.meta.breadcrumb ? '<span class="search-crumb">' + esc(x.meta.breadcrumb) + "</span>" : "";
    return '<li' + (id ? ' id="' + id + '" role="option"' : "") + '><a href="' + esc(x.url) + '"' + (id ? ' tabindex="-1"' : "") + '><span class="search-title">' + esc(x.meta.title || x.url) + "</span>" + crumb + '<span class="search-excerpt">' + x.excerpt + "</span></a></li>";
  }
  if (bundle) each("[data-search]", function (box, n) {
    var input = d.createElement("input"), list = d.createElement("ul"), status = d.createElement("p"), seq = 0, timer, active = -1, lid = "search-results-" + n;
    input.type = "search";
    input.placeholder = b.dataset.searchLabel || "Search";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", lid);
    input.setAttribute("enterkeyhint", "search");
    input.autocomplete = "off";
    list.id = lid;
    list.className = "search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.placeholder);
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.append(input, list, status);
    function open(yes) { list.hidden = !yes; input.setAttribute("aria-expanded", yes ? "true" : "false"); box.classList.toggle("is-open", yes); if (!yes) pick(-1); }
    function options() { return [].slice.call(list.querySelectorAll("[role=option]")); }
    function pick(i) {
      var o = options();
      o.forEach(function (e, j) { e.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && o[i]) { input.setAttribute("aria-activedescendant", o[i].id); o[i].scrollIntoView({ block: "nearest" }); }
      else input.removeAttribute("aria-activedescendant");
    }
    function show(q) {
      var mine = ++seq;
      if (!q.trim()) { list.innerHTML = ""; open(false); return; }
      pagefind().then(function (m) { return m.search(q); }).then(function (r) {
        return Promise.all(r.results.slice(0, 8).map(function (x) { return x.data(); })).then(function (rows) { return [rows, r.results.length]; });
      }).then(function (got) {
        var rows = got[0], total = got[1];
        if (mine !== seq) return;
        list.innerHTML = rows.length ? rows.map(function (x, i) { return resultHtml(x, lid + "-" + i); }).join("") +
          (searchPageUrl ? '<li id="' + lid + '-all" role="option" class="search-all"><a tabindex="-1" href="' + esc(searchPageUrl + "?q=" + encodeURIComponent(q)) + '">' + esc(b.dataset.searchAll || "See all results") + "</a></li>" : "")
          : '<li class="search-none" role="presentation">' + esc((b.dataset.searchNone || "No results for") + " " + q) + "</li>";
        open(true);
        pick(-1);
        status.textContent = counted(total);
      }).catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { show(input.value); }, 120); });
    input.addEventListener("focus", pagefind, { once: true });
    input.addEventListener("keydown", function (ev) {
      var o = options();
      if (ev.key === "ArrowDown" && o.length) { ev.preventDefault(); if (list.hidden) open(true); pick(Math.min(active + 1, o.length - 1)); }
      else if (ev.key === "ArrowUp" && o.length) { ev.preventDefault(); pick(active <= 0 ? -1 : active - 1); }
      else if (ev.key === "Escape") { open(false); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (active >= 0 && o[active]) location.href = o[active].querySelector("a").href;
        else if (searchPageUrl && input.value.trim()) location.href = searchPageUrl + "?q=" + encodeURIComponent(input.value.trim());
      }
    });
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    d.addEventListener("click", function (ev) { if (!box.contains(ev.target)) open(false); });
  });

  // Language menu: the same page in the chosen language, at the same place, and the choice
  // remembered for the site's root. DocFX translations often share explicit anchors; when the
  // other page lacks the anchor, the heading at the same position is the place, if both pages
  // have the same outline (levels of their headings), else its top.
  function outline() {
    return [].slice.call(d.querySelectorAll(".content h2[id], .content h3[id]"));
  }
  each(".lang-menu a[hreflang]", function (a) {
    a.addEventListener("click", function () {
      try { localStorage.setItem("ajuda-locale", a.getAttribute("hreflang")); } catch (_) {}
      if (location.hash.length > 1 && a.hasAttribute("data-same-page") && a.getAttribute("href").indexOf("#") < 0) {
        var hs = outline(), id = location.hash.slice(1), at;
        try { id = decodeURIComponent(id); } catch (_) {}
        at = hs.map(function (h) { return h.id; }).indexOf(id);
        a.setAttribute("href", a.getAttribute("href") + location.hash);
        try {
          sessionStorage.setItem("ajuda-switch-hash", JSON.stringify({
            hash: location.hash, at: at, outline: hs.map(function (h) { return h.tagName; }).join(",")
          }));
        } catch (_) {}
      }
    });
  });
  // Arrived from the menu with a #fragment this translation does not have: the heading at the
  // same position when the outlines match, else the top of the page.
  (function () {
    var s = null, id, hs;
    try { s = JSON.parse(sessionStorage.getItem("ajuda-switch-hash")); sessionStorage.removeItem("ajuda-switch-hash"); } catch (_) {}
    if (!s || s.hash !== location.hash) return;
    id = s.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (_) {}
    if (d.getElementById(id) || d.getElementsByName(id).length || !(w.history && history.replaceState)) return;
    hs = outline();
    if (s.at >= 0 && hs.map(function (h) { return h.tagName; }).join(",") === s.outline && hs[s.at]) {
      history.replaceState(null, "", location.pathname + location.search + "#" + encodeURIComponent(hs[s.at].id));
      hs[s.at].scrollIntoView();
    } else {
      history.replaceState(null, "", location.pathname + location.search);
      w.scrollTo(0, 0);
    }
  })();

  // Language menu: close on outside click or Escape.
  d.addEventListener("click", function (ev) {
    each(".lang-menu[open]", function (m) { if (!m.contains(ev.target)) m.open = false; });
  });
  d.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") each(".lang-menu[open]", function (m) { m.open = false; m.firstElementChild.focus(); });
  });

  // Feedback and unanswered searches: an `ajuda:<kind>` event on document for the site to
  // hook, and, with `[feedback] endpoint`, a POST of the same as JSON in a text/plain body
  // (a beacon: no CORS preflight, and it survives leaving the page).
  var endpoint = b.dataset.feedback;
  function send(kind, detail) {
    d.dispatchEvent(new CustomEvent("ajuda:" + kind, { detail: detail }));
    if (!endpoint) return;
    var body = JSON.stringify(Object.assign({ type: kind }, detail));
    try { if (navigator.sendBeacon && navigator.sendBeacon(endpoint, new Blob([body], { type: "text/plain" }))) return; } catch (_) {}
    if (w.fetch) fetch(endpoint, { method: "POST", body: body, keepalive: true, mode: "no-cors", headers: { "Content-Type": "text/plain" } }).catch(function () {});
  }
  // What the search page script (`search-page.js`) shares with this one.
  w.ajuda = { pagefind: pagefind, esc: esc, counted: counted, resultHtml: resultHtml, send: send };

  // "Was this helpful?": "Yes" records the vote; "No" records it and asks why (a reason, an
  // optional comment), then points to the request flow when the page has one. The vote is
  // remembered per page; the question stays hidden without JavaScript, where it could not work.
  each(".support", function (s) {
    var fb = s.querySelector(".feedback"), why = s.querySelector(".feedback-reasons"), thanks = s.querySelector(".feedback-thanks"),
      key = "ajuda-vote:" + s.dataset.locale + ":" + s.dataset.page, prev = null,
      base = { page: s.dataset.page, locale: s.dataset.locale, url: location.pathname };
    if (!fb || !why || !thanks) return;
    function done() { fb.hidden = true; why.hidden = true; thanks.hidden = false; }
    try { prev = localStorage.getItem(key); } catch (_) {}
    if (prev) { done(); return; }
    fb.hidden = false;
    fb.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-helpful]"), yes;
      if (!btn) return;
      yes = btn.getAttribute("data-helpful") === "true";
      try { localStorage.setItem(key, yes ? "yes" : "no"); } catch (_) {}
      send("feedback", Object.assign({ helpful: yes }, base));
      if (yes) return done();
      fb.hidden = true;
      why.hidden = false;
      why.querySelector("input").focus();
    });
    why.addEventListener("submit", function (ev) {
      var r = why.querySelector("input[name=reason]:checked"), c = why.querySelector("textarea").value.trim(), flow = s.querySelector(".support-flow");
      ev.preventDefault();
      send("feedback", Object.assign({ helpful: false, reason: r ? r.value : null, comment: c || null }, base));
      done();
      if (flow) { flow.classList.add("is-suggested"); flow.focus(); }
    });
  });

  // On-page TOC: closed on phones (as served), open from 900px where CSS cannot open it
  // (no ::details-content), following the screen; there its title is not a toggle.
  var ptoc = d.querySelector(".page-toc-box"), tmq = w.matchMedia("(min-width: 900px)");
  function tocFit() { ptoc.open = tmq.matches; }
  if (ptoc) {
    tocFit();
    if (tmq.addEventListener) tmq.addEventListener("change", tocFit);
    ptoc.firstElementChild.addEventListener("click", function (ev) { if (tmq.matches) ev.preventDefault(); });
  }

  // On-page TOC: mark the section being read.
  var heads = [], active;
  each(".page-toc a[href^='#']", function (a) {
    var id = a.getAttribute("href").slice(1);
    try { id = decodeURIComponent(id); } catch (_) {}
    if (d.getElementById(id)) heads.push([d.getElementById(id), a]);
  });
  if (!heads.length || !w.IntersectionObserver) return;
  function update() {
    var now = null, i;
    for (i = 0; i < heads.length && heads[i][0].getBoundingClientRect().top <= innerHeight * 0.3; i++) now = heads[i][1];
    if (now === active) return;
    if (active) active.classList.remove("is-active");
    if (now) now.classList.add("is-active");
    active = now;
  }
  var io = new IntersectionObserver(update, { rootMargin: "0px 0px -70% 0px" });
  heads.forEach(function (h) { io.observe(h[0]); });
  w.addEventListener("hashchange", update);
  w.addEventListener("scrollend", update);
  update();
})();
