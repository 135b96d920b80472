#!/usr/bin/env bash
# Measures how long a real browser takes to solve Samen's proof-of-work challenges at each level: headless Chromium
# (Debian's chromium) runs altcha-lib's solver (npm, installed here from package-lock.json) on a page served from
# loopback, for the base maxnumber given (default: the shipped samen.proof-of-work.max-number).
#   bench/proof-of-work/measure.sh [base-maxnumber] [rounds]
set -euo pipefail
cd "$(dirname "$0")"
base=${1:-100000}
rounds=${2:-15}
port=${POW_MEASURE_PORT:-18380}
[ -d node_modules/altcha-lib ] || npm ci --no-audit --no-fund >/dev/null
command -v chromium >/dev/null || { echo "needs Debian's chromium (apt-get install chromium)" >&2; exit 1; }
out=$(mktemp -d)
trap 'kill "${server:-}" "${browser:-}" 2>/dev/null || true; sleep 1; rm -rf "$out" 2>/dev/null || true' EXIT
python3 serve.py "$port" "$out/result.json" &
server=$!
sleep 1
${POW_MEASURE_NICE:+nice -n "$POW_MEASURE_NICE"} chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/profile" \
  --unsafely-treat-insecure-origin-as-secure="http://127.0.0.1:$port" \
  "http://127.0.0.1:$port/measure.html?base=$base&rounds=$rounds" >"$out/chromium.log" 2>&1 &
browser=$!
for _ in $(seq 1 600); do
  [ -s "$out/result.json" ] && break
  sleep 0.5
done
[ -s "$out/result.json" ] || { echo "no result from Chromium" >&2; tail -5 "$out/chromium.log" >&2; exit 1; }
python3 -m json.tool "$out/result.json"
