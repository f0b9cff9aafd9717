package io.vigia.jobs.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bad input of one tenant x model (all versions) in the evaluation window, and whether it deserves a
 * data_quality alert. Each rate is reported only when its denominator reaches min-sample-size:
 * <ul>
 *   <li>missing: predictions lacking a feature that other predictions of the model carry (or carrying
 *       it as JSON null), per feature, / predictions of the window;</li>
 *   <li>wrong_type: a value of the other type than most of the feature's values (a string in a numeric
 *       feature, a number in a categorical one), per feature, / predictions; left out of the tests;</li>
 *   <li>nan: NaN values of a numeric feature (ingest quarantines NaN in JSON; this catches other
 *       writers of the lake), per feature, / predictions; left out of the tests;</li>
 *   <li>quarantined: prediction lines of the model that ingest quarantined on the window's landing
 *       dates (duplicate deliveries excluded: they are not bad data), / (those + predictions);</li>
 *   <li>orphan_outcomes: outcomes of the window whose prediction_id matches no prediction, / outcomes;</li>
 *   <li>mismatched_outcomes: outcomes whose model_id differs from their prediction's, / outcomes.</li>
 * </ul>
 * The worst rate above quality-alert-share gives medium, above twice high, above four times critical.
 * A model with enough predictions in the window but none in the reference (new, renamed or unknown to
 * the history; the schema has no model registry to check against) gets a low alert when nothing else
 * is wrong: it is not monitored for drift.
 */
final class InputQualityCheck {
  private InputQualityCheck() {}

  /** Counts of one tenant x model, summed over its versions. */
  static final class ModelInputCounts {
    long predictions;
    long referencePredictions;
    long outcomes;
    long orphans;
    long outcomesUsed;
    long mismatched;
    /** feature -> {missing, wrong type, NaN} in the window. */
    final Map<String, long[]> features = new TreeMap<>();

    Map<String, Long> quarantined = Map.of();

    void add(String feature, long missing, long wrongType, long nan, boolean numeric) {
      long[] f = features.computeIfAbsent(feature, k -> new long[3]);
      f[0] += missing;
      f[1] += wrongType;
      f[2] += nan;
    }

    long missingTotal() {
      return features.values().stream().mapToLong(f -> f[0]).sum();
    }

    long wrongTypeTotal() {
      return features.values().stream().mapToLong(f -> f[1]).sum();
    }

    long quarantinedTotal() {
      return quarantined.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** severity null = no alert. */
  record Verdict(
      String severity, double worstRate, Map<String, Double> rates, ObjectNode details) {}

  static Verdict assess(ModelInputCounts q, long minN, double threshold) {
    Map<String, Double> rates = new LinkedHashMap<>();
    if (q.predictions >= minN && q.predictions > 0) {
      q.features.forEach((f, c) -> {
        String[] kinds = {"missing", "wrong_type", "nan"};
        for (int i = 0; i < 3; i++) {
          if (c[i] > 0) {
            rates.put(kinds[i] + ":" + f, (double) c[i] / q.predictions);
          }
        }
      });
    }
    long qt = q.quarantinedTotal();
    if (qt > 0 && qt + q.predictions >= minN) {
      rates.put("quarantined", (double) qt / (qt + q.predictions));
    }
    if (q.outcomes >= minN && q.outcomes > 0) {
      if (q.orphans > 0) {
        rates.put("orphan_outcomes", (double) q.orphans / q.outcomes);
      }
      if (q.mismatched > 0) {
        rates.put("mismatched_outcomes", (double) q.mismatched / q.outcomes);
      }
    }
    double worst =
        rates.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    boolean noReference = q.predictions >= minN && q.referencePredictions == 0;
    String severity = worst > 4 * threshold
        ? "critical"
        : worst > 2 * threshold
            ? "high"
            : worst > threshold ? "medium" : noReference ? "low" : null;

    ObjectNode details = Json.object()
        .put("predictions", q.predictions)
        .put("reference_predictions", q.referencePredictions)
        .put("outcomes", q.outcomes)
        .put("orphan_outcomes", q.orphans)
        .put("mismatched_outcomes", q.mismatched)
        .put("no_reference", noReference)
        .put("threshold", threshold)
        .put("worst_rate", worst);
    ObjectNode rateNode = details.putObject("rates");
    rates.forEach(rateNode::put);
    ObjectNode featureNode = details.putObject("features");
    for (Map.Entry<String, long[]> e : q.features.entrySet()) {
      long[] c = e.getValue();
      if (c[0] + c[1] + c[2] > 0) {
        featureNode
            .putObject(e.getKey())
            .put("missing", c[0])
            .put("wrong_type", c[1])
            .put("nan", c[2]);
      }
    }
    ObjectNode quarantinedNode = details.putObject("quarantined");
    q.quarantined.forEach(quarantinedNode::put);
    return new Verdict(severity, worst, rates, details);
  }
}
