package io.vigia.jobs.erasure;

import static io.vigia.common.testing.Jdbc.rows;
import static org.apache.spark.sql.functions.col;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ingest.IngestJob;
import io.vigia.jobs.privacyscan.PrivacyScanJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small data set for the erasure tests: every tenant x subject below has one user_feedback row, one
 * ab_experiment_observations row and one data_access event (ingested from a landing file), and the
 * sanitized feedback copy comes from a privacy-scan run. A few subjects get extra rows, so each table's
 * count differs. Tenants and subjects are hostile strings; all of it is one day, {@link #DAY}.
 */
public final class ErasureFixture {
  public static final LocalDate DAY = LocalDate.parse("2026-11-02");
  public static final Window WINDOW = Window.days(DAY, 1);
  public static final List<String> TENANTS =
      List.of("acme", "T", "t'q", "t\\", "t\\'", "t\\' OR 1=1 --");
  public static final List<String> SUBJECTS = List.of(
      "u1",
      "'",
      "\\",
      "\\'",
      "\\' OR 1=1 --",
      "--",
      "/*",
      "%",
      "_",
      "a\nb",
      "ünï名😀",
      "' OR '1'='1",
      "x'); DELETE FROM user_feedback; --");

  private ErasureFixture() {}

  /** A (tenant, subject) pair. */
  public record Key(String tenant, String subject) {}

  /** A loaded fixture, its snapshot before any erasure, and the two requests enqueued on it. */
  public record Loaded(
      Path work,
      Database db,
      Settings s,
      SparkSession spark,
      Map<String, List<List<String>>> before,
      ErasureJob.Request del,
      ErasureJob.Request pse) {}

  /**
   * The erasure tests' start: a fresh database and lake named NAME (the erasure job vacuuming at once),
   * the data {@link #load}ed with the extra rows given for the two keys, the snapshot, then a delete
   * request for one key at delAt and a pseudonymise request for the other at pseAt.
   */
  public static Loaded start(
      String name,
      Key deleted,
      int[] deletedExtra,
      Instant delAt,
      Key pseudonymised,
      int[] pseudonymisedExtra,
      Instant pseAt)
      throws Exception {
    Path work = TestEnv.tempDir(name);
    Database db = TestEnv.freshDatabase(name.replace('-', '_'), true);
    Settings s =
        TestEnv.settings(db, work, Map.of("vigia.privacy.erasure-vacuum-retention-hours", 0));
    SparkSession spark = TestEnv.spark();
    load(db, s, spark, Map.of(deleted, deletedExtra, pseudonymised, pseudonymisedExtra));
    Map<String, List<List<String>>> before = snapshot(db, spark, s);
    ErasureJob.Request del =
        ErasureJob.enqueue(db, deleted.tenant(), deleted.subject(), "delete", "dpo", delAt);
    ErasureJob.Request pse = ErasureJob.enqueue(
        db, pseudonymised.tenant(), pseudonymised.subject(), "pseudonymise", "dpo", pseAt);
    return new Loaded(work, db, s, spark, before, del, pse);
  }

  /**
   * Loads the data: extra[0..2] more user_feedback rows, observations and data_access events for a key.
   * Then ingest and privacy-scan over {@link #WINDOW}.
   */
  public static void load(Database db, Settings s, SparkSession spark, Map<Key, int[]> extra)
      throws Exception {
    List<String> lines = new ArrayList<>();
    int event = 0;
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement exp = c.prepareStatement(
          "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, "
              + "treatment_model_id, primary_metric, status) VALUES (?, ?, 'e', 'm1', 'm2', 'ctr', 'running')")) {
        for (int t = 0; t < TENANTS.size(); t++) {
          exp.setString(1, "exp-" + t);
          exp.setString(2, TENANTS.get(t));
          exp.executeUpdate();
        }
      }
      try (PreparedStatement fb =
              c.prepareStatement("INSERT INTO user_feedback (tenant_id, user_id, target_type, "
                  + "rating, comment, created_at) VALUES (?, ?, 'prediction', 4, ?, ?)");
          PreparedStatement ob = c.prepareStatement(
              "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, "
                  + "variant, unit_id, metric_name, metric_value, observed_at) VALUES (?, ?, 'control', ?, 'ctr', 1.0, ?)")) {
        for (int t = 0; t < TENANTS.size(); t++) {
          for (int u = 0; u < SUBJECTS.size(); u++) {
            Key k = new Key(TENANTS.get(t), SUBJECTS.get(u));
            int[] more = extra.getOrDefault(k, new int[3]);
            Timestamp at =
                Timestamp.from(Instant.parse(DAY + "T10:00:00Z").plusSeconds(t * 100L + u));
            for (int i = 0; i <= more[0]; i++) {
              fb.setString(1, k.tenant());
              fb.setString(2, k.subject());
              fb.setString(3, "the forecast was fine " + i);
              fb.setTimestamp(4, at);
              fb.executeUpdate();
            }
            for (int i = 0; i <= more[1]; i++) {
              ob.setString(1, "exp-" + t);
              ob.setString(2, k.tenant());
              ob.setString(3, k.subject());
              ob.setTimestamp(4, at);
              ob.executeUpdate();
            }
            for (int i = 0; i <= more[2]; i++) {
              lines.add("{\"event_id\":\"da-" + (event++)
                  + "\",\"event_type\":\"data_access\",\"ts\":\"" + at.toInstant()
                  + "\",\"tenant_id\":" + json(k.tenant())
                  + ",\"actor\":\"support-bot\",\"actor_type\":\"system\","
                  + "\"access_type\":\"read\",\"purpose\":\"support\",\"legal_basis\":\"contract\",\"consent_verified\":true,"
                  + "\"data_subject_id\":" + json(k.subject())
                  + ",\"fields\":[\"email\"],\"record_count\":1}");
            }
          }
        }
      }
      c.commit();
    }
    Path dir = Files.createDirectories(Path.of(s.landingDir()).resolve("dt=" + DAY));
    Files.write(
        dir.resolve("access.jsonl"),
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    JobResult ing =
        JobRunner.run(new IngestJob(), spark, s, db, WINDOW, Optional.empty(), Clock.systemUTC());
    if (ing.recordsQuarantined() != 0 || ing.recordsOk() != lines.size()) {
      throw new IllegalStateException("fixture ingest: " + ing.message());
    }
    JobRunner.run(new PrivacyScanJob(), spark, s, db, WINDOW, Optional.empty(), Clock.systemUTC());
  }

  public static String json(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /**
   * Everything erasure may touch, as rows [id, tenant, subject, rest...] per table (sorted by id): the
   * PostgreSQL user_feedback and ab_experiment_observations, the Delta data_access events and sanitized
   * user_feedback.
   */
  public static Map<String, List<List<String>>> snapshot(
      Database db, SparkSession spark, Settings s) throws Exception {
    Map<String, List<List<String>>> m = new LinkedHashMap<>();
    m.put(
        "user_feedback",
        rows(db, "SELECT id, tenant_id, user_id, comment, rating FROM user_feedback ORDER BY id"));
    m.put(
        "ab_experiment_observations",
        rows(
            db,
            "SELECT id, tenant_id, unit_id, experiment_id, metric_value FROM ab_experiment_observations ORDER BY id"));
    m.put(
        "lake/events/data_access",
        delta(
            spark,
            Path.of(s.lakeDir(), "events", "data_access"),
            "event_id",
            "tenant_id",
            "data_subject_id",
            "actor",
            "ts"));
    m.put(
        "lake/sanitized/user_feedback",
        delta(
            spark,
            Path.of(s.lakeDir(), "sanitized", "user_feedback"),
            "id",
            "tenant_id",
            "user_id",
            "comment",
            "ts"));
    return m;
  }

  private static List<List<String>> delta(SparkSession spark, Path path, String... cols) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : spark
        .read()
        .format("delta")
        .load(path.toString())
        .select(java.util.Arrays.stream(cols)
            .map(x -> col(x).cast("string"))
            .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList()) {
      List<String> row = new ArrayList<>();
      for (int i = 0; i < cols.length; i++) {
        row.add(r.getString(i));
      }
      out.add(row);
    }
    out.sort(java.util.Comparator.comparing((List<String> x) -> x.get(0)));
    return out;
  }

  /** The rows of a snapshot table that belong to the key. */
  public static List<List<String>> of(List<List<String>> rows, Key k) {
    return rows.stream()
        .filter(r -> r.get(1).equals(k.tenant()) && k.subject().equals(r.get(2)))
        .toList();
  }

  /** The rows of a snapshot table except those whose id is one of the given keys' rows in the before snapshot. */
  public static List<List<String>> others(
      List<List<String>> rows, List<List<String>> beforeRows, List<Key> ks) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Key k : ks) {
      of(beforeRows, k).forEach(r -> ids.add(r.get(0)));
    }
    return rows.stream().filter(r -> !ids.contains(r.get(0))).toList();
  }

  /** Every table of after equals before, except the rows (by id) that belonged to the erased keys before. */
  public static void checkOthersUntouched(
      Map<String, List<List<String>>> before,
      Map<String, List<List<String>>> after,
      List<Key> erased) {
    for (String table : before.keySet()) {
      List<List<String>> want = others(before.get(table), before.get(table), erased);
      List<List<String>> got = others(after.get(table), before.get(table), erased);
      if (!want.equals(got)) {
        List<List<String>> lost = new ArrayList<>(want);
        lost.removeAll(got);
        List<List<String>> added = new ArrayList<>(got);
        added.removeAll(want);
        throw new AssertionError(table + ": rows of others changed; gone or altered " + lost
            + ", new or altered " + added);
      }
    }
  }

  /**
   * Checks one erased key against the snapshots before and after: its rows gone (deleted tables) or
   * kept with the subject replaced by one "erased:" pseudonym (pseudonymised tables); returns the rows
   * changed per table, as the job should have recorded them.
   */
  public static Map<String, Long> checkErased(
      Map<String, List<List<String>>> before,
      Map<String, List<List<String>>> after,
      Key k,
      String mode) {
    Map<String, Long> changed = new LinkedHashMap<>();
    for (String table : before.keySet()) {
      List<List<String>> was = of(before.get(table), k);
      if (was.isEmpty()) {
        throw new AssertionError("fixture: no rows of " + k + " in " + table);
      }
      if (!of(after.get(table), k).isEmpty()) {
        throw new AssertionError(
            table + " still holds rows of " + k + ": " + of(after.get(table), k));
      }
      List<String> ids = was.stream().map(r -> r.get(0)).toList();
      List<List<String>> now =
          after.get(table).stream().filter(r -> ids.contains(r.get(0))).toList();
      boolean pseudonymised = table.equals("ab_experiment_observations")
          || table.equals("lake/events/data_access")
          || (table.equals("user_feedback") && mode.equals("pseudonymise"));
      if (pseudonymised) {
        if (now.size() != was.size()
            || now.stream().map(r -> r.get(2)).distinct().count() != 1
            || !now.get(0).get(2).startsWith("erased:")) {
          throw new AssertionError(
              table + ": rows of " + k + " not pseudonymised to one id: " + now);
        }
      } else if (!now.isEmpty()) {
        throw new AssertionError(table + ": rows of " + k + " not deleted: " + now);
      }
      changed.put(table, (long) was.size());
    }
    return changed;
  }

  /** erasure_requests.touched of a request, as a map. */
  public static Map<String, Long> recorded(Database db, long id) throws Exception {
    Map<String, Long> m = new LinkedHashMap<>();
    for (List<String> r : rows(
        db,
        "SELECT key, value FROM erasure_requests, jsonb_each_text(touched) WHERE id = " + id
            + " ORDER BY key")) {
      m.put(r.get(0), Long.parseLong(r.get(1)));
    }
    return m;
  }
}
