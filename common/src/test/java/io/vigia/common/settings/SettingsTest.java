package io.vigia.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  /** The design's .env list, every one of which must override its setting. */
  static final Map<String, String> DESIGN_ENV = Map.ofEntries(
      Map.entry("DRIFT_DETECTION_ENABLED", "false"),
      Map.entry("DRIFT_MAPE_THRESHOLD", "0.25"),
      Map.entry("DRIFT_ACCURACY_THRESHOLD", "0.2"),
      Map.entry("DRIFT_KS_THRESHOLD", "0.3"),
      Map.entry("DRIFT_PSI_THRESHOLD", "0.4"),
      Map.entry("AB_TESTING_ENABLED", "false"),
      Map.entry("AB_MIN_SAMPLE_SIZE", "250"),
      Map.entry("AB_CONFIDENCE_LEVEL", "0.9"),
      Map.entry("COST_ALERT_THRESHOLD_PERCENT", "70"),
      Map.entry("COST_CRITICAL_THRESHOLD_PERCENT", "90"),
      Map.entry("PRIVACY_AUDIT_ENABLED", "false"),
      Map.entry("PRIVACY_HIGH_RISK_REVIEW_REQUIRED", "false"),
      Map.entry("FEEDBACK_PROCESSING_ENABLED", "false"),
      Map.entry("FEEDBACK_MIN_RATING_FOR_REVIEW", "3"),
      Map.entry("PARTITIONING_ENABLED", "false"),
      Map.entry("PARTITIONING_SIZE_THRESHOLD_GB", "12.5"),
      Map.entry("PARTITIONING_ROW_THRESHOLD", "2000000"));

  @Test
  void defaultsAreTheDesignValues() {
    Settings s = Settings.load(Optional.empty(), Map.of(), Map.of());
    assertThat(s.drift().mapeThreshold()).isEqualTo(0.15);
    assertThat(s.drift().accuracyThreshold()).isEqualTo(0.10);
    assertThat(s.drift().ksThreshold()).isEqualTo(0.15);
    assertThat(s.drift().psiThreshold()).isEqualTo(0.2);
    assertThat(s.experiments().minSampleSize()).isEqualTo(100);
    assertThat(s.experiments().confidenceLevel()).isEqualTo(0.95);
    assertThat(s.cost().alertThresholdPercent()).isEqualTo(80);
    assertThat(s.cost().criticalThresholdPercent()).isEqualTo(95);
    assertThat(s.feedback().minRatingForReview()).isEqualTo(2);
    assertThat(s.feedback().reviewBurstMinCount()).isEqualTo(10);
    assertThat(s.feedback().reviewBaseline()).isEqualTo(java.time.Period.ofDays(28));
    assertThat(s.partitioning().sizeThresholdGb()).isEqualTo(10);
    assertThat(s.partitioning().rowThreshold()).isEqualTo(1_000_000);
    assertThat(s.hasExternalDatabase()).isFalse();
  }

  @Test
  void everyDesignVariableOverridesItsSettingAboveTheSiteFile(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("application.conf");
    Files.writeString(
        site,
        "vigia.drift.mape-threshold = 0.5\nvigia.ab.min-sample-size = 7\nvigia.lake-dir = /site/lake\n");
    assertThat(Settings.envNames().values()).containsAll(DESIGN_ENV.keySet());
    Settings s = Settings.load(Optional.of(site), DESIGN_ENV, Map.of());
    assertThat(s.drift().enabled()).isFalse();
    assertThat(s.drift().mapeThreshold()).isEqualTo(0.25);
    assertThat(s.drift().accuracyThreshold()).isEqualTo(0.2);
    assertThat(s.drift().ksThreshold()).isEqualTo(0.3);
    assertThat(s.drift().psiThreshold()).isEqualTo(0.4);
    assertThat(s.experiments().enabled()).isFalse();
    assertThat(s.experiments().minSampleSize()).isEqualTo(250);
    assertThat(s.experiments().confidenceLevel()).isEqualTo(0.9);
    assertThat(s.cost().alertThresholdPercent()).isEqualTo(70);
    assertThat(s.cost().criticalThresholdPercent()).isEqualTo(90);
    assertThat(s.privacy().auditEnabled()).isFalse();
    assertThat(s.privacy().highRiskReviewRequired()).isFalse();
    assertThat(s.feedback().processingEnabled()).isFalse();
    assertThat(s.feedback().minRatingForReview()).isEqualTo(3);
    assertThat(s.partitioning().enabled()).isFalse();
    assertThat(s.partitioning().sizeThresholdGb()).isEqualTo(12.5);
    assertThat(s.partitioning().rowThreshold()).isEqualTo(2_000_000);
    // the site file still applies where no variable is set
    assertThat(s.lakeDir()).isEqualTo("/site/lake");
  }

  @Test
  void siteFileOverridesReference(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("application.conf");
    Files.writeString(site, "vigia.drift.mape-threshold = 0.5\n");
    assertThat(Settings.load(Optional.of(site), Map.of(), Map.of()).drift().mapeThreshold())
        .isEqualTo(0.5);
  }

  @Test
  void vigiaVariablesSetDatabaseAndPaths() {
    Settings s = Settings.load(
        Optional.empty(),
        Map.of(
            "VIGIA_JDBC_URL",
            "jdbc:postgresql://db:5432/x",
            "VIGIA_JDBC_USER",
            "app",
            "VIGIA_JDBC_PASSWORD",
            "s3cret!",
            "VIGIA_LANDING_DIR",
            "/l",
            "VIGIA_LAKE_DIR",
            "/k"),
        Map.of());
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(s.jdbcUser()).isEqualTo("app");
    assertThat(s.jdbcPassword()).isEqualTo("s3cret!");
    assertThat(s.landingDir()).isEqualTo("/l");
    assertThat(s.lakeDir()).isEqualTo("/k");
    assertThat(s.toString()).doesNotContain("s3cret!");
    assertThat(Settings.redactUrl("jdbc:postgresql://h/db?user=a&password=s3cret!&ssl=true"))
        .doesNotContain("s3cret!")
        .contains("ssl=true");
  }

  @Test
  void invalidValuesStopWithAMessageNamingEverySettingAndVariable() {
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(),
            Map.of(
                "DRIFT_MAPE_THRESHOLD",
                "abc",
                "AB_CONFIDENCE_LEVEL",
                "1.5",
                "PARTITIONING_ENABLED",
                "maybe",
                "DRIFT_PSI_THRESHOLD",
                "-1"),
            Map.of()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "vigia.drift.mape-threshold (DRIFT_MAPE_THRESHOLD) = 'abc': not a number")
        .hasMessageContaining("vigia.ab.confidence-level (AB_CONFIDENCE_LEVEL) = 1.5")
        .hasMessageContaining("vigia.partitioning.enabled (PARTITIONING_ENABLED) = 'maybe'")
        .hasMessageContaining(
            "vigia.drift.psi-threshold (DRIFT_PSI_THRESHOLD) = -1.0: must be a positive number");
  }

  @Test
  void criticalBelowAlertThresholdIsRefused() {
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(),
            Map.of("COST_ALERT_THRESHOLD_PERCENT", "90", "COST_CRITICAL_THRESHOLD_PERCENT", "80"),
            Map.of()))
        .hasMessageContaining("COST_CRITICAL_THRESHOLD_PERCENT");
  }

  @Test
  void aMissingSiteFileIsNamed() {
    assertThatThrownBy(() ->
            Settings.load(Optional.of(Path.of("/nonexistent/vigia.conf")), Map.of(), Map.of()))
        .hasMessageContaining("/nonexistent/vigia.conf");
  }

  @Test
  void aPasswordNeverAppearsInValidationMessages() {
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(),
            Map.of("VIGIA_JDBC_PASSWORD", "hunter2", "DRIFT_KS_THRESHOLD", "2"),
            Map.of()))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aPasswordComesOnlyFromTheEnvironmentOrAFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assertThat(Settings.load(Optional.empty(), Map.of("VIGIA_JDBC_PASSWORD", "hunter2"), Map.of())
            .jdbcPassword())
        .isEqualTo("hunter2");
    Path f = dir.resolve("pw");
    java.nio.file.Files.writeString(f, "from-a-file\n");
    assertThat(Settings.load(
                Optional.empty(), Map.of("VIGIA_JDBC_PASSWORD_FILE", f.toString()), Map.of())
            .jdbcPassword())
        .isEqualTo("from-a-file");
    Path site = dir.resolve("site.conf");
    java.nio.file.Files.writeString(site, "vigia.jdbc.password = \"hunter2\"\n");
    assertThatThrownBy(() -> Settings.load(Optional.of(site), Map.of(), Map.of()))
        .hasMessageContaining(
            "vigia.jdbc.password (VIGIA_JDBC_PASSWORD): a secret may come only from the environment")
        .hasMessageContaining("site.conf")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() ->
            Settings.load(Optional.empty(), Map.of(), Map.of("vigia.jdbc.password", "hunter2")))
        .hasMessageContaining("command line")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(), Map.of("VIGIA_JDBC_PASSWORD_FILE", "/nonexistent/pw"), Map.of()))
        .hasMessageContaining(
            "vigia.jdbc.password-file (VIGIA_JDBC_PASSWORD_FILE) = '/nonexistent/pw'");
  }
}
