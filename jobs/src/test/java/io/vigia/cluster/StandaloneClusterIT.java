package io.vigia.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.GeneratorSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The nine analytics jobs on a real Spark standalone cluster (scripts/standalone-cluster.sh: a master
 * and two one-core workers from Spark's own jars, so the executors are separate JVMs; vigia.jar
 * spark-submitted in client mode with Delta as --jars; the nine jobs in one submit, `vigia pipeline`) against
 * a PostgreSQL server of its own process, with the landing and lake given as file:/// URIs as shared
 * storage would be; at the same time the same jobs with the same submit on local[2] into another
 * database and lake. The cluster's queries are compiled (vigia.spark.codegen = on), the local ones
 * interpreted (off): the two modes must give the same rows too. Every results table's rows
 * (less the surrogate ids, run ids and wall-clock stamps of the run itself) and every Delta table
 * must be equal. Logs: jobs/target/standalone-it/.
 */
class StandaloneClusterIT {
  /** The jobs run, in pipeline order (the daily DAG's order; budgets, compliance and ops are left out). */
  static final List<String> JOBS = List.of(
      "ingest",
      "drift",
      "experiments",
      "performance",
      "costs",
      "cache",
      "privacy-scan",
      "feedback",
      "improvements");

  static final int DAYS = 10;

  /**
   * Columns that belong to the run, not to its results: bigserial ids (insertion order differs between
   * runs), DEFAULT now() stamps, and these, which hold the run's id or the wall clock at write time.
   */
  static final Set<String> RUN_COLUMNS = Set.of(
      "run_id",
      "computed_at",
      "started_at",
      "ended_at",
      "host",
      "processed_at",
      "analyzed_at",
      "created_at",
      "updated_at",
      "generated_at",
      "ingested_at",
      "ingest_run_id",
      "scan_run_id");
  /**
   * Per table: job_runs.details records the Delta tables a run wrote by their location, which differs by
   * lake; a notification's occurred_at is the wall clock when its alert was written, and its details
   * carry the alert's bigserial id and stamps (its key, kind, severity, title and source are compared).
   */
  static final Map<String, Set<String>> RUN_COLUMNS_OF_TABLE = Map.of(
      "job_runs",
      Set.of("details"),
      "notification_outbox",
      Set.of("occurred_at", "details", "body", "source_id"));

  /**
   * More JVM flags for every JVM of the test (master, workers, drivers, executors), the cluster script's
   * VIGIA_CLUSTER_JAVA_OPTS: the client compiler only. Each JVM lives one pipeline over a few thousand
   * rows, where C2's compiling costs more than it wins (docs/testing.md); -Dvigia.it.cluster-java-opts=
   * (empty) runs them as users do, to compare.
   */
  static final String JVM_FLAGS =
      System.getProperty("vigia.it.cluster-java-opts", "-XX:TieredStopAtLevel=1");

  private final Path root = Path.of("").toAbsolutePath().getParent();
  private final Path work = Path.of("target", "standalone-it").toAbsolutePath();

