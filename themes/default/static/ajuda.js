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

  // Language menu: the same page in the chosen language, at the same place (DocFX repos share
  // explicit anchors across translations), and the choice remembered for the site's root.
  each(".lang-menu a[hreflang]", function (a) {
    a.addEventListener("click", function () {
      try { localStorage.setItem("ajuda-locale", a.getAttribute("hreflang")); } catch (_) {}
      if (location.hash.length > 1 && a.hasAttribute("data-same-page") && a.getAttribute("href").indexOf("#") < 0) {
        a.setAttribute("href", a.getAttribute("href") + location.hash);
        try { sessionStorage.setItem("ajuda-switch-hash", location.hash); } catch (_) {}
      }
    });
  });
  // Arrived from the menu with a #fragment this translation does not have: drop it.
  (function () {
    var h = null;
    try { h = sessionStorage.getItem("ajuda-switch-hash"); sessionStorage.removeItem("ajuda-switch-hash"); } catch (_) {}
    if (!h || h !== location.hash) return;
    var id = h.slice(1);
    try { id = decodeURIComponent(id); } catch (_) {}
    if (!d.getElementById(id) && !d.getElementsByName(id).length && w.history && history.replaceState) history.replaceState(null, "", location.pathname + location.search);
  })();

  // Language menu: close on outside click or Escape.
  d.addEventListener("click", function (ev) {
    each(".lang-menu[open]", function (m) { if (!m.contains(ev.target)) m.open = false; });
  });
  d.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") each(".lang-menu[open]", function (m) { m.open = false; m.firstElementChild.focus(); });
  });

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
