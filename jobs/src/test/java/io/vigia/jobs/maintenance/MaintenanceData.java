package io.vigia.jobs.maintenance;

import static io.vigia.common.testing.Jdbc.exec;

import io.vigia.common.db.Database;
import java.time.YearMonth;

/** Rows of the partitioned platform tables spread over given months, for the partitions and retention tests. */
public final class MaintenanceData {
  private MaintenanceData() {}

  public static void partition(Database db, String table, YearMonth m) throws Exception {
    exec(
        db,
        "SELECT vigia_ensure_monthly_partitions('" + table + "', '" + m.atDay(1) + "', '"
            + m.plusMonths(1).atDay(1) + "')");
  }

  /** n user_feedback rows in month m (with its monthly partition unless inDefault), times spread over the month. */
  public static void feedback(Database db, String month, int n, boolean inDefault)
      throws Exception {
    YearMonth m = YearMonth.parse(month);
    if (!inDefault) {
      partition(db, "user_feedback", m);
    }
    long secs = m.lengthOfMonth() * 86400L;
    exec(
        db,
        "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, comment, "
            + "correction_data, created_at, sentiment, sentiment_score, processing_status, processed_at, language) "
            + "SELECT 't00' || (g % 3 + 1), 'u' || g, (ARRAY['prediction','action','explanation'])[g % 3 + 1], 'x' || g, "
            + "CASE WHEN g % 4 = 0 THEN NULL ELSE 'm' || (g % 2) END, (g % 5 + 1)::smallint, "
            + "CASE WHEN g % 3 = 0 THEN NULL ELSE 'comentario ñ «' || g || '»' END, "
            + "CASE WHEN g % 5 = 0 THEN jsonb_build_object('value', g * 1.5, 'k', 'v' || g) END, "
            + "TIMESTAMPTZ '" + m.atDay(1) + " 00:00:00+00' + ((g * 7919) % " + secs
            + ") * interval '1 second' "
            + "+ (g % 997) * interval '1 microsecond', "
            + "CASE WHEN g % 2 = 0 THEN 'positive' END, CASE WHEN g % 2 = 0 THEN 0.1 * (g % 10) END, "
            + "CASE WHEN g % 2 = 0 THEN 'processed' ELSE 'pending' END, "
            + "CASE WHEN g % 2 = 0 THEN TIMESTAMPTZ '" + m.atDay(1)
            + " 00:00:00+00' + interval '40 days' END, "
            + "CASE WHEN g % 2 = 0 THEN 'es' END FROM generate_series(1, " + n + ") g");
  }

  /** n privacy_audit_log rows in month m; risk low/low/high/medium by turn, every 7th requires review. */
  public static void privacy(Database db, String month, int n) throws Exception {
    YearMonth m = YearMonth.parse(month);
    partition(db, "privacy_audit_log", m);
    long secs = m.lengthOfMonth() * 86400L;
    exec(
        db,
        "INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, source, record_ref, pii_types, "
            + "field_count, detection_confidence, risk_level, requires_review, event_time, source_job) "
            + "SELECT 'k-" + month
            + "-' || g, 't00' || (g % 3 + 1), 'pii_detected', 'llm_call', 'hmac:' || md5(g::text), "
            + "ARRAY['email', 'phone'], 2, 0.5 + (g % 50) / 100.0, (ARRAY['low','low','high','medium'])[g % 4 + 1], "
            + "g % 7 = 0, TIMESTAMPTZ '" + m.atDay(1) + " 00:00:00+00' + ((g * 7919) % " + secs
            + ") * interval '1 second', "
            + "'privacy-scan' FROM generate_series(1, " + n + ") g");
  }

  /** n cost_tracking rows in month m (date key, numeric columns). */
  public static void costs(Database db, String month, int n) throws Exception {
    YearMonth m = YearMonth.parse(month);
    partition(db, "cost_tracking", m);
    exec(
        db,
        "INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, usage_units, "
            + "unit_type, unit_cost, total_cost_usd, pricing_status, event_count) "
            + "SELECT 't00' || (g % 3 + 1), 'llm_api', 'openai', 'gpt-' || g, DATE '" + m.atDay(1)
            + "' + (g % "
            + m.lengthOfMonth() + "), DATE '" + m.atDay(1)
            + "', g * 1000, 'tokens', 0.0000025, g * 0.0025, 'priced', g "
            + "FROM generate_series(1, " + n + ") g");
  }
}
