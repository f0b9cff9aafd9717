package io.vigia.jobs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.Faults;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.JobRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rows the experiments job writes, byte for byte, against a golden file: the staged rows exactly as the
 * job produced them (results_summary as the job's JSON text, before PostgreSQL turns it into jsonb) and the
 * result columns of ab_experiments after the commit. The data: the generator's experiments (4 tenants, 14
 * days, 2000 events a day: A/B, A/A and SRM experiments with a covariate; more observations than
 * vigia.ab.hodges-lehmann-max-sample) and hand-made experiments of tenant t002 for every other path (bad
 * definitions, no or one-sided or too few observations, an undefined lift, no success threshold, secondary
 * metrics with Holm, quarantined values, partial and constant covariates, missing unit ids, sparse, missing
 * and undefined guardrails, Hodges-Lehmann on small samples).
 *
 * <p>To regenerate after an intended change of the output: {@code -Dvigia.golden.update=true}, then review
 * the diff of {@value #GOLDEN}.
 */
class ExperimentsGoldenTest {
  static final String GOLDEN = "experiments/golden-results.tsv";
  static final LocalDate START = LocalDate.parse("2026-11-01");
  static final Window W = Window.days(START.plusDays(13), 1);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-15T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void theWrittenRowsEqualTheGoldenFile() throws Exception {
    Path work = TestEnv.tempDir("experiments-golden");
    Database db = TestEnv.freshDatabase("expgolden", true);
    Settings settings = TestEnv.settings(
        db,
        work,
        Map.of("vigia.ab.latency-margin", 0.20, "vigia.ab.hodges-lehmann-max-sample", 300));
    GeneratorSpec spec =
        GeneratorSpec.of(4, 14, 2000, 42, work.resolve("landing")).withStart(START);
    try (Connection c = db.connect()) {
      Generator.generate(spec, new JdbcPlatformSink(c));
      try (Statement st = c.createStatement()) {
        for (String sql : EDGE_CASES) {
          st.execute(sql);
        }
      }
    }

    List<String> staged = new ArrayList<>();
    Faults.hook = point -> {
      if (point.equals(Faults.STAGED)) {
        staged.addAll(stagedRows(db));
      }
    };
    try {
      JobRunner.run(
          JobRegistry.get("experiments"),
          TestEnv.spark(),
          settings,
          db,
          W,
          Optional.empty(),
          CLOCK);
    } finally {
      Faults.hook = null;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# staged rows (the job's output, as written to the staging table)");
    lines.addAll(staged);
    lines.add("# ab_experiments after the commit");
    lines.addAll(rows(
        db,
        "SELECT id, status, winner, p_value, results_summary::text, analyzed_at, run_id IS NOT NULL "
            + "FROM ab_experiments ORDER BY id"));
    String actual = String.join("\n", lines) + "\n";

    if (Boolean.getBoolean("vigia.golden.update")) {
      Path file = Path.of("src/test/resources", GOLDEN);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(staged).as("a header and the staged rows").hasSizeGreaterThan(10);
    assertThat(actual).isEqualTo(golden());
  }

  static String golden() throws IOException {
    try (InputStream in =
        ExperimentsGoldenTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      assertThat(in).as(GOLDEN + " on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every row of the run's staging table of ab_experiments, by id. */
  static List<String> stagedRows(Database db) {
    String table;
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT table_name FROM "
                + "information_schema.tables WHERE table_schema = 'vigia_staging' AND table_name LIKE ?")) {
      ps.setString(1, "s\\_%\\_ab\\_experiments");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a staging table of ab_experiments").isTrue();
        table = rs.getString(1);
        assertThat(rs.next()).as("one staging table of ab_experiments").isFalse();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // the name comes from the catalog and is checked to be a plain identifier before it is quoted
    assertThat(table).matches("[a-z0-9_]+");
    return rows(db, "SELECT * FROM vigia_staging.\"" + table + "\" ORDER BY id");
  }

  /** The rows of a query as tab-separated text, a header first; doubles in Java's shortest exact form. */
  static List<String> rows(Database db, String query) {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> header = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        header.add(md.getColumnLabel(i) + ":" + md.getColumnTypeName(i));
      }
      out.add(String.join("\t", header));
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          cells.add(
              v == null
                  ? "\\N"
                  : v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v.toString());
        }
        out.add(String.join("\t", cells));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static final String EXPERIMENT =
      "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, "
          + "treatment_model_id, traffic_split, primary_metric, success_threshold, min_sample_size, confidence_level, "
          + "status) VALUES ";
  private static final String OBSERVATION =
      "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, "
          + "variant, unit_id, metric_name, metric_value, latency_ms, cost_usd, pre_metric_value, observed_at) ";

  /** Hand-made experiments of tenant t002, one per path the generated ones do not take (constant SQL). */
  static final List<String> EDGE_CASES = List.of(
      EXPERIMENT
          + "('g-bad-split', 't002', 'x', 'a', 'b', 0, 'mape', NULL, NULL, 0.95, 'running'), "
          + "('g-bad-metric', 't002', 'x', 'a', 'b', 0.5, 'happiness', NULL, NULL, 0.95, 'running'), "
          + "('g-negative-threshold', 't002', 'x', 'a', 'b', 0.5, 'mape', -0.1, NULL, 0.95, 'running'), "
          + "('g-empty', 't002', 'x', 'a', 'b', 0.5, 'mape', NULL, NULL, 0.95, 'running'), "
          + "('g-one-variant', 't002', 'x', 'a', 'b', 0.5, 'mape', NULL, NULL, 0.95, 'running'), "
          + "('g-tiny', 't002', 'x', 'a', 'b', 0.5, 'mape', NULL, NULL, 0.95, 'running'), "
          + "('g-zero-control', 't002', 'x', 'a', 'b', 0.5, 'accuracy', NULL, NULL, 0.95, 'running'), "
          + "('g-mixed', 't002', 'x', 'a', 'b', 0.4, 'accuracy', 0.05, 30, 0.9, 'running'), "
          + "('g-cuped', 't002', 'x', 'a', 'b', 0.5, 'mape', 0.02, 20, 0.95, 'running'), "
          + "('g-constant-covariate', 't002', 'x', 'a', 'b', 0.5, 'latency', 0.01, 10, 0.8, 'running'), "
          + "('g-plain', 't002', 'x', 'a', 'b', 0.5, 'mape', NULL, NULL, 0.95, 'running'), "
          + "('g-draft', 't002', 'x', 'a', 'b', 0.5, 'mape', NULL, NULL, 0.95, 'draft')",
      OBSERVATION
          + "SELECT 'g-one-variant', 't002', 'control', 'u' || g, 'mape', g / 100.0, 10, 0.01, NULL, "
          + "TIMESTAMPTZ '2026-11-10T00:00:00Z' FROM generate_series(1, 20) g",
      OBSERVATION
          + "VALUES ('g-tiny', 't002', 'control', 'u1', 'mape', 0.1, 10, 0.01, NULL, '2026-11-10T00:00:00Z'), "
          + "('g-tiny', 't002', 'treatment', 'u2', 'mape', 0.2, 11, 0.02, NULL, '2026-11-10T00:00:00Z')",
      OBSERVATION
          + "SELECT 'g-zero-control', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, "
          + "'u' || g, 'accuracy', CASE WHEN g % 2 = 0 THEN 0 ELSE (g % 7) / 10.0 END, 10 + g % 3, 0.01, NULL, "
          + "TIMESTAMPTZ '2026-11-10T00:00:00Z' FROM generate_series(1, 40) g",
      // primary accuracy with missing unit ids, sparse latency and cost, a partial covariate with
      // NaN values
      OBSERVATION
          + "SELECT 'g-mixed', 't002', CASE WHEN g % 5 < 2 THEN 'treatment' ELSE 'control' END, "
          + "CASE WHEN g % 17 = 0 THEN NULL ELSE 'u' || (g % 50) END, 'accuracy', "
          + "0.5 + ((g * 37) % 100) / 400.0 + CASE WHEN g % 5 < 2 THEN 0.05 ELSE 0 END, "
          + "CASE WHEN g % 7 = 0 THEN NULL ELSE 100 + (g * 13) % 50 END, "
          + "CASE WHEN g % 3 = 0 THEN 0.01 + (g % 11) / 1000.0 ELSE NULL END, "
          + "CASE WHEN g % 9 = 0 THEN NULL WHEN g % 23 = 0 THEN 'NaN'::float8 ELSE 0.4 + ((g * 31) % 100) / 300.0 END, "
          + "TIMESTAMPTZ '2026-11-03T00:00:00Z' + g * INTERVAL '1 hour' FROM generate_series(1, 240) g",
      // after the window end: not read
      OBSERVATION + "VALUES ('g-mixed', 't002', 'control', 'late', 'accuracy', 0.99, 1, 0.5, NULL, "
          + "'2026-11-15T00:00:00Z')",
      // secondary metrics: two varying ones (Holm over two p-values) and a constant one (no Welch
      // p)
      OBSERVATION
          + "SELECT 'g-mixed', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, 'u' || g, "
          + "'rmse', 3 + ((g * 17) % 40) / 10.0 - CASE WHEN g % 2 = 1 THEN 0.3 ELSE 0 END, NULL, NULL, NULL, "
          + "TIMESTAMPTZ '2026-11-05T00:00:00Z' FROM generate_series(1, 80) g",
      OBSERVATION
          + "SELECT 'g-mixed', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, 'u' || g, "
          + "'coverage', 0.8 + ((g * 7) % 20) / 100.0, NULL, NULL, 0.5 + g / 100.0, "
          + "TIMESTAMPTZ '2026-11-05T00:00:00Z' FROM generate_series(1, 60) g",
      OBSERVATION
          + "SELECT 'g-mixed', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, 'u' || g, "
          + "'constant', 1.0, NULL, NULL, NULL, TIMESTAMPTZ '2026-11-05T00:00:00Z' FROM generate_series(1, 10) g",
      // quarantined: null, NaN and infinite metric values
      OBSERVATION
          + "VALUES ('g-mixed', 't002', 'control', 'q1', 'accuracy', NULL, 1, 0.1, NULL, '2026-11-06T00:00:00Z'), "
          + "('g-mixed', 't002', 'treatment', 'q2', 'accuracy', 'NaN', 1, 0.1, NULL, '2026-11-06T00:00:00Z'), "
          + "('g-mixed', 't002', 'treatment', 'q3', 'accuracy', 'Infinity', 1, 0.1, NULL, '2026-11-06T00:00:00Z'), "
          + "('g-mixed', 't002', 'control', 'q4', 'accuracy', '-Infinity', 1, 0.1, NULL, '2026-11-06T00:00:00Z')",
      // every observation with a covariate correlated with the metric: CUPED applies; ties in value
      // and pairs
      OBSERVATION
          + "SELECT 'g-cuped', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, 'u' || (g % 70), "
          + "'mape', round((0.2 + ((g * 29) % 50) / 250.0 - CASE WHEN g % 2 = 1 THEN 0.03 ELSE 0 END)::numeric, 2), "
          + "50 + (g * 11) % 30, 0.002 + (g % 5) / 1000.0, round((0.15 + ((g * 29) % 50) / 300.0 + (g % 3) / 50.0)::numeric, 2), "
          + "TIMESTAMPTZ '2026-11-02T00:00:00Z' + g * INTERVAL '30 minutes' FROM generate_series(1, 160) g",
      // no success threshold, no latency, a cost whose control mean is 0 (its lift is undefined)
      OBSERVATION
          + "SELECT 'g-plain', 't002', CASE WHEN g % 2 = 0 THEN 'control' ELSE 'treatment' END, 'u' || g, "
          + "'mape', 0.1 + (g % 13) / 100.0, NULL, CASE WHEN g % 2 = 0 THEN 0 ELSE 0.001 * (g % 4) END, NULL, "
          + "TIMESTAMPTZ '2026-11-07T00:00:00Z' FROM generate_series(1, 30) g",
      // a constant covariate: CUPED does not apply (no covariate variance)
      OBSERVATION
          + "SELECT 'g-constant-covariate', 't002', CASE WHEN g % 3 = 0 THEN 'treatment' ELSE 'control' END, "
          + "'u' || g, 'latency', 100 + (g * 19) % 60 + CASE WHEN g % 3 = 0 THEN 5 ELSE 0 END, 100 + (g * 19) % 60, "
          + "0.01, 1.5, TIMESTAMPTZ '2026-11-04T00:00:00Z' FROM generate_series(1, 90) g");
}
