package io.vigia.common.settings;

import java.io.Serializable;

/**
 * vigia.improvements.*: the thresholds of the improvements job's rules.
 *
 * @param minFeedback a feedback signal needs at least this many rated/classified rows
 * @param negativeShare ...and a negative share whose 95% Wilson lower bound is above this
 * @param driftScore drift score from which a model counts as drifting
 * @param costGrowth relative growth of a tenant's cost between the preceding window and the run window
 * @param semanticCacheHitRate semantic-cache hit rate below which cache tuning is suggested...
 * @param minCacheLookups ...given at least this many lookups in the window
 */
public record ImprovementSettings(
    long minFeedback,
    double negativeShare,
    double driftScore,
    double costGrowth,
    double semanticCacheHitRate,
    long minCacheLookups)
    implements Serializable {

  static ImprovementSettings read(SettingsReader r) {
    return new ImprovementSettings(
        r.longIn("vigia.improvements.min-feedback", 1, Long.MAX_VALUE),
        r.dblIn("vigia.improvements.negative-share", 0, 1),
        r.dblIn("vigia.improvements.drift-score", 0, 1),
        r.dblPositive("vigia.improvements.cost-growth"),
        r.dblIn("vigia.improvements.semantic-cache-hit-rate", 0, 1),
        r.longIn("vigia.improvements.min-cache-lookups", 1, Long.MAX_VALUE));
  }
}
