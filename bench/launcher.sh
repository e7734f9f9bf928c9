# Sourced by the benchmarks that run bulk as its launcher runs it (bench/peers.sh, bench/verbs.sh): builds the
# jar if the sources changed, makes the run's folder, and runs a copy of the jar, so that editing or rebuilding
# the sources during a long run changes nothing. The JVM command line is the launchers' own
# (dist/src/bin/bulk-java.sh: the same Java, flags and class-data sharing archive).
# Usage: . bench/launcher.sh NAME   (from the project's root); sets WORK, JAR and BULK, and defines
# launcher (sets BULK again, e.g. once the class-data sharing archive exists) and bulk (runs BULK).
./bulk --version >/dev/null
WORK="$(mktemp -d "/tmp/bulk-$1.XXXXXX")"
export BULK_HOME="$WORK/home"
export BULK_PROGRESS=0
export SPARK_LOCAL_IP=127.0.0.1
JAR="$WORK/bulk.jar"
cp -p cli/target/bulk.jar "$JAR"
# shellcheck source=dist/src/bin/bulk-java.sh
. dist/src/bin/bulk-java.sh
bulk_check_java
launcher() { bulk_command "$JAR" "$PWD/ddblocal/target/lib"; BULK=("${BULK_COMMAND[@]}"); }
BULK_CDS=0 launcher
bulk() { "${BULK[@]}" "$@"; }
