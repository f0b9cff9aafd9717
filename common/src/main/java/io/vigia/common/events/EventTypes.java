package io.vigia.common.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The raw event contract v1 (shared/contracts/raw-events.md) as data: every event type with its
 * fields, their kinds, whether they are required, and the values they may take. The parser
 * validates against it, and the Delta tables of ingested events take their columns from it.
 */
public final class EventTypes {
  private EventTypes() {}

  /**
   * Days before the date of its ts an event may have landed (a producer clock ahead of UTC): a
   * window's events are read from the landing dates starting this many days before its first.
   */
  public static final int CLOCK_SKEW_DAYS = 1;

  /** How a JSON value is read. */
  public enum Kind {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    STRING_ARRAY,
    FEATURES
  }

  /** One field of an event type. */
  public record Field(
      String name,
      Kind kind,
      boolean required,
      boolean nonNegative,
      Set<String> allowed,
      double min,
      double max) {
    static Field str(String n, boolean req) {
      return new Field(n, Kind.STRING, req, false, Set.of(), Double.NaN, Double.NaN);
    }

    static Field oneOf(String n, boolean req, String... values) {
      return new Field(n, Kind.STRING, req, false, Set.of(values), Double.NaN, Double.NaN);
    }

    static Field num(String n, boolean req) {
      return new Field(n, Kind.NUMBER, req, false, Set.of(), Double.NaN, Double.NaN);
    }

    static Field nonNeg(String n, boolean req) {
      return new Field(n, Kind.NUMBER, req, true, Set.of(), Double.NaN, Double.NaN);
    }

    static Field range(String n, boolean req, double min, double max) {
      return new Field(n, Kind.NUMBER, req, false, Set.of(), min, max);
    }

    static Field count(String n, boolean req) {
      return new Field(n, Kind.INTEGER, req, true, Set.of(), Double.NaN, Double.NaN);
    }

    static Field of(String n, Kind k, boolean req) {
      return new Field(n, k, req, false, Set.of(), Double.NaN, Double.NaN);
    }
  }

  public static final String PREDICTION = "prediction";
  public static final String OUTCOME = "outcome";
  public static final String LLM_CALL = "llm_call";
  public static final String VECTOR_OP = "vector_op";
  public static final String ACTION = "action";
  public static final String RESOURCE_SAMPLE = "resource_sample";
  public static final String CACHE_OP = "cache_op";
  public static final String DATA_ACCESS = "data_access";

  /** The envelope every event carries; ts is parsed separately as an ISO-8601 instant with zone. */
  public static final List<String> ENVELOPE = List.of("event_id", "event_type", "ts", "tenant_id");

  public static final Map<String, List<Field>> TYPES = build();

  private static Map<String, List<Field>> build() {
    Map<String, List<Field>> m = new LinkedHashMap<>();
    m.put(
        PREDICTION,
        List.of(
            Field.str("model_id", true),
            Field.str("model_version", false),
            Field.str("prediction_id", true),
            Field.of("features", Kind.FEATURES, true),
            Field.num("prediction", true),
            Field.str("predicted_class", false),
            Field.nonNeg("latency_ms", true),
            Field.oneOf("status", true, "ok", "error"),
            Field.str("experiment_id", false),
            Field.oneOf("variant", false, "control", "treatment")));
    m.put(
        OUTCOME,
        List.of(
            Field.str("prediction_id", true),
            Field.str("model_id", true),
            Field.num("actual", true),
            Field.str("actual_class", false)));
    m.put(
        LLM_CALL,
        List.of(
            Field.str("provider", true),
            Field.str("operation", false),
            Field.str("request_model", true),
            Field.str("response_model", false),
            Field.count("input_tokens", true),
            Field.count("output_tokens", true),
            Field.count("cached_input_tokens", false),
            Field.oneOf("cache", true, "miss", "exact_hit", "semantic_hit"),
            Field.nonNeg("latency_ms", true),
            Field.oneOf("status", true, "ok", "error"),
            Field.nonNeg("cost_usd", false),
            Field.str("prompt_text", false),
            Field.str("completion_text", false)));
    m.put(
        VECTOR_OP,
        List.of(
            Field.oneOf("op", true, "embed", "search"),
            Field.count("count", true),
            Field.nonNeg("latency_ms", true),
            Field.oneOf("status", true, "ok", "error")));
    m.put(
        ACTION,
        List.of(
            Field.str("action_id", true),
            Field.str("action_type", true),
            Field.oneOf("approval", true, "auto", "manual"),
            Field.oneOf("outcome", true, "executed", "rejected", "failed"),
            Field.str("payload_text", false)));
    m.put(
        RESOURCE_SAMPLE,
        List.of(
            Field.str("service", true),
            Field.range("cpu_pct", true, 0, 100),
            Field.nonNeg("memory_mb", true)));
    m.put(
        CACHE_OP,
        List.of(
            Field.oneOf(
                "cache_type", true, "llm_exact", "llm_semantic", "vector_search", "api_response"),
            Field.oneOf("result", true, "hit", "miss", "eviction"),
            Field.nonNeg("latency_ms", true),
            Field.nonNeg("saved_latency_ms", false),
            Field.nonNeg("saved_cost_usd", false),
            Field.count("size_bytes", false)));
    m.put(
        DATA_ACCESS,
        List.of(
            Field.str("actor", true),
            Field.oneOf("actor_type", true, "user", "system"),
            Field.oneOf("access_type", true, "read", "export", "delete"),
            Field.str("purpose", true),
            Field.str("legal_basis", false),
            Field.of("consent_verified", Kind.BOOLEAN, true),
            Field.str("data_subject_id", false),
            Field.of("fields", Kind.STRING_ARRAY, true),
            Field.count("record_count", true)));
    return m;
  }

