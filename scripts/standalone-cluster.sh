#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from Spark's own deploy classes as Maven resolved them
# (module spark-home; `mvn -B -DskipTests package` writes the lists), and spark-submit of vigia.jar
# in client mode with Delta given as --jars. StandaloneClusterIT (jobs, `mvn verify`) runs it; the
# docs/operations/cluster.md shows the same commands.
#
#   scripts/standalone-cluster.sh start          master + 2 workers (1 core, 1 GiB each): executors are separate JVMs
#   scripts/standalone-cluster.sh submit ARGS..  spark-submit vigia.jar ARGS (e.g. run ingest --from .. --to ..)
#   scripts/standalone-cluster.sh status         the master URL and the registered workers
#   scripts/standalone-cluster.sh stop           stops the workers (and their executors) and the master
#
# Environment: VIGIA_CLUSTER_DIR (state, logs, worker dirs; default spark-home/target/cluster),
# VIGIA_CLUSTER_WORKERS (2), VIGIA_WORKER_MEMORY (1g), VIGIA_SUBMIT_MASTER (default: this cluster's
# master; local[2] runs the same submit without the cluster), VIGIA_DRIVER_MEMORY (1g),
# VIGIA_CLUSTER_JAVA_OPTS (more JVM flags for master, workers, driver and executors alike; none by
# default; StandaloneClusterIT gives the client compiler only, see docs/testing.md). The driver
# runs here and inherits VIGIA_JDBC_URL, VIGIA_LANDING_DIR, VIGIA_LAKE_DIR, ... from the environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_DEPS="$ROOT/spark-home/target"
SPARK_HOME="$SPARK_DEPS/spark-home"
STATE="${VIGIA_CLUSTER_DIR:-$SPARK_DEPS/cluster}"
JAR="$ROOT/jobs/target/vigia.jar"
WORKERS="${VIGIA_CLUSTER_WORKERS:-2}"
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1

# Spark's JVM flags on Java 17 (the list bin/spark-submit's launcher adds), for master, workers,
# driver and executors alike.
# shellcheck source=scripts/jvm-flags.sh
source "$ROOT/scripts/jvm-flags.sh"
spark_flags_line="$(spark_jvm_flags "$ROOT")"
read -r -a SPARK_FLAGS <<< "$spark_flags_line"
read -r -a EXTRA_FLAGS <<< "${VIGIA_CLUSTER_JAVA_OPTS:-}"
SPARK_FLAGS+=("${EXTRA_FLAGS[@]}")

die() { echo "standalone-cluster: $*" >&2; exit 2; }

# SPARK_HOME/jars as a Spark distribution has it: Spark's jars only (links into the Maven repository).
# A worker builds its executors' classpath from $SPARK_HOME/jars and needs SPARK_SCALA_VERSION.
spark_home() {
  for f in spark-jars.txt delta-jars.txt; do
    [[ -s "$SPARK_DEPS/$f" ]] || die "$SPARK_DEPS/$f missing: run mvn -B -DskipTests package first"
  done
  if [[ ! -d "$SPARK_HOME/jars" || "$SPARK_DEPS/spark-jars.txt" -nt "$SPARK_HOME/jars" ]]; then
    rm -rf "$SPARK_HOME"
    mkdir -p "$SPARK_HOME/jars.tmp"
    tr ':' '\n' < "$SPARK_DEPS/spark-jars.txt" | while read -r j || [[ -n "$j" ]]; do
      [[ -n "$j" ]] && ln -s "$j" "$SPARK_HOME/jars.tmp/$(basename "$j")"
    done
    mv "$SPARK_HOME/jars.tmp" "$SPARK_HOME/jars"
  fi
}

# Waits until FILE has a line matching REGEX (or PID died, or TIMEOUT seconds passed); prints the line.
await_line() {
  local file="$1" regex="$2" pid="$3" timeout="$4" line
  for ((i = 0; i < timeout * 5; i++)); do
    if line=$(grep -m1 -E "$regex" "$file" 2>/dev/null); then
      echo "$line"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "standalone-cluster: process $pid exited; see $file" >&2; tail -20 "$file" >&2; return 1; }
    sleep 0.2
  done
  echo "standalone-cluster: no '$regex' in $file after ${timeout}s" >&2
  return 1
}

