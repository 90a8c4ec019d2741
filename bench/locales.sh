#!/usr/bin/env bash
# Build time per page as locales are added: the same generated docset (PER pages per locale)
# in 1, 2 and 4 locales, built into tmpfs without the highlight cache (median of RUNS).
#
#   bench/locales.sh [PER]      default PER=5000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PER=${1:-5000}
RUNS=${BENCH_RUNS:-3}
cargo build --release --bin ajuda --example gen-corpus >/dev/null 2>&1
GEN=target/release/examples/gen-corpus
TMP=${TMPDIR_BENCH:-/dev/shm}
printf "%-8s %8s %10s %12s %10s\n" locales pages "median s" "ms per page" "peak MiB"
for locs in en-US en-US,pt-BR en-US,pt-BR,zh-CN,ja-JP; do
    n=$(( PER * $(echo "$locs" | tr ',' '\n' | wc -l) ))
    dir=target/bench/locales-$n
    "$GEN" --pages "$n" --locales "$locs" --seed 42 --out "$dir" --force >/dev/null
    times=(); peak=0
    for _ in $(seq "$RUNS"); do
        out="$TMP/ajuda-locales-bench"
        rm -rf "$out"
        /usr/bin/time -o "$TMP/ajuda-locales-time" -f "%e %M" target/release/ajuda build --quiet --no-cache --no-search --root "$dir" --output "$out" >/dev/null 2>&1 || true
        t=$(tail -1 "$TMP/ajuda-locales-time")
        times+=("${t% *}"); kb=${t#* }; (( kb > peak )) && peak=$kb
    done
    med=$(printf "%s\n" "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    pages=$(find "$dir" -name '*.md' -o -name 'faq.yml' | grep -vc '/includes/' || true)
    printf "%-8s %8s %10s %12.3f %10d\n" "$(echo "$locs" | tr ',' '\n' | wc -l)" "$pages" "$med" "$(echo "$med * 1000 / $pages" | bc -l)" $(( peak / 1024 ))
    rm -rf "$TMP/ajuda-locales-bench"
done
