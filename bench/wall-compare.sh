#!/usr/bin/env bash
# Whole-process wall time of the reference `train` command, variants side by side: the runs are
# interleaved (A B C A B C ...), so a noisy shared machine slows every variant alike; prints per
# variant the median and the fastest wall time, the median CPU time (user + sys), the ratio of the
# medians to the first variant and the median of the differences to the first variant's run of the
# same round (paired: steadier when the machine's load drifts).
#   bench/wall-compare.sh RUNS VARIANT...
# A VARIANT is a jar (run as: $JAVA [$JAVA_OPTS] -jar JAR train --device cpu --verbose 2 --out DIR),
# or LABEL::COMMAND, a shell command in which $OUT is a fresh output folder and $JAVA the java binary:
#   bench/wall-compare.sh 7 /tmp/engine-before.jar target/engine.jar
#   bench/wall-compare.sh 7 target/engine.jar 'in-process::$JAVA -Dclnn.relaunch=off -jar target/engine.jar train --device cpu --verbose 2 --out $OUT'
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/wall-compare.sh 7 /tmp/engine-before.jar target/engine.jar
# Run from the repository root.
set -euo pipefail
runs=${1:?RUNS}
shift
export JAVA=${JAVA:-java}
java_opts=${JAVA_OPTS:-}
labels=()
commands=()
for v in "$@"; do
  if [[ $v == *::* ]]; then
    labels+=("${v%%::*}")
    commands+=("${v#*::}")
  else
    labels+=("$v")
    commands+=("\$JAVA $java_opts -jar $v train --device cpu --verbose 2 --out \$OUT")
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "runs=$runs java=$("$JAVA" -version 2>&1 | head -1) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  for k in "${!labels[@]}"; do
    out="$tmp/out"
    rm -rf "$out"
    start=$(date +%s%N)
    if ! OUT=$out /usr/bin/time -f '%U %S' -o "$tmp/cpu" bash -c "${commands[$k]}" >"$tmp/stdout" 2>"$tmp/stderr"; then
      echo "${labels[$k]}: failed"; cat "$tmp/stderr"; exit 1
    fi
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/cpu")" >>"$tmp/times$k"
  done
done
base=
for k in "${!labels[@]}"; do
  med=$(cut -d' ' -f1 "$tmp/times$k" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  min=$(cut -d' ' -f1 "$tmp/times$k" | sort -n | head -1)
  cpu=$(cut -d' ' -f2 "$tmp/times$k" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  [ -z "$base" ] && base=$med
  # Paired with the first variant's run of the same round (a few seconds apart): the median difference
  # is steadier than the difference of the medians when the machine's load drifts.
  diff=$(paste -d' ' "$tmp/times0" "$tmp/times$k" | awk '{print $3 - $1}' | sort -n \
      | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  printf '%-34s wall median %5d ms  min %5d  cpu median %5d  ratio %.2f  paired diff %+5d ms  [%s]\n' "${labels[$k]}" \
      "$med" "$min" "$cpu" "$(awk -v a="$med" -v b="$base" 'BEGIN {print a / b}')" "$diff" \
      "$(cut -d' ' -f1 "$tmp/times$k" | tr '\n' ' ' | sed 's/ $//')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
