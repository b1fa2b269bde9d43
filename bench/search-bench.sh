#!/usr/bin/env bash
# Search at 10,000 tools (see the README's Benchmark section): the shared corpus served ten times behind the packaged
# gateway. Arguments, all optional: copies of the corpus (10), GATEWAY_SEARCH (hybrid), the gateway's JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/toolgate.jar ] || mvn -B -q -ntp -DskipTests package
exec mvn -q -B -ntp test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=io.toolgate.search.SearchBenchmark -Dexec.classpathScope=test -Dexec.args="$*"
