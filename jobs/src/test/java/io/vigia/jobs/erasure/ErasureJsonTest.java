package io.vigia.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** erasure_requests.touched, written and read with Jackson (the generator's JSON writer is no product code). */
class ErasureJsonTest {
  @Test
  void countsRoundTripInOrderAndReadPostgresJsonbText() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("user_feedback", 12L);
    m.put("ab_experiment_observations", 3_000_000_000L);
    m.put("delta \"data_access\"", 0L);
    String json = io.vigia.common.json.Json.write(m);
    assertThat(json)
        .isEqualTo("{\"user_feedback\":12,\"ab_experiment_observations\":3000000000,"
            + "\"delta \\\"data_access\\\"\":0}");
    assertThat(ErasureJob.parse(json)).containsExactlyEntriesOf(m);
    // how PostgreSQL prints a jsonb object
    assertThat(ErasureJob.parse("{\"b\": 2, \"a\": 1}"))
        .containsExactly(Map.entry("b", 2L), Map.entry("a", 1L));
    assertThat(ErasureJob.parse(null)).isEmpty();
    assertThat(ErasureJob.parse(" ")).isEmpty();
    assertThat(ErasureJob.parse("{}")).isEmpty();
    assertThatThrownBy(() -> ErasureJob.parse("[1]")).isInstanceOf(IllegalStateException.class);
  }
}
