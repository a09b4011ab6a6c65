#!/usr/bin/env bash
# Our GEMM against CLBlast's SGEMM on the same OpenCL device, same shapes, same timing (one call and
# a finish per operation). Needs libclblast-dev (installed when missing) and target/benchmarks.jar.
#   bench/clblast/run.sh [DEVICE_INDEX]
set -euo pipefail
cd "$(dirname "$0")/../.."
dev=${1:-0}
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
dpkg -s libclblast-dev >/dev/null 2>&1 || $sudo apt-get install -y -qq libclblast-dev ocl-icd-opencl-dev >/dev/null
mkdir -p target
cc -O2 -o target/clblast-sgemm bench/clblast/sgemm_bench.c -lclblast -lOpenCL
[ -f target/benchmarks.jar ] || mvn -q -B -Pbench package -DskipTests
target/clblast-sgemm "$dev"
java -Dclnn.opencl="$dev" -jar target/benchmarks.jar GemmBench -p device=opencl -f 1 -wi 2 -w 1 -i 5 -r 1 2>/dev/null \
  | grep -E '^(Benchmark|GemmBench)'
