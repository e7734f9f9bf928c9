#!/usr/bin/env bash
# Every verb at its raw ceiling: for each verb, bulk's job rate against a raw Java SDK pool making the same calls
# on the same in-memory DynamoDB Local server, in one run, with the goal each ratio has and met / NOT met.
#   fill                  25-item BatchWriteItem puts          raw: bench/RawCeiling.java write, 8 and 16 writers
#   count, scancount      parallel Scan Select=COUNT            raw: RawCeiling count, 32 and 64 segments
#   count --engine spark  the same count as a Spark job         raw: as count
#   count --where         the SQL path: Scan with FilterExpression and ProjectionExpression of `n`, Spark counts
#                         (`n >= 0`, every item of the table, so the answer is checked exactly)   raw: as count
#   export (ddb-json)     parallel Scan of full items           raw: bench/RawScan.java scan, 64 segments, 8 and 16 threads
#   load (that export)    25-item BatchWriteItem puts           raw: as fill
#   copy                  Scan, then BatchWriteItem into a second table   raw: bench/RawMutations.java copy, 8 and 16 writers
#   diff (source, copy)   parallel Scan of full items of both tables      raw: RawScan of both at bulk's segments
#   delete, truncate      keys-only Scan, DeleteItem attribute_exists per key   raw: RawMutations delete, 8 and 16 writers
#   update (`touched`)    Scan, UpdateItem SET touched with its condition      raw: RawMutations update, 8 and 16 writers
# The raw figure is the better of its two settings, measured just before bulk's run of the verb. bulk's rate is
# items / workSeconds of its summary.json (the job: no JVM start, no planning); its wall time is printed too.
# Each result is checked (the items in the table, the export's lines, differences found).
# N items (default 200,000) of ~200 bytes for the batched verbs; M (default 20,000) for the per-item writers
# (DynamoDB Local serves ~1,000 of those a second here). bulk runs as its launcher runs it, on a copy of the jar.
# Usage: bench/verbs.sh [N] [M]; ONLY="fill count ..." runs those verbs (load needs export, diff needs copy).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
M="${2:-20000}"
ONLY="${ONLY:-fill count scancount count-spark count-where export load copy diff delete truncate update}"
run_start=$(date +%s)
# shellcheck source=bench/launcher.sh
. bench/launcher.sh verbs   # without a class-data sharing archive: job rates, the start is not measured
trap 'bulk local stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

