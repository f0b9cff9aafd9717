package io.vigia.common.settings;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.vigia.common.privacy.PiiSanitizer.Method;
import io.vigia.common.privacy.PiiType;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * vigia.privacy.*: the privacy scan, its audit and erasure.
 *
 * @param hashSecret the secret of the keyed hashes; empty when not given. Never logged, not in {@link #toString()}
 * @param methods the sanitization method of every PII type (vigia.privacy.methods.&lt;type&gt;, else default-method)
 * @param defaultCountry ISO 3166 country of tenants missing from tenant_privacy_profile
 * @param mediumReviewSample share of medium-risk audit events sampled for review
 * @param bulkExportRecords an export of at least this many records is a bulk export
 * @param maxTextChars longer text fields are not scanned (the record is quarantined)
 * @param erasureVacuumRetention erasure VACUUMs the rewritten Delta tables keeping this much history
 */
public record PrivacySettings(
    boolean auditEnabled,
    boolean highRiskReviewRequired,
    String hashSecret,
    double minConfidence,
    Map<PiiType, Method> methods,
    String defaultCountry,
    double mediumReviewSample,
    long bulkExportRecords,
    int maxTextChars,
    Duration erasureVacuumRetention)
    implements Serializable {

  public PrivacySettings {
    EnumMap<PiiType, Method> copy = new EnumMap<>(PiiType.class);
    copy.putAll(methods);
    methods = Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "PrivacySettings{auditEnabled=" + auditEnabled + ", highRiskReviewRequired="
        + highRiskReviewRequired
        + ", hashSecret=" + (hashSecret.isEmpty() ? "<none>" : "***") + ", minConfidence="
        + minConfidence
        + ", methods=" + methods + ", defaultCountry=" + defaultCountry + "}";
  }

  static PrivacySettings read(SettingsReader r) {
    boolean audit = r.bool("vigia.privacy.audit-enabled");
    boolean highRisk = r.bool("vigia.privacy.high-risk-review-required");
    String secret = r.secret("vigia.privacy.hash-secret", "vigia.privacy.hash-secret-file");
    double minConfidence = r.dblIn("vigia.privacy.min-confidence", 0, 1);
    String country = r.str("vigia.privacy.default-country");
    if (!country.matches("[A-Z]{2}")) {
      r.error(r.name("vigia.privacy.default-country") + " = '" + country
          + "': must be an ISO 3166 code like ES");
    }
    double mediumSample = r.dblIn("vigia.privacy.medium-review-sample", 0, 1);
    long bulk = r.longIn("vigia.privacy.bulk-export-records", 1, Long.MAX_VALUE);
    int maxText = r.intIn("vigia.privacy.max-text-chars", 1, 100_000_000);
    Duration vacuum = r.hoursIn("vigia.privacy.erasure-vacuum-retention-hours", 0, 100_000);
    Map<PiiType, Method> methods = methods(r);
    if (methods.containsValue(Method.HASH) && secret.isBlank()) {
      r.error(r.name("vigia.privacy.hash-secret")
          + ": required because a PII type is sanitized with method hash ("
          + r.name("vigia.privacy.default-method")
          + " / vigia.privacy.methods.*); give it in the environment");
    }
    return new PrivacySettings(
        audit,
        highRisk,
        secret,
        minConfidence,
        methods,
        country,
        mediumSample,
        bulk,
        maxText,
        vacuum);
  }

  private static Map<PiiType, Method> methods(SettingsReader r) {
    String choices = SettingsReader.choices(Method.class);
    String defaultName = r.str("vigia.privacy.default-method");
    Method byDefault = SettingsReader.constant(Method.class, defaultName).orElse(null);
    if (byDefault == null) {
      r.error(
          r.name("vigia.privacy.default-method") + " = '" + defaultName + "': must be " + choices);
    }
    Map<PiiType, Method> methods = new EnumMap<>(PiiType.class);
    TreeSet<String> known = new TreeSet<>();
    for (PiiType t : PiiType.values()) {
      known.add(t.wire);
      if (byDefault != null) {
        methods.put(t, byDefault);
      }
    }
    try {
      for (Map.Entry<String, ConfigValue> e :
          r.c.getConfig("vigia.privacy.methods").root().entrySet()) {
        String v = String.valueOf(e.getValue().unwrapped());
        var method = SettingsReader.constant(Method.class, v);
        if (!known.contains(e.getKey())) {
          r.error("vigia.privacy.methods." + e.getKey() + ": unknown PII type; known: " + known);
        } else if (method.isEmpty()) {
          r.error("vigia.privacy.methods." + e.getKey() + " = '" + v + "': must be " + choices);
        } else {
          methods.put(PiiType.ofWire(e.getKey()), method.get());
        }
      }
    } catch (ConfigException e) {
      r.error("vigia.privacy.methods: " + e.getMessage());
    }
    return methods;
  }
}
