package io.vigia.common.settings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The notify job's settings (vigia.notify.*), read and checked once by {@link Settings}. The webhook and
 * Slack URLs, the signing secret and the SMTP password are secrets: they come only from the environment
 * or a file, and {@link #toString()} and {@link #secrets()}' users never show them.
 *
 * @param webhookUrl generic webhook endpoint (secret); empty = no webhook channel
 * @param webhookSecret HMAC-SHA-256 key of X-Vigia-Signature (secret); required with a webhook
 * @param slackUrl Slack incoming-webhook URL (secret); empty = no Slack channel
 * @param smtpHost SMTP server; empty = no e-mail channel
 * @param smtpSecurity auto (STARTTLS required, except to a relay on loopback: used if offered), starttls (always
 *     required), tls (implicit, SMTPS) or none (a local relay only)
 * @param smtpSslTrust hosts whose certificate is trusted without a chain check (space separated; empty = none)
 * @param minSeverity below it, notifications go to the daily digest (low, medium, high, critical)
 * @param maxAttempts attempts per delivery before it is dead-lettered
 * @param runRetrySeconds a run waits for retries falling due this long after it starts; later ones wait for the next run
 */
public record NotifySettings(
    String webhookUrl,
    String webhookSecret,
    String slackUrl,
    String smtpHost,
    int smtpPort,
    String smtpUser,
    String smtpPassword,
    String smtpFrom,
    List<String> smtpTo,
    String smtpSecurity,
    String smtpSslTrust,
    String minSeverity,
    int maxAttempts,
    long backoffBaseMs,
    long backoffCapMs,
    long connectTimeoutMs,
    long requestTimeoutMs,
    long runRetrySeconds,
    int batchSize,
    int concurrency,
    int digestMaxItems)
    implements Serializable {
  public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  public static final List<String> SECURITY = List.of("auto", "starttls", "tls", "none");

  public NotifySettings {
    smtpTo = List.copyOf(smtpTo);
  }

  /** Reads and checks vigia.notify.* (secrets only from the environment or a file). */
  static NotifySettings read(SettingsReader r) {
    String p = "vigia.notify.";
    String webhookUrl = r.secret(p + "webhook.url", p + "webhook.url-file");
    String webhookSecret = r.secret(p + "webhook.secret", p + "webhook.secret-file");
    String slackUrl = r.secret(p + "slack.url", p + "slack.url-file");
    String smtpPassword = r.secret(p + "smtp.password", p + "smtp.password-file");
    String host = r.str(p + "smtp.host").strip();
    List<String> to = new ArrayList<>();
    for (String a : r.str(p + "smtp.to").split(",")) {
      if (!a.isBlank()) {
        to.add(a.strip());
      }
    }
    NotifySettings n = new NotifySettings(
        webhookUrl,
        webhookSecret,
        slackUrl,
        host,
        (int) r.longIn(p + "smtp.port", 1, 65535),
        r.str(p + "smtp.user"),
        smtpPassword,
        r.str(p + "smtp.from").strip(),
        to,
        r.str(p + "smtp.security"),
        r.str(p + "smtp.ssl-trust"),
        r.str(p + "min-severity"),
        (int) r.longIn(p + "max-attempts", 1, 1000),
        r.longIn(p + "backoff-base-ms", 1, 86_400_000L),
        r.longIn(p + "backoff-cap-ms", 1, 7 * 86_400_000L),
        r.longIn(p + "connect-timeout-ms", 1, 600_000),
        r.longIn(p + "request-timeout-ms", 1, 600_000),
        r.longIn(p + "run-retry-seconds", 0, 86_400),
        (int) r.longIn(p + "batch-size", 1, 100_000),
        (int) r.longIn(p + "concurrency", 1, 256),
        (int) r.longIn(p + "digest-max-items", 1, 10_000));
    for (String[] u :
        new String[][] {{"webhook.url", n.webhookUrl()}, {"slack.url", n.slackUrl()}}) {
      if (!u[1].isEmpty() && !u[1].matches("(?i)https?://[^\\s/]+\\S*")) {
        r.errors.add(r.name(p + u[0]) + ": not an http(s) URL (value not shown: it is a secret)");
      }
    }
    if (n.webhook() && n.webhookSecret().isEmpty()) {
      r.errors.add(r.name(p + "webhook.secret") + ": required with " + r.name(p + "webhook.url")
          + " (every webhook is signed); give it in the environment or in "
          + r.name(p + "webhook.secret-file"));
    }
    if (n.email() && (n.smtpFrom().isEmpty() || n.smtpTo().isEmpty())) {
      r.errors.add(r.name(p + "smtp.from") + " and " + r.name(p + "smtp.to")
          + ": both required with " + r.name(p + "smtp.host"));
    }
    if (!n.smtpUser().isEmpty() && n.smtpPassword().isEmpty() && n.email()) {
      r.errors.add(r.name(p + "smtp.password") + ": required with " + r.name(p + "smtp.user")
          + "; give it in the environment or in " + r.name(p + "smtp.password-file"));
    }
    if (!SECURITY.contains(n.smtpSecurity())) {
      r.errors.add(r.name(p + "smtp.security") + " = '" + n.smtpSecurity()
          + "': must be auto, starttls, tls or none");
    }
    if (!SEVERITIES.contains(n.minSeverity())) {
      r.errors.add(r.name(p + "min-severity") + " = '" + n.minSeverity()
          + "': must be low, medium, high or critical");
    }
    if (n.backoffCapMs() < n.backoffBaseMs()) {
      r.errors.add(r.name(p + "backoff-cap-ms") + " = " + n.backoffCapMs() + ": must be >= "
          + r.name(p + "backoff-base-ms") + " = " + n.backoffBaseMs());
    }
    return n;
  }

  public boolean webhook() {
    return !webhookUrl.isEmpty();
  }

  public boolean slack() {
    return !slackUrl.isEmpty();
  }

  public boolean email() {
    return !smtpHost.isEmpty();
  }

  /** The secret values set, longest first (for redacting them from any text that leaves the process). */
  public List<String> secrets() {
    List<String> out = new ArrayList<>();
    for (String s : List.of(webhookUrl, webhookSecret, slackUrl, smtpPassword)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    out.sort((a, b) -> b.length() - a.length());
    return out;
  }

  /**
   * A severity's rank: low 0, medium 1, high 2, critical 3 (higher is more severe). The SQL function
   * {@code vigia_severity_rank} (migration V15) is the same scale, for the comparisons the database
   * makes; MigrationsTest compares the two for every severity, so they cannot drift apart.
   *
   * @throws IllegalArgumentException for any other value (where the SQL function gives NULL)
   */
  public static int rank(String severity) {
    int r = SEVERITIES.indexOf(severity);
    if (r < 0) {
      throw new IllegalArgumentException(
          "unknown severity '" + severity + "': must be low, medium, high or critical");
    }
    return r;
  }

  @Override
  public String toString() {
    return "NotifySettings{webhook=" + (webhook() ? "***" : "<none>") + ", slack="
        + (slack() ? "***" : "<none>")
        + ", smtp=" + (email() ? smtpHost + ":" + smtpPort + " " + smtpSecurity : "<none>")
        + ", min-severity="
        + minSeverity + ", max-attempts=" + maxAttempts + "}";
  }
}
