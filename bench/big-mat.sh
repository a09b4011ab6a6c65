#!/usr/bin/env bash
# Loading and training on a large MAT file under a small heap, side by side for several engine jars.
#   bench/big-mat.sh ROWS COLS RUNS JAR [JAR ...]     e.g. bench/big-mat.sh 50000 784 3 target/engine.jar
# Builds /tmp/clnn-big-ROWSxCOLS.mat once (X ROWS x COLS double, pixel-like values k/255 from a seeded
# generator, y = row % 10, written compressed by clnn's MAT writer as MATLAB's save -v7 would), then,
# RUNS times and alternating the jars, under java -Xmx$XMX (default 512m) and /usr/bin/time:
#   load: DatasetLoader.defaults().load(file) alone (bench/big-mat/LoadOnly.java)
#   train: train --layers 512,256 --batch 256 --epochs 1 --device cpu (X -> 512 -> 256 -> 10)
# and prints each run's wall time, peak RSS and outcome (the last line of stderr when it fails), then
# the medians per jar. Needs a built target/engine.jar (mvn -q package -DskipTests) for the generator.
set -euo pipefail
rows=$1 cols=$2 runs=$3
shift 3
jars=("$@")
xmx=${XMX:-512m}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=${DATA:-/tmp/clnn-big-${rows}x${cols}.mat}
javac -d "$tmp/classes" -cp "$here/../target/engine.jar" "$here/big-mat/BigMat.java" "$here/big-mat/LoadOnly.java"
if [ ! -f "$data" ]; then
  java -Xmx4g -cp "$here/../target/engine.jar:$tmp/classes" BigMat "$data" "$rows" "$cols"
fi
echo "data=$data ($(du -h "$data" | cut -f1) on disk) xmx=$xmx java=$(java -version 2>&1 | head -1) cpus=$(nproc)"
measure() { # label jar command...
  local label=$1 jar=$2; shift 2
  local start end rc=0
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  end=$(date +%s.%N)
  local wall rss outcome
  wall=$(echo "$end - $start" | bc)
  rss=$(( $(tail -1 "$tmp/rss") / 1024 ))
  if [ "$rc" = 0 ]; then outcome=$(grep -E '^(loaded|trained) ' "$tmp/out" | tail -1); else outcome="exit $rc: $(grep -v '^Command exited' "$tmp/err" | tail -1 | cut -c1-160)"; fi
  printf '%s\t%s\t%.2f s\t%d MB\t%s\n' "$label" "$jar" "$wall" "$rss" "$outcome" | tee -a "$tmp/results"
}
for i in $(seq "$runs"); do
  for jar in "${jars[@]}"; do
    measure load "$jar" java -Xmx"$xmx" -cp "$jar:$tmp/classes" LoadOnly "$data"
    measure train "$jar" java -Xmx"$xmx" -jar "$jar" train --data "$data" --layers 512,256 --batch 256 --epochs 1 \
      --device cpu --verbose 2 --out "$tmp/run-$i-$(echo "$jar" | md5sum | cut -c1-6)"
  done
done
echo "medians over $runs runs (wall, peak RSS):"
for jar in "${jars[@]}"; do
  for label in load train; do
    awk -F'\t' -v j="$jar" -v l="$label" '$1 == l && $2 == j { split($3, w, " "); split($4, m, " "); print w[1], m[1] }' \
      "$tmp/results" | sort -n | awk -v j="$jar" -v l="$label" '{ w[NR] = $1 } END { m = int((NR + 1) / 2); printf "%s %s: wall %.2f s", l, j, w[m] }'
    awk -F'\t' -v j="$jar" -v l="$label" '$1 == l && $2 == j { split($4, m, " "); print m[1] }' "$tmp/results" | sort -n \
      | awk '{ r[NR] = $1 } END { m = int((NR + 1) / 2); printf ", peak RSS %d MB\n", r[m] }'
  done
done
