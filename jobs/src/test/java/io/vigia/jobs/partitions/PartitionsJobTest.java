package io.vigia.jobs.partitions;

import static io.vigia.common.testing.Jdbc.count;
import static io.vigia.common.testing.Jdbc.exec;
import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.maintenance.MaintenanceData;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The partitions job on a real PostgreSQL: partitions ahead, measurements, the plan, the online migration. */
class PartitionsJobTest {
  static final Window W = Window.of("2026-11-27", "2026-11-28");
  static final String[] TABLES = {
    "model_performance_metrics",
    "system_performance_metrics",
    "privacy_audit_log",
    "user_feedback",
    "cost_tracking"
  };

  static JobResult run(Database db, Map<String, Object> conf) throws Exception {
    Settings s = TestEnv.settings(db, TestEnv.tempDir("partitions"), conf);
    return JobRunner.run(
        new PartitionsJob(), TestEnv.spark(), s, db, W, Optional.empty(), Clock.systemUTC());
  }

  /** Experiment e1 of t001 with 30 observations, the g-th at first + g x every. */
  static void observations(Database db, String first, String every) throws Exception {
    exec(
        db,
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, primary_metric) "
            + "VALUES ('e1', 't001', 'e1', 'a', 'b', 'mape')");
    exec(
        db,
        "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, metric_name, metric_value, "
            + "observed_at) SELECT 'e1', 't001', 'control', 'mape', g, TIMESTAMPTZ '" + first
            + "' + g * interval '" + every + "' FROM generate_series(1, 30) g");
  }

  @Test
  void createsPartitionsAheadMeasuresAndReportsATableOverItsThreshold() throws Exception {
    Database db = TestEnv.freshDatabase("partitions", true);
    MaintenanceData.feedback(
        db, "2026-11", 12, true); // in the default partition until the job creates November
    observations(db, "2026-10-01", "1 day");

    JobResult r = run(db, Map.of());
    for (String t : TABLES) {
      assertThat(count(
              db,
              "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE "
                  + "i.inhparent = '" + t + "'::regclass AND c.relname IN ('" + t + "_p202611', '"
                  + t + "_p202612', '" + t
                  + "_p202701', '" + t + "_p202702')"))
          .as(t)
          .isEqualTo(4);
      assertThat(scalar(db, "SELECT to_regclass('" + t + "_p202703')")).as(t).isNull();
    }
    assertThat(r.outputs()).containsEntry("partitions_created", 20L);
    assertThat(count(db, "SELECT count(*) FROM user_feedback_default")).isZero();
    assertThat(count(db, "SELECT count(*) FROM user_feedback_p202611")).isEqualTo(12);
    assertThat(scalar(
            db,
            "SELECT current_row_count || ' ' || (current_size_bytes > 0) || ' ' || is_partitioned || ' ' "
                + "|| last_maintenance_at || ' ' || next_maintenance_at FROM partition_management WHERE table_name = "
                + "'user_feedback'"))
        .isEqualTo("12 true true 2026-11-28 00:00:00+00 2026-11-29 00:00:00+00");
    // the watched unpartitioned tables are registered with the global thresholds; below them: no
    // plan
    assertThat(
            scalar(
                db,
                "SELECT string_agg(table_name || ':' || row_threshold || ':' || is_partitioned || ':' "
                    + "|| current_row_count, ',' ORDER BY table_name) FROM partition_management WHERE NOT is_partitioned"))
        .isEqualTo(
            "ab_experiment_observations:1000000:false:30,feature_drift_metrics:1000000:false:0");
    assertThat(r.outputs()).containsEntry("tables_to_partition", 0L);

    // over its (per-table) threshold and unpartitioned: reported with a plan; partitions are not
    // made twice
    exec(
        db,
        "UPDATE partition_management SET row_threshold = 20 WHERE table_name = 'ab_experiment_observations'");
    JobResult again = run(db, Map.of());
    assertThat(again.outputs())
        .containsEntry("partitions_created", 0L)
        .containsEntry("tables_to_partition", 1L);
    assertThat(again.message())
        .contains("over threshold and not partitioned")
        .contains("ab_experiment_observations");
    String plan =
        "(SELECT e->'migration_plan' FROM partition_management, jsonb_array_elements(maintenance_log) e "
            + "WHERE table_name = 'ab_experiment_observations' AND e->>'action' = 'partitioning_needed')";
    assertThat(scalar(db, "SELECT " + plan + "->>'online'")).isEqualTo("true");
    assertThat(scalar(db, "SELECT " + plan + "->>'changes'")).contains("becomes (id, observed_at)");
    assertThat(scalar(db, "SELECT " + plan + "->>'prepare'"))
        .contains("REFERENCES ab_experiments(id)");
    assertThat(count(
            db,
            "SELECT jsonb_array_length(maintenance_log) FROM partition_management WHERE table_name = "
                + "'user_feedback'"))
        .isEqualTo(2);
    assertThat(
            scalar(db, "SELECT relkind FROM pg_class WHERE relname = 'ab_experiment_observations'"))
        .isEqualTo("r");
  }

  @Test
  void migratesOnlineBehindTheFlagKeepingRowsKeysSequencesAndViews() throws Exception {
    Database db = TestEnv.freshDatabase("partitions_migrate", true);
    observations(db, "2026-08-01", "3 days");
    exec(
        db,
        "INSERT INTO feature_drift_metrics (tenant_id, model_id, period_start, period_end, feature, feature_kind, "
            + "drifted) SELECT 't001', 'm', TIMESTAMPTZ '2026-09-01' + g * interval '1 day', TIMESTAMPTZ '2026-09-08' + g "
            + "* interval '1 day', 'f', 'numeric', g % 2 = 0 FROM generate_series(1, 5) g");
    exec(db, "CREATE TABLE snap AS SELECT * FROM ab_experiment_observations");
    // a trigger of the table's own (as V15's notification triggers on the alert tables) must follow
    // it
    exec(db, "CREATE TABLE fired (id bigint)");
    exec(
        db,
        "CREATE FUNCTION fire() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO fired VALUES (NEW.id); "
            + "RETURN NULL; END$$");
    exec(
        db,
        "CREATE TRIGGER fire_on_insert AFTER INSERT ON ab_experiment_observations FOR EACH ROW "
            + "WHEN (NEW.metric_value > 0) EXECUTE FUNCTION fire()");
    run(db, Map.of()); // registers the watched tables
    exec(db, "UPDATE partition_management SET row_threshold = 3 WHERE NOT is_partitioned");
    JobResult r = run(
        db,
        Map.of(
            "vigia.partitioning.migrate-online", true, "vigia.partitioning.migrate-batch-rows", 7));
    assertThat(r.message())
        .contains("migrated online: ab_experiment_observations, feature_drift_metrics");

    for (String t : new String[] {"ab_experiment_observations", "feature_drift_metrics"}) {
      assertThat(scalar(db, "SELECT relkind FROM pg_class WHERE oid = '" + t + "'::regclass"))
          .isEqualTo("p");
      assertThat(scalar(
              db, "SELECT is_partitioned FROM partition_management WHERE table_name = '" + t + "'"))
          .isEqualTo("t");
      assertThat(scalar(
              db,
              "SELECT count(*) FROM (SELECT * FROM " + t + " EXCEPT ALL SELECT * FROM " + t
                  + "__vigia_old) x"))
          .isEqualTo("0");
      assertThat(scalar(
              db,
              "SELECT (SELECT count(*) FROM " + t + ") = (SELECT count(*) FROM " + t
                  + "__vigia_old)"))
          .isEqualTo("t");
      // the old table can go: no view, sequence or key depends on it any more
      exec(db, "DROP TABLE " + t + "__vigia_old");
    }
    assertThat(count(
            db,
            "SELECT count(*) FROM (SELECT * FROM snap EXCEPT ALL SELECT * FROM "
                + "ab_experiment_observations) x"))
        .isZero();
    assertThat(scalar(db, "SELECT to_regclass('ab_experiment_observations_p202608')"))
        .isNotNull();
    assertThat(scalar(db, "SELECT to_regclass('ab_experiment_observations_default')"))
        .isNotNull();
    // the sequence moved with the id column, the foreign key came along, the view reads the new
    // table
    exec(
        db,
        "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, metric_name, metric_value, "
            + "observed_at) VALUES ('e1', 't001', 'treatment', 'mape', 1, '2026-11-02')");
    assertThat(count(db, "SELECT max(id) FROM ab_experiment_observations")).isEqualTo(31);
    assertThat(scalar(db, "SELECT string_agg(id::text, ',') FROM fired"))
        .isEqualTo("31"); // not fired by the copy
    assertThat(scalar(
            db,
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'ab_experiment_observations'::regclass "
                + "AND contype = 'f'"))
        .isEqualTo("1");
    assertThat(
            count(
                db,
                "SELECT count(*) FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid WHERE w.ev_class = "
                    + "'drift_detection_summary'::regclass AND d.refobjid = 'feature_drift_metrics'::regclass"))
        .isPositive();
    assertThat(count(db, "SELECT count(*) FROM drift_detection_summary")).isZero();
    exec(
        db,
        "INSERT INTO feature_drift_metrics (tenant_id, model_id, period_start, period_end, feature, feature_kind) "
            + "VALUES ('t001', 'm', '2026-11-01', '2026-11-08', 'g', 'numeric')");
  }

  @Test
  void disabledPartitioningTouchesNothing() throws Exception {
    Database db = TestEnv.freshDatabase("partitions_off", true);
    JobResult r = run(db, Map.of("vigia.partitioning.enabled", false));
    assertThat(r.message()).contains("PARTITIONING_ENABLED");
    assertThat(scalar(db, "SELECT to_regclass('user_feedback_p202611')")).isNull();
    assertThat(count(
            db, "SELECT count(*) FROM partition_management WHERE last_maintenance_at IS NOT NULL"))
        .isZero();
  }
}
