package io.vigia.common.job;

import io.vigia.common.settings.Settings;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for the crash-safety tests: when vigia.testing.halt-at names a point, the JVM is
 * halted there at once (no shutdown hooks, no rollback), as a kill -9 would.
 */
public final class Faults {
  private Faults() {}

  public static void haltIfRequested(Settings s, String point) {
    if (point.equals(s.testingHaltAt)) {
      LoggerFactory.getLogger(Faults.class).error("vigia.testing.halt-at={}: halting the JVM now", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
