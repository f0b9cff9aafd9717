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
 * @param smtpSecurity starttls (required), tls (implicit, SMTPS) or none (tests and local relays only)
 * @param smtpSslTrust hosts whose certificate is trusted without a chain check (space separated; empty = none)
 * @param minSeverity below it, notifications go to the daily digest (low, medium, high, critical)
 * @param maxAttempts attempts per delivery before it is dead-lettered
 * @param runRetrySeconds a run waits for retries falling due this long after it starts; later ones wait for the next run
 */
public record NotifySettings(String webhookUrl, String webhookSecret, String slackUrl, String smtpHost, int smtpPort,
    String smtpUser, String smtpPassword, String smtpFrom, List<String> smtpTo, String smtpSecurity, String smtpSslTrust,
    String minSeverity, int maxAttempts, long backoffBaseMs, long backoffCapMs, long connectTimeoutMs,
    long requestTimeoutMs, long runRetrySeconds, int batchSize, int concurrency, int digestMaxItems)
    implements Serializable {
  public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  public static final List<String> SECURITY = List.of("starttls", "tls", "none");

  public NotifySettings {
    smtpTo = List.copyOf(smtpTo);
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

  /** Severity rank: low 1, medium 2, high 3, critical 4. */
  public static int rank(String severity) {
    return SEVERITIES.indexOf(severity) + 1;
  }

  @Override
  public String toString() {
    return "NotifySettings{webhook=" + (webhook() ? "***" : "<none>") + ", slack=" + (slack() ? "***" : "<none>")
        + ", smtp=" + (email() ? smtpHost + ":" + smtpPort + " " + smtpSecurity : "<none>") + ", min-severity="
        + minSeverity + ", max-attempts=" + maxAttempts + "}";
  }
}
