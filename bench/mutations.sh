#!/usr/bin/env bash
# Mutations benchmark. One in-memory DynamoDB Local server, N items of ~200 bytes:
#   - delete-all  items/s  vs a raw pool: keys-only parallel Scan → DeleteItem attribute_exists(#pk) per key
#   - update-all  items/s  (built-in `touched`) vs a raw pool: Scan → UpdateItem SET touched (same condition)
#   - copy        items/s  vs a raw pool: Scan → BatchWriteItem puts of 25 into a second table
# Raw ceilings: best of 8/16 writer threads (32 was slower in the 20k-item trials here). bulk runs as a
# user runs it: local mode has max(8, 4 × cores) task slots, each task --writers-per-task threads (16 by
# default, WPT=N sets it), and the requests on the wire are held to what the server serves (InFlightLimit).
# BEFORE_JAR=path also runs that build of bulk in the same run (before/after side by side).
# bulk: items / workSeconds from summary.json (the job,
# not the JVM and Spark start-up; wall time printed too). Every run starts from a freshly written
# table (raw BatchWriteItem), and each result is checked (empty / all touched / all copied).
# Usage: bench/mutations.sh [N]   (default 200000); ONLY=delete|update|copy runs one part.
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
WORK="$(mktemp -d /tmp/bulk-bench-mut.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
cleanup() { bulk local stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

"${BULK[@]:0:1}" -Dbulk.ddblocal.heap=4g "${BULK[@]:1}" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
rawm() { java -cp "$JAR" "$ROOT/bench/RawMutations.java" "$EP" "$@"; }
mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
drop() { raw drop "$1" >/dev/null; }
filled() { mk "$1"; raw write "$1" "$N" 8 >/dev/null; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
count() { raw count "$1" 32 | sed 's/.*items=\([0-9]*\).*/\1/'; }
rate_of() { echo "${1##*items_per_s=}"; }
declare -A RAW BULKR WALL
WRITERS=(); [ -n "${WPT:-}" ] && WRITERS=(--writers-per-task "$WPT")

echo "== warm-up (server JIT): raw write and delete of 30,000 items"
mk warmup; raw write warmup 30000 8 >/dev/null; rawm delete warmup 16 >/dev/null; drop warmup

# bulk_run NAME COUNT_FIELD ARGS... : runs a bulk verb, prints its line, sets BULKR/WALL[NAME]
# (BULK_JAR=path: another build's jar)
bulk_run() {
  local name="$1" counted="$2"; shift 2
  local out="$WORK/$name"
  local start end
  local cmd=("${BULK[@]}")
  [ -n "${BULK_JAR:-}" ] && cmd=("${BULK[@]:0:${#BULK[@]}-1}" "$BULK_JAR")
  start=$(date +%s.%N)
  "${cmd[@]}" "$@" --yes "${WRITERS[@]}" --output "$out" > "$out.out" 2> "$out.err" || { echo "  bulk $1 failed:"; tail -5 "$out.err"; return 1; }
  end=$(date +%s.%N)
  grep -E 'Deleted|Processed|Total records copied' "$out.out" | sed 's/^/  bulk: /'
  local items work
  items="$(field "$out/summary.json" "$counted")"; work="$(field "$out/summary.json" workSeconds)"
  BULKR[$name]="$(python3 -c "print(round($items/$work))")"
  WALL[$name]="$(python3 -c "print(round($end-$start,1))")"
  echo "  bulk $name: $items items in ${work%.*}.x s of job time -> ${BULKR[$name]} items/s (wall ${WALL[$name]} s)"
}

if [ -z "$ONLY" ] || [ "$ONLY" = delete ]; then
  echo "== delete-all, $N items"
  best=0
  for writers in 8 16; do
    filled "rdel$writers"; line="$(rawm delete "rdel$writers" "$writers")"; echo "  $line"
    r="$(rate_of "$line")"; [ "$r" -gt "$best" ] && best="$r"
    echo "  check: $(count "rdel$writers") items left"; drop "rdel$writers"
  done
  RAW[delete]=$best
  filled bdel; bulk_run delete deleted delete --endpoint "$EP" --table bdel
  echo "  check: $(count bdel) items left"; drop bdel
  if [ -n "${BEFORE_JAR:-}" ]; then
    filled bdelb; BULK_JAR="$BEFORE_JAR" bulk_run delete-before deleted delete --endpoint "$EP" --table bdelb
    echo "  check: $(count bdelb) items left"; drop bdelb
  fi
fi

if [ -z "$ONLY" ] || [ "$ONLY" = update ]; then
  echo "== update-all (touched), $N items"
  best=0
  for writers in 8 16; do
    filled "rupd$writers"; line="$(rawm update "rupd$writers" "$writers")"; echo "  $line"
    r="$(rate_of "$line")"; [ "$r" -gt "$best" ] && best="$r"
    echo "  check: $(rawm counttouched "rupd$writers")"; drop "rupd$writers"
  done
  RAW[update]=$best
  filled bupd; bulk_run update updated update --endpoint "$EP" --table bupd --generator touched
  echo "  check: $(rawm counttouched bupd)"; drop bupd
  if [ -n "${BEFORE_JAR:-}" ]; then
    filled bupdb; BULK_JAR="$BEFORE_JAR" bulk_run update-before updated update --endpoint "$EP" --table bupdb --generator touched
    echo "  check: $(rawm counttouched bupdb)"; drop bupdb
  fi
fi

if [ -z "$ONLY" ] || [ "$ONLY" = copy ]; then
  echo "== copy, $N items"
  best=0
  filled rcsrc
  for writers in 8 16; do
    mk "rcpy$writers"; line="$(rawm copy rcsrc "rcpy$writers" "$writers")"; echo "  $line"
    r="$(rate_of "$line")"; [ "$r" -gt "$best" ] && best="$r"
    echo "  check: target holds $(count "rcpy$writers") items"; drop "rcpy$writers"
  done
  RAW[copy]=$best
  mk bct; bulk_run copy copied copy --endpoint "$EP" --source rcsrc --target bct
  echo "  check: target holds $(count bct) items"; drop bct; drop rcsrc
fi

echo
echo "== summary ($N items, in-memory DynamoDB Local, $(nproc) cores)"
printf '  %-14s %12s %12s %8s %10s\n' verb "raw items/s" "bulk items/s" "% raw" "bulk wall"
for run in delete delete-before update update-before copy; do
  verb="${run%-before}"
  [ -n "${RAW[$verb]:-}" ] && [ -n "${BULKR[$run]:-}" ] || continue
  printf '  %-14s %12s %12s %7s%% %9ss\n' "$run" "${RAW[$verb]}" "${BULKR[$run]}" \
    "$(python3 -c "print(round(100*${BULKR[$run]}/${RAW[$verb]}))")" "${WALL[$run]}"
done
echo "  load: $(uptime)"
