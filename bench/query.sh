#!/usr/bin/env bash
# SQL read path benchmark. One in-memory DynamoDB Local server, N items of ~200 bytes
# (bench/BenchQuery.java: 2,000 partition keys, n = 0..999, s = 'rare' for 10 %, ts = ISO time):
#   - count (no where), count --where on a non-key attribute (numeric: filter + projection, Spark
#     counts; string: exact, so Select=COUNT), scancount, vs the raw Select=COUNT ceiling
#   - read units of count --where "pk = 'x'" (a Query) vs a full-scan count
#   - find --orderby ts --limit 100: peak RSS and peak heap after GC at N and at BIG items
# Usage: bench/query.sh [N] [BIG]   (defaults 200000 1000000). Prints figures; writes only under a temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
BIG="${2:-1000000}"
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
export SPARK_LOCAL_IP=127.0.0.1
JAVA=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib")
bulk() { "${JAVA[@]}" -jar "$JAR" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench-query.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
trap 'bulk local stop >/dev/null 2>&1 || true' EXIT

"${JAVA[@]}" -Dbulk.ddblocal.heap=6g -jar "$JAR" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
rate() { python3 -c "print(round($1/$2))"; }
pct() { python3 -c "print(f'{100*$1/$2:.0f}')"; }
rss() { grep 'Maximum resident set size' "$1" | awk '{printf "%.0f", $NF/1024}'; }
# Live heap: the largest occupancy left after a GC (the "after" of each GC line), in MB. (The "before"
# values grow with run time only because G1 enlarges the young generation on a long run.)
heap() { grep -o '[0-9]*M->[0-9]*M' "$1" | awk -F'M->' 'BEGIN{m=0} {sub("M","",$2); if ($2+0>m) m=$2+0} END{print m}'; }
heapbefore() { grep -o '[0-9]*M->[0-9]*M' "$1" | awk -F'M->' 'BEGIN{m=0} {if ($1+0>m) m=$1+0} END{print m}'; }

bulk create-table --endpoint "$EP" --table qbench --pk pk:S --sk sk:S >/dev/null
echo "== fill $N items"
bulk fill --endpoint "$EP" --table qbench --generator bench/BenchQuery.java --numitems "$N" --output "$WORK/fill" | tail -1

echo "== raw Select=COUNT ceiling"
best=0
for segments in 32 64 128; do
  line="$(raw count qbench "$segments")"; echo "  $line"
  r="${line##*items_per_s=}"; [ "$r" -gt "$best" ] && best="$r"
done

run() { # name, then bulk arguments; keeps summary.json under $WORK/<name>
  local name="$1"; shift
  bulk "$@" --endpoint "$EP" --table qbench --output "$WORK/$name" > "$WORK/$name.out" 2> "$WORK/$name.err"
  grep -E 'Count of|Total records' "$WORK/$name.out" | sed "s/^/  $name: /"
}
echo "== bulk (each twice, the second taken)"
for i in 1 2; do
  run scancount scancount
  run count count
  run count_num count --where "n < 100"
  run count_str count --where "s = 'rare'"
  run query count --where "pk = 'pk#00042'"
done
grep -h 'FilterExpression\|Select\|Projection' <(bulk count --endpoint "$EP" --table qbench --where "n < 100" --explain 2>/dev/null) | sed 's/^/  count_num explain: /'
grep -h 'FilterExpression\|Select' <(bulk count --endpoint "$EP" --table qbench --where "s = 'rare'" --explain 2>/dev/null) | sed 's/^/  count_str explain: /'

findmem() { # label
  /usr/bin/time -v "${JAVA[@]}" -Xlog:gc:file="$WORK/gc-$1.log" -jar "$JAR" find --endpoint "$EP" --table qbench --orderby ts \
    --limit 100 --output "$WORK/find-$1" > "$WORK/find-$1.out" 2> "$WORK/find-$1.time"
  grep 'Wrote' "$WORK/find-$1.out" | sed "s/^/  find at $1: /"
}
echo "== find --orderby ts --limit 100 at $N items"
findmem small
echo "== fill up to $BIG items"
bulk fill --endpoint "$EP" --table qbench --generator bench/BenchQuery.java --numitems "$((BIG - N))" --output "$WORK/fill2" | tail -1
echo "== find --orderby ts --limit 100 at $BIG items"
findmem big

s_rate=$(rate "$N" "$(field "$WORK/scancount/summary.json" workSeconds)")
c_rate=$(rate "$N" "$(field "$WORK/count/summary.json" workSeconds)")
n_rate=$(rate "$N" "$(field "$WORK/count_num/summary.json" workSeconds)")
t_rate=$(rate "$N" "$(field "$WORK/count_str/summary.json" workSeconds)")
q_units="$(field "$WORK/query/summary.json" readUnits)"
c_units="$(field "$WORK/count/summary.json" readUnits)"
echo
echo "== Figures (N=$N, $(nproc) cores; rates are items of the table per second of Spark job)"
printf '%-52s %s\n' "raw Select=COUNT ceiling (best)" "$best items/s"
printf '%-52s %s\n' "scancount" "$s_rate items/s = $(pct "$s_rate" "$best")% of raw"
printf '%-52s %s\n' "count (no where)" "$c_rate items/s = $(pct "$c_rate" "$best")% of raw, $(pct "$c_rate" "$s_rate")% of scancount"
printf '%-52s %s\n' "count --where \"n < 100\" (pushed, Spark counts)" "$n_rate items/s = $(pct "$n_rate" "$best")% of raw"
printf '%-52s %s\n' "count --where \"s = 'rare'\" (pushed, Select=COUNT)" "$t_rate items/s = $(pct "$t_rate" "$best")% of raw"
printf '%-52s %s\n' "read units: pk = 'x' Query / full-scan count" "$q_units / $c_units = $(python3 -c "print(f'{100*$q_units/$c_units:.2f}')")%"
printf '%-52s %s\n' "find --orderby ts --limit 100 peak RSS" "$(rss "$WORK/find-small.time") MB at $N / $(rss "$WORK/find-big.time") MB at $BIG"
printf '%-52s %s\n' "find --orderby ts --limit 100 live heap after GC (max)" "$(heap "$WORK/gc-small.log") MB at $N / $(heap "$WORK/gc-big.log") MB at $BIG"
printf '%-52s %s\n' "find --orderby ts --limit 100 heap before GC (max)" "$(heapbefore "$WORK/gc-small.log") MB at $N / $(heapbefore "$WORK/gc-big.log") MB at $BIG"
