package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.json.Json;
import io.vigia.common.settings.DriftSettings.SliceError;
import io.vigia.common.settings.DriftSettings.Slices;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.drift.ErrorSlices.Candidate;
import io.vigia.jobs.drift.ErrorSlices.Fitted;
import io.vigia.jobs.drift.ErrorSlices.Found;
import io.vigia.jobs.drift.SliceTree.Condition;
import io.vigia.jobs.drift.SliceTree.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The error-slice tree and its reading on a few hundred in-memory joined rows (no generator, no lake): the
 * relative error is 0.40 where store_region = norte and price > 120, 0.10 elsewhere (with a small
 * deterministic jitter), so the tree must isolate that corner and the test keep only slices inside it.
 */
class ErrorSlicesTest {
  /** The columns of {@link ErrorSlices#windowRows}. */
  static final StructType WINDOW_ROWS = StructType.fromDDL(
      "tenant_id STRING, model_id STRING, prediction_id STRING, y DOUBLE, prediction DOUBLE, yc STRING, "
          + "predicted_class STRING, features_num MAP<STRING, DOUBLE>, features_cat MAP<STRING, STRING>");

  static final Slices SETTINGS = new Slices(true, 100, 3, 5, 10, 0.01, SliceError.RELATIVE, 0.05);
  static final String[] REGIONS = {"este", "norte", "sur"};

  record Planted(double price, String region, double error) {}

  static List<Planted> planted() {
    List<Planted> out = new ArrayList<>();
    for (int copy = 0; copy < 4; copy++) {
      for (int p = 0; p < 20; p++) {
        for (String region : REGIONS) {
          double price = 10.0 * p;
          boolean inSlice = region.equals("norte") && price > 120;
          double jitter = 0.02 * Math.sin(7 * copy + 3 * p + region.length());
          out.add(new Planted(price, region, (inSlice ? 0.40 : 0.10) + jitter));
        }
      }
    }
    return out;
  }

