#!/usr/bin/env bash
# bench-drift.sh: the drift monitor's benchmarks, printed as Markdown (also kept in
# drift-monitor/target/bench-drift.md):
#   fold   records folded per second on one core, from capture JSONL bytes (10 features)
#   delay  drift onset to drift event at 20 req/s against local-aws (trains and deploys a model)
#   all    both (default)
# Usage: scripts/bench-drift.sh [fold|delay|all] [fold-seconds] [delay-trials]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-all}
fold_seconds=${2:-10}
trials=${3:-3}

find_java() { # a JDK >= 21: JAVA_HOME first (./mlops sets it), then /usr/lib/jvm/*
  local c v
  for c in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c=${c%/}
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | sed -n 1p)
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$c"; return 0; fi
  done
  echo "bench-drift: no JDK 21 or newer found" >&2; return 1
}
JAVA_HOME=$(find_java); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
MVN=("$ROOT/mvnw" -B -ntp -q)

case "$what" in fold|delay|all) ;; *) echo "usage: $0 [fold|delay|all] [fold-seconds] [delay-trials]" >&2; exit 2 ;; esac

echo "bench-drift: building drift-monitor (and what it needs) ..." >&2
"${MVN[@]}" -f "$ROOT/pom.xml" -pl drift-monitor -am install -DskipTests >&2
cd "$ROOT/drift-monitor"
"${MVN[@]}" dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test >&2
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
OUT=target/bench-drift.md
: > "$OUT"

if [ "$what" = fold ] || [ "$what" = all ]; then
  echo "bench-drift: folding on one core ..." >&2
  PIN=()
  if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c 0); fi
  "${PIN[@]}" "$JAVA" -cp "$CP" dev.mlops.drift.bench.FoldBenchmark 20000 "$fold_seconds" | tee -a "$OUT"
  echo | tee -a "$OUT"
fi
if [ "$what" = delay ] || [ "$what" = all ]; then
  echo "bench-drift: drift onset to drift event against local-aws ($trials trials) ..." >&2
  "$JAVA" -Dlocalaws.jar="$ROOT/local-aws/target/local-aws/local-aws.jar" \
    -Ddrift.app.jar="$ROOT/drift-monitor/target/quarkus-app/quarkus-run.jar" \
    -cp "$CP" dev.mlops.drift.bench.DriftDelayBenchmark "$trials" | tee -a "$OUT"
fi
