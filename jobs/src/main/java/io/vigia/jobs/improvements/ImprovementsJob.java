package io.vigia.jobs.improvements;

import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.jobs.improvements.Rules.Alert;
import io.vigia.jobs.improvements.Rules.Cache;
import io.vigia.jobs.improvements.Rules.Cost;
import io.vigia.jobs.improvements.Rules.ErrorSlice;
import io.vigia.jobs.improvements.Rules.Evidence;
import io.vigia.jobs.improvements.Rules.Experiment;
import io.vigia.jobs.improvements.Rules.FeatureDrift;
import io.vigia.jobs.improvements.Rules.FeedbackStats;
import io.vigia.jobs.improvements.Rules.ModelPerf;
import io.vigia.jobs.improvements.Rules.RisingTheme;
import io.vigia.jobs.improvements.Rules.Signal;
import io.vigia.jobs.improvements.Rules.Suggestion;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The improvements job: reads the evidence the other jobs wrote for the window (feedback in
 * user_feedback, model_performance_metrics, drift_alerts, feature_drift_metrics, decided
 * ab_experiments, cost_tracking, cache_performance_metrics), applies {@link Rules}, and upserts
 * improvement_suggestions. The evidence tables are results tables: PostgreSQL aggregates them and only
 * a few rows per tenant x model reach the driver.
 *
 * <p>No duplicates: an open (pending) suggestion of the same tenant, model and type is updated in
 * place (the row keeps its original window key); otherwise a new one is keyed by the run window.
 * Human-owned columns (status, approved_by, approved_at, implemented_at) and created_at are never
 * written. A pending suggestion keyed by this window that no longer fires is removed on a re-run.
 */
