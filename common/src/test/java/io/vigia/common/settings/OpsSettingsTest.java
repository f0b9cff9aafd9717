package io.vigia.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.settings.PartitioningSettings.WatchedTable;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The partitions and retention settings: the design's tiers by default, bad values named. */
class OpsSettingsTest {
  @Test
  void defaultsAreTheDesignTiers() {
    Settings s = Settings.load(Optional.empty(), Map.of(), Map.of());
    assertThat(s.retention().hot()).isEqualTo(Duration.ofDays(90));
    assertThat(s.retention().warm()).isEqualTo(Duration.ofDays(365));
    assertThat(s.retention().cold()).isEqualTo(Period.ofYears(7));
    assertThat(s.retention().lowRiskPrivacyHot()).isEqualTo(Duration.ofDays(30));
    assertThat(s.retention().vacuumRetain()).isEqualTo(Duration.ofHours(168));
    assertThat(s.partitioning().monthsAhead()).isEqualTo(3);
    assertThat(s.partitioning().migrateOnline()).isFalse();
    assertThat(s.partitioning().watch())
        .containsExactly(
            new WatchedTable("ab_experiment_observations", "observed_at"),
            new WatchedTable("feature_drift_metrics", "period_start"));
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() ->
            Settings.load(Optional.empty(), Map.of(), Map.of("vigia.retention.warm-days", "60")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "vigia.retention.warm-days = 60: must be more than vigia.retention.hot-days = 90");
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(), Map.of(), Map.of("vigia.partitioning.watch", "user_feedback")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "vigia.partitioning.watch = 'user_feedback': must be a comma-separated list of "
                + "table:partition_column");
    assertThatThrownBy(() -> Settings.load(
            Optional.empty(), Map.of(), Map.of("vigia.partitioning.months-ahead", "-1")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.partitioning.months-ahead = -1");
  }
}
