package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.privacy.PiiDetector.Finding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detector on the evaluation corpus made and labelled by make_pii_corpus.py (python-stdnum and
 * python-phonenumbers, independent of vigia's code): precision and recall per type, false positives
 * per 10,000 lines without personal data. A finding counts as a true positive when a labelled value of
 * the same type overlaps it; a labelled value is found when such a finding exists. Columns: lang, tenant
 * country, kind (pii, decoy, plain, business, mixed, name, address), text, labels; the share of lines with any
 * finding is reported per kind (for business, plain and decoy lines every finding is a false positive).
 */
class PiiCorpusTest {
  record Line(String lang, String country, String kind, String text, List<String[]> labels) {}

  static final List<Line> CORPUS = new ArrayList<>();
  static final Map<String, long[]> COUNTS = new TreeMap<>(); // type -> tp, fp, fn
  static long plainLines;
  static long plainLinesWithFinding;
  static final Map<String, long[]> KINDS = new TreeMap<>(); // kind -> lines, lines with a finding

  @BeforeAll
  static void evaluate() throws Exception {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PiiCorpusTest.class.getResourceAsStream("/privacy/pii_corpus.tsv"),
        StandardCharsets.UTF_8))) {
      String l;
      while ((l = r.readLine()) != null) {
        if (l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\t", -1);
        List<String[]> labels = new ArrayList<>();
        if (!f[4].isEmpty()) {
          for (String lab : f[4].split(";")) {
            labels.add(lab.split(":"));
          }
        }
        CORPUS.add(new Line(f[0], f[1], f[2], f[3], labels));
      }
    }
    PiiDetector d = new PiiDetector(0.5);
    List<String> misses = new ArrayList<>();
    Map<String, Integer> shown = new TreeMap<>(); // at most 6 examples per (FP|FN, type)
    for (Line line : CORPUS) {
      List<Finding> found = d.detect(line.text(), line.country());
      boolean[] matched = new boolean[line.labels().size()];
      for (Finding f : found) {
        boolean tp = false;
        for (int i = 0; i < line.labels().size(); i++) {
          String[] lab = line.labels().get(i);
          if (lab[0].equals(f.type().wire)
              && f.start() < Integer.parseInt(lab[2])
              && Integer.parseInt(lab[1]) < f.end()) {
            matched[i] = true;
            tp = true;
          }
        }
        COUNTS.computeIfAbsent(f.type().wire, k -> new long[3])[tp ? 0 : 1]++;
        if (!tp && shown.merge("FP " + f.type().wire, 1, Integer::sum) <= 6) {
          misses.add("FP " + f.type().wire + " '" + line.text().substring(f.start(), f.end())
              + "' in: " + line.text());
        }
      }
      for (int i = 0; i < matched.length; i++) {
        if (!matched[i]) {
          String[] lab = line.labels().get(i);
          COUNTS.computeIfAbsent(lab[0], k -> new long[3])[2]++;
          if (shown.merge("FN " + lab[0], 1, Integer::sum) <= 6) {
            misses.add("FN " + lab[0] + " '"
                + line.text().substring(Integer.parseInt(lab[1]), Integer.parseInt(lab[2])) + "' ("
                + line.country() + ") in: " + line.text() + " found " + found);
          }
        }
      }
      long[] k = KINDS.computeIfAbsent(line.kind(), x -> new long[2]);
      k[0]++;
      if (!found.isEmpty()) {
        k[1]++;
      }
      if (line.labels().isEmpty()) {
        plainLines++;
        if (!found.isEmpty()) {
          plainLinesWithFinding++;
          if (plainLinesWithFinding <= 40) {
            System.out.println("  FP in a line without personal data (" + line.kind() + ", "
                + line.country() + "): " + found + " in: " + line.text());
          }
        }
      }
    }
    System.out.println(
        "PII corpus: " + CORPUS.size() + " lines; per type: precision, recall (tp/fp/fn)");
    COUNTS.forEach((t, c) -> System.out.printf(
        "  %-12s precision %.4f recall %.4f  (%d/%d/%d)%n",
        t, precision(c), recall(c), c[0], c[1], c[2]));
    System.out.printf(
        "  lines without personal data: %d, with a finding: %d (%.2f per 10,000)%n",
        plainLines, plainLinesWithFinding, 1e4 * plainLinesWithFinding / plainLines);
    System.out.println("  lines with any finding, per kind:");
    KINDS.forEach((kind, c) -> System.out.printf(
        "  %-10s %6d lines, with a finding %6d (%.2f%%)%n", kind, c[0], c[1], 100.0 * c[1] / c[0]));
    misses.forEach(m -> System.out.println("  " + m));
  }

  static double precision(long[] c) {
    return c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
  }

  static double recall(long[] c) {
    return c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
  }

  @Test
  void everyTypeIsInTheCorpus() {
    for (PiiType t : PiiType.values()) {
      assertThat(COUNTS).as(t.wire).containsKey(t.wire);
      assertThat(COUNTS.get(t.wire)[0] + COUNTS.get(t.wire)[2])
          .as(t.wire + " labelled values")
          .isGreaterThanOrEqualTo(150);
    }
  }

  /** Validated types (check digits, libphonenumber, shapes): precision >= 0.99 and recall >= 0.98 each. */
  @Test
  void precisionAndRecallPerValidatedTypeMeetTheTargets() {
    COUNTS.forEach((t, c) -> {
      if (!NAME_RECALL_FLOOR.containsKey(t)) {
        assertThat(precision(c)).as("precision of " + t).isGreaterThanOrEqualTo(0.99);
        assertThat(recall(c)).as("recall of " + t).isGreaterThanOrEqualTo(0.98);
      }
    });
  }

  /**
   * Names and addresses (rules and a gazetteer, no model): precision >= 0.99 like the others; recall is
   * what the rules reach on names and streets outside the gazetteer's locales, guarded at its measured floor.
   */
  static final Map<String, Double> NAME_RECALL_FLOOR = Map.of("person_name", 0.80, "address", 0.98);

  @Test
  void namesAndAddressesArePreciseAndKeepTheirRecall() {
    NAME_RECALL_FLOOR.forEach((t, floor) -> {
      long[] c = COUNTS.get(t);
      assertThat(precision(c)).as("precision of " + t).isGreaterThanOrEqualTo(0.99);
      assertThat(recall(c)).as("recall of " + t).isGreaterThanOrEqualTo(floor);
    });
  }

  /** The issue's target: findings on business lines (orders, invoices, tracking, amounts ...) at most 0.1 %. */
  @Test
  void businessLinesAlmostNeverHaveAFinding() {
    long[] b = KINDS.get("business");
    assertThat(b[0]).isGreaterThanOrEqualTo(20_000);
    assertThat((double) b[1] / b[0]).isLessThanOrEqualTo(0.001);
  }

  @Test
  void atMostOneFalsePositivePerTenThousandLinesWithoutPersonalData() {
    assertThat(plainLines).isGreaterThanOrEqualTo(10_000);
    assertThat(1e4 * plainLinesWithFinding / plainLines).isLessThanOrEqualTo(1.0);
  }
}
