#!/bin/sh
# The intelligence store and TAXII benchmark (bench/README.md). Usage:
#   bench/intel.sh h2|postgresql BUNDLE [--clients 8] [--requests 1600] [--client-jvm separate|same|both]
set -eu
cd "$(dirname "$0")/.."
database=$1
bundle=$2
shift 2
# BENCH_NO_BUILD=1 runs what was built before: to alternate between two checkouts without
# building while the other one is measured.
if [ -z "${BENCH_NO_BUILD:-}" ]; then
    ./mvnw -q -o -pl tocsin-server -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
fi
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -cp "tocsin-server/target/test-classes:tocsin-server/target/classes:$(cat tocsin-server/target/classpath.txt)" \
    org.tocsin.intel.IntelBenchmark --database "$database" --bundle "$bundle" \
    --work tocsin-server/target/intel-bench "$@"
