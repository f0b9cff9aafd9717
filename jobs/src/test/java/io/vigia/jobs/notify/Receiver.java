package io.vigia.jobs.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real local HTTP receiver (the JDK's HttpServer) standing in for a webhook endpoint (/hook) and a
 * Slack incoming webhook (/slack): checks each webhook's X-Vigia-Signature against the shared secret,
 * records every request, and answers as scripted per idempotency key (a status, 429 with Retry-After,
 * or HANG: no answer within the client's timeout), 200 otherwise.
 */
final class Receiver implements AutoCloseable {
  static final int HANG = -1;

  /** One request as received. */
  record Got(String path, String key, String body, boolean signatureOk, Instant at, int answered) {}

  private final HttpServer server;
  private final byte[] secret;
  private final List<Got> got = new ArrayList<>();
  private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
  volatile String retryAfter = "1";

  Receiver(String secret) throws IOException {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next answers to requests to paths under {@code path} carrying this key (then 200). */
  void answer(String path, String key, Integer... codes) {
    script.put(path + " " + key, new ArrayDeque<>(List.of(codes)));
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    String key = x.getRequestHeaders().getFirst("X-Vigia-Delivery");
    String sig = x.getRequestHeaders().getFirst("X-Vigia-Signature");
    boolean ok = sig != null && sig.equals("sha256=" + HttpChannel.sign(secret, body));
    String path = x.getRequestURI().getPath();
    Deque<Integer> q = key == null
        ? null
        : script.entrySet().stream()
            .filter(e -> path.startsWith(e.getKey().substring(0, e.getKey().indexOf(' ')))
                && e.getKey().endsWith(" " + key))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    Integer code = q == null ? null : q.poll();
    int answer = code == null ? 200 : code;
    synchronized (got) {
      got.add(
          new Got(path, key, new String(body, StandardCharsets.UTF_8), ok, Instant.now(), answer));
    }
    if (answer == HANG) {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer = 200;
    }
    if (answer == 429) {
      x.getResponseHeaders().add("Retry-After", retryAfter);
    }
    x.sendResponseHeaders(answer, -1);
    x.close();
  }

  List<Got> got(String path) {
    synchronized (got) {
      return got.stream().filter(g -> g.path().startsWith(path)).toList();
    }
  }

  List<String> keys(String path) {
    return got(path).stream().map(Got::key).toList();
  }

  /** What a receiver that de-duplicates on the key keeps: each key once, among the answered-200 requests. */
  Set<String> deduplicated(String path) {
    Set<String> s = new LinkedHashSet<>();
    for (Got g : got(path)) {
      if (g.answered() == 200) {
        s.add(g.key());
      }
    }
    return s;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
