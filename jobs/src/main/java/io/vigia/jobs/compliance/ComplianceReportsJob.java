package io.vigia.jobs.compliance;

import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * compliance-reports (weekly): per tenant and window, three compliance_reports rows built from the
 * window's privacy_audit_log, erasure_requests and tenant_privacy_profile. Only aggregates reach the
 * driver (counts per tenant x type/source/purpose/risk), never an audit row. Deterministic: findings are
 * sorted maps, generated_at is the window end, so the same input gives the same report. Human-owned
 * columns (status after draft, reviewed_by, reviewed_at) are never overwritten.
 *
 * <p>Scores, each clamped to [0, 100]:
 * <ul>
 *   <li>risk_score (all three): 10 x the mean event risk on a 0..10 scale, low 0, medium 1, high 4,
 *       critical 10: 100 x (m + 4h + 10c) / (10 n) over the n audit events of the window.</li>
 *   <li>gdpr compliance_score: 100 - 40 v/a - 30 u/d - 30 o/r, with v non-compliant access events of a
 *       access events, u detections without a sanitization method of d detections, o open reviews of r
 *       required reviews (0/0 counts as 0).</li>
 *   <li>privacy_impact compliance_score: 100 x (consent coverage + legal-basis coverage) / 2 of the
 *       access events (1 when there are none) - GDPR Art. 35(7) parts in findings: processing
 *       description, necessity and proportionality, risks, measures.</li>
 *   <li>data_inventory compliance_score: 100 x (audit completeness + share of the window's erasure
 *       requests done) / 2 (1 when there are none) - GDPR Art. 30(1) record in findings: purposes,
 *       categories of data and of subjects, recipients, retention limit, security measures.</li>
 * </ul>
 */
public final class ComplianceReportsJob implements Job {
  public static final String NAME = "compliance-reports";

