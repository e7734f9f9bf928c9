#!/usr/bin/env bash
# Paired fill benchmark: on one fresh in-memory DynamoDB Local, alternate a raw BatchWriteItem
# thread pool (16 writers) and `bulk fill` of the same 200,000 ~200-byte items, dropping each table
# after it is measured. Pairs minutes apart share the server's state, so their ratio is fairer than
# separate runs on this noisy 2-core machine.   Usage: bench/fill-pairs.sh [PAIRS]   (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PAIRS="${1:-3}"
N=200000
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
WORK="$(mktemp -d /tmp/bulk-pairs.XXXXXX)"
export BULK_HOME="$WORK/home" SPARK_LOCAL_IP=127.0.0.1
BULK=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib" -jar "$JAR")
trap '"${BULK[@]}" local stop >/dev/null 2>&1 || true' EXIT
java -Dbulk.ddblocal.heap=4g -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib" -jar "$JAR" local start --in-memory >/dev/null
EP="$("${BULK[@]}" local status | grep -o 'http://127.0.0.1:[0-9]*')"
raw() { java -cp "$JAR" "$ROOT/bench/RawCeiling.java" "$EP" "$@"; }
mk() { "${BULK[@]}" create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
mk warmup; raw write warmup 30000 8 >/dev/null; raw drop warmup
total_raw=0; total_fill=0
for i in $(seq 1 "$PAIRS"); do
  mk rawt; line="$(raw write rawt "$N" 16)"; raw drop rawt; r="${line##*items_per_s=}"
  mk fillt
  "${BULK[@]}" fill --endpoint "$EP" --table fillt --generator bench/Bench200.java --numitems "$N" --output "$WORK/f$i" >/dev/null 2>&1
  f="$(python3 -c "import json; print(round($N / json.load(open('$WORK/f$i/summary.json'))['counts']['workSeconds']))")"
  raw drop fillt
  echo "pair $i: raw $r items/s, bulk fill $f items/s = $(python3 -c "print(round(100*$f/$r))")%"
  total_raw=$((total_raw + r)); total_fill=$((total_fill + f))
done
echo "mean: raw $((total_raw / PAIRS)) items/s, bulk fill $((total_fill / PAIRS)) items/s = $(python3 -c "print(round(100*$total_fill/$total_raw))")%"
