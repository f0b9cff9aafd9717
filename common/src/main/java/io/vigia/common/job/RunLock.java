package io.vigia.common.job;

import io.vigia.common.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One run of a job at a time, across machines: a PostgreSQL session advisory lock keyed on the job
 * name, held on its own connection for the whole run. A second run refuses at once with a message
 * naming the run in progress. If the holder dies, PostgreSQL drops its session and the lock.
 */
public final class RunLock implements AutoCloseable {
  private final Connection conn;

  private RunLock(Connection conn) {
    this.conn = conn;
  }

  public static RunLock acquire(Database db, String job) throws SQLException {
    return acquire(db, job, java.util.Set.of());
  }

  /**
   * The job's lock and one lock per shared table it rewrites ({@link Job#exclusiveTables}), taken in
   * name order on one connection: two jobs that rewrite the same table never run at once (the second
   * is refused naming the table), so neither can re-write what the other just changed.
   */
  public static RunLock acquire(Database db, String job, java.util.Set<String> tables)
      throws SQLException {
    RunLock lock = acquireJob(db, job);
    try {
      for (String t : new java.util.TreeSet<>(tables)) {
        try (PreparedStatement ps =
            lock.conn.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
          ps.setString(1, "vigia-table:" + t);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
              throw new ConcurrentRunException(
                  "job '" + job + "' rewrites " + t + ", which another vigia job is "
                      + "rewriting now (see job_runs with status running); this run was refused so that the two cannot "
                      + "interleave. Retry when it has finished.");
            }
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
    return lock;
  }

  private static RunLock acquireJob(Database db, String job) throws SQLException {
    Connection c = db.connect();
    boolean ok;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
      ps.setString(1, key(job));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        ok = rs.getBoolean(1);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    if (!ok) {
      String holder = describeHolder(c, job);
      c.close();
      throw new ConcurrentRunException(
          "another run of job '" + job + "' is in progress" + holder
              + "; this run was refused so that the two cannot both write. Retry when it has finished.");
    }
    return new RunLock(c);
  }

  private static String describeHolder(Connection c, String job) {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT run_id, window_start, window_end, started_at, host "
            + "FROM job_runs WHERE job = ? AND status = 'running' ORDER BY started_at DESC LIMIT 1")) {
      ps.setString(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return " (run " + rs.getObject(1) + " for [" + rs.getTimestamp(2).toInstant() + ", "
              + rs.getTimestamp(3).toInstant() + ") started "
              + rs.getTimestamp(4).toInstant() + " on " + rs.getString(5) + ")";
        }
      }
    } catch (SQLException e) {
      // the ledger is informational here
    }
    return "";
  }

  static String key(String job) {
    return "vigia-run:" + job;
  }

  @Override
  public void close() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT pg_advisory_unlock_all()")) {
      ps.execute();
    } finally {
      conn.close();
    }
  }

  /** A second run of the same job was refused. */
  public static final class ConcurrentRunException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ConcurrentRunException(String m) {
      super(m);
    }
  }
}
