#!/usr/bin/env bash
# diff benchmark. One in-memory DynamoDB Local server, two tables of N items of ~200 bytes
# (the second written with the same items, then 3×K planted differences: K removed, K changed, K added):
#   raw ceiling: a plain Java pool scanning every segment of BOTH tables (full items, SDK, no Spark),
#                best of 8/16/32 threads at bulk's planned segment count and at twice it
#   bulk diff:   (items of both tables) / the Spark job's seconds (workSeconds in summary.json), and
#                the wall time of the whole command; checked: exactly 3×K differences found.
# Usage: bench/diff.sh [N] (default 200000); K=10 by default (env K).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
K="${K:-10}"
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
export SPARK_LOCAL_IP=127.0.0.1
BULK=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib" -jar "$JAR")
bulk() { "${BULK[@]}" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench-diff.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
cleanup() { bulk local stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

"${BULK[@]:0:1}" -Dbulk.ddblocal.heap=4g "${BULK[@]:1}" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
rawscan() { java -cp "$JAR" "$ROOT/bench/RawScan.java" "$EP" "$@"; }
mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
rate_of() { echo "${1##*items_per_s=}"; }

echo "== fill: two tables of $N items (same items), then $((3 * K)) planted differences in the second"
mk dfa; raw write dfa "$N" 8 | sed 's/^/  dfa: /'
mk dfb; raw write dfb "$N" 8 | sed 's/^/  dfb: /'
rawscan plant dfb "$K" | sed 's/^/  dfb: /'

SEGS="$(bulk diff --endpoint "$EP" --table dfa --table2 dfb --dry-run --output "$WORK/plan" 2>&1 | sed -n 's/^Segments: \([0-9]*\) (planned).*/\1/p')"
echo "== raw parallel scan of both tables (bulk plans $SEGS segments per table)"
rawscan scan dfa dfb "$SEGS" 16 >/dev/null   # warm-up (server JIT)
best=0
for segs in "$SEGS" $((2 * SEGS)); do
  for threads in 8 16 32; do
    line="$(rawscan scan dfa dfb "$segs" "$threads")"; echo "  $line"
    r="$(rate_of "$line")"; [ "$r" -gt "$best" ] && best="$r"
  done
done

echo "== bulk diff"
out="$WORK/bulk-diff"
start=$(date +%s.%N)
bulk diff --endpoint "$EP" --table dfa --table2 dfb --output "$out" ${BULK_DIFF_ARGS:-} > "$out.out" 2> "$out.err" \
  || { echo "  bulk diff failed:"; tail -5 "$out.err"; exit 1; }
end=$(date +%s.%N)
head -1 "$out.out" | sed 's/^/  bulk: /'
items=$(( $(field "$out/summary.json" itemsTable) + $(field "$out/summary.json" itemsTable2) ))
work="$(field "$out/summary.json" workSeconds)"
found="$(field "$out/summary.json" differences)"
rate="$(python3 -c "print(round($items/$work))")"
wall="$(python3 -c "print(round($end-$start,1))")"
echo "  bulk diff: $items items in $(printf '%.1f' "$work") s of job time -> $rate items/s (wall $wall s)"
if [ "$found" != "$((3 * K))" ]; then
  echo "  CHECK FAILED: $found differences found, $((3 * K)) planted"; exit 1
fi
echo "  check: $found differences found = $((3 * K)) planted"

echo
echo "== summary ($N items per table, in-memory DynamoDB Local, $(nproc) cores)"
printf '  %-6s %12s %12s %8s %10s\n' verb "raw items/s" "bulk items/s" "% raw" "bulk wall"
printf '  %-6s %12s %12s %7s%% %9ss\n' diff "$best" "$rate" "$(python3 -c "print(round(100*$rate/$best))")" "$wall"
