#!/usr/bin/env bash
# Times the reference workload (bundled digits, 400-25-15-10, Adam 0.001, batch 32, 40 epochs) with
# the engine jar, several runs in a row, and prints each run and the medians of the training loop and
# of the whole process (java -jar ... train: JVM start, data, training, evaluation, files, figures, exit).
#   bench/train-time.sh [DEVICE] [RUNS]        e.g. bench/train-time.sh cpu 5
# Needs target/engine.jar (mvn -q package -DskipTests). Run from the repository root. To compare jars
# side by side, interleaved, use bench/wall-compare.sh; for where the time goes, bench/wall-breakdown.sh.
set -euo pipefail
device=${1:-cpu}
runs=${2:-5}
jar=${JAR:-target/engine.jar}
java=${JAVA:-java}
java_opts=(${JAVA_OPTS:-})
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "device=$device runs=$runs java=$("$java" -version 2>&1 | head -1)"
secs=()
walls=()
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  out=$("$java" "${java_opts[@]}" -jar "$jar" train --device "$device" --verbose 2 --out "$tmp/run$i")
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  line=$(echo "$out" | grep '^trained ')
  errors=$(echo "$out" | grep -E '^[0-9]+ errors out of' | cut -d' ' -f1)
  acc=$(echo "$out" | grep '^test accuracy' | cut -d' ' -f3)
  loss=$(tail -1 "$tmp/run$i/history.csv" | cut -d, -f2)
  echo "run $i: $line; final loss $loss; $errors training errors; test accuracy $acc; process wall ${wall}s"
  secs+=("$(echo "$line" | sed -E 's/.* in ([0-9.]+) s \(([0-9]+) us.*/\1 \2/')")
  walls+=("$wall")
done
printf '%s\n' "${secs[@]}" | sort -n | awk '{s[NR]=$1; u[NR]=$2} END {m=int((NR+1)/2); printf "median: %.2f s for 40 epochs, %d us/step (%d runs)\n", s[m], u[m], NR}'
printf '%s\n' "${walls[@]}" | sort -n | awk '{w[NR]=$1} END {m=int((NR+1)/2); printf "median process wall: %.2f s (min %.2f s, %d runs)\n", w[m], w[1], NR}'
