package io.vigia.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigia.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bodies of docs/jobs/notify.md built from a notification: the webhook's JSON (schema
 * vigia.notification/1), Slack's Block Kit message and the e-mail's subject and text. Every body is
 * parsed back with a plain Jackson ObjectMapper, so hostile text (quotes, newlines, markup, Spanish)
 * must survive as valid JSON with its exact characters.
 */
class PayloadsTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final String KEY =
      "budget_threshold:6f0c2a9e5b1d47c3a8e2f90d1b7c64a5e3f8d2c1b0a9e8f7d6c5b4a3f2e1d0c9:critical";
  private static final String HOSTILE =
      "He said \"stop\" \\ now\nline two\r\n\t<script>alert('x')</script>"
          + " & </b> {\"json\":1} — Presupuesto al 95 %: año, señal, ¿qué pasó? ¡Atención! ÁÉÍÓÚ ü €";

  private static Notification budget(String title, String text) {
    return new Notification(
        17,
        KEY,
        "t001",
        "budget_threshold",
        "critical",
        title,
        text,
        "cost_alerts",
        "4711",
        Instant.parse("2026-11-27T02:00:00Z"),
        Json.object().put("percent_used", 96.02).put("note", HOSTILE));
  }

  private static Notification.Delivery single(Notification n, String channel) {
    return new Notification.Delivery(5, channel, n.key(), 1, n.tenantId(), n, null);
  }

  private static JsonNode parse(JsonNode body) throws Exception {
    String raw = Json.write(body);
    // a JSON string never holds a raw control character
    assertThat(raw).doesNotContain("\n").doesNotContain("\r").doesNotContain("\t");
    byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
    return PLAIN.readTree(utf8);
  }

  @Test
  void webhookBodyOfOneNotification() throws Exception {
    Notification n = budget(
        "Budget 95 % reached: tenant t001, 2026-11: 480.10 of 500.00 USD (96.0 %)",
        "the explanation");
    JsonNode b = parse(Payloads.webhook(single(n, "webhook")));
    assertThat(b.get("schema").asText()).isEqualTo("vigia.notification/1");
    assertThat(b.get("key").asText()).isEqualTo(KEY);
    assertThat(b.get("tenant_id").asText()).isEqualTo("t001");
    assertThat(b.get("kind").asText()).isEqualTo("budget_threshold");
    assertThat(b.get("severity").asText()).isEqualTo("critical");
    assertThat(b.get("title").asText())
        .isEqualTo("Budget 95 % reached: tenant t001, 2026-11: 480.10 of 500.00 USD (96.0 %)");
    assertThat(b.get("text").asText()).isEqualTo("the explanation");
    assertThat(b.get("source").get("table").asText()).isEqualTo("cost_alerts");
    assertThat(b.get("source").get("id").asText()).isEqualTo("4711");
    assertThat(b.get("source").size()).isEqualTo(2);
    assertThat(b.get("occurred_at").asText()).isEqualTo("2026-11-27T02:00:00Z");
    assertThat(b.get("details").get("percent_used").asDouble()).isEqualTo(96.02);
    assertThat(b.get("details").get("note").asText()).isEqualTo(HOSTILE);
    List<String> fields = names(b.fieldNames());
    assertThat(fields)
        .containsExactly(
            "schema",
            "key",
            "tenant_id",
            "kind",
            "severity",
            "title",
            "text",
            "source",
            "occurred_at",
            "details");
  }

  @Test
  void webhookWithoutDetailsOrTenantStillHasEveryField() throws Exception {
    Notification n = new Notification(
        1,
        "run_failed:abc:high",
        "",
        "run_failed",
        "high",
        "Run failed",
        "boom",
        "job_runs",
        "9",
        Instant.parse("2026-01-02T03:04:05.678Z"),
        null);
    JsonNode b = parse(Payloads.webhook(single(n, "webhook")));
    assertThat(b.get("tenant_id").asText()).isEmpty();
    assertThat(b.get("details").isObject()).isTrue();
    assertThat(b.get("details").size()).isZero();
    assertThat(b.get("occurred_at").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
  }

  @Test
  void hostileTextSurvivesTheWebhookExactly() throws Exception {
    Notification n = budget(HOSTILE, HOSTILE + "\n\n" + HOSTILE);
    JsonNode b = parse(Payloads.webhook(single(n, "webhook")));
    assertThat(b.get("title").asText()).isEqualTo(HOSTILE);
    assertThat(b.get("text").asText()).isEqualTo(HOSTILE + "\n\n" + HOSTILE);
    String raw = Json.write(Payloads.webhook(single(n, "webhook")));
    assertThat(raw).contains("\\\"stop\\\"").contains("\\n").contains("\\\\ now");
    assertThat(raw).contains("año, señal, ¿qué pasó?");
  }

  @Test
  void nulIsWrittenAsTheReplacementCharacter() throws Exception {
    Notification n = budget("a\u0000b", "x");
    String raw = Json.write(Payloads.webhook(single(n, "webhook")));
    assertThat(raw).doesNotContain("\\u0000").contains("a\\ufffdb");
    assertThat(PLAIN.readTree(raw).get("title").asText()).isEqualTo("a\uFFFDb");
  }

  @Test
  void slackMessage() throws Exception {
    Notification n = budget("Budget 95 % reached", "línea uno\nlínea dos");
    JsonNode s = parse(Payloads.slack(single(n, "slack")));
    assertThat(s.get("text").asText()).isEqualTo("[CRITICAL] Budget 95 % reached");
    JsonNode blocks = s.get("blocks");
    assertThat(blocks.size()).isEqualTo(3);
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(0).get("text").get("text").asText())
        .isEqualTo("[CRITICAL] Budget 95 % reached");
    assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
    assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("línea uno\nlínea dos");
    assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
    JsonNode ctx = blocks.get(2).get("elements").get(0);
    assertThat(ctx.get("type").asText()).isEqualTo("mrkdwn");
    assertThat(ctx.get("text").asText())
        .isEqualTo(
            "kind `budget_threshold` · tenant `t001` · cost_alerts 4711 · key `" + KEY + "`");
  }

  @Test
  void slackWithHostileTextIsValidJsonAndKeepsItsCharactersEscapedForMrkdwn() throws Exception {
    Notification n = budget(HOSTILE, HOSTILE);
    JsonNode s = parse(Payloads.slack(single(n, "slack")));
    // Slack's mrkdwn escapes: & < > (only these three), so the text shows as written
    String escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    assertThat(escaped).contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;/b&gt;");
    assertThat(s.get("text").asText()).isEqualTo("[CRITICAL] " + escaped);
    assertThat(s.get("blocks").get(1).get("text").get("text").asText()).isEqualTo(escaped);
    // the header is plain_text: as written
    assertThat(s.get("blocks").get(0).get("text").get("text").asText())
        .startsWith("[CRITICAL] He said \"stop\"")
        .contains("<script>alert('x')</script> & </b>");
  }

  @Test
  void noAlertTextCanMentionTheChannelOrMakeALinkInSlack() throws Exception {
    Notification n = budget(
        "<!channel> budget of <http://evil.example|your bank>",
        "model <@U123> & <!here> said <b>hi</b>");
    JsonNode s = parse(Payloads.slack(single(n, "slack")));
    String all = s.get("text").asText()
        + s.get("blocks").get(1).get("text").get("text").asText()
        + s.get("blocks").get(2).toString();
    assertThat(all).doesNotContain("<!").doesNotContain("<@").doesNotContain("<http");
    assertThat(s.get("text").asText())
        .isEqualTo("[CRITICAL] &lt;!channel&gt; budget of &lt;http://evil.example|your bank&gt;");
    assertThat(s.get("blocks").get(1).get("text").get("text").asText())
        .isEqualTo("model &lt;@U123&gt; &amp; &lt;!here&gt; said &lt;b&gt;hi&lt;/b&gt;");
  }

  @Test
  void aCutNeverSplitsAnEscape() {
    // 2,998 x's then '<': escaped, the '&lt;' would straddle the 3,000th character
    String cut = Payloads.mrkdwn("x".repeat(2998) + "<tail", 3000);
    assertThat(cut).isEqualTo("x".repeat(2998) + "…");
    assertThat(Payloads.mrkdwn("a < b", 3000)).isEqualTo("a &lt; b");
    assertThat(Payloads.mrkdwn("plain", 3000)).isEqualTo("plain");
  }

  @Test
  void slackLimitsHeaderTo150AndTextTo3000Characters() throws Exception {
    String longTitle = "ñ".repeat(400);
    String longText = "x".repeat(5000);
    JsonNode s = parse(Payloads.slack(single(budget(longTitle, longText), "slack")));
    String header = s.get("blocks").get(0).get("text").get("text").asText();
    assertThat(header).hasSize(150).startsWith("[CRITICAL] ñññ").endsWith("ñ…");
    String section = s.get("blocks").get(1).get("text").get("text").asText();
    assertThat(section).hasSize(3000).endsWith("x…");
    assertThat(s.get("text").asText()).hasSize(11 + 400);
  }

  @Test
  void slackWithoutTextOrTenantDropsThem() throws Exception {
    Notification n = new Notification(
        1,
        "k1",
        "",
        "run_failed",
        "high",
        "Run failed",
        "",
        "job_runs",
        "9",
        Instant.parse("2026-01-02T00:00:00Z"),
        null);
    JsonNode s = parse(Payloads.slack(single(n, "slack")));
    assertThat(s.get("blocks").size()).isEqualTo(2);
    assertThat(s.get("blocks").get(1).get("elements").get(0).get("text").asText())
        .isEqualTo("kind `run_failed` · job_runs 9 · key `k1`");
  }

  @Test
  void email() {
    Notification n = budget("Presupuesto al 95 %: año", "Texto con ñ\ny <b>marcas</b>");
    Notification.Delivery d = single(n, "email");
    assertThat(Payloads.emailSubject(d)).isEqualTo("[vigia] CRITICAL: Presupuesto al 95 %: año");
    assertThat(Payloads.emailText(d))
        .isEqualTo("Texto con ñ\ny <b>marcas</b>\n\n"
            + "kind: budget_threshold\n"
            + "severity: critical\n"
            + "tenant: t001\n"
            + "source: cost_alerts 4711\n"
            + "occurred at: 2026-11-27T02:00:00Z\n"
            + "details: {\"percent_used\":96.02,\"note\":"
            + "\"He said \\\"stop\\\" \\\\ now\\nline two\\r\\n\\t<script>alert('x')</script>"
            + " & </b> {\\\"json\\\":1} — Presupuesto al 95 %: año, señal, ¿qué pasó? ¡Atención! ÁÉÍÓÚ ü €\"}\n"
            + "key: " + KEY + "\n");
  }

  @Test
  void emailSubjectIsAtMost200Characters() {
    String s = Payloads.emailSubject(single(budget("é".repeat(300), ""), "email"));
    assertThat(s).hasSize(200).startsWith("[vigia] CRITICAL: éé").endsWith("é…");
  }

  private static Notification item(String key, String severity, String title, String at) {
    return new Notification(
        0,
        key,
        "t001",
        "data_quality",
        severity,
        title,
        "unused",
        "dq_results",
        key,
        Instant.parse(at),
        null);
  }

  private static Notification.Delivery digest(String tenant, int total, List<Notification> items) {
    return new Notification.Delivery(
        99,
        "webhook",
        "digest:2026-11-26:webhook:" + tenant,
        1,
        tenant,
        null,
        new Notification.Digest(LocalDate.parse("2026-11-26"), total, items));
  }

  @Test
  void digestWebhook() throws Exception {
    List<Notification> items = List.of(
        item("a", "medium", "Nulls \"up\" in <amount>", "2026-11-26T01:00:00Z"),
        item("b", "low", "Línea\nnueva", "2026-11-26T05:30:00Z"),
        item("c", "medium", "Third", "2026-11-26T23:59:59Z"));
    JsonNode b = parse(Payloads.webhook(digest("t001", 5, items)));
    assertThat(b.get("schema").asText()).isEqualTo("vigia.notification/1");
    assertThat(b.get("key").asText()).isEqualTo("digest:2026-11-26:webhook:t001");
    assertThat(b.get("kind").asText()).isEqualTo("digest");
    assertThat(b.get("severity").asText()).isEqualTo("medium"); // its highest
    assertThat(b.get("title").asText())
        .isEqualTo("vigia daily digest for t001, 2026-11-26: 5 notifications");
    assertThat(b.get("text").asText())
        .isEqualTo("- [medium] Nulls \"up\" in <amount> (data_quality, 2026-11-26T01:00:00Z)\n"
            + "- [low] Línea\nnueva (data_quality, 2026-11-26T05:30:00Z)\n"
            + "- [medium] Third (data_quality, 2026-11-26T23:59:59Z)\n"
            + "... and 2 more (notification_deliveries.digest_id = 99)");
    assertThat(b.get("source").get("table").asText()).isEqualTo("notification_deliveries");
    assertThat(b.get("source").get("id").asText()).isEqualTo("99");
    assertThat(b.get("occurred_at").asText()).isEqualTo("2026-11-27T00:00:00Z"); // end of its day
    JsonNode det = b.get("details");
    assertThat(det.get("day").asText()).isEqualTo("2026-11-26");
    assertThat(det.get("channel").asText()).isEqualTo("webhook");
    assertThat(det.get("count").asInt()).isEqualTo(5);
    assertThat(det.get("omitted").asInt()).isEqualTo(2);
    assertThat(det.get("items").size()).isEqualTo(3);
    JsonNode first = det.get("items").get(0);
    assertThat(first.get("key").asText()).isEqualTo("a");
    assertThat(first.get("kind").asText()).isEqualTo("data_quality");
    assertThat(first.get("severity").asText()).isEqualTo("medium");
    assertThat(first.get("title").asText()).isEqualTo("Nulls \"up\" in <amount>");
    assertThat(first.get("occurred_at").asText()).isEqualTo("2026-11-26T01:00:00Z");
    assertThat(first.get("source").get("table").asText()).isEqualTo("dq_results");
    assertThat(first.get("source").get("id").asText()).isEqualTo("a");
    assertThat(det.get("items").get(1).get("title").asText()).isEqualTo("Línea\nnueva");
  }

  @Test
  void digestSeverityIsItsHighestByRankNotByName() {
    // alphabetically "medium" > "low" > "high" > "critical": the rank must decide
    assertThat(digest(
                "t1",
                3,
                List.of(
                    item("a", "low", "x", "2026-11-26T00:00:00Z"),
                    item("b", "critical", "x", "2026-11-26T00:00:00Z"),
                    item("c", "medium", "x", "2026-11-26T00:00:00Z")))
            .severity())
        .isEqualTo("critical");
    assertThat(digest(
                "t1",
                2,
                List.of(
                    item("a", "medium", "x", "2026-11-26T00:00:00Z"),
                    item("b", "high", "x", "2026-11-26T00:00:00Z")))
            .severity())
        .isEqualTo("high");
    assertThat(digest("t1", 1, List.of(item("a", "low", "x", "2026-11-26T00:00:00Z")))
            .severity())
        .isEqualTo("low");
  }

  @Test
  void digestOfOneWithoutTenantAndNothingOmitted() throws Exception {
    Notification.Delivery d =
        digest("", 1, List.of(item("a", "low", "Solo", "2026-11-26T10:00:00Z")));
    assertThat(Payloads.title(d)).isEqualTo("vigia daily digest, 2026-11-26: 1 notification");
    assertThat(Payloads.text(d)).isEqualTo("- [low] Solo (data_quality, 2026-11-26T10:00:00Z)");
    JsonNode b = parse(Payloads.webhook(d));
    assertThat(b.get("details").get("omitted").asInt()).isZero();
    assertThat(Payloads.emailSubject(d))
        .isEqualTo("[vigia] LOW: vigia daily digest, 2026-11-26: 1 notification");
    assertThat(Payloads.emailText(d))
        .isEqualTo("- [low] Solo (data_quality, 2026-11-26T10:00:00Z)\n\n"
            + "kind: digest\nseverity: low\nkey: digest:2026-11-26:webhook:\n");
    JsonNode s = parse(Payloads.slack(d));
    assertThat(s.get("blocks").get(2).get("elements").get(0).get("text").asText())
        .isEqualTo("kind `digest` · key `digest:2026-11-26:webhook:`");
  }

  private static <T> List<T> names(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
