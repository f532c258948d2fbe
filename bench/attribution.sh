#!/bin/sh
# The leak attribution benchmark (docs/ATTRIBUTION.md). Usage:
#   bench/attribution.sh [--trials 1000] [--sizes 300,10000] [--timed 100] [--seed 1]
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -o -pl tocsin-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -cp "tocsin-server/target/test-classes:tocsin-server/target/classes:$(cat tocsin-server/target/classpath.txt)" \
    org.tocsin.leak.AttributionBenchmark "$@"
