#!/usr/bin/env bash
# Prepares bench/gpu/dist/ (git-ignored) for the one-call GPU check: a jlink'd Java 17 runtime, the
# engine and benchmark jars, and Debian's OpenCL ICD loader as a fallback for a machine without one.
# Run here, before asking for the GPU machine:   bench/gpu/prepare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dist=bench/gpu/dist
rm -rf "$dist"
mkdir -p "$dist/lib"
mvn -q -B -Pbench package -DskipTests
cp target/engine.jar target/benchmarks.jar "$dist/"
jdk=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
# No java.desktop (figures are skipped, to keep the carry small); java.management, jdk.management: JMH reads
# the JVM's MXBeans;
# jdk.incubator.vector: the Vector API CPU path (used with --add-modules jdk.incubator.vector).
"$jdk/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported,java.management,jdk.management,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dist/jre"
loader=$(readlink -f /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 2>/dev/null || true)
if [ -n "$loader" ] && [ -f "$loader" ]; then cp "$loader" "$dist/lib/libOpenCL.so.1"; fi
# CLBlast's SGEMM harness and library, for check.sh's GEMM comparison, when libclblast-dev is installed here.
if [ -f /usr/include/clblast_c.h ]; then
  mkdir -p "$dist/clblast"
  cc -O2 -o "$dist/clblast/clblast-sgemm" bench/clblast/sgemm_bench.c -lclblast -lOpenCL
  cp "$(readlink -f /usr/lib/x86_64-linux-gnu/libclblast.so.1)" "$dist/clblast/libclblast.so.1"
fi
"$dist/jre/bin/java" -jar "$dist/engine.jar" --version
du -sh "$dist" bench/gpu/dist/* | sort -h
echo "carry size with the working tree (limit 64 MiB):"
du -shc --exclude=.git --exclude=target --exclude=runs . | tail -1
