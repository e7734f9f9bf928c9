#!/usr/bin/env bash
# Scale-out benchmark. On this machine: one in-memory DynamoDB Local, a Spark standalone
# cluster of Spark's own classes (a master and two workers, separate JVMs on 127.0.0.1, classpath =
# a Spark distribution's jars from sparkdist/target/spark-classpath.txt, so bulk's jar is shipped by
# bulk itself), and N items of ~200 bytes (bench/BenchQuery.java).
#   1. scancount and count throughput, local mode vs the cluster (overhead ratio)
#   2. the rate-limit accuracy table: --XMaxReadRate R vs the consumed read units per second that
#      DynamoDB reported (summary.json: readUnits / workSeconds), R = 10, 100, 1,000, 10,000, both modes.
#      Low rates read a sample of the segments (--sample-fraction) so each run takes ~40-50 s.
# Usage: ONLY=rates bench/cluster.sh skips part 1.
# Usage: bench/cluster.sh [N]   (default 200000). Prints figures; writes only under a temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200000}"
./bulk --version >/dev/null
CP_FILE="$ROOT/sparkdist/target/spark-classpath.txt"
[ -f "$CP_FILE" ] || mvn -B -q -ntp -pl sparkdist/spark-4 generate-resources
JAR="$ROOT/cli/target/bulk.jar"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
OPENS=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
JAVA=(java -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib")
bulk() { "${JAVA[@]}" -jar "$JAR" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench-cluster.XXXXXX)"
export BULK_HOME="$WORK/home" BULK_PROGRESS=0
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do pkill -9 -P "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done
  bulk local stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A Spark home whose jars/ is the distribution's jars (symlinks): the workers build executor classpaths from it.
export SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' < "$CP_FILE" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MPORT=$(free_port); MUI=$(free_port)
java "${OPENS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MPORT" \
  --webui-port "$MUI" > "$WORK/master.log" 2>&1 &
PIDS+=($!)
MASTER="spark://127.0.0.1:$MPORT"
# Two workers; Spark's "cores" are task slots: 4 each, so the cluster has the 8 slots local mode has on 2 cores.
for i in 1 2; do
  java "${OPENS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 4 \
    --memory 3g --webui-port "$(free_port)" --work-dir "$WORK/worker-$i" "$MASTER" > "$WORK/worker-$i.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 1 120); do
  alive=$(curl -s "http://127.0.0.1:$MUI/json/" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("aliveworkers",0))' 2>/dev/null || echo 0)
  [ "$alive" = 2 ] && break; sleep 0.5
done
[ "$alive" = 2 ] || { echo "cluster did not start"; tail -5 "$WORK"/*.log; exit 1; }
echo "== cluster: $MASTER, 2 workers x 4 slots (executors: 1 per worker, 1g heap)"

"${JAVA[@]}" -Dbulk.ddblocal.heap=6g -jar "$JAR" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
div() { python3 -c "print(round($1/$2, ${3:-0}))"; }

bulk create-table --endpoint "$EP" --table cbench --pk pk:S --sk sk:S >/dev/null
echo "== fill $N items (local mode)"
bulk fill --endpoint "$EP" --table cbench --generator bench/BenchQuery.java --numitems "$N" --output "$WORK/fill" 2>/dev/null | tail -1

run() { # name, mode (local|cluster), then bulk arguments
  local name="$1" mode="$2"; shift 2
  local extra=(); [ "$mode" = cluster ] && extra=(--master "$MASTER")
  local start end
  start=$(date +%s.%N)
  bulk "$@" --endpoint "$EP" --table cbench "${extra[@]}" --output "$WORK/$name" > "$WORK/$name.out" 2> "$WORK/$name.err" \
    || { echo "$name failed:"; tail -5 "$WORK/$name.err"; exit 1; }
  end=$(date +%s.%N)
  echo "$(python3 -c "print(round($end-$start,1))")" > "$WORK/$name.wall"
}

if [ "${ONLY:-}" != rates ]; then
echo "== throughput, local vs cluster (each twice, the second taken)"
printf "  %-10s %-8s %12s %14s %10s\n" verb mode items/s "job seconds" "wall s"
for verb in scancount count; do
  for mode in local cluster; do
    run "$verb-$mode" "$mode" "$verb"; run "$verb-$mode" "$mode" "$verb"
    ws=$(field "$WORK/$verb-$mode/summary.json" workSeconds)
    printf "  %-10s %-8s %12s %14s %10s\n" "$verb" "$mode" "$(div "$N" "$ws")" "$ws" "$(cat "$WORK/$verb-$mode.wall")"
  done
  l=$(field "$WORK/$verb-local/summary.json" workSeconds); c=$(field "$WORK/$verb-cluster/summary.json" workSeconds)
  echo "  $verb: cluster throughput = $(python3 -c "print(f'{100*$l/$c:.0f}')") % of local mode"
done
fi

echo "== rate-limit accuracy: --XMaxReadRate R (scancount --consistent-read, 1000 segments)"
printf "  %-7s %-8s %9s %12s %10s %12s\n" R mode fraction "units" seconds "units/s (%R)"
# Cluster job seconds include ~2-3 s of executor start (a JVM each, fetching the 183 MB jar) in
# which nothing is read: the low-rate runs last ~40-50 s so that start-up weighs little.
for spec in "10 0.03" "100 0.4" "1000 1" "10000 1"; do
  set -- $spec; R=$1; F=$2
  for mode in local cluster; do
    run "rate-$R-$mode" "$mode" scancount --consistent-read --segments 1000 --sample-fraction "$F" --XMaxReadRate "$R"
    u=$(field "$WORK/rate-$R-$mode/summary.json" readUnits); ws=$(field "$WORK/rate-$R-$mode/summary.json" workSeconds)
    printf "  %-7s %-8s %9s %12s %10s %12s\n" "$R" "$mode" "$F" "$u" "$ws" "$(div "$u" "$ws" 1) ($(python3 -c "print(f'{100*$u/$ws/$R:.0f}')") %)"
  done
done
echo "== unlimited (the table's ceiling here), for reference"
for mode in local cluster; do
  run "rate-max-$mode" "$mode" scancount --consistent-read --segments 1000
  u=$(field "$WORK/rate-max-$mode/summary.json" readUnits); ws=$(field "$WORK/rate-max-$mode/summary.json" workSeconds)
  echo "  $mode: $(div "$u" "$ws") units/s"
done
