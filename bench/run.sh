#!/usr/bin/env bash
# Foundation benchmark. One in-memory DynamoDB Local server, N items of ~200 bytes:
#   - fill items/s        vs a raw BatchWriteItem thread pool (8 and 16 writers; best taken)
#   - scancount items/s   vs a raw Select=COUNT thread pool (16/32/64/128 segments; best taken)
#   - fixed overhead: wall time of `count` on an empty table (3 runs)
#   - peak RSS of the CLI during fill and scancount
#   - disk-backed vs in-memory DynamoDB Local write speed (raw, 8 writers, 20k items)
# Usage: bench/run.sh [N]   (default 200000). Prints figures; writes only under a temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
# From here on the jar as built now: editing sources during a run must not trigger a rebuild.
export SPARK_LOCAL_IP=127.0.0.1
BULK=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib" -jar "$JAR")
bulk() { "${BULK[@]}" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
cleanup() {
  bulk local stop >/dev/null 2>&1 || true
  BULK_HOME="$WORK/disk-home" bulk local stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

"${BULK[@]:0:1}" -Dbulk.ddblocal.heap=4g "${BULK[@]:1}" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
# Dropping a measured table keeps the in-memory server's heap (and so its speed) the same for every run.
drop() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" drop "$1" >/dev/null; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
rss() { grep 'Maximum resident set size' "$1" | awk '{printf "%.0f MB", $NF/1024}'; }
wall() { grep 'Elapsed (wall clock)' "$1" | awk '{print $NF}'; }

echo "== warm-up (server JIT): raw write of 30,000 items"
mk warmup; raw write warmup 30000 8 >/dev/null; drop warmup

echo "== raw BatchWriteItem ceiling, $N items"
best_write=0
for writers in 8 16; do
  mk "raw-w$writers"
  line="$(raw write "raw-w$writers" "$N" "$writers")"; echo "  $line"
  rate="${line##*items_per_s=}"; [ "$rate" -gt "$best_write" ] && best_write="$rate"
  drop "raw-w$writers"
done

echo "== bulk fill, $N items"
mk bulkfill
/usr/bin/time -v "${BULK[@]}" fill --endpoint "$EP" --table bulkfill --generator bench/Bench200.java --numitems "$N" \
  --output "$WORK/fill" > "$WORK/fill.out" 2> "$WORK/fill.time"
grep 'Total records filled' "$WORK/fill.out" | sed 's/^/  /'
fill_work="$(field "$WORK/fill/summary.json" workSeconds)"
fill_total="$(field "$WORK/fill/summary.json" durationSeconds)"
fill_rate="$(python3 -c "print(round($N/$fill_work))")"
fill_rate_wall="$(python3 -c "print(round($N/$fill_total))")"

echo "== raw Select=COUNT ceiling on the $N-item table"
best_count=0
for segments in 16 32 64 128; do
  line="$(raw count bulkfill "$segments")"; echo "  $line"
  rate="${line##*items_per_s=}"; [ "$rate" -gt "$best_count" ] && best_count="$rate"
done

echo "== bulk scancount"
/usr/bin/time -v "${BULK[@]}" scancount --endpoint "$EP" --table bulkfill --output "$WORK/scan" > "$WORK/scan.out" 2> "$WORK/scan.time"
grep 'Total records counted' "$WORK/scan.out" | sed 's/^/  /'
scan_work="$(field "$WORK/scan/summary.json" workSeconds)"
scan_total="$(field "$WORK/scan/summary.json" durationSeconds)"
scan_rate="$(python3 -c "print(round($N/$scan_work))")"
scan_rate_wall="$(python3 -c "print(round($N/$scan_total))")"
segments_used="$(field "$WORK/scan/summary.json" totalSegments)"

echo "== fixed overhead: count on an empty table"
mk empty
overheads=()
for i in 1 2 3; do
  start=$(date +%s.%N); bulk count --endpoint "$EP" --table empty --output "$WORK/empty$i" >/dev/null 2>&1; end=$(date +%s.%N)
  overheads+=("$(python3 -c "print(round($end-$start,2))")")
done

echo "== DynamoDB Local on disk vs in memory (raw write, 8 writers, 20,000 items)"
BULK_HOME="$WORK/disk-home" bulk local start >/dev/null
DISK_EP="$(BULK_HOME="$WORK/disk-home" bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
bulk create-table --endpoint "$DISK_EP" --table diskw --pk pk:S --sk sk:S >/dev/null
mk memw
disk_line="$(java -cp "$JAR" bench/RawCeiling.java "$DISK_EP" write diskw 20000 8)"
mem_line="$(raw write memw 20000 8)"
echo "  disk:   $disk_line"; echo "  memory: $mem_line"

echo
echo "== Figures (N=$N, $(nproc) cores)"
printf '%-44s %s\n' "raw BatchWriteItem ceiling (best)" "$best_write items/s"
printf '%-44s %s\n' "bulk fill (Spark job only)" "$fill_rate items/s = $(python3 -c "print(f'{100*$fill_rate/$best_write:.0f}')")% of raw"
printf '%-44s %s\n' "bulk fill (whole command, incl. start-up)" "$fill_rate_wall items/s = $(python3 -c "print(f'{100*$fill_rate_wall/$best_write:.0f}')")% of raw"
printf '%-44s %s\n' "raw Select=COUNT ceiling (best)" "$best_count items/s"
printf '%-44s %s\n' "bulk scancount (Spark job only, $segments_used seg.)" "$scan_rate items/s = $(python3 -c "print(f'{100*$scan_rate/$best_count:.0f}')")% of raw"
printf '%-44s %s\n' "bulk scancount (whole command)" "$scan_rate_wall items/s = $(python3 -c "print(f'{100*$scan_rate_wall/$best_count:.0f}')")% of raw"
printf '%-44s %s\n' "count on an empty table, wall (3 runs)" "${overheads[*]} s"
printf '%-44s %s\n' "peak RSS: fill / scancount" "$(rss "$WORK/fill.time") / $(rss "$WORK/scan.time")"
printf '%-44s %s\n' "DynamoDB Local raw write: disk / memory" "${disk_line##*items_per_s=} / ${mem_line##*items_per_s=} items/s"
