package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Duration;
import java.time.Period;

/**
 * vigia.retention.*: the tiers' ages (a table's partition_management.config overrides them), archive
 * vacuum and file size.
 *
 * @param hot rows leave PostgreSQL (for the warm Delta archive) at this age (whole days)
 * @param warm ...the warm archive (for the cold one) after this; longer than hot
 * @param cold ...and are deleted after this
 * @param lowRiskPrivacyHot low-risk privacy_audit_log events leave PostgreSQL after this (zero = the hot limit)
 * @param vacuumRetain Delta VACUUM of the archives keeps files removed less than this ago
 * @param coldRowsPerFile cold files hold about this many rows
 */
public record RetentionSettings(
    boolean enabled,
    Duration hot,
    Duration warm,
    Period cold,
    Duration lowRiskPrivacyHot,
    Duration vacuumRetain,
    long coldRowsPerFile)
    implements Serializable {

  static RetentionSettings read(SettingsReader r) {
    boolean enabled = r.bool("vigia.retention.enabled");
    int hotDays = r.intIn("vigia.retention.hot-days", 1, 36_500);
    int warmDays = r.intIn("vigia.retention.warm-days", 1, 36_500);
    int coldYears = r.intIn("vigia.retention.cold-years", 1, 100);
    Duration lowRisk =
        Duration.ofDays(r.intIn("vigia.retention.low-risk-privacy-hot-days", 0, 36_500));
    Duration vacuum = r.fractionalHoursIn("vigia.retention.vacuum-retain-hours", 0, 1e6);
    long rowsPerFile = r.longIn("vigia.retention.cold-rows-per-file", 1000, Long.MAX_VALUE);
    if (r.ok() && warmDays <= hotDays) {
      r.error(r.name("vigia.retention.warm-days") + " = " + warmDays + ": must be more than "
          + r.name("vigia.retention.hot-days") + " = " + hotDays);
    }
    return new RetentionSettings(
        enabled,
        Duration.ofDays(hotDays),
        Duration.ofDays(warmDays),
        Period.ofYears(coldYears),
        lowRisk,
        vacuum,
        rowsPerFile);
  }
}
