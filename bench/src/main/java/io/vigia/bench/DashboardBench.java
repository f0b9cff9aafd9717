package io.vigia.bench;

import io.vigia.common.db.CopyText;
import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.settings.Settings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The dashboard reads at the design's scale: every view and {@code aggregate_hourly_metrics()} over
 * {@code --tenants} tenants x {@code --days} days of hourly rows (default 1,000 x 365), against the
 * design's 2 s target.
 *
 * <p>The schema is migrated to {@code --before} (default 16: the schema before the dashboard
 * migration), the data loaded with COPY (pgjdbc's CopyManager, rows streamed as they are generated;
 * the tables' secondary indexes dropped before and created after the load, the unique keys kept;
 * triggers off for the load through session_replication_role, so the notification outbox is loaded
 * as its own table), VACUUM ANALYZE. Then each dashboard query is run {@code --runs} times (after one
 * unmeasured run; twice when that one took over 10 s), all rows fetched, and timed: median and max.
 * Each query has a floor measured in the same run: a count(*) of the rows it reads from its largest
 * table (the whole table for a whole view, the tenant's or the window's rows otherwise). A query over
 * 2 s prints the top of its EXPLAIN (ANALYZE, BUFFERS). Then the remaining migrations are applied
 * and everything is measured again: before and after in one run, on the same data.
 *
 * <p>Volume per tenant and hour: one system_performance_metrics row (plus one for all tenants, and
 * daily rows), on average half a privacy_audit_log event and half a user_feedback row (tenants
 * differ in size, 1:25; at 1,000 tenants x 365 days 9.2M, 4.4M and 4.4M rows); per tenant and day: one model_performance_metrics row of each of the tenant's 1-5 models (7
 * day windows, the drift schedule) with 4 feature rows, an alert on about 4 % of them (with its
 * notification and delivery), and 5 cost_tracking rows. The data ends at the current hour, so "the
 * last 24 hours" are real. With no VIGIA_JDBC_URL an embedded PostgreSQL (fsync off) is used; a
 * server given by VIGIA_JDBC_URL must hold an empty database, and its user must be a superuser.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = "Dashboard views and aggregate_hourly_metrics() at scale, against 2 s")
public final class DashboardBench implements Callable<Integer> {
  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 1000;

  @Option(names = "--days", description = "days of hourly data (default: ${DEFAULT-VALUE})")
  int days = 365;

  @Option(names = "--runs", description = "measured runs per query (default: ${DEFAULT-VALUE})")
  int runs = 5;

  @Option(
      names = "--before",
      description =
          "schema version to measure first, then migrate to the latest and measure again; "
              + "'latest' measures the latest only (default: ${DEFAULT-VALUE})")
  String before = "16";

  @Option(
      names = "--keep-minutes",
      description = "keep the loaded database running this long after the measurements, for a look "
          + "with psql (default: ${DEFAULT-VALUE})")
  int keepMinutes = 0;

  @Mixin
  WorkDir workDir;