# Starts a daemon in its own process group (its pid is the group id), so stop ends it and its children.
daemon() {
  local name="$1"
  shift
  setsid java "$@" > "$STATE/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
}

start() {
  [[ -f "$STATE/master.url" ]] && die "a cluster is already started from $STATE (stop it first)"
  spark_home
  mkdir -p "$STATE"
  rm -f "$STATE"/*.log "$STATE"/*.pid
  daemon master -Xmx512m "${SPARK_FLAGS[@]}" -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
  local line url
  line=$(await_line "$STATE/master.log" 'Starting Spark master at spark://' "$(cat "$STATE/master.pid")" 120) \
    || { stop; exit 1; }
  url=$(grep -o 'spark://[^ ]*' <<< "$line")
  echo "$url" > "$STATE/master.url"
  for ((w = 1; w <= WORKERS; w++)); do
    mkdir -p "$STATE/worker-$w"
    daemon "worker-$w" -Xmx512m "${SPARK_FLAGS[@]}" -cp "$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores 1 --memory "${VIGIA_WORKER_MEMORY:-1g}" --work-dir "$STATE/worker-$w" "$url"
  done
  for ((w = 1; w <= WORKERS; w++)); do
    await_line "$STATE/worker-$w.log" 'Successfully registered with master' "$(cat "$STATE/worker-$w.pid")" 120 \
      > /dev/null || { stop; exit 1; }
  done
  echo "standalone-cluster: master $url with $WORKERS workers (1 core each); logs in $STATE"
}

stop() {
  local pids=() p
  for f in "$STATE"/worker-*.pid "$STATE"/master.pid; do
    [[ -f "$f" ]] || continue
    p=$(cat "$f")
    # the process group: the daemon and the executors a worker started
    kill -TERM -- "-$p" 2>/dev/null && pids+=("$p")
    rm -f "$f"
  done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 100; i++)); do
      kill -0 -- "-$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$p" 2>/dev/null || true
  done
  rm -f "$STATE/master.url"
  echo "standalone-cluster: stopped"
}

status() {
  [[ -f "$STATE/master.url" ]] || { echo "standalone-cluster: not started"; return 1; }
  echo "master $(cat "$STATE/master.url")"
  grep -h 'Registering worker' "$STATE/master.log" || true
}

# The spark-submit command (client mode): the driver is this JVM, so its JVM flags go on the java
# command; the executors get theirs through spark.executor.extraJavaOptions.
submit() {
  spark_home
  local master="${VIGIA_SUBMIT_MASTER:-}"
  if [[ -z "$master" ]]; then
    [[ -f "$STATE/master.url" ]] || die "no cluster started (scripts/standalone-cluster.sh start), and no VIGIA_SUBMIT_MASTER"
    master=$(cat "$STATE/master.url")
  fi
  [[ -f "$JAR" ]] || die "$JAR missing: run mvn -B -DskipTests package first"
  local flags="${SPARK_FLAGS[*]}"
  local cmd=(java "-Xmx${VIGIA_DRIVER_MEMORY:-1g}" "${SPARK_FLAGS[@]}" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
    -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit
    --master "$master" --deploy-mode client
    --class io.vigia.cli.Main
    --jars "$(tr -d '\n' < "$SPARK_DEPS/delta-jars.txt" | tr ':' ',')"
    --conf "spark.driver.extraJavaOptions=$flags"
    --conf "spark.executor.extraJavaOptions=$flags"
    --conf spark.executor.memory=1g
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1
    --conf spark.ui.enabled=false
    "$JAR" "$@")
  echo "standalone-cluster: ${cmd[*]}" >&2
  exec "${cmd[@]}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  submit) shift; submit "$@" ;;
  *) echo "usage: $0 start|submit VIGIA_ARGS...|status|stop" >&2; exit 2 ;;
esac