  @Test
  void theNineJobsOnAStandaloneClusterWriteWhatLocalRunsWrite() throws Exception {
    Path script = root.resolve("scripts/standalone-cluster.sh");
    assertThat(script).as("the cluster script").exists();
    assertThat(root.resolve("jobs/target/vigia.jar"))
        .as("the shaded jar (package phase)")
        .exists();
    io.vigia.common.io.LocalFiles.deleteTree(work);
    Files.createDirectories(work.resolve("logs"));
    Path landing = work.resolve("landing");
    Path lakeCluster = work.resolve("lake-cluster");
    Path lakeLocal = work.resolve("lake-local");

    EmbeddedPostgres pg = EmbeddedPostgres.start(work.resolve("pg"), 0, true);
    Map<String, String> clusterEnv = new LinkedHashMap<>();
    Map<String, String> localEnv = new LinkedHashMap<>();
    try {
      Database dbCluster = newDatabase(pg, "vigia_cluster");
      Database dbLocal = newDatabase(pg, "vigia_local");
      for (Database db : List.of(dbCluster, dbLocal)) {
        // the same deterministic landing (rewritten identically) and platform tables in each
        // database
        // as `vigia generate --tenants 2 --days DAYS --rows-per-day 600` (the demo module is not on
        // this classpath)
        try (java.sql.Connection c = db.connect()) {
          io.vigia.generate.Generator.generate(
              GeneratorSpec.of(2, DAYS, 600, 42, landing),
              new io.vigia.generate.JdbcPlatformSink(c, true));
        }
      }
      clusterEnv.putAll(Map.of(
          "VIGIA_JDBC_URL",
          dbCluster.url(),
          "VIGIA_JDBC_USER",
          dbCluster.user(),
          "VIGIA_LANDING_DIR",
          landing.toUri().toString(),
          "VIGIA_LAKE_DIR",
          lakeCluster.toUri().toString()));
      localEnv.putAll(Map.of(
          "VIGIA_JDBC_URL",
          dbLocal.url(),
          "VIGIA_JDBC_USER",
          dbLocal.user(),
          "VIGIA_LANDING_DIR",
          landing.toString(),
          "VIGIA_LAKE_DIR",
          lakeLocal.toString(),
          "VIGIA_SUBMIT_MASTER",
          "local[2]"));

      long t0 = System.nanoTime();
      Thread hook = new Thread(() -> runQuietly(script, "stop"), "standalone-cluster-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        assertThat(script(script, Map.of(), work.resolve("logs/cluster-start.log"), "start"))
            .as("cluster start")
            .isZero();
        System.out.printf("standalone cluster started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
          Future<Map<String, Double>> onCluster =
              two.submit(() -> pipeline(script, "cluster", clusterEnv, "on"));
          Future<Map<String, Double>> onLocal =
              two.submit(() -> pipeline(script, "local", localEnv, "off"));
          Map<String, Double> cs = onCluster.get(60, TimeUnit.MINUTES);
          Map<String, Double> ls = onLocal.get(60, TimeUnit.MINUTES);
          System.out.println("seconds per job on the cluster: " + cs);
          System.out.println("seconds per job on local[2]:    " + ls);
        } finally {
          two.shutdownNow();
        }
      } finally {
        runQuietly(script, "stop");
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      System.out.printf(
          "cluster and local pipelines done in %.1f s%n", (System.nanoTime() - t0) / 1e9);

      Map<String, List<String>> a = tables(dbCluster);
      Map<String, List<String>> b = tables(dbLocal);
      List<String> diffs = differences(a, b);
      System.out.println("results tables compared (rows): "
          + a.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue().size())
              .collect(Collectors.joining(", ")));
      for (String t : List.of(
          "job_runs",
          "model_performance_metrics",
          "feature_drift_metrics",
          "ab_experiments",
          "system_performance_metrics",
          "cost_tracking",
          "cache_performance_metrics",
          "privacy_audit_log",
          "feedback_correction_metrics")) {
        assertThat(a.get(t))
            .as("rows of " + t + " (the comparison must not be of empty tables)")
            .isNotEmpty();
      }
      assertThat(a.get("job_runs"))
          .as("one succeeded run per job")
          .hasSize(JOBS.size())
          .allMatch(r -> r.contains("succeeded"));

      Map<String, List<String>> la = deltaTables(lakeCluster);
      Map<String, List<String>> lb = deltaTables(lakeLocal);
      System.out.println("Delta tables compared (rows): "
          + la.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue().size())
              .collect(Collectors.joining(", ")));
      assertThat(la)
          .as("Delta tables")
          .containsKeys("events/prediction", "events/outcome", "quarantine");
      diffs.addAll(differences(la, lb));
      assertThat(diffs).as("cluster vs local differences").isEmpty();

      // The comparison can fail: one changed value in one row of the local database is reported.
      try (Connection c = dbLocal.connect();
          PreparedStatement ps = c.prepareStatement(
              "UPDATE model_performance_metrics SET sample_size = sample_size + ? "
                  + "WHERE id = (SELECT min(id) FROM model_performance_metrics)")) {
        ps.setInt(1, 1);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      List<String> afterChange = differences(a, tables(dbLocal));
      assertThat(afterChange).hasSize(1);
      assertThat(afterChange.get(0)).startsWith("model_performance_metrics:");
    } finally {
      pg.deleteData();
    }
  }