"${BULK[@]:0:1}" -Dbulk.ddblocal.heap=4g "${BULK[@]:1}" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
mkdir -p "$WORK/classes"
javac -cp "$JAR" -d "$WORK/classes" bench/RawCeiling.java bench/RawMutations.java bench/RawScan.java
raw() { java -cp "$JAR:$WORK/classes" RawCeiling "$EP" "$@"; }
rawm() { java -cp "$JAR:$WORK/classes" RawMutations "$EP" "$@"; }
rawscan() { java -cp "$JAR:$WORK/classes" RawScan "$EP" "$@"; }
mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
drop() { raw drop "$1" >/dev/null; }
items_in() { local line; line="$(raw count "$1" 64)"; line="${line#*items=}"; echo "${line%% *}"; }
calc() { python3 -c "print($1)"; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['counts']; print(sum(d[k] for k in sys.argv[2].split('+')))" "$1" "$2"; }
rate_of() { echo "${1##*items_per_s=}"; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }
check() { # what expected actual
  if [ "$2" != "$3" ]; then echo "verbs.sh: CHECK FAILED: $1: expected $2, got $3" >&2; exit 1; fi
  echo "  check: $1 = $3"
}

declare -A RAWR BULKR WALL
# best NAME LINE...: the best items_per_s of the raw runs' lines
best() { local name="$1" line r b=0; shift; for line in "$@"; do echo "  $line"; r="$(rate_of "$line")"; [ "$r" -gt "$b" ] && b="$r"; done; RAWR[$name]=$b; }
# bulk_run NAME ITEM_FIELDS ARGS...: runs bulk, keeps its job rate (items / workSeconds) and wall time
bulk_run() {
  local name="$1" fields="$2" out="$WORK/$1" start end items work; shift 2
  start=$(date +%s.%N)
  bulk "$@" --output "$out" > "$out.out" 2> "$out.err" || { echo "verbs.sh: bulk $name failed:" >&2; tail -5 "$out.err" >&2; exit 1; }
  end=$(date +%s.%N)
  items="$(field "$out/summary.json" "$fields")"; work="$(field "$out/summary.json" workSeconds)"
  BULKR[$name]="$(calc "round($items/$work)")"; WALL[$name]="$(calc "round($end-$start, 1)")"
  echo "  bulk $name: $items items in $(printf '%.1f' "$work") s of job -> ${BULKR[$name]} items/s (wall ${WALL[$name]} s)"
}
filled() { mk "$1"; raw write "$1" "$2" 8 >/dev/null; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); N=$N, M=$M"
echo "== warm-up (server JIT): raw write and delete of 30,000 items"
mk warmup; raw write warmup 30000 8 >/dev/null; rawm delete warmup 16 >/dev/null; drop warmup

# The source table every read verb reads: bulk's fill writes it (the raw fill's tables are dropped).
echo "== fill, $N items"
if wants fill; then
  mk rf8; l8="$(raw write rf8 "$N" 8)"; drop rf8
  mk rf16; l16="$(raw write rf16 "$N" 16)"; drop rf16
  best fill "$l8" "$l16"
fi
mk src
bulk_run fill written fill --endpoint "$EP" --table src --generator bench/Bench200.java --numitems "$N"
SRC_ITEMS="$(items_in src)"   # random keys: a repeat among N is possible, so the table is the reference
check "items in src after fill" "$(field "$WORK/fill/summary.json" written)" "$SRC_ITEMS"

if wants count || wants scancount || wants count-spark || wants count-where; then
  echo "== count and scancount of $SRC_ITEMS items"
  best count "$(raw count src 32)" "$(raw count src 64)"
  RAWR[scancount]=${RAWR[count]}; RAWR[count-spark]=${RAWR[count]}; RAWR[count-where]=${RAWR[count]}
  wants count && { bulk_run count count count --endpoint "$EP" --table src; check "count" "$SRC_ITEMS" "$(field "$WORK/count/summary.json" count)"; }
  wants scancount && { bulk_run scancount counted scancount --endpoint "$EP" --table src; check "scancount" "$SRC_ITEMS" "$(field "$WORK/scancount/summary.json" counted)"; }
  wants count-spark && { bulk_run count-spark count count --endpoint "$EP" --table src --engine spark; check "count --engine spark" "$SRC_ITEMS" "$(field "$WORK/count-spark/summary.json" count)"; }
  wants count-where && { bulk_run count-where count count --endpoint "$EP" --table src --where "n >= 0"; check "count --where" "$SRC_ITEMS" "$(field "$WORK/count-where/summary.json" count)"; }
fi

if wants export || wants load; then
  echo "== export (ddb-json to a local folder) of $SRC_ITEMS items"
  # RawScan reads the two tables it is given; given src twice, it scans 2 x the items, at the same rate per item
  best export "$(rawscan scan src src 64 8)" "$(rawscan scan src src 64 16)"
  bulk_run export exported export --endpoint "$EP" --table src
  check "export's lines" "$SRC_ITEMS" "$(cat "$WORK"/export/result/part-* | wc -l)"
fi

if wants load; then
  echo "== load of that export ($SRC_ITEMS items, ddb-json)"
  RAWR[load]=${RAWR[fill]:-}
  if [ -z "${RAWR[load]}" ]; then
    mk rl8; l8="$(raw write rl8 "$N" 8)"; drop rl8; mk rl16; l16="$(raw write rl16 "$N" 16)"; drop rl16; best load "$l8" "$l16"
  fi
  mk loaded
  bulk_run load written load --endpoint "$EP" --table loaded --format ddb-json --s3-path "$WORK/export/result"
  check "items in the loaded table" "$SRC_ITEMS" "$(items_in loaded)"
  drop loaded
fi

if wants copy || wants diff; then
  echo "== copy of $SRC_ITEMS items into a second table"
  lines=()
  for writers in 8 16; do mk "rc$writers"; lines+=("$(rawm copy src "rc$writers" "$writers")"); drop "rc$writers"; done
  best copy "${lines[@]}"
  mk copied
  bulk_run copy copied copy --endpoint "$EP" --source src --target copied --yes
  check "items in the copy" "$SRC_ITEMS" "$(items_in copied)"
fi

if wants diff; then
  echo "== diff of src and its copy ($SRC_ITEMS items each)"
  segs="$(bulk diff --endpoint "$EP" --table src --table2 copied --dry-run --output "$WORK/diff-plan" 2>&1 \
    | sed -n 's/^Segments: \([0-9]*\) (planned).*/\1/p')"
  best diff "$(rawscan scan src copied "$segs" 8)" "$(rawscan scan src copied "$segs" 16)"
  bulk_run diff itemsTable+itemsTable2 diff --endpoint "$EP" --table src --table2 copied
  check "differences between src and its copy" 0 "$(field "$WORK/diff/summary.json" differences)"
fi
drop src; wants copy || wants diff && drop copied

# per-item writers: M items each, every table written fresh by the raw pool
if wants delete || wants truncate; then
  echo "== delete and truncate, $M items"
  lines=()
  for writers in 8 16; do filled "rd$writers" "$M"; lines+=("$(rawm delete "rd$writers" "$writers")"); drop "rd$writers"; done
  best delete "${lines[@]}"; RAWR[truncate]=${RAWR[delete]}
  if wants delete; then
    filled del "$M"; bulk_run delete deleted delete --endpoint "$EP" --table del --yes
    check "items left after delete" 0 "$(items_in del)"; drop del
  fi
  if wants truncate; then
    filled trunc "$M"; bulk_run truncate deleted truncate --endpoint "$EP" --table trunc --yes --skip-pitr-check
    check "items left after truncate" 0 "$(items_in trunc)"; drop trunc
  fi
fi

if wants update; then
  echo "== update (touched), $M items"
  lines=()
  for writers in 8 16; do filled "ru$writers" "$M"; lines+=("$(rawm update "ru$writers" "$writers")"); drop "ru$writers"; done
  best update "${lines[@]}"
  filled upd "$M"; bulk_run update updated update --endpoint "$EP" --table upd --generator touched --yes
  echo "  check: $(rawm counttouched upd)"; drop upd
fi

echo
echo "== every verb against its raw ceiling (job items/s; N=$N, M=$M; in-memory DynamoDB Local, $(nproc) cores)"
printf '  %-12s %12s %12s %7s %10s %8s  %s\n' verb "raw items/s" "bulk items/s" "% raw" "bulk wall" goal ""
for verb in fill count scancount count-spark count-where export load copy diff delete truncate update; do
  [ -n "${RAWR[$verb]:-}" ] && [ -n "${BULKR[$verb]:-}" ] || continue
  case "$verb" in delete|truncate|update) goal=85 ;; count-where) goal=70 ;; *) goal=90 ;; esac
  pct="$(calc "round(100*${BULKR[$verb]}/${RAWR[$verb]})")"
  verdict="$(calc "'met' if $pct >= $goal else 'NOT met'")"
  printf '  %-12s %12s %12s %6s%% %9ss %7s%%  %s\n' "$verb" "$(printf "%'d" "${RAWR[$verb]}")" \
    "$(printf "%'d" "${BULKR[$verb]}")" "$pct" "${WALL[$verb]}" "$goal" "$verdict"
done
echo "  (count-spark: the same count as a Spark job, --engine spark, held to count's goal; count-where: --where"
echo "   \"n >= 0\", the SQL path, against the Select=COUNT ceiling although its scan returns every item's n: 70 %)"
echo "== outputs in $WORK; run took $(( ($(date +%s) - run_start) / 60 )) min $(( ($(date +%s) - run_start) % 60 )) s; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
