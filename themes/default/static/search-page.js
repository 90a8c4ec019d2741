/* ajuda default theme: the search page (`/<prefix>/search/?q=`), over what ajuda.js shares. */
(function () {
  "use strict";
  var d = document, b = d.body, a = window.ajuda, sp = d.querySelector("div[data-search-page]");
  if (!a || !sp || !b.dataset.searchBundle) return;
  var pagefind = a.pagefind, esc = a.esc, counted = a.counted, resultHtml = a.resultHtml, send = a.send;
  // Whether a result holds every word of the query as a word (or a form of it: Pagefind's
  // stems, "senha" for "senhas"), not only a short prefix Pagefind fell back to ("ou" for
  // "Outlook"). Chinese and Japanese words are matched as they are written.
  var CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  function wholeWords(q, text) {
    var words = (text || "").toLowerCase().split(/[^\p{L}\p{N}]+/u), lower = (text || "").toLowerCase();
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).every(function (t) {
      if (CJK.test(t)) return lower.indexOf(t) >= 0;
      var need = Math.max(Math.min(t.length, 4), t.length - 3);
      return words.some(function (w) {
        var i = 0;
        while (i < w.length && i < t.length && w[i] === t[i]) i++;
        return i >= need;
      });
    });
  }
  // The query, filters and page number are in the address (shareable).
  var params = new URLSearchParams(location.search), q = (params.get("q") || "").trim(),
    at = Math.max(1, parseInt(params.get("page") || "1", 10) || 1), PER = 10,
    chosen = { category: params.get("category") || "", product: params.get("product") || "" },
    input = d.getElementById("search-q"), list = sp.querySelector(".search-page-results"),
    summary = sp.querySelector(".search-summary"), pager = sp.querySelector(".search-pager"),
    empty = sp.querySelector(".search-empty"), filters = sp.querySelector(".search-filters");
  if (input) input.value = q;
  if (!q) { if (input) input.focus(); return; }
  function address(over) {
    var p = new URLSearchParams(), k, v = Object.assign({ q: q, page: 1 }, chosen, over);
    for (k in v) if (v[k] && !(k === "page" && v[k] === 1)) p.set(k, v[k]);
    return location.pathname + "?" + p.toString();
  }
  function filterSelect(name, label, counts) {
    var keys = Object.keys(counts || {}).filter(function (k) { return counts[k] > 0 || k === chosen[name]; }).sort();
    if (keys.length < 2 && !chosen[name]) return "";
    return '<label>' + esc(label) + ' <select data-filter="' + name + '"><option value="">' + esc(sp.dataset.filterAll) + "</option>" +
      keys.map(function (k) { return '<option value="' + esc(k) + '"' + (k === chosen[name] ? " selected" : "") + ">" + esc(k) + " (" + counts[k] + ")</option>"; }).join("") + "</select></label>";
  }
  // Filters apply to the best 100 matches here, so their counts and the results agree.
  pagefind().then(function (m) {
    return m.search(q);
  }).then(function (r) {
    return Promise.all(r.results.slice(0, 100).map(function (x) { return x.data(); }));
  }).then(function (rows) {
    var whole = [], rest = [], shown, pages, counts = { category: {}, product: {} };
    function has(x, k) { return !chosen[k] || ((x.filters || {})[k] || []).indexOf(chosen[k]) >= 0; }
    rows.forEach(function (x) {
      var w = wholeWords(q, x.content);
      if (w) ["category", "product"].forEach(function (k) {
        var other = k === "category" ? "product" : "category";
        if (has(x, other)) ((x.filters || {})[k] || []).forEach(function (v) { counts[k][v] = (counts[k][v] || 0) + 1; });
      });
      if (has(x, "category") && has(x, "product")) (w ? whole : rest).push(x);
    });
    filters.innerHTML = filterSelect("category", sp.dataset.filterCategory, counts.category) + filterSelect("product", sp.dataset.filterProduct, counts.product);
    filters.hidden = !filters.innerHTML;
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { chosen[s.dataset.filter] = s.value; location.href = address({}); });
    });
    if (!whole.length) {
      summary.textContent = (b.dataset.searchNone || "No results for") + " " + q;
      empty.hidden = false;
      send("search", { query: q, locale: d.documentElement.lang, results: 0, url: location.pathname });
      return;
    }
    shown = whole.concat(rest);
    pages = Math.ceil(shown.length / PER);
    at = Math.min(at, pages);
    summary.textContent = counted(whole.length);
    list.innerHTML = shown.slice((at - 1) * PER, at * PER).map(function (x) {
      var html = resultHtml(x);
      return x.meta.product ? html.replace("</span>", '</span><span class="search-product">' + esc(x.meta.product) + "</span>") : html;
    }).join("");
    if (pages > 1) {
      pager.innerHTML = (at > 1 ? '<a rel="prev" href="' + esc(address({ page: at - 1 })) + '">' + esc(sp.dataset.previous) + "</a> " : "") +
        '<span aria-current="page">' + at + " / " + pages + "</span>" +
        (at < pages ? ' <a rel="next" href="' + esc(address({ page: at + 1 })) + '">' + esc(sp.dataset.next) + "</a>" : "");
      pager.hidden = false;
    }
  }).catch(function () {});
})();

