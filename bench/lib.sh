# Helpers the benchmarks share (source it from the repository root): a free port, a static
# server over a built site, and a page's DOM after its scripts ran, read by headless Chromium.

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# A free loopback port.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Serves DIR on PORT with `python3 -m http.server` (which compresses nothing) in the
# background; sets `server` to its pid.
serve_static() {
    python3 -m http.server "$2" --bind 127.0.0.1 --directory "$1" >/dev/null 2>&1 &
    server=$!
    sleep 1
}

# The first match of the grep pattern PATTERN in URL's DOM once its scripts ran, trying up to
# three times (a headless run now and then ends early); empty when none matched.
dom_match() {
    local line=
    for _ in 1 2 3; do
        line=$(timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --virtual-time-budget=60000 \
            --dump-dom "$1" 2>/dev/null | grep -o "$2" || true)
        [[ -n $line ]] && break
    done
    echo "$line"
}

# QUERY escaped for a JavaScript string through decodeURIComponent.
uri_escaped() {
    python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"
}
