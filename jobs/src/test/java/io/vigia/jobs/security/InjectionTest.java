package io.vigia.jobs.security;

import static io.vigia.common.testing.Jdbc.scalar;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.JobRegistry;
import io.vigia.jobs.drift.DriftJob;
import io.vigia.jobs.erasure.ErasureJob;
import io.vigia.jobs.experiments.ExperimentsJob;
import io.vigia.jobs.feedback.FeedbackJob;
import io.vigia.jobs.ingest.IngestJob;
import io.vigia.jobs.privacyscan.PrivacyScanJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MapType;
import org.junit.jupiter.api.Test;

/**
 * SQL injection strings as tenant ids, model ids, feature names and experiment names travel through
 * ingest, drift (also run with --tenant set to one of them) and experiments as plain values: stored
 * verbatim, every table still there, nobody else's rows touched. Hostile tenant ids scope every
 * tenant-scoped job, run as a login holding only vigia_job (least privilege: every registered job but
 * partitions and retention runs as that login).
 */
class InjectionTest {
  static final String TENANT = "t1'; DROP TABLE drift_alerts; --";
  static final String MODEL = "m\"); DELETE FROM job_runs; --";
  static final String FEATURE = "price' OR '1'='1";
  static final String CAT = "region`); DROP TABLE feature_drift_metrics; --";
  static final String EXPERIMENT = "exp'); UPDATE ab_experiments SET winner = 'treatment'; --";

  /**
   * Tenant ids that break a predicate built with PostgreSQL-style quoting in Spark SQL (a backslash
   * escapes there), comment and LIKE characters, a newline and non-ASCII. The first is the one that
   * turns {@code tenant_id = '...'} into a predicate true for every row.
   */
  static final List<String> HOSTILE =
      List.of("\\' OR 1=1 --", "\\'", "'", "\\", "--", "/*", "%", "_", "new\nline", "ñandú-ü");
  /** Other tenants in the same data: LIKE matches of '%' and '_', near-twins of the hostile ones. */
  static final List<String> DECOYS = List.of("x", "' OR 1=1 --", "nandu-u", "plain");

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Test
  void hostileIdentifiersAreJustValues() throws Exception {
    Path work = TestEnv.tempDir("inject");
    LocalDate start = LocalDate.parse("2026-10-01");
    Random rnd = new Random(7);
    for (int d = 0; d < 14; d++) {
      LocalDate day = start.plusDays(d);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String id = d + "-" + i;
        String ts = day + "T" + String.format("%02d:%02d:00Z", i / 10, i % 60);
        double price = 10 + rnd.nextGaussian() + (d >= 7 ? 3 : 0);
        for (String tenant : List.of(TENANT, "plain")) {
          String pid = tenant.equals(TENANT) ? "p-" + id : "q-" + id;
          lines.add(
              "{\"event_id\":" + json("e" + pid) + ",\"event_type\":\"prediction\",\"ts\":\"" + ts
                  + "\",\"tenant_id\":" + json(tenant) + ",\"model_id\":" + json(MODEL)
                  + ",\"model_version\":\"v1\","
                  + "\"prediction_id\":" + json(pid) + ",\"features\":{" + json(FEATURE) + ":"
                  + price + ","
                  + json(CAT) + ":" + json(rnd.nextBoolean() ? "norte" : "sur")
                  + "},\"prediction\":" + (40 + price)
                  + ",\"latency_ms\":12.0,\"status\":\"ok\"}");
          lines.add(
              "{\"event_id\":" + json("o" + pid) + ",\"event_type\":\"outcome\",\"ts\":\"" + ts
                  + "\",\"tenant_id\":" + json(tenant) + ",\"prediction_id\":" + json(pid)
                  + ",\"model_id\":"
                  + json(MODEL) + ",\"actual\":" + (41 + price + rnd.nextGaussian()) + "}");
        }
      }
      Path dir = Files.createDirectories(work.resolve("landing").resolve("dt=" + day));
      Files.write(dir.resolve("events.jsonl"), lines);
    }
    Database db = TestEnv.freshDatabase("inject", true);
    Settings s = TestEnv.settings(db, work, Map.of());
    JobResult ing = JobRunner.run(
        new IngestJob(),
        TestEnv.spark(),
        s,
        db,
        Window.days(start, 14),
        Optional.empty(),
        Clock.systemUTC());
    assertThat(ing.recordsQuarantined()).isZero();
    Window eval = Window.days(start.plusDays(7), 7);
    JobRunner.run(
        new DriftJob(), TestEnv.spark(), s, db, eval, Optional.empty(), Clock.systemUTC());
    // and once more for the hostile tenant only: the scope's tenant is a bound parameter
    JobRunner.run(
        new DriftJob(), TestEnv.spark(), s, db, eval, Optional.of(TENANT), Clock.systemUTC());