public final class ImprovementsJob implements Job {
  public static final String NAME = "improvements";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rule-based improvement suggestions from drift, experiments, feedback, cost and cache evidence";
  }

  @Override
  public int defaultWindowDays() {
    return 7;
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Evidence ev = load(ctx);
    List<Suggestion> sugg = Rules.evaluate(ev, ctx.settings());
    Map<String, Timestamp[]> open = openSuggestions(ctx);
    Window w = ctx.window();
    Timestamp now = Timestamp.from(ctx.clock().instant());
    List<Row> rows = new ArrayList<>();
    Map<String, Long> byType = new TreeMap<>();
    long updated = 0;
    for (Suggestion s : sugg) {
      Timestamp[] win = open.get(Rules.key(s.tenantId(), s.modelId(), s.type()));
      if (win != null) {
        updated++;
      } else {
        win = new Timestamp[] {Timestamp.from(w.start()), Timestamp.from(w.end())};
      }
      byType.merge(s.type(), 1L, Long::sum);
      rows.add(RowFactory.create(
          s.tenantId(),
          s.modelId(),
          s.type(),
          s.priority(),
          s.issue(),
          s.rootCause(),
          s.recommendation(),
          s.expectedImprovement(),
          s.confidence(),
          Json.write(s.steps()),
          Json.write(evidence(s, w)),
          win[0],
          win[1],
          NAME,
          s.effort(),
          now));
    }
    StructType schema = new StructType()
        .add("tenant_id", DataTypes.StringType, false)
        .add("model_id", DataTypes.StringType, false)
        .add("suggestion_type", DataTypes.StringType, false)
        .add("priority", DataTypes.StringType, false)
        .add("issue_identified", DataTypes.StringType, false)
        .add("root_cause_analysis", DataTypes.StringType)
        .add("recommendation", DataTypes.StringType, false)
        .add("expected_improvement", DataTypes.DoubleType)
        .add("confidence_score", DataTypes.DoubleType)
        .add("implementation_steps", DataTypes.StringType)
        .add("evidence", DataTypes.StringType)
        .add("window_start", DataTypes.TimestampType)
        .add("window_end", DataTypes.TimestampType)
        .add("source_job", DataTypes.StringType)
        .add("estimated_effort", DataTypes.StringType)
        .add("computed_at", DataTypes.TimestampType);
    Dataset<Row> df = ctx.spark().createDataFrame(rows, schema).coalesce(1);
    Scope stale = Scope.where(
        "status = ? AND window_start = ? AND window_end = ?",
        "pending",
        Timestamp.from(w.start()),
        Timestamp.from(w.end()));
    long written = ctx.writer()
        .upsert(
            "improvement_suggestions",
            df,
            new Scope("source_job = ?", List.of(NAME)),
            List.of("tenant_id", "model_id", "suggestion_type", "window_start", "window_end"),
            List.of("status", "approved_by", "approved_at", "implemented_at", "created_at"),
            stale);
    long evidenceRows = ev.feedback().size()
        + ev.perf().size()
        + ev.alerts().size()
        + ev.features().size()
        + ev.experiments().size()
        + ev.costs().size()
        + ev.caches().size()
        + ev.slices().size()
        + ev.themes().size();
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("improvement_suggestions", written);
    String msg = String.format(
        "%d evidence groups -> %d suggestions %s (%d update an open suggestion)",
        evidenceRows, sugg.size(), byType, updated);
    return JobResult.of(evidenceRows, evidenceRows, 0, outputs, msg);
  }

  static Map<String, Object> evidence(Suggestion s, Window w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", "vigia.improvements/1");
    m.put("rule", s.rule());
    m.put("window", Map.of("start", w.start().toString(), "end", w.end().toString()));
    List<Map<String, Object>> sig = new ArrayList<>();
    for (Signal x : s.signals()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("signal", x.name());
      e.put("strength", x.strength());
      e.put("n", x.n());
      e.put("n0", x.n0());
      e.put("rows", x.rows());
      sig.add(e);
    }
    m.put("signals", sig);
    m.put("confidence", "1 - prod(1 - strength * n / (n + n0)) over the signals");
    return m;
  }

  private static Map<String, Timestamp[]> openSuggestions(JobContext ctx) throws SQLException {
    Map<String, Timestamp[]> m = new HashMap<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement("SELECT tenant_id, model_id, "
            + "suggestion_type, window_start, window_end FROM improvement_suggestions WHERE status = 'pending' "
            + "AND source_job = ?" + tenantSql(ctx))) {
      ps.setString(1, NAME);
      bindTenant(ctx, ps, 2);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(
              Rules.key(rs.getString(1), rs.getString(2), rs.getString(3)),
              new Timestamp[] {rs.getTimestamp(4), rs.getTimestamp(5)});
        }
      }
    }
    return m;
  }

  private static String tenantSql(JobContext ctx) {
    return ctx.tenant().isPresent() ? " AND tenant_id = ?" : "";
  }

  private static void bindTenant(JobContext ctx, PreparedStatement ps, int i) throws SQLException {
    if (ctx.tenant().isPresent()) {
      ps.setString(i, ctx.tenant().get());
    }
  }

  /** The window's evidence, aggregated by PostgreSQL. */
  static Evidence load(JobContext ctx) throws SQLException {
    Window w = ctx.window();
    Timestamp ws = Timestamp.from(w.start());
    Timestamp we = Timestamp.from(w.end());
    String t = tenantSql(ctx);
    List<FeedbackStats> fb = new ArrayList<>();
    List<ModelPerf> perf = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    List<FeatureDrift> feats = new ArrayList<>();
    List<Experiment> exps = new ArrayList<>();
    List<Cost> costs = new ArrayList<>();
    List<Cache> caches = new ArrayList<>();
    List<ErrorSlice> slices = new ArrayList<>();
    List<RisingTheme> themes = new ArrayList<>();
    try (Connection c = ctx.db().connect()) {
      // negative: the sentiment when processed, else rating <= FEEDBACK_MIN_RATING_FOR_REVIEW (2,
      // as feedback_insights)
      query(
          c,
          ctx,
          "SELECT tenant_id, coalesce(model_id, ''), target_type, count(*), "
              + "count(*) FILTER (WHERE sentiment IS NOT NULL OR rating IS NOT NULL), "
              + "count(*) FILTER (WHERE CASE WHEN sentiment IS NOT NULL THEN sentiment = 'negative' ELSE rating <= ? END), "
              + "count(correction_data) FROM user_feedback WHERE created_at >= ? AND created_at < ?"
              + t
              + " GROUP BY 1, 2, 3",
          List.of(ctx.settings().feedback().minRatingForReview(), ws, we),
          rs -> fb.add(new FeedbackStats(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7))));
      query(
          c,
          ctx,
          "SELECT DISTINCT ON (tenant_id, model_id) tenant_id, model_id, id, model_version, sample_size, "
              + "drift_score, mape, reference_mape, accuracy, reference_accuracy FROM model_performance_metrics "
              + "WHERE period_end > ? AND period_end <= ?" + t
              + " ORDER BY tenant_id, model_id, drift_score DESC NULLS LAST, period_end DESC, id",
          List.of(ws, we),
          rs -> perf.add(new ModelPerf(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getString(4),
              rs.getLong(5),
              dbl(rs, 6),
              dbl(rs, 7),
              dbl(rs, 8),
              dbl(rs, 9),
              dbl(rs, 10))));
      query(
          c,
          ctx,
          "SELECT DISTINCT ON (tenant_id, model_id) tenant_id, model_id, id, alert_type, severity, drift_score "
              + "FROM drift_alerts WHERE window_end > ? AND window_end <= ? AND status <> 'resolved' "
              + "AND alert_type IN ('drift_detected', 'performance_degradation') AND model_id <> ''"
              + t
              + " ORDER BY tenant_id, model_id, CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 "
              + "WHEN 'medium' THEN 2 ELSE 1 END DESC, id",
          List.of(ws, we),
          rs -> alerts.add(new Alert(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getString(4),
              rs.getString(5),
              dbl(rs, 6))));
      query(
          c,
          ctx,
          "SELECT tenant_id, model_id, count(*) FILTER (WHERE NOT insufficient_data), "
              + "array_agg(DISTINCT feature ORDER BY feature) FILTER (WHERE drifted), "
              + "coalesce(max(psi) FILTER (WHERE drifted), 0), coalesce(max(ks_statistic) FILTER (WHERE drifted), 0), "
              + "coalesce(min(current_count) FILTER (WHERE drifted), 0) FROM feature_drift_metrics "
              + "WHERE period_end > ? AND period_end <= ?" + t + " GROUP BY 1, 2",
          List.of(ws, we),
          rs -> {
            Array a = rs.getArray(4);
            List<String> drifted = a == null ? List.of() : Arrays.asList((String[]) a.getArray());
            feats.add(new FeatureDrift(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                drifted,
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getLong(7)));
          });
      String cost = "results_summary->'metrics'->'guardrail.cost_usd'";
      query(
          c,
          ctx,
          "SELECT tenant_id, id, winner, control_model_id, treatment_model_id, "
              + "(" + cost + "->'control'->>'mean')::float8, (" + cost
              + "->'treatment'->>'mean')::float8, "
              + "(" + cost + "->'control'->>'n')::float8::bigint, (" + cost
              + "->'treatment'->>'n')::float8::bigint, p_value "
              + "FROM ab_experiments WHERE winner IN ('control', 'treatment') AND " + cost
              + " IS NOT NULL "
              + "AND (started_at IS NULL OR started_at < ?) AND (ended_at IS NULL OR ended_at >= ?)"
              + t + " ORDER BY id",
          List.of(we, ws),
          rs -> {
            if (rs.getObject(6) != null && rs.getObject(7) != null) {
              exps.add(new Experiment(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getDouble(6),
                  rs.getDouble(7),
                  rs.getLong(8),
                  rs.getLong(9),
                  dbl(rs, 10)));
            }
          });
      int days = w.dates().size();
      Date cur = Date.valueOf(w.firstDate());
      Date prev = Date.valueOf(w.firstDate().minusDays(days));
      Date end = Date.valueOf(w.endDateExclusive());
      query(
          c,
          ctx,
          "SELECT tenant_id, coalesce(sum(total_cost_usd) FILTER (WHERE usage_date >= ?), 0)::float8, "
              + "coalesce(sum(total_cost_usd) FILTER (WHERE usage_date < ?), 0)::float8, "
              + "coalesce(sum(event_count) FILTER (WHERE usage_date >= ?), 0) FROM cost_tracking "
              + "WHERE usage_date >= ? AND usage_date < ? AND tenant_id <> '*'" + t + " GROUP BY 1",
          List.of(cur, cur, cur, prev, end),
          rs -> costs.add(
              new Cost(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4))));
      Map<String, Cache> byTenant = new TreeMap<>();
      query(
          c,
          ctx,
          "SELECT tenant_id, granularity, sum(hits), sum(misses), coalesce(sum(cost_savings_usd), 0)::float8 "
              + "FROM cache_performance_metrics WHERE cache_type = 'llm_semantic' AND granularity IN ('hourly', 'daily') "
              + "AND period_start >= ? AND period_start < ? AND tenant_id <> '*'" + t
              + " GROUP BY 1, 2 ORDER BY 1, 2",
          List.of(ws, we),
          rs -> {
            Cache x = new Cache(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5));
            // daily sorts before hourly: keep the daily rollup when both exist (never add the two)
            byTenant.putIfAbsent(x.tenantId(), x);
          });
      caches.addAll(byTenant.values());
      query(
          c,
          ctx,
          "SELECT to_jsonb(s)::text FROM (SELECT DISTINCT ON (tenant_id, model_id) tenant_id, model_id, id, "
              + "slice_text AS slice, metric, error_in_slice, error_rest, support_share AS share, support, "
              + "p_adjusted FROM error_slices WHERE window_end > ? AND window_end <= ?" + t
              + " ORDER BY tenant_id, model_id, support_share * (error_in_slice - error_rest) DESC, id) s",
          List.of(ws, we),
          rs -> slices.add(Json.MAPPER.convertValue(Json.read(rs.getString(1)), ErrorSlice.class)));
      query(
          c,
          ctx,
          "SELECT to_jsonb(s)::text FROM (SELECT DISTINCT ON (tenant_id, model_id) tenant_id, model_id, id, "
              + "terms_text AS terms, comment_share AS share, previous_share, comment_count AS count, p_adjusted "
              + "FROM feedback_themes WHERE trend = 'rising' AND period_end > ? AND period_end <= ?"
              + t
              + " ORDER BY tenant_id, model_id, comment_share - previous_share DESC, id) s",
          List.of(ws, we),
          rs ->
              themes.add(Json.MAPPER.convertValue(Json.read(rs.getString(1)), RisingTheme.class)));
    }
    return new Evidence(fb, perf, alerts, feats, exps, costs, caches, slices, themes);
  }

  private static Double dbl(ResultSet rs, int i) throws SQLException {
    double d = rs.getDouble(i);
    return rs.wasNull() ? null : d;
  }

  interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(
      Connection c, JobContext ctx, String sql, List<Object> params, RowReader r)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (Object p : params) {
        ps.setObject(i++, p);
      }
      bindTenant(ctx, ps, i);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          r.read(rs);
        }
      }
    }
  }
}
