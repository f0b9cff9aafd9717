package io.vigia.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.privacy.PiiSanitizer.Method;
import io.vigia.common.privacy.PiiType;
import io.vigia.common.settings.DriftSettings.ReferenceMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-concern records: modes as enums, durations and dates as java.time, and the messages of bad values. */
class TypedSettingsTest {
  static Settings load(Map<String, String> env, Map<String, String> overrides) {
    return Settings.load(Optional.empty(), env, overrides);
  }

  @Test
  void defaultsAreTyped() {
    Settings s = load(Map.of(), Map.of());
    assertThat(s.drift().referenceMode()).isEqualTo(ReferenceMode.PRECEDING);
    assertThat(s.drift().baselineStart()).isNull();
    assertThat(s.drift().outcomeLateness()).isEqualTo(Period.ofDays(3));
    assertThat(s.drift().alertCooldown()).isEqualTo(Duration.ofHours(24));
    assertThat(s.ingest().dedupLookback()).isEqualTo(Period.ofDays(3));
    assertThat(s.cost().lateness()).isEqualTo(Period.ofDays(1));
    assertThat(s.cost().anomalyHistory()).isEqualTo(Period.ofDays(28));
    assertThat(s.cost().computeUsdPerCoreHour()).isEqualTo(new BigDecimal("0.04"));
    assertThat(s.feedback().predictionLookback()).isEqualTo(Period.ofDays(7));
    assertThat(s.feedback().themes().algorithm())
        .isEqualTo(io.vigia.common.settings.FeedbackSettings.ThemeAlgorithm.BISECTING);
    assertThat(s.feedback().themes().themes()).isEqualTo(16);
    assertThat(s.feedback().themes().alpha()).isEqualTo(0.01);
    assertThat(s.privacy().erasureVacuumRetention()).isEqualTo(Duration.ofHours(168));
    assertThat(s.privacy().methods())
        .hasSize(PiiType.values().length)
        .containsValue(Method.MASK)
        .doesNotContainValue(Method.HASH);
  }

  @Test
  void referenceModesParseToTheEnum() {
    Settings baseline = load(
        Map.of(),
        Map.of(
            "vigia.drift.reference-mode",
            "baseline",
            "vigia.drift.baseline-start",
            "2026-01-01",
            "vigia.drift.baseline-end",
            "2026-02-01"));
    assertThat(baseline.drift().referenceMode()).isEqualTo(ReferenceMode.BASELINE);
    assertThat(baseline.drift().baselineStart()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(baseline.drift().baselineEnd()).isEqualTo(LocalDate.of(2026, 2, 1));
    Settings seasonal =
        load(Map.of("DRIFT_SEASONAL_WEEKS", "6"), Map.of("vigia.drift.reference-mode", "seasonal"));
    assertThat(seasonal.drift().referenceMode()).isEqualTo(ReferenceMode.SEASONAL);
    assertThat(seasonal.drift().seasonalWeeks()).isEqualTo(6);
    assertThat(ReferenceMode.SEASONAL.wire()).isEqualTo("seasonal");
  }

  @Test
  void errorSliceSettingsAreTypedAndChecked() {
    DriftSettings.Slices defaults = load(Map.of(), Map.of()).drift().slices();
    assertThat(defaults.error()).isEqualTo(DriftSettings.SliceError.RELATIVE);
    assertThat(defaults.maxDepth()).isEqualTo(3);
    assertThat(defaults.fits(500)).isTrue();
    assertThat(defaults.fits(499)).isFalse();
    assertThat(load(Map.of(), Map.of("vigia.drift.slices.error", "absolute"))
            .drift()
            .slices()
            .error())
        .isEqualTo(DriftSettings.SliceError.ABSOLUTE);
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.drift.slices.error", "squared")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.drift.slices.error = squared: must be absolute or relative");
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.drift.slices.max-depth", "12")))
        .hasMessageContaining("vigia.drift.slices.max-depth");
  }

