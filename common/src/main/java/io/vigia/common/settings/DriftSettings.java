package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * vigia.drift.*: the drift job's thresholds, tests and reference window.
 *
 * @param inMemoryKeyValues largest (group, feature) value count sorted in memory; above it one Spark sort of
 *     every value
 * @param minSampleSize below this many rows in the reference or the window a result is insufficient data
 * @param outcomeLateness outcomes may land this long after the window
 * @param baselineStart with {@link ReferenceMode#BASELINE}, the first day of the fixed reference; else null
 * @param baselineEnd with {@link ReferenceMode#BASELINE}, the day after the fixed reference; else null
 * @param seasonalWeeks with {@link ReferenceMode#SEASONAL}, this many earlier weeks (same weekdays and hours)
 * @param alertCooldown no new alert of a tenant/model/version/type this long after the last, unless severity rises
 * @param qualityAlertShare a bad-input rate above this raises a data_quality alert
 * @param slices vigia.drift.slices.*: the error slices (docs/jobs/drift.md#error-slices)
 */
public record DriftSettings(
    boolean enabled,
    double mapeThreshold,
    double accuracyThreshold,
    double ksThreshold,
    double psiThreshold,
    int nBins,
    long inMemoryKeyValues,
    long minSampleSize,
    double fdrAlpha,
    Period outcomeLateness,
    ReferenceMode referenceMode,
    LocalDate baselineStart,
    LocalDate baselineEnd,
    int seasonalWeeks,
    Duration alertCooldown,
    double qualityAlertShare,
    Slices slices)
    implements Serializable {

  /** vigia.drift.slices.relative-error: what a regression model's tree splits on. */
  public enum SliceError {
    /** |y - yhat|: the error whose mean is MAE. */
    ABSOLUTE,
    /** |y - yhat| / |y| over y != 0: the error whose mean is MAPE. */
    RELATIVE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * vigia.drift.slices.*: the error slices of a tenant x model (one decision tree over its features,
   * its leaves tested against the rest).
   *
   * @param enabled whether the drift job looks for error slices
   * @param minOutcomes a tenant x model needs this many joined outcomes in the window
   * @param maxDepth the tree's depth: at most this many conditions per slice
   * @param minInstancesPerNode MLlib's minInstancesPerNode: no split leaves fewer rows in a child
   * @param minSupport a leaf with fewer rows is not tested
   * @param minGainShare MLlib's minInfoGain as this share of the model's error variance: a split must
   *     explain at least this much of it (no splits on noise, which would cut one slice into pieces)
   * @param error what a regression model's tree splits on (classifiers: 0/1 misclassification)
   * @param alpha a slice is kept when its Benjamini-Hochberg adjusted p-value is at most this
   */
  public record Slices(
      boolean enabled,
      long minOutcomes,
      int maxDepth,
      int minInstancesPerNode,
      long minSupport,
      double minGainShare,
      SliceError error,
      double alpha)
      implements Serializable {

    /** Whether a tenant x model with this many scored joined outcomes in the window gets a tree. */
    public boolean fits(long outcomes) {
      return enabled && outcomes >= minOutcomes;
    }

    static Slices read(SettingsReader r) {
      boolean enabled = r.bool("vigia.drift.slices.enabled");
      long minOutcomes = r.longIn("vigia.drift.slices.min-outcomes", 10, Long.MAX_VALUE);
      int depth = r.intIn("vigia.drift.slices.max-depth", 1, 8);
      int minInstances = r.intIn("vigia.drift.slices.min-instances-per-node", 1, Integer.MAX_VALUE);
      long minSupport = r.longIn("vigia.drift.slices.min-support", 2, Long.MAX_VALUE);
      double minGainShare = r.dblIn("vigia.drift.slices.min-gain-share", 0, 1);
      double alpha = r.dblOpen("vigia.drift.slices.alpha", 0, 1);
      SliceError sliceError =
          r.choice("vigia.drift.slices.error", SliceError.class, SliceError.RELATIVE);
      return new Slices(
          enabled, minOutcomes, depth, minInstances, minSupport, minGainShare, sliceError, alpha);
    }
  }

  /** vigia.drift.reference-mode: what the run window is compared with. */
  public enum ReferenceMode {
    /** The window of the same length just before the run window. */
    PRECEDING,
    /** The fixed period [baseline-start, baseline-end). */
    BASELINE,
    /** The same weekdays and hours of the seasonal-weeks weeks before (run windows of at most 7 days). */
    SEASONAL;

    /** The setting's value (and the name written to results): preceding, baseline or seasonal. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Both sides have at least min-sample-size observations. */
  public boolean sufficient(long reference, long current) {
    return reference >= minSampleSize && current >= minSampleSize;
  }

  static DriftSettings read(SettingsReader r) {
    boolean enabled = r.bool("vigia.drift.enabled");
    double mape = r.dblPositive("vigia.drift.mape-threshold");
    double accuracy = r.dblPositive("vigia.drift.accuracy-threshold");
    double ks = r.dblIn("vigia.drift.ks-threshold", 0, 1);
    double psi = r.dblPositive("vigia.drift.psi-threshold");
    int nBins = r.intIn("vigia.drift.n-bins", 2, 1000);
    long inMemory = r.longIn("vigia.drift.in-memory-key-values", 0, Integer.MAX_VALUE - 64);
    long minSample = r.longIn("vigia.drift.min-sample-size", 2, Long.MAX_VALUE);
    double fdr = r.dblOpen("vigia.drift.fdr-alpha", 0, 1);
    Period lateness = r.daysIn("vigia.drift.outcome-lateness-days", 0, 366);
    String start = r.str("vigia.drift.baseline-start");
    String end = r.str("vigia.drift.baseline-end");
    int weeks = r.intIn("vigia.drift.seasonal-weeks", 1, 52);
    Duration cooldown = r.hoursIn("vigia.drift.alert-cooldown-hours", 0, 24L * 366);
    double quality = r.dblIn("vigia.drift.quality-alert-share", 0, 1);
    ReferenceMode referenceMode =
        r.choice("vigia.drift.reference-mode", ReferenceMode.class, ReferenceMode.PRECEDING);
    LocalDate baselineStart = null;
    LocalDate baselineEnd = null;
    if (referenceMode == ReferenceMode.BASELINE) {
      try {
        baselineStart = LocalDate.parse(start);
        baselineEnd = LocalDate.parse(end);
        if (!baselineStart.isBefore(baselineEnd)) {
          r.error(r.name("vigia.drift.baseline-start") + " = " + start + ": must be before "
              + r.name("vigia.drift.baseline-end") + " = " + end);
        }
      } catch (DateTimeParseException e) {
        r.error(r.name("vigia.drift.baseline-start") + "/" + r.name("vigia.drift.baseline-end")
            + " = '" + start + "'/'" + end + "': reference-mode baseline needs two ISO dates");
      }
    }
    return new DriftSettings(
        enabled,
        mape,
        accuracy,
        ks,
        psi,
        nBins,
        inMemory,
        minSample,
        fdr,
        lateness,
        referenceMode,
        baselineStart,
        baselineEnd,
        weeks,
        cooldown,
        quality,
        Slices.read(r));
  }
}
