#!/usr/bin/env bash
# The AWS CLI v2 doing what an operator would do by hand. The caller sets AWS (the CLI to run), the fake
# credentials and the region; every call goes to ENDPOINT.
#   aws_cli.sh count ENDPOINT TABLE SEGMENTS      SEGMENTS `aws dynamodb scan --select COUNT` processes at once
#                                                 (one per --segment), their Counts summed
#   aws_cli.sh fill ENDPOINT TABLE ITEMS PROCS WORKDIR
#                                                 ITEMS items as `aws dynamodb batch-write-item` calls of 25, PROCS
#                                                 processes at once, UnprocessedItems sent again
# Prints one line like bench/RawCeiling.java: "awscli-<what> ... items=N seconds=S items_per_s=R", the seconds
# being those of the whole job: every CLI process's start is part of what this way of working costs.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${AWS:?set AWS to the AWS CLI v2 to run}"

now() { date +%s.%N; }
report() { # what detail items start
  python3 -c "import sys; s=float(sys.argv[4])-float(sys.argv[3]); print('awscli-%s %s items=%d seconds=%.2f items_per_s=%.0f' % (sys.argv[1], sys.argv[2], int(sys.argv[5]), s, int(sys.argv[5])/s))" \
    "$1" "$2" "$4" "$(now)" "$3"
}

count() {
  local endpoint="$1" table="$2" segments="$3" dir start total pids=()
  dir="$(mktemp -d)"
  start="$(now)"
  for ((i = 0; i < segments; i++)); do
    # The CLI follows LastEvaluatedKey itself; as text it prints each page's Count on a line of its own.
    "$AWS" dynamodb scan --endpoint-url "$endpoint" --table-name "$table" --select COUNT \
      --total-segments "$segments" --segment "$i" --query Count --output text > "$dir/$i" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  total="$(cat "$dir"/* | awk '{ for (i = 1; i <= NF; i++) sum += $i } END { print sum + 0 }')"
  rm -rf "$dir"
  report count "segments=$segments" "$total" "$start"
}

# One batch-write-item call per request file, then again with what DynamoDB left unprocessed (the CLI
# prints UnprocessedItems in the shape --request-items takes, and prints nothing when it is empty).
put() {
  local endpoint="$1" request="$2" left
  while :; do
    left="$("$AWS" dynamodb batch-write-item --endpoint-url "$endpoint" --request-items "file://$request" \
      --query UnprocessedItems --output json)"
    case "$(echo "$left" | tr -d '[:space:]')" in "" | "{}") return 0 ;; esac
    echo "$left" > "$request.left"
    request="$request.left"
  done
}

fill() {
  local endpoint="$1" table="$2" items="$3" procs="$4" dir="$5" start
  mkdir -p "$dir"
  # The request files are written before the clock starts: an operator would have the data at hand.
  python3 - "$table" "$items" "$dir" <<'PY'
import json, sys
table, items, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for first in range(0, items, 25):
    puts = [{"PutRequest": {"Item": {"pk": {"S": "pk#%07d" % i}, "sk": {"S": "sk#01"}, "n": {"N": str(i)},
             "s": {"S": "short"}, "payload": {"S": "x" * 165}}}} for i in range(first, min(first + 25, items))]
    with open("%s/req-%07d.json" % (folder, first), "w") as f:
        json.dump({table: puts}, f)
PY
  start="$(now)"
  find "$dir" -name 'req-*.json' -print0 | xargs -0 -P "$procs" -n 1 bash "$HERE/aws_cli.sh" put "$endpoint"
  report fill "processes=$procs" "$items" "$start"
}

"$@"
