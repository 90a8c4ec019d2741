#!/usr/bin/env bash
# The top results of queries on a built site, as its readers get them: headless Chromium runs
# each query through the locale's Pagefind bundle (the search box's own call) and prints the
# first N result URLs. For comparing an index change's rankings with the previous build's.
#
#   bench/search-top.sh OUTPUT [LOCALE:QUERY ...]
#       default queries: pt-br:fatura pt-br:cobrança zh-cn:发票 zh-cn:计费
#   TOP=N (default 5) results per query.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=${1:?usage: bench/search-top.sh OUTPUT [LOCALE:QUERY ...]}
shift
QUERIES=("$@")
[[ ${#QUERIES[@]} -gt 0 ]] || QUERIES=(pt-br:fatura pt-br:cobrança zh-cn:发票 zh-cn:计费)
TOP=${TOP:-5}
source bench/lib.sh
command -v "$CHROMIUM" >/dev/null || { echo "search-top: $CHROMIUM is needed (Debian: chromium)" >&2; exit 1; }

port=$(free_port)
serve_static "$out" "$port"
trap 'kill $server 2>/dev/null || true; rm -f "$out"/ajuda-top-*.html' EXIT

i=0
for lq in "${QUERIES[@]}"; do
    locale=${lq%%:*}
    query=${lq#*:}
    i=$((i + 1))
    cat >"$out/ajuda-top-$i.html" <<HTML
<!DOCTYPE html><html lang="$locale"><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script type="module">
const pf = await import("/pagefind/$locale/pagefind.js");
await pf.options({ baseUrl: "/" });
const r = await pf.search(decodeURIComponent("$(uri_escaped "$query")"));
const top = await Promise.all(r.results.slice(0, $TOP).map(x => x.data()));
document.getElementById("out").textContent = "TOP " + r.results.length + " " + top.map(d => d.url).join(" ");
</script></body></html>
HTML
    line=$(dom_match "http://127.0.0.1:$port/ajuda-top-$i.html" 'TOP [0-9][^<]*')
    echo "$locale $query: ${line:-failed}"
done
