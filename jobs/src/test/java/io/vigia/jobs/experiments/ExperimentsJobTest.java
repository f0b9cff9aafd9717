package io.vigia.jobs.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.stats.WelchTTest;
import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.SampleStats;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.JobRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The experiments job on generated platform tables (4 tenants, 14 days, 10000 events a day): t001 has
 * an A/B experiment with a true winner, an A/A and an SRM experiment; t003 an A/B and an A/A.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentsJobTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final LocalDate START = LocalDate.parse("2026-11-01");
  /** The daily run of the last generated day: observations up to 2026-11-15T00:00Z. */
  static final Window W = Window.days(START.plusDays(13), 1);

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-15T06:00:00Z"), ZoneOffset.UTC);

  static Database db;
  static Path work;
  static Settings settings;
  static SparkSession spark;

  @BeforeAll
  static void generate() throws Exception {
    work = TestEnv.tempDir("experiments");
    db = TestEnv.freshDatabase("experiments", true);
    // ~1500 observations per experiment cannot show a treatment that is truly 6% slower to be
    // within the
    // default 10% latency margin (see the last test); these tests tolerate 20%.
    settings = TestEnv.settings(db, work, Map.of("vigia.ab.latency-margin", 0.20));
    spark = TestEnv.spark();
    GeneratorSpec spec =
        GeneratorSpec.of(4, 14, 10000, 42, work.resolve("landing")).withStart(START);
    try (Connection c = db.connect()) {
      Generator.generate(spec, new JdbcPlatformSink(c));
    }
  }

  static JobResult run(Optional<String> tenant) throws Exception {
    return run(settings, tenant);
  }

  static JobResult run(Settings s, Optional<String> tenant) throws Exception {
    return JobRunner.run(JobRegistry.get("experiments"), spark, s, db, W, tenant, CLOCK);
  }

  record Exp(
      String status, String winner, Double p, String summary, Instant analyzedAt, String name) {
    JsonNode json() throws Exception {
      return summary == null ? null : JSON.readTree(summary);
    }
  }

  static Map<String, Exp> experiments() throws Exception {
    Map<String, Exp> m = new TreeMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT id, status, winner, p_value, results_summary::text, analyzed_at, name "
                + "FROM ab_experiments")) {
      while (rs.next()) {
        double p = rs.getDouble(4);
        Double pv = rs.wasNull() ? null : p;
        java.sql.Timestamp at = rs.getTimestamp(6);
        m.put(
            rs.getString(1),
            new Exp(
                rs.getString(2),
                rs.getString(3),
                pv,
                rs.getString(5),
                at == null ? null : at.toInstant(),
                rs.getString(7)));
      }
    }
    return m;
  }

  static void sql(String s) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(s);
    }
  }

  @Test
  @Order(1)
  void aTenantFilterTouchesOnlyThatTenantsExperiments() throws Exception {
    JobResult r = run(Optional.of("t003"));
    assertThat(r.outputs()).containsEntry("ab_experiments", 2L);
    Map<String, Exp> e = experiments();
    assertThat(e.get("exp-t003-ab1").winner()).isEqualTo("treatment");
    assertThat(e.get("exp-t003-aa1").winner()).isEqualTo("none");
    for (String id : List.of("exp-t001-ab1", "exp-t001-aa1", "exp-t001-srm1")) {
      assertThat(e.get(id).winner()).as(id).isNull();
      assertThat(e.get(id).analyzedAt()).as(id).isNull();
    }
    // reset t003 for the next tests
    sql(
        "UPDATE ab_experiments SET status = 'running', winner = NULL, p_value = NULL, results_summary = NULL, "
            + "analyzed_at = NULL WHERE tenant_id = 't003'");
  }

  @Test
  @Order(2)
  void abHasATreatmentWinnerAaNoneAndSrmIsFlagged() throws Exception {
    JobResult r = run(Optional.empty());
    assertThat(r.recordsIn()).isEqualTo(r.recordsOk() + r.recordsQuarantined()).isPositive();
    assertThat(r.recordsQuarantined()).isZero();
    Map<String, Exp> e = experiments();
    for (String id : List.of("exp-t001-ab1", "exp-t003-ab1")) {
      Exp x = e.get(id);
      JsonNode j = x.json();
      assertThat(x.winner()).as(id + ": " + j.get("reason")).isEqualTo("treatment");
      assertThat(j.at("/srm/flagged").asBoolean()).isFalse();
      assertThat(j.at("/metrics/mape/relative/lift").asDouble()).isNegative();
      assertThat(x.p()).isLessThan(0.05).isEqualTo(j.at("/verdict/p_value").asDouble());
      assertThat(x.analyzedAt()).isEqualTo(CLOCK.instant());
      assertThat(x.name()).isEqualTo("demand-forecast v2 vs v1"); // platform columns untouched
      // guardrails were checked: v2 is ~6% slower and ~17% dearer, within the 20% / 20% margins
      assertThat(j.at("/metrics/guardrail.latency_ms/relative/lift").asDouble())
          .isBetween(0.0, 0.10);
      assertThat(j.at("/metrics/guardrail.cost_usd/relative/lift").asDouble())
          .isBetween(0.10, 0.20);
      assertThat(j.at("/power/required_per_variant").asLong()).isPositive();
      assertThat(j.at("/bayesian/chance_to_win").asDouble()).isGreaterThan(0.95);
    }
    for (String id : List.of("exp-t001-aa1", "exp-t003-aa1")) {
      Exp x = e.get(id);
      assertThat(x.winner()).as(id + ": " + x.json().get("reason")).isEqualTo("none");
      // an A/A either keeps running or stops for futility: the sequence shows the 5% threshold out
      // of reach
      if (!x.status().equals("running")) {
        assertThat(x.status()).isEqualTo("completed");
        assertThat(x.json().get("reason").asText()).contains("out of reach");
      }
    }
    Exp srm = e.get("exp-t001-srm1");
    JsonNode j = srm.json();
    assertThat(srm.winner()).isEqualTo("none");
    assertThat(srm.status()).isEqualTo("running");
    assertThat(j.at("/srm/flagged").asBoolean()).isTrue();
    assertThat(j.at("/srm/basis").asText()).isEqualTo("distinct unit_id");
    assertThat(j.get("reason").asText()).contains("Sample ratio mismatch");
  }

  @Test
  @Order(3)
  void welchAndMannWhitneyEqualTheLibraryOnTheRawObservations() throws Exception {
    for (String id : List.of("exp-t001-ab1", "exp-t001-aa1")) {
      List<Double> c = new ArrayList<>();
      List<Double> t = new ArrayList<>();
      List<Double> lc = new ArrayList<>();
      List<Double> lt = new ArrayList<>();
      List<Double> pc = new ArrayList<>();
      List<Double> pt = new ArrayList<>();
      try (Connection conn = db.connect();
          PreparedStatement ps = conn.prepareStatement("SELECT variant, metric_value, "
              + "latency_ms, pre_metric_value FROM ab_experiment_observations WHERE experiment_id = ? AND metric_name = 'mape' "
              + "AND observed_at < ?")) {
        ps.setString(1, id);
        ps.setTimestamp(2, java.sql.Timestamp.from(W.end()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            boolean treat = rs.getString(1).equals("treatment");
            (treat ? t : c).add(rs.getDouble(2));
            (treat ? lt : lc).add(rs.getDouble(3));
            (treat ? pt : pc).add(rs.getDouble(4));
          }
        }
      }
      JsonNode j = experiments().get(id).json();
      check(j.at("/metrics/mape"), c, t);
      io.vigia.common.stats.ab.HodgesLehmann.Result hl =
          io.vigia.common.stats.ab.HodgesLehmann.estimate(
              c.stream().mapToDouble(Double::doubleValue).toArray(),
              t.stream().mapToDouble(Double::doubleValue).toArray(),
              0.95);
      assertThat(j.at("/metrics/mape/hodges_lehmann/shift").asDouble()).isEqualTo(hl.estimate());
      assertThat(j.at("/metrics/mape/hodges_lehmann/ci/0").asDouble()).isEqualTo(hl.ciLower());
      check(j.at("/metrics/guardrail.latency_ms"), lc, lt);
      checkCuped(j, c, pc, t, pt);
    }
  }

  /** CUPED from the job's one-pass co-moments equals CUPED from the raw pairs (Welford states in Java). */
  static void checkCuped(
      JsonNode j, List<Double> c, List<Double> pc, List<Double> t, List<Double> pt) {
    Cuped.Result r =
        Cuped.test(Cuped.Sample.of(arr(c), arr(pc)), Cuped.Sample.of(arr(t), arr(pt)), 0.95);
    JsonNode cu = j.at("/metrics/mape/cuped");
    System.out.printf(
        java.util.Locale.ROOT,
        "CUPED on generated data: n %d, theta %.4f, correlation %.4f, variance "
            + "reduction %.4f%n",
        c.size() + t.size(),
        cu.get("theta").asDouble(),
        cu.get("correlation").asDouble(),
        cu.get("variance_reduction").asDouble());
    assertThat(cu.get("applied").asBoolean()).as(cu.toString()).isTrue();
    assertThat(cu.get("observations_with_covariate").asLong()).isEqualTo(c.size() + t.size());
    assertThat(cu.get("theta").asDouble()).isCloseTo(r.theta(), within(1e-9 * Math.abs(r.theta())));
    assertThat(cu.get("variance_reduction").asDouble())
        .isCloseTo(r.varianceReduction(), within(1e-8))
        .isGreaterThan(0.01); // the generated users' pre-period error predicts their error
    assertThat(cu.at("/relative/lift").asDouble())
        .isCloseTo(r.relative().lift(), within(1e-9 * Math.abs(r.relative().lift()) + 1e-12));
    assertThat(cu.at("/relative/p_value").asDouble())
        .isCloseTo(r.relative().pValue(), within(1e-7 * r.relative().pValue() + 1e-12));
    assertThat(cu.at("/welch/t").asDouble())
        .isCloseTo(r.absolute().t(), within(1e-8 * Math.abs(r.absolute().t())));
    assertThat(cu.at("/welch/df").asDouble())
        .isCloseTo(r.absolute().df(), within(1e-7 * r.absolute().df()));
    // the adjusted interval is narrower than the plain one
    double plain = j.at("/metrics/mape/relative/se").asDouble();
    assertThat(cu.at("/relative/se").asDouble()).isLessThan(plain);
    assertThat(j.at("/verdict/basis").asText()).contains("CUPED");
  }

  static double[] arr(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static void check(JsonNode m, List<Double> c, List<Double> t) {
    double[] ca = c.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ta = t.stream().mapToDouble(Double::doubleValue).toArray();
    WelchTTest.Result w = WelchTTest.test(SampleStats.of(ca), SampleStats.of(ta), 0.95);
    MannWhitneyU.Result u = MannWhitneyU.test(ta, ca);
    assertThat(m.at("/control/n").asLong()).isEqualTo(ca.length);
    assertThat(m.at("/treatment/n").asLong()).isEqualTo(ta.length);
    assertThat(m.at("/welch/difference").asDouble())
        .isCloseTo(w.difference(), within(1e-12 + 1e-9 * Math.abs(w.difference())));
    assertThat(m.at("/welch/t").asDouble())
        .isCloseTo(w.t(), within(1e-8 * Math.abs(w.t()) + 1e-10));
    assertThat(m.at("/welch/df").asDouble()).isCloseTo(w.df(), within(1e-6 * w.df()));
    assertThat(m.at("/welch/p_value").asDouble())
        .isCloseTo(w.pValue(), within(1e-9 + 1e-7 * w.pValue()));
    assertThat(m.at("/mann_whitney/u_treatment").asDouble()).isEqualTo(u.u1());
    assertThat(m.at("/mann_whitney/tie_term").asDouble()).isEqualTo(u.tieTerm());
    assertThat(m.at("/mann_whitney/p_value").asDouble())
        .isCloseTo(u.pValue(), within(1e-12 + 1e-9 * u.pValue()));
  }

  @Test
  @Order(4)
  void aRerunGivesIdenticalResultColumns() throws Exception {
    Map<String, Exp> before = experiments();
    run(Optional.empty());
    Map<String, Exp> after = experiments();
    assertThat(after).isEqualTo(before);
    // the completed A/B experiments are no longer analysed; the running ones were, with the same
    // numbers
    assertThat(after.get("exp-t001-aa1").summary()).isNotNull();
  }

  @Test
  @Order(5)
  void minSampleSizeBlocksAVerdictAndBadInputGetsAClearStatus() throws Exception {
    sql(
        "UPDATE ab_experiments SET status = 'running', min_sample_size = 100000000 WHERE id = 'exp-t001-ab1'");
    sql(
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, traffic_split, "
            + "primary_metric, status) VALUES "
            + "('bad-split', 't002', 'x', 'a', 'b', 0, 'mape', 'running'), "
            + "('bad-metric', 't002', 'x', 'a', 'b', 0.5, 'happiness', 'running'), "
            + "('empty', 't002', 'x', 'a', 'b', 0.5, 'mape', 'running'), "
            + "('one-variant', 't002', 'x', 'a', 'b', 0.5, 'mape', 'running')");
    sql(
        "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, unit_id, metric_name, metric_value, "
            + "observed_at) SELECT 'one-variant', 't002', 'control', 'u' || g, 'mape', g / 100.0, "
            + "TIMESTAMPTZ '2026-11-10T00:00:00Z' FROM generate_series(1, 20) g");
    // quarantined: a null and a NaN metric value on the A/A experiment
    sql(
        "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, unit_id, metric_name, metric_value, "
            + "observed_at) VALUES ('exp-t001-aa1', 't001', 'control', 'u-x', 'mape', NULL, '2026-11-10T00:00:00Z'), "
            + "('exp-t001-aa1', 't001', 'treatment', 'u-y', 'mape', 'NaN', '2026-11-10T00:00:00Z')");
    JobResult r = run(Optional.empty());
    assertThat(r.recordsQuarantined()).isEqualTo(2);
    Map<String, Exp> e = experiments();
    Exp ab = e.get("exp-t001-ab1");
    assertThat(ab.winner()).isEqualTo("none");
    assertThat(ab.status()).isEqualTo("running");
    assertThat(ab.json().get("reason").asText()).startsWith("Not enough data yet");
    JsonNode aa = e.get("exp-t001-aa1").json();
    assertThat(aa.at("/observations/quarantined").asLong()).isEqualTo(2);
    assertThat(aa.at("/observations/quarantine_reasons/null_metric_value").asLong())
        .isEqualTo(1);
    assertThat(aa.at("/observations/quarantine_reasons/nan_metric_value").asLong())
        .isEqualTo(1);
    assertThat(e.get("bad-split").json().get("status").asText()).isEqualTo("invalid_definition");
    assertThat(e.get("bad-metric").json().get("status").asText()).isEqualTo("invalid_definition");
    assertThat(e.get("empty").json().get("status").asText()).isEqualTo("no_observations");
    assertThat(e.get("one-variant").json().get("status").asText()).isEqualTo("one_variant");
    for (String id : List.of("bad-split", "bad-metric", "empty", "one-variant")) {
      assertThat(e.get(id).winner()).isEqualTo("none");
      assertThat(e.get(id).p()).isNull();
    }
  }

  @Test
  @Order(6)
  void theDefaultLatencyMarginHoldsBackAWinnerThatIsNotShownNonInferior() throws Exception {
    sql(
        "UPDATE ab_experiments SET status = 'running', min_sample_size = 100 WHERE id = 'exp-t001-ab1'");
    run(TestEnv.settings(db, work, Map.of()), Optional.of("t001"));
    Exp ab = experiments().get("exp-t001-ab1");
    assertThat(ab.winner()).isEqualTo("none");
    assertThat(ab.status()).isEqualTo("running");
    assertThat(ab.json().get("reason").asText())
        .contains("guardrail.latency_ms not shown within 10.00%");
    assertThat(ab.json().at("/fixed_horizon_verdict/winner").asText()).isEqualTo("none");
  }
}
