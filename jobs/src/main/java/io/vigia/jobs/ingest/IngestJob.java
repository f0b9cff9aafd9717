package io.vigia.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.events.EventTypes;
import io.vigia.common.io.HadoopConf;
import io.vigia.common.io.Landing;
import io.vigia.common.io.Landing.LandedFile;
import io.vigia.common.job.DeltaSink;
import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.job.SideBySide;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the raw JSON Lines landing of the window's dates into one Delta table per event type
 * (lake/events/TYPE, partitioned by landing date dt), de-duplicated on event_id, replacing those
 * dates (idempotent per date). Bad records go to lake/quarantine with reason, source file and line;
 * deliveries of an event_id already seen in this batch or in the lookback days before it are
 * quarantined as duplicate_event_id. records in = ok + quarantined. A tenant whose quarantined share
 * of lines passes vigia.ingest.quarantine-alert-share gets a data_quality alert in drift_alerts.
 */
public final class IngestJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  public static final String NAME = "ingest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "raw JSON Lines landing -> Delta event tables per type, duplicates and bad records quarantined";
  }

  /** The Delta location of an event type's table. */
  public static String eventsPath(JobContext ctx, String type) {
    return ctx.lake("events", type);
  }

  public static String quarantinePath(JobContext ctx) {
    return ctx.lake("quarantine");
  }

  @Override
  public boolean acceptsTenant() {
    return false;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .reads(Input.LANDING)
        .exclusive("events/data_access")
        .directWrites(
            "Delta lake/events/TYPE and lake/quarantine: the window's landing dates replaced, one commit per "
                + "table, before the PostgreSQL commit; a failed run leaves them at its rows, which the re-run "
                + "replaces with identical ones");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    if (ctx.tenant().isPresent()) {
      // a landing date holds every tenant's lines and is replaced whole
      throw new IllegalArgumentException(
          "ingest reads whole landing dates for all tenants: run it without --tenant");
    }
    SparkSession spark = ctx.spark();
    List<LocalDate> dates = ctx.window().dates();
    LocalDate from = dates.get(0);
    LocalDate to = dates.get(dates.size() - 1).plusDays(1);
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    List<LandedFile> files = Landing.list(conf.get(), ctx.settings().landingDir(), dates);
    long bytes = files.stream().mapToLong(LandedFile::size).sum();
    LOG.info(
        "ingest: {} files ({} MB) under {} for dates {} .. {}",
        files.size(),
        bytes / (1 << 20),
        ctx.settings().landingDir(),
        from,
        to.minusDays(1));
    for (LocalDate d : dates) {
      if (files.stream().noneMatch(f -> f.dt().equals(d))) {
        LOG.warn(
            "ingest: no landing files for dt={} (its ingested rows, if any, are replaced by nothing)",
            d);
      }
    }

    ctx.describe("parse");
    int slices = spark.sparkContext().defaultParallelism() * 4;
    List<List<LineSource.FileRef>> groups = LineSource.groups(files, slices);
    StructType parsedSchema = EventTypes.parsedSchema();
    // the parser's rows enter Spark in its own format (LineSource): no encoder, no from_json later
    Dataset<Row> parsed = ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(groups, groups.size())
                .mapPartitions(new LineSource(conf, parsedSchema))
                .rdd(),
            parsedSchema,
            false);

    // Parsed exactly once, into a Parquet staging copy split by target table (the event type, or
    // _bad). Everything after reads that copy: column-pruned, partition-pruned, and never a
    // recomputation of the parse (a cache can be dropped and rebuilt behind one's back).
    String staging = ctx.lake("_staging", "ingest-" + ctx.runId());
    ctx.describe("parse");
    long t0 = System.nanoTime();
    parsed
        .withColumn(
            "_target", when(col("reason").isNull(), col("event_type")).otherwise(lit("_bad")))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("_target")
        .parquet(staging + "/parsed");
    LOG.info("ingest: parsed {} files in {} s", files.size(), secs(t0));
    try {
      Dataset<Row> staged = spark
          .read()
          .schema(EventTypes.parsedSchema().add("_target", DataTypes.StringType))
          .parquet(staging + "/parsed");

      // Duplicates: a later delivery of an event_id seen earlier in the batch (the earliest by
      // date,
      // file and line is kept) or already ingested on one of the lookback dates before the window.
      // Found on narrow rows (id and location only); the flags are small and joined back by
      // broadcast.
      Dataset<Row> ids = staged
          .filter(col("_target").notEqual("_bad"))
          .select(
              col("event_id"),
              struct(col("dt"), col("source_file"), col("line_no")).as("loc"));
      Dataset<Row> flags = ids.groupBy("event_id")
          .agg(count(lit(1)).as("_n"), min("loc").as("_keep"))
          .filter(col("_n").gt(1))
          .select(
              col("event_id").as("_dup_id"),
              col("_keep"),
              lit(null).cast("date").as("_prior_dt"));
      Dataset<Row> prior = priorEventIds(ctx, from);
      if (prior != null) {
        Dataset<Row> seen = ids.select("event_id")
            .distinct()
            .join(prior, col("event_id").equalTo(col("_prior_id")))
            .select(
                col("event_id").as("_dup_id"),
                lit(null).cast(flags.schema().apply("_keep").dataType()).as("_keep"),
                col("_prior_dt"));
        flags = flags
            .unionByName(seen)
            .groupBy("_dup_id")
            .agg(max("_keep").as("_keep"), min("_prior_dt").as("_prior_dt"));
      }
      ctx.describe("duplicates");
      flags.write().mode(SaveMode.ErrorIfExists).parquet(staging + "/duplicates");
      Dataset<Row> dupes = spark.read().parquet(staging + "/duplicates");

      Dataset<Row> flagged = staged.join(
          org.apache.spark.sql.functions.broadcast(dupes),
          staged
              .col("event_id")
              .equalTo(dupes.col("_dup_id"))
              .and(staged.col("_target").notEqual("_bad")),
          "left");
      Column isLaterCopy = col("_keep")
          .isNotNull()
          .and(struct(col("dt"), col("source_file"), col("line_no")).notEqual(col("_keep")));
      Column reason = when(col("reason").isNotNull(), col("reason"))
          .when(
              col("_prior_dt").isNotNull(),
              concat(lit("duplicate_event_id:ingested_on_"), col("_prior_dt").cast("string")))
          .when(isLaterCopy, lit("duplicate_event_id"));
      Column raw = when(
              col("reason").isNull().and(col("_prior_dt").isNotNull().or(isLaterCopy)),
              to_json(struct(col("event_id"), lit(true).as("duplicate"))))
          .otherwise(col("raw_line"));
      List<Column> cols = new ArrayList<>();
      for (String c : EventTypes.parsedSchema().fieldNames()) {
        cols.add(
            c.equals("reason")
                ? reason.as("reason")
                : c.equals("raw_line") ? raw.as("raw_line") : col(c));
      }
      cols.add(col("_target"));
      Dataset<Row> classified = flagged.select(cols.toArray(Column[]::new));
      return write(ctx, classified, from, to, files.size());
    } finally {
      org.apache.hadoop.fs.Path sp = new org.apache.hadoop.fs.Path(staging);
      sp.getFileSystem(conf.get()).delete(sp, true);
    }
  }

  private JobResult write(
      JobContext ctx, Dataset<Row> classified, LocalDate from, LocalDate to, int fileCount) {
    ctx.describe("count");
    long t0 = System.nanoTime();
    // One small aggregation: lines per tenant x type x reason (never raw rows on the driver).
    List<Row> tally = classified
        .groupBy(col("tenant_id"), col("event_type"), col("reason"))
        .agg(count(lit(1)).as("n"))
        .collectAsList();
    long in = 0;
    long quarantined = 0;
    Map<String, Long> okByType = new TreeMap<>();
    Map<String, long[]> byTenant = new TreeMap<>();
    Map<String, Map<String, Long>> reasonsByTenant = new TreeMap<>();
    for (Row r : tally) {
      long n = r.getLong(3);
      String tenant = r.isNullAt(0) ? "(unknown)" : r.getString(0);
      String reason = r.isNullAt(2) ? null : r.getString(2);
      in += n;
      long[] t = byTenant.computeIfAbsent(tenant, k -> new long[2]);
      t[0] += n;
      if (reason == null) {
        okByType.merge(r.getString(1), n, Long::sum);
      } else {
        quarantined += n;
        t[1] += n;
        String code = reason.startsWith("duplicate_event_id") ? "duplicate_event_id" : reason;
        reasonsByTenant.computeIfAbsent(tenant, k -> new TreeMap<>()).merge(code, n, Long::sum);
      }
    }
    long ok = in - quarantined;
    LOG.info("ingest: classified {} lines ({} quarantined) in {} s", in, quarantined, secs(t0));
    long t1 = System.nanoTime();

    Column replace = col("dt")
        .geq(lit(java.sql.Date.valueOf(from)))
        .and(col("dt").lt(lit(java.sql.Date.valueOf(to))));
    Map<String, Long> outputs = new LinkedHashMap<>();
    // The Delta writes (up to nine) are independent tables: run them side by side (most of a small
    // write's time is Delta's driver-side commit work, not the scan of the persisted batch).
    // A table with no rows in this run is written only when it exists (its rows of the window are
    // replaced by none); one that does not is not created empty: readers take a type that was never
    // ingested as no events (Events.ingested), and each creation is a Delta commit of its own.
    Map<String, Dataset<Row>> writes = new LinkedHashMap<>();
    for (String type : EventTypes.TYPES.keySet()) {
      long n = okByType.getOrDefault(type, 0L);
      if (n > 0 || Events.ingested(ctx, type)) {
        writes.put(
            eventsPath(ctx, type),
            classified
                .filter(col("_target").equalTo(type).and(col("reason").isNull()))
                .select(EventTypes.typedColumns(type).toArray(Column[]::new)));
      }
      outputs.put("events/" + type, n);
    }
    if (quarantined > 0 || DeltaSink.exists(ctx.spark(), quarantinePath(ctx))) {
      writes.put(
          quarantinePath(ctx),
          classified
              .filter(col("reason").isNotNull())
              .select(
                  EventTypes.QUARANTINE_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new)));
    }
    outputs.put("quarantine", quarantined);
    ensureLake(ctx);
    ctx.describe("write delta");
    SideBySide.map(List.copyOf(writes.entrySet()), 4, "writing the ingested events", e -> {
      ctx.describe("write " + e.getKey());
      long w0 = System.nanoTime();
      // one task per date writes that date's files (capped at spark.sql.files.maxRecordsPerFile
      // rows)
      ctx.delta().replace(e.getKey(), e.getValue().repartition(col("dt")), replace, "dt");
      LOG.info("ingest: wrote {} in {} s", e.getKey(), secs(w0));
      return e.getKey();
    });

    LOG.info("ingest: wrote {} Delta tables in {} s", writes.size(), secs(t1));
    long alerts = stageQualityAlerts(ctx, byTenant, reasonsByTenant);
    outputs.put("drift_alerts(data_quality)", alerts);
    String msg = String.format(
        "%d files, %d lines: %d events, %d quarantined (%s)",
        fileCount,
        in,
        ok,
        quarantined,
        reasonsByTenant.values().stream()
            .flatMap(m -> m.entrySet().stream())
            .collect(java.util.stream.Collectors.groupingBy(
                Map.Entry::getKey,
                TreeMap::new,
                java.util.stream.Collectors.summingLong(Map.Entry::getValue))));
    return JobResult.of(in, ok, quarantined, outputs, msg);
  }

  /** The lake root exists after any ingest run (the later jobs refuse a missing one), written to or not. */
  private static void ensureLake(JobContext ctx) {
    org.apache.hadoop.fs.Path lake =
        new org.apache.hadoop.fs.Path(ctx.settings().lakeDir());
    try {
      lake.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).mkdirs(lake);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          Settings.userName(Input.LAKE.setting()) + " = '" + lake + "' cannot be created: "
              + e.getMessage(),
          e);
    }
  }

  private static String secs(long t0) {
    return String.format("%.1f", (System.nanoTime() - t0) / 1e9);
  }

  /** (event_id, dt) of events already ingested on the lookback dates before the window. */
  private Dataset<Row> priorEventIds(JobContext ctx, LocalDate from) {
    Period lookback = ctx.settings().ingest().dedupLookback();
    if (lookback.isZero()) {
      return null;
    }
    // each table's snapshot is loaded when its read is planned: the tables side by side (on a
    // re-run or a backfill, nine sequential snapshot loads were most of the step); a table with no
    // date directory in the lookback is not read at all (a listing, where its snapshot and the
    // planning of its scan cost 1.5-4 s each); Events.landed is null for a type never ingested
    LocalDate first = from.minus(lookback);
    List<Dataset<Row>> reads = SideBySide.map(
            List.copyOf(EventTypes.TYPES.keySet()),
            4,
            "reading the lookback's event ids",
            type -> Events.anyLanded(ctx, type, first, from)
                ? Events.landed(ctx, type, first, from)
                : null)
        .stream()
        .filter(java.util.Objects::nonNull)
        .map(d -> d.select(col("event_id").as("_prior_id"), col("dt").as("_prior_dt")))
        .toList();
    if (reads.isEmpty()) {
      return null;
    }
    Dataset<Row> all = reads.get(0);
    for (Dataset<Row> d : reads.subList(1, reads.size())) {
      all = all.unionByName(d);
    }
    // one row per id: the earliest date it was ingested on
    return all.groupBy("_prior_id").agg(min("_prior_dt").as("_prior_dt"));
  }

  private long stageQualityAlerts(
      JobContext ctx,
      Map<String, long[]> byTenant,
      Map<String, Map<String, Long>> reasonsByTenant) {
    double threshold = ctx.settings().ingest().quarantineAlertShare();
    long minLines = ctx.settings().ingest().quarantineAlertMinLines();
    List<Row> alerts = new ArrayList<>();
    java.sql.Timestamp ws = java.sql.Timestamp.from(ctx.window().start());
    java.sql.Timestamp we = java.sql.Timestamp.from(ctx.window().end());
    for (Map.Entry<String, long[]> e : byTenant.entrySet()) {
      String tenant = e.getKey();
      long lines = e.getValue()[0];
      long bad = e.getValue()[1];
      if (tenant.equals("(unknown)") || lines < minLines || lines == 0) {
        continue;
      }
      if (ctx.tenant().isPresent() && !ctx.tenant().get().equals(tenant)) {
        continue;
      }
      double share = (double) bad / lines;
      if (share <= threshold) {
        continue;
      }
      String severity =
          share > 4 * threshold ? "critical" : share > 2 * threshold ? "high" : "medium";
      com.fasterxml.jackson.databind.node.ObjectNode details = Json.object()
          .put("lines", lines)
          .put("quarantined", bad)
          .put(
              "quarantined_share",
              java.math.BigDecimal.valueOf(share).setScale(6, java.math.RoundingMode.HALF_UP))
          .put("threshold", threshold);
      com.fasterxml.jackson.databind.node.ObjectNode reasons = details.putObject("reasons");
      reasonsByTenant.getOrDefault(tenant, Map.of()).forEach(reasons::put);
      details.put("quarantine_table", quarantinePath(ctx).replace("\\", "/"));
      alerts.add(RowFactory.create(
          tenant, "*", "", "data_quality", severity, Json.write(details), false, ws, we, NAME));
    }
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("tenant_id", DataTypes.StringType, false),
        DataTypes.createStructField("model_id", DataTypes.StringType, false),
        DataTypes.createStructField("model_version", DataTypes.StringType, false),
        DataTypes.createStructField("alert_type", DataTypes.StringType, false),
        DataTypes.createStructField("severity", DataTypes.StringType, false),
        DataTypes.createStructField("details", DataTypes.StringType, false),
        DataTypes.createStructField("retraining_triggered", DataTypes.BooleanType, false),
        DataTypes.createStructField("window_start", DataTypes.TimestampType, false),
        DataTypes.createStructField("window_end", DataTypes.TimestampType, false),
        DataTypes.createStructField("source_job", DataTypes.StringType, false)));
    Dataset<Row> df = ctx.spark().createDataFrame(alerts, schema).coalesce(1);
    Scope scope = Scope.exactWindow("window_start", "window_end", ctx.window())
        .and("alert_type = 'data_quality' AND source_job = ?", NAME);
    return ctx.writer()
        .upsert(
            "drift_alerts",
            df,
            scope,
            List.of(
                "tenant_id",
                "model_id",
                "model_version",
                "alert_type",
                "window_start",
                "window_end"),
            List.of(
                "status",
                "acknowledged_by",
                "acknowledged_at",
                "resolved_at",
                "resolution_notes",
                "created_at"),
            Scope.where("status = ? AND acknowledged_by IS NULL", "open"));
  }
}
