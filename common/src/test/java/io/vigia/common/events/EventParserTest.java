package io.vigia.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
  final EventParser p = new EventParser();
  final LocalDate dt = LocalDate.parse("2026-11-27");

  Row parse(String line) {
    return p.parse(line, "f.jsonl", 7, dt);
  }

  String reason(String line) {
    Row r = parse(line);
    return r.getString(p.indexOf("reason"));
  }

  static final String PRED =
      "{\"event_id\":\"e1\",\"event_type\":\"prediction\",\"ts\":\"2026-11-27T10:15:00.123Z\","
          + "\"tenant_id\":\"t1\",\"model_id\":\"m\",\"prediction_id\":\"p1\",\"features\":{\"price\":12.5,\"region\":\"norte\"},"
          + "\"prediction\":3.5,\"latency_ms\":12,\"status\":\"ok\"";

  @Test
  void aValidPredictionIsParsedWithItsFeaturesAndExtras() {
    Row r = parse(PRED + ",\"custom\":{\"a\":1}}");
    assertThat(r.getString(p.indexOf("reason"))).isNull();
    assertThat(r.getString(p.indexOf("event_id"))).isEqualTo("e1");
    assertThat((Instant) r.get(p.indexOf("ts")))
        .isEqualTo(Instant.parse("2026-11-27T10:15:00.123Z"));
    assertThat(r.getDouble(p.indexOf("prediction"))).isEqualTo(3.5);
    assertThat(r.getDouble(p.indexOf("latency_ms"))).isEqualTo(12.0);
    assertThat(r.<java.util.Map<String, Double>>getAs(p.indexOf("features_num")))
        .containsExactly(java.util.Map.entry("price", 12.5));
    assertThat(r.<java.util.Map<String, String>>getAs(p.indexOf("features_cat")))
        .containsExactly(java.util.Map.entry("region", "norte"));
    assertThat(r.getString(p.indexOf("extra"))).isEqualTo("{\"custom\":{\"a\":1}}");
    assertThat(r.getLong(p.indexOf("line_no"))).isEqualTo(7);
  }

  @Test
  void offsetsOtherThanZAreAccepted() {
    Row r = parse(PRED.replace("2026-11-27T10:15:00.123Z", "2026-11-27T05:15:00-05:00") + "}");
    assertThat((Instant) r.get(p.indexOf("ts"))).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"event_id\":\"e1\",|invalid_json",
        "[1,2]|not_an_object",
        "'   '|empty_line",
        "{\"event_type\":\"prediction\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\"}|missing_field:event_id",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"op\":\"embed\",\"count\":1,\"latency_ms\":1,\"status\":\"ok\"}|missing_field:tenant_id",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"\",\"op\":\"embed\",\"count\":1,\"latency_ms\":1,\"status\":\"ok\"}|missing_field:tenant_id",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"yesterday\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":1,\"status\":\"ok\"}|invalid_timestamp:ts",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":1,\"status\":\"ok\"}|invalid_timestamp:ts",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":\"fast\",\"status\":\"ok\"}|wrong_type:latency_ms",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":-3,\"status\":\"ok\"}|negative_value:latency_ms",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":NaN,\"status\":\"ok\"}|non_finite_number:latency_ms",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":Infinity,\"status\":\"ok\"}|non_finite_number:latency_ms",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1.5,\"latency_ms\":1,\"status\":\"ok\"}|wrong_type:count",
        "{\"event_id\":\"e\",\"event_type\":\"vector_op\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"op\":\"embed\",\"count\":1,\"latency_ms\":1,\"status\":\"meh\"}|invalid_value:status",
        "{\"event_id\":\"e\",\"event_type\":\"teleport\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\"}|unknown_event_type",
        "{\"event_id\":\"e\",\"event_type\":\"llm_call\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"provider\":\"openai\",\"request_model\":\"gpt-4o\",\"input_tokens\":-1,\"output_tokens\":2,\"cache\":\"miss\",\"latency_ms\":1,\"status\":\"ok\"}|negative_value:input_tokens",
        "{\"event_id\":\"e\",\"event_type\":\"llm_call\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"provider\":\"openai\",\"request_model\":\"gpt-4o\",\"input_tokens\":10,\"cached_input_tokens\":11,\"output_tokens\":2,\"cache\":\"miss\",\"latency_ms\":1,\"status\":\"ok\"}|out_of_range:cached_input_tokens",
        "{\"event_id\":\"e\",\"event_type\":\"resource_sample\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"service\":\"api\",\"cpu_pct\":140,\"memory_mb\":1}|out_of_range:cpu_pct",
        "{\"event_id\":\"e\",\"event_type\":\"data_access\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"actor\":\"a\",\"actor_type\":\"user\",\"access_type\":\"read\",\"purpose\":\"p\",\"consent_verified\":\"yes\",\"fields\":[\"email\"],\"record_count\":1}|wrong_type:consent_verified",
        "{\"event_id\":\"e\",\"event_type\":\"prediction\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"prediction_id\":\"p\",\"features\":{\"x\":[1]},\"prediction\":1,\"latency_ms\":1,\"status\":\"ok\"}|wrong_type:features.x",
        "{\"event_id\":\"e\",\"event_type\":\"outcome\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"prediction_id\":\"p\",\"model_id\":\"m\"}|missing_field:actual",
        "{\"event_id\":\"e\",\"event_type\":\"outcome\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"prediction_id\":\"p\",\"model_id\":\"m\",\"actual\":1} trailing|invalid_json",
      })
  void badRecordsGetTheirReason(String line, String expected) {
    assertThat(reason(line)).isEqualTo(expected);
  }

  @Test
  void aBadRecordKeepsItsLineAndWhatCanBeReadOfItsEnvelope() {
    Row r =
        parse("{\"event_id\":\"e9\",\"tenant_id\":\"t7\",\"event_type\":\"prediction\", broken");
    assertThat(r.getString(p.indexOf("reason"))).isEqualTo("invalid_json");
    assertThat(r.getString(p.indexOf("tenant_id"))).isEqualTo("t7");
    assertThat(r.getString(p.indexOf("event_id"))).isEqualTo("e9");
    assertThat(r.getString(p.indexOf("raw_line"))).startsWith("{\"event_id\":\"e9\"");
    assertThat(r.getLong(p.indexOf("line_no"))).isEqualTo(7);
    assertThat(r.getString(p.indexOf("source_file"))).isEqualTo("f.jsonl");
  }

  @Test
  void callerCostIsKeptAsAnExactDecimal() {
    Row r = parse(
        "{\"event_id\":\"e\",\"event_type\":\"llm_call\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\","
            + "\"provider\":\"openai\",\"request_model\":\"gpt-4o\",\"input_tokens\":10,\"output_tokens\":2,\"cache\":\"miss\","
            + "\"latency_ms\":1,\"status\":\"ok\",\"cost_usd\":0.0123}");
    assertThat(r.getString(p.indexOf("reason"))).isNull();
    assertThat(r.getDecimal(p.indexOf("cost_usd"))).isEqualByComparingTo("0.0123");
  }

  @Test
  void anAmountTheColumnCannotHoldIsOutOfRange() {
    String line =
        "{\"event_id\":\"e\",\"event_type\":\"llm_call\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\","
            + "\"provider\":\"openai\",\"request_model\":\"gpt-4o\",\"input_tokens\":10,\"output_tokens\":2,\"cache\":\"miss\","
            + "\"latency_ms\":1,\"status\":\"ok\",\"cost_usd\":COST}";
    // decimal(20, 10): ten integer digits at most
    assertThat(reason(line.replace("COST", "9999999999.5"))).isNull();
    assertThat(reason(line.replace("COST", "10000000000"))).isEqualTo("out_of_range:cost_usd");
    assertThat(reason(line.replace("COST", "1e15"))).isEqualTo("out_of_range:cost_usd");
  }

  @Test
  void stringArraysAreLists() {
    Row r = parse(
        "{\"event_id\":\"e\",\"event_type\":\"data_access\",\"ts\":\"2026-11-27T10:15:00Z\",\"tenant_id\":\"t\",\"actor\":\"a\",\"actor_type\":\"user\",\"access_type\":\"read\",\"purpose\":\"p\",\"consent_verified\":true,\"fields\":[\"email\",\"phone\"],\"record_count\":1}");
    assertThat(r.getString(p.indexOf("reason"))).isNull();
    assertThat(r.<java.util.List<String>>getAs(p.indexOf("fields")))
        .containsExactly("email", "phone");
  }
}