  /**
   * Runs the nine jobs in order through the script's submit, all in one spark-submit (`vigia pipeline`:
   * one driver JVM, one SparkSession, one set of executors; each job its own run over its window);
   * returns seconds per job as the pipeline printed them.
   */
  private Map<String, Double> pipeline(
      Path script, String name, Map<String, String> env, String codegen) throws Exception {
    Path log = work.resolve("logs/" + name + "-pipeline.log");
    int rc = script(
        script,
        env,
        log,
        "submit",
        "-S",
        "vigia.spark.shuffle-partitions=2",
        "-S",
        "vigia.spark.codegen=" + codegen,
        "pipeline",
        "--first-day",
        GeneratorSpec.DEFAULT_START.toString(),
        "--days",
        Integer.toString(DAYS),
        "--jobs",
        String.join(",", JOBS));
    if (rc != 0) {
      throw new AssertionError(
          name + " pipeline exited " + rc + "; " + log + " ends:\n" + tail(log, 40));
    }
    Map<String, Double> secs = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^([a-z-]+) \\[.*\\((\\d+\\.\\d) s\\)$").matcher(Files.readString(log));
    while (m.find()) {
      secs.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    assertThat(secs.keySet())
        .as("the jobs the pipeline reported, in order (" + log + ")")
        .containsExactlyElementsOf(JOBS);
    String mode = codegen.equals("on") ? "compiled" : "interpreted";
    String text = Files.readString(log);
    for (String job : JOBS) {
      assertThat(text)
          .as("each job's queries " + mode + " (" + log + ")")
          .contains(job + ": queries " + mode + " (vigia.spark.codegen = " + codegen + ")");
    }
    return secs;
  }

  private int script(Path script, Map<String, String> env, Path log, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("VIGIA_JDBC_URL");
    pb.environment().remove("VIGIA_CONF");
    pb.environment().put("VIGIA_CLUSTER_DIR", work.resolve("cluster").toString());
    pb.environment().put("VIGIA_CLUSTER_JAVA_OPTS", JVM_FLAGS);
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd + " (log " + log + ")");
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw e;
    }
    return p.exitValue();
  }

  private void runQuietly(Path script, String arg) {
    try {
      script(script, Map.of(), work.resolve("logs/cluster-" + arg + ".log"), arg);
    } catch (Exception e) {
      System.err.println("standalone cluster " + arg + ": " + e);
    }
  }

  private static Database newDatabase(EmbeddedPostgres pg, String name) throws SQLException {
    try (Connection c = Database.embedded(pg, "postgres").connect();
        var st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    }
    Database db = Database.embedded(pg, name);
    Migrations.migrate(db);
    return db;
  }

