package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference of a run window for each vigia.drift.reference-mode (no Spark, no data). */
class ReferenceWindowsTest {
  static final LocalDate D = LocalDate.of(2026, 3, 9);

  static Settings mode(Map<String, String> overrides) {
    return Settings.load(Optional.empty(), Map.of(), overrides);
  }

  @Test
  void precedingIsTheWindowOfTheSameLengthJustBefore() {
    assertThat(DriftJob.referenceWindows(mode(Map.of()), Window.days(D, 7)))
        .containsExactly(Window.days(D.minusDays(7), 7));
  }

  @Test
  void baselineIsTheFixedPeriodAndMustEndBeforeTheRun() {
    Settings s = mode(Map.of(
        "vigia.drift.reference-mode",
        "baseline",
        "vigia.drift.baseline-start",
        "2026-01-01",
        "vigia.drift.baseline-end",
        "2026-02-01"));
    assertThat(DriftJob.referenceWindows(s, Window.days(D, 7)))
        .containsExactly(Window.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1)));
    assertThatThrownBy(
            () -> DriftJob.referenceWindows(s, Window.days(LocalDate.of(2026, 1, 20), 7)))
        .hasMessageContaining("vigia.drift.baseline-start/baseline-end");
  }

  @Test
  void seasonalIsTheSameWeekdaysOfEarlierWeeks() {
    Settings s =
        mode(Map.of("vigia.drift.reference-mode", "seasonal", "vigia.drift.seasonal-weeks", "2"));
    assertThat(DriftJob.referenceWindows(s, Window.days(D, 1)))
        .containsExactly(Window.days(D.minusDays(14), 1), Window.days(D.minusDays(7), 1));
    assertThatThrownBy(() -> DriftJob.referenceWindows(s, Window.days(D, 8)))
        .hasMessageContaining("vigia.drift.reference-mode = seasonal");
  }
}
