#!/usr/bin/env bash
# Capacity benchmark: how close bulk runs to a table's capacity without taking what others need.
# One in-memory DynamoDB Local with ThrottlingDynamoFake (the test fixtures' capacity-enforcing test
# double) in front of it; every bulk command goes through the fake, signed with its own access key so
# the fake's per-client statistics (GET /_fake/stats) keep the scenarios apart. Items of ~1,000 bytes
# (bench/Bench1K.java): one write unit each. Burst credit is configured down to one second (burst=0)
# so the physical limit is exact: a table of W units/s writes U units in no less than U/W - 1 s.
#   1. fill N items into a 500-WCU provisioned table at --write-percent 100 (the whole table): speed = that limit / the seconds from the job's
#      first to its last request (the fake's clock; in brackets over summary.json's workSeconds, which
#      also holds Spark stages and the generator's compilation); goal >= 0.95; throttled requests
#      / requests < 1 %.
#   2. the same fill at the default rate (50 %) while a "production" client (bench/Production.java,
#      PutItem, no retries) writes at 40 % of capacity: the production client's throttles; goal 0.
#   3. scancount of the table of 1 at 400 RCU (--read-percent 100), capacity dropped to 100 three seconds after the first
#      read: seconds from the drop until the job stays under the new capacity, i.e. from then to its
#      end at most 5 % of its requests are refused (an adaptive limiter's rare probe may be; a job
#      still asking for the old rate is refused often); goal <= 5 s.
#   4. a new on-demand table, fill at 10,000 WCU against the initial 4,000 that doubles on each new
#      peak, scaled by 1/SCALE (default 20: 200 warm, fill at 500 WCU) because the fake and DynamoDB
#      Local on this machine serve ~1,100 items/s: throttled requests and speed vs the ramp (the best
#      any client could do: each second min(rate, max(warm, 2 x peak))). Goal (ours; the issue sets
#      none): throttled < 1 %, >= 0.95 of the ramp's speed.
#   5. the cluster budget: fill on a Spark standalone cluster (a master and two workers of Spark's
#      own classes, as bench/cluster.sh) into tables of R = 100 and 1,000 WCU at --write-percent 100, 20 s of items each:
#      the figures of 1. ONLY=local skips it; ONLY=cluster runs only it.
# Usage: bench/capacity.sh [N]   (default 20000). Build first: mvn -B -o -q -pl cli -am package -DskipTests
# Prints figures, goals and met/missed; writes only under a temp folder, removed on exit (KEEP=1 keeps it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-20000}"
SCALE="${SCALE:-20}"
ONLY="${ONLY:-}"
JAR="$ROOT/cli/target/bulk.jar"
FIXTURES="$ROOT/test-fixtures/target/classes"
[ -f "$JAR" ] && [ -f "$FIXTURES/dev/bulk/testing/ThrottlingDynamoFake.class" ] \
  || { echo "build first: mvn -B -o -q -pl cli -am package -DskipTests"; exit 1; }
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
JAVA=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib")
bulk() { "${JAVA[@]}" -jar "$JAR" "$@"; }
WORK="$(mktemp -d /tmp/bulk-bench-cap.XXXXXX)"
export BULK_HOME="$WORK/home" BULK_PROGRESS=0
# The fake tells clients apart by access key id (letters and digits only: DynamoDB Local checks that).
export AWS_SECRET_ACCESS_KEY=bench
PIDS=()
cleanup() {
  touch "$WORK/stop"
  for pid in "${PIDS[@]}"; do pkill -9 -P "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done
  bulk local stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

"${JAVA[@]}" -Dbulk.ddblocal.heap=2g -jar "$JAR" local start --in-memory >/dev/null
EP="$(bulk local status | grep -o 'http://127.0.0.1:[0-9]*')"
# The fake runs on the bulk jar's SDK and Jackson plus the fixtures' own classes.
java -cp "$JAR:$FIXTURES" dev.bulk.testing.ThrottlingDynamoFake --upstream "$EP" > "$WORK/fake.out" 2> "$WORK/fake.err" &
PIDS+=($!); disown # killed at exit: no "Killed" line for it
for _ in $(seq 1 100); do [ -s "$WORK/fake.out" ] && break; sleep 0.1; done
FAKE="$(head -1 "$WORK/fake.out")"
[ -n "$FAKE" ] || { echo "the fake did not start:"; cat "$WORK/fake.err"; exit 1; }
echo "== DynamoDB Local $EP, ThrottlingDynamoFake $FAKE, N=$N items of ~1,000 bytes, $(nproc) cores"

mk() { bulk create-table --endpoint "$EP" --table "$1" --pk pk:S --sk sk:S >/dev/null; }
cap() { curl -sf -G "$FAKE/_fake/capacity" --data-urlencode "table=$1" --data-urlencode "spec=$2" >/dev/null; }
stats() { curl -sf "$FAKE/_fake/stats"; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts'].get(sys.argv[2], d.get(sys.argv[2])))" "$1" "$2"; }
# stat FILE clients|tables NAME FIELD: one figure of a saved stats answer (0 if absent)
stat() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]].get(sys.argv[3], {}).get(sys.argv[4], 0))" "$@"; }
calc() { python3 -c "print($1)"; }
verdict() { python3 -c "print('met' if $1 else 'MISSED')"; }
declare -a FIGURES
figure() { FIGURES+=("$(printf '  %-56s %-16s %-8s %s' "$1" "$2" "$3" "$4")"); }

