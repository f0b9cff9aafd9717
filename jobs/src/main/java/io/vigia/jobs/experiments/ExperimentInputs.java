package io.vigia.jobs.experiments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.db.IdRangeRead;
import io.vigia.common.job.JobContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one experiments run reads: the running experiments of ab_experiments (optionally one tenant's; few rows,
 * read on the driver) and their observations in ab_experiment_observations observed before the window end, read
 * by Spark's JDBC source in id ranges (one query per partition, never through the driver) into a Parquet copy
 * under lake/_staging, so every later step sees the same rows.
 */
record ExperimentInputs(Map<String, ExperimentDefinition> definitions, Dataset<Row> observations) {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentInputs.class);

  /** The running experiments by id, in id order. */
  static Map<String, ExperimentDefinition> runningExperiments(JobContext ctx) throws SQLException {
    Map<String, ExperimentDefinition> m = new LinkedHashMap<>();
    String sql =
        "SELECT id, tenant_id, traffic_split::float8, primary_metric, success_threshold::float8, "
            + "min_sample_size, confidence_level::float8 FROM ab_experiments WHERE status = 'running'"
            + (ctx.tenant().isPresent() ? " AND tenant_id = ?" : "") + " ORDER BY id";
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (ctx.tenant().isPresent()) {
        ps.setString(1, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double threshold = rs.getDouble(5);
          Double successThreshold = rs.wasNull() ? null : threshold;
          int minSample = rs.getInt(6);
          Integer minSampleSize = rs.wasNull() ? null : minSample;
          m.put(
              rs.getString(1),
              new ExperimentDefinition(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getDouble(3),
                  rs.getString(4),
                  successThreshold,
                  minSampleSize,
                  rs.getDouble(7)));
        }
      }
    }
    return m;
  }

  /** The definitions and the observations, copied to Parquet at {@code staging} (the caller deletes it). */
  static ExperimentInputs read(
      JobContext ctx, Map<String, ExperimentDefinition> definitions, String staging)
      throws SQLException {
    long t0 = System.nanoTime();
    readObservations(ctx).write().mode(SaveMode.ErrorIfExists).parquet(staging);
    LOG.info("experiments: copied the observations in {} s", ExperimentsJob.seconds(t0));
    return new ExperimentInputs(definitions, ctx.spark().read().parquet(staging));
  }

  /** The observations of running experiments observed before the window end (lazily, by id ranges). */
  private static Dataset<Row> readObservations(JobContext ctx) throws SQLException {
    String from = "ab_experiment_observations o JOIN ab_experiments e ON e.id = o.experiment_id";
    String running = "e.status = 'running'";
    long lo;
    long hi;
    try (Connection c = ctx.db().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT coalesce(min(o.id), 0), coalesce(max(o.id), 0) FROM " + from
                + " WHERE " + running + " AND o.observed_at < ?"
                + (ctx.tenant().isPresent() ? " AND e.tenant_id = ?" : ""))) {
      ps.setTimestamp(1, Timestamp.from(ctx.window().end()));
      if (ctx.tenant().isPresent()) {
        ps.setString(2, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        lo = rs.getLong(1);
        hi = rs.getLong(2);
      }
    }
    // the query is constant; the window end and the tenant are Column filters Spark pushes down
    String query =
        "(SELECT o.id, o.experiment_id, o.variant, o.unit_id, o.metric_name, o.metric_value, "
            + "o.latency_ms, o.cost_usd::float8 AS cost_usd, o.pre_metric_value, o.observed_at, e.tenant_id FROM "
            + from
            + " WHERE " + running + ") obs";
    Column filter = col("observed_at").lt(lit(ctx.window().end()));
    if (ctx.tenant().isPresent()) {
      filter = filter.and(col("tenant_id").equalTo(lit(ctx.tenant().get())));
    }
    LOG.info(
        "experiments: reading observations with ids {}..{} in {} partitions",
        lo,
        hi,
        IdRangeRead.partitions(ctx.spark(), lo, hi));
    return IdRangeRead.read(ctx.spark(), ctx.db(), query, lo, hi)
        .filter(filter)
        .drop("observed_at", "tenant_id");
  }
}
