package io.vigia.common.stats;

import java.util.List;
import java.util.Map;

/** Typed access to the fixture document's values (read with Jackson by {@link Fixtures}). */
final class Json {
  private Json() {}

  static double d(Object o) {
    return ((Number) o).doubleValue();
  }

  static long l(Object o) {
    return ((Number) o).longValue();
  }

  @SuppressWarnings("unchecked")
  static double[] doubles(Object o) {
    List<Object> a = (List<Object>) o;
    double[] r = new double[a.size()];
    for (int k = 0; k < r.length; k++) {
      r[k] = d(a.get(k));
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  static long[] longs(Object o) {
    List<Object> a = (List<Object>) o;
    long[] r = new long[a.size()];
    for (int k = 0; k < r.length; k++) {
      r[k] = l(a.get(k));
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases(Map<String, Object> doc, String key) {
    return (List<Map<String, Object>>) doc.get(key);
  }
}
