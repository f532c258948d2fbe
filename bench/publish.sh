#!/bin/sh
# The publication benchmark of issue 3 (bench/README.md). Usage:
#   bench/publish.sh h2|postgresql [--sizes 300,10000] [--rounds 5]
set -eu
cd "$(dirname "$0")/.."
database=$1
shift
./mvnw -q -o -pl tocsin-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -cp "tocsin-server/target/test-classes:tocsin-server/target/classes:$(cat tocsin-server/target/classpath.txt)" \
    org.tocsin.advisory.PublicationBenchmark --database "$database" \
    --work tocsin-server/target/publish-bench "$@"
