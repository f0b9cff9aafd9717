package io.vigia.jobs.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.drift.AlertPolicy.Action;
import io.vigia.jobs.drift.AlertPolicy.Decision;
import io.vigia.jobs.drift.AlertPolicy.Existing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The drift job's alerts of one run: reads the alerts already recorded for the identities it may touch
 * (the latest per tenant x model x version x type, and this window's own), applies {@link AlertPolicy}
 * to each candidate, and stages the rows to upsert. The run holds the drift job's run lock, so no other
 * drift run changes these rows meanwhile; a human may, but only in columns the job never writes.
 */
final class Alerts {
  static final String SOURCE = DriftJob.NAME;
  private static final List<String> KEY =
      List.of("tenant_id", "model_id", "model_version", "alert_type", "window_start", "window_end");
  private static final List<String> HUMAN = List.of(
      "status",
      "acknowledged_by",
      "acknowledged_at",
      "resolved_at",
      "resolution_notes",
      "created_at");

  private final Window window;
  private final Duration cooldown;
  private final Map<String, List<Existing>> existing;
  private final List<Row> rows = new ArrayList<>();
  private final Map<Action, Integer> counts = new EnumMap<>(Action.class);

  Alerts(JobContext ctx, Window w, Settings s) {
    this.window = w;
    this.cooldown = s.drift().alertCooldown();
    this.existing = load(ctx, w);
  }

  private static String id(String tenant, String model, String version, String type) {
    return tenant + '\u0001' + model + '\u0001' + version + '\u0001' + type;
  }

  private static Map<String, List<Existing>> load(JobContext ctx, Window w) {
    String cols = "tenant_id, model_id, model_version, alert_type, window_start, window_end, "
        + "coalesce(last_window_start, window_start) AS ls, coalesce(last_window_end, window_end) AS le, severity, "
        + "status, resolved_at, occurrences, retraining_triggered, retraining_due_by";
    String tenant = ctx.tenant().isPresent() ? " AND tenant_id = ?" : "";
    String sql = "SELECT " + cols
        + " FROM (SELECT DISTINCT ON (tenant_id, model_id, model_version, alert_type) * "
        + "FROM drift_alerts WHERE source_job = ?" + tenant
        + " ORDER BY tenant_id, model_id, model_version, alert_type, "
        + "coalesce(last_window_end, window_end) DESC, window_end DESC, id DESC) l "
        + "UNION SELECT " + cols
        + " FROM drift_alerts WHERE source_job = ? AND window_start = ? AND window_end = ?"
        + tenant;
    Map<String, List<Existing>> m = new HashMap<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, SOURCE);
      if (ctx.tenant().isPresent()) {
        ps.setString(i++, ctx.tenant().get());
      }
      ps.setString(i++, SOURCE);
      ps.setTimestamp(i++, Timestamp.from(w.start()));
      ps.setTimestamp(i++, Timestamp.from(w.end()));
      if (ctx.tenant().isPresent()) {
        ps.setString(i++, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp resolved = rs.getTimestamp(11);
          Timestamp due = rs.getTimestamp(14);
          m.computeIfAbsent(
                  id(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                  k -> new ArrayList<>())
              .add(new Existing(
                  rs.getTimestamp(5).toInstant(),
                  rs.getTimestamp(6).toInstant(),
                  rs.getTimestamp(7).toInstant(),
                  rs.getTimestamp(8).toInstant(),
                  rs.getString(9),
                  rs.getString(10),
                  resolved == null ? null : resolved.toInstant(),
                  rs.getInt(12),
                  rs.getBoolean(13),
                  due == null ? null : due.toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("drift: cannot read drift_alerts: " + e.getMessage(), e);
    }
    return m;
  }

  /**
   * Decides what a candidate alert does and stages its row if it writes one (its details plus the
   * window's severity and the decision); returns {type, severity, action, reason} for the model's details.
   */
  ObjectNode raise(
      String tenant,
      String model,
      String version,
      String type,
      String severity,
      Double score,
      ObjectNode details,
      boolean retraining,
      Instant due) {
    Decision d = AlertPolicy.decide(
        new AlertPolicy.Candidate(severity, retraining, due),
        existing.getOrDefault(id(tenant, model, version, type), List.of()),
        window,
        cooldown);
    counts.merge(d.action(), 1, Integer::sum);
    String action = d.action().name().toLowerCase(Locale.ROOT);
    if (d.writes()) {
      ObjectNode written = details
          .deepCopy()
          .put("window_severity", severity)
          .put("decision", action + ": " + d.reason());
      rows.add(RowFactory.create(
          tenant,
          model,
          version,
          type,
          d.severity(),
          score,
          Json.write(written),
          d.retrainingTriggered(),
          d.dueBy() == null ? null : Timestamp.from(d.dueBy()),
          Timestamp.from(d.keyStart()),
          Timestamp.from(d.keyEnd()),
          Timestamp.from(window.start()),
          Timestamp.from(window.end()),
          d.occurrences(),
          SOURCE));
    }
    return Json.object()
        .put("type", type)
        .put("severity", severity)
        .put("action", action)
        .put("reason", d.reason());
  }

  List<Row> rows() {
    return rows;
  }

  /** e.g. "new=2 update=1 suppressed=1". */
  String summary() {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((a, n) -> b.append(b.length() == 0 ? "" : " ")
        .append(a.name().toLowerCase(Locale.ROOT))
        .append('=')
        .append(n));
    return b.toString();
  }

  /**
   * Upserts on the natural key (human-owned columns never written). The run owns the drift job's alerts
   * raised in this window or last confirmed by it; of those, one it no longer produces is deleted only
   * when it is open, unacknowledged and was raised by this window alone (one confirmed by another window
   * stays, as does anything a human touched).
   */
  static void stage(JobContext ctx, List<Row> rows) {
    Window w = ctx.window();
    Timestamp s = Timestamp.from(w.start());
    Timestamp e = Timestamp.from(w.end());
    Scope scope = new Scope(
        "source_job = ? AND ((window_start = ? AND window_end = ?) OR "
            + "(last_window_start = ? AND last_window_end = ?))",
        List.of(SOURCE, s, e, s, e));
    ctx.writer()
        .upsert(
            "drift_alerts",
            ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1),
            scope,
            KEY,
            HUMAN,
            Scope.where(
                "status = ? AND acknowledged_by IS NULL AND coalesce(last_window_start, window_start) = window_start"
                    + " AND coalesce(last_window_end, window_end) = window_end",
                "open"));
  }

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("tenant_id", DataTypes.StringType, false),
      DataTypes.createStructField("model_id", DataTypes.StringType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("alert_type", DataTypes.StringType, false),
      DataTypes.createStructField("severity", DataTypes.StringType, false),
      DataTypes.createStructField("drift_score", DataTypes.DoubleType, true),
      DataTypes.createStructField("details", DataTypes.StringType, false),
      DataTypes.createStructField("retraining_triggered", DataTypes.BooleanType, false),
      DataTypes.createStructField("retraining_due_by", DataTypes.TimestampType, true),
      DataTypes.createStructField("window_start", DataTypes.TimestampType, false),
      DataTypes.createStructField("window_end", DataTypes.TimestampType, false),
      DataTypes.createStructField("last_window_start", DataTypes.TimestampType, false),
      DataTypes.createStructField("last_window_end", DataTypes.TimestampType, false),
      DataTypes.createStructField("occurrences", DataTypes.IntegerType, false),
      DataTypes.createStructField("source_job", DataTypes.StringType, false)));
}
