package io.vigia.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.vigia.common.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Pretty-prints a tree of maps, lists, strings, numbers and booleans as JSON (Jackson), in insertion
 * order; doubles rounded half-up to 8 decimals so the manifest's bytes depend only on the spec.
 */
public final class ManifestJson {
  private static final ObjectWriter WRITER = Json.MAPPER
      .copy()
      .registerModule(new SimpleModule("manifest-doubles")
          .addSerializer(Double.class, new Fixed8())
          .addSerializer(Float.class, new Fixed8())
          // dates, instants, paths as their text (ISO-8601 for the time types), as the manifest
          // always had
          .addSerializer(java.time.temporal.TemporalAccessor.class, ToStringSerializer.instance)
          .addSerializer(java.nio.file.Path.class, ToStringSerializer.instance))
      .writerWithDefaultPrettyPrinter();

  private ManifestJson() {}

  public static String write(Object tree) {
    try {
      return WRITER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "manifest is not JSON-writable: " + e.getOriginalMessage(), e);
    }
  }

  private static final class Fixed8 extends JsonSerializer<Number> {
    @Override
    public void serialize(Number v, JsonGenerator g, SerializerProvider p) throws IOException {
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + d);
      }
      g.writeNumber(BigDecimal.valueOf(d).setScale(8, RoundingMode.HALF_UP).stripTrailingZeros());
    }
  }
}
