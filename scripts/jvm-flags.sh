# Spark's JVM flags on Java 17 (the list bin/spark-submit's launcher adds), written in one place: the
# root pom's <spark.jvm.flags>, which the tests' JVMs use too. The launchers (./vigia, bench/run.sh,
# scripts/standalone-cluster.sh) read them from there:
#   source scripts/jvm-flags.sh; line="$(spark_jvm_flags "$ROOT")"; read -r -a SPARK_FLAGS <<< "$line"
spark_jvm_flags() {
  local flags
  flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$1/pom.xml")"
  [[ -n "$flags" ]] || { echo "no <spark.jvm.flags> in $1/pom.xml" >&2; return 2; }
  printf '%s\n' "$flags"
}
