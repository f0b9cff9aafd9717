package io.vigia.generate;

import io.vigia.common.db.CopyText;
import io.vigia.generate.Catalog.LlmModel;
import io.vigia.generate.GeneratorSpec.FeatureDrift;
import io.vigia.generate.GeneratorSpec.FeedbackBurst;
import io.vigia.generate.GeneratorSpec.PerformanceDrop;
import io.vigia.generate.Kinds.BadKind;
import io.vigia.generate.Kinds.EventType;
import io.vigia.generate.Plan.Country;
import io.vigia.generate.Plan.Experiment;
import io.vigia.generate.Plan.TenantPlan;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Generates one (day, tenant) unit: its events file, its retry file, the outcome files of the next
 * days, and its share of the platform tables, from one seeded stream. Nothing of it is kept in
 * memory beyond the current line.
 */
final class UnitGenerator {
  private static final long DAY_MS = 86_400_000L;
  private static final long HOUR_MS = 3_600_000L;
  private static final long MAX_DELAY_MS = 3 * DAY_MS - 1;

  /** Non-outcome event mix (outcomes follow ~86% of ok predictions). */
  private static final EventType[] SLOT_TYPES = {
    EventType.PREDICTION,
    EventType.LLM_CALL,
    EventType.VECTOR_OP,
    EventType.ACTION,
    EventType.RESOURCE_SAMPLE,
    EventType.CACHE_OP,
    EventType.DATA_ACCESS
  };

  private static final double[] SLOT_WEIGHTS = {40, 12, 4, 3, 2, 3, 1};
  private static final double OUTCOME_SHARE = 0.86;

  /** Local-time activity by hour of day: a business-day curve. */
  private static final double[] LOCAL_HOUR_WEIGHT = {
    0.30, 0.20, 0.15, 0.15, 0.20, 0.35, 0.70, 1.20, 1.80, 2.20, 2.40, 2.40, 2.30, 2.20, 2.30, 2.30,
    2.20, 2.00, 1.80, 1.50, 1.20, 0.90, 0.70, 0.45
  };

  private static final double[][] HOUR_CDF = new double[Country.values().length][25];

  static {
    for (Country c : Country.values()) {
      double s = 0;
      for (int h = 0; h < 24; h++) {
        HOUR_CDF[c.ordinal()][h] = s;
        s += LOCAL_HOUR_WEIGHT[Math.floorMod(h + c.utcOffsetHours, 24)];
      }
      HOUR_CDF[c.ordinal()][24] = s;
    }
  }

  private static final String[] BAD_TIMESTAMPS = {
    "2026-13-45T99:99:99Z",
    "not-a-timestamp",
    "27/11/2026 10:15",
    "",
    "tomorrow",
    "2026-11-05T10:15:00+25:00"
  };
  private static final String[] UNKNOWN_TYPES = {
    "heartbeat", "prediction_v2", "llm-call", "metric", "audit"
  };
  private static final String[] ENVELOPE = {"event_id", "event_type", "ts", "tenant_id"};

  /** The key of the extra feedback stream among the unit's (day, tenant) seeds. */
  private static final long EXTRA_FEEDBACK_STREAM = 31;

  private final Plan plan;
  /** Predictions of the unit that were candidates for the planted complaint theme. */
  private long complaintSeq;

  private final GeneratorSpec spec;
  private final int day;
  private final TenantPlan t;
  private final Path root;
  private final Path partsDir;
  private final Rng r;
  private final JsonLine j = new JsonLine();
  private final UnitStats stats = new UnitStats();
  private final Texts texts;
  /**
   * The extra prediction feedback of {@link GeneratorSpec#feedbackScale} above 1: a stream and texts of
   * its own, so the unit's stream {@code r} draws the same as at 1; null at 1 (never consulted).
   */
  private final Rng extra;

  private final Texts extraTexts;
  private final LocalDate date;
  private final long dayStart;
  private final double[] slotCdf;
  private final double[] modelCdf;
  private final boolean lastThird;
  private final String unitName;

  private LineSink main;
  private LineSink retry;
  private final LineSink[] outcomeSinks = new LineSink[UnitStats.OFFSETS];
  private Writer observations;
  private Writer feedback;
  private final StringBuilder row = new StringBuilder(512);

  // state of the prediction just built, for its outcome, observation and feedback
  private boolean pOk;
  private String pModel;
  private int pModelIndex;
  private String pId;
  private double pValue;
  private String pClass;
  private double pActual;
  private String pActualClass;
  private double pLatency;
  private String pVersion;
  private Experiment pExperiment;
  private boolean pTreatment;
  private int pUser;
  private double pQuality;

