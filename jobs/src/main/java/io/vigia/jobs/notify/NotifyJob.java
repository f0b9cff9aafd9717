package io.vigia.jobs.notify;

import io.vigia.common.job.Faults;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.settings.NotifySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notification outbox (V14) to the configured channels (generic webhook, Slack, e-mail):
 * plans each notification's deliveries, gathers the low-severity ones of each finished day into one
 * digest per tenant and channel, then claims due deliveries (committed before sending), sends them, and
 * records the results, retrying with exponential backoff and jitter within the run while retries fall
 * due within vigia.notify.run-retry-seconds. At least once under the idempotency key: a run killed
 * between sending and recording leaves claims the next run sends again under the same key.
 *
 * <p>A window [from, to) delivers every notification created before {@code to} (also older ones still
 * pending: nothing is stranded) and the digests of the days ending by {@code to}. No Spark.
 */
public final class NotifyJob implements Job {
  public static final String NAME = "notify";
  static final String FAILED_KIND = "notification_failed";
  private static final Logger LOG = LoggerFactory.getLogger(NotifyJob.class);
  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "deliver pending notifications (webhook, Slack, e-mail; daily digests), at least once under their key";
  }

  @Override
  public boolean acceptsTenant() {
    return false;
  }

  @Override
  public boolean usesSpark() {
    return false;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.directWrites(
        "notification_deliveries: each delivery is claimed (attempt recorded) in a "
            + "commit before it is sent and its result recorded after; the next run re-sends a killed run's claims under "
            + "the same idempotency key",
        "notification_outbox: a notification_failed row per dead-lettered delivery "
            + "(key derived from the dead one's: raised once)");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    NotifySettings ns = ctx.settings().notifications();
    List<Channel> channels = channels(ctx, ns);
    if (channels.isEmpty()) {
      String m =
          "no channel configured (VIGIA_NOTIFY_WEBHOOK_URL, VIGIA_NOTIFY_SLACK_URL, VIGIA_NOTIFY_SMTP_HOST): "
              + "notifications wait in the outbox";
      LOG.warn("{}: {}", NAME, m);
      return JobResult.of(0, 0, 0, Map.of(), m);
    }
    Map<String, Channel> byName = new LinkedHashMap<>();
    channels.forEach(c -> byName.put(c.name(), c));
    Deliveries store = new Deliveries(ctx.db(), ctx.runId());
    Instant start = ctx.clock().instant();
    Instant to = ctx.window().end().isBefore(start) ? ctx.window().end() : start;
    int recovered = store.recoverInterrupted(start);
    if (recovered > 0) {
      LOG.warn(
          "{}: {} deliveries claimed by a run that ended before recording them go again under the same key",
          NAME,
          recovered);
    }
    long planned = store.plan(new ArrayList<>(byName.keySet()), ns.minSeverity(), to, start);
    LocalDate lastFullDay = LocalDate.ofInstant(to, ZoneOffset.UTC).minusDays(1);
    long digests = store.buildDigests(lastFullDay, start);
    Instant retryUntil = start.plusSeconds(ns.runRetrySeconds());
    Duration lease = Duration.ofMinutes(10)
        .plusMillis((ns.requestTimeoutMs() + ns.connectTimeoutMs())
            * ((ns.batchSize() + ns.concurrency() - 1) / ns.concurrency()));
    long sent = 0;
    long retried = 0;
    long dead = 0;
    ExecutorService pool = Executors.newFixedThreadPool(ns.concurrency(), r -> {
      Thread t = new Thread(r, "vigia-notify");
      t.setDaemon(true);
      return t;
    });
    try {
      while (true) {
        Instant now = ctx.clock().instant();
        // what was due when the run started goes in any case; what falls due later, only within the
        // retry window
        Instant dueBy = now.isAfter(retryUntil) ? start : now;
        List<Notification.Delivery> batch =
            store.claim(ns.batchSize(), dueBy, now, now.plus(lease), ns.digestMaxItems());
        if (batch.isEmpty()) {
          var next = store.nextRetry();
          if (next.isEmpty() || next.get().isAfter(retryUntil)) {
            break;
          }
          long waitMs = Duration.between(ctx.clock().instant(), next.get()).toMillis();
          if (waitMs > 0) {
            Thread.sleep(Math.min(waitMs, 1000));
          }
          continue;
        }
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Notification.Delivery d : batch) {
          Channel ch = byName.get(d.channel());
          futures.add(pool.submit(() -> ch == null
              ? Outcome.retry("channel " + d.channel() + " is not configured in this run", null)
              : ch.send(d)));
        }
        List<Deliveries.Result> results = new ArrayList<>();
        Instant done = ctx.clock().instant();
        for (int i = 0; i < batch.size(); i++) {
          Notification.Delivery d = batch.get(i);
          Outcome o = futures.get(i).get();
          o = new Outcome(
              o.kind(), o.error() == null ? null : redact(o.error(), ns), o.retryAfter());
          Instant retryAt = o.kind() == Outcome.Kind.RETRY
              ? done.plus(Backoff.delay(
                  d.attempts(),
                  ns.backoffBaseMs(),
                  ns.backoffCapMs(),
                  o.retryAfter(),
                  ThreadLocalRandom.current()::nextDouble))
              : null;
          results.add(new Deliveries.Result(d, o, retryAt));
          switch (o.kind()) {
            case SENT -> sent++;
            case RETRY -> {
              if (d.attempts() >= ns.maxAttempts()) {
                dead++;
              } else {
                retried++;
              }
            }
            case PERMANENT -> dead++;
          }
          if (o.kind() != Outcome.Kind.SENT) {
            LOG.warn(
                "{}: delivery {} ({} {} to {}, attempt {}) failed: {}",
                NAME,
                d.id(),
                d.kind(),
                d.key(),
                d.channel(),
                d.attempts(),
                o.error());
          }
        }
        if (results.stream().anyMatch(r -> r.outcome().kind() == Outcome.Kind.SENT)) {
          Faults.haltIfRequested(ctx.settings(), Faults.NOTIFY_SENT);
        }
        store.record(results, ctx.clock().instant(), ns.maxAttempts());
        if (results.stream().anyMatch(r -> r.outcome().kind() != Outcome.Kind.SENT)) {
          planned += store.plan(
              new ArrayList<>(byName.keySet()),
              ns.minSeverity(),
              ctx.clock().instant(),
              ctx.clock().instant());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> status = store.countByStatus();
    long deadTotal = status.getOrDefault("dead", 0L);
    if (deadTotal > 0) {
      LOG.warn(
          "{}: {} dead-lettered deliveries in total (view notification_dead_letters)",
          NAME,
          deadTotal);
    }
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("sent", sent);
    outputs.put("retrying", retried);
    outputs.put("dead", dead);
    outputs.put("planned", planned);
    outputs.put("digests", digests);
    outputs.put("recovered", (long) recovered);
    String msg = "channels " + byName.keySet() + "; waiting: " + status.getOrDefault("failed", 0L)
        + " to retry, " + status.getOrDefault("queued", 0L) + " for a digest; dead letters: "
        + deadTotal;
    return JobResult.of(sent + retried + dead, sent, retried + dead, outputs, msg);
  }

  private static List<Channel> channels(JobContext ctx, NotifySettings ns) {
    List<Channel> out = new ArrayList<>();
    if (ns.webhook() || ns.slack()) {
      var client = HttpChannel.client(Duration.ofMillis(ns.connectTimeoutMs()));
      Duration timeout = Duration.ofMillis(ns.requestTimeoutMs());
      if (ns.webhook()) {
        out.add(
            HttpChannel.webhook(ns.webhookUrl(), ns.webhookSecret(), client, timeout, ctx.clock()));
      }
      if (ns.slack()) {
        out.add(HttpChannel.slack(ns.slackUrl(), client, timeout, ctx.clock()));
      }
    }
    if (ns.email()) {
      out.add(new EmailChannel(ns));
    }
    return out;
  }

  /** An error text with every configured secret and any URL blanked (last_error, logs). */
  static String redact(String text, NotifySettings ns) {
    String t = text;
    for (String s : ns.secrets()) {
      t = t.replace(s, "***");
    }
    t = URL.matcher(t).replaceAll("<url>");
    return t.length() > 500 ? t.substring(0, 500) : t;
  }
}
