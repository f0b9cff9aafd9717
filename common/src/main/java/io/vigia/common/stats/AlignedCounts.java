package io.vigia.common.stats;

import java.util.Map;
import java.util.TreeSet;

/**
 * Two samples' category counts side by side, one column per category of either (sorted by category; a
 * category absent from one side counts 0 there): the input of the tests on counts (categorical PSI,
 * chi-squared homogeneity).
 */
public record AlignedCounts(long[] reference, long[] current) {

  /** The two count maps over the union of their categories. */
  public static AlignedCounts of(Map<String, Long> reference, Map<String, Long> current) {
    TreeSet<String> keys = new TreeSet<>(reference.keySet());
    keys.addAll(current.keySet());
    long[] rc = new long[keys.size()];
    long[] cc = new long[keys.size()];
    int k = 0;
    for (String key : keys) {
      rc[k] = reference.getOrDefault(key, 0L);
      cc[k] = current.getOrDefault(key, 0L);
      k++;
    }
    return new AlignedCounts(rc, cc);
  }
}
