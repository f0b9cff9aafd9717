package io.vigia.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The partitions and retention settings: the design's tiers by default, bad values named. */
class OpsSettingsTest {
  @Test
  void defaultsAreTheDesignTiers() {
    Settings s = Settings.load(Optional.empty(), Map.of(), Map.of());
    assertThat(s.retentionHotDays).isEqualTo(90);
    assertThat(s.retentionWarmDays).isEqualTo(365);
    assertThat(s.retentionColdYears).isEqualTo(7);
    assertThat(s.retentionLowRiskPrivacyHotDays).isEqualTo(30);
    assertThat(s.partitioningMonthsAhead).isEqualTo(3);
    assertThat(s.partitioningMigrateOnline).isFalse();
    assertThat(s.partitioningWatch).contains("ab_experiment_observations:observed_at");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of(), Map.of("vigia.retention.warm-days", "60")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.retention.warm-days = 60: must be more than vigia.retention.hot-days = 90");
    assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of(),
        Map.of("vigia.partitioning.watch", "user_feedback")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.partitioning.watch = 'user_feedback': must be a comma-separated list of "
            + "table:partition_column");
    assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of(), Map.of("vigia.partitioning.months-ahead", "-1")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("vigia.partitioning.months-ahead = -1");
  }
}
