package io.vigia.jobs.drift;

import io.vigia.common.stats.Moments;
import io.vigia.jobs.drift.ModelKey.FeatureKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The profile of the predictions ({@link DriftTransforms#profile}), decoded by column name: per model
 * the predictions' moments per side; per numeric feature (and the prediction) the value and NaN counts;
 * per categorical feature the category counts; and the 64-bit sort key of every numeric feature with
 * its reference size, which the sorted pass needs.
 */
final class DriftProfile {
  final SortedMap<ModelKey, ModelWindowStats> models = new TreeMap<>();
  final Map<FeatureKey, NumericCounts> numeric = new HashMap<>();
  final Map<FeatureKey, SortedMap<String, CategoryCounts>> categories = new HashMap<>();
  final Map<Long, FeatureKey> featureBySortKey = new HashMap<>();
  final Map<Long, Long> referenceSizeBySortKey = new HashMap<>();

  /** Decodes the profile rows (columns of {@link DriftTransforms#PROFILE_COLUMNS} plus the sort key). */
  static DriftProfile of(List<Row> rows) {
    DriftProfile p = new DriftProfile();
    rows.forEach(p::add);
    return p;
  }

  private void add(Row r) {
    ModelKey model =
        new ModelKey(r.getAs("tenant_id"), r.getAs("model_id"), r.getAs("model_version"));
    boolean reference = r.<Boolean>getAs("is_ref");
    FeatureKey feature = model.feature(r.getAs("feature"));
    long count = r.<Long>getAs("cnt");
    if (r.<String>getAs("kind").equals(DriftTransforms.CATEGORICAL)) {
      categories
          .computeIfAbsent(feature, k -> new TreeMap<>())
          .merge(
              r.getAs("category"),
              reference
                  ? CategoryCounts.NONE.withReference(count)
                  : CategoryCounts.NONE.withCurrent(count),
              (was, now) -> reference ? was.withReference(count) : was.withCurrent(count));
      return;
    }
    long valid = r.<Long>getAs("valid");
    long nan = r.<Long>getAs("nan");
    if (feature.feature().equals(DriftTransforms.PREDICTION)) {
      addPredictionMoments(model, reference, count, r);
      if (valid + nan == 0) {
        return;
      }
    }
    NumericCounts was = numeric.getOrDefault(feature, NumericCounts.NONE);
    numeric.put(
        feature,
        reference
            ? new NumericCounts(valid, was.current(), nan, was.nanCurrent())
            : new NumericCounts(was.reference(), valid, was.nanReference(), nan));
    long sortKey = r.<Long>getAs("key");
    FeatureKey other = featureBySortKey.putIfAbsent(sortKey, feature);
    if (other != null && !other.equals(feature)) {
      throw new IllegalStateException("drift: two features share the 64-bit sort key " + sortKey
          + " (" + other.describe() + " and " + feature.describe() + "); rename one of them");
    }
    if (reference) {
      referenceSizeBySortKey.put(sortKey, valid);
    }
  }

  /** n counts every prediction event (also one with a NULL prediction: avg skips NULLs). */
  private void addPredictionMoments(ModelKey model, boolean reference, long n, Row r) {
    Double mean = r.getAs("mean");
    Double variance = r.getAs("var");
    double var = variance == null || Double.isNaN(variance) ? 0 : variance;
    Moments m = mean == null
        ? Moments.of(n, Double.NaN, 0, Double.NaN, Double.NaN)
        : Moments.of(n, mean, var * (n - 1), r.<Double>getAs("lo"), r.<Double>getAs("hi"));
    ModelWindowStats was =
        models.getOrDefault(model, new ModelWindowStats(model, new Moments(), new Moments()));
    models.put(
        model,
        reference
            ? new ModelWindowStats(model, m, was.current())
            : new ModelWindowStats(model, was.reference(), m));
  }

  /** Prediction events of both sides. */
  long predictionEvents() {
    return models.values().stream()
        .mapToLong(m -> m.reference().n() + m.current().n())
        .sum();
  }

  /** The most values one numeric feature has in the two windows. */
  long largestFeatureValues() {
    return numeric.values().stream()
        .mapToLong(n -> n.reference() + n.current())
        .max()
        .orElse(0);
  }

  /** The feature names of each model, numeric and categorical, in name order. */
  Map<ModelKey, TreeSet<String>> featureNamesByModel() {
    Map<ModelKey, TreeSet<String>> names = new HashMap<>();
    numeric.keySet().stream()
        .filter(k -> !k.feature().equals(DriftTransforms.PREDICTION))
        .forEach(k -> names.computeIfAbsent(k.model(), m -> new TreeSet<>()).add(k.feature()));
    categories
        .keySet()
        .forEach(k -> names.computeIfAbsent(k.model(), m -> new TreeSet<>()).add(k.feature()));
    return names;
  }
}
