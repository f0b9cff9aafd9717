package io.vigia.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * vigia's JSON text, written and read with Jackson (Spark's own jackson-databind): compact output,
 * keys in insertion order, BigDecimal written plain (no exponent), and a NUL character written as
 * U+FFFD: PostgreSQL's jsonb refuses the {@code \u0000} escape, and names and reasons come from input.
 * Nothing in vigia writes JSON by hand.
 */
public final class Json {
  /** Thread-safe once configured; share it. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  static {
    MAPPER.getFactory().setCharacterEscapes(new JsonbEscapes());
  }

  /** Jackson's standard escapes, but NUL as the replacement character. */
  private static final class JsonbEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final SerializableString REPLACEMENT = new SerializedString("\\ufffd");
    private final int[] escapes;

    JsonbEscapes() {
      escapes = CharacterEscapes.standardAsciiEscapesForJSON();
      escapes[0] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0 ? REPLACEMENT : null;
    }
  }

  private Json() {}

  /** A double as a JSON (or SQL) value: null when it is NaN or infinite, which JSON cannot carry. */
  public static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** A new, empty object node: fill it with put(...) and write it with {@link #write}. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code value} (a tree, a Map, a List, a record, ...) as compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The tree of {@code text}; malformed text is an IllegalArgumentException. */
  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
