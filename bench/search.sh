#!/usr/bin/env bash
# What search costs: ajuda without search, ajuda with search, and the Pagefind CLI over the
# pages of the build without search (what Hugo and Zola users run after their build), in tmpfs.
#
#   bench/search.sh [SIZE...]        default: 3000 30000
#
# Runs alternate (without, with, CLI) and each figure is the median of BENCH_RUNS (default 3).
# The Pagefind CLI is installed once with npm into target/bench/pagefind-cli, at the version
# whose format ajuda writes. Prints a Markdown table; the report goes to
# target/bench/search-<date>.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(3000 30000)
RUNS=${BENCH_RUNS:-3}
TMP=${BENCH_TMP:-/dev/shm}
command -v /usr/bin/time >/dev/null || { echo "search bench: /usr/bin/time is needed (Debian: time)" >&2; exit 1; }
command -v npm >/dev/null || { echo "search bench: npm is needed for the Pagefind CLI" >&2; exit 1; }

version=$(sed -nE 's/^pub(\([a-z]+\))? const VERSION: &str = "(.*)";/\2/p' src/search/format.rs)
cli_dir=target/bench/pagefind-cli
cli=$cli_dir/node_modules/.bin/pagefind
if [[ ! -x $cli ]] || [[ $($cli --version) != "pagefind $version" ]]; then
    mkdir -p "$cli_dir"
    npm install --prefix "$cli_dir" --no-save --silent "pagefind@$version" >/dev/null
fi

cargo build --release --bin ajuda --example gen-corpus
ajuda=${AJUDA:-target/release/ajuda}

# One timed run: prints "seconds peak_kib".
timed() {
    local t
    t=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; rm -f "$t"; return 1; }
    tail -1 "$t"
    rm -f "$t"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report=target/bench/search-$(date +%Y-%m-%d).md
{
    echo "machine: $(nproc) cores, $(uname -sr); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "ajuda $($ajuda --version | cut -d' ' -f2), Pagefind CLI $version; output in $TMP; median of $RUNS"
    echo
    echo "| pages | without search | with search | ratio | search part | Pagefind CLI | CLI / search part | peak without | peak with | peak CLI |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} | tee "$report"

for n in "${SIZES[@]}"; do
    site=target/bench/site-$n
    if [[ ! -f $site/.gen-corpus ]]; then
        target/release/examples/gen-corpus --pages "$n" --locales en-US,pt-BR,zh-CN --seed 42 --out "$site" --force >/dev/null
    fi
    out=$TMP/ajuda-search-bench
    : >/tmp/ajuda-sb-without; : >/tmp/ajuda-sb-with; : >/tmp/ajuda-sb-cli
    for _ in $(seq "$RUNS"); do
        rm -rf "$out"
        timed "$ajuda" build --quiet --no-cache --no-search --root "$site" --output "$out" >>/tmp/ajuda-sb-without
        timed "$cli" --site "$out" --output-subdir pagefind-cli >>/tmp/ajuda-sb-cli
        rm -rf "$out"
        timed "$ajuda" build --quiet --no-cache --root "$site" --output "$out" >>/tmp/ajuda-sb-with
    done
    rm -rf "$out"
    python3 - "$n" <<'PY' | tee -a "$report"
import statistics, sys
def load(name):
    rows = [l.split() for l in open(f"/tmp/ajuda-sb-{name}") if l.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows)
(wo, wo_m), (w, w_m), (cli, cli_m) = load("without"), load("with"), load("cli")
part = w - wo
mib = lambda k: f"{k / 1024:.0f} MiB"
print(f"| {int(sys.argv[1]):,} | {wo:.2f} s | {w:.2f} s | {w / wo:.1f}x | {part:.2f} s | {cli:.2f} s | "
      f"{cli / part if part > 0 else float('inf'):.1f}x | {mib(wo_m)} | {mib(w_m)} | {mib(cli_m)} |")
PY
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"
