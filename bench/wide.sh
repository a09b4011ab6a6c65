#!/usr/bin/env bash
# Issue 11's side-by-side: one epoch of 784-512-256-10 at batch 256 over 50,000 synthetic rows, on the
# CPU twins at each thread count, against an earlier benchmarks jar and PyTorch, alternating, ROUNDS
# times; prints each run's median epoch (after one warm-up epoch).
#   bench/wide.sh [ROUNDS]          BEFORE=old-benchmarks.jar THREADS="1 2" TORCH=/usr/bin/python3
# Needs target/benchmarks.jar (mvn -q -Pbench package -DskipTests). Run from the repository root.
set -euo pipefail
rounds=${1:-1}
after=${AFTER:-target/benchmarks.jar}
before=${BEFORE:-}
threads=${THREADS:-"1 2"}
torch=${TORCH:-/usr/bin/python3}
vm=(java -Xmx4g --add-modules jdk.incubator.vector)
echo "machine: $(nproc) vCPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
epoch() { # label, jar, twin, threads
  local line
  line=$("${vm[@]}" -Dclnn.cpu="$3" -cp "$2" clnn.bench.WideBench epoch "$4" 3 2>/dev/null | grep '^median')
  echo "$1 $3 threads=$4: $line"
}
for r in $(seq "$rounds"); do
  echo "round $r"
  for twin in fast vector; do
    if [ -n "$before" ]; then epoch before "$before" "$twin" 1; fi
    for t in $threads; do epoch after "$after" "$twin" "$t"; done
  done
  if "$torch" -c 'import torch' 2>/dev/null; then
    for t in $threads; do
      echo "pytorch threads=$t: $("$torch" bench/peers/torch_wide.py --threads "$t" --epochs 4 | tail -1)"
    done
  else
    echo "pytorch: not installed for $torch"
  fi
done
