package io.vigia.jobs.ingest;

import static io.vigia.jobs.ingest.IngestJobTest.pred;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's hostile input, through the real ingest job: a corrupt gzip, a truncated gzip, a 100 MB
 * single line, invalid UTF-8, deeply nested JSON, huge numbers and timestamps out of range. Each is
 * quarantined with its reason, every good line around them is processed, and in = ok + quarantined.
 */
class HostileInputTest {
  static final LocalDate D = LocalDate.parse("2026-11-03");

  private static String ts(int i) {
    return String.format("2026-11-03T%02d:%02d:00Z", (i / 60) % 24, i % 60);
  }

  private static void lines(Path dir, String name, List<byte[]> lines) throws Exception {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)))) {
      for (byte[] l : lines) {
        out.write(l);
        out.write('\n');
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyHostileInputIsQuarantinedWithItsReasonAndTheRestIsProcessed() throws Exception {
    Path work = TestEnv.tempDir("hostile");
    Path dir = Files.createDirectories(work.resolve("landing").resolve("dt=" + D));
    int good = 0;

    // 1. a file named .gz that is not gzip at all
    Files.write(
        dir.resolve("corrupt.jsonl.gz"), utf8("this is not gzip\n" + pred("c1", "t1", ts(1), 1)));

    // 2. a gzip cut in half: the lines before the cut are read, the cut is one 'unreadable_file'
    // record
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        out.write(utf8(pred("t" + i, "t1", ts(i), 10) + "\n"));
      }
    }
    byte[] whole = gz.toByteArray();
    Files.write(dir.resolve("truncated.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));

    // 3. a 100 MB single line between two good lines
    Path big = dir.resolve("huge-line.jsonl");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 20)) {
      out.write(utf8(pred("h1", "t1", ts(1), 1) + "\n"));
      out.write(utf8("{\"event_id\":\"h2\",\"event_type\":\"prediction\",\"pad\":\""));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 100; i++) {
        out.write(chunk);
      }
      out.write(utf8("\"}\n"));
      out.write(utf8(pred("h3", "t1", ts(3), 1) + "\n"));
    }
    good += 2;

    // 4. invalid UTF-8 (a lone continuation byte and a truncated two-byte sequence) inside a value
    List<byte[]> u = new ArrayList<>();
    u.add(utf8(pred("u1", "t1", ts(1), 1)));
    byte[] bad = utf8(pred("u2", "t1", ts(2), 1).replace("norte", "n@rte"));
    for (int i = 0; i < bad.length; i++) {
      if (bad[i] == '@') {
        bad[i] = (byte) 0xC3;
      }
    }
    u.add(bad);
    byte[] bad2 = utf8(pred("u3", "t1", ts(3), 1).replace("norte", "n@rte"));
    for (int i = 0; i < bad2.length; i++) {
      if (bad2[i] == '@') {
        bad2[i] = (byte) 0x80;
      }
    }
    u.add(bad2);
    u.add(utf8(pred("u4", "t1", ts(4), 1).replace("norte", "señal ñandú")));
    lines(dir, "bad-utf8.jsonl", u);
    good += 2;

    // 5. deeply nested JSON: a 100,000-deep array, and a feature value nested 5,000 deep
    List<byte[]> n = new ArrayList<>();
    n.add(utf8("[".repeat(100_000) + "]".repeat(100_000)));
    n.add(utf8(pred("n2", "t1", ts(2), 1)
        .replace("\"norte\"", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000))));
    n.add(utf8(pred("n3", "t1", ts(3), 1)));
    lines(dir, "nested.jsonl", n);
    good += 1;

    // 6. huge numbers: overflowing doubles and a 400-digit integer where a number is required
    List<byte[]> h = new ArrayList<>();
    h.add(utf8(pred("x1", "t1", ts(1), 1).replace("\"latency_ms\":1.0", "\"latency_ms\":1e400")));
    h.add(utf8(pred("x2", "t1", ts(2), 1).replace("\"prediction\":42.0", "\"prediction\":-1e309")));
    h.add(utf8(pred("x3", "t1", ts(3), 1)
        .replace("\"prediction\":42.0", "\"prediction\":" + "9".repeat(400))));
    h.add(utf8(pred("x4", "t1", ts(4), 1).replace("\"latency_ms\":1.0", "\"latency_ms\":1e-400")));
    lines(dir, "huge-numbers.jsonl", h);
    good += 1; // 1e-400 underflows to 0.0, a valid latency

    // 7. timestamps out of range
    List<byte[]> t = new ArrayList<>();
    t.add(utf8(pred("d1", "t1", "+10000-01-01T00:00:00Z", 1)));
    t.add(utf8(pred("d2", "t1", "0000-01-01T00:00:00Z", 1)));
    t.add(utf8(pred("d3", "t1", "+999999999-12-31T23:59:59Z", 1)));
    t.add(utf8(pred("d4", "t1", "2026-11-03T25:00:00Z", 1)));
    t.add(utf8(pred("d5", "t1", ts(5), 1)));
    lines(dir, "timestamps.jsonl", t);
    good += 1;

    Database db = TestEnv.freshDatabase("hostile", true);
    Settings s = TestEnv.settings(db, work, Map.of());
    SparkSession spark = TestEnv.spark();
    JobResult r = JobRunner.run(
        new IngestJob(), spark, s, db, Window.days(D, 1), Optional.empty(), Clock.systemUTC());

    Dataset<Row> q =
        spark.read().format("delta").load(work.resolve("lake/quarantine").toString());
    TreeMap<String, String> reasons = new TreeMap<>();
    for (Row x : q.selectExpr("source_file", "line_no", "reason", "length(raw_line) AS len")
        .collectAsList()) {
      String key = Path.of(x.<String>getAs("source_file")).getFileName() + ":" + x.getAs("line_no");
      reasons.put(key, x.<String>getAs("reason") + " len=" + x.getAs("len"));
    }
    System.out.println("quarantine: " + reasons);

    long okTruncated = r.recordsOk() - good;
    assertThat(r.recordsIn()).isEqualTo(r.recordsOk() + r.recordsQuarantined());
    assertThat(okTruncated).as("lines read before the gzip was cut").isBetween(1L, 1999L);
    assertThat(reasons).hasSize((int) r.recordsQuarantined());
    assertThat(reasons.get("corrupt.jsonl.gz:0")).startsWith("unreadable_file");
    assertThat(reasons.keySet().stream().filter(k -> k.startsWith("truncated.jsonl.gz")))
        .singleElement()
        .satisfies(k -> assertThat(reasons.get(k)).startsWith("unreadable_file"));
    assertThat(reasons.get("huge-line.jsonl:2")).startsWith("line_too_long");
    // the quarantine keeps a bounded prefix of the line, not 100 MB
    assertThat(Integer.parseInt(reasons.get("huge-line.jsonl:2").replaceAll(".*len=", "")))
        .isLessThanOrEqualTo(16_384);
    assertThat(reasons.get("bad-utf8.jsonl:2")).startsWith("invalid_utf8");
    assertThat(reasons.get("bad-utf8.jsonl:3")).startsWith("invalid_utf8");
    assertThat(reasons.get("nested.jsonl:1")).startsWith("invalid_json");
    assertThat(reasons.get("nested.jsonl:2")).startsWith("invalid_json");
    assertThat(reasons.get("huge-numbers.jsonl:1")).startsWith("non_finite_number:latency_ms");
    assertThat(reasons.get("huge-numbers.jsonl:2")).startsWith("non_finite_number:prediction");
    assertThat(reasons.get("huge-numbers.jsonl:3")).startsWith("non_finite_number:prediction");
    assertThat(reasons.get("timestamps.jsonl:1")).startsWith("out_of_range:ts");
    assertThat(reasons.get("timestamps.jsonl:2")).startsWith("out_of_range:ts");
    assertThat(reasons.get("timestamps.jsonl:3")).startsWith("out_of_range:ts");
    assertThat(reasons.get("timestamps.jsonl:4")).startsWith("invalid_timestamp:ts");
    assertThat(r.recordsQuarantined()).isEqualTo(14);
    // the good lines are in the lake, with their text intact
    Dataset<Row> ev =
        spark.read().format("delta").load(work.resolve("lake/events/prediction").toString());
    assertThat(ev.filter("event_id IN ('h1','h3','u1','u4','n3','x4','d5')").count())
        .isEqualTo(7);
    assertThat(ev.filter("event_id = 'u4'").selectExpr("features_cat").first().toString())
        .contains("señal ñandú");
  }
}
