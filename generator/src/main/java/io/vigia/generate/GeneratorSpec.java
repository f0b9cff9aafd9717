package io.vigia.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to generate: size, seed, landing directory, noise shares and the known effects to inject.
 * The same spec (apart from {@code out} and {@code threads}) always gives byte-identical output.
 *
 * @param tenants        number of tenants, ids t001..tNNN
 * @param days           number of UTC days from {@code start}
 * @param rowsPerDay     lines written per day over all tenants (valid events + bad lines; duplicates come on top)
 * @param seed           seed of every random draw
 * @param out            landing directory (generator-owned entries in it are replaced)
 * @param start          first UTC date
 * @param badShare       share of malformed lines
 * @param duplicateShare share of valid events delivered twice
 * @param gzip           write {@code .jsonl.gz} instead of {@code .jsonl}
 * @param threads        worker threads over (day, tenant) units; does not change the output
 * @param injections     the known effects
 * @param feedbackScale  prediction feedback rows per prediction, as a multiple of the default
 *     {@value #DEFAULT_FEEDBACK_RATE}: 1 (the default) or more. Above 1, each prediction also gets an ordinary
 *     feedback row with probability {@value #DEFAULT_FEEDBACK_RATE} x (feedbackScale - 1), drawn from a
 *     stream of its own (derived from the seed, the day and the tenant) that is never consulted at 1, so
 *     the events and every other row are the same as at 1 and only user_feedback has more rows
 */
public record GeneratorSpec(
    int tenants,
    int days,
    long rowsPerDay,
    long seed,
    Path out,
    LocalDate start,
    double badShare,
    double duplicateShare,
    boolean gzip,
    int threads,
    Injections injections,
    double feedbackScale) {

  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 11, 1);
  public static final double DEFAULT_BAD_SHARE = 0.002;
  public static final double DEFAULT_DUPLICATE_SHARE = 0.001;
  /** Chance that a prediction gets a feedback row (outside a feedback burst), at feedbackScale 1. */
  public static final double DEFAULT_FEEDBACK_RATE = 0.012;
  /** The largest feedbackScale: 1 + 49 x 1.2% = 59% of predictions get an extra row. */
  public static final double MAX_FEEDBACK_SCALE = 50;

  public static final String DEMAND = "demand-forecast";
  public static final String CHURN = "churn-classifier";
  public static final String ROUTER = "ticket-router";
  public static final List<String> MODELS = List.of(DEMAND, CHURN, ROUTER);

  public GeneratorSpec {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(injections, "injections");
    if (tenants < 1 || tenants > 999) {
      throw new IllegalArgumentException("tenants must be in 1..999, got " + tenants);
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("days must be in 1..3660, got " + days);
    }
    if (rowsPerDay < 0) {
      throw new IllegalArgumentException("rowsPerDay must be >= 0, got " + rowsPerDay);
    }
    if (!(badShare >= 0 && badShare < 0.5)) {
      throw new IllegalArgumentException("badShare must be in [0, 0.5), got " + badShare);
    }
    if (!(duplicateShare >= 0 && duplicateShare < 0.5)) {
      throw new IllegalArgumentException(
          "duplicateShare must be in [0, 0.5), got " + duplicateShare);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (!(feedbackScale >= 1 && feedbackScale <= MAX_FEEDBACK_SCALE)) {
      throw new IllegalArgumentException(
          "feedbackScale must be in [1, " + MAX_FEEDBACK_SCALE + "], got " + feedbackScale);
    }
    injections.validate(tenants);
  }

  /** A spec with the demo's defaults: start 2026-11-01, default shares, plain files, 2 threads, default injections. */
  public static GeneratorSpec of(int tenants, int days, long rowsPerDay, long seed, Path out) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        DEFAULT_START,
        DEFAULT_BAD_SHARE,
        DEFAULT_DUPLICATE_SHARE,
        false,
        2,
        Injections.defaults(tenants),
        1);
  }

  public GeneratorSpec withStart(LocalDate v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        v,
        badShare,
        duplicateShare,
        gzip,
        threads,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withOut(Path v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        v,
        start,
        badShare,
        duplicateShare,
        gzip,
        threads,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withBadShare(double v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        v,
        duplicateShare,
        gzip,
        threads,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withDuplicateShare(double v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        badShare,
        v,
        gzip,
        threads,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withGzip(boolean v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        badShare,
        duplicateShare,
        v,
        threads,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withThreads(int v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        badShare,
        duplicateShare,
        gzip,
        v,
        injections,
        feedbackScale);
  }

  public GeneratorSpec withInjections(Injections v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        badShare,
        duplicateShare,
        gzip,
        threads,
        v,
        feedbackScale);
  }

  /** The same spec with this feedback volume ({@link #feedbackScale}). */
  public GeneratorSpec withFeedbackScale(double v) {
    return new GeneratorSpec(
        tenants,
        days,
        rowsPerDay,
        seed,
        out,
        start,
        badShare,
        duplicateShare,
        gzip,
        threads,
        injections,
        v);
  }

  public LocalDate end() {
    return start.plusDays(days);
  }

  /** First day index of the "last third" in which drift and the performance drop are active. */
  public int lastThirdStartDay() {
    return days - Math.max(1, days / 3);
  }

  /** First day index of the last {@code n} days (day 0 when {@code n} covers them all). */
  int lastDaysStartDay(int n) {
    return days - Math.min(n, days);
  }

  public static String tenantId(int index) {
    return String.format("t%03d", index);
  }

  static int tenantIndex(String tenantId, int tenants) {
    if (tenantId == null || !tenantId.matches("t\\d{3}")) {
      throw new IllegalArgumentException("tenant id must look like t001, got " + tenantId);
    }
    int i = Integer.parseInt(tenantId.substring(1));
    if (i < 1 || i > tenants) {
      throw new IllegalArgumentException(
          "tenant " + tenantId + " is not among the " + tenants + " generated tenants");
    }
    return i;
  }

  static void checkModel(String modelId) {
    if (!MODELS.contains(modelId)) {
      throw new IllegalArgumentException("unknown model " + modelId + "; known: " + MODELS);
    }
  }

  /** Feature drift in the last third of the days: numeric features shifted, one category made more frequent. */
  public record FeatureDrift(
      String tenantId, String modelId, double numericShiftSd, double categoricalShift) {}

  /** Larger errors (regressor) or more wrong answers (classifier) in the last third of the days. */
  public record PerformanceDrop(String tenantId, String modelId, double errorFactor) {}

  /**
   * Experiments of one tenant on demand-forecast: a true A/B winner (v2's relative error is
   * {@code treatmentErrorRatio} of v1's), an A/A null, and optionally an A/B whose real treatment share
   * ({@code srmTreatmentShare}) is far from its declared 50% split.
   */
  public record ExperimentPlan(
      String tenantId,
      boolean abWinner,
      boolean aaNull,
      boolean srm,
      double treatmentErrorRatio,
      double srmTreatmentShare) {}

  /** Share of text fields given a valid personal identifier, and a look-alike that is not one. */
  public record PiiPlanting(double validShare, double lookalikeShare) {}

  /** A tenant with heavy, expensive LLM use: {@code llmShare} of its non-outcome events, tokens multiplied. */
  public record OverBudget(String tenantId, double llmShare, double tokenFactor) {}

  /** Many low ratings with negative (mostly Spanish) comments on one model in the last {@code lastDays} days. */
  public record FeedbackBurst(
      String tenantId, String modelId, int lastDays, double feedbackRate, double negativeShare) {}

  /**
   * An error slice: on every day, the model's predictions are much worse where its categorical feature
   * equals {@code category} and its numeric feature is above {@code above} ({@link #categoricalFeature},
   * {@link #numericFeature}): demand-forecast's multiplicative prediction noise sd x errorFactor;
   * churn-classifier's score noise sd x errorFactor; ticket-router's share of wrong routes x errorFactor
   * (at most 0.8). Outside the slice nothing changes, and no extra random draw is made, so the rest of
   * the output is the same as without the slice.
   */
  public record ErrorSlice(
      String tenantId, String modelId, String category, double above, double errorFactor) {
    public String categoricalFeature() {
      return DriftTruth.shiftedCategorical(modelId);
    }

    public String numericFeature() {
      return switch (modelId) {
        case DEMAND -> "price";
        case CHURN -> "tenure_months";
        default -> "text_length";
      };
    }

    /** Whether a prediction with these feature values lies in the slice. */
    boolean contains(String categoryValue, double numericValue) {
      return category.equals(categoryValue) && numericValue > above;
    }
  }

  /**
   * A growing complaint theme: in the last {@code lastDays} days, each prediction of the tenant's model
   * also gets, with probability {@code rate}, a negative feedback row (rating 1 or 2) whose comment is a
   * complaint about late deliveries ({@link Texts#complaint}), in Spanish or English (half each). The
   * decisions, phrases, ratings and users come from hashes of the seed and the prediction, never from the
   * unit's random stream, so everything else generated is the same as without the theme (only the
   * user_feedback rows are more).
   */
  public record ComplaintTheme(String tenantId, String modelId, int lastDays, double rate) {}

  /** The known effects to inject. */
  public record Injections(
      List<FeatureDrift> featureDrift,
      List<PerformanceDrop> performanceDrops,
      List<ExperimentPlan> experiments,
      PiiPlanting pii,
      List<OverBudget> overBudget,
      List<FeedbackBurst> feedbackBursts,
      List<ErrorSlice> errorSlices,
      List<ComplaintTheme> complaintThemes) {
    /** Without error slices and complaint themes. */
    public Injections(
        List<FeatureDrift> featureDrift,
        List<PerformanceDrop> performanceDrops,
        List<ExperimentPlan> experiments,
        PiiPlanting pii,
        List<OverBudget> overBudget,
        List<FeedbackBurst> feedbackBursts) {
      this(
          featureDrift,
          performanceDrops,
          experiments,
          pii,
          overBudget,
          feedbackBursts,
          List.of(),
          List.of());
    }

    public Injections {
      errorSlices = List.copyOf(errorSlices);
      complaintThemes = List.copyOf(complaintThemes);
      featureDrift = List.copyOf(featureDrift);
      performanceDrops = List.copyOf(performanceDrops);
      experiments = List.copyOf(experiments);
      overBudget = List.copyOf(overBudget);
      feedbackBursts = List.copyOf(feedbackBursts);
      Objects.requireNonNull(pii, "pii");
    }

    /** No injected effect; PII still planted at the default shares unless {@code pii} is changed. */
    public static Injections none() {
      return new Injections(
          List.of(), List.of(), List.of(), new PiiPlanting(0.10, 0.08), List.of(), List.of());
    }

    /**
     * The demo's effects. Feature drift: t001 demand-forecast and t002 churn-classifier. Performance drop
     * and negative feedback burst: t002 demand-forecast (t001 with one tenant). Experiments: t001 (A/B
     * winner, A/A, SRM) and t003 (A/B winner, A/A). Over budget: t003 (the last tenant with fewer).
     */
    public static Injections defaults(int tenants) {
      String t1 = tenantId(1);
      String t2 = tenantId(Math.min(2, tenants));
      String t3 = tenantId(Math.min(3, tenants));
      List<FeatureDrift> drift = new ArrayList<>();
      drift.add(new FeatureDrift(t1, DEMAND, 1.0, 0.35));
      if (tenants >= 2) {
        drift.add(new FeatureDrift(t2, CHURN, 1.0, 0.35));
      }
      List<ExperimentPlan> exps = new ArrayList<>();
      exps.add(new ExperimentPlan(t1, true, true, true, 0.6, 0.40));
      if (tenants >= 3) {
        exps.add(new ExperimentPlan(t3, true, true, false, 0.6, 0.40));
      }
      return new Injections(
          drift,
          List.of(new PerformanceDrop(t2, DEMAND, 2.5)),
          exps,
          new PiiPlanting(0.10, 0.08),
          List.of(new OverBudget(t3, 0.35, 4.0)),
          List.of(new FeedbackBurst(t2, DEMAND, 3, 0.25, 0.85)));
    }

    /** These effects plus the given error slices. */
    public Injections withErrorSlices(List<ErrorSlice> v) {
      return new Injections(
          featureDrift,
          performanceDrops,
          experiments,
          pii,
          overBudget,
          feedbackBursts,
          v,
          complaintThemes);
    }

    /** These effects plus the given complaint themes. */
    public Injections withComplaintThemes(List<ComplaintTheme> v) {
      return new Injections(
          featureDrift,
          performanceDrops,
          experiments,
          pii,
          overBudget,
          feedbackBursts,
          errorSlices,
          v);
    }

    void validate(int tenants) {
      for (ComplaintTheme c : complaintThemes) {
        tenantIndex(c.tenantId(), tenants);
        checkModel(c.modelId());
        if (c.lastDays() < 1 || !(c.rate() > 0 && c.rate() <= 1)) {
          throw new IllegalArgumentException("complaint theme of " + c.tenantId() + "/"
              + c.modelId() + ": lastDays must be >= 1 and rate in (0, 1]");
        }
      }
      for (ErrorSlice e : errorSlices) {
        tenantIndex(e.tenantId(), tenants);
        checkModel(e.modelId());
        List<String> categories = List.of(
            switch (e.modelId()) {
              case DEMAND -> Catalog.REGIONS;
              case CHURN -> Catalog.PLANS;
              default -> Catalog.CHANNELS;
            });
        if (!categories.contains(e.category()) || !(e.errorFactor() >= 1)) {
          throw new IllegalArgumentException("error slice of " + e.tenantId() + "/" + e.modelId()
              + ": category must be one of " + categories + " and errorFactor >= 1");
        }
      }
      for (FeatureDrift d : featureDrift) {
        tenantIndex(d.tenantId(), tenants);
        checkModel(d.modelId());
      }
      for (PerformanceDrop d : performanceDrops) {
        tenantIndex(d.tenantId(), tenants);
        checkModel(d.modelId());
        if (!(d.errorFactor() >= 1)) {
          throw new IllegalArgumentException("performance drop errorFactor must be >= 1");
        }
      }
      java.util.Set<String> expTenants = new java.util.HashSet<>();
      for (ExperimentPlan e : experiments) {
        tenantIndex(e.tenantId(), tenants);
        if (!expTenants.add(e.tenantId())) {
          throw new IllegalArgumentException("two experiment plans for tenant " + e.tenantId());
        }
        if (!(e.treatmentErrorRatio() > 0)
            || !(e.srmTreatmentShare() > 0 && e.srmTreatmentShare() < 1)) {
          throw new IllegalArgumentException(
              "experiment plan of " + e.tenantId() + " has invalid parameters");
        }
      }
      if (!(pii.validShare() >= 0
          && pii.lookalikeShare() >= 0
          && pii.validShare() + pii.lookalikeShare() <= 1)) {
        throw new IllegalArgumentException("PII shares must be >= 0 and sum to at most 1");
      }
      for (OverBudget o : overBudget) {
        tenantIndex(o.tenantId(), tenants);
        if (!(o.llmShare() > 0 && o.llmShare() < 0.9) || !(o.tokenFactor() >= 1)) {
          throw new IllegalArgumentException(
              "over-budget parameters of " + o.tenantId() + " are invalid");
        }
      }
      for (FeedbackBurst b : feedbackBursts) {
        tenantIndex(b.tenantId(), tenants);
        checkModel(b.modelId());
        if (b.lastDays() < 1
            || !(b.feedbackRate() > 0 && b.feedbackRate() <= 1)
            || !(b.negativeShare() >= 0 && b.negativeShare() <= 1)) {
          throw new IllegalArgumentException(
              "feedback burst parameters of " + b.tenantId() + " are invalid");
        }
      }
    }
  }
}
