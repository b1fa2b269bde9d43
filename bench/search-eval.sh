#!/usr/bin/env bash
# Search quality over the shared corpus of real tools (see the README's Search section): loads the corpus into a real
# gateway, then prints recall@1/5/10 and MRR per part, ranking and kind, also written to target/search-eval/report.md.
# -Dsearch.eval.dev-misses=true prints the dev requests hybrid search misses instead (the held-out part is never shown).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -q -B -ntp test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=io.toolgate.search.SearchEvaluation -Dexec.classpathScope=test "$@"