  static final StructType SCHEMA = new StructType()
      .add("tenant_id", "string")
      .add("report_type", "string")
      .add("period_start", "timestamp")
      .add("period_end", "timestamp")
      .add("compliance_score", "double")
      .add("risk_score", "double")
      .add("findings", "string")
      .add("recommendations", "string")
      .add("status", "string")
      .add("generated_at", "timestamp");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "weekly GDPR, privacy-impact and data-inventory reports per tenant from privacy_audit_log";
  }

  @Override
  public int defaultWindowDays() {
    return 7;
  }

  /** The aggregates of one tenant. */
  static final class TenantTally {
    long events;
    long detections;
    long detectionsUnsanitized;
    long detectedFields;
    long access;
    long exports;
    long violations;
    long consent;
    long basis;
    long reviewRequired;
    long reviewOpen;
    long blocked;
    long complete;
    final Map<String, Long> risk = new TreeMap<>();
    final Map<String, Long> piiTypes = new TreeMap<>();
    final Map<String, Long> sources = new TreeMap<>();
    final Map<String, Long> purposes = new TreeMap<>();
    final Map<String, Long> bases = new TreeMap<>();
    final Map<String, Long> methods = new TreeMap<>();
    final Map<String, Long> accessFields = new TreeMap<>();
    final Map<String, Long> actorTypes = new TreeMap<>();
    final Map<String, Long> erasures = new TreeMap<>();
    String country = null;
    int retentionDays = 365;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.enabledBy("vigia.privacy.audit-enabled");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Map<String, TenantTally> tenants = aggregate(ctx);
    List<Row> rows = new ArrayList<>();
    Timestamp ps = Timestamp.from(ctx.window().start());
    Timestamp pe = Timestamp.from(ctx.window().end());
    for (Map.Entry<String, TenantTally> e : tenants.entrySet()) {
      String tenant = e.getKey();
      TenantTally t = e.getValue();
      double risk = riskScore(t);
      String recs = Json.write(recommendations(t));
      rows.add(draft(tenant, "gdpr", ps, pe, gdprScore(t), risk, gdprFindings(t), recs));
      rows.add(
          draft(tenant, "privacy_impact", ps, pe, impactScore(t), risk, impactFindings(t), recs));
      rows.add(draft(
          tenant, "data_inventory", ps, pe, inventoryScore(t), risk, inventoryFindings(t), recs));
    }
    ctx.writer()
        .upsert(
            "compliance_reports",
            ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1),
            Scope.exactWindow("period_start", "period_end", ctx.window()),
            List.of("tenant_id", "report_type", "period_start", "period_end"),
            List.of("status", "reviewed_by", "reviewed_at"),
            Scope.where("status = ?", "draft"));
    long events = tenants.values().stream().mapToLong(x -> x.events).sum();
    return JobResult.of(
        events,
        events,
        0,
        ctx.writer().stagedCounts(),
        rows.size() + " reports for " + tenants.size() + " tenants from " + events
            + " audit events");
  }

  /** A tenant's report of one type for the period, as a draft; risk and recommendations are the tenant's. */
  private static Row draft(
      String tenant,
      String type,
      Timestamp periodStart,
      Timestamp periodEnd,
      double score,
      double risk,
      Map<String, Object> findings,
      String recommendations) {
    return RowFactory.create(
        tenant,
        type,
        periodStart,
        periodEnd,
        score,
        risk,
        Json.write(findings),
        recommendations,
        "draft",
        periodEnd);
  }

  // ------------------------------------------------------------------ aggregation (in PostgreSQL)

  private static Map<String, TenantTally> aggregate(JobContext ctx) throws SQLException {
    Map<String, TenantTally> m = new TreeMap<>();
    String w =
        " FROM privacy_audit_log WHERE event_time >= ? AND event_time < ? AND (? IS NULL OR tenant_id = ?)";
    try (Connection c = ctx.db().connect()) {
      query(
          c,
          ctx,
          "SELECT tenant_id, count(*), count(*) FILTER (WHERE event_type = 'pii_detected'), "
              + "count(*) FILTER (WHERE event_type = 'pii_detected' AND sanitization_method IS NULL), "
              + "coalesce(sum(field_count) FILTER (WHERE event_type = 'pii_detected'), 0), "
              + "count(*) FILTER (WHERE source = 'data_access'), count(*) FILTER (WHERE event_type = 'data_export'), "
              + "count(*) FILTER (WHERE source = 'data_access' AND gdpr_compliant IS NOT TRUE), "
              + "count(*) FILTER (WHERE source = 'data_access' AND consent_verified), "
              + "count(*) FILTER (WHERE source = 'data_access' AND legal_basis IS NOT NULL), "
              + "count(*) FILTER (WHERE requires_review), count(*) FILTER (WHERE requires_review AND reviewed_at IS NULL), "
              + "count(*) FILTER (WHERE blocked), "
              + "count(*) FILTER (WHERE record_ref IS NOT NULL AND (event_type <> 'pii_detected' OR (sanitization_method IS NOT NULL "
              + "AND cardinality(pii_types) > 0)))" + w + " GROUP BY tenant_id",
          rs -> {
            TenantTally t = m.computeIfAbsent(rs.getString(1), k -> new TenantTally());
            t.events = rs.getLong(2);
            t.detections = rs.getLong(3);
            t.detectionsUnsanitized = rs.getLong(4);
            t.detectedFields = rs.getLong(5);
            t.access = rs.getLong(6);
            t.exports = rs.getLong(7);
            t.violations = rs.getLong(8);
            t.consent = rs.getLong(9);
            t.basis = rs.getLong(10);
            t.reviewRequired = rs.getLong(11);
            t.reviewOpen = rs.getLong(12);
            t.blocked = rs.getLong(13);
            t.complete = rs.getLong(14);
          });
      group(c, ctx, m, "risk_level", w, t -> t.risk);
      group(c, ctx, m, "source", w, t -> t.sources);
      group(
          c,
          ctx,
          m,
          "coalesce(sanitization_method, 'none')",
          w + " AND event_type = 'pii_detected'",
          t -> t.methods);
      group(c, ctx, m, "purpose", w + " AND source = 'data_access'", t -> t.purposes);
      group(
          c,
          ctx,
          m,
          "coalesce(legal_basis, 'none')",
          w + " AND source = 'data_access'",
          t -> t.bases);
      group(
          c,
          ctx,
          m,
          "split_part(actor, ':', 1)",
          w + " AND source = 'data_access'",
          t -> t.actorTypes);
      group(
          c, ctx, m, "unnest(pii_types)", w + " AND event_type = 'pii_detected'", t -> t.piiTypes);
      group(c, ctx, m, "unnest(pii_types)", w + " AND source = 'data_access'", t -> t.accessFields);
      query(
          c,
          ctx,
          "SELECT tenant_id, status, count(*) FROM erasure_requests WHERE requested_at >= ? AND requested_at < ? "
              + "AND (? IS NULL OR tenant_id = ?) GROUP BY 1, 2",
          rs -> m.computeIfAbsent(rs.getString(1), k -> new TenantTally())
              .erasures
              .put(rs.getString(2), rs.getLong(3)));
      try (PreparedStatement p = c.prepareStatement(
              "SELECT tenant_id, country, retention_days FROM tenant_privacy_profile");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          TenantTally t = m.get(rs.getString(1));
          if (t != null) {
            t.country = rs.getString(2);
            t.retentionDays = rs.getInt(3);
          }
        }
      }
    }
    return m;
  }

  interface RowFn {
    void accept(ResultSet rs) throws SQLException;
  }

  private static void query(Connection c, JobContext ctx, String sql, RowFn f) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setTimestamp(1, Timestamp.from(ctx.window().start()));
      p.setTimestamp(2, Timestamp.from(ctx.window().end()));
      p.setString(3, ctx.tenant().orElse(null));
      p.setString(4, ctx.tenant().orElse(null));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          f.accept(rs);
        }
      }
    }
  }

  private static void group(
      Connection c,
      JobContext ctx,
      Map<String, TenantTally> m,
      String expr,
      String where,
      java.util.function.Function<TenantTally, Map<String, Long>> into)
      throws SQLException {
    query(
        c,
        ctx,
        "SELECT tenant_id, k, count(*) FROM (SELECT tenant_id, " + expr + " AS k" + where + ") x "
            + "WHERE k IS NOT NULL GROUP BY 1, 2",
        rs -> into.apply(m.computeIfAbsent(rs.getString(1), k -> new TenantTally()))
            .put(rs.getString(2), rs.getLong(3)));
  }

  // ------------------------------------------------------------------ scores

  static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  static double clamp(double v) {
    return Math.round(Math.max(0, Math.min(100, v)) * 100) / 100.0;
  }

  static double riskScore(TenantTally t) {
    double w = t.risk.getOrDefault("medium", 0L)
        + 4.0 * t.risk.getOrDefault("high", 0L)
        + 10.0 * t.risk.getOrDefault("critical", 0L);
    return clamp(t.events == 0 ? 0 : 100 * w / (10.0 * t.events));
  }

  static double gdprScore(TenantTally t) {
    return clamp(100
        - 40 * ratio(t.violations, t.access)
        - 30 * ratio(t.detectionsUnsanitized, t.detections)
        - 30 * ratio(t.reviewOpen, t.reviewRequired));
  }

  static double impactScore(TenantTally t) {
    return clamp(
        t.access == 0 ? 100 : 100 * (ratio(t.consent, t.access) + ratio(t.basis, t.access)) / 2);
  }

  static double inventoryScore(TenantTally t) {
    long requests = t.erasures.values().stream().mapToLong(Long::longValue).sum();
    double done = requests == 0 ? 1 : ratio(t.erasures.getOrDefault("done", 0L), requests);
    return clamp(100 * (completeness(t) + done) / 2);
  }

  static double completeness(TenantTally t) {
    return t.events == 0 ? 1 : ratio(t.complete, t.events);
  }

  // ------------------------------------------------------------------ findings

  static Map<String, Object> gdprFindings(TenantTally t) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("schema", "vigia.compliance.gdpr/1");
    f.put("pii_detections", t.detections);
    f.put("pii_fields_detected", t.detectedFields);
    f.put("pii_types", t.piiTypes);
    f.put("violations", t.violations);
    f.put(
        "high_risk_events", t.risk.getOrDefault("high", 0L) + t.risk.getOrDefault("critical", 0L));
    f.put("events_by_risk", t.risk);
    f.put("blocked_events", t.blocked);
    Map<String, Object> rem = new LinkedHashMap<>();
    rem.put("sanitized_detections", t.detections - t.detectionsUnsanitized);
    rem.put("sanitization_methods", t.methods);
    rem.put("reviews_required", t.reviewRequired);
    rem.put("reviews_open", t.reviewOpen);
    rem.put("erasure_requests", t.erasures);
    f.put("remediation", rem);
    return f;
  }

  static Map<String, Object> impactFindings(TenantTally t) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("schema", "vigia.compliance.privacy_impact/1");
    f.put(
        "processing_description",
        new TreeMap<>(
            Map.of("data_flows_by_source", t.sources, "country", String.valueOf(t.country))));
    Map<String, Object> nec = new LinkedHashMap<>();
    nec.put("purposes", t.purposes);
    nec.put("legal_bases", t.bases);
    nec.put("consent_coverage", round(t.access == 0 ? 1 : ratio(t.consent, t.access)));
    nec.put("legal_basis_coverage", round(t.access == 0 ? 1 : ratio(t.basis, t.access)));
    f.put("necessity_and_proportionality", nec);
    Map<String, Object> risks = new LinkedHashMap<>();
    risks.put("events_by_risk", t.risk);
    risks.put("exports", t.exports);
    risks.put("non_compliant_access_events", t.violations);
    risks.put("blocked_events", t.blocked);
    risks.put("pii_types_in_texts", t.piiTypes);
    f.put("risks", risks);
    Map<String, Object> meas = new LinkedHashMap<>();
    meas.put("sanitization_methods", t.methods);
    meas.put(
        "risk_based_review",
        new TreeMap<>(Map.of("required", t.reviewRequired, "open", t.reviewOpen)));
    meas.put("blocking_of_critical_events", t.blocked);
    f.put("measures", meas);
    f.put("risk_score_formula", "100 x (medium + 4 high + 10 critical) / (10 x events)");
    return f;
  }

  static Map<String, Object> inventoryFindings(TenantTally t) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("schema", "vigia.compliance.data_inventory/1");
    f.put("purposes", new TreeSet<>(t.purposes.keySet()).stream().toList());
    Map<String, Object> cats = new LinkedHashMap<>();
    cats.put("in_texts", t.piiTypes);
    cats.put("in_access_events", t.accessFields);
    f.put("categories_of_data", cats);
    f.put(
        "categories_of_subjects",
        List.of(
            "customers of the tenant (authors of prompts, payloads and feedback)",
            "data subjects named in access events"));
    f.put(
        "recipients",
        new TreeMap<>(Map.of(
            "accessing_actor_types",
            t.actorTypes,
            "llm_providers",
            "see llm_call events (prompts sent)")));
    f.put("retention_limit_days", t.retentionDays);
    f.put(
        "security_measures",
        List.of(
            "sanitized copies (mask/remove/keyed HMAC-SHA-256 per tenant)",
            "keyed record references in the audit log",
            "risk-based review and blocking of critical exports"));
    f.put("pii_types_processed", new TreeSet<>(t.piiTypes.keySet()).stream().toList());
    f.put("deletion_requests", t.erasures);
    f.put("audit_completeness", round(completeness(t)));
    return f;
  }

  static List<Object> recommendations(TenantTally t) {
    List<Object> r = new ArrayList<>();
    if (t.risk.getOrDefault("critical", 0L) > 0) {
      r.add(rec(
          "critical_exports",
          "critical",
          "Bulk exports of special-category data were blocked: confirm with the DPO "
              + "and document an Art. 9(2) condition before any release."));
    }
    if (t.violations > 0) {
      r.add(rec(
          "consent_or_basis_missing",
          "high",
          "Access events without verified consent or legal basis: verify consent "
              + "before export and record the legal basis of each purpose."));
    }
    if (t.reviewOpen > 0) {
      r.add(rec(
          "open_reviews",
          "medium",
          "Close the open privacy reviews (privacy_audit_log.reviewed_at)."));
    }
    if (t.piiTypes.keySet().stream().anyMatch(k -> k.equals("credit_card") || k.equals("iban"))) {
      r.add(rec(
          "financial_data_in_prompts",
          "high",
          "Card numbers or IBANs reach LLM prompts or payloads: filter them "
              + "before the call, not only in the audit copy."));
    }
    if (t.detections > 0 && t.methods.getOrDefault("mask", 0L) == t.detections) {
      r.add(rec(
          "consider_hashing",
          "low",
          "All findings are masked: hash identifiers (vigia.privacy.methods) where joins "
              + "across records are needed."));
    }
    return r;
  }

  static Map<String, Object> rec(String code, String priority, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("priority", priority);
    m.put("recommendation", text);
    return m;
  }

  static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
