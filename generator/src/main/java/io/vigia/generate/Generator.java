package io.vigia.generate;

import io.vigia.common.db.CopyText;
import io.vigia.common.io.LocalFiles;
import io.vigia.generate.GeneratorReport.DataAccessSummary;
import io.vigia.generate.GeneratorReport.DateCounts;
import io.vigia.generate.GeneratorReport.Effect;
import io.vigia.generate.GeneratorReport.ExperimentSummary;
import io.vigia.generate.GeneratorReport.FeedbackSummary;
import io.vigia.generate.GeneratorReport.FileSummary;
import io.vigia.generate.GeneratorReport.LlmUsage;
import io.vigia.generate.GeneratorReport.PiiSummary;
import io.vigia.generate.GeneratorReport.TenantSummary;
import io.vigia.generate.Kinds.BadKind;
import io.vigia.generate.Kinds.EventType;
import io.vigia.generate.Kinds.Lookalike;
import io.vigia.generate.Kinds.PiiType;
import io.vigia.generate.Kinds.TextField;
import io.vigia.generate.Plan.Experiment;
import io.vigia.generate.Plan.TenantPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Synthetic landing generator: writes {@code <out>/dt=YYYY-MM-DD/*.jsonl[.gz]} per the raw event
 * contract, the platform tables as COPY files under {@code <out>/_platform/}, and {@code <out>/_manifest.json}.
 *
 * <p>Work is split into (day, tenant) units, each with its own SplitMix64 stream seeded from
 * (seed, day, tenant) and its own files, so output is byte-identical whatever the number of threads,
 * and memory stays bounded whatever the volume: a unit streams its lines to disk. Outcomes arrive
 * 0-3 days after their prediction and are written to the outcome date's directory in files named
 * after the source unit ({@code outcome-t003-from-2026-11-02.jsonl}); duplicate deliveries go either
 * later in the same file or to the unit's {@code retry-tNNN.jsonl}.
 */
public final class Generator {
  private Generator() {}

  /**
   * Generates the landing and platform tables for {@code spec}; loads the tables into {@code sinkOrNull}
   * when given. Replaces the generator-owned entries of {@code spec.out()} ({@code dt=*}, {@code _platform},
   * {@code _manifest.json}) and nothing else.
   */
  public static GeneratorReport generate(GeneratorSpec spec, PlatformSink sinkOrNull)
      throws IOException {
    Plan plan = new Plan(spec);
    Path out = spec.out();
    Files.createDirectories(out);
    clean(out);
    Path platform = out.resolve("_platform");
    Path parts = platform.resolve(".parts");
    Files.createDirectories(parts);

    Merger merger = new Merger(plan);
    int tenants = spec.tenants();
    int units = spec.days() * tenants;
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(spec.threads(), Math.max(1, units)), r -> {
          Thread th = new Thread(r, "vigia-generator");
          th.setDaemon(true);
          return th;
        });
    try {
      // Submit in a bounded window so pending results never pile up in memory.
      int window = spec.threads() * 4;
      List<Future<UnitStats>> inFlight = new ArrayList<>();
      int next = 0;
      int done = 0;
      while (done < units) {
        while (next < units && inFlight.size() < window) {
          int day = next / tenants;
          TenantPlan t = plan.tenants.get(next % tenants);
          inFlight.add(pool.submit(() -> new UnitGenerator(plan, day, t, out, parts).run()));
          next++;
        }
        UnitStats s = inFlight.remove(0).get();
        merger.add(done / tenants, plan.tenants.get(done % tenants), s);
        done++;
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("generation interrupted", e);
    } finally {
      pool.shutdownNow();
    }

    Path experiments = platform.resolve("ab_experiments.tsv");
    Path observations = platform.resolve("ab_experiment_observations.tsv");
    Path feedback = platform.resolve("user_feedback.tsv");
    long experimentRows = writeExperiments(plan, experiments);
    concatenate(parts, "obs-", observations);
    concatenate(parts, "fb-", feedback);
    LocalFiles.deleteTree(parts);

    GeneratorReport report = merger.report(experimentRows);
    writeBudgets(spec, plan, merger, platform.resolve(PlatformTables.BUDGETS_FILE));
    Path manifest = out.resolve("_manifest.json");
    Path tmp = out.resolve("_manifest.json.tmp");
    Files.writeString(tmp, report.toJson(), StandardCharsets.UTF_8);
    Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    if (sinkOrNull != null) {
      PlatformTables tables = platformTables(spec, experiments, observations, feedback);
      try {
        sinkOrNull.load(tables);
      } catch (SQLException e) {
        throw new IOException("loading the platform tables failed: " + e.getMessage(), e);
      }
    }
    return report;
  }

  /** The platform tables of a landing already generated for {@code spec}. */
  public static PlatformTables platformTables(GeneratorSpec spec) {
    Path platform = spec.out().resolve("_platform");
    return platformTables(
        spec,
        platform.resolve("ab_experiments.tsv"),
        platform.resolve("ab_experiment_observations.tsv"),
        platform.resolve("user_feedback.tsv"));
  }

  private static PlatformTables platformTables(
      GeneratorSpec spec, Path experiments, Path observations, Path feedback) {
    List<String> ids = new ArrayList<>();
    Map<String, String> countries = new LinkedHashMap<>();
    for (int i = 1; i <= spec.tenants(); i++) {
      ids.add(GeneratorSpec.tenantId(i));
      countries.put(GeneratorSpec.tenantId(i), Plan.countryOf(i).name());
    }
    Instant from = spec.start().atStartOfDay(ZoneOffset.UTC).toInstant();
    // outcomes arrive up to 3 days late and feedback up to one day after that
    Instant until = spec.end().plusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new PlatformTables(ids, from, until, experiments, observations, feedback, countries);
  }

  /**
   * Monthly budgets of the generated tenants (tenant_budgets, from the start month, open-ended): three
   * times the tenant's LLM spend at list prices projected to a 30-day month, and 15 % of it for an
   * over-budget tenant, so that it passes every budget threshold within a week.
   */
  private static void writeBudgets(GeneratorSpec spec, Plan plan, Merger merger, Path file)
      throws IOException {
    StringBuilder b = new StringBuilder();
    for (TenantPlan t : plan.tenants) {
      double cost = 0;
      for (int m = 0; m < UnitStats.LLM_MODELS; m++) {
        cost += merger.llmCost[t.index - 1][m][0];
      }
      double monthly = cost / spec.days() * 30;
      double budget = Math.max(1.0, monthly * (t.overBudget != null ? 0.15 : 3.0));
      b.append(t.id)
          .append('\t')
          .append(spec.start().withDayOfMonth(1))
          .append('\t')
          .append(java.math.BigDecimal.valueOf(budget)
              .setScale(2, java.math.RoundingMode.HALF_UP)
              .toPlainString())
          .append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  static final String MARKER = "_generated_by_vigia";

  /**
   * Deletes the generator-owned entries of {@code out}. A directory holding {@code dt=*} entries but
   * neither the generator's marker nor its manifest may be a real landing: it is left alone and the
   * run refused.
   */
  private static void clean(Path out) throws IOException {
    boolean ours = Files.exists(out.resolve(MARKER)) || Files.exists(out.resolve("_manifest.json"));
    List<Path> owned = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(out)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.startsWith("dt=")
            || name.equals("_platform")
            || name.startsWith("_manifest.json")) {
          owned.add(p);
        }
      }
    }
    if (!ours && owned.stream().anyMatch(p -> p.getFileName().toString().startsWith("dt="))) {
      throw new IOException(
          out + " holds a landing that the generator did not write; refusing to overwrite it");
    }
    Files.writeString(
        out.resolve(MARKER), "written by io.vigia.generate.Generator\n", StandardCharsets.UTF_8);
    owned.sort(null);
    for (Path p : owned) {
      LocalFiles.deleteTree(p);
    }
  }

  private static void concatenate(Path parts, String prefix, Path target) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(parts)) {
      files =
          s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
    try (OutputStream os = Files.newOutputStream(target)) {
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          in.transferTo(os);
        }
      }
    }
  }

  private static long writeExperiments(Plan plan, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    long n = 0;
    String started = Formats.instantString(plan.startEpochMillis);
    for (TenantPlan t : plan.tenants) {
      for (Experiment e : t.experiments) {
        CopyText.row(
            sb,
            e.id(),
            t.id,
            e.name(),
            "model_comparison",
            e.controlModel(),
            e.treatmentModel(),
            Formats.fixed(e.declaredSplit(), 4),
            "mape",
            Formats.fixed(e.successThreshold(), 4),
            Integer.toString(e.minSampleSize()),
            Formats.fixed(e.confidenceLevel(), 4),
            "running",
            started);
        n++;
      }
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return n;
  }

  /** Adds up the units' counters in unit order (so floating sums are reproducible) and builds the report. */
  private static final class Merger {
    private final Plan plan;
    private final GeneratorSpec spec;
    private final TreeMap<LocalDate, long[]> events = new TreeMap<>();
    private final TreeMap<LocalDate, long[]> bad = new TreeMap<>();
    private final TreeMap<LocalDate, long[]> dups = new TreeMap<>();
    private final long[] piiValid = new long[PiiType.values().length];
    private final long[] piiLookalike = new long[Lookalike.values().length];
    private final long[][] fields = new long[TextField.values().length][3];
    private final long[][][] llm;
    private final double[][][] llmCost;
    private final TreeMap<String, double[]> experiments = new TreeMap<>();
    private final long[] feedbackByTarget = new long[3];
    private final long[] feedbackByRating = new long[6];
    private long burstNegative;
    private long contradicting;
    private long observations;
    private long feedbackRows;
    private long riskyExports;
    private long bulkSpecial;
    private final long[][][] affected;
    private final List<FileSummary> files = new ArrayList<>();

    Merger(Plan plan) {
      this.plan = plan;
      this.spec = plan.spec;
      int n = plan.tenants.size();
      llm = new long[n][UnitStats.LLM_MODELS][6];
      llmCost = new double[n][UnitStats.LLM_MODELS][2];
      affected = new long[n][3][4];
    }

    void add(int day, TenantPlan t, UnitStats s) {
      LocalDate d = spec.start().plusDays(day);
      for (int o = 0; o < UnitStats.OFFSETS; o++) {
        LocalDate date = d.plusDays(o);
        long sum = s.duplicates[o];
        for (long v : s.events[o]) {
          sum += v;
        }
        for (long v : s.bad[o]) {
          sum += v;
        }
        if (sum == 0 && o > 0) {
          continue;
        }
        addTo(events.computeIfAbsent(date, k -> new long[EventType.values().length]), s.events[o]);
        addTo(bad.computeIfAbsent(date, k -> new long[BadKind.values().length]), s.bad[o]);
        dups.computeIfAbsent(date, k -> new long[1])[0] += s.duplicates[o];
      }
      addTo(piiValid, s.piiValid);
      addTo(piiLookalike, s.piiLookalike);
      for (int f = 0; f < fields.length; f++) {
        fields[f][0] += s.textsTotal[f];
        fields[f][1] += s.textsWithValid[f];
        fields[f][2] += s.textsWithLookalike[f];
      }
      int ti = t.index - 1;
      for (int m = 0; m < UnitStats.LLM_MODELS; m++) {
        addTo(llm[ti][m], s.llm[m]);
        llmCost[ti][m][0] += s.llmCost[m][0];
        llmCost[ti][m][1] += s.llmCost[m][1];
      }
      s.experiments.forEach((id, a) -> {
        double[] x = experiments.computeIfAbsent(id, k -> new double[4]);
        for (int i = 0; i < 4; i++) {
          x[i] += a[i];
        }
      });
      addTo(feedbackByTarget, s.feedbackByTarget);
      addTo(feedbackByRating, s.feedbackByRating);
      contradicting += s.feedbackContradicting;
      observations += s.observations;
      feedbackRows += s.feedbackRows;
      riskyExports += s.riskyExports;
      bulkSpecial += s.bulkSpecialExports;
      for (int m = 0; m < 3; m++) {
        affected[ti][m][0] += s.affectedPredictions[m][0];
        affected[ti][m][1] += s.affectedPredictions[m][1];
        affected[ti][m][2] += s.feedbackNegativeBurst[m];
        affected[ti][m][3] += s.feedbackComplaint[m];
        burstNegative += s.feedbackNegativeBurst[m];
      }
      for (UnitStats.FileEntry f : s.files) {
        files.add(new FileSummary(f.path(), f.lines(), f.bytes()));
      }
    }

    private static void addTo(long[] a, long[] b) {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }

    GeneratorReport report(long experimentRows) {
      TreeMap<LocalDate, DateCounts> dates = new TreeMap<>();
      long[] typeTotals = new long[EventType.values().length];
      long[] badTotals = new long[BadKind.values().length];
      long dupTotal = 0;
      for (LocalDate d : events.keySet()) {
        long[] e = events.get(d);
        long[] b = bad.get(d);
        addTo(typeTotals, e);
        addTo(badTotals, b);
        dupTotal += dups.get(d)[0];
        dates.put(d, new DateCounts(eventMap(e), dups.get(d)[0], badMap(b)));
      }
      long valid = 0;
      for (long v : typeTotals) {
        valid += v;
      }
      long badLines = 0;
      for (long v : badTotals) {
        badLines += v;
      }

      List<TenantSummary> tenants = new ArrayList<>();
      for (TenantPlan t : plan.tenants) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String m : t.models) {
          int policy = t.versionPolicy[Plan.modelIndex(m)];
          versions.put(m, policy == 0 ? "v1" : policy == 1 ? "v2" : "v1 (20% canary v2)");
        }
        tenants.add(new TenantSummary(
            t.id, t.country.name(), List.copyOf(t.models), versions, t.rowsPerDay));
      }

      List<Effect> effects = effects();
      List<ExperimentSummary> xs = new ArrayList<>();
      for (TenantPlan t : plan.tenants) {
        for (Experiment e : t.experiments) {
          double[] a = experiments.getOrDefault(e.id(), new double[4]);
          xs.add(new ExperimentSummary(
              e.id(),
              t.id,
              e.kind(),
              e.controlModel(),
              e.treatmentModel(),
              e.declaredSplit(),
              e.realTreatmentShare(),
              (long) a[0],
              (long) a[1],
              a[0] == 0 ? 0 : a[2] / a[0],
              a[1] == 0 ? 0 : a[3] / a[1]));
        }
      }

      Map<String, Long> valid2 = new LinkedHashMap<>();
      for (PiiType p : PiiType.values()) {
        valid2.put(p.wire, piiValid[p.ordinal()]);
      }
      Map<String, Long> look = new LinkedHashMap<>();
      for (Lookalike l : Lookalike.values()) {
        look.put(l.wire, piiLookalike[l.ordinal()]);
      }
      Map<String, Map<String, Long>> byField = new LinkedHashMap<>();
      for (TextField f : TextField.values()) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("texts", fields[f.ordinal()][0]);
        m.put("with_valid_pii", fields[f.ordinal()][1]);
        m.put("with_lookalike", fields[f.ordinal()][2]);
        byField.put(f.wire, m);
      }

      Map<String, Long> fbTarget = new LinkedHashMap<>();
      fbTarget.put("prediction", feedbackByTarget[0]);
      fbTarget.put("action", feedbackByTarget[1]);
      fbTarget.put("explanation", feedbackByTarget[2]);
      Map<String, Long> fbRating = new LinkedHashMap<>();
      for (int i = 1; i <= 5; i++) {
        fbRating.put(Integer.toString(i), feedbackByRating[i]);
      }

      List<LlmUsage> usage = new ArrayList<>();
      for (TenantPlan t : plan.tenants) {
        for (int m = 0; m < UnitStats.LLM_MODELS; m++) {
          long[] a = llm[t.index - 1][m];
          if (a[0] == 0) {
            continue;
          }
          Catalog.LlmModel lm = Catalog.LLM_MODELS[m];
          double[] c = llmCost[t.index - 1][m];
          usage.add(new LlmUsage(
              t.id,
              lm.provider(),
              lm.requestModel(),
              a[0],
              a[1],
              a[2],
              a[3],
              a[4],
              a[5],
              lm.priced() ? c[0] : null,
              c[1]));
        }
      }

      Map<String, Long> platformRows = new LinkedHashMap<>();
      platformRows.put("ab_experiments", experimentRows);
      platformRows.put("ab_experiment_observations", observations);
      platformRows.put("user_feedback", feedbackRows);

      List<FileSummary> sortedFiles = new ArrayList<>(files);
      sortedFiles.sort(Comparator.comparing(FileSummary::path));

      return new GeneratorReport(
          spec,
          valid + dupTotal + badLines,
          valid,
          dupTotal,
          badLines,
          dates,
          eventMap(typeTotals),
          badMap(badTotals),
          tenants,
          effects,
          xs,
          new PiiSummary(valid2, look, byField),
          new FeedbackSummary(feedbackRows, fbTarget, fbRating, burstNegative, contradicting),
          new DataAccessSummary(riskyExports, bulkSpecial),
          usage,
          platformRows,
          sortedFiles);
    }

    private List<Effect> effects() {
      List<Effect> list = new ArrayList<>();
      LocalDate start = spec.start();
      LocalDate end = spec.end();
      LocalDate third = start.plusDays(plan.lastThirdStart);
      for (TenantPlan t : plan.tenants) {
        for (int m = 0; m < 3; m++) {
          String model = GeneratorSpec.MODELS.get(m);
          GeneratorSpec.FeatureDrift d = t.drift[m];
          if (d != null) {
            Map<String, Object> p = GeneratorReport.obj(
                "numeric_shift_sd",
                d.numericShiftSd(),
                "numeric_features",
                numericDrift(m, d.numericShiftSd()),
                "categorical_feature",
                m == 0 ? "store_region" : m == 1 ? "plan" : "channel",
                "categorical_target",
                m == 0 ? "norte" : m == 1 ? "basic" : "whatsapp",
                "categorical_shift",
                d.categoricalShift(),
                "description",
                "mixture (1 - shift) * p + shift * onehot(target) over the categories",
                "affected_predictions",
                affected[t.index - 1][m][0]);
            list.add(new Effect("feature_drift", t.id, model, third, end, p));
          }
          GeneratorSpec.PerformanceDrop drop = t.drop[m];
          if (drop != null) {
            Map<String, Object> p = GeneratorReport.obj(
                "error_factor",
                drop.errorFactor(),
                "description",
                m == 0
                    ? "actual noise sd x factor and actual level x (1 + 0.1 (factor - 1)): MAPE rises"
                    : m == 1
                        ? "actual class flipped with probability min(0.45, 0.15 (factor - 1)): accuracy falls"
                        : "share of correct routes lowered by 0.12 (factor - 1): accuracy falls",
                "affected_predictions",
                affected[t.index - 1][m][1]);
            list.add(new Effect("performance_drop", t.id, model, third, end, p));
          }
          GeneratorSpec.ErrorSlice slice = t.slice[m];
          if (slice != null) {
            Map<String, Object> p = GeneratorReport.obj(
                "slice",
                slice.categoricalFeature() + " = " + slice.category() + " and "
                    + slice.numericFeature() + " > " + slice.above(),
                "error_factor",
                slice.errorFactor(),
                "description",
                m == 0
                    ? "multiplicative prediction noise sd x factor in the slice: relative error rises"
                    : m == 1
                        ? "score noise sd x factor in the slice: more wrong classes"
                        : "share of wrong routes x factor (at most 0.8) in the slice");
            list.add(new Effect("error_slice", t.id, model, start, end, p));
          }
          GeneratorSpec.ComplaintTheme complaint = t.complaint[m];
          if (complaint != null) {
            Map<String, Object> p = GeneratorReport.obj(
                "rate",
                complaint.rate(),
                "theme",
                "late deliveries",
                "phrases_es",
                List.of(Texts.COMPLAINT[0]),
                "phrases_en",
                List.of(Texts.COMPLAINT[1]),
                "ratings",
                "1 or 2",
                "comment_language",
                "es or en (half each)",
                "complaint_rows",
                affected[t.index - 1][m][3]);
            list.add(new Effect(
                "complaint_theme",
                t.id,
                model,
                start.plusDays(spec.lastDaysStartDay(complaint.lastDays())),
                end,
                p));
          }
          GeneratorSpec.FeedbackBurst b = t.burst[m];
          if (b != null) {
            Map<String, Object> p = GeneratorReport.obj(
                "feedback_rate",
                b.feedbackRate(),
                "negative_share",
                b.negativeShare(),
                "ratings",
                "1 or 2",
                "comment_language",
                "es (90%)",
                "negative_rows",
                affected[t.index - 1][m][2]);
            list.add(new Effect(
                "feedback_burst",
                t.id,
                model,
                start.plusDays(spec.lastDaysStartDay(b.lastDays())),
                end,
                p));
          }
        }
        for (Experiment e : t.experiments) {
          double[] a = experiments.getOrDefault(e.id(), new double[4]);
          Map<String, Object> p = GeneratorReport.obj(
              "experiment_id", e.id(),
              "declared_split", e.declaredSplit(),
              "real_treatment_share", e.realTreatmentShare(),
              "treatment_error_ratio", e.treatmentErrorRatio(),
              "expected",
                  e.kind().equals("ab_winner")
                      ? "treatment wins on mape"
                      : e.kind().equals("aa_null")
                          ? "no winner"
                          : "sample ratio mismatch blocks a winner",
              "observed_control_mape", a[0] == 0 ? 0.0 : a[2] / a[0],
              "observed_treatment_mape", a[1] == 0 ? 0.0 : a[3] / a[1]);
          list.add(new Effect(e.kind(), t.id, GeneratorSpec.DEMAND, start, end, p));
        }
        if (t.overBudget != null) {
          double tenantCost = 0;
          double allCost = 0;
          for (TenantPlan o : plan.tenants) {
            for (int m = 0; m < UnitStats.LLM_MODELS; m++) {
              allCost += llmCost[o.index - 1][m][0];
              if (o == t) {
                tenantCost += llmCost[o.index - 1][m][0];
              }
            }
          }
          Map<String, Object> p = GeneratorReport.obj(
              "llm_share",
              t.overBudget.llmShare(),
              "token_factor",
              t.overBudget.tokenFactor(),
              "model_mix",
              "gpt-4o 45%, claude-sonnet-4 37%",
              "list_price_cost_usd",
              tenantCost,
              "all_tenants_list_price_cost_usd",
              allCost);
          list.add(new Effect("over_budget", t.id, null, start, end, p));
        }
      }
      GeneratorSpec.PiiPlanting pii = spec.injections().pii();
      list.add(new Effect(
          "pii_planting",
          null,
          null,
          start,
          end,
          GeneratorReport.obj(
              "valid_share",
              pii.validShare(),
              "lookalike_share",
              pii.lookalikeShare(),
              "fields",
              List.of("prompt_text", "completion_text", "payload_text", "user_feedback.comment"))));
      list.add(new Effect(
          "malformed_lines",
          null,
          null,
          start,
          end,
          GeneratorReport.obj(
              "bad_share",
              spec.badShare(),
              "kinds",
              List.of(java.util.Arrays.stream(BadKind.values()).map(k -> k.wire).toArray()))));
      list.add(new Effect(
          "duplicate_deliveries",
          null,
          null,
          start,
          end.plusDays(3),
          GeneratorReport.obj(
              "duplicate_share",
              spec.duplicateShare(),
              "placement",
              "same file a few lines later, or the unit's retry file of the same date")));
      return list;
    }

    private static Map<String, Object> numericDrift(int m, double sd) {
      return switch (m) {
        case 0 -> GeneratorReport.obj("price", 4 * sd, "temperature", 4 * sd);
        case 1 -> GeneratorReport.obj("monthly_spend", 25 * sd, "tenure_months", -12 * sd);
        default -> GeneratorReport.obj("text_length", 250 * sd);
      };
    }

    private static Map<String, Long> eventMap(long[] a) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (EventType t : EventType.values()) {
        m.put(t.wire, a[t.ordinal()]);
      }
      return m;
    }

    private static Map<String, Long> badMap(long[] a) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (BadKind k : BadKind.values()) {
        m.put(k.wire, a[k.ordinal()]);
      }
      return m;
    }
  }

  /**
   * Minimal command line for benchmarks and manual runs (the project's CLI wires {@code vigia generate}):
   * {@code --tenants N --days D --rows-per-day R --seed S --out DIR [--gzip] [--threads T] [--start YYYY-MM-DD]}.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--gzip")) {
        a.put("gzip", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    GeneratorSpec spec = GeneratorSpec.of(
            Integer.parseInt(a.getOrDefault("tenants", "3")),
            Integer.parseInt(a.getOrDefault("days", "14")),
            Long.parseLong(a.getOrDefault("rows-per-day", "20000")),
            Long.parseLong(a.getOrDefault("seed", "42")),
            Path.of(a.getOrDefault("out", "landing")))
        .withGzip(Boolean.parseBoolean(a.getOrDefault("gzip", "false")))
        .withThreads(Integer.parseInt(a.getOrDefault("threads", "2")))
        .withStart(
            LocalDate.parse(a.getOrDefault("start", GeneratorSpec.DEFAULT_START.toString())));
    long t0 = System.nanoTime();
    GeneratorReport r = generate(spec, null);
    double secs = (System.nanoTime() - t0) / 1e9;
    long bytes = r.files().stream().mapToLong(FileSummary::bytes).sum();
    System.out.printf(
        "%d lines (%d valid, %d duplicates, %d bad) in %d files, %d bytes, %.2f s, %.0f lines/s%n",
        r.totalLines(),
        r.validEvents(),
        r.duplicateLines(),
        r.badLines(),
        r.files().size(),
        bytes,
        secs,
        r.totalLines() / secs);
  }
}
