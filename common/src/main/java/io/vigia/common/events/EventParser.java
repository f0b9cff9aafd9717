package io.vigia.common.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.events.EventTypes.Field;
import java.io.Serializable;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Validates one JSON Lines record against the raw event contract and turns it into a row of
 * {@link EventTypes#parsedSchema()} (Java values: ts an Instant, dt a LocalDate, amounts BigDecimal, features
 * two LinkedHashMaps, string arrays Lists): either an event (reason null) or a bad record with its reason
 * (quarantined). Reasons are stable codes with the field: invalid_json, not_an_object,
 * missing_field:X, wrong_type:X, negative_value:X, non_finite_number:X, out_of_range:X,
 * invalid_value:X, invalid_timestamp:ts, unknown_event_type, empty_line.
 */
public final class EventParser implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Raw lines are kept in quarantine up to this many characters. */
  public static final int MAX_RAW = 16_384;
  /**
   * Timestamps must lie in years 0001-9999 (UTC), the range Spark's and Delta's TIMESTAMP hold; a
   * parseable one outside it (year 0, +10000, +999999999) is 'out_of_range:ts', not an overflow.
   */
  static final java.time.Instant MIN_TS = java.time.Instant.parse("0001-01-01T00:00:00Z");

  static final java.time.Instant MAX_TS = java.time.Instant.parse("+10000-01-01T00:00:00Z");
  private static final Pattern TENANT =
      Pattern.compile("\"tenant_id\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");
  private static final Pattern TYPE =
      Pattern.compile("\"event_type\"\\s*:\\s*\"([^\"\\\\]{1,100})\"");
  private static final Pattern ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");

  /** decimal(USD_PRECISION, USD_SCALE): the type of every *_usd column (EventTypes.sparkType). */
  public static final int USD_PRECISION = 20;

  public static final int USD_SCALE = 10;

  private transient ObjectMapper mapper;
  private final Map<String, Integer> index = new HashMap<>();
  private final int width;

  public EventParser() {
    List<String> names = new ArrayList<>();
    EventTypes.COMMON.forEach(f -> names.add(f.name()));
    names.addAll(EventTypes.ALL_FIELDS);
    names.add("reason");
    names.add("raw_line");
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    width = names.size();
  }

  private ObjectMapper mapper() {
    if (mapper == null) {
      mapper = JsonMapper.builder(JsonFactory.builder()
              .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
              .build())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
    }
    return mapper;
  }

  /** A validation failure with its reason code. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Parses one line of file {@code file} (line numbers from 1) landed under date {@code dt}. */
  public Row parse(String line, String file, long lineNo, LocalDate dt) {
    Object[] v = new Object[width];
    v[index.get("dt")] = dt;
    v[index.get("source_file")] = file;
    v[index.get("line_no")] = lineNo;
    try {
      if (line.isBlank()) {
        throw new Bad("empty_line");
      }
      JsonNode root;
      try {
        root = mapper().readTree(line);
      } catch (Exception e) {
        throw new Bad("invalid_json");
      }
      if (root == null || !root.isObject()) {
        throw new Bad("not_an_object");
      }
      parseObject((ObjectNode) root, v);
      return RowFactory.create(v);
    } catch (Bad b) {
      Object[] q = new Object[width];
      q[index.get("dt")] = dt;
      q[index.get("source_file")] = file;
      q[index.get("line_no")] = lineNo;
      q[index.get("tenant_id")] =
          v[index.get("tenant_id")] != null ? v[index.get("tenant_id")] : grep(TENANT, line);
      q[index.get("event_type")] =
          v[index.get("event_type")] != null ? v[index.get("event_type")] : grep(TYPE, line);
      q[index.get("event_id")] =
          v[index.get("event_id")] != null ? v[index.get("event_id")] : grep(ID, line);
      q[index.get("reason")] = b.getMessage();
      q[index.get("raw_line")] = line.length() > MAX_RAW ? line.substring(0, MAX_RAW) : line;
      return RowFactory.create(q);
    }
  }

  private static String grep(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  private void parseObject(ObjectNode o, Object[] v) throws Bad {
    for (String f : List.of("event_id", "event_type", "tenant_id")) {
      v[index.get(f)] = requiredString(o, f);
    }
    String tsText = requiredString(o, "ts");
    try {
      java.time.Instant ts =
          OffsetDateTime.parse(tsText, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (ts.isBefore(MIN_TS) || !ts.isBefore(MAX_TS)) {
        throw new Bad("out_of_range:ts");
      }
      v[index.get("ts")] = ts;
    } catch (DateTimeParseException e) {
      throw new Bad("invalid_timestamp:ts");
    }
    String type = (String) v[index.get("event_type")];
    List<Field> fields = EventTypes.TYPES.get(type);
    if (fields == null) {
      throw new Bad("unknown_event_type");
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    java.util.Set<String> known = new java.util.HashSet<>(EventTypes.ENVELOPE);
    fields.forEach(f -> known.add(f.name()));
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!known.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    for (Field f : fields) {
      JsonNode n = o.get(f.name());
      if (n == null || n.isNull()) {
        if (f.required()) {
          throw new Bad("missing_field:" + f.name());
        }
        continue;
      }
      switch (f.kind()) {
        case STRING -> {
          if (!n.isTextual()) {
            throw new Bad("wrong_type:" + f.name());
          }
          String s = n.textValue();
          if (!f.allowed().isEmpty() && !f.allowed().contains(s)) {
            throw new Bad("invalid_value:" + f.name());
          }
          if (f.required() && s.isEmpty()) {
            throw new Bad("missing_field:" + f.name());
          }
          v[index.get(f.name())] = s;
        }
        case NUMBER -> {
          double d = number(n, f.name());
          check(f, d);
          v[index.get(f.name())] = f.name().endsWith("_usd") ? usd(n, f.name()) : d;
        }
        case INTEGER -> {
          double d = number(n, f.name());
          if (!n.isIntegralNumber() && d != Math.rint(d)) {
            throw new Bad("wrong_type:" + f.name());
          }
          if (Math.abs(d) > 9.0e18) {
            throw new Bad("out_of_range:" + f.name());
          }
          check(f, d);
          v[index.get(f.name())] = n.isIntegralNumber() ? n.longValue() : (long) d;
        }
        case BOOLEAN -> {
          if (!n.isBoolean()) {
            throw new Bad("wrong_type:" + f.name());
          }
          v[index.get(f.name())] = n.booleanValue();
        }
        case STRING_ARRAY -> {
          if (!n.isArray()) {
            throw new Bad("wrong_type:" + f.name());
          }
          List<String> out = new ArrayList<>();
          for (JsonNode x : n) {
            if (!x.isTextual()) {
              throw new Bad("wrong_type:" + f.name());
            }
            out.add(x.textValue());
          }
          v[index.get(f.name())] = List.copyOf(out);
        }
        case FEATURES -> parseFeatures(n, v);
        default -> throw new IllegalStateException();
      }
    }
    if (v[index.get("cached_input_tokens")] != null
        && v[index.get("input_tokens")] != null
        && (Long) v[index.get("cached_input_tokens")] > (Long) v[index.get("input_tokens")]) {
      // cached input tokens are a part of input_tokens (OpenTelemetry GenAI): more is impossible
      throw new Bad("out_of_range:cached_input_tokens");
    }
    if (!extra.isEmpty()) {
      try {
        v[index.get("extra")] = mapper().writeValueAsString(extra);
      } catch (Exception e) {
        throw new Bad("invalid_json");
      }
    }
  }

  private void parseFeatures(JsonNode n, Object[] v) throws Bad {
    if (!n.isObject()) {
      throw new Bad("wrong_type:features");
    }
    Map<String, Double> num = new LinkedHashMap<>();
    Map<String, String> cat = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode x = e.getValue();
      if (x.isNull()) {
        cat.put(e.getKey(), null);
      } else if (x.isNumber()) {
        double d = x.doubleValue();
        if (!Double.isFinite(d)) {
          throw new Bad("non_finite_number:features." + e.getKey());
        }
        num.put(e.getKey(), d);
      } else if (x.isTextual()) {
        cat.put(e.getKey(), x.textValue());
      } else if (x.isBoolean()) {
        cat.put(e.getKey(), Boolean.toString(x.booleanValue()));
      } else {
        throw new Bad("wrong_type:features." + e.getKey());
      }
    }
    v[index.get("features_num")] = num;
    v[index.get("features_cat")] = cat;
  }

  /**
   * An amount in US dollars as the tables hold it, decimal(20, 10) (EventTypes): 10 decimals, and
   * 'out_of_range' when it has more than 10 integer digits (ten billion dollars and up), which the
   * column cannot hold.
   */
  private static java.math.BigDecimal usd(JsonNode n, String name) throws Bad {
    java.math.BigDecimal d = n.decimalValue().setScale(USD_SCALE, RoundingMode.HALF_EVEN);
    if (d.precision() - d.scale() > USD_PRECISION - USD_SCALE) {
      throw new Bad("out_of_range:" + name);
    }
    return d;
  }

  private static String requiredString(ObjectNode o, String name) throws Bad {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw new Bad("missing_field:" + name);
    }
    if (!n.isTextual()) {
      throw new Bad("wrong_type:" + name);
    }
    if (n.textValue().isBlank()) {
      throw new Bad("missing_field:" + name);
    }
    return n.textValue();
  }

  private static double number(JsonNode n, String name) throws Bad {
    if (!n.isNumber()) {
      throw new Bad("wrong_type:" + name);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw new Bad("non_finite_number:" + name);
    }
    return d;
  }

  private static void check(Field f, double d) throws Bad {
    if (f.nonNegative() && d < 0) {
      throw new Bad("negative_value:" + f.name());
    }
    if (!Double.isNaN(f.min()) && (d < f.min() || d > f.max())) {
      throw new Bad("out_of_range:" + f.name());
    }
  }

  /** The number of columns of a parsed row. */
  public int width() {
    return width;
  }

  /** The position of a column in the parsed row. */
  public int indexOf(String column) {
    return index.get(column);
  }
}
