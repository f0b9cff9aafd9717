package io.vigia.generate;

import io.vigia.common.stats.PopulationStabilityIndex;
import java.util.List;

/**
 * What a {@link GeneratorSpec.FeatureDrift} injection does to each model's features, read off
 * UnitGenerator (keep the two in step): the features it shifts directly, the ones it moves only
 * through another (left out of a detection evaluation: neither injected nor a control), and the
 * population PSI of the shifted categorical feature (exact, from the catalog's probabilities).
 */
public final class DriftTruth {
  private DriftTruth() {}

  /** Numeric features shifted by numericShiftSd: demand +4 x shift on normals of sd 4 (1 sd per unit). */
  public static List<String> shiftedNumeric(String model) {
    return switch (model) {
      case GeneratorSpec.DEMAND -> List.of("price", "temperature");
      case GeneratorSpec.CHURN -> List.of("tenure_months", "monthly_spend");
      default -> List.of("text_length");
    };
  }

  /** The categorical feature whose first (router: last) category gains categoricalShift of the mass. */
  public static String shiftedCategorical(String model) {
    return switch (model) {
      case GeneratorSpec.DEMAND -> "store_region";
      case GeneratorSpec.CHURN -> "plan";
      default -> "channel";
    };
  }

  /** Features that move only because a shifted feature enters their formula (demand's lag_7_sales). */
  public static List<String> indirect(String model) {
    return model.equals(GeneratorSpec.DEMAND) ? List.of("lag_7_sales") : List.of();
  }

  /** Population PSI (no sampling noise, no epsilon needed) of the categorical feature under the shift. */
  public static double categoricalPsi(String model, double categoricalShift) {
    double[] p = switch (model) {
      case GeneratorSpec.DEMAND -> Catalog.REGION_P;
      case GeneratorSpec.CHURN -> Catalog.PLAN_P;
      default -> Catalog.CHANNEL_P;
    };
    int target = model.equals(GeneratorSpec.DEMAND) || model.equals(GeneratorSpec.CHURN) ? 0 : 4;
    double[] cdf = Catalog.shiftMix(p, target, categoricalShift);
    long[] ref = new long[p.length];
    long[] cur = new long[p.length];
    double prev = 0;
    for (int i = 0; i < p.length; i++) {
      ref[i] = Math.round(p[i] * 1e12);
      cur[i] = Math.round((cdf[i] - prev) * 1e12);
      prev = cdf[i];
    }
    return PopulationStabilityIndex.fromCounts(ref, cur);
  }
}
