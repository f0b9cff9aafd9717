package io.vigia.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class IngestJobTest {
  static final LocalDate D1 = LocalDate.parse("2026-11-02");

  static String pred(String id, String tenant, String ts, double latency) {
    return "{\"event_id\":\"" + id + "\",\"event_type\":\"prediction\",\"ts\":\"" + ts
        + "\",\"tenant_id\":\"" + tenant
        + "\",\"model_id\":\"demand-forecast\",\"model_version\":\"v1\",\"prediction_id\":\"p-" + id
        + "\",\"features\":{\"price\":10.5,\"store_region\":\"norte\"},\"prediction\":42.0,\"latency_ms\":"
        + latency
        + ",\"status\":\"ok\"}";
  }

  static String outcome(String id, String tenant, String ts) {
    return "{\"event_id\":\"" + id + "\",\"event_type\":\"outcome\",\"ts\":\"" + ts
        + "\",\"tenant_id\":\"" + tenant
        + "\",\"prediction_id\":\"p-x\",\"model_id\":\"demand-forecast\",\"actual\":40.0}";
  }

  static void write(Path landing, LocalDate d, String name, List<String> lines, boolean gzip)
      throws Exception {
    Path dir = Files.createDirectories(landing.resolve("dt=" + d));
    byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      try (OutputStream out =
          new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".jsonl.gz")))) {
        out.write(body);
      }
    } else {
      Files.write(dir.resolve(name + ".jsonl"), body);
    }
  }

  /** A landing with 9 good events, 1 in-batch duplicate and the hand-made bad lines of issue 2. */
  static Path landing(Path work) throws Exception {
    Path landing = work.resolve("landing");
    List<String> a = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      a.add(pred("e" + i, "t1", "2026-11-02T10:0" + i + ":00Z", 10 + i));
    }
    a.add("{\"event_id\":\"b1\",\"event_type\":\"prediction\","); // line 7: broken JSON
    a.add(pred("b2", "t1", "2026-11-02T11:00:00Z", 5)
        .replace("\"latency_ms\":5.0", "\"latency_ms\":\"5\"")); // 8 wrong type
    a.add(pred("b3", "t1", "2026-11-02T11:00:00Z", -1)); // 9: negative latency
    a.add(pred("b4", "t1", "2026-11-02T11:00:00Z", 1)
        .replace("\"tenant_id\":\"t1\",", "")); // 10: missing tenant
    write(landing, D1, "part-a", a, false);
    List<String> b = new ArrayList<>();
    b.add(outcome("o1", "t2", "2026-11-02T12:00:00Z"));
    b.add(outcome("o2", "t2", "2026-11-02T12:01:00Z"));
    b.add(pred("e1", "t1", "2026-11-02T10:01:00Z", 11)); // 3: duplicate of part-a line 1
    b.add(outcome("o3", "t2", "not-a-time")); // 4: bad timestamp
    b.add(outcome("o4", "t2", "2026-11-02T12:03:00Z"));
    write(landing, D1, "part-b", b, true);
    return landing;
  }

  /** Appends two more bad lines (negative latency) of t1 to the landing's part-a of {@link #D1}. */
  static void twoMoreBadLines(Path landing) throws Exception {
    Files.writeString(
        landing.resolve("dt=" + D1).resolve("part-a.jsonl"),
        pred("b7", "t1", "2026-11-02T11:00:00Z", -5) + "\n"
            + pred("b8", "t1", "2026-11-02T11:00:00Z", -6) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  @Test
  void quarantinesEachBadLineWithItsReasonAndKeepsInEqualsOkPlusQuarantined() throws Exception {
    Path work = TestEnv.tempDir("ingest");
    landing(work);
    Database db = TestEnv.freshDatabase("ingest", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.ingest.quarantine-alert-min-lines", 5));
    SparkSession spark = TestEnv.spark();
    Window w = Window.days(D1, 1);

    JobResult r =
        JobRunner.run(new IngestJob(), spark, s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(r.recordsIn()).isEqualTo(15);
    assertThat(r.recordsQuarantined()).isEqualTo(6);
    assertThat(r.recordsOk()).isEqualTo(9);
    assertThat(r.outputs())
        .containsEntry("events/prediction", 6L)
        .containsEntry("events/outcome", 3L);

    List<String> q = spark
        .read()
        .format("delta")
        .load(work.resolve("lake/quarantine").toString())
        .orderBy("source_file", "line_no")
        .collectAsList()
        .stream()
        .map(x -> Path.of(x.<String>getAs("source_file")).getFileName() + ":" + x.getAs("line_no")
            + ":" + x.getAs("reason"))
        .collect(Collectors.toList());
    assertThat(q)
        .containsExactly(
            "part-a.jsonl:7:invalid_json",
            "part-a.jsonl:8:wrong_type:latency_ms",
            "part-a.jsonl:9:negative_value:latency_ms",
            "part-a.jsonl:10:missing_field:tenant_id",
            "part-b.jsonl.gz:3:duplicate_event_id",
            "part-b.jsonl.gz:4:invalid_timestamp:ts");
    Row bad = spark
        .read()
        .format("delta")
        .load(work.resolve("lake/quarantine").toString())
        .filter("line_no = 7")
        .first();
    assertThat(bad.<String>getAs("raw_line"))
        .isEqualTo("{\"event_id\":\"b1\",\"event_type\":\"prediction\",");

    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(
          "SELECT status, records_in, records_ok, records_quarantined FROM job_runs "
              + "WHERE job = 'ingest'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("succeeded");
        assertThat(rs.getLong(2)).isEqualTo(rs.getLong(3) + rs.getLong(4)).isEqualTo(15);
      }
      // t1 has 9 attributable lines of which 3 were quarantined (2 bad lines carry no tenant): over
      // the 5% default, so a data_quality alert
      try (ResultSet rs =
          st.executeQuery("SELECT tenant_id, severity, details->>'quarantined' FROM drift_alerts "
              + "WHERE alert_type = 'data_quality' ORDER BY tenant_id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("t1");
        assertThat(rs.getString(2)).isEqualTo("critical");
        assertThat(rs.getString(3)).isEqualTo("3");
        // t2: 1 bad of 4 lines (the duplicate is t1's), under the 5-line minimum: no alert
        assertThat(rs.next()).isFalse();
      }
    }
  }

  static List<String> snapshot(SparkSession spark, Path lake) {
    List<String> out = new ArrayList<>();
    for (String t : List.of("events/prediction", "events/outcome", "quarantine")) {
      spark.read().format("delta").load(lake.resolve(t).toString()).collectAsList().stream()
          .map(Row::toString)
          .sorted()
          .forEach(x -> out.add(t + " " + x));
    }
    return out;
  }

  @Test
  void reRunningTheSameWindowLeavesIdenticalRowsAndHumanOwnedAlertColumnsAlone() throws Exception {
    Path work = TestEnv.tempDir("ingest-rerun");
    landing(work);
    Database db = TestEnv.freshDatabase("ingestrerun", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.ingest.quarantine-alert-min-lines", 5));
    SparkSession spark = TestEnv.spark();
    Window w = Window.days(D1, 1);
    JobRunner.run(new IngestJob(), spark, s, db, w, Optional.empty(), Clock.systemUTC());
    List<String> first = snapshot(spark, work.resolve("lake"));
    String alerts1;
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "UPDATE drift_alerts SET status = 'acknowledged', acknowledged_by = 'ana' WHERE tenant_id = 't1'");
      alerts1 = alertRows(st);
    }
    JobRunner.run(new IngestJob(), spark, s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(snapshot(spark, work.resolve("lake"))).isEqualTo(first).hasSize(15);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      assertThat(alertRows(st)).isEqualTo(alerts1).contains("t1|critical|acknowledged|ana");
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*) FROM job_runs WHERE job = 'ingest' AND status = 'succeeded'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  static String alertRows(Statement st) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs =
        st.executeQuery("SELECT tenant_id, severity, status, acknowledged_by, details::text, "
            + "window_start, window_end FROM drift_alerts ORDER BY tenant_id")) {
      while (rs.next()) {
        sb.append(rs.getString(1))
            .append('|')
            .append(rs.getString(2))
            .append('|')
            .append(rs.getString(3))
            .append('|')
            .append(rs.getString(4))
            .append('|')
            .append(rs.getString(5))
            .append('|')
            .append(rs.getString(6))
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void aLaterDeliveryOfAnAlreadyIngestedEventIsQuarantinedAsDuplicate() throws Exception {
    Path work = TestEnv.tempDir("ingest-late");
    Path landing = landing(work);
    LocalDate d2 = D1.plusDays(1);
    write(
        landing,
        d2,
        "part-c",
        List.of(
            pred("e2", "t1", "2026-11-02T10:02:00Z", 12),
            pred("e100", "t1", "2026-11-03T10:00:00Z", 12)),
        false);
    Database db = TestEnv.freshDatabase("ingestlate", true);
    Settings s = TestEnv.settings(db, work, Map.of());
    SparkSession spark = TestEnv.spark();
    JobRunner.run(
        new IngestJob(), spark, s, db, Window.days(D1, 1), Optional.empty(), Clock.systemUTC());
    JobResult r = JobRunner.run(
        new IngestJob(), spark, s, db, Window.days(d2, 1), Optional.empty(), Clock.systemUTC());
    assertThat(r.recordsIn()).isEqualTo(2);
    assertThat(r.recordsOk()).isEqualTo(1);
    assertThat(r.recordsQuarantined()).isEqualTo(1);
    Row q = spark
        .read()
        .format("delta")
        .load(work.resolve("lake/quarantine").toString())
        .filter("dt = DATE'2026-11-03'")
        .first();
    assertThat(q.<String>getAs("reason")).isEqualTo("duplicate_event_id:ingested_on_2026-11-02");
    assertThat(q.<String>getAs("event_id")).isEqualTo("e2");
    // the earlier date's rows are untouched by the later window
    assertThat(spark
            .read()
            .format("delta")
            .load(work.resolve("lake/events/prediction").toString())
            .filter("dt = DATE'2026-11-02'")
            .count())
        .isEqualTo(6);
  }
}
