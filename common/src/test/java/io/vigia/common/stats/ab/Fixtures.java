package io.vigia.common.stats.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads {@code fixtures/ab_fixtures.json}, written by {@code fixtures/make_ab_fixtures.py} (scipy 1.17).
 * Jackson is on the test classpath through Spark; main code has no JSON dependency.
 */
final class Fixtures {

  private static JsonNode root;

  private Fixtures() {}

  static synchronized JsonNode root() {
    if (root == null) {
      try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/ab_fixtures.json")) {
        if (in == null) {
          throw new IllegalStateException("fixtures/ab_fixtures.json not on the test classpath");
        }
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  /** {@code |actual - expected| / max(|expected|, floor)}. */
  static double relErr(double actual, double expected, double floor) {
    if (actual == expected) {
      return 0.0;
    }
    return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
  }
}
