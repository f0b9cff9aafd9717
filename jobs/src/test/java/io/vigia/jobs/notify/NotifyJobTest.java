package io.vigia.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.InvalidSettingsException;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notify job against real receivers, nothing mocked: the JDK's HttpServer as webhook and Slack
 * endpoint (checking each signature), GreenMail as the SMTP server (implicit TLS and authentication:
 * GreenMail has no STARTTLS, and a STARTTLS-required client refuses it, as checked here), a real
 * embedded PostgreSQL, and a child JVM halted between sending and recording.
 */
class NotifyJobTest {
  static final String SECRET = "whsec-Zt81-signing-secret";
  static final String HOOK_TOKEN = "hooktok-5521";
  static final String SLACK_TOKEN = "slacktok-9034";
  static final String SMTP_USER = "notify-user";
  static final String SMTP_PASSWORD = "smtp-pass-Q9x7";

  private Receiver rx;
  private GreenMail mail;
  private Database db;
  private Path work;

  /**
   * GreenMail's bundled certificate names no host, so a client checking the server's identity (as the
   * e-mail channel does) refuses it: the tests give GreenMail a certificate for localhost made by the
   * JDK's keytool, and trust that host (vigia.notify.smtp.ssl-trust).
   */
  @org.junit.jupiter.api.BeforeAll
  static void localhostCertificate() throws Exception {
    Path ks = TestEnv.tempDir("notify-tls").resolve("localhost.p12");
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            "greenmail",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            ks.toString(),
            "-storepass",
            "changeit",
            "-keypass",
            "changeit")
        .redirectErrorStream(true)
        .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    System.setProperty("greenmail.tls.keystore.file", ks.toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
  }

  @BeforeEach
  void start() throws Exception {
    rx = new Receiver(SECRET);
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    mail.setUser("alerts@example.org", SMTP_USER, SMTP_PASSWORD);
    mail.start();
    db = TestEnv.freshDatabase("notify", true);
    work = TestEnv.tempDir("notify");
  }

  @AfterEach
  void stop() {
    rx.close();
    mail.stop();
  }

