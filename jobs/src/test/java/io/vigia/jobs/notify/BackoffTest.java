package io.vigia.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The retry rule of docs/jobs/notify.md: a retry comes after base x 2^(attempt-1), at most the cap, times
 * a jitter in [0.5, 1); never sooner than a 429's Retry-After (seconds or HTTP date). Defaults: base
 * 2000 ms, cap 600000 ms. Expected values are worked out by hand from that rule.
 */
class BackoffTest {
  private static final long BASE = 2000;
  private static final long CAP = 600_000;

  /** random() = 0 gives the lowest jitter factor, 0.5. */
  private static Duration low(int attempt) {
    return Backoff.delay(attempt, BASE, CAP, null, () -> 0.0);
  }

  @Test
  void doublesPerAttemptAtTheLowestJitter() {
    assertThat(low(1)).isEqualTo(Duration.ofMillis(1000)); // 2000 x 1 x 0.5
    assertThat(low(2)).isEqualTo(Duration.ofMillis(2000)); // 2000 x 2 x 0.5
    assertThat(low(3)).isEqualTo(Duration.ofMillis(4000));
    assertThat(low(4)).isEqualTo(Duration.ofMillis(8000));
    assertThat(low(8)).isEqualTo(Duration.ofMillis(128_000)); // 2000 x 128 x 0.5
  }

  @Test
  void theCapBoundsTheExponentialBeforeJitter() {
    // attempt 9: 2000 x 256 = 512000 < cap; attempt 10: 1024000 > cap -> 600000
    assertThat(low(9)).isEqualTo(Duration.ofMillis(256_000));
    assertThat(low(10)).isEqualTo(Duration.ofMillis(300_000));
    assertThat(low(11)).isEqualTo(Duration.ofMillis(300_000));
    assertThat(low(64)).isEqualTo(Duration.ofMillis(300_000));
    assertThat(low(1000)).isEqualTo(Duration.ofMillis(300_000));
    // the highest jitter stays below the cap itself
    assertThat(Backoff.delay(30, BASE, CAP, null, () -> 0.999_999))
        .isLessThan(Duration.ofMillis(600_000))
        .isGreaterThanOrEqualTo(Duration.ofMillis(599_999));
  }

  @Test
  void jitterStaysInHalfOpenRangeHalfToOne() {
    assertThat(Backoff.delay(1, BASE, CAP, null, () -> 0.5)).isEqualTo(Duration.ofMillis(1500));
    assertThat(Backoff.delay(3, BASE, CAP, null, () -> 0.5)).isEqualTo(Duration.ofMillis(6000));
    // random just below 1: below the un-jittered value. (Not Math.nextDown(1.0): 0.5 + 0.5 x that
    // rounds to exactly 1.0 in double arithmetic, a 2^-53 chance the factor reaches 1.)
    assertThat(Backoff.delay(1, BASE, CAP, null, () -> 1 - 1e-9))
        .isLessThan(Duration.ofMillis(2000))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1999));
    Random r = new Random(42);
    long[] full = {2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 600_000};
    for (int i = 0; i < 2000; i++) {
      int attempt = 1 + i % full.length;
      long ms = Backoff.delay(attempt, BASE, CAP, null, r::nextDouble).toMillis();
      assertThat(ms)
          .as("attempt %d", attempt)
          .isGreaterThanOrEqualTo(full[attempt - 1] / 2)
          .isLessThan(full[attempt - 1]);
    }
  }

  @Test
  void otherBaseAndCap() {
    assertThat(Backoff.delay(1, 100, 1000, null, () -> 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(Backoff.delay(4, 100, 1000, null, () -> 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(Backoff.delay(5, 100, 1000, null, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
    // never zero: at least 1 ms
    assertThat(Backoff.delay(1, 1, 1, null, () -> 0.0)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void retryAfterIsAFloorNotACeiling() {
    // Retry-After longer than the backoff: it wins
    assertThat(Backoff.delay(1, BASE, CAP, Duration.ofSeconds(30), () -> 0.0))
        .isEqualTo(Duration.ofSeconds(30));
    // Retry-After longer than even the cap: still honoured
    assertThat(Backoff.delay(20, BASE, CAP, Duration.ofHours(1), () -> 0.99))
        .isEqualTo(Duration.ofHours(1));
    // Retry-After shorter than the backoff: the backoff stands
    assertThat(Backoff.delay(3, BASE, CAP, Duration.ofSeconds(1), () -> 0.0))
        .isEqualTo(Duration.ofMillis(4000));
    // Retry-After: 0 does not make it immediate
    assertThat(Backoff.delay(2, BASE, CAP, Duration.ZERO, () -> 0.0))
        .isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void retryAfterInSeconds() {
    Instant now = Instant.parse("2026-11-27T02:00:00Z");
    assertThat(Backoff.retryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(Backoff.retryAfter("0", now)).contains(Duration.ZERO);
    assertThat(Backoff.retryAfter(" 7 ", now)).contains(Duration.ofSeconds(7));
    assertThat(Backoff.retryAfter("86400", now)).contains(Duration.ofDays(1));
  }

  @Test
  void retryAfterAsHttpDate() {
    Instant now = Instant.parse("2015-10-21T07:27:00Z");
    assertThat(Backoff.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now))
        .contains(Duration.ofSeconds(60));
    assertThat(Backoff.retryAfter("Thu, 22 Oct 2015 07:27:00 GMT", now))
        .contains(Duration.ofDays(1));
    // a date already past: retry as soon as the backoff allows, not a negative delay
    assertThat(Backoff.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).contains(Duration.ZERO);
  }

  @Test
  void retryAfterAbsentOrUnreadableIsEmpty() {
    Instant now = Instant.parse("2026-11-27T02:00:00Z");
    assertThat(Backoff.retryAfter(null, now)).isEqualTo(Optional.empty());
    assertThat(Backoff.retryAfter("", now)).isEmpty();
    assertThat(Backoff.retryAfter("   ", now)).isEmpty();
    assertThat(Backoff.retryAfter("-5", now)).isEmpty();
    assertThat(Backoff.retryAfter("1.5", now)).isEmpty();
    assertThat(Backoff.retryAfter("soon", now)).isEmpty();
    assertThat(Backoff.retryAfter("2026-11-27T02:01:00Z", now)).isEmpty();
    assertThat(Backoff.retryAfter("99999999999999999999", now)).isEmpty();
  }
}