  /** Every table of the public schema (partitioned parents, not their partitions): its rows, normalised and sorted. */
  static Map<String, List<String>> tables(Database db) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Connection c = db.connect()) {
      List<String> names = new ArrayList<>();
      try (var st = c.createStatement();
          ResultSet rs = st.executeQuery(
              "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                  + "AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'vigia_schema_history' ORDER BY 1")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String t : names) {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT column_name, coalesce(column_default, '') "
                + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
          ps.setString(1, t);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String col = rs.getString(1);
              String def = rs.getString(2);
              if (!RUN_COLUMNS.contains(col)
                  && !def.startsWith("nextval(")
                  && !def.startsWith("now()")
                  && !RUN_COLUMNS_OF_TABLE.getOrDefault(t, Set.of()).contains(col)) {
                cols.add(col);
              }
            }
          }
        }
        // identifiers quoted by PostgreSQL itself (quote_ident), never values
        String select;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT string_agg(quote_ident(x), ', ') FROM unnest(?::text[]) x")) {
          ps.setArray(1, c.createArrayOf("text", cols.toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            select = "SELECT " + rs.getString(1) + " FROM " + t;
          }
        }
        List<String> rows = new ArrayList<>();
        try (var st = c.createStatement();
            ResultSet rs = st.executeQuery(select)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              b.append(i > 1 ? " | " : "")
                  .append(rs.getMetaData().getColumnLabel(i))
                  .append('=')
                  .append(normalise(rs.getString(i)));
            }
            rows.add(b.toString());
          }
        }
        Collections.sort(rows);
        out.put(t, rows);
      }
    }
    return out;
  }

  /** Every Delta table under a lake (events/TYPE, quarantine, rollups/..., sanitized/...), read with Spark. */
  static Map<String, List<String>> deltaTables(Path lake) throws IOException {
    SparkSession spark = TestEnv.spark();
    Map<String, List<String>> out = new TreeMap<>();
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(lake)) {
      dirs = s.filter(p -> p.getFileName().toString().equals("_delta_log"))
          .map(Path::getParent)
          .filter(p -> !lake.relativize(p).toString().startsWith("_staging"))
          .toList();
    }
    for (Path d : dirs) {
      Dataset<Row> df = spark.read().format("delta").load(d.toString());
      List<String> keep = new ArrayList<>();
      for (String c : df.columns()) {
        if (!RUN_COLUMNS.contains(c)) {
          keep.add(c);
        }
      }
      List<String> rows = new ArrayList<>();
      for (Row r : df.select(keep.stream()
              .map(org.apache.spark.sql.functions::col)
              .toArray(org.apache.spark.sql.Column[]::new))
          .collectAsList()) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keep.size(); i++) {
          b.append(i > 0 ? " | " : "")
              .append(keep.get(i))
              .append('=')
              .append(normalise(String.valueOf(r.get(i))));
        }
        rows.add(b.toString());
      }
      Collections.sort(rows);
      out.put(lake.relativize(d).toString(), rows);
    }
    return out;
  }

  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");

  /**
   * Decimal numbers rounded to 10 significant digits: floating-point sums and means depend on the order
   * Spark combines partial results in, which differs between two executors and local threads in the
   * last bits; anything else is compared exactly.
   */
  static String normalise(String v) {
    if (v == null) {
      return "NULL";
    }
    Matcher m = DECIMAL.matcher(v);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String r = new BigDecimal(m.group())
          .round(new MathContext(10))
          .stripTrailingZeros()
          .toPlainString();
      m.appendReplacement(b, Matcher.quoteReplacement(r));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** One line per table whose rows differ (counts and the first differing rows). */
  static List<String> differences(Map<String, List<String>> a, Map<String, List<String>> b) {
    List<String> out = new ArrayList<>();
    Set<String> names = new java.util.TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String t : names) {
      List<String> ra = a.getOrDefault(t, List.of());
      List<String> rb = b.getOrDefault(t, List.of());
      if (!ra.equals(rb)) {
        List<String> onlyA = new ArrayList<>(ra);
        rb.forEach(onlyA::remove);
        List<String> onlyB = new ArrayList<>(rb);
        ra.forEach(onlyB::remove);
        out.add(t + ": cluster " + ra.size() + " rows, local " + rb.size()
            + "; only on the cluster: " + onlyA.stream().limit(3).toList() + "; only local: "
            + onlyB.stream().limit(3).toList());
      }
    }
    return out;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
