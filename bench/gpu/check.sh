#!/usr/bin/env bash
# The one-call GPU check, run on the lent GPU machine (see bench/gpu/README.md) from the repository
# root, after bench/gpu/prepare.sh has filled bench/gpu/dist here and it was carried there.
#   (a) makes NVIDIA's OpenCL usable (ICD file, loader on LD_LIBRARY_PATH)
#   (b) engine devices   (c) engine selftest on the GPU (op parity + 3-epoch trace)
#   (d) 40 epochs of the reference workload: GPU and this machine's CPU path, alternating, 3 runs each
#   (e) PyTorch on CUDA with the same model and data (bench/peers/torch_mlp.py), 3 runs, and on 1 CPU thread
#   (f) a short JMH subset: training step at batch 32 and 1024, GEMM 1024^3 (cpu and opencl)
#   (g) GEMM: engine tune on the GPU, then GemmBench at 1024^3 and 4096^3, fixed policy vs tuned
#       gemm_blocked, as a fraction of the GPU's FP32 peak, and CLBlast's SGEMM when carried
#   (h) the wide network (784-512-256-10, batch 256, 50k synthetic rows): one epoch on the GPU and on
#       the CPU path (WideBench)
#   (i) fused training steps (kernels/train_steps.cl): 40 epochs of the reference workload on the GPU with
#       --fusion auto and --fusion off, alternating, 3 runs each ('trained' lines), then FusionBench (the same
#       fits in one JVM: fit time, us/step, launches and host syncs per epoch from BackendCounters), and
#       PyTorch's CUDA-graph and torch.compile forms of the same fit (bench/peers/torch_graph.py)
# and prints a compact table last. PARTS=gemm runs only (a), (b) and (g) (about 4 minutes); PARTS=wide adds (h);
# PARTS=fused runs only (a), (b) and (i) (about 3 minutes). Logs go to $OUT (or /tmp/gpu-check). Every part is timed
# out so the whole run stays under 9 minutes; a failing part is reported and the rest still runs.
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

PARTS=${PARTS:-all}
if [ "$PARTS" = all ]; then
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
timeout 90 "${jmh[@]}" -rff "$OUT/jmh-gemm.txt" GemmBench -p mnk=1024x1024x1024 -p device=cpu,opencl -p tuning=off
fi

# A private cache folder, so the check neither reads nor leaves a stale tuning on the machine.
export XDG_CACHE_HOME="$OUT/cache"
# GEMM_DEVICE=N and GEMM_SHAPES=... exist for a dry run of this part on a machine without a GPU (PoCL).
gpu_index=${GEMM_DEVICE:-$(grep -m1 -oE '^\s*\[[0-9]+\] .*\(GPU,' "$OUT/devices.txt" 2>/dev/null | grep -oE '[0-9]+' | head -1)}
gemm_shapes=${GEMM_SHAPES:-1024x1024x1024,4096x4096x4096}
if [ "$PARTS" = fused ]; then
  echo "(g) and (h) skipped: PARTS=fused"
else
section "(g) GEMM: tune, then 1024^3 and 4096^3, fixed policy vs tuned, vs the FP32 peak and CLBlast"
if [ -z "$gpu_index" ]; then
  note "gemm: no OpenCL GPU in 'engine devices': skipping the tuner and the GEMM benchmarks"