  static Dataset<Row> frame(List<Planted> rows) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Planted r = rows.get(i);
      out.add(RowFactory.create(
          "t1",
          "demand",
          "p" + i,
          100.0,
          100.0 * (1 + r.error()),
          null,
          null,
          Map.of("price", r.price()),
          Map.of("store_region", r.region())));
    }
    return TestEnv.spark().createDataFrame(out, WINDOW_ROWS);
  }

  @Test
  void noSparkJobWhenNoModelCanReachMinOutcomes() {
    // SETTINGS.minOutcomes = 100: two versions of one model with 60 + 39 pairs cannot reach it; a
    // 40th pair, or 100 labelled pairs of another model, can
    PerformanceCounts below = counts(Map.of(
        new ModelKey("t1", "m1", "v1"),
        sums(60, 0),
        new ModelKey("t1", "m1", "v2"),
        sums(39, 0),
        new ModelKey("t2", "m1", "v1"),
        sums(99, 99)));
    assertThat(ErrorSlices.anyCanFit(below, SETTINGS)).isFalse();
    assertThat(ErrorSlices.anyCanFit(PerformanceCounts.NONE, SETTINGS)).isFalse();
    PerformanceCounts pairs = counts(Map.of(
        new ModelKey("t1", "m1", "v1"), sums(60, 0), new ModelKey("t1", "m1", "v2"), sums(40, 0)));
    assertThat(ErrorSlices.anyCanFit(pairs, SETTINGS)).isTrue();
    PerformanceCounts labeled = counts(Map.of(new ModelKey("t3", "c", "v1"), sums(0, 100)));
    assertThat(ErrorSlices.anyCanFit(labeled, SETTINGS)).isTrue();
    Slices off = new Slices(false, 100, 3, 5, 10, 0.01, SliceError.RELATIVE, 0.05);
    assertThat(ErrorSlices.anyCanFit(labeled, off)).isFalse();
  }

  private static PerformanceCounts counts(Map<ModelKey, ErrorSums> current) {
    return new PerformanceCounts(Map.of(), current, Map.of(), Map.of());
  }

  private static ErrorSums sums(long pairs, long labeled) {
    return new ErrorSums(pairs, 0, 0, pairs, 0, 0, 0, labeled, 0);
  }

  @Test
  void theTreeIsolatesThePlantedCornerAndOnlySlicesInsideItAreKept() {
    List<Planted> rows = planted();
    Dataset<Row> window = frame(rows);
    List<Candidate> candidates = ErrorSlices.candidates(window, SETTINGS);
    assertThat(candidates).hasSize(1);
    Candidate c = candidates.get(0);
    assertThat(c.metric()).isEqualTo(ErrorSlices.Metric.RELATIVE_ERROR);
    assertThat(c.outcomes()).isEqualTo(rows.size());
    assertThat(c.numeric()).containsExactly("price");
    assertThat(c.categorical()).containsExactly("store_region");

    Fitted fitted = ErrorSlices.fit(window, c, SETTINGS);
    List<Slice> slices = fitted.slices();
    assertThat(slices).hasSizeGreaterThanOrEqualTo(2).hasSize((fitted.tree().numNodes() + 1) / 2);
    // the leaves partition the rows: each row satisfies exactly one slice's conditions, and the
    // leaf
    // moments MLlib's leafCol gave count the same rows
    long[] members = new long[slices.size()];
    for (Planted r : rows) {
      int matched = 0;
      for (Slice s : slices) {
        if (holds(s, r)) {
          members[s.leaf()]++;
          matched++;
        }
      }
      assertThat(matched).isEqualTo(1);
    }
    fitted.leaves().forEach(l -> assertThat(l.all().n()).isEqualTo(members[l.leaf()]));

    List<Found> found = ErrorSlices.assess(c, fitted.pruned(SETTINGS.alpha()), SETTINGS);
    System.out.println("slices: " + slices.stream().map(Slice::text).toList());
    System.out.println("found: "
        + found.stream().map(f -> f.slice().text() + " p=" + f.pAdjusted()).toList());
    // one slice, exactly the corner (min-gain-share keeps the jitter from cutting it into pieces)
    assertThat(found).hasSize(1);
    assertThat(found.get(0).slice().conditions()).hasSize(2);
    long inCorner =
        rows.stream().filter(r -> r.region().equals("norte") && r.price() > 120).count();
    long support = 0;
    for (Found f : found) {
      List<Condition> conditions = f.slice().conditions();
      assertThat(conditions)
          .anyMatch(k -> k.text().equals("store_region = norte"))
          .anyMatch(k -> k.feature().equals("price")
              && k.op().equals(">")
              && k.value() >= 120
              && k.value() < 130);
      assertThat(f.errorInSlice()).isGreaterThan(0.35);
      assertThat(f.errorRest()).isLessThan(0.2);
      assertThat(f.metric().wire()).isEqualTo("relative_error");
      support += f.support();
    }
    assertThat(support).isEqualTo(inCorner);
  }

  /** A classifier (its outcomes carry classes): wrong half the time where plan = basic and tenure <= 10. */
  @Test
  void aClassifiersSliceIsWhereItMisclassifies() {
    List<Row> out = new ArrayList<>();
    int i = 0;
    for (int copy = 0; copy < 6; copy++) {
      for (int tenure = 0; tenure < 40; tenure++) {
        for (String plan : new String[] {"basic", "premium"}) {
          boolean inSlice = plan.equals("basic") && tenure <= 10;
          // half wrong in the slice, one in 20 elsewhere, spread over copies, tenures and plans
          boolean wrong = inSlice
              ? (copy + tenure) % 2 == 0
              : (7 * copy + 3 * tenure + plan.length()) % 20 == 0;
          out.add(RowFactory.create(
              "t1",
              "churn",
              "p" + i,
              1.0,
              0.9,
              "yes",
              wrong ? "no" : "yes",
              Map.of("tenure_months", (double) tenure),
              Map.of("plan", plan)));
          i++;
        }
      }
    }
    Dataset<Row> window = TestEnv.spark().createDataFrame(out, WINDOW_ROWS);
    Candidate c = ErrorSlices.candidates(window, SETTINGS).get(0);
    assertThat(c.metric()).isEqualTo(ErrorSlices.Metric.MISCLASSIFICATION);
    Fitted fitted = ErrorSlices.fit(window, c, SETTINGS);
    List<Found> found = ErrorSlices.assess(c, fitted.pruned(SETTINGS.alpha()), SETTINGS);
    System.out.println("classifier slices: "
        + found.stream().map(f -> f.slice().text() + " " + f.errorInSlice()).toList());
    assertThat(found).hasSize(1);
    assertThat(found.get(0).slice().conditions())
        .extracting(Condition::text)
        .containsExactlyInAnyOrder("plan = basic", "tenure_months <= 10.5");
    assertThat(found.get(0).errorInSlice())
        .isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.05));
    assertThat(found.get(0).metric().wire()).isEqualTo("misclassification");
  }

  @Test
  void conditionsReadForHumansAndAsJson() {
    Condition region = new Condition("store_region", "=", null, List.of("norte"));
    Condition price = new Condition("price", ">", 120.456789, null);
    Condition plans = new Condition("plan", "not in", null, List.of("basic", SliceTree.MISSING));
    Slice s = new Slice(3, List.of(region, price, plans));
    assertThat(s.text())
        .isEqualTo("store_region = norte and price > 120.5 and plan not in (basic, (missing))");
    assertThat(Json.write(s.json()))
        .isEqualTo("[{\"feature\":\"store_region\",\"op\":\"=\",\"values\":[\"norte\"]},"
            + "{\"feature\":\"price\",\"op\":\">\",\"value\":120.456789},"
            + "{\"feature\":\"plan\",\"op\":\"not in\",\"values\":[\"basic\",\"(missing)\"]}]");
    assertThat(SliceTree.number(125.0)).isEqualTo("125");
    assertThat(SliceTree.number(0.000123456)).isEqualTo("0.0001235");
    assertThat(new Slice(0, List.of()).text()).isEqualTo("all");
  }

  /** Whether a planted row satisfies every condition of the slice (evaluated here, not by Spark). */
  static boolean holds(Slice s, Planted r) {
    for (Condition k : s.conditions()) {
      boolean ok = switch (k.op()) {
        case ">" -> r.price() > k.value();
        case "<=" -> r.price() <= k.value();
        case "=", "in" -> k.values().contains(r.region());
        case "!=", "not in" -> !k.values().contains(r.region());
        default -> throw new IllegalStateException(k.op());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
