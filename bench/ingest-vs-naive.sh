#!/usr/bin/env bash
# vigia's ingest against the naive Spark JSON-to-Delta ingest (issue 19's peer), as whole processes,
# alternating A B A B on the same landing, the ratio taken pair by pair:
#   A = ./vigia run ingest over the landing's dates (validation, de-duplication, quarantine, typed
#       tables, run ledger in PostgreSQL; the embedded PostgreSQL when VIGIA_JDBC_URL is unset),
#   B = io.vigia.bench.IngestNaiveBench (spark.read.text + get_json_object of the envelope + one Delta
#       write partitioned by type and date; raw JSON text stored as is), writing file: paths through
#       the same local file system as vigia (io.vigia.common.spark.LocalFileSystems: no chmod/readlink
#       process per file); --naive-hadoop-fs gives it Hadoop's own instead, as a plain session has.
# Both JVMs get the same heap and Spark flags; both overwrite their previous output (the first pair
# is a warm-up and not counted, so every counted run replaces existing partitions).
#
# usage: bench/ingest-vs-naive.sh [--lines N] [--runs R] [--work DIR] [--gzip] [--naive-hadoop-fs]
#   --lines  event lines to generate (default 1000000; spread over 4 days, 8 tenants)
#   --runs   counted pairs (default 3)
#   --work   working directory (default bench/out/ingest-vs-naive); an existing landing there is reused
#   --naive-hadoop-fs  the naive ingest on Hadoop's own local file system (see B above)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines=1000000
runs=3
work="$HERE/bench/out/ingest-vs-naive"
gzip=""
naivefs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lines) lines="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --gzip) gzip="--gzip"; shift ;;
    --naive-hadoop-fs) naivefs=(--hadoop-local-fs); shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ingest-vs-naive: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$lines" =~ ^[0-9]+$ && "$lines" -ge 4 ]] || { echo "ingest-vs-naive: --lines must be a number >= 4" >&2; exit 2; }
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || { echo "ingest-vs-naive: --runs must be a number >= 1" >&2; exit 2; }

(cd "$HERE" && mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl bench,demo -am) >&2
touch "$HERE/demo/target/.launcher-build"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
landing="$work/landing"
if [[ ! -f "$landing/_manifest.json" ]]; then
  echo "generating $lines lines under $landing" >&2
  (cd "$work" && "$HERE/vigia" generate --days 4 --tenants 8 --rows-per-day $((lines / 4)) \
    --out "$landing" --no-db $gzip) >&2
fi
first="$(ls -d "$landing"/dt=* | head -1 | sed 's/.*dt=//')"
last="$(ls -d "$landing"/dt=* | tail -1 | sed 's/.*dt=//')"
to="$(date -u -d "$last + 1 day" +%F)"
if compgen -G "$landing/dt=*/*.jsonl.gz" >/dev/null; then
  count="$(zcat "$landing"/dt=*/*.jsonl.gz | wc -l)"
else
  count="$(cat "$landing"/dt=*/*.jsonl | wc -l)"
fi

source "$HERE/scripts/jvm-flags.sh"
read -r -a SPARK_FLAGS <<< "$(spark_jvm_flags "$HERE")"
heap="${BENCH_JAVA_OPTS:--Xmx4g}"
export VIGIA_LANDING_DIR="$landing" VIGIA_LAKE_DIR="$work/lake" VIGIA_JAVA_OPTS="$heap"
(cd "$work" && "$HERE/vigia" migrate >/dev/null 2>&1) || { echo "ingest-vs-naive: vigia migrate failed" >&2; exit 1; }
naive=(java $heap "${SPARK_FLAGS[@]}" -Dlog4j2.configurationFile="$HERE/conf/log4j2.properties"
  -cp "$HERE/bench/target/classes:$HERE/jobs/target/vigia.jar:$(cat "$HERE/bench/target/bench-classpath.txt")"
  io.vigia.bench.IngestNaiveBench --landing "$landing" --out "$work/naive" ${naivefs[@]+"${naivefs[@]}"})

timed() { # prints the wall seconds of "$@" run in $work, its output to $work/last-$1.log
  local log="$work/last-$1.log"; shift
  local t0 t1
  t0="$(date +%s.%N)"
  (cd "$work" && "$@") >"$log" 2>&1 || { echo "ingest-vs-naive: failed, see $log" >&2; exit 1; }
  t1="$(date +%s.%N)"
  echo "$t1 - $t0" | bc -l
}
echo "ingest $count lines (dates $first .. $last), $runs pairs after a warm-up pair; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "the naive ingest writes through $([[ ${#naivefs[@]} -gt 0 ]] && echo "Hadoop's own local file system (a chmod and a readlink process per file)" || echo "vigia's local file system, as vigia does (like for like)")"
timed vigia "$HERE/vigia" run ingest --from "$first" --to "$to" >/dev/null
timed naive "${naive[@]}" >/dev/null
ratios=()
for i in $(seq 1 "$runs"); do
  a="$(timed vigia "$HERE/vigia" run ingest --from "$first" --to "$to")"
  b="$(timed naive "${naive[@]}")"
  r="$(echo "$a / $b" | bc -l)"
  ratios+=("$r")
  printf "pair %d: vigia %.1f s, naive %.1f s, ratio %.2f (load %s)\n" "$i" "$a" "$b" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
done
median="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
printf "median ratio vigia / naive: %.2f (target <= 1.25); lines/s of vigia in its last run: %.0f\n" \
  "$median" "$(echo "$count / $a" | bc -l)"
grep -h "ingest: parsed\|classified\|wrote .* Delta tables" "$work/last-vigia.log" | sed 's/^/  vigia where the time went: /' || true
