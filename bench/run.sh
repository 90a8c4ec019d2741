#!/usr/bin/env bash
# Build benchmark of ajuda on generated corpora (see bench/README.md).
#
#   bench/run.sh [SIZES...]     default: 3000 30000 (total pages over 3 locales)
#   bench/run.sh --edit [SIZE]  edit-to-reload benchmark of `ajuda serve` (default 30000 pages)
#
# For each size: generate target/bench/site-<n> once (examples/gen-corpus, seed 42), then
# measure, median of 3 runs under /usr/bin/time -v: `ajuda build --no-search` (the page build),
# `ajuda build` with its search index (indexing time and memory apart), `ajuda check`; plus the plain pulldown-cmark floor (examples/cmark-alone) and the
# per-stage times of the median build run. The report is also written to target/bench/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

LOCALES=en-US,pt-BR,zh-CN
SEED=42
RUNS=${BENCH_RUNS:-3}
OUT=target/bench
# AJUDA=path/to/other/ajuda bench/run.sh ... measures another build (e.g. a baseline).
AJUDA=${AJUDA:-target/release/ajuda}
GEN=target/release/examples/gen-corpus
CMARK=target/release/examples/cmark-alone

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

if [[ $# -gt 0 && $1 == --edit ]]; then
    n=${2:-30000}
    [[ $n =~ ^[0-9]+$ && $n -ge 9 ]] || { echo "bench/run.sh: bad size '$n'" >&2; exit 2; }
    mkdir -p "$OUT"
    REPORT="$OUT/edit-$(date +%Y%m%d-%H%M%S).md"
    exec > >(tee "$REPORT") 2>&1
    cargo build --release --bin ajuda --examples
    dir="$OUT/site-$n"
    if [[ ! -f $dir/.gen-corpus ]] || ! grep -q "^requested=$n locales=$LOCALES seed=$SEED " "$dir/.gen-corpus"; then
        "$GEN" --pages "$n" --locales "$LOCALES" --seed "$SEED" --out "$dir" --force
    fi
    echo "# ajuda serve edit-to-reload benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
    echo
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "site: $n pages over $LOCALES ($dir, on $(df --output=fstype "$dir" | tail -1))"
    t0=$(date +%s%N)
    "$AJUDA" build --quiet --no-search --output /dev/shm/ajuda-edit-bench --root "$dir" || true
    t1=$(date +%s%N)
    rm -rf /dev/shm/ajuda-edit-bench
    echo "full build for comparison (--no-search, into tmpfs): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s"
    target/release/examples/edit-bench --ajuda "$AJUDA" --site "$dir" --edits "${BENCH_EDITS:-1000}"
    echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi
if [[ $# -gt 0 && ($1 == -h || $1 == --help) ]]; then
    usage
    exit 0
fi
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(3000 30000)
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 9 ]] || { echo "bench/run.sh: bad size '$n' (a page count >= 9)" >&2; usage >&2; exit 2; }
done

mkdir -p "$OUT"
REPORT="$OUT/report-$(date +%Y%m%d-%H%M%S).md"
exec > >(tee "$REPORT") 2>&1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "# ajuda build benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
echo
echo "load at start: $(uptime)"

if ! command -v /usr/bin/time >/dev/null; then
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
command -v python3 >/dev/null || { echo "bench/run.sh: python3 is needed to read the timings JSON" >&2; exit 1; }

cargo build --release --bin ajuda --examples

BUILD_HELP=$("$AJUDA" build --help 2>&1 || true)
HAS_TIMINGS=0; grep -q -- '--timings-json' <<<"$BUILD_HELP" && HAS_TIMINGS=1
HAS_SEARCH=0; grep -q -- '--no-search' <<<"$BUILD_HELP" && HAS_SEARCH=1
NO_SEARCH=(); [[ $HAS_SEARCH == 1 ]] && NO_SEARCH=(--no-search)
[[ $HAS_TIMINGS == 1 ]] || echo "note: 'ajuda build --help' does not mention --timings-json: no stage breakdown"

# measure NAME CMD... : runs CMD $RUNS times under /usr/bin/time -v; "{i}" in an argument is
# replaced by the run number. Sets M_WALL (s), M_RSS (MiB), M_RC, M_I of the median run (by wall).
measure() {
    local name=$1; shift
    local i walls=() rss=() rcs=()
    for ((i = 1; i <= RUNS; i++)); do
        local args=() a t0 t1 rc=0
        for a in "$@"; do args+=("${a//\{i\}/$i}"); done
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$TMP/time" "${args[@]}" >"$TMP/$name-$i.out" 2>"$TMP/$name-$i.err" || rc=$?
        t1=$(date +%s%N)
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')")
        rss+=("$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$TMP/time")")
        rcs+=("$rc")
        printf '  %-7s run %d: %6s s, %5s MiB peak%s\n' "$name" "$i" "${walls[-1]}" "${rss[-1]}" \
            "$([[ $rc == 0 ]] || echo ", exit $rc")"
        if [[ $rc != 0 ]]; then
            sed 's/^/    | /' "$TMP/$name-$i.err" | tail -n 15
        fi
    done
    M_I=$(for ((i = 0; i < RUNS; i++)); do echo "${walls[i]} $((i + 1))"; done | sort -n | awk -v m=$(((RUNS + 1) / 2)) 'NR == m { print $2 }')
    M_WALL=${walls[M_I - 1]}
    M_RSS=${rss[M_I - 1]}
    M_RC=${rcs[M_I - 1]}
}

# div A B [fmt]
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN { if (b + 0 > 0) printf f, a / b; else printf "n/a" }'; }

# pages_of JSON DEFAULT: the "pages" field of a timings JSON, or DEFAULT.
pages_of() {
    python3 - "$1" "$2" <<'EOF' 2>/dev/null || echo "$2"
import json, sys
try:
    print(int(json.load(open(sys.argv[1]))["pages"]))
except Exception:
    print(sys.argv[2])
EOF
}

ROWS=()
SEARCH_ROWS=()
STAGE_FILES=()
for n in "${SIZES[@]}"; do
    dir="$OUT/site-$n"
    echo
    echo "## $n pages ($dir)"
    if [[ ! -f $dir/.gen-corpus || $GEN -nt $dir/.gen-corpus ]] ||
        ! grep -q "^requested=$n locales=$LOCALES seed=$SEED " "$dir/.gen-corpus"; then
        "$GEN" --pages "$n" --locales "$LOCALES" --seed "$SEED" --out "$dir" --force
    else
        echo "corpus: reusing $(cat "$dir/.gen-corpus")"
    fi

    timings=()
    [[ $HAS_TIMINGS == 1 ]] && timings=(--timings-json "$TMP/build-$n-{i}.json")
    # Cold: a fresh output folder per run and no highlight cache, as on a CI machine.
    measure build "$AJUDA" build --root "$dir" --quiet --no-cache "${NO_SEARCH[@]}" --output "$TMP/cold-$n-{i}" "${timings[@]}"
    rm -rf "$TMP"/cold-"$n"-*
    b_wall=$M_WALL b_rss=$M_RSS b_rc=$M_RC
    b_json="$TMP/build-$n-$M_I.json"
    pages=$n
    if [[ $HAS_TIMINGS == 1 && -s $b_json ]]; then
        pages=$(pages_of "$b_json" "$n")
        cp "$b_json" "$OUT/timings-$n.json"
        STAGE_FILES+=("$n=$OUT/timings-$n.json")
    else
        STAGE_FILES+=("$n=")
    fi
    [[ $b_rc == 0 ]] || b_wall="FAIL($b_rc)"

    if [[ $HAS_SEARCH == 1 ]]; then
        stimings=()
        [[ $HAS_TIMINGS == 1 ]] && stimings=(--timings-json "$TMP/search-$n-{i}.json")
        measure search "$AJUDA" build --root "$dir" --quiet --no-cache --output "$TMP/search-$n-{i}" "${stimings[@]}"
        s_wall=$M_WALL
        [[ $M_RC == 0 ]] || s_wall="FAIL($M_RC)"
        s_json="$TMP/search-$n-$M_I.json"
        # Indexing: the `search` stage (Pagefind finishing each locale's index) plus the render
        # stage's growth (pages wait for the indexer).
        s_index=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["stages"]; print("%.2f" % (d.get("search",0)/1000))' "$s_json" 2>/dev/null || echo n/a)
        s_size=$(du -sk "$TMP/search-$n-$M_I/pagefind" 2>/dev/null | cut -f1)
        SEARCH_ROWS+=("| $n | $s_wall | $(awk -v a="$M_WALL" -v b="$b_wall" 'BEGIN { if (b + 0 > 0) printf "%+.2f", a - b; else printf "n/a" }') | $s_index | $M_RSS | $(( ${s_size:-0} / 1024 )) |")
        rm -rf "$TMP"/search-"$n"-*
    else
        echo "search: n/a"
    fi

    # Warm: rebuilding an unchanged site over its previous output, with the highlight cache.
    warm_out="$TMP/warm-$n"
    "$AJUDA" build --root "$dir" --quiet "${NO_SEARCH[@]}" --output "$warm_out" >/dev/null 2>&1 || true
    measure warm "$AJUDA" build --root "$dir" --quiet "${NO_SEARCH[@]}" --output "$warm_out"
    w_wall=$M_WALL w_rss=$M_RSS
    rm -rf "$warm_out" "$dir/.ajuda-cache"

    measure check "$AJUDA" check --root "$dir" --quiet --no-cache
    c_wall=$M_WALL
    [[ $M_RC == 0 ]] || c_wall="$M_WALL (exit $M_RC)"

    cm_line=$("$CMARK" "$dir")
    echo "  $cm_line"
    cm_s=$(sed -E 's/.*, ([0-9.]+) s, .*/\1/' <<<"$cm_line")

    ROWS+=("| $n | $b_wall | $(div "$pages" "$b_wall" %.0f) | $b_rss | $w_wall | $w_rss | $c_wall | $cm_s | $(div "$b_wall" "$cm_s" %.1f) |")
done

echo
echo "## Results (median of $RUNS runs; peak MiB of the median run; cmark-alone: median of 5, 2 threads)"
echo
echo "| pages | cold build s | pages/s | peak MiB | warm rebuild s | warm peak MiB | check s | cmark-alone s | ratio cold/cmark |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
if [[ $HAS_SEARCH == 1 ]]; then
    echo
    echo "| pages | build with search s | search cost s | of it, finishing indexes s | peak MiB | index MiB |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${SEARCH_ROWS[@]}"
else
    echo
    echo "search: n/a"
fi

echo
echo "## Stages of the median build run (ms, % of the sum of stages)"
echo
python3 - "${STAGE_FILES[@]}" <<'EOF'
import json, sys
cols = []
for arg in sys.argv[1:]:
    n, _, path = arg.partition("=")
    try:
        stages = json.load(open(path))["stages"] if path else None
    except Exception as e:
        print(f"{n}: cannot read timings JSON: {e}")
        stages = None
    cols.append((n, stages or {}))
keys = []
for _, st in cols:
    keys += [k for k in st if k not in keys]
if not keys:
    print("stages: n/a")
    sys.exit(0)
print("| stage | " + " | ".join(f"{n} pages" for n, _ in cols) + " |")
print("| --- |" + " ---: |" * len(cols))
def cell(st, k):
    tot = sum(v for v in st.values() if isinstance(v, (int, float)))
    v = st.get(k)
    if not isinstance(v, (int, float)):
        return "n/a"
    return f"{v:.1f} ({100 * v / tot:.0f}%)" if tot else f"{v:.1f}"
for k in keys:
    print(f"| {k} | " + " | ".join(cell(st, k) for _, st in cols) + " |")
print("| **sum** | " + " | ".join(f"{sum(v for v in st.values() if isinstance(v, (int, float))):.1f}" for _, st in cols) + " |")
EOF

echo
echo "load at end: $(uptime)"
echo "report: $REPORT"
