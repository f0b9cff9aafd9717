package io.vigia.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compliance_reports' findings and recommendations, written with Jackson. */
class ComplianceReportsJsonTest {
  @Test
  void complianceReportJsonKeepsInsertionOrder() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("z", 0.1235);
    tree.put("a", java.util.List.of(Map.of("code", "x")));
    assertThat(io.vigia.common.json.Json.write(tree))
        .isEqualTo("{\"z\":0.1235,\"a\":[{\"code\":\"x\"}]}");
  }
}
