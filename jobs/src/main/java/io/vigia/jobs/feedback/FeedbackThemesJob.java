package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.FeedbackSettings.Themes;
import io.vigia.jobs.feedback.FeedbackThemes.Theme;
import io.vigia.jobs.privacyscan.PrivacyScanJob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * feedback-themes: the negative feedback comments of each tenant x model in the window (the period) and
 * in the period of the same length before it, read from the privacy scan's sanitized copies only
 * (lake/sanitized/user_feedback: no personal data enters a model or a theme), grouped into themes
 * ({@link FeedbackThemes}), written to feedback_themes (the period's rows replaced). A comment is
 * negative when the feedback job labelled it negative (user_feedback.sentiment), or, not yet labelled,
 * when its rating is at most vigia.feedback.min-rating-for-review.
 *
 * <p>A job of its own rather than a step of the feedback job: the feedback job runs every six hours on
 * pending rows, the themes need whole periods (a week by default) of comments that the privacy scan has
 * already sanitized (it runs daily), and one MLlib fit per tenant x model is too heavy for a six-hourly
 * run.
 */
public final class FeedbackThemesJob implements Job {
  public static final String NAME = "feedback-themes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "themes of the negative sanitized feedback comments per tenant x model x period (MLlib), rising themes";
  }

  @Override
  public int defaultWindowDays() {
    return 7;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.enabledBy("vigia.feedback.themes.enabled").reads(Input.LAKE);
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Themes s = ctx.settings().feedback().themes();
    Window w = ctx.window();
    Window both = new Window(w.start().minus(w.length()), w.end());
    Map<String, Long> outputs = new LinkedHashMap<>();
    Dataset<Row> sanitized = PrivacyScanJob.sanitized(ctx, "user_feedback", both);
    List<Theme> themes = List.of();
    long models = 0;
    if (sanitized != null) {
      ctx.describe("feedback themes");
      Dataset<Row> negatives =
          negatives(ctx, sanitized, w, ctx.settings().feedback().minRatingForReview());
      themes = FeedbackThemes.find(negatives, s);
      models = themes.stream().map(t -> t.tenant() + "/" + t.model()).distinct().count();
    }
    Scope scope = Scope.exactWindow("period_start", "period_end", w);
    outputs.put(
        "feedback_themes",
        ctx.writer()
            .replace(
                "feedback_themes",
                ctx.spark().createDataFrame(rows(themes, w), SCHEMA).coalesce(1),
                ctx.tenant().map(scope::andTenant).orElse(scope)));
    long rising = themes.stream().filter(Theme::rising).count();
    String msg = sanitized == null
        ? "no sanitized feedback (lake/sanitized/user_feedback): run privacy-scan first"
        : String.format(
            Locale.ROOT,
            "%d models with themes (%s), %d themes, %d rising%s",
            models,
            s.algorithm().wire(),
            themes.size(),
            rising,
            risingText(themes));
    return JobResult.of(themes.size(), themes.size(), 0, outputs, msg);
  }

  private static String risingText(List<Theme> themes) {
    List<String> out = new ArrayList<>();
    for (Theme t : themes) {
      if (t.rising()) {
        out.add(String.format(
            Locale.ROOT,
            "%s/%s [%s] %.0f%% -> %.0f%%",
            t.tenant(),
            t.model(),
            t.termsText(),
            100 * t.previousShare(),
            100 * t.share()));
      }
    }
    return out.isEmpty() ? "" : ": " + String.join("; ", out);
  }

  /**
   * The negative sanitized comments of the two periods: tenant_id, model_id, id, comment, language, side
   * (1 in the window, 0 before). The labels come from user_feedback (id, sentiment, language; read in id
   * ranges on the executors), joined on id.
   */
  static Dataset<Row> negatives(
      JobContext ctx, Dataset<Row> sanitized, Window w, int maxNegativeRating) throws SQLException {
    Window both = new Window(w.start().minus(w.length()), w.end());
    Dataset<Row> labels = FeedbackJob.readRange(
            ctx,
            "created_at >= ? AND created_at < ?",
            List.of(Timestamp.from(both.start()), Timestamp.from(both.end())),
            "(SELECT id, tenant_id, created_at, sentiment, language FROM user_feedback) s",
            col("created_at")
                .geq(lit(Timestamp.from(both.start())))
                .and(col("created_at").lt(lit(Timestamp.from(both.end())))))
        .select(col("id").as("l_id"), col("sentiment"), col("language"));
    return label(
        sanitized.join(labels, col("id").equalTo(col("l_id")), "left"), w, maxNegativeRating);
  }

  /**
   * The negative rows of sanitized feedback carrying its labels (sentiment, language; null when not
   * labelled yet): negative = sentiment negative, or no sentiment and rating at most maxNegativeRating.
   * Pure: tests call it on in-memory rows.
   */
  static Dataset<Row> label(Dataset<Row> labelled, Window w, int maxNegativeRating) {
    Column negative = coalesce(
        col("sentiment").equalTo("negative"),
        col("rating").cast("int").leq(maxNegativeRating),
        lit(false));
    return labelled
        .filter(negative.and(col("comment").isNotNull()))
        .select(
            col("tenant_id"),
            coalesce(col("model_id"), lit("")).as("model_id"),
            col("id").cast("long").as("id"),
            col("comment"),
            col("language"),
            when(col("ts").geq(lit(Timestamp.from(w.start()))), 1).otherwise(0).as("side"));
  }

  static final StructType SCHEMA = StructType.fromDDL(
      "tenant_id STRING NOT NULL, model_id STRING NOT NULL, period_start TIMESTAMP NOT NULL, "
          + "period_end TIMESTAMP NOT NULL, theme INT NOT NULL, algorithm STRING NOT NULL, "
          + "top_terms STRING NOT NULL, terms_text STRING NOT NULL, comment_count BIGINT NOT NULL, "
          + "comment_share DOUBLE NOT NULL, previous_count BIGINT NOT NULL, previous_share DOUBLE NOT NULL, "
          + "negative_comments BIGINT NOT NULL, previous_negative_comments BIGINT NOT NULL, "
          + "share_ratio DOUBLE, trend STRING NOT NULL, chi_squared DOUBLE, p_value DOUBLE, "
          + "p_adjusted DOUBLE, example_ids STRING NOT NULL, details STRING NOT NULL");

  /** The table's rows (small: a few per model). */
  static List<Row> rows(List<Theme> themes, Window w) {
    List<Row> out = new ArrayList<>();
    for (Theme t : themes) {
      ArrayNode terms = Json.MAPPER.createArrayNode();
      for (int i = 0; i < t.terms().size(); i++) {
        terms
            .addObject()
            .put("term", t.terms().get(i))
            .put("weight", t.weights().get(i));
      }
      ArrayNode examples = Json.MAPPER.createArrayNode();
      t.examples().forEach(examples::add);
      ObjectNode details = Json.object();
      ObjectNode languages = details.putObject("languages");
      t.languages().forEach(languages::put);
      details.put(
          "test", "chi-squared 2 x 2 (Yates), Benjamini-Hochberg across the model's themes");
      out.add(RowFactory.create(
          t.tenant(),
          t.model(),
          Timestamp.from(w.start()),
          Timestamp.from(w.end()),
          t.theme(),
          t.algorithm().wire(),
          Json.write(terms),
          t.termsText(),
          t.count(),
          t.share(),
          t.previousCount(),
          t.previousShare(),
          t.negatives(),
          t.previousNegatives(),
          Json.finiteOrNull(t.shareRatio() == null ? Double.NaN : t.shareRatio()),
          t.trend(),
          t.chiSquared(),
          t.pValue(),
          t.pAdjusted(),
          Json.write(examples),
          Json.write(details)));
    }
    return out;
  }
}
