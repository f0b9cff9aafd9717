package io.vigia.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;

/**
 * Builds one JSON object per line with a single reused Jackson {@link JsonGenerator} writing into a
 * reused line buffer (the line is needed as text: duplicates are written again later and broken
 * lines are cut from a whole one). Numbers are written in the fixed-point form of {@link Formats}.
 * It can replace or omit one chosen key while writing, which is how malformed test lines are made
 * from otherwise valid events.
 */
final class JsonLine {
  /** Escapes as before Jackson: lower-case hex, U+2028/U+2029 and surrogates as \\u escapes. */
  private static final class Escapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028 || ch == 0x2029 || (ch >= 0xD800 && ch <= 0xDFFF)) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }

  private static final JsonFactory FACTORY = new JsonFactoryBuilder()
      .characterEscapes(new Escapes())
      .rootValueSeparator((SerializableString) null)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();

  /** A Writer appending to a StringBuilder without StringWriter's synchronized StringBuffer. */
  private static final class LineBuffer extends Writer {
    final StringBuilder sb = new StringBuilder(2048);

    @Override
    public void write(char[] cbuf, int off, int len) {
      sb.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      sb.append(str, off, off + len);
    }

    @Override
    public void write(int c) {
      sb.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private final LineBuffer buffer = new LineBuffer();
  private final JsonGenerator gen;
  private final Formats formats = new Formats();
  private final StringBuilder scratch = new StringBuilder(64);
  private char[] chars = new char[64];
  private final HashMap<String, SerializedString> names = new HashMap<>();
  private String overrideKey;
  private String overrideRaw;
  private boolean overrideHit;

  JsonLine() {
    try {
      gen = FACTORY.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonLine begin() throws IOException {
    buffer.sb.setLength(0);
    gen.writeStartObject();
    return this;
  }

  JsonLine end() throws IOException {
    gen.writeEndObject();
    gen.flush();
    return this;
  }

  String line() {
    return buffer.sb.toString();
  }

  /** The next write of {@code key} emits {@code raw} as its value instead, or omits it when raw is null. */
  void override(String key, String raw) {
    overrideKey = key;
    overrideRaw = raw;
    overrideHit = false;
  }

  void clearOverride() {
    overrideKey = null;
    overrideRaw = null;
    overrideHit = false;
  }

  boolean overrideHit() {
    return overrideHit;
  }

  /** Writes the key; returns false when the override took the field (caller writes no value). */
  private boolean key(String key) throws IOException {
    if (overrideKey != null && overrideKey.equals(key)) {
      overrideHit = true;
      overrideKey = null;
      if (overrideRaw != null) {
        name(key);
        gen.writeRawValue(overrideRaw);
      }
      return false;
    }
    name(key);
    return true;
  }

  /** Writes a field name, pre-encoded once per generator (the keys are a small fixed set). */
  private void name(String key) throws IOException {
    SerializedString s = names.get(key);
    if (s == null) {
      s = new SerializedString(key);
      names.put(key, s);
    }
    gen.writeFieldName(s);
  }

  private StringBuilder scratch() {
    scratch.setLength(0);
    return scratch;
  }

  /** Writes the scratch text as a number or a string value, through a reused char buffer. */
  private void writeScratch(boolean number) throws IOException {
    int n = scratch.length();
    if (n > chars.length) {
      chars = new char[Math.max(n, 2 * chars.length)];
    }
    scratch.getChars(0, n, chars, 0);
    if (number) {
      gen.writeNumber(chars, 0, n);
    } else {
      gen.writeString(chars, 0, n);
    }
  }

  JsonLine str(String key, String value) throws IOException {
    if (key(key)) {
      gen.writeString(value);
    }
    return this;
  }

  JsonLine num(String key, double value, int decimals) throws IOException {
    if (key(key)) {
      Formats.fixed(scratch(), value, decimals);
      writeScratch(true);
    }
    return this;
  }

  JsonLine integer(String key, long value) throws IOException {
    if (key(key)) {
      gen.writeNumber(value);
    }
    return this;
  }

  JsonLine bool(String key, boolean value) throws IOException {
    if (key(key)) {
      gen.writeBoolean(value);
    }
    return this;
  }

  JsonLine ts(String key, long epochMillis) throws IOException {
    if (key(key)) {
      formats.instant(scratch(), epochMillis);
      writeScratch(false);
    }
    return this;
  }

  JsonLine uuid(String key, long hi, long lo) throws IOException {
    if (key(key)) {
      Formats.uuid(scratch(), hi, lo);
      writeScratch(false);
    }
    return this;
  }

  JsonLine strings(String key, String... values) throws IOException {
    if (key(key)) {
      gen.writeArray(values, 0, values.length);
    }
    return this;
  }

  /** Opens a nested object; close it with {@link #endObject()}. */
  JsonLine beginObject(String key) throws IOException {
    name(key);
    gen.writeStartObject();
    return this;
  }

  JsonLine endObject() throws IOException {
    gen.writeEndObject();
    return this;
  }

  /** A JSON string literal, escaped exactly as values in the lines are. */
  static String quote(String s) {
    StringWriter w = new StringWriter(s.length() + 2);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.writeString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
