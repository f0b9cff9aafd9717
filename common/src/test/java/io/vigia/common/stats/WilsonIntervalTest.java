package io.vigia.common.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Against scipy 1.17 binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson'). */
class WilsonIntervalTest {
  @Test
  void matchesScipy() {
    double z = WilsonInterval.Z95;
    assertEquals(0.10779126740630102, WilsonInterval.lower(3, 10, z), 1e-12);
    assertEquals(0.6032218525388546, WilsonInterval.upper(3, 10, z), 1e-12);
    assertEquals(0.0, WilsonInterval.lower(0, 20, z), 1e-12);
    assertEquals(0.16112515805281935, WilsonInterval.upper(0, 20, z), 1e-12);
    assertEquals(0.6276792992295218, WilsonInterval.lower(45, 60, z), 1e-12);
    assertEquals(0.8422347746994333, WilsonInterval.upper(45, 60, z), 1e-12);
    assertEquals(0.20654931437723745, WilsonInterval.lower(1, 1, z), 1e-12);
    assertEquals(1.0, WilsonInterval.upper(1, 1, z), 1e-12);
    assertTrue(Double.isNaN(WilsonInterval.lower(0, 0, z)));
  }
}