  /** Columns of every ingested-events table before the type's own fields. */
  public static final List<StructField> COMMON = List.of(
      DataTypes.createStructField("event_id", DataTypes.StringType, false),
      DataTypes.createStructField("event_type", DataTypes.StringType, false),
      DataTypes.createStructField("ts", DataTypes.TimestampType, false),
      DataTypes.createStructField("tenant_id", DataTypes.StringType, false),
      DataTypes.createStructField("dt", DataTypes.DateType, false),
      DataTypes.createStructField("source_file", DataTypes.StringType, false),
      DataTypes.createStructField("line_no", DataTypes.LongType, false),
      DataTypes.createStructField("extra", DataTypes.StringType, true));

  /** The union of all types' field columns, in a stable order (the parser's wide row). */
  public static final List<String> ALL_FIELDS = allFields();

  private static List<String> allFields() {
    Map<String, Kind> seen = new LinkedHashMap<>();
    for (List<Field> fs : TYPES.values()) {
      for (Field f : fs) {
        Kind prev = seen.putIfAbsent(f.name(), f.kind());
        if (prev != null && prev != f.kind()) {
          throw new IllegalStateException("field " + f.name() + " has two kinds");
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String n : seen.keySet()) {
      if (kindOf(n) == Kind.FEATURES) {
        out.add("features_num");
        out.add("features_cat");
      } else {
        out.add(n);
      }
    }
    return List.copyOf(out);
  }

  private static Kind kindOf(String name) {
    for (List<Field> fs : TYPES.values()) {
      for (Field f : fs) {
        if (f.name().equals(name)) {
          return f.kind();
        }
      }
    }
    throw new IllegalArgumentException(name);
  }

  static DataType sparkType(Kind k, String name) {
    return switch (k) {
      case STRING -> DataTypes.StringType;
      case NUMBER ->
        name.endsWith("_usd")
            ? DataTypes.createDecimalType(EventParser.USD_PRECISION, EventParser.USD_SCALE)
            : DataTypes.DoubleType;
      case INTEGER -> DataTypes.LongType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING_ARRAY -> DataTypes.createArrayType(DataTypes.StringType, false);
      case FEATURES -> throw new IllegalArgumentException("features has two columns");
    };
  }

  /** Spark columns for one field name (features becomes two maps). */
  static List<StructField> columnsOf(String name) {
    if (name.equals("features_num")) {
      return List.of(DataTypes.createStructField(
          "features_num",
          DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
          true));
    }
    if (name.equals("features_cat")) {
      return List.of(DataTypes.createStructField(
          "features_cat",
          DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
          true));
    }
    return List.of(DataTypes.createStructField(name, sparkType(kindOf(name), name), true));
  }

  /** The parser's output: common columns (nullable), every field column, then the quarantine reason and raw line. */
  public static StructType parsedSchema() {
    List<StructField> fs = new ArrayList<>();
    for (StructField f : COMMON) {
      fs.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (String n : ALL_FIELDS) {
      fs.addAll(columnsOf(n));
    }
    fs.add(DataTypes.createStructField("reason", DataTypes.StringType, true));
    fs.add(DataTypes.createStructField("raw_line", DataTypes.StringType, true));
    return DataTypes.createStructType(fs);
  }

  /** Column names of one event type's Delta table. */
  public static List<String> columnsOfType(String type) {
    List<String> out = new ArrayList<>();
    COMMON.forEach(f -> out.add(f.name()));
    for (Field f : TYPES.get(type)) {
      if (f.kind() == Kind.FEATURES) {
        out.add("features_num");
        out.add("features_cat");
      } else {
        out.add(f.name());
      }
    }
    return out;
  }

  /** The columns of one event type's Delta table, from the parser's output. */
  public static List<org.apache.spark.sql.Column> typedColumns(String type) {
    return columnsOfType(type).stream().map(org.apache.spark.sql.functions::col).toList();
  }

  /** Columns of the quarantine table. */
  public static final List<String> QUARANTINE_COLUMNS = List.of(
      "dt", "source_file", "line_no", "tenant_id", "event_type", "event_id", "reason", "raw_line");
}
