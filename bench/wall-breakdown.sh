#!/usr/bin/env bash
# Where the wall time of the whole `train` command goes: runs the reference workload RUNS times with
# -Dclnn.profile=true and prints, per phase, the median over the runs (ms), then the process's wall
# time measured here and what follows the report (wall minus the profiled total: the JVM's exit). The
# script's clock is passed as -Dclnn.profile.t0, so when java -jar relaunches (see clnn.cli.Relaunch),
# the child's first row runs from the script's start through the relaunching JVM's own start, and
# the relaunching JVM's rows follow, prefixed "parent JVM:".
#   bench/wall-breakdown.sh [RUNS] [-- EXTRA TRAIN ARGS]      e.g. bench/wall-breakdown.sh 5
# JAR (default target/engine.jar), JAVA (default java) and JAVA_OPTS as in train-time.sh. Run from the
# repository root.
set -euo pipefail
runs=${1:-5}
shift || true
[ "${1:-}" = "--" ] && shift
jar=${JAR:-target/engine.jar}
java=${JAVA:-java}
java_opts=(${JAVA_OPTS:-})
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "jar=$jar runs=$runs java=$("$java" -version 2>&1 | head -1) opts=${JAVA_OPTS:-}"
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$java" "${java_opts[@]}" -Dclnn.profile=true -Dclnn.profile.t0="$start" -jar "$jar" train --device cpu \
      --verbose 2 --out "$tmp/run$i" "$@" >"$tmp/out$i" 2>"$tmp/err$i"
  end=$(date +%s%N)
  total=$(grep -E '^ +[0-9.]+  total' "$tmp/err$i" | awk '{print $1}')
  awk -v w="$(( (end - start) / 1000 ))" -v t="$total" 'BEGIN {
      printf "  %8.1f  process wall (measured by this script)\n  %8.1f  after the report: JVM exit, and the relaunching JVM'"'"'s (wall - total)\n", w / 1000, w / 1000 - t }' \
      >>"$tmp/err$i"
done
# One row per phase name, in the first run's order; the median of that phase over the runs.
cat "$tmp"/err* | grep -E '^ +[0-9.]+  ' | awk '
  { v = $1; $1 = ""; name = substr($0, 2); if (!(name in n)) order[++k] = name; vals[name, ++n[name]] = v }
  END {
    for (i = 1; i <= k; i++) {
      name = order[i]; m = n[name]
      for (a = 1; a <= m; a++) x[a] = vals[name, a]
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
      printf "  %8.1f  %s\n", (m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2), name
    }
  }'
echo "(medians of $runs runs, ms; rows in [brackets] ran on other threads, beside the main thread's rows)"
