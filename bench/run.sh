#!/usr/bin/env bash
# Runs one benchmark: ./bench/run.sh ingest|drift|drift-quality|experiments|feedback|soak|dashboard|... ; e.g. ./bench/run.sh ingest [--days 7 --tenants 10 --rows-per-day 1000000 --gzip]
# Prints throughput and the ratio to a plain Spark scan of the same input, measured in the same run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$HERE" && mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl bench -am) >&2
name="${1:?usage: bench/run.sh NAME [options]}"; shift
# NAME -> class: drift-quality -> io.vigia.bench.DriftQualityBench (one class per benchmark in bench/src)
cls="$(echo "$name" | awk -F- '{for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2)}')Bench"
if [ ! -f "$HERE/bench/target/classes/io/vigia/bench/$cls.class" ]; then
  known="$(ls "$HERE/bench/target/classes/io/vigia/bench/" | sed -n 's/Bench\.class$//p' \
    | sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' | tr 'A-Z' 'a-z' | tr '\n' ' ')"
  echo "unknown benchmark $name (known: $known)" >&2; exit 2
fi
main="io.vigia.bench.$cls"
# shellcheck source=scripts/jvm-flags.sh
source "$HERE/scripts/jvm-flags.sh"
spark_flags_line="$(spark_jvm_flags "$HERE")"
read -r -a SPARK_FLAGS <<< "$spark_flags_line"
exec java ${BENCH_JAVA_OPTS:--Xmx8g} "${SPARK_FLAGS[@]}" \
  -Dlog4j2.configurationFile="$HERE/conf/log4j2.properties" \
  -cp "$HERE/bench/target/classes:$HERE/jobs/target/vigia.jar:$(cat "$HERE/bench/target/bench-classpath.txt")" "$main" "$@"