  @Test
  void sentimentModelSettingsAreTypedAndChecked() {
    FeedbackSettings.SentimentModel d = load(Map.of(), Map.of()).feedback().sentimentModel();
    assertThat(d.enabled()).isTrue();
    assertThat(d.period()).isEqualTo(FeedbackSettings.ModelPeriod.WEEK);
    assertThat(d.lookback()).isEqualTo(java.time.Period.ofDays(56));
    assertThat(d.minRows()).isEqualTo(200);
    // the run's period holds the last instant of its window: 2026-11-10 is a Tuesday of ISO week 46
    java.time.LocalDate start = d.period().ofRun(java.time.Instant.parse("2026-11-11T00:00:00Z"));
    assertThat(start).isEqualTo(java.time.LocalDate.parse("2026-11-09"));
    assertThat(d.period().version(start)).isEqualTo("2026-W46");
    assertThat(d.period().end(start)).isEqualTo(java.time.LocalDate.parse("2026-11-16"));
    FeedbackSettings.ModelPeriod month = load(
            Map.of(), Map.of("vigia.feedback.sentiment-model.period", "month"))
        .feedback()
        .sentimentModel()
        .period();
    assertThat(month.ofRun(java.time.Instant.parse("2026-12-01T00:00:00Z")))
        .isEqualTo(java.time.LocalDate.parse("2026-11-01"));
    assertThat(month.version(java.time.LocalDate.parse("2026-11-01"))).isEqualTo("2026-11");
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.feedback.sentiment-model.period", "day")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.feedback.sentiment-model.period = day: must be week or month");
  }

  @Test
  void badReferenceModesAndBaselinesAreNamed() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.drift.reference-mode", "weekly")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "vigia.drift.reference-mode = weekly: must be preceding, baseline or seasonal");
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.drift.reference-mode", "PRECEDING")))
        .hasMessageContaining(
            "vigia.drift.reference-mode = PRECEDING: must be preceding, baseline or seasonal");
    assertThatThrownBy(() -> load(
            Map.of(),
            Map.of(
                "vigia.drift.reference-mode",
                "baseline",
                "vigia.drift.baseline-start",
                "2026-01-01")))
        .hasMessageContaining(
            "vigia.drift.baseline-start/vigia.drift.baseline-end = '2026-01-01'/'': "
                + "reference-mode baseline needs two ISO dates");
    assertThatThrownBy(() -> load(
            Map.of(),
            Map.of(
                "vigia.drift.reference-mode",
                "baseline",
                "vigia.drift.baseline-start",
                "2026-02-01",
                "vigia.drift.baseline-end",
                "2026-01-01")))
        .hasMessageContaining(
            "vigia.drift.baseline-start = 2026-02-01: must be before vigia.drift.baseline-end = 2026-01-01");
  }

  @Test
  void hoursAndDaysBecomeDurationsAndPeriods() {
    Settings s = load(
        Map.of("DRIFT_ALERT_COOLDOWN_HOURS", "12"),
        Map.of(
            "vigia.retention.vacuum-retain-hours",
            "0.5",
            "vigia.drift.outcome-lateness-days",
            "0",
            "vigia.retention.hot-days",
            "30",
            "vigia.retention.warm-days",
            "60",
            "vigia.retention.cold-years",
            "2",
            "vigia.privacy.erasure-vacuum-retention-hours",
            "0"));
    assertThat(s.drift().alertCooldown()).isEqualTo(Duration.ofHours(12));
    assertThat(s.drift().outcomeLateness()).isEqualTo(Period.ZERO);
    assertThat(s.retention().vacuumRetain()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.retention().hot()).isEqualTo(Duration.ofDays(30));
    assertThat(s.retention().warm()).isEqualTo(Duration.ofDays(60));
    assertThat(s.retention().cold()).isEqualTo(Period.ofYears(2));
    assertThat(s.privacy().erasureVacuumRetention()).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> load(Map.of("DRIFT_ALERT_COOLDOWN_HOURS", "-1"), Map.of()))
        .hasMessageContaining(
            "vigia.drift.alert-cooldown-hours (DRIFT_ALERT_COOLDOWN_HOURS) = -1: must be between 0 and 8784");
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.ingest.dedup-lookback-days", "two")))
        .hasMessageContaining("vigia.ingest.dedup-lookback-days = 'two': not a number");
  }

  @Test
  void sanitizationMethodsParseToTheEnumPerType() {
    Settings s = load(
        Map.of("VIGIA_PRIVACY_HASH_SECRET", "k3y", "VIGIA_PRIVACY_DEFAULT_METHOD", "remove"),
        Map.of("vigia.privacy.methods.email", "hash"));
    assertThat(s.privacy().methods())
        .containsEntry(PiiType.EMAIL, Method.HASH)
        .containsEntry(PiiType.PHONE, Method.REMOVE)
        .hasSize(PiiType.values().length);
    assertThat(s.privacy().hashSecret()).isEqualTo("k3y");
    assertThat(s.privacy().toString()).doesNotContain("k3y");
  }

  @Test
  void badSanitizationMethodsAreNamedAllAtOnce() {
    assertThatThrownBy(() -> load(
            Map.of("VIGIA_PRIVACY_DEFAULT_METHOD", "redact"),
            Map.of(
                "vigia.privacy.methods.email", "blur", "vigia.privacy.methods.shoe_size", "mask")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "vigia.privacy.default-method (VIGIA_PRIVACY_DEFAULT_METHOD) = 'redact': must be mask, "
                + "remove or hash")
        .hasMessageContaining("vigia.privacy.methods.email = 'blur': must be mask, remove or hash")
        .hasMessageContaining(
            "vigia.privacy.methods.shoe_size: unknown PII type; known: [address, ar_cuit,");
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.privacy.methods.email", "hash")))
        .hasMessageContaining(
            "vigia.privacy.hash-secret (VIGIA_PRIVACY_HASH_SECRET): required because a PII type is "
                + "sanitized with method hash");
  }

  @Test
  void theWatchListIsAListOfTables() {
    assertThat(load(Map.of(), Map.of("vigia.partitioning.watch", " a_b:c , d:e_f"))
            .partitioning()
            .watch())
        .containsExactly(
            new PartitioningSettings.WatchedTable("a_b", "c"),
            new PartitioningSettings.WatchedTable("d", "e_f"));
    assertThat(load(Map.of(), Map.of("vigia.partitioning.watch", ""))
            .partitioning()
            .watch())
        .isEmpty();
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.partitioning.watch", "a:b,C:d")))
        .hasMessageContaining(
            "vigia.partitioning.watch = 'a:b,C:d': must be a comma-separated list of "
                + "table:partition_column");
  }

  @Test
  void theRecordsAreImmutable() {
    Settings s = load(Map.of(), Map.of());
    assertThatThrownBy(() -> s.privacy().methods().put(PiiType.EMAIL, Method.HASH))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.partitioning().watch().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settingsTravelToExecutorsWithoutTheirConfig() throws Exception {
    Settings s = load(
        Map.of("VIGIA_PRIVACY_HASH_SECRET", "k3y"),
        Map.of("vigia.drift.reference-mode", "seasonal"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Settings back = (Settings) in.readObject();
      assertThat(back.drift()).isEqualTo(s.drift());
      assertThat(back.privacy()).isEqualTo(s.privacy());
      assertThat(back.partitioning()).isEqualTo(s.partitioning());
      assertThat(back.retention()).isEqualTo(s.retention());
    }
  }

  @Test
  void aThemeAlgorithmIsOneOfTheChoices() {
    assertThat(load(Map.of(), Map.of("vigia.feedback.themes.algorithm", "lda"))
            .feedback()
            .themes()
            .algorithm())
        .isEqualTo(io.vigia.common.settings.FeedbackSettings.ThemeAlgorithm.LDA);
    assertThatThrownBy(() -> load(Map.of(), Map.of("vigia.feedback.themes.algorithm", "dbscan")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("algorithm = dbscan: must be");
  }
}
