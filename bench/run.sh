#!/usr/bin/env bash
# Runs the benchmark (see the README's Benchmark section). Builds target/toolgate.jar first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/toolgate.jar ] || mvn -B -q -ntp -DskipTests package
exec java -cp target/toolgate.jar bench/Bench.java "$@"