  UnitGenerator(Plan plan, int day, TenantPlan tenant, Path root, Path partsDir) {
    this.plan = plan;
    this.spec = plan.spec;
    this.day = day;
    this.t = tenant;
    this.root = root;
    this.partsDir = partsDir;
    this.r = new Rng(Rng.mix(spec.seed(), day, tenant.index));
    this.texts = new Texts(tenant.country, r, stats, spec.injections().pii());
    this.extra = spec.feedbackScale() > 1
        ? new Rng(Rng.mix(spec.seed(), day, tenant.index, EXTRA_FEEDBACK_STREAM))
        : null;
    this.extraTexts = extra == null
        ? null
        : new Texts(tenant.country, extra, stats, spec.injections().pii());
    this.date = spec.start().plusDays(day);
    this.dayStart = plan.startEpochMillis + day * DAY_MS;
    this.lastThird = plan.inLastThird(day);
    this.unitName = String.format("%05d-%s", day, tenant.id);
    double[] w = SLOT_WEIGHTS.clone();
    if (tenant.overBudget != null) {
      double others = 0;
      for (int i = 0; i < w.length; i++) {
        others += i == 1 ? 0 : w[i];
      }
      w[1] = tenant.overBudget.llmShare() * others / (1 - tenant.overBudget.llmShare());
    }
    this.slotCdf = Rng.cumulative(w);
    this.modelCdf = tenant.hasModel(GeneratorSpec.ROUTER)
        ? Rng.cumulative(0.45, 0.25, 0.30)
        : Rng.cumulative(0.60, 0.40);
  }

  UnitStats run() throws IOException {
    try {
      main = new LineSink(root, "dt=" + date + "/events-" + t.id + ext(), spec.gzip());
      long n = t.rowsPerDay;
      long emitted = 0;
      while (emitted < n) {
        long ts = timestamp((emitted + r.u()) / n);
        if (spec.badShare() > 0 && r.chance(spec.badShare())) {
          badLine(ts);
          emitted++;
          continue;
        }
        EventType type = SLOT_TYPES[r.pick(slotCdf)];
        switch (type) {
          case PREDICTION -> {
            prediction(ts, true);
            emitValid(0, EventType.PREDICTION);
            emitted++;
            if (pOk) {
              if (emitted < n && r.chance(OUTCOME_SHARE)) {
                outcome(ts);
                emitted++;
              } else {
                predictionFeedback(ts, false, 0);
              }
            }
          }
          case LLM_CALL -> {
            llmCall(ts, true);
            emitValid(0, type);
            emitted++;
          }
          case VECTOR_OP -> {
            vectorOp(ts);
            emitValid(0, type);
            emitted++;
          }
          case ACTION -> {
            action(ts, true);
            emitValid(0, type);
            emitted++;
          }
          case RESOURCE_SAMPLE -> {
            resourceSample(ts);
            emitValid(0, type);
            emitted++;
          }
          case CACHE_OP -> {
            cacheOp(ts);
            emitValid(0, type);
            emitted++;
          }
          case DATA_ACCESS -> {
            dataAccess(ts, true);
            emitValid(0, type);
            emitted++;
          }
          default -> throw new IllegalStateException(type.name());
        }
      }
    } finally {
      closeAll();
    }
    return stats;
  }

  private String ext() {
    return spec.gzip() ? ".jsonl.gz" : ".jsonl";
  }

