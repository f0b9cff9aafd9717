package io.vigia.jobs.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigia.jobs.compliance.ComplianceReportsJob.TenantTally;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scores and findings of compliance-reports on hand-made per-tenant aggregates (TenantTally): no
 * database, no generator. Expected values are worked out by hand from docs/jobs/compliance-reports.md
 * (scores 0..100, clamped, rounded to 2 decimals):
 * risk = 100 x (medium + 4 high + 10 critical) / (10 x events);
 * gdpr = 100 - 40 x violations/access - 30 x unsanitized/detections - 30 x open/required (0/0 = 0);
 * privacy_impact = 100 x (consent + basis coverage) / 2 of access events (100 without any);
 * data_inventory = 100 x (audit completeness + share of erasure requests done) / 2 (1 when none).
 */
class ComplianceScoresTest {
  /** A tenant with a bit of everything. */
  static TenantTally typical() {
    TenantTally t = new TenantTally();
    t.events = 10;
    t.risk.put("low", 3L);
    t.risk.put("medium", 3L);
    t.risk.put("high", 2L);
    t.risk.put("critical", 2L);
    t.access = 8;
    t.violations = 4; // 4/8 = 0.5, unlike the other ratios: swapped weights show
    t.consent = 6;
    t.basis = 4;
    t.detections = 4;
    t.detectionsUnsanitized = 1;
    t.detectedFields = 9;
    t.reviewRequired = 3;
    t.reviewOpen = 1;
    t.blocked = 2;
    t.exports = 1;
    t.complete = 7;
    t.erasures.put("done", 1L);
    t.erasures.put("pending", 3L);
    t.piiTypes.put("phone", 1L);
    t.piiTypes.put("email", 3L);
    t.purposes.put("support", 5L);
    t.purposes.put("billing", 3L);
    t.methods.put("mask", 3L);
    t.methods.put("none", 1L);
    t.country = "ES";
    t.retentionDays = 90;
    return t;
  }

  @Test
  void riskScore() {
    // (3 medium + 4 x 2 high + 10 x 2 critical) = 31; 100 x 31 / (10 x 10 events) = 31.0 (low
    // counts 0)
    assertEquals(31.0, ComplianceReportsJob.riskScore(typical()), 1e-9);

    TenantTally m = new TenantTally();
    m.events = 3;
    m.risk.put("medium", 1L);
    m.risk.put("low", 2L);
    // 100 x 1 / (10 x 3) = 3.3333.. -> rounded to 2 decimals: 3.33
    assertEquals(3.33, ComplianceReportsJob.riskScore(m), 1e-9);

    TenantTally c = new TenantTally();
    c.events = 4;
    c.risk.put("critical", 4L);
    // 100 x 10 x 4 / (10 x 4) = 100: the top of the scale
    assertEquals(100.0, ComplianceReportsJob.riskScore(c), 1e-9);
    c.risk.put("critical", 5L); // more weight than events (inconsistent counts): 125 -> clamped 100
    assertEquals(100.0, ComplianceReportsJob.riskScore(c), 1e-9);
  }

  @Test
  void zeroEvents() {
    TenantTally z = new TenantTally();
    // no events: risk 0 (not NaN); gdpr 100 - 0 - 0 - 0 (0/0 counts as 0) = 100;
    // impact: no access events -> 100; inventory: completeness 1 (no events), done 1 (no requests)
    // -> 100 x (1 + 1) / 2 = 100
    assertEquals(0.0, ComplianceReportsJob.riskScore(z), 1e-9);
    assertEquals(100.0, ComplianceReportsJob.gdprScore(z), 1e-9);
    assertEquals(100.0, ComplianceReportsJob.impactScore(z), 1e-9);
    assertEquals(1.0, ComplianceReportsJob.completeness(z), 1e-9);
    assertEquals(100.0, ComplianceReportsJob.inventoryScore(z), 1e-9);
  }

  @Test
  void gdprScore() {
    // 100 - 40 x 4/8 - 30 x 1/4 - 30 x 1/3 = 100 - 20 - 7.5 - 10 = 62.5
    assertEquals(62.5, ComplianceReportsJob.gdprScore(typical()), 1e-9);

    TenantTally s = typical();
    s.detectionsUnsanitized = 0; // all sanitized: 100 - 20 - 0 - 10 = 70
    assertEquals(70.0, ComplianceReportsJob.gdprScore(s), 1e-9);

    TenantTally v = typical();
    v.violations = 0;
    v.reviewOpen = 0;
    v.detectionsUnsanitized = 4; // only the detections term: 100 - 0 - 30 x 4/4 - 0 = 70
    assertEquals(70.0, ComplianceReportsJob.gdprScore(v), 1e-9);

    TenantTally worst = typical();
    worst.violations = 8;
    worst.detectionsUnsanitized = 4;
    worst.reviewOpen = 3; // 100 - 40 - 30 - 30 = 0
    assertEquals(0.0, ComplianceReportsJob.gdprScore(worst), 1e-9);

    TenantTally noAccess = typical();
    noAccess.access = 0;
    noAccess.violations = 0; // 0/0 = 0: 100 - 0 - 7.5 - 10 = 82.5
    assertEquals(82.5, ComplianceReportsJob.gdprScore(noAccess), 1e-9);
  }

