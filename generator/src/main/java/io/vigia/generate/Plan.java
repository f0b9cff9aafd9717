package io.vigia.generate;

import io.vigia.generate.GeneratorSpec.ExperimentPlan;
import io.vigia.generate.GeneratorSpec.FeatureDrift;
import io.vigia.generate.GeneratorSpec.FeedbackBurst;
import io.vigia.generate.GeneratorSpec.OverBudget;
import io.vigia.generate.GeneratorSpec.PerformanceDrop;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Everything fixed for a run, derived from the spec alone: tenants, their models, rows and experiments. */
final class Plan {

  enum Country {
    ES("Europe/Madrid", 1, 14, 0.85),
    MX("America/Mexico_City", -6, 21, 0.85),
    AR("America/Argentina/Buenos_Aires", -3, 22, 0.85),
    CO("America/Bogota", -5, 24, 0.85),
    CL("America/Santiago", -3, 17, 0.85),
    PE("America/Lima", -5, 19, 0.85),
    BR("America/Sao_Paulo", -3, 26, 0.70),
    US("America/New_York", -5, 10, 0.10);

    final String zone;
    final int utcOffsetHours;
    final double novemberTemperature;
    final double spanishShare;

    Country(String zone, int utcOffsetHours, double novemberTemperature, double spanishShare) {
      this.zone = zone;
      this.utcOffsetHours = utcOffsetHours;
      this.novemberTemperature = novemberTemperature;
      this.spanishShare = spanishShare;
    }
  }

  /** One experiment on a tenant's demand-forecast traffic. */
  record Experiment(
      String id,
      String kind,
      String name,
      String controlModel,
      String treatmentModel,
      String controlVersion,
      String treatmentVersion,
      double declaredSplit,
      double realTreatmentShare,
      double treatmentErrorRatio,
      double successThreshold,
      int minSampleSize,
      double confidenceLevel) {}

  static final class TenantPlan {
    final int index;
    final String id;
    final Country country;
    final double weight;
    long rowsPerDay;
    final List<String> models = new ArrayList<>();
    /** Serving-version policy per model: 0 = v1 only, 1 = v2 only, 2 = v1 with a 20% v2 canary. */
    final int[] versionPolicy = new int[3];

    final List<Experiment> experiments = new ArrayList<>();
    FeatureDrift[] drift = new FeatureDrift[3];
    PerformanceDrop[] drop = new PerformanceDrop[3];
    GeneratorSpec.ErrorSlice[] slice = new GeneratorSpec.ErrorSlice[3];
    FeedbackBurst[] burst = new FeedbackBurst[3];
    GeneratorSpec.ComplaintTheme[] complaint = new GeneratorSpec.ComplaintTheme[3];
    OverBudget overBudget;
    final int userPool;

    TenantPlan(int index, long seed) {
      this.index = index;
      this.id = GeneratorSpec.tenantId(index);
      this.country = countryOf(index);
      this.weight = 0.6 + 0.8 * Rng.unitHash(seed, 11, index);
      models.add(GeneratorSpec.DEMAND);
      models.add(GeneratorSpec.CHURN);
      if (index % 4 != 0) {
        models.add(GeneratorSpec.ROUTER);
      }
      for (int m = 0; m < 3; m++) {
        versionPolicy[m] = (int) (Rng.unitHash(seed, 12, index, m) * 3);
      }
      this.userPool = 2000 + (int) (8000 * Rng.unitHash(seed, 13, index));
    }

    boolean hasModel(String model) {
      return models.contains(model);
    }
  }

  /** The country of the index-th tenant (1-based): the countries in turn. */
  static Country countryOf(int index) {
    Country[] cs = Country.values();
    return cs[(index - 1) % cs.length];
  }

  static int modelIndex(String model) {
    return GeneratorSpec.MODELS.indexOf(model);
  }

  final GeneratorSpec spec;
  final List<TenantPlan> tenants = new ArrayList<>();
  final long startEpochMillis;
  final int lastThirdStart;

