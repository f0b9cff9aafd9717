package io.vigia.report;

import io.vigia.common.db.Database;
import io.vigia.common.job.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's static HTML report over a period: drift, experiments, costs and budget, privacy,
 * feedback. It reads vigia's results tables (small aggregates; no Spark) and writes one file with
 * inline CSS and inline SVG charts, no script and no external resource, so it opens offline and
 * prints. A section whose tables hold nothing for the tenant and period says "no data yet".
 */
public final class TenantReport {
  /** The sections, in order: id and title. */
  public static final List<String[]> SECTIONS = List.of(
      new String[] {"drift", "Drift"},
      new String[] {"experiments", "Experiments"},
      new String[] {"costs", "Costs and budget"},
      new String[] {"privacy", "Privacy"},
      new String[] {"feedback", "Feedback"});

  public static final String NO_DATA = "no data yet";

  private final Database db;
  private final String tenant;
  private final Window period;
  private final Instant generatedAt;

  public TenantReport(Database db, String tenant, Window period, Instant generatedAt) {
    this.db = db;
    this.tenant = tenant;
    this.period = period;
    this.generatedAt = generatedAt;
  }

  /**
   * The default period: the 30 days up to the end of the day of the tenant's newest result (so a
   * report of historical or demo data shows it; a cost row covers its whole usage_date), or up to
   * `today` when the tenant has none.
   */
  public static Window defaultPeriod(Database db, String tenant, LocalDate today)
      throws SQLException {
    String sql = "SELECT max(t) FROM ("
        + "SELECT max(period_end) t FROM model_performance_metrics WHERE tenant_id = ? UNION ALL "
        + "SELECT max(coalesce(analyzed_at, started_at)) FROM ab_experiments WHERE tenant_id = ? UNION ALL "
        + "SELECT (max(usage_date) + 1)::timestamptz FROM cost_tracking WHERE tenant_id = ? UNION ALL "
        + "SELECT max(event_time) FROM privacy_audit_log WHERE tenant_id = ? UNION ALL "
        + "SELECT max(created_at) FROM user_feedback WHERE tenant_id = ?) x";
    LocalDate end = today;
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= 5; i++) {
        ps.setString(i, tenant);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getTimestamp(1) != null) {
          end = LocalDate.ofInstant(rs.getTimestamp(1).toInstant().minusNanos(1), ZoneOffset.UTC);
        }
      }
    }
    return Window.days(end.minusDays(29), 30);
  }

  /** Writes DIR/report-TENANT.html and returns its path. */
  public Path write(Path dir) throws IOException, SQLException {
    if (!tenant.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "--tenant '" + tenant + "' is not a tenant id (letters, digits, . _ -)");
    }
    Files.createDirectories(dir);
    Path out = dir.resolve("report-" + tenant + ".html");
    Files.writeString(out, html(), StandardCharsets.UTF_8);
    return out;
  }

  public String html() throws SQLException {
    StringBuilder body = new StringBuilder();
    try (Connection c = db.connect()) {
      body.append(section("drift", "Drift", drift(c)));
      body.append(section("experiments", "Experiments", experiments(c)));
      body.append(section("costs", "Costs and budget", costs(c)));
      body.append(section("privacy", "Privacy", privacy(c)));
      body.append(section("feedback", "Feedback", feedback(c)));
    }
    StringBuilder nav = new StringBuilder();
    for (String[] s : SECTIONS) {
      nav.append("<a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a> ");
    }
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>vigia report: " + Html.esc(tenant) + " " + Html.esc(period) + "</title><style>"
        + CSS + "</style></head><body>"
        + "<header><h1>vigia report: tenant " + Html.esc(tenant) + "</h1><p>Period "
        + Html.esc(period.start()) + " to "
        + Html.esc(period.end()) + " (UTC, end exclusive). Generated " + Html.esc(generatedAt)
        + " from vigia's results tables.</p><nav>" + nav + "</nav></header>" + body
        + "<footer>vigia: static report, no scripts, no external resources.</footer></body></html>\n";
  }

  private static String section(String id, String title, Optional<String> content) {
    return "<section id=\"" + id + "\"><h2>" + Html.esc(title) + "</h2>"
        + content.orElse("<p class=\"empty\">" + NO_DATA + "</p>") + "</section>";
  }

  // ---------------------------------------------------------------------------------------------

  private Optional<String> drift(Connection c) throws SQLException {
    List<Map<String, Object>> perf = rows(
        c,
        "SELECT model_id || CASE WHEN model_version = '' THEN '' ELSE ' ' || "
            + "model_version END AS model, to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, drift_score, mape, "
            + "accuracy, sample_size FROM model_performance_metrics WHERE tenant_id = ? AND period_end > ? AND period_end <= ? "
            + "ORDER BY model, period_end",
        true);
    List<Map<String, Object>> alerts = rows(
        c,
        "SELECT id, model_id, alert_type, severity, drift_score, status, "
            + "to_char(window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS window_end FROM drift_alerts WHERE tenant_id = ? "
            + "AND window_end > ? AND window_start < ? ORDER BY array_position(ARRAY['critical','high','medium','low'], severity), "
            + "window_end DESC, id LIMIT 50",
        true);
    List<Map<String, Object>> feats = rows(
        c,
        "SELECT model_id, feature, ks_statistic, psi, p_value_adjusted, "
            + "to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM feature_drift_metrics WHERE tenant_id = ? "
            + "AND drifted AND period_end > ? AND period_end <= ? ORDER BY psi DESC NULLS LAST, ks_statistic DESC, model_id, "
            + "feature LIMIT 15",
        true);
    if (perf.isEmpty() && alerts.isEmpty() && feats.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    if (!perf.isEmpty()) {
      List<String> days = distinct(perf, "day");
      Map<String, List<Svg.Point>> series = new LinkedHashMap<>();
      for (Map<String, Object> r : perf) {
        series
            .computeIfAbsent((String) r.get("model"), k -> new ArrayList<>())
            .add(new Svg.Point((String) r.get("day"), dbl(r.get("drift_score"))));
      }
      sb.append("<h3>Drift score by model (evaluation window end)</h3>")
          .append(Svg.lines(
              "drift score by model",
              "drift score",
              days,
              series,
              List.of(
                  new Svg.Rule("high", 0.4, "#ff7f0e"), new Svg.Rule("critical", 0.7, "#d62728"))));
      List<List<Object>> latest = new ArrayList<>();
      Map<String, Map<String, Object>> last = new LinkedHashMap<>();
      for (Map<String, Object> r : perf) {
        last.put((String) r.get("model"), r);
      }
      for (Map<String, Object> r : last.values()) {
        latest.add(List.of(
            r.get("model"),
            r.get("day"),
            numOrDash(r.get("drift_score")),
            numOrDash(r.get("mape")),
            numOrDash(r.get("accuracy")),
            numOrDash(r.get("sample_size"))));
      }
      sb.append("<h3>Latest evaluation per model</h3>")
          .append(Html.table(
              List.of("model", "window end", "drift score", "MAPE", "accuracy", "sample"), latest));
    }
    if (!feats.isEmpty()) {
      sb.append("<h3>Drifted features</h3>")
          .append(Html.table(
              List.of("model", "feature", "KS D", "PSI", "p (BH)", "window end"),
              feats.stream()
                  .map(r -> List.<Object>of(
                      r.get("model_id"),
                      r.get("feature"),
                      numOrDash(r.get("ks_statistic")),
                      numOrDash(r.get("psi")),
                      numOrDash(r.get("p_value_adjusted")),
                      r.get("day")))
                  .toList()));
    }
    sb.append("<h3>Alerts</h3>");
    sb.append(
        alerts.isEmpty()
            ? "<p>No alerts in the period.</p>"
            : Html.table(
                List.of("id", "model", "type", "severity", "drift score", "status", "window end"),
                alerts.stream()
                    .map(r -> List.<Object>of(
                        r.get("id"),
                        r.get("model_id"),
                        r.get("alert_type"),
                        r.get("severity"),
                        numOrDash(r.get("drift_score")),
                        r.get("status"),
                        r.get("window_end")))
                    .toList()));
    return Optional.of(sb.toString());
  }

  private Optional<String> experiments(Connection c) throws SQLException {
    List<Map<String, Object>> ex = rows(
        c,
        "SELECT id, name, status, primary_metric, winner, p_value, "
            + "(results_summary->'metrics'->primary_metric->'relative'->>'lift')::float8 AS lift, "
            + "(results_summary->'metrics'->primary_metric->'sequential'->'ci'->>0)::float8 AS lo, "
            + "(results_summary->'metrics'->primary_metric->'sequential'->'ci'->>1)::float8 AS hi, "
            + "results_summary->>'status' AS analysis, to_char(analyzed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS analyzed "
            + "FROM ab_experiments WHERE tenant_id = ? AND coalesce(started_at, created_at) < ? "
            + "AND (ended_at IS NULL OR ended_at >= ?) ORDER BY id",
        false);
    if (ex.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    List<String> labels = new ArrayList<>();
    List<double[]> est = new ArrayList<>();
    for (Map<String, Object> r : ex) {
      if (r.get("lift") != null) {
        labels.add(r.get("id") + " (" + r.get("primary_metric") + ")");
        est.add(new double[] {dbl(r.get("lift")), orNaN(r.get("lo")), orNaN(r.get("hi"))});
      }
    }
    if (!labels.isEmpty()) {
      sb.append("<h3>Relative lift of the primary metric, with its always-valid interval</h3>")
          .append(Svg.intervals("relative lift per experiment", "lift", labels, est));
    }
    sb.append(Html.table(
        List.of(
            "experiment",
            "name",
            "status",
            "metric",
            "winner",
            "p (always valid)",
            "lift",
            "analysis",
            "analysed"),
        ex.stream()
            .map(r -> List.<Object>of(
                r.get("id"),
                r.get("name"),
                r.get("status"),
                r.get("primary_metric"),
                dash(r.get("winner")),
                numOrDash(r.get("p_value")),
                r.get("lift") == null ? "–" : Svg.pct(dbl(r.get("lift"))),
                dash(r.get("analysis")),
                dash(r.get("analyzed"))))
            .toList()));
    return Optional.of(sb.toString());
  }

  private Optional<String> costs(Connection c) throws SQLException {
    List<Map<String, Object>> daily = rows(
        c,
        "SELECT to_char(usage_date, 'YYYY-MM-DD') AS day, sum(total_cost_usd) AS cost "
            + "FROM cost_tracking WHERE tenant_id = ? AND usage_date >= (?::timestamptz AT TIME ZONE 'UTC')::date "
            + "AND usage_date < (?::timestamptz AT TIME ZONE 'UTC')::date GROUP BY usage_date ORDER BY usage_date",
        true);
    List<Map<String, Object>> byModel = rows(
        c,
        "SELECT cost_type, service, model, sum(total_cost_usd) AS cost, "
            + "sum(usage_units) AS units, count(*) FILTER (WHERE pricing_status = 'unpriced') AS unpriced_days FROM cost_tracking "
            + "WHERE tenant_id = ? AND usage_date >= (?::timestamptz AT TIME ZONE 'UTC')::date "
            + "AND usage_date < (?::timestamptz AT TIME ZONE 'UTC')::date GROUP BY 1, 2, 3 ORDER BY 4 DESC NULLS LAST, 1, 2, 3 "
            + "LIMIT 20",
        true);
    if (daily.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    // month-to-date spend of the period's last month against the tenant's budget for that month
    LocalDate lastDay = LocalDate.ofInstant(period.end().minusNanos(1), ZoneOffset.UTC);
    LocalDate month = lastDay.withDayOfMonth(1);
    Double budget = null;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT monthly_budget_usd FROM tenant_budgets WHERE tenant_id = ? "
            + "AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY valid_from DESC LIMIT 1")) {
      ps.setString(1, tenant);
      ps.setDate(2, Date.valueOf(month));
      ps.setDate(3, Date.valueOf(month));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          budget = rs.getBigDecimal(1).doubleValue();
        }
      }
    }
    List<String> days = distinct(daily, "day");
    List<Svg.Point> perDay = new ArrayList<>();
    List<Svg.Point> mtd = new ArrayList<>();
    double run = 0;
    for (Map<String, Object> r : daily) {
      String day = (String) r.get("day");
      Double v = dbl(r.get("cost"));
      perDay.add(new Svg.Point(day, v));
      if (!LocalDate.parse(day).isBefore(month)) {
        run += v == null ? 0 : v;
        mtd.add(new Svg.Point(day, run));
      }
    }
    Map<String, List<Svg.Point>> series = new LinkedHashMap<>();
    series.put("cost per day", perDay);
    series.put("month to date (" + month.toString().substring(0, 7) + ")", mtd);
    List<Svg.Rule> rules = budget == null
        ? List.of()
        : List.of(
            new Svg.Rule("budget", budget, "#d62728"),
            new Svg.Rule("80% of budget", 0.8 * budget, "#ff7f0e"));
    sb.append("<h3>Cost in USD</h3>")
        .append(Svg.lines("cost per day and month to date", "USD", days, series, rules));
    sb.append(
        budget == null
            ? "<p>No budget in tenant_budgets for " + month.toString().substring(0, 7) + ".</p>"
            : "<p>Budget " + month.toString().substring(0, 7) + ": " + Svg.num(budget)
                + " USD; spent to " + lastDay + ": " + Svg.num(run) + " USD ("
                + Svg.num(100 * run / budget) + "%).</p>");
    sb.append("<h3>By cost type, service and model</h3>")
        .append(Html.table(
            List.of("type", "service", "model", "cost USD", "units", "unpriced days"),
            byModel.stream()
                .map(r -> List.<Object>of(
                    r.get("cost_type"),
                    r.get("service"),
                    r.get("model"),
                    numOrDash(r.get("cost")),
                    numOrDash(r.get("units")),
                    numOrDash(r.get("unpriced_days"))))
                .toList()));
    return Optional.of(sb.toString());
  }

  private Optional<String> privacy(Connection c) throws SQLException {
    List<Map<String, Object>> events = rows(
        c,
        "SELECT event_type, risk_level, count(*) AS n, count(*) FILTER "
            + "(WHERE requires_review AND reviewed_at IS NULL) AS open_reviews, count(*) FILTER (WHERE blocked) AS blocked "
            + "FROM privacy_audit_log WHERE tenant_id = ? AND event_time >= ? AND event_time < ? GROUP BY 1, 2 ORDER BY 1, "
            + "array_position(ARRAY['critical','high','medium','low'], risk_level)",
        true);
    List<Map<String, Object>> types = rows(
        c,
        "SELECT t AS pii_type, count(*) AS n FROM privacy_audit_log, "
            + "unnest(pii_types) t WHERE tenant_id = ? AND event_time >= ? AND event_time < ? GROUP BY t ORDER BY n DESC, t",
        true);
    List<Map<String, Object>> reports = rows(
        c,
        "SELECT id, report_type, to_char(period_start AT TIME ZONE 'UTC', "
            + "'YYYY-MM-DD') AS ps, to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS pe, compliance_score, risk_score, "
            + "status, reviewed_by FROM compliance_reports WHERE tenant_id = ? AND period_end > ? AND period_start < ? "
            + "ORDER BY period_start DESC, report_type",
        true);
    if (events.isEmpty() && reports.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    if (!types.isEmpty()) {
      Map<String, Double> bars = new LinkedHashMap<>();
      types.forEach(r -> bars.put((String) r.get("pii_type"), dbl(r.get("n"))));
      sb.append("<h3>PII types found</h3>")
          .append(Svg.bars("PII types found", "audit events", bars));
    }
    if (!events.isEmpty()) {
      sb.append("<h3>Audit events</h3>")
          .append(Html.table(
              List.of("event", "risk", "events", "open reviews", "blocked"),
              events.stream()
                  .map(r -> List.<Object>of(
                      r.get("event_type"),
                      r.get("risk_level"),
                      r.get("n"),
                      r.get("open_reviews"),
                      r.get("blocked")))
                  .toList()));
    }
    sb.append("<h3>Compliance reports</h3>")
        .append(
            reports.isEmpty()
                ? "<p>No compliance report for the period.</p>"
                : Html.table(
                    List.of(
                        "id", "type", "from", "to", "compliance", "risk", "status", "reviewed by"),
                    reports.stream()
                        .map(r -> List.<Object>of(
                            r.get("id"),
                            r.get("report_type"),
                            r.get("ps"),
                            r.get("pe"),
                            numOrDash(r.get("compliance_score")),
                            numOrDash(r.get("risk_score")),
                            r.get("status"),
                            dash(r.get("reviewed_by"))))
                        .toList()));
    return Optional.of(sb.toString());
  }

  private Optional<String> feedback(Connection c) throws SQLException {
    List<Map<String, Object>> daily = rows(
        c,
        "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, "
            + "count(*) AS n, avg(rating)::float8 AS rating, count(*) FILTER (WHERE sentiment = 'negative') AS negative, "
            + "count(*) FILTER (WHERE processing_status = 'pending') AS pending FROM user_feedback WHERE tenant_id = ? "
            + "AND created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 1",
        true);
    List<Map<String, Object>> sugg = rows(
        c,
        "SELECT id, model_id, suggestion_type, priority, issue_identified, status "
            + "FROM improvement_suggestions WHERE tenant_id = ? AND window_end > ? AND window_start < ? "
            + "ORDER BY array_position(ARRAY['critical','high','medium','low'], priority), id LIMIT 20",
        true);
    // the themes of the latest period of each model inside the report's period (feedback-themes)
    List<Map<String, Object>> themes = rows(
        c,
        "SELECT model_id, to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ps, "
            + "to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS pe, terms_text, comment_count, "
            + "comment_share, previous_share, trend, example_ids::text AS examples FROM (SELECT f.*, "
            + "max(period_end) OVER (PARTITION BY model_id) AS latest FROM feedback_themes f "
            + "WHERE tenant_id = ? AND period_end > ? AND period_end <= ?) x "
            + "WHERE period_end = latest AND (theme < 5 OR trend = 'rising') ORDER BY model_id, theme",
        true);
    if (daily.isEmpty() && sugg.isEmpty() && themes.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    if (!daily.isEmpty()) {
      List<String> days = distinct(daily, "day");
      Map<String, List<Svg.Point>> rating = new LinkedHashMap<>();
      rating.put("average rating", daySeries(daily, "rating"));
      sb.append("<h3>Average rating per day (1-5)</h3>")
          .append(Svg.lines("average rating per day", "rating", days, rating, List.of()));
      Map<String, List<Svg.Point>> counts = new LinkedHashMap<>();
      counts.put("feedback", daySeries(daily, "n"));
      counts.put("negative", daySeries(daily, "negative"));
      counts.put("pending", daySeries(daily, "pending"));
      sb.append("<h3>Feedback per day</h3>")
          .append(Svg.lines("feedback per day", "count", days, counts, List.of()));
    }
    if (!themes.isEmpty()) {
      sb.append("<h3>Themes of the negative comments</h3>")
          .append(Html.table(
              List.of(
                  "model",
                  "period",
                  "top terms",
                  "comments",
                  "share",
                  "previous share",
                  "trend",
                  "examples"),
              themes.stream()
                  .map(r -> List.<Object>of(
                      r.get("model_id"),
                      r.get("ps") + " – " + r.get("pe"),
                      r.get("terms_text"),
                      r.get("comment_count"),
                      String.format(
                          java.util.Locale.ROOT, "%.0f %%", 100 * orNaN(r.get("comment_share"))),
                      String.format(
                          java.util.Locale.ROOT, "%.0f %%", 100 * orNaN(r.get("previous_share"))),
                      r.get("trend"),
                      r.get("examples")))
                  .toList()));
    }
    sb.append("<h3>Improvement suggestions</h3>")
        .append(
            sugg.isEmpty()
                ? "<p>No suggestions for the period.</p>"
                : Html.table(
                    List.of("id", "model", "type", "priority", "issue", "status"),
                    sugg.stream()
                        .map(r -> List.<Object>of(
                            r.get("id"),
                            r.get("model_id"),
                            r.get("suggestion_type"),
                            r.get("priority"),
                            r.get("issue_identified"),
                            r.get("status")))
                        .toList()));
    return Optional.of(sb.toString());
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs a query whose parameters are (tenant, period bound, period bound); `startFirst` orders the bounds. */
  private List<Map<String, Object>> rows(Connection c, String sql, boolean startFirst)
      throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      ps.setTimestamp(2, Timestamp.from(startFirst ? period.start() : period.end()));
      ps.setTimestamp(3, Timestamp.from(startFirst ? period.end() : period.start()));
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            m.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          out.add(m);
        }
      }
    }
    return out;
  }

  private static List<String> distinct(List<Map<String, Object>> rows, String key) {
    return rows.stream().map(r -> (String) r.get(key)).distinct().sorted().toList();
  }

  /** A chart series of daily rows: x the row's day, y its {@code column}. */
  private static List<Svg.Point> daySeries(List<Map<String, Object>> rows, String column) {
    return rows.stream()
        .map(r -> new Svg.Point((String) r.get("day"), dbl(r.get(column))))
        .toList();
  }

  private static Double dbl(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof BigDecimal b) {
      return b.doubleValue();
    }
    return ((Number) o).doubleValue();
  }

  private static double orNaN(Object o) {
    Double d = dbl(o);
    return d == null ? Double.NaN : d;
  }

  private static Object numOrDash(Object o) {
    return o == null ? "–" : o instanceof Number ? (Object) dbl(o) : o;
  }

  private static Object dash(Object o) {
    return o == null ? "–" : o;
  }

  private static final String CSS =
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
          + "max-width:960px;padding:0 16px 32px;color:#222}header{border-bottom:2px solid #1f77b4;margin-bottom:8px}"
          + "h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-top:12px}h3{font-size:1.05em;margin:18px 0 6px}"
          + "nav a{margin-right:12px}table{border-collapse:collapse;font-size:.9em;margin:6px 0}th,td{border:1px solid #ddd;"
          + "padding:3px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f6fa}"
          + ".empty{color:#777;font-style:italic}svg.chart{max-width:100%;height:auto;font-size:11px}svg .axis{fill:#555}"
          + "svg .legend{fill:#222}footer{margin-top:32px;color:#888;font-size:.8em}@media print{nav{display:none}}";
}
