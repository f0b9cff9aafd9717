package io.vigia.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.settings.NotifySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/jobs/notify.md: errors are redacted of every secret value and of any URL (last_error is vigia's
 * own text, never a URL, body or secret). NotifyJob.redact is the pure step that does it.
 */
class NotifyRedactTest {
  private static NotifySettings settings(
      String webhookUrl, String secret, String slackUrl, String pw) {
    return new NotifySettings(
        webhookUrl,
        secret,
        slackUrl,
        "",
        587,
        "",
        pw,
        "",
        List.of(),
        "auto",
        "",
        "high",
        8,
        2000,
        600_000,
        5000,
        15_000,
        60,
        200,
        4,
        50);
  }

  @Test
  void secretsAndUrlsAreBlanked() {
    NotifySettings ns = settings(
        "https://hooks.example.com/in/T0K3N",
        "s3cr3t-signing",
        "https://hooks.slack.com/services/X/Y/Z",
        "p@ssw0rd");
    String e = "connection error to https://hooks.example.com/in/T0K3N with s3cr3t-signing and "
        + "p@ssw0rd; also http://other.example/x?a=1 and ftp://f.example/y";
    String r = NotifyJob.redact(e, ns);
    assertThat(r).isEqualTo("connection error to *** with *** and ***; also <url> and <url>");
    // the configured URL is itself a secret (replaced whole); a part of it alone is not
    assertThat(NotifyJob.redact("T0K3N? no: https://hooks.slack.com/services/X/Y/Z", ns))
        .isEqualTo("T0K3N? no: ***");
  }

  @Test
  void ordinaryErrorsAreKeptAndLongOnesCutTo500() {
    NotifySettings ns = settings("", "", "", "");
    assertThat(NotifyJob.redact("HTTP 503", ns)).isEqualTo("HTTP 503");
    assertThat(NotifyJob.redact("a".repeat(800), ns)).hasSize(500);
  }
}
