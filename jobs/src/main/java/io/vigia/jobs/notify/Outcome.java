package io.vigia.jobs.notify;

import java.time.Duration;

/**
 * What one send attempt came to: sent; a failure worth retrying (5xx, 429, timeout, connection error),
 * with the receiver's Retry-After when it gave one; or a permanent failure (a 4xx other than 429). The
 * error is vigia's own short text (status code or error class), never a response body or a URL.
 */
record Outcome(Kind kind, String error, Duration retryAfter) {
  enum Kind {
    SENT,
    RETRY,
    PERMANENT
  }

  static Outcome sent() {
    return new Outcome(Kind.SENT, null, null);
  }

  static Outcome retry(String error, Duration retryAfter) {
    return new Outcome(Kind.RETRY, error, retryAfter);
  }

  static Outcome permanent(String error) {
    return new Outcome(Kind.PERMANENT, error, null);
  }
}
