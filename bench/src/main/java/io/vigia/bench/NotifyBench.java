package io.vigia.bench;

import com.sun.net.httpserver.HttpServer;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.notify.NotifyJob;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The notify job against a local webhook (the JDK's HttpServer answering 200): (1) latency from a
 * breach's commit (its outbox row's created_at) to receipt by the webhook when notify runs right after,
 * in this JVM and as a separate `vigia notify` process (what an Airflow task does: the JVM start is in
 * it); (2) the fixed cost of a `vigia notify` process with nothing to send; (3) throughput, rows/s,
 * delivering --rows pending notifications.
 */
@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    description = "Latency commit -> webhook receipt and delivery throughput of the notify job")
public final class NotifyBench implements Callable<Integer> {
  @Option(
      names = "--rows",
      description = "pending notifications for the throughput run (default: ${DEFAULT-VALUE})")
  int rows = 10_000;

  @Option(
      names = "--samples",
      description = "latency samples in this JVM (default: ${DEFAULT-VALUE})")
  int samples = 5;

  @Mixin
  WorkDir workDir;

  private final Map<String, Instant> received = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new NotifyBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", x -> {
      x.getRequestBody().readAllBytes();
      received.putIfAbsent(x.getRequestHeaders().getFirst("X-Vigia-Delivery"), Instant.now());
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    Map<String, String> env = Map.of(
        "VIGIA_NOTIFY_WEBHOOK_URL",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
        "VIGIA_NOTIFY_WEBHOOK_SECRET",
        "bench-secret");
    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("vigia.jdbc.url", db.url());
      m.put("vigia.jdbc.user", db.user());
      Settings s = Settings.load(Optional.empty(), env, Map.of()).with(m);

      run(s, db); // warm up the JVM's HTTP and JDBC paths
      List<Long> inJvm = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        String key = "lat-" + i;
        Instant created = enqueue(db, key, 1);
        run(s, db);
        inJvm.add(Duration.between(created, received.get(key)).toMillis());
      }
      System.out.printf(
          "latency commit -> webhook receipt, notify in this JVM right after: %s ms (median %d ms)%n",
          inJvm, inJvm.stream().sorted().toList().get(inJvm.size() / 2));

      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m",
          "-cp",
          System.getProperty("java.class.path"),
          "io.vigia.cli.Main",
          "-S",
          "vigia.jdbc.url=" + db.url(),
          "-S",
          "vigia.jdbc.user=" + db.user(),
          "notify"));
      long t0 = System.nanoTime();
      child(cmd, env, work);
      System.out.printf(
          "fixed cost of a `vigia notify` process with nothing to send (JVM start, settings, schema "
              + "check, lock, ledger; no Spark): %.2f s%n",
          (System.nanoTime() - t0) / 1e9);
      Instant created = enqueue(db, "lat-process", 1);
      child(cmd, env, work);
      System.out.printf(
          "latency commit -> webhook receipt, `vigia notify` process started right after: %d ms%n",
          Duration.between(created, received.get("lat-process")).toMillis());

      enqueue(db, "bulk-", rows);
      long t1 = System.nanoTime();
      JobResult r = run(s, db);
      double secs = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          "throughput: %d notifications delivered in %.2f s = %.0f rows/s (concurrency %d, batch %d; "
              + "sent=%d)%n",
          rows,
          secs,
          rows / secs,
          s.notifications().concurrency(),
          s.notifications().batchSize(),
          r.recordsOk());
    } finally {
      server.stop(0);
    }
    return 0;
  }

  private static JobResult run(Settings s, Database db) throws Exception {
    Instant now = Instant.now();
    return JobRunner.run(
        new NotifyJob(),
        null,
        s,
        db,
        new Window(now.minus(Duration.ofDays(1)), now.plusSeconds(60)),
        Optional.empty(),
        Clock.systemUTC());
  }

  private static void child(List<String> cmd, Map<String, String> env, Path work) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("notify.log").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("vigia notify failed; see " + work.resolve("notify.log"));
    }
  }

  /** n critical notifications committed in one transaction (key, or key + i when n > 1); their created_at. */
  private static Instant enqueue(Database db, String key, int n) throws Exception {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO notification_outbox (key, tenant_id, kind, severity, "
              + "title, body, source_table, source_id, occurred_at) VALUES (?, 't1', 'budget_threshold', 'critical', "
              + "'budget at 95 %', 'bench', 'cost_alerts', ?, ?)")) {
        for (int i = 0; i < n; i++) {
          String k = n == 1 ? key : key + i;
          ps.setString(1, k);
          ps.setString(2, k);
          ps.setTimestamp(3, Timestamp.from(Instant.now()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      try (PreparedStatement ps =
              c.prepareStatement("SELECT max(created_at) FROM notification_outbox");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    }
  }
}
