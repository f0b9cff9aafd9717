package io.vigia.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.db.CopyText;
import io.vigia.common.privacy.Validators;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

  @TempDir
  static Path tmp;

  static GeneratorSpec spec;
  static GeneratorReport report;
  static Recount recount;

  /** Everything re-read from the files, independently of the generator's counters. */
  static final class Recount {
    final TreeMap<String, Map<String, Long>> events = new TreeMap<>();
    final TreeMap<String, Long> duplicates = new TreeMap<>();
    final TreeMap<String, Map<String, Long>> bad = new TreeMap<>();
    final Map<String, Long> fileLines = new HashMap<>();
    final Map<String, Map<String, Object>> predictions = new HashMap<>();
    final List<Map<String, Object>> outcomes = new ArrayList<>();
    final List<Map<String, Object>> unique = new ArrayList<>();
    final List<String> invalidKinds = new ArrayList<>();
    final List<String> misplaced = new ArrayList<>();

    /** The free-text fields (prompt, completion, payload) of the unique events. */
    List<String> texts() {
      List<String> out = new ArrayList<>();
      for (Map<String, Object> e : unique) {
        for (String field : List.of("prompt_text", "completion_text", "payload_text")) {
          if (e.get(field) instanceof String s) {
            out.add(s);
          }
        }
      }
      return out;
    }
  }

  @BeforeAll
  static void generate() throws IOException {
    spec = GeneratorSpec.of(4, 9, 12_000, 7, tmp.resolve("landing"))
        .withBadShare(0.01)
        .withDuplicateShare(0.01);
    report = Generator.generate(spec, null);
    recount = recount(spec.out(), false);
  }

  static Recount recount(Path root, boolean gzip) throws IOException {
    Recount rc = new Recount();
    Set<String> seen = new HashSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?"))
          .filter(p -> root.relativize(p).toString().startsWith("dt="))
          .sorted()
          .toList();
    }
    for (Path f : files) {
      String rel = root.relativize(f).toString();
      String date = rel.substring(3, 13);
      long n = 0;
      for (String line : lines(f)) {
        n++;
        ContractCheck.Parsed p = ContractCheck.check(line);
        if (p.defect() != null) {
          if (!Set.of(
                  "broken_json",
                  "missing_field",
                  "wrong_type",
                  "negative_value",
                  "bad_timestamp",
                  "non_finite",
                  "unknown_event_type")
              .contains(p.defect())) {
            rc.invalidKinds.add(p.defect() + ": " + line);
          }
          rc.bad.computeIfAbsent(date, k -> new TreeMap<>()).merge(p.defect(), 1L, Long::sum);
          continue;
        }
        Map<String, Object> e = p.event();
        if (!seen.add((String) e.get("event_id"))) {
          rc.duplicates.merge(date, 1L, Long::sum);
          continue;
        }
        if (!((String) e.get("ts")).startsWith(date)) {
          rc.misplaced.add(rel + ": " + e.get("ts"));
        }
        rc.unique.add(e);
        String type = (String) e.get("event_type");
        rc.events.computeIfAbsent(date, k -> new TreeMap<>()).merge(type, 1L, Long::sum);
        if (type.equals("prediction")) {
          rc.predictions.put((String) e.get("prediction_id"), e);
        } else if (type.equals("outcome")) {
          rc.outcomes.add(e);
        }
      }
      rc.fileLines.put(rel, n);
    }
    return rc;
  }

  static List<String> lines(Path f) throws IOException {
    try (InputStream in = f.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(f))
            : Files.newInputStream(f);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> manifest(Path root) throws IOException {
    return (Map<String, Object>) TreeJson.parse(Files.readString(root.resolve("_manifest.json")));
  }

  static long n(Object o) {
    return ((BigDecimal) o).longValueExact();
  }

  // ------------------------------------------------------------------ determinism

  @Test
  void sameSpecGivesByteIdenticalOutputWhateverTheThreads() throws IOException {
    GeneratorSpec small = GeneratorSpec.of(3, 4, 3_000, 99, tmp.resolve("a"))
        .withThreads(1)
        .withBadShare(0.01)
        .withDuplicateShare(0.01);
    Generator.generate(small, null);
    Generator.generate(small.withOut(tmp.resolve("b")).withThreads(2), null);
    Map<String, byte[]> a = readTree(tmp.resolve("a"));
    Map<String, byte[]> b = readTree(tmp.resolve("b"));
    assertThat(a.keySet())
        .isEqualTo(b.keySet())
        .contains("_manifest.json", "_platform/user_feedback.tsv");
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
    // a different seed changes the content
    Generator.generate(small.withOut(tmp.resolve("c")).withInjections(small.injections()), null);
    GeneratorSpec other = new GeneratorSpec(
        3,
        4,
        3_000,
        100,
        tmp.resolve("d"),
        small.start(),
        0.01,
        0.01,
        false,
        2,
        small.injections(),
        1);
    Generator.generate(other, null);
    assertThat(readTree(tmp.resolve("d")).get("dt=2026-11-01/events-t001.jsonl"))
        .isNotEqualTo(a.get("dt=2026-11-01/events-t001.jsonl"));
    // re-generating into the same directory replaces, never appends
    assertThat(readTree(tmp.resolve("c"))).containsOnlyKeys(a.keySet());
    Generator.generate(small.withOut(tmp.resolve("c")), null);
    assertThat(readTree(tmp.resolve("c")).get("dt=2026-11-02/events-t002.jsonl"))
        .isEqualTo(a.get("dt=2026-11-02/events-t002.jsonl"));
  }

  /**
   * feedbackScale above 1 adds prediction feedback rows from a stream of their own: the events and the
   * other platform tables are byte-identical to scale 1, the scale-1 feedback rows are all there in the
   * same order (the extra rows come between them), and the prediction rows are about scale times as many.
   */
  @Test
  void aLargerFeedbackScaleAddsFeedbackRowsAndChangesNothingElse() throws IOException {
    GeneratorSpec base = GeneratorSpec.of(3, 4, 6_000, 5, tmp.resolve("fs1"))
        .withInjections(GeneratorSpec.Injections.none());
    Generator.generate(base, null);
    GeneratorReport scaled =
        Generator.generate(base.withOut(tmp.resolve("fs5")).withFeedbackScale(5), null);
    Map<String, byte[]> a = readTree(tmp.resolve("fs1"));
    Map<String, byte[]> b = readTree(tmp.resolve("fs5"));
    assertThat(b.keySet()).isEqualTo(a.keySet());
    String feedback = "_platform/user_feedback.tsv";
    for (String k : a.keySet()) {
      if (!k.equals(feedback) && !k.equals("_manifest.json")) {
        assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
      }
    }
    List<String> one = List.of(new String(a.get(feedback), StandardCharsets.UTF_8).split("\n"));
    List<String> five = List.of(new String(b.get(feedback), StandardCharsets.UTF_8).split("\n"));
    assertThat(five).containsSubsequence(one).hasSize((int) scaled.feedback().rows());
    // every feedback row is on a generated prediction
    Set<String> predictions = new HashSet<>();
    Pattern id = Pattern.compile("\"prediction_id\":\"([^\"]+)\"");
    a.forEach((k, v) -> {
      if (k.startsWith("dt=")) {
        Matcher m = id.matcher(new String(v, StandardCharsets.UTF_8));
        while (m.find()) {
          predictions.add(m.group(1));
        }
      }
    });
    long predictionRows =
        one.stream().filter(l -> CopyText.parse(l)[2].equals("prediction")).count();
    List<String[]> scaledPredictionRows = five.stream()
        .map(CopyText::parse)
        .filter(f -> f[2].equals("prediction"))
        .toList();
    assertThat(scaledPredictionRows).allMatch(f -> predictions.contains(f[3]));
    long scaledRows = scaledPredictionRows.size();
    assertThat(predictionRows).isGreaterThan(80);
    assertThat(scaledRows / (double) predictionRows).isBetween(3.5, 6.5);
    assertThat(manifest(tmp.resolve("fs5")).toString()).contains("feedback_scale=5");
    assertThat(manifest(tmp.resolve("fs1")).toString()).doesNotContain("feedback_scale");
    assertThatThrownBy(() -> base.withFeedbackScale(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feedbackScale");
  }

  static Map<String, byte[]> readTree(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  // ------------------------------------------------------------------ counts and contract

  @Test
  void everyLineIsAValidEventOrABadLineOfAKnownKind() {
    assertThat(recount.invalidKinds).isEmpty();
    assertThat(recount.misplaced)
        .as("events in the directory of their UTC date")
        .isEmpty();
    Set<String> types = new HashSet<>();
    recount.events.values().forEach(m -> types.addAll(m.keySet()));
    assertThat(types).containsExactlyInAnyOrderElementsOf(ContractCheck.TYPES);
  }

  @Test
  void manifestCountsEqualARecountOfTheFiles() throws IOException {
    Map<String, Object> m = manifest(spec.out());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> dates = (Map<String, Map<String, Object>>) m.get("dates");
    assertThat(dates.keySet()).containsExactlyElementsOf(recount.events.keySet());
    long valid = 0;
    long dups = 0;
    long badTotal = 0;
    for (var d : dates.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> ev = (Map<String, Object>) d.getValue().get("events");
      for (var e : ev.entrySet()) {
        long expected = recount.events.get(d.getKey()).getOrDefault(e.getKey(), 0L);
        assertThat(n(e.getValue())).as(d.getKey() + " " + e.getKey()).isEqualTo(expected);
        valid += expected;
      }
      assertThat(n(d.getValue().get("duplicates")))
          .as(d.getKey() + " duplicates")
          .isEqualTo(recount.duplicates.getOrDefault(d.getKey(), 0L));
      dups += recount.duplicates.getOrDefault(d.getKey(), 0L);
      @SuppressWarnings("unchecked")
      Map<String, Object> bad = (Map<String, Object>) d.getValue().get("bad");
      for (var b : bad.entrySet()) {
        long expected = recount.bad.getOrDefault(d.getKey(), Map.of()).getOrDefault(b.getKey(), 0L);
        assertThat(n(b.getValue())).as(d.getKey() + " bad " + b.getKey()).isEqualTo(expected);
        badTotal += expected;
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> totals = (Map<String, Object>) m.get("totals");
    assertThat(n(totals.get("valid_events"))).isEqualTo(valid).isEqualTo(report.validEvents());
    assertThat(n(totals.get("duplicate_lines"))).isEqualTo(dups).isPositive();
    assertThat(n(totals.get("bad_lines"))).isEqualTo(badTotal);
    assertThat(n(totals.get("lines"))).isEqualTo(valid + dups + badTotal);
    // every kind of bad line is present at this share
    @SuppressWarnings("unchecked")
    Map<String, Object> byKind = (Map<String, Object>) totals.get("bad_by_kind");
    assertThat(byKind).hasSize(7);
    byKind.values().forEach(v -> assertThat(n(v)).isPositive());
    // rowsPerDay = valid + bad lines generated per day (duplicates on top)
    long generated = valid + badTotal;
    assertThat(generated).isEqualTo(spec.rowsPerDay() * spec.days());
    // the file list matches the files
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) m.get("files");
    assertThat(files).hasSize(recount.fileLines.size());
    for (Map<String, Object> f : files) {
      assertThat(n(f.get("lines")))
          .as((String) f.get("path"))
          .isEqualTo(recount.fileLines.get((String) f.get("path")));
      assertThat(n(f.get("bytes")))
          .isEqualTo(Files.size(spec.out().resolve((String) f.get("path"))));
    }
  }

  @Test
  void eventMixIsRealistic() {
    Map<String, Long> total = new HashMap<>();
    recount.events.values().forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
    double all = total.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total.get("prediction") / all).isBetween(0.33, 0.45);
    double outcomeShare = total.get("outcome") / (double) total.get("prediction");
    assertThat(outcomeShare).isBetween(0.80, 0.88);
    assertThat(total.get("llm_call") / all)
        .isBetween(0.10, 0.22); // the over-budget tenant raises it
    assertThat(total.get("data_access") / all).isBetween(0.004, 0.02);
  }

  @Test
  void outcomesJoinTheirPredictionWithinThreeDays() {
    assertThat(recount.outcomes).isNotEmpty();
    for (Map<String, Object> o : recount.outcomes) {
      Map<String, Object> p = recount.predictions.get((String) o.get("prediction_id"));
      assertThat(p).as("prediction of outcome %s", o.get("event_id")).isNotNull();
      assertThat(o.get("model_id")).isEqualTo(p.get("model_id"));
      assertThat(o.get("tenant_id")).isEqualTo(p.get("tenant_id"));
      assertThat(p.get("status")).isEqualTo("ok");
      Duration delay = Duration.between(
          Instant.parse((String) p.get("ts")), Instant.parse((String) o.get("ts")));
      assertThat(delay).isPositive().isLessThan(Duration.ofDays(3));
      assertThat(o.containsKey("actual_class")).isEqualTo(p.containsKey("predicted_class"));
    }
  }

  // ------------------------------------------------------------------ injected effects

  @Test
  void featureDriftShowsInTheLastThirdOnlyWhereInjected() {
    LocalDate third = spec.start().plusDays(spec.lastThirdStartDay());
    double[] drifted = meanPrice("t001", third);
    double[] control = meanPrice("t004", third);
    assertThat(drifted[1] - drifted[0]).isBetween(3.0, 5.0);
    assertThat(Math.abs(control[1] - control[0])).isLessThan(0.6);
    assertThat(shareOf("t001", "demand-forecast", "store_region", "norte", third, true))
        .isGreaterThan(
            shareOf("t001", "demand-forecast", "store_region", "norte", third, false) + 0.2);
  }

  private static double[] meanPrice(String tenant, LocalDate third) {
    double[] sum = new double[2];
    long[] cnt = new long[2];
    for (Map<String, Object> p : recount.predictions.values()) {
      if (p.get("tenant_id").equals(tenant) && p.get("model_id").equals("demand-forecast")) {
        int late = ((String) p.get("ts")).compareTo(third.toString()) >= 0 ? 1 : 0;
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) p.get("features");
        sum[late] += ((BigDecimal) f.get("price")).doubleValue();
        cnt[late]++;
      }
    }
    return new double[] {sum[0] / cnt[0], sum[1] / cnt[1]};
  }

  private static double shareOf(
      String tenant, String model, String feature, String value, LocalDate third, boolean late) {
    long hit = 0;
    long all = 0;
    for (Map<String, Object> p : recount.predictions.values()) {
      if (p.get("tenant_id").equals(tenant)
          && p.get("model_id").equals(model)
          && (((String) p.get("ts")).compareTo(third.toString()) >= 0) == late) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) p.get("features");
        all++;
        hit += value.equals(f.get(feature)) ? 1 : 0;
      }
    }
    return hit / (double) all;
  }

  @Test
  void performanceDropRaisesTheErrorOfTheChosenModel() {
    LocalDate third = spec.start().plusDays(spec.lastThirdStartDay());
    double[] dropped = mape("t002", third);
    double[] control = mape("t004", third);
    assertThat(dropped[1]).isGreaterThan(dropped[0] * 1.3);
    assertThat(control[1]).isCloseTo(control[0], within(control[0] * 0.15));
  }

  private static double[] mape(String tenant, LocalDate third) {
    double[] sum = new double[2];
    long[] cnt = new long[2];
    for (Map<String, Object> o : recount.outcomes) {
      Map<String, Object> p = recount.predictions.get((String) o.get("prediction_id"));
      if (!p.get("tenant_id").equals(tenant) || !p.get("model_id").equals("demand-forecast")) {
        continue;
      }
      double actual = ((BigDecimal) o.get("actual")).doubleValue();
      if (actual == 0) {
        continue;
      }
      int late = ((String) p.get("ts")).compareTo(third.toString()) >= 0 ? 1 : 0;
      sum[late] += Math.abs(((BigDecimal) p.get("prediction")).doubleValue() - actual) / actual;
      cnt[late]++;
    }
    return new double[] {sum[0] / cnt[0], sum[1] / cnt[1]};
  }

  @Test
  void experimentsHaveAWinnerANullAndASampleRatioMismatch() throws IOException {
    List<String> exps = Files.readAllLines(spec.out().resolve("_platform/ab_experiments.tsv"));
    assertThat(exps)
        .extracting(l -> CopyText.parse(l)[0])
        .containsExactly(
            "exp-t001-ab1", "exp-t001-aa1", "exp-t001-srm1", "exp-t003-ab1", "exp-t003-aa1");
    for (String l : exps) {
      String[] f = CopyText.parse(l);
      assertThat(f).hasSize(PlatformTables.EXPERIMENT_COLUMNS.size());
      assertThat(f[3]).isEqualTo("model_comparison");
      assertThat(f[7]).isEqualTo("mape");
      assertThat(f[11]).isEqualTo("running");
      assertThat(Instant.parse(f[12]))
          .isEqualTo(spec.start().atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    Map<String, long[]> counts = new HashMap<>();
    Map<String, double[]> sums = new HashMap<>();
    List<String> obs =
        Files.readAllLines(spec.out().resolve("_platform/ab_experiment_observations.tsv"));
    assertThat(obs)
        .hasSize((int) report.platformRows().get("ab_experiment_observations").longValue());
    for (String l : obs) {
      String[] f = CopyText.parse(l);
      assertThat(f).hasSize(PlatformTables.OBSERVATION_COLUMNS.size());
      Map<String, Object> p = recount.predictions.get(f[4]);
      assertThat(p).as("prediction of observation").isNotNull();
      assertThat(p.get("experiment_id")).isEqualTo(f[0]);
      assertThat(p.get("variant")).isEqualTo(f[2]);
      assertThat(f[7]).isEqualTo("mape");
      double pred = Double.parseDouble(f[5]);
      double actual = Double.parseDouble(f[6]);
      assertThat(Double.parseDouble(f[8]))
          .isCloseTo(Math.abs(pred - actual) / actual, within(1e-6));
      int v = f[2].equals("treatment") ? 1 : 0;
      counts.computeIfAbsent(f[0], k -> new long[2])[v]++;
      sums.computeIfAbsent(f[0], k -> new double[2])[v] += Double.parseDouble(f[8]);
    }
    double abControl = sums.get("exp-t001-ab1")[0] / counts.get("exp-t001-ab1")[0];
    double abTreatment = sums.get("exp-t001-ab1")[1] / counts.get("exp-t001-ab1")[1];
    assertThat(abTreatment).isLessThan(abControl * 0.8);
    double aaControl = sums.get("exp-t001-aa1")[0] / counts.get("exp-t001-aa1")[0];
    double aaTreatment = sums.get("exp-t001-aa1")[1] / counts.get("exp-t001-aa1")[1];
    assertThat(aaTreatment).isCloseTo(aaControl, within(aaControl * 0.12));
    long[] srm = counts.get("exp-t001-srm1");
    assertThat(srm[1] / (double) (srm[0] + srm[1])).isBetween(0.33, 0.47);
    long[] ab = counts.get("exp-t001-ab1");
    assertThat(ab[1] / (double) (ab[0] + ab[1])).isBetween(0.43, 0.57);
    assertThat(Math.min(ab[0], ab[1])).isGreaterThan(100);
    assertThat(report.experiments())
        .extracting(GeneratorReport.ExperimentSummary::id)
        .contains("exp-t001-srm1");
  }

  @Test
  void feedbackHasABurstOfNegativeRatings() throws IOException {
    List<String> rows = Files.readAllLines(spec.out().resolve("_platform/user_feedback.tsv"));
    assertThat(rows).hasSize((int) report.feedback().rows());
    LocalDate burstFrom = spec.end().minusDays(3);
    long[] burst = new long[2];
    long[] normal = new long[2];
    Set<String> targets = new HashSet<>();
    for (String l : rows) {
      String[] f = CopyText.parse(l);
      assertThat(f).hasSize(PlatformTables.FEEDBACK_COLUMNS.size());
      int rating = Integer.parseInt(f[5]);
      assertThat(rating).isBetween(1, 5);
      targets.add(f[2]);
      assertThat(f[9]).isEqualTo("pending");
      Instant created = Instant.parse(f[8]);
      assertThat(created)
          .isBefore(spec.end().plusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant());
      if (f[7] != null) {
        assertThat(TreeJson.parse(f[7])).isInstanceOf(Map.class);
      }
      if (f[2].equals("prediction")) {
        Map<String, Object> p = recount.predictions.get(f[3]);
        assertThat(p).isNotNull();
        assertThat(p.get("model_id")).isEqualTo(f[4]);
        boolean inBurst = f[0].equals("t002")
            && f[4].equals("demand-forecast")
            && ((String) p.get("ts")).compareTo(burstFrom.toString()) >= 0;
        long[] c = inBurst ? burst : normal;
        c[0]++;
        c[1] += rating <= 2 ? 1 : 0;
      }
    }
    assertThat(targets).containsExactlyInAnyOrder("prediction", "action", "explanation");
    assertThat(burst[0]).isGreaterThan(50);
    assertThat(burst[1] / (double) burst[0]).isGreaterThan(0.75);
    assertThat(normal[1] / (double) normal[0]).isLessThan(0.4);
  }

  @Test
  void plantedEmailsMatchTheManifestCount() throws IOException {
    Pattern email =
        Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    long found = 0;
    for (String s : recount.texts()) {
      Matcher m = email.matcher(s);
      while (m.find()) {
        assertThat(Validators.emailValid(m.group())).isTrue();
        found++;
      }
    }
    for (String l : Files.readAllLines(spec.out().resolve("_platform/user_feedback.tsv"))) {
      String c = CopyText.parse(l)[6];
      if (c != null) {
        Matcher m = email.matcher(c);
        while (m.find()) {
          found++;
        }
      }
    }
    assertThat(found).isPositive().isEqualTo(report.pii().valid().get("email"));
    assertThat(report.pii().validTotal()).isGreaterThan(500);
    assertThat(report.pii().lookalikeTotal()).isGreaterThan(300);
    report.pii().valid().forEach((k, v) -> assertThat(v).as(k).isPositive());
    report.pii().lookalike().forEach((k, v) -> assertThat(v).as(k).isPositive());
  }

  @Test
  void plantedBrazilianAndSpanishIdsAreValidOrDeliberatelyInvalid() {
    // formatted CPF and DNI tokens after their context word: valid ones counted as valid, the rest
    // as look-alikes
    Pattern cpf = Pattern.compile("CPF (\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2})");
    Pattern dni = Pattern.compile("(?:DNI|NIE) ([XYZ]?\\d{7,8}[A-Z])\\b");
    long cpfValid = 0;
    long cpfInvalid = 0;
    long dniValid = 0;
    long dniInvalid = 0;
    for (String s : recount.texts()) {
      Matcher m = cpf.matcher(s);
      while (m.find()) {
        if (Validators.brCpfValid(m.group(1))) {
          cpfValid++;
        } else {
          cpfInvalid++;
        }
      }
      m = dni.matcher(s);
      while (m.find()) {
        boolean ok = m.group(1).length() == 9
            && (Validators.esDniValid(m.group(1)) || Validators.esNieValid(m.group(1)));
        if (ok) {
          dniValid++;
        } else {
          dniInvalid++;
        }
      }
    }
    assertThat(cpfValid).isPositive().isLessThanOrEqualTo(report.pii().valid().get("br_cpf"));
    assertThat(cpfInvalid)
        .isPositive()
        .isLessThanOrEqualTo(report.pii().lookalike().get("br_cpf"));
    assertThat(dniValid)
        .isPositive()
        .isLessThanOrEqualTo(
            report.pii().valid().get("es_dni") + report.pii().valid().get("es_nie"));
    assertThat(dniInvalid)
        .isPositive()
        .isLessThanOrEqualTo(
            report.pii().lookalike().get("es_dni") + report.pii().lookalike().get("es_nie"));
  }

  @Test
  void effectsAreRecordedInTheManifest() throws IOException {
    Map<String, Object> m = manifest(spec.out());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> effects = (List<Map<String, Object>>) m.get("effects");
    Set<String> types = new HashSet<>();
    for (Map<String, Object> e : effects) {
      types.add((String) e.get("type"));
    }
    assertThat(types)
        .contains(
            "feature_drift",
            "performance_drop",
            "ab_winner",
            "aa_null",
            "srm",
            "over_budget",
            "feedback_burst",
            "pii_planting",
            "malformed_lines",
            "duplicate_deliveries");
    Map<String, Object> drift = effects.stream()
        .filter(e -> e.get("type").equals("feature_drift"))
        .findFirst()
        .orElseThrow();
    assertThat(drift.get("tenant_id")).isEqualTo("t001");
    assertThat(drift.get("model_id")).isEqualTo("demand-forecast");
    assertThat(drift.get("from")).isEqualTo(spec.start().plusDays(6).toString());
    assertThat(drift.get("until")).isEqualTo(spec.end().toString());
    // the over-budget tenant spends far more on LLMs than the others
    Map<String, Double> cost = new HashMap<>();
    for (GeneratorReport.LlmUsage u : report.llmUsage()) {
      if (u.listPriceCostUsd() != null) {
        cost.merge(u.tenantId(), u.listPriceCostUsd(), Double::sum);
      }
    }
    assertThat(cost.get("t003")).isGreaterThan(5 * Math.max(cost.get("t001"), cost.get("t002")));
    assertThat(report.llmUsage())
        .anyMatch(u -> u.requestModel().equals("acme-llm-7b") && u.listPriceCostUsd() == null);
  }

  @Test
  void gzipOutputIsReadableAndHoldsTheSameLines() throws IOException {
    GeneratorSpec plain = GeneratorSpec.of(2, 3, 2_000, 5, tmp.resolve("plain"));
    GeneratorReport pr = Generator.generate(plain, null);
    GeneratorReport gr = Generator.generate(plain.withOut(tmp.resolve("gz")).withGzip(true), null);
    assertThat(gr.files()).allMatch(f -> f.path().endsWith(".jsonl.gz"));
    assertThat(gr.dates()).isEqualTo(pr.dates());
    for (GeneratorReport.FileSummary f : pr.files()) {
      List<String> a = lines(tmp.resolve("plain").resolve(f.path()));
      List<String> b = lines(tmp.resolve("gz").resolve(f.path() + ".gz"));
      assertThat(b).as(f.path()).isEqualTo(a);
    }
    GeneratorReport again =
        Generator.generate(plain.withOut(tmp.resolve("gz2")).withGzip(true), null);
    assertThat(readTree(tmp.resolve("gz2")))
        .usingRecursiveComparison()
        .isEqualTo(readTree(tmp.resolve("gz")));
    assertThat(again.toJson()).isEqualTo(gr.toJson());
    Recount rc = recount(tmp.resolve("gz"), true);
    assertThat(rc.invalidKinds).isEmpty();
    assertThat(rc.unique).hasSize((int) gr.validEvents());
  }

  // ------------------------------------------------------------------ writer details

  @Test
  void jsonEscaperRoundTripsAwkwardStrings() {
    for (String s : List.of(
        "plain",
        "quote \" and backslash \\",
        "tab\tnewline\nreturn\r",
        "\u0000\u0001\u001f",
        "ñandú ¿qué? — «comillas»",
        "emoji \uD83D\uDE00",
        "line sep \u2028 para \u2029",
        "lone \uD800 surrogate")) {
      String json = JsonLine.quote(s);
      Object back = TreeJson.parse(json);
      if (s.contains("\uD800") && !s.contains("\uDE00")) {
        assertThat(json).contains("\\ud800");
      }
      assertThat(back).isEqualTo(s);
    }
    assertThat(Formats.fixed(12.0, 2)).isEqualTo("12");
    assertThat(Formats.fixed(-0.004, 2)).isEqualTo("0");
    assertThat(Formats.fixed(-1.25, 1)).isEqualTo("-1.3");
    assertThat(Formats.fixed(0.000012, 8)).isEqualTo("0.000012");
    assertThat(Formats.instantString(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Formats.instantString(1_795_000_000_123L))
        .isEqualTo(Instant.ofEpochMilli(1_795_000_000_123L).toString());
  }

  @Test
  void jsonLineWritesCompactLinesAndAppliesTheOverrideOnce() throws IOException {
    JsonLine j = new JsonLine();
    j.begin()
        .uuid("id", 1, 2)
        .str("s", "a\u001f\u2028\"")
        .ts("ts", 0)
        .num("x", -1.25, 1)
        .integer("n", 7)
        .bool("b", true)
        .strings("f", "p", "q")
        .beginObject("o")
        .num("y", 3.0, 2)
        .endObject()
        .end();
    assertThat(j.line())
        .isEqualTo(
            "{\"id\":\"00000000-0000-4001-8000-000000000002\",\"s\":\"a\\u001f\\u2028\\\"\","
                + "\"ts\":\"1970-01-01T00:00:00.000Z\",\"x\":-1.3,\"n\":7,\"b\":true,\"f\":[\"p\",\"q\"],\"o\":{\"y\":3}}");
    j.override("ts", "\"tomorrow\"");
    j.begin().str("k", "v").ts("ts", 0).ts("ts", 0).end();
    assertThat(j.overrideHit()).isTrue();
    assertThat(j.line())
        .isEqualTo("{\"k\":\"v\",\"ts\":\"tomorrow\",\"ts\":\"1970-01-01T00:00:00.000Z\"}");
    j.override("k", null);
    j.begin().str("k", "v").num("latency_ms", 1, 1).end();
    j.clearOverride();
    assertThat(j.line()).isEqualTo("{\"latency_ms\":1}");
  }

  @Test
  void copyTextEscapesAndParsesBack() {
    StringBuilder sb = new StringBuilder();
    CopyText.row(sb, "a\tb", null, "back\\slash", "new\nline");
    String line = sb.toString();
    assertThat(line).endsWith("\n").doesNotContain("a\tb");
    assertThat(CopyText.parse(line.substring(0, line.length() - 1)))
        .containsExactly("a\tb", null, "back\\slash", "new\nline");
  }

  @Test
  void refusesToOverwriteALandingItDidNotWrite() throws IOException {
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign.resolve("dt=2026-11-01"));
    Files.writeString(foreign.resolve("dt=2026-11-01/real.jsonl"), "{}\n");
    assertThatThrownBy(() -> Generator.generate(GeneratorSpec.of(1, 1, 10, 1, foreign), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing");
    assertThat(foreign.resolve("dt=2026-11-01/real.jsonl")).exists();
  }

  @Test
  void invalidInjectionsAreRejected() {
    Path out = tmp.resolve("never");
    GeneratorSpec.Injections bad = driftOnly("t009", "demand-forecast");
    assertThatThrownBy(() -> GeneratorSpec.of(3, 3, 100, 1, out).withInjections(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t009");
    GeneratorSpec.Injections noRouter = driftOnly("t004", "ticket-router");
    assertThatThrownBy(() ->
            Generator.generate(GeneratorSpec.of(4, 3, 100, 1, out).withInjections(noRouter), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ticket-router");
    assertThatThrownBy(() -> GeneratorSpec.of(0, 3, 100, 1, out))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** One feature drift of the tenant's model and no other effect. */
  private static GeneratorSpec.Injections driftOnly(String tenant, String model) {
    return new GeneratorSpec.Injections(
        List.of(new GeneratorSpec.FeatureDrift(tenant, model, 1, 0.3)),
        List.of(),
        List.of(),
        new GeneratorSpec.PiiPlanting(0.1, 0.1),
        List.of(),
        List.of());
  }
}
