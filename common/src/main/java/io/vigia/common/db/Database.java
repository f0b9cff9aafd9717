package io.vigia.common.db;

import io.vigia.common.settings.Settings;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where vigia's PostgreSQL is: the server named by vigia.jdbc.url (VIGIA_JDBC_URL), or the embedded
 * one started on demand. Serializable connection coordinates only; the password is never logged.
 */
public final class Database implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final String url;
  private final String user;
  private final String password;
  private transient EmbeddedPostgres embedded;

  public Database(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * {@link #open}, then {@link Migrations#requireCurrent}: what a command does before its work (a
   * schema with pending or failed migrations is refused before Spark starts). Closed again when refused.
   */
  public static Database openCurrent(Settings s) {
    Database db = open(s);
    try {
      Migrations.requireCurrent(db);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Connects to the configured server, or starts the embedded one when none is configured. */
  public static Database open(Settings s) {
    if (s.hasExternalDatabase()) {
      if (!s.jdbcUrl().startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "vigia.jdbc.url (VIGIA_JDBC_URL) must be a jdbc:postgresql: URL, got "
                + Settings.redactUrl(s.jdbcUrl()));
      }
      Database db = new Database(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
      LOG.info(
          "using PostgreSQL at {}{}",
          Settings.redactUrl(s.jdbcUrl()),
          s.jdbcUser().isEmpty() ? "" : " as " + s.jdbcUser());
      db.ping();
      return db;
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.start(Path.of(s.embeddedDir()), s.embeddedPort(), false);
      Database db = new Database(pg.jdbcUrl("vigia"), pg.user(), "");
      db.embedded = pg;
      LOG.info("no VIGIA_JDBC_URL set: using the embedded PostgreSQL at {}", db.url);
      return db;
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not start the embedded PostgreSQL (set VIGIA_JDBC_URL to use a server): "
              + e.getMessage(),
          e);
    }
  }

  /** A database over an already running embedded server (tests). */
  public static Database embedded(EmbeddedPostgres pg, String database) {
    return new Database(pg.jdbcUrl(database), pg.user(), "");
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** A unit of work on one connection, inside its transaction. */
  @FunctionalInterface
  public interface Transaction<T> {
    T apply(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a new connection: committed when it returns, rolled back
   * when it throws (the failure rethrown, a failed rollback added to it as suppressed).
   */
  public <T> T inTransaction(Transaction<T> work) throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T out = work.apply(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException lost) {
          // the connection is gone: PostgreSQL rolls the open transaction back itself
          e.addSuppressed(lost);
        }
        throw e;
      }
    }
  }

  /** A new connection in UTC with autocommit on. */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    if (!user.isEmpty()) {
      p.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "vigia");
    Connection c = DriverManager.getConnection(url, p);
    try (Statement st = c.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
    }
    return c;
  }

  /** Options for Spark's JDBC source and sink. */
  public Map<String, String> sparkOptions() {
    Map<String, String> m = new HashMap<>();
    m.put("url", url);
    m.put("driver", "org.postgresql.Driver");
    if (!user.isEmpty()) {
      m.put("user", user);
    }
    if (!password.isEmpty()) {
      m.put("password", password);
    }
    // standard_conforming_strings: the string literals Spark compiles for pushed-down filters (''
    // for ')
    // must not read a backslash as an escape, whatever the server's default
    m.put("sessionInitStatement", "SET TIME ZONE 'UTC'; SET standard_conforming_strings = on");
    return m;
  }

  private void ping() {
    try (Connection c = connect()) {
      c.isValid(10);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to PostgreSQL at " + Settings.redactUrl(url)
              + " (check VIGIA_JDBC_URL / VIGIA_JDBC_USER / VIGIA_JDBC_PASSWORD): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Override
  public String toString() {
    return "Database{" + Settings.redactUrl(url) + "}";
  }
}
