#!/usr/bin/env bash
# First-query download of the search on the generated site, in headless Chromium.
#
#   bench/search-probe.sh [SIZE] [LOCALE:QUERY ...]
#       default: 30000 pt-br:fatura pt-br:cobrança zh-cn:发票 zh-cn:计费 en-us:billing
#   PROBE_FILES=1 also lists each file the query downloaded; PROBE_OUT=DIR probes a site
#   already built there instead (the Partner Center, say).
#
# Builds target/bench/site-SIZE with its search index into tmpfs (once; AJUDA_PROBE_REBUILD=1
# builds again), serves it with `python3 -m http.server` (which compresses nothing), and for
# each query opens a page that loads the locale's Pagefind bundle, searches, and loads the first
# five results' data, as the search box does. Prints what the browser downloaded: as served,
# and with Pagefind's scripts gzip'd as any static host serves them (its index, metadata and
# WebAssembly files are gzip'd by Pagefind itself).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

n=${1:-30000}
shift || true
QUERIES=("$@")
[[ ${#QUERIES[@]} -gt 0 ]] || QUERIES=(pt-br:fatura pt-br:cobrança zh-cn:发票 zh-cn:计费 en-us:billing)
source bench/lib.sh
command -v "$CHROMIUM" >/dev/null || { echo "search-probe: $CHROMIUM is needed (Debian: chromium)" >&2; exit 1; }

if [[ -n ${PROBE_OUT:-} ]]; then
    out=$PROBE_OUT
else
    cargo build --release --bin ajuda --examples
    site=target/bench/site-$n
    if [[ ! -f $site/.gen-corpus ]]; then
        target/release/examples/gen-corpus --pages "$n" --locales en-US,pt-BR,zh-CN --seed 42 --out "$site" --force
    fi
    out=/dev/shm/ajuda-search-probe-$n
    if [[ ! -d $out/pagefind || ${AJUDA_PROBE_REBUILD:-0} == 1 ]]; then
        /usr/bin/time -f "build with search: %e s, peak %M KiB" \
            target/release/ajuda build --quiet --no-cache --root "$site" --output "$out" || true
    fi
fi
echo "index: $(du -sh "$out/pagefind" | cut -f1) ($(find "$out/pagefind" -type f | wc -l) files)"

port=$(free_port)
serve_static "$out" "$port"
trap 'kill $server 2>/dev/null || true; rm -f "$out"/ajuda-probe-*.html' EXIT

echo
echo "| locale | query | results | files | downloaded KB | with scripts gzip'd KB |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
i=0
for lq in "${QUERIES[@]}"; do
    locale=${lq%%:*}
    query=${lq#*:}
    i=$((i + 1))
    probe="$out/ajuda-probe-$i.html"
    cat >"$probe" <<EOF
<!DOCTYPE html><html lang="$locale"><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script type="module">
const pf = await import("/pagefind/$locale/pagefind.js");
await pf.options({ baseUrl: "/", excerptLength: 24 });
const r = await pf.search(decodeURIComponent("$(uri_escaped "$query")"));
await Promise.all(r.results.slice(0, 5).map(x => x.data()));
const res = performance.getEntriesByType("resource").filter(e => e.name.includes("/pagefind/"));
document.getElementById("out").textContent = "PROBE " + r.results.length + " " +
  res.map(e => e.name.split("/pagefind/")[1].split("?")[0] + "=" + e.encodedBodySize).join(" ");
</script></body></html>
EOF
    line=$(dom_match "http://127.0.0.1:$port/ajuda-probe-$i.html" 'PROBE [0-9][^<]*')
    python3 - "$out" "$locale" "$query" "$line" <<'PY'
import gzip, os, sys
out, locale, query, line = sys.argv[1:5]
parts = line.split()
if len(parts) < 2:
    print(f"| {locale} | {query} | failed | | | |")
    sys.exit()
results, files = parts[1], [p.rsplit("=", 1) for p in parts[2:] if "=" in p]
raw = sum(int(size) for _, size in files)
gz = 0
for name, size in files:
    path = os.path.join(out, "pagefind", name)
    if name.endswith((".js", ".json")) and os.path.isfile(path):
        gz += len(gzip.compress(open(path, "rb").read()))
    else:
        gz += int(size)
print(f"| {locale} | {query} | {results} | {len(files)} | {raw / 1000:.0f} | {gz / 1000:.0f} |")
if os.environ.get("PROBE_FILES"):
    for name, size in files:
        print(f"|   | {name} | | | {int(size) / 1000:.1f} | |")
PY
done