  @Test
  void impactScore() {
    // consent 6/8 = 0.75, basis 4/8 = 0.5: 100 x (0.75 + 0.5) / 2 = 62.5
    assertEquals(62.5, ComplianceReportsJob.impactScore(typical()), 1e-9);
    TenantTally t = typical();
    t.access = 3;
    t.consent = 2;
    t.basis = 3; // 100 x (2/3 + 3/3) / 2 = 83.333.. -> 83.33
    assertEquals(83.33, ComplianceReportsJob.impactScore(t), 1e-9);
    TenantTally none = typical();
    none.access = 0; // no access events: 100 whatever the other counts
    none.consent = 0;
    none.basis = 0;
    assertEquals(100.0, ComplianceReportsJob.impactScore(none), 1e-9);
  }

  @Test
  void inventoryScore() {
    // completeness 7/10 = 0.7; done 1 of 1 + 3 = 4 requests = 0.25: 100 x (0.7 + 0.25) / 2 = 47.5
    assertEquals(0.7, ComplianceReportsJob.completeness(typical()), 1e-9);
    assertEquals(47.5, ComplianceReportsJob.inventoryScore(typical()), 1e-9);
    TenantTally noRequests = typical();
    noRequests.erasures.clear(); // no requests: done share 1 -> 100 x (0.7 + 1) / 2 = 85
    assertEquals(85.0, ComplianceReportsJob.inventoryScore(noRequests), 1e-9);
    TenantTally noneDone = typical();
    noneDone.erasures.remove("done"); // 0 of 3 done: 100 x (0.7 + 0) / 2 = 35
    assertEquals(35.0, ComplianceReportsJob.inventoryScore(noneDone), 1e-9);
  }

  @Test
  @SuppressWarnings("unchecked")
  void gdprFindings() {
    Map<String, Object> f = ComplianceReportsJob.gdprFindings(typical());
    assertEquals(4L, f.get("pii_detections"));
    assertEquals(9L, f.get("pii_fields_detected"));
    assertEquals(4L, f.get("violations"));
    assertEquals(4L, f.get("high_risk_events")); // 2 high + 2 critical
    assertEquals(2L, f.get("blocked_events"));
    assertEquals(Map.of("email", 3L, "phone", 1L), f.get("pii_types"));
    Map<String, Object> rem = (Map<String, Object>) f.get("remediation");
    assertEquals(3L, rem.get("sanitized_detections")); // 4 detections - 1 unsanitized
    assertEquals(3L, rem.get("reviews_required"));
    assertEquals(1L, rem.get("reviews_open"));
    assertEquals(Map.of("done", 1L, "pending", 3L), rem.get("erasure_requests"));

    TenantTally all = typical();
    all.detectionsUnsanitized = 0; // all sanitized: 4 - 0 = 4
    assertEquals(
        4L,
        ((Map<String, Object>) ComplianceReportsJob.gdprFindings(all).get("remediation"))
            .get("sanitized_detections"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void impactFindings() {
    Map<String, Object> f = ComplianceReportsJob.impactFindings(typical());
    Map<String, Object> nec = (Map<String, Object>) f.get("necessity_and_proportionality");
    assertEquals(0.75, (double) nec.get("consent_coverage"), 1e-12); // 6 / 8
    assertEquals(0.5, (double) nec.get("legal_basis_coverage"), 1e-12); // 4 / 8
    Map<String, Object> risks = (Map<String, Object>) f.get("risks");
    assertEquals(1L, risks.get("exports"));
    assertEquals(4L, risks.get("non_compliant_access_events"));
    Map<String, Object> pd = (Map<String, Object>) f.get("processing_description");
    assertEquals("ES", pd.get("country"));
    assertEquals(
        List.of(
            "schema",
            "processing_description",
            "necessity_and_proportionality",
            "risks",
            "measures",
            "risk_score_formula"),
        List.copyOf(f.keySet()));

    TenantTally t = typical();
    t.access = 3;
    t.consent = 2;
    t.basis = 3;
    nec = (Map<String, Object>)
        ComplianceReportsJob.impactFindings(t).get("necessity_and_proportionality");
    assertEquals(0.6667, (double) nec.get("consent_coverage"), 1e-12); // 2/3 to 4 decimals
    assertEquals(1.0, (double) nec.get("legal_basis_coverage"), 1e-12);

    TenantTally none = new TenantTally(); // no access events: both coverages 1
    nec = (Map<String, Object>)
        ComplianceReportsJob.impactFindings(none).get("necessity_and_proportionality");
    assertEquals(1.0, (double) nec.get("consent_coverage"), 1e-12);
    assertEquals(1.0, (double) nec.get("legal_basis_coverage"), 1e-12);
  }

  @Test
  void inventoryFindings() {
    Map<String, Object> f = ComplianceReportsJob.inventoryFindings(typical());
    assertEquals(List.of("billing", "support"), f.get("purposes")); // sorted
    assertEquals(List.of("email", "phone"), f.get("pii_types_processed")); // sorted
    assertEquals(90, f.get("retention_limit_days"));
    assertEquals(0.7, (double) f.get("audit_completeness"), 1e-12); // 7 / 10
    assertEquals(Map.of("done", 1L, "pending", 3L), f.get("deletion_requests"));

    TenantTally t = typical();
    t.events = 3;
    t.complete = 1; // 1/3 to 4 decimals
    assertEquals(
        0.3333,
        (double) ComplianceReportsJob.inventoryFindings(t).get("audit_completeness"),
        1e-12);
    // no events: completeness 1
    assertEquals(
        1.0,
        (double)
            ComplianceReportsJob.inventoryFindings(new TenantTally()).get("audit_completeness"),
        1e-12);
  }
}
