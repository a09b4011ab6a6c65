#!/usr/bin/env bash
# The one-call GPU check, run on the lent GPU machine (see bench/gpu/README.md) from the repository
# root, after bench/gpu/prepare.sh has filled bench/gpu/dist here and it was carried there.
#   (a) makes NVIDIA's OpenCL usable (ICD file, loader on LD_LIBRARY_PATH)
#   (b) engine devices   (c) engine selftest on the GPU (op parity + 3-epoch trace)
#   (d) 40 epochs of the reference workload: GPU and this machine's CPU path, alternating, 3 runs each
#   (e) PyTorch on CUDA with the same model and data (bench/peers/torch_mlp.py), 3 runs, and on 1 CPU thread
#   (f) a short JMH subset: training step at batch 32 and 1024, GEMM 1024^3 (cpu and opencl)
# and prints a compact table last. Logs go to $OUT (or /tmp/gpu-check). Every part is timed out so
# the whole run stays under 8 minutes; a failing part is reported and the rest still runs.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-check}
mkdir -p "$OUT"
exec > >(tee "$OUT/check.log") 2>&1
dist=bench/gpu/dist
JAVA="$dist/jre/bin/java"
ENGINE=("$JAVA" -jar "$dist/engine.jar")
summary="$OUT/summary.txt"
: > "$summary"
note() { echo "$*" | tee -a "$summary"; }
section() { echo; echo "=== $* ($(date -u +%H:%M:%S))"; }

section "machine"
nvidia-smi -L 2>/dev/null || echo "nvidia-smi: not found"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | sed 's/^/gpu: /' | tee -a "$summary"
echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)" | tee -a "$summary"

section "(a) OpenCL setup"
icd_lib=""
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib; do
  [ -e "$d/libnvidia-opencl.so.1" ] && { icd_lib="$d/libnvidia-opencl.so.1"; break; }
done
[ -n "$icd_lib" ] || icd_lib=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl.so.1/ {print $NF; exit}')
[ -n "$icd_lib" ] || icd_lib=$(timeout 30 find / -xdev -name 'libnvidia-opencl.so.1*' 2>/dev/null | head -1)
if [ -n "$icd_lib" ]; then
  mkdir -p /etc/OpenCL/vendors
  echo "$icd_lib" > /etc/OpenCL/vendors/nvidia.icd
  note "opencl icd: $icd_lib"
else
  note "opencl icd: libnvidia-opencl.so.1 not found (the GPU parts will fail)"
fi
loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL.so.1 / {print $NF; exit}')
if [ -z "$loader" ]; then
  for f in /usr/local/cuda*/lib64/libOpenCL.so.1 /usr/local/cuda*/targets/*/lib/libOpenCL.so.1; do
    [ -e "$f" ] && { loader="$f"; break; }
  done
fi
[ -n "$loader" ] || loader="$PWD/$dist/lib/libOpenCL.so.1"
export LD_LIBRARY_PATH="$(dirname "$loader")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
note "opencl loader: $loader"

section "(b) engine devices"
timeout 60 "${ENGINE[@]}" devices | tee "$OUT/devices.txt"

section "(c) selftest on the GPU"
timeout 120 "${ENGINE[@]}" selftest --device gpu | tee "$OUT/selftest.txt"
note "selftest: $(tail -1 "$OUT/selftest.txt")"

section "(d) 40 epochs, GPU and CPU path (auto-vectorised, and Vector API)"
for i in 1 2 3; do
  for dev in gpu cpu cpu-vector; do
    jvm=("$JAVA")
    [ "$dev" = cpu-vector ] && jvm+=(--add-modules jdk.incubator.vector)
    line=$(timeout 90 "${jvm[@]}" -jar "$dist/engine.jar" train --device "${dev%-vector}" --verbose 2 \
      --out "/tmp/gpu-check-run-$dev-$i" 2>&1 | grep -E '^(trained|[0-9]+ errors|test accuracy|error)' | tr '\n' ' ')
    note "clnn $dev run $i: $line"
  done
done

section "(e) PyTorch, same model and data"
for i in 1 2 3; do
  note "torch cuda run $i: $(timeout 120 python3 bench/peers/torch_mlp.py --device cuda 2>&1 | tail -1)"
done
note "torch cpu 1 thread: $(OMP_NUM_THREADS=1 timeout 120 python3 bench/peers/torch_mlp.py --device cpu --threads 1 2>&1 | tail -1)"

section "(f) JMH subset"
jmh=("$JAVA" -jar "$dist/benchmarks.jar" -f 1 -wi 2 -w 1 -i 3 -r 1 -rf text)
timeout 150 "${jmh[@]}" -rff "$OUT/jmh-step.txt" TrainStepBench -p batch=32,1024 -p device=cpu,opencl
timeout 90 "${jmh[@]}" -rff "$OUT/jmh-gemm.txt" GemmBench -p mnk=1024x1024x1024 -p device=cpu,opencl

section "summary"
cat "$summary"
for f in "$OUT/jmh-step.txt" "$OUT/jmh-gemm.txt"; do [ -f "$f" ] && cat "$f"; done
