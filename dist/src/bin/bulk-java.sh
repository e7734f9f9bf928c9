# The launchers' shared part, sourced (not run) by the repository's ./bulk and by a release's bin/bulk:
# which Java runs bulk, the one message that refuses a Java it cannot run on, and the JVM command line.
# Kept in one file so both launchers agree; bash only (no sed or grep), so it behaves alike on Linux and macOS.

# The Java feature versions bulk runs on, both ends included: those of the tool on Spark 4 (17, 21 and 25 are
# the LTS releases among them). Change it here and nowhere else.
BULK_JAVA_SUPPORTED="17-25"

# One line on stderr and exit 2, the code for bad usage (ExitCodes.USAGE in core): nothing was run.
bulk_refuse_java() {
  echo "bulk: $1; bulk runs on Java ${BULK_JAVA_SUPPORTED/-/ to } (it takes JAVA_HOME/bin/java, else the java on PATH)" >&2
  exit 2
}

# Sets BULK_JAVA to the java to run: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH; refuses
# one outside BULK_JAVA_SUPPORTED, or one whose version it cannot read, before anything else starts.
bulk_check_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    BULK_JAVA="$JAVA_HOME/bin/java"
    [ -x "$BULK_JAVA" ] || bulk_refuse_java "JAVA_HOME is $JAVA_HOME, which has no bin/java"
  else
    BULK_JAVA="$(command -v java || true)"
    [ -n "$BULK_JAVA" ] || bulk_refuse_java "no java found (JAVA_HOME is not set and no java is on PATH)"
  fi
  # `java -version` prints e.g. `openjdk version "21.0.5" 2024-10-15` (Java 8 and older: "1.8.0_402"),
  # possibly after lines such as "Picked up JAVA_TOOL_OPTIONS: ...".
  local pattern='version "([^"]+)"' line version="" major
  while IFS= read -r line; do
    if [[ $line =~ $pattern ]]; then
      version="${BASH_REMATCH[1]}"
      break
    fi
  done < <("$BULK_JAVA" -version 2>&1)
  if [[ $version =~ ^1\.([0-9]+) ]] || [[ $version =~ ^([0-9]+) ]]; then
    major="${BASH_REMATCH[1]}"
  else
    bulk_refuse_java "cannot tell which Java $BULK_JAVA is (its -version names no version)"
  fi
  if (( major < ${BULK_JAVA_SUPPORTED%-*} || major > ${BULK_JAVA_SUPPORTED#*-} )); then
    bulk_refuse_java "$BULK_JAVA is Java $major"
  fi
}

# Class-data sharing: a run maps the classes it needs from an archive instead of reading and verifying them
# from the 230 MB jar again, which is most of a short command's start (an empty `count`: ~1.9 s instead of
# ~3.2 s, bench/startup.sh). The first run on a jar writes the archive as it exits, to a name of its own
# (two first runs at once never write the same file); the next run on the same jar and Java promotes a
# finished one and maps it. The JVM checks an archive against the jar and the Java it was made with,
# VerifySharedSpaces checks its contents, and one that does not pass is ignored: the run is only slower.
# BULK_CDS=0 turns it off. Sets BULK_CDS_FLAGS.
bulk_cds_flags() {
  local jar="$1" dir="${BULK_HOME:-$HOME/.bulk}/cds" archive candidate pid
  BULK_CDS_FLAGS=()
  [ "${BULK_CDS:-1}" = "0" ] && return 0
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  # one archive per Java (its path, made a file name) and jar (its modification time decides below)
  archive="$dir/bulk-${BULK_JAVA//[^A-Za-z0-9]/_}.jsa"
  [ -f "$archive" ] && [ "$jar" -nt "$archive" ] && rm -f "$archive"
  if [ ! -f "$archive" ]; then
    for candidate in "$archive".*; do
      [ -f "$candidate" ] || continue
      pid="${candidate##*.}"
      # a finished dump (its JVM gone) of this jar becomes the archive; a stale one is removed
      if ! kill -0 "$pid" 2>/dev/null; then
        if [ "$jar" -nt "$candidate" ] || [ -f "$archive" ]; then rm -f "$candidate"; else mv -f "$candidate" "$archive"; fi
      fi
    done
  fi
  if [ -f "$archive" ]; then
    BULK_CDS_FLAGS=(-XX:SharedArchiveFile="$archive" -XX:+VerifySharedSpaces -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    # $$ is the pid of the JVM too: exec keeps it
    BULK_CDS_FLAGS=(-XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# Sets BULK_COMMAND to the command line that runs the jar (after bulk_check_java) with DynamoDB Local's folder
# for --local, without the verb's arguments; the benchmarks run exactly this too. Spark's --add-opens list is in
# the jar's manifest, so no JVM module flags are needed here.
bulk_command() {
  local jar="$1" ddblocal_lib="$2"
  # C1 only (TieredStopAtLevel=1): a bulk run is a short-lived JVM waiting on DynamoDB; C2's compile
  # threads would take CPU from the work (measured: fill of 200k items used 13 s of CPU instead of
  # 27 s). BULK_JAVA_OPTS comes last, so BULK_JAVA_OPTS=-XX:TieredStopAtLevel=4 restores C2.
  # --sun-misc-unsafe-memory-access=allow: Spark's off-heap memory goes through sun.misc.Unsafe, which
  # Java 24+ warns about on every start (a manifest cannot carry this flag; Java 17 and 21 ignore it
  # under IgnoreUnrecognizedVMOptions).
  bulk_cds_flags "$jar"
  # shellcheck disable=SC2206 # BULK_JAVA_OPTS holds several flags: split on purpose
  BULK_COMMAND=("$BULK_JAVA" -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -Xss4m
    --sun-misc-unsafe-memory-access=allow ${BULK_CDS_FLAGS[@]+"${BULK_CDS_FLAGS[@]}"} ${BULK_JAVA_OPTS:-}
    -Dbulk.ddblocal.lib="$ddblocal_lib" -jar "$jar")
}

# Runs the jar (after bulk_check_java) with the given arguments; replaces the shell.
bulk_exec() {
  local jar="$1" ddblocal_lib="$2"
  shift 2
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  bulk_command "$jar" "$ddblocal_lib"
  exec "${BULK_COMMAND[@]}" "$@"
}
