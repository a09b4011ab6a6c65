#!/usr/bin/env bash
# Side by side on this machine: clnn (CPU path, and OpenCL when a device exists) and the peers
# (PyTorch CPU, scikit-learn), all training the reference workload (bundled digits, 400-25-15-10,
# Adam 0.001, batch 32, 40 epochs), run alternately REPS times; prints one table of medians.
#   bench/compare.sh [REPS]          (default 3; run from anywhere)
# Every peer is pinned to one thread: on a 2-vCPU machine (one core with SMT) two threads are slower
# for every tool, so the comparison is single-threaded. Installs the Debian peers when missing.
set -uo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
py=/usr/bin/python3 # Debian's interpreter, where python3-torch and python3-sklearn live
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
missing=()
for p in python3-torch python3-sklearn python3-scipy bc; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f target/engine.jar ] || mvn -q -B package -DskipTests
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tools=("clnn-cpu")
java -jar target/engine.jar devices >/dev/null 2>&1 && tools+=("clnn-opencl")
tools+=("pytorch-cpu" "sklearn")

# Runs one tool once; appends "tool train_s us_per_step final_loss errors test_acc wall_s" to $tmp/results.
run_once() {
  local tool=$1 start out wall
  start=$(date +%s.%N)
  case $tool in
    clnn-cpu|clnn-opencl)
      local dev=${tool#clnn-}
      # A fresh folder per run: train refuses to write over an earlier run's model.
      local dir
      dir=$(mktemp -d "$tmp/$tool-XXXX")
      out=$(java -jar target/engine.jar train --device "$dev" --verbose 2 --out "$dir/run" 2>&1)
      wall=$(echo "$(date +%s.%N) - $start" | bc)
      local train us loss errors acc
      train=$(echo "$out" | sed -nE 's/^trained .* in ([0-9.]+) s.*/\1/p')
      us=$(echo "$out" | sed -nE 's/^trained .*\(([0-9]+) us\/step.*/\1/p')
      loss=$(tail -1 "$dir/run/history.csv" | cut -d, -f2)
      errors=$(echo "$out" | sed -nE 's/^([0-9]+) errors out of.*/\1/p')
      acc=$(echo "$out" | sed -nE 's/^test accuracy: ([0-9.]+).*/\1/p')
      echo "$tool $train $us $loss $errors $acc $wall" >> "$tmp/results" ;;
    pytorch-cpu|sklearn)
      local script=bench/peers/torch_mlp.py
      [ "$tool" = sklearn ] && script=bench/peers/sklearn_mlp.py
      out=$($py "$script" 2>&1 | tail -1)
      wall=$(echo "$(date +%s.%N) - $start" | bc)
      kv() { echo "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
      echo "$tool $(kv train_s) $(kv us_per_step) $(kv final_loss) $(kv train_errors) $(kv test_accuracy) $wall" \
        >> "$tmp/results"
      echo "  $out" >&2 ;;
  esac
}

echo "machine: $(nproc --all) vCPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
for r in $(seq "$reps"); do
  for t in "${tools[@]}"; do
    echo "rep $r: $t" >&2
    run_once "$t"
  done
done

echo
printf '%-12s %10s %9s %10s %7s %9s %10s %8s\n' tool "train s" "us/step" "loss" errors "test acc" "wall s" "vs cpu"
base=$(awk '$1=="clnn-cpu" {print $2}' "$tmp/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
for t in "${tools[@]}"; do
  awk -v t="$t" -v base="$base" '$1==t {n++; tr[n]=$2; us[n]=$3; lo[n]=$4; er[n]=$5; ac[n]=$6; wa[n]=$7}
    function med(a,   i, j, x, m) { m = n; for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }; return a[int((m + 1) / 2)] }
    END { if (n == 0) exit; printf "%-12s %10.2f %9d %10.4f %7d %9.4f %10.2f %7.2fx\n", t, med(tr), med(us), med(lo), med(er), med(ac), med(wa), med(tr) / base }' \
    "$tmp/results"
done
echo "(medians of $reps runs; train s = the training loop only; wall s = the whole process, start-up and data loading included; vs cpu = train s / clnn-cpu's)"