  private static final double TARGET_MS = 2000;
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:").withZone(ZoneOffset.UTC);
  /** The loaded tables and the columns the load writes. */
  private static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry(
          "system_performance_metrics",
          "tenant_id, granularity, period_start, period_end, predictions_count, "
              + "prediction_avg_latency_ms, prediction_p95_latency_ms, prediction_error_rate, llm_calls_count, "
              + "llm_exact_cache_hit_rate, llm_semantic_cache_hit_rate, llm_input_tokens, llm_output_tokens, "
              + "llm_cost_usd, embeddings_created, vector_searches, vector_avg_search_latency_ms, actions_executed, "
              + "actions_auto_approved, actions_manual_approved, actions_rejected, actions_failed, avg_cpu_pct, "
              + "avg_memory_mb, llm_cached_input_tokens, llm_unpriced_calls, computed_at"),
      Map.entry(
          "model_performance_metrics",
          "tenant_id, model_id, model_version, period_start, period_end, sample_size, "
              + "mape, smape, mae, rmse, accuracy, ks_statistic, ks_p_value, psi, data_drift_score, concept_drift_score, "
              + "prediction_drift_score, drift_score, reference_start, reference_end, reference_sample_size, "
              + "reference_mape, reference_accuracy, computed_at"),
      Map.entry(
          "feature_drift_metrics",
          "tenant_id, model_id, model_version, period_start, period_end, feature, "
              + "feature_kind, reference_count, current_count, ks_statistic, ks_p_value, psi, chi2_p_value, drifted, "
              + "p_value_adjusted, computed_at"),
      Map.entry(
          "drift_alerts",
          "tenant_id, model_id, model_version, alert_type, severity, drift_score, "
              + "details, retraining_triggered, retraining_due_by, status, acknowledged_by, acknowledged_at, resolved_at, "
              + "resolution_notes, created_at, window_start, window_end, source_job, computed_at"),
      Map.entry(
          "notification_outbox",
          "id, key, tenant_id, kind, severity, title, source_table, source_id, occurred_at, created_at"),
      Map.entry(
          "notification_deliveries",
          "outbox_id, key, channel, tenant_id, status, attempts, next_attempt_at, "
              + "last_error, sent_at, created_at, updated_at"),
      Map.entry(
          "cost_tracking",
          "tenant_id, cost_type, service, model, usage_date, billing_period, "
              + "usage_units, unit_type, unit_cost, total_cost_usd, pricing_status, price_version, event_count, "
              + "unpriced_event_count, input_tokens, output_tokens, cached_input_tokens, computed_at, "
              + "caller_reported_event_count, caller_reported_cost_usd, not_billed_event_count"),
      Map.entry(
          "privacy_audit_log",
          "dedup_key, tenant_id, event_type, source, record_ref, pii_types, "
              + "field_count, detection_confidence, sanitization_method, actor, purpose, legal_basis, consent_verified, "
              + "gdpr_compliant, risk_level, requires_review, blocked, event_time, reviewed_by, reviewed_at, source_job, "
              + "computed_at"),
      Map.entry(
          "user_feedback",
          "tenant_id, user_id, target_type, target_id, model_id, rating, comment, "
              + "correction_data, created_at, sentiment, sentiment_score, processing_status, processed_at, failure_reason, "
              + "language, requires_review, reviewed_by, reviewed_at"),
      Map.entry(
          "retention_moves",
          "table_name, tier_from, tier_to, month, source, selection, batch, status, "
              + "row_count, checksum, started_at, finished_at"));

  private static final List<String> LOADED = List.copyOf(COLUMNS.keySet());
  /** The loaded tables that are partitioned by month (V1). */
  private static final List<String> PARTITIONED = List.of(
      "system_performance_metrics",
      "model_performance_metrics",
      "cost_tracking",
      "privacy_audit_log",
      "user_feedback");

  /** The hours [0, hours) start at day 0, 00:00 UTC; the last one is the current hour. */
  private Instant first;

  private int hours;
  private String[] hourText;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DashboardBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    first = end.minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    hours = (int) ChronoUnit.HOURS.between(first, end) + 1;
    hourText = new String[hours];
    for (int h = 0; h < hours; h++) {
      hourText[h] = TS.format(first.plus(h, ChronoUnit.HOURS));
    }
    Settings s = Settings.load(Optional.empty(), Map.of());
    EmbeddedPostgres pg = null;
    Database db;
    if (s.hasExternalDatabase()) {
      db = Database.open(s);
      if (!"none".equals(Migrations.currentVersion(db))) {
        throw new IllegalStateException(
            "the benchmark needs an empty database: " + db + " is migrated");
      }
    } else {
      pg = EmbeddedPostgres.start(work.resolve("pg"), 0, true);
      try (Connection c = Database.embedded(pg, "postgres").connect();
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS vigia_dashboard");
        st.execute("CREATE DATABASE vigia_dashboard");
      }
      db = Database.embedded(pg, "vigia_dashboard");
    }
    try {
      boolean phases = !"latest".equals(before);
      Migrations.migrate(db, before);
      try (Connection c = db.connect()) {
        load(c);
      }
      List<Query> queries = queries(end);
      Map<String, Timing> was = measure(db, "schema " + Migrations.currentVersion(db), queries);
      Map<String, Timing> now = null;
      if (phases) {
        long m0 = System.nanoTime();
        int applied = Migrations.migrate(db);
        if (applied > 0) {
          System.out.printf(
              "%nmigrated to %s (%d migration(s)) in %.1f s%n",
              Migrations.currentVersion(db), applied, (System.nanoTime() - m0) / 1e9);
          try (Connection c = db.connect();
              Statement st = c.createStatement()) {
            st.execute("ANALYZE");
          }
          now = measure(db, "schema " + Migrations.currentVersion(db), queries);
        }
      }
      summary(queries, was, now);
      if (keepMinutes > 0) {
        System.out.printf("%nkeeping %s for %d minutes%n", db.url(), keepMinutes);
        Thread.sleep(keepMinutes * 60_000L);
      }
    } finally {
      if (pg != null) {
        pg.deleteData(); // stops the server; the data is tens of GB at full volume
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------------------
  // Load
  // ------------------------------------------------------------------------------------------------

  private void load(Connection c) throws SQLException, IOException {
    long t0 = System.nanoTime();
    try (Statement st = c.createStatement()) {
      st.execute("SET maintenance_work_mem = '512MB'");
      st.execute(
          "SET session_replication_role = replica"); // no triggers, no FK checks while loading
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT vigia_ensure_monthly_partitions(?, ?, ?)")) {
      for (String table : PARTITIONED) {
        ps.setString(1, table);
        ps.setObject(2, OffsetDateTime.ofInstant(first.minus(8, ChronoUnit.DAYS), ZoneOffset.UTC));
        ps.setObject(
            3, OffsetDateTime.ofInstant(first.plus(hours, ChronoUnit.HOURS), ZoneOffset.UTC));
        ps.execute();
      }
    }
    List<String> indexes = dropSecondaryIndexes(c);
    System.out.printf(
        "loading %,d tenants x %,d hours (%s .. %s) by COPY; %d secondary indexes dropped for the load%n",
        tenants, hours, first, first.plus(hours - 1, ChronoUnit.HOURS), indexes.size());
    copy(c, "system_performance_metrics", this::performance);
    copy(c, "model_performance_metrics", this::modelMetrics);
    copy(c, "feature_drift_metrics", this::featureMetrics);
    copy(c, "drift_alerts", this::alerts);
    copy(c, "notification_outbox", this::outbox);
    copy(c, "notification_deliveries", this::deliveries);
    copy(c, "cost_tracking", this::costs);
    copy(c, "privacy_audit_log", this::privacy);
    copy(c, "user_feedback", this::feedback);
    copy(c, "retention_moves", this::moves);
    long i0 = System.nanoTime();
    try (Statement st = c.createStatement()) {
      for (String ddl : indexes) {
        st.execute(ddl);
      }
      st.execute(
          "SELECT setval('notification_outbox_id_seq', (SELECT max(id) FROM notification_outbox))");
      st.execute("SET session_replication_role = DEFAULT");
    }
    System.out.printf("  secondary indexes created in %.1f s%n", (System.nanoTime() - i0) / 1e9);
    long v0 = System.nanoTime();
    try (Statement st = c.createStatement()) {
      for (String table : LOADED) {
        st.execute("VACUUM (ANALYZE) " + table);
      }
    }
    System.out.printf("  VACUUM (ANALYZE) in %.1f s%n", (System.nanoTime() - v0) / 1e9);
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
      rs.next();
      System.out.printf(
          "loaded in %.1f s in all; database size %s%n",
          (System.nanoTime() - t0) / 1e9, rs.getString(1));
    }
  }

  /** Drops the non-constraint indexes of the loaded tables and returns the DDL that recreates them. */
  private static List<String> dropSecondaryIndexes(Connection c) throws SQLException {
    List<String> defs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            + "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE n.nspname = 'public' AND t.relname = ANY (?) AND NOT t.relispartition "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            + "ORDER BY 1")) {
      ps.setArray(1, c.createArrayOf("text", LOADED.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
          defs.add(rs.getString(2));
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String name : names) {
        st.execute("DROP INDEX " + name); // a catalog name, quoted by regclass output
      }
    }
    return defs;
  }

  /** Rows of one table, written into a COPY stream. */
  @FunctionalInterface
  private interface Rows {
    void write(Sink out) throws IOException;
  }

  /** The COPY text stream of one table. */
  private static final class Sink {
    private final PGCopyOutputStream out;
    private final StringBuilder sb = new StringBuilder(1 << 17);
    long rows;

    Sink(PGCopyOutputStream out) {
      this.out = out;
    }

    void row(String[] key, String... fields) throws IOException {
      String[] all = Arrays.copyOf(key, key.length + fields.length);
      System.arraycopy(fields, 0, all, key.length, fields.length);
      row(all);
    }

    void row(String... fields) throws IOException {
      CopyText.row(sb, fields);
      rows++;
      if (sb.length() > 1 << 16) {
        flush();
      }
    }

    void flush() throws IOException {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      sb.setLength(0);
    }
  }

  private static void copy(Connection c, String table, Rows rows) throws SQLException, IOException {
    long t0 = System.nanoTime();
    Sink sink;
    try (PGCopyOutputStream out = new PGCopyOutputStream(
        c.unwrap(PGConnection.class),
        "COPY " + table + " (" + COLUMNS.get(table) + ") FROM STDIN (FORMAT text)",
        1 << 16)) {
      sink = new Sink(out);
      rows.write(sink);
      sink.flush();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "  %-27s %,12d rows in %6.1f s (%,.0f rows/s)%n", table, sink.rows, secs, sink.rows / secs);
  }

  // ------------------------------------------------------------------------------------------------
  // Generated rows (deterministic: every value is drawn from a seed of its tenant and hour or day)
  // ------------------------------------------------------------------------------------------------

  private static final String[] TENANT_IDS = java.util.stream.IntStream.range(0, 10_000)
      .mapToObj(t -> String.format("t%04d", t))
      .toArray(String[]::new);

  private static String tenant(int t) {
    return TENANT_IDS[t];
  }

  /** Tenant size, 1 (small) .. 25 (large); a few large tenants, many small ones. */
  private static double size(int t) {
    return 1 + 24.0 / (1 + t % 50);
  }

  /** Mean size over the tenants (~3.2): rates per tenant are scaled by size / this. */
  private static final double MEAN_SIZE = java.util.stream.IntStream.range(0, 50)
      .mapToDouble(DashboardBench::size)
      .average()
      .orElse(1);

  private static double diurnal(int h) {
    return 1 + 0.5 * Math.sin(2 * Math.PI * ((h % 24) - 8) / 24.0);
  }

  private static SplittableRandom rng(long salt, long a, long b) {
    return new SplittableRandom(
        (salt * 0x9E3779B97F4A7C15L) ^ (a * 0xBF58476D1CE4E5B9L) ^ (b + 0x94D049BB133111EBL));
  }

  /** Hour h (from {@link #first}) plus the given seconds, as COPY text of a timestamptz. */
  private String at(int h, int second) {
    return hourText[h] + two(second / 60) + ":" + two(second % 60) + "+00";
  }

  /** The start of hour h, which may lie before or after the loaded hours. */
  private String hourAt(int h) {
    return (h >= 0 && h < hours ? hourText[h] : TS.format(first.plus(h, ChronoUnit.HOURS)))
        + "00:00+00";
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private LocalDate day(int d) {
    return LocalDate.ofInstant(first, ZoneOffset.UTC).plusDays(d);
  }

  private int dayCount() {
    return (hours + 23) / 24;
  }

  private static String n(long v) {
    return Long.toString(v);
  }

  /** v to 4 decimals, as COPY text (exponent form: much cheaper to write than Double.toString). */
  private static String f(double v) {
    return Math.round(v * 10_000) + "e-4";
  }

  private static String money(double usd) {
    return BigDecimal.valueOf(Math.round(usd * 1e6), 6).toPlainString();
  }

  private static String b(boolean v) {
    return v ? "t" : "f";
  }

  private String[] spmRow(
      String tenant, String granularity, String from, String to, double scale, SplittableRandom r) {
    long predictions = Math.round(scale * (800 + 400 * r.nextDouble()));
    long calls = Math.round(scale * (150 + 100 * r.nextDouble()));
    long in = calls * (600 + r.nextInt(400));
    long cached = in / (3 + r.nextInt(5));
    long out = calls * (150 + r.nextInt(150));
    long actions = Math.round(scale * (20 + 20 * r.nextDouble()));
    long auto = actions * 6 / 10;
    long manual = actions * 2 / 10;
    double avg = 40 + 40 * r.nextDouble();
    return new String[] {
      tenant,
      granularity,
      from,
      to,
      n(predictions),
      f(avg),
      f(avg * (2.5 + r.nextDouble())),
      f(0.02 * r.nextDouble()),
      n(calls),
      f(0.2 + 0.2 * r.nextDouble()),
      f(0.1 + 0.2 * r.nextDouble()),
      n(in),
      n(out),
      money(in * 0.15e-6 + out * 0.6e-6),
      n(Math.round(scale * 300 * r.nextDouble())),
      n(Math.round(scale * 500 * r.nextDouble())),
      f(5 + 10 * r.nextDouble()),
      n(actions),
      n(auto),
      n(manual),
      n(actions / 10),
      n(actions / 20),
      f(20 + 60 * r.nextDouble()),
      f(2000 + 6000 * r.nextDouble()),
      n(cached),
      n(r.nextInt(3)),
      to
    };
  }

  /** Hourly rows for all tenants ('*') and per tenant, hour by hour; then the daily rows. */
  private void performance(Sink out) throws IOException {
    eachSpan(
        1,
        true,
        1,
        (t, h, r) -> out.row(spmRow(
            t < 0 ? "*" : tenant(t),
            "hourly",
            at(h, 0),
            hourAt(h + 1),
            (t < 0 ? tenants : size(t) / MEAN_SIZE) * diurnal(h),
            r)));
    eachSpan(
        24,
        true,
        2,
        (t, d, r) -> out.row(spmRow(
            t < 0 ? "*" : tenant(t),
            "daily",
            at(d * 24, 0),
            hourAt(d * 24 + 24),
            24 * (t < 0 ? tenants : size(t) / MEAN_SIZE),
            r)));
  }

  private static int models(int t) {
    return 1 + t % 5;
  }

  /** The drift score of a tenant x model x day: mostly low, an episode now and then. */
  private static double drift(int t, int m, int d) {
    SplittableRandom r = rng(3, t * 8L + m, d);
    double u = r.nextDouble();
    return r.nextDouble() < 0.04 ? 0.41 + 0.55 * u : 0.05 + 0.3 * u * u * u;
  }

  private static String version(int m, int d) {
    return m == 0 && d > 200 ? "v2" : "v1";
  }

  private interface ModelDay {
    /** key: tenant_id, model_id, model_version, period_start, period_end of the window. */
    void write(int t, int m, int d, double score, String[] key) throws IOException;
  }

  /** Every tenant x model x day (a 7-day window ending at the day's end: the daily drift run), in time order. */
  private void eachModelDay(ModelDay row) throws IOException {
    eachSpan(24, false, 0, (t, d, r) -> {
      for (int m = 0; m < models(t); m++) {
        row.write(t, m, d, drift(t, m, d), new String[] {
          tenant(t), "m" + m, version(m, d), hourAt(d * 24 - 144), hourAt(d * 24 + 24)
        });
      }
    });
  }

  private interface TenantSpan {
    void write(int t, int span, SplittableRandom r) throws IOException;
  }

  /**
   * Each span of {@code spanHours} hours from the first x each tenant, in time order (t = -1 first:
   * all tenants, when {@code withAll}), with a random source of the tenant x span x salt.
   */
  private void eachSpan(int spanHours, boolean withAll, long salt, TenantSpan row)
      throws IOException {
    for (int i = 0; i * spanHours < hours; i++) {
      for (int t = withAll ? -1 : 0; t < tenants; t++) {
        row.write(t, i, rng(salt, t, i));
      }
    }
  }

  private void modelMetrics(Sink out) throws IOException {
    eachModelDay((t, m, d, score, key) -> {
      SplittableRandom r = rng(4, t * 8L + m, d);
      double mape = 0.08 + 0.1 * r.nextDouble() + score * 0.2;
      double acc = 0.92 - score * 0.3 * r.nextDouble();
      out.row(
          key,
          n(Math.round(size(t) * 2000 * (0.8 + 0.4 * r.nextDouble()))),
          f(mape),
          f(mape * 0.95),
          f(3 + 5 * r.nextDouble()),
          f(5 + 8 * r.nextDouble()),
          f(acc),
          f(0.3 * score),
          f(1 - score),
          f(score * 0.4),
          f(score * (0.8 + 0.2 * r.nextDouble())),
          f(score),
          f(score * 0.9),
          f(score),
          hourAt(d * 24 - 312),
          hourAt(d * 24 - 144),
          n(Math.round(size(t) * 2000)),
          f(0.1),
          f(0.9),
          hourAt(d * 24 + 26));
    });
  }

  /** Four features per window, the last one categorical. */
  private void featureMetrics(Sink out) throws IOException {
    eachModelDay((t, m, d, score, key) -> {
      SplittableRandom r = rng(5, t * 8L + m, d);
      for (int k = 0; k < 4; k++) {
        double ks = Math.min(1, score * r.nextDouble() * 0.6);
        boolean categorical = k == 3;
        double p = Math.max(0, 1 - ks * 5);
        out.row(
            key,
            "f" + k,
            categorical ? "categorical" : "numeric",
            "2000",
            "2000",
            categorical ? null : f(ks),
            categorical ? null : f(p),
            f(ks),
            categorical ? f(p) : null,
            b(ks > 0.2),
            f(p),
            hourAt(d * 24 + 26));
      }
    });
  }

  private interface AlertRow {
    void write(int t, int m, int d, double score, long id) throws IOException;
  }

  /** Every alert of the year in the order of their ids (1, 2, ...): a drift score over 0.4. */
  private void eachAlert(AlertRow row) throws IOException {
    long[] id = {0};
    eachModelDay((t, m, d, score, key) -> {
      if (score > 0.4) {
        row.write(t, m, d, score, ++id[0]);
      }
    });
  }

  private String alertStatus(int d, long id) {
    int age = dayCount() - 1 - d;
    return age < 14
        ? (id % 5 < 3 ? "open" : "acknowledged")
        : (id % 10 == 0 ? "acknowledged" : "resolved");
  }

  private void alerts(Sink out) throws IOException {
    eachAlert((t, m, d, score, id) -> {
      String status = alertStatus(d, id);
      boolean critical = score > 0.7;
      String created = hourAt(d * 24 + 26);
      out.row(
          tenant(t),
          "m" + m,
          version(m, d),
          "drift_detected",
          critical ? "critical" : "high",
          f(score),
          "{\"drift_score\": " + score + "}",
          b(critical),
          hourAt(d * 24 + 24 + (critical ? 24 : 168)),
          status,
          status.equals("open") ? null : "ops",
          status.equals("open") ? null : hourAt(d * 24 + 30),
          status.equals("resolved") ? hourAt(d * 24 + 72) : null,
          status.equals("resolved") ? "retrained" : null,
          created,
          hourAt(d * 24 - 144),
          hourAt(d * 24 + 24),
          "drift",
          created);
    });
  }

  private void outbox(Sink out) throws IOException {
    eachAlert((t, m, d, score, id) -> out.row(
        n(id),
        "drift_detected:" + tenant(t) + ":m" + m + ":" + d,
        tenant(t),
        "drift_detected",
        score > 0.7 ? "critical" : "high",
        "drift on m" + m,
        "drift_alerts",
        n(id),
        hourAt(d * 24 + 26),
        hourAt(d * 24 + 26)));
  }

  /** One webhook delivery per notification: sent, 2 % dead, 1 % failed (retrying). */
  private void deliveries(Sink out) throws IOException {
    eachAlert((t, m, d, score, id) -> {
      String status = id % 100 < 2 ? "dead" : id % 100 == 2 ? "failed" : "sent";
      String at = hourAt(d * 24 + 26);
      out.row(
          n(id),
          "drift_detected:" + tenant(t) + ":m" + m + ":" + d,
          "webhook",
          tenant(t),
          status,
          status.equals("sent") ? "1" : "8",
          at,
          status.equals("sent") ? null : "HTTP 503",
          status.equals("sent") ? at : null,
          at,
          at);
    });
  }

  /** Per tenant and day: LLM cost of two models, compute, storage and vector operations. */
  private void costs(Sink out) throws IOException {
    String[] llm = {"gpt-4o-mini", "claude-3-5-haiku"};
    eachSpan(24, false, 6, (t, d, r) -> {
      LocalDate day = day(d);
      String date = day.toString();
      String period = day.withDayOfMonth(1).toString();
      String computed = hourAt(d * 24 + 25);
      double scale = size(t) / MEAN_SIZE;
      for (String model : llm) {
        long calls = Math.round(scale * 3600 * (0.8 + 0.4 * r.nextDouble()));
        long in = calls * 800;
        long cached = in / 5;
        long outTokens = calls * 200;
        double u = r.nextDouble();
        String status = u < 0.01 ? "unpriced" : u < 0.03 ? "caller_reported" : "priced";
        double cost = in * 0.15e-6 + outTokens * 0.6e-6;
        out.row(
            tenant(t),
            "llm_api",
            "openai",
            model,
            date,
            period,
            n(in + outTokens),
            "tokens",
            null,
            status.equals("unpriced") ? null : money(cost),
            status,
            "catalog-2026-01",
            n(calls),
            status.equals("unpriced") ? n(calls) : "0",
            n(in),
            n(outTokens),
            n(cached),
            computed,
            status.equals("caller_reported") ? n(calls) : "0",
            status.equals("caller_reported") ? money(cost) : null,
            n(calls / 5));
      }
      double cpu = scale * 24 * (0.5 + r.nextDouble());
      double gb = scale * 50 * (1 + d / 365.0);
      long ops = Math.round(scale * 20000 * (0.8 + 0.4 * r.nextDouble()));
      // {cost type, service, units, unit type, USD per unit, events}
      Object[][] infra = {
        {"compute", "inference", cpu, "cpu_hours", 0.05, Math.round(cpu)},
        {"storage", "lake", gb, "gb_days", 0.0007, 1L},
        {"vector_ops", "vector-db", (double) ops, "operations", 0.000002, ops}
      };
      for (Object[] x : infra) {
        double units = (Double) x[2];
        double price = (Double) x[4];
        out.row(
            tenant(t),
            (String) x[0],
            (String) x[1],
            "",
            date,
            period,
            money(units),
            (String) x[3],
            BigDecimal.valueOf(price).toPlainString(),
            money(units * price),
            "priced",
            "infra-2026",
            n((Long) x[5]),
            "0",
            null,
            null,
            null,
            computed,
            "0",
            null,
            "0");
      }
    });
  }

  private static final String[] EVENT_TYPES = {
    "pii_detected", "pii_sanitized", "data_access", "data_export", "data_deletion"
  };
  private static final String[] SANITIZATION = {"mask", "hash", "remove"};
  private static final String[] BASIS = {"contract", "consent", "legitimate_interest", null};

  /** Half an event per tenant and hour on average (by size and time of day), hour by hour. */
  private void privacy(Sink out) throws IOException {
    eachSpan(1, false, 7, (t, h, r) -> {
      int events = (int) (size(t) / MEAN_SIZE * diurnal(h) * 0.5 + r.nextDouble() * 1.0);
      for (int i = 0; i < events; i++) {
        double u = r.nextDouble();
        int type = u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : u < 0.97 ? 3 : 4;
        double risk = r.nextDouble();
        String level =
            risk < 0.8 ? "low" : risk < 0.95 ? "medium" : risk < 0.995 ? "high" : "critical";
        boolean review = level.equals("high") || level.equals("critical");
        boolean access = type == 2 || type == 3;
        boolean reviewed = review && h < hours - 24 * 7 && r.nextDouble() < 0.9;
        String time = at(h, r.nextInt(3600));
        out.row(
            "pa:" + t + ":" + h + ":" + i,
            tenant(t),
            EVENT_TYPES[type],
            type < 2 ? "ingest" : "api",
            "hmac:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong() | 1L << 62),
            type < 2 ? (r.nextBoolean() ? "{email}" : "{email,phone}") : "{}",
            n(type < 2 ? 1 + r.nextInt(3) : 0),
            type < 2 ? f(0.8 + 0.2 * r.nextDouble()) : null,
            type == 1 ? SANITIZATION[r.nextInt(3)] : null,
            access ? "svc-" + r.nextInt(20) : null,
            access ? "support" : null,
            access ? BASIS[r.nextInt(4)] : null,
            access ? b(r.nextDouble() < 0.9) : null,
            b(r.nextDouble() < 0.98),
            level,
            b(review),
            b(level.equals("critical") && type == 3),
            time,
            reviewed ? "dpo" : null,
            reviewed ? hourAt(h + 48) : null,
            "privacy-scan",
            time);
      }
    });
  }

  private static final String[] COMMENTS = {
    "The forecast was way off again",
    "Muy buena predicción",
    "Fine",
    "Really helpful for planning",
    "No me gustó nada",
    null
  };
  private static final String[] CORRECTION_KEYS = {"corrected_value", "category", "reason", "unit"};
  private static final String[] TARGETS = {"prediction", "prediction", "action", "explanation"};

  /** Half a row per tenant and hour on average, hour by hour; the last 2 hours still pending. */
  private void feedback(Sink out) throws IOException {
    eachSpan(1, false, 8, (t, h, r) -> {
      int rows = (int) (size(t) / MEAN_SIZE * diurnal(h) * 0.5 + r.nextDouble());
      for (int i = 0; i < rows; i++) {
        int rating = 1 + r.nextInt(5);
        String comment = COMMENTS[r.nextInt(COMMENTS.length)];
        String correction = r.nextDouble() < 0.2
            ? "{\"" + CORRECTION_KEYS[r.nextInt(4)] + "\": " + r.nextInt(500) + "}"
            : null;
        String state = h >= hours - 2 ? "pending" : r.nextDouble() < 0.005 ? "failed" : "processed";
        boolean done = state.equals("processed");
        String sentiment = rating <= 2 ? "negative" : rating == 3 ? "neutral" : "positive";
        boolean review = done && rating <= 2;
        boolean reviewed = review && h < hours - 24 * 7 && r.nextDouble() < 0.7;
        out.row(
            tenant(t),
            "u" + r.nextInt(5000),
            TARGETS[r.nextInt(4)],
            "p" + r.nextLong(),
            "m" + r.nextInt(models(t)),
            n(rating),
            comment == null ? null : comment + " " + r.nextInt(1000),
            correction,
            at(h, r.nextInt(3600)),
            done ? sentiment : null,
            done ? f((rating - 3) / 2.0) : null,
            state,
            state.equals("pending") ? null : hourAt(h + 1),
            state.equals("failed") ? "analyzer_error" : null,
            r.nextBoolean() ? "en" : "es",
            b(review),
            reviewed ? "qa" : null,
            reviewed ? hourAt(h + 30) : null);
      }
    });
  }

  /** The hot -> warm moves of the months past 90 days of each partitioned table. */
  private void moves(Sink out) throws IOException {
    LocalDate last = day(dayCount() - 1).minusDays(90).withDayOfMonth(1);
    for (String table : PARTITIONED) {
      for (LocalDate m = day(0).withDayOfMonth(1); m.isBefore(last); m = m.plusMonths(1)) {
        String at = m.plusMonths(4) + " 03:00:00+00";
        out.row(
            table,
            "hot",
            "warm",
            m.toString(),
            table + "_p" + m.toString().substring(0, 7).replace("-", ""),
            "all",
            "b-" + m,
            "done",
            n(tenants * 720L),
            "n:0",
            at,
            at);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Queries
  // ------------------------------------------------------------------------------------------------

  /** A dashboard query and its floor: count(*) of the rows it reads from its largest table. */
  record Query(String name, String sql, List<?> params, String floorSql, List<?> floorParams) {}

  record Timing(double firstMs, double medianMs, double maxMs, long rows, double floorMs) {}

  private List<Query> queries(Instant end) {
    String t = tenant(Math.min(7, tenants - 1)); // a mid-sized tenant (size 4, ~1.2x the mean)
    OffsetDateTime to = OffsetDateTime.ofInstant(end.plus(1, ChronoUnit.HOURS), ZoneOffset.UTC);
    LocalDate today = LocalDate.ofInstant(end, ZoneOffset.UTC);
    LocalDate month = today.withDayOfMonth(1);
    LocalDate weekAgo = today.minusDays(6);
    OffsetDateTime weekAgoAt = weekAgo.atStartOfDay().atOffset(ZoneOffset.UTC);
    String tenantIs = "tenant_id = ?";
    List<Query> q = new ArrayList<>();
    // {view, its largest table}: the whole view, then a tenant's rows (what a dashboard shows)
    String[][] views = {
      {"drift_detection_summary", "model_performance_metrics"},
      {"cost_summary_by_tenant", "cost_tracking"},
      {"privacy_compliance_dashboard", "privacy_audit_log"},
      {"feedback_insights", "user_feedback"},
      {"notification_dead_letters", "notification_deliveries"},
      {"retention_status", "retention_moves"}
    };
    for (String[] v : views) {
      q.add(view(v[0], v[1], "", "true", "true", List.of()));
      if (!v[0].equals("retention_status")) { // per table, not per tenant
        q.add(view(v[0], v[1], "tenant", tenantIs, tenantIs, List.of(t)));
      }
    }
    q.add(view(
        "cost_summary_by_tenant",
        "cost_tracking",
        "month",
        "billing_period = ?",
        "billing_period = ?",
        List.of(month)));
    q.add(view(
        "cost_summary_by_tenant",
        "cost_tracking",
        "tenant month",
        "tenant_id = ? AND billing_period = ?",
        "tenant_id = ? AND billing_period = ?",
        List.of(t, month)));
    q.add(new Query(
        "privacy_compliance_dashboard, 7 days",
        "SELECT * FROM privacy_compliance_dashboard WHERE day >= ?",
        List.of(weekAgo),
        "SELECT count(*) FROM privacy_audit_log WHERE event_time >= ?",
        List.of(weekAgoAt)));
    q.add(new Query(
        "privacy_compliance_dashboard, tenant 7 days",
        "SELECT * FROM privacy_compliance_dashboard WHERE tenant_id = ? AND day >= ?",
        List.of(t, weekAgo),
        "SELECT count(*) FROM privacy_audit_log WHERE tenant_id = ? AND event_time >= ?",
        List.of(t, weekAgoAt)));
    // aggregate_hourly_metrics(from, to[, tenant]): {label, hours back, tenant or null for all}
    Object[][] spans = {
      {"24 h", 24, null},
      {"7 days", 168, null},
      {"'*' 7 days", 168, "*"},
      {"tenant 24 h", 24, t},
      {"tenant 7 days", 168, t},
      {"tenant year", days * 24, t}
    };
    for (Object[] s : spans) {
      List<Object> args = new ArrayList<>(List.of(to.minusHours((Integer) s[1]), to));
      String floor = "SELECT count(*) FROM system_performance_metrics WHERE granularity = 'hourly' "
          + "AND period_start >= ? AND period_start < ?";
      if (s[2] != null) {
        args.add(s[2]);
        floor += " AND tenant_id = ?";
      }
      q.add(new Query(
          "aggregate_hourly_metrics, " + s[0],
          "SELECT * FROM aggregate_hourly_metrics(" + (s[2] == null ? "?, ?)" : "?, ?, ?)"),
          args,
          floor,
          args));
    }
    q.sort(java.util.Comparator.comparing(Query::name));
    return q;
  }

  /** A view's rows WHERE viewWhere; its floor counts its largest table's rows WHERE tableWhere. */
  private static Query view(
      String view,
      String table,
      String label,
      String viewWhere,
      String tableWhere,
      List<?> params) {
    return new Query(
        label.isEmpty() ? view : view + ", " + label,
        "SELECT * FROM " + view + " WHERE " + viewWhere,
        params,
        "SELECT count(*) FROM " + table + " WHERE " + tableWhere,
        params);
  }

  private Map<String, Timing> measure(Database db, String label, List<Query> queries)
      throws SQLException {
    System.out.printf("%n== %s; load average %s%n", label, loadAverage());
    System.out.printf(
        "%-45s %9s %9s %9s %10s %9s %7s%n",
        "query", "first ms", "median ms", "max ms", "rows", "floor ms", "ratio");
    Map<String, Timing> out = new LinkedHashMap<>();
    try (Connection c = db.connect()) {
      for (Query q : queries) {
        double[] firstRun = run(c, q.sql(), q.params());
        int n = firstRun[0] > 10_000 ? 2 : runs;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
          ms[i] = run(c, q.sql(), q.params())[0];
        }
        double[] floor = new double[Math.min(n, 3)];
        for (int i = 0; i < floor.length; i++) {
          floor[i] = run(c, q.floorSql(), q.floorParams())[0];
        }
        Timing tm = new Timing(
            firstRun[0],
            median(ms),
            Arrays.stream(ms).max().orElse(0),
            (long) firstRun[1],
            median(floor));
        out.put(q.name(), tm);
        System.out.printf(
            "%-45s %9.1f %9.1f %9.1f %,10d %9.1f %6.1fx%s%n",
            q.name(),
            tm.firstMs(),
            tm.medianMs(),
            tm.maxMs(),
            tm.rows(),
            tm.floorMs(),
            tm.medianMs() / tm.floorMs(),
            tm.medianMs() > TARGET_MS ? "  > 2 s" : "");
        if (tm.medianMs() > TARGET_MS) {
          explain(c, q);
        }
      }
    }
    return out;
  }

  /** Runs the query, fetching and reading every row: {elapsed ms, rows}. */
  private static double[] run(Connection c, String sql, List<?> params) throws SQLException {
    long t0 = System.nanoTime();
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= cols; i++) {
            rs.getString(i);
          }
          rows++;
        }
      }
    }
    return new double[] {(System.nanoTime() - t0) / 1e6, rows};
  }

  private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  /** Where the time goes: the top of EXPLAIN (ANALYZE, BUFFERS) (nodes of the first three levels). */
  private static void explain(Connection c, Query q) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + q.sql())) {
      bind(ps, q.params());
      int shown = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String line = rs.getString(1);
          int indent = line.length() - line.stripLeading().length();
          boolean node = line.stripLeading().startsWith("->") || indent == 0;
          if ((node && indent <= 14 && shown < 14) || line.startsWith("Execution Time")) {
            System.out.println("      | " + line);
            shown++;
          }
        }
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void summary(
      List<Query> queries, Map<String, Timing> was, Map<String, Timing> now) {
    System.out.printf(
        "%n| query | rows | median ms%s | floor ms |%n",
        now == null ? "" : " before | median ms after");
    System.out.printf("|---|---:|---:|%s---:|%n", now == null ? "" : "---:|");
    for (Query q : queries) {
      Timing a = was.get(q.name());
      Timing b = now == null ? null : now.get(q.name());
      System.out.printf(
          "| %s | %,d | %.0f%s | %.0f |%n",
          q.name(),
          a.rows(),
          a.medianMs(),
          b == null ? "" : String.format(" | %.0f", b.medianMs()),
          (b == null ? a : b).floorMs());
    }
  }
}
