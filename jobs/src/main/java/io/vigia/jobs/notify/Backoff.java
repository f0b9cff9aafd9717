package io.vigia.jobs.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The retry delay after a failed attempt: base x 2^(attempt - 1), at most cap, times a jitter factor in
 * [0.5, 1) so that deliveries failing together do not retry together; never shorter than the
 * receiver's Retry-After (RFC 9110 10.2.3: delay-seconds or an HTTP date).
 */
final class Backoff {
  private Backoff() {}

  static Duration delay(
      int attempt, long baseMs, long capMs, Duration retryAfter, DoubleSupplier random) {
    double exp = baseMs * Math.pow(2, Math.max(0, attempt - 1));
    long ms = (long) (Math.min(exp, capMs) * (0.5 + 0.5 * random.getAsDouble()));
    Duration d = Duration.ofMillis(Math.max(1, ms));
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }

  /** A Retry-After value as a delay from now: seconds, or an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String v = header.strip();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
