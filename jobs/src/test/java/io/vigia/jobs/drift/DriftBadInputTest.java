package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ingest.IngestJob;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input, generated here with a seeded generator that counts what it plants: 14 days of one tenant
 * with a clean model (good), a messy one (missing feature, strings in a numeric feature, numbers in a
 * categorical one, NaN and broken lines that ingest quarantines), a model seen only in the evaluation
 * week (newbie), outcomes with no prediction (for good, and for a model with no predictions at all:
 * ghost) and outcomes naming the wrong model. Ingested, then drift over the last 7 days: the run
 * succeeds, every kind is counted where the planted counts say, and the data_quality alerts follow.
 */
class DriftBadInputTest {
  static final LocalDate START = LocalDate.parse("2026-10-01");
  static final Window EVAL = Window.days(START.plusDays(7), 7);
  static final String T = "t901";
  static Database db;
  static JobResult result;
  /** What was planted in the evaluation week. */
  static final Map<String, Long> planted = new TreeMap<>();

  static void count(String what) {
    planted.merge(what, 1L, Long::sum);
  }

  @BeforeAll
  static void generateIngestAndRun() throws Exception {
    Path work = TestEnv.tempDir("drift_bad");
    Random r = new Random(7);
    long seq = 0;
    for (int day = 0; day < 14; day++) {
      LocalDate d = START.plusDays(day);
      boolean eval = day >= 7;
      Path dir = work.resolve("landing").resolve("dt=" + d);
      Files.createDirectories(dir);
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("bad.jsonl"), StandardCharsets.UTF_8)) {
        for (int i = 0; i < 60; i++) {
          String ts = d.atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .plusSeconds(60L * (i * 20 + 7))
              .toString();
          // good: clean; one outcome each, 10% of the window's outcomes name a prediction that
          // never existed
          String pid = "g" + (seq++);
          out.write(pred(
              seq++,
              ts,
              "good",
              pid,
              String.format(
                  Locale.ROOT,
                  "{\"x\":%.3f,\"c\":\"%s\"}",
                  r.nextGaussian() * 3 + 10,
                  r.nextBoolean() ? "a" : "b"),
              10 + r.nextGaussian()));
          boolean orphan = r.nextDouble() < 0.10;
          out.write(
              outcome(seq++, ts, "good", orphan ? "nope-" + pid : pid, 10 + r.nextGaussian()));
          if (eval) {
            count("good.outcomes");
            if (orphan) {
              count("good.orphans");
            }
          }
          // messy
          String mid = "m" + (seq++);
          double u = r.nextDouble();
          String x;
          if (eval && u < 0.25) {
            x = "";
            count("messy.x.missing");
          } else if (eval && u < 0.35) {
            x = "\"x\":\"n/a\",";
            count("messy.x.wrong_type");
          } else if (eval && u < 0.40) {
            x = "\"x\":null,";
            count("messy.x.missing");
          } else {
            x = String.format(Locale.ROOT, "\"x\":%.3f,", r.nextGaussian() * 3 + 10);
          }
          String c = eval && r.nextDouble() < 0.2
              ? "\"c\":7"
              : "\"c\":\"" + (r.nextBoolean() ? "a" : "b") + "\"";
          if (eval && c.equals("\"c\":7")) {
            count("messy.c.wrong_type");
          }
          out.write(pred(seq++, ts, "messy", mid, "{" + x + c + "}", 5 + r.nextGaussian()));
          if (eval) {
            count("messy.predictions");
          }
          // an outcome naming the wrong model (the prediction_id decides)
          boolean wrong = eval && r.nextDouble() < 0.3;
          out.write(outcome(seq++, ts, wrong ? "good" : "messy", mid, 5 + r.nextGaussian()));
          if (eval) {
            count("messy.outcomes");
            if (wrong) {
              count("messy.mismatched");
            }
          }
          // quarantined by ingest: NaN in a feature, and a line cut short
          if (eval && r.nextDouble() < 0.15) {
            out.write(
                "{\"event_id\":\"e" + (seq++) + "\",\"event_type\":\"prediction\",\"ts\":\"" + ts
                    + "\",\"tenant_id\":\"" + T + "\",\"model_id\":\"messy\",\"prediction_id\":\"q"
                    + seq
                    + "\",\"features\":{\"x\":NaN,\"c\":\"a\"},\"prediction\":1.0,\"latency_ms\":3,\"status\":\"ok\"}\n");
            count("messy.quarantined");
          }
          if (eval && r.nextDouble() < 0.05) {
            out.write("{\"event_id\":\"e" + (seq++) + "\",\"event_type\":\"prediction\",\"ts\":\""
                + ts + "\",\"tenant_id\":\"" + T
                + "\",\"model_id\":\"messy\",\"features\":{\"x\":1\n");
            count("messy.quarantined");
          }
          // newbie: only in the evaluation week
          if (eval && i < 25) {
            out.write(pred(
                seq++,
                ts,
                "newbie",
                "n" + (seq++),
                "{\"x\":" + r.nextInt(9) + "}",
                r.nextDouble()));
            count("newbie.predictions");
          }
          // ghost: outcomes only
          if (eval && i < 30) {
            out.write(outcome(seq++, ts, "ghost", "ghost-" + (seq++), 1));
            count("ghost.orphans");
          }
        }
      }
    }
    db = TestEnv.freshDatabase("drift_bad", true);
    Settings settings = TestEnv.settings(db, work, Map.of());
    JobRunner.run(
        new IngestJob(),
        TestEnv.spark(),
        settings,
        db,
        Window.days(START, 14),
        Optional.empty(),
        Clock.systemUTC());
    result = JobRunner.run(
        new DriftJob(), TestEnv.spark(), settings, db, EVAL, Optional.empty(), Clock.systemUTC());
    System.out.println("planted: " + planted + "\ndrift: " + result.message());
  }

  static String pred(
      long id, String ts, String model, String pid, String features, double prediction) {
    return String.format(
        Locale.ROOT,
        "{\"event_id\":\"e%d\",\"event_type\":\"prediction\",\"ts\":\"%s\",\"tenant_id\":\"%s\","
            + "\"model_id\":\"%s\",\"model_version\":\"v1\",\"prediction_id\":\"%s\",\"features\":%s,\"prediction\":%.4f,"
            + "\"latency_ms\":3,\"status\":\"ok\"}%n",
        id,
        ts,
        T,
        model,
        pid,
        features,
        prediction);
  }

  static String outcome(long id, String ts, String model, String pid, double actual) {
    String later = Instant.parse(ts).plusSeconds(600).toString();
    return String.format(
        Locale.ROOT,
        "{\"event_id\":\"e%d\",\"event_type\":\"outcome\",\"ts\":\"%s\",\"tenant_id\":\"%s\","
            + "\"model_id\":\"%s\",\"prediction_id\":\"%s\",\"actual\":%.4f}%n",
        id,
        later,
        T,
        model,
        pid,
        actual);
  }

  static Map<String, String> one(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      Map<String, String> m = new HashMap<>();
      if (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          m.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
        }
      }
      return m;
    }
  }

  static long p(String k) {
    return planted.getOrDefault(k, 0L);
  }

  @Test
  void mixedTypesGiveOneFeatureRowWithTheWrongTypeAndMissingValuesCounted() throws Exception {
    Map<String, String> x = one("SELECT count(*) OVER () AS n, feature_kind, current_count, "
        + "details->>'missing_current' AS missing, details->>'wrong_type_current' AS wrong FROM feature_drift_metrics "
        + "WHERE model_id = 'messy' AND feature = 'x'");
    assertThat(x.get("n")).isEqualTo("1");
    assertThat(x.get("feature_kind")).isEqualTo("numeric");
    assertThat(Long.parseLong(x.get("missing"))).isEqualTo(p("messy.x.missing"));
    assertThat(Long.parseLong(x.get("wrong"))).isEqualTo(p("messy.x.wrong_type"));
    assertThat(Long.parseLong(x.get("current_count")))
        .isEqualTo(p("messy.predictions") - p("messy.x.missing") - p("messy.x.wrong_type"));
    Map<String, String> c =
        one("SELECT count(*) OVER () AS n, feature_kind, details->>'wrong_type_current' AS wrong "
            + "FROM feature_drift_metrics WHERE model_id = 'messy' AND feature = 'c'");
    assertThat(c.get("n")).isEqualTo("1");
    assertThat(c.get("feature_kind")).isEqualTo("categorical");
    assertThat(Long.parseLong(c.get("wrong"))).isEqualTo(p("messy.c.wrong_type"));
  }

  @Test
  void theMessyModelGetsADataQualityAlertWithEveryRate() throws Exception {
    Map<String, String> a = one("SELECT severity, model_version, details::text AS d, "
        + "(details->'rates'->>'missing:x')::float8 AS missing, (details->'rates'->>'wrong_type:x')::float8 AS wrong, "
        + "(details->'rates'->>'quarantined')::float8 AS quarantined, "
        + "(details->'rates'->>'mismatched_outcomes')::float8 AS mismatched FROM drift_alerts "
        + "WHERE alert_type = 'data_quality' AND model_id = 'messy' AND source_job = 'drift'");
    assertThat(a).isNotEmpty();
    assertThat(a.get("model_version")).isEmpty();
    double n = p("messy.predictions");
    assertThat(Double.parseDouble(a.get("missing")))
        .isCloseTo(p("messy.x.missing") / n, within(1e-12));
    assertThat(Double.parseDouble(a.get("wrong")))
        .isCloseTo(p("messy.x.wrong_type") / n, within(1e-12));
    assertThat(Double.parseDouble(a.get("quarantined")))
        .isCloseTo(p("messy.quarantined") / (n + p("messy.quarantined")), within(1e-12));
    assertThat(Double.parseDouble(a.get("mismatched")))
        .isCloseTo((double) p("messy.mismatched") / p("messy.outcomes"), within(1e-12));
    assertThat(a.get("severity")).isEqualTo("critical"); // missing share ~0.3 > 4 x 0.05
  }

  @Test
  void orphanOutcomesAndModelsWithoutHistoryAreReported() throws Exception {
    Map<String, String> ghost =
        one("SELECT severity, (details->>'orphan_outcomes')::bigint AS o FROM drift_alerts "
            + "WHERE alert_type = 'data_quality' AND model_id = 'ghost'");
    assertThat(Long.parseLong(ghost.get("o"))).isEqualTo(p("ghost.orphans"));
    assertThat(ghost.get("severity")).isEqualTo("critical");
    Map<String, String> good = one(
        "SELECT severity, (details->>'orphan_outcomes')::bigint AS o, "
            + "(details->>'outcomes')::bigint AS n FROM drift_alerts WHERE alert_type = 'data_quality' AND model_id = 'good'");
    assertThat(Long.parseLong(good.get("o"))).isEqualTo(p("good.orphans"));
    // outcomes of the window attributed to good: its own (messy's that name good belong to messy:
    // the prediction decides)
    assertThat(Long.parseLong(good.get("n"))).isEqualTo(p("good.outcomes"));
    Map<String, String> newbie =
        one("SELECT severity, details->>'no_reference' AS nr FROM drift_alerts "
            + "WHERE alert_type = 'data_quality' AND model_id = 'newbie'");
    assertThat(newbie.get("severity")).isEqualTo("low");
    assertThat(newbie.get("nr")).isEqualTo("true");
    assertThat(
            one("SELECT details->>'no_reference' AS nr FROM model_performance_metrics WHERE model_id = 'newbie'")
                .get("nr"))
        .isEqualTo("true");
    assertThat(result.message())
        .contains(p("good.orphans") + p("ghost.orphans") + " outcomes without prediction");
  }
}
