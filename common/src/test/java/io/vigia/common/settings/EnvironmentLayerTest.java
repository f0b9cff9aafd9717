package io.vigia.common.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment layer, pinned: the exact setting path -> variable table (names, order) and the
 * precedence command line > environment > site file > reference.conf. Nothing else in the environment
 * is read.
 */
class EnvironmentLayerTest {
  /** Every variable vigia reads, in declaration order, with the setting it overrides. */
  static final Map<String, String> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("vigia.jdbc.url", "VIGIA_JDBC_URL");
    TABLE.put("vigia.jdbc.user", "VIGIA_JDBC_USER");
    TABLE.put("vigia.jdbc.password", "VIGIA_JDBC_PASSWORD");
    TABLE.put("vigia.jdbc.password-file", "VIGIA_JDBC_PASSWORD_FILE");
    TABLE.put("vigia.landing-dir", "VIGIA_LANDING_DIR");
    TABLE.put("vigia.lake-dir", "VIGIA_LAKE_DIR");
    TABLE.put("vigia.embedded.dir", "VIGIA_EMBEDDED_DIR");
    TABLE.put("vigia.spark.master", "VIGIA_SPARK_MASTER");
    TABLE.put("vigia.drift.enabled", "DRIFT_DETECTION_ENABLED");
    TABLE.put("vigia.drift.mape-threshold", "DRIFT_MAPE_THRESHOLD");
    TABLE.put("vigia.drift.accuracy-threshold", "DRIFT_ACCURACY_THRESHOLD");
    TABLE.put("vigia.drift.ks-threshold", "DRIFT_KS_THRESHOLD");
    TABLE.put("vigia.drift.psi-threshold", "DRIFT_PSI_THRESHOLD");
    TABLE.put("vigia.drift.seasonal-weeks", "DRIFT_SEASONAL_WEEKS");
    TABLE.put("vigia.drift.alert-cooldown-hours", "DRIFT_ALERT_COOLDOWN_HOURS");
    TABLE.put("vigia.drift.quality-alert-share", "DRIFT_QUALITY_ALERT_SHARE");
    TABLE.put("vigia.ab.enabled", "AB_TESTING_ENABLED");
    TABLE.put("vigia.ab.min-sample-size", "AB_MIN_SAMPLE_SIZE");
    TABLE.put("vigia.ab.confidence-level", "AB_CONFIDENCE_LEVEL");
    TABLE.put("vigia.cost.alert-threshold-percent", "COST_ALERT_THRESHOLD_PERCENT");
    TABLE.put("vigia.cost.critical-threshold-percent", "COST_CRITICAL_THRESHOLD_PERCENT");
    TABLE.put("vigia.privacy.audit-enabled", "PRIVACY_AUDIT_ENABLED");
    TABLE.put("vigia.privacy.high-risk-review-required", "PRIVACY_HIGH_RISK_REVIEW_REQUIRED");
    TABLE.put("vigia.privacy.hash-secret", "VIGIA_PRIVACY_HASH_SECRET");
    TABLE.put("vigia.privacy.hash-secret-file", "VIGIA_PRIVACY_HASH_SECRET_FILE");
    TABLE.put("vigia.privacy.default-method", "VIGIA_PRIVACY_DEFAULT_METHOD");
    TABLE.put("vigia.feedback.processing-enabled", "FEEDBACK_PROCESSING_ENABLED");
    TABLE.put("vigia.feedback.min-rating-for-review", "FEEDBACK_MIN_RATING_FOR_REVIEW");
    TABLE.put("vigia.partitioning.enabled", "PARTITIONING_ENABLED");
    TABLE.put("vigia.partitioning.size-threshold-gb", "PARTITIONING_SIZE_THRESHOLD_GB");
    TABLE.put("vigia.partitioning.row-threshold", "PARTITIONING_ROW_THRESHOLD");
    TABLE.put("vigia.notify.webhook.url", "VIGIA_NOTIFY_WEBHOOK_URL");
    TABLE.put("vigia.notify.webhook.url-file", "VIGIA_NOTIFY_WEBHOOK_URL_FILE");
    TABLE.put("vigia.notify.webhook.secret", "VIGIA_NOTIFY_WEBHOOK_SECRET");
    TABLE.put("vigia.notify.webhook.secret-file", "VIGIA_NOTIFY_WEBHOOK_SECRET_FILE");
    TABLE.put("vigia.notify.slack.url", "VIGIA_NOTIFY_SLACK_URL");
    TABLE.put("vigia.notify.slack.url-file", "VIGIA_NOTIFY_SLACK_URL_FILE");
    TABLE.put("vigia.notify.smtp.host", "VIGIA_NOTIFY_SMTP_HOST");
    TABLE.put("vigia.notify.smtp.port", "VIGIA_NOTIFY_SMTP_PORT");
    TABLE.put("vigia.notify.smtp.user", "VIGIA_NOTIFY_SMTP_USER");
    TABLE.put("vigia.notify.smtp.password", "VIGIA_NOTIFY_SMTP_PASSWORD");
    TABLE.put("vigia.notify.smtp.password-file", "VIGIA_NOTIFY_SMTP_PASSWORD_FILE");
    TABLE.put("vigia.notify.smtp.from", "VIGIA_NOTIFY_SMTP_FROM");
    TABLE.put("vigia.notify.smtp.to", "VIGIA_NOTIFY_SMTP_TO");
    TABLE.put("vigia.notify.smtp.security", "VIGIA_NOTIFY_SMTP_SECURITY");
    TABLE.put("vigia.notify.min-severity", "VIGIA_NOTIFY_MIN_SEVERITY");
  }

  @Test
  void theTableIsExactlyTodays() {
    assertThat(Settings.envNames()).containsExactlyEntriesOf(TABLE);
    TABLE.forEach((path, env) -> {
      assertThat(Settings.envName(path)).contains(env);
      assertThat(Settings.userName(path)).isEqualTo(path + " (" + env + ")");
    });
    assertThat(Settings.envName("vigia.drift.n-bins")).isEmpty();
    assertThat(Settings.userName("vigia.drift.n-bins")).isEqualTo("vigia.drift.n-bins");
  }

  @Test
  void everyVariableOverridesItsSettingFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, "from-a-file\n");
    Path urlFile = dir.resolve("url");
    Files.writeString(urlFile, "https://hooks.example.org/from-a-file\n");
    Map<String, String> valid = Map.ofEntries(
        Map.entry("VIGIA_JDBC_URL", "jdbc:postgresql://env:5432/db"),
        Map.entry("VIGIA_JDBC_USER", "env-user"),
        Map.entry("VIGIA_JDBC_PASSWORD", "env-pw"),
        Map.entry("VIGIA_JDBC_PASSWORD_FILE", secretFile.toString()),
        Map.entry("VIGIA_LANDING_DIR", "/env/landing"),
        Map.entry("VIGIA_LAKE_DIR", "/env/lake"),
        Map.entry("VIGIA_EMBEDDED_DIR", "/env/pg"),
        Map.entry("VIGIA_SPARK_MASTER", "local[2]"),
        Map.entry("DRIFT_DETECTION_ENABLED", "false"),
        Map.entry("DRIFT_MAPE_THRESHOLD", "0.33"),
        Map.entry("DRIFT_ACCURACY_THRESHOLD", "0.22"),
        Map.entry("DRIFT_KS_THRESHOLD", "0.44"),
        Map.entry("DRIFT_PSI_THRESHOLD", "0.55"),
        Map.entry("DRIFT_SEASONAL_WEEKS", "6"),
        Map.entry("DRIFT_ALERT_COOLDOWN_HOURS", "12"),
        Map.entry("DRIFT_QUALITY_ALERT_SHARE", "0.07"),
        Map.entry("AB_TESTING_ENABLED", "false"),
        Map.entry("AB_MIN_SAMPLE_SIZE", "321"),
        Map.entry("AB_CONFIDENCE_LEVEL", "0.9"),
        Map.entry("COST_ALERT_THRESHOLD_PERCENT", "60"),
        Map.entry("COST_CRITICAL_THRESHOLD_PERCENT", "99"),
        Map.entry("PRIVACY_AUDIT_ENABLED", "false"),
        Map.entry("PRIVACY_HIGH_RISK_REVIEW_REQUIRED", "false"),
        Map.entry("VIGIA_PRIVACY_HASH_SECRET", "env-secret"),
        Map.entry("VIGIA_PRIVACY_HASH_SECRET_FILE", secretFile.toString()),
        Map.entry("VIGIA_PRIVACY_DEFAULT_METHOD", "remove"),
        Map.entry("FEEDBACK_PROCESSING_ENABLED", "false"),
        Map.entry("FEEDBACK_MIN_RATING_FOR_REVIEW", "4"),
        Map.entry("PARTITIONING_ENABLED", "false"),
        Map.entry("PARTITIONING_SIZE_THRESHOLD_GB", "12.5"),
        Map.entry("PARTITIONING_ROW_THRESHOLD", "2000000"),
        Map.entry("VIGIA_NOTIFY_WEBHOOK_URL", "https://hooks.example.org/a"),
        Map.entry("VIGIA_NOTIFY_WEBHOOK_URL_FILE", urlFile.toString()),
        Map.entry("VIGIA_NOTIFY_WEBHOOK_SECRET", "env-signing"),
        Map.entry("VIGIA_NOTIFY_WEBHOOK_SECRET_FILE", secretFile.toString()),
        Map.entry("VIGIA_NOTIFY_SLACK_URL", "https://hooks.slack.example/b"),
        Map.entry("VIGIA_NOTIFY_SLACK_URL_FILE", urlFile.toString()),
        Map.entry("VIGIA_NOTIFY_SMTP_HOST", "smtp.example.org"),
        Map.entry("VIGIA_NOTIFY_SMTP_PORT", "2525"),
        Map.entry("VIGIA_NOTIFY_SMTP_USER", "mailer"),
        Map.entry("VIGIA_NOTIFY_SMTP_PASSWORD", "env-mail"),
        Map.entry("VIGIA_NOTIFY_SMTP_PASSWORD_FILE", secretFile.toString()),
        Map.entry("VIGIA_NOTIFY_SMTP_FROM", "vigia@example.org"),
        Map.entry("VIGIA_NOTIFY_SMTP_TO", "ops@example.org"),
        Map.entry("VIGIA_NOTIFY_SMTP_SECURITY", "tls"),
        Map.entry("VIGIA_NOTIFY_MIN_SEVERITY", "medium"));
    // settings that are only valid together with another one (a webhook is always signed; mail
    // needs from/to)
    Map<String, Map<String, String>> companions = Map.of(
        "VIGIA_NOTIFY_WEBHOOK_URL", Map.of("VIGIA_NOTIFY_WEBHOOK_SECRET", "s"),
        "VIGIA_NOTIFY_WEBHOOK_URL_FILE", Map.of("VIGIA_NOTIFY_WEBHOOK_SECRET", "s"),
        "VIGIA_NOTIFY_SMTP_HOST",
            Map.of(
                "VIGIA_NOTIFY_SMTP_FROM",
                "a@example.org",
                "VIGIA_NOTIFY_SMTP_TO",
                "b@example.org"));
    assertThat(valid.keySet()).containsExactlyInAnyOrderElementsOf(TABLE.values());
    TABLE.forEach((path, env) -> {
      Map<String, String> environment =
          new java.util.HashMap<>(companions.getOrDefault(env, Map.of()));
      environment.put(env, valid.get(env));
      Settings s = Settings.load(Optional.empty(), environment, Map.of());
      assertThat(String.valueOf(s.rawValue(path).unwrapped())).as(env).isEqualTo(valid.get(env));
      assertThat(s.rawValue(path).origin().description()).as(env).startsWith("environment");
    });
  }

  @Test
  void environmentOverSiteFileOverReferenceAndCommandLineOverAll(@TempDir Path dir)
      throws Exception {
    Path site = dir.resolve("application.conf");
    Files.writeString(
        site,
        "vigia.drift.mape-threshold = 0.5\nvigia.drift.ks-threshold = 0.6\n"
            + "vigia.lake-dir = /site/lake\nvigia.drift.n-bins = 12\n");
    Map<String, String> env = Map.of(
        "DRIFT_MAPE_THRESHOLD",
        "0.25",
        "VIGIA_LAKE_DIR",
        "/env/lake",
        "DRIFT_PSI_THRESHOLD",
        "0.3");
    Settings s = Settings.load(Optional.of(site), env, Map.of("vigia.lake-dir", "/cli/lake"));
    // environment over the site file
    assertThat(s.rawValue("vigia.drift.mape-threshold").unwrapped()).hasToString("0.25");
    // environment over reference.conf
    assertThat(s.rawValue("vigia.drift.psi-threshold").unwrapped()).hasToString("0.3");
    // site file over reference.conf, where no variable is set
    assertThat(s.rawValue("vigia.drift.ks-threshold").unwrapped()).hasToString("0.6");
    assertThat(s.rawValue("vigia.drift.n-bins").unwrapped()).hasToString("12");
    // command line over the environment
    assertThat(s.rawValue("vigia.lake-dir").unwrapped()).hasToString("/cli/lake");
    assertThat(s.rawValue("vigia.lake-dir").origin().description()).startsWith("command line");
    // reference.conf where nothing else sets a value
    assertThat(s.rawValue("vigia.drift.accuracy-threshold").unwrapped()).hasToString("0.1");
  }

  @Test
  void nothingOutsideTheTableIsReadFromTheEnvironment() {
    Settings s = Settings.load(
        Optional.empty(),
        Map.of(
            "DRIFT_N_BINS",
            "3",
            "vigia.drift.n-bins",
            "4",
            "VIGIA_DRIFT_N_BINS",
            "5",
            "drift_mape_threshold",
            "0.9",
            "VIGIA_SHUFFLE_PARTITIONS",
            "3"),
        Map.of());
    assertThat(s.rawValue("vigia.drift.n-bins").unwrapped()).hasToString("10");
    assertThat(s.rawValue("vigia.drift.mape-threshold").unwrapped()).hasToString("0.15");
    assertThat(s.rawValue("vigia.spark.shuffle-partitions").unwrapped()).hasToString("8");
  }

  @Test
  void anEmptyVariableSetsAnEmptyValue() {
    Settings s = Settings.load(Optional.empty(), Map.of("VIGIA_SPARK_MASTER", ""), Map.of());
    assertThat(s.rawValue("vigia.spark.master").unwrapped()).hasToString("");
    assertThat(s.rawValue("vigia.spark.master").origin().description()).startsWith("environment");
  }
}
