package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feedback job. (1) Every user_feedback row still pending and created before the window end
 * (optionally one tenant's) gets its language, sentiment (positive/neutral/negative), combined score
 * and text-only score from {@link SentimentAnalyzer}, processing_status processed and processed_at;
 * a row that cannot be processed (bad rating, unknown target type, empty or huge comment, no
 * signal) gets status failed with its reason, so nothing stays pending forever. Only these
 * processing columns are written ({@link io.vigia.common.job.ResultWriter#update}), and only on rows
 * still pending at commit. (2) The corrections of feedback created inside the window are aggregated
 * per tenant x model x target type into feedback_correction_metrics: how far the corrected values
 * are from the predicted ones (looked up in the ingested prediction events, or carried in the
 * correction as predicted_value / predicted_class). (3) Feedback for review: a processed row rated at
 * or below vigia.feedback.min-rating-for-review gets requires_review = true (with the processing
 * columns, so a re-run finds it no longer pending and leaves it alone), and the window's days are
 * searched for bursts of it ({@link ReviewBursts}: feedback_review_bursts, which notify). (4)
 * Sentiment learned from ratings ({@link SentimentModels}): where a tenant x language has a model of
 * the run's period that beat the lexicon on held-out rows (found in feedback_sentiment_models, or
 * fitted once on the rated comments before the period and registered), its comments are labelled by
 * it, with the rating still a prior.
 *
 * <p>Rows are read by Spark's JDBC source in id ranges and copied once to Parquet; no feedback row
 * reaches the driver, only counts per status and reason.
 */
public final class FeedbackJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackJob.class);
  public static final String NAME = "feedback";
  static final long DAY_SECONDS = 24 * 3600;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "user feedback: language, lexicon (or tenant-learned) sentiment with the rating as prior, failed-with-reason; corrections per model";
  }

  @Override
  public RunRules rules() {
    // the lake's predictions fill in corrections without a predicted value, when it exists
    return RunRules.NONE
        .enabledBy("vigia.feedback.processing-enabled")
        .readsIfPresent(Input.LAKE)
        .readsTables("user_feedback");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Settings s = ctx.settings();
    String staging = ctx.lake("_staging", "feedback-" + ctx.runId());
    org.apache.hadoop.fs.Path sp = new org.apache.hadoop.fs.Path(staging);
    try {
      ctx.describe("read pending feedback");
      long t0 = System.nanoTime();
      long modelsStaged = 0;
      boolean learnsSentiment = s.feedback().sentimentModel().enabled();
      Instant processedAt = ctx.clock().instant();
      SentimentAnalyzer analyzer = new SentimentAnalyzer(
          s.feedback().ratingPriorWeight(),
          s.feedback().neutralBand(),
          s.feedback().maxCommentChars());
      classify(readPending(ctx), analyzer, processedAt, s.feedback().minRatingForReview())
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(staging + "/lexicon");
      Dataset<Row> done = ctx.spark().read().parquet(staging + "/lexicon");
      LOG.info("feedback: classified the pending rows in {} s", secs(t0));
      String modelMsg = "";
      if (learnsSentiment) {
        ctx.describe("sentiment models");
        t0 = System.nanoTime();
        SentimentModels.ForRun fr = SentimentModels.forRun(ctx, analyzer, done);
        if (!fr.models().isEmpty()) {
          SentimentModels.relabel(
                  done,
                  fr.models(),
                  s.feedback().ratingPriorWeight(),
                  s.feedback().neutralBand())
              .write()
              .mode(SaveMode.ErrorIfExists)
              .parquet(staging + "/model");
          done = ctx.spark().read().parquet(staging + "/model");
        }
        modelsStaged = fr.staged();
        modelMsg = "; " + fr.message();
        LOG.info("feedback: {} in {} s", fr.message(), secs(t0));
      }
      done = done.drop("tenant_id", "comment", "rating");

      ctx.describe("count outcomes");
      Map<String, Long> failures = new TreeMap<>();
      Map<String, Long> languages = new TreeMap<>();
      long processed = 0;
      long failed = 0;
      long within24h = 0;
      long flagged = 0;
      Column reasonKind = split(col("failure_reason"), ":").getItem(0);
      for (Row r : done.groupBy(col("processing_status"), reasonKind.as("reason"), col("language"))
          .agg(
              count(lit(1)).as("n"),
              sum(when(
                          col("processed_at")
                              .cast("long")
                              .minus(col("created_at").cast("long"))
                              .leq(DAY_SECONDS),
                          1L)
                      .otherwise(0L))
                  .as("in24h"),
              sum(when(col("requires_review"), 1L).otherwise(0L)).as("flagged"))
          .collectAsList()) {
        long n = r.<Long>getAs("n");
        if ("failed".equals(r.<String>getAs("processing_status"))) {
          failed += n;
          failures.merge(r.<String>getAs("reason"), n, Long::sum);
        } else {
          processed += n;
          within24h += r.<Long>getAs("in24h");
        }
        String language = r.getAs("language");
        languages.merge(language == null ? "none" : language, n, Long::sum);
        flagged += r.<Long>getAs("flagged");
      }
      long in = processed + failed;
      Map<String, Long> outputs = new LinkedHashMap<>();
      if (in > 0) {
        outputs.put("user_feedback", writeBack(ctx, done.drop("hits")));
      } else {
        outputs.put("user_feedback", 0L);
      }
      t0 = System.nanoTime();
      outputs.put(
          "feedback_correction_metrics",
          ctx.writer()
              .replace(
                  "feedback_correction_metrics",
                  correctionMetrics(ctx, readCorrections(ctx), processedAt),
                  Scope.exactWindow("period_start", "period_end", ctx.window())));
      LOG.info("feedback: correction metrics in {} s", secs(t0));
      if (learnsSentiment) {
        outputs.put(SentimentModels.TABLE, modelsStaged);
      }
      long bursts = ReviewBursts.stage(ctx);
      outputs.put("feedback_review_bursts", bursts);
      String share = processed == 0
          ? "n/a"
          : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * within24h / processed);
      String msg = String.format(
          "%d pending rows: %d processed (%s within 24 h of creation), %d failed %s; languages %s;"
              + " %d flagged for review, %d review bursts%s",
          in, processed, share, failed, failures, languages, flagged, bursts, modelMsg);
      return JobResult.of(in, processed, failed, outputs, msg);
    } finally {
      sp.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).delete(sp, true);
    }
  }

  /**
   * The write-back: stages the rows' processing columns (keyed by id, created_at) for the commit's
   * one UPDATE of user_feedback, which changes only the rows still pending and created before the
   * window end at commit ({@link io.vigia.common.job.ResultWriter#update}). Returns the rows staged.
   * (FeedbackBench times it alone, with the rows the job wrote.)
   */
  public static long writeBack(JobContext ctx, Dataset<Row> rows) {
    Scope pending = new Scope(
        "processing_status = 'pending' AND created_at < ?",
        List.of(Timestamp.from(ctx.window().end())));
    return ctx.writer().update("user_feedback", rows, pending, List.of("id", "created_at"));
  }

  /**
   * The processing columns of each row: (id, created_at) key, sentiment, sentiment_score,
   * text_sentiment_score, language, processing_status, processed_at, failure_reason, requires_review
   * (rated at or below minRatingForReview), hits; then the input's tenant_id, comment and rating when it
   * has them (for the sentiment models; the job drops them before writing). Pure: tests call it on
   * in-memory rows (with ratings or target types the database would refuse).
   */
  public static Dataset<Row> classify(
      Dataset<Row> rows, SentimentAnalyzer analyzer, Instant processedAt, int minRatingForReview) {
    StructType out = new StructType()
        .add("status", DataTypes.StringType)
        .add("sentiment", DataTypes.StringType)
        .add("score", DataTypes.DoubleType)
        .add("text_score", DataTypes.DoubleType)
        .add("language", DataTypes.StringType)
        .add("hits", DataTypes.IntegerType)
        .add("failure_reason", DataTypes.StringType);
    UserDefinedFunction udf = org.apache.spark.sql.functions.udf(
        (UDF4<String, Integer, String, String, Row>) (target, rating, comment, correction) -> {
          SentimentAnalyzer.Result r;
          try {
            r = analyzer.analyze(target, rating, comment, correction);
          } catch (RuntimeException e) {
            // a defect in the analyser must not leave the row pending forever nor fail the whole
            // batch
            r = new SentimentAnalyzer.Result(
                "failed",
                null,
                null,
                null,
                null,
                0,
                "analysis_error:" + e.getClass().getSimpleName());
          }
          return RowFactory.create(
              r.status(),
              r.sentiment(),
              r.score(),
              r.textScore(),
              r.language(),
              r.hits(),
              r.failureReason());
        },
        out);
    List<String> pass = new java.util.ArrayList<>();
    for (String c : List.of("tenant_id", "comment", "rating")) {
      if (java.util.Arrays.asList(rows.columns()).contains(c)) {
        pass.add(c);
      }
    }
    List<Column> first = new java.util.ArrayList<>(List.of(
        col("id"),
        col("created_at"),
        udf.apply(
                col("target_type"),
                col("rating").cast("int"),
                col("comment"),
                col("correction_data").cast("string"))
            .as("r"),
        coalesce(col("rating").cast("int").leq(minRatingForReview), lit(false))
            .as("requires_review")));
    List<Column> second = new java.util.ArrayList<>(List.of(
        col("id"),
        col("created_at"),
        col("r.sentiment").as("sentiment"),
        col("r.score").as("sentiment_score"),
        col("r.text_score").as("text_sentiment_score"),
        col("r.language").as("language"),
        col("r.status").as("processing_status"),
        lit(Timestamp.from(processedAt)).as("processed_at"),
        col("r.failure_reason").as("failure_reason"),
        col("requires_review"),
        col("r.hits").as("hits")));
    for (String c : pass) {
      first.add("rating".equals(c) ? col(c).cast("int").as(c) : col(c));
      second.add(col(c));
    }
    return rows.select(first.toArray(new Column[0])).select(second.toArray(new Column[0]));
  }

  /** Pending rows created before the window end, read in id ranges (one query per partition). */
  static Dataset<Row> readPending(JobContext ctx) throws SQLException {
    return readRange(
        ctx,
        "processing_status = 'pending' AND created_at < ?",
        List.of(Timestamp.from(ctx.window().end())),
        "(SELECT id, tenant_id, created_at, target_type, rating::int AS rating, comment, correction_data::text AS "
            + "correction_data FROM user_feedback WHERE processing_status = 'pending') f",
        col("created_at").lt(lit(ctx.window().end())));
  }

  /**
   * Rows with a rating and a comment created in [from, to), whatever their processing status: the
   * training rows of the sentiment models.
   */
  static Dataset<Row> readRated(JobContext ctx, Instant from, Instant to) throws SQLException {
    return readRange(
        ctx,
        "rating IS NOT NULL AND comment IS NOT NULL AND created_at >= ? AND created_at < ?",
        List.of(Timestamp.from(from), Timestamp.from(to)),
        "(SELECT id, tenant_id, created_at, target_type, rating::int AS rating, comment, NULL::text AS "
            + "correction_data FROM user_feedback WHERE rating IS NOT NULL AND comment IS NOT NULL) r",
        col("created_at").geq(lit(from)).and(col("created_at").lt(lit(to))));
  }

  /** Rows with correction data created inside the window. */
  static Dataset<Row> readCorrections(JobContext ctx) throws SQLException {
    Window w = ctx.window();
    return readRange(
            ctx,
            "correction_data IS NOT NULL AND created_at >= ? AND created_at < ?",
            List.of(Timestamp.from(w.start()), Timestamp.from(w.end())),
            "(SELECT id, tenant_id, model_id, target_type, target_id, created_at, correction_data::text AS correction_data "
                + "FROM user_feedback WHERE correction_data IS NOT NULL) c",
            col("created_at").geq(lit(w.start())).and(col("created_at").lt(lit(w.end()))))
        .drop("created_at");
  }

  /**
   * The rows of {@code sub} (a constant query over user_feedback) matching {@code filter} and, for
   * --tenant runs, the tenant, read in id ranges. The id bounds come from a driver query with the same
   * condition as bound parameters ({@code where}, {@code params}); the rows from Spark's JDBC source,
   * the condition given as Columns (pushed down as Spark's compiled predicate, never concatenated here).
   */
  static Dataset<Row> readRange(
      JobContext ctx, String where, List<Object> params, String sub, Column filter)
      throws SQLException {
    String tenantWhere = ctx.tenant().isPresent() ? " AND tenant_id = ?" : "";
    long lo;
    long hi;
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM user_feedback WHERE " + where
                + tenantWhere)) {
      int i = 1;
      for (Object p : params) {
        ps.setObject(i++, p);
      }
      if (ctx.tenant().isPresent()) {
        ps.setString(i, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        lo = rs.getLong(1);
        hi = rs.getLong(2);
      }
    }
    if (ctx.tenant().isPresent()) {
      filter = filter.and(col("tenant_id").equalTo(lit(ctx.tenant().get())));
    }
    return io.vigia.common.db.IdRangeRead.read(ctx.spark(), ctx.db(), sub, lo, hi)
        .filter(filter);
  }

  /**
   * Corrections per tenant x model x target type. For each correction the predicted value is the
   * correction's own predicted_value / predicted_class, else the ingested prediction event with the
   * feedback's target_id as prediction_id (read from lake/events/prediction over the window and the
   * vigia.feedback.prediction-lookback-days before it). A correction is numeric when both
   * corrected_value and a predicted value are known, else a class correction when corrected_class and a
   * predicted class are known, else unmatched. Numeric: mean |c - p|, mean (c - p), and mean
   * |c - p| / |c| over c <> 0. Class: share with c <> p and the five most frequent p -> c changes.
   */
  static Dataset<Row> correctionMetrics(
      JobContext ctx, Dataset<Row> corrections, Instant computedAt) {
    Dataset<Row> c = corrections.select(
        col("id"),
        col("tenant_id"),
        coalesce(col("model_id"), lit("")).as("model_id"),
        col("target_type"),
        col("target_id"),
        get_json_object(col("correction_data"), "$.corrected_value")
            .cast("double")
            .as("cv"),
        get_json_object(col("correction_data"), "$.corrected_class").as("cc"),
        get_json_object(col("correction_data"), "$.predicted_value")
            .cast("double")
            .as("jpv"),
        get_json_object(col("correction_data"), "$.predicted_class").as("jpc"));
    Window w = ctx.window();
    Dataset<Row> landed = io.vigia.jobs.ingest.Events.landed(
        ctx,
        io.vigia.common.events.EventTypes.PREDICTION,
        w.firstDate().minus(ctx.settings().feedback().predictionLookback()),
        w.endDateExclusive());
    if (landed != null) {
      Dataset<Row> preds = landed
          .groupBy(col("tenant_id").as("p_tenant"), col("prediction_id").as("p_id"))
          .agg(
              first(col("prediction"), true).as("lpv"),
              first(col("predicted_class"), true).as("lpc"));
      c = c.join(
          preds,
          col("tenant_id")
              .equalTo(col("p_tenant"))
              .and(col("target_id").equalTo(col("p_id")))
              .and(col("target_type").equalTo("prediction")),
          "left");
    } else {
      c = c.withColumn("lpv", lit(null).cast("double"))
          .withColumn("lpc", lit(null).cast("string"));
    }
    Column pv = coalesce(col("jpv"), col("lpv"));
    Column pc = coalesce(col("jpc"), col("lpc"));
    Column numeric = col("cv").isNotNull().and(pv.isNotNull());
    Column klass = numeric.unary_$bang().and(col("cc").isNotNull()).and(pc.isNotNull());
    Dataset<Row> x = c.select(
        col("tenant_id"),
        col("model_id"),
        col("target_type"),
        numeric.as("is_num"),
        klass.as("is_class"),
        when(numeric, col("cv").minus(pv)).as("err"),
        when(numeric.and(col("cv").notEqual(0)), abs(col("cv").minus(pv)).divide(abs(col("cv"))))
            .as("pct"),
        when(klass, pc).as("pc"),
        when(klass, col("cc")).as("cc"));
    Column[] g = {col("tenant_id"), col("model_id"), col("target_type")};
    Dataset<Row> agg = x.groupBy(g)
        .agg(
            count(lit(1)).as("corrections_count"),
            sum(when(col("is_num").or(col("is_class")), 1L).otherwise(0L)).as("matched_count"),
            sum(when(col("is_num"), 1L).otherwise(0L)).as("numeric_count"),
            avg(abs(col("err"))).as("mean_abs_error"),
            avg(col("err")).as("mean_signed_error"),
            avg(col("pct")).as("mean_abs_pct_error"),
            sum(when(col("is_class"), 1L).otherwise(0L)).as("class_count"),
            sum(when(col("is_class").and(col("pc").notEqual(col("cc"))), 1L).otherwise(0L))
                .as("class_changed_count"));
    org.apache.spark.sql.expressions.WindowSpec rank =
        org.apache.spark.sql.expressions.Window.partitionBy("tenant_id", "model_id", "target_type")
            .orderBy(col("n").desc(), col("from"), col("to"));
    Dataset<Row> top = x.filter(col("is_class").and(col("pc").notEqual(col("cc"))))
        .groupBy(
            col("tenant_id"),
            col("model_id"),
            col("target_type"),
            col("pc").as("from"),
            col("cc").as("to"))
        .agg(count(lit(1)).as("n"))
        .withColumn("rk", row_number().over(rank))
        .filter(col("rk").leq(5))
        .groupBy(
            col("tenant_id").as("t_tenant"),
            col("model_id").as("t_model"),
            col("target_type").as("t_target"))
        .agg(org.apache
            .spark
            .sql
            .functions
            .sort_array(
                collect_list(struct(col("rk"), col("from"), col("to"), col("n").as("count"))))
            .as("top"));
    return agg.join(
            top,
            col("tenant_id")
                .equalTo(col("t_tenant"))
                .and(col("model_id").equalTo(col("t_model")))
                .and(col("target_type").equalTo(col("t_target"))),
            "left")
        .select(
            col("tenant_id"),
            col("model_id"),
            col("target_type"),
            lit(Timestamp.from(ctx.window().start())).as("period_start"),
            lit(Timestamp.from(ctx.window().end())).as("period_end"),
            col("corrections_count"),
            col("matched_count"),
            col("numeric_count"),
            col("mean_abs_error"),
            col("mean_signed_error"),
            col("mean_abs_pct_error"),
            col("class_count"),
            col("class_changed_count"),
            when(col("class_count").gt(0), col("class_changed_count").divide(col("class_count")))
                .as("class_changed_share"),
            coalesce(
                    to_json(org.apache.spark.sql.functions.transform(
                        col("top"),
                        e -> struct(
                            e.getField("from").as("from"),
                            e.getField("to").as("to"),
                            e.getField("count").as("count")))),
                    lit("[]"))
                .as("top_class_changes"),
            lit(Timestamp.from(computedAt)).as("computed_at"))
        .coalesce(1);
  }

  private static String secs(long t0) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }
}
