package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {
  @Test
  void quotesEscapesAndReplacesTheNulJsonbRefuses() {
    assertThat(JsonText.quoted("plain")).isEqualTo("\"plain\"");
    assertThat(JsonText.quoted("a \"b\" \\ c")).isEqualTo("\"a \\\"b\\\" \\\\ c\"");
    assertThat(JsonText.quoted("tab\tnl\n")).isEqualTo("\"tab\\u0009nl\\u000a\"");
    assertThat(JsonText.quoted("nul\0")).isEqualTo("\"nul\\ufffd\"");
  }
}