  Plan(GeneratorSpec spec) {
    this.spec = spec;
    this.startEpochMillis =
        spec.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    this.lastThirdStart = spec.lastThirdStartDay();
    for (int i = 1; i <= spec.tenants(); i++) {
      tenants.add(new TenantPlan(i, spec.seed()));
    }
    allocateRows();
    GeneratorSpec.Injections inj = spec.injections();
    for (FeatureDrift d : inj.featureDrift()) {
      TenantPlan t = tenant(d.tenantId(), d.modelId());
      t.drift[modelIndex(d.modelId())] = d;
    }
    for (PerformanceDrop d : inj.performanceDrops()) {
      TenantPlan t = tenant(d.tenantId(), d.modelId());
      t.drop[modelIndex(d.modelId())] = d;
    }
    for (GeneratorSpec.ErrorSlice e : inj.errorSlices()) {
      tenant(e.tenantId(), e.modelId()).slice[modelIndex(e.modelId())] = e;
    }
    for (GeneratorSpec.ComplaintTheme c : inj.complaintThemes()) {
      tenant(c.tenantId(), c.modelId()).complaint[modelIndex(c.modelId())] = c;
    }
    for (FeedbackBurst b : inj.feedbackBursts()) {
      TenantPlan t = tenant(b.tenantId(), b.modelId());
      t.burst[modelIndex(b.modelId())] = b;
    }
    for (OverBudget o : inj.overBudget()) {
      tenant(o.tenantId(), null).overBudget = o;
    }
    for (ExperimentPlan e : inj.experiments()) {
      TenantPlan t = tenant(e.tenantId(), GeneratorSpec.DEMAND);
      String c = GeneratorSpec.DEMAND + ":v1";
      String v2 = GeneratorSpec.DEMAND + ":v2";
      if (e.abWinner()) {
        t.experiments.add(new Experiment(
            "exp-" + t.id + "-ab1",
            "ab_winner",
            "demand-forecast v2 vs v1",
            c,
            v2,
            "v1",
            "v2",
            0.5,
            0.5,
            e.treatmentErrorRatio(),
            0.05,
            100,
            0.95));
      }
      if (e.aaNull()) {
        t.experiments.add(new Experiment(
            "exp-" + t.id + "-aa1",
            "aa_null",
            "demand-forecast A/A calibration",
            c,
            c,
            "v1",
            "v1",
            0.5,
            0.5,
            1.0,
            0.05,
            100,
            0.95));
      }
      if (e.srm()) {
        t.experiments.add(new Experiment(
            "exp-" + t.id + "-srm1",
            "srm",
            "demand-forecast v2 vs v1 (new router)",
            c,
            v2,
            "v1",
            "v2",
            0.5,
            e.srmTreatmentShare(),
            e.treatmentErrorRatio(),
            0.05,
            100,
            0.95));
      }
    }
  }

  private TenantPlan tenant(String id, String model) {
    TenantPlan t = tenants.get(GeneratorSpec.tenantIndex(id, spec.tenants()) - 1);
    if (model != null && !t.hasModel(model)) {
      throw new IllegalArgumentException(
          "tenant " + id + " has no model " + model + " (it has " + t.models + ")");
    }
    return t;
  }

  /** Largest-remainder split of rowsPerDay over tenants by weight, so the day total is exact. */
  private void allocateRows() {
    double total = 0;
    for (TenantPlan t : tenants) {
      total += t.weight;
    }
    long assigned = 0;
    double[] rem = new double[tenants.size()];
    for (int i = 0; i < tenants.size(); i++) {
      double exact = spec.rowsPerDay() * tenants.get(i).weight / total;
      long floor = (long) Math.floor(exact);
      tenants.get(i).rowsPerDay = floor;
      rem[i] = exact - floor;
      assigned += floor;
    }
    long left = spec.rowsPerDay() - assigned;
    while (left > 0) {
      int best = 0;
      for (int i = 1; i < rem.length; i++) {
        if (rem[i] > rem[best]) {
          best = i;
        }
      }
      tenants.get(best).rowsPerDay++;
      rem[best] = -1;
      left--;
    }
  }

  boolean inLastThird(int day) {
    return day >= lastThirdStart;
  }

  /** Whether the day is one of the complaint theme's last days. */
  boolean inComplaint(GeneratorSpec.ComplaintTheme c, int day) {
    return c != null && day >= spec.lastDaysStartDay(c.lastDays());
  }

  boolean inBurst(FeedbackBurst b, int day) {
    return b != null && day >= spec.lastDaysStartDay(b.lastDays());
  }
}
