#!/usr/bin/env bash
# How fresh `ajuda serve` keeps search: the time from a save to the served search index of the
# edited locale changing, and the server's memory with search and without.
#
#   bench/serve-search.sh [SIZE]        default: 30000
#
# Serves a copy of target/bench/site-SIZE (in tmpfs), waits for the first index, then saves a
# pt-BR article three times (each adds a word) and polls `pagefind/pt-br/pagefind-entry.json`,
# whose hash changes when the locale's index is rebuilt. Then serves with --no-search for the
# memory beside it. Resident memory is read from `ps`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

n=${1:-30000}
TMP=${BENCH_TMP:-/dev/shm}
cargo build --release --bin ajuda --example gen-corpus
site=target/bench/site-$n
if [[ ! -f $site/.gen-corpus ]]; then
    target/release/examples/gen-corpus --pages "$n" --locales en-US,pt-BR,zh-CN --seed 42 --out "$site" --force >/dev/null
fi
copy=$TMP/ajuda-serve-search-$n
rm -rf "$copy"
cp -r "$site" "$copy"
source bench/lib.sh
port=$(free_port)
base=http://127.0.0.1:$port
entry=$base/pagefind/pt-br/pagefind-entry.json
article=$(find "$copy/content/pt-br/docs" -name 'topic-*.md' | sort | sed -n 1p)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$copy" /tmp/ajuda-ss-*' EXIT

serve() {
    target/release/ajuda serve --quiet --no-cache "$@" --root "$copy" --port "$port" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1200); do curl -sf "$base/pt-br/" -o /dev/null && return; sleep 0.1; done
    echo "serve-search: the server did not answer" >&2
    exit 1
}

echo "machine: $(nproc) cores; load at start: $(cut -d' ' -f1-3 /proc/loadavg); $n pages"
serve
for _ in $(seq 1200); do curl -sf "$entry" -o /tmp/ajuda-ss-before && break; sleep 0.1; done
sleep 20 # the first index of every locale, written in the background
curl -sf "$entry" -o /tmp/ajuda-ss-before
echo "with search: resident $(( $(ps -o rss= -p "$pid") / 1024 )) MiB after the first index"
for i in 1 2 3; do
    printf '\nPalavra zorblax%s nova.\n' "$i" >>"$article"
    start=$(date +%s.%N)
    for _ in $(seq 600); do
        curl -sf "$entry" -o /tmp/ajuda-ss-after
        cmp -s /tmp/ajuda-ss-before /tmp/ajuda-ss-after || break
        sleep 0.05
    done
    echo "save $i: the pt-BR index changed after $(python3 -c "import time; print(f'{time.time() - $start:.2f}')") s"
    cp /tmp/ajuda-ss-after /tmp/ajuda-ss-before
    sleep 3
done
echo "with search: resident $(( $(ps -o rss= -p "$pid") / 1024 )) MiB after the saves"
kill "$pid"; wait "$pid" 2>/dev/null || true
serve --no-search
sleep 10 # every page rendered
echo "without search: resident $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
