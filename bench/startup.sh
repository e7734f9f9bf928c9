#!/usr/bin/env bash
# Start-up benchmark: the wall time of `count` on an empty table, the command's fixed cost, measured
# side by side in one run on one in-memory DynamoDB Local:
#   - the direct engine (the default without --master) and Spark (--engine spark);
#   - each plain, and with a class-data sharing archive of the jar's classes (made by one training run);
#   - `java -version` as the floor of any JVM start;
# then the --verbose breakdown of one direct and one Spark run ("Where the time went").
# Usage: bench/startup.sh [RUNS]   (default 5). Prints figures; writes only under a temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
./bulk --version >/dev/null
JAR="$ROOT/cli/target/bulk.jar"
export SPARK_LOCAL_IP=127.0.0.1
# The launcher's JVM flags (dist/src/bin/bulk-java.sh), so the figures are what `bulk` users see.
JVM=(java -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m -Dbulk.ddblocal.lib="$ROOT/ddblocal/target/lib")
WORK="$(mktemp -d /tmp/bulk-startup.XXXXXX)"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
ARCHIVE="$WORK/bulk.jsa"
cleanup() { "${JVM[@]}" -jar "$JAR" local stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

"${JVM[@]}" -jar "$JAR" local start --in-memory >/dev/null
EP="$(${JVM[@]} -jar "$JAR" local status | grep -o 'http://127.0.0.1:[0-9]*')"
"${JVM[@]}" -jar "$JAR" create-table --endpoint "$EP" --table empty --pk pk:S >/dev/null

# One training run writes the archive of the classes a count loads (a dynamic archive, Java 13+).
"${JVM[@]}" -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR" count --endpoint "$EP" \
  --table empty >/dev/null 2>&1
CDS=(-XX:SharedArchiveFile="$ARCHIVE" -Xlog:cds=off)

# Wall seconds of one command, to hundredths.
wall() {
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
  python3 -c "print(f'{$end-$start:.2f}')"
}

# Runs each variant once per round, round after round, so a noisy moment hits all of them alike.
declare -A times
variants=("java -version" "direct" "direct + CDS" "spark" "spark + CDS")
for ((round = 1; round <= RUNS; round++)); do
  times["java -version"]+=" $(wall java -version)"
  times["direct"]+=" $(wall "${JVM[@]}" -jar "$JAR" count --endpoint "$EP" --table empty)"
  times["direct + CDS"]+=" $(wall "${JVM[@]}" "${CDS[@]}" -jar "$JAR" count --endpoint "$EP" --table empty)"
  times["spark"]+=" $(wall "${JVM[@]}" -jar "$JAR" count --endpoint "$EP" --table empty --engine spark)"
  times["spark + CDS"]+=" $(wall "${JVM[@]}" "${CDS[@]}" -jar "$JAR" count --endpoint "$EP" --table empty --engine spark)"
done

echo "== count on an empty table, wall seconds ($RUNS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for variant in "${variants[@]}"; do
  # shellcheck disable=SC2086 # the runs are one space-separated list
  python3 - "$variant" ${times[$variant]} <<'EOF'
import statistics, sys
name, runs = sys.argv[1], [float(x) for x in sys.argv[2:]]
print(f"  {name:<16} min {min(runs):5.2f}  median {statistics.median(runs):5.2f}  runs {' '.join(f'{r:.2f}' for r in runs)}")
EOF
done
echo "  goal: the direct count's median <= 1.50 s"

echo "== where the time went: direct"
"${JVM[@]}" -jar "$JAR" count --endpoint "$EP" --table empty --verbose 2>&1 | sed -n '/Where the time went/,$p' | sed 's/^/  /'
echo "== where the time went: spark"
"${JVM[@]}" -jar "$JAR" count --endpoint "$EP" --table empty --verbose --engine spark 2>&1 \
  | sed -n '/Where the time went/,$p' | sed 's/^/  /'
