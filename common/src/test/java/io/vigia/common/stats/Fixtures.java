package io.vigia.common.stats;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The scipy-generated fixture documents, each parsed once with Jackson (Python's NaN / Infinity tokens allowed). */
final class Fixtures {
  private static Map<String, Object> doc;
  private static Map<String, Object> ab;

  private Fixtures() {}

  /** {@code fixtures/drift_fixtures.json}. */
  static synchronized Map<String, Object> doc() {
    if (doc == null) {
      doc = load("/fixtures/drift_fixtures.json");
    }
    return doc;
  }

  /** {@code fixtures/ab_fixtures.json} (scipy 1.17, {@code fixtures/make_ab_fixtures.py}). */
  static synchronized Map<String, Object> ab() {
    if (ab == null) {
      ab = load("/fixtures/ab_fixtures.json");
    }
    return ab;
  }

  private static Map<String, Object> load(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .build()
          .readValue(in, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