    try (Connection c = db.connect()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO ab_experiments (id, tenant_id, name,"
              + " control_model_id, treatment_model_id, primary_metric, status, started_at, min_sample_size)"
              + " VALUES (?, ?, ?, ?, ?, 'mape', 'running', '2026-10-01', 10)")) {
        ps.setString(1, EXPERIMENT);
        ps.setString(2, TENANT);
        ps.setString(3, EXPERIMENT);
        ps.setString(4, MODEL);
        ps.setString(5, MODEL + "-b");
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO ab_experiment_observations (experiment_id,"
              + " tenant_id, variant, unit_id, metric_name, metric_value, latency_ms, cost_usd, observed_at)"
              + " VALUES (?, ?, ?, ?, 'mape', ?, 10, 0.001, '2026-10-05')")) {
        for (int i = 0; i < 400; i++) {
          ps.setString(1, EXPERIMENT);
          ps.setString(2, TENANT);
          ps.setString(3, i % 2 == 0 ? "control" : "treatment");
          ps.setString(4, "u'" + i);
          ps.setDouble(5, 0.1 + 0.01 * rnd.nextGaussian());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    JobRunner.run(
        new ExperimentsJob(),
        TestEnv.spark(),
        s,
        db,
        Window.days(start, 14),
        Optional.empty(),
        Clock.systemUTC());

    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
              + " AND tablename IN ('drift_alerts', 'feature_drift_metrics', 'job_runs', 'ab_experiments')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*), count(*) FILTER (WHERE status = 'succeeded') FROM job_runs")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
        assertThat(rs.getInt(2)).isEqualTo(4);
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT DISTINCT tenant_id, model_id FROM model_performance_metrics" + " ORDER BY 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("plain");
        assertThat(rs.getString(2)).isEqualTo(MODEL);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(TENANT);
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs =
          st.executeQuery("SELECT DISTINCT feature FROM feature_drift_metrics ORDER BY 1")) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        assertThat(names).contains(FEATURE, CAT);
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT name, analyzed_at IS NOT NULL, coalesce(winner, '') FROM ab_experiments")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(EXPERIMENT);
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getString(3)).isNotEqualTo("treatment");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /** Jobs whose purpose is to change the schema (create, detach, drop partitions): they run as the owner. */
  static final Set<String> SCHEMA_CHANGING = Set.of("partitions", "retention");

  /**
   * Every job that takes --tenant (erasure aside: its own test) runs for hostile tenant ids over
   * generated data of those and other tenants: it reads only that tenant's records, and no other
   * tenant's rows change in PostgreSQL or in the Delta tables jobs write (rollup states, sanitized
   * copies).
   *
   * <p>Least privilege, on the same runs: every registered job but the two that change the schema
   * (partitions, retention: they run as the owner) runs as a login that holds only vigia_job (owns no
   * table, cannot change the schema): ingest and the tenant-scoped jobs above, then erasure and notify
   * for all tenants. vigia_job's grants and row policy are per table, not per tenant, so a scoped run
   * needs what an unscoped one does. A dashboard login then sees only its own (hostile) tenant's
   * results, and nothing without a tenant setting.
   */
  @Test
  void everyTenantScopedJobTouchesOnlyItsHostileTenant() throws Exception {
    List<String> tenants = new ArrayList<>(HOSTILE);
    tenants.addAll(DECOYS);
    Path work = TestEnv.tempDir("inject-tenants");
    Database db = TestEnv.freshDatabase("inject_tenants", true);
    LocalDate start = GeneratorSpec.DEFAULT_START;
    int days = 8;
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lp_job') THEN "
              + "CREATE ROLE lp_job LOGIN; END IF; "
              + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lp_dash') THEN CREATE ROLE lp_dash LOGIN; END IF; END $$");
      st.execute("GRANT vigia_job TO lp_job");
      st.execute("GRANT vigia_dashboard TO lp_dash");
      Generator.generate(
          GeneratorSpec.of(tenants.size(), days, 60L * tenants.size(), 11, work.resolve("landing")),
          new JdbcPlatformSink(c));
    }
    renameTenants(work.resolve("landing"), db, tenants);
    // db (the owner) takes the snapshots; every job runs as asJob
    Database asJob = new Database(db.url(), "lp_job", "");
    Settings s = TestEnv.settings(asJob, work, Map.of());
    assertThat(s.jdbcUser()).isEqualTo("lp_job");
    Map<String, Window> windows = JobRegistry.windowsFor(start, days);
    Set<String> ranAsJob = new TreeSet<>();
    JobResult ing = JobRunner.run(
        new IngestJob(),
        TestEnv.spark(),
        s,
        asJob,
        windows.get(IngestJob.NAME),
        Optional.empty(),
        Clock.systemUTC());
    ranAsJob.add(IngestJob.NAME);
    assertThat(ing.recordsOk()).isPositive();
    Path lake = work.resolve("lake");

    List<String> jobs = JobRegistry.all().keySet().stream()
        .filter(n -> JobRegistry.get(n).acceptsTenant() && !n.equals(ErasureJob.NAME))
        .toList();
    assertThat(jobs)
        .contains(
            FeedbackJob.NAME, PrivacyScanJob.NAME, ExperimentsJob.NAME, "costs", "performance");
    int rotating = 1;
    // each run's "after" is the next run's "before": nothing else writes in between
    Map<String, Map<String, String>> before = snapshot(db, lake);
    for (String name : jobs) {
      Window w = windows.get(name);
      // first another hostile tenant's run (its rows are then there to be left alone), then the one
      // that
      // turns a quoted predicate into "true for every row"
      for (String tenant : List.of(HOSTILE.get(rotating), HOSTILE.get(0))) {
        long expectedIn = expectedRecordsIn(name, db, lake, w, tenant);
        JobResult r = JobRunner.run(
            JobRegistry.get(name),
            TestEnv.spark(),
            s,
            asJob,
            w,
            Optional.of(tenant),
            Clock.systemUTC());
        ranAsJob.add(name);
        String what = name + " --tenant " + tenant.replace("\n", "\\n");
        assertThat(r.recordsIn())
            .as(what + ": in = ok + quarantined")
            .isEqualTo(r.recordsOk() + r.recordsQuarantined());
        if (expectedIn >= 0) {
          assertThat(r.recordsIn()).as(what + ": records read").isEqualTo(expectedIn);
        }
        Map<String, Map<String, String>> after = snapshot(db, lake);
        for (String table : union(before.keySet(), after.keySet())) {
          Map<String, String> b = new TreeMap<>(before.getOrDefault(table, Map.of()));
          Map<String, String> a = new TreeMap<>(after.getOrDefault(table, Map.of()));
          b.remove(tenant);
          a.remove(tenant);
          assertThat(a).as(what + ": other tenants' rows of " + table).isEqualTo(b);
        }
        before = after;
      }
      rotating = rotating % (HOSTILE.size() - 1) + 1;
    }

    // the registered jobs not run above, for all tenants, as the job login too
    for (String name : JobRegistry.all().keySet()) {
      if (ranAsJob.contains(name) || SCHEMA_CHANGING.contains(name)) {
        continue;
      }
      JobResult r = JobRunner.run(
          JobRegistry.get(name),
          TestEnv.spark(),
          s,
          asJob,
          windows.get(name),
          Optional.empty(),
          Clock.systemUTC());
      assertThat(r.recordsIn())
          .as(name + ": in = ok + quarantined")
          .isEqualTo(r.recordsOk() + r.recordsQuarantined());
      ranAsJob.add(name);
    }
    Set<String> everyJob = new TreeSet<>(JobRegistry.all().keySet());
    everyJob.removeAll(SCHEMA_CHANGING);
    assertThat(ranAsJob).as("jobs run as the job login").isEqualTo(everyJob);
    assertThat(scalar(
            db,
            "SELECT count(DISTINCT job) || '/' || count(*) FILTER (WHERE status <> 'succeeded')"
                + " || '/' || (SELECT count(*) FROM pg_tables WHERE tableowner = 'lp_job')"
                + " FROM job_runs"))
        .as("jobs with a run / runs not succeeded / tables owned by the job login")
        .isEqualTo(everyJob.size() + "/0/0");

    // the dashboard login: no tenant setting, no rows; with the hostile tenant's, its rows only
    String tenant = HOSTILE.get(0);
    assertThat(scalar(db, "SELECT count(DISTINCT tenant_id) FROM drift_detection_summary"))
        .isNotIn("0", "1");
    try (Connection c = new Database(db.url(), "lp_dash", "").connect()) {
      assertThat(scalar(c, "SELECT count(*) FROM model_performance_metrics"))
          .as("no tenant setting, no rows")
          .isEqualTo("0");
      try (PreparedStatement ps =
          c.prepareStatement("SELECT set_config('vigia.tenant_id', ?, false)")) {
        ps.setString(1, tenant);
        ps.execute();
      }
      assertThat(
              Jdbc.rows(
                  c,
                  "SELECT count(*) > 0, count(DISTINCT tenant_id), min(tenant_id) FROM drift_detection_summary"))
          .containsExactly(List.of("t", "1", tenant));
    }
  }

  /**
   * The records a tenant-scoped run must read, counted here from the data, or -1 where the job's
   * input is not a plain set of that tenant's records.
   */
  static long expectedRecordsIn(String job, Database db, Path lake, Window w, String tenant)
      throws Exception {
    if (job.equals(FeedbackJob.NAME)) {
      return pgCount(
          db,
          "SELECT count(*) FROM user_feedback WHERE tenant_id = ? AND processing_status = 'pending'"
              + " AND created_at < ?",
          tenant,
          Timestamp.from(w.end()));
    }
    if (job.equals(PrivacyScanJob.NAME)) {
      long n = pgCount(
          db,
          "SELECT count(*) FROM user_feedback WHERE tenant_id = ? AND created_at >= ? AND created_at < ?",
          tenant,
          Timestamp.from(w.start()),
          Timestamp.from(w.end()));
      for (String type : List.of("llm_call", "action", "data_access")) {
        Path p = lake.resolve("events").resolve(type);
        if (Files.isDirectory(p.resolve("_delta_log"))) {
          n += TestEnv.spark()
              .read()
              .format("delta")
              .load(p.toString())
              .filter(col("tenant_id")
                  .equalTo(lit(tenant))
                  .and(col("ts").geq(lit(w.start())))
                  .and(col("ts").lt(lit(w.end()))))
              .count();
        }
      }
      return n;
    }
    return -1;
  }

  static long pgCount(Database db, String sql, Object... params) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * A fingerprint per table and tenant: every PostgreSQL table with a tenant_id column (row count and a
   * hash of the rows' text) and every Delta table under lake/rollups and lake/sanitized (row count and
   * a sum of row hashes).
   */
  static Map<String, Map<String, String>> snapshot(Database db, Path lake) throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(
          "SELECT c.table_name FROM information_schema.columns c JOIN pg_class k"
              + " ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace WHERE c.table_schema = 'public'"
              + " AND c.column_name = 'tenant_id' AND k.relkind IN ('r', 'p') AND NOT k.relispartition ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        Map<String, String> m = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(
            "SELECT coalesce(tenant_id, '<null>'), count(*) || ':' || md5(string_agg("
                + "md5(x::text), '' ORDER BY md5(x::text))) FROM \"" + t + "\" x GROUP BY 1")) {
          while (rs.next()) {
            m.put(rs.getString(1), rs.getString(2));
          }
        }
        out.put("pg." + t, m);
      }
    }
    for (String area : List.of("rollups", "sanitized")) {
      Path dir = lake.resolve(area);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> ps = Files.list(dir)) {
        for (Path p :
            ps.filter(x -> Files.isDirectory(x.resolve("_delta_log"))).sorted().toList()) {
          Dataset<Row> d = TestEnv.spark().read().format("delta").load(p.toString());
          // maps hash differently for equal contents: hash their sorted entries
          Column[] all = java.util.Arrays.stream(d.schema().fields())
              .map(f -> f.dataType() instanceof MapType
                  ? array_sort(map_entries(col("`" + f.name() + "`")))
                  : col("`" + f.name() + "`"))
              .toArray(Column[]::new);
          Map<String, String> m = new TreeMap<>();
          for (Row r : d.groupBy(col("tenant_id"))
              .agg(count(lit(1)), sum(xxhash64(all).cast("decimal(38,0)")))
              .collectAsList()) {
            m.put(r.isNullAt(0) ? "<null>" : r.getString(0), r.getLong(1) + ":" + r.get(2));
          }
          out.put(area + "." + p.getFileName(), m);
        }
      }
    }
    return out;
  }

  static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
    java.util.Set<T> u = new java.util.TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /**
   * Gives generated tenant t001..tNNN the id names[i - 1]: in the landing lines' tenant_id field and in
   * every PostgreSQL column tenant_id.
   */
  static void renameTenants(Path landing, Database db, List<String> names) throws Exception {
    Pattern field = Pattern.compile("\"tenant_id\"\\s*:\\s*\"(t\\d{3})\"");
    List<Path> files;
    try (Stream<Path> w = Files.walk(landing)) {
      files = w.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Matcher m = field.matcher(Files.readString(f));
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String id = names.get(Integer.parseInt(m.group(1).substring(1)) - 1);
        m.appendReplacement(sb, Matcher.quoteReplacement("\"tenant_id\":" + json(id)));
      }
      m.appendTail(sb);
      Files.writeString(f, sb.toString());
    }
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT c.table_name FROM information_schema.columns c JOIN pg_class k"
              + " ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace WHERE c.table_schema = 'public'"
              + " AND c.column_name = 'tenant_id' AND k.relkind IN ('r', 'p') AND NOT k.relispartition")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE \"" + t + "\" SET tenant_id = ? WHERE tenant_id = ?")) {
          for (int i = 0; i < names.size(); i++) {
            ps.setString(1, names.get(i));
            ps.setString(2, GeneratorSpec.tenantId(i + 1));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
    }
  }
}
