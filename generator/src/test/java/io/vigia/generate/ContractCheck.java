package io.vigia.generate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-side reading of the raw event contract (shared/contracts/raw-events.md): returns null for a
 * valid event, else the kind of defect, named as the generator's bad-line kinds.
 */
final class ContractCheck {
  static final Set<String> TYPES = Set.of(
      "prediction",
      "outcome",
      "llm_call",
      "vector_op",
      "action",
      "resource_sample",
      "cache_op",
      "data_access");

  static final class Defect extends RuntimeException {
    final String kind;

    Defect(String kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  record Parsed(Map<String, Object> event, String defect) {}

  static Parsed check(String line) {
    Object v;
    try {
      v = TreeJson.parse(line);
    } catch (TreeJson.ParseError e) {
      return new Parsed(null, e.nonFinite ? "non_finite" : "broken_json");
    }
    if (!(v instanceof Map<?, ?>)) {
      return new Parsed(null, "broken_json");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    try {
      validate(m);
      return new Parsed(m, null);
    } catch (Defect d) {
      return new Parsed(m, d.kind);
    }
  }

  private static void validate(Map<String, Object> m) {
    str(m, "event_id", true);
    String type = str(m, "event_type", true);
    String ts = str(m, "ts", true);
    str(m, "tenant_id", true);
    if (!TYPES.contains(type)) {
      throw new Defect("unknown_event_type", type);
    }
    try {
      Instant.parse(ts);
    } catch (DateTimeParseException e) {
      throw new Defect("bad_timestamp", ts);
    }
    switch (type) {
      case "prediction" -> {
        str(m, "model_id", true);
        str(m, "model_version", false);
        str(m, "prediction_id", true);
        Object f = req(m, "features");
        if (!(f instanceof Map<?, ?> fm)) {
          throw new Defect("wrong_type", "features");
        }
        for (Object x : fm.values()) {
          if (!(x instanceof BigDecimal) && !(x instanceof String)) {
            throw new Defect("wrong_type", "feature value");
          }
        }
        num(m, "prediction", true);
        str(m, "predicted_class", false);
        nonNegative(m, "latency_ms", true);
        oneOf(m, "status", true, "ok", "error");
        str(m, "experiment_id", false);
        oneOf(m, "variant", false, "control", "treatment");
      }
      case "outcome" -> {
        str(m, "prediction_id", true);
        str(m, "model_id", true);
        num(m, "actual", true);
        str(m, "actual_class", false);
      }
      case "llm_call" -> {
        str(m, "provider", true);
        str(m, "operation", false);
        str(m, "request_model", true);
        str(m, "response_model", false);
        long in = integer(m, "input_tokens", true);
        integer(m, "output_tokens", true);
        Long cached =
            m.containsKey("cached_input_tokens") ? integer(m, "cached_input_tokens", true) : null;
        if (cached != null && cached > in) {
          throw new Defect("invalid_value", "cached > input");
        }
        oneOf(m, "cache", true, "miss", "exact_hit", "semantic_hit");
        nonNegative(m, "latency_ms", true);
        oneOf(m, "status", true, "ok", "error");
        nonNegative(m, "cost_usd", false);
        str(m, "prompt_text", false);
        str(m, "completion_text", false);
      }
      case "vector_op" -> {
        oneOf(m, "op", true, "embed", "search");
        integer(m, "count", true);
        nonNegative(m, "latency_ms", true);
        oneOf(m, "status", true, "ok", "error");
      }
      case "action" -> {
        str(m, "action_id", true);
        str(m, "action_type", true);
        oneOf(m, "approval", true, "auto", "manual");
        oneOf(m, "outcome", true, "executed", "rejected", "failed");
        str(m, "payload_text", false);
      }
      case "resource_sample" -> {
        str(m, "service", true);
        BigDecimal cpu = num(m, "cpu_pct", true);
        if (cpu.compareTo(BigDecimal.ZERO) < 0 || cpu.compareTo(BigDecimal.valueOf(100)) > 0) {
          throw new Defect("invalid_value", "cpu_pct");
        }
        nonNegative(m, "memory_mb", true);
      }
      case "cache_op" -> {
        oneOf(m, "cache_type", true, "llm_exact", "llm_semantic", "vector_search", "api_response");
        oneOf(m, "result", true, "hit", "miss", "eviction");
        nonNegative(m, "latency_ms", true);
        nonNegative(m, "saved_latency_ms", false);
        nonNegative(m, "saved_cost_usd", false);
        if (m.containsKey("size_bytes")) {
          integer(m, "size_bytes", true);
        }
      }
      case "data_access" -> {
        str(m, "actor", true);
        oneOf(m, "actor_type", true, "user", "system");
        oneOf(m, "access_type", true, "read", "export", "delete");
        str(m, "purpose", true);
        str(m, "legal_basis", false);
        if (!(req(m, "consent_verified") instanceof Boolean)) {
          throw new Defect("wrong_type", "consent_verified");
        }
        str(m, "data_subject_id", false);
        Object f = req(m, "fields");
        if (!(f instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
          throw new Defect("wrong_type", "fields");
        }
        integer(m, "record_count", true);
      }
      default -> throw new IllegalStateException(type);
    }
  }

  private static Object req(Map<String, Object> m, String k) {
    if (!m.containsKey(k) || m.get(k) == null) {
      throw new Defect("missing_field", k);
    }
    return m.get(k);
  }

  /** The value of {@code k} as a {@code type} (null when optional and absent), else a wrong_type defect. */
  private static <T> T typed(Map<String, Object> m, String k, boolean required, Class<T> type) {
    if (!required && !m.containsKey(k)) {
      return null;
    }
    Object v = req(m, k);
    if (!type.isInstance(v)) {
      throw new Defect("wrong_type", k);
    }
    return type.cast(v);
  }

  private static String str(Map<String, Object> m, String k, boolean required) {
    return typed(m, k, required, String.class);
  }

  private static void oneOf(Map<String, Object> m, String k, boolean required, String... allowed) {
    String v = str(m, k, required);
    if (v != null && !List.of(allowed).contains(v)) {
      throw new Defect("invalid_value", k + "=" + v);
    }
  }

  private static BigDecimal num(Map<String, Object> m, String k, boolean required) {
    return typed(m, k, required, BigDecimal.class);
  }

  private static void nonNegative(Map<String, Object> m, String k, boolean required) {
    BigDecimal b = num(m, k, required);
    if (b != null && b.signum() < 0) {
      throw new Defect("negative_value", k);
    }
  }

  private static long integer(Map<String, Object> m, String k, boolean required) {
    BigDecimal b = num(m, k, required);
    if (b.stripTrailingZeros().scale() > 0) {
      throw new Defect("wrong_type", k);
    }
    if (b.signum() < 0) {
      throw new Defect("negative_value", k);
    }
    return b.longValueExact();
  }
}
