package io.vigia.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** vigia's JSON text: what PostgreSQL's jsonb accepts, whatever the input's strings hold. */
class JsonTest {
  @Test
  void stringsFromInputAreEscapedAndNulBecomesTheReplacementCharacter() {
    String text = Json.write(
        Json.object().put("name", "a \"b\" \\ c").put("ctl", "tab\tnl\n").put("nul", "x\0y"));
    assertThat(text)
        .isEqualTo(
            "{\"name\":\"a \\\"b\\\" \\\\ c\",\"ctl\":\"tab\\tnl\\n\",\"nul\":\"x\\ufffdy\"}");
    assertThat(Json.read(text).get("nul").asText()).isEqualTo("x\ufffdy");
    assertThat(Json.read(text).get("name").asText()).isEqualTo("a \"b\" \\ c");
  }

  @Test
  void aBackslashBeforeU0000IsNotMistakenForTheEscape() {
    String text = Json.write(Json.object().put("s", "\\u0000"));
    assertThat(Json.read(text).get("s").asText()).isEqualTo("\\u0000");
  }
}
