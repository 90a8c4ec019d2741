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
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
command -v "$CHROMIUM" >/dev/null || { echo "search-top: $CHROMIUM is needed (Debian: chromium)" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$out"/ajuda-top-*.html' EXIT
sleep 1

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
const r = await pf.search(decodeURIComponent("$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")"));
const top = await Promise.all(r.results.slice(0, $TOP).map(x => x.data()));
document.getElementById("out").textContent = "TOP " + r.results.length + " " + top.map(d => d.url).join(" ");
</script></body></html>
HTML
    line=
    for _ in 1 2 3; do
        line=$(timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --virtual-time-budget=60000 \
            --dump-dom "http://127.0.0.1:$port/ajuda-top-$i.html" 2>/dev/null | grep -o 'TOP [0-9][^<]*' || true)
        [[ -n $line ]] && break
    done
    echo "$locale $query: ${line:-failed}"
done
