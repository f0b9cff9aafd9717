package io.vigia.generate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' JSON reader (Jackson, independent of the generator's writer): strict RFC 8259 (no trailing
 * content, no duplicate keys), values as Map (insertion order), List, String, BigDecimal (exact), Boolean
 * or null. NaN / Infinity literals are read only to be reported as {@link ParseError#nonFinite}.
 */
final class TreeJson {
  static final class ParseError extends RuntimeException {
    final boolean nonFinite;

    ParseError(String message, boolean nonFinite) {
      super(message);
      this.nonFinite = nonFinite;
    }
  }

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .build();

  private TreeJson() {}

  static Object parse(String text) {
    JsonNode n;
    try {
      n = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ParseError(e.getOriginalMessage(), false);
    }
    if (n == null || n.isMissingNode()) {
      throw new ParseError("no JSON value", false);
    }
    return plain(n);
  }

  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      n.forEach(x -> l.add(plain(x)));
      return l;
    }
    if (n.isNumber()) {
      if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
        throw new ParseError("non-finite literal " + n.asText(), true);
      }
      return n.decimalValue();
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return null;
  }
}
