package io.vigia.jobs.notify;

import io.vigia.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook (the JSON body of {@link Payloads#webhook}, signed) and Slack's incoming webhook
 * (a Block Kit message), over the JDK's HttpClient. Every request carries X-Vigia-Delivery: KEY; the
 * webhook also X-Vigia-Signature: sha256=HEX, the HMAC-SHA-256 of the raw body under the shared
 * secret (as GitHub signs its webhooks). 2xx is sent; 429 and 5xx, timeouts and connection errors are
 * retried (429's Retry-After honoured); any other status is permanent. No redirect is followed.
 */
final class HttpChannel implements Channel {
  static final String DELIVERY_HEADER = "X-Vigia-Delivery";
  static final String SIGNATURE_HEADER = "X-Vigia-Signature";

  private final String name;
  private final URI uri;
  private final byte[] secret;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  private HttpChannel(
      String name, String url, String secret, HttpClient client, Duration timeout, Clock clock) {
    this.name = name;
    this.uri = URI.create(url);
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.client = client;
    this.timeout = timeout;
    this.clock = clock;
  }

  static HttpChannel webhook(
      String url, String secret, HttpClient client, Duration timeout, Clock clock) {
    return new HttpChannel("webhook", url, secret, client, timeout, clock);
  }

  static HttpChannel slack(String url, HttpClient client, Duration timeout, Clock clock) {
    return new HttpChannel("slack", url, null, client, timeout, clock);
  }

  static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Outcome send(Notification.Delivery d) throws InterruptedException {
    byte[] body = Json.write(secret != null ? Payloads.webhook(d) : Payloads.slack(d))
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "vigia-notify/1")
        .header(DELIVERY_HEADER, d.key())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      b.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
    }
    HttpResponse<Void> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      return Outcome.retry(
          "timeout (" + e.getClass().getSimpleName() + ", " + timeout.toMillis() + " ms)", null);
    } catch (IOException e) {
      return Outcome.retry("connection error (" + e.getClass().getSimpleName() + ")", null);
    }
    int code = r.statusCode();
    if (code >= 200 && code < 300) {
      return Outcome.sent();
    }
    if (code == 429) {
      String ra = r.headers().firstValue("Retry-After").orElse(null);
      Duration wait = Backoff.retryAfter(ra, clock.instant()).orElse(null);
      return Outcome.retry(
          "HTTP 429" + (wait == null ? "" : " (Retry-After " + wait.toMillis() / 1000.0 + " s)"),
          wait);
    }
    if (code >= 500) {
      return Outcome.retry("HTTP " + code, null);
    }
    return Outcome.permanent(
        "HTTP " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : ""));
  }

  /** Lower-case hex HMAC-SHA-256 of body under key. */
  static String sign(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
