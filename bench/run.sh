#!/usr/bin/env bash
# Runs one benchmark: ./bench/run.sh ingest [--days 7 --tenants 10 --rows-per-day 1000000 --gzip]
# Prints throughput and the ratio to a plain Spark scan of the same input, measured in the same run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$HERE" && mvn -B -q -DskipTests package -pl bench -am) >&2
name="${1:?usage: bench/run.sh NAME [options]}"; shift
case "$name" in
  ingest) main=io.vigia.bench.IngestBench ;;
  drift) main=io.vigia.bench.DriftBench ;;
  experiments) main=io.vigia.bench.ExperimentsBench ;;
  costs) main=io.vigia.bench.CostsBench ;;
  performance) main=io.vigia.bench.CostsBench; set -- --only performance "$@" ;;
  *) echo "unknown benchmark $name (known: ingest, drift, experiments, costs, performance)" >&2; exit 2 ;;
esac
exec java ${BENCH_JAVA_OPTS:--Xmx8g} -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true -Duser.timezone=UTC \
  -Dlog4j2.configurationFile="$HERE/conf/log4j2.properties" \
  -cp "$HERE/bench/target/classes:$HERE/jobs/target/vigia.jar:$(cat "$HERE/bench/target/bench-classpath.txt")" "$main" "$@"