  private void closeAll() throws IOException {
    IOException first = null;
    for (LineSink s : new LineSink[] {
      main, retry, outcomeSinks[0], outcomeSinks[1], outcomeSinks[2], outcomeSinks[3]
    }) {
      if (s != null) {
        try {
          stats.files.add(s.finish());
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    for (Writer w : new Writer[] {observations, feedback}) {
      if (w != null) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Millisecond instant of quantile q of the tenant's daily activity curve; increasing in q. */
  private long timestamp(double q) {
    double[] cdf = HOUR_CDF[t.country.ordinal()];
    double x = q * cdf[24];
    int h = 0;
    while (h < 23 && cdf[h + 1] <= x) {
      h++;
    }
    double frac = (x - cdf[h]) / (cdf[h + 1] - cdf[h]);
    long ms = h * HOUR_MS + (long) (frac * HOUR_MS);
    return dayStart + Math.min(DAY_MS - 1, Math.max(0, ms));
  }

  private void emitValid(int offset, EventType type) throws IOException {
    String line = j.line();
    stats.events[offset][type.ordinal()]++;
    main.write(line);
    if (spec.duplicateShare() > 0 && r.chance(spec.duplicateShare())) {
      stats.duplicates[offset]++;
      if (r.chance(0.5)) {
        if (retry == null) {
          retry = new LineSink(root, "dt=" + date + "/retry-" + t.id + ext(), spec.gzip());
        }
        retry.write(line);
      } else {
        main.writeLater(line, r.between(1, 200));
      }
    }
  }

  private void envelope(EventType type, long ts) throws IOException {
    j.begin();
    j.uuid("event_id", r.nextLong(), r.nextLong());
    j.str("event_type", type.wire);
    j.ts("ts", ts);
    j.str("tenant_id", t.id);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  private static double round(double v, int decimals) {
    double p = StrictMath.pow(10, decimals);
    return Math.round(v * p) / p;
  }

  // ================================================================== prediction / outcome

  private void prediction(long ts, boolean real) throws IOException {
    int m = r.pick(modelCdf);
    pModelIndex = m;
    pModel = GeneratorSpec.MODELS.get(m);
    FeatureDrift drift = lastThird ? t.drift[m] : null;
    PerformanceDrop drop = lastThird ? t.drop[m] : null;
    int policy = t.versionPolicy[m];
    pVersion = policy == 0 ? "v1" : policy == 1 ? "v2" : (r.chance(0.2) ? "v2" : "v1");
    pExperiment = null;
    pTreatment = false;
    pUser = r.nextInt(t.userPool);
    if (m == 0 && !t.experiments.isEmpty()) {
      double h = Rng.unitHash(spec.seed(), 21, t.index, pUser);
      if (h < 0.75) {
        int e = (int) (h / 0.75 * t.experiments.size());
        pExperiment = t.experiments.get(e);
        pTreatment =
            Rng.unitHash(spec.seed(), 22, t.index, e, pUser) < pExperiment.realTreatmentShare();
        pVersion = pTreatment ? pExperiment.treatmentVersion() : pExperiment.controlVersion();
      }
    }
    pOk = !r.chance(0.008);
    pId = Formats.uuid(r.nextLong(), r.nextLong());
    if (real && drift != null) {
      stats.affectedPredictions[m][0]++;
    }
    if (real && drop != null) {
      stats.affectedPredictions[m][1]++;
    }

    envelope(EventType.PREDICTION, ts);
    j.str("model_id", pModel);
    j.str("model_version", pVersion);
    j.str("prediction_id", pId);
    double shift = drift == null ? 0 : drift.numericShiftSd();
    double catShift = drift == null ? 0 : drift.categoricalShift();
    double factor = drop == null ? 1 : drop.errorFactor();
    j.beginObject("features");
    switch (m) {
      case 0 -> demand(ts, shift, catShift, factor);
      case 1 -> churn(shift, catShift, factor);
      default -> router(shift, catShift, factor);
    }
    j.endObject();
    double latencyMedian = (m == 0 ? 35 : m == 1 ? 12 : 60) * ("v2".equals(pVersion) ? 1.06 : 1);
    pLatency = round(r.logNormalMedian(latencyMedian, 0.35), 1);
    if (pOk) {
      j.num("prediction", pValue, m == 0 ? 2 : 4);
      if (pClass != null) {
        j.str("predicted_class", pClass);
      }
    } else {
      j.num("prediction", 0, 0);
    }
    j.num("latency_ms", pLatency, 1);
    j.str("status", pOk ? "ok" : "error");
    if (pExperiment != null) {
      j.str("experiment_id", pExperiment.id());
      j.str("variant", pTreatment ? "treatment" : "control");
    }
    j.end();
  }

  private void demand(long ts, double shift, double catShift, double errorFactor)
      throws IOException {
    double baseTemp = t.country.novemberTemperature;
    double price = Math.max(1, round(r.normal(20 + 4 * shift, 4), 2));
    int promo = r.chance(0.2) ? 1 : 0;
    double temperature = round(r.normal(baseTemp + 4 * shift, 4), 1);
    double[] regionCdf =
        catShift > 0 ? Catalog.shiftMix(Catalog.REGION_P, 0, catShift) : REGION_CDF;
    int region = r.pick(regionCdf);
    int dow = (int) Math.floorMod(Math.floorDiv(ts, DAY_MS) + 3, 7);
    double store = r.logNormalMedian(120 * (0.8 + 0.1 * region), 0.45);
    double mu = store
        * StrictMath.exp(-0.035 * (price - 20))
        * (1 + 0.35 * promo)
        * (1 + 0.012 * (temperature - baseTemp))
        * Catalog.DOW_FACTOR[dow];
    double lag7 = round(mu * r.logNormal(0, 0.12), 1);
    j.num("price", price, 2);
    j.integer("promo", promo);
    j.num("temperature", temperature, 1);
    j.num("lag_7_sales", lag7, 1);
    j.str("day_of_week", Catalog.DAYS_OF_WEEK[dow]);
    j.str("store_region", Catalog.REGIONS[region]);
    double sModel;
    if (pExperiment != null) {
      sModel =
          (pTreatment ? 0.15 * pExperiment.treatmentErrorRatio() : 0.15) * unitDifficulty(pUser);
    } else {
      sModel = "v2".equals(pVersion) ? 0.11 : 0.15;
    }
    GeneratorSpec.ErrorSlice slice = t.slice[0];
    if (slice != null && slice.contains(Catalog.REGIONS[region], price)) {
      sModel *= slice.errorFactor();
    }
    pValue = round(mu * r.logNormal(0, sModel), 2);
    pClass = null;
    double concept = 1 + 0.1 * (errorFactor - 1);
    pActual = r.chance(0.003) ? 0 : round(mu * concept * r.logNormal(0, 0.08 * errorFactor), 2);
    pActualClass = null;
    pQuality = pActual == 0 ? 1 : Math.abs(pValue - pActual) / pActual;
  }

  private static final double[] REGION_CDF = Rng.cumulative(Catalog.REGION_P);
  private static final double[] PLAN_CDF = Rng.cumulative(Catalog.PLAN_P);
  private static final double[] CHANNEL_CDF = Rng.cumulative(Catalog.CHANNEL_P);

  private void churn(double shift, double catShift, double errorFactor) throws IOException {
    double[] planCdf = catShift > 0 ? Catalog.shiftMix(Catalog.PLAN_P, 0, catShift) : PLAN_CDF;
    int plan = r.pick(planCdf);
    int tenure = (int) Math.min(120, Math.max(0, Math.round(r.exponential(26) - 12 * shift)));
    double spend =
        round(Math.max(5, Catalog.PLAN_SPEND[plan] * r.logNormal(0, 0.25) + 25 * shift), 2);
    int tickets = r.poisson(1.2);
    j.integer("tenure_months", tenure);
    j.num("monthly_spend", spend, 2);
    j.integer("support_tickets", tickets);
    j.str("plan", Catalog.PLANS[plan]);
    double logit =
        -1.3 - 0.035 * tenure + 0.45 * tickets + Catalog.PLAN_EFFECT[plan] + 0.004 * (spend - 40);
    double pTrue = sigmoid(logit);
    double scoreSd = "v2".equals(pVersion) ? 0.5 : 0.7;
    GeneratorSpec.ErrorSlice slice = t.slice[1];
    if (slice != null && slice.contains(Catalog.PLANS[plan], tenure)) {
      scoreSd *= slice.errorFactor();
    }
    double score = sigmoid(logit + r.normal(0, scoreSd));
    pValue = round(score, 4);
    pClass = pValue >= 0.5 ? "yes" : "no";
    boolean churned = r.chance(pTrue);
    if (errorFactor > 1 && r.chance(Math.min(0.45, 0.15 * (errorFactor - 1)))) {
      churned = !churned;
    }
    pActual = churned ? 1 : 0;
    pActualClass = churned ? "yes" : "no";
    pQuality = pClass.equals(pActualClass) ? 0 : 1;
  }

  private void router(double shift, double catShift, double errorFactor) throws IOException {
    double[] channelCdf =
        catShift > 0 ? Catalog.shiftMix(Catalog.CHANNEL_P, 4, catShift) : CHANNEL_CDF;
    String channel = Catalog.CHANNELS[r.pick(channelCdf)];
    double u = r.u();
    String language = switch (t.country) {
      case BR -> u < 0.7 ? "pt" : u < 0.85 ? "es" : "en";
      case US -> u < 0.8 ? "en" : "es";
      default -> u < 0.85 ? "es" : u < 0.97 ? "en" : "pt";
    };
    int length = (int) Math.max(5, Math.round(r.logNormalMedian(380, 0.6) + 250 * shift));
    j.str("channel", channel);
    j.str("language", language);
    j.integer("text_length", length);
    int trueClass = r.pick(Catalog.TICKET_CLASS_P);
    double pCorrect = ("v2".equals(pVersion) ? 0.91 : 0.88)
        - (length < 120 ? 0.15 : 0)
        - 0.12 * (errorFactor - 1);
    GeneratorSpec.ErrorSlice slice = t.slice[2];
    if (slice != null && slice.contains(channel, length)) {
      pCorrect = 1 - Math.min(0.8, (1 - pCorrect) * slice.errorFactor());
    }
    boolean correct = r.chance(Math.max(0.2, pCorrect));
    int predicted = correct
        ? trueClass
        : (trueClass + 1 + r.nextInt(Catalog.TICKET_CLASSES.length - 1))
            % Catalog.TICKET_CLASSES.length;
    double confidence = correct ? 0.55 + 0.44 * StrictMath.sqrt(r.u()) : 0.30 + 0.5 * r.u();
    pValue = round(confidence, 4);
    pClass = Catalog.TICKET_CLASSES[predicted];
    pActual = correct ? 1 : 0;
    pActualClass = Catalog.TICKET_CLASSES[trueClass];
    pQuality = correct ? 0 : 1;
  }

  private void outcome(long predictionTs) throws IOException {
    long delay = switch (pModelIndex) {
      case 0 -> 6 * HOUR_MS + (long) r.exponential(24 * HOUR_MS);
      case 1 -> DAY_MS + (long) (r.u() * 47 * HOUR_MS);
      default -> 5 * 60_000L + (long) r.exponential(3 * HOUR_MS);
    };
    long ts = predictionTs + Math.min(MAX_DELAY_MS, delay);
    int offset = (int) (Math.floorDiv(ts, DAY_MS) - Math.floorDiv(dayStart, DAY_MS));
    envelope(EventType.OUTCOME, ts);
    j.str("prediction_id", pId);
    j.str("model_id", pModel);
    j.num("actual", pActual, 2);
    if (pActualClass != null) {
      j.str("actual_class", pActualClass);
    }
    j.end();
    String line = j.line();
    LineSink sink = outcomeSinks[offset];
    if (sink == null) {
      sink = new LineSink(
          root,
          "dt=" + date.plusDays(offset) + "/outcome-" + t.id + "-from-" + date + ext(),
          spec.gzip());
      outcomeSinks[offset] = sink;
    }
    sink.write(line);
    stats.events[offset][EventType.OUTCOME.ordinal()]++;
    if (spec.duplicateShare() > 0 && r.chance(spec.duplicateShare())) {
      stats.duplicates[offset]++;
      sink.writeLater(line, r.between(1, 50));
    }
    if (pExperiment != null && pActual > 0) {
      observation(ts);
    }
    predictionFeedback(predictionTs, true, ts);
  }

  /** An exponential delay capped below one day, so feedback stays within [start, end + 4 days). */
  private long delay(long meanMs) {
    return delay(r, meanMs);
  }

  private static long delay(Rng rr, long meanMs) {
    return Math.min(DAY_MS - 1, (long) rr.exponential(meanMs));
  }

  private String userId(int user) {
    StringBuilder sb = new StringBuilder(12).append("u-").append(t.id).append('-');
    String s = Integer.toString(user);
    for (int i = s.length(); i < 5; i++) {
      sb.append('0');
    }
    return sb.append(s).toString();
  }

  /**
   * A persistent per-user difficulty of experiment users' demand (multiplies the model's error spread;
   * uniform in [0.4, 1.6], mean 1), drawn from a hash so it consumes nothing of the stream. It is what makes a
   * user's pre-period error predict their in-experiment error (the CUPED covariate). Bounded on purpose: a
   * heavier tail (lognormal) would make the per-version MAPE of a week noisy enough to raise the drift job's
   * performance alerts by chance.
   */
  private double unitDifficulty(int user) {
    return 0.4 + 1.2 * Rng.unitHash(spec.seed(), 23, t.index, user);
  }

  /**
   * The user's pre-period metric (pre_metric_value): the mean absolute percentage error of
   * {@value #PRE_PERIOD_PREDICTIONS} earlier predictions of the control model (error spread 0.15 x the user's
   * difficulty, actuals with the usual 8% noise), hash-drawn, rounded to 6 decimals.
   */
  private double preMetric(int user) {
    double d = unitDifficulty(user);
    double sum = 0;
    for (int j = 0; j < PRE_PERIOD_PREDICTIONS; j++) {
      double predicted = StrictMath.exp(0.15 * d * hashNormal(spec.seed(), 24, t.index, user, j));
      double actual = StrictMath.exp(0.08 * hashNormal(spec.seed(), 25, t.index, user, j));
      sum += Math.abs(predicted - actual) / actual;
    }
    return round(sum / PRE_PERIOD_PREDICTIONS, 6);
  }

  private static final int PRE_PERIOD_PREDICTIONS = 20;

  /** A standard normal from two hashes (Box-Muller). */
  private static double hashNormal(long seed, long stream, long tenant, long user, long j) {
    double u1 = 1.0 - Rng.unitHash(seed, stream, tenant, user, j, 0);
    double u2 = Rng.unitHash(seed, stream, tenant, user, j, 1);
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  private void observation(long observedAt) throws IOException {
    double ape = Math.abs(pValue - pActual) / pActual;
    double cost = round(("v2".equals(pVersion) ? 0.00014 : 0.00012) * r.logNormal(0, 0.1), 8);
    if (observations == null) {
      observations = Files.newBufferedWriter(
          partsDir.resolve("obs-" + unitName + ".tsv"), StandardCharsets.UTF_8);
    }
    row.setLength(0);
    CopyText.row(
        row,
        pExperiment.id(),
        t.id,
        pTreatment ? "treatment" : "control",
        userId(pUser),
        pId,
        Formats.fixed(pValue, 2),
        Formats.fixed(pActual, 2),
        "mape",
        Formats.fixed(ape, 6),
        Formats.fixed(pLatency, 1),
        Formats.fixed(cost, 8),
        Formats.instantString(observedAt),
        Formats.fixed(preMetric(pUser), 6));
    observations.append(row);
    stats.observations++;
    stats.experiment(pExperiment.id(), pTreatment, ape);
  }

  // ================================================================== feedback (user_feedback
  // rows)

  private void predictionFeedback(long ts, boolean known, long outcomeTs) throws IOException {
    plantComplaint(ts);
    FeedbackBurst b = t.burst[pModelIndex];
    boolean burst = plan.inBurst(b, day);
    if (r.chance(burst ? b.feedbackRate() : GeneratorSpec.DEFAULT_FEEDBACK_RATE)) {
      predictionFeedbackRow(r, texts, ts, known, outcomeTs, burst ? b : null);
    }
    if (extra != null
        && extra.chance(GeneratorSpec.DEFAULT_FEEDBACK_RATE * (spec.feedbackScale() - 1))) {
      predictionFeedbackRow(extra, extraTexts, ts, known, outcomeTs, null);
    }
    if (r.chance(0.004)) {
      int rating = r.between(2, 5);
      feedbackRow(
          r,
          texts,
          "explanation",
          pId,
          pModel,
          rating,
          null,
          r.chance(0.7),
          null,
          ts + delay(HOUR_MS),
          false);
    }
  }

  /**
   * One feedback row on the prediction just built, every choice drawn from {@code rr} (and {@code tt}, the
   * texts over it): the unit's stream, or the extra feedback stream. {@code burst}: the model's feedback
   * burst when the day is in it (its negative share applies), else null.
   */
  private void predictionFeedbackRow(
      Rng rr, Texts tt, long ts, boolean known, long outcomeTs, FeedbackBurst burst)
      throws IOException {
    boolean negative = burst != null && rr.chance(burst.negativeShare());
    int rating;
    if (negative) {
      rating = rr.chance(0.6) ? 1 : 2;
      stats.feedbackNegativeBurst[pModelIndex]++;
    } else {
      double q = known ? pQuality : rr.u() * 0.3;
      rating = q < 0.08
          ? rr.between(4, 5)
          : q < 0.2 ? rr.between(3, 5) : q < 0.5 ? rr.between(2, 3) : rr.between(1, 2);
    }
    String correction = null;
    if (known && rating <= 3 && rr.chance(0.7)) {
      correction = pActualClass == null
          ? "{\"corrected_value\": " + Formats.fixed(pActual, 2) + "}"
          : "{\"corrected_class\": " + JsonLine.quote(pActualClass) + "}";
    }
    long created = Math.max(ts, known ? outcomeTs : ts) + delay(rr, 2 * HOUR_MS);
    feedbackRow(
        rr,
        tt,
        "prediction",
        pId,
        pModel,
        rating,
        negative ? Boolean.valueOf(rr.chance(0.9)) : null,
        negative || rr.chance(0.75),
        correction,
        created,
        negative);
  }

  /**
   * The planted complaint theme ({@link GeneratorSpec.ComplaintTheme}): with probability rate, a negative
   * row on the prediction with a late-delivery complaint; every choice is a hash of the seed, the unit and
   * the unit's complaint counter, so the unit's random stream is untouched.
   */
  private void plantComplaint(long ts) throws IOException {
    GeneratorSpec.ComplaintTheme c = t.complaint[pModelIndex];
    if (!plan.inComplaint(c, day)) {
      return;
    }
    long n = complaintSeq++;
    if (Rng.unitHash(spec.seed(), 23, t.index, day, n) >= c.rate()) {
      return;
    }
    boolean es = Rng.unitHash(spec.seed(), 24, t.index, day, n) < 0.5;
    int rating = Rng.unitHash(spec.seed(), 25, t.index, day, n) < 0.6 ? 1 : 2;
    String comment = Texts.complaint(
        es,
        Rng.unitHash(spec.seed(), 26, t.index, day, n),
        Rng.unitHash(spec.seed(), 27, t.index, day, n));
    int user = (int) (Rng.unitHash(spec.seed(), 28, t.index, day, n) * t.userPool);
    writeFeedback(
        "prediction",
        pId,
        pModel,
        userId(user),
        rating,
        comment,
        null,
        ts + HOUR_MS + (long) (Rng.unitHash(spec.seed(), 29, t.index, day, n) * HOUR_MS));
    stats.feedbackComplaint[pModelIndex]++;
  }

  /**
   * Writes one user_feedback row. {@code forceSpanish} null means the tenant's language mix.
   * Ratings and comment sentiment agree except for a 2% share of contradicting rows.
   */
  private void feedbackRow(
      Rng rr,
      Texts tt,
      String targetType,
      String targetId,
      String modelId,
      int rating,
      Boolean forceSpanish,
      boolean withComment,
      String correction,
      long createdAt,
      boolean burst)
      throws IOException {
    boolean es = forceSpanish != null ? forceSpanish : tt.spanish();
    String comment = null;
    if (withComment) {
      int sentiment = rating <= 2 ? 0 : rating == 3 ? 1 : 2;
      if (!burst && sentiment != 1 && rr.chance(0.02)) {
        sentiment = 2 - sentiment;
        stats.feedbackContradicting++;
      }
      comment = tt.comment(es, sentiment);
    }
    writeFeedback(
        targetType,
        targetId,
        modelId,
        userId(rr.nextInt(t.userPool)),
        rating,
        comment,
        correction,
        createdAt);
  }

  /** Writes one user_feedback row as it is given (no random draw). */
  private void writeFeedback(
      String targetType,
      String targetId,
      String modelId,
      String user,
      int rating,
      String comment,
      String correction,
      long createdAt)
      throws IOException {
    if (feedback == null) {
      feedback = Files.newBufferedWriter(
          partsDir.resolve("fb-" + unitName + ".tsv"), StandardCharsets.UTF_8);
    }
    row.setLength(0);
    CopyText.row(
        row,
        t.id,
        user,
        targetType,
        targetId,
        modelId,
        Integer.toString(rating),
        comment,
        correction,
        Formats.instantString(createdAt),
        "pending");
    feedback.append(row);
    stats.feedbackRows++;
    stats
        .feedbackByTarget[
        "prediction".equals(targetType) ? 0 : "action".equals(targetType) ? 1 : 2]++;
    stats.feedbackByRating[rating]++;
  }

  // ================================================================== other event types

  private void llmCall(long ts, boolean real) throws IOException {
    double[] weights = t.overBudget != null ? Catalog.LLM_WEIGHTS_HEAVY : Catalog.LLM_WEIGHTS;
    int mi = r.pick(weights);
    LlmModel m = Catalog.LLM_MODELS[mi];
    double tokenFactor = t.overBudget != null ? t.overBudget.tokenFactor() : 1;
    long in;
    long out;
    if (m.embeddings()) {
      in = 1 + Math.round(r.logNormalMedian(250, 0.8) * tokenFactor);
      out = 0;
    } else {
      in = 20 + Math.round(r.logNormalMedian(900, 0.7) * tokenFactor);
      out = 5 + Math.round(r.logNormalMedian(220, 0.6) * tokenFactor);
    }
    double u = r.u();
    String cache = m.embeddings()
        ? (u < 0.05 ? "exact_hit" : "miss")
        : (u < 0.10 ? "exact_hit" : u < 0.20 ? "semantic_hit" : "miss");
    boolean miss = "miss".equals(cache);
    boolean ok = !(miss && r.chance(0.02));
    if (!ok) {
      out = 0;
    }
    long cached = 0;
    if (miss && !m.embeddings() && m.priced() && in >= 1024 && r.chance(0.35)) {
      cached = Math.round(in * (0.3 + 0.6 * r.u()));
    }
    double latency = switch (cache) {
      case "exact_hit" -> r.logNormalMedian(6, 0.4);
      case "semantic_hit" -> r.logNormalMedian(35, 0.4);
      default ->
        m.medianLatencyMs() * r.logNormal(0, 0.3)
            + out * m.msPerOutputToken() * (0.8 + 0.4 * r.u());
    };
    Double cost = null;
    if (miss && ok && m.priced() && r.chance(0.15)) {
      cost = round(m.cost(in, cached, out), 8);
    }
    boolean es = texts.spanish();
    envelope(EventType.LLM_CALL, ts);
    j.str("provider", m.provider());
    j.str("operation", m.operation());
    j.str("request_model", m.requestModel());
    if (ok && r.chance(0.9)) {
      j.str("response_model", m.responseModel());
    }
    j.integer("input_tokens", in);
    j.integer("output_tokens", out);
    if (cached > 0) {
      j.integer("cached_input_tokens", cached);
    }
    j.str("cache", cache);
    j.num("latency_ms", latency, 1);
    j.str("status", ok ? "ok" : "error");
    if (cost != null) {
      j.num("cost_usd", cost, 8);
    }
    j.str("use_case", m.embeddings() ? "semantic_search" : r.pick(Catalog.USE_CASES));
    if (m.embeddings()) {
      if (r.chance(0.5)) {
        j.str("prompt_text", texts.embeddingText(es, real));
      }
    } else {
      if (r.chance(0.7)) {
        j.str("prompt_text", texts.prompt(es, real));
      }
      if (ok && r.chance(0.55)) {
        j.str("completion_text", texts.completion(es, real));
      }
    }
    j.end();
    if (real) {
      long[] a = stats.llm[mi];
      a[0]++;
      if (miss) {
        a[1]++;
        a[2] += in;
        a[3] += cached;
        a[4] += out;
        if (m.priced()) {
          stats.llmCost[mi][0] += m.cost(in, cached, out);
        }
      }
      if (!ok) {
        a[5]++;
      }
      if (cost != null) {
        stats.llmCost[mi][1] += cost;
      }
    }
  }

  private void vectorOp(long ts) throws IOException {
    boolean search = r.chance(0.6);
    int count = search ? r.between(1, 5) : r.between(1, 64);
    double latency = search
        ? r.logNormalMedian(18, 0.5) * StrictMath.pow(count, 0.3)
        : 40 + 3 * count * r.logNormal(0, 0.3);
    envelope(EventType.VECTOR_OP, ts);
    j.str("op", search ? "search" : "embed");
    j.integer("count", count);
    j.num("latency_ms", latency, 1);
    j.str("status", r.chance(0.005) ? "error" : "ok");
    j.end();
  }

  private void action(long ts, boolean real) throws IOException {
    int typeIndex = r.pick(Catalog.ACTION_WEIGHTS);
    String type = Catalog.ACTION_TYPES[typeIndex];
    boolean auto = r.chance(0.7);
    String outcome;
    if (auto) {
      outcome = r.chance(0.04) ? "failed" : "executed";
    } else {
      double u = r.u();
      outcome = u < 0.15 ? "rejected" : u < 0.18 ? "failed" : "executed";
    }
    String actionId = "act-" + Formats.uuid(r.nextLong(), r.nextLong());
    envelope(EventType.ACTION, ts);
    j.str("action_id", actionId);
    j.str("action_type", type);
    j.str("approval", auto ? "auto" : "manual");
    j.str("outcome", outcome);
    if (r.chance(0.8)) {
      j.str("payload_text", texts.payload(texts.spanish(), typeIndex, real));
    }
    j.end();
    if (real && r.chance(0.04)) {
      int rating = "executed".equals(outcome) ? r.between(3, 5) : r.between(1, 3);
      feedbackRow(
          r,
          texts,
          "action",
          actionId,
          null,
          rating,
          null,
          r.chance(0.7),
          null,
          ts + delay(4 * HOUR_MS),
          false);
    }
  }

  private void resourceSample(long ts) throws IOException {
    int s = r.nextInt(Catalog.SERVICES.length);
    double hour = (ts - dayStart) / (double) HOUR_MS;
    double load =
        0.5 + 0.5 * StrictMath.sin((hour - 6 + t.country.utcOffsetHours) / 24 * 2 * Math.PI);
    envelope(EventType.RESOURCE_SAMPLE, ts);
    j.str("service", Catalog.SERVICES[s]);
    j.num("cpu_pct", Math.min(100, Math.max(0, r.normal(20 + 45 * load, 8))), 1);
    j.num("memory_mb", Math.max(64, Catalog.SERVICE_MEMORY_MB[s] * r.normal(0.7, 0.08)), 1);
    j.end();
  }

  private void cacheOp(long ts) throws IOException {
    int ct = r.pick(Catalog.CACHE_TYPE_WEIGHTS);
    String result =
        r.chance(0.03) ? "eviction" : r.chance(Catalog.CACHE_HIT_RATE[ct]) ? "hit" : "miss";
    double[] base = {4, 30, 8, 3};
    double latency = r.logNormalMedian(base[ct], 0.4) * ("miss".equals(result) ? 1.3 : 1);
    envelope(EventType.CACHE_OP, ts);
    j.str("cache_type", Catalog.CACHE_TYPES[ct]);
    j.str("result", result);
    j.num("latency_ms", latency, 2);
    if ("hit".equals(result)) {
      double[] saved = {800, 750, 40, 120};
      j.num("saved_latency_ms", r.logNormalMedian(saved[ct], 0.4), 1);
      if (ct <= 1 && r.chance(0.8)) {
        j.num("saved_cost_usd", r.logNormalMedian(0.002, 0.8), 6);
      }
    }
    if (r.chance(0.7)) {
      long size = (long) ((40_000_000L + 2_000_000L * day) * (1 + 0.5 * ct) * (0.95 + 0.1 * r.u()));
      j.integer("size_bytes", size);
    }
    j.end();
  }

  private void dataAccess(long ts, boolean real) throws IOException {
    boolean user = r.chance(0.7);
    double u = r.u();
    String access = u < 0.80 ? "read" : u < 0.95 ? "export" : "delete";
    boolean hasBasis = r.chance(0.88);
    boolean consent = r.chance(0.9);
    String[] fields = r.pick(Catalog.PERSONAL_FIELDS);
    long count = 1;
    boolean special = false;
    if ("read".equals(access)) {
      count = r.between(1, 3);
    } else if ("export".equals(access)) {
      boolean bulk = r.chance(0.1);
      count = bulk ? r.between(1000, 50_000) : r.between(1, 50);
      if (r.chance(0.04)) {
        special = true;
        String[] f = new String[fields.length + 1];
        System.arraycopy(fields, 0, f, 0, fields.length);
        f[fields.length] = r.pick(Catalog.SPECIAL_FIELDS);
        fields = f;
        if (bulk && real) {
          stats.bulkSpecialExports++;
        }
      }
      if (real && (!consent || !hasBasis)) {
        stats.riskyExports++;
      }
    }
    envelope(EventType.DATA_ACCESS, ts);
    j.str("actor", user ? "user:" + r.pick(Catalog.STAFF) : "system:" + r.pick(Catalog.SYSTEMS));
    j.str("actor_type", user ? "user" : "system");
    j.str("access_type", access);
    j.str("purpose", "delete".equals(access) ? "gdpr_request" : r.pick(Catalog.PURPOSES));
    if (hasBasis) {
      j.str(
          "legal_basis",
          "delete".equals(access) ? "legal_obligation" : r.pick(Catalog.LEGAL_BASES));
    }
    j.bool("consent_verified", consent);
    if (r.chance(0.85)) {
      j.str("data_subject_id", userId(r.nextInt(t.userPool)));
    }
    j.strings("fields", fields);
    j.integer("record_count", count);
    j.end();
  }

  // ================================================================== malformed lines

  private void badLine(long ts) throws IOException {
    BadKind kind = BadKind.values()[r.nextInt(BadKind.values().length)];
    String line;
    boolean viaPrediction = r.chance(0.5);
    switch (kind) {
      case BROKEN_JSON -> {
        throwaway(ts, r.nextInt(4));
        String full = j.line();
        line = full.substring(0, r.between(full.length() / 4, full.length() - 2));
      }
      case MISSING_FIELD -> line = corrupted(ts, r.pick(ENVELOPE), null, r.nextInt(4));
      case WRONG_TYPE ->
        line = corrupted(
            ts,
            "latency_ms",
            "\"" + Formats.fixed(r.logNormalMedian(40, 0.5), 1) + "\"",
            viaPrediction ? 0 : 1);
      case NEGATIVE_VALUE -> {
        String field = viaPrediction
            ? "latency_ms"
            : r.pick(new String[] {"latency_ms", "input_tokens", "output_tokens"});
        String v = "latency_ms".equals(field)
            ? "-" + Formats.fixed(0.1 + r.logNormalMedian(30, 0.5), 1)
            : "-" + r.between(1, 500);
        line = corrupted(ts, field, v, viaPrediction ? 0 : 1);
      }
      case BAD_TIMESTAMP ->
        line = corrupted(ts, "ts", JsonLine.quote(r.pick(BAD_TIMESTAMPS)), r.nextInt(4));
      case NON_FINITE -> {
        String literal = r.pick(new String[] {"NaN", "Infinity", "-Infinity"});
        String field = viaPrediction ? (r.chance(0.5) ? "prediction" : "latency_ms") : "latency_ms";
        line = corrupted(ts, field, literal, viaPrediction ? 0 : 1);
      }
      case UNKNOWN_EVENT_TYPE ->
        line = corrupted(ts, "event_type", JsonLine.quote(r.pick(UNKNOWN_TYPES)), r.nextInt(4));
      default -> throw new IllegalStateException(kind.name());
    }
    main.write(line);
    stats.bad[0][kind.ordinal()]++;
  }

  private String corrupted(long ts, String key, String raw, int type) {
    j.override(key, raw);
    throwaway(ts, type);
    if (!j.overrideHit()) {
      throw new IllegalStateException("corruption of " + key + " did not apply");
    }
    j.clearOverride();
    return j.line();
  }

  /** Builds an event with no side effect (no counts, no outcome, no planted PII): 0 prediction, 1 llm_call, 2 action, 3 data_access. */
  private void throwaway(long ts, int type) {
    try {
      switch (type) {
        case 0 -> prediction(ts, false);
        case 1 -> llmCall(ts, false);
        case 2 -> action(ts, false);
        default -> dataAccess(ts, false);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
