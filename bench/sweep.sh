#!/usr/bin/env bash
# Issue 11's sweep: one epoch of 784-512-256-10 and 400-1024-1024-10 at batch 128, 256 and 1024 over 60,000
# synthetic rows, on the CPU path (Vector API twin) at 1 and all threads, on OpenCL (PoCL here), and PyTorch on
# the same threads, side by side for each shape. Each clnn figure is the median of EPOCHS timed epochs after one
# warm-up epoch (WideBench epoch); PyTorch's likewise (torch_wide.py).
#   bench/sweep.sh              NETS="784,512,256,10 400,1024,1024,10" BATCHES="128 256 1024" ROWS=60000 EPOCHS=1
#                               DEVICES="cpu opencl" TORCH=/usr/bin/python3
# Needs target/benchmarks.jar (mvn -q -Pbench package -DskipTests). Run from the repository root.
set -euo pipefail
nets=${NETS:-"784,512,256,10 400,1024,1024,10"}
batches=${BATCHES:-"128 256 1024"}
rows=${ROWS:-60000}
epochs=${EPOCHS:-1}
devices=${DEVICES:-"cpu opencl"}
torch=${TORCH:-/usr/bin/python3}
all=$(nproc)
threads="1"; [ "$all" -gt 1 ] && threads="1 $all"
jar=${JAR:-target/benchmarks.jar}
echo "machine: $all vCPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
clnn() { # device threads widths batch
  java -Xmx6g --add-modules jdk.incubator.vector -Dclnn.bench.device="$1" -Dclnn.bench.widths="$3" \
    -Dclnn.bench.batch="$4" -Dclnn.bench.rows="$rows" -cp "$jar" clnn.bench.WideBench epoch "$2" "$epochs" 2>/dev/null \
    | grep '^median' | sed 's/median epoch (after the first): //'
}
for net in $nets; do
  for batch in $batches; do
    for dev in $devices; do
      if [ "$dev" = cpu ]; then
        for t in $threads; do echo "$net batch=$batch clnn-cpu threads=$t: $(clnn cpu "$t" "$net" "$batch")"; done
      else
        echo "$net batch=$batch clnn-$dev: $(clnn "$dev" 1 "$net" "$batch")"
      fi
    done
    if "$torch" -c 'import torch' 2>/dev/null; then
      for t in $threads; do
        echo "$net batch=$batch pytorch threads=$t: $("$torch" bench/peers/torch_wide.py --threads "$t" \
          --epochs $((epochs + 1)) --rows "$rows" --batch "$batch" --widths "$net" | tail -1)"
      done
    fi
  done
done