# run NAME KEY ARGS...: a bulk command through the fake as client KEY; its output in $WORK/NAME*
run() {
  local name="$1" key="$2"; shift 2
  AWS_ACCESS_KEY_ID="$key" bulk "$@" --endpoint "$FAKE" --output "$WORK/$name" > "$WORK/$name.out" 2> "$WORK/$name.err" \
    || { echo "  $name failed:"; tail -5 "$WORK/$name.err"; exit 1; }
  grep -E 'units/s|Total records' "$WORK/$name.out" "$WORK/$name.err" | sed 's/^[^:]*:/  /' || true
}

# fill_figures NAME KEY TABLE LIMIT_SECONDS_EXPR LABEL: speed vs the limit and throttled share. The
# speed is taken over the span from the job's first to its last request as the fake saw them (what a
# limiter controls); over the job's seconds from summary.json (also Spark stages, the generator's
# compilation) it is printed in brackets.
fill_figures() {
  local name="$1" key="$2" table="$3" limit="$4" label="$5"
  stats > "$WORK/$name.stats"
  local work req thr units cunits ups span
  work="$(field "$WORK/$name/summary.json" workSeconds)"
  req="$(stat "$WORK/$name.stats" clients "$key" requests)"; thr="$(stat "$WORK/$name.stats" clients "$key" throttled)"
  units="$(stat "$WORK/$name.stats" tables "$table" consumedWriteUnits)"
  cunits="$(stat "$WORK/$name.stats" clients "$key" writeUnits)"; ups="$(stat "$WORK/$name.stats" clients "$key" unitsPerSecond)"
  span="$(calc "round($cunits/max($ups,1e-9), 1)")"
  local ideal speed jspeed pct
  ideal="$(calc "round(${limit//UNITS/$units}, 1)")"
  speed="$(calc "round($ideal/$span, 3)")"; jspeed="$(calc "round($ideal/$work, 3)")"
  pct="$(calc "round(100*$thr/max($req,1), 2)")"
  echo "  $units write units: first to last request $span s, job $(calc "round($work, 1)") s, limit $ideal s; $req requests, $thr throttled"
  figure "$label: speed / limit" "$speed ($jspeed)" ">= 0.95" "$(verdict "$speed >= 0.95")"
  figure "$label: throttled requests" "$pct % ($thr)" "< 1 %" "$(verdict "$pct < 1")"
}

if [ "$ONLY" != cluster ]; then
echo "== 1. fill $N items into a 500-WCU provisioned table"
mk cap1; cap cap1 "provisioned,read=400,write=500,burst=0"
run fill1 bulkfill fill --table cap1 --yes --generator bench/Bench1K.java --numitems "$N" --write-percent 100
fill_figures fill1 bulkfill cap1 "(UNITS - 500) / 500" "1. fill at 500 WCU"

echo "== 2. the same fill while a production client writes at 40 % of capacity (200 WCU)"
mk cap2; cap cap2 "provisioned,read=400,write=500,burst=0"
java -cp "$JAR" "$ROOT/bench/Production.java" "$FAKE" cap2 200 "$WORK/stop-production" > "$WORK/production.out" 2>&1 &
PROD=$!; PIDS+=($PROD)
sleep 2 # the production client is already writing when the job starts, as it would be
run fill2 bulkfill2 fill --table cap2 --yes --generator bench/Bench1K.java --numitems "$N"
touch "$WORK/stop-production"; wait "$PROD" || { echo "  production client failed:"; cat "$WORK/production.out"; exit 1; }
sed 's/^/  /' "$WORK/production.out"
stats > "$WORK/fill2.stats"
pthr="$(stat "$WORK/fill2.stats" clients production throttled)"
preq="$(stat "$WORK/fill2.stats" clients production requests)"
bunits="$(stat "$WORK/fill2.stats" clients bulkfill2 writeUnits)"
# At the default rate (50 % of 500) the job's own limit is its budget, not the 300 WCU left.
fill_figures fill2 bulkfill2 cap2 "($bunits - 250) / 250" "2. fill beside production, default rate 250 WCU"
figure "2. production client: throttled requests" "$pthr of $preq" "0" "$(verdict "$pthr == 0")"

echo "== 3. scancount at 400 RCU, capacity dropped to 100 RCU 3 s after the first read"
cat > "$WORK/watch.py" <<'PY'
# Samples the fake's statistics every 0.1 s, drops the capacity DELAY s after CLIENT's first read,
# and when STOP exists prints how long after the drop the client kept being refused.
import json, os, sys, time, urllib.parse, urllib.request
fake, table, client, delay, spec, stop = sys.argv[1:7]
def get(path):
    with urllib.request.urlopen(fake + path) as reply:
        return json.load(reply)
samples, t0, dropped = [], None, None
while not os.path.exists(stop):
    now = time.monotonic()
    c = get("/_fake/stats")["clients"].get(client, {})
    units = c.get("readUnits", 0)
    if t0 is None and units > 0:
        t0 = now
    if t0 is not None and dropped is None and now >= t0 + float(delay):
        get("/_fake/capacity?" + urllib.parse.urlencode({"table": table, "spec": spec}))
        dropped = time.monotonic()
    samples.append((now, c.get("requests", 0), c.get("throttled", 0), units))
    time.sleep(0.1)
if dropped is None:
    print("settle_s=nan the scan ended before the drop"); sys.exit()
end_req, end_thr = samples[-1][1], samples[-1][2]
last = next(i for i, s in enumerate(samples) if s[1] == end_req)
after = [s for s in samples[:last + 1] if s[0] >= dropped] or [samples[last]]
settle = after[-1][0] - dropped
for t, req, thr, _ in after:
    if end_req - req == 0 or (end_thr - thr) / (end_req - req) <= 0.05:
        settle = t - dropped
        break
before = [s for s in samples if t0 <= s[0] < dropped]
rate_before = (before[-1][3] - before[0][3]) / max(before[-1][0] - before[0][0], 1e-9)
first_after = after[0]
rate_after = (after[-1][3] - first_after[3]) / max(after[-1][0] - first_after[0], 1e-9)
print(f"settle_s={settle:.1f} units_per_s_before={rate_before:.0f} units_per_s_after={rate_after:.0f}"
      f" requests_after={end_req - first_after[1]} throttled_after={end_thr - first_after[2]}")
line, k = [], 0
while first_after[0] + k < after[-1][0]:
    window = [s for s in after if first_after[0] + k <= s[0] < first_after[0] + k + 1]
    if window:
        line.append(f"{window[-1][3] - window[0][3]:.0f}u/{window[-1][2] - window[0][2]}t")
    k += 1
print("per second after the drop (read units / throttled requests): " + " ".join(line))
PY
python3 "$WORK/watch.py" "$FAKE" cap1 bulkscan 3 "provisioned,read=100,write=500,burst=0" "$WORK/stop-watch" > "$WORK/watch.out" 2>&1 &
WATCH=$!; PIDS+=($WATCH)
run scan3 bulkscan scancount --table cap1 --read-percent 100
touch "$WORK/stop-watch"; wait "$WATCH" || { echo "  watcher failed:"; cat "$WORK/watch.out"; exit 1; }
sed 's/^/  /' "$WORK/watch.out"
settle="$(sed -n 's/^settle_s=\([0-9.a-z]*\).*/\1/p' "$WORK/watch.out")"
figure "3. scan 400 -> 100 RCU: s until under the new capacity" "$settle s" "<= 5 s" "$(verdict "$settle <= 5")"

echo "== 4. a new on-demand table: fill at 10,000 WCU vs the ramp from 4,000, scaled 1/$SCALE"
WARM="$(calc "4000 // $SCALE")"; TARGET="$(calc "10000 // $SCALE")"
mk cap4; cap cap4 "on-demand,write=$WARM"
run fill4 bulkondemand fill --table cap4 --yes --generator bench/Bench1K.java --numitems "$N" --XMaxWriteRate "$TARGET"
# The ramp: each second serves min(target, max(warm, 2 x the peak second so far)); the last second in part.
ramp="$(python3 -c "
u, warm, target, t, peak = $N, $WARM, $TARGET, 0, 0
while u > 0:
    served = min(target, max(warm, 2 * peak)); peak = max(peak, served); t += min(1, u / served); u -= served
print(round(t, 1))")"
echo "  the ramp's time for $N units: $ramp s"
fill_figures fill4 bulkondemand cap4 "$ramp" "4. on-demand, $TARGET WCU vs warm $WARM"
fi

if [ "$ONLY" != local ]; then
echo "== 5. cluster budget: fill on a Spark standalone cluster, tables of R WCU"
CP_FILE="$ROOT/sparkdist/target/spark-classpath.txt"
[ -f "$CP_FILE" ] || mvn -B -q -ntp -pl sparkdist/spark-4 generate-resources
OPENS=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
export SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' < "$CP_FILE" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MPORT=$(free_port); MUI=$(free_port)
java "${OPENS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MPORT" \
  --webui-port "$MUI" > "$WORK/master.log" 2>&1 &
PIDS+=($!); disown
MASTER="spark://127.0.0.1:$MPORT"
for i in 1 2; do
  java "${OPENS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 4 --memory 3g --webui-port "$(free_port)" --work-dir "$WORK/worker-$i" "$MASTER" > "$WORK/worker-$i.log" 2>&1 &
  PIDS+=($!); disown
done
alive=0
for _ in $(seq 1 120); do
  alive=$(curl -s "http://127.0.0.1:$MUI/json/" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("aliveworkers",0))' 2>/dev/null || echo 0)
  [ "$alive" = 2 ] && break; sleep 0.5
done
[ "$alive" = 2 ] || { echo "cluster did not start"; tail -5 "$WORK"/*.log; exit 1; }
for R in 100 1000; do
  items=$((R * 20))
  echo "  -- R = $R WCU, $items items (one partition: the table's budget, not a partition's, is measured)"
  mk "cl$R"; cap "cl$R" "provisioned,read=$R,write=$R,burst=0,partitions=1"
  # Executors sign with the key Spark hands them, so each run's requests are counted apart.
  run "cl$R" "bulkcluster$R" fill --table "cl$R" --yes --generator bench/Bench1K.java --numitems "$items" --write-percent 100 --master "$MASTER" \
    --conf "spark.executorEnv.AWS_ACCESS_KEY_ID=bulkcluster$R" --conf spark.executorEnv.AWS_SECRET_ACCESS_KEY=bench
  fill_figures "cl$R" "bulkcluster$R" "cl$R" "(UNITS - $R) / $R" "5. cluster fill, R = $R"
done
fi

echo
echo "== Figures (N=$N, $(nproc) cores; figure, goal, verdict)"
printf '%s\n' "${FIGURES[@]}"
echo "  (requests the fake itself failed, answered 502 and retried by the clients: $(grep -c '^ThrottlingDynamoFake:' "$WORK/fake.err" || true))"
