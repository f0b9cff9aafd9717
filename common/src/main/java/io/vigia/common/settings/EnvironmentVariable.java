package io.vigia.common.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables vigia reads, each with the setting it overrides: the Phase 5 design's .env
 * names plus vigia's own VIGIA_* variables. Nothing else in the environment is read. The layer sits
 * above the site file and below command-line overrides (see {@link Settings#load}).
 */
public enum EnvironmentVariable {
  VIGIA_JDBC_URL("vigia.jdbc.url"),
  VIGIA_JDBC_USER("vigia.jdbc.user"),
  VIGIA_JDBC_PASSWORD("vigia.jdbc.password"),
  VIGIA_JDBC_PASSWORD_FILE("vigia.jdbc.password-file"),
  VIGIA_LANDING_DIR("vigia.landing-dir"),
  VIGIA_LAKE_DIR("vigia.lake-dir"),
  VIGIA_EMBEDDED_DIR("vigia.embedded.dir"),
  VIGIA_SPARK_MASTER("vigia.spark.master"),

  DRIFT_DETECTION_ENABLED("vigia.drift.enabled"),
  DRIFT_MAPE_THRESHOLD("vigia.drift.mape-threshold"),
  DRIFT_ACCURACY_THRESHOLD("vigia.drift.accuracy-threshold"),
  DRIFT_KS_THRESHOLD("vigia.drift.ks-threshold"),
  DRIFT_PSI_THRESHOLD("vigia.drift.psi-threshold"),
  DRIFT_SEASONAL_WEEKS("vigia.drift.seasonal-weeks"),
  DRIFT_ALERT_COOLDOWN_HOURS("vigia.drift.alert-cooldown-hours"),
  DRIFT_QUALITY_ALERT_SHARE("vigia.drift.quality-alert-share"),

  AB_TESTING_ENABLED("vigia.ab.enabled"),
  AB_MIN_SAMPLE_SIZE("vigia.ab.min-sample-size"),
  AB_CONFIDENCE_LEVEL("vigia.ab.confidence-level"),

  COST_ALERT_THRESHOLD_PERCENT("vigia.cost.alert-threshold-percent"),
  COST_CRITICAL_THRESHOLD_PERCENT("vigia.cost.critical-threshold-percent"),

  PRIVACY_AUDIT_ENABLED("vigia.privacy.audit-enabled"),
  PRIVACY_HIGH_RISK_REVIEW_REQUIRED("vigia.privacy.high-risk-review-required"),
  VIGIA_PRIVACY_HASH_SECRET("vigia.privacy.hash-secret"),
  VIGIA_PRIVACY_HASH_SECRET_FILE("vigia.privacy.hash-secret-file"),
  VIGIA_PRIVACY_DEFAULT_METHOD("vigia.privacy.default-method"),

  FEEDBACK_PROCESSING_ENABLED("vigia.feedback.processing-enabled"),
  FEEDBACK_MIN_RATING_FOR_REVIEW("vigia.feedback.min-rating-for-review"),

  PARTITIONING_ENABLED("vigia.partitioning.enabled"),
  PARTITIONING_SIZE_THRESHOLD_GB("vigia.partitioning.size-threshold-gb"),
  PARTITIONING_ROW_THRESHOLD("vigia.partitioning.row-threshold"),

  VIGIA_NOTIFY_WEBHOOK_URL("vigia.notify.webhook.url"),
  VIGIA_NOTIFY_WEBHOOK_URL_FILE("vigia.notify.webhook.url-file"),
  VIGIA_NOTIFY_WEBHOOK_SECRET("vigia.notify.webhook.secret"),
  VIGIA_NOTIFY_WEBHOOK_SECRET_FILE("vigia.notify.webhook.secret-file"),
  VIGIA_NOTIFY_SLACK_URL("vigia.notify.slack.url"),
  VIGIA_NOTIFY_SLACK_URL_FILE("vigia.notify.slack.url-file"),
  VIGIA_NOTIFY_SMTP_HOST("vigia.notify.smtp.host"),
  VIGIA_NOTIFY_SMTP_PORT("vigia.notify.smtp.port"),
  VIGIA_NOTIFY_SMTP_USER("vigia.notify.smtp.user"),
  VIGIA_NOTIFY_SMTP_PASSWORD("vigia.notify.smtp.password"),
  VIGIA_NOTIFY_SMTP_PASSWORD_FILE("vigia.notify.smtp.password-file"),
  VIGIA_NOTIFY_SMTP_FROM("vigia.notify.smtp.from"),
  VIGIA_NOTIFY_SMTP_TO("vigia.notify.smtp.to"),
  VIGIA_NOTIFY_SMTP_SECURITY("vigia.notify.smtp.security"),
  VIGIA_NOTIFY_MIN_SEVERITY("vigia.notify.min-severity");

  /** Origin of the values this layer sets (a secret is accepted only from here or a file). */
  static final String ORIGIN = "environment";

  private static final Map<String, String> BY_PATH = byPath();

  /** The setting path the variable overrides. */
  public final String path;

  EnvironmentVariable(String path) {
    this.path = path;
  }

  /** Setting path -> variable name, in declaration order. */
  static Map<String, String> names() {
    return BY_PATH;
  }

  static Optional<String> nameOf(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /** The layer of the declared variables present in {@code environment} (the others are ignored). */
  static Config layer(Map<String, String> environment) {
    Map<String, String> present = new LinkedHashMap<>();
    for (EnvironmentVariable v : values()) {
      String value = environment.get(v.name());
      if (value != null) {
        present.put(v.path, value);
      }
    }
    return ConfigFactory.parseMap(present, ORIGIN);
  }

  private static Map<String, String> byPath() {
    Map<String, String> m = new LinkedHashMap<>();
    for (EnvironmentVariable v : values()) {
      m.put(v.path, v.name());
    }
    return Collections.unmodifiableMap(m);
  }
}