else
  # The tuner stops starting configurations after --budget seconds; the timeout is the hard stop.
  timeout 240 "${ENGINE[@]}" tune --device "$gpu_index" --budget 150 | tee "$OUT/tune.txt"
  note "tune: rc ${PIPESTATUS[0]}; $(grep -c -- '->' "$OUT/tune.txt") classes timed"
  grep -- '->' "$OUT/tune.txt" | tee -a "$summary"
  # Peak FP32 = 2 FLOPs (FMA) x 128 FP32 lanes per SM (Hopper) x SMs (OpenCL compute units) x max SM
  # clock: 2 x 128 x 132 x 1980 MHz = 66.9 TFLOP/s on an H200 SXM, NVIDIA's 67 TFLOP/s (non-tensor).
  cus=$(grep -A1 -E "^\s*\[$gpu_index\]" "$OUT/devices.txt" | grep -oE 'compute units [0-9]+' | grep -oE '[0-9]+')
  mhz=$(nvidia-smi --query-gpu=clocks.max.sm --format=csv,noheader,nounits 2>/dev/null | head -1 | tr -dc 0-9)
  if [ -n "$cus" ] && [ -n "$mhz" ]; then
    peak=$(awk -v c="$cus" -v f="$mhz" 'BEGIN { printf "%.4g", 2 * 128 * c * f * 1e6 }')
    note "fp32 peak: $peak FLOP/s = 2 x 128 x $cus SMs x $mhz MHz"
  else
    peak=67e12
    note "fp32 peak: 67e12 FLOP/s (NVIDIA's H200 figure; SMs or clock unknown here)"
  fi
  timeout 200 "$JAVA" -Dclnn.opencl="$gpu_index" -jar "$dist/benchmarks.jar" -f 1 -wi 2 -w 1 -i 5 -r 1 -rf text \
    -rff "$OUT/jmh-gemm-tuned.txt" GemmBench \
    -p mnk="$gemm_shapes" -p device=opencl -p tuning=off,cache
  awk -v peak="$peak" '$1 ~ /GemmBench.launch:flops/ { printf "gemm %s tuning=%s: %.3g FLOP/s = %.2f%% of FP32 peak\n", $3, $4, $(NF-3), 100 * $(NF-3) / peak }' \
    "$OUT/jmh-gemm-tuned.txt" 2>/dev/null | tee -a "$summary"
  if [ -x "$dist/clblast/clblast-sgemm" ]; then
    LD_LIBRARY_PATH="$dist/clblast:$LD_LIBRARY_PATH" timeout 120 "$dist/clblast/clblast-sgemm" "$gpu_index" \
      ${gemm_shapes//,/ } | tee -a "$summary"
  else
    note "clblast: not carried (bench/gpu/prepare.sh copies it when libclblast-dev is installed there)"
  fi
fi

fi

section "(h) wide network: one epoch of 784-512-256-10, batch 256, 50,000 synthetic rows"
# WideBench epoch (median after a warm-up epoch) on the GPU with the tuning from (g), and on this
# machine's CPU path with the Vector API twin (all cores). PARTS=wide runs only (a), (b), (g) and (h).
if [ "$PARTS" = all ] || [ "$PARTS" = wide ]; then
  if [ -n "$gpu_index" ]; then
    note "wide gpu: $(timeout 150 "$JAVA" -Dclnn.bench.device="opencl:$gpu_index" -cp "$dist/benchmarks.jar" \
      clnn.bench.WideBench epoch 0 2 2>&1 | grep -E '^(WideBench|median)' | tr '\n' ' ')"
  fi
  note "wide cpu-vector: $(timeout 150 "$JAVA" --add-modules jdk.incubator.vector -cp "$dist/benchmarks.jar" \
    clnn.bench.WideBench epoch 0 2 2>&1 | grep -E '^(WideBench|median)' | tr '\n' ' ')"
fi

section "(i) fused training steps: 40 epochs of the reference workload, --fusion auto vs off"
# Whole steps as one launch per chunk (kernels/train_steps.cl, 'one launch per <= N steps' in the 'trained' line:
# ceil(157 / N) launches an epoch) against the per-op path's 4 launches a step (628 an epoch). The 'trained' lines
# include each process's kernel builds in its first epoch; FusionBench warms up first and counts the launches.
# FUSED_DEVICE=opencl:N exists for a dry run of this part on a machine without a GPU (PoCL).
if [ "$PARTS" = all ] || [ "$PARTS" = fused ]; then
  fused_device=${FUSED_DEVICE:-gpu}
  for i in 1 2 3; do
    for fusion in auto off; do
      line=$(timeout 90 "${ENGINE[@]}" train --device "$fused_device" --fusion "$fusion" --verbose 2 \
        --out "/tmp/gpu-check-fused-$fusion-$i" 2>&1 | grep -E '^(trained|[0-9]+ errors|error)' | tr '\n' ' ')
      note "fused $fusion run $i: $line"
    done
  done
  timeout 150 "$JAVA" -Dclnn.bench.device="$fused_device" -cp "$dist/benchmarks.jar" clnn.bench.FusionBench 3 40 \
    > "$OUT/fusion.txt" 2>&1
  note "FusionBench: rc $?"
  grep -E '^(FusionBench|fusion|median)' "$OUT/fusion.txt" | tee -a "$summary"
  # PyTorch's fastest forms of the same fit on the same card (bench/peers/torch_graph.py): eager with fused Adam,
  # one CUDA graph per step (Adam fused and capturable, static batch buffers), one graph per epoch, and
  # torch.compile(mode="reduce-overhead") when Triton is there (else it prints why it skipped).
  if [ "$fused_device" = gpu ]; then
    for mode in eager graph-step graph-epoch compile; do
      note "torch $mode: $(timeout 150 python3 bench/peers/torch_graph.py --mode "$mode" 2>&1 | tail -1)"
    done
  fi
fi

section "summary"
cat "$summary"
for f in "$OUT/jmh-step.txt" "$OUT/jmh-gemm.txt" "$OUT/jmh-gemm-tuned.txt"; do [ -f "$f" ] && cat "$f"; done
