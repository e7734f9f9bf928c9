#!/usr/bin/env bash
# Load benchmark. One in-memory DynamoDB Local server, N rows of ~200 bytes:
#   - raw ceiling: a plain Java pool of 25-item BatchWriteItem puts (RawCeiling.java write), best of 8/16 threads
#   - bulk load --format parquet and --format csv of the same N rows into an empty table
# The input files are made by bulk itself: a table filled by the raw writer, exported with
# `bulk find --format parquet|csv` (several part files, as Spark writes them).
# bulk: items / workSeconds from summary.json (the Spark job that reads, converts and writes;
# not the JVM and Spark start-up, the table describe or the cost sample; wall time printed too).
# Each load is checked: the table holds exactly N items afterwards.
# Usage: bench/load.sh [N]   (default 200000); ONLY=parquet|csv runs one format.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
ONLY="${ONLY:-}"
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
export SPARK_LOCAL_IP=127.0.0.1
BULK=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib" -jar "$JAR")
bulk() { "${BULK[@]}" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench-load.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
cleanup() { bulk local stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

"${BULK[@]:0:1}" -Dbulk.ddblocal.heap=4g "${BULK[@]:1}" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
drop() { raw drop "$1" >/dev/null; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
count() { raw count "$1" 32 | sed 's/.*items=\([0-9]*\).*/\1/'; }
rate_of() { echo "${1##*items_per_s=}"; }
declare -A BULKR WALL

echo "== warm-up (server JIT): raw write of 30,000 items"
mk warmup; raw write warmup 30000 8 >/dev/null; drop warmup

echo "== raw BatchWriteItem ceiling, $N items"
RAW=0
for writers in 8 16; do
  mk "raw$writers"; line="$(raw write "raw$writers" "$N" "$writers")"; echo "  $writers writers: $line"
  r="$(rate_of "$line")"; [ "$r" -gt "$RAW" ] && RAW="$r"
  echo "  check: $(count "raw$writers") items"; drop "raw$writers"
done

echo "== input files: $N rows (~200 B) exported by bulk find"
mk src; raw write src "$N" 8 >/dev/null
for fmt in parquet csv; do
  bulk find --endpoint "$EP" --table src --format "$fmt" --output "$WORK/in-$fmt" >/dev/null 2>"$WORK/find-$fmt.err" \
    || { tail -5 "$WORK/find-$fmt.err"; exit 1; }
  echo "  $fmt: $(find "$WORK/in-$fmt/result" -name 'part-*' | wc -l) files, $(du -sh "$WORK/in-$fmt/result" | cut -f1)"
done
drop src

# load_run FORMAT EXTRA_ARGS... : bulk load into an empty table, checks the count, sets BULKR/WALL[FORMAT]
load_run() {
  local fmt="$1"; shift
  local out="$WORK/load-$fmt" start end
  mk "load$fmt"
  start=$(date +%s.%N)
  bulk load --endpoint "$EP" --table "load$fmt" --format "$fmt" --s3-path "$WORK/in-$fmt/result" "$@" --yes \
    --writers-per-task "${WPT:-16}" --output "$out" > "$out.out" 2> "$out.err" || { echo "  bulk load $fmt failed:"; tail -5 "$out.err"; return 1; }
  end=$(date +%s.%N)
  sed 's/^/  bulk: /' "$out.out"
  local items work
  items="$(field "$out/summary.json" written)"; work="$(field "$out/summary.json" workSeconds)"
  BULKR[$fmt]="$(python3 -c "print(round($items/$work))")"
  WALL[$fmt]="$(python3 -c "print(round($end-$start,1))")"
  echo "  bulk load $fmt: $items items in $(python3 -c "print(round($work,1))") s of job time -> ${BULKR[$fmt]} items/s (wall ${WALL[$fmt]} s)"
  local held; held="$(count "load$fmt")"
  echo "  check: table holds $held items (expected $N)"
  [ "$held" = "$N" ] || { echo "  COUNT MISMATCH"; return 1; }
  drop "load$fmt"
}

if [ -z "$ONLY" ] || [ "$ONLY" = parquet ]; then
  echo "== load parquet"; load_run parquet
fi
if [ -z "$ONLY" ] || [ "$ONLY" = csv ]; then
  # bulk find writes CSV with " as its escape character.
  echo "== load csv"; load_run csv --escaper '"'
fi

echo
echo "== summary ($N rows, in-memory DynamoDB Local, $(nproc) cores; raw ceiling $RAW items/s)"
printf '  %-8s %12s %8s %10s\n' format "items/s" "% raw" "wall"
for fmt in parquet csv; do
  [ -n "${BULKR[$fmt]:-}" ] || continue
  printf '  %-8s %12s %7s%% %9ss\n' "$fmt" "${BULKR[$fmt]}" "$(python3 -c "print(round(100*${BULKR[$fmt]}/$RAW))")" "${WALL[$fmt]}"
done