  Map<String, String> env(boolean email) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VIGIA_NOTIFY_WEBHOOK_URL", rx.url("/hook?token=" + HOOK_TOKEN));
    env.put("VIGIA_NOTIFY_WEBHOOK_SECRET", SECRET);
    env.put("VIGIA_NOTIFY_SLACK_URL", rx.url("/slack/T0/B0/" + SLACK_TOKEN));
    if (email) {
      env.put("VIGIA_NOTIFY_SMTP_HOST", "localhost");
      env.put("VIGIA_NOTIFY_SMTP_PORT", String.valueOf(mail.getSmtps().getPort()));
      env.put("VIGIA_NOTIFY_SMTP_USER", SMTP_USER);
      env.put("VIGIA_NOTIFY_SMTP_PASSWORD", SMTP_PASSWORD);
      env.put("VIGIA_NOTIFY_SMTP_FROM", "vigia@example.org");
      env.put("VIGIA_NOTIFY_SMTP_TO", "alerts@example.org");
    }
    return env;
  }

  /**
   * Fast retries for the tests: 50 ms base, 400 ms cap; a 5 s request timeout (a loaded build machine
   * must not turn a slow answer into a re-send where a test counts requests; the timeout test sets 700 ms).
   */
  static Map<String, String> fast() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vigia.notify.backoff-base-ms", "50");
    m.put("vigia.notify.backoff-cap-ms", "400");
    m.put("vigia.notify.request-timeout-ms", "5000");
    m.put("vigia.notify.connect-timeout-ms", "5000");
    m.put("vigia.notify.run-retry-seconds", "20");
    m.put("vigia.notify.max-attempts", "4");
    m.put("vigia.notify.smtp.security", "tls");
    m.put("vigia.notify.smtp.ssl-trust", "localhost");
    return m;
  }

  Settings settings(boolean email, Map<String, String> more) {
    Map<String, Object> m = new LinkedHashMap<>(fast());
    m.putAll(more);
    m.put("vigia.jdbc.url", db.url());
    m.put("vigia.jdbc.user", db.user());
    m.put("vigia.landing-dir", work.resolve("landing").toString());
    m.put("vigia.lake-dir", work.resolve("lake").toString());
    return Settings.load(Optional.empty(), env(email), Map.of()).with(m);
  }

  JobResult run(Settings s, Instant to) throws Exception {
    return JobRunner.run(
        new NotifyJob(),
        null,
        s,
        db,
        new Window(to.minus(Duration.ofDays(1)), to),
        Optional.empty(),
        Clock.systemUTC());
  }

  static Instant soon() {
    return Instant.now().plusSeconds(60);
  }

  void outbox(String key, String tenant, String kind, String severity, Instant createdAt)
      throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("INSERT INTO notification_outbox (key, "
            + "tenant_id, kind, severity, title, body, source_table, source_id, occurred_at, details, created_at) VALUES "
            + "(?, ?, ?, ?, ?, ?, 'drift_alerts', ?, ?, ?::jsonb, coalesce(?, now()))")) {
      ps.setString(1, key);
      ps.setString(2, tenant);
      ps.setString(3, kind);
      ps.setString(4, severity);
      ps.setString(5, kind + " " + severity + " on " + tenant);
      ps.setString(6, "what happened to " + key);
      ps.setString(7, "id-" + key);
      ps.setTimestamp(8, Timestamp.from(Instant.parse("2026-11-27T10:00:00Z")));
      ps.setString(9, "{\"psi\": 0.31}");
      ps.setTimestamp(10, createdAt == null ? null : Timestamp.from(createdAt));
      ps.executeUpdate();
    }
  }

  List<String> column(String sql) throws Exception {
    return Jdbc.column(db, sql);
  }

  @Test
  void highAndCriticalGoAtOnceToAllThreeChannelsSignedAndNeverTwice() throws Exception {
    outbox("k-high", "t1", "drift_detected", "high", null);
    outbox("k-crit", "t2", "budget_threshold", "critical", null);
    outbox("k-low", "t1", "data_quality", "low", null);
    Settings s = settings(true, Map.of());
    JobResult r = run(s, soon());
    assertThat(column(
            "SELECT channel || ':' || status || ':' || coalesce(last_error, '') FROM notification_deliveries "
                + "WHERE channel = 'email' AND status <> 'queued'"))
        .containsOnly("email:sent:");
    assertThat(r.outputs()).containsEntry("sent", 6L).containsEntry("dead", 0L);

    assertThat(rx.keys("/hook")).containsExactlyInAnyOrder("k-high", "k-crit");
    assertThat(rx.got("/hook")).allMatch(Receiver.Got::signatureOk);
    JsonNode body = Json.read(rx.got("/hook").stream()
        .filter(g -> g.key().equals("k-crit"))
        .findFirst()
        .orElseThrow()
        .body());
    assertThat(body.get("key").asText()).isEqualTo("k-crit");
    assertThat(body.get("tenant_id").asText()).isEqualTo("t2");
    assertThat(body.get("kind").asText()).isEqualTo("budget_threshold");
    assertThat(body.get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("title").asText()).isEqualTo("budget_threshold critical on t2");
    assertThat(body.get("text").asText()).isEqualTo("what happened to k-crit");
    assertThat(body.get("source").get("table").asText()).isEqualTo("drift_alerts");
    assertThat(body.get("source").get("id").asText()).isEqualTo("id-k-crit");
    assertThat(body.get("occurred_at").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(body.get("details").get("psi").asDouble()).isEqualTo(0.31);

    assertThat(rx.keys("/slack")).containsExactlyInAnyOrder("k-high", "k-crit");
    JsonNode slack = Json.read(rx.got("/slack").get(0).body());
    assertThat(slack.get("blocks").get(0).get("type").asText()).isEqualTo("header");
    assertThat(slack.get("text").asText()).startsWith("[");

    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).hasSize(2);
    List<String> mailKeys = new ArrayList<>();
    for (MimeMessage m : mails) {
      mailKeys.add(m.getHeader("X-Vigia-Delivery")[0]);
      assertThat(m.getSubject()).startsWith("[vigia] ");
    }
    assertThat(mailKeys).containsExactlyInAnyOrder("k-high", "k-crit");

    // nothing sent twice across repeated runs; the low one waits for its digest
    run(s, soon());
    run(s, soon());
    assertThat(rx.got("/hook")).hasSize(2);
    assertThat(rx.got("/slack")).hasSize(2);
    assertThat(mail.getReceivedMessages()).hasSize(2);
    assertThat(
            column(
                "SELECT channel || ':' || status || ':' || attempts FROM notification_deliveries d JOIN "
                    + "notification_outbox o ON o.id = d.outbox_id WHERE o.key = 'k-low' ORDER BY channel"))
        .containsExactly("email:queued:0", "slack:queued:0", "webhook:queued:0");
    assertThat(column(
            "SELECT count(*) FROM notification_deliveries WHERE status = 'sent' AND sent_at IS NOT NULL "
                + "AND attempts = 1"))
        .containsExactly("6");
  }

  /**
   * End to end: a budget breach found by the budgets job (V15's trigger enqueues it in the run's commit)
   * reaches the receivers once, signed, with the trigger's title; re-running the job and notify sends nothing more.
   */
  @Test
  void aBreachFoundByARunReachesTheReceiversOnce() throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('t1', '2026-11-01', 1000)");
      st.execute(
          "INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, "
              + "usage_units, unit_type, unit_cost, total_cost_usd, pricing_status, event_count) SELECT 't1', 'compute', "
              + "'spark', '', d::date, '2026-11-01', 1, 'core_hour', 97, 97, 'priced', 1 FROM generate_series("
              + "timestamp '2026-11-01', timestamp '2026-11-10', interval '1 day') d");
    }
    Settings s = settings(false, Map.of());
    io.vigia.common.job.Window w = io.vigia.common.job.Window.of("2026-11-01", "2026-11-11");
    for (int i = 0; i < 2; i++) {
      JobRunner.run(
          new io.vigia.jobs.budgets.BudgetsJob(),
          TestEnv.spark(),
          s,
          db,
          w,
          Optional.empty(),
          Clock.systemUTC());
      run(s, soon());
    }
    // 970 of 1000: the 80 % level (high) and the 95 % level (critical), each once per channel
    assertThat(rx.got("/hook")).hasSize(2).allMatch(Receiver.Got::signatureOk);
    assertThat(rx.keys("/slack")).containsExactlyInAnyOrderElementsOf(rx.keys("/hook"));
    List<String> titles = new ArrayList<>();
    for (Receiver.Got g : rx.got("/hook")) {
      JsonNode body = Json.read(g.body());
      assertThat(body.get("kind").asText()).isEqualTo("budget_threshold");
      assertThat(body.get("source").get("table").asText()).isEqualTo("cost_alerts");
      titles.add(body.get("severity").asText() + ": " + body.get("title").asText());
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            "high: Budget 80 % reached: tenant t1, 2026-11: 970.00 of 1000.00 USD (97.0 %)",
            "critical: Budget 95 % reached: tenant t1, 2026-11: 970.00 of 1000.00 USD (97.0 %)");
  }

  @Test
  void retriesUntilSuccessHonoursRetryAfterAndRetriesATimeout() throws Exception {
    outbox("k-500", "t1", "drift_detected", "high", null);
    outbox("k-429", "t1", "drift_detected", "high", null);
    outbox("k-hang", "t1", "drift_detected", "high", null);
    rx.answer("/hook", "k-500", 500, 503);
    rx.answer("/hook", "k-429", 429);
    rx.retryAfter = "2";
    rx.answer("/hook", "k-hang", Receiver.HANG);
    JobResult r = run(settings(false, Map.of("vigia.notify.request-timeout-ms", "700")), soon());

    assertThat(rx.deduplicated("/hook")).containsExactlyInAnyOrder("k-500", "k-429", "k-hang");
    assertThat(rx.keys("/hook").stream().filter("k-500"::equals)).hasSize(3);
    List<Receiver.Got> g429 =
        rx.got("/hook").stream().filter(g -> g.key().equals("k-429")).toList();
    assertThat(g429).hasSize(2);
    assertThat(Duration.between(g429.get(0).at(), g429.get(1).at()))
        .as("Retry-After: 2 honoured")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(column(
            "SELECT key || ':' || attempts || ':' || status || ':' || last_error FROM notification_deliveries "
                + "WHERE channel = 'webhook' ORDER BY key"))
        .containsExactly(
            "k-429:2:sent:HTTP 429 (Retry-After 2.0 s)",
            "k-500:3:sent:HTTP 503",
            "k-hang:2:sent:timeout (HttpTimeoutException, 700 ms)");
    assertThat(r.outputs()).containsEntry("dead", 0L);
  }

  @Test
  void aPermanent4xxIsDeadAndRaisesOneNotificationFailedDeliveredToTheOtherChannels()
      throws Exception {
    outbox("k-bad", "t3", "cost_anomaly", "critical", null);
    rx.answer("/hook", "k-bad", 400);
    Settings s = settings(false, Map.of());
    run(s, soon());
    assertThat(
            column("SELECT channel || ':' || status || ':' || attempts || ':' || last_error FROM "
                + "notification_deliveries WHERE key = 'k-bad' ORDER BY channel"))
        .containsExactly(
            null, "webhook:dead:1:HTTP 400"); // sent: no error, the concatenation is NULL
    assertThat(column(
            "SELECT key || ':' || kind || ':' || severity || ':' || tenant_id FROM notification_outbox "
                + "WHERE kind = 'notification_failed'"))
        .containsExactly("notification_failed:webhook:k-bad:notification_failed" + ":high:t3");
    // the failure notification itself went out in the same run, on both channels
    assertThat(rx.deduplicated("/hook")).contains("notification_failed:webhook:k-bad");
    assertThat(rx.deduplicated("/slack")).contains("notification_failed:webhook:k-bad");
    assertThat(column("SELECT channel || ':' || key FROM notification_dead_letters"))
        .containsExactly("webhook:k-bad");
    run(s, soon());
    assertThat(column("SELECT count(*) FROM notification_outbox")).containsExactly("2");
    assertThat(rx.keys("/hook").stream().filter(k -> k.startsWith("notification_failed")))
        .hasSize(1);
  }

  @Test
  void lowAndMediumGoOnceAsOneDailyDigestPerTenantAndChannel() throws Exception {
    Instant day = Instant.parse("2025-03-01T00:00:00Z");
    outbox("k-l1", "t1", "data_quality", "low", day.plusSeconds(3600));
    outbox("k-m1", "t1", "cost_anomaly", "medium", day.plusSeconds(7200));
    outbox("k-m2", "t2", "cost_anomaly", "medium", day.plusSeconds(7200));
    outbox("k-h1", "t1", "drift_detected", "high", day.plusSeconds(7200));
    Settings s = settings(false, Map.of());
    run(s, day.plusSeconds(12 * 3600)); // the day is not over: only the high one goes
    assertThat(rx.keys("/hook")).containsExactly("k-h1");
    run(s, day.plusSeconds(24 * 3600)); // the day is over: its digests
    assertThat(rx.keys("/hook"))
        .containsExactlyInAnyOrder(
            "k-h1", "digest:2025-03-01:webhook:t1", "digest:2025-03-01:webhook:t2");
    assertThat(rx.keys("/slack"))
        .containsExactlyInAnyOrder(
            "k-h1", "digest:2025-03-01:slack:t1", "digest:2025-03-01:slack:t2");
    JsonNode d = Json.read(rx.got("/hook").stream()
        .filter(g -> g.key().equals("digest:2025-03-01:webhook:t1"))
        .findFirst()
        .orElseThrow()
        .body());
    assertThat(d.get("kind").asText()).isEqualTo("digest");
    assertThat(d.get("severity").asText()).isEqualTo("medium");
    assertThat(d.get("details").get("count").asInt()).isEqualTo(2);
    assertThat(d.get("details").get("items").findValuesAsText("key"))
        .containsExactly("k-m1", "k-l1");
    assertThat(rx.got("/hook")).allMatch(Receiver.Got::signatureOk);

    // a late low one of the same day: not added to the digest already sent; it goes in the next
    // day's
    outbox("k-late", "t1", "data_quality", "low", day.plusSeconds(23 * 3600));
    run(s, day.plusSeconds(30 * 3600));
    run(s, day.plusSeconds(48 * 3600));
    run(s, day.plusSeconds(49 * 3600));
    assertThat(rx.keys("/hook"))
        .containsExactlyInAnyOrder(
            "k-h1",
            "digest:2025-03-01:webhook:t1",
            "digest:2025-03-01:webhook:t2",
            "digest:2025-03-02:webhook:t1");
    assertThat(
            column(
                "SELECT o.key || ':' || g.key FROM notification_deliveries q JOIN notification_outbox o ON o.id = "
                    + "q.outbox_id JOIN notification_deliveries g ON g.id = q.digest_id WHERE q.channel = 'webhook' ORDER BY 1"))
        .containsExactly(
            "k-l1:digest:2025-03-01:webhook:t1",
            "k-late:digest:2025-03-02:webhook:t1",
            "k-m1:digest:2025-03-01:webhook:t1",
            "k-m2:digest:2025-03-01:webhook:t2");
  }

  @Test
  void aTenantRouteSwitchesAChannelOffOrLowersItsThreshold() throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO notification_routes (tenant_id, channel, min_severity, enabled) VALUES "
              + "('t1', 'slack', 'high', false), ('t1', 'webhook', 'low', true)");
    }
    outbox("k-low", "t1", "data_quality", "low", null);
    outbox("k-high", "t1", "drift_detected", "high", null);
    run(settings(false, Map.of()), soon());
    assertThat(rx.keys("/hook")).containsExactlyInAnyOrder("k-low", "k-high");
    assertThat(rx.keys("/slack")).isEmpty();
  }

  @Test
  void starttlsWhenRequiredNeverSendsInClear() throws Exception {
    GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    plain.start();
    try {
      outbox("k-mail", "t1", "run_failed", "high", null);
      Map<String, String> m = new HashMap<>();
      m.put("vigia.notify.smtp.security", "starttls");
      m.put("vigia.notify.smtp.port", String.valueOf(plain.getSmtp().getPort()));
      m.put("vigia.notify.run-retry-seconds", "0");
      Settings s = settings(true, m);
      run(s, soon());
      assertThat(plain.getReceivedMessages())
          .as("nothing sent in clear to a server without STARTTLS")
          .isEmpty();
      assertThat(column(
              "SELECT status || ':' || attempts || ':' || last_error FROM notification_deliveries "
                  + "WHERE channel = 'email'"))
          .singleElement()
          .asString()
          .startsWith("failed:1:SMTP error");
    } finally {
      plain.stop();
    }
  }

  /**
   * The default (auto): to a relay on this machine's loopback address mail goes even when the relay offers
   * no STARTTLS (it crosses no network); to any other host STARTTLS is required.
   */
  @Test
  void byDefaultALoopbackRelayWithoutStarttlsGetsTheMailAndARemoteHostMustOfferIt()
      throws Exception {
    GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    plain.start();
    try {
      outbox("k-local", "t1", "run_failed", "high", null);
      Map<String, String> m = new HashMap<>();
      m.put("vigia.notify.smtp.security", "auto");
      m.put("vigia.notify.smtp.port", String.valueOf(plain.getSmtp().getPort()));
      m.put("vigia.notify.smtp.user", "");
      m.put("vigia.notify.run-retry-seconds", "0");
      Settings s = settings(true, m);
      assertThat(Settings.defaults().notifications().smtpSecurity()).isEqualTo("auto");
      run(s, soon());
      assertThat(plain.getReceivedMessages()).hasSize(1);
      assertThat(plain.getReceivedMessages()[0].getHeader("X-Vigia-Delivery")[0])
          .isEqualTo("k-local");
    } finally {
      plain.stop();
    }
    Settings d = Settings.defaults()
        .with(Map.of(
            "vigia.notify.smtp.from",
            "vigia@example.org",
            "vigia.notify.smtp.to",
            "ops@example.org"));
    for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
      assertThat(EmailChannel.startTlsRequired(
              d.with(Map.of("vigia.notify.smtp.host", host)).notifications()))
          .as(host)
          .isFalse();
    }
    for (String host :
        new String[] {"smtp.example.org", "10.0.0.5", "128.0.0.1", "localhost.example.org"}) {
      assertThat(EmailChannel.startTlsRequired(
              d.with(Map.of("vigia.notify.smtp.host", host)).notifications()))
          .as(host)
          .isTrue();
    }
    assertThat(EmailChannel.startTlsRequired(d.with(Map.of(
                "vigia.notify.smtp.host", "localhost", "vigia.notify.smtp.security", "starttls"))
            .notifications()))
        .isTrue();
  }

  @Test
  void secretsComeOnlyFromTheEnvironmentOrAFile() throws Exception {
    Map<String, String> over = Map.of("vigia.notify.webhook.secret", "on-the-command-line");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> Settings.load(Optional.empty(), Map.of(), over)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("VIGIA_NOTIFY_WEBHOOK_SECRET")
        .hasMessageNotContaining("on-the-command-line");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Settings.load(
            Optional.empty(),
            Map.of("VIGIA_NOTIFY_WEBHOOK_URL", "https://example.org/h?t=" + HOOK_TOKEN),
            Map.of())))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("(VIGIA_NOTIFY_WEBHOOK_SECRET): required")
        .hasMessageNotContaining(HOOK_TOKEN);
    Path f = work.resolve("secret.txt");
    Files.writeString(f, SECRET + "\n");
    Settings s = Settings.load(
        Optional.empty(),
        Map.of(
            "VIGIA_NOTIFY_WEBHOOK_URL",
            "https://example.org/h",
            "VIGIA_NOTIFY_WEBHOOK_SECRET_FILE",
            f.toString()),
        Map.of());
    assertThat(s.notifications().webhookSecret()).isEqualTo(SECRET);
    assertThat(s.notifications().toString()).doesNotContain(SECRET).doesNotContain("example.org");
  }

  /**
   * A child JVM halted after sending and before recording: its claims stay 'sending'; the next run sends
   * them again under the same keys. Each key arrives at most twice, once after de-duplication, and no
   * secret is in the child's output, the ledger or the delivery tables.
   */
  @Test
  void aRunKilledBetweenSendingAndRecordingLosesNothingAndTheKeyDeduplicates() throws Exception {
    for (int i = 0; i < 5; i++) {
      outbox("k-kill-" + i, "t1", "privacy_critical", "critical", null);
    }
    outbox("k-dead", "t1", "run_failed", "high", null);
    rx.answer("/hook", "k-dead", 404, 404);
    List<String> cmd = new ArrayList<>(io.vigia.cli.Cli.childJvm("256m"));
    Map<String, String> set = new LinkedHashMap<>(fast());
    set.put("vigia.jdbc.url", db.url());
    set.put("vigia.jdbc.user", db.user());
    set.put("vigia.testing.halt-at", "notify.after-send");
    set.remove("vigia.notify.smtp.security");
    set.remove("vigia.notify.smtp.ssl-trust");
    set.forEach((k, v) -> {
      cmd.add("-S");
      cmd.add(k + "=" + v);
    });
    Instant now = Instant.now();
    cmd.addAll(List.of(
        "run",
        "notify",
        "--from",
        now.minus(Duration.ofDays(1)).toString(),
        "--to",
        now.plusSeconds(60).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("cli.log").toFile())
        .directory(work.toFile());
    pb.environment().putAll(env(false));
    long t0 = System.nanoTime();
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(work.resolve("cli.log"));
    assertThat(p.exitValue()).as(out).isEqualTo(137);
    System.out.printf(
        "notify child JVM: start to halt after the first round %.2f s%n",
        (System.nanoTime() - t0) / 1e9);
    assertThat(out)
        .contains("halting the JVM now")
        .doesNotContain("SparkContext")
        .doesNotContain("SparkSession");
    assertThat(column(
            "SELECT status FROM notification_deliveries WHERE key LIKE 'k-kill-%' GROUP BY status"))
        .containsExactly("sending");
    int before = rx.got("/hook").size();
    assertThat(rx.deduplicated("/hook")).containsAll(List.of("k-kill-0", "k-kill-4"));

    JobResult r = run(settings(false, Map.of()), soon());
    assertThat(r.outputs()).containsEntry("recovered", 12L);
    assertThat(
            column("SELECT DISTINCT status FROM notification_deliveries WHERE key LIKE 'k-kill-%'"))
        .containsExactly("sent");
    assertThat(rx.got("/hook").size()).isGreaterThan(before);
    for (String path : List.of("/hook", "/slack")) {
      for (int i = 0; i < 5; i++) {
        String k = "k-kill-" + i;
        assertThat(rx.keys(path).stream().filter(k::equals).count())
            .as(path + " " + k)
            .isBetween(1L, 2L);
      }
      assertThat(rx.deduplicated(path))
          .contains("k-kill-0", "k-kill-1", "k-kill-2", "k-kill-3", "k-kill-4");
    }
    assertThat(rx.got("/hook")).allMatch(Receiver.Got::signatureOk);

    // no secret anywhere: the child's log, the ledger, the outbox, the delivery state
    String db = String.join("\n", column("SELECT t::text FROM job_runs t"))
        + String.join("\n", column("SELECT t::text FROM notification_outbox t"))
        + String.join("\n", column("SELECT t::text FROM notification_deliveries t"));
    for (String secret : List.of(SECRET, HOOK_TOKEN, SLACK_TOKEN, SMTP_PASSWORD)) {
      assertThat(out).doesNotContain(secret);
      assertThat(db).doesNotContain(secret);
    }
    assertThat(db).contains("HTTP 404").contains("interrupted");
  }
}
